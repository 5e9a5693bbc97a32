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
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    int right = (rank + 1) % ranks, left = (rank - 1 + ranks) % ranks;
    for (int step = 0; step < 2 * (ranks - 1); step++) {
        int send_block, recv_block;
        enum ring_phase phase = ring_schedule(rank, ranks, step, &send_block, &recv_block);
        size_t send_start, recv_start;
        size_t send_count = split_range(n, ranks, send_block, &send_start);
        size_t recv_count = split_range(n, ranks, recv_block, &recv_start);
        /* Even ranks send first, odd ranks receive first: every send
         * meets a receive that is already waiting or soon will be. */
        int error = MPI_SUCCESS;
        if (rank % 2 == 0) {
            error = MPI_Send(x + send_start, (int)send_count, MPI_FLOAT, right, RING_TAG, comm);
            if (error == MPI_SUCCESS)
                error = MPI_Recv(scratch, (int)recv_count, MPI_FLOAT, left, RING_TAG, comm,
                                 MPI_STATUS_IGNORE);
        } else {
            error = MPI_Recv(scratch, (int)recv_count, MPI_FLOAT, left, RING_TAG, comm,
                             MPI_STATUS_IGNORE);
            if (error == MPI_SUCCESS)
                error = MPI_Send(x + send_start, (int)send_count, MPI_FLOAT, right, RING_TAG,
                                 comm);
        }
        if (error != MPI_SUCCESS)
            return error;
        float *block = x + recv_start;
        for (size_t i = 0; i < recv_count; i++)
            block[i] = phase == RING_REDUCE ? block[i] + scratch[i] : scratch[i];
    }
    return MPI_SUCCESS;
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
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    size_t start;
    size_t count = split_range(batch_size, ranks, rank, &start);
    *shard_loss = f->sum_loss_and_gradient(f->context, w, batch + start, count, g);
    int error = ring_allreduce(g, f->param_count, scratch, comm);
    if (error != MPI_SUCCESS)
        return error;
    for (size_t j = 0; j < f->param_count; j++)
        w[j] = w[j] - lr * (g[j] / (float)batch_size);
    return MPI_SUCCESS;
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
    size_t n = f->param_count;
    *batch_loss = f->sum_loss_and_gradient(f->context, x, batch, count, g);
    for (size_t j = 0; j < n; j++)
        g[j] = g[j] / (float)count;
    easgd_worker_update(x, diff, g, centre, n, lr, alpha);
    int error = ring_allreduce(diff, n, scratch, comm);
    if (error != MPI_SUCCESS)
        return error;
    easgd_centre_update(centre, diff, n);
    return MPI_SUCCESS;
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 * Serve fetches and pushes in the order they arrive, until every worker
 * has said it is done. */
int downpour_server(float *w, size_t n, const struct downpour_config *cfg,
                    struct downpour_report *report, float *g, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    int ranks;
    MPI_Comm_size(comm, &ranks);
    memset(report, 0, sizeof *report);
    long version = 0;
    int done = 0;
    while (done < ranks - 1) {
        long header;
        MPI_Status status;
        int error = MPI_Recv(&header, 1, MPI_LONG, MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &status);
        int worker = status.MPI_SOURCE;
        if (error == MPI_SUCCESS && status.MPI_TAG == DOWNPOUR_FETCH) {
            error = MPI_Send(&version, 1, MPI_LONG, worker, DOWNPOUR_VERSION, comm);
            if (error == MPI_SUCCESS)
                error = MPI_Send(w, (int)n, MPI_FLOAT, worker, DOWNPOUR_WEIGHTS, comm);
        } else if (error == MPI_SUCCESS && status.MPI_TAG == DOWNPOUR_PUSH) {
            error = MPI_Recv(g, (int)n, MPI_FLOAT, worker, DOWNPOUR_GRADIENT, comm,
                             MPI_STATUS_IGNORE);
            long staleness = version - header;
            report->staleness[staleness < DOWNPOUR_BINS - 1 ? staleness : DOWNPOUR_BINS - 1]++;
            if (staleness > report->max_seen)
                report->max_seen = staleness;
            if (downpour_accept(version, header, cfg->max_staleness)) {
                for (size_t j = 0; j < n; j++)
                    w[j] = w[j] - cfg->lr * g[j];
                version++;
                report->accepted++;
            } else {
                report->refused++; /* too old: its weights moved on without it */
            }
        } else if (error == MPI_SUCCESS && status.MPI_TAG == DOWNPOUR_DONE) {
            done++;
        }
        if (error != MPI_SUCCESS)
            return error;
    }
    return MPI_SUCCESS;
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 * Fetch every fetch_every steps, push every step, and keep stepping on the
 * local copy in between. */
int downpour_worker(const struct batch_objective *f, const struct downpour_config *cfg,
                    float *w, float *g, MPI_Comm comm)
{
    /* STUDENT CODE BEGIN */
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    size_t n = f->param_count, start;
    size_t m = split_range(f->example_count, ranks - 1, rank - 1, &start);
    uint32_t *batch = malloc(cfg->batch_size > 0 ? cfg->batch_size * sizeof *batch : 1);
    if (batch == NULL)
        return MPI_ERR_NO_MEM;
    long fetched = 0, header = 0;
    int error = MPI_SUCCESS;
    /* An empty shard (m = 0) takes no step; fetch_every 0 fetches once. */
    for (size_t t = 0; m > 0 && t < cfg->steps && error == MPI_SUCCESS; t++) {
        if (cfg->fetch_every == 0 ? t == 0 : t % cfg->fetch_every == 0) {
            error = MPI_Send(&header, 1, MPI_LONG, 0, DOWNPOUR_FETCH, comm);
            if (error == MPI_SUCCESS)
                error = MPI_Recv(&fetched, 1, MPI_LONG, 0, DOWNPOUR_VERSION, comm,
                                 MPI_STATUS_IGNORE);
            if (error == MPI_SUCCESS)
                error = MPI_Recv(w, (int)n, MPI_FLOAT, 0, DOWNPOUR_WEIGHTS, comm,
                                 MPI_STATUS_IGNORE);
            if (error != MPI_SUCCESS)
                break;
        }
        for (size_t i = 0; i < cfg->batch_size; i++)
            batch[i] = (uint32_t)(start + (t * cfg->batch_size + i) % m);
        f->sum_loss_and_gradient(f->context, w, batch, cfg->batch_size, g);
        for (size_t j = 0; j < n; j++)
            g[j] = g[j] / (float)cfg->batch_size;
        error = MPI_Send(&fetched, 1, MPI_LONG, 0, DOWNPOUR_PUSH, comm);
        if (error == MPI_SUCCESS)
            error = MPI_Send(g, (int)n, MPI_FLOAT, 0, DOWNPOUR_GRADIENT, comm);
        for (size_t j = 0; j < n; j++)
            w[j] = w[j] - cfg->lr * g[j];
    }
    free(batch);
    if (error == MPI_SUCCESS)
        error = MPI_Send(&header, 1, MPI_LONG, 0, DOWNPOUR_DONE, comm);
    return error;
    /* STUDENT CODE END */
}
