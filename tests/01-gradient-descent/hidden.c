/* Lesson 01, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from an oracle written here in double precision,
 * straight from the formulas of the lesson, or from a closed form; the
 * reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>
#include <stdlib.h>

enum { CASES = 25, MAX_POINTS = 300 };

/* A random data set of 1..MAX_POINTS points around a random line. */
static size_t random_points(struct rng *rng, float *x, float *y, float w[2])
{
    size_t n = 1 + rng_below(rng, MAX_POINTS);
    float slope = rng_range(rng, -3.0f, 3.0f), intercept = rng_range(rng, -3.0f, 3.0f);
    for (size_t i = 0; i < n; i++) {
        x[i] = rng_range(rng, -5.0f, 5.0f);
        y[i] = slope * x[i] + intercept + rng_normal(rng);
    }
    w[0] = rng_range(rng, -4.0f, 4.0f);
    w[1] = rng_range(rng, -4.0f, 4.0f);
    return n;
}

/* The oracle: J, dJ/da and dJ/db in double, from the lesson's formulas. */
static void oracle(const float *x, const float *y, size_t n, const float w[2], double *loss,
                   double gradient[2])
{
    double sum_rr = 0.0, sum_rx = 0.0, sum_r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = (double)w[0] * x[i] + w[1] - y[i];
        sum_rr += r * r;
        sum_rx += r * x[i];
        sum_r += r;
    }
    *loss = sum_rr / (double)n;
    gradient[0] = 2.0 * sum_rx / (double)n;
    gradient[1] = 2.0 * sum_r / (double)n;
}

static void test_line_mse_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    float x[MAX_POINTS], y[MAX_POINTS], w[2];
    for (int c = 1; c <= CASES; c++) {
        size_t n = random_points(&rng, x, y, w);
        double loss, gradient[2];
        oracle(x, y, n, w, &loss, gradient);
        struct at where = AT("line_mse", "The loss: mean squared error");
        where.quantity = "J";
        where.step = c; /* the case number */
        where.unit = "case";
        expect_close(where, loss, line_mse(x, y, n, w));
    }
}

static void test_line_mse_gradient_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    float x[MAX_POINTS], y[MAX_POINTS], w[2];
    for (int c = 1; c <= CASES; c++) {
        size_t n = random_points(&rng, x, y, w);
        double loss, gradient[2];
        oracle(x, y, n, w, &loss, gradient);
        float g[2] = {NAN, NAN};
        line_mse_gradient(x, y, n, w, g);
        for (int i = 0; i < 2; i++) {
            struct at where = AT("line_mse_gradient", "The gradient of the mean squared error");
            where.quantity = "g";
            where.index = i;
            where.step = c;
            where.unit = "case";
            /* A sum of n residuals can cancel, so allow float rounding
             * relative to the size of the terms, not only of the result. */
            expect_close_tol(where, gradient[i], g[i], 1e-5, 1e-5 * (1.0 + sqrt(loss)) * 5.0);
        }
    }
}

static void test_gd_step_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 1000 };
    static float w[N], g[N], w0[N], g0[N];
    for (int c = 1; c <= 5; c++) {
        size_t n = 1 + rng_below(&rng, N);
        float lr = rng_range(&rng, 1e-4f, 1.0f);
        for (size_t i = 0; i < n; i++) {
            w0[i] = w[i] = rng_range(&rng, -10.0f, 10.0f);
            g0[i] = g[i] = rng_range(&rng, -10.0f, 10.0f);
        }
        gd_step(w, g, n, lr);
        for (size_t i = 0; i < n; i++) {
            /* w - lr*g in double; the student's float result may differ by
             * a rounding of each term. */
            double expected = (double)w0[i] - (double)lr * g0[i];
            double scale = fabs((double)w0[i]) + fabs((double)lr * g0[i]);
            struct at where = AT("gd_step", "The update rule");
            where.quantity = "w";
            where.index = (long)i;
            where.step = 1;
            expect_close_tol(where, expected, w[i], 0.0, 2e-7 * scale + 1e-30);
            where.quantity = "g";
            expect_exact(where, g0[i], g[i]);
        }
    }
}

static void test_gd_step_when_w_and_g_are_the_same_array(void **state)
{
    (void)state;
    /* gd_step(v, v, n, lr) is legal C (no restrict in the signature): each
     * v[i] becomes v[i] - lr*v[i] = (1 - lr) v[i]. Reading g[i] after
     * writing w[i] for the same i would still be right; reading a later
     * element early would not. */
    float v[4] = {1.0f, -2.0f, 4.0f, 8.0f};
    gd_step(v, v, 4, 0.25f);
    const double expected[4] = {0.75, -1.5, 3.0, 6.0};
    for (int i = 0; i < 4; i++) {
        struct at where = AT("gd_step", "The update rule");
        where.quantity = "w (passed as both w and g)";
        where.index = i;
        expect_close(where, expected[i], v[i]);
    }
}

static void test_gd_long_run_on_a_random_quadratic(void **state)
{
    (void)state;
    /* f(w) = sum_i (h_i / 2) w_i^2 with random curvatures h_i in (0, 2):
     * after t steps, w_i = (1 - lr h_i)^t w_i(0) exactly (lesson section
     * "Learning rate: too large, too small"). 1 000 steps of float rounding
     * stay within a relative 1e-3 of the closed form. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    double h[N], start[N];
    float w[N], g[N];
    const float lr = 0.01f;
    for (int i = 0; i < N; i++) {
        h[i] = 0.05 + 1.9 * rng_uniform(&rng);
        start[i] = rng_range(&rng, -5.0f, 5.0f);
        w[i] = (float)start[i];
    }
    for (int t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++)
            g[i] = (float)h[i] * w[i];
        gd_step(w, g, N, lr);
    }
    for (int i = 0; i < N; i++) {
        double expected = pow(1.0 - (double)lr * (double)(float)h[i], STEPS) * start[i];
        struct at where = AT("gd_step", "The update rule");
        where.quantity = "w";
        where.index = i;
        where.step = STEPS;
        expect_close_tol(where, expected, w[i], 1e-3, 1e-6);
    }
}

static void test_l2_norm_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 2000 };
    static float v[N];
    for (int c = 1; c <= CASES; c++) {
        size_t n = rng_below(&rng, N + 1);
        float scale = powf(10.0f, rng_range(&rng, -20.0f, 20.0f));
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) {
            v[i] = scale * rng_range(&rng, -1.0f, 1.0f);
            sum += (double)v[i] * v[i];
        }
        struct at where = AT("l2_norm", "A stalled loss is not a critical point");
        where.quantity = "|v|";
        where.step = c;
        where.unit = "case";
        expect_close(where, sqrt(sum), l2_norm(v, n));
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
    /* The valley f = 0.1 w0^2 + 2 w1^2 has h = 0.2 and h = 4 on its axes, so
     * from (-10, 1) each coordinate is multiplied by (1 - lr*h) per step:
     * w0_t = -10 (1 - 0.2 lr)^t and w1_t = (1 - 4 lr)^t. With lr = 0.51 the
     * second factor is -1.04: the walls diverge slowly. Within 5%. */
    double lr = 0.51;
    double w0 = -10.0 * pow(1.0 - 0.2 * lr, 100), w1 = pow(1.0 - 4.0 * lr, 100);
    expect_answer_close("ex1", "the loss after 100 steps", 0.1 * w0 * w0 + 2.0 * w1 * w1, 0.05);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* max(|1 - 0.2 lr|, |1 - 4 lr|) is least where 1 - 0.2 lr = 4 lr - 1,
     * lr = 2 / 4.2; the factor is then 1 - 0.2 lr = (kappa - 1)/(kappa + 1)
     * with kappa = 4 / 0.2 = 20. Within 0.5%. */
    double lr = 2.0 / (0.2 + 4.0);
    expect_answer_close("ex2", "the factor per step", 1.0 - 0.2 * lr, 0.005);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* Gradient descent with lr = 0.1 from (0, 0) on the four points, in
     * double, until both coordinates are within 5e-5 of Newton's point
     * (1.2, 1.4) (four decimals). Within one step (a float run may differ
     * by one). */
    const double x[4] = {-1, 0, 1, 2}, y[4] = {0, 2, 2, 4};
    double a = 0.0, b = 0.0;
    long steps = 0;
    while (!(fabs(a - 1.2) < 5e-5 && fabs(b - 1.4) < 5e-5) && steps < 100000) {
        double da = 0.0, db = 0.0;
        for (int i = 0; i < 4; i++) {
            double r = a * x[i] + b - y[i];
            da += r * x[i];
            db += r;
        }
        a -= 0.1 * (2.0 / 4.0) * da;
        b -= 0.1 * (2.0 / 4.0) * db;
        steps++;
    }
    struct at where = AT("ex3", "Exercises");
    where.quantity = "the number of steps";
    expect_close_tol(where, (double)steps, harness_answer_number("ex3"), 0.0, 1.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* H = (2/n) [[sum x^2, sum x], [sum x, n]] for the points with x times
     * 10: sum x = 20, sum x^2 = 600, n = 4, so H = [[300, 10], [10, 2]]. Its
     * eigenvalues are m +- d with m = (300 + 2)/2 and d = sqrt(149^2 + 10^2);
     * the condition number is their ratio. Within 1%. */
    double m = (300.0 + 2.0) / 2.0, d = sqrt(149.0 * 149.0 + 10.0 * 10.0);
    expect_answer_close("ex4", "the condition number", (m + d) / (m - d), 0.01);
}

static const struct harness_test tests[] = {
    {"hidden_line_mse_random_cases", test_line_mse_random_cases, 10, 2,
     "the loss on 25 random data sets"},
    {"hidden_line_mse_gradient_random_cases", test_line_mse_gradient_random_cases, 10, 2,
     "the gradient on 25 random data sets"},
    {"hidden_gd_step_random_cases", test_gd_step_random_cases, 10, 2,
     "one step on random vectors of up to 1000 elements"},
    {"hidden_gd_step_when_w_and_g_are_the_same_array",
     test_gd_step_when_w_and_g_are_the_same_array, 5, 2,
     "one step when w and g are the same array"},
    {"hidden_gd_long_run_on_a_random_quadratic", test_gd_long_run_on_a_random_quadratic, 10, 5,
     "1000 steps on a random quadratic against the closed form"},
    {"hidden_l2_norm_random_cases", test_l2_norm_random_cases, 5, 2,
     "the norm of random vectors from 1e-20 to 1e20 in size"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
