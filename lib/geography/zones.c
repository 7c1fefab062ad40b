/* Zones: user-defined districts as sets of grunnkretser, delområder or kommuner, their sums,
 * and the coverage rows (how much of a kommune's count lies outside every zone), which
 * lib/report/coverage.c protects and writes. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/harmonise.h"
#include "levekar/labels.h"
#include "levekar/numbers.h"
#include "levekar/zones.h"
#include "../common/arena.h"
#include "../common/ascii.h"
#include "../common/map.h"
#include "../common/side_csv.h"

typedef struct member {
    const char *code;   /* 8, 6 or 4 digits */
    size_t zone;        /* index into zones */
    size_t index;       /* its place among the zone's members */
    unsigned long line;
} member;

/* Members by code, and the codes of delområder and kommuner that hold some longer member: a
 * code of at most 8 digits and its length make an integer key (0 marks a free slot). */
typedef struct code_slot {
    uint64_t key;
    size_t member;
} code_slot;

struct lk_zones {
    lk_arena arena;
    lk_zone *zones;
    unsigned long *zone_lines;   /* the line each zone was first named on */
    size_t n_zones, cap_zones;
    member *members;
    size_t n_members, cap_members;
    code_slot *slots;
    size_t n_slots, n_used;
    lk_map zone_index;           /* zone codes, data: index + 1 */
    char errmsg[1024];
};

static int zfail(lk_zones *z, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int zfail(lk_zones *z, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(z->errmsg, sizeof z->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *lk_zones_errmsg(const lk_zones *z)
{
    return z ? z->errmsg : "out of memory (no zones)";
}

size_t lk_zones_count(const lk_zones *z)
{
    return z ? z->n_zones : 0;
}

const lk_zone *lk_zones_get(const lk_zones *z, size_t i)
{
    return z && i < z->n_zones ? &z->zones[i] : NULL;
}

void lk_zones_free(lk_zones *z)
{
    if (!z) return;
    free(z->zones);
    free(z->zone_lines);
    free(z->members);
    free(z->slots);
    lk_map_free(&z->zone_index);
    lk_arena_free(&z->arena);
    free(z);
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!lk_is_digit((unsigned char)s[i])) return 0;
    return 1;
}

/* Key of the first `len` digits of code; `holds` for the entry "some longer member starts so". */
static uint64_t code_key(const char *code, size_t len, int holds)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) v = v * 10 + (uint64_t)(code[i] - '0');
    return v << 8 | (uint64_t)len << 1 | (uint64_t)(holds != 0);
}

static size_t slot_of(const lk_zones *z, uint64_t key)
{
    size_t mask = z->n_slots - 1, j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
    while (z->slots[j].key && z->slots[j].key != key) j = (j + 1) & mask;
    return j;
}

/* The member stored under key, or SIZE_MAX. */
static size_t lookup(const lk_zones *z, uint64_t key)
{
    if (!z->n_slots) return SIZE_MAX;
    size_t j = slot_of(z, key);
    return z->slots[j].key ? z->slots[j].member : SIZE_MAX;
}

/* Store key → member unless the key is there already. */
static int remember(lk_zones *z, uint64_t key, size_t mi)
{
    if (2 * (z->n_used + 1) > z->n_slots) {
        size_t n = z->n_slots ? 2 * z->n_slots : 256;
        code_slot *old = z->slots, *v = calloc(n, sizeof *v);
        if (!v) return LK_ENOMEM;
        size_t old_n = z->n_slots;
        z->slots = v;
        z->n_slots = n;
        for (size_t i = 0; i < old_n; i++)
            if (old[i].key) z->slots[slot_of(z, old[i].key)] = old[i];
        free(old);
    }
    size_t j = slot_of(z, key);
    if (!z->slots[j].key) {
        z->slots[j].key = key;
        z->slots[j].member = mi;
        z->n_used++;
    }
    return LK_OK;
}

static const char *member_kind(size_t len)
{
    return len == 8 ? "grunnkrets" : len == 6 ? "delområde" : "kommune";
}

/* A member that covers part of another (a delområde and one of its grunnkretser, a kommune and
 * a grunnkrets in it) would count the same people twice, in one zone or in two. */
static int check_overlap(lk_zones *z, const char *code, unsigned long line, const char *path)
{
    size_t len = strlen(code), other = SIZE_MAX;
    for (size_t p = 4; p < len && other == SIZE_MAX; p += 2) other = lookup(z, code_key(code, p, 0));
    if (other == SIZE_MAX) other = lookup(z, code_key(code, len, 1));
    if (other == SIZE_MAX) return LK_OK;
    const member *m = &z->members[other];
    size_t ml = strlen(m->code);
    const char *outer = ml < len ? m->code : code, *inner = ml < len ? code : m->code;
    return zfail(z, LK_EDATA, "%s:%lu: %s %s overlaps %s %s of zone %s on line %lu: %s lies in %s (expected members "
                 "that do not overlap, so that nobody is counted twice)", path, line, member_kind(len), code,
                 member_kind(ml), m->code, z->zones[m->zone].code, m->line, inner, outer);
}

/* A zone code that reads as a region code would be taken for that region in the output. */
static int region_like(const char *code)
{
    lk_region_label l;
    if (lk_region_label_parse(&l, code, strlen(code)) != LK_OK || l.name_length) return 0;
    return l.level == LK_LEVEL_LAND || l.level == LK_LEVEL_FYLKE || l.level == LK_LEVEL_KOMMUNE
           || l.level == LK_LEVEL_BYDEL || l.level == LK_LEVEL_GRUNNKRETS;
}

/* The zone named `zone`, added on first sight: SIZE_MAX with the message set on failure. */
static size_t zone_for(lk_zones *z, const char *zone, const char *name, const char *code, unsigned long line,
                       const char *path, int *rc)
{
    int is_new;
    lk_map_entry *l = lk_map_get(&z->zone_index, 0, zone, strlen(zone), &is_new);
    if (!l) {
        *rc = LK_ENOMEM;
        return SIZE_MAX;
    }
    if (l->data) {
        size_t zi = (size_t)(uintptr_t)l->data - 1;
        if (strcmp(z->zones[zi].name, name) != 0) {
            *rc = zfail(z, LK_EDATA, "%s:%lu: zone %s is named '%s', but '%s' on line %lu (expected one name per zone)",
                        path, line, zone, name, z->zones[zi].name, z->zone_lines[zi]);
            return SIZE_MAX;
        }
        return zi;
    }
    if (region_like(zone)) {
        *rc = zfail(z, LK_EDATA, "%s:%lu: zone code '%s' is also the code of a region (expected a code of its own, "
                    "such as 'S%s', that the output cannot mistake for that region)", path, line, zone, zone);
        return SIZE_MAX;
    }
    if (z->n_zones == z->cap_zones) {
        size_t cap = z->cap_zones ? 2 * z->cap_zones : 16;
        lk_zone *v = realloc(z->zones, cap * sizeof *v);
        if (v) z->zones = v;
        unsigned long *lines = v ? realloc(z->zone_lines, cap * sizeof *lines) : NULL;
        if (!lines) {
            *rc = LK_ENOMEM;
            return SIZE_MAX;
        }
        z->zone_lines = lines;
        z->cap_zones = cap;
    }
    lk_zone *nz = &z->zones[z->n_zones];
    nz->code = zone;
    nz->name = name;
    nz->kommune = lk_arena_strndup(&z->arena, code, 4);
    nz->n_members = 0;
    if (!nz->kommune) {
        *rc = LK_ENOMEM;
        return SIZE_MAX;
    }
    z->zone_lines[z->n_zones] = line;
    l->data = (void *)(uintptr_t)(z->n_zones + 1);
    return z->n_zones++;
}

static int add_member(lk_zones *z, const char *code, const char *zone, const char *name, unsigned long line, const char *path)
{
    size_t len = strlen(code), dup = lookup(z, code_key(code, len, 0));
    if (dup != SIZE_MAX)
        return zfail(z, LK_EDATA, "%s:%lu: %s is already a member of zone %s (expected each member in one zone)",
                     path, line, code, z->zones[z->members[dup].zone].code);
    int rc = check_overlap(z, code, line, path);
    if (rc != LK_OK) return rc;
    size_t zi = zone_for(z, zone, name, code, line, path, &rc);
    if (zi == SIZE_MAX) return rc;
    if (strncmp(z->zones[zi].kommune, code, 4) != 0)
        return zfail(z, LK_EDATA, "%s:%lu: member %s of zone %s lies in kommune %.4s, the zone's other members in %s "
                     "(expected a zone inside one kommune)", path, line, code, zone, code, z->zones[zi].kommune);
    if (z->n_members == z->cap_members) {
        size_t cap = z->cap_members ? 2 * z->cap_members : 64;
        member *v = realloc(z->members, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        z->members = v;
        z->cap_members = cap;
    }
    size_t mi = z->n_members;
    if (remember(z, code_key(code, len, 0), mi) != LK_OK) return LK_ENOMEM;
    for (size_t p = 4; p < len; p += 2)
        if (remember(z, code_key(code, p, 1), mi) != LK_OK) return LK_ENOMEM;
    z->members[mi].code = code;
    z->members[mi].zone = zi;
    z->members[mi].index = z->zones[zi].n_members++;
    z->members[mi].line = line;
    z->n_members++;
    return LK_OK;
}

int lk_zones_load(lk_zones **out, const char *path)
{
    if (!out || !path) return LK_EINVAL;
    lk_zones *z = calloc(1, sizeof *z);
    *out = z;
    if (!z) return LK_ENOMEM;
    lk_arena_init(&z->arena);
    lk_map_init(&z->zone_index, &z->arena, 0);
    lk_side_csv csv;
    int rc = lk_side_csv_open(&csv, path, "zone,name,member"), more = 0;
    if (rc != LK_OK) return zfail(z, rc, "%s", csv.errmsg);
    int cz = -1, cn = -1, cm = -1;
    while (rc == LK_OK && (rc = lk_side_csv_next(&csv, &more)) == LK_OK && more) {
        if (cz < 0) {
            cz = lk_side_csv_column(&csv, "zone");
            cn = lk_side_csv_column(&csv, "name");
            cm = lk_side_csv_column(&csv, "member");
            if (cz < 0 && cn < 0 && cm < 0) { /* FHI's levekårssone file as it is (lks_gk_2026.csv) */
                cz = lk_side_csv_column(&csv, "levekaar");
                cn = lk_side_csv_column(&csv, "lksnavn");
                cm = lk_side_csv_column(&csv, "grunnkrets");
            }
            if (cz < 0 || cn < 0 || cm < 0)
                rc = zfail(z, LK_EDATA, "%s:%lu: header without zone, name and member (expected the header zone,name,member, "
                           "or FHI's levekaar,lksnavn,grunnkrets)", path, csv.line);
            continue;
        }
        char *zone = lk_side_csv_cell(&csv, (size_t)cz, &z->arena);
        char *name = lk_side_csv_cell(&csv, (size_t)cn, &z->arena);
        char *m = lk_side_csv_cell(&csv, (size_t)cm, &z->arena);
        if (!zone || !name || !m) { rc = LK_ENOMEM; break; }
        if (!*zone) {
            rc = zfail(z, LK_EDATA, "%s:%lu: empty zone code (expected a code in the zone column)", path, csv.line);
            break;
        }
        if (!all_digits(m, 8) && !all_digits(m, 6) && !all_digits(m, 4)) {
            rc = zfail(z, LK_EDATA, "%s:%lu: member '%s' (expected a grunnkrets of 8 digits, a delområde of 6 or a "
                       "kommune of 4)", path, csv.line, m);
            break;
        }
        rc = add_member(z, m, zone, name, csv.line, path);
    }
    if (rc != LK_OK && csv.errmsg[0]) zfail(z, rc, "%s", csv.errmsg);
    if (rc == LK_OK && cz < 0) rc = zfail(z, LK_EDATA, "%s:1: empty file (expected the header zone,name,member)", path);
    if (rc == LK_OK && z->n_zones == 0) rc = zfail(z, LK_EDATA, "%s:%lu: no zones (expected rows zone,name,member)", path, csv.line);
    if (rc == LK_ENOMEM && !z->errmsg[0]) zfail(z, LK_ENOMEM, "%s: out of memory", path);
    lk_side_csv_close(&csv);
    return rc;
}

/* The member a region code falls under: the grunnkrets itself, its delområde, or the kommune
 * itself (a kommune member stands for the kommune's own figure, never its grunnkretser: no
 * double count). Members do not overlap, so at most one applies. */
static const member *member_of(const lk_zones *z, const char *code)
{
    size_t n = strlen(code);
    if (n != 4 && n != 6 && n != 8) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!lk_is_digit((unsigned char)code[i])) return NULL;
    size_t m = lookup(z, code_key(code, n, 0));
    if (m == SIZE_MAX && n == 8) m = lookup(z, code_key(code, 6, 0));
    return m == SIZE_MAX ? NULL : &z->members[m];
}

const lk_zone *lk_zones_find(const lk_zones *z, const char *code)
{
    if (!z || !code) return NULL;
    const member *m = member_of(z, code);
    return m ? &z->zones[m->zone] : NULL;
}

/* ------------------------------------------------------------------ aggregation */

typedef struct zcell {
    const char *table, *measure, *measure_code, *unit, *period;
    lk_period pinfo;
    lk_dim *dims;
    size_t n_dims;
    const char *key;
    size_t zone;            /* zone index, or SIZE_MAX for a coverage row */
    const char *kommune;    /* coverage rows */
    double sum, in_zones, uoppgitt;
    size_t n_in_zones, n_uoppgitt, n_outside; /* coverage rows: grunnkrets observations of each part */
    size_t values;
    unsigned char *seen;    /* per member of the zone: present in the data */
    const char *missing_status;
    int is_rate;
} zcell;

struct lk_zone_agg {
    const lk_zones *z;
    lk_arena arena;
    lk_map index;
    zcell **cells;
    size_t n_cells, cap_cells;
    /* For a zone file that matches nothing: how many observations fell in a zone, and the first
     * few region codes of the data per level (kommune, bydel, grunnkrets) to show beside the
     * members the file expects. */
    size_t matched;
    const char *sample[3][3];
    size_t n_sample[3], more[3];
};

int lk_zone_agg_new(lk_zone_agg **out, const lk_zones *z)
{
    if (!out || !z) return LK_EINVAL;
    lk_zone_agg *a = calloc(1, sizeof *a);
    *out = a;
    if (!a) return LK_ENOMEM;
    a->z = z;
    lk_arena_init(&a->arena);
    lk_map_init(&a->index, &a->arena, 0);
    return LK_OK;
}

void lk_zone_agg_free(lk_zone_agg *a)
{
    if (!a) return;
    free(a->cells);
    lk_map_free(&a->index);
    lk_arena_free(&a->arena);
    free(a);
}

static char *dup(lk_zone_agg *a, const char *s)
{
    return lk_arena_strndup(&a->arena, s, strlen(s));
}

/* A cell per (zone or kommune, series, period). */
static zcell *cell_for(lk_zone_agg *a, const lk_obs *o, size_t zone, const char *kommune)
{
    size_t len = strlen(o->table) + strlen(o->measure) + strlen(o->period) + 32;
    for (size_t i = 0; i < o->n_dims; i++) len += strlen(o->dims[i].name) + strlen(o->dims[i].value) + 2;
    char *key = malloc(len);
    if (!key) return NULL;
    size_t k = (size_t)snprintf(key, len, "%zu\x1f%.4s\x1f%s\x1f%s\x1f", zone, kommune, o->table, o->measure);
    for (size_t i = 0; i < o->n_dims; i++) k += (size_t)snprintf(key + k, len - k, "%s=%s\x1e", o->dims[i].name, o->dims[i].value);
    k += (size_t)snprintf(key + k, len - k, "\x1f%s", o->period);
    int is_new;
    lk_map_entry *l = lk_map_get(&a->index, 0, key, k, &is_new);
    free(key);
    if (!l) return NULL;
    if (l->data) return l->data;
    zcell *c = lk_arena_alloc(&a->arena, sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->key = l->key;
    c->table = dup(a, o->table);
    c->measure = dup(a, o->measure);
    c->measure_code = dup(a, o->measure_code ? o->measure_code : "");
    c->unit = dup(a, o->unit ? o->unit : "");
    c->period = dup(a, o->period);
    c->pinfo = o->period_info;
    c->zone = zone;
    c->kommune = lk_arena_strndup(&a->arena, kommune, 4);
    c->is_rate = lk_measure_is_rate(o->measure);
    c->n_dims = o->n_dims;
    c->dims = o->n_dims ? lk_arena_alloc(&a->arena, o->n_dims * sizeof *c->dims) : NULL;
    if (!c->table || !c->measure || !c->measure_code || !c->unit || !c->period || !c->kommune || (o->n_dims && !c->dims)) return NULL;
    for (size_t i = 0; i < o->n_dims; i++) {
        c->dims[i].name = dup(a, o->dims[i].name);
        c->dims[i].value = dup(a, o->dims[i].value);
        if (!c->dims[i].name || !c->dims[i].value) return NULL;
    }
    if (zone != SIZE_MAX) {
        size_t nm = a->z->zones[zone].n_members;
        c->seen = lk_arena_alloc(&a->arena, nm ? nm : 1);
        if (!c->seen) return NULL;
        memset(c->seen, 0, nm ? nm : 1);
    }
    if (a->n_cells == a->cap_cells) {
        size_t cap = a->cap_cells ? 2 * a->cap_cells : 256;
        zcell **v = realloc(a->cells, cap * sizeof *v);
        if (!v) return NULL;
        a->cells = v;
        a->cap_cells = cap;
    }
    a->cells[a->n_cells++] = c;
    l->data = c;
    return c;
}

int lk_zone_agg_add(lk_zone_agg *a, const lk_obs *o)
{
    if (!a || !o) return LK_EINVAL;
    if (o->level != LK_LEVEL_GRUNNKRETS && o->level != LK_LEVEL_KOMMUNE && o->level != LK_LEVEL_BYDEL) return LK_OK;
    const member *m = member_of(a->z, o->region);
    size_t lv = o->level == LK_LEVEL_KOMMUNE ? 0 : o->level == LK_LEVEL_BYDEL ? 1 : 2;
    if (!a->matched && !m && !a->more[lv]) { /* what the data holds, while nothing matched */
        size_t k = 0;
        while (k < a->n_sample[lv] && strcmp(a->sample[lv][k], o->region) != 0) k++;
        if (k == a->n_sample[lv]) {
            if (k == 3) {
                a->more[lv] = 1;
            } else {
                if (!(a->sample[lv][k] = dup(a, o->region))) return LK_ENOMEM;
                a->n_sample[lv]++;
            }
        }
    }
    if (m) {
        a->matched++;
        zcell *c = cell_for(a, o, m->zone, a->z->zones[m->zone].kommune);
        if (!c) return LK_ENOMEM;
        c->seen[m->index] = 1; /* for completeness */
        if (o->has_value) {
            c->sum += o->value;
            c->values++;
        } else if (!c->missing_status) {
            c->missing_status = *o->status ? dup(a, o->status) : "..";
            if (!c->missing_status) return LK_ENOMEM;
        }
    }
    /* Coverage: grunnkrets counts per kommune. */
    if (o->level == LK_LEVEL_GRUNNKRETS && o->has_value && !lk_measure_is_rate(o->measure)) {
        zcell *c = cell_for(a, o, SIZE_MAX, o->region);
        if (!c) return LK_ENOMEM;
        c->sum += o->value;
        if (m) {
            c->in_zones += o->value;
            c->n_in_zones++;
        } else if (strcmp(o->region + 4, "9999") == 0) {
            c->uoppgitt += o->value;
            c->n_uoppgitt++;
        } else {
            c->n_outside++;
        }
    }
    return LK_OK;
}

static int cmp_cell(const void *x, const void *y)
{
    const zcell *a = *(const zcell *const *)x, *b = *(const zcell *const *)y;
    return strcmp(a->key, b->key);
}

int lk_zone_agg_finish(lk_zone_agg *a, lk_obs_cb cb, void *payload)
{
    if (!a) return LK_EINVAL;
    if (a->n_cells) qsort(a->cells, a->n_cells, sizeof *a->cells, cmp_cell); /* NULL before the first cell */
    for (size_t i = 0; i < a->n_cells; i++) {
        zcell *c = a->cells[i];
        if (c->zone == SIZE_MAX) continue;
        const lk_zone *zn = &a->z->zones[c->zone];
        lk_obs o;
        memset(&o, 0, sizeof o);
        o.table = c->table;
        o.region = zn->code;
        o.region_name = zn->name;
        o.level = LK_LEVEL_ZONE;
        o.period = c->period;
        o.period_info = c->pinfo;
        o.measure = c->measure;
        o.measure_code = c->measure_code;
        o.unit = c->unit;
        o.dims = c->dims;
        o.n_dims = c->n_dims;
        size_t seen = 0;
        for (size_t k = 0; k < zn->n_members; k++) seen += c->seen[k];
        if (seen < zn->n_members) o.status = "~incomplete";
        else if (c->is_rate && !(zn->n_members == 1 && c->values == 1)) o.status = "~rate"; /* one member: its own rate */
        else if (c->missing_status) o.status = c->missing_status;
        else {
            o.has_value = 1;
            o.value = c->sum;
            o.status = "";
        }
        if (cb && cb(&o, payload) != 0) return LK_EUSER;
    }
    return LK_OK;
}

int lk_zone_agg_coverage(lk_zone_agg *a, lk_zone_coverage_cb cb, void *payload)
{
    if (!a || !cb) return LK_EINVAL;
    if (a->n_cells) qsort(a->cells, a->n_cells, sizeof *a->cells, cmp_cell); /* NULL before the first cell */
    for (size_t i = 0; i < a->n_cells; i++) {
        const zcell *c = a->cells[i];
        if (c->zone != SIZE_MAX) continue;
        lk_zone_coverage row;
        row.kommune = c->kommune;
        row.period = c->period;
        row.measure = c->measure;
        row.dims = c->dims;
        row.n_dims = c->n_dims;
        row.total = c->sum;
        row.in_zones = c->in_zones;
        row.uoppgitt = c->uoppgitt;
        row.outside = c->sum - c->in_zones - c->uoppgitt;
        row.n_in_zones = c->n_in_zones;
        row.n_uoppgitt = c->n_uoppgitt;
        row.n_outside = c->n_outside;
        if (cb(&row, payload) != 0) return LK_EUSER;
    }
    return LK_OK;
}

size_t lk_zone_agg_outside(const lk_zone_agg *a, lk_zone_outside *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; a && i < a->n_cells; i++) {
        const zcell *c = a->cells[i];
        if (c->zone != SIZE_MAX || !c->pinfo.kind) continue;
        size_t k = 0;
        while (k < n && strcmp(out[k].kommune, c->kommune) != 0) k++;
        if (k == n) {
            if (n == max) continue;
            memcpy(out[n].kommune, c->kommune, 5);
            out[n].first_year = out[n].last_year = c->pinfo.last_year;
            out[n].in_zones = 0;
            n++;
        }
        if (c->pinfo.last_year < out[k].first_year) out[k].first_year = c->pinfo.last_year;
        if (c->pinfo.last_year > out[k].last_year) out[k].last_year = c->pinfo.last_year;
        if (c->in_zones > 0) out[k].in_zones = 1;
    }
    size_t w = 0; /* only the kommuner none of whose grunnkretser lay in a zone */
    for (size_t k = 0; k < n; k++)
        if (!out[k].in_zones) out[w++] = out[k];
    return w;
}

size_t lk_zone_agg_matched(const lk_zone_agg *a)
{
    return a ? a->matched : 0;
}

void lk_zone_agg_describe_data(const lk_zone_agg *a, char *buf, size_t size)
{
    static const char *const level[3] = { "kommune", "bydel", "grunnkrets" };
    if (!buf || !size) return;
    buf[0] = '\0';
    size_t k = 0;
    for (size_t lv = 0; a && lv < 3; lv++) {
        if (!a->n_sample[lv]) continue;
        k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s%s codes", k ? "; " : "", level[lv]);
        for (size_t i = 0; i < a->n_sample[lv]; i++)
            k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s %s", i ? "," : "", a->sample[lv][i]);
        if (a->more[lv]) k += (size_t)snprintf(buf + k, k < size ? size - k : 0, ", ...");
    }
    if (!k) snprintf(buf, size, "no kommune, bydel or grunnkrets codes");
}

void lk_zones_describe(const lk_zones *z, char *buf, size_t size)
{
    static const char *const kind[3] = { "grunnkrets", "delområde", "kommune" };
    if (!buf || !size) return;
    buf[0] = '\0';
    size_t k = 0;
    for (size_t t = 0; z && t < 3; t++) { /* the first member of each kind */
        size_t len = t == 0 ? 8 : t == 1 ? 6 : 4;
        for (size_t i = 0; i < z->n_members; i++)
            if (strlen(z->members[i].code) == len) {
                k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s%s (%s)", k ? ", " : "",
                                      z->members[i].code, kind[t]);
                break;
            }
    }
    if (!k) snprintf(buf, size, "no members");
}
