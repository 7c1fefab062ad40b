/* Two computations of one definition joined (the two parts of a split file). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

static int merge_side(lk_calc *dst, const lk_calc *src, int side, uint32_t *map);

/* dst's id of src's string id, looked up once per string (map[id] 0: not yet). */
static uint32_t mapped_id(lk_calc *dst, const lk_calc *src, uint32_t *map, uint32_t id)
{
    if (!map[id]) map[id] = lk__calc_string_id(dst, src->info[id - 1].s);
    return map[id];
}

int lk_calc_merge(lk_calc *dst, const lk_calc *src)
{
    if (!dst || !src || dst->ind != src->ind) return LK_EINVAL;
    if (dst->var) return lk__variants_merge(dst->var, src->var);
    return lk__calc_merge_same(dst, src);
}

/* The merge itself, for two computations of one definition (the children of two lk__variants
 * hold copies of the first definition: equal, at other addresses). */
int lk__calc_merge_same(lk_calc *dst, const lk_calc *src)
{
    uint32_t *map = calloc((size_t)src->n_info + 1, sizeof *map);
    if (!map) return LK_ENOMEM;
    int rc = LK_OK;
    for (int side = NUM; side <= DEN && rc == LK_OK; side++) rc = merge_side(dst, src, side, map);
    free(map);
    for (size_t w = 0; w < dst->opts.n_where && w < src->opts.n_where && rc == LK_OK; w++) {
        struct wseen *d = &dst->wseen[w];
        const struct wseen *x = &src->wseen[w];
        d->name_seen |= x->name_seen;
        d->value_seen |= x->value_seen;
        for (size_t i = 0; i < x->n_names && rc == LK_OK; i++) rc = lk__calc_seen_add(dst, d->names, &d->n_names, 16, x->names[i]);
        for (size_t i = 0; i < x->n_values && rc == LK_OK; i++) rc = lk__calc_seen_add(dst, d->values, &d->n_values, 24, x->values[i]);
    }
    /* what the other part saw that makes the whole an error, or names what was missing */
    struct unused *du[2] = { &dst->unused_years, &dst->unused_months };
    const struct unused *su[2] = { &src->unused_years, &src->unused_months };
    for (int k = 0; k < 2; k++) {
        if (su[k]->n && !du[k]->n) memcpy(du[k]->first, su[k]->first, sizeof du[k]->first);
        du[k]->n += su[k]->n;
    }
    for (int side = NUM; side <= DEN && rc == LK_OK; side++) {
        dst->thousands[side] |= src->thousands[side];
        dst->from_month[side] |= src->from_month[side];
        dst->from_year[side] |= src->from_year[side];
        if (src->sel_miss[side] && !dst->sel_miss[side]) {
            dst->miss_no_dim[side] = src->miss_no_dim[side];
            if (src->miss_measure[side] && !(dst->miss_measure[side] = lk__calc_intern(dst, src->miss_measure[side]))) rc = LK_ENOMEM;
            for (size_t i = 0; i < src->n_miss_values[side] && rc == LK_OK; i++)
                if (!(dst->miss_clause_values[side][i] = lk__calc_intern(dst, src->miss_clause_values[side][i]))) rc = LK_ENOMEM;
            if (rc == LK_OK) dst->n_miss_values[side] = src->n_miss_values[side];
        }
        dst->sel_miss[side] += src->sel_miss[side];
        for (size_t k = 0; k < dst->sel[side].n && rc == LK_OK; k++) { /* the categories each part took */
            const char *a = dst->sel_first[side][k], *b = src->sel_first[side][k];
            if (!b) continue;
            if (!a) {
                if (!(dst->sel_first[side][k] = lk__calc_intern(dst, b))) rc = LK_ENOMEM;
            } else if (strcmp(a, b) != 0 && !dst->sel_clash[side]) {
                dst->sel_clash[side] = 1;
                dst->sel_clash_clause[side] = k;
                if (!(dst->sel_second[side] = lk__calc_intern(dst, b))) rc = LK_ENOMEM;
            }
        }
        if (src->sel_clash[side] && !dst->sel_clash[side] && rc == LK_OK) {
            size_t k = src->sel_clash_clause[side];
            dst->sel_clash[side] = 1;
            dst->sel_clash_clause[side] = k;
            dst->sel_first[side][k] = lk__calc_intern(dst, src->sel_first[side][k]);
            dst->sel_second[side] = lk__calc_intern(dst, src->sel_second[side]);
            if (!dst->sel_first[side][k] || !dst->sel_second[side]) rc = LK_ENOMEM;
        }
    }
    if (rc == LK_OK && src->has_bad && !dst->has_bad) {
        dst->bad = src->bad;
        dst->bad.measure = lk__calc_intern(dst, src->bad.measure);
        dst->bad.unit = lk__calc_intern(dst, src->bad.unit ? src->bad.unit : "");
        if (!dst->bad.measure || !dst->bad.unit) rc = LK_ENOMEM;
        else dst->has_bad = 1;
    }
    return rc;
}

static int merge_side(lk_calc *dst, const lk_calc *src, int side, uint32_t *map)
{
    const side_dims *sd = &src->dims[side];
    side_dims *dd = &dst->dims[side];
    uint32_t remap[LK_MAX_DIMS];
    for (size_t d = 0; d < sd->n; d++) { /* the same dimension may have another index here */
        size_t k = 0;
        while (k < dd->n && strcmp(dd->name[k], sd->name[d]) != 0) k++;
        if (k == dd->n) {
            if (dd->n == LK_MAX_DIMS) return lk__calc_fail(dst, LK_ELIMIT, "more than %d dimensions", LK_MAX_DIMS);
            dd->name[dd->n] = lk__calc_intern(dst, sd->name[d]);
            if (!dd->name[dd->n]) return LK_ENOMEM;
            dd->n++;
        }
        if (sd->has_total[d]) dd->has_total[k] = 1;
        remap[d] = (uint32_t)k;
    }
    for (size_t i = 0; i < sd->n_measures; i++) {
        if (lk__calc_note_measure(dst, side, sd->measures[i]) != LK_OK) return LK_ENOMEM;
        if (dd->cur < 0 || !dd->periods) continue; /* one measure in all: nothing to compare */
        if (!sd->periods) lk__calc_backfill_periods(src, side, &dd->periods[dd->cur][0]); /* not noted row by row */
        else
            for (size_t b = 0; b < sizeof sd->periods[i]; b++) dd->periods[dd->cur][b] |= sd->periods[i][b];
    }
    if (sd->overflow) dd->overflow = 1;
    for (size_t i = 0; i < src->n_cells; i++) {
        const ccell *x = &src->cells[i];
        if (x->side != side) continue;
        const struct strinfo *ri = &src->info[x->region - 1], *pi = &src->info[x->period - 1];
        uint32_t rid = mapped_id(dst, src, map, x->region), pid = mapped_id(dst, src, map, x->period);
        uint32_t age = x->age ? mapped_id(dst, src, map, x->age) : 0;
        if (!rid || !pid || (x->age && !age)) return LK_ENOMEM;
        uint32_t mask = x->mask & SEX_BITS;
        for (size_t d = 0; d < sd->n; d++)
            if (x->mask & (1u << d)) mask |= 1u << remap[d];
        ccell *y = lk__calc_cell_for(dst, side, rid, pid, age, mask, ri->name ? ri->name : "", ri->level, &pi->pinfo, NULL);
        if (!y) return dst->errmsg[0] ? LK_ELIMIT : LK_ENOMEM;
        y->sum += x->sum;
        y->values += x->values;
        y->n_missing += x->n_missing;
        if (x->missing && !y->missing && !(y->missing = mapped_id(dst, src, map, x->missing))) return LK_ENOMEM;
    }
    return LK_OK;
}
