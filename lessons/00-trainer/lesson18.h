/* lesson18.h -- the functions of lesson 18 that need no MPI: distributed
 * SGD's bookkeeping (lessons/18-distributed-sgd/README.md). Included by
 * lessons.h. The functions that send messages are in lesson18_mpi.h, which
 * needs Open MPI's <mpi.h>; only lesson 18's MPI programs include it, so
 * the rest of the course builds without MPI.
 *
 * N ranks (processes) number 0 .. N-1. A vector of n floats is cut into N
 * blocks, and a global mini-batch of B examples into N shards, by the same
 * rule (split_range). */
#ifndef DESCENT_LESSON18_H
#define DESCENT_LESSON18_H

#include <stddef.h>
#include <stdint.h>

/* Section "Splitting the work".
 * Part `part` (0 <= part < parts) of n items is [*start, *start + count),
 * with *start = floor(part * n / parts) and the count, returned, running to
 * floor((part + 1) * n / parts). The parts cover 0 .. n-1 in order without
 * overlap; their counts differ by at most one. parts >= 1. */
size_t split_range(size_t n, int parts, int part, size_t *start);

/* Which half of the ring all-reduce a step is in. */
enum ring_phase {
    RING_REDUCE, /* reduce-scatter: add the received block to your own */
    RING_GATHER  /* all-gather: copy the received block over your own */
};

/* Section "The ring all-reduce".
 * Step s (0 <= s < 2(N-1)) of the ring on rank r of N: rank r sends block
 * *send_block to rank (r+1) mod N and receives block *recv_block from rank
 * (r-1) mod N (blocks of split_range(n, N, .)), all indices mod N:
 *   reduce-scatter, s < N-1:      send r - s,         receive r - s - 1
 *   all-gather, t = s-(N-1) >= 0: send r + 1 - t,     receive r - t
 * Returns the phase. After the reduce-scatter rank r holds the complete sum
 * of block r + 1, summed in the order x_c + x_{c+1} + ... + x_{c+N-1} for
 * block c (ranks c, c+1, ... in turn). */
enum ring_phase ring_schedule(int rank, int ranks, int step, int *send_block,
                              int *recv_block);

/* Section "Elastic averaging".
 * A worker's EASGD update with elastic force alpha = lr * rho, from its
 * weights x, its gradient g and the centre variable centre:
 *   diff[j] = alpha * (x[j] - centre[j])
 *   x[j]    = x[j] - (lr * g[j] + diff[j])
 * diff receives the elastic difference (what the centre will move by).
 * x, diff, g and centre are four separate arrays of n floats: none overlaps
 * another (diff may not be g or x). */
void easgd_worker_update(float *x, float *diff, const float *g, const float *centre,
                         size_t n, float lr, float alpha);

/* Section "Elastic averaging".
 * The centre's update from the sum over the workers of their diff:
 *   centre[j] = centre[j] + diff_sum[j]. */
void easgd_centre_update(float *centre, const float *diff_sum, size_t n);

/* Section "Downpour SGD".
 * The parameter server's rule for a pushed gradient: it was computed from
 * the weights of version fetched_version; the server's weights are at
 * version server_version (>= fetched_version), so the gradient is
 * staleness = server_version - fetched_version updates old. Returns 1 to
 * accept (staleness <= max_staleness), 0 to refuse. max_staleness < 0
 * means no bound: accept every gradient. */
int downpour_accept(long server_version, long fetched_version, long max_staleness);

/* region batch_objective */
/* A loss over a data set, J(w) = (1/N) sum_i J_i(w), whose gradient is
 * computed for many examples at once (the MLP computes a batch together). */
struct batch_objective {
    size_t param_count;   /* length of w and of g */
    size_t example_count; /* N */
    /* Writes into g (param_count floats, overwritten) the SUM over k < count
     * of the gradient of J_{examples[k]} at w, and returns the sum of their
     * losses. count 0 gives g = 0 and 0. Does not change w. */
    double (*sum_loss_and_gradient)(const void *context, const float *w,
                                    const uint32_t *examples, size_t count, float *g);
    const void *context;  /* passed through unchanged */
};
/* endregion batch_objective */

#endif
