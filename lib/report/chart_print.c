/* Chart text at print size (chart_print.h): font sizes from the size the chart is printed at,
 * and the caption broken into lines that fit across it. The rule: captions readable at
 * print size, at least 9 pt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chart_print.h"

#define A4_TEXT_WIDTH_PT 453.5  /* 16 cm: the text width of an A4 page with 2.5 cm margins */
#define MM_PER_PT (25.4 / 72.0)

static int is_pdf(const lk_chart_opts *o)
{
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    return dot && strcmp(dot, ".pdf") == 0;
}

static int is_png(const lk_chart_opts *o)
{
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    return dot && strcmp(dot, ".png") == 0;
}

double lk__chart_width(const lk_chart_opts *o)
{
    if (is_pdf(o)) return (o->width ? o->width : 160) / MM_PER_PT;
    return o->width ? o->width : is_png(o) ? 1600 : 800;
}

size_t lk__chart_panel_cols(size_t panels)
{
    return panels <= 1 ? 1 : panels <= 4 ? 2 : 3;
}

double lk__chart_height(const lk_chart_opts *o, int panels, size_t caption_lines, size_t rows_of_names)
{
    double one = is_pdf(o) ? 90 / MM_PER_PT : is_png(o) ? 900 : 450; /* a chart's plot, 16 by 9 */
    double caption = (double)caption_lines * lk__chart_small_line(o);
    /* the least that holds the caption, title, key and axes (about 9 lines) and a plot: a
     * quarter of the usual, or a name per line of the small size (a comparison of many areas) */
    double plot = fmax(0.25 * one, 1.25 * (double)rows_of_names * lk__chart_small_line(o));
    double least = ceil(caption + 9 * lk__chart_line(o) + plot);
    if (o->height) {
        double h = is_pdf(o) ? o->height / MM_PER_PT : o->height;
        return h > least ? h : least;
    }
    size_t n = panels > 1 ? (size_t)panels : 1, rows = (n + lk__chart_panel_cols(n) - 1) / lk__chart_panel_cols(n);
    /* a row of panels a third taller than one chart (their key below them); more rows 0.7 of
     * one each, and room for the title and key */
    double h = n == 1 ? one : rows == 1 ? one * 4 / 3 : one * (0.7 * (double)rows + 0.3);
    h = ceil(h + caption); /* the caption below the chart, not in it */
    return h > least ? h : least;
}

/* gnuplot's line height, from a font size: measured 1.33 of it in SVG, and in the cairo
 * terminals 1.06 at the base size but 1.15 in a 9-line caption at the small one (1.1 left its last
 * line under the edge); a little more, so that lines never touch */
static double line_of(const lk_chart_opts *o, int size)
{
    return (is_pdf(o) || is_png(o) ? 1.2 : 1.35) * size;
}

double lk__chart_line(const lk_chart_opts *o)
{
    return line_of(o, lk__chart_base(o));
}

double lk__chart_small_line(const lk_chart_opts *o)
{
    return line_of(o, lk__chart_small(o));
}

int lk__chart_cairo(const lk_chart_opts *o)
{
    return is_pdf(o) || is_png(o);
}

/* Font units per point of the printed chart. The cairo terminals draw a size as points at 96
 * dpi (png: 4/3 px per unit) and the PDF at half that (fontscale 0.5); chart.c sets fontscale
 * 0.75 on both, so that a unit is a pixel of the PNG and a point of the PDF, as in the SVG. */
static double units_per_pt(const lk_chart_opts *o)
{
    return is_pdf(o) ? 1.0 : lk__chart_width(o) / A4_TEXT_WIDTH_PT;
}

int lk__chart_small(const lk_chart_opts *o)
{
    int small = (int)ceil(9.0 * units_per_pt(o) - 1e-9), base = lk__chart_base(o);
    return small < base ? small : base; /* never larger than the text a --font asks for */
}

int lk__chart_base(const lk_chart_opts *o)
{
    const char *comma = o->font ? strrchr(o->font, ',') : NULL;
    if (comma) {
        char *end;
        double v = strtod(comma + 1, &end);
        if (end != comma + 1 && v >= 1 && v <= 500) return (int)lround(v);
    }
    long size = lround(10.0 * units_per_pt(o));
    return size < 1 ? 1 : (int)size; /* a chart a few units wide still names a font size */
}

size_t lk__chart_per_line(const lk_chart_opts *o)
{
    /* DejaVu Sans: about 0.49 em per character of running text (measured), 0.53 to be safe; 3 %
     * of the width is margin */
    double n = 0.97 * lk__chart_width(o) / (0.53 * lk__chart_small(o));
    return n < 20 ? 20 : (size_t)n;
}

size_t lk__chart_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

char *lk__chart_wrap(const char *text, size_t per_line, size_t *lines)
{
    size_t n = strlen(text ? text : "");
    char *out = malloc(n + 1);
    *lines = 0;
    if (!out) return NULL;
    size_t k = 0; /* a CRLF is one line break, so one space; spaces in a row are one */
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\r' && text[i + 1] == '\n') continue;
        char c = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
        if (c == ' ' && (k == 0 || out[k - 1] == ' ')) continue;
        out[k++] = c;
    }
    while (k && out[k - 1] == ' ') k--; /* nor one at the end, which made an empty last line */
    out[n = k] = '\0';
    if (!n) return out;
    *lines = 1;
    /* greedy, word by word: a word that does not fit begins a line, in place of the space before it */
    size_t len = 0; /* characters on the line so far */
    for (size_t i = 0; i <= n;) {
        size_t e = i;
        while (e < n && out[e] != ' ') e++;
        size_t w = lk__chart_chars(out + i, e - i);
        if (i > 0 && len > 0 && len + 1 + w > per_line) {
            out[i - 1] = '\n';
            (*lines)++;
            len = w;
        } else {
            len += (i > 0 ? 1 : 0) + w;
        }
        i = e + 1;
    }
    return out;
}
