/* Lesson 05, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from oracles written here in double precision,
 * straight from the lesson's formulas, or from closed forms; the reference
 * solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

static const char *const SECTION = "The update in PyTorch's form";

static void test_random_single_steps(void **state)
{
    (void)state;
    /* One step from a random buffer, on up to 1000 elements, against
     * b = mu*b + g, w = w - lr*(g + mu*b) in double. The float kernel rounds
     * each of its five operations once (about 6e-8 of the terms' size). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 1000 };
    static float w[N], g[N], b[N], w0[N], g0[N], b0[N];
    for (int c = 1; c <= 10; c++) {
        size_t n = 1 + rng_below(&rng, N);
        float lr = rng_range(&rng, 1e-4f, 1.0f), mu = rng_range(&rng, 0.0f, 0.999f);
        for (size_t i = 0; i < n; i++) {
            w0[i] = w[i] = rng_range(&rng, -10.0f, 10.0f);
            g0[i] = g[i] = rng_range(&rng, -10.0f, 10.0f);
            b0[i] = b[i] = rng_range(&rng, -50.0f, 50.0f);
        }
        nesterov_step(w, g, b, n, lr, mu);
        for (size_t i = 0; i < n; i++) {
            double expected_b = (double)mu * b0[i] + g0[i];
            double b_scale = fabs((double)mu * b0[i]) + fabs((double)g0[i]);
            double step = g0[i] + (double)mu * expected_b;
            double step_scale = fabs((double)g0[i]) + (double)mu * b_scale;
            double expected_w = (double)w0[i] - (double)lr * step;
            double w_scale = fabs((double)w0[i]) + (double)lr * step_scale;
            struct at where = AT("nesterov_step", SECTION);
            where.index = (long)i;
            where.step = c; /* the case number */
            where.unit = "case";
            where.quantity = "b";
            expect_close_tol(where, expected_b, b[i], 0.0, 3e-7 * b_scale + 1e-30);
            where.quantity = "w";
            expect_close_tol(where, expected_w, w[i], 0.0, 6e-7 * w_scale + 1e-30);
            where.quantity = "g";
            expect_exact(where, g0[i], g[i]);
        }
    }
}

static void test_first_step_from_zero(void **state)
{
    (void)state;
    /* From b = 0: b = g exactly, and w moves by lr*(1 + mu)*g. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 64 };
    float w[N], g[N], b[N], w0[N];
    float lr = rng_range(&rng, 1e-3f, 0.5f), mu = rng_range(&rng, 0.0f, 0.999f);
    for (size_t i = 0; i < N; i++) {
        w0[i] = w[i] = rng_range(&rng, -5.0f, 5.0f);
        g[i] = rng_range(&rng, -5.0f, 5.0f);
        b[i] = 0.0f;
    }
    nesterov_step(w, g, b, N, lr, mu);
    for (size_t i = 0; i < N; i++) {
        double move = (double)lr * (1.0 + (double)mu) * g[i];
        struct at where = AT("nesterov_step", SECTION);
        where.index = (long)i;
        where.step = 1;
        where.quantity = "b";
        expect_exact(where, g[i], b[i]);
        where.quantity = "w";
        expect_close_tol(where, (double)w0[i] - move, w[i], 0.0,
                         5e-7 * (fabs((double)w0[i]) + fabs(move)));
    }
}

static void test_zero_gradient_coasts(void **state)
{
    (void)state;
    /* With g = 0 for k steps, b_t = mu^t b_0 and each step moves by
     * lr * mu * b_t = lr * mu^(t+1) b_0, so
     *   w_k = w_0 - lr b_0 (mu^2 + ... + mu^(k+1)) = w_0 - lr b_0 mu^2 (1 - mu^k)/(1 - mu). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 8, K = 60 };
    const float zero[N] = {0};
    float w[N], b[N];
    double w0[N], b0[N];
    float lr = rng_range(&rng, 0.01f, 0.2f), mu = rng_range(&rng, 0.5f, 0.95f);
    for (int i = 0; i < N; i++) {
        w0[i] = w[i] = rng_range(&rng, -5.0f, 5.0f);
        b0[i] = b[i] = rng_range(&rng, -5.0f, 5.0f);
    }
    for (int t = 1; t <= K; t++)
        nesterov_step(w, zero, b, N, lr, mu);
    double m = (double)mu;
    for (int i = 0; i < N; i++) {
        struct at where = AT("nesterov_step", SECTION);
        where.index = i;
        where.step = K;
        where.quantity = "b (zero gradient)";
        expect_close_tol(where, pow(m, K) * b0[i], b[i], 1e-4, 1e-7);
        where.quantity = "w (zero gradient)";
        expect_close_tol(where, w0[i] - (double)lr * b0[i] * m * m * (1.0 - pow(m, K)) / (1.0 - m),
                         w[i], 1e-5, 1e-5);
    }
}

static void test_huge_gradients(void **state)
{
    (void)state;
    /* Gradients and buffers near 1e30: no squares, so nothing overflows. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16 };
    float w[N], g[N], b[N];
    double expected_w[N], expected_b[N];
    float lr = 1e-30f, mu = 0.9f;
    for (int i = 0; i < N; i++) {
        w[i] = rng_range(&rng, -1.0f, 1.0f);
        g[i] = 1e30f * rng_range(&rng, -1.0f, 1.0f);
        b[i] = 1e30f * rng_range(&rng, -1.0f, 1.0f);
        expected_b[i] = (double)mu * b[i] + g[i];
        expected_w[i] = (double)w[i] - (double)lr * (g[i] + (double)mu * expected_b[i]);
    }
    nesterov_step(w, g, b, N, lr, mu);
    for (int i = 0; i < N; i++) {
        struct at where = AT("nesterov_step", SECTION);
        where.index = i;
        where.step = 1;
        where.quantity = "b (gradients near 1e30)";
        expect_close_tol(where, expected_b[i], b[i], 0.0, 3e-7 * 2e30);
        where.quantity = "w (gradients near 1e30)";
        expect_close_tol(where, expected_w[i], w[i], 0.0, 1e-5);
    }
}

static void test_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* nesterov_step(v, v, b, ...): per element, b = mu*b + v, then
     * v = v - lr*(v + mu*b), with the old v as the gradient.
     * v = (1, -2, 4, 8), b = (1, 1, 0, -2), lr = 0.25, mu = 0.5:
     *   b = (1.5, -1.5, 4, 7)
     *   v + mu*b = (1.75, -2.75, 6, 11.5)
     *   v = (1 - 0.4375, -2 + 0.6875, 4 - 1.5, 8 - 2.875) = (0.5625, -1.3125, 2.5, 5.125) */
    float v[4] = {1.0f, -2.0f, 4.0f, 8.0f}, b[4] = {1.0f, 1.0f, 0.0f, -2.0f};
    const double expected_v[4] = {0.5625, -1.3125, 2.5, 5.125};
    const double expected_b[4] = {1.5, -1.5, 4.0, 7.0};
    nesterov_step(v, v, b, 4, 0.25f, 0.5f);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("nesterov_step", SECTION);
        where.index = i;
        where.quantity = "b (w and g the same array)";
        expect_close(where, expected_b[i], b[i]);
        where.quantity = "w (w and g the same array; read g[i] before writing w[i])";
        expect_close(where, expected_v[i], v[i]);
    }
}

static void test_look_ahead_equivalence_on_a_random_quadratic(void **state)
{
    (void)state;
    /* 1000 steps on f = sum_i h_i/2 (w_i - c_i)^2 with random curvatures,
     * centre, start and mu, against the look-ahead form in double:
     *   v <- mu v - lr grad f(theta + mu v),   theta <- theta + v,
     * compared through the exact relation w = theta + mu v, b = -v/lr (public
     * test "nesterov_is_the_look_ahead_method"). lr*h < 0.8 keeps every
     * coordinate inside Nesterov's stability limit 2(1 + mu)/(1 + 2 mu) > 1. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    float h[N], c[N], w[N], b[N], g[N];
    double theta[N], v[N];
    const float lr = 0.02f;
    const float mu = rng_range(&rng, 0.5f, 0.99f);
    for (int i = 0; i < N; i++) {
        /* log-uniform in [0.001, 40]: flat directions that are still moving
         * at step 1000 as well as steep ones that settle in a few steps. */
        h[i] = expf(rng_range(&rng, logf(0.001f), logf(40.0f)));
        c[i] = rng_range(&rng, -3.0f, 3.0f);
        theta[i] = w[i] = rng_range(&rng, -5.0f, 5.0f);
        v[i] = b[i] = 0.0f;
    }
    for (int t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            g[i] = h[i] * (w[i] - c[i]);
            double look = theta[i] + (double)mu * v[i];
            v[i] = (double)mu * v[i] - (double)lr * h[i] * (look - c[i]);
            theta[i] += v[i];
        }
        nesterov_step(w, g, b, N, lr, mu);
        if (t > 20 && t % 100 != 0) /* every early step, then every 100th */
            continue;
        for (int i = 0; i < N; i++) {
            struct at where = AT("nesterov_step", "Two forms, one algorithm");
            where.index = i;
            where.step = t;
            where.quantity = "w";
            expect_close_tol(where, theta[i] + (double)mu * v[i], w[i], 1e-4, 1e-4);
            where.quantity = "b";
            expect_close_tol(where, -v[i] / (double)lr, b[i], 1e-4, 1e-3);
        }
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
    /* The experiment's run, in double: b = mu b + g, w -= lr (g + mu b),
     * with lr = 0.05 and mu = 0.5, on f = 0.1 w0^2 + 2 w1^2 (gradient
     * (0.2 w0, 4 w1)) from (-10, 1), 3000 steps; the step after the last
     * one with f >= 1e-6. Within 2 steps (the experiment runs in float). */
    const double lr = 0.05, mu = 0.5;
    double w[2] = {-10.0, 1.0}, b[2] = {0.0, 0.0};
    long last_above = 0;
    for (long t = 1; t <= 3000; t++) {
        const double g[2] = {0.2 * w[0], 4.0 * w[1]};
        for (int i = 0; i < 2; i++) {
            b[i] = mu * b[i] + g[i];
            w[i] -= lr * (g[i] + mu * b[i]);
        }
        if (0.1 * w[0] * w[0] + 2.0 * w[1] * w[1] >= 1e-6)
            last_above = t;
    }
    expect_answer_close("ex1", "the step from which f < 1e-6 for good", (double)(last_above + 1),
                        0.0, 2.0);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* The look-ahead form on f = w^2 / 2 (gradient w), lr = 0.5, mu = 0.5,
     * from theta = 1, v = 0: v <- mu v - lr grad f(theta + mu v),
     * theta <- theta + v, two steps; the PyTorch form's w is then
     * theta + mu v. Within 0.5%. */
    const double lr = 0.5, mu = 0.5;
    double theta = 1.0, v = 0.0;
    for (int t = 0; t < 2; t++) {
        v = mu * v - lr * (theta + mu * v);
        theta += v;
    }
    expect_answer_close("ex2", "w after two steps", theta + mu * v, 0.005, 0.0);
}

/* The larger root size of lambda^2 - (1 + mu)(1 - x) lambda + mu (1 - x),
 * the characteristic equation of "Why it brakes", with x = lr * h. */
static double nesterov_root_size(double mu, double x)
{
    const double a = (1.0 + mu) * (1.0 - x), c = mu * (1.0 - x), d = a * a - 4.0 * c;
    if (d < 0.0)
        return sqrt(c); /* complex pair: |lambda|^2 = product = c */
    return fmax(fabs((a + sqrt(d)) / 2.0), fabs((a - sqrt(d)) / 2.0));
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* The largest stable x = lr * h for mu close to 1 (1 - 1e-9), found by
     * bisection on the roots themselves: at x = 1 both roots are 0
     * (stable), at x = 2 one is below -1 (unstable). Within 0.5%. */
    const double mu = 1.0 - 1e-9;
    double stable = 1.0, unstable = 2.0;
    for (int k = 0; k < 60; k++) {
        double mid = (stable + unstable) / 2.0;
        if (nesterov_root_size(mu, mid) < 1.0)
            stable = mid;
        else
            unstable = mid;
    }
    expect_answer_close("ex3", "the limit of lr*h", stable, 0.005, 0.0);
}

static const struct harness_test tests[] = {
    {"hidden_nesterov_random_single_steps", test_random_single_steps, 10, 2,
     "one step from random buffers on up to 1000 elements"},
    {"hidden_nesterov_first_step_from_zero", test_first_step_from_zero, 5, 2,
     "the first step from a zero buffer: b = g, w moves by lr*(1 + mu)*g"},
    {"hidden_nesterov_zero_gradient_coasts", test_zero_gradient_coasts, 5, 2,
     "60 steps with g = 0: the ball coasts and b decays as mu^t"},
    {"hidden_nesterov_huge_gradients", test_huge_gradients, 5, 2,
     "gradients near 1e30 stay finite and exact"},
    {"hidden_nesterov_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "w and g passed as the same array"},
    {"hidden_nesterov_look_ahead_equivalence_on_a_random_quadratic",
     test_look_ahead_equivalence_on_a_random_quadratic, 20, 5,
     "1000 steps on a random quadratic against the look-ahead form in double"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
