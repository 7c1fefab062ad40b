/* Report rows: the ratio of each region and period scaled, with its interval, the index against
 * landet, and the test of the region against the rest of its reference (the region is part of
 * the reference, so comparing with the whole would understate the difference). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/report.h"
#include "levekar/stats.h"
#include "report_internal.h"
#include "../common/bigalloc.h"

int lk_report_fail(lk_report *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *lk_report_errmsg(const lk_report *r)
{
    return r ? r->errmsg : "out of memory (no report)";
}

int lk_report_new(lk_report **out, const lk_indicator *ind, const lk_report_opts *opts)
{
    if (!out || !ind) return LK_EINVAL;
    *out = NULL;
    if (opts && (opts->version != LK_REPORT_OPTS_VERSION || !(opts->level > 0 && opts->level < 1)
                 || !(opts->alpha > 0 && opts->alpha < 1)))
        return LK_EINVAL;
    lk_report *r = calloc(1, sizeof *r);
    if (!r) return LK_ENOMEM;
    lk_report_opts def = LK_REPORT_OPTS_INIT;
    r->opts = opts ? *opts : def;
    if (!r->opts.lang) r->opts.lang = "nb";
    r->ind = ind;
    lk_arena_init(&r->arena);
    lk_intern_init(&r->strings, &r->arena);
    *out = r;
    return LK_OK;
}

void lk_report_free(lk_report *r)
{
    if (!r) return;
    lk_big_free(r->rows, r->cap * sizeof *r->rows);
    lk_intern_free(&r->strings);
    free(r->seen);
    lk_arena_free(&r->arena);
    free(r);
}

void lk_report_set_zones(lk_report *r, const lk_zones *zones)
{
    if (r) r->zones = zones;
}

size_t lk_report_count(const lk_report *r)
{
    return r ? r->n : 0;
}

const lk_report_row *lk_report_get(const lk_report *r, size_t i)
{
    return r && i < r->n ? &r->rows[i] : NULL;
}

double lk_report_scale(const lk_indicator *ind)
{
    return ind->scale == LK_SCALE_PERCENT ? 100.0 : ind->scale == LK_SCALE_PER1000 ? 1000.0 : 1.0;
}

/* Test a region (x, n) against the rest of a reference (X - x, N - n). */
static const char *versus(const lk_report *r, const lk_ratio *a, const lk_ratio *ref, double *p)
{
    *p = NAN;
    if (!a->has_value || !ref || !ref->has_value || strcmp(a->region, ref->region) == 0) return "";
    double xr = ref->num - a->num, nr = ref->den - a->den;
    if (!(nr > 0) || xr < 0) return ""; /* the reference is not larger than the region */
    int rc;
    if (r->ind->scale == LK_SCALE_PERCENT) {
        double z;
        if (a->num > a->den || xr > nr) return "";
        rc = lk_test_two_proportions(a->num, a->den, xr, nr, &z, p);
    } else if (r->ind->scale == LK_SCALE_PER1000) {
        rc = lk_test_two_rates(a->num, a->den, xr, nr, p);
    } else {
        return ""; /* amounts per person have no sampling model here */
    }
    if (rc != LK_OK || !(*p >= 0 && *p <= 1)) { /* counts so large the test overflows: no verdict */
        *p = NAN;
        return "";
    }
    if (*p >= r->opts.alpha) return "similar";
    return a->num / a->den > xr / nr ? "higher" : "lower";
}

/* The region's ratio against a reference's ratio, times 100; 0 when there is none to give
 * (no reference, a zero reference, or one so far out of range that the quotient overflows). */
static int index_of(const lk_ratio *a, const lk_ratio *ref, double *out)
{
    if (!ref || !ref->has_value || !(ref->num > 0)) return 0;
    double q = ref->num / ref->den;
    *out = (a->num / a->den) / q * 100.0;
    return isfinite(q) && isfinite(*out);
}

static int push_row(lk_report *r, const lk_report_row *row)
{
    lk_report_row *v = lk_big_grow(r->rows, &r->cap, r->n + 1, sizeof *v);
    if (!v) return LK_ENOMEM;
    r->rows = v;
    r->rows[r->n++] = *row;
    return LK_OK;
}

static size_t pair_hash(const char *a, const char *b)
{
    uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ull ^ (uint64_t)(uintptr_t)b * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h ^ (h >> 29));
}

/* The report's copy of a text (each distinct text once). */
static const char *text(lk_report *r, const char *s)
{
    int is_new;
    lk_label *l = lk_intern_get(&r->strings, 0, s, strlen(s), &is_new);
    return l ? l->raw : NULL;
}

/* The slot of (region, period) in the seen table: their texts are the report's copies, so
 * equal texts are equal pointers. The slot is empty (0) when no row has them yet. */
static int seen_slot(lk_report *r, const char *region, const char *period, size_t *out)
{
    if ((r->n + 1) * 2 > r->seen_cap) {
        size_t cap = r->seen_cap ? 2 * r->seen_cap : 1024;
        uint32_t *v = calloc(cap, sizeof *v);
        if (!v) return LK_ENOMEM;
        for (size_t i = 0; i < r->seen_cap; i++) {
            if (!r->seen[i]) continue;
            const lk_report_row *w = &r->rows[r->seen[i] - 1];
            size_t j = pair_hash(w->region, w->period) & (cap - 1);
            while (v[j]) j = (j + 1) & (cap - 1);
            v[j] = r->seen[i];
        }
        free(r->seen);
        r->seen = v;
        r->seen_cap = cap;
    }
    size_t j = pair_hash(region, period) & (r->seen_cap - 1);
    while (r->seen[j]) {
        const lk_report_row *w = &r->rows[r->seen[j] - 1];
        if (w->region == region && w->period == period) break;
        j = (j + 1) & (r->seen_cap - 1);
    }
    *out = j;
    return LK_OK;
}

/* One row from a ratio, given landet's and the fylke's ratio for the same period (may be NULL). */
static int add_row(lk_report *r, const lk_ratio *a, const lk_ratio *land, const lk_ratio *fylke, const char *role, int built);

/* A parent read from the file, with the sums of its kommuner beside it for comparison. */
static int add_parent_row(lk_report *r, lk_calc *c, const lk_geo *g, const lk_ratio *p, const lk_ratio *land,
                          const char *role, int built)
{
    size_t before = r->n;
    int rc = add_row(r, p, land, NULL, role, built);
    if (rc != LK_OK || r->n == before || built) return rc;
    lk_ratio sum;
    int checked;
    rc = lk_calc_aggregate(c, p->region, p->period, g, &sum, &checked);
    if (rc == LK_ENOMEM) return rc; /* not "no sum": the row would lack the comparison */
    if (rc == LK_OK && sum.has_value && checked) {
        lk_report_row *row = &r->rows[r->n - 1];
        row->has_kommune_sum = 1;
        row->kommune_numerator = sum.num;
        row->kommune_denominator = sum.den;
    }
    return LK_OK;
}

static int add_row(lk_report *r, const lk_ratio *a, const lk_ratio *land, const lk_ratio *fylke, const char *role, int built)
{
    lk_report_row row;
    memset(&row, 0, sizeof row);
    row.period = text(r, a->period);
    row.region = text(r, a->region);
    if (!row.period || !row.region) return LK_ENOMEM;
    size_t slot;
    int rc = seen_slot(r, row.region, row.period, &slot);
    if (rc != LK_OK) return rc;
    if (r->seen[slot]) return LK_OK; /* a region appears once per period */
    row.region_name = text(r, a->region_name);
    if (!row.region_name) return LK_ENOMEM;
    row.level = a->level;
    row.role = role;
    row.status = a->status;
    row.years_used = a->years_used;
    row.variant = a->variant ? a->variant : "";
    row.built = built;
    row.p_land = row.p_fylke = NAN;
    row.vs_land = row.vs_fylke = "";
    row.has_counts = a->has_value;
    row.numerator = a->num;
    row.denominator = a->den;
    double scale = lk_report_scale(r->ind);
    if (a->has_value && !isfinite(a->num / a->den * scale)) { /* a tiny denominator: no number to give */
        row.status = "~overflow";
    } else if (a->has_value) {
        row.has_value = 1;
        row.value = a->num / a->den * scale;
        double lo, hi;
        if (r->ind->scale == LK_SCALE_PERCENT && r->opts.ci != LK_CI_NONE && a->num <= a->den && a->num >= 0) {
            int ci = r->opts.ci == LK_CI_EXACT ? lk_ci_exact_binomial(a->num, a->den, r->opts.level, &lo, &hi)
                                                : lk_ci_wilson(a->num, a->den, r->opts.level, &lo, &hi);
            if (ci == LK_OK) {
                row.has_ci = 1;
                row.ci_low = lo * scale;
                row.ci_high = hi * scale;
            }
        } else if (r->ind->scale == LK_SCALE_PER1000 && r->opts.ci != LK_CI_NONE && a->num >= 0) {
            if (lk_ci_poisson_exact(a->num, r->opts.level, &lo, &hi) == LK_OK) {
                row.has_ci = 1;
                row.ci_low = lo / a->den * scale;
                row.ci_high = hi / a->den * scale;
            }
        }
        /* counts near the largest double overflow inside the interval formulas: no interval then */
        if (row.has_ci && !(isfinite(row.ci_low) && isfinite(row.ci_high))) row.has_ci = 0;
        row.has_index = index_of(a, land, &row.index_land);
        row.has_index_fylke = index_of(a, fylke, &row.index_fylke);
        row.vs_land = versus(r, a, land, &row.p_land);
        row.vs_fylke = versus(r, a, fylke, &row.p_fylke);
    }
    rc = push_row(r, &row);
    if (rc == LK_OK) r->seen[slot] = (uint32_t)r->n; /* the table holds indices: still the slot */
    return rc;
}

/* A parent from the data, or built from its kommuner into *tmp; NULL when there is none, or
 * when memory ran out (*rc LK_ENOMEM, else left as it was). */
static const lk_ratio *parent(lk_calc *c, const lk_geo *g, const char *code, const char *period, lk_ratio *tmp, int *built,
                              int *rc)
{
    const lk_ratio *p = lk_calc_find(c, code, period);
    *built = 0;
    if (p) return p;
    int checked, arc = lk_calc_aggregate(c, code, period, g, tmp, &checked);
    if (arc == LK_ENOMEM) *rc = arc;
    if (arc != LK_OK) return NULL;
    *built = 1;
    return tmp;
}

int lk_report_add_area(lk_report *r, lk_calc *c, const lk_geo *g, const char *area)
{
    if (!r || !c || !area) return LK_EINVAL;
    int found = 0, rc = LK_OK;
    for (size_t i = 0; i < lk_calc_count(c) && rc == LK_OK; i++) {
        const lk_ratio *a = lk_calc_get(c, i);
        if (strcmp(a->region, area) != 0) continue;
        found = 1;
        char kommune[5] = "", fylke[3] = "";
        if (a->level == LK_LEVEL_KOMMUNE || a->level == LK_LEVEL_GRUNNKRETS || a->level == LK_LEVEL_BYDEL)
            snprintf(kommune, sizeof kommune, "%.4s", a->region);
        if (a->level == LK_LEVEL_ZONE && r->zones)
            for (size_t z = 0; z < lk_zones_count(r->zones); z++)
                if (strcmp(lk_zones_get(r->zones, z)->code, a->region) == 0)
                    snprintf(kommune, sizeof kommune, "%s", lk_zones_get(r->zones, z)->kommune);
        if (a->level == LK_LEVEL_FYLKE) snprintf(fylke, sizeof fylke, "%s", a->region);
        else if (kommune[0]) snprintf(fylke, sizeof fylke, "%.2s", kommune);
        lk_ratio tl, tf, tk;
        int bl = 0, bf = 0, bk = 0;
        const lk_ratio *land = parent(c, g, "0", a->period, &tl, &bl, &rc);
        const lk_ratio *fy = fylke[0] ? parent(c, g, fylke, a->period, &tf, &bf, &rc) : NULL;
        const lk_ratio *ko = kommune[0] && strcmp(kommune, a->region) != 0 ? parent(c, g, kommune, a->period, &tk, &bk, &rc) : NULL;
        if (rc != LK_OK) break;
        rc = add_row(r, a, land, fy, "area", 0);
        if (rc == LK_OK && ko) rc = add_row(r, ko, land, fy, "kommune", bk);
        if (rc == LK_OK && fy) rc = add_parent_row(r, c, g, fy, land, "fylke", bf);
        if (rc == LK_OK && land) rc = add_parent_row(r, c, g, land, land, "land", bl);
    }
    if (rc == LK_OK && !found)
        return lk_report_fail(r, LK_ENOTFOUND, "area '%s' is not in the data (expected a region code such as 3301; "
                              "see levekar inspect)", area);
    return rc;
}

int lk_report_add_all(lk_report *r, lk_calc *c, const lk_geo *g)
{
    if (!r || !c) return LK_EINVAL;
    /* a row per ratio, and the parents built from kommuner (fewer: a tenth is plenty; more grow) */
    lk_report_row *v = lk_big_grow(r->rows, &r->cap, r->n + lk_calc_count(c) + lk_calc_count(c) / 10 + 16, sizeof *v);
    if (!v) return LK_ENOMEM;
    r->rows = v;
    int rc = LK_OK;
    for (size_t i = 0; i < lk_calc_count(c) && rc == LK_OK; i++) {
        const lk_ratio *a = lk_calc_get(c, i);
        char fylke[3] = ""; /* a parent built into tf points at it: both live to the row's end */
        if (a->level == LK_LEVEL_KOMMUNE) snprintf(fylke, sizeof fylke, "%.2s", a->region);
        lk_ratio tl, tf;
        int bl, bf;
        const lk_ratio *land = parent(c, g, "0", a->period, &tl, &bl, &rc);
        const lk_ratio *fy = fylke[0] ? parent(c, g, fylke, a->period, &tf, &bf, &rc) : NULL;
        if (rc != LK_OK) break;
        rc = add_row(r, a, land, fy, "", 0);
        if (rc == LK_OK && fy) rc = add_parent_row(r, c, g, fy, land, "", bf);
        if (rc == LK_OK && land) rc = add_parent_row(r, c, g, land, land, "", bl);
    }
    return rc;
}
