/* experiment.c -- lesson 11's experiment (given code: read it, run it).
 *
 *   make run LESSON=11                  with your weight_decay.c
 *
 * An over-parameterised linear regression: 40 features, 30 training
 * examples, so many weight vectors fit the training set exactly and the
 * regulariser decides which one we get. The features have very different
 * scales (standard deviations from 0.1 to 10), so their gradients, and
 * Adam's v, differ by orders of magnitude: exactly where L2 inside Adam
 * and decoupled decay part.
 *
 * Part 1, "The problem": the decay each weight receives per step, L2
 * against AdamW, as a function of its feature's scale.
 * Part 2, "The experiment": full-batch Adam with L2 and AdamW at several
 * weight decays for 5000 steps; training and test error, the size of the
 * weights, and the ridge solution (the exact minimiser of the L2-penalised
 * loss) for comparison.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "rng.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { FEATURES = 40, TRAIN = 30, TEST = 2000, STEPS = 5000 };

static const float LR = 0.01f, BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;
static const float DECAYS[] = {0.01f, 0.1f, 1.0f};
enum { DECAY_COUNT = sizeof DECAYS / sizeof DECAYS[0] };

/* ---- The data --------------------------------------------------------------- */

struct dataset {
    double scale[FEATURES];          /* the standard deviation of each feature */
    double true_w[FEATURES];         /* the weights that generated y */
    float x_train[TRAIN][FEATURES], y_train[TRAIN];
    float x_test[TEST][FEATURES], y_test[TEST];
};

/* Feature j has standard deviation 10^(-1 + 2j/39): from 0.1 to 10. The true
 * weight is N(0, 1) / scale, so every feature contributes about equally to
 * y; y gets noise of standard deviation 0.5. */
static void make_data(struct dataset *d)
{
    struct rng rng;
    rng_seed(&rng, 11, 0);
    for (int j = 0; j < FEATURES; j++) {
        d->scale[j] = pow(10.0, -1.0 + 2.0 * j / (FEATURES - 1));
        d->true_w[j] = rng_normal(&rng) / d->scale[j];
    }
    for (int k = 0; k < TRAIN + TEST; k++) {
        float *x = k < TRAIN ? d->x_train[k] : d->x_test[k - TRAIN];
        double y = 0.5 * rng_normal(&rng);
        for (int j = 0; j < FEATURES; j++) {
            x[j] = (float)(d->scale[j] * rng_normal(&rng));
            y += x[j] * d->true_w[j];
        }
        if (k < TRAIN)
            d->y_train[k] = (float)y;
        else
            d->y_test[k - TRAIN] = (float)y;
    }
}

/* Mean squared error of w on count examples (x holds count rows of
 * FEATURES numbers), in double. */
static double mse(const float *w, const float *x, const float *y, int count)
{
    double sum = 0.0;
    for (int k = 0; k < count; k++) {
        double r = -(double)y[k];
        for (int j = 0; j < FEATURES; j++)
            r += (double)x[(size_t)k * FEATURES + j] * w[j];
        sum += r * r;
    }
    return sum / count;
}

/* The gradient of the training MSE: g = (2/n) X^T (X w - y). */
static void gradient(const struct dataset *d, const float *w, float *g)
{
    double sum[FEATURES] = {0};
    for (int k = 0; k < TRAIN; k++) {
        double r = -(double)d->y_train[k];
        for (int j = 0; j < FEATURES; j++)
            r += (double)d->x_train[k][j] * w[j];
        for (int j = 0; j < FEATURES; j++)
            sum[j] += r * d->x_train[k][j];
    }
    for (int j = 0; j < FEATURES; j++)
        g[j] = (float)(2.0 * sum[j] / TRAIN);
}

static double norm(const float *w)
{
    double sum = 0.0;
    for (int j = 0; j < FEATURES; j++)
        sum += (double)w[j] * w[j];
    return sqrt(sum);
}

static double largest(const float *w)
{
    double big = 0.0;
    for (int j = 0; j < FEATURES; j++)
        big = fmax(big, fabs((double)w[j]));
    return big;
}

/* The ridge solution: the minimiser of MSE + (wd/2)|w|^2, from
 * ((2/n) X^T X + wd I) w = (2/n) X^T y, by Gaussian elimination with
 * partial pivoting, in double. */
static void ridge(const struct dataset *d, double wd, float *w)
{
    static double a[FEATURES][FEATURES + 1];
    for (int i = 0; i < FEATURES; i++) {
        for (int j = 0; j <= FEATURES; j++) {
            double sum = 0.0;
            for (int k = 0; k < TRAIN; k++)
                sum += (double)d->x_train[k][i] *
                       (j < FEATURES ? (double)d->x_train[k][j] : (double)d->y_train[k]);
            a[i][j] = 2.0 * sum / TRAIN + (i == j ? wd : 0.0);
        }
    }
    for (int col = 0; col < FEATURES; col++) {
        int pivot = col;
        for (int r = col + 1; r < FEATURES; r++)
            if (fabs(a[r][col]) > fabs(a[pivot][col]))
                pivot = r;
        for (int j = 0; j <= FEATURES; j++) {
            const double swap = a[col][j];
            a[col][j] = a[pivot][j];
            a[pivot][j] = swap;
        }
        for (int r = col + 1; r < FEATURES; r++) {
            const double factor = a[r][col] / a[col][col];
            for (int j = col; j <= FEATURES; j++)
                a[r][j] -= factor * a[col][j];
        }
    }
    double solution[FEATURES];
    for (int i = FEATURES - 1; i >= 0; i--) {
        double sum = a[i][FEATURES];
        for (int j = i + 1; j < FEATURES; j++)
            sum -= a[i][j] * solution[j];
        solution[i] = sum / a[i][i];
    }
    for (int i = 0; i < FEATURES; i++)
        w[i] = (float)solution[i];
}

/* ---- The runs ------------------------------------------------------------------ */

enum method { ADAM_L2, ADAMW };
static const char *const method_name[2] = {"Adam + L2", "AdamW"};

struct run {
    float w[FEATURES], m[FEATURES], v[FEATURES];
    double norm_curve[STEPS], test_curve[STEPS];
    double test_at_300;
    float v_early[FEATURES]; /* v after EARLY steps */
};

enum { EARLY = 100 };

static void train(const struct dataset *d, enum method method, float wd, struct run *run)
{
    float g[FEATURES];
    memset(run->w, 0, sizeof run->w);
    memset(run->m, 0, sizeof run->m);
    memset(run->v, 0, sizeof run->v);
    for (long t = 1; t <= STEPS; t++) {
        gradient(d, run->w, g);
        if (method == ADAM_L2)
            adam_l2_step(run->w, g, run->m, run->v, FEATURES, LR, BETA1, BETA2, EPS, wd, t);
        else
            adamw_step(run->w, g, run->m, run->v, FEATURES, LR, BETA1, BETA2, EPS, wd, t);
        run->norm_curve[t - 1] = norm(run->w);
        run->test_curve[t - 1] = mse(run->w, &d->x_test[0][0], d->y_test, TEST);
        if (t == 300)
            run->test_at_300 = run->test_curve[t - 1];
        if (t == EARLY)
            memcpy(run->v_early, run->v, sizeof run->v_early);
    }
}

/* ---- Part 1: the decay each weight receives ------------------------------------------ */

/* In a run with L2, the L2 term wd * w[j] reaches w[j] divided by
 * sqrt(v_hat[j]) + eps: a relative decay per step of about
 * lr * wd / (sqrt(v_hat[j]) + eps), shown here with v as it is after EARLY
 * steps, while the weights are still far from their final values (near
 * the end the gradients vanish and the ratio means little). AdamW's
 * relative decay is lr * wd for every weight. */
static int decay_per_step(const char *folder, const struct dataset *d, const struct run *l2,
                          float wd)
{
    static double l2_rate[FEATURES], w_rate[FEATURES];
    const double correction2 = 1.0 - pow(BETA2, (double)EARLY);
    printf("Part 1: relative decay per step at step %d, wd = %g, lr = %g\n", EARLY,
           (double)wd, (double)LR);
    printf("  %10s  %12s  %14s  %14s\n", "scale", "sqrt(v_hat)", "L2: lr wd/..", "AdamW: lr wd");
    for (int j = 0; j < FEATURES; j++) {
        const double root = sqrt(l2->v_early[j] / correction2);
        l2_rate[j] = LR * wd / (root + EPS);
        w_rate[j] = LR * wd;
        if (j % 13 == 0)
            printf("  %10.3g  %12.4g  %14.4g  %14.4g\n", d->scale[j], root, l2_rate[j],
                   w_rate[j]);
    }
    printf("  the L2 decay of the smallest-scale weight is %.0f times that of the largest\n",
           l2_rate[0] / l2_rate[FEATURES - 1]);
    /* The printed rows are every 13th weight; the figure shows all of them,
     * and v_hat depends on each weight's own gradients, not only its scale. */
    double lowest = l2_rate[0], highest = l2_rate[0];
    for (int j = 1; j < FEATURES; j++) {
        lowest = fmin(lowest, l2_rate[j]);
        highest = fmax(highest, l2_rate[j]);
    }
    printf("  over all %d weights it ranges from %.3g to %.3g, a factor of %.0f\n", FEATURES,
           lowest, highest, highest / lowest);
    const struct svg_series series[] = {
        {"Adam + L2: lr wd / (sqrt(v_hat) + eps)", d->scale, l2_rate, FEATURES},
        {"AdamW: lr wd", d->scale, w_rate, FEATURES},
    };
    const struct line_chart chart = {
        .title = "Relative decay per step of each weight at step 100 (wd = 0.1)",
        .x_label = "standard deviation of the feature (log scale)",
        .y_label = "fraction of w removed per step (log scale)", .log_x = 1, .log_y = 1,
        .series = series, .series_count = 2,
    };
    return figure_line_chart(folder, "decay-per-step.svg", &chart);
}

/* ---- Part 2: what the weights and the errors do ------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    const char *folder = argv[1];
    static struct dataset data;
    static struct run plain, runs[2][DECAY_COUNT];
    make_data(&data);

    train(&data, ADAM_L2, 0.0f, &plain);
    for (int method = 0; method < 2; method++)
        for (int k = 0; k < DECAY_COUNT; k++)
            train(&data, (enum method)method, DECAYS[k], &runs[method][k]);

    if (decay_per_step(folder, &data, &runs[ADAM_L2][1], DECAYS[1]) != 0)
        return 1;

    printf("\nPart 2: %d features, %d training examples, %d full-batch steps, lr = %g\n",
           FEATURES, TRAIN, STEPS, (double)LR);
    printf("  %-10s %6s  %10s  %10s  %10s  %8s  %8s  %12s\n", "method", "wd", "train MSE",
           "test@300", "test MSE", "|w|", "max|w_j|", "|w - ridge|");
    float ridge_w[DECAY_COUNT][FEATURES];
    for (int k = 0; k < DECAY_COUNT; k++)
        ridge(&data, DECAYS[k], ridge_w[k]);
    printf("  %-10s %6g  %10.4g  %10.4g  %10.4g  %8.4g  %8.4g  %12s\n", "Adam", 0.0,
           mse(plain.w, &data.x_train[0][0], data.y_train, TRAIN), plain.test_at_300,
           plain.test_curve[STEPS - 1], norm(plain.w), largest(plain.w), "-");
    for (int method = 0; method < 2; method++) {
        for (int k = 0; k < DECAY_COUNT; k++) {
            const struct run *r = &runs[method][k];
            float difference[FEATURES];
            for (int j = 0; j < FEATURES; j++)
                difference[j] = r->w[j] - ridge_w[k][j];
            printf("  %-10s %6g  %10.4g  %10.4g  %10.4g  %8.4g  %8.4g  %12.3g\n",
                   method_name[method], (double)DECAYS[k],
                   mse(r->w, &data.x_train[0][0], data.y_train, TRAIN), r->test_at_300,
                   r->test_curve[STEPS - 1], norm(r->w), largest(r->w), norm(difference));
        }
    }
    for (int k = 0; k < DECAY_COUNT; k++)
        printf("  %-10s %6g  %10.4g  %10s  %10.4g  %8.4g  %8.4g\n", "ridge", (double)DECAYS[k],
               mse(ridge_w[k], &data.x_train[0][0], data.y_train, TRAIN), "",
               mse(ridge_w[k], &data.x_test[0][0], data.y_test, TEST), norm(ridge_w[k]),
               largest(ridge_w[k]));

    /* The size of the weights over time, and the test error. The x axis is
     * logarithmic: every step up to 200, then steps about 0.5 % apart,
     * which keeps the SVG files small. */
    static double kept_t[STEPS], kept_norm[2 * DECAY_COUNT + 1][STEPS];
    static double kept_test[2 * DECAY_COUNT + 1][STEPS];
    size_t kept = 0;
    for (int t = 1; t <= STEPS; t++) {
        if (t > 200 && t % (t / 200) != 0 && t != STEPS)
            continue;
        kept_t[kept] = t;
        kept_norm[0][kept] = plain.norm_curve[t - 1];
        kept_test[0][kept] = plain.test_curve[t - 1];
        for (int method = 0; method < 2; method++) {
            for (int k = 0; k < DECAY_COUNT; k++) {
                kept_norm[1 + method * DECAY_COUNT + k][kept] = runs[method][k].norm_curve[t - 1];
                kept_test[1 + method * DECAY_COUNT + k][kept] = runs[method][k].test_curve[t - 1];
            }
        }
        kept++;
    }
    static char labels[2 * DECAY_COUNT + 1][48];
    struct svg_series norms[2 * DECAY_COUNT + 1], tests[2 * DECAY_COUNT + 1];
    snprintf(labels[0], sizeof labels[0], "Adam, no decay");
    norms[0] = (struct svg_series){labels[0], kept_t, kept_norm[0], kept};
    tests[0] = (struct svg_series){labels[0], kept_t, kept_test[0], kept};
    for (int method = 0; method < 2; method++) {
        for (int k = 0; k < DECAY_COUNT; k++) {
            const int s = 1 + method * DECAY_COUNT + k;
            snprintf(labels[s], sizeof labels[s], "%s, wd = %g", method_name[method],
                     (double)DECAYS[k]);
            norms[s] = (struct svg_series){labels[s], kept_t, kept_norm[s], kept};
            tests[s] = (struct svg_series){labels[s], kept_t, kept_test[s], kept};
        }
    }
    const struct line_chart norm_chart = {
        .title = "Size of the weights during training", .x_label = "step (log scale)",
        .y_label = "|w|", .log_x = 1, .series = norms, .series_count = 2 * DECAY_COUNT + 1,
    };
    const struct line_chart test_chart = {
        .title = "Test error during training", .x_label = "step (log scale)",
        .y_label = "test MSE (log scale)", .log_x = 1, .log_y = 1, .series = tests,
        .series_count = 2 * DECAY_COUNT + 1,
    };
    if (figure_line_chart(folder, "weight-norm.svg", &norm_chart) != 0 ||
        figure_line_chart(folder, "test-error.svg", &test_chart) != 0)
        return 1;

    /* Each weight at the end against its feature's scale, for wd = 1. */
    static double final_l2[FEATURES], final_w[FEATURES], final_ridge[FEATURES];
    static double final_plain[FEATURES];
    const int strongest = DECAY_COUNT - 1;
    for (int j = 0; j < FEATURES; j++) {
        final_l2[j] = fabs((double)runs[ADAM_L2][strongest].w[j]);
        final_w[j] = fabs((double)runs[ADAMW][strongest].w[j]);
        final_ridge[j] = fabs((double)ridge_w[strongest][j]);
        final_plain[j] = fabs((double)plain.w[j]);
    }
    const struct svg_series weights[] = {
        {"Adam, no decay", data.scale, final_plain, FEATURES},
        {"ridge, wd = 1 (exact)", data.scale, final_ridge, FEATURES},
        {"Adam + L2, wd = 1", data.scale, final_l2, FEATURES},
        {"AdamW, wd = 1", data.scale, final_w, FEATURES},
    };
    const struct line_chart weight_chart = {
        .title = "Each weight after 5000 steps (wd = 1)",
        .x_label = "standard deviation of the feature (log scale)",
        .y_label = "|w_j| (log scale)", .log_x = 1, .log_y = 1, .series = weights,
        .series_count = 4,
    };
    return figure_line_chart(folder, "weights-by-scale.svg", &weight_chart) != 0;
}
