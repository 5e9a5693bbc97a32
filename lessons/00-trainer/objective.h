/* objective.h -- a loss over a dataset, seen one example at a time.
 *
 * Lessons 02 and 03 train on any objective of the form
 *   J(w) = (1/N) * sum_i J_i(w),   i = 0 .. N-1,
 * where J_i is the loss on example i. An objective hands out J_i and its
 * gradient for one example; how the examples are ordered and grouped is
 * the lessons' business. The tests use a small linear regression; the
 * trainer wraps the MLP and the CNN the same way. */
#ifndef DESCENT_OBJECTIVE_H
#define DESCENT_OBJECTIVE_H

#include <stddef.h>

struct objective {
    size_t param_count;   /* length of w and of every gradient */
    size_t example_count; /* N */
    /* J_i(w) for example i (0 <= i < N), with its gradient written to g
     * (param_count floats, overwritten). Does not change w. */
    double (*example_loss_and_gradient)(const void *context, const float *w, size_t i,
                                        float *g);
    const void *context;  /* passed through unchanged */
};

#endif
