/* Lesson 07, public tests: RMSProp and (the optional part, 15 points) Adadelta.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from a closed form computed here in double precision, or was saved
 * from PyTorch's torch.optim.RMSprop and torch.optim.Adadelta by
 * reference/make_reference.py; none is produced by the code under test. */
#include "harness.h"
#include "lessons.h"
#include "surfaces.h"

#include "reference/reference.h"

#include <math.h>

#define SECTION "The update rule"
#define ADADELTA "Adadelta"
static const float ALPHA = 0.99f, EPS = 1e-8f; /* PyTorch's defaults for RMSprop */

/* ---- Diagnosing a wrong RMSProp step ----------------------------------------
 * Recompute what the common mistakes would give for one coordinate and name
 * the one that matches. */
static int near(double a, double b) { return fabs(a - b) <= 1e-5 * (fabs(b) + 1e-3); }

static const char *diagnose_w(double w0, double g, double v0, double lr, double alpha,
                              double eps, long t, double got)
{
    const double v = alpha * v0 + (1.0 - alpha) * g * g;
    if (g == 0.0)
        return "with g = 0 nothing may move: lr * 0 / (sqrt(v) + eps) is 0 (keep eps, or 0/0 "
               "gives NaN)";
    if (near(got, w0 + lr * g / (sqrt(v) + eps)))
        return "you moved up the gradient: subtract lr * g / (sqrt(v) + eps), do not add it";
    if (near(got, w0 - lr * g / (sqrt(v / (1.0 - pow(alpha, (double)t))) + eps)))
        return "this looks bias-corrected (v / (1 - alpha^t)): PyTorch's RMSprop has no bias "
               "correction, so the first step is lr / sqrt(1 - alpha) = 10 lr";
    if (near(got, w0 - lr * g / (sqrt(alpha * v0 + alpha * g * g) + eps)) ||
        near(got, w0 - lr * g / (sqrt((1.0 - alpha) * v0 + alpha * g * g) + eps)))
        return "alpha and 1 - alpha are swapped: v = alpha * v + (1 - alpha) * g * g";
    if (near(got, w0 - lr * g / (sqrt(v0 + g * g) + eps)))
        return "v grew like AdaGrad's sum: v = alpha * v + (1 - alpha) * g * g";
    if (near(got, w0 - lr * g / (fabs(g) + eps)) && alpha > 0.0)
        return "v seems to be g*g alone: v = alpha * v + (1 - alpha) * g * g";
    if (near(got, w0 - lr * g / (v + eps)))
        return "you divided by v itself: divide by its square root, sqrtf(v[i]) + eps";
    if (near(got, w0 - lr * g / sqrt(v + eps)))
        return "eps belongs outside the square root: sqrtf(v[i]) + eps, as in PyTorch";
    if (v0 > 0.0 && near(got, w0 - lr * g / (sqrt(v0) + eps)))
        return "you divided by the old v: update v[i] first, then use the new value";
    return "v[i] = alpha*v[i] + (1-alpha)*g*g, then w[i] -= lr * g / (sqrtf(v[i]) + eps)";
}

static const char *diagnose_v(double v0, double g, double alpha, double got)
{
    if (got == (float)v0 && g != 0.0)
        return "v did not change: store the new average back into v[i]";
    if (near(got, g * g) && alpha > 0.0 && v0 == 0.0)
        return "from v = 0 the first average is (1 - alpha) * g * g: is the factor "
               "(1 - alpha) missing?";
    if (near(got, g * g) && alpha > 0.0)
        return "v holds only g*g: v = alpha * v + (1 - alpha) * g * g";
    if (near(got, (1.0 - alpha) * v0 + alpha * g * g))
        return "alpha and 1 - alpha are swapped: alpha multiplies the old v";
    if (near(got, v0 + g * g))
        return "that is AdaGrad's sum; RMSProp keeps a moving average: "
               "v = alpha * v + (1 - alpha) * g * g";
    return "v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]";
}

/* One RMSProp step on n <= 8 coordinates, checked against the expected w
 * and v, with a diagnosis for each coordinate that is off. */
static void check_rmsprop_step(float *w, const float *g, float *v, size_t n, float lr,
                               float alpha, float eps, const double *expected_w,
                               const double *expected_v, long step)
{
    double w_before[8], v_before[8];
    for (size_t i = 0; i < n; i++) {
        w_before[i] = w[i];
        v_before[i] = v[i];
    }
    rmsprop_step(w, g, v, n, lr, alpha, eps);
    for (size_t i = 0; i < n; i++) {
        struct at where = AT("rmsprop_step", SECTION);
        where.index = (long)i;
        where.step = step;
        where.quantity = "v";
        where.hint = diagnose_v(v_before[i], g[i], alpha, v[i]);
        expect_close(where, expected_v[i], v[i]);
        where.quantity = "w";
        where.hint = diagnose_w(w_before[i], g[i], v_before[i], lr, alpha, eps, step, w[i]);
        expect_close(where, expected_w[i], w[i]);
    }
}

/* ---- RMSProp: hand-computed steps ------------------------------------------------ */

static void test_first_step_is_ten_times_lr(void **state)
{
    (void)state;
    /* From v = 0 with alpha = 0.99: v = 0.01 g^2, sqrt(v) = 0.1 |g|, and the
     * step is lr * g / (0.1 |g| + eps) = 10 lr sign(g) (up to eps), whatever
     * the size of g: no bias correction. w = (1, -2, 0.5, 3),
     * g = (0.5, -1, 4, 0.001), lr = 0.01:
     *   v = (0.0025, 0.01, 0.16, 1e-8),
     *   w = (1 - 0.1, -2 + 0.1, 0.5 - 0.1, 3 - 0.1) = (0.9, -1.9, 0.4, 2.9).
     * For g = 0.001, eps = 1e-8 is 1e-4 of 0.1|g| = 1e-4, so that step is
     * 0.1 / (1 + 1e-4): written exactly below. */
    float w[4] = {1.0f, -2.0f, 0.5f, 3.0f}, v[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const float g[4] = {0.5f, -1.0f, 4.0f, 0.001f};
    float g_copy[4] = {0.5f, -1.0f, 4.0f, 0.001f};
    const double expected_w[4] = {0.9, -1.9, 0.4, 3.0 - 0.1 / (1.0 + 1e-4)};
    const double expected_v[4] = {0.0025, 0.01, 0.16, 1e-8};
    check_rmsprop_step(w, g_copy, v, 4, 0.01f, ALPHA, EPS, expected_w, expected_v, 1);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("rmsprop_step", SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "g is an input: read it, never write it";
        expect_exact(where, g[i], g_copy[i]);
    }
}

static void test_two_steps_by_hand(void **state)
{
    (void)state;
    /* alpha = 0.36 (so 1 - alpha = 0.64 = 0.8^2), lr = 0.1, w = (1, 1);
     * gradients (1, -5) then (0.8, -4).
     * Coordinate 0: v = 0.64 * 1 = 0.64, sqrt 0.8, step 0.1/0.8 = 0.125,
     *   w = 0.875; v = 0.36 * 0.64 + 0.64 * 0.64 = 0.64, step 0.1 * 0.8/0.8
     *   = 0.1, w = 0.775.
     * Coordinate 1: v = 0.64 * 25 = 16, sqrt 4, step 0.1 * (-5)/4 = -0.125,
     *   w = 1.125; v = 0.36 * 16 + 0.64 * 16 = 16, step -0.1, w = 1.225. */
    float w[2] = {1.0f, 1.0f}, v[2] = {0.0f, 0.0f};
    const float g1[2] = {1.0f, -5.0f}, g2[2] = {0.8f, -4.0f};
    const double w1[2] = {0.875, 1.125}, w2[2] = {0.775, 1.225};
    const double v1[2] = {0.64, 16.0}, v2[2] = {0.64, 16.0};
    check_rmsprop_step(w, g1, v, 2, 0.1f, 0.36f, EPS, w1, v1, 1);
    check_rmsprop_step(w, g2, v, 2, 0.1f, 0.36f, EPS, w2, v2, 2);
}

static void test_alpha_zero_is_sign_descent(void **state)
{
    (void)state;
    /* alpha = 0 keeps no memory: v = 0 * v + 1 * g^2 = g^2 exactly, and the
     * step is lr * g / (|g| + eps) = lr * sign(g) up to eps. Five steps of
     * lr = 0.05 with gradients of very different sizes: each moves w by
     * 0.05 (written with its eps below). */
    const float lr = 0.05f;
    const float gs[5] = {3.0f, -0.02f, 500.0f, 1e-3f, -7.0f};
    float w[1] = {1.0f}, v[1] = {0.0f};
    double expected = 1.0;
    for (long t = 1; t <= 5; t++) {
        const float g[1] = {gs[t - 1]};
        double w_before = w[0], v_before = v[0];
        rmsprop_step(w, g, v, 1, lr, 0.0f, EPS);
        expected -= (double)lr * g[0] / (fabs((double)g[0]) + (double)EPS);
        struct at where = AT("rmsprop_step", SECTION);
        where.step = t;
        where.index = 0;
        where.quantity = "v";
        where.hint = diagnose_v(v_before, g[0], 0.0, v[0]);
        expect_exact(where, g[0] * g[0], v[0]);
        where.quantity = "w";
        where.hint = diagnose_w(w_before, g[0], v_before, lr, 0.0, EPS, t, w[0]);
        expect_close(where, expected, w[0]);
    }
}

static void test_alpha_near_one_takes_long_first_steps(void **state)
{
    (void)state;
    /* alpha = 0.9999 and a constant gradient g: from v = 0,
     *   v_t = (1 - alpha^t) g^2   (a geometric sum), so
     *   step_t = lr * g / (|g| sqrt(1 - alpha^t) + eps) ~ lr / sqrt(1 - alpha^t).
     * The first step is lr / sqrt(1e-4) = 100 lr; the fifth lr / sqrt(5e-4)
     * = 44.7 lr. (1 - 0.9999f is exact in float; the closed form uses the
     * float value of alpha.) lr = 0.001, g = (2, -0.5). */
    const float lr = 0.001f, alpha = 0.9999f;
    const double a = (double)alpha;
    const float g[2] = {2.0f, -0.5f};
    float w[2] = {0.0f, 0.0f}, v[2] = {0.0f, 0.0f};
    double expected_w[2] = {0.0, 0.0};
    for (long t = 1; t <= 5; t++) {
        double w_before[2] = {w[0], w[1]}, v_before[2] = {v[0], v[1]};
        rmsprop_step(w, g, v, 2, lr, alpha, EPS);
        double remaining = 1.0 - pow(a, (double)t);
        for (int i = 0; i < 2; i++) {
            double gi = g[i];
            expected_w[i] -= lr * gi / (fabs(gi) * sqrt(remaining) + EPS);
            struct at where = AT("rmsprop_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "v";
            where.hint = diagnose_v(v_before[i], gi, a, v[i]);
            expect_close_tol(where, remaining * gi * gi, v[i], 1e-5, 0.0);
            where.quantity = "w";
            where.hint = diagnose_w(w_before[i], gi, v_before[i], lr, a, EPS, t, w[i]);
            expect_close_tol(where, expected_w[i], w[i], 1e-5, 0.0);
        }
    }
}

static void test_old_gradients_are_forgotten(void **state)
{
    (void)state;
    /* One coordinate: g = 10 for 50 steps, then g = 0.1 for 250 steps, then
     * g = 0 for 10 steps. With alpha = 0.99, from v = 0:
     *   after the burst     v_50  = (1 - 0.99^50) * 100,
     *   k steps later       v     = 0.99^k v_50 + (1 - 0.99^k) * 0.01,
     *   with g = 0          v     = 0.99 v each step, and w does not move.
     * The effective rate lr / (sqrt(v) + eps) recovers: at step 50 it is
     * lr / sqrt(39.5) = 0.159 lr; at step 300, v = 0.99^250 * 39.5 + 0.0092
     * = 3.22 and the rate is lr / 1.79 = 0.56 lr, 3.5 times larger (and
     * still rising). AdaGrad's sum would hold 5002.5: a rate of 0.014 lr. */
    const double a = (double)ALPHA;
    const float lr = 0.001f;
    float w[1] = {0.0f}, v[1] = {0.0f};
    const double v50 = (1.0 - pow(a, 50.0)) * 100.0;
    double rate_at_50 = 0.0;
    for (long t = 1; t <= 310; t++) {
        const float g[1] = {t <= 50 ? 10.0f : t <= 300 ? 0.1f : 0.0f};
        float w_before = w[0];
        double v_before = v[0];
        rmsprop_step(w, g, v, 1, lr, ALPHA, EPS);
        struct at where = AT("rmsprop_step", "Forgetting: a moving average");
        where.index = 0;
        where.step = t;
        where.quantity = "v";
        where.hint = diagnose_v(v_before, g[0], a, v[0]);
        double expected = -1.0;
        if (t == 50)
            expected = v50;
        else if (t == 100 || t == 300)
            expected = pow(a, (double)(t - 50)) * v50 + (1.0 - pow(a, (double)(t - 50))) * 0.01;
        if (expected >= 0.0)
            expect_close_tol(where, expected, v[0], 1e-4, 0.0);
        if (t == 50)
            rate_at_50 = (double)lr / (sqrt((double)v[0]) + EPS);
        if (t == 300) {
            double rate = (double)lr / (sqrt((double)v[0]) + EPS);
            where.quantity = "lr / (sqrt(v) + eps)";
            where.hint = "a moving average forgets: v must decay by alpha every step";
            expect_that(where, rate > 3.0 * rate_at_50,
                        "the effective rate should have recovered from %.4g (step 50) to "
                        "over 3 times that, got %.4g",
                        rate_at_50, rate);
        }
        if (t > 300) {
            where.quantity = "v";
            where.hint = "with g = 0, v only decays: v = alpha * v";
            expect_close(where, a * v_before, v[0]);
            where.quantity = "w";
            where.hint = "a zero gradient must not move w";
            expect_exact(where, w_before, w[0]);
        }
    }
}

static void test_no_parameters_touches_nothing(void **state)
{
    (void)state;
    float w[1] = {7.0f}, v[1] = {3.0f};
    const float g[1] = {1.0f};
    rmsprop_step(w, g, v, 0, 0.5f, ALPHA, EPS);
    struct at where = AT("rmsprop_step", SECTION);
    where.index = 0;
    where.hint = "with n = 0 there is nothing to update: loop over i < n only; a changed "
                 "value here is a write out of bounds: make test LESSON=7 SAN=1 "
                 "shows the line";
    where.quantity = "w";
    expect_exact(where, 7.0f, w[0]);
    where.quantity = "v";
    expect_exact(where, 3.0f, v[0]);
}

/* ---- RMSProp: long runs against PyTorch ----------------------------------------------
 * Tolerance: our float expression and torch's (w + (-lr) * (g / (sqrt(v) +
 * eps)), with 1 - alpha rounded from a double) differ in the last bit of
 * some steps, about 1e-7 relative. On the quadratic the run contracts and
 * the solution agrees to 3e-6; we allow 2e-5 (plus 1e-6 absolute near 0). */

static void test_long_run_matches_pytorch(void **state)
{
    (void)state;
    /* f = sum h_i/2 w_i^2, g_i = h_i w_i in float; coordinate 5 gets its
     * gradient only on steps 1, 51, 101, ... 1000 steps of lr = 0.001. */
    float w[6], v[6] = {0}, g[6];
    for (int i = 0; i < 6; i++)
        w[i] = quadratic_start[i];
    size_t checkpoint = 0;
    for (long t = 1; t <= 1000; t++) {
        for (int i = 0; i < 6; i++)
            g[i] = quadratic_h[i] * w[i];
        if (t % 50 != 1)
            g[5] = 0.0f;
        rmsprop_step(w, g, v, 6, rmsprop_quadratic_lr, ALPHA, EPS);
        if (t != rmsprop_quadratic_steps[checkpoint])
            continue;
        for (int i = 0; i < 6; i++) {
            struct at where = AT("rmsprop_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "compare with torch.optim.RMSprop: v = alpha v + (1 - alpha) g^2, "
                         "w -= lr g / (sqrt(v) + eps), no bias correction";
            expect_close_tol(where, rmsprop_quadratic_w[checkpoint][i], w[i], 2e-5, 1e-6);
            where.quantity = "v";
            where.hint = "v is the moving average of g*g, decaying by alpha when g = 0";
            expect_close_tol(where, rmsprop_quadratic_v[checkpoint][i], v[i], 2e-5, 1e-6);
        }
        checkpoint++;
    }
}

static void test_rosenbrock_run_matches_pytorch(void **state)
{
    (void)state;
    /* Rosenbrock from (-1.5, 2) with the trainer's gradient (surfaces.h),
     * 1000 steps of lr = 0.001. The path agrees with PyTorch to 2e-5 at
     * step 1000; we allow 2e-4. v is compared up to step 100 only: later the
     * x-gradient on the valley floor is a small difference of two large terms,
     * so last-bit differences in w move v_x by percents (w stays close). */
    float w[2] = {(float)surface_rosenbrock.start_x, (float)surface_rosenbrock.start_y};
    float v[2] = {0.0f, 0.0f};
    size_t checkpoint = 0;
    for (long t = 1; t <= 1000; t++) {
        double gradient[2];
        surface_rosenbrock.gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        rmsprop_step(w, g, v, 2, rmsprop_rosenbrock_lr, ALPHA, EPS);
        if (t != rmsprop_rosenbrock_steps[checkpoint])
            continue;
        for (int i = 0; i < 2; i++) {
            struct at where = AT("rmsprop_step", "The experiment: Rosenbrock's banana");
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "step 1 must move each coordinate by 10 lr = 0.01 downhill";
            expect_close_tol(where, rmsprop_rosenbrock_w[checkpoint][i], w[i], 2e-4, 1e-6);
            if (t <= 100) {
                where.quantity = "v";
                where.hint = "v is the moving average of g*g";
                expect_close_tol(where, rmsprop_rosenbrock_v[checkpoint][i], v[i], 2e-5, 1e-6);
            }
        }
        checkpoint++;
    }
}

/* ---- Adadelta (optional) -------------------------------------------------------------- */

static const char *diagnose_adadelta(double w0, double g, double v0, double u0, double lr,
                                     double rho, double eps, double got)
{
    const double v = rho * v0 + (1.0 - rho) * g * g;
    const double delta = sqrt(u0 + eps) / sqrt(v + eps) * g;
    const double u = rho * u0 + (1.0 - rho) * delta * delta;
    if (near(got, w0 + lr * delta))
        return "you moved up the gradient: w -= lr * delta";
    if (near(got, w0 - lr * sqrt(u + eps) / sqrt(v + eps) * g))
        return "delta must use the old u (before this step's update): compute delta, then "
               "update u";
    if (near(got, w0 - lr * sqrt(u0 + eps) / sqrt(v0 + eps) * g))
        return "update v with this step's g*g before computing delta";
    if (near(got, w0 - lr * (sqrt(u0) + eps) / (sqrt(v) + eps) * g))
        return "Adadelta keeps eps inside both roots: sqrt(u + eps) / sqrt(v + eps)";
    if (near(got, w0 - delta))
        return "lr multiplies the step: w -= lr * delta (PyTorch's default lr is 1)";
    return "v = rho v + (1-rho) g^2; delta = sqrt(u+eps)/sqrt(v+eps) g; "
           "u = rho u + (1-rho) delta^2; w -= lr delta";
}

static void check_adadelta(const char *quantity, long index, long step, double expected,
                           float got, const char *hint)
{
    struct at where = AT("adadelta_step", ADADELTA);
    where.quantity = quantity;
    where.index = index;
    where.step = step;
    where.hint = hint;
    expect_close(where, expected, got);
}

static void test_adadelta_first_step_by_hand(void **state)
{
    (void)state;
    /* Case 1, numbers chosen to be exact: rho = 0.5, eps = 1, lr = 1, w = 1,
     * g = 4. v = 0.5 * 16 = 8; delta = sqrt(0 + 1) / sqrt(8 + 1) * 4 = 4/3;
     * u = 0.5 * (4/3)^2 = 8/9; w = 1 - 4/3 = -1/3.
     * Case 2, PyTorch's defaults rho = 0.9, eps = 1e-6, lr = 1, w = (0, 0),
     * g = (1, -100): v = 0.1 g^2, delta = sqrt(1e-6) / sqrt(0.1 g^2 + 1e-6) g,
     * about sqrt(1e-5) sign(g) = 0.00316 sign(g) for both: the first step
     * does not depend on the size of g (written exactly below). */
    float w[1] = {1.0f}, v[1] = {0.0f}, u[1] = {0.0f};
    const float g[1] = {4.0f};
    adadelta_step(w, g, v, u, 1, 1.0f, 0.5f, 1.0f);
    check_adadelta("v", 0, 1, 8.0, v[0], "v = rho * v + (1 - rho) * g * g = 0.5 * 16");
    check_adadelta("u", 0, 1, 8.0 / 9.0, u[0],
                   "u = rho * u + (1 - rho) * delta^2 with delta = 4/3");
    check_adadelta("w", 0, 1, -1.0 / 3.0, w[0],
                   diagnose_adadelta(1.0, 4.0, 0.0, 0.0, 1.0, 0.5, 1.0, w[0]));

    float w2[2] = {0.0f, 0.0f}, v2[2] = {0.0f, 0.0f}, u2[2] = {0.0f, 0.0f};
    const float g2[2] = {1.0f, -100.0f};
    adadelta_step(w2, g2, v2, u2, 2, 1.0f, 0.9f, 1e-6f);
    for (int i = 0; i < 2; i++) {
        double gi = g2[i];
        double rho = (double)0.9f, eps = (double)1e-6f;
        double delta = sqrt(eps) / sqrt((1.0 - rho) * gi * gi + eps) * gi;
        check_adadelta("w", i, 1, -delta, w2[i],
                       diagnose_adadelta(0.0, gi, 0.0, 0.0, 1.0, rho, eps, w2[i]));
        check_adadelta("u", i, 1, (1.0 - rho) * delta * delta, u2[i],
                       "u = rho * u + (1 - rho) * delta * delta, after computing delta");
    }
}

static void test_adadelta_second_step_and_lr(void **state)
{
    (void)state;
    /* Case 1 of the test above, then a second step with g = 4 and lr = 0.5:
     *   v = 0.5 * 8 + 0.5 * 16 = 12,
     *   delta = sqrt(8/9 + 1) / sqrt(12 + 1) * 4 = (4/3) sqrt(17/13) = 1.524765,
     *   u = 0.5 * 8/9 + 0.5 * delta^2 = 4/9 + 136/117 = 188/117,
     *   w = -1/3 - 0.5 * delta.
     * lr scales the move of w, not delta: u is the same for any lr. */
    float w[1] = {1.0f}, v[1] = {0.0f}, u[1] = {0.0f};
    const float g[1] = {4.0f};
    adadelta_step(w, g, v, u, 1, 1.0f, 0.5f, 1.0f);
    double w_before = w[0], v_before = v[0], u_before = u[0];
    adadelta_step(w, g, v, u, 1, 0.5f, 0.5f, 1.0f);
    const double delta = (4.0 / 3.0) * sqrt(17.0 / 13.0);
    check_adadelta("v", 0, 2, 12.0, v[0], "v = rho * v + (1 - rho) * g * g = 4 + 8");
    check_adadelta("u", 0, 2, 188.0 / 117.0, u[0],
                   "u averages delta^2 with delta = sqrt(u_old + eps) / sqrt(v + eps) * g; "
                   "lr does not enter u");
    check_adadelta("w", 0, 2, -1.0 / 3.0 - 0.5 * delta, w[0],
                   diagnose_adadelta(w_before, 4.0, v_before, u_before, 0.5, 0.5, 1.0, w[0]));
}

static void test_adadelta_long_run_matches_pytorch(void **state)
{
    (void)state;
    /* The quadratic of the RMSProp test, 1000 steps of torch.optim.Adadelta
     * with its defaults (lr = 1, rho = 0.9, eps = 1e-6). The solution agrees
     * to 2.4e-5 relative (the slowest coordinate is still moving at step
     * 1000, and Adadelta's steps depend on two running averages); we allow
     * 1e-4, plus 1e-6 absolute near zero. */
    float w[6], v[6] = {0}, u[6] = {0}, g[6];
    for (int i = 0; i < 6; i++)
        w[i] = quadratic_start[i];
    size_t checkpoint = 0;
    for (long t = 1; t <= 1000; t++) {
        for (int i = 0; i < 6; i++)
            g[i] = quadratic_h[i] * w[i];
        if (t % 50 != 1)
            g[5] = 0.0f;
        adadelta_step(w, g, v, u, 6, 1.0f, 0.9f, 1e-6f);
        if (t != adadelta_quadratic_steps[checkpoint])
            continue;
        for (int i = 0; i < 6; i++) {
            struct at where = AT("adadelta_step", ADADELTA);
            where.index = i;
            where.step = t;
            where.hint = "compare with torch.optim.Adadelta; the hand-computed tests point "
                         "to the part that is off";
            where.quantity = "w";
            expect_close_tol(where, adadelta_quadratic_w[checkpoint][i], w[i], 1e-4, 1e-6);
            where.quantity = "v";
            expect_close_tol(where, adadelta_quadratic_v[checkpoint][i], v[i], 1e-4, 1e-6);
            where.quantity = "u";
            expect_close_tol(where, adadelta_quadratic_u[checkpoint][i], u[i], 1e-4, 1e-9);
        }
        checkpoint++;
    }
}

/* ---- Questions: the exercises of the lesson, answered in answers.txt -------
 * The hashes hold the right answers rounded to the stated digits, so this
 * file says right or wrong without showing them; the hidden tests derive
 * the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0x4aedd6880951f9e1ULL,
                         "w after 100 steps of RMSProp with lr = 0.005 on the slope "
                         "(3 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x916ab32e1db68b80ULL,
                         "the steps until a burst's weight is below 1% (a whole number)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x52597a11cf609e2eULL,
                         "the first step whose uncorrected length is at most 1.1 lr "
                         "(a whole number)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0x13385dbfc5669c2cULL,
                         "w after 10 steps of sign descent (2 significant digits)");
}

static const struct harness_test tests[] = {
    {"rmsprop_first_step_is_ten_times_lr", test_first_step_is_ten_times_lr, 15, 2,
     "from v = 0 the first step is lr / sqrt(1 - alpha) = 10 lr; g unchanged"},
    {"rmsprop_two_steps_by_hand", test_two_steps_by_hand, 10, 2,
     "two steps with alpha = 0.36, derived by hand"},
    {"rmsprop_alpha_zero_is_sign_descent", test_alpha_zero_is_sign_descent, 10, 2,
     "alpha = 0: v = g^2 and every step is lr * sign(g)"},
    {"rmsprop_alpha_near_one_takes_long_first_steps",
     test_alpha_near_one_takes_long_first_steps, 10, 2,
     "alpha = 0.9999: the first steps are lr / sqrt(1 - alpha^t) long"},
    {"rmsprop_old_gradients_are_forgotten", test_old_gradients_are_forgotten, 10, 2,
     "v decays as alpha^k after a burst; the effective rate recovers"},
    {"rmsprop_no_parameters_touches_nothing", test_no_parameters_touches_nothing, 5, 2,
     "n = 0 touches nothing"},
    {"rmsprop_long_run_matches_pytorch", test_long_run_matches_pytorch, 15, 5,
     "1000 steps on a quadratic match torch.optim.RMSprop"},
    {"rmsprop_rosenbrock_run_matches_pytorch", test_rosenbrock_run_matches_pytorch, 10, 5,
     "1000 steps on Rosenbrock's banana match torch.optim.RMSprop"},
    {"adadelta_first_step_by_hand", test_adadelta_first_step_by_hand, 5, 2,
     "optional part: Adadelta's first step, by hand"},
    {"adadelta_second_step_and_lr", test_adadelta_second_step_and_lr, 5, 2,
     "optional part: a second step; lr scales the move, not the state"},
    {"adadelta_long_run_matches_pytorch", test_adadelta_long_run_matches_pytorch, 5, 5,
     "optional part: 1000 steps match torch.optim.Adadelta"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the position, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the memory of a moving average"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: when the missing correction fades"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: sign descent"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
