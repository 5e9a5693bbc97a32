/* adagrad.c -- lesson 06: AdaGrad.
 *
 * You write one function: the AdaGrad step, which gives every parameter its
 * own learning rate, lr divided by the root of the sum of that parameter's
 * squared gradients. The lesson text is lessons/06-adagrad/README.md; the
 * function names the section that explains it. Write your code between the
 * STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "The update rule" (torch.optim.Adagrad; eps = 1e-10 by default).
 * For each i in [0, n):
 *   s[i] <- s[i] + g[i]^2                         (the sum of squared gradients)
 *   w[i] <- w[i] - lr * g[i] / (sqrt(s[i]) + eps)  (eps outside the root)
 * s must hold zeros before the first step; it only ever grows, so the
 * effective rate lr / (sqrt(s[i]) + eps) only ever shrinks. g is read only. */
void adagrad_step(float *w, const float *g, float *s, size_t n, float lr, float eps)
{
    /* STUDENT CODE BEGIN */
    for (size_t i = 0; i < n; i++) {
        const float gradient = g[i]; /* read once: w and g may be the same array */
        s[i] += gradient * gradient;
        const float effective_rate = lr / (sqrtf(s[i]) + eps);
        w[i] -= effective_rate * gradient;
    }
    /* STUDENT CODE END */
}
