/* newton.c -- lesson 16: Newton's method.
 *
 * You write five functions: a linear solver (Gaussian elimination with
 * partial pivoting), one Newton step built on it, and the loss, gradient
 * and Hessian of logistic regression, the problem Newton's method solves
 * in a handful of steps. The lesson text is lessons/16-newton/README.md;
 * each function names the section that explains it. Write your code between
 * the STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"
#include "lesson16.h" /* until lessons.h includes it */

#include <math.h>

/* The entry (i, j) of an n x n row-major matrix. */
#define AT_IJ(a, n, i, j) ((a)[(i) * (n) + (j)])

/* Section "Solving H d = g".
 *   Forward elimination with partial pivoting turns a x = b into an upper
 *   triangular U x = c; back substitution then gives
 *   x_i = (c_i - sum_{j > i} U_ij x_j) / U_ii, for i = n-1 down to 0. */
int solve_linear_system(double *a, double *b, size_t n)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Find the largest |a[i]| over all n*n entries; if n > 0 and it is 0,
     *    return -1. A pivot is "zero" when it is at most
     *    SOLVE_SINGULAR_TOLERANCE times that largest entry.
     * 2. For each column k = 0..n-1:
     *    a. find the row p >= k with the largest |a(p, k)|; if it is
     *       "zero", return -1;
     *    b. swap rows p and k of a, and b[p] with b[k];
     *    c. for each row i > k: factor = a(i, k) / a(k, k); subtract factor
     *       times row k from row i, and factor * b[k] from b[i].
     * 3. Back substitution, i from n-1 down to 0:
     *    b[i] = (b[i] - sum_{j > i} a(i, j) * b[j]) / a(i, i).
     * 4. Return 0. (AT_IJ(a, n, i, j) above names the entry (i, j).) */
    (void)a; (void)b; (void)n;
    not_implemented("solve_linear_system", "16-newton", "Solving H d = g");
    /* STUDENT CODE END */
}

/* Section "The Newton step".
 *   Solve H d = g, then w <- w - d   (d = H^-1 g, never forming H^-1). */
int newton_step(double *w, const double *g, double *h, size_t n, double *d)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Copy g into d (the solver overwrites its right-hand side; g is
     *    read only).
     * 2. Solve h * d = g with solve_linear_system(h, d, n); if it returns
     *    -1, return -1 without touching w.
     * 3. w[i] -= d[i] for every i; return 0. Never form the inverse of h. */
    (void)w; (void)g; (void)h; (void)n; (void)d;
    not_implemented("newton_step", "16-newton", "The Newton step");
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   L(w) = (1/count) sum_i [log(1 + exp(z_i)) - y_i z_i] + (ridge/2)|w|^2,
 *   with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)). */
double logistic_regression_loss(const float *x, const float *y, size_t count, size_t n,
                                const double *w, double ridge)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. For each example i: z = sum_k x[i*n + k] * w[k] in double; add
     *    fmax(z, 0.0) + log1p(exp(-fabs(z))) - y[i] * z to a double sum.
     * 2. The mean is sum / count (0 when count is 0).
     * 3. Return the mean plus (ridge / 2) * sum_k w[k]^2. */
    (void)x; (void)y; (void)count; (void)n; (void)w; (void)ridge;
    not_implemented("logistic_regression_loss", "16-newton",
                    "Logistic regression: gradient and Hessian");
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   g = (1/count) sum_i (p_i - y_i) x_i + ridge * w,   p_i = sigmoid(x_i . w). */
void logistic_regression_gradient(const float *x, const float *y, size_t count, size_t n,
                                  const double *w, double ridge, double *g)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Set g[k] = 0 for every k.
     * 2. For each example i: z = x_i . w (double), p = 1 / (1 + exp(-z)),
     *    and add (p - y[i]) * x[i*n + k] to g[k] for every k.
     * 3. Divide every g[k] by count (when count > 0), then add ridge * w[k]. */
    (void)x; (void)y; (void)count; (void)n; (void)w; (void)ridge; (void)g;
    not_implemented("logistic_regression_gradient", "16-newton",
                    "Logistic regression: gradient and Hessian");
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   H = (1/count) sum_i p_i (1 - p_i) x_i x_i^T + ridge * I. */
void logistic_regression_hessian(const float *x, size_t count, size_t n, const double *w,
                                 double ridge, double *h)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Set all n*n entries of h to 0.
     * 2. For each example i: p = sigmoid(x_i . w); add p * (1 - p) *
     *    x[i*n + r] * x[i*n + c] to h(r, c) for every r and c.
     * 3. Divide every entry by count (when count > 0), then add ridge to
     *    each diagonal entry h(r, r). */
    (void)x; (void)count; (void)n; (void)w; (void)ridge; (void)h;
    not_implemented("logistic_regression_hessian", "16-newton",
                    "Logistic regression: gradient and Hessian");
    /* STUDENT CODE END */
}
