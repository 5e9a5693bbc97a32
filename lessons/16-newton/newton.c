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
    /* TODO: solve a x = b in place by Gaussian elimination with
     * partial pivoting and back substitution, leaving x in b; return -1 for a
     * (numerically) singular matrix, else 0. Stuck? make hint LESSON=16 */
    (void)a; (void)b; (void)n;
    not_implemented("solve_linear_system", "16-newton", "Solving H d = g");
    /* STUDENT CODE END */
}

/* Section "The Newton step".
 *   Solve H d = g, then w <- w - d   (d = H^-1 g, never forming H^-1). */
int newton_step(double *w, const double *g, double *h, size_t n, double *d)
{
    /* STUDENT CODE BEGIN */
    /* TODO: take one Newton step w <- w - d with d solved from h d = g
     * (g left unchanged); return -1 and leave w alone if h is singular.
     * Stuck? make hint LESSON=16 */
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
    /* TODO: return the mean logistic loss over the count
     * examples, in the stable form above, plus the ridge term.
     * Stuck? make hint LESSON=16 */
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
    /* TODO: write the gradient of that loss into g, the
     * mean of (p_i - y_i) x_i plus ridge * w. Stuck? make hint LESSON=16 */
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
    /* TODO: write the n x n Hessian into h, the mean of
     * p_i (1 - p_i) x_i x_i^T plus ridge on the diagonal.
     * Stuck? make hint LESSON=16 */
    (void)x; (void)count; (void)n; (void)w; (void)ridge; (void)h;
    not_implemented("logistic_regression_hessian", "16-newton",
                    "Logistic regression: gradient and Hessian");
    /* STUDENT CODE END */
}
