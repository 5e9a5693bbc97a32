/* bench.c -- `make bench`: how fast does the trainer train?
 *
 * A benchmark, not a test: it measures and reports, and exits 0 whatever
 * the numbers are (non-zero only if something fails, e.g. missing data).
 *
 * For each model (MLP, CNN) it trains on the 8 000 training digits, in
 * order, at batch 64, on one thread, with SGD with momentum written out
 * below. One epoch is 125 steps of
 *
 *     model_loss_and_gradient (forward + backward)   -- the trainer
 *     b = mu*b + g;  w -= lr*b                       -- the update, inline
 *
 * (the update is written here, not taken from lesson 04, so the benchmark
 * does not depend on anyone's lesson code). One warm-up epoch, then
 * `timed` epochs, each timed alone; the median is reported.
 *
 * FLOPs. A training step costs about 3 forward passes: the backward pass
 * does two matrix products (input gradient, weight gradient) for every
 * product of the forward pass. So
 *
 *     counted FLOPs per epoch = 3 x model_forward_flops x samples
 *
 * which is the usual convention, and what GFLOP/s below is computed from.
 * Our models skip the input gradient of their first layer (nobody needs
 * d loss / d pixels), so they execute fewer: see executed_flops().
 *
 * Next to it: the core's peak rate measured by the probe of peak.c (with
 * fused multiply-adds: the hardware's ceiling, see mk/bench.mk), and the
 * fraction reached; the PyTorch peer's fastest epoch (tools/bench/peer.py,
 * run by make bench just before, its output in PEER_FILE) and the ratio;
 * and where the CNN's epoch goes, layer by layer (layers.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"
#include "layers.h"
#include "model.h"
#include "peak.h"

/* Set by mk/bench.mk; defaults for a hand-made build. */
#ifndef BENCH_FLAGS
#define BENCH_FLAGS "(unknown: not built by make bench)"
#endif

#define BATCH 64
#define LEARNING_RATE 0.01f
#define MOMENTUM 0.9f

/* The targets of the course's issues: fractions of the measured peak, and
 * how many times faster than PyTorch's fastest epoch. */
#define MLP_TARGET 0.25
#define CNN_TARGET 0.35
#define MLP_PEER_TARGET 15.0
#define CNN_PEER_TARGET 2.0

/* The matrix products a training step really runs, per example, in
 * FLOPs (2*M*N*K per product): the forward pass, the weight gradients
 * (the same products again), and the input gradients of every layer but
 * the first.
 *   MLP: dense 784->128, dense 128->10.
 *   CNN: conv1 8 x 576 x 25, conv2 16 x 64 x 200, dense 256->10 (cnn.c). */
static double executed_flops(enum model_kind kind)
{
    double forward = model_forward_flops(kind);
    double first_layer = kind == MODEL_MLP ? 2.0 * 784 * 128 : 2.0 * 8 * 576 * 25;
    return forward + forward + (forward - first_layer);
}

/* The CPU's name from /proc/cpuinfo (Linux), or "unknown". */
static void cpu_model(char *name, size_t size)
{
    snprintf(name, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
            snprintf(name, size, "%s", colon + 2);
            name[strcspn(name, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
}

/* The compiler, from the macros gcc and clang define. */
static void print_compiler(void)
{
#if defined(__clang__)
    printf("compiler: clang %d.%d.%d\n", __clang_major__, __clang_minor__,
           __clang_patchlevel__);
#elif defined(__GNUC__)
    printf("compiler: gcc %s\n", __VERSION__);
#else
    printf("compiler: unknown\n");
#endif
}

/* One epoch: every full batch of the training set once, in order (no
 * shuffle: the order changes nothing in the cost). Returns the mean loss. */
static double train_epoch(struct model *m, float *velocity,
                          const struct dataset *train)
{
    size_t steps = train->count / BATCH;
    double loss_sum = 0.0;
    for (size_t s = 0; s < steps; s++) {
        const float *images = train->images + s * BATCH * MODEL_INPUTS;
        const uint8_t *labels = train->labels + s * BATCH;
        loss_sum += model_loss_and_gradient(m, images, labels, BATCH);

        /* SGD with momentum (PyTorch's form), over the flat parameters. */
        for (size_t i = 0; i < m->param_count; i++) {
            velocity[i] = MOMENTUM * velocity[i] + m->grads[i];
            m->params[i] -= LEARNING_RATE * velocity[i];
        }
    }
    return steps > 0 ? loss_sum / (double)steps : 0.0;
}

static int compare_doubles(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

struct result {
    double seconds;     /* median seconds per epoch */
    double fastest;     /* the fastest epoch */
    double slowest;     /* the slowest epoch */
    double first_loss;  /* mean loss of the warm-up epoch */
    double last_loss;   /* mean loss of the last timed epoch */
    size_t samples;     /* examples per epoch */
};

/* Warm-up, then `timed` timed epochs (at most 32). Returns 0, or -1 with a
 * message printed. */
static int benchmark(struct result *r, enum model_kind kind,
                     const struct dataset *train, int timed)
{
    struct model m;
    struct rng rng;
    struct error err;
    rng_seed(&rng, 1, 0);
    if (model_create(&m, kind, BATCH, &rng, &err) != 0) {
        fprintf(stderr, "bench: model_create(%s): %s\n", model_kind_name(kind),
                err.message);
        return -1;
    }
    float *velocity = calloc(m.param_count, sizeof *velocity);
    if (velocity == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        model_free(&m);
        return -1;
    }

    double times[32];
    r->first_loss = train_epoch(&m, velocity, train); /* warm-up */
    for (int e = 0; e < timed; e++) {
        double start = bench_seconds();
        r->last_loss = train_epoch(&m, velocity, train);
        times[e] = bench_seconds() - start;
    }
    qsort(times, (size_t)timed, sizeof times[0], compare_doubles);
    r->seconds = timed % 2 ? times[timed / 2]
                           : 0.5 * (times[timed / 2 - 1] + times[timed / 2]);
    r->fastest = times[0];
    r->slowest = times[timed - 1];
    r->samples = train->count / BATCH * BATCH;

    free(velocity);
    model_free(&m);
    return 0;
}

static void print_row(enum model_kind kind, const struct result *r,
                      double peak, double target)
{
    double flops = 3.0 * model_forward_flops(kind) * (double)r->samples;
    double gflops = flops / r->seconds * 1e-9;
    double fraction = gflops / peak;
    printf("%-5s %9.4f %11.0f %9.1f %9.1f %7.1f%%   %3.0f%% %s\n",
           model_kind_name(kind), r->seconds, (double)r->samples / r->seconds,
           gflops, peak, 100.0 * fraction, 100.0 * target,
           fraction >= target ? "PASS" : "BELOW");
}

/* The PyTorch peer's fastest and median epoch of one model, read from the
 * lines "peer MODEL MIN MEDIAN" of the file peer.py wrote. Returns 0, or -1
 * (then `why` says why) if the file holds no such line. */
static int read_peer(const char *path, const char *model, double *fastest,
                     double *median, char *why, size_t why_size)
{
    snprintf(why, why_size, "no PyTorch figures (%s)", path);
    FILE *f = path != NULL ? fopen(path, "r") : NULL;
    if (f == NULL)
        return -1;
    char line[200], name[32];
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "skipped:", 8) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(why, why_size, "PyTorch %s", line);
        }
        found = sscanf(line, "peer %31s %lf %lf", name, fastest, median) == 3 &&
                strcmp(name, model) == 0;
    }
    fclose(f);
    return found ? 0 : -1;
}

static void print_peer_row(enum model_kind kind, const struct result *r,
                           const char *peer_file, double target)
{
    double fastest, median;
    char why[300];
    if (read_peer(peer_file, model_kind_name(kind), &fastest, &median, why,
                  sizeof why) != 0) {
        printf("%-5s %9.4f   %s\n", model_kind_name(kind), r->seconds, why);
        return;
    }
    double ratio = fastest / r->seconds;
    printf("%-5s %9.4f %9.4f %9.4f %7.1fx   %4.1fx %s\n", model_kind_name(kind),
           r->seconds, fastest, median, ratio, target,
           ratio >= target ? "PASS" : "BELOW");
}

static void print_details(enum model_kind kind, const struct result *r)
{
    double executed = executed_flops(kind) * (double)r->samples;
    printf("  %s: epochs %.4f .. %.4f s; executed %.2f GFLOP/epoch = %.1f GFLOP/s;"
           " mean loss %.3f (warm-up) -> %.3f\n",
           model_kind_name(kind), r->fastest, r->slowest, executed * 1e-9,
           executed / r->seconds * 1e-9, r->first_loss, r->last_loss);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s DATA_DIR [TIMED_EPOCHS [PEER_FILE]]\n"
                        "  DATA_DIR holds train-images.idx3-ubyte and "
                        "train-labels.idx1-ubyte\n"
                        "  PEER_FILE is what tools/bench/peer.py printed\n", argv[0]);
        return 2;
    }
    int timed = argc >= 3 ? atoi(argv[2]) : 5;
    const char *peer_file = argc == 4 ? argv[3] : NULL;
    if (timed < 1 || timed > 32) {
        fprintf(stderr, "bench: TIMED_EPOCHS must be 1..32\n");
        return 2;
    }

    char images_path[4096], labels_path[4096];
    snprintf(images_path, sizeof images_path, "%s/train-images.idx3-ubyte", argv[1]);
    snprintf(labels_path, sizeof labels_path, "%s/train-labels.idx1-ubyte", argv[1]);
    struct dataset train;
    struct error err;
    if (dataset_load(&train, images_path, labels_path, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.message);
        return 1;
    }
    if (train.rows * train.cols != MODEL_INPUTS || train.count < BATCH) {
        fprintf(stderr, "bench: expected at least %d images of 28 x 28\n", BATCH);
        dataset_free(&train);
        return 1;
    }

    char cpu[256];
    cpu_model(cpu, sizeof cpu);
    printf("CPU:      %s\n", cpu);
    print_compiler();
    printf("flags:    %s\n", BENCH_FLAGS);
    printf("vectors:  %s\n", peak_vector_isa());

    double peak = peak_gflops(0.3);
    printf("peak:     %.1f GFLOP/s on one core (fused multiply-add probe)\n\n",
           peak);

    struct result mlp, cnn;
    if (benchmark(&mlp, MODEL_MLP, &train, timed) != 0 ||
        benchmark(&cnn, MODEL_CNN, &train, timed) != 0) {
        dataset_free(&train);
        return 1;
    }

    printf("One epoch = %zu training digits at batch %d, one thread; SGD with "
           "momentum.\nMedian of %d timed epochs after one warm-up. GFLOP/s "
           "counts 3 x forward FLOPs per sample.\n\n",
           mlp.samples, BATCH, timed);
    printf("model  s/epoch   samples/s   GFLOP/s      peak  %% peak  target\n");
    print_row(MODEL_MLP, &mlp, peak, MLP_TARGET);
    print_row(MODEL_CNN, &cnn, peak, CNN_TARGET);
    printf("\nExecuted FLOPs (the first layer's input gradient is skipped):\n");
    print_details(MODEL_MLP, &mlp);
    print_details(MODEL_CNN, &cnn);

    printf("\nAgainst PyTorch on the same core, same networks, same data, same "
           "optimizer\n(PyTorch: one thread; fastest and median of its timed "
           "epochs; ratio = its fastest / our median):\n\n");
    printf("model   descent   pytorch   (median)    ratio  target\n");
    print_peer_row(MODEL_MLP, &mlp, peer_file, MLP_PEER_TARGET);
    print_peer_row(MODEL_CNN, &cnn, peer_file, CNN_PEER_TARGET);

    printf("\n");
    bench_cnn_layers(cnn.samples / BATCH, 3);
    printf("\nA benchmark, not a test: the marks are informational.\n");

    dataset_free(&train);
    return 0;
}
