/* stdlib.h -- the playground's <stdlib.h> (docs/playground/libc.c). Memory
 * comes from one arena that every run of the page starts afresh; free()
 * gives nothing back. abort() and exit() stop the run with a message. */
#ifndef PLAYGROUND_STDLIB_H
#define PLAYGROUND_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void free(void *p);
_Noreturn void abort(void);
_Noreturn void exit(int status);
static inline int abs(int x) { return x < 0 ? -x : x; }

#endif
