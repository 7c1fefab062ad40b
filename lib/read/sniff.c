/* Format detection: from the first window of the file decide the delimiter, where the preamble
 * ends, which rows are headers, which columns hold labels (the "stub", in PC-Axis terms) and
 * which hold values, and what each value column's header says (region, period, measure, other
 * dimensions glued together with spaces, as PxWeb writes them). The answer is an lk_layout
 * (reader_internal.h) that the run follows; the reader lends its arena, text decoding and
 * messages, and nothing here calls into reader.c.
 *
 * Nothing here is on the hot path: it runs once per file on at most LK_SNIFF_LINES lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "reader_internal.h"
#include "names.h"
#include "unit.h"
#include "glued.h"
#include "../common/ascii.h"

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
static int is_number(const lk_field *c)
{
    double v;
    int a = lk_value_parse(&v, c->p, c->len, '.'), b = lk_value_parse(&v, c->p, c->len, ',');
    return a == LK_OK || b == LK_OK || a == LK_ELIMIT || b == LK_ELIMIT;
}

static int is_empty(const lk_field *c)
{
    const char *s = c->p;
    size_t n = c->len;
    lk_trim(&s, &n);
    return n == 0;
}

/* A cell that looks like a value: a number or status symbol (PxWeb leaves them unquoted; tools
 * that quote every field quote them too). */
static int value_like(const lk_field *c)
{
    return !is_empty(c) && (is_number(c) || lk_is_symbol_like(c->p, c->len));
}

static int period_like(const lk_field *c)
{
    lk_period p;
    return lk_period_parse(&p, c->p, c->len) == LK_OK;
}

/* Only the first cell has text: a title, a footnote or a heading note. */
static int title_like(const sline *l)
{
    if (l->nf == 0 || is_empty(F(l, 0))) return 0;
    for (size_t j = 1; j < l->nf; j++)
        if (!is_empty(F(l, j))) return 0;
    return 1;
}

static int trailer_like(const sline *l)
{
    for (size_t j = 0; j < l->nf; j++)
        if (!is_empty(F(l, j))) return lk_is_trailer_text(F(l, j)->p, F(l, j)->len);
    return 0;
}

/* Data-like: the modal width, a value-like cell after the first column. Rows whose value-like
 * cells are all years, or all quoted, are reported as such: an unquoted header of years, or a
 * header naming the value column by a table id ("07459"), looks the same. */
static int data_like(const sniff *s, const sline *l, int *weak)
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

/* ------------------------------------------------------------------ window lines */

/* 1 when the bytes hold "" (an escaped quote, unescaped in place by the splitter). */
static int has_double_quote(const char *p, size_t len)
{
    for (size_t i = 1; i < len; i++) /* every field quoted: a memchr per quote costs more */
        if (p[i] == '"' && p[i - 1] == '"') return 1;
    return 0;
}

static int split_copy(sniff *s, sline *l, const char *line, size_t len, char delim)
{
    /* The splitter writes into a line only to unescape "": other lines are split where they
     * lie (a copy of every window line touched more memory than the rest of a small run). */
    char *copy = has_double_quote(line, len) ? lk_arena_strndup(&s->tmp, line, len) : (char *)(uintptr_t)line;
    if (!copy) return LK_ENOMEM;
    size_t bad;
    lk_split_error e = lk_split_fast(&s->fields, copy, len, delim, &bad);
    if (e == LK_SPLIT_NOMEM) return LK_ENOMEM;
    l->nf = 0;
    l->f = NULL;
    l->base = copy;
    if (e == LK_SPLIT_OK) {
        l->f = lk_arena_alloc(&s->tmp, s->fields.n * sizeof *l->f);
        if (!l->f) return LK_ENOMEM;
        for (size_t j = 0; j < s->fields.n; j++) {
            l->f[j].off = (uint32_t)(s->fields.v[j].p - copy);
            l->f[j].len = (uint32_t)s->fields.v[j].len & 0x7FFFFFFFu; /* lines are shorter than LK_MAX_LINE */
            l->f[j].quoted = s->fields.v[j].quoted ? 1u : 0u;
        }
        l->nf = s->fields.n;
    }
    l->blank = 1;
    for (size_t j = 0; j < l->nf; j++)
        if (!is_empty(F(l, j))) l->blank = 0;
    return LK_OK;
}

/* The lines of the window as (start, length) in the reader's buffer. */
typedef struct wline { size_t off, len; } wline;

static int window_lines(lk_reader *r, wline **out, size_t *n_out)
{
    size_t cap = 256, n = 0;
    wline *v = malloc(cap * sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t pos = r->start;
    unsigned long no = 0;
    while (pos < r->end && n < LK_SNIFF_LINES) {
        const char *p = r->buf + pos;
        const char *nl = memchr(p, '\n', r->end - pos);
        size_t len;
        if (nl) len = (size_t)(nl - p);
        else if (r->eof) len = r->end - pos;
        else break; /* a partial line at the end of the window */
        no++;
        if (memchr(p, '\0', len)) {
            free(v);
            return lk_reader_fail(r, LK_EDATA, no,
                                  "NUL byte in the line (expected text; is this a binary or UTF-16 file?)");
        }
        size_t l = len;
        if (l && p[l - 1] == '\r') l--;
        const char *cr = memchr(p, '\r', l);
        if (cr) {
            free(v);
            return lk_reader_fail(r, LK_EDATA, no,
                                  "carriage return inside the line at byte %zu (expected CRLF or LF line ends)",
                                  (size_t)(cr - p) + 1);
        }
        if (n == cap) {
            wline *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv) {
                free(v);
                return LK_ENOMEM;
            }
            v = nv;
            cap *= 2;
        }
        v[n].off = pos;
        v[n].len = l;
        n++;
        pos += len + (nl ? 1 : 0);
    }
    *out = v;
    *n_out = n;
    return LK_OK;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Most frequent field count of at least 2, and how many lines have it. */
static size_t modal_count(size_t *counts, size_t n, size_t *score)
{
    qsort(counts, n, sizeof *counts, cmp_size);
    size_t best = 0, best_run = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && counts[j] == counts[i]) j++;
        if (counts[i] >= 2 && j - i >= best_run) { /* ties: the wider count */
            best = counts[i];
            best_run = j - i;
        }
        i = j;
    }
    *score = best_run;
    return best;
}

static int choose_delimiter(sniff *s, lk_reader *r, const wline *w, size_t n)
{
    lk_layout *L = s->lay;
    /* PxWeb writes ';', ',', TAB and (v2 SeparatorSpace) space; space last, as labels contain it */
    static const char cands[] = { ';', '\t', ',', ' ' };
    size_t *counts = malloc((n ? n : 1) * sizeof *counts);
    if (!counts) return LK_ENOMEM;
    size_t best_score = 0;
    L->delim = 0;
    for (size_t c = 0; c < sizeof cands; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (w[i].len) counts[k++] = lk_split_count(r->buf + w[i].off, w[i].len, cands[c]);
        size_t score;
        size_t m = modal_count(counts, k, &score);
        /* space only when at least two lines agree: prose has spaces too */
        if (m >= 2 && score > best_score && (cands[c] != ' ' || score >= 2)) {
            best_score = score;
            L->delim = cands[c];
            s->m = m;
        }
    }
    free(counts);
    return LK_OK;
}

/* ------------------------------------------------------------------ texts */

static const char *cell_text(lk_reader *r, const sline *l, size_t j)
{
    if (j >= l->nf) return "";
    return lk_reader_text(r, F(l, j)->p, F(l, j)->len, l->no, NULL);
}

/* Non-empty cells joined by a space (metadata lines). */
static const char *line_text(lk_reader *r, sniff *s, const sline *l)
{
    size_t total = 0;
    for (size_t j = 0; j < l->nf; j++) total += F(l, j)->len + 1;
    char *joined = lk_arena_alloc(&s->tmp, total + 1);
    if (!joined) return NULL;
    size_t o = 0;
    for (size_t j = 0; j < l->nf; j++) {
        const char *p = F(l, j)->p;
        size_t n = F(l, j)->len;
        lk_trim(&p, &n);
        if (!n) continue;
        if (o) joined[o++] = ' ';
        memcpy(joined + o, p, n);
        o += n;
    }
    return lk_reader_text(r, joined, o, l->no, NULL);
}

/* NULL when memory ran out, said on the reader: detection goes on to its end, where the
 * failure is returned (the callers take NULL for "none", as they would for an absent text). */
static char *dup_text(lk_reader *r, const char *s, size_t n)
{
    char *p = lk_arena_strndup(&r->arena, s, n);
    if (!p) lk_reader_fail(r, LK_ENOMEM, 0, "out of memory");
    return p;
}

/* "07459: Befolkning, etter ..." → id "07459", title "Befolkning, etter ...". */
static void split_title(lk_reader *r, lk_layout *L, const char *text)
{
    size_t d = 0;
    while (lk_is_digit((unsigned char)text[d])) d++;
    if (d == 5 && text[d] == '\0') { /* csv3 names its value column by the table id alone */
        L->table_id = dup_text(r, text, d);
        return;
    }
    if (d >= 4 && d <= 6 && text[d] == ':') {
        L->table_id = dup_text(r, text, d);
        const char *t = text + d + 1;
        while (*t == ' ') t++;
        L->title = dup_text(r, t, strlen(t));
    } else {
        L->title = dup_text(r, text, strlen(text));
    }
}

/* The variables named in a title: "…, etter region, alder, statistikkvariabel og år". */
static size_t title_vars(lk_reader *r, const lk_layout *L, const char **vars, size_t max)
{
    if (!L->title) return 0;
    const char *t = L->title, *p = NULL;
    const char *marks[] = { " etter ", " by ", NULL };
    for (size_t k = 0; marks[k] && !p; k++) {
        const char *q = strstr(t, marks[k]);
        if (q) p = q + strlen(marks[k]);
    }
    if (!p) return 0;
    size_t n = 0;
    while (*p && n < max) {
        const char *end = p + strlen(p), *next = end;
        const char *seps[] = { ", ", " og ", " and ", NULL };
        for (size_t k = 0; seps[k]; k++) {
            const char *q = strstr(p, seps[k]);
            if (q && q < end) {
                end = q;
                next = q + strlen(seps[k]);
            }
        }
        size_t len = (size_t)(end - p);
        lk_trim(&p, &len);
        /* "alder (prosent) (K)": the unit and level marks after the last variable are no part of its name */
        while (len && p[len - 1] == ')') {
            size_t o = len;
            while (o && p[o - 1] != '(') o--;
            if (!o) break;
            len = o - 1;
            while (len && p[len - 1] == ' ') len--;
        }
        if (len && (vars[n] = dup_text(r, p, len)) != NULL) n++;
        p = next;
    }
    return n;
}

/* ------------------------------------------------------------------ value headers */

typedef struct vhead {
    const char *parts[8];     /* text parts of the header, in heading-row order */
    size_t n_parts;
    const char *code;         /* region code found in the header */
    lk_level level;
    const char *region_rest;  /* glued: name + whatever followed it */
    int glued;
    const char *name;
    const char *period;
    lk_period period_info;
    const char *texts[8];     /* what is left: measure and dimension values */
    size_t n_texts;
} vhead;

static int header_region(const char *t, lk_region_label *lab)
{
    if (lk_region_label_parse(lab, t, strlen(t)) != LK_OK) return 0;
    if (!lab->prefix && (lab->level == LK_LEVEL_OTHER || lab->level == LK_LEVEL_NONE)) return 0;
    if (lab->name_length == 0) return 0;
    unsigned char c = (unsigned char)t[lab->name_offset];
    return lk_is_upper(c) || c >= 0x80; /* names are capitalised; "15 år" is an age */
}

/* "07459: Befolkning, …" (csv2's value column), or just "07459" (csv3's, with codes) */
static int is_contents_title(const char *t)
{
    size_t d = 0;
    while (lk_is_digit((unsigned char)t[d])) d++;
    return d == 5 && (t[d] == ':' || t[d] == '\0');
}

/* Take a period off the end (or the start) of a glued text. */
static const char *strip_period(lk_reader *r, const char *t, vhead *h)
{
    size_t n = strlen(t);
    const char *last = t + n;
    while (last > t && last[-1] != ' ') last--;
    lk_period p;
    if (lk_period_parse(&p, last, (size_t)(t + n - last)) == LK_OK) {
        h->period_info = p;
        size_t keep = (size_t)(last - t);
        while (keep && t[keep - 1] == ' ') keep--;
        return dup_text(r, t, keep);
    }
    const char *sp = strchr(t, ' ');
    if (sp && lk_period_parse(&p, t, (size_t)(sp - t)) == LK_OK) {
        h->period_info = p;
        while (*sp == ' ') sp++;
        return dup_text(r, sp, strlen(sp));
    }
    return NULL;
}

/* A header part, or its first or last word, shaped like a period code but not a valid one
 * ("2023U53"): an error, not a label that quietly becomes a measure. */
static int check_header_period(lk_reader *r, const lk_layout *L, const char *t)
{
    char why[96];
    size_t n = strlen(t);
    const char *last = t + n, *sp = strchr(t, ' ');
    while (last > t && last[-1] != ' ') last--;
    const char *bad = lk_period_problem(t, n, why, sizeof why) ? t
                      : lk_period_problem(last, (size_t)(t + n - last), why, sizeof why) ? last
                      : sp && lk_period_problem(t, (size_t)(sp - t), why, sizeof why) ? t : NULL;
    if (!bad) return LK_OK;
    size_t bl = strcspn(bad, " ");
    return lk_reader_fail(r, LK_EDATA, L->header_last,
                          "'%.*s' in the header \"%s\" is not a period: %s (expected " LK_PERIOD_FORMS ")",
                          (int)bl, bad, t, why);
}

static int analyse_value_header(lk_reader *r, lk_layout *L, vhead *h)
{
    int want_region = L->region_col == SIZE_MAX, want_period = L->period_col == SIZE_MAX;
    char pbuf[LK_PERIOD_TEXT_MAX];
    for (size_t i = 0; i < h->n_parts; i++) {
        const char *t = h->parts[i];
        lk_region_label lab;
        lk_period p;
        if (want_period && check_header_period(r, L, t) != LK_OK) return r->fail_status;
        if (is_contents_title(t)) {
            if (!L->title) split_title(r, L, t);
            continue;
        }
        if (want_period && !h->period && lk_period_parse(&p, t, strlen(t)) == LK_OK) {
            h->period_info = p;
            lk_period_format(pbuf, sizeof pbuf, &p);
            h->period = dup_text(r, pbuf, strlen(pbuf));
            continue;
        }
        if (want_region && !h->code && header_region(t, &lab)) {
            h->code = dup_text(r, lab.code, strlen(lab.code));
            h->level = lab.level;
            const char *rest = t + lab.name_offset;
            if (h->n_parts == 1) {
                /* One glued cell: the name may be followed by other variables' values. */
                if (want_period && !h->period) {
                    const char *stripped = strip_period(r, rest, h);
                    if (stripped) {
                        lk_period_format(pbuf, sizeof pbuf, &h->period_info);
                        h->period = dup_text(r, pbuf, strlen(pbuf));
                        rest = stripped;
                    }
                }
                h->region_rest = dup_text(r, rest, lab.name_length < strlen(rest) ? lab.name_length : strlen(rest));
                h->glued = 1;
            } else {
                h->name = dup_text(r, rest, lab.name_length);
            }
            continue;
        }
        if (want_period && !h->period && h->n_parts == 1) {
            const char *stripped = strip_period(r, t, h);
            if (stripped) {
                lk_period_format(pbuf, sizeof pbuf, &h->period_info);
                h->period = dup_text(r, pbuf, strlen(pbuf));
                t = stripped;
            }
        }
        if (*t && h->n_texts < 8) h->texts[h->n_texts++] = t;
    }
    return r->errmsg[0] ? r->fail_status : LK_OK;
}

/* Length of the common trailing words (as a byte count from the end, including the space). */
static size_t common_suffix_words(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0, last = 0;
    while (i < la && i < lb && a[la - 1 - i] == b[lb - 1 - i]) {
        i++;
        if ((i == la || a[la - 1 - i] == ' ') && (i == lb || b[lb - 1 - i] == ' ')) last = i;
    }
    return last;
}

/* A glued header "33 Buskerud Alle aldre" holds a region name and another variable's value.
 * Without metadata the boundary is found by comparing headers: columns with the same code
 * share the name (prefix); columns with different codes share the other value (suffix). */
static void split_glued_regions(lk_reader *r, vhead *h, size_t nh)
{
    size_t singles = 0, suffix = SIZE_MAX;
    const char *first_single = NULL;
    if (r->errmsg[0]) return; /* a code or name could not be copied */
    for (size_t i = 0; i < nh; i++) {
        if (!h[i].glued) continue;
        size_t pre = SIZE_MAX;
        for (size_t k = 0; k < nh; k++) {
            if (k == i || !h[k].glued || strcmp(h[k].code, h[i].code) != 0) continue;
            size_t c = lk_common_prefix_words(h[i].region_rest, h[k].region_rest);
            if (c < pre) pre = c;
        }
        if (pre != SIZE_MAX && pre > 0) {
            h[i].name = dup_text(r, h[i].region_rest, pre);
            const char *extra = h[i].region_rest + pre;
            while (*extra == ' ') extra++;
            if (*extra && h[i].n_texts < 8) {
                memmove(h[i].texts + 1, h[i].texts, h[i].n_texts * sizeof h[i].texts[0]);
                h[i].texts[0] = extra;
                h[i].n_texts++;
            }
            h[i].glued = 2; /* resolved */
            continue;
        }
        singles++;
        if (!first_single) {
            first_single = h[i].region_rest;
        } else {
            size_t c = common_suffix_words(first_single, h[i].region_rest);
            if (c < suffix) suffix = c;
        }
    }
    for (size_t i = 0; i < nh; i++) {
        if (h[i].glued != 1) continue;
        const char *rest = h[i].region_rest;
        size_t len = strlen(rest), cut = 0;
        if (singles >= 2 && suffix != SIZE_MAX && suffix < len) cut = suffix; /* keep >= 1 word of name */
        size_t name_len = len - cut;
        while (name_len && rest[name_len - 1] == ' ') name_len--;
        h[i].name = dup_text(r, rest, name_len);
        if (cut) {
            const char *extra = rest + len - cut;
            while (*extra == ' ') extra++;
            if (h[i].n_texts < 8) {
                memmove(h[i].texts + 1, h[i].texts, h[i].n_texts * sizeof h[i].texts[0]);
                h[i].texts[0] = extra;
                h[i].n_texts++;
            }
        }
    }
}

/* ------------------------------------------------------------------ checks of the layout */

/* Two value columns whose headers say the same thing would give every observation of the
 * second column twice (a column pasted twice, or two exports glued side by side): an error
 * naming both, not a sum counted double. */
typedef struct vkey { const char *key; size_t col; } vkey;

static int cmp_vkey(const void *a, const void *b)
{
    const vkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->col > y->col) - (x->col < y->col);
}

static int check_same_value_headers(sniff *s)
{
    lk_layout *L = s->lay;
    lk_reader *r = s->r;
    vkey *v = malloc((L->ncols ? L->ncols : 1) * sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = 0;
    for (size_t j = 0; j < L->ncols; j++) {
        const lk_colplan *c = &L->cols[j];
        if (c->role != LK_COL_VALUE) continue;
        /* what the column gives each observation: region, period, measure, dimensions */
        size_t len = strlen(c->region) + strlen(c->period) + strlen(c->measure) + 4;
        for (size_t d = 0; d < c->n_dims; d++) len += strlen(c->dims[d].name) + strlen(c->dims[d].value) + 2;
        char *k = lk_arena_alloc(&s->tmp, len);
        if (!k) { free(v); return LK_ENOMEM; }
        size_t o = (size_t)sprintf(k, "%s\x1f%s\x1f%s\x1f", c->region, c->period, c->measure);
        for (size_t d = 0; d < c->n_dims; d++) o += (size_t)sprintf(k + o, "%s\x1e%s\x1f", c->dims[d].name, c->dims[d].value);
        v[n].key = k;
        v[n++].col = j;
    }
    qsort(v, n, sizeof *v, cmp_vkey);
    size_t a = SIZE_MAX, b = SIZE_MAX; /* the first column that repeats an earlier one, and that one */
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i].key, v[i - 1].key) == 0 && (i == 1 || strcmp(v[i - 1].key, v[i - 2].key) != 0) && v[i].col < b) {
            a = v[i - 1].col;
            b = v[i].col;
        }
    free(v);
    if (b == SIZE_MAX) return LK_OK;
    const char *ha = L->cols[a].header, *hb = L->cols[b].header;
    if (strcmp(ha, hb) == 0)
        return lk_reader_fail(r, LK_EDATA, L->header_last,
                              "columns %zu and %zu have the same header \"%s\" (expected one column per "
                              "combination of the labels in the header: the second would count the same "
                              "observations again)", a + 1, b + 1, ha);
    return lk_reader_fail(r, LK_EDATA, L->header_last,
                          "columns %zu and %zu (\"%s\" and \"%s\") name the same observations (expected one "
                          "column per combination of the labels in the header: the second would count them "
                          "again)", a + 1, b + 1, ha, hb);
}

/* Only exports are data: a table with neither regions nor periods nor a measure column (a,b,c
 * over 1,2,3) is some other CSV, and reading its numbers as observations would be a guess. */
static int check_is_export(lk_reader *r, const lk_layout *L)
{
    int region = L->region_col != SIZE_MAX, period = L->period_col != SIZE_MAX;
    for (size_t j = 0; j < L->ncols; j++) {
        if (L->cols[j].role != LK_COL_VALUE) continue;
        if (*L->cols[j].region) region = 1;
        if (*L->cols[j].period) period = 1;
    }
    if (region || period || L->measure_col != SIZE_MAX) return LK_OK;
    return lk_reader_fail(r, LK_EDATA, L->header_first,
                          "no region, period or measure column (expected an export from SSB or FHI: label "
                          "columns such as \"region\", \"\xC3\xA5r\" or \"statistikkvariabel\" beside the numbers, "
                          "or regions and years in the headers; or levekar's tidy CSV with its header "
                          "table,region,region_name,level,period,measure,dims,value,status)");
}

/* No region anywhere (no column, no header): an SSB table without a region variable is
 * national (11623, 05803), so its observations are Hele landet, where report --area 0 and the
 * comparisons with landet find them. inspect says so. After check_is_export: a table of a, b, c
 * is still no export. */
static void imply_national(lk_layout *L)
{
    if (L->region_col != SIZE_MAX) return;
    for (size_t j = 0; j < L->ncols; j++)
        if (L->cols[j].role == LK_COL_VALUE && *L->cols[j].region) return;
    L->national_implied = 1;
    for (size_t j = 0; j < L->ncols; j++) {
        lk_colplan *c = &L->cols[j];
        if (c->role != LK_COL_VALUE) continue;
        c->region = "0";
        c->region_name = "Hele landet";
        c->level = LK_LEVEL_LAND;
    }
}

/* Keep the header block's rows for lk_reader_check_header_again (lines.c). */
static int keep_header_rows(sniff *s, size_t h0, size_t h1)
{
    lk_layout *L = s->lay;
    lk_reader *r = s->r;
    L->header_rows = lk_arena_alloc(&r->arena, (h1 - h0) * sizeof *L->header_rows);
    if (!L->header_rows) return LK_ENOMEM;
    for (size_t i = h0; i < h1; i++) {
        const sline *l = &s->lines[i];
        lk_header_row *h = &L->header_rows[L->n_header_rows++];
        h->line = l->no;
        h->n = l->nf;
        h->f = lk_arena_alloc(&r->arena, (l->nf ? l->nf : 1) * sizeof *h->f);
        if (!h->f) return LK_ENOMEM;
        for (size_t j = 0; j < l->nf; j++) {
            const char *p = F(l, j)->p;
            size_t n = F(l, j)->len;
            lk_trim(&p, &n);
            h->f[j].p = lk_arena_strndup(&r->arena, p, n);
            if (!h->f[j].p) return LK_ENOMEM;
            h->f[j].len = n;
            h->f[j].quoted = 0;
        }
    }
    return LK_OK;
}

/* A header row again among the window's data rows (two exports in one file): said at its line,
 * before the column decisions take its names for data. */
static int check_header_in_window(sniff *s, size_t d0, size_t d1)
{
    lk_layout *L = s->lay;
    lk_reader *r = s->r;
    lk_field *f = malloc((s->m ? s->m : 1) * sizeof *f);
    if (!f) return LK_ENOMEM;
    int rc = LK_OK;
    for (size_t i = d0; i < d1 && rc == LK_OK; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != s->m) continue;
        for (size_t j = 0; j < l->nf; j++) f[j] = *F(l, j);
        rc = lk_reader_check_header_again(r, L, f, l->nf, l->no, 0);
    }
    free(f);
    return rc;
}

/* levekar's own tidy output, known by its exact header (lib/report/tidy.c; 2 with the unit column
 * that issue 13 adds after dims). */
static int tidy_header(const lk_reader *r, const wline *w)
{
    static const char plain[] = "table,region,region_name,level,period,measure,dims,value,status";
    static const char unit[] = "table,region,region_name,level,period,measure,dims,unit,value,status";
    const char *p = r->buf + w->off;
    if (w->len == sizeof plain - 1 && memcmp(p, plain, w->len) == 0) return 1;
    if (w->len == sizeof unit - 1 && memcmp(p, unit, w->len) == 0) return 2;
    return 0;
}

/* ------------------------------------------------------------------ main detection */

static int is_stub_column(sniff *s, size_t j, size_t d0, size_t d1, int quoting_informative)
{
    int any_quoted = 0, any_text = 0;
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != s->m || l->blank) continue;
        const lk_field *c = F(l, j);
        if (c->quoted) any_quoted = 1;
        if (!is_empty(c) && !is_number(c) && !lk_is_symbol_like(c->p, c->len)) any_text = 1;
    }
    return quoting_informative ? any_quoted : any_text;
}

static int column_all_empty(sniff *s, size_t j, size_t d0, size_t d1)
{
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf == s->m && !is_empty(F(l, j))) return 0;
    }
    return 1;
}

/* Content test for an unnamed label column: do its cells read as regions / periods? An age
 * ("0-4 år") is never a region, whatever its digits look like. */
static lk_column_role role_by_content(sniff *s, size_t j, size_t d0, size_t d1)
{
    size_t n = 0, regions = 0, periods = 0;
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != s->m || l->blank || is_empty(F(l, j))) continue;
        n++;
        lk_region_label lab;
        const char *t = cell_text(s->r, l, j);
        if (t && lk_is_age(t)) continue; /* counted in n: a column with ages is no region column */
        if (lk_region_label_parse(&lab, F(l, j)->p, F(l, j)->len) == LK_OK && lab.level != LK_LEVEL_OTHER)
            regions++;
        if (period_like(F(l, j))) periods++;
    }
    if (n && periods == n) return LK_COL_PERIOD;
    if (n && regions == n) return LK_COL_REGION;
    return LK_COL_DIM;
}

/* Every non-empty cell of column j in the window is an age. */
static int column_of_ages(sniff *s, size_t j, size_t d0, size_t d1)
{
    size_t n = 0;
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != s->m || l->blank || is_empty(F(l, j))) continue;
        const char *t = cell_text(s->r, l, j);
        if (!t || !lk_is_age(t)) return 0;
        n++;
    }
    return n > 0;
}

static int plan_columns(sniff *s, size_t h0, size_t h1, size_t d0, size_t d1)
{
    lk_layout *L = s->lay;
    lk_reader *r = s->r;
    size_t m = s->m;
    L->cols = lk_arena_alloc(&r->arena, m * sizeof *L->cols);
    vhead *vh = calloc(m, sizeof *vh);
    if (!L->cols || !vh) {
        free(vh);
        return LK_ENOMEM;
    }
    L->ncols = m; /* only with the columns there: the reader's info walks them */
    memset(L->cols, 0, m * sizeof *L->cols);

    /* Header parts per column. Heading rows whose first cell is empty come from merged
     * spreadsheet cells: a value spans the empty cells to its right. */
    for (size_t j = 0; j < m; j++) {
        vhead *h = &vh[j];
        for (size_t i = h0; i < h1; i++) {
            const sline *l = &s->lines[i];
            int spanning = h1 - h0 > 1 && is_empty(F(l, 0));
            size_t src = j;
            if (spanning && j > 0)
                while (src > 1 && is_empty(F(l, src))) src--;
            if (spanning && is_empty(F(l, src))) continue;
            if (is_empty(F(l, src))) continue;
            const char *t = cell_text(r, l, src);
            if (!t) { free(vh); return lk_reader_failed(r); }
            int dup = 0;
            for (size_t k = 0; k < h->n_parts; k++)
                if (strcmp(h->parts[k], t) == 0) dup = 1;
            if (!dup && h->n_parts < 8) h->parts[h->n_parts++] = t;
        }
        /* The column's header text: parts joined by spaces. */
        size_t total = 1;
        for (size_t k = 0; k < h->n_parts; k++) total += strlen(h->parts[k]) + 1;
        char *joined = lk_arena_alloc(&r->arena, total);
        if (!joined) { free(vh); return LK_ENOMEM; }
        joined[0] = '\0';
        for (size_t k = 0; k < h->n_parts; k++) {
            if (k) strcat(joined, " ");
            strcat(joined, h->parts[k]);
        }
        L->cols[j].header = joined;
    }

    /* Label columns come first (PC-Axis "stub"), value columns after. Quoting tells them
     * apart in PxWeb files (labels quoted, numbers not); otherwise names and contents do. */
    size_t q = 0, u = 0, ut = 0;
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != m || l->blank) continue;
        for (size_t j = 0; j < m; j++) {
            const lk_field *c = F(l, j);
            if (c->quoted) q++;
            else if (!is_empty(c)) u++;
            if (!c->quoted && !is_empty(c) && !value_like(c)) ut++;
        }
    }
    /* PxWeb quotes every text and no number. A spreadsheet re-save quotes only the cells that
     * need it ("1500,5" in a ',' file), and leaves labels such as K-3001 Halden bare: there
     * quoting says nothing, and the contents decide (#13 A2). */
    int quoting_informative = q > 0 && u > 0 && ut == 0;
    size_t k = 0;
    for (; k < m; k++) {
        const char *last = vh[k].n_parts ? vh[k].parts[vh[k].n_parts - 1] : "";
        lk_name_kind kind = lk_name_classify(last);
        if (kind == LK_NAME_VALUE || kind == LK_NAME_FLAG) break;
        lk_region_label lab;
        lk_period p;
        if (vh[k].n_parts && (lk_period_parse(&p, last, strlen(last)) == LK_OK || (k > 0 && header_region(last, &lab))))
            break;
        if (kind != LK_NAME_UNKNOWN) continue;
        if (!is_stub_column(s, k, d0, d1, quoting_informative)) break;
    }
    if (k == m) {
        free(vh);
        return lk_reader_fail(r, LK_EDATA, s->lines[d0].no,
                              "no value columns: every column holds labels (expected numbers after the label columns)");
    }

    /* Roles of the label columns. */
    L->region_col = L->period_col = L->measure_col = L->flag_col = SIZE_MAX;
    L->dim_cols = lk_arena_alloc(&r->arena, (k ? k : 1) * sizeof *L->dim_cols);
    if (!L->dim_cols) { free(vh); return LK_ENOMEM; }
    L->n_dim_cols = 0;
    for (size_t j = 0; j < k; j++) {
        lk_colplan *c = &L->cols[j];
        const char *name = vh[j].n_parts ? vh[j].parts[vh[j].n_parts - 1] : "";
        c->header = name; /* a label column is named by its last heading row */
        lk_name_kind kind = lk_name_classify(name);
        lk_column_role role = LK_COL_DIM;
        if (kind == LK_NAME_REGION || kind == LK_NAME_FHI_GEO) role = LK_COL_REGION;
        else if (kind == LK_NAME_PERIOD) role = LK_COL_PERIOD;
        else if (kind == LK_NAME_MEASURE) role = LK_COL_MEASURE;
        else if (kind == LK_NAME_UNKNOWN) role = role_by_content(s, j, d0, d1);
        if (role == LK_COL_REGION && L->region_col == SIZE_MAX) {
            L->region_col = j;
            c->fhi_geo = kind == LK_NAME_FHI_GEO;
        } else if (role == LK_COL_PERIOD && L->period_col == SIZE_MAX) {
            L->period_col = j;
        } else if (role == LK_COL_MEASURE && L->measure_col == SIZE_MAX) {
            L->measure_col = j;
            c->holds_codes = strcmp(name, "ContentsCode") == 0; /* csv3: codes, not texts */
        } else {
            role = LK_COL_DIM;
            L->dim_cols[L->n_dim_cols++] = j;
            if (!*name && column_of_ages(s, j, d0, d1)) {
                c->header = "alder"; /* an unnamed column of ages (a spreadsheet re-save) */
            } else if (!*name) {
                char nb[32];
                snprintf(nb, sizeof nb, "dim%zu", j + 1);
                c->header = dup_text(r, nb, strlen(nb));
                if (!c->header) { free(vh); return LK_ENOMEM; }
            }
        }
        c->role = role;
    }

    /* Value columns: what their headers say. */
    for (size_t j = k; j < m; j++) {
        lk_colplan *c = &L->cols[j];
        const char *last = vh[j].n_parts ? vh[j].parts[vh[j].n_parts - 1] : "";
        if (lk_name_classify(last) == LK_NAME_FLAG && L->flag_col == SIZE_MAX) {
            c->role = LK_COL_FLAG;
            L->flag_col = j;
            continue;
        }
        if (vh[j].n_parts == 0 && column_all_empty(s, j, d0, d1)) {
            c->role = LK_COL_IGNORED;
            continue;
        }
        c->role = LK_COL_VALUE;
        if (analyse_value_header(r, L, &vh[j]) != LK_OK) { free(vh); return lk_reader_failed(r); }
    }
    split_glued_regions(r, vh + k, m - k);

    /* Name the rest of each header after the title's variables that are still unaccounted for:
     * "… etter statistikkvariabel, år, kjønn, region og alder" with stub statistikkvariabel,
     * år, kjønn and regions in the header leaves "alder" for "Alle aldre". */
    const char *vars[16];
    size_t nv = title_vars(r, L, vars, 16);
    int heading_region = 0, heading_period = 0;
    for (size_t j = k; j < m; j++) {
        if (vh[j].code) heading_region = 1;
        if (vh[j].period) heading_period = 1;
    }
    const char *left[16];
    size_t nl = 0;
    for (size_t v = 0; v < nv; v++) {
        const char *name = vars[v];
        int used = 0;
        for (size_t j = 0; j < k; j++)
            if (lk_name_eq(L->cols[j].header, name)) used = 1;
        lk_name_kind kind = lk_name_classify(name);
        if ((kind == LK_NAME_REGION || kind == LK_NAME_FHI_GEO) && (heading_region || L->region_col != SIZE_MAX)) used = 1;
        if (kind == LK_NAME_PERIOD && (heading_period || L->period_col != SIZE_MAX)) used = 1;
        if (kind == LK_NAME_MEASURE) used = 1; /* the measure is handled below */
        if (!used) left[nl++] = name;
    }
    int measure_in_stub = L->measure_col != SIZE_MAX;
    /* Header text is the measure unless the title lists its variables without one (then it
     * belongs to the variables left over, and the title says what is measured). */
    int title_has_measure = 0;
    for (size_t v = 0; v < nv; v++)
        if (lk_name_classify(vars[v]) == LK_NAME_MEASURE) title_has_measure = 1;
    int measure_in_heading = !measure_in_stub && (nv == 0 || title_has_measure);
    L->fallback_measure = "";
    if (!measure_in_stub && L->title) {
        /* Files that name no measure anywhere: the title says what is measured. */
        const char *t = L->title, *e = strstr(t, ", etter ");
        if (!e) e = strstr(t, " etter ");
        if (!e) e = strstr(t, ", by ");
        size_t ml = e ? (size_t)(e - t) : strlen(t);
        while (ml && (t[ml - 1] == ',' || t[ml - 1] == ' ')) ml--; /* csv2's cut title "04362: Befolkning," */
        L->fallback_measure = dup_text(r, t, ml);
    }
    if (measure_in_heading && nl) { /* #13 A6: glued headers as a grid of the title's variables */
        size_t *cols = malloc((m - k) * sizeof *cols), n = 0;
        if (!cols) { free(vh); return LK_ENOMEM; }
        int all_one = 1;
        for (size_t j = k; j < m; j++) {
            if (L->cols[j].role != LK_COL_VALUE) continue;
            if (vh[j].n_texts != 1) all_one = 0;
            cols[n++] = j;
        }
        const char **texts = all_one ? malloc(n * (2 + nl) * sizeof *texts) : NULL, **parts = texts ? texts + n : NULL;
        int grid = 0;
        if (texts) {
            for (size_t i = 0; i < n; i++) texts[i] = vh[cols[i]].texts[0];
            if ((grid = lk_split_glued_grid(&r->arena, texts, n, left, nl, parts)) == 1)
                for (size_t i = 0; i < n; i++) {
                    for (size_t v = 0; v <= nl; v++) vh[cols[i]].texts[v] = parts[i * (1 + nl) + v];
                    vh[cols[i]].n_texts = 1 + nl;
                }
        }
        free(texts);
        free(cols);
        if (grid < 0 || (all_one && !texts)) { free(vh); return LK_ENOMEM; }
    }
    L->max_dims = 0;
    for (size_t j = k; j < m; j++) {
        lk_colplan *c = &L->cols[j];
        if (c->role != LK_COL_VALUE) continue;
        vhead *h = &vh[j];
        c->region = h->code ? h->code : "";
        c->region_name = h->name ? h->name : "";
        c->level = h->code ? h->level : LK_LEVEL_NONE;
        c->period = h->period ? h->period : "";
        c->period_info = h->period_info;
        size_t t0 = 0;
        c->measure = "";
        const char *split[3];
        int one = measure_in_heading && h->n_texts == 1 && nl ? lk_split_measure_and_vars(&r->arena, h->texts[0], left, nl, split) : 0;
        if (one < 0) { free(vh); return LK_ENOMEM; }
        if (one) { /* #13 A6: one glued text for the measure and the title's other variables */
            for (size_t v = 0; v <= nl; v++) h->texts[v] = split[v];
            h->n_texts = 1 + nl;
        }
        if (measure_in_heading && h->n_texts) {
            c->measure = h->texts[0];
            t0 = 1;
        } else if (!measure_in_stub) {
            c->measure = L->fallback_measure;
        }
        c->n_dims = h->n_texts - t0 + L->n_file_dims;
        if (c->n_dims) {
            c->dims = lk_arena_alloc(&r->arena, c->n_dims * sizeof *c->dims);
            if (!c->dims) {
                c->n_dims = 0;
                free(vh);
                return LK_ENOMEM;
            }
            size_t nh = c->n_dims - L->n_file_dims;
            for (size_t d = 0; d < L->n_file_dims; d++) c->dims[nh + d] = L->file_dims[d];
            for (size_t d = 0; d < nh; d++) {
                c->dims[d].value = h->texts[t0 + d];
                int alder_taken = 0;
                for (size_t e = 0; e < d; e++)
                    if (lk_is_age_var(c->dims[e].name)) alder_taken = 1;
                if (d < nl) {
                    c->dims[d].name = left[d];
                } else if (!alder_taken && lk_is_age(c->dims[d].value)) {
                    c->dims[d].name = "alder"; /* a column of ages is alder, whatever the title lists */
                } else {
                    char nb[32];
                    snprintf(nb, sizeof nb, d ? "heading%zu" : "heading", d + 1);
                    c->dims[d].name = dup_text(r, nb, strlen(nb));
                }
            }
        }
        if (c->n_dims > L->max_dims) L->max_dims = c->n_dims;
        /* the unit: stated in the header ("Beløp (1000 kr) 2015"), else the file's */
        size_t at, ul;
        c->measure_code = "";
        c->unit = L->file_unit;
        if (lk_unit_find(c->header, 1, &at, &ul)) c->unit = dup_text(r, c->header + at, ul);
        if (!c->unit) c->unit = "";
    }
    free(vh);
    if (r->errmsg[0]) return r->fail_status;
    return check_same_value_headers(s);
}

static void detect_decimal(sniff *s, size_t d0, size_t d1)
{
    lk_layout *L = s->lay;
    size_t point = 0, comma = 0;
    L->decimal = '.';
    /* in a ',' file only a quoted cell can hold a decimal comma (a re-save: "1500,5") */
    for (size_t i = d0; i < d1; i++) {
        const sline *l = &s->lines[i];
        if (l->nf != s->m) continue;
        for (size_t j = 0; j < l->nf; j++) {
            if (L->cols[j].role != LK_COL_VALUE) continue;
            double v;
            const char *p = F(l, j)->p;
            size_t n = F(l, j)->len;
            if (memchr(p, ',', n) && lk_value_parse(&v, p, n, ',') == LK_OK) comma++;
            if (memchr(p, '.', n) && lk_value_parse(&v, p, n, '.') == LK_OK) point++;
        }
    }
    if (comma > 0 && point == 0) L->decimal = ',';
}

void lk_layout_init(lk_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    lay->region_col = lay->period_col = lay->measure_col = lay->flag_col = SIZE_MAX;
}

int lk_sniff(lk_reader *r, lk_layout *out)
{
    sniff s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.lay = out;
    lk_layout *L = out;
    lk_arena_init(&s.tmp);
    lk_fields_init(&s.fields);
    wline *w = NULL;
    size_t nw = 0;
    int rc = window_lines(r, &w, &nw);
    if (rc != LK_OK) goto done;
    size_t nonblank = 0;
    for (size_t i = 0; i < nw; i++)
        if (w[i].len) nonblank++;
    if (nonblank == 0) {
        rc = lk_reader_fail(r, LK_EDATA, 1,
                            "empty file (expected a CSV export with a header row and data rows)");
        goto done;
    }
    int tidy = tidy_header(r, &w[0]);
    if (tidy) {
        rc = lk_reader_tidy_setup(r, L, tidy == 2);
        goto done;
    }
    if ((rc = choose_delimiter(&s, r, w, nw)) != LK_OK) goto done;
    if (!L->delim) {
        rc = lk_reader_fail(r, LK_EDATA, 1,
                            "no column delimiter found (expected columns separated by ';', ',' or TAB)");
        goto done;
    }
    s.lines = calloc(nw, sizeof *s.lines);
    if (!s.lines) { rc = LK_ENOMEM; goto done; }
    s.n = nw;
    for (size_t i = 0; i < nw; i++) {
        s.lines[i].no = (unsigned long)i + 1;
        if ((rc = split_copy(&s, &s.lines[i], r->buf + w[i].off, w[i].len, L->delim)) != LK_OK) goto done;
    }

    /* The first data row; a row of only years, or only quoted numbers, is a header when later
     * rows hold values without that weakness. */
    size_t d0 = SIZE_MAX;
    for (size_t i = 0; i < nw && d0 == SIZE_MAX; i++) {
        int weak;
        if (!data_like(&s, &s.lines[i], &weak)) continue;
        if (weak) {
            int later_real = 0;
            for (size_t k = i + 1; k < nw && !later_real; k++) {
                int w2;
                if (data_like(&s, &s.lines[k], &w2) && (w2 & weak) != weak) later_real = 1;
            }
            if (later_real) continue;
        }
        d0 = i;
    }
    if (d0 == SIZE_MAX) {
        rc = lk_reader_fail(r, LK_EDATA, s.lines[nw - 1].no,
                            "no data rows found (expected rows with %zu columns holding numbers or "
                            "status symbols below a header row)", s.m);
        goto done;
    }
    /* Header block: the rows right above, up to a blank, narrower or title-only row. */
    size_t h0 = d0;
    while (h0 > 0) {
        const sline *l = &s.lines[h0 - 1];
        if (l->nf != s.m || l->blank || title_like(l)) break;
        h0--;
    }
    if (h0 == d0) {
        rc = lk_reader_fail(r, LK_EDATA, s.lines[d0].no,
                            "no header row above the first data row (expected column names)");
        goto done;
    }
    L->header_first = s.lines[h0].no;
    L->header_last = s.lines[d0 - 1].no;
    if ((rc = keep_header_rows(&s, h0, d0)) != LK_OK) goto done;

    /* Preamble: kept as metadata; the first text is the title. */
    for (size_t i = 0; i < h0; i++) {
        const sline *l = &s.lines[i];
        if (l->blank || l->nf == 0) {
            if (l->nf == 0 && w[i].len) { /* a line our splitter rejects: keep it verbatim */
                const char *t = lk_reader_text(r, r->buf + w[i].off, w[i].len, l->no, NULL);
                if (!t) { rc = lk_reader_failed(r); goto done; }
                if ((rc = lk_reader_add_meta(r, l->no, LK_LINE_PREAMBLE, t)) != LK_OK) goto done;
            }
            continue;
        }
        const char *t = line_text(r, &s, l);
        if (!t) { rc = lk_reader_failed(r); goto done; }
        if (!L->title) split_title(r, L, t);
        if ((rc = lk_reader_add_meta(r, l->no, LK_LINE_PREAMBLE, t)) != LK_OK) goto done;
    }

    /* The file's unit: a unit line in the preamble ("andel (prosent)", FHI's måltall), else a
     * parenthesised unit in the title ("... etter alder (prosent) (K)"). */
    L->file_unit = "";
    for (size_t i = 0; i < h0 && !*L->file_unit; i++) {
        const sline *l = &s.lines[i];
        if (l->blank || l->nf == 0 || is_empty(F(l, 0))) continue;
        const char *t = cell_text(r, l, 0);
        size_t at, ul;
        if (t && lk_unit_line(t, &at, &ul)) L->file_unit = dup_text(r, t + at, ul);
    }
    if (!*L->file_unit && L->title) {
        size_t at, ul;
        if (lk_unit_find(L->title, 0, &at, &ul)) L->file_unit = dup_text(r, L->title + at, ul);
    }
    if (!L->file_unit) L->file_unit = "";
    /* Filter lines: an old Kommunehelsa export lists the categories chosen for the variables not
     * shown ("Variabler i filter", then "Alder, 15-29 år"): each is a dimension of every
     * observation, named as a column of that variable would be. */
    for (size_t i = 0, in_filter = 0; i < h0; i++) {
        const sline *l = &s.lines[i];
        if (l->blank || l->nf == 0 || is_empty(F(l, 0)) || !title_like(l)) continue;
        const char *t = cell_text(r, l, 0);
        if (!t) break;
        if (lk_name_eq(t, "Variabler i filter")) {
            in_filter = 1;
            continue;
        }
        const char *comma = strstr(t, ", ");
        if (!comma || L->n_file_dims == sizeof L->file_dims / sizeof L->file_dims[0]) continue;
        char *name = dup_text(r, t, (size_t)(comma - t));
        if (!name) break;
        if (lk_is_upper((unsigned char)name[0])) name[0] = (char)(name[0] - 'A' + 'a'); /* "Alder" -> "alder" */
        if (!in_filter && lk_name_classify(name) != LK_NAME_DIM) continue;
        L->file_dims[L->n_file_dims].name = name;
        L->file_dims[L->n_file_dims++].value = comma + 2;
    }

    /* Data rows of the window (for column decisions), up to the first footnote. */
    size_t d1 = d0;
    while (d1 < nw && !(s.lines[d1].nf && trailer_like(&s.lines[d1]))) d1++;

    if (r->errmsg[0]) { /* the title could not be copied */
        rc = r->fail_status;
        goto done;
    }
    if ((rc = check_header_in_window(&s, d0, d1)) != LK_OK) goto done;
    if ((rc = plan_columns(&s, h0, d0, d0, d1)) != LK_OK) goto done;
    if ((rc = check_is_export(r, L)) != LK_OK) goto done;
    imply_national(L);
    detect_decimal(&s, d0, d1);
    if (!L->title) L->title = "";
    if (!L->table_id) L->table_id = "";

done:
    if (rc == LK_ENOMEM && !r->errmsg[0]) lk_reader_fail(r, LK_ENOMEM, 0, "out of memory");
    /* the encoding as the window decided it: where the run's decoder starts (a split part's too) */
    L->enc = r->enc;
    L->enc_decided_non_ascii = r->enc_decided_non_ascii;
    L->had_bom = r->had_bom;
    free(w);
    free(s.lines);
    lk_arena_free(&s.tmp);
    lk_fields_free(&s.fields);
    return rc;
}

/* ------------------------------------------------------------------ levekar's tidy CSV */

int lk_reader_tidy_setup(lk_reader *r, lk_layout *L, int unit)
{
    static const char *const names[] = { "table", "region", "region_name", "level", "period",
                                         "measure", "dims", "unit", "value", "status" };
    static const lk_column_role roles[] = { LK_COL_DIM, LK_COL_REGION, LK_COL_DIM, LK_COL_DIM, LK_COL_PERIOD,
                                            LK_COL_MEASURE, LK_COL_DIM, LK_COL_DIM, LK_COL_VALUE, LK_COL_DIM };
    size_t n = unit ? 10 : 9;
    L->tidy = 1;
    L->delim = ',';
    L->decimal = '.';
    L->header_first = L->header_last = 1;
    L->title = L->table_id = "";
    L->fallback_measure = "";
    L->ncols = n;
    L->cols = lk_arena_alloc(&r->arena, n * sizeof *L->cols);
    L->header_rows = lk_arena_alloc(&r->arena, sizeof *L->header_rows);
    lk_field *hf = lk_arena_alloc(&r->arena, n * sizeof *hf);
    if (!L->cols || !L->header_rows || !hf) return lk_reader_nomem(r);
    memset(L->cols, 0, n * sizeof *L->cols);
    for (size_t j = 0; j < n; j++) {
        size_t k = j <= T_DIMS || unit ? j : j + 1; /* without unit, value and status move up */
        lk_colplan *c = &L->cols[j];
        c->header = names[k];
        c->role = roles[k];
        c->region = c->region_name = c->period = c->measure = "";
        hf[j].p = (char *)(uintptr_t)names[k];
        hf[j].len = strlen(names[k]);
        hf[j].quoted = 0;
    }
    L->header_rows[0].line = 1;
    L->header_rows[0].n = n;
    L->header_rows[0].f = hf;
    L->n_header_rows = 1;
    L->region_col = T_REGION;
    L->period_col = T_PERIOD;
    L->measure_col = T_MEASURE;
    L->tidy_unit_col = unit ? 7 : SIZE_MAX;
    L->tidy_value_col = n - 2;
    L->tidy_status_col = n - 1;
    return LK_OK;
}
