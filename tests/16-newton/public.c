/* Lesson 16, public tests: Newton's method.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * is a closed form, or comes from the oracle in oracle.h (the lesson's
 * formulas in double, written here). None is produced by the code under
 * test. */
#include "harness.h"
#include "lessons.h"

#include "oracle.h"

#include <math.h>
#include <string.h>

#define S_SOLVE "Solving H d = g"
#define S_STEP "The Newton step"
#define S_LOGREG "Logistic regression: gradient and Hessian"
#define S_QUADRATIC "Quadratic convergence"
#define S_SADDLE "Saddle points attract Newton"

/* Solves a copy of (a, b) and checks the solution against x_expected. */
static void check_solve(const double *a_in, const double *b_in, const double *x_expected,
                        size_t n, const char *hint)
{
    double a[16], b[4];
    memcpy(a, a_in, n * n * sizeof *a);
    memcpy(b, b_in, n * sizeof *b);
    int status = solve_linear_system(a, b, n);
    struct at where = AT("solve_linear_system", S_SOLVE);
    where.quantity = "the return value";
    where.hint = "this matrix is not singular: return 0";
    expect_that(where, status == 0, "expected 0, got %d", status);
    for (size_t i = 0; i < n; i++) {
        where.quantity = "x (returned in b)";
        where.index = (long)i;
        where.hint = hint;
        expect_close_tol(where, x_expected[i], b[i], 1e-12, 1e-12);
    }
}

static void test_solve_2x2_by_hand(void **state)
{
    (void)state;
    /* [2 1; 1 3] x = (3, 5). Cramer's rule: det = 2*3 - 1*1 = 5,
     *   x0 = (3*3 - 1*5) / 5 = 4/5,   x1 = (2*5 - 1*3) / 5 = 7/5.
     * Check: 2*0.8 + 1.4 = 3, 0.8 + 3*1.4 = 5. */
    const double a[4] = {2, 1, 1, 3}, b[2] = {3, 5}, x[2] = {0.8, 1.4};
    check_solve(a, b, x, 2,
                "eliminate below the pivot, then back-substitute from the last row up; the "
                "solution goes into b");
    /* A diagonal system, the Hessian of the valley 0.1 x^2 + 2 y^2:
     * [0.2 0; 0 4] x = (1, 2) gives x = (5, 0.5). */
    const double valley[4] = {0.2, 0, 0, 4}, rhs[2] = {1, 2}, sol[2] = {5, 0.5};
    check_solve(valley, rhs, sol, 2, "for a diagonal matrix, x_i = b_i / a_ii");
}

static void test_solve_3x3_needs_pivoting(void **state)
{
    (void)state;
    /* [0 2 1; 1 1 1; 2 1 0] x = b with x = (1, 2, 3) chosen first:
     *   b0 = 0 + 4 + 3 = 7,  b1 = 1 + 2 + 3 = 6,  b2 = 2 + 2 + 0 = 4.
     * The first pivot a(0, 0) is 0: elimination without row swaps divides
     * by zero. Partial pivoting swaps row 2 (|2| is the largest) up. */
    const double a[9] = {0, 2, 1, 1, 1, 1, 2, 1, 0}, b[3] = {7, 6, 4}, x[3] = {1, 2, 3};
    check_solve(a, b, x, 3,
                "a(0, 0) is 0 here: swap up the row with the largest |a(i, k)| (and swap b "
                "with it) before eliminating column k");
    /* An indefinite symmetric matrix (eigenvalues of both signs), as a
     * Hessian at a saddle point is: [1 2 0; 2 1 0; 0 0 -3] x = b with
     * x = (1, -1, 2): b = (1 - 2, 2 - 1, -6) = (-1, 1, -6). A Cholesky
     * factorisation would fail here; elimination does not care. */
    const double c[9] = {1, 2, 0, 2, 1, 0, 0, 0, -3}, d[3] = {-1, 1, -6}, y[3] = {1, -1, 2};
    check_solve(c, d, y, 3,
                "elimination with pivoting works for any non-singular matrix, positive "
                "definite or not");
}

static void test_solve_judges_singularity_relative_to_the_scale(void **state)
{
    (void)state;
    /* Multiplying a matrix by a power of two changes no rounding: every
     * step of the elimination is the unscaled one times that power. So the
     * verdict must not change, and a fixed threshold (|pivot| <= 1e-12)
     * gets one of these two wrong:
     *   [2 1; 1 3] * 2^-47 (entries about 1e-14) is well conditioned: with
     *   b = (3, 4) * 2^-47 the solution is x = (1, 1), because
     *   2*1 + 1*1 = 3 and 1*1 + 3*1 = 4 (scaling a and b alike keeps x);
     *   [1 2 3; 4 5 6; 7 8 9] * 2^20 (entries about 1e6) is singular (row 1
     *   is the mean of rows 0 and 2): its last pivot, about 1e-16 unscaled
     *   (see the test below), is about 1e-10, far above 1e-12 but far below
     *   SOLVE_SINGULAR_TOLERANCE * 9 * 2^20, about 1e-5. */
    const double small = ldexp(1.0, -47), large = ldexp(1.0, 20);
    double a[4] = {2 * small, 1 * small, 1 * small, 3 * small};
    double b[2] = {3 * small, 4 * small};
    struct at where = AT("solve_linear_system", S_SOLVE);
    where.quantity = "the return value for [2 1; 1 3] * 2^-47";
    where.hint = "entries near 1e-14 are not zero: compare each pivot with "
                 "SOLVE_SINGULAR_TOLERANCE times the largest |a_ij| of the input, not with a "
                 "fixed number";
    int status = solve_linear_system(a, b, 2);
    expect_that(where, status == 0, "expected 0 (solved), got %d", status);
    for (int i = 0; i < 2; i++) {
        where.quantity = "x (returned in b) for [2 1; 1 3] * 2^-47";
        where.index = i;
        expect_close_tol(where, 1.0, b[i], 1e-12, 1e-12);
    }
    double m[9], c[3] = {1, 2, 3};
    for (int i = 0; i < 9; i++)
        m[i] = (double)(i + 1) * large;
    status = solve_linear_system(m, c, 3);
    where = AT("solve_linear_system", S_SOLVE);
    where.quantity = "the return value for [1 2 3; 4 5 6; 7 8 9] * 2^20";
    where.hint = "the last pivot is rounding noise scaled up to about 1e-10: compare it with "
                 "SOLVE_SINGULAR_TOLERANCE times the largest |a_ij| of the input (about "
                 "1e-5 here), not with a fixed number";
    expect_that(where, status == -1, "expected -1 (singular), got %d", status);
}

static void test_solve_reports_singular_matrices(void **state)
{
    (void)state;
    struct at where = AT("solve_linear_system", S_SOLVE);
    /* [1 2; 2 4]: the second row is twice the first, det = 4 - 4 = 0.
     * After one elimination step the second pivot is exactly 0. */
    double a[4] = {1, 2, 2, 4}, b[2] = {1, 1};
    int status = solve_linear_system(a, b, 2);
    where.quantity = "the return value for [1 2; 2 4]";
    where.hint = "when the best pivot of a column is (nearly) zero, return -1: the matrix is "
                 "singular and there is no unique solution";
    expect_that(where, status == -1, "expected -1, got %d", status);
    /* [1 2 3; 4 5 6; 7 8 9]: row 1 is the mean of rows 0 and 2, det = 0.
     * In floating point the last pivot comes out near 1e-16, not 0: the
     * tolerance SOLVE_SINGULAR_TOLERANCE * max|a_ij| = 9e-12 catches it. */
    double m[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, c[3] = {1, 2, 3};
    status = solve_linear_system(m, c, 3);
    where.quantity = "the return value for [1 2 3; 4 5 6; 7 8 9]";
    where.hint = "the last pivot is rounding noise, about 1e-16: compare |pivot| with "
                 "SOLVE_SINGULAR_TOLERANCE times the largest |a_ij| of the input, not with 0";
    expect_that(where, status == -1, "expected -1, got %d", status);
    /* The zero matrix. */
    double z[4] = {0, 0, 0, 0}, e[2] = {1, 2};
    status = solve_linear_system(z, e, 2);
    where.quantity = "the return value for the zero matrix";
    where.hint = "an all-zero matrix is singular: return -1";
    expect_that(where, status == -1, "expected -1, got %d", status);
    /* n = 0: nothing to solve. */
    status = solve_linear_system(z, e, 0);
    where.quantity = "the return value for n = 0";
    where.hint = "an empty system has its (empty) solution: return 0";
    expect_that(where, status == 0, "expected 0, got %d", status);
}

static void test_newton_step_solves_a_quadratic_in_one_step(void **state)
{
    (void)state;
    /* f(w) = (1/2) w^T A w - b^T w with A = [4 1; 1 3], b = (1, 2).
     * Gradient A w - b, Hessian A, minimum at A w = b:
     *   det A = 11,  w* = ((3*1 - 1*2) / 11, (4*2 - 1*1) / 11) = (1/11, 7/11).
     * From w = (5, -3): g = (20 - 3 - 1, 5 - 9 - 2) = (16, -6), and one
     * Newton step lands on w* (the model is f itself). d = w - w*. */
    double w[2] = {5, -3};
    const double g_in[2] = {16, -6};
    double g[2] = {16, -6};
    double h[4] = {4, 1, 1, 3}, d[2] = {NAN, NAN};
    int status = newton_step(w, g, h, 2, d);
    struct at where = AT("newton_step", S_STEP);
    where.quantity = "the return value";
    where.hint = "the Hessian is not singular: return 0";
    expect_that(where, status == 0, "expected 0, got %d", status);
    const double minimum[2] = {1.0 / 11.0, 7.0 / 11.0};
    const double start[2] = {5, -3};
    for (int i = 0; i < 2; i++) {
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        double climbed = start[i] + (start[i] - minimum[i]);
        if (fabs(w[i] - climbed) < 1e-9)
            where.hint = "you added the step: w <- w - d, where H d = g";
        else if (fabs(w[i] - (start[i] - g_in[i])) < 1e-9)
            where.hint = "that is a gradient step with lr = 1: solve H d = g and subtract d";
        else
            where.hint = "copy g into d, solve H d = g in place, then w <- w - d";
        expect_close_tol(where, minimum[i], w[i], 1e-12, 1e-12);
        where.quantity = "d";
        where.hint = "d must hold the solution of H d = g";
        expect_close_tol(where, start[i] - minimum[i], d[i], 1e-12, 1e-12);
        where.quantity = "g";
        where.hint = "g is read only: copy it into d and let the solver overwrite d";
        expect_exact(where, (float)g_in[i], (float)g[i]);
    }
    /* The valley f = 0.1 x^2 + 2 y^2 of lesson 01 from (-10, 1): g = (-2, 4),
     * H = diag(0.2, 4), d = (-10, 1): one step to (0, 0), where gradient
     * descent needs hundreds. */
    double v[2] = {-10, 1}, gv[2] = {-2, 4}, hv[4] = {0.2, 0, 0, 4};
    newton_step(v, gv, hv, 2, d);
    for (int i = 0; i < 2; i++) {
        where = AT("newton_step", S_STEP);
        where.quantity = "w on the valley";
        where.index = i;
        where.step = 1;
        where.hint = "one Newton step reaches the minimum (0, 0) of a quadratic";
        expect_close_tol(where, 0.0, v[i], 0.0, 1e-12);
    }
}

static void test_newton_step_on_a_singular_hessian(void **state)
{
    (void)state;
    /* H = [1 1; 1 1] is singular: no Newton step exists. w must not move. */
    double w[2] = {0.25, -0.5}, g[2] = {1, 2}, h[4] = {1, 1, 1, 1}, d[2];
    int status = newton_step(w, g, h, 2, d);
    struct at where = AT("newton_step", S_STEP);
    where.quantity = "the return value";
    where.hint = "pass on the solver's -1 when H is singular";
    expect_that(where, status == -1, "expected -1, got %d", status);
    where.quantity = "w after a singular H";
    where.hint = "when the solve fails, return before changing w";
    expect_that(where, w[0] == 0.25 && w[1] == -0.5, "expected w = (0.25, -0.5), got (%g, %g)",
                w[0], w[1]);
}

static void test_logistic_regression_by_hand(void **state)
{
    (void)state;
    /* Two examples, x_1 = (1, 0) with y = 1 and x_2 = (1, 2) with y = 0,
     * at w = (1, -1) with ridge 0.1:
     *   z_1 = 1, z_2 = 1 - 2 = -1;  p_1 = s = sigmoid(1) = 0.7310586,
     *   p_2 = sigmoid(-1) = 1 - s = 0.2689414.
     * Loss: [log(1 + e) - 1] + log(1 + e^-1) = 2 log(1 + e^-1) (the two
     *   terms are equal), mean log(1 + e^-1) = 0.3132617, plus
     *   (0.1/2)(1 + 1) = 0.1: L = 0.4132617.
     * Gradient: (p_1 - 1) x_1 + p_2 x_2 = (-(1 - s) + (1 - s), 2 (1 - s))
     *   = (0, 0.5378828), halved: (0, 0.2689414), plus 0.1 w = (0.1, -0.1):
     *   g = (0.1, 0.1689414).
     * Hessian: p(1 - p) = s(1 - s) = 0.1966119 for both examples;
     *   x_1 x_1^T + x_2 x_2^T = [1 0; 0 0] + [1 2; 2 4] = [2 2; 2 4];
     *   times s(1 - s)/2, plus 0.1 I:
     *   H = [0.2966119 0.1966119; 0.1966119 0.4932239]. */
    const float x[4] = {1, 0, 1, 2}, y[2] = {1, 0};
    const double w[2] = {1, -1}, ridge = 0.1;
    const double s = 1.0 / (1.0 + exp(-1.0)), c = s * (1.0 - s);
    struct at where = AT("logistic_regression_loss", S_LOGREG);
    where.quantity = "L(w)";
    double loss = logistic_regression_loss(x, y, 2, 2, w, ridge);
    where.hint = fabs(loss - log1p(exp(-1.0))) < 1e-9
                     ? "the ridge term is missing: add (ridge / 2) * sum_k w[k]^2"
                     : "mean of log(1 + exp(z)) - y z over the examples, plus (ridge/2)|w|^2";
    expect_close_tol(where, log1p(exp(-1.0)) + 0.1, loss, 1e-12, 1e-12);

    double g[2] = {NAN, NAN};
    logistic_regression_gradient(x, y, 2, 2, w, ridge, g);
    const double g_expected[2] = {0.1, (1.0 - s) - 0.1};
    for (int k = 0; k < 2; k++) {
        where = AT("logistic_regression_gradient", S_LOGREG);
        where.quantity = "g";
        where.index = k;
        where.hint = k == 1 && fabs(g[1] - (1.0 - s)) < 1e-9
                         ? "the ridge term is missing: add ridge * w[k]"
                         : "g = (1/count) sum_i (p_i - y_i) x_i + ridge * w";
        expect_close_tol(where, g_expected[k], g[k], 1e-12, 1e-12);
    }

    double h[4] = {NAN, NAN, NAN, NAN};
    logistic_regression_hessian(x, 2, 2, w, ridge, h);
    const double h_expected[4] = {c + 0.1, c, c, 2.0 * c + 0.1};
    for (int k = 0; k < 4; k++) {
        where = AT("logistic_regression_hessian", S_LOGREG);
        where.quantity = "H (row-major)";
        where.index = k;
        if (fabs(h[k] - (h_expected[k] - (k == 0 || k == 3 ? 0.1 : 0.0))) < 1e-9 &&
            (k == 0 || k == 3))
            where.hint = "the ridge is missing on the diagonal: add ridge to H(r, r)";
        else if (fabs(h[k] - 2.0 * (h_expected[k] - (k == 0 || k == 3 ? 0.1 : 0.0)) -
                      (k == 0 || k == 3 ? 0.1 : 0.0)) < 1e-9)
            where.hint = "twice too large: divide the sum by count";
        else
            where.hint = "H = (1/count) sum_i p_i (1 - p_i) x_i x_i^T + ridge * I";
        expect_close_tol(where, h_expected[k], h[k], 1e-12, 1e-12);
    }
}

static void test_newton_converges_quadratically_on_logistic_regression(void **state)
{
    (void)state;
    /* 60 examples of 3 features (a constant 1 and two Gaussian ones),
     * overlapping classes, ridge 1e-3. From w = 0, Newton's method with
     * your gradient, Hessian and step. The test measures every iterate
     * with its own gradient (oracle.h), not yours.
     *   1. Within 8 steps |g| must fall below 1e-10 (the reference reaches
     *      3e-12 at step 6; gradient descent would need thousands).
     *   2. Quadratic convergence: once |g_k| < 1e-2, each step must give
     *      |g_{k+1}| <= 100 |g_k|^2 (measured: about 9 |g_k|^2), until
     *      rounding (|g| ~ 1e-16) takes over. A linearly converging method
     *      (a wrong Hessian, a damped step) fails this. */
    enum { COUNT = 60, N = 3, STEPS = 8 };
    struct rng rng;
    rng_seed(&rng, 1, 16);
    float x[COUNT * N], y[COUNT];
    make_logistic_data(&rng, COUNT, N, x, y);
    const double ridge = 1e-3;
    double w[N] = {0, 0, 0}, g[N], h[N * N], d[N], truth[N];
    double norms[STEPS + 1];
    oracle_gradient(x, y, COUNT, N, w, ridge, truth);
    norms[0] = oracle_norm(truth, N);
    for (int t = 1; t <= STEPS; t++) {
        logistic_regression_gradient(x, y, COUNT, N, w, ridge, g);
        logistic_regression_hessian(x, COUNT, N, w, ridge, h);
        int status = newton_step(w, g, h, N, d);
        struct at where = AT("newton_step", S_QUADRATIC);
        where.step = t;
        where.quantity = "the return value";
        where.hint = "the Hessian of logistic regression with a ridge is positive definite";
        expect_that(where, status == 0, "expected 0, got %d", status);
        oracle_gradient(x, y, COUNT, N, w, ridge, truth);
        norms[t] = oracle_norm(truth, N);
    }
    struct at where = AT("logistic_regression_gradient, logistic_regression_hessian and "
                         "newton_step", S_QUADRATIC);
    where.quantity = "|g| (the test's own gradient) after 8 Newton steps";
    where.step = STEPS;
    where.hint = "check the gradient and Hessian tests first: a wrong H still converges, "
                 "but only linearly";
    expect_that(where, norms[STEPS] <= 1e-10,
                "expected below 1e-10; |g| went %.1e %.1e %.1e %.1e %.1e %.1e %.1e %.1e %.1e",
                norms[0], norms[1], norms[2], norms[3], norms[4], norms[5], norms[6], norms[7],
                norms[8]);
    for (int t = 0; t < STEPS; t++) {
        if (norms[t] >= 1e-2 || norms[t + 1] <= 1e-13)
            continue;
        where.quantity = "|g_{k+1}| / |g_k|^2";
        where.step = t + 1;
        where.hint = "near the optimum Newton squares the error each step; a ratio that stays "
                     "large means the step is not H^-1 g with the true Hessian";
        expect_that(where, norms[t + 1] <= 100.0 * norms[t] * norms[t],
                    "expected |g_%d| = %.2e to be at most 100 * |g_%d|^2 = %.2e", t + 1,
                    norms[t + 1], t, 100.0 * norms[t] * norms[t]);
    }
}

static void test_newton_jumps_to_the_saddle_point(void **state)
{
    (void)state;
    /* f(x, y) = x^2 - y^2: gradient (2x, -2y), Hessian diag(2, -2), the
     * only critical point (0, 0) is a saddle. From (0.5, 1), f = -0.75 and
     * g = (1, -2); H d = g gives d = (0.5, 1) and w - d = (0, 0): Newton
     * goes straight to the saddle, where f = 0 > -0.75 -- uphill. Its step
     * -d = (-0.5, -1) has g . (-d) = -0.5 + 2 = 1.5 > 0: an ascent
     * direction. (Gradient descent with lr = 0.1 from the same point goes to
     * (0.4, 1.2), f = -1.28: down, and away from the saddle along y; the
     * experiment draws both paths.) */
    double w[2] = {0.5, 1.0}, g[2] = {1.0, -2.0}, h[4] = {2, 0, 0, -2}, d[2];
    int status = newton_step(w, g, h, 2, d);
    struct at where = AT("newton_step", S_SADDLE);
    where.quantity = "the return value";
    where.hint = "diag(2, -2) is indefinite but not singular: solve it (no Cholesky here)";
    expect_that(where, status == 0, "expected 0, got %d", status);
    for (int i = 0; i < 2; i++) {
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        where.hint = "Newton's step lands on the critical point of the quadratic model, "
                     "here the saddle (0, 0)";
        expect_close_tol(where, 0.0, w[i], 0.0, 1e-15);
    }
    double ascent = -(1.0 * d[0] + -2.0 * d[1]);
    where = AT("newton_step", S_SADDLE);
    where.quantity = "g . (-d), the slope along the Newton step";
    where.hint = "d must solve H d = g: (0.5, 1) here";
    expect_close_tol(where, 1.5, ascent, 1e-12, 1e-12);
}

/* ---- Questions: the lesson's checked exercises ------------------------------------
 * The right answers are not in this file: only their hashes (see harness.h,
 * "Questions"). The hidden tests check the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0x23754f7424a82a64ULL,
                         "f after 12 gradient steps from (0.5, 1) (3 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0xe0bc3a06aaa03421ULL,
                         "the error after three Newton steps from 1.5 (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x4436e5c9121164c8ULL,
                         "the operations of the elimination for n = 1000 (3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 2, 0x9fdc7aef519fc123ULL,
                         "f after one saddle-free Newton step (2 significant digits)");
}

static const struct harness_test tests[] = {
    {"solve_2x2_by_hand", test_solve_2x2_by_hand, 10, 2,
     "two 2x2 systems solved by hand (Cramer's rule)"},
    {"solve_3x3_needs_pivoting", test_solve_3x3_needs_pivoting, 15, 2,
     "a 3x3 system with a zero first pivot, and an indefinite one"},
    {"solve_judges_singularity_relative_to_the_scale",
     test_solve_judges_singularity_relative_to_the_scale, 5, 2,
     "[2 1; 1 3] * 2^-47 is solved; [1 2 3; 4 5 6; 7 8 9] * 2^20 is singular"},
    {"solve_reports_singular_matrices", test_solve_reports_singular_matrices, 10, 2,
     "[1 2; 2 4], [1 2 3; 4 5 6; 7 8 9] and 0 are singular; n = 0 is fine"},
    {"newton_step_solves_a_quadratic_in_one_step",
     test_newton_step_solves_a_quadratic_in_one_step, 15, 2,
     "one step lands on the minimum of two quadratics; g left unchanged"},
    {"newton_step_on_a_singular_hessian", test_newton_step_on_a_singular_hessian, 5, 2,
     "a singular Hessian gives -1 and leaves w alone"},
    {"logistic_regression_by_hand", test_logistic_regression_by_hand, 15, 2,
     "loss, gradient and Hessian of two examples, derived by hand"},
    {"newton_converges_quadratically_on_logistic_regression",
     test_newton_converges_quadratically_on_logistic_regression, 20, 5,
     "|g| below 1e-10 within 8 steps, squaring each step near the optimum"},
    {"newton_jumps_to_the_saddle_point", test_newton_jumps_to_the_saddle_point, 10, 2,
     "on x^2 - y^2 one step lands on the saddle (0, 0), uphill"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict descent off the saddle"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 3: the error squares each step"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 4: the cost of one elimination"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 5: saddle-free Newton goes downhill"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
