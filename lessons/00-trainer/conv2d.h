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
 * then runs at the speed of the fast matmul.
 *
 * The weight gradient in the fast backward pass. In dW += dy cols^T the
 * operand cols^T is transposed, so matmul would copy it into packed slivers
 * on every call (matmul.c, idea 3), and for the first layer (25 columns)
 * that copy costs more than the product. So conv2d_backward lays the
 * patches out the other way, one patch per ROW ("im2row"):
 *
 *   rows[r*OW + s,  (c*K + u)*K + v] = x[c, r+u, s+v]
 *
 * which is cols^T stored plain, with each row padded with zeros to the
 * width of matmul's tile (25 -> 32, 200 -> 224), and computes dW += dy rows
 * with matmul_padded_b, which reads it in place. The numbers multiplied and
 * the order of every sum are those of dy cols^T: the same bits. Rather than
 * keep a batch of patches from the forward pass (megabytes that fall out of
 * the cache between the two passes), both passes build the patches of one
 * image at a time, from the layer's input, into a small buffer that stays
 * in the cache. (conv2d.c also sums the bias gradients of 8 channels side
 * by side, each in pixel order.) conv2d_backward_reference is the simple
 * version (the columns of the whole batch, cols^T as a transposed operand,
 * one bias sum after the other); the tests check that the two agree bit for
 * bit. */
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

/* The width of a row of `rows`: C*K*K rounded up to matmul's tile
 * (matmul_padded_width), and the floats of `rows` for ONE image,
 * (OH*OW) * that width. */
size_t conv2d_rows_width(const struct conv2d_shape *shape);
size_t conv2d_rows_size(const struct conv2d_shape *shape);

/* The scratch floats conv2d_backward needs: rows, then dcols [C*K*K, OH*OW]. */
size_t conv2d_backward_scratch_size(const struct conv2d_shape *shape);

/* cols [C*K*K, OH*OW] written (the patches of one image, see above)
 * image [C, H, W]
 * (restrict: here and below, the two buffers must not overlap) */
void im2col(float *restrict cols, const float *restrict image,
            const struct conv2d_shape *shape);

/* rows [OH*OW, conv2d_rows_width] written: row r*OW + s is the patch of
 * output pixel (r, s), the same numbers as column r*OW + s of cols, then
 * zeros up to the padded width
 * image [C, H, W] */
void im2row(float *restrict rows, const float *restrict image,
            const struct conv2d_shape *shape);

/* image [C, H, W] ACCUMULATED (+=): each entry of cols is added to the
 * pixel that im2col copied it from
 * cols  [C*K*K, OH*OW] */
void col2im(float *restrict image, const float *restrict cols,
            const struct conv2d_shape *shape);

/* out    [B, OC, OH, OW]  written
 * cols   [C*K*K, OH*OW]   scratch for one image (left holding the patches
 *                         of the last image)
 * inp    [B, C, H, W]
 * weight [OC, C, K, K]
 * bias   [OC] */
void conv2d_forward(float *out, float *cols, const float *inp,
                    const float *weight, const float *bias, size_t batch,
                    const struct conv2d_shape *shape);

/* dinp    [B, C, H, W]     written; NULL skips it (a first layer needs no
 *                          gradient with respect to the images)
 * dweight [OC, C, K, K]    accumulated (+=)
 * dbias   [OC]             accumulated (+=)
 * scratch [conv2d_backward_scratch_size]
 * dout    [B, OC, OH, OW]  the gradient of the loss with respect to out
 * inp     [B, C, H, W]     the input of the forward pass
 * weight  [OC, C, K, K] */
void conv2d_backward(float *dinp, float *dweight, float *dbias, float *scratch,
                     const float *dout, const float *inp, const float *weight,
                     size_t batch, const struct conv2d_shape *shape);

/* The simple version of conv2d_backward, with the same results bit for bit:
 * dcols   [C*K*K, OH*OW]     scratch for one image; may be NULL when dinp is
 * cols    [B, C*K*K, OH*OW]  the patches of the whole batch (im2col of
 *                            each image of inp)
 * and the rest as in conv2d_backward. */
void conv2d_backward_reference(float *dinp, float *dweight, float *dbias,
                               float *dcols, const float *dout, const float *cols,
                               const float *weight, size_t batch,
                               const struct conv2d_shape *shape);

#endif
