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
    if (!training) {
        /* At evaluation every unit is present and already at the right
         * scale: the training pass divided by 1 - p instead. */
        for (size_t i = 0; i < n; i++)
            y[i] = x[i];
        return;
    }
    float scale = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) {
        float u = rng_uniform(rng); /* one draw per element, even when p = 0 */
        mask[i] = u < p ? 0.0f : 1.0f;
        y[i] = mask[i] * x[i] * scale;
    }
    /* STUDENT CODE END */
}

/* Section "Inverted dropout".
 *   dx[i] = dy[i] * mask[i] * (1 / (1 - p)) */
void dropout_backward(float *dx, const float *dy, const float *mask, size_t n, float p)
{
    /* STUDENT CODE BEGIN */
    float scale = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++)
        dx[i] = dy[i] * mask[i] * scale; /* the forward pass was y = x * mask * scale */
    /* STUDENT CODE END */
}

/* Section "Batch normalization".
 *   mean[j] = (1/B) sum_b x[b,j],   var[j] = (1/B) sum_b (x[b,j] - mean[j])^2 */
void batchnorm_statistics(float *mean, float *var, const float *x, size_t batch,
                          size_t features)
{
    /* STUDENT CODE BEGIN */
    for (size_t j = 0; j < features; j++) {
        double sum = 0.0;
        for (size_t b = 0; b < batch; b++)
            sum += x[b * features + j];
        double mu = sum / (double)batch;
        double squares = 0.0;
        for (size_t b = 0; b < batch; b++) {
            double deviation = x[b * features + j] - mu;
            squares += deviation * deviation;
        }
        mean[j] = (float)mu;
        var[j] = (float)(squares / (double)batch); /* biased: divided by B */
    }
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
    double keep = 1.0 - (double)momentum;
    for (size_t j = 0; j < features; j++) {
        running_mean[j] = (float)(keep * running_mean[j] + (double)momentum * mean[j]);
        if (batch > 1) {
            /* The unbiased variance, as torch.nn.BatchNorm1d averages it. */
            double unbiased = (double)var[j] * (double)batch / (double)(batch - 1);
            running_var[j] = (float)(keep * running_var[j] + (double)momentum * unbiased);
        }
    }
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
    for (size_t j = 0; j < features; j++) {
        double std = sqrt((double)var[j] + (double)eps);
        for (size_t b = 0; b < batch; b++) {
            size_t i = b * features + j;
            float normalized = (float)((x[i] - (double)mean[j]) / std);
            if (x_hat != NULL)
                x_hat[i] = normalized;
            y[i] = gamma[j] * normalized + beta[j];
        }
    }
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
    double count = (double)batch;
    for (size_t j = 0; j < features; j++) {
        double sum_dy = 0.0, sum_dy_x_hat = 0.0;
        for (size_t b = 0; b < batch; b++) {
            size_t i = b * features + j;
            sum_dy += dy[i];
            sum_dy_x_hat += (double)dy[i] * x_hat[i];
        }
        dbeta[j] += (float)sum_dy;
        dgamma[j] += (float)sum_dy_x_hat;
        double factor = gamma[j] / (count * sqrt((double)var[j] + (double)eps));
        for (size_t b = 0; b < batch; b++) {
            size_t i = b * features + j;
            dx[i] = (float)(factor * (count * dy[i] - sum_dy - x_hat[i] * sum_dy_x_hat));
        }
    }
    /* STUDENT CODE END */
}
