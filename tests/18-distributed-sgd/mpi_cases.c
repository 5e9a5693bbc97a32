/* mpi_cases.c -- lesson 18's MPI test program: the student's MPI functions
 * under mpirun, for the judge's tests (public.c, hidden.c).
 *
 *   mpirun -np N mpi_cases RESULTS CASE ARGS...
 *
 * The judge starts it through tools/mpirun.sh (tests/harness/mpi_launch.h)
 * and reads back RESULTS: lines "KEY RANK INDEX VALUE" (VALUE in C's
 * hexadecimal float notation, exact), ending with the line "end". Every
 * rank writes RESULTS.RANK; after a barrier rank 0 joins them into
 * RESULTS. The inputs come from the seed on the command line (cases.h), as
 * the judge draws them again; this program computes no expected value.
 *
 * It also counts, while a student function runs, the messages it sends
 * with MPI_Send and receives with MPI_Recv, and any call of another MPI
 * communication function (the lesson's functions use only these two): the
 * wrappers below take the functions' names, and reach Open MPI through its
 * profiling names PMPI_... (MPI standard, chapter "Profiling Interface").
 *
 * The cases:
 *   ring     N_FLOATS SEED [STRIDE]   ring_allreduce of case_vector(SEED, r),
 *                                     and MPI_Allreduce of the same vectors;
 *                                     only every STRIDE-th element is reported
 *   sync     P B EXAMPLES STEPS LR SEED   STEPS sync_sgd_steps on the quadratic
 *   easgd    P ROUNDS LR ALPHA SEED   easgd_round; rank r's batch: examples r, r+N
 *   downpour P EXAMPLES STEPS BATCH FETCH_EVERY BOUND LR SAME SEED
 *                                     rank 0 the server, the others workers */
#include "lessons.h"
#include "lesson18_mpi.h"
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Counting messages: the profiling interface -------------------------------- */

static int counting = 0;            /* 1 while a student function runs */
static long sends = 0, receives = 0, other_calls = 0;
static double bytes_sent = 0.0;

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    if (counting) {
        int size;
        PMPI_Type_size(type, &size);
        sends++;
        bytes_sent += (double)count * size;
    }
    return PMPI_Send(buf, count, type, dest, tag, comm);
}

int MPI_Recv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
             MPI_Status *status)
{
    receives += counting;
    return PMPI_Recv(buf, count, type, source, tag, comm, status);
}

int MPI_Allreduce(const void *in, void *out, int count, MPI_Datatype type, MPI_Op op,
                  MPI_Comm comm)
{
    other_calls += counting;
    return PMPI_Allreduce(in, out, count, type, op, comm);
}

int MPI_Reduce(const void *in, void *out, int count, MPI_Datatype type, MPI_Op op, int root,
               MPI_Comm comm)
{
    other_calls += counting;
    return PMPI_Reduce(in, out, count, type, op, root, comm);
}

int MPI_Bcast(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm)
{
    other_calls += counting;
    return PMPI_Bcast(buf, count, type, root, comm);
}

int MPI_Sendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest,
                 int sendtag, void *recvbuf, int recvcount, MPI_Datatype recvtype, int source,
                 int recvtag, MPI_Comm comm, MPI_Status *status)
{
    other_calls += counting;
    return PMPI_Sendrecv(sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount,
                         recvtype, source, recvtag, comm, status);
}

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
              MPI_Request *request)
{
    other_calls += counting;
    return PMPI_Isend(buf, count, type, dest, tag, comm, request);
}

int MPI_Irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
              MPI_Request *request)
{
    other_calls += counting;
    return PMPI_Irecv(buf, count, type, source, tag, comm, request);
}

int MPI_Allgather(const void *in, int in_count, MPI_Datatype in_type, void *out, int out_count,
                  MPI_Datatype out_type, MPI_Comm comm)
{
    other_calls += counting;
    return PMPI_Allgather(in, in_count, in_type, out, out_count, out_type, comm);
}

int MPI_Reduce_scatter_block(const void *in, void *out, int count, MPI_Datatype type,
                             MPI_Op op, MPI_Comm comm)
{
    other_calls += counting;
    return PMPI_Reduce_scatter_block(in, out, count, type, op, comm);
}

/* ---- Results -------------------------------------------------------------------- */

static FILE *part = NULL; /* this rank's RESULTS.RANK */
static int rank = 0, ranks = 1;

static void put(const char *key, size_t index, double value)
{
    fprintf(part, "%s %d %zu %a\n", key, rank, index, value);
}

static void put_floats(const char *key, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(key, i, x[i]);
}

/* What the counters saw while the student's code ran. */
static void put_counts(void)
{
    put("sends", 0, (double)sends);
    put("receives", 0, (double)receives);
    put("bytes_sent", 0, bytes_sent);
    put("other_calls", 0, (double)other_calls);
}

/* Rank 0 joins the parts, in rank order, into RESULTS and ends it. */
static int join_parts(const char *results)
{
    fclose(part);
    PMPI_Barrier(MPI_COMM_WORLD);
    if (rank != 0)
        return 0;
    FILE *out = fopen(results, "w");
    if (out == NULL)
        return 1;
    for (int r = 0; r < ranks; r++) {
        char name[1100];
        snprintf(name, sizeof name, "%s.%d", results, r);
        FILE *in = fopen(name, "r");
        if (in == NULL)
            return 1;
        char buffer[4096];
        size_t got;
        while ((got = fread(buffer, 1, sizeof buffer, in)) > 0)
            fwrite(buffer, 1, got, out);
        fclose(in);
        remove(name);
    }
    fputs("end\n", out);
    return fclose(out) != 0;
}

/* ---- The quadratic objective: J_i(w) = 1/2 |w - a_i|^2 -------------------------- */

struct quadratic {
    const float *a;       /* [examples, n] the targets */
    size_t n;
    size_t *calls;        /* examples asked for, in order, for the shard check */
    size_t call_count, call_capacity;
};

/* g = sum_k (w - a_{examples[k]}), summed in k order; returns the sum of
 * the losses. Records which examples were asked for. */
static double quadratic_sum(const void *context, const float *w, const uint32_t *examples,
                            size_t count, float *g)
{
    struct quadratic *q = (struct quadratic *)context;
    double loss = 0.0;
    for (size_t j = 0; j < q->n; j++)
        g[j] = 0.0f;
    for (size_t k = 0; k < count; k++) {
        const float *a = q->a + (size_t)examples[k] * q->n;
        for (size_t j = 0; j < q->n; j++) {
            g[j] += w[j] - a[j];
            loss += 0.5 * ((double)w[j] - a[j]) * ((double)w[j] - a[j]);
        }
        if (q->call_count < q->call_capacity)
            q->calls[q->call_count++] = examples[k];
    }
    return loss;
}

/* ---- The cases -------------------------------------------------------------------- */

/* Every stride-th element of x (and the last), as key[i]. */
static void put_sampled(const char *key, const float *x, size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i += stride)
        put(key, i, x[i]);
    if (n > 0 && (n - 1) % stride != 0)
        put(key, n - 1, x[n - 1]);
}

/* count floats, exactly (at least one, so that 0 is not "out of memory"):
 * under the sanitizers (SAN=1) a read or write past the end is reported. */
static float *floats(size_t count)
{
    return malloc((count > 0 ? count : 1) * sizeof(float));
}

static int case_ring(size_t n, uint64_t seed, size_t stride)
{
    /* x: n floats; scratch: n / N + 1 floats, as lesson18_mpi.h promises. */
    float *x = floats(n), *reference = floats(n);
    float *scratch = floats(n / (size_t)ranks + 1);
    if (x == NULL || reference == NULL || scratch == NULL)
        return 1;
    case_vector(seed, rank, x, n);
    PMPI_Allreduce(x, reference, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    counting = 1;
    int status = ring_allreduce(x, n, scratch, MPI_COMM_WORLD);
    counting = 0;
    put("status", 0, status);
    put_counts();
    put_sampled("ring", x, n, stride);
    if (rank == 0)
        put_sampled("mpi_allreduce", reference, n, stride);
    free(x);
    free(reference);
    free(scratch);
    return 0;
}

static int case_sync(size_t n, size_t batch_size, size_t examples, size_t steps, float lr,
                     uint64_t seed)
{
    float *a = malloc(examples * n * sizeof *a), *w = malloc(n * sizeof *w);
    float *g = malloc(n * sizeof *g), *scratch = floats(n / (size_t)ranks + 1);
    uint32_t *batch = malloc(batch_size * sizeof *batch);
    size_t *calls = malloc(batch_size * sizeof *calls);
    if (a == NULL || w == NULL || g == NULL || scratch == NULL || batch == NULL || calls == NULL)
        return 1;
    case_targets(seed, a, examples, n, 0);
    case_start(seed, 0, w, n);
    struct quadratic q = {a, n, calls, 0, batch_size};
    struct batch_objective f = {n, examples, quadratic_sum, &q};
    for (size_t t = 0; t < steps; t++) {
        case_batch(seed, t, batch, batch_size, examples);
        q.call_count = 0;
        double shard_loss = 0.0;
        counting = 1;
        int status = sync_sgd_step(w, &f, batch, batch_size, lr, g, scratch, &shard_loss,
                                   MPI_COMM_WORLD);
        counting = 0;
        put("status", t, status);
        put("shard_loss", t, shard_loss);
        put("shard_size", t, (double)q.call_count);
        for (size_t k = 0; k < q.call_count; k++)
            put("shard_example", t * batch_size + k, (double)calls[k]);
    }
    put_counts();
    put_floats("w", w, n);
    free(a); free(w); free(g); free(scratch); free(batch); free(calls);
    return 0;
}

static int case_easgd(size_t n, size_t rounds, float lr, float alpha, uint64_t seed)
{
    size_t examples = 2 * (size_t)ranks;
    float *a = malloc(examples * n * sizeof *a), *x = malloc(n * sizeof *x);
    float *centre = malloc(n * sizeof *x), *g = malloc(n * sizeof *x), *diff = malloc(n * sizeof *x);
    float *scratch = floats(n / (size_t)ranks + 1);
    if (a == NULL || x == NULL || centre == NULL || g == NULL || diff == NULL || scratch == NULL)
        return 1;
    case_targets(seed, a, examples, n, 0);
    case_start(seed, 1 + (uint64_t)rank, x, n); /* each worker starts elsewhere */
    case_start(seed, 0, centre, n);             /* the centre: the same on every rank */
    uint32_t batch[2] = {(uint32_t)rank, (uint32_t)(rank + ranks)};
    struct quadratic q = {a, n, NULL, 0, 0};
    struct batch_objective f = {n, examples, quadratic_sum, &q};
    for (size_t t = 0; t < rounds; t++) {
        double loss = 0.0;
        counting = 1;
        int status = easgd_round(x, centre, &f, batch, 2, lr, alpha, g, diff, scratch, &loss,
                                 MPI_COMM_WORLD);
        counting = 0;
        put("status", t, status);
        put("batch_loss", t, loss);
    }
    put_counts();
    put_floats("x", x, n);
    put_floats("centre", centre, n);
    free(a); free(x); free(centre); free(g); free(diff); free(scratch);
    return 0;
}

static int case_downpour(size_t n, size_t examples, const struct downpour_config *cfg,
                         int same_targets, uint64_t seed)
{
    float *a = malloc(examples * n * sizeof *a), *w = malloc(n * sizeof *w);
    float *g = malloc(n * sizeof *g);
    if (a == NULL || w == NULL || g == NULL)
        return 1;
    case_targets(seed, a, examples, n, same_targets);
    case_start(seed, 0, w, n);
    struct quadratic q = {a, n, NULL, 0, 0};
    struct batch_objective f = {n, examples, quadratic_sum, &q};
    int status;
    counting = 1;
    if (rank == 0) {
        struct downpour_report report;
        status = downpour_server(w, n, cfg, &report, g, MPI_COMM_WORLD);
        counting = 0;
        put("accepted", 0, (double)report.accepted);
        put("refused", 0, (double)report.refused);
        put("max_seen", 0, (double)report.max_seen);
        for (size_t s = 0; s < DOWNPOUR_BINS; s++)
            put("staleness", s, (double)report.staleness[s]);
        put_floats("w", w, n);
    } else {
        status = downpour_worker(&f, cfg, w, g, MPI_COMM_WORLD);
        counting = 0;
    }
    put("status", 0, status);
    put_counts();
    free(a); free(w); free(g);
    return 0;
}

static int usage(void)
{
    if (rank == 0)
        fprintf(stderr, "usage: mpirun -np N mpi_cases RESULTS ring|sync|easgd|downpour ARGS "
                        "(see tests/18-distributed-sgd/mpi_cases.c)\n");
    return 2;
}

/* Under the sanitizers (make test SAN=1): a report ends this rank with an
 * error status, so mpirun fails and the judge shows the report; the same
 * settings as the runner's programs. */
#include "sanitizer_hooks.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
    PMPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (argc < 3) {
        MPI_Finalize();
        return usage();
    }
    char name[1100];
    snprintf(name, sizeof name, "%s.%d", argv[1], rank);
    part = fopen(name, "w");
    if (part == NULL) {
        fprintf(stderr, "mpi_cases: cannot write %s\n", name);
        PMPI_Abort(MPI_COMM_WORLD, 2);
    }
    const char *which = argv[2];
    int failed = 2;
    if (strcmp(which, "ring") == 0 && (argc == 5 || argc == 6)) {
        size_t stride = argc == 6 ? strtoul(argv[5], NULL, 10) : 1;
        failed = case_ring(strtoul(argv[3], NULL, 10), strtoull(argv[4], NULL, 10),
                           stride > 0 ? stride : 1);
    } else if (strcmp(which, "sync") == 0 && argc == 9) {
        failed = case_sync(strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10),
                           strtoul(argv[5], NULL, 10), strtoul(argv[6], NULL, 10),
                           strtof(argv[7], NULL), strtoull(argv[8], NULL, 10));
    } else if (strcmp(which, "easgd") == 0 && argc == 8) {
        failed = case_easgd(strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10),
                            strtof(argv[5], NULL), strtof(argv[6], NULL),
                            strtoull(argv[7], NULL, 10));
    } else if (strcmp(which, "downpour") == 0 && argc == 12) {
        struct downpour_config cfg = {
            .steps = strtoul(argv[5], NULL, 10),
            .batch_size = strtoul(argv[6], NULL, 10),
            .fetch_every = strtoul(argv[7], NULL, 10),
            .max_staleness = strtol(argv[8], NULL, 10),
            .lr = strtof(argv[9], NULL),
        };
        failed = case_downpour(strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10), &cfg,
                               atoi(argv[10]), strtoull(argv[11], NULL, 10));
    } else {
        failed = usage();
    }
    if (failed == 1)
        fprintf(stderr, "mpi_cases: out of memory\n");
    if (failed != 0)
        PMPI_Abort(MPI_COMM_WORLD, failed);
    failed = join_parts(argv[1]);
    MPI_Finalize();
    return failed;
}
