/* maxpool.c -- see maxpool.h. */
#include "maxpool.h"

#include <string.h>

/* The outputs y[r, 0 .. OW-1] of one output row of one plane, whose inputs
 * are the two input rows starting at index `top`. One window per output,
 * its four inputs compared in reading order, a later one winning only if
 * strictly greater (so the first of equal values wins, and a NaN in front
 * stays: every comparison with it is false).
 *
 * Why it is fast: the `if`s only choose between two values, and `restrict`
 * says that out, argmax and inp never overlap; together they let the
 * compiler compare many windows at once (vector compares and blends) where
 * a branch per comparison, mispredicted half the time, cost about 3x as
 * long. And the rows are short (12 outputs after conv1, 4 after conv2), so,
 * as in conv2d.c, the two lengths are passed as constants: the compiler
 * then uses exactly the vectors that fit, with no loop left to steer. */
static inline void pool_row(float *restrict out, size_t *restrict argmax,
                            const float *restrict inp, size_t top, size_t width,
                            size_t OW)
{
    for (size_t s = 0; s < OW; s++) {
        size_t corner = top + 2 * s; /* the window's top-left input */
        float best = inp[corner];
        size_t offset = 0;           /* the winner's index - corner */
        if (inp[corner + 1] > best) {
            best = inp[corner + 1];
            offset = 1;
        }
        if (inp[corner + width] > best) {
            best = inp[corner + width];
            offset = width;
        }
        if (inp[corner + width + 1] > best) {
            best = inp[corner + width + 1];
            offset = width + 1;
        }
        out[s] = best;
        argmax[s] = corner + offset;
    }
}

void maxpool_forward(float *restrict out, size_t *restrict argmax,
                     const float *restrict inp,
                     size_t batch, size_t channels, size_t height, size_t width)
{
    size_t OH = height / 2, OW = width / 2;

    /* Batch and channel together: every (b, c) is one H x W plane. */
    for (size_t plane = 0; plane < batch * channels; plane++)
        for (size_t r = 0; r < OH; r++) {
            size_t top = plane * height * width + 2 * r * width; /* index of x[2r, 0] */
            size_t first = plane * OH * OW + r * OW;             /* index of y[r, 0] */
            if (OW == 12)
                pool_row(out + first, argmax + first, inp, top, width, 12);
            else if (OW == 4)
                pool_row(out + first, argmax + first, inp, top, width, 4);
            else
                pool_row(out + first, argmax + first, inp, top, width, OW);
        }
}

void maxpool_forward_reference(float *out, size_t *argmax, const float *inp,
                               size_t batch, size_t channels, size_t height,
                               size_t width)
{
    size_t OH = height / 2, OW = width / 2;

    for (size_t plane = 0; plane < batch * channels; plane++) {
        size_t in_base = plane * height * width;
        size_t out_base = plane * OH * OW;
        for (size_t r = 0; r < OH; r++)
            for (size_t s = 0; s < OW; s++) {
                size_t best = in_base + (2 * r) * width + 2 * s;
                for (size_t u = 0; u < 2; u++)
                    for (size_t v = 0; v < 2; v++) {
                        size_t index = in_base + (2 * r + u) * width + 2 * s + v;
                        if (inp[index] > inp[best])
                            best = index;
                    }
                out[out_base + r * OW + s] = inp[best];
                argmax[out_base + r * OW + s] = best;
            }
    }
}

void maxpool_backward(float *dinp, const float *dout, const size_t *argmax,
                      size_t batch, size_t channels, size_t height, size_t width)
{
    size_t outputs = batch * channels * (height / 2) * (width / 2);

    memset(dinp, 0, batch * channels * height * width * sizeof *dinp);
    /* The windows do not overlap, so each input receives at most one
     * gradient; += would also be right for overlapping windows. */
    for (size_t i = 0; i < outputs; i++)
        dinp[argmax[i]] += dout[i];
}
