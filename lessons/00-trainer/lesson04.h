/* lesson04.h -- the function of lesson 04, momentum
 * (lessons/04-momentum/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON04_H
#define DESCENT_LESSON04_H

#include <stddef.h>

/* One step of SGD with momentum, in PyTorch's form (torch.optim.SGD with
 * momentum mu, dampening 0), for each i in [0, n):
 *   b[i] <- mu * b[i] + g[i]
 *   w[i] <- w[i] - lr * b[i]
 * b is the velocity buffer, owned by the caller and zero before the first
 * step, so that the first step gives b = g (as PyTorch does). g is not
 * changed. mu = 0 is plain gradient descent. */
void momentum_step(float *w, const float *g, float *b, size_t n, float lr, float mu);

#endif
