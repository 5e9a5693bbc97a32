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
    if (n < 2)
        return; /* nothing to permute, and nothing is drawn from rng */
    /* i counts down from n-1 to 1; n >= 2 here, so n - 1 cannot wrap. */
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = rng_below(rng, (uint32_t)(i + 1)); /* uniform in [0, i] */
        uint32_t held = order[i];
        order[i] = order[j];
        order[j] = held;
    }
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
    const size_t n = f->example_count;
    shuffle(order, n, rng);

    double loss_sum = 0.0; /* a sum of N terms: kept in double */
    for (size_t k = 0; k < n; k++) {
        /* The loss and gradient of one example, at the current w. */
        loss_sum += f->example_loss_and_gradient(f->context, w, order[k], g);
        /* The step of lesson 01, written out: w <- w - lr * g. */
        for (size_t p = 0; p < f->param_count; p++)
            w[p] -= lr * g[p];
    }
    return n > 0 ? loss_sum / (double)n : 0.0;
    /* STUDENT CODE END */
}
