/* Choosing, per region and period, the age bands and categories that give the ages asked
 * for exactly once (lk_calc_finish calls it). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

const char *lk__calc_side_name(int side)
{
    return side == NUM ? "numerator" : "denominator";
}


void lk__agechoice_free(agechoice *a)
{
    free(a->rix);
    free(a->grp);
    free(a->set);
    free(a->fail);
    free(a->empty);
}

static size_t age_key(const lk_calc *c, const agechoice *a, const ccell *cell)
{
    return (size_t)(a->rix[cell->region - 1] - 1) * a->n_p + (c->info[cell->period - 1].dense_p - 1);
}

/* Choose the bands of one group (its set of bands present in, bands picked out): 1 chosen, 0
 * cannot cover (why in msg, the existing messages), or -1: out of memory. */
static int choose_group(lk_calc *c, int side, uint64_t *set, uint32_t words, const int *lo, const int *hi,
                        const uint32_t *str, int want_lo, int want_hi, char *msg, size_t size)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    size_t n = 0;
    for (uint32_t w = 0; w < words; w++) n += (size_t)__builtin_popcountll(set[w]);
    if (n == 0) {
        if (sd->age_lo < 0) return 1;
        /* No age dimension: acceptable only when the measure itself names the ages. */
        char range[32];
        snprintf(range, sizeof range, "%d-%d", sd->age_lo, sd->age_hi);
        for (size_t i = 0; i < c->dims[side].n_measures; i++) /* each wording of the measure */
            if (strstr(c->dims[side].measures[i], range)) return 1;
        if (sd->table_lo >= 0 && sd->table_lo == sd->age_lo && sd->table_hi == sd->age_hi) return 1; /* 07984 */
        snprintf(msg, size, "%s: ages %s år asked for, but the data has no age dimension and its measure "
                 "does not name these ages (expected an 'alder' column, or a measure such as '... %s år')",
                 lk__calc_side_name(side), range, range);
        return 0;
    }
    int *blo = malloc(n * sizeof *blo), *bhi = malloc(n * sizeof *bhi);
    uint32_t *da = malloc(n * sizeof *da);
    unsigned char *pick = malloc(n);
    int ok = -1;
    if (blo && bhi && da && pick) {
        size_t k = 0;
        for (uint32_t w = 0; w < words; w++)
            for (uint64_t b = set[w]; b; b &= b - 1) {
                uint32_t d = w * 64 + (uint32_t)__builtin_ctzll(b);
                da[k] = d;
                blo[k] = lo[d];
                bhi[k++] = hi[d];
            }
        size_t straddle;
        int rc = lk_age_choose(blo, bhi, n, want_lo, want_hi, pick, &straddle);
        if (rc == LK_OK) {
            memset(set, 0, words * sizeof *set);
            for (size_t i = 0; i < n; i++)
                if (pick[i]) set[da[i] / 64] |= 1ull << (da[i] % 64);
            ok = 1;
        } else if (rc == LK_EDATA) {
            char range[32];
            if (want_hi >= LK_AGE_MAX) snprintf(range, sizeof range, "%d år og eldre", want_lo);
            else snprintf(range, sizeof range, "%d-%d år", want_lo, want_hi);
            if (straddle != SIZE_MAX)
                snprintf(msg, size, "%s: the age band '%s' straddles a limit of %s (expected bands that "
                         "start and end at the limits; a partial band would be a partial count)",
                         lk__calc_side_name(side), c->info[str[da[straddle]] - 1].s, range);
            else
                snprintf(msg, size, "%s: the age bands cannot cover %s exactly once (expected a band %s or "
                         "bands that add up to it)", lk__calc_side_name(side), range, range);
            ok = 0;
        }
    }
    free(blo);
    free(bhi);
    free(da);
    free(pick);
    return ok;
}

static uint64_t set_hash(const uint64_t *v, uint32_t words)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t w = 0; w < words; w++) h = (h ^ v[w]) * 0x100000001b3ull;
    return h ^ h >> 29;
}

/* Decide, for one side, which age bands to sum per region and period (into *a) and which total
 * mask to require. */
int lk__calc_choose(lk_calc *c, int side, agechoice *a, uint32_t *required)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    side_dims *dd = &c->dims[side];
    memset(a, 0, sizeof *a);
    *required = 0;
    for (size_t d = 0; d < dd->n; d++)
        if (dd->has_total[d]) *required |= 1u << d;
    int clash = dd->overflow;
    for (size_t i = 0; i < dd->n_measures && !clash; i++)
        for (size_t j = i + 1; j < dd->n_measures && !clash; j++)
            for (size_t b = 0; dd->periods && b < sizeof dd->periods[i] && !clash; b++)
                clash = (dd->periods[i][b] & dd->periods[j][b]) != 0;
    if (clash) {
        char list[512] = "";
        for (size_t i = 0; i < dd->n_measures; i++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "", dd->measures[i]);
        }
        return lk__calc_fail(c, LK_EDATA, "%s: the pattern '%s' matches several measures in the same period: %s (expected "
                     "one per period; name it more exactly, e.g. FILE:MEASURE)", lk__calc_side_name(side), sd->measure, list);
    }
    /* The bands of this side, parsed once each (by dense age number), in the order of the cells. */
    uint32_t n_a = c->n_a;
    uint32_t *str = calloc(n_a, sizeof *str); /* dense age → string id (0: not on this side) */
    int *lo = malloc(n_a * sizeof *lo), *hi = malloc(n_a * sizeof *hi);
    int rc = str && lo && hi ? LK_OK : LK_ENOMEM, any = 0, want_lo = sd->age_lo, want_hi = sd->age_hi, span_lo = 0,
        span_hi = 0;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side != side || !cell->age) continue;
        uint32_t d = c->info[cell->age - 1].dense_a - 1;
        if (str[d]) continue;
        str[d] = cell->age;
        if (lk_age_parse(c->info[cell->age - 1].s, &lo[d], &hi[d]) != LK_OK)
            rc = lk__calc_fail(c, LK_EDATA, "%s: age label '%s' is not an age band (expected labels such as '15-19 år', "
                       "'20 år', '75 år eller eldre', 'Alle aldre' or 15_74)", lk__calc_side_name(side), c->info[cell->age - 1].s);
        if (!any || lo[d] < span_lo) span_lo = lo[d];
        if (!any || hi[d] > span_hi) span_hi = hi[d];
        any = 1;
    }
    if (rc == LK_OK && !any) { /* no age band on this side: the old rule, for the whole side */
        a->no_bands = 1;
        char msg[512];
        uint64_t none = 0;
        int ok = choose_group(c, side, &none, 1, lo, hi, str, want_lo, want_hi, msg, sizeof msg);
        if (ok < 0) rc = LK_ENOMEM;
        else if (!ok) rc = lk__calc_fail(c, LK_EDATA, "%s", msg);
    }
    if (rc != LK_OK || a->no_bands) goto done;
    int no_ages = want_lo < 0;
    if (no_ages) { /* no ages asked for: the span of all bands of the side, each age once, everywhere */
        want_lo = span_lo;
        want_hi = span_hi;
    }
    /* compact region numbers and the band set of each (region, period) key, from the cells that
     * count (those with the required totals) */
    a->n_p = c->n_p ? c->n_p : 1;
    a->words = (n_a + 63) / 64;
    uint32_t nreg = 0;
    if (!(a->rix = calloc(c->n_rt ? c->n_rt : 1, sizeof *a->rix))) rc = LK_ENOMEM;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side == side && !a->rix[cell->region - 1]) a->rix[cell->region - 1] = ++nreg;
    }
    size_t keys = (size_t)nreg * a->n_p;
    if (rc == LK_OK && (!(a->grp = calloc(keys ? keys : 1, sizeof *a->grp))
                        || !(a->set = calloc((keys ? keys : 1) * a->words, sizeof *a->set))))
        rc = LK_ENOMEM;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side != side || (cell->mask & *required) != *required) continue;
        size_t k = age_key(c, a, cell);
        a->grp[k] = 1; /* present */
        if (cell->age) {
            uint32_t d = c->info[cell->age - 1].dense_a - 1;
            a->set[k * a->words + d / 64] |= 1ull << (d % 64);
        }
    }
    /* group equal sets: each group's set is moved down to position g (g <= k, so no key's set is
     * overwritten before it is read) */
    size_t cap = 64;
    uint32_t *table = rc == LK_OK ? calloc(cap, sizeof *table) : NULL; /* group + 1 */
    if (rc == LK_OK && !table) rc = LK_ENOMEM;
    for (size_t k = 0; k < keys && rc == LK_OK; k++) {
        if (!a->grp[k]) continue;
        const uint64_t *v = &a->set[k * a->words];
        uint64_t h = set_hash(v, a->words);
        size_t j = (size_t)h & (cap - 1);
        while (table[j] && memcmp(&a->set[(size_t)(table[j] - 1) * a->words], v, a->words * sizeof *v) != 0)
            j = (j + 1) & (cap - 1);
        if (!table[j]) {
            size_t g = a->n_groups++;
            if (g != k) memcpy(&a->set[g * a->words], v, a->words * sizeof *v);
            table[j] = (uint32_t)g + 1;
            if (a->n_groups * 2 > cap) { /* grow: rehash the groups */
                size_t ncap = cap * 2;
                uint32_t *t = calloc(ncap, sizeof *t);
                if (!t) {
                    rc = LK_ENOMEM;
                    break;
                }
                for (size_t x = 0; x < a->n_groups; x++) {
                    size_t y = (size_t)set_hash(&a->set[x * a->words], a->words) & (ncap - 1);
                    while (t[y]) y = (y + 1) & (ncap - 1);
                    t[y] = (uint32_t)x + 1;
                }
                free(table);
                table = t;
                cap = ncap;
            }
            a->grp[k] = (uint32_t)g + 1;
        } else {
            a->grp[k] = table[j];
        }
    }
    free(table);
    if (rc == LK_OK && (!(a->fail = calloc(a->n_groups ? a->n_groups : 1, 1))
                        || !(a->empty = calloc(a->n_groups ? a->n_groups : 1, 1))))
        rc = LK_ENOMEM;
    char first[512] = "";
    size_t n_ok = 0;
    /* No ages asked for: one choice over the bands of the whole side (a total or its parts, each
     * age once), and each region sums those of them it has: its observations, whatever their
     * ages, as an ad hoc "numerator over denominator" means. Asked for ages are a region's own. */
    uint64_t *global = NULL;
    if (rc == LK_OK && no_ages) {
        if (!(global = calloc(a->words ? a->words : 1, sizeof *global))) rc = LK_ENOMEM;
        for (uint32_t d = 0; d < n_a && rc == LK_OK; d++)
            if (str[d]) global[d / 64] |= 1ull << (d % 64);
        char msg[512];
        int ok = rc == LK_OK ? choose_group(c, side, global, a->words, lo, hi, str, want_lo, want_hi, msg, sizeof msg) : 1;
        if (ok < 0) rc = LK_ENOMEM;
        else if (!ok) rc = lk__calc_fail(c, LK_EDATA, "%s", msg);
    }
    for (size_t g = 0; g < a->n_groups && rc == LK_OK; g++) {
        uint64_t *v = &a->set[g * a->words];
        int empty = 1;
        for (uint32_t w = 0; w < a->words && empty; w++) empty = v[w] == 0;
        char msg[512];
        if (global) {
            for (uint32_t w = 0; w < a->words; w++) v[w] &= global[w];
            n_ok++;
            a->fail[g] = 0;
            a->empty[g] = (unsigned char)empty;
            continue;
        }
        int ok = choose_group(c, side, v, a->words, lo, hi, str, want_lo, want_hi, msg, sizeof msg);
        if (ok < 0) rc = LK_ENOMEM;
        else if (ok) n_ok++;
        else if (!first[0]) snprintf(first, sizeof first, "%s", msg);
        a->fail[g] = ok == 0;
        a->empty[g] = (unsigned char)empty;
    }
    free(global);
    /* no region could be covered: the whole computation fails, with the first reason */
    if (rc == LK_OK && a->n_groups && !n_ok) rc = lk__calc_fail(c, LK_EDATA, "%s", first);
done:
    free(str);
    free(lo);
    free(hi);
    return rc;
}

/* 1: the cell counts, 0: it does not, -1: it would, but its region's bands cannot cover the ages. */
int lk__calc_chosen(const lk_calc *c, const agechoice *a, uint32_t required, const ccell *cell)
{
    if ((cell->mask & required) != required) return 0;
    if (a->no_bands) return 1; /* no cell of the side has an age band */
    size_t k = age_key(c, a, cell), g = a->grp[k] - 1;
    if (a->fail[g]) return -1;
    if (!cell->age) return a->empty[g];
    uint32_t d = c->info[cell->age - 1].dense_a - 1;
    return (a->set[g * a->words + d / 64] >> (d % 64)) & 1;
}
