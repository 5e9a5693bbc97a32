/* experiment.c -- lesson 07's experiments (given code: read it, run it).
 *
 *   make run LESSON=7                  with your rmsprop.c
 *
 * Part 1, "The experiment: a slope that flattens": a one-dimensional loss
 * that is steep at the start and flat later; AdaGrad (written here, in this
 * file, so that this lesson does not need lesson 06's code) against your
 * RMSProp, with the effective rate of each over time.
 * Part 2, "The experiment: Rosenbrock's banana": both methods on
 * f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.5, 2), for a few learning rates.
 * Part 3, "The experiment: a flat stretch that turns steep": the length of
 * your RMSProp's steps when the gradient jumps from 0.1 to 10, with the
 * average started at zero (PyTorch) and at the first gradient's square.
 * Part 4 (optional, needs adadelta_step): Adadelta on both problems.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const float ADAGRAD_EPS = 1e-10f, RMSPROP_EPS = 1e-8f, ALPHA = 0.99f;

/* AdaGrad, as in lesson 06 (section "The update rule" there):
 *   s <- s + g^2,   w <- w - lr * g / (sqrt(s) + eps). */
static void adagrad(float *w, const float *g, float *s, size_t n, float lr, float eps)
{
    for (size_t i = 0; i < n; i++) {
        s[i] += g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
    }
}

/* ---- Part 1: a slope that flattens -------------------------------------------------
 * f(w) = (A/K) log(1 + exp(K (w - C))) + (H/2) w^2: for w well above C the
 * first term is a straight slope of steepness A = 10; below C it fades out
 * and only the gentle bowl (H/2) w^2 of curvature H = 0.02 is left. The run
 * starts on the steep part at w = 10; the minimum is near w = 0. */
enum { SLOPE_STEPS = 1000 };
static const double A = 10.0, K = 2.0, C = 5.0, H = 0.02;

static double slope_value(double w) { return A / K * log1p(exp(K * (w - C))) + 0.5 * H * w * w; }
static double slope_gradient(double w) { return A / (1.0 + exp(-K * (w - C))) + H * w; }

/* The minimum, where the gradient is zero, by Newton's method from 0. */
static double slope_minimum(void)
{
    double w = 0.0;
    for (int k = 0; k < 50; k++) {
        double s = 1.0 / (1.0 + exp(-K * (w - C)));
        w -= slope_gradient(w) / (A * K * s * (1.0 - s) + H);
    }
    return w;
}

/* One run from w = 10: method 0 is AdaGrad, 1 your RMSProp. Records w,
 * f - f(minimum) and the effective rate lr / (sqrt(state) + eps). */
static void slope_run(int method, float lr, double best_f, double *w_at, double *gap_at,
                      double *rate_at)
{
    float w[1] = {10.0f}, state[1] = {0.0f};
    for (long t = 1; t <= SLOPE_STEPS; t++) {
        const float g[1] = {(float)slope_gradient(w[0])};
        if (method == 0)
            adagrad(w, g, state, 1, lr, ADAGRAD_EPS);
        else
            rmsprop_step(w, g, state, 1, lr, ALPHA, RMSPROP_EPS);
        double eps = method == 0 ? ADAGRAD_EPS : RMSPROP_EPS;
        w_at[t - 1] = w[0];
        gap_at[t - 1] = slope_value(w[0]) - best_f;
        rate_at[t - 1] = lr / (sqrt((double)state[0]) + eps);
    }
}

static long first_within(const double *w, double target, double distance)
{
    for (long t = 0; t < SLOPE_STEPS; t++)
        if (fabs(w[t] - target) < distance)
            return t + 1;
    return -1;
}

static int follow_the_slope(const char *folder)
{
    const double best_w = slope_minimum(), best_f = slope_value(best_w);
    printf("Part 1: a slope that flattens, f(w) = 5 log(1 + exp(2 (w - 5))) + 0.01 w^2\n");
    printf("  from w = 10; gradient %.4f at the start, %.3f at w = 3, minimum at w = %.4f\n",
           slope_gradient(10.0), slope_gradient(3.0), best_w);
    /* Both runs take the same first step, 0.5: AdaGrad's first step is lr,
     * RMSProp's lr / sqrt(1 - alpha) = 10 lr. */
    const float ada_lr = 0.5f, rms_lr = 0.05f;
    static double aw[SLOPE_STEPS], ag[SLOPE_STEPS], ar[SLOPE_STEPS];
    static double rw[SLOPE_STEPS], rg[SLOPE_STEPS], rr[SLOPE_STEPS];
    static double steps[SLOPE_STEPS];
    slope_run(0, ada_lr, best_f, aw, ag, ar);
    slope_run(1, rms_lr, best_f, rw, rg, rr);
    for (long t = 0; t < SLOPE_STEPS; t++)
        steps[t] = (double)(t + 1);
    printf("  %6s  %-28s  %-28s\n", "", "AdaGrad, lr = 0.5", "RMSProp, lr = 0.05");
    printf("  %6s  %8s %9s %9s  %8s %9s %9s\n", "step", "w", "rate", "f - f*", "w", "rate",
           "f - f*");
    const int at[] = {1, 10, 30, 100, 200, 300, 500, 1000};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        int i = at[k] - 1;
        printf("  %6d  %8.4f %9.3g %9.3g  %8.4f %9.3g %9.3g\n", at[k], aw[i], ar[i], ag[i],
               rw[i], rr[i], rg[i]);
    }
    long ada_close = first_within(aw, best_w, 0.1), rms_close = first_within(rw, best_w, 0.1);
    const char *const names[2] = {"AdaGrad", "RMSProp"};
    const long close[2] = {ada_close, rms_close};
    printf("  steps to come within 0.1 of the minimum:");
    for (int m = 0; m < 2; m++) {
        if (close[m] < 0)
            printf(" %s more than %d%s", names[m], SLOPE_STEPS, m == 0 ? "," : "\n");
        else
            printf(" %s %ld%s", names[m], close[m], m == 0 ? "," : "\n");
    }

    const struct svg_series position[] = {
        {"AdaGrad, lr = 0.5", steps, aw, SLOPE_STEPS},
        {"RMSProp, lr = 0.05", steps, rw, SLOPE_STEPS},
    };
    const struct line_chart position_chart = {
        .title = "A slope that flattens: position w against step",
        .x_label = "step t", .y_label = "w (start 10, steep above 5, minimum near 0)",
        .series = position, .series_count = 2,
    };
    const struct svg_series rates[] = {
        {"AdaGrad, lr = 0.5", steps, ar, SLOPE_STEPS},
        {"RMSProp, lr = 0.05", steps, rr, SLOPE_STEPS},
    };
    const struct line_chart rate_chart = {
        .title = "Effective rate lr / (sqrt(state) + eps)", .x_label = "step t",
        .y_label = "effective rate (log scale)", .log_y = 1,
        .series = rates, .series_count = 2,
    };
    if (figure_line_chart(folder, "slope-position.svg", &position_chart) != 0 ||
        figure_line_chart(folder, "slope-rates.svg", &rate_chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 2: Rosenbrock's banana ----------------------------------------------------- */

enum { BANANA_STEPS = 10000 };

static double rosenbrock_value(double x, double y, const void *context)
{
    (void)context;
    return surface_rosenbrock.value(x, y);
}

/* One run from (-1.5, 2): method 0 AdaGrad, 1 your RMSProp. Returns f at
 * the end and sets *reached to the first step with f < 1e-3 (or -1).
 * Records the path and f when the arrays are not NULL. */
static double banana_run(int method, float lr, long *reached, double *x, double *y, double *f)
{
    float w[2] = {(float)surface_rosenbrock.start_x, (float)surface_rosenbrock.start_y};
    float state[2] = {0.0f, 0.0f};
    *reached = -1;
    for (long t = 0; t <= BANANA_STEPS; t++) {
        double value = surface_rosenbrock.value(w[0], w[1]);
        if (x != NULL) {
            x[t] = w[0];
            y[t] = w[1];
            f[t] = value;
        }
        if (*reached < 0 && value < 1e-3)
            *reached = t;
        if (t == BANANA_STEPS)
            return value;
        double gradient[2];
        surface_rosenbrock.gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        if (method == 0)
            adagrad(w, g, state, 2, lr, ADAGRAD_EPS);
        else
            rmsprop_step(w, g, state, 2, lr, ALPHA, RMSPROP_EPS);
    }
    return NAN;
}

static void print_reached(long reached)
{
    if (reached < 0)
        printf("%14s", "not reached");
    else
        printf("%14ld", reached);
}

static int peel_the_banana(const char *folder)
{
    printf("Part 2: Rosenbrock's banana f = (1 - x)^2 + 100 (y - x^2)^2, from (-1.5, 2)\n");
    printf("  %-22s %14s %14s\n", "", "steps to f<1e-3", "f after 10000");
    const float ada_rates[] = {0.05f, 0.1f, 0.5f, 1.0f};
    const float rms_rates[] = {0.0003f, 0.001f, 0.002f, 0.01f};
    for (int method = 0; method < 2; method++) {
        const float *rates = method == 0 ? ada_rates : rms_rates;
        for (int k = 0; k < 4; k++) {
            long reached;
            double f_end = banana_run(method, rates[k], &reached, NULL, NULL, NULL);
            char name[64];
            snprintf(name, sizeof name, "%s, lr = %g", method == 0 ? "AdaGrad" : "RMSProp",
                     (double)rates[k]);
            printf("  %-22s", name);
            print_reached(reached);
            printf(" %14.3g\n", f_end);
        }
    }

    static double ax[BANANA_STEPS + 1], ay[BANANA_STEPS + 1], af[BANANA_STEPS + 1];
    static double rx[BANANA_STEPS + 1], ry[BANANA_STEPS + 1], rf[BANANA_STEPS + 1];
    static double r2x[BANANA_STEPS + 1], r2y[BANANA_STEPS + 1], r2f[BANANA_STEPS + 1];
    long reached;
    banana_run(0, 0.5f, &reached, ax, ay, af);
    banana_run(1, 0.002f, &reached, rx, ry, rf);
    banana_run(1, 0.01f, &reached, r2x, r2y, r2f);
    const struct svg_path paths[] = {
        {"AdaGrad, lr = 0.5", ax, ay, BANANA_STEPS + 1},
        {"RMSProp, lr = 0.002", rx, ry, BANANA_STEPS + 1},
        {"RMSProp, lr = 0.01", r2x, r2y, BANANA_STEPS + 1},
    };
    const struct contour_plot plot = {
        .title = "Rosenbrock's banana: 10000 steps from (-1.5, 2)",
        .f = rosenbrock_value,
        .x_min = surface_rosenbrock.x_min, .x_max = surface_rosenbrock.x_max,
        .y_min = surface_rosenbrock.y_min, .y_max = surface_rosenbrock.y_max,
        .level_count = 14, .log_levels = 1, .paths = paths, .path_count = 3,
        .marker_x = 1.0, .marker_y = 1.0, .marker_label = "minimum (1, 1)",
    };
    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/rosenbrock-paths.svg", folder);
    if (svg_write_contour_plot(path, &plot, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n", path);
    const struct svg_series losses[] = {
        {"AdaGrad, lr = 0.5", NULL, af, BANANA_STEPS + 1},
        {"RMSProp, lr = 0.002", NULL, rf, BANANA_STEPS + 1},
        {"RMSProp, lr = 0.01", NULL, r2f, BANANA_STEPS + 1},
    };
    const struct line_chart chart = {
        .title = "Rosenbrock: f against step", .x_label = "step t (log scale)",
        .y_label = "f (log scale)", .log_x = 1, .log_y = 1, .series = losses,
        .series_count = 3,
    };
    if (figure_line_chart(folder, "rosenbrock-loss.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 3: a flat stretch that turns steep ----------------------------------------
 * The gradient one weight sees on a gentle ramp (slope 0.1) for CALM_STEPS
 * steps, then on a steep one (slope 10). Each step is measured from w = 0, so
 * |step| / lr is exactly what your kernel moved, in units of lr. Two starts
 * of the average (section "The experiment: a flat stretch that turns steep"):
 *   zero start (PyTorch):   v = 0 before step 1, so v_1 = (1 - alpha) g_1^2;
 *   first-square start:     v = g_1^2 before step 1, so v_1 = g_1^2.
 * Once the average has settled every step is lr * |g| / sqrt(v) = lr; the
 * jump to slope 10 meets an average that still holds the ramp's squares. */
enum { CALM_STEPS = 300, STEEP_STEPS = 300, RAMP_STEPS = CALM_STEPS + STEEP_STEPS };
static const float CALM_GRADIENT = 0.1f, STEEP_GRADIENT = 10.0f, RAMP_LR = 0.001f;

static void ramp_run(int first_square_start, double *step_over_lr)
{
    float v[1] = {first_square_start ? CALM_GRADIENT * CALM_GRADIENT : 0.0f};
    for (long t = 1; t <= RAMP_STEPS; t++) {
        const float g[1] = {t <= CALM_STEPS ? CALM_GRADIENT : STEEP_GRADIENT};
        float w[1] = {0.0f};
        rmsprop_step(w, g, v, 1, RAMP_LR, ALPHA, RMSPROP_EPS);
        step_over_lr[t - 1] = fabs((double)w[0]) / RAMP_LR;
    }
}

static int turn_steep(const char *folder)
{
    printf("Part 3: a flat stretch that turns steep: the gradient is %.1f for steps 1-%d,\n",
           (double)CALM_GRADIENT, CALM_STEPS);
    printf("  then %.0f; lr = %g, alpha = %.2f. |step| / lr of your rmsprop_step:\n",
           (double)STEEP_GRADIENT, (double)RAMP_LR, (double)ALPHA);
    static double zero[RAMP_STEPS], first[RAMP_STEPS], steps[RAMP_STEPS];
    ramp_run(0, zero);
    ramp_run(1, first);
    for (long t = 0; t < RAMP_STEPS; t++)
        steps[t] = (double)(t + 1);
    printf("  %6s %12s %14s\n", "step", "zero start", "first square");
    const int at[] = {1, 2, 10, 100, 300, 301, 302, 310, 350, 400, 600};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        int i = at[k] - 1;
        printf("  %6d %12.3f %14.3f%s\n", at[k], zero[i], first[i],
               at[k] == CALM_STEPS + 1 ? "   <- the first steep step" : "");
    }

    const struct svg_series series[] = {
        {"zero start (PyTorch)", steps, zero, RAMP_STEPS},
        {"first-square start", steps, first, RAMP_STEPS},
    };
    const struct line_chart chart = {
        .title = "Gradient 0.1 for 300 steps, then 10: step length in units of lr",
        .x_label = "step t (the slope turns steep after step 300)",
        .y_label = "|step| / lr", .series = series, .series_count = 2,
    };
    if (figure_line_chart(folder, "flat-then-steep.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 4 (optional): Adadelta -------------------------------------------------- */

static int try_adadelta(void)
{
    printf("Part 4 (optional, uses your adadelta_step): Adadelta, lr = 1, rho = 0.9, "
           "eps = 1e-6\n");
    float w[1] = {10.0f}, v[1] = {0.0f}, u[1] = {0.0f};
    const double best_w = slope_minimum();
    printf("  the slope that flattens, from w = 10:\n");
    printf("  %8s %10s %12s\n", "step", "w", "|step|");
    for (long t = 1; t <= 3000; t++) {
        const float g[1] = {(float)slope_gradient(w[0])};
        float before = w[0];
        adadelta_step(w, g, v, u, 1, 1.0f, 0.9f, 1e-6f);
        if (t == 1 || t == 10 || t == 100 || t == 300 || t == 1000 || t == 3000)
            printf("  %8ld %10.4f %12.4g\n", t, (double)w[0], fabs((double)w[0] - before));
    }
    printf("  (the minimum is at w = %.4f)\n", best_w);

    float r[2] = {(float)surface_rosenbrock.start_x, (float)surface_rosenbrock.start_y};
    float rv[2] = {0.0f, 0.0f}, ru[2] = {0.0f, 0.0f};
    for (long t = 0; t < BANANA_STEPS; t++) {
        double gradient[2];
        surface_rosenbrock.gradient(r[0], r[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        adadelta_step(r, g, rv, ru, 2, 1.0f, 0.9f, 1e-6f);
    }
    printf("  Rosenbrock after %d steps: (x, y) = (%.4f, %.4f), f = %.3g\n", BANANA_STEPS,
           (double)r[0], (double)r[1], surface_rosenbrock.value(r[0], r[1]));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (follow_the_slope(argv[1]) != 0 || peel_the_banana(argv[1]) != 0 ||
        turn_steep(argv[1]) != 0 || try_adadelta() != 0)
        return 1;
    return 0;
}
