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
    /* TODO: store patience and min_delta in s; set best_loss to +infinity
     * (INFINITY from <math.h>), best_epoch to 0 and
     * epochs_without_improvement to 0. */
    (void)s; (void)patience; (void)min_delta;
    not_implemented("early_stopping_init", "14-early-stopping", "Patience and min_delta");
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
    /* TODO:
     * 1. The loss improves if validation_loss < best_loss - min_delta.
     *    Write exactly this comparison: it is false for a NaN, which must
     *    never count as an improvement.
     * 2. On an improvement: record the loss in best_loss and the epoch in
     *    best_epoch, reset epochs_without_improvement to 0, and return
     *    EARLY_STOPPING_NEW_BEST.
     * 3. Otherwise add 1 to epochs_without_improvement (leave the best
     *    alone) and return EARLY_STOPPING_STOP if it is now at least
     *    patience, else EARLY_STOPPING_KEEP_GOING. */
    (void)s; (void)epoch; (void)validation_loss;
    not_implemented("early_stopping_update", "14-early-stopping", "The state machine");
    /* STUDENT CODE END */
}
