/* Small-count protection of a report (lk_report_protect): the rows become the cells of
 * lk_suppress_run (lib/statistics/suppress.c), the relations come from the geography of the
 * rows (a kommune and its zones, bydeler or grunnkretser; a fylke and its kommuner; landet and
 * its fylker) and from windows that may nest, and the result is written into the rows so that
 * every writer, which only prints rows, shows it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/report.h"
#include "levekar/suppress.h"
#include "report_internal.h"

/* A row that is a part of its parent's total, for sorting into groups of one parent, level
 * and period. */
typedef struct member {
    const char *period, *region;
    char parent[LK_REGION_CODE_MAX];
    lk_level level;
    size_t row;
} member;

/* A row by period and region, to find it by both. */
typedef struct key {
    const char *period, *region;
    size_t row;
} key;

/* A window inside a longer one of the same region: total and the one part. */
typedef struct pair {
    size_t total, part;
} pair;

/* A row with a period of whole years, for the window pairs. */
typedef struct span {
    const char *region;
    int first, last, used;
    size_t row;
} span;

/* The code of the row's parent, into buf (size LK_REGION_CODE_MAX): a zone's kommune (from
 * the zones), a bydel's or grunnkrets' kommune (their first four digits), a kommune's fylke
 * (its first two), a fylke's landet "0"; "" for none. */
static void parent_of(const lk_report *r, const lk_report_row *w, char *buf)
{
    buf[0] = '\0';
    if (w->level == LK_LEVEL_ZONE) {
        for (size_t z = 0; r->zones && z < lk_zones_count(r->zones); z++) {
            const lk_zone *x = lk_zones_get(r->zones, z);
            if (strcmp(x->code, w->region) == 0) {
                snprintf(buf, LK_REGION_CODE_MAX, "%s", x->kommune);
                return;
            }
        }
    } else if ((w->level == LK_LEVEL_BYDEL || w->level == LK_LEVEL_GRUNNKRETS) && strlen(w->region) >= 4) {
        snprintf(buf, LK_REGION_CODE_MAX, "%.4s", w->region);
    } else if (w->level == LK_LEVEL_KOMMUNE && strlen(w->region) >= 2) {
        snprintf(buf, LK_REGION_CODE_MAX, "%.2s", w->region);
    } else if (w->level == LK_LEVEL_FYLKE) {
        snprintf(buf, LK_REGION_CODE_MAX, "0");
    }
}

/* The fylke a row's figure is tested against: its kommune's first two digits. */
static void fylke_of(const lk_report *r, const lk_report_row *w, char *buf)
{
    char k[LK_REGION_CODE_MAX];
    buf[0] = '\0';
    if (w->level == LK_LEVEL_KOMMUNE) snprintf(k, sizeof k, "%s", w->region);
    else if (w->level == LK_LEVEL_ZONE || w->level == LK_LEVEL_BYDEL || w->level == LK_LEVEL_GRUNNKRETS) parent_of(r, w, k);
    else return;
    if (strlen(k) >= 2) snprintf(buf, LK_REGION_CODE_MAX, "%.2s", k);
}

static int member_cmp(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int c = strcmp(x->period, y->period);
    if (!c) c = strcmp(x->parent, y->parent);
    if (!c) c = (int)x->level - (int)y->level;
    if (!c) c = strcmp(x->region, y->region);
    return c;
}

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    int c = strcmp(x->period, y->period);
    return c ? c : strcmp(x->region, y->region);
}

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    int c = strcmp(x->region, y->region);
    if (!c) c = x->first != y->first ? (x->first < y->first ? -1 : 1) : x->last != y->last ? (x->last < y->last ? -1 : 1) : 0;
    return c;
}

/* The row of region in period, or r->n (by binary search in by_key, sorted by key_cmp). */
static size_t find_row(const lk_report *r, const key *by_key, const char *period, const char *region)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const key *w = &by_key[mid];
        int c = strcmp(w->period, period);
        if (!c) c = strcmp(w->region, region);
        if (c == 0) return w->row;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return r->n;
}

static int protected_level(const lk_suppress_opts *o, lk_level l)
{
    return (unsigned)l < 32 && (o->levels & LK_SUPPRESS_LEVEL(l));
}

/* The level whose rows sum to a row of this level's parent (zones, bydeler and grunnkretser
 * each to their kommune, kommuner to their fylke, fylker to landet). */
static int sums_to_parent(lk_level l)
{
    return l == LK_LEVEL_ZONE || l == LK_LEVEL_BYDEL || l == LK_LEVEL_GRUNNKRETS || l == LK_LEVEL_KOMMUNE
        || l == LK_LEVEL_FYLKE;
}

static void hide(lk_report_row *w, lk_suppress_state s)
{
    lk__report_clear_row(w, lk_suppress_status(s));
}

void lk__report_clear_row(lk_report_row *w, const char *status)
{
    w->status = status;
    w->has_value = w->has_counts = w->has_ci = w->has_index = w->has_index_fylke = w->has_kommune_sum = 0;
    /* not a number left behind: a writer that forgot a flag would print NaN, never the figure */
    w->value = w->numerator = w->denominator = w->ci_low = w->ci_high = NAN;
    w->index_land = w->index_fylke = w->kommune_numerator = w->kommune_denominator = NAN;
    w->vs_land = w->vs_fylke = w->vs_kommune = "";
    w->p_land = w->p_fylke = w->p_kommune = NAN;
    w->has_index_kommune = 0;
    w->index_kommune = NAN;
    w->n_compare = 0;
    w->compare = NULL;
}

static int is_hidden(const lk_suppress_cell *c, size_t i, size_t n)
{
    return i < n && (c[i].state == LK_SUPPRESS_PRIMARY || c[i].state == LK_SUPPRESS_SECONDARY);
}

/* Write the states into the rows: hidden rows lose every number; shown rows lose what they
 * say about a hidden reference (its index and test), and a parent its kommune sums when one of
 * its kommuner is hidden (the sum less the shown kommuner would give it). */
static void apply(lk_report *r, const lk_suppress_cell *c, const key *by_key)
{
    size_t n = r->n;
    char code[LK_REGION_CODE_MAX];
    for (size_t i = 0; i < n; i++) {
        lk_report_row *w = &r->rows[i];
        if (is_hidden(c, i, n)) continue;
        if (is_hidden(c, find_row(r, by_key, w->period, "0"), n)) {
            w->has_index = 0;
            w->vs_land = "";
            w->p_land = NAN;
        }
        if ((w->vs_kommune && *w->vs_kommune) || w->has_index_kommune) { /* a district against a hidden kommune */
            parent_of(r, w, code);
            if (*code && is_hidden(c, find_row(r, by_key, w->period, code), n)) {
                w->has_index_kommune = 0;
                w->vs_kommune = "";
                w->p_kommune = NAN;
            }
        }
        fylke_of(r, w, code);
        if (*code && is_hidden(c, find_row(r, by_key, w->period, code), n)) {
            w->has_index_fylke = 0;
            w->vs_fylke = "";
            w->p_fylke = NAN;
        }
        for (size_t k = 0; k < w->n_compare; k++) {
            lk_report_cmp *x = (lk_report_cmp *)&w->compare[k]; /* the report's own array */
            if (!is_hidden(c, find_row(r, by_key, w->period, x->region), n)) continue;
            x->has_index = 0;
            x->vs = "";
            x->p = NAN;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const lk_report_row *w = &r->rows[i];
        if (!is_hidden(c, i, n) || w->level != LK_LEVEL_KOMMUNE) continue;
        snprintf(code, sizeof code, "%.2s", w->region);
        size_t f = find_row(r, by_key, w->period, code), l = find_row(r, by_key, w->period, "0");
        if (f < n) r->rows[f].has_kommune_sum = 0;
        if (l < n) r->rows[l].has_kommune_sum = 0;
    }
    for (size_t i = 0; i < n; i++)
        if (is_hidden(c, i, n)) hide(&r->rows[i], c[i].state);
}

/* The window pairs of the rows (spans sorted by region), appended to *pairs. */
static int window_pairs(const lk_report *r, const span *s, size_t ns, pair **pairs, size_t *np, size_t *cap)
{
    for (size_t g = 0; g < ns;) {
        size_t e = g;
        while (e < ns && strcmp(s[e].region, s[g].region) == 0) e++;
        for (size_t a = g; a < e; a++)
            for (size_t b = g; b < e; b++) {
                const lk_report_row *x = &r->rows[s[a].row], *y = &r->rows[s[b].row];
                if (a == b || !lk_suppress_window_may_nest(s[a].first, s[a].last, s[a].used, s[b].first, s[b].last, s[b].used))
                    continue;
                if (!(y->numerator >= x->numerator && y->denominator >= x->denominator)) continue; /* cannot nest */
                if (*np == *cap) {
                    size_t nc = *cap ? 2 * *cap : 16;
                    pair *v = realloc(*pairs, nc * sizeof *v);
                    if (!v) return LK_ENOMEM;
                    *pairs = v;
                    *cap = nc;
                }
                (*pairs)[(*np)++] = (pair){ s[b].row, s[a].row };
            }
        g = e;
    }
    return LK_OK;
}

int lk_report_protect(lk_report *r, const lk_suppress_opts *o)
{
    if (!r || !o || o->version != LK_SUPPRESS_OPTS_VERSION) return LK_EINVAL;
    lk_suppress_opts eff = *o;
    if (eff.min_numerator == LK_SUPPRESS_INDICATOR) eff.min_numerator = r->ind->suppress_min_numerator;
    if (eff.min_denominator == LK_SUPPRESS_INDICATOR) eff.min_denominator = r->ind->suppress_min_denominator;
    if (!(eff.min_numerator >= 0) || !(eff.min_denominator >= 0)) return LK_EINVAL;
    if (r->ind->scale == LK_SCALE_KRONER) eff.min_numerator = 0; /* an amount of money, not cases */
    if (r->ind->scale != LK_SCALE_PERCENT) eff.complement = 0;   /* "all but two" needs a share */
    if (eff.min_numerator == 0 && eff.min_denominator == 0) return LK_OK;
    /* a report with no row of a protected level (a kommune report, by default) is left as it
     * is, notes included: protection on by default changes no output it cannot change */
    size_t at_level = 0;
    for (size_t i = 0; i < r->n; i++) at_level += protected_level(&eff, r->rows[i].level);
    if (!at_level) return LK_OK;
    size_t n = r->n, nm = 0, ns = 0, np = 0, pcap = 0, nrel = 0;
    lk_suppress_cell *cells = calloc(n ? n : 1, sizeof *cells);
    key *by_key = malloc((n ? n : 1) * sizeof *by_key);
    size_t *parts = malloc((n ? n : 1) * sizeof *parts);
    member *m = malloc((n ? n : 1) * sizeof *m);
    span *s = malloc((n ? n : 1) * sizeof *s);
    pair *pairs = NULL;
    lk_suppress_relation *rels = NULL;
    int rc = cells && by_key && parts && m && s ? LK_OK : LK_ENOMEM;
    for (size_t i = 0; i < n && rc == LK_OK; i++) {
        const lk_report_row *w = &r->rows[i];
        lk_suppress_cell *c = &cells[i];
        c->numerator = w->numerator;
        c->denominator = w->denominator;
        c->has_counts = w->has_counts;
        c->code = w->region;
        c->state = w->has_value ? LK_SUPPRESS_SHOWN : LK_SUPPRESS_ABSENT;
        /* estimates in thousands are not counts of persons; an unprotected level is shown */
        c->exempt = !protected_level(&eff, w->level) || strcmp(w->status, "~thousands") == 0;
        by_key[i] = (key){ w->period, w->region, i };
        if (protected_level(&eff, w->level) && sums_to_parent(w->level)) {
            member *x = &m[nm];
            parent_of(r, w, x->parent);
            if (*x->parent) {
                x->period = w->period;
                x->region = w->region;
                x->level = w->level;
                x->row = i;
                nm++;
            }
        }
        lk_period p;
        if (protected_level(&eff, w->level) && w->has_counts && lk_period_parse(&p, w->period, strlen(w->period)) == LK_OK
            && (p.kind == LK_PERIOD_YEAR || p.kind == LK_PERIOD_RANGE))
            s[ns++] = (span){ w->region, p.first_year, p.last_year,
                              w->years_used > 0 ? w->years_used : p.last_year - p.first_year + 1, i };
    }
    if (rc == LK_OK) {
        qsort(by_key, n, sizeof *by_key, key_cmp);
        qsort(m, nm, sizeof *m, member_cmp);
        qsort(s, ns, sizeof *s, span_cmp);
        rc = window_pairs(r, s, ns, &pairs, &np, &pcap);
    }
    if (rc == LK_OK && !(rels = malloc((nm + np + 1) * sizeof *rels))) rc = LK_ENOMEM;
    /* one relation per parent row, level and period: the parent is the total, its rows the parts */
    for (size_t g = 0; g < nm && rc == LK_OK;) {
        size_t e = g;
        while (e < nm && strcmp(m[e].period, m[g].period) == 0 && strcmp(m[e].parent, m[g].parent) == 0
               && m[e].level == m[g].level)
            e++;
        size_t t = find_row(r, by_key, m[g].period, m[g].parent);
        if (t < n) {
            for (size_t k = g; k < e; k++) parts[k] = m[k].row;
            rels[nrel++] = (lk_suppress_relation){ t, parts + g, e - g };
        }
        g = e;
    }
    for (size_t k = 0; k < np && rc == LK_OK; k++) rels[nrel++] = (lk_suppress_relation){ pairs[k].total, &pairs[k].part, 1 };
    lk_suppress_result res;
    if (rc == LK_OK) rc = lk_suppress_run(cells, n, rels, nrel, &eff, &res);
    if (rc == LK_OK) {
        apply(r, cells, by_key);
        r->protected_ = 1;
        r->suppress = eff;
        r->suppressed = res;
    }
    free(cells);
    free(by_key);
    free(parts);
    free(m);
    free(s);
    free(pairs);
    free(rels);
    return rc;
}

int lk_report_protection(const lk_report *r, lk_suppress_result *out)
{
    if (out) memset(out, 0, sizeof *out);
    if (!r || !r->protected_) return 0;
    if (out) *out = r->suppressed;
    return 1;
}
