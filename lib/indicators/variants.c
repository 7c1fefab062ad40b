/* Several source definitions of one indicator. Registered unemployment comes from SSB 10539
 * (counts, closed in 2020) and from 13563 (annual register status, from 2021): two tables with
 * different labels, dimensions and denominators, and one series for the analyst. Each definition
 * gets a computation of its own, so its measures, categories and age bands are chosen within its
 * own data; then, per region and period, the first definition (in the order of the definition
 * file) that gives a value is taken, and the ratio names it, so a series that changes definition
 * says so instead of joining two definitions silently. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "variants.h"

struct lk__variants {
    lk_indicator first;      /* the [id] block without its list of variants (no recursion) */
    const lk_indicator **def;
    lk_calc **kid;
    int *ok;                 /* finished with results */
    size_t n;
    lk_ratio *out;           /* the chosen ratios, sorted as lk_calc's (region, then period) */
    size_t n_out;
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

int lk__variants_add(lk__variants *v, const lk_obs *o, int file)
{
    for (size_t i = 0; i < v->n; i++)
        if (covers(v->def[i], &o->period_info)) {
            int rc = lk_calc_add(v->kid[i], o, file);
            if (rc != LK_OK) return rc;
        }
    return LK_OK;
}

int lk__variants_merge(lk__variants *dst, const lk__variants *src)
{
    if (!src || src->n != dst->n) return LK_EINVAL;
    for (size_t i = 0; i < dst->n; i++) {
        int rc = lk_calc_merge(dst->kid[i], src->kid[i]);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

static int cmp_ratio(const void *a, const void *b)
{
    const lk_ratio *x = a, *y = b;
    int c = strcmp(x->region, y->region);
    if (c) return c;
    if (x->period_info.last_year != y->period_info.last_year) return x->period_info.last_year < y->period_info.last_year ? -1 : 1;
    return strcmp(x->period, y->period);
}

static const char *name_of(const lk_indicator *d)
{
    return d->variant && *d->variant ? d->variant : d->id;
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
    lk_ratio *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) return LK_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!v->ok[i]) continue;
        for (size_t j = 0; j < lk_calc_count(v->kid[i]); j++) all[n++] = *lk_calc_get(v->kid[i], j);
    }
    qsort(all, n, sizeof *all, cmp_ratio); /* stable enough: ties are settled below by definition order */
    v->out = all;
    v->n_out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_ratio(&all[i], &all[j]) == 0) j++;
        /* the first definition with a value; else the first definition's status */
        size_t best = SIZE_MAX;
        for (size_t d = 0; d < v->n && best == SIZE_MAX; d++)
            for (size_t k = i; k < j; k++)
                if (all[k].has_value && strcmp(all[k].variant, v->def[d]->variant ? v->def[d]->variant : "") == 0) {
                    best = k;
                    break;
                }
        for (size_t d = 0; d < v->n && best == SIZE_MAX; d++)
            for (size_t k = i; k < j; k++)
                if (strcmp(all[k].variant, v->def[d]->variant ? v->def[d]->variant : "") == 0) {
                    best = k;
                    break;
                }
        if (best == SIZE_MAX) best = i;
        all[v->n_out++] = all[best]; /* best >= i >= n_out: nothing still needed is overwritten */
        i = j;
    }
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
    /* each definition sums its own kommuner; the first that gives a value is taken */
    int found = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!v->ok[i]) continue;
        lk_ratio r;
        int ch = 0;
        int rc = lk_calc_aggregate(v->kid[i], parent, period, g, &r, &ch);
        if (rc == LK_ENOTFOUND) continue;
        if (rc != LK_OK) return rc;
        if (!found || (r.has_value && !out->has_value)) {
            *out = r;
            if (checked) *checked = ch;
        }
        found = 1;
        if (out->has_value) break;
    }
    return found ? LK_OK : LK_ENOTFOUND;
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
