/* Lesson 04, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from oracles written here in double precision,
 * straight from the lesson's formulas, or from closed forms; the reference
 * solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

static const char *const SECTION = "The update rule";

static void test_random_single_steps(void **state)
{
    (void)state;
    /* One step from a random buffer, on up to 1000 elements, against
     * b = mu*b + g, w = w - lr*b computed in double. The float kernel rounds
     * mu*b, the sum, lr*b and the difference: four roundings of at most
     * 6e-8 times the size of the terms involved. */
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
        momentum_step(w, g, b, n, lr, mu);
        for (size_t i = 0; i < n; i++) {
            double expected_b = (double)mu * b0[i] + g0[i];
            double b_scale = fabs((double)mu * b0[i]) + fabs((double)g0[i]);
            double expected_w = (double)w0[i] - (double)lr * expected_b;
            double w_scale = fabs((double)w0[i]) + (double)lr * b_scale;
            struct at where = AT("momentum_step", SECTION);
            where.index = (long)i;
            where.step = c; /* the case number */
            where.unit = "case";
            where.quantity = "b";
            expect_close_tol(where, expected_b, b[i], 0.0, 3e-7 * b_scale + 1e-30);
            where.quantity = "w";
            expect_close_tol(where, expected_w, w[i], 0.0, 4e-7 * w_scale + 1e-30);
            where.quantity = "g";
            expect_exact(where, g0[i], g[i]);
        }
    }
}

static void test_first_step_from_zero(void **state)
{
    (void)state;
    /* From b = 0: b becomes mu*0 + g, which is g exactly in float whatever
     * mu is; w moves by lr*g. */
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
    momentum_step(w, g, b, N, lr, mu);
    for (size_t i = 0; i < N; i++) {
        struct at where = AT("momentum_step", SECTION);
        where.index = (long)i;
        where.step = 1;
        where.quantity = "b";
        expect_exact(where, g[i], b[i]);
        where.quantity = "w";
        expect_close_tol(where, (double)w0[i] - (double)lr * g[i], w[i], 0.0,
                         3e-7 * (fabs((double)w0[i]) + fabs((double)lr * g[i])));
    }
}

static void test_zero_gradient_coasts(void **state)
{
    (void)state;
    /* With g = 0 for k steps, b_t = mu^t b_0 and the ball coasts:
     *   w_k = w_0 - lr * b_0 * (mu + mu^2 + ... + mu^k)
     *       = w_0 - lr * b_0 * mu (1 - mu^k) / (1 - mu). */
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
        momentum_step(w, zero, b, N, lr, mu);
    double m = (double)mu;
    for (int i = 0; i < N; i++) {
        struct at where = AT("momentum_step", SECTION);
        where.index = i;
        where.step = K;
        where.quantity = "b (zero gradient)";
        expect_close_tol(where, pow(m, K) * b0[i], b[i], 1e-4, 1e-7);
        where.quantity = "w (zero gradient)";
        expect_close_tol(where, w0[i] - (double)lr * b0[i] * m * (1.0 - pow(m, K)) / (1.0 - m),
                         w[i], 1e-5, 1e-5);
    }
}

static void test_huge_gradients(void **state)
{
    (void)state;
    /* Gradients near 1e30 (squares would overflow float, sums do not): the
     * kernel needs no square and must stay finite and relatively exact. */
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
        expected_w[i] = (double)w[i] - (double)lr * expected_b[i];
    }
    momentum_step(w, g, b, N, lr, mu);
    for (int i = 0; i < N; i++) {
        struct at where = AT("momentum_step", SECTION);
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
    /* momentum_step(v, v, b, ...) is legal C (no restrict): per element,
     * b = mu*b + v, then v = v - lr*b, reading v before writing it.
     * v = (1, -2, 4, 8), b = (1, 1, 0, -2), lr = 0.25, mu = 0.5:
     *   b = (0.5 + 1, 0.5 - 2, 0 + 4, -1 + 8) = (1.5, -1.5, 4, 7)
     *   v = (1 - 0.375, -2 + 0.375, 4 - 1, 8 - 1.75) = (0.625, -1.625, 3, 6.25) */
    float v[4] = {1.0f, -2.0f, 4.0f, 8.0f}, b[4] = {1.0f, 1.0f, 0.0f, -2.0f};
    const double expected_v[4] = {0.625, -1.625, 3.0, 6.25};
    const double expected_b[4] = {1.5, -1.5, 4.0, 7.0};
    momentum_step(v, v, b, 4, 0.25f, 0.5f);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("momentum_step", SECTION);
        where.index = i;
        where.quantity = "b (w and g the same array)";
        expect_close(where, expected_b[i], b[i]);
        where.quantity = "w (w and g the same array)";
        expect_close(where, expected_v[i], v[i]);
    }
}

static void test_long_run_on_a_random_quadratic(void **state)
{
    (void)state;
    /* 1000 steps on f = sum_i h_i/2 (w_i - c_i)^2 with random curvatures,
     * centre, start and mu, against the same recurrence in double. The
     * dynamics are stable (lr*h < 1 < 2(1 + mu)), so float rounding does not
     * grow: it stays within a few hundred roundings of the largest |w|. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    float h[N], c[N], w[N], b[N], g[N];
    double ow[N], ob[N];
    const float lr = 0.02f;
    const float mu = rng_range(&rng, 0.5f, 0.99f);
    for (int i = 0; i < N; i++) {
        /* log-uniform in [0.001, 40]: flat directions that are still moving
         * at step 1000 as well as steep ones that settle in a few steps. */
        h[i] = expf(rng_range(&rng, logf(0.001f), logf(40.0f)));
        c[i] = rng_range(&rng, -3.0f, 3.0f);
        ow[i] = w[i] = rng_range(&rng, -5.0f, 5.0f);
        ob[i] = b[i] = 0.0f;
    }
    for (int t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            g[i] = h[i] * (w[i] - c[i]);
            ob[i] = (double)mu * ob[i] + (double)h[i] * (ow[i] - c[i]);
            ow[i] -= (double)lr * ob[i];
        }
        momentum_step(w, g, b, N, lr, mu);
        if (t > 20 && t % 100 != 0) /* every early step, then every 100th */
            continue;
        for (int i = 0; i < N; i++) {
            struct at where = AT("momentum_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            expect_close_tol(where, ow[i], w[i], 1e-4, 1e-4);
            where.quantity = "b";
            expect_close_tol(where, ob[i], b[i], 1e-4, 1e-3);
        }
    }
}

static void test_random_rate_change(void **state)
{
    (void)state;
    /* Random gradients, random mu, a rate lr_1 that changes to lr_2 at a
     * random step k. PyTorch's semantics in double (w -= lr_t b_t) must
     * match, and the gap to the textbook form must be the closed form of
     * the public test "momentum_forms_part_when_the_rate_changes":
     *   (lr_1 - lr_2) b_(k-1) mu (1 - mu^(t-k+1)) / (1 - mu). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 5, STEPS = 60 };
    float w[N], b[N], g[N];
    double pw[N], pb[N], tw[N], tv[N], b_before[N];
    const float mu = rng_range(&rng, 0.5f, 0.95f);
    const float lr1 = rng_range(&rng, 0.01f, 0.2f), lr2 = rng_range(&rng, 0.01f, 0.2f);
    const int k = 2 + (int)rng_below(&rng, STEPS - 10);
    for (int i = 0; i < N; i++) {
        pw[i] = tw[i] = w[i] = rng_range(&rng, -2.0f, 2.0f);
        pb[i] = tv[i] = b_before[i] = b[i] = 0.0f;
    }
    for (int t = 1; t <= STEPS; t++) {
        float lr = t < k ? lr1 : lr2;
        for (int i = 0; i < N; i++)
            g[i] = rng_normal(&rng);
        momentum_step(w, g, b, N, lr, mu);
        for (int i = 0; i < N; i++) {
            pb[i] = (double)mu * pb[i] + g[i];
            pw[i] -= (double)lr * pb[i];
            tv[i] = (double)mu * tv[i] - (double)lr * g[i];
            tw[i] += tv[i];
            if (t < k)
                b_before[i] = pb[i];
            double gap = t < k ? 0.0
                               : ((double)lr1 - lr2) * b_before[i] * mu *
                                     (1.0 - pow(mu, t - k + 1)) / (1.0 - mu);
            struct at where = AT("momentum_step", "When the learning rate changes");
            where.index = i;
            where.step = t;
            where.quantity = "w";
            expect_close_tol(where, pw[i], w[i], 0.0, 2e-5);
            where.quantity = "w - (textbook w)";
            expect_close_tol(where, gap, (double)w[i] - tw[i], 0.0, 2e-5);
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
    /* The experiment's run, in double: the heavy ball b = mu b + g,
     * w -= lr b, with lr = 0.05 and mu = 0.8, on f = 0.1 w0^2 + 2 w1^2
     * (gradient (0.2 w0, 4 w1)) from (-10, 1); the first step after which
     * f < 1e-6. Within 2 steps (the experiment runs in float). */
    const double lr = 0.05, mu = 0.8;
    double w[2] = {-10.0, 1.0}, b[2] = {0.0, 0.0};
    long step = 0;
    for (long t = 1; t <= 3000 && step == 0; t++) {
        const double g[2] = {0.2 * w[0], 4.0 * w[1]};
        for (int i = 0; i < 2; i++) {
            b[i] = mu * b[i] + g[i];
            w[i] -= lr * b[i];
        }
        if (0.1 * w[0] * w[0] + 2.0 * w[1] * w[1] < 1e-6)
            step = t;
    }
    expect_answer_close("ex1", "the first step with f < 1e-6", (double)step, 0.0, 2.0);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* The floor's roots coincide where the discriminant
     * (1 + mu - lr h)^2 - 4 mu vanishes, i.e. 1 + mu - lr h = 2 sqrt(mu),
     * (1 - sqrt(mu))^2 = lr h: sqrt(mu) = 1 - sqrt(lr h), lr = 0.05, h = 0.2.
     * Within 0.5%. */
    const double lr_h = 0.05 * 0.2, root = 1.0 - sqrt(lr_h);
    expect_answer_close("ex2", "mu", root * root, 0.005, 0.0);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* With beta = mu, the moving average is m_t = (1 - mu) b_t (by
     * induction from zero), so the step lr' m_t equals lr b_t when
     * lr = lr' (1 - mu), lr' = 0.1, mu = 0.9. Within 0.5%. */
    const double lr_prime = 0.1, mu = 0.9;
    expect_answer_close("ex3", "PyTorch's lr", lr_prime * (1.0 - mu), 0.005, 0.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* Both forms run side by side on a constant gradient g = 1, mu = 0.9:
     * 2000 steps at lr1 = 1 (the velocity reaches its terminal value), then
     * 3000 at lr2 = lr1 / 10. PyTorch: b = mu b + g, w -= lr b; textbook:
     * v = mu v - lr g, w += v. The final gap between the two, divided by a
     * step at terminal velocity at the new rate, lr2 g / (1 - mu). Within
     * 1%. */
    const double mu = 0.9, lr1 = 1.0, lr2 = lr1 / 10.0, g = 1.0;
    double w_pytorch = 0.0, b = 0.0, w_textbook = 0.0, v = 0.0;
    for (int t = 1; t <= 5000; t++) {
        const double lr = t < 2000 ? lr1 : lr2;
        b = mu * b + g;
        w_pytorch -= lr * b;
        v = mu * v - lr * g;
        w_textbook += v;
    }
    expect_answer_close("ex4", "the extra travel in steps",
                        fabs(w_pytorch - w_textbook) / (lr2 * g / (1.0 - mu)), 0.01, 0.0);
}

static const struct harness_test tests[] = {
    {"hidden_momentum_random_single_steps", test_random_single_steps, 10, 2,
     "one step from random buffers on up to 1000 elements"},
    {"hidden_momentum_first_step_from_zero", test_first_step_from_zero, 5, 2,
     "the first step from a zero buffer gives b = g exactly"},
    {"hidden_momentum_zero_gradient_coasts", test_zero_gradient_coasts, 5, 2,
     "60 steps with g = 0: the ball coasts and b decays as mu^t"},
    {"hidden_momentum_huge_gradients", test_huge_gradients, 5, 2,
     "gradients near 1e30 stay finite and exact"},
    {"hidden_momentum_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "w and g passed as the same array"},
    {"hidden_momentum_long_run_on_a_random_quadratic", test_long_run_on_a_random_quadratic, 10, 5,
     "1000 steps on a random quadratic against a double oracle"},
    {"hidden_momentum_random_rate_change", test_random_rate_change, 10, 2,
     "a random change of lr: PyTorch's path and the gap to the textbook form"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
