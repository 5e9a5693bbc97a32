/* distributed_mpi.c -- lesson 18: distributed SGD, the part that sends
 * messages.
 *
 * You write five functions with MPI: the ring all-reduce from MPI_Send and
 * MPI_Recv, one step of synchronous data-parallel SGD, one round of elastic
 * averaging, and Downpour SGD's parameter server and worker. They use the
 * pure functions of distributed.c for every decision that is not a message.
 * This file is compiled with mpicc (Open MPI), and its programs run under
 * mpirun: make test LESSON=18 and make run LESSON=18 start them for you.
 * Write your code between the STUDENT CODE markers only. */
#include "lessons.h"
#include "lesson18_mpi.h"

#include <stdlib.h>
#include <string.h>

/* Section "The ring all-reduce".
 * 2(N-1) steps; at each, send one block to the right and receive one from
 * the left; add it (reduce-scatter) or copy it (all-gather). */
int ring_allreduce(float *x, size_t n, float *scratch, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: for each of the 2(N-1) steps, look up the blocks, exchange
     * them with your neighbours (even ranks send first), then add or copy
     * the received block. Stuck? make hint LESSON=18 */
    (void)x; (void)n; (void)scratch; (void)comm;
    not_implemented("ring_allreduce", "18-distributed-sgd", "The ring all-reduce");
    /* STUDENT CODE END */
}

/* Section "Synchronous data-parallel SGD".
 * Each rank: the gradient sum over its shard; the ring sums the shards;
 * every rank takes the same step with the batch's mean gradient. */
int sync_sgd_step(float *w, const struct batch_objective *f, const uint32_t *batch,
                  size_t batch_size, float lr, float *g, float *scratch, double *shard_loss,
                  MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: your shard's gradient sum, the ring, then the step with the
     * batch's mean gradient. Stuck? make hint LESSON=18 */
    (void)w; (void)f; (void)batch; (void)batch_size; (void)lr; (void)g; (void)scratch;
    (void)shard_loss; (void)comm;
    not_implemented("sync_sgd_step", "18-distributed-sgd", "Synchronous data-parallel SGD");
    /* STUDENT CODE END */
}

/* Section "Elastic averaging".
 * Each worker: its own SGD step plus the spring; the ring sums the springs;
 * every rank moves its copy of the centre by that sum. */
int easgd_round(float *x, float *centre, const struct batch_objective *f,
                const uint32_t *batch, size_t count, float lr, float alpha, float *g,
                float *diff, float *scratch, double *batch_loss, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: your batch's mean gradient, the worker update, the ring over
     * the differences, the centre update. Stuck? make hint LESSON=18 */
    (void)x; (void)centre; (void)f; (void)batch; (void)count; (void)lr; (void)alpha;
    (void)g; (void)diff; (void)scratch; (void)batch_loss; (void)comm;
    not_implemented("easgd_round", "18-distributed-sgd", "Elastic averaging");
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 * Serve fetches and pushes in the order they arrive, until every worker
 * has said it is done. */
int downpour_server(float *w, size_t n, const struct downpour_config *cfg,
                    struct downpour_report *report, float *g, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: loop until every worker is done: receive a header from anyone,
     * serve a fetch or a push by its tag. Stuck? make hint LESSON=18 */
    (void)w; (void)n; (void)cfg; (void)report; (void)g; (void)comm;
    not_implemented("downpour_server", "18-distributed-sgd", "Downpour SGD");
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 * Fetch every fetch_every steps, push every step, and keep stepping on the
 * local copy in between. */
int downpour_worker(const struct batch_objective *f, const struct downpour_config *cfg,
                    float *w, float *g, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    /* TODO: your shard; each step fetch when due, compute your batch's
     * mean gradient, push it, step locally; then say done. Stuck? make hint LESSON=18 */
    (void)f; (void)cfg; (void)w; (void)g; (void)comm;
    not_implemented("downpour_worker", "18-distributed-sgd", "Downpour SGD");
    /* STUDENT CODE END */
}
