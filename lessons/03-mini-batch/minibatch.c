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
    /* TODO:
     * 1. The full batches: n / batch_size (integer division rounds down).
     * 2. The examples left over: n % batch_size.
     * 3. LAST_BATCH_KEEP with some left over: one more batch for them.
     *    LAST_BATCH_DROP, or nothing left over: just the full batches.
     * (Avoid (n + batch_size - 1) / batch_size: it overflows for huge n.) */
    (void)n; (void)batch_size; (void)rule;
    not_implemented("batch_count", "03-mini-batch", "Splitting an epoch into batches");
    /* STUDENT CODE END */
}

/* Section "Splitting an epoch into batches".
 *   batch k covers positions [k*b, k*b + length), length = min(b, n - k*b). */
size_t batch_bounds(size_t n, size_t batch_size, size_t k, size_t *start)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. The batch starts at position k * batch_size: store it in *start.
     * 2. Return its length: batch_size, or fewer if fewer positions are
     *    left before n (only a kept last batch is shorter). */
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
    /* TODO:
     * 1. Set g[p] = 0 for every p < f->param_count: g accumulates a sum.
     * 2. For each k < count: call
     *      f->example_loss_and_gradient(f->context, w, batch[k], example_g),
     *    add the returned loss to a double sum, and add example_g[p] to g[p].
     * 3. Divide every g[p] by count, and return the loss sum / count. */
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
    /* TODO:
     * 1. The number of batches: batch_count(n, batch_size, rule).
     * 2. For each batch k: length = batch_bounds(n, batch_size, k, &start);
     *    g = the average gradient over order[start .. start+length) (use
     *    batch_gradient with the batch order + start); then
     *    w[p] -= lr * g[p] for every p < f->param_count.
     * 3. Add length * (the batch's mean loss) to a double sum, and count
     *    the examples used; return sum / examples used (0.0 if none). */
    (void)w; (void)lr; (void)batch_size; (void)rule; (void)g; (void)example_g;
    not_implemented("minibatch_epoch", "03-mini-batch", "One epoch of mini-batch SGD");
    /* STUDENT CODE END */
}
