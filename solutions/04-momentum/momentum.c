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
    for (size_t i = 0; i < n; i++) {
        b[i] = mu * b[i] + g[i]; /* b_t = mu^0 g_t + mu^1 g_(t-1) + mu^2 g_(t-2) + ... */
        w[i] -= lr * b[i];
    }
    /* STUDENT CODE END */
}
