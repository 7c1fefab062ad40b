/* Harmonising observations to the borders of one year. Observations are collected first (the
 * target year may be "the latest in the data"), then mapped: kommuner through the change
 * events, fylker through the kommuner they consist of. Counts are summed; nothing is apportioned. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"
#include "levekar/harmonise.h"
#include "../common/ascii.h"
#include "../common/map.h"

/* A series: everything but region and period. */
typedef struct series {
    const char *table, *measure, *measure_code, *unit;
    lk_dim *dims;
    size_t n_dims;
    const char *key;   /* for sorting */
    int is_rate;
} series;

typedef struct stored {
    series *s;
    const char *period;
    lk_period pinfo;
    const char *region, *region_name;
    lk_level level;
    int has_value;
    double value;
    const char *status;
    int listed;         /* a grunnkrets brought to its code by a listed change (may be summed) */
} stored;

/* A kommune at the target borders in one series and period. */
typedef struct cell {
    series *s;
    const char *period;
    lk_period pinfo;
    char code[LK_REGION_CODE_MAX];
    double sum;
    size_t sources, values;
    const char *missing_status;  /* status of the first missing component */
    int split;
    int preharmonised;           /* a source already used these borders (e.g. K-3301 for 2015) */
    int year_borders;            /* a source used the borders of its year (e.g. 0602 for 2015) */
    int estimated;               /* holds an estimated share of a divided unit (opt-in) */
} cell;

/* A unit divided between several targets, waiting for its shares to be estimated. */
typedef struct pending {
    series *s;
    const char *period;
    lk_period pinfo;
    int year;
    double value;
    char targets[LK_GEO_MAX_TARGETS][LK_REGION_CODE_MAX];
    size_t n;
} pending;

struct lk_harmoniser {
    lk_geo *g;
    lk_harmonise_opts opts;
    lk_arena arena;
    lk_map strings;         /* space 0: strings, 1: series keys, 2: cells */
    stored *obs;
    size_t n_obs, cap_obs;
    stored *out;
    size_t n_out, cap_out;
    lk_harmonise_stats stats;
    int max_year;
    pending *pend;
    size_t n_pend, cap_pend;
};

int lk_measure_is_rate(const char *m)
{
    static const char *const marks[] = {
        "prosent", "Prosent", "andel", "Andel", "per 1000", "per 100", "per 10 000", "per 100 000",
        "per innbygger", "per person", "rate", "Rate", "(%)", "promille", "gjennomsnitt", "Gjennomsnitt",
        "median", "Median", "indeks", "Indeks", "percent", "Percent", "share", "Share", "per cent", NULL
    };
    static const char *const fhi[] = { "RATE", "SMR", "MEIS", "RATE.n", "MALTALL", "RATE_NO", NULL };
    if (!m) return 0;
    for (size_t i = 0; fhi[i]; i++)
        if (strcmp(m, fhi[i]) == 0) return 1;
    for (size_t i = 0; marks[i]; i++)
        if (strstr(m, marks[i])) return 1;
    return 0;
}

int lk_geo_resolve_obs(lk_geo *g, lk_obs *obs, char *code_buf)
{
    if (!g || !obs || !code_buf) return LK_EINVAL;
    if (obs->region[0] || !obs->region_name[0]) return LK_OK;
    int year = obs->period_info.kind ? obs->period_info.last_year : 0;
    lk_level level;
    int rc = lk_geo_code_for_name(g, obs->region_name, year, code_buf, &level);
    if (rc != LK_OK) return rc;
    obs->region = code_buf;
    obs->level = level;
    return LK_OK;
}

int lk_harmoniser_new(lk_harmoniser **out, lk_geo *g, const lk_harmonise_opts *opts)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (!g || (opts && opts->version != LK_HARMONISE_OPTS_VERSION)) return LK_EINVAL;
    lk_harmoniser *h = calloc(1, sizeof *h);
    if (!h) return LK_ENOMEM;
    h->g = g;
    h->opts.version = LK_HARMONISE_OPTS_VERSION;
    if (opts) h->opts = *opts;
    lk_arena_init(&h->arena);
    lk_map_init(&h->strings, &h->arena, 0);
    *out = h;
    return LK_OK;
}

void lk_harmoniser_free(lk_harmoniser *h)
{
    if (!h) return;
    free(h->obs);
    free(h->out);
    free(h->pend);
    lk_map_free(&h->strings);
    lk_arena_free(&h->arena);
    free(h);
}

const lk_harmonise_stats *lk_harmoniser_stats(const lk_harmoniser *h)
{
    return h ? &h->stats : NULL;
}

static const char *intern(lk_harmoniser *h, const char *s)
{
    return lk_map_string(&h->strings, s);
}

static series *series_for(lk_harmoniser *h, const lk_obs *o)
{
    /* key: table \x1f measure \x1f name=value \x1e ... */
    size_t len = strlen(o->table) + strlen(o->measure) + 4;
    for (size_t i = 0; i < o->n_dims; i++) len += strlen(o->dims[i].name) + strlen(o->dims[i].value) + 2;
    char stack[512], *key = len < sizeof stack ? stack : malloc(len);
    if (!key) return NULL;
    size_t k = (size_t)sprintf(key, "%s\x1f%s\x1f", o->table, o->measure);
    for (size_t i = 0; i < o->n_dims; i++) k += (size_t)sprintf(key + k, "%s=%s\x1e", o->dims[i].name, o->dims[i].value);
    int is_new;
    lk_map_entry *l = lk_map_get(&h->strings, 1, key, k, &is_new);
    if (key != stack) free(key);
    if (!l) return NULL;
    if (l->data) return l->data;
    series *s = lk_arena_alloc(&h->arena, sizeof *s);
    if (!s) return NULL;
    s->key = l->key;
    s->table = intern(h, o->table);
    s->measure = intern(h, o->measure);
    s->measure_code = intern(h, o->measure_code ? o->measure_code : "");
    s->unit = intern(h, o->unit ? o->unit : "");
    s->n_dims = o->n_dims;
    s->dims = o->n_dims ? lk_arena_alloc(&h->arena, o->n_dims * sizeof *s->dims) : NULL;
    if (!s->table || !s->measure || !s->measure_code || !s->unit || (o->n_dims && !s->dims)) return NULL;
    for (size_t i = 0; i < o->n_dims; i++) {
        s->dims[i].name = intern(h, o->dims[i].name);
        s->dims[i].value = intern(h, o->dims[i].value);
        if (!s->dims[i].name || !s->dims[i].value) return NULL;
    }
    s->is_rate = lk_measure_is_rate(o->measure);
    l->data = s;
    return s;
}

static int push(stored **v, size_t *n, size_t *cap, const stored *x)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 1024;
        stored *nv = realloc(*v, c * sizeof *nv);
        if (!nv) return LK_ENOMEM;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = *x;
    return LK_OK;
}

int lk_harmoniser_add(lk_harmoniser *h, const lk_obs *o)
{
    if (!h || !o) return LK_EINVAL;
    stored s;
    s.s = series_for(h, o);
    s.period = intern(h, o->period);
    s.pinfo = o->period_info;
    s.region = intern(h, o->region);
    s.region_name = intern(h, o->region_name);
    s.level = o->level;
    s.has_value = o->has_value;
    s.value = o->value;
    s.status = intern(h, o->status);
    s.listed = 0;
    if (!s.s || !s.period || !s.region || !s.region_name || !s.status) return LK_ENOMEM;
    if (o->period_info.kind && o->period_info.last_year > h->max_year) h->max_year = o->period_info.last_year;
    h->stats.in++;
    return push(&h->obs, &h->n_obs, &h->cap_obs, &s);
}

/* ------------------------------------------------------------------ cells */

static cell *cell_for(lk_harmoniser *h, series *s, const char *period, lk_period pinfo, const char *code)
{
    char key[sizeof(void *) * 2 + LK_REGION_CODE_MAX];
    memcpy(key, &s, sizeof s);
    memcpy(key + sizeof s, &period, sizeof period);
    size_t cl = strlen(code);
    memcpy(key + 2 * sizeof s, code, cl);
    int is_new;
    lk_map_entry *l = lk_map_get(&h->strings, 2, key, 2 * sizeof s + cl, &is_new);
    if (!l) return NULL;
    if (l->data) return l->data;
    cell *c = lk_arena_alloc(&h->arena, sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->s = s;
    c->period = period;
    c->pinfo = pinfo;
    snprintf(c->code, sizeof c->code, "%s", code);
    l->data = c;
    return c;
}

static cell *find_cell(lk_harmoniser *h, series *s, const char *period, const char *code)
{
    char key[sizeof(void *) * 2 + LK_REGION_CODE_MAX];
    memcpy(key, &s, sizeof s);
    memcpy(key + sizeof s, &period, sizeof period);
    size_t cl = strlen(code);
    memcpy(key + 2 * sizeof s, code, cl);
    lk_map_entry *l = lk_map_find(&h->strings, 2, key, 2 * sizeof s + cl);
    return l ? l->data : NULL;
}

static const char *target_name(lk_harmoniser *h, const char *code, int year)
{
    lk_geo_unit u;
    return lk_geo_unit_at(h->g, code, year, &u) == LK_OK ? u.name : "";
}

static int emit(lk_harmoniser *h, const stored *x)
{
    return push(&h->out, &h->n_out, &h->cap_out, x);
}

static int year_of(const stored *x)
{
    return x->pinfo.kind ? x->pinfo.last_year : 0;
}

/* ------------------------------------------------------------------ finish */

/* A grunnkrets or bydel at the target's codes (subunits.c): renumbered with its kommune, as a
 * KLASS grunnkrets list says, or kept without a value and flagged where neither gives its code,
 * so that a zone of today's grunnkretser is incomplete that year rather than short. */
static int recode_subunit(lk_harmoniser *h, const stored *x, int target)
{
    char to[9];
    const char *why;
    int year = year_of(x) ? year_of(x) : target;
    int listed = 0;
    int rc = lk__geo_map_subunit(h->g, x->region, year, target, to, &why, &listed);
    if (rc == LK_ENOMEM) return rc;
    if (rc != LK_OK) return emit(h, x); /* not such a code, or its kommune is unknown: as it is */
    stored y = *x;
    y.listed = listed;
    if (*why) {
        y.has_value = 0;
        y.value = 0;
        y.status = why;
        h->stats.subunits_flagged++;
        return emit(h, &y);
    }
    if (strcmp(to, x->region) != 0) {
        if (!(y.region = intern(h, to))) return LK_ENOMEM;
        h->stats.subunits_recoded++;
    }
    return emit(h, &y);
}

/* Several grunnkretser of the data that a KLASS list merges into one arrive as neighbours
 * after the sort: one observation, their sum (a rate cannot be summed; a missing part keeps
 * the sum missing, with its reason). Returns how many stored rows x[0..] make up the one. */
static size_t merge_subunits(lk_harmoniser *h, stored *x, size_t left)
{
    size_t n = 1;
    if (x->level != LK_LEVEL_GRUNNKRETS && x->level != LK_LEVEL_BYDEL) return 1;
    while (n < left && x[n].s == x->s && x[n].period == x->period && x[n].level == x->level
           && strcmp(x[n].region, x->region) == 0)
        n++;
    if (n == 1) return 1;
    /* Only a KLASS list merges grunnkretser: every row but (at most) one brought here by a listed
     * change. Otherwise the same grunnkrets came under two codes (30051501 and 33011501 for one
     * year: a file on older and one on newer codes), and a sum would count it twice. */
    size_t listed = 0;
    for (size_t k = 0; k < n; k++) listed += x[k].listed != 0;
    if (listed + 1 < n) {
        x->has_value = 0;
        x->value = 0;
        x->status = "~mixed-borders";
        h->stats.subunits_flagged++;
        return n;
    }
    h->stats.subunits_summed++;
    for (size_t k = 1; k < n; k++) {
        if (!x[k].has_value && x->has_value) {
            x->has_value = 0;
            x->status = *x[k].status ? x[k].status : "..";
        } else if (x->has_value) {
            x->value += x[k].value;
        }
    }
    if (x->s->is_rate) {
        x->has_value = 0;
        x->status = "~rate";
    }
    return n;
}

static int level_rank(lk_level l)
{
    switch (l) {
    case LK_LEVEL_LAND: return 0;
    case LK_LEVEL_FYLKE: return 1;
    case LK_LEVEL_KOMMUNE: return 2;
    default: return 3 + (int)l;
    }
}

static int cmp_out(const void *a, const void *b)
{
    const stored *x = a, *y = b;
    int c = strcmp(x->s->key, y->s->key);
    if (c) return c;
    if (x->pinfo.first_year != y->pinfo.first_year) return x->pinfo.first_year < y->pinfo.first_year ? -1 : 1;
    if (x->pinfo.last_year != y->pinfo.last_year) return x->pinfo.last_year < y->pinfo.last_year ? -1 : 1;
    c = strcmp(x->period, y->period);
    if (c) return c;
    if (x->level != y->level) return level_rank(x->level) < level_rank(y->level) ? -1 : 1;
    return strcmp(x->region, y->region);
}

static stored from_cell(lk_harmoniser *h, const cell *c, int target)
{
    stored x;
    x.listed = 0;
    x.s = c->s;
    x.period = c->period;
    x.pinfo = c->pinfo;
    x.region = intern(h, c->code);
    x.region_name = target_name(h, c->code, target);
    x.level = LK_LEVEL_KOMMUNE;
    x.has_value = 0;
    x.value = 0;
    x.status = "";
    return x;
}

/* How many units of `year` make up kommune `code` at the target borders. */
static size_t sources_required(lk_harmoniser *h, const char *code, int year, int target)
{
    const lk_geo_cache *c = lk_geo_cache_for(h->g, year, target);
    size_t n = 0;
    for (size_t i = 0; c && i < c->n; i++)
        for (size_t k = 0; k < c->entries[i].n; k++)
            if (strcmp(c->entries[i].targets[k].code, code) == 0) n++;
    return n;
}

/* Settle one kommune cell: a sum, or a flag saying why there is none. */
static int settle_cell(lk_harmoniser *h, cell *c, int target, stored *x, int count)
{
    lk_harmonise_stats scratch, *st = count ? &h->stats : &scratch;
    *x = from_cell(h, c, target);
    if (!x->region) return LK_ENOMEM;
    int year = c->pinfo.kind ? c->pinfo.last_year : target;
    if (c->estimated && !c->split && !c->missing_status) {
        x->has_value = 1;
        x->value = c->sum;
        x->status = "~estimated";
        st->estimated++;
    } else if (c->preharmonised && c->year_borders) {
        /* 3005 for 2019 (a series already on later borders) beside 0602 for 2019 (the borders of
         * that year): the first holds the second, and a sum would count it twice */
        x->status = "~mixed-borders";
        st->split_flagged++;
    } else if (c->split || (!c->estimated && lk_geo_target_exact(h->g, c->code, year, target) == 0)) {
        x->status = "~split";
        st->split_flagged++;
    } else if (!c->preharmonised && c->sources < sources_required(h, c->code, year, target)) {
        x->status = "~incomplete";
        st->incomplete++;
    } else if (c->s->is_rate && c->sources > 1) {
        x->status = "~rate";
        st->rate_flagged++;
    } else if (c->missing_status) {
        x->status = c->missing_status;
    } else {
        x->has_value = 1;
        x->value = c->sum;
        if (c->sources > 1) st->summed++;
    }
    return LK_OK;
}

/* A fylke whose published figure covers other borders: rebuild it from its kommuner. */
static int rebuild_fylke(lk_harmoniser *h, const stored *f, const char *dest, int target)
{
    stored x = *f;
    x.region = intern(h, dest);
    x.region_name = target_name(h, dest, target);
    x.level = LK_LEVEL_FYLKE;
    x.has_value = 0;
    x.value = 0;
    if (!x.region) return LK_ENOMEM;
    size_t n = 0;
    lk_geo_units(h->g, LK_LEVEL_KOMMUNE, target, NULL, 0, &n);
    lk_geo_unit *units = calloc(n ? n : 1, sizeof *units);
    if (!units) return LK_ENOMEM;
    lk_geo_units(h->g, LK_LEVEL_KOMMUNE, target, units, n, &n);
    size_t required = 0, present = 0, with_value = 0;
    double sum = 0;
    const char *missing = NULL;
    int split = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(units[i].code, dest, 2) != 0) continue;
        required++;
        cell *c = find_cell(h, f->s, f->period, units[i].code);
        if (!c) continue;
        present++;
        stored k;
        if (settle_cell(h, c, target, &k, 0) != LK_OK) { free(units); return LK_ENOMEM; }
        if (k.has_value) {
            with_value++;
            sum += k.value;
        } else if (strcmp(k.status, "~split") == 0) {
            split = 1;
        } else if (!missing) {
            missing = k.status;
        }
    }
    free(units);
    if (f->s->is_rate || present == 0) {
        x.status = "~borders";
        h->stats.fylke_flagged++;
    } else if (split) {
        x.status = "~split";
        h->stats.fylke_flagged++;
    } else if (present < required) {
        x.status = "~incomplete";
        h->stats.fylke_flagged++;
    } else if (missing) {
        x.status = missing;
        h->stats.fylke_flagged++;
    } else {
        x.has_value = 1;
        x.value = sum;
        x.status = "";
        h->stats.fylke_rebuilt++;
    }
    (void)with_value;
    return emit(h, &x);
}

/* Was the unit divided whole between these targets (each target made of it alone)? Only then
 * can its value be shared out; a part of a unit that went into a larger target cannot. */
static int divided_whole(lk_harmoniser *h, const lk_geo_target *t, size_t n, int year, int target)
{
    for (size_t k = 0; k < n; k++)
        if (sources_required(h, t[k].code, year, target) != 1) return 0;
    return 1;
}

static int defer(lk_harmoniser *h, const stored *x, int year, const lk_geo_target *t, size_t n)
{
    if (h->n_pend == h->cap_pend) {
        size_t cap = h->cap_pend ? 2 * h->cap_pend : 64;
        pending *v = realloc(h->pend, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        h->pend = v;
        h->cap_pend = cap;
    }
    pending *p = &h->pend[h->n_pend++];
    p->s = x->s;
    p->period = x->period;
    p->pinfo = x->pinfo;
    p->year = year;
    p->value = x->value;
    p->n = n;
    for (size_t k = 0; k < n; k++) memcpy(p->targets[k], t[k].code, sizeof p->targets[k]); /* same size */
    return LK_OK;
}

static int is_population(const series *s)
{
    static const char *const names[] = { "Personer", "Befolkning", "Folkemengde", "Innbyggere", "Population", NULL };
    int named = 0;
    for (size_t i = 0; names[i] && !named; i++) named = strstr(s->measure, names[i]) != NULL;
    if (!named) return 0;
    for (size_t d = 0; d < s->n_dims; d++) { /* the whole population: no categories, or totals only */
        const char *v = s->dims[d].value;
        if (!lk_label_is_total(v)) return 0;
    }
    return 1;
}

/* Population weights: the targets' population in the first year after the division, from a
 * population series in the data (Personer, Befolkning ... without categories or with totals). */
static int population_weights(lk_harmoniser *h, const pending *p, double *w)
{
    const stored *best = NULL;
    for (size_t i = 0; i < h->n_obs; i++) {
        const stored *o = &h->obs[i];
        int y = year_of(o);
        if (y <= p->year || !is_population(o->s) || (best && y >= year_of(best))) continue;
        int all = 1;
        for (size_t k = 0; k < p->n && all; k++) {
            cell *c = find_cell(h, o->s, o->period, p->targets[k]);
            all = c && c->values && !c->missing_status && !c->split;
        }
        if (all) best = o;
    }
    if (!best) return 0;
    for (size_t k = 0; k < p->n; k++) w[k] = find_cell(h, best->s, best->period, p->targets[k])->sum;
    return 1;
}

/* Share out a divided unit's count by population weights where the data has a population count
 * for the new units, otherwise by their shares of the same series, in the first later period where
 * every target has a number; without one it stays flagged ~split. */
static int share_out(lk_harmoniser *h, const pending *p, int target)
{
    double pw[LK_GEO_MAX_TARGETS];
    if (population_weights(h, p, pw)) {
        double total = 0;
        for (size_t k = 0; k < p->n; k++) total += pw[k];
        if (total > 0) {
            for (size_t k = 0; k < p->n; k++) {
                cell *c = cell_for(h, p->s, p->period, p->pinfo, p->targets[k]);
                if (!c) return LK_ENOMEM;
                c->sources++;
                c->sum += p->value * pw[k] / total;
                c->values++;
                c->estimated = 1;
            }
            (void)target;
            return LK_OK;
        }
    }
    const char *best = NULL;
    int best_year = 0;
    for (size_t i = 0; i < h->n_obs; i++) { /* the series' periods after this one */
        const stored *o = &h->obs[i];
        int y = year_of(o);
        if (o->s != p->s || y <= p->year || (best && y >= best_year)) continue;
        int all = 1;
        for (size_t k = 0; k < p->n && all; k++) {
            cell *c = find_cell(h, p->s, o->period, p->targets[k]);
            all = c && c->values && !c->missing_status && !c->split;
        }
        if (all) {
            best = o->period;
            best_year = y;
        }
    }
    double total = 0, share[LK_GEO_MAX_TARGETS];
    if (best)
        for (size_t k = 0; k < p->n; k++) total += share[k] = find_cell(h, p->s, best, p->targets[k])->sum;
    for (size_t k = 0; k < p->n; k++) {
        cell *c = cell_for(h, p->s, p->period, p->pinfo, p->targets[k]);
        if (!c) return LK_ENOMEM;
        c->sources++;
        if (!best || !(total > 0)) {
            c->split = 1;
            continue;
        }
        c->sum += p->value * share[k] / total;
        c->values++;
        c->estimated = 1;
    }
    (void)target;
    return LK_OK;
}

int lk_harmoniser_finish(lk_harmoniser *h, lk_obs_cb cb, void *payload)
{
    if (!h) return LK_EINVAL;
    int target = h->opts.target_year ? h->opts.target_year : h->max_year;
    if (!target) target = lk_geo_latest_change_year(h->g);
    h->stats.target_year = target;
    int rc = LK_OK;
    h->g->cache_nomem = 0;

    /* Kommuner into cells at the target borders. */
    for (size_t i = 0; i < h->n_obs && rc == LK_OK; i++) {
        stored *x = &h->obs[i];
        if (x->level != LK_LEVEL_KOMMUNE) continue;
        lk_geo_target t[LK_GEO_MAX_TARGETS];
        size_t n = 0;
        int year = year_of(x) ? year_of(x) : target;
        int mrc = lk_geo_map(h->g, x->region, year, target, t, LK_GEO_MAX_TARGETS, &n);
        if (mrc == LK_ENOMEM) { /* not "older borders": the walk's memo could not be made */
            rc = LK_ENOMEM;
            break;
        }
        if (mrc == LK_ENOTFOUND) {
            h->stats.unknown_codes++;
            rc = emit(h, x);
            continue;
        }
        if (mrc != LK_OK) { /* asked for older borders than the code has */
            stored y = *x;
            y.has_value = 0;
            y.status = "~borders";
            rc = emit(h, &y);
            continue;
        }
        if (n > LK_GEO_MAX_TARGETS) n = LK_GEO_MAX_TARGETS;
        if (n > 1 && h->opts.estimate_splits && !x->s->is_rate && x->has_value && divided_whole(h, t, n, year, target)) {
            rc = defer(h, x, year, t, n);
            continue;
        }
        for (size_t k = 0; k < n && rc == LK_OK; k++) {
            cell *c = cell_for(h, x->s, x->period, x->pinfo, t[k].code);
            if (!c) { rc = LK_ENOMEM; break; }
            if (strcmp(t[k].code, x->region) != 0) h->stats.recoded++;
            c->sources++;
            if (lk_geo_unit_at(h->g, x->region, year, NULL) != LK_OK) c->preharmonised = 1;
            else c->year_borders = 1;
            if (n > 1 || !t[k].exact) c->split = 1;
            if (x->has_value) {
                c->sum += x->value;
                c->values++;
            } else if (!c->missing_status) {
                c->missing_status = *x->status ? x->status : "..";
            }
        }
    }
    for (size_t i = 0; i < h->n_pend && rc == LK_OK; i++) rc = share_out(h, &h->pend[i], target);
    /* Settle the cells (each once: they are reached through the map's records). */
    for (size_t j = 0; j < lk_map_count(&h->strings) && rc == LK_OK; j++) {
        lk_map_entry *l = lk_map_at(&h->strings, j);
        if (l->space != 2 || !l->data) continue;
        stored x;
        rc = settle_cell(h, l->data, target, &x, 1);
        if (rc == LK_OK) rc = emit(h, &x);
    }
    /* Fylker: keep figures whose borders did not change; rebuild the others from kommuner. */
    for (size_t i = 0; i < h->n_obs && rc == LK_OK; i++) {
        stored *x = &h->obs[i];
        if (x->level == LK_LEVEL_KOMMUNE) continue;
        if (x->level == LK_LEVEL_GRUNNKRETS || x->level == LK_LEVEL_BYDEL) {
            rc = recode_subunit(h, x, target);
            continue;
        }
        if (x->level != LK_LEVEL_FYLKE) {
            rc = emit(h, x);
            continue;
        }
        int year = year_of(x) ? year_of(x) : target;
        char dest[3];
        if (lk_geo_fylke_maps_exactly(h->g, x->region, year, target, dest)) {
            stored y = *x;
            y.region = intern(h, dest);
            y.region_name = target_name(h, dest, target);
            if (!y.region) { rc = LK_ENOMEM; break; }
            h->stats.fylke_kept++;
            rc = emit(h, &y);
            continue;
        }
        if (lk_geo_unit_at(h->g, x->region, year, NULL) != LK_OK) {
            /* Not a fylke of that year: either a series already on the target borders (SSB's
             * summed series give today's fylker for old years), or unknown. */
            if (lk_geo_unit_at(h->g, x->region, target, NULL) == LK_OK) h->stats.fylke_kept++;
            else h->stats.unknown_codes++;
            rc = emit(h, x);
            continue;
        }
        /* Every target fylke that this fylke's kommuner went to. */
        const lk_geo_cache *c = lk_geo_cache_for(h->g, year, target);
        char done[16][3];
        size_t nd = 0;
        for (size_t e = 0; c && e < c->n && rc == LK_OK; e++) {
            if (strncmp(c->entries[e].code, x->region, 2) != 0) continue;
            for (size_t k = 0; k < c->entries[e].n && rc == LK_OK; k++) {
                const char *tc = c->entries[e].targets[k].code;
                int seen = 0;
                for (size_t d = 0; d < nd; d++)
                    if (strncmp(done[d], tc, 2) == 0) seen = 1;
                if (seen || nd == 16) continue;
                memcpy(done[nd], tc, 2);
                done[nd][2] = '\0';
                nd++;
            }
        }
        for (size_t d = 0; d < nd && rc == LK_OK; d++) {
            /* Several old fylker can lead to one new: build each new fylke once per series/period. */
            cell *mark = cell_for(h, x->s, x->period, x->pinfo, done[d]);
            if (!mark) { rc = LK_ENOMEM; break; }
            int already = mark->sources > 0;
            mark->sources = 1;
            if (!already) rc = rebuild_fylke(h, x, done[d], target);
        }
    }
    if (rc == LK_OK && h->g->cache_nomem) rc = LK_ENOMEM; /* some flags above were decided without the map */
    if (rc != LK_OK) return rc;
    if (h->n_out) qsort(h->out, h->n_out, sizeof *h->out, cmp_out); /* h->out is NULL when nothing came in */
    lk_dim *dims = NULL;
    size_t cap = 0;
    for (size_t i = 0, n; i < h->n_out; i += n) {
        stored *x = &h->out[i];
        n = merge_subunits(h, x, h->n_out - i);
        lk_obs o;
        memset(&o, 0, sizeof o);
        o.table = x->s->table;
        o.region = x->region;
        o.region_name = x->region_name;
        o.level = x->level;
        o.period = x->period;
        o.period_info = x->pinfo;
        o.measure = x->s->measure;
        o.measure_code = x->s->measure_code;
        o.unit = x->s->unit;
        if (x->s->n_dims > cap) {
            free(dims);
            cap = x->s->n_dims;
            dims = malloc(cap * sizeof *dims);
            if (!dims) return LK_ENOMEM;
        }
        for (size_t d = 0; d < x->s->n_dims; d++) dims[d] = x->s->dims[d];
        o.dims = dims;
        o.n_dims = x->s->n_dims;
        o.has_value = x->has_value;
        o.value = x->value;
        o.status = x->status;
        h->stats.out++;
        if (cb && cb(&o, payload) != 0) {
            free(dims);
            return LK_EUSER;
        }
    }
    free(dims);
    return LK_OK;
}
