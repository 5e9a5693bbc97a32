/* adam.c -- lesson 08: Adam with bias correction.
 *
 * You write one function, the Adam step. It keeps two moving averages per
 * parameter -- m, of the gradients (their signs: a direction), and v, of
 * the squared gradients (their sizes) -- corrects both for having started
 * at zero, and moves each parameter by about lr in the direction m points.
 * The lesson text is lessons/08-adam/README.md. Write your code between the
 * STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "The update" (PyTorch's torch.optim.Adam, which is Algorithm 1 of
 * Kingma and Ba). With t the number of this step, counted from 1:
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]            first moment
 *   v[i] <- beta2 * v[i] + (1 - beta2) * g[i]^2          second moment
 *   m_hat = m[i] / (1 - beta1^t)                         bias corrections
 *   v_hat = v[i] / (1 - beta2^t)                         (not stored)
 *   w[i] <- w[i] - lr * m_hat / (sqrt(v_hat) + eps)      eps outside the root
 * m and v keep the uncorrected averages. g is not changed. */
void adam_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
               float beta2, float eps, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: update m[i] and v[i] for every i, then move w[i] by the
     * bias-corrected step of the formula above, with t as given; leave g as
     * it is. Stuck? make hint LESSON=8 */
    (void)w; (void)g; (void)m; (void)v; (void)n; (void)lr; (void)beta1; (void)beta2;
    (void)eps; (void)t;
    not_implemented("adam_step", "08-adam", "The update");
    /* STUDENT CODE END */
}
