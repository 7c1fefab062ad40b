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

static const char *text(lk_report *r, const char *s);

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
    lk_map_init(&r->strings, &r->arena, 0);
    *out = r;
    return LK_OK;
}

void lk_report_free(lk_report *r)
{
    if (!r) return;
    lk_big_free(r->rows, r->cap * sizeof *r->rows);
    lk_map_free(&r->strings);
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

lk_report_row *lk_report_row_edit(lk_report *r, size_t i)
{
    return r && i < r->n ? &r->rows[i] : NULL;
}

const char *lk_report_keep(lk_report *r, const char *s)
{
    return r && s ? text(r, s) : NULL;
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
    if (a->in_thousands || ref->in_thousands) return ""; /* estimates in thousands: no count to test */
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
    return lk_map_string(&r->strings, s);
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

void lk__report_reindex(lk_report *r)
{
    if (r->seen) memset(r->seen, 0, r->seen_cap * sizeof *r->seen);
    for (size_t i = 0; i < r->n && r->seen_cap; i++) {
        size_t j = pair_hash(r->rows[i].region, r->rows[i].period) & (r->seen_cap - 1);
        while (r->seen[j]) j = (j + 1) & (r->seen_cap - 1);
        r->seen[j] = (uint32_t)(i + 1);
    }
}

/* What the report knows of one region and period: its counts, or the rate the file published
 * (used only where no counts give a value: counts win). */
typedef struct entry {
    const lk_ratio *ratio;
    const lk_rate *rate;
    int overrode;          /* both were there; the counts were used */
} entry;

static void lookup(const lk_report *r, lk_calc *c, const char *code, const char *period, entry *e)
{
    e->ratio = c ? lk_calc_find(c, code, period) : NULL;
    e->rate = r->pub ? lk_published_find(r->pub, code, period) : NULL;
    e->overrode = 0;
    if (e->ratio && e->ratio->has_value) {
        e->overrode = e->rate && e->rate->has_value;
        e->rate = NULL;
    } else if (e->rate) {
        e->ratio = NULL;
    }
}

static int found(const entry *e)
{
    return e->ratio || e->rate;
}

/* The value on the indicator's scale; 0 when there is none. */
static int entry_value(const lk_report *r, const entry *e, double *v)
{
    if (e->ratio && e->ratio->has_value) {
        *v = e->ratio->num / e->ratio->den * lk_report_scale(r->ind);
        return isfinite(*v);
    }
    if (e->rate && e->rate->has_value) {
        *v = e->rate->value;
        return 1;
    }
    return 0;
}

/* Index of a against ref × 100: from the counts when both have them (as before published rates
 * existed, bit for bit), else from the values. */
static int index_vs(const lk_report *r, const entry *a, const entry *ref, double *out)
{
    if (!ref || !found(ref)) return 0;
    if (a->ratio && ref->ratio) return index_of(a->ratio, ref->ratio, out);
    double va, vr;
    if (!entry_value(r, a, &va) || !entry_value(r, ref, &vr) || !(vr > 0)) return 0;
    *out = va / vr * 100.0;
    return isfinite(*out);
}

/* One row from an entry, given landet's, the fylke's and (for a district) its kommune's for the
 * same period (each may be NULL). */
static int add_row_in(lk_report *r, const entry *e, const entry *land, const entry *fylke, const entry *kommune,
                      const char *role, int built)
{
    lk_report_row row;
    memset(&row, 0, sizeof row);
    const lk_ratio *a = e->ratio;
    const lk_rate *pr = e->rate;
    row.period = text(r, a ? a->period : pr->period);
    row.region = text(r, a ? a->region : pr->region);
    if (!row.period || !row.region) return LK_ENOMEM;
    size_t slot;
    int rc = seen_slot(r, row.region, row.period, &slot);
    if (rc != LK_OK) return rc;
    if (r->seen[slot]) return LK_OK; /* a region appears once per period */
    row.region_name = text(r, a ? a->region_name : pr->region_name);
    if (!row.region_name) return LK_ENOMEM;
    row.role = role;
    row.built = built;
    row.p_land = row.p_fylke = row.p_kommune = NAN;
    row.vs_land = row.vs_fylke = row.vs_kommune = "";
    row.unit = "";
    row.variant = "";
    row.std_method = row.std_interval = row.std_standard = row.std_bands = "";
    row.crude = row.smr = row.smr_low = row.smr_high = row.expected = NAN;
    if (pr) { /* as published: no counts, the file's limits if any, no test */
        row.level = pr->level;
        row.published = 1;
        row.status = pr->has_value ? "~published" : text(r, pr->status ? pr->status : "");
        if (!row.status) return LK_ENOMEM;
        row.has_value = pr->has_value;
        row.value = pr->value;
        row.has_ci = pr->has_ci;
        row.ci_low = pr->ci_low;
        row.ci_high = pr->ci_high;
        if (!(row.unit = text(r, pr->unit))) return LK_ENOMEM;
        if (*pr->unit && !r->published_unit) r->published_unit = row.unit;
        r->any_published = 1;
        if (row.has_value) {
            row.has_index = index_vs(r, e, land, &row.index_land);
            row.has_index_fylke = index_vs(r, e, fylke, &row.index_fylke);
        }
    } else {
        row.level = a->level;
        /* the report's copy: the calc (and its strings) may be freed before the report */
        if (!(row.status = text(r, a->status ? a->status : ""))) return LK_ENOMEM;
        row.years_used = a->years_used;
        row.variant = a->variant ? a->variant : "";
        row.has_counts = a->has_value;
        r->any_counts = 1;
        row.numerator = a->num;
        row.denominator = a->den;
    }
    double scale = lk_report_scale(r->ind);
    if (a && a->has_value && !isfinite(a->num / a->den * scale)) { /* a tiny denominator: no number to give */
        row.status = "~overflow";
    } else if (a && a->has_value) {
        row.has_value = 1;
        row.value = a->num / a->den * scale;
        double lo, hi;
        if (a->in_thousands) {
            if (!*row.status) row.status = "~thousands"; /* the ratio stands; no interval on estimates */
        } else if (r->ind->scale == LK_SCALE_PERCENT && r->opts.ci != LK_CI_NONE && a->num <= a->den && a->num >= 0) {
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
        row.has_index = index_vs(r, e, land, &row.index_land);
        row.has_index_fylke = index_vs(r, e, fylke, &row.index_fylke);
        /* a test needs counts on both sides: a published reference is shown, not tested against */
        if (land && land->ratio) row.vs_land = versus(r, a, land->ratio, &row.p_land);
        if (fylke && fylke->ratio) row.vs_fylke = versus(r, a, fylke->ratio, &row.p_fylke);
        /* a district against the rest of its kommune (the kommune minus the district) */
        if (kommune && kommune->ratio && (a->level == LK_LEVEL_ZONE || a->level == LK_LEVEL_GRUNNKRETS
                                          || a->level == LK_LEVEL_BYDEL)) {
            row.has_index_kommune = index_vs(r, e, kommune, &row.index_kommune);
            row.vs_kommune = versus(r, a, kommune->ratio, &row.p_kommune);
        }
    }
    rc = push_row(r, &row);
    if (rc == LK_OK) r->seen[slot] = (uint32_t)r->n; /* the table holds indices: still the slot */
    if (rc == LK_OK && e->overrode && !r->overridden++) {
        r->overridden_region = row.region;
        r->overridden_period = row.period;
    }
    return rc;
}

static int add_row(lk_report *r, const entry *e, const entry *land, const entry *fylke, const char *role, int built)
{
    return add_row_in(r, e, land, fylke, NULL, role, built);
}

/* A parent read from the file, with the sums of its kommuner beside it for comparison. */
static int add_parent_row(lk_report *r, lk_calc *c, const lk_geo *g, const entry *p, const entry *land,
                          const char *role, int built)
{
    size_t before = r->n;
    int rc = add_row(r, p, land, NULL, role, built);
    if (rc != LK_OK || r->n == before || built || !p->ratio || !c) return rc;
    lk_ratio sum;
    int checked;
    rc = lk_calc_aggregate(c, p->ratio->region, p->ratio->period, g, &sum, &checked);
    if (rc == LK_ENOMEM) return rc; /* not "no sum": the row would lack the comparison */
    if (rc == LK_OK && sum.has_value && checked) {
        lk_report_row *row = &r->rows[r->n - 1];
        row->has_kommune_sum = 1;
        row->kommune_numerator = sum.num;
        row->kommune_denominator = sum.den;
    }
    return LK_OK;
}

/* A parent from the data (counts or a published rate), or built from its kommuner' counts into
 * *tmp (never from published rates: a rate cannot be summed); NULL when there is none, or when
 * memory ran out (*rc LK_ENOMEM, else left as it was). */
static const entry *parent(lk_report *r, lk_calc *c, const lk_geo *g, const char *code, const char *period, entry *e,
                           lk_ratio *tmp, int *built, int *rc)
{
    lookup(r, c, code, period, e);
    *built = 0;
    if (found(e)) return e;
    if (!c) return NULL;
    int checked, arc = lk_calc_aggregate(c, code, period, g, tmp, &checked);
    if (arc == LK_ENOMEM) *rc = arc;
    if (arc != LK_OK) return NULL;
    *built = 1;
    e->ratio = tmp;
    return e;
}

void lk_report_set_published(lk_report *r, const lk_published *pub)
{
    if (r) r->pub = pub;
}

size_t lk_report_overridden(const lk_report *r, const char **region, const char **period)
{
    if (!r) return 0;
    if (region) *region = r->overridden_region;
    if (period) *period = r->overridden_period;
    return r->overridden;
}

int lk_report_add_compare(lk_report *r, const char *code)
{
    if (!r || !code) return LK_EINVAL;
    /* as the data spell it: EKA33 is fylke 33, K-3303 kommune 3303 */
    lk_region_label lab;
    if (lk_region_label_parse(&lab, code, strlen(code)) == LK_OK && lab.code[0] && !lab.name_length) code = lab.code;
    if (!(code = text(r, code))) return LK_ENOMEM; /* the report's copy: the caller's may go */
    for (size_t i = 0; i < r->n_compare; i++)
        if (strcmp(r->compare[i], code) == 0) return LK_OK;
    if (r->n_compare == sizeof r->compare / sizeof r->compare[0])
        return lk_report_fail(r, LK_ELIMIT, "more than %zu comparison regions (expected at most %zu --compare)",
                              r->n_compare, r->n_compare);
    r->compare[r->n_compare++] = code;
    return LK_OK;
}

/* Is region in the data at all (counts or a rate, any period)? Its name into *name. */
static int in_data(const lk_report *r, lk_calc *c, const char *region)
{
    for (size_t i = 0; c && i < lk_calc_count(c); i++)
        if (strcmp(lk_calc_get(c, i)->region, region) == 0) return 1;
    for (size_t i = 0; r->pub && i < lk_published_count(r->pub); i++)
        if (strcmp(lk_published_get(r->pub, i)->region, region) == 0) return 1;
    return 0;
}

/* The message for a comparison region not in the data: the regions there are that could be one
 * (KOSTRA groups and Landet uten Oslo first, then kommuner and fylker), up to 12. */
static int no_compare(lk_report *r, lk_calc *c, const char *code, const char *area)
{
    static const lk_level order[] = { LK_LEVEL_KOSTRA_GROUP, LK_LEVEL_LAND_EX_OSLO, LK_LEVEL_KOMMUNE, LK_LEVEL_FYLKE };
    const char *shown[12];
    char list[700] = "";
    size_t used = 0, n_shown = 0, more = 0;
    for (size_t k = 0; k < 4; k++)
        for (int src = 0; src < 2; src++) {
            size_t n = src ? lk_published_count(r->pub) : (c ? lk_calc_count(c) : 0);
            const char *last = NULL; /* rows come by region: skip its other periods */
            for (size_t i = 0; i < n; i++) {
                const lk_ratio *x = src ? NULL : lk_calc_get(c, i);
                const lk_rate *y = src ? lk_published_get(r->pub, i) : NULL;
                const char *reg = x ? x->region : y->region, *nm = x ? x->region_name : y->region_name;
                if ((x ? x->level : y->level) != order[k] || strcmp(reg, area) == 0 || (last && strcmp(reg, last) == 0))
                    continue;
                last = reg;
                int dup = 0;
                for (size_t j = 0; j < n_shown && !dup; j++) dup = strcmp(shown[j], reg) == 0;
                if (dup) continue;
                if (n_shown == 12) { /* enough to choose from; say there are more */
                    more = 1;
                    continue;
                }
                shown[n_shown++] = reg;
                if (used < sizeof list)
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s%s%s", n_shown > 1 ? ", " : "", reg,
                                             *nm ? " " : "", nm);
            }
        }
    return lk_report_fail(r, LK_ENOTFOUND, "comparison region '%s' is not in the data (expected one of: %s%s)", code,
                          n_shown ? list : "none: the data hold no KOSTRA group, Landet uten Oslo, kommune or fylke",
                          more ? ", ..." : "");
}

/* The area's test against a comparison region. Landet uten Oslo (for an area outside Oslo) and
 * the area's own fylke or landet contain it: against their rest, as for fylke. A KOSTRA group or
 * another kommune: two independent samples (conservative when the area is in the group). */
static const char *versus_compare(const lk_report *r, const lk_ratio *a, const lk_ratio *k, double *p)
{
    *p = NAN;
    int nested = (k->level == LK_LEVEL_LAND_EX_OSLO && strncmp(a->region, "0301", 4) != 0)
                 || k->level == LK_LEVEL_LAND || (k->level == LK_LEVEL_FYLKE && strncmp(a->region, k->region, 2) == 0);
    if (nested) return versus(r, a, k, p);
    if (!a->has_value || !k->has_value || strcmp(a->region, k->region) == 0 || !(k->den > 0)) return "";
    int rc;
    if (r->ind->scale == LK_SCALE_PERCENT) {
        double z;
        if (a->num > a->den || k->num > k->den || a->num < 0 || k->num < 0) return "";
        rc = lk_test_two_proportions(a->num, a->den, k->num, k->den, &z, p);
    } else if (r->ind->scale == LK_SCALE_PER1000) {
        rc = lk_test_two_rates(a->num, a->den, k->num, k->den, p);
    } else {
        return "";
    }
    if (rc != LK_OK || !(*p >= 0 && *p <= 1)) {
        *p = NAN;
        return "";
    }
    if (*p >= r->opts.alpha) return "similar";
    return a->num / a->den > k->num / k->den ? "higher" : "lower";
}

/* The comparison regions of one period of an area: their rows, and the area row's comparisons. */
static int add_compares(lk_report *r, lk_calc *c, size_t area_row, const entry *a, const entry *land, const char *period)
{
    if (!r->n_compare) return LK_OK;
    lk_report_cmp *v = lk_arena_alloc(&r->arena, r->n_compare * sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < r->n_compare; i++) {
        entry k;
        lookup(r, c, r->compare[i], period, &k);
        if (!found(&k)) continue;
        int rc = add_row(r, &k, land, NULL, "compare", 0);
        if (rc != LK_OK) return rc;
        lk_report_cmp *x = &v[n++];
        x->region = text(r, r->compare[i]);
        if (!x->region) return LK_ENOMEM;
        x->p = NAN;
        x->vs = "";
        x->has_index = index_vs(r, a, &k, &x->index);
        if (a->ratio && k.ratio) x->vs = versus_compare(r, a->ratio, k.ratio, &x->p);
    }
    if (area_row < r->n) {
        r->rows[area_row].compare = v;
        r->rows[area_row].n_compare = n;
    }
    return LK_OK;
}

/* The rows of one period of an area. */
static int area_period(lk_report *r, lk_calc *c, const lk_geo *g, const char *area, const char *period)
{
    entry ea;
    lookup(r, c, area, period, &ea);
    lk_level level = ea.ratio ? ea.ratio->level : ea.rate->level;
    const char *region = area;
    char kommune[5] = "", fylke[3] = "";
    if (level == LK_LEVEL_KOMMUNE || level == LK_LEVEL_GRUNNKRETS || level == LK_LEVEL_BYDEL)
        snprintf(kommune, sizeof kommune, "%.4s", region);
    if (level == LK_LEVEL_ZONE && r->zones)
        for (size_t z = 0; z < lk_zones_count(r->zones); z++)
            if (strcmp(lk_zones_get(r->zones, z)->code, region) == 0)
                snprintf(kommune, sizeof kommune, "%s", lk_zones_get(r->zones, z)->kommune);
    if (level == LK_LEVEL_FYLKE) snprintf(fylke, sizeof fylke, "%s", region);
    else if (kommune[0]) snprintf(fylke, sizeof fylke, "%.2s", kommune);
    lk_ratio tl, tf, tk;
    entry el, ef, ek;
    int bl = 0, bf = 0, bk = 0, rc = LK_OK;
    const entry *land = parent(r, c, g, "0", period, &el, &tl, &bl, &rc);
    const entry *fy = fylke[0] ? parent(r, c, g, fylke, period, &ef, &tf, &bf, &rc) : NULL;
    const entry *ko = kommune[0] && strcmp(kommune, region) != 0 ? parent(r, c, g, kommune, period, &ek, &tk, &bk, &rc) : NULL;
    if (rc != LK_OK) return rc;
    size_t area_row = r->n;
    rc = add_row_in(r, &ea, land, fy, ko, "area", 0);
    if (r->n == area_row) area_row = SIZE_MAX; /* given twice: its row is there already */
    if (rc == LK_OK && ko) rc = add_row(r, ko, land, fy, "kommune", bk);
    if (rc == LK_OK && fy) rc = add_parent_row(r, c, g, fy, land, "fylke", bf);
    if (rc == LK_OK) rc = add_compares(r, c, area_row, &ea, land, period);
    if (rc == LK_OK && land) rc = add_parent_row(r, c, g, land, land, "land", bl);
    return rc;
}

int lk_report_add_area(lk_report *r, lk_calc *c, const lk_geo *g, const char *area)
{
    if (!r || !area) return LK_EINVAL;
    for (size_t i = 0; i < r->n_compare; i++)
        if (!in_data(r, c, r->compare[i])) return no_compare(r, c, r->compare[i], area);
    int any = 0, rc = LK_OK;
    for (size_t i = 0; c && i < lk_calc_count(c) && rc == LK_OK; i++) {
        const lk_ratio *a = lk_calc_get(c, i);
        if (strcmp(a->region, area) != 0) continue;
        any = 1;
        rc = area_period(r, c, g, area, a->period);
    }
    /* periods with a published rate and no counts at all */
    for (size_t i = 0; r->pub && i < lk_published_count(r->pub) && rc == LK_OK; i++) {
        const lk_rate *x = lk_published_get(r->pub, i);
        if (strcmp(x->region, area) != 0 || (c && lk_calc_find(c, area, x->period))) continue;
        any = 1;
        rc = area_period(r, c, g, area, x->period);
    }
    if (rc == LK_OK && !any)
        return lk_report_fail(r, LK_ENOTFOUND, "area '%s' is not in the data (expected a region code such as 3301; "
                              "see levekar inspect)", area);
    return rc;
}

/* --all: one region and period with its fylke and landet. */
static int all_one(lk_report *r, lk_calc *c, const lk_geo *g, const char *region, const char *period)
{
    entry ea;
    lookup(r, c, region, period, &ea);
    lk_level level = ea.ratio ? ea.ratio->level : ea.rate->level;
    char fylke[3] = "", kommune[5] = ""; /* a parent built into tf points at it: both live to the row's end */
    if (level == LK_LEVEL_KOMMUNE) snprintf(fylke, sizeof fylke, "%.2s", region);
    if (level == LK_LEVEL_GRUNNKRETS || level == LK_LEVEL_BYDEL) snprintf(kommune, sizeof kommune, "%.4s", region);
    if (level == LK_LEVEL_ZONE && r->zones)
        for (size_t z = 0; z < lk_zones_count(r->zones); z++)
            if (strcmp(lk_zones_get(r->zones, z)->code, region) == 0)
                snprintf(kommune, sizeof kommune, "%s", lk_zones_get(r->zones, z)->kommune);
    lk_ratio tl, tf, tk;
    entry el, ef, ek;
    int bl, bf, bk, rc = LK_OK;
    const entry *land = parent(r, c, g, "0", period, &el, &tl, &bl, &rc);
    const entry *fy = fylke[0] ? parent(r, c, g, fylke, period, &ef, &tf, &bf, &rc) : NULL;
    const entry *ko = kommune[0] ? parent(r, c, g, kommune, period, &ek, &tk, &bk, &rc) : NULL;
    if (rc != LK_OK) return rc;
    rc = add_row_in(r, &ea, land, fy, ko, "", 0);
    if (rc == LK_OK && fy) rc = add_parent_row(r, c, g, fy, land, "", bf);
    if (rc == LK_OK && land) rc = add_parent_row(r, c, g, land, land, "", bl);
    return rc;
}

int lk_report_add_all(lk_report *r, lk_calc *c, const lk_geo *g)
{
    if (!r || (!c && !r->pub)) return LK_EINVAL;
    /* a row per ratio, and the parents built from kommuner (fewer: a tenth is plenty; more grow) */
    size_t n = (c ? lk_calc_count(c) : 0) + (r->pub ? lk_published_count(r->pub) : 0);
    lk_report_row *v = lk_big_grow(r->rows, &r->cap, r->n + n + n / 10 + 16, sizeof *v);
    if (!v) return LK_ENOMEM;
    r->rows = v;
    int rc = LK_OK;
    for (size_t i = 0; c && i < lk_calc_count(c) && rc == LK_OK; i++) {
        const lk_ratio *a = lk_calc_get(c, i);
        rc = all_one(r, c, g, a->region, a->period);
    }
    for (size_t i = 0; r->pub && i < lk_published_count(r->pub) && rc == LK_OK; i++) {
        const lk_rate *x = lk_published_get(r->pub, i);
        if (!c || !lk_calc_find(c, x->region, x->period)) rc = all_one(r, c, g, x->region, x->period);
    }
    return rc;
}
