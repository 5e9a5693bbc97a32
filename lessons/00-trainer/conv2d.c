/* conv2d.c -- see conv2d.h for the math, im2col and the conventions. */
#include "conv2d.h"

#include <assert.h>
#include <string.h>

#include "matmul.h"

size_t conv2d_out_height(const struct conv2d_shape *shape)
{
    assert(shape->kernel_size <= shape->in_height);
    return shape->in_height - shape->kernel_size + 1;
}

size_t conv2d_out_width(const struct conv2d_shape *shape)
{
    assert(shape->kernel_size <= shape->in_width);
    return shape->in_width - shape->kernel_size + 1;
}

/* The rows of cols: one per weight of a filter, C*K*K. */
static size_t patch_size(const struct conv2d_shape *shape)
{
    return shape->in_channels * shape->kernel_size * shape->kernel_size;
}

/* The columns of cols: one per output pixel, OH*OW. */
static size_t out_pixels(const struct conv2d_shape *shape)
{
    return conv2d_out_height(shape) * conv2d_out_width(shape);
}

size_t conv2d_cols_size(const struct conv2d_shape *shape)
{
    return patch_size(shape) * out_pixels(shape);
}

/* im2col and col2im visit the same (row of cols, output row r) pairs; for
 * each pair, the OW numbers of cols are contiguous and so are the OW input
 * pixels they come from (x[c, r+u, v .. v+OW-1]), so both inner loops are
 * plain contiguous copies (or adds) that the compiler vectorises. */
void im2col(float *cols, const float *image, const struct conv2d_shape *shape)
{
    size_t K = shape->kernel_size, H = shape->in_height, W = shape->in_width;
    size_t OH = conv2d_out_height(shape), OW = conv2d_out_width(shape);

    for (size_t c = 0; c < shape->in_channels; c++)
        for (size_t u = 0; u < K; u++)
            for (size_t v = 0; v < K; v++) {
                float *cols_row = cols + ((c * K + u) * K + v) * OH * OW;
                for (size_t r = 0; r < OH; r++) {
                    const float *pixels = image + (c * H + r + u) * W + v;
                    for (size_t s = 0; s < OW; s++)
                        cols_row[r * OW + s] = pixels[s];
                }
            }
}

void col2im(float *image, const float *cols, const struct conv2d_shape *shape)
{
    size_t K = shape->kernel_size, H = shape->in_height, W = shape->in_width;
    size_t OH = conv2d_out_height(shape), OW = conv2d_out_width(shape);

    for (size_t c = 0; c < shape->in_channels; c++)
        for (size_t u = 0; u < K; u++)
            for (size_t v = 0; v < K; v++) {
                const float *cols_row = cols + ((c * K + u) * K + v) * OH * OW;
                for (size_t r = 0; r < OH; r++) {
                    float *pixels = image + (c * H + r + u) * W + v;
                    for (size_t s = 0; s < OW; s++)
                        pixels[s] += cols_row[r * OW + s];
                }
            }
}

void conv2d_forward(float *out, float *cols, const float *inp,
                    const float *weight, const float *bias, size_t batch,
                    const struct conv2d_shape *shape)
{
    size_t image_size = shape->in_channels * shape->in_height * shape->in_width;
    size_t rows = patch_size(shape), pixels = out_pixels(shape);
    size_t OC = shape->out_channels;

    for (size_t b = 0; b < batch; b++) {
        float *cols_b = cols + b * rows * pixels; /* [C*K*K, OH*OW] */
        float *out_b = out + b * OC * pixels;     /* [OC, OH*OW] */
        im2col(cols_b, inp + b * image_size, shape);

        /* out_b[OC, OH*OW] = weight[OC, C*K*K] * cols_b[C*K*K, OH*OW] */
        matmul(out_b, weight, MATMUL_PLAIN, cols_b, MATMUL_PLAIN,
               OC, pixels, rows, 0);
        for (size_t o = 0; o < OC; o++)
            for (size_t i = 0; i < pixels; i++)
                out_b[o * pixels + i] += bias[o];
    }
}

void conv2d_backward(float *dinp, float *dweight, float *dbias, float *dcols,
                     const float *dout, const float *cols, const float *weight,
                     size_t batch, const struct conv2d_shape *shape)
{
    size_t image_size = shape->in_channels * shape->in_height * shape->in_width;
    size_t rows = patch_size(shape), pixels = out_pixels(shape);
    size_t OC = shape->out_channels;

    if (dinp != NULL)
        memset(dinp, 0, batch * image_size * sizeof *dinp);

    for (size_t b = 0; b < batch; b++) {
        const float *cols_b = cols + b * rows * pixels; /* [C*K*K, OH*OW] */
        const float *dout_b = dout + b * OC * pixels;   /* [OC, OH*OW] */

        /* dweight[OC, C*K*K] += dout_b[OC, OH*OW] * cols_b[C*K*K, OH*OW]^T */
        matmul(dweight, dout_b, MATMUL_PLAIN, cols_b, MATMUL_TRANSPOSED,
               OC, rows, pixels, 1);

        for (size_t o = 0; o < OC; o++) {
            float sum = 0.0f;
            for (size_t i = 0; i < pixels; i++)
                sum += dout_b[o * pixels + i];
            dbias[o] += sum;
        }

        if (dinp != NULL) {
            /* dcols[C*K*K, OH*OW] = weight[OC, C*K*K]^T * dout_b[OC, OH*OW] */
            matmul(dcols, weight, MATMUL_TRANSPOSED, dout_b, MATMUL_PLAIN,
                   rows, pixels, OC, 0);
            col2im(dinp + b * image_size, dcols, shape);
        }
    }
}
