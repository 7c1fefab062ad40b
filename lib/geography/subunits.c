/* Grunnkretser and bydeler through the reforms (levekar/geography.h, lk_geo_map_subunit).
 * A sub-kommune code starts with its kommune's code: when the kommune is only renumbered
 * (Drammen 3005 → 3301 in 2024) its grunnkretser keep their last four digits (30050101 →
 * 33010101), as SSB numbers them; when kommuner merge or divide, the grunnkretser get new
 * numbers that only a KLASS grunnkrets change list gives. So the code walks year by year: a
 * listed change first, else the kommune's step, which must be a plain renumbering (one
 * kommune into one, alone); anything else is a gap, said with the reason, never guessed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"

/* One kommune's step from year - 1 to year: unchanged, renumbered (to), or neither. */
typedef struct lk_geo_step {
    uint32_t key;   /* kommune number × 1024 + year - 1800, + 1 (0: a free slot) */
    char to[5];
    int kind;       /* 0 unchanged, 1 renumbered, 2 merged or divided, 3 unknown kommune */
} lk_geo_step;

static int cmp_gk(const void *a, const void *b)
{
    const lk_geo_gk_change *x = a, *y = b;
    int c = strcmp(x->from, y->from);
    return c ? c : x->year - y->year;
}

int lk_geo_add_gk_change(lk_geo *g, const char *from, const char *to, int year)
{
    if (g->n_gk == g->cap_gk) {
        size_t cap = g->cap_gk ? 2 * g->cap_gk : 256;
        lk_geo_gk_change *v = realloc(g->gk, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        g->gk = v;
        g->cap_gk = cap;
    }
    lk_geo_gk_change *c = &g->gk[g->n_gk++];
    memcpy(c->from, from, 8);
    memcpy(c->to, to, 8);
    c->from[8] = c->to[8] = '\0';
    c->year = year;
    g->gk_sorted = 0;
    lk_geo_steps_reset(g);
    return LK_OK;
}

void lk_geo_steps_reset(lk_geo *g)
{
    if (g->steps) memset(g->steps, 0, g->cap_steps * sizeof *g->steps);
    g->n_steps = 0;
}

/* The listed changes of code in year: index of the first and their number. */
static size_t listed_changes(lk_geo *g, const char *code, int year, size_t *first)
{
    if (!g->n_gk) return 0;
    if (!g->gk_sorted) {
        qsort(g->gk, g->n_gk, sizeof *g->gk, cmp_gk);
        g->gk_sorted = 1;
    }
    size_t lo = 0, hi = g->n_gk;
    lk_geo_gk_change key;
    memcpy(key.from, code, 8);
    key.from[8] = '\0';
    key.year = year;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_gk(&g->gk[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    size_t n = 0;
    while (lo + n < g->n_gk && cmp_gk(&g->gk[lo + n], &key) == 0) n++;
    *first = lo;
    return n;
}

/* How many kommuner of `year` go (in whole or part) into `code` of `target`. */
static size_t sources_of(const lk_geo *g, const char *code, int year, int target)
{
    const lk_geo_cache *c = lk_geo_cache_for(g, year, target);
    size_t n = 0;
    for (size_t i = 0; c && i < c->n; i++)
        for (size_t k = 0; k < c->entries[i].n; k++)
            if (strcmp(c->entries[i].targets[k].code, code) == 0) n++;
    return n;
}

static int step_uncached(const lk_geo *g, const char *kommune, int year, char *to)
{
    lk_geo_target t[LK_GEO_MAX_TARGETS];
    size_t n = 0;
    int rc = lk_geo_map(g, kommune, year - 1, year, t, LK_GEO_MAX_TARGETS, &n);
    if (rc == LK_ENOMEM) return -1;
    if (rc != LK_OK) return 3;
    if (n == 1 && strcmp(t[0].code, kommune) == 0 && t[0].exact) return 0;
    if (n == 1 && t[0].exact && strlen(t[0].code) == 4 && sources_of(g, t[0].code, year - 1, year) == 1) {
        memcpy(to, t[0].code, 5);
        return 1;
    }
    return 2;
}

/* The kommune's step into `year`, memoised: a grunnkrets file has thousands of codes per kommune. */
static int step(lk_geo *g, const char *kommune, int year, char *to)
{
    uint32_t key = (uint32_t)(atoi(kommune) * 1024 + (year - 1800)) + 1;
    if (g->n_steps * 2 >= g->cap_steps) {
        size_t cap = g->cap_steps ? 2 * g->cap_steps : 1024;
        lk_geo_step *v = calloc(cap, sizeof *v);
        if (!v) return -1;
        for (size_t i = 0; i < g->cap_steps; i++) {
            if (!g->steps[i].key) continue;
            size_t j = g->steps[i].key * 2654435761u & (cap - 1);
            while (v[j].key) j = (j + 1) & (cap - 1);
            v[j] = g->steps[i];
        }
        free(g->steps);
        g->steps = v;
        g->cap_steps = cap;
    }
    size_t j = key * 2654435761u & (g->cap_steps - 1);
    while (g->steps[j].key && g->steps[j].key != key) j = (j + 1) & (g->cap_steps - 1);
    if (!g->steps[j].key) {
        int kind = step_uncached(g, kommune, year, g->steps[j].to);
        if (kind < 0) return -1;
        g->steps[j].key = key;
        g->steps[j].kind = kind;
        g->n_steps++;
    }
    memcpy(to, g->steps[j].to, 5);
    return g->steps[j].kind;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return s[n] == '\0';
}

int lk_geo_map_subunit(lk_geo *g, const char *code, int year, int target_year, char *out, const char **why)
{
    int listed;
    return lk__geo_map_subunit(g, code, year, target_year, out, why, &listed);
}

int lk__geo_map_subunit(lk_geo *g, const char *code, int year, int target_year, char *out, const char **why,
                        int *listed)
{
    *listed = 0;
    static const char *const reasons[] = {
        "",
        "~borders",                 /* target before the data's year, across a change */
        "~grunnkrets-renumbered",   /* merged or divided kommune: new numbers not in a change list */
        "~split",                   /* a listed grunnkrets divided between several */
    };
    *why = reasons[0];
    if (!g || !code || !out) return LK_EINVAL;
    size_t len = strlen(code);
    if (!(len == 8 && all_digits(code, 8)) && !(len == 6 && all_digits(code, 6))) return LK_ENOTFOUND;
    char c[9];
    memcpy(c, code, len + 1);
    if (target_year < year) { /* back in time: only where the kommune did not change */
        lk_geo_target t[LK_GEO_MAX_TARGETS];
        size_t n = 0;
        char kommune[5];
        memcpy(kommune, code, 4);
        kommune[4] = '\0';
        int rc = lk_geo_map(g, kommune, year, target_year, t, LK_GEO_MAX_TARGETS, &n);
        if (rc == LK_ENOMEM) return rc;
        memcpy(out, code, len + 1);
        if (rc == LK_ENOTFOUND) return LK_ENOTFOUND;
        if (rc != LK_OK || n != 1 || strcmp(t[0].code, kommune) != 0) *why = reasons[1];
        return LK_OK;
    }
    for (int y = year + 1; y <= target_year; y++) {
        size_t first = 0, n = len == 8 ? listed_changes(g, c, y, &first) : 0;
        if (n > 1) {
            *why = reasons[3];
            memcpy(out, c, len + 1);
            return LK_OK;
        }
        if (n == 1) {
            memcpy(c, g->gk[first].to, 9);
            *listed = 1;
            continue;
        }
        char kommune[5], to[5];
        memcpy(kommune, c, 4);
        kommune[4] = '\0';
        int kind = step(g, kommune, y, to);
        if (kind < 0) return LK_ENOMEM;
        if (kind == 3) { /* a kommune the table does not know: passed on as it is */
            memcpy(out, code, len + 1);
            return LK_ENOTFOUND;
        }
        if (kind == 1) memcpy(c, to, 4);
        if (kind == 2) {
            *why = reasons[2];
            memcpy(out, c, len + 1);
            return LK_OK;
        }
    }
    memcpy(out, c, len + 1);
    return LK_OK;
}
