/* lesson13.h -- the functions of lesson 13, gradient clipping and gradient
 * noise (lessons/13-clipping-noise/README.md). Included by lessons.h.
 *
 * clip_by_norm, clip_by_value and add_gradient_noise act on the gradient g
 * between the backward pass and the optimizer step, whatever the optimizer:
 * they change g in place and never touch the weights. gradient_noise_std
 * only computes the noise's standard deviation at a step. */
#ifndef DESCENT_LESSON13_H
#define DESCENT_LESSON13_H

#include <stddef.h>

#include "rng.h"

/* Clipping by norm, as torch.nn.utils.clip_grad_norm_ (norm_type 2) does
 * for one flat vector g of n elements:
 *   norm  = ||g||_2 = sqrt(sum_i g[i]^2)          summed in double
 *   scale = max_norm / (norm + 1e-6)
 *   if scale < 1:  g[i] <- g[i] * scale           for every i
 * and returns norm, the length BEFORE clipping. The direction of g is kept;
 * only its length shrinks, to max_norm * norm / (norm + 1e-6), a hair below
 * max_norm (so a g whose norm is exactly max_norm is scaled too).
 * max_norm >= 0. n = 0 returns 0.
 * Non-finite gradients (the one place we differ from torch 1.13): if norm is
 * NaN or infinite, g is left unchanged and the NaN or infinity is returned,
 * so that the caller can skip the step; torch would multiply every element
 * by the NaN (or 0) factor. */
double clip_by_norm(float *g, size_t n, double max_norm);

/* Clipping by value, as torch.nn.utils.clip_grad_value_ does:
 *   g[i] <- min(max(g[i], -limit), limit)         for every i
 * Each element on its own, so the direction of g may change. limit >= 0.
 * A NaN element stays NaN (as torch.clamp leaves it): clipping hides
 * nothing. */
void clip_by_value(float *g, size_t n, float limit);

/* The standard deviation of the gradient noise at step t (Neelakantan et
 * al. 2015), t counted from 0 (the first step is t = 0, as for the
 * schedules of lesson 09):
 *   sigma_t^2 = eta / (1 + t)^gamma,   sigma_t = sqrt(sigma_t^2).
 * eta >= 0; the paper uses gamma = 0.55 and eta in {0.01, 0.3, 1}. */
double gradient_noise_std(double eta, double gamma, long t);

/* Annealed Gaussian gradient noise at step t (from 0):
 *   g[i] <- g[i] + sigma_t * z_i,   z_i = rng_normal(rng),  i = 0, 1, ..., n-1
 * with sigma_t = gradient_noise_std(eta, gamma, t), computed in double. Draws
 * exactly n normals from rng, one per element, in order (none when n = 0),
 * so a run is replayed exactly from the same generator state. */
void add_gradient_noise(float *g, size_t n, double eta, double gamma, long t,
                        struct rng *rng);

#endif
