/* svg.c -- see svg.h.
 *
 * The file is laid out bottom-up:
 *   1. writing: printf into a file and escaping text (the file itself is an
 *      output_file: written as PATH.tmp and renamed onto PATH when complete);
 *   2. ticks: "nice" linear steps and log decades;
 *   3. axes: mapping data to pixels, the frame, ticks, labels and legend;
 *   4. the line chart;
 *   5. marching squares and the contour plot.
 *
 * An SVG file is text: shapes such as <polyline points="x,y x,y ..."/> in a
 * coordinate system whose origin is the TOP-left corner, y pointing down.
 * All coordinates are printed with "%.2f": a hundredth of a pixel is finer
 * than any screen, and a fixed format makes the output byte-identical. */
#include "svg.h"
#include "output_file.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Layout ---------------------------------------------------------------- */

#define CANVAS_WIDTH 640
#define CANVAS_HEIGHT 420

/* The plot area: the framed box the data is drawn in, in pixels. The margins
 * leave room for the title above and for tick labels and axis labels on the
 * left and below. */
#define PLOT_LEFT 80.0
#define PLOT_RIGHT 612.0
#define PLOT_TOP 42.0
#define PLOT_BOTTOM 360.0

#define FONT_SIZE 13            /* tick labels, axis labels, legend */
#define TITLE_FONT_SIZE 15
#define CHAR_WIDTH 8.0          /* average width of a character at FONT_SIZE, to size the legend box */
#define TICK_LENGTH 5.0
#define RANGE_MARGIN 0.04       /* fraction of the data range added at each end of an axis */
#define X_TICK_TARGET 6         /* about this many ticks; more would crowd the labels */
#define Y_TICK_TARGET 6
#define LINE_WIDTH 1.5

/* A point further than this from the canvas (a diverging run, 1e30) is not
 * drawn: its coordinate would print as dozens of digits. */
#define FAR_PIXELS 1e5

/* The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2002):
 * colours that stay distinct for the common kinds of colour blindness. Its
 * yellow is left out because it cannot be read on white. */
static const char *const PALETTE[] = {
    "#0072B2", /* blue */
    "#D55E00", /* vermillion */
    "#009E73", /* bluish green */
    "#CC79A7", /* reddish purple */
    "#E69F00", /* orange */
    "#56B4E9", /* sky blue */
    "#000000", /* black */
};
#define PALETTE_SIZE (sizeof PALETTE / sizeof PALETTE[0])

/* Each series also gets a dash pattern, in turn with the colours: solid,
 * dashed, dotted, dash-dotted. Four patterns against seven colours repeat
 * together only after 28 series, and two series that lie on top of each
 * other both stay visible: the later one's gaps show the earlier one. */
static const char *const DASHES[] = {NULL, "7,4", "2,3", "9,3,2,3"};
#define DASH_COUNT (sizeof DASHES / sizeof DASHES[0])

/* How the line number `index` of a chart is drawn. */
struct line_style {
    const char *colour;
    const char *dash; /* an SVG stroke-dasharray, or NULL for a solid line */
};

static struct line_style line_style(size_t index)
{
    struct line_style style = {PALETTE[index % PALETTE_SIZE], DASHES[index % DASH_COUNT]};
    return style;
}

/* How series k of a chart is drawn: the style it names, else style k. */
static struct line_style series_style(const struct line_chart *chart, size_t k)
{
    return line_style(chart->styles != NULL ? chart->styles[k] : k);
}

/* ---- 1. Writing ---------------------------------------------------------------- */

struct svg_writer {
    FILE *file;
    int failed;         /* 1 after the first failed write; later writes are skipped */
    int error_number;   /* errno of that failure, 0 if the library set none */
};

/* printf into the file; records the first failure instead of returning it,
 * so drawing code stays free of error checks. The caller looks at
 * out->failed once, before renaming the file into place. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(struct svg_writer *out, const char *format, ...)
{
    if (out->failed) {
        return;
    }
    va_list args;
    va_start(args, format);
    errno = 0;
    int written = vfprintf(out->file, format, args);
    va_end(args);
    if (written < 0) {
        out->failed = 1;
        out->error_number = errno;
    }
}

/* Writes text as SVG character data: the four characters with a meaning in
 * XML become entities (& -> &amp;, < -> &lt;, > -> &gt;, " -> &quot;), and
 * control characters, which XML forbids, become spaces. */
static void put_text(struct svg_writer *out, const char *text)
{
    for (const char *c = text; *c != '\0'; c++) {
        switch (*c) {
        case '&': put(out, "&amp;"); break;
        case '<': put(out, "&lt;"); break;
        case '>': put(out, "&gt;"); break;
        case '"': put(out, "&quot;"); break;
        default: put(out, "%c", (unsigned char)*c < 0x20 ? ' ' : *c); break;
        }
    }
}

/* ---- 2. Ticks ------------------------------------------------------------------ */

/* The text of a tick on a linear axis whose step is (1, 2 or 5) x
 * 10^step_exponent and whose largest tick is `largest` in absolute value.
 * Fixed-point with just as many decimals as the step needs (a step of 0.05
 * needs 2), or scientific notation for very large or very small numbers. */
static void format_linear_label(char *label, size_t size, double value,
                                int step_exponent, double largest)
{
    int decimals = step_exponent < 0 ? -step_exponent : 0;
    if (largest < 1e6 && decimals <= 6) {
        snprintf(label, size, "%.*f", decimals, value);
        return;
    }
    if (value == 0.0) {
        snprintf(label, size, "0");     /* not "0.0e+00" */
        return;
    }
    int digits = (largest > 0 ? (int)floor(log10(largest)) : 0) - step_exponent;
    if (digits < 0) {
        digits = 0;
    }
    if (digits > 6) {
        digits = 6;
    }
    snprintf(label, size, "%.*e", digits, value);
}

void svg_linear_ticks(double lo, double hi, size_t target_count,
                      struct svg_ticks *ticks)
{
    assert(isfinite(lo) && isfinite(hi) && lo < hi && target_count >= 1);

    /* The "nice numbers" rule (P. Heckbert, Graphics Gems, 1990): write the
     * raw step (hi - lo) / target_count as m x 10^k with 1 <= m < 10, then
     * round m to 1 (m < 1.5), 2 (m < 3), 5 (m < 7) or 10. People read steps
     * of 1, 2 and 5 at a glance; steps of 3 or 7 they have to work out. */
    double raw_step = (hi - lo) / (double)target_count;
    int exponent = (int)floor(log10(raw_step));
    double mantissa = raw_step / pow(10.0, exponent);
    double nice;
    if (mantissa < 1.5) {
        nice = 1.0;
    } else if (mantissa < 3.0) {
        nice = 2.0;
    } else if (mantissa < 7.0) {
        nice = 5.0;
    } else {
        nice = 1.0;
        exponent += 1;
    }
    double step = nice * pow(10.0, exponent);

    /* The ticks are the multiples n * step in [lo, hi]. Each is computed from
     * its integer n rather than by adding step again and again, so rounding
     * errors do not pile up. The 1e-9 lets a bound that is a multiple up to
     * rounding (7.0000000001) count as one. */
    double first = ceil(lo / step - 1e-9);
    double last = floor(hi / step + 1e-9);
    double largest = fmax(fabs(first * step), fabs(last * step));
    ticks->count = 0;
    for (double n = first; n <= last && ticks->count < SVG_MAX_TICKS; n += 1.0) {
        double value = (n == 0.0) ? 0.0 : n * step;   /* never print "-0" */
        ticks->value[ticks->count] = value;
        format_linear_label(ticks->label[ticks->count], sizeof ticks->label[0],
                            value, exponent, largest);
        ticks->count++;
    }
}

#define MAX_LOG_DECADES 10      /* more decades than this: label every k-th */
#define MIN_DECIMAL_EXPONENT (-300)  /* 10^e stays a normal double in this range */
#define MAX_DECIMAL_EXPONENT 300

void svg_log_ticks(double lo, double hi, struct svg_ticks *ticks)
{
    assert(0 < lo && lo <= hi && isfinite(hi));

    /* The powers of ten just below lo and just above hi. The 1e-9 keeps an
     * exact power (log10(0.01) = -2 up to rounding) from moving a decade. */
    int first = (int)floor(log10(lo) + 1e-9);
    int last = (int)ceil(log10(hi) - 1e-9);
    if (first < MIN_DECIMAL_EXPONENT) {
        first = MIN_DECIMAL_EXPONENT;
    }
    if (last > MAX_DECIMAL_EXPONENT) {
        last = MAX_DECIMAL_EXPONENT;
    }
    if (last <= first) {        /* all data inside one decade, or one value */
        last = first + 1;
    }

    /* Label every stride-th decade, and move the last one up so that the
     * axis ends on a label. */
    int stride = (last - first + MAX_LOG_DECADES - 1) / MAX_LOG_DECADES;
    last = first + stride * ((last - first + stride - 1) / stride);

    ticks->count = 0;
    for (int e = first; e <= last && ticks->count < SVG_MAX_TICKS; e += stride) {
        ticks->value[ticks->count] = pow(10.0, e);
        snprintf(ticks->label[ticks->count], sizeof ticks->label[0], "1e%d", e);
        ticks->count++;
    }
}

/* ---- 3. Axes ------------------------------------------------------------------- */

struct axis {
    int log;                    /* 1: positions are log10 of the values */
    double lo, hi;              /* the range shown, in axis units (log10(value) on a log axis) */
    double pixel_lo, pixel_hi;  /* the canvas coordinates of lo and hi */
    struct svg_ticks ticks;
};

struct frame {                  /* the two axes of one plot area */
    struct axis x, y;
};

/* 1 if value can be placed on the axis: finite, and positive on a log axis. */
static int axis_accepts(const struct axis *axis, double value)
{
    return isfinite(value) && (!axis->log || value > 0.0);
}

static double axis_units(const struct axis *axis, double value)
{
    return axis->log ? log10(value) : value;
}

/* The canvas coordinate of value: the straight-line map sending lo to
 * pixel_lo and hi to pixel_hi, applied to value or to log10(value). */
static double axis_pixel(const struct axis *axis, double value)
{
    double fraction = (axis_units(axis, value) - axis->lo) / (axis->hi - axis->lo);
    return axis->pixel_lo + fraction * (axis->pixel_hi - axis->pixel_lo);
}

/* Sets up a linear axis showing exactly [lo, hi] (lo < hi). */
static void axis_set_linear(struct axis *axis, double lo, double hi, size_t tick_target)
{
    axis->log = 0;
    axis->lo = lo;
    axis->hi = hi;
    svg_linear_ticks(lo, hi, tick_target, &axis->ticks);
}

/* Ticks of a linear axis on whole numbers only (a count: ranks, workers):
 * if the ticks chosen are closer than 1 apart, choose them again for about
 * as many ticks as there are whole numbers in the range. The raw step is then
 * at least 1, so the nice step (1, 2, 5 x 10^k) is a whole number. A range
 * with fewer than two whole numbers in it keeps its ticks. */
static void axis_whole_ticks(struct axis *axis)
{
    double first = ceil(axis->lo), last = floor(axis->hi);
    int close = axis->ticks.count >= 2 && axis->ticks.value[1] - axis->ticks.value[0] < 1.0;
    if (close && last >= first + 1.0) {
        svg_linear_ticks(axis->lo, axis->hi, (size_t)(last - first), &axis->ticks);
    }
}

/* Sets up a linear axis for data in [data_lo, data_hi], with a margin.
 * have_data 0: nothing to show, use [0, 1]. */
static void axis_fit_linear(struct axis *axis, double data_lo, double data_hi,
                            int have_data, size_t tick_target)
{
    double lo = 0.0, hi = 1.0;
    if (have_data) {
        double span = data_hi - data_lo;
        double half_width;
        if (span <= 1e-12 * fmax(fabs(data_lo), fabs(data_hi))) {
            /* A constant (or a single point): a zero range would divide by
             * zero in axis_pixel, so open one up, 10% of the value each way. */
            half_width = data_lo == 0.0 ? 1.0 : 0.1 * fabs(data_lo);
            data_hi = data_lo;
        } else {
            half_width = RANGE_MARGIN * span;
        }
        lo = data_lo - half_width;
        hi = data_hi + half_width;
    }
    axis_set_linear(axis, lo, hi, tick_target);
}

/* Sets up a log axis for positive data in [data_lo, data_hi]: it runs from
 * the decade below to the decade above, plus a margin. have_data 0: [1, 10]. */
static void axis_fit_log(struct axis *axis, double data_lo, double data_hi, int have_data)
{
    if (!have_data) {
        data_lo = 1.0;
        data_hi = 10.0;
    }
    axis->log = 1;
    svg_log_ticks(data_lo, data_hi, &axis->ticks);
    double first = log10(axis->ticks.value[0]);
    double last = log10(axis->ticks.value[axis->ticks.count - 1]);
    double margin = RANGE_MARGIN * (last - first);
    axis->lo = first - margin;
    axis->hi = last + margin;
}

/* The canvas point of data point (x, y). Returns 1, or 0 if the point cannot
 * be drawn: NaN or Inf, not positive on a log axis, or far off the canvas. */
static int frame_pixel(const struct frame *frame, double x, double y,
                       double *pixel_x, double *pixel_y)
{
    if (!axis_accepts(&frame->x, x) || !axis_accepts(&frame->y, y)) {
        return 0;
    }
    *pixel_x = axis_pixel(&frame->x, x);
    *pixel_y = axis_pixel(&frame->y, y);
    return fabs(*pixel_x) <= FAR_PIXELS && fabs(*pixel_y) <= FAR_PIXELS;
}

/* Places the axes on the plot area. The y axis runs upwards, so its low end
 * is at the bottom, where the canvas y coordinate is largest. */
static void frame_place(struct frame *frame)
{
    frame->x.pixel_lo = PLOT_LEFT;
    frame->x.pixel_hi = PLOT_RIGHT;
    frame->y.pixel_lo = PLOT_BOTTOM;
    frame->y.pixel_hi = PLOT_TOP;
}

/* The opening tag, with the size and the default font, and a white page.
 * width is CANVAS_WIDTH, or more when the legend sits right of the plot. */
static void put_document_begin(struct svg_writer *out, double width)
{
    put(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%d\""
             " viewBox=\"0 0 %.0f %d\" font-family=\"sans-serif\" font-size=\"%d\">\n",
        width, CANVAS_HEIGHT, width, CANVAS_HEIGHT, FONT_SIZE);
    put(out, "<rect width=\"%.0f\" height=\"%d\" fill=\"white\"/>\n", width, CANVAS_HEIGHT);
    /* The clip path: whatever is drawn inside a group with
     * clip-path="url(#plot-area)" is cut off at the frame. */
    put(out, "<defs><clipPath id=\"plot-area\"><rect x=\"%.2f\" y=\"%.2f\""
             " width=\"%.2f\" height=\"%.2f\"/></clipPath></defs>\n",
        PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP);
}

static void put_document_end(struct svg_writer *out)
{
    put(out, "</svg>\n");
}

/* The title, centred above the plot area. */
static void put_title(struct svg_writer *out, const char *title)
{
    if (title == NULL || title[0] == '\0') {
        return;
    }
    put(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"%d\""
             " font-weight=\"bold\">",
        (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_TOP - 16, TITLE_FONT_SIZE);
    put_text(out, title);
    put(out, "</text>\n");
}

/* Light grid lines across the plot area at every labelled tick. */
static void put_grid(struct svg_writer *out, const struct frame *frame)
{
    put(out, "<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
    for (size_t i = 0; i < frame->x.ticks.count; i++) {
        double x = axis_pixel(&frame->x, frame->x.ticks.value[i]);
        put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
            x, PLOT_TOP, x, PLOT_BOTTOM);
    }
    for (size_t i = 0; i < frame->y.ticks.count; i++) {
        double y = axis_pixel(&frame->y, frame->y.ticks.value[i]);
        put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
            PLOT_LEFT, y, PLOT_RIGHT, y);
    }
    put(out, "</g>\n");
}

/* Short unlabelled marks at 2, 3, ..., 9 x 10^k between the decades of a
 * log axis, so the eye can read values between the labels. Drawn only when
 * every decade is labelled. is_x: the axis runs along the bottom edge. */
static void put_minor_log_ticks(struct svg_writer *out, const struct axis *axis, int is_x)
{
    const struct svg_ticks *ticks = &axis->ticks;
    if (!axis->log || ticks->count < 2 || ticks->value[1] > 10.5 * ticks->value[0]) {
        return;
    }
    for (size_t i = 0; i + 1 < ticks->count; i++) {
        for (int multiple = 2; multiple <= 9; multiple++) {
            double at = axis_pixel(axis, multiple * ticks->value[i]);
            if (is_x) {
                put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
                    at, PLOT_BOTTOM, at, PLOT_BOTTOM + TICK_LENGTH / 2);
            } else {
                put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
                    PLOT_LEFT - TICK_LENGTH / 2, at, PLOT_LEFT, at);
            }
        }
    }
}

/* Tick marks and their labels: below the plot area for x, left of it for y. */
static void put_ticks(struct svg_writer *out, const struct frame *frame)
{
    put(out, "<g stroke=\"black\" stroke-width=\"1\">\n");
    for (size_t i = 0; i < frame->x.ticks.count; i++) {
        double x = axis_pixel(&frame->x, frame->x.ticks.value[i]);
        put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
            x, PLOT_BOTTOM, x, PLOT_BOTTOM + TICK_LENGTH);
    }
    for (size_t i = 0; i < frame->y.ticks.count; i++) {
        double y = axis_pixel(&frame->y, frame->y.ticks.value[i]);
        put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
            PLOT_LEFT - TICK_LENGTH, y, PLOT_LEFT, y);
    }
    put_minor_log_ticks(out, &frame->x, 1);
    put_minor_log_ticks(out, &frame->y, 0);
    put(out, "</g>\n");

    put(out, "<g text-anchor=\"middle\">\n");
    for (size_t i = 0; i < frame->x.ticks.count; i++) {
        double x = axis_pixel(&frame->x, frame->x.ticks.value[i]);
        put(out, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n",
            x, PLOT_BOTTOM + TICK_LENGTH + FONT_SIZE + 2, frame->x.ticks.label[i]);
    }
    put(out, "</g>\n<g text-anchor=\"end\">\n");
    for (size_t i = 0; i < frame->y.ticks.count; i++) {
        /* The baseline sits a third of the font size below the tick, which
         * centres digits on it vertically. */
        double y = axis_pixel(&frame->y, frame->y.ticks.value[i]);
        put(out, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n",
            PLOT_LEFT - TICK_LENGTH - 3, y + FONT_SIZE / 3.0, frame->y.ticks.label[i]);
    }
    put(out, "</g>\n");
}

/* The axis labels: centred under the x tick labels, and turned a quarter
 * turn (reading upwards) left of the y tick labels. */
static void put_axis_labels(struct svg_writer *out, const char *x_label, const char *y_label)
{
    if (x_label != NULL && x_label[0] != '\0') {
        put(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">",
            (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_BOTTOM + TICK_LENGTH + 2.0 * FONT_SIZE + 14);
        put_text(out, x_label);
        put(out, "</text>\n");
    }
    if (y_label != NULL && y_label[0] != '\0') {
        double x = 18.0, y = (PLOT_TOP + PLOT_BOTTOM) / 2;
        put(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\""
                 " transform=\"rotate(-90 %.2f %.2f)\">", x, y, x, y);
        put_text(out, y_label);
        put(out, "</text>\n");
    }
}

/* The black outline of the plot area, drawn last so that it lies on top. */
static void put_frame_outline(struct svg_writer *out)
{
    put(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
             " fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>\n",
        PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP);
}

struct points {                 /* a borrowed view of one series or path */
    const double *x, *y;        /* count points; x NULL: x = 0, 1, 2, ... */
    size_t count;
};

static double point_x(const struct points *points, size_t i)
{
    return points->x != NULL ? points->x[i] : (double)i;
}

/* ---- The legend: a box in a corner of the plot area that no data crosses
 *      (or, failing that, right of the plot area), one row per entry: a
 *      sample of the line (or mark), then the label. ---- */

#define LEGEND_ROW_HEIGHT 18.0
#define LEGEND_PADDING 6.0
#define LEGEND_SAMPLE_WIDTH 32.0    /* long enough to show a dash-dot pattern */
#define LEGEND_INSET 8.0            /* from the frame to a legend inside it */
#define LEGEND_OUTSIDE_GAP 14.0     /* from the frame to a legend right of it */
#define MARK_RADIUS 4.0             /* the dot on every point (SVG_POINTS, ...) */
#define LEGEND_CLEARANCE 3.0        /* data this close to the box counts as covered */

enum legend_symbol {
    LEGEND_LINE,            /* a line: a series of a line chart */
    LEGEND_DOT,             /* a dot: a series of points alone */
    LEGEND_LINE_DOTS,       /* a line with dots: a trajectory */
    LEGEND_RING,            /* a ring: where trajectories start */
    LEGEND_CROSS,           /* a cross: the marked point */
};

/* The places a legend may go, in order of preference: the four corners of
 * the plot area, then outside it, on the right. */
enum corner { TOP_RIGHT, TOP_LEFT, BOTTOM_RIGHT, BOTTOM_LEFT, OUTSIDE_RIGHT, CORNER_COUNT };

struct box {                /* a rectangle on the canvas, in pixels */
    double left, top, right, bottom;
};

struct legend {
    size_t rows;            /* 0: no legend */
    double width, height;
    enum corner corner;
    double left, top;       /* the box's top-left corner */
};

/* Puts the legend at `corner`: sets its top-left corner. */
static void legend_place(struct legend *legend, enum corner corner)
{
    legend->corner = corner;
    if (corner == OUTSIDE_RIGHT) {
        legend->left = PLOT_RIGHT + LEGEND_OUTSIDE_GAP;
        legend->top = PLOT_TOP;
        return;
    }
    int left_side = corner == TOP_LEFT || corner == BOTTOM_LEFT;
    int top_side = corner == TOP_RIGHT || corner == TOP_LEFT;
    legend->left = left_side ? PLOT_LEFT + LEGEND_INSET : PLOT_RIGHT - LEGEND_INSET - legend->width;
    legend->top = top_side ? PLOT_TOP + LEGEND_INSET : PLOT_BOTTOM - LEGEND_INSET - legend->height;
}

/* The size of a box for row_count rows whose widest label needs
 * widest_label pixels (legend_column). */
static void legend_size(struct legend *legend, size_t row_count, double widest_label)
{
    legend->rows = row_count;
    legend->width = 3 * LEGEND_PADDING + LEGEND_SAMPLE_WIDTH + widest_label;
    legend->height = 2 * LEGEND_PADDING + LEGEND_ROW_HEIGHT * (double)row_count;
    legend_place(legend, TOP_RIGHT);    /* until legend_choose_place decides */
}

/* The legend's box grown by LEGEND_CLEARANCE on every side: data inside it
 * would touch or hide under the legend. */
static struct box legend_guard_box(const struct legend *legend)
{
    struct box box = {legend->left - LEGEND_CLEARANCE, legend->top - LEGEND_CLEARANCE,
                      legend->left + legend->width + LEGEND_CLEARANCE,
                      legend->top + legend->height + LEGEND_CLEARANCE};
    return box;
}

/* The canvas width: the standard one, or wide enough for a legend on the right. */
static double canvas_width(const struct legend *legend)
{
    if (legend->rows == 0 || legend->corner != OUTSIDE_RIGHT) {
        return CANVAS_WIDTH;
    }
    return fmax(CANVAS_WIDTH, ceil(legend->left + legend->width + LEGEND_INSET));
}

/* 1 if the segment from (x0, y0) to (x1, y1) has a point inside box
 * (Liang and Barsky's clipping: the segment is x0 + t dx, 0 <= t <= 1; each
 * side of the box keeps the t on its inner side, and the segment meets the
 * box if some t is left). A segment of length zero is a point. */
static int segment_meets_box(double x0, double y0, double x1, double y1, const struct box *box)
{
    double dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - box->left, box->right - x0, y0 - box->top, box->bottom - y0};
    double t_enter = 0.0, t_leave = 1.0;
    for (int side = 0; side < 4; side++) {
        if (p[side] == 0.0) {           /* parallel to this side */
            if (q[side] < 0.0) {
                return 0;               /* ... and outside it */
            }
            continue;
        }
        double t = q[side] / p[side];
        if (p[side] < 0.0) {
            t_enter = fmax(t_enter, t);
        } else {
            t_leave = fmin(t_leave, t);
        }
        if (t_enter > t_leave) {
            return 0;
        }
    }
    return 1;
}

/* 1 if the point (x, y), drawn as a mark of the given radius, meets box. */
static int mark_meets_box(double x, double y, double radius, const struct box *box)
{
    return x + radius >= box->left && x - radius <= box->right
           && y + radius >= box->top && y - radius <= box->bottom;
}

/* Draws row number `row` of the legend. */
static void put_legend_row(struct svg_writer *out, const struct legend *legend, size_t row,
                           enum legend_symbol symbol, struct line_style style,
                           const char *label)
{
    const char *colour = style.colour;
    double left = legend->left + LEGEND_PADDING;
    double right = left + LEGEND_SAMPLE_WIDTH;
    double middle_x = (left + right) / 2;
    double middle_y = legend->top + LEGEND_PADDING + LEGEND_ROW_HEIGHT * ((double)row + 0.5);
    switch (symbol) {
    case LEGEND_LINE:
    case LEGEND_LINE_DOTS:
        put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\""
                 " stroke-width=\"%.2f\"",
            left, middle_y, right, middle_y, colour, 2 * LINE_WIDTH);
        if (style.dash != NULL)
            put(out, " stroke-dasharray=\"%s\"", style.dash);
        put(out, "/>\n");
        if (symbol == LEGEND_LINE_DOTS) {
            put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\"/>\n",
                middle_x, middle_y, colour);
        }
        break;
    case LEGEND_DOT:
        put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"/>\n", middle_x,
            middle_y, MARK_RADIUS, colour);
        break;
    case LEGEND_RING:
        put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"none\" stroke=\"%s\""
                 " stroke-width=\"2\"/>\n", middle_x, middle_y, colour);
        break;
    case LEGEND_CROSS:
        put(out, "<path d=\"M%.2f %.2fl10 10m0 -10l-10 10\" stroke=\"%s\""
                 " stroke-width=\"2\"/>\n", middle_x - 5, middle_y - 5, colour);
        break;
    }
    put(out, "<text x=\"%.2f\" y=\"%.2f\">", right + LEGEND_PADDING, middle_y + FONT_SIZE / 3.0);
    put_text(out, label);
    put(out, "</text>\n");
}

/* Draws the legend's box where legend_place put it. */
static void put_legend_box(struct svg_writer *out, const struct legend *legend)
{
    put(out, "<rect class=\"legend\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
             " fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n",
        legend->left, legend->top, legend->width, legend->height);
}

/* ---- Lines through data points ---- */

/* Finds the next run of consecutive drawable points at or after *cursor:
 * sets [*begin, *end) and moves *cursor to *end. Returns 0 if no drawable
 * point is left. A point that cannot be drawn ends a run: that is how NaN,
 * Inf and non-positive values on a log axis break a line. */
static int next_run(const struct frame *frame, const struct points *points,
                    size_t *cursor, size_t *begin, size_t *end)
{
    double pixel_x, pixel_y;
    size_t i = *cursor;
    while (i < points->count && !frame_pixel(frame, point_x(points, i), points->y[i],
                                             &pixel_x, &pixel_y)) {
        i++;
    }
    if (i == points->count) {
        *cursor = i;
        return 0;
    }
    *begin = i;
    while (i < points->count && frame_pixel(frame, point_x(points, i), points->y[i],
                                            &pixel_x, &pixel_y)) {
        i++;
    }
    *end = i;
    *cursor = i;
    return 1;
}

/* Draws a dot of MARK_RADIUS on every drawable point (SVG_LINES_AND_POINTS,
 * SVG_POINTS). */
static void put_point_marks(struct svg_writer *out, const struct frame *frame,
                            const struct points *points, const char *colour)
{
    double pixel_x, pixel_y;
    for (size_t i = 0; i < points->count; i++) {
        if (frame_pixel(frame, point_x(points, i), points->y[i], &pixel_x, &pixel_y)) {
            put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"/>\n",
                pixel_x, pixel_y, MARK_RADIUS, colour);
        }
    }
}

/* Draws the points as lines in colour, one <polyline> per run of drawable
 * points, and with marks other than SVG_LINES a dot on every point
 * (SVG_POINTS: the dots alone). A run of one point would be an invisible
 * line, so it becomes a dot instead. */
static void put_points_line(struct svg_writer *out, const struct frame *frame,
                            const struct points *points, struct line_style style,
                            enum svg_marks marks)
{
    const char *colour = style.colour;
    if (marks != SVG_LINES) {
        put_point_marks(out, frame, points, colour);
    }
    if (marks == SVG_POINTS) {
        return;
    }
    size_t cursor = 0, begin, end;
    while (next_run(frame, points, &cursor, &begin, &end)) {
        double pixel_x = 0.0, pixel_y = 0.0; /* next_run gives drawable points only */
        if (end - begin == 1) {
            frame_pixel(frame, point_x(points, begin), points->y[begin], &pixel_x, &pixel_y);
            put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\"/>\n",
                pixel_x, pixel_y, colour);
            continue;
        }
        put(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"", colour,
            LINE_WIDTH);
        if (style.dash != NULL)
            put(out, " stroke-dasharray=\"%s\"", style.dash);
        put(out, " stroke-linejoin=\"round\" points=\"");
        for (size_t i = begin; i < end; i++) {
            frame_pixel(frame, point_x(points, i), points->y[i], &pixel_x, &pixel_y);
            put(out, "%s%.2f,%.2f", i == begin ? "" : " ", pixel_x, pixel_y);
        }
        put(out, "\"/>\n");
    }
}

/* ---- Where the legend goes ---- */

#define DOT_RADIUS 2.5              /* a lone point of a series is drawn as such a dot */

/* 1 if any drawn part of points meets box: a segment between two drawable
 * neighbours, or a lone drawable point (which put_points_line draws as a dot),
 * or with marks other than SVG_LINES the dot on any point. */
static int points_meet_box(const struct frame *frame, const struct points *points,
                           const struct box *box, enum svg_marks marks)
{
    if (marks != SVG_LINES) {
        double x, y;
        for (size_t i = 0; i < points->count; i++) {
            if (frame_pixel(frame, point_x(points, i), points->y[i], &x, &y) &&
                mark_meets_box(x, y, MARK_RADIUS, box)) {
                return 1;
            }
        }
        if (marks == SVG_POINTS) {
            return 0;
        }
    }
    size_t cursor = 0, begin, end;
    while (next_run(frame, points, &cursor, &begin, &end)) {
        double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0; /* next_run gives drawable points only */
        frame_pixel(frame, point_x(points, begin), points->y[begin], &x0, &y0);
        if (end - begin == 1 && mark_meets_box(x0, y0, DOT_RADIUS, box)) {
            return 1;
        }
        for (size_t i = begin + 1; i < end; i++) {
            frame_pixel(frame, point_x(points, i), points->y[i], &x1, &y1);
            if (segment_meets_box(x0, y0, x1, y1, box)) {
                return 1;
            }
            x0 = x1;
            y0 = y1;
        }
    }
    return 0;
}

/* Decides where a legend of the given size goes: the first corner of the
 * plot area whose (slightly grown) box no drawn data meets, as judged by
 * meets(frame, box, data); OUTSIDE_RIGHT if every corner is taken. */
typedef int data_meets_box_fn(const struct frame *frame, const struct box *box,
                              const void *data);

static void legend_choose_place(struct legend *legend, const struct frame *frame,
                                data_meets_box_fn *meets, const void *data)
{
    for (int corner = 0; corner < OUTSIDE_RIGHT; corner++) {
        legend_place(legend, (enum corner)corner);
        struct box guard = legend_guard_box(legend);
        if (!meets(frame, &guard, data)) {
            return;
        }
    }
    legend_place(legend, OUTSIDE_RIGHT);
}

/* The number of characters of a UTF-8 text (bytes that do not continue a
 * character), to size the legend and the labels. */
static size_t text_length(const char *text)
{
    size_t count = 0;
    for (const char *c = text; *c != '\0'; c++) {
        if (((unsigned char)*c & 0xC0) != 0x80) {
            count++;
        }
    }
    return count;
}

/* Advance widths of the printable ASCII characters, space (32) to '~' (126),
 * in thousandths of the font size, in DejaVu Sans: the usual "sans-serif"
 * on Linux and wider than Helvetica or Arial, so a box that holds a text in
 * it holds it in those too. Other characters count as 700 (Greek letters
 * are about 600-700). */
static const unsigned short SANS_WIDTHS[95] = {
    318, 400, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, /*  ../ */
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, /* 0..? */
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, /* @..O */
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, /* P.._ */
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, /* `..o */
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,      /* p..~ */
};

/* The width of a UTF-8 text at FONT_SIZE in DejaVu Sans, in pixels. */
static double text_width(const char *text)
{
    double thousandths = 0.0;
    for (const char *c = text; *c != '\0'; c++) {
        unsigned char byte = (unsigned char)*c;
        if ((byte & 0xC0) == 0x80)
            continue; /* continues a character already counted */
        thousandths += byte >= 32 && byte <= 126 ? SANS_WIDTHS[byte - 32] : 700;
    }
    return thousandths * FONT_SIZE / 1000.0;
}

/* The pixels a legend label's column gets. SVG cannot measure text when it
 * is written, so a label gets CHAR_WIDTH per character, the estimate every
 * figure is laid out with; a label of wide characters that would still cross
 * the box's frame (past the right padding) gets its width in DejaVu Sans. */
static double legend_column(const char *label)
{
    double estimate = CHAR_WIDTH * (double)text_length(label);
    double measured = text_width(label);
    return measured > estimate + LEGEND_PADDING ? measured : estimate;
}

/* ---- 4. The line chart --------------------------------------------------------- */

/* Checks that every series with points has y values. */
static int check_series(const struct line_chart *chart, struct error *err)
{
    if (chart->series_count > 0 && chart->series == NULL) {
        return error_set(err, "svg: line chart \"%s\" has series_count %zu but no series",
                         chart->title != NULL ? chart->title : "", chart->series_count);
    }
    for (size_t s = 0; s < chart->series_count; s++) {
        const struct svg_series *series = &chart->series[s];
        if (series->count > 0 && series->y == NULL) {
            return error_set(err, "svg: series %zu (\"%s\") has count %zu but y is NULL",
                             s, series->label != NULL ? series->label : "", series->count);
        }
    }
    return 0;
}

static struct points series_points(const struct svg_series *series)
{
    struct points points = {series->x, series->y, series->count};
    return points;
}

/* Sets the axes of a line chart from its data: the smallest and largest
 * x and y over the points that can be drawn, then a margin. */
static void fit_line_chart(const struct line_chart *chart, struct frame *frame)
{
    frame->x.log = chart->log_x != 0;
    frame->y.log = chart->log_y != 0;
    double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
    int have_data = 0;
    for (size_t s = 0; s < chart->series_count; s++) {
        struct points points = series_points(&chart->series[s]);
        for (size_t i = 0; i < points.count; i++) {
            double x = point_x(&points, i), y = points.y[i];
            if (!axis_accepts(&frame->x, x) || !axis_accepts(&frame->y, y)) {
                continue;
            }
            x_lo = fmin(x_lo, x);
            x_hi = fmax(x_hi, x);
            y_lo = fmin(y_lo, y);
            y_hi = fmax(y_hi, y);
            have_data = 1;
        }
    }
    if (frame->x.log) {
        axis_fit_log(&frame->x, x_lo, x_hi, have_data);
    } else {
        axis_fit_linear(&frame->x, x_lo, x_hi, have_data, X_TICK_TARGET);
        if (chart->integer_x) {
            axis_whole_ticks(&frame->x);
        }
    }
    if (frame->y.log) {
        axis_fit_log(&frame->y, y_lo, y_hi, have_data);
    } else {
        axis_fit_linear(&frame->y, y_lo, y_hi, have_data, Y_TICK_TARGET);
    }
    frame_place(frame);
}

/* A data_meets_box_fn for a line chart: any series. */
static int line_chart_meets_box(const struct frame *frame, const struct box *box,
                                const void *data)
{
    const struct line_chart *chart = data;
    for (size_t s = 0; s < chart->series_count; s++) {
        struct points points = series_points(&chart->series[s]);
        if (points_meet_box(frame, &points, box, chart->marks)) {
            return 1;
        }
    }
    return 0;
}

/* Sizes the legend of a line chart (one row per labelled series) and finds
 * it a place; legend->rows is 0 if no series has a label. */
static void plan_line_chart_legend(struct legend *legend, const struct frame *frame,
                                   const struct line_chart *chart)
{
    size_t rows = 0;
    double widest = 0.0;
    for (size_t s = 0; s < chart->series_count; s++) {
        const char *label = chart->series[s].label;
        if (label != NULL) {
            rows++;
            widest = fmax(widest, legend_column(label));
        }
    }
    legend_size(legend, rows, widest);
    if (rows > 0) {
        legend_choose_place(legend, frame, line_chart_meets_box, chart);
    }
}

static void put_line_chart_legend(struct svg_writer *out, const struct legend *legend,
                                  const struct line_chart *chart)
{
    if (legend->rows == 0) {
        return;
    }
    put_legend_box(out, legend);
    size_t row = 0;
    for (size_t s = 0; s < chart->series_count; s++) {
        if (chart->series[s].label != NULL) {
            enum legend_symbol symbol = chart->marks == SVG_POINTS ? LEGEND_DOT
                                        : chart->marks == SVG_LINES  ? LEGEND_LINE
                                                                     : LEGEND_LINE_DOTS;
            put_legend_row(out, legend, row++, symbol, series_style(chart, s),
                           chart->series[s].label);
        }
    }
}

int svg_write_line_chart(const char *path, const struct line_chart *chart,
                         struct error *err)
{
    assert(path != NULL && chart != NULL);
    if (check_series(chart, err) != 0) {
        return -1;
    }
    struct frame frame;
    fit_line_chart(chart, &frame);
    struct legend legend;
    plan_line_chart_legend(&legend, &frame, chart);

    struct output_file file;
    if (output_open(&file, path, err) != 0) {
        return -1;
    }
    struct svg_writer writer = {file.stream, 0, 0};
    struct svg_writer *out = &writer;
    put_document_begin(out, canvas_width(&legend));
    put_title(out, chart->title);
    put_grid(out, &frame);
    put(out, "<g clip-path=\"url(#plot-area)\">\n");
    for (size_t s = 0; s < chart->series_count; s++) {
        struct points points = series_points(&chart->series[s]);
        put_points_line(out, &frame, &points, series_style(chart, s), chart->marks);
    }
    put(out, "</g>\n");
    put_ticks(out, &frame);
    put_axis_labels(out, chart->x_label, chart->y_label);
    put_frame_outline(out);
    put_line_chart_legend(out, &legend, chart);
    put_document_end(out);
    return output_commit(&file, err); /* any failed write shows there too */
}

/* ---- 5. Marching squares and the contour plot ---------------------------------- */

/* Marching squares (Lorensen and Cline's marching cubes, in two dimensions):
 * each cell of the grid has four corners, each either at-or-above the level
 * ("in") or below it ("out"). Four in/out bits make 16 cases. The contour
 * f = level crosses exactly the edges whose two corners differ, and inside
 * the cell it is drawn as a straight segment joining two such crossings.
 *
 *     top-left (bit 3) ---- top ---- top-right (bit 2)
 *          |                                |
 *        left                             right
 *          |                                |
 *   bottom-left (bit 0) -- bottom -- bottom-right (bit 1)
 */
enum cell_edge { EDGE_BOTTOM, EDGE_RIGHT, EDGE_TOP, EDGE_LEFT, EDGE_NONE = -1 };

/* For each case, the pairs of edges joined by a segment (EDGE_NONE: no more).
 * With one corner in (or one out) the segment cuts that corner off; with
 * two neighbouring corners in, it crosses the cell. */
static const signed char CASE_SEGMENTS[16][4] = {
    /*  0: none in      */ {EDGE_NONE, EDGE_NONE, EDGE_NONE, EDGE_NONE},
    /*  1: BL           */ {EDGE_LEFT, EDGE_BOTTOM, EDGE_NONE, EDGE_NONE},
    /*  2: BR           */ {EDGE_BOTTOM, EDGE_RIGHT, EDGE_NONE, EDGE_NONE},
    /*  3: BL BR        */ {EDGE_LEFT, EDGE_RIGHT, EDGE_NONE, EDGE_NONE},
    /*  4: TR           */ {EDGE_RIGHT, EDGE_TOP, EDGE_NONE, EDGE_NONE},
    /*  5: BL TR saddle */ {EDGE_LEFT, EDGE_BOTTOM, EDGE_RIGHT, EDGE_TOP},
    /*  6: BR TR        */ {EDGE_BOTTOM, EDGE_TOP, EDGE_NONE, EDGE_NONE},
    /*  7: BL BR TR     */ {EDGE_LEFT, EDGE_TOP, EDGE_NONE, EDGE_NONE},
    /*  8: TL           */ {EDGE_TOP, EDGE_LEFT, EDGE_NONE, EDGE_NONE},
    /*  9: BL TL        */ {EDGE_BOTTOM, EDGE_TOP, EDGE_NONE, EDGE_NONE},
    /* 10: BR TL saddle */ {EDGE_BOTTOM, EDGE_RIGHT, EDGE_TOP, EDGE_LEFT},
    /* 11: BL BR TL     */ {EDGE_RIGHT, EDGE_TOP, EDGE_NONE, EDGE_NONE},
    /* 12: TR TL        */ {EDGE_LEFT, EDGE_RIGHT, EDGE_NONE, EDGE_NONE},
    /* 13: BL TR TL     */ {EDGE_BOTTOM, EDGE_RIGHT, EDGE_NONE, EDGE_NONE},
    /* 14: BR TR TL     */ {EDGE_LEFT, EDGE_BOTTOM, EDGE_NONE, EDGE_NONE},
    /* 15: all in       */ {EDGE_NONE, EDGE_NONE, EDGE_NONE, EDGE_NONE},
};

static double grid_x(const struct svg_grid *grid, size_t i)
{
    return grid->x_min + (grid->x_max - grid->x_min) * (double)i / (double)(grid->nx - 1);
}

static double grid_y(const struct svg_grid *grid, size_t j)
{
    return grid->y_min + (grid->y_max - grid->y_min) * (double)j / (double)(grid->ny - 1);
}

static double grid_value(const struct svg_grid *grid, size_t i, size_t j)
{
    return grid->value[j * grid->nx + i];
}

/* Where f = level on the edge from grid point a = (ia, ja) to b = (ib, jb),
 * whose ends lie on opposite sides of the level (so f_a != f_b). Assuming f
 * is linear along the edge, it reaches the level the fraction
 *     t = (level - f_a) / (f_b - f_a)
 * of the way from a to b. Callers always pass the lower-numbered end as a,
 * so an edge shared by two cells yields bit-identical points in both. */
static void edge_crossing(const struct svg_grid *grid, size_t ia, size_t ja,
                          size_t ib, size_t jb, double level, double *x, double *y)
{
    double f_a = grid_value(grid, ia, ja), f_b = grid_value(grid, ib, jb);
    double t = (level - f_a) / (f_b - f_a);
    double x_a = grid_x(grid, ia), y_a = grid_y(grid, ja);
    *x = x_a + t * (grid_x(grid, ib) - x_a);
    *y = y_a + t * (grid_y(grid, jb) - y_a);
}

/* The crossing on one edge of the cell whose bottom-left corner is (i, j). */
static void cell_crossing(const struct svg_grid *grid, size_t i, size_t j,
                          int edge, double level, double *x, double *y)
{
    switch (edge) {
    case EDGE_BOTTOM: edge_crossing(grid, i, j, i + 1, j, level, x, y); break;
    case EDGE_RIGHT: edge_crossing(grid, i + 1, j, i + 1, j + 1, level, x, y); break;
    case EDGE_TOP: edge_crossing(grid, i, j + 1, i + 1, j + 1, level, x, y); break;
    default: edge_crossing(grid, i, j, i, j + 1, level, x, y); break;  /* EDGE_LEFT */
    }
}

/* Which of the 16 cases the cell at (i, j) is; -1 if a corner is NaN or Inf. */
static int cell_case(const struct svg_grid *grid, size_t i, size_t j, double level)
{
    double corner[4] = {
        grid_value(grid, i, j),             /* bit 0: bottom-left */
        grid_value(grid, i + 1, j),         /* bit 1: bottom-right */
        grid_value(grid, i + 1, j + 1),     /* bit 2: top-right */
        grid_value(grid, i, j + 1),         /* bit 3: top-left */
    };
    int index = 0;
    for (int bit = 0; bit < 4; bit++) {
        if (!isfinite(corner[bit])) {
            return -1;
        }
        if (corner[bit] >= level) {
            index |= 1 << bit;
        }
    }

    /* The saddles, 5 and 10: the two "in" corners are diagonally opposite,
     * and the corners alone cannot tell whether the in-region joins them
     * through the middle of the cell. The mean of the four corners decides
     * (it is the value of the bilinear interpolant at the centre). If the
     * centre is in, the two in corners are joined, so it is the two OUT
     * corners that are cut off -- exactly the segments of the opposite
     * saddle case, 15 - index. Neighbouring cells share no saddle decision,
     * only edge crossings, so the lines stay continuous either way. */
    if (index == 5 || index == 10) {
        double centre = (corner[0] + corner[1] + corner[2] + corner[3]) / 4;
        if (centre >= level) {
            index = 15 - index;
        }
    }
    return index;
}

void svg_contour_segments(const struct svg_grid *grid, double level,
                          svg_segment_fn *emit, void *context)
{
    assert(grid->nx >= 2 && grid->ny >= 2);
    for (size_t j = 0; j + 1 < grid->ny; j++) {
        for (size_t i = 0; i + 1 < grid->nx; i++) {
            int index = cell_case(grid, i, j, level);
            if (index < 0) {
                continue;
            }
            const signed char *edges = CASE_SEGMENTS[index];
            for (int k = 0; k < 4 && edges[k] != EDGE_NONE; k += 2) {
                double x0, y0, x1, y1;
                cell_crossing(grid, i, j, edges[k], level, &x0, &y0);
                cell_crossing(grid, i, j, edges[k + 1], level, &x1, &y1);
                emit(x0, y0, x1, y1, context);
            }
        }
    }
}

#define GRID_SIZE 201               /* samples of f along each axis */
#define MAX_DOTS_PER_PATH 200       /* longer paths get a dot every k-th point */
#define LOG_LEVEL_DECADES 4.0       /* log levels span this many powers of ten */

/* Checks a contour plot's fields before anything is computed. */
static int check_contour_plot(const struct contour_plot *plot, struct error *err)
{
    const char *title = plot->title != NULL ? plot->title : "";
    if (plot->f == NULL) {
        return error_set(err, "svg: contour plot \"%s\" has no function f", title);
    }
    if (!(plot->x_min < plot->x_max) || !(plot->y_min < plot->y_max)
        || !isfinite(plot->x_max - plot->x_min) || !isfinite(plot->y_max - plot->y_min)) {
        return error_set(err, "svg: contour plot \"%s\" has an empty box"
                              " [%g, %g] x [%g, %g]; need x_min < x_max and y_min < y_max",
                         title, plot->x_min, plot->x_max, plot->y_min, plot->y_max);
    }
    if (plot->path_count > 0 && plot->paths == NULL) {
        return error_set(err, "svg: contour plot \"%s\" has path_count %zu but no paths",
                         title, plot->path_count);
    }
    for (size_t p = 0; p < plot->path_count; p++) {
        const struct svg_path *path = &plot->paths[p];
        if (path->count > 0 && (path->x == NULL || path->y == NULL)) {
            return error_set(err, "svg: path %zu (\"%s\") has count %zu but x or y is NULL",
                             p, path->label != NULL ? path->label : "", path->count);
        }
    }
    if ((plot->arrow_count > 0 && plot->arrows == NULL)
        || (plot->point_label_count > 0 && plot->point_labels == NULL)) {
        return error_set(err, "svg: contour plot \"%s\" counts arrows or named points"
                              " it does not have", title);
    }
    return 0;
}

/* Samples plot->f on a GRID_SIZE x GRID_SIZE grid over the plot's box.
 * Returns the values (owned by the caller, free()) with grid describing
 * them, or NULL if out of memory. */
static double *sample_function(const struct contour_plot *plot, struct svg_grid *grid)
{
    double *values = malloc((size_t)GRID_SIZE * GRID_SIZE * sizeof *values);
    if (values == NULL) {
        return NULL;
    }
    grid->value = values;
    grid->nx = GRID_SIZE;
    grid->ny = GRID_SIZE;
    grid->x_min = plot->x_min;
    grid->x_max = plot->x_max;
    grid->y_min = plot->y_min;
    grid->y_max = plot->y_max;
    for (size_t j = 0; j < grid->ny; j++) {
        for (size_t i = 0; i < grid->nx; i++) {
            values[j * grid->nx + i] = plot->f(grid_x(grid, i), grid_y(grid, j), plot->context);
        }
    }
    return values;
}

/* The value of contour level k of level_count, for f ranging over
 * [f_min, f_max] on the grid. With t = (k + 1) / (level_count + 1), evenly
 * spaced strictly between 0 and 1 (the extremes would be single points):
 *     even levels:  f_min + t (f_max - f_min)
 *     log levels:   f_min + (f_max - f_min) 10^(-D (1 - t)),  D = LOG_LEVEL_DECADES
 * The log levels' heights above the minimum grow by the same factor
 * 10^(D / (level_count + 1)) from one level to the next: many lines on the
 * floor of a valley, few on its steep walls. Measuring from the minimum
 * keeps this working when f is zero or negative. */
static double contour_level(size_t k, size_t level_count, double f_min, double f_max,
                            int log_levels)
{
    double t = (double)(k + 1) / (double)(level_count + 1);
    double span = f_max - f_min;
    if (log_levels) {
        return f_min + span * pow(10.0, -LOG_LEVEL_DECADES * (1.0 - t));
    }
    return f_min + t * span;
}

struct contour_writer {         /* what put_contour_segment needs to draw */
    struct svg_writer *out;
    const struct frame *frame;
};

/* An svg_segment_fn: adds one segment to the current <path>, as
 * "M x0 y0 L x1 y1" in canvas coordinates. */
static void put_contour_segment(double x0, double y0, double x1, double y1, void *context)
{
    const struct contour_writer *writer = context;
    const struct frame *frame = writer->frame;
    put(writer->out, "M%.2f %.2fL%.2f %.2f",
        axis_pixel(&frame->x, x0), axis_pixel(&frame->y, y0),
        axis_pixel(&frame->x, x1), axis_pixel(&frame->y, y1));
}

/* Draws the contour lines, one <path> per level, in greys from dark (the
 * lowest level) to light (the highest). */
static void put_contours(struct svg_writer *out, const struct frame *frame,
                         const struct svg_grid *grid, const struct contour_plot *plot)
{
    double f_min = INFINITY, f_max = -INFINITY;
    for (size_t n = 0; n < grid->nx * grid->ny; n++) {
        if (isfinite(grid->value[n])) {
            f_min = fmin(f_min, grid->value[n]);
            f_max = fmax(f_max, grid->value[n]);
        }
    }
    if (!(f_min < f_max)) {     /* no finite values, or f is constant: no lines */
        return;
    }
    struct contour_writer writer = {out, frame};
    for (size_t k = 0; k < plot->level_count; k++) {
        double level = contour_level(k, plot->level_count, f_min, f_max, plot->log_levels);
        double shade = plot->level_count > 1 ? (double)k / (double)(plot->level_count - 1) : 0;
        int grey = (int)(100 + 110 * shade);
        put(out, "<path fill=\"none\" stroke=\"#%02x%02x%02x\" stroke-width=\"1\""
                 " stroke-linecap=\"round\" d=\"", grey, grey, grey);
        svg_contour_segments(grid, level, put_contour_segment, &writer);
        put(out, "\"/>\n");
    }
}

static struct points path_points(const struct svg_path *path)
{
    struct points points = {path->x, path->y, path->count};
    return points;
}

/* Draws one trajectory in colour: its line, a dot at its points (every
 * k-th point of a long path, so at most about MAX_DOTS_PER_PATH dots), and
 * a ring around its first point. */
static void put_trajectory(struct svg_writer *out, const struct frame *frame,
                           const struct svg_path *path, struct line_style style)
{
    const char *colour = style.colour;
    struct points points = path_points(path);
    put_points_line(out, frame, &points, style, SVG_LINES);

    size_t stride = (path->count + MAX_DOTS_PER_PATH - 1) / MAX_DOTS_PER_PATH;
    double pixel_x, pixel_y;
    for (size_t i = 0; i < path->count; i += stride) {
        if (frame_pixel(frame, path->x[i], path->y[i], &pixel_x, &pixel_y)) {
            put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"1.8\" fill=\"%s\"/>\n",
                pixel_x, pixel_y, colour);
        }
    }
    if (path->count > 0 && frame_pixel(frame, path->x[0], path->y[0], &pixel_x, &pixel_y)) {
        put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"none\" stroke=\"%s\""
                 " stroke-width=\"2\"/>\n", pixel_x, pixel_y, colour);
    }
}

/* 1 if the plot has a marked point to draw. */
static int has_marker(const struct contour_plot *plot)
{
    return isfinite(plot->marker_x) && isfinite(plot->marker_y);
}

#define MARKER_HALF 6.0             /* the cross is 12 px wide */
#define START_RING_RADIUS 6.0       /* the ring at a path's first point, with its stroke */

/* A cross, 12 px wide, at the marked point. */
static void put_marker(struct svg_writer *out, const struct frame *frame,
                       const struct contour_plot *plot)
{
    double pixel_x, pixel_y;
    if (!has_marker(plot)
        || !frame_pixel(frame, plot->marker_x, plot->marker_y, &pixel_x, &pixel_y)) {
        return;
    }
    put(out, "<path d=\"M%.2f %.2fl12 12m0 -12l-12 12\" stroke=\"black\" stroke-width=\"2\"/>\n",
        pixel_x - MARKER_HALF, pixel_y - MARKER_HALF);
}

/* ---- Arrows and named points over a contour plot ---- */

#define ARROW_HEAD_LENGTH 10.0
#define ARROW_HEAD_HALF_WIDTH 4.5
#define ARROW_WIDTH 2.2
#define ARROW_LABEL_OFFSET 7.0      /* from the arrow's middle to its label */
#define POINT_DOT_RADIUS 3.5

/* Where a text goes: its anchor point, its baseline and its estimated box. */
struct placed_text {
    double x, baseline;
    const char *anchor;             /* "start", "middle" or "end" */
    struct box box;
};

/* Places a text of `length` characters beside the point (x, y) in the
 * direction of the unit vector (nx, ny), `offset` px away: a text to the
 * right of the point starts there, one to the left ends there, one above or
 * below is centred on it. */
static struct placed_text place_text(double x, double y, double nx, double ny, double offset,
                                     size_t length)
{
    struct placed_text text;
    double width = CHAR_WIDTH * (double)length;
    double centre_y = y + ny * (offset + 0.5 * FONT_SIZE * fabs(ny));
    double at_x = x + nx * offset;
    double left;
    if (nx > 0.35) {
        text.anchor = "start";
        left = at_x;
    } else if (nx < -0.35) {
        text.anchor = "end";
        left = at_x - width;
    } else {
        text.anchor = "middle";
        left = at_x - width / 2;
    }
    text.x = at_x;
    text.baseline = centre_y + FONT_SIZE / 3.0;
    text.box = (struct box){left, centre_y - FONT_SIZE / 2.0, left + width,
                            centre_y + FONT_SIZE / 2.0};
    return text;
}

/* An arrow on the canvas: its two ends in pixels; 0 if it cannot be drawn
 * (an end not drawable, or shorter than a pixel). */
static int arrow_pixels(const struct frame *frame, const struct svg_arrow *arrow,
                        double *x0, double *y0, double *x1, double *y1)
{
    return frame_pixel(frame, arrow->x0, arrow->y0, x0, y0)
           && frame_pixel(frame, arrow->x1, arrow->y1, x1, y1)
           && hypot(*x1 - *x0, *y1 - *y0) >= 1.0;
}

/* The arrow's label, beside the shaft (at its middle unless label_at says
 * otherwise): on the left of the direction of travel (as seen on the
 * page), or on the right. */
static struct placed_text arrow_label(double x0, double y0, double x1, double y1,
                                      const struct svg_arrow *arrow)
{
    double length = hypot(x1 - x0, y1 - y0);
    double dx = (x1 - x0) / length, dy = (y1 - y0) / length;
    /* With y pointing down the page, (dy, -dx) is the left-hand normal. */
    double nx = arrow->label_side ? -dy : dy, ny = arrow->label_side ? dx : -dx;
    double at = arrow->label_at > 0.0 && arrow->label_at <= 1.0 ? arrow->label_at : 0.5;
    return place_text(x0 + at * (x1 - x0), y0 + at * (y1 - y0), nx, ny, ARROW_LABEL_OFFSET,
                      text_length(arrow->label));
}

/* The text of a named point: above and to the right of its dot, or below
 * and to the left. */
static struct placed_text point_label_text(double x, double y,
                                           const struct svg_point_label *point)
{
    double direction = point->below_left ? -0.7071 : 0.7071;
    return place_text(x, y, direction, -direction, POINT_DOT_RADIUS + 3.0,
                      text_length(point->text));
}

/* A text with a white halo, so that it stays readable over contour lines. */
static void put_placed_text(struct svg_writer *out, const struct placed_text *text,
                            const char *colour, const char *content)
{
    put(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" fill=\"%s\" stroke=\"white\""
             " stroke-width=\"3\" paint-order=\"stroke\">",
        text->x, text->baseline, text->anchor, colour);
    put_text(out, content);
    put(out, "</text>\n");
}

/* One arrow: a shaft that stops where the head begins, and a filled
 * triangular head whose tip is at (x1, y1). */
static void put_arrow(struct svg_writer *out, const struct frame *frame,
                      const struct svg_arrow *arrow)
{
    double x0, y0, x1, y1;
    if (!arrow_pixels(frame, arrow, &x0, &y0, &x1, &y1)) {
        return;
    }
    const char *colour = arrow->colour != NULL ? arrow->colour : "black";
    double length = hypot(x1 - x0, y1 - y0);
    double dx = (x1 - x0) / length, dy = (y1 - y0) / length;
    double head = fmin(ARROW_HEAD_LENGTH, 0.6 * length);   /* a short arrow keeps a shaft */
    double base_x = x1 - head * dx, base_y = y1 - head * dy;
    put(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\""
             " stroke-width=\"%.2f\"%s/>\n",
        x0, y0, base_x, base_y, colour, ARROW_WIDTH,
        arrow->dashed ? " stroke-dasharray=\"5,3\"" : "");
    double half = ARROW_HEAD_HALF_WIDTH * head / ARROW_HEAD_LENGTH;
    put(out, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fZ\" fill=\"%s\"/>\n", x1, y1,
        base_x - half * dy, base_y + half * dx, base_x + half * dy, base_y - half * dx, colour);
}

/* The labels of the arrows and the named points with their dots; drawn
 * after everything else, so no line crosses them. */
static void put_annotations(struct svg_writer *out, const struct frame *frame,
                            const struct contour_plot *plot)
{
    for (size_t a = 0; a < plot->arrow_count; a++) {
        const struct svg_arrow *arrow = &plot->arrows[a];
        double x0, y0, x1, y1;
        if (arrow->label == NULL || !arrow_pixels(frame, arrow, &x0, &y0, &x1, &y1)) {
            continue;
        }
        struct placed_text text = arrow_label(x0, y0, x1, y1, arrow);
        put_placed_text(out, &text, arrow->colour != NULL ? arrow->colour : "black",
                        arrow->label);
    }
    for (size_t p = 0; p < plot->point_label_count; p++) {
        const struct svg_point_label *point = &plot->point_labels[p];
        double x, y;
        if (!frame_pixel(frame, point->x, point->y, &x, &y)) {
            continue;
        }
        put(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"black\"/>\n", x, y,
            POINT_DOT_RADIUS);
        if (point->text != NULL) {
            struct placed_text text = point_label_text(x, y, point);
            put_placed_text(out, &text, "black", point->text);
        }
    }
}

/* 1 if two boxes overlap. */
static int boxes_meet(const struct box *a, const struct box *b)
{
    return a->left <= b->right && b->left <= a->right && a->top <= b->bottom
           && b->top <= a->bottom;
}

/* A data_meets_box_fn for a contour plot: the paths with their start rings,
 * the marker, the arrows and their labels, the named points and theirs.
 * (The contour lines themselves are the background, and may be covered.) */
static int contour_plot_meets_box(const struct frame *frame, const struct box *box,
                                  const void *data)
{
    const struct contour_plot *plot = data;
    double x, y, x1, y1;
    for (size_t p = 0; p < plot->path_count; p++) {
        struct points points = path_points(&plot->paths[p]);
        if (points_meet_box(frame, &points, box, SVG_LINES)) {
            return 1;
        }
        if (points.count > 0 && frame_pixel(frame, points.x[0], points.y[0], &x, &y)
            && mark_meets_box(x, y, START_RING_RADIUS, box)) {
            return 1;
        }
    }
    if (has_marker(plot) && frame_pixel(frame, plot->marker_x, plot->marker_y, &x, &y)
        && mark_meets_box(x, y, MARKER_HALF, box)) {
        return 1;
    }
    for (size_t a = 0; a < plot->arrow_count; a++) {
        const struct svg_arrow *arrow = &plot->arrows[a];
        if (!arrow_pixels(frame, arrow, &x, &y, &x1, &y1)) {
            continue;
        }
        struct box grown = {box->left - ARROW_HEAD_HALF_WIDTH, box->top - ARROW_HEAD_HALF_WIDTH,
                            box->right + ARROW_HEAD_HALF_WIDTH,
                            box->bottom + ARROW_HEAD_HALF_WIDTH};
        if (segment_meets_box(x, y, x1, y1, &grown)) {
            return 1;
        }
        if (arrow->label != NULL) {
            struct placed_text text = arrow_label(x, y, x1, y1, arrow);
            if (boxes_meet(&text.box, box)) {
                return 1;
            }
        }
    }
    for (size_t p = 0; p < plot->point_label_count; p++) {
        const struct svg_point_label *point = &plot->point_labels[p];
        if (!frame_pixel(frame, point->x, point->y, &x, &y)) {
            continue;
        }
        if (mark_meets_box(x, y, POINT_DOT_RADIUS, box)) {
            return 1;
        }
        if (point->text != NULL) {
            struct placed_text text = point_label_text(x, y, point);
            if (boxes_meet(&text.box, box)) {
                return 1;
            }
        }
    }
    return 0;
}

static const char *start_text(const struct contour_plot *plot)
{
    return plot->start_label != NULL ? plot->start_label : "start";
}

static const char *marker_text(const struct contour_plot *plot)
{
    return plot->marker_label != NULL ? plot->marker_label : "minimum";
}

/* Sizes the legend of a contour plot -- one row per labelled path, then what
 * the ring and the cross mean -- and finds it a place; legend->rows is 0 if
 * there is nothing to explain. */
static void plan_contour_legend(struct legend *legend, const struct frame *frame,
                                const struct contour_plot *plot)
{
    size_t rows = 0;
    double widest = 0.0;
    for (size_t p = 0; p < plot->path_count; p++) {
        const char *label = plot->paths[p].label;
        if (label != NULL) {
            rows++;
            widest = fmax(widest, legend_column(label));
        }
    }
    if (plot->path_count > 0) {
        rows++;
        widest = fmax(widest, legend_column(start_text(plot)));
    }
    if (has_marker(plot)) {
        rows++;
        widest = fmax(widest, legend_column(marker_text(plot)));
    }
    legend_size(legend, rows, widest);
    if (rows > 0) {
        legend_choose_place(legend, frame, contour_plot_meets_box, plot);
    }
}

static void put_contour_legend(struct svg_writer *out, const struct legend *legend,
                               const struct contour_plot *plot)
{
    if (legend->rows == 0) {
        return;
    }
    put_legend_box(out, legend);
    size_t row = 0;
    for (size_t p = 0; p < plot->path_count; p++) {
        if (plot->paths[p].label != NULL) {
            put_legend_row(out, legend, row++, LEGEND_LINE_DOTS, line_style(p),
                           plot->paths[p].label);
        }
    }
    if (plot->path_count > 0) {
        const struct line_style grey = {"#555555", NULL};
        put_legend_row(out, legend, row++, LEGEND_RING, grey, start_text(plot));
    }
    if (has_marker(plot)) {
        const struct line_style black = {"black", NULL};
        put_legend_row(out, legend, row++, LEGEND_CROSS, black, marker_text(plot));
    }
}

/* The box a contour plot shows: plot's own, or, with equal_scale, that box
 * widened about its centre along x or along y until one unit of x and one
 * unit of y are the same number of pixels. */
static struct contour_plot shown_box(const struct contour_plot *plot)
{
    struct contour_plot shown = *plot;
    if (!plot->equal_scale) {
        return shown;
    }
    double x_per_pixel = (plot->x_max - plot->x_min) / (PLOT_RIGHT - PLOT_LEFT);
    double y_per_pixel = (plot->y_max - plot->y_min) / (PLOT_BOTTOM - PLOT_TOP);
    double per_pixel = fmax(x_per_pixel, y_per_pixel);
    double x_half = 0.5 * per_pixel * (PLOT_RIGHT - PLOT_LEFT);
    double y_half = 0.5 * per_pixel * (PLOT_BOTTOM - PLOT_TOP);
    double x_centre = 0.5 * (plot->x_min + plot->x_max);
    double y_centre = 0.5 * (plot->y_min + plot->y_max);
    shown.x_min = x_centre - x_half;
    shown.x_max = x_centre + x_half;
    shown.y_min = y_centre - y_half;
    shown.y_max = y_centre + y_half;
    return shown;
}

int svg_write_contour_plot(const char *path, const struct contour_plot *given,
                           struct error *err)
{
    assert(path != NULL && given != NULL);
    if (check_contour_plot(given, err) != 0) {
        return -1;
    }
    const struct contour_plot shown = shown_box(given);
    const struct contour_plot *plot = &shown;
    struct frame frame;
    axis_set_linear(&frame.x, plot->x_min, plot->x_max, X_TICK_TARGET);
    axis_set_linear(&frame.y, plot->y_min, plot->y_max, Y_TICK_TARGET);
    frame_place(&frame);
    struct legend legend;
    plan_contour_legend(&legend, &frame, plot);

    struct svg_grid grid;
    double *values = sample_function(plot, &grid);
    if (values == NULL) {
        return error_set(err, "svg: out of memory sampling the function for '%s'", path);
    }
    struct output_file file;
    if (output_open(&file, path, err) != 0) {
        free(values);
        return -1;
    }
    struct svg_writer writer = {file.stream, 0, 0};
    struct svg_writer *out = &writer;
    put_document_begin(out, canvas_width(&legend));
    put_title(out, plot->title);
    put(out, "<g clip-path=\"url(#plot-area)\">\n");
    put_contours(out, &frame, &grid, plot);
    for (size_t p = 0; p < plot->path_count; p++) {
        put_trajectory(out, &frame, &plot->paths[p], line_style(p));
    }
    put_marker(out, &frame, plot);
    for (size_t a = 0; a < plot->arrow_count; a++) {
        put_arrow(out, &frame, &plot->arrows[a]);
    }
    put(out, "</g>\n");
    put_ticks(out, &frame);
    put_axis_labels(out, plot->x_label != NULL ? plot->x_label : "w0",
                    plot->y_label != NULL ? plot->y_label : "w1");
    put_frame_outline(out);
    put_annotations(out, &frame, plot);
    put_contour_legend(out, &legend, plot);
    put_document_end(out);
    free(values);
    return output_commit(&file, err); /* any failed write shows there too */
}
