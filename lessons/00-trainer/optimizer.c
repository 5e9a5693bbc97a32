/* optimizer.c -- the table of optimizers; see optimizer.h. Each adapter
 * below passes the hyperparameters its lesson's kernel takes. */
#include "optimizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lessons.h"

static void sgd(const struct hyperparameters *h, float *w, const float *g,
                float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)h, (void)state, (void)t;
    gd_step(w, g, n, lr);
}

static void momentum(const struct hyperparameters *h, float *w, const float *g,
                     float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)t;
    momentum_step(w, g, state[0], n, lr, h->momentum);
}

static void nesterov(const struct hyperparameters *h, float *w, const float *g,
                     float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)t;
    nesterov_step(w, g, state[0], n, lr, h->momentum);
}

static void adagrad(const struct hyperparameters *h, float *w, const float *g,
                    float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)t;
    adagrad_step(w, g, state[0], n, lr, h->eps);
}

static void rmsprop(const struct hyperparameters *h, float *w, const float *g,
                    float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)t;
    rmsprop_step(w, g, state[0], n, lr, h->alpha, h->eps);
}

static void adadelta(const struct hyperparameters *h, float *w, const float *g,
                     float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)t;
    adadelta_step(w, g, state[0], state[1], n, lr, h->rho, h->eps);
}

static void adam(const struct hyperparameters *h, float *w, const float *g,
                 float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    adam_step(w, g, state[0], state[1], n, lr, h->beta1, h->beta2, h->eps, t);
}

static void adam_l2(const struct hyperparameters *h, float *w, const float *g,
                    float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    adam_l2_step(w, g, state[0], state[1], n, lr, h->beta1, h->beta2, h->eps, h->weight_decay, t);
}

static void adamw(const struct hyperparameters *h, float *w, const float *g,
                  float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    adamw_step(w, g, state[0], state[1], n, lr, h->beta1, h->beta2, h->eps, h->weight_decay, t);
}

static void amsgrad(const struct hyperparameters *h, float *w, const float *g,
                    float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    amsgrad_step(w, g, state[0], state[1], state[2], n, lr, h->beta1, h->beta2, h->eps, t);
}

/* Nadam keeps one number besides its arrays: the product of the momentum
 * coefficients mu_1 ... mu_(t-1), with mu_i = beta1 (1 - 0.5 * 0.96^(i psi)).
 * It is recomputed here from t rather than stored, so checkpoints need
 * nothing new; this gives the same bits as keeping it, and once it falls
 * below 1e-30 it no longer changes 1 - product in double. */
static void nadam(const struct hyperparameters *h, float *w, const float *g,
                  float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    double product = 1.0;
    for (long i = 1; i < t && product > 1e-30; i++)
        product *= h->beta1 * (1.0 - 0.5 * pow(0.96, (double)i * h->momentum_decay));
    nadam_step(w, g, state[0], state[1], &product, n, lr, h->beta1, h->beta2, h->eps,
               h->momentum_decay, t);
}

static void adamax(const struct hyperparameters *h, float *w, const float *g,
                   float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    adamax_step(w, g, state[0], state[1], n, lr, h->beta1, h->beta2, h->eps, t);
}

/* Defaults: PyTorch's where it has one (momentum 0.9 is the common choice,
 * not a PyTorch default); learning rates that train the course's models. */
static const struct optimizer_kind kinds[] = {
    {"sgd", "01-gradient-descent", "plain gradient descent: w -= lr*g", 0,
     {.lr = 0.1f}, sgd},
    {"momentum", "04-momentum", "heavy ball: b = mu*b + g; w -= lr*b", 1,
     {.lr = 0.05f, .momentum = 0.9f}, momentum},
    {"nesterov", "05-nesterov", "look-ahead momentum: w -= lr*(g + mu*b)", 1,
     {.lr = 0.05f, .momentum = 0.9f}, nesterov},
    {"adagrad", "06-adagrad", "per-parameter rates from the sum of squared gradients", 1,
     {.lr = 0.05f, .eps = 1e-10f}, adagrad},
    {"rmsprop", "07-rmsprop", "per-parameter rates from a moving average of g^2", 1,
     {.lr = 0.001f, .alpha = 0.99f, .eps = 1e-8f}, rmsprop},
    {"adadelta", "07-rmsprop", "RMSProp with the units fixed: no learning rate needed", 2,
     {.lr = 1.0f, .rho = 0.9f, .eps = 1e-6f}, adadelta},
    {"adam", "08-adam", "momentum + RMSProp with bias correction", 2,
     {.lr = 0.001f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f}, adam},
    {"adam-l2", "11-weight-decay", "Adam with L2 regularisation added to the gradient", 2,
     {.lr = 0.001f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .weight_decay = 0.01f},
     adam_l2},
    {"adamw", "11-weight-decay", "Adam with decoupled weight decay", 2,
     {.lr = 0.001f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .weight_decay = 0.01f},
     adamw},
    {"amsgrad", "12-adam-variants", "Adam whose denominator never shrinks", 3,
     {.lr = 0.001f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f}, amsgrad},
    {"nadam", "12-adam-variants", "Adam with Nesterov momentum", 2,
     {.lr = 0.002f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f, .momentum_decay = 0.004f},
     nadam},
    {"adamax", "12-adam-variants", "Adam with the infinity norm", 2,
     {.lr = 0.002f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f}, adamax},
};
static const size_t kind_count = sizeof kinds / sizeof kinds[0];

const struct optimizer_kind *optimizer_find(const char *name)
{
    for (size_t i = 0; i < kind_count; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

const struct optimizer_kind *const *optimizer_list(size_t *count)
{
    static const struct optimizer_kind *list[sizeof kinds / sizeof kinds[0]];
    for (size_t i = 0; i < kind_count; i++)
        list[i] = &kinds[i];
    *count = kind_count;
    return list;
}

int optimizer_create(struct optimizer *opt, const struct optimizer_kind *kind,
                     const struct hyperparameters *hyper, size_t n, struct error *err)
{
    memset(opt, 0, sizeof *opt);
    opt->kind = kind;
    opt->hyper = *hyper;
    opt->n = n;
    for (size_t s = 0; s < kind->state_count; s++) {
        opt->state[s] = calloc(n > 0 ? n : 1, sizeof(float));
        if (opt->state[s] == NULL) {
            optimizer_free(opt);
            return error_set(err, "%s: out of memory for %zu state values", kind->name, n);
        }
    }
    return 0;
}

void optimizer_free(struct optimizer *opt)
{
    for (size_t s = 0; s < OPTIMIZER_MAX_STATE; s++)
        free(opt->state[s]);
    memset(opt, 0, sizeof *opt);
}

void optimizer_step(struct optimizer *opt, float *w, const float *g, float lr)
{
    opt->t++;
    opt->kind->step(&opt->hyper, w, g, opt->state, opt->n, lr, opt->t);
}
