/* progress.h -- a one-line live progress bar on standard error:
 *
 *   epoch 2/5 [##########..........]  63/125  loss 0.2871  41230 samples/s  1.4 s left
 *
 * The line is redrawn in place with a carriage return, at most ten times a
 * second. When standard error is not a terminal (a log file, CI), nothing is
 * drawn: a file full of carriage returns helps no one. */
#ifndef DESCENT_PROGRESS_H
#define DESCENT_PROGRESS_H

#include <stddef.h>

struct progress {
    int enabled;        /* 0: draw nothing */
    double started;     /* wall time at progress_start, in seconds */
    double last_drawn;  /* wall time of the last redraw */
    long epoch, epochs; /* 1-based epoch and the total */
    size_t done, total; /* batches done in this epoch, and their number */
    size_t samples;     /* examples processed since progress_start */
};

/* The wall clock in seconds (monotonic where the system offers it). */
double progress_now(void);

/* Starts a bar for one epoch; enabled only if wanted and stderr is a terminal. */
void progress_start(struct progress *p, int wanted, long epoch, long epochs, size_t total);

/* Records one more batch of `samples` examples with this loss, redrawing the
 * line if a tenth of a second has passed (or it is the last batch). */
void progress_update(struct progress *p, size_t samples, double loss);

/* Clears the line, so the next output starts on a clean line. */
void progress_finish(struct progress *p);

#endif
