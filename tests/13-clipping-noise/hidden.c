/* Lesson 13, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test); expected
 * values come from oracles written here in double precision straight from
 * the formulas of lesson13.h. The reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"
#include "lesson13.h"

#include <math.h>
#include <string.h>

enum { CASES = 40, MAX_N = 400 };

/* A random gradient of n elements whose scale is 10^k, k in [-4, 4]. */
static size_t random_gradient(struct rng *rng, float *g)
{
    size_t n = rng_below(rng, MAX_N + 1); /* 0 .. MAX_N */
    double scale = pow(10.0, rng_range(rng, -4.0f, 4.0f));
    for (size_t i = 0; i < n; i++)
        g[i] = (float)(scale * rng_normal(rng));
    return n;
}

/* The oracle of clip_by_norm: the norm in double and the clipped vector. */
static double oracle_clip_by_norm(const float *g, size_t n, double max_norm, double *out)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)g[i] * g[i];
    double norm = sqrt(sum);
    double scale = max_norm / (norm + 1e-6);
    for (size_t i = 0; i < n; i++)
        out[i] = scale < 1.0 ? g[i] * scale : g[i];
    return norm;
}

static void test_clip_by_norm_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    float g[MAX_N], before[MAX_N];
    double expected[MAX_N];
    for (int c = 1; c <= CASES; c++) {
        size_t n = random_gradient(&rng, g);
        memcpy(before, g, n * sizeof(float));
        double true_norm = oracle_clip_by_norm(g, n, 1.0, expected);
        /* max_norm from a tenth to ten times the norm, sometimes exactly it. */
        double max_norm = c % 5 == 0 ? true_norm : true_norm * pow(10.0, rng_range(&rng, -1, 1));
        double norm_expected = oracle_clip_by_norm(before, n, max_norm, expected);
        double norm = clip_by_norm(g, n, max_norm);
        struct at where = AT("clip_by_norm", "Clipping by norm");
        where.step = c; /* the case number */
        where.unit = "case";
        where.quantity = "the returned norm";
        expect_close(where, norm_expected, norm);
        where.quantity = "g";
        for (size_t i = 0; i < n; i++) {
            where.index = (long)i;
            expect_close_tol(where, expected[i], g[i], 2e-6, 1e-30);
        }
    }
}

static void test_clip_by_norm_huge_and_tiny(void **state)
{
    (void)state;
    /* 1000 elements of 1e30 (norm 1e30 * sqrt(1000) = 3.16e31, far beyond
     * float's range when squared) clipped to 5: each becomes
     * 5 / sqrt(1000) = 0.158113883. And 1000 elements of 1e-20 (norm
     * 3.16e-19) with max_norm 1e-12: the factor 1e-12 / (3.16e-19 + 1e-6)
     * is about 1e-6 < 1, so each becomes about 1e-26 (the 1e-6 dominates). */
    enum { N = 1000 };
    static float g[N];
    for (int i = 0; i < N; i++)
        g[i] = i % 2 ? 1e30f : -1e30f;
    double norm = clip_by_norm(g, N, 5.0);
    struct at where = AT("clip_by_norm", "Clipping by norm");
    where.quantity = "the returned norm of 1000 x 1e30";
    expect_close(where, (double)1e30f * sqrt(1000.0), norm);
    where.quantity = "g";
    for (int i = 0; i < N; i++) {
        where.index = i;
        expect_close(where, (i % 2 ? 5.0 : -5.0) / sqrt(1000.0), g[i]);
    }
    for (int i = 0; i < N; i++)
        g[i] = 1e-20f;
    double tiny_norm = sqrt(1000.0) * (double)1e-20f;
    norm = clip_by_norm(g, N, 1e-12);
    where.quantity = "the returned norm of 1000 x 1e-20";
    where.index = -1;
    expect_close(where, tiny_norm, norm);
    where.quantity = "g (tiny gradient, max_norm 1e-12)";
    for (int i = 0; i < N; i++) {
        where.index = i;
        expect_close_tol(where, (double)1e-20f * 1e-12 / (tiny_norm + 1e-6), g[i], 1e-5, 0.0);
    }
}

static void test_clip_by_value_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    float g[MAX_N], before[MAX_N];
    for (int c = 1; c <= CASES; c++) {
        size_t n = random_gradient(&rng, g);
        memcpy(before, g, n * sizeof(float));
        float limit = c % 7 == 0 ? 0.0f : (float)pow(10.0, rng_range(&rng, -4.0f, 4.0f));
        clip_by_value(g, n, limit);
        struct at where = AT("clip_by_value", "Clipping by value");
        where.step = c;
        where.unit = "case";
        where.quantity = "g";
        for (size_t i = 0; i < n; i++) {
            float expected = before[i] > limit ? limit : before[i] < -limit ? -limit : before[i];
            where.index = (long)i;
            expect_exact(where, expected, g[i]);
        }
    }
}

static void test_gradient_noise_std_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 1; c <= CASES; c++) {
        double eta = pow(10.0, rng_range(&rng, -3.0f, 0.5f));
        double gamma = rng_range(&rng, 0.0f, 1.5f);
        long t = (long)rng_below(&rng, 1000000);
        struct at where = AT("gradient_noise_std", "The noise schedule");
        where.step = c;
        where.unit = "case";
        where.quantity = "sigma_t";
        expect_close(where, sqrt(eta / pow(1.0 + (double)t, gamma)),
                     gradient_noise_std(eta, gamma, t));
    }
}

static void test_add_gradient_noise_random_cases(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    float g[MAX_N], before[MAX_N];
    for (int c = 1; c <= CASES; c++) {
        size_t n = random_gradient(&rng, g);
        memcpy(before, g, n * sizeof(float));
        double eta = pow(10.0, rng_range(&rng, -3.0f, 0.5f));
        double gamma = c % 4 == 0 ? 0.55 : rng_range(&rng, 0.0f, 1.5f);
        long t = c % 6 == 0 ? 0 : (long)rng_below(&rng, 100000);
        struct rng noise, copy;
        rng_seed(&noise, rng_next(&rng), rng_next(&rng));
        copy = noise;
        add_gradient_noise(g, n, eta, gamma, t, &noise);
        double sigma = sqrt(eta / pow(1.0 + (double)t, gamma));
        struct at where = AT("add_gradient_noise", "The noise schedule");
        where.step = c;
        where.unit = "case";
        where.quantity = "g";
        for (size_t i = 0; i < n; i++) {
            double expected = before[i] + sigma * rng_normal(&copy);
            where.index = (long)i;
            expect_close_tol(where, expected, g[i], 1e-6, 1e-7 * (1.0 + fabs(before[i])));
        }
        where.index = -1;
        where.quantity = "the generator's state afterwards";
        expect_that(where, noise.state == copy.state,
                    "expected exactly n = %zu draws of rng_normal", n);
    }
}

static void test_add_gradient_noise_long_run(void **state)
{
    (void)state;
    /* 1000 steps on the same 16 elements with one generator, t = 0 .. 999,
     * starting from zero: after each step the oracle replays the same
     * draws. Errors must not build up beyond float rounding. */
    enum { N = 16, STEPS = 1000 };
    float g[N] = {0};
    double expected[N] = {0};
    struct rng rng, copy;
    rng_seed(&rng, harness_seed(), 1313);
    copy = rng;
    for (long t = 0; t < STEPS; t++) {
        add_gradient_noise(g, N, 0.3, 0.55, t, &rng);
        double sigma = sqrt(0.3 / pow(1.0 + (double)t, 0.55));
        for (int i = 0; i < N; i++)
            expected[i] = (float)(expected[i] + sigma * rng_normal(&copy));
    }
    for (int i = 0; i < N; i++) {
        struct at where = AT("add_gradient_noise", "The noise schedule");
        where.quantity = "g";
        where.index = i;
        where.step = STEPS;
        expect_close_tol(where, expected[i], g[i], 1e-5, 1e-5);
    }
}

static void test_add_gradient_noise_with_no_elements(void **state)
{
    (void)state;
    /* n = 0 draws nothing: the generator is untouched. eta = 0 draws n
     * normals but adds 0 * z = 0: g is unchanged. */
    struct rng rng, copy;
    rng_seed(&rng, 3, 4);
    copy = rng;
    float g[3] = {1.0f, -2.0f, 0.5f};
    add_gradient_noise(g, 0, 1.0, 0.55, 0, &rng);
    struct at where = AT("add_gradient_noise", "The noise schedule");
    where.quantity = "the generator's state with n = 0";
    expect_that(where, rng.state == copy.state, "n = 0 must draw nothing");
    add_gradient_noise(g, 3, 0.0, 0.55, 5, &rng);
    const float expected[3] = {1.0f, -2.0f, 0.5f};
    where.quantity = "g with eta = 0";
    for (int i = 0; i < 3; i++) {
        where.index = i;
        expect_exact(where, expected[i], g[i]);
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
    /* Part 1's run, in double: 60 steps of gradient descent (lr 0.6) from
     * (-9, 2.5) on f = 0.05 x^2 + y^2 + 10 s(20 (-0.6 - y)), the gradient
     * clipped by norm at 5 with PyTorch's rule (scale = 5 / (norm + 1e-6),
     * applied when below 1); the longest step taken. It is lr * 5 = 3 up to
     * the 1e-6, because the gradient is longer than 5 at the start. Within 1%. */
    const double lr = 0.6, max_norm = 5.0;
    double x = -9.0, y = 2.5, largest = 0.0;
    for (int t = 0; t < 60; t++) {
        double s = 1.0 / (1.0 + exp(-20.0 * (-0.6 - y)));
        double gx = 0.1 * x, gy = 2.0 * y - 10.0 * 20.0 * s * (1.0 - s);
        double scale = max_norm / (hypot(gx, gy) + 1e-6);
        if (scale < 1.0) {
            gx *= scale;
            gy *= scale;
        }
        x -= lr * gx;
        y -= lr * gy;
        largest = fmax(largest, lr * hypot(gx, gy));
    }
    expect_answer_close("ex1", "the largest step with max_norm 5", largest, 0.01);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* g = (10, 1) clipped by value at 1 is (1, 1); the angle between them
     * is acos(g . c / (|g| |c|)), in degrees. Within 0.5%. */
    const double gx = 10.0, gy = 1.0, cx = 1.0, cy = 1.0;
    double angle = acos((gx * cx + gy * cy) / (hypot(gx, gy) * hypot(cx, cy)));
    expect_answer_close("ex3", "the angle in degrees", angle * 180.0 / acos(-1.0), 0.005);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* 4.5 standard errors sqrt(2 / (N - 1)) equal to 0.005:
     * N = 1 + 2 (4.5 / 0.005)^2. Within 2%. */
    double draws = 1.0 + 2.0 * (4.5 / 0.005) * (4.5 / 0.005);
    expect_answer_close("ex4", "the number of draws", draws, 0.02);
}

static void test_hidden_question_ex5(void **state)
{
    (void)state;
    /* sigma_t / sigma_0 = (1 + t)^(-gamma / 2) with gamma = 0.55; the first
     * t, counted from 0, at which it is at most 0.1. Within 1%. */
    const double gamma = 0.55;
    long t = 0;
    while (pow(1.0 + (double)t, -gamma / 2.0) > 0.1)
        t++;
    expect_answer_close("ex5", "the first step at a tenth", (double)t, 0.01);
}

static const struct harness_test tests[] = {
    {"clip_by_norm_random_cases", test_clip_by_norm_random_cases, 15, 5,
     "random gradients of 0..400 elements, scales 1e-4..1e4, against an oracle"},
    {"clip_by_norm_huge_and_tiny", test_clip_by_norm_huge_and_tiny, 10, 5,
     "1000 elements of 1e30 and of 1e-20"},
    {"clip_by_value_random_cases", test_clip_by_value_random_cases, 10, 5,
     "random gradients and limits (some 0), bit for bit"},
    {"gradient_noise_std_random_cases", test_gradient_noise_std_random_cases, 5, 5,
     "random eta, gamma and t up to 10^6"},
    {"add_gradient_noise_random_cases", test_add_gradient_noise_random_cases, 10, 5,
     "random gradients, schedules and generators, replayed"},
    {"add_gradient_noise_long_run", test_add_gradient_noise_long_run, 5, 5,
     "1000 steps of noise on one generator"},
    {"add_gradient_noise_with_no_elements", test_add_gradient_noise_with_no_elements, 5, 2,
     "n = 0 draws nothing; eta = 0 changes nothing"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
    {"hidden_question_ex5", test_hidden_question_ex5, 5, 2, "exercise 5's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
