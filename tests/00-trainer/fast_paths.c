/* fast_paths.c -- the CNN's fast layer code against the simple versions
 * kept beside it, bit for bit.
 *
 * Each speed-up of the CNN (conv2d.h: im2row for the weight gradient, the
 * bias gradients side by side; maxpool.c: windows compared without
 * branches) moves
 * data differently but must leave every float operation, and the order of
 * every sum, as it was: training runs, checkpoints and figures depend on
 * it. So the fast version is compared with the simple one to the last bit
 * (memcmp, no tolerance: a reordered sum would differ in the last place),
 * on the CNN's own shapes (cnn.c) and on a small odd one. The simple
 * versions themselves are checked by hand and by finite differences in
 * layers.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conv2d.h"
#include "maxpool.h"
#include "harness.h"
#include "test_util.h"

/* Fails unless got and expected hold the same bits, naming the first
 * difference. */
static void expect_same_bits(const char *what, const float *got, const float *expected,
                             size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&got[i], &expected[i], sizeof(float)) != 0)
            fail_msg("%s[%zu]: the fast version gives %.9g, the simple one %.9g",
                     what, i, got[i], expected[i]);
}

static float *floats(size_t n)
{
    float *x = malloc(n * sizeof *x + 1);
    assert_non_null(x);
    return x;
}

/* ---- im2row -------------------------------------------------------------- */

/* The image of layers.c's conv2d case, x = [1 2 3; 4 5 6; 7 8 9], K = 2: the
 * patches of the output pixels (0,0) (0,1) (1,0) (1,1) are
 *   1 2 4 5 | 2 3 5 6 | 4 5 7 8 | 5 6 8 9
 * one per row, each padded with zeros to 32 numbers (matmul's tile). */
static void test_im2row_by_hand(void **state)
{
    (void)state;
    const struct conv2d_shape shape = {1, 3, 3, 1, 2};
    const float x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const double patches[4][4] = {{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}};
    double expected[4 * 32] = {0};
    float rows[4 * 32];
    for (size_t p = 0; p < 4; p++)
        for (size_t q = 0; q < 4; q++)
            expected[p * 32 + q] = patches[p][q];
    for (size_t i = 0; i < 4 * 32; i++)
        rows[i] = 99.0f; /* the padding must be written too */

    assert_int_equal(conv2d_rows_width(&shape), 32);
    assert_int_equal(conv2d_rows_size(&shape), 4 * 32);
    im2row(rows, x, &shape);
    check_all_close("im2row", rows, expected, 4 * 32, 0.0);
}

/* im2row is im2col transposed (layers.c checks im2col by hand), on the
 * second convolution of the CNN: 8 channels of 12 x 12, 5 x 5 filters. */
static void test_im2row_is_im2col_transposed(void **state)
{
    (void)state;
    const struct conv2d_shape shape = {8, 12, 12, 16, 5};
    size_t patch = 8 * 5 * 5, pixels = 8 * 8, width = conv2d_rows_width(&shape);
    float *image = floats(8 * 12 * 12), *cols = floats(patch * pixels);
    float *rows = floats(conv2d_rows_size(&shape));
    struct rng rng;
    rng_seed(&rng, 31, 0);
    fill_uniform(image, 8 * 12 * 12, -1, 1, &rng);

    assert_int_equal(width, 224); /* 200 rounded up to a multiple of 32 */
    im2col(cols, image, &shape);
    im2row(rows, image, &shape);
    for (size_t p = 0; p < pixels; p++)
        for (size_t q = 0; q < width; q++) {
            float expected = q < patch ? cols[q * pixels + p] : 0.0f;
            if (memcmp(&rows[p * width + q], &expected, sizeof expected) != 0)
                fail_msg("im2row[%zu][%zu] is %g, im2col's [%zu][%zu] is %g", p, q,
                         rows[p * width + q], q, p, expected);
        }
    free(image); free(cols); free(rows);
}

/* ---- conv2d_backward ----------------------------------------------------- */

/* conv2d_backward (im2row, matmul_padded_b) against
 * conv2d_backward_reference (the whole batch's im2col, a transposed
 * operand): the same dinp, and the same dweight and dbias added onto
 * gradients that are not zero, bit for bit. */
static void expect_backward_same_bits(const struct conv2d_shape *shape, size_t batch,
                                      int with_dinp, uint64_t seed)
{
    size_t C = shape->in_channels, H = shape->in_height, W = shape->in_width;
    size_t OC = shape->out_channels, K = shape->kernel_size;
    size_t image = C * H * W, out = OC * conv2d_out_height(shape) * conv2d_out_width(shape);
    size_t weights = OC * C * K * K, cols_size = conv2d_cols_size(shape);
    float *inp = floats(batch * image), *dout = floats(batch * out);
    float *weight = floats(weights), *cols = floats(batch * cols_size);
    float *dcols = floats(cols_size), *scratch = floats(conv2d_backward_scratch_size(shape));
    float *dinp = floats(batch * image), *dinp_ref = floats(batch * image);
    float *dw = floats(weights), *dw_ref = floats(weights);
    float *db = floats(OC), *db_ref = floats(OC);
    struct rng rng;
    rng_seed(&rng, seed, 0);
    fill_uniform(inp, batch * image, -1, 1, &rng);
    fill_uniform(dout, batch * out, -1, 1, &rng);
    fill_uniform(weight, weights, -1, 1, &rng);
    fill_uniform(dw, weights, -1, 1, &rng);
    fill_uniform(db, OC, -1, 1, &rng);
    memcpy(dw_ref, dw, weights * sizeof *dw);
    memcpy(db_ref, db, OC * sizeof *db);
    for (size_t b = 0; b < batch; b++)
        im2col(cols + b * cols_size, inp + b * image, shape);

    conv2d_backward(with_dinp ? dinp : NULL, dw, db, scratch, dout, inp, weight, batch,
                    shape);
    conv2d_backward_reference(with_dinp ? dinp_ref : NULL, dw_ref, db_ref,
                              with_dinp ? dcols : NULL, dout, cols, weight, batch, shape);
    expect_same_bits("conv2d dweight", dw, dw_ref, weights);
    expect_same_bits("conv2d dbias", db, db_ref, OC);
    if (with_dinp)
        expect_same_bits("conv2d dinp", dinp, dinp_ref, batch * image);

    free(inp); free(dout); free(weight); free(cols); free(dcols); free(scratch);
    free(dinp); free(dinp_ref); free(dw); free(dw_ref); free(db); free(db_ref);
}

static void test_conv2d_backward_same_bits(void **state)
{
    (void)state;
    const struct conv2d_shape conv1 = {1, 28, 28, 8, 5};  /* cnn.c */
    const struct conv2d_shape conv2 = {8, 12, 12, 16, 5}; /* cnn.c */
    const struct conv2d_shape odd = {3, 7, 9, 11, 3}; /* 8 bias sums side by side, then 3 */
    expect_backward_same_bits(&conv1, 3, 0, 41);
    expect_backward_same_bits(&conv2, 3, 1, 42);
    expect_backward_same_bits(&odd, 2, 1, 43);
}

/* ---- maxpool_forward ----------------------------------------------------- */

/* maxpool_forward against maxpool_forward_reference: the same outputs and
 * the same winners, bit for bit, on ReLU-like inputs (a third are exactly
 * 0, so many windows tie), with +0 and -0 side by side (equal: the first
 * wins), and with NaNs in every position of a window (a NaN in front wins
 * its window, one behind it is passed over). */
static void expect_maxpool_same(size_t batch, size_t channels, size_t height, size_t width,
                                uint64_t seed)
{
    size_t n = batch * channels * height * width;
    size_t outputs = batch * channels * (height / 2) * (width / 2);
    float *x = floats(n), *y = floats(outputs), *y_ref = floats(outputs);
    size_t *winner = malloc(outputs * sizeof *winner);
    size_t *winner_ref = malloc(outputs * sizeof *winner_ref);
    assert_non_null(winner);
    assert_non_null(winner_ref);
    struct rng rng;
    rng_seed(&rng, seed, 0);
    fill_uniform(x, n, -0.5, 1, &rng);
    for (size_t i = 0; i < n; i++)
        if (x[i] < 0.0f)
            x[i] = i % 2 ? 0.0f : -0.0f; /* the ReLU's zeros, of both signs */
    for (size_t i = 0; i < n; i += 37)
        x[i] = NAN; /* 37 is odd: the NaNs land in every corner of the windows */

    maxpool_forward(y, winner, x, batch, channels, height, width);
    maxpool_forward_reference(y_ref, winner_ref, x, batch, channels, height, width);
    expect_same_bits("maxpool out", y, y_ref, outputs);
    for (size_t i = 0; i < outputs; i++)
        if (winner[i] != winner_ref[i])
            fail_msg("maxpool argmax[%zu]: the fast version says %zu, the simple one %zu",
                     i, winner[i], winner_ref[i]);
    free(x); free(y); free(y_ref); free(winner); free(winner_ref);
}

static void test_maxpool_same_bits(void **state)
{
    (void)state;
    expect_maxpool_same(3, 8, 24, 24, 51); /* pool1 of cnn.c */
    expect_maxpool_same(3, 16, 8, 8, 52);  /* pool2 */
    expect_maxpool_same(2, 3, 7, 11, 53);  /* odd: the last row and column dropped */
}

static const struct harness_test tests[] = {
    {"trainer_im2row_by_hand", test_im2row_by_hand, 1, 5, "im2row by hand"},
    {"trainer_im2row_is_im2col_transposed", test_im2row_is_im2col_transposed, 1, 5,
     "im2row is im2col transposed, padded with zeros"},
    {"trainer_conv2d_backward_same_bits", test_conv2d_backward_same_bits, 1, 10,
     "conv2d backward (im2row) gives the simple version's bits"},
    {"trainer_maxpool_same_bits", test_maxpool_same_bits, 1, 5,
     "max-pool forward gives the simple version's outputs and winners"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
