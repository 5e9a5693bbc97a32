/* Lesson 11, public tests: AdamW against L2 regularisation inside Adam.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from an oracle written here in double precision straight from the
 * lesson's formulas, or from PyTorch (tests/11-weight-decay/reference/,
 * produced by make_reference.py with torch.optim.Adam(weight_decay) and
 * torch.optim.AdamW in float32); none is produced by the code under test.
 *
 * The same oracle also computes what each common mistake would give, so
 * that a wrong result can be matched to the mistake that explains it and
 * the message can name that mistake. */
#include "harness.h"
#include "lessons.h"

#include "reference/reference.h"

#include <math.h>
#include <stdio.h>

#define SECTION_PLACES "Two places for the decay"
#define SECTION_SGD "For SGD the two are the same"
#define SECTION_ADAM "For Adam they are not"
#define SECTION_TESTING "Testing your code"

/* ---- The oracle and the common mistakes ---------------------------------- */

enum kernel { L2, DECOUPLED };

static const char *const kernel_name[2] = {"adam_l2_step", "adamw_step"};

enum mistake {
    CORRECT,
    NO_DECAY,        /* weight_decay ignored: plain Adam */
    L2_ONLY_IN_M,    /* L2: g + wd*w in m, but g alone in v */
    L2_HALVED,       /* L2: g + (wd/2)*w, the gradient of (wd/4)*w^2 */
    DECAY_NO_LR,     /* AdamW: w * (1 - wd) instead of w * (1 - lr*wd) */
    DECAY_AFTER,     /* AdamW: the decay applied to the weight after the Adam step */
    DECAY_SIGN,      /* g - wd*w, or w * (1 + lr*wd) */
    OTHER_METHOD,    /* adam_l2_step written as AdamW, or adamw_step as L2 (tried late: */
                     /* on some first steps it coincides with a more specific mistake) */
    T_FROM_ZERO,     /* beta^(t-1) in the corrections */
    MISTAKE_COUNT
};

static const char *const mistake_hint[MISTAKE_COUNT] = {
    [CORRECT] = "see the update in the section named below",
    [NO_DECAY] = "this matches plain Adam: weight_decay was not used",
    [OTHER_METHOD] = "this matches the other method: adam_l2_step adds weight_decay * w to the "
                     "gradient before the moments; adamw_step multiplies w by "
                     "(1 - lr * weight_decay) and keeps the decay out of m and v",
    [DECAY_SIGN] = "this matches the decay with the wrong sign: the decay pulls w towards zero "
                   "(g + wd*w, or w * (1 - lr*wd))",
    [DECAY_NO_LR] = "this matches w * (1 - weight_decay): PyTorch's AdamW scales the decay by "
                    "the learning rate, w * (1 - lr * weight_decay)",
    [DECAY_AFTER] = "this matches decaying the weight after the Adam step: shrink w first, "
                    "w * (1 - lr*wd), then subtract the Adam step (as torch.optim.AdamW does)",
    [L2_ONLY_IN_M] = "this matches g + wd*w in m but g alone in v: both moments see the "
                     "regularised gradient gw = g + wd*w",
    [L2_HALVED] = "this matches g + (wd/2)*w: the penalty (wd/2)*w^2 has the gradient wd*w, "
                  "so add weight_decay * w[i] in full",
    [T_FROM_ZERO] = "this matches beta^(t-1) in the corrections: t already counts from 1",
};

struct hyper {
    float lr, beta1, beta2, eps, wd;
};

struct coordinate {
    double w, m, v;
};

/* One step on one coordinate, in double, from the lesson's formulas (or as
 * the given mistake would do it). The hyperparameters are the floats the
 * student's code receives. */
static struct coordinate oracle(enum kernel kernel, enum mistake mistake, struct hyper h,
                                long t, struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2, lr = h.lr;
    double wd = h.wd;
    enum kernel method = kernel;
    if (mistake == NO_DECAY)
        wd = 0.0;
    if (mistake == DECAY_SIGN)
        wd = -wd;
    if (mistake == OTHER_METHOD)
        method = kernel == L2 ? DECOUPLED : L2;
    double w = before.w, gradient = g, gradient_for_v = g;
    if (method == L2) {
        gradient = g + (mistake == L2_HALVED ? 0.5 * wd : wd) * before.w;
        gradient_for_v = mistake == L2_ONLY_IN_M ? g : gradient;
    } else if (mistake == DECAY_NO_LR) {
        w = w * (1.0 - wd);
    } else if (mistake != DECAY_AFTER) {
        w = w * (1.0 - lr * wd);
    }
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * gradient;
    after.v = beta2 * before.v + (1.0 - beta2) * gradient_for_v * gradient_for_v;
    const long power = mistake == T_FROM_ZERO ? t - 1 : t;
    const double m_hat = after.m / (1.0 - pow(beta1, (double)power));
    const double v_hat = after.v / (1.0 - pow(beta2, (double)power));
    after.w = w - lr * m_hat / (sqrt(v_hat) + h.eps);
    if (method == DECOUPLED && mistake == DECAY_AFTER)
        after.w *= 1.0 - lr * wd;
    return after;
}

/* The allowed error of a new w: 1e-4 of the change (the step may differ from
 * the double oracle by a few float roundings of m, v, the corrections and
 * the decay factor) plus float rounding of w itself. Every mistake above
 * changes the tested steps by 1 % or more. */
static double w_tolerance(double w_before, double w_expected)
{
    return 1e-4 * fabs(w_expected - w_before) + 2.4e-7 * fabs(w_expected) + 1e-30;
}

static double moment_tolerance(double expected) { return 2e-6 * fabs(expected) + 1e-30; }

static double pick(struct coordinate c, int quantity)
{
    return quantity == 0 ? c.w : quantity == 1 ? c.m : c.v;
}

/* The mistake whose prediction matches what came out, or CORRECT when none
 * does. quantity 0 is w, 1 is m, 2 is v. */
static enum mistake diagnose(enum kernel kernel, struct hyper h, long t, struct coordinate before,
                             double g, int quantity, double got)
{
    const double right = pick(oracle(kernel, CORRECT, h, t, before, g), quantity);
    if (!isfinite(got))
        return t == 1 ? T_FROM_ZERO : CORRECT;
    for (int k = CORRECT + 1; k < MISTAKE_COUNT; k++) {
        const double value = pick(oracle(kernel, (enum mistake)k, h, t, before, g), quantity);
        const double tolerance = quantity == 0 ? w_tolerance(before.w, value)
                                               : moment_tolerance(value);
        if (fabs(value - right) > tolerance && fabs(got - value) <= tolerance)
            return (enum mistake)k;
    }
    return CORRECT;
}

/* The one mistake that explains EVERY value that came out (w, m and v of
 * all n coordinates), or CORRECT when none does. One value alone can
 * mislead: on a first step Adam moves w by about lr whatever the gradient's
 * size, so a halved L2 term often gives plain Adam's w; its m tells them
 * apart. */
static enum mistake diagnose_all(enum kernel kernel, struct hyper h, long t, size_t n,
                                 const float *w0, const float *g0, const float *m0,
                                 const float *v0, const float *w, const float *m, const float *v)
{
    for (int k = CORRECT + 1; k < MISTAKE_COUNT; k++) {
        int explains_all = 1, differs = 0;
        for (size_t i = 0; i < n && explains_all; i++) {
            const struct coordinate before = {w0[i], m0[i], v0[i]};
            const struct coordinate right = oracle(kernel, CORRECT, h, t, before, g0[i]);
            const struct coordinate wrong = oracle(kernel, (enum mistake)k, h, t, before, g0[i]);
            for (int quantity = 0; quantity < 3; quantity++) {
                const double value = pick(wrong, quantity);
                const double got = quantity == 0 ? w[i] : quantity == 1 ? m[i] : v[i];
                const double tolerance = quantity == 0 ? w_tolerance(before.w, value)
                                                       : moment_tolerance(value);
                explains_all = explains_all && fabs(got - value) <= tolerance;
                differs = differs || fabs(value - pick(right, quantity)) > tolerance;
            }
        }
        if (explains_all && differs)
            return (enum mistake)k;
    }
    return CORRECT;
}

static void run_kernel(enum kernel kernel, float *w, const float *g, float *m, float *v,
                       size_t n, struct hyper h, long t)
{
    if (kernel == L2)
        adam_l2_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, t);
    else
        adamw_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, t);
}

/* Runs one kernel on n coordinates from the given state and checks w, m and
 * v against the oracle, then that g was left alone. */
static void check_one_step(enum kernel kernel, struct hyper h, long t, size_t n, const float *w0,
                           const float *g0, const float *m0, const float *v0, const char *section)
{
    enum { MAX = 16 };
    float w[MAX], g[MAX], m[MAX], v[MAX];
    for (size_t i = 0; i < n; i++) {
        w[i] = w0[i];
        g[i] = g0[i];
        m[i] = m0[i];
        v[i] = v0[i];
    }
    run_kernel(kernel, w, g, m, v, n, h, t);
    const enum mistake overall = diagnose_all(kernel, h, t, n, w0, g0, m0, v0, w, m, v);
    const char *names[3] = {"w", "m", "v"};
    for (int quantity = 0; quantity < 3; quantity++) {
        for (size_t i = 0; i < n; i++) {
            const struct coordinate before = {w0[i], m0[i], v0[i]};
            const double expected = pick(oracle(kernel, CORRECT, h, t, before, g0[i]), quantity);
            const double got = quantity == 0 ? w[i] : quantity == 1 ? m[i] : v[i];
            struct at where = AT(kernel_name[kernel], section);
            where.quantity = names[quantity];
            where.index = (long)i;
            where.step = t;
            const enum mistake guess = overall != CORRECT
                                           ? overall
                                           : diagnose(kernel, h, t, before, g0[i], quantity, got);
            where.hint = mistake_hint[guess];
            if (guess == CORRECT)
                where.hint = kernel == L2
                                 ? "gw = g + wd*w; m, v from gw; w -= lr*m_hat/(sqrt(v_hat)+eps)"
                                 : "w *= 1 - lr*wd; m, v from g alone; "
                                   "w -= lr*m_hat/(sqrt(v_hat)+eps)";
            const double tolerance = quantity == 0 ? w_tolerance(before.w, expected)
                                                   : moment_tolerance(expected);
            expect_close_tol(where, expected, got, 0.0, tolerance);
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct at where = AT(kernel_name[kernel], section);
        where.quantity = "g";
        where.index = (long)i;
        where.hint = "g is an input: read it, never write it";
        expect_exact(where, g0[i], g[i]);
    }
}

/* ---- Hand-computed first steps --------------------------------------------- */

static void test_adam_l2_first_step_by_hand(void **state)
{
    (void)state;
    /* t = 1 from m = v = 0, lr = 0.1, wd = 0.5, default betas and eps.
     * The regularised gradient gw = g + 0.5 w; on the first step
     * m_hat = gw and v_hat = gw^2, so w moves by -0.1 * gw / (|gw| + 1e-8):
     *   w = 2,  g = 3:    gw = 4,    m = 0.4,   v = 0.016,  w = 2 - 0.1 = 1.9
     *   w = 2,  g = -3:   gw = -2,   m = -0.2,  v = 0.004,  w = 2 + 0.1 = 2.1
     *   w = 4,  g = -2:   gw = 0,    m = 0,     v = 0,      w = 4 (the L2 pull
     *                     cancels the gradient exactly: nothing moves)
     *   w = -1, g = 0:    gw = -0.5, m = -0.05, v = 0.00025, w = -1 + 0.1 = -0.9
     * The decay enters Adam as a gradient, so it too moves w by lr at first. */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.5f};
    const float w[4] = {2.0f, 2.0f, 4.0f, -1.0f}, g[4] = {3.0f, -3.0f, -2.0f, 0.0f};
    const float zero[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const double expected[4] = {1.9, 2.1, 4.0, -0.9};
    float w1[4] = {w[0], w[1], w[2], w[3]}, m[4] = {0}, v[4] = {0};
    adam_l2_step(w1, g, m, v, 4, h.lr, h.beta1, h.beta2, h.eps, h.wd, 1);
    const enum mistake overall = diagnose_all(L2, h, 1, 4, w, g, zero, zero, w1, m, v);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("adam_l2_step", SECTION_PLACES);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        const struct coordinate before = {w[i], 0.0, 0.0};
        const enum mistake guess =
            overall != CORRECT ? overall : diagnose(L2, h, 1, before, g[i], 0, w1[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "gw = g + wd*w, and the first step moves w by "
                                        "lr * gw / (|gw| + eps)";
        expect_close_tol(where, expected[i], w1[i], 1e-6, 1e-7);
    }
    check_one_step(L2, h, 1, 4, w, g, zero, zero, SECTION_PLACES);
}

static void test_adamw_first_step_by_hand(void **state)
{
    (void)state;
    /* The same numbers with adamw_step: lr = 0.1, wd = 0.5, so the decay
     * factor is 1 - 0.1 * 0.5 = 0.95, and the Adam step of the first
     * iteration is -0.1 * g / (|g| + 1e-8) from g alone:
     *   w = 2,  g = 3:    2 * 0.95 - 0.1 = 1.8,   m = 0.3,  v = 0.009
     *   w = 2,  g = -3:   2 * 0.95 + 0.1 = 2.0,   m = -0.3, v = 0.009
     *   w = 4,  g = -2:   4 * 0.95 + 0.1 = 3.9,   m = -0.2, v = 0.004
     *   w = -1, g = 0:    -1 * 0.95 - 0  = -0.95, m = 0,    v = 0
     * Compare with adam_l2_step: (1.9, 2.1, 4, -0.9). */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f, 0.5f};
    const float w[4] = {2.0f, 2.0f, 4.0f, -1.0f}, g[4] = {3.0f, -3.0f, -2.0f, 0.0f};
    const float zero[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const double expected[4] = {1.8, 2.0, 3.9, -0.95};
    float w1[4] = {w[0], w[1], w[2], w[3]}, m[4] = {0}, v[4] = {0};
    adamw_step(w1, g, m, v, 4, h.lr, h.beta1, h.beta2, h.eps, h.wd, 1);
    const enum mistake overall = diagnose_all(DECOUPLED, h, 1, 4, w, g, zero, zero, w1, m, v);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("adamw_step", SECTION_PLACES);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        const struct coordinate before = {w[i], 0.0, 0.0};
        const enum mistake guess =
            overall != CORRECT ? overall : diagnose(DECOUPLED, h, 1, before, g[i], 0, w1[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "w * (1 - lr*wd), then the Adam step of g alone";
        expect_close_tol(where, expected[i], w1[i], 1e-6, 1e-7);
    }
    check_one_step(DECOUPLED, h, 1, 4, w, g, zero, zero, SECTION_PLACES);
}

/* ---- A step from the middle of a run ---------------------------------------- */

static void test_both_kernels_from_the_middle_of_a_run(void **state)
{
    (void)state;
    /* Step t = 7 with non-zero m and v, lr = 0.05, wd = 0.2. By hand for
     * coordinate 0 (w = 1.5, g = 0.4, m = 0.3, v = 0.05):
     *   corrections 1 - 0.9^7 = 0.5217031, 1 - 0.999^7 = 0.0069790
     *   L2:    gw = 0.4 + 0.2 * 1.5 = 0.7
     *          m = 0.27 + 0.07 = 0.34,  v = 0.04995 + 0.00049 = 0.05044
     *          m_hat = 0.651711, sqrt(v_hat) = sqrt(7.227396) = 2.688382
     *          w = 1.5 - 0.05 * 0.242418 = 1.4878791
     *   AdamW: w = 1.5 * (1 - 0.01) = 1.485
     *          m = 0.27 + 0.04 = 0.31,  v = 0.04995 + 0.00016 = 0.05011
     *          m_hat = 0.594207, sqrt(v_hat) = sqrt(7.180112) = 2.679573
     *          w = 1.485 - 0.05 * 0.221754 = 1.4739123
     * The other coordinates come from the oracle above, which also checks
     * these two numbers. */
    const struct hyper h = {0.05f, 0.9f, 0.999f, 1e-8f, 0.2f};
    const float w[5] = {1.5f, -0.5f, 3.0f, 0.25f, -2.0f};
    const float g[5] = {0.4f, 0.02f, -1.0f, 0.0f, 5.0f};
    const float m[5] = {0.3f, 0.01f, -0.4f, 0.05f, 1.0f};
    const float v[5] = {0.05f, 0.001f, 0.5f, 0.002f, 9.0f};
    const struct coordinate first = {1.5, 0.3, 0.05};
    struct at where = AT("the test's own oracle", SECTION_PLACES);
    where.quantity = "w";
    expect_close_tol(where, 1.4878791, oracle(L2, CORRECT, h, 7, first, 0.4).w, 0.0, 2e-7);
    expect_close_tol(where, 1.4739123, oracle(DECOUPLED, CORRECT, h, 7, first, 0.4).w, 0.0, 2e-7);
    check_one_step(L2, h, 7, 5, w, g, m, v, SECTION_PLACES);
    check_one_step(DECOUPLED, h, 7, 5, w, g, m, v, SECTION_PLACES);
}

/* ---- The decay is decoupled ---------------------------------------------------- */

static void test_adamw_decay_is_decoupled(void **state)
{
    (void)state;
    /* adamw_step with weight_decay wd and with weight_decay 0, from the same
     * state: in exact arithmetic
     *   w(wd) = (1 - lr wd) w - step   and   w(0) = w - step,
     * with the same Adam step, so w(wd) - w(0) = -lr * wd * w, whatever m,
     * v and g are; and m and v must come out identical (the decay never
     * enters them). With L2 they would differ. t = 12, lr = 0.02, wd = 0.5:
     * the difference is -0.01 w. */
    const struct hyper h = {0.02f, 0.9f, 0.999f, 1e-8f, 0.5f};
    struct hyper no_decay = h;
    no_decay.wd = 0.0f;
    enum { N = 6 };
    const float w0[N] = {1.0f, -4.0f, 0.5f, 20.0f, -0.1f, 3.0f};
    const float g[N] = {0.5f, 3.0f, -0.01f, 100.0f, 0.0f, -2.0f};
    const float m0[N] = {0.2f, 1.0f, 0.0f, 50.0f, 0.01f, -1.0f};
    const float v0[N] = {0.1f, 4.0f, 1e-6f, 5000.0f, 1e-4f, 2.0f};
    float w_decay[N], m_decay[N], v_decay[N], w_plain[N], m_plain[N], v_plain[N];
    for (int i = 0; i < N; i++) {
        w_decay[i] = w_plain[i] = w0[i];
        m_decay[i] = m_plain[i] = m0[i];
        v_decay[i] = v_plain[i] = v0[i];
    }
    adamw_step(w_decay, g, m_decay, v_decay, N, h.lr, h.beta1, h.beta2, h.eps, h.wd, 12);
    adamw_step(w_plain, g, m_plain, v_plain, N, no_decay.lr, no_decay.beta1, no_decay.beta2,
               no_decay.eps, 0.0f, 12);
    for (int i = 0; i < N; i++) {
        struct at where = AT("adamw_step", SECTION_PLACES);
        where.step = 12;
        char difference[128];
        snprintf(difference, sizeof difference,
                 "w[%d] with weight_decay = %g minus w[%d] with weight_decay = 0", i,
                 (double)h.wd, i);
        where.quantity = difference;
        where.hint = "the decoupled decay subtracts exactly lr * wd * w, whatever the "
                     "gradient history: decay w first, by the factor (1 - lr*wd)";
        const double expected = -(double)h.lr * h.wd * w0[i];
        /* Two float results each rounded to half a unit of |w| and the step. */
        const double tolerance = 1e-6 * fabs(expected) + 2.4e-7 * (fabs(w0[i]) + 1.0) * 2.0;
        expect_close_tol(where, expected, (double)w_decay[i] - w_plain[i], 0.0, tolerance);
        where.index = i;
        where.quantity = "m";
        where.hint = "m must not depend on weight_decay in AdamW: update it with g alone";
        expect_exact(where, m_plain[i], m_decay[i]);
        where.quantity = "v";
        where.hint = "v must not depend on weight_decay in AdamW: update it with g alone";
        expect_exact(where, v_plain[i], v_decay[i]);
    }
}

/* ---- For SGD the two are the same ---------------------------------------------- */

static void test_sgd_limit_l2_equals_decay(void **state)
{
    (void)state;
    /* Section "For SGD the two are the same": with beta1 = 0 and an eps far
     * above every |gradient|, Adam's step lr * m_hat / (sqrt(v_hat) + eps)
     * is lr/eps * gradient to a relative error of |gradient|/eps: Adam has
     * become SGD with the rate eta = lr/eps. Here lr = 1000, eps = 1e4, so
     * eta = 0.1, and the gradients stay below 10: error below 1e-3.
     * For SGD, w - eta (g + lambda w) = (1 - eta lambda) w - eta g, so L2
     * with lambda equals a decay of eta lambda per step. AdamW's decay per
     * step is lr * wd; with lambda = 0.5 (eta lambda = 0.05) that is
     * wd = 0.05 / lr = 5e-5. 30 steps of both on f(w) = (w - c)^2 / 2 * h
     * must then follow the same path, which is also the SGD path computed
     * here in double: w <- 0.95 w - 0.1 g. */
    enum { N = 4, STEPS = 30 };
    const float lr = 1000.0f, eps = 1e4f, lambda = 0.5f, wd = 5e-5f;
    const double hs[N] = {1.0, 0.2, 3.0, 0.05}, cs[N] = {2.0, -1.0, 0.5, 4.0};
    float w_l2[N] = {0.0f, 1.0f, -2.0f, 3.0f}, w_w[N], m_l2[N] = {0}, v_l2[N] = {0};
    float m_w[N] = {0}, v_w[N] = {0}, g_l2[N], g_w[N];
    double w_sgd[N];
    for (int i = 0; i < N; i++) {
        w_w[i] = w_l2[i];
        w_sgd[i] = w_l2[i];
    }
    for (long t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            g_l2[i] = (float)(hs[i] * ((double)w_l2[i] - cs[i]));
            g_w[i] = (float)(hs[i] * ((double)w_w[i] - cs[i]));
            w_sgd[i] = w_sgd[i] - 0.1 * (hs[i] * (w_sgd[i] - cs[i]) + lambda * w_sgd[i]);
        }
        adam_l2_step(w_l2, g_l2, m_l2, v_l2, N, lr, 0.0f, 0.999f, eps, lambda, t);
        adamw_step(w_w, g_w, m_w, v_w, N, lr, 0.0f, 0.999f, eps, wd, t);
        if (t != 1 && t != 10 && t != STEPS)
            continue;
        for (int i = 0; i < N; i++) {
            /* The relative error of each step is below 1e-3 and the path
             * contracts, so the gap stays below 1e-3 of the distance moved
             * (at most |w0 - w*| < 5): 5e-3 absolute. */
            struct at where = AT("adam_l2_step", SECTION_SGD);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "with beta1 = 0 and a huge eps Adam is SGD with rate lr/eps; L2 must "
                         "then give w - (lr/eps)(g + wd*w)";
            expect_close_tol(where, w_sgd[i], w_l2[i], 0.0, 5e-3);
            where.function = "adamw_step";
            where.hint = "with beta1 = 0 and a huge eps AdamW is SGD with decay: "
                         "(1 - lr*wd) w - (lr/eps) g";
            expect_close_tol(where, w_sgd[i], w_w[i], 0.0, 5e-3);
        }
    }
}

/* ---- For Adam they are not --------------------------------------------------------- */

static void test_l2_decays_large_gradient_weights_less(void **state)
{
    (void)state;
    /* Two weights, both w = 1, at step t = 1000, with m = 0 and g = 0 now,
     * so only the decay acts; lr = 0.01, wd = 0.01, default betas. Weight 0
     * has seen large gradients (v = 100), weight 1 tiny ones (v = 1e-6).
     * Corrections: 1 - 0.9^1000 = 1 (to 1e-45), 1 - 0.999^1000 = 0.6323046.
     *   L2:  gw = 0.01 * 1 = 0.01, m = 0.001 for both.
     *        weight 0: v = 99.9 + 1e-7 = 99.9000001, sqrt(v_hat) = 12.5697
     *                  w = 1 - 0.01 * 0.001 / 12.5697 = 1 - 7.956e-7
     *        weight 1: v = 9.99e-7 + 1e-7 = 1.099e-6, sqrt(v_hat) = 1.31837e-3
     *                  w = 1 - 0.01 * 0.001 / 1.31837e-3 = 1 - 7.5851e-3
     *        The same L2 term moves weight 1 almost ten thousand times more.
     *   AdamW: both w = 1 * (1 - 1e-4) = 0.9999, and m stays 0, so no Adam
     *        step: the same decay for both, whatever their gradients were. */
    const struct hyper h = {0.01f, 0.9f, 0.999f, 1e-8f, 0.01f};
    const float w0[2] = {1.0f, 1.0f}, g[2] = {0.0f, 0.0f}, m0[2] = {0.0f, 0.0f};
    const float v0[2] = {100.0f, 1e-6f};
    float w_l2[2] = {1.0f, 1.0f}, m_l2[2] = {0}, v_l2[2] = {v0[0], v0[1]};
    float w_w[2] = {1.0f, 1.0f}, m_w[2] = {0}, v_w[2] = {v0[0], v0[1]};
    adam_l2_step(w_l2, g, m_l2, v_l2, 2, h.lr, h.beta1, h.beta2, h.eps, h.wd, 1000);
    adamw_step(w_w, g, m_w, v_w, 2, h.lr, h.beta1, h.beta2, h.eps, h.wd, 1000);
    const double expected_l2[2] = {1.0 - 7.956e-7, 1.0 - 7.5851e-3};
    for (int i = 0; i < 2; i++) {
        const struct coordinate before = {w0[i], m0[i], v0[i]};
        struct at where = AT("adam_l2_step", SECTION_ADAM);
        where.index = i;
        where.step = 1000;
        where.quantity = "1 - w";
        enum mistake guess = diagnose(L2, h, 1000, before, 0.0, 0, w_l2[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "the L2 term wd*w goes through m and v like a gradient "
                                        "and is divided by sqrt(v_hat)";
        expect_close_tol(where, 1.0 - expected_l2[i], 1.0 - (double)w_l2[i], 2e-3, 1.2e-7);
        where = AT("adamw_step", SECTION_ADAM);
        where.index = i;
        where.step = 1000;
        where.quantity = "w";
        guess = diagnose(DECOUPLED, h, 1000, before, 0.0, 0, w_w[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "AdamW shrinks every weight by the same factor "
                                        "1 - lr*wd = 0.9999, whatever its v";
        expect_close_tol(where, 0.9999, w_w[i], 0.0, 1.2e-7);
    }
    struct at where = AT("adam_l2_step", SECTION_ADAM);
    where.quantity = "decay of weight 1 / decay of weight 0";
    where.hint = "under L2 the weight with small gradients must be pulled much harder";
    const double ratio = (1.0 - (double)w_l2[1]) / (1.0 - (double)w_l2[0]);
    expect_that(where, ratio > 5000.0 && ratio < 15000.0,
                "the ratio is %.4g; by hand it is 7.5851e-3 / 7.956e-7 = 9534", ratio);
}

/* ---- Edge cases ------------------------------------------------------------------- */

static void test_edge_cases(void **state)
{
    (void)state;
    /* n = 0 touches nothing. With weight_decay = 0 both kernels are Adam:
     * one step from a given state must match the oracle with wd = 0
     * (first step: w moves by lr). A zero gradient on a zero weight gives
     * gw = 0 and no decay: nothing moves and nothing becomes NaN. */
    const struct hyper h0 = {0.1f, 0.9f, 0.999f, 1e-8f, 0.0f};
    for (int k = 0; k < 2; k++) {
        const enum kernel kernel = (enum kernel)k;
        float w[2] = {7.0f, 0.0f}, m[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f};
        const float g[2] = {1.0f, 0.0f};
        struct hyper h = h0;
        h.wd = 0.3f;
        run_kernel(kernel, w, g, m, v, 0, h, 1);
        struct at where = AT(kernel_name[kernel], SECTION_PLACES);
        where.quantity = "w";
        where.index = 0;
        where.hint = "with n = 0 there is nothing to update: loop over i < n only; a "
                     "changed value here is a write out of bounds: make test LESSON=11 "
                     "SAN=1 shows the line";
        expect_exact(where, 7.0f, w[0]);
        run_kernel(kernel, w, g, m, v, 2, h, 1);
        where.index = 1;
        where.step = 1;
        where.hint = "a zero weight with a zero gradient: no decay, no step, and no NaN "
                     "(0 / (0 + eps) = 0)";
        expect_exact(where, 0.0f, w[1]);
        const float w0[3] = {0.5f, -2.0f, 1.0f}, g0[3] = {0.3f, 0.1f, -4.0f};
        const float m0[3] = {0.1f, 0.0f, -1.0f}, v0[3] = {0.01f, 0.0001f, 2.0f};
        check_one_step(kernel, h0, 4, 3, w0, g0, m0, v0, SECTION_PLACES);
    }
}

/* ---- 1 000 steps against PyTorch ---------------------------------------------------- */

/* Replays one of the reference runs (see reference/make_reference.py): the
 * gradient g = h * (w - c) + s * ((t mod 5) - 2) is formed in float exactly
 * as the script forms it, and w, m, v are compared with PyTorch at the
 * checkpoints.
 *
 * Tolerances. PyTorch orders the float operations differently (lesson 08:
 * it divides sqrt(v) by sqrt(1 - beta2^t) and rounds 1 - beta2 to the float
 * 0.001f, while 1.0f - 0.999f is 0.00099998713), so single steps differ in
 * the last digits and v by 1.3e-5 of itself. The problems contract, so
 * these differences add up rather than grow. Measured with the reference
 * solution: w within 2.4e-6 * lr * t of PyTorch at every checkpoint, m
 * within 6e-6 of |m| + |g|, v within 1.5e-5 of v. We allow w
 * 2e-5 * lr * t, plus two float roundings of w per step (2 * 2^-23 * |w|
 * per step, |w| the larger of its start and its value now), so that any
 * order of the same operations passes, not only PyTorch's: AdamW's decay
 * written w -= lr*wd*w instead of w *= 1 - lr*wd rounds differently by up
 * to an ulp or so of w per step. m and v get 1e-4. Every mistake of the
 * list above changes an early step by 1 % of lr or more. */
static void replay_reference(enum kernel kernel, const char *run, struct hyper h,
                             const float *hs, const float *cs, const float *w0, const float *ss,
                             const double (*ref_w)[REF_N], const double (*ref_m)[REF_N],
                             const double (*ref_v)[REF_N])
{
    float w[REF_N], m[REF_N], v[REF_N], g[REF_N];
    for (int i = 0; i < REF_N; i++) {
        w[i] = w0[i];
        m[i] = 0.0f;
        v[i] = 0.0f;
    }
    int checkpoint = 0;
    for (long t = 1; t <= REF_STEPS; t++) {
        for (int i = 0; i < REF_N; i++) {
            g[i] = hs[i] * (w[i] - cs[i]);
            g[i] = g[i] + ss[i] * (float)((t % 5) - 2);
        }
        run_kernel(kernel, w, g, m, v, REF_N, h, t);
        if (t != ref_checkpoint_step[checkpoint])
            continue;
        for (int i = 0; i < REF_N; i++) {
            struct at where = AT(kernel_name[kernel], SECTION_PLACES);
            where.index = i;
            where.step = t;
            where.hint = run;
            where.quantity = "w";
            const double w_size = fmax(fabs((double)w0[i]), fabs(ref_w[checkpoint][i]));
            expect_close_tol(where, ref_w[checkpoint][i], w[i], 0.0,
                             2e-5 * h.lr * (double)t + 2.4e-7 * w_size * (double)t);
            const double g_size = fabs((double)hs[i] * ((double)w[i] - cs[i])) +
                                  2.0 * fabs((double)ss[i]) + fabs((double)h.wd * w[i]);
            where.quantity = "m";
            expect_close_tol(where, ref_m[checkpoint][i], m[i], 1e-4, 1e-4 * g_size + 1e-30);
            where.quantity = "v";
            expect_close_tol(where, ref_v[checkpoint][i], v[i], 1e-4, 1e-30);
        }
        checkpoint++;
    }
}

static void test_adam_l2_matches_pytorch(void **state)
{
    (void)state;
    const struct hyper h = {ref_l_lr, ref_l_beta1, ref_l_beta2, ref_l_eps, ref_l_wd};
    replay_reference(L2,
                     "torch.optim.Adam(lr=1e-2, weight_decay=0.1) gave this; the earliest "
                     "failing test above names the mistake",
                     h, ref_l_h, ref_l_c, ref_l_w0, ref_l_s, ref_l_w, ref_l_m, ref_l_v);
}

static void test_adamw_matches_pytorch(void **state)
{
    (void)state;
    const struct hyper h = {ref_w_lr, ref_w_beta1, ref_w_beta2, ref_w_eps, ref_w_wd};
    replay_reference(DECOUPLED,
                     "torch.optim.AdamW(lr=1e-2, weight_decay=0.1) gave this; the earliest "
                     "failing test above names the mistake",
                     h, ref_w_h, ref_w_c, ref_w_w0, ref_w_s, ref_w_w, ref_w_m, ref_w_v);
    const struct hyper d = {ref_d_lr, ref_d_beta1, ref_d_beta2, ref_d_eps, ref_d_wd};
    replay_reference(DECOUPLED,
                     "torch.optim.AdamW(lr=1e-3, betas=(0.8, 0.99), eps=1e-6, "
                     "weight_decay=1e-2) gave this: use the settings you are given",
                     d, ref_d_h, ref_d_c, ref_d_w0, ref_d_s, ref_d_w, ref_d_m, ref_d_v);
}

/* ---- Everything together: L2 inside Adam reaches the ridge line ----------------- */

static void test_adam_l2_reaches_the_ridge_line(void **state)
{
    (void)state;
    /* The four points of lesson 01, x = (-1, 0, 1, 2), y = (0, 2, 2, 4),
     * loss J = (1/4) sum (a x + b - y)^2, plus (wd/2)(a^2 + b^2) with
     * wd = 0.5. Wherever Adam stops, its m_hat is zero, so the gradient of
     * J + (wd/2)|w|^2 is zero there: L2 inside Adam converges to the ridge
     * solution, whatever Adam's scaling did on the way. Setting it to zero,
     *   (0.5 X^T X + wd I) (a, b) = 0.5 X^T y,
     *   [[3.5, 1], [1, 2.5]] (a, b) = (5, 4),
     * determinant 7.75: a = (12.5 - 4)/7.75 = 1.0967742,
     *                   b = (14 - 5)/7.75  = 1.1612903.
     * 3000 steps at lr = 0.01 get there (a double-precision run is within
     * 1e-8 after 3000 steps). */
    const double x[4] = {-1.0, 0.0, 1.0, 2.0}, y[4] = {0.0, 2.0, 2.0, 4.0};
    float w[2] = {0.0f, 0.0f}, m[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f}, g[2];
    for (long t = 1; t <= 3000; t++) {
        double sum_rx = 0.0, sum_r = 0.0;
        for (int k = 0; k < 4; k++) {
            const double r = (double)w[0] * x[k] + w[1] - y[k];
            sum_rx += r * x[k];
            sum_r += r;
        }
        g[0] = (float)(0.5 * sum_rx);
        g[1] = (float)(0.5 * sum_r);
        adam_l2_step(w, g, m, v, 2, 0.01f, 0.9f, 0.999f, 1e-8f, 0.5f, t);
    }
    const double expected[2] = {8.5 / 7.75, 9.0 / 7.75};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adam_l2_step", SECTION_TESTING);
        where.quantity = "w";
        where.index = i;
        where.step = 3000;
        where.hint = "3000 steps of Adam with L2 must reach the ridge line (1.0968, 1.1613); "
                     "the other tests point to the mistake";
        expect_close_tol(where, expected[i], w[i], 0.0, 1e-4);
    }
}

/* ---- Questions: the exercises answered in answers.txt --------------------------- */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0xd8d6d18f5a347eefULL,
                         "the fraction of a weight AdamW's decay alone leaves (3 significant "
                         "digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 2, 0x7bef648ac229ebd8ULL,
                         "AdamW's fixed point for g = 0.5, wd = 0.1 (2 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 3, 0x0a6d5c8e6dcaf418ULL,
                         "the steps for a weight to halve (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"adam_l2_first_step_by_hand", test_adam_l2_first_step_by_hand, 10, 2,
     "one step of L2 inside Adam on four numbers, derived by hand"},
    {"adamw_first_step_by_hand", test_adamw_first_step_by_hand, 10, 2,
     "one step of AdamW on the same four numbers, derived by hand"},
    {"both_kernels_from_the_middle_of_a_run", test_both_kernels_from_the_middle_of_a_run, 15, 2,
     "step t = 7 from given m and v, for both kernels"},
    {"adamw_decay_is_decoupled", test_adamw_decay_is_decoupled, 10, 2,
     "AdamW: the decay subtracts lr*wd*w and leaves m and v alone"},
    {"sgd_limit_l2_equals_decay", test_sgd_limit_l2_equals_decay, 10, 2,
     "where Adam is SGD (beta1 = 0, huge eps), L2 and decay give the same path"},
    {"l2_decays_large_gradient_weights_less", test_l2_decays_large_gradient_weights_less, 10, 2,
     "L2 in Adam pulls a small-gradient weight 9500 times harder; AdamW the same"},
    {"edge_cases", test_edge_cases, 5, 2,
     "n = 0; weight_decay = 0 is Adam; zero weight and gradient stay put"},
    {"adam_l2_matches_pytorch", test_adam_l2_matches_pytorch, 10, 5,
     "1000 steps agree with torch.optim.Adam(weight_decay=0.1)"},
    {"adamw_matches_pytorch", test_adamw_matches_pytorch, 10, 5,
     "1000 steps agree with torch.optim.AdamW, two settings"},
    {"adam_l2_reaches_the_ridge_line", test_adam_l2_reaches_the_ridge_line, 10, 5,
     "L2 inside Adam converges to the ridge solution of the line fit"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict AdamW's decay, then run"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: AdamW's cap"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the units of the decay"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
