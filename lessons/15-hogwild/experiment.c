/* experiment.c -- lesson 15's experiments (given code: read it, run it).
 *
 *   make run LESSON=15                  with your hogwild.c
 *
 * Part 1, "The experiment: lost updates": two threads add 1 to one shared
 * _Atomic float a million times each, first with a load and a store (the
 * update of sparse_logistic_sgd_step), then with a compare-and-swap loop.
 * Parts 2-4, "The experiment: one thread or two": Hogwild! with 1 and 2
 * threads on sparse logistic regression with a large model (1 000 000
 * weights) and a small one (50 000), and on a dense problem where every
 * example touches all 10 weights; loss and wall time per epoch.
 *
 * Timings: the speed-up is wall-clock (clock_gettime(CLOCK_MONOTONIC)) over
 * epochs 2 on; epoch 1 is the warm-up (first touches of the weights' pages,
 * the caches filling) and is not counted. CPU time is reported beside it:
 * CPU seconds per wall second near 2 say both threads really ran at once,
 * near 1 that they took turns on one core. The conclusion is printed from
 * the numbers measured, whatever they are; nothing checks them. The first
 * line names the machine (cores online, load average before the run), so
 * that a run quoted elsewhere says where it was measured.
 *
 * Usage: experiment OUTPUT_FOLDER   (the figures are written there as SVG) */
#include "figure.h"
#include "lessons.h"
#include "rng.h"
#include "svg.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds used by this process so far, all its threads added up. */
static double cpu_seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The machine the timings come from: the cores online and, where the system
 * reports it (/proc/loadavg on Linux), the load average of the last minute,
 * about the number of programs that wanted a core. */
static void print_machine(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    double load = -1.0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf", &load) != 1)
            load = -1.0;
        fclose(f);
    }
    printf("machine: %ld cores online", cores);
    if (load >= 0.0)
        printf(", load average %.2f over the last minute before this run", load);
    printf("\n\n");
}

/* ---- Part 1: lost updates ------------------------------------------------------ */

enum { INCREMENTS = 1000000 };
static _Atomic float counter;
static atomic_int ready; /* a start gate: each thread waits for the other */

static void wait_for_both_threads(void)
{
    atomic_fetch_add(&ready, 1);
    while (atomic_load(&ready) < 2) {
        /* spin: without the gate one thread could finish before the
         * other has even started, and nothing would ever collide */
    }
}

/* counter <- counter + 1 as two atomic operations: a load, then a store.
 * Between them the other thread may store; its update is then overwritten. */
static int add_with_load_and_store(void *unused)
{
    (void)unused;
    wait_for_both_threads();
    for (int i = 0; i < INCREMENTS; i++) {
        float old = atomic_load_explicit(&counter, memory_order_relaxed);
        atomic_store_explicit(&counter, old + 1.0f, memory_order_relaxed);
    }
    return 0;
}

/* counter <- counter + 1 as one atomic read-modify-write: retry until no
 * other thread has stored between our load and our exchange. */
static int add_with_compare_and_swap(void *unused)
{
    (void)unused;
    wait_for_both_threads();
    for (int i = 0; i < INCREMENTS; i++) {
        float old = atomic_load_explicit(&counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&counter, &old, old + 1.0f,
                                                      memory_order_relaxed,
                                                      memory_order_relaxed)) {
            /* old now holds the value another thread stored: try again */
        }
    }
    return 0;
}

static void count_with_two_threads(const char *name, thrd_start_t add)
{
    atomic_store(&counter, 0.0f);
    atomic_store(&ready, 0);
    thrd_t a, b;
    double start = seconds_now();
    if (thrd_create(&a, add, NULL) != thrd_success)
        return;
    if (thrd_create(&b, add, NULL) != thrd_success) {
        thrd_join(a, NULL);
        return;
    }
    thrd_join(a, NULL);
    thrd_join(b, NULL);
    double elapsed = seconds_now() - start;
    float total = atomic_load(&counter);
    printf("  %-18s %8.0f of %d, %8.0f updates lost (%4.1f%%), %.3f s\n", name,
           (double)total, 2 * INCREMENTS, 2.0 * INCREMENTS - total,
           100.0 * (2.0 * INCREMENTS - total) / (2.0 * INCREMENTS), elapsed);
}

/* ---- Parts 2 and 3: training ------------------------------------------------------ */

/* A data set: count examples of nnz features each out of dim, values of
 * size 0.5..1.5 with random signs, labels from a hidden weight vector
 * with some noise, all from one seed. nnz = dim makes it dense. */
struct data {
    size_t dim, count, nnz;
    struct sparse_example *examples;
    size_t *index;
    float *value;
};

static int make_data(struct data *d, size_t dim, size_t count, size_t nnz, uint64_t seed)
{
    struct rng rng;
    rng_seed(&rng, seed, 15);
    d->dim = dim;
    d->count = count;
    d->nnz = nnz;
    d->examples = malloc(count * sizeof *d->examples);
    d->index = malloc(count * nnz * sizeof *d->index);
    d->value = malloc(count * nnz * sizeof *d->value);
    float *hidden = malloc(dim * sizeof *hidden);
    if (!d->examples || !d->index || !d->value || !hidden) {
        free(hidden);
        return -1;
    }
    for (size_t j = 0; j < dim; j++)
        hidden[j] = rng_normal(&rng);
    for (size_t i = 0; i < count; i++) {
        size_t *index = d->index + i * nnz;
        float *value = d->value + i * nnz;
        double z = 0.0;
        for (size_t k = 0; k < nnz; k++) {
            /* dense: every feature once; sparse: random features (a repeat
             * among 50 000 is rare and harmless: it is redrawn) */
            size_t j = nnz == dim ? k : rng_below(&rng, (uint32_t)dim);
            for (size_t m = 0; m < k && nnz != dim; m++)
                if (index[m] == j) {
                    j = rng_below(&rng, (uint32_t)dim);
                    m = (size_t)-1; /* check the new draw against all again */
                }
            index[k] = j;
            value[k] = (0.5f + rng_uniform(&rng)) * (rng_below(&rng, 2) ? 1.0f : -1.0f);
            z += (double)hidden[j] * value[k];
        }
        z += 0.5 * sqrt((double)nnz) * rng_normal(&rng);
        d->examples[i] = (struct sparse_example){index, value, nnz, z > 0.0 ? 1.0f : 0.0f};
    }
    free(hidden);
    return 0;
}

static void free_data(struct data *d)
{
    free(d->examples);
    free(d->index);
    free(d->value);
}

enum { MAX_EPOCHS = 20 };

struct run {
    size_t threads;
    double loss[MAX_EPOCHS + 1];    /* after each epoch; [0] at the start */
    double elapsed[MAX_EPOCHS + 1]; /* wall seconds of training so far */
    double cpu[MAX_EPOCHS + 1];     /* CPU seconds of training so far, all threads */
};

/* Trains from w = 0 one epoch at a time (one hogwild_train call each, so the
 * loss can be measured in between; the timer runs only while training). */
static int train(const struct data *d, float lr, size_t epochs, struct run *run)
{
    float *w = calloc(d->dim, sizeof *w);
    if (w == NULL)
        return -1;
    run->loss[0] = sparse_logistic_loss(w, d->examples, d->count);
    run->elapsed[0] = run->cpu[0] = 0.0;
    for (size_t e = 1; e <= epochs; e++) {
        double start = seconds_now(), cpu_start = cpu_seconds_now();
        long steps = hogwild_train(w, d->dim, d->examples, d->count, lr, 1, run->threads);
        run->elapsed[e] = run->elapsed[e - 1] + (seconds_now() - start);
        run->cpu[e] = run->cpu[e - 1] + (cpu_seconds_now() - cpu_start);
        if (steps != (long)d->count) {
            free(w);
            return -1;
        }
        run->loss[e] = sparse_logistic_loss(w, d->examples, d->count);
    }
    free(w);
    return 0;
}

static void print_runs(const struct run *one, const struct run *two, size_t epochs,
                       size_t count)
{
    printf("  %5s  %12s  %12s  %14s  %14s\n", "epoch", "loss, 1 thr", "loss, 2 thr",
           "ms/epoch 1 thr", "ms/epoch 2 thr");
    for (size_t e = 0; e <= epochs; e++) {
        if (e > 2 && e != epochs && e % 5 != 0)
            continue;
        if (e == 0)
            printf("  %5zu  %12.6f  %12.6f\n", e, one->loss[e], two->loss[e]);
        else
            printf("  %5zu  %12.6f  %12.6f  %14.2f  %14.2f\n", e, one->loss[e], two->loss[e],
                   1e3 * (one->elapsed[e] - one->elapsed[e - 1]),
                   1e3 * (two->elapsed[e] - two->elapsed[e - 1]));
    }
    /* Epoch 1 is the warm-up: it pays for first touches of the weights'
     * pages and for filling the caches. The comparison uses epochs 2 on. */
    double t1 = one->elapsed[epochs] - one->elapsed[1];
    double t2 = two->elapsed[epochs] - two->elapsed[1];
    double c1 = one->cpu[epochs] - one->cpu[1], c2 = two->cpu[epochs] - two->cpu[1];
    double speedup = t1 / t2, alone = c1 / t1, busy = c2 / t2;
    printf("  epochs 2-%zu (epoch 1, the warm-up, is not counted):\n", epochs);
    printf("    wall time: 1 thread %.3f s, 2 threads %.3f s\n", t1, t2);
    printf("    CPU time:  1 thread %.3f s, 2 threads %.3f s\n", c1, c2);
    /* CPU time over wall time: about 2 when both threads really ran at
     * once, about 1 when they took turns on one core. */
    printf("    CPU seconds per wall second: 1 thread %.2f, 2 threads %.2f\n", alone, busy);
    printf("    %.1f million steps per second with 2 threads\n",
           (double)((epochs - 1) * count) / t2 / 1e6);
    /* The conclusion, from the numbers just measured. A single thread that
     * got much less than a core was itself slowed by other programs: then
     * no comparison is fair, whatever the ratio says. */
    printf("  here 2 threads ran %.2fx as fast as 1", speedup);
    if (alone < 0.8)
        printf(", but 1 thread got only %.2f CPU seconds\n"
               "  per wall second: the machine was busy (%ld cores online), so this\n"
               "  comparison says little; run again when it is idle.\n",
               alone, sysconf(_SC_NPROCESSORS_ONLN));
    else if (speedup >= 1.15)
        printf(": the second core added real throughput.\n");
    else if (busy < 1.5)
        printf(": they got only %.2f CPU seconds per wall\n"
               "  second, so they mostly took turns: another program held the other core\n"
               "  (%ld cores online).\n", busy, sysconf(_SC_NPROCESSORS_ONLN));
    else if (speedup <= 0.87)
        printf(": both ran (%.2f CPU seconds per wall\n"
               "  second) and slowed each other down: the cache lines they write move\n"
               "  between the cores.\n", busy);
    else
        printf(": both ran (%.2f CPU seconds per wall\n"
               "  second), for no gain.\n", busy);
    printf("  final loss: 1 thread %.6f, 2 threads %.6f (difference %+.2e)\n", one->loss[epochs],
           two->loss[epochs], two->loss[epochs] - one->loss[epochs]);
}

/* One problem of the experiment, trained with 1 and then 2 threads. */
struct problem_run {
    const char *title;
    size_t dim, count, nnz;
    uint64_t seed;
    float lr;
    size_t epochs;
    struct data data;
    struct run one, two;
};

static int run_problem(struct problem_run *p)
{
    if (make_data(&p->data, p->dim, p->count, p->nnz, p->seed) != 0) {
        fprintf(stderr, "experiment: out of memory\n");
        return -1;
    }
    printf("%s\n  %zu examples, %zu of %zu features each, lr = %g, %zu epochs\n", p->title,
           p->count, p->nnz, p->dim, (double)p->lr, p->epochs);
    /* Two examples share at least one weight with this probability. */
    printf("  two examples share a weight with probability %.4f; the weights take %.1f MB\n",
           p->nnz == p->dim ? 1.0
                            : 1.0 - pow(1.0 - (double)p->nnz / (double)p->dim, (double)p->nnz),
           (double)p->dim * sizeof(float) / 1e6);
    p->one.threads = 1;
    p->two.threads = 2;
    if (train(&p->data, p->lr, p->epochs, &p->one) != 0 ||
        train(&p->data, p->lr, p->epochs, &p->two) != 0) {
        fprintf(stderr, "experiment: training failed (out of memory or threads?)\n");
        return -1;
    }
    print_runs(&p->one, &p->two, p->epochs, p->count);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    const char *folder = argv[1];
    print_machine();

    printf("Part 1: two threads add 1 to one shared float, %d times each\n", INCREMENTS);
    count_with_two_threads("load + store:", add_with_load_and_store);
    count_with_two_threads("compare-and-swap:", add_with_compare_and_swap);
    printf("\n");

    /* Part 2: a large sparse model (4 MB of weights, the setting Hogwild!
     * was made for). Part 3: the same kind of data with a small model that
     * both cores keep in their caches. Part 4: a dense model. */
    struct problem_run problems[] = {
        {.title = "Part 2: sparse, large model", .dim = 1000000, .count = 200000, .nnz = 10,
         .seed = 1, .lr = 0.2f, .epochs = 10},
        {.title = "Part 3: sparse, small model", .dim = 50000, .count = 200000, .nnz = 10,
         .seed = 1, .lr = 0.2f, .epochs = 10},
        {.title = "Part 4: dense", .dim = 10, .count = 200000, .nnz = 10, .seed = 2,
         .lr = 0.01f, .epochs = 10},
    };
    enum { PROBLEMS = sizeof problems / sizeof problems[0] };
    int status = 0;
    for (size_t i = 0; i < PROBLEMS && status == 0; i++)
        status = run_problem(&problems[i]);

    if (status == 0) {
        /* The figures: loss against epoch, and loss against wall time. */
        double epochs_axis[MAX_EPOCHS + 1];
        for (size_t e = 0; e <= MAX_EPOCHS; e++)
            epochs_axis[e] = (double)e;
        const char *labels[PROBLEMS][2] = {
            {"sparse large, 1 thread", "sparse large, 2 threads"},
            {"sparse small, 1 thread", "sparse small, 2 threads"},
            {"dense, 1 thread", "dense, 2 threads"},
        };
        struct svg_series by_epoch[2 * PROBLEMS], by_time[2 * PROBLEMS];
        for (size_t i = 0; i < PROBLEMS; i++) {
            const struct problem_run *p = &problems[i];
            by_epoch[2 * i] = (struct svg_series){labels[i][0], epochs_axis, p->one.loss,
                                                  p->epochs + 1};
            by_epoch[2 * i + 1] = (struct svg_series){labels[i][1], epochs_axis, p->two.loss,
                                                      p->epochs + 1};
            /* From the end of epoch 1, so the axis shows training time only. */
            by_time[2 * i] = (struct svg_series){labels[i][0], p->one.elapsed + 1,
                                                 p->one.loss + 1, p->epochs};
            by_time[2 * i + 1] = (struct svg_series){labels[i][1], p->two.elapsed + 1,
                                                     p->two.loss + 1, p->epochs};
        }
        const struct line_chart epoch_chart = {
            .title = "Hogwild!: the loss after each epoch, 1 and 2 threads",
            .x_label = "epoch", .y_label = "training loss (log scale)", .log_y = 1,
            .series = by_epoch, .series_count = 2 * PROBLEMS,
        };
        const struct line_chart time_chart = {
            .title = "Hogwild!: the loss against wall-clock time (sparse problems)",
            .x_label = "seconds of training", .y_label = "training loss (log scale)",
            .log_y = 1, .series = by_time, .series_count = 4,
        };
        status = figure_line_chart(folder, "loss-per-epoch.svg", &epoch_chart) != 0 ||
                 figure_line_chart(folder, "loss-vs-time.svg", &time_chart) != 0;
    }
    for (size_t i = 0; i < PROBLEMS; i++)
        free_data(&problems[i].data);
    return status;
}
