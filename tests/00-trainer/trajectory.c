/* Tests of the trajectory loop (lessons/00-trainer/trajectory.c), the one
 * behind `descent trajectory` and the browser playground. The optimizer here
 * is written in the test (plain gradient descent, w <- w - lr*g), so the
 * expected points are worked out by hand from the surface's formula; the
 * schedule test uses lesson 09's schedule_lr (the Makefile links the
 * trainer's tests with the reference lessons). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"
#include "trajectory.h"

/* w[i] <- w[i] - lr * g[i]: the test's own optimizer, independent of lesson 01. */
static void plain_step(const struct hyperparameters *h, float *w, const float *g,
                       float *const state[OPTIMIZER_MAX_STATE], size_t n, float lr, long t)
{
    (void)h, (void)state, (void)t;
    for (size_t i = 0; i < n; i++)
        w[i] -= lr * g[i];
}

static const struct optimizer_kind plain = {
    "plain", "00-trainer", "the test's gradient descent", 0, {.lr = 0.1f}, plain_step,
};

/* Valley f = 0.1 x^2 + 2 y^2, gradient (0.2 x, 4 y), from (-10, 1), lr 0.1:
 *   step 0: w = (-10, 1),      f = 10 + 2 = 12,          |g| = |(-2, 4)| = sqrt(20)
 *   step 1: w = (-10 + 0.2, 1 - 0.4) = (-9.8, 0.6),
 *           f = 0.1 * 96.04 + 2 * 0.36 = 10.324,        |g| = |(-1.96, 2.4)|
 *   step 2: w = (-9.8 + 0.196, 0.6 - 0.24) = (-9.604, 0.36). */
static void test_two_steps_on_the_valley(void **state)
{
    (void)state;
    struct trajectory_run run = {&surface_valley, &plain, {.lr = 0.1f}, NULL, -10.0, 1.0, 2};
    struct trajectory_point points[3];
    size_t drawn = 0;
    struct error err;
    assert_int_equal(trajectory_follow(&run, points, &drawn, &err), 0);
    assert_int_equal(drawn, 3);
    const double x[3] = {-10.0, -9.8, -9.604}, y[3] = {1.0, 0.6, 0.36};
    const double f[3] = {12.0, 10.324, 0.1 * 9.604 * 9.604 + 2.0 * 0.36 * 0.36};
    const double norm[3] = {sqrt(20.0), sqrt(1.96 * 1.96 + 2.4 * 2.4),
                            sqrt(1.9208 * 1.9208 + 1.44 * 1.44)};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(points[i].step, i);
        if (fabs(points[i].x - x[i]) > 1e-5 || fabs(points[i].y - y[i]) > 1e-6 ||
            fabs(points[i].f - f[i]) > 1e-4 || fabs(points[i].gradient_norm - norm[i]) > 1e-5)
            fail_msg("point %d: expected (%g, %g) f %g |g| %g, got (%.9g, %.9g) f %.9g |g| %.9g",
                     i, x[i], y[i], f[i], norm[i], (double)points[i].x, (double)points[i].y,
                     points[i].f, points[i].gradient_norm);
    }
    /* The rate of the step leaving each point; the last point has none. */
    assert_true(points[0].lr == 0.1f && points[1].lr == 0.1f && points[2].lr == 0.0f);
}

/* lr = 10 on the valley: y <- y - 10 * 4 y = -39 y, so |y| = 39^t; in float
 * 39^24 = 1.6e38 is still finite and 39^25 = 6.2e39 overflows to infinity.
 * The path ends with the first non-finite point: 26 points (steps 0..25). */
static void test_divergence_stops_at_the_first_infinite_point(void **state)
{
    (void)state;
    struct trajectory_run run = {&surface_valley, &plain, {.lr = 10.0f}, NULL, -10.0, 1.0, 100};
    struct trajectory_point points[101];
    size_t drawn = 0;
    assert_int_equal(trajectory_follow(&run, points, &drawn, NULL), 0);
    if (drawn != 26)
        fail_msg("expected 26 points (the 26th infinite), got %zu", drawn);
    assert_true(isfinite(points[24].y) && isinf(points[25].y));
}

/* Step decay with gamma 0.5 every 2 steps from 0.1: the rates of steps
 * 0..4 are 0.1, 0.1, 0.05, 0.05, 0.025 (lesson 09's formula
 * base_lr * gamma^floor(step / step_size)); the run passes each to its step. */
static void test_the_schedule_sets_each_rate(void **state)
{
    (void)state;
    const struct schedule decay = {.kind = SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5,
                                   .step_size = 2};
    struct trajectory_run run = {&surface_saddle, &plain, {.lr = 0.1f}, &decay, 1.0, 0.5, 5};
    struct trajectory_point points[6];
    size_t drawn = 0;
    assert_int_equal(trajectory_follow(&run, points, &drawn, NULL), 0);
    assert_int_equal(drawn, 6);
    const float expected[6] = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.0f};
    for (int i = 0; i < 6; i++)
        if (points[i].lr != expected[i])
            fail_msg("rate of step %d: expected %g, got %g", i, (double)expected[i],
                     (double)points[i].lr);
    /* Saddle f = x^2 - y^2, gradient (2x, -2y): x <- (1 - 2 lr) x. */
    double x = 1.0;
    for (int i = 0; i < 5; i++)
        x *= 1.0 - 2.0 * (double)expected[i];
    if (fabs(points[5].x - x) > 1e-6)
        fail_msg("x after 5 steps: expected %.9g, got %.9g", x, (double)points[5].x);
}

static const struct harness_test tests[] = {
    {"trajectory_two_steps_on_the_valley", test_two_steps_on_the_valley, 1, 5,
     "two steps on the valley"},
    {"trajectory_divergence_stops", test_divergence_stops_at_the_first_infinite_point, 1, 5,
     "divergence stops at the first infinite point"},
    {"trajectory_schedule_sets_each_rate", test_the_schedule_sets_each_rate, 1, 5,
     "the schedule sets each rate"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
