/* Lesson 12, public tests: AMSGrad, Nadam and AdaMax.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from the oracles in oracle.h (double precision, straight from the
 * lesson's formulas), or from PyTorch (tests/12-adam-variants/reference/,
 * produced by make_reference.py in float32); none is produced by the code
 * under test. The oracles also compute what each common mistake would give,
 * so that a wrong result can be matched to the mistake that explains it. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"
#include "reference/reference.h"

#include <math.h>

#define SECTION_AMS "AMSGrad: a denominator that never shrinks"
#define SECTION_NADAM "Nadam: Adam with a look ahead"
#define SECTION_MAX "AdaMax: the infinity norm"

enum kernel { AMSGRAD, NADAM, ADAMAX };
static const char *const kernel_name[3] = {"amsgrad_step", "nadam_step", "adamax_step"};
static const char *const kernel_section[3] = {SECTION_AMS, SECTION_NADAM, SECTION_MAX};

/* One step of a kernel's oracle; for Nadam *mu_product is updated. */
static struct coordinate oracle(enum kernel kernel, enum mistake mistake, struct hyper h, long t,
                                struct coordinate before, double g, double *mu_product)
{
    if (kernel == AMSGRAD)
        return oracle_amsgrad(mistake, h, t, before, g);
    if (kernel == NADAM)
        return oracle_nadam(mistake, h, t, before, g, mu_product);
    return oracle_adamax(mistake, h, t, before, g);
}

/* The allowed error of a new w: 1e-4 of the step (float roundings of the
 * moments and corrections) plus float rounding of w. Every mistake in
 * oracle.h changes the tested steps by 0.5 % or more. */
static double w_tolerance(double w_before, double w_expected)
{
    return 1e-4 * fabs(w_expected - w_before) + 1.2e-7 * fabs(w_expected) + 1e-30;
}

static double state_tolerance(double expected) { return 2e-6 * fabs(expected) + 1e-30; }

static double pick(struct coordinate c, int quantity)
{
    return quantity == 0 ? c.w : quantity == 1 ? c.m : quantity == 2 ? c.v : c.extra;
}

/* The mistake whose prediction of this quantity matches what came out. */
static enum mistake diagnose(enum kernel kernel, struct hyper h, long t, struct coordinate before,
                             double mu_product, double g, int quantity, double got)
{
    double product = mu_product;
    const double right = pick(oracle(kernel, CORRECT, h, t, before, g, &product), quantity);
    if (!isfinite(got))
        return kernel == NADAM ? NADAM_STALE_PRODUCT : t == 1 ? T_FROM_ZERO : CORRECT;
    for (int k = CORRECT + 1; k < NADAM_STALE_PRODUCT; k++) {
        product = mu_product;
        const double value =
            pick(oracle(kernel, (enum mistake)k, h, t, before, g, &product), quantity);
        const double tolerance = quantity == 0 ? w_tolerance(before.w, value)
                                               : state_tolerance(value);
        if (fabs(value - right) > tolerance && fabs(got - value) <= tolerance)
            return (enum mistake)k;
    }
    return CORRECT;
}

/* Runs one kernel on n coordinates from the given state; checks w and the
 * state against the oracle, Nadam's *mu_product, and that g was left alone. */
static void check_one_step(enum kernel kernel, struct hyper h, long t, size_t n,
                           const struct coordinate *start, const float *g0, double mu_product)
{
    enum { MAX = 16 };
    float w[MAX], g[MAX], m[MAX], v[MAX], extra[MAX];
    for (size_t i = 0; i < n; i++) {
        w[i] = (float)start[i].w;
        m[i] = (float)start[i].m;
        v[i] = (float)start[i].v;
        extra[i] = (float)start[i].extra;
        g[i] = g0[i];
    }
    double product = mu_product;
    if (kernel == AMSGRAD)
        amsgrad_step(w, g, m, v, extra, n, h.lr, h.beta1, h.beta2, h.eps, t);
    else if (kernel == NADAM)
        nadam_step(w, g, m, v, &product, n, h.lr, h.beta1, h.beta2, h.eps, h.psi, t);
    else
        adamax_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, t);
    const char *names[4] = {"w", "m", kernel == ADAMAX ? "u" : "v", "v_max"};
    const int quantities = kernel == AMSGRAD ? 4 : 3;
    for (int quantity = 0; quantity < quantities; quantity++) {
        for (size_t i = 0; i < n; i++) {
            double expected_product = mu_product;
            const double expected =
                pick(oracle(kernel, CORRECT, h, t, start[i], g0[i], &expected_product), quantity);
            const double got = quantity == 0   ? w[i]
                               : quantity == 1 ? m[i]
                               : quantity == 2 ? v[i]
                                               : extra[i];
            struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
            where.quantity = names[quantity];
            where.index = (long)i;
            where.step = t;
            where.hint = mistake_hint[diagnose(kernel, h, t, start[i], mu_product, g0[i],
                                               quantity, got)];
            const double tolerance = quantity == 0 ? w_tolerance(start[i].w, expected)
                                                   : state_tolerance(expected);
            expect_close_tol(where, expected, got, 0.0, tolerance);
        }
    }
    if (kernel == NADAM) {
        double expected_product = mu_product;
        struct coordinate ignored = {0, 0, 0, 0};
        oracle_nadam(CORRECT, h, t, ignored, 0.0, &expected_product);
        struct at where = AT("nadam_step", SECTION_NADAM);
        where.quantity = "*mu_product";
        where.step = t;
        where.hint = "multiply *mu_product by this step's mu = beta1 (1 - 0.5 * 0.96^(t psi)), "
                     "once per call";
        expect_close_tol(where, expected_product, product, 1e-12, 1e-300);
    }
    for (size_t i = 0; i < n; i++) {
        struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
        where.quantity = "g";
        where.index = (long)i;
        where.hint = "g is an input: read it, never write it";
        expect_exact(where, g0[i], g[i]);
    }
}

/* ---- AMSGrad ----------------------------------------------------------------- */

static void test_amsgrad_two_steps_by_hand(void **state)
{
    (void)state;
    /* lr = 0.1, beta1 = 0.9, beta2 = 0.9 (so the decay of v shows within
     * two steps), eps = 1e-8, w from 1.
     * Step 1, g = 2: m = 0.2, v = 0.1 * 4 = 0.4, v_max = 0.4;
     *   corrections 0.1 and 0.1: w = 1 - (0.1/0.1) * 0.2 / (sqrt(0.4)/sqrt(0.1)) = 1 - 0.2/2 = 0.9
     *   (the first step of AMSGrad is Adam's: lr against the gradient).
     * Step 2, g = 0.5: m = 0.18 + 0.05 = 0.23, v = 0.36 + 0.025 = 0.385,
     *   v_max = max(0.4, 0.385) = 0.4 (v fell, v_max did not);
     *   corrections 0.19 and 0.19:
     *   w = 0.9 - (0.1/0.19) * 0.23 / sqrt(0.4/0.19) = 0.9 - 0.1210526/1.4509525 = 0.8165702
     *   (Adam, with v = 0.385: 0.9 - 0.1210526/1.4234872 = 0.8149603). */
    const struct hyper h = {0.1f, 0.9f, 0.9f, 1e-8f, 0.0f};
    float w[1] = {1.0f}, m[1] = {0.0f}, v[1] = {0.0f}, v_max[1] = {0.0f};
    const float g1[1] = {2.0f}, g2[1] = {0.5f};
    amsgrad_step(w, g1, m, v, v_max, 1, h.lr, h.beta1, h.beta2, h.eps, 1);
    struct at where = AT("amsgrad_step", SECTION_AMS);
    where.index = 0;
    where.step = 1;
    where.quantity = "w";
    const struct coordinate zero = {1.0, 0.0, 0.0, 0.0};
    where.hint = mistake_hint[diagnose(AMSGRAD, h, 1, zero, 1.0, 2.0, 0, w[0])];
    expect_close_tol(where, 0.9, w[0], 1e-6, 1e-9);
    where.quantity = "v_max";
    where.hint = "v_max = max(v_max, v) after v is updated: 0.4 after the first step";
    expect_close_tol(where, 0.4, v_max[0], 1e-6, 1e-12);
    amsgrad_step(w, g2, m, v, v_max, 1, h.lr, h.beta1, h.beta2, h.eps, 2);
    where.step = 2;
    where.quantity = "w";
    const struct coordinate after_one = {0.9, 0.2, 0.4, 0.4};
    where.hint = mistake_hint[diagnose(AMSGRAD, h, 2, after_one, 1.0, 0.5, 0, w[0])];
    expect_close_tol(where, 0.8165702, w[0], 1e-6, 1e-7);
    where.quantity = "v";
    where.hint = "v is Adam's moving average, 0.9 * 0.4 + 0.1 * 0.25 = 0.385";
    expect_close_tol(where, 0.385, v[0], 1e-6, 1e-12);
    where.quantity = "v_max";
    where.hint = "v fell to 0.385, so v_max keeps 0.4: store max(v_max, v) in v_max";
    expect_close_tol(where, 0.4, v_max[0], 1e-6, 1e-12);
}

static void test_amsgrad_denominator_never_decreases(void **state)
{
    (void)state;
    /* 300 steps on gradients whose size first grows and then falls by a
     * factor of 1000 (g_t = s_t * sin(t), s_t largest at t = 50), so Adam's
     * v rises and then falls. After every step: v_max >= v, and v_max is at
     * least its value before the step (it never decreases). The final w is
     * compared with the oracle run in double. */
    enum { N = 4, STEPS = 300 };
    const struct hyper h = {0.01f, 0.9f, 0.99f, 1e-8f, 0.0f};
    float w[N] = {0}, m[N] = {0}, v[N] = {0}, v_max[N] = {0}, g[N];
    struct coordinate exact[N] = {{0, 0, 0, 0}};
    for (long t = 1; t <= STEPS; t++) {
        float before[N];
        const double size = exp(-pow((double)(t - 50) / 40.0, 2.0)) * 10.0;
        for (int i = 0; i < N; i++) {
            before[i] = v_max[i];
            g[i] = (float)(size * sin((double)t * (i + 1)) * (i + 1));
            exact[i] = oracle_amsgrad(CORRECT, h, t, exact[i], g[i]);
        }
        amsgrad_step(w, g, m, v, v_max, N, h.lr, h.beta1, h.beta2, h.eps, t);
        for (int i = 0; i < N; i++) {
            struct at where = AT("amsgrad_step", SECTION_AMS);
            where.index = i;
            where.step = t;
            where.quantity = "v_max";
            where.hint = "v_max must be the largest v so far: v_max = max(v_max, v), stored";
            expect_that(where, v_max[i] >= before[i] && v_max[i] >= v[i],
                        "v_max went from %g to %g with v = %g: it may only stay or grow, and "
                        "never be below v", (double)before[i], (double)v_max[i], (double)v[i]);
        }
    }
    for (int i = 0; i < N; i++) {
        struct at where = AT("amsgrad_step", SECTION_AMS);
        where.index = i;
        where.step = STEPS;
        where.quantity = "w";
        where.hint = "the property holds but the path differs from the formula's: "
                     "check the step against the section";
        expect_close_tol(where, exact[i].w, w[i], 0.0, 1e-5 * h.lr * STEPS);
    }
}

static void test_amsgrad_from_the_middle_of_a_run(void **state)
{
    (void)state;
    /* t = 40 with given state: coordinates 0 and 2 have v_max above the new
     * v (the maximum decides), 1 and 3 below (the new v becomes the
     * maximum). Expected values from oracle_amsgrad. */
    const struct hyper h = {0.02f, 0.9f, 0.999f, 1e-8f, 0.0f};
    const struct coordinate start[4] = {
        {0.5, 0.1, 0.01, 0.5}, {-1.0, -0.3, 0.2, 0.1}, {2.0, 0.02, 1e-4, 0.04}, {0.0, 1.0, 4.0, 0.0}};
    const float g[4] = {0.2f, -1.5f, 0.01f, 30.0f};
    check_one_step(AMSGRAD, h, 40, 4, start, g, 1.0);
}

/* ---- Nadam ---------------------------------------------------------------------- */

static void test_nadam_first_step_by_hand(void **state)
{
    (void)state;
    /* t = 1, lr = 0.1, betas (0.9, 0.999), eps 1e-8, psi = 0.004.
     *   0.96^0.004 = exp(0.004 ln 0.96) = 0.99983673, so
     *   mu_1 = 0.9 (1 - 0.5 * 0.99983673) = 0.45007347;
     *   0.96^0.008 = 0.99967348, mu_2 = 0.9 (1 - 0.49983674) = 0.45014694;
     *   *mu_product = 1 * mu_1 = 0.45007347, and mu_1 mu_2 = 0.20259919.
     *   m = 0.1 g, v = 0.001 g^2, sqrt(v / 0.001) = |g|, so
     *   delta w = -0.1 [ (1 - mu_1)/(1 - mu_1) * g/|g|
     *                    + mu_2/(1 - 0.20259919) * 0.1 g/|g| ]
     *           = -0.1 * sign(g) * (1 + 0.0564518) = -0.10564518 sign(g).
     * The first step is 5.6 % longer than Adam's: the look-ahead adds part
     * of the next step's momentum. (With mu counted twice in the product,
     * 1 - mu_1^2 mu_2 = 0.9088152 and the step is 0.10495313.) */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.004f};
    float w[3] = {1.0f, -2.0f, 0.5f}, m[3] = {0}, v[3] = {0};
    const float g[3] = {3.0f, -0.25f, 1e-3f};
    double mu_product = 1.0;
    nadam_step(w, g, m, v, &mu_product, 3, h.lr, h.beta1, h.beta2, h.eps, h.psi, 1);
    const double expected[3] = {1.0 - 0.10564518, -2.0 + 0.10564518, 0.5 - 0.10564518};
    for (int i = 0; i < 3; i++) {
        struct at where = AT("nadam_step", SECTION_NADAM);
        where.index = i;
        where.step = 1;
        where.quantity = "w";
        const struct coordinate start = {i == 0 ? 1.0 : i == 1 ? -2.0 : 0.5, 0, 0, 0};
        const enum mistake guess = diagnose(NADAM, h, 1, start, 1.0, g[i], 0, w[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "the first step is lr (1 + mu_2 (1 - beta1)/"
                                        "(1 - mu_1 mu_2)) = 1.0564518 lr against the gradient";
        /* 1e-5 of the step for the 1e-8 eps against |g| = 1e-3. */
        expect_close_tol(where, expected[i], w[i], 0.0, 2e-6);
    }
    struct at where = AT("nadam_step", SECTION_NADAM);
    where.quantity = "*mu_product";
    where.step = 1;
    where.hint = "after the first step *mu_product = mu_1 = 0.45007347: multiply it by mu once";
    expect_close_tol(where, 0.45007347, mu_product, 1e-7, 0.0);
}

static void test_nadam_from_the_middle_of_a_run(void **state)
{
    (void)state;
    /* t = 10 with given m and v, lr = 0.01, psi = 0.004, and *mu_product =
     * mu_1 ... mu_9 computed here from the schedule (about 9e-4: by now
     * 1 - mu_product is close to 1). Expected values from oracle_nadam;
     * then t = 3 with psi = 0.1 and *mu_product = mu_1 mu_2, where the
     * schedule has moved: mu_3 = 0.9 (1 - 0.5 * 0.96^0.3) = 0.4611. */
    struct hyper h = {0.01f, 0.9f, 0.999f, 1e-8f, 0.004f};
    double product = 1.0;
    for (long i = 1; i < 10; i++)
        product *= oracle_mu(h, (double)i);
    const struct coordinate start[4] = {
        {0.5, 0.1, 0.01, 0}, {-1.0, -0.3, 0.2, 0}, {2.0, 0.02, 1e-4, 0}, {0.0, 1.0, 4.0, 0}};
    const float g[4] = {0.2f, -1.5f, 0.01f, 3.0f};
    check_one_step(NADAM, h, 10, 4, start, g, product);
    h.psi = 0.1f;
    product = oracle_mu(h, 1.0) * oracle_mu(h, 2.0);
    check_one_step(NADAM, h, 3, 4, start, g, product);
}

/* ---- AdaMax --------------------------------------------------------------------- */

static void test_adamax_two_steps_by_hand(void **state)
{
    (void)state;
    /* lr = 0.1, betas (0.9, 0.999), eps = 1e-8, w from 1.
     * Step 1, g = 2: m = 0.2, u = max(0, 2 + 1e-8) = 2.00000001,
     *   w = 1 - (0.1/0.1) * 0.2 / 2.00000001 = 0.9 (again lr at first).
     * Step 2, g = -0.5: m = 0.18 - 0.05 = 0.13,
     *   u = max(0.999 * 2.00000001, 0.50000001) = 1.99800001 (the old
     *   maximum, decayed, still wins),
     *   w = 0.9 - (0.1/0.19) * 0.13 / 1.998 = 0.9 - 0.0342447 = 0.8657553.
     * The gradient turned negative but m is still positive: w keeps falling. */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.0f};
    float w[1] = {1.0f}, m[1] = {0.0f}, u[1] = {0.0f};
    const float g1[1] = {2.0f}, g2[1] = {-0.5f};
    adamax_step(w, g1, m, u, 1, h.lr, h.beta1, h.beta2, h.eps, 1);
    struct at where = AT("adamax_step", SECTION_MAX);
    where.index = 0;
    where.step = 1;
    where.quantity = "w";
    const struct coordinate zero = {1.0, 0.0, 0.0, 0.0};
    where.hint = mistake_hint[diagnose(ADAMAX, h, 1, zero, 1.0, 2.0, 0, w[0])];
    expect_close_tol(where, 0.9, w[0], 1e-6, 1e-9);
    where.quantity = "u";
    where.hint = "u = max(beta2 * u, |g| + eps): 2 after the first step";
    expect_close_tol(where, 2.0, u[0], 1e-6, 1e-12);
    adamax_step(w, g2, m, u, 1, h.lr, h.beta1, h.beta2, h.eps, 2);
    where.step = 2;
    where.quantity = "w";
    const struct coordinate after_one = {0.9, 0.2, 2.0, 0.0};
    where.hint = mistake_hint[diagnose(ADAMAX, h, 2, after_one, 1.0, -0.5, 0, w[0])];
    expect_close_tol(where, 0.8657553, w[0], 1e-6, 1e-7);
    where.quantity = "u";
    where.hint = "u = max(0.999 * 2, 0.5 + eps) = 1.998: the decayed maximum wins";
    expect_close_tol(where, 1.998, u[0], 1e-6, 1e-12);
    where.quantity = "m";
    where.hint = "m = 0.9 * 0.2 + 0.1 * (-0.5) = 0.13, uncorrected";
    expect_close_tol(where, 0.13, m[0], 1e-6, 1e-12);
}

static void test_adamax_u_never_below_abs_g_plus_eps(void **state)
{
    (void)state;
    /* 300 steps of gradients with sizes from 0 to 100 (one coordinate gets
     * only zeros). After every step, u >= |g| + eps and u >= beta2 * u_old
     * (in float, u is the larger of the two floats, so the comparison is
     * exact), u > 0, and w stays finite: a zero gradient from a zero state
     * gives u = eps and a step of 0 / eps = 0. */
    enum { N = 5, STEPS = 300 };
    const struct hyper h = {0.002f, 0.9f, 0.999f, 1e-8f, 0.0f};
    float w[N] = {0}, m[N] = {0}, u[N] = {0}, g[N];
    for (long t = 1; t <= STEPS; t++) {
        float before[N];
        for (int i = 0; i < N; i++) {
            before[i] = u[i];
            g[i] = i == 0 ? 0.0f : (float)(pow(10.0, i - 2) * sin(0.7 * (double)t * i));
        }
        adamax_step(w, g, m, u, N, h.lr, h.beta1, h.beta2, h.eps, t);
        for (int i = 0; i < N; i++) {
            struct at where = AT("adamax_step", SECTION_MAX);
            where.index = i;
            where.step = t;
            where.quantity = "u";
            where.hint = "u = max(beta2 * u, |g| + eps), stored in u";
            const float floor = fabsf(g[i]) + h.eps;
            expect_that(where, u[i] >= floor && u[i] >= h.beta2 * before[i] && u[i] > 0.0f,
                        "u = %g after u = %g and g = %g: it must be at least |g| + eps = %g "
                        "and at least beta2 * u_old = %g",
                        (double)u[i], (double)before[i], (double)g[i], (double)floor,
                        (double)(h.beta2 * before[i]));
            where.quantity = "w";
            where.hint = "w must stay finite: u is at least eps, never zero";
            expect_that(where, isfinite(w[i]), "w = %g", (double)w[i]);
        }
    }
    struct at where = AT("adamax_step", SECTION_MAX);
    where.index = 0;
    where.quantity = "w";
    where.hint = "a coordinate whose gradient is always zero must not move";
    expect_exact(where, 0.0f, w[0]);
}

static void test_adamax_from_the_middle_of_a_run(void **state)
{
    (void)state;
    /* t = 25 with given state: coordinates 0 and 2 keep their decayed
     * maximum, 1 and 3 take the new |g| + eps. Expected from oracle_adamax.
     * Then the same with eps = 0.01, where its place shows: for coordinate
     * 0, u = max(0.999 * 2, 0.2 + 0.01) = 1.998, while max(1.998, 0.2) +
     * 0.01 would be 2.008. */
    struct hyper h = {0.002f, 0.9f, 0.999f, 1e-8f, 0.0f};
    const struct coordinate start[4] = {
        {0.5, 0.1, 2.0, 0}, {-1.0, -0.3, 0.2, 0}, {2.0, 0.02, 0.5, 0}, {0.0, 1.0, 1.0, 0}};
    const float g[4] = {0.2f, -1.5f, 0.01f, 3.0f};
    check_one_step(ADAMAX, h, 25, 4, start, g, 1.0);
    h.eps = 0.01f;
    check_one_step(ADAMAX, h, 25, 4, start, g, 1.0);
}

/* ---- 1 000 steps against PyTorch ----------------------------------------------- */

/* Replays a reference run: the gradient g = h * (w - c) + s * ((t mod 7) - 3)
 * is formed in float exactly as the script forms it, and w and the state
 * are compared with PyTorch at the checkpoints.
 *
 * Tolerances. PyTorch orders the float operations differently (lesson 08),
 * and keeps Nadam's mu_product as a float32 number where we keep a double,
 * so single steps differ in the last digits and v (or u) by about 1e-5 of
 * itself. Measured with the reference solution, beyond float rounding of w
 * (1.2e-7 |w|): w within 6e-6 * lr * t at every checkpoint (Nadam; 6e-7
 * for AMSGrad, 1e-7 for AdaMax), v and u within 2e-5 of themselves, m
 * within 1e-4 of |m| + |g| (where h = 1000, a last-digit difference in w
 * changes g by 1e-4). We allow w 2e-5 * lr * t plus float rounding of w,
 * v and u 1e-4 of themselves, m 1e-4 of itself plus 1e-3 of |g|. Every
 * mistake in oracle.h changes an early step by 0.5 % of lr or more. */
static void replay_reference(enum kernel kernel, const char *run, struct hyper h,
                             const double (*ref_w)[REF_N], const double (*ref_m)[REF_N],
                             const double (*ref_v)[REF_N], const double (*ref_extra)[REF_N])
{
    float w[REF_N], m[REF_N] = {0}, v[REF_N] = {0}, extra[REF_N] = {0}, g[REF_N];
    double mu_product = 1.0;
    for (int i = 0; i < REF_N; i++)
        w[i] = ref_w0[i];
    int checkpoint = 0;
    for (long t = 1; t <= REF_STEPS; t++) {
        for (int i = 0; i < REF_N; i++) {
            g[i] = ref_h[i] * (w[i] - ref_c[i]);
            g[i] = g[i] + ref_s[i] * (float)((t % 7) - 3);
        }
        if (kernel == AMSGRAD)
            amsgrad_step(w, g, m, v, extra, REF_N, h.lr, h.beta1, h.beta2, h.eps, t);
        else if (kernel == NADAM)
            nadam_step(w, g, m, v, &mu_product, REF_N, h.lr, h.beta1, h.beta2, h.eps, h.psi, t);
        else
            adamax_step(w, g, m, v, REF_N, h.lr, h.beta1, h.beta2, h.eps, t);
        if (t != ref_checkpoint_step[checkpoint])
            continue;
        for (int i = 0; i < REF_N; i++) {
            struct at where = AT(kernel_name[kernel], kernel_section[kernel]);
            where.index = i;
            where.step = t;
            where.hint = run;
            where.quantity = "w";
            expect_close_tol(where, ref_w[checkpoint][i], w[i], 0.0,
                             2e-5 * h.lr * (double)t + 1.2e-7 * fabs(ref_w[checkpoint][i]));
            const double g_size = fabs((double)ref_h[i] * ((double)w[i] - ref_c[i])) +
                                  3.0 * fabs((double)ref_s[i]);
            where.quantity = "m";
            expect_close_tol(where, ref_m[checkpoint][i], m[i], 1e-4, 1e-3 * g_size + 1e-30);
            where.quantity = kernel == ADAMAX ? "u" : "v";
            expect_close_tol(where, ref_v[checkpoint][i], v[i], 1e-4, 1e-30);
            if (ref_extra != NULL) {
                where.quantity = "v_max";
                expect_close_tol(where, ref_extra[checkpoint][i], extra[i], 1e-4, 1e-30);
            }
        }
        checkpoint++;
    }
}

static void test_amsgrad_matches_pytorch(void **state)
{
    (void)state;
    const struct hyper h = {ref_a_lr, ref_a_beta1, ref_a_beta2, ref_a_eps, 0.0f};
    replay_reference(AMSGRAD,
                     "torch.optim.Adam(lr=1e-2, betas=(0.9, 0.99), amsgrad=True) gave this; the "
                     "earliest failing test above names the mistake",
                     h, ref_a_w, ref_a_state0, ref_a_state1, ref_a_state2);
}

static void test_nadam_matches_pytorch(void **state)
{
    (void)state;
    const struct hyper h = {ref_n_lr, ref_n_beta1, ref_n_beta2, ref_n_eps,
                            ref_n_momentum_decay};
    replay_reference(NADAM,
                     "torch.optim.NAdam() with its defaults gave this; the earliest failing "
                     "test above names the mistake",
                     h, ref_n_w, ref_n_state0, ref_n_state1, NULL);
}

static void test_adamax_matches_pytorch(void **state)
{
    (void)state;
    const struct hyper h = {ref_x_lr, ref_x_beta1, ref_x_beta2, ref_x_eps, 0.0f};
    replay_reference(ADAMAX,
                     "torch.optim.Adamax(lr=2e-2, betas=(0.8, 0.99), eps=1e-6) gave this; the "
                     "earliest failing test above names the mistake",
                     h, ref_x_w, ref_x_state0, ref_x_state1, NULL);
}

/* ---- Questions: the exercises answered in answers.txt --------------------------- */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0xccb3ab77268bd140ULL,
                         "how much Adam's effective rate climbs per period with beta2 = 0.999");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x9a4a6179c572893cULL,
                         "AMSGrad's step over Adam's at t = 10000 (3 significant digits)");
}

static void test_question_ex5(void **state)
{
    (void)state;
    expect_answer_number("ex5", 3, 0x59ef776ed0a71871ULL,
                         "the average regret at x = +1 in Part 2 (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"amsgrad_two_steps_by_hand", test_amsgrad_two_steps_by_hand, 10, 2,
     "two AMSGrad steps by hand: v falls, v_max does not"},
    {"amsgrad_denominator_never_decreases", test_amsgrad_denominator_never_decreases, 10, 2,
     "over 300 steps v_max never decreases and never falls below v"},
    {"amsgrad_from_the_middle_of_a_run", test_amsgrad_from_the_middle_of_a_run, 5, 2,
     "step t = 40 from a given state"},
    {"nadam_first_step_by_hand", test_nadam_first_step_by_hand, 10, 2,
     "the first Nadam step is 1.0564518 lr; *mu_product becomes mu_1"},
    {"nadam_from_the_middle_of_a_run", test_nadam_from_the_middle_of_a_run, 10, 2,
     "steps t = 10 and t = 3 from given states and momentum products"},
    {"adamax_two_steps_by_hand", test_adamax_two_steps_by_hand, 10, 2,
     "two AdaMax steps by hand: the decayed maximum outlives a smaller gradient"},
    {"adamax_u_never_below_abs_g_plus_eps", test_adamax_u_never_below_abs_g_plus_eps, 10, 2,
     "over 300 steps u >= |g| + eps and u >= beta2 u_old; zero gradients stay put"},
    {"adamax_from_the_middle_of_a_run", test_adamax_from_the_middle_of_a_run, 5, 2,
     "step t = 25 from a given state"},
    {"amsgrad_matches_pytorch", test_amsgrad_matches_pytorch, 10, 5,
     "1000 steps agree with torch.optim.Adam(amsgrad=True)"},
    {"nadam_matches_pytorch", test_nadam_matches_pytorch, 10, 5,
     "1000 steps agree with torch.optim.NAdam (its documented formula)"},
    {"adamax_matches_pytorch", test_adamax_matches_pytorch, 10, 5,
     "1000 steps agree with torch.optim.Adamax"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: AMSGrad's price"},
    {"question_ex5", test_question_ex5, 5, 2, "exercise 5: the regret of the worst point"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
