/* wire.c -- messages and frames; see wire.h.
 *
 * Values are written in the machine's own byte order: the judge and the
 * runner always run on the same machine. Floats travel as their bits, so a
 * NaN or a -0 arrives exactly as it left. */
#include "wire.h"
#include "sandbox.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* An array's header: 1 if the pointer was not NULL, then the length. */
#define NOT_NULL 1u

static void die_out_of_memory(void)
{
    fputs("harness: out of memory\n", stderr);
    exit(70);
}

void message_reset(struct message *m)
{
    m->length = 0;
    m->read_at = 0;
    m->broken = false;
}

/* The sanitizers' settings under SAN=1: here, because both the judge and the
 * runner link this file. */
#include "sanitizer_hooks.h"

/* Under the sanitizers, arrays end exactly where they should, so that
 * AddressSanitizer itself reports an index past the end. */
static size_t guard_bytes(void)
{
#ifdef HARNESS_SAN
    return 0;
#else
    return WIRE_GUARD_BYTES;
#endif
}
#define GUARD_PATTERN 0xA5

void message_free_arrays(struct message *m)
{
    for (size_t i = 0; i < m->owned_count; i++)
        free(m->owned[i].memory);
    m->owned_count = 0;
}

long message_overrun(const struct message *m)
{
    for (size_t i = 0; i < m->owned_count; i++)
        for (size_t b = 0; b < guard_bytes(); b++)
            if (m->owned[i].memory[m->owned[i].size + b] != GUARD_PATTERN)
                return (long)i;
    return -1;
}

/* ---- Putting ------------------------------------------------------------ */

static void put_bytes(struct message *m, const void *data, size_t size)
{
    if (size == 0)
        return;
    if (m->capacity - m->length < size) {
        size_t capacity = m->capacity > 0 ? m->capacity : 256;
        while (capacity - m->length < size)
            capacity *= 2;
        unsigned char *bytes = realloc(m->bytes, capacity);
        if (bytes == NULL)
            die_out_of_memory();
        m->bytes = bytes;
        m->capacity = capacity;
    }
    memcpy(m->bytes + m->length, data, size);
    m->length += size;
}

void put_u64(struct message *m, uint64_t value) { put_bytes(m, &value, sizeof value); }
void put_size(struct message *m, size_t value) { put_u64(m, (uint64_t)value); }
void put_long(struct message *m, long value) { put_u64(m, (uint64_t)value); }
void put_int(struct message *m, int value) { put_u64(m, (uint64_t)(long)value); }
void put_bool(struct message *m, bool value) { put_u64(m, value ? 1u : 0u); }
void put_float(struct message *m, float value) { put_bytes(m, &value, sizeof value); }
void put_double(struct message *m, double value) { put_bytes(m, &value, sizeof value); }

static void put_array(struct message *m, const void *values, size_t n, size_t element_size)
{
    put_u64(m, values != NULL ? NOT_NULL : 0u);
    put_u64(m, values != NULL ? (uint64_t)n : 0u);
    if (values != NULL)
        put_bytes(m, values, n * element_size);
}

void put_floats(struct message *m, const float *v, size_t n) { put_array(m, v, n, sizeof *v); }
void put_doubles(struct message *m, const double *v, size_t n) { put_array(m, v, n, sizeof *v); }
void put_u32s(struct message *m, const uint32_t *v, size_t n) { put_array(m, v, n, sizeof *v); }
void put_longs(struct message *m, const long *v, size_t n) { put_array(m, v, n, sizeof *v); }

void put_sizes(struct message *m, const size_t *values, size_t n)
{
    put_array(m, values, n, sizeof *values);
}

void put_string(struct message *m, const char *text)
{
    put_array(m, text, text != NULL ? strlen(text) : 0, 1);
}

/* ---- Getting ------------------------------------------------------------- */

static bool get_bytes(struct message *m, void *into, size_t size)
{
    if (m->broken || m->length - m->read_at < size) {
        m->broken = true;
        memset(into, 0, size);
        return false;
    }
    memcpy(into, m->bytes + m->read_at, size);
    m->read_at += size;
    return true;
}

uint64_t get_u64(struct message *m)
{
    uint64_t value;
    get_bytes(m, &value, sizeof value);
    return value;
}

size_t get_size(struct message *m) { return (size_t)get_u64(m); }
long get_long(struct message *m) { return (long)get_u64(m); }
int get_int(struct message *m) { return (int)(long)get_u64(m); }
bool get_bool(struct message *m) { return get_u64(m) != 0; }

float get_float(struct message *m)
{
    float value;
    get_bytes(m, &value, sizeof value);
    return value;
}

double get_double(struct message *m)
{
    double value;
    get_bytes(m, &value, sizeof value);
    return value;
}

/* Reads an array's header; false (and m broken) if it cannot be one. */
static bool get_array_header(struct message *m, bool *not_null, size_t *n, size_t element_size)
{
    uint64_t flag = get_u64(m), length = get_u64(m);
    if (m->broken || flag > NOT_NULL || (flag == 0 && length != 0) ||
        length > (m->length - m->read_at) / element_size) {
        m->broken = true;
        return false;
    }
    *not_null = flag == NOT_NULL;
    *n = (size_t)length;
    return true;
}

/* Into the caller's array of exactly n elements (NULL was sent as length 0). */
static void get_array_into(struct message *m, void *into, size_t n, size_t element_size)
{
    bool not_null;
    size_t length;
    if (!get_array_header(m, &not_null, &length, element_size) || length != n) {
        m->broken = true;
        if (into != NULL)
            memset(into, 0, n * element_size);
        return;
    }
    if (n > 0)
        get_bytes(m, into, n * element_size);
}

void get_floats(struct message *m, float *v, size_t n) { get_array_into(m, v, n, sizeof *v); }
void get_doubles(struct message *m, double *v, size_t n) { get_array_into(m, v, n, sizeof *v); }
void get_u32s(struct message *m, uint32_t *v, size_t n) { get_array_into(m, v, n, sizeof *v); }
void get_sizes(struct message *m, size_t *v, size_t n) { get_array_into(m, v, n, sizeof *v); }
void get_longs(struct message *m, long *v, size_t n) { get_array_into(m, v, n, sizeof *v); }

void *message_new_memory(struct message *m, size_t size)
{
    if (m->owned_count == m->owned_capacity) {
        size_t capacity = m->owned_capacity > 0 ? 2 * m->owned_capacity : 16;
        struct owned_array *owned = realloc(m->owned, capacity * sizeof *owned);
        if (owned == NULL)
            die_out_of_memory();
        m->owned = owned;
        m->owned_capacity = capacity;
    }
    size_t guard = guard_bytes();
    unsigned char *memory = malloc(size + guard > 0 ? size + guard : 1);
    if (memory == NULL)
        die_out_of_memory();
    memset(memory, 0, size);
    memset(memory + size, GUARD_PATTERN, guard);
    m->owned[m->owned_count++] = (struct owned_array){memory, size};
    return memory;
}

/* A new array of exactly the length sent (one spare zero byte for strings). */
static void *get_new_array(struct message *m, size_t *n, size_t element_size, size_t spare)
{
    bool not_null = false;
    size_t length = 0;
    if (n != NULL)
        *n = 0;
    if (!get_array_header(m, &not_null, &length, element_size) || !not_null)
        return NULL;
    void *array = message_new_memory(m, length * element_size + spare);
    get_bytes(m, array, length * element_size);
    if (n != NULL)
        *n = length;
    return array;
}

float *get_new_floats(struct message *m, size_t *n) { return get_new_array(m, n, sizeof(float), 0); }
double *get_new_doubles(struct message *m, size_t *n)
{
    return get_new_array(m, n, sizeof(double), 0);
}
uint32_t *get_new_u32s(struct message *m, size_t *n)
{
    return get_new_array(m, n, sizeof(uint32_t), 0);
}
size_t *get_new_sizes(struct message *m, size_t *n) { return get_new_array(m, n, sizeof(size_t), 0); }
long *get_new_longs(struct message *m, size_t *n) { return get_new_array(m, n, sizeof(long), 0); }
char *get_new_string(struct message *m) { return get_new_array(m, NULL, 1, 1); }

/* ---- Frames ------------------------------------------------------------------ */

double wire_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int write_all(int fd, const void *data, size_t size)
{
    const unsigned char *at = data;
    while (size > 0) {
        ssize_t wrote = write(fd, at, size);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0)
            return -1;
        at += wrote;
        size -= (size_t)wrote;
    }
    return 0;
}

/* Reads exactly size bytes, waiting until the deadline (0: for ever). */
static int read_all(int fd, void *data, size_t size, double deadline)
{
    unsigned char *at = data;
    while (size > 0) {
        if (deadline > 0) {
            double left = deadline - wire_now();
            if (left <= 0)
                return FRAME_LATE;
            struct pollfd wait_for = {.fd = fd, .events = POLLIN};
            int ready = poll(&wait_for, 1, (int)(left * 1000.0) + 1);
            if (ready < 0 && errno != EINTR)
                return -1;
            if (ready <= 0)
                continue;
        }
        ssize_t got = read(fd, at, size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        at += got;
        size -= (size_t)got;
    }
    return 0;
}

int frame_send(int fd, enum frame_kind kind, const struct message *m)
{
    uint64_t header[2] = {(uint64_t)kind, (uint64_t)m->length};
    if (write_all(fd, header, sizeof header) != 0)
        return -1;
    return write_all(fd, m->bytes, m->length);
}

int frame_receive(int fd, enum frame_kind *kind, struct message *m, size_t max_length,
                  double deadline)
{
    message_reset(m);
    uint64_t header[2];
    int status = read_all(fd, header, sizeof header, deadline);
    if (status != 0)
        return status;
    if (header[1] > max_length)
        return -1;
    size_t length = (size_t)header[1];
    if (m->capacity < length) {
        unsigned char *bytes = realloc(m->bytes, length);
        if (bytes == NULL)
            die_out_of_memory();
        m->bytes = bytes;
        m->capacity = length;
    }
    status = read_all(fd, m->bytes, length, deadline);
    if (status != 0)
        return status;
    m->length = length;
    *kind = (enum frame_kind)header[0];
    return 0;
}
