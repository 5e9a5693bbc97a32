/* Lesson 12, hidden tests: run only by the grader, never shipped to students.
 *
 * The cases are drawn from the grading seed (harness_rng_for_test), so each
 * grading run sees new numbers and any failure can be replayed with SEED=S.
 * Expected values come from the oracles in oracle.h, written in double
 * precision straight from the formulas of the lesson; the reference
 * solution is never consulted. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"

#include <math.h>

enum kernel { AMSGRAD, NADAM, ADAMAX };
static const char *const kernel_name[3] = {"amsgrad_step", "nadam_step", "adamax_step"};
static const char *const kernel_section[3] = {"AMSGrad: a denominator that never shrinks",
                                              "Nadam: Adam with a look ahead",
                                              "AdaMax: the infinity norm"};

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
    h.psi = (float)log_uniform(rng, -3.0, -1.0);
    return h;
}

/* The product mu_1 ... mu_(t-1) of Nadam's schedule, in double: the
 * *mu_product a run has after t - 1 steps. */
static double product_before(struct hyper h, long t)
{
    double product = 1.0;
    for (long i = 1; i < t && product > 1e-300; i++)
        product *= oracle_mu(h, (double)i);
    return product;
}

static void run_kernel(enum kernel kernel, struct hyper h, long t, float *w, const float *g,
                       float *m, float *v, float *extra, double *mu_product, size_t n)
{
    if (kernel == AMSGRAD)
        amsgrad_step(w, g, m, v, extra, n, h.lr, h.beta1, h.beta2, h.eps, t);
    else if (kernel == NADAM)
        nadam_step(w, g, m, v, mu_product, n, h.lr, h.beta1, h.beta2, h.eps, h.psi, t);
    else
        adamax_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, t);
}

static struct coordinate oracle(enum kernel kernel, struct hyper h, long t,
                                struct coordinate before, double g, double *mu_product)
{
    if (kernel == AMSGRAD)
        return oracle_amsgrad(CORRECT, h, t, before, g);
    if (kernel == NADAM)
        return oracle_nadam(CORRECT, h, t, before, g, mu_product);
    return oracle_adamax(CORRECT, h, t, before, g);
}

/* The error a float implementation may make in one step, on top of the
 * double oracle: m is a float sum of two terms that may cancel (a few
 * roundings of the terms' sizes, divided by the denominator of the step),
 * Nadam's fresh-gradient term is exact up to a few roundings, the step is
 * good to 1e-4 of itself, and w is rounded to float. */
static double w_tolerance(enum kernel kernel, struct hyper h, long t, struct coordinate before,
                          double g, struct coordinate after)
{
    const double m_terms = fabs((double)h.beta1 * before.m) + fabs((1.0 - h.beta1) * g);
    double denominator, weight;
    if (kernel == ADAMAX) {
        denominator = after.v;
        weight = h.lr / (1.0 - pow(h.beta1, (double)t));
    } else {
        const double second = kernel == AMSGRAD ? after.extra : after.v;
        denominator = sqrt(second / (1.0 - pow(h.beta2, (double)t))) + h.eps;
        /* Nadam's weight on m, lr mu_next / (1 - mu_1 ... mu_t+1), is at
         * most lr / (1 - beta1^t) (every mu is at most beta1 < 1), Adam's. */
        weight = h.lr / (1.0 - pow(h.beta1, (double)t));
    }
    return 1e-4 * fabs(after.w - before.w) + weight * 4e-7 * m_terms / denominator +
           1.2e-7 * fabs(after.w) + 1e-30;
}

static double m_tolerance(struct hyper h, struct coordinate before, double g)
{
    return 4e-7 * (fabs((double)h.beta1 * before.m) + fabs((1.0 - h.beta1) * g)) + 1e-30;
}

static void check_coordinate(enum kernel kernel, long step, long i, struct hyper h, long t,
                             struct coordinate before, double g, double mu_product, float w,
                             float m, float v, float extra)
{
    double product = mu_product;
    const struct coordinate want = oracle(kernel, h, t, before, g, &product);
    struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
    where.index = i;
    where.step = step;
    where.quantity = "w";
    expect_close_tol(where, want.w, w, 0.0, w_tolerance(kernel, h, t, before, g, want));
    where.quantity = "m";
    expect_close_tol(where, want.m, m, 0.0, m_tolerance(h, before, g));
    where.quantity = kernel == ADAMAX ? "u" : "v";
    expect_close_tol(where, want.v, v, 4e-7, 1e-30);
    if (kernel == AMSGRAD) {
        where.quantity = "v_max";
        expect_close_tol(where, want.extra, extra, 4e-7, 1e-30);
    }
}

/* ---- Random single steps ---------------------------------------------------- */

static void test_random_single_steps(void **state)
{
    (void)state;
    /* 100 steps of each kernel from random states: t from 1 to 1e5
     * (log-uniform), lr from 1e-5 to 1, beta1 from 0.5 to 0.99 or 0, beta2
     * from 0.9 to 0.999, eps from 1e-10 to 1e-4, psi from 1e-3 to 0.1,
     * gradients from 1e-6 to 1e6 in size, states of the gradient's size
     * (v_max above or below v, u above or below |g|), and for Nadam the
     * *mu_product of a run that has reached step t. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { CASES = 100, MAX = 24 };
    float w[MAX], g[MAX], m[MAX], v[MAX], extra[MAX], g_copy[MAX];
    struct coordinate before[MAX];
    for (long c = 1; c <= CASES; c++) {
        for (int k = 0; k < 3; k++) {
            const enum kernel kernel = (enum kernel)k;
            const struct hyper h = random_hyper(&rng);
            const long t = (long)log_uniform(&rng, 0.0, k == NADAM ? 3.5 : 5.0);
            const size_t n = 1 + rng_below(&rng, MAX);
            for (size_t i = 0; i < n; i++) {
                const double scale = log_uniform(&rng, -6.0, 6.0);
                w[i] = (float)uniform(&rng, -5.0, 5.0);
                g[i] = (float)(scale * uniform(&rng, -1.0, 1.0));
                const int fresh = t == 1;
                m[i] = fresh ? 0.0f : (float)(scale * uniform(&rng, -1.0, 1.0));
                v[i] = fresh ? 0.0f
                             : (float)(kernel == ADAMAX ? scale * uniform(&rng, 0.0, 2.0)
                                                        : scale * scale * uniform(&rng, 0.0, 2.0));
                extra[i] = fresh ? 0.0f : (float)(scale * scale * uniform(&rng, 0.0, 2.0));
                before[i] = (struct coordinate){w[i], m[i], v[i], extra[i]};
                g_copy[i] = g[i];
            }
            const double product = product_before(h, t);
            double mu_product = product;
            run_kernel(kernel, h, t, w, g, m, v, extra, &mu_product, n);
            for (size_t i = 0; i < n; i++) {
                check_coordinate(kernel, c, (long)i, h, t, before[i], g_copy[i], product, w[i],
                                 m[i], v[i], extra[i]);
                struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
                where.quantity = "g";
                where.index = (long)i;
                where.step = c;
                where.unit = "case";
                expect_exact(where, g_copy[i], g[i]);
            }
            if (kernel == NADAM) {
                struct at where = AT("nadam_step", kernel_section[NADAM]);
                where.quantity = "*mu_product";
                where.step = c;
                where.unit = "case";
                expect_close_tol(where, product * oracle_mu(h, (double)t), mu_product, 1e-12,
                                 1e-300);
            }
        }
    }
}

/* ---- 1 000 steps of drift ---------------------------------------------------------- */

static void test_long_run_drift(void **state)
{
    (void)state;
    /* 1000 steps of each kernel with gradients that do not depend on w
     * (g = scale * (mean + noise)), against its oracle fed the same float
     * gradients. With no feedback, float errors only add up: each step is
     * good to about 1e-5 of itself and w is rounded once per step, so
     * after t steps w is within (2e-5 lr + 6e-8 (1 + |w|)) t of the oracle
     * (the steps are at most a few lr each). Nadam's *mu_product is
     * checked at the end. */
    struct rng rng;
    harness_rng_for_test(&rng);
    enum { N = 16, STEPS = 1000 };
    for (int k = 0; k < 3; k++) {
        const enum kernel kernel = (enum kernel)k;
        const struct hyper h = {(float)log_uniform(&rng, -4.0, -1.0), 0.9f, 0.999f, 1e-8f,
                                0.004f};
        double scale[N], mean[N], noise[N], exact_product = 1.0, mu_product = 1.0;
        float w[N], g[N], m[N] = {0}, v[N] = {0}, extra[N] = {0};
        struct coordinate exact[N];
        for (int i = 0; i < N; i++) {
            scale[i] = log_uniform(&rng, -6.0, 3.0);
            mean[i] = uniform(&rng, -1.0, 1.0);
            noise[i] = uniform(&rng, 0.0, 2.0);
            w[i] = (float)uniform(&rng, -1.0, 1.0);
            exact[i] = (struct coordinate){w[i], 0.0, 0.0, 0.0};
        }
        for (long t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double product = exact_product;
                g[i] = (float)(scale[i] * (mean[i] + noise[i] * uniform(&rng, -1.0, 1.0)));
                exact[i] = oracle(kernel, h, t, exact[i], g[i], &product);
                if (i == N - 1)
                    exact_product = product;
            }
            run_kernel(kernel, h, t, w, g, m, v, extra, &mu_product, N);
            if (t % 100 != 0 && t != 1)
                continue;
            for (int i = 0; i < N; i++) {
                struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
                where.index = i;
                where.step = t;
                where.quantity = "w";
                expect_close_tol(where, exact[i].w, w[i], 0.0,
                                 (2e-5 * h.lr + 6e-8 * (1.0 + fabs(exact[i].w))) * (double)t);
            }
        }
        if (kernel == NADAM) {
            struct at where = AT("nadam_step", kernel_section[NADAM]);
            where.quantity = "*mu_product";
            where.step = STEPS;
            expect_close_tol(where, exact_product, mu_product, 1e-9, 1e-300);
        }
    }
}

/* ---- Edge cases --------------------------------------------------------------------- */

static void test_w_and_g_the_same_array(void **state)
{
    (void)state;
    /* kernel(x, x, ...) is legal: the gradient is the weight itself, as for
     * f = w^2 / 2. Each g[i] must be read before w[i] is overwritten. Step
     * t = 3 from a given state. */
    const struct hyper h = {0.05f, 0.9f, 0.999f, 1e-8f, 0.004f};
    for (int k = 0; k < 3; k++) {
        const enum kernel kernel = (enum kernel)k;
        float x[4] = {1.0f, -2.0f, 0.5f, 3.0f};
        float m[4] = {0.2f, -0.3f, 0.1f, 0.5f};
        float v[4] = {0.1f, 0.4f, 0.02f, 0.9f};
        float extra[4] = {0.2f, 0.1f, 0.5f, 1.0f};
        struct coordinate before[4];
        for (int i = 0; i < 4; i++)
            before[i] = (struct coordinate){x[i], m[i], v[i], extra[i]};
        const double product = product_before(h, 3);
        double mu_product = product;
        run_kernel(kernel, h, 3, x, x, m, v, extra, &mu_product, 4);
        for (int i = 0; i < 4; i++)
            check_coordinate(kernel, 3, i, h, 3, before[i], before[i].w, product, x[i], m[i], v[i],
                             extra[i]);
    }
}

static void test_zero_gradients_and_no_parameters(void **state)
{
    (void)state;
    /* From a zero state, zero gradients must leave w where it is and make
     * no NaN (AMSGrad and Nadam: 0 / (0 + eps); AdaMax: 0 / eps). With
     * n = 0 nothing is read or written -- but Nadam's *mu_product is one
     * number for the whole array and still advances by mu. */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.004f};
    for (int k = 0; k < 3; k++) {
        const enum kernel kernel = (enum kernel)k;
        float w[2] = {1.5f, -2.0f}, m[2] = {0}, v[2] = {0}, extra[2] = {0};
        const float g[2] = {0.0f, 0.0f};
        double mu_product = 1.0;
        for (long t = 1; t <= 3; t++)
            run_kernel(kernel, h, t, w, g, m, v, extra, &mu_product, 2);
        struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
        where.quantity = "w";
        where.index = 0;
        where.step = 3;
        expect_exact(where, 1.5f, w[0]);
        where.index = 1;
        expect_exact(where, -2.0f, w[1]);
        float w0[1] = {4.0f}, m0[1] = {0.5f}, v0[1] = {0.25f}, e0[1] = {0.75f};
        const float g0[1] = {1.0f};
        double product0 = 0.5;
        run_kernel(kernel, h, 7, w0, g0, m0, v0, e0, &product0, 0);
        where.index = 0;
        where.step = 7;
        expect_exact(where, 4.0f, w0[0]);
        where.quantity = "m";
        expect_exact(where, 0.5f, m0[0]);
        where.quantity = kernel == ADAMAX ? "u" : "v";
        expect_exact(where, 0.25f, v0[0]);
        where.quantity = "v_max";
        expect_exact(where, 0.75f, e0[0]);
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
    /* Part 2 with beta2 = 0.999: Adam's v over 200 periods of 300 steps
     * (gradient 450 at t = 1 mod 300, -1 otherwise), in double, by then
     * periodic. Late in the run the bias correction is 1 and lr = 0.2/sqrt(t)
     * changes by 0.15% over a period, so the effective rate climbs by
     * sqrt(v just after a large gradient / v just before the next one).
     * Within 5% (the experiment prints it to 2 digits, x1.2). */
    const double beta2 = 0.999, big = 450.0;
    const long period = 300, periods = 200;
    double v = 0.0, after_big = 0.0, before_next = 0.0;
    for (long t = 1; t <= period * periods; t++) {
        double g = t % period == 1 ? big : -1.0;
        v = beta2 * v + (1.0 - beta2) * g * g;
        if (t % period == 1)
            after_big = v;
        if (t % period == 0)
            before_next = v;
    }
    expect_answer_close("ex1", "the climb of the effective rate", sqrt(after_big / before_next),
                        0.05);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* Adam and AMSGrad in double with betas 0.9 and 0.999, eps = 1e-8, the
     * same lr: gradient 1000 at t = 1, then 1. Their steps at t = 10000 have
     * the same m and corrections, so the ratio of the steps is that of
     * 1/(sqrt(v_hat) + eps) with v for Adam and v_max for AMSGrad. Within 1%. */
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    double m = 0.0, v = 0.0, v_max = 0.0;
    const long steps = 10000;
    for (long t = 1; t <= steps; t++) {
        double g = t == 1 ? 1000.0 : 1.0;
        m = beta1 * m + (1.0 - beta1) * g;
        v = beta2 * v + (1.0 - beta2) * g * g;
        v_max = fmax(v_max, v);
    }
    double m_hat = m / (1.0 - pow(beta1, (double)steps));
    double root2 = sqrt(1.0 - pow(beta2, (double)steps));
    double adam = m_hat / (sqrt(v) / root2 + eps);
    double amsgrad = m_hat / (sqrt(v_max) / root2 + eps);
    expect_answer_close("ex2", "AMSGrad's step over Adam's", amsgrad / adam, 0.01);
}

static void test_hidden_question_ex5(void **state)
{
    (void)state;
    /* Part 2's losses: f_t(x) = 450 x when t = 1 mod 300, -x otherwise. Over
     * one period, f_t(+1) - f_t(-1) summed and divided by the 300 steps
     * (the average over many periods is the same): (900 - 299 * 2) / 300.
     * Within 0.5%. */
    const double big = 450.0;
    const long period = 300;
    double regret = 0.0;
    for (long t = 1; t <= period; t++) {
        double slope = t % period == 1 ? big : -1.0;
        regret += slope * 1.0 - slope * -1.0;
    }
    expect_answer_close("ex5", "the average regret", regret / (double)period, 0.005);
}

static const struct harness_test tests[] = {
    {"hidden_random_single_steps", test_random_single_steps, 20, 3,
     "100 steps of each kernel from random states and settings against oracles"},
    {"hidden_long_run_drift", test_long_run_drift, 15, 5,
     "1000 steps of each kernel on random gradients: no drift from the oracles"},
    {"hidden_w_and_g_the_same_array", test_w_and_g_the_same_array, 5, 2,
     "one step of each kernel when w and g are the same array"},
    {"hidden_zero_gradients_and_no_parameters", test_zero_gradients_and_no_parameters, 5, 2,
     "zero gradients do not move w; n = 0 touches no array"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex5", test_hidden_question_ex5, 5, 2, "exercise 5's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
