/* lesson07.h -- the functions of lesson 07, RMSProp and Adadelta
 * (lessons/07-rmsprop/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON07_H
#define DESCENT_LESSON07_H

#include <stddef.h>

/* One step of RMSProp (torch.optim.RMSprop, not centered, no momentum;
 * alpha 0.99 and eps 1e-8 by default), for each i in [0, n):
 *   v[i] <- alpha * v[i] + (1 - alpha) * g[i] * g[i]
 *   w[i] <- w[i] - lr * g[i] / (sqrt(v[i]) + eps)
 * v is the moving average of squared gradients, zero before the first step. */
void rmsprop_step(float *w, const float *g, float *v, size_t n, float lr, float alpha,
                  float eps);

/* One step of Adadelta (torch.optim.Adadelta; rho 0.9, eps 1e-6, lr 1.0 by
 * default), for each i in [0, n):
 *   v[i]     <- rho * v[i] + (1 - rho) * g[i] * g[i]
 *   delta    =  sqrt(u[i] + eps) / sqrt(v[i] + eps) * g[i]
 *   u[i]     <- rho * u[i] + (1 - rho) * delta * delta
 *   w[i]     <- w[i] - lr * delta
 * v (squared gradients) and u (squared updates) start at zero. The optional
 * part of lesson 07. */
void adadelta_step(float *w, const float *g, float *v, float *u, size_t n, float lr, float rho,
                   float eps);

#endif
