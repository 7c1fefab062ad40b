/**
 * @file levekar/chart.h
 * @brief Charts for plan documents as complete gnuplot scripts written into a `FILE *`
 *        (terminal, output, styles, inline data blocks, plot commands). The library runs no
 *        process: the tool pipes the script to gnuplot, and `--script` lets a person edit it.
 *
 * Every user string (titles, names, definitions, sources, paths) is emitted as a gnuplot string
 * expression that gnuplot 5.4 reads back as written and that can never become a command:
 * single-quoted pieces (no escapes, no backquote substitution, no `@` macros inside them) with
 * `'` doubled where gnuplot's lexer allows it, joined by `.` to double-quoted pieces that hold only
 * `"\n"` and `"\0047"` (an apostrophe). Enhanced-text markup is off, names never pass through a
 * data block, a data column or a format, so `_ ^ { } @ % \ " ' < &` show as themselves. What is
 * shown: valid UTF-8 (each ill-formed sequence becomes U+FFFD), a tab as a space, controls (C0,
 * DEL, C1) and U+FFFE/U+FFFF as U+FFFD; a line break as a line break in titles and as a space
 * in key entries, tic labels, point labels and the caption (gnuplot drops label lines that fall
 * off the page); an invisible U+2060 WORD JOINER inside "]]>" and "&#x" (gnuplot's SVG terminal
 * leaves them unescaped). The output path keeps every byte, relative paths written as `./PATH` so
 * gnuplot's `|command` pipe and `~` home syntax never apply. Numbers are written with a decimal
 * point (C locale); `set decimalsign ','` gives bokmål tic labels. Colours are colour-blind safe
 * (Okabe–Ito) and the same level has the same colour in every chart.
 *
 * @code
 * lk_chart_opts co = LK_CHART_OPTS_INIT;               // a trend chart
 * co.output = "drammen.svg";
 * co.area = "3301";
 * FILE *gp = popen("gnuplot", "w");                    // the tool's part: the library writes the script
 * if (gp && lk_chart_write_gnuplot((const lk_report *const *)&rep, 1, &co, gp) == LK_OK) pclose(gp);
 * @endcode
 */
#ifndef LEVEKAR_CHART_H
#define LEVEKAR_CHART_H

#include <stdio.h>
#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Chart kinds. */
typedef enum lk_chart_kind {
    LK_CHART_TREND = 0, /**< one indicator over time: area, kommune, fylke, landet; the area's interval as a band */
    LK_CHART_COMPARE,   /**< several areas in one period, sorted, with whiskers and reference lines */
    LK_CHART_FUNNEL,    /**< areas by denominator against value, 95 % and 99.8 % limits around landet */
    LK_CHART_PANEL      /**< small multiples: several indicators for one area */
} lk_chart_kind;

/** Options; zero-initialise or LK_CHART_OPTS_INIT. */
typedef struct lk_chart_opts {
    unsigned version;
    lk_chart_kind kind;
    const char *output;   /**< the image path written into the script; its extension (.png, .svg, .pdf) picks the terminal */
    const char *title;    /**< NULL: the indicator's name with its unit and ages ("…, prosent, 15–74 år") */
    int width, height;    /**< pixels for PNG and SVG, millimetres for PDF; 0: defaults (16 cm wide at print,
                           *   16:9 and the caption's lines); a height too small to hold the caption, title,
                           *   key and a plot is raised to the least that does */
    const char *font;     /**< e.g. "DejaVu Sans,18"; NULL: DejaVu Sans at 10 pt where the chart is printed 16 cm
                           *   wide (quotes, < > & and controls become spaces) */
    const char *lang;     /**< "nb" (default, decimal comma) or "en" */
    const char *period;   /**< compare/funnel: the period to show; NULL: the latest */
    const char *area;     /**< trend/panel: the area (NULL: the first area in the report) */
    const int *marks;     /**< years to mark as series breaks or reforms (e.g. 2015, 2020, 2024) */
    size_t n_marks;
} lk_chart_opts;

#define LK_CHART_OPTS_VERSION 1
#define LK_CHART_OPTS_INIT { LK_CHART_OPTS_VERSION, LK_CHART_TREND, NULL, NULL, 0, 0, NULL, "nb", NULL, NULL, NULL, 0 }

/** @return the kind for "trend", "compare", "funnel" or "panel"; -1 when unknown. */
LK_API int lk_chart_kind_parse(const char *name);

/**
 * @brief Write a gnuplot script for @p n reports (one for trend, compare and funnel; one per
 *        indicator for panel) into @p out.
 * @return LK_OK; LK_EINVAL for a missing output path or an unknown extension; LK_ENOTFOUND when
 *         the reports hold nothing to draw; LK_EIO when writing fails.
 */
LK_API int lk_chart_write_gnuplot(const lk_report *const *reports, size_t n, const lk_chart_opts *opts, FILE *out);

/** Write @p s as a gnuplot string expression that renders literally (see the top of this file;
 *  line breaks kept). @return LK_OK, LK_EINVAL without @p out, LK_EIO when writing fails. */
LK_API int lk_gnuplot_quote(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_CHART_H */
