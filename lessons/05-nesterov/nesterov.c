/* nesterov.c -- lesson 05: Nesterov accelerated gradient.
 *
 * You write one function, the Nesterov kernel, in PyTorch's form: the
 * gradient is taken at the current point, and the step is corrected so that
 * the sequence of points is the look-ahead sequence of Nesterov's method.
 * The lesson text is lessons/05-nesterov/README.md; the function names the
 * section that explains it. Write your code between the STUDENT CODE markers
 * only: the rest of the file is shared with the reference solution and
 * checked. */
#include "lessons.h"

/* Section "The update in PyTorch's form".
 * torch.optim.SGD(momentum=mu, nesterov=True), for every i:
 *   b[i] <- mu * b[i] + g[i]                the velocity, as in lesson 04
 *   w[i] <- w[i] - lr * (g[i] + mu * b[i])  the gradient, plus the part of
 *                                           the NEW velocity the next step
 *                                           will carry anyway
 * g is the gradient at the current w; b is zero before the first step, so
 * the first step moves w by -lr * (1 + mu) * g. */
void nesterov_step(float *w, const float *g, float *b, size_t n, float lr, float mu)
{
    /* STUDENT CODE BEGIN */
    /* TODO: update the velocity b as in lesson 04, then step w along the
     * gradient plus mu times the new velocity. Stuck? make hint LESSON=5 */
    (void)w; (void)g; (void)b; (void)n; (void)lr; (void)mu;
    not_implemented("nesterov_step", "05-nesterov", "The update in PyTorch's form");
    /* STUDENT CODE END */
}
