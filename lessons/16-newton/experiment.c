/* experiment.c -- lesson 16's experiments (given code: read it, run it).
 *
 *   make run LESSON=16                  with your newton.c
 *
 * Part 1, "The experiment: the valley in one step": Newton's method and
 * gradient descent on f = 0.1 x^2 + 2 y^2.
 * Part 2, "The experiment: logistic regression": Newton's method and
 * gradient descent on 500 examples of 10 features; the error per step.
 * Part 3, "Saddle points attract Newton": both methods on f = x^2 - y^2.
 * Part 4, "The experiment: what a step costs": the CPU time of one solve
 * for n = 50 ... 400, and what it would be for a million parameters.
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
#include <string.h>
#include <time.h>

/* CPU seconds used by this process so far. Part 4 times a single-threaded
 * solve by the CPU clock, not the wall clock: the time the solve spends
 * waiting while other programs run is not its cost, and a busy machine
 * then disturbs the measurement much less. */
static double cpu_seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The Hessians of the two quadratic surfaces, constant everywhere:
 * the valley 0.1 x^2 + 2 y^2 has diag(0.2, 4), the saddle x^2 - y^2 has
 * diag(2, -2). */
static const double valley_hessian[4] = {0.2, 0.0, 0.0, 4.0};
static const double saddle_hessian[4] = {2.0, 0.0, 0.0, -2.0};

/* ---- Part 1: the valley ---------------------------------------------------------- */

static void the_valley(void)
{
    const struct surface *s = &surface_valley;
    double w[2] = {s->start_x, s->start_y}, g[2], h[4], d[2];
    printf("Part 1: the valley %s from (%g, %g), f = %g\n", s->formula, w[0], w[1],
           s->value(w[0], w[1]));
    s->gradient(w[0], w[1], g);
    memcpy(h, valley_hessian, sizeof h); /* the solve overwrites its copy */
    if (newton_step(w, g, h, 2, d) != 0) {
        printf("  the Hessian was reported singular\n");
        return;
    }
    printf("  Newton, 1 step:              w = (%.3g, %.3g), f = %.3g\n", w[0], w[1],
           s->value(w[0], w[1]));
    /* Gradient descent with the best fixed rate for curvatures 0.2 and 4,
     * lr = 2 / (0.2 + 4), until f < 1e-12. */
    const double lr = 2.0 / 4.2;
    double v[2] = {s->start_x, s->start_y};
    long t = 0;
    while (s->value(v[0], v[1]) >= 1e-12 && t < 1000000) {
        s->gradient(v[0], v[1], g);
        v[0] -= lr * g[0];
        v[1] -= lr * g[1];
        t++;
    }
    printf("  gradient descent, lr = 2/4.2: %ld steps to reach f < 1e-12\n\n", t);
}

/* ---- Part 2: logistic regression ------------------------------------------------- */

enum { EXAMPLES = 500, FEATURES = 10, NEWTON_STEPS = 8, GD_STEPS = 3000 };
/* The figure shows gradient descent up to here: past the 1e-10 it reaches
 * at step 245, so that both methods' way to that line is in the picture. */
enum { GD_FIGURE_STEPS = 250 };

static void make_data(float *x, float *y)
{
    struct rng rng;
    rng_seed(&rng, 16, 2);
    double hidden[FEATURES];
    for (size_t k = 0; k < FEATURES; k++)
        hidden[k] = rng_normal(&rng);
    for (size_t i = 0; i < EXAMPLES; i++) {
        double score = 0.0;
        for (size_t k = 0; k < FEATURES; k++) {
            x[i * FEATURES + k] = k == 0 ? 1.0f : rng_normal(&rng); /* feature 0: a bias */
            score += hidden[k] * x[i * FEATURES + k];
        }
        y[i] = score + 1.5 * rng_normal(&rng) > 0.0 ? 1.0f : 0.0f;
    }
}

static double distance(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(s);
}

static double norm(const double *a, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += a[k] * a[k];
    return sqrt(s);
}

static int logistic_regression(const char *folder)
{
    static float x[EXAMPLES * FEATURES], y[EXAMPLES];
    make_data(x, y);
    const double ridge = 1e-3;
    printf("Part 2: logistic regression, %d examples, %d features, ridge %g\n", EXAMPLES,
           FEATURES, ridge);

    /* The optimum w*: Newton's method run to the end of double precision. */
    double star[FEATURES] = {0}, g[FEATURES], h[FEATURES * FEATURES], d[FEATURES];
    for (int t = 0; t < 30; t++) {
        logistic_regression_gradient(x, y, EXAMPLES, FEATURES, star, ridge, g);
        logistic_regression_hessian(x, EXAMPLES, FEATURES, star, ridge, h);
        if (newton_step(star, g, h, FEATURES, d) != 0)
            return -1;
    }

    /* Newton from w = 0, printing the error and the gradient each step. */
    double w[FEATURES] = {0};
    int newton_reached = -1; /* the first step within 1e-10 of w* */
    double newton_steps[NEWTON_STEPS + 1], newton_error[NEWTON_STEPS + 1];
    printf("  %4s  %12s  %12s  %12s  %14s\n", "step", "loss", "|g|", "|w - w*|",
           "err / prev^2");
    for (int t = 0; t <= NEWTON_STEPS; t++) {
        logistic_regression_gradient(x, y, EXAMPLES, FEATURES, w, ridge, g);
        double error = distance(w, star, FEATURES);
        newton_steps[t] = t;
        newton_error[t] = error;
        if (newton_reached < 0 && error < 1e-10)
            newton_reached = t;
        printf("  %4d  %12.9f  %12.3e  %12.3e", t,
               logistic_regression_loss(x, y, EXAMPLES, FEATURES, w, ridge), norm(g, FEATURES),
               error);
        if (t > 0 && error > 0.0 && newton_error[t - 1] > 0.0)
            printf("  %14.3g", error / (newton_error[t - 1] * newton_error[t - 1]));
        printf("\n");
        if (t < NEWTON_STEPS) {
            logistic_regression_hessian(x, EXAMPLES, FEATURES, w, ridge, h);
            if (newton_step(w, g, h, FEATURES, d) != 0)
                return -1;
        }
    }

    /* Gradient descent with lr = 1/lambda_max-ish: lambda_max(H) is at most
     * 0.25 * lambda_max(X^T X / N) + ridge; 4.0 is safely below 2/that here. */
    static double gd_steps[GD_STEPS + 1], gd_error[GD_STEPS + 1];
    double v[FEATURES] = {0};
    const double lr = 4.0;
    long reached = -1;
    for (int t = 0; t <= GD_STEPS; t++) {
        gd_steps[t] = t;
        gd_error[t] = distance(v, star, FEATURES);
        if (reached < 0 && gd_error[t] < 1e-10)
            reached = t;
        logistic_regression_gradient(x, y, EXAMPLES, FEATURES, v, ridge, g);
        for (size_t k = 0; k < FEATURES; k++)
            v[k] -= lr * g[k];
    }
    printf("  gradient descent, lr = %g: |w - w*| = %.3e after 10 steps, %.3e after 100,\n"
           "    %.3e after %d\n", lr, gd_error[10], gd_error[100], gd_error[GD_STEPS], GD_STEPS);
    if (newton_reached >= 0)
        printf("  Newton first gets within 1e-10 of w* at step %d\n", newton_reached);
    if (reached >= 0)
        printf("  gradient descent first gets within 1e-10 of w* at step %ld\n", reached);

    /* Zero errors cannot be drawn on a log axis; the chart skips them. */
    const double target_x[2] = {0.0, (double)GD_FIGURE_STEPS}, target_y[2] = {1e-10, 1e-10};
    const struct svg_series series[] = {
        {"Newton", newton_steps, newton_error, NEWTON_STEPS + 1},
        {"gradient descent, lr = 4", gd_steps, gd_error, GD_FIGURE_STEPS + 1},
        {"within 1e-10 of w*", target_x, target_y, 2},
    };
    const struct line_chart chart = {
        .title = "Logistic regression: distance to the optimum per step",
        .x_label = "step", .y_label = "|w - w*| (log scale)", .log_y = 1,
        .series = series, .series_count = 3,
    };
    int status = figure_line_chart(folder, "logistic-error.svg", &chart);
    printf("\n");
    return status;
}

/* ---- Part 3: the saddle ---------------------------------------------------------- */

enum { SADDLE_STEPS = 12 };

static double saddle_value(double x, double y, const void *context)
{
    (void)context;
    return surface_saddle.value(x, y);
}

static int the_saddle(const char *folder)
{
    const struct surface *s = &surface_saddle;
    printf("Part 3: the saddle %s\n", s->formula);
    static const double starts[2][2] = {{-1.5, 0.1}, {1.2, -0.2}};
    static double gd_x[2][SADDLE_STEPS + 1], gd_y[2][SADDLE_STEPS + 1];
    static double nt_x[2][2], nt_y[2][2];
    for (int r = 0; r < 2; r++) {
        double w[2] = {starts[r][0], starts[r][1]}, g[2], h[4], d[2];
        nt_x[r][0] = w[0];
        nt_y[r][0] = w[1];
        s->gradient(w[0], w[1], g);
        memcpy(h, saddle_hessian, sizeof h);
        if (newton_step(w, g, h, 2, d) != 0)
            return -1;
        nt_x[r][1] = w[0];
        nt_y[r][1] = w[1];
        printf("  from (%4.1f, %4.1f), f = %6.3f:\n", starts[r][0], starts[r][1],
               s->value(starts[r][0], starts[r][1]));
        printf("    Newton, 1 step:             (%.2g, %.2g), f = %.3g\n", w[0], w[1],
               s->value(w[0], w[1]));
        double v[2] = {starts[r][0], starts[r][1]};
        const double lr = 0.1;
        for (int t = 0; t <= SADDLE_STEPS; t++) {
            gd_x[r][t] = v[0];
            gd_y[r][t] = v[1];
            s->gradient(v[0], v[1], g);
            v[0] -= lr * g[0];
            v[1] -= lr * g[1];
        }
        printf("    GD, lr = 0.1, %d steps:     (%.2g, %.3g), f = %.3g\n", SADDLE_STEPS,
               gd_x[r][SADDLE_STEPS], gd_y[r][SADDLE_STEPS],
               s->value(gd_x[r][SADDLE_STEPS], gd_y[r][SADDLE_STEPS]));
    }
    const struct svg_path paths[] = {
        {"Newton from (-1.5, 0.1)", nt_x[0], nt_y[0], 2},
        {"Newton from (1.2, -0.2)", nt_x[1], nt_y[1], 2},
        {"gradient descent from (-1.5, 0.1)", gd_x[0], gd_y[0], SADDLE_STEPS + 1},
        {"gradient descent from (1.2, -0.2)", gd_x[1], gd_y[1], SADDLE_STEPS + 1},
    };
    const struct contour_plot plot = {
        .title = "The saddle x^2 - y^2: Newton jumps onto it, GD slides off",
        .f = saddle_value, .x_min = s->x_min, .x_max = s->x_max,
        .y_min = s->y_min, .y_max = s->y_max, .level_count = 16, .log_levels = 0,
        .paths = paths, .path_count = 4,
        .marker_x = 0.0, .marker_y = 0.0, .marker_label = "saddle point (0, 0)",
    };
    char path[1024];
    snprintf(path, sizeof path, "%s/saddle-paths.svg", folder);
    struct error err;
    if (svg_write_contour_plot(path, &plot, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n\n", path);
    return 0;
}

/* ---- Part 4: the cost of a step ---------------------------------------------------- */

/* A random symmetric positive definite matrix B^T B / n + I. */
static void random_spd(struct rng *rng, size_t n, double *a, double *b)
{
    for (size_t k = 0; k < n * n; k++)
        b[k] = rng_normal(rng);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = i == j ? 1.0 : 0.0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                a[i * n + j] += b[k * n + i] * b[k * n + j] / (double)n;
}

static int the_cost(const char *folder)
{
    printf("Part 4: the CPU time of one solve of H d = g (Gaussian elimination)\n");
    printf("  %5s  %12s  %12s  %10s\n", "n", "CPU seconds", "ratio", "GFLOP/s");
    static const size_t sizes[] = {50, 100, 200, 400};
    enum { SIZES = sizeof sizes / sizeof sizes[0] };
    double n_axis[SIZES], times[SIZES];
    struct rng rng;
    rng_seed(&rng, 16, 4);
    for (size_t s = 0; s < SIZES; s++) {
        size_t n = sizes[s];
        double *a = malloc(n * n * sizeof *a), *h = malloc(n * n * sizeof *h);
        double *b = malloc(n * n * sizeof *b), *rhs = malloc(n * sizeof *rhs);
        if (!a || !h || !b || !rhs) {
            free(a), free(h), free(b), free(rhs);
            return -1;
        }
        random_spd(&rng, n, a, b);
        /* Repeat the solve and keep the fastest of the repetitions (the
         * least disturbed by other programs and by cold caches). */
        int repeats = n <= 100 ? 20 : 8;
        double best = INFINITY;
        for (int r = 0; r < repeats; r++) {
            memcpy(h, a, n * n * sizeof *a);
            for (size_t i = 0; i < n; i++)
                rhs[i] = 1.0;
            double start = cpu_seconds_now();
            int status = solve_linear_system(h, rhs, n);
            double elapsed = cpu_seconds_now() - start;
            if (status != 0)
                printf("  (n = %zu reported singular)\n", n);
            best = fmin(best, elapsed);
        }
        n_axis[s] = (double)n;
        times[s] = best;
        double flops = 2.0 / 3.0 * (double)n * (double)n * (double)n;
        printf("  %5zu  %12.3e", n, best);
        if (s > 0)
            printf("  %12.1f", best / times[s - 1]);
        else
            printf("  %12s", "");
        printf("  %10.2f\n", flops / best / 1e9);
        free(a), free(h), free(b), free(rhs);
    }
    double per_cube = times[SIZES - 1] / pow(n_axis[SIZES - 1], 3.0);
    double million = per_cube * 1e18;
    printf("  n^3 extrapolation to n = 1e6 parameters: %.2e s = %.0f years per Newton step\n",
           million, million / (365.25 * 24 * 3600));
    printf("  and the Hessian alone: 1e12 entries, %.0f TB in double\n\n", 8e12 / 1e12);

    const struct svg_series series[] = {{"one solve (measured, CPU time)", n_axis, times, SIZES}};
    const struct line_chart chart = {
        .title = "The cost of a Newton step: time of one solve against n",
        .x_label = "n, the number of parameters (log scale)",
        .y_label = "CPU seconds (log scale)",
        .log_x = 1, .log_y = 1, .series = series, .series_count = 1,
    };
    return figure_line_chart(folder, "solve-time.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    the_valley();
    if (logistic_regression(argv[1]) != 0 || the_saddle(argv[1]) != 0 ||
        the_cost(argv[1]) != 0) {
        fprintf(stderr, "experiment: failed (a singular Hessian, or out of memory)\n");
        return 1;
    }
    return 0;
}
