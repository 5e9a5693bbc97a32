/* model_parts.h -- what model.c needs from the files that define the two
 * networks (mlp.c, cnn.c), and the helpers they share. Internal to the
 * trainer's model code: use model.h. */
#ifndef DESCENT_MODEL_PARTS_H
#define DESCENT_MODEL_PARTS_H

#include <stddef.h>

#include "model.h"
#include "rng.h"

/* Lays out tensors one after the other in a flat block: returns the
 * address of `count` floats at offset *used and advances *used by count.
 * Called with block == NULL it returns NULL and only counts, so ONE
 * function per model both measures a layout and points views into it. */
float *layout_take(float *block, size_t *used, size_t count);
size_t *layout_take_indices(size_t *block, size_t *used, size_t count);

/* He initialisation of `count` weights: each ~ N(0, 2 / fan_in). */
void init_he_normal(float *weight, size_t count, size_t fan_in, struct rng *rng);

/* The MLP (mlp.c), with lesson 17's layers as extras says (model.h). Sizes
 * of its parameter and activation blocks, the layers batch norm normalizes; its initialisation;
 * forward (returns the logits [batch, 10], inside m->activations; training
 * 1 or 0 picks the mode of lesson 17's layers); backward from d loss /
 * d logits, accumulating into m->grads. */
size_t mlp_param_count(const struct model_extras *extras);
size_t mlp_activation_count(size_t max_batch, const struct model_extras *extras);
size_t mlp_normalized_layers(size_t *features); /* model_normalized_layers */
void mlp_init(float *params, float *buffers, const struct model_extras *extras,
              struct rng *rng);
const float *mlp_forward(struct model *m, const float *images, size_t batch, int training);
void mlp_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch);
double mlp_forward_flops(void);

/* The CNN (cnn.c): the same, plus its max-pool winners. */
size_t cnn_param_count(const struct model_extras *extras);
size_t cnn_activation_count(size_t max_batch, const struct model_extras *extras);
size_t cnn_normalized_layers(size_t *features);
size_t cnn_argmax_count(size_t max_batch);
void cnn_init(float *params, float *buffers, const struct model_extras *extras,
              struct rng *rng);
const float *cnn_forward(struct model *m, const float *images, size_t batch, int training);
void cnn_backward(struct model *m, const float *images, const float *dlogits,
                  size_t batch);
double cnn_forward_flops(void);

#endif
