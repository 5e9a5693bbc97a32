/* Lesson 10: how the tests call your functions (see tests/harness/call.h).
 *
 * The tests run in one program (the judge) and your code in another (the
 * runner). Each function below is written twice: the judge's stand-in
 * sends the arguments and gets back the results; the runner's serve
 * function receives the same arguments, in the same order, calls your
 * function, and sends back what it returned and changed.
 *
 * What is special here:
 *   - The run records go field by field, with their three histories.
 *   - Their names go once each, as a table: every distinct string pointer
 *     among the records' model and optimizer names is one entry, and each
 *     record sends the positions of its two. So in the runner, two records
 *     share a string exactly where the test's records do, and names held
 *     in separate buffers stay separate (compare names with strcmp).
 *   - A comparison row's model and optimizer are borrowed from the records:
 *     the runner sends back their positions in the table, and the judge
 *     points the test's row at its own string. A name that is not one of
 *     the records' strings (neither the same pointer nor the same text)
 *     comes back as "(not a name from the runs)", and NULL as "(null)".
 *   - All max_rows rows come back, written or not (rows your code did not
 *     write arrive zeroed, their names "(null)").
 *   - A struct error travels whole both ways (all 512 bytes), or as NULL. */
#include "call.h"
#include "state_call.h"
#include "lessons.h"

#include <stdlib.h>
#include <string.h>

static inline void put_summary(struct message *m, const struct seed_summary *s)
{
    put_size(m, s->n);
    put_double(m, s->mean);
    put_double(m, s->std);
    put_double(m, s->min);
    put_double(m, s->max);
}

static inline void get_summary(struct message *m, struct seed_summary *s)
{
    s->n = get_size(m);
    s->mean = get_double(m);
    s->std = get_double(m);
    s->min = get_double(m);
    s->max = get_double(m);
}

#ifdef DESCENT_JUDGE /* ---- the tests' side --------------------------------- */

/* A row's name: the test's own string at that position of the table; past
 * the table, what the runner's name was instead. */
static const char *row_name(const char **names, size_t name_count, size_t position)
{
    if (position < name_count)
        return names[position];
    return position == name_count ? "(not a name from the runs)" : "(null)";
}

/* The position of name in names[0 .. *count), added at the end if new. */
static size_t add_name(const char **names, size_t *count, const char *name)
{
    for (size_t i = 0; i < *count; i++)
        if (names[i] == name)
            return i;
    names[*count] = name;
    return (*count)++;
}

/* Sends the records; returns their table of names (free it), with which
 * build_comparison_table points the rows' names at the test's strings. */
static const char **put_runs(struct message *in, const struct run_record *runs, size_t run_count,
                             size_t *name_count)
{
    const char **names = malloc((2 * run_count + 1) * sizeof *names);
    size_t *positions = malloc((2 * run_count + 1) * sizeof *positions);
    if (names == NULL || positions == NULL)
        abort();
    *name_count = 0;
    for (size_t r = 0; r < run_count; r++) {
        positions[2 * r] = add_name(names, name_count, runs[r].model);
        positions[2 * r + 1] = add_name(names, name_count, runs[r].optimizer);
    }
    put_size(in, *name_count);
    for (size_t i = 0; i < *name_count; i++)
        put_string(in, names[i]);
    put_bool(in, runs != NULL);
    put_size(in, run_count);
    for (size_t r = 0; r < run_count; r++) {
        const struct run_record *run = &runs[r];
        put_size(in, positions[2 * r]);
        put_size(in, positions[2 * r + 1]);
        put_float(in, run->lr);
        put_u64(in, run->seed);
        put_long(in, run->budget);
        put_size(in, run->eval_count);
        put_longs(in, run->eval_step, run->eval_count);
        put_doubles(in, run->eval_seconds, run->eval_count);
        put_doubles(in, run->eval_accuracy, run->eval_count);
        put_double(in, run->final_accuracy);
    }
    free(positions);
    return names;
}

size_t first_eval_reaching(const double *accuracy, size_t count, double target)
{
    struct message *in = call_begin("first_eval_reaching");
    put_doubles(in, accuracy, count);
    put_size(in, count);
    put_double(in, target);
    struct message *out = call_run();
    size_t index = get_size(out);
    call_end();
    return index;
}

void summarize_seeds(const double *values, size_t n, struct seed_summary *out)
{
    struct message *in = call_begin("summarize_seeds");
    put_doubles(in, values, n);
    put_size(in, n);
    put_summary(in, out);
    struct message *reply = call_run();
    get_summary(reply, out);
    call_end();
}

int check_runs_comparable(const struct run_record *runs, size_t run_count, struct error *err)
{
    struct message *in = call_begin("check_runs_comparable");
    size_t name_count;
    free(put_runs(in, runs, run_count, &name_count));
    put_error(in, err);
    struct message *out = call_run();
    int status = get_int(out);
    get_error(out, err);
    call_end();
    return status;
}

int build_comparison_table(const struct run_record *runs, size_t run_count, double target,
                           struct comparison_row *rows, size_t max_rows, size_t *row_count,
                           struct error *err)
{
    struct message *in = call_begin("build_comparison_table");
    size_t name_count;
    const char **names = put_runs(in, runs, run_count, &name_count);
    put_double(in, target);
    put_size(in, max_rows);
    put_sizes(in, row_count, 1);
    put_error(in, err);
    struct message *out = call_run();
    int status = get_int(out);
    for (size_t r = 0; r < max_rows; r++) {
        struct comparison_row *row = &rows[r];
        row->model = row_name(names, name_count, get_size(out));
        row->optimizer = row_name(names, name_count, get_size(out));
        row->lr = get_float(out);
        row->budget = get_long(out);
        row->seed_count = get_size(out);
        get_summary(out, &row->final_accuracy);
        row->reached = get_size(out);
        get_summary(out, &row->steps_to_target);
        get_summary(out, &row->seconds_to_target);
    }
    get_sizes(out, row_count, 1);
    get_error(out, err);
    call_end();
    free(names);
    return status;
}

#else /* ---- your code's side (the runner) ------------------------------------- */

/* The records as the test made them: names from one table, so that they
 * share strings where the test's do. */
struct received_runs {
    const char **names;
    size_t name_count;
    const struct run_record *runs;
    size_t run_count;
};

static struct received_runs get_new_runs(struct message *in)
{
    struct received_runs got;
    got.name_count = get_size(in);
    got.names = message_new_memory(in, got.name_count * sizeof *got.names);
    for (size_t i = 0; i < got.name_count; i++)
        got.names[i] = get_new_string(in);
    bool not_null = get_bool(in);
    got.run_count = get_size(in);
    struct run_record *runs = not_null ? message_new_memory(in, got.run_count * sizeof *runs)
                                       : NULL;
    for (size_t r = 0; runs != NULL && r < got.run_count; r++) {
        size_t model = get_size(in), optimizer = get_size(in);
        runs[r].model = model < got.name_count ? got.names[model] : NULL;
        runs[r].optimizer = optimizer < got.name_count ? got.names[optimizer] : NULL;
        runs[r].lr = get_float(in);
        runs[r].seed = get_u64(in);
        runs[r].budget = get_long(in);
        runs[r].eval_count = get_size(in);
        runs[r].eval_step = get_new_longs(in, NULL);
        runs[r].eval_seconds = get_new_doubles(in, NULL);
        runs[r].eval_accuracy = get_new_doubles(in, NULL);
        runs[r].final_accuracy = get_double(in);
    }
    got.runs = runs;
    return got;
}

/* The position in the table of a row's borrowed name: the same pointer, or
 * else the same text; name_count when it is neither, name_count + 1 for
 * NULL. */
static size_t name_position(const struct received_runs *got, const char *name)
{
    if (name == NULL)
        return got->name_count + 1;
    for (size_t i = 0; i < got->name_count; i++)
        if (got->names[i] == name)
            return i;
    for (size_t i = 0; i < got->name_count; i++)
        if (got->names[i] != NULL && strcmp(got->names[i], name) == 0)
            return i;
    return got->name_count;
}

static void serve_first_eval_reaching(struct message *in, struct message *out)
{
    const double *accuracy = get_new_doubles(in, NULL);
    size_t count = get_size(in);
    double target = get_double(in);
    put_size(out, first_eval_reaching(accuracy, count, target));
}

static void serve_summarize_seeds(struct message *in, struct message *out)
{
    const double *values = get_new_doubles(in, NULL);
    size_t n = get_size(in);
    struct seed_summary *summary = message_new_memory(in, sizeof *summary);
    get_summary(in, summary);
    summarize_seeds(values, n, summary);
    put_summary(out, summary);
}

static void serve_check_runs_comparable(struct message *in, struct message *out)
{
    struct received_runs got = get_new_runs(in);
    struct error *err = get_new_error(in);
    put_int(out, check_runs_comparable(got.runs, got.run_count, err));
    put_error(out, err);
}

static void serve_build_comparison_table(struct message *in, struct message *out)
{
    struct received_runs got = get_new_runs(in);
    double target = get_double(in);
    size_t max_rows = get_size(in);
    /* One spare row after max_rows (test build_table_refuses passes room
     * for four rows with max_rows = 2): code that writes one row too many
     * is told so by the test, which expects -1, instead of wrecking the
     * heap past the guard bytes. The spare row is not sent back. */
    struct comparison_row *rows = message_new_memory(in, (max_rows + 1) * sizeof *rows);
    size_t *row_count = get_new_sizes(in, NULL);
    struct error *err = get_new_error(in);
    put_int(out, build_comparison_table(got.runs, got.run_count, target, rows, max_rows,
                                        row_count, err));
    for (size_t r = 0; r < max_rows; r++) {
        const struct comparison_row *row = &rows[r];
        put_size(out, name_position(&got, row->model));
        put_size(out, name_position(&got, row->optimizer));
        put_float(out, row->lr);
        put_long(out, row->budget);
        put_size(out, row->seed_count);
        put_summary(out, &row->final_accuracy);
        put_size(out, row->reached);
        put_summary(out, &row->steps_to_target);
        put_summary(out, &row->seconds_to_target);
    }
    put_sizes(out, row_count, 1);
    put_error(out, err);
}

SERVED_FUNCTIONS({"first_eval_reaching", serve_first_eval_reaching},
                 {"summarize_seeds", serve_summarize_seeds},
                 {"check_runs_comparable", serve_check_runs_comparable},
                 {"build_comparison_table", serve_build_comparison_table});

#endif
