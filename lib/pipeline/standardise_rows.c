/* Age (and sex) standardisation of a report's rows (issue 15), after they are made: each row
 * with counts gets its region's counts per age band (and sex) from the computation
 * (lk_calc_bands: the finest bands, men and women apart where the data has them, parents summed
 * from their kommuner, windows over their years, the definition of the period), then the
 * standardised figure of levekar/standardise.h in place of the crude one, which stays beside it
 * (lk_report_row.crude). Direct: to a standard population (landet's in the latest period of the
 * data, ESP 2013, or a file), Dobson's interval; indirect: against landet's rates of the same
 * period, SMR with its exact Poisson interval, index_land = SMR × 100. Bands that do not nest
 * in the standard make the run fail with the message: a row is never half standardised. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

#define MAX_BANDS 256

typedef struct sides {
    lk_std_band num[MAX_BANDS], den[MAX_BANDS];
    size_t n_num, n_den;
} sides;

/* The bands of each region and period once: landet and the fylker are the reference of every
 * row of their period (and built from hundreds of kommuner), each area is asked again for its
 * tests. Key "REGION\x1fPERIOD"; only answers that are no failure are kept. */
typedef struct centry {
    char *key;
    int rc;                 /* LK_OK or LK_ENOTFOUND */
    size_t n_num, n_den;
    lk_std_band *b;         /* n_num then n_den bands */
} centry;

typedef struct bcache {
    centry *v;
    size_t cap, n;
} bcache;

static void cache_free(bcache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->v[i].key);
        free(c->v[i].b);
    }
    free(c->v);
}

static size_t key_hash(const char *k)
{
    size_t h = 2166136261u;
    for (; *k; k++) h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

/* The slot of key (empty: key NULL), the table grown first when half full; NULL: no memory. */
static centry *cache_slot(bcache *c, const char *key)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        centry *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->v[i].key) continue;
            size_t j = key_hash(c->v[i].key) & (cap - 1);
            while (v[j].key) j = (j + 1) & (cap - 1);
            v[j] = c->v[i];
        }
        free(c->v);
        c->v = v;
        c->cap = cap;
    }
    size_t j = key_hash(key) & (c->cap - 1);
    while (c->v[j].key && strcmp(c->v[j].key, key) != 0) j = (j + 1) & (c->cap - 1);
    return &c->v[j];
}

/* A region's two sides in a period: LK_OK, else the failure set on p (ENOTFOUND: none). */
static int bands_of(lk_pipeline *p, bcache *cache, const char *region, const char *period, sides *s)
{
    char key[128];
    centry *e = NULL;
    if (cache && (size_t)snprintf(key, sizeof key, "%s\x1f%s", region, period) < sizeof key) {
        if (!(e = cache_slot(cache, key))) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
        if (e->key) {
            s->n_num = e->n_num;
            s->n_den = e->n_den;
            memcpy(s->num, e->b, e->n_num * sizeof *e->b);
            memcpy(s->den, e->b + e->n_num, e->n_den * sizeof *e->b);
            return e->rc;
        }
    }
    int rc = lk_calc_bands(p->calc, region, period, 0, s->num, MAX_BANDS, &s->n_num);
    if (rc == LK_OK) rc = lk_calc_bands(p->calc, region, period, 1, s->den, MAX_BANDS, &s->n_den);
    if (rc != LK_OK && rc != LK_ENOTFOUND) return lk__pl_fail(p, rc, "age standardisation: %s", lk_calc_errmsg(p->calc));
    if (rc == LK_ENOTFOUND) s->n_num = s->n_den = 0;
    if (e) {
        size_t n = s->n_num + s->n_den;
        if (!(e->b = malloc((n ? n : 1) * sizeof *e->b)) || !(e->key = malloc(strlen(key) + 1))) {
            free(e->b);
            e->b = NULL;
            return lk__pl_fail(p, LK_ENOMEM, "out of memory");
        }
        strcpy(e->key, key);
        memcpy(e->b, s->num, s->n_num * sizeof *e->b);
        memcpy(e->b + s->n_num, s->den, s->n_den * sizeof *e->b);
        e->n_num = s->n_num;
        e->n_den = s->n_den;
        e->rc = rc;
        cache->n++;
    }
    return rc;
}

/* Landet has a value in period (from the file, or summed from every one of its kommuner): its
 * bands may be a standard or the reference rates. 0 with why in *status (never partial sums). */
static int land_ok(lk_pipeline *p, const char *period, const char **status)
{
    const lk_ratio *r = lk_calc_find(p->calc, "0", period);
    lk_ratio tmp;
    int checked;
    if (!r && lk_calc_aggregate(p->calc, "0", period, p->geo, &tmp, &checked) == LK_OK) r = &tmp;
    if (r && r->has_value) return 1;
    *status = r ? r->status : "not in the data";
    return 0;
}

/* The latest period of the data (its last year, then month or quarter). */
static const char *latest_period(const lk_calc *c)
{
    const lk_ratio *best = NULL;
    for (size_t i = 0; i < lk_calc_count(c); i++) {
        const lk_ratio *r = lk_calc_get(c, i);
        if (!r->has_value) continue;
        if (!best || r->period_info.last_year > best->period_info.last_year ||
            (r->period_info.last_year == best->period_info.last_year && r->period_info.sub > best->period_info.sub))
            best = r;
    }
    return best ? best->period : NULL;
}

/* The standard of direct standardisation, as the options name it. */
static int make_standard(lk_pipeline *p, lk_std_standard **std)
{
    const char *f = p->o->standard_file;
    int rc;
    if (f && strcmp(f, "esp2013") == 0) {
        rc = lk_std_standard_esp2013(std);
        return rc == LK_OK ? rc : lk__pl_fail(p, rc, "out of memory");
    }
    if (f) {
        rc = lk_std_standard_load(std, f);
        if (rc != LK_OK)
            return lk__pl_fail(p, rc, "%s", *std ? lk_std_standard_errmsg(*std) : "out of memory");
        return LK_OK;
    }
    const char *latest = latest_period(p->calc);
    sides *s = malloc(sizeof *s);
    if (!s) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    const char *why = "";
    rc = latest ? bands_of(p, NULL, "0", latest, s) : LK_ENOTFOUND;
    if (rc == LK_OK && !land_ok(p, latest, &why))
        rc = lk__pl_fail(p, LK_EDATA, "age standardisation: landet has no value in %s (%s), so its population cannot be "
                         "the standard (expected landet or all its kommuner, or --standard esp2013 or --standard FILE)",
                         latest, why);
    if (rc == LK_ENOTFOUND)
        rc = lk__pl_fail(p, LK_EDATA, "age standardisation: no population of landet by age band in the data "
                         "(expected landet or its kommuner by age band, or --standard esp2013 or --standard FILE)");
    if (rc == LK_OK) {
        char name[64];
        snprintf(name, sizeof name, "landet %s", latest);
        rc = lk_std_standard_from_bands(std, name, s->den, s->n_den);
        if (rc != LK_OK)
            rc = lk__pl_fail(p, rc, "age standardisation: landet's population as the standard: %s",
                             *std ? lk_std_standard_errmsg(*std) : "out of memory");
    }
    free(s);
    return rc;
}

static double scale_of(const lk_indicator *ind)
{
    return ind->scale == LK_SCALE_PERCENT ? 100.0 : ind->scale == LK_SCALE_PER1000 ? 1000.0 : 1.0;
}

/* A row's standardised figures from res (a row with counts and a value). */
static int set_row(lk_report *rep, lk_report_row *w, const lk_std_result *res, const char *standard, double scale)
{
    w->crude = w->value;
    w->value = res->value * scale;
    w->has_ci = res->has_ci && isfinite(res->lo) && isfinite(res->hi);
    w->ci_low = w->has_ci ? res->lo * scale : NAN;
    w->ci_high = w->has_ci ? res->hi * scale : NAN;
    w->std_method = res->method;
    w->std_interval = res->interval_method;
    if (!(w->std_standard = lk_report_keep(rep, standard)) || !(w->std_bands = lk_report_keep(rep, res->bands)))
        return LK_ENOMEM;
    w->smr = res->smr;
    w->smr_low = res->smr_lo;
    w->smr_high = res->smr_hi;
    w->expected = res->expected;
    return LK_OK;
}

/* The fylke a row is compared with (as the report chose it): a kommune's, a grunnkrets's or
 * bydel's first two digits, a zone's kommune's; NULL for others. */
static const char *fylke_of(const lk_pipeline *p, const lk_report_row *w, char buf[3])
{
    const char *k = NULL;
    if (w->level == LK_LEVEL_KOMMUNE || w->level == LK_LEVEL_GRUNNKRETS || w->level == LK_LEVEL_BYDEL) k = w->region;
    for (size_t z = 0; w->level == LK_LEVEL_ZONE && p->zones && z < lk_zones_count(p->zones); z++)
        if (strcmp(lk_zones_get(p->zones, z)->code, w->region) == 0) k = lk_zones_get(p->zones, z)->kommune;
    if (!k || strlen(k) < 2) return NULL;
    memcpy(buf, k, 2);
    buf[2] = '\0';
    return buf;
}

/* What a test of a row against the rest of a reference needs (standardise_rows' state). */
typedef struct stdctx {
    int method;
    const lk_std_standard *std;
    lk_std_opts so;
    sides *a, *ref, *land; /* the row's, the reference's, landet's (indirect: the rates) */
    const char *land_period;
    bcache *cache;
} stdctx;

/* rest = whole − part, band by band (the same label and sex); 0 when the part has a band the
 * whole has not, or more than it: then there is no rest to test against. */
static int subtract(const lk_std_band *whole, size_t nw, const lk_std_band *part, size_t np, lk_std_band *rest, size_t *nr)
{
    for (size_t i = 0; i < nw; i++) rest[i] = whole[i];
    *nr = nw;
    for (size_t j = 0; j < np; j++) {
        size_t i = 0;
        while (i < nw && !(strcmp(rest[i].age, part[j].age) == 0 &&
                           (rest[i].sex == part[j].sex || (rest[i].sex && part[j].sex && strcmp(rest[i].sex, part[j].sex) == 0))))
            i++;
        if (i == nw || part[j].count > rest[i].count) return 0;
        rest[i].count -= part[j].count;
    }
    return 1;
}

/* The row against the rest of the reference ref_code (reference minus the row's region), both
 * standardised: direct, z = (DSRa − DSRr) / √(var a + var r), normal; indirect, the two SMRs
 * as Poisson rates O/E (lk_test_two_rates). "" (p NaN) when there is no rest to test against. */
static const char *versus_rest(lk_pipeline *p, stdctx *x, const lk_report_row *w, const char *ref_code, double *pv)
{
    *pv = NAN;
    if (!ref_code || strcmp(ref_code, w->region) == 0) return "";
    lk_std_band *rn = malloc(2 * MAX_BANDS * sizeof *rn);
    const char *vs = "";
    if (!rn) return "";
    lk_std_band *rd = rn + MAX_BANDS;
    size_t nn, nd;
    lk_std_result ra, rr;
    int ok = bands_of(p, x->cache, w->region, w->period, x->a) == LK_OK &&
             bands_of(p, x->cache, ref_code, w->period, x->ref) == LK_OK &&
             subtract(x->ref->num, x->ref->n_num, x->a->num, x->a->n_num, rn, &nn) &&
             subtract(x->ref->den, x->ref->n_den, x->a->den, x->a->n_den, rd, &nd);
    p->errmsg[0] = '\0'; /* a reference without bands is no failure of the run: no test */
    lk_std_opts fast = x->so; /* only the values and variances are used here: Byar's limits cost nothing */
    fast.limits = LK_STD_BYAR;
    if (ok && x->method == LK_STANDARDISE_DIRECT) {
        ok = lk_std_direct(x->std, x->a->num, x->a->n_num, x->a->den, x->a->n_den, &fast, &ra) == LK_OK &&
             lk_std_direct(x->std, rn, nn, rd, nd, &fast, &rr) == LK_OK && ra.variance + rr.variance > 0;
        if (ok) {
            double z = (ra.value - rr.value) / sqrt(ra.variance + rr.variance);
            *pv = erfc(fabs(z) / sqrt(2.0));
        }
    } else if (ok) {
        const sides *l = x->land;
        ok = lk_std_indirect(l->num, l->n_num, l->den, l->n_den, x->a->num, x->a->n_num, x->a->den, x->a->n_den, &fast,
                             &ra) == LK_OK &&
             lk_std_indirect(l->num, l->n_num, l->den, l->n_den, rn, nn, rd, nd, &fast, &rr) == LK_OK &&
             lk_test_two_rates(ra.observed, ra.expected, rr.observed, rr.expected, pv) == LK_OK;
        if (ok) { /* compare the SMRs: value = SMR × the same crude rate */
            ra.value = ra.smr;
            rr.value = rr.smr;
        }
    }
    if (ok && *pv >= 0 && *pv <= 1) vs = *pv >= p->o->report.alpha ? "similar" : ra.value > rr.value ? "higher" : "lower";
    else *pv = NAN;
    free(rn);
    return vs;
}

/* The indexes and tests of the standardised rows, from standardised figures only. */
static int set_indexes(lk_pipeline *p, lk_report *rep, stdctx *x)
{
    for (size_t i = 0; i < lk_report_count(rep); i++) {
        lk_report_row *w = lk_report_row_edit(rep, i);
        if (!*w->std_method || !w->has_value) continue;
        const lk_report_row *land = lk_report_find(rep, "0", w->period);
        char fb[3];
        const char *fy = fylke_of(p, w, fb);
        const lk_report_row *f = fy ? lk_report_find(rep, fy, w->period) : NULL;
        if (x->method == LK_STANDARDISE_INDIRECT) {
            if (!x->land_period || strcmp(x->land_period, w->period) != 0) {
                if (bands_of(p, x->cache, "0", w->period, x->land) != LK_OK) return LK_EDATA; /* found before: memory */
                x->land_period = w->period;
            }
            w->has_index = isfinite(w->smr);
            w->index_land = w->smr * 100.0;
        } else {
            w->has_index = land && *land->std_method && land->has_value && land->value > 0;
            w->index_land = w->has_index ? w->value / land->value * 100.0 : NAN;
        }
        w->has_index_fylke = f && *f->std_method && f->has_value && f->value > 0;
        w->index_fylke = w->has_index_fylke ? w->value / f->value * 100.0 : NAN;
        /* each area against the rest of its reference, as the crude figures are; a reference
         * without a value (~incomplete: some kommuner missing) is no reference */
        w->vs_land = land && land->has_value ? versus_rest(p, x, w, "0", &w->p_land) : "";
        if (!(land && land->has_value)) w->p_land = NAN;
        w->vs_fylke = f && f->has_value ? versus_rest(p, x, w, fy, &w->p_fylke) : "";
        if (!(f && f->has_value)) w->p_fylke = NAN;
        /* a district against the rest of its kommune, standardised as well */
        char kb[LK_REGION_CODE_MAX] = "";
        if (w->level == LK_LEVEL_ZONE)
            for (size_t z = 0; p->zones && z < lk_zones_count(p->zones); z++) {
                if (strcmp(lk_zones_get(p->zones, z)->code, w->region) == 0)
                    snprintf(kb, sizeof kb, "%s", lk_zones_get(p->zones, z)->kommune);
            }
        else if (w->level == LK_LEVEL_GRUNNKRETS || w->level == LK_LEVEL_BYDEL)
            snprintf(kb, sizeof kb, "%.4s", w->region);
        const lk_report_row *ko = *kb ? lk_report_find(rep, kb, w->period) : NULL;
        w->has_index_kommune = ko && *ko->std_method && ko->has_value && ko->value > 0;
        w->index_kommune = w->has_index_kommune ? w->value / ko->value * 100.0 : NAN;
        w->vs_kommune = ko && ko->has_value ? versus_rest(p, x, w, kb, &w->p_kommune) : "";
        if (!(ko && ko->has_value)) w->p_kommune = NAN;
        /* --compare regions: the index of the standardised figures; their tests were of the crude
         * counts (an independent sample, or nested), which say nothing of these: none */
        for (size_t k = 0; k < w->n_compare; k++) {
            lk_report_cmp *c = (lk_report_cmp *)&w->compare[k]; /* the report's, made for this row */
            const lk_report_row *kr = lk_report_find(rep, c->region, w->period);
            c->has_index = kr && *kr->std_method && kr->has_value && kr->value > 0;
            c->index = c->has_index ? w->value / kr->value * 100.0 : NAN;
            c->vs = "";
            c->p = NAN;
        }
    }
    return LK_OK;
}

int lk__pl_standardise(lk_pipeline *p, const lk_indicator *ind, lk_report *rep)
{
    int method = p->o->standardise >= 0 ? p->o->standardise : (int)ind->standardise;
    if (p->o->standard_file && method != LK_STANDARDISE_DIRECT) /* a standard that would be ignored */
        return lk__pl_fail(p, LK_EINVAL, "--standard %s: a standard population is for direct standardisation "
                           "(expected --standardise direct, or an indicator with standardise = direct)", p->o->standard_file);
    if (method == LK_STANDARDISE_NONE) return LK_OK;
    if (!p->calc || ind->scale == LK_SCALE_KRONER)
        return lk__pl_fail(p, LK_EINVAL, "age standardisation of '%s' needs counts of a share or a rate by age band "
                           "(expected an indicator of counts, not %s)", ind->id,
                           p->calc ? "an amount in kroner" : "a published rate");
    lk_std_standard *std = NULL;
    bcache cache = { NULL, 0, 0 };
    sides *s = malloc(sizeof *s), *ref = malloc(sizeof *ref);
    int rc = s && ref ? LK_OK : lk__pl_fail(p, LK_ENOMEM, "out of memory");
    if (rc == LK_OK && method == LK_STANDARDISE_DIRECT) rc = make_standard(p, &std);
    const char *ref_period = NULL, *standard = std ? lk_std_standard_name(std) : "landet", *bands = NULL;
    lk_std_opts so = LK_STD_OPTS_INIT;
    so.level = p->o->report.level > 0 && p->o->report.level < 1 ? p->o->report.level : 0.95;
    if (p->o->std_interval == 1) so.limits = LK_STD_BYAR;
    if (p->o->std_interval == 2) {
        if (method != LK_STANDARDISE_DIRECT) rc = lk__pl_fail(p, LK_EINVAL, "Fay-Feuer's interval is for direct "
                                                              "standardisation (expected exact or byar with indirect)");
        so.interval = LK_STD_FAY_FEUER;
    }
    double scale = scale_of(ind);
    size_t done = 0, n_noted = 0;
    char first_note[700] = "";
    lk_std_result res;
    for (size_t i = 0; i < lk_report_count(rep) && rc == LK_OK; i++) {
        lk_report_row *w = lk_report_row_edit(rep, i);
        if (w->published && w->has_value) { /* a rate as published has no counts by band: never beside ours */
            rc = lk__pl_fail(p, LK_EDATA, "age standardisation: %s %s is a published rate (expected counts by age band "
                             "for every row; leave out --rate, or the rate's file)", w->region, w->period);
            break;
        }
        if (!w->has_counts || !w->has_value) continue;
        if (strcmp(w->status, "~thousands") == 0) { /* survey estimates: no counts to weigh, no interval */
            rc = lk__pl_fail(p, LK_EDATA, "age standardisation: %s %s: the counts are in thousands (survey estimates; "
                             "expected counts of persons)", w->region, w->period);
            break;
        }
        rc = bands_of(p, &cache, w->region, w->period, s);
        if (rc == LK_ENOTFOUND)
            rc = lk__pl_fail(p, LK_EDATA, "age standardisation: %s %s has no counts by age band (expected the "
                             "counts of every row by age band)", w->region, w->period);
        if (rc != LK_OK) break;
        if (method == LK_STANDARDISE_INDIRECT && (!ref_period || strcmp(ref_period, w->period) != 0)) {
            const char *why = "";
            rc = bands_of(p, &cache, "0", w->period, ref); /* landet's rates of the same period */
            if (rc == LK_OK && !land_ok(p, w->period, &why))
                rc = lk__pl_fail(p, LK_EDATA, "indirect age standardisation: landet has no value in %s (%s), so there are "
                                 "no reference rates (expected landet or all its kommuner)", w->period, why);
            if (rc == LK_ENOTFOUND)
                rc = lk__pl_fail(p, LK_EDATA, "indirect age standardisation: no counts of landet by age band in %s "
                                 "(expected landet or its kommuner by age band)", w->period);
            if (rc != LK_OK) break;
            ref_period = w->period;
        }
        rc = method == LK_STANDARDISE_DIRECT
                 ? lk_std_direct(std, s->num, s->n_num, s->den, s->n_den, &so, &res)
                 : lk_std_indirect(ref->num, ref->n_num, ref->den, ref->n_den, s->num, s->n_num, s->den, s->n_den, &so,
                                   &res);
        if (rc != LK_OK) {
            rc = lk__pl_fail(p, rc, "age standardisation (%s, standard: %s): %s %s: %s",
                             method == LK_STANDARDISE_DIRECT ? "direct" : "indirect", standard, w->region, w->period,
                             rc == LK_ENOMEM ? "out of memory" : res.errmsg);
            break;
        }
        if ((rc = set_row(rep, w, &res, standard, scale)) != LK_OK) {
            rc = lk__pl_fail(p, rc, "out of memory");
            break;
        }
        if (!done++) bands = w->std_bands;
        if (*res.note && !n_noted++) /* said once, with how many rows it concerns (--all: thousands) */
            snprintf(first_note, sizeof first_note, "%s %s: %s", w->region, w->period, res.note);
    }
    if (rc == LK_OK && n_noted &&
        lk__pl_say(p, LK_MESSAGE_WARNING, "age standardisation: %s (%zu row%s with such a note)", first_note, n_noted,
                   n_noted == 1 ? "" : "s") != LK_OK)
        rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    stdctx x = { method, std, so, s, ref, NULL, NULL, &cache };
    if (rc == LK_OK && (x.land = malloc(sizeof *x.land)) == NULL) rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    if (rc == LK_OK && set_indexes(p, rep, &x) != LK_OK) rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    free(x.land);
    if (rc == LK_OK) {
        if (done && lk__pl_say(p, LK_MESSAGE_INFO, "age standardised (%s), standard: %s; bands %s; interval %s",
                               method == LK_STANDARDISE_DIRECT ? "direct" : "indirect", standard, bands,
                               method == LK_STANDARDISE_DIRECT ? "Dobson (exact Poisson)" : "exact Poisson") != LK_OK)
            rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    }
    lk_std_standard_free(std);
    cache_free(&cache);
    free(s);
    free(ref);
    return rc;
}
