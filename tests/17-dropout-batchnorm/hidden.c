/* Lesson 17, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test); expected
 * values come from oracles written here in double precision straight from
 * the formulas of lesson17.h. The reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"
#include "lesson17.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { CASES = 30, MAX_B = 40, MAX_F = 20 };

/* A random batch shape and x [batch, features] with an offset and a scale
 * drawn per feature, so features differ as a hidden layer's do. */
static void random_batch(struct rng *rng, float *x, size_t *batch, size_t *features)
{
    *batch = 1 + rng_below(rng, MAX_B);
    *features = 1 + rng_below(rng, MAX_F);
    for (size_t j = 0; j < *features; j++) {
        double offset = rng_range(rng, -5.0f, 5.0f);
        double scale = pow(10.0, rng_range(rng, -2.0f, 2.0f));
        for (size_t b = 0; b < *batch; b++)
            x[b * *features + j] = (float)(offset + scale * rng_normal(rng));
    }
}

/* "x_hat (example 1, feature 0)": where element i of a [batch, features]
 * array sits, for the failure message. Returns text. */
static const char *example_feature(char *text, size_t size, const char *quantity, size_t i,
                                   size_t features)
{
    snprintf(text, size, "%s (example %zu, feature %zu)", quantity, i / features, i % features);
    return text;
}

static void oracle_statistics(const float *x, size_t batch, size_t features, double *mean,
                              double *var)
{
    for (size_t j = 0; j < features; j++) {
        double sum = 0.0;
        for (size_t b = 0; b < batch; b++)
            sum += x[b * features + j];
        mean[j] = sum / (double)batch;
        double squares = 0.0;
        for (size_t b = 0; b < batch; b++)
            squares += (x[b * features + j] - mean[j]) * (x[b * features + j] - mean[j]);
        var[j] = squares / (double)batch;
    }
}

static void test_dropout_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { MAX_N = 500 };
    float x[MAX_N], y[MAX_N], mask[MAX_N], dy[MAX_N], dx[MAX_N];
    for (int c = 1; c <= CASES; c++) {
        size_t n = rng_below(&rng, MAX_N + 1);
        float p = c % 6 == 0 ? 0.0f : rng_range(&rng, 0.0f, 0.95f);
        for (size_t i = 0; i < n; i++) {
            x[i] = rng_normal(&rng) * 3.0f;
            dy[i] = rng_normal(&rng);
        }
        struct rng theirs, mine;
        rng_seed(&theirs, rng_next(&rng), 17);
        mine = theirs;
        dropout_forward(y, mask, x, n, p, 1, &theirs);
        double scale = (double)(1.0f / (1.0f - p));
        struct at where = AT("dropout_forward", "Inverted dropout");
        where.step = c;
        where.unit = "case";
        for (size_t i = 0; i < n; i++) {
            float kept = rng_uniform(&mine) < p ? 0.0f : 1.0f;
            where.index = (long)i;
            where.quantity = "mask";
            expect_exact(where, kept, mask[i]);
            where.quantity = "y";
            expect_close_tol(where, kept * x[i] * scale, y[i], 1e-6, 1e-30);
        }
        where.index = -1;
        where.quantity = "the generator's state afterwards";
        expect_that(where, theirs.state == mine.state, "not exactly n = %zu draws", n);
        dropout_backward(dx, dy, mask, n, p);
        where = AT("dropout_backward", "Inverted dropout");
        where.step = c;
        where.unit = "case";
        where.quantity = "dx";
        for (size_t i = 0; i < n; i++) {
            where.index = (long)i;
            expect_close_tol(where, (double)dy[i] * mask[i] * scale, dx[i], 1e-6, 1e-30);
        }
    }
}

static void test_batchnorm_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[MAX_B * MAX_F], y[MAX_B * MAX_F], x_hat[MAX_B * MAX_F], dy[MAX_B * MAX_F],
        dx[MAX_B * MAX_F];
    float mean[MAX_F], var[MAX_F], gamma[MAX_F], beta[MAX_F], rm[MAX_F], rv[MAX_F];
    float dgamma[MAX_F], dbeta[MAX_F];
    double om[MAX_F], ov[MAX_F];
    for (int c = 1; c <= CASES; c++) {
        size_t batch, features;
        random_batch(&rng, x, &batch, &features);
        size_t n = batch * features;
        oracle_statistics(x, batch, features, om, ov);
        for (size_t j = 0; j < features; j++) {
            gamma[j] = rng_range(&rng, -2.0f, 2.0f);
            beta[j] = rng_range(&rng, -2.0f, 2.0f);
            rm[j] = rng_range(&rng, -1.0f, 1.0f);
            rv[j] = rng_range(&rng, 0.1f, 3.0f);
            dgamma[j] = rng_range(&rng, -1.0f, 1.0f);
            dbeta[j] = rng_range(&rng, -1.0f, 1.0f);
        }
        for (size_t i = 0; i < n; i++)
            dy[i] = rng_normal(&rng);

        batchnorm_statistics(mean, var, x, batch, features);
        struct at where = AT("batchnorm_statistics", "Batch normalization");
        where.step = c;
        where.unit = "case";
        for (size_t j = 0; j < features; j++) {
            where.index = (long)j;
            where.quantity = "mean";
            expect_close_tol(where, om[j], mean[j], 1e-5, 1e-6 * sqrt(ov[j]));
            where.quantity = "var";
            expect_close_tol(where, ov[j], var[j], 1e-4, 1e-12);
        }

        float momentum = rng_range(&rng, 0.01f, 0.5f);
        float rm_before[MAX_F], rv_before[MAX_F];
        memcpy(rm_before, rm, features * sizeof(float));
        memcpy(rv_before, rv, features * sizeof(float));
        batchnorm_update_running(rm, rv, mean, var, batch, features, momentum);
        where = AT("batchnorm_update_running", "Running statistics");
        where.step = c;
        where.unit = "case";
        for (size_t j = 0; j < features; j++) {
            double expected_rv = batch > 1 ? (1.0 - momentum) * rv_before[j] +
                                                 (double)momentum * var[j] * (double)batch /
                                                     (double)(batch - 1)
                                           : rv_before[j];
            where.index = (long)j;
            where.quantity = "running_mean";
            expect_close(where, (1.0 - momentum) * rm_before[j] + (double)momentum * mean[j],
                         rm[j]);
            where.quantity = "running_var";
            expect_close(where, expected_rv, rv[j]);
        }

        batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, batch, features,
                            BATCHNORM_EPS);
        where = AT("batchnorm_normalize", "Batch normalization");
        where.step = c;
        where.unit = "case";
        for (size_t i = 0; i < n; i++) {
            size_t j = i % features;
            double xh = (x[i] - (double)mean[j]) / sqrt((double)var[j] + BATCHNORM_EPS);
            char name[64];
            where.quantity = example_feature(name, sizeof name, "x_hat", i, features);
            expect_close_tol(where, xh, x_hat[i], 1e-4, 1e-4);
            where.quantity = example_feature(name, sizeof name, "y", i, features);
            expect_close_tol(where, gamma[j] * xh + beta[j], y[i], 1e-4, 1e-4);
        }

        float dgamma_before[MAX_F], dbeta_before[MAX_F];
        memcpy(dgamma_before, dgamma, features * sizeof(float));
        memcpy(dbeta_before, dbeta, features * sizeof(float));
        batchnorm_backward(dx, dgamma, dbeta, dy, x_hat, var, gamma, batch, features,
                           BATCHNORM_EPS);
        where = AT("batchnorm_backward", "The backward pass");
        where.step = c;
        where.unit = "case";
        for (size_t j = 0; j < features; j++) {
            double sum_dy = 0.0, sum_dy_x_hat = 0.0;
            for (size_t b = 0; b < batch; b++) {
                sum_dy += dy[b * features + j];
                sum_dy_x_hat += (double)dy[b * features + j] * x_hat[b * features + j];
            }
            where.index = (long)j;
            where.quantity = "dbeta";
            expect_close_tol(where, dbeta_before[j] + sum_dy, dbeta[j], 1e-5, 1e-5);
            where.quantity = "dgamma";
            expect_close_tol(where, dgamma_before[j] + sum_dy_x_hat, dgamma[j], 1e-5, 1e-5);
            double k = gamma[j] / ((double)batch * sqrt((double)var[j] + BATCHNORM_EPS));
            where.index = -1;
            for (size_t b = 0; b < batch; b++) {
                size_t i = b * features + j;
                double expected = k * ((double)batch * dy[i] - sum_dy - x_hat[i] * sum_dy_x_hat);
                char name[64];
                where.quantity = example_feature(name, sizeof name, "dx", i, features);
                expect_close_tol(where, expected, dx[i], 1e-4, 1e-5 * fabs(k) * batch);
            }
        }
    }
}

static void test_batchnorm_normalize_bits(void **state)
{
    (void)state;
    /* The rounding of lesson17.h, bit for bit, on random batches: the oracle
     * is the header's recipe written out step by step (x_hat in double,
     * rounded once to float; then the product gamma * x_hat rounded to float,
     * then the sum with beta rounded to float). A y computed in double from
     * the unrounded x_hat agrees to about 1e-7 and fails here; the test
     * counts the elements where the two recipes differ, so it is known to
     * tell them apart (about 1 700 of some 6 500 elements, for seeds 1-3). */
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[MAX_B * MAX_F], y[MAX_B * MAX_F], x_hat[MAX_B * MAX_F];
    float mean[MAX_F], var[MAX_F], gamma[MAX_F], beta[MAX_F];
    long differing = 0;
    for (int c = 1; c <= CASES; c++) {
        size_t batch, features;
        random_batch(&rng, x, &batch, &features);
        for (size_t j = 0; j < features; j++) {
            mean[j] = rng_range(&rng, -5.0f, 5.0f);
            var[j] = rng_range(&rng, 0.01f, 100.0f);
            gamma[j] = rng_range(&rng, -2.0f, 2.0f);
            beta[j] = rng_range(&rng, -2.0f, 2.0f);
        }
        batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, batch, features,
                            BATCHNORM_EPS);
        struct at where = AT("batchnorm_normalize", "Batch normalization");
        where.step = c;
        where.unit = "case";
        for (size_t i = 0; i < batch * features; i++) {
            size_t j = i % features;
            double exact = ((double)x[i] - (double)mean[j]) /
                           sqrt((double)var[j] + (double)BATCHNORM_EPS);
            float rounded = (float)exact;
            float product = gamma[j] * rounded;
            float expected = product + beta[j];
            float in_double = (float)((double)gamma[j] * exact + (double)beta[j]);
            if (memcmp(&expected, &in_double, sizeof expected) != 0)
                differing++;
            char name[64];
            where.quantity = example_feature(name, sizeof name, "x_hat", i, features);
            where.hint = "x_hat = (x - mean) / sqrt(var + eps) in double, rounded once";
            expect_exact(where, rounded, x_hat[i]);
            where.quantity = example_feature(name, sizeof name, "y", i, features);
            where.hint = y[i] == in_double
                             ? "y was computed in double: lesson17.h computes it in float "
                               "from the float x_hat (product rounded, then the sum)"
                             : "y = gamma[j] * x_hat + beta[j] in float, from the float x_hat";
            expect_exact(where, expected, y[i]);
        }
    }
    struct at where = AT("batchnorm_normalize", "Batch normalization");
    where.quantity = "the test's own cases";
    where.hint = "(a check of the test, not of your code)";
    expect_that(where, differing > 0,
                "no element where y in float and y in double differ: the test is blind");
}

static void test_batchnorm_running_long_run(void **state)
{
    (void)state;
    /* 500 batches of 16 examples and 4 features, each drawn with mean
     * (1, -2, 0, 5) and standard deviation (1, 0.5, 2, 0.1): the running
     * statistics follow the recursion the oracle runs beside them, and end
     * near the true mean and variance. */
    enum { B = 16, F = 4, STEPS = 500 };
    const double true_mean[F] = {1, -2, 0, 5}, true_std[F] = {1, 0.5, 2, 0.1};
    struct rng rng;
    harness_rng_for_test(&rng);
    float x[B * F], mean[F], var[F], rm[F] = {0, 0, 0, 0}, rv[F] = {1, 1, 1, 1};
    double om[F] = {0, 0, 0, 0}, ov[F] = {1, 1, 1, 1}, bm[F], bv[F];
    for (int t = 1; t <= STEPS; t++) {
        for (int b = 0; b < B; b++)
            for (int j = 0; j < F; j++)
                x[b * F + j] = (float)(true_mean[j] + true_std[j] * rng_normal(&rng));
        batchnorm_statistics(mean, var, x, B, F);
        batchnorm_update_running(rm, rv, mean, var, B, F, BATCHNORM_MOMENTUM);
        oracle_statistics(x, B, F, bm, bv);
        for (int j = 0; j < F; j++) {
            om[j] = 0.9 * om[j] + 0.1 * bm[j];
            ov[j] = 0.9 * ov[j] + 0.1 * bv[j] * B / (B - 1);
        }
    }
    for (int j = 0; j < F; j++) {
        struct at where = AT("batchnorm_update_running", "Running statistics");
        where.step = STEPS;
        where.index = j;
        where.quantity = "running_mean";
        expect_close_tol(where, om[j], rm[j], 1e-4, 1e-5);
        where.quantity = "running_var";
        expect_close_tol(where, ov[j], rv[j], 1e-4, 1e-6);
    }
}

static void test_batchnorm_backward_sums_vanish(void **state)
{
    (void)state;
    /* Two properties of the closed form, for any dy: the gradient dx sums
     * to zero over the batch (shifting every x[b,j] by the same amount
     * changes nothing), and is orthogonal to x_hat (so is scaling them).
     * With B = 2 both together force dx = 0 (neglecting eps). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { B = 7, F = 3 };
    float x[B * F], mean[F], var[F], x_hat[B * F], y[B * F], dy[B * F], dx[B * F];
    float gamma[F] = {1.5f, -0.5f, 2.0f}, beta[F] = {0, 1, 0}, dgamma[F] = {0}, dbeta[F] = {0};
    for (int i = 0; i < B * F; i++) {
        x[i] = rng_range(&rng, -3.0f, 3.0f);
        dy[i] = rng_range(&rng, -1.0f, 1.0f);
    }
    double om[F], ov[F];
    oracle_statistics(x, B, F, om, ov);
    for (int j = 0; j < F; j++) {
        mean[j] = (float)om[j];
        var[j] = (float)ov[j];
    }
    batchnorm_normalize(y, x_hat, x, mean, var, gamma, beta, B, F, BATCHNORM_EPS);
    batchnorm_backward(dx, dgamma, dbeta, dy, x_hat, var, gamma, B, F, BATCHNORM_EPS);
    for (int j = 0; j < F; j++) {
        double sum = 0.0, dot = 0.0, size = 0.0;
        for (int b = 0; b < B; b++) {
            sum += dx[b * F + j];
            dot += (double)dx[b * F + j] * x_hat[b * F + j];
            size += fabs(dx[b * F + j]);
        }
        struct at where = AT("batchnorm_backward", "The backward pass");
        char name[64];
        snprintf(name, sizeof name, "sum over the batch of dx (feature %d)", j);
        where.quantity = name;
        expect_close_tol(where, 0.0, sum, 0.0, 1e-5 * (size + 1e-3));
        snprintf(name, sizeof name, "sum over the batch of dx * x_hat (feature %d)", j);
        expect_close_tol(where, 0.0, dot, 0.0, 1e-5 * (size + 1e-3) * 3.0);
    }
    const float two_hat[2] = {-1.0f, 1.0f}, two_dy[2] = {0.3f, -2.0f}, two_var[1] = {4.0f};
    float two_dx[2] = {9, 9}, g1[1] = {0}, b1[1] = {0};
    const float one[1] = {1.0f};
    batchnorm_backward(two_dx, g1, b1, two_dy, two_hat, two_var, one, 2, 1, 0.0f);
    for (int b = 0; b < 2; b++) {
        struct at where = AT("batchnorm_backward", "The backward pass");
        char name[64];
        where.quantity = example_feature(name, sizeof name, "dx with B = 2", (size_t)b, 1);
        expect_close_tol(where, 0.0, two_dx[b], 0.0, 1e-6);
    }
}

/* ---- Questions ---------------------------------------------------------------- */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* Training without the scale gives E[y] = (1 - p) x; evaluation gives x:
     * the ratio is 1 / (1 - p) = 1.25 for p = 0.2. Within 0.5%. */
    expect_answer_close("ex1", "the ratio", 1.0 / (1.0 - 0.2), 0.005);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* running_var from 1, momentum 0.1, ten batches of B = 8 whose biased
     * variance is 0.5: the recursion run in double. Within 0.5%. */
    double running = 1.0, unbiased = 0.5 * 8.0 / 7.0;
    for (int t = 0; t < 10; t++)
        running = 0.9 * running + 0.1 * unbiased;
    expect_answer_close("ex2", "running_var after ten batches", running, 0.005);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* The distance left after k batches is 0.9^k of the start: the first k
     * with 0.9^k <= 0.01. Within 1%. */
    int k = 0;
    double left = 1.0;
    while (left > 0.01) {
        left *= 0.9;
        k++;
    }
    expect_answer_close("ex3", "the number of batches", (double)k, 0.01);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* Batch norm's output does not change when W and b are multiplied by
     * c (eps neglected): L(cW) = L(W), so c dL/dW(cW) = dL/dW(W), and the
     * gradient at cW is 1/c of the gradient at W: 1/4. Within 1%. */
    expect_answer_close("ex4", "the factor on the gradient", 0.25, 0.01);
}

static const struct harness_test tests[] = {
    {"dropout_random_cases", test_dropout_random_cases, 15, 5,
     "random sizes, rates and generators: mask, y and dx against an oracle"},
    {"batchnorm_random_cases", test_batchnorm_random_cases, 25, 5,
     "random batches (B = 1..40, F = 1..20): all four functions against oracles"},
    {"batchnorm_normalize_bits", test_batchnorm_normalize_bits, 5, 5,
     "x_hat and y bit for bit: the rounding of lesson17.h on random batches"},
    {"batchnorm_running_long_run", test_batchnorm_running_long_run, 10, 5,
     "500 updates of the running statistics against the recursion"},
    {"batchnorm_backward_sums_vanish", test_batchnorm_backward_sums_vanish, 10, 5,
     "dx sums to zero and is orthogonal to x_hat; B = 2 gives dx = 0"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
