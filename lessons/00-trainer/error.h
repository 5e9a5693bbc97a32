/* error.h -- the one error convention of the trainer.
 *
 * A function that can fail on bad input (a malformed file, a bad option)
 * takes a `struct error *` as its last argument and returns 0 on success or
 * -1 on failure. On failure it has written one line into err->message that
 * names the thing that was wrong (file, field, byte offset, option) and what
 * was expected. The caller decides what to do: print it, test it, give up.
 * Library code never calls exit(); only main() does.
 *
 * err may be NULL when the caller does not want the message. */
#ifndef DESCENT_ERROR_H
#define DESCENT_ERROR_H

struct error {
    char message[512];
};

/* Formats a message into err (printf-style) and returns -1, so a failing
 * function can end with `return error_set(err, "...", ...);`. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int error_set(struct error *err, const char *format, ...);

#endif
