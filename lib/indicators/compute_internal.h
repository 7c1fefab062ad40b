/* The computation's private state (internal to lib/indicators): the cells counts are summed
 * into, the per-string facts, the chosen bands and the results, shared by the files that make
 * up lk_calc. The layout of the cells is the speed mechanism (docs/internals.md): a dense
 * store addressed by small numbers, so the hot loop of lk_calc_add compares integers. */
#ifndef LK_INDICATORS_COMPUTE_INTERNAL_H
#define LK_INDICATORS_COMPUTE_INTERNAL_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/geography.h"
#include "levekar/indicators.h"
#include "../common/arena.h"
#include "../common/ascii.h"
#include "../common/bigalloc.h"
#include "../common/map.h"
#include "../common/obs_identity.h"
#include "levekar/harmonise.h"
#include "match.h"
#include "variants.h"

enum { NUM = 0, DEN = 1 };

/* A cell: one side, region, period and age band. Other dimensions are not kept value by value:
 * each observation carries a mask of the dimensions in which its category is a total (Begge
 * kjønn, I alt ...), and the cell key includes that mask. At the end a dimension that has a
 * total is read from its total only, any other is summed over its categories: the cells whose
 * mask contains every dimension that has a total. So memory follows regions × periods × bands,
 * not the number of rows. */
typedef struct ccell {           /* 32 bytes: a national file has hundreds of thousands */
    uint32_t region;              /* string ids (age 0: no age band) */
    unsigned period : 14, age : 14, side : 1;
    uint32_t mask;                /* bit d: the category of the side's dimension d is a total */
    uint32_t values, n_missing;   /* components with a number, and without */
    uint32_t missing;             /* string id of the first missing component's status, or 0 */
    double sum;
} ccell;

/* Where a cell lies: its region's block, and its band and mask numbers there (add_side keeps
 * them for the next rows of the same region, band and mask). */
typedef struct cell_place {
    uint32_t *block, da, dm;
} cell_place;

#define LK_MAX_DIMS 32
/* With lk_calc_opts.by_sex, a cell's sex (1 men, 2 women) in the top bits of its mask: cells of
 * men and women stay apart, and lk_calc_finish() reads them as before (it tests only the bits
 * of the dimensions, which stay below 1 << 13). */
#define SEX_SHIFT 30
#define SEX_BITS (3u << SEX_SHIFT)
#define PERIOD_BYTES ((600 * 13 + 7) / 8)

/* Per side: the other dimensions seen, whether each has a total, and the measures matched. */
typedef struct side_dims {
    const char *name[LK_MAX_DIMS];
    int has_total[LK_MAX_DIMS];
    size_t n;
    const char *measures[8];
    size_t n_measures;
    int cur;                     /* the index of the last observation's measure; -1: beyond 8 */
    int overflow;                /* more than 8 measures matched */
    /* Per measure, the periods it was seen in (PERIOD_BITS keys: year since 1700 × 13 + month,
     * quarter or half): alternatives of one pattern are KOSTRA's wordings of one figure in
     * different years ("Sosialhjelpsmottakere" to 2021, "Sosialhjelpstilfeller" from 2022);
     * two of them in one period would be the same people counted twice. */
    unsigned char (*periods)[PERIOD_BYTES]; /* [8], allocated with a side's second measure (NULL: one) */
    const char *age_dim;
} side_dims;

typedef struct rcell {     /* a region and period after the choice of categories */
    lk_ratio r;
    unsigned char has[2];      /* bit 0: a cell of the side counts; bit 1: one of them has a number */
    unsigned char age_fail[2]; /* the side's bands for this region and period cannot cover the ages */
    double sum[2];
    const char *missing;
    size_t skipped;
} rcell;

struct lk_calc {
    const lk_indicator *ind;
    lk_calc_opts opts;
    lk_arena arena;
    lk_map index;          /* the strings */
    ccell *cells;          /* in order of creation; blocks hold their index + 1 */
    size_t n_cells, cap_cells;
    rcell **res;
    size_t n_res, cap_res;
    rcell *rslab;          /* results made at once (n_slab of cap_slab), see lk_calc_finish */
    size_t n_slab, cap_slab;
    struct rslot { uint64_t key; rcell *r; } *rmap; /* (region id, period id) → result */
    size_t n_rmap, cap_rmap;
    lk_ratio *out;
    size_t n_out;
    lk_map sums;           /* parent \x1f period → summed kommuner (lk_calc_aggregate) */
    side_dims dims[2];
    /* What --where saw among the observations of the indicator's measures, so that a filter
     * naming no dimension or category of the data is an error listing what there is, never an
     * empty answer (one per filter; names and values interned). */
    struct wseen {
        int name_seen, value_seen;
        const char *names[16], *values[24];
        size_t n_names, n_values;
    } *wseen;
    struct { const char *measure, *src, *code; int side_hit[2]; char text[128]; } mcache[4]; /* measure (and code) → sides */
    size_t mcache_next;
    struct { const char *src; uint32_t id; } xcache[1024]; /* reader string → our string id */
    unsigned long long source;  /* the reader whose pointers the caches hold (0: verify by content) */
    const char *last_measure[2];
    const char *last_period[2];     /* the last period noted for the measure last_cur (note_period) */
    int last_cur[2];
    /* Per side, the last observation's region and other dimensions (reader pointers) and what
     * they gave: rows of a long file change mostly in period and measure, so this skips the
     * per-dimension look-ups. Valid while the reader (source) stays the same. */
    struct dmemo {
        const char *region, *names[8], *values[8];
        size_t n;
        uint32_t rid, age, mask;
        cell_place at;  /* where those cells lie (at.block NULL: not known) ... */
        uint32_t gen;   /* ... in this generation of block shapes */
    } memo[2];
    uint32_t shape_gen;     /* counts re-layouts of the blocks (reshape_as) */
    /* Facts about each interned string, computed once: the hot loop compares integers. */
    struct strinfo {
        const char *s;
        signed char is_age_dim, is_total;
        signed char is_sex_dim, sex; /* lk_calc_opts.by_sex only: a sex dimension; a value's sex (1 men, 2 women) */
        uint32_t dense_p, dense_a; /* as a period / an age band: its dense number + 1 (0: none yet) */
        /* when the string is a region code: its name and level; a period: its parsed form */
        const char *name;
        lk_level level;
        lk_period pinfo;
    } *info;
    uint32_t n_info, cap_info;
    /* Cells in a dense block per region (indexed by the region's string id), addressed by dense
     * numbers for period, age band, total mask and side: no hashing, and a file that walks a
     * region's periods and bands in order walks its block in order, which the prefetcher
     * follows (a hash spread those accesses over the table and missed the cache on most rows).
     * All blocks share one shape; when a new period, band or mask outgrows it, every block is
     * laid out again (a few times per run). */
    uint32_t **rt;         /* rt[region id - 1]: the region's block of cell numbers, or NULL */
    uint32_t n_rt;
    uint32_t cap_p, cap_a, cap_m; /* the blocks' shape (powers of two) */
    uint32_t age_inner;           /* 1: age bands vary faster than periods in the file (slot_of) */
    int order_known;
    uint32_t n_p, n_a, n_m;       /* dense numbers handed out */
    uint32_t masks[64];           /* dense mask number → mask (at most 64 distinct masks) */
    /* Per side, the categories it takes from other dimensions (lk_side.where), and what the
     * observations of its measure that failed them had, for the message when none passed. */
    lk__selectors sel[2];
    size_t sel_miss[2];
    const char *miss_measure[2];
    const char *miss_clause_values[2][12]; /* values of the failing clause's dimension seen */
    size_t n_miss_values[2];
    int miss_no_dim[2];                    /* an observation lacked the clause's dimension */
    /* The category each clause took (its first), and a second one if it took two: "TOT" and
     * "TOT3" are both "I alt" in 13563 and would be summed. */
    const char *sel_first[2][LK_SELECT_MAX], *sel_last[2][LK_SELECT_MAX];
    const char *sel_second[2];
    size_t sel_clash_clause[2];
    int sel_clash[2];
    /* The first value on a side that counts persons which is not a count: a published rate
     * ("Registrert helt arbeidsledige" of SSB 10540 is a percent under the same label as the
     * counts of 10539) must never be summed as if it were persons. */
    struct { int side, rate_unit; unsigned long line; double value; const char *measure, *unit; } bad;
    int has_bad;
    const char *unit_seen;                 /* the last unit looked at (a reader's pointer) ... */
    int unit_is_rate, unit_is_thousands;   /* ... and whether it is a rate's, or thousands of units */
    int thousands[2];                      /* a side had counts in thousands ("1000 personer") */
    int from_month[2], from_year[2];       /* lk_indicator.month: a side had months taken as years, or years */
    const char *year_text[600];            /* monthly periods taken as years (lk_indicator.month): 1700.. */
    lk__variants *var;                     /* several source definitions: the computation is theirs */
    /* Observations of the indicator's measures left out by the definition's years or month: each
     * input line is used or said why (lk_calc_note). */
    struct unused { size_t n; char first[LK_PERIOD_TEXT_MAX]; } unused_years, unused_months;
    unsigned long long unused_source;      /* note_unused's memo: the reader, ... */
    const char *unused_measure;            /* ... its measure pointer ... */
    int unused_is_num;                     /* ... and whether it is the numerator's measure */
    char note[512];
    char errmsg[1024];
};

typedef struct psum {      /* kommuner summed into a parent for one period */
    double num, den;
    int any, known_all, known_latest;
    const char *missing;
    size_t skipped;
    lk_period pinfo;
    int years_used;
    int done, done_checked;  /* the ratio below was worked out with done_g (a report asks once per row) */
    const lk_geo *done_g;
    lk_ratio ratio;
} psum;

/* The age bands chosen for one side. Real inputs mix band sets: a grunnkrets file with one
 * '15-74 år' band beside a kommune file with 5-year bands, or a table whose banding changed
 * in some year. A choice over all cells at once took the 15-74 band and left the kommuner
 * without a denominator, so the bands are chosen per (region, period) from what that region
 * holds in that period. Keys with the same band set form a group, chosen once: a usual file has
 * one group, so the choice costs one pass over the cells and the test per cell stays a bit. */
typedef struct agechoice {
    int no_bands;          /* the side has no age band at all: its cells without one count */
    uint32_t words, n_p;   /* 64-bit words per band set (bit: dense age number); dense periods */
    uint32_t *rix;         /* region string id - 1 → compact region number + 1 (0: none) */
    uint32_t *grp;         /* (compact region, dense period) → group + 1 (0: no cell) */
    uint64_t *set;         /* per key, then per group after grouping: the bands present / picked */
    unsigned char *fail;   /* per group: its bands cannot cover the ages */
    unsigned char *empty;  /* per group: no age band, its cells without one count */
    size_t n_groups;
} agechoice;

/* The slot of a cell in its block (the dense store; reshape_as in compute.c lays it out). */
static inline size_t slot_of(uint32_t age_inner, uint32_t cap_p, uint32_t cap_a, uint32_t cap_m, uint32_t p, uint32_t a,
                      uint32_t m, uint32_t side)
{
    size_t outer = age_inner ? (size_t)p * cap_a + a : (size_t)a * cap_p + p;
    return (outer * cap_m + m) * 2 + side;
}

/* Shared by the files of the computation (compute.c adds, choose.c picks the bands and
 * categories, results.c divides and finishes, merge.c joins two computations, parents.c sums
 * kommuner into parents, explain.c says why a ratio is missing, bands.c gives counts by band). */
int lk__calc_fail(lk_calc *c, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
const char *lk__calc_intern(lk_calc *c, const char *s);
int lk__calc_seen_add(lk_calc *c, const char **list, size_t *n, size_t max, const char *s);
void lk__calc_join_list(char *buf, size_t size, const char *const *list, size_t n);
int lk__calc_where_check(lk_calc *c);
void lk__calc_backfill_periods(const lk_calc *c, int side, unsigned char *bits);
int lk__calc_note_measure(lk_calc *c, int side, const char *measure);
ccell *lk__calc_cell_for(lk_calc *c, int side, uint32_t rid, uint32_t pid, uint32_t age, uint32_t mask,
                         const char *region_name, lk_level level, const lk_period *pinfo, cell_place *at);
uint32_t lk__calc_string_id(lk_calc *c, const char *s);
const char *lk__calc_side_name(int side);
void lk__agechoice_free(agechoice *a);
int lk__calc_choose(lk_calc *c, int side, agechoice *a, uint32_t *required);
int lk__calc_chosen(const lk_calc *c, const agechoice *a, uint32_t required, const ccell *cell);
int lk__calc_make_windows(lk_calc *c);
rcell *lk__calc_result_for(lk_calc *c, const ccell *cell);
int lk__calc_settle(lk_calc *c, lk_ratio *r, const rcell *x);

#endif
