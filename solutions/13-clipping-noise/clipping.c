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
    double sum_of_squares = 0.0;
    for (size_t i = 0; i < n; i++)
        sum_of_squares += (double)g[i] * g[i];
    double norm = sqrt(sum_of_squares);
    if (!isfinite(norm))
        return norm; /* nothing can repair it: the caller skips the step */

    double scale = max_norm / (norm + CLIP_NORM_EPS);
    if (scale < 1.0) {
        /* One common factor for every element: the direction is kept. */
        for (size_t i = 0; i < n; i++)
            g[i] = (float)(scale * g[i]);
    }
    return norm;
    /* STUDENT CODE END */
}

/* Section "Clipping by value".
 *   g[i] <- min(max(g[i], -limit), limit); a NaN stays NaN. */
void clip_by_value(float *g, size_t n, float limit)
{
    /* STUDENT CODE BEGIN */
    for (size_t i = 0; i < n; i++) {
        /* Both comparisons are false for a NaN, which is left as it is. */
        if (g[i] > limit)
            g[i] = limit;
        else if (g[i] < -limit)
            g[i] = -limit;
    }
    /* STUDENT CODE END */
}

/* Section "The noise schedule".
 *   sigma_t = sqrt(eta / (1 + t)^gamma),   t = 0, 1, 2, ... */
double gradient_noise_std(double eta, double gamma, long t)
{
    /* STUDENT CODE BEGIN */
    double variance = eta / pow(1.0 + (double)t, gamma);
    return sqrt(variance);
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
    double sigma = gradient_noise_std(eta, gamma, t);
    for (size_t i = 0; i < n; i++) {
        double z = rng_normal(rng); /* one standard normal per element */
        g[i] = (float)(g[i] + sigma * z);
    }
    /* STUDENT CODE END */
}
