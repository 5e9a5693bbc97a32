/* maxpool.c -- see maxpool.h. */
#include "maxpool.h"

#include <string.h>

void maxpool_forward(float *out, size_t *argmax, const float *inp,
                     size_t batch, size_t channels, size_t height, size_t width)
{
    size_t OH = height / 2, OW = width / 2;

    /* Batch and channel together: every (b, c) is one H x W plane. */
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
