/* The geography handle: units with their years of validity, change events, and the walk that
 * maps a code of one year onto the borders of another. */
#include <stdarg.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"
#include "../common/bigalloc.h"
#include "../common/ascii.h"

const char *lk_change_kind_name(lk_change_kind kind)
{
    switch (kind) {
    case LK_CHANGE_MERGE: return "merge";
    case LK_CHANGE_SPLIT: return "split";
    case LK_CHANGE_MOVE: return "move";
    case LK_CHANGE_RENAME: return "rename";
    default: return "";
    }
}

int lk_geo_fail(lk_geo *g, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->errmsg, sizeof g->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *lk_geo_errmsg(const lk_geo *g)
{
    return g ? g->errmsg : "out of memory (no geography)";
}

int lk_geo_add_unit(lk_geo *g, const char *code, const char *name, lk_level level, int first, int last)
{
    if (g->n_units == g->cap_units) {
        size_t cap = g->cap_units ? 2 * g->cap_units : 1024;
        lk_geo_unit *u = realloc(g->units, cap * sizeof *u);
        if (!u) return LK_ENOMEM;
        g->units = u;
        g->cap_units = cap;
    }
    lk_geo_unit *u = &g->units[g->n_units++];
    u->code = code;
    u->name = name;
    u->level = level;
    u->first_year = first;
    u->last_year = last;
    g->cache_valid = 0;
    lk_geo_steps_reset(g);
    g->units_sorted = 0;
    return LK_OK;
}

int lk_geo_add_change(lk_geo *g, int year, const char *fc, const char *fn, const char *tc, const char *tn,
                      lk_change_kind kind, lk_level level)
{
    if (g->n_changes == g->cap_changes) {
        size_t cap = g->cap_changes ? 2 * g->cap_changes : 1024;
        lk_geo_change *c = realloc(g->changes, cap * sizeof *c);
        if (!c) return LK_ENOMEM;
        g->changes = c;
        g->cap_changes = cap;
    }
    lk_geo_change *c = &g->changes[g->n_changes++];
    c->year = year;
    c->from_code = fc;
    c->from_name = fn;
    c->to_code = tc;
    c->to_name = tn;
    c->kind = kind;
    c->level = level;
    if (year > g->latest_year) g->latest_year = year;
    g->cache_valid = 0;
    g->succ_valid = 0;
    lk_geo_steps_reset(g);
    return LK_OK;
}

int lk_geo_cmp_change(const void *a, const void *b)
{
    const lk_geo_change *x = a, *y = b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    if (x->level != y->level) return x->level < y->level ? -1 : 1;
    int c = strcmp(x->from_code, y->from_code);
    return c ? c : strcmp(x->to_code, y->to_code);
}

static int cmp_unit(const void *a, const void *b)
{
    const lk_geo_unit *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c) return c;
    return x->first_year < y->first_year ? -1 : x->first_year > y->first_year;
}

void lk_geo_sort(lk_geo *g)
{
    qsort(g->changes, g->n_changes, sizeof *g->changes, lk_geo_cmp_change);
    qsort(g->units, g->n_units, sizeof *g->units, cmp_unit);
    g->cache_valid = 0;
    g->succ_valid = 0;
    g->units_sorted = 1;
}

/* Insertion sort: linear on the nearly sorted built-in tables, and no temporary array (a
 * merge sort's buffer costs page faults at every start). Elements of at most 64 bytes. */
typedef char lk_sorted_fit_64[sizeof(lk_geo_change) <= 64 && sizeof(lk_geo_unit) <= 64 ? 1 : -1];

static void insertion_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    unsigned char x[64], *v = base;
    for (size_t i = 1; i < n; i++) {
        memcpy(x, v + i * size, size);
        size_t j = i;
        while (j > 0 && cmp(v + (j - 1) * size, x) > 0) j--;
        if (j == i) continue;
        memmove(v + (j + 1) * size, v + j * size, (i - j) * size);
        memcpy(v + j * size, x, size);
    }
}

int lk_geo_new(lk_geo **out)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    lk_geo *g = calloc(1, sizeof *g);
    if (!g) return LK_ENOMEM;
    lk_arena_init(&g->arena);
    size_t nk = lk_geo_n_kommune_versions, nf = lk_geo_n_fylke_versions + 1; /* + landet */
    size_t nkc = lk_geo_n_kommune_changes, nfc = lk_geo_n_fylke_changes;
    g->units = malloc((nk + nf) * sizeof *g->units);
    g->changes = malloc((nkc + nfc) * sizeof *g->changes);
    lk_geo_unit *fu = malloc(nf * sizeof *fu);
    lk_geo_change *fc = malloc((nfc ? nfc : 1) * sizeof *fc);
    if (!g->units || !g->changes || !fu || !fc) {
        free(fu);
        free(fc);
        lk_geo_free(g);
        return LK_ENOMEM;
    }
    lk_prefault(g->units, (nk + nf) * sizeof *g->units);
    lk_prefault(g->changes, (nkc + nfc) * sizeof *g->changes);
    g->cap_units = nk + nf;
    g->cap_changes = nkc + nfc;
    /* The kommune and the fylke tables each sorted, then merged from the back (a fylke code
     * sorts before its kommuner: "03" < "0301"); equal keys keep kommune first, as a stable
     * sort of kommuner then fylker would. */
    for (size_t i = 0; i < nk; i++) {
        const lk_geo_version *v = &lk_geo_kommune_versions[i];
        g->units[i] = (lk_geo_unit){ v->code, v->name, LK_LEVEL_KOMMUNE, v->first_year, v->last_year };
    }
    for (size_t i = 0; i + 1 < nf; i++) {
        const lk_geo_version *v = &lk_geo_fylke_versions[i];
        fu[i] = (lk_geo_unit){ v->code, v->name, LK_LEVEL_FYLKE, v->first_year, v->last_year };
    }
    fu[nf - 1] = (lk_geo_unit){ "0", "Hele landet", LK_LEVEL_LAND, 1838, 9999 };
    insertion_sort(g->units, nk, sizeof *g->units, cmp_unit);
    insertion_sort(fu, nf, sizeof *fu, cmp_unit);
    for (size_t i = nk, j = nf, k = nk + nf; j > 0;)
        g->units[--k] = i > 0 && cmp_unit(&g->units[i - 1], &fu[j - 1]) > 0 ? g->units[--i] : fu[--j];
    g->n_units = nk + nf;
    for (size_t i = 0; i < nkc; i++) {
        const lk_geo_change_row *c = &lk_geo_kommune_changes[i];
        g->changes[i] = (lk_geo_change){ c->year, c->from_code, c->from_name, c->to_code, c->to_name, c->kind, LK_LEVEL_KOMMUNE };
    }
    for (size_t i = 0; i < nfc; i++) {
        const lk_geo_change_row *c = &lk_geo_fylke_changes[i];
        fc[i] = (lk_geo_change){ c->year, c->from_code, c->from_name, c->to_code, c->to_name, c->kind, LK_LEVEL_FYLKE };
    }
    insertion_sort(g->changes, nkc, sizeof *g->changes, lk_geo_cmp_change);
    insertion_sort(fc, nfc, sizeof *fc, lk_geo_cmp_change);
    for (size_t i = nkc, j = nfc, k = nkc + nfc; j > 0;)
        g->changes[--k] = i > 0 && lk_geo_cmp_change(&g->changes[i - 1], &fc[j - 1]) > 0 ? g->changes[--i] : fc[--j];
    g->n_changes = nkc + nfc;
    for (size_t i = 0; i < g->n_changes; i++)
        if (g->changes[i].year > g->latest_year) g->latest_year = g->changes[i].year;
    free(fu);
    free(fc);
    g->units_sorted = 1;
    g->cache_valid = 0;
    *out = g;
    return LK_OK;
}

void lk_geo_free(lk_geo *g)
{
    if (!g) return;
    free(g->units);
    free(g->changes);
    free(g->gk);
    free(g->steps);
    free(g->succ);
    free(g->succ_next);
    free(g->succ_end);
    for (size_t i = 0; i < LK_GEO_CACHE; i++) {
        free(g->cache[i].entries);
        free(g->cache[i].partial);
    }
    lk_arena_free(&g->arena);
    free(g);
}

int lk_geo_latest_change_year(const lk_geo *g)
{
    return g ? g->latest_year : 0;
}

const lk_geo_change *lk_geo_change_at(const lk_geo *g, size_t i)
{
    return g && i < g->n_changes ? &g->changes[i] : NULL;
}

static lk_level level_of(const char *code)
{
    size_t n = strlen(code);
    if (n == 1 && code[0] == '0') return LK_LEVEL_LAND;
    if (n == 2) return LK_LEVEL_FYLKE;
    if (n == 4) return LK_LEVEL_KOMMUNE;
    return LK_LEVEL_OTHER;
}

/* Where the versions of `code` begin: found by binary search once the units are sorted (a report
 * asks for every row, the harmoniser's cache for every kommune), else 0 for a scan. */
static size_t first_of_code(const lk_geo *g, const char *code)
{
    size_t i = 0;
    if (g->units_sorted) {
        size_t hi = g->n_units;
        while (i < hi) {
            size_t mid = i + (hi - i) / 2;
            if (strcmp(g->units[mid].code, code) < 0) i = mid + 1;
            else hi = mid;
        }
    }
    return i;
}

int lk_geo_unit_at(const lk_geo *g, const char *code, int year, lk_geo_unit *out)
{
    if (!g || !code) return LK_EINVAL;
    for (size_t i = first_of_code(g, code); i < g->n_units; i++) {
        const lk_geo_unit *u = &g->units[i];
        if (g->units_sorted && strcmp(u->code, code) != 0) break; /* past this code's versions */
        if (u->first_year <= year && year <= u->last_year && strcmp(u->code, code) == 0) {
            if (out) *out = *u;
            return LK_OK;
        }
    }
    return LK_ENOTFOUND;
}

int lk_geo_units(const lk_geo *g, lk_level level, int year, lk_geo_unit *out, size_t max, size_t *n)
{
    if (!g || !n) return LK_EINVAL;
    size_t k = 0;
    for (size_t i = 0; i < g->n_units; i++) {
        const lk_geo_unit *u = &g->units[i];
        if (u->level != level || u->first_year > year || year > u->last_year) continue;
        if (out && k < max) out[k] = *u;
        k++;
    }
    *n = k;
    return LK_OK;
}

/* ------------------------------------------------------------------ the walk */

static const char *hint_for(const char *origin, int year)
{
    for (size_t i = 0; i < lk_geo_n_split_hints; i++)
        if (lk_geo_split_hints[i].year == year && strcmp(lk_geo_split_hints[i].origin, origin) == 0)
            return lk_geo_split_hints[i].to;
    return NULL;
}

static void add_target(lk_geo_target *out, size_t max, size_t *n, const char *code, int exact)
{
    for (size_t i = 0; i < *n && i < max; i++)
        if (strcmp(out[i].code, code) == 0) {
            if (!exact) out[i].exact = 0;
            return;
        }
    if (*n < max) {
        snprintf(out[*n].code, sizeof out[*n].code, "%s", code);
        out[*n].exact = exact;
    }
    (*n)++;
}

/* The walk's index: kommune changes other than renames, by from code, then year, then their
 * order in the table (within a year: by to code, as the table is sorted). */
static int cmp_succ(const void *a, const void *b)
{
    const lk_geo_change *x = *(const lk_geo_change *const *)a, *y = *(const lk_geo_change *const *)b;
    int c = strcmp(x->from_code, y->from_code);
    if (c) return c;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The first change of `code` after the year `after` (n when there is none). */
static size_t next_change(const lk_geo_change *const *s, size_t n, const char *code, int after)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s[mid]->from_code, code);
        if (c < 0 || (c == 0 && s[mid]->year <= after)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && strcmp(s[lo]->from_code, code) == 0 ? lo : n;
}

/* Built when first needed after changes were added, like the cache (NULL: out of memory), with
 * the links of the change graph: each entry's group and the group its new unit meets next. */
static const lk_geo_change *const *succ_index(const lk_geo *cg, size_t *n)
{
    lk_geo *g = (lk_geo *)cg;
    if (!g->succ_valid) {
        free(g->succ);
        free(g->succ_next);
        free(g->succ_end);
        g->n_succ = 0;
        size_t k = 0;
        for (size_t i = 0; i < g->n_changes; i++)
            k += g->changes[i].level == LK_LEVEL_KOMMUNE && g->changes[i].kind != LK_CHANGE_RENAME;
        g->succ = malloc((k ? k : 1) * sizeof *g->succ);
        g->succ_next = malloc((k ? k : 1) * sizeof *g->succ_next);
        g->succ_end = malloc((k ? k : 1) * sizeof *g->succ_end);
        if (!g->succ || !g->succ_next || !g->succ_end) return NULL;
        k = 0;
        for (size_t i = 0; i < g->n_changes; i++)
            if (g->changes[i].level == LK_LEVEL_KOMMUNE && g->changes[i].kind != LK_CHANGE_RENAME) g->succ[k++] = &g->changes[i];
        qsort(g->succ, k, sizeof *g->succ, cmp_succ);
        const lk_geo_change *const *s = (const lk_geo_change *const *)g->succ;
        for (size_t i = k; i-- > 0;) {
            int same = i + 1 < k && s[i + 1]->year == s[i]->year && strcmp(s[i + 1]->from_code, s[i]->from_code) == 0;
            g->succ_end[i] = same ? g->succ_end[i + 1] : i + 1;
            g->succ_next[i] = next_change(s, k, s[i]->to_code, s[i]->year);
        }
        g->n_succ = k;
        g->succ_valid = 1;
    }
    *n = g->n_succ;
    return (const lk_geo_change *const *)g->succ;
}

typedef struct map_item {
    const char *code;
    int exact;
} map_item;

typedef struct map_memo {
    size_t first, n;   /* the group's targets in the pool */
    int done;
} map_memo;

typedef struct walk {
    const lk_geo_change *const *succ;
    const size_t *next, *end;   /* the index's links */
    size_t n_succ;
    int target;
    const char *origin;   /* the code mapped, for the split hints; NULL: none (a superset) */
    map_memo *memo;       /* per position in the index (the first of a group is used) */
    map_item *pool;
    size_t n_pool, cap_pool;
    size_t over;          /* the group where LK_GEO_MAX_TARGETS was first exceeded */
} walk;

/* The group of changes that entry i's new unit undergoes next by the target year (n_succ: none). */
static size_t next_group(const walk *w, size_t i)
{
    size_t k = w->next[i];
    return k < w->n_succ && w->succ[k]->year <= w->target ? k : w->n_succ;
}

static int add_item(walk *w, size_t first, const char *code, int exact)
{
    for (size_t i = first; i < w->n_pool; i++)
        if (strcmp(w->pool[i].code, code) == 0) {
            if (!exact) w->pool[i].exact = 0;
            return LK_OK;
        }
    if (w->n_pool - first == LK_GEO_MAX_TARGETS) return LK_ELIMIT;
    if (w->n_pool == w->cap_pool) {
        size_t cap = w->cap_pool ? 2 * w->cap_pool : 64;
        map_item *p = realloc(w->pool, cap * sizeof *p);
        if (!p) return LK_ENOMEM;
        w->pool = p;
        w->cap_pool = cap;
    }
    w->pool[w->n_pool].code = code;
    w->pool[w->n_pool].exact = exact;
    w->n_pool++;
    return LK_OK;
}

/* The targets of the unit that undergoes the group of changes at index position `pos`, once per
 * group: paths that part at a split and meet again at a merge are not followed again, so a chain
 * of splits and merges costs its length, not 2^length. Years rise along every path, so the
 * recursion is no deeper than the number of years with changes. */
static int visit(walk *w, size_t pos)
{
    if (w->memo[pos].done) return LK_OK;
    const lk_geo_change *const *s = w->succ;
    size_t end = w->end[pos];
    const char *hint = end - pos > 1 && w->origin ? hint_for(w->origin, s[pos]->year) : NULL;
    int whole = end - pos == 1 || hint, rc = LK_OK;
    for (size_t i = pos; i < end && rc == LK_OK; i++) {
        if (hint && strcmp(s[i]->to_code, hint) != 0) continue;
        size_t c = next_group(w, i);
        if (c < w->n_succ) rc = visit(w, c);
    }
    size_t first = w->n_pool;
    for (size_t i = pos; i < end && rc == LK_OK; i++) {
        if (hint && strcmp(s[i]->to_code, hint) != 0) continue;
        size_t c = next_group(w, i);
        if (c == w->n_succ) {
            rc = add_item(w, first, s[i]->to_code, whole);
            continue;
        }
        for (size_t k = 0; k < w->memo[c].n && rc == LK_OK; k++) {
            map_item it = w->pool[w->memo[c].first + k];
            rc = add_item(w, first, it.code, it.exact && whole);
        }
    }
    if (rc == LK_ELIMIT && w->over == SIZE_MAX) w->over = pos;
    if (rc != LK_OK) return rc;
    w->memo[pos].first = first;
    w->memo[pos].n = w->n_pool - first;
    w->memo[pos].done = 1;
    return LK_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* Does the group at `pos` hold a change not in `before`, or lead to one? (state: 0 not yet
 * known, 1 no, 2 yes; memoised like the walk, and no deeper.) */
static int reaches_new(const walk *w, const lk_geo_change *before, size_t n_before, unsigned char *state, size_t pos)
{
    if (state[pos]) return state[pos] == 2;
    int yes = 0;
    for (size_t i = pos; i < w->end[pos] && !yes; i++)
        yes = !bsearch(w->succ[i], before, n_before, sizeof *before, lk_geo_cmp_change)
              || (w->next[i] < w->n_succ && reaches_new(w, before, n_before, state, w->next[i]));
    state[pos] = yes ? 2 : 1;
    return yes;
}

int lk_geo_check_divisions(lk_geo *g, const lk_geo_change *before, size_t n_before, size_t *change, int *year)
{
    size_t ns;
    const lk_geo_change *const *s = succ_index(g, &ns);
    if (!s) return LK_ENOMEM;
    walk w = { s, g->succ_next, g->succ_end, ns, 0, NULL, NULL, NULL, 0, 0, SIZE_MAX };
    w.memo = malloc((ns ? ns : 1) * sizeof *w.memo);
    int *years = malloc((ns ? ns : 1) * sizeof *years);
    unsigned char *state = calloc(ns ? ns : 1, 1);
    int rc = w.memo && years && state ? LK_OK : LK_ENOMEM;
    /* Only units that lead to a new change can now lie in more kommuner than before, and only
     * from the year of the first new change on. */
    int from = INT_MAX;
    for (size_t i = 0; i < ns && rc == LK_OK; i++)
        if ((i == 0 || w.end[i - 1] != w.end[i]) && reaches_new(&w, before, n_before, state, i)) {
            for (size_t k = i; k < w.end[i]; k++)
                if (!bsearch(s[k], before, n_before, sizeof *before, lk_geo_cmp_change) && s[k]->year < from) from = s[k]->year;
        }
    size_t ny = 0;
    for (size_t i = 0; i < ns && rc == LK_OK; i++)
        if (s[i]->year >= from) years[ny++] = s[i]->year;
    if (rc == LK_OK) qsort(years, ny, sizeof *years, cmp_int);
    /* The units a unit lies in change only in years with changes: each such year as the target. */
    for (size_t y = 0; y < ny && rc == LK_OK; y++) {
        if (y && years[y] == years[y - 1]) continue;
        memset(w.memo, 0, ns * sizeof *w.memo);
        w.n_pool = 0;
        w.target = years[y];
        for (size_t i = 0; i < ns && rc == LK_OK; i++) /* each group from its first entry */
            if (state[i] == 2 && s[i]->year <= w.target) rc = visit(&w, i);
        if (rc == LK_ELIMIT) {
            *change = (size_t)(s[w.over] - g->changes);
            *year = w.target;
        }
    }
    free(state);
    free(years);
    free(w.memo);
    free(w.pool);
    return rc;
}

int lk_geo_map(const lk_geo *g, const char *code, int year, int target_year, lk_geo_target *out, size_t max, size_t *n)
{
    if (!g || !code || !n) return LK_EINVAL;
    *n = 0;
    /* The borders the code describes: its version in `year`, or the nearest version. */
    int start = 0, first = 0, last = 0, found = 0;
    for (size_t i = first_of_code(g, code); i < g->n_units; i++) {
        const lk_geo_unit *u = &g->units[i];
        if (g->units_sorted && strcmp(u->code, code) != 0) break; /* past this code's versions */
        if (u->level != LK_LEVEL_KOMMUNE || strcmp(u->code, code) != 0) continue;
        if (u->first_year <= year && year <= u->last_year) {
            start = year;
            first = u->first_year;
            last = u->last_year;
            found = 2;
            break;
        }
        if (found < 2 && (!found || abs(u->first_year - year) < abs(start - year))) {
            start = u->first_year > year ? u->first_year : u->last_year;
            first = u->first_year;
            last = u->last_year;
            found = 1;
        }
    }
    if (!found) return LK_ENOTFOUND;
    if (target_year < start) {
        /* Backwards only where nothing changed in between. */
        if (target_year < first || target_year > last) return LK_EINVAL;
        add_target(out, max, n, code, 1);
        return LK_OK;
    }
    size_t ns;
    const lk_geo_change *const *s = succ_index(g, &ns);
    if (!s) return LK_ENOMEM;
    size_t pos = next_change(s, ns, code, start);
    if (pos == ns || s[pos]->year > target_year) {
        add_target(out, max, n, code, 1);
        return LK_OK;
    }
    walk w = { s, g->succ_next, g->succ_end, ns, target_year, code, NULL, NULL, 0, 0, SIZE_MAX };
    w.memo = calloc(ns, sizeof *w.memo);
    if (!w.memo) return LK_ENOMEM;
    int rc = visit(&w, pos);
    for (size_t k = 0; rc == LK_OK && k < w.memo[pos].n; k++)
        add_target(out, max, n, w.pool[w.memo[pos].first + k].code, w.pool[w.memo[pos].first + k].exact);
    free(w.memo);
    free(w.pool);
    return rc;
}

static int cmp_code_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* All kommuner of `year` mapped to `target_year`, computed once per pair and kept. */
const lk_geo_cache *lk_geo_cache_for(const lk_geo *cg, int year, int target_year)
{
    lk_geo *g = (lk_geo *)cg; /* the cache is not part of the observable state */
    if (!g->cache_valid) {
        for (size_t i = 0; i < LK_GEO_CACHE; i++) {
            free(g->cache[i].entries);
            free(g->cache[i].partial);
            memset(&g->cache[i], 0, sizeof g->cache[i]);
        }
        g->cache_valid = 1;
    }
    size_t slot = LK_GEO_CACHE;
    for (size_t i = 0; i < LK_GEO_CACHE; i++) {
        if (g->cache[i].entries && g->cache[i].year == year && g->cache[i].target == target_year) return &g->cache[i];
        if (!g->cache[i].entries && slot == LK_GEO_CACHE) slot = i;
    }
    if (slot == LK_GEO_CACHE) { /* full: reuse the slot after the last one used */
        slot = g->cache_next++ % LK_GEO_CACHE;
        free(g->cache[slot].entries);
        free(g->cache[slot].partial);
        memset(&g->cache[slot], 0, sizeof g->cache[slot]);
    }
    lk_geo_cache *c = &g->cache[slot];
    size_t n = 0;
    lk_geo_units(g, LK_LEVEL_KOMMUNE, year, NULL, 0, &n);
    c->entries = calloc(n ? n : 1, sizeof *c->entries);
    lk_geo_unit *units = c->entries ? calloc(n ? n : 1, sizeof *units) : NULL;
    if (!units) {
        free(c->entries);
        c->entries = NULL;
        g->cache_nomem = 1;
        return NULL;
    }
    lk_geo_units(g, LK_LEVEL_KOMMUNE, year, units, n, &n);
    for (size_t i = 0; i < n; i++) {
        lk_geo_cache_entry *e = &c->entries[i];
        e->code = units[i].code;
        int mrc = lk_geo_map(g, units[i].code, year, target_year, e->targets, LK_GEO_MAX_TARGETS, &e->n);
        if (mrc == LK_ENOMEM) { /* a cache with holes would answer wrongly later: none at all */
            free(units);
            free(c->entries);
            c->entries = NULL;
            g->cache_nomem = 1;
            return NULL;
        }
        if (mrc != LK_OK) e->n = 0;
        if (e->n > LK_GEO_MAX_TARGETS) e->n = LK_GEO_MAX_TARGETS;
    }
    free(units);
    c->n = n;
    c->year = year;
    c->target = target_year;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c->entries[i].n; k++) np += c->entries[i].n > 1 || !c->entries[i].targets[k].exact;
    if (!(c->partial = malloc((np ? np : 1) * sizeof *c->partial))) {
        free(c->entries);
        memset(c, 0, sizeof *c);
        g->cache_nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c->entries[i].n; k++)
            if (c->entries[i].n > 1 || !c->entries[i].targets[k].exact) c->partial[c->n_partial++] = c->entries[i].targets[k].code;
    qsort(c->partial, c->n_partial, sizeof *c->partial, cmp_code_ptr);
    size_t w = 0;
    for (size_t i = 0; i < c->n_partial; i++)
        if (!w || strcmp(c->partial[w - 1], c->partial[i]) != 0) c->partial[w++] = c->partial[i];
    c->n_partial = w;
    return c;
}

int lk_geo_target_exact(const lk_geo *g, const char *target, int year, int target_year)
{
    if (!g || !target) return -1;
    if (lk_geo_unit_at(g, target, target_year, NULL) != LK_OK) return -1;
    const lk_geo_cache *c = lk_geo_cache_for(g, year, target_year);
    if (!c) return -1;
    return bsearch(&target, c->partial, c->n_partial, sizeof *c->partial, cmp_code_ptr) == NULL;
}

int lk_geo_fylke_maps_exactly(const lk_geo *g, const char *fylke, int year, int target_year, char *target)
{
    if (!g || !fylke || strlen(fylke) != 2) return 0;
    if (lk_geo_unit_at(g, fylke, year, NULL) != LK_OK) return 0;
    const lk_geo_cache *c = lk_geo_cache_for(g, year, target_year);
    if (!c) return 0;
    char dest[3] = "";
    for (size_t i = 0; i < c->n; i++) {
        const lk_geo_cache_entry *e = &c->entries[i];
        if (strncmp(e->code, fylke, 2) != 0) continue;
        for (size_t k = 0; k < e->n; k++) {
            if (!e->targets[k].exact || e->n > 1) return 0;
            if (!dest[0]) memcpy(dest, e->targets[k].code, 2);
            else if (strncmp(dest, e->targets[k].code, 2) != 0) return 0;
        }
    }
    if (!dest[0]) return 0;
    /* No kommune of another fylke may end up in the destination. */
    for (size_t i = 0; i < c->n; i++) {
        const lk_geo_cache_entry *e = &c->entries[i];
        if (strncmp(e->code, fylke, 2) == 0) continue;
        for (size_t k = 0; k < e->n; k++)
            if (strncmp(e->targets[k].code, dest, 2) == 0) return 0;
    }
    if (target) {
        memcpy(target, dest, 2);
        target[2] = '\0';
    }
    return 1;
}

/* ------------------------------------------------------------------ names */

/* "Nes (Buskerud)" → base "Nes", qualifier "Buskerud". */
static void split_qualifier(const char *name, char *base, size_t bsz, char *qual, size_t qsz)
{
    const char *open = strrchr(name, '(');
    size_t n = strlen(name);
    qual[0] = '\0';
    if (open && n && name[n - 1] == ')') {
        size_t bl = (size_t)(open - name);
        while (bl && name[bl - 1] == ' ') bl--;
        snprintf(base, bsz, "%.*s", (int)bl, name);
        snprintf(qual, qsz, "%.*s", (int)(name + n - 1 - open - 1), open + 1);
    } else {
        snprintf(base, bsz, "%s", name);
    }
}

/* A unit's name matches when it equals the base, or its first language form does
 * ("Trondheim - Tråante"), or it equals the base with a qualifier ("Nes (Buskerud)"). */
/* Equal once " - " between the language forms is read as a space: FHI writes "Porsanger
 * Porsángu Porsanki" where KLASS has "Porsanger - Porsángu - Porsanki". */
static int same_without_dashes(const char *a, const char *b)
{
    while (*a || *b) {
        if (strncmp(a, " - ", 3) == 0) a += 2;
        if (strncmp(b, " - ", 3) == 0) b += 2;
        if (*a != *b) return 0;
        a++;
        b++;
    }
    return 1;
}

static int name_matches(const char *unit_name, const char *base)
{
    size_t bl = strlen(base);
    if (strcmp(unit_name, base) == 0 || same_without_dashes(unit_name, base)) return 1;
    if (strncmp(unit_name, base, bl) == 0 && (strncmp(unit_name + bl, " - ", 3) == 0 || strncmp(unit_name + bl, " (", 2) == 0))
        return 1;
    const char *dash = strstr(unit_name, " - ");
    while (dash) { /* a later language form: "Hábmer - Hamarøy" */
        const char *p = dash + 3;
        if (strncmp(p, base, bl) == 0 && (p[bl] == '\0' || p[bl] == ' ')) return 1;
        dash = strstr(p, " - ");
    }
    return 0;
}

int lk_geo_code_for_name(lk_geo *g, const char *name, int year, char *code, lk_level *level)
{
    if (!g || !name || !code) return LK_EINVAL;
    char base[128], qual[128];
    split_qualifier(name, base, sizeof base, qual, sizeof qual);
    if (strcmp(base, "Hele landet") == 0 || strcmp(base, "Landet") == 0 || strcmp(base, "Norge") == 0
        || strcmp(base, "The whole country") == 0) {
        strcpy(code, "0");
        if (level) *level = LK_LEVEL_LAND;
        return LK_OK;
    }
    const lk_geo_unit *cand[16];
    size_t nc = 0;
    for (size_t i = 0; i < g->n_units; i++) {
        const lk_geo_unit *u = &g->units[i];
        if (u->level != LK_LEVEL_KOMMUNE && u->level != LK_LEVEL_FYLKE) continue;
        if (year && (u->first_year > year || year > u->last_year)) continue;
        if (!name_matches(u->name, base) && strcmp(u->name, name) != 0) continue;
        int dup = 0;
        for (size_t k = 0; k < nc; k++)
            if (strcmp(cand[k]->code, u->code) == 0) dup = 1;
        if (!dup && nc < 16) cand[nc++] = u;
    }
    if (nc > 1 && qual[0]) {
        /* Keep candidates whose fylke (or own qualified name) is the qualifier. */
        size_t kept = 0;
        for (size_t k = 0; k < nc; k++) {
            char fy[3] = { cand[k]->code[0], cand[k]->code[1], '\0' };
            lk_geo_unit f;
            int fy_ok = cand[k]->level == LK_LEVEL_KOMMUNE && lk_geo_unit_at(g, fy, year ? year : cand[k]->first_year, &f) == LK_OK
                        && strcmp(f.name, qual) == 0;
            char own[300];
            snprintf(own, sizeof own, "%s (%s)", base, qual);
            if (fy_ok || strcmp(cand[k]->name, own) == 0) cand[kept++] = cand[k];
        }
        nc = kept;
    }
    if (nc == 0 && year && year < 2011) {
        /* The table holds the units valid from 2011 (geography.h); a version that began then
         * (KLASS has Flå as "Flå (Buskerud)" from 2011) is the same kommune in 2009, so a name
         * of an earlier year is looked up among the 2011 units. */
        return lk_geo_code_for_name(g, name, 2011, code, level);
    }
    if (nc == 2 && !qual[0]) {
        /* Oslo is a kommune and a fylke with the same territory: the name means the kommune
         * (the fylke has only it), as old FHI exports list kommuner by name. */
        const lk_geo_unit *f = cand[0]->level == LK_LEVEL_FYLKE ? cand[0] : cand[1];
        const lk_geo_unit *k = f == cand[0] ? cand[1] : cand[0];
        size_t members = 0;
        for (size_t i = 0; f->level == LK_LEVEL_FYLKE && k->level == LK_LEVEL_KOMMUNE && i < g->n_units; i++) {
            const lk_geo_unit *u = &g->units[i];
            if (u->level == LK_LEVEL_KOMMUNE && strncmp(u->code, f->code, 2) == 0 &&
                (!year || (u->first_year <= year && year <= u->last_year)))
                members++;
        }
        if (members == 1 && strncmp(k->code, f->code, 2) == 0) {
            cand[0] = k;
            nc = 1;
            if (level) *level = LK_LEVEL_KOMMUNE;
        }
    }
    if (nc == 1) {
        snprintf(code, LK_REGION_CODE_MAX, "%s", cand[0]->code);
        if (level) *level = level_of(cand[0]->code);
        return LK_OK;
    }
    if (nc == 0) return LK_ENOTFOUND;
    char list[512] = "";
    for (size_t k = 0; k < nc; k++) {
        char fy[3] = { cand[k]->code[0], cand[k]->code[1], '\0' };
        lk_geo_unit f;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s %s (%s)", k ? ", " : "", cand[k]->code, cand[k]->name,
                 lk_geo_unit_at(g, fy, year ? year : cand[k]->first_year, &f) == LK_OK ? f.name : "?");
    }
    return lk_geo_fail(g, LK_EDATA, "'%s' names more than one region in %d: %s (expected the fylke in "
                       "parentheses, e.g. '%s (%s)', or a code)", name, year, list, base,
                       "Buskerud");
}

/* ------------------------------------------------------------------ listings */

static void csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        putc('"', out);
        for (; *s; s++) {
            if (*s == '"') putc('"', out);
            putc(*s, out);
        }
        putc('"', out);
    } else {
        fputs(s, out);
    }
}

int lk_geo_write_units(const lk_geo *g, int year, FILE *out)
{
    if (!g || !out) return LK_EINVAL;
    fputs("level,code,name,fylke\n", out);
    static const lk_level levels[] = { LK_LEVEL_LAND, LK_LEVEL_FYLKE, LK_LEVEL_KOMMUNE };
    for (size_t l = 0; l < 3; l++) {
        for (size_t i = 0; i < g->n_units; i++) {
            const lk_geo_unit *u = &g->units[i];
            if (u->level != levels[l] || u->first_year > year || year > u->last_year) continue;
            fprintf(out, "%s,%s,", lk_level_name(u->level), u->code);
            csv_field(out, u->name);
            putc(',', out);
            if (u->level == LK_LEVEL_KOMMUNE) fprintf(out, "%.2s", u->code);
            putc('\n', out);
        }
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

int lk_geo_write_changes(const lk_geo *g, FILE *out)
{
    if (!g || !out) return LK_EINVAL;
    fputs("year,level,kind,from_code,from_name,to_code,to_name\n", out);
    for (size_t i = 0; i < g->n_changes; i++) {
        const lk_geo_change *c = &g->changes[i];
        fprintf(out, "%d,%s,%s,%s,", c->year, lk_level_name(c->level), lk_change_kind_name(c->kind), c->from_code);
        csv_field(out, c->from_name);
        fprintf(out, ",%s,", c->to_code);
        csv_field(out, c->to_name);
        putc('\n', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
