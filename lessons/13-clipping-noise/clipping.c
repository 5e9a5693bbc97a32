/* clipping.c -- lesson 13: gradient clipping and gradient noise.
 *
 * You write four small functions that change a gradient g in place between
 * the backward pass and the optimizer step: two ways to clip it, and the
 * annealed noise of Neelakantan et al. The lesson text is
 * lessons/13-clipping-noise/README.md; each function names the section that
 * explains it. Write your code between the STUDENT CODE markers only: the
 * rest of the file is shared with the reference solution and checked. */
#include "lessons.h"
#include "lesson13.h"

#include <math.h>

/* The constant torch.nn.utils.clip_grad_norm_ adds to the norm before
 * dividing: it keeps the factor finite for a zero gradient. */
#define CLIP_NORM_EPS 1e-6

/* Section "Clipping by norm".
 *   norm = sqrt(sum_i g[i]^2),   scale = max_norm / (norm + 1e-6),
 *   g <- scale * g when scale < 1;   returns norm (before clipping).
 * A NaN or infinite norm is returned with g left unchanged. */
double clip_by_norm(float *g, size_t n, double max_norm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: measure the norm of g, scale g by the factor above when it is
     * below 1, and return the norm from before clipping (a non-finite norm is
     * returned at once, g untouched). Stuck? make hint LESSON=13 */
    (void)g; (void)n; (void)max_norm;
    not_implemented("clip_by_norm", "13-clipping-noise", "Clipping by norm");
    /* STUDENT CODE END */
}

/* Section "Clipping by value".
 *   g[i] <- min(max(g[i], -limit), limit); a NaN stays NaN. */
void clip_by_value(float *g, size_t n, float limit)
{
    /* STUDENT CODE BEGIN */
    /* TODO: clamp each g[i] into [-limit, limit] with plain
     * comparisons, so that a NaN stays NaN. Stuck? make hint LESSON=13 */
    (void)g; (void)n; (void)limit;
    not_implemented("clip_by_value", "13-clipping-noise", "Clipping by value");
    /* STUDENT CODE END */
}

/* Section "The noise schedule".
 *   sigma_t = sqrt(eta / (1 + t)^gamma),   t = 0, 1, 2, ... */
double gradient_noise_std(double eta, double gamma, long t)
{
    /* STUDENT CODE BEGIN */
    /* TODO: return the standard deviation of step t, the square
     * root of the scheduled variance, in double. Stuck? make hint LESSON=13 */
    (void)eta; (void)gamma; (void)t;
    not_implemented("gradient_noise_std", "13-clipping-noise", "The noise schedule");
    /* STUDENT CODE END */
}

/* Section "The noise schedule", "Reproducibility".
 *   g[i] <- g[i] + sigma_t * z_i,   z_i ~ N(0, 1) from rng_normal, in order.
 * sigma_t once, in double; each sum in double, rounded to float once:
 *   g[i] = (float)(g[i] + sigma * z). */
void add_gradient_noise(float *g, size_t n, double eta, double gamma, long t,
                        struct rng *rng)
{
    /* STUDENT CODE BEGIN */
    /* TODO: add sigma_t times one rng_normal draw to each g[i],
     * in order. Stuck? make hint LESSON=13 */
    (void)g; (void)n; (void)eta; (void)gamma; (void)t; (void)rng;
    not_implemented("add_gradient_noise", "13-clipping-noise", "The noise schedule");
    /* STUDENT CODE END */
}
