/* stdio.h -- the playground's <stdio.h> (docs/playground/libc.c): formatting
 * into strings, and printf/fprintf to the browser's console (a kernel that
 * prints while it is being debugged still runs in the page). Conversions:
 * %d %i %u %ld %lu %zu %c %s %p %% and, with a precision, %f %e %g. */
#ifndef PLAYGROUND_STDIO_H
#define PLAYGROUND_STDIO_H

#include <stdarg.h>
#include <stddef.h>

typedef struct playground_file FILE;
extern FILE *const stdout;
extern FILE *const stderr;

int vsnprintf(char *out, size_t size, const char *format, va_list args);
int snprintf(char *out, size_t size, const char *format, ...);
int printf(const char *format, ...);
int fprintf(FILE *file, const char *format, ...);
int puts(const char *text);
int fflush(FILE *file);

#endif
