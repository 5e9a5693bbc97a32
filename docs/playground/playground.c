/* playground.c -- the WebAssembly module's interface to the page.
 *
 * The module holds the lesson kernels of one implementation (the student's
 * files, or the reference solutions), the trainer's surfaces, optimizer
 * table, error messages and trajectory loop (lessons/00-trainer/
 * trajectory.c, the loop of `descent trajectory`), and this file. The page (page.js) writes a run's
 * settings into the request fields by name, calls playground_run(), and
 * reads the path from the arrays below. See docs/playground/README.md. */
#include <stddef.h>

#include "include/stdio.h"
#include "include/string.h"
#include "error.h"
#include "lessons.h"
#include "optimizer.h"
#include "surfaces.h"
#include "trajectory.h"

#define EXPORT(name) __attribute__((export_name(#name)))
#define PAGE_IMPORT(name) __attribute__((import_module("page"), import_name(#name)))

/* Tells the page that a lesson function is not written yet; the module then
 * traps, and the page shows the message instead of a path. */
PAGE_IMPORT(not_implemented)
void page_not_implemented(const char *function, const char *lesson, const char *section);

void playground_arena_reset(void); /* libc.c */

/* todo.h's not_implemented(): in the page the run stops with the lesson's
 * message (the page formats it as descent does: "gd_step is not implemented
 * yet: see lessons/01-gradient-descent/README.md, section ..."). */
void not_implemented(const char *function, const char *lesson, const char *section)
{
    page_not_implemented(function, lesson, section);
    __builtin_trap();
}

/* ---- The request: one run's settings, written by the page ------------------ */

enum { MAX_STEPS = 20000 };

/* Field names, in the order of `request`; the page looks them up by name. */
static const char *const field_names[] = {
    "surface", "optimizer", "schedule", "steps", "start_x", "start_y",
    "lr", "momentum", "alpha", "rho", "beta1", "beta2", "eps", "weight_decay",
    "momentum_decay", "gamma", "step_size", "warmup_steps", "total_steps", "min_lr", "d_model",
};
enum { FIELD_COUNT = sizeof field_names / sizeof field_names[0] };
static double request[FIELD_COUNT];

static double field(const char *name)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(field_names[i], name) == 0)
            return request[i];
    return 0.0;
}

static void set_field(const char *name, double value)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(field_names[i], name) == 0)
            request[i] = value;
}

EXPORT(playground_field_count) int playground_field_count(void) { return FIELD_COUNT; }
EXPORT(playground_field_name) const char *playground_field_name(int i) { return field_names[i]; }
EXPORT(playground_request) double *playground_request(void) { return request; }

/* ---- Surfaces and optimizers, for the page's menus -------------------------- */

EXPORT(playground_surface_count) int playground_surface_count(void)
{
    size_t count;
    surface_list(&count);
    return (int)count;
}

/* name, formula; and box, start and minimum written into the request's
 * first eight fields would mix things up: they go to `surface_numbers`. */
static double surface_numbers[8];

EXPORT(playground_surface_name) const char *playground_surface_name(int i)
{
    size_t count;
    return surface_list(&count)[i]->name;
}

EXPORT(playground_surface_formula) const char *playground_surface_formula(int i)
{
    size_t count;
    return surface_list(&count)[i]->formula;
}

/* x_min, x_max, y_min, y_max, start_x, start_y, minimum_x, minimum_y. */
EXPORT(playground_surface_numbers) double *playground_surface_numbers(int i)
{
    size_t count;
    const struct surface *s = surface_list(&count)[i];
    const double numbers[8] = {s->x_min, s->x_max, s->y_min, s->y_max,
                               s->start_x, s->start_y, s->minimum_x, s->minimum_y};
    memcpy(surface_numbers, numbers, sizeof numbers);
    return surface_numbers;
}

/* f(x, y) of surface i, for the contour lines. */
EXPORT(playground_surface_value) double playground_surface_value(int i, double x, double y)
{
    size_t count;
    return surface_list(&count)[i]->value(x, y);
}

EXPORT(playground_optimizer_count) int playground_optimizer_count(void)
{
    size_t count;
    optimizer_list(&count);
    return (int)count;
}

EXPORT(playground_optimizer_name) const char *playground_optimizer_name(int i)
{
    size_t count;
    return optimizer_list(&count)[i]->name;
}

EXPORT(playground_optimizer_lesson) const char *playground_optimizer_lesson(int i)
{
    size_t count;
    return optimizer_list(&count)[i]->lesson;
}

/* Writes optimizer i's default hyperparameters into the request. */
EXPORT(playground_load_defaults) void playground_load_defaults(int i)
{
    size_t count;
    const struct hyperparameters *h = &optimizer_list(&count)[i]->defaults;
    set_field("lr", h->lr);
    set_field("momentum", h->momentum);
    set_field("alpha", h->alpha);
    set_field("rho", h->rho);
    set_field("beta1", h->beta1);
    set_field("beta2", h->beta2);
    set_field("eps", h->eps);
    set_field("weight_decay", h->weight_decay);
    set_field("momentum_decay", h->momentum_decay);
}

/* ---- A run ------------------------------------------------------------------- */

static struct trajectory_point points[MAX_STEPS + 1];
static float path_x[MAX_STEPS + 1], path_y[MAX_STEPS + 1], path_lr[MAX_STEPS + 1];
static double path_f[MAX_STEPS + 1], path_gradient_norm[MAX_STEPS + 1];
static struct error message;

EXPORT(playground_path_x) float *playground_path_x(void) { return path_x; }
EXPORT(playground_path_y) float *playground_path_y(void) { return path_y; }
EXPORT(playground_path_lr) float *playground_path_lr(void) { return path_lr; }
EXPORT(playground_path_f) double *playground_path_f(void) { return path_f; }
EXPORT(playground_path_gradient_norm) double *playground_path_gradient_norm(void)
{
    return path_gradient_norm;
}
EXPORT(playground_message) const char *playground_message(void) { return message.message; }
EXPORT(playground_max_steps) int playground_max_steps(void) { return MAX_STEPS; }

/* Runs the request: returns the number of points of the path (written into
 * the path arrays), or -1 with a message (a setting out of range, a
 * schedule that lesson 09's schedule_validate refuses). A lesson function
 * that is not written traps instead (not_implemented above). */
EXPORT(playground_run) int playground_run(void)
{
    size_t surface_count, optimizer_count;
    const struct surface *const *surfaces = surface_list(&surface_count);
    const struct optimizer_kind *const *kinds = optimizer_list(&optimizer_count);
    double surface = field("surface"), optimizer = field("optimizer");
    double schedule = field("schedule"), steps = field("steps");
    playground_arena_reset();
    if (!(surface >= 0 && surface < (double)surface_count))
        return error_set(&message, "surface: expected 0 to %zu", surface_count - 1);
    if (!(optimizer >= 0 && optimizer < (double)optimizer_count))
        return error_set(&message, "optimizer: expected 0 to %zu", optimizer_count - 1);
    if (!(schedule >= SCHEDULE_CONSTANT && schedule <= SCHEDULE_INVERSE_SQRT))
        return error_set(&message, "schedule: expected 0 to %d", (int)SCHEDULE_INVERSE_SQRT);
    if (!(steps >= 1 && steps <= MAX_STEPS))
        return error_set(&message, "steps: expected 1 to %d", (int)MAX_STEPS);
    /* descent trajectory's limits and words for --lr (main.c); the page
     * checks every setting the same way before it asks for a run. */
    if (!(field("lr") > 0 && field("lr") <= 10))
        return error_set(&message, "lr (--lr): expected a number in (0, 10]");
    if (field("lr") < 1e-30)
        return error_set(&message,
                         "lr (--lr): expected a number in [1e-30, 10] (a float holds no less)");
    struct trajectory_run run = {
        surfaces[(int)surface], kinds[(int)optimizer],
        {.lr = (float)field("lr"), .momentum = (float)field("momentum"),
         .alpha = (float)field("alpha"), .rho = (float)field("rho"),
         .beta1 = (float)field("beta1"), .beta2 = (float)field("beta2"),
         .eps = (float)field("eps"), .weight_decay = (float)field("weight_decay"),
         .momentum_decay = (float)field("momentum_decay")},
        NULL, field("start_x"), field("start_y"), (long)steps,
    };
    struct schedule chosen;
    if ((int)schedule != SCHEDULE_CONSTANT) {
        const struct schedule given = {
            .gamma = field("gamma"), .step_size = (long)field("step_size"),
            .warmup_steps = (long)field("warmup_steps"),
            .total_steps = (long)field("total_steps"), .min_lr = field("min_lr"),
            .d_model = field("d_model"),
        };
        trajectory_schedule(&chosen, (enum schedule_kind)(int)schedule, run.hyper.lr,
                            run.steps, &given);
        if (schedule_validate(&chosen, &message) != 0)
            return -1;
        run.schedule = &chosen;
    }
    size_t drawn;
    if (trajectory_follow(&run, points, &drawn, &message) != 0)
        return -1;
    for (size_t i = 0; i < drawn; i++) {
        path_x[i] = points[i].x;
        path_y[i] = points[i].y;
        path_lr[i] = points[i].lr;
        path_f[i] = points[i].f;
        path_gradient_norm[i] = points[i].gradient_norm;
    }
    return (int)drawn;
}
