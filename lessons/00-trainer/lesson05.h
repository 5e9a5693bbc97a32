/* lesson05.h -- the function of lesson 05, Nesterov accelerated gradient
 * (lessons/05-nesterov/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON05_H
#define DESCENT_LESSON05_H

#include <stddef.h>

/* One step of Nesterov momentum in PyTorch's form (torch.optim.SGD with
 * nesterov=True, dampening 0), for each i in [0, n):
 *   b[i] <- mu * b[i] + g[i]
 *   w[i] <- w[i] - lr * (g[i] + mu * b[i])
 * g is the gradient at the current w; b starts at zero. g is not changed. */
void nesterov_step(float *w, const float *g, float *b, size_t n, float lr, float mu);

#endif
