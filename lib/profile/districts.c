/* The districts of a profile (issue 16, "Districts", with --zones): per indicator the table of
 * every zone of the area's kommune in the latest period with zone data, from one pipeline run
 * over all regions (so the zones' small counts are protected together, as `report --all` does);
 * the inequality between the shown zones (lib/statistics/inequality.c); and the composite
 * levekårsindeks over the indicators that have zone tables (lib/statistics/composite.c).
 * A hidden zone is passed on as having no value, with its reason: never as a number. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profile_internal.h"

static int nomem(lk_profile *p)
{
    snprintf(p->errmsg, sizeof p->errmsg, "out of memory");
    return LK_ENOMEM;
}

/* The kommune of the districts: the area itself, or the kommune of the zone the area is. */
static const char *kommune_of(const lk_zones *z, const char *area)
{
    for (size_t i = 0; i < lk_zones_count(z); i++) {
        const lk_zone *zz = lk_zones_get(z, i);
        if (strcmp(zz->kommune, area) == 0) return area;
        if (strcmp(zz->code, area) == 0) return zz->kommune;
    }
    return area;
}

/* The latest period in which some zone of the list has a value ("" when none has). */
static const char *latest_period(const lk_report *r, const lk_zones *z, const char *kommune)
{
    const char *best = "";
    for (size_t k = 0; k < lk_report_count(r); k++) {
        const lk_report_row *w = lk_report_get(r, k);
        if (w->level != LK_LEVEL_ZONE || !w->has_value || strcmp(w->period, best) <= 0) continue;
        for (size_t i = 0; i < lk_zones_count(z); i++) {
            const lk_zone *zz = lk_zones_get(z, i);
            if (strcmp(zz->kommune, kommune) == 0 && strcmp(zz->code, w->region) == 0) {
                best = w->period;
                break;
            }
        }
    }
    return best;
}

static int inequality(lk_profile *p, lk_profile_item *it, struct lk__profile_dist *d)
{
    lk_profile_districts *t = &it->districts;
    size_t n = t->n;
    double *x = calloc(n + 1, sizeof *x), *m = calloc(n + 1, sizeof *m);
    int *has = calloc(n + 1, sizeof *has);
    const char **why = calloc(n + 1, sizeof *why), **names = calloc(n + 1, sizeof *names);
    int rc = LK_OK;
    if (!x || !m || !has || !why || !names) rc = LK_ENOMEM;
    else {
        int counts = 1;
        for (size_t i = 0; i < n; i++) {
            const lk_report_row *w = t->rows[i];
            names[i] = w ? w->region_name : d->zones[i]->name;
            why[i] = w ? lk__profile_missing(p, w) : (lk__profile_nb(p) ? "ikke i dataene" : "not in the data");
            has[i] = w && w->has_value;
            if (has[i] && (!w->has_counts || w->published)) counts = 0;
            if (has[i] && counts) x[i] = w->numerator, m[i] = w->denominator;
        }
        lk_ineq_input in = LK_INEQ_INPUT_INIT;
        lk_ineq_opts o = LK_INEQ_OPTS_INIT;
        o.omit_missing = 1;
        o.level = p->ropts.level > 0 && p->ropts.level < 1 ? p->ropts.level : 0.95;
        in.n = n, in.numerator = x, in.denominator = m, in.has_value = has, in.why = why, in.names = names;
        if (!counts)
            snprintf(d->ineq_why, sizeof d->ineq_why, "%s", lk__profile_nb(p) ? "ulikhet krever tellinger (teller og nevner), ikke publiserte rater"
                                                                               : "inequality needs counts (numerator and denominator), not published rates");
        else if ((rc = lk_ineq_compute(&in, &o, &d->ineq)) == LK_OK) t->ineq = &d->ineq;
        else if (rc != LK_ENOMEM) rc = LK_OK, snprintf(d->ineq_why, sizeof d->ineq_why, "%s", d->ineq.errmsg);
    }
    free(x), free(m), free(has), free(why), free(names);
    t->ineq_why = d->ineq_why;
    return rc == LK_ENOMEM ? nomem(p) : LK_OK;
}

/* The table of one item: its zones' run (every region, so that the zones are protected as a
 * set), the latest period with a zone value, every zone of the kommune in it. */
static int table(lk_profile *p, size_t i, const char *const *files, size_t n_files, const lk_profile_opts *o)
{
    lk_profile_item *it = &p->items[i];
    struct lk__profile_dist *d = &p->dist[i];
    lk_profile_districts *t = &it->districts;
    int nb = lk__profile_nb(p);
    t->why = d->why, t->ineq_why = d->ineq_why, t->period = "";
    const char *kommune = kommune_of(p->zone_list, o->area);
    size_t nz = lk_zones_count(p->zone_list);
    if (!(d->zones = calloc(nz + 1, sizeof *d->zones)) || !(d->rows = calloc(nz + 1, sizeof *d->rows))) return nomem(p);
    for (size_t k = 0; k < nz; k++)
        if (strcmp(lk_zones_get(p->zone_list, k)->kommune, kommune) == 0) d->zones[t->n++] = lk_zones_get(p->zone_list, k);
    t->zones = d->zones, t->rows = d->rows;
    if (!it->report) {
        snprintf(d->why, sizeof d->why, "%s", nb ? "ingen data for indikatoren" : "no data for the indicator");
        return LK_OK;
    }
    if (!t->n) {
        snprintf(d->why, sizeof d->why, nb ? "sonefilen har ingen soner i %s" : "the zone file has no zone in %s", kommune);
        return LK_OK;
    }
    lk_pipeline_opts po = o->pipeline;
    po.indicator = it->ind->id;
    po.indicators = NULL, po.n_indicators = 0, po.definition = NULL;
    po.areas = NULL, po.n_areas = 0, po.all = 1;
    int rc = lk_pipeline_run(&p->zruns[i], files, n_files, &po);
    if (!p->zruns[i]) return nomem(p);
    if (rc == LK_ENOMEM) return nomem(p);
    if (rc == LK_EIO) { /* a file the area's run read and this one could not: the profile fails */
        snprintf(p->errmsg, sizeof p->errmsg, "%s", lk_pipeline_errmsg(p->zruns[i]));
        return rc;
    }
    if (rc != LK_OK) { /* the area's run had data; this one cannot have zones either way */
        snprintf(d->why, sizeof d->why, "%s", lk_pipeline_errmsg(p->zruns[i]));
        return LK_OK;
    }
    const lk_report *r = lk_pipeline_report(p->zruns[i]);
    const char *period = latest_period(r, p->zone_list, kommune);
    if (!*period) { /* no zone with a value: the latest period with any zone row (all hidden?) */
        for (size_t k = 0; k < lk_report_count(r); k++) {
            const lk_report_row *w = lk_report_get(r, k);
            if (w->level != LK_LEVEL_ZONE || strcmp(w->period, period) <= 0) continue;
            for (size_t z = 0; z < t->n; z++)
                if (strcmp(d->zones[z]->code, w->region) == 0) period = w->period;
        }
    }
    if (!*period) {
        snprintf(d->why, sizeof d->why, nb ? "ingen sone i %s i dataene for indikatoren (trenger tall for grunnkretser)"
                                           : "no zone of %s in the data of the indicator (needs figures by grunnkrets)", kommune);
        return LK_OK;
    }
    t->period = period;
    for (size_t k = 0; k < lk_report_count(r); k++) {
        const lk_report_row *w = lk_report_get(r, k);
        if (strcmp(w->period, period) != 0) continue;
        if (w->level == LK_LEVEL_KOMMUNE && strcmp(w->region, kommune) == 0) t->kommune = w;
        if (w->level != LK_LEVEL_ZONE) continue;
        for (size_t z = 0; z < t->n; z++)
            if (!d->rows[z] && strcmp(d->zones[z]->code, w->region) == 0) d->rows[z] = w;
    }
    for (size_t z = 0; z < t->n; z++) {
        const lk_report_row *w = d->rows[z];
        t->n_shown += w && w->has_value;
        t->n_hidden += w && !w->has_value && strncmp(w->status, "~suppressed", 11) == 0;
    }
    if (!t->n_shown && !t->n_hidden) { /* rows without values for other reasons: say why once, not per zone */
        const char *st = "";
        for (size_t z = 0; z < t->n && !*st; z++)
            if (d->rows[z]) st = d->rows[z]->status;
        snprintf(d->why, sizeof d->why, nb ? "ingen sone i %s har verdi i %s (%s)" : "no zone of %s has a value in %s (%s)", kommune, period,
                 *st ? st : (nb ? "ikke i dataene" : "not in the data"));
        return LK_OK;
    }
    return inequality(p, it, d);
}

static int composite(lk_profile *p)
{
    lk_profile_composite *c = &p->comp;
    int nb = lk__profile_nb(p);
    c->why = p->comp_why, c->note = p->comp_note;
    size_t nj = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        if (!it->neutral && !*it->districts.why && it->districts.n_shown >= 2) p->comp_items[nj++] = i;
    }
    c->items = p->comp_items;
    c->n_indicators = nj;
    if (nj < 2) {
        snprintf(p->comp_why, sizeof p->comp_why,
                 nb ? "Levekårsindeksen er ikke beregnet: den trenger minst 2 indikatorer med tall for sonene, og dataene gir %zu"
                    : "The composite index is not computed: it needs at least 2 indicators with zone figures, and the data give %zu", nj);
        return LK_OK;
    }
    /* the districts: the zones of the first table with a value in some indicator (the tables
     * list the same zones, those of the kommune, in the same order) */
    const lk_profile_districts *t0 = &p->items[p->comp_items[0]].districts;
    size_t nd = 0, nn = 0;
    for (size_t z = 0; z < t0->n; z++) {
        int any = 0;
        for (size_t j = 0; j < nj; j++) {
            const lk_report_row *w = p->items[p->comp_items[j]].districts.rows[z];
            any |= w && w->has_value;
        }
        if (any) p->comp_zones[nd++] = t0->zones[z];
        else nn += (size_t)snprintf(p->comp_note + nn, nn < sizeof p->comp_note ? sizeof p->comp_note - nn : 0, "%s%s", nn ? ", " : (nb ? "uten verdi i noen indikator (utelatt): " : "without a value in any indicator (left out): "), t0->zones[z]->name);
    }
    c->zones = p->comp_zones;
    c->n_districts = nd;
    double *v = calloc(nd * nj + 1, sizeof *v);
    int *has = calloc(nd * nj + 1, sizeof *has), *dir = calloc(nj + 1, sizeof *dir);
    const char **why = calloc(nd * nj + 1, sizeof *why), **dn = calloc(nd + 1, sizeof *dn), **in_ = calloc(nj + 1, sizeof *in_);
    int rc = LK_OK;
    if (!v || !has || !dir || !why || !dn || !in_) rc = LK_ENOMEM;
    else {
        for (size_t j = 0; j < nj; j++) {
            const lk_profile_item *it = &p->items[p->comp_items[j]];
            dir[j] = it->ind->higher_is_worse ? LK_COMP_HIGHER_WORSE : LK_COMP_HIGHER_BETTER;
            in_[j] = lk__profile_name(p, it->ind);
            for (size_t i = 0, z = 0; z < t0->n; z++) {
                if (i == nd || p->comp_zones[i] != t0->zones[z]) continue;
                const lk_report_row *w = it->districts.rows[z];
                has[j * nd + i] = w && w->has_value;
                v[j * nd + i] = has[j * nd + i] ? w->value : 0;
                why[j * nd + i] = w ? lk__profile_missing(p, w) : "";
                i++;
            }
        }
        for (size_t i = 0; i < nd; i++) dn[i] = p->comp_zones[i]->name;
        lk_composite_input in = LK_COMPOSITE_INPUT_INIT;
        lk_composite_opts o = LK_COMPOSITE_OPTS_INIT;
        o.partial = 1;
        in.n_districts = nd, in.n_indicators = nj, in.value = v, in.has_value = has, in.why = why, in.direction = dir;
        in.district_names = dn, in.indicator_names = in_;
        rc = lk_composite_compute(&p->comp_index, &in, &o);
        if (rc == LK_OK) c->index = p->comp_index;
        else if (rc != LK_ENOMEM && p->comp_index) rc = LK_OK, snprintf(p->comp_why, sizeof p->comp_why, "%s%s", nb ? "Levekårsindeksen er ikke beregnet: " : "The composite index is not computed: ",
                      lk_composite_errmsg(p->comp_index));
        else rc = LK_ENOMEM;
    }
    free(v), free(has), free(dir), free(why), free(dn), free(in_);
    return rc == LK_ENOMEM ? nomem(p) : LK_OK;
}

int lk__profile_districts(lk_profile *p, const char *const *files, size_t n_files, const lk_profile_opts *o)
{
    if (!p->zone_list) return LK_OK;
    if (!(p->zruns = calloc(p->n_items + 1, sizeof *p->zruns)) || !(p->dist = calloc(p->n_items + 1, sizeof *p->dist))
        || !(p->comp_items = calloc(p->n_items + 1, sizeof *p->comp_items))
        || !(p->comp_zones = calloc(lk_zones_count(p->zone_list) + 1, sizeof *p->comp_zones)))
        return nomem(p);
    for (size_t i = 0; i < p->n_items; i++) {
        int rc = table(p, i, files, n_files, o);
        if (rc != LK_OK) return rc;
    }
    return composite(p);
}

void lk__profile_districts_free(lk_profile *p)
{
    for (size_t i = 0; p->zruns && i < p->n_items; i++) lk_pipeline_free(p->zruns[i]);
    for (size_t i = 0; p->dist && i < p->n_items; i++) free(p->dist[i].zones), free(p->dist[i].rows);
    free(p->zruns);
    free(p->dist);
    free(p->comp_items);
    free(p->comp_zones);
    lk_composite_free(p->comp_index);
}

const lk_profile_composite *lk_profile_composite_of(const lk_profile *p) { return p && p->zone_list ? &p->comp : NULL; }
