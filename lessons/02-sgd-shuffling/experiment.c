/* experiment.c -- lesson 02's experiments (given code: read it, run it).
 *
 *   make run LESSON=2                  with your sgd.c
 *
 * Part 1, "The experiment: SGD against full-batch GD": a linear regression
 * with 5 000 examples, trained by full-batch gradient descent and by SGD
 * (your sgd_epoch) at a constant and at a decaying rate; the loss is
 * measured every 250 examples seen.
 * Part 2, "The experiment: sorted data": logistic regression on two classes
 * of 2-D points stored sorted by label, trained with and without shuffling.
 * Part 3, "The experiment: sorted data" (on real digits): the course's MLP
 * trained for one epoch, one digit per step, on the 8 000 training digits
 * sorted by label, with your sgd_epoch (which shuffles) and without shuffling.
 * Part 4, "The experiment: sampling with replacement": how many examples an
 * "epoch" of draws with replacement never sees, against your shuffle.
 * Part 5, "Loss landscapes: minima and saddle points": the critical points of
 * the trainer's saddle and Beale surfaces, classified by the eigenvalues of
 * their Hessians, and contour plots of both.
 * Part 6, "The experiment: escaping a poor minimum": full-batch GD and SGD
 * (your sgd_epoch, 10 shuffle seeds) at the same rate on a tilted double
 * well, an average of 100 per-example losses, started in its poor basin.
 * Part 7, "Going further: Ordering on purpose": a curriculum on the digits
 * (the MLP, one digit per step, your sgd_epoch): the first epochs on the
 * digits with the least ink only, growing to all, against plain shuffled
 * epochs, over 5 seeds.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "idx.h"
#include "lessons.h"
#include "model.h"
#include "rng.h"
#include "surfaces.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Part 1: SGD against full-batch gradient descent ------------------------ */

enum { REG_N = 5000, REG_D = 20, REG_EPOCHS = 20, PROBES_PER_EPOCH = 20 };
enum { MAX_POINTS = REG_EPOCHS * PROBES_PER_EPOCH + 1 };

/* The data: y = w_true . x + 0.5 * noise, with feature p scaled by
 * 1 / (1 + p/4), so the features have different sizes (from 1 down to
 * about 0.17) and full-batch GD needs many steps. */
struct regression {
    float x[REG_N * REG_D], y[REG_N];
};

/* A probe: every `every` calls of the example function, it records the
 * full loss at the w being used. sgd_epoch calls the example function with
 * its current w, so the probe sees the run from inside the epoch. */
struct probe {
    size_t calls, every, recorded;
    double at_examples[MAX_POINTS], loss[MAX_POINTS];
};

/* The objective's context: the data, read only, and the probe, written.
 * (The context is const; the probe is reached through a pointer in it.) */
struct regression_context {
    const struct regression *data;
    struct probe *probe;
};

static double regression_residual(const struct regression *data, const float *w, size_t i)
{
    const float *xi = data->x + i * REG_D;
    double r = -(double)data->y[i];
    for (size_t p = 0; p < REG_D; p++)
        r += (double)w[p] * xi[p];
    return r;
}

/* J(w) = (1/N) sum_i (w . x_i - y_i)^2, in double. */
static double regression_loss(const struct regression *data, const float *w)
{
    double sum = 0.0;
    for (size_t i = 0; i < REG_N; i++) {
        double r = regression_residual(data, w, i);
        sum += r * r;
    }
    return sum / REG_N;
}

static void probe_record(struct probe *probe, const struct regression *data, const float *w)
{
    if (probe->every > 0 && probe->calls % probe->every == 0 && probe->recorded < MAX_POINTS) {
        probe->at_examples[probe->recorded] = (double)probe->calls;
        probe->loss[probe->recorded] = regression_loss(data, w);
        probe->recorded++;
    }
    probe->calls++;
}

/* J_i(w) = (w . x_i - y_i)^2 and its gradient 2 r x_i, with the probe. */
static double regression_example(const void *context, const float *w, size_t i, float *g)
{
    const struct regression_context *c = context;
    const struct regression *data = c->data;
    probe_record(c->probe, data, w);
    double r = regression_residual(data, w, i);
    const float *xi = data->x + i * REG_D;
    for (size_t p = 0; p < REG_D; p++)
        g[p] = (float)(2.0 * r * xi[p]);
    return r * r;
}

/* The least-squares solution: solve (X^T X) w = X^T y by Gaussian
 * elimination in double (20 unknowns), for the best possible loss J*. */
static double best_loss(const struct regression *data)
{
    double a[REG_D][REG_D + 1] = {{0}};
    for (size_t i = 0; i < REG_N; i++) {
        const float *xi = data->x + i * REG_D;
        for (size_t p = 0; p < REG_D; p++) {
            for (size_t q = 0; q < REG_D; q++)
                a[p][q] += (double)xi[p] * xi[q];
            a[p][REG_D] += (double)xi[p] * data->y[i];
        }
    }
    for (size_t col = 0; col < REG_D; col++) /* X^T X is positive definite: no pivoting */
        for (size_t row = col + 1; row < REG_D; row++) {
            double factor = a[row][col] / a[col][col];
            for (size_t k = col; k <= REG_D; k++)
                a[row][k] -= factor * a[col][k];
        }
    double w[REG_D];
    for (size_t row = REG_D; row-- > 0;) {
        double sum = a[row][REG_D];
        for (size_t k = row + 1; k < REG_D; k++)
            sum -= a[row][k] * w[k];
        w[row] = sum / a[row][row];
    }
    float wf[REG_D];
    for (size_t p = 0; p < REG_D; p++)
        wf[p] = (float)w[p];
    return regression_loss(data, wf);
}

/* One SGD run of REG_EPOCHS epochs; epoch e (from 0) uses
 * lr0 / (1 + e / decay_epochs), or lr0 throughout when decay_epochs is 0. */
static void sgd_run(const struct regression_context *context, float lr0, double decay_epochs)
{
    struct probe *probe = context->probe;
    const struct objective f = {.param_count = REG_D, .example_count = REG_N,
                                .example_loss_and_gradient = regression_example,
                                .context = context};
    float w[REG_D] = {0}, g[REG_D];
    static uint32_t order[REG_N];
    for (uint32_t k = 0; k < REG_N; k++)
        order[k] = k;
    struct rng rng;
    rng_seed(&rng, 2, 0);
    probe->calls = 0;
    probe->recorded = 0;
    probe->every = REG_N / PROBES_PER_EPOCH;
    for (int epoch = 0; epoch < REG_EPOCHS; epoch++) {
        float lr = decay_epochs > 0 ? (float)(lr0 / (1.0 + epoch / decay_epochs)) : lr0;
        sgd_epoch(&f, w, lr, order, g, &rng);
    }
    probe_record(probe, context->data, w); /* the loss after the last step */
}

static int part1(const char *folder)
{
    static struct regression data;
    static struct probe probe;
    const struct regression_context context = {&data, &probe};
    struct rng rng;
    rng_seed(&rng, 1, 0);
    float w_true[REG_D];
    for (size_t p = 0; p < REG_D; p++)
        w_true[p] = rng_normal(&rng);
    for (size_t i = 0; i < REG_N; i++) {
        double target = 0.0;
        for (size_t p = 0; p < REG_D; p++) {
            float value = rng_normal(&rng) / (1.0f + (float)p / 4.0f);
            data.x[i * REG_D + p] = value;
            target += (double)w_true[p] * value;
        }
        data.y[i] = (float)target + 0.5f * rng_normal(&rng);
    }
    const double j_star = best_loss(&data);
    printf("Part 1: linear regression, N = %d examples, %d features; best loss J* = %.6f\n",
           REG_N, REG_D, j_star);

    /* Full-batch gradient descent: one step per N examples seen. The
     * gradient is the average of the N example gradients. */
    static double gd_at[REG_EPOCHS + 1], gd_excess[REG_EPOCHS + 1];
    {
        const float lr = 0.8f; /* near the largest stable rate, 2 / (largest curvature, about 2.1) */
        float w[REG_D] = {0}, g[REG_D];
        probe.every = 0; /* no probing: GD's loss is taken once per step */
        for (int t = 0; t <= REG_EPOCHS; t++) {
            gd_at[t] = (double)t * REG_N;
            gd_excess[t] = regression_loss(&data, w) - j_star;
            if (t == REG_EPOCHS)
                break;
            double sum[REG_D] = {0};
            for (size_t i = 0; i < REG_N; i++) {
                regression_example(&context, w, i, g);
                for (size_t p = 0; p < REG_D; p++)
                    sum[p] += g[p];
            }
            for (size_t p = 0; p < REG_D; p++)
                w[p] -= lr * (float)(sum[p] / REG_N);
        }
    }

    /* SGD at a constant rate and at a decaying one. */
    static double const_at[MAX_POINTS], const_excess[MAX_POINTS];
    static double decay_at[MAX_POINTS], decay_excess[MAX_POINTS];
    const float sgd_lr = 0.01f;
    sgd_run(&context, sgd_lr, 0.0);
    size_t const_count = probe.recorded;
    for (size_t k = 0; k < const_count; k++) {
        const_at[k] = probe.at_examples[k];
        const_excess[k] = probe.loss[k] - j_star;
    }
    sgd_run(&context, sgd_lr, 1.0);
    size_t decay_count = probe.recorded;
    for (size_t k = 0; k < decay_count; k++) {
        decay_at[k] = probe.at_examples[k];
        decay_excess[k] = probe.loss[k] - j_star;
    }

    printf("  excess loss J(w) - J* after a number of examples seen (epochs of %d):\n", REG_N);
    /* The labels name the rate in use (exercise 2 changes sgd_lr). */
    char const_label[32], decay_label[32];
    snprintf(const_label, sizeof const_label, "SGD lr=%g", (double)sgd_lr);
    snprintf(decay_label, sizeof decay_label, "SGD lr=%g/(1+e)", (double)sgd_lr);
    printf("  %8s %8s  %14s  %14s  %17s\n", "examples", "epochs", "full-batch GD",
           const_label, decay_label);
    const int shown[] = {1, 2, 5, 10, 20};
    for (size_t s = 0; s < sizeof shown / sizeof shown[0]; s++) {
        size_t k = (size_t)shown[s] * PROBES_PER_EPOCH; /* probe index at that epoch */
        printf("  %8d %8d  %14.6f  %14.6f  %17.6f\n", shown[s] * REG_N, shown[s],
               gd_excess[shown[s]], const_excess[k], decay_excess[k]);
    }
    printf("  inside the first epoch (%s): after 250 examples %.4f,\n"
           "  after 1000 %.4f, after 2500 %.4f\n",
           const_label, const_excess[1], const_excess[4], const_excess[10]);

    const struct svg_series series[] = {
        {"full-batch GD, lr = 0.8", gd_at, gd_excess, REG_EPOCHS + 1},
        {const_label, const_at, const_excess, const_count},
        {decay_label, decay_at, decay_excess, decay_count},
    };
    const struct line_chart chart = {
        .title = "Linear regression: excess loss against examples seen",
        .x_label = "examples seen (5 000 per epoch)", .y_label = "J(w) - J* (log scale)",
        .log_y = 1, .series = series, .series_count = 3,
    };
    return figure_line_chart(folder, "sgd-vs-gd.svg", &chart);
}

/* ---- Part 2: sorted data, with and without shuffling ------------------------------ */

enum { CLS_N = 2000, CLS_EPOCHS = 10 };

/* Two classes of 2-D points: class 0 around (-1, -1), class 1 around
 * (1, 1), standard deviation 1 in each coordinate. Stored sorted by label:
 * the first CLS_N/2 are class 0. A model p = sigmoid(w0 x0 + w1 x1 + w2)
 * with the log loss J_i = -[y log p + (1 - y) log(1 - p)], whose gradient is
 * (p - y) * (x0, x1, 1). */
struct points {
    float x[CLS_N][2], label[CLS_N];
};

static double logistic_example(const void *context, const float *w, size_t i, float *g)
{
    const struct points *data = context;
    double z = (double)w[0] * data->x[i][0] + (double)w[1] * data->x[i][1] + w[2];
    double p = 1.0 / (1.0 + exp(-z));
    double y = data->label[i];
    g[0] = (float)((p - y) * data->x[i][0]);
    g[1] = (float)((p - y) * data->x[i][1]);
    g[2] = (float)(p - y);
    /* log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, written stably */
    double margin = y > 0.5 ? z : -z;
    return margin > 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin));
}

static void make_points(struct points *data, uint64_t seed)
{
    struct rng rng;
    rng_seed(&rng, seed, 0);
    for (size_t i = 0; i < CLS_N; i++) {
        int label = i >= CLS_N / 2;
        float centre = label ? 1.0f : -1.0f;
        data->x[i][0] = centre + rng_normal(&rng);
        data->x[i][1] = centre + rng_normal(&rng);
        data->label[i] = (float)label;
    }
}

static double accuracy(const struct points *data, const float *w)
{
    size_t right = 0;
    for (size_t i = 0; i < CLS_N; i++) {
        double z = (double)w[0] * data->x[i][0] + (double)w[1] * data->x[i][1] + w[2];
        right += (z > 0) == (data->label[i] > 0.5f);
    }
    return (double)right / CLS_N;
}

static int part2(const char *folder)
{
    static struct points train, test;
    make_points(&train, 3);
    make_points(&test, 4);
    const struct objective f = {.param_count = 3, .example_count = CLS_N,
                                .example_loss_and_gradient = logistic_example,
                                .context = &train};
    const float lr = 0.1f;
    /* The classes have equal size and the same spread around (-1, -1) and
     * (1, 1), so the best boundary is the line x0 + x1 = 0, at distance
     * sqrt(2) from each centre: the best possible error is
     * 1 - Phi(sqrt(2)) = 7.9% (Phi: the standard normal distribution). */
    printf("\nPart 2: logistic regression on %d points stored sorted by label (lr = %g)\n",
           CLS_N, (double)lr);
    printf("  (the best possible test error is about 7.9%%)\n");
    printf("  %5s  %22s  %22s\n", "epoch", "shuffled: test error", "sorted: test error");

    float w_shuffled[3] = {0}, w_sorted[3] = {0}, g[3];
    static uint32_t order[CLS_N];
    for (uint32_t k = 0; k < CLS_N; k++)
        order[k] = k;
    struct rng rng;
    rng_seed(&rng, 5, 0);
    /* Test error in percent after each epoch; epoch 0 is the start, w = 0,
     * where every z is 0, every point is called class 0: 50% wrong. */
    double epochs[CLS_EPOCHS + 1], err_shuffled[CLS_EPOCHS + 1], err_sorted[CLS_EPOCHS + 1];
    epochs[0] = 0;
    err_shuffled[0] = err_sorted[0] = 100.0 * (1.0 - accuracy(&test, w_sorted));
    for (int e = 0; e < CLS_EPOCHS; e++) {
        sgd_epoch(&f, w_shuffled, lr, order, g, &rng);
        /* The same steps without a shuffle: the examples in stored order,
         * all of class 0, then all of class 1. */
        for (size_t i = 0; i < CLS_N; i++) {
            logistic_example(&train, w_sorted, i, g);
            for (size_t p = 0; p < 3; p++)
                w_sorted[p] -= lr * g[p];
        }
        epochs[e + 1] = e + 1;
        err_shuffled[e + 1] = 100.0 * (1.0 - accuracy(&test, w_shuffled));
        err_sorted[e + 1] = 100.0 * (1.0 - accuracy(&test, w_sorted));
        printf("  %5d  %21.1f%%  %21.1f%%\n", e + 1, err_shuffled[e + 1], err_sorted[e + 1]);
    }
    printf("  final w, shuffled: (%.3f, %.3f, %.3f);  sorted: (%.3f, %.3f, %.3f)\n",
           (double)w_shuffled[0], (double)w_shuffled[1], (double)w_shuffled[2],
           (double)w_sorted[0], (double)w_sorted[1], (double)w_sorted[2]);

    const struct svg_series series[] = {
        {"shuffled every epoch (sgd_epoch)", epochs, err_shuffled, CLS_EPOCHS + 1},
        {"sorted by label, never shuffled", epochs, err_sorted, CLS_EPOCHS + 1},
    };
    const struct line_chart chart = {
        .title = "Two classes stored sorted by label: test error after each epoch",
        .x_label = "epoch", .y_label = "test error (%)",
        .series = series, .series_count = 2,
    };
    return figure_line_chart(folder, "sorted-vs-shuffled.svg", &chart);
}

/* ---- Part 3: the digits, sorted by label ------------------------------------------ */

/* The MLP as an objective over the training digits: J_i is the loss on
 * digit i. The weights are the model's own array, and the gradient array
 * handed to sgd_epoch is the model's gradient array, so nothing is copied. */
struct digits {
    struct model model;
    const struct dataset *train;
    const uint32_t *subset; /* NULL: example i is digit i; else digit subset[i] (part 7) */
};

static double digit_example(const void *context, const float *w, size_t i, float *g)
{
    const struct digits *d = context;
    struct model *m = (struct model *)&d->model;
    (void)w; /* always m->params: see part3 */
    size_t digit = d->subset != NULL ? d->subset[i] : i;
    double loss = model_loss_and_gradient(m, d->train->images + digit * MODEL_INPUTS,
                                          d->train->labels + digit, 1);
    if (g != m->grads)
        memcpy(g, m->grads, m->param_count * sizeof *g);
    return loss;
}

/* One epoch of one-digit steps in the order given, without shuffling. */
static void epoch_in_order(struct digits *d, const uint32_t *order, size_t n, float lr)
{
    struct model *m = &d->model;
    for (size_t k = 0; k < n; k++) {
        digit_example(d, m->params, order[k], m->grads);
        for (size_t p = 0; p < m->param_count; p++)
            m->params[p] -= lr * m->grads[p];
    }
}

/* The fraction of test digits of each class that the model calls `label`. */
static double share_called(struct model *m, const struct dataset *test, int label)
{
    size_t called = 0;
    for (size_t i = 0; i < test->count; i++) {
        const float *logits = model_forward(m, test->images + i * MODEL_INPUTS, 1);
        int best = 0;
        for (int c = 1; c < MODEL_CLASSES; c++)
            if (logits[c] > logits[best])
                best = c;
        called += best == label;
    }
    return (double)called / (double)test->count;
}

static int part3(void)
{
    struct dataset train, test;
    struct error err;
    if (dataset_load_course_digits(&train, &test, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    /* The digits sorted by label (all the 0s, then all the 1s, ...): a
     * counting sort that keeps the stored order within each class. */
    static uint32_t sorted[8000], order[8000];
    size_t n = train.count < 8000 ? train.count : 8000, filled = 0;
    /* DESCENT_QUICK=1 (make check) keeps the first 2 000 digits: the same
     * code in a quarter of the time. */
    const char *quick = getenv("DESCENT_QUICK");
    if (quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0 && n > 2000)
        n = 2000;
    for (int label = 0; label < MODEL_CLASSES; label++)
        for (size_t i = 0; i < n; i++)
            if (train.labels[i] == label)
                sorted[filled++] = (uint32_t)i;

    const float lr = 0.01f;
    printf("\nPart 3: the MLP, one epoch of one digit per step (lr = %g),\n"
           "  on %zu training digits sorted by label\n", (double)lr, n);
    double accuracy_of[2], nines[2];
    for (int run = 0; run < 2; run++) {
        struct rng rng;
        rng_seed(&rng, 1, 0);
        struct digits d = {.train = &train};
        if (model_create(&d.model, MODEL_MLP, 1, &rng, &err) != 0) {
            fprintf(stderr, "experiment: %s\n", err.message);
            return -1;
        }
        memcpy(order, sorted, n * sizeof *order);
        if (run == 0) {
            const struct objective f = {.param_count = d.model.param_count, .example_count = n,
                                        .example_loss_and_gradient = digit_example,
                                        .context = &d};
            sgd_epoch(&f, d.model.params, lr, order, d.model.grads, &rng);
        } else {
            epoch_in_order(&d, order, n, lr);
        }
        accuracy_of[run] = (double)model_count_correct(&d.model, test.images, test.labels,
                                                        test.count) / (double)test.count;
        nines[run] = share_called(&d.model, &test, 9);
        model_free(&d.model);
    }
    printf("  shuffled (sgd_epoch):   test accuracy %5.1f%%, %5.1f%% of the test digits called 9\n",
           100.0 * accuracy_of[0], 100.0 * nines[0]);
    printf("  sorted, never shuffled: test accuracy %5.1f%%, %5.1f%% of the test digits called 9\n",
           100.0 * accuracy_of[1], 100.0 * nines[1]);
    dataset_free(&train);
    dataset_free(&test);
    return 0;
}

/* ---- Part 4: sampling with replacement ------------------------------------------- */

enum { DRAW_N = 10000, DRAW_EPOCHS = 3, DRAW_POINTS = 61 };

static int part4(const char *folder)
{
    printf("\nPart 4: one epoch of N draws with replacement: how many examples are missed?\n");
    printf("  %8s  %10s  %14s\n", "N", "missed", "(1 - 1/N)^N");
    struct rng rng;
    rng_seed(&rng, 6, 0);
    static unsigned char seen[100000];
    const size_t sizes[] = {10, 100, 1000, 10000, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s], missed = n;
        memset(seen, 0, n);
        for (size_t t = 0; t < n; t++) {
            uint32_t i = rng_below(&rng, (uint32_t)n);
            missed -= !seen[i];
            seen[i] = 1;
        }
        printf("  %8zu  %9.2f%%  %13.2f%%\n", n, 100.0 * (double)missed / (double)n,
               100.0 * pow(1.0 - 1.0 / (double)n, (double)n));
    }
    printf("  1/e = %.2f%%; a shuffled epoch misses 0%% by construction.\n", 100.0 / exp(1.0));

    /* The fraction of examples not yet seen after t draws, t up to 3 epochs:
     * with replacement, against epochs of your shuffle. */
    static double at[DRAW_POINTS], with_replacement[DRAW_POINTS], shuffled[DRAW_POINTS],
        theory[DRAW_POINTS];
    static uint32_t order[DRAW_N];
    static unsigned char seen_r[DRAW_N], seen_s[DRAW_N];
    for (uint32_t k = 0; k < DRAW_N; k++)
        order[k] = k;
    size_t unseen_r = DRAW_N, unseen_s = DRAW_N, point = 0;
    const size_t total = (size_t)DRAW_EPOCHS * DRAW_N, every = total / (DRAW_POINTS - 1);
    for (size_t t = 0; t <= total; t++) {
        if (t % every == 0 && point < DRAW_POINTS) {
            at[point] = (double)t / DRAW_N;
            with_replacement[point] = (double)unseen_r / DRAW_N;
            shuffled[point] = (double)unseen_s / DRAW_N;
            theory[point] = exp(-(double)t / DRAW_N);
            point++;
        }
        if (t == total)
            break;
        if (t % DRAW_N == 0)
            shuffle(order, DRAW_N, &rng); /* a new epoch */
        uint32_t i = rng_below(&rng, DRAW_N);
        unseen_r -= !seen_r[i];
        seen_r[i] = 1;
        uint32_t j = order[t % DRAW_N];
        unseen_s -= !seen_s[j];
        seen_s[j] = 1;
    }
    printf("  N = %d: never seen after 1, 2, 3 epochs of draws with replacement:\n"
           "  %.1f%%, %.1f%%, %.1f%% (e^-1, e^-2, e^-3 = 36.8%%, 13.5%%, 5.0%%)\n",
           DRAW_N, 100.0 * with_replacement[20], 100.0 * with_replacement[40],
           100.0 * with_replacement[60]);

    const struct svg_series series[] = {
        {"draws with replacement", at, with_replacement, DRAW_POINTS},
        {"e^(-t/N)", at, theory, DRAW_POINTS},
        {"shuffled epochs", at, shuffled, DRAW_POINTS},
    };
    const struct line_chart chart = {
        .title = "N = 10 000 examples: fraction never seen yet",
        .x_label = "examples drawn / N (epochs)", .y_label = "fraction never seen",
        .series = series, .series_count = 3,
    };
    return figure_line_chart(folder, "with-replacement.svg", &chart);
}

/* ---- Part 5: loss landscapes, critical points and their Hessians ------------------- */

/* Section "Loss landscapes: minima and saddle points". A critical point of
 * f(x, y) is a point where the gradient is zero. Its kind is read off the
 * eigenvalues of the Hessian H (the matrix of second derivatives) there:
 * all positive, a minimum; all negative, a maximum; both signs, a saddle.
 * The Hessian is taken by central differences of the surface's own
 * hand-derived gradient, column by column:
 *   H[.][0] = (grad f(x + h, y) - grad f(x - h, y)) / 2h,
 *   H[.][1] = (grad f(x, y + h) - grad f(x, y - h)) / 2h,
 * then symmetrised; the error is of order h^2 (h = 1e-5). */
enum { CRITICAL_MAX = 8, START_GRID = 41, NEWTON_STEPS = 100 };
static const double HESSIAN_STEP = 1e-5;

struct hessian2 {
    double xx, xy, yy;
};

static struct hessian2 hessian_by_differences(const struct surface *s, double x, double y)
{
    const double h = HESSIAN_STEP;
    double right[2], left[2], up[2], down[2];
    s->gradient(x + h, y, right);
    s->gradient(x - h, y, left);
    s->gradient(x, y + h, up);
    s->gradient(x, y - h, down);
    struct hessian2 hess = {
        .xx = (right[0] - left[0]) / (2 * h),
        .xy = 0.5 * ((right[1] - left[1]) / (2 * h) + (up[0] - down[0]) / (2 * h)),
        .yy = (up[1] - down[1]) / (2 * h),
    };
    return hess;
}

/* The eigenvalues of the symmetric [[a, b], [b, d]]: m -+ r with
 * m = (a + d) / 2 and r = sqrt(((a - d) / 2)^2 + b^2); low <= high. The
 * unit eigenvector of `low` is (b, low - a) normalised (or an axis when
 * b = 0). */
static void eigen2(struct hessian2 hess, double *low, double *high, double low_vector[2])
{
    double mean = 0.5 * (hess.xx + hess.yy), radius = hypot(0.5 * (hess.xx - hess.yy), hess.xy);
    *low = mean - radius;
    *high = mean + radius;
    if (hess.xy != 0.0) {
        double vx = hess.xy, vy = *low - hess.xx, length = hypot(vx, vy);
        low_vector[0] = vx / length;
        low_vector[1] = vy / length;
    } else {
        low_vector[0] = hess.xx <= hess.yy ? 1.0 : 0.0;
        low_vector[1] = hess.xx <= hess.yy ? 0.0 : 1.0;
    }
}

/* Minimum, maximum or saddle from the signs of the eigenvalues; an
 * eigenvalue near zero (relative to the larger one) decides nothing. */
static const char *critical_kind(double low, double high)
{
    double scale = fmax(fabs(low), fabs(high)), tiny = 1e-6 * fmax(scale, 1.0);
    if (low > tiny)
        return "minimum";
    if (high < -tiny)
        return "maximum";
    if (low < -tiny && high > tiny)
        return "saddle";
    return "degenerate";
}

struct critical_point {
    double x, y, value, low, high, low_vector[2];
    const char *kind;
};

/* Newton's method on the equation grad f = 0 (lesson 16): the step solves
 * H d = grad f, with H from hessian_by_differences. Returns 1 when the
 * gradient falls below 1e-10 inside the surface's box, 0 otherwise. */
static int newton_to_critical_point(const struct surface *s, double *x, double *y)
{
    for (int step = 0; step < NEWTON_STEPS; step++) {
        double g[2];
        s->gradient(*x, *y, g);
        if (hypot(g[0], g[1]) < 1e-10)
            return *x >= s->x_min && *x <= s->x_max && *y >= s->y_min && *y <= s->y_max;
        struct hessian2 hess = hessian_by_differences(s, *x, *y);
        double det = hess.xx * hess.yy - hess.xy * hess.xy;
        if (!(fabs(det) > 1e-12))
            return 0;
        *x -= (hess.yy * g[0] - hess.xy * g[1]) / det;
        *y -= (hess.xx * g[1] - hess.xy * g[0]) / det;
        if (!(fabs(*x) < 1e3 && fabs(*y) < 1e3))
            return 0;
    }
    return 0;
}

/* Every critical point Newton's method reaches from a START_GRID x
 * START_GRID grid of starts over the surface's box, each once, in the order
 * first found; returns their number. */
static size_t find_critical_points(const struct surface *s, struct critical_point *found)
{
    size_t count = 0;
    for (int row = 0; row < START_GRID; row++)
        for (int col = 0; col < START_GRID; col++) {
            double x = s->x_min + (s->x_max - s->x_min) * col / (START_GRID - 1);
            double y = s->y_min + (s->y_max - s->y_min) * row / (START_GRID - 1);
            if (!newton_to_critical_point(s, &x, &y))
                continue;
            int known = 0;
            for (size_t k = 0; k < count; k++)
                known |= hypot(x - found[k].x, y - found[k].y) < 1e-6;
            if (known || count == CRITICAL_MAX)
                continue;
            struct critical_point *point = &found[count++];
            point->x = fabs(x) < 1e-9 ? 0.0 : x; /* Newton stops within about 1e-11: */
            point->y = fabs(y) < 1e-9 ? 0.0 : y; /* print 0, not -0.0000 */
            point->value = s->value(x, y);
            eigen2(hessian_by_differences(s, x, y), &point->low, &point->high,
                   point->low_vector);
            point->kind = critical_kind(point->low, point->high);
        }
    return count;
}

static double surface_at(double x, double y, const void *context)
{
    const struct surface *s = context;
    return s->value(x, y);
}

/* Plain gradient descent on a surface from (x, y), keeping every
 * `every`-th point: fills path_x, path_y (steps / every + 1 points). */
static size_t descend(const struct surface *s, double x, double y, double lr, int steps,
                      int every, double *path_x, double *path_y)
{
    size_t kept = 0;
    for (int t = 0; t <= steps; t++) {
        if (t % every == 0) {
            path_x[kept] = x;
            path_y[kept] = y;
            kept++;
        }
        double g[2];
        s->gradient(x, y, g);
        x -= lr * g[0];
        y -= lr * g[1];
    }
    return kept;
}

/* The paths drawn over a landscape: from the surface's own start, or from
 * both sides of each saddle, 0.05 along its falling direction. */
enum { PATH_MAX = 2 * CRITICAL_MAX, PATH_POINTS = 401 };
struct landscape {
    const struct surface *surface;
    const char *file, *title;
    int levels, log_levels, from_saddles, steps, every;
    double lr;
};

static int draw_landscape(const char *folder, const struct landscape *scape)
{
    const struct surface *s = scape->surface;
    struct critical_point points[CRITICAL_MAX];
    size_t count = find_critical_points(s, points);

    static double path_x[PATH_MAX][PATH_POINTS], path_y[PATH_MAX][PATH_POINTS];
    static char labels[PATH_MAX][64];
    struct svg_path paths[PATH_MAX];
    size_t path_count = 0;
    double marker_x = NAN, marker_y = NAN;
    static char marker_label[64];
    for (size_t k = 0; k < count; k++) {
        const struct critical_point *p = &points[k];
        if (isnan(marker_x) || strcmp(p->kind, "minimum") == 0) {
            marker_x = p->x;
            marker_y = p->y;
            snprintf(marker_label, sizeof marker_label, "%s (%.3g, %.3g)", p->kind, p->x, p->y);
        }
        if (!scape->from_saddles || strcmp(p->kind, "saddle") != 0)
            continue;
        for (int side = 1; side >= -1; side -= 2) {
            size_t n = path_count++;
            snprintf(labels[n], sizeof labels[n], "GD from saddle (%.3g, %.3g) %c 0.05 v",
                     p->x, p->y, side > 0 ? '+' : '-');
            descend(s, p->x + side * 0.05 * p->low_vector[0],
                    p->y + side * 0.05 * p->low_vector[1], scape->lr, scape->steps,
                    scape->every, path_x[n], path_y[n]);
            paths[n] = (struct svg_path){labels[n], path_x[n], path_y[n],
                                         (size_t)(scape->steps / scape->every + 1)};
        }
    }
    if (!scape->from_saddles) {
        snprintf(labels[0], sizeof labels[0], "GD from (%g, %g), lr = %g", s->start_x,
                 s->start_y, scape->lr);
        descend(s, s->start_x, s->start_y, scape->lr, scape->steps, scape->every, path_x[0],
                path_y[0]);
        paths[0] = (struct svg_path){labels[0], path_x[0], path_y[0],
                                     (size_t)(scape->steps / scape->every + 1)};
        path_count = 1;
    }
    const struct contour_plot plot = {
        .title = scape->title, .f = surface_at, .context = s,
        .x_min = s->x_min, .x_max = s->x_max, .y_min = s->y_min, .y_max = s->y_max,
        .level_count = (size_t)scape->levels, .log_levels = scape->log_levels,
        .paths = paths, .path_count = path_count,
        .marker_x = marker_x, .marker_y = marker_y, .marker_label = marker_label,
    };
    return figure_contour_plot(folder, scape->file, &plot);
}

static int part5(const char *folder)
{
    printf("\nPart 5: critical points (grad f = 0), found by Newton's method from a %d x %d\n"
           "  grid of starts; Hessian by central differences of the hand-derived gradient\n"
           "  (h = %g), its eigenvalues and what they make of the point\n",
           START_GRID, START_GRID, HESSIAN_STEP);
    printf("  %-7s %9s %9s %10s %9s %9s   %s\n", "surface", "x", "y", "f(x, y)", "eig low",
           "eig high", "kind");
    const struct landscape scapes[] = {
        {.surface = &surface_saddle, .file = "landscape-saddle.svg",
         .title = "f = x^2 - y^2: gradient descent slows at the saddle, then leaves",
         .levels = 12, .log_levels = 0, .from_saddles = 0, .steps = 60, .every = 1, .lr = 0.1},
        {.surface = &surface_beale, .file = "landscape-beale.svg",
         .title = "Beale's function: one minimum and two saddles",
         .levels = 12, .log_levels = 1, .from_saddles = 1, .steps = 20000, .every = 50,
         .lr = 0.001}, /* Beale's curvature reaches 868 at a saddle: lr < 2/868 */
    };
    const size_t scape_count = sizeof scapes / sizeof scapes[0];
    for (size_t k = 0; k < scape_count; k++) {
        const struct surface *s = scapes[k].surface;
        struct critical_point points[CRITICAL_MAX];
        size_t count = find_critical_points(s, points);
        for (size_t n = 0; n < count; n++)
            printf("  %-7s %9.4f %9.4f %10.4f %9.3f %9.3f   %s\n", s->name, points[n].x,
                   points[n].y, points[n].value, points[n].low, points[n].high,
                   points[n].kind);
    }
    for (size_t k = 0; k < scape_count; k++)
        if (draw_landscape(folder, &scapes[k]) != 0)
            return -1;
    return 0;
}

/* ---- Part 6: escaping a poor minimum -------------------------------------------- */

/* Section "The experiment: escaping a poor minimum". A one-parameter
 * objective that is an average of per-example losses, each a double well
 * tilted by its own slope:
 *   J_i(w) = (w^2 - 1)^2 + t_i w,   J(w) = (w^2 - 1)^2 + tbar w,
 * with the WELL_N slopes t_i spread evenly over tbar -+ WELL_SPREAD, so
 * their mean is tbar = WELL_TILT. J has a shallow poor minimum near
 * w = 0.9, a deeper good one near w = -1.1 and a maximum between them. The
 * example gradient 4 w^3 - 4 w + t_i is the full gradient plus t_i - tbar:
 * noise of mean zero and variance about WELL_SPREAD^2 / 3, the same at every w. */
enum { WELL_N = 100, WELL_EPOCHS = 10, WELL_SEEDS = 10, WELL_STEPS = WELL_N * WELL_EPOCHS };
enum { WELL_DRAW_EVERY = 5, WELL_DRAWN = WELL_STEPS / WELL_DRAW_EVERY + 1 };
static const double WELL_TILT = 0.6, WELL_SPREAD = 3.0;
static const float WELL_LR = 0.1f, WELL_START = 1.2f;
/* w below this is well inside the good basin: past the barrier near
 * w = 0.15, halfway to the good minimum. */
static const float WELL_GOOD_SIDE = -0.5f;

/* w at every example call: sgd_epoch passes its current w to each call, so
 * this sees the run from inside the epoch (as part 1's probe does). */
struct well_trace {
    float w[WELL_STEPS + 1];
    size_t calls;
};

/* The objective's context: the slopes, read only, and the trace, written. */
struct well_context {
    const float *slope;
    struct well_trace *trace;
};

static double well_loss(double w, double slope)
{
    return (w * w - 1.0) * (w * w - 1.0) + slope * w;
}

static double well_example(const void *context, const float *w, size_t i, float *g)
{
    const struct well_context *c = context;
    if (c->trace->calls < WELL_STEPS)
        c->trace->w[c->trace->calls] = w[0];
    c->trace->calls++;
    g[0] = 4.0f * w[0] * w[0] * w[0] - 4.0f * w[0] + c->slope[i];
    return well_loss(w[0], c->slope[i]);
}

/* The critical points of J solve J'(w) = 4 w^3 - 4 w + tbar = 0; each is
 * found by bisection in a bracket where J' changes sign, and classified by
 * J''(w) = 12 w^2 - 4 (the 1 x 1 Hessian). */
static double well_critical(double lo, double hi)
{
    for (int k = 0; k < 200; k++) {
        double mid = 0.5 * (lo + hi);
        double at_lo = 4 * lo * lo * lo - 4 * lo + WELL_TILT;
        double at_mid = 4 * mid * mid * mid - 4 * mid + WELL_TILT;
        if ((at_lo < 0) == (at_mid < 0))
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static int part6(const char *folder)
{
    static float slope[WELL_N];
    double noise = 0.0; /* the variance of the example gradients around the full one */
    for (size_t i = 0; i < WELL_N; i++) {
        slope[i] = (float)(WELL_TILT + WELL_SPREAD * (2.0 * ((double)i + 0.5) / WELL_N - 1.0));
        noise += ((double)slope[i] - WELL_TILT) * ((double)slope[i] - WELL_TILT) / WELL_N;
    }
    const double good = well_critical(-2.0, -0.5), top = well_critical(-0.5, 0.5),
                 poor = well_critical(0.5, 2.0);
    printf("\nPart 6: J(w) = mean of J_i(w) = (w^2 - 1)^2 + t_i w over %d examples,\n"
           "  slopes t_i spread evenly over %.1f -+ %.1f (gradient noise: variance %.2f)\n",
           WELL_N, WELL_TILT, WELL_SPREAD, noise);
    const double critical[3] = {good, top, poor};
    const char *names[3] = {"good minimum", "maximum (the barrier)", "poor minimum"};
    for (int k = 0; k < 3; k++) {
        double w = critical[k];
        printf("  w = %7.4f  J = %7.4f  J'' = %6.2f  %s\n", w, well_loss(w, WELL_TILT),
               12 * w * w - 4, names[k]);
    }

    /* Run 0: full-batch gradient descent from the poor basin, WELL_STEPS
     * steps with the mean gradient (J', in double) over all examples.
     * Runs 1 to WELL_SEEDS: SGD (your sgd_epoch) at the same rate from the
     * same start, one shuffle seed per run. */
    static struct well_trace trace[WELL_SEEDS + 1];
    float w = WELL_START;
    for (size_t t = 0; t <= WELL_STEPS; t++) {
        trace[0].w[t] = w;
        w -= WELL_LR * (float)(4.0 * w * w * w - 4.0 * w + WELL_TILT);
    }
    printf("  full-batch GD, lr = %g, from w = %g: w = %.4f after %d steps\n", (double)WELL_LR,
           (double)WELL_START, (double)trace[0].w[WELL_STEPS], WELL_STEPS);
    printf("  SGD (sgd_epoch), lr = %g, from w = %g, %d epochs of %d steps:\n",
           (double)WELL_LR, (double)WELL_START, WELL_EPOCHS, WELL_N);
    printf("  %5s  %16s%-4g  %9s  %10s  %s\n", "seed", "first step w < ",
           (double)WELL_GOOD_SIDE, "went back", "final w", "ends in");
    int reached = 0, returned = 0, ended_good = 0;
    for (int seed = 1; seed <= WELL_SEEDS; seed++) {
        struct well_trace *run = &trace[seed];
        const struct well_context context = {slope, run};
        const struct objective f = {.param_count = 1, .example_count = WELL_N,
                                    .example_loss_and_gradient = well_example,
                                    .context = &context};
        uint32_t order[WELL_N];
        for (uint32_t k = 0; k < WELL_N; k++)
            order[k] = k;
        struct rng rng;
        rng_seed(&rng, (uint64_t)seed, 0);
        float w_sgd[1] = {WELL_START}, g[1];
        for (int e = 0; e < WELL_EPOCHS; e++)
            sgd_epoch(&f, w_sgd, WELL_LR, order, g, &rng);
        run->w[WELL_STEPS] = w_sgd[0];
        long first = -1; /* the first step well inside the good basin */
        for (long t = 0; t <= WELL_STEPS && first < 0; t++)
            if (run->w[t] < WELL_GOOD_SIDE)
                first = t;
        int went_back = 0; /* back over the barrier after reaching the good side */
        for (long t = first >= 0 ? first : WELL_STEPS + 1; t <= WELL_STEPS; t++)
            went_back |= run->w[t] > top;
        int ends_good = w_sgd[0] < top;
        reached += first >= 0;
        returned += went_back;
        ended_good += ends_good;
        char when[24];
        if (first >= 0)
            snprintf(when, sizeof when, "%ld", first);
        else
            snprintf(when, sizeof when, "never");
        const char *back = first < 0 ? "-" : went_back ? "yes" : "no";
        printf("  %5d  %20s  %9s  %10.4f  %s\n", seed, when, back, (double)w_sgd[0],
               ends_good ? "good basin" : "poor basin");
    }
    printf("  SGD reached the good basin in %d of %d runs, went back over the barrier\n"
           "  in %d and ended in the good basin in %d;\n"
           "  full-batch GD, at the same rate, %s.\n",
           reached, WELL_SEEDS, returned, ended_good,
           trace[0].w[WELL_STEPS] > top ? "stays in the poor basin" : "left the poor basin");

    /* The figure keeps every WELL_DRAW_EVERY-th step: the jitter stays
     * visible, the file stays small. Each run's line style is picked
     * (svg.h: style k is colour k mod 7 of blue, vermillion, green, purple,
     * orange, sky blue, black, with dash k mod 4 of solid, dashed, dotted,
     * dash-dotted): the seeds first, never black, two at most per colour,
     * with different dashes, seed 7 (the run that stays beside GD) alone in
     * solid vermillion; full-batch GD last, on top, solid black (style 20). */
    static const size_t STYLE[WELL_SEEDS + 1] = {0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 20};
    static double steps[WELL_DRAWN], path[WELL_SEEDS + 1][WELL_DRAWN];
    static char labels[WELL_SEEDS + 1][32];
    struct svg_series series[WELL_SEEDS + 1];
    for (int r = 0; r <= WELL_SEEDS; r++) {
        for (size_t t = 0; t <= WELL_STEPS; t += WELL_DRAW_EVERY) {
            steps[t / WELL_DRAW_EVERY] = (double)t;
            path[r][t / WELL_DRAW_EVERY] = trace[r].w[t];
        }
        /* Run 0 is GD and goes last; seed r goes at r - 1. */
        size_t k = r == 0 ? WELL_SEEDS : (size_t)(r - 1);
        if (r == 0)
            snprintf(labels[k], sizeof labels[k], "full-batch GD");
        else
            snprintf(labels[k], sizeof labels[k], "SGD, seed %d", r);
        series[k] = (struct svg_series){labels[k], steps, path[r], WELL_DRAWN};
    }
    static char title[96];
    snprintf(title, sizeof title, "Tilted double well: poor minimum %.2f, good minimum %.2f",
             poor, good);
    const struct line_chart chart = {
        .title = title,
        .x_label = "step (SGD: one example; GD: all 100)", .y_label = "w",
        .series = series, .series_count = WELL_SEEDS + 1, .styles = STYLE,
    };
    return figure_line_chart(folder, "escape.svg", &chart);
}

/* ---- Part 7: a curriculum, easy digits first --------------------------------------- */

/* Section "Going further: Ordering on purpose". Difficulty is stroke ink:
 * the sum of a digit's 784 pixel intensities (each in [0, 1]); less ink is
 * called easier. Both arms train the MLP of part 3 with your sgd_epoch
 * (lr = 0.01, one digit per step) for CUR_EPOCHS epochs of n steps each:
 *   shuffled:   every epoch, all n digits in a fresh order;
 *   curriculum: epoch e draws only from the pool of the easiest
 *               n / CUR_POOL_DIVISOR[e] digits, in CUR_POOL_DIVISOR[e]
 *               shuffled passes over the pool that add up to n steps: the
 *               easiest quarter 4 times, the easiest half twice, then all
 *               of them once per epoch.
 * So after each epoch both arms have taken the same number of steps. Each
 * seed gives both arms the same initial weights; the test accuracy is
 * taken after every epoch, on all the test digits. */
enum { CUR_EPOCHS = 4, CUR_SEEDS = 5, CUR_N_FULL = 1000, CUR_N_QUICK = 500 };
enum { CUR_EVAL_BATCH = 100 };
static const int CUR_POOL_DIVISOR[CUR_EPOCHS] = {4, 2, 1, 1}; /* pool = n / divisor */

struct inked {
    double ink;
    uint32_t index;
};

/* Least ink first; equal ink by index, so the order is fully determined. */
static int by_ink(const void *a, const void *b)
{
    const struct inked *x = a, *y = b;
    if (x->ink != y->ink)
        return x->ink < y->ink ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* One arm for one seed: the test accuracy at the start and after each epoch,
 * into accuracy[0..CUR_EPOCHS]. curriculum 0: shuffled epochs of all n;
 * 1: the pacing above, pools taken from easiest (the n indices by ink). */
static int curriculum_run(const struct dataset *train, const struct dataset *test,
                          const uint32_t *easiest, size_t n, int curriculum, uint64_t seed,
                          double *accuracy)
{
    static uint32_t order[CUR_N_FULL];
    struct error err;
    struct rng rng;
    rng_seed(&rng, seed, 0);
    struct digits d = {.train = train};
    /* Room for batches of CUR_EVAL_BATCH: the test digits are classified in
     * batches (faster); training still takes one digit per step. */
    if (model_create(&d.model, MODEL_MLP, CUR_EVAL_BATCH, &rng, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    const float lr = 0.01f;
    accuracy[0] = (double)model_count_correct(&d.model, test->images, test->labels,
                                              test->count) / (double)test->count;
    for (int e = 0; e < CUR_EPOCHS; e++) {
        /* The epoch's examples are the pool: the easiest digits under the
         * curriculum (example k is digit easiest[k]), all digits otherwise;
         * order is a permutation of 0..pool-1, as sgd_epoch's contract says. */
        size_t pool = curriculum ? n / (size_t)CUR_POOL_DIVISOR[e] : n;
        d.subset = curriculum ? easiest : NULL;
        for (size_t k = 0; k < pool; k++)
            order[k] = (uint32_t)k;
        const struct objective f = {.param_count = d.model.param_count, .example_count = pool,
                                    .example_loss_and_gradient = digit_example,
                                    .context = &d};
        for (size_t pass = 0; pass < n / pool; pass++) /* n steps in all */
            sgd_epoch(&f, d.model.params, lr, order, d.model.grads, &rng);
        accuracy[e + 1] = (double)model_count_correct(&d.model, test->images, test->labels,
                                                      test->count) / (double)test->count;
    }
    model_free(&d.model);
    return 0;
}

static int part7(const char *folder)
{
    struct dataset train, test;
    struct error err;
    if (dataset_load_course_digits(&train, &test, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    /* The first n training digits (DESCENT_QUICK=1: fewer, the same code). */
    size_t n = CUR_N_FULL;
    const char *quick = getenv("DESCENT_QUICK");
    if (quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0)
        n = CUR_N_QUICK;
    if (train.count < n)
        n = train.count - train.count % 4;
    static struct inked inked[CUR_N_FULL];
    static uint32_t easiest[CUR_N_FULL];
    for (size_t i = 0; i < n; i++) {
        double ink = 0.0;
        for (size_t p = 0; p < MODEL_INPUTS; p++)
            ink += train.images[i * MODEL_INPUTS + p];
        inked[i] = (struct inked){ink, (uint32_t)i};
    }
    qsort(inked, n, sizeof *inked, by_ink);
    int quarter_labels[MODEL_CLASSES] = {0};
    for (size_t k = 0; k < n; k++) {
        easiest[k] = inked[k].index;
        if (k < n / 4)
            quarter_labels[train.labels[inked[k].index]]++;
    }
    printf("\nPart 7: a curriculum by stroke ink (sum of pixel intensities; less is easier)\n"
           "  on the first %zu training digits: the MLP, lr = 0.01, one digit per step,\n"
           "  %d epochs of %zu steps, %d seeds (the same initial weights in both arms)\n",
           n, CUR_EPOCHS, n, CUR_SEEDS);
    printf("  ink: least %.1f, median %.1f, most %.1f; the easiest quarter holds, per label\n"
           "  0..9:", inked[0].ink, inked[n / 2].ink, inked[n - 1].ink);
    for (int c = 0; c < MODEL_CLASSES; c++)
        printf(" %d", quarter_labels[c]);
    printf("\n  curriculum: epoch 1 on the easiest quarter (4 passes), epoch 2 on the\n"
           "  easiest half (2 passes), then all; shuffled: all %zu every epoch\n", n);

    double acc[2][CUR_SEEDS][CUR_EPOCHS + 1];
    for (int seed = 1; seed <= CUR_SEEDS; seed++)
        for (int arm = 0; arm < 2; arm++)
            if (curriculum_run(&train, &test, easiest, n, arm, (uint64_t)seed,
                               acc[arm][seed - 1]) != 0)
                return -1;

    /* Mean, lowest and highest over the seeds, after each epoch. */
    static double epochs[CUR_EPOCHS + 1], mean[2][CUR_EPOCHS + 1], low[2][CUR_EPOCHS + 1],
        high[2][CUR_EPOCHS + 1];
    printf("  test accuracy (%%), mean over %d seeds [lowest, highest]:\n", CUR_SEEDS);
    printf("  %5s  %24s  %24s\n", "epoch", "shuffled", "curriculum");
    for (int e = 0; e <= CUR_EPOCHS; e++) {
        epochs[e] = e;
        for (int arm = 0; arm < 2; arm++) {
            double sum = 0.0;
            low[arm][e] = high[arm][e] = 100.0 * acc[arm][0][e];
            for (int s = 0; s < CUR_SEEDS; s++) {
                double a = 100.0 * acc[arm][s][e];
                sum += a;
                low[arm][e] = fmin(low[arm][e], a);
                high[arm][e] = fmax(high[arm][e], a);
            }
            mean[arm][e] = sum / CUR_SEEDS;
        }
        printf("  %5d  %8.1f [%5.1f, %5.1f]  %8.1f [%5.1f, %5.1f]\n", e, mean[0][e],
               low[0][e], high[0][e], mean[1][e], low[1][e], high[1][e]);
    }
    int wins = 0;
    printf("  after epoch %d, curriculum - shuffled, per seed (points):", CUR_EPOCHS);
    for (int s = 0; s < CUR_SEEDS; s++) {
        double gap = 100.0 * (acc[1][s][CUR_EPOCHS] - acc[0][s][CUR_EPOCHS]);
        wins += gap > 0;
        printf(" %+.1f", gap);
    }
    printf("\n  the curriculum ends ahead in %d of %d seeds\n", wins, CUR_SEEDS);
    dataset_free(&train);
    dataset_free(&test);

    /* Picked line styles (svg.h, part 6): blue (0, 14, 42) for shuffled,
     * vermillion (8, 22, 50) for the curriculum; solid for the means, dotted
     * for the lowest and highest value over the seeds at each epoch. */
    const size_t points = CUR_EPOCHS + 1;
    const struct svg_series series[] = {
        {"shuffled, mean of 5 seeds", epochs, mean[0], points},
        {"curriculum by ink, mean of 5 seeds", epochs, mean[1], points},
        {"shuffled, range over seeds", epochs, low[0], points},
        {"curriculum, range over seeds", epochs, low[1], points},
        {NULL, epochs, high[0], points},
        {NULL, epochs, high[1], points},
    };
    static const size_t STYLE[] = {0, 8, 14, 22, 42, 50};
    const struct line_chart chart = {
        .title = "Easy digits (least ink) first against shuffled epochs",
        .x_label = "epoch (the same number of steps in both arms)",
        .y_label = "test accuracy (%)",
        .series = series, .series_count = sizeof series / sizeof series[0], .styles = STYLE,
    };
    return figure_line_chart(folder, "curriculum.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (part1(argv[1]) != 0 || part2(argv[1]) != 0 || part3() != 0 || part4(argv[1]) != 0 ||
        part5(argv[1]) != 0 || part6(argv[1]) != 0 || part7(argv[1]) != 0)
        return 1;
    return 0;
}
