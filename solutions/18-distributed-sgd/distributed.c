/* distributed.c -- lesson 18: distributed SGD, the part without messages.
 *
 * You write five small pure functions: how a vector or a batch is split
 * among the ranks, which block a rank sends and receives at each step of
 * the ring all-reduce, elastic averaging's two updates, and the parameter
 * server's staleness rule. distributed_mpi.c then uses them to send the
 * messages. The lesson text is lessons/18-distributed-sgd/README.md; each
 * function names the section that explains it. Write your code between the
 * STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"
#include "lesson18.h"

/* Section "Splitting the work".
 *   start = floor(part * n / parts),  end = floor((part + 1) * n / parts),
 *   returns end - start. */
size_t split_range(size_t n, int parts, int part, size_t *start)
{
    /* STUDENT CODE BEGIN */
    /* Both bounds by the same formula: part p ends where part p + 1
     * starts, so the parts tile 0 .. n-1 exactly. */
    size_t first = (size_t)part * n / (size_t)parts;
    size_t end = ((size_t)part + 1) * n / (size_t)parts;
    *start = first;
    return end - first;
    /* STUDENT CODE END */
}

/* Section "The ring all-reduce".
 *   reduce-scatter, s < N-1:      send r - s,       receive r - s - 1
 *   all-gather, t = s-(N-1):      send r + 1 - t,   receive r - t
 * (mod N, as a number in 0 .. N-1). */
enum ring_phase ring_schedule(int rank, int ranks, int step, int *send_block,
                              int *recv_block)
{
    /* STUDENT CODE BEGIN */
    /* Adding `ranks` twice keeps every left operand of % non-negative:
     * in C, -1 % 4 is -1, not 3. */
    if (step < ranks - 1) {
        *send_block = (rank - step + 2 * ranks) % ranks;
        *recv_block = (rank - step - 1 + 2 * ranks) % ranks;
        return RING_REDUCE;
    }
    int t = step - (ranks - 1);
    *send_block = (rank + 1 - t + 2 * ranks) % ranks;
    *recv_block = (rank - t + 2 * ranks) % ranks;
    return RING_GATHER;
    /* STUDENT CODE END */
}

/* Section "Elastic averaging".
 *   diff[j] = alpha * (x[j] - centre[j]),   x[j] = x[j] - (lr * g[j] + diff[j]) */
void easgd_worker_update(float *x, float *diff, const float *g, const float *centre, size_t n,
                         float lr, float alpha)
{
    /* STUDENT CODE BEGIN */
    for (size_t j = 0; j < n; j++) {
        diff[j] = alpha * (x[j] - centre[j]); /* the spring, from the old x */
        x[j] = x[j] - (lr * g[j] + diff[j]);
    }
    /* STUDENT CODE END */
}

/* Section "Elastic averaging".
 *   centre[j] = centre[j] + diff_sum[j] */
void easgd_centre_update(float *centre, const float *diff_sum, size_t n)
{
    /* STUDENT CODE BEGIN */
    for (size_t j = 0; j < n; j++)
        centre[j] = centre[j] + diff_sum[j]; /* the same spring pulls the centre back */
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 *   staleness = server_version - fetched_version;
 *   accept iff max_staleness < 0 or staleness <= max_staleness. */
int downpour_accept(long server_version, long fetched_version, long max_staleness)
{
    /* STUDENT CODE BEGIN */
    if (max_staleness < 0)
        return 1; /* no bound: classic Downpour takes every gradient */
    long staleness = server_version - fetched_version;
    return staleness <= max_staleness;
    /* STUDENT CODE END */
}
