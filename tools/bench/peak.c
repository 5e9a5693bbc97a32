/* peak.c -- how many float operations per second can one core do?
 *
 * "GFLOP/s" means little without the machine's ceiling next to it, and the
 * ceiling depends on the compiler flags (which vector instructions, and
 * whether a*b+c becomes one fused multiply-add, FMA). So instead of reading
 * a number off a data sheet, the benchmark measures the ceiling with the
 * same compiler and flags as the trainer, using a loop that does nothing
 * but multiply-adds:
 *
 *     for each round:
 *         for (i = 0; i < PROBE_FLOATS; i++)
 *             acc[i] = acc[i] * a + b;
 *
 * Why this shape:
 *
 * - The i loop is contiguous with a length known at compile time, so the
 *   compiler turns it into vector FMAs (or a vector multiply and a vector
 *   add without FMA), exactly as it does for the matmul micro-kernel.
 * - acc is a small local array: the compiler keeps it in vector registers
 *   for all rounds, so the loop touches no memory at all. a and b are two
 *   registers broadcast once.
 * - Many INDEPENDENT chains. One FMA takes about 4 cycles before its result
 *   can be used (latency), yet a core starts one or two new FMAs every cycle
 *   (throughput). A single chain acc = acc*a + b would wait on itself and
 *   run at 1/8 of the peak; with at least latency x throughput = 8 vector
 *   registers of accumulators in flight, the FMA units never idle. But not
 *   more than the registers can hold, or the compiler spills accumulators
 *   to memory and the loop measures loads and stores instead. PROBE_FLOATS
 *   below is picked for each instruction set with both limits in mind.
 * - a = b = 0.5 keeps every acc near 1 (the fixed point of x = x/2 + 1/2):
 *   no overflow, and no subnormal numbers, which are slow on some CPUs.
 *   They are read through volatile so the compiler cannot fold the loop.
 *
 * Each multiply-add counts as 2 operations, as in the trainer's FLOP
 * counts. The probe runs a few times for about `seconds` in all and keeps
 * the best rate (the least disturbed by other processes). */
#define _POSIX_C_SOURCE 200809L
#include "peak.h"

#include <stddef.h>
#include <time.h>

/* Accumulators: 8 to 16 vector registers' worth for the vectors the flags
 * allow (see the comment at the top). Measured with gcc 12 and clang 14. */
#if defined(__AVX512F__)
/* 32 registers. gcc and clang usually still choose 8-float (256-bit)
 * vectors here: 16 accumulators; with 16-float vectors: 8. (At 192, gcc 12
 * no longer unrolls the i loop and keeps acc in memory: 35% slower.) */
#define PROBE_FLOATS 128
#define PROBE_ISA "AVX-512 allowed (16 floats/vector; gcc and clang " \
                  "pick 8 unless -mprefer-vector-width=512)"
#elif defined(__AVX__)
/* 16 registers of 8 floats: 12 accumulators, a, b, and spares. */
#define PROBE_FLOATS 96
#if defined(__FMA__)
#define PROBE_ISA "AVX2 + FMA (8 floats/vector)"
#else
#define PROBE_ISA "AVX (8 floats/vector, no FMA)"
#endif
#elif defined(__ARM_NEON) || defined(__aarch64__)
/* 32 registers of 4 floats: 24 accumulators. */
#define PROBE_FLOATS 96
#define PROBE_ISA "NEON (4 floats/vector)"
#elif defined(__SSE2__)
/* 16 registers of 4 floats, separate multiply and add: 12 accumulators. */
#define PROBE_FLOATS 48
#define PROBE_ISA "SSE2 (4 floats/vector, no FMA)"
#else
#define PROBE_FLOATS 64
#define PROBE_ISA "unknown vector instructions"
#endif

static volatile float probe_a = 0.5f, probe_b = 0.5f;
static volatile float probe_sink; /* keeps the results alive */

double bench_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* `rounds` rounds of PROBE_FLOATS independent multiply-adds; returns the
 * seconds taken. */
static double probe(long rounds)
{
    float a = probe_a, b = probe_b;
    float acc[PROBE_FLOATS];
    for (size_t i = 0; i < PROBE_FLOATS; i++)
        acc[i] = (float)i / PROBE_FLOATS;

    double start = bench_seconds();
    for (long r = 0; r < rounds; r++)
        for (size_t i = 0; i < PROBE_FLOATS; i++)
            acc[i] = acc[i] * a + b;
    double elapsed = bench_seconds() - start;

    float sum = 0.0f;
    for (size_t i = 0; i < PROBE_FLOATS; i++)
        sum += acc[i];
    probe_sink = sum;
    return elapsed;
}

double peak_gflops(double seconds)
{
    enum { TRIES = 5 };

    /* Calibrate: grow the round count until one run takes a few ms (this
     * also wakes the core up to its full clock). */
    long rounds = 1024;
    double t = probe(rounds);
    while (t < 0.005) {
        rounds *= 2;
        t = probe(rounds);
    }
    /* Then TRIES runs of seconds/TRIES each; keep the fastest. */
    rounds = (long)((double)rounds * (seconds / TRIES) / t) + 1;
    double best = 0.0;
    for (int i = 0; i < TRIES; i++) {
        double flops = 2.0 * PROBE_FLOATS * (double)rounds;
        double rate = flops / probe(rounds) * 1e-9;
        if (rate > best)
            best = rate;
    }
    return best;
}

const char *peak_vector_isa(void)
{
    return PROBE_ISA;
}
