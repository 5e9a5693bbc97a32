/* internal.h -- what the harness's own files share; tests never need it. */
#ifndef DESCENT_HARNESS_INTERNAL_H
#define DESCENT_HARNESS_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "harness.h"

/* Where teaching messages go: the runner points it at a file that it reads
 * back after the test; NULL means stderr. */
extern FILE *harness_messages;

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
