/* dropout_batchnorm.c -- lesson 17: dropout and batch normalization.
 *
 * You write six small functions over flat float arrays: dropout's forward
 * and backward passes, and batch normalization in four pieces (the batch's
 * statistics, the running statistics, the normalization itself, and its
 * backward pass). The trainer puts them after the MLP's hidden dense layer
 * (descent train --dropout P --batch-norm). The lesson text is
 * lessons/17-dropout-batchnorm/README.md; each function names the section
 * that explains it. Write your code between the STUDENT CODE markers only:
 * the rest of the file is shared with the reference solution and checked.
 * Activations are [batch, features], row by row: x[b * features + j]. */
#include "lessons.h"
#include "lesson17.h"

#include <math.h>

/* Section "Inverted dropout".
 *   training:   mask[i] = (u_i < p) ? 0 : 1,  u_i = rng_uniform(rng) in order,
 *               y[i] = mask[i] * x[i] * (1 / (1 - p))
 *   evaluation: y[i] = x[i], no draws. */
void dropout_forward(float *y, float *mask, const float *x, size_t n, float p,
                     int training, struct rng *rng)
{
    /* STUDENT CODE BEGIN */
    /* TODO: at evaluation copy x into y; in training draw one uniform per
     * element in order, set the 0/1 mask and scale the kept units by
     * 1 / (1 - p). Stuck? make hint LESSON=17 */
    (void)y; (void)mask; (void)x; (void)n; (void)p; (void)training; (void)rng;
    not_implemented("dropout_forward", "17-dropout-batchnorm", "Inverted dropout");
    /* STUDENT CODE END */
}

/* Section "Inverted dropout".
 *   dx[i] = dy[i] * mask[i] * (1 / (1 - p)) */
void dropout_backward(float *dx, const float *dy, const float *mask, size_t n, float p)
{
    /* STUDENT CODE BEGIN */
    /* TODO: send the gradient back through the same mask and the same
     * scale. Stuck? make hint LESSON=17 */
    (void)dx; (void)dy; (void)mask; (void)n; (void)p;
    not_implemented("dropout_backward", "17-dropout-batchnorm", "Inverted dropout");
    /* STUDENT CODE END */
}

/* Section "Batch normalization".
 *   mean[j] = (1/B) sum_b x[b,j],   var[j] = (1/B) sum_b (x[b,j] - mean[j])^2 */
void batchnorm_statistics(float *mean, float *var, const float *x, size_t batch,
                          size_t features)
{
    /* STUDENT CODE BEGIN */
    /* TODO: per feature j, the mean over the batch, then the mean squared
     * deviation from it (divide by B), in double. Stuck? make hint LESSON=17 */
    (void)mean; (void)var; (void)x; (void)batch; (void)features;
    not_implemented("batchnorm_statistics", "17-dropout-batchnorm", "Batch normalization");
    /* STUDENT CODE END */
}

/* Section "Running statistics".
 *   running_mean <- (1 - momentum) running_mean + momentum mean
 *   running_var  <- (1 - momentum) running_var  + momentum var B / (B - 1)
 * (running_var unchanged when B = 1). */
void batchnorm_update_running(float *running_mean, float *running_var, const float *mean,
                              const float *var, size_t batch, size_t features,
                              float momentum)
{
    /* STUDENT CODE BEGIN */
    /* TODO: blend each running statistic towards the batch's by momentum;
     * the variance enters unbiased, times B / (B - 1). Stuck? make hint LESSON=17 */
    (void)running_mean; (void)running_var; (void)mean; (void)var; (void)batch;
    (void)features; (void)momentum;
    not_implemented("batchnorm_update_running", "17-dropout-batchnorm", "Running statistics");
    /* STUDENT CODE END */
}

/* Section "Batch normalization".
 *   x_hat[b,j] = (x[b,j] - mean[j]) / sqrt(var[j] + eps),
 *   y[b,j] = gamma[j] x_hat[b,j] + beta[j];   x_hat may be NULL.
 * x_hat in double, rounded once to float; y in float from that float x_hat. */
void batchnorm_normalize(float *y, float *x_hat, const float *x, const float *mean,
                         const float *var, const float *gamma, const float *beta,
                         size_t batch, size_t features, float eps)
{
    /* STUDENT CODE BEGIN */
    /* TODO: subtract the mean, divide by sqrt(var + eps) (in double), round
     * to float, then scale by gamma and shift by beta in float; keep x_hat if
     * asked. Stuck? make hint LESSON=17 */
    (void)y; (void)x_hat; (void)x; (void)mean; (void)var; (void)gamma; (void)beta;
    (void)batch; (void)features; (void)eps;
    not_implemented("batchnorm_normalize", "17-dropout-batchnorm", "Batch normalization");
    /* STUDENT CODE END */
}

/* Section "The backward pass".
 *   dbeta[j] += sum_b dy,   dgamma[j] += sum_b dy x_hat,
 *   dx = gamma / (B sqrt(var + eps)) (B dy - sum dy - x_hat sum dy x_hat) */
void batchnorm_backward(float *dx, float *dgamma, float *dbeta, const float *dy,
                        const float *x_hat, const float *var, const float *gamma,
                        size_t batch, size_t features, float eps)
{
    /* STUDENT CODE BEGIN */
    /* TODO: per feature, the two sums over the batch; add them to dbeta
     * and dgamma; write dx with the closed form above. Stuck? make hint LESSON=17 */
    (void)dx; (void)dgamma; (void)dbeta; (void)dy; (void)x_hat; (void)var; (void)gamma;
    (void)batch; (void)features; (void)eps;
    not_implemented("batchnorm_backward", "17-dropout-batchnorm", "The backward pass");
    /* STUDENT CODE END */
}
