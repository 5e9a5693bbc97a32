/* mlp.c -- the multilayer perceptron 784 -> 128 -> ReLU -> 10.
 *
 *   x [B, 784] --dense fc1--> fc1 [B, 128] --ReLU--> relu1 [B, 128]
 *              --dense fc2--> logits [B, 10] --softmax + cross-entropy--> loss
 *
 * Each image is treated as a flat vector of 784 pixels: the MLP knows
 * nothing of which pixels are neighbours (compare cnn.c), and its first
 * layer alone has 784 * 128 weights.
 *
 * Lesson 17 may add batch normalization before the ReLU and dropout after
 * it (model.h, struct model_extras). Without them, the views bn1 and hidden
 * below are simply fc1 and relu1, and the helpers for them do nothing. */
#include <string.h>

#include "dense.h"
#include "lesson17.h" /* BATCHNORM_EPS, BATCHNORM_MOMENTUM */
#include "model_parts.h"
#include "relu.h"

#define HIDDEN 128

/* The parameters (and, with the same layout, their gradients), in the
 * order they are stored in the flat block. */
struct mlp_params {
    float *fc1_weight; /* [128, 784] */
    float *fc1_bias;   /* [128] */
    float *fc2_weight; /* [10, 128] */
    float *fc2_bias;   /* [10] */
    float *bn_gamma;   /* [128] batch norm's scale (lesson 17), or NULL */
    float *bn_beta;    /* [128] batch norm's shift (lesson 17), or NULL */
};

/* The activations of a batch of up to max_batch images. */
struct mlp_activations {
    float *fc1;    /* [B, 128] the first layer's output */
    float *bn1;    /* [B, 128] batch norm's output; without it, fc1 itself */
    float *relu1;  /* [B, 128] */
    float *hidden; /* [B, 128] what fc2 reads: dropout's output; without it, relu1 */
    float *logits; /* [B, 10] */
    float *dhidden; /* [B, 128] d loss / d hidden */
    float *drelu1; /* [B, 128] d loss / d relu1; without dropout, dhidden itself */
    float *dbn1;   /* [B, 128] d loss / d bn1 */
    float *dfc1;   /* [B, 128] d loss / d fc1; without batch norm, dbn1 itself */
    float *bn_x_hat, *bn_mean, *bn_var; /* [B, 128], [128], [128] batch norm's, kept
                                           for the backward pass (or NULL) */
    float *dropout_mask;                /* [B, 128] dropout's, or NULL */
};

/* Points the views into `block` (NULL: only counts) and, if count is not
 * NULL, stores there the number of floats the layout needs. */
static struct mlp_params mlp_params_in(float *block, const struct model_extras *e,
                                       size_t *count)
{
    struct mlp_params p = {0};
    size_t used = 0;
    p.fc1_weight = layout_take(block, &used, HIDDEN * MODEL_INPUTS);
    p.fc1_bias = layout_take(block, &used, HIDDEN);
    p.fc2_weight = layout_take(block, &used, MODEL_CLASSES * HIDDEN);
    p.fc2_bias = layout_take(block, &used, MODEL_CLASSES);
    if (e != NULL && e->batch_norm) {
        p.bn_gamma = layout_take(block, &used, HIDDEN);
        p.bn_beta = layout_take(block, &used, HIDDEN);
    }
    if (count != NULL)
        *count = used;
    return p;
}

static struct mlp_activations mlp_activations_in(float *block, size_t max_batch,
                                                 const struct model_extras *e, size_t *count)
{
    struct mlp_activations a = {0};
    size_t used = 0, n = max_batch * HIDDEN;
    int batch_norm = e != NULL && e->batch_norm, dropout = e != NULL && e->dropout > 0.0f;
    a.fc1 = layout_take(block, &used, n);
    a.bn1 = batch_norm ? layout_take(block, &used, n) : a.fc1;
    a.relu1 = layout_take(block, &used, n);
    a.hidden = dropout ? layout_take(block, &used, n) : a.relu1;
    a.logits = layout_take(block, &used, max_batch * MODEL_CLASSES);
    a.dhidden = layout_take(block, &used, n);
    a.drelu1 = dropout ? layout_take(block, &used, n) : a.dhidden;
    a.dbn1 = layout_take(block, &used, n);
    a.dfc1 = batch_norm ? layout_take(block, &used, n) : a.dbn1;
    if (batch_norm) {
        a.bn_x_hat = layout_take(block, &used, n);
        a.bn_mean = layout_take(block, &used, HIDDEN);
        a.bn_var = layout_take(block, &used, HIDDEN);
    }
    if (dropout)
        a.dropout_mask = layout_take(block, &used, n);
    if (count != NULL)
        *count = used;
    return a;
}

size_t mlp_param_count(const struct model_extras *extras)
{
    size_t count;
    mlp_params_in(NULL, extras, &count);
    return count;
}

size_t mlp_activation_count(size_t max_batch, const struct model_extras *extras)
{
    size_t count;
    mlp_activations_in(NULL, max_batch, extras, &count);
    return count;
}

/* Batch norm normalizes one layer, the 128 hidden units: the buffers are its
 * running mean [128], then its running variance [128]. */
size_t mlp_normalized_layers(size_t *features)
{
    features[0] = HIDDEN;
    return 1;
}

void mlp_init(float *params, float *buffers, const struct model_extras *extras,
              struct rng *rng)
{
    struct mlp_params p = mlp_params_in(params, extras, NULL);
    init_he_normal(p.fc1_weight, HIDDEN * MODEL_INPUTS, MODEL_INPUTS, rng);
    memset(p.fc1_bias, 0, HIDDEN * sizeof(float));
    init_he_normal(p.fc2_weight, MODEL_CLASSES * HIDDEN, HIDDEN, rng);
    memset(p.fc2_bias, 0, MODEL_CLASSES * sizeof(float));
    if (p.bn_gamma != NULL) {
        /* As torch.nn.BatchNorm1d starts: the identity after normalizing
         * (gamma 1, beta 0), running mean 0 and running variance 1. */
        for (size_t j = 0; j < HIDDEN; j++) {
            p.bn_gamma[j] = 1.0f;
            p.bn_beta[j] = 0.0f;
            buffers[j] = 0.0f;
            buffers[HIDDEN + j] = 1.0f;
        }
    }
}

/* Lesson 17's batch normalization of fc1 into bn1: in training with the
 * batch's own statistics (and an update of the running ones), in
 * evaluation with the running statistics. */
static void batch_norm_forward(struct model *m, const struct mlp_activations *a,
                               const struct mlp_params *p, size_t batch, int training)
{
    const struct lesson17_layers *l = m->extras.layers;
    float *running_mean = m->buffers, *running_var = m->buffers + HIDDEN;
    if (!m->extras.batch_norm)
        return;
    if (training) {
        l->batchnorm_statistics(a->bn_mean, a->bn_var, a->fc1, batch, HIDDEN);
        l->batchnorm_update_running(running_mean, running_var, a->bn_mean, a->bn_var, batch,
                                    HIDDEN, BATCHNORM_MOMENTUM);
        l->batchnorm_normalize(a->bn1, a->bn_x_hat, a->fc1, a->bn_mean, a->bn_var,
                               p->bn_gamma, p->bn_beta, batch, HIDDEN, BATCHNORM_EPS);
    } else {
        l->batchnorm_normalize(a->bn1, NULL, a->fc1, running_mean, running_var, p->bn_gamma,
                               p->bn_beta, batch, HIDDEN, BATCHNORM_EPS);
    }
}

const float *mlp_forward(struct model *m, const float *images, size_t batch, int training)
{
    const struct model_extras *e = &m->extras;
    struct mlp_params p = mlp_params_in(m->params, e, NULL);
    struct mlp_activations a = mlp_activations_in(m->activations, m->max_batch, e, NULL);

    dense_forward(a.fc1, images, p.fc1_weight, p.fc1_bias, batch, MODEL_INPUTS, HIDDEN);
    batch_norm_forward(m, &a, &p, batch, training);      /* fc1 -> bn1 (lesson 17) */
    relu_forward(a.relu1, a.bn1, batch * HIDDEN);
    if (e->dropout > 0.0f)                                /* relu1 -> hidden (lesson 17) */
        e->layers->dropout_forward(a.hidden, a.dropout_mask, a.relu1, batch * HIDDEN,
                                   e->dropout, training, &m->dropout_rng);
    dense_forward(a.logits, a.hidden, p.fc2_weight, p.fc2_bias, batch, HIDDEN, MODEL_CLASSES);
    return a.logits;
}

void mlp_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch)
{
    const struct model_extras *e = &m->extras;
    struct mlp_params p = mlp_params_in(m->params, e, NULL);
    struct mlp_params g = mlp_params_in(m->grads, e, NULL); /* same layout */
    struct mlp_activations a = mlp_activations_in(m->activations, m->max_batch, e, NULL);

    /* The forward pass in reverse; each step turns d loss / d (its output)
     * into d loss / d (its input) and adds to its parameters' gradients. */
    dense_backward(a.dhidden, g.fc2_weight, g.fc2_bias, dlogits, a.hidden,
                   p.fc2_weight, batch, HIDDEN, MODEL_CLASSES);
    if (e->dropout > 0.0f)                                /* lesson 17 */
        e->layers->dropout_backward(a.drelu1, a.dhidden, a.dropout_mask, batch * HIDDEN,
                                    e->dropout);
    relu_backward(a.dbn1, a.drelu1, a.bn1, batch * HIDDEN);
    if (e->batch_norm)                                    /* lesson 17 */
        e->layers->batchnorm_backward(a.dfc1, g.bn_gamma, g.bn_beta, a.dbn1, a.bn_x_hat,
                                      a.bn_var, p.bn_gamma, batch, HIDDEN, BATCHNORM_EPS);
    /* NULL: the loss does not need d loss / d images. */
    dense_backward(NULL, g.fc1_weight, g.fc1_bias, a.dfc1, images,
                   p.fc1_weight, batch, MODEL_INPUTS, HIDDEN);
}

double mlp_forward_flops(void)
{
    return 2.0 * MODEL_INPUTS * HIDDEN + 2.0 * HIDDEN * MODEL_CLASSES;
}
