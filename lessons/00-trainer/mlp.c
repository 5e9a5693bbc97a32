/* mlp.c -- the multilayer perceptron 784 -> 128 -> ReLU -> 10.
 *
 *   x [B, 784] --dense fc1--> fc1 [B, 128] --ReLU--> relu1 [B, 128]
 *              --dense fc2--> logits [B, 10] --softmax + cross-entropy--> loss
 *
 * Each image is treated as a flat vector of 784 pixels: the MLP knows
 * nothing of which pixels are neighbours (compare cnn.c), and its first
 * layer alone has 784 * 128 weights. */
#include <string.h>

#include "dense.h"
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
};

/* The activations of a batch of up to max_batch images. */
struct mlp_activations {
    float *fc1;    /* [B, 128] the first layer's output, before the ReLU */
    float *relu1;  /* [B, 128] */
    float *logits; /* [B, 10] */
    float *drelu1; /* [B, 128] d loss / d relu1 */
    float *dfc1;   /* [B, 128] d loss / d fc1 */
};

/* Points the views into `block` (NULL: only counts) and, if count is not
 * NULL, stores there the number of floats the layout needs. */
static struct mlp_params mlp_params_in(float *block, size_t *count)
{
    struct mlp_params p;
    size_t used = 0;
    p.fc1_weight = layout_take(block, &used, HIDDEN * MODEL_INPUTS);
    p.fc1_bias = layout_take(block, &used, HIDDEN);
    p.fc2_weight = layout_take(block, &used, MODEL_CLASSES * HIDDEN);
    p.fc2_bias = layout_take(block, &used, MODEL_CLASSES);
    if (count != NULL)
        *count = used;
    return p;
}

static struct mlp_activations mlp_activations_in(float *block, size_t max_batch,
                                                 size_t *count)
{
    struct mlp_activations a;
    size_t used = 0;
    a.fc1 = layout_take(block, &used, max_batch * HIDDEN);
    a.relu1 = layout_take(block, &used, max_batch * HIDDEN);
    a.logits = layout_take(block, &used, max_batch * MODEL_CLASSES);
    a.drelu1 = layout_take(block, &used, max_batch * HIDDEN);
    a.dfc1 = layout_take(block, &used, max_batch * HIDDEN);
    if (count != NULL)
        *count = used;
    return a;
}

size_t mlp_param_count(void)
{
    size_t count;
    mlp_params_in(NULL, &count);
    return count;
}

size_t mlp_activation_count(size_t max_batch)
{
    size_t count;
    mlp_activations_in(NULL, max_batch, &count);
    return count;
}

void mlp_init(float *params, struct rng *rng)
{
    struct mlp_params p = mlp_params_in(params, NULL);
    init_he_normal(p.fc1_weight, HIDDEN * MODEL_INPUTS, MODEL_INPUTS, rng);
    memset(p.fc1_bias, 0, HIDDEN * sizeof(float));
    init_he_normal(p.fc2_weight, MODEL_CLASSES * HIDDEN, HIDDEN, rng);
    memset(p.fc2_bias, 0, MODEL_CLASSES * sizeof(float));
}

const float *mlp_forward(struct model *m, const float *images, size_t batch)
{
    struct mlp_params p = mlp_params_in(m->params, NULL);
    struct mlp_activations a = mlp_activations_in(m->activations, m->max_batch, NULL);

    dense_forward(a.fc1, images, p.fc1_weight, p.fc1_bias, batch, MODEL_INPUTS, HIDDEN);
    relu_forward(a.relu1, a.fc1, batch * HIDDEN);
    dense_forward(a.logits, a.relu1, p.fc2_weight, p.fc2_bias, batch, HIDDEN, MODEL_CLASSES);
    return a.logits;
}

void mlp_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch)
{
    struct mlp_params p = mlp_params_in(m->params, NULL);
    struct mlp_params g = mlp_params_in(m->grads, NULL); /* same layout */
    struct mlp_activations a = mlp_activations_in(m->activations, m->max_batch, NULL);

    /* The forward pass in reverse; each step turns d loss / d (its output)
     * into d loss / d (its input) and adds to its parameters' gradients. */
    dense_backward(a.drelu1, g.fc2_weight, g.fc2_bias, dlogits, a.relu1,
                   p.fc2_weight, batch, HIDDEN, MODEL_CLASSES);
    relu_backward(a.dfc1, a.drelu1, a.fc1, batch * HIDDEN);
    /* NULL: the loss does not need d loss / d images. */
    dense_backward(NULL, g.fc1_weight, g.fc1_bias, a.dfc1, images,
                   p.fc1_weight, batch, MODEL_INPUTS, HIDDEN);
}

double mlp_forward_flops(void)
{
    return 2.0 * MODEL_INPUTS * HIDDEN + 2.0 * HIDDEN * MODEL_CLASSES;
}
