/* weight_decay.c -- lesson 11: decoupled weight decay (AdamW) against L2
 * regularisation inside Adam.
 *
 * You write two functions. Both are Adam (lesson 08) with a pull of every
 * weight towards zero; they differ in where the pull enters. adam_l2_step
 * adds wd * w to the gradient, so the pull goes through Adam's moments and
 * is divided by sqrt(v_hat) like the rest of the gradient. adamw_step
 * shrinks the weight by the factor (1 - lr * wd) before the Adam step, so
 * the pull never meets the moments. The lesson text is
 * lessons/11-weight-decay/README.md. Write your code between the STUDENT
 * CODE markers only: the rest of the file is shared with the reference
 * solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "Two places for the decay" (torch.optim.Adam with weight_decay).
 * With t the number of this step, counted from 1:
 *   gw    = g[i] + weight_decay * w[i]                the L2 term joins the gradient
 *   m[i] <- beta1 * m[i] + (1 - beta1) * gw
 *   v[i] <- beta2 * v[i] + (1 - beta2) * gw^2
 *   w[i] <- w[i] - lr * (m[i] / (1 - beta1^t)) / (sqrt(v[i] / (1 - beta2^t)) + eps)
 * m and v keep the uncorrected moments of gw. g is not changed. */
void adam_l2_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
                  float beta2, float eps, float weight_decay, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: one Adam step (lesson 08) on every weight, with the
     * regularised gradient g[i] + weight_decay * w[i] in both moments.
     * Stuck? make hint LESSON=11 */
    (void)w; (void)g; (void)m; (void)v; (void)n; (void)lr; (void)beta1; (void)beta2;
    (void)eps; (void)weight_decay; (void)t;
    not_implemented("adam_l2_step", "11-weight-decay", "Two places for the decay");
    /* STUDENT CODE END */
}

/* Section "Two places for the decay" (torch.optim.AdamW). With t the number
 * of this step, counted from 1:
 *   w[i] <- w[i] * (1 - lr * weight_decay)            decoupled: the weight alone
 *   m[i] <- beta1 * m[i] + (1 - beta1) * g[i]
 *   v[i] <- beta2 * v[i] + (1 - beta2) * g[i]^2
 *   w[i] <- w[i] - lr * (m[i] / (1 - beta1^t)) / (sqrt(v[i] / (1 - beta2^t)) + eps)
 * m and v keep the uncorrected moments of g alone. g is not changed. */
void adamw_step(float *w, const float *g, float *m, float *v, size_t n, float lr, float beta1,
                float beta2, float eps, float weight_decay, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: shrink every weight by (1 - lr * weight_decay), then take
     * Adam's step with the moments of g alone. Stuck? make hint LESSON=11 */
    (void)w; (void)g; (void)m; (void)v; (void)n; (void)lr; (void)beta1; (void)beta2;
    (void)eps; (void)weight_decay; (void)t;
    not_implemented("adamw_step", "11-weight-decay", "Two places for the decay");
    /* STUDENT CODE END */
}
