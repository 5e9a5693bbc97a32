/* wire.h -- how the judge and the runner talk: messages over pipes.
 *
 * The tests (the judge) and your code (the runner) live in two different
 * programs. When a test calls one of your functions, say
 *
 *     gd_step(w, g, 3, 0.1f);
 *
 * it really calls a stand-in of the same name (tests/NN-name/calls.c) that
 * writes the arguments into a message, sends it to the runner, and waits.
 * The runner reads the message, calls your gd_step on copies of the arrays,
 * and sends back what your function changed (here w). The stand-in copies
 * that into the test's w and returns, and the test checks it. Your code
 * never sees what the test expects, and nothing it does can change a
 * verdict except the values it sends back.
 *
 * A message is a growing buffer of values in a fixed order: the sender puts
 * them, the receiver gets them in the same order. Arrays carry their length
 * and whether the pointer was NULL, so the receiver can rebuild them. On the
 * pipe, a message is a frame: its kind, its length, then its bytes. */
#ifndef DESCENT_WIRE_H
#define DESCENT_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An array a get_new_* made: `size` bytes the receiver may use, then
 * WIRE_GUARD_BYTES of a known pattern that nobody should write. */
struct owned_array {
    unsigned char *memory;
    size_t size;
};
#define WIRE_GUARD_BYTES 64

struct message {
    unsigned char *bytes;
    size_t length;     /* bytes put so far */
    size_t capacity;   /* bytes allocated */
    size_t read_at;    /* where the next get reads */
    bool broken;       /* a get ran past the end, or found the wrong shape */
    struct owned_array *owned; /* arrays made by get_new_*, freed by message_free_arrays */
    size_t owned_count, owned_capacity;
};

/* Empties m for a new message (keeps its buffer). */
void message_reset(struct message *m);
/* Frees the arrays that get_new_* made from m. */
void message_free_arrays(struct message *m);
/* The position (from 0, in the order they were made) of the first array
 * made from m whose guard bytes were overwritten -- code wrote past its
 * end -- or -1 if none was. */
long message_overrun(const struct message *m);

/* ---- Putting values --------------------------------------------------- */
void put_u64(struct message *m, uint64_t value);
void put_size(struct message *m, size_t value);
void put_long(struct message *m, long value);
void put_int(struct message *m, int value);
void put_bool(struct message *m, bool value);
void put_float(struct message *m, float value);   /* bit for bit */
void put_double(struct message *m, double value); /* bit for bit */
void put_string(struct message *m, const char *text); /* NULL allowed */
/* Arrays: values may be NULL (then n is sent as 0 and NULL is rebuilt). */
void put_floats(struct message *m, const float *values, size_t n);
void put_doubles(struct message *m, const double *values, size_t n);
void put_u32s(struct message *m, const uint32_t *values, size_t n);
void put_sizes(struct message *m, const size_t *values, size_t n);
void put_longs(struct message *m, const long *values, size_t n);

/* ---- Getting values, in the order they were put ------------------------ */
/* A get past the end, or an array of another length than asked for, sets
 * m->broken and gives zeros: the judge then fails the test ("the runner's
 * reply did not have the expected shape"). */
uint64_t get_u64(struct message *m);
size_t get_size(struct message *m);
long get_long(struct message *m);
int get_int(struct message *m);
bool get_bool(struct message *m);
float get_float(struct message *m);
double get_double(struct message *m);

/* Into an array the caller has, of exactly n elements. */
void get_floats(struct message *m, float *into, size_t n);
void get_doubles(struct message *m, double *into, size_t n);
void get_u32s(struct message *m, uint32_t *into, size_t n);
void get_sizes(struct message *m, size_t *into, size_t n);
void get_longs(struct message *m, long *into, size_t n);

/* Into a new array of the length sent, or NULL if NULL was sent; *n
 * receives the length (n may be NULL). Past its end lie guard bytes, so a
 * write past the end can be noticed (message_overrun); under the
 * sanitizers (HARNESS_SAN) there are none, and AddressSanitizer reports any
 * access past the end itself. Freed by message_free_arrays(m). */
float *get_new_floats(struct message *m, size_t *n);
double *get_new_doubles(struct message *m, size_t *n);
uint32_t *get_new_u32s(struct message *m, size_t *n);
size_t *get_new_sizes(struct message *m, size_t *n);
long *get_new_longs(struct message *m, size_t *n);
/* A new copy of a string (NULL if NULL was sent), freed likewise. */
char *get_new_string(struct message *m);
/* Memory of `size` zero bytes, freed likewise: for structs a serve
 * function builds (e.g. an array of jobs). */
void *message_new_memory(struct message *m, size_t size);

/* ---- Frames on a pipe --------------------------------------------------- */
enum frame_kind {
    FRAME_CALL = 1,     /* judge -> runner: call a function */
    FRAME_REPLY = 2,    /* runner -> judge: what the function returned and changed;
                           judge -> runner: the answer to a callback */
    FRAME_CALLBACK = 3  /* runner -> judge: your code called back into the test
                           (e.g. an objective's example gradient) */
};

/* Writes m as one frame of the given kind; 0, or -1 if the pipe is closed. */
int frame_send(int fd, enum frame_kind kind, const struct message *m);
/* Reads one frame into m (reset first), at most max_length bytes long.
 * Returns 0; -1 at the end of the pipe, on a read error, or on a frame
 * longer than max_length; FRAME_LATE if deadline (seconds on the monotonic
 * clock, see wire_now) passed first. deadline 0 waits for ever. */
#define FRAME_LATE (-2)
int frame_receive(int fd, enum frame_kind *kind, struct message *m, size_t max_length,
                  double deadline);
/* Seconds on the monotonic clock. */
double wire_now(void);

#endif
