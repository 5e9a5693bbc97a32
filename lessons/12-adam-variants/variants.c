/* variants.c -- lesson 12: three variants of Adam, AMSGrad, Nadam and
 * AdaMax.
 *
 * You write three functions. Each is Adam (lesson 08) with one change:
 * AMSGrad divides by the largest second moment seen so far, so its
 * effective rate can never grow; Nadam applies momentum the Nesterov way,
 * looking one step ahead; AdaMax replaces the root mean square of the
 * gradients by a decaying maximum of their sizes. The lesson text is
 * lessons/12-adam-variants/README.md. Write your code between the STUDENT
 * CODE markers only: the rest of the file is shared with the reference
 * solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "AMSGrad: a denominator that never shrinks" (torch.optim.Adam with
 * amsgrad=True). With t the number of this step, counted from 1:
 *   m[i]     <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i]     <- beta2 * v[i] + (1 - beta2) * g[i]^2
 *   v_max[i] <- max(v_max[i], v[i])
 *   w[i]     <- w[i] - lr / (1 - beta1^t) * m[i] / (sqrt(v_max[i]) / sqrt(1 - beta2^t) + eps)
 * g is not changed. */
void amsgrad_step(float *w, const float *g, float *m, float *v, float *v_max, size_t n,
                  float lr, float beta1, float beta2, float eps, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: one Adam step on every weight, but keep in v_max the largest
     * v seen and divide by its root instead of v's. Stuck? make hint LESSON=12 */
    (void)w; (void)g; (void)m; (void)v; (void)v_max; (void)n; (void)lr; (void)beta1;
    (void)beta2; (void)eps; (void)t;
    not_implemented("amsgrad_step", "12-adam-variants",
                    "AMSGrad: a denominator that never shrinks");
    /* STUDENT CODE END */
}

/* Section "Nadam: Adam with a look ahead" (torch.optim.NAdam). With t the
 * number of this step, counted from 1, and psi = momentum_decay:
 *   mu      = beta1 * (1 - 0.5 * 0.96^(t psi)),  mu_next = the same at t + 1
 *   *mu_product <- *mu_product * mu              (mu_1 ... mu_t)
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i] <- beta2 * v[i] + (1 - beta2) * g[i]^2
 *   denom = sqrt(v[i] / (1 - beta2^t)) + eps
 *   w[i] <- w[i] - lr (1 - mu) / (1 - mu_1...mu_t) * g[i] / denom
 *               - lr mu_next / (1 - mu_1...mu_t mu_next) * m[i] / denom
 * g is not changed. */
void nadam_step(float *w, const float *g, float *m, float *v, double *mu_product, size_t n,
                float lr, float beta1, float beta2, float eps, float momentum_decay, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: update *mu_product once, then one Nadam step on every weight:
     * the fresh gradient and the momentum, each with its own weight over
     * Adam's denominator. Stuck? make hint LESSON=12 */
    (void)w; (void)g; (void)m; (void)v; (void)mu_product; (void)n; (void)lr; (void)beta1;
    (void)beta2; (void)eps; (void)momentum_decay; (void)t;
    not_implemented("nadam_step", "12-adam-variants", "Nadam: Adam with a look ahead");
    /* STUDENT CODE END */
}

/* Section "AdaMax: the infinity norm" (torch.optim.Adamax). With t the
 * number of this step, counted from 1:
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   u[i] <- max(beta2 * u[i], |g[i]| + eps)
 *   w[i] <- w[i] - lr / (1 - beta1^t) * m[i] / u[i]
 * u needs no bias correction; g is not changed. */
void adamax_step(float *w, const float *g, float *m, float *u, size_t n, float lr, float beta1,
                 float beta2, float eps, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: one AdaMax step on every weight: Adam's m, u the decayed
     * maximum of |g| + eps, and a step of m over u. Stuck? make hint LESSON=12 */
    (void)w; (void)g; (void)m; (void)u; (void)n; (void)lr; (void)beta1; (void)beta2;
    (void)eps; (void)t;
    not_implemented("adamax_step", "12-adam-variants", "AdaMax: the infinity norm");
    /* STUDENT CODE END */
}
