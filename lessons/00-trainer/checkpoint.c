/* checkpoint.c -- the checkpoint file format; see checkpoint.h. */
#include "checkpoint.h"
#include "model.h"
#include "output_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[8] = {'D', 'E', 'S', 'C', 'E', 'N', 'T', 'C'};
enum { HEADER_BYTES = 20, CHECKSUM_BYTES = 8 };

/* FNV-1a, 64-bit: for each byte, hash = (hash XOR byte) * 1099511628211.
 * Not cryptographic; it catches truncation and flipped bytes. */
static uint64_t fnv1a(const unsigned char *bytes, size_t n)
{
    uint64_t hash = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++)
        hash = (hash ^ bytes[i]) * 1099511628211ULL;
    return hash;
}

/* ---- Writing: a growing byte buffer ------------------------------------- */

struct writer {
    unsigned char *bytes;
    size_t length, capacity;
    int failed; /* out of memory */
};

static void put_bytes(struct writer *w, const void *data, size_t n)
{
    if (w->failed)
        return;
    if (w->length + n > w->capacity) {
        size_t capacity = w->capacity * 2 + n + 256;
        unsigned char *grown = realloc(w->bytes, capacity);
        if (grown == NULL) {
            w->failed = 1;
            return;
        }
        w->bytes = grown;
        w->capacity = capacity;
    }
    memcpy(w->bytes + w->length, data, n);
    w->length += n;
}

/* Integers byte by byte, least significant first: the same file on every
 * machine, whatever its own byte order. */
static void put_u64(struct writer *w, uint64_t value)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(value >> (8 * i));
    put_bytes(w, b, 8);
}
static void put_u32(struct writer *w, uint32_t value)
{
    unsigned char b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(value >> (8 * i));
    put_bytes(w, b, 4);
}
static void put_i64(struct writer *w, int64_t value) { put_u64(w, (uint64_t)value); }
static void put_f32(struct writer *w, float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    put_u32(w, bits);
}
static void put_f64(struct writer *w, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    put_u64(w, bits);
}
static void put_floats(struct writer *w, const float *values, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        put_f32(w, values[i]);
}

static void put_hyper(struct writer *w, const struct hyperparameters *h)
{
    put_f32(w, h->lr);
    put_f32(w, h->momentum);
    put_f32(w, h->alpha);
    put_f32(w, h->rho);
    put_f32(w, h->beta1);
    put_f32(w, h->beta2);
    put_f32(w, h->eps);
    put_f32(w, h->weight_decay);
    put_f32(w, h->momentum_decay);
}

static void put_schedule(struct writer *w, const struct schedule *s)
{
    put_u32(w, (uint32_t)s->kind);
    put_f64(w, s->base_lr);
    put_f64(w, s->gamma);
    put_i64(w, s->step_size);
    put_i64(w, s->warmup_steps);
    put_i64(w, s->total_steps);
    put_f64(w, s->min_lr);
    put_f64(w, s->d_model);
}

static void put_payload(struct writer *w, const struct checkpoint *c)
{
    put_u32(w, c->model_kind);
    put_bytes(w, c->optimizer, sizeof c->optimizer);
    put_hyper(w, &c->hyper);
    put_schedule(w, &c->schedule);
    put_u64(w, c->batch);
    put_u64(w, c->seed);
    put_u64(w, c->train_limit);
    put_u32(w, c->shuffle);
    put_f64(w, c->clip_norm);
    put_f64(w, c->grad_noise_eta);
    put_f64(w, c->grad_noise_gamma);
    put_u64(w, c->validation_count);
    put_i64(w, c->epoch);
    put_i64(w, c->step);
    put_u64(w, c->rng.state);
    put_u64(w, c->rng.increment);
    put_u64(w, c->param_count);
    put_floats(w, c->params, c->param_count);
    put_u32(w, c->state_count);
    put_i64(w, c->optimizer_t);
    for (uint32_t s = 0; s < c->state_count; s++)
        put_floats(w, c->state[s], c->param_count);
    /* version 2: lesson 17's layers */
    put_f32(w, c->dropout);
    put_u32(w, c->batch_norm);
    put_u64(w, c->buffer_count);
    put_floats(w, c->buffers, c->buffer_count);
}

int checkpoint_write(const char *path, const struct checkpoint *c, struct error *err)
{
    struct writer payload = {0};
    put_payload(&payload, c);
    if (payload.failed) {
        free(payload.bytes);
        return error_set(err, "%s: out of memory while preparing the checkpoint", path);
    }

    struct writer file = {0};
    put_bytes(&file, MAGIC, sizeof MAGIC);
    put_u32(&file, CHECKPOINT_VERSION);
    put_u64(&file, payload.length);
    put_bytes(&file, payload.bytes, payload.length);
    put_u64(&file, fnv1a(payload.bytes, payload.length));
    free(payload.bytes);
    if (file.failed) {
        free(file.bytes);
        return error_set(err, "%s: out of memory while preparing the checkpoint", path);
    }

    struct output_file out;
    if (output_open(&out, path, err) != 0) {
        free(file.bytes);
        return -1;
    }
    fwrite(file.bytes, 1, file.length, out.stream);
    free(file.bytes);
    if (output_commit(&out, err) != 0)
        return -1;
    return 0;
}

/* ---- Reading: a cursor that knows where it is ------------------------------ */

struct reader {
    const unsigned char *bytes;
    size_t length, offset; /* offset counts from the start of the file */
    const char *path;
    struct error *err;
    int failed;
};

/* Takes n bytes, or fails naming the field and the offset where it ran out. */
static const unsigned char *take(struct reader *r, size_t n, const char *field)
{
    if (r->failed)
        return NULL;
    if (r->length - r->offset < n) {
        error_set(r->err, "%s: truncated at byte offset %zu: expected %zu more bytes for %s",
                  r->path, r->offset, n, field);
        r->failed = 1;
        return NULL;
    }
    const unsigned char *at = r->bytes + r->offset;
    r->offset += n;
    return at;
}

static uint64_t get_u64(struct reader *r, const char *field)
{
    const unsigned char *b = take(r, 8, field);
    uint64_t value = 0;
    for (int i = 0; b != NULL && i < 8; i++)
        value |= (uint64_t)b[i] << (8 * i);
    return value;
}
static uint32_t get_u32(struct reader *r, const char *field)
{
    const unsigned char *b = take(r, 4, field);
    uint32_t value = 0;
    for (int i = 0; b != NULL && i < 4; i++)
        value |= (uint32_t)b[i] << (8 * i);
    return value;
}
static int64_t get_i64(struct reader *r, const char *field) { return (int64_t)get_u64(r, field); }
static float get_f32(struct reader *r, const char *field)
{
    uint32_t bits = get_u32(r, field);
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}
static double get_f64(struct reader *r, const char *field)
{
    uint64_t bits = get_u64(r, field);
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* Reads n floats into a new array; NULL after a failure. */
static float *get_floats(struct reader *r, uint64_t n, const char *field)
{
    if (r->failed)
        return NULL;
    if ((r->length - r->offset) / 4 < n) {
        error_set(r->err, "%s: truncated at byte offset %zu: %s needs %llu values", r->path,
                  r->offset, field, (unsigned long long)n);
        r->failed = 1;
        return NULL;
    }
    float *values = malloc(n > 0 ? (size_t)n * sizeof(float) : 1);
    if (values == NULL) {
        error_set(r->err, "%s: out of memory for %s", r->path, field);
        r->failed = 1;
        return NULL;
    }
    for (uint64_t i = 0; i < n; i++)
        values[i] = get_f32(r, field);
    return values;
}

/* Reads a count (the epoch, the step, the optimizer's step counter): an
 * int64 that must not be negative. Whether it fits the run is checked when
 * the run resumes (train.c), which knows the run's length. */
static int64_t get_count(struct reader *r, const char *field)
{
    size_t offset = r->offset;
    int64_t value = get_i64(r, field);
    if (!r->failed && value < 0) {
        error_set(r->err, "%s: %s at byte offset %zu is %lld: expected 0 or more", r->path,
                  field, offset, (long long)value);
        r->failed = 1;
    }
    return value;
}

/* Fails the reader with a message "PATH: FIELD at byte offset N ...". */
static void refuse(struct reader *r, const char *field, size_t offset, const char *found,
                   const char *expected)
{
    error_set(r->err, "%s: %s at byte offset %zu is %s: expected %s", r->path, field, offset,
              found, expected);
    r->failed = 1;
}

/* Version 2's section (lesson 17's layers), after the optimizer's state:
 * the dropout rate, the batch-norm flag, the buffer count (which the model
 * kind and the flag decide) and the running means and variances. */
static void get_lesson17_section(struct reader *r, struct checkpoint *c)
{
    char found[64];
    size_t offset = r->offset;
    c->dropout = get_f32(r, "the dropout rate");
    if (!r->failed && !(c->dropout >= 0.0f && c->dropout < 1.0f)) {
        snprintf(found, sizeof found, "%g", (double)c->dropout);
        refuse(r, "the dropout rate", offset, found, "a number in [0, 1)");
    }
    offset = r->offset;
    c->batch_norm = get_u32(r, "the batch-norm flag");
    if (!r->failed && c->batch_norm > 1) {
        snprintf(found, sizeof found, "%u", c->batch_norm);
        refuse(r, "the batch-norm flag", offset, found, "0 (off) or 1 (on)");
    }
    offset = r->offset;
    c->buffer_count = get_u64(r, "the buffer count");
    if (r->failed)
        return;
    const struct model_extras extras = {.batch_norm = (int)c->batch_norm};
    size_t expected = model_buffer_count((enum model_kind)c->model_kind, &extras);
    if (c->buffer_count != expected) {
        char wanted[128];
        snprintf(found, sizeof found, "%llu", (unsigned long long)c->buffer_count);
        snprintf(wanted, sizeof wanted, "%zu (the %s's running means and variances, batch norm "
                 "%s)", expected, model_kind_name((enum model_kind)c->model_kind),
                 c->batch_norm ? "on" : "off");
        refuse(r, "the buffer count", offset, found, wanted);
        return;
    }
    offset = r->offset;
    c->buffers = get_floats(r, c->buffer_count, "batch norm's running statistics");
    /* Layer after layer: the running mean [C], then the running variance [C]. */
    size_t features[MODEL_MAX_NORMALIZED_LAYERS], at = 0;
    size_t layers = c->batch_norm ? model_normalized_layers((enum model_kind)c->model_kind,
                                                            features) : 0;
    for (size_t k = 0; !r->failed && k < layers; k++)
        for (size_t i = 0; !r->failed && i < 2 * features[k]; i++, at++) {
            int is_variance = i >= features[k];
            float value = c->buffers[at];
            if (isfinite(value) && (!is_variance || value >= 0.0f))
                continue;
            char field[96];
            snprintf(field, sizeof field, "batch norm %zu's running %s of feature %zu", k + 1,
                     is_variance ? "variance" : "mean", i % features[k]);
            snprintf(found, sizeof found, "%g", (double)value);
            refuse(r, field, offset + 4 * at, found,
                   is_variance ? "a finite number, 0 or more" : "a finite number");
        }
}

static void get_payload(struct reader *r, struct checkpoint *c, uint32_t version)
{
    size_t offset = r->offset;
    c->model_kind = get_u32(r, "the model kind");
    if (!r->failed && c->model_kind != MODEL_MLP && c->model_kind != MODEL_CNN) {
        char found[16];
        snprintf(found, sizeof found, "%u", c->model_kind);
        refuse(r, "the model kind", offset, found, "0 (mlp) or 1 (cnn)");
    }
    const unsigned char *name = take(r, sizeof c->optimizer, "the optimizer name");
    if (name != NULL) {
        memcpy(c->optimizer, name, sizeof c->optimizer);
        c->optimizer[sizeof c->optimizer - 1] = '\0';
    }
    c->hyper.lr = get_f32(r, "lr");
    c->hyper.momentum = get_f32(r, "momentum");
    c->hyper.alpha = get_f32(r, "alpha");
    c->hyper.rho = get_f32(r, "rho");
    c->hyper.beta1 = get_f32(r, "beta1");
    c->hyper.beta2 = get_f32(r, "beta2");
    c->hyper.eps = get_f32(r, "eps");
    c->hyper.weight_decay = get_f32(r, "weight_decay");
    c->hyper.momentum_decay = get_f32(r, "momentum_decay");
    c->schedule.kind = (enum schedule_kind)get_u32(r, "the schedule kind");
    c->schedule.base_lr = get_f64(r, "the schedule");
    c->schedule.gamma = get_f64(r, "the schedule");
    c->schedule.step_size = (long)get_i64(r, "the schedule");
    c->schedule.warmup_steps = (long)get_i64(r, "the schedule");
    c->schedule.total_steps = (long)get_i64(r, "the schedule");
    c->schedule.min_lr = get_f64(r, "the schedule");
    c->schedule.d_model = get_f64(r, "the schedule");
    c->batch = get_u64(r, "the batch size");
    c->seed = get_u64(r, "the seed");
    c->train_limit = get_u64(r, "the training-set limit");
    c->shuffle = get_u32(r, "the shuffle flag");
    c->clip_norm = get_f64(r, "the clipping norm");
    c->grad_noise_eta = get_f64(r, "the gradient noise");
    c->grad_noise_gamma = get_f64(r, "the gradient noise");
    c->validation_count = get_u64(r, "the validation count");
    c->epoch = get_count(r, "the epoch");
    c->step = get_count(r, "the step");
    c->rng.state = get_u64(r, "the random generator's state");
    c->rng.increment = get_u64(r, "the random generator's stream");
    c->param_count = get_u64(r, "the parameter count");
    c->params = get_floats(r, c->param_count, "the parameters");
    c->state_count = get_u32(r, "the optimizer's state count");
    c->optimizer_t = get_count(r, "the optimizer's step counter");
    if (!r->failed && c->state_count > OPTIMIZER_MAX_STATE) {
        error_set(r->err, "%s: %u optimizer state arrays at byte offset %zu: expected at most %d",
                  r->path, c->state_count, r->offset - 12, OPTIMIZER_MAX_STATE);
        r->failed = 1;
    }
    for (uint32_t s = 0; !r->failed && s < c->state_count; s++)
        c->state[s] = get_floats(r, c->param_count, "the optimizer's state");
    if (version >= 2)
        get_lesson17_section(r, c);
}

/* Reads the whole file into memory; returns NULL with a message on failure. */
static unsigned char *read_whole_file(const char *path, size_t *length, struct error *err)
{
    /* A FIFO or a device is refused before fopen() (see input_path_problem). */
    const char *problem = input_path_problem(path);
    if (problem != NULL) {
        error_set(err, "%s: cannot read the checkpoint: expected a regular file, found %s",
                  path, problem);
        return NULL;
    }
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        error_set(err, "%s: cannot open the checkpoint: %s", path, strerror(errno));
        return NULL;
    }
    unsigned char *bytes = NULL;
    size_t used = 0, capacity = 0;
    for (;;) {
        if (used == capacity) {
            capacity = capacity * 2 + 65536;
            unsigned char *grown = realloc(bytes, capacity);
            if (grown == NULL) {
                free(bytes);
                fclose(in);
                error_set(err, "%s: out of memory", path);
                return NULL;
            }
            bytes = grown;
        }
        size_t got = fread(bytes + used, 1, capacity - used, in);
        used += got;
        if (got == 0)
            break;
    }
    int failed = ferror(in);
    fclose(in);
    if (failed) {
        free(bytes);
        error_set(err, "%s: cannot read the checkpoint (is it a directory?)", path);
        return NULL;
    }
    *length = used;
    return bytes;
}

int checkpoint_read(const char *path, struct checkpoint *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    size_t length = 0;
    unsigned char *bytes = read_whole_file(path, &length, err);
    if (bytes == NULL)
        return -1;

    int status = -1;
    if (length < HEADER_BYTES + CHECKSUM_BYTES) {
        error_set(err, "%s: only %zu bytes: a checkpoint has at least %d (truncated or empty?)",
                  path, length, HEADER_BYTES + CHECKSUM_BYTES);
        goto done;
    }
    if (memcmp(bytes, MAGIC, sizeof MAGIC) != 0) {
        error_set(err, "%s: bytes 0-7 are not \"DESCENTC\": not a Descent checkpoint", path);
        goto done;
    }
    struct reader header = {bytes, length, 8, path, err, 0};
    uint32_t version = (uint32_t)bytes[8] | (uint32_t)bytes[9] << 8 |
                       (uint32_t)bytes[10] << 16 | (uint32_t)bytes[11] << 24;
    if (version != 1 && version != 2) {
        error_set(err, "%s: checkpoint format version %u at byte offset 8: this trainer reads "
                  "versions 1 and 2", path, version);
        goto done;
    }
    header.offset = 12;
    uint64_t payload_size = get_u64(&header, "the payload size");
    if (payload_size != length - HEADER_BYTES - CHECKSUM_BYTES) {
        error_set(err, "%s: the header (byte offset 12) announces %llu bytes of payload, the file "
                  "has %zu: truncated or padded", path, (unsigned long long)payload_size,
                  length - HEADER_BYTES - CHECKSUM_BYTES);
        goto done;
    }
    struct reader tail = {bytes, length, length - CHECKSUM_BYTES, path, err, 0};
    uint64_t stored = get_u64(&tail, "the checksum");
    if (stored != fnv1a(bytes + HEADER_BYTES, (size_t)payload_size)) {
        error_set(err, "%s: checksum mismatch (bytes %zu-%zu): the file is corrupted", path,
                  length - CHECKSUM_BYTES, length - 1);
        goto done;
    }
    struct reader payload = {bytes, length - CHECKSUM_BYTES, HEADER_BYTES, path, err, 0};
    get_payload(&payload, out, version);
    if (!payload.failed && payload.offset != payload.length)
        error_set(err, "%s: %zu unexpected bytes after the last field at byte offset %zu", path,
                  payload.length - payload.offset, payload.offset);
    else if (!payload.failed)
        status = 0;
done:
    free(bytes);
    if (status != 0)
        checkpoint_free(out);
    return status;
}

void checkpoint_free(struct checkpoint *c)
{
    free(c->params);
    for (int s = 0; s < OPTIMIZER_MAX_STATE; s++)
        free(c->state[s]);
    free(c->buffers);
    memset(c, 0, sizeof *c);
}
