/* experiment.c -- lesson 03's experiments (given code: read it, run it).
 *
 *   make run LESSON=3                  with your minibatch.c
 *
 * Part 1, "The experiment: batch size, examples and seconds": a linear
 * regression with 8 000 examples and 200 features, trained for 10 epochs
 * with batches of 1, 32, 256 and all 8 000 examples (your
 * minibatch_epoch), each at the best learning rate of a small grid. The
 * loss is recorded against examples seen and against seconds of training.
 * Part 2, "Where mini-batches pay off": one dense layer 784 -> 128 (the
 * first layer of the course's MLP) applied to 256 examples one at a time
 * and as one matrix product, with the trainer's matmul.
 *
 * Timings depend on the machine and on what else it is doing; the loss
 * numbers do not (same seed, same bits). Usage: experiment OUTPUT_FOLDER */
#include "figure.h"
#include "lessons.h"
#include "matmul.h"
#include "rng.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds from a monotonic clock (POSIX clock_gettime). */
static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU seconds used by this process, all its threads (POSIX
 * clock_gettime): below the wall time when the process had to wait for a
 * core that something else was using. */
static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- Part 1: the same data, four batch sizes ---------------------------------- */

enum { N = 8000, D = 200, EPOCHS = 10, PROBES_PER_EPOCH = 20 };
enum { MAX_POINTS = EPOCHS * PROBES_PER_EPOCH + 2 };

struct regression {
    float x[N * D], y[N];
};

/* A probe inside the objective: every `every` example calls it records the
 * full loss J(w) at the current w, the examples seen so far, and the
 * training seconds so far. The probe's own time is measured and left out,
 * so the seconds count training only. */
struct probe {
    size_t calls, every, recorded;
    double start, probe_seconds;
    double core_share; /* CPU seconds over wall seconds of the whole run: near 1
                        * when the process had a core to itself */
    double examples[MAX_POINTS], seconds[MAX_POINTS], loss[MAX_POINTS];
};

struct context {
    const struct regression *data;
    struct probe *probe; /* NULL: no probing (the learning-rate search) */
};

/* The residual w . x_i - y_i: a dot product the compiler can vectorise. */
static float residual(const struct regression *data, const float *w, size_t i)
{
    const float *xi = data->x + i * D;
    float dot = 0.0f;
    for (size_t p = 0; p < D; p++)
        dot += w[p] * xi[p];
    return dot - data->y[i];
}

/* J(w) = (1/N) sum_i (w . x_i - y_i)^2, summed over examples in double. */
static double full_loss(const struct regression *data, const float *w)
{
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        double r = residual(data, w, i);
        sum += r * r;
    }
    return sum / N;
}

static void probe_record(struct probe *probe, const struct regression *data, const float *w)
{
    if (probe->calls % probe->every == 0 && probe->recorded < MAX_POINTS) {
        double entered = now_seconds();
        probe->examples[probe->recorded] = (double)probe->calls;
        probe->seconds[probe->recorded] = entered - probe->start - probe->probe_seconds;
        probe->loss[probe->recorded] = full_loss(data, w);
        probe->recorded++;
        probe->probe_seconds += now_seconds() - entered;
    }
    probe->calls++;
}

/* J_i(w) = (w . x_i - y_i)^2, gradient 2 r x_i: one example, as the
 * objective interface asks, so each call costs about 3 D flops. */
static double example_loss(const void *context, const float *w, size_t i, float *g)
{
    const struct context *c = context;
    if (c->probe != NULL)
        probe_record(c->probe, c->data, w);
    const float *xi = c->data->x + i * D;
    float r = residual(c->data, w, i);
    for (size_t p = 0; p < D; p++)
        g[p] = 2.0f * r * xi[p];
    return (double)r * r;
}

/* Trains from w = 0 for EPOCHS epochs; returns the final full loss. */
static double train(const struct context *c, size_t batch_size, float lr, uint64_t seed)
{
    const struct objective f = {.param_count = D, .example_count = N,
                                .example_loss_and_gradient = example_loss, .context = c};
    float w[D] = {0}, g[D], example_g[D];
    static uint32_t order[N];
    for (uint32_t k = 0; k < N; k++)
        order[k] = k;
    struct rng rng;
    rng_seed(&rng, seed, 0);
    double cpu_start = 0.0;
    if (c->probe != NULL) {
        c->probe->calls = c->probe->recorded = 0;
        c->probe->probe_seconds = 0.0;
        cpu_start = cpu_seconds();
        c->probe->start = now_seconds();
    }
    for (int e = 0; e < EPOCHS; e++)
        minibatch_epoch(&f, w, lr, batch_size, LAST_BATCH_KEEP, order, g, example_g, &rng);
    if (c->probe != NULL) {
        c->probe->core_share = (cpu_seconds() - cpu_start) / (now_seconds() - c->probe->start);
        c->probe->every = 1; /* record the end point too */
        probe_record(c->probe, c->data, w);
        c->probe->every = N / PROBES_PER_EPOCH;
    }
    return full_loss(c->data, w);
}

/* The least-squares loss J* from the normal equations, in double. */
static double best_loss(const struct regression *data)
{
    static double a[D][D + 1];
    for (size_t p = 0; p < D; p++)
        for (size_t q = 0; q <= D; q++)
            a[p][q] = 0.0;
    for (size_t i = 0; i < N; i++) {
        const float *xi = data->x + i * D;
        for (size_t p = 0; p < D; p++) {
            for (size_t q = 0; q < D; q++)
                a[p][q] += (double)xi[p] * xi[q];
            a[p][D] += (double)xi[p] * data->y[i];
        }
    }
    for (size_t col = 0; col < D; col++) /* positive definite: no pivoting */
        for (size_t row = col + 1; row < D; row++) {
            double factor = a[row][col] / a[col][col];
            for (size_t k = col; k <= D; k++)
                a[row][k] -= factor * a[col][k];
        }
    static double w[D];
    for (size_t row = D; row-- > 0;) {
        double sum = a[row][D];
        for (size_t k = row + 1; k < D; k++)
            sum -= a[row][k] * w[k];
        w[row] = sum / a[row][row];
    }
    static float wf[D];
    for (size_t p = 0; p < D; p++)
        wf[p] = (float)w[p];
    return full_loss(data, wf);
}

static int part1(const char *folder)
{
    static struct regression data;
    static struct probe probes[4];
    struct rng rng;
    rng_seed(&rng, 1, 0);
    float w_true[D];
    for (size_t p = 0; p < D; p++)
        w_true[p] = rng_normal(&rng);
    for (size_t i = 0; i < N; i++) {
        double target = 0.0;
        for (size_t p = 0; p < D; p++) {
            data.x[i * D + p] = rng_normal(&rng) / (1.0f + (float)p / 20.0f);
            target += (double)w_true[p] * data.x[i * D + p];
        }
        data.y[i] = (float)target + 0.5f * rng_normal(&rng);
    }
    /* (Above: feature p is scaled by 1 / (1 + p/20), from 1 down to about
     * 0.09, so the loss has directions of very different curvature and no
     * method finishes in a few steps; y = w_true . x + noise of 0.5.) */
    const double j_star = best_loss(&data);
    printf("Part 1: linear regression, N = %d examples, D = %d features, %d epochs;\n"
           "  J* = %.5f\n", N, D, EPOCHS, j_star);

    const size_t batch_sizes[4] = {1, 32, 256, N};
    const float grid[] = {0.0001f, 0.0003f, 0.001f, 0.003f, 0.01f, 0.03f, 0.1f, 0.3f, 1.0f};
    const size_t grid_size = sizeof grid / sizeof grid[0];
    float best_lr[4];
    printf("  best learning rate of the grid (final loss after %d epochs, no timing):\n",
           EPOCHS);
    for (int s = 0; s < 4; s++) {
        const struct context quiet = {&data, NULL};
        double best = INFINITY;
        for (size_t k = 0; k < grid_size; k++) {
            double loss = train(&quiet, batch_sizes[s], grid[k], 7);
            if (isfinite(loss) && loss < best) {
                best = loss;
                best_lr[s] = grid[k];
            }
        }
        printf("    b = %4zu: lr = %g\n", batch_sizes[s], (double)best_lr[s]);
    }

    printf("  %6s %7s %10s %12s %12s %12s %12s\n", "b", "lr", "steps/ep", "ms/epoch",
           "J-J* ep 1", "J-J* ep 3", "J-J* ep 10");
    static double excess[4][MAX_POINTS];
    for (int s = 0; s < 4; s++) {
        struct probe *probe = &probes[s];
        probe->every = N / PROBES_PER_EPOCH;
        const struct context c = {&data, probe};
        train(&c, batch_sizes[s], best_lr[s], 3);
        for (size_t k = 0; k < probe->recorded; k++)
            excess[s][k] = probe->loss[k] - j_star;
        size_t last = probe->recorded - 1;
        /* steps per epoch under KEEP: ceil(N / b), in the overflow-free form of
         * section "Splitting an epoch into batches" */
        printf("  %6zu %7g %10zu %12.2f %12.5f %12.5f %12.5f\n", batch_sizes[s],
               (double)best_lr[s], N / batch_sizes[s] + (N % batch_sizes[s] != 0),
               1000.0 * probe->seconds[last] / EPOCHS, excess[s][PROBES_PER_EPOCH],
               excess[s][3 * PROBES_PER_EPOCH], excess[s][last]);
    }
    /* CPU time well below wall time: the process waited for a core, and the
     * milliseconds measure the machine's load as much as the batch size. */
    for (int s = 0; s < 4; s++)
        if (probes[s].core_share < 0.8) {
            printf("  (this process got %.0f%% of a core while timing b = %zu;\n"
                   "  the machine was busy: run it again when it is idle)\n",
                   100.0 * probes[s].core_share, batch_sizes[s]);
            break;
        }

    static char labels[4][64];
    struct svg_series by_examples[4], by_seconds[4];
    for (int s = 0; s < 4; s++) {
        if (batch_sizes[s] == N)
            snprintf(labels[s], sizeof labels[s], "full batch (%d), lr = %g", N,
                     (double)best_lr[s]);
        else
            snprintf(labels[s], sizeof labels[s], "b = %zu, lr = %g", batch_sizes[s],
                     (double)best_lr[s]);
        by_examples[s] = (struct svg_series){labels[s], probes[s].examples, excess[s],
                                             probes[s].recorded};
        by_seconds[s] = (struct svg_series){labels[s], probes[s].seconds, excess[s],
                                            probes[s].recorded};
    }
    const struct line_chart chart_examples = {
        .title = "Statistical efficiency: excess loss against examples seen",
        .x_label = "examples seen (8 000 per epoch)", .y_label = "J(w) - J* (log scale)",
        .log_y = 1, .series = by_examples, .series_count = 4,
    };
    const struct line_chart chart_seconds = {
        .title = "Computational efficiency: excess loss against training time",
        .x_label = "seconds of training (on the machine of this run)",
        .y_label = "J(w) - J* (log scale)",
        .log_y = 1, .series = by_seconds, .series_count = 4,
    };
    if (figure_line_chart(folder, "loss-vs-examples.svg", &chart_examples) != 0 ||
        figure_line_chart(folder, "loss-vs-seconds.svg", &chart_seconds) != 0)
        return -1;
    return 0;
}

/* ---- Part 2: a dense layer, one example at a time or as one product -------------- */

enum { IN = 784, OUT = 128, BATCH = 256, REPEATS = 20 };

static int part2(void)
{
    float *weights = malloc((size_t)IN * OUT * sizeof(float));
    float *inputs = malloc((size_t)BATCH * IN * sizeof(float));
    float *outputs = malloc((size_t)BATCH * OUT * sizeof(float));
    if (weights == NULL || inputs == NULL || outputs == NULL) {
        free(weights);
        free(inputs);
        free(outputs);
        fprintf(stderr, "experiment: out of memory\n");
        return -1;
    }
    struct rng rng;
    rng_seed(&rng, 9, 0);
    for (size_t k = 0; k < (size_t)IN * OUT; k++)
        weights[k] = 0.05f * rng_normal(&rng);
    for (size_t k = 0; k < (size_t)BATCH * IN; k++)
        inputs[k] = rng_uniform(&rng);

    /* outputs [BATCH x OUT] = inputs [BATCH x IN] * weights [IN x OUT].
     * One example at a time: BATCH products with m = 1 (a vector times the
     * matrix), each reading all IN * OUT weights for 2 flops per weight.
     * The whole batch as one product: each weight loaded once per tile
     * serves many examples.
     * Each way runs once untimed first (the warm-up: it brings the pages
     * and the weights into memory and the caches, a cost the timed
     * repetitions then do not pay), then REPEATS times on the wall clock
     * and on this process's CPU clock. */
    double wall[2], cpu[2];
    for (int way = 0; way < 2; way++) {
        double wall_start = 0.0, cpu_start = 0.0;
        for (int r = -1; r < REPEATS; r++) {
            if (r == 0) { /* the warm-up (r = -1) is over: start the clocks */
                wall_start = now_seconds();
                cpu_start = cpu_seconds();
            }
            if (way == 0)
                for (size_t e = 0; e < BATCH; e++)
                    matmul(outputs + e * OUT, inputs + e * IN, MATMUL_PLAIN, weights,
                           MATMUL_PLAIN, 1, OUT, IN, 0);
            else
                matmul(outputs, inputs, MATMUL_PLAIN, weights, MATMUL_PLAIN, BATCH, OUT, IN, 0);
        }
        wall[way] = (now_seconds() - wall_start) / REPEATS;
        cpu[way] = (cpu_seconds() - cpu_start) / REPEATS;
    }

    const double flops = 2.0 * BATCH * IN * OUT;
    printf("\nPart 2: a dense layer %d -> %d on %d examples (the MLP's first layer),\n"
           "  %d timed repetitions after one untimed warm-up\n", IN, OUT, BATCH, REPEATS);
    const char *names[2] = {"one example at a time:", "one matrix product:   "};
    for (int way = 0; way < 2; way++)
        printf("  %s %8.3f ms wall, %8.3f ms CPU  (%6.2f GFLOP/s)\n", names[way],
               1000.0 * wall[way], 1000.0 * cpu[way], flops / wall[way] * 1e-9);

    /* The conclusion, from the numbers just measured. */
    double ratio = wall[0] / wall[1];
    printf("  here one matrix product ran %.1fx as fast as one example at a time:\n", ratio);
    if (ratio >= 1.5)
        printf("  the same arithmetic, arranged to reuse each weight it loads.\n");
    else
        printf("  no clear gain on this run.\n");
    /* CPU time well below wall time: the process waited for a core. */
    for (int way = 0; way < 2; way++)
        if (cpu[way] < 0.8 * wall[way]) {
            printf("  (this process got %.0f%% of a core while timing %s\n"
                   "  the machine was busy: run it again when it is idle)\n",
                   100.0 * cpu[way] / wall[way], way == 0 ? "one at a time;" : "the product;");
            break;
        }
    free(weights);
    free(inputs);
    free(outputs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    if (part1(argv[1]) != 0 || part2() != 0)
        return 1;
    return 0;
}
