/* Chart text at print size (chart_print.c, for chart.c). A chart is made for a plan document:
 * a PDF is printed at the size asked (millimetres), a PNG or SVG at the A4 text width, 16 cm
 * (453.5 pt), whatever its pixel size. Sizes are in the terminal's font units: points for PDF,
 * pixels for PNG (cairo at 72 dpi) and SVG (user units). */
#ifndef LK_CHART_PRINT_H
#define LK_CHART_PRINT_H

#include <stddef.h>
#include "levekar/chart.h"

/* The chart's width and height in font units. The height: the one o gives, or the default (one
 * that leaves the plot its usual size and adds the caption's lines below it); either raised to
 * the least that holds the caption, title, key and axes and a plot with room for ROWS_OF_NAMES
 * names on its axis (a comparison; 0 otherwise), so a small --size never draws the caption over
 * the plot. */
double lk__chart_width(const lk_chart_opts *o);
double lk__chart_height(const lk_chart_opts *o, int panels, size_t caption_lines, size_t rows_of_names);

/* The columns a panel of PANELS charts is laid out in: 1, 2 up to 4, else 3. */
size_t lk__chart_panel_cols(size_t panels);

/* The height of one line of text at the base size, and at the small size (the caption's), in
 * font units. */
double lk__chart_line(const lk_chart_opts *o);
double lk__chart_small_line(const lk_chart_opts *o);

/* 1 for the cairo terminals (PNG, PDF), which take fontscale 0.75 (chart_print.c). */
int lk__chart_cairo(const lk_chart_opts *o);

/* The text size of captions, point labels and marks: 9 pt at print size, the least that reads
 * on paper (or the base size, where a --font asks for less). */
int lk__chart_small(const lk_chart_opts *o);

/* The size of the rest of the text: the size in o->font ("NAME,SIZE"), else 10 pt at print size. */
int lk__chart_base(const lk_chart_opts *o);

/* TEXT broken at spaces into lines of at most PER_LINE characters (a longer word stays whole on
 * its line), with '\n' between them: malloc'd, NULL when memory ran out; *lines the count. Line
 * breaks (a CRLF as one) and tabs become spaces, spaces in a row one, and spaces at the ends
 * go: joining the lines with one space gives TEXT so tidied back. */
char *lk__chart_wrap(const char *text, size_t per_line, size_t *lines);

/* The code points in S[0..N) (UTF-8): a text's length as shown. */
size_t lk__chart_chars(const char *s, size_t n);

/* Characters of the small size that fit on one line across the chart. */
size_t lk__chart_per_line(const lk_chart_opts *o);

#endif
