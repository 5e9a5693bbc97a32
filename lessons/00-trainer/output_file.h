/* output_file.h -- files that appear whole or not at all.
 *
 * A program that dies halfway through writing a log must not leave half a
 * log behind, looking like a finished one. So every output file of the
 * trainer is written to PATH.tmp and renamed onto PATH only after the last
 * byte was written and the file closed without error; rename() replaces
 * PATH in one step.
 *
 * A program killed while writing leaves PATH.tmp behind. The next run that
 * writes PATH removes it first (output_remove_stale), but only if it is a
 * plain file of ours: a PATH.tmp that is a link, a device or someone else's
 * file is left alone and the write is refused. The temporary file is then
 * created with O_EXCL, so it is always a new file, never an old one (or a
 * link's target) written over. One run at a time may write a given PATH. */
#ifndef DESCENT_OUTPUT_FILE_H
#define DESCENT_OUTPUT_FILE_H

#include <stdio.h>

#include "error.h"

struct output_file {
    FILE *stream;            /* write here */
    const char *path;        /* the final name */
    char temporary[4096];    /* PATH.tmp */
};

/* What is wrong with writing PATH: NULL if PATH is a regular file or does
 * not exist yet; otherwise what it is instead ("a FIFO", "a symbolic link",
 * "a character device", "a directory", ...). A symbolic link is refused
 * because rename() would replace the link, not the file it points to. */
const char *output_path_problem(const char *path);

/* What is wrong with reading PATH as a data file: NULL if it is a regular
 * file (a symbolic link to one is fine) or does not exist (opening it then
 * gives the usual message); otherwise what it is. A FIFO or a device must be
 * refused before fopen(): opening a FIFO waits for a writer forever, and
 * /dev/zero never ends. */
const char *input_path_problem(const char *path);

/* Removes PATH.tmp if a killed run left it: only a regular file owned by
 * this user. Anything else is left for output_open to refuse. */
void output_remove_stale(const char *path);

/* Opens PATH.tmp for writing. Returns 0, or -1 with a message naming PATH
 * (PATH is not a regular file or a new path; PATH.tmp cannot be created). */
int output_open(struct output_file *out, const char *path, struct error *err);

/* Closes the stream and renames it onto PATH. If any write failed, or the
 * close or rename fails, removes the temporary file and returns -1 with a
 * message; otherwise returns 0. */
int output_commit(struct output_file *out, struct error *err);

/* Gives up: closes and removes the temporary file; PATH is untouched. */
void output_abandon(struct output_file *out);

#endif
