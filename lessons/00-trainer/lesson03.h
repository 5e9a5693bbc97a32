/* lesson03.h -- the functions of lesson 03, mini-batch SGD
 * (lessons/03-mini-batch/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON03_H
#define DESCENT_LESSON03_H

#include <stddef.h>
#include <stdint.h>

#include "objective.h"
#include "rng.h"

/* What to do with the last batch when batch_size does not divide n. */
enum last_batch {
    LAST_BATCH_KEEP, /* a smaller final batch of n % batch_size examples */
    LAST_BATCH_DROP  /* leave those examples out of this epoch */
};

/* How many batches one epoch of n examples has: ceil(n / batch_size) with
 * LAST_BATCH_KEEP, floor(n / batch_size) with LAST_BATCH_DROP. 0 when n is 0.
 * batch_size >= 1. Exact for every n and batch_size up to SIZE_MAX (so not
 * (n + batch_size - 1) / batch_size, which wraps around there). */
size_t batch_count(size_t n, size_t batch_size, enum last_batch rule);

/* The k-th batch (0 <= k < batch_count(...)) covers positions
 * [*start, *start + length) of the epoch's order: *start = k * batch_size,
 * and the length, returned, is batch_size except for a kept last batch. */
size_t batch_bounds(size_t n, size_t batch_size, size_t k, size_t *start);

/* The average gradient over a batch of `count` examples:
 *   g = (1/count) * sum_{k < count} grad J_{batch[k]}(w)
 * example_g is scratch of f->param_count floats for one example's gradient;
 * the sum is accumulated in g. Returns the mean loss over the batch.
 * count >= 1. */
double batch_gradient(const struct objective *f, const float *w, const uint32_t *batch,
                      size_t count, float *g, float *example_g);

/* One epoch of mini-batch SGD: shuffle order (the Fisher-Yates shuffle of
 * lesson 02, given in minibatch.c so this lesson stands alone), then for
 * each batch k: g = batch_gradient over order[start .. start+length), and
 * w <- w - lr * g. g and example_g are scratch as above. Returns the mean
 * of the batch losses weighted by batch length, i.e. the mean loss over the
 * examples used (0 when there are none). */
double minibatch_epoch(const struct objective *f, float *w, float lr, size_t batch_size,
                       enum last_batch rule, uint32_t *order, float *g, float *example_g,
                       struct rng *rng);

#endif
