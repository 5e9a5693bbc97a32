/* dense.h -- the fully connected (dense, "linear") layer.
 *
 * Math, for one batch (the layout of PyTorch's nn.Linear: one row of W per
 * output unit, so the product is with W transposed):
 *
 *   forward   y = x W^T + b          y[b,o] = b[o] + sum_i x[b,i] * W[o,i]
 *   backward  dx = dy W              dx[b,i] = sum_o dy[b,o] * W[o,i]
 *             dW += dy^T x           dW[o,i] += sum_b dy[b,o] * x[b,i]
 *             db += sum over b of dy db[o] += sum_b dy[b,o]
 *
 * Sizes: B = batch, C = in_features, OC = out_features. The conventions of
 * every layer in the trainer: arguments in the order outputs, inputs,
 * parameters, sizes; backward WRITES the input gradient (dx) and ADDS to the
 * parameter gradients (dW, db), because the gradient of a batch is summed
 * over everything that used a parameter; only the optimizer ever changes
 * the parameters themselves. */
#ifndef DESCENT_DENSE_H
#define DESCENT_DENSE_H

#include <stddef.h>

/* out    [B, OC]  written
 * inp    [B, C]
 * weight [OC, C]
 * bias   [OC] */
void dense_forward(float *out, const float *inp, const float *weight,
                   const float *bias, size_t batch, size_t in_features,
                   size_t out_features);

/* dinp    [B, C]   written; NULL skips it (the first layer of a model needs
 *                  no gradient with respect to the images)
 * dweight [OC, C]  accumulated (+=)
 * dbias   [OC]     accumulated (+=)
 * dout    [B, OC]  the gradient of the loss with respect to out
 * inp     [B, C]   the input of the forward pass
 * weight  [OC, C] */
void dense_backward(float *dinp, float *dweight, float *dbias,
                    const float *dout, const float *inp, const float *weight,
                    size_t batch, size_t in_features, size_t out_features);

#endif
