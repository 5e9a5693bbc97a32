/* maxpool.h -- max-pooling over 2 x 2 windows with stride 2.
 *
 * Each channel of an H x W input is cut into non-overlapping 2 x 2 windows;
 * the output keeps the largest value of each window, so it is
 * OH x OW = (H/2) x (W/2) (an odd last row or column is dropped, as in
 * PyTorch). The layer has no parameters.
 *
 *   forward   y[c,r,s] = max over u,v in {0,1} of x[c, 2r+u, 2s+v]
 *   backward  dx[winner of window (c,r,s)] = dy[c,r,s]; every other dx is 0
 *
 * The max passes on exactly one input, so the gradient flows back to that
 * input only. The forward pass records which input won (its index in the
 * input tensor: the "argmax"), so the backward pass need not search again.
 * On a tie the first winner in reading order is kept. */
#ifndef DESCENT_MAXPOOL_H
#define DESCENT_MAXPOOL_H

#include <stddef.h>

/* out    [B, C, OH, OW]  written
 * argmax [B, C, OH, OW]  written: for each output, the index into inp of
 *                        the input that won
 * inp    [B, C, H, W]
 * (the three must not overlap) */
void maxpool_forward(float *restrict out, size_t *restrict argmax,
                     const float *restrict inp,
                     size_t batch, size_t channels, size_t height, size_t width);

/* The same, written the plain way: a loop over the four inputs of each
 * window, a branch per comparison. The tests check that maxpool_forward
 * (written so that the compiler can compare many windows at once, see
 * maxpool.c) gives its outputs and winners exactly, ties and NaNs
 * included. */
void maxpool_forward_reference(float *out, size_t *argmax, const float *inp,
                               size_t batch, size_t channels, size_t height,
                               size_t width);

/* dinp   [B, C, H, W]    written (zero except at the winners)
 * dout   [B, C, OH, OW]
 * argmax [B, C, OH, OW]  from maxpool_forward */
void maxpool_backward(float *dinp, const float *dout, const size_t *argmax,
                      size_t batch, size_t channels, size_t height, size_t width);

#endif
