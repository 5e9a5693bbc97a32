/* matmul_order.c -- the fast matmul adds in the documented order, bit for
 * bit, whatever tiles, packing and compiler flags it runs with.
 *
 * matmul.c promises (see "The order of the sums is fixed" there): for each
 * element of C, k is cut into blocks of 256; each block is summed in float
 * from 0 in the order of p; the blocks' sums are added into C one after
 * the other. That promise is what makes training runs the same bits on
 * every machine and with every flag set of the Makefile, so it is tested
 * exactly: the oracle below is that order written as a plain scalar loop,
 * and the fast version must agree with it to the last bit (a tolerance
 * would let a reordered sum through). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "matmul.h"
#include "harness.h"
#include "test_util.h"

#define BLOCK 256 /* the k block of matmul.c */

/* The documented order, one element at a time. */
static void matmul_in_documented_order(float *c, const float *a, enum matmul_op a_op,
                                       const float *b, enum matmul_op b_op, size_t m,
                                       size_t n, size_t k, int accumulate)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float total = accumulate ? c[i * n + j] : 0.0f;
            for (size_t p0 = 0; p0 < k; p0 += BLOCK) {
                float block_sum = 0.0f;
                for (size_t p = p0; p < k && p < p0 + BLOCK; p++) {
                    float a_ip = a_op == MATMUL_PLAIN ? a[i * k + p] : a[p * m + i];
                    float b_pj = b_op == MATMUL_PLAIN ? b[p * n + j] : b[j * k + p];
                    block_sum += a_ip * b_pj;
                }
                total = (p0 == 0 && !accumulate) ? block_sum : total + block_sum;
            }
            c[i * n + j] = total;
        }
}

/* Every pair of ops, with and without accumulate, must give identical bits. */
static void expect_same_bits(size_t m, size_t n, size_t k)
{
    struct rng rng;
    rng_seed(&rng, 77 + m * 1000003 + n * 1009 + k, 3);
    float *a = malloc(m * k * sizeof *a + 1), *b = malloc(k * n * sizeof *b + 1);
    float *fast = malloc(m * n * sizeof *fast + 1), *oracle = malloc(m * n * sizeof *oracle + 1);
    assert_non_null(a); assert_non_null(b); assert_non_null(fast); assert_non_null(oracle);
    for (int a_op = 0; a_op < 2; a_op++)
        for (int b_op = 0; b_op < 2; b_op++)
            for (int accumulate = 0; accumulate < 2; accumulate++) {
                fill_uniform(a, m * k, -1.0f, 1.0f, &rng);
                fill_uniform(b, k * n, -1.0f, 1.0f, &rng);
                fill_uniform(fast, m * n, -1.0f, 1.0f, &rng);
                memcpy(oracle, fast, m * n * sizeof *fast);
                matmul(fast, a, (enum matmul_op)a_op, b, (enum matmul_op)b_op, m, n, k,
                       accumulate);
                matmul_in_documented_order(oracle, a, (enum matmul_op)a_op, b,
                                           (enum matmul_op)b_op, m, n, k, accumulate);
                for (size_t i = 0; i < m * n; i++)
                    if (memcmp(&fast[i], &oracle[i], sizeof(float)) != 0)
                        fail_msg("matmul %zux%zux%zu (a %s, b %s, accumulate %d): "
                                 "C[%zu][%zu] is %.9g, the documented order gives "
                                 "%.9g: the fast path added in another order",
                                 m, n, k, a_op ? "transposed" : "plain",
                                 b_op ? "transposed" : "plain", accumulate, i / n,
                                 i % n, fast[i], oracle[i]);
            }
    free(a); free(b); free(fast); free(oracle);
}

/* Widths on both sides of the 32-wide tile, and its edges. */
static void test_matmul_order_tile_widths(void **state)
{
    (void)state;
    for (size_t n = 1; n <= 41; n += 4)
        expect_same_bits(9, n, 13);
    expect_same_bits(17, 8, 30);
    expect_same_bits(17, 16, 30);
    expect_same_bits(5, 200, 7);
}

/* m < n with B transposed, and partial tiles on both edges. */
static void test_matmul_order_transposed(void **state)
{
    (void)state;
    expect_same_bits(3, 50, 19);
    expect_same_bits(10, 33, 70);
}

/* k over one and two block boundaries. */
static void test_matmul_order_long_k(void **state)
{
    (void)state;
    expect_same_bits(6, 25, 576);
    expect_same_bits(9, 10, 257);
}

/* The products the two models run (cnn.c, mlp.c, via conv2d.c and
 * dense.c); every pair of operand orientations is tried on each. */
static void test_matmul_order_model_shapes(void **state)
{
    (void)state;
    expect_same_bits(8, 576, 25);   /* conv1 forward */
    expect_same_bits(16, 64, 200);  /* conv2 forward */
    expect_same_bits(8, 25, 576);   /* conv1 weight gradient */
    expect_same_bits(16, 200, 64);  /* conv2 weight gradient */
    expect_same_bits(200, 64, 16);  /* conv2 input gradient */
    expect_same_bits(64, 10, 256);  /* the CNN's dense layer */
    expect_same_bits(64, 128, 784); /* the MLP's first layer */
    expect_same_bits(128, 784, 64); /* its weight gradient */
}

/* matmul_padded_b on B stored in rows of `width` floats: the padding is
 * filled with NaN, so a single padded number that reached C would show. The
 * result must be the documented order on the unpadded B, bit for bit. */
static void expect_padded_same_bits(size_t m, size_t n, size_t k, size_t width)
{
    struct rng rng;
    rng_seed(&rng, 91 + m * 1000003 + n * 1009 + k, 5);
    float *a = malloc(m * k * sizeof *a + 1), *b = malloc(k * n * sizeof *b + 1);
    float *padded = malloc(k * width * sizeof *padded + 1);
    float *fast = malloc(m * n * sizeof *fast + 1), *oracle = malloc(m * n * sizeof *oracle + 1);
    assert_non_null(a); assert_non_null(b); assert_non_null(padded);
    assert_non_null(fast); assert_non_null(oracle);
    for (int a_op = 0; a_op < 2; a_op++)
        for (int accumulate = 0; accumulate < 2; accumulate++) {
            fill_uniform(a, m * k, -1.0f, 1.0f, &rng);
            fill_uniform(b, k * n, -1.0f, 1.0f, &rng);
            for (size_t p = 0; p < k; p++)
                for (size_t j = 0; j < width; j++)
                    padded[p * width + j] = j < n ? b[p * n + j] : NAN;
            fill_uniform(fast, m * n, -1.0f, 1.0f, &rng);
            memcpy(oracle, fast, m * n * sizeof *fast);
            matmul_padded_b(fast, a, (enum matmul_op)a_op, padded, width, m, n, k,
                            accumulate);
            matmul_in_documented_order(oracle, a, (enum matmul_op)a_op, b, MATMUL_PLAIN,
                                       m, n, k, accumulate);
            for (size_t i = 0; i < m * n; i++)
                if (memcmp(&fast[i], &oracle[i], sizeof(float)) != 0)
                    fail_msg("matmul_padded_b %zux%zux%zu, rows of %zu (a %s, "
                             "accumulate %d): C[%zu][%zu] is %.9g, the documented "
                             "order gives %.9g", m, n, k, width,
                             a_op ? "transposed" : "plain", accumulate, i / n, i % n,
                             fast[i], oracle[i]);
        }
    free(a); free(b); free(padded); free(fast); free(oracle);
}

/* The padded width is n rounded up to the tile's 32 columns (a hand count:
 * 25 -> 32, 200 -> 224, 64 -> 64, 1 -> 32); then the convolutions' weight
 * gradients (conv2d.c, im2row), edges of the tile, and wider rows. */
static void test_matmul_order_padded_b(void **state)
{
    (void)state;
    assert_int_equal(matmul_padded_width(25), 32);
    assert_int_equal(matmul_padded_width(200), 224);
    assert_int_equal(matmul_padded_width(64), 64);
    assert_int_equal(matmul_padded_width(1), 32);
    expect_padded_same_bits(8, 25, 576, 32);   /* conv1 weight gradient */
    expect_padded_same_bits(16, 200, 64, 224); /* conv2 weight gradient */
    expect_padded_same_bits(9, 33, 70, 64);
    expect_padded_same_bits(3, 1, 5, 40);
    expect_padded_same_bits(17, 64, 300, 64);
}

static const struct harness_test tests[] = {
    {"trainer_matmul_order_tile_widths", test_matmul_order_tile_widths, 1, 10,
     "matmul: every tile edge adds in the documented order"},
    {"trainer_matmul_order_transposed", test_matmul_order_transposed, 1, 10,
     "matmul: transposed operands add in the documented order"},
    {"trainer_matmul_order_long_k", test_matmul_order_long_k, 1, 10,
     "matmul: k blocks are added in the documented order"},
    {"trainer_matmul_order_model_shapes", test_matmul_order_model_shapes, 1, 20,
     "matmul: the models' products add in the documented order"},
    {"trainer_matmul_order_padded_b", test_matmul_order_padded_b, 1, 10,
     "matmul_padded_b: padded rows add in the documented order, padding unused"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
