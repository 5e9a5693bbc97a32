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

size_t conv2d_rows_width(const struct conv2d_shape *shape)
{
    return matmul_padded_width(patch_size(shape));
}

size_t conv2d_rows_size(const struct conv2d_shape *shape)
{
    return out_pixels(shape) * conv2d_rows_width(shape);
}

size_t conv2d_backward_scratch_size(const struct conv2d_shape *shape)
{
    return conv2d_rows_size(shape) + conv2d_cols_size(shape);
}

/* ---- Copying the patches -------------------------------------------------
 *
 * These three functions only move numbers, yet before they were tuned they
 * took about a third of the CNN's epoch, more than the matrix products.
 * Two things made them 1.5-3x faster without changing a single number
 * (maxpool.c adds a third, comparisons without branches):
 *
 * - `restrict`. The destination and the source never overlap, and saying so
 *   (C99, and C11 6.7.3.1) lets the compiler copy 8 or 16 floats per instruction
 *   without first testing, before every short copy, whether a store could
 *   change a float it has yet to load.
 * - Known lengths. The copies are short (the CNN's rows are 24 and 8 pixels
 *   long, its filters 5 wide), and a loop of unknown length spends more on
 *   deciding how to split itself into vectors than on copying. Called with
 *   a constant, the same inline loop compiles to a few plain vector moves.
 *   The branch that picks the constant is the only trace of this in the
 *   code; every length still takes the same loop, with the same result. */

/* dst[i] = src[i] (add == 0) or dst[i] += src[i] (add == 1), for i < n. */
static inline void move_floats(float *restrict dst, const float *restrict src, size_t n,
                               int add)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = add ? dst[i] + src[i] : src[i];
}

/* One row of an output image's pixels, OW long, copied into cols (im2col,
 * add 0) or added from it (col2im, add 1): a constant length for the CNN's
 * two layers (see above), any other length the general way. */
static inline void output_row(float *restrict dst, const float *restrict src, size_t OW,
                              int add)
{
    if (OW == 24)
        move_floats(dst, src, 24, add);
    else if (OW == 8)
        move_floats(dst, src, 8, add);
    else
        move_floats(dst, src, OW, add);
}

/* im2col and col2im visit the same (row of cols, output row r) pairs; for
 * each pair, the OW numbers of cols are contiguous and so are the OW input
 * pixels they come from (x[c, r+u, v .. v+OW-1]), so both inner loops are
 * plain contiguous copies (or adds). */
void im2col(float *restrict cols, const float *restrict image,
            const struct conv2d_shape *shape)
{
    size_t K = shape->kernel_size, H = shape->in_height, W = shape->in_width;
    size_t OH = conv2d_out_height(shape), OW = conv2d_out_width(shape);

    for (size_t c = 0; c < shape->in_channels; c++)
        for (size_t u = 0; u < K; u++)
            for (size_t v = 0; v < K; v++) {
                float *cols_row = cols + ((c * K + u) * K + v) * OH * OW;
                for (size_t r = 0; r < OH; r++)
                    output_row(cols_row + r * OW, image + (c * H + r + u) * W + v, OW, 0);
            }
}

/* The K numbers x[c, r+u, s .. s+K-1] of every output pixel (r, s) of one
 * output row r, for one (c, u): they go to columns (c*K + u)*K .. +K-1 of
 * the rows r*OW + s. Consecutive s read overlapping windows of one input
 * line, which stays in the fastest cache. memcpy, not move_floats: for a
 * constant K = 5, gcc turns it into one 4-float and one 1-float move, where
 * it turned the loop into single floats shuffled together (1.1x slower). */
static inline void copy_windows(float *restrict rows, size_t width,
                                const float *restrict line, size_t OW, size_t K)
{
    for (size_t s = 0; s < OW; s++)
        memcpy(rows + s * width, line + s, K * sizeof *line);
}

/* One row per output pixel, then zeros up to the padded width. Filled one
 * output row r at a time, and within it one input line (c, r+u) at a time:
 * the copies are only K = 5 numbers long, so K = 5 is passed as a constant
 * (see above); any other K takes the same loop. The padding is written
 * first, as the last MATMUL_TILE_WIDTH floats of each row (a constant
 * length again: two vector stores); the copies then overwrite the part of
 * them that the patch occupies. (Written after the copies, it was a loop of
 * 7 or 24 floats whose length the compiler could not know, for every pixel.) */
void im2row(float *restrict rows, const float *restrict image,
            const struct conv2d_shape *shape)
{
    size_t K = shape->kernel_size, H = shape->in_height, W = shape->in_width;
    size_t C = shape->in_channels;
    size_t OH = conv2d_out_height(shape), OW = conv2d_out_width(shape);
    size_t width = conv2d_rows_width(shape); /* a multiple of the tile, >= patch */

    for (size_t r = 0; r < OH; r++) {
        float *rows_r = rows + r * OW * width; /* the rows of output row r */
        for (size_t s = 0; s < OW; s++) {
            float *last_tile = rows_r + s * width + width - MATMUL_TILE_WIDTH;
            for (size_t j = 0; j < MATMUL_TILE_WIDTH; j++)
                last_tile[j] = 0.0f; /* the padding: read by matmul, never used */
        }
        for (size_t c = 0; c < C; c++)
            for (size_t u = 0; u < K; u++) {
                const float *line = image + (c * H + r + u) * W;
                float *first = rows_r + (c * K + u) * K;
                if (K == 5)
                    copy_windows(first, width, line, OW, 5);
                else
                    copy_windows(first, width, line, OW, K);
            }
    }
}

void col2im(float *restrict image, const float *restrict cols,
            const struct conv2d_shape *shape)
{
    size_t K = shape->kernel_size, H = shape->in_height, W = shape->in_width;
    size_t OH = conv2d_out_height(shape), OW = conv2d_out_width(shape);

    for (size_t c = 0; c < shape->in_channels; c++)
        for (size_t u = 0; u < K; u++)
            for (size_t v = 0; v < K; v++) {
                const float *cols_row = cols + ((c * K + u) * K + v) * OH * OW;
                for (size_t r = 0; r < OH; r++)
                    output_row(image + (c * H + r + u) * W + v, cols_row + r * OW, OW, 1);
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
        float *out_b = out + b * OC * pixels; /* [OC, OH*OW] */
        /* cols [C*K*K, OH*OW]: one image at a time, so it stays in cache */
        im2col(cols, inp + b * image_size, shape);

        /* out_b[OC, OH*OW] = weight[OC, C*K*K] * cols[C*K*K, OH*OW] */
        matmul(out_b, weight, MATMUL_PLAIN, cols, MATMUL_PLAIN, OC, pixels, rows, 0);
        for (size_t o = 0; o < OC; o++)
            for (size_t i = 0; i < pixels; i++)
                out_b[o * pixels + i] += bias[o];
    }
}

/* dbias[o] += sum over the pixels of dout_b[o, .], summed in pixel order:
 * the simple version, one channel after the other. */
static void add_bias_gradient_simple(float *dbias, const float *dout_b, size_t OC,
                                     size_t pixels)
{
    for (size_t o = 0; o < OC; o++) {
        float sum = 0.0f;
        for (size_t i = 0; i < pixels; i++)
            sum += dout_b[o * pixels + i];
        dbias[o] += sum;
    }
}

/* The same sums, 8 channels side by side. One sum alone is a chain: each
 * addition waits for the previous one's result, a few cycles, and the
 * order may not change. Eight independent chains, one per channel, keep
 * the adder busy; each sum still runs over the pixels in order, so the bits
 * are those of the simple version (4x faster for conv1's 576 pixels). */
#define BIAS_LANES 8
static void add_bias_gradient(float *dbias, const float *dout_b, size_t OC, size_t pixels)
{
    size_t o0 = 0;
    for (; o0 + BIAS_LANES <= OC; o0 += BIAS_LANES) {
        float sum[BIAS_LANES] = {0.0f};
        for (size_t i = 0; i < pixels; i++)
            for (size_t j = 0; j < BIAS_LANES; j++)
                sum[j] += dout_b[(o0 + j) * pixels + i];
        for (size_t j = 0; j < BIAS_LANES; j++)
            dbias[o0 + j] += sum[j];
    }
    /* the last OC % 8 channels, if any */
    add_bias_gradient_simple(dbias + o0, dout_b + o0 * pixels, OC - o0, pixels);
}

/* dinp_b [C, H, W] = col2im(weight^T dout_b), through dcols [C*K*K, OH*OW]. */
static void add_input_gradient(float *dinp_b, float *dcols, const float *dout_b,
                               const float *weight, const struct conv2d_shape *shape)
{
    /* dcols[C*K*K, OH*OW] = weight[OC, C*K*K]^T * dout_b[OC, OH*OW] */
    matmul(dcols, weight, MATMUL_TRANSPOSED, dout_b, MATMUL_PLAIN,
           patch_size(shape), out_pixels(shape), shape->out_channels, 0);
    col2im(dinp_b, dcols, shape);
}

void conv2d_backward(float *dinp, float *dweight, float *dbias, float *scratch,
                     const float *dout, const float *inp, const float *weight,
                     size_t batch, const struct conv2d_shape *shape)
{
    size_t image_size = shape->in_channels * shape->in_height * shape->in_width;
    size_t patch = patch_size(shape), pixels = out_pixels(shape);
    size_t OC = shape->out_channels;
    float *rows = scratch;                             /* [OH*OW, width] */
    float *dcols = scratch + conv2d_rows_size(shape);  /* [C*K*K, OH*OW] */

    if (dinp != NULL)
        memset(dinp, 0, batch * image_size * sizeof *dinp);

    for (size_t b = 0; b < batch; b++) {
        const float *dout_b = dout + b * OC * pixels; /* [OC, OH*OW] */

        /* dweight[OC, C*K*K] += dout_b[OC, OH*OW] * rows[OH*OW, C*K*K]:
         * rows is cols^T stored plain, read in place (see conv2d.h). */
        im2row(rows, inp + b * image_size, shape);
        matmul_padded_b(dweight, dout_b, MATMUL_PLAIN, rows, conv2d_rows_width(shape),
                        OC, patch, pixels, 1);

        add_bias_gradient(dbias, dout_b, OC, pixels);
        if (dinp != NULL)
            add_input_gradient(dinp + b * image_size, dcols, dout_b, weight, shape);
    }
}

void conv2d_backward_reference(float *dinp, float *dweight, float *dbias,
                               float *dcols, const float *dout, const float *cols,
                               const float *weight, size_t batch,
                               const struct conv2d_shape *shape)
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

        add_bias_gradient_simple(dbias, dout_b, OC, pixels);
        if (dinp != NULL)
            add_input_gradient(dinp + b * image_size, dcols, dout_b, weight, shape);
    }
}
