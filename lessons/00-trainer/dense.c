/* dense.c -- see dense.h for the math and the conventions. */
#include "dense.h"

#include "matmul.h"

void dense_forward(float *out, const float *inp, const float *weight,
                   const float *bias, size_t batch, size_t in_features,
                   size_t out_features)
{
    /* out[B, OC] = inp[B, C] * weight[OC, C]^T */
    matmul(out, inp, MATMUL_PLAIN, weight, MATMUL_TRANSPOSED,
           batch, out_features, in_features, 0);

    for (size_t b = 0; b < batch; b++) {
        float *out_row = out + b * out_features;
        for (size_t o = 0; o < out_features; o++)
            out_row[o] += bias[o];
    }
}

void dense_backward(float *dinp, float *dweight, float *dbias,
                    const float *dout, const float *inp, const float *weight,
                    size_t batch, size_t in_features, size_t out_features)
{
    /* dinp[B, C] = dout[B, OC] * weight[OC, C] */
    if (dinp != NULL)
        matmul(dinp, dout, MATMUL_PLAIN, weight, MATMUL_PLAIN,
               batch, in_features, out_features, 0);

    /* dweight[OC, C] += dout[B, OC]^T * inp[B, C] */
    matmul(dweight, dout, MATMUL_TRANSPOSED, inp, MATMUL_PLAIN,
           out_features, in_features, batch, 1);

    /* dbias[OC] += the column sums of dout */
    for (size_t b = 0; b < batch; b++) {
        const float *dout_row = dout + b * out_features;
        for (size_t o = 0; o < out_features; o++)
            dbias[o] += dout_row[o];
    }
}
