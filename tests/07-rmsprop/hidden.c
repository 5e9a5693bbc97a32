/* Lesson 07, hidden tests: run only by the grader, never shipped to students.
 *
 * Cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from oracles written here in double precision
 * straight from the update rules; the reference solution is never consulted.
 * The Adadelta tests (the optional part) carry fewer points. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

#define SECTION "The update rule"
#define ADADELTA "Adadelta"

/* A gradient of random sign and a size between 1e-3 and 1e3; sometimes 0. */
static float random_gradient(struct rng *rng)
{
    if (rng_below(rng, 8) == 0)
        return 0.0f;
    return powf(10.0f, rng_range(rng, -3.0f, 3.0f)) * rng_range(rng, -1.0f, 1.0f);
}

/* The oracles: one step on one coordinate, in double. Each returns the
 * step taken (the amount subtracted from w). */
static double rmsprop_oracle(double *v, double g, double lr, double alpha, double eps)
{
    *v = alpha * *v + (1.0 - alpha) * g * g;
    return lr * g / (sqrt(*v) + eps);
}

static double adadelta_oracle(double *v, double *u, double g, double lr, double rho, double eps)
{
    *v = rho * *v + (1.0 - rho) * g * g;
    double delta = sqrt(*u + eps) / sqrt(*v + eps) * g;
    *u = rho * *u + (1.0 - rho) * delta * delta;
    return lr * delta;
}

static void compare(const char *function, const char *section, const char *quantity,
                    long index, long step, double expected, float got, double scale)
{
    struct at where = AT(function, section);
    where.quantity = quantity;
    where.index = index;
    where.step = step;
    expect_close_tol(where, expected, got, 0.0, 2e-6 * scale + 1e-30);
}

static void test_rmsprop_random_steps(void **state)
{
    (void)state;
    /* Random sizes, weights, averages, rates, alpha in [0, 0.9999] and eps
     * up to 0.1; five steps per case, the oracle restarted from the
     * student's float state before each step. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 1000 };
    static float w[N], g[N], v[N];
    static double w_expected[N], v_expected[N];
    for (int c = 1; c <= 10; c++) {
        size_t n = 1 + rng_below(&rng, N);
        float lr = powf(10.0f, rng_range(&rng, -4.0f, -1.0f));
        float alpha = c == 1 ? 0.0f : 1.0f - powf(10.0f, rng_range(&rng, -4.0f, 0.0f));
        float eps = powf(10.0f, rng_range(&rng, -8.0f, -1.0f));
        for (size_t i = 0; i < n; i++) {
            w[i] = rng_range(&rng, -10.0f, 10.0f);
            v[i] = rng_below(&rng, 4) == 0 ? 0.0f : powf(10.0f, rng_range(&rng, -4.0f, 4.0f));
        }
        for (long t = 1; t <= 5; t++) {
            for (size_t i = 0; i < n; i++) {
                g[i] = random_gradient(&rng);
                v_expected[i] = v[i];
                w_expected[i] = w[i] - rmsprop_oracle(&v_expected[i], g[i], lr, alpha, eps);
            }
            rmsprop_step(w, g, v, n, lr, alpha, eps);
            for (size_t i = 0; i < n; i++) {
                compare("rmsprop_step", SECTION, "v", (long)i, t, v_expected[i], v[i],
                        v_expected[i] + (1.0 - alpha) * (double)g[i] * g[i]);
                compare("rmsprop_step", SECTION, "w", (long)i, t, w_expected[i], w[i],
                        fabs(w_expected[i]) + 10.0 * fabs((double)lr * g[i]) /
                                                  (sqrt(v_expected[i]) + eps));
            }
        }
    }
}

static void test_rmsprop_long_run(void **state)
{
    (void)state;
    /* 1000 steps of pre-drawn random gradients (they do not depend on w, so
     * no feedback can amplify rounding): w_t = w_0 - sum of the steps, v a
     * linear recursion. The float run stays within 1e-4 of the double
     * oracle, relative to the total distance travelled. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    float w[N], v[N], g[N];
    double w_expected[N], v_expected[N], travelled[N];
    const float lr = 0.001f, alpha = 0.99f, eps = 1e-8f;
    for (int i = 0; i < N; i++) {
        w[i] = rng_range(&rng, -1.0f, 1.0f);
        w_expected[i] = w[i];
        v[i] = 0.0f;
        v_expected[i] = 0.0;
        travelled[i] = fabs(w_expected[i]);
    }
    for (long t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            /* every other coordinate is sparse: non-zero on one step in 25 */
            g[i] = (i % 2 == 1 && t % 25 != 0) ? 0.0f : random_gradient(&rng);
            double step = rmsprop_oracle(&v_expected[i], g[i], lr, alpha, eps);
            w_expected[i] -= step;
            travelled[i] += fabs(step);
        }
        rmsprop_step(w, g, v, N, lr, alpha, eps);
    }
    for (int i = 0; i < N; i++) {
        struct at where = AT("rmsprop_step", SECTION);
        where.index = i;
        where.step = STEPS;
        where.quantity = "w";
        expect_close_tol(where, w_expected[i], w[i], 0.0, 1e-4 * travelled[i]);
        where.quantity = "v";
        expect_close_tol(where, v_expected[i], v[i], 1e-4, 1e-30);
    }
}

static void test_rmsprop_edge_cases(void **state)
{
    (void)state;
    struct at where = AT("rmsprop_step", SECTION);
    rmsprop_step(NULL, NULL, NULL, 0, 0.1f, 0.99f, 1e-8f); /* n = 0: touch nothing */

    /* Huge gradients (squares up to 9e36 fit in float): the first step is
     * still 10 lr. */
    float w[3] = {1.0f, 1.0f, 1.0f}, v[3] = {0.0f, 0.0f, 0.0f};
    const float huge[3] = {1e15f, -1e15f, 3e18f};
    rmsprop_step(w, huge, v, 3, 0.01f, 0.99f, 1e-8f);
    const double expected[3] = {0.9, 1.1, 0.9};
    for (int i = 0; i < 3; i++) {
        where.quantity = "w after a huge gradient";
        where.index = i;
        expect_close(where, expected[i], w[i]);
    }

    /* Zero gradients from a zero state: 0 / (0 + eps) = 0, never NaN. */
    float w2[2] = {2.0f, -3.0f}, v2[2] = {0.0f, 0.0f};
    const float zero[2] = {0.0f, 0.0f};
    for (int t = 0; t < 3; t++)
        rmsprop_step(w2, zero, v2, 2, 0.5f, 0.99f, 1e-8f);
    where.quantity = "w after zero gradients";
    where.index = 0;
    expect_exact(where, 2.0f, w2[0]);
    where.index = 1;
    expect_exact(where, -3.0f, w2[1]);
    where.quantity = "v after zero gradients";
    expect_exact(where, 0.0f, v2[1]);
}

static void test_rmsprop_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* rmsprop_step(x, x, v, ...) is legal: g = x. alpha = 0.36 (1 - alpha =
     * 0.8^2), lr = 0.1, x = (2, -4): v = 0.64 x^2, sqrt(v) = 0.8 |x|, and
     * each x moves by 0.1 / 0.8 = 0.125 towards zero: (1.875, -3.875). */
    float x[2] = {2.0f, -4.0f}, v[2] = {0.0f, 0.0f};
    rmsprop_step(x, x, v, 2, 0.1f, 0.36f, 1e-8f);
    const double expected[2] = {1.875, -3.875};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("rmsprop_step", SECTION);
        where.quantity = "w (passed as both w and g)";
        where.index = i;
        expect_close(where, expected[i], x[i]);
    }
}

static void test_adadelta_random_steps(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 500 };
    static float w[N], g[N], v[N], u[N];
    static double w_expected[N], v_expected[N], u_expected[N], step_size[N];
    for (int c = 1; c <= 10; c++) {
        size_t n = 1 + rng_below(&rng, N);
        float lr = rng_range(&rng, 0.1f, 1.0f);
        float rho = rng_range(&rng, 0.5f, 0.99f);
        float eps = powf(10.0f, rng_range(&rng, -8.0f, -2.0f));
        for (size_t i = 0; i < n; i++) {
            w[i] = rng_range(&rng, -10.0f, 10.0f);
            v[i] = rng_below(&rng, 4) == 0 ? 0.0f : powf(10.0f, rng_range(&rng, -4.0f, 4.0f));
            u[i] = rng_below(&rng, 4) == 0 ? 0.0f : powf(10.0f, rng_range(&rng, -8.0f, 0.0f));
        }
        for (long t = 1; t <= 5; t++) {
            for (size_t i = 0; i < n; i++) {
                g[i] = random_gradient(&rng);
                v_expected[i] = v[i];
                u_expected[i] = u[i];
                double step = adadelta_oracle(&v_expected[i], &u_expected[i], g[i], lr, rho, eps);
                w_expected[i] = w[i] - step;
                step_size[i] = fabs(step);
            }
            adadelta_step(w, g, v, u, n, lr, rho, eps);
            for (size_t i = 0; i < n; i++) {
                compare("adadelta_step", ADADELTA, "v", (long)i, t, v_expected[i], v[i],
                        v_expected[i] + (double)g[i] * g[i]);
                compare("adadelta_step", ADADELTA, "u", (long)i, t, u_expected[i], u[i],
                        10.0 * u_expected[i] + 1e-20);
                compare("adadelta_step", ADADELTA, "w", (long)i, t, w_expected[i], w[i],
                        fabs(w_expected[i]) + 10.0 * step_size[i]);
            }
        }
    }
}

static void test_adadelta_long_run_and_edges(void **state)
{
    (void)state;
    /* 1000 steps of pre-drawn random gradients against the double oracle,
     * then the edge cases: n = 0, and zero gradients from a zero state
     * (sqrt(eps) / sqrt(eps) * 0 = 0: nothing moves). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    float w[N], v[N], u[N], g[N];
    double w_expected[N], v_expected[N], u_expected[N], travelled[N];
    for (int i = 0; i < N; i++) {
        w[i] = rng_range(&rng, -1.0f, 1.0f);
        w_expected[i] = w[i];
        v[i] = u[i] = 0.0f;
        v_expected[i] = u_expected[i] = 0.0;
        travelled[i] = fabs(w_expected[i]);
    }
    for (long t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            g[i] = random_gradient(&rng);
            double step =
                adadelta_oracle(&v_expected[i], &u_expected[i], g[i], 1.0, 0.9, (double)1e-6f);
            w_expected[i] -= step;
            travelled[i] += fabs(step);
        }
        adadelta_step(w, g, v, u, N, 1.0f, 0.9f, 1e-6f);
    }
    for (int i = 0; i < N; i++) {
        struct at where = AT("adadelta_step", ADADELTA);
        where.index = i;
        where.step = STEPS;
        where.quantity = "w";
        expect_close_tol(where, w_expected[i], w[i], 0.0, 1e-4 * travelled[i]);
        where.quantity = "u";
        expect_close_tol(where, u_expected[i], u[i], 1e-3, 1e-30);
    }

    adadelta_step(NULL, NULL, NULL, NULL, 0, 1.0f, 0.9f, 1e-6f);
    float w2[2] = {2.0f, -3.0f}, v2[2] = {0.0f, 0.0f}, u2[2] = {0.0f, 0.0f};
    const float zero[2] = {0.0f, 0.0f};
    for (int t = 0; t < 3; t++)
        adadelta_step(w2, zero, v2, u2, 2, 1.0f, 0.9f, 1e-6f);
    struct at where = AT("adadelta_step", ADADELTA);
    where.quantity = "w after zero gradients";
    where.index = 0;
    expect_exact(where, 2.0f, w2[0]);
    where.index = 1;
    expect_exact(where, -3.0f, w2[1]);
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

static void expect_answer_within(const char *id, const char *what, double expected, double abs)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), 0.0, abs);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* The experiment's slope f = (A/K) log(1 + exp(K (w - C))) + (H/2) w^2,
     * gradient A sigmoid(K (w - C)) + H w with A = 10, K = 2, C = 5,
     * H = 0.02, from w = 10: 100 RMSProp steps with lr = 0.005, alpha = 0.99,
     * eps = 1e-8, in double. (The constant-gradient prediction
     * 10 - lr * sum_t 1/sqrt(1 - alpha^t) agrees to 0.01%.) Within 0.5%. */
    const double lr = 0.005, alpha = 0.99, eps = 1e-8;
    double w = 10.0, v = 0.0;
    for (int t = 1; t <= 100; t++) {
        double g = 10.0 / (1.0 + exp(-2.0 * (w - 5.0))) + 0.02 * w;
        v = alpha * v + (1.0 - alpha) * g * g;
        w -= lr * g / (sqrt(v) + eps);
    }
    expect_answer_close("ex1", "w after 100 steps", w, 0.005);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* A square of age k weighs (1 - alpha) alpha^k, alpha^k times its weight
     * when new: the smallest k with 0.99^k < 0.01 is the first whole number
     * above ln(0.01) / ln(0.99). Within 1 step. */
    double k = floor(log(0.01) / log(0.99)) + 1.0;
    expect_answer_within("ex2", "the number of steps", k, 1.0);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* With a constant gradient v_t = (1 - alpha^t) g^2, so the uncorrected
     * step is lr / sqrt(1 - alpha^t). The first t where that is at most
     * 1.1 lr, counted by a loop. Within 1 step. */
    long t = 1;
    while (1.0 / sqrt(1.0 - pow(0.99, (double)t)) > 1.1)
        t++;
    expect_answer_within("ex3", "the step", (double)t, 1.0);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* Sign descent w <- w - lr sign(w) on f = w^2 / 2 (gradient w) from
     * w = 1 with lr = 0.3, ten steps. Within 1%. */
    double w = 1.0;
    for (int t = 0; t < 10; t++)
        w -= 0.3 * (w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0);
    expect_answer_close("ex4", "w after 10 steps", w, 0.01);
}

static const struct harness_test tests[] = {
    {"hidden_rmsprop_random_steps", test_rmsprop_random_steps, 10, 3,
     "five steps on random vectors, states, rates, alpha and eps"},
    {"hidden_rmsprop_long_run", test_rmsprop_long_run, 10, 5,
     "1000 steps of random (partly sparse) gradients against a double oracle"},
    {"hidden_rmsprop_edge_cases", test_rmsprop_edge_cases, 5, 2,
     "n = 0, huge and zero gradients"},
    {"hidden_rmsprop_w_and_g_the_same_array", test_rmsprop_w_and_g_the_same_array, 5, 2,
     "one step when w and g are the same array"},
    {"hidden_adadelta_random_steps", test_adadelta_random_steps, 3, 3,
     "optional part: five Adadelta steps on random cases"},
    {"hidden_adadelta_long_run_and_edges", test_adadelta_long_run_and_edges, 2, 5,
     "optional part: 1000 Adadelta steps; n = 0; zero gradients"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
