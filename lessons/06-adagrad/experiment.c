/* experiment.c -- lesson 06's experiments (given code: read it, run it).
 *
 *   make run LESSON=6                  with your adagrad.c
 *
 * Part 1, "The experiment: the long narrow valley": AdaGrad against plain
 * gradient descent on f = 0.1 w0^2 + 2 w1^2 from (-10, 1), and a sweep of
 * learning rates for both.
 * Part 2, "The experiment: does AdaGrad erupt?": the effective rate of each
 * coordinate over time, and the same run with the "root mean square" form
 * that some lectures call AdaGrad (written here, in this file), which does
 * erupt sideways.
 * Part 3, "The experiment: a rare feature": logistic regression on 1000
 * e-mails where a word that appears in 10 of them decides the label;
 * gradient descent against AdaGrad.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const float EPS = 1e-10f; /* PyTorch's default for Adagrad */

static double valley_value(double x, double y, const void *context)
{
    (void)context;
    return surface_valley.value(x, y);
}

/* The valley's gradient at w, rounded to float as the trainer does. */
static void valley_gradient(const float w[2], float g[2])
{
    double gradient[2];
    surface_valley.gradient(w[0], w[1], gradient);
    g[0] = (float)gradient[0];
    g[1] = (float)gradient[1];
}

/* ---- Part 1: the long narrow valley ----------------------------------------- */

enum { VALLEY_STEPS = 200 };

/* One run on the valley from (-10, 1). method 0 is gradient descent
 * (w -= lr g, written here), method 1 is your adagrad_step. Records the path
 * and f after every step when the arrays are not NULL; returns the final f. */
static double valley_run(int method, float lr, long steps, double *path_x, double *path_y,
                         double *loss)
{
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float s[2] = {0.0f, 0.0f}, g[2];
    for (long t = 0; t <= steps; t++) {
        if (path_x != NULL) {
            path_x[t] = w[0];
            path_y[t] = w[1];
            loss[t] = surface_valley.value(w[0], w[1]);
        }
        if (t == steps)
            break;
        valley_gradient(w, g);
        if (method == 0) {
            w[0] -= lr * g[0];
            w[1] -= lr * g[1];
        } else {
            adagrad_step(w, g, s, 2, lr, EPS);
        }
    }
    return surface_valley.value(w[0], w[1]);
}

static int explore_the_valley(const char *folder)
{
    printf("Part 1: the long narrow valley f = 0.1 w0^2 + 2 w1^2, from w = (-10, 1)\n");
    static double gd_x[VALLEY_STEPS + 1], gd_y[VALLEY_STEPS + 1], gd_f[VALLEY_STEPS + 1];
    static double ada_x[VALLEY_STEPS + 1], ada_y[VALLEY_STEPS + 1], ada_f[VALLEY_STEPS + 1];
    static double gd2_x[VALLEY_STEPS + 1], gd2_y[VALLEY_STEPS + 1], gd2_f[VALLEY_STEPS + 1];
    static double ada3_x[VALLEY_STEPS + 1], ada3_y[VALLEY_STEPS + 1], ada3_f[VALLEY_STEPS + 1];
    valley_run(0, 0.4f, VALLEY_STEPS, gd_x, gd_y, gd_f);
    valley_run(0, 0.05f, VALLEY_STEPS, gd2_x, gd2_y, gd2_f);
    valley_run(1, 1.0f, VALLEY_STEPS, ada_x, ada_y, ada_f);
    valley_run(1, 3.0f, VALLEY_STEPS, ada3_x, ada3_y, ada3_f);
    printf("  %-28s %12s %12s %12s %12s\n", "", "step 1", "step 10", "step 100", "step 200");
    const char *names[4] = {"gradient descent, lr = 0.4", "gradient descent, lr = 0.05",
                            "AdaGrad, lr = 1", "AdaGrad, lr = 3"};
    const double *xs[4] = {gd_x, gd2_x, ada_x, ada3_x}, *ys[4] = {gd_y, gd2_y, ada_y, ada3_y};
    const double *fs[4] = {gd_f, gd2_f, ada_f, ada3_f};
    for (int r = 0; r < 4; r++) {
        printf("  %-28s", names[r]);
        const int at[4] = {1, 10, 100, 200};
        for (int k = 0; k < 4; k++)
            printf(" %12.4g", fs[r][at[k]]);
        printf("   (f)\n");
        printf("  %-28s", "");
        for (int k = 0; k < 4; k++)
            printf(" (%5.2f,%5.2f)", xs[r][at[k]], ys[r][at[k]]);
        printf("   (w)\n");
    }

    /* The sweep: the same learning rates for both methods, f after 200 steps. */
    printf("\n  f after %d steps, for a range of learning rates:\n", VALLEY_STEPS);
    printf("  %8s  %18s  %18s\n", "lr", "gradient descent", "AdaGrad");
    const float rates[] = {0.01f, 0.05f, 0.2f, 0.4f, 0.6f, 1.0f, 3.0f, 10.0f};
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        double gd = valley_run(0, rates[k], VALLEY_STEPS, NULL, NULL, NULL);
        double ada = valley_run(1, rates[k], VALLEY_STEPS, NULL, NULL, NULL);
        printf("  %8g  ", (double)rates[k]);
        if (isfinite(gd) && gd < 1e30)
            printf("%18.4g  %18.4g\n", gd, ada);
        else
            printf("%18s  %18.4g\n", "diverged", ada);
    }

    const struct svg_path paths[] = {
        {"gradient descent, lr = 0.4", gd_x, gd_y, 41},
        {"AdaGrad, lr = 1", ada_x, ada_y, 41},
        {"AdaGrad, lr = 3", ada3_x, ada3_y, 41},
    };
    const struct contour_plot plot = {
        .title = "The valley, first 40 steps of each run",
        .f = valley_value,
        .x_min = surface_valley.x_min, .x_max = surface_valley.x_max,
        .y_min = surface_valley.y_min, .y_max = surface_valley.y_max,
        .level_count = 12, .log_levels = 1, .paths = paths, .path_count = 3,
        .marker_x = 0.0, .marker_y = 0.0, .marker_label = "minimum (0, 0)",
    };
    const struct svg_series loss[] = {
        {"gradient descent, lr = 0.4", NULL, gd_f, VALLEY_STEPS + 1},
        {"gradient descent, lr = 0.05", NULL, gd2_f, VALLEY_STEPS + 1},
        {"AdaGrad, lr = 1", NULL, ada_f, VALLEY_STEPS + 1},
        {"AdaGrad, lr = 3", NULL, ada3_f, VALLEY_STEPS + 1},
    };
    const struct line_chart chart = {
        .title = "The valley: f against step", .x_label = "step t",
        .y_label = "f (log scale)", .log_y = 1, .series = loss, .series_count = 4,
    };
    if (figure_contour_plot(folder, "valley-paths.svg", &plot) != 0 ||
        figure_line_chart(folder, "valley-loss.svg", &chart) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 2: does AdaGrad erupt? ----------------------------------------------- */

enum { ERUPTION_STEPS = 2000 };

/* The "root mean square" form that some lecture notes call AdaGrad:
 *   s <- s + g^2,   w <- w - lr * g / (sqrt(s / t) + eps),
 * that is, AdaGrad with the learning rate lr * sqrt(t), which grows. It is
 * not PyTorch's Adagrad; it is here to show where the eruption comes from. */
static void root_mean_square_step(float *w, const float *g, float *s, size_t n, float lr,
                                  float eps, long t)
{
    for (size_t i = 0; i < n; i++) {
        s[i] += g[i] * g[i];
        w[i] -= lr * g[i] / (sqrtf(s[i] / (float)t) + eps);
    }
}

/* A run of 2000 steps of lr = 0.5 with either form; records w and the
 * effective rate of each coordinate (the number that multiplies g). */
static void eruption_run(int root_mean, double *x, double *y, double *rate_x, double *rate_y)
{
    const float lr = 0.5f;
    float w[2] = {(float)surface_valley.start_x, (float)surface_valley.start_y};
    float s[2] = {0.0f, 0.0f}, g[2];
    for (long t = 1; t <= ERUPTION_STEPS; t++) {
        valley_gradient(w, g);
        if (root_mean)
            root_mean_square_step(w, g, s, 2, lr, EPS, t);
        else
            adagrad_step(w, g, s, 2, lr, EPS);
        x[t - 1] = w[0];
        y[t - 1] = w[1];
        double scale = root_mean ? sqrt((double)t) : 1.0;
        rate_x[t - 1] = lr * scale / (sqrt((double)s[0]) + EPS);
        rate_y[t - 1] = lr * scale / (sqrt((double)s[1]) + EPS);
    }
}

/* The root-mean form's first eruption: the step at which the effective
 * rate of w1 first exceeds the stability limit 0.5 (then |w1| grows by
 * |1 - 4 rate| > 1 per step), and the largest |w1| from there until the
 * rate has fallen back below 0.5 (from then on |w1| shrinks again).
 * rate_y and y hold steps 1, 2, ... at indices 0, 1, ... */
static void print_first_eruption(const double *rate_y, const double *y)
{
    long k = 0;
    while (k < ERUPTION_STEPS && rate_y[k] <= 0.5)
        k++;
    if (k == ERUPTION_STEPS) {
        printf("  root-mean-square form: the rate of w1 never passes 0.5\n");
        return;
    }
    const long passes_at = k + 1;
    double height = 0.0;
    long height_at = 0;
    for (; k < ERUPTION_STEPS; k++) {
        if (fabs(y[k]) > height) {
            height = fabs(y[k]);
            height_at = k + 1;
        }
        if (rate_y[k] < 0.5)
            break;
    }
    printf("  root-mean-square form: rate of w1 first above 0.5 at step %ld\n", passes_at);
    printf("  root-mean-square form: first eruption peaks at |w1| = %.3f, at step %ld\n",
           height, height_at);
}

static int look_for_the_eruption(const char *folder)
{
    printf("Part 2: does AdaGrad erupt? The valley again, lr = 0.5, %d steps\n",
           ERUPTION_STEPS);
    static double ax[ERUPTION_STEPS], ay[ERUPTION_STEPS], arx[ERUPTION_STEPS],
        ary[ERUPTION_STEPS];
    static double mx[ERUPTION_STEPS], my[ERUPTION_STEPS], mrx[ERUPTION_STEPS],
        mry[ERUPTION_STEPS];
    static double steps[ERUPTION_STEPS], abs_ay[ERUPTION_STEPS], abs_my[ERUPTION_STEPS];
    static double limit[ERUPTION_STEPS], limit_w0[ERUPTION_STEPS];
    eruption_run(0, ax, ay, arx, ary);
    eruption_run(1, mx, my, mrx, mry);
    for (size_t k = 0; k < ERUPTION_STEPS; k++) {
        steps[k] = (double)(k + 1);
        abs_ay[k] = fabs(ay[k]);
        abs_my[k] = fabs(my[k]);
        limit[k] = 0.5;     /* 2 / h1 with h1 = 4: above it, w1 is unstable */
        limit_w0[k] = 10.0; /* 2 / h0 with h0 = 0.2 */
    }
    printf("  %6s  %-34s  %-34s\n", "", "AdaGrad (PyTorch's form)", "root-mean-square form");
    printf("  %6s  %10s %10s %12s  %10s %10s %12s\n", "step", "rate w0", "rate w1", "w1",
           "rate w0", "rate w1", "w1");
    const int at[] = {1, 10, 20, 50, 60, 100, 200, 300, 400, 500, 1000, 2000};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        int i = at[k] - 1;
        printf("  %6d  %10.4f %10.4f %12.3e  %10.4f %10.4f %12.3e\n", at[k], arx[i], ary[i],
               ay[i], mrx[i], mry[i], my[i]);
    }
    print_first_eruption(mry, my);
    double largest = 0.0;
    long largest_at = 0;
    for (long k = 100; k < ERUPTION_STEPS; k++)
        if (fabs(my[k]) > largest) {
            largest = fabs(my[k]);
            largest_at = k + 1;
        }
    printf("  root-mean-square form: largest |w1| after step 100 is %.3f, at step %ld\n",
           largest, largest_at);
    largest = 0.0;
    for (long k = 100; k < ERUPTION_STEPS; k++)
        largest = fmax(largest, fabs(ay[k]));
    printf("  AdaGrad:               largest |w1| after step 100 is %.3g\n", largest);

    const struct svg_series rates[] = {
        {"AdaGrad: rate of w0", steps, arx, ERUPTION_STEPS},
        {"AdaGrad: rate of w1", steps, ary, ERUPTION_STEPS},
        {"root-mean form: rate of w1", steps, mry, ERUPTION_STEPS},
        {"stability limit of w1, 2/4 = 0.5", steps, limit, ERUPTION_STEPS},
        {"stability limit of w0, 2/0.2 = 10", steps, limit_w0, ERUPTION_STEPS},
    };
    const struct line_chart rate_chart = {
        .title = "Effective rate lr / (sqrt(s) + eps) per coordinate",
        .x_label = "step t (log scale)", .y_label = "effective rate (log scale)",
        .log_x = 1, .log_y = 1, .series = rates, .series_count = 5,
    };
    const struct svg_series heights[] = {
        {"AdaGrad |w1|", steps, abs_ay, ERUPTION_STEPS},
        {"root-mean form |w1|", steps, abs_my, ERUPTION_STEPS},
    };
    const struct line_chart height_chart = {
        .title = "Distance from the valley floor, |w1|",
        .x_label = "step t", .y_label = "|w1| (log scale)", .log_y = 1,
        .series = heights, .series_count = 2,
    };
    const struct svg_path paths[] = {
        {"AdaGrad, lr = 0.5", ax, ay, ERUPTION_STEPS},
        {"root-mean-square form, lr = 0.5", mx, my, ERUPTION_STEPS},
    };
    const struct contour_plot plot = {
        .title = "The valley near its minimum: only the root-mean form erupts",
        .f = valley_value, .x_min = -3.0, .x_max = 1.0, .y_min = -1.5, .y_max = 1.5,
        .level_count = 12, .log_levels = 1, .paths = paths, .path_count = 2,
        .marker_x = 0.0, .marker_y = 0.0, .marker_label = "minimum (0, 0)",
    };
    if (figure_line_chart(folder, "effective-rates.svg", &rate_chart) != 0 ||
        figure_line_chart(folder, "eruption-height.svg", &height_chart) != 0 ||
        figure_contour_plot(folder, "eruption-paths.svg", &plot) != 0)
        return -1;
    printf("\n");
    return 0;
}

/* ---- Part 3: a rare feature ---------------------------------------------------------- */

/* 1000 e-mails, p(spam) = sigmoid(w0 + w1 x), x = 1 when the e-mail contains
 * a rare word (say, the name of your team's project). 10 e-mails contain it,
 * only 1 of them spam; 297 of the other 990 are spam. The mean cross-entropy
 * is minimal where sigmoid(w0) = 0.3 and sigmoid(w0 + w1) = 0.1:
 * w0 = log(3/7), w1 = log(1/9) - log(3/7) = log(7/27). */
enum { EMAILS = 1000, WITH_WORD = 10, SPAM_WITH_WORD = 1, SPAM_WITHOUT_WORD = 297 };
/* The table and the figure show the first SPAM_STEPS steps; the runs go on
 * to SPAM_RUN_STEPS so that the steps to within 1% are counted exactly even
 * where gradient descent needs more than SPAM_STEPS. */
enum { SPAM_STEPS = 400, SPAM_RUN_STEPS = 2000 };

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

/* The gradient of the mean cross-entropy, (p - y) summed by kind of e-mail:
 * every e-mail contributes to dJ/dw0, only the 10 with the word to dJ/dw1. */
static void spam_gradient(const float w[2], float g[2])
{
    double with_word = WITH_WORD * sigmoid((double)w[0] + w[1]) - SPAM_WITH_WORD;
    double without_word =
        (EMAILS - WITH_WORD) * sigmoid((double)w[0]) - SPAM_WITHOUT_WORD;
    g[0] = (float)((with_word + without_word) / EMAILS);
    g[1] = (float)(with_word / EMAILS);
}

static void spam_run(int method, float lr, double *w0, double *w1)
{
    float w[2] = {0.0f, 0.0f}, s[2] = {0.0f, 0.0f}, g[2];
    for (long t = 0; t <= SPAM_RUN_STEPS; t++) {
        w0[t] = w[0];
        w1[t] = w[1];
        if (t == SPAM_RUN_STEPS)
            break;
        spam_gradient(w, g);
        if (method == 0) {
            w[0] -= lr * g[0];
            w[1] -= lr * g[1];
        } else {
            adagrad_step(w, g, s, 2, lr, EPS);
        }
    }
}

/* The first step after which w stays within 1% of target, or -1. */
static long settled_at(const double *w, double target)
{
    long last_outside = -1;
    for (long t = 0; t <= SPAM_RUN_STEPS; t++)
        if (fabs(w[t] - target) > 0.01 * fabs(target))
            last_outside = t;
    return last_outside == SPAM_RUN_STEPS ? -1 : last_outside + 1;
}

static void print_steps(long steps)
{
    if (steps < 0)
        printf("  >%d", SPAM_RUN_STEPS);
    else
        printf(" %5ld", steps);
}

static void print_spam_row(const char *name, const double *w0, const double *w1,
                           double best_w0, double best_w1)
{
    printf("  %-30s %8.4f %8.4f %8.4f %8.4f  ", name, w1[10], w1[50], w1[100], w1[SPAM_STEPS]);
    print_steps(settled_at(w0, best_w0));
    print_steps(settled_at(w1, best_w1));
    printf("\n");
}

static int learn_the_rare_word(const char *folder)
{
    printf("Part 3: a rare feature. %d e-mails, the word is in %d of them (%d spam)\n", EMAILS,
           WITH_WORD, SPAM_WITH_WORD);
    const double best_w0 = log(3.0 / 7.0), best_w1 = log(7.0 / 27.0);
    printf("  minimum: w0 = log(3/7) = %.4f (common), w1 = log(7/27) = %.4f (rare word)\n",
           best_w0, best_w1);
    static double gd_w0[SPAM_RUN_STEPS + 1], gd_w1[SPAM_RUN_STEPS + 1];
    static double ada_w0[SPAM_RUN_STEPS + 1], ada_w1[SPAM_RUN_STEPS + 1];
    static double best[SPAM_STEPS + 1];
    const float gd_lr = 8.0f, ada_lr = 0.5f;
    spam_run(0, gd_lr, gd_w0, gd_w1);
    spam_run(1, ada_lr, ada_w0, ada_w1);
    for (int t = 0; t <= SPAM_STEPS; t++)
        best[t] = best_w1;
    printf("  %-30s %8s %8s %8s %8s   steps to within 1%%: w0, w1\n", "", "t = 10", "t = 50",
           "t = 100", "t = 400");
    print_spam_row("gradient descent, lr = 8: w1", gd_w0, gd_w1, best_w0, best_w1);
    print_spam_row("AdaGrad, lr = 0.5: w1", ada_w0, ada_w1, best_w0, best_w1);
    float g0[2];
    const float origin[2] = {0.0f, 0.0f};
    spam_gradient(origin, g0);
    printf("  gradient at w = (0, 0): dJ/dw0 = %.4f, dJ/dw1 = %.4f\n", (double)g0[0],
           (double)g0[1]);

    const struct svg_series weights[] = {
        {"GD lr = 8: w1 (rare word)", NULL, gd_w1, SPAM_STEPS + 1},
        {"AdaGrad lr = 0.5: w1 (rare word)", NULL, ada_w1, SPAM_STEPS + 1},
        {"GD lr = 8: w0 (common)", NULL, gd_w0, SPAM_STEPS + 1},
        {"AdaGrad lr = 0.5: w0 (common)", NULL, ada_w0, SPAM_STEPS + 1},
        {"best w1 = log(7/27)", NULL, best, SPAM_STEPS + 1},
    };
    const struct line_chart chart = {
        .title = "Learning the weight of a rare word", .x_label = "step t",
        .y_label = "weight", .series = weights, .series_count = 5,
    };
    if (figure_line_chart(folder, "rare-feature.svg", &chart) != 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (explore_the_valley(argv[1]) != 0 || look_for_the_eruption(argv[1]) != 0 ||
        learn_the_rare_word(argv[1]) != 0)
        return 1;
    return 0;
}
