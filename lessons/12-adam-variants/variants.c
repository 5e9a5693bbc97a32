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
#include "lesson12.h" /* until lessons.h includes it */

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
    /* TODO:
     * 1. Before the loop, in double: the step size lr / (1 - beta1^t) and
     *    the root of the second correction, sqrt(1 - beta2^t).
     * 2. For each i from 0 to n-1:
     *    a. read g[i] into a local (w and g may be the same array);
     *    b. update m[i] and v[i] exactly as Adam does;
     *    c. v_max[i] = the larger of v_max[i] and the new v[i] (store it:
     *       it is state, like m and v);
     *    d. denominator = sqrt(v_max[i]) / sqrt(1 - beta2^t) + eps, with
     *       v_max, not v;
     *    e. move w[i] by -step_size * m[i] / denominator.
     * Do not change g. */
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
    /* TODO:
     * 1. Once, before the loop, in double:
     *    a. mu = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay)) and mu_next,
     *       the same with t + 1;
     *    b. multiply *mu_product by mu (it then holds mu_1 ... mu_t), and
     *       form mu_product_next = *mu_product * mu_next (do not multiply
     *       by mu a second time);
     *    c. the two weights lr * (1 - mu) / (1 - *mu_product) and
     *       lr * mu_next / (1 - mu_product_next), and 1 - beta2^t.
     * 2. For each i from 0 to n-1:
     *    a. read g[i] into a local; update m[i] and v[i] as Adam does;
     *    b. denominator = sqrt(v[i] / (1 - beta2^t)) + eps;
     *    c. move w[i] by -(first weight) * g[i] / denominator
     *                    -(second weight) * m[i] / denominator.
     * Do not change g. */
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
    /* TODO:
     * 1. Before the loop, in double: the step size lr / (1 - beta1^t).
     *    u needs no correction.
     * 2. For each i from 0 to n-1:
     *    a. read g[i] into a local; update m[i] as Adam does;
     *    b. u[i] = the larger of beta2 * u[i] and |g[i]| + eps (fabsf; eps
     *       is added to |g|, not to the maximum);
     *    c. move w[i] by -step_size * m[i] / u[i] (no square root: u is
     *       already in the units of g).
     * Do not change g. */
    (void)w; (void)g; (void)m; (void)u; (void)n; (void)lr; (void)beta1; (void)beta2;
    (void)eps; (void)t;
    not_implemented("adamax_step", "12-adam-variants", "AdaMax: the infinity norm");
    /* STUDENT CODE END */
}
