/* output_file.h -- files that appear whole or not at all.
 *
 * A program that dies halfway through writing a log must not leave half a
 * log behind, looking like a finished one. So every output file of the
 * trainer is written to PATH.tmp and renamed onto PATH only after the last
 * byte was written and the file closed without error; rename() replaces
 * PATH in one step. */
#ifndef DESCENT_OUTPUT_FILE_H
#define DESCENT_OUTPUT_FILE_H

#include <stdio.h>

#include "error.h"

struct output_file {
    FILE *stream;            /* write here */
    const char *path;        /* the final name */
    char temporary[4096];    /* PATH.tmp */
};

/* Opens PATH.tmp for writing. Returns 0, or -1 with a message naming PATH. */
int output_open(struct output_file *out, const char *path, struct error *err);

/* Closes the stream and renames it onto PATH. If any write failed, or the
 * close or rename fails, removes the temporary file and returns -1 with a
 * message; otherwise returns 0. */
int output_commit(struct output_file *out, struct error *err);

/* Gives up: closes and removes the temporary file; PATH is untouched. */
void output_abandon(struct output_file *out);

#endif
