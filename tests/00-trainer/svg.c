/* test_svg.c -- tests of the SVG plotting module (lessons/00-trainer/svg.c).
 *
 * The files are checked as text: well-formed enough to open (one <svg>
 * element, closed), the right number of lines, escaped labels, no "nan",
 * byte-identical on a second run. The building blocks -- tick choice and
 * marching squares -- are checked against values worked out by hand. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* mkdtemp, rmdir, unlink */
#endif

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "svg.h"

/* ---- Helpers ------------------------------------------------------------- */

/* A fresh empty directory for one test's files, removed by teardown. */
struct scratch {
    char directory[64];
    char path[8][128];          /* files the test wrote, removed by teardown */
    size_t path_count;
};

static int scratch_setup(void **state)
{
    struct scratch *scratch = calloc(1, sizeof *scratch);
    if (scratch == NULL) {
        return -1;
    }
    strcpy(scratch->directory, "/tmp/test_svg_XXXXXX");
    if (mkdtemp(scratch->directory) == NULL) {
        free(scratch);
        return -1;
    }
    *state = scratch;
    return 0;
}

static int scratch_teardown(void **state)
{
    struct scratch *scratch = *state;
    for (size_t i = 0; i < scratch->path_count; i++) {
        unlink(scratch->path[i]);
    }
    int status = rmdir(scratch->directory);
    free(scratch);
    return status;
}

/* A path named name inside the scratch directory, removed at teardown. */
static const char *scratch_file(struct scratch *scratch, const char *name)
{
    assert_true(scratch->path_count < 8);
    char *path = scratch->path[scratch->path_count++];
    char joined[sizeof scratch->path[0]]; /* a separate buffer: path and directory share *scratch */
    snprintf(joined, sizeof joined, "%s/%s", scratch->directory, name);
    memcpy(path, joined, sizeof joined);
    return path;
}

/* The whole file as a string (caller frees), or NULL if it cannot be read. */
static char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    size_t capacity = 4096, used = 0;
    char *text = malloc(capacity);
    while (text != NULL) {
        if (used + 1 == capacity) {     /* keep room for the final '\0' */
            char *bigger = realloc(text, 2 * capacity);
            if (bigger == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            capacity *= 2;
        }
        size_t got = fread(text + used, 1, capacity - used - 1, file);
        if (got == 0) {
            text[used] = '\0';
            break;
        }
        used += got;
    }
    fclose(file);
    if (length != NULL) {
        *length = used;
    }
    return text;
}

static size_t count_substring(const char *text, const char *needle)
{
    size_t count = 0, length = strlen(needle);
    for (const char *at = strstr(text, needle); at != NULL; at = strstr(at + length, needle)) {
        count++;
    }
    return count;
}

/* 1 if needle occurs in text ignoring case (to catch "nan", "NaN", "-nan"). */
static int contains_ignoring_case(const char *text, const char *needle)
{
    size_t length = strlen(needle);
    for (const char *at = text; *at != '\0'; at++) {
        size_t k = 0;
        while (k < length && at[k] != '\0'
               && (at[k] | 0x20) == (needle[k] | 0x20)) {
            k++;
        }
        if (k == length) {
            return 1;
        }
    }
    return 0;
}

/* Checks what every written SVG must satisfy: opens with <svg, ends with
 * </svg> and a newline, opens as many groups and texts as it closes, and
 * never prints a number that is not one. Returns the text (caller frees). */
static char *read_checked_svg(const char *path)
{
    char *text = read_file(path, NULL);
    if (text == NULL) {
        fail_msg("could not read back '%s'", path);
    }
    assert_memory_equal(text, "<svg", 4);
    size_t length = strlen(text);
    assert_true(length > 7);
    assert_string_equal(text + length - 7, "</svg>\n");
    assert_int_equal(count_substring(text, "<svg"), 1);
    assert_int_equal(count_substring(text, "<g"), count_substring(text, "</g>"));
    assert_int_equal(count_substring(text, "<text"), count_substring(text, "</text>"));
    assert_int_equal(count_substring(text, "<"), count_substring(text, ">"));
    if (contains_ignoring_case(text, "nan") || contains_ignoring_case(text, "inf")) {
        fail_msg("'%s' contains a printed NaN or Inf", path);
    }
    return text;
}

static int file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* ---- Ticks --------------------------------------------------------------- */

static void assert_tick_labels(const struct svg_ticks *ticks, const char *const *expected,
                               size_t expected_count)
{
    if (ticks->count != expected_count) {
        fail_msg("expected %zu ticks, got %zu (first %s)", expected_count, ticks->count,
                 ticks->count > 0 ? ticks->label[0] : "none");
    }
    for (size_t i = 0; i < expected_count; i++) {
        assert_string_equal(ticks->label[i], expected[i]);
    }
}

static void test_linear_ticks_step_of_one(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_linear_ticks(0.0, 7.3, 6, &ticks);
    static const char *const expected[] = {"0", "1", "2", "3", "4", "5", "6", "7"};
    assert_tick_labels(&ticks, expected, 8);
    for (size_t i = 0; i < ticks.count; i++) {
        assert_true(ticks.value[i] == (double)i);
    }
}

static void test_linear_ticks_small_steps_get_decimals(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_linear_ticks(0.013, 0.0871, 6, &ticks);     /* raw step 0.0124: 1 x 10^-2 */
    static const char *const expected[] = {"0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08"};
    assert_tick_labels(&ticks, expected, 7);
}

static void test_linear_ticks_nice_steps_two_and_five(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_linear_ticks(0.0, 13.0, 6, &ticks);         /* raw step 2.17: 2 */
    static const char *const twos[] = {"0", "2", "4", "6", "8", "10", "12"};
    assert_tick_labels(&ticks, twos, 7);
    svg_linear_ticks(-12.0, 20.0, 6, &ticks);       /* raw step 5.33: 5 */
    static const char *const fives[] = {"-10", "-5", "0", "5", "10", "15", "20"};
    assert_tick_labels(&ticks, fives, 7);
}

static void test_linear_ticks_never_print_negative_zero(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_linear_ticks(-1.05, 1.05, 6, &ticks);       /* raw step 0.35: 0.5 */
    static const char *const expected[] = {"-1.0", "-0.5", "0.0", "0.5", "1.0"};
    assert_tick_labels(&ticks, expected, 5);
}

static void test_log_ticks_are_decades(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_log_ticks(0.0013, 0.02, &ticks);
    static const char *const expected[] = {"1e-3", "1e-2", "1e-1"};
    assert_tick_labels(&ticks, expected, 3);
    assert_true(fabs(ticks.value[0] - 1e-3) < 1e-18);
    assert_true(fabs(ticks.value[2] - 1e-1) < 1e-16);
}

static void test_log_ticks_exact_decades_stay(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_log_ticks(0.01, 100.0, &ticks);
    static const char *const expected[] = {"1e-2", "1e-1", "1e0", "1e1", "1e2"};
    assert_tick_labels(&ticks, expected, 5);
}

static void test_log_ticks_thin_out_many_decades(void **state)
{
    (void)state;
    struct svg_ticks ticks;
    svg_linear_ticks(0.0, 1.25e7, 6, &ticks);       /* large: scientific, but a plain 0 */
    static const char *const large[] = {"0", "2.0e+06", "4.0e+06", "6.0e+06", "8.0e+06",
                                        "1.0e+07", "1.2e+07"};
    assert_tick_labels(&ticks, large, 7);

    svg_log_ticks(1e-12, 1e3, &ticks);              /* 15 decades: every 2nd */
    static const char *const expected[] = {"1e-12", "1e-10", "1e-8", "1e-6", "1e-4",
                                           "1e-2", "1e0", "1e2", "1e4"};
    assert_tick_labels(&ticks, expected, 9);
}

/* ---- Line charts ----------------------------------------------------------- */

static void test_line_chart_structure_and_escaping(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "loss.svg");
    double step[4] = {0, 1, 2, 3};
    double sgd[4] = {2.3, 1.1, 0.7, 0.5};
    double adam[4] = {2.3, 0.6, 0.3, 0.2};
    struct svg_series series[2] = {
        {"SGD & \"momentum\"", step, sgd, 4},
        {"Adam <b>", NULL, adam, 4},     /* x NULL: 0, 1, 2, 3 */
    };
    struct line_chart chart = {"Loss <MNIST> & co", "step", "loss", 0, 0, series, 2, NULL,
                               SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);

    char *text = read_checked_svg(path);
    assert_int_equal(count_substring(text, "<polyline"), 2);
    assert_non_null(strstr(text, "Loss &lt;MNIST&gt; &amp; co"));
    assert_non_null(strstr(text, "SGD &amp; &quot;momentum&quot;"));
    assert_non_null(strstr(text, "Adam &lt;b&gt;"));
    assert_null(strstr(text, "<MNIST>"));
    assert_non_null(strstr(text, ">step</text>"));
    assert_non_null(strstr(text, ">loss</text>"));
    free(text);
}

static void test_nan_breaks_the_line(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "nan.svg");
    double loss[7] = {3.0, 2.0, 1.5, NAN, 1.0, 0.8, INFINITY};
    struct svg_series series = {"loss", NULL, loss, 7};
    struct line_chart chart = {"diverged", "step", "loss", 0, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);

    char *text = read_checked_svg(path);     /* also checks there is no "nan" */
    assert_int_equal(count_substring(text, "<polyline"), 2);
    free(text);
}

static void test_log_axis_skips_non_positive_values(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "log.svg");
    double loss[6] = {1.0, 0.0, -1.0, 0.1, 0.01, 0.0013};
    struct svg_series series = {"loss", NULL, loss, 6};
    struct line_chart chart = {"log", "step", "loss", 1, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);

    char *text = read_checked_svg(path);
    /* 1.0 stands alone (a dot); 0.1, 0.01, 0.0013 make one line. */
    assert_int_equal(count_substring(text, "<polyline"), 1);
    assert_non_null(strstr(text, ">1e-3</text>"));
    assert_non_null(strstr(text, ">1e0</text>"));
    free(text);
}

static void test_single_point_and_constant_series_draw(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "flat.svg");
    double one_x[1] = {5.0}, one_y[1] = {0.25};
    double flat[3] = {0.0, 0.0, 0.0};
    struct svg_series series[2] = {{"one point", one_x, one_y, 1}, {"zeros", NULL, flat, 3}};
    struct line_chart chart = {"flat", NULL, NULL, 0, 0, series, 2, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    char *text = read_checked_svg(path);
    assert_int_equal(count_substring(text, "<polyline"), 1);
    assert_non_null(strstr(text, "<circle"));
    free(text);

    /* Each alone, too: the only data is one point, then one constant. */
    chart.series_count = 1;
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    free(read_checked_svg(path));
    chart.series = &series[1];
    chart.log_y = 1;            /* zeros on a log axis: nothing drawable at all */
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    free(read_checked_svg(path));
}

static void test_series_without_y_is_an_error(void **state)
{
    (void)state;
    struct svg_series series = {"broken", NULL, NULL, 3};
    struct line_chart chart = {"t", NULL, NULL, 0, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart("/tmp/never-written.svg", &chart, &err), -1);
    assert_non_null(strstr(err.message, "broken"));
    assert_false(file_exists("/tmp/never-written.svg"));
}

static void test_unwritable_directory_fails_cleanly(void **state)
{
    (void)state;
    const char *path = "/nonexistent-descent-dir/plot.svg";
    double y[2] = {1, 2};
    struct svg_series series = {"y", NULL, y, 2};
    struct line_chart chart = {"t", NULL, NULL, 0, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), -1);
    assert_non_null(strstr(err.message, path));
    assert_false(file_exists("/nonexistent-descent-dir/plot.svg.tmp"));
}

/* The target is an existing directory: the temporary file is written, the
 * rename fails, and the temporary file must be gone afterwards. */
static void test_failed_rename_removes_temporary_file(void **state)
{
    struct scratch *scratch = *state;
    char temp_path[128];
    snprintf(temp_path, sizeof temp_path, "%s.tmp", scratch->directory);
    double y[2] = {1, 2};
    struct svg_series series = {"y", NULL, y, 2};
    struct line_chart chart = {"t", NULL, NULL, 0, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(scratch->directory, &chart, &err), -1);
    assert_non_null(strstr(err.message, scratch->directory));
    assert_false(file_exists(temp_path));
}

static void test_same_input_same_bytes(void **state)
{
    struct scratch *scratch = *state;
    const char *first = scratch_file(scratch, "a.svg");
    const char *second = scratch_file(scratch, "b.svg");
    double loss[5] = {2.0, 1.0, NAN, 0.5, 0.25};
    struct svg_series series = {"loss", NULL, loss, 5};
    struct line_chart chart = {"same", "step", "loss", 1, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(first, &chart, &err), 0);
    assert_int_equal(svg_write_line_chart(second, &chart, &err), 0);
    size_t first_length, second_length;
    char *first_text = read_file(first, &first_length);
    char *second_text = read_file(second, &second_length);
    assert_non_null(first_text);
    assert_non_null(second_text);
    assert_int_equal(first_length, second_length);
    assert_memory_equal(first_text, second_text, first_length);
    free(first_text);
    free(second_text);
}

/* ---- Legends and line styles ------------------------------------------------ */

struct legend_rect {
    double x, y, width, height;
};

/* The legend box of an SVG text (the <rect class="legend">); fails the test if none. */
static struct legend_rect find_legend(const char *text)
{
    struct legend_rect rect;
    const char *at = strstr(text, "<rect class=\"legend\"");
    if (at == NULL) {
        fail_msg("no legend box in the file");
    }
    if (sscanf(at, "<rect class=\"legend\" x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\"",
               &rect.x, &rect.y, &rect.width, &rect.height) != 4) {
        fail_msg("cannot read the legend box: %.80s", at);
    }
    return rect;
}

/* The width of the canvas, from the opening <svg> tag. */
static double canvas_width_of(const char *text)
{
    double width = 0.0;
    const char *at = strstr(text, "width=\"");
    assert_non_null(at);
    assert_int_equal(sscanf(at, "width=\"%lf\"", &width), 1);
    return width;
}

/* 1 if the point lies inside the rectangle. */
static int inside_rect(double x, double y, const struct legend_rect *rect)
{
    return x >= rect->x && x <= rect->x + rect->width && y >= rect->y
           && y <= rect->y + rect->height;
}

/* Fails if a segment of any <polyline> or <line> drawn before the legend
 * passes through the legend box. Each segment is walked in steps of a
 * tenth of a pixel: slow, but independent of the clipping code under test. */
static void assert_legend_covers_no_line(const char *text)
{
    struct legend_rect rect = find_legend(text);
    const char *legend_at = strstr(text, "<rect class=\"legend\"");
    size_t segments = 0;
    for (const char *at = strstr(text, "<polyline"); at != NULL && at < legend_at;
         at = strstr(at + 1, "<polyline")) {
        const char *points = strstr(at, "points=\"") + strlen("points=\"");
        double x0, y0, x1, y1;
        int used;
        assert_int_equal(sscanf(points, "%lf,%lf%n", &x0, &y0, &used), 2);
        points += used;
        while (sscanf(points, " %lf,%lf%n", &x1, &y1, &used) == 2) {
            double length = hypot(x1 - x0, y1 - y0);
            size_t steps = (size_t)(length * 10.0) + 1;
            for (size_t k = 0; k <= steps; k++) {
                double t = (double)k / (double)steps;
                if (inside_rect(x0 + t * (x1 - x0), y0 + t * (y1 - y0), &rect)) {
                    fail_msg("the legend (%.1f, %.1f, %.1f x %.1f) covers the segment"
                             " (%.2f, %.2f)-(%.2f, %.2f)", rect.x, rect.y, rect.width,
                             rect.height, x0, y0, x1, y1);
                }
            }
            segments++;
            x0 = x1;
            y0 = y1;
            points += used;
        }
    }
    assert_true(segments > 0);
}

/* Both diagonals of the plot: every corner of the plot area is crossed, so
 * the legend must go outside, to the right, on a wider canvas. */
static void test_legend_goes_outside_when_every_corner_is_taken(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "full.svg");
    double x[2] = {0.0, 1.0}, rising[2] = {0.0, 1.0}, falling[2] = {1.0, 0.0};
    struct svg_series series[2] = {{"rising", x, rising, 2}, {"falling", x, falling, 2}};
    struct line_chart chart = {"corners", "x", "y", 0, 0, series, 2, NULL, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    char *text = read_checked_svg(path);
    struct legend_rect rect = find_legend(text);
    assert_true(rect.x > 612.0);                       /* right of the plot area */
    assert_true(canvas_width_of(text) >= rect.x + rect.width);
    assert_true(canvas_width_of(text) > 640.0);
    assert_legend_covers_no_line(text);
    free(text);

    /* One series alone leaves two corners free: the legend stays inside,
     * on the standard canvas, in the first free corner (top left). */
    chart.series_count = 1;
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    text = read_checked_svg(path);
    rect = find_legend(text);
    assert_true(rect.x < 612.0 && rect.x + rect.width < 612.0);
    assert_true(rect.x < 320.0);
    assert_true(canvas_width_of(text) == 640.0);
    assert_legend_covers_no_line(text);
    free(text);
}

/* A legend box holds its labels. The box is 3 paddings of 6, a 32-pixel
 * line sample and the label's column wide. A label of ordinary letters
 * keeps the column of 8 pixels per character ("rising": 6 x 8 = 48, a box
 * of 98). Wide letters get their width in DejaVu Sans (the usual Linux
 * sans-serif, advance widths from its font tables, in em): "M" is 0.863 em,
 * 11.219 pixels at the legend's 13-pixel font, so 20 of them need 224.38
 * pixels, not 160: a box of at least 18 + 32 + 224.38 = 274.38. "momentum"
 * (three m of 0.974 em, o 0.612, e 0.615, n 0.634, t 0.392, u 0.634: 5.809
 * em, 75.5 pixels against 64) needs a box of at least 125.5. */
static void test_legend_holds_wide_labels(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "wide.svg");
    double x[2] = {0.0, 1.0}, rising[2] = {0.0, 1.0};
    const char *labels[3] = {"rising", "MMMMMMMMMMMMMMMMMMMM", "momentum"};
    const double at_least[3] = {98.0, 274.3, 125.5}, at_most[3] = {98.0, 275.0, 126.0};
    for (int k = 0; k < 3; k++) {
        struct svg_series series[1] = {{labels[k], x, rising, 2}};
        struct line_chart chart = {"wide", "x", "y", 0, 0, series, 1, NULL, SVG_LINES, 0};
        struct error err = {{0}};
        assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
        char *text = read_checked_svg(path);
        struct legend_rect rect = find_legend(text);
        if (rect.width < at_least[k] - 0.01 || rect.width > at_most[k] + 0.01)
            fail_msg("the legend of \"%s\" is %.2f pixels wide: expected %.1f to %.1f",
                     labels[k], rect.width, at_least[k], at_most[k]);
        assert_true(canvas_width_of(text) >= rect.x + rect.width);
        free(text);
    }
}

/* Loss-like curves of many shapes: wherever the legend goes, no drawn
 * segment crosses it. */
static void test_legend_never_covers_a_segment(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "curves.svg");
    enum { POINTS = 60, SERIES = 5 };
    double y[SERIES][POINTS];
    struct svg_series series[SERIES];
    static const char *const labels[SERIES] = {"decay", "slow decay", "bounce", "rise",
                                               "flat then drop"};
    for (int shape = 0; shape < 8; shape++) {
        for (size_t i = 0; i < POINTS; i++) {
            double t = (double)i / (POINTS - 1);
            y[0][i] = exp(-4.0 * t) + 0.1 * shape;
            y[1][i] = 1.0 - 0.5 * t * (shape % 3);
            y[2][i] = 0.5 + 0.5 * cos(12.0 * t) * exp(-(double)shape * t);
            y[3][i] = t * t * (shape % 2 == 0 ? 1.0 : 0.3);
            y[4][i] = t < 0.1 * shape ? 0.9 : 0.05;
        }
        for (size_t s = 0; s < SERIES; s++) {
            series[s] = (struct svg_series){labels[s], NULL, y[s], POINTS};
        }
        struct line_chart chart = {"shapes", "step", "value", 0, 0, series,
                                   (size_t)(1 + shape % SERIES), NULL, SVG_LINES, 0};
        struct error err = {{0}};
        assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
        char *text = read_checked_svg(path);
        assert_legend_covers_no_line(text);
        free(text);
    }
}

/* Series in turn get a colour and a dash pattern: two identical series
 * are drawn differently (the second dashed), so both stay visible. */
static void test_coincident_series_stay_distinguishable(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "same.svg");
    double y[3] = {3.0, 2.0, 1.0};
    struct svg_series series[4] = {
        {"a", NULL, y, 3}, {"b", NULL, y, 3}, {"c", NULL, y, 3}, {"d", NULL, y, 3}};
    struct line_chart chart = {"the same data four times", NULL, NULL, 0, 0, series, 4, NULL,
                               SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    char *text = read_checked_svg(path);
    char style[4][160];
    const char *at = text;
    for (int s = 0; s < 4; s++) {
        at = strstr(at, "<polyline");
        assert_non_null(at);
        const char *end = strstr(at, "points=");
        size_t length = (size_t)(end - at) < sizeof style[s] ? (size_t)(end - at)
                                                              : sizeof style[s] - 1;
        memcpy(style[s], at, length);
        style[s][length] = '\0';
        at++;
    }
    assert_null(strstr(style[0], "stroke-dasharray"));      /* solid */
    for (int s = 1; s < 4; s++) {
        assert_non_null(strstr(style[s], "stroke-dasharray"));
        for (int r = 0; r < s; r++) {
            assert_string_not_equal(style[s], style[r]);
        }
    }
    free(text);
}

/* A chart may pick each series' style: style k is colour k mod 7 of the
 * palette (6 is black) with dash k mod 4 (2 is dotted "2,3", 1 is dashed
 * "7,4"), whatever the series' position. */
static void test_picked_styles(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "picked.svg");
    double y[3] = {3.0, 2.0, 1.0};
    struct svg_series series[2] = {{"black, dotted", NULL, y, 3}, {"vermillion", NULL, y, 3}};
    const size_t styles[2] = {6, 1};
    struct line_chart chart = {"picked", NULL, NULL, 0, 0, series, 2, styles, SVG_LINES, 0};
    struct error err = {{0}};
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    char *text = read_checked_svg(path);
    const char *first = strstr(text, "<polyline");
    assert_non_null(first);
    const char *second = strstr(first + 1, "<polyline");
    assert_non_null(second);
    const char *first_end = strstr(first, "points=");
    assert_true(first_end != NULL && first_end < second);
    const char *colour = strstr(first, "stroke=\"#000000\"");
    const char *dash = strstr(first, "stroke-dasharray=\"2,3\"");
    assert_true(colour != NULL && colour < first_end);
    assert_true(dash != NULL && dash < first_end);
    assert_non_null(strstr(second, "stroke=\"#D55E00\""));
    assert_non_null(strstr(second, "stroke-dasharray=\"7,4\""));
    free(text);
}

/* Trajectories whose paths fill the corners push the legend outside, and
 * a contour plot's axes are named w0 and w1 unless told otherwise. */
static double paraboloid(double x, double y, const void *context);

static void test_contour_legend_and_axis_names(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "paths.svg");
    double diag_x[3] = {-2.0, 0.0, 2.0}, up[3] = {-2.0, 0.0, 2.0}, down[3] = {2.0, 0.0, -2.0};
    struct svg_path paths[2] = {{"one way", diag_x, up, 3}, {"the other", diag_x, down, 3}};
    struct svg_arrow arrow = {.label = "a vector", .x0 = 0, .y0 = 0, .x1 = 1, .y1 = 0.5};
    struct svg_point_label point = {.x = -1.0, .y = 0.5, .text = "a point"};
    struct contour_plot plot = {
        .title = "crossed", .f = paraboloid, .x_min = -2, .x_max = 2, .y_min = -2, .y_max = 2,
        .level_count = 6, .paths = paths, .path_count = 2, .marker_x = 0, .marker_y = 0,
        .arrows = &arrow, .arrow_count = 1, .point_labels = &point, .point_label_count = 1,
    };
    struct error err = {{0}};
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), 0);
    char *text = read_checked_svg(path);
    assert_true(find_legend(text).x > 612.0);
    assert_non_null(strstr(text, ">w0</text>"));
    assert_non_null(strstr(text, ">w1</text>"));
    assert_non_null(strstr(text, ">a vector</text>"));
    assert_non_null(strstr(text, ">a point</text>"));
    assert_int_equal(count_substring(text, "stroke-dasharray=\"7,4\""), 2);  /* path + legend */
    assert_legend_covers_no_line(text);
    free(text);

    plot.x_label = "x";
    plot.y_label = "y <up>";
    plot.path_count = 1;                /* a corner is free again */
    plot.arrow_count = 0;
    plot.point_label_count = 0;
    plot.equal_scale = 1;
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), 0);
    text = read_checked_svg(path);
    assert_true(find_legend(text).x < 612.0);
    assert_non_null(strstr(text, ">x</text>"));
    assert_non_null(strstr(text, ">y &lt;up&gt;</text>"));
    assert_null(strstr(text, ">w0</text>"));
    assert_legend_covers_no_line(text);
    free(text);
}

/* ---- Marching squares ------------------------------------------------------ */

struct segment_list {
    double point[4096][2];      /* segment k: point[2k] to point[2k + 1] */
    size_t count;               /* points stored (twice the segments) */
};

static void collect_segment(double x0, double y0, double x1, double y1, void *context)
{
    struct segment_list *list = context;
    assert_true(list->count + 2 <= 4096);
    list->point[list->count][0] = x0;
    list->point[list->count][1] = y0;
    list->point[list->count + 1][0] = x1;
    list->point[list->count + 1][1] = y1;
    list->count += 2;
}

/* The contour x^2 + y^2 = 1 is the unit circle: every crossing lies within a
 * cell of radius 1, and the segments close up -- every end point is shared
 * by exactly two segments (bit for bit: neighbouring cells compute a shared
 * edge's crossing identically). */
static void test_contour_of_paraboloid_is_a_closed_circle(void **state)
{
    (void)state;
    enum { N = 41 };                /* [-2, 2] in steps of 0.1 */
    static double value[N * N];
    struct svg_grid grid = {value, N, N, -2.0, 2.0, -2.0, 2.0};
    for (size_t j = 0; j < N; j++) {
        for (size_t i = 0; i < N; i++) {
            double x = -2.0 + 4.0 * (double)i / (N - 1), y = -2.0 + 4.0 * (double)j / (N - 1);
            value[j * N + i] = x * x + y * y;
        }
    }
    static struct segment_list list;
    list.count = 0;
    svg_contour_segments(&grid, 1.0, collect_segment, &list);
    assert_true(list.count >= 2 * 40);      /* a circle of radius 10 cells */

    const double cell = 0.1;
    for (size_t k = 0; k < list.count; k++) {
        double radius = hypot(list.point[k][0], list.point[k][1]);
        if (fabs(radius - 1.0) > cell) {
            fail_msg("crossing (%g, %g) has radius %g, not 1 within a cell",
                     list.point[k][0], list.point[k][1], radius);
        }
        size_t shared = 0;
        for (size_t m = 0; m < list.count; m++) {
            shared += list.point[m][0] == list.point[k][0]
                      && list.point[m][1] == list.point[k][1];
        }
        if (shared != 2) {
            fail_msg("end point (%g, %g) is shared by %zu segments, not 2: the contour is open",
                     list.point[k][0], list.point[k][1], shared);
        }
    }
}

/* One cell, corners 0 or 1, level 0.5: each of the 16 cases gives the
 * expected number of segments, each joining midpoints of two edges. */
static void test_marching_squares_all_sixteen_cases(void **state)
{
    (void)state;
    for (int index = 0; index < 16; index++) {
        /* value[j * 2 + i]: BL = (0,0), BR = (1,0), TR = (1,1), TL = (0,1) */
        double value[4] = {index & 1, (index >> 1) & 1, (index >> 3) & 1, (index >> 2) & 1};
        struct svg_grid grid = {value, 2, 2, 0.0, 1.0, 0.0, 1.0};
        static struct segment_list list;
        list.count = 0;
        svg_contour_segments(&grid, 0.5, collect_segment, &list);
        size_t expected = (index == 0 || index == 15) ? 0 : (index == 5 || index == 10) ? 2 : 1;
        if (list.count != 2 * expected) {
            fail_msg("case %d: %zu segments, expected %zu", index, list.count / 2, expected);
        }
        for (size_t k = 0; k < list.count; k++) {
            double x = list.point[k][0], y = list.point[k][1];
            int on_vertical_edge = (x == 0.0 || x == 1.0) && y == 0.5;
            int on_horizontal_edge = (y == 0.0 || y == 1.0) && x == 0.5;
            assert_true(on_vertical_edge || on_horizontal_edge);
        }
    }
}

/* The saddle, case 5: bottom-left and top-right are 1, the others 0, the
 * centre (the mean) 0.5. Below 0.5 the high corners are joined through the
 * centre and the segments cut off the LOW corners (bottom-right, top-left);
 * above 0.5 they cut off the high corners. */
static void test_marching_squares_saddle_uses_the_centre(void **state)
{
    (void)state;
    double value[4] = {1.0, 0.0, 0.0, 1.0};  /* BL, BR, TL, TR */
    struct svg_grid grid = {value, 2, 2, 0.0, 1.0, 0.0, 1.0};
    static struct segment_list list;

    list.count = 0;
    svg_contour_segments(&grid, 0.4, collect_segment, &list);
    assert_int_equal(list.count, 4);
    for (size_t k = 0; k < list.count; k += 2) {
        /* each segment stays in the triangle of a low corner: x - y has one
         * sign at both of its ends */
        double d0 = list.point[k][0] - list.point[k][1];
        double d1 = list.point[k + 1][0] - list.point[k + 1][1];
        assert_true(d0 * d1 > 0);
        assert_true(fabs(d0) > 0.5 && fabs(d1) > 0.5);
    }

    list.count = 0;
    svg_contour_segments(&grid, 0.6, collect_segment, &list);
    assert_int_equal(list.count, 4);
    for (size_t k = 0; k < list.count; k += 2) {
        /* each segment cuts off a high corner: x + y is small at both ends
         * (near BL) or large at both ends (near TR) */
        double s0 = list.point[k][0] + list.point[k][1];
        double s1 = list.point[k + 1][0] + list.point[k + 1][1];
        assert_true((s0 < 1.0 && s1 < 1.0) || (s0 > 1.0 && s1 > 1.0));
    }
}

static void test_cells_with_nan_are_skipped(void **state)
{
    (void)state;
    double value[9] = {0, 0, 0, 0, NAN, 0, 1, 1, 1};   /* 3 x 3, NaN in the middle */
    struct svg_grid grid = {value, 3, 3, 0.0, 2.0, 0.0, 2.0};
    static struct segment_list list;
    list.count = 0;
    svg_contour_segments(&grid, 0.5, collect_segment, &list);
    assert_int_equal(list.count, 0);     /* every cell touches the NaN */
}

/* ---- Contour plots ----------------------------------------------------------- */

static double paraboloid(double x, double y, const void *context)
{
    (void)context;
    return x * x + y * y;
}

static double hole_at_origin(double x, double y, const void *context)
{
    (void)context;
    double r2 = x * x + y * y;
    return r2 == 0.0 ? INFINITY : 1.0 / r2 - r2;        /* Inf at the centre of the grid */
}

static void test_contour_plot_file(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "bowl.svg");
    double gd_x[8] = {1.5, -1.2, NAN, 0.5, 0.3, 30.0, 0.1, 0.0};  /* a NaN, one far out */
    double gd_y[8] = {1.5, 0.9, 0.0, -0.4, 0.2, 1e300, 0.05, 0.0};
    double adam_x[3] = {-1.5, -0.5, 0.0}, adam_y[3] = {-1.0, -0.2, 0.0};
    struct svg_path paths[2] = {{"GD & co", gd_x, gd_y, 8}, {"Adam", adam_x, adam_y, 3}};
    struct contour_plot plot = {
        .title = "x^2 + y^2 <bowl>", .f = paraboloid,
        .x_min = -2, .x_max = 2, .y_min = -2, .y_max = 2,
        .level_count = 8, .log_levels = 0, .paths = paths, .path_count = 2,
        .marker_x = 0.0, .marker_y = 0.0,       /* marker_label NULL: "minimum" */
    };
    struct error err = {{0}};
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), 0);

    char *text = read_checked_svg(path);
    assert_non_null(strstr(text, "<clipPath id=\"plot-area\">"));
    assert_non_null(strstr(text, "x^2 + y^2 &lt;bowl&gt;"));
    assert_non_null(strstr(text, "GD &amp; co"));
    assert_non_null(strstr(text, ">Adam</text>"));
    assert_non_null(strstr(text, ">minimum</text>"));
    /* GD: points [0, 2), [3, 5) and [6, 8), broken by the NaN and by the
     * point far outside; Adam: one line. */
    assert_int_equal(count_substring(text, "<polyline"), 4);
    assert_int_equal(count_substring(text, "stroke-linecap=\"round\" d=\"M"), 8);
    free(text);

    plot.log_levels = 1;        /* geometric levels work with a minimum of 0 */
    plot.f = hole_at_origin;    /* and an Inf on the grid leaves a hole */
    plot.marker_label = "saddle <point>";
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), 0);
    text = read_checked_svg(path);
    assert_non_null(strstr(text, ">saddle &lt;point&gt;</text>"));
    free(text);

    plot.marker_x = NAN;        /* no marker: no cross, no legend row */
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), 0);
    text = read_checked_svg(path);
    assert_null(strstr(text, "saddle"));
    free(text);
}

static void test_contour_plot_same_input_same_bytes(void **state)
{
    struct scratch *scratch = *state;
    const char *first = scratch_file(scratch, "c1.svg");
    const char *second = scratch_file(scratch, "c2.svg");
    double x[3] = {1, 0.5, 0}, y[3] = {1, 0.3, 0};
    struct svg_path path = {"GD", x, y, 3};
    struct contour_plot plot = {
        .title = "bowl", .f = paraboloid, .x_min = -2, .x_max = 2, .y_min = -1, .y_max = 1,
        .level_count = 10, .log_levels = 1, .paths = &path, .path_count = 1,
        .marker_x = 0, .marker_y = 0,
    };
    struct error err = {{0}};
    assert_int_equal(svg_write_contour_plot(first, &plot, &err), 0);
    assert_int_equal(svg_write_contour_plot(second, &plot, &err), 0);
    size_t first_length, second_length;
    char *first_text = read_file(first, &first_length);
    char *second_text = read_file(second, &second_length);
    assert_non_null(first_text);
    assert_non_null(second_text);
    assert_int_equal(first_length, second_length);
    assert_memory_equal(first_text, second_text, first_length);
    free(first_text);
    free(second_text);
}

static void test_contour_plot_rejects_empty_box(void **state)
{
    (void)state;
    struct contour_plot plot = {
        .title = "flat box", .f = paraboloid, .x_min = 1, .x_max = 1, .y_min = -1, .y_max = 1,
        .level_count = 10, .marker_x = 0, .marker_y = 0,
    };
    struct error err = {{0}};
    assert_int_equal(svg_write_contour_plot("/tmp/never-written.svg", &plot, &err), -1);
    assert_non_null(strstr(err.message, "x_min < x_max"));
    assert_false(file_exists("/tmp/never-written.svg"));
}

static void test_contour_plot_unwritable_path(void **state)
{
    (void)state;
    const char *path = "/nonexistent-descent-dir/bowl.svg";
    struct contour_plot plot = {
        .title = "bowl", .f = paraboloid, .x_min = -1, .x_max = 1, .y_min = -1, .y_max = 1,
        .level_count = 5, .marker_x = NAN, .marker_y = NAN,
    };
    struct error err = {{0}};
    assert_int_equal(svg_write_contour_plot(path, &plot, &err), -1);
    assert_non_null(strstr(err.message, path));
}

/* Three measurements at 1, 2 and 4 ranks: the x axis (1 to 4 with a margin)
 * would get ticks every 0.5 (6 wanted over about 3.3: a raw step of 0.55,
 * nice 0.5), so 1.5, 2.5 and 3.5 appear; with integer_x only 1, 2, 3 and 4.
 * SVG_LINES_AND_POINTS adds a dot on each of the 3 points and one in the
 * legend's sample; SVG_POINTS draws the dots without any line. */
static void test_points_and_whole_ticks(void **state)
{
    struct scratch *scratch = *state;
    const char *path = scratch_file(scratch, "ranks.svg");
    double ranks[3] = {1, 2, 4}, seconds[3] = {0.036, 0.152, 0.640};
    struct svg_series series = {"seconds per epoch", ranks, seconds, 3};
    struct line_chart chart = {"time", "ranks", "s", 0, 0, &series, 1, NULL, SVG_LINES, 0};
    struct error err = {{0}};

    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    char *text = read_checked_svg(path);
    assert_non_null(strstr(text, ">1.5</text>"));
    assert_int_equal(count_substring(text, "<circle"), 0);
    free(text);

    chart.integer_x = 1;
    chart.marks = SVG_LINES_AND_POINTS;
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    text = read_checked_svg(path);
    static const char *const whole[] = {">1</text>", ">2</text>", ">3</text>", ">4</text>"};
    for (size_t i = 0; i < 4; i++)
        assert_non_null(strstr(text, whole[i]));
    assert_null(strstr(text, ">1.5</text>"));
    assert_null(strstr(text, ">2.5</text>"));
    assert_null(strstr(text, ">3.5</text>"));
    assert_int_equal(count_substring(text, "<polyline"), 1);
    assert_int_equal(count_substring(text, "<circle"), 3 + 1);
    free(text);

    double other[2] = {0.1, 0.2}, other_x[2] = {1, 3};
    struct svg_series two[2] = {series, {"other", other_x, other, 2}};
    chart.series = two;
    chart.series_count = 2;
    chart.marks = SVG_POINTS;
    assert_int_equal(svg_write_line_chart(path, &chart, &err), 0);
    text = read_checked_svg(path);
    assert_int_equal(count_substring(text, "<polyline"), 0);
    assert_int_equal(count_substring(text, "<circle"), 3 + 2 + 2); /* points, legend */
    free(text);
}

static const struct harness_test tests[] = {
    {"svg_linear_ticks_step_of_one", test_linear_ticks_step_of_one, 1, 10, "linear ticks step of one"},
    {"svg_linear_ticks_small_steps_get_decimals", test_linear_ticks_small_steps_get_decimals, 1, 10, "linear ticks small steps get decimals"},
    {"svg_linear_ticks_nice_steps_two_and_five", test_linear_ticks_nice_steps_two_and_five, 1, 10, "linear ticks nice steps two and five"},
    {"svg_linear_ticks_never_print_negative_zero", test_linear_ticks_never_print_negative_zero, 1, 10, "linear ticks never print negative zero"},
    {"svg_log_ticks_are_decades", test_log_ticks_are_decades, 1, 10, "log ticks are decades"},
    {"svg_log_ticks_exact_decades_stay", test_log_ticks_exact_decades_stay, 1, 10, "log ticks exact decades stay"},
    {"svg_log_ticks_thin_out_many_decades", test_log_ticks_thin_out_many_decades, 1, 10, "log ticks thin out many decades"},
    {"svg_series_without_y_is_an_error", test_series_without_y_is_an_error, 1, 10, "series without y is an error"},
    {"svg_unwritable_directory_fails_cleanly", test_unwritable_directory_fails_cleanly, 1, 10, "unwritable directory fails cleanly"},
    {"svg_contour_of_paraboloid_is_a_closed_circle", test_contour_of_paraboloid_is_a_closed_circle, 1, 10, "contour of paraboloid is a closed circle"},
    {"svg_marching_squares_all_sixteen_cases", test_marching_squares_all_sixteen_cases, 1, 10, "marching squares all sixteen cases"},
    {"svg_marching_squares_saddle_uses_the_centre", test_marching_squares_saddle_uses_the_centre, 1, 10, "marching squares saddle uses the centre"},
    {"svg_cells_with_nan_are_skipped", test_cells_with_nan_are_skipped, 1, 10, "cells with nan are skipped"},
    {"svg_contour_plot_rejects_empty_box", test_contour_plot_rejects_empty_box, 1, 10, "contour plot rejects empty box"},
    {"svg_contour_plot_unwritable_path", test_contour_plot_unwritable_path, 1, 10, "contour plot unwritable path"},
    {"svg_line_chart_structure_and_escaping", test_line_chart_structure_and_escaping, 1, 10, "line chart structure and escaping"},
    {"svg_nan_breaks_the_line", test_nan_breaks_the_line, 1, 10, "nan breaks the line"},
    {"svg_log_axis_skips_non_positive_values", test_log_axis_skips_non_positive_values, 1, 10, "log axis skips non positive values"},
    {"svg_single_point_and_constant_series_draw", test_single_point_and_constant_series_draw, 1, 10, "single point and constant series draw"},
    {"svg_failed_rename_removes_temporary_file", test_failed_rename_removes_temporary_file, 1, 10, "failed rename removes temporary file"},
    {"svg_same_input_same_bytes", test_same_input_same_bytes, 1, 10, "same input same bytes"},
    {"svg_contour_plot_file", test_contour_plot_file, 1, 10, "contour plot file"},
    {"svg_contour_plot_same_input_same_bytes", test_contour_plot_same_input_same_bytes, 1, 10, "contour plot same input same bytes"},
    {"svg_legend_goes_outside_when_every_corner_is_taken", test_legend_goes_outside_when_every_corner_is_taken, 1, 10, "legend goes outside when every corner is taken"},
    {"svg_legend_never_covers_a_segment", test_legend_never_covers_a_segment, 1, 10, "legend never covers a segment"},
    {"svg_legend_holds_wide_labels", test_legend_holds_wide_labels, 1, 10, "a legend box holds labels of wide letters"},
    {"svg_coincident_series_stay_distinguishable", test_coincident_series_stay_distinguishable, 1, 10, "coincident series stay distinguishable"},
    {"svg_picked_styles", test_picked_styles, 1, 10, "a chart may pick each series' style"},
    {"svg_points_and_whole_ticks", test_points_and_whole_ticks, 1, 10, "dots on the points, ticks on whole numbers"},
    {"svg_contour_legend_and_axis_names", test_contour_legend_and_axis_names, 1, 10, "contour legend and axis names"},
};

const struct harness_suite lesson_public = HARNESS_SUITE_WITH_FIXTURES(tests, scratch_setup, scratch_teardown);
