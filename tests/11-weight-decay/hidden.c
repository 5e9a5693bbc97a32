/* Lesson 11, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from an oracle written here in double precision,
 * straight from the formulas of the lesson; the reference solution is never
 * consulted. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

#define SECTION_PLACES "Two places for the decay"

enum kernel { L2, DECOUPLED };

static const char *const kernel_name[2] = {"adam_l2_step", "adamw_step"};

struct hyper {
    float lr, beta1, beta2, eps, wd;
};

struct coordinate {
    double w, m, v;
};

/* One step on one coordinate, in double (section "Two places for the
 * decay"). L2: gw = g + wd w feeds m and v. AdamW: w <- w (1 - lr wd)
 * first, and g alone feeds m and v. Then both:
 *   w <- w - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps). */
static struct coordinate oracle(enum kernel kernel, struct hyper h, long t,
                                struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2, lr = h.lr, wd = h.wd;
    double w = before.w, gradient = g;
    if (kernel == L2)
        gradient = g + wd * before.w;
    else
        w = w * (1.0 - lr * wd);
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * gradient;
    after.v = beta2 * before.v + (1.0 - beta2) * gradient * gradient;
    const double m_hat = after.m / (1.0 - pow(beta1, (double)t));
    const double v_hat = after.v / (1.0 - pow(beta2, (double)t));
    after.w = w - lr * m_hat / (sqrt(v_hat) + h.eps);
    return after;
}

/* The error a float implementation may make in one step, on top of the
 * double oracle (as in lesson 08's hidden tests): m is a float sum of terms
 * that may cancel, and the regularised gradient g + wd w is itself a float
 * sum, so a few roundings of the terms' sizes pass into the step through
 * m_hat; the step is good to 1e-4 of itself; the decayed w and the new w
 * are each rounded to float. */
static double gradient_size(enum kernel kernel, struct hyper h, struct coordinate before,
                            double g)
{
    return fabs(g) + (kernel == L2 ? fabs((double)h.wd * before.w) : 0.0);
}

static double w_tolerance(enum kernel kernel, struct hyper h, long t, struct coordinate before,
                          double g, struct coordinate after)
{
    const double m_terms = fabs((double)h.beta1 * before.m) +
                           (1.0 - h.beta1) * gradient_size(kernel, h, before, g);
    const double c1 = 1.0 - pow(h.beta1, (double)t), c2 = 1.0 - pow(h.beta2, (double)t);
    const double v_terms = (double)h.beta2 * before.v +
                           (1.0 - h.beta2) * pow(gradient_size(kernel, h, before, g), 2.0);
    const double denominator = sqrt(after.v / c2) + h.eps;
    /* v's rounding (relative 4e-7 of its terms) moves the step by half that. */
    const double step = fabs(after.w - before.w);
    const double v_part = h.lr * fabs(after.m / c1) / denominator *
                          (2e-7 * v_terms / (after.v + 1e-300));
    return 1e-4 * step + h.lr * (4e-7 * m_terms / c1) / denominator + fmin(v_part, 1e3 * h.lr) +
           2.4e-7 * (fabs(after.w) + fabs(before.w)) + 1e-30;
}

static double m_tolerance(enum kernel kernel, struct hyper h, struct coordinate before, double g)
{
    return 4e-7 * (fabs((double)h.beta1 * before.m) +
                   (1.0 - h.beta1) * gradient_size(kernel, h, before, g)) +
           1e-30;
}

static double v_tolerance(enum kernel kernel, struct hyper h, struct coordinate before, double g)
{
    return 4e-7 * ((double)h.beta2 * before.v +
                   (1.0 - h.beta2) * pow(gradient_size(kernel, h, before, g), 2.0)) +
           1e-30;
}

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
    h.lr = (float)log_uniform(rng, -5.0, -0.5);
    h.beta1 = rng_below(rng, 8) == 0 ? 0.0f : (float)uniform(rng, 0.5, 0.99);
    h.beta2 = (float)uniform(rng, 0.9, 0.999);
    h.eps = (float)log_uniform(rng, -10.0, -4.0);
    h.wd = rng_below(rng, 8) == 0 ? 0.0f : (float)log_uniform(rng, -4.0, 0.0);
    return h;
}

static void run_kernel(enum kernel kernel, float *w, const float *g, float *m, float *v,
                       size_t n, struct hyper h, long t)
{
    if (kernel == L2)
        adam_l2_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, t);
    else
        adamw_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, t);
}

static void check_coordinate(enum kernel kernel, long step, long i, struct hyper h, long t,
                             struct coordinate before, double g, float w, float m, float v)
{
    const struct coordinate want = oracle(kernel, h, t, before, g);
    struct at where = AT(kernel_name[kernel], SECTION_PLACES);
    where.index = i;
    where.step = step;
    where.quantity = "w";
    expect_close_tol(where, want.w, w, 0.0, w_tolerance(kernel, h, t, before, g, want));
    where.quantity = "m";
    expect_close_tol(where, want.m, m, 0.0, m_tolerance(kernel, h, before, g));
    where.quantity = "v";
    expect_close_tol(where, want.v, v, 0.0, v_tolerance(kernel, h, before, g));
}

/* ---- Random single steps ---------------------------------------------------- */

static void test_random_single_steps(void **state)
{
    (void)state;
    /* 150 steps from random states for each kernel: t from 1 to 1e5
     * (log-uniform), lr from 1e-5 to 0.3, beta1 from 0.5 to 0.99 or 0, beta2
     * from 0.9 to 0.999, eps from 1e-10 to 1e-4, weight_decay from 1e-4 to
     * 1 or 0, gradients from 1e-6 to 1e6 in size, weights up to 100. The
     * case number is shown as the step. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { CASES = 150, MAX = 24 };
    float w[MAX], g[MAX], m[MAX], v[MAX], g_copy[MAX];
    struct coordinate before[MAX];
    for (long c = 1; c <= CASES; c++) {
        for (int k = 0; k < 2; k++) {
            const enum kernel kernel = (enum kernel)k;
            const struct hyper h = random_hyper(&rng);
            const long t = (long)log_uniform(&rng, 0.0, 5.0);
            const size_t n = 1 + rng_below(&rng, MAX);
            for (size_t i = 0; i < n; i++) {
                const double scale = log_uniform(&rng, -6.0, 6.0);
                w[i] = (float)(uniform(&rng, -1.0, 1.0) * log_uniform(&rng, -2.0, 2.0));
                g[i] = (float)(scale * uniform(&rng, -1.0, 1.0));
                const double m_scale = scale + fabs((double)h.wd * w[i]);
                m[i] = t == 1 ? 0.0f : (float)(m_scale * uniform(&rng, -1.0, 1.0));
                v[i] = t == 1 ? 0.0f : (float)(m_scale * m_scale * uniform(&rng, 0.0, 2.0));
                before[i] = (struct coordinate){w[i], m[i], v[i]};
                g_copy[i] = g[i];
            }
            run_kernel(kernel, w, g, m, v, n, h, t);
            for (size_t i = 0; i < n; i++) {
                check_coordinate(kernel, c, (long)i, h, t, before[i], g_copy[i], w[i], m[i],
                                 v[i]);
                struct at where = AT(kernel_name[kernel], SECTION_PLACES);
                where.quantity = "g";
                where.index = (long)i;
                where.step = c;
                where.unit = "case";
                expect_exact(where, g_copy[i], g[i]);
            }
        }
    }
}

/* ---- 1 000 steps of drift -------------------------------------------------------- */

static void test_long_run_drift(void **state)
{
    (void)state;
    /* 1000 steps on f(w) = sum h_i/2 (w_i - c_i)^2 with gradient noise, for
     * each kernel, against the oracle run in double from the same start.
     * The feedback through w makes the two runs see slightly different
     * gradients, but the problem contracts (curvature h plus the decay), so
     * the gap stays of the size of the per-step rounding times the number
     * of steps: (2e-5 lr + 1.2e-7 (1 + |w|)) t, checked every 100 steps.
     * The oracle forms the same gradient from its own w, in double, with
     * the same noise. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    for (int k = 0; k < 2; k++) {
        const enum kernel kernel = (enum kernel)k;
        struct hyper h = {(float)log_uniform(&rng, -3.0, -1.0), 0.9f, 0.999f, 1e-8f,
                          (float)log_uniform(&rng, -3.0, 0.0)};
        double curvature[N], centre[N], noise[N];
        float w[N], g[N], m[N], v[N];
        struct coordinate exact[N];
        for (int i = 0; i < N; i++) {
            curvature[i] = log_uniform(&rng, -3.0, 2.0);
            centre[i] = uniform(&rng, -3.0, 3.0);
            noise[i] = curvature[i] * uniform(&rng, 0.0, 1.0);
            w[i] = (float)uniform(&rng, -2.0, 2.0);
            m[i] = v[i] = 0.0f;
            exact[i] = (struct coordinate){w[i], 0.0, 0.0};
        }
        for (long t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                const double z = uniform(&rng, -1.0, 1.0);
                g[i] = (float)(curvature[i] * ((double)w[i] - centre[i]) + noise[i] * z);
                const double g_exact = curvature[i] * (exact[i].w - centre[i]) + noise[i] * z;
                exact[i] = oracle(kernel, h, t, exact[i], g_exact);
            }
            run_kernel(kernel, w, g, m, v, N, h, t);
            if (t % 100 != 0 && t != 1)
                continue;
            for (int i = 0; i < N; i++) {
                struct at where = AT(kernel_name[kernel], SECTION_PLACES);
                where.index = i;
                where.step = t;
                where.quantity = "w";
                expect_close_tol(where, exact[i].w, w[i], 0.0,
                                 (2e-5 * h.lr + 1.2e-7 * (1.0 + fabs(exact[i].w))) * (double)t);
            }
        }
    }
}

/* ---- Edge cases --------------------------------------------------------------------- */

static void test_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* kernel(x, x, m, v, ...) is legal: the gradient is the weight itself,
     * as for f = w^2 / 2. Each g[i] must be read before w[i] is overwritten
     * -- AdamW's decay changes w first, so a kernel that decays w[i] and
     * then reads g[i] reads the decayed value. Step t = 3 from a given
     * state, with lr * wd = 0.2 so that the difference is large. */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 2.0f};
    for (int k = 0; k < 2; k++) {
        const enum kernel kernel = (enum kernel)k;
        float x[4] = {1.0f, -2.0f, 0.5f, 3.0f};
        float m[4] = {0.2f, -0.3f, 0.1f, 0.5f};
        float v[4] = {0.1f, 0.4f, 0.02f, 0.9f};
        struct coordinate before[4];
        for (int i = 0; i < 4; i++)
            before[i] = (struct coordinate){x[i], m[i], v[i]};
        run_kernel(kernel, x, x, m, v, 4, h, 3);
        for (int i = 0; i < 4; i++)
            check_coordinate(kernel, 3, i, h, 3, before[i], before[i].w, x[i], m[i], v[i]);
    }
}

static void test_strong_decay_and_no_decay(void **state)
{
    (void)state;
    /* lr * wd = 1: AdamW's decay sets w to 0 before the Adam step, so the
     * new w is the Adam step alone; L2 with wd = 10 makes the L2 term
     * dominate the gradient. And wd = 0: both kernels are Adam (checked
     * against the oracle, which then is Adam's). */
    const struct hyper strong = {0.1f, 0.9f, 0.999f, 1e-8f, 10.0f};
    const struct hyper none = {0.01f, 0.8f, 0.99f, 1e-6f, 0.0f};
    const struct hyper cases[2] = {strong, none};
    const float w0[3] = {0.5f, -1.0f, 2.0f}, g0[3] = {0.3f, -0.02f, 5.0f};
    const float m0[3] = {0.25f, 0.01f, -1.0f}, v0[3] = {0.09f, 0.0004f, 4.0f};
    for (int c = 0; c < 2; c++) {
        for (int k = 0; k < 2; k++) {
            const enum kernel kernel = (enum kernel)k;
            float w[3], g[3], m[3], v[3];
            for (int i = 0; i < 3; i++) {
                w[i] = w0[i];
                g[i] = g0[i];
                m[i] = m0[i];
                v[i] = v0[i];
            }
            run_kernel(kernel, w, g, m, v, 3, cases[c], 5);
            for (int i = 0; i < 3; i++) {
                const struct coordinate before = {w0[i], m0[i], v0[i]};
                check_coordinate(kernel, 5, i, cases[c], 5, before, g0[i], w[i], m[i], v[i]);
            }
        }
    }
}

static void test_no_parameters_touches_nothing(void **state)
{
    (void)state;
    /* n = 0: nothing may be read or written. */
    for (int k = 0; k < 2; k++) {
        const enum kernel kernel = (enum kernel)k;
        float w[1] = {1.5f}, m[1] = {0.25f}, v[1] = {0.5f};
        const float g[1] = {2.0f};
        const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.5f};
        run_kernel(kernel, w, g, m, v, 0, h, 4);
        struct at where = AT(kernel_name[kernel], SECTION_PLACES);
        where.index = 0;
        where.quantity = "w";
        expect_exact(where, 1.5f, w[0]);
        where.quantity = "m";
        expect_exact(where, 0.25f, m[0]);
        where.quantity = "v";
        expect_exact(where, 0.5f, v[0]);
    }
}

/* ---- Questions: the values of the exercises, derived here ----------------------- */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* With LR = 0.001 and wd = 1, AdamW's decay multiplies every weight by
     * (1 - lr * wd) per step; 5000 steps of it alone leave
     * (1 - 0.001)^5000, about exp(-5). Within 1%. */
    const double lr = 0.001, wd = 1.0;
    expect_answer_close("ex1", "the fraction left after 5000 steps", pow(1.0 - lr * wd, 5000.0),
                        0.01);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* AdamW in double with a constant gradient g = 0.5 and wd = 0.1, from
     * w = 0 (lr = 0.01, betas 0.9 and 0.999, eps = 1e-8): the decay
     * lr * wd * w balances the Adam step, whose size tends to |g|/|g| = 1, at
     * w = -sign(g) / wd. 30000 steps are 300 time constants 1/(lr * wd) of the
     * decay, so the run has settled. Within 1%. */
    const double lr = 0.01, wd = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, g = 0.5;
    double w = 0.0, m = 0.0, v = 0.0;
    for (long t = 1; t <= 30000; t++) {
        w *= 1.0 - lr * wd;
        m = beta1 * m + (1.0 - beta1) * g;
        v = beta2 * v + (1.0 - beta2) * g * g;
        double m_hat = m / (1.0 - pow(beta1, (double)t));
        double v_hat = v / (1.0 - pow(beta2, (double)t));
        w -= lr * m_hat / (sqrt(v_hat) + eps);
    }
    expect_answer_close("ex3", "the weight AdamW settles at", w, 0.01);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* With no gradient, each AdamW step multiplies the weight by
     * 1 - lr * wd = 1 - 1e-3 * 1e-2; it halves after k steps where
     * (1 - 1e-5)^k = 1/2, k = ln(1/2) / ln(1 - 1e-5), about 69 315.
     * Within 0.5%. */
    const double lr = 1e-3, wd = 1e-2;
    expect_answer_close("ex4", "the steps to half", log(0.5) / log(1.0 - lr * wd), 0.005);
}

static const struct harness_test tests[] = {
    {"hidden_random_single_steps", test_random_single_steps, 20, 3,
     "150 steps of each kernel from random states and settings against an oracle"},
    {"hidden_long_run_drift", test_long_run_drift, 15, 5,
     "1000 steps of each kernel on a noisy quadratic: no drift from the oracle"},
    {"hidden_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "one step of each kernel when w and g are the same array"},
    {"hidden_strong_decay_and_no_decay", test_strong_decay_and_no_decay, 5, 2,
     "lr * wd = 1, and weight_decay = 0"},
    {"hidden_no_parameters_touches_nothing", test_no_parameters_touches_nothing, 5, 2,
     "n = 0 reads and writes nothing"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
