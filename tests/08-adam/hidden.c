/* Lesson 08, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from an oracle written here in double precision,
 * straight from the formulas of the lesson; the reference solution is never
 * consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

#define SECTION_UPDATE "The update"
#define SECTION_BIAS "Bias correction"

struct hyper {
    float lr, beta1, beta2, eps;
};

struct coordinate {
    double w, m, v;
};

/* One Adam step on one coordinate, in double (section "The update"):
 *   m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2,
 *   w <- w - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps). */
static struct coordinate oracle(struct hyper h, long t, struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2;
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * g;
    after.v = beta2 * before.v + (1.0 - beta2) * g * g;
    const double m_hat = after.m / (1.0 - pow(beta1, (double)t));
    const double v_hat = after.v / (1.0 - pow(beta2, (double)t));
    after.w = before.w - (double)h.lr * m_hat / (sqrt(v_hat) + h.eps);
    return after;
}

/* The error a float implementation may make in one step, on top of the
 * double oracle: m is a float sum of two terms that may cancel (a few
 * roundings of the terms' sizes), which passes into the step through
 * m_hat; the step itself is good to 1e-4 (the corrections formed in float
 * lose up to about 1e-5 of themselves); and the new w is rounded to float. */
static double w_tolerance(struct hyper h, long t, struct coordinate before, double g,
                          struct coordinate after)
{
    const double m_terms = fabs((double)h.beta1 * before.m) + fabs((1.0 - h.beta1) * g);
    const double c1 = 1.0 - pow(h.beta1, (double)t), c2 = 1.0 - pow(h.beta2, (double)t);
    const double denominator = sqrt(after.v / c2) + h.eps;
    const double step = fabs(after.w - before.w);
    return 1e-4 * step + h.lr * (4e-7 * m_terms / c1) / denominator +
           1.2e-7 * fabs(after.w) + 1e-30;
}

static double m_tolerance(struct hyper h, struct coordinate before, double g)
{
    return 4e-7 * (fabs((double)h.beta1 * before.m) + fabs((1.0 - h.beta1) * g)) + 1e-30;
}

static double v_tolerance(struct coordinate after) { return 4e-7 * after.v + 1e-30; }

/* A number whose logarithm is uniform: 10^U(lo, hi). */
static double log_uniform(struct rng *rng, double lo, double hi)
{
    return pow(10.0, lo + (hi - lo) * rng_uniform(rng));
}

static double uniform(struct rng *rng, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform(rng);
}

static struct hyper random_hyper(struct rng *rng)
{
    struct hyper h;
    h.lr = (float)log_uniform(rng, -5.0, 0.0);
    h.beta1 = rng_below(rng, 8) == 0 ? 0.0f : (float)uniform(rng, 0.5, 0.99);
    h.beta2 = (float)uniform(rng, 0.9, 0.999);
    h.eps = (float)log_uniform(rng, -10.0, -4.0);
    return h;
}

static void check_coordinate(const char *section, long step, long i, struct hyper h, long t,
                             struct coordinate before, double g, float w, float m, float v)
{
    const struct coordinate want = oracle(h, t, before, g);
    struct at where = AT("adam_step", section);
    where.index = i;
    where.step = step;
    where.quantity = "w";
    expect_close_tol(where, want.w, w, 0.0, w_tolerance(h, t, before, g, want));
    where.quantity = "m";
    expect_close_tol(where, want.m, m, 0.0, m_tolerance(h, before, g));
    where.quantity = "v";
    expect_close_tol(where, want.v, v, 0.0, v_tolerance(want));
}

/* ---- Random single steps ---------------------------------------------------- */

static void test_random_single_steps(void **state)
{
    (void)state;
    /* 200 steps from random states: t from 1 to 1e5 (log-uniform), lr from
     * 1e-5 to 1, beta1 from 0.5 to 0.99 or exactly 0, beta2 from 0.9 to
     * 0.999, eps from 1e-10 to 1e-4, gradients from 1e-6 to 1e6 in size,
     * and m, v of the gradient's size. The case number is shown as the step. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { CASES = 200, MAX = 32 };
    float w[MAX], g[MAX], m[MAX], v[MAX];
    struct coordinate before[MAX];
    for (long c = 1; c <= CASES; c++) {
        const struct hyper h = random_hyper(&rng);
        const long t = (long)log_uniform(&rng, 0.0, 5.0);
        const size_t n = 1 + rng_below(&rng, MAX);
        for (size_t i = 0; i < n; i++) {
            const double scale = log_uniform(&rng, -6.0, 6.0);
            w[i] = (float)uniform(&rng, -5.0, 5.0);
            g[i] = (float)(scale * uniform(&rng, -1.0, 1.0));
            m[i] = t == 1 ? 0.0f : (float)(scale * uniform(&rng, -1.0, 1.0));
            v[i] = t == 1 ? 0.0f : (float)(scale * scale * uniform(&rng, 0.0, 2.0));
            before[i] = (struct coordinate){w[i], m[i], v[i]};
        }
        float g_copy[MAX];
        for (size_t i = 0; i < n; i++)
            g_copy[i] = g[i];
        adam_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, t);
        for (size_t i = 0; i < n; i++) {
            check_coordinate(SECTION_UPDATE, c, (long)i, h, t, before[i], g_copy[i], w[i], m[i],
                             v[i]);
            struct at where = AT("adam_step", SECTION_UPDATE);
            where.quantity = "g";
            where.index = (long)i;
            where.step = c;
            where.unit = "case";
            expect_exact(where, g_copy[i], g[i]);
        }
    }
}

/* ---- First steps at extreme scales ---------------------------------------------- */

static void test_first_step_tiny_and_huge_gradients(void **state)
{
    (void)state;
    /* t = 1 from a zero state: |delta w| = lr |g| / (|g| + eps) exactly
     * (section "Bias correction"), for |g| from 1e-15 (where the step is
     * about lr * 1e-7) to 1e15 (where g^2 = 1e30 is still a float). */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 31 };
    float w[N], g[N], m[N], v[N];
    const struct hyper h = {1e-3f, 0.9f, 0.999f, 1e-8f};
    for (int i = 0; i < N; i++) {
        w[i] = 0.0f;
        m[i] = 0.0f;
        v[i] = 0.0f;
        g[i] = (float)((rng_below(&rng, 2) ? 1.0 : -1.0) * pow(10.0, i - 15) *
                       uniform(&rng, 1.0, 9.9));
    }
    float g_copy[N];
    for (int i = 0; i < N; i++)
        g_copy[i] = g[i];
    adam_step(w, g, m, v, N, h.lr, h.beta1, h.beta2, h.eps, 1);
    for (int i = 0; i < N; i++) {
        const double size = fabs((double)g_copy[i]);
        const double step = (double)h.lr * size / (size + (double)h.eps);
        struct at where = AT("adam_step", SECTION_BIAS);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        expect_close_tol(where, g_copy[i] > 0 ? -step : step, w[i], 1e-4, 1e-30);
    }
}

/* ---- 1 000 steps of drift -------------------------------------------------------- */

static void test_long_run_drift(void **state)
{
    (void)state;
    /* 1000 steps with gradients that do not depend on w: each coordinate
     * draws g_t = scale * (mean + noise), with a scale from 1e-6 to 1e3, a
     * mean from -1 to 1 and uniform noise of size up to 2, so some
     * coordinates have a steady sign and some mostly noise. The oracle sees
     * the same float gradients. With no feedback through w, float errors
     * only add up: each step is good to about 1e-5 of itself (and m, v to a
     * few roundings), and the float w is rounded once per step (half a
     * unit in the last place, 6e-8 of |w|), while the oracle's w is not. So
     * after t steps w is within (2e-5 * lr + 6e-8 * (1 + |w|)) * t of the
     * oracle (the steps are at most a few lr each), checked every 100 steps. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 24, STEPS = 1000 };
    const struct hyper h = {(float)log_uniform(&rng, -4.0, -1.0), 0.9f, 0.999f, 1e-8f};
    double scale[N], mean[N], noise[N];
    float w[N], g[N], m[N], v[N];
    struct coordinate exact[N];
    for (int i = 0; i < N; i++) {
        scale[i] = log_uniform(&rng, -6.0, 3.0);
        mean[i] = uniform(&rng, -1.0, 1.0);
        noise[i] = uniform(&rng, 0.0, 2.0);
        w[i] = (float)uniform(&rng, -1.0, 1.0);
        m[i] = 0.0f;
        v[i] = 0.0f;
        exact[i] = (struct coordinate){w[i], 0.0, 0.0};
    }
    for (long t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            g[i] = (float)(scale[i] * (mean[i] + noise[i] * uniform(&rng, -1.0, 1.0)));
            exact[i] = oracle(h, t, exact[i], g[i]);
        }
        adam_step(w, g, m, v, N, h.lr, h.beta1, h.beta2, h.eps, t);
        if (t % 100 != 0 && t != 1)
            continue;
        for (int i = 0; i < N; i++) {
            struct at where = AT("adam_step", SECTION_UPDATE);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            expect_close_tol(where, exact[i].w, w[i], 0.0,
                             (2e-5 * h.lr + 6e-8 * (1.0 + fabs(exact[i].w))) * (double)t);
            where.quantity = "m";
            expect_close_tol(where, exact[i].m, m[i], 0.0, 1e-5 * scale[i] * 3.0);
            where.quantity = "v";
            expect_close_tol(where, exact[i].v, v[i], 1e-5, 1e-30);
        }
    }
}

/* ---- Edge cases --------------------------------------------------------------------- */

static void test_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* adam_step(x, x, m, v, ...) is legal (g is const, not restrict): the
     * gradient is the weight itself, as for f = w^2 / 2. Each g[i] must be
     * read before w[i] is overwritten. Step t = 3 from a given state. */
    const struct hyper h = {0.05f, 0.9f, 0.999f, 1e-8f};
    float x[4] = {1.0f, -2.0f, 0.5f, 3.0f};
    float m[4] = {0.2f, -0.3f, 0.1f, 0.5f};
    float v[4] = {0.1f, 0.4f, 0.02f, 0.9f};
    struct coordinate before[4];
    for (int i = 0; i < 4; i++)
        before[i] = (struct coordinate){x[i], m[i], v[i]};
    adam_step(x, x, m, v, 4, h.lr, h.beta1, h.beta2, h.eps, 3);
    for (int i = 0; i < 4; i++)
        check_coordinate(SECTION_UPDATE, 3, i, h, 3, before[i], before[i].w, x[i], m[i], v[i]);
}

static void test_late_steps_and_beta1_zero(void **state)
{
    (void)state;
    /* At t = 1e6 both corrections are 1 to double precision (0.999^1e6 is
     * about e^-1000), so the step is lr m / (sqrt(v) + eps). With beta1 = 0
     * the first moment is the gradient itself (m = g, 1 - 0^t = 1): Adam
     * becomes RMSProp with a bias-corrected v. */
    const struct hyper late = {0.01f, 0.9f, 0.999f, 1e-8f};
    const struct hyper no_momentum = {0.01f, 0.0f, 0.99f, 1e-8f};
    const float w0[3] = {0.5f, -1.0f, 2.0f}, g0[3] = {0.3f, -0.02f, 5.0f};
    const float m0[3] = {0.25f, 0.01f, -1.0f}, v0[3] = {0.09f, 0.0004f, 4.0f};
    const struct hyper cases[2] = {late, no_momentum};
    const long steps[2] = {1000000L, 7L};
    for (int c = 0; c < 2; c++) {
        float w[3], g[3], m[3], v[3];
        for (int i = 0; i < 3; i++) {
            w[i] = w0[i];
            g[i] = g0[i];
            m[i] = m0[i];
            v[i] = v0[i];
        }
        const struct hyper h = cases[c];
        adam_step(w, g, m, v, 3, h.lr, h.beta1, h.beta2, h.eps, steps[c]);
        for (int i = 0; i < 3; i++) {
            const struct coordinate before = {w0[i], m0[i], v0[i]};
            check_coordinate(SECTION_BIAS, steps[c], i, h, steps[c], before, g0[i], w[i], m[i],
                             v[i]);
        }
    }
}

static void test_no_parameters_touches_nothing(void **state)
{
    (void)state;
    /* n = 0: nothing may be read or written. */
    float w[1] = {1.5f}, m[1] = {0.25f}, v[1] = {0.5f};
    const float g[1] = {2.0f};
    adam_step(w, g, m, v, 0, 0.1f, 0.9f, 0.999f, 1e-8f, 4);
    struct at where = AT("adam_step", SECTION_UPDATE);
    where.index = 0;
    where.quantity = "w";
    expect_exact(where, 1.5f, w[0]);
    where.quantity = "m";
    expect_exact(where, 0.25f, m[0]);
    where.quantity = "v";
    expect_exact(where, 0.5f, v[0]);
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
    /* On a constant gradient, uncorrected Adam's step over lr is
     * (1 - beta1^t) / sqrt(1 - beta2^t), since m_t = (1 - beta1^t) g and
     * v_t = (1 - beta2^t) g^2. Its largest value over t = 1..1000 with
     * beta1 = 0.9, beta2 = 0.99. Within 0.5%. */
    double peak = 0.0;
    for (long t = 1; t <= 1000; t++) {
        double ratio = (1.0 - pow(0.9, (double)t)) / sqrt(1.0 - pow(0.99, (double)t));
        if (ratio > peak)
            peak = ratio;
    }
    expect_answer_close("ex1", "the peak of the uncorrected step", peak, 0.005);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* After a long run of zero gradients m = v = 0; then g = 1 at step t
     * (here t = 100000, where both corrections are 1 to float precision):
     * m = (1 - beta1) g, v = (1 - beta2) g^2, and the step over lr is
     * m_hat / (sqrt(v_hat) + eps) with the defaults. Within 0.5%. */
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, t = 100000.0;
    double m = (1.0 - beta1) * 1.0, v = (1.0 - beta2) * 1.0;
    double m_hat = m / (1.0 - pow(beta1, t)), v_hat = v / (1.0 - pow(beta2, t));
    expect_answer_close("ex3", "the step in units of lr", m_hat / (sqrt(v_hat) + eps), 0.005);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* First step with gradient g (m_hat = g, v_hat = g^2): outside,
     * |g| / (|g| + eps); inside, |g| / sqrt(g^2 + eps). Their ratio
     * inside/outside rises with |g|; find where it is 0.99 for eps = 1e-8 by
     * bisection on a log scale. Within 1%. */
    const double eps = 1e-8;
    double low = 1e-6, high = 1e-1;
    for (int k = 0; k < 200; k++) {
        double g = sqrt(low * high);
        double ratio = (g / sqrt(g * g + eps)) / (g / (g + eps));
        if (ratio < 0.99)
            low = g;
        else
            high = g;
    }
    expect_answer_close("ex4", "the gradient size", sqrt(low * high), 0.01);
}

static const struct harness_test tests[] = {
    {"hidden_random_single_steps", test_random_single_steps, 15, 3,
     "200 steps from random states and settings against an oracle"},
    {"hidden_first_step_tiny_and_huge_gradients", test_first_step_tiny_and_huge_gradients, 10,
     2, "first steps for gradients from 1e-15 to 1e15"},
    {"hidden_long_run_drift", test_long_run_drift, 15, 5,
     "1000 steps of random gradients: no drift from the oracle"},
    {"hidden_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "one step when w and g are the same array"},
    {"hidden_late_steps_and_beta1_zero", test_late_steps_and_beta1_zero, 5, 2,
     "t = 1e6 (corrections vanish) and beta1 = 0"},
    {"hidden_no_parameters_touches_nothing", test_no_parameters_touches_nothing, 5, 2,
     "n = 0 reads and writes nothing"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
