/* Lesson 01, public tests: full-batch gradient descent.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * or comes from a closed form computed here in double precision; none is
 * produced by the code under test. */
#include "harness.h"
#include "lessons.h"

#include <math.h>

/* ---- The data set used by several tests --------------------------------
 * Four points: x = (-1, 0, 1, 2), y = (0, 2, 2, 4).
 * Least-squares line, by hand: mean x = 0.5, mean y = 2,
 *   Sxy = sum (x - 0.5)(y - 2) = (-1.5)(-2) + (-0.5)(0) + (0.5)(0) + (1.5)(2) = 6,
 *   Sxx = sum (x - 0.5)^2      = 2.25 + 0.25 + 0.25 + 2.25 = 5,
 *   a* = Sxy / Sxx = 1.2,   b* = 2 - 1.2 * 0.5 = 1.4.
 * At (a*, b*) the predictions are (0.2, 1.4, 2.6, 3.8), the residuals
 * (0.2, -0.6, 0.6, -0.2), and J = (0.04 + 0.36 + 0.36 + 0.04) / 4 = 0.2. */
static const float four_x[4] = {-1.0f, 0.0f, 1.0f, 2.0f};
static const float four_y[4] = {0.0f, 2.0f, 2.0f, 4.0f};

/* ---- line_mse ---------------------------------------------------------- */

static void check_mse(const float *x, const float *y, size_t n, float a, float b,
                      double expected)
{
    const float w[2] = {a, b};
    double got = line_mse(x, y, n, w);
    struct at where = AT("line_mse", "The loss: mean squared error");
    where.quantity = "J(a, b)";
    if (n > 1 && fabs(got - expected * (double)n) < 1e-4 * fabs(expected * (double)n))
        where.hint = "this is n times too large: did you forget to divide the sum by n?";
    else if (n > 0 && fabs(got - sqrt(expected)) < 1e-5)
        where.hint = "this is the square root of the mean squared error: return the mean itself";
    else
        where.hint = "square each residual a*x[i] + b - y[i], add them up, divide by n";
    expect_close(where, expected, got);
}

static void test_line_mse_hand_examples(void **state)
{
    (void)state;
    /* Three points x = (0, 1, 2), y = (1, 3, 7) and the line a = 2, b = 1:
     * predictions (1, 3, 5), residuals (0, 0, -2), J = 4 / 3. */
    const float x[3] = {0.0f, 1.0f, 2.0f}, y[3] = {1.0f, 3.0f, 7.0f};
    check_mse(x, y, 3, 2.0f, 1.0f, 4.0 / 3.0);
    /* The same points and a = b = 0: residuals (-1, -3, -7), J = 59 / 3. */
    check_mse(x, y, 3, 0.0f, 0.0f, 59.0 / 3.0);
    /* The four points at the least-squares line: J = 0.2 (see the top). */
    check_mse(four_x, four_y, 4, 1.2f, 1.4f, 0.2);
}

static void test_line_mse_of_no_points_is_zero(void **state)
{
    (void)state;
    /* By convention, the mean over an empty set is 0 here (no division by 0). */
    const float w[2] = {1.0f, 1.0f};
    struct at where = AT("line_mse", "The loss: mean squared error");
    where.quantity = "J with n = 0";
    where.hint = "with n = 0 return 0.0 before dividing: 0.0 / 0 is not a number";
    expect_close(where, 0.0, line_mse(NULL, NULL, 0, w));
}

/* ---- line_mse_gradient -------------------------------------------------- */

/* Whether got is expected up to float rounding (relative 1e-5). */
static int close_to(double got, double expected)
{
    return fabs(got - expected) <= 1e-5 * fabs(expected) + 1e-7;
}

static void check_gradient(const float *x, const float *y, size_t n, float a, float b,
                           double expected_da, double expected_db)
{
    const float w[2] = {a, b};
    float g[2] = {12345.0f, 12345.0f}; /* garbage that must be overwritten */
    line_mse_gradient(x, y, n, w, g);
    const double expected[2] = {expected_da, expected_db};
    /* Two mistakes can give the same g[0] on one example: at a = 2, b = 1
     * below, dJ/db = dJ/da / 2, so a dJ/da without x[i] is also half of
     * dJ/da. Both elements together tell them apart:
     *   x[i] forgotten: g = (dJ/db, dJ/db), g[1] right;
     *   the 2 dropped:  g = (dJ/da / 2, dJ/db / 2), both halved. */
    const int forgot_x = expected_da != expected_db && close_to(g[0], expected_db) &&
                         close_to(g[1], expected_db);
    const int dropped_2 = close_to(g[0], expected_da / 2.0) && close_to(g[1], expected_db / 2.0);
    for (int i = 0; i < 2; i++) {
        struct at where = AT("line_mse_gradient", "The gradient of the mean squared error");
        where.quantity = "g";
        where.index = i;
        /* The 1/n left out (of one element or both): exactly n times the value. */
        if (n > 1 && expected[i] != 0.0 && close_to(g[i], expected[i] * (double)n))
            where.hint = i == 0 ? "g[0] is n times too large: divide its sum by n too, "
                                  "dJ/da = (2/n) * sum of residual * x[i]"
                                : "g[1] is n times too large: divide its sum by n too, "
                                  "dJ/db = (2/n) * sum of residuals";
        else if (i == 0 && forgot_x)
            where.hint = "g[0] equals dJ/db: in dJ/da each residual is multiplied by x[i], "
                         "sum of (a*x[i] + b - y[i]) * x[i]";
        else if (dropped_2 || (!forgot_x && close_to(g[i], expected[i] / 2.0)))
            where.hint = "half the expected value: the derivative of r^2 is 2r, did you drop the 2?";
        else if (i == 0)
            where.hint = "g[0] = dJ/da sums residual * x[i]; g[1] = dJ/db sums the residual alone";
        else
            where.hint = "dJ/db = (2/n) * sum of residuals a*x[i] + b - y[i]";
        expect_close(where, expected[i], g[i]);
    }
}

static void test_line_mse_gradient_hand_examples(void **state)
{
    (void)state;
    const float x[3] = {0.0f, 1.0f, 2.0f}, y[3] = {1.0f, 3.0f, 7.0f};
    /* a = 2, b = 1: residuals (0, 0, -2).
     *   dJ/da = (2/3)(0*0 + 0*1 + (-2)*2) = -8/3,   dJ/db = (2/3)(-2) = -4/3. */
    check_gradient(x, y, 3, 2.0f, 1.0f, -8.0 / 3.0, -4.0 / 3.0);
    /* a = b = 0: residuals (-1, -3, -7).
     *   dJ/da = (2/3)(0 - 3 - 14) = -34/3,         dJ/db = (2/3)(-11) = -22/3. */
    check_gradient(x, y, 3, 0.0f, 0.0f, -34.0 / 3.0, -22.0 / 3.0);
}

static void test_line_mse_gradient_of_no_points_is_zero(void **state)
{
    (void)state;
    /* lesson01.h: g = (0, 0) when n = 0. Both sums are empty (0), and the
     * factor 2/n must not be formed: 2/0 is infinite and inf * 0 is NaN.
     * g starts as garbage, so leaving it alone is wrong too. */
    const float w[2] = {1.0f, 1.0f};
    float g[2] = {12345.0f, 12345.0f};
    line_mse_gradient(NULL, NULL, 0, w, g);
    for (int i = 0; i < 2; i++) {
        struct at where = AT("line_mse_gradient", "The gradient of the mean squared error");
        where.quantity = "g with n = 0";
        where.index = i;
        where.hint = g[i] == 12345.0f
                         ? "g was left as it was: with n = 0 write g[0] = g[1] = 0"
                         : "with n = 0 set g to (0, 0) without dividing: 2.0 / 0 is infinite, "
                           "and infinity times an empty sum (0) is NaN";
        expect_exact(where, 0.0f, g[i]);
    }
}

/* ---- Sums in double ---------------------------------------------------------
 * BIG_N + 2 points, all at x = 1, fitted by the line w = (0, 0), so every
 * residual is a*x + b - y = -y. The first and the last point are far off
 * the line, the BIG_N points between are at residual 1. A float holds
 * every whole number up to 2^24 = 16777216, but from there on its spacing
 * is 2: 2^24 + 1 rounds back to 2^24 (ties go to the even neighbour). A
 * sum kept in float that reaches 2^24 (from either end) drops every +1
 * after it; a double keeps them all (its spacing there is 2^-28). */
enum { BIG_N = 100000 };
static float big_x[BIG_N + 2], big_y[BIG_N + 2];

/* Fills the points with residual `far` at both ends and 1 between. */
static void fill_far_apart(float far)
{
    for (size_t i = 0; i < BIG_N + 2; i++) {
        big_x[i] = 1.0f;
        big_y[i] = -1.0f;
    }
    big_y[0] = big_y[BIG_N + 1] = -far;
}

/* Whether got is n times expected (a missing division by n), up to the
 * rounding a float sum of these points may add (a few parts in 1000). */
static int n_times_too_large(double got, double expected, size_t n)
{
    return fabs(got - expected * (double)n) <= 5e-3 * fabs(expected * (double)n);
}

static void test_line_mse_and_its_gradient_sum_in_double(void **state)
{
    (void)state;
    const float w[2] = {0.0f, 0.0f};
    const size_t n = BIG_N + 2;
    /* The loss: residuals 4096 at the ends, squared 2^24 each, so
     *   J = (2 * 2^24 + BIG_N) / (BIG_N + 2), about 336.54;
     * a float sum gives 2 * 2^24 / (BIG_N + 2), 0.3 % too small. */
    fill_far_apart(4096.0f);
    struct at where = AT("line_mse", "The loss: mean squared error");
    where.quantity = "J of 100002 points";
    where.hint = "add the squares up in a double (double sum = 0.0): a float sum of "
                 "100000 ones after 2^24 loses every one of them";
    const double expected_j = (2.0 * 16777216.0 + BIG_N) / (double)n;
    const double j = line_mse(big_x, big_y, n, w);
    if (n_times_too_large(j, expected_j, n))
        where.hint = "this is n times too large: divide the sum by n";
    expect_close(where, expected_j, j);
    /* The gradient: residuals 2^24 at the ends (y = -2^24 is exact in
     * float), 1 between, and x = 1 throughout, so both sums are
     * 2 * 2^24 + BIG_N and g[0] = g[1] = (2/n)(2 * 2^24 + BIG_N). */
    fill_far_apart(16777216.0f);
    float g[2] = {0.0f, 0.0f};
    line_mse_gradient(big_x, big_y, n, w, g);
    const double expected = 2.0 / (double)n * (2.0 * 16777216.0 + BIG_N);
    for (int i = 0; i < 2; i++) {
        where = AT("line_mse_gradient", "The gradient of the mean squared error");
        where.quantity = "g of 100002 points";
        where.index = i;
        where.hint = n_times_too_large(g[i], expected, n)
                         ? "this is n times too large: divide the sum by n, as in (2/n) * sum"
                         : "accumulate both sums in double: in float, 2^24 + 1 is 2^24";
        expect_close(where, expected, g[i]);
    }
}

static void test_line_mse_gradient_is_zero_at_the_least_squares_line(void **state)
{
    (void)state;
    /* At the minimum (a*, b*) = (1.2, 1.4) (derived at the top) both partial
     * derivatives vanish: sum r = 0.2 - 0.6 + 0.6 - 0.2 = 0 and
     * sum r*x = -0.2 + 0 + 0.6 - 0.4 = 0. (1.2 and 1.4 are not exact in
     * float, hence the small tolerance.) */
    const float w[2] = {1.2f, 1.4f};
    float g[2] = {1.0f, 1.0f};
    line_mse_gradient(four_x, four_y, 4, w, g);
    for (int i = 0; i < 2; i++) {
        struct at where = AT("line_mse_gradient", "The gradient of the mean squared error");
        where.quantity = "g";
        where.index = i;
        where.hint = "at the best line the gradient is zero; check the sign of the residual";
        expect_close_tol(where, 0.0, g[i], 0.0, 1e-5);
    }
}

/* ---- gd_step ------------------------------------------------------------- */

static void test_gd_step_one_step(void **state)
{
    (void)state;
    /* w = (1, -2, 0.5), g = (0.5, -1, 4), lr = 0.1:
     *   w - lr*g = (1 - 0.05, -2 + 0.1, 0.5 - 0.4) = (0.95, -1.9, 0.1). */
    float w[3] = {1.0f, -2.0f, 0.5f};
    const float g_before[3] = {0.5f, -1.0f, 4.0f};
    float g[3] = {0.5f, -1.0f, 4.0f};
    const double expected[3] = {0.95, -1.9, 0.1};
    gd_step(w, g, 3, 0.1f);
    for (int i = 0; i < 3; i++) {
        struct at where = AT("gd_step", "The update rule");
        where.quantity = "w";
        where.index = i;
        where.step = 1;
        const double added = (double)(i == 0 ? 1.0 : i == 1 ? -2.0 : 0.5) + 0.1 * g_before[i];
        if (fabs(w[i] - added) < 1e-6)
            where.hint = "you moved up the gradient: subtract lr * g[i], do not add it";
        else
            where.hint = "each w[i] becomes w[i] - lr * g[i]";
        expect_close(where, expected[i], w[i]);
    }
    for (int i = 0; i < 3; i++) {
        struct at where = AT("gd_step", "The update rule");
        where.quantity = "g";
        where.index = i;
        where.hint = "g is an input: read it, never write it; only w is updated";
        expect_exact(where, g_before[i], g[i]);
    }
}

static void test_gd_step_with_no_parameters_does_nothing(void **state)
{
    (void)state;
    /* n = 0: the loop body must never run, so w[0] keeps its value. */
    float w[1] = {7.0f};
    const float g[1] = {1.0f};
    gd_step(w, g, 0, 0.5f);
    struct at where = AT("gd_step", "The update rule");
    where.quantity = "w";
    where.index = 0;
    where.hint = "with n = 0 there is nothing to update: loop over i < n and touch nothing "
                 "else; a changed value here is a write out of bounds: make test LESSON=1 "
                 "SAN=1 shows the line";
    expect_exact(where, 7.0f, w[0]);
}

static void test_gd_step_follows_the_closed_form_on_a_valley(void **state)
{
    (void)state;
    /* The valley f(w) = 0.1*w0^2 + 2*w1^2 of the lesson has gradient
     * (0.2*w0, 4*w1). Gradient descent multiplies each coordinate by a
     * constant factor per step, so after t steps
     *   w0_t = (1 - 0.2*lr)^t * w0_0,   w1_t = (1 - 4*lr)^t * w1_0.
     * With lr = 0.1, w_0 = (-10, 1): factors 0.98 and 0.6. */
    const double curvature[2] = {0.2, 4.0};
    const double start[2] = {-10.0, 1.0};
    const float lr = 0.1f;
    float w[2] = {-10.0f, 1.0f};
    for (int t = 1; t <= 50; t++) {
        float g[2] = {(float)curvature[0] * w[0], (float)curvature[1] * w[1]};
        gd_step(w, g, 2, lr);
        for (int i = 0; i < 2; i++) {
            double expected = pow(1.0 - curvature[i] * (double)lr, t) * start[i];
            struct at where = AT("gd_step", "The update rule");
            where.quantity = "w";
            where.index = i;
            where.step = t;
            where.hint = "each step must move by exactly -lr * g[i], no more, no less";
            expect_close_tol(where, expected, w[i], 1e-4, 1e-7);
        }
    }
}

/* ---- l2_norm --------------------------------------------------------------- */

static void test_l2_norm_hand_examples(void **state)
{
    (void)state;
    const float v1[2] = {3.0f, 4.0f};       /* sqrt(9 + 16) = 5 */
    const float v2[3] = {1.0f, -2.0f, 2.0f}; /* sqrt(1 + 4 + 4) = 3 */
    struct at where = AT("l2_norm", "A stalled loss is not a critical point");
    where.quantity = "|(3, 4)|";
    where.hint = "the square root of the sum of squares; (3, 4) has length 5";
    expect_close(where, 5.0, l2_norm(v1, 2));
    where.quantity = "|(1, -2, 2)|";
    where.hint = "square each element (a negative one too) before adding";
    expect_close(where, 3.0, l2_norm(v2, 3));
    where.quantity = "|()| with n = 0";
    where.hint = "an empty vector has length 0";
    expect_close(where, 0.0, l2_norm(NULL, 0));
}

static void test_l2_norm_sums_in_double(void **state)
{
    (void)state;
    /* (1e20, 1e20) has length sqrt(2) * 1e20, about 1.414e20. Its squares,
     * 1e40, overflow float (largest about 3.4e38) but not double. */
    const float v[2] = {1e20f, 1e20f};
    struct at where = AT("l2_norm", "A stalled loss is not a critical point");
    where.quantity = "|(1e20, 1e20)|";
    where.hint = "square and add in double: (double)v[i] * v[i]; in float 1e40 overflows to inf";
    expect_close(where, sqrt(2.0) * (double)1e20f, l2_norm(v, 2));
}

/* ---- Everything together ---------------------------------------------------- */

/* When the whole run misses, which function to fix first: each is tried on
 * one case worked out by hand (NULL when both give the right numbers).
 *   line_mse_gradient at (0, 0) on the four points: residuals -y =
 *     (0, -2, -2, -4); dJ/da = (2/4)(0 + 0 - 2 - 8) = -5, dJ/db = (2/4)(-8) = -4;
 *   gd_step from (1, 2) with g = (0.5, -1), lr = 0.1: (0.95, 2.1). */
static const char *function_to_fix_first(void)
{
    const float zero[2] = {0.0f, 0.0f};
    float g[2] = {0.0f, 0.0f};
    line_mse_gradient(four_x, four_y, 4, zero, g);
    if (!close_to(g[0], -5.0) || !close_to(g[1], -4.0))
        return "line_mse_gradient gives a wrong gradient (see its own tests above): fix "
               "line_mse_gradient first";
    float w[2] = {1.0f, 2.0f};
    const float step[2] = {0.5f, -1.0f};
    gd_step(w, step, 2, 0.1f);
    if (!close_to(w[0], 0.95) || !close_to(w[1], 2.1))
        return "gd_step takes a wrong step (see its own tests above): fix gd_step first";
    return NULL;
}

static void test_gradient_descent_fits_the_line(void **state)
{
    (void)state;
    /* Start at (0, 0) and take 500 steps of lr = 0.1 on the four points. The
     * Hessian of J is 2 * [[1.5, 0.5], [0.5, 1]], with eigenvalues 3.618
     * and 1.382, so each step shrinks the error by a factor of at most
     * 1 - 0.1 * 1.382 = 0.862, and 0.862^500 is below 1e-30: the run must
     * reach the least-squares line (1.2, 1.4) and its loss 0.2. */
    float w[2] = {0.0f, 0.0f};
    float g[2];
    for (int t = 0; t < 500; t++) {
        line_mse_gradient(four_x, four_y, 4, w, g);
        gd_step(w, g, 2, 0.1f);
    }
    const double expected[2] = {1.2, 1.4};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("line_mse_gradient and gd_step", "The experiment: fitting a line");
        where.quantity = "w";
        where.index = i;
        where.step = 500;
        const int off = !(fabs(w[i] - expected[i]) <= 1e-5 + 1e-4 * expected[i]);
        where.hint = off && function_to_fix_first() != NULL
                         ? function_to_fix_first()
                         : "500 steps of lr = 0.1 must reach the least-squares line";
        expect_close_tol(where, expected[i], w[i], 1e-4, 1e-5);
    }
    struct at where = AT("line_mse", "The experiment: fitting a line");
    where.quantity = "J";
    where.step = 500;
    where.hint = "at the least-squares line the loss is 0.2";
    expect_close_tol(where, 0.2, line_mse(four_x, four_y, 4, w), 1e-4, 1e-6);
    where = AT("l2_norm", "A stalled loss is not a critical point");
    where.quantity = "|g|";
    where.step = 500;
    where.hint = "at a minimum the gradient's length is (almost) zero";
    line_mse_gradient(four_x, four_y, 4, w, g);
    expect_that(where, l2_norm(g, 2) < 1e-4, "expected a gradient norm below 1e-4, got %.3g",
                l2_norm(g, 2));
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
    expect_answer_number("ex1", 2, 0x29be28253b0a4704ULL,
                         "the loss after 100 steps with lr = 0.51 (2 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0xf998efd80c448417ULL,
                         "the factor per step at the best single rate (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 2, 0xf88ef0917a4201b4ULL,
                         "the steps of gradient descent to Newton's point (2 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 3, 0xeb874dbc89965c01ULL,
                         "the condition number with x in tenths (3 significant digits)");
}

static const struct harness_test tests[] = {
    {"line_mse_hand_examples", test_line_mse_hand_examples, 5, 2,
     "the mean squared error of three lines, derived by hand"},
    {"line_mse_of_no_points_is_zero", test_line_mse_of_no_points_is_zero, 5, 2,
     "n = 0 gives a loss of 0, not a division by zero"},
    {"line_mse_gradient_hand_examples", test_line_mse_gradient_hand_examples, 10, 2,
     "both partial derivatives at two points, derived by hand"},
    {"line_mse_gradient_of_no_points_is_zero", test_line_mse_gradient_of_no_points_is_zero, 5, 2,
     "n = 0 gives the gradient (0, 0), not NaN"},
    {"line_mse_and_its_gradient_sum_in_double", test_line_mse_and_its_gradient_sum_in_double, 5,
     2, "100002 points whose float sums would drop 100000 ones"},
    {"line_mse_gradient_is_zero_at_the_least_squares_line",
     test_line_mse_gradient_is_zero_at_the_least_squares_line, 10, 2,
     "the gradient vanishes at the least-squares line"},
    {"gd_step_one_step", test_gd_step_one_step, 15, 2,
     "one step w <- w - lr*g on three numbers; g left unchanged"},
    {"gd_step_with_no_parameters_does_nothing", test_gd_step_with_no_parameters_does_nothing, 5,
     2, "n = 0 touches nothing"},
    {"gd_step_follows_the_closed_form_on_a_valley",
     test_gd_step_follows_the_closed_form_on_a_valley, 15, 2,
     "50 steps on the valley match (1 - lr*h)^t exactly"},
    {"l2_norm_hand_examples", test_l2_norm_hand_examples, 10, 2,
     "the length of (3, 4), (1, -2, 2) and the empty vector"},
    {"l2_norm_sums_in_double", test_l2_norm_sums_in_double, 5, 2,
     "squares that overflow float are summed in double"},
    {"gradient_descent_fits_the_line", test_gradient_descent_fits_the_line, 10, 5,
     "500 steps from (0, 0) reach the least-squares line"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the loss, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the factor per step at the best rate"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: gradient descent against one Newton step"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the condition number in other units"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
