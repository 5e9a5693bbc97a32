/* lesson11.h -- the functions of lesson 11, decoupled weight decay: AdamW
 * against L2 regularisation inside Adam (lessons/11-weight-decay/README.md).
 * Included by lessons.h. */
#ifndef DESCENT_LESSON11_H
#define DESCENT_LESSON11_H

#include <stddef.h>

/* One step of Adam with L2 regularisation (torch.optim.Adam with
 * weight_decay = wd, amsgrad off; lr 1e-3, betas 0.9 and 0.999, eps 1e-8,
 * weight_decay 0 by default), step number t counted from 1, for each i:
 *   gw     = g[i] + weight_decay * w[i]          the gradient of f + wd/2 |w|^2
 *   m[i]  <- beta1 * m[i] + (1 - beta1) * gw
 *   v[i]  <- beta2 * v[i] + (1 - beta2) * gw * gw
 *   m_hat = m[i] / (1 - beta1^t)          v_hat = v[i] / (1 - beta2^t)
 *   w[i]  <- w[i] - lr * m_hat / (sqrt(v_hat) + eps)
 * m and v start at zero and store the uncorrected moments of gw. g is not
 * changed; w and g may be the same array. */
void adam_l2_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
                  float beta2, float eps, float weight_decay, long t);

/* One step of AdamW (torch.optim.AdamW, amsgrad off; lr 1e-3, betas 0.9 and
 * 0.999, eps 1e-8, weight_decay 0.01 by default), step number t counted
 * from 1, for each i:
 *   w[i]  <- w[i] * (1 - lr * weight_decay)      decay first, from the weight alone
 *   m[i]  <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i]  <- beta2 * v[i] + (1 - beta2) * g[i] * g[i]
 *   m_hat = m[i] / (1 - beta1^t)          v_hat = v[i] / (1 - beta2^t)
 *   w[i]  <- w[i] - lr * m_hat / (sqrt(v_hat) + eps)
 * m and v start at zero and store the uncorrected moments of g alone. g is
 * not changed; w and g may be the same array. */
void adamw_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
                float beta2, float eps, float weight_decay, long t);

#endif
