/* Lesson 04, public tests: SGD with momentum.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from a closed form or an oracle written here in double precision
 * straight from the lesson's formulas, or was computed by PyTorch
 * (reference/make_reference.py, values in reference/reference.h). None is
 * produced by the code under test. */
#include "harness.h"
#include "lessons.h"

#include "reference/reference.h"

#include <math.h>

static const char *const SECTION = "The update rule";

/* ---- Recognising the common mistakes --------------------------------------
 * To give a precise hint, the tests replay each plausible wrong version of
 * the update (in double) next to the right one, and when the student's value
 * matches a wrong version, they name that mistake. */
enum variant {
    RIGHT,              /* b = mu*b + g;         w -= lr*b        */
    ADDED_THE_STEP,     /* b = mu*b + g;         w += lr*b        */
    STEPPED_WITH_OLD_B, /* w -= lr*b (old b);    b = mu*b + g     */
    DAMPENED,           /* b = mu*b + (1-mu)*g;  w -= lr*b        */
    LR_IN_THE_BUFFER,   /* b = mu*b + lr*g;      w -= b           */
    FORGOT_THE_BUFFER,  /* b = g every step (plain SGD)           */
    VARIANTS
};

static const char *const variant_hint[VARIANTS] = {
    [RIGHT] = "b[i] = mu*b[i] + g[i], then w[i] -= lr*b[i] with the new b[i]",
    [ADDED_THE_STEP] = "you moved up the velocity: subtract lr*b[i] from w[i], do not add it",
    [STEPPED_WITH_OLD_B] = "you stepped with the old velocity: update b[i] first, then use the "
                           "new b[i] in the step",
    [DAMPENED] = "this is the moving-average form b = mu*b + (1-mu)*g: PyTorch's buffer adds g "
                 "itself, with no (1 - mu) factor",
    [LR_IN_THE_BUFFER] = "the buffer holds lr*g (the form v = mu*v + lr*g): PyTorch's buffer "
                         "b = mu*b + g holds gradients, and lr multiplies it in the step",
    [FORGOT_THE_BUFFER] = "the velocity is not remembered: b[i] must keep mu*b[i] from the last "
                          "call plus the new g[i]",
};

/* One step of every variant on one coordinate; w[v], b[v] hold variant v. */
static void variants_step(double w[VARIANTS], double b[VARIANTS], double g, double lr, double mu)
{
    b[RIGHT] = mu * b[RIGHT] + g;
    w[RIGHT] -= lr * b[RIGHT];
    b[ADDED_THE_STEP] = mu * b[ADDED_THE_STEP] + g;
    w[ADDED_THE_STEP] += lr * b[ADDED_THE_STEP];
    w[STEPPED_WITH_OLD_B] -= lr * b[STEPPED_WITH_OLD_B];
    b[STEPPED_WITH_OLD_B] = mu * b[STEPPED_WITH_OLD_B] + g;
    b[DAMPENED] = mu * b[DAMPENED] + (1.0 - mu) * g;
    w[DAMPENED] -= lr * b[DAMPENED];
    b[LR_IN_THE_BUFFER] = mu * b[LR_IN_THE_BUFFER] + lr * g;
    w[LR_IN_THE_BUFFER] -= b[LR_IN_THE_BUFFER];
    b[FORGOT_THE_BUFFER] = g;
    w[FORGOT_THE_BUFFER] -= lr * g;
}

/* The hint for a value `got` that should be value[RIGHT]: the first wrong
 * variant it matches, or the general reminder. */
static const char *pick_hint(const double value[VARIANTS], double got)
{
    double right = value[RIGHT];
    for (int v = RIGHT + 1; v < VARIANTS; v++)
        if (fabs(value[v] - right) > 1e-6 * (1.0 + fabs(right)) &&
            fabs(got - value[v]) <= 1e-6 * (1.0 + fabs(value[v])))
            return variant_hint[v];
    return variant_hint[RIGHT];
}

/* ---- The first step ---------------------------------------------------------- */

static void test_momentum_first_step(void **state)
{
    (void)state;
    /* b starts at zero, so the first step is b = 0.9*0 + g = g exactly, and
     * w - lr*b = w - lr*g: w = (1, -2, 0.5), g = (0.5, -1, 4), lr = 0.2:
     *   b = (0.5, -1, 4),   w = (1 - 0.1, -2 + 0.2, 0.5 - 0.8) = (0.9, -1.8, -0.3).
     * (lr = 0.2 differs from 1 - mu = 0.1, so a buffer of lr*g and one of
     * (1 - mu)*g can be told apart.) */
    const float w0[3] = {1.0f, -2.0f, 0.5f};
    const float g[3] = {0.5f, -1.0f, 4.0f};
    float w[3] = {1.0f, -2.0f, 0.5f}, b[3] = {0.0f, 0.0f, 0.0f};
    const double expected_w[3] = {0.9, -1.8, -0.3};
    momentum_step(w, g, b, 3, 0.2f, 0.9f);
    for (int i = 0; i < 3; i++) {
        double vw[VARIANTS], vb[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            vw[v] = w0[i];
            vb[v] = 0.0;
        }
        variants_step(vw, vb, g[i], (double)0.2f, (double)0.9f);
        struct at where = AT("momentum_step", SECTION);
        where.index = i;
        where.step = 1;
        where.quantity = "b";
        where.hint = pick_hint(vb, b[i]);
        if (where.hint == variant_hint[RIGHT])
            where.hint = "on the first step b is 0, so mu*b + g is exactly g";
        expect_exact(where, g[i], b[i]);
        where.quantity = "w";
        where.hint = pick_hint(vw, w[i]);
        expect_close(where, expected_w[i], w[i]);
    }
}

/* ---- Three steps by hand ------------------------------------------------------ */

static void test_momentum_three_steps_by_hand(void **state)
{
    (void)state;
    /* lr = 0.25, mu = 0.5, w = (2, -1), b = (0, 0); every number below is a
     * short binary fraction, so float computes all of it exactly.
     * Step 1, g = (1, 2):   b = (1, 2)
     *                       w = (2 - 0.25, -1 - 0.5)          = (1.75, -1.5)
     * Step 2, g = (1, -2):  b = 0.5*(1, 2) + (1, -2)          = (1.5, -1)
     *                       w = (1.75 - 0.375, -1.5 + 0.25)   = (1.375, -1.25)
     *   The first coordinate's gradients agree, and its velocity grows
     *   (1 -> 1.5); the second's flip sign, and its velocity shrinks (2 -> -1).
     * Step 3, g = (0, 0):   b = 0.5*(1.5, -1)                 = (0.75, -0.5)
     *                       w = (1.375 - 0.1875, -1.25 + 0.125) = (1.1875, -1.125)
     *   With no gradient at all the ball still rolls: it coasts on b. */
    const float g[3][2] = {{1.0f, 2.0f}, {1.0f, -2.0f}, {0.0f, 0.0f}};
    const double expected_b[3][2] = {{1.0, 2.0}, {1.5, -1.0}, {0.75, -0.5}};
    const double expected_w[3][2] = {{1.75, -1.5}, {1.375, -1.25}, {1.1875, -1.125}};
    float w[2] = {2.0f, -1.0f}, b[2] = {0.0f, 0.0f};
    double vw[2][VARIANTS], vb[2][VARIANTS];
    for (int i = 0; i < 2; i++)
        for (int v = 0; v < VARIANTS; v++) {
            vw[i][v] = w[i];
            vb[i][v] = 0.0;
        }
    for (int t = 0; t < 3; t++) {
        momentum_step(w, g[t], b, 2, 0.25f, 0.5f);
        for (int i = 0; i < 2; i++) {
            variants_step(vw[i], vb[i], g[t][i], 0.25, 0.5);
            struct at where = AT("momentum_step", SECTION);
            where.index = i;
            where.step = t + 1;
            where.quantity = "b";
            where.hint = pick_hint(vb[i], b[i]);
            expect_close(where, expected_b[t][i], b[i]);
            where.quantity = "w";
            where.hint = pick_hint(vw[i], w[i]);
            expect_close(where, expected_w[t][i], w[i]);
        }
    }
}

/* ---- mu = 0 is plain gradient descent ------------------------------------------ */

static void test_momentum_mu_zero_is_plain_sgd(void **state)
{
    (void)state;
    /* With mu = 0 the update is b = 0*b + g = g and w = w - lr*g: lesson 01's
     * gradient descent, whatever b held before. The buffer starts at
     * leftovers (3, -5, 7, 0.25) that must be forgotten completely.
     * lr = 0.25 and short binary fractions make every product and
     * difference exact in float, so the results must match bit for bit:
     *   step 1, g = (1, -2, 0.5, 8):   w = (4, 4, -1, 0) - 0.25*g = (3.75, 4.5, -1.125, -2)
     *   step 2, g = (-4, 0.5, 2, 1):   w = (3.75, 4.5, -1.125, -2) - 0.25*g
     *                                    = (4.75, 4.375, -1.625, -2.25) */
    const float g[2][4] = {{1.0f, -2.0f, 0.5f, 8.0f}, {-4.0f, 0.5f, 2.0f, 1.0f}};
    const float expected_w[2][4] = {{3.75f, 4.5f, -1.125f, -2.0f},
                                    {4.75f, 4.375f, -1.625f, -2.25f}};
    float w[4] = {4.0f, 4.0f, -1.0f, 0.0f};
    float b[4] = {3.0f, -5.0f, 7.0f, 0.25f};
    for (int t = 0; t < 2; t++) {
        momentum_step(w, g[t], b, 4, 0.25f, 0.0f);
        for (int i = 0; i < 4; i++) {
            struct at where = AT("momentum_step", SECTION);
            where.index = i;
            where.step = t + 1;
            where.quantity = "b";
            where.hint = "with mu = 0 the old velocity is multiplied by 0: b[i] becomes g[i]";
            expect_exact(where, g[t][i], b[i]);
            where.quantity = "w";
            where.hint = "with mu = 0, momentum is plain gradient descent: w[i] - lr*g[i]";
            expect_exact(where, expected_w[t][i], w[i]);
        }
    }
}

/* ---- Inputs and the empty case ------------------------------------------------- */

static void test_momentum_leaves_g_alone_and_n_zero_does_nothing(void **state)
{
    (void)state;
    /* g is an input: after a step it must hold exactly what it held before. */
    float w[3] = {1.0f, 2.0f, 3.0f}, b[3] = {0.5f, 0.5f, 0.5f};
    float g[3] = {0.1f, -0.2f, 0.3f};
    const float g_before[3] = {0.1f, -0.2f, 0.3f};
    momentum_step(w, g, b, 3, 0.1f, 0.9f);
    for (int i = 0; i < 3; i++) {
        struct at where = AT("momentum_step", SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "g is read only: keep the velocity in b, never write into g";
        expect_exact(where, g_before[i], g[i]);
    }
    /* n = 0: nothing is read or written. */
    float w1[1] = {7.0f}, b1[1] = {-3.0f};
    const float g1[1] = {1.0f};
    momentum_step(w1, g1, b1, 0, 0.5f, 0.9f);
    struct at where = AT("momentum_step", SECTION);
    where.hint = "with n = 0 there is nothing to update: loop over i < n only; a changed "
                 "value here is a write out of bounds: make test LESSON=4 SAN=1 "
                 "shows the line";
    where.quantity = "w (n = 0)";
    expect_exact(where, 7.0f, w1[0]);
    where.quantity = "b (n = 0)";
    expect_exact(where, -3.0f, b1[0]);
}

/* ---- A constant gradient: the terminal velocity ---------------------------------- */

static void test_momentum_constant_gradient_reaches_terminal_velocity(void **state)
{
    (void)state;
    /* With the same gradient g at every step, b_t = mu*b_(t-1) + g from
     * b_0 = 0 is a geometric sum:
     *   b_t = (1 + mu + ... + mu^(t-1)) g = (1 - mu^t) / (1 - mu) * g,
     * which tends to g / (1 - mu): ten times g for mu = 0.9. The position is
     *   w_t = w_0 - lr * sum_{s=1..t} b_s
     *       = w_0 - lr * g / (1 - mu) * (t - mu (1 - mu^t) / (1 - mu)).
     * Checked every step for 100 steps with lr = 0.01, mu = 0.9. */
    const double mu = 0.9, lr = 0.01;
    const float g[2] = {1.0f, -0.25f};
    float w[2] = {0.0f, 5.0f}, b[2] = {0.0f, 0.0f};
    const double w0[2] = {0.0, 5.0};
    for (int t = 1; t <= 100; t++) {
        momentum_step(w, g, b, 2, (float)lr, (float)mu);
        double mu_t = pow((double)(float)mu, t), m = (double)(float)mu;
        for (int i = 0; i < 2; i++) {
            double expected_b = (1.0 - mu_t) / (1.0 - m) * g[i];
            double expected_w =
                w0[i] - (double)(float)lr * g[i] / (1.0 - m) * (t - m * (1.0 - mu_t) / (1.0 - m));
            struct at where = AT("momentum_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "b";
            if (t > 1 && fabs(b[i] - g[i]) < 1e-6)
                where.hint = "b stays equal to g: the old velocity must be kept and scaled by mu";
            else if (fabs(b[i] - (1.0 - mu_t) * g[i]) < 1e-4)
                where.hint = "your b tends to g, the moving average b = mu*b + (1-mu)*g; "
                             "b = mu*b + g must tend to g / (1 - mu), ten times g for mu = 0.9: "
                             "drop the (1 - mu) factor on g";
            else
                where.hint = "b[i] = mu*b[i] + g[i]: a constant g must build up to g / (1 - mu)";
            expect_close_tol(where, expected_b, b[i], 1e-5, 1e-6);
            where.quantity = "w";
            where.hint = "w[i] -= lr*b[i], with the b[i] of this step";
            expect_close_tol(where, expected_w, w[i], 1e-5, 1e-5);
        }
    }
}

/* ---- Three forms of momentum: the same at a constant rate -------------------------- */

static void test_momentum_matches_the_other_forms_at_a_constant_rate(void **state)
{
    (void)state;
    /* On the valley f = 0.1 w0^2 + 2 w1^2 (gradient (0.2 w0, 4 w1)) from
     * (-10, 1), run three oracles in double next to the student's kernel,
     * with lr = 0.05 and mu = 0.9 for 300 steps:
     *   textbook:        v = mu*v - lr*g;           w += v
     *   moving average:  m = mu*m + (1 - mu)*g;     w -= (lr / (1 - mu)) * m
     *   PyTorch:         b = mu*b + g;              w -= lr*b
     * By induction v = -lr*b and m = (1 - mu)*b at every step (all start at
     * 0, and each update is the same linear map scaled), so all three give
     * the same w and the student's b must equal -v/lr and m/(1 - mu). The
     * float run drifts from the double oracles only by rounding, damped by
     * the stable dynamics (|root| = sqrt(0.9) = 0.95 per step): well within
     * a relative 1e-4 or an absolute 1e-5. */
    const double mu = (double)0.9f, lr = (double)0.05f;
    const float h[2] = {0.2f, 4.0f};
    double textbook_w[2] = {-10.0, 1.0}, v[2] = {0.0, 0.0};
    double average_w[2] = {-10.0, 1.0}, m[2] = {0.0, 0.0};
    float w[2] = {-10.0f, 1.0f}, b[2] = {0.0f, 0.0f};
    for (int t = 1; t <= 300; t++) {
        float g[2] = {h[0] * w[0], h[1] * w[1]};
        momentum_step(w, g, b, 2, (float)lr, (float)mu);
        for (int i = 0; i < 2; i++) {
            v[i] = mu * v[i] - lr * (h[i] * textbook_w[i]);
            textbook_w[i] += v[i];
            m[i] = mu * m[i] + (1.0 - mu) * (h[i] * average_w[i]);
            average_w[i] -= lr / (1.0 - mu) * m[i];
            struct at where = AT("momentum_step", "Three ways to write momentum");
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "at a constant lr the three forms take the same path: check "
                         "b = mu*b + g and w -= lr*b";
            expect_close_tol(where, textbook_w[i], w[i], 1e-4, 1e-5);
            expect_close_tol(where, average_w[i], w[i], 1e-4, 1e-5);
            where.quantity = "b";
            where.hint = "PyTorch's buffer is b = -v/lr of the textbook form: it holds a sum "
                         "of gradients, not of steps";
            expect_close_tol(where, -v[i] / lr, b[i], 1e-4, 1e-5);
        }
    }
}

/* ---- ... and different once the rate changes ---------------------------------------- */

static void test_momentum_forms_part_when_the_rate_changes(void **state)
{
    (void)state;
    /* Fixed gradients G_t (from the reference header, independent of w), mu
     * = 0.9, lr_1 = 0.1 for steps 1..20 and lr_2 = 0.05 from step k = 21 on.
     * Three things are checked at every step:
     * 1. The student's w matches PyTorch's (REF_CHANGE_W): torch applies the
     *    new rate to the whole buffer at once, w_t = w_(t-1) - lr_t b_t.
     * 2. The textbook form v_t = mu v_(t-1) - lr_t G_t, w_t = w_(t-1) + v_t
     *    (oracle below, in double) agrees before the change ...
     * 3. ... and after it runs ahead of PyTorch's by an amount in closed
     *    form. Both forms see the same gradients, so only the steps differ.
     *    Unrolling both velocities, for t >= k:
     *      textbook step  v_t     = -sum_{s<=t} mu^(t-s) lr_s G_s
     *      PyTorch step  -lr_2 b_t = -sum_{s<=t} mu^(t-s) lr_2 G_s
     *    and the terms with s >= k are equal, so
     *      (PyTorch step) - (textbook step) = (lr_1 - lr_2) sum_{s<k} mu^(t-s) G_s
     *                                       = (lr_1 - lr_2) mu^(t-k+1) b_(k-1).
     *    Summing over steps k..t:
     *      w_torch_t - w_textbook_t = (lr_1 - lr_2) b_(k-1) mu (1 - mu^(t-k+1)) / (1 - mu).
     *    The old gradients keep being applied at the old rate in the textbook
     *    form, with weights mu, mu^2, ...: a gap that grows to 9 (lr_1 - lr_2) b_(k-1).
     * Tolerance: torch's float steps and ours differ by a rounding or two per
     * step (torch may fuse the multiply-add); over 40 steps of |w| < 10 the
     * measured difference is below 1e-6, so an absolute 2e-5 is ample, and
     * far below the gap (about 0.45 * |b_(k-1)|). */
    const double mu = (double)REF_CHANGE_MU;
    const double lr1 = (double)REF_CHANGE_LR_BEFORE, lr2 = (double)REF_CHANGE_LR_AFTER;
    const int k = REF_CHANGE_AT;
    float w[REF_CHANGE_N], b[REF_CHANGE_N];
    double textbook_w[REF_CHANGE_N], v[REF_CHANGE_N], b_before_change[REF_CHANGE_N];
    for (int i = 0; i < REF_CHANGE_N; i++) {
        w[i] = REF_CHANGE_W0[i];
        b[i] = 0.0f;
        textbook_w[i] = REF_CHANGE_W0[i];
        v[i] = 0.0;
        b_before_change[i] = 0.0;
    }
    for (int t = 1; t <= REF_CHANGE_STEPS; t++) {
        const float *g = &REF_CHANGE_G[(t - 1) * REF_CHANGE_N];
        double lr = t < k ? lr1 : lr2;
        momentum_step(w, g, b, REF_CHANGE_N, (float)lr, (float)mu);
        for (int i = 0; i < REF_CHANGE_N; i++) {
            v[i] = mu * v[i] - lr * g[i];
            textbook_w[i] += v[i];
            if (t < k) /* b_(k-1), in double: the PyTorch buffer just before the change */
                b_before_change[i] = mu * b_before_change[i] + g[i];
            double gap = 0.0;
            if (t >= k)
                gap = (lr1 - lr2) * b_before_change[i] * mu * (1.0 - pow(mu, t - k + 1)) /
                      (1.0 - mu);

            struct at where = AT("momentum_step", "When the learning rate changes");
            where.index = i;
            where.step = t;
            where.quantity = "w (against PyTorch)";
            if (t >= k && fabs(w[i] - textbook_w[i]) < 1e-4)
                where.hint = "you followed the textbook form v = mu*v - lr*g: PyTorch keeps "
                             "lr out of the buffer (b = mu*b + g) and multiplies the whole "
                             "buffer by the current lr";
            else
                where.hint = "b[i] = mu*b[i] + g[i], then w[i] -= lr*b[i] with this call's lr";
            expect_close_tol(where, (double)REF_CHANGE_W[(t - 1) * REF_CHANGE_N + i], w[i], 0.0,
                             2e-5);
            where.quantity = "w - (textbook w)";
            expect_close_tol(where, gap, (double)w[i] - textbook_w[i], 0.0, 2e-5);
        }
    }
}

/* ---- A long run against PyTorch ------------------------------------------------------ */

static void check_long_run(float mu, const float *reference_w, const float *reference_b)
{
    /* f(w) = sum_i h_i/2 (w_i - c_i)^2, so g_i = h_i (w_i - c_i), computed in
     * float exactly as the reference script computes it in float32. */
    float w[REF_N], b[REF_N], g[REF_N];
    for (int i = 0; i < REF_N; i++) {
        w[i] = REF_W0[i];
        b[i] = 0.0f;
    }
    int checkpoint = 0;
    for (long t = 1; t <= REF_LONG_STEPS; t++) {
        for (int i = 0; i < REF_N; i++)
            g[i] = REF_H[i] * (w[i] - REF_C[i]);
        momentum_step(w, g, b, REF_N, REF_LONG_LR, mu);
        if (checkpoint == REF_CHECKPOINTS || REF_CHECKPOINT_STEP[checkpoint] != t)
            continue;
        for (int i = 0; i < REF_N; i++) {
            struct at where = AT("momentum_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = mu > 0.95f ? "w (mu = 0.99)" : "w (mu = 0.9)";
            where.hint = "torch.optim.SGD(momentum=mu): b = mu*b + g, w -= lr*b";
            expect_close_tol(where, reference_w[checkpoint * REF_N + i], w[i], 1e-4, 1e-4);
            where.quantity = mu > 0.95f ? "b (mu = 0.99)" : "b (mu = 0.9)";
            expect_close_tol(where, reference_b[checkpoint * REF_N + i], b[i], 1e-4, 1e-4);
        }
        checkpoint++;
    }
}

static void test_momentum_matches_pytorch_over_1000_steps(void **state)
{
    (void)state;
    /* 1000 steps on a six-dimensional quadratic with curvatures 0.05 to 15,
     * against torch.optim.SGD(lr=0.05, momentum=mu) for mu = 0.9 and 0.99.
     * Tolerance: torch's float32 arithmetic and ours may round a step
     * differently (fused multiply-add in torch's vectorised kernels); the
     * linear recurrence is stable, so such differences do not grow beyond
     * about 1/(1 - sqrt(mu)) = 200 roundings of the largest value (|b| < 100):
     * measured below 3e-5. A relative and absolute 1e-4 is a safe bound and
     * still catches any wrong formula on the first checkpoint. */
    check_long_run(REF_MU90_MU, REF_MU90_W, REF_MU90_B);
    check_long_run(REF_MU99_MU, REF_MU99_W, REF_MU99_B);
}

/* ---- Questions: the exercises answered in answers.txt -------------------------
 * Each check compares a hash of the student's answer, rounded as the
 * exercise asks, with the hash of the right answer (made with
 * `judge --answer-hash ID DIGITS VALUE`), so the release holds no answer in
 * readable form. The right values are derived in hidden.c, which checks
 * them with the tolerance the exercise states. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0x658de92b1f3a18dfULL,
                         "the first step with f < 1e-6 for mu = 0.8 (3 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0xa1846a7e135dd018ULL,
                         "the mu at which the floor's two roots coincide (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0xfae8ba2bd3776794ULL,
                         "PyTorch's lr for the moving-average run (3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 3, 0xefdbba1d52392a14ULL,
                         "the textbook form's extra travel, in steps at the new rate "
                         "(3 significant digits)");
}

static const struct harness_test tests[] = {
    {"momentum_first_step", test_momentum_first_step, 10, 2,
     "the first step: b = g and w - lr*g, from a zero buffer"},
    {"momentum_three_steps_by_hand", test_momentum_three_steps_by_hand, 20, 2,
     "three steps derived by hand: agreeing gradients add, flipping ones cancel"},
    {"momentum_mu_zero_is_plain_sgd", test_momentum_mu_zero_is_plain_sgd, 10, 2,
     "mu = 0 forgets the old buffer and gives w - lr*g bit for bit"},
    {"momentum_leaves_g_alone_and_n_zero_does_nothing",
     test_momentum_leaves_g_alone_and_n_zero_does_nothing, 5, 2,
     "g is not written; n = 0 touches nothing"},
    {"momentum_constant_gradient_reaches_terminal_velocity",
     test_momentum_constant_gradient_reaches_terminal_velocity, 10, 2,
     "a constant gradient builds b up to g / (1 - mu), as the geometric sum says"},
    {"momentum_matches_the_other_forms_at_a_constant_rate",
     test_momentum_matches_the_other_forms_at_a_constant_rate, 10, 2,
     "300 valley steps: same path as the textbook and moving-average forms"},
    {"momentum_forms_part_when_the_rate_changes", test_momentum_forms_part_when_the_rate_changes,
     15, 2, "lr halves at step 21: PyTorch's path, and the computed gap to the textbook form"},
    {"momentum_matches_pytorch_over_1000_steps", test_momentum_matches_pytorch_over_1000_steps, 20,
     5, "1000 steps against torch.optim.SGD(momentum=0.9 and 0.99)"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the steps for mu = 0.8, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the best momentum for the floor"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: a rate from the moving-average form"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the extra travel after a rate cut"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
