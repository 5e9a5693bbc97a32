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
    /* TODO:
     * 1. If n is 0, return 0.0 (there is nothing to average).
     * 2. For each point i, compute the residual r = a*x[i] + b - y[i]
     *    in double, with a = w[0] and b = w[1].
     * 3. Add r*r to a double sum.
     * 4. Return the sum divided by n. */
    (void)x; (void)y; (void)n; (void)w;
    not_implemented("line_mse", "01-gradient-descent", "The loss: mean squared error");
    /* STUDENT CODE END */
}

/* Section "The gradient of the mean squared error".
 *   dJ/da = (2/n) * sum_i r_i * x[i],   dJ/db = (2/n) * sum_i r_i,
 * where r_i = a*x[i] + b - y[i] is the residual of point i. */
void line_mse_gradient(const float *x, const float *y, size_t n, const float w[2],
                       float g[2])
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. In one pass over the points, sum r_i * x[i] and r_i, in double.
     * 2. Multiply both sums by 2/n (use 0 when n is 0).
     * 3. Store dJ/da in g[0] and dJ/db in g[1], converted to float. */
    (void)x; (void)y; (void)n; (void)w; (void)g;
    not_implemented("line_mse_gradient", "01-gradient-descent",
                    "The gradient of the mean squared error");
    /* STUDENT CODE END */
}

/* Section "The update rule".
 *   w[i] <- w[i] - lr * g[i]   for every i. */
void gd_step(float *w, const float *g, size_t n, float lr)
{
    /* STUDENT CODE BEGIN */
    /* TODO: for each i from 0 to n-1, move w[i] a step of size lr against
     * the gradient: w[i] minus lr times g[i]. Do not change g. */
    (void)w; (void)g; (void)n; (void)lr;
    not_implemented("gd_step", "01-gradient-descent", "The update rule");
    /* STUDENT CODE END */
}

/* Section "A stalled loss is not a critical point".
 *   |v| = sqrt(sum_i v[i]^2). */
double l2_norm(const float *v, size_t n)
{
    /* STUDENT CODE BEGIN */
    /* TODO: sum v[i]*v[i] in double over all i, and return its square root
     * (sqrt from <math.h>). The norm of an empty vector is 0. */
    (void)v; (void)n;
    not_implemented("l2_norm", "01-gradient-descent", "A stalled loss is not a critical point");
    /* STUDENT CODE END */
}
