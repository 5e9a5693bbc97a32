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
    /* TODO: store the settings and start with no best yet (best
     * loss +infinity, best epoch 0, count 0). Stuck? make hint LESSON=14 */
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
    /* TODO: decide with the single comparison above whether
     * this epoch improves, update the best or the count, and return NEW_BEST,
     * STOP or KEEP_GOING. Stuck? make hint LESSON=14 */
    (void)s; (void)epoch; (void)validation_loss;
    not_implemented("early_stopping_update", "14-early-stopping", "The state machine");
    /* STUDENT CODE END */
}
