/* experiment.c -- lesson 17's experiment (given code: read it, run it).
 *
 *   make run LESSON=17                  with your lessons
 *
 * Part 1, "Which rates still train": the MLP trains with plain SGD on the
 * first 2000 digits for 3 epochs at learning rates from 0.01 to 10, once as
 * it is and once with batch normalization after its hidden dense layer
 * (your batchnorm_* functions); then the CNN does the same, with batch
 * normalization after each convolution. The test accuracy of each run is
 * printed and drawn, one figure per network; a run whose loss overflowed
 * is marked "diverged".
 *
 * Part 2, "Dropout and the train/test gap": the MLP trains with Adam on
 * only 1000 digits for 30 epochs, so that it overfits, with dropout
 * p = 0, 0.2 and 0.5 after its hidden ReLU (your dropout_* functions).
 * After every epoch the loss on those 1000 training digits (evaluation
 * mode, no dropout) and on the test digits is measured; the gap between
 * the two is drawn.
 *
 * Everything is seeded: the same code gives the same numbers. It trains
 * with your lessons 01 (SGD), 08 (Adam) and 17, so it runs once those are
 * written; your shuffle, batches and schedule are used when written.
 * DESCENT_QUICK=1 shortens both parts.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "svg.h"
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* region setup */
#define SWEEP_LIMIT 2000       /* part 1: the first 2000 training digits */
#define SWEEP_EPOCHS 3
#define GAP_LIMIT 1000         /* part 2: only 1000, to overfit */
#define GAP_EPOCHS 30
#define BATCH 32
#define SEED 1
static const double RATES[] = {0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0};
static const float DROPOUTS[] = {0.0f, 0.2f, 0.5f};
/* endregion setup */
enum { RATE_COUNT = sizeof RATES / sizeof RATES[0] };
enum { DROPOUT_COUNT = sizeof DROPOUTS / sizeof DROPOUTS[0] };
enum { MAX_EPOCHS = GAP_EPOCHS };

static struct train_config base_config(enum model_kind model, const char *optimizer,
                                       size_t limit, long epochs)
{
    struct train_config c = {
        .model = model, .optimizer = optimizer_find(optimizer),
        .schedule = {.kind = SCHEDULE_CONSTANT},
        .epochs = epochs, .batch = BATCH, .seed = SEED, .shuffle = 1,
        .train_limit = limit, .quiet = 1,
    };
    c.hyper = c.optimizer->defaults;
    return c;
}

/* ---- Part 1 ------------------------------------------------------------------ */

/* Trains at one rate; returns the test accuracy, or NaN if the run diverged. */
static double sweep_run(const struct dataset *train_set, const struct dataset *test_set,
                        enum model_kind model, double lr, int batch_norm, long epochs)
{
    struct train_config c = base_config(model, "sgd", SWEEP_LIMIT, epochs);
    c.hyper.lr = (float)lr;
    c.batch_norm = batch_norm;
    struct train_result result;
    struct error err;
    int status = train(&c, train_set, test_set, &result, &err);
    double accuracy = status == 0 ? result.test_accuracy : NAN;
    train_result_free(&result);
    return accuracy;
}

/* "91.05%", or "diverged" for NaN. */
static void format_accuracy(char *text, size_t size, double accuracy)
{
    if (isnan(accuracy))
        snprintf(text, size, "diverged");
    else
        snprintf(text, size, "%.2f%%", 100.0 * accuracy);
}

/* accuracy[network][bn][k]: network 0 the MLP, 1 the CNN; bn 0 plain, 1 with
 * batch norm; k the rate. */
static int draw_sweep(const char *folder, const char *file, const char *name,
                      double accuracy[2][RATE_COUNT], long epochs)
{
    double x[RATE_COUNT], y[2][RATE_COUNT];
    for (size_t k = 0; k < RATE_COUNT; k++) {
        x[k] = RATES[k];
        for (int bn = 0; bn < 2; bn++)
            y[bn][k] = 100.0 * accuracy[bn][k]; /* NaN (diverged) is not drawn */
    }
    char plain[32];
    snprintf(plain, sizeof plain, "plain %s", name);
    const struct svg_series series[] = {
        {plain, x, y[0], RATE_COUNT},
        {"with batch normalization", x, y[1], RATE_COUNT},
    };
    char title[128];
    snprintf(title, sizeof title, "SGD on %d digits, %ld epochs: which rates still train%s",
             SWEEP_LIMIT, epochs, strcmp(name, "MLP") == 0 ? "" : " (CNN)");
    const struct line_chart chart = {
        .title = title, .x_label = "learning rate (log scale)",
        .y_label = "test accuracy (%)", .log_x = 1, .series = series, .series_count = 2,
    };
    return figure_line_chart(folder, file, &chart);
}

static int part1(const struct dataset *train_set, const struct dataset *test_set,
                 const char *folder, long epochs)
{
    static const enum model_kind networks[2] = {MODEL_MLP, MODEL_CNN};
    double accuracy[2][2][RATE_COUNT];
    printf("Part 1: SGD on %d digits, %ld epochs, batch %d: test accuracy by rate\n",
           SWEEP_LIMIT, epochs, BATCH);
    printf("  %8s %12s %12s %12s %12s\n", "lr", "plain MLP", "MLP + BN", "plain CNN",
           "CNN + BN");
    for (size_t k = 0; k < RATE_COUNT; k++) {
        printf("  %8g", RATES[k]);
        for (int net = 0; net < 2; net++)
            for (int bn = 0; bn < 2; bn++) {
                accuracy[net][bn][k] =
                    sweep_run(train_set, test_set, networks[net], RATES[k], bn, epochs);
                char text[32];
                format_accuracy(text, sizeof text, accuracy[net][bn][k]);
                printf(" %12s", text);
                fflush(stdout);
            }
        printf("\n");
    }
    int status = draw_sweep(folder, "rate-sweep.svg", "MLP", accuracy[0], epochs);
    if (status == 0)
        status = draw_sweep(folder, "rate-sweep-cnn.svg", "CNN", accuracy[1], epochs);
    return status;
}

/* ---- Part 2 ------------------------------------------------------------------ */

/* What the after_epoch hook measures: the loss on the training digits in
 * evaluation mode (dropout off), next to the trainer's test loss. */
struct gap_watch {
    struct model eval;        /* a plain MLP: dropout adds no parameters */
    const struct dataset *train_set;
    long epochs;
    double train_loss[MAX_EPOCHS], test_loss[MAX_EPOCHS];
    double train_accuracy, test_accuracy;
};

static int after_epoch(void *context, const struct epoch_report *report)
{
    struct gap_watch *w = context;
    long e = report->epoch - 1;
    memcpy(w->eval.params, report->params, report->param_count * sizeof(float));
    w->train_loss[e] = model_loss(&w->eval, w->train_set->images, w->train_set->labels,
                                  GAP_LIMIT);
    w->test_loss[e] = report->test_loss;
    w->train_accuracy = (double)model_count_correct(&w->eval, w->train_set->images,
                                                    w->train_set->labels, GAP_LIMIT) /
                        GAP_LIMIT;
    w->test_accuracy = report->test_accuracy;
    w->epochs = report->epoch;
    return 0;
}

static int part2(const struct dataset *train_set, const struct dataset *test_set,
                 const char *folder, long epochs)
{
    static struct gap_watch watch[DROPOUT_COUNT];
    printf("\nPart 2: Adam (lr 0.001) on %d digits, %ld epochs, batch %d\n", GAP_LIMIT,
           epochs, BATCH);
    printf("  %9s %11s %10s %17s %11s %10s\n", "dropout p", "train loss", "test loss",
           "gap (test-train)", "train acc.", "test acc.");
    for (size_t d = 0; d < DROPOUT_COUNT; d++) {
        struct gap_watch *w = &watch[d];
        struct rng unused;
        struct error err;
        rng_seed(&unused, 0, 0);
        if (model_create(&w->eval, MODEL_MLP, 256, &unused, &err) != 0) {
            fprintf(stderr, "experiment: %s\n", err.message);
            return -1;
        }
        w->train_set = train_set;
        struct train_config c = base_config(MODEL_MLP, "adam", GAP_LIMIT, epochs);
        c.dropout = DROPOUTS[d];
        c.after_epoch = after_epoch;
        c.after_epoch_context = w;
        struct train_result result;
        int status = train(&c, train_set, test_set, &result, &err);
        train_result_free(&result);
        model_free(&w->eval);
        if (status != 0) {
            fprintf(stderr, "experiment: dropout %g: %s\n", (double)DROPOUTS[d], err.message);
            return -1;
        }
        long last = w->epochs - 1;
        printf("  %9g %11.4f %10.4f %17.4f %10.2f%% %9.2f%%\n", (double)DROPOUTS[d],
               w->train_loss[last], w->test_loss[last],
               w->test_loss[last] - w->train_loss[last], 100.0 * w->train_accuracy,
               100.0 * w->test_accuracy);
    }
    double x[MAX_EPOCHS], gap[DROPOUT_COUNT][MAX_EPOCHS];
    char labels[DROPOUT_COUNT][32];
    struct svg_series series[DROPOUT_COUNT];
    for (size_t d = 0; d < DROPOUT_COUNT; d++) {
        for (long e = 0; e < watch[d].epochs; e++) {
            x[e] = (double)(e + 1);
            gap[d][e] = watch[d].test_loss[e] - watch[d].train_loss[e];
        }
        snprintf(labels[d], sizeof labels[d], "dropout p = %g", (double)DROPOUTS[d]);
        series[d] = (struct svg_series){labels[d], x, gap[d], (size_t)watch[d].epochs};
    }
    char title[128];
    snprintf(title, sizeof title, "Adam on %d digits: test loss minus training loss",
             GAP_LIMIT);
    const struct line_chart chart = {
        .title = title, .x_label = "epoch", .y_label = "generalization gap (loss)",
        .series = series, .series_count = DROPOUT_COUNT,
    };
    return figure_line_chart(folder, "dropout-gap.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    struct dataset train_set, test_set;
    struct error err;
    if (dataset_load_course_digits(&train_set, &test_set, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return 1;
    }
    /* DESCENT_QUICK=1 (make check): one epoch in part 1, eight in part 2. */
    const char *quick = getenv("DESCENT_QUICK");
    int is_quick = quick != NULL && strcmp(quick, "1") == 0;
    int status = part1(&train_set, &test_set, argv[1], is_quick ? 1 : SWEEP_EPOCHS);
    if (status == 0)
        status = part2(&train_set, &test_set, argv[1], is_quick ? 8 : GAP_EPOCHS);
    dataset_free(&train_set);
    dataset_free(&test_set);
    return status == 0 ? 0 : 1;
}
