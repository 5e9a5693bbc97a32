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
    /* TODO: return the warmup fraction of the formula above, computed in
     * double. Stuck? make hint LESSON=9 */
    (void)step; (void)warmup_steps;
    not_implemented("warmup_fraction", "09-schedules", "Warmup");
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
    /* TODO: return the half cosine of the formula above, and `to` from step
     * `steps` on. Stuck? make hint LESSON=9 */
    (void)from; (void)to; (void)step; (void)steps;
    not_implemented("cosine_between", "09-schedules", "Cosine annealing");
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
    /* TODO: return the rate of `step` by the formula of s->kind (lesson09.h),
     * using the two helpers above, and NAN for an unknown kind.
     * Stuck? make hint LESSON=9 */
    (void)s; (void)step;
    (void)warmup_fraction; (void)cosine_between; /* the helpers above, for you to call */
    not_implemented("schedule_lr", "09-schedules", "The code you write");
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
    /* TODO: check each field that s->kind uses against its range, in the
     * order of the lesson's table; at the first one outside, return -1 with
     * the message above; else return 0. Stuck? make hint LESSON=9 */
    (void)s; (void)err;
    (void)kind_name; /* given above, for your messages */
    not_implemented("schedule_validate", "09-schedules", "Checking the settings");
    /* STUDENT CODE END */
}
