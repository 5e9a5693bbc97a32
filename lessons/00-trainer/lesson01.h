/* lesson01.h -- the functions of lesson 01, full-batch gradient descent
 * (lessons/01-gradient-descent/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON01_H
#define DESCENT_LESSON01_H

#include <stddef.h>

/* The running example fits a line y = a*x + b to n points (x[i], y[i]).
 * The two parameters live in one array, w[0] = a and w[1] = b, so that the
 * same gd_step updates them as it will update a network's weights. */

/* The mean squared error of the line w = (a, b) on the n points:
 *   J(a, b) = (1/n) * sum_i (a*x[i] + b - y[i])^2
 * accumulated in double. By convention J = 0 when n = 0. */
double line_mse(const float *x, const float *y, size_t n, const float w[2]);

/* The gradient of J at w, written into g:
 *   g[0] = dJ/da = (2/n) * sum_i (a*x[i] + b - y[i]) * x[i]
 *   g[1] = dJ/db = (2/n) * sum_i (a*x[i] + b - y[i])
 * Sums in double; g = (0, 0) when n = 0. */
void line_mse_gradient(const float *x, const float *y, size_t n, const float w[2],
                       float g[2]);

/* One step of gradient descent on n parameters:
 *   w[i] <- w[i] - lr * g[i]     for every i in [0, n)
 * g is not changed. n = 0 does nothing. */
void gd_step(float *w, const float *g, size_t n, float lr);

/* The Euclidean length of v: sqrt(sum_i v[i]^2), summed in double.
 * Used to tell a stalled loss from a true critical point (gradient = 0). */
double l2_norm(const float *v, size_t n);

#endif
