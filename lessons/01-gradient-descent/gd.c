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
    /* TODO: return the mean of the squared residuals, summed in double
     * (0 when n is 0). Stuck? make hint LESSON=1 */
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
    /* TODO: write dJ/da into g[0] and dJ/db into g[1], summing in double
     * ((0, 0) when n is 0). Stuck? make hint LESSON=1 */
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
    /* TODO: take one step of gradient descent on all n parameters; leave g
     * as it is. Stuck? make hint LESSON=1 */
    (void)w; (void)g; (void)n; (void)lr;
    not_implemented("gd_step", "01-gradient-descent", "The update rule");
    /* STUDENT CODE END */
}

/* Section "A stalled loss is not a critical point".
 *   |v| = sqrt(sum_i v[i]^2). */
double l2_norm(const float *v, size_t n)
{
    /* STUDENT CODE BEGIN */
    /* TODO: return the Euclidean length of v, summing in double.
     * Stuck? make hint LESSON=1 */
    (void)v; (void)n;
    not_implemented("l2_norm", "01-gradient-descent", "A stalled loss is not a critical point");
    /* STUDENT CODE END */
}
