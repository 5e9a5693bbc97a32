/* conv2d.h -- 2-D convolution ("valid": no padding; stride 1), computed as
 * one matrix product per image after im2col.
 *
 * Shapes: an input image has C channels of H x W pixels; the layer has OC
 * filters of C x K x K weights and OC biases; the output has OC channels of
 * OH x OW, where OH = H - K + 1 and OW = W - K + 1 (the filter must fit
 * inside the image everywhere).
 *
 * Math (as in every deep-learning library, this is cross-correlation: the
 * filter is not flipped), for one image:
 *
 *   forward   y[o,r,s] = bias[o] + sum_{c,u,v} W[o,c,u,v] * x[c, r+u, s+v]
 *   backward  dW[o,c,u,v] += sum_{r,s} dy[o,r,s] * x[c, r+u, s+v]
 *             dbias[o]    += sum_{r,s} dy[o,r,s]
 *             dx[c,i,j]    = sum of dy[o,r,s] * W[o,c,u,v] over all o and
 *                            all (r,s,u,v) with r+u = i and s+v = j
 *
 * im2col turns this into a matrix product. Lay out every K x K patch of the
 * input that the filter visits as one COLUMN of a matrix `cols` with
 * C*K*K rows and OH*OW columns:
 *
 *   cols[(c*K + u)*K + v,  r*OW + s] = x[c, r+u, s+v]
 *
 * Then, reading W as an OC x (C*K*K) matrix and y as OC x (OH*OW),
 *
 *   forward   y   = W cols + bias        (one matmul)
 *   backward  dW += dy cols^T            (one matmul)
 *             dcols = W^T dy,  then dx = col2im(dcols)
 *
 * where col2im is the adjoint of im2col: every entry of dcols is ADDED back
 * to the input pixel it was copied from (a pixel sits in up to K*K patches).
 * im2col copies each pixel K*K times, which costs memory, but the product
 * then runs at the speed of the fast matmul. The columns of each image are
 * kept from the forward pass for the backward pass. */
#ifndef DESCENT_CONV2D_H
#define DESCENT_CONV2D_H

#include <stddef.h>

struct conv2d_shape {
    size_t in_channels;  /* C */
    size_t in_height;    /* H */
    size_t in_width;     /* W */
    size_t out_channels; /* OC */
    size_t kernel_size;  /* K: filters are K x K */
};

/* OH = H - K + 1 and OW = W - K + 1. Requires K <= H and K <= W. */
size_t conv2d_out_height(const struct conv2d_shape *shape);
size_t conv2d_out_width(const struct conv2d_shape *shape);

/* The number of floats of `cols` for ONE image: (C*K*K) * (OH*OW). */
size_t conv2d_cols_size(const struct conv2d_shape *shape);

/* cols [C*K*K, OH*OW] written (the patches of one image, see above)
 * image [C, H, W] */
void im2col(float *cols, const float *image, const struct conv2d_shape *shape);

/* image [C, H, W] ACCUMULATED (+=): each entry of cols is added to the
 * pixel that im2col copied it from
 * cols  [C*K*K, OH*OW] */
void col2im(float *image, const float *cols, const struct conv2d_shape *shape);

/* out    [B, OC, OH, OW]           written
 * cols   [B, C*K*K, OH*OW]         written: the patches, kept for backward
 * inp    [B, C, H, W]
 * weight [OC, C, K, K]
 * bias   [OC] */
void conv2d_forward(float *out, float *cols, const float *inp,
                    const float *weight, const float *bias, size_t batch,
                    const struct conv2d_shape *shape);

/* dinp    [B, C, H, W]       written; NULL skips it (a first layer needs no
 *                            gradient with respect to the images)
 * dweight [OC, C, K, K]      accumulated (+=)
 * dbias   [OC]               accumulated (+=)
 * dcols   [C*K*K, OH*OW]     scratch for one image; may be NULL when dinp is
 * dout    [B, OC, OH, OW]    the gradient of the loss with respect to out
 * cols    [B, C*K*K, OH*OW]  from conv2d_forward on the same input
 * weight  [OC, C, K, K] */
void conv2d_backward(float *dinp, float *dweight, float *dbias, float *dcols,
                     const float *dout, const float *cols, const float *weight,
                     size_t batch, const struct conv2d_shape *shape);

#endif
