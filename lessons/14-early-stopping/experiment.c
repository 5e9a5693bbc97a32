/* experiment.c -- lesson 14's experiment (given code: read it, run it).
 *
 *   make run LESSON=14                  with your lessons
 *
 * "The experiment: overfitting on purpose": the MLP trains on only 1000
 * digits with Adam, so that it overfits within a few epochs, while the
 * trainer measures the loss on 1000 other training digits held out as a
 * validation set after every epoch. Your early_stopping_update, called from
 * the trainer's after_epoch hook, decides: a new best epoch writes a
 * checkpoint, and patience used up stops the run. The best checkpoint is
 * then restored and evaluated on the test set. A second run with the same
 * seed and no stopping shows what the rest of the epochs would have given.
 *
 * It trains with your Adam kernel (lesson 08) and your early stopping, so it
 * runs once those are written; your shuffle, batches and schedule are used
 * when written, and until then the trainer stands in for them and prints one
 * "fallback:" line each (the numbers then differ from the lesson's).
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures and the checkpoint go there) */
#include "lessons.h"
#include "lesson14.h"
#include "checkpoint.h"
#include "figure.h"
#include "svg.h"
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* region setup */
#define TRAIN_LIMIT 2000      /* the first 2000 training digits ...            */
#define VALIDATION 1000       /* ... of which the last 1000 are the validation set */
#define MAX_EPOCHS 40
#define PATIENCE 5
#define MIN_DELTA 0.001
#define LR 0.001              /* Adam's default */
#define BATCH 32
#define SEED 1
/* endregion setup */

/* What the after_epoch hook keeps, per epoch. */
struct watch {
    struct early_stopping stopper;
    int stop_enabled;         /* 0: only record (the run without stopping) */
    const char *best_path;    /* where the best epoch's checkpoint goes */
    long epochs;
    double train_loss[MAX_EPOCHS], validation_loss[MAX_EPOCHS];
    double test_accuracy[MAX_EPOCHS], validation_accuracy[MAX_EPOCHS], test_loss[MAX_EPOCHS];
    int failed;
};

/* region hook */
/* The trainer calls this after every epoch. It hands the validation loss
 * to early_stopping_update and does what the answer says: a new best writes
 * a checkpoint of the weights as they are now; STOP ends the run. */
static int after_epoch(void *context, const struct epoch_report *report)
{
    struct watch *w = context;
    long e = report->epoch - 1;
    w->epochs = report->epoch;
    w->train_loss[e] = report->train_loss;
    w->validation_loss[e] = report->validation_loss;
    w->validation_accuracy[e] = report->validation_accuracy;
    w->test_accuracy[e] = report->test_accuracy;
    w->test_loss[e] = report->test_loss;
    if (!w->stop_enabled)
        return 0;

    enum early_stopping_decision decision =
        early_stopping_update(&w->stopper, report->epoch, report->validation_loss);
    printf("  %5ld %11.4f %16.4f %8ld%s\n", report->epoch, report->train_loss,
           report->validation_loss, w->stopper.epochs_without_improvement,
           decision == EARLY_STOPPING_NEW_BEST ? "   new best: checkpoint saved"
           : decision == EARLY_STOPPING_STOP  ? "   STOP"
                                              : "");
    if (decision == EARLY_STOPPING_NEW_BEST) {
        struct error err;
        if (train_checkpoint_now(report->run, w->best_path, &err) != 0) {
            fprintf(stderr, "experiment: %s\n", err.message);
            w->failed = 1;
            return 1;
        }
    }
    return decision == EARLY_STOPPING_STOP;
}
/* endregion hook */

static struct train_config config_for(struct watch *w)
{
    struct train_config c = {
        .model = MODEL_MLP, .optimizer = optimizer_find("adam"),
        .schedule = {.kind = SCHEDULE_CONSTANT},
        .epochs = MAX_EPOCHS, .batch = BATCH, .seed = SEED, .shuffle = 1,
        .train_limit = TRAIN_LIMIT, .validation_count = VALIDATION,
        .after_epoch = after_epoch, .after_epoch_context = w, .quiet = 1,
    };
    c.hyper = c.optimizer->defaults;
    c.hyper.lr = (float)LR;
    return c;
}

/* region restore */
/* Reads the best epoch's checkpoint back into a fresh MLP and measures its
 * test accuracy: "restore the best weights". */
static int restored_test_accuracy(const char *path, const struct dataset *test_set,
                                  double *accuracy, long *epoch)
{
    struct checkpoint c;
    struct model m;
    struct rng rng;
    struct error err;
    rng_seed(&rng, 0, 0); /* any: the weights are overwritten */
    if (checkpoint_read(path, &c, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    if (model_create(&m, MODEL_MLP, 256, &rng, &err) != 0 || m.param_count != c.param_count) {
        fprintf(stderr, "experiment: cannot rebuild the MLP of %s\n", path);
        checkpoint_free(&c);
        return -1;
    }
    memcpy(m.params, c.params, m.param_count * sizeof(float));
    *accuracy = (double)model_count_correct(&m, test_set->images, test_set->labels,
                                            test_set->count) / (double)test_set->count;
    *epoch = (long)c.epoch;
    model_free(&m);
    checkpoint_free(&c);
    return 0;
}
/* endregion restore */

/* Both losses of the full run on a log axis, which shows the training
 * loss's fall over two decades and flattens the validation loss. */
static int loss_figure(const char *folder, const struct watch *full,
                       const struct watch *stopped)
{
    static double x[MAX_EPOCHS];
    for (long e = 0; e < full->epochs; e++)
        x[e] = (double)(e + 1);
    /* The best epoch and the stop, as vertical lines across the loss range. */
    double lo = INFINITY, hi = 0.0;
    for (long e = 0; e < full->epochs; e++) {
        double values[2] = {full->train_loss[e], full->validation_loss[e]};
        for (int k = 0; k < 2; k++)
            if (values[k] > 0.0 && isfinite(values[k])) {
                lo = fmin(lo, values[k]);
                hi = fmax(hi, values[k]);
            }
    }
    double best_x[2] = {(double)stopped->stopper.best_epoch, (double)stopped->stopper.best_epoch};
    double stop_x[2] = {(double)stopped->epochs, (double)stopped->epochs};
    double span_y[2] = {lo, hi};
    char best_label[64], stop_label[64];
    snprintf(best_label, sizeof best_label, "best epoch (%ld), checkpoint restored",
             stopped->stopper.best_epoch);
    snprintf(stop_label, sizeof stop_label, "stopped (epoch %ld, patience %d)",
             stopped->epochs, PATIENCE);
    const struct svg_series series[] = {
        {"training loss (mean over the epoch's batches)", x, full->train_loss,
         (size_t)full->epochs},
        {"validation loss (1000 held-out digits)", x, full->validation_loss,
         (size_t)full->epochs},
        {best_label, best_x, span_y, 2},
        {stop_label, stop_x, span_y, 2},
    };
    const struct line_chart chart = {
        .title = "MLP on 1000 digits, Adam lr 0.001: loss per epoch",
        .x_label = "epoch", .y_label = "cross-entropy loss (log scale)", .log_y = 1,
        .series = series, .series_count = 4,
    };
    return figure_line_chart(folder, "early-stopping.svg", &chart);
}

/* The first epoch of the close-up: from here on the validation loss moves
 * by a few hundredths, which a linear axis shows. */
#define CLOSE_UP_FROM 5

/* The validation loss alone, from epoch CLOSE_UP_FROM on, on a linear axis:
 * its fall to the best epoch and the slow rise after it. */
static int validation_figure(const char *folder, const struct watch *full,
                             const struct watch *stopped)
{
    static double x[MAX_EPOCHS];
    long first = CLOSE_UP_FROM - 1;
    if (full->epochs <= first)
        return 0;
    size_t count = (size_t)(full->epochs - first);
    double lo = INFINITY, hi = -INFINITY;
    for (long e = first; e < full->epochs; e++) {
        x[e - first] = (double)(e + 1);
        if (isfinite(full->validation_loss[e])) {
            lo = fmin(lo, full->validation_loss[e]);
            hi = fmax(hi, full->validation_loss[e]);
        }
    }
    double best_x[2] = {(double)stopped->stopper.best_epoch, (double)stopped->stopper.best_epoch};
    double stop_x[2] = {(double)stopped->epochs, (double)stopped->epochs};
    double span_y[2] = {lo, hi};
    const struct svg_series series[] = {
        {"validation loss (1000 held-out digits)", x, full->validation_loss + first, count},
        {"best epoch", best_x, span_y, 2},
        {"stopped", stop_x, span_y, 2},
    };
    char title[96];
    snprintf(title, sizeof title, "The validation loss from epoch %d on (linear scale)",
             CLOSE_UP_FROM);
    const struct line_chart chart = {
        .title = title,
        .x_label = "epoch", .y_label = "cross-entropy loss",
        .series = series, .series_count = 3,
    };
    return figure_line_chart(folder, "validation-loss.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    struct dataset train_set = {0}, test_set = {0};
    struct error err;
    if (dataset_load_course_digits(&train_set, &test_set, &err) != 0) {
        fprintf(stderr, "experiment: %s (run it from the top of the repository: make run "
                        "LESSON=14)\n", err.message);
        return 1;
    }
    char best_path[1024];
    snprintf(best_path, sizeof best_path, "%s/best.ckpt", argv[1]);

    static struct watch stopped, full;
    printf("The MLP on %d training digits (%d more held out for validation),\n"
           "Adam lr %g, batch %d, at most %d epochs, early stopping with patience %d\n"
           "and min_delta %g (\"without\": epochs without improvement):\n",
           TRAIN_LIMIT - VALIDATION, VALIDATION, LR, BATCH, MAX_EPOCHS, PATIENCE, MIN_DELTA);
    printf("  %5s %11s %16s %8s\n", "epoch", "train loss", "validation loss", "without");
    early_stopping_init(&stopped.stopper, PATIENCE, MIN_DELTA);
    stopped.stop_enabled = 1;
    stopped.best_path = best_path;
    struct train_config config = config_for(&stopped);
    struct train_result result;
    int status = train(&config, &train_set, &test_set, &result, &err);
    if (status != 0 || stopped.failed) {
        if (status != 0)
            fprintf(stderr, "experiment: %s\n", err.message);
        train_result_free(&result);
        return 1;
    }
    printf("  stopped early: %s, after epoch %ld\n", result.stopped_early ? "yes" : "no",
           result.epochs_done);
    double restored;
    long restored_epoch;
    if (restored_test_accuracy(best_path, &test_set, &restored, &restored_epoch) != 0)
        return 1;
    long best = stopped.stopper.best_epoch;
    printf("  best epoch %ld: validation loss %.4f, test loss %.4f, test accuracy %.2f%%\n",
           best, stopped.stopper.best_loss, stopped.test_loss[best - 1],
           100.0 * stopped.test_accuracy[best - 1]);
    printf("  stopped at epoch %ld: validation loss %.4f, test loss %.4f, "
           "test accuracy %.2f%%\n", result.epochs_done,
           stopped.validation_loss[result.epochs_done - 1], result.test_loss,
           100.0 * result.test_accuracy);
    printf("  restored best.ckpt (epoch %ld) into a fresh MLP: test accuracy %.2f%%\n",
           restored_epoch, 100.0 * restored);
    train_result_free(&result);

    printf("\nThe same run (same seed) without stopping, for %d epochs:\n", MAX_EPOCHS);
    struct train_config full_config = config_for(&full);
    if (train(&full_config, &train_set, &test_set, &result, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return 1;
    }
    printf("  %6s %11s %16s %10s %13s %8s\n", "epoch", "train loss", "validation loss",
           "test loss", "validation %", "test %");
    for (long e = 1; e <= full.epochs; e++)
        if (e <= 6 || e % 5 == 0 || e == best)
            printf("  %6ld %11.4f %16.4f %10.4f %13.2f %8.2f%s\n", e, full.train_loss[e - 1],
                   full.validation_loss[e - 1], full.test_loss[e - 1],
                   100.0 * full.validation_accuracy[e - 1], 100.0 * full.test_accuracy[e - 1],
                   e == best ? "  <- best" : "");
    long lowest = 1;
    for (long e = 2; e <= full.epochs; e++)
        if (full.validation_loss[e - 1] < full.validation_loss[lowest - 1])
            lowest = e;
    long best_test = 1;
    for (long e = 2; e <= full.epochs; e++)
        if (full.test_accuracy[e - 1] > full.test_accuracy[best_test - 1])
            best_test = e;
    printf("  lowest validation loss over all %d epochs: epoch %ld (%.4f)\n", MAX_EPOCHS, lowest,
           full.validation_loss[lowest - 1]);
    printf("  last epoch %d: test loss %.4f, test accuracy %.2f%%\n", MAX_EPOCHS,
           result.test_loss, 100.0 * result.test_accuracy);
    printf("  (early stopping kept epoch %ld: test loss %.4f, test accuracy %.2f%%)\n", best,
           stopped.test_loss[best - 1], 100.0 * restored);
    printf("  highest test accuracy of any epoch: %.2f%% at epoch %ld (choosing it: cheating)\n",
           100.0 * full.test_accuracy[best_test - 1], best_test);
    train_result_free(&result);

    int written = loss_figure(argv[1], &full, &stopped) == 0 &&
                  validation_figure(argv[1], &full, &stopped) == 0 ? 0 : -1;
    dataset_free(&train_set);
    dataset_free(&test_set);
    return written == 0 ? 0 : 1;
}
