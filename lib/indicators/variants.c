/* Several source definitions of one indicator. Registered unemployment comes from SSB 10539
 * (counts, closed in 2020) and from 13563 (annual register status, from 2021): two tables with
 * different labels, dimensions and denominators, and one series for the analyst. Each definition
 * gets a computation of its own, so its measures, categories and age bands are chosen within its
 * own data; then, per period, the first definition (in the order of the definition file) that
 * gives a value anywhere is taken for every region of that period (so an area and its fylke and
 * landet are never of two definitions), and each ratio names it, so a series that changes
 * definition says so instead of joining two definitions silently. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "variants.h"
#include "match.h"
#include "../common/obs_identity.h"

struct lk__variants {
    lk_indicator first;      /* the [id] block without its list of variants (no recursion) */
    const lk_indicator **def;
    lk_calc **kid;
    int *ok;                 /* finished with results */
    size_t n;
    lk_ratio *out;           /* the chosen ratios, sorted as lk_calc's (region, then period) */
    size_t n_out;
    struct choice { const char *period; size_t d; } *choice; /* the definition of each period, by period */
    size_t n_choice;
    const char *last_measure; /* measure_mask's memo */
    unsigned long long last_source;
    unsigned last_mask;
    size_t uncovered;        /* observations of the measures in no definition's years ... */
    char first_uncovered[LK_PERIOD_TEXT_MAX]; /* ... the first one's period */
    char note[1024];
};

int lk__variants_new(lk__variants **out, const lk_indicator *ind, const lk_calc_opts *opts)
{
    lk__variants *v = calloc(1, sizeof *v);
    if (!v) return LK_ENOMEM;
    v->first = *ind;
    v->first.variants = NULL;
    v->first.n_variants = 0;
    v->n = ind->n_variants + 1;
    v->def = calloc(v->n, sizeof *v->def);
    v->kid = calloc(v->n, sizeof *v->kid);
    v->ok = calloc(v->n, sizeof *v->ok);
    int rc = v->def && v->kid && v->ok ? LK_OK : LK_ENOMEM;
    for (size_t i = 0; i < v->n && rc == LK_OK; i++) {
        v->def[i] = i ? ind->variants[i - 1] : &v->first;
        rc = lk_calc_new(&v->kid[i], v->def[i], opts);
    }
    if (rc != LK_OK) {
        lk__variants_free(v);
        return rc;
    }
    *out = v;
    return LK_OK;
}

void lk__variants_free(lk__variants *v)
{
    if (!v) return;
    for (size_t i = 0; v->kid && i < v->n; i++) lk_calc_free(v->kid[i]);
    free(v->kid);
    free(v->def);
    free(v->ok);
    free(v->out);
    free(v->choice);
    free(v);
}

/* Does a definition apply to a period (all of its years within year_from..year_to)? */
static int covers(const lk_indicator *d, const lk_period *p)
{
    if (!p->kind) return 1;
    if (d->year_from && p->first_year < d->year_from) return 0;
    if (d->year_to && p->last_year > d->year_to) return 0;
    return 1;
}

/* Which definitions' numerators an observation's measure is (bit i: definition i; the population
 * of a denominator is every definition's and no sign of one), remembered for
 * the last measure (rows repeat it; a reader's pointers stay while its source does). */
static unsigned measure_mask(lk__variants *v, const lk_obs *o)
{
    unsigned long long source = lk__obs_source(o);
    if (source && source == v->last_source && o->measure == v->last_measure) return v->last_mask;
    unsigned mask = 0;
    for (size_t i = 0; i < v->n && i < 32; i++)
        if (lk__measure_match(o->measure, o->measure_code, v->def[i]->num.measure)) /* the numerator sets it apart */
            mask |= 1u << i;
    v->last_source = source;
    v->last_measure = o->measure;
    v->last_mask = mask;
    return mask;
}

int lk__variants_add(lk__variants *v, const lk_obs *o, int file)
{
    unsigned covering = 0;
    for (size_t i = 0; i < v->n; i++)
        if (covers(v->def[i], &o->period_info)) {
            int rc = lk_calc_add(v->kid[i], o, file);
            if (rc != LK_OK) return rc;
            if (i < 32) covering |= 1u << i;
        }
    /* one of the definitions' measures, in none of the years of the definitions it belongs to
     * (10539's label in 2021, when only 13563 applies): said, never dropped silently */
    unsigned mask = measure_mask(v, o);
    if (mask && !(mask & covering) && !v->uncovered++)
        snprintf(v->first_uncovered, sizeof v->first_uncovered, "%s", o->period);
    return LK_OK;
}

const char *lk__variants_note(lk__variants *v)
{
    size_t k = 0;
    v->note[0] = '\0';
    if (v->uncovered) {
        int n = snprintf(v->note, sizeof v->note, "%zu observation%s outside the years of the definitions of %s "
                         "their measures belong to (the first %s) not used", v->uncovered, v->uncovered == 1 ? "" : "s", v->first.id,
                         v->first_uncovered);
        k = n > 0 ? ((size_t)n < sizeof v->note ? (size_t)n : sizeof v->note - 1) : 0;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *t = lk_calc_note(v->kid[i]);
        if (!*t) continue;
        int n = snprintf(v->note + k, sizeof v->note - k, "%s%s", k ? "; " : "", t);
        if (n > 0) k += (size_t)n;
        if (k >= sizeof v->note) k = sizeof v->note - 1;
    }
    return v->note;
}

int lk__variants_merge(lk__variants *dst, const lk__variants *src)
{
    if (!src || src->n != dst->n) return LK_EINVAL;
    for (size_t i = 0; i < dst->n; i++) {
        if (strcmp(dst->def[i]->id, src->def[i]->id) != 0) return LK_EINVAL;
        if (i == 0) {
            if (src->uncovered && !dst->uncovered) memcpy(dst->first_uncovered, src->first_uncovered, sizeof dst->first_uncovered);
            dst->uncovered += src->uncovered;
        }
        int rc = lk__calc_merge_same(dst->kid[i], src->kid[i]);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

static const char *name_of(const lk_indicator *d)
{
    return d->variant && *d->variant ? d->variant : d->id;
}

/* A ratio and the definition (index) it came from. */
typedef struct tagged { lk_ratio r; size_t d; } tagged;

static int cmp_period_def(const void *a, const void *b)
{
    const tagged *x = a, *y = b;
    int c = strcmp(x->r.period, y->r.period);
    if (c) return c;
    return x->d < y->d ? -1 : x->d > y->d;
}

static int cmp_choice(const void *a, const void *b)
{
    return strcmp(((const struct choice *)a)->period, ((const struct choice *)b)->period);
}

/* The definition chosen for a period, or SIZE_MAX. */
static size_t chosen_for(const lk__variants *v, const char *period)
{
    struct choice key = { period, 0 };
    const struct choice *c = bsearch(&key, v->choice, v->n_choice, sizeof *v->choice, cmp_choice);
    return c ? c->d : SIZE_MAX;
}

int lk__variants_finish(lk__variants *v, char *errmsg, size_t size)
{
    size_t total = 0, n_ok = 0;
    for (size_t i = 0; i < v->n; i++) {
        int rc = lk_calc_finish(v->kid[i]);
        if (rc == LK_OK) {
            v->ok[i] = 1;
            n_ok++;
            total += lk_calc_count(v->kid[i]);
        } else if (rc != LK_EDATA || lk__calc_saw_data(v->kid[i])) {
            /* the definition's data is there and something is wrong with it: never skipped */
            snprintf(errmsg, size, "%s (definition %s): %s", v->first.id, name_of(v->def[i]), lk_calc_errmsg(v->kid[i]));
            return rc;
        }
    }
    if (!n_ok) { /* none found its data: say what each looked for */
        size_t k = (size_t)snprintf(errmsg, size, "no definition of '%s' found its data:", v->first.id);
        for (size_t i = 0; i < v->n && k < size; i++)
            k += (size_t)snprintf(errmsg + k, size - k, "%s %s: %s", i ? ";" : "", name_of(v->def[i]),
                                  lk_calc_errmsg(v->kid[i]));
        return LK_EDATA;
    }
    /* One definition per period, the same for every region: the first (in the order of the
     * definition file) that gives a value anywhere in that period. Chosen per region, Drammen
     * could come from 07984 and Buskerud from 13563, and the row would compare two definitions. */
    tagged *all = malloc((total ? total : 1) * sizeof *all);
    v->out = malloc((total ? total : 1) * sizeof *v->out);
    v->choice = malloc((total ? total : 1) * sizeof *v->choice);
    if (!all || !v->out || !v->choice) {
        free(all);
        return LK_ENOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!v->ok[i]) continue;
        for (size_t j = 0; j < lk_calc_count(v->kid[i]); j++) {
            all[n].r = *lk_calc_get(v->kid[i], j);
            all[n++].d = i;
        }
    }
    qsort(all, n, sizeof *all, cmp_period_def);
    v->n_choice = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, best = SIZE_MAX;
        while (j < n && strcmp(all[j].r.period, all[i].r.period) == 0) {
            if (all[j].r.has_value && best == SIZE_MAX) best = all[j].d; /* sorted by d: the first */
            j++;
        }
        if (best == SIZE_MAX) best = all[i].d; /* no value anywhere: the first definition's statuses */
        v->choice[v->n_choice].period = all[i].r.period;
        v->choice[v->n_choice++].d = best;
        i = j;
    }
    v->n_out = 0;
    for (size_t i = 0; i < n; i++)
        if (all[i].d == chosen_for(v, all[i].r.period)) v->out[v->n_out++] = all[i].r;
    free(all);
    qsort(v->out, v->n_out, sizeof *v->out, lk__ratio_cmp);
    return LK_OK;
}

size_t lk__variants_count(const lk__variants *v)
{
    return v->n_out;
}

const lk_ratio *lk__variants_get(const lk__variants *v, size_t i)
{
    return i < v->n_out ? &v->out[i] : NULL;
}

const lk_ratio *lk__variants_find(const lk__variants *v, const char *region, const char *period)
{
    size_t lo = 0, hi = v->n_out;
    while (lo < hi) { /* the first row of the region */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v->out[mid].region, region) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < v->n_out && strcmp(v->out[i].region, region) == 0; i++)
        if (strcmp(v->out[i].period, period) == 0) return &v->out[i];
    return NULL;
}

int lk__variants_aggregate(lk__variants *v, const char *parent, const char *period, const lk_geo *g,
                           lk_ratio *out, int *checked)
{
    /* the period's definition sums its own kommuner (never another definition's) */
    size_t d = chosen_for(v, period);
    if (d == SIZE_MAX || !v->ok[d]) return LK_ENOTFOUND;
    int ch = 0;
    int rc = lk_calc_aggregate(v->kid[d], parent, period, g, out, &ch);
    if (rc == LK_OK && checked) *checked = ch;
    return rc;
}

int lk__variants_explain(const lk__variants *v, const char *region, char *buf, size_t size)
{
    size_t k = 0;
    int any = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->n; i++) {
        char one[1024];
        if (lk_calc_explain(v->kid[i], region, one, sizeof one) != LK_OK) continue;
        int n = snprintf(buf + (k < size ? k : size - 1), k < size ? size - k : 1, "%sdefinition %s: %s", any ? "; " : "",
                         name_of(v->def[i]), one);
        if (n > 0) k += (size_t)n;
        any = 1;
    }
    return any ? LK_OK : LK_ENOTFOUND;
}

int lk__variants_saw_data(const lk__variants *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (lk__calc_saw_data(v->kid[i])) return 1;
    return 0;
}

lk_calc *lk__variants_calc_for(lk__variants *v, const char *period)
{
    size_t d = chosen_for(v, period);
    return d != SIZE_MAX && v->ok[d] ? v->kid[d] : NULL;
}
