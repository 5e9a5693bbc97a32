/* trajectory.c -- see trajectory.h. */
#include "trajectory.h"

#include <math.h>

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
