/* cnn.c -- a small LeNet-style convolutional network.
 *
 *   x [B, 1, 28, 28]
 *     --conv1 5x5, 8 filters-->   conv1 [B, 8, 24, 24]  --[bn1]--ReLU--> relu1
 *     --max-pool 2-->             pool1 [B, 8, 12, 12]
 *     --conv2 5x5, 16 filters-->  conv2 [B, 16, 8, 8]   --[bn2]--ReLU--> relu2
 *     --max-pool 2-->             pool2 [B, 16, 4, 4]
 *     --flatten-->                      [B, 256]        --[dropout]--> features
 *     --dense fc-->               logits [B, 10]   --softmax + cross-entropy--> loss
 *
 * A filter looks at a 5 x 5 neighbourhood and the same weights are used at
 * every position (weight sharing), so the first layer has 8 * 25 weights
 * where the MLP has 128 * 784; pooling makes the features a little
 * insensitive to small shifts. Flatten is a no-op: the pool2 output
 * [B, 16, 4, 4] is stored row-major, so its 256 numbers per image are
 * already the row that the dense layer reads as [B, 256]. No copy, no code.
 *
 * The layers in brackets are lesson 17's, off unless the model's extras
 * turn them on (model.h); without them the views bn1, bn2 and features
 * below are simply conv1, conv2 and pool2, and the helpers do nothing.
 *   Batch normalization (bn1, bn2) sits after each convolution, before its
 * ReLU as in the MLP, and normalizes each CHANNEL over the batch and every
 * pixel: B * 24 * 24 values per channel of conv1, B * 8 * 8 of conv2, as
 * torch.nn.BatchNorm2d does. Lesson 17's functions work on [rows, features],
 * so the activations are copied to [B * H * W, C] and back (channel_rows.h).
 * Its gamma and beta (8 + 8 for bn1, then 16 + 16 for bn2) are appended to
 * the parameters; its running statistics are the model's buffers.
 *   With it, the convolution's bias is redundant: the normalization
 * subtracts whatever constant is added to a channel, and beta shifts the
 * channel afterwards. Its gradient is exactly 0 (in float, rounding noise
 * that Adam would divide by its own size and turn into full steps), so it is
 * written as 0 and the bias stays at its initial 0.
 *   Dropout acts on the 256 flattened features that fc reads.
 *
 * The images arrive as [B, 784], which is the same memory as [B, 1, 28, 28]. */
#include <string.h>

#include "channel_rows.h"
#include "conv2d.h"
#include "dense.h"
#include "lesson17.h" /* BATCHNORM_EPS, BATCHNORM_MOMENTUM */
#include "maxpool.h"
#include "model_parts.h"
#include "relu.h"

/* C, H, W, OC, K of the two convolutions. */
static const struct conv2d_shape CONV1 = {1, 28, 28, 8, 5};  /* -> 8 x 24 x 24 */
static const struct conv2d_shape CONV2 = {8, 12, 12, 16, 5}; /* -> 16 x 8 x 8 */

#define CONV1_OUT (8 * 24 * 24) /* per image */
#define POOL1_OUT (8 * 12 * 12)
#define CONV2_OUT (16 * 8 * 8)
#define POOL2_OUT (16 * 4 * 4)  /* = 256, the flattened features */

#define CONV1_PATCH (1 * 5 * 5) /* rows of cols1 = fan_in of conv1 */
#define CONV2_PATCH (8 * 5 * 5) /* rows of cols2 = fan_in of conv2 */

/* The parameters (and, with the same layout, their gradients). */
struct cnn_params {
    float *conv1_weight; /* [8, 1, 5, 5] */
    float *conv1_bias;   /* [8] */
    float *conv2_weight; /* [16, 8, 5, 5] */
    float *conv2_bias;   /* [16] */
    float *fc_weight;    /* [10, 256] */
    float *fc_bias;      /* [10] */
    float *bn1_gamma, *bn1_beta; /* [8] each: bn1's scale and shift (lesson 17), or NULL */
    float *bn2_gamma, *bn2_beta; /* [16] each: bn2's */
};

/* The activations of a batch of up to max_batch images. */
struct cnn_activations {
    float *cols1;  /* [25, 576]  im2col of one image (scratch, conv2d.h) */
    float *conv1;  /* [B, 8, 24, 24] */
    float *bn1;    /* [B, 8, 24, 24] batch norm's output; without it, conv1 itself */
    float *relu1;  /* [B, 8, 24, 24] */
    float *pool1;  /* [B, 8, 12, 12] */
    float *cols2;  /* [200, 64]  im2col of one image's pool1 (scratch) */
    float *conv2;  /* [B, 16, 8, 8] */
    float *bn2;    /* [B, 16, 8, 8] batch norm's output; without it, conv2 itself */
    float *relu2;  /* [B, 16, 8, 8] */
    float *pool2;  /* [B, 16, 4, 4], read as [B, 256] */
    float *features; /* [B, 256] what fc reads: dropout's output; without it, pool2 */
    float *logits; /* [B, 10] */
    /* d loss / d (each of the above), as far back as needed */
    float *dfeatures; /* [B, 256] */
    float *dpool2; /* [B, 256]; without dropout, dfeatures itself */
    float *drelu2; /* [B, 16, 8, 8] */
    float *dbn2;   /* [B, 16, 8, 8] */
    float *dconv2; /* [B, 16, 8, 8]; without batch norm, dbn2 itself */
    float *back2;  /* conv2's backward scratch (im2row of pool1, dcols) */
    float *dpool1; /* [B, 8, 12, 12] */
    float *drelu1; /* [B, 8, 24, 24] */
    float *dbn1;   /* [B, 8, 24, 24] */
    float *dconv1; /* [B, 8, 24, 24]; without batch norm, dbn1 itself */
    float *back1;  /* conv1's backward scratch (im2row of the images) */
    /* lesson 17's, or NULL: */
    float *bn1_x_hat, *bn1_mean, *bn1_var; /* [B * 576, 8], [8], [8] kept for backward */
    float *bn2_x_hat, *bn2_mean, *bn2_var; /* [B * 64, 16], [16], [16] */
    float *rows_in, *rows_out;             /* [B * 4608] each: scratch for [B * H * W, C] */
    float *dropout_mask;                   /* [B, 256] */
};

static int has_batch_norm(const struct model_extras *e)
{
    return e != NULL && e->batch_norm;
}

static int has_dropout(const struct model_extras *e)
{
    return e != NULL && e->dropout > 0.0f;
}

/* Points the views into `block` (NULL: only counts) and, if count is not
 * NULL, stores there the number of floats the layout needs. */
static struct cnn_params cnn_params_in(float *block, const struct model_extras *e,
                                       size_t *count)
{
    struct cnn_params p = {0};
    size_t used = 0;
    p.conv1_weight = layout_take(block, &used, 8 * CONV1_PATCH);
    p.conv1_bias = layout_take(block, &used, 8);
    p.conv2_weight = layout_take(block, &used, 16 * CONV2_PATCH);
    p.conv2_bias = layout_take(block, &used, 16);
    p.fc_weight = layout_take(block, &used, MODEL_CLASSES * POOL2_OUT);
    p.fc_bias = layout_take(block, &used, MODEL_CLASSES);
    if (has_batch_norm(e)) {
        p.bn1_gamma = layout_take(block, &used, 8);
        p.bn1_beta = layout_take(block, &used, 8);
        p.bn2_gamma = layout_take(block, &used, 16);
        p.bn2_beta = layout_take(block, &used, 16);
    }
    if (count != NULL)
        *count = used;
    return p;
}

static struct cnn_activations cnn_activations_in(float *block, size_t max_batch,
                                                 const struct model_extras *e, size_t *count)
{
    struct cnn_activations a = {0};
    size_t used = 0, B = max_batch;
    int batch_norm = has_batch_norm(e), dropout = has_dropout(e);
    a.cols1 = layout_take(block, &used, conv2d_cols_size(&CONV1));
    a.conv1 = layout_take(block, &used, B * CONV1_OUT);
    a.bn1 = batch_norm ? layout_take(block, &used, B * CONV1_OUT) : a.conv1;
    a.relu1 = layout_take(block, &used, B * CONV1_OUT);
    a.pool1 = layout_take(block, &used, B * POOL1_OUT);
    a.cols2 = layout_take(block, &used, conv2d_cols_size(&CONV2));
    a.conv2 = layout_take(block, &used, B * CONV2_OUT);
    a.bn2 = batch_norm ? layout_take(block, &used, B * CONV2_OUT) : a.conv2;
    a.relu2 = layout_take(block, &used, B * CONV2_OUT);
    a.pool2 = layout_take(block, &used, B * POOL2_OUT);
    a.features = dropout ? layout_take(block, &used, B * POOL2_OUT) : a.pool2;
    a.logits = layout_take(block, &used, B * MODEL_CLASSES);
    a.dfeatures = layout_take(block, &used, B * POOL2_OUT);
    a.dpool2 = dropout ? layout_take(block, &used, B * POOL2_OUT) : a.dfeatures;
    a.drelu2 = layout_take(block, &used, B * CONV2_OUT);
    a.dbn2 = layout_take(block, &used, B * CONV2_OUT);
    a.dconv2 = batch_norm ? layout_take(block, &used, B * CONV2_OUT) : a.dbn2;
    a.back2 = layout_take(block, &used, conv2d_backward_scratch_size(&CONV2));
    a.dpool1 = layout_take(block, &used, B * POOL1_OUT);
    a.drelu1 = layout_take(block, &used, B * CONV1_OUT);
    a.dbn1 = layout_take(block, &used, B * CONV1_OUT);
    a.dconv1 = batch_norm ? layout_take(block, &used, B * CONV1_OUT) : a.dbn1;
    a.back1 = layout_take(block, &used, conv2d_backward_scratch_size(&CONV1));
    if (batch_norm) {
        a.bn1_x_hat = layout_take(block, &used, B * CONV1_OUT);
        a.bn1_mean = layout_take(block, &used, 8);
        a.bn1_var = layout_take(block, &used, 8);
        a.bn2_x_hat = layout_take(block, &used, B * CONV2_OUT);
        a.bn2_mean = layout_take(block, &used, 16);
        a.bn2_var = layout_take(block, &used, 16);
        a.rows_in = layout_take(block, &used, B * CONV1_OUT); /* the larger of the two */
        a.rows_out = layout_take(block, &used, B * CONV1_OUT);
    }
    if (dropout)
        a.dropout_mask = layout_take(block, &used, B * POOL2_OUT);
    if (count != NULL)
        *count = used;
    return a;
}

/* The max-pool winners: pool1's [B, 8, 12, 12], then pool2's [B, 16, 4, 4]. */
static size_t *pool1_argmax(struct model *m)
{
    return m->pool_argmax;
}

static size_t *pool2_argmax(struct model *m)
{
    return m->pool_argmax + m->max_batch * POOL1_OUT;
}

size_t cnn_argmax_count(size_t max_batch)
{
    return max_batch * (POOL1_OUT + POOL2_OUT);
}

size_t cnn_param_count(const struct model_extras *extras)
{
    size_t count;
    cnn_params_in(NULL, extras, &count);
    return count;
}

size_t cnn_activation_count(size_t max_batch, const struct model_extras *extras)
{
    size_t count;
    cnn_activations_in(NULL, max_batch, extras, &count);
    return count;
}

/* Batch norm normalizes two layers, conv1's 8 channels and conv2's 16: the
 * buffers are bn1's running mean [8] and variance [8], then bn2's [16], [16]. */
size_t cnn_normalized_layers(size_t *features)
{
    features[0] = 8;
    features[1] = 16;
    return 2;
}

/* One batch-normalized convolution output (lesson 17): where its numbers are. */
struct cnn_batch_norm {
    size_t channels, pixels;            /* C, and H * W per channel */
    const float *gamma, *beta;          /* [C] */
    float *dgamma, *dbeta;              /* [C] their gradients (added to) */
    float *running_mean, *running_var;  /* [C] buffers */
    float *x_hat, *mean, *var;          /* [B * H * W, C], [C], [C] kept for backward */
    float *rows_in, *rows_out;          /* scratch for [B * H * W, C] */
};

/* Layer 1 (bn1, after conv1) or 2 (bn2, after conv2) of model m. */
static struct cnn_batch_norm cnn_batch_norm_of(struct model *m, int layer)
{
    const struct model_extras *e = &m->extras;
    struct cnn_params p = cnn_params_in(m->params, e, NULL);
    struct cnn_params g = cnn_params_in(m->grads, e, NULL);
    struct cnn_activations a = cnn_activations_in(m->activations, m->max_batch, e, NULL);
    struct cnn_batch_norm bn = {.rows_in = a.rows_in, .rows_out = a.rows_out};
    if (layer == 1) {
        bn.channels = 8;
        bn.pixels = 24 * 24;
        bn.gamma = p.bn1_gamma, bn.beta = p.bn1_beta;
        bn.dgamma = g.bn1_gamma, bn.dbeta = g.bn1_beta;
        bn.running_mean = m->buffers, bn.running_var = m->buffers + 8;
        bn.x_hat = a.bn1_x_hat, bn.mean = a.bn1_mean, bn.var = a.bn1_var;
    } else {
        bn.channels = 16;
        bn.pixels = 8 * 8;
        bn.gamma = p.bn2_gamma, bn.beta = p.bn2_beta;
        bn.dgamma = g.bn2_gamma, bn.dbeta = g.bn2_beta;
        bn.running_mean = m->buffers + 16, bn.running_var = m->buffers + 32;
        bn.x_hat = a.bn2_x_hat, bn.mean = a.bn2_mean, bn.var = a.bn2_var;
    }
    return bn;
}

void cnn_init(float *params, float *buffers, const struct model_extras *extras,
              struct rng *rng)
{
    struct cnn_params p = cnn_params_in(params, extras, NULL);
    init_he_normal(p.conv1_weight, 8 * CONV1_PATCH, CONV1_PATCH, rng);
    memset(p.conv1_bias, 0, 8 * sizeof(float));
    init_he_normal(p.conv2_weight, 16 * CONV2_PATCH, CONV2_PATCH, rng);
    memset(p.conv2_bias, 0, 16 * sizeof(float));
    init_he_normal(p.fc_weight, MODEL_CLASSES * POOL2_OUT, POOL2_OUT, rng);
    memset(p.fc_bias, 0, MODEL_CLASSES * sizeof(float));
    if (has_batch_norm(extras)) {
        /* As torch.nn.BatchNorm2d starts: gamma 1, beta 0, running mean 0,
         * running variance 1 (nothing is drawn: the weights above are the
         * same bits as without batch norm). */
        for (size_t c = 0; c < 8; c++) {
            p.bn1_gamma[c] = 1.0f, p.bn1_beta[c] = 0.0f;
            buffers[c] = 0.0f, buffers[8 + c] = 1.0f;
        }
        for (size_t c = 0; c < 16; c++) {
            p.bn2_gamma[c] = 1.0f, p.bn2_beta[c] = 0.0f;
            buffers[16 + c] = 0.0f, buffers[32 + c] = 1.0f;
        }
    }
}

/* Lesson 17's batch normalization of a convolution's output x [B, C, H, W]
 * into y (same shape), channel by channel: in training with the batch's own
 * statistics over its B * H * W values per channel (and an update of the
 * running ones), in evaluation with the running statistics. */
static void batch_norm_forward(const struct model *m, const struct cnn_batch_norm *bn,
                               float *y, const float *x, size_t batch, int training)
{
    const struct lesson17_layers *l = m->extras.layers;
    size_t rows = batch * bn->pixels, C = bn->channels;
    channels_to_rows(bn->rows_in, x, batch, C, bn->pixels);
    if (training) {
        l->batchnorm_statistics(bn->mean, bn->var, bn->rows_in, rows, C);
        l->batchnorm_update_running(bn->running_mean, bn->running_var, bn->mean, bn->var,
                                    rows, C, BATCHNORM_MOMENTUM);
        l->batchnorm_normalize(bn->rows_out, bn->x_hat, bn->rows_in, bn->mean, bn->var,
                               bn->gamma, bn->beta, rows, C, BATCHNORM_EPS);
    } else {
        l->batchnorm_normalize(bn->rows_out, NULL, bn->rows_in, bn->running_mean,
                               bn->running_var, bn->gamma, bn->beta, rows, C, BATCHNORM_EPS);
    }
    rows_to_channels(y, bn->rows_out, batch, C, bn->pixels);
}

/* Its backward pass, from dy [B, C, H, W] to dx (same shape), adding to
 * dgamma and dbeta. */
static void batch_norm_backward(const struct model *m, const struct cnn_batch_norm *bn,
                                float *dx, const float *dy, size_t batch)
{
    size_t rows = batch * bn->pixels, C = bn->channels;
    channels_to_rows(bn->rows_in, dy, batch, C, bn->pixels);
    m->extras.layers->batchnorm_backward(bn->rows_out, bn->dgamma, bn->dbeta, bn->rows_in,
                                         bn->x_hat, bn->var, bn->gamma, rows, C,
                                         BATCHNORM_EPS);
    rows_to_channels(dx, bn->rows_out, batch, C, bn->pixels);
}

const float *cnn_forward(struct model *m, const float *images, size_t batch, int training)
{
    const struct model_extras *e = &m->extras;
    struct cnn_params p = cnn_params_in(m->params, e, NULL);
    struct cnn_activations a = cnn_activations_in(m->activations, m->max_batch, e, NULL);
    int batch_norm = has_batch_norm(e);

    conv2d_forward(a.conv1, a.cols1, images, p.conv1_weight, p.conv1_bias, batch, &CONV1);
    if (batch_norm) {                                    /* conv1 -> bn1 (lesson 17) */
        struct cnn_batch_norm bn1 = cnn_batch_norm_of(m, 1);
        batch_norm_forward(m, &bn1, a.bn1, a.conv1, batch, training);
    }
    relu_forward(a.relu1, a.bn1, batch * CONV1_OUT);
    maxpool_forward(a.pool1, pool1_argmax(m), a.relu1, batch, 8, 24, 24);

    conv2d_forward(a.conv2, a.cols2, a.pool1, p.conv2_weight, p.conv2_bias, batch, &CONV2);
    if (batch_norm) {                                    /* conv2 -> bn2 (lesson 17) */
        struct cnn_batch_norm bn2 = cnn_batch_norm_of(m, 2);
        batch_norm_forward(m, &bn2, a.bn2, a.conv2, batch, training);
    }
    relu_forward(a.relu2, a.bn2, batch * CONV2_OUT);
    maxpool_forward(a.pool2, pool2_argmax(m), a.relu2, batch, 16, 8, 8);

    /* flatten: pool2 [B, 16, 4, 4] is already [B, 256] in memory */
    if (has_dropout(e))                                  /* pool2 -> features (lesson 17) */
        e->layers->dropout_forward(a.features, a.dropout_mask, a.pool2, batch * POOL2_OUT,
                                   e->dropout, training, &m->dropout_rng);
    dense_forward(a.logits, a.features, p.fc_weight, p.fc_bias, batch, POOL2_OUT,
                  MODEL_CLASSES);
    return a.logits;
}

void cnn_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch)
{
    const struct model_extras *e = &m->extras;
    struct cnn_params p = cnn_params_in(m->params, e, NULL);
    struct cnn_params g = cnn_params_in(m->grads, e, NULL); /* same layout */
    struct cnn_activations a = cnn_activations_in(m->activations, m->max_batch, e, NULL);
    int batch_norm = has_batch_norm(e);

    /* The forward pass in reverse; each step turns d loss / d (its output)
     * into d loss / d (its input) and adds to its parameters' gradients. */
    dense_backward(a.dfeatures, g.fc_weight, g.fc_bias, dlogits, a.features,
                   p.fc_weight, batch, POOL2_OUT, MODEL_CLASSES);
    if (has_dropout(e))                                  /* lesson 17 */
        e->layers->dropout_backward(a.dpool2, a.dfeatures, a.dropout_mask,
                                    batch * POOL2_OUT, e->dropout);
    maxpool_backward(a.drelu2, a.dpool2, pool2_argmax(m), batch, 16, 8, 8);
    relu_backward(a.dbn2, a.drelu2, a.bn2, batch * CONV2_OUT);
    if (batch_norm) {                                    /* lesson 17 */
        struct cnn_batch_norm bn2 = cnn_batch_norm_of(m, 2);
        batch_norm_backward(m, &bn2, a.dconv2, a.dbn2, batch);
    }
    conv2d_backward(a.dpool1, g.conv2_weight, g.conv2_bias, a.back2, a.dconv2,
                    a.pool1, p.conv2_weight, batch, &CONV2);

    maxpool_backward(a.drelu1, a.dpool1, pool1_argmax(m), batch, 8, 24, 24);
    relu_backward(a.dbn1, a.drelu1, a.bn1, batch * CONV1_OUT);
    if (batch_norm) {                                    /* lesson 17 */
        struct cnn_batch_norm bn1 = cnn_batch_norm_of(m, 1);
        batch_norm_backward(m, &bn1, a.dconv1, a.dbn1, batch);
    }
    /* NULL: the loss does not need d loss / d images. */
    conv2d_backward(NULL, g.conv1_weight, g.conv1_bias, a.back1, a.dconv1,
                    images, p.conv1_weight, batch, &CONV1);

    if (batch_norm) {
        /* Before batch norm, a bias has exactly zero gradient (see the top). */
        memset(g.conv1_bias, 0, 8 * sizeof(float));
        memset(g.conv2_bias, 0, 16 * sizeof(float));
    }
}

double cnn_forward_flops(void)
{
    /* one product per convolution: OC x (OH*OW) x (C*K*K); then the dense layer */
    return 2.0 * 8 * (24 * 24) * CONV1_PATCH
         + 2.0 * 16 * (8 * 8) * CONV2_PATCH
         + 2.0 * POOL2_OUT * MODEL_CLASSES;
}
