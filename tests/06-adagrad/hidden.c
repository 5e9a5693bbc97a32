/* Lesson 06, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from an oracle written here in double precision
 * straight from the update rule, or from a property proved in the lesson;
 * the reference solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

#define SECTION "The update rule"
static const float EPS = 1e-10f;

/* The oracle: one AdaGrad step on one coordinate, in double. */
static void oracle_step(double *w, double *s, double g, double lr, double eps)
{
    *s += g * g;
    *w -= lr * g / (sqrt(*s) + eps);
}

/* Compares a float result with the oracle; the tolerance is a few float
 * roundings of the terms that made it (w and the step can cancel). */
static void compare(const char *quantity, long index, long step, double expected, float got,
                    double scale)
{
    struct at where = AT("adagrad_step", SECTION);
    where.quantity = quantity;
    where.index = index;
    where.step = step;
    expect_close_tol(where, expected, got, 0.0, 1e-6 * scale + 1e-30);
}

static void test_random_steps(void **state)
{
    (void)state;
    /* Random sizes, weights, accumulators, gradients, rates and eps (eps
     * up to 1 exposes eps inside the root); five steps per case, the oracle
     * restarted from the student's float state before each step. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 1000 };
    static float w[N], g[N], s[N];
    for (int c = 1; c <= 10; c++) {
        size_t n = 1 + rng_below(&rng, N);
        float lr = powf(10.0f, rng_range(&rng, -4.0f, 0.0f));
        float eps = powf(10.0f, rng_range(&rng, -10.0f, 0.0f));
        for (size_t i = 0; i < n; i++) {
            w[i] = rng_range(&rng, -10.0f, 10.0f);
            s[i] = rng_below(&rng, 4) == 0 ? 0.0f : powf(10.0f, rng_range(&rng, -4.0f, 4.0f));
        }
        for (long t = 1; t <= 5; t++) {
            static double w_expected[N], s_expected[N];
            for (size_t i = 0; i < n; i++) {
                g[i] = rng_below(&rng, 6) == 0 ? 0.0f
                                               : powf(10.0f, rng_range(&rng, -3.0f, 3.0f)) *
                                                     rng_range(&rng, -1.0f, 1.0f);
                w_expected[i] = w[i];
                s_expected[i] = s[i];
                oracle_step(&w_expected[i], &s_expected[i], g[i], lr, eps);
            }
            adagrad_step(w, g, s, n, lr, eps);
            for (size_t i = 0; i < n; i++) {
                compare("s", (long)i, t, s_expected[i], s[i], s_expected[i]);
                compare("w", (long)i, t, w_expected[i], w[i],
                        fabs(w_expected[i]) + (double)lr * 2.0);
            }
        }
    }
}

static void test_long_run_on_a_random_quadratic(void **state)
{
    (void)state;
    /* f = sum h_i/2 w_i^2 with random curvatures; every third coordinate is
     * sparse (its gradient is non-zero on one step in 20). 2000 steps, the
     * float run against a double oracle that follows its own path: AdaGrad
     * contracts on a quadratic at these rates, so the float run stays within
     * a relative 1e-3 of the double one (plus 1e-5 near zero). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 24, STEPS = 2000 };
    double h[N], w_expected[N], s_expected[N];
    float w[N], s[N], g[N];
    const float lr = rng_range(&rng, 0.01f, 0.5f);
    for (int i = 0; i < N; i++) {
        h[i] = (float)(0.05 + 4.0 * rng_uniform(&rng));
        w[i] = rng_range(&rng, -5.0f, 5.0f);
        w_expected[i] = w[i];
        s[i] = 0.0f;
        s_expected[i] = 0.0;
    }
    for (long t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            int silent = (i % 3 == 2) && (t % 20 != 1);
            g[i] = silent ? 0.0f : (float)h[i] * w[i];
            oracle_step(&w_expected[i], &s_expected[i], silent ? 0.0 : h[i] * w_expected[i],
                        lr, EPS);
        }
        adagrad_step(w, g, s, N, lr, EPS);
    }
    for (int i = 0; i < N; i++) {
        struct at where = AT("adagrad_step", SECTION);
        where.quantity = "w";
        where.index = i;
        where.step = STEPS;
        expect_close_tol(where, w_expected[i], w[i], 1e-3, 1e-5);
        where.quantity = "s";
        expect_close_tol(where, s_expected[i], s[i], 1e-3, 1e-5);
    }
}

static void test_steps_never_exceed_lr(void **state)
{
    (void)state;
    /* Since s >= g^2 after the update, |lr g / (sqrt(s) + eps)| <= lr on
     * every step; and s never shrinks. 500 steps of wild random gradients. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 32 };
    float w[N] = {0}, s[N] = {0}, g[N];
    const float lr = rng_range(&rng, 0.001f, 1.0f);
    for (long t = 1; t <= 500; t++) {
        float w_before[N], s_before[N];
        for (int i = 0; i < N; i++) {
            w_before[i] = w[i];
            s_before[i] = s[i];
            g[i] = powf(10.0f, rng_range(&rng, -6.0f, 6.0f)) * rng_range(&rng, -1.0f, 1.0f);
        }
        adagrad_step(w, g, s, N, lr, EPS);
        for (int i = 0; i < N; i++) {
            double moved = fabs((double)w[i] - w_before[i]);
            struct at where = AT("adagrad_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "|step|";
            expect_that(where, moved <= (double)lr * (1.0 + 1e-5) + 1e-6 * fabs((double)w[i]),
                        "w moved by %.6g, more than lr = %.6g", moved, (double)lr);
            where.quantity = "s";
            expect_that(where, s[i] >= s_before[i], "s shrank from %.6g to %.6g",
                        (double)s_before[i], (double)s[i]);
        }
    }
}

static void test_edge_cases(void **state)
{
    (void)state;
    struct at where = AT("adagrad_step", SECTION);
    /* n = 0 with NULL arrays: nothing may be touched. */
    adagrad_step(NULL, NULL, NULL, 0, 0.1f, EPS);

    /* Huge gradients (1e15, whose square 1e30 still fits in float) move the
     * first step by lr, like any other. */
    float w[3] = {1.0f, 1.0f, 1.0f}, s[3] = {0.0f, 0.0f, 0.0f};
    const float huge[3] = {1e15f, -1e15f, 3e18f};
    adagrad_step(w, huge, s, 3, 0.01f, EPS);
    const double expected_huge[3] = {0.99, 1.01, 0.99};
    for (int i = 0; i < 3; i++) {
        where.quantity = "w after a huge gradient";
        where.index = i;
        expect_close(where, expected_huge[i], w[i]);
    }

    /* Tiny gradients: 1e-6 gives s = 1e-12, sqrt(s) = 1e-6, and a step of
     * lr * 1e-6 / (1e-6 + 1e-10) = lr * (1 - 1e-4) to four digits. */
    float w2[1] = {0.0f}, s2[1] = {0.0f};
    const float tiny[1] = {1e-6f};
    adagrad_step(w2, tiny, s2, 1, 1.0f, EPS);
    where.quantity = "w after a gradient of 1e-6";
    where.index = 0;
    expect_close_tol(where, -1e-6 / (1e-6 + 1e-10), w2[0], 1e-5, 0.0);

    /* Zero gradient on a fresh coordinate: 0 / (0 + eps) = 0, no NaN. */
    float w3[2] = {2.0f, -3.0f}, s3[2] = {0.0f, 0.0f};
    const float zero[2] = {0.0f, 0.0f};
    for (int t = 0; t < 3; t++)
        adagrad_step(w3, zero, s3, 2, 0.5f, EPS);
    where.quantity = "w after zero gradients";
    where.index = 0;
    expect_exact(where, 2.0f, w3[0]);
    where.index = 1;
    expect_exact(where, -3.0f, w3[1]);
    where.quantity = "s after zero gradients";
    expect_exact(where, 0.0f, s3[1]);
}

static void test_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* adagrad_step(v, v, s, ...) is legal: g = v. From s = 0 each v[i]
     * becomes v[i] - lr * sign(v[i]); a second step with s = v_old^2:
     *   v = (2, -4), lr = 0.5: step 1 -> (1.5, -3.5), s = (4, 16);
     *   step 2: s = (6.25, 28.25), v = (1.5 - 0.5*1.5/2.5, -3.5 + 0.5*3.5/sqrt(28.25)). */
    float v[2] = {2.0f, -4.0f}, s[2] = {0.0f, 0.0f};
    adagrad_step(v, v, s, 2, 0.5f, EPS);
    adagrad_step(v, v, s, 2, 0.5f, EPS);
    const double expected[2] = {1.5 - 0.3, -3.5 + 1.75 / sqrt(28.25)};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adagrad_step", SECTION);
        where.quantity = "w (passed as both w and g)";
        where.index = i;
        where.step = 2;
        expect_close(where, expected[i], v[i]);
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
    /* One AdaGrad step with lr = 2 from (-10, 1) on f = 0.1 w0^2 + 2 w1^2,
     * whose gradient is (0.2 w0, 4 w1): s = g^2, w -= lr g / (sqrt(s) + eps),
     * so each coordinate moves by about lr against the sign of its gradient.
     * The answer is f at the new point. Within 1%. */
    const double lr = 2.0, eps = 1e-10, h[2] = {0.2, 4.0};
    double w[2] = {-10.0, 1.0}, f = 0.0;
    for (int i = 0; i < 2; i++) {
        double g = h[i] * w[i], s = g * g;
        w[i] -= lr * g / (sqrt(s) + eps);
        f += 0.5 * h[i] * w[i] * w[i];
    }
    expect_answer_close("ex1", "the loss after the first step", f, 0.01);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* A constant gradient g gives s_k = k g^2 after k steps, so step k has
     * length lr |g| / (sqrt(k) |g|) = lr / sqrt(k): the distance after 100
     * steps with lr = 1 is the sum of 1/sqrt(k) for k = 1..100. Within 0.5%. */
    double distance = 0.0;
    for (int k = 1; k <= 100; k++)
        distance += 1.0 / sqrt((double)k);
    expect_answer_close("ex3", "the distance moved in 100 steps", distance, 0.005);
}

static void test_hidden_question_ex5(void **state)
{
    (void)state;
    /* The experiment's logistic regression with the word in 20 of 1000
     * e-mails (2 of them spam) and 294 spam among the other 980: gradient
     * descent with lr = 8 from (0, 0), in double, for 400 steps. The gradient
     * is the mean of (p - y) times each feature, summed by kind of e-mail.
     * The answer is the first step after which w1 stays within 1% of its best
     * value log(1/9) - log(3/7) = log(7/27). Within 3 steps. */
    const double emails = 1000.0, with_word = 20.0, spam_with = 2.0, spam_without = 294.0;
    const double best_w1 = log(7.0 / 27.0);
    double w0 = 0.0, w1 = 0.0;
    long last_outside = -1;
    for (long t = 0; t <= 400; t++) {
        if (fabs(w1 - best_w1) > 0.01 * fabs(best_w1))
            last_outside = t;
        if (t == 400)
            break;
        double p_with = 1.0 / (1.0 + exp(-(w0 + w1))), p_without = 1.0 / (1.0 + exp(-w0));
        double sum_with = with_word * p_with - spam_with;
        double sum_without = (emails - with_word) * p_without - spam_without;
        w0 -= 8.0 * (sum_with + sum_without) / emails;
        w1 -= 8.0 * sum_with / emails;
    }
    struct at where = AT("ex5", "Exercises");
    where.quantity = "the number of steps";
    expect_close_tol(where, (double)(last_outside + 1), harness_answer_number("ex5"), 0.0, 3.0);
}

static const struct harness_test tests[] = {
    {"hidden_adagrad_random_steps", test_random_steps, 10, 3,
     "five steps on random vectors, states, rates and eps"},
    {"hidden_adagrad_long_random_quadratic", test_long_run_on_a_random_quadratic, 10,
     5, "2000 steps on a random quadratic with sparse coordinates"},
    {"hidden_adagrad_steps_never_exceed_lr", test_steps_never_exceed_lr, 5, 3,
     "no step is longer than lr and s never shrinks, over wild gradients"},
    {"hidden_adagrad_edge_cases", test_edge_cases, 5, 2,
     "n = 0, huge, tiny and zero gradients"},
    {"hidden_adagrad_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "two steps when w and g are the same array"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex5", test_hidden_question_ex5, 5, 2, "exercise 5's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
