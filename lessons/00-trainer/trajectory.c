/* trajectory.c -- see trajectory.h. */
#include "trajectory.h"

#include <math.h>

void trajectory_schedule(struct schedule *s, enum schedule_kind kind, float lr, long steps,
                         const struct schedule *given)
{
    long tenth = steps / 10 > 1 ? steps / 10 : 1;
    *s = (struct schedule){.kind = kind, .base_lr = lr, .min_lr = given->min_lr,
                           .d_model = given->d_model};
    if (given->gamma >= 0.0)
        s->gamma = given->gamma;
    else
        s->gamma = kind == SCHEDULE_EXPONENTIAL ? 0.999 : kind == SCHEDULE_INVERSE_TIME ? 0.01
                                                                                       : 0.5;
    s->step_size = given->step_size > 0 ? given->step_size : tenth;
    s->warmup_steps = given->warmup_steps > 0 ? given->warmup_steps : tenth;
    s->total_steps = given->total_steps > 0 ? given->total_steps : steps;
}

int trajectory_follow(const struct trajectory_run *run, struct trajectory_point *points,
                      size_t *drawn, struct error *err)
{
    struct optimizer opt;
    *drawn = 0;
    if (optimizer_create(&opt, run->kind, &run->hyper, 2, err) != 0)
        return -1;
    float w[2] = {(float)run->start_x, (float)run->start_y};
    for (long t = 0;; t++) {
        double gradient[2];
        run->surface->gradient(w[0], w[1], gradient);
        struct trajectory_point *point = &points[(*drawn)++];
        point->step = t;
        point->x = w[0];
        point->y = w[1];
        point->f = run->surface->value(w[0], w[1]);
        point->gradient_norm = sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1]);
        point->lr = 0.0f;
        if (t == run->steps || !isfinite(w[0]) || !isfinite(w[1]))
            break;
        float g[2] = {(float)gradient[0], (float)gradient[1]};
        point->lr = run->schedule != NULL ? (float)schedule_lr(run->schedule, t)
                                          : run->hyper.lr;
        optimizer_step(&opt, w, g, point->lr);
    }
    optimizer_free(&opt);
    return 0;
}
