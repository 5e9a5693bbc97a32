/* Lesson 09, hidden tests: run only by the grader, never shipped to students.
 *
 * Random valid schedules are drawn from the grading seed
 * (harness_rng_for_test) and compared, step by step, with an oracle written
 * here in double precision straight from the formulas of lesson09.h; the
 * reference solution is never consulted. Edge cases: one-step warmups, a
 * cosine of a single step, and step numbers up to LONG_MAX. */
#include "harness.h"
#include "lessons.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const double PI = 3.14159265358979323846;

/* ---- The oracle ----------------------------------------------------------------- */

/* The formulas of lesson09.h, written independently: a long double step
 * count (exact for every long on x86-64, and never overflowing), the
 * cosine's phase as a fraction, the warmup as a fraction. */
static double oracle_lr(const struct schedule *s, long step)
{
    const long double t = (long double)step;
    switch (s->kind) {
    case SCHEDULE_CONSTANT:
        return s->base_lr;
    case SCHEDULE_STEP:
        return s->base_lr * pow(s->gamma, floorl(t / (long double)s->step_size));
    case SCHEDULE_EXPONENTIAL:
        return s->base_lr * pow(s->gamma, (double)t);
    case SCHEDULE_INVERSE_TIME:
        return s->base_lr / (1.0 + s->gamma * (double)t);
    case SCHEDULE_COSINE:
        if (step >= s->total_steps)
            return s->min_lr;
        return s->min_lr + (s->base_lr - s->min_lr) *
                               (1.0 + cos(PI * (double)(t / (long double)s->total_steps))) / 2.0;
    case SCHEDULE_WARMUP:
        if (step >= s->warmup_steps)
            return s->base_lr;
        return s->base_lr * (double)((t + 1.0L) / (long double)s->warmup_steps);
    case SCHEDULE_WARMUP_COSINE: {
        if (step < s->warmup_steps)
            return s->base_lr * (double)((t + 1.0L) / (long double)s->warmup_steps);
        if (step >= s->total_steps)
            return s->min_lr;
        long double phase = (t - (long double)s->warmup_steps) /
                            (long double)(s->total_steps - s->warmup_steps);
        return s->min_lr + (s->base_lr - s->min_lr) * (1.0 + cos(PI * (double)phase)) / 2.0;
    }
    case SCHEDULE_INVERSE_SQRT: {
        double n = (double)(t + 1.0L), w = (double)s->warmup_steps;
        double term = fmin(pow(n, -0.5), n * pow(w, -1.5));
        return s->base_lr * pow(s->d_model, -0.5) * term;
    }
    }
    return NAN;
}

static const char *section_of(enum schedule_kind kind)
{
    switch (kind) {
    case SCHEDULE_COSINE: return "Cosine annealing";
    case SCHEDULE_WARMUP: return "Warmup";
    case SCHEDULE_WARMUP_COSINE: return "Warmup followed by cosine";
    case SCHEDULE_INVERSE_SQRT: return "The Transformer's schedule";
    default: return "Decay schedules";
    }
}

static void check_against_oracle(const struct schedule *s, long step, long case_number)
{
    char quantity[64];
    snprintf(quantity, sizeof quantity, "case %ld (kind %d): lr", case_number, (int)s->kind);
    struct at where = AT("schedule_lr", section_of(s->kind));
    where.quantity = quantity; /* printed as "case 3 (kind 5): lr[step]" */
    where.index = step;
    double expected = oracle_lr(s, step);
    double got = schedule_lr(s, step);
    expect_that(where, isfinite(got), "kind %d: expected a finite rate %.9g, got %g",
                (int)s->kind, expected, got);
    /* The oracle and the student's formula may round differently in a few
     * places (pow, cos of a slightly different phase): 1e-9 relative, and an
     * absolute 1e-15 * base_lr for rates that underflow towards 0. */
    expect_close_tol(where, expected, got, 1e-9, 1e-15 * s->base_lr);
}

/* ---- Random valid schedules ---------------------------------------------------- */

static double uniform(struct rng *rng, double lo, double hi)
{
    return lo + (hi - lo) * (double)rng_uniform(rng);
}

/* A random valid schedule of a random kind, with every unused field set to
 * nonsense (a correct schedule_lr never reads it). */
static struct schedule random_schedule(struct rng *rng)
{
    struct schedule s = {(enum schedule_kind)rng_below(rng, 8), .gamma = -1.0,
                         .step_size = -1, .warmup_steps = -1, .total_steps = -1,
                         .min_lr = -1.0, .d_model = -1.0};
    s.base_lr = pow(10.0, uniform(rng, -4.0, 0.5));
    switch (s.kind) {
    case SCHEDULE_CONSTANT: break;
    case SCHEDULE_STEP:
        s.gamma = uniform(rng, 0.05, 1.0);
        s.step_size = 1 + (long)rng_below(rng, 300);
        break;
    case SCHEDULE_EXPONENTIAL: s.gamma = uniform(rng, 0.9, 1.0); break;
    case SCHEDULE_INVERSE_TIME: s.gamma = uniform(rng, 0.0, 0.5); break;
    case SCHEDULE_COSINE:
        s.total_steps = 1 + (long)rng_below(rng, 3000);
        s.min_lr = s.base_lr * uniform(rng, 0.0, 1.0);
        break;
    case SCHEDULE_WARMUP: s.warmup_steps = 1 + (long)rng_below(rng, 500); break;
    case SCHEDULE_WARMUP_COSINE:
        s.warmup_steps = 1 + (long)rng_below(rng, 500);
        s.total_steps = s.warmup_steps + 1 + (long)rng_below(rng, 3000);
        s.min_lr = s.base_lr * uniform(rng, 0.0, 1.0);
        break;
    case SCHEDULE_INVERSE_SQRT:
        s.warmup_steps = 1 + (long)rng_below(rng, 8000);
        s.d_model = 1.0 + (double)rng_below(rng, 2048);
        break;
    }
    return s;
}

static void test_random_schedules_against_the_oracle(void **state)
{
    (void)state;
    struct rng rng;
    harness_rng_for_test(&rng);
    for (long c = 1; c <= 200; c++) {
        struct schedule s = random_schedule(&rng);
        /* The boundaries of this schedule, and some random steps. */
        long boundaries[] = {0, 1, s.step_size - 1, s.step_size, s.warmup_steps - 1,
                             s.warmup_steps, s.total_steps - 1, s.total_steps,
                             s.total_steps + 1, 2 * s.total_steps + 7};
        for (size_t i = 0; i < sizeof boundaries / sizeof boundaries[0]; i++)
            if (boundaries[i] >= 0)
                check_against_oracle(&s, boundaries[i], c);
        for (int k = 0; k < 20; k++)
            check_against_oracle(&s, (long)rng_below(&rng, 10000), c);
    }
}

static void test_every_step_of_random_runs(void **state)
{
    (void)state;
    /* Long runs: every step of one schedule of each kind, 5000 steps. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int kind = 0; kind < 8; kind++) {
        struct schedule s;
        do
            s = random_schedule(&rng);
        while ((int)s.kind != kind);
        for (long step = 0; step < 5000; step++)
            check_against_oracle(&s, step, kind);
    }
}

/* ---- Edge cases ------------------------------------------------------------------ */

static void test_shortest_warmups_and_cosines(void **state)
{
    (void)state;
    /* warmup_steps = 1: step 0 already has the full rate (1/1). */
    const struct schedule warmup = {SCHEDULE_WARMUP, .base_lr = 0.2, .warmup_steps = 1};
    check_against_oracle(&warmup, 0, 1);
    check_against_oracle(&warmup, 1, 1);
    /* total_steps = warmup_steps + 1: warmup 0..W-1, step W = base_lr (the
     * cosine's step 0 of 1), then min_lr. With W = 1: 0.2, 0.2, 0.02, 0.02. */
    const struct schedule wc = {SCHEDULE_WARMUP_COSINE, .base_lr = 0.2, .warmup_steps = 1,
                                .total_steps = 2, .min_lr = 0.02};
    const double expected[] = {0.2, 0.2, 0.02, 0.02};
    for (long step = 0; step < 4; step++) {
        struct at where = AT("schedule_lr", "Warmup followed by cosine");
        where.quantity = "lr";
        where.index = step;
        where.hint = "with total_steps = warmup_steps + 1 the cosine has a single step, at "
                     "base_lr; after it comes min_lr";
        expect_close_tol(where, expected[step], schedule_lr(&wc, step), 1e-12, 0.0);
    }
    /* A longer warmup, W = 7, T = 8: steps 0..6 rise to 0.2, step 7 is 0.2, then min_lr. */
    const struct schedule wc7 = {SCHEDULE_WARMUP_COSINE, .base_lr = 0.2, .warmup_steps = 7,
                                 .total_steps = 8, .min_lr = 0.0};
    for (long step = 0; step < 10; step++)
        check_against_oracle(&wc7, step, 7);
    /* A cosine of one step: base_lr at step 0, min_lr from step 1. */
    const struct schedule cosine = {SCHEDULE_COSINE, .base_lr = 0.2, .total_steps = 1,
                                    .min_lr = 0.05};
    check_against_oracle(&cosine, 0, 1);
    check_against_oracle(&cosine, 1, 1);
    /* min_lr = base_lr: a flat cosine. */
    const struct schedule flat = {SCHEDULE_COSINE, .base_lr = 0.2, .total_steps = 10,
                                  .min_lr = 0.2};
    for (long step = 0; step < 12; step++)
        check_against_oracle(&flat, step, 2);
    /* inverse_sqrt with warmup_steps = 1: the peak is step 0, base_lr * d_model^-0.5. */
    const struct schedule isqrt = {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 1,
                                   .d_model = 4.0};
    check_against_oracle(&isqrt, 0, 1);
    check_against_oracle(&isqrt, 3, 1);
    /* step_size = 1 makes step decay exponential; gamma = 1 makes it constant. */
    const struct schedule step1 = {SCHEDULE_STEP, .base_lr = 0.2, .gamma = 0.5, .step_size = 1};
    const struct schedule still = {SCHEDULE_STEP, .base_lr = 0.2, .gamma = 1.0, .step_size = 3};
    for (long step = 0; step < 20; step++) {
        check_against_oracle(&step1, step, 1);
        check_against_oracle(&still, step, 2);
    }
}

static void test_huge_step_numbers(void **state)
{
    (void)state;
    /* Steps far beyond any run, up to LONG_MAX: no overflow (step + 1 in long
     * would wrap), no loop over the steps, no NaN, the right limits. */
    const struct schedule kinds[] = {
        {SCHEDULE_CONSTANT, .base_lr = 0.1},
        {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 0.5, .step_size = 3},
        {SCHEDULE_STEP, .base_lr = 0.1, .gamma = 1.0, .step_size = 1},
        {SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 0.999},
        {SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 1.0},
        {SCHEDULE_INVERSE_TIME, .base_lr = 0.1, .gamma = 0.5},
        {SCHEDULE_INVERSE_TIME, .base_lr = 0.1, .gamma = 0.0},
        {SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 1000, .min_lr = 0.001},
        {SCHEDULE_WARMUP, .base_lr = 0.1, .warmup_steps = 100},
        {SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 100, .total_steps = 1000,
         .min_lr = 0.001},
        {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = 4000, .d_model = 512.0},
        {SCHEDULE_INVERSE_SQRT, .base_lr = 1.0, .warmup_steps = LONG_MAX / 2, .d_model = 1.0},
    };
    const long steps[] = {1000000000000L, LONG_MAX / 3, LONG_MAX - 1, LONG_MAX};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t i = 0; i < 4; i++) {
            char quantity[64];
            snprintf(quantity, sizeof quantity, "schedule %zu (kind %d): lr", k,
                     (int)kinds[k].kind);
            struct at where = AT("schedule_lr", section_of(kinds[k].kind));
            where.quantity = quantity;
            where.index = steps[i];
            where.hint = "compute with doubles: (double)step + 1 cannot overflow, step + 1 "
                         "in long can; use pow, never a loop over the steps";
            double got = schedule_lr(&kinds[k], steps[i]);
            double expected = oracle_lr(&kinds[k], steps[i]);
            expect_that(where, isfinite(got) && got >= 0.0,
                        "kind %d: expected a finite rate %.9g, got %g", (int)kinds[k].kind,
                        expected, got);
            expect_close_tol(where, expected, got, 1e-9, 1e-300);
        }
}

/* ---- Checking the settings ------------------------------------------------------ */

static void expect_verdict(const struct schedule *s, int expected_status, const char *field,
                           const char *what)
{
    struct error err;
    memset(err.message, 'x', sizeof err.message);
    err.message[sizeof err.message - 1] = '\0';
    int status = schedule_validate(s, &err);
    struct at where = AT("schedule_validate", "Checking the settings");
    where.quantity = field;
    expect_that(where, status == expected_status, "%s: expected %d, got %d (\"%s\")", what,
                expected_status, status, status == 0 ? "" : err.message);
    if (expected_status == -1 && status == -1)
        expect_that(where, strstr(err.message, field) != NULL,
                    "%s: the message must name \"%s\", got \"%s\"", what, field, err.message);
    if (expected_status == 0 && status == 0)
        expect_that(where, err.message[0] == 'x', "%s: err must be left untouched", what);
}

static void test_validate_range_ends_and_nan(void **state)
{
    (void)state;
    struct schedule s;
    s = (struct schedule){SCHEDULE_STEP, .base_lr = 0.1, .gamma = 1.0, .step_size = 1};
    expect_verdict(&s, 0, "gamma", "step decay with gamma = 1 (no decay) is valid");
    s.gamma = nextafter(1.0, 2.0);
    expect_verdict(&s, -1, "gamma", "step decay with gamma just above 1");
    s.gamma = NAN;
    expect_verdict(&s, -1, "gamma", "step decay with gamma = NaN");
    s = (struct schedule){SCHEDULE_EXPONENTIAL, .base_lr = 0.1, .gamma = 1e-300};
    expect_verdict(&s, 0, "gamma", "exponential with a tiny positive gamma is valid");
    s.gamma = -0.0;
    expect_verdict(&s, -1, "gamma", "exponential with gamma = -0");
    s = (struct schedule){SCHEDULE_INVERSE_TIME, .base_lr = 0.1, .gamma = 1e6};
    expect_verdict(&s, 0, "gamma", "inverse_time accepts any gamma >= 0, even 1e6");
    s.gamma = NAN;
    expect_verdict(&s, -1, "gamma", "inverse_time with gamma = NaN");
    s = (struct schedule){SCHEDULE_COSINE, .base_lr = 0.1, .total_steps = 10, .min_lr = 0.1};
    expect_verdict(&s, 0, "min_lr", "cosine with min_lr = base_lr is valid");
    s.min_lr = NAN;
    expect_verdict(&s, -1, "min_lr", "cosine with min_lr = NaN");
    s.min_lr = nextafter(0.1, 1.0);
    expect_verdict(&s, -1, "min_lr", "cosine with min_lr just above base_lr");
    s = (struct schedule){SCHEDULE_WARMUP_COSINE, .base_lr = 0.1, .warmup_steps = 10,
                          .total_steps = 11};
    expect_verdict(&s, 0, "total_steps", "warmup_cosine with total_steps = warmup_steps + 1");
    s.total_steps = 3;
    expect_verdict(&s, -1, "total_steps", "warmup_cosine with total_steps < warmup_steps");
    s.total_steps = 11;
    s.warmup_steps = 0;
    expect_verdict(&s, -1, "warmup_steps", "warmup_cosine with warmup_steps = 0");
    s = (struct schedule){SCHEDULE_INVERSE_SQRT, .base_lr = 0.1, .warmup_steps = 1,
                          .d_model = 1.0};
    expect_verdict(&s, 0, "d_model", "inverse_sqrt with d_model = 1 and warmup_steps = 1");
    s.d_model = NAN;
    expect_verdict(&s, -1, "d_model", "inverse_sqrt with d_model = NaN");
    s = (struct schedule){SCHEDULE_CONSTANT, .base_lr = -INFINITY};
    expect_verdict(&s, -1, "base_lr", "constant with base_lr = -inf");
    s.base_lr = 1e-300;
    expect_verdict(&s, 0, "base_lr", "constant with a tiny positive base_lr");
    s.kind = (enum schedule_kind)-1;
    expect_verdict(&s, -1, "kind", "kind = -1");
}

static void test_validate_random_schedules(void **state)
{
    (void)state;
    /* Every random valid schedule is accepted; breaking one field it uses
     * makes it rejected with that field named. */
    struct rng rng;
    harness_rng_for_test(&rng);
    for (int c = 0; c < 200; c++) {
        struct schedule s = random_schedule(&rng);
        expect_verdict(&s, 0, "(none)", "a random valid schedule");
        struct schedule bad = s;
        const char *field = "base_lr";
        switch (s.kind) {
        case SCHEDULE_CONSTANT: bad.base_lr = -s.base_lr; break;
        case SCHEDULE_STEP: bad.step_size = -(long)rng_below(&rng, 5); field = "step_size"; break;
        case SCHEDULE_EXPONENTIAL: bad.gamma = 1.0 + s.gamma; field = "gamma"; break;
        case SCHEDULE_INVERSE_TIME: bad.gamma = -0.01 - s.gamma; field = "gamma"; break;
        case SCHEDULE_COSINE: bad.min_lr = 2.0 * s.base_lr + 1e-9; field = "min_lr"; break;
        case SCHEDULE_WARMUP: bad.warmup_steps = -s.warmup_steps + 1; field = "warmup_steps";
            break;
        case SCHEDULE_WARMUP_COSINE: bad.total_steps = s.warmup_steps - (long)rng_below(&rng, 3);
            field = "total_steps"; break;
        case SCHEDULE_INVERSE_SQRT: bad.d_model = uniform(&rng, -5.0, 0.999); field = "d_model";
            break;
        }
        expect_verdict(&bad, -1, field, "a random schedule with one field out of range");
    }
}

/* ---- Questions: the values themselves ----------------------------------------
 * Each right value is computed here from its derivation (the lesson's
 * exercises), in double, never typed in; the tolerance is the one the
 * exercise states. */

static void expect_answer_close(const char *id, const char *what, double expected, double rel)
{
    struct at where = AT(id, "Exercises");
    where.quantity = what;
    expect_close_tol(where, expected, harness_answer_number(id), rel, 0.0);
}

static void test_hidden_question_ex1(void **state)
{
    (void)state;
    /* Step 0 of a linear warmup of W = 5 steps with base_lr = 1 uses
     * base_lr * (0 + 1) / W. Adam's first step moves every weight by its
     * rate times |g| / (|g| + eps), which is the rate to 1e-6 for the
     * gradients of Part 3 (|g| far above eps = 1e-8): the mean |w_noise|
     * is the rate of step 0. Within 1%. */
    const double base_lr = 1.0, warmup_steps = 5.0;
    const long step = 0;
    expect_answer_close("ex1", "|w_noise| after the first step",
                        base_lr * (double)(step + 1) / warmup_steps, 0.01);
}

static void test_hidden_question_ex2(void **state)
{
    (void)state;
    /* sum over t >= 0 of lr0 gamma^t = lr0 / (1 - gamma), a geometric
     * series, with lr0 = 0.1 and gamma = 0.997. Within 0.5%. */
    const double lr0 = 0.1, gamma = 0.997;
    expect_answer_close("ex2", "the sum of the rates", lr0 / (1.0 - gamma), 0.005);
}

static void test_hidden_question_ex3(void **state)
{
    (void)state;
    /* The inverse-sqrt peak is base_lr * (d_model W)^-0.5 (at n = W), so a
     * peak of 1e-3 needs base_lr = 1e-3 * sqrt(d_model W), d_model = 512,
     * W = 4000. Within 0.5%. */
    const double peak = 1e-3, d_model = 512.0, warmup_steps = 4000.0;
    expect_answer_close("ex3", "base_lr", peak * sqrt(d_model * warmup_steps), 0.005);
}

static void test_hidden_question_ex4(void **state)
{
    (void)state;
    /* The inverse-time schedule of Part 1, lr0 / (1 + gamma t) with
     * lr0 = 0.1 and gamma = 0.01, summed over steps 0 to 999. Within 0.5%. */
    double sum = 0.0;
    for (long t = 0; t < 1000; t++)
        sum += 0.1 / (1.0 + 0.01 * (double)t);
    expect_answer_close("ex4", "the sum of the rates", sum, 0.005);
}

static const struct harness_test tests[] = {
    {"hidden_random_schedules_against_the_oracle", test_random_schedules_against_the_oracle, 25,
     5, "200 random valid schedules at their boundaries and random steps"},
    {"hidden_every_step_of_random_runs", test_every_step_of_random_runs, 15, 5,
     "5000 consecutive steps of one random schedule of each kind"},
    {"hidden_shortest_warmups_and_cosines", test_shortest_warmups_and_cosines, 15, 2,
     "warmup_steps = 1, total_steps = warmup_steps + 1, a one-step cosine"},
    {"hidden_huge_step_numbers", test_huge_step_numbers, 15, 5,
     "steps up to LONG_MAX: no overflow, no NaN, the right limits"},
    {"hidden_validate_range_ends_and_nan", test_validate_range_ends_and_nan, 15, 2,
     "the ends of each range, NaN and -inf"},
    {"hidden_validate_random_schedules", test_validate_random_schedules, 15, 2,
     "random valid schedules pass; one broken field is named"},
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "exercise 1's value"},
    {"hidden_question_ex2", test_hidden_question_ex2, 5, 2, "exercise 2's value"},
    {"hidden_question_ex3", test_hidden_question_ex3, 5, 2, "exercise 3's value"},
    {"hidden_question_ex4", test_hidden_question_ex4, 5, 2, "exercise 4's value"},
};

const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
