/* From the chosen cells to ratios: each (region, period) settled with its status, rolling
 * windows summed, and lk_calc_finish, count, get and find. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

/* A table slot for a (region id, period id) key: both halves mixed into the low bits. */
static size_t rslot_of(uint64_t key, size_t cap)
{
    key ^= key >> 31;
    key *= 0x9E3779B97F4A7C15ull;
    key ^= key >> 29;
    return (size_t)key & (cap - 1);
}

rcell *lk__calc_result_for(lk_calc *c, const ccell *cell)
{
    /* by (region id, period id) in an open-addressing table: one look-up per cell */
    const struct strinfo *ri = &c->info[cell->region - 1], *pi = &c->info[cell->period - 1];
    uint64_t key = (uint64_t)cell->region << 32 | cell->period;
    if ((c->n_rmap + 1) * 2 > c->cap_rmap) {
        size_t cap = c->cap_rmap ? 2 * c->cap_rmap : 1024;
        struct rslot *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < c->cap_rmap; i++) {
            if (!c->rmap[i].r) continue;
            size_t j = rslot_of(c->rmap[i].key, cap);
            while (v[j].r) j = (j + 1) & (cap - 1);
            v[j] = c->rmap[i];
        }
        free(c->rmap);
        c->rmap = v;
        c->cap_rmap = cap;
    }
    size_t j = rslot_of(key, c->cap_rmap);
    for (; c->rmap[j].r; j = (j + 1) & (c->cap_rmap - 1))
        if (c->rmap[j].key == key) return c->rmap[j].r;
    rcell *r = c->n_slab < c->cap_slab ? &c->rslab[c->n_slab++] : lk_arena_alloc(&c->arena, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->r.region = ri->s;
    r->r.region_name = ri->name ? ri->name : "";
    r->r.level = ri->level;
    r->r.period = pi->s;
    r->r.period_info = pi->pinfo;
    r->r.status = "";
    if (c->n_res == c->cap_res) {
        size_t cap = c->cap_res ? 2 * c->cap_res : 256;
        rcell **v = realloc(c->res, cap * sizeof *v);
        if (!v) return NULL;
        c->res = v;
        c->cap_res = cap;
    }
    c->res[c->n_res++] = r;
    c->rmap[j].key = key;
    c->rmap[j].r = r;
    c->n_rmap++;
    return r;
}

/* LK_ENOMEM when the ~skipped flag could not be kept (a result without its status would read
 * as complete). */
int lk__calc_settle(lk_calc *c, lk_ratio *r, const rcell *x)
{
    r->num = x->sum[NUM];
    r->den = x->sum[DEN];
    r->has_value = 0;
    /* "no data" is never a zero: a side without a cell, or whose every part was missing and
     * left out (--missing skip), has no number, whatever its sum of nothing says */
    if (x->age_fail[NUM] || x->age_fail[DEN]) r->status = "~age-bands";
    else if (x->missing) r->status = x->missing;
    else if (!(x->has[NUM] & 2)) r->status = "~no-numerator";
    else if (!(x->has[DEN] & 2)) r->status = "~no-denominator";
    else if (!isfinite(r->num) || !isfinite(r->den)) r->status = "~overflow"; /* a sum beyond the largest double */
    else if (!(r->den > 0)) r->status = "~zero-denominator";
    else {
        r->has_value = 1;
        r->status = "";
        if (x->skipped) {
            char flag[48];
            snprintf(flag, sizeof flag, "~skipped:%zu", x->skipped);
            r->status = lk__calc_intern(c, flag);
            if (!r->status) return LK_ENOMEM;
        }
    }
    return LK_OK;
}

/* Results in their order: region, then period (lk_calc_find searches it; variants.c sorts so). */
int lk__ratio_cmp(const void *a, const void *b)
{
    const lk_ratio *x = a, *y = b;
    int c = strcmp(x->region, y->region);
    if (c) return c;
    if (x->period_info.last_year != y->period_info.last_year) return x->period_info.last_year < y->period_info.last_year ? -1 : 1;
    return strcmp(x->period, y->period);
}

/* N-year windows: Σx/Σn over the years Y-N+1..Y that have both counts. */
int lk__calc_make_windows(lk_calc *c)
{
    int n = c->opts.window;
    lk_ratio *w = calloc(c->n_out ? c->n_out : 1, sizeof *w);
    if (!w) return LK_ENOMEM;
    size_t nw = 0;
    for (size_t i = 0; i < c->n_out; i++) {
        const lk_ratio *end = &c->out[i];
        if (end->period_info.kind != LK_PERIOD_YEAR) continue;
        int y = end->period_info.last_year;
        lk_ratio r = *end;
        r.num = r.den = 0;
        r.years_used = 0;
        r.status = "";
        const char *missing = NULL;
        for (size_t j = 0; j < c->n_out; j++) {
            const lk_ratio *x = &c->out[j];
            if (strcmp(x->region, end->region) != 0 || x->period_info.kind != LK_PERIOD_YEAR) continue;
            if (x->period_info.last_year <= y - n || x->period_info.last_year > y) continue;
            if (x->has_value) {
                r.num += x->num;
                r.den += x->den;
                r.years_used++;
            } else if (!missing) {
                missing = x->status;
            }
        }
        char label[32];
        snprintf(label, sizeof label, "%d-%d", y - n + 1, y);
        r.period = lk__calc_intern(c, label);
        if (!r.period) {
            free(w);
            return LK_ENOMEM;
        }
        r.period_info.kind = LK_PERIOD_RANGE;
        r.period_info.first_year = y - n + 1;
        int overflow = !isfinite(r.num) || !isfinite(r.den);
        r.has_value = r.years_used > 0 && r.den > 0 && !overflow;
        if (!r.has_value) r.status = missing ? missing : r.years_used > 0 && overflow ? "~overflow" : "~no-years";
        else if (r.years_used < n) {
            char flag[32];
            snprintf(flag, sizeof flag, "~years:%d/%d", r.years_used, n);
            r.status = lk__calc_intern(c, flag);
            if (!r.status) {
                free(w);
                return LK_ENOMEM;
            }
        }
        w[nw++] = r;
    }
    free(c->out);
    c->out = w;
    c->n_out = nw;
    return LK_OK;
}

const char *lk_calc_note(lk_calc *c);

/* Why a side got nothing: its measure was not there, or it was, without the categories. */
static int nothing_matched(lk_calc *c, int side)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    if (c->sel_miss[side]) {
        char list[512];
        lk__calc_join_list(list, sizeof list, c->miss_clause_values[side], c->n_miss_values[side]);
        if (c->miss_no_dim[side] && !c->n_miss_values[side])
            return lk__calc_fail(c, LK_EDATA, "%s: the measure '%s' is there, but without the dimension asked for in '%s' "
                         "(expected a file with that dimension and category; see levekar indicators --needs %s)",
                         lk__calc_side_name(side), c->miss_measure[side], sd->where, c->ind->base && *c->ind->base ? c->ind->base : c->ind->id);
        return lk__calc_fail(c, LK_EDATA, "%s: the measure '%s' is there, but not with the categories '%s' (the data has %s; "
                     "expected a file with them selected; see levekar indicators --needs %s)", lk__calc_side_name(side),
                     c->miss_measure[side], sd->where, list, c->ind->base && *c->ind->base ? c->ind->base : c->ind->id);
    }
    if (c->unused_months.n || c->unused_years.n)
        return lk__calc_fail(c, LK_EDATA, "%s: no observation of the measure '%s' was used: %s (expected %s)", lk__calc_side_name(side),
                     sd->measure, lk_calc_note(c), c->unused_months.n ? "the month the definition takes" : "the years of the definition");
    return lk__calc_fail(c, LK_EDATA, "%s: no observation matched the measure '%s'%s%s (expected a file with that "
                 "measure; see levekar inspect)", lk__calc_side_name(side), sd->measure, *sd->table ? " in table " : "", sd->table);
}

int lk_calc_finish(lk_calc *c)
{
    if (!c) return LK_EINVAL;
    if (c->var) return lk__variants_finish(c->var, c->errmsg, sizeof c->errmsg);
    if (c->opts.n_where && lk__calc_where_check(c) != LK_OK) return LK_EDATA;
    if (c->has_bad) {
        if (c->bad.rate_unit)
            return lk__calc_fail(c, LK_EDATA, "line %lu: %s: the measure '%s' is in '%s', not a count (expected counts "
                         "of persons; a published rate is read with --rate)", c->bad.line, lk__calc_side_name(c->bad.side),
                         c->bad.measure, c->bad.unit);
        return lk__calc_fail(c, LK_EDATA, "line %lu: %s: the measure '%s' has the value %g, which is not a count (expected "
                     "whole numbers of persons; is it a published rate or an average? a published rate is read "
                     "with --rate)", c->bad.line, lk__calc_side_name(c->bad.side), c->bad.measure, c->bad.value);
    }
    for (int side = NUM; side <= DEN; side++)
        if (c->sel_clash[side]) {
            size_t k = c->sel_clash_clause[side];
            return lk__calc_fail(c, LK_EDATA, "%s: the categories '%s' and '%s' both match '%s = %s' (expected one of them: "
                         "they would be summed; keep one in the file, or name it exactly in %s.where)", lk__calc_side_name(side),
                         c->sel_first[side][k] ? c->sel_first[side][k] : "?", c->sel_second[side] ? c->sel_second[side] : "?",
                         c->sel[side].s[k].names, c->sel[side].s[k].values, lk__calc_side_name(side));
        }
    for (int side = NUM; side <= DEN; side++)
        if (c->from_month[side] && c->from_year[side])
            return lk__calc_fail(c, LK_EDATA, "%s: both monthly figures (month %d taken as the year) and annual figures of "
                         "its measure (expected one or the other: a year and its month %d would be summed together)",
                         lk__calc_side_name(side), c->ind->month, c->ind->month);
    if (c->thousands[NUM] != c->thousands[DEN] && c->ind->scale != LK_SCALE_KRONER)
        return lk__calc_fail(c, LK_EDATA, "the %s is in thousands (a unit such as '1000 personer') and the %s is not "
                     "(expected both sides in the same unit)", lk__calc_side_name(c->thousands[NUM] ? NUM : DEN),
                     lk__calc_side_name(c->thousands[NUM] ? DEN : NUM));
    size_t per_side[2] = { 0, 0 };
    for (size_t i = 0; i < c->n_cells; i++) per_side[c->cells[i].side]++;
    for (int side = NUM; side <= DEN; side++)
        if (!per_side[side]) return nothing_matched(c, side);
    /* Room for the results at once: at most a result per region and period. Arrays made in one
     * go and prefaulted cost a fraction of the page faults of growing ones (11 us each here). */
    size_t regions = 0;
    for (uint32_t i = 0; i < c->n_rt; i++)
        if (c->rt[i]) regions++;
    size_t bound = regions * c->n_p;
    if (bound > c->n_cells) bound = c->n_cells;
    if (bound && !c->res && bound * (sizeof(rcell) + sizeof(rcell *) + 4 * sizeof(struct rslot)) <= ((size_t)64 << 20)) {
        size_t cap = 1024;
        while (cap < 2 * bound) cap *= 2;
        if (!(c->res = malloc(bound * sizeof *c->res))) return LK_ENOMEM;
        c->cap_res = bound;
        if (!(c->rmap = calloc(cap, sizeof *c->rmap))) return LK_ENOMEM;
        c->cap_rmap = cap;
        if (!(c->rslab = lk_big_calloc(bound * sizeof *c->rslab))) return LK_ENOMEM;
        c->cap_slab = bound;
        lk_prefault(c->res, bound * sizeof *c->res);
        lk_prefault(c->rmap, cap * sizeof *c->rmap);
        lk_prefault(c->rslab, bound * sizeof *c->rslab);
    }
    for (int side = NUM; side <= DEN; side++) {
        agechoice bands;
        uint32_t required;
        int rc = lk__calc_choose(c, side, &bands, &required);
        if (rc != LK_OK) {
            lk__agechoice_free(&bands);
            return rc;
        }
        double mult = side == NUM ? c->ind->num.multiplier : c->ind->den.multiplier;
        for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
            const ccell *cell = &c->cells[i];
            int ch;
            if (cell->side != side || !(ch = lk__calc_chosen(c, &bands, required, cell))) continue;
            rcell *r = lk__calc_result_for(c, cell);
            if (!r) { rc = LK_ENOMEM; break; }
            if (ch < 0) { /* said in the status, never a partial sum */
                r->age_fail[side] = 1;
                continue;
            }
            r->has[side] |= (unsigned char)(cell->values ? 3 : 1);
            r->sum[side] += cell->sum * mult;
            if (c->opts.skip_missing) {
                r->skipped += cell->n_missing; /* summed what is there; said in the status */
            } else {
                if (cell->missing && !r->missing) r->missing = c->info[cell->missing - 1].s;
                if (!cell->values && !cell->missing && !r->missing) r->missing = "..";
            }
        }
        lk__agechoice_free(&bands);
        if (rc != LK_OK) return rc;
    }
    c->out = calloc(c->n_res ? c->n_res : 1, sizeof *c->out);
    if (c->out) lk_prefault(c->out, c->n_res * sizeof *c->out);
    if (!c->out) return LK_ENOMEM;
    for (size_t i = 0; i < c->n_res; i++) {
        c->out[i] = c->res[i]->r;
        if (lk__calc_settle(c, &c->out[i], c->res[i]) != LK_OK) return LK_ENOMEM;
        c->out[i].years_used = 1;
    }
    c->n_out = c->n_res;
    qsort(c->out, c->n_out, sizeof *c->out, lk__ratio_cmp);
    if (c->opts.window > 1) {
        int rc = lk__calc_make_windows(c);
        if (rc != LK_OK) return rc;
    }
    for (size_t i = 0; i < c->n_out; i++) {
        c->out[i].variant = c->ind->variant ? c->ind->variant : "";
        c->out[i].in_thousands = c->thousands[NUM];
    }
    return LK_OK; /* out is sorted by region: lk_calc_find searches it */
}

size_t lk_calc_count(const lk_calc *c)
{
    if (c && c->var) return lk__variants_count(c->var);
    return c ? c->n_out : 0;
}

const lk_ratio *lk_calc_get(const lk_calc *c, size_t i)
{
    if (c && c->var) return lk__variants_get(c->var, i);
    return c && i < c->n_out ? &c->out[i] : NULL;
}

const lk_ratio *lk_calc_find(const lk_calc *c, const char *region, const char *period)
{
    if (!c || !region || !period) return NULL;
    if (c->var) return lk__variants_find(c->var, region, period);
    /* out is sorted by region (lk__ratio_cmp): its first row, then its periods (a few dozen) */
    size_t lo = 0, hi = c->n_out;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->out[mid].region, region) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < c->n_out && strcmp(c->out[i].region, region) == 0; i++)
        if (strcmp(c->out[i].period, period) == 0) return &c->out[i];
    return NULL;
}

/* Sum every kommune into its fylke (first two digits) and into landet, once per period. */
