/* Line classes the reader and the format detection share: what makes a row blank, a footnote
 * (trailer) or a status symbol, and a header row met again in the data. The per-row tests are
 * inline (they run on every data row); the rest runs once per distinct label or footnote. */
#ifndef LK_READ_LINES_H
#define LK_READ_LINES_H

#include <stddef.h>
#include "scan.h"
#include "../common/ascii.h"

struct lk_reader;
struct lk_layout;

/* 1 for cells that are a status symbol in form: short, punctuation only (".." ":" "-" "*"). */
int lk_is_symbol_like(const char *s, size_t len);

/* Trailer detection: footnote keywords, "xxx:" cells, HTML. */
int lk_is_trailer_text(const char *s, size_t len);

/* LK_EDATA with "FILE:LINE: the header row again ..." when the fields f[0..n) of line repeat a
 * header row cell by cell, or (by_labels, once the columns are planned) when the label columns
 * hold their column names: a second export of the same table whose value headers differ
 * (other years), as lay says them. LK_OK otherwise. For rare paths only (a new label, a
 * duplicate row). */
int lk_reader_check_header_again(struct lk_reader *r, const struct lk_layout *lay, const lk_field *f, size_t n,
                                 unsigned long line, int by_labels);

/* No cell has text (white space and empty quotes only). */
static inline int lk_line_all_empty(const lk_fields *f)
{
    for (size_t j = 0; j < f->n; j++) {
        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&p, &n);
        if (n) return 0;
    }
    return 1;
}

/* The first cell with text is a footnote's (lk_is_trailer_text). */
static inline int lk_line_first_is_trailer(const lk_fields *f)
{
    for (size_t j = 0; j < f->n; j++) {
        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&p, &n);
        if (n) return lk_is_trailer_text(p, n);
    }
    return 0;
}

/* The value columns hold no text (a row of a long file whose value is blank). */
static inline int lk_line_values_empty(const size_t *value_cols, size_t n_value_cols, const lk_fields *f)
{
    for (size_t k = 0; k < n_value_cols; k++) {
        size_t j = value_cols[k];
        if (j >= f->n) continue;
        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&p, &n);
        if (n) return 0;
    }
    return 1;
}

/* Only the first cell has text: a footnote padded to the table width. */
static inline int lk_line_only_first_cell(const lk_fields *f)
{
    for (size_t j = 1; j < f->n; j++) {
        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&p, &n);
        if (n) return 0;
    }
    return f->n > 0;
}

#endif
