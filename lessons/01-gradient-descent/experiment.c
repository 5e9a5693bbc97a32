/* experiment.c -- lesson 01's experiments (given code: read it, run it).
 *
 *   make run LESSON=1                  with your gd.c
 *
 * Part 1, "The experiment: fitting a line": gradient descent fits
 * y = a*x + b to 100 noisy points and is compared with the closed-form
 * least-squares line.
 * Part 2, "The experiment: a long narrow valley": gradient descent on
 * f = 0.1 w0^2 + 2 w1^2 with a learning rate at the edge of stability, a
 * moderate one and a tiny one.
 * Part 3, "Learning rate: too large, too small": four learning rates on the
 * parabola f = w^2 / 2, drawn in lr-regimes.svg.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "rng.h"
#include "surfaces.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- Part 1: fitting a line --------------------------------------------- */

enum { POINTS = 100, LINE_STEPS = 100 };
static const float LINE_LR = 0.2f;

/* The least-squares line in closed form (section "The gradient of the mean
 * squared error"): a = Sxy / Sxx, b = mean(y) - a * mean(x). */
static void least_squares_line(const float *x, const float *y, size_t n, double *a, double *b)
{
    double mean_x = 0.0, mean_y = 0.0;
    for (size_t i = 0; i < n; i++) {
        mean_x += x[i];
        mean_y += y[i];
    }
    mean_x /= (double)n;
    mean_y /= (double)n;
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mean_x) * (y[i] - mean_y);
        sxx += (x[i] - mean_x) * (x[i] - mean_x);
    }
    *a = sxy / sxx;
    *b = mean_y - *a * mean_x;
}

static int fit_a_line(const char *folder)
{
    /* 100 points with x uniform in [-1, 1] and y = 2x + 1 plus Gaussian
     * noise of standard deviation 0.3, all drawn from seed 1. */
    struct rng rng;
    rng_seed(&rng, 1, 0);
    float x[POINTS], y[POINTS];
    for (size_t i = 0; i < POINTS; i++) {
        x[i] = 2.0f * rng_uniform(&rng) - 1.0f;
        y[i] = 2.0f * x[i] + 1.0f + 0.3f * rng_normal(&rng);
    }
    double best_a, best_b;
    least_squares_line(x, y, POINTS, &best_a, &best_b);
    const float best[2] = {(float)best_a, (float)best_b};

    printf("Part 1: fitting y = a*x + b to %d noisy points of y = 2x + 1 (lr = %g)\n",
           POINTS, (double)LINE_LR);
    printf("  %5s  %10s  %10s  %12s  %12s\n", "step", "a", "b", "loss J", "|gradient|");
    float w[2] = {0.0f, 0.0f}, g[2];
    double steps[LINE_STEPS + 1], losses[LINE_STEPS + 1];
    for (int t = 0; t <= LINE_STEPS; t++) {
        line_mse_gradient(x, y, POINTS, w, g);
        steps[t] = t;
        losses[t] = line_mse(x, y, POINTS, w);
        if (t % 10 == 0)
            printf("  %5d  %10.6f  %10.6f  %12.8f  %12.3e\n", t, (double)w[0], (double)w[1],
                   losses[t], l2_norm(g, 2));
        if (t < LINE_STEPS)
            gd_step(w, g, 2, LINE_LR);
    }
    printf("  least squares (closed form): a = %.6f, b = %.6f, J = %.8f\n", best_a, best_b,
           line_mse(x, y, POINTS, best));
    printf("  gradient descent ended at:   a = %.6f, b = %.6f\n\n", (double)w[0], (double)w[1]);

    const struct svg_series series[] = {{"gradient descent, lr = 0.2", steps, losses,
                                         LINE_STEPS + 1}};
    const struct line_chart chart = {
        .title = "Fitting a line: the loss falls to the least-squares value",
        .x_label = "step t", .y_label = "loss J (log scale)", .log_y = 1,
        .series = series, .series_count = 1,
    };
    int status = figure_line_chart(folder, "line-fit-loss.svg", &chart);
    printf("\n");
    return status;
}

/* ---- Part 2: the long narrow valley ----------------------------------------- */

/* One run of gradient descent on the valley, remembered for the figures:
 * the path every step (for short runs), and the loss and gradient norm at
 * the steps chosen by is_recorded(). */
struct valley_run {
    float lr;
    long steps;
    const char *label;
    double *path_x, *path_y; /* steps + 1 points, or NULL for long runs */
    double *at_step, *loss, *grad_norm;
    size_t recorded;
};

/* The steps kept for the curves: every step up to 100, then every 1000th,
 * so a 100 000-step run gives a few hundred points on a log axis. */
static int is_recorded(long t) { return t <= 100 || t % 1000 == 0; }

static double valley_value(double x, double y, const void *context)
{
    (void)context;
    return surface_valley.value(x, y);
}

static int run_valley(struct valley_run *run)
{
    size_t capacity = 200 + (size_t)run->steps / 1000;
    run->at_step = malloc(capacity * sizeof(double));
    run->loss = malloc(capacity * sizeof(double));
    run->grad_norm = malloc(capacity * sizeof(double));
    int keep_path = run->steps <= 1000;
    run->path_x = keep_path ? malloc(((size_t)run->steps + 1) * sizeof(double)) : NULL;
    run->path_y = keep_path ? malloc(((size_t)run->steps + 1) * sizeof(double)) : NULL;
    if (!run->at_step || !run->loss || !run->grad_norm || (keep_path && !(run->path_x && run->path_y)))
        return -1;

    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    run->recorded = 0;
    for (long t = 0; t <= run->steps; t++) {
        double gradient[2];
        surface_valley.gradient(w[0], w[1], gradient);
        float g[2] = {(float)gradient[0], (float)gradient[1]};
        if (keep_path) {
            run->path_x[t] = w[0];
            run->path_y[t] = w[1];
        }
        if (t >= 1 && is_recorded(t)) {
            run->at_step[run->recorded] = (double)t;
            run->loss[run->recorded] = surface_valley.value(w[0], w[1]);
            run->grad_norm[run->recorded] = l2_norm(g, 2);
            run->recorded++;
        }
        if (t < run->steps)
            gd_step(w, g, 2, run->lr);
    }
    double gradient[2];
    surface_valley.gradient(w[0], w[1], gradient);
    float g[2] = {(float)gradient[0], (float)gradient[1]};
    printf("  lr = %-8g %7ld steps: w = (%10.6f, %10.6f)  f = %.6g  |gradient| = %.6g\n",
           (double)run->lr, run->steps, (double)w[0], (double)w[1],
           surface_valley.value(w[0], w[1]), l2_norm(g, 2));
    return 0;
}

static int write_valley_figures(const char *folder, const struct valley_run *runs, size_t count)
{
    struct svg_path paths[8];
    size_t path_count = 0;
    struct svg_series loss[8], grad[8];
    for (size_t i = 0; i < count; i++) {
        if (runs[i].path_x != NULL)
            paths[path_count++] = (struct svg_path){runs[i].label, runs[i].path_x,
                                                    runs[i].path_y, (size_t)runs[i].steps + 1};
        loss[i] = (struct svg_series){runs[i].label, runs[i].at_step, runs[i].loss,
                                      runs[i].recorded};
        grad[i] = (struct svg_series){runs[i].label, runs[i].at_step, runs[i].grad_norm,
                                      runs[i].recorded};
    }

    const struct contour_plot plot = {
        .title = "Gradient descent on the valley f = 0.1 w0^2 + 2 w1^2",
        .f = valley_value,
        .x_min = surface_valley.x_min, .x_max = surface_valley.x_max,
        .y_min = surface_valley.y_min, .y_max = surface_valley.y_max,
        .level_count = 12, .log_levels = 1,
        .paths = paths, .path_count = path_count,
        .marker_x = surface_valley.minimum_x, .marker_y = surface_valley.minimum_y,
        .marker_label = "minimum (0, 0)",
    };
    if (figure_contour_plot(folder, "valley-paths.svg", &plot) != 0)
        return -1;

    const struct line_chart loss_chart = {
        .title = "The valley: loss f against step", .x_label = "step t (log scale)",
        .y_label = "f (log scale)", .log_x = 1, .log_y = 1, .series = loss, .series_count = count,
    };
    if (figure_line_chart(folder, "valley-loss.svg", &loss_chart) != 0)
        return -1;

    const struct line_chart grad_chart = {
        .title = "The valley: gradient norm against step", .x_label = "step t (log scale)",
        .y_label = "|gradient| (log scale)", .log_x = 1, .log_y = 1, .series = grad,
        .series_count = count,
    };
    return figure_line_chart(folder, "valley-gradient-norm.svg", &grad_chart);
}

static int explore_the_valley(const char *folder)
{
    /* 0.5 = 2 / 4 is the stability limit of the steep direction (curvature
     * 4): there 1 - lr*4 = -1 and w1 flips sign forever. 0.4 bounces but
     * settles. 5e-6 is five orders of magnitude smaller: no bouncing, and
     * almost no progress along the flat direction either. */
    struct valley_run runs[] = {
        {.lr = 0.5f, .steps = 100, .label = "lr = 0.5 (the edge: bounces forever)"},
        {.lr = 0.4f, .steps = 100, .label = "lr = 0.4 (bounces, then settles)"},
        {.lr = 5e-6f, .steps = 100000, .label = "lr = 5e-6 (crawls)"},
    };
    const size_t count = sizeof runs / sizeof runs[0];
    printf("Part 2: the long narrow valley f = 0.1 w0^2 + 2 w1^2, from w = (-10, 1)\n");
    int status = 0;
    for (size_t i = 0; i < count && status == 0; i++)
        status = run_valley(&runs[i]);
    if (status != 0)
        fprintf(stderr, "experiment: out of memory\n");
    else
        status = write_valley_figures(folder, runs, count);
    for (size_t i = 0; i < count; i++) {
        free(runs[i].path_x);
        free(runs[i].path_y);
        free(runs[i].at_step);
        free(runs[i].loss);
        free(runs[i].grad_norm);
    }
    return status;
}

/* ---- Part 3: four learning rates on a parabola --------------------------------- */

/* Section "Learning rate: too large, too small": gradient descent on the
 * parabola f(w) = h/2 w^2 with h = 1 (so 1/h = 1 and 2/h = 2), from the same
 * start, with four learning rates. Each step is the closed form
 * w^(t+1) = (1 - lr h) w^(t). The figure lr-regimes.svg draws each run in a
 * panel of its own: the parabola, and the iterates (w^(t), f(w^(t))) joined in
 * order, so an overshoot shows as a jump to the other side. */

enum { REGIMES = 4, REGIME_STEPS = 6 };
static const double PARABOLA_H = 1.0;
static const double REGIME_START = 2.5;

struct regime {
    double lr;
    const char *name;
    double w[REGIME_STEPS + 1];
};

static double parabola(double w) { return 0.5 * PARABOLA_H * w * w; }

/* Panel layout, in pixels. */
#define PANEL_WIDTH 400.0
#define PANEL_HEIGHT 230.0
#define PANEL_GAP_X 40.0
#define PANEL_GAP_Y 70.0
#define PANELS_LEFT 30.0
#define PANELS_TOP 118.0
#define PANEL_COLOUR_COUNT 4

static const char *const REGIME_COLOUR[PANEL_COLOUR_COUNT] = {"#0072B2", "#009E73", "#E69F00",
                                                              "#D55E00"};

struct panel {                  /* maps (w, f) to the pixels of one panel */
    double left, top, w_max, f_max;
};

static double panel_x(const struct panel *p, double w)
{
    return p->left + PANEL_WIDTH * (w + p->w_max) / (2.0 * p->w_max);
}

static double panel_y(const struct panel *p, double f)
{
    return p->top + PANEL_HEIGHT * (1.0 - f / p->f_max);
}

/* A box of text on the canvas, for keeping the step labels clear of the
 * dots and of each other. */
struct box {
    double left, top, right, bottom;
};

static int boxes_overlap(const struct box *a, const struct box *b)
{
    return a->left < b->right && b->left < a->right && a->top < b->bottom && b->top < a->bottom;
}

enum { LABELLED_STEPS = 3 };
#define LABEL_SIZE 12.0
#define LABEL_WIDTH 33.0        /* "t = 0" at LABEL_SIZE, a little generously */
#define DOT_CLEARANCE 6.0       /* half the side of the box kept free around a dot */

/* Labels the first LABELLED_STEPS iterates "t = 0", "t = 1", ... Each label
 * takes the first place of a list of offsets from its dot (beside it on the
 * outer side of the bowl, then further out with a thin leader line back to
 * the dot) whose box stays inside the panel and clear of every dot and
 * every earlier label; an iterate with no such place stays unlabelled. */
static void label_steps(struct diagram *d, const struct panel *p, const double *x,
                        const double *y, size_t shown, const char *colour)
{
    /* Offsets of the label's left end and baseline from a dot right of the
     * minimum; mirrored for a dot left of it. The first NEAR sit level with
     * the dot, the others get a leader line, so that no label is read as
     * belonging to a neighbouring dot. */
    enum { NEAR = 2 };
    static const double offsets[][2] = {
        {9, 4},   {-9 - LABEL_WIDTH, 4}, {8, 18},  {-LABEL_WIDTH / 2, -10},
        {-LABEL_WIDTH / 2, 20},          {24, 18}, {24, 32}, {-24 - LABEL_WIDTH, 18},
        {-6 - LABEL_WIDTH, -16},         {-LABEL_WIDTH / 2, -24}, {40, 4}, {24, -12},
    };
    const double centre = p->left + PANEL_WIDTH / 2;
    struct box taken[LABELLED_STEPS];
    size_t taken_count = 0;
    for (size_t t = 0; t < shown && t < LABELLED_STEPS; t++) {
        for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
            double dx = x[t] >= centre ? offsets[k][0] : -offsets[k][0] - LABEL_WIDTH;
            double baseline = y[t] + offsets[k][1];
            const struct box label = {x[t] + dx, baseline - LABEL_SIZE + 2,
                                      x[t] + dx + LABEL_WIDTH, baseline + 3};
            int clear = label.left > p->left && label.right < p->left + PANEL_WIDTH &&
                        label.top > p->top + 24 && label.bottom < p->top + PANEL_HEIGHT;
            for (size_t i = 0; i < shown && clear; i++) {
                const struct box dot = {x[i] - DOT_CLEARANCE, y[i] - DOT_CLEARANCE,
                                        x[i] + DOT_CLEARANCE, y[i] + DOT_CLEARANCE};
                clear = !boxes_overlap(&label, &dot);
            }
            for (size_t i = 0; i < taken_count && clear; i++)
                clear = !boxes_overlap(&label, &taken[i]);
            if (!clear)
                continue;
            if (k >= NEAR) { /* a leader line from the dot to the label's near edge */
                double end_x = label.left > x[t] ? label.left - 2 : label.right + 2;
                double end_y = fmin(fmax(y[t], label.top), label.bottom);
                diagram_line(d, x[t], y[t], end_x, end_y, colour, 0.6, NULL);
            }
            diagram_textf(d, label.left, baseline, ANCHOR_START, LABEL_SIZE, 0, colour,
                          "t = %zu", t);
            taken[taken_count++] = label;
            break;
        }
    }
}

/* One panel: the parabola in grey, the w axis with integer ticks, the
 * minimum, and the iterates of one run joined in order. */
static void draw_regime(struct diagram *d, const struct panel *p, const struct regime *r,
                        const char *colour)
{
    enum { CURVE_POINTS = 121 };
    double cx[CURVE_POINTS], cy[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
        double w = -p->w_max + 2.0 * p->w_max * i / (CURVE_POINTS - 1);
        cx[i] = panel_x(p, w);
        cy[i] = panel_y(p, parabola(w));
    }
    double factor = 1.0 - r->lr * PARABOLA_H;
    diagram_textf(d, p->left, p->top - 30, ANCHOR_START, 14, 1, colour, "lr = %g: %s", r->lr,
                  r->name);
    diagram_textf(d, p->left, p->top - 12, ANCHOR_START, 12.5, 0, "#333333",
                  "w <- (1 - lr h) w = %g w", factor);
    diagram_rect(d, p->left, p->top, PANEL_WIDTH, PANEL_HEIGHT, NULL, "#bbbbbb", 1);
    double axis_y = panel_y(p, 0.0);
    for (int k = -(int)p->w_max; k <= (int)p->w_max; k++) {
        double x = panel_x(p, k);
        diagram_line(d, x, axis_y, x, axis_y + 5, "#555555", 1, NULL);
        diagram_textf(d, x, axis_y + 18, ANCHOR_MIDDLE, 11.5, 0, "#555555", "%d", k);
    }
    diagram_polyline(d, cx, cy, CURVE_POINTS, "#999999", 1.5, NULL);
    double path_x[REGIME_STEPS + 1], path_y[REGIME_STEPS + 1];
    size_t shown = 0;
    for (size_t t = 0; t <= REGIME_STEPS && fabs(r->w[t]) <= p->w_max; t++) {
        path_x[shown] = panel_x(p, r->w[t]);
        path_y[shown] = panel_y(p, parabola(r->w[t]));
        shown++;
    }
    diagram_polyline(d, path_x, path_y, shown, colour, 1.6, NULL);
    for (size_t t = 0; t < shown; t++)
        diagram_dot(d, path_x[t], path_y[t], t == 0 ? 5.0 : 3.5, colour);
    label_steps(d, p, path_x, path_y, shown, colour);
    diagram_textf(d, p->left + PANEL_WIDTH - 8, p->top + 18, ANCHOR_END, 12, 0, "#333333",
                  "t = %d: w = %.3g", REGIME_STEPS, r->w[REGIME_STEPS]);
}

static int learning_rate_regimes(const char *folder)
{
    struct regime regimes[REGIMES] = {
        {.lr = 0.1, .name = "too small, creeps"},
        {.lr = 0.7, .name = "good, fast and one-sided"},
        {.lr = 1.6, .name = "between 1/h and 2/h: overshoots, converges"},
        {.lr = 2.1, .name = "above 2/h: diverges"},
    };
    printf("Part 3: f(w) = w^2 / 2 (h = 1) from w = %g, %d steps of w <- (1 - lr h) w\n",
           REGIME_START, REGIME_STEPS);
    double w_max = 0.0;
    for (size_t r = 0; r < REGIMES; r++) {
        regimes[r].w[0] = REGIME_START;
        for (int t = 0; t < REGIME_STEPS; t++)
            regimes[r].w[t + 1] = (1.0 - regimes[r].lr * PARABOLA_H) * regimes[r].w[t];
        printf("  lr = %-4g", regimes[r].lr);
        for (int t = 0; t <= REGIME_STEPS; t++) {
            printf(" %7.3f", regimes[r].w[t]);
            w_max = fmax(w_max, fabs(regimes[r].w[t]));
        }
        printf("\n");
    }
    /* Every panel shows the same stretch of the parabola, wide enough for
     * every iterate, rounded up to a whole number. */
    w_max = ceil(w_max * 1.02);
    struct diagram d;
    double width = 2 * PANEL_WIDTH + PANEL_GAP_X + 2 * PANELS_LEFT;
    double height = PANELS_TOP + 2 * PANEL_HEIGHT + PANEL_GAP_Y + 40;
    if (figure_diagram_begin(&d, folder, "lr-regimes.svg", width, height) != 0)
        return -1;
    diagram_text(&d, width / 2, 30, ANCHOR_MIDDLE, 15, 1, "#222222",
                 "Gradient descent on f(w) = w^2 / 2 from w = 2.5: four learning rates");
    diagram_text(&d, width / 2, 52, ANCHOR_MIDDLE, 12.5, 0, "#333333",
                 "the curvature is h = 1; the dots are the iterates w after steps t = 0, 1, "
                 "..., 6, joined in order");
    for (size_t r = 0; r < REGIMES; r++) {
        struct panel panel = {
            PANELS_LEFT + (double)(r % 2) * (PANEL_WIDTH + PANEL_GAP_X),
            PANELS_TOP + (double)(r / 2) * (PANEL_HEIGHT + PANEL_GAP_Y), w_max,
            parabola(w_max) * 1.05,
        };
        draw_regime(&d, &panel, &regimes[r], REGIME_COLOUR[r % PANEL_COLOUR_COUNT]);
    }
    return figure_diagram_end(&d);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (fit_a_line(argv[1]) != 0 || explore_the_valley(argv[1]) != 0)
        return 1;
    printf("\n");
    if (learning_rate_regimes(argv[1]) != 0)
        return 1;
    return 0;
}
