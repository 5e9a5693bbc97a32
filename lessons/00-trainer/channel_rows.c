/* channel_rows.c -- see channel_rows.h. */
#include "channel_rows.h"

void channels_to_rows(float *rows, const float *x, size_t batch, size_t channels,
                      size_t spatial)
{
    for (size_t b = 0; b < batch; b++)
        for (size_t c = 0; c < channels; c++)
            for (size_t s = 0; s < spatial; s++)
                rows[(b * spatial + s) * channels + c] = x[(b * channels + c) * spatial + s];
}

void rows_to_channels(float *x, const float *rows, size_t batch, size_t channels,
                      size_t spatial)
{
    for (size_t b = 0; b < batch; b++)
        for (size_t c = 0; c < channels; c++)
            for (size_t s = 0; s < spatial; s++)
                x[(b * channels + c) * spatial + s] = rows[(b * spatial + s) * channels + c];
}
