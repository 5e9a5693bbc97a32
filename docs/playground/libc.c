/* libc.c -- the little of the C library that the playground's module needs:
 * the trainer's optimizer table allocates its state (calloc), error
 * messages are formatted (vsnprintf), and the compiler may call memset and
 * memcpy for structure copies. Nothing here is numerical: the arithmetic of
 * a run is the kernels' and the trainer's own (docs/playground/README.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "include/stdio.h"
#include "include/stdlib.h"
#include "include/string.h"

/* Imports from the page (docs/playground/page.js). */
#define PAGE_IMPORT(name) __attribute__((import_module("page"), import_name(#name)))
/* Writes `text` (length bytes) to the browser's console. */
PAGE_IMPORT(print) void page_print(const char *text, size_t length);
/* Formats value with conversion ('f', 'e' or 'g') and precision into
 * out[size] as C would; returns the length it needed. */
PAGE_IMPORT(format_number) int page_format_number(double value, int conversion, int precision,
                                                  char *out, size_t size);
/* Records why the run stops (abort, exit, out of memory) before it traps. */
PAGE_IMPORT(stop) void page_stop(const char *why);

/* ---- Memory --------------------------------------------------------------- */

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    while (n-- > 0)
        *p++ = (unsigned char)c;
    return s;
}

void *memcpy(void *restrict to, const void *restrict from, size_t n)
{
    unsigned char *t = to;
    const unsigned char *f = from;
    while (n-- > 0)
        *t++ = *f++;
    return to;
}

void *memmove(void *to, const void *from, size_t n)
{
    unsigned char *t = to;
    const unsigned char *f = from;
    if (t < f)
        while (n-- > 0)
            *t++ = *f++;
    else
        while (n-- > 0)
            t[n] = f[n];
    return to;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

/* One arena of 1 MiB: a run of the page needs a few state arrays of two
 * floats. playground_arena_reset() (playground.c) empties it before each run. */
static _Alignas(16) unsigned char arena[1 << 20];
static size_t arena_used;

void playground_arena_reset(void) { arena_used = 0; }

void *malloc(size_t size)
{
    size_t start = (arena_used + 15) & ~(size_t)15;
    if (size > sizeof arena - start)
        return NULL;
    arena_used = start + size;
    return arena + start;
}

void *calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = malloc(count * size);
    return p != NULL ? memset(p, 0, count * size) : NULL;
}

void free(void *p) { (void)p; }

_Noreturn void abort(void)
{
    page_stop("abort() was called");
    __builtin_trap();
}

_Noreturn void exit(int status)
{
    (void)status;
    page_stop("exit() was called");
    __builtin_trap();
}

/* ---- Formatting ------------------------------------------------------------- */

/* Appends to out[size] at *at, counting what did not fit. */
static void put(char *out, size_t size, size_t *at, char c)
{
    if (*at + 1 < size)
        out[*at] = c;
    (*at)++;
}

static void put_text(char *out, size_t size, size_t *at, const char *text)
{
    while (*text != '\0')
        put(out, size, at, *text++);
}

static void put_unsigned(char *out, size_t size, size_t *at, uintmax_t value, unsigned base)
{
    char digits[32];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value > 0);
    while (n > 0)
        put(out, size, at, digits[--n]);
}

int vsnprintf(char *out, size_t size, const char *format, va_list args)
{
    size_t at = 0;
    for (const char *p = format; *p != '\0'; p++) {
        if (*p != '%') {
            put(out, size, &at, *p);
            continue;
        }
        p++;
        int precision = -1;
        while (*p == '-' || *p == '+' || *p == ' ' || *p == '0' || *p == '#' ||
               (*p >= '1' && *p <= '9'))
            p++; /* flags and width: ignored */
        if (*p == '.') {
            precision = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                precision = 10 * precision + (*p - '0');
        }
        int longs = 0, sizes = 0;
        for (; *p == 'l' || *p == 'z'; p++)
            *p == 'l' ? longs++ : sizes++;
        switch (*p) {
        case 'd': case 'i': {
            intmax_t v = longs == 2 ? va_arg(args, long long) : longs == 1 ? va_arg(args, long)
                         : va_arg(args, int);
            if (v < 0)
                put(out, size, &at, '-');
            put_unsigned(out, size, &at, v < 0 ? -(uintmax_t)v : (uintmax_t)v, 10);
            break;
        }
        case 'u': case 'x': {
            uintmax_t v = sizes ? va_arg(args, size_t)
                          : longs == 2 ? va_arg(args, unsigned long long)
                          : longs == 1 ? va_arg(args, unsigned long) : va_arg(args, unsigned);
            put_unsigned(out, size, &at, v, *p == 'x' ? 16 : 10);
            break;
        }
        case 'p':
            put_text(out, size, &at, "0x");
            put_unsigned(out, size, &at, (uintptr_t)va_arg(args, void *), 16);
            break;
        case 'c':
            put(out, size, &at, (char)va_arg(args, int));
            break;
        case 's': {
            const char *s = va_arg(args, const char *);
            put_text(out, size, &at, s != NULL ? s : "(null)");
            break;
        }
        case 'f': case 'e': case 'g': {
            char number[64];
            page_format_number(va_arg(args, double), *p, precision < 0 ? 6 : precision, number,
                               sizeof number);
            put_text(out, size, &at, number);
            break;
        }
        case '%':
            put(out, size, &at, '%');
            break;
        default: /* not a conversion this library knows: shown as it is */
            put(out, size, &at, '%');
            if (*p == '\0')
                p--;
            else
                put(out, size, &at, *p);
        }
    }
    if (size > 0)
        out[at < size ? at : size - 1] = '\0';
    return (int)at;
}

int snprintf(char *out, size_t size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vsnprintf(out, size, format, args);
    va_end(args);
    return n;
}

struct playground_file {
    int unused;
};
static struct playground_file console;
FILE *const stdout = &console;
FILE *const stderr = &console;

static int print_to_console(const char *format, va_list args)
{
    char text[1024];
    int n = vsnprintf(text, sizeof text, format, args);
    page_print(text, strlen(text));
    return n;
}

int printf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = print_to_console(format, args);
    va_end(args);
    return n;
}

int fprintf(FILE *file, const char *format, ...)
{
    (void)file;
    va_list args;
    va_start(args, format);
    int n = print_to_console(format, args);
    va_end(args);
    return n;
}

int puts(const char *text)
{
    page_print(text, strlen(text));
    return 0;
}

int fflush(FILE *file)
{
    (void)file;
    return 0;
}
