/* Small-count protection of the observations `levekar tidy` writes (lk_tidy_protect_*,
 * levekar/tidy.h): the observations of a run are held from the first that could be hidden (the
 * kommune figures before it are written at once and kept as totals), each count becomes a cell of
 * lk_suppress_run() (lib/statistics/suppress.c), the relations come from the geography of the
 * regions (a kommune and its zones, bydeler or grunnkretser; a fylke and its kommuner; landet and
 * its fylker; a zone and its member grunnkretser), and the observations are then delivered in
 * the order they came, the hidden ones without a value. Here, not in lib/geography, because
 * geography may not call statistics. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/harmonise.h"
#include "levekar/tidy.h"
#include "../common/arena.h"
#include "../common/map.h"

/* A series in one period (table, measure, unit, other dimensions, period): the cells of one
 * relation come from one of these. */
typedef struct group {
    int fraction; /* some value is not a whole number: not a count */
    int not_count; /* a rate, an amount of money or thousands, by its words */
} group;

typedef struct rec {
    lk_obs o;        /* strings in the protector's arena */
    uint32_t group;  /* id in groups */
} rec;

/* A kommune, fylke or landet figure written before anything could be hidden: shown, and kept
 * only as a total of what follows. */
typedef struct total {
    const char *region;
    lk_level level;
    double value;
    uint32_t group;
} total;

struct lk_tidy_protect {
    lk_suppress_opts o;   /* limits resolved */
    const lk_zones *zones;
    lk_arena arena;
    lk_map strings;       /* every string of the observations, once */
    lk_map groups;        /* value: group */
    lk_obs_cb cb;         /* where the observations go */
    void *payload;
    int holding;          /* 1 from the first observation that may be hidden */
    rec *recs;            /* those held, in order */
    size_t n, cap;
    total *totals;        /* those written before */
    size_t n_totals, cap_totals;
    lk_suppress_result res;
};

/* A part of a relation: kind 0, a region of a level under its parent region (parent the
 * parent's code); kind 1, a member of a zone (parent the zone's code). */
typedef struct part {
    uint32_t group;
    int kind;
    lk_level level;
    const char *parent, *region;
    size_t row;
} part;

int lk_tidy_protect_new(lk_tidy_protect **out, const lk_suppress_opts *o, const lk_zones *zones, lk_obs_cb cb,
                        void *payload)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (!o || o->version != LK_SUPPRESS_OPTS_VERSION || !cb) return LK_EINVAL;
    lk_suppress_opts eff = *o;
    if (eff.min_numerator == LK_SUPPRESS_INDICATOR) eff.min_numerator = LK_TIDY_MIN_COUNT;
    if (eff.min_denominator == LK_SUPPRESS_INDICATOR) eff.min_denominator = 0;
    if (!(eff.min_numerator >= 0) || !(eff.min_denominator >= 0)) return LK_EINVAL;
    eff.complement = 0; /* a count alone has no population to take it from */
    lk_tidy_protect *p = calloc(1, sizeof *p);
    if (!p) return LK_ENOMEM;
    p->o = eff;
    p->zones = zones;
    p->cb = cb;
    p->payload = payload;
    lk_arena_init(&p->arena);
    lk_map_init(&p->strings, &p->arena, 0);
    lk_map_init(&p->groups, &p->arena, sizeof(group));
    *out = p;
    return LK_OK;
}

void lk_tidy_protect_free(lk_tidy_protect *p)
{
    if (!p) return;
    free(p->recs);
    free(p->totals);
    lk_map_free(&p->strings);
    lk_map_free(&p->groups);
    lk_arena_free(&p->arena);
    free(p);
}

static const char *str(lk_tidy_protect *p, const char *s, int *ok)
{
    const char *r = lk_map_string(&p->strings, s ? s : "");
    if (!r) *ok = 0;
    return r;
}

/* Words that say a whole number is not a count of persons or cases: rates and shares (by the
 * harmoniser's test), amounts of money, estimates in thousands. */
static int not_count(const lk_obs *o)
{
    const char *u = o->unit ? o->unit : "";
    return lk_measure_is_rate(o->measure) || strstr(u, "kr") || strncmp(u, "1000", 4) == 0 || strstr(u, "prosent")
        || strstr(u, "per ") || strstr(o->measure, "kroner") || strstr(o->measure, "1000 kr");
}

/* The id of the observation's group (table, measure, unit, dims, period), made on first
 * sight, with its flags brought up to date. */
static int group_id(lk_tidy_protect *p, const lk_obs *o, uint32_t *id)
{
    const char *t = o->table ? o->table : "", *u = o->unit ? o->unit : "";
    size_t len = strlen(t) + strlen(o->measure) + strlen(u) + strlen(o->period) + 8;
    for (size_t i = 0; i < o->n_dims; i++) len += strlen(o->dims[i].name) + strlen(o->dims[i].value) + 2;
    char *key = malloc(len);
    if (!key) return LK_ENOMEM;
    size_t k = (size_t)snprintf(key, len, "%s\x1f%s\x1f%s\x1f", t, o->measure, u);
    for (size_t i = 0; i < o->n_dims; i++) k += (size_t)snprintf(key + k, len - k, "%s=%s\x1e", o->dims[i].name, o->dims[i].value);
    k += (size_t)snprintf(key + k, len - k, "\x1f%s", o->period);
    int is_new;
    lk_map_entry *e = lk_map_get(&p->groups, 0, key, k, &is_new);
    free(key);
    if (!e) return LK_ENOMEM;
    group *g = (group *)((char *)e + LK_MAP_VALUE_OFFSET);
    if (is_new) g->not_count = not_count(o);
    if (o->has_value && isfinite(o->value) && o->value != floor(o->value)) g->fraction = 1;
    *id = e->id;
    return LK_OK;
}

/* Could the observation be hidden? Those of a protected level, and any district (a zone,
 * bydel or grunnkrets is never only a total). */
static int may_hide(const lk_tidy_protect *p, const lk_obs *o)
{
    return ((unsigned)o->level < 32 && (p->o.levels & LK_SUPPRESS_LEVEL(o->level))) || o->level == LK_LEVEL_ZONE
        || o->level == LK_LEVEL_BYDEL || o->level == LK_LEVEL_GRUNNKRETS;
}

int lk_tidy_protect_add(lk_tidy_protect *p, const lk_obs *obs)
{
    if (!p || !obs) return LK_EINVAL;
    int rc;
    if (!p->holding && !may_hide(p, obs)) {
        /* nothing could be hidden so far: written at once (a kommune table costs no memory),
         * a kommune, fylke or landet figure kept as the total it may be for what follows */
        if ((obs->level == LK_LEVEL_KOMMUNE || obs->level == LK_LEVEL_FYLKE || obs->level == LK_LEVEL_LAND)
            && obs->has_value && isfinite(obs->value)) {
            if (p->n_totals == p->cap_totals) {
                size_t cap = p->cap_totals ? 2 * p->cap_totals : 256;
                total *v = realloc(p->totals, cap * sizeof *v);
                if (!v) return LK_ENOMEM;
                p->totals = v;
                p->cap_totals = cap;
            }
            total *x = &p->totals[p->n_totals];
            int ok = 1;
            x->region = str(p, obs->region, &ok);
            x->level = obs->level;
            x->value = obs->value;
            if (!ok) return LK_ENOMEM;
            if ((rc = group_id(p, obs, &x->group)) != LK_OK) return rc;
            p->n_totals++;
        }
        return p->cb(obs, p->payload) != 0 ? LK_EUSER : LK_OK;
    }
    p->holding = 1; /* from here on, in order, until lk_tidy_protect_finish() */
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        rec *v = realloc(p->recs, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        p->recs = v;
        p->cap = cap;
    }
    int ok = 1;
    rec *r = &p->recs[p->n];
    r->o = *obs;
    r->o.table = str(p, obs->table, &ok);
    r->o.region = str(p, obs->region, &ok);
    r->o.region_name = str(p, obs->region_name, &ok);
    r->o.period = str(p, obs->period, &ok);
    r->o.measure = str(p, obs->measure, &ok);
    r->o.measure_code = str(p, obs->measure_code, &ok);
    r->o.unit = str(p, obs->unit, &ok);
    r->o.status = str(p, obs->status, &ok);
    lk_dim *dims = obs->n_dims ? lk_arena_alloc(&p->arena, obs->n_dims * sizeof *dims) : NULL;
    if (!ok || (obs->n_dims && !dims)) return LK_ENOMEM;
    for (size_t i = 0; i < obs->n_dims && ok; i++) {
        dims[i].name = str(p, obs->dims[i].name, &ok);
        dims[i].value = str(p, obs->dims[i].value, &ok);
    }
    if (!ok) return LK_ENOMEM;
    r->o.dims = dims;
    if ((rc = group_id(p, &r->o, &r->group)) != LK_OK) return rc;
    p->n++;
    return LK_OK;
}

static const group *group_of(const lk_tidy_protect *p, uint32_t id)
{
    return (const group *)((const char *)lk_map_at(&p->groups, id) + LK_MAP_VALUE_OFFSET);
}

static int protected_level(const lk_suppress_opts *o, lk_level l)
{
    return (unsigned)l < 32 && (o->levels & LK_SUPPRESS_LEVEL(l));
}

static int hidden(lk_suppress_state s)
{
    return s == LK_SUPPRESS_PRIMARY || s == LK_SUPPRESS_SECONDARY;
}

/* The code of the region's parent into buf: a zone's kommune, a bydel's or grunnkrets' kommune
 * (their first four digits), a kommune's fylke (two), a fylke's landet "0"; "" for none. */
static void parent_of(const lk_tidy_protect *p, const lk_obs *o, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = strlen(o->region);
    if (o->level == LK_LEVEL_ZONE) {
        for (size_t z = 0; p->zones && z < lk_zones_count(p->zones); z++) {
            const lk_zone *x = lk_zones_get(p->zones, z);
            if (strcmp(x->code, o->region) == 0) {
                snprintf(buf, size, "%s", x->kommune);
                return;
            }
        }
    } else if ((o->level == LK_LEVEL_BYDEL || o->level == LK_LEVEL_GRUNNKRETS) && n >= 4) {
        snprintf(buf, size, "%.4s", o->region);
    } else if (o->level == LK_LEVEL_KOMMUNE && n >= 2) {
        snprintf(buf, size, "%.2s", o->region);
    } else if (o->level == LK_LEVEL_FYLKE) {
        snprintf(buf, size, "0");
    }
}

static int part_cmp(const void *a, const void *b)
{
    const part *x = a, *y = b;
    if (x->group != y->group) return x->group < y->group ? -1 : 1;
    if (x->kind != y->kind) return x->kind - y->kind;
    int c = strcmp(x->parent, y->parent);
    if (!c) c = (int)x->level - (int)y->level;
    if (!c) c = strcmp(x->region, y->region);
    return c;
}

/* Key of (group, region) in the row index: the group id's bytes, then the code. */
static size_t row_key(char *buf, size_t size, uint32_t g, const char *region)
{
    memcpy(buf, &g, sizeof g);
    return sizeof g + (size_t)snprintf(buf + sizeof g, size - sizeof g, "%s", region);
}

/* The shown, non-exempt part with counts of the smallest count (then the smaller code, then
 * the earlier row), or SIZE_MAX: the same choice as lk_suppress_run's. */
static size_t smallest(const lk_suppress_cell *c, const lk_suppress_relation *r)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < r->n_parts; k++) {
        size_t i = r->parts[k];
        if (c[i].state != LK_SUPPRESS_SHOWN || c[i].exempt || !c[i].has_counts) continue;
        if (best == SIZE_MAX || c[i].denominator < c[best].denominator
            || (c[i].denominator == c[best].denominator && strcmp(c[i].code, c[best].code) < 0))
            best = i;
    }
    return best;
}

/* A hidden total whose parts are all shown and add up to it is recovered by addition (a zone
 * hidden beside all its grunnkretser), which lk_suppress_run() does not look for (it
 * subtracts from shown totals): hide the smallest part. @return how many were hidden. */
static size_t hide_sums(lk_suppress_cell *c, const lk_suppress_relation *rels, size_t n_rels)
{
    size_t hid = 0;
    for (size_t r = 0; r < n_rels; r++) {
        const lk_suppress_cell *t = &c[rels[r].total];
        if (!hidden(t->state) || !t->has_counts || !rels[r].n_parts) continue;
        double sum = 0;
        size_t k = 0;
        for (; k < rels[r].n_parts; k++) {
            const lk_suppress_cell *x = &c[rels[r].parts[k]];
            if (x->state != LK_SUPPRESS_SHOWN || !x->has_counts) break;
            sum += x->numerator;
        }
        if (k < rels[r].n_parts || fabs(sum - t->numerator) > 1e-9 * (1 + fabs(t->numerator))) continue;
        size_t v = smallest(c, &rels[r]);
        if (v == SIZE_MAX) continue;
        c[v].state = LK_SUPPRESS_SECONDARY;
        hid++;
    }
    return hid;
}

/* The cells and relations of the kept observations, the run, and the states into cells: the
 * held observations first, then the totals written before, then the kommune totals summed
 * from grunnkretser. */
static int protect(lk_tidy_protect *p, lk_suppress_cell **cells_out)
{
    size_t n = p->n, nt = p->n_totals, np = 0, nrel = 0, ncell = n + nt;
    lk_arena tmp;
    lk_arena_init(&tmp);
    lk_map rows, gsums;
    lk_map_init(&rows, &tmp, 0);
    lk_map_init(&gsums, &tmp, sizeof(double));
    part *parts = malloc((2 * n + 1) * sizeof *parts);
    size_t *idx = malloc((2 * n + 1) * sizeof *idx);
    lk_suppress_relation *rels = malloc((2 * n + 1) * sizeof *rels);
    lk_suppress_cell *c = calloc(nt + 3 * n + 1, sizeof *c); /* each part may bring one summed total */
    int rc = parts && idx && rels && c ? LK_OK : LK_ENOMEM;
    char key[1024], parent[1024]; /* a zone code is the user's: long ones are cut, never overrun */
    for (size_t i = 0; i < nt && rc == LK_OK; i++) { /* earlier in the output: first in the index */
        const total *x = &p->totals[i];
        const group *g = group_of(p, x->group);
        lk_suppress_cell *t = &c[n + i];
        t->numerator = t->denominator = x->value;
        t->has_counts = !g->not_count && !g->fraction;
        t->exempt = 1;
        t->code = x->region;
        t->state = LK_SUPPRESS_SHOWN;
        int is_new;
        lk_map_entry *e = lk_map_get(&rows, 0, key, row_key(key, sizeof key, x->group, x->region), &is_new);
        if (!e) rc = LK_ENOMEM;
        else if (is_new) e->data = (void *)(uintptr_t)(n + i + 1);
    }
    for (size_t i = 0; i < n && rc == LK_OK; i++) {
        const lk_obs *o = &p->recs[i].o;
        const group *g = group_of(p, p->recs[i].group);
        int count = !g->not_count && !g->fraction;
        c[i].numerator = c[i].denominator = o->has_value ? o->value : 0;
        c[i].has_counts = count && o->has_value && isfinite(o->value);
        c[i].code = o->region;
        c[i].state = c[i].has_counts || (o->has_value && isfinite(o->value)) ? LK_SUPPRESS_SHOWN : LK_SUPPRESS_ABSENT;
        c[i].exempt = !count || !protected_level(&p->o, o->level);
        if (!count) continue; /* no relation: rates and amounts are never subtracted here */
        int is_new;
        lk_map_entry *e = lk_map_get(&rows, 0, key, row_key(key, sizeof key, p->recs[i].group, o->region), &is_new);
        if (!e) {
            rc = LK_ENOMEM;
            break;
        }
        if (is_new) e->data = (void *)(uintptr_t)(i + 1);
        if (o->level == LK_LEVEL_GRUNNKRETS && c[i].has_counts && strlen(o->region) >= 4) {
            /* what the written grunnkretser of a kommune sum to: its total where it has no row */
            snprintf(parent, sizeof parent, "%.4s", o->region);
            lk_map_entry *s = lk_map_get(&gsums, 0, key, row_key(key, sizeof key, p->recs[i].group, parent), &is_new);
            if (!s) {
                rc = LK_ENOMEM;
                break;
            }
            *(double *)((char *)s + LK_MAP_VALUE_OFFSET) += o->value;
            s->data = (void *)1;
        }
        if (protected_level(&p->o, o->level)) {
            parent_of(p, o, parent, sizeof parent);
            if (*parent) {
                const char *pc = lk_map_string(&p->strings, parent);
                if (!pc) {
                    rc = LK_ENOMEM;
                    break;
                }
                parts[np++] = (part){ p->recs[i].group, 0, o->level, pc, o->region, i };
            }
        }
        const lk_zone *z = o->level == LK_LEVEL_GRUNNKRETS || o->level == LK_LEVEL_BYDEL || o->level == LK_LEVEL_KOMMUNE
                               ? lk_zones_find(p->zones, o->region) : NULL;
        if (z) parts[np++] = (part){ p->recs[i].group, 1, o->level, z->code, o->region, i };
    }
    if (rc == LK_OK) qsort(parts, np, sizeof *parts, part_cmp);
    /* one relation per group, kind, parent (and level for kind 0): the parent's row the total */
    for (size_t a = 0; a < np && rc == LK_OK;) {
        size_t b = a;
        while (b < np && parts[b].group == parts[a].group && parts[b].kind == parts[a].kind
               && strcmp(parts[b].parent, parts[a].parent) == 0 && (parts[a].kind || parts[b].level == parts[a].level))
            b++;
        lk_map_entry *e = lk_map_find(&rows, 0, key, row_key(key, sizeof key, parts[a].group, parts[a].parent));
        size_t t = e ? (size_t)(uintptr_t)e->data - 1 : SIZE_MAX;
        if (t == SIZE_MAX && parts[a].kind == 0 && parts[a].level == LK_LEVEL_ZONE) {
            lk_map_entry *s = lk_map_find(&gsums, 0, key, row_key(key, sizeof key, parts[a].group, parts[a].parent));
            if (s) { /* the kommune's total as anyone sums it from the grunnkretser written */
                t = ncell++;
                c[t].numerator = c[t].denominator = *(double *)((char *)s + LK_MAP_VALUE_OFFSET);
                c[t].has_counts = 1;
                c[t].exempt = 1;
                c[t].code = parts[a].parent;
                c[t].state = LK_SUPPRESS_SHOWN;
            }
        }
        if (t != SIZE_MAX) {
            for (size_t k = a; k < b; k++) idx[k] = parts[k].row;
            rels[nrel++] = (lk_suppress_relation){ t, idx + a, b - a };
        }
        a = b;
    }
    /* subtraction (lk_suppress_run) and addition (hide_sums) until neither hides more */
    lk_suppress_result res = { 0, 0, 0, 0 }, one;
    size_t more = 1;
    while (rc == LK_OK && more) {
        rc = lk_suppress_run(c, ncell, rels, nrel, &p->o, &one);
        if (rc != LK_OK) break;
        res.primary += one.primary;
        res.secondary += one.secondary;
        res.unresolved = one.unresolved;
        res.rounds += one.rounds;
        more = hide_sums(c, rels, nrel);
        res.secondary += more;
        if (more) res.rounds++;
    }
    p->res = res;
    lk_map_free(&rows);
    lk_map_free(&gsums);
    lk_arena_free(&tmp);
    free(parts);
    free(idx);
    free(rels);
    if (rc != LK_OK) {
        free(c);
        c = NULL;
    }
    *cells_out = c;
    return rc;
}

int lk_tidy_protect_finish(lk_tidy_protect *p, lk_suppress_result *res)
{
    if (res) memset(res, 0, sizeof *res);
    if (!p) return LK_EINVAL;
    lk_suppress_cell *c = NULL;
    int on = (p->o.min_numerator > 0 || p->o.min_denominator > 0) && p->n > 0; /* nothing held: nothing to hide */
    int rc = on ? protect(p, &c) : LK_OK;
    if (rc != LK_OK) return rc;
    for (size_t i = 0; i < p->n && rc == LK_OK; i++) {
        lk_obs o = p->recs[i].o;
        if (c && hidden(c[i].state)) { /* no number left: the value and what it was */
            o.has_value = 0;
            o.value = 0;
            o.status = lk_suppress_status(c[i].state);
        }
        if (p->cb(&o, p->payload) != 0) rc = LK_EUSER;
    }
    free(c);
    if (res) *res = p->res;
    return rc;
}
