/* minibatch.c -- lesson 03: mini-batch stochastic gradient descent.
 *
 * You write four functions: how many batches an epoch has, where each
 * batch starts and how long it is, the average gradient over one batch, and
 * the epoch that ties them together. The shuffle at the start of the epoch
 * is given (it was lesson 02's subject). The lesson text is
 * lessons/03-mini-batch/README.md; each function names the section that
 * explains it. Write your code between the STUDENT CODE markers only: the
 * rest of the file is shared with the reference solution and checked. */
#include "lessons.h"

/* Given code (section "The shuffle is given"): the Fisher-Yates shuffle of
 * lesson 02, written again here so that this lesson does not depend on
 * your lesson 02 code. For i = n-1 down to 1: j = rng_below(rng, i + 1),
 * swap order[i] and order[j]. The same seed gives the same order as lesson
 * 02's shuffle. */
static void shuffle_examples(uint32_t *order, size_t n, struct rng *rng)
{
    if (n < 2)
        return;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = rng_below(rng, (uint32_t)(i + 1));
        uint32_t held = order[i];
        order[i] = order[j];
        order[j] = held;
    }
}

/* Section "Splitting an epoch into batches".
 *   KEEP: ceil(n / batch_size)  batches, the last one possibly shorter;
 *   DROP: floor(n / batch_size) batches, all full. */
size_t batch_count(size_t n, size_t batch_size, enum last_batch rule)
{
    /* STUDENT CODE BEGIN */
    /* TODO: return the number of batches of an epoch of n examples under the
     * rule (KEEP or DROP for the left-over examples). Stuck? make hint LESSON=3 */
    (void)n; (void)batch_size; (void)rule;
    not_implemented("batch_count", "03-mini-batch", "Splitting an epoch into batches");
    /* STUDENT CODE END */
}

/* Section "Splitting an epoch into batches".
 *   batch k covers positions [k*b, k*b + length), length = min(b, n - k*b). */
size_t batch_bounds(size_t n, size_t batch_size, size_t k, size_t *start)
{
    /* STUDENT CODE BEGIN */
    /* TODO: store where batch k starts in *start and return its length.
     * Stuck? make hint LESSON=3 */
    (void)n; (void)batch_size; (void)k; (void)start;
    not_implemented("batch_bounds", "03-mini-batch", "Splitting an epoch into batches");
    /* STUDENT CODE END */
}

/* Section "The gradient of a batch".
 *   g = (1/count) * sum_k grad J_{batch[k]}(w);
 *   returns (1/count) * sum_k J_{batch[k]}(w). */
double batch_gradient(const struct objective *f, const float *w, const uint32_t *batch,
                      size_t count, float *g, float *example_g)
{
    /* STUDENT CODE BEGIN */
    /* TODO: write the mean gradient of the count examples of batch into g
     * and return their mean loss. Stuck? make hint LESSON=3 */
    (void)f; (void)w; (void)batch; (void)count; (void)g; (void)example_g;
    not_implemented("batch_gradient", "03-mini-batch", "The gradient of a batch");
    /* STUDENT CODE END */
}

/* Section "One epoch of mini-batch SGD".
 *   shuffle order; for each batch k: g = batch_gradient, w <- w - lr * g;
 *   returns sum_k (length_k * loss_k) / sum_k length_k   (0 if no batch). */
double minibatch_epoch(const struct objective *f, float *w, float lr, size_t batch_size,
                       enum last_batch rule, uint32_t *order, float *g, float *example_g,
                       struct rng *rng)
{
    const size_t n = f->example_count;
    shuffle_examples(order, n, rng); /* given: a fresh order every epoch */

    /* STUDENT CODE BEGIN */
    /* TODO: take one step per batch of the shuffled order, with the batch's
     * mean gradient, and return the mean loss per example used.
     * Stuck? make hint LESSON=3 */
    (void)w; (void)lr; (void)batch_size; (void)rule; (void)g; (void)example_g;
    not_implemented("minibatch_epoch", "03-mini-batch", "One epoch of mini-batch SGD");
    /* STUDENT CODE END */
}
