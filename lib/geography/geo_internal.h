/* The geography handle's private state (geo.c, geo_klass.c, harmonise.c). */
#ifndef LK_GEO_INTERNAL_H
#define LK_GEO_INTERNAL_H

#include <stdio.h>
#include "levekar/geography.h"
#include "../common/arena.h"
#include "geo_table.h"

/* Kommuner one unit can be divided between: the whole KLASS history since 1838 needs 9 (Lebesby
 * of 1846 lay in 9 kommuner by 1914); loading refuses a change list that needs more. */
#define LK_GEO_MAX_TARGETS 16
#define LK_GEO_CACHE 16
/* Change rows read from files into one geography: a few thousand cover every reform since
 * 1838, and the check after loading costs rows × years. */
#define LK_GEO_MAX_LOADED 10000

typedef struct lk_geo_cache_entry {
    const char *code;                      /* kommune valid in the cache's year */
    lk_geo_target targets[LK_GEO_MAX_TARGETS];
    size_t n;
} lk_geo_cache_entry;

typedef struct lk_geo_cache {
    int year, target;
    lk_geo_cache_entry *entries;
    size_t n;
    /* the targets some unit reaches only in part (split, or one of several), in strcmp order
     * without repeats: lk_geo_target_exact searches them for each cell of a harmonisation */
    const char **partial;
    size_t n_partial;
} lk_geo_cache;

struct lk_geo {
    lk_arena arena;              /* strings of loaded change lists */
    lk_geo_unit *units;          /* sorted by code, then first year */
    size_t n_units, cap_units;
    lk_geo_change *changes;      /* sorted by year, level, from, to */
    size_t n_changes, cap_changes;
    int latest_year;
    char errmsg[1024];
    /* memo of lk_geo_map over all kommuner of a year (not observable state) */
    lk_geo_cache cache[LK_GEO_CACHE];
    int cache_valid;
    int units_sorted;       /* units in code order (lk_geo_sort): look-ups by code search */
    size_t cache_next;
    int cache_nomem;        /* a memo could not be made: look-ups since answered "no kommuner" */
    /* the walk's index: kommune changes other than renames by from code, then year */
    const lk_geo_change **succ;
    size_t *succ_next;      /* per entry: where its new unit's next changes begin (n_succ: none) */
    size_t *succ_end;       /* per entry: the end of its group (same from code and year) */
    size_t n_succ;
    int succ_valid;
    size_t n_loaded;        /* change rows read from files (LK_GEO_MAX_LOADED) */
    /* grunnkrets changes from KLASS change lists (8-digit codes), sorted by old code, then year */
    struct lk_geo_gk_change *gk;
    size_t n_gk, cap_gk;
    int gk_sorted;
    /* memo of one kommune's step from one year to the next (subunits.c): 0 free, else the
     * kommune and year as a key, with its result */
    struct lk_geo_step *steps;
    size_t n_steps, cap_steps;
};

/* A grunnkrets that got a new code (or was divided: several rows from one old code) in year. */
typedef struct lk_geo_gk_change {
    char from[9], to[9];
    int year;
} lk_geo_gk_change;

/* Add a grunnkrets change (geo_klass.c); LK_OK or LK_ENOMEM. */
int lk_geo_add_gk_change(lk_geo *g, const char *from, const char *to, int year);
/* lk_geo_map_subunit, and whether a listed grunnkrets change took part (*listed): only such
 * codes are merged by a list, and may be summed into one (harmonise.c). */
int lk__geo_map_subunit(lk_geo *g, const char *code, int year, int target_year, char *out, const char **why,
                        int *listed);
/* Forget the memo of kommune steps (the changes changed). */
void lk_geo_steps_reset(lk_geo *g);

int lk_geo_fail(lk_geo *g, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int lk_geo_add_unit(lk_geo *g, const char *code, const char *name, lk_level level, int first, int last);
int lk_geo_add_change(lk_geo *g, int year, const char *fc, const char *fn, const char *tc, const char *tn,
                      lk_change_kind kind, lk_level level);
void lk_geo_sort(lk_geo *g);
/* The order of changes: year, level, old code, new code. */
int lk_geo_cmp_change(const void *a, const void *b);
const lk_geo_cache *lk_geo_cache_for(const lk_geo *g, int year, int target_year);
/* Does every unit stay within LK_GEO_MAX_TARGETS kommuner at every later year, now that changes
 * were added to `before` (the sorted changes that passed this check)? LK_OK, LK_ENOMEM, or
 * LK_ELIMIT with the change (index) at which a unit first exceeds it and that year. */
int lk_geo_check_divisions(lk_geo *g, const lk_geo_change *before, size_t n_before, size_t *change, int *year);

#endif
