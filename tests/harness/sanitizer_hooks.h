/* sanitizer_hooks.h -- the sanitizers' settings, for a program built with
 * SAN=1 (make test SAN=1). AddressSanitizer and UndefinedBehaviorSanitizer
 * read these two functions when a program starts: a report ends the
 * program with status 86 (SANITIZER_STATUS, sandbox.h), which the judge
 * recognises, and leaks are not reported (Open MPI, lesson 18, keeps memory
 * until its processes end).
 *
 * They are definitions, not declarations: include this file in exactly one
 * source file of each program (tests/harness/wire.c, which the judge and the
 * runner link; tests/18-distributed-sgd/mpi_cases.c, lesson 18's MPI test
 * program). Without SAN=1 it adds nothing. */
#ifndef DESCENT_SANITIZER_HOOKS_H
#define DESCENT_SANITIZER_HOOKS_H

#ifdef HARNESS_SAN
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__asan_default_options(void)
{
    return "exitcode=86:detect_leaks=0:print_legend=0:abort_on_error=0";
}
const char *__ubsan_default_options(void)
{
    return "exitcode=86:halt_on_error=1:print_stacktrace=1";
}
#endif

#endif
