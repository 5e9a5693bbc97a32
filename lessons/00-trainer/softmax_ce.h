/* softmax_ce.h -- softmax and cross-entropy loss, fused into one layer.
 *
 * For one example with logits z[0..K-1] and true class y:
 *
 *   p[k]  = exp(z[k]) / sum_j exp(z[j])          (softmax: probabilities)
 *   loss  = -log p[y] = log(sum_j exp(z[j])) - z[y]
 *
 * and the loss of a batch is the MEAN over its B examples, so the gradient
 * of the batch loss with respect to the logits is
 *
 *   dloss/dz[b,k] = (p[b,k] - [k == y_b]) / B
 *
 * Fusing the two layers gives this simple gradient (the Jacobian of softmax
 * alone is a K x K matrix) and a stable loss: exp(1000) overflows a float,
 * but softmax does not change when the same constant is subtracted from
 * every logit, so we subtract the largest one first. Then every exponent is
 * <= 0, every exp() is in (0, 1], and the sum is at least 1, so its log is
 * finite. */
#ifndef DESCENT_SOFTMAX_CE_H
#define DESCENT_SOFTMAX_CE_H

#include <stddef.h>
#include <stdint.h>

/* Returns the mean cross-entropy loss of the batch (in double).
 * probs  [B, K]  written: the softmax of each row of logits; NULL skips it
 * logits [B, K]
 * labels [B]     each in 0 .. K-1 */
double softmax_ce_forward(float *probs, const float *logits,
                          const uint8_t *labels, size_t batch, size_t classes);

/* dlogits [B, K]  written: (probs - onehot(labels)) / B
 * probs   [B, K]  from softmax_ce_forward
 * labels  [B] */
void softmax_ce_backward(float *dlogits, const float *probs,
                         const uint8_t *labels, size_t batch, size_t classes);

#endif
