/* cnn.c -- a small LeNet-style convolutional network.
 *
 *   x [B, 1, 28, 28]
 *     --conv1 5x5, 8 filters-->   conv1 [B, 8, 24, 24]  --ReLU--> relu1
 *     --max-pool 2-->             pool1 [B, 8, 12, 12]
 *     --conv2 5x5, 16 filters-->  conv2 [B, 16, 8, 8]   --ReLU--> relu2
 *     --max-pool 2-->             pool2 [B, 16, 4, 4]
 *     --flatten-->                      [B, 256]
 *     --dense fc-->               logits [B, 10]   --softmax + cross-entropy--> loss
 *
 * A filter looks at a 5 x 5 neighbourhood and the same weights are used at
 * every position (weight sharing), so the first layer has 8 * 25 weights
 * where the MLP has 128 * 784; pooling makes the features a little
 * insensitive to small shifts. Flatten is a no-op: the pool2 output
 * [B, 16, 4, 4] is stored row-major, so its 256 numbers per image are
 * already the row that the dense layer reads as [B, 256]. No copy, no code.
 *
 * The images arrive as [B, 784], which is the same memory as [B, 1, 28, 28]. */
#include <string.h>

#include "conv2d.h"
#include "dense.h"
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
};

/* The activations of a batch of up to max_batch images. */
struct cnn_activations {
    float *cols1;  /* [25, 576]  im2col of one image (scratch, conv2d.h) */
    float *conv1;  /* [B, 8, 24, 24] */
    float *relu1;  /* [B, 8, 24, 24] */
    float *pool1;  /* [B, 8, 12, 12] */
    float *cols2;  /* [200, 64]  im2col of one image's pool1 (scratch) */
    float *conv2;  /* [B, 16, 8, 8] */
    float *relu2;  /* [B, 16, 8, 8] */
    float *pool2;  /* [B, 16, 4, 4], read as [B, 256] by fc */
    float *logits; /* [B, 10] */
    /* d loss / d (each of the above), as far back as needed */
    float *dpool2; /* [B, 256] */
    float *drelu2; /* [B, 16, 8, 8] */
    float *dconv2; /* [B, 16, 8, 8] */
    float *back2;  /* conv2's backward scratch (im2row of pool1, dcols) */
    float *dpool1; /* [B, 8, 12, 12] */
    float *drelu1; /* [B, 8, 24, 24] */
    float *dconv1; /* [B, 8, 24, 24] */
    float *back1;  /* conv1's backward scratch (im2row of the images) */
};

/* Points the views into `block` (NULL: only counts) and, if count is not
 * NULL, stores there the number of floats the layout needs. */
static struct cnn_params cnn_params_in(float *block, size_t *count)
{
    struct cnn_params p;
    size_t used = 0;
    p.conv1_weight = layout_take(block, &used, 8 * CONV1_PATCH);
    p.conv1_bias = layout_take(block, &used, 8);
    p.conv2_weight = layout_take(block, &used, 16 * CONV2_PATCH);
    p.conv2_bias = layout_take(block, &used, 16);
    p.fc_weight = layout_take(block, &used, MODEL_CLASSES * POOL2_OUT);
    p.fc_bias = layout_take(block, &used, MODEL_CLASSES);
    if (count != NULL)
        *count = used;
    return p;
}

static struct cnn_activations cnn_activations_in(float *block, size_t max_batch,
                                                 size_t *count)
{
    struct cnn_activations a;
    size_t used = 0, B = max_batch;
    a.cols1 = layout_take(block, &used, conv2d_cols_size(&CONV1));
    a.conv1 = layout_take(block, &used, B * CONV1_OUT);
    a.relu1 = layout_take(block, &used, B * CONV1_OUT);
    a.pool1 = layout_take(block, &used, B * POOL1_OUT);
    a.cols2 = layout_take(block, &used, conv2d_cols_size(&CONV2));
    a.conv2 = layout_take(block, &used, B * CONV2_OUT);
    a.relu2 = layout_take(block, &used, B * CONV2_OUT);
    a.pool2 = layout_take(block, &used, B * POOL2_OUT);
    a.logits = layout_take(block, &used, B * MODEL_CLASSES);
    a.dpool2 = layout_take(block, &used, B * POOL2_OUT);
    a.drelu2 = layout_take(block, &used, B * CONV2_OUT);
    a.dconv2 = layout_take(block, &used, B * CONV2_OUT);
    a.back2 = layout_take(block, &used, conv2d_backward_scratch_size(&CONV2));
    a.dpool1 = layout_take(block, &used, B * POOL1_OUT);
    a.drelu1 = layout_take(block, &used, B * CONV1_OUT);
    a.dconv1 = layout_take(block, &used, B * CONV1_OUT);
    a.back1 = layout_take(block, &used, conv2d_backward_scratch_size(&CONV1));
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

size_t cnn_param_count(void)
{
    size_t count;
    cnn_params_in(NULL, &count);
    return count;
}

size_t cnn_activation_count(size_t max_batch)
{
    size_t count;
    cnn_activations_in(NULL, max_batch, &count);
    return count;
}

void cnn_init(float *params, struct rng *rng)
{
    struct cnn_params p = cnn_params_in(params, NULL);
    init_he_normal(p.conv1_weight, 8 * CONV1_PATCH, CONV1_PATCH, rng);
    memset(p.conv1_bias, 0, 8 * sizeof(float));
    init_he_normal(p.conv2_weight, 16 * CONV2_PATCH, CONV2_PATCH, rng);
    memset(p.conv2_bias, 0, 16 * sizeof(float));
    init_he_normal(p.fc_weight, MODEL_CLASSES * POOL2_OUT, POOL2_OUT, rng);
    memset(p.fc_bias, 0, MODEL_CLASSES * sizeof(float));
}

const float *cnn_forward(struct model *m, const float *images, size_t batch)
{
    struct cnn_params p = cnn_params_in(m->params, NULL);
    struct cnn_activations a = cnn_activations_in(m->activations, m->max_batch, NULL);

    conv2d_forward(a.conv1, a.cols1, images, p.conv1_weight, p.conv1_bias, batch, &CONV1);
    relu_forward(a.relu1, a.conv1, batch * CONV1_OUT);
    maxpool_forward(a.pool1, pool1_argmax(m), a.relu1, batch, 8, 24, 24);

    conv2d_forward(a.conv2, a.cols2, a.pool1, p.conv2_weight, p.conv2_bias, batch, &CONV2);
    relu_forward(a.relu2, a.conv2, batch * CONV2_OUT);
    maxpool_forward(a.pool2, pool2_argmax(m), a.relu2, batch, 16, 8, 8);

    /* flatten: pool2 [B, 16, 4, 4] is already [B, 256] in memory */
    dense_forward(a.logits, a.pool2, p.fc_weight, p.fc_bias, batch, POOL2_OUT, MODEL_CLASSES);
    return a.logits;
}

void cnn_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch)
{
    struct cnn_params p = cnn_params_in(m->params, NULL);
    struct cnn_params g = cnn_params_in(m->grads, NULL); /* same layout */
    struct cnn_activations a = cnn_activations_in(m->activations, m->max_batch, NULL);

    /* The forward pass in reverse; each step turns d loss / d (its output)
     * into d loss / d (its input) and adds to its parameters' gradients. */
    dense_backward(a.dpool2, g.fc_weight, g.fc_bias, dlogits, a.pool2,
                   p.fc_weight, batch, POOL2_OUT, MODEL_CLASSES);
    maxpool_backward(a.drelu2, a.dpool2, pool2_argmax(m), batch, 16, 8, 8);
    relu_backward(a.dconv2, a.drelu2, a.conv2, batch * CONV2_OUT);
    conv2d_backward(a.dpool1, g.conv2_weight, g.conv2_bias, a.back2, a.dconv2,
                    a.pool1, p.conv2_weight, batch, &CONV2);

    maxpool_backward(a.drelu1, a.dpool1, pool1_argmax(m), batch, 8, 24, 24);
    relu_backward(a.dconv1, a.drelu1, a.conv1, batch * CONV1_OUT);
    /* NULL: the loss does not need d loss / d images. */
    conv2d_backward(NULL, g.conv1_weight, g.conv1_bias, a.back1, a.dconv1,
                    images, p.conv1_weight, batch, &CONV1);
}

double cnn_forward_flops(void)
{
    /* one product per convolution: OC x (OH*OW) x (C*K*K); then the dense layer */
    return 2.0 * 8 * (24 * 24) * CONV1_PATCH
         + 2.0 * 16 * (8 * 8) * CONV2_PATCH
         + 2.0 * POOL2_OUT * MODEL_CLASSES;
}
