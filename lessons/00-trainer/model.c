/* model.c -- the interface of model.h: allocation, initialisation, and the
 * loss / gradient / evaluation passes, shared by both networks. The
 * networks themselves are in mlp.c and cnn.c. */
#include "model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_parts.h"
#include "softmax_ce.h"

float *layout_take(float *block, size_t *used, size_t count)
{
    float *view = block != NULL ? block + *used : NULL;
    *used += count;
    return view;
}

size_t *layout_take_indices(size_t *block, size_t *used, size_t count)
{
    size_t *view = block != NULL ? block + *used : NULL;
    *used += count;
    return view;
}

void init_he_normal(float *weight, size_t count, size_t fan_in, struct rng *rng)
{
    float std = (float)sqrt(2.0 / (double)fan_in);
    for (size_t i = 0; i < count; i++)
        weight[i] = std * rng_normal(rng);
}

const char *model_kind_name(enum model_kind kind)
{
    return kind == MODEL_MLP ? "mlp" : kind == MODEL_CNN ? "cnn" : "unknown";
}

size_t model_normalized_layers(enum model_kind kind,
                               size_t features[MODEL_MAX_NORMALIZED_LAYERS])
{
    return kind == MODEL_MLP ? mlp_normalized_layers(features)
                             : cnn_normalized_layers(features);
}

size_t model_buffer_count(enum model_kind kind, const struct model_extras *extras)
{
    size_t features[MODEL_MAX_NORMALIZED_LAYERS], count = 0;
    if (extras == NULL || !extras->batch_norm)
        return 0;
    for (size_t k = 0, layers = model_normalized_layers(kind, features); k < layers; k++)
        count += 2 * features[k]; /* its running mean and running variance */
    return count;
}

int model_create(struct model *m, enum model_kind kind, size_t max_batch,
                 struct rng *rng, struct error *err)
{
    return model_create_with_extras(m, kind, NULL, max_batch, rng, err);
}

/* Lesson 17's layers: refuses settings they cannot have. */
static int check_extras(const struct model_extras *e, struct error *err)
{
    if (e == NULL || (e->dropout == 0.0f && !e->batch_norm))
        return 0;
    if (!(e->dropout >= 0.0f && e->dropout < 1.0f))
        return error_set(err, "model_create: the dropout probability must be in [0, 1), "
                         "got %g", (double)e->dropout);
    if (e->layers == NULL)
        return error_set(err, "model_create: dropout or batch normalization without "
                         "lesson 17's functions (extras->layers is NULL)");
    return 0;
}

int model_create_with_extras(struct model *m, enum model_kind kind,
                             const struct model_extras *extras, size_t max_batch,
                             struct rng *rng, struct error *err)
{
    memset(m, 0, sizeof *m);
    if (kind != MODEL_MLP && kind != MODEL_CNN)
        return error_set(err, "model_create: unknown model kind %d (expected MODEL_MLP or MODEL_CNN)",
                         (int)kind);
    if (max_batch == 0)
        return error_set(err, "model_create: max_batch must be at least 1");
    if (check_extras(extras, err) != 0)
        return -1;

    size_t params = kind == MODEL_MLP ? mlp_param_count(extras) : cnn_param_count(extras);
    size_t activations = kind == MODEL_MLP ? mlp_activation_count(max_batch, extras)
                                           : cnn_activation_count(max_batch, extras);
    size_t buffers = model_buffer_count(kind, extras);
    size_t argmaxes = kind == MODEL_MLP ? 0 : cnn_argmax_count(max_batch);
    size_t outputs = max_batch * MODEL_CLASSES;

    /* One block: the size_t indices first (their alignment is the stricter),
     * then params, grads, probs, dlogits, the activations and the buffers. */
    size_t floats = 2 * params + 2 * outputs + activations + buffers;
    if (floats > (SIZE_MAX - argmaxes * sizeof(size_t)) / sizeof(float))
        return error_set(err, "model_create: max_batch %zu is too large", max_batch);
    void *memory = malloc(argmaxes * sizeof(size_t) + floats * sizeof(float));
    if (memory == NULL)
        return error_set(err, "model_create: out of memory for a %s with max_batch %zu",
                         model_kind_name(kind), max_batch);

    size_t used = 0;
    m->pool_argmax = layout_take_indices(memory, &used, argmaxes);
    float *block = (float *)(m->pool_argmax + argmaxes);
    used = 0;
    m->params = layout_take(block, &used, params);
    m->grads = layout_take(block, &used, params);
    m->probs = layout_take(block, &used, outputs);
    m->dlogits = layout_take(block, &used, outputs);
    m->activations = layout_take(block, &used, activations);
    m->buffers = layout_take(block, &used, buffers);

    m->kind = kind;
    m->max_batch = max_batch;
    m->param_count = params;
    m->activation_count = activations;
    m->buffer_count = buffers;
    m->argmax_count = argmaxes;
    if (extras != NULL)
        m->extras = *extras;
    m->memory = memory;

    if (kind == MODEL_MLP)
        mlp_init(m->params, m->buffers, extras, rng);
    else
        cnn_init(m->params, m->buffers, extras, rng);
    memset(m->grads, 0, params * sizeof(float));
    return 0;
}

void model_free(struct model *m)
{
    free(m->memory);
    memset(m, 0, sizeof *m);
}

const float *model_forward(struct model *m, const float *images, size_t batch)
{
    assert(batch >= 1 && batch <= m->max_batch);
    return m->kind == MODEL_MLP ? mlp_forward(m, images, batch, 0)
                                : cnn_forward(m, images, batch, 0);
}

double model_loss_and_gradient(struct model *m, const float *images,
                               const uint8_t *labels, size_t batch)
{
    memset(m->grads, 0, m->param_count * sizeof(float));

    assert(batch >= 1 && batch <= m->max_batch);
    const float *logits = m->kind == MODEL_MLP ? mlp_forward(m, images, batch, 1)
                                               : cnn_forward(m, images, batch, 1);
    double loss = softmax_ce_forward(m->probs, logits, labels, batch, MODEL_CLASSES);
    softmax_ce_backward(m->dlogits, m->probs, labels, batch, MODEL_CLASSES);

    if (m->kind == MODEL_MLP)
        mlp_backward(m, images, m->dlogits, batch);
    else
        cnn_backward(m, images, m->dlogits, batch);
    return loss;
}

/* The index of the largest of n scores (the first one on a tie). */
static size_t argmax(const float *scores, size_t n)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (scores[i] > scores[best])
            best = i;
    return best;
}

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

size_t model_count_correct(struct model *m, const float *images,
                           const uint8_t *labels, size_t count)
{
    size_t correct = 0;
    for (size_t start = 0; start < count; start += m->max_batch) {
        size_t batch = min_size(m->max_batch, count - start);
        const float *logits = model_forward(m, images + start * MODEL_INPUTS, batch);
        for (size_t b = 0; b < batch; b++)
            if (argmax(logits + b * MODEL_CLASSES, MODEL_CLASSES) == labels[start + b])
                correct++;
    }
    return correct;
}

double model_loss(struct model *m, const float *images,
                  const uint8_t *labels, size_t count)
{
    double total = 0.0; /* the sum of the per-example losses */
    for (size_t start = 0; start < count; start += m->max_batch) {
        size_t batch = min_size(m->max_batch, count - start);
        const float *logits = model_forward(m, images + start * MODEL_INPUTS, batch);
        total += (double)batch * softmax_ce_forward(NULL, logits, labels + start,
                                                    batch, MODEL_CLASSES);
    }
    return count > 0 ? total / (double)count : 0.0;
}

double model_forward_flops(enum model_kind kind)
{
    return kind == MODEL_MLP ? mlp_forward_flops() : cnn_forward_flops();
}
