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
    size_t full_batches = n / batch_size;    /* floor */
    size_t left_over = n % batch_size;       /* examples after the full batches */
    if (rule == LAST_BATCH_KEEP && left_over > 0)
        return full_batches + 1;             /* ceil, without overflow */
    return full_batches;
    /* STUDENT CODE END */
}

/* Section "Splitting an epoch into batches".
 *   batch k covers positions [k*b, k*b + length), length = min(b, n - k*b). */
size_t batch_bounds(size_t n, size_t batch_size, size_t k, size_t *start)
{
    /* STUDENT CODE BEGIN */
    *start = k * batch_size;
    size_t remaining = n - *start;  /* k < batch_count, so *start < n */
    return remaining < batch_size ? remaining : batch_size;
    /* STUDENT CODE END */
}

/* Section "The gradient of a batch".
 *   g = (1/count) * sum_k grad J_{batch[k]}(w);
 *   returns (1/count) * sum_k J_{batch[k]}(w). */
double batch_gradient(const struct objective *f, const float *w, const uint32_t *batch,
                      size_t count, float *g, float *example_g)
{
    /* STUDENT CODE BEGIN */
    const size_t d = f->param_count;
    for (size_t p = 0; p < d; p++)
        g[p] = 0.0f; /* g accumulates the sum: start it at zero */

    double loss_sum = 0.0;
    for (size_t k = 0; k < count; k++) {
        loss_sum += f->example_loss_and_gradient(f->context, w, batch[k], example_g);
        for (size_t p = 0; p < d; p++)
            g[p] += example_g[p];
    }

    /* The sum becomes a mean: divide by the batch's own length. */
    for (size_t p = 0; p < d; p++)
        g[p] /= (float)count;
    return loss_sum / (double)count;
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
    const size_t batches = batch_count(n, batch_size, rule);
    double loss_sum = 0.0; /* sum over the examples used: length * mean loss */
    size_t examples_used = 0;
    for (size_t k = 0; k < batches; k++) {
        size_t start;
        size_t length = batch_bounds(n, batch_size, k, &start);
        double batch_loss = batch_gradient(f, w, order + start, length, g, example_g);
        loss_sum += batch_loss * (double)length;
        examples_used += length;
        for (size_t p = 0; p < f->param_count; p++)
            w[p] -= lr * g[p];
    }
    return examples_used > 0 ? loss_sum / (double)examples_used : 0.0;
    /* STUDENT CODE END */
}
