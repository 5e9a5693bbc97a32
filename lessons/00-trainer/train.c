/* train.c -- the training loop; see train.h for which lesson does what. */
#include "train.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "output_file.h"
#include "progress.h"
#include "svg.h"
#include "todo.h"

/* ---- Schedules by name ------------------------------------------------------ */

static const struct {
    const char *name;
    enum schedule_kind kind;
} schedule_names[] = {
    {"constant", SCHEDULE_CONSTANT},   {"step", SCHEDULE_STEP},
    {"exponential", SCHEDULE_EXPONENTIAL}, {"inverse-time", SCHEDULE_INVERSE_TIME},
    {"cosine", SCHEDULE_COSINE},       {"warmup", SCHEDULE_WARMUP},
    {"warmup-cosine", SCHEDULE_WARMUP_COSINE}, {"inverse-sqrt", SCHEDULE_INVERSE_SQRT},
};
enum { SCHEDULE_NAME_COUNT = sizeof schedule_names / sizeof schedule_names[0] };

int schedule_kind_from_name(const char *name, enum schedule_kind *kind)
{
    for (size_t i = 0; i < SCHEDULE_NAME_COUNT; i++)
        if (strcmp(schedule_names[i].name, name) == 0) {
            *kind = schedule_names[i].kind;
            return 0;
        }
    return -1;
}

const char *schedule_kind_name(enum schedule_kind kind)
{
    for (size_t i = 0; i < SCHEDULE_NAME_COUNT; i++)
        if (schedule_names[i].kind == kind)
            return schedule_names[i].name;
    return "?";
}

/* ---- The state of a run --------------------------------------------------------- */

struct run {
    const struct train_config *config;
    const struct dataset *train_set, *test_set;
    size_t example_count;     /* training examples in use */
    struct schedule schedule; /* config's, with base_lr = hyper.lr */
    struct model model;
    struct optimizer optimizer;
    struct rng rng;
    long step;                /* optimizer steps taken so far */
    long epoch;               /* epochs completed */
    long first_step;          /* the step this process started at */
    uint32_t *order;          /* [example_count] the epoch's order */
    float *batch_images;      /* [batch, 784] the current batch, gathered */
    uint8_t *batch_labels;    /* [batch] */
    struct train_result *result;
    double training_seconds;  /* time spent training, evaluations excluded */
    /* Which of lessons 02, 03 and 09 are written (1) or stood in for (0). */
    int have_shuffle, have_batches, have_schedule;
};

/* ---- Lessons 02, 03 and 09, or their stand-ins -------------------------------------
 *
 * The loop uses your shuffle (lesson 02), batches (lesson 03) and schedule
 * (lesson 09) as soon as you have written them. Until then it stands in for
 * each with the most trivial thing that still trains, and says so on stderr,
 * once per program:
 *   no lesson 02: the digits in file order, never shuffled;
 *   no lesson 03: consecutive batches of the requested size, cut here;
 *   no lesson 09: the constant rate base_lr, whatever --schedule says.
 * So `descent train --optimizer sgd` works from lesson 01 on.
 *
 * Whether a lesson is written is found out by trying it once at the start
 * of every run on a tiny input (lesson_written in todo.h explains how an
 * unwritten function's not_implemented() comes back instead of stopping the
 * program). */

static void try_shuffle(void *context)
{
    (void)context;
    uint32_t order[3] = {0, 1, 2};
    struct rng rng;
    rng_seed(&rng, 1, 0);
    shuffle(order, 3, &rng);
}

static void try_batches(void *context)
{
    (void)context;
    size_t start;
    (void)batch_count(10, 3, LAST_BATCH_KEEP);
    (void)batch_bounds(10, 3, 3, &start);
}

/* The run's own schedule, at a step in each of its phases (only if it is
 * valid: start() reports an invalid one). */
static void try_schedule(void *context)
{
    const struct schedule *s = context;
    struct error ignored;
    if (schedule_validate(s, &ignored) != 0)
        return;
    (void)schedule_lr(s, 0);
    (void)schedule_lr(s, s->warmup_steps);
    (void)schedule_lr(s, s->total_steps);
}

static void find_written_lessons(struct run *r)
{
    /* One line per program for each stand-in. A constant schedule trains
     * the same with or without lesson 09, so one line covers every such
     * run, whatever its rate; a run with another schedule gets a line of
     * its own for each new rate or schedule (descent compare), since its
     * rates really differ from what it asked for. */
    static int told_shuffle, told_batches, told_constant, told_schedule;
    static double told_rate;
    static enum schedule_kind told_kind;
    r->have_shuffle = lesson_written(try_shuffle, NULL);
    r->have_batches = lesson_written(try_batches, NULL);
    r->have_schedule = lesson_written(try_schedule, &r->schedule);
    if (!r->have_shuffle && r->config->shuffle && !told_shuffle) {
        fprintf(stderr, "fallback: the digits in file order, unshuffled, until you write "
                "lesson 02's shuffle (lessons/02-sgd-shuffling/sgd.c)\n");
        told_shuffle = 1;
    }
    if (!r->have_batches && !told_batches) {
        fprintf(stderr, "fallback: consecutive batches of %zu cut by the trainer, until you "
                "write lesson 03's batch_count and batch_bounds "
                "(lessons/03-mini-batch/minibatch.c)\n", r->config->batch);
        told_batches = 1;
    }
    if (r->have_schedule)
        return;
    if (r->schedule.kind == SCHEDULE_CONSTANT) {
        if (!told_constant)
            fprintf(stderr, "fallback: lesson 09's schedule_lr and schedule_validate "
                    "(lessons/09-schedules/schedules.c) are not written yet: every run "
                    "trains at its own constant rate, as a constant schedule would\n");
        told_constant = 1;
    } else if (!told_schedule || told_rate != r->schedule.base_lr ||
               told_kind != r->schedule.kind) {
        fprintf(stderr, "fallback: the constant rate %g instead of the schedule %s, until you "
                "write lesson 09's schedule_lr and schedule_validate "
                "(lessons/09-schedules/schedules.c)\n",
                r->schedule.base_lr, schedule_kind_name(r->schedule.kind));
        told_schedule = 1;
        told_rate = r->schedule.base_lr;
        told_kind = r->schedule.kind;
    }
}

/* Batches per epoch: lesson 03's batch_count, or ceil(n / batch) written so
 * that it cannot overflow. */
static size_t batches_per_epoch(const struct run *r)
{
    size_t n = r->example_count, b = r->config->batch;
    if (r->have_batches)
        return batch_count(n, b, LAST_BATCH_KEEP);
    return n / b + (n % b != 0);
}

/* Batch k: lesson 03's batch_bounds, or positions [k*b, k*b + b) cut short
 * at n. Returns the length and sets *start. */
static size_t batch_at(const struct run *r, size_t k, size_t *start)
{
    size_t n = r->example_count, b = r->config->batch;
    if (r->have_batches)
        return batch_bounds(n, b, k, start);
    *start = k * b;
    return n - *start < b ? n - *start : b;
}

/* The rate of step: lesson 09's schedule_lr, or the constant base rate. */
static double rate_at(const struct run *r, long step)
{
    return r->have_schedule ? schedule_lr(&r->schedule, step) : r->schedule.base_lr;
}

/* Measures test accuracy now and appends it to the evaluation history
 * (allocate_history made room for every evaluation of the run). */
static void record_evaluation(struct run *r)
{
    struct train_result *res = r->result;
    size_t correct = model_count_correct(&r->model, r->test_set->images, r->test_set->labels,
                                         r->test_set->count);
    res->eval_step[res->eval_count] = r->step;
    res->eval_seconds[res->eval_count] = r->training_seconds;
    res->eval_accuracy[res->eval_count] =
        r->test_set->count > 0 ? (double)correct / (double)r->test_set->count : 0.0;
    res->eval_count++;
}

/* ---- Lesson 17's layers ------------------------------------------------------------------ */

/* Lesson 17's functions, for the model's optional layers (model.h). */
static const struct lesson17_layers lesson17 = {
    dropout_forward, dropout_backward, batchnorm_statistics,
    batchnorm_update_running, batchnorm_normalize, batchnorm_backward,
};

/* Lesson 17's layers, if the run asks for them: a batch of one example
 * has no batch variance in the MLP. (In the CNN a batch norm takes its
 * statistics over every pixel of the batch's images: 576 or 64 values per
 * channel even for one image, so any batch works, as in PyTorch.) */
static int check_lesson17_options(const struct train_config *cfg, struct error *err)
{
    if (cfg->batch_norm && cfg->model == MODEL_MLP && cfg->batch < 2)
        return error_set(err, "--batch-norm: a batch of %zu has no batch variance in the MLP: "
                         "expected --batch 2 or more", cfg->batch);
    return 0;
}

/* ---- Starting and resuming ------------------------------------------------------------ */

static int same_bits(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

/* Whether two schedules give the same rates: the same kind, and the same
 * value in every field that kind reads (lesson09.h). A constant schedule
 * may be resumed with more epochs; a cosine one over a new length may not. */
static int same_schedule(const struct schedule *a, const struct schedule *b)
{
    if (a->kind != b->kind || a->base_lr != b->base_lr)
        return 0;
    switch (a->kind) {
    case SCHEDULE_CONSTANT:
        return 1;
    case SCHEDULE_STEP:
        return a->gamma == b->gamma && a->step_size == b->step_size;
    case SCHEDULE_EXPONENTIAL:
    case SCHEDULE_INVERSE_TIME:
        return a->gamma == b->gamma;
    case SCHEDULE_COSINE:
        return a->total_steps == b->total_steps && a->min_lr == b->min_lr;
    case SCHEDULE_WARMUP:
        return a->warmup_steps == b->warmup_steps;
    case SCHEDULE_WARMUP_COSINE:
        return a->warmup_steps == b->warmup_steps && a->total_steps == b->total_steps &&
               a->min_lr == b->min_lr;
    case SCHEDULE_INVERSE_SQRT:
        return a->warmup_steps == b->warmup_steps && a->d_model == b->d_model;
    }
    return 0;
}

/* A resumed run must continue the same run: refuse any changed setting. */
static int check_resume_matches(const struct run *r, const struct checkpoint *c,
                                struct error *err)
{
    const struct train_config *cfg = r->config;
    const char *path = cfg->resume_path;
    if (c->model_kind != (uint32_t)cfg->model)
        return error_set(err, "%s: the checkpoint is of a %s, not a %s (--model)", path,
                         model_kind_name((enum model_kind)c->model_kind),
                         model_kind_name(cfg->model));
    if (strcmp(c->optimizer, cfg->optimizer->name) != 0)
        return error_set(err, "%s: the checkpoint was trained with %s, not %s (--optimizer)",
                         path, c->optimizer, cfg->optimizer->name);
    if (!same_bits(&c->hyper, &cfg->hyper, sizeof c->hyper))
        return error_set(err, "%s: the checkpoint's hyperparameters (lr %g, ...) differ from "
                         "this run's (lr %g, ...): resume with the same options",
                         path, (double)c->hyper.lr, (double)cfg->hyper.lr);
    if (c->batch != cfg->batch || c->seed != cfg->seed || c->train_limit != cfg->train_limit ||
        c->shuffle != (uint32_t)(cfg->shuffle != 0))
        return error_set(err, "%s: the checkpoint's --batch %llu, --seed %llu differ from this "
                         "run's --batch %zu, --seed %llu (or the data options differ)", path,
                         (unsigned long long)c->batch, (unsigned long long)c->seed, cfg->batch,
                         (unsigned long long)cfg->seed);
    if (c->clip_norm != cfg->clip_norm || c->grad_noise_eta != cfg->grad_noise_eta ||
        c->grad_noise_gamma != cfg->grad_noise_gamma || c->validation_count != cfg->validation_count)
        return error_set(err, "%s: the checkpoint's --clip-norm %g, --grad-noise %g, "
                         "--validation %llu differ from this run's %g, %g, %zu", path,
                         c->clip_norm, c->grad_noise_eta,
                         (unsigned long long)c->validation_count, cfg->clip_norm,
                         cfg->grad_noise_eta, cfg->validation_count);
    if (!same_schedule(&c->schedule, &r->schedule))
        return error_set(err, "%s: the checkpoint's schedule (%s, %ld total steps) differs from "
                         "this run's (%s, %ld total steps): a cosine schedule is fixed by "
                         "its length; give --total-steps as at the start", path,
                         schedule_kind_name(c->schedule.kind), c->schedule.total_steps,
                         schedule_kind_name(r->schedule.kind), r->schedule.total_steps);
    if (c->dropout != cfg->dropout || c->batch_norm != (uint32_t)(cfg->batch_norm != 0))
        return error_set(err, "%s: the checkpoint's --dropout %g and --batch-norm %s differ "
                         "from this run's --dropout %g and --batch-norm %s", path,
                         (double)c->dropout, c->batch_norm ? "on" : "off",
                         (double)cfg->dropout, cfg->batch_norm ? "on" : "off");
    if (c->param_count != r->model.param_count ||
        c->state_count != r->optimizer.kind->state_count ||
        c->buffer_count != r->model.buffer_count)
        return error_set(err, "%s: the checkpoint holds %llu parameters, %u state arrays and "
                         "%llu buffers; this model has %zu, %zu and %zu", path,
                         (unsigned long long)c->param_count, c->state_count,
                         (unsigned long long)c->buffer_count, r->model.param_count,
                         r->optimizer.kind->state_count, r->model.buffer_count);
    /* Where the run is: a checkpoint is saved after a whole epoch, so its
     * step is its epoch times the batches per epoch, and the optimizer has
     * taken one step per batch. A number that does not fit (a damaged or
     * forged file: INT64_MAX, or beyond --epochs) would overflow the step
     * counter or index past the histories, so it is refused here. */
    long per_epoch = (long)batches_per_epoch(r);
    if (c->epoch < 0 || c->epoch >= TRAIN_MAX_EPOCHS)
        return error_set(err, "%s: the checkpoint's epoch is %lld: expected 0 to %d (--epochs "
                         "is at most %d)", path, (long long)c->epoch, TRAIN_MAX_EPOCHS - 1,
                         TRAIN_MAX_EPOCHS);
    /* A resumed run trains epochs c->epoch + 1 to --epochs: none at all
     * would write an empty log and report an untrained accuracy. */
    if (c->epoch >= cfg->epochs)
        return error_set(err, "%s: --epochs %ld: the checkpoint has already finished epoch "
                         "%lld; give --epochs %lld or more to continue it", path, cfg->epochs,
                         (long long)c->epoch, (long long)c->epoch + 1);
    if (c->step != c->epoch * per_epoch)
        return error_set(err, "%s: the checkpoint's step is %lld: expected %lld (epoch %lld "
                         "times %ld batches)", path, (long long)c->step,
                         (long long)(c->epoch * per_epoch), (long long)c->epoch, per_epoch);
    if (c->optimizer_t != c->step)
        return error_set(err, "%s: the checkpoint's optimizer step counter is %lld: expected "
                         "%lld (its step)", path, (long long)c->optimizer_t,
                         (long long)c->step);
    return 0;
}

static int resume(struct run *r, struct error *err)
{
    struct checkpoint c;
    if (checkpoint_read(r->config->resume_path, &c, err) != 0)
        return -1;
    if (check_resume_matches(r, &c, err) != 0) {
        checkpoint_free(&c);
        return -1;
    }
    memcpy(r->model.params, c.params, r->model.param_count * sizeof(float));
    if (r->model.buffer_count > 0) /* batch norm's running statistics (lesson 17) */
        memcpy(r->model.buffers, c.buffers, r->model.buffer_count * sizeof(float));
    for (uint32_t s = 0; s < c.state_count; s++)
        memcpy(r->optimizer.state[s], c.state[s], r->model.param_count * sizeof(float));
    r->optimizer.t = (long)c.optimizer_t;
    r->rng = c.rng;
    r->step = (long)c.step;
    r->epoch = (long)c.epoch;
    checkpoint_free(&c);
    return 0;
}

static int save_checkpoint(const struct run *r, struct error *err)
{
    const struct train_config *cfg = r->config;
    struct checkpoint c = {
        .model_kind = (uint32_t)cfg->model,
        .hyper = cfg->hyper,
        .schedule = r->schedule,
        .batch = cfg->batch,
        .seed = cfg->seed,
        .train_limit = cfg->train_limit,
        .shuffle = cfg->shuffle != 0,
        .clip_norm = cfg->clip_norm,
        .grad_noise_eta = cfg->grad_noise_eta,
        .grad_noise_gamma = cfg->grad_noise_gamma,
        .validation_count = cfg->validation_count,
        .epoch = r->epoch,
        .step = r->step,
        .rng = r->rng,
        .param_count = r->model.param_count,
        .params = r->model.params,
        .state_count = (uint32_t)r->optimizer.kind->state_count,
        .optimizer_t = r->optimizer.t,
        .dropout = cfg->dropout,
        .batch_norm = cfg->batch_norm != 0,
        .buffer_count = r->model.buffer_count,
        .buffers = r->model.buffers,
    };
    snprintf(c.optimizer, sizeof c.optimizer, "%s", cfg->optimizer->name);
    for (size_t s = 0; s < r->optimizer.kind->state_count; s++)
        c.state[s] = r->optimizer.state[s];
    return checkpoint_write(cfg->checkpoint_path, &c, err);
}

/* The result's histories, sized for the epochs still to run: one loss per
 * step, one entry per epoch, and an evaluation every eval_every steps plus
 * one at the end of each epoch. Their sizes are known in advance, so they
 * never grow. */
static int allocate_history(struct run *r, struct error *err)
{
    const struct train_config *cfg = r->config;
    struct train_result *res = r->result;
    size_t epochs = cfg->epochs > r->epoch ? (size_t)(cfg->epochs - r->epoch) : 0;
    size_t steps = epochs * batches_per_epoch(r);
    size_t evaluations = epochs + (cfg->eval_every > 0 ? steps / (size_t)cfg->eval_every : 0);
    /* calloc(0, ...) may return NULL; ask for at least one element. */
    res->step_loss = calloc(steps + 1, sizeof *res->step_loss);
    res->epoch_train_loss = calloc(epochs + 1, sizeof *res->epoch_train_loss);
    res->epoch_test_loss = calloc(epochs + 1, sizeof *res->epoch_test_loss);
    res->epoch_test_accuracy = calloc(epochs + 1, sizeof *res->epoch_test_accuracy);
    res->eval_step = calloc(evaluations + 1, sizeof *res->eval_step);
    res->eval_seconds = calloc(evaluations + 1, sizeof *res->eval_seconds);
    res->eval_accuracy = calloc(evaluations + 1, sizeof *res->eval_accuracy);
    if (!res->step_loss || !res->epoch_train_loss || !res->epoch_test_loss ||
        !res->epoch_test_accuracy || !res->eval_step || !res->eval_seconds || !res->eval_accuracy)
        return error_set(err, "out of memory for the history of %zu steps", steps);
    return 0;
}

static int start(struct run *r, struct error *err)
{
    const struct train_config *cfg = r->config;
    if (cfg->batch < 1)
        return error_set(err, "--batch: 0 is not a batch size: expected at least 1");
    if (cfg->epochs < 0)
        return error_set(err, "--epochs: expected at least 0, got %ld", cfg->epochs);
    r->example_count = r->train_set->count;
    if (cfg->train_limit > 0 && cfg->train_limit < r->example_count)
        r->example_count = cfg->train_limit;
    if (cfg->validation_count >= r->example_count)
        return error_set(err, "--validation: %zu examples would leave none to train on (there "
                         "are %zu)", cfg->validation_count, r->example_count);
    /* The validation set is the last validation_count examples in use. */
    r->example_count -= cfg->validation_count;
    if (r->example_count == 0)
        return error_set(err, "the training set is empty");

    if (check_lesson17_options(cfg, err) != 0)
        return -1;

    r->schedule = cfg->schedule;
    r->schedule.base_lr = cfg->hyper.lr;
    find_written_lessons(r);
    if (r->have_schedule && schedule_validate(&r->schedule, err) != 0)
        return -1;

    /* The generator is seeded once: first the initial weights, then every
     * epoch's shuffle draw from it, so one seed fixes the whole run. */
    rng_seed(&r->rng, cfg->seed, 0);
    size_t max_batch = cfg->batch < r->example_count ? cfg->batch : r->example_count;
    const struct model_extras extras = {.dropout = cfg->dropout,
                                        .batch_norm = cfg->batch_norm, .layers = &lesson17};
    if (model_create_with_extras(&r->model, cfg->model, &extras, max_batch, &r->rng, err) != 0)
        return -1;
    if (optimizer_create(&r->optimizer, cfg->optimizer, &cfg->hyper, r->model.param_count,
                         err) != 0)
        return -1;
    r->order = malloc(r->example_count * sizeof *r->order);
    r->batch_images = malloc(max_batch * MODEL_INPUTS * sizeof *r->batch_images);
    r->batch_labels = malloc(max_batch * sizeof *r->batch_labels);
    if (r->order == NULL || r->batch_images == NULL || r->batch_labels == NULL)
        return error_set(err, "out of memory for %zu training examples", r->example_count);
    if (cfg->resume_path != NULL && resume(r, err) != 0)
        return -1;
    r->first_step = r->step;
    r->result->steps = r->step;
    return allocate_history(r, err);
}

/* ---- One epoch -------------------------------------------------------------------------- */

/* Copies the examples order[start .. start+count) into the batch buffers,
 * so the model sees one contiguous [count, 784] block. */
static void gather_batch(struct run *r, size_t start, size_t count)
{
    const size_t pixels = MODEL_INPUTS;
    for (size_t k = 0; k < count; k++) {
        uint32_t i = r->order[start + k];
        memcpy(r->batch_images + k * pixels, r->train_set->images + (size_t)i * pixels,
               pixels * sizeof(float));
        r->batch_labels[k] = r->train_set->labels[i];
    }
}

/* The index of the first weight that is NaN or infinite, or n if none is.
 * A NaN weight does not always show in the loss: ReLU maps NaN to 0.
 *
 * It runs after every step over every weight, so it has a fast path. The
 * plain loop below stops at the first bad weight; a loop that may stop
 * early cannot be vectorised, and it cost a tenth of an MLP epoch. The
 * first loop only asks "is any weight bad?": it ORs one 0/1 flag per
 * weight, and an OR of integers gives the same answer in any order, so
 * the compiler computes many flags at once. Only when the answer is yes
 * does the plain loop look for which one. (!(|w| <= FLT_MAX) is true
 * exactly for NaN, for which every comparison is false, and for +-inf.) */
static size_t first_non_finite(const float *w, size_t n)
{
    int any_bad = 0;
    for (size_t i = 0; i < n; i++)
        any_bad |= !(fabsf(w[i]) <= FLT_MAX);
    if (!any_bad)
        return n;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]))
            return i;
    return n;
}

/* Lesson 13's optional changes to the batch gradient: clip it to a maximal
 * norm, then add annealed Gaussian noise. The noise generator is seeded
 * from the run's seed and the step number, so a resumed run draws the
 * same noise as the uninterrupted one without saving more state. */
static int adjust_gradient(struct run *r, struct error *err)
{
    const struct train_config *cfg = r->config;
    if (cfg->clip_norm > 0.0) {
        double norm = clip_by_norm(r->model.grads, r->model.param_count, cfg->clip_norm);
        if (!isfinite(norm))
            return error_set(err, "training diverged at step %ld (epoch %ld): the gradient's "
                             "norm is %g. Hint: try a smaller --lr (now %g).", r->step + 1,
                             r->epoch + 1, norm, (double)cfg->hyper.lr);
    }
    if (cfg->grad_noise_eta > 0.0) {
        struct rng noise;
        rng_seed(&noise, cfg->seed ^ (uint64_t)r->step, 13);
        add_gradient_noise(r->model.grads, r->model.param_count, cfg->grad_noise_eta,
                           cfg->grad_noise_gamma, r->step, &noise);
    }
    return 0;
}

/* Trains one epoch. Returns 0, or -1 if the loss or a weight stopped being finite. */
static int run_epoch(struct run *r, double *mean_loss, struct error *err)
{
    const struct train_config *cfg = r->config;
    size_t n = r->example_count;
    for (size_t i = 0; i < n; i++)
        r->order[i] = (uint32_t)i;
    if (cfg->shuffle && r->have_shuffle)
        shuffle(r->order, n, &r->rng); /* lesson 02 */

    size_t batches = batches_per_epoch(r); /* lesson 03 */
    struct progress bar;
    progress_start(&bar, cfg->progress, r->epoch + 1, cfg->epochs, batches);
    double loss_sum = 0.0;
    size_t examples = 0;
    double batch_started = progress_now();
    for (size_t k = 0; k < batches; k++) {
        size_t start;
        size_t length = batch_at(r, k, &start); /* lesson 03 */
        gather_batch(r, start, length);
        /* Lesson 17's dropout masks: like lesson 13's noise, drawn from a
         * generator seeded by the run's seed and the step. */
        rng_seed(&r->model.dropout_rng, cfg->seed ^ (uint64_t)r->step, 17);
        double loss = model_loss_and_gradient(&r->model, r->batch_images, r->batch_labels,
                                              length);
        if (!isfinite(loss)) {
            progress_finish(&bar);
            double last = r->step > r->first_step ? r->result->step_loss[r->step - r->first_step - 1]
                                                  : NAN;
            return error_set(err, "training diverged at step %ld (epoch %ld): the loss became "
                             "%s; the last finite loss was %.6g. Hint: a learning rate that is "
                             "too high makes the weights overflow (try --lr %g instead of %g); "
                             "a 0/0 in an optimizer (eps = 0?) gives NaN at once.",
                             r->step + 1, r->epoch + 1, isnan(loss) ? "NaN" : "infinite", last,
                             (double)cfg->hyper.lr / 10.0, (double)cfg->hyper.lr);
        }
        if (adjust_gradient(r, err) != 0) {
            progress_finish(&bar);
            return -1;
        }
        float lr = (float)rate_at(r, r->step); /* lesson 09 */
        optimizer_step(&r->optimizer, r->model.params, r->model.grads, lr); /* 01, 04-08 */
        size_t bad = first_non_finite(r->model.params, r->model.param_count);
        if (bad < r->model.param_count) {
            progress_finish(&bar);
            return error_set(err, "training diverged at step %ld (epoch %ld): weight %zu became "
                             "%s after the optimizer step; the loss before it was %.6g. Hint: "
                             "a 0/0 or x/0 in the optimizer (eps too small?), or a learning "
                             "rate that is too high (try --lr %g instead of %g).",
                             r->step + 1, r->epoch + 1, bad,
                             isnan(r->model.params[bad]) ? "NaN" : "infinite", loss,
                             (double)cfg->hyper.lr / 10.0, (double)cfg->hyper.lr);
        }
        r->result->step_loss[r->step - r->first_step] = loss;
        r->step++;
        r->result->steps = r->step;
        loss_sum += loss * (double)length;
        examples += length;
        progress_update(&bar, length, loss);
        double now = progress_now();
        r->training_seconds += now - batch_started;
        if ((cfg->eval_every > 0 && r->step % cfg->eval_every == 0) || k + 1 == batches) {
            record_evaluation(r);
        }
        batch_started = progress_now();
    }
    progress_finish(&bar);
    *mean_loss = examples > 0 ? loss_sum / (double)examples : 0.0;
    return 0;
}

/* ---- Logs and plots ------------------------------------------------------------------------ */

/* The CSV log: one row per step; the last row of each epoch also carries the
 * test loss and accuracy. */
static int write_log(const struct run *r, struct error *err)
{
    const struct train_result *res = r->result;
    struct output_file out;
    if (output_open(&out, r->config->log_path, err) != 0)
        return -1;
    long steps_per_epoch = (long)batches_per_epoch(r);
    fprintf(out.stream, "step,epoch,lr,train_loss,test_loss,test_accuracy\n");
    for (long s = r->first_step; s < res->steps; s++) {
        long epoch = s / steps_per_epoch + 1;
        double lr = rate_at(r, s);
        fprintf(out.stream, "%ld,%ld,%.9g,%.9g", s + 1, epoch, lr, res->step_loss[s - r->first_step]);
        long first_epoch = r->first_step / steps_per_epoch;
        long e = epoch - 1 - first_epoch; /* index into this process's epochs */
        if ((s + 1) % steps_per_epoch == 0 && e >= 0 && e < res->epochs_done - first_epoch)
            fprintf(out.stream, ",%.9g,%.6f\n", res->epoch_test_loss[e],
                    res->epoch_test_accuracy[e]);
        else
            fprintf(out.stream, ",,\n");
    }
    return output_commit(&out, err);
}

static int write_plot(const struct run *r, struct error *err)
{
    const struct train_result *res = r->result;
    size_t steps = (size_t)(res->steps - r->first_step);
    long first_epoch = r->first_step / (long)batches_per_epoch(r);
    size_t epochs = (size_t)(res->epochs_done - first_epoch);
    double *x = malloc((steps + 1) * sizeof *x), *ex = malloc((epochs + 1) * sizeof *ex);
    if (x == NULL || ex == NULL) {
        free(x);
        free(ex);
        return error_set(err, "out of memory for the plot");
    }
    for (size_t i = 0; i < steps; i++)
        x[i] = (double)(r->first_step + (long)i + 1);
    long per_epoch = (long)batches_per_epoch(r);
    for (size_t e = 0; e < epochs; e++)
        ex[e] = (double)((first_epoch + (long)e + 1) * per_epoch);
    char title[160];
    snprintf(title, sizeof title, "%s trained with %s (lr %g, batch %zu)",
             model_kind_name(r->config->model), r->config->optimizer->name,
             (double)r->config->hyper.lr, r->config->batch);
    const struct svg_series series[] = {
        {"training loss (each batch)", x, res->step_loss, steps},
        {"test loss (each epoch)", ex, res->epoch_test_loss, epochs},
    };
    const struct line_chart chart = {
        .title = title, .x_label = "step", .y_label = "cross-entropy loss (log scale)",
        .log_y = 1, .series = series, .series_count = 2,
    };
    int status = svg_write_line_chart(r->config->plot_path, &chart, err);
    free(x);
    free(ex);
    return status;
}

/* ---- The whole run ------------------------------------------------------------------------------ */

static void free_run(struct run *r)
{
    model_free(&r->model);
    optimizer_free(&r->optimizer);
    free(r->order);
    free(r->batch_images);
    free(r->batch_labels);
}

int train_checkpoint_now(const void *run, const char *path, struct error *err)
{
    const struct run *r = run;
    struct train_config changed = *r->config;
    changed.checkpoint_path = path;
    struct run copy = *r;
    copy.config = &changed;
    return save_checkpoint(&copy, err);
}

/* Loss and accuracy on the held-out validation examples. */
static void validate(struct run *r, double *loss, double *accuracy)
{
    size_t count = r->config->validation_count;
    if (count == 0) {
        *loss = *accuracy = NAN;
        return;
    }
    const float *images = r->train_set->images + r->example_count * MODEL_INPUTS;
    const uint8_t *labels = r->train_set->labels + r->example_count;
    *loss = model_loss(&r->model, images, labels, count);
    *accuracy = (double)model_count_correct(&r->model, images, labels, count) / (double)count;
}

int train(const struct train_config *config, const struct dataset *train_set,
          const struct dataset *test_set, struct train_result *result, struct error *err)
{
    memset(result, 0, sizeof *result);
    struct run r = {.config = config, .train_set = train_set, .test_set = test_set,
                    .result = result};
    double started = progress_now();
    int status = start(&r, err);
    /* A run refused at the start (a checkpoint that does not match, say)
     * writes no log and no plot: the files of the earlier run stay as they
     * were. */
    int started_ok = status == 0;
    result->epochs_done = r.epoch;
    /* Epoch arrays are indexed from the first epoch of this process. */
    long first_epoch = r.epoch;
    while (status == 0 && r.epoch < config->epochs) {
        double train_loss = 0.0;
        status = run_epoch(&r, &train_loss, err);
        if (status != 0)
            break;
        r.epoch++;
        size_t e = (size_t)(r.epoch - 1 - first_epoch);
        result->epoch_train_loss[e] = train_loss;
        result->epoch_test_loss[e] = model_loss(&r.model, test_set->images, test_set->labels,
                                                test_set->count);
        /* run_epoch measured the accuracy after its last batch. */
        result->epoch_test_accuracy[e] = result->eval_accuracy[result->eval_count - 1];
        result->epochs_done = r.epoch;
        result->final_train_loss = train_loss;
        result->test_loss = result->epoch_test_loss[e];
        result->test_accuracy = result->epoch_test_accuracy[e];
        if (!config->quiet)
            printf("epoch %ld/%ld: train loss %.4f, test loss %.4f, test accuracy %.2f%%, %.1f s\n",
                   r.epoch, config->epochs, train_loss, result->test_loss,
                   100.0 * result->test_accuracy, progress_now() - started);
        fflush(stdout);
        if (config->checkpoint_path != NULL)
            status = save_checkpoint(&r, err);
        if (status == 0 && config->after_epoch != NULL) {
            struct epoch_report report = {
                .epoch = r.epoch, .step = r.step, .train_loss = train_loss,
                .test_loss = result->test_loss, .test_accuracy = result->test_accuracy,
                .params = r.model.params, .param_count = r.model.param_count, .run = &r,
            };
            validate(&r, &report.validation_loss, &report.validation_accuracy);
            if (config->after_epoch(config->after_epoch_context, &report) != 0) {
                result->stopped_early = 1;
                break;
            }
        }
    }
    result->seconds = progress_now() - started;
    /* Logs and plots describe whatever was done, even a run that diverged. */
    struct error output_err;
    if (started_ok && config->log_path != NULL &&
        write_log(&r, &output_err) != 0 && status == 0) {
        *err = output_err;
        status = -1;
    }
    if (started_ok && config->plot_path != NULL &&
        write_plot(&r, &output_err) != 0 && status == 0) {
        *err = output_err;
        status = -1;
    }
    if (r.model.params != NULL) {
        result->param_count = r.model.param_count;
        result->params = malloc(r.model.param_count * sizeof(float));
        if (result->params != NULL)
            memcpy(result->params, r.model.params, r.model.param_count * sizeof(float));
    }
    free_run(&r);
    return status;
}

void train_result_free(struct train_result *result)
{
    free(result->step_loss);
    free(result->epoch_test_accuracy);
    free(result->epoch_test_loss);
    free(result->epoch_train_loss);
    free(result->eval_step);
    free(result->eval_seconds);
    free(result->eval_accuracy);
    free(result->params);
    memset(result, 0, sizeof *result);
}
