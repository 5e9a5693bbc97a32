/* experiment.c -- lesson 13's experiments (given code: read it, run it).
 *
 *   make run LESSON=13                  with your clipping.c
 *
 * Part 1, "The experiment: a cliff": plain gradient descent and gradient
 * descent with clipping (by norm, then by value) on a bowl with a steep wall
 * beside its floor. Plain GD overshoots the floor by a little, lands on the
 * face of the wall and is catapulted far away; clipped GD is not.
 * Part 2, "The experiment: noise in a double well": gradient descent with
 * and without annealed gradient noise, from the slope of the poorer of two
 * minima, over many seeds: how often does each end in the deeper one?
 *
 * The gradient descent step w <- w - lr * g is written out below (lesson 01
 * is where you write it yourself; this program must not depend on it).
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "lessons.h"
#include "lesson13.h"
#include "rng.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- Part 1: the cliff ---------------------------------------------------------- */

/* region cliff */
/* A bowl whose floor runs along y = 0, with a wall of height H rising
 * steeply (sharpness K) just south of the floor, at y = -Y_WALL:
 *   f(x, y) = 0.05 x^2 + y^2 + H * s(K * (-Y_WALL - y)),   s(u) = 1 / (1 + e^-u).
 * On the face of the wall the gradient is up to H*K/4 = 50 (against 2 on
 * the floor): a cliff in the sense of Pascanu et al. */
#define CLIFF_H 10.0
#define CLIFF_K 20.0
#define Y_WALL 0.6
/* endregion cliff */

static double logistic(double u)
{
    return 1.0 / (1.0 + exp(-u));
}

static double cliff_value(double x, double y, const void *context)
{
    (void)context;
    return 0.05 * x * x + y * y + CLIFF_H * logistic(CLIFF_K * (-Y_WALL - y));
}

static void cliff_gradient(double x, double y, double g[2])
{
    double s = logistic(CLIFF_K * (-Y_WALL - y));
    g[0] = 0.1 * x;
    g[1] = 2.0 * y - CLIFF_H * CLIFF_K * s * (1.0 - s);
}

enum { CLIFF_STEPS = 60, MAX_PATH = 2001 };
static const double CLIFF_LR = 0.6;      /* on the floor y shrinks by 1 - 2*0.6 = -0.2 per step */
static const double CLIFF_START_X = -9.0, CLIFF_START_Y = 2.5;

enum clipping { NO_CLIPPING, CLIP_NORM, CLIP_VALUE };

struct path {
    double x[MAX_PATH], y[MAX_PATH];
    size_t count;
    double largest_jump, largest_f;
    long jump_step;
};

/* Gradient descent on the cliff, with the gradient clipped as asked. */
static void descend_cliff(enum clipping clipping, double limit, struct path *p)
{
    float w[2] = {(float)CLIFF_START_X, (float)CLIFF_START_Y};
    p->count = 0;
    p->largest_jump = 0.0;
    p->largest_f = 0.0;
    p->x[p->count] = w[0];
    p->y[p->count++] = w[1];
    for (long t = 1; t <= CLIFF_STEPS; t++) {
        double gd[2];
        cliff_gradient(w[0], w[1], gd);
        float g[2] = {(float)gd[0], (float)gd[1]};
        if (clipping == CLIP_NORM)
            clip_by_norm(g, 2, limit);
        else if (clipping == CLIP_VALUE)
            clip_by_value(g, 2, (float)limit);
        float before[2] = {w[0], w[1]};
        for (int i = 0; i < 2; i++)
            w[i] -= (float)CLIFF_LR * g[i];
        double jump = hypot(w[0] - before[0], w[1] - before[1]);
        if (jump > p->largest_jump) {
            p->largest_jump = jump;
            p->jump_step = t;
        }
        double f = cliff_value(w[0], w[1], NULL);
        if (f > p->largest_f)
            p->largest_f = f;
        p->x[p->count] = w[0];
        p->y[p->count++] = w[1];
    }
}

static int cliff(const char *folder)
{
    printf("Part 1: the cliff f = 0.05 x^2 + y^2 + %g s(%g (-%g - y)), lr = %g, from (%g, %g)\n",
           CLIFF_H, CLIFF_K, Y_WALL, CLIFF_LR, CLIFF_START_X, CLIFF_START_Y);
    static struct path plain, by_norm, by_value;
    descend_cliff(NO_CLIPPING, 0.0, &plain);
    descend_cliff(CLIP_NORM, 1.0, &by_norm);
    descend_cliff(CLIP_VALUE, 1.0, &by_value);
    const struct { const char *name; const struct path *p; } runs[] = {
        {"plain GD", &plain}, {"clip by norm 1", &by_norm}, {"clip by value 1", &by_value},
    };
    printf("  %-16s %14s %8s %12s %12s %14s\n", "", "largest jump", "at step", "largest f",
           "f at the end", "end (x, y)");
    for (size_t r = 0; r < 3; r++) {
        const struct path *p = runs[r].p;
        size_t last = p->count - 1;
        printf("  %-16s %14.3f %8ld %12.3f %12.3g   (%.3f, %.3f)\n", runs[r].name,
               p->largest_jump, p->jump_step, p->largest_f,
               cliff_value(p->x[last], p->y[last], NULL), p->x[last], p->y[last]);
    }
    printf("  (largest jump and largest f over steps 1 to %d; at the start, step 0, f = %.1f)\n",
           CLIFF_STEPS, cliff_value(CLIFF_START_X, CLIFF_START_Y, NULL));
    printf("  (x, y) after each of the first steps (step 0 is the start):\n");
    printf("  %4s %20s %20s %20s\n", "step", "plain GD", "clip by norm 1", "clip by value 1");
    for (size_t k = 0; k <= 5; k++)
        printf("  %4zu   (%7.3f, %7.3f)   (%7.3f, %7.3f)   (%7.3f, %7.3f)\n", k, plain.x[k],
               plain.y[k], by_norm.x[k], by_norm.y[k], by_value.x[k], by_value.y[k]);

    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/cliff-paths.svg", folder);
    const struct svg_path paths[] = {
        {"plain GD, lr 0.6", plain.x, plain.y, plain.count},
        {"clipped by norm (max_norm 1)", by_norm.x, by_norm.y, by_norm.count},
        {"clipped by value (limit 1)", by_value.x, by_value.y, by_value.count},
    };
    const struct contour_plot plot = {
        .title = "A bowl with a wall south of its floor: 60 steps of GD, lr 0.6",
        .f = cliff_value, .x_min = -10.0, .x_max = 3.0, .y_min = -3.0, .y_max = 16.0,
        .level_count = 24, .log_levels = 1, .paths = paths, .path_count = 3,
        .marker_x = 0.0, .marker_y = 0.0,
    };
    if (svg_write_contour_plot(path, &plot, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n", path);

    /* f along each path, step by step. */
    static double f_plain[MAX_PATH], f_norm[MAX_PATH], f_value[MAX_PATH];
    for (size_t k = 0; k < plain.count; k++) {
        f_plain[k] = cliff_value(plain.x[k], plain.y[k], NULL);
        f_norm[k] = cliff_value(by_norm.x[k], by_norm.y[k], NULL);
        f_value[k] = cliff_value(by_value.x[k], by_value.y[k], NULL);
    }
    const struct svg_series series[] = {
        {"plain GD", NULL, f_plain, plain.count},
        {"clipped by norm", NULL, f_norm, by_norm.count},
        {"clipped by value", NULL, f_value, by_value.count},
    };
    const struct line_chart chart = {
        .title = "f along the paths on the cliff", .x_label = "step",
        .y_label = "f (log scale)", .log_y = 1, .series = series, .series_count = 3,
    };
    snprintf(path, sizeof path, "%s/cliff-loss.svg", folder);
    if (svg_write_line_chart(path, &chart, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n\n", path);
    return 0;
}

/* ---- Part 2: noise in a double well ------------------------------------------------- */

/* region double_well */
/* Two minima along x, a poor one at x = 0.9601 (f = 0.2941) and a deep one
 * at x = -1.0356 (f = -0.3054), separated by a ridge at x = 0.0754
 * (f = 1.0113, a barrier of 0.717 above the poor minimum); a bowl along y:
 *   f(x, y) = (x^2 - 1)^2 + 0.3 x + 0.5 y^2. */
/* endregion double_well */
static double well_value(double x, double y, const void *context)
{
    (void)context;
    double a = x * x - 1.0;
    return a * a + 0.3 * x + 0.5 * y * y;
}

static void well_gradient(double x, double y, double g[2])
{
    g[0] = 4.0 * x * (x * x - 1.0) + 0.3;
    g[1] = y;
}

enum { WELL_STEPS = 2000, SEEDS = 100, ETA_COUNT = 6 };
static const double WELL_LR = 0.05, WELL_GAMMA = 0.55;
static const double WELL_START_X = 2.0, WELL_START_Y = 1.5;
static const double etas[ETA_COUNT] = {0.0, 1.0, 10.0, 30.0, 100.0, 300.0};

/* GD with annealed gradient noise; returns the final point in x, y and,
 * when keep is not NULL, the path. */
static void descend_well(double eta, uint64_t seed, double *x, double *y, struct path *keep)
{
    struct rng rng;
    rng_seed(&rng, seed, 13);
    float w[2] = {(float)WELL_START_X, (float)WELL_START_Y};
    if (keep != NULL) {
        keep->count = 0;
        keep->x[keep->count] = w[0];
        keep->y[keep->count++] = w[1];
    }
    for (long t = 0; t < WELL_STEPS; t++) {
        double gd[2];
        well_gradient(w[0], w[1], gd);
        float g[2] = {(float)gd[0], (float)gd[1]};
        add_gradient_noise(g, 2, eta, WELL_GAMMA, t, &rng);
        for (int i = 0; i < 2; i++)
            w[i] -= (float)WELL_LR * g[i];
        if (keep != NULL && (t + 1) % 10 == 0 && keep->count < MAX_PATH) {
            keep->x[keep->count] = w[0];
            keep->y[keep->count++] = w[1];
        }
    }
    *x = w[0];
    *y = w[1];
}

static int double_well(const char *folder)
{
    printf("Part 2: the double well f = (x^2 - 1)^2 + 0.3 x + 0.5 y^2, from (%g, %g), lr = %g,\n"
           "  %d steps, noise variance eta / (1 + t)^%g, %d seeds per eta\n",
           WELL_START_X, WELL_START_Y, WELL_LR, WELL_STEPS, WELL_GAMMA, SEEDS);
    printf("  %8s %10s %10s %14s %16s\n", "eta", "sigma_0", "sigma_end", "deep minimum",
           "mean f at end");
    for (int e = 0; e < ETA_COUNT; e++) {
        int deep = 0;
        double f_sum = 0.0;
        for (uint64_t s = 1; s <= SEEDS; s++) {
            double x, y;
            descend_well(etas[e], s, &x, &y, NULL);
            if (x < 0.0)
                deep++;
            f_sum += well_value(x, y, NULL);
        }
        printf("  %8g %10.3f %10.3f %9d/%d %16.4f\n", etas[e],
               gradient_noise_std(etas[e], WELL_GAMMA, 0),
               gradient_noise_std(etas[e], WELL_GAMMA, WELL_STEPS - 1), deep, SEEDS,
               f_sum / SEEDS);
    }
    printf("  (poor minimum f = %.4f at x = 0.9601, deep minimum f = %.4f at x = -1.0356)\n",
           well_value(0.9601, 0.0, NULL), well_value(-1.0356, 0.0, NULL));

    /* The paths of plain GD and of two noisy runs at eta = 100: the first
     * seed that ends in the deep minimum and the first that does not. */
    static struct path plain, escaped, stayed;
    double x, y;
    descend_well(0.0, 1, &x, &y, &plain);
    uint64_t escaped_seed = 0, stayed_seed = 0;
    for (uint64_t s = 1; s <= SEEDS && (escaped_seed == 0 || stayed_seed == 0); s++) {
        descend_well(100.0, s, &x, &y, NULL);
        if (x < 0.0 && escaped_seed == 0)
            escaped_seed = s;
        if (x >= 0.0 && stayed_seed == 0)
            stayed_seed = s;
    }
    descend_well(100.0, escaped_seed, &x, &y, &escaped);
    descend_well(100.0, stayed_seed, &x, &y, &stayed);
    char escaped_label[64], stayed_label[64];
    snprintf(escaped_label, sizeof escaped_label, "noise eta 100, seed %llu: escapes",
             (unsigned long long)escaped_seed);
    snprintf(stayed_label, sizeof stayed_label, "noise eta 100, seed %llu: stays",
             (unsigned long long)stayed_seed);
    const struct svg_path paths[] = {
        {"plain GD", plain.x, plain.y, plain.count},
        {stayed_label, stayed.x, stayed.y, stayed.count},
        {escaped_label, escaped.x, escaped.y, escaped.count},
    };
    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/double-well-paths.svg", folder);
    const struct contour_plot plot = {
        .title = "Double well: GD with and without gradient noise (2000 steps, lr 0.05)",
        .f = well_value, .x_min = -2.0, .x_max = 2.3, .y_min = -1.6, .y_max = 1.8,
        .level_count = 20, .log_levels = 1, .paths = paths, .path_count = 3,
        .marker_x = -1.0356, .marker_y = 0.0, .marker_label = "deep minimum",
    };
    if (svg_write_contour_plot(path, &plot, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n", path);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (cliff(argv[1]) != 0 || double_well(argv[1]) != 0)
        return 1;
    return 0;
}
