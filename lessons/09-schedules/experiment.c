/* experiment.c -- lesson 09's experiments (given code: read it, run it).
 *
 *   make run LESSON=9                  with your schedules.c
 *
 * Part 1, "The experiment: the schedules drawn": every kind of schedule
 * over 1000 steps, on a linear and a logarithmic axis.
 * Part 2, "The experiment: AdaGrad with decay in the valley": AdaGrad on
 * the valley f = 0.1 w0^2 + 2 w1^2 with noisy gradients, at a constant rate
 * and under two decay schedules.
 * Part 3, "The experiment: Adam with and without warmup": Adam with a large
 * rate on a small logistic regression, with and without a linear warmup.
 * Part 4, "The experiment: schedules on the digits": the course's MLP
 * trained on the 8000 training digits for 6 epochs by SGD with momentum,
 * at a constant rate and under three schedules; test accuracy and loss
 * after every epoch.
 *
 * AdaGrad, Adam, momentum and the shuffle are written out below as small
 * given functions, so that this lesson runs whether or not lessons 02, 04,
 * 06 and 08 are done; the rates come from your schedule_lr.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "idx.h"
#include "lessons.h"
#include "model.h"
#include "rng.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks a schedule with schedule_validate, or prints the reason. */
static int check_schedule(const struct schedule *s, const char *label)
{
    struct error err;
    if (schedule_validate(s, &err) != 0) {
        fprintf(stderr, "experiment: %s: %s\n", label, err.message);
        return -1;
    }
    return 0;
}

/* ---- Part 1: the schedules drawn ------------------------------------------ */

enum { DRAWN_STEPS = 1000 };

struct named_schedule {
    const char *label;
    struct schedule schedule;
};

/* Every kind with base_lr = 0.1 (the Transformer's peak is 0.1 too:
 * 1 * 1^-0.5 * 100^-0.5), over 1000 steps. */
static const struct named_schedule drawn[] = {
    {"constant", {SCHEDULE_CONSTANT, .base_lr = 0.1}},
    {"step x0.5 every 250", {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5, .step_size = 250}},
    {"exponential 0.997", {SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 0.997}},
    {"inverse time 0.01", {SCHEDULE_INVERSE_TIME, .base_lr = 0.1, .gamma = 0.01}},
    {"cosine to 0.001", {SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 1000,
                         .min_lr = 0.001}},
    {"warmup 100 + cosine", {SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 100,
                               .total_steps = 1000, .min_lr = 0.001}},
    {"inverse sqrt, W 100", {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 100,
                                   .d_model = 1.0}},
};
enum { DRAWN_COUNT = sizeof drawn / sizeof drawn[0] };

static int draw_the_schedules(const char *folder)
{
    static double steps[DRAWN_STEPS], rates[DRAWN_COUNT][DRAWN_STEPS];
    struct svg_series series[DRAWN_COUNT];
    const long shown[] = {0, 1, 99, 100, 250, 500, 999};
    const size_t shown_count = sizeof shown / sizeof shown[0];

    printf("Part 1: the schedules, lr at some steps (steps count from 0)\n");
    printf("  %-20s", "schedule");
    for (size_t i = 0; i < shown_count; i++)
        printf(" %8ld", shown[i]);
    printf("\n");
    for (size_t k = 0; k < DRAWN_COUNT; k++) {
        if (check_schedule(&drawn[k].schedule, drawn[k].label) != 0)
            return -1;
        for (long t = 0; t < DRAWN_STEPS; t++) {
            steps[t] = (double)t;
            rates[k][t] = schedule_lr(&drawn[k].schedule, t);
        }
        printf("  %-20s", drawn[k].label);
        for (size_t i = 0; i < shown_count; i++)
            printf(" %8.6f", rates[k][shown[i]]);
        printf("\n");
        series[k] = (struct svg_series){drawn[k].label, steps, rates[k], DRAWN_STEPS};
    }
    /* The plain warmup is left out of the charts: it is the first 100 steps
     * of "warmup + cosine" followed by the constant line. */
    struct line_chart chart = {
        .title = "Learning-rate schedules, base_lr = 0.1",
        .x_label = "step t", .y_label = "lr", .series = series, .series_count = DRAWN_COUNT,
    };
    if (figure_line_chart(folder, "schedules.svg", &chart) != 0)
        return -1;
    chart.title = "The same schedules, logarithmic rate axis";
    chart.y_label = "lr (log scale)";
    chart.log_y = 1;
    if (figure_line_chart(folder, "schedules-log.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 2: AdaGrad with decay in the valley --------------------------------- */

enum { VALLEY_STEPS = 1000, VALLEY_SEEDS = 20, LAST = 100 };
static const double ADAGRAD_LR = 2.0;   /* the base rate of every run */
static const double NOISE = 1.0;        /* standard deviation of the gradient noise */

/* AdaGrad, PyTorch's form (lesson 06; "given_" keeps it apart from your
 * adagrad_step):  s += g*g;  w -= lr * g / (sqrt(s) + eps). */
static void given_adagrad_step(float w[2], const float g[2], float s[2], float lr)
{
    const float eps = 1e-10f;
    for (int i = 0; i < 2; i++) {
        s[i] += g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
    }
}

/* One run from the valley's start: the gradient of f plus Gaussian noise of
 * standard deviation `noise` in each coordinate (what a mini-batch gives),
 * at the rates of schedule. Records f after every step, and the path. */
static void adagrad_run(const struct schedule *schedule, double noise, uint64_t seed,
                        double *path_x, double *path_y, double *loss)
{
    struct rng rng;
    rng_seed(&rng, seed, 9);
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float s[2] = {0.0f, 0.0f};
    for (long t = 0; t < VALLEY_STEPS; t++) {
        if (path_x != NULL) {
            path_x[t] = w[0];
            path_y[t] = w[1];
        }
        double exact[2];
        surface_valley.gradient(w[0], w[1], exact);
        float g[2] = {(float)(exact[0] + noise * rng_normal(&rng)),
                      (float)(exact[1] + noise * rng_normal(&rng))};
        given_adagrad_step(w, g, s, (float)schedule_lr(schedule, t));
        loss[t] = surface_valley.value(w[0], w[1]);
    }
    if (path_x != NULL) {
        path_x[VALLEY_STEPS] = w[0];
        path_y[VALLEY_STEPS] = w[1];
    }
}

/* The mean of f over the last LAST steps: one number for where a noisy run
 * has settled. */
static double settled_loss(const double *loss)
{
    double sum = 0.0;
    for (long t = VALLEY_STEPS - LAST; t < VALLEY_STEPS; t++)
        sum += loss[t];
    return sum / LAST;
}

static double valley_value(double x, double y, const void *context)
{
    (void)context;
    return surface_valley.value(x, y);
}

static int adagrad_in_the_valley(const char *folder)
{
    const struct named_schedule runs[] = {
        {"constant lr = 2", {SCHEDULE_CONSTANT, .base_lr = ADAGRAD_LR}},
        {"step x0.5 every 200", {SCHEDULE_STEP, .base_lr = ADAGRAD_LR, .gamma = 0.5,
                                         .step_size = 200}},
        {"cosine 2 to 0", {SCHEDULE_COSINE, .base_lr = ADAGRAD_LR,
                                .total_steps = VALLEY_STEPS, .min_lr = 0.0}},
    };
    enum { RUNS = sizeof runs / sizeof runs[0] };
    static double path_x[RUNS][VALLEY_STEPS + 1], path_y[RUNS][VALLEY_STEPS + 1];
    static double loss[RUNS][VALLEY_STEPS], steps[VALLEY_STEPS], scratch[VALLEY_STEPS];

    printf("Part 2: AdaGrad (lr = 2) on the valley f = 0.1 w0^2 + 2 w1^2 from (-10, 1),\n"
           "        %d steps, gradient noise of standard deviation %g\n", VALLEY_STEPS, NOISE);
    printf("  %-20s %12s %12s %14s %16s\n", "schedule", "f(step 200)", "f(step 1000)",
           "mean f, last", "mean over seeds");
    printf("  %-20s %12s %12s %14s %16s\n", "", "", "", "100 steps", "(20 seeds)");
    for (size_t r = 0; r < RUNS; r++) {
        if (check_schedule(&runs[r].schedule, runs[r].label) != 0)
            return -1;
        adagrad_run(&runs[r].schedule, NOISE, 1, path_x[r], path_y[r], loss[r]);
        double over_seeds = 0.0;
        for (uint64_t seed = 1; seed <= VALLEY_SEEDS; seed++) {
            adagrad_run(&runs[r].schedule, NOISE, seed, NULL, NULL, scratch);
            over_seeds += settled_loss(scratch) / VALLEY_SEEDS;
        }
        printf("  %-20s %12.3g %12.3g %14.3g %16.3g\n", runs[r].label, loss[r][199],
               loss[r][VALLEY_STEPS - 1], settled_loss(loss[r]), over_seeds);
    }
    /* The same runs without noise, for honesty: on the exact gradient a
     * constant rate is not the problem. */
    printf("  without noise (exact gradients), f after %d steps:\n   ", VALLEY_STEPS);
    for (size_t r = 0; r < RUNS; r++) {
        adagrad_run(&runs[r].schedule, 0.0, 1, NULL, NULL, scratch);
        printf(" %s: %.3g%s", r == 0 ? "constant" : r == 1 ? "step" : "cosine",
               scratch[VALLEY_STEPS - 1], r + 1 < RUNS ? ";" : "\n");
    }

    /* The figures: the last TAIL steps of each path, near the minimum, and
     * f averaged over a sliding window of SMOOTH steps (the raw f jumps by
     * orders of magnitude from step to step and hides the trend). */
    enum { TAIL = 300, SMOOTH = 50 };
    static double smoothed[RUNS][VALLEY_STEPS];
    struct svg_path paths[RUNS];
    struct svg_series series[RUNS];
    for (long t = 0; t < VALLEY_STEPS; t++)
        steps[t] = (double)(t + 1);
    for (size_t r = 0; r < RUNS; r++) {
        double window = 0.0;
        for (long t = 0; t < VALLEY_STEPS; t++) {
            window += loss[r][t] - (t >= SMOOTH ? loss[r][t - SMOOTH] : 0.0);
            smoothed[r][t] = window / (double)(t + 1 < SMOOTH ? t + 1 : SMOOTH);
        }
        const size_t first = VALLEY_STEPS + 1 - TAIL;
        paths[r] = (struct svg_path){runs[r].label, path_x[r] + first, path_y[r] + first, TAIL};
        series[r] = (struct svg_series){runs[r].label, steps, smoothed[r], VALLEY_STEPS};
    }
    /* The rings mark the window's first point, not the start at (-10, 1). */
    char window_start[64];
    snprintf(window_start, sizeof window_start, "w after step %d", VALLEY_STEPS + 1 - TAIL);
    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/adagrad-valley-paths.svg", folder);
    const struct contour_plot plot = {
        .title = "AdaGrad (lr = 2), noisy gradients: the last 300 of 1000 steps",
        .f = valley_value,
        .x_min = -1.5, .x_max = 1.5, .y_min = -0.5, .y_max = 0.5,
        .level_count = 12, .log_levels = 1,
        .paths = paths, .path_count = RUNS,
        .marker_x = surface_valley.minimum_x, .marker_y = surface_valley.minimum_y,
        .marker_label = "minimum (0, 0)",
        .start_label = window_start,
    };
    if (svg_write_contour_plot(path, &plot, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n", path);
    const struct line_chart chart = {
        .title = "AdaGrad in the noisy valley: f, mean over the last 50 steps",
        .x_label = "step t", .y_label = "f (log scale)", .log_y = 1,
        .series = series, .series_count = RUNS,
    };
    if (figure_line_chart(folder, "adagrad-valley-loss.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 3: Adam with and without warmup -------------------------------------- */

enum { FEATURES = 20, INFORMATIVE = 3, EXAMPLES = 1000, ADAM_STEPS = 200 };

/* A logistic-regression problem: x has 20 standard-normal features; only
 * the first three matter, through the true weights (1.5, -1, 0.5, 0, ...);
 * the label is 1 with probability sigmoid(w_true . x). */
struct logistic_data {
    float x[EXAMPLES][FEATURES];
    float y[EXAMPLES];
};

static void make_logistic_data(struct logistic_data *data)
{
    const double w_true[INFORMATIVE] = {1.5, -1.0, 0.5};
    struct rng rng;
    rng_seed(&rng, 2017, 9);
    for (size_t i = 0; i < EXAMPLES; i++) {
        double z = 0.0;
        for (size_t j = 0; j < FEATURES; j++) {
            data->x[i][j] = rng_normal(&rng);
            if (j < INFORMATIVE)
                z += w_true[j] * data->x[i][j];
        }
        data->y[i] = rng_uniform(&rng) < 1.0 / (1.0 + exp(-z)) ? 1.0f : 0.0f;
    }
}

/* The mean logistic loss (1/n) sum log(1 + e^z) - y z, z = w . x, and its
 * gradient (1/n) sum (sigmoid(z) - y) x, over the whole data set. */
static double logistic_loss(const struct logistic_data *data, const float *w, float *g)
{
    double loss = 0.0, gradient[FEATURES] = {0};
    for (size_t i = 0; i < EXAMPLES; i++) {
        double z = 0.0;
        for (size_t j = 0; j < FEATURES; j++)
            z += (double)w[j] * data->x[i][j];
        /* log(1 + e^z) without overflow for large |z|. */
        double softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
        loss += softplus - data->y[i] * z;
        double residual = 1.0 / (1.0 + exp(-z)) - data->y[i];
        for (size_t j = 0; j < FEATURES; j++)
            gradient[j] += residual * data->x[i][j];
    }
    if (g != NULL)
        for (size_t j = 0; j < FEATURES; j++)
            g[j] = (float)(gradient[j] / EXAMPLES);
    return loss / EXAMPLES;
}

/* Adam, PyTorch's form (lesson 08; "given_" keeps it apart from your adam_step),
 * t counted from 1:
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
 *   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). */
static void given_adam_step(float *w, const float *g, float *m, float *v, size_t n, float lr,
                            long t)
{
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    const double correction1 = 1.0 - pow(beta1, (double)t);
    const double correction2 = 1.0 - pow(beta2, (double)t);
    for (size_t i = 0; i < n; i++) {
        m[i] = (float)(beta1 * m[i] + (1.0 - beta1) * g[i]);
        v[i] = (float)(beta2 * v[i] + (1.0 - beta2) * (double)g[i] * g[i]);
        double m_hat = m[i] / correction1, v_hat = v[i] / correction2;
        w[i] -= (float)(lr * m_hat / (sqrt(v_hat) + eps));
    }
}

/* ADAM_STEPS full-batch steps of Adam from w = 0 at the rates of schedule;
 * loss[t] is the loss before step t (loss[0] = log 2). Returns the mean
 * |w_j| of the 17 features that do not matter, after the first step. */
static double adam_run(const struct logistic_data *data, const struct schedule *schedule,
                       double *loss)
{
    float w[FEATURES] = {0}, g[FEATURES], m[FEATURES] = {0}, v[FEATURES] = {0};
    double noise_weight = 0.0;
    for (long t = 0; t < ADAM_STEPS; t++) {
        loss[t] = logistic_loss(data, w, g);
        given_adam_step(w, g, m, v, FEATURES, (float)schedule_lr(schedule, t), t + 1);
        if (t == 0)
            for (size_t j = INFORMATIVE; j < FEATURES; j++)
                noise_weight += fabsf(w[j]) / (FEATURES - INFORMATIVE);
    }
    loss[ADAM_STEPS] = logistic_loss(data, w, NULL);
    return noise_weight;
}

static int adam_with_and_without_warmup(const char *folder)
{
    static struct logistic_data data;
    make_logistic_data(&data);
    const struct named_schedule runs[] = {
        {"lr 1, no warmup", {SCHEDULE_CONSTANT, .base_lr = 1.0}},
        {"lr 1, warmup 50", {SCHEDULE_WARMUP, .base_lr = 1.0, .warmup_steps = 50}},
        {"lr 0.1, no warmup", {SCHEDULE_CONSTANT, .base_lr = 0.1}},
    };
    enum { RUNS = sizeof runs / sizeof runs[0] };
    static double loss[RUNS][ADAM_STEPS + 1], steps[ADAM_STEPS + 1];
    const long shown[] = {0, 1, 2, 5, 10, 20, 50, 200};
    const size_t shown_count = sizeof shown / sizeof shown[0];

    printf("Part 3: Adam on a logistic regression (%d examples, %d features, %d that "
           "matter),\n        full batch, from w = 0; the loss before step t\n",
           EXAMPLES, FEATURES, INFORMATIVE);
    printf("  %-17s", "run");
    for (size_t i = 0; i < shown_count; i++)
        printf(" %6ld", shown[i]);
    printf(" %9s\n", "|w_noise|");
    for (size_t r = 0; r < RUNS; r++) {
        if (check_schedule(&runs[r].schedule, runs[r].label) != 0)
            return -1;
        double noise_weight = adam_run(&data, &runs[r].schedule, loss[r]);
        printf("  %-17s", runs[r].label);
        for (size_t i = 0; i < shown_count; i++)
            printf(" %6.3f", loss[r][shown[i]]);
        printf(" %9.4f\n", noise_weight);
    }
    printf("  (|w_noise|: mean |w_j| of the 17 useless features, after step 0)\n");

    struct svg_series series[RUNS];
    for (long t = 0; t <= ADAM_STEPS; t++)
        steps[t] = (double)t;
    for (size_t r = 0; r < RUNS; r++)
        series[r] = (struct svg_series){runs[r].label, steps, loss[r], 101};
    const struct line_chart chart = {
        .title = "Adam on a logistic regression: the first 100 steps",
        .x_label = "step t", .y_label = "loss before step t",
        .series = series, .series_count = RUNS,
    };
    if (figure_line_chart(folder, "adam-warmup-loss.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 4: the schedules on the digits ---------------------------------------- */

/* region mnist_setup */
#define MNIST_TRAIN 8000
#define MNIST_EPOCHS 6
#define MNIST_BATCH 32
#define MNIST_LR 0.1
#define MNIST_MOMENTUM 0.9
#define MNIST_SEED 9
/* endregion mnist_setup */

/* SGD with momentum, PyTorch's form (lesson 04; "given_" keeps it apart
 * from your momentum_step):  b <- mu b + g,  w <- w - lr b. */
static void given_momentum_step(float *w, const float *g, float *b, size_t n, float lr,
                                float mu)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = mu * b[i] + g[i];
        w[i] -= lr * b[i];
    }
}

/* A Fisher-Yates shuffle (lesson 02), given here so that this lesson does
 * not need yours. */
static void given_shuffle(uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t i = n; i > 1; i--) {
        uint32_t j = rng_below(rng, (uint32_t)i);
        uint32_t kept = order[i - 1];
        order[i - 1] = order[j];
        order[j] = kept;
    }
}

/* What one run records after each epoch. */
struct mnist_history {
    double train_loss[MNIST_EPOCHS];    /* mean batch loss of the epoch */
    double test_loss[MNIST_EPOCHS];     /* on the 2000 test digits */
    double test_accuracy[MNIST_EPOCHS];
};

/* The MLP trained for MNIST_EPOCHS epochs of shuffled batches, with the
 * rate of step t from schedule_lr. Every run starts from the same weights
 * and sees the same batches in the same order (the same seed): only the
 * rates differ. Returns 0 or -1. */
static int mnist_run(const struct schedule *schedule, const struct dataset *train,
                     size_t train_count, const struct dataset *test,
                     struct mnist_history *history)
{
    struct rng rng;
    struct model model;
    struct error err;
    rng_seed(&rng, MNIST_SEED, 9);
    if (model_create(&model, MODEL_MLP, MNIST_BATCH, &rng, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    float *velocity = calloc(model.param_count, sizeof *velocity);
    float *images = malloc((size_t)MNIST_BATCH * MODEL_INPUTS * sizeof *images);
    uint8_t labels[MNIST_BATCH];
    uint32_t *order = malloc(train_count * sizeof *order);
    if (velocity == NULL || images == NULL || order == NULL) {
        fprintf(stderr, "experiment: out of memory\n");
        free(velocity), free(images), free(order);
        model_free(&model);
        return -1;
    }
    for (size_t i = 0; i < train_count; i++)
        order[i] = (uint32_t)i;
    long step = 0;
    for (int epoch = 0; epoch < MNIST_EPOCHS; epoch++) {
        given_shuffle(order, train_count, &rng);
        double loss_sum = 0.0;
        size_t batches = 0;
        for (size_t start = 0; start < train_count; start += MNIST_BATCH, step++) {
            size_t len = train_count - start < MNIST_BATCH ? train_count - start : MNIST_BATCH;
            for (size_t k = 0; k < len; k++) {
                memcpy(images + k * MODEL_INPUTS, train->images + order[start + k] * MODEL_INPUTS,
                       MODEL_INPUTS * sizeof *images);
                labels[k] = train->labels[order[start + k]];
            }
            loss_sum += model_loss_and_gradient(&model, images, labels, len);
            batches++;
            given_momentum_step(model.params, model.grads, velocity, model.param_count,
                                (float)schedule_lr(schedule, step), (float)MNIST_MOMENTUM);
        }
        history->train_loss[epoch] = loss_sum / (double)batches;
        history->test_loss[epoch] = model_loss(&model, test->images, test->labels, test->count);
        history->test_accuracy[epoch] =
            (double)model_count_correct(&model, test->images, test->labels, test->count) /
            (double)test->count;
    }
    free(velocity), free(images), free(order);
    model_free(&model);
    return 0;
}

static int schedules_on_the_digits(const char *folder)
{
    struct dataset train, test;
    struct error err;
    if (dataset_load_course_digits(&train, &test, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    size_t n = train.count < MNIST_TRAIN ? train.count : MNIST_TRAIN;
    /* DESCENT_QUICK=1 (make check) keeps the first 2000 digits: the same
     * code in a quarter of the time. */
    const char *quick = getenv("DESCENT_QUICK");
    if (quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0 && n > 2000)
        n = 2000;
    const long per_epoch = (long)((n + MNIST_BATCH - 1) / MNIST_BATCH);
    const long total = per_epoch * MNIST_EPOCHS;
    const struct named_schedule runs[] = {
        {"constant", {SCHEDULE_CONSTANT, .base_lr = MNIST_LR}},
        {"step x0.1 / 2 epochs", {SCHEDULE_STEP, .base_lr = MNIST_LR, .gamma = 0.1,
                                        .step_size = 2 * per_epoch}},
        {"cosine to 0", {SCHEDULE_COSINE, .base_lr = MNIST_LR, .total_steps = total,
                         .min_lr = 0.0}},
        {"warmup 1 ep + cosine", {SCHEDULE_WARMUP_COSINE, .base_lr = MNIST_LR,
                                       .warmup_steps = per_epoch, .total_steps = total,
                                       .min_lr = 0.0}},
    };
    enum { RUNS = sizeof runs / sizeof runs[0] };
    static struct mnist_history history[RUNS];
    static double epochs[MNIST_EPOCHS];
    int status = 0;

    printf("Part 4: the MLP on %zu training digits, %d epochs of batches of %d (%ld steps),\n"
           "        SGD with momentum %g, top rate %g; test set: %zu digits\n", n, MNIST_EPOCHS,
           MNIST_BATCH, total, MNIST_MOMENTUM, MNIST_LR, test.count);
    printf("  test accuracy (%%) after each epoch, and the losses after the last one\n");
    printf("  %-20s", "schedule");
    for (int e = 0; e < MNIST_EPOCHS; e++)
        printf(" %5d", e + 1);
    printf("  %10s %9s\n", "train loss", "test loss");
    for (size_t r = 0; r < RUNS && status == 0; r++) {
        status = check_schedule(&runs[r].schedule, runs[r].label);
        if (status == 0)
            status = mnist_run(&runs[r].schedule, &train, n, &test, &history[r]);
        if (status != 0)
            break;
        printf("  %-20s", runs[r].label);
        for (int e = 0; e < MNIST_EPOCHS; e++)
            printf(" %5.1f", 100.0 * history[r].test_accuracy[e]);
        printf("  %10.4f %9.4f\n", history[r].train_loss[MNIST_EPOCHS - 1],
               history[r].test_loss[MNIST_EPOCHS - 1]);
    }
    dataset_free(&train);
    dataset_free(&test);
    if (status != 0)
        return -1;
    printf("  (train loss: the mean batch loss of the last epoch)\n");

    struct svg_series series[RUNS];
    for (int e = 0; e < MNIST_EPOCHS; e++)
        epochs[e] = e + 1;
    for (size_t r = 0; r < RUNS; r++)
        series[r] = (struct svg_series){runs[r].label, epochs, history[r].train_loss,
                                        MNIST_EPOCHS};
    struct line_chart chart = {
        .title = "The MLP on the digits: training loss per epoch",
        .x_label = "epoch", .y_label = "mean batch loss (log scale)", .log_y = 1,
        .series = series, .series_count = RUNS,
    };
    if (figure_line_chart(folder, "mnist-schedules-loss.svg", &chart) != 0)
        return -1;
    for (size_t r = 0; r < RUNS; r++)
        series[r].y = history[r].test_accuracy;
    chart.title = "The MLP on the digits: test accuracy per epoch";
    chart.y_label = "test accuracy";
    chart.log_y = 0;
    return figure_line_chart(folder, "mnist-schedules-accuracy.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (draw_the_schedules(argv[1]) != 0 || adagrad_in_the_valley(argv[1]) != 0 ||
        adam_with_and_without_warmup(argv[1]) != 0 || schedules_on_the_digits(argv[1]) != 0)
        return 1;
    return 0;
}
