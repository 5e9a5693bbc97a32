/* lesson16.h -- the functions of lesson 16, Newton's method
 * (lessons/16-newton/README.md). Included by lessons.h.
 *
 * Unlike the rest of the course, this lesson keeps parameters, gradients
 * and Hessians in double: Newton's method converges quadratically, and in
 * float its last steps would be lost in rounding (see the lesson). Matrices
 * are n x n, row-major: entry (i, j) is at [i * n + j]. */
#ifndef DESCENT_LESSON16_H
#define DESCENT_LESSON16_H

#include <stddef.h>

/* A pivot counts as zero when it is at most this fraction of the largest
 * absolute entry of the matrix as it was passed in. */
#define SOLVE_SINGULAR_TOLERANCE 1e-12

/* Solves a * x = b for x by Gaussian elimination with partial pivoting (at
 * column k, the row with the largest |a(i, k)|, i >= k, is swapped up),
 * then back substitution. Works in place: a is overwritten by the
 * elimination, and b by the solution x. Returns 0, or -1 when a is
 * singular: the largest candidate pivot of some column is at most
 * SOLVE_SINGULAR_TOLERANCE times the largest |a(i, j)| on entry, or a is
 * all zeros (then a and b hold no meaningful values). n = 0 returns 0. */
int solve_linear_system(double *a, double *b, size_t n);

/* One Newton step: solves h * d = g with solve_linear_system (h, n x n, is
 * overwritten; the inverse of h is never formed), then w <- w - d. g is
 * read only. d (n doubles) receives the step direction H^-1 g. Returns 0,
 * or -1 when h is singular, in which case w is unchanged. */
int newton_step(double *w, const double *g, double *h, size_t n, double *d);

/* Logistic regression with an L2 penalty: count examples, the row x_i
 * (n floats, row-major: x[i * n + k]) with label y[i] in {0, 1}, and
 *   z_i = x_i . w,   p_i = sigmoid(z_i) = 1 / (1 + exp(-z_i)),
 *   L(w) = (1/count) sum_i [ log(1 + exp(z_i)) - y_i z_i ] + (ridge/2) |w|^2,
 * computed stably (no overflow for |z| up to 1e300). With count = 0 the
 * mean is taken as 0 (here and in the gradient and Hessian below: only the
 * ridge terms remain, L = (ridge/2) |w|^2). ridge >= 0. */
double logistic_regression_loss(const float *x, const float *y, size_t count, size_t n,
                                const double *w, double ridge);

/* The gradient of L: g = (1/count) sum_i (p_i - y_i) x_i + ridge * w
 * (n doubles, overwritten; g = ridge * w when count = 0). */
void logistic_regression_gradient(const float *x, const float *y, size_t count, size_t n,
                                  const double *w, double ridge, double *g);

/* The Hessian of L: H = (1/count) sum_i p_i (1 - p_i) x_i x_i^T + ridge * I
 * (n x n doubles, row-major, overwritten; symmetric; H = ridge * I when
 * count = 0). It does not depend on y. */
void logistic_regression_hessian(const float *x, size_t count, size_t n, const double *w,
                                 double ridge, double *h);

#endif
