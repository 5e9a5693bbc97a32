/* lesson14.h -- the functions of lesson 14, early stopping
 * (lessons/14-early-stopping/README.md). Included by lessons.h.
 *
 * Early stopping watches the loss on a validation set (examples held out
 * of training) once per epoch, remembers the best epoch, and says when to
 * stop: after `patience` epochs in a row without an improvement. It is a
 * small state machine; the trainer's after_epoch hook feeds it. */
#ifndef DESCENT_LESSON14_H
#define DESCENT_LESSON14_H

/* What early_stopping_update tells the training loop to do. */
enum early_stopping_decision {
    EARLY_STOPPING_KEEP_GOING = 0, /* no improvement, but patience is left */
    EARLY_STOPPING_NEW_BEST = 1,   /* a new best epoch: save a checkpoint of it */
    EARLY_STOPPING_STOP = 2        /* patience used up: stop, restore the best checkpoint */
};

/* region early_stopping_state */
/* The state machine's five numbers: two settings and three that it updates. */
struct early_stopping {
    long patience;                    /* epochs without improvement that stop the run; >= 0 */
    double min_delta;                 /* an improvement must beat the best by more; >= 0 */
    double best_loss;                 /* the lowest validation loss so far; +inf at first */
    long best_epoch;                  /* the epoch that reached best_loss; 0 before any */
    long epochs_without_improvement;  /* since best_epoch (or since the start) */
};
/* endregion early_stopping_state */

/* Starts the state machine: stores patience and min_delta, best_loss = +inf
 * (INFINITY), best_epoch = 0, epochs_without_improvement = 0. */
void early_stopping_init(struct early_stopping *s, long patience, double min_delta);

/* Feeds the validation loss measured after `epoch` (counted from 1).
 *   improvement  <=>  validation_loss < best_loss - min_delta
 * (strictly; a NaN loss is never an improvement, and the first finite loss
 * always is, since best_loss starts at +inf).
 * On an improvement: best_loss = validation_loss, best_epoch = epoch,
 *   epochs_without_improvement = 0, and NEW_BEST is returned.
 * Otherwise epochs_without_improvement grows by 1, and the result is STOP
 *   if it has reached patience (>= patience), else KEEP_GOING. So patience 3
 *   stops at the third epoch in a row without improvement, and patience 0
 *   (like 1) at the first. best_loss and best_epoch are then unchanged.
 * These are the rules of Keras's and PyTorch Lightning's EarlyStopping
 * (mode "min"). */
enum early_stopping_decision early_stopping_update(struct early_stopping *s, long epoch,
                                                   double validation_loss);

#endif
