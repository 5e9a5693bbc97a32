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
    /* TODO: for each i from 0 to n-1:
     * 1. Update the velocity in place: b[i] becomes mu * b[i] + g[i].
     *    (Multiply the OLD velocity by mu, then add the new gradient; do not
     *    scale g by lr or by 1 - mu.)
     * 2. Move the weight along the NEW velocity: w[i] minus lr times b[i].
     * Do not change g, and do not reset b: it carries over between calls. */
    (void)w; (void)g; (void)b; (void)n; (void)lr; (void)mu;
    not_implemented("momentum_step", "04-momentum", "The update rule");
    /* STUDENT CODE END */
}
