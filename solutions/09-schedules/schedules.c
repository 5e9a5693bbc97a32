/* schedules.c -- lesson 09: learning-rate warmup and decay.
 *
 * A schedule is a pure function lr = f(step): the trainer asks for the rate
 * of step t just before step t's update, with t counted from 0. You write
 * two small helpers, the function that evaluates every kind of schedule,
 * and the function that checks a schedule's settings. The contracts are in
 * lessons/00-trainer/lesson09.h; the lesson text is
 * lessons/09-schedules/README.md, and each function names the section that
 * explains it. Write your code between the STUDENT CODE markers only: the
 * rest of the file is shared with the reference solution and checked. */
#include "lessons.h"

#include <math.h>
#include <stdbool.h>

/* pi to double precision (M_PI is not part of ISO C). */
#define PI 3.14159265358979323846

/* The name of a kind as error messages and the command line spell it
 * ("step", "inverse-time", "warmup-cosine", ...),
 * or NULL for a value that is not one of the kinds of lesson09.h. */
static const char *kind_name(enum schedule_kind kind)
{
    switch (kind) {
    case SCHEDULE_CONSTANT: return "constant";
    case SCHEDULE_STEP: return "step";
    case SCHEDULE_EXPONENTIAL: return "exponential";
    case SCHEDULE_INVERSE_TIME: return "inverse-time";
    case SCHEDULE_COSINE: return "cosine";
    case SCHEDULE_WARMUP: return "warmup";
    case SCHEDULE_WARMUP_COSINE: return "warmup-cosine";
    case SCHEDULE_INVERSE_SQRT: return "inverse-sqrt";
    }
    return NULL;
}

/* Section "Warmup".
 * The fraction of the full rate that step uses during a linear warmup of
 * warmup_steps steps, counted from 0:
 *   (step + 1) / warmup_steps   while step < warmup_steps,
 *   1                           from then on.
 * Step 0 gets 1/warmup_steps, not 0; step warmup_steps - 1 gets exactly 1. */
static double warmup_fraction(long step, long warmup_steps)
{
    /* STUDENT CODE BEGIN */
    if (step >= warmup_steps)
        return 1.0;
    /* step < warmup_steps here, so step + 1 cannot overflow. Divide in
     * double: in long, (step + 1) / warmup_steps would be 0 until the end. */
    return (double)(step + 1) / (double)warmup_steps;
    /* STUDENT CODE END */
}

/* Section "Cosine annealing".
 * Half a cosine wave from `from` down to `to` over `steps` steps:
 *   to + (from - to) * (1 + cos(pi * step / steps)) / 2   while step < steps,
 *   to                                                    from then on.
 * At step 0 it is `from`; at step steps/2 the midpoint; it never rises again. */
static double cosine_between(double from, double to, long step, long steps)
{
    /* STUDENT CODE BEGIN */
    if (step >= steps)
        return to; /* the end of the wave: stay at the bottom, do not climb back */
    double progress = (double)step / (double)steps; /* in [0, 1) */
    return to + (from - to) * 0.5 * (1.0 + cos(PI * progress));
    /* STUDENT CODE END */
}

/* Section "The code you write".
 * The learning rate of step (>= 0) for a valid schedule s; the formula of
 * each kind is in lesson09.h and in the lesson's sections "Decay schedules",
 * "Cosine annealing", "Warmup", "Warmup followed by cosine" and
 * "The Transformer's schedule". */
double schedule_lr(const struct schedule *s, long step)
{
    /* STUDENT CODE BEGIN */
    switch (s->kind) {
    case SCHEDULE_CONSTANT:
        return s->base_lr;

    case SCHEDULE_STEP: {
        /* base_lr * gamma^floor(step / step_size); for step >= 0 the integer
         * division of two longs is exactly that floor. */
        long drops = step / s->step_size;
        return s->base_lr * pow(s->gamma, (double)drops);
    }

    case SCHEDULE_EXPONENTIAL:
        /* base_lr * gamma^step (pow underflows to 0 for huge steps, no NaN). */
        return s->base_lr * pow(s->gamma, (double)step);

    case SCHEDULE_INVERSE_TIME:
        /* base_lr / (1 + gamma * step): halved when gamma * step = 1. */
        return s->base_lr / (1.0 + s->gamma * (double)step);

    case SCHEDULE_COSINE:
        return cosine_between(s->base_lr, s->min_lr, step, s->total_steps);

    case SCHEDULE_WARMUP:
        return s->base_lr * warmup_fraction(step, s->warmup_steps);

    case SCHEDULE_WARMUP_COSINE:
        /* Warmup over steps 0 .. W-1, then the cosine's own clock starts at 0
         * on step W and runs total_steps - W steps. */
        if (step < s->warmup_steps)
            return s->base_lr * warmup_fraction(step, s->warmup_steps);
        return cosine_between(s->base_lr, s->min_lr, step - s->warmup_steps,
                              s->total_steps - s->warmup_steps);

    case SCHEDULE_INVERSE_SQRT: {
        /* Vaswani et al. count steps from 1: s = step + 1, in double so that
         * the largest long does not overflow.
         *   lr = base_lr * d_model^-0.5 * min(s^-0.5, s * W^-1.5)
         * The two terms are equal at s = W, the peak. */
        double n = (double)step + 1.0;
        double w = (double)s->warmup_steps;
        double rising = n / (w * sqrt(w));  /* s * W^-1.5 */
        double falling = 1.0 / sqrt(n);     /* s^-0.5 */
        return s->base_lr / sqrt(s->d_model) * fmin(rising, falling);
    }
    }
    return NAN; /* not a kind: schedule_validate rejects it */
    /* STUDENT CODE END */
}

/* Section "Checking the settings".
 * Returns 0 when every field that s->kind uses is in its range (lesson09.h),
 * else -1 with one line in err: "schedule KIND: FIELD = VALUE, expected
 * RANGE". Fields the kind does not use are not looked at; err is left
 * untouched on success and may be NULL. */
int schedule_validate(const struct schedule *s, struct error *err)
{
    /* STUDENT CODE BEGIN */
    const enum schedule_kind kind = s->kind;
    const char *name = kind_name(kind);
    if (name == NULL)
        return error_set(err, "schedule: kind = %d, expected one of constant, step, "
                              "exponential, inverse-time, cosine, warmup, warmup-cosine, "
                              "inverse-sqrt", (int)kind);

    /* Each range is written as "!(inside)" so that NaN, which fails every
     * comparison, is rejected too. */
    if (!(s->base_lr > 0))
        return error_set(err, "schedule %s: base_lr = %g, expected more than 0", name,
                         s->base_lr);

    if ((kind == SCHEDULE_STEP || kind == SCHEDULE_EXPONENTIAL) &&
        !(s->gamma > 0 && s->gamma <= 1))
        return error_set(err, "schedule %s: gamma = %g, expected in (0, 1]", name, s->gamma);
    if (kind == SCHEDULE_INVERSE_TIME && !(s->gamma >= 0))
        return error_set(err, "schedule %s: gamma = %g, expected at least 0", name, s->gamma);

    if (kind == SCHEDULE_STEP && s->step_size < 1)
        return error_set(err, "schedule %s: step_size = %ld, expected at least 1", name,
                         s->step_size);

    bool uses_warmup = kind == SCHEDULE_WARMUP || kind == SCHEDULE_WARMUP_COSINE ||
                       kind == SCHEDULE_INVERSE_SQRT;
    if (uses_warmup && s->warmup_steps < 1)
        return error_set(err, "schedule %s: warmup_steps = %ld, expected at least 1", name,
                         s->warmup_steps);

    bool uses_total = kind == SCHEDULE_COSINE || kind == SCHEDULE_WARMUP_COSINE;
    if (uses_total && s->total_steps < 1)
        return error_set(err, "schedule %s: total_steps = %ld, expected at least 1", name,
                         s->total_steps);
    if (kind == SCHEDULE_WARMUP_COSINE && s->total_steps <= s->warmup_steps)
        return error_set(err, "schedule %s: total_steps = %ld, expected more than "
                              "warmup_steps = %ld", name, s->total_steps, s->warmup_steps);
    if (uses_total && !(s->min_lr >= 0 && s->min_lr <= s->base_lr))
        return error_set(err, "schedule %s: min_lr = %g, expected in [0, base_lr = %g]", name,
                         s->min_lr, s->base_lr);

    if (kind == SCHEDULE_INVERSE_SQRT && !(s->d_model >= 1))
        return error_set(err, "schedule %s: d_model = %g, expected at least 1", name,
                         s->d_model);
    return 0;
    /* STUDENT CODE END */
}
