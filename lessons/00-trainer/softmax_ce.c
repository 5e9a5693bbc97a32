/* softmax_ce.c -- see softmax_ce.h for the math. */
#include "softmax_ce.h"

#include <assert.h>
#include <math.h>

/* The loss of one example: log(sum_j exp(z[j] - max)) - (z[y] - max), and
 * (if probs is not NULL) the softmax p[k] = exp(z[k] - max) / sum. The sum
 * and the log are taken in double. */
static double example_loss(float *probs, const float *logits, uint8_t label,
                           size_t classes)
{
    float max = logits[0];
    for (size_t k = 1; k < classes; k++)
        if (logits[k] > max)
            max = logits[k];

    double sum = 0.0;
    for (size_t k = 0; k < classes; k++)
        sum += exp((double)logits[k] - (double)max);

    if (probs != NULL)
        for (size_t k = 0; k < classes; k++)
            probs[k] = (float)(exp((double)logits[k] - (double)max) / sum);

    return log(sum) - ((double)logits[label] - (double)max);
}

double softmax_ce_forward(float *probs, const float *logits,
                          const uint8_t *labels, size_t batch, size_t classes)
{
    double total = 0.0;
    for (size_t b = 0; b < batch; b++) {
        assert(labels[b] < classes);
        total += example_loss(probs != NULL ? probs + b * classes : NULL,
                              logits + b * classes, labels[b], classes);
    }
    return batch > 0 ? total / (double)batch : 0.0;
}

void softmax_ce_backward(float *dlogits, const float *probs,
                         const uint8_t *labels, size_t batch, size_t classes)
{
    float scale = 1.0f / (float)batch;
    for (size_t b = 0; b < batch; b++)
        for (size_t k = 0; k < classes; k++) {
            float onehot = k == labels[b] ? 1.0f : 0.0f;
            dlogits[b * classes + k] = (probs[b * classes + k] - onehot) * scale;
        }
}
