/* Computing an indicator from observations, counts first: observations are summed into cells
 * by side (numerator/denominator), region, period and category; after reading, the age bands
 * and categories that cover what the definition asks for exactly once are chosen, and only
 * then are the sides divided (by the report). */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/geography.h"
#include "levekar/indicators.h"
#include "../common/arena.h"
#include "../common/ascii.h"
#include "../read/intern.h"

enum { NUM = 0, DEN = 1 };

typedef struct ccell {
    int side;
    const char *region, *region_name, *period;
    lk_level level;
    lk_period pinfo;
    lk_dim *dims;          /* other dimensions (interned) */
    size_t n_dims;
    double sum;
    size_t values;
    const char *missing;   /* first missing component's status */
    const char *measure;
} ccell;

typedef struct rcell {     /* a region and period after the choice of categories */
    lk_ratio r;
    int has[2];
    double sum[2];
    const char *missing;
} rcell;

struct lk_calc {
    const lk_indicator *ind;
    lk_calc_opts opts;
    lk_arena arena;
    lk_intern index;       /* col 0: strings, 1: cells, 2: results */
    ccell **cells;
    size_t n_cells, cap_cells;
    rcell **res;
    size_t n_res, cap_res;
    lk_ratio *out;
    size_t n_out;
    char errmsg[1024];
};

static int cfail(lk_calc *c, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *lk_calc_errmsg(const lk_calc *c)
{
    return c ? c->errmsg : "out of memory (no computation)";
}

int lk_calc_new(lk_calc **out, const lk_indicator *ind, const lk_calc_opts *opts)
{
    if (!out || !ind) return LK_EINVAL;
    *out = NULL;
    if (opts && opts->version != LK_CALC_OPTS_VERSION) return LK_EINVAL;
    lk_calc *c = calloc(1, sizeof *c);
    if (!c) return LK_ENOMEM;
    c->ind = ind;
    if (opts) c->opts = *opts;
    c->opts.version = LK_CALC_OPTS_VERSION;
    lk_arena_init(&c->arena);
    lk_intern_init(&c->index, &c->arena);
    *out = c;
    return LK_OK;
}

void lk_calc_free(lk_calc *c)
{
    if (!c) return;
    free(c->cells);
    free(c->res);
    free(c->out);
    lk_intern_free(&c->index);
    lk_arena_free(&c->arena);
    free(c);
}

static const char *intern(lk_calc *c, const char *s)
{
    int is_new;
    lk_label *l = lk_intern_get(&c->index, 0, s, strlen(s), &is_new);
    return l ? l->raw : NULL;
}

/* Case-insensitive (ASCII) substring. */
static int contains(const char *hay, const char *needle, size_t nl)
{
    size_t hl = strlen(hay);
    for (size_t i = 0; i + nl <= hl; i++) {
        size_t k = 0;
        while (k < nl && lk_to_lower((unsigned char)hay[i + k]) == lk_to_lower((unsigned char)needle[k])) k++;
        if (k == nl) return 1;
    }
    return 0;
}

/* Does a measure match "a | b | c"? An empty pattern matches everything. */
static int measure_matches(const char *measure, const char *pattern)
{
    if (!*pattern) return 1;
    const char *p = pattern;
    while (*p) {
        const char *bar = strchr(p, '|');
        const char *e = bar ? bar : p + strlen(p);
        const char *s = p;
        size_t n = (size_t)(e - p);
        lk_trim(&s, &n);
        if (n && contains(measure, s, n)) return 1;
        p = bar ? bar + 1 : e;
    }
    return 0;
}

static int side_matches(const lk_side *s, const lk_obs *o, int file)
{
    if (s->file >= 0 && s->file != file) return 0;
    if (*s->table && strcmp(s->table, o->table) != 0) return 0;
    return measure_matches(o->measure, s->measure);
}

static int where_ok(const lk_calc *c, const lk_obs *o)
{
    for (size_t w = 0; w < c->opts.n_where; w++) {
        const char *f = c->opts.where[w], *eq = strchr(f, '=');
        if (!eq) continue;
        size_t nl = (size_t)(eq - f);
        int found = 0, ok = 0;
        for (size_t i = 0; i < o->n_dims; i++)
            if (strlen(o->dims[i].name) == nl && strncmp(o->dims[i].name, f, nl) == 0) {
                found = 1;
                ok = strcmp(o->dims[i].value, eq + 1) == 0;
            }
        if (found && !ok) return 0;
    }
    return 1;
}

static int add_side(lk_calc *c, int side, const lk_obs *o)
{
    size_t len = strlen(o->region) + strlen(o->period) + 8;
    for (size_t i = 0; i < o->n_dims; i++) len += strlen(o->dims[i].name) + strlen(o->dims[i].value) + 2;
    char stack[512], *key = len <= sizeof stack ? stack : malloc(len);
    if (!key) return LK_ENOMEM;
    size_t k = (size_t)snprintf(key, len, "%d%s\x1f%s\x1f", side, o->region, o->period);
    for (size_t i = 0; i < o->n_dims; i++) k += (size_t)snprintf(key + k, len - k, "%s=%s\x1e", o->dims[i].name, o->dims[i].value);
    int is_new;
    lk_label *l = lk_intern_get(&c->index, 1, key, k, &is_new);
    if (key != stack) free(key);
    if (!l) return LK_ENOMEM;
    ccell *cell = l->data;
    if (!cell) {
        cell = lk_arena_alloc(&c->arena, sizeof *cell);
        if (!cell) return LK_ENOMEM;
        memset(cell, 0, sizeof *cell);
        cell->side = side;
        cell->region = intern(c, o->region);
        cell->region_name = intern(c, o->region_name);
        cell->period = intern(c, o->period);
        cell->measure = intern(c, o->measure);
        cell->level = o->level;
        cell->pinfo = o->period_info;
        cell->n_dims = o->n_dims;
        cell->dims = o->n_dims ? lk_arena_alloc(&c->arena, o->n_dims * sizeof *cell->dims) : NULL;
        if (!cell->region || !cell->region_name || !cell->period || !cell->measure || (o->n_dims && !cell->dims))
            return LK_ENOMEM;
        for (size_t i = 0; i < o->n_dims; i++) {
            cell->dims[i].name = intern(c, o->dims[i].name);
            cell->dims[i].value = intern(c, o->dims[i].value);
            if (!cell->dims[i].name || !cell->dims[i].value) return LK_ENOMEM;
        }
        if (c->n_cells == c->cap_cells) {
            size_t cap = c->cap_cells ? 2 * c->cap_cells : 1024;
            ccell **v = realloc(c->cells, cap * sizeof *v);
            if (!v) return LK_ENOMEM;
            c->cells = v;
            c->cap_cells = cap;
        }
        c->cells[c->n_cells++] = cell;
        l->data = cell;
    }
    if (o->has_value) {
        cell->sum += o->value;
        cell->values++;
    } else if (!cell->missing) {
        cell->missing = intern(c, *o->status ? o->status : "..");
        if (!cell->missing) return LK_ENOMEM;
    }
    return LK_OK;
}

int lk_calc_add(lk_calc *c, const lk_obs *o, int file)
{
    if (!c || !o) return LK_EINVAL;
    if (!where_ok(c, o)) return LK_OK;
    int rc = LK_OK;
    if (side_matches(&c->ind->num, o, file)) rc = add_side(c, NUM, o);
    if (rc == LK_OK && side_matches(&c->ind->den, o, file)) rc = add_side(c, DEN, o);
    return rc;
}

/* ------------------------------------------------------------------ choosing categories */

static int is_age_dim(const char *name)
{
    static const char *const names[] = { "alder", "Alder", "ALDER", "age", "Age", NULL };
    for (size_t i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

static int is_total(const char *v)
{
    static const char *const totals[] = { "Alle aldre", "Begge kjønn", "I alt", "Total", "Alle", "Kjønn samlet",
                                          "Both sexes", "All ages", "Alle kategorier", "Hele landet", NULL };
    for (size_t i = 0; totals[i]; i++)
        if (strcmp(v, totals[i]) == 0) return 1;
    return 0;
}

/* Distinct values of one dimension among one side's cells. */
typedef struct vals { const char **v; size_t n, cap; } vals;

static int vals_add(vals *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v) return LK_OK; /* interned: pointer equality */
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        const char **nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) return LK_ENOMEM;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = v;
    return LK_OK;
}

/* The chosen value set of a dimension on one side. */
typedef struct choice { const char *dim; vals chosen; } choice;

static int chosen(const choice *ch, size_t nch, const ccell *cell)
{
    for (size_t d = 0; d < cell->n_dims; d++)
        for (size_t k = 0; k < nch; k++) {
            if (ch[k].dim != cell->dims[d].name) continue;
            int in = 0;
            for (size_t i = 0; i < ch[k].chosen.n; i++)
                if (ch[k].chosen.v[i] == cell->dims[d].value) in = 1;
            if (!in) return 0;
        }
    return 1;
}

static const char *side_name(int side)
{
    return side == NUM ? "numerator" : "denominator";
}

/* Decide, for one side, which values of each dimension to sum. */
static int choose(lk_calc *c, int side, choice **out, size_t *nout)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    vals names = { 0 };
    int rc = LK_OK;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++)
        if (c->cells[i]->side == side)
            for (size_t d = 0; d < c->cells[i]->n_dims && rc == LK_OK; d++) rc = vals_add(&names, c->cells[i]->dims[d].name);
    choice *ch = calloc(names.n ? names.n : 1, sizeof *ch);
    if (rc != LK_OK || !ch) {
        free(names.v);
        free(ch);
        return LK_ENOMEM;
    }
    int age_done = 0;
    for (size_t k = 0; k < names.n && rc == LK_OK; k++) {
        vals all = { 0 };
        ch[k].dim = names.v[k];
        for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
            const ccell *cell = c->cells[i];
            if (cell->side != side) continue;
            for (size_t d = 0; d < cell->n_dims; d++)
                if (cell->dims[d].name == names.v[k]) rc = vals_add(&all, cell->dims[d].value);
        }
        int ages = is_age_dim(names.v[k]);
        int *lo = malloc((all.n ? all.n : 1) * sizeof *lo), *hi = malloc((all.n ? all.n : 1) * sizeof *hi);
        unsigned char *pick = malloc(all.n ? all.n : 1);
        if (!lo || !hi || !pick) rc = LK_ENOMEM;
        for (size_t i = 0; i < all.n && rc == LK_OK; i++) {
            if (lk_age_parse(all.v[i], &lo[i], &hi[i]) != LK_OK) {
                if (ages)
                    rc = cfail(c, LK_EDATA, "%s: age label '%s' in '%s' is not an age band (expected labels such as "
                               "'15-19 år', '20 år', '75 år eller eldre', 'Alle aldre' or 15_74)", side_name(side),
                               all.v[i], names.v[k]);
                ages = 0;
            }
        }
        if (rc == LK_OK && !ages && all.n && !is_age_dim(names.v[k])) {
            /* an unnamed age dimension: every value an age band (FHI files name it ALDER anyway) */
            ages = 1;
            for (size_t i = 0; i < all.n && ages; i++) ages = lk_age_parse(all.v[i], &lo[i], &hi[i]) == LK_OK;
            if (ages && all.n == 1 && sd->age_lo < 0) ages = 0;
        }
        if (rc == LK_OK && ages) {
            age_done = 1;
            int want_lo = sd->age_lo, want_hi = sd->age_hi;
            if (want_lo < 0) { /* no ages asked for: the whole span, each age once */
                want_lo = lo[0];
                want_hi = hi[0];
                for (size_t i = 1; i < all.n; i++) {
                    if (lo[i] < want_lo) want_lo = lo[i];
                    if (hi[i] > want_hi) want_hi = hi[i];
                }
            }
            size_t straddle;
            if (lk_age_choose(lo, hi, all.n, want_lo, want_hi, pick, &straddle) != LK_OK) {
                char range[32];
                if (want_hi >= LK_AGE_MAX) snprintf(range, sizeof range, "%d år og eldre", want_lo);
                else snprintf(range, sizeof range, "%d-%d år", want_lo, want_hi);
                if (straddle != SIZE_MAX)
                    rc = cfail(c, LK_EDATA, "%s: the age band '%s' straddles a limit of %s (expected bands that "
                               "start and end at the limits; a partial band would be a partial count)",
                               side_name(side), all.v[straddle], range);
                else
                    rc = cfail(c, LK_EDATA, "%s: the age bands in '%s' cannot cover %s exactly once (expected a band "
                               "%s or bands that add up to it)", side_name(side), names.v[k], range, range);
            }
            for (size_t i = 0; i < all.n && rc == LK_OK; i++)
                if (pick[i]) rc = vals_add(&ch[k].chosen, all.v[i]);
        } else if (rc == LK_OK) {
            /* Other dimensions: the total category where there is one, else every category. */
            const char *total = NULL;
            for (size_t i = 0; i < all.n; i++)
                if (is_total(all.v[i])) total = all.v[i];
            for (size_t i = 0; i < all.n && rc == LK_OK; i++)
                if (!total || all.v[i] == total) rc = vals_add(&ch[k].chosen, all.v[i]);
        }
        free(lo);
        free(hi);
        free(pick);
        free(all.v);
    }
    if (rc == LK_OK && !age_done && sd->age_lo >= 0) {
        /* No age dimension: acceptable only when the measure itself names the ages. */
        char range[32];
        snprintf(range, sizeof range, "%d-%d", sd->age_lo, sd->age_hi);
        int named = 0;
        for (size_t i = 0; i < c->n_cells && !named; i++)
            if (c->cells[i]->side == side && strstr(c->cells[i]->measure, range)) named = 1;
        if (!named)
            rc = cfail(c, LK_EDATA, "%s: ages %s år asked for, but the data has no age dimension and its measure "
                       "does not name these ages (expected an 'alder' column, or a measure such as '... %s år')",
                       side_name(side), range, range);
    }
    free(names.v);
    if (rc != LK_OK) {
        for (size_t k = 0; k < names.n; k++) free(ch[k].chosen.v);
        free(ch);
        return rc;
    }
    *out = ch;
    *nout = names.n;
    return LK_OK;
}

/* ------------------------------------------------------------------ results */

static rcell *result_for(lk_calc *c, const ccell *cell)
{
    char key[128];
    size_t k = (size_t)snprintf(key, sizeof key, "%s\x1f%s", cell->region, cell->period);
    if (k >= sizeof key) k = sizeof key - 1;
    int is_new;
    lk_label *l = lk_intern_get(&c->index, 2, key, k, &is_new);
    if (!l) return NULL;
    if (l->data) return l->data;
    rcell *r = lk_arena_alloc(&c->arena, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->r.region = cell->region;
    r->r.region_name = cell->region_name;
    r->r.level = cell->level;
    r->r.period = cell->period;
    r->r.period_info = cell->pinfo;
    r->r.status = "";
    if (c->n_res == c->cap_res) {
        size_t cap = c->cap_res ? 2 * c->cap_res : 256;
        rcell **v = realloc(c->res, cap * sizeof *v);
        if (!v) return NULL;
        c->res = v;
        c->cap_res = cap;
    }
    c->res[c->n_res++] = r;
    l->data = r;
    return r;
}

static void settle(lk_ratio *r, const rcell *x)
{
    r->num = x->sum[NUM];
    r->den = x->sum[DEN];
    r->has_value = 0;
    if (x->missing) r->status = x->missing;
    else if (!x->has[NUM]) r->status = "~no-numerator";
    else if (!x->has[DEN]) r->status = "~no-denominator";
    else if (!(r->den > 0)) r->status = "~zero-denominator";
    else {
        r->has_value = 1;
        r->status = "";
    }
}

static int cmp_ratio(const void *a, const void *b)
{
    const lk_ratio *x = a, *y = b;
    int c = strcmp(x->region, y->region);
    if (c) return c;
    if (x->period_info.last_year != y->period_info.last_year) return x->period_info.last_year < y->period_info.last_year ? -1 : 1;
    return strcmp(x->period, y->period);
}

/* N-year windows: Σx/Σn over the years Y-N+1..Y that have both counts. */
static int make_windows(lk_calc *c)
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
        r.period = intern(c, label);
        if (!r.period) {
            free(w);
            return LK_ENOMEM;
        }
        r.period_info.kind = LK_PERIOD_RANGE;
        r.period_info.first_year = y - n + 1;
        r.has_value = r.years_used > 0 && r.den > 0;
        if (!r.has_value) r.status = missing ? missing : "~no-years";
        else if (r.years_used < n) {
            char flag[32];
            snprintf(flag, sizeof flag, "~years:%d/%d", r.years_used, n);
            r.status = intern(c, flag);
        }
        w[nw++] = r;
    }
    free(c->out);
    c->out = w;
    c->n_out = nw;
    return LK_OK;
}

int lk_calc_finish(lk_calc *c)
{
    if (!c) return LK_EINVAL;
    size_t per_side[2] = { 0, 0 };
    for (size_t i = 0; i < c->n_cells; i++) per_side[c->cells[i]->side]++;
    for (int side = NUM; side <= DEN; side++)
        if (!per_side[side]) {
            const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
            return cfail(c, LK_EDATA, "%s: no observation matched the measure '%s'%s%s (expected a file with that "
                         "measure; see levekar inspect)", side_name(side), sd->measure, *sd->table ? " in table " : "", sd->table);
        }
    for (int side = NUM; side <= DEN; side++) {
        choice *ch = NULL;
        size_t nch = 0;
        int rc = choose(c, side, &ch, &nch);
        if (rc != LK_OK) return rc;
        double mult = side == NUM ? c->ind->num.multiplier : c->ind->den.multiplier;
        for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
            const ccell *cell = c->cells[i];
            if (cell->side != side || !chosen(ch, nch, cell)) continue;
            rcell *r = result_for(c, cell);
            if (!r) { rc = LK_ENOMEM; break; }
            r->has[side] = 1;
            r->sum[side] += cell->sum * mult;
            if (cell->missing && !r->missing) r->missing = cell->missing;
            if (!cell->values && !cell->missing && !r->missing) r->missing = "..";
        }
        for (size_t k = 0; k < nch; k++) free(ch[k].chosen.v);
        free(ch);
        if (rc != LK_OK) return rc;
    }
    c->out = calloc(c->n_res ? c->n_res : 1, sizeof *c->out);
    if (!c->out) return LK_ENOMEM;
    for (size_t i = 0; i < c->n_res; i++) {
        c->out[i] = c->res[i]->r;
        settle(&c->out[i], c->res[i]);
        c->out[i].years_used = 1;
    }
    c->n_out = c->n_res;
    qsort(c->out, c->n_out, sizeof *c->out, cmp_ratio);
    if (c->opts.window > 1) {
        int rc = make_windows(c);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

size_t lk_calc_count(const lk_calc *c)
{
    return c ? c->n_out : 0;
}

const lk_ratio *lk_calc_get(const lk_calc *c, size_t i)
{
    return c && i < c->n_out ? &c->out[i] : NULL;
}

const lk_ratio *lk_calc_find(const lk_calc *c, const char *region, const char *period)
{
    if (!c || !region || !period) return NULL;
    for (size_t i = 0; i < c->n_out; i++)
        if (strcmp(c->out[i].region, region) == 0 && strcmp(c->out[i].period, period) == 0) return &c->out[i];
    return NULL;
}

int lk_calc_aggregate(lk_calc *c, const char *parent, const char *period, const lk_geo *g, lk_ratio *out, int *checked)
{
    if (!c || !parent || !period || !out) return LK_EINVAL;
    size_t pl = strcmp(parent, "0") == 0 ? 0 : strlen(parent);
    memset(out, 0, sizeof *out);
    out->region = parent;
    out->level = pl == 0 ? LK_LEVEL_LAND : LK_LEVEL_FYLKE;
    out->region_name = "";
    out->period = period;
    out->status = "";
    int known_all = 1, any = 0;
    const char *missing = NULL;
    for (size_t i = 0; i < c->n_out; i++) {
        const lk_ratio *r = &c->out[i];
        if (r->level != LK_LEVEL_KOMMUNE || strcmp(r->period, period) != 0 || strncmp(r->region, parent, pl) != 0) continue;
        if (!any) {
            out->period_info = r->period_info;
            out->years_used = r->years_used;
        }
        any = 1;
        if (g && lk_geo_unit_at(g, r->region, r->period_info.last_year, NULL) != LK_OK) known_all = 0;
        if (r->has_value) {
            out->num += r->num;
            out->den += r->den;
        } else if (!missing) {
            missing = r->status;
        }
    }
    if (!any) return LK_ENOTFOUND;
    /* The borders the codes describe: the data year, or (for summed series that give today's
     * codes for old years) the latest borders. */
    int ref_year = out->period_info.last_year;
    if (g && !known_all) {
        int latest = lk_geo_latest_change_year(g);
        known_all = 1;
        for (size_t i = 0; i < c->n_out && known_all; i++) {
            const lk_ratio *r = &c->out[i];
            if (r->level == LK_LEVEL_KOMMUNE && strcmp(r->period, period) == 0 && strncmp(r->region, parent, pl) == 0
                && lk_geo_unit_at(g, r->region, latest, NULL) != LK_OK)
                known_all = 0;
        }
        if (known_all) ref_year = latest;
    }
    int complete = 1;
    if (g && known_all) {
        lk_geo_unit units[1024];
        size_t n = 0;
        lk_geo_units(g, LK_LEVEL_KOMMUNE, ref_year, units, 1024, &n);
        for (size_t u = 0; u < n && u < 1024; u++) {
            if (strncmp(units[u].code, parent, pl) != 0) continue;
            if (!lk_calc_find(c, units[u].code, period)) complete = 0;
        }
    }
    if (checked) *checked = g && known_all;
    if (g && pl) {
        lk_geo_unit f;
        if (lk_geo_unit_at(g, parent, ref_year, &f) == LK_OK) out->region_name = f.name;
    } else if (!pl) {
        out->region_name = "Hele landet";
    }
    if (!complete) out->status = "~incomplete";
    else if (missing) out->status = missing;
    else if (out->den > 0) out->has_value = 1;
    else out->status = "~zero-denominator";
    return LK_OK;
}
