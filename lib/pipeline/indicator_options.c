/* The indicators the options ask for (pipeline_internal.h): built-in or defined ones by id, a
 * caller's definition, or one made on the spot from a numerator and a denominator (or a
 * published rate alone); narrowed to the ages asked for, and given the published rate named.
 * Indicators of incompatible definitions are never put side by side. */
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

/* A measure pattern as the name of an ad hoc indicator: "~18-24 år" and "=Personer" are named
 * by their words. */
static const char *pattern_name(const char *pattern)
{
    return pattern[0] == '=' || pattern[0] == '~' ? pattern + 1 : pattern;
}

/* A side that takes nothing: a rate-only indicator has no counts. */
static lk_side no_side(void)
{
    lk_side s;
    memset(&s, 0, sizeof s);
    s.measure = s.table = s.where = "";
    s.age_lo = s.age_hi = s.table_lo = s.table_hi = -1;
    s.file = -1;
    s.multiplier = 1.0;
    return s;
}

static void made_on_the_spot(lk_indicator *c, const lk_pipeline_opts *o)
{
    int counts = o->numerator && o->denominator;
    memset(c, 0, sizeof *c);
    c->id = "custom";
    c->name_nb = c->name_en = counts                            ? *o->numerator->measure ? pattern_name(o->numerator->measure) : "teller/nevner"
                              : *o->rate->measure ? pattern_name(o->rate->measure) : "publisert rate";
    c->num = counts ? *o->numerator : no_side();
    c->den = counts ? *o->denominator : no_side();
    if (o->rate) c->rate = *o->rate;
    else c->rate = c->num, c->rate.measure = "";
    c->num.age_lo = c->den.age_lo = c->rate.age_lo = o->ages_lo;
    c->num.age_hi = c->den.age_hi = c->rate.age_hi = o->ages_hi;
    c->scale = o->scale;
    /* the limits a definition file gets by default (FHI's practice: fewer than 5 cases, a
     * population under 10; no case limit for amounts), so an ad hoc district figure is
     * protected as a defined one is */
    c->suppress_min_numerator = o->scale == LK_SCALE_KRONER ? 0 : 5;
    c->suppress_min_denominator = 10;
    c->higher_is_worse = 1;
    c->family = c->source = c->reference = c->needs = c->base = c->variant = "";
    c->source = "Kilde: inndatafilene";
    c->definition_nb = counts ? "Egendefinert indikator: teller delt på nevner (summer av tellinger)."
                              : "Publisert rate fra inndatafilen, brukt som publisert.";
    c->definition_en = counts ? "User-defined indicator: numerator divided by denominator (sums of counts)."
                              : "A rate published in the input file, used as published.";
}

/* --ages narrows a defined indicator and each of its source definitions (youth unemployment
 * from the all-ages one); a rate named beside it is its value where there are no counts. */
static int adjusted(pl_indicator *m, const lk_indicator *ind, const lk_pipeline_opts *o)
{
    m->ind = *ind;
    if (o->ages_lo >= 0) {
        m->ind.num.age_lo = m->ind.den.age_lo = m->ind.rate.age_lo = o->ages_lo;
        m->ind.num.age_hi = m->ind.den.age_hi = m->ind.rate.age_hi = o->ages_hi;
        if (ind->n_variants) {
            m->variant_copies = calloc(ind->n_variants, sizeof *m->variant_copies);
            m->variant_list = calloc(ind->n_variants, sizeof *m->variant_list);
            if (!m->variant_copies || !m->variant_list) return LK_ENOMEM;
            for (size_t v = 0; v < ind->n_variants; v++) {
                m->variant_copies[v] = *ind->variants[v];
                m->variant_copies[v].num.age_lo = m->variant_copies[v].den.age_lo = o->ages_lo;
                m->variant_copies[v].num.age_hi = m->variant_copies[v].den.age_hi = o->ages_hi;
                m->variant_list[v] = &m->variant_copies[v];
            }
            m->ind.variants = m->variant_list;
        }
    }
    if (o->rate) {
        lk_side rs = *o->rate;
        if (!*rs.measure) { /* FILE alone: the definition's rate, from that file */
            rs.measure = ind->rate.measure;
            rs.table = ind->rate.table;
        }
        rs.age_lo = o->ages_lo >= 0 ? o->ages_lo : ind->rate.age_lo;
        rs.age_hi = o->ages_lo >= 0 ? o->ages_hi : ind->rate.age_hi;
        m->ind.rate = rs;
    }
    return LK_OK;
}

static int unknown(lk_pipeline *p, const char *id)
{
    char list[1024] = "";
    size_t k = 0;
    for (size_t i = 0; i < lk_registry_count(p->reg) && k + 1 < sizeof list; i++) {
        const lk_indicator *d = lk_registry_get(p->reg, i);
        if (*d->base) continue; /* a source definition of another */
        size_t w = strlen(d->id);
        if (k + w + 2 >= sizeof list) break;
        list[k++] = ' ';
        memcpy(list + k, d->id, w + 1);
        k += w;
    }
    return lk__pl_fail(p, LK_EINVAL, "unknown indicator '%s' (expected one of:%s)", id, list);
}

/* Unemployment (and other measures) exist in incompatible definitions (NAV, SSB, FHI): two of
 * them side by side would read as one series. */
static int families(lk_pipeline *p)
{
    for (size_t i = 0; i < p->n_inds; i++)
        for (size_t k = i + 1; k < p->n_inds; k++) {
            const lk_indicator *a = p->inds[i], *b = p->inds[k];
            if (!*a->family || !*b->family || strcmp(a->family, b->family) == 0) continue;
            if (a->name_en && b->name_en && strncmp(a->name_en, b->name_en, 12) == 0)
                return lk__pl_fail(p, LK_EINVAL, "'%s' (%s) and '%s' (%s) follow incompatible definitions (expected "
                                   "indicators of one definition family side by side)", a->id, a->family, b->id, b->family);
        }
    return LK_OK;
}

int lk__pl_indicators(lk_pipeline *p, const lk_pipeline_opts *o)
{
    const char *const *ids = o->n_indicators ? o->indicators : o->indicator ? &o->indicator : NULL;
    size_t n = o->n_indicators ? o->n_indicators : ids || o->definition ? 1 : 0;
    int adhoc = !ids && !o->definition;
    if (adhoc && (!o->numerator) != (!o->denominator))
        return lk__pl_fail(p, LK_EINVAL, "a numerator without a denominator (expected both, or a published rate)");
    if (adhoc && !(o->numerator && o->denominator) && !o->rate)
        return lk__pl_fail(p, LK_EINVAL, "no indicator (expected an indicator id, a numerator and a denominator, "
                           "or a published rate)");
    if (!adhoc && (o->numerator || o->denominator))
        return lk__pl_fail(p, LK_EINVAL, "an indicator and a numerator/denominator together (expected one of them)");
    if (adhoc) n = 1;
    p->inds = calloc(n, sizeof *p->inds);
    p->made = calloc(n, sizeof *p->made);
    p->reps = calloc(n, sizeof *p->reps);
    p->with_rate = calloc(n, sizeof *p->with_rate);
    if (!p->inds || !p->made || !p->reps || !p->with_rate) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    p->n_inds = n;
    /* the built-in definitions are read only when an indicator is named */
    int rc = LK_OK;
    if ((ids || o->indicators_file) && (rc = lk_registry_new(&p->reg)) != LK_OK)
        return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_registry_errmsg(p->reg));
    if (o->indicators_file && (rc = lk_registry_load(p->reg, o->indicators_file)) != LK_OK)
        return lk__pl_fail(p, rc, "%s", lk_registry_errmsg(p->reg));
    for (size_t i = 0; i < n; i++) {
        const lk_indicator *ind = o->definition;
        if (ids && !(ind = lk_registry_find(p->reg, ids[i] ? ids[i] : ""))) return unknown(p, ids[i] ? ids[i] : "");
        if (adhoc) {
            made_on_the_spot(&p->made[i].ind, o);
            ind = &p->made[i].ind;
        } else if (o->ages_lo >= 0 || o->rate) {
            if (adjusted(&p->made[i], ind, o) != LK_OK) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
            ind = &p->made[i].ind;
        }
        if ((o->rate || *ind->rate.measure) && o->window > 1)
            return lk__pl_fail(p, LK_EINVAL, "--window with a published rate (expected counts: a rate cannot be summed "
                               "over years; use the file's own multi-year rate)");
        p->inds[i] = ind;
        p->with_rate[i] = o->rate || *ind->rate.measure;
    }
    return families(p);
}

void lk__pl_indicators_free(lk_pipeline *p)
{
    for (size_t i = 0; p->made && i < p->n_inds; i++) {
        free(p->made[i].variant_copies);
        free(p->made[i].variant_list);
    }
    free(p->made);
    free(p->with_rate);
    free((void *)p->inds);
}
