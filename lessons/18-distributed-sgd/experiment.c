/* experiment.c -- lesson 18's experiment (given code: read it, run it).
 *
 *   make run LESSON=18                  with your lessons
 *
 * The MLP trains on the course's real digits (the first 2000 training
 * digits, 3 epochs, global batch 64, lr 0.1; the test accuracy on the 1000
 * test digits), distributed over several MPI processes on this machine.
 * This program is two programs in one. Started with an output folder, it
 * is the driver: it starts each run as `tools/mpirun.sh -np N` of itself
 * with --rank, reads what rank 0 wrote, prints the tables and draws the
 * figures. Started under mpirun with --rank, it is one rank of one run.
 *
 * Part 1, "Synchronous SGD on 1, 2 and 4 ranks": your sync_sgd_step, with
 * the same global batches whatever the number of ranks. It prints the
 * seconds per epoch (training only), the final loss and test accuracy, the
 * largest difference from the 1-rank losses, and says "oversubscribed"
 * when there are more ranks than cores.
 * Part 2, "Bytes per step": the bytes each rank sent with MPI_Send in one
 * step, counted through MPI's profiling interface, next to the ring's
 * closed form 2(N-1)/N n floats.
 * Part 3, "Downpour: how staleness hurts": rank 0 serves, 3 workers push
 * every step; staleness bounds 0, 2, 8 and none with a fetch every 8 steps,
 * and no bound with a fetch every 1 and 32 steps; each setting run 3 times
 * (its results vary); accepted and refused pushes, the staleness seen, the
 * test accuracy (mean, lowest, highest).
 * Part 4, "EASGD against synchronous SGD": 4 ranks, each EASGD worker on
 * its shard of the same global batches; the test accuracy of the centre
 * and of the synchronous weights along the run, and the bytes each rank
 * sends per step.
 *
 * Synchronous SGD and EASGD are deterministic: the same code gives the
 * same bits. Downpour is not: which worker's message the server receives
 * first changes from run to run, and so do its numbers. Times change with
 * the machine and its load; the figures of times and of Downpour are a
 * reference run (figures/reference-run.txt). DESCENT_QUICK=1 shortens
 * every part (600 digits, one epoch).
 *
 * Usage: experiment OUTPUT_FOLDER
 *        mpirun -np N experiment --rank RESULTS sync|downpour|easgd ... (the driver does this) */
#include "figure.h"
#include "idx.h"
#include "lessons.h"
#include "lesson18_mpi.h"
#include "model.h"
#include "svg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* region setup */
#define TRAIN_LIMIT 2000    /* training digits (600 with DESCENT_QUICK=1) */
#define EPOCHS 3            /* (1 with DESCENT_QUICK=1) */
#define BATCH 64            /* the global batch, shared out among the ranks */
#define LR 0.1f
#define SEED 18
#define EVAL_EVERY 8        /* steps between test evaluations (parts 1 and 4) */
#define EVAL_DIGITS 500     /* test digits of those (all 1000 at the end) */
#define DOWNPOUR_WORKERS 3
#define DOWNPOUR_BATCH 32
#define EASGD_ALPHA 0.05f   /* alpha = lr * rho */
#define REPEATS 3           /* Downpour runs of each setting: its results vary */
static const struct { long bound; size_t fetch_every; } SETTINGS[] = {
    {0, 8}, {2, 8}, {8, 8}, {-1, 8}, /* staleness bounds (-1: none), fetch every 8 */
    {-1, 1}, {-1, 32},               /* no bound, fetching more and less often */
};
/* endregion setup */
enum { SETTING_COUNT = sizeof SETTINGS / sizeof SETTINGS[0] };
#define MAX_POINTS 512

/* ---- Counting the bytes a rank sends: MPI's profiling interface ---------------------- */

/* Every MPI function F is also available as PMPI_F; a program that defines
 * F itself sees every call (yours included) and passes it on. */
static int counting = 0;
static double bytes_sent = 0.0;

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    if (counting) {
        int size;
        PMPI_Type_size(type, &size);
        bytes_sent += (double)count * size;
    }
    return PMPI_Send(buf, count, type, dest, tag, comm);
}

/* ---- The MLP as a batch_objective -------------------------------------------------------- */

struct mlp_objective {
    struct model *m;
    const struct dataset *data;
    float *images;    /* [max_batch, 784] the examples asked for, gathered */
    uint8_t *labels;
};

/* The trainer's model gives the MEAN gradient of a batch; lesson 18's
 * objective hands out the SUM, count times the mean. */
static double mlp_sum_loss_and_gradient(const void *context, const float *w,
                                        const uint32_t *examples, size_t count, float *g)
{
    const struct mlp_objective *o = context;
    struct model *m = o->m;
    if (count == 0) {
        memset(g, 0, m->param_count * sizeof *g);
        return 0.0;
    }
    memcpy(m->params, w, m->param_count * sizeof *w);
    for (size_t k = 0; k < count; k++) {
        memcpy(o->images + k * MODEL_INPUTS, o->data->images + (size_t)examples[k] * MODEL_INPUTS,
               MODEL_INPUTS * sizeof(float));
        o->labels[k] = o->data->labels[examples[k]];
    }
    double mean = model_loss_and_gradient(m, o->images, o->labels, count);
    for (size_t j = 0; j < m->param_count; j++)
        g[j] = m->grads[j] * (float)count;
    return mean * (double)count;
}

/* The test accuracy of weights w on the first `digits` test digits. */
static double test_accuracy(struct model *m, const float *w, const struct dataset *test,
                            size_t digits)
{
    memcpy(m->params, w, m->param_count * sizeof *w);
    return (double)model_count_correct(m, test->images, test->labels, digits) / (double)digits;
}

/* The epoch's order of the training digits: a Fisher-Yates shuffle seeded
 * by the epoch, the same on every rank. */
static void epoch_order(uint32_t *order, size_t n, long epoch)
{
    struct rng rng;
    rng_seed(&rng, SEED, 1000u + (uint64_t)epoch);
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    for (size_t i = n - 1; i > 0 && n > 1; i--) {
        size_t j = rng_below(&rng, (uint32_t)(i + 1));
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* ---- One rank of one run ------------------------------------------------------------------- */

struct rank_run {
    int rank, ranks;
    size_t train_count;
    long epochs;
    struct dataset train, test;
    struct model m;
    struct mlp_objective objective;
    struct batch_objective f;
    float *w, *g, *diff, *scratch, *centre, *initial;
    uint32_t *order;
    FILE *out;   /* rank 0's results */
    const char *part; /* "sync", "easgd" or "downpour": the keys' first word */
};

static void put(struct rank_run *run, const char *key, size_t index, double value)
{
    if (run->rank == 0)
        fprintf(run->out, "%s.%s %zu %.17g\n", run->part, key, index, value);
}

/* The loss and accuracy bookkeeping is the experiment's, not the lesson's:
 * it uses MPI's own collectives, not counted. */
static double sum_over_ranks(double value)
{
    double sum;
    PMPI_Allreduce(&value, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return sum;
}

static int run_sync(struct rank_run *run, int easgd)
{
    size_t n = run->f.param_count, steps_per_epoch = run->train_count / BATCH;
    run->part = easgd ? "easgd" : "sync";
    memcpy(run->w, run->initial, n * sizeof *run->w); /* the seed's weights, on every rank */
    size_t step = 0;
    double train_seconds = 0.0, sent_in_steps = 0.0;
    memcpy(run->centre, run->w, n * sizeof *run->w);
    for (long epoch = 0; epoch < run->epochs; epoch++) {
        epoch_order(run->order, run->train_count, epoch);
        double epoch_loss = 0.0;
        for (size_t k = 0; k < steps_per_epoch; k++, step++) {
            const uint32_t *batch = run->order + k * BATCH;
            double loss = 0.0;
            PMPI_Barrier(MPI_COMM_WORLD);
            double start = MPI_Wtime();
            bytes_sent = 0.0;
            counting = 1;
            int status;
            if (easgd) {
                size_t first;
                size_t count = split_range(BATCH, run->ranks, run->rank, &first);
                status = easgd_round(run->w, run->centre, &run->f, batch + first, count, LR,
                                     EASGD_ALPHA, run->g, run->diff, run->scratch, &loss,
                                     MPI_COMM_WORLD);
            } else {
                status = sync_sgd_step(run->w, &run->f, batch, BATCH, LR, run->g, run->scratch,
                                       &loss, MPI_COMM_WORLD);
            }
            counting = 0;
            double elapsed = MPI_Wtime() - start;
            if (status != MPI_SUCCESS)
                return status;
            PMPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
            train_seconds += elapsed;
            sent_in_steps += sum_over_ranks(bytes_sent) / run->ranks;
            double batch_loss = sum_over_ranks(loss) / BATCH;
            epoch_loss += batch_loss;
            put(run, "loss", step, batch_loss);
            if ((step + 1) % EVAL_EVERY == 0 && run->rank == 0)
                put(run, "accuracy", step, test_accuracy(&run->m, easgd ? run->centre : run->w,
                                                         &run->test, EVAL_DIGITS));
        }
        put(run, "epoch_loss", (size_t)epoch, epoch_loss / (double)steps_per_epoch);
    }
    put(run, "steps", 0, (double)step);
    put(run, "params", 0, (double)n);
    put(run, "seconds_per_epoch", 0, train_seconds / (double)run->epochs);
    put(run, "bytes_per_step", 0, sent_in_steps / (double)step);
    if (run->rank == 0)
        put(run, "final_accuracy", 0,
            test_accuracy(&run->m, easgd ? run->centre : run->w, &run->test, run->test.count));
    return MPI_SUCCESS;
}

/* One Downpour run of setting k, repeat `repeat`; its results are at
 * index k * REPEATS + repeat. */
static int run_downpour(struct rank_run *run, size_t k, size_t repeat)
{
    size_t n = run->f.param_count, b = k * REPEATS + repeat;
    long bound = SETTINGS[k].bound;
    size_t fetch_every = SETTINGS[k].fetch_every;
    run->part = "downpour";
    memcpy(run->w, run->initial, n * sizeof *run->w);
    struct downpour_config cfg = {
        .steps = (size_t)run->epochs * run->train_count / (DOWNPOUR_WORKERS * DOWNPOUR_BATCH),
        .batch_size = DOWNPOUR_BATCH, .fetch_every = fetch_every, .max_staleness = bound,
        .lr = LR,
    };
    PMPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    int status;
    struct downpour_report report;
    if (run->rank == 0)
        status = downpour_server(run->w, n, &cfg, &report, run->g, MPI_COMM_WORLD);
    else
        status = downpour_worker(&run->f, &cfg, run->w, run->g, MPI_COMM_WORLD);
    double seconds = MPI_Wtime() - start;
    if (status != MPI_SUCCESS)
        return status;
    if (run->rank == 0) {
        double stale_sum = 0.0, pushes = 0.0;
        for (int s = 0; s < DOWNPOUR_BINS; s++) {
            stale_sum += (double)s * (double)report.staleness[s];
            pushes += (double)report.staleness[s];
        }
        put(run, "accepted", b, (double)report.accepted);
        put(run, "refused", b, (double)report.refused);
        put(run, "mean_staleness", b, pushes > 0 ? stale_sum / pushes : 0.0);
        put(run, "max_staleness", b, (double)report.max_seen);
        put(run, "seconds", b, seconds);
        put(run, "final_accuracy", b, test_accuracy(&run->m, run->w, &run->test,
                                                    run->test.count));
    }
    return MPI_SUCCESS;
}

/* Every rank: MPI_Init, the digits, the model; one run; rank 0's results. */
static int rank_main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    struct rank_run run = {0};
    MPI_Comm_rank(MPI_COMM_WORLD, &run.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &run.ranks);
    const char *quick = getenv("DESCENT_QUICK");
    int is_quick = quick != NULL && strcmp(quick, "1") == 0;
    run.train_count = is_quick ? 600 : TRAIN_LIMIT;
    run.epochs = is_quick ? 1 : EPOCHS;
    struct error err;
    struct rng rng;
    rng_seed(&rng, SEED, 0);
    if (dataset_load_course_digits(&run.train, &run.test, &err) != 0 ||
        model_create(&run.m, MODEL_MLP, BATCH, &rng, &err) != 0) {
        fprintf(stderr, "experiment, rank %d: %s\n", run.rank, err.message);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    size_t n = run.m.param_count;
    run.objective = (struct mlp_objective){&run.m, &run.train,
                                           malloc(BATCH * MODEL_INPUTS * sizeof(float)),
                                           malloc(BATCH)};
    run.f = (struct batch_objective){n, run.train_count, mlp_sum_loss_and_gradient,
                                     &run.objective};
    run.w = malloc(n * sizeof *run.w);
    run.g = malloc(n * sizeof *run.g);
    run.diff = malloc(n * sizeof *run.diff);
    run.centre = malloc(n * sizeof *run.centre);
    run.initial = malloc(n * sizeof *run.initial);
    run.scratch = malloc((n / (size_t)run.ranks + 1) * sizeof *run.scratch);
    run.order = malloc(run.train_count * sizeof *run.order);
    if (run.w == NULL || run.initial == NULL || run.g == NULL || run.diff == NULL || run.centre == NULL ||
        run.scratch == NULL || run.order == NULL || run.objective.images == NULL ||
        run.objective.labels == NULL) {
        fprintf(stderr, "experiment, rank %d: out of memory\n", run.rank);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    memcpy(run.initial, run.m.params, n * sizeof *run.w); /* the same seed: the same w */
    if (run.rank == 0 && (run.out = fopen(argv[2], "w")) == NULL) {
        fprintf(stderr, "experiment: cannot write %s: %s\n", argv[2], strerror(errno));
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    /* "sync": part 1 on this many ranks; "async": parts 3 and 4 (4 ranks). */
    int status = MPI_ERR_ARG;
    if (strcmp(argv[3], "sync") == 0) {
        status = run_sync(&run, 0);
    } else if (strcmp(argv[3], "async") == 0) {
        status = run_sync(&run, 1);
        for (size_t k = 0; k < SETTING_COUNT && status == MPI_SUCCESS; k++)
            for (size_t repeat = 0; repeat < REPEATS && status == MPI_SUCCESS; repeat++)
                status = run_downpour(&run, k, repeat);
    }
    if (status != MPI_SUCCESS) {
        fprintf(stderr, "experiment, rank %d: %s failed with MPI error %d\n", run.rank, argv[3],
                status);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (run.rank == 0 && fclose(run.out) != 0)
        MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Finalize();
    return 0;
}

/* ---- The driver ------------------------------------------------------------------------------ */

/* What rank 0 of one run wrote: "PART.KEY INDEX VALUE" lines. */
#define MAX_LINES 4096
struct run_results {
    char key[MAX_LINES][32];
    size_t index[MAX_LINES];
    double value[MAX_LINES];
    size_t count;
};

static double value_of(const struct run_results *r, const char *key, size_t index)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->index[i] == index && strcmp(r->key[i], key) == 0)
            return r->value[i];
    return NAN;
}

/* The points (index + 1, value) of a key, in file order. */
static size_t series_of(const struct run_results *r, const char *key, double *x, double *y)
{
    size_t count = 0;
    for (size_t i = 0; i < r->count && count < MAX_POINTS; i++)
        if (strcmp(r->key[i], key) == 0) {
            x[count] = (double)(r->index[i] + 1);
            y[count++] = r->value[i];
        }
    return count;
}

/* Runs `tools/mpirun.sh -np RANKS SELF --rank FILE MODE` and reads FILE. */
static int launch(const char *self, const char *folder, int ranks, const char *mode,
                  struct run_results *r)
{
    char file[1024], ranks_text[16];
    snprintf(file, sizeof file, "%s/run-%s-%d.txt", folder, mode, ranks);
    snprintf(ranks_text, sizeof ranks_text, "%d", ranks);
    const char *argv[] = {"/bin/sh", "tools/mpirun.sh", "-np", ranks_text, self, "--rank",
                          file, mode, NULL};
    if (access(argv[1], R_OK) != 0) {
        fprintf(stderr, "experiment: %s is not there: run the experiment from the course's "
                        "folder (make run LESSON=18)\n", argv[1]);
        return -1;
    }
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "experiment: tools/mpirun.sh -np %d %s --rank %s %s failed\n", ranks,
                self, file, mode);
        return -1;
    }
    FILE *in = fopen(file, "r");
    if (in == NULL) {
        fprintf(stderr, "experiment: the run wrote no %s\n", file);
        return -1;
    }
    r->count = 0;
    while (r->count < MAX_LINES && fscanf(in, "%31s %zu %lf", r->key[r->count],
                                          &r->index[r->count], &r->value[r->count]) == 3)
        r->count++;
    fclose(in);
    remove(file);
    return 0;
}

static const int RANKS[] = {1, 2, 4};
enum { RANK_COUNTS = sizeof RANKS / sizeof RANKS[0] };

static int part1(const struct run_results sync[], const char *folder, long cores, long epochs)
{
    size_t steps = (size_t)value_of(&sync[0], "sync.steps", 0);
    printf("Part 1: synchronous SGD, %zu steps of a global batch of %d (%ld epoch%s)\n",
           steps, BATCH, epochs, epochs == 1 ? "" : "s");
    printf("  %5s %9s %11s %10s %19s\n", "ranks", "s/epoch", "final loss", "test acc.",
           "max |loss - 1 rank|");
    double x[RANK_COUNTS], seconds[RANK_COUNTS];
    for (int k = 0; k < RANK_COUNTS; k++) {
        double largest = 0.0;
        for (size_t t = 0; t < steps; t++) {
            double d = fabs(value_of(&sync[k], "sync.loss", t) -
                            value_of(&sync[0], "sync.loss", t));
            largest = d > largest ? d : largest;
        }
        x[k] = RANKS[k];
        seconds[k] = value_of(&sync[k], "sync.seconds_per_epoch", 0);
        printf("  %5d %9.3f %11.4f %9.2f%% %19.1e%s\n", RANKS[k], seconds[k],
               value_of(&sync[k], "sync.epoch_loss", (size_t)(epochs - 1)),
               100 * value_of(&sync[k], "sync.final_accuracy", 0), largest,
               RANKS[k] > cores ? "  (oversubscribed)" : "");
    }
    printf("  (%ld cores here: more ranks than cores are oversubscribed and take turns)\n",
           cores);

    static double step_x[RANK_COUNTS][MAX_POINTS], loss[RANK_COUNTS][MAX_POINTS];
    struct svg_series curves[RANK_COUNTS];
    char labels[RANK_COUNTS][32];
    for (int k = 0; k < RANK_COUNTS; k++) {
        snprintf(labels[k], sizeof labels[k], "%d rank%s", RANKS[k], RANKS[k] > 1 ? "s" : "");
        curves[k] = (struct svg_series){labels[k], step_x[k], loss[k],
                                        series_of(&sync[k], "sync.loss", step_x[k], loss[k])};
    }
    const struct line_chart loss_chart = {
        .title = "Synchronous SGD: the same global batches on 1, 2 and 4 ranks",
        .x_label = "step", .y_label = "loss of the global batch", .log_y = 1,
        .series = curves, .series_count = RANK_COUNTS,
    };
    const struct svg_series time_series[] = {{"seconds per epoch", x, seconds, RANK_COUNTS}};
    const struct line_chart time_chart = {
        .title = "Synchronous SGD on one machine: time per epoch",
        .x_label = "ranks (processes)", .y_label = "seconds per epoch (training)",
        .series = time_series, .series_count = 1,
        .marks = SVG_LINES_AND_POINTS, .integer_x = 1, /* three measured points */
    };
    if (figure_line_chart(folder, "sync-loss.svg", &loss_chart) != 0 ||
        figure_line_chart(folder, "sync-time.svg", &time_chart) != 0)
        return -1;
    return 0;
}

static void part2(const struct run_results sync[], size_t n)
{
    printf("\nPart 2: bytes each rank sends with MPI_Send per step (n = %zu floats)\n", n);
    printf("  %5s %12s %28s\n", "ranks", "counted", "closed form 2(N-1)/N n 4 B");
    for (int k = 0; k < RANK_COUNTS; k++) {
        double closed = 2.0 * (RANKS[k] - 1) / RANKS[k] * (double)n * 4.0;
        printf("  %5d %12.0f %28.0f\n", RANKS[k], value_of(&sync[k], "sync.bytes_per_step", 0),
               closed);
    }
}

/* The mean, smallest and largest of a Downpour result over the repeats. */
static double over_repeats(const struct run_results *async, const char *key, size_t k,
                           double *smallest, double *largest)
{
    double sum = 0.0;
    *smallest = INFINITY;
    *largest = -INFINITY;
    for (size_t repeat = 0; repeat < REPEATS; repeat++) {
        double v = value_of(async, key, k * REPEATS + repeat);
        sum += v;
        *smallest = v < *smallest ? v : *smallest;
        *largest = v > *largest ? v : *largest;
    }
    return sum / REPEATS;
}

static int part3(const struct run_results *async, const char *folder)
{
    printf("\nPart 3: Downpour, %d workers, batch %d, lr %g, each setting run %d times\n",
           DOWNPOUR_WORKERS, DOWNPOUR_BATCH, (double)LR, REPEATS);
    printf("  %5s %6s %9s %8s %10s %10s %10s %16s\n", "bound", "fetch", "accepted", "refused",
           "staleness", "(largest)", "test acc.", "(lowest-highest)");
    double stale[SETTING_COUNT], accuracy[SETTING_COUNT], low, high;
    for (size_t k = 0; k < SETTING_COUNT; k++) {
        char bound[16];
        snprintf(bound, sizeof bound, SETTINGS[k].bound < 0 ? "none" : "%ld",
                 SETTINGS[k].bound);
        double accepted = over_repeats(async, "downpour.accepted", k, &low, &high);
        double refused = over_repeats(async, "downpour.refused", k, &low, &high);
        over_repeats(async, "downpour.max_staleness", k, &low, &high);
        double largest = high;
        stale[k] = over_repeats(async, "downpour.mean_staleness", k, &low, &high);
        accuracy[k] = 100 * over_repeats(async, "downpour.final_accuracy", k, &low, &high);
        printf("  %5s %6zu %9.0f %8.0f %10.2f %10.0f %9.2f%% %8.2f-%.2f%%\n", bound,
               SETTINGS[k].fetch_every, accepted, refused, stale[k], largest, accuracy[k],
               100 * low, 100 * high);
    }
    printf("  (means over the runs; staleness in updates; Downpour's order of messages, and\n"
           "  so these numbers, change from run to run)\n");
    /* Bounds 0, 2, 8, none at fetch 8; no bound at fetch 1, 8, 32. */
    double fetch_stale[3] = {stale[4], stale[3], stale[5]};
    double fetch_accuracy[3] = {accuracy[4], accuracy[3], accuracy[5]};
    const struct svg_series series[] = {
        {"bound 0, 2, 8, none (fetch every 8)", stale, accuracy, 4},
        {"no bound, fetch every 1, 8, 32", fetch_stale, fetch_accuracy, 3},
    };
    const struct line_chart chart = {
        .title = "Downpour: test accuracy against the staleness of the pushes",
        .x_label = "mean staleness of the pushes (updates)",
        .y_label = "test accuracy (%), mean of the runs",
        .series = series, .series_count = 2,
        .marks = SVG_POINTS, /* separate settings: no line joins them */
    };
    return figure_line_chart(folder, "downpour-staleness.svg", &chart);
}

static int part4(const struct run_results *sync4, const struct run_results *async,
                 const char *folder)
{
    printf("\nPart 4: EASGD (alpha %g) against synchronous SGD, 4 ranks\n",
           (double)EASGD_ALPHA);
    printf("  synchronous SGD: test accuracy %.2f%%\n",
           100 * value_of(sync4, "sync.final_accuracy", 0));
    printf("  EASGD's centre:  test accuracy %.2f%%\n",
           100 * value_of(async, "easgd.final_accuracy", 0));
    printf("  bytes each rank sends with MPI_Send per step: synchronous SGD %.0f, EASGD %.0f\n",
           value_of(sync4, "sync.bytes_per_step", 0),
           value_of(async, "easgd.bytes_per_step", 0));
    static double x[2][MAX_POINTS], y[2][MAX_POINTS];
    size_t counts[2] = {series_of(sync4, "sync.accuracy", x[0], y[0]),
                        series_of(async, "easgd.accuracy", x[1], y[1])};
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < counts[s]; i++)
            y[s][i] *= 100;
    const struct svg_series series[] = {
        {"synchronous SGD", x[0], y[0], counts[0]},
        {"EASGD, the centre", x[1], y[1], counts[1]},
    };
    char title[128];
    snprintf(title, sizeof title, "4 ranks: synchronous SGD and EASGD (test accuracy, "
             "%d digits)", EVAL_DIGITS);
    const struct line_chart chart = {
        .title = title, .x_label = "step", .y_label = "test accuracy (%)",
        .series = series, .series_count = 2,
    };
    return figure_line_chart(folder, "easgd-vs-sync.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "--rank") == 0)
        return rank_main(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    const char *quick = getenv("DESCENT_QUICK");
    long epochs = quick != NULL && strcmp(quick, "1") == 0 ? 1 : EPOCHS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    static struct run_results sync[RANK_COUNTS], async;
    for (int k = 0; k < RANK_COUNTS; k++)
        if (launch(argv[0], argv[1], RANKS[k], "sync", &sync[k]) != 0)
            return 1;
    if (launch(argv[0], argv[1], 1 + DOWNPOUR_WORKERS, "async", &async) != 0)
        return 1;
    if (part1(sync, argv[1], cores, epochs) != 0)
        return 1;
    part2(sync, (size_t)value_of(&sync[0], "sync.params", 0));
    if (part3(&async, argv[1]) != 0 || part4(&sync[RANK_COUNTS - 1], &async, argv[1]) != 0)
        return 1;
    return 0;
}
