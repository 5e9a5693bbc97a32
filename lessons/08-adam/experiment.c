/* experiment.c -- lesson 08's experiments (given code: read it, run it).
 *
 *   make run LESSON=8                  with your adam.c
 *
 * Part 1, "The experiment: the first steps": Adam with and without bias
 * correction (and with half of it) on a constant gradient, step by step.
 * Part 2, same section: 2000 independent runs on noisy gradients, whose
 * average m and v follow (1 - beta^t) times the true moments.
 * Part 3, "The experiment: Adam, momentum and RMSProp": the three on the
 * long narrow valley and on Rosenbrock's banana, over a grid of learning
 * rates (a chaotic run is marked as such), with their paths drawn over the
 * contours.
 *
 * Momentum and RMSProp are written out below (lessons 04 and 07 are where
 * you write them yourself; this program must not depend on them).
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "rng.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

/* ---- Given optimizers, for comparison ---------------------------------------- */

/* Momentum in PyTorch's form (lesson 04): b <- mu b + g, w <- w - lr b. */
static void given_momentum_step(float *w, const float *g, float *b, size_t n, float lr,
                                float mu)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = mu * b[i] + g[i];
        w[i] -= lr * b[i];
    }
}

/* RMSProp (lesson 07): v <- alpha v + (1 - alpha) g^2, w <- w - lr g / (sqrt(v) + eps). */
static void given_rmsprop_step(float *w, const float *g, float *v, size_t n, float lr,
                               float alpha, float eps)
{
    for (size_t i = 0; i < n; i++) {
        v[i] = alpha * v[i] + (1.0f - alpha) * g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(v[i]) + eps);
    }
}

/* Adam with the bias correction switched on or off for each moment, to see
 * what the correction does. Both switches on is the lesson's Adam. */
static void adam_step_with_switches(float *w, const float *g, float *m, float *v, size_t n,
                                    float lr, long t, int correct_m, int correct_v)
{
    const double c1 = correct_m ? 1.0 - pow(BETA1, (double)t) : 1.0;
    const double c2 = correct_v ? 1.0 - pow(BETA2, (double)t) : 1.0;
    for (size_t i = 0; i < n; i++) {
        m[i] = BETA1 * m[i] + (1.0f - BETA1) * g[i];
        v[i] = BETA2 * v[i] + (1.0f - BETA2) * g[i] * g[i];
        w[i] = (float)(w[i] - lr * (m[i] / c1) / (sqrt(v[i] / c2) + EPS));
    }
}

/* ---- Parts 1 and 2: the first steps ------------------------------------------------------- */

enum { FIRST_STEPS = 50, RUNS = 2000 };

/* A constant gradient g = 1 (any constant gives the same step sizes: Adam
 * does not see the scale). Records |delta w| / lr for steps 1..FIRST_STEPS
 * and prints a few, up to step 1000. */
static int step_sizes(const char *folder)
{
    const float lr = 1e-3f, g[1] = {1.0f};
    const char *labels[5] = {"Adam (your adam_step)", "no correction",
                             "m corrected only", "v corrected only", "RMSProp (no m, no correction)"};
    static double t_axis[FIRST_STEPS], size[5][FIRST_STEPS];
    const long shown[] = {1, 2, 3, 5, 10, 12, 20, 50, 100, 1000};
    size_t next_shown = 0;
    float w[5] = {0}, m[5] = {0}, v[5] = {0};
    printf("Part 1: step size / lr on a constant gradient (lr = %g, betas 0.9, 0.999)\n",
           (double)lr);
    printf("  %5s  %10s  %14s  %14s  %14s  %10s\n", "step", "Adam", "no correction",
           "m corrected", "v corrected", "RMSProp");
    for (long t = 1; t <= 1000; t++) {
        float before[5];
        for (int k = 0; k < 5; k++)
            before[k] = w[k];
        adam_step(&w[0], g, &m[0], &v[0], 1, lr, BETA1, BETA2, EPS, t);
        adam_step_with_switches(&w[1], g, &m[1], &v[1], 1, lr, t, 0, 0);
        adam_step_with_switches(&w[2], g, &m[2], &v[2], 1, lr, t, 1, 0);
        adam_step_with_switches(&w[3], g, &m[3], &v[3], 1, lr, t, 0, 1);
        given_rmsprop_step(&w[4], g, &v[4], 1, lr, 0.99f, EPS);
        double ratio[5];
        for (int k = 0; k < 5; k++)
            ratio[k] = ((double)before[k] - w[k]) / lr;
        if (t <= FIRST_STEPS) {
            t_axis[t - 1] = (double)t;
            for (int k = 0; k < 5; k++)
                size[k][t - 1] = ratio[k];
        }
        if (next_shown < sizeof shown / sizeof shown[0] && t == shown[next_shown]) {
            printf("  %5ld  %10.4f  %14.4f  %14.4f  %14.4f  %10.4f\n", t, ratio[0], ratio[1],
                   ratio[2], ratio[3], ratio[4]);
            next_shown++;
        }
    }
    /* Where the uncorrected step peaks: (1 - 0.9^t) / sqrt(1 - 0.999^t). */
    long peak = 1;
    for (long t = 1; t <= 1000; t++)
        if ((1.0 - pow(BETA1, (double)t)) / sqrt(1.0 - pow(BETA2, (double)t)) >
            (1.0 - pow(BETA1, (double)peak)) / sqrt(1.0 - pow(BETA2, (double)peak)))
            peak = t;
    printf("  without correction the step peaks at step %ld: %.4f lr\n", peak,
           (1.0 - pow(BETA1, (double)peak)) / sqrt(1.0 - pow(BETA2, (double)peak)));
    struct svg_series series[5];
    for (int k = 0; k < 5; k++)
        series[k] = (struct svg_series){labels[k], t_axis, size[k], FIRST_STEPS};
    const struct line_chart chart = {
        .title = "Step size on a constant gradient, in units of lr",
        .x_label = "step t", .y_label = "|delta w| / lr (log scale)", .log_y = 1,
        .series = series, .series_count = 5,
    };
    return figure_line_chart(folder, "first-steps.svg", &chart);
}

/* RUNS independent runs at once: coordinate i of one adam_step call is run
 * i. Each gradient is 1 + 2 * N(0, 1), so E[g] = 1 and E[g^2] = 1 + 4 = 5.
 * The average of m over the runs estimates E[m_t], which the lesson says is
 * (1 - beta1^t) E[g]; likewise E[v_t] = (1 - beta2^t) E[g^2]. */
static int averaged_moments(const char *folder)
{
    static float w[RUNS], g[RUNS], m[RUNS], v[RUNS];
    static double t_axis[FIRST_STEPS], mean_m[FIRST_STEPS], mean_v[FIRST_STEPS];
    static double predicted_m[FIRST_STEPS], predicted_v[FIRST_STEPS];
    static double mean_m_hat[FIRST_STEPS], mean_v_hat[FIRST_STEPS];
    const double mean_g = 1.0, mean_g2 = 5.0;
    struct rng rng;
    rng_seed(&rng, 8, 0);
    printf("\nPart 2: %d runs on noisy gradients g = 1 + 2 N(0, 1): E[g] = 1, E[g^2] = 5\n",
           RUNS);
    printf("  %5s  %12s  %12s  %12s  %12s  %12s\n", "step", "mean m", "(1-b1^t)E[g]",
           "mean m_hat", "mean v", "(1-b2^t)E[g^2]");
    for (long t = 1; t <= FIRST_STEPS; t++) {
        for (size_t i = 0; i < RUNS; i++)
            g[i] = 1.0f + 2.0f * rng_normal(&rng);
        adam_step(w, g, m, v, RUNS, 1e-3f, BETA1, BETA2, EPS, t);
        double sum_m = 0.0, sum_v = 0.0;
        for (size_t i = 0; i < RUNS; i++) {
            sum_m += m[i];
            sum_v += v[i];
        }
        const size_t k = (size_t)t - 1;
        t_axis[k] = (double)t;
        mean_m[k] = sum_m / RUNS / mean_g;
        mean_v[k] = sum_v / RUNS / mean_g2;
        predicted_m[k] = 1.0 - pow(BETA1, (double)t);
        predicted_v[k] = 1.0 - pow(BETA2, (double)t);
        mean_m_hat[k] = mean_m[k] / predicted_m[k];
        mean_v_hat[k] = mean_v[k] / predicted_v[k];
        if (t == 1 || t == 2 || t == 5 || t == 10 || t == 20 || t == 50)
            printf("  %5ld  %12.4f  %12.4f  %12.4f  %12.5f  %12.5f\n", t, mean_m[k] * mean_g,
                   predicted_m[k] * mean_g, mean_m_hat[k] * mean_g, mean_v[k] * mean_g2,
                   predicted_v[k] * mean_g2);
    }
    /* The predicted curves 1 - beta^t are not drawn: they lie on the
     * measured ones (the table above compares them). */
    const struct svg_series series[] = {
        {"mean m / E[g]  (follows 1 - 0.9^t)", t_axis, mean_m, FIRST_STEPS},
        {"mean v / E[g^2]  (follows 1 - 0.999^t)", t_axis, mean_v, FIRST_STEPS},
        {"mean m_hat / E[g]", t_axis, mean_m_hat, FIRST_STEPS},
        {"mean v_hat / E[g^2]", t_axis, mean_v_hat, FIRST_STEPS},
    };
    const struct line_chart chart = {
        .title = "Moving averages started at zero are biased by 1 - beta^t",
        .x_label = "step t", .y_label = "fraction of the true moment (log scale)", .log_y = 1,
        .series = series, .series_count = sizeof series / sizeof series[0],
    };
    return figure_line_chart(folder, "moment-bias.svg", &chart);
}

/* ---- Part 3: Adam, momentum and RMSProp on two surfaces ------------------------------ */

enum optimizer { MOMENTUM, RMSPROP, ADAM, OPTIMIZERS };
static const char *const optimizer_name[OPTIMIZERS] = {"momentum 0.9", "RMSProp 0.99",
                                                       "Adam"};
static const float LEARNING_RATES[] = {1e-3f, 3e-3f, 1e-2f, 3e-2f, 0.1f, 0.3f, 1.0f};
enum { RATES = sizeof LEARNING_RATES / sizeof LEARNING_RATES[0] };
static const float ADAPTIVE_LR = 0.1f;

/* Runs one optimizer for `steps` steps from start and returns f at the end
 * (NaN or Inf if the run blew up); the path is stored when path_x is not
 * NULL (steps + 1 points). */
static double run_from(const struct surface *s, const float start[2], enum optimizer which,
                       float lr, long steps, double *path_x, double *path_y)
{
    float w[2] = {start[0], start[1]};
    float first[2] = {0.0f, 0.0f}, second[2] = {0.0f, 0.0f};
    for (long t = 1; t <= steps + 1; t++) {
        if (path_x != NULL) {
            path_x[t - 1] = w[0];
            path_y[t - 1] = w[1];
        }
        if (t > steps)
            break;
        double gradient[2];
        s->gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        if (which == MOMENTUM)
            given_momentum_step(w, g, first, 2, lr, 0.9f);
        else if (which == RMSPROP)
            given_rmsprop_step(w, g, second, 2, lr, 0.99f, EPS);
        else
            adam_step(w, g, first, second, 2, lr, BETA1, BETA2, EPS, t);
    }
    return s->value(w[0], w[1]);
}

/* The same from the surface's own start. */
static double run_optimizer(const struct surface *s, enum optimizer which, float lr, long steps,
                            double *path_x, double *path_y)
{
    const float start[2] = {(float)s->start_x, (float)s->start_y};
    return run_from(s, start, which, lr, steps, path_x, path_y);
}

/* Whether a run is chaotic: started one float step (one unit in the last
 * place) away, up, down, left or right, it ends more than 10 % away in f.
 * Its final f then depends on every rounding of the run, so two correct
 * implementations that round differently print different numbers: the
 * table prints "chaotic" instead. A run that converges (f below 1e-6) is
 * never called chaotic. */
static int is_chaotic(const struct surface *s, enum optimizer which, float lr, long steps,
                      double f)
{
    const float x = (float)s->start_x, y = (float)s->start_y;
    const float starts[4][2] = {{nextafterf(x, INFINITY), y}, {nextafterf(x, -INFINITY), y},
                                {x, nextafterf(y, INFINITY)}, {x, nextafterf(y, -INFINITY)}};
    if (!isfinite(f))
        return 0;
    for (int k = 0; k < 4; k++) {
        const double nudged = run_from(s, starts[k], which, lr, steps, NULL, NULL);
        if (!isfinite(nudged) || fmax(f, nudged) < 1e-6)
            continue;
        if (fabs(f - nudged) > 0.1 * fmax(f, nudged))
            return 1;
    }
    return 0;
}

static double surface_value(double x, double y, const void *context)
{
    const struct surface *s = context;
    return s->value(x, y);
}

static int compare_on(const char *folder, const struct surface *s, long steps, const char *file)
{
    printf("\nPart 3: %s, %s, from (%g, %g)\n        f after %ld steps\n", s->name,
           s->formula, s->start_x, s->start_y, steps);
    printf("  %-12s", "lr");
    for (size_t r = 0; r < RATES; r++)
        printf(" %9g", (double)LEARNING_RATES[r]);
    printf("\n");
    float best_lr[OPTIMIZERS];
    for (int o = 0; o < OPTIMIZERS; o++) {
        double best = INFINITY;
        best_lr[o] = LEARNING_RATES[0];
        printf("  %-12s", optimizer_name[o]);
        for (size_t r = 0; r < RATES; r++) {
            const double f = run_optimizer(s, (enum optimizer)o, LEARNING_RATES[r], steps, NULL,
                                           NULL);
            const int chaotic = is_chaotic(s, (enum optimizer)o, LEARNING_RATES[r], steps, f);
            if (chaotic)
                printf(" %9s", "chaotic");
            else
                printf(" %9.3g", f);
            if (isfinite(f) && f < best && !chaotic) {
                best = f;
                best_lr[o] = LEARNING_RATES[r];
            }
        }
        printf("\n");
    }
    double *xs = malloc(OPTIMIZERS * ((size_t)steps + 1) * sizeof(double));
    double *ys = malloc(OPTIMIZERS * ((size_t)steps + 1) * sizeof(double));
    if (xs == NULL || ys == NULL) {
        free(xs);
        free(ys);
        fprintf(stderr, "experiment: out of memory\n");
        return -1;
    }
    /* The paths: RMSProp and Adam at the same lr, ADAPTIVE_LR (both move
     * each coordinate by about lr per step, so the same lr is a fair
     * comparison of the two update rules); momentum, whose step is lr times
     * the size of the gradient, at its best lr of the grid. */
    best_lr[RMSPROP] = ADAPTIVE_LR;
    best_lr[ADAM] = ADAPTIVE_LR;
    static char labels[OPTIMIZERS][64];
    struct svg_path paths[OPTIMIZERS];
    printf("  the paths drawn (momentum at its best lr, the others at lr = %g):\n",
           (double)ADAPTIVE_LR);
    for (int o = 0; o < OPTIMIZERS; o++) {
        double *px = xs + (size_t)o * ((size_t)steps + 1), *py = ys + (size_t)o * ((size_t)steps + 1);
        const double f = run_optimizer(s, (enum optimizer)o, best_lr[o], steps, px, py);
        printf("    %-14s lr = %-6g  ends at (%9.5f, %9.5f)  f = %.3g\n", optimizer_name[o],
               (double)best_lr[o], px[steps], py[steps], f);
        snprintf(labels[o], sizeof labels[o], "%s, lr = %g", optimizer_name[o],
                 (double)best_lr[o]);
        paths[o] = (struct svg_path){labels[o], px, py, (size_t)steps + 1};
    }
    char path[1024], title[160];
    snprintf(path, sizeof path, "%s/%s", folder, file);
    snprintf(title, sizeof title, "%s: %ld steps", s->formula, steps);
    const struct contour_plot plot = {
        .title = title, .f = surface_value, .context = s,
        .x_min = s->x_min, .x_max = s->x_max, .y_min = s->y_min, .y_max = s->y_max,
        .level_count = 14, .log_levels = 1, .paths = paths, .path_count = OPTIMIZERS,
        .marker_x = s->minimum_x, .marker_y = s->minimum_y, .marker_label = "minimum",
    };
    struct error err;
    int status = svg_write_contour_plot(path, &plot, &err);
    if (status != 0)
        fprintf(stderr, "experiment: %s\n", err.message);
    else
        printf("  wrote %s\n", path);
    free(xs);
    free(ys);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (step_sizes(argv[1]) != 0 || averaged_moments(argv[1]) != 0)
        return 1;
    if (compare_on(argv[1], &surface_valley, 200, "valley-paths.svg") != 0 ||
        compare_on(argv[1], &surface_rosenbrock, 2000, "rosenbrock-paths.svg") != 0)
        return 1;
    return 0;
}
