/* Chart text at print size (chart_print.c, for chart.c). A chart is made for a plan document:
 * a PDF is printed at the size asked (millimetres), a PNG or SVG at the A4 text width, 16 cm
 * (453.5 pt), whatever its pixel size. Sizes are in the terminal's font units: points for PDF,
 * pixels for PNG (cairo at 72 dpi) and SVG (user units). */
#ifndef LK_CHART_PRINT_H
#define LK_CHART_PRINT_H

#include <stddef.h>
#include "levekar/chart.h"

/* The chart's width and height in font units (the defaults where o gives none: a height
 * that leaves the plot its usual size and adds the caption's lines below it). */
double lk__chart_width(const lk_chart_opts *o);
double lk__chart_height(const lk_chart_opts *o, int panels, size_t caption_lines);

/* The columns a panel of PANELS charts is laid out in: 1, 2 up to 4, else 3. */
size_t lk__chart_panel_cols(size_t panels);

/* The height of one line of text, in font units. */
double lk__chart_line(const lk_chart_opts *o);

/* 1 for the cairo terminals (PNG, PDF), which take fontscale 0.75 (chart_print.c). */
int lk__chart_cairo(const lk_chart_opts *o);

/* The text size of captions, point labels and marks: 9 pt at print size, the least that reads
 * on paper. */
int lk__chart_small(const lk_chart_opts *o);

/* The size of the rest of the text: the size in o->font ("NAME,SIZE"), else 10 pt at print size. */
int lk__chart_base(const lk_chart_opts *o);

/* TEXT (line breaks, a CRLF as one, and tabs as spaces) broken at spaces into lines of at most PER_LINE
 * characters (a longer word stays whole on its line), with '\n' between them: malloc'd, NULL
 * when memory ran out; *lines the count. Joining the lines with one space gives TEXT back. */
char *lk__chart_wrap(const char *text, size_t per_line, size_t *lines);

/* Characters of the small size that fit on one line across the chart. */
size_t lk__chart_per_line(const lk_chart_opts *o);

#endif
