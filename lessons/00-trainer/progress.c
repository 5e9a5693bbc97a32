/* progress.c -- see progress.h. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 20 };

double progress_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void progress_start(struct progress *p, int wanted, long epoch, long epochs, size_t total)
{
    p->enabled = wanted && isatty(STDERR_FILENO);
    p->started = progress_now();
    p->last_drawn = 0.0;
    p->epoch = epoch;
    p->epochs = epochs;
    p->done = 0;
    p->total = total;
    p->samples = 0;
}

void progress_update(struct progress *p, size_t samples, double loss)
{
    p->done++;
    p->samples += samples;
    if (!p->enabled)
        return;
    double now = progress_now();
    if (now - p->last_drawn < 0.1 && p->done < p->total)
        return;
    p->last_drawn = now;

    double elapsed = now - p->started;
    double rate = elapsed > 0.0 ? (double)p->samples / elapsed : 0.0;
    double left = p->done > 0 ? elapsed * (double)(p->total - p->done) / (double)p->done : 0.0;
    size_t filled = p->total > 0 ? BAR_WIDTH * p->done / p->total : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    for (size_t i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\repoch %ld/%ld [%s] %4zu/%zu  loss %.4f  %6.0f samples/s  %5.1f s left ",
            p->epoch, p->epochs, bar, p->done, p->total, loss, rate, left);
    fflush(stderr);
}

void progress_finish(struct progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r%90s\r", "");
}
