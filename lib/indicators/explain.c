/* Why a region has no ratio (lk_calc_explain) and what the definitions left out (lk_calc_note). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

/* Append to buf at *k (snprintf's way: *k may pass size; the text is cut, never overrun). */
static void put(char *buf, size_t size, size_t *k, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void put(char *buf, size_t size, size_t *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + (*k < size ? *k : size), *k < size ? size - *k : 0, fmt, ap);
    va_end(ap);
    if (n > 0) *k += (size_t)n;
}

int lk_calc_explain(const lk_calc *c, const char *region, char *buf, size_t size)
{
    if (!c || !region || !buf || !size) return LK_EINVAL;
    buf[0] = '\0';
    if (c->var) return lk__variants_explain(c->var, region, buf, size);
    lk_map_entry *l = lk_map_find(&c->index, 0, region, strlen(region));
    uint32_t rid = l ? (uint32_t)(uintptr_t)l->data : 0;
    if (!rid || rid > c->n_rt || !c->rt[rid - 1]) return LK_ENOTFOUND; /* no cell of this region */
    size_t k = 0;
    for (int side = NUM; side <= DEN; side++) {
        const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
        const side_dims *dd = &c->dims[side];
        uint32_t required = 0;
        for (size_t d = 0; d < dd->n; d++)
            if (dd->has_total[d]) required |= 1u << d;
        size_t n = 0, with_total = 0, values = 0;
        const char *bands[4], *missing = NULL;
        size_t n_bands = 0, more_bands = 0;
        for (size_t i = 0; i < c->n_cells; i++) {
            const ccell *x = &c->cells[i];
            if (x->side != side || x->region != rid) continue;
            n += x->values + x->n_missing;
            if ((x->mask & required) != required) continue;
            with_total += x->values + x->n_missing;
            values += x->values;
            if (x->missing && !missing) missing = c->info[x->missing - 1].s;
            if (x->age) {
                const char *b = c->info[x->age - 1].s;
                size_t j = 0;
                while (j < n_bands && bands[j] != b) j++;
                if (j == n_bands) {
                    if (n_bands < 4) bands[n_bands++] = b;
                    else more_bands = 1;
                }
            }
        }
        put(buf, size, &k, "%s%s '%s'", side == NUM ? "" : "; ", lk__calc_side_name(side),
            dd->n_measures ? dd->measures[0] : sd->measure);
        if (sd->age_lo >= 0) put(buf, size, &k, " (ages %d-%d år)", sd->age_lo, sd->age_hi);
        if (!n) {
            put(buf, size, &k, ": no observation for %s", region);
            continue;
        }
        if (!with_total) {
            put(buf, size, &k, ": %zu observation%s, none with the total category the rest of the data has (", n,
                n == 1 ? "" : "s");
            for (size_t d = 0, first = 1; d < dd->n; d++)
                if (required & (1u << d)) {
                    put(buf, size, &k, "%s'%s'", first ? "" : ", ", dd->name[d]);
                    first = 0;
                }
            put(buf, size, &k, "; keep one category with --where)");
            continue;
        }
        put(buf, size, &k, ": %zu observation%s", with_total, with_total == 1 ? "" : "s");
        if (!values) put(buf, size, &k, ", every value missing ('%s')", missing ? missing : "..");
        if (n_bands) {
            put(buf, size, &k, ", age bands");
            for (size_t j = 0; j < n_bands; j++) put(buf, size, &k, "%s '%s'", j ? "," : "", bands[j]);
            if (more_bands) put(buf, size, &k, ", ...");
        }
    }
    /* the statuses of its results, each once */
    const char *st[4];
    size_t n_st = 0;
    for (size_t i = 0; i < c->n_out; i++) {
        if (strcmp(c->out[i].region, region) != 0 || c->out[i].has_value) continue;
        size_t j = 0;
        while (j < n_st && strcmp(st[j], c->out[i].status) != 0) j++;
        if (j == n_st && n_st < 4) st[n_st++] = c->out[i].status;
    }
    for (size_t j = 0; j < n_st; j++) put(buf, size, &k, "%s%s", j ? ", " : "; status ", st[j]);
    return LK_OK;
}

const char *lk_calc_note(lk_calc *c)
{
    if (!c) return "";
    if (c->var) return lk__variants_note(c->var);
    size_t k = 0;
    c->note[0] = '\0';
    if (c->unused_years.n) {
        char yrs[32];
        if (c->ind->year_from && c->ind->year_to) snprintf(yrs, sizeof yrs, "%d-%d", c->ind->year_from, c->ind->year_to);
        else if (c->ind->year_from) snprintf(yrs, sizeof yrs, "from %d", c->ind->year_from);
        else snprintf(yrs, sizeof yrs, "up to %d", c->ind->year_to);
        int n = snprintf(c->note, sizeof c->note, "%zu observation%s outside the years of %s (%s; the first %s) not used",
                         c->unused_years.n, c->unused_years.n == 1 ? "" : "s",
                         c->ind->variant && *c->ind->variant ? c->ind->variant : c->ind->id, yrs, c->unused_years.first);
        k = n > 0 ? ((size_t)n < sizeof c->note ? (size_t)n : sizeof c->note - 1) : 0;
    }
    if (c->unused_months.n)
        snprintf(c->note + k, sizeof c->note - k, "%s%zu observation%s of months other than month %d (the first %s) not used",
                 k ? "; " : "", c->unused_months.n, c->unused_months.n == 1 ? "" : "s", c->ind->month, c->unused_months.first);
    return c->note;
}
