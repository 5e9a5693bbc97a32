/* Lesson 06, public tests: AdaGrad.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * follows from a property proved in the lesson, comes from a closed form
 * computed here in double precision, or was saved from PyTorch's
 * torch.optim.Adagrad by reference/make_reference.py; none is produced by the
 * code under test. */
#include "harness.h"
#include "lessons.h"
#include "surfaces.h"

#include "reference/reference.h"

#include <math.h>

#define SECTION "The update rule"
static const float EPS = 1e-10f; /* PyTorch's default */

/* ---- Diagnosing a wrong step ----------------------------------------------
 * Given one coordinate before a step (w0, s0), its gradient g and the
 * settings, recompute what the common mistakes would have produced and name
 * the one that matches the student's result. */
static int near(double a, double b) { return fabs(a - b) <= 1e-5 * (fabs(b) + 1e-3); }

static const char *diagnose_step(double w0, double g, double s0, double lr, double eps,
                                 double got)
{
    const double s = s0 + g * g;
    if (g == 0.0)
        return "with g = 0 nothing may move: lr * 0 / (sqrt(s) + eps) is 0 (keep eps, or 0/0 "
               "gives NaN)";
    if (near(got, w0 + lr * g / (sqrt(s) + eps)))
        return "you moved up the gradient: subtract lr * g / (sqrt(s) + eps), do not add it";
    if (near(got, w0 - lr * g))
        return "w moved by lr * g, as in plain gradient descent: divide by sqrt(s[i]) + eps";
    if (near(got, w0 - lr * g / (s + eps)))
        return "you divided by s itself: divide by its square root, sqrtf(s[i]) + eps";
    if (s0 > 0.0 && near(got, w0 - lr * g / (fabs(g) + eps)))
        return "the step used only this step's g*g: add g*g to s (s += g*g), do not overwrite it";
    if (s0 == 0.0 && fabs(got - w0) > 1e3 * lr)
        return "a huge first step: you divided by the old s (0 before the first step); add "
               "g*g to s[i] first, then divide by sqrtf(s[i]) + eps";
    if (s0 > 0.0 && near(got, w0 - lr * g / (sqrt(s0) + eps)))
        return "you divided by the old s: add g*g to s[i] first, then use the new s[i]";
    if (near(got, w0 - lr * g / sqrt(s + eps)))
        return "eps belongs outside the square root: sqrtf(s[i]) + eps, as in PyTorch";
    return "w[i] -= lr * g[i] / (sqrtf(s[i]) + eps), with s[i] already including g[i]^2";
}

static const char *diagnose_sum(double s0, double g, double got)
{
    if (got == s0)
        return "s did not change: store the sum back into s[i] (s[i] += g[i] * g[i])";
    if (near(got, g * g) && s0 > 0.0)
        return "s holds only the last g^2: add to the sum, s[i] += g[i] * g[i]";
    if (near(got, s0 + fabs(g)))
        return "add the square of the gradient, g*g, not its size";
    return "s[i] is the sum of all squared gradients so far: s[i] += g[i] * g[i]";
}

/* Takes one step on n coordinates and checks w and s against the expected
 * values, with a diagnosis for each coordinate that is off. */
static void check_one_step(const char *what, float *w, const float *g, float *s, size_t n,
                           float lr, float eps, const double *expected_w,
                           const double *expected_s, long step)
{
    double w_before[8], s_before[8];
    for (size_t i = 0; i < n; i++) {
        w_before[i] = w[i];
        s_before[i] = s[i];
    }
    adagrad_step(w, g, s, n, lr, eps);
    for (size_t i = 0; i < n; i++) {
        struct at where = AT("adagrad_step", SECTION);
        where.quantity = "s";
        where.index = (long)i;
        where.step = step;
        where.hint = diagnose_sum(s_before[i], g[i], s[i]);
        expect_close(where, expected_s[i], s[i]);
        where.quantity = what;
        where.hint = diagnose_step(w_before[i], g[i], s_before[i], lr, eps, w[i]);
        expect_close(where, expected_w[i], w[i]);
    }
}

/* ---- Hand-computed steps ---------------------------------------------------- */

static void test_first_step_moves_each_weight_by_lr(void **state)
{
    (void)state;
    /* On the first step s = g^2, so sqrt(s) = |g| and the step is
     *   lr * g / (|g| + eps) = lr * sign(g)   (up to eps / |g| <= 1e-7),
     * whatever the size of g. w = (1, -2, 0.5, 3), g = (0.5, -1, 4, 0.001),
     * lr = 0.1:
     *   s = (0.25, 1, 16, 1e-6),  w = (1 - 0.1, -2 + 0.1, 0.5 - 0.1, 3 - 0.1)
     *                               = (0.9, -1.9, 0.4, 2.9).
     * The tiny gradient 0.001 moves its weight as far as the large 4 does. */
    float w[4] = {1.0f, -2.0f, 0.5f, 3.0f};
    const float g[4] = {0.5f, -1.0f, 4.0f, 0.001f};
    float g_copy[4] = {0.5f, -1.0f, 4.0f, 0.001f};
    float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    const double expected_w[4] = {0.9, -1.9, 0.4, 2.9};
    const double expected_s[4] = {0.25, 1.0, 16.0, 1e-6};
    check_one_step("w", w, g_copy, s, 4, 0.1f, EPS, expected_w, expected_s, 1);
    for (int i = 0; i < 4; i++) {
        struct at where = AT("adagrad_step", SECTION);
        where.quantity = "g";
        where.index = i;
        where.hint = "g is an input: read it, never write it";
        expect_exact(where, g[i], g_copy[i]);
    }
}

static void test_two_steps_by_hand(void **state)
{
    (void)state;
    /* w = (1, 1, 1), lr = 0.1; gradients (3, -1, 0.5) then (4, -1, -1.2).
     * Coordinate 0: s = 9, step 0.1*3/3 = 0.1, w = 0.9;
     *               s = 9 + 16 = 25, step 0.1*4/5 = 0.08, w = 0.82.
     * Coordinate 1: s = 1, step -0.1, w = 1.1;
     *               s = 2, step -0.1/sqrt(2) = -0.0707107, w = 1.1707107.
     * Coordinate 2: s = 0.25, step 0.1, w = 0.9;
     *               s = 0.25 + 1.44 = 1.69, step 0.1*(-1.2)/1.3 = -0.0923077,
     *               w = 0.9923077.
     * The second steps are smaller than lr: s remembers the first gradient. */
    float w[3] = {1.0f, 1.0f, 1.0f}, s[3] = {0.0f, 0.0f, 0.0f};
    const float g1[3] = {3.0f, -1.0f, 0.5f}, g2[3] = {4.0f, -1.0f, -1.2f};
    const double w1[3] = {0.9, 1.1, 0.9}, s1[3] = {9.0, 1.0, 0.25};
    const double w2[3] = {0.82, 1.1 + 0.1 / sqrt(2.0), 0.9 + 0.12 / 1.3};
    const double s2[3] = {25.0, 2.0, 1.69};
    check_one_step("w", w, g1, s, 3, 0.1f, EPS, w1, s1, 1);
    check_one_step("w", w, g2, s, 3, 0.1f, EPS, w2, s2, 2);
}

static void test_eps_is_outside_the_square_root(void **state)
{
    (void)state;
    /* eps is tiny by default, so its place hardly shows; a large eps makes it
     * visible. eps = 0.5, lr = 0.1, w = (1, 1), g = (2, 0.5), s = 0:
     *   s = (4, 0.25), sqrt(s) + eps = (2.5, 1),
     *   steps 0.1*2/2.5 = 0.08 and 0.1*0.5/1 = 0.05, w = (0.92, 0.95).
     * With eps inside the root the steps would be 0.2/sqrt(4.5) = 0.0943 and
     * 0.05/sqrt(0.75) = 0.0577. */
    float w[2] = {1.0f, 1.0f}, s[2] = {0.0f, 0.0f};
    const float g[2] = {2.0f, 0.5f};
    const double expected_w[2] = {0.92, 0.95}, expected_s[2] = {4.0, 0.25};
    check_one_step("w", w, g, s, 2, 0.1f, 0.5f, expected_w, expected_s, 1);
}

static void test_no_parameters_touches_nothing(void **state)
{
    (void)state;
    /* n = 0: the loop body never runs. */
    float w[1] = {7.0f}, s[1] = {3.0f};
    const float g[1] = {1.0f};
    adagrad_step(w, g, s, 0, 0.5f, EPS);
    struct at where = AT("adagrad_step", SECTION);
    where.index = 0;
    where.hint = "with n = 0 there is nothing to update: loop over i < n only; a changed "
                 "value here is a write out of bounds: make test LESSON=6 SAN=1 "
                 "shows the line";
    where.quantity = "w";
    expect_exact(where, 7.0f, w[0]);
    where.quantity = "s";
    expect_exact(where, 3.0f, s[0]);
}

/* ---- Properties ------------------------------------------------------------ */

static void test_a_zero_gradient_freezes_w_and_s(void **state)
{
    (void)state;
    /* Three coordinates, lr = 0.1, w = (1, 1, 1):
     *   coordinate 0: g = 1 on every step (keeps the run going);
     *   coordinate 1: g = 2 on steps 1-3, g = 0 on steps 4-20, g = 2 on step 21;
     *   coordinate 2: g = 0 always, so s stays 0 and the step is
     *                 0.1 * 0 / (0 + eps) = 0 (without eps: 0/0 = NaN).
     * Coordinate 1 after step 3: s = 4 + 4 + 4 = 12 (exact in float) and
     *   w = 1 - 0.1 * (2/2 + 2/sqrt(8) + 2/sqrt(12)).
     * While g = 0, s += 0 and w -= 0 change nothing, bit for bit. On step 21
     * s = 16 and the step is 0.1 * 2 / 4 = 0.05: the rate resumes where it
     * stopped, it has not recovered. */
    float w[3] = {1.0f, 1.0f, 1.0f}, s[3] = {0.0f, 0.0f, 0.0f};
    const double w_after_3 = 1.0 - 0.1 * (1.0 + 2.0 / sqrt(8.0) + 2.0 / sqrt(12.0));
    float frozen_w = 0.0f;
    for (long t = 1; t <= 21; t++) {
        const float g[3] = {1.0f, (t <= 3 || t == 21) ? 2.0f : 0.0f, 0.0f};
        adagrad_step(w, g, s, 3, 0.1f, EPS);
        struct at where = AT("adagrad_step", SECTION);
        where.step = t;
        where.index = 1;
        if (t == 3) {
            where.quantity = "s";
            where.hint = "s[1] = 2^2 + 2^2 + 2^2 = 12: add g*g on every step";
            expect_exact(where, 12.0f, s[1]);
            where.quantity = "w";
            where.hint = "steps of 0.1*2/sqrt(4), 0.1*2/sqrt(8), 0.1*2/sqrt(12)";
            expect_close(where, w_after_3, w[1]);
            frozen_w = w[1];
        } else if (t > 3 && t < 21) {
            where.quantity = "s";
            where.hint = "a zero gradient adds 0 to s: it must keep its value exactly";
            expect_exact(where, 12.0f, s[1]);
            where.quantity = "w";
            where.hint = "a zero gradient must not move w: the step is lr * 0 / (sqrt(s) + eps)";
            expect_exact(where, frozen_w, w[1]);
        } else if (t == 21) {
            where.quantity = "s";
            where.hint = "after the pause s = 12 + 4 = 16: s never forgets";
            expect_exact(where, 16.0f, s[1]);
            where.quantity = "w";
            where.hint = "the step after the pause is 0.1 * 2 / sqrt(16) = 0.05";
            expect_close(where, (double)frozen_w - 0.05, w[1]);
        }
        where.index = 2;
        where.quantity = "w";
        where.hint = "a weight that never had a gradient must stay put (0 / (0 + eps) = 0, "
                     "not NaN: keep eps outside the root)";
        expect_exact(where, 1.0f, w[2]);
        where.quantity = "s";
        where.hint = "a weight that never had a gradient keeps s = 0";
        expect_exact(where, 0.0f, s[2]);
    }
}

static void test_the_effective_rate_never_grows(void **state)
{
    (void)state;
    /* s only gains squares, so lr / (sqrt(s) + eps) can only shrink; and
     * s >= g^2 after adding g^2, so every step |lr * g / (sqrt(s) + eps)| is
     * at most lr (section "The update rule"). Check both over 300 steps of
     * gradients whose size swings by six orders of magnitude, with zeros. */
    struct rng rng;
    rng_seed(&rng, 6, 0);
    enum { N = 4, STEPS = 300 };
    const float lr = 0.25f;
    float w[N] = {0}, s[N] = {0}, g[N];
    double previous_rate[N];
    for (int i = 0; i < N; i++)
        previous_rate[i] = (double)lr / EPS;
    for (long t = 1; t <= STEPS; t++) {
        float w_before[N];
        for (int i = 0; i < N; i++) {
            w_before[i] = w[i];
            float size = powf(10.0f, 3.0f - 6.0f * rng_uniform(&rng));
            g[i] = (rng_below(&rng, 5) == 0) ? 0.0f : size * (2.0f * rng_uniform(&rng) - 1.0f);
        }
        adagrad_step(w, g, s, N, lr, EPS);
        for (int i = 0; i < N; i++) {
            double rate = (double)lr / (sqrt((double)s[i]) + EPS);
            double moved = fabs((double)w[i] - (double)w_before[i]);
            struct at where = AT("adagrad_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "lr / (sqrt(s) + eps)";
            where.hint = "s must only grow: add g*g to it every step, never replace or decay it";
            expect_that(where, rate <= previous_rate[i] * (1.0 + 1e-6),
                        "the effective rate grew from %.6g to %.6g", previous_rate[i], rate);
            where.quantity = "|step|";
            where.hint = "since s >= g^2, no step can be longer than lr: did you divide by "
                         "sqrt(s) + eps, with the new s?";
            expect_that(where, moved <= (double)lr * (1.0 + 1e-5) + 1e-6 * fabs((double)w[i]),
                        "w moved by %.6g, more than lr = %.6g", moved, (double)lr);
            previous_rate[i] = rate;
        }
    }
}

/* ---- Long runs against PyTorch -------------------------------------------------
 * Tolerance: our step and torch's round in a different order (torch computes
 * w + (-lr) * (g / (sqrt(s) + eps)) in float), so single steps can differ
 * in the last bit or two (about 1e-7 relative). Both problems contract
 * towards the minimum, so such differences do not grow: the solution agrees
 * to better than 1e-6 relative. We allow 2e-5 relative, plus 1e-6 absolute
 * for weights that have converged to (almost) zero. Mistakes change the
 * values by a few percent at least. */

static void test_long_run_matches_pytorch(void **state)
{
    (void)state;
    /* f = sum h_i/2 w_i^2, g_i = h_i w_i in float; coordinate 5 gets its
     * gradient only on steps 1, 51, 101, ... (a rare feature). 1000 steps of
     * lr = 0.1, compared at steps 1, 2, 10, 100 and 1000. */
    float w[6], s[6] = {0}, g[6];
    for (int i = 0; i < 6; i++)
        w[i] = quadratic_start[i];
    size_t checkpoint = 0;
    for (long t = 1; t <= 1000; t++) {
        for (int i = 0; i < 6; i++)
            g[i] = quadratic_h[i] * w[i];
        if (t % 50 != 1)
            g[5] = 0.0f;
        adagrad_step(w, g, s, 6, quadratic_lr, EPS);
        if (t != quadratic_steps[checkpoint])
            continue;
        for (int i = 0; i < 6; i++) {
            struct at where = AT("adagrad_step", SECTION);
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "compare with torch.optim.Adagrad: s += g*g, then "
                         "w -= lr * g / (sqrt(s) + eps)";
            expect_close_tol(where, quadratic_w[checkpoint][i], w[i], 2e-5, 1e-6);
            where.quantity = "s";
            where.hint = "s is the running sum of g*g over all steps";
            expect_close_tol(where, quadratic_s[checkpoint][i], s[i], 2e-5, 1e-6);
        }
        checkpoint++;
    }
}

static void test_valley_run_matches_pytorch(void **state)
{
    (void)state;
    /* The lesson's valley f = 0.1 x^2 + 2 y^2 from (-10, 1), with the
     * trainer's gradient from surfaces.h: 500 steps of lr = 0.5, compared
     * with torch.optim.Adagrad at steps 1, 2, 10, 100 and 500. Step 1 moves
     * both coordinates by lr = 0.5: (-10, 1) -> (-9.5, 0.5). */
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float s[2] = {0.0f, 0.0f};
    size_t checkpoint = 0;
    for (long t = 1; t <= 500; t++) {
        double gradient[2];
        surface_valley.gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        adagrad_step(w, g, s, 2, valley_lr, EPS);
        if (t != valley_steps[checkpoint])
            continue;
        for (int i = 0; i < 2; i++) {
            struct at where = AT("adagrad_step", "The experiment: the long narrow valley");
            where.index = i;
            where.step = t;
            where.quantity = "w";
            where.hint = "step 1 must move each coordinate by lr = 0.5 towards the minimum";
            expect_close_tol(where, valley_w[checkpoint][i], w[i], 2e-5, 1e-6);
            where.quantity = "s";
            where.hint = "s is the running sum of g*g over all steps";
            expect_close_tol(where, valley_s[checkpoint][i], s[i], 2e-5, 1e-6);
        }
        checkpoint++;
    }
}

/* ---- Everything together: the rare feature ----------------------------------- */

static void test_adagrad_learns_the_rare_feature(void **state)
{
    (void)state;
    /* The spam model of the lesson (section "The experiment: a rare
     * feature"): 1000 e-mails, logistic regression p = sigmoid(w0 + w1 x),
     * x = 1 if the e-mail contains the rare word. 10 e-mails contain it and
     * 1 of those is spam; 297 of the other 990 are spam (30%). At the
     * minimum of the mean cross-entropy the model reproduces both
     * frequencies: sigmoid(w0) = 0.3 and sigmoid(w0 + w1) = 0.1, so
     *   w0 = log(0.3/0.7) = log(3/7),  w1 = log(0.1/0.9) - w0 = log(7/27).
     * The gradient, grouped by kind of e-mail:
     *   dJ/dw0 = (10 (p_rare - 0.1) + 990 (p_other - 0.3)) / 1000,
     *   dJ/dw1 =  10 (p_rare - 0.1) / 1000.
     * 500 AdaGrad steps of lr = 0.5 from (0, 0) reach the minimum to about
     * 1e-6 (the lesson's experiment prints the run); we ask for 1e-3. */
    float w[2] = {0.0f, 0.0f}, s[2] = {0.0f, 0.0f};
    for (int t = 0; t < 500; t++) {
        double p_other = 1.0 / (1.0 + exp(-(double)w[0]));
        double p_rare = 1.0 / (1.0 + exp(-((double)w[0] + w[1])));
        const float g[2] = {(float)((10.0 * (p_rare - 0.1) + 990.0 * (p_other - 0.3)) / 1000.0),
                            (float)(10.0 * (p_rare - 0.1) / 1000.0)};
        adagrad_step(w, g, s, 2, 0.5f, EPS);
    }
    const double expected[2] = {log(3.0 / 7.0), log(7.0 / 27.0)};
    for (int i = 0; i < 2; i++) {
        struct at where = AT("adagrad_step", "The experiment: a rare feature");
        where.quantity = "w";
        where.index = i;
        where.step = 500;
        where.hint = "the other tests of this lesson point to the part of the step that is off";
        expect_close_tol(where, expected[i], w[i], 1e-3, 1e-6);
    }
}

/* ---- Questions: the exercises of the lesson, answered in answers.txt -------
 * The hashes hold the right answers rounded to the stated digits, so this
 * file says right or wrong without showing them; the hidden tests derive
 * the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 3, 0x08058f518107d16fULL,
                         "the loss after AdaGrad's first step with lr = 2 (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x583afaf7b73b8d29ULL,
                         "the distance moved in 100 steps of a constant gradient, lr = 1 "
                         "(3 significant digits)");
}

static void test_question_ex5(void **state)
{
    (void)state;
    expect_answer_number("ex5", 3, 0x76fc6aabf0727a7bULL,
                         "gradient descent's steps for w1 to come within 1% with the word in "
                         "20 e-mails (the exact count)");
}

static const struct harness_test tests[] = {
    {"adagrad_first_step_moves_each_weight_by_lr", test_first_step_moves_each_weight_by_lr, 15,
     2, "the first step is lr * sign(g), for large and tiny gradients; g unchanged"},
    {"adagrad_two_steps_by_hand", test_two_steps_by_hand, 10, 2,
     "two steps on three numbers, derived by hand"},
    {"adagrad_eps_is_outside_the_square_root", test_eps_is_outside_the_square_root, 10, 2,
     "with eps = 0.5 the step is lr * g / (sqrt(s) + eps)"},
    {"adagrad_no_parameters_touches_nothing", test_no_parameters_touches_nothing, 5, 2,
     "n = 0 touches nothing"},
    {"adagrad_a_zero_gradient_freezes_w_and_s", test_a_zero_gradient_freezes_w_and_s, 15, 2,
     "while g = 0, w and s keep their values exactly; a never-seen weight stays put"},
    {"adagrad_the_effective_rate_never_grows", test_the_effective_rate_never_grows, 10, 2,
     "over 300 steps lr / (sqrt(s) + eps) never grows and no step exceeds lr"},
    {"adagrad_long_run_matches_pytorch", test_long_run_matches_pytorch, 15, 5,
     "1000 steps on a quadratic with a rare coordinate match torch.optim.Adagrad"},
    {"adagrad_valley_run_matches_pytorch", test_valley_run_matches_pytorch, 10, 5,
     "500 steps on the long narrow valley match torch.optim.Adagrad"},
    {"adagrad_learns_the_rare_feature", test_adagrad_learns_the_rare_feature, 10, 5,
     "500 steps of logistic regression reach the closed-form weights of the rare word"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the loss, then run"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the distance under the 1/sqrt(t) law"},
    {"question_ex5", test_question_ex5, 5, 2, "exercise 5: a less rare word"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
