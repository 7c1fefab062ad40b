/* The observations of several files: one observation given by two files would be counted
 * twice, so it is an error naming both places.
 *
 * An observation is a key of three numbers (region, series = measure and categories, period)
 * and where it came from (source = file and table, line). The table is not in the key: a file
 * without a table id matches every table, so the observations of one key are all looked at
 * (few: one per file that has it). Labels are numbered in pools of distinct strings; the
 * numbers of a region, period or series are remembered by pointer while the reader stays the
 * same, so a row's repeated labels cost a pointer comparison. What counts as the same
 * observation, and why (a file without a table id, categories in another order), is said in
 * levekar/inputs.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/inputs.h"
#include "../common/arena.h"
#include "../common/obs_identity.h"
#include "../common/bigalloc.h"
#include "../common/map.h"

#define SERIES_BITS 24
#define PERIOD_BITS 18
#define REGION_BITS 22 /* a code's or a name's number, times 2, plus 1 for a name */
#define LINE_BITS 40   /* the rest of `where` is the source */
#define SOURCE_BITS 24
#define MEMO_DIMS 8    /* series with more categories are not remembered by pointer */

/* Distinct byte strings, numbered from 1 in order of first sight. */
typedef struct pool {
    const char **text;    /* by number (NUL-terminated copies in the set's arena; [0] unused) */
    uint32_t *len;
    uint64_t *hash;
    uint32_t n, cap;      /* strings held, room in the arrays */
    uint32_t *slots;      /* open addressing: numbers, 0 empty */
    size_t n_slots;
} pool;

typedef struct source {
    uint32_t file, table; /* numbers in the files and tables pools */
} source;

/* An observation held: key 0 is an empty slot. */
typedef struct slot {
    uint64_t key;   /* region, series, period numbers */
    uint64_t where; /* source, line */
} slot;

typedef struct ptr_memo {
    const char *p;
    uint32_t number;
} ptr_memo;

typedef struct series_memo {
    const char *measure;
    const char *dims[2 * MEMO_DIMS];
    size_t n_dims;
    uint32_t number;
} series_memo;

struct lk_obsset {
    lk_arena arena;
    pool files, tables, codes, names, periods, series;
    source *src;
    uint32_t n_src, cap_src;
    uint32_t file;           /* the current file (lk_obsset_file), 0 before the first */
    slot *slots;             /* the observations, open addressing */
    size_t n_slots, count;
    /* numbers by pointer, valid for the reader memo_source only */
    unsigned long long memo_source;
    ptr_memo table, region, period[64];
    series_memo series_memo[32];
    char *scratch;           /* a series' text being built, and the order of its categories */
    size_t scratch_cap;
    size_t *order;
    size_t order_cap;
    char errmsg[1024];
};

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 33);
}

static int fail(lk_obsset *s, int status, const char *what, unsigned long limit)
{
    snprintf(s->errmsg, sizeof s->errmsg, "more than %lu %s across the input files (expected fewer)", limit, what);
    return status;
}

/* ------------------------------------------------------------------ pools */

static void pool_free(pool *p)
{
    free(p->text);
    free(p->len);
    free(p->hash);
    free(p->slots);
}

static int pool_rehash(pool *p)
{
    size_t n = p->n_slots ? 2 * p->n_slots : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots) return LK_ENOMEM;
    for (uint32_t id = 1; id <= p->n; id++) {
        size_t j = (size_t)p->hash[id] & (n - 1);
        while (slots[j]) j = (j + 1) & (n - 1);
        slots[j] = id;
    }
    free(p->slots);
    p->slots = slots;
    p->n_slots = n;
    return LK_OK;
}

static int pool_reserve(pool *p)
{
    if (p->n + 1 < p->cap) return LK_OK;
    uint32_t cap = p->cap ? 2 * p->cap : 16;
    const char **text = realloc(p->text, cap * sizeof *text);
    if (text) p->text = text;
    uint32_t *len = realloc(p->len, cap * sizeof *len);
    if (len) p->len = len;
    uint64_t *hash = realloc(p->hash, cap * sizeof *hash);
    if (hash) p->hash = hash;
    if (!text || !len || !hash) return LK_ENOMEM;
    p->cap = cap;
    return LK_OK;
}

/* The number of [t, t+len), added when new; LK_ELIMIT when a new one would exceed limit. */
static int pool_number(lk_obsset *s, pool *p, const char *t, size_t len, uint32_t limit, uint32_t *out)
{
    if (len > UINT32_MAX) return LK_ELIMIT;
    if ((p->n + 1) * 4 > p->n_slots * 3 && pool_rehash(p) != LK_OK) return LK_ENOMEM;
    uint64_t h = lk_hash64_bytes(0, t, len);
    size_t j = (size_t)h & (p->n_slots - 1);
    for (uint32_t id; (id = p->slots[j]) != 0; j = (j + 1) & (p->n_slots - 1))
        if (p->hash[id] == h && p->len[id] == len && memcmp(p->text[id], t, len) == 0) {
            *out = id;
            return LK_OK;
        }
    if (p->n >= limit) return LK_ELIMIT;
    if (pool_reserve(p) != LK_OK) return LK_ENOMEM;
    char *copy = lk_arena_strndup(&s->arena, t, len);
    if (!copy) return LK_ENOMEM;
    uint32_t id = ++p->n;
    p->text[id] = copy;
    p->len[id] = (uint32_t)len;
    p->hash[id] = h;
    p->slots[j] = id;
    *out = id;
    return LK_OK;
}

/* ------------------------------------------------------------------ the set */

int lk_obsset_new(lk_obsset **out)
{
    if (!out) return LK_EINVAL;
    *out = calloc(1, sizeof **out);
    if (!*out) return LK_ENOMEM;
    lk_arena_init(&(*out)->arena);
    return LK_OK;
}

void lk_obsset_free(lk_obsset *s)
{
    if (!s) return;
    pool_free(&s->files);
    pool_free(&s->tables);
    pool_free(&s->codes);
    pool_free(&s->names);
    pool_free(&s->periods);
    pool_free(&s->series);
    free(s->src);
    lk_big_free(s->slots, s->n_slots * sizeof *s->slots);
    free(s->scratch);
    free(s->order);
    lk_arena_free(&s->arena);
    free(s);
}

const char *lk_obsset_errmsg(const lk_obsset *s)
{
    return s ? s->errmsg : "out of memory (no observation set)";
}

size_t lk_obsset_count(const lk_obsset *s)
{
    return s ? s->count : 0;
}

static void forget_pointers(lk_obsset *s, unsigned long long reader)
{
    memset(&s->table, 0, sizeof s->table);
    memset(&s->region, 0, sizeof s->region);
    memset(s->period, 0, sizeof s->period);
    memset(s->series_memo, 0, sizeof s->series_memo);
    s->memo_source = reader;
}

int lk_obsset_file(lk_obsset *s, const char *name)
{
    if (!s || !name) return LK_EINVAL;
    s->errmsg[0] = '\0';
    forget_pointers(s, 0);
    int rc = pool_number(s, &s->files, name, strlen(name), UINT32_MAX - 1, &s->file);
    if (rc != LK_OK) s->file = 0; /* no file: adding fails rather than go to the previous one */
    return rc;
}

/* The source of the current file with this table. */
static int source_number(lk_obsset *s, uint32_t file, const char *table, uint32_t *out)
{
    uint32_t t;
    int rc = pool_number(s, &s->tables, table, strlen(table), UINT32_MAX - 1, &t);
    if (rc != LK_OK) return rc;
    for (uint32_t i = s->n_src; i-- > 0;)
        if (s->src[i].file == file && s->src[i].table == t) {
            *out = i;
            return LK_OK;
        }
    if (s->n_src >= (1u << SOURCE_BITS) - 1) return fail(s, LK_ELIMIT, "files", (1ul << SOURCE_BITS) - 1);
    if (s->n_src == s->cap_src) {
        uint32_t cap = s->cap_src ? 2 * s->cap_src : 8;
        source *v = realloc(s->src, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        s->src = v;
        s->cap_src = cap;
    }
    s->src[s->n_src].file = file;
    s->src[s->n_src].table = t;
    *out = s->n_src++;
    return LK_OK;
}

static int region_number(lk_obsset *s, const char *code, const char *name, uint32_t *out)
{
    int by_name = !*code;
    const char *t = by_name ? name : code;
    uint32_t n;
    int rc = pool_number(s, by_name ? &s->names : &s->codes, t, strlen(t), (1u << (REGION_BITS - 1)) - 1, &n);
    if (rc != LK_OK) return rc == LK_ELIMIT ? fail(s, rc, "regions", (1ul << (REGION_BITS - 1)) - 1) : rc;
    *out = 2 * n + (uint32_t)by_name;
    return LK_OK;
}

static int period_number(lk_obsset *s, const char *period, uint32_t *out)
{
    int rc = pool_number(s, &s->periods, period, strlen(period), (1u << PERIOD_BITS) - 1, out);
    return rc == LK_ELIMIT ? fail(s, rc, "periods", (1ul << PERIOD_BITS) - 1) : rc;
}

/* p with room for need elements (at least one): p itself, a larger copy, or NULL. */
static void *room(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap && p) return p;
    size_t n = *cap ? *cap : 256;
    while (n < need) n *= 2;
    void *v = realloc(p, n * size);
    if (v) *cap = n;
    return v;
}

static int dim_before(const lk_dim *a, const lk_dim *b)
{
    int c = strcmp(a->name, b->name);
    return c < 0 || (c == 0 && strcmp(a->value, b->value) < 0);
}

/* A series' text: the measure, then its categories in the order of their names (a file's
 * column order says nothing), each string ending in a NUL. */
static int series_number(lk_obsset *s, const char *measure, const lk_dim *dims, size_t n_dims, uint32_t *out)
{
    size_t len = strlen(measure) + 1;
    for (size_t i = 0; i < n_dims; i++) len += strlen(dims[i].name) + strlen(dims[i].value) + 2;
    char *w = room(s->scratch, &s->scratch_cap, len, 1);
    if (w) s->scratch = w;
    size_t *order = room(s->order, &s->order_cap, n_dims, sizeof *order);
    if (order) s->order = order;
    if (!w || !order) return LK_ENOMEM;
    for (size_t i = 0; i < n_dims; i++) { /* insertion sort: a handful of categories */
        size_t j = i;
        for (; j > 0 && dim_before(&dims[i], &dims[s->order[j - 1]]); j--) s->order[j] = s->order[j - 1];
        s->order[j] = i;
    }
    size_t k = strlen(measure) + 1;
    memcpy(w, measure, k);
    for (size_t i = 0; i < n_dims; i++) {
        const lk_dim *d = &dims[s->order[i]];
        size_t a = strlen(d->name) + 1, b = strlen(d->value) + 1;
        memcpy(w + k, d->name, a);
        memcpy(w + k + a, d->value, b);
        k += a + b;
    }
    int rc = pool_number(s, &s->series, w, k, (1u << SERIES_BITS) - 1, out);
    return rc == LK_ELIMIT ? fail(s, rc, "combinations of measure and categories", (1ul << SERIES_BITS) - 1) : rc;
}

static series_memo *memo_for_series(lk_obsset *s, const lk_obs *o)
{
    uintptr_t h = (uintptr_t)o->measure;
    for (size_t i = 0; i < o->n_dims; i++) h = h * 31 + (uintptr_t)o->dims[i].value;
    return &s->series_memo[(h >> 4) % 32];
}

static int memo_matches(const series_memo *m, const lk_obs *o)
{
    if (m->measure != o->measure || m->n_dims != o->n_dims) return 0;
    for (size_t i = 0; i < o->n_dims; i++)
        if (m->dims[2 * i] != o->dims[i].name || m->dims[2 * i + 1] != o->dims[i].value) return 0;
    return 1;
}

/* The obs' numbers: through the pointer memos where its reader allows (obs_identity.h). */
static int numbers(lk_obsset *s, const lk_obs *o, uint32_t *src, uint32_t *region, uint32_t *series, uint32_t *period)
{
    unsigned long long reader = lk__obs_source(o);
    int memo = reader != 0, rc;
    if (memo && reader != s->memo_source) forget_pointers(s, reader);
    if (memo && s->table.p == o->table) *src = s->table.number;
    else if ((rc = source_number(s, s->file, o->table, src)) != LK_OK) return rc;
    else if (memo) s->table = (ptr_memo){ o->table, *src };
    const char *rp = *o->region ? o->region : o->region_name;
    if (memo && s->region.p == rp) *region = s->region.number;
    else if ((rc = region_number(s, o->region, o->region_name, region)) != LK_OK) return rc;
    else if (memo) s->region = (ptr_memo){ rp, *region };
    ptr_memo *pm = &s->period[((uintptr_t)o->period >> 3) % 64];
    if (memo && pm->p == o->period) *period = pm->number;
    else if ((rc = period_number(s, o->period, period)) != LK_OK) return rc;
    else if (memo) *pm = (ptr_memo){ o->period, *period };
    series_memo *sm = memo && o->n_dims <= MEMO_DIMS ? memo_for_series(s, o) : NULL;
    if (sm && memo_matches(sm, o)) {
        *series = sm->number;
    } else {
        if ((rc = series_number(s, o->measure, o->dims, o->n_dims, series)) != LK_OK) return rc;
        if (sm) {
            sm->measure = o->measure;
            sm->n_dims = o->n_dims;
            for (size_t i = 0; i < o->n_dims; i++) {
                sm->dims[2 * i] = o->dims[i].name;
                sm->dims[2 * i + 1] = o->dims[i].value;
            }
            sm->number = *series;
        }
    }
    return LK_OK;
}

static uint64_t make_key(uint32_t region, uint32_t series, uint32_t period)
{
    return (uint64_t)region << (SERIES_BITS + PERIOD_BITS) | (uint64_t)series << PERIOD_BITS | period;
}

/* The first slot to look at for a key. Four periods of one region and series share a hash
 * and a cache line (periods are numbered in order of first sight, so a series' years are
 * mostly neighbours): a file that runs through the years of a series touches a quarter of
 * the lines it would otherwise. */
static size_t home(uint64_t key, size_t mask)
{
    return ((size_t)mix64(key >> 2) & ~(size_t)3 & mask) | (size_t)(key & 3);
}

static int rehash(lk_obsset *s)
{
    size_t n = s->n_slots ? 2 * s->n_slots : 1024;
    slot *v = lk_big_calloc(n * sizeof *v); /* huge pages: a fault per 2 MiB, not per 4 KiB */
    if (!v) return LK_ENOMEM;
    for (size_t i = 0; i < s->n_slots; i++) {
        if (!s->slots[i].key) continue;
        size_t j = home(s->slots[i].key, n - 1);
        while (v[j].key) j = (j + 1) & (n - 1);
        v[j] = s->slots[i];
    }
    lk_big_free(s->slots, s->n_slots * sizeof *s->slots);
    s->slots = v;
    s->n_slots = n;
    return LK_OK;
}

static int same_table(const lk_obsset *s, uint32_t a, uint32_t b)
{
    uint32_t ta = s->src[a].table, tb = s->src[b].table;
    return ta == tb || s->tables.len[ta] == 0 || s->tables.len[tb] == 0;
}

/* Put an observation in: LK_OK, also when its file holds it already (the other part of a
 * split file); LK_EDATA with *other the place of another file's same observation. */
static int put(lk_obsset *s, uint64_t key, uint32_t src, unsigned long line, uint64_t *other)
{
    if ((s->count + 1) * 3 > s->n_slots * 2 && rehash(s) != LK_OK) return LK_ENOMEM;
    size_t mask = s->n_slots - 1, j = home(key, mask);
    for (; s->slots[j].key; j = (j + 1) & mask) {
        if (s->slots[j].key != key) continue;
        uint32_t o = (uint32_t)(s->slots[j].where >> LINE_BITS);
        if (s->src[o].file == s->src[src].file) {
            if (o == src) return LK_OK;
        } else if (same_table(s, o, src)) {
            *other = s->slots[j].where;
            return LK_EDATA;
        }
    }
    s->slots[j].key = key;
    s->slots[j].where = (uint64_t)src << LINE_BITS | (line < (1ull << LINE_BITS) ? line : 0);
    s->count++;
    return LK_OK;
}

/* "table 10539, region 3301, period 2024, measure ..., alder=15-74 år" */
static void describe(const lk_obsset *s, char *buf, size_t size, uint64_t key, uint32_t table)
{
    uint32_t region = (uint32_t)(key >> (SERIES_BITS + PERIOD_BITS));
    uint32_t series = (uint32_t)(key >> PERIOD_BITS) & ((1u << SERIES_BITS) - 1);
    uint32_t period = (uint32_t)key & ((1u << PERIOD_BITS) - 1);
    const char *fields[4] = { s->tables.text[table], (region & 1 ? &s->names : &s->codes)->text[region >> 1],
                              s->periods.text[period], s->series.text[series] };
    static const char *const labels[4] = { "table", "region", "period", "measure" };
    size_t k = 0;
    for (int i = 0; i < 4; i++)
        if (*fields[i] && k < size)
            k += (size_t)snprintf(buf + k, size - k, "%s%s %s", k ? ", " : "", labels[i], fields[i]);
    const char *p = s->series.text[series], *end = p + s->series.len[series];
    for (p += strlen(p) + 1; p < end && k < size; p += strlen(p) + 1) {
        const char *value = p + strlen(p) + 1;
        k += (size_t)snprintf(buf + k, size - k, "%s%s=%s", k ? ", " : "", p, value);
        p = value;
    }
}

/* The message after `at` (the place of the observation given again, or ""). */
static int conflict(lk_obsset *s, const char *at, uint64_t key, uint32_t src, uint64_t other)
{
    uint32_t o = (uint32_t)(other >> LINE_BITS);
    unsigned long line = (unsigned long)(other & ((1ull << LINE_BITS) - 1));
    char desc[640], place[32] = "";
    describe(s, desc, sizeof desc, key, s->tables.len[s->src[src].table] ? s->src[src].table : s->src[o].table);
    if (line) snprintf(place, sizeof place, ":%lu", line);
    snprintf(s->errmsg, sizeof s->errmsg, "%sthe same observation as %s%s (%s) (expected each observation once)",
             at, s->files.text[s->src[o].file], place, desc);
    return LK_EDATA;
}

int lk_obsset_add(lk_obsset *s, const lk_obs *obs)
{
    if (!s || !obs || !s->file) return LK_EINVAL;
    uint32_t src, region, series, period;
    int rc = numbers(s, obs, &src, &region, &series, &period);
    if (rc != LK_OK) return rc;
    uint64_t key = make_key(region, series, period), other;
    rc = put(s, key, src, obs->line, &other);
    return rc == LK_EDATA ? conflict(s, "", key, src, other) : rc;
}

/* from's numbers of one pool, as into's. */
static int translate(lk_obsset *into, pool *to, const pool *from, uint32_t **map)
{
    *map = malloc(((size_t)from->n + 1) * sizeof **map);
    if (!*map) return LK_ENOMEM;
    (*map)[0] = 0;
    for (uint32_t id = 1; id <= from->n; id++) {
        int rc = pool_number(into, to, from->text[id], from->len[id], UINT32_MAX - 1, &(*map)[id]);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

typedef struct maps {
    uint32_t *files, *tables, *codes, *names, *periods, *series, *src;
} maps;

static int translate_all(lk_obsset *into, const lk_obsset *from, maps *m)
{
    int rc;
    if ((rc = translate(into, &into->files, &from->files, &m->files)) != LK_OK
        || (rc = translate(into, &into->tables, &from->tables, &m->tables)) != LK_OK
        || (rc = translate(into, &into->codes, &from->codes, &m->codes)) != LK_OK
        || (rc = translate(into, &into->names, &from->names, &m->names)) != LK_OK
        || (rc = translate(into, &into->periods, &from->periods, &m->periods)) != LK_OK
        || (rc = translate(into, &into->series, &from->series, &m->series)) != LK_OK)
        return rc;
    if (into->codes.n >= 1u << (REGION_BITS - 1) || into->names.n >= 1u << (REGION_BITS - 1))
        return fail(into, LK_ELIMIT, "regions", (1ul << (REGION_BITS - 1)) - 1);
    if (into->periods.n >= 1u << PERIOD_BITS) return fail(into, LK_ELIMIT, "periods", (1ul << PERIOD_BITS) - 1);
    if (into->series.n >= 1u << SERIES_BITS)
        return fail(into, LK_ELIMIT, "combinations of measure and categories", (1ul << SERIES_BITS) - 1);
    m->src = malloc(((size_t)from->n_src + 1) * sizeof *m->src);
    if (!m->src) return LK_ENOMEM;
    for (uint32_t i = 0; i < from->n_src && rc == LK_OK; i++)
        rc = source_number(into, m->files[from->src[i].file], into->tables.text[m->tables[from->src[i].table]], &m->src[i]);
    return rc;
}

static void maps_free(maps *m)
{
    free(m->files);
    free(m->tables);
    free(m->codes);
    free(m->names);
    free(m->periods);
    free(m->series);
    free(m->src);
}

static uint64_t translate_key(const maps *m, uint64_t key)
{
    uint32_t region = (uint32_t)(key >> (SERIES_BITS + PERIOD_BITS));
    uint32_t series = (uint32_t)(key >> PERIOD_BITS) & ((1u << SERIES_BITS) - 1);
    uint32_t period = (uint32_t)key & ((1u << PERIOD_BITS) - 1);
    region = 2 * (region & 1 ? m->names : m->codes)[region >> 1] + (region & 1);
    return make_key(region, m->series[series], m->periods[period]);
}

int lk_obsset_merge(lk_obsset *into, const lk_obsset *from, unsigned long line_base)
{
    if (!into || !from || into == from) return LK_EINVAL;
    into->errmsg[0] = '\0';
    maps m = { 0 };
    int rc = translate_all(into, from, &m);
    /* the first line of from (by source, then line) that another file of into gave already */
    uint64_t first_key = 0, first_other = 0;
    uint32_t first_src = 0, first_from_src = UINT32_MAX;
    unsigned long first_line = 0;
    for (size_t i = 0; i < from->n_slots && rc == LK_OK; i++) {
        const slot *e = &from->slots[i];
        if (!e->key) continue;
        uint32_t fs = (uint32_t)(e->where >> LINE_BITS);
        unsigned long line = (unsigned long)(e->where & ((1ull << LINE_BITS) - 1));
        if (line) line += line_base;
        uint64_t key = translate_key(&m, e->key), other;
        int prc = put(into, key, m.src[fs], line, &other);
        if (prc == LK_EDATA) {
            if (fs < first_from_src || (fs == first_from_src && line < first_line)) {
                first_key = key;
                first_other = other;
                first_src = m.src[fs];
                first_from_src = fs;
                first_line = line;
            }
        } else {
            rc = prc;
        }
    }
    maps_free(&m);
    if (rc != LK_OK || first_from_src == UINT32_MAX) return rc;
    char at[600];
    if (first_line) snprintf(at, sizeof at, "%.500s:%lu: ", into->files.text[into->src[first_src].file], first_line);
    else snprintf(at, sizeof at, "%.500s: ", into->files.text[into->src[first_src].file]);
    return conflict(into, at, first_key, first_src, first_other);
}
