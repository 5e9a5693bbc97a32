/* internal.h -- what the harness's own files share; tests never need it. */
#ifndef DESCENT_HARNESS_INTERNAL_H
#define DESCENT_HARNESS_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "harness.h"
#include "sandbox.h"

/* Where teaching messages go: the runner points it at a file that it reads
 * back after the test; NULL means stderr. */
extern FILE *harness_messages;

/* The student's answers.txt (--answers), or NULL. */
extern const char *harness_answers_path;

/* "01-gradient-descent": the folder of the lesson under test. */
const char *harness_lesson_dir(void);

/* What happened to one test. */
enum verdict {
    VERDICT_PASSED,
    VERDICT_FAILED,          /* an assertion failed */
    VERDICT_NOT_IMPLEMENTED, /* the skeleton's not_implemented() ran */
    VERDICT_CRASHED,         /* a signal: segfault, abort, arithmetic error */
    VERDICT_TIMED_OUT,       /* stopped at its time limit */
    VERDICT_EXITED           /* student code called exit() */
};

struct outcome {
    const struct harness_test *test;
    const struct harness_suite *suite; /* the test's suite, for its fixtures */
    bool hidden;          /* from hidden.c: feedback shows only the description */
    enum verdict verdict;
    double seconds;       /* wall time */
    char feedback[4096];  /* what the student reads: messages or the plain-words verdict */
};

/* ---- One test's runner (call.c) ----------------------------------------------- */

/* What the judge's test process needs to start and talk to a runner. */
struct test_setting {
    const char *runner_program; /* the runner binary of this lesson and implementation */
    int output_fd;              /* the runner's stdout and stderr go here */
    int fate_fd;                /* where a runner's fate is recorded */
    struct runner_limits limits;
    double wall_deadline;       /* wire_now() seconds: the wall-clock backstop */
};

/* What became of a test's runner when a call could not be completed. */
enum runner_fate {
    FATE_DIED = 1,    /* it ended in the middle of a call (end says how) */
    FATE_LATE,        /* it was still busy at the wall-clock backstop */
    FATE_GARBLED,     /* its reply did not have the shape of one */
    FATE_NOT_STARTED  /* the sandbox could not start it (a harness problem) */
};

struct fate_record {
    enum runner_fate fate;
    struct runner_end end;  /* how it ended, when the keeper said */
    char function[64];      /* the student function being called */
};

/* The exit status of a judge's test process that recorded a fate. */
#define FATE_RECORDED_STATUS 42

void call_prepare_test(const struct test_setting *setting);
/* The runner program of this test (--runner): lesson 18's tests find their
 * MPI program beside it (mpi_launch.h). */
const char *call_runner_program(void);
/* After the test: ends the runner (closing its pipe) and everything it started. */
void call_test_over(void);

/* One word for the verdict, as printed in the table: PASS, FAIL, TODO, ... */
const char *verdict_word(enum verdict v);

/* The run as a whole, for the result files. */
struct run_summary {
    const char *lesson_dir;   /* "01-gradient-descent" */
    const char *title;        /* "lesson 01 gradient descent" */
    const char *impl;         /* "lessons" or "solutions" */
    unsigned long long seed;
    const struct outcome *outcomes;
    size_t count;
    int points, max_points;
    size_t passed;
    double seconds;
    bool has_hidden;
};

/* Writes results.json (Gradescope), junit.xml and verdicts.tsv into dir,
 * each atomically; returns 0, or -1 after printing what failed. */
int write_result_files(const char *dir, const struct run_summary *run);

#endif
