/* diagram.c -- see diagram.h. */
#include "diagram.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HEAD_LENGTH 9.0         /* an arrow's head, in pixels */
#define HEAD_HALF_WIDTH 4.0

/* printf into the picture; the first failure is remembered (diagram_end
 * reports it through output_commit). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(struct diagram *d, const char *format, ...)
{
    if (d->failed) {
        return;
    }
    va_list args;
    va_start(args, format);
    if (vfprintf(d->file.stream, format, args) < 0) {
        d->failed = 1;
    }
    va_end(args);
}

/* Text as XML character data: &, <, > and " become entities, control
 * characters (which XML forbids) spaces. */
static void put_text(struct diagram *d, const char *text)
{
    for (const char *c = text; *c != '\0'; c++) {
        switch (*c) {
        case '&': put(d, "&amp;"); break;
        case '<': put(d, "&lt;"); break;
        case '>': put(d, "&gt;"); break;
        case '"': put(d, "&quot;"); break;
        default: put(d, "%c", (unsigned char)*c < 0x20 ? ' ' : *c); break;
        }
    }
}

int diagram_begin(struct diagram *d, const char *path, double width, double height,
                  struct error *err)
{
    if (strlen(path) >= sizeof d->path) {
        return error_set(err, "diagram: the path %s is too long", path);
    }
    strcpy(d->path, path);
    d->failed = 0;
    d->width = width;
    d->height = height;
    if (output_open(&d->file, d->path, err) != 0) {
        return -1;
    }
    put(d, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
           " viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n",
        width, height, width, height);
    put(d, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", width, height);
    return 0;
}

int diagram_end(struct diagram *d, struct error *err)
{
    put(d, "</svg>\n");
    return output_commit(&d->file, err); /* a failed write shows there (ferror) */
}

void diagram_rect(struct diagram *d, double x, double y, double width, double height,
                  const char *fill, const char *stroke, double stroke_width)
{
    put(d, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"",
        x, y, width, height, fill != NULL ? fill : "none");
    if (stroke != NULL) {
        put(d, " stroke=\"%s\" stroke-width=\"%.2f\"", stroke, stroke_width);
    }
    put(d, "/>\n");
}

void diagram_line(struct diagram *d, double x0, double y0, double x1, double y1,
                  const char *colour, double width, const char *dash)
{
    put(d, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\""
           " stroke-width=\"%.2f\"", x0, y0, x1, y1, colour, width);
    if (dash != NULL) {
        put(d, " stroke-dasharray=\"%s\"", dash);
    }
    put(d, "/>\n");
}

void diagram_arrow(struct diagram *d, double x0, double y0, double x1, double y1,
                   const char *colour, double width)
{
    double length = hypot(x1 - x0, y1 - y0);
    if (length < 1.0) {
        return;
    }
    double dx = (x1 - x0) / length, dy = (y1 - y0) / length;
    double head = fmin(HEAD_LENGTH, 0.6 * length);
    double half = HEAD_HALF_WIDTH * head / HEAD_LENGTH;
    double base_x = x1 - head * dx, base_y = y1 - head * dy;
    diagram_line(d, x0, y0, base_x, base_y, colour, width, NULL);
    put(d, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fZ\" fill=\"%s\"/>\n", x1, y1,
        base_x - half * dy, base_y + half * dx, base_x + half * dy, base_y - half * dx, colour);
}

void diagram_polyline(struct diagram *d, const double *x, const double *y, size_t count,
                      const char *colour, double width, const char *dash)
{
    put(d, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"", colour, width);
    if (dash != NULL) {
        put(d, " stroke-dasharray=\"%s\"", dash);
    }
    put(d, " stroke-linejoin=\"round\" points=\"");
    for (size_t i = 0; i < count; i++) {
        put(d, "%s%.2f,%.2f", i == 0 ? "" : " ", x[i], y[i]);
    }
    put(d, "\"/>\n");
}

void diagram_dot(struct diagram *d, double x, double y, double radius, const char *colour)
{
    put(d, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"/>\n", x, y, radius, colour);
}

void diagram_text(struct diagram *d, double x, double y, enum diagram_anchor anchor,
                  double size, int bold, const char *colour, const char *text)
{
    static const char *const ANCHORS[] = {"start", "middle", "end"};
    put(d, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-size=\"%.1f\"%s fill=\"%s\">",
        x, y, ANCHORS[anchor], size, bold ? " font-weight=\"bold\"" : "", colour);
    put_text(d, text);
    put(d, "</text>\n");
}

void diagram_textf(struct diagram *d, double x, double y, enum diagram_anchor anchor,
                   double size, int bold, const char *colour, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    diagram_text(d, x, y, anchor, size, bold, colour, text);
}
