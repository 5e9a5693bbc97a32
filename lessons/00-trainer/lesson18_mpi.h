/* lesson18_mpi.h -- the functions of lesson 18 that send messages with MPI
 * (lessons/18-distributed-sgd/README.md). Needs Open MPI's <mpi.h>
 * (Debian: libopenmpi-dev), so lessons.h does not include it: only lesson
 * 18's programs, compiled with mpicc, do.
 *
 * Every function here is called by every rank of comm, with the same sizes
 * and settings (SPMD: one program, many processes). Each returns
 * MPI_SUCCESS (0) or the first error code an MPI call returned. Messages
 * use only MPI_Send and MPI_Recv. Counts of floats fit an int. */
#ifndef DESCENT_LESSON18_MPI_H
#define DESCENT_LESSON18_MPI_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson18.h"

/* The tag of the ring's messages. */
#define RING_TAG 18

/* Section "The ring all-reduce".
 * Replaces x (n floats, on every rank) by the elementwise sum over the
 * ranks, with the same bits on every rank: 2(N-1) steps of ring_schedule
 * over the blocks split_range(n, N, .). At each step a rank sends its send
 * block to rank r+1 and receives the receive block from rank r-1 into
 * scratch, then adds it to (RING_REDUCE: x_block = x_block + scratch) or
 * copies it over (RING_GATHER) its own. Even ranks send first and then
 * receive; odd ranks receive first and then send, so that no ring of
 * ranks all waits to send. scratch holds n / N + 1 floats. N = 1 leaves x
 * as it is. */
int ring_allreduce(float *x, size_t n, float *scratch, MPI_Comm comm);

/* Section "Synchronous data-parallel SGD".
 * One step of mini-batch SGD on a global batch of batch_size example
 * indices (the same on every rank), shared out among the N ranks: rank r
 * takes shard r, batch[start .. start + count) with
 * count = split_range(batch_size, N, r, &start), and
 *   g = sum of its examples' gradients at w  (f->sum_loss_and_gradient)
 *   ring_allreduce(g)                        (now the sum over the batch)
 *   w[j] = w[j] - lr * (g[j] / (float)batch_size)   on every rank.
 * w (f->param_count floats) holds the same bits on every rank, before and
 * after. g is scratch of param_count floats, scratch as ring_allreduce's.
 * *shard_loss receives the sum of this rank's examples' losses. */
int sync_sgd_step(float *w, const struct batch_objective *f, const uint32_t *batch,
                  size_t batch_size, float lr, float *g, float *scratch,
                  double *shard_loss, MPI_Comm comm);

/* Section "Elastic averaging".
 * One round of synchronous EASGD: every rank is a worker with its own
 * weights x and its own mini-batch batch[0 .. count) (count >= 1), and keeps
 * a copy of the centre (the same bits on every rank, before and after):
 *   g[j] = (sum of the batch's gradients at x)[j] / (float)count
 *   easgd_worker_update(x, diff, g, centre, n, lr, alpha)
 *   ring_allreduce(diff)                     (the sum over the workers)
 *   easgd_centre_update(centre, diff, n)
 * with n = f->param_count. g and diff are scratch of n floats, scratch as
 * ring_allreduce's. *batch_loss receives the sum of the batch's losses. */
int easgd_round(float *x, float *centre, const struct batch_objective *f,
                const uint32_t *batch, size_t count, float lr, float alpha, float *g,
                float *diff, float *scratch, double *batch_loss, MPI_Comm comm);

/* Downpour SGD's settings, the same on every rank. */
struct downpour_config {
    size_t steps;       /* SGD steps each worker takes */
    size_t batch_size;  /* examples per step, >= 1 */
    size_t fetch_every; /* a worker fetches the server's weights every
                           fetch_every steps; 0: before its first step only */
    long max_staleness; /* the server refuses older gradients; < 0: no bound */
    float lr;
};

/* What the parameter server saw. */
#define DOWNPOUR_BINS 16
struct downpour_report {
    long accepted, refused;          /* gradients applied and refused */
    long staleness[DOWNPOUR_BINS];   /* pushes that were s updates old, s < BINS-1;
                                        the last bin counts s >= BINS-1 */
    long max_seen;                   /* the largest staleness pushed */
};

/* The messages (tags). A worker sends its server a header, one long:
 *   DOWNPOUR_FETCH (header unused): the server answers DOWNPOUR_VERSION (its
 *     version, one long) then DOWNPOUR_WEIGHTS (its n floats);
 *   DOWNPOUR_PUSH (header = the version the gradient was computed from),
 *     followed by DOWNPOUR_GRADIENT (n floats); no answer;
 *   DOWNPOUR_DONE (header unused): this worker has finished. */
enum downpour_tag {
    DOWNPOUR_FETCH = 1,
    DOWNPOUR_VERSION,
    DOWNPOUR_WEIGHTS,
    DOWNPOUR_PUSH,
    DOWNPOUR_GRADIENT,
    DOWNPOUR_DONE
};

/* Section "Downpour SGD".
 * Rank 0, the parameter server, holding the weights w (n floats) at
 * version 0. Until all N-1 workers have sent DOWNPOUR_DONE, receives a
 * header from any worker (MPI_ANY_SOURCE, MPI_ANY_TAG) and serves it: a
 * fetch as above; a push: receive the gradient into g (n floats of scratch)
 * from the same worker, count its staleness (version - header) in *report,
 * and if downpour_accept(version, header, cfg->max_staleness):
 *   w[j] = w[j] - cfg->lr * g[j],  version = version + 1,  accepted + 1
 * else refused + 1. *report is zeroed first. */
int downpour_server(float *w, size_t n, const struct downpour_config *cfg,
                    struct downpour_report *report, float *g, MPI_Comm comm);

/* Section "Downpour SGD".
 * A worker, rank r >= 1 of N: it trains on shard r-1 of the N-1 shards of
 * the data, split_range(f->example_count, N-1, r-1, &start) = m examples.
 * For t = 0 .. cfg->steps-1:
 *   if t % fetch_every == 0 (fetch_every 0: if t == 0): fetch w and its
 *     version from rank 0;
 *   its batch: examples start + ((t * batch_size + i) mod m), i < batch_size;
 *   g[j] = (sum of the batch's gradients at w)[j] / (float)batch_size;
 *   push g with the version it was fetched at;
 *   w[j] = w[j] - cfg->lr * g[j]   (its own copy moves on until the next fetch).
 * Then sends DOWNPOUR_DONE. A worker whose shard is empty (m = 0: fewer
 * examples than workers) takes no step: it sends DOWNPOUR_DONE at once.
 * w and g are n = f->param_count floats (w's contents on entry do not
 * matter: the first step fetches). Returns MPI_ERR_NO_MEM if memory for a
 * batch's indices cannot be had. */
int downpour_worker(const struct batch_objective *f,
                    const struct downpour_config *cfg, float *w, float *g,
                    MPI_Comm comm);

#endif
