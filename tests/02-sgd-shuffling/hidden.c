/* Lesson 02, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test), so any
 * failure can be replayed with SEED=S. Expected values come from oracles
 * written here straight from the definitions (Fisher-Yates replayed on a
 * copy of the generator; SGD on a linear regression in double), or from a
 * closed form; the reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- A linear regression with d features -----------------------------------
 * Example i has features x[i*d .. i*d + d-1] and a target y[i];
 *   J_i(w) = (w . x_i - y_i)^2,   grad J_i(w) = 2 (w . x_i - y_i) x_i. */
struct regression {
    const float *x, *y;
    size_t d;
};

static double regression_example(const void *context, const float *w, size_t i, float *g)
{
    const struct regression *data = context;
    const float *xi = data->x + i * data->d;
    double r = -(double)data->y[i];
    for (size_t p = 0; p < data->d; p++)
        r += (double)w[p] * xi[p];
    for (size_t p = 0; p < data->d; p++)
        g[p] = (float)(2.0 * r * xi[p]);
    return r * r;
}

static struct objective regression_objective(const struct regression *data, size_t n)
{
    return (struct objective){.param_count = data->d, .example_count = n,
                              .example_loss_and_gradient = regression_example,
                              .context = data};
}

/* The oracle: single-example steps in the given order, in double. */
static double sgd_oracle(const struct regression *data, const uint32_t *order, size_t n,
                         double lr, double *w)
{
    double loss_sum = 0.0;
    for (size_t k = 0; k < n; k++) {
        const float *xi = data->x + (size_t)order[k] * data->d;
        double r = -(double)data->y[order[k]];
        for (size_t p = 0; p < data->d; p++)
            r += w[p] * xi[p];
        loss_sum += r * r;
        for (size_t p = 0; p < data->d; p++)
            w[p] -= lr * 2.0 * r * xi[p];
    }
    return n > 0 ? loss_sum / (double)n : 0.0;
}

/* Fisher-Yates from its definition: j = rng_below(i + 1), i = n-1 .. 1. */
static void fisher_yates_oracle(uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t i = n; i >= 2; i--) {
        size_t j = rng_below(rng, (uint32_t)i); /* uniform in [0, i-1] */
        uint32_t held = order[i - 1];
        order[i - 1] = order[j];
        order[j] = held;
    }
}

static int same_rng(const struct rng *a, const struct rng *b)
{
    return a->state == b->state && a->increment == b->increment;
}

/* ---- shuffle --------------------------------------------------------------- */

static void test_shuffle_random_cases(void **state)
{
    (void)state;
    /* 30 arrays of random length 0 .. 3000 holding random values, each
     * shuffled with a generator seeded from the grading seed. */
    struct rng cases;
    harness_rng_for_test(&cases);
    enum { MAX_N = 3000 };
    static uint32_t order[MAX_N], expected[MAX_N];
    for (int c = 1; c <= 30; c++) {
        size_t n = rng_below(&cases, MAX_N + 1);
        for (size_t k = 0; k < n; k++)
            order[k] = expected[k] = rng_next(&cases);
        struct rng rng, oracle_rng;
        rng_seed(&rng, rng_next(&cases), rng_next(&cases));
        oracle_rng = rng;
        shuffle(order, n, &rng);
        fisher_yates_oracle(expected, n, &oracle_rng);
        struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
        where.quantity = "order";
        where.step = c;
        where.unit = "case";
        expect_that(where, n == 0 || memcmp(order, expected, n * sizeof *order) == 0,
                    "case %d (n = %zu): the order differs from Fisher-Yates with "
                    "j = rng_below(rng, i + 1), i = n-1 .. 1", c, n);
        where.quantity = "rng";
        expect_that(where, same_rng(&rng, &oracle_rng),
                    "case %d (n = %zu): expected exactly n - 1 draws", c, n);
    }
}

static void test_shuffle_a_million_elements(void **state)
{
    (void)state;
    /* n = 2^20: a long loop, every position checked against the oracle. */
    enum { N = 1 << 20 };
    uint32_t *order = malloc(N * sizeof *order), *expected = malloc(N * sizeof *expected);
    assert_non_null(order);
    assert_non_null(expected);
    for (uint32_t k = 0; k < N; k++)
        order[k] = expected[k] = k;
    struct rng rng, oracle_rng;
    harness_rng_for_test(&rng);
    oracle_rng = rng;
    shuffle(order, N, &rng);
    fisher_yates_oracle(expected, N, &oracle_rng);
    struct at where = AT("shuffle", "The shuffle: Fisher-Yates");
    where.quantity = "order of 2^20 elements";
    expect_that(where, memcmp(order, expected, N * sizeof *order) == 0 &&
                           same_rng(&rng, &oracle_rng),
                "the order or the draws differ from Fisher-Yates");
    free(order);
    free(expected);
}

static void test_shuffle_all_orders_of_four_are_equally_likely(void **state)
{
    (void)state;
    /* 24 000 shuffles of (0, 1, 2, 3) with a FIXED seed (deterministic):
     * each of the 4! = 24 orders should come up about 1000 times. The
     * counts are multinomial, so Pearson's statistic is chi-square with
     * 23 degrees of freedom; its 0.999 quantile is 49.728. */
    enum { T = 24000 };
    const double critical_value = 49.728;
    struct rng rng;
    rng_seed(&rng, 31337, 11);
    long count[256] = {0}; /* indexed by the order packed in base 4 */
    for (int t = 0; t < T; t++) {
        uint32_t order[4] = {0, 1, 2, 3};
        shuffle(order, 4, &rng);
        unsigned code = 0;
        for (int p = 0; p < 4; p++)
            code = 4 * code + (order[p] & 3u);
        count[code]++;
    }
    /* The 24 codes of permutations: all four digits different. */
    double statistic = 0.0;
    int orders_seen = 0;
    for (unsigned code = 0; code < 256; code++) {
        unsigned d[4] = {code >> 6, (code >> 4) & 3u, (code >> 2) & 3u, code & 3u};
        int distinct = d[0] != d[1] && d[0] != d[2] && d[0] != d[3] && d[1] != d[2] &&
                       d[1] != d[3] && d[2] != d[3];
        if (!distinct)
            continue;
        double e = T / 24.0;
        statistic += (count[code] - e) * (count[code] - e) / e;
        orders_seen += count[code] > 0;
    }
    struct at where = AT("shuffle", "Why every order is equally likely");
    where.quantity = "the chi-square statistic over the 24 orders";
    expect_that(where, orders_seen == 24 && statistic < critical_value,
                "%d of the 24 orders came up; chi-square %.1f (uniform: below %.3f with "
                "probability 0.999)", orders_seen, statistic, critical_value);
}

/* ---- sgd_epoch ---------------------------------------------------------------- */

static void test_sgd_epoch_random_cases(void **state)
{
    (void)state;
    /* 20 random regressions: N in 0 .. 300, d in 1 .. 6, three epochs each.
     * lr is kept below 0.25 / max |x_i|^2, so every single step contracts
     * and float rounding stays small next to the tolerance. */
    struct rng cases;
    harness_rng_for_test(&cases);
    enum { MAX_N = 300, MAX_D = 6 };
    static float x[MAX_N * MAX_D], y[MAX_N];
    for (int c = 1; c <= 20; c++) {
        size_t n = rng_below(&cases, MAX_N + 1), d = 1 + rng_below(&cases, MAX_D);
        double max_norm2 = 1e-3;
        for (size_t i = 0; i < n; i++) {
            double norm2 = 0.0;
            for (size_t p = 0; p < d; p++) {
                x[i * d + p] = 2.0f * rng_uniform(&cases) - 1.0f;
                norm2 += (double)x[i * d + p] * x[i * d + p];
            }
            max_norm2 = norm2 > max_norm2 ? norm2 : max_norm2;
            y[i] = 3.0f * rng_normal(&cases);
        }
        const struct regression data = {x, y, d};
        const struct objective f = regression_objective(&data, n);
        const float lr = (float)(0.25 / max_norm2 * (0.1 + 0.9 * rng_uniform(&cases)));
        float w[MAX_D], g[MAX_D];
        double oracle_w[MAX_D];
        for (size_t p = 0; p < d; p++)
            oracle_w[p] = w[p] = rng_normal(&cases);
        static uint32_t order[MAX_N], oracle_order[MAX_N];
        for (uint32_t k = 0; k < n; k++)
            order[k] = oracle_order[k] = k;
        struct rng rng, oracle_rng;
        rng_seed(&rng, rng_next(&cases), 0);
        oracle_rng = rng;
        for (int epoch = 1; epoch <= 3; epoch++) {
            double loss = sgd_epoch(&f, w, lr, order, g, &rng);
            fisher_yates_oracle(oracle_order, n, &oracle_rng);
            double expected_loss = sgd_oracle(&data, oracle_order, n, lr, oracle_w);
            struct at where = AT("sgd_epoch", "One epoch of SGD");
            where.step = epoch;
            where.unit = "epoch";
            where.quantity = "order";
            expect_that(where, n == 0 || memcmp(order, oracle_order, n * sizeof *order) == 0,
                        "case %d (N = %zu): the epoch's order is not the replayed shuffle", c, n);
            where.quantity = "w";
            for (size_t p = 0; p < d; p++) {
                where.index = (long)p;
                expect_close_tol(where, oracle_w[p], w[p], 1e-4, 1e-4);
            }
            where.index = -1;
            where.quantity = "the returned mean loss";
            expect_close_tol(where, expected_loss, loss, 1e-4, 1e-6);
        }
    }
}

static void test_sgd_epoch_one_example_closed_form(void **state)
{
    (void)state;
    /* One example x in R^3, target y. Each step changes w by a multiple of
     * x, and the residual r = w.x - y obeys r <- r - lr*2r|x|^2, so after
     * t epochs r_t = (1 - 2 lr |x|^2)^t r_0, and the returned loss of epoch
     * t is r_(t-1)^2. No shuffle draws at all. */
    const float x[3] = {0.5f, -1.0f, 0.25f}, y[1] = {2.0f};
    const struct regression data = {x, y, 3};
    const struct objective f = regression_objective(&data, 1);
    const float lr = 0.1f;
    const double norm2 = 0.25 + 1.0 + 0.0625;
    const double factor = 1.0 - 2.0 * (double)lr * norm2; /* 0.7375 */
    float w[3] = {1.0f, 1.0f, 1.0f}, g[3];
    double r0 = 0.5 - 1.0 + 0.25 - 2.0; /* -2.25 */
    uint32_t order[1] = {0};
    struct rng rng, before;
    harness_rng_for_test(&rng);
    before = rng;
    for (int t = 1; t <= 40; t++) {
        double loss = sgd_epoch(&f, w, lr, order, g, &rng);
        double r_before = pow(factor, t - 1) * r0;
        struct at where = AT("sgd_epoch", "One epoch of SGD");
        where.quantity = "the returned loss";
        where.step = t;
        expect_close_tol(where, r_before * r_before, loss, 1e-4, 1e-9);
    }
    struct at where = AT("sgd_epoch", "One epoch of SGD");
    where.quantity = "rng";
    expect_that(where, same_rng(&rng, &before), "one example: nothing may be drawn");
}

static void test_sgd_epoch_long_run_interpolates(void **state)
{
    (void)state;
    /* 60 examples with 5 features and targets exactly y = w_star . x: every
     * example's gradient is zero at w_star, so SGD at a constant rate
     * converges to it. 400 epochs from w = 0 get within 1e-3. */
    enum { N = 60, D = 5, EPOCHS = 400 };
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[N * D], y[N];
    double w_star[D];
    for (int p = 0; p < D; p++)
        w_star[p] = 2.0 * rng_uniform(&rng) - 1.0;
    for (int i = 0; i < N; i++) {
        double target = 0.0;
        for (int p = 0; p < D; p++) {
            x[i * D + p] = 2.0f * rng_uniform(&rng) - 1.0f;
            target += w_star[p] * x[i * D + p];
        }
        y[i] = (float)target;
    }
    const struct regression data = {x, y, D};
    const struct objective f = regression_objective(&data, N);
    float w[D] = {0}, g[D];
    uint32_t order[N];
    for (uint32_t k = 0; k < N; k++)
        order[k] = k;
    for (int epoch = 0; epoch < EPOCHS; epoch++)
        sgd_epoch(&f, w, 0.05f, order, g, &rng);
    for (int p = 0; p < D; p++) {
        struct at where = AT("sgd_epoch", "One epoch of SGD");
        where.quantity = "w";
        where.index = p;
        where.step = EPOCHS;
        where.unit = "epoch";
        expect_close_tol(where, w_star[p], w[p], 0.0, 1e-3);
    }
}

/* ---- Questions: the values themselves ----------------------------------------
 * Each right value is computed here from its derivation (the lesson's
 * exercises), in double, never typed in; the tolerance is the one the
 * exercise states. */

static void expect_answer_close(const char *id, const char *what, double expected, double rel,
                                double abs)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, abs);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* One example is missed by one draw with probability 1 - 1/N, so by 3N
     * independent draws with probability (1 - 1/N)^(3N), about e^-3; in
     * percent, N = 100000. The run's count is random around this value (it
     * prints 5.0%); within 3%. */
    const double n = 100000.0;
    expect_answer_close("ex1", "the percentage never seen after 3N draws",
                        100.0 * pow(1.0 - 1.0 / n, 3.0 * n), 0.03, 0.0);
}

/* Applies the draws j[0], j[1], ... of the naive shuffle (swap position i
 * with j[i], for i = 0 .. n-1) to (0, 1, ..., n-1), and returns the result
 * as a number in base n, to count equal orders. */
static unsigned naive_shuffle_result(const unsigned *j, unsigned n)
{
    unsigned order[8], code = 0;
    for (unsigned i = 0; i < n; i++)
        order[i] = i;
    for (unsigned i = 0; i < n; i++) {
        unsigned held = order[i];
        order[i] = order[j[i]];
        order[j[i]] = held;
    }
    for (unsigned i = 0; i < n; i++)
        code = code * n + order[i];
    return code;
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* The 27 equally likely draw sequences (j0, j1, j2) of the naive
     * shuffle of three values, enumerated: count how often each order
     * comes out; a most likely order has probability max count / 27.
     * Within 1%. */
    unsigned count[27] = {0}, most = 0;
    for (unsigned s = 0; s < 27; s++) {
        const unsigned j[3] = {s / 9, s / 3 % 3, s % 3};
        unsigned code = naive_shuffle_result(j, 3);
        if (++count[code] > most)
            most = count[code];
    }
    expect_answer_close("ex3", "the probability of a most likely order", most / 27.0, 0.01, 0.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* Sattolo's algorithm on (0, 1, 2, 3, 4): for i = 4 down to 1, swap
     * positions i and j with j in [0, i - 1]. Enumerate all 4*3*2*1 draw
     * sequences and count the different results. Exact. */
    enum { N = 5 };
    unsigned char seen[3125] = {0}; /* results as numbers in base 5 */
    unsigned distinct = 0;
    for (unsigned s = 0; s < 4 * 3 * 2 * 1; s++) {
        unsigned order[N], rest = s, code = 0;
        for (unsigned i = 0; i < N; i++)
            order[i] = i;
        for (unsigned i = N - 1; i > 0; i--) {
            unsigned j = rest % i; /* the draw for i, in [0, i - 1] */
            rest /= i;
            unsigned held = order[i];
            order[i] = order[j];
            order[j] = held;
        }
        for (unsigned i = 0; i < N; i++)
            code = code * N + order[i];
        if (!seen[code]) {
            seen[code] = 1;
            distinct++;
        }
    }
    expect_answer_close("ex4", "the number of orders", (double)distinct, 0.0, 0.0);
}

static const struct harness_test tests[] = {
    {"hidden_shuffle_random_cases", test_shuffle_random_cases, 10, 2,
     "30 random arrays shuffled, compared with Fisher-Yates"},
    {"hidden_shuffle_a_million_elements", test_shuffle_a_million_elements, 5, 5,
     "a shuffle of 2^20 elements"},
    {"hidden_shuffle_all_orders_of_four_are_equally_likely",
     test_shuffle_all_orders_of_four_are_equally_likely, 10, 5,
     "chi-square test over the 24 orders of 4 values"},
    {"hidden_sgd_epoch_random_cases", test_sgd_epoch_random_cases, 10, 5,
     "three epochs on 20 random regressions against the oracle"},
    {"hidden_sgd_epoch_one_example_closed_form", test_sgd_epoch_one_example_closed_form, 5, 2,
     "40 epochs on one example against the closed form"},
    {"hidden_sgd_epoch_long_run_interpolates", test_sgd_epoch_long_run_interpolates, 5, 5,
     "400 epochs reach the exact solution of a noiseless regression"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
