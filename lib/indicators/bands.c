/* Counts per age band and sex for standardisation (lk_calc_bands). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

/* The finest of the bands lo[i]..hi[i] (n of them) that tile want_lo..want_hi exactly once, in
 * pick: from each age the narrowest band after which the rest can still be tiled (the 5-year
 * bands beside 15-74 år, where lk_age_choose takes the one band equal to the range). 0, or -1
 * when no tiling exists. Ages are at most LK_AGE_MAX, so the table is small and on the stack. */
static int finest_tiling(const int *lo, const int *hi, size_t n, int want_lo, int want_hi, unsigned char *pick)
{
    int best[LK_AGE_MAX + 2];
    unsigned char ok[LK_AGE_MAX + 2];
    if (want_lo < 0 || want_hi > LK_AGE_MAX || want_lo > want_hi) return -1;
    memset(ok, 0, sizeof ok);
    ok[want_hi + 1] = 1;
    for (int a = want_hi; a >= want_lo; a--) {
        best[a] = -1;
        for (size_t i = 0; i < n; i++)
            if (lo[i] == a && hi[i] <= want_hi && ok[hi[i] + 1] && (best[a] < 0 || hi[i] < hi[best[a]])) best[a] = (int)i;
        ok[a] = best[a] >= 0;
    }
    if (!ok[want_lo]) return -1;
    memset(pick, 0, n);
    for (int a = want_lo; a <= want_hi; a = hi[best[a]] + 1) pick[best[a]] = 1;
    return 0;
}

typedef struct bandacc {
    lk_std_band *out;
    size_t cap, n;
} bandacc;

static void band_add(bandacc *acc, const char *age, const char *sex, double v)
{
    for (size_t i = 0; i < acc->n && i < acc->cap; i++)
        if (acc->out[i].age == age && acc->out[i].sex == sex) {
            acc->out[i].count += v;
            return;
        }
    if (acc->n < acc->cap) acc->out[acc->n] = (lk_std_band){ age, sex, v };
    acc->n++;
}

/* The cells of one region, side and the dense periods dps, one by one (*it from 0; NULL at the
 * end): the region's block is addressed directly, never a pass over every cell. */
static const ccell *next_cell(const lk_calc *c, const uint32_t *block, int side, const uint32_t *dps, size_t n_dps,
                              size_t *it)
{
    size_t per = (size_t)c->n_a * c->n_m;
    for (; *it < n_dps * per; (*it)++) {
        size_t p = *it / per, a = (*it % per) / c->n_m, m = *it % c->n_m;
        uint32_t k = block[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, dps[p], (uint32_t)a, (uint32_t)m,
                                   (uint32_t)side)];
        if (k) {
            (*it)++;
            return &c->cells[k - 1];
        }
    }
    return NULL;
}

/* One region's counts per band into acc: LK_OK, LK_ENOTFOUND (no cell), LK_EDATA. */
static int region_bands(lk_calc *c, uint32_t rid, int side, const uint32_t *dps, size_t n_dps, bandacc *acc)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    const side_dims *dd = &c->dims[side];
    const char *region = c->info[rid - 1].s;
    uint32_t *block = rid <= c->n_rt ? c->rt[rid - 1] : NULL;
    if (!block || !n_dps) return LK_ENOTFOUND;
    uint32_t required = 0;
    int sex_d = -1;
    for (size_t d = 0; d < dd->n; d++) {
        if (dd->has_total[d]) required |= 1u << d;
        if (c->opts.by_sex && lk__name_match(dd->name[d], "kj\xC3\xB8nn | kjonn | sex")) sex_d = (int)d;
    }
    /* by sex: men and women over their total, where the region has them */
    uint32_t req = sex_d >= 0 ? required & ~(1u << sex_d) : required;
    int parts = 0, any = 0;
    size_t it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req) continue;
        any = 1;
        if (x->mask & SEX_BITS) parts = 1;
    }
    if (!any) return LK_ENOTFOUND;
    if (!parts) req = required; /* no sex parts: read as lk_calc_finish reads */
    /* the bands of the cells that count, each once */
    uint32_t ages[256];
    int lo[256], hi[256];
    size_t n = 0;
    it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req) continue;
        if (parts && !(x->mask & SEX_BITS)) {
            if (x->mask & (1u << sex_d)) continue; /* the total beside its parts */
            return lk__calc_fail(c, LK_EDATA, "%s: %s: a category of '%s' that is neither men nor women (expected Menn and "
                         "Kvinner, or Begge kjønn, for standardisation by sex)", region, lk__calc_side_name(side), dd->name[sex_d]);
        }
        if (!x->age)
            return lk__calc_fail(c, LK_EDATA, "%s: %s: no age bands in the data (expected an 'alder' dimension with bands for "
                         "age standardisation)", region, lk__calc_side_name(side));
        size_t j = 0;
        while (j < n && ages[j] != x->age) j++;
        if (j < n) continue;
        if (n == 256) return lk__calc_fail(c, LK_ELIMIT, "%s: more than 256 age bands (expected fewer)", region);
        if (lk_age_parse(c->info[x->age - 1].s, &lo[n], &hi[n]) != LK_OK)
            return lk__calc_fail(c, LK_EDATA, "%s: age label '%s' is not an age band (expected labels such as '15-19 år')",
                         lk__calc_side_name(side), c->info[x->age - 1].s);
        ages[n++] = x->age;
    }
    int want_lo = sd->age_lo, want_hi = sd->age_hi;
    if (want_lo < 0) { /* no ages asked for: all the ages of the bands */
        for (size_t j = 0; j < n; j++) {
            if (!j || lo[j] < want_lo) want_lo = lo[j];
            if (!j || hi[j] > want_hi) want_hi = hi[j];
        }
    }
    unsigned char pick[256];
    if (finest_tiling(lo, hi, n, want_lo, want_hi, pick) != 0) {
        char range[32];
        if (want_hi >= LK_AGE_MAX) snprintf(range, sizeof range, "%d år og eldre", want_lo);
        else snprintf(range, sizeof range, "%d-%d år", want_lo, want_hi);
        return lk__calc_fail(c, LK_EDATA, "%s: %s: the age bands cannot cover %s exactly once (expected bands that add up "
                     "to it)", region, lk__calc_side_name(side), range);
    }
    double mult = sd->multiplier;
    it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req || (parts && !(x->mask & SEX_BITS))) continue;
        size_t j = 0;
        while (ages[j] != x->age) j++;
        if (!pick[j]) continue;
        if (!c->opts.skip_missing && (x->n_missing || !x->values))
            return lk__calc_fail(c, LK_EDATA, "%s: %s: age band '%s' is missing ('%s'; a missing count is never a zero)", region,
                         lk__calc_side_name(side), c->info[x->age - 1].s, x->missing ? c->info[x->missing - 1].s : "..");
        if (!x->values) continue; /* --missing skip: what is there, as lk_calc_finish sums it */
        uint32_t sex = (x->mask & SEX_BITS) >> SEX_SHIFT;
        band_add(acc, c->info[x->age - 1].s, parts ? (sex == 1 ? "Menn" : "Kvinner") : NULL, x->sum * mult);
    }
    return LK_OK;
}

int lk_calc_bands(lk_calc *c, const char *region, const char *period, int side, lk_std_band *out, size_t cap, size_t *n)
{
    if (!c || !region || !period || (side != NUM && side != DEN) || (!out && cap) || !n) return LK_EINVAL;
    *n = 0;
    if (c->var) { /* the definition used for the period */
        lk_calc *k = lk__variants_calc_for(c->var, period);
        if (!k) return LK_ENOTFOUND;
        int rc = lk_calc_bands(k, region, period, side, out, cap, n);
        if (rc != LK_OK) snprintf(c->errmsg, sizeof c->errmsg, "%s", k->errmsg);
        return rc;
    }
    /* the period's dense numbers: one, or the years of a window "2019-2021" */
    uint32_t dps[64];
    size_t n_dps = 0;
    int y1, y2;
    char tail;
    if (c->opts.window > 1 && sscanf(period, "%d-%d%c", &y1, &y2, &tail) == 2) {
        for (uint32_t i = 0; i < c->n_info && n_dps < 64; i++) {
            const struct strinfo *in = &c->info[i];
            if (in->dense_p && in->pinfo.kind == LK_PERIOD_YEAR && in->pinfo.last_year >= y1 && in->pinfo.last_year <= y2)
                dps[n_dps++] = in->dense_p - 1;
        }
    } else {
        lk_map_entry *l = lk_map_find(&c->index, 0, period, strlen(period));
        uint32_t pid = l ? (uint32_t)(uintptr_t)l->data : 0;
        if (pid && c->info[pid - 1].dense_p) dps[n_dps++] = c->info[pid - 1].dense_p - 1;
    }
    if (!n_dps) return LK_ENOTFOUND;
    bandacc acc = { out, cap, 0 };
    lk_map_entry *l = lk_map_find(&c->index, 0, region, strlen(region));
    uint32_t rid = l ? (uint32_t)(uintptr_t)l->data : 0;
    int rc = rid ? region_bands(c, rid, side, dps, n_dps, &acc) : LK_ENOTFOUND;
    size_t pl = strcmp(region, "0") == 0 ? 0 : strlen(region);
    if (rc == LK_ENOTFOUND && (pl == 0 || pl == 2 || pl == 4)) {
        /* a parent not in the data: its parts' bands, summed (as lk_calc_aggregate sums) */
        for (uint32_t r = 1; r <= c->n_rt && r <= c->n_info; r++) {
            const struct strinfo *in = &c->info[r - 1];
            if (!c->rt[r - 1] || strncmp(in->s, region, pl) != 0) continue;
            int part = pl == 4 ? in->level == LK_LEVEL_GRUNNKRETS || in->level == LK_LEVEL_BYDEL
                               : in->level == LK_LEVEL_KOMMUNE;
            if (!part) continue;
            int one = region_bands(c, r, side, dps, n_dps, &acc);
            if (one == LK_ENOTFOUND) continue;
            rc = one;
            if (rc != LK_OK) break;
        }
    }
    *n = acc.n;
    if (rc == LK_OK && acc.n > cap) return LK_ELIMIT;
    return rc;
}
