/* Private state of a report (report.c computes rows, report_trend.c their trends, the write_*.c
 * files write them). */
#ifndef LK_REPORT_INTERNAL_H
#define LK_REPORT_INTERNAL_H

#include <stdint.h>
#include <stdio.h>
#include "levekar/report.h"
#include "levekar/stats.h"
#include "levekar/suppress.h"
#include "../common/arena.h"
#include "../common/map.h"

struct lk_report {
    const lk_indicator *ind;
    lk_report_opts opts;
    lk_arena arena;
    lk_report_row *rows;
    size_t n, cap;
    lk_map strings;        /* the rows' texts, each copied once */
    uint32_t *seen;        /* open addressing: row index + 1 by (region, period) text pointers */
    size_t seen_cap;
    const lk_zones *zones; /* which kommune each zone lies in */
    const lk_published *pub; /* published rates, used where there are no counts */
    const char *compare[16]; /* --compare regions (the report's copies) */
    size_t n_compare;
    size_t overridden;       /* regions and periods where counts won over a published rate */
    const char *overridden_region, *overridden_period;
    int any_published;       /* some row is a published rate */
    int any_counts;          /* some row has counts (its interval and tests are ours) */
    const char *published_unit; /* the unit the first published rate states, or NULL */
    /* lk_report_protect() (protect.c): the limits it applied (resolved) and what it hid, for
     * the writers' notes; protected = 0 when it has not run or had no limits */
    int protected_;
    lk_suppress_opts suppress;
    lk_suppress_result suppressed;
    char errmsg[1024];
};

int lk_report_fail(lk_report *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
double lk_report_scale(const lk_indicator *ind);

/* A row that may not be shown (protect.c): every number goes (NaN, never the figure), every
 * flag and test, its comparisons; status says why (a text with the report's lifetime). */
void lk__report_clear_row(lk_report_row *w, const char *status);
/* 1 when period text a is later than b (report_find.c): last year, month or quarter, first year. */
int lk__period_later(const char *a, const char *b);
/* After rows were removed (report_periods.c): the (region, period) index made anew (report.c). */
void lk__report_reindex(lk_report *r);


/* Text safety shared by the writers (text_safety.c). Every text comes from a file, a definition
 * or the command line, so none may be trusted to be valid UTF-8 or free of markup. */

/* The character at s (s not at its end): its code point in *cp and its length. An ill-formed
 * sequence gives U+FFFD for its maximal subpart (Unicode's recommended practice), so the
 * terminating NUL is never passed. */
size_t lk_utf8_next(const char *s, uint32_t *cp);
/* 1 for a character that has nothing to show and is not allowed in XML or meant for a reader:
 * C0 controls other than tab, newline and CR, DEL, C1 controls, U+FFFE and U+FFFF. */
int lk_char_unshowable(uint32_t cp);
/* Append cp as UTF-8 to out. */
void lk_put_utf8(FILE *out, uint32_t cp);
/* s as Markdown inline text that shows exactly s: markup characters backslash-escaped, < > &
 * as entities (HTML-like text is shown, never interpreted), tab and line breaks as a space
 * (a table row or a heading is one line), invalid UTF-8 and controls as U+FFFD. With
 * line_start, also what would open a block there (list, heading underline, code indent).
 * snprintf-like: returns the full length, writes at most size - 1 bytes and a NUL. */
size_t lk_md_escape(char *dst, size_t size, const char *s, int line_start);
/* s as a JSON string with its quotes: controls escaped, invalid UTF-8 as U+FFFD (JSON text is
 * UTF-8), U+2028 and U+2029 escaped for JavaScript. */
void lk_json_string(FILE *out, const char *s);
/* chart.c: an output path exactly as given (every byte), relative paths as ./PATH so that
 * gnuplot's pipe ("|cmd") and home ("~") syntax never applies. */
int lk_gnuplot_quote_path(FILE *out, const char *path);

#endif
