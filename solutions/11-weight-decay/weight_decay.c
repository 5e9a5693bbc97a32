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
    /* The bias corrections depend on t only (lesson 08): once, in double. */
    const double correction1 = 1.0 - pow(beta1, (double)t);
    const double correction2 = 1.0 - pow(beta2, (double)t);
    for (size_t i = 0; i < n; i++) {
        /* The gradient of f(w) + wd/2 * w^2, from the weight before the
         * step (read g[i] before w[i] changes: g may be w). */
        const float gradient = g[i] + weight_decay * w[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * gradient;
        v[i] = beta2 * v[i] + (1.0f - beta2) * gradient * gradient;
        const double m_hat = m[i] / correction1;
        const double v_hat = v[i] / correction2;
        w[i] = (float)(w[i] - lr * m_hat / (sqrt(v_hat) + eps));
    }
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
    const double correction1 = 1.0 - pow(beta1, (double)t);
    const double correction2 = 1.0 - pow(beta2, (double)t);
    /* The same factor for every weight: it does not depend on any gradient. */
    const float decay = (float)(1.0 - (double)lr * weight_decay);
    for (size_t i = 0; i < n; i++) {
        const float gradient = g[i]; /* read before w[i] changes: g may be w */
        w[i] = w[i] * decay;
        m[i] = beta1 * m[i] + (1.0f - beta1) * gradient;
        v[i] = beta2 * v[i] + (1.0f - beta2) * gradient * gradient;
        const double m_hat = m[i] / correction1;
        const double v_hat = v[i] / correction2;
        w[i] = (float)(w[i] - lr * m_hat / (sqrt(v_hat) + eps));
    }
    /* STUDENT CODE END */
}
