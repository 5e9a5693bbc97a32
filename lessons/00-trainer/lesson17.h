/* lesson17.h -- the functions of lesson 17, dropout and batch normalization
 * (lessons/17-dropout-batchnorm/README.md). Included by lessons.h.
 *
 * Two layers that change how a network trains rather than what it
 * computes at the end. Both act on a batch of activations stored row by
 * row: x[b * features + j] is feature j of example b, for b < batch and
 * j < features (the MLP's hidden layer: features = 128). Both behave
 * differently while training and while evaluating. */
#ifndef DESCENT_LESSON17_H
#define DESCENT_LESSON17_H

#include <stddef.h>

#include "rng.h"

/* PyTorch's defaults for torch.nn.BatchNorm1d. */
#define BATCHNORM_EPS 1e-5f
#define BATCHNORM_MOMENTUM 0.1f

/* Inverted dropout over n activations, 0 <= p < 1 the probability of
 * dropping one (PyTorch's torch.nn.Dropout(p)).
 * Training (training != 0): for i = 0, 1, ..., n-1, in order, draw
 *   u_i = rng_uniform(rng);   mask[i] = u_i < p ? 0 : 1
 *   y[i] = mask[i] * x[i] * scale,   scale = 1.0f / (1.0f - p)   (in float)
 * so each unit is kept with probability 1 - p and E[y[i]] = x[i].
 * Exactly n uniforms are drawn, one per element, even when p = 0.
 * Evaluation (training == 0): y[i] = x[i]; nothing is drawn and mask is not
 * touched (it may be NULL). */
void dropout_forward(float *y, float *mask, const float *x, size_t n, float p,
                     int training, struct rng *rng);

/* The backward pass of training-mode dropout, with the forward pass's mask:
 *   dx[i] = dy[i] * mask[i] * scale,   scale = 1.0f / (1.0f - p)   */
void dropout_backward(float *dx, const float *dy, const float *mask, size_t n, float p);

/* The statistics of a batch, per feature j (batch >= 1), summed in double:
 *   mean[j] = (1/B) sum_b x[b,j]
 *   var[j]  = (1/B) sum_b (x[b,j] - mean[j])^2      the BIASED variance
 * (two passes: the mean first, then the squared deviations from it). */
void batchnorm_statistics(float *mean, float *var, const float *x, size_t batch,
                          size_t features);

/* The running statistics that evaluation uses, updated as
 * torch.nn.BatchNorm1d does after every training batch of B examples:
 *   running_mean[j] <- (1 - momentum) * running_mean[j] + momentum * mean[j]
 *   running_var[j]  <- (1 - momentum) * running_var[j]
 *                      + momentum * var[j] * B / (B - 1)
 * var is the biased batch variance of batchnorm_statistics; the running
 * variance averages the UNBIASED one, var * B / (B - 1). With B = 1 that is
 * undefined (PyTorch refuses such a batch): running_var is then left as it
 * is, and running_mean is updated. Computed in double, stored as float. */
void batchnorm_update_running(float *running_mean, float *running_var, const float *mean,
                              const float *var, size_t batch, size_t features,
                              float momentum);

/* Normalize, scale and shift a batch with the given statistics:
 *   x_hat[b,j] = (x[b,j] - mean[j]) / sqrt(var[j] + eps)
 *   y[b,j]     = gamma[j] * x_hat[b,j] + beta[j]
 * Training passes the batch's own mean and biased variance; evaluation
 * passes the running ones. x_hat (kept for the backward pass) may be NULL,
 * as in evaluation. The rounding, exactly (the tests compare bits):
 *   x_hat = (float)(((double)x - (double)mean) / sqrt((double)var + (double)eps))
 *     the subtraction, sqrt and the division in double, rounded once;
 *   y = gamma[j] * x_hat + beta[j]   in float, from that FLOAT x_hat:
 *     the product rounded to float, then the sum (no double, no fma).
 * y computed in double from the unrounded x_hat differs in the last bits,
 * enough to move the experiment's accuracies. */
void batchnorm_normalize(float *y, float *x_hat, const float *x, const float *mean,
                         const float *var, const float *gamma, const float *beta,
                         size_t batch, size_t features, float eps);

/* The backward pass of training-mode batch normalization, from dy [B, F],
 * the forward pass's x_hat [B, F] and batch variance var [F]:
 *   dbeta[j]  += sum_b dy[b,j]
 *   dgamma[j] += sum_b dy[b,j] * x_hat[b,j]
 *   dx[b,j]    = gamma[j] / (B * sqrt(var[j] + eps))
 *                * (B * dy[b,j] - sum_c dy[c,j] - x_hat[b,j] * sum_c dy[c,j] x_hat[c,j])
 * dx is WRITTEN, dgamma and dbeta are ADDED to (like dense_backward). The
 * sums in double. The mean and variance depend on every x[b,j], hence the
 * two sums: this is the gradient through the statistics too. */
void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy,
                        const float *x_hat, const float *var, const float *gamma,
                        size_t batch, size_t features, float eps);

#endif
