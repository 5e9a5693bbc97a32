/* rmsprop.c -- lesson 07: RMSProp and Adadelta.
 *
 * You write two functions. rmsprop_step divides each parameter's step by
 * the root of a moving average of its squared gradients, so old gradients
 * are forgotten. adadelta_step, the optional part, adds a second moving
 * average (of squared updates) in place of the learning rate. The lesson
 * text is lessons/07-rmsprop/README.md; each function names the section
 * that explains it. Write your code between the STUDENT CODE markers only:
 * the rest of the file is shared with the reference solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "The update rule" (torch.optim.RMSprop; alpha = 0.99, eps = 1e-8).
 * For each i in [0, n):
 *   v[i] <- alpha * v[i] + (1 - alpha) * g[i]^2   (moving average of g^2)
 *   w[i] <- w[i] - lr * g[i] / (sqrt(v[i]) + eps)  (eps outside the root)
 * v must hold zeros before the first step. There is no bias correction, so
 * the first step is lr / sqrt(1 - alpha) = 10 lr long. g is read only. */
void rmsprop_step(float *w, const float *g, float *v, size_t n, float lr, float alpha,
                  float eps)
{
    /* STUDENT CODE BEGIN */
    /* TODO: for every i, mix g[i]^2 into the moving average v[i], then move
     * w[i] against g[i] by lr / (sqrt(v[i]) + eps); leave g as it is.
     * Stuck? make hint LESSON=7 */
    (void)w; (void)g; (void)v; (void)n; (void)lr; (void)alpha; (void)eps;
    not_implemented("rmsprop_step", "07-rmsprop", "The update rule");
    /* STUDENT CODE END */
}

/* Section "Adadelta" (torch.optim.Adadelta; rho = 0.9, eps = 1e-6, lr = 1).
 * For each i in [0, n):
 *   v[i]  <- rho * v[i] + (1 - rho) * g[i]^2            (average of g^2)
 *   delta  = sqrt(u[i] + eps) / sqrt(v[i] + eps) * g[i]  (units of w)
 *   u[i]  <- rho * u[i] + (1 - rho) * delta^2           (average of delta^2)
 *   w[i]  <- w[i] - lr * delta
 * v and u must hold zeros before the first step; eps is inside both roots.
 * The old u (before this step's update) sizes this step. g is read only. */
void adadelta_step(float *w, const float *g, float *v, float *u, size_t n, float lr, float rho,
                   float eps)
{
    /* STUDENT CODE BEGIN */
    /* TODO (optional part of the lesson): for every i, update v[i], form the
     * step delta from the old u[i], update u[i] with it and move w[i] by
     * lr * delta; leave g as it is. Stuck? make hint LESSON=7 */
    (void)w; (void)g; (void)v; (void)u; (void)n; (void)lr; (void)rho; (void)eps;
    not_implemented("adadelta_step", "07-rmsprop", "Adadelta");
    /* STUDENT CODE END */
}
