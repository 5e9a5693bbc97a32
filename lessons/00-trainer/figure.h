/* figure.h -- how the experiments write their figures.
 *
 * Every experiment writes SVG files into the folder it is given and says
 * which; these two calls do both, so an experiment reads as a list of the
 * pictures it draws. */
#ifndef DESCENT_FIGURE_H
#define DESCENT_FIGURE_H

#include "diagram.h"
#include "svg.h"

/* Writes chart to FOLDER/FILE and prints "  wrote FOLDER/FILE". On failure
 * prints "experiment: " and the error on stderr instead. Returns 0 or -1. */
int figure_line_chart(const char *folder, const char *file, const struct line_chart *chart);

/* The same for a contour plot. */
int figure_contour_plot(const char *folder, const char *file, const struct contour_plot *plot);

/* Starts a concept picture (diagram.h) at FOLDER/FILE; on failure prints
 * "experiment: " and the error on stderr. Returns 0 or -1. */
int figure_diagram_begin(struct diagram *d, const char *folder, const char *file, double width,
                         double height);

/* Finishes it and prints "  wrote FOLDER/FILE" (or the error). Returns 0 or -1. */
int figure_diagram_end(struct diagram *d);

#endif
