/* experiment.c -- lesson 12's experiment (given code: read it, run it).
 *
 *   make run LESSON=12                  with your variants.c
 *
 * Reddi, Kale and Kumar's online problem (2018): on the interval [-1, 1],
 * the loss at step t is
 *     f_t(x) = C x   once every `period` steps (t mod period = 1),
 *     f_t(x) = -x    at every other step,
 * so the gradient is C once per period and -1 otherwise. When C is larger
 * than period - 1, the average gradient is positive and the best fixed
 * point is x = -1. Adam, whose v forgets the rare large gradient, drifts
 * to x = +1, the worst point; AMSGrad, which remembers it, goes to -1.
 *
 * Part 1: the paper's own setting (period 3, C = 3, beta1 = 0,
 * beta2 = 1/(1 + C^2) = 0.1, learning rate alpha / sqrt(t)).
 * Part 2: the same failure with momentum and a more usual beta2 (0.9,
 * 0.99), a rarer and larger gradient (period 300, C = 450).
 * After every step x is projected back onto [-1, 1] (clipped).
 *
 * Adam is written out below (lesson 08 is where you write it yourself;
 * this program must not depend on it).
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>

static const float EPS = 1e-8f, PSI = 0.004f;

/* Adam in PyTorch's form (lesson 08). */
static void given_adam_step(float *w, const float *g, float *m, float *v, size_t n, float lr,
                            float beta1, float beta2, float eps, long t)
{
    const double correction1 = 1.0 - pow(beta1, (double)t);
    const double correction2 = 1.0 - pow(beta2, (double)t);
    for (size_t i = 0; i < n; i++) {
        m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
        v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
        w[i] = (float)(w[i] - lr * (m[i] / correction1) / (sqrt(v[i] / correction2) + eps));
    }
}

enum optimizer { ADAM, AMSGRAD, NADAM, ADAMAX, OPTIMIZERS };
static const char *const optimizer_name[OPTIMIZERS] = {"Adam", "AMSGrad", "Nadam", "AdaMax"};

struct problem {
    const char *title;
    long period, steps;
    float c, alpha, beta1, beta2;
};

/* One run on the problem: x after every step in x_path (steps values),
 * the average regret (1/T) sum_t (f_t(x_t) - f_t(-1)) returned, and the
 * effective rate alpha_t / (sqrt(second moment, corrected) + eps) of Adam
 * or AMSGrad in rate (NULL for none). */
static double run(const struct problem *p, enum optimizer which, double *x_path, double *rate)
{
    float x[1] = {0.0f}, m[1] = {0.0f}, v[1] = {0.0f}, extra[1] = {0.0f};
    double mu_product = 1.0, regret = 0.0;
    for (long t = 1; t <= p->steps; t++) {
        const float g[1] = {t % p->period == 1 ? p->c : -1.0f};
        /* f_t(x) - f_t(-1) = g (x + 1) for a linear loss with slope g. */
        regret += (double)g[0] * ((double)x[0] + 1.0);
        const float lr = (float)(p->alpha / sqrt((double)t));
        switch (which) {
        case ADAM:
            given_adam_step(x, g, m, v, 1, lr, p->beta1, p->beta2, EPS, t);
            break;
        case AMSGRAD:
            amsgrad_step(x, g, m, v, extra, 1, lr, p->beta1, p->beta2, EPS, t);
            break;
        case NADAM:
            nadam_step(x, g, m, v, &mu_product, 1, lr, p->beta1, p->beta2, EPS, PSI, t);
            break;
        default:
            adamax_step(x, g, m, v, 1, lr, p->beta1, p->beta2, EPS, t);
            break;
        }
        x[0] = fminf(1.0f, fmaxf(-1.0f, x[0])); /* the projection onto [-1, 1] */
        x_path[t - 1] = x[0];
        if (rate != NULL) {
            const double second = which == AMSGRAD ? extra[0] : v[0];
            rate[t - 1] = lr / (sqrt(second / (1.0 - pow(p->beta2, (double)t))) + EPS);
        }
    }
    return regret / (double)p->steps;
}

enum { MAX_STEPS = 100000, RATE_STEPS = 1500 };

static int compare(const char *folder, const struct problem *p, const char *file,
                   const char *rate_file)
{
    static double paths[OPTIMIZERS][MAX_STEPS], steps_axis[MAX_STEPS];
    static double rates[2][MAX_STEPS];
    printf("%s\n", p->title);
    printf("  gradient %g once every %ld steps, -1 otherwise: mean gradient %+.4f, "
           "best x = -1\n", (double)p->c, p->period,
           ((double)p->c - (double)(p->period - 1)) / (double)p->period);
    printf("  betas (%g, %g), lr = %g / sqrt(t), %ld steps\n", (double)p->beta1,
           (double)p->beta2, (double)p->alpha, p->steps);
    printf("  %-8s  %10s  %10s  %10s  %16s\n", "", "x at T/10", "x at T/2", "x at T",
           "average regret");
    for (int o = 0; o < OPTIMIZERS; o++) {
        double *rate = o == ADAM ? rates[0] : o == AMSGRAD ? rates[1] : NULL;
        const double regret = run(p, (enum optimizer)o, paths[o], rate);
        printf("  %-8s  %10.4f  %10.4f  %10.4f  %16.4f\n", optimizer_name[o],
               paths[o][p->steps / 10 - 1], paths[o][p->steps / 2 - 1], paths[o][p->steps - 1],
               regret);
    }
    for (long t = 0; t < p->steps; t++)
        steps_axis[t] = (double)(t + 1);
    /* The chart's x axis is logarithmic: every step up to 200, then steps
     * about 0.5 % apart, which keeps the SVG small and loses nothing visible. */
    static double kept_t[MAX_STEPS], kept_x[OPTIMIZERS][MAX_STEPS];
    size_t kept = 0;
    for (long t = 1; t <= p->steps; t++) {
        if (t > 200 && t % (t / 200) != 0 && t != p->steps)
            continue;
        kept_t[kept] = (double)t;
        for (int o = 0; o < OPTIMIZERS; o++)
            kept_x[o][kept] = paths[o][t - 1];
        kept++;
    }
    struct svg_series series[OPTIMIZERS];
    for (int o = 0; o < OPTIMIZERS; o++)
        series[o] = (struct svg_series){optimizer_name[o], kept_t, kept_x[o], kept};
    const struct line_chart chart = {
        .title = p->title, .x_label = "step t (log scale)", .y_label = "x (best: -1)",
        .log_x = 1, .series = series, .series_count = OPTIMIZERS,
    };
    if (figure_line_chart(folder, file, &chart) != 0)
        return -1;
    if (rate_file == NULL)
        return 0;
    /* The effective rate over a window of the run. */
    const struct svg_series rate_series[] = {
        {"Adam: lr_t / (sqrt(v_hat) + eps)", steps_axis, rates[0], RATE_STEPS},
        {"AMSGrad: lr_t / (sqrt(v_max_hat) + eps)", steps_axis, rates[1], RATE_STEPS},
    };
    const struct line_chart rate_chart = {
        .title = "Effective learning rate, first 1500 steps of Part 2",
        .x_label = "step t", .y_label = "effective rate (log scale)", .log_y = 1,
        .series = rate_series, .series_count = 2,
    };
    /* How far Adam's rate climbs in each period the figure shows: from just
     * after a large gradient (steps k * period + 1) to just before the next. */
    printf("  Adam's climb in each period of the figure (steps 1-%d):", RATE_STEPS);
    for (long first = 0; first + p->period <= RATE_STEPS; first += p->period) {
        double lowest = INFINITY, highest = 0.0;
        for (long t = first; t < first + p->period; t++) {
            lowest = fmin(lowest, rates[0][t]);
            highest = fmax(highest, rates[0][t]);
        }
        printf(" x%.1f", highest / lowest);
    }
    printf("\n");
    /* How far Adam's rate climbs between two large gradients, late in the run. */
    const long start = p->steps - p->period;
    double low = INFINITY, high = 0.0;
    for (long t = start; t < p->steps; t++) {
        low = fmin(low, rates[0][t]);
        high = fmax(high, rates[0][t]);
    }
    printf("  over the last period Adam's effective rate climbs from %.3g to %.3g (x%.1f);\n"
           "  AMSGrad's goes from %.4g to %.4g (it can only fall)\n", low, high, high / low,
           rates[1][start], rates[1][p->steps - 1]);
    return figure_line_chart(folder, rate_file, &rate_chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    const struct problem paper = {
        .title = "Part 1: the paper's problem, C = 3, beta1 = 0, beta2 = 0.1",
        .period = 3, .steps = 30000, .c = 3.0f, .alpha = 0.5f, .beta1 = 0.0f, .beta2 = 0.1f,
    };
    const struct problem usual = {
        .title = "Part 2: C = 450 once every 300 steps, betas (0.9, 0.99)",
        .period = 300, .steps = 100000, .c = 450.0f, .alpha = 0.2f, .beta1 = 0.9f,
        .beta2 = 0.99f,
    };
    if (compare(argv[1], &paper, "paper-problem.svg", NULL) != 0)
        return 1;
    printf("\n");
    return compare(argv[1], &usual, "rare-gradient.svg", "effective-rate.svg") != 0;
}
