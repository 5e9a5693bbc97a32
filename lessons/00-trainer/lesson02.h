/* lesson02.h -- the functions of lesson 02, SGD with shuffling
 * (lessons/02-sgd-shuffling/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON02_H
#define DESCENT_LESSON02_H

#include <stddef.h>
#include <stdint.h>

#include "objective.h"
#include "rng.h"

/* Puts order[0..n-1] into a uniformly random order, in place, by the
 * Fisher-Yates shuffle: for i = n-1 down to 1, pick j uniform in [0, i]
 * with rng_below(rng, i + 1) and swap order[i] and order[j]. Every one of
 * the n! orders is equally likely. n = 0 and n = 1 leave order unchanged
 * (and draw nothing from rng). */
void shuffle(uint32_t *order, size_t n, struct rng *rng);

/* One epoch of stochastic gradient descent, one example per step:
 *   1. shuffle order[0..N-1] (it holds a permutation of 0..N-1 on entry);
 *   2. for k = 0 .. N-1, with i = order[k]:
 *        loss_k = J_i(w) and g = grad J_i(w)   (f->example_loss_and_gradient)
 *        w <- w - lr * g                       (lesson 01's rule, as a loop)
 * Write that step as a loop over the f->param_count parameters here; do not
 * call lesson 01's gd_step: a lesson never calls another lesson's code (it
 * would not link without lesson 01's file). g is scratch of
 * f->param_count floats. Returns the mean of the N losses loss_k, each
 * taken just before its step (0 when N = 0). */
double sgd_epoch(const struct objective *f, float *w, float lr, uint32_t *order, float *g,
                 struct rng *rng);

#endif
