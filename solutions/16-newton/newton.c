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
    /* The scale that decides what "zero" means for a pivot. */
    double largest = 0.0;
    for (size_t i = 0; i < n * n; i++)
        largest = fmax(largest, fabs(a[i]));
    double tiny = SOLVE_SINGULAR_TOLERANCE * largest;
    if (n > 0 && largest == 0.0)
        return -1;

    for (size_t k = 0; k < n; k++) {
        /* Partial pivoting: bring up the row with the largest |a(i, k)|. */
        size_t pivot_row = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(AT_IJ(a, n, i, k)) > fabs(AT_IJ(a, n, pivot_row, k)))
                pivot_row = i;
        if (fabs(AT_IJ(a, n, pivot_row, k)) <= tiny)
            return -1;
        if (pivot_row != k) {
            for (size_t j = k; j < n; j++) {
                double t = AT_IJ(a, n, k, j);
                AT_IJ(a, n, k, j) = AT_IJ(a, n, pivot_row, j);
                AT_IJ(a, n, pivot_row, j) = t;
            }
            double t = b[k];
            b[k] = b[pivot_row];
            b[pivot_row] = t;
        }
        /* Subtract multiples of row k to clear column k below the pivot. */
        for (size_t i = k + 1; i < n; i++) {
            double factor = AT_IJ(a, n, i, k) / AT_IJ(a, n, k, k);
            for (size_t j = k; j < n; j++)
                AT_IJ(a, n, i, j) -= factor * AT_IJ(a, n, k, j);
            b[i] -= factor * b[k];
        }
    }
    /* Back substitution, from the last unknown up. */
    for (size_t i = n; i-- > 0;) {
        double sum = b[i];
        for (size_t j = i + 1; j < n; j++)
            sum -= AT_IJ(a, n, i, j) * b[j];
        b[i] = sum / AT_IJ(a, n, i, i);
    }
    return 0;
    /* STUDENT CODE END */
}

/* Section "The Newton step".
 *   Solve H d = g, then w <- w - d   (d = H^-1 g, never forming H^-1). */
int newton_step(double *w, const double *g, double *h, size_t n, double *d)
{
    /* STUDENT CODE BEGIN */
    for (size_t i = 0; i < n; i++)
        d[i] = g[i]; /* the solver overwrites its right-hand side */
    if (solve_linear_system(h, d, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        w[i] -= d[i];
    return 0;
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   L(w) = (1/count) sum_i [log(1 + exp(z_i)) - y_i z_i] + (ridge/2)|w|^2,
 *   with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)). */
double logistic_regression_loss(const float *x, const float *y, size_t count, size_t n,
                                const double *w, double ridge)
{
    /* STUDENT CODE BEGIN */
    double sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)x[i * n + k] * w[k];
        sum += fmax(z, 0.0) + log1p(exp(-fabs(z))) - (double)y[i] * z;
    }
    double mean = count > 0 ? sum / (double)count : 0.0;
    double norm2 = 0.0;
    for (size_t k = 0; k < n; k++)
        norm2 += w[k] * w[k];
    return mean + 0.5 * ridge * norm2;
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   g = (1/count) sum_i (p_i - y_i) x_i + ridge * w,   p_i = sigmoid(x_i . w). */
void logistic_regression_gradient(const float *x, const float *y, size_t count, size_t n,
                                  const double *w, double ridge, double *g)
{
    /* STUDENT CODE BEGIN */
    for (size_t k = 0; k < n; k++)
        g[k] = 0.0;
    for (size_t i = 0; i < count; i++) {
        const float *row = &x[i * n];
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)row[k] * w[k];
        double residual = 1.0 / (1.0 + exp(-z)) - (double)y[i];
        for (size_t k = 0; k < n; k++)
            g[k] += residual * row[k];
    }
    for (size_t k = 0; k < n; k++)
        g[k] = (count > 0 ? g[k] / (double)count : 0.0) + ridge * w[k];
    /* STUDENT CODE END */
}

/* Section "Logistic regression: gradient and Hessian".
 *   H = (1/count) sum_i p_i (1 - p_i) x_i x_i^T + ridge * I. */
void logistic_regression_hessian(const float *x, size_t count, size_t n, const double *w,
                                 double ridge, double *h)
{
    /* STUDENT CODE BEGIN */
    for (size_t k = 0; k < n * n; k++)
        h[k] = 0.0;
    for (size_t i = 0; i < count; i++) {
        const float *row = &x[i * n];
        double z = 0.0;
        for (size_t k = 0; k < n; k++)
            z += (double)row[k] * w[k];
        double p = 1.0 / (1.0 + exp(-z)); /* exp(1000) = inf gives p = 0: no NaN */
        double weight = p * (1.0 - p); /* the curvature of the loss along x_i */
        for (size_t r = 0; r < n; r++)
            for (size_t c = 0; c < n; c++)
                AT_IJ(h, n, r, c) += weight * row[r] * row[c];
    }
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < n; c++)
            if (count > 0)
                AT_IJ(h, n, r, c) /= (double)count;
        AT_IJ(h, n, r, r) += ridge;
    }
    /* STUDENT CODE END */
}
