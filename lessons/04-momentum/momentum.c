/* momentum.c -- lesson 04: SGD with momentum.
 *
 * You write one function, the momentum kernel. The lesson text is
 * lessons/04-momentum/README.md; the function names the section that
 * explains it. Write your code between the STUDENT CODE markers only: the
 * rest of the file is shared with the reference solution and checked. */
#include "lessons.h"

/* Section "The update rule".
 * PyTorch's form of the heavy ball (torch.optim.SGD with momentum mu):
 *   b[i] <- mu * b[i] + g[i]        the velocity: a decaying sum of gradients
 *   w[i] <- w[i] - lr * b[i]        the step follows the velocity
 * b is zero before the first step, so the first step is b = g, w -= lr*g. */
void momentum_step(float *w, const float *g, float *b, size_t n, float lr, float mu)
{
    /* STUDENT CODE BEGIN */
    /* TODO: update the velocity b and then step w along it, for all n
     * parameters. Stuck? make hint LESSON=4 */
    (void)w; (void)g; (void)b; (void)n; (void)lr; (void)mu;
    not_implemented("momentum_step", "04-momentum", "The update rule");
    /* STUDENT CODE END */
}
