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
    /* TODO: for every i, add g[i]^2 to s[i], then move w[i] against g[i] by the
     * effective rate lr / (sqrt(s[i]) + eps); leave g as it is.
     * Stuck? make hint LESSON=6 */
    (void)w; (void)g; (void)s; (void)n; (void)lr; (void)eps;
    not_implemented("adagrad_step", "06-adagrad", "The update rule");
    /* STUDENT CODE END */
}
