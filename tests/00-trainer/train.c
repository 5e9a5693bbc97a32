/* Tests of the training loop and its checkpoints (lessons/00-trainer/train.c,
 * checkpoint.c). They train small runs on the real digits with the reference
 * lessons (the Makefile links the trainer's tests with solutions/). */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "idx.h"
#include "train.h"

static struct dataset train_set, test_set;
static char scratch[64];

static int load(void **state)
{
    (void)state;
    const char *dir = getenv("DESCENT_DATA_DIR");
    char images[512], labels[512];
    struct error err;
    snprintf(images, sizeof images, "%s/train-images.idx3-ubyte", dir ? dir : "data");
    snprintf(labels, sizeof labels, "%s/train-labels.idx1-ubyte", dir ? dir : "data");
    if (dataset_load(&train_set, images, labels, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    snprintf(images, sizeof images, "%s/test-images.idx3-ubyte", dir ? dir : "data");
    snprintf(labels, sizeof labels, "%s/test-labels.idx1-ubyte", dir ? dir : "data");
    if (dataset_load(&test_set, images, labels, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    snprintf(scratch, sizeof scratch, "/tmp/descent-train-XXXXXX");
    return mkdtemp(scratch) == NULL ? -1 : 0;
}

static int unload(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    int status = system(command);
    dataset_free(&train_set);
    dataset_free(&test_set);
    return status == 0 ? 0 : -1;
}

/* A small, quick run: the MLP on the first 640 digits, batch 64. */
static struct train_config small_run(void)
{
    struct train_config c = {
        .model = MODEL_MLP,
        .optimizer = optimizer_find("momentum"),
        .epochs = 2,
        .batch = 64,
        .seed = 7,
        .shuffle = 1,
        .train_limit = 640,
        .quiet = 1,
    };
    c.hyper = c.optimizer->defaults;
    c.schedule.kind = SCHEDULE_CONSTANT;
    return c;
}

static void path_in_scratch(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", scratch, name);
}

static void test_same_seed_same_bits(void **state)
{
    (void)state;
    struct train_config c = small_run();
    struct train_result a, b;
    struct error err;
    assert_int_equal(train(&c, &train_set, &test_set, &a, &err), 0);
    assert_int_equal(train(&c, &train_set, &test_set, &b, &err), 0);
    struct at where = AT("train", NULL);
    where.quantity = "the weights of two runs with one seed";
    expect_that(where, a.param_count == b.param_count &&
                           memcmp(a.params, b.params, a.param_count * sizeof(float)) == 0,
                "expected identical bits, found a difference");
    train_result_free(&a);
    train_result_free(&b);
}

/* Runs `whole` (2 epochs) uninterrupted, then stopped after epoch 1 into a
 * checkpoint and resumed from it, and expects the same weights and the same
 * batch losses in epoch 2, bit for bit. */
static void check_resume_is_bit_exact(struct train_config whole, const char *name)
{
    char checkpoint[128];
    path_in_scratch(checkpoint, sizeof checkpoint, name);
    struct error err;

    /* The run that is never interrupted: 2 epochs. */
    struct train_result uninterrupted;
    if (train(&whole, &train_set, &test_set, &uninterrupted, &err) != 0)
        fail_msg("%s", err.message);

    /* The same run stopped after epoch 1 and resumed from its checkpoint. */
    struct train_config first = whole;
    first.epochs = 1;
    first.checkpoint_path = checkpoint;
    struct train_result part1, part2;
    if (train(&first, &train_set, &test_set, &part1, &err) != 0)
        fail_msg("%s", err.message);
    struct train_config rest = whole;
    rest.resume_path = checkpoint;
    if (train(&rest, &train_set, &test_set, &part2, &err) != 0)
        fail_msg("resume failed: %s", err.message);

    struct at where = AT("train --resume", NULL);
    where.quantity = "steps";
    expect_exact(where, (float)uninterrupted.steps, (float)part2.steps);
    where.quantity = "weights after resuming";
    for (size_t i = 0; i < uninterrupted.param_count; i++) {
        where.index = (long)i;
        expect_exact(where, uninterrupted.params[i], part2.params[i]);
    }
    /* Epoch 2's batch losses are the second half of the uninterrupted run's. */
    where = AT("train --resume", NULL);
    where.quantity = "batch loss of epoch 2";
    long per_epoch = uninterrupted.steps / 2;
    for (long s = 0; s < per_epoch; s++) {
        where.index = s;
        expect_exact(where, (float)uninterrupted.step_loss[per_epoch + s], (float)part2.step_loss[s]);
    }
    /* And the test loss after epoch 2, which in evaluation mode depends on
     * batch norm's running statistics: they were saved and restored. */
    where = AT("train --resume", NULL);
    where.quantity = "test loss after epoch 2";
    expect_exact(where, (float)uninterrupted.test_loss, (float)part2.test_loss);
    train_result_free(&uninterrupted);
    train_result_free(&part1);
    train_result_free(&part2);
}

static void test_resume_is_bit_exact(void **state)
{
    (void)state;
    check_resume_is_bit_exact(small_run(), "resume.ckpt");
}

/* Lesson 17's layers: a small run of the CNN (or the MLP) with batch norm
 * and dropout. */
static struct train_config small_run_with_lesson17(enum model_kind model)
{
    struct train_config c = small_run();
    c.model = model;
    c.dropout = 0.25f;
    c.batch_norm = 1;
    return c;
}

static void test_lesson17_same_seed_same_bits(void **state)
{
    (void)state;
    struct train_config c = small_run_with_lesson17(MODEL_CNN);
    c.epochs = 1;
    struct train_result a, b;
    struct error err;
    assert_int_equal(train(&c, &train_set, &test_set, &a, &err), 0);
    assert_int_equal(train(&c, &train_set, &test_set, &b, &err), 0);
    struct at where = AT("train", NULL);
    where.quantity = "the weights of two runs of the CNN with batch norm and dropout, one seed";
    expect_that(where, a.param_count == b.param_count &&
                           memcmp(a.params, b.params, a.param_count * sizeof(float)) == 0,
                "expected identical bits, found a difference");
    where.quantity = "their test losses";
    expect_exact(where, (float)a.test_loss, (float)b.test_loss);
    train_result_free(&a);
    train_result_free(&b);
}

static void test_lesson17_resume_is_bit_exact(void **state)
{
    (void)state;
    check_resume_is_bit_exact(small_run_with_lesson17(MODEL_CNN), "cnn-bn.ckpt");
    check_resume_is_bit_exact(small_run_with_lesson17(MODEL_MLP), "mlp-bn.ckpt");
}

/* A checkpoint of a run with batch norm and dropout resumes only a run with
 * the same two settings. */
static void test_lesson17_resume_with_other_settings_is_refused(void **state)
{
    (void)state;
    char checkpoint[128];
    path_in_scratch(checkpoint, sizeof checkpoint, "refuse-bn.ckpt");
    struct train_config first = small_run_with_lesson17(MODEL_MLP);
    first.epochs = 1;
    first.checkpoint_path = checkpoint;
    struct train_result result;
    struct error err;
    assert_int_equal(train(&first, &train_set, &test_set, &result, &err), 0);
    train_result_free(&result);
    struct train_config other = small_run_with_lesson17(MODEL_MLP);
    other.resume_path = checkpoint;
    other.dropout = 0.5f;
    assert_int_equal(train(&other, &train_set, &test_set, &result, &err), -1);
    assert_non_null(strstr(err.message, "--dropout 0.25"));
    train_result_free(&result);
    other = small_run();
    other.resume_path = checkpoint;
    assert_int_equal(train(&other, &train_set, &test_set, &result, &err), -1);
    assert_non_null(strstr(err.message, "--batch-norm on"));
    train_result_free(&result);
}

static void test_resume_with_other_settings_is_refused(void **state)
{
    (void)state;
    char checkpoint[128];
    path_in_scratch(checkpoint, sizeof checkpoint, "refuse.ckpt");
    struct train_config first = small_run();
    first.epochs = 1;
    first.checkpoint_path = checkpoint;
    struct train_result result;
    struct error err;
    assert_int_equal(train(&first, &train_set, &test_set, &result, &err), 0);
    train_result_free(&result);

    struct train_config other = small_run();
    other.resume_path = checkpoint;
    other.hyper.lr *= 2.0f;
    assert_int_equal(train(&other, &train_set, &test_set, &result, &err), -1);
    assert_non_null(strstr(err.message, "hyperparameters"));
    train_result_free(&result);
    other = small_run();
    other.resume_path = checkpoint;
    other.optimizer = optimizer_find("adam");
    other.hyper = other.optimizer->defaults;
    assert_int_equal(train(&other, &train_set, &test_set, &result, &err), -1);
    assert_non_null(strstr(err.message, "--optimizer"));
    train_result_free(&result);
}

/* Writes checkpoint c to path and returns the file's bytes (caller frees). */
static unsigned char *checkpoint_bytes(const char *path, const struct checkpoint *c,
                                       long *length)
{
    struct error err;
    if (checkpoint_write(path, c, &err) != 0)
        fail_msg("%s", err.message);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *length = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc((size_t)*length);
    assert_int_equal(fread(bytes, 1, (size_t)*length, f), (size_t)*length);
    fclose(f);
    return bytes;
}

/* Writes a valid checkpoint and returns its bytes (caller frees). */
static unsigned char *valid_checkpoint_bytes(const char *path, long *length)
{
    float params[3] = {1.0f, -2.0f, 0.5f}, state0[3] = {0.25f, 0.0f, -1.0f};
    struct checkpoint c = {.model_kind = 1, .batch = 64, .seed = 3, .epoch = 2, .step = 250,
                           .param_count = 3, .params = params, .state_count = 1,
                           .optimizer_t = 250};
    snprintf(c.optimizer, sizeof c.optimizer, "momentum");
    c.hyper.lr = 0.05f;
    c.rng.state = 12345;
    c.rng.increment = 7;
    c.state[0] = state0;
    return checkpoint_bytes(path, &c, length);
}

static void write_bytes(const char *path, const unsigned char *bytes, long length)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, (size_t)length, f), (size_t)length);
    fclose(f);
}

static void test_checkpoint_round_trip(void **state)
{
    (void)state;
    char path[128];
    path_in_scratch(path, sizeof path, "round.ckpt");
    long length;
    free(valid_checkpoint_bytes(path, &length));
    struct checkpoint back;
    struct error err;
    if (checkpoint_read(path, &back, &err) != 0)
        fail_msg("%s", err.message);
    assert_string_equal(back.optimizer, "momentum");
    assert_int_equal(back.param_count, 3);
    assert_true(back.params[1] == -2.0f && back.state[0][2] == -1.0f);
    assert_true(back.step == 250 && back.epoch == 2 && back.rng.state == 12345);
    assert_true(back.hyper.lr == 0.05f);
    checkpoint_free(&back);
    char temporary[160];
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    assert_int_equal(access(temporary, F_OK), -1); /* no temporary file is left */
}

/* The file at `path` (test case `name`) must be refused with a message
 * naming the file and containing `words`, leaving the output empty. */
static void expect_file_rejected(const char *name, const char *path, const char *words)
{
    struct checkpoint back;
    memset(&back, 0x5a, sizeof back);
    struct error err;
    struct at where = AT("checkpoint_read", NULL);
    where.quantity = name;
    expect_that(where, checkpoint_read(path, &back, &err) == -1, "a damaged file was accepted");
    expect_that(where, strstr(err.message, path) != NULL && strstr(err.message, words) != NULL,
                "the message \"%s\" should name the file and say \"%s\"", err.message, words);
    expect_that(where, back.params == NULL && back.buffers == NULL && back.param_count == 0,
                "a rejected checkpoint must leave the output empty");
}

/* Damages a valid checkpoint with damage() and checks the error. */
static void expect_rejected(const char *name, void (*damage)(unsigned char *, long *),
                            const char *words)
{
    char path[128];
    path_in_scratch(path, sizeof path, name);
    long length;
    unsigned char *bytes = valid_checkpoint_bytes(path, &length);
    damage(bytes, &length);
    write_bytes(path, bytes, length);
    free(bytes);
    expect_file_rejected(name, path, words);
}

static void cut_the_end(unsigned char *bytes, long *length) { (void)bytes; *length -= 13; }
static void flip_a_weight(unsigned char *bytes, long *length) { bytes[*length - 30] ^= 0x40; }
static void future_version(unsigned char *bytes, long *length) { (void)length; bytes[8] = 3; }
static void not_ours(unsigned char *bytes, long *length) { (void)length; bytes[0] = 'X'; }
static void empty(unsigned char *bytes, long *length) { (void)bytes; *length = 0; }

static void test_checkpoint_damage_is_detected(void **state)
{
    (void)state;
    expect_rejected("truncated.ckpt", cut_the_end, "payload");
    expect_rejected("corrupted.ckpt", flip_a_weight, "checksum");
    expect_rejected("version.ckpt", future_version, "version 3 at byte offset 8: this trainer "
                    "reads versions 1 and 2");
    expect_rejected("magic.ckpt", not_ours, "not a Descent checkpoint");
    expect_rejected("empty.ckpt", empty, "truncated or empty");
    struct checkpoint back;
    struct error err;
    assert_int_equal(checkpoint_read("/nonexistent/descent.ckpt", &back, &err), -1);
    assert_non_null(strstr(err.message, "cannot open"));
}

/* ---- Version 2: lesson 17's layers --------------------------------------------- */

/* The end of a version-2 payload (checkpoint.h), before the 8-byte checksum:
 *   dropout (4 bytes) | batch-norm flag (4) | buffer count (8) | buffers (4 each)
 * The checkpoint below is a CNN's with batch norm: 48 buffers (bn1's running
 * mean [8] and variance [8], bn2's [16] and [16]). */
enum { CNN_BUFFERS = 48 };

struct v2_layout {
    long dropout, flag, count, buffers; /* byte offsets in the file */
};

static struct v2_layout v2_layout_of(long length, long buffer_count)
{
    struct v2_layout at;
    at.buffers = length - 8 - 4 * buffer_count;
    at.count = at.buffers - 8;
    at.flag = at.count - 4;
    at.dropout = at.flag - 4;
    return at;
}

/* Writes a checkpoint of a CNN with dropout 0.25 and batch norm; running
 * means 0.01 * i, running variances 1 + 0.01 * i. Returns its bytes. */
static unsigned char *batch_norm_checkpoint_bytes(const char *path, long *length)
{
    float params[3] = {1.0f, -2.0f, 0.5f}, state0[3] = {0.25f, 0.0f, -1.0f};
    float buffers[CNN_BUFFERS];
    for (int i = 0; i < CNN_BUFFERS; i++) {
        int is_variance = (i >= 8 && i < 16) || i >= 32;
        buffers[i] = (is_variance ? 1.0f : 0.0f) + 0.01f * (float)i;
    }
    struct checkpoint c = {.model_kind = 1, .batch = 64, .seed = 3, .epoch = 2, .step = 250,
                           .param_count = 3, .params = params, .state_count = 1,
                           .optimizer_t = 250, .dropout = 0.25f, .batch_norm = 1,
                           .buffer_count = CNN_BUFFERS, .buffers = buffers};
    snprintf(c.optimizer, sizeof c.optimizer, "momentum");
    c.state[0] = state0;
    return checkpoint_bytes(path, &c, length);
}

static void put_le(unsigned char *at, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; i++)
        at[i] = (unsigned char)(value >> (8 * i));
}

static void put_float(unsigned char *at, float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    put_le(at, bits, 4);
}

/* After a change: the payload size (bytes 12-19) and the checksum (the last
 * 8 bytes: FNV-1a of the payload, as checkpoint.h defines it) made right
 * again, so that the reader gets as far as the changed field. */
static void reseal(unsigned char *bytes, long length)
{
    put_le(bytes + 12, (uint64_t)(length - 28), 8);
    uint64_t hash = 14695981039346656037ULL;
    for (long i = 20; i < length - 8; i++)
        hash = (hash ^ bytes[i]) * 1099511628211ULL;
    put_le(bytes + length - 8, hash, 8);
}

static void test_checkpoint_v2_round_trip(void **state)
{
    (void)state;
    char path[128];
    path_in_scratch(path, sizeof path, "bn-round.ckpt");
    long length;
    free(batch_norm_checkpoint_bytes(path, &length));
    struct checkpoint back;
    struct error err;
    if (checkpoint_read(path, &back, &err) != 0)
        fail_msg("%s", err.message);
    assert_true(back.dropout == 0.25f && back.batch_norm == 1);
    assert_int_equal(back.buffer_count, CNN_BUFFERS);
    assert_true(back.buffers[0] == 0.0f && back.buffers[8] == 1.08f &&
                back.buffers[47] == 1.47f);
    assert_true(back.params[1] == -2.0f && back.state[0][2] == -1.0f);
    checkpoint_free(&back);
}

/* A version-1 file (before lesson 17's layers could be saved): a version-2
 * file of a plain run without its last 16 payload bytes (dropout 0, flag 0,
 * count 0), with version 1. It reads, as a run without those layers. */
static void test_checkpoint_version_1_still_reads(void **state)
{
    (void)state;
    char path[128];
    path_in_scratch(path, sizeof path, "v1.ckpt");
    long length;
    unsigned char *bytes = valid_checkpoint_bytes(path, &length);
    memmove(bytes + length - 24, bytes + length - 8, 8);
    length -= 16;
    put_le(bytes + 8, 1, 4);
    reseal(bytes, length);
    write_bytes(path, bytes, length);
    free(bytes);
    struct checkpoint back;
    memset(&back, 0x5a, sizeof back);
    struct error err;
    if (checkpoint_read(path, &back, &err) != 0)
        fail_msg("a version-1 checkpoint was refused: %s", err.message);
    assert_true(back.dropout == 0.0f && back.batch_norm == 0 && back.buffer_count == 0 &&
                back.buffers == NULL);
    assert_true(back.params[1] == -2.0f && back.step == 250 && back.hyper.lr == 0.05f);
    checkpoint_free(&back);
}

/* A damaged version-2 checkpoint, resealed, must be refused with a message
 * naming the file and containing `words` (the field, its offset, the value
 * and what was expected), leaving the output empty. */
static void expect_v2_rejected(const char *name, unsigned char *bytes, long length,
                               const char *words)
{
    char path[128];
    path_in_scratch(path, sizeof path, name);
    reseal(bytes, length);
    write_bytes(path, bytes, length);
    expect_file_rejected(name, path, words);
}

static void test_checkpoint_v2_damage_is_detected(void **state)
{
    (void)state;
    char path[128], words[256];
    path_in_scratch(path, sizeof path, "bn-valid.ckpt");
    long n;
    unsigned char *valid = batch_norm_checkpoint_bytes(path, &n);
    unsigned char *b = malloc((size_t)n);
    assert_non_null(b);
    struct v2_layout at = v2_layout_of(n, CNN_BUFFERS);

    memcpy(b, valid, (size_t)n);
    put_float(b + at.dropout, 1.5f);
    snprintf(words, sizeof words, "the dropout rate at byte offset %ld is 1.5: expected a "
             "number in [0, 1)", at.dropout);
    expect_v2_rejected("dropout.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_float(b + at.dropout, NAN);
    snprintf(words, sizeof words, "the dropout rate at byte offset %ld is ", at.dropout);
    expect_v2_rejected("dropout-nan.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_le(b + at.flag, 2, 4);
    snprintf(words, sizeof words, "the batch-norm flag at byte offset %ld is 2: expected 0 "
             "(off) or 1 (on)", at.flag);
    expect_v2_rejected("flag.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_le(b + at.count, 256, 8); /* the MLP's count, in a CNN's checkpoint */
    snprintf(words, sizeof words, "the buffer count at byte offset %ld is 256: expected 48 "
             "(the cnn's running means and variances, batch norm on)", at.count);
    expect_v2_rejected("count.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_le(b + at.flag, 0, 4); /* batch norm off, but 48 buffers */
    snprintf(words, sizeof words, "the buffer count at byte offset %ld is 48: expected 0",
             at.count);
    expect_v2_rejected("count-off.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_float(b + at.buffers + 4 * 35, -1.0f); /* bn2's running variance of channel 3 */
    snprintf(words, sizeof words, "batch norm 2's running variance of feature 3 at byte "
             "offset %ld is -1: expected a finite number, 0 or more", at.buffers + 4 * 35);
    expect_v2_rejected("variance.ckpt", b, n, words);

    memcpy(b, valid, (size_t)n);
    put_float(b + at.buffers + 4 * 2, INFINITY); /* bn1's running mean of channel 2 */
    snprintf(words, sizeof words, "batch norm 1's running mean of feature 2 at byte offset "
             "%ld is inf: expected a finite number", at.buffers + 4 * 2);
    expect_v2_rejected("mean.ckpt", b, n, words);

    /* Two buffers short: the count is right, the values run out. */
    memcpy(b, valid, (size_t)n);
    memmove(b + n - 16, b + n - 8, 8);
    snprintf(words, sizeof words, "truncated at byte offset %ld: batch norm's running "
             "statistics needs 48 values", at.buffers);
    expect_v2_rejected("short.ckpt", b, n - 8, words);

    memcpy(b, valid, (size_t)n);
    put_le(b + 20, 7, 4);
    expect_v2_rejected("kind.ckpt", b, n, "the model kind at byte offset 20 is 7: expected 0 "
                       "(mlp) or 1 (cnn)");
    free(b);
    free(valid);
}

static void test_divergence_stops_with_a_hint(void **state)
{
    (void)state;
    struct train_config c = small_run();
    /* The softmax cross-entropy is computed stably, so even absurd learning
     * rates give large but finite losses on this network. A NaN comes from
     * a 0/0: AdaGrad with eps = 0 divides 0 by 0 for every weight whose
     * gradient is still zero (the weights into ReLUs that never fire). */
    c.optimizer = optimizer_find("adagrad");
    c.hyper = c.optimizer->defaults;
    c.hyper.eps = 0.0f;
    struct train_result result;
    struct error err;
    assert_int_equal(train(&c, &train_set, &test_set, &result, &err), -1);
    struct at where = AT("train", NULL);
    where.quantity = "the divergence message";
    expect_that(where, strstr(err.message, "diverged at step") != NULL &&
                           strstr(err.message, "NaN") != NULL &&
                           strstr(err.message, "eps") != NULL &&
                           strstr(err.message, "--lr") != NULL,
                "got \"%s\"", err.message);
    train_result_free(&result);
}

static void test_log_and_plot_are_written(void **state)
{
    (void)state;
    char log[128], plot[128];
    path_in_scratch(log, sizeof log, "run.csv");
    path_in_scratch(plot, sizeof plot, "run.svg");
    struct train_config c = small_run();
    c.log_path = log;
    c.plot_path = plot;
    struct train_result result;
    struct error err;
    assert_int_equal(train(&c, &train_set, &test_set, &result, &err), 0);
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char line[256];
    int lines = 0, with_test = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lines++;
        if (lines > 1 && line[strlen(line) - 2] != ',')
            with_test++;
    }
    fclose(f);
    /* A header, 2 epochs of 10 steps, and test results on each epoch's last step. */
    assert_int_equal(lines, 1 + 20);
    assert_int_equal(with_test, 2);
    assert_int_equal(access(plot, R_OK), 0);
    train_result_free(&result);
}

static void test_one_epoch_learns_the_digits(void **state)
{
    (void)state;
    /* One epoch of the MLP over all 8 000 digits with SGD with momentum
     * (lr 0.05, mu 0.9, batch 64) reaches about 90% on the test digits;
     * 85% is a floor that a broken loop (no shuffle, wrong batches, the
     * update skipped) does not reach. */
    struct train_config c = small_run();
    c.train_limit = 0;
    c.epochs = 1;
    struct train_result result;
    struct error err;
    assert_int_equal(train(&c, &train_set, &test_set, &result, &err), 0);
    struct at where = AT("train", NULL);
    where.quantity = "test accuracy after one epoch";
    expect_that(where, result.test_accuracy > 0.85, "expected above 85%%, got %.2f%%",
                100.0 * result.test_accuracy);
    train_result_free(&result);
}

static const struct harness_test tests[] = {
    {"train_same_seed_same_bits", test_same_seed_same_bits, 1, 20,
     "two runs with one seed give the same weights"},
    {"train_resume_is_bit_exact", test_resume_is_bit_exact, 1, 20,
     "stopping after epoch 1 and resuming gives the uninterrupted run bit for bit"},
    {"train_resume_with_other_settings_is_refused", test_resume_with_other_settings_is_refused,
     1, 20, "resuming with another lr or optimizer is an error"},
    {"train_lesson17_same_seed_same_bits", test_lesson17_same_seed_same_bits, 1, 20,
     "two runs of the CNN with batch norm and dropout, one seed: the same weights"},
    {"train_lesson17_resume_is_bit_exact", test_lesson17_resume_is_bit_exact, 1, 30,
     "with batch norm and dropout too, resuming gives the uninterrupted run bit for bit"},
    {"train_lesson17_resume_with_other_settings_is_refused",
     test_lesson17_resume_with_other_settings_is_refused, 1, 20,
     "resuming with another --dropout or --batch-norm is an error"},
    {"checkpoint_round_trip", test_checkpoint_round_trip, 1, 10,
     "a checkpoint reads back exactly, with no temporary file left"},
    {"checkpoint_damage_is_detected", test_checkpoint_damage_is_detected, 1, 10,
     "truncated, corrupted, wrong-version, foreign, empty and missing files are refused"},
    {"checkpoint_v2_round_trip", test_checkpoint_v2_round_trip, 1, 10,
     "dropout, the batch-norm flag and the running statistics read back exactly"},
    {"checkpoint_version_1_still_reads", test_checkpoint_version_1_still_reads, 1, 10,
     "a version-1 checkpoint reads as a run without lesson 17's layers"},
    {"checkpoint_v2_damage_is_detected", test_checkpoint_v2_damage_is_detected, 1, 10,
     "a bad dropout rate, flag, buffer count or running statistic is refused by field and offset"},
    {"train_divergence_stops_with_a_hint", test_divergence_stops_with_a_hint, 1, 20,
     "a NaN weight or loss stops the run with the step, the loss and a hint"},
    {"train_log_and_plot_are_written", test_log_and_plot_are_written, 1, 20,
     "the CSV log has a row per step and test results per epoch; the SVG exists"},
    {"train_one_epoch_learns_the_digits", test_one_epoch_learns_the_digits, 1, 30,
     "one epoch of the MLP reaches 85% test accuracy"},
};

const struct harness_suite lesson_public = HARNESS_SUITE_WITH_FIXTURES(tests, load, unload);
