/* checkpoint.h -- save a training run, and resume it bit for bit.
 *
 * A checkpoint holds everything the rest of a run depends on: the weights,
 * the optimizer's state and step counter, the step and epoch reached, the
 * random generator's state (it decides every later shuffle), and the
 * settings, so that a resume with different settings is refused instead of
 * silently producing a different run. With lesson 17's layers it also holds
 * the dropout rate, the batch-norm flag and batch norm's running statistics
 * (its gamma and beta are parameters, in params).
 *
 * The file format (version 2), every number little-endian:
 *   bytes 0-7    "DESCENTC"            magic
 *   bytes 8-11   uint32 version        2
 *   bytes 12-19  uint64 payload size   P
 *   bytes 20-..  the payload           P bytes, fields in the order of struct checkpoint
 *   last 8       uint64 checksum       FNV-1a (64-bit) of the payload
 * Floats are stored as their IEEE-754 bit patterns in 4 bytes, so nothing is
 * rounded; other numbers take 4 bytes (uint32) or 8 (uint64, int64, double).
 * Version 2 added the last four fields of struct checkpoint (lesson 17's) at
 * the end of the payload. A version-1 file, written before them, still
 * reads: as a run with dropout 0, batch norm off and no buffers.
 *
 * Writing is atomic: the file is written to PATH.tmp and renamed onto PATH
 * only when complete, so a crash leaves the previous checkpoint intact.
 * Reading is all or nothing: a truncated, corrupted or foreign file gives a
 * clear error and leaves *out empty. */
#ifndef DESCENT_CHECKPOINT_H
#define DESCENT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "lessons.h"
#include "optimizer.h"
#include "rng.h"

#define CHECKPOINT_VERSION 2u  /* the version written; 1 and 2 are read */

struct checkpoint {
    /* the settings the run was started with */
    uint32_t model_kind;          /* enum model_kind */
    char optimizer[32];           /* the optimizer's name */
    struct hyperparameters hyper;
    struct schedule schedule;
    uint64_t batch, seed, train_limit;
    uint32_t shuffle;
    double clip_norm, grad_noise_eta, grad_noise_gamma; /* lesson 13's options; 0: off */
    uint64_t validation_count;
    /* where the run is */
    int64_t epoch;                /* epochs completed */
    int64_t step;                 /* optimizer steps taken */
    struct rng rng;               /* the generator after the last shuffle */
    /* the numbers */
    uint64_t param_count;
    float *params;                /* [param_count] */
    uint32_t state_count;         /* optimizer state arrays */
    int64_t optimizer_t;          /* the optimizer's step counter */
    float *state[OPTIMIZER_MAX_STATE]; /* [param_count] each */
    /* lesson 17's layers (version 2) */
    float dropout;                /* 0 <= dropout < 1; 0: off */
    uint32_t batch_norm;          /* 1: on, 0: off */
    uint64_t buffer_count;        /* model_buffer_count(model_kind, ...): 0 without batch norm */
    float *buffers;               /* [buffer_count] the running means and variances */
};

/* Writes c to path atomically (see above). Returns 0, or -1 with a message
 * naming the file (it cannot be created, a write failed, the rename failed);
 * a failed write leaves no temporary file and the old PATH untouched. */
int checkpoint_write(const char *path, const struct checkpoint *c, struct error *err);

/* Reads a checkpoint of version 1 or 2, allocating its arrays. Returns 0, or
 * -1 with a message naming the file and, where it applies, the byte offset
 * and the field (missing file, wrong magic, unsupported version, truncated,
 * checksum mismatch, impossible sizes, an unknown model kind, a dropout rate
 * outside [0, 1), a batch-norm flag other than 0 or 1, a buffer count that
 * does not fit the model, a running mean or variance that is not finite or
 * a negative running variance); *out is then zeroed. */
int checkpoint_read(const char *path, struct checkpoint *out, struct error *err);

/* Frees the arrays of a checkpoint that checkpoint_read filled. */
void checkpoint_free(struct checkpoint *c);

#endif
