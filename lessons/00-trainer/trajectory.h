/* trajectory.h -- an optimizer's path over a 2-D surface, step by step.
 *
 * The one loop behind `descent trajectory` and the browser playground
 * (docs/playground/), so that both draw the same path bit for bit:
 *
 *   w <- (x0, y0), rounded to float
 *   for t = 0, 1, ..., steps - 1:
 *       g  <- the surface's gradient at w (in double), rounded to float
 *       lr <- schedule_lr(schedule, t) rounded to float (lesson 09),
 *             or hyper.lr when there is no schedule
 *       one step of the optimizer (lessons 01, 04-08, 11, 12), counter t + 1
 *
 * The run stops early at the first point that is not finite (a rate too
 * high sends w to infinity): that point is the last one recorded. */
#ifndef DESCENT_TRAJECTORY_H
#define DESCENT_TRAJECTORY_H

#include <stddef.h>

#include "error.h"
#include "lessons.h"
#include "optimizer.h"
#include "surfaces.h"

struct trajectory_run {
    const struct surface *surface;
    const struct optimizer_kind *kind;
    struct hyperparameters hyper;
    const struct schedule *schedule; /* NULL: the constant rate hyper.lr; else a valid
                                      * schedule (schedule_validate) */
    double start_x, start_y;
    long steps;                      /* >= 0 */
};

/* One point of the path: where w is after `step` steps, the surface's value
 * and gradient length there, and the rate of the step that leaves it (0 for
 * the last point). */
struct trajectory_point {
    long step;
    float x, y;
    double f;             /* f(x, y) */
    double gradient_norm; /* sqrt(gx^2 + gy^2) of the double gradient */
    float lr;
};

/* The schedule `kind` of a trajectory of `steps` steps at base rate lr, as
 * `descent trajectory --schedule` and the playground set it up: each
 * setting of `given` that is set (gamma >= 0; step_size, warmup_steps,
 * total_steps > 0) is taken, every other gets its default: gamma 0.999 for
 * exponential, 0.01 for inverse-time, else 0.5; step_size and warmup_steps
 * a tenth of the run (at least 1); total_steps the whole run. min_lr and
 * d_model are taken as given. Check the result with schedule_validate. */
void trajectory_schedule(struct schedule *s, enum schedule_kind kind, float lr, long steps,
                         const struct schedule *given);

/* Follows run and writes its points into points[], which holds
 * run->steps + 1; *drawn receives how many were written (steps + 1, or fewer
 * when w stopped being finite). Returns 0, or -1 with a message (no memory
 * for the optimizer's state). */
int trajectory_follow(const struct trajectory_run *run, struct trajectory_point *points,
                      size_t *drawn, struct error *err);

#endif
