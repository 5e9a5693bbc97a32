/* lesson06.h -- the function of lesson 06, AdaGrad
 * (lessons/06-adagrad/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON06_H
#define DESCENT_LESSON06_H

#include <stddef.h>

/* One step of AdaGrad (torch.optim.Adagrad with lr_decay 0, eps 1e-10 by
 * default), for each i in [0, n):
 *   s[i] <- s[i] + g[i] * g[i]
 *   w[i] <- w[i] - lr * g[i] / (sqrt(s[i]) + eps)
 * s is the sum of squared gradients, zero before the first step. */
void adagrad_step(float *w, const float *g, float *s, size_t n, float lr, float eps);

#endif
