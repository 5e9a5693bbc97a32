/* Lesson 09, public tests: learning-rate warmup and decay.
 *
 * Every expected value below is derived by hand in the comment beside it,
 * comes from a closed form computed here in double precision, or was
 * recorded from PyTorch's own schedulers (reference/reference.h, with the
 * script that produced it); none is produced by the code under test.
 * Steps are counted from 0, as in lesson09.h: step 0 is the rate of the
 * first optimizer step. */
#include "harness.h"
#include "lessons.h"

#include "reference/reference.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double PI = 3.14159265358979323846;

/* Rates are doubles computed from a formula in double: a few roundings at
 * most, far below this tolerance. */
#define RATE_REL_TOL 1e-9
#define RATE_ABS_TOL 1e-15

/* Checks schedule_lr(s, step) against expected, with a hint for the likely
 * mistake. */
static void check_rate(const struct schedule *s, long step, double expected, const char *section,
                       const char *hint)
{
    struct at where = AT("schedule_lr", section);
    where.quantity = "lr";
    where.index = step;
    where.hint = hint;
    expect_close_tol(where, expected, schedule_lr(s, step), RATE_REL_TOL, RATE_ABS_TOL);
}

/* The likely mistake of a linear warmup (kind WARMUP or WARMUP_COSINE, with
 * warmup_steps >= 3), told apart by its first two steps, or NULL. By hand,
 * with W = warmup_steps:
 *   right:                    base_lr * 1/W, then base_lr * 2/W;
 *   integer division:         (0+1)/W = 0 and (1+1)/W = 0 in long: 0, then 0;
 *   a warmup that starts at 0: step/W gives 0, then base_lr * 1/W.
 * One step alone cannot tell the last two apart: both give 0 at step 0. */
static const char *warmup_mistake(const struct schedule *s)
{
    if ((s->kind != SCHEDULE_WARMUP && s->kind != SCHEDULE_WARMUP_COSINE) ||
        s->warmup_steps < 3)
        return NULL;
    double lr0 = schedule_lr(s, 0), lr1 = schedule_lr(s, 1);
    double first = s->base_lr / (double)s->warmup_steps;
    if (lr0 == 0.0 && lr1 == 0.0)
        return "the rate is 0 at steps 0 and 1: (step + 1) / warmup_steps divided two longs, "
               "which rounds down to 0 until the last warmup step; divide in double, "
               "(double)(step + 1) / warmup_steps";
    if (lr0 == 0.0 && fabs(lr1 - first) <= 1e-12 * first)
        return "your warmup starts at 0: step 0 would not move the weights at all. Use "
               "(step + 1) / warmup_steps, so step 0 gets base_lr / warmup_steps";
    return NULL;
}

/* ---- Decay schedules ------------------------------------------------------ */

static void test_constant_and_step_decay(void **state)
{
    (void)state;
    /* Constant: base_lr at every step, whatever the unused fields hold. */
    const struct schedule constant = {SCHEDULE_CONSTANT, .base_lr = 0.3, .gamma = 0.5,
                                      .step_size = 2, .warmup_steps = 7, .total_steps = 9};
    const long constant_steps[] = {0, 1, 1000};
    for (size_t i = 0; i < 3; i++)
        check_rate(&constant, constant_steps[i], 0.3, "Decay schedules",
                   "a constant schedule returns base_lr and ignores every other field");

    /* Step decay, base_lr = 0.1, gamma = 0.5, step_size = 30:
     *   steps  0..29: 0.1 * 0.5^0 = 0.1      (29/30 = 0 in integer division)
     *   steps 30..59: 0.1 * 0.5^1 = 0.05     (the first drop is AT step 30)
     *   steps 60..89: 0.1 * 0.5^2 = 0.025
     *   step 95:      0.1 * 0.5^3 = 0.0125.  */
    const struct schedule step = {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5, .step_size = 30};
    const long steps[] = {0, 29, 30, 59, 60, 95};
    const double expected[] = {0.1, 0.1, 0.05, 0.05, 0.025, 0.0125};
    for (size_t i = 0; i < 6; i++) {
        double got = schedule_lr(&step, steps[i]);
        const char *hint = "lr = base_lr * gamma^floor(step / step_size): the rate drops at "
                           "steps 30, 60, 90, ...";
        /* (step + 1) / step_size drops one step early: step 29 gets 0.05. */
        if (steps[i] == 29 && fabs(got - 0.05) < 1e-12)
            hint = "the rate dropped one step early: use step / step_size, not "
                   "(step + 1) / step_size; step 29 still belongs to the first block";
        if (steps[i] == 30 && fabs(got - 0.1) < 1e-12)
            hint = "the rate must drop AT step 30 (30 / 30 = 1 drop): did you round up or "
                   "compare with > instead of >=?";
        check_rate(&step, steps[i], expected[i], "Decay schedules", hint);
    }
}

static void test_exponential_and_inverse_time(void **state)
{
    (void)state;
    /* Exponential, base_lr = 1, gamma = 0.9:
     *   step 0: 0.9^0 = 1;  step 1: 0.9;  step 2: 0.81;
     *   step 10: 0.9^10 = 0.3486784401 (0.81^5 = 0.6561^2 * 0.81). */
    const struct schedule exponential = {SCHEDULE_EXPONENTIAL, .base_lr = 1.0, .gamma = 0.9};
    const long e_steps[] = {0, 1, 2, 10};
    const double e_expected[] = {1.0, 0.9, 0.81, 0.3486784401};
    for (size_t i = 0; i < 4; i++) {
        const char *hint = "lr = base_lr * gamma^step, with step counted from 0 (step 0 "
                           "gives base_lr)";
        if (fabs(schedule_lr(&exponential, e_steps[i]) - e_expected[i] * 0.9) < 1e-12)
            hint = "one factor of gamma too many: step 0 must give base_lr, gamma^0 = 1";
        check_rate(&exponential, e_steps[i], e_expected[i], "Decay schedules", hint);
    }

    /* Inverse time (1/t), base_lr = 0.5, gamma = 0.1:
     *   step 0:  0.5 / 1 = 0.5;   step 10: 0.5 / (1 + 1) = 0.25;
     *   step 90: 0.5 / (1 + 9) = 0.05;   step 999: 0.5 / 100.9. */
    const struct schedule inverse = {SCHEDULE_INVERSE_TIME, .base_lr = 0.5, .gamma = 0.1};
    const long i_steps[] = {0, 10, 90, 999};
    const double i_expected[] = {0.5, 0.25, 0.05, 0.5 / 100.9};
    for (size_t i = 0; i < 4; i++)
        check_rate(&inverse, i_steps[i], i_expected[i], "Decay schedules",
                   "lr = base_lr / (1 + gamma * step): the rate halves when gamma * step = 1");
}

/* ---- Cosine annealing ----------------------------------------------------- */

static void test_cosine_boundaries(void **state)
{
    (void)state;
    /* base_lr = 1, min_lr = 0.1, total_steps = 100:
     *   lr = 0.1 + 0.9 * (1 + cos(pi * step / 100)) / 2.
     *   step 0:   cos 0 = 1                    -> 0.1 + 0.9 = 1
     *   step 25:  cos(pi/4) = sqrt(2)/2        -> 0.1 + 0.45 * (1 + 0.70710678) = 0.86819805
     *   step 50:  cos(pi/2) = 0                -> 0.1 + 0.45 = 0.55 (the midpoint)
     *   step 99:  cos(0.99 pi) = -cos(0.01 pi) -> 0.1 + 0.45 * (1 - 0.99950656) = 0.10022204
     *   step 100: cos(pi) = -1                 -> 0.1 = min_lr
     *   step 150 and 10^9: past the end        -> min_lr (it does not climb back). */
    const struct schedule cosine = {SCHEDULE_COSINE, .base_lr = 1.0, .total_steps = 100,
                                    .min_lr = 0.1};
    const long steps[] = {0, 25, 50, 99, 100, 150, 1000000000L};
    const double expected[] = {1.0, 0.1 + 0.45 * (1.0 + sqrt(0.5)), 0.55,
                               0.1 + 0.45 * (1.0 - cos(0.01 * PI)), 0.1, 0.1, 0.1};
    for (size_t i = 0; i < 7; i++) {
        double got = schedule_lr(&cosine, steps[i]);
        const char *hint = "lr = min_lr + (base_lr - min_lr) * (1 + cos(pi * step / "
                           "total_steps)) / 2, and min_lr from step total_steps on";
        if (steps[i] == 150 && fabs(got - 0.55) < 1e-9)
            hint = "past total_steps the rate climbed back up the cosine: from step "
                   "total_steps on, return min_lr (PyTorch's CosineAnnealingLR differs here)";
        else if (steps[i] > 0 && steps[i] < 100 && fabs(got - 1.0) < 1e-12)
            hint = "the rate did not move: did step / total_steps divide two longs (giving 0)? "
                   "Convert to double first";
        else if (steps[i] == 50 && fabs(got - 0.5) < 1e-9)
            hint = "the midpoint must be halfway between base_lr and min_lr, 0.55: did you "
                   "forget min_lr?";
        check_rate(&cosine, steps[i], expected[i], "Cosine annealing", hint);
    }
}

/* ---- Warmup ---------------------------------------------------------------- */

static void test_warmup_boundaries(void **state)
{
    (void)state;
    /* base_lr = 0.1, warmup_steps = 5: lr = 0.1 * (step + 1) / 5 for step < 5.
     *   step 0: 0.02;  step 1: 0.04;  step 2: 0.06;  step 4: 0.1 (the end of warmup);
     *   step 5 and later: 0.1. */
    const struct schedule warmup = {SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 5};
    const long steps[] = {0, 1, 2, 4, 5, 6, 1000};
    const double expected[] = {0.02, 0.04, 0.06, 0.1, 0.1, 0.1, 0.1};
    for (size_t i = 0; i < 7; i++) {
        double got = schedule_lr(&warmup, steps[i]);
        const char *hint = "lr = base_lr * (step + 1) / warmup_steps while step < "
                           "warmup_steps, then base_lr";
        if (steps[i] < 5 && fabs(got - expected[i]) > 1e-12 && warmup_mistake(&warmup) != NULL)
            hint = warmup_mistake(&warmup);
        check_rate(&warmup, steps[i], expected[i], "Warmup", hint);
    }
    /* warmup_steps = 1: (0 + 1) / 1 = 1, so there is no warmup at all. */
    const struct schedule one = {SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 1};
    check_rate(&one, 0, 0.1, "Warmup",
               "with warmup_steps = 1 step 0 already gets the full base_lr");
}

static void test_warmup_then_cosine(void **state)
{
    (void)state;
    /* base_lr = 1, min_lr = 0, warmup_steps = 10, total_steps = 110.
     * Warmup: step 0: 1/10 = 0.1; step 4: 5/10 = 0.5; step 9: 10/10 = 1.
     * Cosine over the remaining 100 steps, its clock u = step - 10:
     *   step 10 (u = 0):   1
     *   step 35 (u = 25):  (1 + cos(pi/4)) / 2 = 0.85355339
     *   step 60 (u = 50):  (1 + cos(pi/2)) / 2 = 0.5
     *   step 109 (u = 99): (1 + cos(0.99 pi)) / 2 = 0.00024672
     *   step 110 (u = 100) and later: 0 = min_lr. */
    const struct schedule s = {SCHEDULE_WARMUP_COSINE, .base_lr = 1.0, .warmup_steps = 10,
                               .total_steps = 110, .min_lr = 0.0};
    const long steps[] = {0, 4, 9, 10, 35, 60, 109, 110, 500};
    const double expected[] = {0.1, 0.5, 1.0, 1.0, 0.5 * (1.0 + sqrt(0.5)), 0.5,
                               0.5 * (1.0 - cos(0.01 * PI)), 0.0, 0.0};
    for (size_t i = 0; i < 9; i++) {
        double got = schedule_lr(&s, steps[i]);
        const char *hint = "warmup for steps 0..warmup_steps-1, then a cosine whose own "
                           "step counter is step - warmup_steps, over total_steps - "
                           "warmup_steps steps";
        /* Cosine over the whole run: step 60 would give (1 + cos(0.545 pi)) / 2. */
        if (steps[i] == 60 && fabs(got - 0.5 * (1.0 + cos(PI * 60.0 / 110.0))) < 1e-9)
            hint = "the cosine must start at step warmup_steps: use step - warmup_steps "
                   "over total_steps - warmup_steps, not step over total_steps";
        else if (steps[i] == 60 && fabs(got - 0.5 * (1.0 + cos(PI * 50.0 / 110.0))) < 1e-9)
            hint = "the cosine runs over total_steps - warmup_steps steps, not total_steps";
        else if (steps[i] < 10 && warmup_mistake(&s) != NULL)
            hint = warmup_mistake(&s);
        else if (steps[i] == 0 && got == 0.0)
            hint = "step 0 of the warmup must get base_lr / warmup_steps, not 0";
        struct at where = AT("schedule_lr", "Warmup followed by cosine");
        where.quantity = "lr";
        where.index = steps[i];
        where.hint = hint;
        expect_close_tol(where, expected[i], got, RATE_REL_TOL, RATE_ABS_TOL);
    }
}

/* ---- The Transformer's schedule ----------------------------------------------- */

static void test_inverse_sqrt(void **state)
{
    (void)state;
    /* By hand, base_lr = 1, d_model = 1, warmup_steps = 4, so W^-1.5 = 1/8 and
     * lr = min(n^-0.5, n / 8) with n = step + 1:
     *   step 0  (n = 1):  min(1, 1/8)      = 0.125   (not 0: n starts at 1)
     *   step 1  (n = 2):  min(0.707, 2/8)  = 0.25
     *   step 3  (n = 4):  min(1/2, 4/8)    = 0.5     (the peak: both terms equal)
     *   step 8  (n = 9):  min(1/3, 9/8)    = 1/3
     *   step 15 (n = 16): min(1/4, 2)      = 0.25. */
    const struct schedule small = {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 4,
                                   .d_model = 1.0};
    const long steps[] = {0, 1, 3, 8, 15};
    const double expected[] = {0.125, 0.25, 0.5, 1.0 / 3.0, 0.25};
    for (size_t i = 0; i < 5; i++) {
        double got = schedule_lr(&small, steps[i]);
        const char *hint = "lr = base_lr * d_model^-0.5 * min(n^-0.5, n * warmup_steps^-1.5) "
                           "with n = step + 1";
        if (steps[i] == 0 && got == 0.0)
            hint = "step 0 gave 0: the formula counts from n = step + 1, so the first "
                   "step gets warmup_steps^-1.5, not 0";
        else if (steps[i] == 3 && fabs(got - 3.0 / 8.0) < 1e-12)
            hint = "the peak came one step late: use n = step + 1 in both terms";
        check_rate(&small, steps[i], expected[i], "The Transformer's schedule", hint);
    }

    /* Vaswani et al.'s settings: d_model = 512, warmup_steps = 4000, base_lr = 1.
     * The peak, at n = 4000 (step 3999): 512^-0.5 * 4000^-0.5 = 1/sqrt(2048000)
     * = 6.98771242e-4. Four times later, n = 16000: 1/sqrt(512 * 16000), half the
     * peak. At step 0: 512^-0.5 * 4000^-1.5 = 1.7469e-7. */
    const struct schedule paper = {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 4000,
                                   .d_model = 512.0};
    check_rate(&paper, 3999, 1.0 / sqrt(2048000.0), "The Transformer's schedule",
               "the peak is at n = step + 1 = warmup_steps, where both terms equal "
               "warmup_steps^-0.5; did you multiply by d_model^-0.5?");
    check_rate(&paper, 15999, 0.5 / sqrt(2048000.0), "The Transformer's schedule",
               "after the peak lr = d_model^-0.5 * n^-0.5: four times the steps, half the rate");
    check_rate(&paper, 0, 1.0 / (sqrt(512.0) * 4000.0 * sqrt(4000.0)),
               "The Transformer's schedule",
               "at n = 1 the rate is d_model^-0.5 * warmup_steps^-1.5");
    struct at where = AT("schedule_lr", "The Transformer's schedule");
    where.quantity = "lr";
    where.index = 3999;
    where.hint = "the peak must be at step warmup_steps - 1";
    expect_that(where, schedule_lr(&paper, 3998) < schedule_lr(&paper, 3999) &&
                    schedule_lr(&paper, 4000) < schedule_lr(&paper, 3999),
                "expected steps 3998 and 4000 below the peak at step 3999, got %.9g, %.9g, %.9g",
                schedule_lr(&paper, 3998), schedule_lr(&paper, 3999), schedule_lr(&paper, 4000));
}

/* ---- Properties -------------------------------------------------------------- */

static void test_shapes(void **state)
{
    (void)state;
    /* Every decaying kind never rises and stays in (0, base_lr]; every warmup
     * rises strictly until its end; nothing is NaN. */
    const struct schedule decaying[] = {
        {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.7, .step_size = 50},
        {SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 0.995},
        {SCHEDULE_INVERSE_TIME, .base_lr = 0.1, .gamma = 0.01},
        {SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 1500, .min_lr = 0.001},
    };
    for (size_t k = 0; k < 4; k++) {
        double previous = decaying[k].base_lr;
        for (long step = 0; step <= 2000; step++) {
            double lr = schedule_lr(&decaying[k], step);
            struct at where = AT("schedule_lr", "Decay schedules");
            where.quantity = "lr";
            where.index = step;
            where.hint = "a decay schedule starts at base_lr and never rises";
            expect_that(where, lr > 0 && lr <= previous,
                        "schedule kind %d: expected 0 < lr <= %.9g (the rate of the step "
                        "before), got %.9g", (int)decaying[k].kind, previous, lr);
            previous = lr;
        }
    }
    const struct schedule warming[] = {
        {SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 100},
        {SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 100, .total_steps = 1000},
        {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 100, .d_model = 64.0},
    };
    for (size_t k = 0; k < 3; k++) {
        double previous = 0.0;
        for (long step = 0; step < 100; step++) {
            double lr = schedule_lr(&warming[k], step);
            struct at where = AT("schedule_lr", "Warmup");
            where.quantity = "lr";
            where.index = step;
            where.hint = "during warmup every step's rate must be larger than the last";
            if (!(lr > previous && isfinite(lr)) && warmup_mistake(&warming[k]) != NULL)
                where.hint = warmup_mistake(&warming[k]);
            expect_that(where, lr > previous && isfinite(lr),
                        "schedule kind %d: expected lr > %.9g, got %.9g", (int)warming[k].kind,
                        previous, lr);
            previous = lr;
        }
    }
}

/* The PyTorch scheduler, with its settings, that gave the rates of the case
 * called name (as reference/make_reference.py builds it), for messages. */
static const char *torch_scheduler(const char *name)
{
    static const struct {
        const char *name, *scheduler;
    } schedulers[] = {
        {"step", "StepLR(step_size=3, gamma=0.5) on SGD(lr=0.1)"},
        {"exponential", "ExponentialLR(gamma=0.9) on SGD(lr=0.1)"},
        {"cosine", "CosineAnnealingLR(T_max=10, eta_min=0.001) on SGD(lr=0.1)"},
        {"warmup", "LinearLR(start_factor=1/4, end_factor=1, total_iters=3) on SGD(lr=0.1)"},
        {"warmup_cosine", "SequentialLR([LinearLR(start_factor=1/4, end_factor=1, "
                          "total_iters=3), CosineAnnealingLR(T_max=8, eta_min=0.001)], "
                          "milestones=[4]) on SGD(lr=0.1)"},
    };
    for (size_t k = 0; k < sizeof schedulers / sizeof schedulers[0]; k++)
        if (strcmp(schedulers[k].name, name) == 0)
            return schedulers[k].scheduler;
    return name;
}

static void test_matches_pytorch(void **state)
{
    (void)state;
    /* PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, LinearLR and
     * SequentialLR(LinearLR, CosineAnnealingLR), read before each
     * optimizer.step() (see reference/make_reference.py). */
    const size_t cases = sizeof torch_cases / sizeof torch_cases[0];
    for (size_t c = 0; c < cases; c++) {
        for (long step = 0; step < torch_cases[c].count; step++) {
            struct at where = AT("schedule_lr", "When the rate is applied");
            char quantity[256];
            snprintf(quantity, sizeof quantity,
                     "the rate of optimizer step %ld under PyTorch's %s", step,
                     torch_scheduler(torch_cases[c].name));
            where.quantity = quantity;
            where.hint = "PyTorch's scheduler gives this rate to optimizer step k (counted "
                         "from 0); check your step counting";
            if (warmup_mistake(&torch_cases[c].schedule) != NULL)
                where.hint = warmup_mistake(&torch_cases[c].schedule);
            expect_close_tol(where, torch_cases[c].rate[step],
                             schedule_lr(&torch_cases[c].schedule, step), RATE_REL_TOL,
                             RATE_ABS_TOL);
        }
    }
}

/* ---- Checking the settings ------------------------------------------------------ */

/* A schedule of the given kind with every field valid for every kind. */
static struct schedule valid(enum schedule_kind kind)
{
    return (struct schedule){kind, .base_lr = 0.1, .gamma = 0.5, .step_size = 10,
                             .warmup_steps = 5, .total_steps = 100, .min_lr = 0.001,
                             .d_model = 512.0};
}

/* Expects schedule_validate to reject s with a message that contains the
 * field name and, when value is not NULL, the printed value. */
static void expect_rejected(const struct schedule *s, const char *field, const char *value,
                            const char *what)
{
    struct error err;
    memset(err.message, 0, sizeof err.message);
    int status = schedule_validate(s, &err);
    struct at where = AT("schedule_validate", "Checking the settings");
    where.quantity = field;
    where.hint = "check each field the kind uses; write the test as !(inside the range) so "
                 "NaN fails it too";
    expect_that(where, status == -1, "%s must be rejected (return -1), got %d", what, status);
    if (status != -1)
        return;
    where.hint = "the message reads \"schedule KIND: FIELD = VALUE, expected RANGE\"";
    expect_that(where, strstr(err.message, field) != NULL,
                "%s: the message must name the field \"%s\", got \"%s\"", what, field,
                err.message);
    if (value != NULL)
        expect_that(where, strstr(err.message, value) != NULL,
                    "%s: the message must show the value %s, got \"%s\"", what, value,
                    err.message);
    expect_that(where, strchr(err.message, '\n') == NULL && strlen(err.message) > 0,
                "%s: the message must be one line with no newline, got \"%s\"", what,
                err.message);
}

static void test_validate_rejects_each_field(void **state)
{
    (void)state;
    struct schedule s;

    s = valid(SCHEDULE_CONSTANT); s.base_lr = -0.25;
    expect_rejected(&s, "base_lr", "-0.25", "base_lr = -0.25");
    s = valid(SCHEDULE_COSINE); s.base_lr = 0.0;
    expect_rejected(&s, "base_lr", NULL, "base_lr = 0");
    s = valid(SCHEDULE_WARMUP); s.base_lr = NAN;
    expect_rejected(&s, "base_lr", NULL, "base_lr = NaN (NaN > 0 is false)");

    s = valid(SCHEDULE_STEP); s.gamma = 1.5;
    expect_rejected(&s, "gamma", "1.5", "a step decay with gamma = 1.5 (it would grow)");
    s = valid(SCHEDULE_EXPONENTIAL); s.gamma = 0.0;
    expect_rejected(&s, "gamma", NULL, "an exponential decay with gamma = 0");
    s = valid(SCHEDULE_INVERSE_TIME); s.gamma = -0.5;
    expect_rejected(&s, "gamma", "-0.5", "an inverse-time decay with gamma = -0.5");

    s = valid(SCHEDULE_STEP); s.step_size = -3;
    expect_rejected(&s, "step_size", "-3", "step_size = -3");
    s = valid(SCHEDULE_STEP); s.step_size = 0;
    expect_rejected(&s, "step_size", NULL, "step_size = 0 (a division by zero)");

    s = valid(SCHEDULE_WARMUP); s.warmup_steps = 0;
    expect_rejected(&s, "warmup_steps", NULL, "a warmup of 0 steps");
    s = valid(SCHEDULE_INVERSE_SQRT); s.warmup_steps = -7;
    expect_rejected(&s, "warmup_steps", "-7", "inverse_sqrt with warmup_steps = -7");

    s = valid(SCHEDULE_COSINE); s.total_steps = 0;
    expect_rejected(&s, "total_steps", NULL, "a cosine of 0 steps");
    s = valid(SCHEDULE_WARMUP_COSINE); s.warmup_steps = 250; s.total_steps = 250;
    expect_rejected(&s, "total_steps", "250",
                    "warmup_cosine with total_steps = warmup_steps = 250 (no cosine left)");

    s = valid(SCHEDULE_COSINE); s.min_lr = 0.2;
    expect_rejected(&s, "min_lr", "0.2", "min_lr = 0.2 above base_lr = 0.1");
    s = valid(SCHEDULE_WARMUP_COSINE); s.min_lr = -0.125;
    expect_rejected(&s, "min_lr", "-0.125", "min_lr = -0.125");

    s = valid(SCHEDULE_INVERSE_SQRT); s.d_model = 0.5;
    expect_rejected(&s, "d_model", "0.5", "d_model = 0.5");

    s = valid(SCHEDULE_CONSTANT); s.kind = (enum schedule_kind)42;
    expect_rejected(&s, "kind", "42", "a kind that is not in the enum");

    /* err may be NULL: the function must still return -1 without writing. */
    s = valid(SCHEDULE_STEP); s.step_size = 0;
    struct at where = AT("schedule_validate", "Checking the settings");
    where.hint = "err may be NULL: write the message with error_set(err, ...), which "
                 "checks for NULL";
    expect_that(where, schedule_validate(&s, NULL) == -1,
                "with err = NULL an invalid schedule must still return -1");
}

static void test_validate_accepts_valid_settings(void **state)
{
    (void)state;
    /* Valid schedules, including the boundaries of each range, and unused
     * fields holding nonsense: each must give 0 and leave err untouched. */
    struct schedule ok[12];
    size_t n = 0;
    ok[n++] = (struct schedule){SCHEDULE_CONSTANT, .base_lr = 0.1, .gamma = -5.0,
                                .step_size = 0, .warmup_steps = -1, .total_steps = -1,
                                .min_lr = -1.0, .d_model = 0.0};
    ok[n++] = (struct schedule){SCHEDULE_STEP, .base_lr = 0.1, .gamma = 1.0, .step_size = 1,
                                .warmup_steps = 0, .min_lr = 7.0};
    ok[n++] = (struct schedule){SCHEDULE_EXPONENTIAL, .base_lr = 2.0, .gamma = 0.999,
                                .step_size = 0};
    ok[n++] = (struct schedule){SCHEDULE_INVERSE_TIME, .base_lr = 0.5, .gamma = 0.0};
    ok[n++] = (struct schedule){SCHEDULE_INVERSE_TIME, .base_lr = 0.5, .gamma = 3.0};
    ok[n++] = (struct schedule){SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 1,
                                .min_lr = 0.1, .warmup_steps = 0, .gamma = 9.0};
    ok[n++] = (struct schedule){SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 1000,
                                .min_lr = 0.0, .warmup_steps = 5000};
    ok[n++] = (struct schedule){SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 1,
                                .total_steps = 0};
    ok[n++] = (struct schedule){SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 1,
                                .total_steps = 2, .min_lr = 0.0};
    ok[n++] = (struct schedule){SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 4000,
                                .d_model = 1.0, .total_steps = 0, .min_lr = -1.0};
    for (size_t i = 0; i < n; i++) {
        struct error err;
        memset(err.message, 'x', sizeof err.message);
        err.message[sizeof err.message - 1] = '\0';
        int status = schedule_validate(&ok[i], &err);
        struct at where = AT("schedule_validate", "Checking the settings");
        where.index = (long)i;
        where.quantity = "valid schedule";
        where.hint = "check only the fields this kind uses, and include the ends of each "
                     "range (gamma = 1, min_lr = base_lr, total_steps = warmup_steps + 1)";
        expect_that(where, status == 0, "schedule %zu (kind %d) is valid, got %d: \"%s\"", i,
                    (int)ok[i].kind, status, status == 0 ? "" : err.message);
        where.hint = "on success leave err alone";
        expect_that(where, err.message[0] == 'x' && err.message[sizeof err.message - 2] == 'x',
                    "schedule %zu is valid: err must be left untouched", i);
    }
}

/* ---- Questions: the exercises of the lesson, answered in answers.txt -------
 * The hashes hold the right answers rounded to the stated digits, so this
 * file says right or wrong without showing them; the hidden tests derive
 * the values themselves. */

static void test_question_ex1(void **state)
{
    (void)state;
    expect_answer_number("ex1", 2, 0x4cd6c6c20a6d82e2ULL,
                         "|w_noise| after the first step with a 5-step warmup "
                         "(2 significant digits)");
}

static void test_question_ex2(void **state)
{
    (void)state;
    expect_answer_number("ex2", 3, 0x17c6970eda26da96ULL,
                         "the sum of all the rates of exponential decay, lr0 = 0.1, "
                         "gamma = 0.997 (3 significant digits)");
}

static void test_question_ex3(void **state)
{
    (void)state;
    expect_answer_number("ex3", 3, 0x6ee87d11993d2b65ULL,
                         "the base_lr for a peak of 1e-3 with d_model = 512, W = 4000 "
                         "(3 significant digits)");
}

static void test_question_ex4(void **state)
{
    (void)state;
    expect_answer_number("ex4", 3, 0x3378777763e4f9d7ULL,
                         "the sum of the inverse-time rates over steps 0 to 999 "
                         "(3 significant digits)");
}

static const struct harness_test tests[] = {
    {"constant_and_step_decay", test_constant_and_step_decay, 10, 2,
     "constant and step decay at the steps where the rate drops"},
    {"exponential_and_inverse_time", test_exponential_and_inverse_time, 10, 2,
     "exponential and 1/t decay at hand-computed steps"},
    {"cosine_boundaries", test_cosine_boundaries, 10, 2,
     "cosine at step 0, a quarter, the middle, the last step and beyond the end"},
    {"warmup_boundaries", test_warmup_boundaries, 10, 2,
     "linear warmup from base_lr/W at step 0 to base_lr at step W-1"},
    {"warmup_then_cosine", test_warmup_then_cosine, 15, 2,
     "warmup, then a cosine on its own clock, then min_lr"},
    {"inverse_sqrt", test_inverse_sqrt, 15, 2,
     "the Transformer's schedule by hand and with the paper's settings"},
    {"shapes", test_shapes, 10, 2,
     "decay never rises, warmup always rises, nothing is NaN"},
    {"matches_pytorch", test_matches_pytorch, 5, 2,
     "the rates of PyTorch's StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, SequentialLR"},
    {"validate_rejects_each_field", test_validate_rejects_each_field, 10, 2,
     "each field out of range is rejected with a message naming it"},
    {"validate_accepts_valid_settings", test_validate_accepts_valid_settings, 5, 2,
     "valid settings, range ends included, pass with err untouched"},
    {"question_ex1", test_question_ex1, 5, 2, "exercise 1: predict the first step, then run"},
    {"question_ex2", test_question_ex2, 5, 2, "exercise 2: the distance exponential decay allows"},
    {"question_ex3", test_question_ex3, 5, 2, "exercise 3: the Transformer's peak"},
    {"question_ex4", test_question_ex4, 5, 2, "exercise 4: the area under inverse time"},
};

const struct harness_suite lesson_public = HARNESS_SUITE(tests);
