/* lesson12.h -- the functions of lesson 12, three variants of Adam:
 * AMSGrad, Nadam and AdaMax (lessons/12-adam-variants/README.md).
 * Included by lessons.h. */
#ifndef DESCENT_LESSON12_H
#define DESCENT_LESSON12_H

#include <stddef.h>

/* One step of AMSGrad (torch.optim.Adam with amsgrad=True, version 1.13;
 * lr 1e-3, betas 0.9 and 0.999, eps 1e-8 by default), step number t
 * counted from 1, for each i:
 *   m[i]     <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i]     <- beta2 * v[i] + (1 - beta2) * g[i] * g[i]
 *   v_max[i] <- max(v_max[i], v[i])                 the largest v so far
 *   w[i]     <- w[i] - lr / (1 - beta1^t) * m[i] / (sqrt(v_max[i]) / sqrt(1 - beta2^t) + eps)
 * m, v and v_max start at zero; v_max is never smaller than v and never
 * decreases. g is not changed; w and g may be the same array. */
void amsgrad_step(float *w, const float *g, float *m, float *v, float *v_max, size_t n,
                  float lr, float beta1, float beta2, float eps, long t);

/* One step of Nadam (torch.optim.NAdam, version 1.13; lr 2e-3, betas 0.9
 * and 0.999, eps 1e-8, momentum_decay psi 4e-3 by default), step number t
 * counted from 1. Once per call:
 *   mu      = beta1 * (1 - 0.5 * 0.96^(t * psi))          this step's momentum
 *   mu_next = beta1 * (1 - 0.5 * 0.96^((t + 1) * psi))    the next step's
 *   *mu_product <- *mu_product * mu                      mu_1 * ... * mu_t
 *   mu_product_next = *mu_product * mu_next
 * then for each i:
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i] <- beta2 * v[i] + (1 - beta2) * g[i] * g[i]
 *   denom = sqrt(v[i] / (1 - beta2^t)) + eps
 *   w[i] <- w[i] - lr * (1 - mu) / (1 - *mu_product) * g[i] / denom
 *               - lr * mu_next / (1 - mu_product_next) * m[i] / denom
 * m and v start at zero. *mu_product is one number for the whole array (the
 * running product of the momentum schedule, PyTorch's state 'mu_product'):
 * it is 1 before the first step, unlike every other state, and the kernel
 * multiplies it by mu on each call. g is not changed; w and g may be the
 * same array. */
void nadam_step(float *w, const float *g, float *m, float *v, double *mu_product, size_t n,
                float lr, float beta1, float beta2, float eps, float momentum_decay, long t);

/* One step of AdaMax (torch.optim.Adamax; lr 2e-3, betas 0.9 and 0.999,
 * eps 1e-8 by default), step number t counted from 1, for each i:
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   u[i] <- max(beta2 * u[i], |g[i]| + eps)          a decaying maximum of |g|
 *   w[i] <- w[i] - lr / (1 - beta1^t) * m[i] / u[i]
 * m and u start at zero; u is never below |g| + eps, so it is never zero
 * after a step. g is not changed; w and g may be the same array. */
void adamax_step(float *w, const float *g, float *m, float *u, size_t n, float lr, float beta1,
                 float beta2, float eps, long t);

#endif
