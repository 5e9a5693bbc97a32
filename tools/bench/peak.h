/* peak.h -- a probe of one core's peak float arithmetic rate (see peak.c). */
#ifndef DESCENT_BENCH_PEAK_H
#define DESCENT_BENCH_PEAK_H

/* Runs the probe for about `seconds` and returns the best rate it reached,
 * in GFLOP/s (a multiply-add counts as 2 floating-point operations). */
double peak_gflops(double seconds);

/* The widest vector instructions the compiler was allowed to use, e.g.
 * "AVX-512 (16 floats; gcc and clang prefer 8-float vectors unless told
 * -mprefer-vector-width=512)", as known at compile time. */
const char *peak_vector_isa(void);

/* Seconds on a monotonic clock, for timing. */
double bench_seconds(void);

#endif
