/* gd.c -- lesson 01: full-batch gradient descent.
 *
 * You write four small functions. Together they fit a line y = a*x + b to
 * data by gradient descent, and the last two are used by the trainer for
 * every model in the course. The lesson text is
 * lessons/01-gradient-descent/README.md; each function names the section
 * that explains it. Write your code between the STUDENT CODE markers only:
 * the rest of the file is shared with the reference solution and checked. */
#include "lessons.h"

#include <math.h>

/* Section "The loss: mean squared error".
 *   J(a, b) = (1/n) * sum_i (a*x[i] + b - y[i])^2,   w = (a, b). */
double line_mse(const float *x, const float *y, size_t n, const float w[2])
{
    /* STUDENT CODE BEGIN */
    if (n == 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double residual = (double)w[0] * x[i] + w[1] - y[i];
        sum += residual * residual;
    }
    return sum / (double)n;
    /* STUDENT CODE END */
}

/* Section "The gradient of the mean squared error".
 *   dJ/da = (2/n) * sum_i r_i * x[i],   dJ/db = (2/n) * sum_i r_i,
 * where r_i = a*x[i] + b - y[i] is the residual of point i. */
void line_mse_gradient(const float *x, const float *y, size_t n, const float w[2],
                       float g[2])
{
    /* STUDENT CODE BEGIN */
    double sum_r_times_x = 0.0;
    double sum_r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double residual = (double)w[0] * x[i] + w[1] - y[i];
        sum_r_times_x += residual * x[i];
        sum_r += residual;
    }
    double scale = n > 0 ? 2.0 / (double)n : 0.0;
    g[0] = (float)(scale * sum_r_times_x);
    g[1] = (float)(scale * sum_r);
    /* STUDENT CODE END */
}

/* Section "The update rule".
 *   w[i] <- w[i] - lr * g[i]   for every i. */
void gd_step(float *w, const float *g, size_t n, float lr)
{
    /* STUDENT CODE BEGIN */
    for (size_t i = 0; i < n; i++)
        w[i] -= lr * g[i];
    /* STUDENT CODE END */
}

/* Section "A stalled loss is not a critical point".
 *   |v| = sqrt(sum_i v[i]^2). */
double l2_norm(const float *v, size_t n)
{
    /* STUDENT CODE BEGIN */
    double sum_of_squares = 0.0;
    for (size_t i = 0; i < n; i++)
        sum_of_squares += (double)v[i] * v[i];
    return sqrt(sum_of_squares);
    /* STUDENT CODE END */
}
