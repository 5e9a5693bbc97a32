/* Lesson 03, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test), so any
 * failure can be replayed with SEED=S. Expected values come from oracles
 * written here from the definitions (batches by their formula, mean
 * gradients of a linear regression in double, Fisher-Yates replayed on a
 * copy of the generator); the reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* ---- A linear regression with d features -----------------------------------
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

/* The mean gradient and loss over batch[0..count-1] at w, in double; also
 * the mean of |each term|, for a tolerance that allows float summation. */
static double batch_oracle(const struct regression *data, const double *w, const uint32_t *batch,
                           size_t count, double *g, double *term_size)
{
    double loss = 0.0;
    for (size_t p = 0; p < data->d; p++)
        g[p] = term_size[p] = 0.0;
    for (size_t k = 0; k < count; k++) {
        const float *xi = data->x + (size_t)batch[k] * data->d;
        double r = -(double)data->y[batch[k]];
        for (size_t p = 0; p < data->d; p++)
            r += w[p] * xi[p];
        loss += r * r;
        for (size_t p = 0; p < data->d; p++) {
            g[p] += 2.0 * r * xi[p];
            term_size[p] += fabs(2.0 * r * xi[p]);
        }
    }
    for (size_t p = 0; p < data->d; p++) {
        g[p] /= (double)count;
        term_size[p] /= (double)count;
    }
    return loss / (double)count;
}

static void fisher_yates_oracle(uint32_t *order, size_t n, struct rng *rng)
{
    for (size_t i = n; i >= 2; i--) {
        size_t j = rng_below(rng, (uint32_t)i);
        uint32_t held = order[i - 1];
        order[i - 1] = order[j];
        order[j] = held;
    }
}

enum { MAX_N = 400, MAX_D = 8 };

/* Random data: n examples, d features in [-1, 1], targets N(0, 4). */
static void random_data(struct rng *rng, float *x, float *y, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t p = 0; p < d; p++)
            x[i * d + p] = 2.0f * rng_uniform(rng) - 1.0f;
        y[i] = 2.0f * rng_normal(rng);
    }
}

static void test_batch_count_and_bounds_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 200; c++) {
        size_t n = rng_below(&rng, 1000000), b = 1 + rng_below(&rng, c % 4 == 0 ? 2000000 : 5000);
        enum last_batch rule = rng_below(&rng, 2) ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
        size_t expected = n / b + (rule == LAST_BATCH_KEEP && n % b != 0);
        size_t got = batch_count(n, b, rule);
        struct at where = AT("batch_count", "Splitting an epoch into batches");
        where.step = c;
        where.unit = "case";
        expect_that(where, got == expected, "n = %zu, b = %zu, %s: expected %zu, got %zu", n, b,
                    rule == LAST_BATCH_KEEP ? "KEEP" : "DROP", expected, got);
        if (expected == 0)
            continue;
        size_t k = rng_below(&rng, (uint32_t)expected), start = 0;
        size_t length = batch_bounds(n, b, k, &start);
        size_t expected_length = n - k * b < b ? n - k * b : b;
        where = AT("batch_bounds", "Splitting an epoch into batches");
        where.step = c;
        where.unit = "case";
        expect_that(where, start == k * b && length == expected_length,
                    "n = %zu, b = %zu, batch %zu: expected [%zu, +%zu), got [%zu, +%zu)", n, b, k,
                    k * b, expected_length, start, length);
    }
}

static void test_batch_gradient_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[MAX_N * MAX_D], y[MAX_N];
    for (int c = 1; c <= 25; c++) {
        size_t n = 1 + rng_below(&rng, MAX_N), d = 1 + rng_below(&rng, MAX_D);
        random_data(&rng, x, y, n, d);
        const struct regression data = {x, y, d};
        const struct objective f = regression_objective(&data, n);
        uint32_t batch[MAX_N];
        size_t count = 1 + rng_below(&rng, (uint32_t)n);
        for (size_t k = 0; k < count; k++)
            batch[k] = rng_below(&rng, (uint32_t)n); /* any examples, repeats allowed */
        float w[MAX_D], g[MAX_D], example_g[MAX_D];
        double wd[MAX_D], expected[MAX_D], size[MAX_D];
        for (size_t p = 0; p < d; p++) {
            wd[p] = w[p] = rng_normal(&rng);
            g[p] = 1e6f; /* garbage */
        }
        double loss = batch_gradient(&f, w, batch, count, g, example_g);
        double expected_loss = batch_oracle(&data, wd, batch, count, expected, size);
        for (size_t p = 0; p < d; p++) {
            struct at where = AT("batch_gradient", "The gradient of a batch");
            where.quantity = "g";
            where.index = (long)p;
            where.step = c;
            where.unit = "case";
            /* float sums of `count` terms: a few roundings per term */
            expect_close_tol(where, expected[p], g[p], 0.0,
                             1e-6 + 1e-6 * sqrt((double)count) * size[p]);
        }
        struct at where = AT("batch_gradient", "The gradient of a batch");
        where.quantity = "the returned mean loss";
        where.step = c;
        where.unit = "case";
        expect_close(where, expected_loss, loss);
    }
}

static void test_batch_gradient_of_one_example_is_its_gradient(void **state)
{
    (void)state;
    /* count = 1: g = (0 + example gradient) / 1, which is the example's own
     * float gradient, bit for bit. */
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[20 * MAX_D], y[20];
    random_data(&rng, x, y, 20, MAX_D);
    const struct regression data = {x, y, MAX_D};
    const struct objective f = regression_objective(&data, 20);
    float w[MAX_D], g[MAX_D], example_g[MAX_D], direct[MAX_D];
    for (int p = 0; p < MAX_D; p++)
        w[p] = rng_normal(&rng);
    const uint32_t batch[1] = {rng_below(&rng, 20)};
    double direct_loss = regression_example(&data, w, batch[0], direct);
    double loss = batch_gradient(&f, w, batch, 1, g, example_g);
    for (int p = 0; p < MAX_D; p++) {
        struct at where = AT("batch_gradient", "The gradient of a batch");
        where.quantity = "g of a batch of one";
        where.index = p;
        expect_exact(where, direct[p], g[p]);
    }
    struct at where = AT("batch_gradient", "The gradient of a batch");
    where.quantity = "the loss of a batch of one";
    expect_close(where, direct_loss, loss);
}

static void test_minibatch_epoch_random_cases(void **state)
{
    (void)state;
    /* 20 random regressions, random batch size (sometimes larger than n),
     * random rule, three epochs each, against the oracle. lr is kept below
     * 0.25 / max |x_i|^2 so every step contracts. */
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[MAX_N * MAX_D], y[MAX_N];
    static uint32_t order[MAX_N], oracle_order[MAX_N];
    for (int c = 1; c <= 20; c++) {
        size_t n = rng_below(&rng, MAX_N + 1), d = 1 + rng_below(&rng, MAX_D);
        size_t b = 1 + rng_below(&rng, c % 5 == 0 ? MAX_N + 50 : 64);
        enum last_batch rule = rng_below(&rng, 2) ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
        random_data(&rng, x, y, n, d);
        const struct regression data = {x, y, d};
        const struct objective f = regression_objective(&data, n);
        const float lr = (float)(0.25 / (double)d * (0.1 + 0.9 * rng_uniform(&rng)));
        float w[MAX_D], g[MAX_D], example_g[MAX_D];
        double wd[MAX_D];
        for (size_t p = 0; p < d; p++)
            wd[p] = w[p] = rng_normal(&rng);
        for (uint32_t k = 0; k < n; k++)
            order[k] = oracle_order[k] = k;
        struct rng epoch_rng, oracle_rng;
        rng_seed(&epoch_rng, rng_next(&rng), 5);
        oracle_rng = epoch_rng;
        for (int epoch = 1; epoch <= 3; epoch++) {
            double loss = minibatch_epoch(&f, w, lr, b, rule, order, g, example_g, &epoch_rng);
            fisher_yates_oracle(oracle_order, n, &oracle_rng);
            size_t used = rule == LAST_BATCH_KEEP ? n : n - n % b;
            double loss_sum = 0.0;
            for (size_t start = 0; start < used; start += b) {
                size_t length = used - start < b ? used - start : b;
                double mean_g[MAX_D], size[MAX_D];
                loss_sum += (double)length * batch_oracle(&data, wd, oracle_order + start,
                                                          length, mean_g, size);
                for (size_t p = 0; p < d; p++)
                    wd[p] -= (double)lr * mean_g[p];
            }
            double expected_loss = used > 0 ? loss_sum / (double)used : 0.0;
            struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
            where.step = epoch;
            where.unit = "epoch";
            where.quantity = "order";
            expect_that(where, n == 0 || memcmp(order, oracle_order, n * sizeof *order) == 0,
                        "case %d: the order is not one shuffle per epoch", c);
            where.quantity = "w";
            for (size_t p = 0; p < d; p++) {
                where.index = (long)p;
                expect_close_tol(where, wd[p], w[p], 1e-4, 1e-4);
            }
            where.index = -1;
            where.quantity = "the returned mean loss";
            expect_close_tol(where, expected_loss, loss, 1e-4, 1e-6);
        }
    }
}

static void test_minibatch_long_run_interpolates(void **state)
{
    (void)state;
    /* 100 examples, 6 features, targets exactly w_star . x: every batch's
     * gradient vanishes at w_star. 300 epochs of b = 8 (KEEP: the last
     * batch has 4) reach it within 1e-3. */
    enum { N = 100, D = 6, EPOCHS = 300 };
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
    float w[D] = {0}, g[D], example_g[D];
    uint32_t order[N];
    for (uint32_t k = 0; k < N; k++)
        order[k] = k;
    for (int e = 0; e < EPOCHS; e++)
        minibatch_epoch(&f, w, 0.1f, 8, LAST_BATCH_KEEP, order, g, example_g, &rng);
    for (int p = 0; p < D; p++) {
        struct at where = AT("minibatch_epoch", "One epoch of mini-batch SGD");
        where.quantity = "w";
        where.index = p;
        where.step = EPOCHS;
        where.unit = "epoch";
        expect_close_tol(where, w_star[p], w[p], 0.0, 1e-3);
    }
}

/* ---- Near SIZE_MAX -----------------------------------------------------------------
 * lesson03.h: batch_count is exact for every n up to SIZE_MAX. The ceiling
 * written as (n + batch_size - 1) / batch_size wraps around there: with
 * n = batch_size = SIZE_MAX the sum is 2 * SIZE_MAX - 1, which wraps to
 * SIZE_MAX - 2, and (SIZE_MAX - 2) / SIZE_MAX = 0 batches. By hand, with
 * M = SIZE_MAX (odd, as 2^k - 1 is):
 *   n = M,     b = 2: M = 2 * (M / 2) + 1, so KEEP: M / 2 + 1, DROP: M / 2;
 *   n = M,     b = M: one full batch: KEEP 1, DROP 1;
 *   n = M - 1, b = M: one short batch: KEEP 1, DROP 0;
 *   n = M,     b = 1: M batches of 1 either way. */
static void test_batch_count_near_size_max(void **state)
{
    (void)state;
    const size_t M = SIZE_MAX;
    const struct {
        size_t n, b, keep, drop;
    } cases[] = {
        {M, 2, M / 2 + 1, M / 2}, {M, M, 1, 1}, {M - 1, M, 1, 0}, {M, 1, M, M},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int r = 0; r < 2; r++) {
            const enum last_batch rule = r == 0 ? LAST_BATCH_KEEP : LAST_BATCH_DROP;
            const size_t expected = r == 0 ? cases[c].keep : cases[c].drop;
            const size_t got = batch_count(cases[c].n, cases[c].b, rule);
            struct at where = AT("batch_count", "Splitting an epoch into batches");
            where.quantity = "the number of batches";
            where.step = (long)c + 1;
            where.unit = "case";
            where.hint = "n + batch_size - 1 wraps around near SIZE_MAX: count the full batches, "
                         "n / batch_size, and add 1 for KEEP when n % batch_size > 0";
            expect_that(where, got == expected,
                        "n = %zu, batch_size = %zu, %s: expected %zu batches, got %zu",
                        cases[c].n, cases[c].b, r == 0 ? "KEEP" : "DROP", expected, got);
        }
    }
    /* The last batch of n = M in batches of 2 is the one example at
     * position M - 1: batch k = M / 2 starts at 2 * (M / 2) = M - 1. */
    size_t start = 0;
    const size_t length = batch_bounds(M, 2, M / 2, &start);
    struct at where = AT("batch_bounds", "Splitting an epoch into batches");
    where.quantity = "the last batch of SIZE_MAX examples in batches of 2";
    where.hint = "start = k * batch_size; the length is what is left, n - start, if that is "
                 "less than batch_size";
    expect_that(where, start == M - 1 && length == 1,
                "expected start %zu and length 1, got start %zu and length %zu", M - 1, start,
                length);
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
    /* KEEP with n = 8000 and b = 300: walk the positions of an epoch, one
     * batch at a time, until every position is used; count the batches.
     * Exact. */
    const size_t n = 8000, b = 300;
    size_t steps = 0;
    for (size_t start = 0; start < n; start += b)
        steps++;
    expect_answer_close("ex1", "the steps per epoch", (double)steps, 0.0, 0.0);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* Ten random example gradients d_i in three dimensions. sigma^2 is the
     * mean of |d_i - mean|^2; E|g_B - grad J|^2 for b = 2 is the mean, over
     * all 45 pairs {i, j}, of |(d_i + d_j)/2 - mean|^2. Their ratio does not
     * depend on the vectors drawn. Within 1%. */
    enum { N = 10, D = 3 };
    struct rng rng;
    harness_rng_for_test(&rng);
    double d[N][D], mean[D] = {0};
    for (int i = 0; i < N; i++)
        for (int p = 0; p < D; p++) {
            d[i][p] = rng_normal(&rng);
            mean[p] += d[i][p] / N;
        }
    double sigma2 = 0.0, pair_sum = 0.0;
    int pairs = 0;
    for (int i = 0; i < N; i++) {
        for (int p = 0; p < D; p++)
            sigma2 += (d[i][p] - mean[p]) * (d[i][p] - mean[p]) / N;
        for (int j = i + 1; j < N; j++, pairs++)
            for (int p = 0; p < D; p++) {
                double e = (d[i][p] + d[j][p]) / 2.0 - mean[p];
                pair_sum += e * e;
            }
    }
    expect_answer_close("ex2", "the variance of a batch of two, over sigma^2",
                        pair_sum / pairs / sigma2, 0.01, 0.0);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* With d_i = grad J_i - grad J, sum d_i = 0 gives, for i != j,
     * E[d_i . d_j] = -sigma^2 / (N - 1). A batch of b drawn without
     * replacement then has
     *   E|g_B - grad J|^2 = (1/b^2) (b sigma^2 + b (b - 1) E[d_i . d_j]),
     * in units of sigma^2. The ratio for b = 1 over a batch of the full
     * size b = 100, N = 1001.
     * Within 1%. */
    const double n = 1001.0, cross = -1.0 / (n - 1.0);
    double var_of[2];
    const double sizes[2] = {1.0, 100.0};
    for (int k = 0; k < 2; k++) {
        double b = sizes[k];
        var_of[k] = (b + b * (b - 1.0) * cross) / (b * b);
    }
    expect_answer_close("ex3", "the variance ratio", var_of[0] / var_of[1], 0.01, 0.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* The summed gradient is b times the mean, so a rate eps takes the step
     * eps * b * g_B; it equals the mean's step lr * g_B when eps = lr / b,
     * with lr = 0.1 and b = 32. Within 0.5%. */
    const double lr = 0.1, b = 32.0;
    expect_answer_close("ex4", "the rate of the summed gradient", lr / b, 0.005, 0.0);
}

static const struct harness_test tests[] = {
    {"hidden_batch_count_and_bounds_random_cases", test_batch_count_and_bounds_random_cases, 10,
     2, "200 random (n, b, rule) against floor and ceiling"},
    {"hidden_batch_count_near_size_max", test_batch_count_near_size_max, 5, 2,
     "batch_count does not wrap around for n and batch_size near SIZE_MAX"},
    {"hidden_batch_gradient_random_cases", test_batch_gradient_random_cases, 10, 2,
     "25 random batches with up to 8 features"},
    {"hidden_batch_gradient_of_one_example_is_its_gradient",
     test_batch_gradient_of_one_example_is_its_gradient, 5, 2,
     "a batch of one gives that example's gradient exactly"},
    {"hidden_minibatch_epoch_random_cases", test_minibatch_epoch_random_cases, 15, 5,
     "three epochs on 20 random regressions, random b and rule"},
    {"hidden_minibatch_long_run_interpolates", test_minibatch_long_run_interpolates, 5, 5,
     "300 epochs of b = 8 reach a noiseless regression's solution"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
