/* main.c -- the `descent` command: train, compare, trajectory.
 *
 *   descent train --model cnn --optimizer adam --epochs 5
 *   descent compare --model mlp --optimizers sgd,momentum,adam --plot compare.svg
 *   descent trajectory --function rosenbrock --optimizer momentum,adam --lr 0.002 --svg path.svg
 *
 * Every option is checked: a bad value stops the program with one line that
 * names the option, the value and what is allowed. Run `descent help`. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "idx.h"
#include "optimizer.h"
#include "output_file.h"
#include "surfaces.h"
#include "svg.h"
#include "todo.h"
#include "train.h"
#include "trajectory.h"

/* ---- Options ----------------------------------------------------------------- */

struct options {
    const char *command;
    const char *model, *optimizer, *schedule, *data, *function;
    const char *log, *plot, *svg, *checkpoint, *resume;
    const char *start;              /* trajectory: "X,Y"; NULL: the surface's own */
    int exact;                      /* trajectory: end points as hex floats too */
    struct hyperparameters hyper;   /* values given on the command line */
    int given_lr, given_momentum, given_alpha, given_rho, given_beta1, given_beta2, given_eps;
    int given_weight_decay, given_momentum_decay;
    double gamma, min_lr, d_model;
    double clip_norm, grad_noise, grad_noise_gamma, min_delta;
    float dropout;                  /* lesson 17; 0: off */
    int batch_norm;                 /* lesson 17; 0: off */
    long patience;                  /* early stopping; 0: off */
    size_t validation;
    const char *best_checkpoint;
    long epochs, steps, warmup, step_size, total_steps;
    size_t batch, limit;
    unsigned long long seed;
    int shuffle, progress;
};

static void usage(FILE *out)
{
    size_t count;
    const struct optimizer_kind *const *kinds = optimizer_list(&count);
    fprintf(out,
            "usage: descent COMMAND [OPTIONS]\n"
            "\n"
            "commands:\n"
            "  train       train the MLP or the CNN on the MNIST digits in data/\n"
            "  compare     train with several optimizers from the same start; one plot, one table\n"
            "  trajectory  draw optimizers' paths over a 2-D function's contour lines\n"
            "  help        this text\n"
            "\n"
            "options of train and compare (defaults in brackets):\n"
            "  --model mlp|cnn          the network [mlp]\n"
            "  --optimizer NAME         train: one optimizer [momentum]\n"
            "  --optimizers A,B,...     compare: several [sgd,momentum,adam]\n"
            "  --lr X                   learning rate, 0 < X <= 10 [the optimizer's default]\n"
            "  --momentum X             mu for momentum and nesterov, 0 <= X < 1 [0.9]\n"
            "  --alpha X  --rho X       rmsprop's and adadelta's averaging, 0 <= X < 1\n"
            "  --beta1 X  --beta2 X     adam's moment constants, 0 <= X < 1 [0.9, 0.999]\n"
            "  --eps X                  the adaptive methods' epsilon, 0 < X <= 1\n"
            "  --weight-decay X         adam-l2 and adamw, 0 <= X <= 1 [0.01]\n"
            "  --momentum-decay X       nadam's psi, 0 <= X <= 1 [0.004]\n"
            "  --schedule NAME          constant, step, exponential, inverse-time, cosine,\n"
            "                           warmup, warmup-cosine, inverse-sqrt [constant]\n"
            "  --gamma X                step: factor per epoch [0.5]; exponential: per step\n"
            "                           [0.999]; inverse-time: lr/(1 + gamma*step) [0.01]\n"
            "  --step-size N  --warmup N  --total-steps N  --min-lr X  --d-model X\n"
            "                           the schedules' other settings (see lesson 09);\n"
            "                           defaults: a step every epoch, warmup over the first\n"
            "                           tenth, total steps = the run's, min-lr 0, d-model 512\n"
            "  --epochs N               1..1000 [5]\n"
            "  --batch N                1..100000 [64]\n"
            "  --seed N                 initial weights and every shuffle [1]\n"
            "  --no-shuffle             keep the data's order (an experiment, lesson 02)\n"
            "  --limit N                use only the first N training digits [all]\n"
            "  --data DIR               where the IDX files are [data]\n"
            "  --log FILE.csv           one row per step, test results per epoch\n"
            "  --plot FILE.svg          loss curves\n"
            "  --checkpoint FILE        save the run after every epoch\n"
            "  --resume FILE            continue a saved run (same options; more --epochs)\n"
            "  --no-progress            no live progress bar\n"
            "  --clip-norm X            clip each batch gradient to norm X (lesson 13)\n"
            "  --grad-noise ETA         add noise of variance ETA/(1+t)^gamma (lesson 13)\n"
            "  --grad-noise-gamma G     its decay [0.55]\n"
            "  --dropout P              drop each unit that the last dense layer reads with\n"
            "                           probability P while training, 0 <= P < 1 (lesson 17) [0]\n"
            "  --batch-norm             batch normalization before each ReLU: the MLP's hidden\n"
            "                           layer, each channel of the CNN's convolutions (lesson 17)\n"
            "  --validation N           hold out the last N training digits for validation\n"
            "  --early-stopping P       stop after P epochs without a better validation loss\n"
            "                           (lesson 14; needs --validation) [off]\n"
            "  --min-delta X            an improvement must beat the best by more than X [0]\n"
            "  --best-checkpoint FILE   save the best epoch's run there (with --early-stopping)\n"
            "\n"
            "options of trajectory:\n"
            "  --function NAME          valley, rosenbrock, saddle, beale [valley]\n"
            "  --optimizer A,B,...      one or more optimizers [sgd,momentum]\n"
            "  --lr X --momentum X ...  as above, shared by all optimizers\n"
            "  --steps N                1..1000000 [100]\n"
            "  --start X,Y              where every path starts, inside the picture\n"
            "                           [the function's own point]\n"
            "  --schedule NAME ...      as above; --step-size, --warmup and --total-steps\n"
            "                           default to a tenth of the steps, a tenth, all steps\n"
            "  --exact                  print each end point as hex floats (C's %%a) too\n"
            "  --svg FILE.svg           the picture [trajectory.svg]\n"
            "\n"
            "optimizers:\n");
    for (size_t i = 0; i < count; i++)
        fprintf(out, "  %-10s lesson %.2s  %s\n", kinds[i]->name, kinds[i]->lesson,
                kinds[i]->summary);
}

/* Fails with the program's one-line error format and exit status 2. */
static void bad_option(const struct options *o, const char *option, const char *value,
                       const char *expected)
{
    fprintf(stderr, "descent %s: %s: expected %s, got \"%s\" (descent help lists the options)\n",
            o->command, option, expected, value);
    exit(2);
}

static double parse_number(const struct options *o, const char *option, const char *text,
                           double lo, double hi, int lo_open, int hi_open, const char *range)
{
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    int ok = end != text && *end == '\0' && errno == 0 && isfinite(value) &&
             (lo_open ? value > lo : value >= lo) && (hi_open ? value < hi : value <= hi);
    if (!ok)
        bad_option(o, option, text, range);
    return value;
}

static long parse_count(const struct options *o, const char *option, const char *text, long lo,
                        long hi)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || value < lo || value > hi) {
        char range[96];
        snprintf(range, sizeof range, "a whole number from %ld to %ld", lo, hi);
        bad_option(o, option, text, range);
    }
    return value;
}

static void parse_options(struct options *o, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        char name[64];
        const char *value = NULL;
        const char *equals = strchr(arg, '=');
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "descent %s: unexpected argument \"%s\" (options start with --)\n",
                    o->command, arg);
            exit(2);
        }
        size_t length = equals != NULL ? (size_t)(equals - arg) : strlen(arg);
        snprintf(name, sizeof name, "%.*s", (int)length, arg);
        if (equals != NULL)
            value = equals + 1;

        /* Flags without a value. */
        if (strcmp(name, "--no-shuffle") == 0) { o->shuffle = 0; continue; }
        if (strcmp(name, "--no-progress") == 0) { o->progress = 0; continue; }
        if (strcmp(name, "--batch-norm") == 0) { o->batch_norm = 1; continue; }
        if (strcmp(name, "--exact") == 0) { o->exact = 1; continue; }
        if (strcmp(name, "--help") == 0) { usage(stdout); exit(0); }

        if (value == NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "descent %s: %s needs a value\n", o->command, name);
                exit(2);
            }
            value = argv[++i];
        }
        if (strcmp(name, "--model") == 0) o->model = value;
        else if (strcmp(name, "--optimizer") == 0 || strcmp(name, "--optimizers") == 0) o->optimizer = value;
        else if (strcmp(name, "--schedule") == 0) o->schedule = value;
        else if (strcmp(name, "--data") == 0) o->data = value;
        else if (strcmp(name, "--function") == 0) o->function = value;
        else if (strcmp(name, "--log") == 0) o->log = value;
        else if (strcmp(name, "--plot") == 0) o->plot = value;
        else if (strcmp(name, "--svg") == 0) o->svg = value;
        else if (strcmp(name, "--start") == 0) o->start = value;
        else if (strcmp(name, "--checkpoint") == 0) o->checkpoint = value;
        else if (strcmp(name, "--resume") == 0) o->resume = value;
        else if (strcmp(name, "--best-checkpoint") == 0) o->best_checkpoint = value;
        else if (strcmp(name, "--clip-norm") == 0)
            o->clip_norm = parse_number(o, name, value, 0, 1e6, 1, 0, "a number in (0, 1e6]");
        else if (strcmp(name, "--grad-noise") == 0)
            o->grad_noise = parse_number(o, name, value, 0, 100, 1, 0, "a number in (0, 100]");
        else if (strcmp(name, "--grad-noise-gamma") == 0)
            o->grad_noise_gamma = parse_number(o, name, value, 0, 10, 0, 0, "a number in [0, 10]");
        else if (strcmp(name, "--dropout") == 0)
            o->dropout = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
        else if (strcmp(name, "--min-delta") == 0)
            o->min_delta = parse_number(o, name, value, 0, 1e6, 0, 0, "a number in [0, 1e6]");
        else if (strcmp(name, "--early-stopping") == 0)
            o->patience = parse_count(o, name, value, 1, 1000);
        else if (strcmp(name, "--validation") == 0)
            o->validation = (size_t)parse_count(o, name, value, 1, 100000000);
        else if (strcmp(name, "--lr") == 0) {
            o->hyper.lr = (float)parse_number(o, name, value, 0, 10, 1, 0, "a number in (0, 10]");
            if (o->hyper.lr < 1e-30f)
                bad_option(o, name, value, "a number in [1e-30, 10] (a float holds no less)");
            o->given_lr = 1;
        } else if (strcmp(name, "--momentum") == 0) {
            o->hyper.momentum = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
            o->given_momentum = 1;
        } else if (strcmp(name, "--alpha") == 0) {
            o->hyper.alpha = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
            o->given_alpha = 1;
        } else if (strcmp(name, "--rho") == 0) {
            o->hyper.rho = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
            o->given_rho = 1;
        } else if (strcmp(name, "--beta1") == 0) {
            o->hyper.beta1 = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
            o->given_beta1 = 1;
        } else if (strcmp(name, "--beta2") == 0) {
            o->hyper.beta2 = (float)parse_number(o, name, value, 0, 1, 0, 1, "a number in [0, 1)");
            o->given_beta2 = 1;
        } else if (strcmp(name, "--eps") == 0) {
            o->hyper.eps = (float)parse_number(o, name, value, 0, 1, 1, 0, "a number in (0, 1]");
            if (o->hyper.eps < 1e-30f) /* a float rounds smaller values to 0 or a denormal */
                bad_option(o, name, value, "a number in [1e-30, 1] (a float holds no less)");
            o->given_eps = 1;
        } else if (strcmp(name, "--weight-decay") == 0) {
            o->hyper.weight_decay = (float)parse_number(o, name, value, 0, 1, 0, 0, "a number in [0, 1]");
            o->given_weight_decay = 1;
        } else if (strcmp(name, "--momentum-decay") == 0) {
            o->hyper.momentum_decay = (float)parse_number(o, name, value, 0, 1, 0, 0, "a number in [0, 1]");
            o->given_momentum_decay = 1;
        } else if (strcmp(name, "--gamma") == 0)
            o->gamma = parse_number(o, name, value, 0, 1e6, 0, 0, "a number in [0, 1e6]");
        else if (strcmp(name, "--min-lr") == 0)
            o->min_lr = parse_number(o, name, value, 0, 10, 0, 0, "a number in [0, 10]");
        else if (strcmp(name, "--d-model") == 0)
            o->d_model = parse_number(o, name, value, 1, 1e6, 0, 0, "a number in [1, 1e6]");
        else if (strcmp(name, "--step-size") == 0) o->step_size = parse_count(o, name, value, 1, 100000000);
        else if (strcmp(name, "--warmup") == 0) o->warmup = parse_count(o, name, value, 1, 100000000);
        else if (strcmp(name, "--total-steps") == 0) o->total_steps = parse_count(o, name, value, 1, 100000000);
        else if (strcmp(name, "--epochs") == 0) o->epochs = parse_count(o, name, value, 1, TRAIN_MAX_EPOCHS);
        else if (strcmp(name, "--steps") == 0) o->steps = parse_count(o, name, value, 1, 1000000);
        else if (strcmp(name, "--batch") == 0) o->batch = (size_t)parse_count(o, name, value, 1, 100000);
        else if (strcmp(name, "--limit") == 0) o->limit = (size_t)parse_count(o, name, value, 1, 100000000);
        else if (strcmp(name, "--seed") == 0) {
            char *end;
            errno = 0;
            o->seed = strtoull(value, &end, 10);
            if (end == value || *end != '\0' || errno != 0 || value[0] == '-')
                bad_option(o, name, value, "a whole number from 0 to 18446744073709551615");
        } else {
            fprintf(stderr, "descent %s: unknown option %s (descent help lists the options)\n",
                    o->command, name);
            exit(2);
        }
    }
}

/* The optimizer's defaults, overridden by whatever the command line gave. */
static struct hyperparameters hyper_for(const struct options *o, const struct optimizer_kind *k)
{
    struct hyperparameters h = k->defaults;
    if (o->given_lr) h.lr = o->hyper.lr;
    if (o->given_momentum) h.momentum = o->hyper.momentum;
    if (o->given_alpha) h.alpha = o->hyper.alpha;
    if (o->given_rho) h.rho = o->hyper.rho;
    if (o->given_beta1) h.beta1 = o->hyper.beta1;
    if (o->given_beta2) h.beta2 = o->hyper.beta2;
    if (o->given_eps) h.eps = o->hyper.eps;
    if (o->given_weight_decay) h.weight_decay = o->hyper.weight_decay;
    if (o->given_momentum_decay) h.momentum_decay = o->hyper.momentum_decay;
    return h;
}

static const struct optimizer_kind *find_optimizer(const struct options *o, const char *name)
{
    const struct optimizer_kind *kind = optimizer_find(name);
    if (kind == NULL) {
        char allowed[256] = "one of";
        size_t count;
        const struct optimizer_kind *const *kinds = optimizer_list(&count);
        for (size_t i = 0; i < count; i++) {
            strncat(allowed, i == 0 ? " " : ", ", sizeof allowed - strlen(allowed) - 1);
            strncat(allowed, kinds[i]->name, sizeof allowed - strlen(allowed) - 1);
        }
        bad_option(o, "--optimizer", name, allowed);
    }
    return kind;
}

enum { MAX_COMPARED = 8 };  /* optimizers in one comparison or one picture */

/* Splits the optimizer list "a,b,c" of `option` into names (in place, in
 * list[size]) and returns how many. Refused, with one line: an empty list or
 * an empty name ("a,,b"), an unknown name, a name given twice (the same
 * curve drawn twice hides nothing but wastes a run), more than MAX_COMPARED
 * names, or a list too long for the buffer. */
static size_t parse_optimizer_list(const struct options *o, const char *option, char *list,
                                   size_t size, char **names)
{
    const char *given = o->optimizer;
    if ((size_t)snprintf(list, size, "%s", given) >= size)
        bad_option(o, option, given, "a shorter list of optimizer names");
    size_t count = 0;
    for (char *name = list;;) {
        char *comma = strchr(name, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*name == '\0')
            bad_option(o, option, given, "a comma-separated list of optimizer names, none empty");
        if (count == MAX_COMPARED) {
            char expected[64];
            snprintf(expected, sizeof expected, "at most %d optimizers", MAX_COMPARED);
            bad_option(o, option, given, expected);
        }
        find_optimizer(o, name); /* refuses an unknown name */
        for (size_t i = 0; i < count; i++)
            if (strcmp(names[i], name) == 0) {
                char expected[96];
                snprintf(expected, sizeof expected, "each optimizer once (%s is named twice)",
                         name);
                bad_option(o, option, given, expected);
            }
        names[count++] = name;
        if (comma == NULL)
            return count;
        name = comma + 1;
    }
}

/* ---- Output files: checked before any work ---------------------------------------- */

struct named_path {
    const char *option;  /* "--log" */
    const char *path;    /* NULL: not given */
};

/* Whether two paths name one file: the same text, or two names (a hard
 * link, "./x" and "x") of one existing file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Refuses, before any training, an output that cannot be written safely:
 * a device, FIFO, directory or symbolic link (rename() would replace the
 * link, or fail on a device after the whole run), or two outputs naming
 * one file (the second would overwrite the first). `reads`, if given, is
 * the checkpoint being resumed: only --checkpoint and --best-checkpoint
 * may write it again. Then removes the .tmp files a killed run left. */
static void check_outputs(const struct options *o, const struct named_path *outputs,
                          size_t count, const struct named_path *reads)
{
    for (size_t i = 0; i < count; i++) {
        const struct named_path *out = &outputs[i];
        if (out->path == NULL)
            continue;
        const char *problem = output_path_problem(out->path);
        if (problem != NULL) {
            fprintf(stderr, "descent %s: %s: expected a regular file or a new path, got \"%s\" "
                    "(%s)\n", o->command, out->option, out->path, problem);
            exit(2);
        }
        for (size_t j = 0; j < i; j++)
            if (outputs[j].path != NULL && same_file(outputs[j].path, out->path)) {
                fprintf(stderr, "descent %s: %s: expected a file other than %s's, got \"%s\" "
                        "(both name the same file)\n", o->command, out->option,
                        outputs[j].option, out->path);
                exit(2);
            }
        if (reads != NULL && reads->path != NULL && strcmp(out->option, "--checkpoint") != 0 &&
            strcmp(out->option, "--best-checkpoint") != 0 && same_file(reads->path, out->path)) {
            fprintf(stderr, "descent %s: %s: expected a file other than %s's, got \"%s\" "
                    "(writing it would destroy the checkpoint)\n", o->command, out->option,
                    reads->option, out->path);
            exit(2);
        }
    }
    for (size_t i = 0; i < count; i++)
        if (outputs[i].path != NULL)
            output_remove_stale(outputs[i].path);
}

/* ---- train and compare --------------------------------------------------------- */

static void load_data(const struct options *o, struct dataset *train_set, struct dataset *test_set)
{
    char images[1024], labels[1024];
    struct error err;
    snprintf(images, sizeof images, "%s/train-images.idx3-ubyte", o->data);
    snprintf(labels, sizeof labels, "%s/train-labels.idx1-ubyte", o->data);
    if (dataset_load(train_set, images, labels, &err) != 0) {
        fprintf(stderr, "descent %s: %s\n", o->command, err.message);
        exit(1);
    }
    snprintf(images, sizeof images, "%s/test-images.idx3-ubyte", o->data);
    snprintf(labels, sizeof labels, "%s/test-labels.idx1-ubyte", o->data);
    if (dataset_load(test_set, images, labels, &err) != 0) {
        fprintf(stderr, "descent %s: %s\n", o->command, err.message);
        dataset_free(train_set);
        exit(1);
    }
    if (train_set->rows * train_set->cols != MODEL_INPUTS ||
        test_set->rows * test_set->cols != MODEL_INPUTS) {
        fprintf(stderr, "descent %s: %s: images are %zux%zu; the models take 28x28\n",
                o->command, o->data, train_set->rows, train_set->cols);
        exit(1);
    }
}

static struct train_config config_for(const struct options *o, const struct optimizer_kind *kind,
                                      size_t example_count)
{
    struct train_config c = {0};
    if (strcmp(o->model, "mlp") == 0)
        c.model = MODEL_MLP;
    else if (strcmp(o->model, "cnn") == 0)
        c.model = MODEL_CNN;
    else
        bad_option(o, "--model", o->model, "mlp or cnn");
    c.optimizer = kind;
    c.hyper = hyper_for(o, kind);
    if (schedule_kind_from_name(o->schedule, &c.schedule.kind) != 0)
        bad_option(o, "--schedule", o->schedule,
                   "constant, step, exponential, inverse-time, cosine, warmup, warmup-cosine "
                   "or inverse-sqrt");
    size_t used = o->limit > 0 && o->limit < example_count ? o->limit : example_count;
    long per_epoch = (long)((used + o->batch - 1) / o->batch);
    /* gamma means a factor per epoch for step decay, per step for the others. */
    if (o->gamma >= 0.0)
        c.schedule.gamma = o->gamma;
    else if (c.schedule.kind == SCHEDULE_EXPONENTIAL)
        c.schedule.gamma = 0.999;
    else if (c.schedule.kind == SCHEDULE_INVERSE_TIME)
        c.schedule.gamma = 0.01;
    else
        c.schedule.gamma = 0.5;
    c.schedule.step_size = o->step_size > 0 ? o->step_size : per_epoch;
    c.schedule.total_steps = o->total_steps > 0 ? o->total_steps : per_epoch * o->epochs;
    /* Without --warmup: a tenth of the run (at least one step). */
    c.schedule.warmup_steps = o->warmup > 0 ? o->warmup
                                            : (c.schedule.total_steps / 10 > 1
                                                   ? c.schedule.total_steps / 10 : 1);
    c.schedule.min_lr = o->min_lr;
    c.schedule.d_model = o->d_model;
    c.epochs = o->epochs;
    c.batch = o->batch;
    c.seed = o->seed;
    c.shuffle = o->shuffle;
    c.train_limit = o->limit;
    c.progress = o->progress;
    c.clip_norm = o->clip_norm;
    c.grad_noise_eta = o->grad_noise;
    c.grad_noise_gamma = o->grad_noise_gamma;
    c.validation_count = o->validation;
    c.dropout = o->dropout;
    c.batch_norm = o->batch_norm;
    if (c.batch_norm && c.model == MODEL_MLP && c.batch < 2)
        bad_option(o, "--batch-norm", "--batch 1", "--batch 2 or more with --model mlp (a "
                   "batch of one has no variance)");
    return c;
}

/* Lesson 14's early stopping, run after every epoch of `descent train`. */
struct stopping_watch {
    struct early_stopping state;
    const char *best_checkpoint;  /* where the best epoch is saved; NULL: nowhere */
    int failed;                   /* a checkpoint could not be written */
};

static int after_epoch(void *context, const struct epoch_report *report)
{
    struct stopping_watch *watch = context;
    printf("    validation loss %.4f, validation accuracy %.2f%%\n", report->validation_loss,
           100.0 * report->validation_accuracy);
    if (watch == NULL)
        return 0;
    enum early_stopping_decision decision =
        early_stopping_update(&watch->state, report->epoch, report->validation_loss);
    if (decision == EARLY_STOPPING_NEW_BEST && watch->best_checkpoint != NULL) {
        struct error err;
        if (train_checkpoint_now(report->run, watch->best_checkpoint, &err) != 0) {
            fprintf(stderr, "descent train: %s\n", err.message);
            watch->failed = 1;
            return 1;
        }
    }
    if (decision == EARLY_STOPPING_STOP) {
        printf("early stopping after epoch %ld: no better validation loss for %ld epochs; the "
               "best was %.4f at epoch %ld%s%s\n", report->epoch,
               watch->state.epochs_without_improvement, watch->state.best_loss,
               watch->state.best_epoch, watch->best_checkpoint ? ", saved in " : "",
               watch->best_checkpoint ? watch->best_checkpoint : "");
        return 1;
    }
    return 0;
}

static int command_train(struct options *o)
{
    const struct named_path outputs[] = {
        {"--log", o->log}, {"--plot", o->plot}, {"--checkpoint", o->checkpoint},
        {"--best-checkpoint", o->best_checkpoint},
    };
    const struct named_path resumed = {"--resume", o->resume};
    check_outputs(o, outputs, sizeof outputs / sizeof outputs[0], &resumed);
    struct dataset train_set, test_set;
    load_data(o, &train_set, &test_set);
    const struct optimizer_kind *kind = find_optimizer(o, o->optimizer);
    struct train_config c = config_for(o, kind, train_set.count);
    c.log_path = o->log;
    c.plot_path = o->plot;
    c.checkpoint_path = o->checkpoint;
    c.resume_path = o->resume;
    struct stopping_watch watch = {.best_checkpoint = o->best_checkpoint};
    if (o->patience > 0 && o->validation == 0)
        bad_option(o, "--early-stopping", "(no --validation)", "a validation set: add "
                   "--validation N");
    if (o->best_checkpoint != NULL && o->patience == 0)
        bad_option(o, "--best-checkpoint", o->best_checkpoint, "--early-stopping P as well");
    if (o->validation > 0) {
        c.after_epoch = after_epoch;
        if (o->patience > 0) {
            early_stopping_init(&watch.state, o->patience, o->min_delta);
            c.after_epoch_context = &watch;
        }
    }
    printf("training the %s with %s (lr %g, schedule %s) for %ld epochs, batch %zu, seed %llu\n",
           o->model, kind->name, (double)c.hyper.lr, o->schedule, c.epochs, c.batch,
           (unsigned long long)c.seed);
    if (c.dropout > 0.0f || c.batch_norm)
        printf("with lesson 17's layers: dropout %g, batch normalization %s\n",
               (double)c.dropout, c.batch_norm ? "on" : "off");
    struct train_result result;
    struct error err;
    int status = train(&c, &train_set, &test_set, &result, &err);
    if (watch.failed)
        status = -1;
    else if (status != 0)
        fprintf(stderr, "descent train: %s\n", err.message);
    else
        printf("done: %ld steps, test accuracy %.2f%%, %.1f s\n", result.steps,
               100.0 * result.test_accuracy, result.seconds);
    if (o->log != NULL)
        printf("log: %s\n", o->log);
    if (o->plot != NULL)
        printf("plot: %s\n", o->plot);
    train_result_free(&result);
    dataset_free(&train_set);
    dataset_free(&test_set);
    return status == 0 ? 0 : 1;
}

/* One step of an optimizer on four numbers: a trial for lesson_written()
 * (todo.h). Its state lives on the stack, so a trial that stops half-way
 * leaves nothing allocated. */
static void try_optimizer(void *context)
{
    const struct optimizer_kind *kind = context;
    float w[4] = {1.0f, -1.0f, 0.5f, 2.0f};
    const float g[4] = {0.1f, -0.2f, 0.3f, -0.4f};
    float state[OPTIMIZER_MAX_STATE][4] = {{0}};
    struct optimizer opt = {.kind = kind, .hyper = kind->defaults, .n = 4,
                            .state = {state[0], state[1], state[2]}};
    optimizer_step(&opt, w, g, kind->defaults.lr);
}

/* Keeps, of the named optimizers, those whose kernels are written (in
 * place; returns how many), and names the others on stderr: `descent
 * compare` compares what you have written so far. */
static size_t keep_written_optimizers(const struct options *o, char **names, size_t count)
{
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        const struct optimizer_kind *kind = find_optimizer(o, names[i]);
        if (lesson_written(try_optimizer, (void *)kind))
            names[kept++] = names[i];
        else
            fprintf(stderr, "descent compare: skipping %s: its kernel (lessons/%s) is not "
                    "written yet\n", kind->name, kind->lesson);
    }
    return kept;
}

static int command_compare(struct options *o)
{
    const struct named_path outputs[] = {{"--plot", o->plot}};
    check_outputs(o, outputs, 1, NULL);
    char list[256];
    char *names[MAX_COMPARED];
    size_t listed = parse_optimizer_list(o, "--optimizers", list, sizeof list, names);
    struct dataset train_set, test_set;
    load_data(o, &train_set, &test_set);
    size_t count = keep_written_optimizers(o, names, listed);
    if (count == 0) {
        fprintf(stderr, "descent compare: none of %s is written yet: nothing to compare\n",
                o->optimizer);
        dataset_free(&train_set);
        dataset_free(&test_set);
        return 3;
    }
    struct train_result results[MAX_COMPARED];
    struct svg_series series[MAX_COMPARED];
    double *steps[MAX_COMPARED] = {0};
    int failures = 0;
    printf("comparing on the %s, %ld epochs, batch %zu, seed %llu (same initial weights)\n",
           o->model, o->epochs, o->batch, o->seed);
    printf("%-10s %10s %12s %11s %13s %9s\n", "optimizer", "lr", "train loss", "test loss",
           "test accuracy", "seconds");
    for (size_t i = 0; i < count; i++) {
        const struct optimizer_kind *kind = find_optimizer(o, names[i]);
        struct train_config c = config_for(o, kind, train_set.count);
        c.quiet = 1;
        struct error err;
        if (train(&c, &train_set, &test_set, &results[i], &err) != 0) {
            fprintf(stderr, "descent compare: %s: %s\n", kind->name, err.message);
            failures++;
        }
        printf("%-10s %10g %12.4f %11.4f %12.2f%% %9.1f\n", kind->name, (double)c.hyper.lr,
               results[i].final_train_loss, results[i].test_loss,
               100.0 * results[i].test_accuracy, results[i].seconds);
        size_t n = (size_t)results[i].steps;
        steps[i] = malloc((n + 1) * sizeof(double));
        for (size_t s = 0; steps[i] != NULL && s < n; s++)
            steps[i][s] = (double)(s + 1);
        series[i] = (struct svg_series){names[i], steps[i], results[i].step_loss,
                                        steps[i] != NULL ? n : 0};
    }
    int status = failures == 0 ? 0 : 1;
    if (o->plot != NULL) {
        char title[128];
        snprintf(title, sizeof title, "Training loss of the %s, by optimizer", o->model);
        const struct line_chart chart = {.title = title, .x_label = "step",
                                         .y_label = "batch loss (log scale)", .log_y = 1,
                                         .series = series, .series_count = count};
        struct error err;
        if (svg_write_line_chart(o->plot, &chart, &err) != 0) {
            fprintf(stderr, "descent compare: %s\n", err.message);
            status = 1;
        } else {
            printf("plot: %s\n", o->plot);
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(steps[i]);
        train_result_free(&results[i]);
    }
    dataset_free(&train_set);
    dataset_free(&test_set);
    return status;
}

/* ---- trajectory -------------------------------------------------------------- */

static const struct surface *drawn_surface;
static double surface_value(double x, double y, const void *context)
{
    (void)context;
    return drawn_surface->value(x, y);
}

/* The start point of --start "X,Y": two finite numbers within 1e6 of the origin. */
static void parse_start(const struct options *o, double *x, double *y)
{
    const char *expected = "two numbers X,Y in [-1e6, 1e6], e.g. -10,1";
    char text[128];
    if ((size_t)snprintf(text, sizeof text, "%s", o->start) >= sizeof text)
        bad_option(o, "--start", o->start, expected);
    char *comma = strchr(text, ',');
    if (comma == NULL)
        bad_option(o, "--start", o->start, expected);
    *comma = '\0';
    *x = parse_number(o, "--start", text, -1e6, 1e6, 0, 0, expected);
    *y = parse_number(o, "--start", comma + 1, -1e6, 1e6, 0, 0, expected);
}

/* The schedule of --schedule for a run of `steps` steps at base rate lr;
 * returns 0 for the constant rate (no schedule: lesson 09 is not needed;
 * or lesson 09 is not written yet, and a fallback line says so), 1 when *s
 * holds a schedule that lesson 09's schedule_validate accepted. */
/* A trial of lesson 09 (todo.h, lesson_written) on the run's schedule. */
static void try_schedule(void *context)
{
    const struct schedule *s = context;
    struct error ignored;
    if (schedule_validate(s, &ignored) == 0)
        (void)schedule_lr(s, 0);
}

static int trajectory_settings(const struct options *o, float lr, struct schedule *s)
{
    enum schedule_kind kind;
    if (schedule_kind_from_name(o->schedule, &kind) != 0)
        bad_option(o, "--schedule", o->schedule,
                   "constant, step, exponential, inverse-time, cosine, warmup, warmup-cosine "
                   "or inverse-sqrt");
    if (kind == SCHEDULE_CONSTANT)
        return 0;
    const struct schedule given = {.gamma = o->gamma, .step_size = o->step_size,
                                   .warmup_steps = o->warmup, .total_steps = o->total_steps,
                                   .min_lr = o->min_lr, .d_model = o->d_model};
    trajectory_schedule(s, kind, lr, o->steps, &given);
    if (!lesson_written(try_schedule, s)) {
        /* As training does (train.c): the constant rate, and a line that says
         * so for each rate (optimizers may run at different ones). */
        static float told_lr = -1.0f;
        if (lr == told_lr)
            return 0;
        told_lr = lr;
        fprintf(stderr, "fallback: the constant rate %g instead of the schedule %s, until you "
                "write lesson 09's schedule_lr and schedule_validate "
                "(lessons/09-schedules/schedules.c)\n", (double)lr, schedule_kind_name(kind));
        return 0;
    }
    struct error err;
    if (schedule_validate(s, &err) != 0) {
        fprintf(stderr, "descent trajectory: %s\n", err.message);
        exit(2);
    }
    return 1;
}

static int command_trajectory(struct options *o)
{
    const struct surface *surface = surface_by_name(o->function);
    if (surface == NULL)
        bad_option(o, "--function", o->function, "valley, rosenbrock, saddle or beale");
    drawn_surface = surface;
    double start_x = surface->start_x, start_y = surface->start_y;
    if (o->start != NULL) {
        parse_start(o, &start_x, &start_y);
        /* The picture shows the surface's box only: a path that started
         * outside it would begin off the picture, with no start marker. */
        if (start_x < surface->x_min || start_x > surface->x_max ||
            start_y < surface->y_min || start_y > surface->y_max) {
            char box[160];
            snprintf(box, sizeof box, "a point of %s's picture, X in [%g, %g] and Y in "
                     "[%g, %g]", surface->name, surface->x_min, surface->x_max,
                     surface->y_min, surface->y_max);
            bad_option(o, "--start", o->start, box);
        }
    }
    const struct named_path outputs[] = {{"--svg", o->svg}};
    check_outputs(o, outputs, 1, NULL);
    char list[256];
    char *names[MAX_COMPARED];
    size_t count = parse_optimizer_list(o, "--optimizer", list, sizeof list, names);
    struct svg_path paths[MAX_COMPARED];
    double *xs[MAX_COMPARED] = {0}, *ys[MAX_COMPARED] = {0};
    size_t points = (size_t)o->steps + 1;
    struct trajectory_point *path = malloc(points * sizeof *path);
    int status = 0;
    if (path == NULL) {
        fprintf(stderr, "descent trajectory: out of memory\n");
        return 1;
    }
    printf("%s: %s, from (%g, %g), %ld steps%s%s\n", surface->name, surface->formula, start_x,
           start_y, o->steps, strcmp(o->schedule, "constant") != 0 ? ", schedule " : "",
           strcmp(o->schedule, "constant") != 0 ? o->schedule : "");
    for (size_t i = 0; i < count; i++) {
        const struct optimizer_kind *kind = find_optimizer(o, names[i]);
        struct schedule schedule;
        struct trajectory_run run = {surface, kind, hyper_for(o, kind), NULL,
                                     start_x, start_y, o->steps};
        if (trajectory_settings(o, run.hyper.lr, &schedule))
            run.schedule = &schedule;
        struct error err;
        size_t drawn;
        xs[i] = malloc(points * sizeof(double));
        ys[i] = malloc(points * sizeof(double));
        if (xs[i] == NULL || ys[i] == NULL || trajectory_follow(&run, path, &drawn, &err) != 0) {
            fprintf(stderr, "descent trajectory: out of memory\n");
            return 1;
        }
        for (size_t p = 0; p < drawn; p++) {
            xs[i][p] = path[p].x;
            ys[i][p] = path[p].y;
        }
        const struct trajectory_point *end = &path[drawn - 1];
        char settings[64]; /* the rate, and mu for the two momentum methods */
        if (strcmp(kind->name, "momentum") == 0 || strcmp(kind->name, "nesterov") == 0)
            snprintf(settings, sizeof settings, "lr %g mu %g", (double)run.hyper.lr,
                     (double)run.hyper.momentum);
        else
            snprintf(settings, sizeof settings, "lr %g", (double)run.hyper.lr);
        if (isfinite(end->f))
            printf("  %-10s %-15s end (%.6g, %.6g)  f = %.6g\n", kind->name, settings,
                   (double)end->x, (double)end->y, end->f);
        else
            printf("  %-10s %-15s diverged after %zu steps (try a smaller --lr)\n",
                   kind->name, settings, drawn - 1);
        if (o->exact)
            printf("  %-10s exact end after %ld steps: x = %a, y = %a\n", kind->name,
                   end->step, (double)end->x, (double)end->y);
        paths[i] = (struct svg_path){names[i], xs[i], ys[i], drawn};
    }
    free(path);
    char title[160];
    snprintf(title, sizeof title, "%s: %s", surface->name, surface->formula);
    const struct contour_plot plot = {
        .title = title, .f = surface_value,
        .x_min = surface->x_min, .x_max = surface->x_max,
        .y_min = surface->y_min, .y_max = surface->y_max,
        .level_count = 14, .log_levels = strcmp(surface->name, "saddle") != 0,
        .paths = paths, .path_count = count,
        .marker_x = surface->minimum_x, .marker_y = surface->minimum_y,
        .marker_label = strcmp(surface->name, "saddle") == 0 ? "saddle point" : "minimum",
    };
    struct error err;
    if (svg_write_contour_plot(o->svg, &plot, &err) != 0) {
        fprintf(stderr, "descent trajectory: %s\n", err.message);
        status = 1;
    } else {
        printf("picture: %s\n", o->svg);
    }
    for (size_t i = 0; i < count; i++) {
        free(xs[i]);
        free(ys[i]);
    }
    return status;
}

int main(int argc, char **argv)
{
    struct options o = {
        .model = "mlp", .schedule = "constant", .data = "data", .function = "valley",
        .svg = "trajectory.svg", .gamma = -1.0, .min_lr = 0.0, .d_model = 512.0,
        .epochs = 5, .steps = 100, .batch = 64, .seed = 1, .shuffle = 1, .progress = 1,
        .grad_noise_gamma = 0.55,
    };
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    o.command = argv[1];
    if (strcmp(o.command, "train") == 0) {
        o.optimizer = "momentum";
        parse_options(&o, argc, argv);
        return command_train(&o);
    }
    if (strcmp(o.command, "compare") == 0) {
        o.optimizer = "sgd,momentum,adam";
        o.progress = 0;
        parse_options(&o, argc, argv);
        return command_compare(&o);
    }
    if (strcmp(o.command, "trajectory") == 0) {
        o.optimizer = "sgd,momentum";
        parse_options(&o, argc, argv);
        return command_trajectory(&o);
    }
    fprintf(stderr, "descent: unknown command \"%s\": expected train, compare, trajectory or "
                    "help\n", o.command);
    return 2;
}
