/* Kommuner summed into their fylke and landet (and grunnkretser into their kommune) where
 * the data has no figure of its own (lk_calc_aggregate). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

static int build_sums(lk_calc *c, const lk_geo *g)
{
    int latest = g ? lk_geo_latest_change_year(g) : 0;
    for (size_t i = 0; i < c->n_out; i++) {
        const lk_ratio *r = &c->out[i];
        if (r->level == LK_LEVEL_GRUNNKRETS || r->level == LK_LEVEL_BYDEL) {
            /* grunnkretser and bydeler into their kommune (first four digits): completeness
             * cannot be checked (no grunnkrets list here), so such sums are marked unchecked */
            char key[96];
            int k = snprintf(key, sizeof key, "%.4s\x1f%s", r->region, r->period);
            if (k < 0 || (size_t)k >= sizeof key) continue;
            int is_new;
            lk_map_entry *l = lk_map_get(&c->sums, 0, key, (size_t)k, &is_new);
            if (!l) return LK_ENOMEM;
            psum *p = l->data;
            if (!p) {
                p = lk_arena_alloc(&c->arena, sizeof *p);
                if (!p) return LK_ENOMEM;
                memset(p, 0, sizeof *p);
                p->pinfo = r->period_info;
                p->years_used = r->years_used;
                l->data = p;
            }
            p->any = 1;
            p->known_all = p->known_latest = 0;
            if (r->has_value) {
                p->num += r->num;
                p->den += r->den;
            } else if (!p->missing) {
                p->missing = r->status;
            }
            continue;
        }
        if (r->level != LK_LEVEL_KOMMUNE) continue;
        int known = g && lk_geo_unit_at(g, r->region, r->period_info.last_year, NULL) == LK_OK;
        int known_latest = g && lk_geo_unit_at(g, r->region, latest, NULL) == LK_OK;
        for (int level = 0; level < 2; level++) {
            char key[96];
            int k = level ? snprintf(key, sizeof key, "0\x1f%s", r->period)
                          : snprintf(key, sizeof key, "%.2s\x1f%s", r->region, r->period);
            if (k < 0 || (size_t)k >= sizeof key) continue;
            int is_new;
            lk_map_entry *l = lk_map_get(&c->sums, 0, key, (size_t)k, &is_new);
            if (!l) return LK_ENOMEM;
            psum *p = l->data;
            if (!p) {
                p = lk_arena_alloc(&c->arena, sizeof *p);
                if (!p) return LK_ENOMEM;
                memset(p, 0, sizeof *p);
                p->known_all = p->known_latest = 1;
                p->pinfo = r->period_info;
                p->years_used = r->years_used;
                l->data = p;
            }
            p->any = 1;
            if (!known) p->known_all = 0;
            if (!known_latest) p->known_latest = 0;
            if (r->has_value) {
                p->num += r->num;
                p->den += r->den;
                if (strncmp(r->status, "~skipped", 8) == 0) p->skipped++;
            } else if (!p->missing) {
                p->missing = r->status;
            }
        }
    }
    return LK_OK;
}

int lk_calc_aggregate(lk_calc *c, const char *parent, const char *period, const lk_geo *g, lk_ratio *out, int *checked)
{
    if (!c || !parent || !period || !out) return LK_EINVAL;
    if (c->var) return lk__variants_aggregate(c->var, parent, period, g, out, checked);
    if (!lk_map_count(&c->sums) && c->n_out) {
        int rc = build_sums(c, g);
        if (rc != LK_OK) return rc;
    }
    size_t pl = strcmp(parent, "0") == 0 ? 0 : strlen(parent);
    char key[96];
    int k = snprintf(key, sizeof key, "%s\x1f%s", parent, period);
    if (k < 0 || (size_t)k >= sizeof key || (pl != 0 && pl != 2 && pl != 4)) return LK_ENOTFOUND;
    lk_map_entry *l = lk_map_find(&c->sums, 0, key, (size_t)k);
    if (!l || !l->data) return LK_ENOTFOUND;
    psum *p = l->data;
    if (p->done && p->done_g == g) { /* the completeness check below lists every kommune: once per key */
        *out = p->ratio;
        out->region = parent;
        out->period = period;
        if (checked) *checked = p->done_checked;
        return LK_OK;
    }
    memset(out, 0, sizeof *out);
    out->region = parent;
    out->level = pl == 0 ? LK_LEVEL_LAND : pl == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
    out->region_name = pl == 0 ? "Hele landet" : "";
    out->period = period;
    out->period_info = p->pinfo;
    out->years_used = p->years_used;
    out->num = p->num;
    out->den = p->den;
    out->status = "";
    /* Completeness, where the geography knows the codes: on the borders of the data year, or
     * (summed series that give today's codes for old years) on the latest borders. */
    int ref_year = p->known_all ? p->pinfo.last_year : p->known_latest && g ? lk_geo_latest_change_year(g) : 0;
    int complete = 1;
    if (g && ref_year) {
        size_t n = 0;
        lk_geo_units(g, LK_LEVEL_KOMMUNE, ref_year, NULL, 0, &n);
        lk_geo_unit *units = malloc((n ? n : 1) * sizeof *units);
        if (!units) return LK_ENOMEM;
        lk_geo_units(g, LK_LEVEL_KOMMUNE, ref_year, units, n, &n);
        for (size_t u = 0; u < n && complete; u++)
            if (strncmp(units[u].code, parent, pl) == 0 && !lk_calc_find(c, units[u].code, period)) complete = 0;
        free(units);
        if (pl) {
            lk_geo_unit f;
            if (lk_geo_unit_at(g, parent, ref_year, &f) == LK_OK) out->region_name = f.name;
        }
    }
    if (g && pl == 4) { /* a kommune built from its grunnkretser: its name in that year, or today */
        lk_geo_unit u;
        if (lk_geo_unit_at(g, parent, p->pinfo.last_year, &u) == LK_OK ||
            lk_geo_unit_at(g, parent, lk_geo_latest_change_year(g), &u) == LK_OK)
            out->region_name = u.name;
    }
    p->done_checked = ref_year != 0;
    if (checked) *checked = p->done_checked;
    if (!complete) out->status = "~incomplete";
    else if (p->missing) out->status = p->missing;
    else if (!isfinite(out->num) || !isfinite(out->den)) out->status = "~overflow";
    else if (out->den > 0) {
        out->has_value = 1;
        if (p->skipped) out->status = "~skipped"; /* some kommuner summed without all their parts */
        else if (pl == 4) out->status = "~unchecked"; /* the grunnkretser in the data; no list to check them against */
    } else {
        out->status = "~zero-denominator";
    }
    out->variant = c->ind->variant ? c->ind->variant : "";
    out->in_thousands = c->thousands[NUM];
    p->ratio = *out;
    p->done = 1;
    p->done_g = g;
    return LK_OK;
}

int lk_calc_has_data(const lk_calc *c)
{
    if (!c) return 0;
    return c->var ? lk__variants_saw_data(c->var) : lk__calc_saw_data(c);
}

int lk__calc_saw_data(const lk_calc *c)
{
    /* the numerator is what sets a definition apart (its table); the population denominator
     * is there for every definition */
    for (size_t i = 0; i < c->n_cells; i++)
        if (c->cells[i].side == NUM) return 1;
    return c->sel_miss[NUM] > 0 || (c->has_bad && c->bad.side == NUM);
}
