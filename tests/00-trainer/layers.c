/* test_layers.c -- each layer's forward pass on a case small enough to work
 * out by hand, and each backward pass against finite differences. */
#include <stdlib.h>
#include <string.h>

#include "channel_rows.h"
#include "conv2d.h"
#include "dense.h"
#include "gradcheck.h"
#include "maxpool.h"
#include "relu.h"
#include "softmax_ce.h"
#include "harness.h"
#include "test_util.h"

/* Layer checks are on tiny float inputs, every coordinate checked. A
 * correct backward pass agrees with the central difference to about 1e-4
 * (about 1e-3 for conv2d dx, whose small gradients meet the float rounding
 * of a 72-term loss); a wrong one is off by 0.1 or more. h = 0.01 is large
 * on purpose: dense and conv2d are linear in each variable, so a large h
 * costs no accuracy and divides the rounding noise by less. */
static const struct gradcheck_options LAYER_CHECK = {1e-2f, 1e-3, 0};
#define LAYER_TOLERANCE 1e-2

static void expect_gradient_ok(const char *what, double error,
                               const struct gradcheck_report *report)
{
    if (!(error <= LAYER_TOLERANCE))
        fail_msg("%s: the backward pass disagrees with finite differences at "
                 "index %zu: analytic %.6g, numeric %.6g (relative error %.2e, "
                 "allowed %.0e)", what, report->worst_index,
                 report->worst_analytic, report->worst_numeric, error,
                 LAYER_TOLERANCE);
}

/* ---- dense ------------------------------------------------------------ */

/* x = [1  2 3]   W = [1 0 -1]   b = [0.5 -1]
 *     [0 -1 2]       [2 1  0]
 * y = x W^T + b:
 *   y[0,0] = 1*1 + 2*0 + 3*(-1) + 0.5  = -1.5
 *   y[0,1] = 1*2 + 2*1 + 3*0    - 1    =  3
 *   y[1,0] = 0*1 - 1*0 + 2*(-1) + 0.5  = -1.5
 *   y[1,1] = 0*2 - 1*1 + 2*0    - 1    = -2 */
static void test_dense_forward_by_hand(void **state)
{
    (void)state;
    const float x[6] = {1, 2, 3, 0, -1, 2};
    const float w[6] = {1, 0, -1, 2, 1, 0};
    const float b[2] = {0.5f, -1.0f};
    const double expected[4] = {-1.5, 3, -1.5, -2};
    float y[4];
    dense_forward(y, x, w, b, 2, 3, 2);
    check_all_close("dense y", y, expected, 4, 1e-6);
}

/* With dy = [1 0; 0 2] on the case above:
 *   dx = dy W       = [1 0 -1; 4 2 0]
 *   dW = dy^T x     = [1 2 3; 0 -2 4]     (added to what dW held: 1s)
 *   db = col sums   = [1 2]               (added to 1s) */
static void test_dense_backward_by_hand(void **state)
{
    (void)state;
    const float x[6] = {1, 2, 3, 0, -1, 2};
    const float w[6] = {1, 0, -1, 2, 1, 0};
    const float dy[4] = {1, 0, 0, 2};
    const double dx_expected[6] = {1, 0, -1, 4, 2, 0};
    const double dw_expected[6] = {2, 3, 4, 1, -1, 5};
    const double db_expected[2] = {2, 3};
    float dx[6] = {9, 9, 9, 9, 9, 9}; /* garbage: dx must be overwritten */
    float dw[6] = {1, 1, 1, 1, 1, 1}, db[2] = {1, 1};
    dense_backward(dx, dw, db, dy, x, w, 2, 3, 2);
    check_all_close("dense dx (written)", dx, dx_expected, 6, 1e-6);
    check_all_close("dense dW (accumulated onto 1)", dw, dw_expected, 6, 1e-6);
    check_all_close("dense db (accumulated onto 1)", db, db_expected, 2, 1e-6);
}

enum { DB = 3, DC = 5, DOC = 4 }; /* batch, in, out of the dense check */

struct dense_case {
    float x[DB * DC], w[DOC * DC], b[DOC], y[DB * DOC], r[DB * DOC];
};

static double dense_loss(void *context)
{
    struct dense_case *t = context;
    dense_forward(t->y, t->x, t->w, t->b, DB, DC, DOC);
    return dot(t->y, t->r, DB * DOC);
}

static void test_dense_backward_gradcheck(void **state)
{
    (void)state;
    struct dense_case t;
    struct rng rng;
    struct gradcheck_report report;
    float dx[DB * DC], dw[DOC * DC] = {0}, db[DOC] = {0};
    rng_seed(&rng, 11, 0);
    fill_uniform(t.x, DB * DC, -1, 1, &rng);
    fill_uniform(t.w, DOC * DC, -1, 1, &rng);
    fill_uniform(t.b, DOC, -1, 1, &rng);
    fill_uniform(t.r, DB * DOC, -1, 1, &rng);

    dense_backward(dx, dw, db, t.r, t.x, t.w, DB, DC, DOC);
    expect_gradient_ok("dense dx", gradcheck(t.x, dx, DB * DC, dense_loss, &t,
                                             &LAYER_CHECK, NULL, &report), &report);
    expect_gradient_ok("dense dW", gradcheck(t.w, dw, DOC * DC, dense_loss, &t,
                                             &LAYER_CHECK, NULL, &report), &report);
    expect_gradient_ok("dense db", gradcheck(t.b, db, DOC, dense_loss, &t,
                                             &LAYER_CHECK, NULL, &report), &report);
}

/* ---- ReLU --------------------------------------------------------------- */

/* max(x, 0) on [-2, 0, 0.5, 3] is [0, 0, 0.5, 3]; the gradient passes where
 * x > 0 only: dy = [1 1 1 1] gives dx = [0 0 1 1] (0 at the kink x = 0). */
static void test_relu_by_hand(void **state)
{
    (void)state;
    const float x[4] = {-2, 0, 0.5f, 3}, dy[4] = {1, 1, 1, 1};
    const double y_expected[4] = {0, 0, 0.5, 3}, dx_expected[4] = {0, 0, 1, 1};
    float y[4], dx[4];
    relu_forward(y, x, 4);
    relu_backward(dx, dy, x, 4);
    check_all_close("relu y", y, y_expected, 4, 0.0);
    check_all_close("relu dx", dx, dx_expected, 4, 0.0);
}

enum { RN = 12 };

struct relu_case {
    float x[RN], y[RN], r[RN];
};

static double relu_loss(void *context)
{
    struct relu_case *t = context;
    relu_forward(t->y, t->x, RN);
    return dot(t->y, t->r, RN);
}

static void test_relu_backward_gradcheck(void **state)
{
    (void)state;
    struct relu_case t;
    struct rng rng;
    struct gradcheck_report report;
    float dx[RN];
    rng_seed(&rng, 12, 0);
    /* Inputs at least 0.1 away from the kink at 0, so x +- h never crosses it. */
    for (size_t i = 0; i < RN; i++)
        t.x[i] = (i % 2 ? 1.0f : -1.0f) * (0.1f + rng_uniform(&rng));
    fill_uniform(t.r, RN, -1, 1, &rng);

    relu_backward(dx, t.r, t.x, RN);
    expect_gradient_ok("relu dx", gradcheck(t.x, dx, RN, relu_loss, &t,
                                            &LAYER_CHECK, NULL, &report), &report);
}

/* ---- conv2d ------------------------------------------------------------- */

/* One 3x3 image x = [1 2 3; 4 5 6; 7 8 9], K = 2, two filters:
 *   W0 = [1 2; 3 4], bias 0:  y0[r,s] = x[r,s] + 2x[r,s+1] + 3x[r+1,s] + 4x[r+1,s+1]
 *     y0[0,0] = 1 + 4 + 12 + 20 = 37     y0[0,1] = 2 + 6 + 15 + 24 = 47
 *     y0[1,0] = 4 + 10 + 21 + 32 = 67    y0[1,1] = 5 + 12 + 24 + 36 = 77
 *   W1 = [0 0; 0 1], bias -1: y1[r,s] = x[r+1,s+1] - 1 = [4 5; 7 8]
 * im2col: row (u,v) holds x[r+u, s+v] for the output pixels (0,0) (0,1)
 * (1,0) (1,1): (0,0): 1 2 4 5   (0,1): 2 3 5 6   (1,0): 4 5 7 8
 * (1,1): 5 6 8 9. */
static void test_conv2d_forward_by_hand(void **state)
{
    (void)state;
    const struct conv2d_shape shape = {1, 3, 3, 2, 2};
    const float x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const float w[8] = {1, 2, 3, 4, 0, 0, 0, 1};
    const float b[2] = {0, -1};
    const double cols_expected[16] = {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9};
    const double y_expected[8] = {37, 47, 67, 77, 4, 5, 7, 8};
    float cols[16], y[8];

    assert_int_equal(conv2d_out_height(&shape), 2);
    assert_int_equal(conv2d_cols_size(&shape), 16);
    conv2d_forward(y, cols, x, w, b, 1, &shape);
    check_all_close("im2col", cols, cols_expected, 16, 0.0);
    check_all_close("conv2d y", y, y_expected, 8, 1e-5);
}

/* col2im adds each entry back where im2col took it: with cols all ones, a
 * pixel receives the number of 2x2 patches containing it:
 *   [1 2 1; 2 4 2; 1 2 1] (corners 1, edges 2, centre 4). */
static void test_col2im_counts_patches(void **state)
{
    (void)state;
    const struct conv2d_shape shape = {1, 3, 3, 1, 2};
    float cols[16], image[9] = {0};
    const double expected[9] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
    for (size_t i = 0; i < 16; i++) cols[i] = 1.0f;
    col2im(image, cols, &shape);
    check_all_close("col2im of ones", image, expected, 9, 0.0);
}

/* batch 2, 2 channels of 6 x 5, 3 filters of 3 x 3 -> 3 x 4 x 3 */
enum { CB = 2, CC = 2, CH = 6, CW = 5, COC = 3, CK = 3 };
#define C_IN (CB * CC * CH * CW)
#define C_OUT (CB * COC * (CH - CK + 1) * (CW - CK + 1))
#define C_W (COC * CC * CK * CK)
#define C_COLS (CC * CK * CK * (CH - CK + 1) * (CW - CK + 1))
/* conv2d_backward's scratch: im2row, 12 pixels x 18 patch numbers padded to
 * the 32 columns of matmul's tile, then dcols */
#define C_SCRATCH ((CH - CK + 1) * (CW - CK + 1) * 32 + C_COLS)

struct conv_case {
    struct conv2d_shape shape;
    float x[C_IN], w[C_W], b[COC], y[C_OUT], r[C_OUT], cols[C_COLS];
};

static double conv_loss(void *context)
{
    struct conv_case *t = context;
    conv2d_forward(t->y, t->cols, t->x, t->w, t->b, CB, &t->shape);
    return dot(t->y, t->r, C_OUT);
}

static void test_conv2d_backward_gradcheck(void **state)
{
    (void)state;
    static struct conv_case t; /* static: a few KiB, off the stack */
    struct rng rng;
    struct gradcheck_report report;
    float dx[C_IN], dw[C_W] = {0}, db[COC] = {0}, scratch[C_SCRATCH];
    const struct conv2d_shape shape = {CC, CH, CW, COC, CK};
    t.shape = shape;
    assert_int_equal(conv2d_backward_scratch_size(&shape), C_SCRATCH);
    rng_seed(&rng, 13, 0);
    fill_uniform(t.x, C_IN, -1, 1, &rng);
    fill_uniform(t.w, C_W, -1, 1, &rng);
    fill_uniform(t.b, COC, -1, 1, &rng);
    fill_uniform(t.r, C_OUT, -1, 1, &rng);

    for (size_t i = 0; i < C_IN; i++) dx[i] = 99.0f; /* must be overwritten */
    conv2d_backward(dx, dw, db, scratch, t.r, t.x, t.w, CB, &t.shape);
    expect_gradient_ok("conv2d dx", gradcheck(t.x, dx, C_IN, conv_loss, &t,
                                              &LAYER_CHECK, NULL, &report), &report);
    expect_gradient_ok("conv2d dW", gradcheck(t.w, dw, C_W, conv_loss, &t,
                                              &LAYER_CHECK, NULL, &report), &report);
    expect_gradient_ok("conv2d dbias", gradcheck(t.b, db, COC, conv_loss, &t,
                                                 &LAYER_CHECK, NULL, &report), &report);
}

/* Backward ADDS to the parameter gradients: running it twice from zero
 * gives twice the gradient of running it once. */
static void test_conv2d_backward_accumulates(void **state)
{
    (void)state;
    static struct conv_case t;
    struct rng rng;
    float once_w[C_W] = {0}, once_b[COC] = {0}, twice_w[C_W] = {0}, twice_b[COC] = {0};
    float scratch[C_SCRATCH];
    const struct conv2d_shape shape = {CC, CH, CW, COC, CK};
    t.shape = shape;
    rng_seed(&rng, 14, 0);
    fill_uniform(t.x, C_IN, -1, 1, &rng);
    fill_uniform(t.w, C_W, -1, 1, &rng);
    fill_uniform(t.b, COC, -1, 1, &rng);
    fill_uniform(t.r, C_OUT, -1, 1, &rng);

    conv2d_backward(NULL, once_w, once_b, scratch, t.r, t.x, t.w, CB, &t.shape);
    conv2d_backward(NULL, twice_w, twice_b, scratch, t.r, t.x, t.w, CB, &t.shape);
    conv2d_backward(NULL, twice_w, twice_b, scratch, t.r, t.x, t.w, CB, &t.shape);
    for (size_t i = 0; i < C_W; i++)
        check_close("conv2d dW after two backward passes", i, twice_w[i],
                    2.0 * once_w[i], 1e-5 * (1.0 + fabs(once_w[i])));
    for (size_t i = 0; i < COC; i++)
        check_close("conv2d dbias after two backward passes", i, twice_b[i],
                    2.0 * once_b[i], 1e-5 * (1.0 + fabs(once_b[i])));
}

/* ---- max-pool ----------------------------------------------------------- */

/* One 4x4 plane, four 2x2 windows:
 *   [ 1  3 | 2 0 ]     top-left max 4 at index 4, top-right max 5 at 7,
 *   [ 4  2 | 1 5 ]     bottom-left: 0, 0, -1, -2 -> a tie; the first 0 in
 *   [ 0  0 | 7 6 ]     reading order (index 8) wins, bottom-right 9 at 15.
 *   [-1 -2 | 8 9 ]
 * Backward with dy = [10 20 30 40] puts each at its winner, 0 elsewhere. */
static void test_maxpool_by_hand(void **state)
{
    (void)state;
    const float x[16] = {1, 3, 2, 0, 4, 2, 1, 5, 0, 0, 7, 6, -1, -2, 8, 9};
    const float dy[4] = {10, 20, 30, 40};
    const double y_expected[4] = {4, 5, 0, 9};
    const size_t winners[4] = {4, 7, 8, 15};
    double dx_expected[16] = {0};
    float y[4], dx[16];
    size_t argmax[4];

    maxpool_forward(y, argmax, x, 1, 1, 4, 4);
    check_all_close("maxpool y", y, y_expected, 4, 0.0);
    for (size_t i = 0; i < 4; i++) {
        check_close("maxpool argmax", i, (double)argmax[i], (double)winners[i], 0.0);
        dx_expected[winners[i]] = dy[i];
    }
    maxpool_backward(dx, dy, argmax, 1, 1, 4, 4);
    check_all_close("maxpool dx", dx, dx_expected, 16, 0.0);
}

enum { PB = 2, PC = 3, PH = 4, PW = 6 };
#define P_IN (PB * PC * PH * PW)
#define P_OUT (PB * PC * (PH / 2) * (PW / 2))

struct pool_case {
    float x[P_IN], y[P_OUT], r[P_OUT];
    size_t argmax[P_OUT];
};

static double pool_loss(void *context)
{
    struct pool_case *t = context;
    maxpool_forward(t->y, t->argmax, t->x, PB, PC, PH, PW);
    return dot(t->y, t->r, P_OUT);
}

static void test_maxpool_backward_gradcheck(void **state)
{
    (void)state;
    struct pool_case t;
    struct rng rng;
    struct gradcheck_report report;
    float dx[P_IN];
    rng_seed(&rng, 15, 0);
    /* Distinct inputs 0.1 apart, shuffled, so that x +- h (h = 0.01) never
     * changes which input wins a window. */
    for (size_t i = 0; i < P_IN; i++)
        t.x[i] = 0.1f * (float)i - 3.0f;
    for (size_t i = P_IN - 1; i > 0; i--) {
        size_t j = rng_below(&rng, (uint32_t)(i + 1));
        float swap = t.x[i]; t.x[i] = t.x[j]; t.x[j] = swap;
    }
    fill_uniform(t.r, P_OUT, -1, 1, &rng);

    pool_loss(&t);
    maxpool_backward(dx, t.r, t.argmax, PB, PC, PH, PW);
    expect_gradient_ok("maxpool dx", gradcheck(t.x, dx, P_IN, pool_loss, &t,
                                               &LAYER_CHECK, NULL, &report), &report);
}

/* ---- softmax + cross-entropy -------------------------------------------- */

/* logits [1 2 3], label 2:
 *   loss = log(e^1 + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2) = log(1.5032147)
 *        = 0.40760596
 *   p    = [e^1, e^2, e^3] / (e^1 + e^2 + e^3) = [0.09003057 0.24472847 0.66524096]
 * logits [0 0 0], label 0: loss = log 3, p = 1/3 each.
 * Mean over the batch of 2: (0.40760596 + 1.09861229) / 2 = 0.75310912.
 * Gradient (p - onehot) / 2:
 *   [0.04501529  0.12236424 -0.16737952 | -0.33333333 0.16666667 0.16666667] */
static void test_softmax_ce_by_hand(void **state)
{
    (void)state;
    const float logits[6] = {1, 2, 3, 0, 0, 0};
    const uint8_t labels[2] = {2, 0};
    const double p_expected[6] = {0.09003057317038046, 0.24472847105479767,
                                  0.6652409557748219, 1.0 / 3, 1.0 / 3, 1.0 / 3};
    const double d_expected[6] = {0.09003057317038046 / 2, 0.24472847105479767 / 2,
                                  (0.6652409557748219 - 1) / 2, -1.0 / 3,
                                  1.0 / 6, 1.0 / 6};
    float p[6], d[6];
    double loss = softmax_ce_forward(p, logits, labels, 2, 3);
    check_close("softmax-ce mean loss", 0, loss,
                (0.40760596444438013 + 1.0986122886681098) / 2, 1e-6);
    check_all_close("softmax p", p, p_expected, 6, 1e-6);
    softmax_ce_backward(d, p, labels, 2, 3);
    check_all_close("softmax-ce dlogits", d, d_expected, 6, 1e-6);
}

/* Huge logits: exp(1000) overflows, but after subtracting the max 1000 the
 * terms are exp(0) = 1, exp(-1000) = 0, exp(-2000) = 0, so
 *   label 0: loss = log(1) - 0     = 0
 *   label 1: loss = log(1) - (-1000) = 1000
 * p = [1 0 0] and nothing is NaN or Inf. */
static void test_softmax_ce_stable_for_huge_logits(void **state)
{
    (void)state;
    const float logits[6] = {1000, 0, -1000, 1000, 0, -1000};
    const uint8_t labels[2] = {0, 1};
    const double p_expected[6] = {1, 0, 0, 1, 0, 0};
    float p[6], d[6];
    double loss = softmax_ce_forward(p, logits, labels, 2, 3);
    assert_true(isfinite(loss));
    check_close("softmax-ce mean loss for logits +-1000", 0, loss, 500.0, 1e-9);
    check_close("softmax-ce loss with label 0 alone", 0,
                softmax_ce_forward(NULL, logits, labels, 1, 3), 0.0, 1e-12);
    check_all_close("softmax p for logits +-1000", p, p_expected, 6, 0.0);
    softmax_ce_backward(d, p, labels, 2, 3);
    for (size_t i = 0; i < 6; i++)
        if (!isfinite(d[i]))
            fail_msg("dlogits[%zu] is %g for logits of +-1000", i, d[i]);
}

enum { SB = 4, SK = 5 };

struct softmax_case {
    float z[SB * SK];
    uint8_t labels[SB];
};

static double softmax_loss(void *context)
{
    struct softmax_case *t = context;
    return softmax_ce_forward(NULL, t->z, t->labels, SB, SK);
}

static void test_softmax_ce_backward_gradcheck(void **state)
{
    (void)state;
    struct softmax_case t;
    struct rng rng;
    struct gradcheck_report report;
    float p[SB * SK], dz[SB * SK];
    rng_seed(&rng, 16, 0);
    fill_uniform(t.z, SB * SK, -3, 3, &rng);
    for (size_t b = 0; b < SB; b++)
        t.labels[b] = (uint8_t)rng_below(&rng, SK);

    softmax_ce_forward(p, t.z, t.labels, SB, SK);
    softmax_ce_backward(dz, p, t.labels, SB, SK);
    expect_gradient_ok("softmax-ce dlogits", gradcheck(t.z, dz, SB * SK, softmax_loss,
                                                       &t, &LAYER_CHECK, NULL, &report),
                       &report);
}

/* ---- channel_rows (batch norm of a convolution, lesson 17) --------------- */

/* B = 2 images, C = 3 channels, S = 2 pixels: x[b, c, s] = 100b + 10c + s,
 * stored [B, C, S]: 0 1 | 10 11 | 20 21 || 100 101 | 110 111 | 120 121.
 * As rows [B * S, C], row b*S + s holds pixel s of image b in every channel:
 *   row 0 (b 0, s 0):   0  10  20      row 2 (b 1, s 0): 100 110 120
 *   row 1 (b 0, s 1):   1  11  21      row 3 (b 1, s 1): 101 111 121
 * so each COLUMN is one channel over the whole batch. Back again, the
 * original layout, bit for bit. */
static void test_channel_rows_by_hand(void **state)
{
    (void)state;
    enum { B = 2, C = 3, S = 2, N = B * C * S };
    float x[N], rows[N], back[N];
    for (size_t b = 0; b < B; b++)
        for (size_t c = 0; c < C; c++)
            for (size_t s = 0; s < S; s++)
                x[(b * C + c) * S + s] = (float)(100 * b + 10 * c + s);
    const double expected[N] = {0, 10, 20, 1, 11, 21, 100, 110, 120, 101, 111, 121};
    channels_to_rows(rows, x, B, C, S);
    check_all_close("channels_to_rows", rows, expected, N, 0.0);
    rows_to_channels(back, rows, B, C, S);
    for (size_t i = 0; i < N; i++)
        check_close("rows_to_channels(channels_to_rows(x))", i, back[i], x[i], 0.0);
}

/* ---- the checker itself ------------------------------------------------- */

/* gradcheck must notice a wrong gradient: half the true one gives a
 * relative error of 0.5. */
static void test_gradcheck_catches_wrong_gradient(void **state)
{
    (void)state;
    struct dense_case t;
    struct rng rng;
    float dx[DB * DC], dw[DOC * DC] = {0}, db[DOC] = {0};
    rng_seed(&rng, 17, 0);
    fill_uniform(t.x, DB * DC, -1, 1, &rng);
    fill_uniform(t.w, DOC * DC, -1, 1, &rng);
    fill_uniform(t.b, DOC, -1, 1, &rng);
    fill_uniform(t.r, DB * DOC, -1, 1, &rng);
    dense_backward(dx, dw, db, t.r, t.x, t.w, DB, DC, DOC);
    for (size_t i = 0; i < DB * DC; i++)
        dx[i] *= 0.5f;
    double error = gradcheck(t.x, dx, DB * DC, dense_loss, &t, &LAYER_CHECK, NULL, NULL);
    check_close("relative error of a halved gradient", 0, error, 0.5, 1e-2);
}

/* The suite for the course harness (tests/harness): one process per test,
 * 1 point and a 5-second limit each (each runs in well under a second). */
static const struct harness_test tests[] = {
    {"trainer_dense_forward_by_hand", test_dense_forward_by_hand, 1, 5, "dense forward by hand"},
    {"trainer_dense_backward_by_hand", test_dense_backward_by_hand, 1, 5, "dense backward by hand"},
    {"trainer_dense_backward_gradcheck", test_dense_backward_gradcheck, 1, 5, "dense backward gradcheck"},
    {"trainer_relu_by_hand", test_relu_by_hand, 1, 5, "relu by hand"},
    {"trainer_relu_backward_gradcheck", test_relu_backward_gradcheck, 1, 5, "relu backward gradcheck"},
    {"trainer_conv2d_forward_by_hand", test_conv2d_forward_by_hand, 1, 5, "conv2d forward by hand"},
    {"trainer_col2im_counts_patches", test_col2im_counts_patches, 1, 5, "col2im counts patches"},
    {"trainer_conv2d_backward_gradcheck", test_conv2d_backward_gradcheck, 1, 5, "conv2d backward gradcheck"},
    {"trainer_conv2d_backward_accumulates", test_conv2d_backward_accumulates, 1, 5, "conv2d backward accumulates"},
    {"trainer_maxpool_by_hand", test_maxpool_by_hand, 1, 5, "maxpool by hand"},
    {"trainer_maxpool_backward_gradcheck", test_maxpool_backward_gradcheck, 1, 5, "maxpool backward gradcheck"},
    {"trainer_softmax_ce_by_hand", test_softmax_ce_by_hand, 1, 5, "softmax ce by hand"},
    {"trainer_softmax_ce_stable_for_huge_logits", test_softmax_ce_stable_for_huge_logits, 1, 5, "softmax ce stable for huge logits"},
    {"trainer_softmax_ce_backward_gradcheck", test_softmax_ce_backward_gradcheck, 1, 5, "softmax ce backward gradcheck"},
    {"trainer_channel_rows_by_hand", test_channel_rows_by_hand, 1, 5, "channel rows by hand"},
    {"trainer_gradcheck_catches_wrong_gradient", test_gradcheck_catches_wrong_gradient, 1, 5, "gradcheck catches wrong gradient"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
