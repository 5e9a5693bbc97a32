/* mpi_tests.h -- the judge's side of lesson 18's MPI tests (public.c and
 * hidden.c include it).
 *
 * A test runs the MPI test program (mpi_cases.c, built from the student's
 * files beside the lesson's runner, with "-mpi" added to its name) under
 * mpirun with N ranks, through tests/harness/mpi_launch.h: contained,
 * limited in CPU time, processes and wall-clock time. It then reads the
 * results file the ranks wrote, as untrusted text: every line must parse,
 * and the file must end with "end". */
#ifndef DESCENT_LESSON18_MPI_TESTS_H
#define DESCENT_LESSON18_MPI_TESTS_H

#include "harness.h"
#include "internal.h"
#include "mpi_launch.h"
#include "todo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* CPU seconds each process of a run may use; the wall-clock deadline is
 * 3 * this + 5 s, inside the 20 s tests' own backstop (3 * 20 + 5 s).
 * Under the sanitizers (SAN=1) the code runs two to three times slower and
 * the judge scales its own limits by 3 (judge.c): so do these. */
#ifdef HARNESS_SAN
#define MPI_TEST_CPU_SECONDS 24.0
#else
#define MPI_TEST_CPU_SECONDS 8.0
#endif

/* Ends the test with a teaching message about function: "FUNCTION: TEXT",
 * and the section to reread when there is one (NULL: none). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fail_run(const char *function, const char *section, const char *format, ...)
{
    char text[3500];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    struct at where = AT(function, section);
    expect_that(where, false, "%s", text);
}

struct result_line {
    char key[24];
    int rank;
    size_t index;
    double value;
};

struct mpi_results {
    struct result_line *lines;
    size_t count;
};

/* A result, or fails the test naming what is missing. */
static double result(const struct mpi_results *r, const char *function, const char *key,
                     int rank, size_t index)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->lines[i].rank == rank && r->lines[i].index == index &&
            strcmp(r->lines[i].key, key) == 0)
            return r->lines[i].value;
    fail_run(function, NULL, "the run's results have no %s[%zu] of rank %d: did a rank stop "
             "early?", key, index, rank);
    return 0.0;
}

/* The first line of text holding needle, into out. */
static void line_with(const char *text, const char *needle, char *out, size_t size)
{
    out[0] = '\0';
    const char *hit = strstr(text, needle);
    if (hit == NULL)
        return;
    while (hit > text && hit[-1] != '\n')
        hit--;
    snprintf(out, size, "%.*s", (int)strcspn(hit, "\n"), hit);
}

/* Parses the results file; false if any line is not "KEY RANK INDEX VALUE"
 * with a rank below ranks, or it does not end with "end". */
static bool parse_results(char *text, int ranks, struct mpi_results *r)
{
    size_t capacity = 1;
    for (const char *c = text; *c != '\0'; c++)
        capacity += *c == '\n';
    r->lines = calloc(capacity, sizeof *r->lines);
    r->count = 0;
    if (r->lines == NULL)
        return false;
    bool ended = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        if (ended)
            return false;
        if (strcmp(line, "end") == 0) {
            ended = true;
            continue;
        }
        struct result_line *l = &r->lines[r->count];
        int used = 0;
        if (sscanf(line, "%23s %d %zu %lf%n", l->key, &l->rank, &l->index, &l->value, &used) !=
                4 ||
            line[used] != '\0' || l->rank < 0 || l->rank >= ranks || r->count + 1 >= capacity)
            return false;
        r->count++;
    }
    return ended;
}

/* Runs `ranks` ranks of the MPI test program with args (ending in NULL)
 * and fills *r; on any other end than a complete run, ends the test with
 * the verdict that says why (TODO when a function is not written yet). */
static void run_ranks(const char *function, int ranks, const char *const args[],
                      struct mpi_results *r)
{
    char program[1024];
    snprintf(program, sizeof program, "%s-mpi",
             call_runner_program() != NULL ? call_runner_program() : "(no --runner)");
    struct mpi_launch_result run;
    mpi_launch(program, ranks, args, MPI_TEST_CPU_SECONDS, &run);
    char line[512];
    line_with(run.output, "is not implemented yet", line, sizeof line);
    if (line[0] != '\0') {
        fprintf(stderr, "%s\n", line);
        free(run.results);
        exit(NOT_IMPLEMENTED_STATUS); /* the judge reports TODO with this line */
    }
    switch (run.end) {
    case MPI_LAUNCH_NOT_STARTED:
        fail_run(function, NULL, "the test could not start mpirun: %s", run.output);
        break;
    case MPI_LAUNCH_LATE:
        fail_run(function, NULL, "with %d ranks, did not finish within %g s and was stopped: "
                 "a deadlock? (ranks that all wait in MPI_Send, or all in MPI_Recv, or a "
                 "receive that no rank sends to). What the ranks printed:\n%s",
                 ranks, 3 * MPI_TEST_CPU_SECONDS + 5, run.output);
        break;
    case MPI_LAUNCH_SIGNALED:
        fail_run(function, NULL, "mpirun was killed by signal %d (%s), after %.1f s of CPU "
                 "time (the limit is %g s per process). What the ranks printed:\n%s",
                 run.code, strsignal(run.code), run.cpu_seconds, MPI_TEST_CPU_SECONDS,
                 run.output);
        break;
    case MPI_LAUNCH_EXITED:
        /* A rank past its CPU time (RLIMIT_CPU: SIGXCPU): waiting ranks
         * spin, so a deadlock usually ends here. */
        if (run.code != 0 && strstr(run.output, "CPU time limit") != NULL)
            fail_run(function, NULL, "with %d ranks, a rank used up its %g s of CPU time and "
                     "was stopped: a deadlock (ranks that all wait in MPI_Send, or all in "
                     "MPI_Recv: a waiting rank keeps the processor busy) or an endless loop?",
                     ranks, MPI_TEST_CPU_SECONDS);
        /* SAN=1: a sanitizer's report ends the rank (mpi_cases.c's hooks);
         * its SUMMARY line names the error, the file and line, the function. */
        line_with(run.output, "SUMMARY: ", line, sizeof line);
        if (run.code != 0 && line[0] == '\0')
            line_with(run.output, "runtime error: ", line, sizeof line);
        if (run.code != 0 && line[0] != '\0')
            fail_run(function, NULL, "with %d ranks, a sanitizer (make test SAN=1) stopped a "
                     "rank:\n%s\nWhat the ranks printed ends with:\n%s", ranks, line,
                     run.output);
        if (run.code != 0)
            fail_run(function, NULL, "a rank failed (mpirun's exit status %d): a crash, an "
                     "exit, or an MPI error. What the ranks printed:\n%s",
                     run.code, run.output);
        break;
    }
    if (run.results == NULL || !parse_results(run.results, ranks, r))
        fail_run(function, NULL, "the ranks' results file is missing or not in the shape "
                 "the test reads (did your code write to it?). What the ranks printed:\n%s",
                 run.output);
    /* the lines keep pointing into nothing else: run.results may go */
    free(run.results);
}

/* Every rank returned MPI_SUCCESS for each of `calls` calls. */
static void expect_statuses(const struct mpi_results *r, const char *function,
                            const char *section, int ranks, size_t calls)
{
    for (int rank = 0; rank < ranks; rank++)
        for (size_t t = 0; t < calls; t++) {
            double status = result(r, function, "status", rank, t);
            struct at where = AT(function, section);
            expect_that(where, status == 0.0,
                        "%s returned %g on rank %d (call %zu): expected MPI_SUCCESS (0)",
                        function, status, rank, t + 1);
        }
}

/* Used only MPI_Send and MPI_Recv. */
static void expect_only_send_and_recv(const struct mpi_results *r, const char *function,
                                      const char *section, int ranks)
{
    for (int rank = 0; rank < ranks; rank++) {
        double other = result(r, function, "other_calls", rank, 0);
        struct at where = AT(function, section);
        where.hint = "the lesson's functions communicate with MPI_Send and MPI_Recv only "
                     "(no MPI_Allreduce, MPI_Sendrecv, MPI_Isend, ...)";
        expect_that(where, other == 0.0,
                    "rank %d called another MPI communication function %g time(s)", rank, other);
    }
}

#endif
