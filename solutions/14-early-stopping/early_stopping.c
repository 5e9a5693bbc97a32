/* early_stopping.c -- lesson 14: early stopping on a validation split.
 *
 * You write the two functions of a small state machine that watches the
 * validation loss after every epoch, remembers the best epoch, and decides
 * when to stop. The lesson text is lessons/14-early-stopping/README.md; each
 * function names the section that explains it. Write your code between the
 * STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"
#include "lesson14.h"

#include <math.h>

/* Section "Patience and min_delta".
 *   best_loss = +inf, best_epoch = 0, epochs_without_improvement = 0. */
void early_stopping_init(struct early_stopping *s, long patience, double min_delta)
{
    /* STUDENT CODE BEGIN */
    s->patience = patience;
    s->min_delta = min_delta;
    s->best_loss = INFINITY; /* any finite loss beats it */
    s->best_epoch = 0;
    s->epochs_without_improvement = 0;
    /* STUDENT CODE END */
}

/* Section "The state machine".
 *   improvement <=> loss < best_loss - min_delta  (false for NaN)
 *   improvement:  best <- (loss, epoch), counter <- 0,  NEW_BEST
 *   otherwise:    counter <- counter + 1,  STOP if counter >= patience. */
enum early_stopping_decision early_stopping_update(struct early_stopping *s, long epoch,
                                                   double validation_loss)
{
    /* STUDENT CODE BEGIN */
    /* Written as one comparison, so that a NaN (for which every comparison
     * is false) is never an improvement. */
    if (validation_loss < s->best_loss - s->min_delta) {
        s->best_loss = validation_loss;
        s->best_epoch = epoch;
        s->epochs_without_improvement = 0;
        return EARLY_STOPPING_NEW_BEST;
    }
    s->epochs_without_improvement++;
    if (s->epochs_without_improvement >= s->patience)
        return EARLY_STOPPING_STOP;
    return EARLY_STOPPING_KEEP_GOING;
    /* STUDENT CODE END */
}
