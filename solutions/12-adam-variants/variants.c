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
    /* PyTorch's grouping: the first correction goes into the step size,
     * the root of the second divides sqrt(v_max). */
    const double step_size = lr / (1.0 - pow(beta1, (double)t));
    const double correction2_root = sqrt(1.0 - pow(beta2, (double)t));
    for (size_t i = 0; i < n; i++) {
        const float gradient = g[i]; /* read before w[i] changes: g may be w */
        m[i] = beta1 * m[i] + (1.0f - beta1) * gradient;
        v[i] = beta2 * v[i] + (1.0f - beta2) * gradient * gradient;
        if (v[i] > v_max[i])
            v_max[i] = v[i];
        const double denominator = sqrt(v_max[i]) / correction2_root + eps;
        w[i] = (float)(w[i] - step_size * m[i] / denominator);
    }
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
    /* The momentum schedule: mu rises from about beta1/2 towards beta1. */
    const double mu = beta1 * (1.0 - 0.5 * pow(0.96, (double)t * momentum_decay));
    const double mu_next = beta1 * (1.0 - 0.5 * pow(0.96, (double)(t + 1) * momentum_decay));
    *mu_product *= mu;
    const double mu_product_next = *mu_product * mu_next;
    /* The weights of the fresh gradient and of the momentum, each divided by
     * its own bias correction. */
    const double gradient_weight = lr * (1.0 - mu) / (1.0 - *mu_product);
    const double momentum_weight = lr * mu_next / (1.0 - mu_product_next);
    const double correction2 = 1.0 - pow(beta2, (double)t);
    for (size_t i = 0; i < n; i++) {
        const float gradient = g[i]; /* read before w[i] changes: g may be w */
        m[i] = beta1 * m[i] + (1.0f - beta1) * gradient;
        v[i] = beta2 * v[i] + (1.0f - beta2) * gradient * gradient;
        const double denominator = sqrt(v[i] / correction2) + eps;
        w[i] = (float)(w[i] - gradient_weight * gradient / denominator -
                       momentum_weight * m[i] / denominator);
    }
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
    const double step_size = lr / (1.0 - pow(beta1, (double)t));
    for (size_t i = 0; i < n; i++) {
        const float gradient = g[i]; /* read before w[i] changes: g may be w */
        m[i] = beta1 * m[i] + (1.0f - beta1) * gradient;
        const float decayed = beta2 * u[i];
        const float fresh = fabsf(gradient) + eps;
        u[i] = decayed > fresh ? decayed : fresh;
        w[i] = (float)(w[i] - step_size * m[i] / u[i]);
    }
    /* STUDENT CODE END */
}
