/* Column planning, the larger half of format detection: which column holds what. The stub
 * (label) columns are found by their header names and their content; each value column's header
 * is read as region, period, measure and other dimensions glued together (PxWeb writes
 * "3301 Drammen Personer 2023"), with the title naming the variables; two value columns that say
 * the same thing are an error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sniff_internal.h"
#include "names.h"
#include "unit.h"
#include "glued.h"
#include "../common/ascii.h"

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
        if (len && (vars[n] = lk_sniff_dup_text(r, p, len)) != NULL) n++;
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
        return lk_sniff_dup_text(r, t, keep);
    }
    const char *sp = strchr(t, ' ');
    if (sp && lk_period_parse(&p, t, (size_t)(sp - t)) == LK_OK) {
        h->period_info = p;
        while (*sp == ' ') sp++;
        return lk_sniff_dup_text(r, sp, strlen(sp));
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
            if (!L->title) lk_sniff_split_title(r, L, t);
            continue;
        }
        if (want_period && !h->period && lk_period_parse(&p, t, strlen(t)) == LK_OK) {
            h->period_info = p;
            lk_period_format(pbuf, sizeof pbuf, &p);
            h->period = lk_sniff_dup_text(r, pbuf, strlen(pbuf));
            continue;
        }
        if (want_region && !h->code && header_region(t, &lab)) {
            h->code = lk_sniff_dup_text(r, lab.code, strlen(lab.code));
            h->level = lab.level;
            const char *rest = t + lab.name_offset;
            if (h->n_parts == 1) {
                /* One glued cell: the name may be followed by other variables' values. */
                if (want_period && !h->period) {
                    const char *stripped = strip_period(r, rest, h);
                    if (stripped) {
                        lk_period_format(pbuf, sizeof pbuf, &h->period_info);
                        h->period = lk_sniff_dup_text(r, pbuf, strlen(pbuf));
                        rest = stripped;
                    }
                }
                h->region_rest = lk_sniff_dup_text(r, rest, lab.name_length < strlen(rest) ? lab.name_length : strlen(rest));
                h->glued = 1;
            } else {
                h->name = lk_sniff_dup_text(r, rest, lab.name_length);
            }
            continue;
        }
        if (want_period && !h->period && h->n_parts == 1) {
            const char *stripped = strip_period(r, t, h);
            if (stripped) {
                lk_period_format(pbuf, sizeof pbuf, &h->period_info);
                h->period = lk_sniff_dup_text(r, pbuf, strlen(pbuf));
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
            h[i].name = lk_sniff_dup_text(r, h[i].region_rest, pre);
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
        h[i].name = lk_sniff_dup_text(r, rest, name_len);
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
        const char *t = lk_sniff_cell_text(s->r, l, j);
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
        const char *t = lk_sniff_cell_text(s->r, l, j);
        if (!t || !lk_is_age(t)) return 0;
        n++;
    }
    return n > 0;
}

int lk_plan_columns(sniff *s, size_t h0, size_t h1, size_t d0, size_t d1)
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
            const char *t = lk_sniff_cell_text(r, l, src);
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
                c->header = lk_sniff_dup_text(r, nb, strlen(nb));
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
        L->fallback_measure = lk_sniff_dup_text(r, t, ml);
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
                    c->dims[d].name = lk_sniff_dup_text(r, nb, strlen(nb));
                }
            }
        }
        if (c->n_dims > L->max_dims) L->max_dims = c->n_dims;
        /* the unit: stated in the header ("Beløp (1000 kr) 2015"), else the file's */
        size_t at, ul;
        c->measure_code = "";
        c->unit = L->file_unit;
        if (lk_unit_find(c->header, 1, &at, &ul)) c->unit = lk_sniff_dup_text(r, c->header + at, ul);
        if (!c->unit) c->unit = "";
    }
    free(vh);
    if (r->errmsg[0]) return r->fail_status;
    return check_same_value_headers(s);
}
