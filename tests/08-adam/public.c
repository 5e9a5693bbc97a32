/* Lesson 08, public tests: Adam with bias correction.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from an oracle written here in double precision straight from the
 * lesson's formulas, or from PyTorch (tests/08-adam/reference/, produced by
 * make_reference.py with torch.optim.Adam in float32); none is produced by
 * the code under test.
 *
 * The same oracle also computes what each common mistake would give, so
 * that a wrong result can be matched to the mistake that explains it and
 * the message can name that mistake. */
#include "harness.h"
#include "lessons.h"

#include "reference/reference.h"

#include <math.h>

#define SECTION_UPDATE "The update"
#define SECTION_BIAS "Bias correction"
#define SECTION_EPS "Where eps goes"

/* ---- The oracle and the common mistakes ---------------------------------- */

enum mistake {
    CORRECT,          /* the lesson's formulas */
    T_FROM_ZERO,      /* beta^(t-1) in the corrections: t counted from 0 */
    T_PLUS_ONE,       /* beta^(t+1) in the corrections */
    MULTIPLIED,       /* m * (1 - beta1^t) instead of m / (1 - beta1^t), same for v */
    EPS_INSIDE,       /* sqrt(v_hat + eps) instead of sqrt(v_hat) + eps */
    NO_CORRECTION,    /* m and v used as they are */
    ONLY_M_CORRECTED, /* v left uncorrected */
    ONLY_V_CORRECTED, /* m left uncorrected */
    UNROOTED_V_CORRECTION, /* sqrt(v) / (1 - beta2^t): the correction not rooted */
    STORED_CORRECTED, /* m[i] and v[i] overwritten with m_hat and v_hat */
    CORRECTED_TWICE,  /* m[i] /= (1 - beta1^t) stored, then divided again */
    MISTAKE_COUNT
};

static const char *const mistake_hint[MISTAKE_COUNT] = {
    [CORRECT] = "m <- beta1*m + (1-beta1)*g; v <- beta2*v + (1-beta2)*g*g; "
                "w <- w - lr * (m/(1-beta1^t)) / (sqrt(v/(1-beta2^t)) + eps), with the t "
                "you are given (do not count calls yourself)",
    [T_FROM_ZERO] = "this matches beta^(t-1) in the corrections: t already counts from 1, use "
                    "1 - beta1^t and 1 - beta2^t with the t you are given",
    [T_PLUS_ONE] = "this matches beta^(t+1) in the corrections: do not add 1 to t, it already "
                   "counts from 1",
    [MULTIPLIED] = "this matches multiplying by the bias correction: divide m by (1 - beta1^t) "
                   "and v by (1 - beta2^t)",
    [EPS_INSIDE] = "this matches eps inside the square root: use sqrt(v_hat) + eps, not "
                   "sqrt(v_hat + eps)",
    [NO_CORRECTION] = "this matches Adam without bias correction: divide m by (1 - beta1^t) "
                      "and v by (1 - beta2^t)",
    [ONLY_M_CORRECTED] = "this matches correcting m but not v: v_hat = v / (1 - beta2^t) too",
    [ONLY_V_CORRECTED] = "this matches correcting v but not m: m_hat = m / (1 - beta1^t) too",
    [UNROOTED_V_CORRECTION] = "this matches sqrt(v) / (1 - beta2^t): the correction of v goes "
                              "under the root, sqrt(v / (1 - beta2^t))",
    [CORRECTED_TWICE] = "this matches a bias correction applied twice (stored into m and v, "
                        "then divided again): keep m and v uncorrected, correct local copies",
    [STORED_CORRECTED] = "m and v must keep the uncorrected moments: put m/(1-beta1^t) and "
                         "v/(1-beta2^t) in local variables, do not store them",
};

struct hyper {
    float lr, beta1, beta2, eps;
};

static const struct hyper DEFAULTS = {1e-3f, 0.9f, 0.999f, 1e-8f};

struct coordinate {
    double w, m, v;
};

/* One Adam step on one coordinate, in double, from the formulas of the
 * lesson (section "The update") -- or as the given mistake would do it.
 * The hyperparameters are the floats the student's code receives. */
static struct coordinate oracle(enum mistake mistake, struct hyper h, long t,
                                struct coordinate before, double g)
{
    const double beta1 = h.beta1, beta2 = h.beta2;
    struct coordinate after;
    after.m = beta1 * before.m + (1.0 - beta1) * g;
    after.v = beta2 * before.v + (1.0 - beta2) * g * g;
    long power = t;
    if (mistake == T_FROM_ZERO)
        power = t - 1;
    else if (mistake == T_PLUS_ONE)
        power = t + 1;
    const double c1 = 1.0 - pow(beta1, (double)power), c2 = 1.0 - pow(beta2, (double)power);
    double m_hat = after.m / c1, v_hat = after.v / c2;
    double denominator = sqrt(v_hat) + h.eps;
    switch (mistake) {
    case MULTIPLIED:
        m_hat = after.m * c1;
        v_hat = after.v * c2;
        denominator = sqrt(v_hat) + h.eps;
        break;
    case EPS_INSIDE:
        denominator = sqrt(v_hat + h.eps);
        break;
    case NO_CORRECTION:
        m_hat = after.m;
        denominator = sqrt(after.v) + h.eps;
        break;
    case ONLY_M_CORRECTED:
        denominator = sqrt(after.v) + h.eps;
        break;
    case ONLY_V_CORRECTED:
        m_hat = after.m;
        break;
    case UNROOTED_V_CORRECTION:
        denominator = sqrt(after.v) / c2 + h.eps;
        break;
    case CORRECTED_TWICE:
        m_hat = after.m / (c1 * c1);
        denominator = sqrt(after.v / (c2 * c2)) + h.eps;
        after.m /= c1;
        after.v /= c2;
        break;
    case STORED_CORRECTED:
        after.m = m_hat;
        after.v = v_hat;
        break;
    default:
        break;
    }
    after.w = before.w - (double)h.lr * m_hat / denominator;
    return after;
}

/* The allowed error of a new w: float rounding of w itself, plus 1e-4 of
 * the step. The step may differ from the double oracle by a few float
 * roundings of m, v and the corrections (1 - beta2^t formed in float loses
 * up to about 1e-5 of itself for small t); every mistake above changes it
 * by at least 1 %. */
static double w_tolerance(double w_before, double w_expected)
{
    return 1e-4 * fabs(w_expected - w_before) + 1.2e-7 * fabs(w_expected) + 1e-30;
}

/* m and v are float moving averages: a few roundings of their size. */
static double moment_tolerance(double expected) { return 1e-6 * fabs(expected) + 1e-30; }

/* The mistake whose prediction matches what came out, or CORRECT when none
 * does. quantity 0 is w, 1 is m, 2 is v. */
static enum mistake diagnose(struct hyper h, long t, struct coordinate before, double g,
                             int quantity, double got)
{
    const struct coordinate right = oracle(CORRECT, h, t, before, g);
    const double right_value = quantity == 0 ? right.w : quantity == 1 ? right.m : right.v;
    if (!isfinite(got))
        return t == 1 ? T_FROM_ZERO : CORRECT; /* 1 - beta^0 = 0 divides by zero */
    for (int k = CORRECT + 1; k < MISTAKE_COUNT; k++) {
        const struct coordinate wrong = oracle((enum mistake)k, h, t, before, g);
        const double value = quantity == 0 ? wrong.w : quantity == 1 ? wrong.m : wrong.v;
        const double tolerance = quantity == 0 ? w_tolerance(before.w, value)
                                               : moment_tolerance(value);
        if (fabs(value - right_value) > tolerance && fabs(got - value) <= tolerance)
            return (enum mistake)k;
    }
    return CORRECT;
}

/* Runs adam_step on n coordinates from the given state and checks w, m and
 * v against the oracle, then that g was left alone. */
static void check_one_step(struct hyper h, long t, size_t n, const float *w0, const float *g0,
                           const float *m0, const float *v0, const char *section)
{
    enum { MAX = 32 };
    float w[MAX], g[MAX], m[MAX], v[MAX];
    for (size_t i = 0; i < n; i++) {
        w[i] = w0[i];
        g[i] = g0[i];
        m[i] = m0[i];
        v[i] = v0[i];
    }
    adam_step(w, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, t);
    const char *names[3] = {"w", "m", "v"};
    for (int quantity = 0; quantity < 3; quantity++) {
        for (size_t i = 0; i < n; i++) {
            const struct coordinate before = {w0[i], m0[i], v0[i]};
            const struct coordinate want = oracle(CORRECT, h, t, before, g0[i]);
            const double expected = quantity == 0 ? want.w : quantity == 1 ? want.m : want.v;
            const double got = quantity == 0 ? w[i] : quantity == 1 ? m[i] : v[i];
            const double tolerance = quantity == 0 ? w_tolerance(before.w, expected)
                                                   : moment_tolerance(expected);
            struct at where = AT("adam_step", section);
            where.quantity = names[quantity];
            where.index = (long)i;
            where.step = t;
            enum mistake guess = diagnose(h, t, before, g0[i], quantity, got);
            where.hint = mistake_hint[guess];
            if (guess == CORRECT && !isfinite(got))
                where.hint = "not a number: is a bias correction zero (t - 1?), or v negative?";
            if (guess == EPS_INSIDE)
                where.section = SECTION_EPS;
            else if (guess != CORRECT)
                where.section = SECTION_BIAS;
            expect_close_tol(where, expected, got, 0.0, tolerance);
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct at where = AT("adam_step", SECTION_UPDATE);
        where.quantity = "g";
        where.index = (long)i;
        where.hint = "g is an input: read it, never write it";
        expect_exact(where, g0[i], g[i]);
    }
}

/* ---- Hand-computed steps --------------------------------------------------- */

static void test_adam_first_step_by_hand(void **state)
{
    (void)state;
    /* t = 1 from m = v = 0, lr = 0.1, default betas and eps.
     *   m = 0.1 g,  v = 0.001 g^2,  m_hat = 0.1 g / 0.1 = g,
     *   v_hat = 0.001 g^2 / 0.001 = g^2,  step = 0.1 * g / (|g| + 1e-8).
     * g = 0.5:  m = 0.05,  v = 0.00025,  w = 1 - 0.1 * 0.5/0.50000001  = 0.90000000 (to 8 digits)
     * g = -4:   m = -0.4,  v = 0.016,    w = -2 + 0.1 * 4/4.00000001   = -1.90000000
     * g = 0:    m = 0,     v = 0,        w = 0.5 - 0.1 * 0/(0 + 1e-8)  = 0.5 exactly
     * Every nonzero gradient moves its weight by lr, whatever its size. */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f};
    const float w[3] = {1.0f, -2.0f, 0.5f}, g[3] = {0.5f, -4.0f, 0.0f};
    const float zero[3] = {0.0f, 0.0f, 0.0f};
    check_one_step(h, 1, 3, w, g, zero, zero, SECTION_UPDATE);
}

static void test_adam_two_steps_by_hand(void **state)
{
    (void)state;
    /* Two steps from m = v = 0 with lr = 0.1 and default betas.
     * Step 1, g = (1, 1): m = (0.1, 0.1), v = (0.001, 0.001), both weights
     *   move by -0.1 * 1/(1 + 1e-8) = -0.1: w = (-0.1, -0.1) from (0, 0).
     * Step 2, g = (-1, 1):
     *   m = 0.9 * 0.1 + 0.1 * (-1) = -0.01 and 0.9 * 0.1 + 0.1 * 1 = 0.19;
     *   v = 0.999 * 0.001 + 0.001 * 1 = 0.001999 for both (sizes add up);
     *   corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999, so
     *   m_hat = (-0.01/0.19, 1) = (-0.0526316, 1), v_hat = (1, 1), and
     *   w = (-0.1 + 0.1 * 0.0526316, -0.1 - 0.1) = (-0.0947368, -0.2).
     * The flipped gradient cancels in m (a sign) but not in v (a size). */
    const struct hyper h = {0.1f, 0.9f, 0.999f, 1e-8f};
    float w[2] = {0.0f, 0.0f}, m[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f};
    const float g1[2] = {1.0f, 1.0f}, g2[2] = {-1.0f, 1.0f};
    adam_step(w, g1, m, v, 2, h.lr, h.beta1, h.beta2, h.eps, 1);
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adam_step", SECTION_UPDATE);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        const struct coordinate zero = {0.0, 0.0, 0.0};
        where.hint = mistake_hint[diagnose(h, 1, zero, 1.0, 0, w[i])];
        expect_close_tol(where, -0.1, w[i], 1e-5, 1e-9);
    }
    /* The state after step 1 as it should be, for the diagnosis of step 2. */
    const struct coordinate after_one = {-0.1, 0.1, 0.001};
    adam_step(w, g2, m, v, 2, h.lr, h.beta1, h.beta2, h.eps, 2);
    const double expected_w[2] = {-0.1 + 0.1 * (0.01 / 0.19), -0.2};
    const double expected_m[2] = {-0.01, 0.19};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adam_step", SECTION_UPDATE);
        where.index = i;
        where.step = 2;
        where.quantity = "w";
        where.hint = mistake_hint[diagnose(h, 2, after_one, g2[i], 0, w[i])];
        expect_close_tol(where, expected_w[i], w[i], 1e-5, 1e-9);
        where.quantity = "m";
        where.hint = "m after two steps: 0.9 * (0.1) + 0.1 * g; m stores the uncorrected "
                     "average (did you store m_hat?)";
        expect_close_tol(where, expected_m[i], m[i], 1e-5, 1e-9);
        where.quantity = "v";
        where.hint = "v after two steps: 0.999 * 0.001 + 0.001 * g^2 = 0.001999; v stores the "
                     "uncorrected average (did you store v_hat?)";
        /* 0.999f is 0.99900001287, so 1 - beta2 is 1.3e-5 below 0.001. */
        expect_close_tol(where, 0.001999, v[i], 5e-5, 1e-12);
    }
}

/* ---- The first step moves by lr ------------------------------------------- */

static void test_adam_first_step_is_lr_at_every_scale(void **state)
{
    (void)state;
    /* At t = 1 from m = v = 0 the corrections undo the averages exactly:
     * m_hat = g and v_hat = g^2, so (section "Bias correction")
     *   |delta w| = lr * |g| / (|g| + eps),
     * which is lr * (1 - eps/|g|) to first order: within 1e-3 of lr as soon
     * as |g| >= 1e-5 = 1000 eps, and lr/2 at |g| = eps. Gradients from
     * 1e-9 to 1e6 with alternating signs; w starts at 0, so the new w IS
     * the step, without rounding of a larger w. */
    enum { N = 16 };
    const struct hyper h = DEFAULTS;
    float w[N], g[N], m[N], v[N];
    for (int i = 0; i < N; i++) {
        w[i] = 0.0f;
        m[i] = 0.0f;
        v[i] = 0.0f;
        g[i] = (float)((i % 2 == 0 ? 1.0 : -1.0) * pow(10.0, i - 9)); /* 1e-9 ... -1e6 */
    }
    float g_copy[N];
    for (int i = 0; i < N; i++)
        g_copy[i] = g[i];
    adam_step(w, g, m, v, N, h.lr, h.beta1, h.beta2, h.eps, 1);
    for (int i = 0; i < N; i++) {
        const double size = fabs((double)g_copy[i]);
        const double exact = (double)h.lr * size / (size + (double)h.eps);
        const double expected = g_copy[i] > 0 ? -exact : exact;
        const struct coordinate zero = {0.0, 0.0, 0.0};
        struct at where = AT("adam_step", SECTION_BIAS);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        enum mistake guess = diagnose(h, 1, zero, g_copy[i], 0, w[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "on the first step m_hat = g and v_hat = g^2, so every "
                                        "weight moves by lr * |g| / (|g| + eps) against g";
        if (guess == EPS_INSIDE)
            where.section = SECTION_EPS;
        expect_close_tol(where, expected, w[i], 1e-4, 1e-30);
        if (size >= 1e-5) {
            where.hint = "for |g| >= 1e-5 the first step must be lr within 1e-3, whatever |g|";
            expect_that(where, fabs(fabs(w[i]) - h.lr) <= 1e-3 * h.lr,
                        "first step of size %.6g for g = %g; expected lr = %g within 1e-3",
                        fabs((double)w[i]), (double)g_copy[i], (double)h.lr);
        }
    }
}

/* ---- A step from the middle of a run --------------------------------------- */

static void test_adam_step_from_the_middle_of_a_run(void **state)
{
    (void)state;
    /* Step t = 5 of a run, with non-zero m and v already there, lr = 0.01 and
     * the default betas. By hand for coordinate 0 (w = 0.5, g = 0.2,
     * m = 0.1, v = 0.004):
     *   m = 0.9 * 0.1 + 0.1 * 0.2           = 0.11
     *   v = 0.999 * 0.004 + 0.001 * 0.04    = 0.004036
     *   1 - 0.9^5   = 1 - 0.59049           = 0.40951   -> m_hat = 0.268614
     *   1 - 0.999^5 = 1 - 0.995009990004999 = 0.004990009995 -> v_hat = 0.808816
     *   w = 0.5 - 0.01 * 0.268614 / (0.899342 + 1e-8) = 0.5 - 0.00298676 = 0.4970132
     * The other coordinates are computed by the oracle above from the same
     * formulas. With t - 1 the step would be 0.00318 (6.5 % larger), with
     * t + 1 0.00286 (4.3 % smaller), with the correction applied twice
     * 0.00052, without correction 0.0173: each is told apart. */
    const struct hyper h = {0.01f, 0.9f, 0.999f, 1e-8f};
    const float w[4] = {0.5f, -0.25f, 2.0f, 1.0f};
    const float g[4] = {0.2f, -1.0f, 3.0f, -0.0005f};
    const float m[4] = {0.1f, -0.3f, 0.05f, 0.0002f};
    const float v[4] = {0.004f, 0.002f, 0.001f, 4e-7f};
    /* The hand computation above, checked against the oracle itself. */
    const struct coordinate first = {0.5, 0.1, 0.004};
    struct at where = AT("the test's own oracle", SECTION_BIAS);
    where.quantity = "w";
    expect_close_tol(where, 0.4970132, oracle(CORRECT, h, 5, first, 0.2).w, 0.0, 1e-7);
    check_one_step(h, 5, 4, w, g, m, v, SECTION_BIAS);
}

static void test_adam_keeps_the_moments_uncorrected(void **state)
{
    (void)state;
    /* Three steps of g = 1 from zero: m and v are plain moving averages,
     *   m_t = 1 - 0.9^t:     0.1, 0.19, 0.271
     *   v_t = 1 - 0.999^t:   0.001, 0.001999, 0.002997001,
     * and since m_hat = v_hat = 1 on every step, w falls by lr each step
     * (lr = 0.5 here: w = 3, 2.5, 2, 1.5). A kernel that stores
     * m_hat and v_hat in m and v gets m = v = 1 after step 1, and from step
     * 2 on its steps shrink. */
    const struct hyper h = {0.5f, 0.9f, 0.999f, 1e-8f};
    float w[1] = {3.0f}, m[1] = {0.0f}, v[1] = {0.0f};
    const float g[1] = {1.0f};
    const double expected_m[3] = {0.1, 0.19, 0.271};
    const double expected_v[3] = {0.001, 0.001999, 0.002997001};
    for (long t = 1; t <= 3; t++) {
        adam_step(w, g, m, v, 1, h.lr, h.beta1, h.beta2, h.eps, t);
        struct at where = AT("adam_step", SECTION_BIAS);
        where.index = 0;
        where.step = t;
        where.quantity = "m";
        where.hint = fabs(m[0] - 1.0) < 1e-4 ? mistake_hint[STORED_CORRECTED]
                                              : "m_t = beta1*m + (1 - beta1)*g, uncorrected";
        expect_close_tol(where, expected_m[t - 1], m[0], 1e-5, 1e-9);
        where.quantity = "v";
        where.hint = fabs(v[0] - 1.0) < 1e-4 ? mistake_hint[STORED_CORRECTED]
                                              : "v_t = beta2*v + (1 - beta2)*g*g, uncorrected";
        /* 0.999f is 0.99900001287: 1 - beta2 is 1.3e-5 below 0.001. */
        expect_close_tol(where, expected_v[t - 1], v[0], 5e-5, 1e-12);
        where.quantity = "w";
        const double before_t = (double)(t - 1);
        const struct coordinate before = {3.0 - 0.5 * before_t, 1.0 - pow(0.9f, before_t),
                                          1.0 - pow(0.999f, before_t)};
        const enum mistake guess = diagnose(h, t, before, 1.0, 0, w[0]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "with a constant gradient m_hat = g and v_hat = g^2, "
                                        "so each step is exactly lr";
        expect_close_tol(where, 3.0 - 0.5 * (double)t, w[0], 1e-6, 1e-7);
    }
}

/* ---- Where eps goes ---------------------------------------------------------- */

static void test_adam_eps_goes_outside_the_root(void **state)
{
    (void)state;
    /* First steps (v_hat = g^2, so sqrt(v_hat) = |g|), lr = 1:
     *   eps = 1e-8, g = 1e-4:  outside 1e-4/(1e-4 + 1e-8)     = 0.99990001
     *                          inside  1e-4/sqrt(1e-8 + 1e-8) = 0.70710678
     *   eps = 1e-8, g = -1e-5: outside 1e-5/(1e-5 + 1e-8)     = 0.99900100
     *                          inside  1e-5/sqrt(1e-10 + 1e-8) = 0.09950372
     * and, with eps = 0.01,
     *   g = 0.1:               outside 0.1/(0.1 + 0.01)        = 0.90909091
     *                          inside  0.1/sqrt(0.01 + 0.01)   = 0.70710678
     * The two forms agree only while sqrt(v_hat) is far above sqrt(eps). */
    const float zero[2] = {0.0f, 0.0f};
    const struct hyper small = {1.0f, 0.9f, 0.999f, 1e-8f};
    const float w[2] = {0.0f, 0.0f}, g[2] = {1e-4f, -1e-5f};
    float w1[2] = {w[0], w[1]}, m1[2] = {0.0f, 0.0f}, v1[2] = {0.0f, 0.0f};
    adam_step(w1, g, m1, v1, 2, small.lr, small.beta1, small.beta2, small.eps, 1);
    const double expected[2] = {-0.99990001, 0.99900100};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adam_step", SECTION_EPS);
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        const struct coordinate before = {0.0, 0.0, 0.0};
        enum mistake guess = diagnose(small, 1, before, g[i], 0, w1[i]);
        where.hint = guess != CORRECT ? mistake_hint[guess]
                                      : "add eps to sqrt(v_hat), outside the root";
        expect_close_tol(where, expected[i], w1[i], 1e-5, 1e-9);
    }
    const struct hyper large = {1.0f, 0.9f, 0.999f, 0.01f};
    const float g2[1] = {0.1f};
    check_one_step(large, 1, 1, zero, g2, zero, zero, SECTION_EPS);
}

/* ---- Edge cases ----------------------------------------------------------------- */

static void test_adam_zero_gradient_and_no_parameters(void **state)
{
    (void)state;
    /* n = 0 touches nothing. A zero gradient from a zero state gives
     * m = v = 0 and a step of lr * 0 / (0 + eps) = 0: w must not move, and
     * nothing may become NaN (eps is what keeps 0/0 away). */
    float w[2] = {7.0f, -3.0f}, m[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f};
    const float g[2] = {0.0f, 0.0f};
    adam_step(w, g, m, v, 0, 0.1f, 0.9f, 0.999f, 1e-8f, 1);
    struct at where = AT("adam_step", SECTION_UPDATE);
    where.quantity = "w";
    where.index = 0;
    where.hint = "with n = 0 there is nothing to update: loop over i < n only; a changed "
                 "value here is a write out of bounds: make test LESSON=8 SAN=1 "
                 "shows the line";
    expect_exact(where, 7.0f, w[0]);
    adam_step(w, g, m, v, 2, 0.1f, 0.9f, 0.999f, 1e-8f, 1);
    const float expected_w[2] = {7.0f, -3.0f};
    for (int i = 0; i < 2; i++) {
        where = AT("adam_step", SECTION_UPDATE);
        where.index = i;
        where.step = 1;
        where.quantity = "w";
        where.hint = "a zero gradient gives 0 / (0 + eps) = 0: is eps missing, or inside the root "
                     "with a NaN from 0/0?";
        expect_exact(where, expected_w[i], w[i]);
        where.quantity = "m";
        where.hint = "a zero gradient leaves a zero m at zero";
        expect_exact(where, 0.0f, m[i]);
        where.quantity = "v";
        where.hint = "a zero gradient leaves a zero v at zero";
        expect_exact(where, 0.0f, v[i]);
    }
}

/* ---- 1 000 steps against PyTorch ----------------------------------------------- */

/* Replays one of the reference runs (see reference/make_reference.py): the
 * gradient g = h * (w - c) [+ s * ((t mod 7) - 3) in run B] is formed in
 * float exactly as the script forms it, and w, m, v are compared with
 * torch.optim.Adam at the checkpoints.
 *
 * Tolerances. PyTorch orders the float operations differently (it divides
 * sqrt(v) by sqrt(1 - beta2^t), multiplies m by lr/(1 - beta1^t), and turns
 * 1 - beta2 into the float 0.001f, while 1.0f - 0.999f is 0.00099998713),
 * so single steps differ in the last digits, and v by 1.3e-5 of itself.
 * The runs are contracting quadratics, so these differences add up rather
 * than grow. Measured with the reference solution: w within
 * 1.7e-6 * lr * t of PyTorch at every checkpoint t, m within 2e-5 of
 * |m| + |g|, v within 1.5e-5 of v. We allow ten times more for w
 * (2e-5 * lr * t, plus float rounding of w) and five times more for m and
 * v (1e-4). Every mistake of the lesson's list changes an early step by
 * 1 % of lr or more, a thousand times the allowance at t = 1..10. */
static void replay_reference(const char *run, const struct hyper h, const float *hs,
                             const float *cs, const float *w0, const float *ss,
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
            g[i] = g[i] + ss[i] * (float)((t % 7) - 3);
        }
        adam_step(w, g, m, v, REF_N, h.lr, h.beta1, h.beta2, h.eps, t);
        if (t != ref_checkpoint_step[checkpoint])
            continue;
        for (int i = 0; i < REF_N; i++) {
            struct at where = AT("adam_step", SECTION_UPDATE);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = run;
            expect_close_tol(where, ref_w[checkpoint][i], w[i], 0.0,
                             2e-5 * h.lr * (double)t + 1.2e-7 * fabs(ref_w[checkpoint][i]));
        }
        for (int i = 0; i < REF_N; i++) {
            const double g_size = fabs((double)hs[i] * ((double)w[i] - cs[i])) +
                                  3.0 * fabs((double)ss[i]);
            struct at where = AT("adam_step", SECTION_UPDATE);
            where.index = i;
            where.step = t;
            where.hint = run;
            where.quantity = "m";
            expect_close_tol(where, ref_m[checkpoint][i], m[i], 1e-4, 1e-4 * g_size + 1e-30);
            where.quantity = "v";
            expect_close_tol(where, ref_v[checkpoint][i], v[i], 1e-4, 1e-30);
        }
        checkpoint++;
    }
}

static void test_adam_matches_pytorch_defaults(void **state)
{
    (void)state;
    const struct hyper h = {ref_a_lr, ref_a_beta1, ref_a_beta2, ref_a_eps};
    replay_reference("torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8) gave this; "
                     "the earliest failing test above names the mistake",
                     h, ref_a_h, ref_a_c, ref_a_w0, ref_a_s, ref_a_w, ref_a_m, ref_a_v);
}

static void test_adam_matches_pytorch_other_settings(void **state)
{
    (void)state;
    const struct hyper h = {ref_b_lr, ref_b_beta1, ref_b_beta2, ref_b_eps};
    replay_reference("torch.optim.Adam(lr=1e-2, betas=(0.8, 0.99), eps=1e-6) gave this: use "
                     "the lr, beta1, beta2 and eps you are given, not the defaults",
                     h, ref_b_h, ref_b_c, ref_b_w0, ref_b_s, ref_b_w, ref_b_m, ref_b_v);
}

/* ---- Everything together: fitting a line ------------------------------------ */

static void test_adam_fits_a_line(void **state)
{
    (void)state;
    /* The four points of lesson 01, x = (-1, 0, 1, 2), y = (0, 2, 2, 4),
     * whose least-squares line is a = 1.2, b = 1.4 (derived there: a =
     * Sxy/Sxx = 6/5, b = mean y - a mean x = 2 - 0.6). The gradient of the
     * mean squared error is written out here: dJ/da = (2/n) sum r_i x_i,
     * dJ/db = (2/n) sum r_i. Adam with lr = 0.01 and default betas from
     * (0, 0): as the gradient shrinks, m/sqrt(v) shrinks with it (v
     * remembers larger past gradients), and 2000 steps settle on the line
     * (a double-precision run is within 1e-9 after 2000 steps). */
    const double x[4] = {-1.0, 0.0, 1.0, 2.0}, y[4] = {0.0, 2.0, 2.0, 4.0};
    float w[2] = {0.0f, 0.0f}, m[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f}, g[2];
    for (long t = 1; t <= 2000; t++) {
        double sum_rx = 0.0, sum_r = 0.0;
        for (int k = 0; k < 4; k++) {
            const double r = (double)w[0] * x[k] + w[1] - y[k];
            sum_rx += r * x[k];
            sum_r += r;
        }
        g[0] = (float)(0.5 * sum_rx);
        g[1] = (float)(0.5 * sum_r);
        adam_step(w, g, m, v, 2, 0.01f, 0.9f, 0.999f, 1e-8f, t);
    }
    const double expected[2] = {1.2, 1.4};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adam_step", "Testing your code");
        where.quantity = "w";
        where.index = i;
        where.step = 2000;
        where.hint = "2000 steps of Adam must reach the least-squares line (1.2, 1.4); the other "
                     "tests point to the mistake";
        expect_close_tol(where, expected[i], w[i], 0.0, 1e-4);
    }
}

/* ---- Questions: the exercises of the lesson, answered in answers.txt -------
 * The hashes hold the right answers rounded to the stated digits, so this
 * file says right or wrong without showing them; the hidden tests derive
 * the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0x1b1783fdb8438515ULL,
                         "the peak of the uncorrected step with beta2 = 0.99, in units of lr "
                         "(3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0xff74acd186046575ULL,
                         "the step after a long run of zero gradients, in units of lr "
                         "(3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0xfce03ad9f1456f35ULL,
                         "the |g| at which the inside-eps step is 1% shorter "
                         "(2 significant digits)");
}

static const struct harness_test tests[] = {
    {"adam_first_step_by_hand", test_adam_first_step_by_hand, 10, 2,
     "one step from zero state on three numbers, derived by hand"},
    {"adam_two_steps_by_hand", test_adam_two_steps_by_hand, 10, 2,
     "two steps by hand: a flipped gradient cancels in m, not in v"},
    {"adam_first_step_is_lr_at_every_scale", test_adam_first_step_is_lr_at_every_scale, 15, 2,
     "the first step is lr * |g| / (|g| + eps) for |g| from 1e-9 to 1e6"},
    {"adam_step_from_the_middle_of_a_run", test_adam_step_from_the_middle_of_a_run, 15, 2,
     "step t = 5 from given m and v: the step counter and the corrections"},
    {"adam_keeps_the_moments_uncorrected", test_adam_keeps_the_moments_uncorrected, 5, 2,
     "m and v hold the uncorrected averages over three steps"},
    {"adam_eps_goes_outside_the_root", test_adam_eps_goes_outside_the_root, 10, 2,
     "sqrt(v_hat) + eps, not sqrt(v_hat + eps), where the two differ"},
    {"adam_zero_gradient_and_no_parameters", test_adam_zero_gradient_and_no_parameters, 5, 2,
     "n = 0 touches nothing; a zero gradient does not move w"},
    {"adam_matches_pytorch_defaults", test_adam_matches_pytorch_defaults, 10, 5,
     "1000 steps agree with torch.optim.Adam (defaults) at 11 checkpoints"},
    {"adam_matches_pytorch_other_settings", test_adam_matches_pytorch_other_settings, 10, 5,
     "1000 steps agree with torch.optim.Adam (lr 1e-2, betas 0.8/0.99, eps 1e-6)"},
    {"adam_fits_a_line", test_adam_fits_a_line, 10, 5,
     "2000 steps of Adam reach the least-squares line"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the peak, then run"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: a rare gradient"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: where the two epsilons part"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
