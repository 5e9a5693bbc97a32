/* experiment.c -- lesson 05's experiments (given code: read it, run it).
 *
 *   make run LESSON=5                  with your nesterov.c
 *
 * Part 1, "The experiment: braking before the wall": momentum against
 * Nesterov on the long narrow valley f = 0.1 w0^2 + 2 w1^2 from (-10, 1),
 * with mu = 0.9 and 0.99: steps to reach f < 1e-6 and the overshoot past
 * the minimum along each axis.
 * Part 2, "The experiment: Rosenbrock's banana": the same on
 * f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.5, 2).
 * Part 3, "The price: a smaller stable learning rate": the largest stable
 * lr*h of each method, and a sweep of lr on Rosenbrock.
 * Part 4, the figure of "The intuition: look before you leap": one step of
 * each method from the same point theta, drawn as vectors in the notation
 * of "The look-ahead form".
 *
 * Momentum (lesson 04) is written out below as given code, so that this
 * lesson runs even if lesson 04 is not done; Nesterov is your nesterov_step.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "lessons.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_STEPS = 20000 };
static const double TARGET = 1e-6; /* "converged": f below this */

/* Lesson 04's heavy ball in PyTorch's form: b = mu*b + g, w -= lr*b. */
static void heavy_ball_step(float *w, const float *g, float *b, size_t n, float lr, float mu)
{
    for (size_t i = 0; i < n; i++) {
        b[i] = mu * b[i] + g[i];
        w[i] -= lr * b[i];
    }
}

typedef void step_fn(float *w, const float *g, float *b, size_t n, float lr, float mu);

/* One run on a surface, remembered for the figures and the table. The
 * label, "method, mu = value", is built from `method` and `mu` by run_on,
 * so that it names the value the run really used. */
struct run {
    const char *method;
    step_fn *step;
    float lr, mu;
    char label[48];
    long steps;               /* steps taken: max_steps, or fewer if it diverged */
    double *x, *y, *loss;     /* steps + 1 entries: the path and f along it */
    long reached;             /* first step with f < TARGET, or -1 */
    long settled;             /* the step from which on f < TARGET for good, or -1 */
    double overshoot[2];      /* largest distance past the minimum, per axis */
    int diverged;
};

/* Runs `step` from the surface's start for max_steps, or until the iterate
 * leaves any sane range. A run that spirals into the minimum can dip below
 * TARGET early, when both coordinates happen to pass near the minimum at
 * once, and rise again; so both the first step below TARGET and the step
 * from which on it stays below are kept. The overshoot along an axis is how
 * far the iterate went past the minimum, on the side away from the start. */
static int run_on(const struct surface *s, struct run *r, long max_steps)
{
    r->x = malloc(((size_t)max_steps + 1) * sizeof(double));
    r->y = malloc(((size_t)max_steps + 1) * sizeof(double));
    r->loss = malloc(((size_t)max_steps + 1) * sizeof(double));
    if (r->x == NULL || r->y == NULL || r->loss == NULL)
        return -1;
    snprintf(r->label, sizeof r->label, "%s, mu = %g", r->method, (double)r->mu);
    const double minimum[2] = {s->minimum_x, s->minimum_y};
    const double side[2] = {s->start_x < s->minimum_x ? 1.0 : -1.0,
                            s->start_y < s->minimum_y ? 1.0 : -1.0};
    float w[2] = {(float)s->start_x, (float)s->start_y}, b[2] = {0.0f, 0.0f};
    r->reached = -1;
    long last_above = 0; /* the last step with f >= TARGET */
    r->overshoot[0] = r->overshoot[1] = 0.0;
    r->diverged = 0;
    r->x[0] = w[0];
    r->y[0] = w[1];
    r->loss[0] = s->value(w[0], w[1]);
    long t = 0;
    while (t < max_steps) {
        double gradient[2];
        s->gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        r->step(w, g, b, 2, r->lr, r->mu);
        t++;
        double f = s->value(w[0], w[1]);
        r->x[t] = w[0];
        r->y[t] = w[1];
        r->loss[t] = f;
        if (!isfinite(f) || f > 1e12) {
            r->diverged = 1;
            break;
        }
        for (int i = 0; i < 2; i++)
            r->overshoot[i] = fmax(r->overshoot[i], side[i] * ((double)w[i] - minimum[i]));
        if (r->reached < 0 && f < TARGET)
            r->reached = t;
        if (f >= TARGET)
            last_above = t;
    }
    r->steps = t;
    r->settled = last_above < max_steps ? last_above + 1 : -1;
    return 0;
}

static void free_run(struct run *r)
{
    free(r->x);
    free(r->y);
    free(r->loss);
}

/* One line of the table; the overshoot along y is printed only where it
 * means something (on Rosenbrock y passes 0 on its way along the banana). */
static void print_run(const struct run *r, int with_y)
{
    if (r->diverged)
        printf("  %-22s diverged at step %ld\n", r->label, r->steps);
    else if (with_y)
        printf("  %-22s %9ld %9ld %13.4f %13.4f\n", r->label, r->reached, r->settled,
               r->overshoot[0], r->overshoot[1]);
    else
        printf("  %-22s %9ld %9ld %13.4f\n", r->label, r->reached, r->settled, r->overshoot[0]);
}

static int report(int status, const struct error *err, const char *path)
{
    if (status != 0)
        fprintf(stderr, "experiment: %s\n", err->message);
    else
        printf("  wrote %s\n", path);
    return status;
}

static const struct surface *current_surface;
static double surface_value(double x, double y, const void *context)
{
    (void)context;
    return current_surface->value(x, y);
}

/* A contour plot of the surface with the paths of `count` runs, each drawn
 * for at most `shown` steps. */
static int write_paths(const char *path, const char *title, const struct surface *s,
                       const struct run *runs, size_t count, long shown)
{
    struct svg_path paths[4];
    for (size_t i = 0; i < count; i++) {
        long n = runs[i].steps < shown ? runs[i].steps : shown;
        paths[i] = (struct svg_path){runs[i].label, runs[i].x, runs[i].y, (size_t)n + 1};
    }
    current_surface = s;
    const struct contour_plot plot = {
        .title = title, .f = surface_value,
        .x_min = s->x_min, .x_max = s->x_max, .y_min = s->y_min, .y_max = s->y_max,
        .level_count = 14, .log_levels = 1,
        .paths = paths, .path_count = count,
        .marker_x = s->minimum_x, .marker_y = s->minimum_y,
    };
    struct error err;
    return report(svg_write_contour_plot(path, &plot, &err), &err, path);
}

/* A line chart of f against the step for `count` runs, up to `shown` steps. */
static int write_losses(const char *path, const char *title, const struct run *runs,
                        size_t count, long shown)
{
    struct svg_series series[4];
    for (size_t i = 0; i < count; i++) {
        long n = runs[i].steps < shown ? runs[i].steps : shown;
        series[i] = (struct svg_series){runs[i].label, NULL, runs[i].loss, (size_t)n + 1};
    }
    const struct line_chart chart = {
        .title = title, .x_label = "step t", .y_label = "f (log scale)", .log_y = 1,
        .series = series, .series_count = count,
    };
    struct error err;
    return report(svg_write_line_chart(path, &chart, &err), &err, path);
}

static void print_header(int with_y)
{
    printf("  %-22s %9s %9s %13s %13s\n", "", "f < 1e-6:", "for good", "past min, x",
           with_y ? "past min, y" : "");
}

/* ---- Part 1: the valley ------------------------------------------------------------- */

static int the_valley(const char *folder)
{
    struct run runs[4] = {
        {.method = "momentum", .step = heavy_ball_step, .lr = 0.05f, .mu = 0.9f},
        {.method = "Nesterov", .step = nesterov_step, .lr = 0.05f, .mu = 0.9f},
        {.method = "momentum", .step = heavy_ball_step, .lr = 0.05f, .mu = 0.99f},
        {.method = "Nesterov", .step = nesterov_step, .lr = 0.05f, .mu = 0.99f},
    };
    printf("Part 1: the valley f = 0.1 w0^2 + 2 w1^2 from (-10, 1), lr = 0.05\n");
    print_header(1);
    int status = 0;
    for (size_t i = 0; i < 4 && status == 0; i++) {
        status = run_on(&surface_valley, &runs[i], MAX_STEPS);
        if (status == 0)
            print_run(&runs[i], 1);
    }
    /* The titles name the rates the runs used (runs 0 and 1 share one mu,
     * runs 2 and 3 another), so they stay true when the values change. */
    char path[1024], title[2][96], steep_title[96];
    for (int k = 0; k < 2; k++)
        snprintf(title[k], sizeof title[k],
                 "Momentum and Nesterov on the valley, lr = %g, mu = %g",
                 (double)runs[2 * k].lr, (double)runs[2 * k].mu);
    snprintf(steep_title, sizeof steep_title,
             "The steep coordinate w1 (mu = %g): Nesterov brakes", (double)runs[0].mu);
    if (status == 0) {
        snprintf(path, sizeof path, "%s/nesterov-valley-paths.svg", folder);
        status = write_paths(path, title[0], &surface_valley, runs, 2, 200);
    }
    if (status == 0) {
        snprintf(path, sizeof path, "%s/nesterov-valley-paths-099.svg", folder);
        status = write_paths(path, title[1], &surface_valley, runs + 2, 2, 400);
    }
    if (status == 0) {
        /* The steep coordinate w1 against the step: the braking in one picture. */
        struct svg_series steep[2];
        for (size_t i = 0; i < 2; i++)
            steep[i] = (struct svg_series){runs[i].label, NULL, runs[i].y, 61};
        const struct line_chart chart = {
            .title = steep_title,
            .x_label = "step t", .y_label = "w1", .series = steep, .series_count = 2,
        };
        struct error err;
        snprintf(path, sizeof path, "%s/nesterov-valley-steep.svg", folder);
        status = report(svg_write_line_chart(path, &chart, &err), &err, path);
    }
    if (status == 0) {
        snprintf(path, sizeof path, "%s/nesterov-valley-loss.svg", folder);
        status = write_losses(path, "Momentum and Nesterov on the valley: f against step",
                              runs, 4, 1300);
    }
    for (size_t i = 0; i < 4; i++)
        free_run(&runs[i]);
    printf("\n");
    return status;
}

/* ---- Part 2: Rosenbrock ------------------------------------------------------------- */

static int the_banana(const char *folder)
{
    struct run runs[4] = {
        {.method = "momentum", .step = heavy_ball_step, .lr = 2e-4f, .mu = 0.9f},
        {.method = "Nesterov", .step = nesterov_step, .lr = 2e-4f, .mu = 0.9f},
        {.method = "momentum", .step = heavy_ball_step, .lr = 2e-4f, .mu = 0.99f},
        {.method = "Nesterov", .step = nesterov_step, .lr = 2e-4f, .mu = 0.99f},
    };
    printf("Part 2: Rosenbrock f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.5, 2), lr = 2e-4\n");
    print_header(0);
    int status = 0;
    for (size_t i = 0; i < 4 && status == 0; i++) {
        status = run_on(&surface_rosenbrock, &runs[i], MAX_STEPS);
        if (status == 0)
            print_run(&runs[i], 0);
    }
    char path[1024], title[64];
    snprintf(title, sizeof title, "Rosenbrock, lr = %g, mu = %g", (double)runs[2].lr,
             (double)runs[2].mu);
    if (status == 0) {
        snprintf(path, sizeof path, "%s/nesterov-rosenbrock-paths.svg", folder);
        status = write_paths(path, title, &surface_rosenbrock, runs + 2, 2, 2000);
    }
    if (status == 0) {
        snprintf(path, sizeof path, "%s/nesterov-rosenbrock-loss.svg", folder);
        status = write_losses(path, "Rosenbrock: f against step, lr = 2e-4", runs, 4, 8000);
    }
    for (size_t i = 0; i < 4; i++)
        free_run(&runs[i]);
    printf("\n");
    return status;
}

/* ---- Part 3: the stability limit -------------------------------------------------------- */

/* On f = h/2 w^2 the heavy ball is stable for lr*h < 2 (1 + mu) and
 * Nesterov for lr*h < 2 (1 + mu) / (1 + 2 mu) (section "The price: a
 * smaller stable learning rate"). */
static int the_price(void)
{
    printf("Part 3: the largest stable lr*h on f = h/2 w^2\n");
    printf("  %-6s %12s %12s\n", "mu", "momentum", "Nesterov");
    const double mus[3] = {0.5, 0.9, 0.99};
    for (int i = 0; i < 3; i++)
        printf("  %-6g %12.3f %12.3f\n", mus[i], 2.0 * (1.0 + mus[i]),
               2.0 * (1.0 + mus[i]) / (1.0 + 2.0 * mus[i]));
    printf("  Rosenbrock, mu = 0.9: the step from which f < 1e-6 for good, as lr grows:\n");
    printf("  %-8s %16s %16s\n", "lr", "momentum", "Nesterov");
    const float lrs[4] = {5e-4f, 1e-3f, 1.5e-3f, 2e-3f};
    for (int i = 0; i < 4; i++) {
        struct run r[2] = {
            {.method = "momentum", .step = heavy_ball_step, .lr = lrs[i], .mu = 0.9f},
            {.method = "Nesterov", .step = nesterov_step, .lr = lrs[i], .mu = 0.9f},
        };
        char text[2][32];
        for (int k = 0; k < 2; k++) {
            if (run_on(&surface_rosenbrock, &r[k], MAX_STEPS) != 0) {
                fprintf(stderr, "experiment: out of memory\n");
                return -1;
            }
            if (r[k].diverged)
                snprintf(text[k], sizeof text[k], "diverged (%ld)", r[k].steps);
            else
                snprintf(text[k], sizeof text[k], "%ld", r[k].settled);
            free_run(&r[k]);
        }
        printf("  %-8g %16s %16s\n", (double)lrs[i], text[0], text[1]);
    }
    return 0;
}

/* ---- Part 4: one step, drawn as vectors --------------------------------------------------- */

/* Section "The look-ahead form": one step of the heavy ball and one of
 * Nesterov from the same theta and v, in that section's notation
 *     heavy ball: v' = mu v - lr grad f(theta),           theta' = theta + v'
 *     Nesterov:   v' = mu v - lr grad f(theta + mu v),    theta' = theta + v'
 * on the valley with lr = 0.05, mu = 0.9. The state is the heavy ball's after
 * LOOK_STEPS steps from (-10, 1): w1 has just crossed the floor and mu v
 * carries it towards the lower wall. At theta the gradient still pushes
 * down; at the look-ahead point theta + mu v, on the wall, it already pushes
 * back up, so Nesterov's step is shorter across the valley. Written as
 * look-ahead.svg, with one unit the same length on both axes. */
enum { LOOK_STEPS = 3 };

/* UTF-8 for the Greek letters and symbols of the lesson's formulas. */
#define THETA "\xce\xb8"
#define MU "\xce\xbc"
#define ETA "\xce\xb7"
#define NABLA "\xe2\x88\x87"
#define MINUS "\xe2\x88\x92"

static int look_ahead_picture(const char *folder)
{
    const double lr = 0.05, mu = 0.9;
    double theta[2] = {surface_valley.start_x, surface_valley.start_y}, v[2] = {0.0, 0.0};
    for (int t = 0; t < LOOK_STEPS; t++) {
        double g[2];
        surface_valley.gradient(theta[0], theta[1], g);
        for (int i = 0; i < 2; i++) {
            v[i] = mu * v[i] - lr * g[i];
            theta[i] += v[i];
        }
    }
    double ahead[2] = {theta[0] + mu * v[0], theta[1] + mu * v[1]};
    double g_here[2], g_ahead[2];
    surface_valley.gradient(theta[0], theta[1], g_here);
    surface_valley.gradient(ahead[0], ahead[1], g_ahead);
    double heavy[2] = {ahead[0] - lr * g_here[0], ahead[1] - lr * g_here[1]};
    double nesterov[2] = {ahead[0] - lr * g_ahead[0], ahead[1] - lr * g_ahead[1]};
    printf("Part 4: one step from theta = (%.4f, %.4f), mu v = (%.4f, %.4f)\n", theta[0],
           theta[1], mu * v[0], mu * v[1]);
    printf("  -lr grad f(theta)        = (%+.4f, %+.4f)  heavy ball ends at (%.4f, %.4f)\n",
           -lr * g_here[0], -lr * g_here[1], heavy[0], heavy[1]);
    printf("  -lr grad f(theta + mu v) = (%+.4f, %+.4f)  Nesterov ends at   (%.4f, %.4f)\n",
           -lr * g_ahead[0], -lr * g_ahead[1], nesterov[0], nesterov[1]);

    const char *blue = "#0072B2", *orange = "#D55E00";
    const struct svg_arrow arrows[] = {
        {.label = MU "v", .x0 = theta[0], .y0 = theta[1], .x1 = ahead[0], .y1 = ahead[1],
         .colour = "#555555", .dashed = 1, .label_side = 1, .label_at = 0.35},
        {.label = MINUS ETA NABLA "f(" THETA ")", .x0 = ahead[0], .y0 = ahead[1],
         .x1 = heavy[0], .y1 = heavy[1], .colour = blue, .dashed = 1, .label_side = 1},
        {.label = MINUS ETA NABLA "f(" THETA " + " MU "v)", .x0 = ahead[0], .y0 = ahead[1],
         .x1 = nesterov[0], .y1 = nesterov[1], .colour = orange, .dashed = 1, .label_side = 1,
         .label_at = 1.0},
        {.label = "momentum step", .x0 = theta[0], .y0 = theta[1], .x1 = heavy[0],
         .y1 = heavy[1], .colour = blue, .label_side = 1, .label_at = 0.6},
        {.label = "Nesterov step", .x0 = theta[0], .y0 = theta[1], .x1 = nesterov[0],
         .y1 = nesterov[1], .colour = orange, .label_at = 0.6},
    };
    const struct svg_point_label points[] = {
        {.x = theta[0], .y = theta[1], .text = THETA},
        {.x = ahead[0], .y = ahead[1], .text = THETA " + " MU "v (look-ahead)", .below_left = 1},
    };
    /* The box: the three points of the step and both ends, with a margin. */
    double x_lo = fmin(fmin(theta[0], heavy[0]), nesterov[0]);
    double x_hi = fmax(fmax(ahead[0], heavy[0]), nesterov[0]);
    double y_lo = fmin(fmin(theta[1], heavy[1]), nesterov[1]);
    double y_hi = fmax(fmax(theta[1], ahead[1]), nesterov[1]);
    double margin = 0.25 * fmax(x_hi - x_lo, y_hi - y_lo);
    char title[160];
    snprintf(title, sizeof title, "One step from the same " THETA " and v (" ETA " = %g, "
             MU " = %g)", lr, mu);
    current_surface = &surface_valley;
    const struct contour_plot plot = {
        .title = title, .f = surface_value,
        .x_min = x_lo - margin, .x_max = x_hi + margin,
        .y_min = y_lo - margin, .y_max = y_hi + margin, .equal_scale = 1,
        .level_count = 14, .log_levels = 0,
        .marker_x = NAN, .marker_y = NAN,
        .arrows = arrows, .arrow_count = sizeof arrows / sizeof arrows[0],
        .point_labels = points, .point_label_count = sizeof points / sizeof points[0],
    };
    char file[1024];
    struct error err;
    snprintf(file, sizeof file, "%s/look-ahead.svg", folder);
    return report(svg_write_contour_plot(file, &plot, &err), &err, file);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (the_valley(argv[1]) != 0 || the_banana(argv[1]) != 0 || the_price() != 0)
        return 1;
    printf("\n");
    if (look_ahead_picture(argv[1]) != 0)
        return 1;
    return 0;
}
