/* sgd.c -- lesson 02: stochastic gradient descent with shuffling.
 *
 * You write two functions: the Fisher-Yates shuffle, which puts the
 * examples into a fresh random order, and one epoch of SGD, which visits
 * the examples in that order and takes one step per example. The lesson
 * text is lessons/02-sgd-shuffling/README.md; each function names the
 * section that explains it. Write your code between the STUDENT CODE
 * markers only: the rest of the file is shared with the reference solution
 * and checked. */
#include "lessons.h"

/* Section "The shuffle: Fisher-Yates".
 *   for i = n-1 down to 1:  j = rng_below(rng, i + 1)   (uniform in [0, i])
 *                           swap order[i] and order[j]
 * After the step for i, order[i] holds a uniformly chosen element of the
 * ones not yet placed, so each of the n! orders has probability 1/n!. */
void shuffle(uint32_t *order, size_t n, struct rng *rng)
{
    /* STUDENT CODE BEGIN */
    /* TODO: put order[0..n-1] into a uniformly random order with the
     * Fisher-Yates shuffle, drawing from rng. Stuck? make hint LESSON=2 */
    (void)order; (void)n; (void)rng;
    not_implemented("shuffle", "02-sgd-shuffling", "The shuffle: Fisher-Yates");
    /* STUDENT CODE END */
}

/* Section "One epoch of SGD".
 *   shuffle order; then for k = 0 .. N-1, with i = order[k]:
 *     loss_k = J_i(w),  g = grad J_i(w),  w <- w - lr * g
 *   returns (1/N) * sum_k loss_k   (0 when N = 0). */
double sgd_epoch(const struct objective *f, float *w, float lr, uint32_t *order, float *g,
                 struct rng *rng)
{
    /* STUDENT CODE BEGIN */
    /* TODO: shuffle order, take one SGD step per example in that order, and
     * return the mean of the losses. Stuck? make hint LESSON=2 */
    (void)f; (void)w; (void)lr; (void)order; (void)g; (void)rng;
    not_implemented("sgd_epoch", "02-sgd-shuffling", "One epoch of SGD");
    /* STUDENT CODE END */
}
