/* lesson09.h -- the functions of lesson 09, learning-rate schedules
 * (lessons/09-schedules/README.md). Included by lessons.h. */
#ifndef DESCENT_LESSON09_H
#define DESCENT_LESSON09_H

#include "error.h"

/* A schedule is a pure function lr = f(step) of the step number, counted
 * from 0 (the rate used by the first optimizer step). */
enum schedule_kind {
    SCHEDULE_CONSTANT,      /* lr = base_lr */
    SCHEDULE_STEP,          /* lr = base_lr * gamma^floor(step / step_size) */
    SCHEDULE_EXPONENTIAL,   /* lr = base_lr * gamma^step */
    SCHEDULE_INVERSE_TIME,  /* lr = base_lr / (1 + gamma * step) */
    SCHEDULE_COSINE,        /* lr = min_lr + (base_lr - min_lr) * (1 + cos(pi * step / total_steps)) / 2,
                             * and min_lr for step >= total_steps */
    SCHEDULE_WARMUP,        /* lr = base_lr * (step + 1) / warmup_steps while step < warmup_steps,
                             * then base_lr */
    SCHEDULE_WARMUP_COSINE, /* warmup as above, then cosine from base_lr to min_lr over the
                             * remaining total_steps - warmup_steps steps */
    SCHEDULE_INVERSE_SQRT   /* the Transformer's: with s = step + 1,
                             * lr = base_lr * d_model^-0.5 * min(s^-0.5, s * warmup_steps^-1.5) */
};

struct schedule {
    enum schedule_kind kind;
    double base_lr;     /* > 0 */
    double gamma;       /* STEP and EXPONENTIAL: in (0, 1]; INVERSE_TIME: >= 0 */
    long step_size;     /* STEP: >= 1 */
    long warmup_steps;  /* WARMUP, WARMUP_COSINE, INVERSE_SQRT: >= 1 */
    long total_steps;   /* COSINE, WARMUP_COSINE: >= 1 (and > warmup_steps) */
    double min_lr;      /* COSINE, WARMUP_COSINE: in [0, base_lr] */
    double d_model;     /* INVERSE_SQRT: >= 1 */
};

/* Checks the kind first (one outside the enum has no name for the other
 * messages), then that every field the kind uses is in its range. Returns
 * 0, or -1 with one line in err naming the field, its value and the
 * allowed range, e.g. "schedule step: step_size = 0, expected at least 1". */
int schedule_validate(const struct schedule *s, struct error *err);

/* The learning rate for step (>= 0) of a valid schedule. */
double schedule_lr(const struct schedule *s, long step);

#endif
