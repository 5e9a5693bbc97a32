/* Lesson 16, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test). Solutions
 * of linear systems are judged by their residual |A x - b|, computed here;
 * logistic-regression quantities by the oracle in oracle.h. The reference
 * solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S_SOLVE "Solving H d = g"
#define S_STEP "The Newton step"
#define S_LOGREG "Logistic regression: gradient and Hessian"
#define S_QUADRATIC "Quadratic convergence"

enum { MAX_N = 40 };

static size_t between(struct rng *rng, size_t lo, size_t hi)
{
    return lo + rng_below(rng, (uint32_t)(hi - lo + 1));
}

/* A random symmetric positive definite matrix B^T B + n I, as a Hessian of
 * a convex loss with a ridge is. */
static void random_spd(struct rng *rng, size_t n, double *a)
{
    double b[MAX_N * MAX_N];
    for (size_t k = 0; k < n * n; k++)
        b[k] = rng_normal(rng);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = i == j ? (double)n : 0.0;
            for (size_t k = 0; k < n; k++)
                s += b[k * n + i] * b[k * n + j];
            a[i * n + j] = s;
        }
}

static void check_residual(const double *a, const double *b, size_t n, const char *what,
                           long case_number)
{
    double a_copy[MAX_N * MAX_N], x[MAX_N];
    memcpy(a_copy, a, n * n * sizeof *a);
    memcpy(x, b, n * sizeof *b);
    int status = solve_linear_system(a_copy, x, n);
    struct at where = AT("solve_linear_system", S_SOLVE);
    where.step = case_number;
    where.unit = "case";
    where.quantity = what;
    double r = status == 0 ? relative_residual(a, x, b, n) : INFINITY;
    /* A backward-stable solve leaves a relative residual of a few n * 1e-16. */
    expect_that(where, status == 0 && r <= 1e-12,
                "n = %zu: expected status 0 and |A x - b| / (|A| |x| + |b|) <= 1e-12, got "
                "status %d and %.2e", n, status, r);
}

static void test_random_spd_systems(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 20; c++) {
        size_t n = between(&rng, 1, MAX_N);
        double a[MAX_N * MAX_N], b[MAX_N];
        random_spd(&rng, n, a);
        for (size_t i = 0; i < n; i++)
            b[i] = rng_normal(&rng) * 10.0;
        check_residual(a, b, n, "a random SPD system", c);
    }
}

static void test_random_general_systems(void **state)
{
    (void)state;
    /* Gaussian random matrices (not symmetric, not definite), and random
     * permutation matrices times a diagonal, which need a row swap at
     * almost every column. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 20; c++) {
        size_t n = between(&rng, 1, MAX_N);
        double a[MAX_N * MAX_N], b[MAX_N];
        for (size_t k = 0; k < n * n; k++)
            a[k] = rng_normal(&rng);
        for (size_t i = 0; i < n; i++)
            b[i] = rng_normal(&rng);
        check_residual(a, b, n, "a random general system", c);

        size_t perm[MAX_N];
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
            size_t j = rng_below(&rng, (uint32_t)i), t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        memset(a, 0, n * n * sizeof *a);
        for (size_t i = 0; i < n; i++)
            a[i * n + perm[i]] = (rng_below(&rng, 2) ? 1.0 : -1.0) * (0.5 + rng_uniform(&rng));
        check_residual(a, b, n, "a scaled permutation matrix", c);
    }
}

static void test_random_singular_systems(void **state)
{
    (void)state;
    /* A random n x n matrix (n >= 2) whose last row is a combination of two
     * others: rank n - 1. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 20; c++) {
        size_t n = between(&rng, 2, 20);
        double a[MAX_N * MAX_N], b[MAX_N];
        for (size_t k = 0; k < n * n; k++)
            a[k] = rng_normal(&rng);
        size_t p = rng_below(&rng, (uint32_t)(n - 1)), q = rng_below(&rng, (uint32_t)(n - 1));
        double alpha = rng_normal(&rng), beta = rng_normal(&rng);
        for (size_t j = 0; j < n; j++)
            a[(n - 1) * n + j] = alpha * a[p * n + j] + beta * a[q * n + j];
        for (size_t i = 0; i < n; i++)
            b[i] = rng_normal(&rng);
        int status = solve_linear_system(a, b, n);
        struct at where = AT("solve_linear_system", S_SOLVE);
        where.step = c;
        where.unit = "case";
        where.quantity = "the return value for a rank-deficient matrix";
        where.hint = "compare each pivot with SOLVE_SINGULAR_TOLERANCE * max|a_ij|";
        expect_that(where, status == -1, "n = %zu: expected -1, got %d", n, status);
    }
}

static void test_newton_step_on_random_quadratics(void **state)
{
    (void)state;
    /* f(w) = (1/2) w^T A w - b^T w with random SPD A: g = A w - b, and one
     * step from a random w must land where A w = b (residual check). */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= 15; c++) {
        size_t n = between(&rng, 1, MAX_N);
        double a[MAX_N * MAX_N], h[MAX_N * MAX_N], b[MAX_N], w[MAX_N], g[MAX_N], g_in[MAX_N],
            d[MAX_N];
        random_spd(&rng, n, a);
        for (size_t i = 0; i < n; i++) {
            b[i] = rng_normal(&rng);
            w[i] = 10.0 * rng_normal(&rng);
        }
        for (size_t i = 0; i < n; i++) {
            g[i] = -b[i];
            for (size_t j = 0; j < n; j++)
                g[i] += a[i * n + j] * w[j];
            g_in[i] = g[i];
        }
        memcpy(h, a, n * n * sizeof *a);
        int status = newton_step(w, g, h, n, d);
        double r = relative_residual(a, w, b, n);
        struct at where = AT("newton_step", S_STEP);
        where.step = c;
        where.unit = "case";
        where.quantity = "|A w - b| after one step";
        expect_that(where, status == 0 && r <= 1e-10,
                    "n = %zu: expected status 0 and a relative residual below 1e-10, got %d "
                    "and %.2e", n, status, r);
        where.quantity = "g";
        expect_that(where, memcmp(g, g_in, n * sizeof *g) == 0, "g was changed: it is read only");
    }
    double nothing = 1.0;
    int status = newton_step(&nothing, &nothing, &nothing, 0, &nothing);
    struct at where = AT("newton_step", S_STEP);
    where.quantity = "n = 0";
    expect_that(where, status == 0, "expected 0 for n = 0, got %d", status);
}

static void test_logistic_regression_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[400 * 12], y[400];
    for (int c = 1; c <= 15; c++) {
        size_t count = between(&rng, 1, 400), n = between(&rng, 1, 12);
        make_logistic_data(&rng, count, n, x, y);
        double w[12], g[12], h[144], g_ref[12], h_ref[144];
        double scale = c <= 3 ? 200.0 : 2.0; /* huge margins in the first cases */
        for (size_t k = 0; k < n; k++)
            w[k] = scale * rng_normal(&rng);
        double ridge = rng_uniform(&rng) * 0.1;
        struct at where = AT("logistic_regression_loss", S_LOGREG);
        where.step = c;
        where.unit = "case";
        where.quantity = "L(w)";
        expect_close_tol(where, oracle_loss(x, y, count, n, w, ridge),
                         logistic_regression_loss(x, y, count, n, w, ridge), 1e-10, 1e-12);
        logistic_regression_gradient(x, y, count, n, w, ridge, g);
        oracle_gradient(x, y, count, n, w, ridge, g_ref);
        logistic_regression_hessian(x, count, n, w, ridge, h);
        oracle_hessian(x, count, n, w, ridge, h_ref);
        for (size_t k = 0; k < n; k++) {
            where = AT("logistic_regression_gradient", S_LOGREG);
            where.step = c;
            where.unit = "case";
            where.quantity = "g";
            where.index = (long)k;
            expect_close_tol(where, g_ref[k], g[k], 1e-9, 1e-12);
        }
        for (size_t k = 0; k < n * n; k++) {
            where = AT("logistic_regression_hessian", S_LOGREG);
            where.step = c;
            where.unit = "case";
            where.quantity = "H (row-major)";
            where.index = (long)k;
            expect_close_tol(where, h_ref[k], h[k], 1e-9, 1e-12);
        }
    }
}

static void test_newton_converges_on_random_logistic_problems(void **state)
{
    (void)state;
    /* Random data (50..300 examples, 2..8 features), ridge 1e-2: Newton from
     * 0 must bring the oracle's |g| below 1e-9 within 12 steps. */
    struct rng rng;
    harness_rng_for_test(&rng);
    static float x[300 * 8], y[300];
    for (int c = 1; c <= 8; c++) {
        size_t count = between(&rng, 50, 300), n = between(&rng, 2, 8);
        make_logistic_data(&rng, count, n, x, y);
        double w[8] = {0}, g[8], h[64], d[8], truth[8];
        for (int t = 0; t < 12; t++) {
            logistic_regression_gradient(x, y, count, n, w, 1e-2, g);
            logistic_regression_hessian(x, count, n, w, 1e-2, h);
            if (newton_step(w, g, h, n, d) != 0)
                break;
        }
        oracle_gradient(x, y, count, n, w, 1e-2, truth);
        struct at where = AT("newton_step", S_QUADRATIC);
        where.step = c;
        where.unit = "case";
        where.quantity = "|g| after 12 Newton steps";
        expect_that(where, oracle_norm(truth, n) <= 1e-9,
                    "%zu examples, %zu features: expected below 1e-9, got %.2e", count, n,
                    oracle_norm(truth, n));
    }
}

/* With count = 0 only the ridge is left (lesson16.h). By hand, with
 * w = (3, -4) and ridge = 0.5:
 *   L = 0.5/2 * (9 + 16) = 6.25,   g = 0.5 * w = (1.5, -2),
 *   H = 0.5 * I = [0.5 0; 0 0.5].
 * g and H start as garbage: they must be overwritten, not left alone. */
static void test_no_examples_leaves_only_the_ridge(void **state)
{
    (void)state;
    const double w[2] = {3.0, -4.0}, ridge = 0.5;
    struct at where = AT("logistic_regression_loss", S_LOGREG);
    where.quantity = "L with count = 0";
    where.hint = "with no examples the mean is 0 (do not divide by count = 0): L = "
                 "(ridge/2) |w|^2";
    expect_close_tol(where, 6.25, logistic_regression_loss(NULL, NULL, 0, 2, w, ridge), 1e-12,
                     0.0);
    double g[2] = {99.0, 99.0};
    logistic_regression_gradient(NULL, NULL, 0, 2, w, ridge, g);
    const double expected_g[2] = {1.5, -2.0};
    for (int k = 0; k < 2; k++) {
        where = AT("logistic_regression_gradient", S_LOGREG);
        where.quantity = "g with count = 0";
        where.index = k;
        where.hint = "with no examples the mean is 0: g = ridge * w";
        expect_close_tol(where, expected_g[k], g[k], 1e-12, 0.0);
    }
    double h[4] = {99.0, 99.0, 99.0, 99.0};
    logistic_regression_hessian(NULL, 0, 2, w, ridge, h);
    const double expected_h[4] = {0.5, 0.0, 0.0, 0.5};
    for (int k = 0; k < 4; k++) {
        where = AT("logistic_regression_hessian", S_LOGREG);
        where.quantity = "H with count = 0";
        where.index = k;
        where.hint = "with no examples the mean is 0: H = ridge * I";
        expect_close_tol(where, expected_h[k], h[k], 1e-12, 0.0);
    }
}

/* ---- Questions: the values themselves ----------------------------------------
 * Each right value is computed here from its derivation (the lesson's
 * exercises), in double, never typed in; the tolerance is the one the
 * exercise states. */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* 12 steps of gradient descent, lr 0.1, on f = x^2 - y^2 (gradient
     * (2x, -2y)) from (0.5, 1); f at the end. Within 0.5%. */
    double x = 0.5, y = 1.0;
    for (int t = 0; t < 12; t++) {
        double gx = 2.0 * x, gy = -2.0 * y;
        x -= 0.1 * gx;
        y -= 0.1 * gy;
    }
    expect_answer_close("ex1", "f after 12 gradient steps", x * x - y * y, 0.005);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* Newton on f = w - log w: w <- w - f'(w) / f''(w) with f' = 1 - 1/w
     * and f'' = 1/w^2, three steps from 1.5; the error w - 1. Within 0.5%. */
    double w = 1.5;
    for (int t = 0; t < 3; t++)
        w -= (1.0 - 1.0 / w) / (1.0 / (w * w));
    expect_answer_close("ex2", "the error after three steps", w - 1.0, 0.005);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* sum over k < n of 2 (n - k - 1)(n - k) at n = 1000. Within 0.5%. */
    const double n = 1000.0;
    double operations = 0.0;
    for (double k = 0.0; k < n; k += 1.0)
        operations += 2.0 * (n - k - 1.0) * (n - k);
    expect_answer_close("ex3", "the operation count", operations, 0.005);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* f = x^2 - y^2 at (0.5, 1): g = (2x, -2y), H = diag(2, -2), |H| =
     * diag(2, 2); the step w - |H|^-1 g and f there. Within 1%. */
    const double abs_h[2] = {fabs(2.0), fabs(-2.0)};
    double x = 0.5, y = 1.0;
    double gx = 2.0 * x, gy = -2.0 * y;
    x -= gx / abs_h[0];
    y -= gy / abs_h[1];
    expect_answer_close("ex4", "f after the saddle-free step", x * x - y * y, 0.01);
}

static const struct harness_test tests[] = {
    {"hidden_no_examples_leaves_only_the_ridge", test_no_examples_leaves_only_the_ridge, 5, 2,
     "count = 0: L, g and H are the ridge terms alone"},
    {"hidden_random_spd_systems", test_random_spd_systems, 10, 2,
     "20 random SPD systems up to 40 x 40, by their residual"},
    {"hidden_random_general_systems", test_random_general_systems, 10, 2,
     "random general and permutation systems, by their residual"},
    {"hidden_random_singular_systems", test_random_singular_systems, 5, 2,
     "20 random rank-deficient matrices reported singular"},
    {"hidden_newton_step_on_random_quadratics", test_newton_step_on_random_quadratics, 10, 2,
     "one step to the minimum of 15 random quadratics; g unchanged; n = 0"},
    {"hidden_logistic_regression_random_cases", test_logistic_regression_random_cases, 10, 2,
     "loss, gradient and Hessian on random data, huge margins included"},
    {"hidden_newton_converges_on_random_logistic_problems",
     test_newton_converges_on_random_logistic_problems, 5, 5,
     "Newton reaches |g| < 1e-9 within 12 steps on 8 random problems"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 3's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 4's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 5's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
