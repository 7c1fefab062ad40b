/* What the report writers share (internal to lib/report): each format has a file of its own
 * (write_csv.c, write_table.c, write_json.c, write_prose.c, write_trend.c), and these helpers
 * (write_common.c, text_safety.c) make the numbers, words and notes they have in common. */
#ifndef LK_REPORT_WRITE_H
#define LK_REPORT_WRITE_H

#include <stdio.h>
#include "report_internal.h"

/* The writers, one per format (report_write.c chooses). */
int rw_write_csv(const lk_report *r, FILE *out);
int rw_write_table(const lk_report *r, FILE *out, int md); /* aligned text, or Markdown */
int rw_write_json(const lk_report *r, FILE *out);
int rw_write_prose(const lk_report *r, FILE *out);

/* CSV for a Norwegian spreadsheet (csv_nb.c): what write makes as LK_FORMAT_CSV, with ';', a
 * decimal comma and a byte order mark. */
int lk__csv_nb(int (*write)(const lk_report *, lk_format, FILE *), const lk_report *r, FILE *out);

/* Bokmål (1) or English (0). */
int rw_nb(const lk_report *r);
/* v with the language's decimal mark and the given decimals, into buf. */
void rw_human(const lk_report *r, char *buf, size_t size, double v, int decimals);
/* The decimals a value of this indicator is shown with. */
int rw_decimals(const lk_report *r);
/* "prosent", "per 1000", "kroner" (or in English). */
const char *rw_unit(const lk_report *r);
/* The indicator's name and definition in the report's language. */
const char *rw_name(const lk_report *r);
const char *rw_definition(const lk_report *r);
/* "higher" / "lower" / "similar" in the report's language ("" stays ""). */
const char *rw_vs_word(const lk_report *r, const char *vs);
/* The interval and test in a sentence, after prefix. */
void rw_method_note(const lk_report *r, FILE *out, const char *prefix);
/* A text from a definition or a file: as it is, or as Markdown that shows it as written. */
void rw_user_text(FILE *out, const char *s, int md, int line_start);
/* "Kilde brukt: SSB 10539 ... (2011-2020); SSB 13563 (2021-2024)." for several source definitions. */
void rw_definitions_used(const lk_report *r, FILE *out, int md);
/* The notes under a table or prose: definition, family, break, sources used, method, the
 * small-count rule when lk_report_protect() ran, source. */
void rw_notes(const lk_report *r, FILE *out, int md);
/* "Prikking av små tall: ..." with the limits and how many values were hidden, or nothing. */
void rw_suppression_note(const lk_report *r, FILE *out);
/* s as Markdown inline text (text_safety.c). */
void rw_md_put(FILE *out, const char *s, int line_start);
/* A number in CSV or JSON (full precision, decimal point), or nothing / null. */
void rw_csv_number(FILE *out, int has, double v);
void rw_json_number(FILE *out, int has, double v);
/* The row's comparison with the --compare region code, or NULL. */
const lk_report_cmp *rw_cmp_of(const lk_report_row *w, const char *code);
/* Age standardisation (write_std.c): the first standardised row or NULL; the note; CSV's
 * appended columns (only when some row is standardised: the header says, once); a JSON row's
 * fields. */
const lk_report_row *rw_std_row(const lk_report *r);
void rw_std_note(const lk_report *r, FILE *out, int md);
int rw_std_csv_header(const lk_report *r, FILE *out); /* 1: the columns are there */
void rw_std_csv_row(const lk_report_row *w, FILE *out);
void rw_std_json_row(const lk_report_row *w, FILE *out);

#endif
