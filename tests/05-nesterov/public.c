/* Lesson 05, public tests: Nesterov accelerated gradient.
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

static const char *const SECTION = "The update in PyTorch's form";

/* ---- Recognising the common mistakes --------------------------------------
 * Each plausible wrong version of the update is replayed in double next to
 * the right one; when the student's value matches a wrong one, the hint
 * names that mistake. */
enum variant {
    RIGHT,              /* b = mu*b + g;  w -= lr*(g + mu*b)           */
    PLAIN_MOMENTUM,     /* b = mu*b + g;  w -= lr*b       (lesson 04); the same as
                         * w -= lr*(g + mu*b_old), then b = mu*b + g,
                         * since g + mu*b_old is the new b              */
    SWAPPED_MU,         /* b = mu*b + g;  w -= lr*(mu*g + b)           */
    ADDED_THE_STEP,     /* b = mu*b + g;  w += lr*(g + mu*b)           */
    FORGOT_THE_BUFFER,  /* b = g every step                            */
    VARIANTS
};

static const char *const variant_hint[VARIANTS] = {
    [RIGHT] = "b[i] = mu*b[i] + g[i], then w[i] -= lr*(g[i] + mu*b[i]) with the new b[i]",
    [PLAIN_MOMENTUM] = "this is lesson 04's momentum, w -= lr*b (which is also what "
                       "g + mu*b gives with the OLD b): update b first, then step by "
                       "lr*(g + mu*b) with the new b",
    [SWAPPED_MU] = "mu multiplies the velocity, not the gradient: the step is g + mu*b, "
                   "not mu*g + b",
    [ADDED_THE_STEP] = "you moved uphill: subtract lr*(g[i] + mu*b[i]) from w[i]",
    [FORGOT_THE_BUFFER] = "the velocity is not remembered: b[i] must keep mu*b[i] from the "
                          "last call plus the new g[i]",
};

/* One step of every variant on one coordinate; w[v], b[v] hold variant v. */
static void variants_step(double w[VARIANTS], double b[VARIANTS], double g, double lr, double mu)
{
    b[RIGHT] = mu * b[RIGHT] + g;
    w[RIGHT] -= lr * (g + mu * b[RIGHT]);
    b[PLAIN_MOMENTUM] = mu * b[PLAIN_MOMENTUM] + g;
    w[PLAIN_MOMENTUM] -= lr * b[PLAIN_MOMENTUM];
    b[SWAPPED_MU] = mu * b[SWAPPED_MU] + g;
    w[SWAPPED_MU] -= lr * (mu * g + b[SWAPPED_MU]);
    b[ADDED_THE_STEP] = mu * b[ADDED_THE_STEP] + g;
    w[ADDED_THE_STEP] += lr * (g + mu * b[ADDED_THE_STEP]);
    b[FORGOT_THE_BUFFER] = g;
    w[FORGOT_THE_BUFFER] -= lr * (g + mu * g);
}

/* Whether `got` is the value of wrong variant v (and that differs from the
 * right value, so the match means something). */
static int matches(const double value[VARIANTS], int v, double got)
{
    return fabs(value[v] - value[RIGHT]) > 1e-6 * (1.0 + fabs(value[RIGHT])) &&
           fabs(got - value[v]) <= 1e-6 * (1.0 + fabs(value[v]));
}

/* The hint for a value `got` that should be value[RIGHT]. */
static const char *pick_hint(const double value[VARIANTS], double got)
{
    for (int v = RIGHT + 1; v < VARIANTS; v++)
        if (matches(value, v, got))
            return variant_hint[v];
    return variant_hint[RIGHT];
}

/* Checks w and b of a run of hand-derived steps, naming mistakes. */
static void check_hand_steps(size_t n, size_t steps, const float *g, const float *w_start,
                             float lr, float mu, const double *expected_b,
                             const double *expected_w)
{
    float w[4], b[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    double vw[4][VARIANTS], vb[4][VARIANTS];
    for (size_t i = 0; i < n; i++) {
        w[i] = w_start[i];
        for (int v = 0; v < VARIANTS; v++) {
            vw[i][v] = w_start[i];
            vb[i][v] = 0.0;
        }
    }
    for (size_t t = 0; t < steps; t++) {
        nesterov_step(w, &g[t * n], b, n, lr, mu);
        for (size_t i = 0; i < n; i++) {
            variants_step(vw[i], vb[i], g[t * n + i], lr, mu);
            struct at where = AT("nesterov_step", SECTION);
            where.index = (long)i;
            where.step = (long)t + 1;
            where.quantity = "b";
            where.hint = pick_hint(vb[i], b[i]);
            expect_close(where, expected_b[t * n + i], b[i]);
            where.quantity = "w";
            where.hint = pick_hint(vw[i], w[i]);
            expect_close(where, expected_w[t * n + i], w[i]);
        }
    }
}

/* ---- Hand-derived steps ------------------------------------------------------------ */

static void test_nesterov_first_step(void **state)
{
    (void)state;
    /* From b = 0: b = mu*0 + g = g, and the step is g + mu*b = (1 + mu) g.
     * w = (1, -2, 0.5), g = (0.5, -1, 4), lr = 0.25, mu = 0.5:
     *   b = (0.5, -1, 4)
     *   w = w - 0.25 * 1.5 * g = (1 - 0.1875, -2 + 0.375, 0.5 - 1.5)
     *     = (0.8125, -1.625, -1).
     * (Lesson 04's momentum would move by lr*g only: (0.875, -1.75, -0.5).) */
    const float w0[3] = {1.0f, -2.0f, 0.5f};
    const float g[3] = {0.5f, -1.0f, 4.0f};
    const double expected_b[3] = {0.5, -1.0, 4.0};
    const double expected_w[3] = {0.8125, -1.625, -1.0};
    check_hand_steps(3, 1, g, w0, 0.25f, 0.5f, expected_b, expected_w);
}

static void test_nesterov_three_steps_by_hand(void **state)
{
    (void)state;
    /* lr = 0.25, mu = 0.5, w = (2, -1), b = (0, 0); all numbers are short
     * binary fractions, exact in float.
     * Step 1, g = (1, 2):   b = (1, 2);           g + mu*b = (1.5, 3)
     *                       w = (2 - 0.375, -1 - 0.75)         = (1.625, -1.75)
     * Step 2, g = (1, -2):  b = 0.5*(1, 2) + (1, -2) = (1.5, -1)
     *                       g + mu*b = (1 + 0.75, -2 - 0.5)    = (1.75, -2.5)
     *                       w = (1.625 - 0.4375, -1.75 + 0.625) = (1.1875, -1.125)
     * Step 3, g = (0, 0):   b = (0.75, -0.5);     g + mu*b = (0.375, -0.25)
     *                       w = (1.1875 - 0.09375, -1.125 + 0.0625)
     *                         = (1.09375, -1.0625)
     * Lesson 04's momentum with the same numbers ends at (1.1875, -1.125). */
    const float w0[2] = {2.0f, -1.0f};
    const float g[6] = {1.0f, 2.0f, 1.0f, -2.0f, 0.0f, 0.0f};
    const double expected_b[6] = {1.0, 2.0, 1.5, -1.0, 0.75, -0.5};
    const double expected_w[6] = {1.625, -1.75, 1.1875, -1.125, 1.09375, -1.0625};
    check_hand_steps(2, 3, g, w0, 0.25f, 0.5f, expected_b, expected_w);
}

/* ---- mu = 0 is plain gradient descent ------------------------------------------------ */

static void test_nesterov_mu_zero_is_plain_sgd(void **state)
{
    (void)state;
    /* mu = 0: b = g and the step is g + 0*b = g, so w - lr*g exactly, and
     * a leftover buffer (3, -5, 7, 0.25) is forgotten. lr = 0.25 and short
     * binary fractions make every operation exact:
     *   step 1, g = (1, -2, 0.5, 8):  w = (4, 4, -1, 0) - 0.25*g = (3.75, 4.5, -1.125, -2)
     *   step 2, g = (-4, 0.5, 2, 1):  w = (4.75, 4.375, -1.625, -2.25) */
    const float g[2][4] = {{1.0f, -2.0f, 0.5f, 8.0f}, {-4.0f, 0.5f, 2.0f, 1.0f}};
    const float expected_w[2][4] = {{3.75f, 4.5f, -1.125f, -2.0f},
                                    {4.75f, 4.375f, -1.625f, -2.25f}};
    float w[4] = {4.0f, 4.0f, -1.0f, 0.0f};
    float b[4] = {3.0f, -5.0f, 7.0f, 0.25f};
    for (int t = 0; t < 2; t++) {
        nesterov_step(w, g[t], b, 4, 0.25f, 0.0f);
        for (int i = 0; i < 4; i++) {
            struct at where = AT("nesterov_step", SECTION);
            where.index = i;
            where.step = t + 1;
            where.quantity = "b";
            where.hint = "with mu = 0 the old velocity is multiplied by 0: b[i] becomes g[i]";
            expect_exact(where, g[t][i], b[i]);
            where.quantity = "w";
            where.hint = "with mu = 0, Nesterov is plain gradient descent: w[i] - lr*g[i]";
            expect_exact(where, expected_w[t][i], w[i]);
        }
    }
}

static void test_nesterov_leaves_g_alone_and_n_zero_does_nothing(void **state)
{
    (void)state;
    float w[3] = {1.0f, 2.0f, 3.0f}, b[3] = {0.5f, 0.5f, 0.5f};
    float g[3] = {0.1f, -0.2f, 0.3f};
    const float g_before[3] = {0.1f, -0.2f, 0.3f};
    nesterov_step(w, g, b, 3, 0.1f, 0.9f);
    for (int i = 0; i < 3; i++) {
        struct at where = AT("nesterov_step", SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "g is read only: compute g[i] + mu*b[i] in a local variable";
        expect_exact(where, g_before[i], g[i]);
    }
    float w1[1] = {7.0f}, b1[1] = {-3.0f};
    const float g1[1] = {1.0f};
    nesterov_step(w1, g1, b1, 0, 0.5f, 0.9f);
    struct at where = AT("nesterov_step", SECTION);
    where.hint = "with n = 0 there is nothing to update: loop over i < n only; a changed "
                 "value here is a write out of bounds: make test LESSON=5 SAN=1 "
                 "shows the line";
    where.quantity = "w (n = 0)";
    expect_exact(where, 7.0f, w1[0]);
    where.quantity = "b (n = 0)";
    expect_exact(where, -3.0f, b1[0]);
}

/* ---- A constant gradient: one step ahead of momentum ------------------------------------ */

static void test_nesterov_constant_gradient_runs_one_step_ahead(void **state)
{
    (void)state;
    /* With a constant g, b_t = (1 - mu^t)/(1 - mu) g as in lesson 04, and the
     * step is
     *   g + mu b_t = (1 + mu + ... + mu^t) g = (1 - mu^(t+1))/(1 - mu) g = b_(t+1):
     * Nesterov takes at step t the step momentum would take at step t + 1.
     * Summing the steps s = 1..t:
     *   w_t = w_0 - lr g/(1 - mu) * sum_{s=2..t+1} (1 - mu^s)
     *       = w_0 - lr g/(1 - mu) * (t - mu^2 (1 - mu^t)/(1 - mu)).
     * 100 steps with lr = 0.01, mu = 0.9. */
    const double m = (double)0.9f, lr = (double)0.01f;
    const float g[2] = {1.0f, -0.25f};
    float w[2] = {0.0f, 5.0f}, b[2] = {0.0f, 0.0f};
    const double w0[2] = {0.0, 5.0};
    for (int t = 1; t <= 100; t++) {
        nesterov_step(w, g, b, 2, (float)lr, (float)m);
        double mu_t = pow(m, t);
        for (int i = 0; i < 2; i++) {
            double expected_b = (1.0 - mu_t) / (1.0 - m) * g[i];
            double expected_w = w0[i] - lr * g[i] / (1.0 - m) * (t - m * m * (1.0 - mu_t) / (1.0 - m));
            double momentum_w = w0[i] - lr * g[i] / (1.0 - m) * (t - m * (1.0 - mu_t) / (1.0 - m));
            struct at where = AT("nesterov_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "b";
            where.hint = "b[i] = mu*b[i] + g[i]: a constant g builds b up to g / (1 - mu)";
            expect_close_tol(where, expected_b, b[i], 1e-5, 1e-6);
            where.quantity = "w";
            if (fabs(w[i] - momentum_w) < 1e-4 * (1.0 + fabs(momentum_w)))
                where.hint = variant_hint[PLAIN_MOMENTUM];
            else
                where.hint = "each step must be lr*(g + mu*b) with this step's b";
            expect_close_tol(where, expected_w, w[i], 1e-5, 1e-5);
        }
    }
}

/* ---- The same algorithm as the look-ahead form ---------------------------------------------- */

/* A rotated valley: f(w) = 1/2 (w - c)^T A (w - c) with
 *   A = [[2.1, 1.9], [1.9, 2.1]]   (eigenvalues 4 and 0.2, axes at 45 degrees),
 * gradient A (w - c). */
static const double ROT_A[2][2] = {{2.1, 1.9}, {1.9, 2.1}};
static const double ROT_C[2] = {1.0, -2.0};

static void rotated_gradient_double(const double w[2], double g[2])
{
    for (int i = 0; i < 2; i++)
        g[i] = ROT_A[i][0] * (w[0] - ROT_C[0]) + ROT_A[i][1] * (w[1] - ROT_C[1]);
}

static void test_nesterov_is_the_look_ahead_method(void **state)
{
    (void)state;
    /* Nesterov's method as Sutskever et al. (2013) write it, with the
     * gradient taken at the look-ahead point theta + mu v:
     *   v_(t+1)     = mu v_t - lr grad f(theta_t + mu v_t)
     *   theta_(t+1) = theta_t + v_(t+1),          theta_0 = w_0, v_0 = 0.
     * Change of variables: phi_t = theta_t + mu v_t, the point where the
     * gradient is taken. Then
     *   phi_(t+1) = theta_(t+1) + mu v_(t+1) = theta_t + v_(t+1) + mu v_(t+1)
     *             = phi_t + mu v_(t+1) + (v_(t+1) - mu v_t)
     *             = phi_t + mu v_(t+1) - lr grad f(phi_t),
     * because theta_t = phi_t - mu v_t and v_(t+1) - mu v_t = -lr grad f(phi_t).
     * With b_t = -v_t / lr and g_t = grad f(phi_t) this reads
     *   b_(t+1) = mu b_t + g_t,   phi_(t+1) = phi_t - lr (g_t + mu b_(t+1)),
     * PyTorch's update, with phi_0 = theta_0 = w_0 and b_0 = 0. So the exact
     * relation between the two sequences is, at every step t,
     *   w_t = theta_t + mu v_t   and   b_t = -v_t / lr.
     * The oracle below runs the look-ahead form in double for 300 steps on
     * the rotated valley (lr = 0.05, mu = 0.9); the student's float run must
     * follow it up to rounding, which the stable dynamics keep below a
     * relative 1e-4 (absolute 1e-5). */
    const double lr = (double)0.05f, mu = (double)0.9f;
    double theta[2] = {-4.0, 3.0}, v[2] = {0.0, 0.0};
    double heavy_w[2] = {-4.0, 3.0}, heavy_b[2] = {0.0, 0.0}; /* lesson 04, for the hint */
    float w[2] = {-4.0f, 3.0f}, b[2] = {0.0f, 0.0f};
    for (int t = 1; t <= 300; t++) {
        /* The student's step: gradient at the current w, in float. */
        float g[2];
        for (int i = 0; i < 2; i++)
            g[i] = (float)ROT_A[i][0] * (w[0] - (float)ROT_C[0]) +
                   (float)ROT_A[i][1] * (w[1] - (float)ROT_C[1]);
        nesterov_step(w, g, b, 2, (float)lr, (float)mu);
        /* The look-ahead oracle. */
        double look[2] = {theta[0] + mu * v[0], theta[1] + mu * v[1]}, grad[2];
        rotated_gradient_double(look, grad);
        for (int i = 0; i < 2; i++) {
            v[i] = mu * v[i] - lr * grad[i];
            theta[i] += v[i];
        }
        /* Heavy ball, only to recognise a lesson-04 step. */
        double heavy_g[2];
        rotated_gradient_double(heavy_w, heavy_g);
        for (int i = 0; i < 2; i++) {
            heavy_b[i] = mu * heavy_b[i] + heavy_g[i];
            heavy_w[i] -= lr * heavy_b[i];
        }
        for (int i = 0; i < 2; i++) {
            struct at where = AT("nesterov_step", "Two forms, one algorithm");
            where.index = i;
            where.step = t;
            where.quantity = "w (against theta + mu*v of the look-ahead form)";
            if (fabs(w[i] - heavy_w[i]) < 1e-4 * (1.0 + fabs(heavy_w[i])))
                where.hint = variant_hint[PLAIN_MOMENTUM];
            else if (fabs(w[i] - theta[i]) < 1e-4 * (1.0 + fabs(theta[i])) &&
                     fabs(mu * v[i]) > 1e-3)
                where.hint = "your w is theta, the look-ahead form's own point: PyTorch's w is "
                             "the look-ahead point theta + mu*v, where the gradient is taken";
            else
                where.hint = variant_hint[RIGHT];
            expect_close_tol(where, theta[i] + mu * v[i], w[i], 1e-4, 1e-5);
            where.quantity = "b (against -v/lr of the look-ahead form)";
            expect_close_tol(where, -v[i] / lr, b[i], 1e-4, 1e-5);
        }
    }
}

/* ---- Braking: the momentum term is scaled down by the curvature ---------------------------- */

static void test_nesterov_damps_momentum_by_the_curvature(void **state)
{
    (void)state;
    /* On a one-dimensional quadratic f = h/2 w^2 (g = h w), eliminate b from
     * PyTorch's form. From the step that produced w_t,
     *   mu b_(t-1) = ((1 - lr h) w_(t-1) - w_t) / lr,
     * and the next step is
     *   w_(t+1) = w_t - lr (h w_t + mu (mu b_(t-1) + h w_t))
     *           = w_t - lr h w_t + mu (1 - lr h) (w_t - w_(t-1)).
     * Lesson 04's heavy ball gives the same with mu in place of
     * mu (1 - lr h): Nesterov keeps less of the last move where the
     * curvature h is large -- it brakes in steep directions. Checked for
     * t = 1..80 on h = 4 (the valley's steep wall), lr = 0.05, mu = 0.9,
     * where the factor is 0.9 * 0.8 = 0.72 instead of 0.9. */
    const double h = 4.0, lr = (double)0.05f, mu = (double)0.9f;
    float w[1] = {1.0f}, b[1] = {0.0f};
    double before = w[0]; /* w_(t-1) */
    float g[1] = {(float)h * w[0]};
    nesterov_step(w, g, b, 1, (float)lr, (float)mu);
    double now = w[0]; /* w_t */
    for (int t = 1; t <= 80; t++) {
        g[0] = (float)h * w[0];
        nesterov_step(w, g, b, 1, (float)lr, (float)mu);
        double expected = now - lr * h * now + mu * (1.0 - lr * h) * (now - before);
        double heavy = now - lr * h * now + mu * (now - before);
        struct at where = AT("nesterov_step", "Why it brakes");
        where.quantity = "w";
        where.step = t + 1;
        if (fabs(w[0] - heavy) < 1e-6 * (1.0 + fabs(heavy)) && fabs(heavy - expected) > 1e-6)
            where.hint = variant_hint[PLAIN_MOMENTUM];
        else
            where.hint = variant_hint[RIGHT];
        expect_close_tol(where, expected, w[0], 1e-5, 1e-7);
        before = now;
        now = w[0];
    }
}

/* ---- A long run against PyTorch ---------------------------------------------------------- */

static void check_long_run(float mu, const float *reference_w, const float *reference_b)
{
    float w[REF_N], b[REF_N], g[REF_N];
    for (int i = 0; i < REF_N; i++) {
        w[i] = REF_W0[i];
        b[i] = 0.0f;
    }
    int checkpoint = 0;
    for (long t = 1; t <= REF_STEPS; t++) {
        for (int i = 0; i < REF_N; i++)
            g[i] = REF_H[i] * (w[i] - REF_C[i]);
        nesterov_step(w, g, b, REF_N, REF_LR, mu);
        if (checkpoint == REF_CHECKPOINTS || REF_CHECKPOINT_STEP[checkpoint] != t)
            continue;
        for (int i = 0; i < REF_N; i++) {
            struct at where = AT("nesterov_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = mu > 0.95f ? "w (mu = 0.99)" : "w (mu = 0.9)";
            where.hint = "torch.optim.SGD(momentum=mu, nesterov=True): b = mu*b + g, "
                         "w -= lr*(g + mu*b)";
            expect_close_tol(where, reference_w[checkpoint * REF_N + i], w[i], 1e-4, 1e-4);
            where.quantity = mu > 0.95f ? "b (mu = 0.99)" : "b (mu = 0.9)";
            expect_close_tol(where, reference_b[checkpoint * REF_N + i], b[i], 1e-4, 1e-4);
        }
        checkpoint++;
    }
}

static void test_nesterov_matches_pytorch_over_1000_steps(void **state)
{
    (void)state;
    /* 1000 steps on a six-dimensional quadratic with curvatures 0.05 to 15,
     * against torch.optim.SGD(lr=0.05, momentum=mu, nesterov=True) for
     * mu = 0.9 and 0.99. Tolerance: torch's float32 kernels may round a step
     * differently from ours (fused multiply-add); the recurrence is stable,
     * so the differences stay within a few hundred roundings of the largest
     * value (|b| < 100). A relative and absolute 1e-4 bounds them and still
     * fails any wrong formula at the first checkpoint. */
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
    expect_answer_number("ex1", 3, 0x345d86b20a448cb9ULL,
                         "the step from which Nesterov's f < 1e-6 for good, mu = 0.5 "
                         "(3 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x125da6adbf165e10ULL,
                         "w after two steps of the PyTorch form (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0xb79600d11654a7faULL,
                         "the limit of the largest stable lr*h as mu -> 1 (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"nesterov_first_step", test_nesterov_first_step, 10, 2,
     "the first step: b = g and w - lr*(1 + mu)*g"},
    {"nesterov_three_steps_by_hand", test_nesterov_three_steps_by_hand, 20, 2,
     "three steps derived by hand, with agreeing, flipping and zero gradients"},
    {"nesterov_mu_zero_is_plain_sgd", test_nesterov_mu_zero_is_plain_sgd, 10, 2,
     "mu = 0 forgets the old buffer and gives w - lr*g bit for bit"},
    {"nesterov_leaves_g_alone_and_n_zero_does_nothing",
     test_nesterov_leaves_g_alone_and_n_zero_does_nothing, 5, 2,
     "g is not written; n = 0 touches nothing"},
    {"nesterov_constant_gradient_runs_one_step_ahead",
     test_nesterov_constant_gradient_runs_one_step_ahead, 10, 2,
     "a constant gradient: each step is momentum's next step, in closed form"},
    {"nesterov_is_the_look_ahead_method", test_nesterov_is_the_look_ahead_method, 15, 2,
     "300 steps match the look-ahead form after the change of variables"},
    {"nesterov_damps_momentum_by_the_curvature", test_nesterov_damps_momentum_by_the_curvature,
     10, 2, "on h/2 w^2 the momentum term is mu*(1 - lr*h) times the last move"},
    {"nesterov_matches_pytorch_over_1000_steps", test_nesterov_matches_pytorch_over_1000_steps, 20,
     5, "1000 steps against torch.optim.SGD(momentum=0.9 and 0.99, nesterov=True)"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the settling step, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: two steps of both forms by hand"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the stability limit as mu -> 1"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
