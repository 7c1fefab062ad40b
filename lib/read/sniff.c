/* Format detection: from the first window of the file decide the delimiter, where the preamble
 * ends, which rows are headers, which columns hold labels (the "stub", in PC-Axis terms) and
 * which hold values, and what each value column's header says (region, period, measure, other
 * dimensions glued together with spaces, as PxWeb writes them; columns.c plans the columns).
 * The answer is an lk_layout
 * (reader_internal.h) that the run follows; the reader lends its arena, text decoding and
 * messages, and nothing here calls into reader.c.
 *
 * Nothing here is on the hot path: it runs once per file on at most LK_SNIFF_LINES lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sniff_internal.h"
#include "names.h"
#include "unit.h"
#include "../common/ascii.h"

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

const char *lk_sniff_cell_text(lk_reader *r, const sline *l, size_t j)
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
char *lk_sniff_dup_text(lk_reader *r, const char *s, size_t n)
{
    char *p = lk_arena_strndup(&r->arena, s, n);
    if (!p) lk_reader_fail(r, LK_ENOMEM, 0, "out of memory");
    return p;
}

/* "07459: Befolkning, etter ..." → id "07459", title "Befolkning, etter ...". */
void lk_sniff_split_title(lk_reader *r, lk_layout *L, const char *text)
{
    size_t d = 0;
    while (lk_is_digit((unsigned char)text[d])) d++;
    if (d == 5 && text[d] == '\0') { /* csv3 names its value column by the table id alone */
        L->table_id = lk_sniff_dup_text(r, text, d);
        return;
    }
    if (d >= 4 && d <= 6 && text[d] == ':') {
        L->table_id = lk_sniff_dup_text(r, text, d);
        const char *t = text + d + 1;
        while (*t == ' ') t++;
        L->title = lk_sniff_dup_text(r, t, strlen(t));
    } else {
        L->title = lk_sniff_dup_text(r, text, strlen(text));
    }
}

/* ------------------------------------------------------------------ checks of the layout */

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
        if (!L->title) lk_sniff_split_title(r, L, t);
        if ((rc = lk_reader_add_meta(r, l->no, LK_LINE_PREAMBLE, t)) != LK_OK) goto done;
    }

    /* The file's unit: a unit line in the preamble ("andel (prosent)", FHI's måltall), else a
     * parenthesised unit in the title ("... etter alder (prosent) (K)"). */
    L->file_unit = "";
    for (size_t i = 0; i < h0 && !*L->file_unit; i++) {
        const sline *l = &s.lines[i];
        if (l->blank || l->nf == 0 || is_empty(F(l, 0))) continue;
        const char *t = lk_sniff_cell_text(r, l, 0);
        size_t at, ul;
        if (t && lk_unit_line(t, &at, &ul)) L->file_unit = lk_sniff_dup_text(r, t + at, ul);
    }
    if (!*L->file_unit && L->title) {
        size_t at, ul;
        if (lk_unit_find(L->title, 0, &at, &ul)) L->file_unit = lk_sniff_dup_text(r, L->title + at, ul);
    }
    if (!L->file_unit) L->file_unit = "";
    /* Filter lines: an old Kommunehelsa export lists the categories chosen for the variables not
     * shown ("Variabler i filter", then "Alder, 15-29 år"): each is a dimension of every
     * observation, named as a column of that variable would be. */
    for (size_t i = 0, in_filter = 0; i < h0; i++) {
        const sline *l = &s.lines[i];
        if (l->blank || l->nf == 0 || is_empty(F(l, 0)) || !title_like(l)) continue;
        const char *t = lk_sniff_cell_text(r, l, 0);
        if (!t) break;
        if (lk_name_eq(t, "Variabler i filter")) {
            in_filter = 1;
            continue;
        }
        const char *comma = strstr(t, ", ");
        if (!comma || L->n_file_dims == sizeof L->file_dims / sizeof L->file_dims[0]) continue;
        char *name = lk_sniff_dup_text(r, t, (size_t)(comma - t));
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
    if ((rc = lk_plan_columns(&s, h0, d0, d0, d1)) != LK_OK) goto done;
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
