/* What format detection (sniff.c) and column planning (columns.c) share: the window's lines
 * split into fields, the detection's state, and the small predicates on cells. */
#ifndef LK_READ_SNIFF_INTERNAL_H
#define LK_READ_SNIFF_INTERNAL_H

#include <stdint.h>
#include "reader_internal.h"

/* A field as its place in the line: a third of an lk_field, for every line of the window
 * (memory a small run would otherwise spend most of its page faults on). */
typedef struct sfield {
    uint32_t off;
    uint32_t len : 31, quoted : 1;
} sfield;

typedef struct sline {
    unsigned long no;   /* line number */
    const char *base;   /* the line's text (a private copy when it had "" escapes) */
    sfield *f;          /* fields */
    size_t nf;          /* 0 when the line could not be split */
    int blank;
} sline;

/* Field j of line l as an lk_field (a compound literal: valid in the enclosing block). */
#define F(l, j) (&(lk_field){ (char *)(uintptr_t)((l)->base + (l)->f[j].off), (l)->f[j].len, (int)(l)->f[j].quoted })

typedef struct sniff {
    lk_reader *r;
    lk_layout *lay;     /* what detection decides */
    lk_arena tmp;       /* freed at the end of detection */
    sline *lines;
    size_t n;
    size_t m;           /* modal field count */
    lk_fields fields;   /* the splitter's output, reused line after line */
} sniff;

/* ------------------------------------------------------------------ small predicates */

/* Number-shaped (also when out of range: the run reports that with its line). */
static inline int is_number(const lk_field *c)
{
    double v;
    int a = lk_value_parse(&v, c->p, c->len, '.'), b = lk_value_parse(&v, c->p, c->len, ',');
    return a == LK_OK || b == LK_OK || a == LK_ELIMIT || b == LK_ELIMIT;
}

static inline int is_empty(const lk_field *c)
{
    const char *s = c->p;
    size_t n = c->len;
    lk_trim(&s, &n);
    return n == 0;
}

/* A cell that looks like a value: a number or status symbol (PxWeb leaves them unquoted; tools
 * that quote every field quote them too). */
static inline int value_like(const lk_field *c)
{
    return !is_empty(c) && (is_number(c) || lk_is_symbol_like(c->p, c->len));
}

static inline int period_like(const lk_field *c)
{
    lk_period p;
    return lk_period_parse(&p, c->p, c->len) == LK_OK;
}

/* Only the first cell has text: a title, a footnote or a heading note. */
static inline int title_like(const sline *l)
{
    if (l->nf == 0 || is_empty(F(l, 0))) return 0;
    for (size_t j = 1; j < l->nf; j++)
        if (!is_empty(F(l, j))) return 0;
    return 1;
}

static inline int trailer_like(const sline *l)
{
    for (size_t j = 0; j < l->nf; j++)
        if (!is_empty(F(l, j))) return lk_is_trailer_text(F(l, j)->p, F(l, j)->len);
    return 0;
}

/* Data-like: the modal width, a value-like cell after the first column. Rows whose value-like
 * cells are all years, or all quoted, are reported as such: an unquoted header of years, or a
 * header naming the value column by a table id ("07459"), looks the same. */
static inline int data_like(const sniff *s, const sline *l, int *weak)
{
    if (l->nf != s->m || l->blank || title_like(l) || trailer_like(l)) return 0;
    int any = 0, all_years = 1, all_quoted = 1;
    for (size_t j = 1; j < l->nf; j++) {
        if (!value_like(F(l, j))) continue;
        any = 1;
        if (!period_like(F(l, j))) all_years = 0;
        if (!F(l, j)->quoted) all_quoted = 0;
    }
    *weak = any ? (all_years ? 1 : 0) | (all_quoted ? 2 : 0) : 0;
    if (*weak) { /* a header row names no region: a row with a region code is data whatever its numbers */
        for (size_t j = 0; j < l->nf && *weak; j++) {
            lk_region_label lab;
            const lk_field *c = F(l, j);
            if (!value_like(c) && lk_region_label_parse(&lab, c->p, c->len) == LK_OK && lab.code[0] &&
                lab.level != LK_LEVEL_OTHER)
                *weak = 0;
        }
    }
    return any;
}

/* Cell j of line l decoded to trimmed UTF-8 in the reader's arena (NULL with the error set). */
const char *lk_sniff_cell_text(lk_reader *r, const sline *l, size_t j);

/* s[0..n) copied into the reader's arena (NULL with the error set). */
char *lk_sniff_dup_text(lk_reader *r, const char *s, size_t n);

/* The layout's title and table id from a title text ("07459: Befolkning, etter ..."). */
void lk_sniff_split_title(lk_reader *r, lk_layout *L, const char *text);

/* Which column holds what, from the header rows [h0, h1) and the window's data rows [d0, d1):
 * roles, value columns' regions, periods, measures and dimensions (columns.c). */
int lk_plan_columns(sniff *s, size_t h0, size_t h1, size_t d0, size_t d1);

#endif
