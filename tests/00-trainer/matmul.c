/* test_matmul.c -- the fast matmul against the reference triple loop, and
 * the reference against a product worked out by hand. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "matmul.h"
#include "harness.h"
#include "test_util.h"

/* The stored shape of an operand: op(X) is rows x cols. */
static size_t stored_size(size_t rows, size_t cols)
{
    return rows * cols;
}

/* Checks matmul against matmul_reference for one size and one pair of ops,
 * with and without accumulate. The allowed difference is the textbook bound
 * for float dot products, k * eps * sum_p |a_ip| |b_pj| (plus the size of
 * C when accumulating): a wrong index or a missed edge is off by O(1). */
static void compare_with_reference(size_t m, size_t n, size_t k,
                                   enum matmul_op a_op, enum matmul_op b_op,
                                   int accumulate, struct rng *rng)
{
    float *a = malloc(stored_size(m, k) * sizeof *a + 1);
    float *b = malloc(stored_size(k, n) * sizeof *b + 1);
    float *fast = malloc(m * n * sizeof *fast + 1);
    float *slow = malloc(m * n * sizeof *slow + 1);
    float *abs_a = malloc(stored_size(m, k) * sizeof *a + 1);
    float *abs_b = malloc(stored_size(k, n) * sizeof *b + 1);
    float *bound = malloc(m * n * sizeof *bound + 1);
    assert_non_null(a); assert_non_null(b); assert_non_null(fast);
    assert_non_null(slow); assert_non_null(abs_a); assert_non_null(abs_b);
    assert_non_null(bound);

    fill_uniform(a, m * k, -1.0f, 1.0f, rng);
    fill_uniform(b, k * n, -1.0f, 1.0f, rng);
    fill_uniform(fast, m * n, -1.0f, 1.0f, rng); /* what C held before */
    memcpy(slow, fast, m * n * sizeof *fast);
    for (size_t i = 0; i < m * k; i++) abs_a[i] = fabsf(a[i]);
    for (size_t i = 0; i < k * n; i++) abs_b[i] = fabsf(b[i]);

    matmul(fast, a, a_op, b, b_op, m, n, k, accumulate);
    matmul_reference(slow, a, a_op, b, b_op, m, n, k, accumulate);
    matmul_reference(bound, abs_a, a_op, abs_b, b_op, m, n, k, 0);

    for (size_t i = 0; i < m * n; i++) {
        double allowed = 2.0 * (double)(k + 1) * FLT_EPSILON * ((double)bound[i] + 1.0);
        if (!(fabs((double)fast[i] - (double)slow[i]) <= allowed))
            fail_msg("matmul %zux%zux%zu (a %s, b %s, accumulate %d): C[%zu][%zu] "
                     "is %.9g, the reference triple loop gives %.9g",
                     m, n, k, a_op == MATMUL_PLAIN ? "plain" : "transposed",
                     b_op == MATMUL_PLAIN ? "plain" : "transposed", accumulate,
                     i / n, i % n, fast[i], slow[i]);
    }
    free(a); free(b); free(fast); free(slow); free(abs_a); free(abs_b); free(bound);
}

static void compare_all_ops(size_t m, size_t n, size_t k)
{
    struct rng rng;
    rng_seed(&rng, 1000 + m * 31 + n * 7 + k, 1);
    for (int a_op = 0; a_op < 2; a_op++)
        for (int b_op = 0; b_op < 2; b_op++)
            for (int accumulate = 0; accumulate < 2; accumulate++)
                compare_with_reference(m, n, k, (enum matmul_op)a_op,
                                       (enum matmul_op)b_op, accumulate, &rng);
}

static void test_matmul_1x1x1(void **state)
{
    (void)state;
    compare_all_ops(1, 1, 1);
}

static void test_matmul_3x5x7(void **state)
{
    (void)state;
    compare_all_ops(3, 5, 7);
}

/* None of 65, 129, 31 is a multiple of the tile (8 or 4 x 32): every kind of
 * edge tile occurs. */
static void test_matmul_65x129x31(void **state)
{
    (void)state;
    compare_all_ops(65, 129, 31);
}

/* k = 600 crosses two k-block boundaries (blocks of 256), so partial sums
 * from several blocks are added into C. */
static void test_matmul_long_k(void **state)
{
    (void)state;
    compare_all_ops(7, 33, 600);
    compare_all_ops(4, 32, 512);
}

/* The shapes the two models use. */
static void test_matmul_model_shapes(void **state)
{
    (void)state;
    compare_all_ops(16, 128, 784 / 4);
    compare_all_ops(8, 576, 25);
    compare_all_ops(16, 64, 200);
}

/*   [1 2 3]   [ 1  0]   [1*1 + 2*2 + 3*(-1)   1*0 + 2*1 + 3*4]   [2 14]
 *   [4 5 6] * [ 2  1] = [4*1 + 5*2 + 6*(-1)   4*0 + 5*1 + 6*4] = [8 29]
 *             [-1  4]
 * and the same with A^T stored, B^T stored, and accumulating onto C = 1. */
static void test_matmul_by_hand(void **state)
{
    (void)state;
    const float a[6] = {1, 2, 3, 4, 5, 6};         /* [2, 3] */
    const float a_t[6] = {1, 4, 2, 5, 3, 6};       /* [3, 2], its transpose */
    const float b[6] = {1, 0, 2, 1, -1, 4};        /* [3, 2] */
    const float b_t[6] = {1, 2, -1, 0, 1, 4};      /* [2, 3], its transpose */
    const double expected[4] = {2, 14, 8, 29};
    const double expected_plus_one[4] = {3, 15, 9, 30};
    float c[4];

    matmul_reference(c, a, MATMUL_PLAIN, b, MATMUL_PLAIN, 2, 2, 3, 0);
    check_all_close("reference A*B", c, expected, 4, 0.0);
    matmul(c, a, MATMUL_PLAIN, b, MATMUL_PLAIN, 2, 2, 3, 0);
    check_all_close("fast A*B", c, expected, 4, 0.0);
    matmul(c, a_t, MATMUL_TRANSPOSED, b, MATMUL_PLAIN, 2, 2, 3, 0);
    check_all_close("fast (A^T)^T*B", c, expected, 4, 0.0);
    matmul(c, a, MATMUL_PLAIN, b_t, MATMUL_TRANSPOSED, 2, 2, 3, 0);
    check_all_close("fast A*(B^T)^T", c, expected, 4, 0.0);

    for (size_t i = 0; i < 4; i++) c[i] = 1.0f;
    matmul(c, a, MATMUL_PLAIN, b, MATMUL_PLAIN, 2, 2, 3, 1);
    check_all_close("fast C + A*B", c, expected_plus_one, 4, 0.0);
}

/* k = 0 is an empty sum: C becomes 0, or stays as it is when accumulating. */
static void test_matmul_empty_sum(void **state)
{
    (void)state;
    float c[6] = {1, 2, 3, 4, 5, 6};
    const double zeros[6] = {0}, kept[6] = {1, 2, 3, 4, 5, 6};
    const float unused = 0.0f;

    matmul(c, &unused, MATMUL_PLAIN, &unused, MATMUL_PLAIN, 2, 3, 0, 1);
    check_all_close("C after accumulating an empty product", c, kept, 6, 0.0);
    matmul(c, &unused, MATMUL_PLAIN, &unused, MATMUL_PLAIN, 2, 3, 0, 0);
    check_all_close("C after an empty product", c, zeros, 6, 0.0);
}

/* The suite for the course harness (tests/harness): one process per test,
 * 1 point and a 5-second limit each (each runs in well under a second). */
static const struct harness_test tests[] = {
    {"trainer_matmul_by_hand", test_matmul_by_hand, 1, 5, "matmul by hand"},
    {"trainer_matmul_empty_sum", test_matmul_empty_sum, 1, 5, "matmul empty sum"},
    {"trainer_matmul_1x1x1", test_matmul_1x1x1, 1, 5, "matmul 1x1x1"},
    {"trainer_matmul_3x5x7", test_matmul_3x5x7, 1, 5, "matmul 3x5x7"},
    {"trainer_matmul_65x129x31", test_matmul_65x129x31, 1, 5, "matmul 65x129x31"},
    {"trainer_matmul_long_k", test_matmul_long_k, 1, 5, "matmul long k"},
    {"trainer_matmul_model_shapes", test_matmul_model_shapes, 1, 5, "matmul model shapes"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
