/* math.h -- the playground's <math.h>: what the lesson kernels may call when
 * they are compiled to WebAssembly (docs/playground/README.md, "The C library").
 *
 * Two kinds of function:
 *   - WebAssembly instructions, exact IEEE 754 as on the processor that
 *     runs `descent`: sqrt, fabs, floor, ceil, trunc, rint, nearbyint,
 *     copysign (and their float versions), through clang's builtins;
 *     fmin and fmax are written out below with C's rule for NaN;
 *   - imports from the page's JavaScript (module "math"), computed by
 *     JavaScript's Math in double: exp, log, pow, sin, cos, ... The float
 *     versions (expf, powf, ...) round the double result to float. glibc
 *     may round the last bit differently, so a kernel that calls one of
 *     these can end a long run a little away from `descent trajectory`.
 * A function missing here is a link error that names it. */
#ifndef PLAYGROUND_MATH_H
#define PLAYGROUND_MATH_H

#define NAN (__builtin_nanf(""))
#define INFINITY (__builtin_inff())
#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x) __builtin_signbit(x)

/* Instructions (f32.sqrt, f64.abs, f64.floor, ...). */
static inline double sqrt(double x) { return __builtin_sqrt(x); }
static inline float sqrtf(float x) { return __builtin_sqrtf(x); }
static inline double fabs(double x) { return __builtin_fabs(x); }
static inline float fabsf(float x) { return __builtin_fabsf(x); }
static inline double floor(double x) { return __builtin_floor(x); }
static inline float floorf(float x) { return __builtin_floorf(x); }
static inline double ceil(double x) { return __builtin_ceil(x); }
static inline float ceilf(float x) { return __builtin_ceilf(x); }
static inline double trunc(double x) { return __builtin_trunc(x); }
static inline float truncf(float x) { return __builtin_truncf(x); }
static inline double rint(double x) { return __builtin_rint(x); }
static inline float rintf(float x) { return __builtin_rintf(x); }
static inline double nearbyint(double x) { return __builtin_nearbyint(x); }
static inline float nearbyintf(float x) { return __builtin_nearbyintf(x); }
static inline double copysign(double x, double y) { return __builtin_copysign(x, y); }
static inline float copysignf(float x, float y) { return __builtin_copysignf(x, y); }

/* C's fmin and fmax return the other argument when one is NaN
 * (WebAssembly's min and max would return NaN). */
static inline double fmin(double x, double y) { return isnan(x) ? y : isnan(y) ? x : x < y ? x : y; }
static inline double fmax(double x, double y) { return isnan(x) ? y : isnan(y) ? x : x > y ? x : y; }
static inline float fminf(float x, float y) { return isnan(x) ? y : isnan(y) ? x : x < y ? x : y; }
static inline float fmaxf(float x, float y) { return isnan(x) ? y : isnan(y) ? x : x > y ? x : y; }

/* Imports: the page's JavaScript computes these (docs/playground/page.js,
 * `mathImports`). */
#define PLAYGROUND_IMPORT(name) __attribute__((import_module("math"), import_name(#name)))
PLAYGROUND_IMPORT(exp) double exp(double x);
PLAYGROUND_IMPORT(expm1) double expm1(double x);
PLAYGROUND_IMPORT(log) double log(double x);
PLAYGROUND_IMPORT(log1p) double log1p(double x);
PLAYGROUND_IMPORT(log2) double log2(double x);
PLAYGROUND_IMPORT(log10) double log10(double x);
PLAYGROUND_IMPORT(pow) double pow(double x, double y);
PLAYGROUND_IMPORT(cbrt) double cbrt(double x);
PLAYGROUND_IMPORT(hypot) double hypot(double x, double y);
PLAYGROUND_IMPORT(sin) double sin(double x);
PLAYGROUND_IMPORT(cos) double cos(double x);
PLAYGROUND_IMPORT(tan) double tan(double x);
PLAYGROUND_IMPORT(asin) double asin(double x);
PLAYGROUND_IMPORT(acos) double acos(double x);
PLAYGROUND_IMPORT(atan) double atan(double x);
PLAYGROUND_IMPORT(atan2) double atan2(double y, double x);
PLAYGROUND_IMPORT(sinh) double sinh(double x);
PLAYGROUND_IMPORT(cosh) double cosh(double x);
PLAYGROUND_IMPORT(tanh) double tanh(double x);
PLAYGROUND_IMPORT(fmod) double fmod(double x, double y);
PLAYGROUND_IMPORT(round) double round(double x);
PLAYGROUND_IMPORT(expf) float expf(float x);
PLAYGROUND_IMPORT(logf) float logf(float x);
PLAYGROUND_IMPORT(powf) float powf(float x, float y);
PLAYGROUND_IMPORT(sinf) float sinf(float x);
PLAYGROUND_IMPORT(cosf) float cosf(float x);
PLAYGROUND_IMPORT(tanhf) float tanhf(float x);
PLAYGROUND_IMPORT(roundf) float roundf(float x);
#undef PLAYGROUND_IMPORT

#endif
