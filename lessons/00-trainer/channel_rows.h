/* channel_rows.h -- a convolution's output seen as rows of channels, so that
 * lesson 17's batch normalization (written for [rows, features]) normalizes
 * it per channel, as torch.nn.BatchNorm2d does.
 *
 * A convolution writes x [B, C, S] (S = H * W pixels per channel, stored
 * channel after channel for each image). Batch normalization of a
 * convolution takes its statistics per channel over all B * S values of that
 * channel, so it wants every channel as a COLUMN: the B * S pixels as rows
 * and the C channels as features,
 *
 *   rows[(b * S + s) * C + c] = x[(b * C + c) * S + s]
 *
 * for b < B, c < C, s < S. Pixel s of image b becomes row b * S + s. The two
 * functions below copy from one layout to the other; they are inverse to
 * each other, and each is its own backward pass's adjoint (a copy moves
 * gradients exactly as it moves values). */
#ifndef DESCENT_CHANNEL_ROWS_H
#define DESCENT_CHANNEL_ROWS_H

#include <stddef.h>

/* rows [B * S, C] written from x [B, C, S]. */
void channels_to_rows(float *rows, const float *x, size_t batch, size_t channels,
                      size_t spatial);

/* x [B, C, S] written from rows [B * S, C]. */
void rows_to_channels(float *x, const float *rows, size_t batch, size_t channels,
                      size_t spatial);

#endif
