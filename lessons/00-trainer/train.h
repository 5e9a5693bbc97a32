/* train.h -- the training loop: epochs, batches, forward, backward, an
 * optimizer step at the schedule's rate, evaluation, logs and checkpoints.
 *
 * Which lesson does what in one epoch (lesson 00, "The training loop"):
 *
 *   order <- 0, 1, ..., N-1, then shuffle(order)            lesson 02
 *   for each batch k < batch_count(N, B, KEEP):             lesson 03
 *       gather the images order[start .. start+len)         batch_bounds, lesson 03
 *       loss, g <- model_loss_and_gradient(batch)           given (the model;
 *                      its optional dropout and batch norm: lesson 17)
 *       optionally clip g, add noise to g                   lesson 13
 *       lr <- schedule_lr(schedule, step)                   lesson 09
 *       w <- optimizer step(w, g, lr)                       lessons 01, 04-08
 *   test accuracy <- model_count_correct(test set) / M      given
 *
 * Until lessons 02, 03 and 09 are written, the loop stands in for them with
 * the trivial behaviour (file order, consecutive batches cut by the loop,
 * the constant rate) and says so on stderr; see train.c, "Lessons 02, 03
 * and 09, or their stand-ins".
 *
 * The batch gradient comes from one batched forward and backward pass (a
 * few large matrix products), which computes exactly the average of the
 * per-example gradients that lesson 03's batch_gradient adds up one by one:
 * the same number, much faster. */
#ifndef DESCENT_TRAIN_H
#define DESCENT_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "idx.h"
#include "lessons.h"
#include "model.h"
#include "optimizer.h"

/* The most epochs a run may reach (descent train --epochs 1..1000). */
#define TRAIN_MAX_EPOCHS 1000

/* What the trainer reports after each epoch to an after_epoch hook. */
struct epoch_report {
    long epoch;                    /* epochs completed, from 1 */
    long step;                     /* optimizer steps taken */
    double train_loss;             /* mean batch loss of the epoch */
    double validation_loss, validation_accuracy; /* NaN without a validation set */
    double test_loss, test_accuracy;
    const float *params;           /* the weights now */
    size_t param_count;
    const void *run;               /* for train_checkpoint_now */
};

struct train_config {
    enum model_kind model;
    const struct optimizer_kind *optimizer;
    struct hyperparameters hyper;  /* hyper.lr is the schedule's base_lr */
    struct schedule schedule;      /* its base_lr is set from hyper.lr */
    long epochs;                   /* epochs to reach (a resumed run counts from 0) */
    size_t batch;                  /* examples per batch */
    uint64_t seed;                 /* initial weights and every shuffle */
    int shuffle;                   /* 0: keep the data's order (an experiment) */
    size_t train_limit;            /* use only the first train_limit examples; 0: all */
    const char *checkpoint_path;   /* written after every epoch; NULL: none */
    const char *resume_path;       /* continue from this checkpoint; NULL: start */
    const char *log_path;          /* CSV log; NULL: none */
    const char *plot_path;         /* SVG loss curves; NULL: none */
    double clip_norm;              /* > 0: clip each batch gradient to this norm (lesson 13) */
    double grad_noise_eta;         /* > 0: add noise of variance eta/(1+t)^gamma (lesson 13) */
    double grad_noise_gamma;       /*      with this gamma (the paper's: 0.55) */
    float dropout;                 /* > 0: dropout before the last dense layer (lesson 17) */
    int batch_norm;                /* 1: batch normalization before each ReLU (lesson 17) */
    size_t validation_count;       /* hold out the LAST validation_count training examples
                                      (after train_limit) as a validation set; 0: none */
    /* Called after every epoch (after the checkpoint is written); returning
     * non-zero stops training early, as if the last epoch had been reached. */
    int (*after_epoch)(void *context, const struct epoch_report *report);
    void *after_epoch_context;
    long eval_every;               /* also measure test accuracy every this many steps
                                      (0: only at the end of each epoch) */
    int progress;                  /* 1: a live progress bar on stderr */
    int quiet;                     /* 1: no per-epoch lines on stdout */
};

/* What a run produced. The arrays are owned by the result: free them with
 * train_result_free. */
struct train_result {
    long steps;                /* optimizer steps taken in all (resumed runs included) */
    long epochs_done;
    int stopped_early;         /* 1: the after_epoch hook ended the run */
    double seconds;            /* wall time of this process's part of the run */
    double final_train_loss;   /* mean batch loss of the last epoch */
    double test_loss, test_accuracy;  /* after the last epoch */
    double *step_loss;         /* [steps] the loss of every batch, in order */
    double *epoch_test_accuracy; /* [epochs_done] */
    double *epoch_test_loss;     /* [epochs_done] */
    double *epoch_train_loss;    /* [epochs_done] */
    size_t eval_count;         /* test evaluations made (every eval_every steps) */
    long *eval_step;           /* [eval_count] the step after which it was made */
    double *eval_seconds;      /* [eval_count] training seconds so far (evaluation excluded) */
    double *eval_accuracy;     /* [eval_count] test accuracy then */
    float *params;             /* [param_count] the trained weights */
    size_t param_count;
};

/* Trains a model on train_set and evaluates it on test_set after every
 * epoch, as configured. Returns 0, or -1 with one line in err: a bad
 * setting, a checkpoint that cannot be written or read, out of memory, or a
 * run that diverged (the loss became NaN or infinite: the message gives the
 * step, the last finite loss and a hint). Even on divergence the log and
 * plot hold the steps before it, and result holds what was done. */
int train(const struct train_config *config, const struct dataset *train_set,
          const struct dataset *test_set, struct train_result *result, struct error *err);

void train_result_free(struct train_result *result);

/* From inside an after_epoch hook: writes a checkpoint of the run as it is
 * now (report->run) to path, e.g. the best epoch so far. Returns 0 or -1. */
int train_checkpoint_now(const void *run, const char *path, struct error *err);

/* The schedule kinds by name, for the command line: "constant", "step",
 * "exponential", "inverse-time", "cosine", "warmup", "warmup-cosine",
 * "inverse-sqrt". Returns 0 and sets *kind, or -1 for an unknown name. */
int schedule_kind_from_name(const char *name, enum schedule_kind *kind);
const char *schedule_kind_name(enum schedule_kind kind);

#endif
