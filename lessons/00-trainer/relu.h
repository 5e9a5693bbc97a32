/* relu.h -- the rectified linear unit, applied element by element.
 *
 *   forward   y = max(x, 0)
 *   backward  dx = dy where x > 0, and 0 where x <= 0
 *
 * (At x = 0 the function has a kink; we use the derivative 0 there, as
 * PyTorch does.) Why ReLU: its derivative is exactly 1 for every active
 * unit, so gradients pass through many layers without shrinking, unlike
 * tanh or the logistic function, whose derivatives go to 0 when they
 * saturate. The layer has no parameters. */
#ifndef DESCENT_RELU_H
#define DESCENT_RELU_H

#include <stddef.h>

/* out [n] written, inp [n]; n counts every element of the batch. out may be
 * the same array as inp (in place). */
void relu_forward(float *out, const float *inp, size_t n);

/* dinp [n] written, dout [n], inp [n] the input of the forward pass. dinp
 * may be the same array as dout. */
void relu_backward(float *dinp, const float *dout, const float *inp, size_t n);

#endif
