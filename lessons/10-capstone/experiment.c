/* experiment.c -- lesson 10's experiment (given code: read it, run it).
 *
 *   make run LESSON=10                  with your lessons
 *
 * Part 1, "The experiment: every optimizer, three seeds": every optimizer
 * the trainer knows (optimizer_list, so one you add later appears here by
 * itself) trains the MLP and the CNN with seeds 1, 2 and 3, at its default
 * learning rate, with the same budget for all. Then the optimizer with the
 * best mean accuracy on each model trains once more with every seed, with
 * lesson 09's warmup-cosine schedule (its row is named like "adam+wcos"),
 * and once more at the constant rate with lesson 17's batch normalization
 * ("adam+bn": the MLP's hidden layer, the CNN's convolutions).
 * Your build_comparison_table turns the runs into the table, printed here
 * and written to table.md and table.csv; the figures show the loss against
 * steps and against seconds, and the test accuracy against steps.
 * Part 2, "The experiment: learning-rate sensitivity": every optimizer
 * trains the MLP for one epoch at five learning rates around its default.
 *
 * It trains with every lesson's code: your shuffle (02), batches (03) and
 * schedule (09) when written (until then the trainer stands in for them and
 * prints one "fallback:" line each); of the optimizers (lessons 01, 04-08,
 * 11, 12) it compares those you have written and says which it skipped; the
 * warmup-cosine and batch-norm rows wait for lessons 09 and 17.
 *
 * Usage: experiment OUTPUT_FOLDER   (figures and tables are written there) */
#include "lessons.h"
#include "lesson10.h"
#include "output_file.h"
#include "svg.h"
#include "todo.h"
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- The budget ------------------------------------------------------------------ */

#define TARGET_ACCURACY 0.90   /* "steps and seconds to 90% test accuracy" */
#define BATCH 64               /* 8000 examples: 125 steps per epoch */
#define EVAL_EVERY 25          /* test accuracy every 25 steps: 5 per epoch */
#define SEED_COUNT 3
#define MAX_OPTIMIZERS 16
#define MAX_CONTENDERS (MAX_OPTIMIZERS + 2) /* every optimizer, one with a schedule, one
                                                with batch norm */
#define NAME_WIDTH 13                        /* the table's optimizer column */

static const uint64_t seeds[SEED_COUNT] = {1, 2, 3};

/* Each model's budget, the same for every optimizer and seed. The CNN
 * costs about eight MLPs per epoch, so it gets one epoch to keep the whole
 * experiment within a few minutes on one core. The batch-norm row costs
 * about 1 s of CPU on the MLP and 5 s on the CNN (of about 50 s). */
struct model_budget {
    enum model_kind model;
    const char *name;
    long epochs;
    int batch_norm_row;    /* 1: the best optimizer again with batch norm (lesson 17) */
};
static const struct model_budget budgets[] = {
    {MODEL_MLP, "mlp", 2, 1},
    {MODEL_CNN, "cnn", 1, 1},
};
enum { MODEL_COUNT = sizeof budgets / sizeof budgets[0] };

/* The sensitivity sweep: lr = default * 10^(k/2) for k = -2 .. 2. */
#define SWEEP_COUNT 5
static const double sweep_exponents[SWEEP_COUNT] = {-1.0, -0.5, 0.0, 0.5, 1.0};

/* ---- Small helpers ---------------------------------------------------------------- */

/* DESCENT_QUICK=1 in the environment (make check sets it) trains every run
 * on the first 640 digits only: the same code path in seconds instead of
 * minutes, for checking that the experiment works; its numbers mean little. */
static size_t quick_train_limit(void)
{
    const char *quick = getenv("DESCENT_QUICK");
    return quick != NULL && quick[0] != '\0' && strcmp(quick, "0") != 0 ? 640 : 0;
}

static int load(struct dataset *train_set, struct dataset *test_set)
{
    struct error err;
    if (dataset_load_course_digits(train_set, test_set, &err) != 0) {
        fprintf(stderr, "experiment: %s (run it from the top of the repository: make run "
                        "LESSON=10)\n", err.message);
        return -1;
    }
    return 0;
}

static void join_path(char *path, size_t size, const char *folder, const char *file)
{
    snprintf(path, size, "%s/%s", folder, file);
}

static int write_chart(const char *folder, const char *file, const struct line_chart *chart)
{
    char path[1024];
    struct error err;
    join_path(path, sizeof path, folder, file);
    if (svg_write_line_chart(path, chart, &err) != 0) {
        fprintf(stderr, "experiment: %s\n", err.message);
        return -1;
    }
    printf("  wrote %s\n", path);
    return 0;
}

/* The configuration every run shares: constant rate, shuffled batches of
 * 64, evaluations every 25 steps, nothing written, nothing printed. */
static struct train_config config_for(enum model_kind model, const struct optimizer_kind *kind,
                                      double lr, long epochs, uint64_t seed)
{
    struct train_config c = {
        .model = model, .optimizer = kind, .hyper = kind->defaults,
        .schedule = {.kind = SCHEDULE_CONSTANT},
        .epochs = epochs, .batch = BATCH, .seed = seed, .shuffle = 1,
        .eval_every = EVAL_EVERY, .quiet = 1, .train_limit = quick_train_limit(),
    };
    c.hyper.lr = (float)lr;
    return c;
}

/* ---- Which optimizers are written ------------------------------------------------------- */

/* 1 if the optimizer's kernel is written: one step on four numbers, tried in
 * a child process, because an unwritten kernel ends its process with
 * not_implemented() (todo.h) and a broken one may crash. */
static int is_written(const struct optimizer_kind *kind)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        if (freopen("/dev/null", "w", stderr) == NULL)
            _exit(1);
        float w[4] = {1.0f, -1.0f, 0.5f, 2.0f};
        const float g[4] = {0.1f, -0.2f, 0.3f, -0.4f};
        struct optimizer opt;
        if (optimizer_create(&opt, kind, &kind->defaults, 4, NULL) != 0)
            _exit(1);
        optimizer_step(&opt, w, g, kind->defaults.lr);
        _exit(0);
    }
    int status = 0;
    return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/* The trainer's optimizers whose kernels are written, in lesson order. */
static const struct optimizer_kind *const *written_optimizers(size_t *count)
{
    static const struct optimizer_kind *written[MAX_OPTIMIZERS];
    static size_t written_count;
    static int probed;
    if (!probed) {
        size_t all;
        const struct optimizer_kind *const *kinds = optimizer_list(&all);
        for (size_t i = 0; i < all && written_count < MAX_OPTIMIZERS; i++) {
            if (is_written(kinds[i]))
                written[written_count++] = kinds[i];
            else
                printf("  (skipping %s: its kernel in lessons/%s is not written yet)\n",
                       kinds[i]->name, kinds[i]->lesson);
        }
        probed = 1;
    }
    *count = written_count;
    return written;
}

/* ---- Part 1: every optimizer, every seed ------------------------------------------------ */

/* One row of the comparison: an optimizer at its default rate, with the
 * constant rate or with lesson 09's warmup-cosine schedule peaking at it,
 * in the plain model or with lesson 17's batch normalization. */
struct contender {
    const struct optimizer_kind *kind;
    const char *name;           /* the row's name: "adam", "adam+wcos" or "adam+bn" */
    int warmup_cosine;          /* 1: the warmup-cosine schedule, 0: the constant rate */
    int batch_norm;             /* 1: with batch normalization, 0: without */
};

struct comparison {
    size_t optimizer_count;     /* the written optimizers: the first contenders of each model */
    const struct optimizer_kind *const *kinds;
    size_t contender_count[MODEL_COUNT];
    struct contender contenders[MODEL_COUNT][MAX_CONTENDERS];
    char scheduled_name[MODEL_COUNT][32], normalized_name[MODEL_COUNT][32];
    /* [model][contender][seed] */
    struct train_result results[MODEL_COUNT][MAX_CONTENDERS][SEED_COUNT];
    double training_seconds, wall_seconds; /* summed over all runs */
};

/* Lesson 09's warmup-cosine schedule over a whole run of total_steps, as
 * the trainer's command line sets it up (lesson 09, "Warmup followed by
 * cosine"): a linear
 * warmup over the first tenth of the steps to the optimizer's default rate,
 * then a cosine decay to 0 at the last step. */
static struct schedule warmup_cosine(double lr, long total_steps)
{
    long warmup = total_steps / 10 > 1 ? total_steps / 10 : 1;
    return (struct schedule){.kind = SCHEDULE_WARMUP_COSINE, .base_lr = lr,
                             .warmup_steps = warmup, .total_steps = total_steps,
                             .min_lr = 0.0};
}

/* One step of each phase of the schedule, for lesson_written (todo.h). */
static void try_warmup_cosine(void *context)
{
    const struct schedule *s = context;
    struct error ignored;
    (void)schedule_validate(s, &ignored);
    (void)schedule_lr(s, 0);
    (void)schedule_lr(s, s->warmup_steps);
}

/* Trains contender o of model m with seed number s, and prints its accuracy. */
static int train_contender(struct comparison *c, size_t m, size_t o, size_t s,
                           const struct dataset *train_set, const struct dataset *test_set)
{
    const struct model_budget *b = &budgets[m];
    const struct contender *who = &c->contenders[m][o];
    struct train_config config =
        config_for(b->model, who->kind, who->kind->defaults.lr, b->epochs, seeds[s]);
    if (who->warmup_cosine) /* the same total steps as the constant-rate runs */
        config.schedule = warmup_cosine(who->kind->defaults.lr, c->results[m][0][s].steps);
    config.batch_norm = who->batch_norm;
    struct train_result *r = &c->results[m][o][s];
    struct error err;
    if (train(&config, train_set, test_set, r, &err) != 0) {
        printf("\n");
        fprintf(stderr, "experiment: %s, %s, seed %llu: %s\n", b->name, who->name,
                (unsigned long long)seeds[s], err.message);
        return -1;
    }
    printf(" %s %.2f", who->name, 100.0 * r->test_accuracy);
    c->training_seconds += r->eval_seconds[r->eval_count - 1];
    c->wall_seconds += r->seconds;
    fflush(stdout);
    return 0;
}

/* The constant-rate contender of model m with the best mean final accuracy
 * over the seeds (the first one on a tie). */
static size_t best_constant_rate(const struct comparison *c, size_t m)
{
    size_t best = 0;
    double best_mean = -1.0;
    for (size_t o = 0; o < c->optimizer_count; o++) {
        double sum = 0.0;
        for (size_t s = 0; s < SEED_COUNT; s++)
            sum += c->results[m][o][s].test_accuracy;
        if (sum / SEED_COUNT > best_mean) {
            best_mean = sum / SEED_COUNT;
            best = o;
        }
    }
    return best;
}

/* Adds model m's best optimizer at a constant rate again, as its last
 * contender, under the name BEST+SUFFIX (written into `name`, e.g.
 * "adagrad+wcos"), with
 * lesson 09's warmup-cosine schedule (`scheduled`) or lesson 17's batch
 * normalization (`batch_norm`), and trains it with every seed. */
static int add_best_again(struct comparison *c, size_t m, char *name, size_t name_size,
                          const char *suffix, int scheduled, int batch_norm,
                          const char *with_what, const struct dataset *train_set,
                          const struct dataset *test_set)
{
    const struct optimizer_kind *best = c->kinds[best_constant_rate(c, m)];
    size_t o = c->contender_count[m]++;
    snprintf(name, name_size, "%s+%s", best->name, suffix);
    c->contenders[m][o] = (struct contender){best, name, scheduled, batch_norm};
    printf("    the best mean, %s, again with %s:\n", best->name, with_what);
    for (size_t s = 0; s < SEED_COUNT; s++) {
        printf("    seed %llu:", (unsigned long long)seeds[s]);
        if (train_contender(c, m, o, s, train_set, test_set) != 0)
            return -1;
        printf("\n");
    }
    return 0;
}

/* Adds model m's best optimizer again, with the warmup-cosine schedule, as
 * its last contender, and trains it with every seed. Skipped (saying so)
 * until lesson 09 is written: the trainer would fall back to the constant
 * rate and the row would repeat its optimizer's. */
static int add_warmup_cosine_row(struct comparison *c, size_t m, const struct dataset *train_set,
                                 const struct dataset *test_set)
{
    struct schedule probe = warmup_cosine(1e-3, 100);
    if (!lesson_written(try_warmup_cosine, &probe)) {
        printf("    (no warmup-cosine row: lesson 09's schedule_lr and schedule_validate "
               "are not written yet)\n");
        return 0;
    }
    return add_best_again(c, m, c->scheduled_name[m], sizeof c->scheduled_name[m], "wcos", 1,
                          0, "lesson 09's warmup-cosine schedule (warmup over a tenth of "
                          "the steps, then a cosine to 0)", train_set, test_set);
}

/* Lesson 17's batch normalization on a batch of two examples of one
 * feature, forward and backward, for lesson_written (todo.h). */
static void try_batch_norm(void *context)
{
    (void)context;
    float x[2] = {1.0f, 3.0f}, y[2], x_hat[2], dx[2], dy[2] = {1.0f, -1.0f};
    float mean, var, running_mean = 0.0f, running_var = 1.0f;
    float gamma = 1.0f, beta = 0.0f, dgamma = 0.0f, dbeta = 0.0f;
    batchnorm_statistics(&mean, &var, x, 2, 1);
    batchnorm_update_running(&running_mean, &running_var, &mean, &var, 2, 1,
                             BATCHNORM_MOMENTUM);
    batchnorm_normalize(y, x_hat, x, &mean, &var, &gamma, &beta, 2, 1, BATCHNORM_EPS);
    batchnorm_backward(dx, &dgamma, &dbeta, dy, x_hat, &var, &gamma, 2, 1, BATCHNORM_EPS);
}

/* Adds model m's best optimizer again, at its constant default rate, with
 * lesson 17's batch normalization (before the MLP's hidden ReLU; per
 * channel after each of the CNN's convolutions), as its last contender,
 * and trains it with every seed. Skipped (saying so) until lesson 17 is
 * written: a run would stop at its first batchnorm_ function. */
static int add_batch_norm_row(struct comparison *c, size_t m, const struct dataset *train_set,
                              const struct dataset *test_set)
{
    if (!budgets[m].batch_norm_row)
        return 0;
    if (!lesson_written(try_batch_norm, NULL)) {
        printf("    (no batch-norm row: lesson 17's batchnorm_ functions are not written "
               "yet)\n");
        return 0;
    }
    return add_best_again(c, m, c->normalized_name[m], sizeof c->normalized_name[m], "bn", 0,
                          1, "lesson 17's batch normalization", train_set, test_set);
}

static int run_everything(struct comparison *c, const struct dataset *train_set,
                          const struct dataset *test_set)
{
    for (size_t m = 0; m < MODEL_COUNT; m++) {
        const struct model_budget *b = &budgets[m];
        printf("  %s, %ld epoch%s of batch %d, every optimizer at its default lr "
               "(test accuracy %%):\n",
               b->name, b->epochs, b->epochs == 1 ? "" : "s", BATCH);
        c->contender_count[m] = c->optimizer_count;
        for (size_t o = 0; o < c->optimizer_count; o++)
            c->contenders[m][o] = (struct contender){c->kinds[o], c->kinds[o]->name, 0, 0};
        /* Seeds outside, optimizers inside: a burst of load on the machine
         * then slows every optimizer a little, not one of them a lot. */
        for (size_t s = 0; s < SEED_COUNT; s++) {
            printf("    seed %llu:", (unsigned long long)seeds[s]);
            for (size_t o = 0; o < c->optimizer_count; o++)
                if (train_contender(c, m, o, s, train_set, test_set) != 0)
                    return -1;
            printf("\n");
        }
        if (add_warmup_cosine_row(c, m, train_set, test_set) != 0 ||
            add_batch_norm_row(c, m, train_set, test_set) != 0)
            return -1;
    }
    printf("  all runs: %.1f s of training, %.1f s with the evaluations every %d steps\n",
           c->training_seconds, c->wall_seconds, EVAL_EVERY);
    return 0;
}

/* One record per run, borrowing the result's arrays. */
static size_t make_records(const struct comparison *c, struct run_record *records)
{
    size_t count = 0;
    for (size_t m = 0; m < MODEL_COUNT; m++)
        for (size_t o = 0; o < c->contender_count[m]; o++)
            for (size_t s = 0; s < SEED_COUNT; s++) {
                const struct train_result *r = &c->results[m][o][s];
                const struct contender *who = &c->contenders[m][o];
                records[count++] = (struct run_record){
                    .model = budgets[m].name, .optimizer = who->name,
                    .lr = who->kind->defaults.lr, .seed = seeds[s], .budget = r->steps,
                    .eval_count = r->eval_count, .eval_step = r->eval_step,
                    .eval_seconds = r->eval_seconds, .eval_accuracy = r->eval_accuracy,
                    .final_accuracy = r->test_accuracy,
                };
            }
    return count;
}

/* "97.12 +- 0.15" (percent), "250 +- 0", "n/a" when there is no value, and
 * no "+-" when one seed leaves the spread unknown. */
static void format_summary(char *text, size_t size, const struct seed_summary *s, double scale,
                           int decimals)
{
    if (s->n == 0)
        snprintf(text, size, "n/a");
    else if (isnan(s->std))
        snprintf(text, size, "%.*f", decimals, scale * s->mean);
    else
        snprintf(text, size, "%.*f +- %.*f", decimals, scale * s->mean, decimals,
                 scale * s->std);
}

static void print_table(FILE *out, const struct comparison_row *rows, size_t count,
                        int markdown)
{
    const char *bar = markdown ? "|" : " ";
    fprintf(out, "%s %-5s %s %-*s %s %-6s %s %-16s %s %-13s %s %-6s %s %-9s %s %-11s %s\n",
            bar, "model", bar, NAME_WIDTH, "optimizer", bar, "lr", bar, "final accuracy %", bar,
            "min - max %", bar, "to 90%", bar, "steps", bar, "seconds", bar);
    if (markdown)
        fprintf(out, "|-------|---------------|--------|------------------|---------------"
                     "|--------|-----------|-------------|\n");
    for (size_t i = 0; i < count; i++) {
        const struct comparison_row *r = &rows[i];
        char accuracy[40], range[40], reached[16], steps[40], seconds[40];
        format_summary(accuracy, sizeof accuracy, &r->final_accuracy, 100.0, 2);
        snprintf(range, sizeof range, "%.2f - %.2f", 100.0 * r->final_accuracy.min,
                 100.0 * r->final_accuracy.max);
        snprintf(reached, sizeof reached, "%zu/%zu", r->reached, r->seed_count);
        format_summary(steps, sizeof steps, &r->steps_to_target, 1.0, 0);
        format_summary(seconds, sizeof seconds, &r->seconds_to_target, 1.0, 2);
        fprintf(out, "%s %-5s %s %-*s %s %-6g %s %-16s %s %-13s %s %-6s %s %-9s %s %-11s %s\n",
                bar, r->model, bar, NAME_WIDTH, r->optimizer, bar, (double)r->lr, bar, accuracy,
                bar, range, bar, reached, bar, steps, bar, seconds, bar);
    }
}

static int write_table_files(const char *folder, const struct comparison_row *rows,
                             size_t count)
{
    char path[1024];
    struct output_file out;
    struct error err;
    join_path(path, sizeof path, folder, "table.md");
    if (output_open(&out, path, &err) != 0)
        goto failed;
    print_table(out.stream, rows, count, 1);
    if (output_commit(&out, &err) != 0)
        goto failed;
    printf("  wrote %s\n", path);

    join_path(path, sizeof path, folder, "table.csv");
    if (output_open(&out, path, &err) != 0)
        goto failed;
    fprintf(out.stream, "model,optimizer,lr,budget_steps,seeds,final_accuracy_mean,"
                        "final_accuracy_std,final_accuracy_min,final_accuracy_max,reached,"
                        "steps_mean,steps_std,seconds_mean,seconds_std\n");
    for (size_t i = 0; i < count; i++) {
        const struct comparison_row *r = &rows[i];
        fprintf(out.stream, "%s,%s,%g,%ld,%zu,%.6f,%.6f,%.6f,%.6f,%zu,%.1f,%.1f,%.4f,%.4f\n",
                r->model, r->optimizer, (double)r->lr, r->budget, r->seed_count,
                r->final_accuracy.mean, r->final_accuracy.std, r->final_accuracy.min,
                r->final_accuracy.max, r->reached, r->steps_to_target.mean,
                r->steps_to_target.std, r->seconds_to_target.mean, r->seconds_to_target.std);
    }
    if (output_commit(&out, &err) != 0)
        goto failed;
    printf("  wrote %s\n", path);
    return 0;
failed:
    fprintf(stderr, "experiment: %s\n", err.message);
    return -1;
}

/* "One run proves nothing": the optimizer with the best final accuracy if
 * only seed s had been run, for each seed (among the optimizers at their
 * constant default rates: the question is which optimizer wins). */
static void print_winners_by_seed(const struct comparison *c)
{
    for (size_t m = 0; m < MODEL_COUNT; m++) {
        printf("  %s, the winner if only one seed had been run:", budgets[m].name);
        for (size_t s = 0; s < SEED_COUNT; s++) {
            size_t best = 0;
            for (size_t o = 1; o < c->optimizer_count; o++)
                if (c->results[m][o][s].test_accuracy > c->results[m][best][s].test_accuracy)
                    best = o;
            printf("  seed %llu: %s (%.2f%%)", (unsigned long long)seeds[s],
                   c->kinds[best]->name, 100.0 * c->results[m][best][s].test_accuracy);
        }
        printf("\n");
    }
}

/* The curves of one optimizer, averaged over the seeds at every evaluation
 * (the seeds share the budget and eval_every, so their evaluations fall on
 * the same steps): the mean batch loss over the steps since the previous
 * evaluation, the mean training seconds, the mean test error
 * (1 - accuracy, drawn on a log scale: 90% accuracy is an error of 0.1,
 * the grid line labelled 1e-1). */
struct mean_curves {
    size_t count;
    double *step, *seconds, *loss, *error;
};

static int average_over_seeds(const struct train_result *by_seed, struct mean_curves *curves)
{
    size_t count = by_seed[0].eval_count;
    curves->count = count;
    curves->step = calloc(count, sizeof(double));
    curves->seconds = calloc(count, sizeof(double));
    curves->loss = calloc(count, sizeof(double));
    curves->error = calloc(count, sizeof(double));
    if (curves->step == NULL || curves->seconds == NULL || curves->loss == NULL ||
        curves->error == NULL)
        return -1;
    for (size_t s = 0; s < SEED_COUNT; s++) {
        const struct train_result *r = &by_seed[s];
        long previous = 0;
        for (size_t k = 0; k < count && k < r->eval_count; k++) {
            double window = 0.0;
            for (long t = previous; t < r->eval_step[k]; t++)
                window += r->step_loss[t];
            window /= (double)(r->eval_step[k] - previous);
            previous = r->eval_step[k];
            curves->step[k] += (double)r->eval_step[k] / SEED_COUNT;
            curves->seconds[k] += r->eval_seconds[k] / SEED_COUNT;
            curves->loss[k] += window / SEED_COUNT;
            curves->error[k] += (1.0 - r->eval_accuracy[k]) / SEED_COUNT;
        }
    }
    return 0;
}

static void free_curves(struct mean_curves *curves)
{
    free(curves->step);
    free(curves->seconds);
    free(curves->loss);
    free(curves->error);
}

static int draw_curves(const char *folder, const struct comparison *c)
{
    int status = 0;
    for (size_t m = 0; m < MODEL_COUNT && status == 0; m++) {
        size_t lines = c->contender_count[m];
        struct mean_curves curves[MAX_CONTENDERS] = {{0}};
        struct svg_series by_step[MAX_CONTENDERS], by_time[MAX_CONTENDERS],
            error[MAX_CONTENDERS];
        for (size_t o = 0; o < lines; o++) {
            if (average_over_seeds(c->results[m][o], &curves[o]) != 0)
                status = -1;
            const char *name = c->contenders[m][o].name;
            by_step[o] = (struct svg_series){name, curves[o].step, curves[o].loss,
                                             curves[o].count};
            by_time[o] = (struct svg_series){name, curves[o].seconds, curves[o].loss,
                                             curves[o].count};
            error[o] = (struct svg_series){name, curves[o].step, curves[o].error,
                                           curves[o].count};
        }
        char title[3][160], file[3][64];
        snprintf(title[0], sizeof title[0], "%s: training loss against steps (mean of 3 seeds)",
                 budgets[m].name);
        snprintf(title[1], sizeof title[1], "%s: training loss against training seconds "
                 "(mean of 3 seeds)", budgets[m].name);
        snprintf(title[2], sizeof title[2], "%s: test error against steps (mean of 3 seeds)",
                 budgets[m].name);
        snprintf(file[0], sizeof file[0], "loss-steps-%s.svg", budgets[m].name);
        snprintf(file[1], sizeof file[1], "loss-seconds-%s.svg", budgets[m].name);
        snprintf(file[2], sizeof file[2], "error-%s.svg", budgets[m].name);
        const struct line_chart charts[3] = {
            {.title = title[0], .x_label = "step",
             .y_label = "mean batch loss over 25 steps (log scale)", .log_y = 1,
             .series = by_step, .series_count = lines},
            {.title = title[1], .x_label = "training seconds (evaluations excluded)",
             .y_label = "mean batch loss over 25 steps (log scale)", .log_y = 1,
             .series = by_time, .series_count = lines},
            {.title = title[2], .x_label = "step", .y_label = "test error, 1 - accuracy (log scale)",
             .log_y = 1, .series = error, .series_count = lines},
        };
        for (size_t k = 0; k < 3 && status == 0; k++)
            status = write_chart(folder, file[k], &charts[k]);
        for (size_t o = 0; o < lines; o++)
            free_curves(&curves[o]);
    }
    return status;
}

static int compare_everything(const char *folder, const struct dataset *train_set,
                              const struct dataset *test_set)
{
    printf("Part 1: every optimizer on both models, three seeds, the same budget\n");
    static struct comparison c; /* large: keep it off the stack */
    c.kinds = written_optimizers(&c.optimizer_count);
    if (c.optimizer_count == 0) {
        /* Nothing to compare yet: say so rather than draw empty tables. */
        printf("  No optimizer is written yet (lessons 01, 04-08, 11-12): there is nothing to "
               "compare.\n  Write one, then run make run LESSON=10 again.\n");
        fflush(stdout);
        return 0;
    }
    int status = run_everything(&c, train_set, test_set);

    struct run_record records[MODEL_COUNT * MAX_CONTENDERS * SEED_COUNT];
    struct comparison_row rows[MODEL_COUNT * MAX_CONTENDERS];
    size_t row_count = 0;
    if (status == 0) {
        size_t record_count = make_records(&c, records);
        struct error err;
        status = build_comparison_table(records, record_count, TARGET_ACCURACY, rows,
                                        MODEL_COUNT * MAX_CONTENDERS, &row_count, &err);
        if (status != 0)
            fprintf(stderr, "experiment: build_comparison_table: %s\n", err.message);
    }
    if (status == 0) {
        printf("\n  The comparison (test accuracy %% after the budget; steps and training "
               "seconds to %.0f%%\n  test accuracy, over the seeds that reached it):\n",
               100.0 * TARGET_ACCURACY);
        print_table(stdout, rows, row_count, 0);
        printf("\n");
        print_winners_by_seed(&c);
        status = write_table_files(folder, rows, row_count);
    }
    if (status == 0)
        status = draw_curves(folder, &c);
    for (size_t m = 0; m < MODEL_COUNT; m++)
        for (size_t o = 0; o < c.contender_count[m]; o++)
            for (size_t s = 0; s < SEED_COUNT; s++)
                train_result_free(&c.results[m][o][s]);
    return status;
}

/* ---- Part 2: learning-rate sensitivity ----------------------------------------------------- */

static int sweep_learning_rates(const char *folder, const struct dataset *train_set,
                                const struct dataset *test_set)
{
    size_t count;
    const struct optimizer_kind *const *kinds = written_optimizers(&count);
    if (count == 0)
        return 0; /* Part 1 said why */
    printf("\nPart 2: learning-rate sensitivity: the mlp, 1 epoch, seed 1, lr = default * "
           "10^(k/2)\n");
    printf("  %-9s", "optimizer");
    for (size_t k = 0; k < SWEEP_COUNT; k++)
        printf("   x10^%-4g", sweep_exponents[k]);
    printf("   (test accuracy %%)\n");
    static double lrs[MAX_OPTIMIZERS][SWEEP_COUNT], error[MAX_OPTIMIZERS][SWEEP_COUNT];
    struct svg_series series[MAX_OPTIMIZERS];
    for (size_t o = 0; o < count; o++) {
        printf("  %-9s", kinds[o]->name);
        for (size_t k = 0; k < SWEEP_COUNT; k++) {
            lrs[o][k] = (double)kinds[o]->defaults.lr * pow(10.0, sweep_exponents[k]);
            struct train_config config = config_for(MODEL_MLP, kinds[o], lrs[o][k], 1, 1);
            config.eval_every = 0;
            struct train_result r;
            struct error err;
            if (train(&config, train_set, test_set, &r, &err) == 0) {
                error[o][k] = 1.0 - r.test_accuracy;
                printf("   %8.2f", 100.0 * r.test_accuracy);
            } else {
                error[o][k] = NAN; /* diverged: the line stops there */
                printf("   %8s", "diverged");
            }
            fflush(stdout);
            train_result_free(&r);
        }
        printf("\n");
        series[o] = (struct svg_series){kinds[o]->name, lrs[o], error[o], SWEEP_COUNT};
    }
    const struct line_chart chart = {
        .title = "mlp, 1 epoch, seed 1: test error against the learning rate",
        .x_label = "learning rate (log scale)",
        .y_label = "test error after 1 epoch, 1 - accuracy (log scale)", .log_x = 1, .log_y = 1, .series = series, .series_count = count,
    };
    return write_chart(folder, "lr-sensitivity.svg", &chart);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    struct dataset train_set, test_set;
    if (load(&train_set, &test_set) != 0)
        return 1;
    if (quick_train_limit() > 0) {
        /* Evaluating on all 2 000 test digits would dominate such short runs. */
        if (test_set.count > 500)
            test_set.count = 500;
        printf("quick mode (DESCENT_QUICK is set): every run trains on the first %zu digits "
               "and is tested on %zu; these are not the lesson's numbers\n\n",
               quick_train_limit(), test_set.count);
    }
    int status = compare_everything(argv[1], &train_set, &test_set);
    if (status == 0)
        status = sweep_learning_rates(argv[1], &train_set, &test_set);
    dataset_free(&train_set);
    dataset_free(&test_set);
    return status == 0 ? 0 : 1;
}
