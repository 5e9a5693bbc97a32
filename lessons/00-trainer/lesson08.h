/* lesson08.h -- the function of lesson 08, Adam with bias correction
 * (lessons/08-adam/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON08_H
#define DESCENT_LESSON08_H

#include <stddef.h>

/* One step of Adam (torch.optim.Adam, amsgrad off; lr 1e-3, betas 0.9 and
 * 0.999, eps 1e-8 by default), step number t counted from 1, for each i:
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i] <- beta2 * v[i] + (1 - beta2) * g[i] * g[i]
 *   m_hat = m[i] / (1 - beta1^t)          v_hat = v[i] / (1 - beta2^t)
 *   w[i] <- w[i] - lr * m_hat / (sqrt(v_hat) + eps)
 * m and v start at zero and store the uncorrected moments. The corrections,
 * m_hat, v_hat and the new w[i] are computed in double; w[i] is rounded to
 * float once, when it is stored (the lesson's tables assume this rounding). */
void adam_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
               float beta2, float eps, long t);

#endif
