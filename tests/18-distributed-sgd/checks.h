/* checks.h -- the checks that public.c and hidden.c share: each runs one
 * of the student's functions on a case and compares it with the judge's
 * own computation (oracle.h). public.c runs them on fixed cases, hidden.c
 * on others. */
#ifndef DESCENT_LESSON18_CHECKS_H
#define DESCENT_LESSON18_CHECKS_H

#include "harness.h"
#include "lessons.h"
#include "lesson18.h"
#include "mpi_tests.h"
#include "oracle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPLIT_SECTION "Splitting the work"
#define RING_SECTION "The ring all-reduce"
#define SYNC_SECTION "Synchronous data-parallel SGD"
#define EASGD_SECTION "Elastic averaging"
#define DOWNPOUR_SECTION "Downpour SGD"

/* Plays the whole ring with the student's schedule on sets of ranks
 * instead of numbers: every block of rank r starts as {r}; a reduce step
 * joins the received set to the block (the two must not overlap: that
 * would count a rank twice), a gather step copies it. At the end every
 * block of every rank must hold every rank exactly once. Checks too that
 * rank r receives the very block rank r-1 sends at each step. */
static void check_ring_schedule_sums(int ranks)
{
    enum { MAX_RANKS = 16 };
    unsigned holds[MAX_RANKS][MAX_RANKS], next[MAX_RANKS][MAX_RANKS];
    for (int r = 0; r < ranks; r++)
        for (int b = 0; b < ranks; b++)
            holds[r][b] = 1u << r; /* rank r's own share of every block */
    unsigned everyone = (1u << ranks) - 1u;
    for (int step = 0; step < 2 * (ranks - 1); step++) {
        int send[MAX_RANKS], recv[MAX_RANKS];
        enum ring_phase phase[MAX_RANKS];
        for (int r = 0; r < ranks; r++)
            phase[r] = ring_schedule(r, ranks, step, &send[r], &recv[r]);
        memcpy(next, holds, sizeof holds);
        for (int r = 0; r < ranks; r++) {
            int left = (r - 1 + ranks) % ranks;
            struct at where = AT("ring_schedule", RING_SECTION);
            where.step = step + 1;
            if (send[r] < 0 || send[r] >= ranks || recv[r] < 0 || recv[r] >= ranks)
                fail_run("ring_schedule", RING_SECTION, "rank %d of %d, step s = %d: blocks "
                         "%d and %d, expected numbers in 0 .. %d", r, ranks, step, send[r], recv[r],
                         ranks - 1);
            expect_that(where, recv[r] == send[left],
                        "%d ranks, step s = %d: rank %d receives block %d, but its left "
                        "neighbour %d sends block %d", ranks, step, r, recv[r], left, send[left]);
            unsigned incoming = holds[left][send[left]];
            if (phase[r] == RING_REDUCE) {
                expect_that(where, (holds[r][recv[r]] & incoming) == 0u,
                            "%d ranks, step s = %d: rank %d adds into block %d a sum that "
                            "already counts some of the same ranks (a rank counted twice)",
                            ranks, step, r, recv[r]);
                next[r][recv[r]] = holds[r][recv[r]] | incoming;
            } else {
                next[r][recv[r]] = incoming;
            }
        }
        memcpy(holds, next, sizeof holds);
    }
    for (int r = 0; r < ranks; r++)
        for (int b = 0; b < ranks; b++) {
            struct at where = AT("ring_schedule", RING_SECTION);
            expect_that(where, holds[r][b] == everyone,
                        "%d ranks: after all 2(N-1) steps, block %d of rank %d holds the sum "
                        "of %d of the %d ranks", ranks, b, r, __builtin_popcount(holds[r][b]),
                        ranks);
        }
}

/* The element after i that the MPI program reports: every stride-th,
 * then the last; n when i is the last. */
static size_t next_sampled(size_t i, size_t n, size_t stride)
{
    if (i + 1 >= n)
        return n;
    return i + stride < n ? i + stride : n - 1;
}

/* Runs the ring on `ranks` ranks over n floats and checks every rank's
 * result bit for bit against the ring's order, the messages, and, where
 * bitwise is meaningful, MPI_Allreduce. With stride > 1 only every
 * stride-th element (and the last) comes back: long vectors are there to
 * make the blocks larger than what Open MPI sends without waiting for the
 * receiver (4 KB in shared memory), so that a ring whose ranks all send
 * first deadlocks. */
static void check_ring_allreduce(int ranks, size_t n, uint64_t seed, size_t stride)
{
    char n_text[32], seed_text[32], stride_text[32];
    snprintf(n_text, sizeof n_text, "%zu", n);
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    snprintf(stride_text, sizeof stride_text, "%zu", stride);
    const char *args[] = {"ring", n_text, seed_text, stride_text, NULL};
    struct mpi_results r;
    run_ranks("ring_allreduce", ranks, args, &r);
    expect_statuses(&r, "ring_allreduce", RING_SECTION, ranks, 1);
    expect_only_send_and_recv(&r, "ring_allreduce", RING_SECTION, ranks);

    float *x = malloc((size_t)ranks * n * sizeof *x + 1);
    if (x == NULL)
        fail_msg("out of memory");
    for (int rank = 0; rank < ranks; rank++)
        case_vector(seed, rank, x + (size_t)rank * n, n);
    for (int rank = 0; rank < ranks; rank++) {
        /* 2(N-1) messages each way; the floats of the blocks it sends. */
        double sends = result(&r, "ring_allreduce", "sends", rank, 0);
        double receives = result(&r, "ring_allreduce", "receives", rank, 0);
        double bytes = result(&r, "ring_allreduce", "bytes_sent", rank, 0);
        double want_bytes = 4.0 * (double)oracle_ring_floats_sent(n, ranks, rank);
        struct at where = AT("ring_allreduce", RING_SECTION);
        expect_that(where, sends == 2.0 * (ranks - 1) && receives == 2.0 * (ranks - 1),
                    "rank %d of %d sent %g and received %g messages: expected 2(N-1) = %d each",
                    rank, ranks, sends, receives, 2 * (ranks - 1));
        expect_that(where, bytes == want_bytes,
                    "rank %d of %d sent %g bytes: expected %g, the blocks of ring_schedule "
                    "(4 bytes a float)", rank, ranks, bytes, want_bytes);
        for (size_t i = 0; i < n; i = next_sampled(i, n, stride)) {
            float want = oracle_ring_sum(x, n, ranks, i);
            float got = (float)result(&r, "ring_allreduce", "ring", rank, i);
            where.quantity = "x";
            where.index = (long)i;
            where.hint = "block c is summed x_c + x_(c+1) + ... in ring order; every rank "
                         "must end with the same bits";
            expect_that(where, got == want,
                        "with %d ranks, on rank %d: %.9g, expected %.9g (the ring's sum, bit "
                        "for bit)", ranks, rank, got, want);
        }
    }
    /* MPI_Allreduce, in the same program: with 2 ranks each element is one
     * addition x0 + x1, so the two must agree bit for bit. With more, its
     * order may differ from the ring's; both are then within the error of
     * a float sum of N terms, (N-1) 2^-24 sum_r |x_r| each, of the exact sum. */
    for (size_t i = 0; i < n; i = next_sampled(i, n, stride)) {
        double reference = result(&r, "ring_allreduce", "mpi_allreduce", 0, i);
        double ring = result(&r, "ring_allreduce", "ring", 0, i);
        double magnitude = 0.0;
        for (int rank = 0; rank < ranks; rank++)
            magnitude += fabs((double)x[(size_t)rank * n + i]);
        double tolerance = 2.0 * (ranks - 1) * ldexp(1.0, -24) * magnitude;
        if (ranks == 2 && ring != reference)
            fail_run("ring_allreduce", RING_SECTION, "with 2 ranks, x[%zu] = %.9g, but "
                     "MPI_Allreduce gives %.9g",
                     i, ring, reference);
        if (fabs(ring - reference) > tolerance)
            fail_run("ring_allreduce", RING_SECTION, "with %d ranks, x[%zu] = %.9g, "
                     "MPI_Allreduce %.9g: they differ by more than %.3g, twice the error "
                     "bound of a float sum",
                     ranks, i, ring, reference, tolerance);
    }
    free(x);
    free(r.lines);
}

/* STEPS synchronous steps on `ranks` ranks against single-process
 * mini-batch SGD on the same batches, computed in double. Tolerance: each
 * step sums B <= 16 float terms of size below 4, an error below
 * 15 * 2^-24 * 64 = 5.7e-5 in the sum, 3.6e-6 in the mean gradient,
 * 1.8e-6 in w at lr = 0.5, and steps of the quadratic shrink old errors:
 * three steps stay below 1e-5. */
static void check_sync_sgd(int ranks, size_t n, size_t batch_size, size_t examples,
                           size_t steps, float lr, uint64_t seed)
{
    char n_text[32], b_text[32], e_text[32], s_text[32], lr_text[32], seed_text[32];
    snprintf(n_text, sizeof n_text, "%zu", n);
    snprintf(b_text, sizeof b_text, "%zu", batch_size);
    snprintf(e_text, sizeof e_text, "%zu", examples);
    snprintf(s_text, sizeof s_text, "%zu", steps);
    snprintf(lr_text, sizeof lr_text, "%.9g", lr);
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    const char *args[] = {"sync", n_text, b_text, e_text, s_text, lr_text, seed_text, NULL};
    struct mpi_results r;
    run_ranks("sync_sgd_step", ranks, args, &r);
    expect_statuses(&r, "sync_sgd_step", SYNC_SECTION, ranks, steps);
    expect_only_send_and_recv(&r, "sync_sgd_step", SYNC_SECTION, ranks);

    float *a = malloc(examples * n * sizeof *a);
    float *start = malloc(n * sizeof *start);
    double *w = malloc(n * sizeof *w);
    uint32_t *batch = malloc(batch_size * sizeof *batch);
    if (a == NULL || start == NULL || w == NULL || batch == NULL)
        fail_msg("out of memory");
    case_targets(seed, a, examples, n, 0);
    case_start(seed, 0, start, n);
    /* Each rank asked for exactly its shard of each batch. */
    for (size_t t = 0; t < steps; t++) {
        case_batch(seed, t, batch, batch_size, examples);
        for (int rank = 0; rank < ranks; rank++) {
            size_t first;
            size_t count = oracle_split(batch_size, ranks, rank, &first);
            double asked = result(&r, "sync_sgd_step", "shard_size", rank, t);
            struct at where = AT("sync_sgd_step", SYNC_SECTION);
            where.step = (long)t + 1;
            where.hint = "rank r takes batch[start .. start + count) with split_range(B, N, r)";
            expect_that(where, asked == (double)count,
                        "rank %d of %d computed gradients of %g examples, expected its shard "
                        "of %zu", rank, ranks, asked, count);
            for (size_t k = 0; k < count; k++) {
                double id = result(&r, "sync_sgd_step", "shard_example", rank,
                                   t * batch_size + k);
                expect_that(where, id == (double)batch[first + k],
                            "rank %d of %d: example %zu of its shard is %g, expected "
                            "batch[%zu] = %u", rank, ranks, k, id, first + k,
                            batch[first + k]);
            }
        }
    }
    for (size_t j = 0; j < n; j++)
        w[j] = start[j];
    oracle_sync_sgd(w, a, n, batch_size, examples, steps, lr, seed);
    for (int rank = 0; rank < ranks; rank++) {
        double sends = result(&r, "sync_sgd_step", "sends", rank, 0);
        struct at where = AT("sync_sgd_step", SYNC_SECTION);
        expect_that(where, sends == (double)steps * 2.0 * (ranks - 1),
                    "rank %d sent %g messages in %zu steps: expected one ring all-reduce, "
                    "2(N-1) = %d messages, per step", rank, sends, steps, 2 * (ranks - 1));
        for (size_t j = 0; j < n; j++) {
            double got = result(&r, "sync_sgd_step", "w", rank, j);
            where.quantity = "w";
            where.index = (long)j;
            where.step = (long)steps;
            where.hint = "w = w - lr * (g / B) with g the batch's gradient SUM after the ring";
            expect_close_tol(where, w[j], got, 1e-5, 1e-5);
            double rank0 = result(&r, "sync_sgd_step", "w", 0, j);
            expect_that(where, got == rank0,
                        "w[%zu] on rank %d is %.9g, on rank 0 %.9g: every rank must hold the "
                        "same bits", j, rank, got, rank0);
        }
    }
    free(a);
    free(start);
    free(w);
    free(batch);
    free(r.lines);
}

/* Tolerance: every round's numbers are sums of at most five float terms of
 * size below 4 (1e-6 each at most); three rounds of a contraction stay
 * below 1e-5. */
static void check_easgd(int ranks, size_t n, size_t rounds, float lr, float alpha,
                        uint64_t seed)
{
    char n_text[32], r_text[32], lr_text[32], alpha_text[32], seed_text[32];
    snprintf(n_text, sizeof n_text, "%zu", n);
    snprintf(r_text, sizeof r_text, "%zu", rounds);
    snprintf(lr_text, sizeof lr_text, "%.9g", lr);
    snprintf(alpha_text, sizeof alpha_text, "%.9g", alpha);
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    const char *args[] = {"easgd", n_text, r_text, lr_text, alpha_text, seed_text, NULL};
    struct mpi_results r;
    run_ranks("easgd_round", ranks, args, &r);
    expect_statuses(&r, "easgd_round", EASGD_SECTION, ranks, rounds);
    expect_only_send_and_recv(&r, "easgd_round", EASGD_SECTION, ranks);

    size_t examples = 2 * (size_t)ranks;
    float *a = malloc(examples * n * sizeof *a), *start = malloc(n * sizeof *start);
    double *x = malloc((size_t)ranks * n * sizeof *x), *centre = malloc(n * sizeof *centre);
    if (a == NULL || start == NULL || x == NULL || centre == NULL)
        fail_msg("out of memory");
    case_targets(seed, a, examples, n, 0);
    for (int rank = 0; rank < ranks; rank++) {
        case_start(seed, 1 + (uint64_t)rank, start, n);
        for (size_t j = 0; j < n; j++)
            x[(size_t)rank * n + j] = start[j];
    }
    case_start(seed, 0, start, n);
    for (size_t j = 0; j < n; j++)
        centre[j] = start[j];
    oracle_easgd(x, centre, a, n, ranks, rounds, lr, alpha);
    for (int rank = 0; rank < ranks; rank++)
        for (size_t j = 0; j < n; j++) {
            struct at where = AT("easgd_round", EASGD_SECTION);
            where.index = (long)j;
            where.step = (long)rounds;
            where.quantity = "x";
            where.hint = "g is the batch's MEAN gradient; the worker update comes before the "
                         "ring, which sums the differences";
            expect_close_tol(where, x[(size_t)rank * n + j],
                             result(&r, "easgd_round", "x", rank, j), 1e-5, 1e-5);
            where.quantity = "centre";
            where.hint = "every rank moves its copy of the centre by the SUM of all the "
                         "workers' differences";
            double got = result(&r, "easgd_round", "centre", rank, j);
            expect_close_tol(where, centre[j], got, 1e-5, 1e-5);
            double rank0 = result(&r, "easgd_round", "centre", 0, j);
            expect_that(where, got == rank0,
                        "centre[%zu] on rank %d is %.9g, on rank 0 %.9g: every rank must hold "
                        "the same bits", j, rank, got, rank0);
        }
    free(a);
    free(start);
    free(x);
    free(centre);
    free(r.lines);
}

/* Runs Downpour on `ranks` ranks (rank 0 the server) with these settings;
 * same_target = 1 gives every example the same target (mpi_cases.c, SAME). */
static void run_downpour(int ranks, size_t n, size_t examples, size_t steps, size_t batch,
                         size_t fetch_every, long bound, float lr, int same_target, uint64_t seed,
                         struct mpi_results *r)
{
    char n_text[32], e_text[32], s_text[32], b_text[32], f_text[32], bound_text[32],
        lr_text[32], seed_text[32];
    snprintf(n_text, sizeof n_text, "%zu", n);
    snprintf(e_text, sizeof e_text, "%zu", examples);
    snprintf(s_text, sizeof s_text, "%zu", steps);
    snprintf(b_text, sizeof b_text, "%zu", batch);
    snprintf(f_text, sizeof f_text, "%zu", fetch_every);
    snprintf(bound_text, sizeof bound_text, "%ld", bound);
    snprintf(lr_text, sizeof lr_text, "%.9g", lr);
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    const char *args[] = {"downpour", n_text, e_text, s_text, b_text, f_text, bound_text,
                          lr_text, same_target ? "1" : "0", seed_text, NULL};
    run_ranks("downpour_server", ranks, args, r);
}

/* One worker (2 ranks): the server sees its messages in the order they
 * were sent, so the run is deterministic and oracle.h replays it. With
 * fetch_every = 3 and bound 1, every window of three pushes has
 * staleness 0, 1, 2: the first two are applied, the third refused. */
static void check_downpour_one_worker(size_t n, size_t examples, size_t steps, size_t batch,
                                      size_t fetch_every, long bound, float lr, uint64_t seed)
{
    struct mpi_results r;
    run_downpour(2, n, examples, steps, batch, fetch_every, bound, lr, 0, seed, &r);
    expect_statuses(&r, "downpour_server", DOWNPOUR_SECTION, 2, 1);
    expect_only_send_and_recv(&r, "downpour_server", DOWNPOUR_SECTION, 2);

    float *a = malloc(examples * n * sizeof *a), *start = malloc(n * sizeof *start);
    double *w = malloc(n * sizeof *w);
    if (a == NULL || start == NULL || w == NULL)
        fail_msg("out of memory");
    case_targets(seed, a, examples, n, 0);
    case_start(seed, 0, start, n);
    for (size_t j = 0; j < n; j++)
        w[j] = start[j];
    struct oracle_downpour o;
    oracle_downpour_one_worker(w, a, n, examples, steps, batch, fetch_every, bound, lr, &o);

    struct at where = AT("downpour_server", DOWNPOUR_SECTION);
    double accepted = result(&r, "downpour_server", "accepted", 0, 0);
    double refused = result(&r, "downpour_server", "refused", 0, 0);
    where.hint = "a refused gradient leaves the version where it was";
    expect_that(where, accepted == (double)o.accepted && refused == (double)o.refused,
                "accepted %g and refused %g of %zu pushes: expected %ld and %ld", accepted,
                refused, steps, o.accepted, o.refused);
    for (size_t s = 0; s < 16; s++) {
        double seen = result(&r, "downpour_server", "staleness", 0, s);
        where.hint = "staleness = the server's version - the version the worker fetched; the "
                     "worker fetches every fetch_every steps and pushes every step";
        expect_that(where, seen == (double)o.staleness[s],
                    "%g pushes had staleness %zu, expected %ld", seen, s, o.staleness[s]);
    }
    double max_seen = result(&r, "downpour_server", "max_seen", 0, 0);
    expect_that(where, max_seen == (double)o.max_seen, "max_seen %g, expected %ld", max_seen,
                o.max_seen);
    /* Tolerance: each step's numbers are means of at most 4 float terms of
     * size below 4; twelve steps of a contraction stay below 1e-5. */
    for (size_t j = 0; j < n; j++) {
        struct at at_w = AT("downpour_worker", DOWNPOUR_SECTION);
        at_w.quantity = "the server's w";
        at_w.index = (long)j;
        at_w.hint = "the worker's gradient is its batch's MEAN at its own copy of w, which it "
                    "also steps after every push";
        expect_close_tol(at_w, w[j], result(&r, "downpour_server", "w", 0, j), 1e-5, 1e-5);
    }
    free(a);
    free(start);
    free(w);
    free(r.lines);
}

#endif
