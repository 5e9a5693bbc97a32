/* state_call.h -- passing the course's small state structs to student code:
 * the random generator (struct rng, lessons 02, 03, 13) and an error message
 * (struct error, lessons 09, 10). Both travel whole, both ways, bit for bit.
 * Like call.h, compiled in the judge (DESCENT_JUDGE) and in the runner. */
#ifndef DESCENT_STATE_CALL_H
#define DESCENT_STATE_CALL_H

#include "call.h"
#include "error.h"
#include "rng.h"

#include <stdint.h>
#include <string.h>

/* ---- The generator: its whole state is two integers -------------------- */

static inline void put_rng(struct message *m, const struct rng *rng)
{
    put_u64(m, rng->state);
    put_u64(m, rng->increment);
}

static inline void get_rng(struct message *m, struct rng *rng)
{
    rng->state = get_u64(m);
    rng->increment = get_u64(m);
}

/* ---- An error message: all its bytes, the ones after the '\0' too (a test
 * checks that a successful call leaves err untouched). The wire carries
 * them as 32-bit words; NULL travels as a flag. ----------------------------- */

enum { ERROR_WORDS = sizeof(struct error) / sizeof(uint32_t) };
_Static_assert(sizeof(struct error) % sizeof(uint32_t) == 0, "struct error is whole words");

static inline void put_error(struct message *m, const struct error *err)
{
    put_bool(m, err != NULL);
    if (err != NULL) {
        uint32_t words[ERROR_WORDS];
        memcpy(words, err->message, sizeof words);
        put_u32s(m, words, ERROR_WORDS);
    }
}

#ifdef DESCENT_JUDGE
/* Into the test's err, which is NULL exactly when NULL was sent. */
static inline void get_error(struct message *m, struct error *err)
{
    if (get_bool(m)) {
        uint32_t words[ERROR_WORDS];
        get_u32s(m, words, ERROR_WORDS);
        if (err != NULL)
            memcpy(err->message, words, sizeof words);
    }
}
#endif

#ifdef DESCENT_RUNNER
/* err in memory of exactly its size (a write past it is noticed), or NULL
 * when the test passed NULL. */
static inline struct error *get_new_error(struct message *in)
{
    if (!get_bool(in))
        return NULL;
    struct error *err = message_new_memory(in, sizeof *err);
    uint32_t words[ERROR_WORDS];
    get_u32s(in, words, ERROR_WORDS);
    memcpy(err->message, words, sizeof words);
    return err;
}
#endif

#endif
