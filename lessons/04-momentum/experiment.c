/* experiment.c -- lesson 04's experiments (given code: read it, run it).
 *
 *   make run LESSON=4                  with your momentum.c
 *
 * Part 1, "The experiment: momentum in the valley": momentum with
 * mu = 0, 0.5, 0.9 and 0.99 at one learning rate on the long narrow valley
 * f = 0.1 w0^2 + 2 w1^2 from (-10, 1): steps to reach f < 1e-6, the
 * overshoot past the minimum, the paths and the loss curves.
 * Part 2, "The averaging window": the weights mu^k that the velocity gives
 * to the gradient of k steps ago, and the window 1/(1 - mu).
 * Part 3, "The intuition: a heavy ball": plain gradient descent's steps on
 * the valley, split into their parts along and across the floor.
 * Part 4, "When the learning rate changes": PyTorch's form against the
 * textbook form v = mu*v - lr*g, w += v, at a constant rate and when the
 * rate halves.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "lessons.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { RUNS = 4, MAX_STEPS = 3000, PLOTTED_STEPS = 1500 };
static const float VALLEY_LR = 0.05f;
static const float MUS[RUNS] = {0.0f, 0.5f, 0.9f, 0.99f};
static const char *const LABELS[RUNS] = {"mu = 0 (plain GD)", "mu = 0.5", "mu = 0.9",
                                         "mu = 0.99"};
static const double TARGET = 1e-6; /* "converged": f below this */

static int report(int status, const struct error *err, const char *path)
{
    if (status != 0)
        fprintf(stderr, "experiment: %s\n", err->message);
    else
        printf("  wrote %s\n", path);
    return status;
}

/* ---- Part 1: the valley ------------------------------------------------------
 * A run that spirals into the minimum can dip below TARGET early, at a moment
 * when both coordinates happen to pass near zero, and rise above it again.
 * So two numbers are printed: the first step with f < TARGET, and the step
 * from which on f stays below it ("for good"). */

/* One run of momentum on the valley, remembered for the figures. */
struct valley_run {
    double path_x[MAX_STEPS + 1], path_y[MAX_STEPS + 1];
    double step[MAX_STEPS], loss[MAX_STEPS];
    long reached;       /* first step with f < TARGET, or -1 */
    long settled;       /* the step from which on f < TARGET for good, or -1 */
    double overshoot;   /* largest w0 > 0: how far the ball ran past the minimum */
    double across;      /* largest -w1 > 0: how far it swung across the floor */
};

static void run_valley(float mu, struct valley_run *run)
{
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float b[2] = {0.0f, 0.0f};
    run->reached = -1;
    long last_above = 0; /* the last step with f >= TARGET */
    run->overshoot = 0.0;
    run->across = 0.0;
    run->path_x[0] = w[0];
    run->path_y[0] = w[1];
    for (long t = 1; t <= MAX_STEPS; t++) {
        double gradient[2];
        surface_valley.gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        momentum_step(w, g, b, 2, VALLEY_LR, mu);
        double f = surface_valley.value(w[0], w[1]);
        run->path_x[t] = w[0];
        run->path_y[t] = w[1];
        run->step[t - 1] = (double)t;
        run->loss[t - 1] = f;
        if (w[0] > run->overshoot)
            run->overshoot = w[0];
        if (-w[1] > run->across)
            run->across = -w[1];
        if (run->reached < 0 && f < TARGET)
            run->reached = t;
        if (f >= TARGET)
            last_above = t;
    }
    run->settled = last_above < MAX_STEPS ? last_above + 1 : -1;
}

static double valley_value(double x, double y, const void *context)
{
    (void)context;
    return surface_valley.value(x, y);
}

static int write_valley_figures(const char *folder, struct valley_run *const runs[RUNS])
{
    char path[1024];
    struct error err;
    struct svg_path paths[RUNS];
    struct svg_series losses[RUNS];
    for (size_t r = 0; r < RUNS; r++) {
        /* Draw each path until it has settled (or PLOTTED_STEPS). */
        long shown = runs[r]->settled > 0 && runs[r]->settled < PLOTTED_STEPS ? runs[r]->settled
                                                                             : PLOTTED_STEPS;
        paths[r] = (struct svg_path){LABELS[r], runs[r]->path_x, runs[r]->path_y,
                                     (size_t)shown + 1};
        /* Each loss curve stops at 1e-12 (or PLOTTED_STEPS), so that the
         * fast runs do not squeeze the slow ones into the top of the chart. */
        size_t drawn = 0;
        while (drawn < PLOTTED_STEPS && runs[r]->loss[drawn] >= 1e-12)
            drawn++;
        losses[r] = (struct svg_series){LABELS[r], runs[r]->step, runs[r]->loss, drawn};
    }
    snprintf(path, sizeof path, "%s/momentum-valley-paths.svg", folder);
    const struct contour_plot plot = {
        .title = "Momentum on the valley f = 0.1 w0^2 + 2 w1^2, lr = 0.05",
        .f = valley_value,
        .x_min = surface_valley.x_min, .x_max = surface_valley.x_max,
        .y_min = surface_valley.y_min, .y_max = surface_valley.y_max,
        .level_count = 12, .log_levels = 1,
        .paths = paths, .path_count = RUNS,
        .marker_x = surface_valley.minimum_x, .marker_y = surface_valley.minimum_y,
        .marker_label = "minimum (0, 0)",
    };
    if (report(svg_write_contour_plot(path, &plot, &err), &err, path) != 0)
        return -1;

    snprintf(path, sizeof path, "%s/momentum-valley-loss.svg", folder);
    const struct line_chart chart = {
        .title = "Momentum on the valley: loss f against step, lr = 0.05",
        .x_label = "step t", .y_label = "f (log scale)", .log_y = 1,
        .series = losses, .series_count = RUNS,
    };
    return report(svg_write_line_chart(path, &chart, &err), &err, path);
}

static int explore_the_valley(const char *folder)
{
    printf("Part 1: momentum on the valley f = 0.1 w0^2 + 2 w1^2 from (-10, 1), lr = %g\n",
           (double)VALLEY_LR);
    printf("  %-18s %9s %9s %19s %22s\n", "", "f < 1e-6:", "for good", "overshoot: max w0",
           "swing across: -min w1");
    struct valley_run *runs[RUNS] = {NULL};
    int status = 0;
    for (size_t r = 0; r < RUNS && status == 0; r++) {
        runs[r] = malloc(sizeof *runs[r]);
        if (runs[r] == NULL) {
            fprintf(stderr, "experiment: out of memory\n");
            status = -1;
            break;
        }
        run_valley(MUS[r], runs[r]);
        printf("  %-18s %9ld %9ld %19.4f %22.4f\n", LABELS[r], runs[r]->reached, runs[r]->settled,
               runs[r]->overshoot, runs[r]->across);
    }
    if (status == 0)
        status = write_valley_figures(folder, runs);
    for (size_t r = 0; r < RUNS; r++)
        free(runs[r]);
    return status;
}

/* Plain GD at lr = 0.5 = 0.05 / (1 - 0.9) moves along the floor as fast as
 * momentum with lr = 0.05 and mu = 0.9 eventually does (section "The
 * averaging window"), but across the valley it sits exactly at the limit
 * 2/4 of lesson 01 and bounces forever. Both runs use your momentum_step. */
static int same_speed_along_the_floor(const char *folder)
{
    enum { STEPS = 150 };
    static double x[2][STEPS + 1], y[2][STEPS + 1];
    const float lrs[2] = {0.5f, 0.05f}, mus[2] = {0.0f, 0.9f};
    const char *const labels[2] = {"plain GD, lr = 0.5", "momentum, lr = 0.05, mu = 0.9"};
    printf("  the same speed along the floor, with and without momentum:\n");
    for (int r = 0; r < 2; r++) {
        float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
        float b[2] = {0.0f, 0.0f};
        x[r][0] = w[0];
        y[r][0] = w[1];
        for (int t = 1; t <= STEPS; t++) {
            double gradient[2];
            surface_valley.gradient(w[0], w[1], gradient);
            const float g[2] = {(float)gradient[0], (float)gradient[1]};
            momentum_step(w, g, b, 2, lrs[r], mus[r]);
            x[r][t] = w[0];
            y[r][t] = w[1];
        }
        printf("  %-30s after %d steps: w = (%9.6f, %9.6f)  f = %.3g\n", labels[r], STEPS,
               (double)w[0], (double)w[1], surface_valley.value(w[0], w[1]));
    }
    /* Both paths in full, as the playground's preset in the lesson text runs them. */
    const struct svg_path paths[2] = {{labels[0], x[0], y[0], STEPS + 1},
                                      {labels[1], x[1], y[1], STEPS + 1}};
    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/momentum-vs-big-step.svg", folder);
    const struct contour_plot plot = {
        .title = "Same speed along the floor: GD (lr 0.5) bounces, momentum settles",
        .f = valley_value,
        .x_min = surface_valley.x_min, .x_max = surface_valley.x_max,
        .y_min = surface_valley.y_min, .y_max = surface_valley.y_max,
        .level_count = 12, .log_levels = 1,
        .paths = paths, .path_count = 2,
        .marker_x = surface_valley.minimum_x, .marker_y = surface_valley.minimum_y,
        .marker_label = "minimum (0, 0)",
    };
    int status = report(svg_write_contour_plot(path, &plot, &err), &err, path);
    printf("\n");
    return status;
}

/* ---- Part 2: the averaging window --------------------------------------------- */

/* b_t = g_t + mu g_(t-1) + mu^2 g_(t-2) + ...: the gradient of k steps ago
 * has weight mu^k. The weights add up to 1/(1 - mu); half of that total sits
 * in the last ln(1/2)/ln(mu) steps. */
static int averaging_window(const char *folder)
{
    enum { K = 200 };
    static double age[K + 1], weight[RUNS][K + 1];
    struct svg_series series[RUNS];
    printf("Part 2: the weight mu^k of the gradient of k steps ago\n");
    printf("  %-6s %18s %12s %14s %14s\n", "mu", "window 1/(1 - mu)", "half-life",
           "mu^10", "mu^100");
    for (size_t r = 0; r < RUNS; r++) {
        double mu = (double)MUS[r];
        for (int k = 0; k <= K; k++) {
            age[k] = k;
            weight[r][k] = k == 0 ? 1.0 : pow(mu, k); /* 0^0 = 1: the current gradient */
        }
        series[r] = (struct svg_series){LABELS[r], age, weight[r], K + 1};
        if (r == 0)
            continue; /* mu = 0: only the current gradient; nothing to print */
        printf("  %-6g %18.1f %12.1f %14.3g %14.3g\n", mu, 1.0 / (1.0 - mu),
               log(0.5) / log(mu), pow(mu, 10), pow(mu, 100));
    }
    char path[1024];
    struct error err;
    snprintf(path, sizeof path, "%s/momentum-window.svg", folder);
    const struct line_chart chart = {
        .title = "Weight mu^k of the gradient of k steps ago in the velocity",
        .x_label = "age k of the gradient (steps)", .y_label = "weight mu^k",
        .series = series, .series_count = RUNS,
    };
    int status = report(svg_write_line_chart(path, &chart, &err), &err, path);
    printf("\n");
    return status;
}

/* ---- Part 4: the three forms and a changing learning rate ------------------------- */

/* Runs PyTorch's form (your momentum_step) and, next to it, the textbook form
 * v = mu*v - lr*g, w += v and the moving-average form m = mu*m + (1-mu)*g,
 * w -= (lr/(1-mu))*m, all in float on the valley, with lr halving from step
 * change_at on (change_at > steps: never). Prints the largest differences. */
static void compare_forms(long steps, long change_at)
{
    const float mu = 0.9f, lr_before = 0.05f, lr_after = 0.025f;
    float w[2] = {-10.0f, 1.0f}, b[2] = {0.0f, 0.0f};
    float tw[2] = {-10.0f, 1.0f}, v[2] = {0.0f, 0.0f};
    float aw[2] = {-10.0f, 1.0f}, m[2] = {0.0f, 0.0f};
    double textbook_gap = 0.0, average_gap = 0.0;
    for (long t = 1; t <= steps; t++) {
        float lr = t < change_at ? lr_before : lr_after;
        double gradient[2];
        surface_valley.gradient(w[0], w[1], gradient);
        const float g[2] = {(float)gradient[0], (float)gradient[1]};
        momentum_step(w, g, b, 2, lr, mu);
        for (int i = 0; i < 2; i++) {
            double h = i == 0 ? 0.2 : 4.0;
            v[i] = mu * v[i] - lr * (float)(h * tw[i]);
            tw[i] += v[i];
            m[i] = mu * m[i] + (1.0f - mu) * (float)(h * aw[i]);
            aw[i] -= lr / (1.0f - mu) * m[i];
            textbook_gap = fmax(textbook_gap, fabs((double)w[i] - tw[i]));
            average_gap = fmax(average_gap, fabs((double)w[i] - aw[i]));
        }
        if (change_at <= steps && (t == change_at - 1 || t == change_at || t == change_at + 10 ||
                                   t == change_at + 40))
            printf("    step %3ld: PyTorch w0 = %9.5f   textbook w0 = %9.5f   gap %+8.5f\n", t,
                   (double)w[0], (double)tw[0], (double)w[0] - tw[0]);
    }
    printf("    largest |difference| over %ld steps: textbook %.3g, moving average %.3g\n",
           steps, textbook_gap, average_gap);
}

static void the_three_forms(void)
{
    printf("Part 4: three ways to write momentum (mu = 0.9) on the valley\n");
    printf("  lr = 0.05 throughout:\n");
    compare_forms(300, 301);
    printf("  lr = 0.05, halved to 0.025 from step 21 on:\n");
    compare_forms(300, 21);
}

/* ---- Part 3: the gradient split along and across the valley ------------------------ */

/* Section "The intuition: a heavy ball": plain gradient descent on the valley
 * f = 0.1 w0^2 + 2 w1^2 at lr = 0.4 from (-10, 1), a rate at which it bounces
 * from wall to wall. At the first SPLIT_STEPS points, the step -lr grad f is
 * drawn as an arrow and split into its part along the valley floor (the w0
 * direction, -lr 0.2 w0) and across it (the w1 direction, -lr 4 w1): the
 * across part is large and flips sign from one step to the next, the along
 * part small and always forward. An average over steps keeps the second and
 * cancels the first. Written as ravine-split.svg. */
enum { SPLIT_PATH_STEPS = 12, SPLIT_STEPS = 2 };
static const float SPLIT_LR = 0.4f;

static int ravine_split(const char *folder)
{
    static double x[SPLIT_PATH_STEPS + 1], y[SPLIT_PATH_STEPS + 1];
    static char labels[SPLIT_STEPS][3][48];
    struct svg_arrow arrows[3 * SPLIT_STEPS];
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float b[2] = {0.0f, 0.0f};
    printf("Part 3: plain GD's steps (lr = %g) on the valley, split along and across the "
           "floor\n", (double)SPLIT_LR);
    printf("  %4s %10s %10s %12s %12s\n", "step", "w0", "w1", "along (w0)", "across (w1)");
    for (int t = 0; t <= SPLIT_PATH_STEPS; t++) {
        x[t] = w[0];
        y[t] = w[1];
        double gradient[2];
        surface_valley.gradient(w[0], w[1], gradient);
        double along = -(double)SPLIT_LR * gradient[0], across = -(double)SPLIT_LR * gradient[1];
        if (t < 6)
            printf("  %4d %10.4f %10.4f %+12.4f %+12.4f\n", t, x[t], y[t], along, across);
        if (t < SPLIT_STEPS) {
            /* The step from (x, y), then its two parts head to tail: along
             * the floor first, then across it to the same end point. The
             * labels go outside the right triangle the three arrows make. */
            int up = across > 0.0;
            snprintf(labels[t][0], sizeof labels[t][0], "step %d", t);
            snprintf(labels[t][1], sizeof labels[t][1], "%+.2f", along);
            snprintf(labels[t][2], sizeof labels[t][2], "%+.2f", across);
            arrows[3 * t] = (struct svg_arrow){
                .label = labels[t][0], .x0 = x[t], .y0 = y[t], .x1 = x[t] + along,
                .y1 = y[t] + across, .colour = "black", .label_side = up ? 0 : 1,
                .label_at = up ? 0.9 : 0.5};
            arrows[3 * t + 1] = (struct svg_arrow){
                .label = labels[t][1], .x0 = x[t], .y0 = y[t], .x1 = x[t] + along, .y1 = y[t],
                .colour = "#0072B2", .dashed = 1, .label_side = up ? 1 : 0};
            arrows[3 * t + 2] = (struct svg_arrow){
                .label = labels[t][2], .x0 = x[t] + along, .y0 = y[t], .x1 = x[t] + along,
                .y1 = y[t] + across, .colour = "#D55E00", .dashed = 1,
                .label_side = up ? 1 : 0, .label_at = 0.28};
        }
        if (t < SPLIT_PATH_STEPS) {
            const float g[2] = {(float)gradient[0], (float)gradient[1]};
            momentum_step(w, g, b, 2, SPLIT_LR, 0.0f); /* mu = 0: plain gradient descent */
        }
    }
    const struct svg_path path = {"gradient descent, lr = 0.4: steps -lr grad f", x, y,
                                  SPLIT_PATH_STEPS + 1};
    char file[1024];
    struct error err;
    snprintf(file, sizeof file, "%s/ravine-split.svg", folder);
    const struct contour_plot plot = {
        .title = "Steps (black) split along the floor (blue) and across it (orange)",
        .f = valley_value,
        .x_min = x[0] - 0.6, .x_max = x[SPLIT_PATH_STEPS / 2] + 0.6, .y_min = -1.3, .y_max = 1.3,
        .equal_scale = 1,
        .level_count = 12, .log_levels = 1,
        .paths = &path, .path_count = 1,
        .marker_x = NAN, .marker_y = NAN,
        .arrows = arrows, .arrow_count = 3 * SPLIT_STEPS,
    };
    int status = report(svg_write_contour_plot(file, &plot, &err), &err, file);
    printf("\n");
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (explore_the_valley(argv[1]) != 0 || same_speed_along_the_floor(argv[1]) != 0 ||
        averaging_window(argv[1]) != 0 || ravine_split(argv[1]) != 0)
        return 1;
    the_three_forms();
    return 0;
}
