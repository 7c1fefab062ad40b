/* Computing an indicator from observations, counts first: observations are summed into cells
 * by side (numerator/denominator), region, period and category; after reading, the age bands
 * and categories that cover what the definition asks for exactly once are chosen, and only
 * then are the sides divided (by the report). */
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

static int cfail(lk_calc *c, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

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
    c->cap_p = 32; /* the cell blocks' first shape */
    c->cap_a = 16;
    c->cap_m = 1;
    c->n_a = 1;    /* age band 0 is "no age band" */
    c->opts.version = LK_CALC_OPTS_VERSION;
    lk_arena_init(&c->arena);
    lk_map_init(&c->index, &c->arena, 0);
    lk_map_init(&c->sums, &c->arena, 0);
    if (c->opts.n_where && !(c->wseen = calloc(c->opts.n_where, sizeof *c->wseen))) {
        lk_calc_free(c);
        return LK_ENOMEM;
    }
    for (int side = NUM; side <= DEN; side++) {
        const lk_side *sd = side == NUM ? &ind->num : &ind->den;
        if (lk__selectors_parse(&c->sel[side], sd->where, c->errmsg, sizeof c->errmsg) != 0) {
            int rc = strcmp(c->errmsg, "out of memory") == 0 ? LK_ENOMEM : LK_EINVAL;
            lk_calc_free(c);
            return rc;
        }
    }
    if (ind->n_variants) {
        int rc = lk__variants_new(&c->var, ind, &c->opts);
        if (rc != LK_OK) {
            lk_calc_free(c);
            return rc;
        }
    }
    *out = c;
    return LK_OK;
}

void lk_calc_free(lk_calc *c)
{
    if (!c) return;
    lk_big_free(c->cells, c->cap_cells * sizeof *c->cells);
    free(c->info);
    for (uint32_t i = 0; i < c->n_rt; i++) free(c->rt[i]);
    free(c->rt);
    free(c->res);
    lk_big_free(c->rslab, c->cap_slab * sizeof *c->rslab);
    free(c->rmap);
    free(c->out);
    free(c->wseen);
    lk__selectors_free(&c->sel[0]);
    lk__selectors_free(&c->sel[1]);
    free(c->dims[0].periods);
    free(c->dims[1].periods);
    lk__variants_free(c->var);
    lk_map_free(&c->index);
    lk_map_free(&c->sums);
    lk_arena_free(&c->arena);
    free(c);
}

static const char *intern(lk_calc *c, const char *s)
{
    return lk_map_string(&c->index, s);
}

static int seen_add(lk_calc *c, const char **list, size_t *n, size_t max, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], s) == 0) return LK_OK;
    if (*n == max) return LK_OK; /* enough to show */
    if (!(list[*n] = intern(c, s))) return LK_ENOMEM;
    (*n)++;
    return LK_OK;
}

/* Note what each --where filter finds in an observation of the indicator's measures. */
static int where_note(lk_calc *c, const lk_obs *o)
{
    for (size_t w = 0; w < c->opts.n_where; w++) {
        struct wseen *ws = &c->wseen[w];
        const char *f = c->opts.where[w], *eq = strchr(f, '=');
        if (!eq || ws->value_seen) continue;
        size_t nl = (size_t)(eq - f);
        for (size_t i = 0; i < o->n_dims; i++) {
            if (strlen(o->dims[i].name) == nl && strncmp(o->dims[i].name, f, nl) == 0) {
                ws->name_seen = 1;
                if (strcmp(o->dims[i].value, eq + 1) == 0) ws->value_seen = 1;
                else if (seen_add(c, ws->values, &ws->n_values, 24, o->dims[i].value) != LK_OK) return LK_ENOMEM;
            } else if (seen_add(c, ws->names, &ws->n_names, 16, o->dims[i].name) != LK_OK) {
                return LK_ENOMEM;
            }
        }
    }
    return LK_OK;
}

static void join_list(char *buf, size_t size, const char *const *list, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k < size; i++) k += (size_t)snprintf(buf + k, size - k, "%s'%s'", i ? ", " : "", list[i]);
    if (!n) snprintf(buf, size, "none");
}

/* At the end: a filter that named nothing in the data is an error, never an empty answer. */
static int where_check(lk_calc *c)
{
    for (size_t w = 0; w < c->opts.n_where; w++) {
        const struct wseen *ws = &c->wseen[w];
        const char *f = c->opts.where[w], *eq = strchr(f, '=');
        if (!eq || ws->value_seen) continue;
        char list[1024];
        if (!ws->name_seen) {
            join_list(list, sizeof list, ws->names, ws->n_names);
            return cfail(c, LK_EDATA, "--where %s: the data has no dimension '%.*s' (expected one of its dimensions: %s)",
                         f, (int)(eq - f), f, list);
        }
        join_list(list, sizeof list, ws->values, ws->n_values);
        return cfail(c, LK_EDATA, "--where %s: '%.*s' has no category '%s' in the data (expected one of: %s)", f,
                     (int)(eq - f), f, eq + 1, list);
    }
    return LK_OK;
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


static int ieq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lk_to_lower((unsigned char)a[i]) != lk_to_lower((unsigned char)b[i])) return 0;
    return 1;
}

/* The sex of a category (1 men, 2 women, 0 neither): SSB's labels and codes, FHI's, English. */
static int sex_of(const char *v)
{
    static const char *const men[] = { "menn", "mann", "m", "male", "males", "men", "1", "gutter" };
    static const char *const women[] = { "kvinner", "kvinne", "k", "f", "female", "females", "women", "2", "jenter" };
    size_t n = strlen(v);
    for (int pass = 0; pass < 2; pass++) { /* the whole value, then its code part ("1 Menn") */
        for (size_t i = 0; i < sizeof men / sizeof *men; i++)
            if (strlen(men[i]) == n && ieq_n(v, men[i], n)) return 1;
        for (size_t i = 0; i < sizeof women / sizeof *women; i++)
            if (strlen(women[i]) == n && ieq_n(v, women[i], n)) return 2;
        const char *sp = strchr(v, ' ');
        if (!sp) break;
        n = (size_t)(sp - v);
    }
    return 0;
}

/* The id of a reader's string (our interned copy). Readers intern their labels, so the same
 * pointer comes back row after row; the copy is compared too, so a reused address can never be
 * mistaken. Returns 0 when memory runs out. */
static uint32_t string_id(lk_calc *c, const char *s)
{
    size_t slot = ((uintptr_t)s >> 4) & 1023;
    uint32_t id = c->xcache[slot].id;
    /* Within one reader a pointer is one string; otherwise compare the text too. */
    if (id && c->xcache[slot].src == s && (c->source || strcmp(c->info[id - 1].s, s) == 0)) return id;
    int is_new;
    lk_map_entry *l = lk_map_get(&c->index, 0, s, strlen(s), &is_new);
    if (!l) return 0;
    if (!l->data) {
        if (c->n_info == c->cap_info) {
            uint32_t cap = c->cap_info ? 2 * c->cap_info : 256;
            struct strinfo *v = realloc(c->info, cap * sizeof *v);
            if (!v) return 0;
            c->info = v;
            c->cap_info = cap;
        }
        struct strinfo *in = &c->info[c->n_info++];
        memset(in, 0, sizeof *in);
        in->s = l->key;
        in->is_age_dim = (signed char)lk__is_age_dimension(l->key);
        in->is_total = (signed char)lk_label_is_total(l->key);
        if (c->opts.by_sex) { /* standardisation by sex asked for: once per distinct string */
            in->is_sex_dim = (signed char)lk__name_match(l->key, "kj\xC3\xB8nn | kjonn | sex");
            in->sex = (signed char)sex_of(l->key);
        }
        l->data = (void *)(uintptr_t)c->n_info;
    }
    id = (uint32_t)(uintptr_t)l->data;
    c->xcache[slot].src = s;
    c->xcache[slot].id = id;
    return id;
}

/* A cell's place in its region's block. The faster of period and age band in the file is the
 * inner one (decided on the second distinct value): a file walks its block in order, so a row
 * mostly touches the cache line of the row before instead of a new one. */
static size_t slot_of(uint32_t age_inner, uint32_t cap_p, uint32_t cap_a, uint32_t cap_m, uint32_t p, uint32_t a,
                      uint32_t m, uint32_t side)
{
    size_t outer = age_inner ? (size_t)p * cap_a + a : (size_t)a * cap_p + p;
    return (outer * cap_m + m) * 2 + side;
}

/* Lay every region block out again in the shape np × na × nm × 2 with age_inner. */
static int reshape_as(lk_calc *c, uint32_t np, uint32_t na, uint32_t nm, uint32_t age_inner)
{
    if ((uint64_t)np * na * nm * 2 > (1u << 24))
        return cfail(c, LK_ELIMIT, "too many periods × age bands × total combinations (expected at most 8 million "
                     "per region)");
    for (uint32_t r = 0; r < c->n_rt; r++) {
        uint32_t *old = c->rt[r];
        if (!old) continue;
        uint32_t *v = calloc((size_t)np * na * nm * 2, sizeof *v);
        if (!v) return LK_ENOMEM;
        for (uint32_t p = 0; p < c->cap_p; p++)
            for (uint32_t a = 0; a < c->cap_a; a++)
                for (uint32_t m = 0; m < c->cap_m; m++)
                    for (uint32_t s = 0; s < 2; s++)
                        v[slot_of(age_inner, np, na, nm, p, a, m, s)] =
                            old[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, p, a, m, s)];
        free(old);
        c->rt[r] = v;
    }
    c->cap_p = np;
    c->cap_a = na;
    c->cap_m = nm;
    c->age_inner = age_inner;
    c->shape_gen++;
    return LK_OK;
}

static int reshape(lk_calc *c, uint32_t np, uint32_t na, uint32_t nm)
{
    return reshape_as(c, np, na, nm, c->age_inner);
}

/* The dense number of a period / age band string id, handed out on first sight. */
static int dense_number(lk_calc *c, uint32_t id, int age, uint32_t *out)
{
    uint32_t *d = age ? &c->info[id - 1].dense_a : &c->info[id - 1].dense_p;
    if (!*d) {
        uint32_t n = age ? c->n_a : c->n_p, cap = age ? c->cap_a : c->cap_p;
        if (n == cap) {
            int rc = age ? reshape(c, c->cap_p, 2 * cap, c->cap_m) : reshape(c, 2 * cap, c->cap_a, c->cap_m);
            if (rc != LK_OK) return rc;
        }
        *d = age ? ++c->n_a : ++c->n_p;
        if (!c->order_known && (c->n_p == 2 || c->n_a == 3)) { /* age 0 is "no band": its second is 3 */
            c->order_known = 1;
            if (age && c->n_p == 1) { /* the band changed first: periods outside, bands inside */
                int rc = reshape_as(c, c->cap_p, c->cap_a, c->cap_m, 1);
                if (rc != LK_OK) return rc;
            }
        }
    }
    *out = *d - 1;
    return LK_OK;
}

static ccell *cell_for(lk_calc *c, int side, uint32_t rid, uint32_t pid, uint32_t age, uint32_t mask,
                       const char *region_name, lk_level level, const lk_period *pinfo, cell_place *at)
{
    if (rid >= (1u << 22) || pid >= (1u << 14) || age >= (1u << 14) || (mask & ~SEX_BITS) >= (1u << 13)) {
        cfail(c, LK_ELIMIT, "too many distinct regions, periods or age bands (expected at most 4 million "
              "regions and 16 thousand periods and bands)");
        return NULL;
    }
    uint32_t dp, da = 0, dm = 0;
    int rc = dense_number(c, pid, 0, &dp);
    if (rc == LK_OK && age) rc = dense_number(c, age, 1, &da);
    if (rc != LK_OK) return NULL;
    while (dm < c->n_m && c->masks[dm] != mask) dm++;
    if (dm == c->n_m) {
        if (dm == 64) {
            cfail(c, LK_ELIMIT, "more than 64 combinations of total and other categories (expected at most 6 "
                  "dimensions that mix a total such as 'I alt' with its parts; keep one category with --where)");
            return NULL;
        }
        if (dm == c->cap_m && reshape(c, c->cap_p, c->cap_a, 2 * c->cap_m) != LK_OK) return NULL;
        c->masks[c->n_m++] = mask;
    }
    if (rid > c->n_rt) { /* a block pointer for every string id up to this region's */
        uint32_t n = rid + 256;
        uint32_t **v = realloc(c->rt, n * sizeof *v);
        if (!v) return NULL;
        memset(v + c->n_rt, 0, (n - c->n_rt) * sizeof *v);
        c->rt = v;
        c->n_rt = n;
    }
    uint32_t *block = c->rt[rid - 1];
    if (!block) {
        block = calloc((size_t)c->cap_p * c->cap_a * c->cap_m * 2, sizeof *block);
        if (!block) return NULL;
        c->rt[rid - 1] = block;
    }
    if (at) *at = (cell_place){ block, da, dm };
    uint32_t *slot = &block[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, dp, da, dm, (uint32_t)side)];
    if (*slot) return &c->cells[*slot - 1];
    if (c->n_cells == UINT32_MAX - 1) {
        cfail(c, LK_ELIMIT, "more than 4 billion cells (expected fewer regions x periods x age bands)");
        return NULL;
    }
    ccell *v = lk_big_grow(c->cells, &c->cap_cells, c->n_cells + 1, sizeof *v);
    if (!v) return NULL;
    c->cells = v;
    ccell *cell = &c->cells[c->n_cells];
    memset(cell, 0, sizeof *cell);
    cell->side = side & 1u;
    cell->region = rid;
    cell->period = pid & 0x3FFFu; /* checked above: below 1 << 14 */
    cell->age = age & 0x3FFFu;
    cell->mask = mask;
    struct strinfo *ri = &c->info[rid - 1], *pi = &c->info[pid - 1];
    if (!ri->name) {
        ri->name = intern(c, region_name);
        ri->level = level;
        if (!ri->name) return NULL;
    }
    if (!pi->pinfo.kind) pi->pinfo = *pinfo;
    *slot = (uint32_t)++c->n_cells;
    return cell;
}

static int memo_hit(const struct dmemo *m, const lk_obs *o)
{
    if (!m->region || m->region != o->region || m->n != o->n_dims) return 0;
    for (size_t i = 0; i < o->n_dims; i++)
        if (m->values[i] != o->dims[i].value || m->names[i] != o->dims[i].name) return 0;
    return 1;
}

/* An observation's region, age band and total mask for one side (its cell, but for the period),
 * noting the side's dimensions and which of them have a total. */
static int row_key(lk_calc *c, int side, const lk_obs *o, uint32_t *rid, uint32_t *age, uint32_t *mask)
{
    side_dims *sd = &c->dims[side];
    *age = *mask = 0;
    for (size_t i = 0; i < o->n_dims; i++) {
        uint32_t nid = string_id(c, o->dims[i].name);
        if (!nid) return LK_ENOMEM;
        if (c->info[nid - 1].is_age_dim) {
            if (!(*age = string_id(c, o->dims[i].value))) return LK_ENOMEM;
            continue;
        }
        const char *name = c->info[nid - 1].s;
        size_t d = 0;
        while (d < sd->n && sd->name[d] != name) d++; /* interned: pointer equality */
        if (d == sd->n) {
            if (sd->n == LK_MAX_DIMS) return cfail(c, LK_ELIMIT, "more than %d dimensions", LK_MAX_DIMS);
            sd->name[sd->n++] = name;
        }
        uint32_t vid = string_id(c, o->dims[i].value);
        if (!vid) return LK_ENOMEM;
        if (c->info[vid - 1].is_total) {
            *mask |= 1u << d;
            sd->has_total[d] = 1;
        } else if (c->opts.by_sex && c->info[nid - 1].is_sex_dim) {
            *mask |= (uint32_t)c->info[vid - 1].sex << SEX_SHIFT; /* kept for lk_calc_bands */
        }
    }
    *rid = string_id(c, o->region);
    return *rid ? LK_OK : LK_ENOMEM;
}

static int add_side(lk_calc *c, int side, const lk_obs *o)
{
    uint32_t age = 0, mask = 0, rid = 0;
    struct dmemo *m = &c->memo[side];
    if (c->source && memo_hit(m, o)) {
        age = m->age;
        mask = m->mask;
        rid = m->rid;
    } else {
        int rc = row_key(c, side, o, &rid, &age, &mask);
        if (rc != LK_OK) return rc;
        m->region = NULL;
        m->at.block = NULL;
        if (c->source && o->n_dims <= 8) {
            for (size_t i = 0; i < o->n_dims; i++) {
                m->names[i] = o->dims[i].name;
                m->values[i] = o->dims[i].value;
            }
            m->n = o->n_dims;
            m->rid = rid;
            m->age = age;
            m->mask = mask;
            m->region = o->region;
        }
    }
    uint32_t pid = string_id(c, o->period);
    if (!pid) return LK_ENOMEM;
    ccell *cell = NULL;
    if (m->at.block && m->gen == c->shape_gen && c->info[pid - 1].dense_p) {
        /* the same region, band and mask as the last row of this side: only the period moves */
        uint32_t k = m->at.block[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, c->info[pid - 1].dense_p - 1,
                                         m->at.da, m->at.dm, (uint32_t)side)];
        if (k) cell = &c->cells[k - 1];
    }
    if (!cell) {
        cell = cell_for(c, side, rid, pid, age, mask, o->region_name, o->level, &o->period_info, &m->at);
        if (!cell) return c->errmsg[0] ? LK_ELIMIT : LK_ENOMEM;
        m->gen = c->shape_gen;
        if (!m->region) m->at.block = NULL; /* no memo of the region: its place means nothing */
    }
    if (o->has_value) {
        cell->sum += o->value;
        cell->values++;
    } else {
        cell->n_missing++;
        if (!cell->missing) {
            cell->missing = string_id(c, *o->status ? o->status : "..");
            if (!cell->missing) return LK_ENOMEM;
        }
    }
    return LK_OK;
}

/* An observation of a side's measure without the categories the side takes: remember what it
 * had, so that "nothing matched" can say what the data offers. */
static void note_selector_miss(lk_calc *c, int side, const lk_obs *o, size_t clause)
{
    c->sel_miss[side]++;
    if (!c->miss_measure[side]) c->miss_measure[side] = intern(c, o->measure);
    const char *names = c->sel[side].s[clause].names;
    if (names[0] == '?') names++;
    for (size_t i = 0; i < o->n_dims; i++)
        if (lk__name_match(o->dims[i].name, names)) {
            const char *v = o->dims[i].value;
            size_t n = c->n_miss_values[side];
            for (size_t j = 0; j < n; j++)
                if (strcmp(c->miss_clause_values[side][j], v) == 0) return;
            if (n < 12 && (v = intern(c, v)) != NULL) c->miss_clause_values[side][c->n_miss_values[side]++] = v;
            return;
        }
    c->miss_no_dim[side] = 1;
}

/* The categories an observation that passed a side's clauses has in them: a clause that takes two
 * different ones would sum them. */
static void note_selected(lk_calc *c, int side, const lk_obs *o)
{
    const lk__selectors *sel = &c->sel[side];
    for (size_t k = 0; k < sel->n; k++) {
        const char *names = sel->s[k].names;
        if (names[0] == '?') names++;
        for (size_t i = 0; i < o->n_dims; i++) {
            const char *v = o->dims[i].value;
            if (c->source && v == c->sel_last[side][k]) break; /* the same category as the last row */
            if (!lk__name_match(o->dims[i].name, names)) continue;
            if (!c->sel_first[side][k]) {
                c->sel_first[side][k] = intern(c, v);
            } else if (strcmp(c->sel_first[side][k], v) != 0 && !c->sel_clash[side]) {
                c->sel_clash[side] = 1;
                c->sel_clash_clause[side] = k;
                c->sel_second[side] = intern(c, v);
            }
            c->sel_last[side][k] = c->source ? v : NULL;
            break;
        }
    }
}

/* Which sides a measure belongs to, remembered for the last few measures (rows repeat them). */
static void sides_of(lk_calc *c, const lk_obs *o, int file, int hit[2])
{
    for (size_t i = 0; i < 4; i++)
        if (c->mcache[i].measure && c->mcache[i].code == o->measure_code &&
            (c->source ? c->mcache[i].src == o->measure : strcmp(c->mcache[i].text, o->measure) == 0)) {
            hit[0] = c->mcache[i].side_hit[0];
            hit[1] = c->mcache[i].side_hit[1];
            goto files;
        }
    hit[0] = lk__measure_match(o->measure, o->measure_code, c->ind->num.measure) && (!*c->ind->num.table || strcmp(c->ind->num.table, o->table) == 0);
    hit[1] = lk__measure_match(o->measure, o->measure_code, c->ind->den.measure) && (!*c->ind->den.table || strcmp(c->ind->den.table, o->table) == 0);
    /* a code: the same label may stand for two codes (code: patterns), so the key has the code's
     * pointer too (a reader's, stable while its source is; without a source only no code) */
    if (strlen(o->measure) < sizeof c->mcache[0].text && (!*c->ind->num.table && !*c->ind->den.table) &&
        (c->source || !o->measure_code || !*o->measure_code)) {
        size_t slot = c->mcache_next++ % 4;
        c->mcache[slot].measure = c->mcache[slot].text;
        c->mcache[slot].src = o->measure;
        c->mcache[slot].code = o->measure_code;
        strcpy(c->mcache[slot].text, o->measure);
        c->mcache[slot].side_hit[0] = hit[0];
        c->mcache[slot].side_hit[1] = hit[1];
    }
files:
    if (c->ind->num.file >= 0 && c->ind->num.file != file) hit[0] = 0;
    if (c->ind->den.file >= 0 && c->ind->den.file != file) hit[1] = 0;
    for (int side = NUM; side <= DEN; side++) /* categories are per row, so never cached */
        if (hit[side] && c->sel[side].n) {
            size_t k = lk__selectors_fail(&c->sel[side], o);
            if (k) {
                hit[side] = 0;
                note_selector_miss(c, side, o, k - 1);
            } else {
                note_selected(c, side, o);
            }
        }
}

static void backfill_periods(const lk_calc *c, int side, unsigned char *bits);

/* Remember the distinct measures a side matched (which one is current in sd->cur): more than
 * one in the same period is an ambiguous definition. */
static int note_measure(lk_calc *c, int side, const char *measure)
{
    side_dims *sd = &c->dims[side];
    for (size_t i = 0; i < sd->n_measures; i++)
        if (strcmp(sd->measures[i], measure) == 0) {
            sd->cur = (int)i;
            return LK_OK;
        }
    if (sd->n_measures < 8) {
        sd->measures[sd->n_measures] = intern(c, measure);
        if (!sd->measures[sd->n_measures]) return LK_ENOMEM;
        sd->cur = (int)sd->n_measures++;
        /* the periods of a side's only measure are not noted row by row (the hot loop); when a
         * second one comes, the first one's are its cells' */
        if (sd->n_measures == 2) {
            if (!(sd->periods = calloc(8, sizeof *sd->periods))) return LK_ENOMEM;
            backfill_periods(c, side, &sd->periods[0][0]);
        }
    } else {
        sd->cur = -1;
        sd->overflow = 1;
    }
    return LK_OK;
}

static size_t period_key(const lk_period *p);

/* Set the period bits of every cell of a side so far (all of one measure). */
static void backfill_periods(const lk_calc *c, int side, unsigned char *bits)
{
    for (size_t i = 0; i < c->n_cells; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side != side) continue;
        size_t k = period_key(&c->info[cell->period - 1].pinfo);
        bits[k >> 3] |= (unsigned char)(1u << (k & 7));
    }
}

static size_t period_key(const lk_period *p)
{
    if (!p->kind || p->first_year < 1700 || p->first_year >= 2300) return 0;
    return (size_t)(p->first_year - 1700) * 13 + (p->sub >= 0 && p->sub <= 12 ? (size_t)p->sub : 0);
}

static void note_period(side_dims *sd, const lk_period *p)
{
    if (sd->cur < 0 || !sd->periods) return;
    size_t k = period_key(p);
    sd->periods[sd->cur][k >> 3] |= (unsigned char)(1u << (k & 7));
}

/* A side counts persons (or other whole units) unless it is the amount of a kroner indicator. */
static int counts_units(const lk_calc *c, int side)
{
    return side == DEN || c->ind->scale != LK_SCALE_KRONER;
}

/* "1000 personer", "(1000 personer)", "1000 sysselsatte": counts in thousands, not "1000 kr". */
static int unit_in_thousands(const char *u)
{
    const char *k = strstr(u, "1000");
    if (!k || (k > u && lk_is_digit((unsigned char)k[-1])) || lk_is_digit((unsigned char)k[4])) return 0;
    for (const char *p = k + 4; *p; p++)
        if ((p[0] == 'k' || p[0] == 'K') && (p[1] == 'r' || p[1] == 'R')) return 0; /* money */
    return 1;
}

/* A whole number? (A conversion, not floor(): this runs for every observation.) Beyond 2^53
 * every double is whole. */
static int is_whole(double v)
{
    if (!(v > -9007199254740992.0 && v < 9007199254740992.0)) return 1;
    return (double)(long long)v == v;
}

/* Remember the first value on a counting side that is not a count, for lk_calc_finish; and
 * whether the side's counts are in thousands. */
static int check_count(lk_calc *c, int side, const lk_obs *o)
{
    if (o->unit && *o->unit) {
        if (o->unit != c->unit_seen || !o->lk__source) {
            c->unit_seen = o->unit;
            c->unit_is_rate = lk_measure_is_rate(o->unit);
            c->unit_is_thousands = unit_in_thousands(o->unit);
        }
        if (c->unit_is_thousands && counts_units(c, side)) c->thousands[side] = 1;
    }
    int rate_unit = o->unit && *o->unit && c->unit_is_rate; /* units repeat row after row: kept above */
    /* a rate under the label the indicator's published rate has (FHI's "Andel (prosent)" of
     * the same cube as its "Antall") is the rate's, not a count */
    if (rate_unit && counts_units(c, side) && *c->ind->rate.measure &&
        lk__measure_match(o->measure, o->measure_code, c->ind->rate.measure))
        return 0;
    if (c->has_bad || !c->ind->whole_counts || !counts_units(c, side)) return 1;
    /* Values from files, and their sums over merged kommuner or zones (whole if the parts were);
     * not a share of a divided unit estimated on request (status ~estimated), a fraction. */
    int fraction = o->has_value && !is_whole(o->value) && !(o->status && o->status[0] == '~') &&
                   !(o->unit && *o->unit && c->unit_is_thousands);
    if (!rate_unit && !fraction) return 1;
    c->has_bad = 1;
    c->bad.side = side;
    c->bad.rate_unit = rate_unit;
    c->bad.line = o->line;
    c->bad.value = o->has_value ? o->value : 0;
    c->bad.measure = intern(c, o->measure);
    c->bad.unit = rate_unit ? intern(c, o->unit) : "";
    if (!c->bad.measure) c->bad.measure = "?"; /* out of memory: the error is still an error */
    if (!c->bad.unit) c->bad.unit = "?";
    return 1;
}

/* An observation the definition's years or month leave out: counted when it is of the
 * indicator's numerator (the population of a denominator serves other years and indicators,
 * as in variants.c), the answer kept for the last measure (rows repeat it). */
static void note_unused(lk_calc *c, const lk_obs *o, struct unused *u)
{
    if (!(o->lk__source && o->lk__source == c->unused_source && o->measure == c->unused_measure)) {
        c->unused_source = o->lk__source; /* this runs before the reader switch below: its own memo */
        c->unused_measure = o->lk__source ? o->measure : NULL;
        c->unused_is_num = lk__measure_match(o->measure, o->measure_code, c->ind->num.measure);
    }
    if (!c->unused_is_num) return;
    if (!u->n++) snprintf(u->first, sizeof u->first, "%s", o->period);
}

/* The year "2020" of a monthly period taken as the year's figure (lk_indicator.month). */
static const char *year_text(lk_calc *c, int year)
{
    if (year < 1700 || year >= 1700 + (int)(sizeof c->year_text / sizeof c->year_text[0])) return NULL;
    const char **t = &c->year_text[year - 1700];
    if (!*t) {
        char buf[8];
        snprintf(buf, sizeof buf, "%d", year);
        *t = lk_arena_strndup(&c->arena, buf, strlen(buf)); /* one stable pointer per year */
    }
    return *t;
}

int lk_calc_add(lk_calc *c, const lk_obs *o, int file)
{
    if (!c || !o) return LK_EINVAL;
#ifdef LK_PLAIN
    if (o->lk__source) { /* the plain build: no pointer caches, every string looked at by content */
        lk_obs plain = *o;
        plain.lk__source = 0;
        return lk_calc_add(c, &plain, file);
    }
#endif
    if (c->var) return lk__variants_add(c->var, o, file);
    if (o->period_info.kind && ((c->ind->year_from && o->period_info.first_year < c->ind->year_from) ||
                                (c->ind->year_to && o->period_info.last_year > c->ind->year_to))) {
        note_unused(c, o, &c->unused_years); /* outside the years the definition's source covers */
        return LK_OK;
    }
    lk_obs as_year;
    int month_as_year = 0;
    if (c->ind->month && o->period_info.kind == LK_PERIOD_MONTH) {
        /* November of 10539 stands for the year; the other months are not this indicator */
        if (o->period_info.sub != c->ind->month) {
            note_unused(c, o, &c->unused_months);
            return LK_OK;
        }
        as_year = *o;
        if (!(as_year.period = year_text(c, o->period_info.first_year)))
            return o->period_info.first_year >= 1700 && o->period_info.first_year < 2300 ? LK_ENOMEM : LK_OK;
        as_year.period_info.kind = LK_PERIOD_YEAR;
        as_year.period_info.sub = 0;
        o = &as_year;
        month_as_year = 1;
    }
    if (o->lk__source != c->source) { /* another reader: its pointers mean other strings */
        memset(c->xcache, 0, sizeof c->xcache);
        for (size_t i = 0; i < 4; i++) c->mcache[i].measure = NULL;
        c->last_measure[0] = c->last_measure[1] = NULL;
        c->last_period[0] = c->last_period[1] = NULL;
        c->memo[0].region = c->memo[1].region = NULL;
        c->unit_seen = NULL;
        memset(c->sel_last, 0, sizeof c->sel_last);
        c->source = o->lk__source;
    }
    int hit[2], rc = LK_OK;
    sides_of(c, o, file, hit);
    if (c->opts.n_where) {
        if (!hit[NUM] && !hit[DEN]) return LK_OK;
        if (where_note(c, o) != LK_OK) return LK_ENOMEM;
        if (!where_ok(c, o)) return LK_OK;
    }
    for (int side = NUM; side <= DEN && rc == LK_OK; side++) {
        if (!hit[side]) continue;
        if (c->source && c->last_measure[side] == o->measure) {
            /* the same measure as the last observation of this reader */
        } else if (c->dims[side].cur < 0 || (size_t)c->dims[side].cur >= c->dims[side].n_measures ||
                   strcmp(c->dims[side].measures[c->dims[side].cur], o->measure) != 0) {
            rc = note_measure(c, side, o->measure);
        }
        c->last_measure[side] = o->measure;
        if (c->dims[side].n_measures > 1 &&
            (!c->source || o->period != c->last_period[side] || c->dims[side].cur != c->last_cur[side])) {
            note_period(&c->dims[side], &o->period_info); /* rows repeat periods: once per change */
            c->last_period[side] = c->source ? o->period : NULL;
            c->last_cur[side] = c->dims[side].cur;
        }
        if (c->ind->month) { /* November as the year beside the year itself would be summed together */
            if (month_as_year) c->from_month[side] = 1;
            else if (o->period_info.kind == LK_PERIOD_YEAR) c->from_year[side] = 1;
        }
        if (rc == LK_OK && check_count(c, side, o)) rc = add_side(c, side, o);
    }
    return rc;
}

/* ------------------------------------------------------------------ choosing categories */

static const char *side_name(int side)
{
    return side == NUM ? "numerator" : "denominator";
}

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

static void agechoice_free(agechoice *a)
{
    free(a->rix);
    free(a->grp);
    free(a->set);
    free(a->fail);
    free(a->empty);
}

static size_t age_key(const lk_calc *c, const agechoice *a, const ccell *cell)
{
    return (size_t)(a->rix[cell->region - 1] - 1) * a->n_p + (c->info[cell->period - 1].dense_p - 1);
}

/* Choose the bands of one group (its set of bands present in, bands picked out): 1 chosen, 0
 * cannot cover (why in msg, the existing messages), or -1: out of memory. */
static int choose_group(lk_calc *c, int side, uint64_t *set, uint32_t words, const int *lo, const int *hi,
                        const uint32_t *str, int want_lo, int want_hi, char *msg, size_t size)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    size_t n = 0;
    for (uint32_t w = 0; w < words; w++) n += (size_t)__builtin_popcountll(set[w]);
    if (n == 0) {
        if (sd->age_lo < 0) return 1;
        /* No age dimension: acceptable only when the measure itself names the ages. */
        char range[32];
        snprintf(range, sizeof range, "%d-%d", sd->age_lo, sd->age_hi);
        for (size_t i = 0; i < c->dims[side].n_measures; i++) /* each wording of the measure */
            if (strstr(c->dims[side].measures[i], range)) return 1;
        if (sd->table_lo >= 0 && sd->table_lo == sd->age_lo && sd->table_hi == sd->age_hi) return 1; /* 07984 */
        snprintf(msg, size, "%s: ages %s år asked for, but the data has no age dimension and its measure "
                 "does not name these ages (expected an 'alder' column, or a measure such as '... %s år')",
                 side_name(side), range, range);
        return 0;
    }
    int *blo = malloc(n * sizeof *blo), *bhi = malloc(n * sizeof *bhi);
    uint32_t *da = malloc(n * sizeof *da);
    unsigned char *pick = malloc(n);
    int ok = -1;
    if (blo && bhi && da && pick) {
        size_t k = 0;
        for (uint32_t w = 0; w < words; w++)
            for (uint64_t b = set[w]; b; b &= b - 1) {
                uint32_t d = w * 64 + (uint32_t)__builtin_ctzll(b);
                da[k] = d;
                blo[k] = lo[d];
                bhi[k++] = hi[d];
            }
        size_t straddle;
        int rc = lk_age_choose(blo, bhi, n, want_lo, want_hi, pick, &straddle);
        if (rc == LK_OK) {
            memset(set, 0, words * sizeof *set);
            for (size_t i = 0; i < n; i++)
                if (pick[i]) set[da[i] / 64] |= 1ull << (da[i] % 64);
            ok = 1;
        } else if (rc == LK_EDATA) {
            char range[32];
            if (want_hi >= LK_AGE_MAX) snprintf(range, sizeof range, "%d år og eldre", want_lo);
            else snprintf(range, sizeof range, "%d-%d år", want_lo, want_hi);
            if (straddle != SIZE_MAX)
                snprintf(msg, size, "%s: the age band '%s' straddles a limit of %s (expected bands that "
                         "start and end at the limits; a partial band would be a partial count)",
                         side_name(side), c->info[str[da[straddle]] - 1].s, range);
            else
                snprintf(msg, size, "%s: the age bands cannot cover %s exactly once (expected a band %s or "
                         "bands that add up to it)", side_name(side), range, range);
            ok = 0;
        }
    }
    free(blo);
    free(bhi);
    free(da);
    free(pick);
    return ok;
}

static uint64_t set_hash(const uint64_t *v, uint32_t words)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t w = 0; w < words; w++) h = (h ^ v[w]) * 0x100000001b3ull;
    return h ^ h >> 29;
}

/* Decide, for one side, which age bands to sum per region and period (into *a) and which total
 * mask to require. */
static int choose(lk_calc *c, int side, agechoice *a, uint32_t *required)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    side_dims *dd = &c->dims[side];
    memset(a, 0, sizeof *a);
    *required = 0;
    for (size_t d = 0; d < dd->n; d++)
        if (dd->has_total[d]) *required |= 1u << d;
    int clash = dd->overflow;
    for (size_t i = 0; i < dd->n_measures && !clash; i++)
        for (size_t j = i + 1; j < dd->n_measures && !clash; j++)
            for (size_t b = 0; dd->periods && b < sizeof dd->periods[i] && !clash; b++)
                clash = (dd->periods[i][b] & dd->periods[j][b]) != 0;
    if (clash) {
        char list[512] = "";
        for (size_t i = 0; i < dd->n_measures; i++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "", dd->measures[i]);
        }
        return cfail(c, LK_EDATA, "%s: the pattern '%s' matches several measures in the same period: %s (expected "
                     "one per period; name it more exactly, e.g. FILE:MEASURE)", side_name(side), sd->measure, list);
    }
    /* The bands of this side, parsed once each (by dense age number), in the order of the cells. */
    uint32_t n_a = c->n_a;
    uint32_t *str = calloc(n_a, sizeof *str); /* dense age → string id (0: not on this side) */
    int *lo = malloc(n_a * sizeof *lo), *hi = malloc(n_a * sizeof *hi);
    int rc = str && lo && hi ? LK_OK : LK_ENOMEM, any = 0, want_lo = sd->age_lo, want_hi = sd->age_hi, span_lo = 0,
        span_hi = 0;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side != side || !cell->age) continue;
        uint32_t d = c->info[cell->age - 1].dense_a - 1;
        if (str[d]) continue;
        str[d] = cell->age;
        if (lk_age_parse(c->info[cell->age - 1].s, &lo[d], &hi[d]) != LK_OK)
            rc = cfail(c, LK_EDATA, "%s: age label '%s' is not an age band (expected labels such as '15-19 år', "
                       "'20 år', '75 år eller eldre', 'Alle aldre' or 15_74)", side_name(side), c->info[cell->age - 1].s);
        if (!any || lo[d] < span_lo) span_lo = lo[d];
        if (!any || hi[d] > span_hi) span_hi = hi[d];
        any = 1;
    }
    if (rc == LK_OK && !any) { /* no age band on this side: the old rule, for the whole side */
        a->no_bands = 1;
        char msg[512];
        uint64_t none = 0;
        int ok = choose_group(c, side, &none, 1, lo, hi, str, want_lo, want_hi, msg, sizeof msg);
        if (ok < 0) rc = LK_ENOMEM;
        else if (!ok) rc = cfail(c, LK_EDATA, "%s", msg);
    }
    if (rc != LK_OK || a->no_bands) goto done;
    int no_ages = want_lo < 0;
    if (no_ages) { /* no ages asked for: the span of all bands of the side, each age once, everywhere */
        want_lo = span_lo;
        want_hi = span_hi;
    }
    /* compact region numbers and the band set of each (region, period) key, from the cells that
     * count (those with the required totals) */
    a->n_p = c->n_p ? c->n_p : 1;
    a->words = (n_a + 63) / 64;
    uint32_t nreg = 0;
    if (!(a->rix = calloc(c->n_rt ? c->n_rt : 1, sizeof *a->rix))) rc = LK_ENOMEM;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side == side && !a->rix[cell->region - 1]) a->rix[cell->region - 1] = ++nreg;
    }
    size_t keys = (size_t)nreg * a->n_p;
    if (rc == LK_OK && (!(a->grp = calloc(keys ? keys : 1, sizeof *a->grp))
                        || !(a->set = calloc((keys ? keys : 1) * a->words, sizeof *a->set))))
        rc = LK_ENOMEM;
    for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
        const ccell *cell = &c->cells[i];
        if (cell->side != side || (cell->mask & *required) != *required) continue;
        size_t k = age_key(c, a, cell);
        a->grp[k] = 1; /* present */
        if (cell->age) {
            uint32_t d = c->info[cell->age - 1].dense_a - 1;
            a->set[k * a->words + d / 64] |= 1ull << (d % 64);
        }
    }
    /* group equal sets: each group's set is moved down to position g (g <= k, so no key's set is
     * overwritten before it is read) */
    size_t cap = 64;
    uint32_t *table = rc == LK_OK ? calloc(cap, sizeof *table) : NULL; /* group + 1 */
    if (rc == LK_OK && !table) rc = LK_ENOMEM;
    for (size_t k = 0; k < keys && rc == LK_OK; k++) {
        if (!a->grp[k]) continue;
        const uint64_t *v = &a->set[k * a->words];
        uint64_t h = set_hash(v, a->words);
        size_t j = (size_t)h & (cap - 1);
        while (table[j] && memcmp(&a->set[(size_t)(table[j] - 1) * a->words], v, a->words * sizeof *v) != 0)
            j = (j + 1) & (cap - 1);
        if (!table[j]) {
            size_t g = a->n_groups++;
            if (g != k) memcpy(&a->set[g * a->words], v, a->words * sizeof *v);
            table[j] = (uint32_t)g + 1;
            if (a->n_groups * 2 > cap) { /* grow: rehash the groups */
                size_t ncap = cap * 2;
                uint32_t *t = calloc(ncap, sizeof *t);
                if (!t) {
                    rc = LK_ENOMEM;
                    break;
                }
                for (size_t x = 0; x < a->n_groups; x++) {
                    size_t y = (size_t)set_hash(&a->set[x * a->words], a->words) & (ncap - 1);
                    while (t[y]) y = (y + 1) & (ncap - 1);
                    t[y] = (uint32_t)x + 1;
                }
                free(table);
                table = t;
                cap = ncap;
            }
            a->grp[k] = (uint32_t)g + 1;
        } else {
            a->grp[k] = table[j];
        }
    }
    free(table);
    if (rc == LK_OK && (!(a->fail = calloc(a->n_groups ? a->n_groups : 1, 1))
                        || !(a->empty = calloc(a->n_groups ? a->n_groups : 1, 1))))
        rc = LK_ENOMEM;
    char first[512] = "";
    size_t n_ok = 0;
    /* No ages asked for: one choice over the bands of the whole side (a total or its parts, each
     * age once), and each region sums those of them it has: its observations, whatever their
     * ages, as an ad hoc "numerator over denominator" means. Asked for ages are a region's own. */
    uint64_t *global = NULL;
    if (rc == LK_OK && no_ages) {
        if (!(global = calloc(a->words ? a->words : 1, sizeof *global))) rc = LK_ENOMEM;
        for (uint32_t d = 0; d < n_a && rc == LK_OK; d++)
            if (str[d]) global[d / 64] |= 1ull << (d % 64);
        char msg[512];
        int ok = rc == LK_OK ? choose_group(c, side, global, a->words, lo, hi, str, want_lo, want_hi, msg, sizeof msg) : 1;
        if (ok < 0) rc = LK_ENOMEM;
        else if (!ok) rc = cfail(c, LK_EDATA, "%s", msg);
    }
    for (size_t g = 0; g < a->n_groups && rc == LK_OK; g++) {
        uint64_t *v = &a->set[g * a->words];
        int empty = 1;
        for (uint32_t w = 0; w < a->words && empty; w++) empty = v[w] == 0;
        char msg[512];
        if (global) {
            for (uint32_t w = 0; w < a->words; w++) v[w] &= global[w];
            n_ok++;
            a->fail[g] = 0;
            a->empty[g] = (unsigned char)empty;
            continue;
        }
        int ok = choose_group(c, side, v, a->words, lo, hi, str, want_lo, want_hi, msg, sizeof msg);
        if (ok < 0) rc = LK_ENOMEM;
        else if (ok) n_ok++;
        else if (!first[0]) snprintf(first, sizeof first, "%s", msg);
        a->fail[g] = ok == 0;
        a->empty[g] = (unsigned char)empty;
    }
    free(global);
    /* no region could be covered: the whole computation fails, with the first reason */
    if (rc == LK_OK && a->n_groups && !n_ok) rc = cfail(c, LK_EDATA, "%s", first);
done:
    free(str);
    free(lo);
    free(hi);
    return rc;
}

/* 1: the cell counts, 0: it does not, -1: it would, but its region's bands cannot cover the ages. */
static int chosen(const lk_calc *c, const agechoice *a, uint32_t required, const ccell *cell)
{
    if ((cell->mask & required) != required) return 0;
    if (a->no_bands) return 1; /* no cell of the side has an age band */
    size_t k = age_key(c, a, cell), g = a->grp[k] - 1;
    if (a->fail[g]) return -1;
    if (!cell->age) return a->empty[g];
    uint32_t d = c->info[cell->age - 1].dense_a - 1;
    return (a->set[g * a->words + d / 64] >> (d % 64)) & 1;
}

/* ------------------------------------------------------------------ results */

/* A table slot for a (region id, period id) key: both halves mixed into the low bits. */
static size_t rslot_of(uint64_t key, size_t cap)
{
    key ^= key >> 31;
    key *= 0x9E3779B97F4A7C15ull;
    key ^= key >> 29;
    return (size_t)key & (cap - 1);
}

static rcell *result_for(lk_calc *c, const ccell *cell)
{
    /* by (region id, period id) in an open-addressing table: one look-up per cell */
    const struct strinfo *ri = &c->info[cell->region - 1], *pi = &c->info[cell->period - 1];
    uint64_t key = (uint64_t)cell->region << 32 | cell->period;
    if ((c->n_rmap + 1) * 2 > c->cap_rmap) {
        size_t cap = c->cap_rmap ? 2 * c->cap_rmap : 1024;
        struct rslot *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < c->cap_rmap; i++) {
            if (!c->rmap[i].r) continue;
            size_t j = rslot_of(c->rmap[i].key, cap);
            while (v[j].r) j = (j + 1) & (cap - 1);
            v[j] = c->rmap[i];
        }
        free(c->rmap);
        c->rmap = v;
        c->cap_rmap = cap;
    }
    size_t j = rslot_of(key, c->cap_rmap);
    for (; c->rmap[j].r; j = (j + 1) & (c->cap_rmap - 1))
        if (c->rmap[j].key == key) return c->rmap[j].r;
    rcell *r = c->n_slab < c->cap_slab ? &c->rslab[c->n_slab++] : lk_arena_alloc(&c->arena, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->r.region = ri->s;
    r->r.region_name = ri->name ? ri->name : "";
    r->r.level = ri->level;
    r->r.period = pi->s;
    r->r.period_info = pi->pinfo;
    r->r.status = "";
    if (c->n_res == c->cap_res) {
        size_t cap = c->cap_res ? 2 * c->cap_res : 256;
        rcell **v = realloc(c->res, cap * sizeof *v);
        if (!v) return NULL;
        c->res = v;
        c->cap_res = cap;
    }
    c->res[c->n_res++] = r;
    c->rmap[j].key = key;
    c->rmap[j].r = r;
    c->n_rmap++;
    return r;
}

/* LK_ENOMEM when the ~skipped flag could not be kept (a result without its status would read
 * as complete). */
static int settle(lk_calc *c, lk_ratio *r, const rcell *x)
{
    r->num = x->sum[NUM];
    r->den = x->sum[DEN];
    r->has_value = 0;
    /* "no data" is never a zero: a side without a cell, or whose every part was missing and
     * left out (--missing skip), has no number, whatever its sum of nothing says */
    if (x->age_fail[NUM] || x->age_fail[DEN]) r->status = "~age-bands";
    else if (x->missing) r->status = x->missing;
    else if (!(x->has[NUM] & 2)) r->status = "~no-numerator";
    else if (!(x->has[DEN] & 2)) r->status = "~no-denominator";
    else if (!isfinite(r->num) || !isfinite(r->den)) r->status = "~overflow"; /* a sum beyond the largest double */
    else if (!(r->den > 0)) r->status = "~zero-denominator";
    else {
        r->has_value = 1;
        r->status = "";
        if (x->skipped) {
            char flag[48];
            snprintf(flag, sizeof flag, "~skipped:%zu", x->skipped);
            r->status = intern(c, flag);
            if (!r->status) return LK_ENOMEM;
        }
    }
    return LK_OK;
}

/* Results in their order: region, then period (lk_calc_find searches it; variants.c sorts so). */
int lk__ratio_cmp(const void *a, const void *b)
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
        int overflow = !isfinite(r.num) || !isfinite(r.den);
        r.has_value = r.years_used > 0 && r.den > 0 && !overflow;
        if (!r.has_value) r.status = missing ? missing : r.years_used > 0 && overflow ? "~overflow" : "~no-years";
        else if (r.years_used < n) {
            char flag[32];
            snprintf(flag, sizeof flag, "~years:%d/%d", r.years_used, n);
            r.status = intern(c, flag);
            if (!r.status) {
                free(w);
                return LK_ENOMEM;
            }
        }
        w[nw++] = r;
    }
    free(c->out);
    c->out = w;
    c->n_out = nw;
    return LK_OK;
}

static int merge_side(lk_calc *dst, const lk_calc *src, int side, uint32_t *map);

/* dst's id of src's string id, looked up once per string (map[id] 0: not yet). */
static uint32_t mapped_id(lk_calc *dst, const lk_calc *src, uint32_t *map, uint32_t id)
{
    if (!map[id]) map[id] = string_id(dst, src->info[id - 1].s);
    return map[id];
}

int lk_calc_merge(lk_calc *dst, const lk_calc *src)
{
    if (!dst || !src || dst->ind != src->ind) return LK_EINVAL;
    if (dst->var) return lk__variants_merge(dst->var, src->var);
    return lk__calc_merge_same(dst, src);
}

/* The merge itself, for two computations of one definition (the children of two lk__variants
 * hold copies of the first definition: equal, at other addresses). */
int lk__calc_merge_same(lk_calc *dst, const lk_calc *src)
{
    uint32_t *map = calloc((size_t)src->n_info + 1, sizeof *map);
    if (!map) return LK_ENOMEM;
    int rc = LK_OK;
    for (int side = NUM; side <= DEN && rc == LK_OK; side++) rc = merge_side(dst, src, side, map);
    free(map);
    for (size_t w = 0; w < dst->opts.n_where && w < src->opts.n_where && rc == LK_OK; w++) {
        struct wseen *d = &dst->wseen[w];
        const struct wseen *x = &src->wseen[w];
        d->name_seen |= x->name_seen;
        d->value_seen |= x->value_seen;
        for (size_t i = 0; i < x->n_names && rc == LK_OK; i++) rc = seen_add(dst, d->names, &d->n_names, 16, x->names[i]);
        for (size_t i = 0; i < x->n_values && rc == LK_OK; i++) rc = seen_add(dst, d->values, &d->n_values, 24, x->values[i]);
    }
    /* what the other part saw that makes the whole an error, or names what was missing */
    struct unused *du[2] = { &dst->unused_years, &dst->unused_months };
    const struct unused *su[2] = { &src->unused_years, &src->unused_months };
    for (int k = 0; k < 2; k++) {
        if (su[k]->n && !du[k]->n) memcpy(du[k]->first, su[k]->first, sizeof du[k]->first);
        du[k]->n += su[k]->n;
    }
    for (int side = NUM; side <= DEN && rc == LK_OK; side++) {
        dst->thousands[side] |= src->thousands[side];
        dst->from_month[side] |= src->from_month[side];
        dst->from_year[side] |= src->from_year[side];
        if (src->sel_miss[side] && !dst->sel_miss[side]) {
            dst->miss_no_dim[side] = src->miss_no_dim[side];
            if (src->miss_measure[side] && !(dst->miss_measure[side] = intern(dst, src->miss_measure[side]))) rc = LK_ENOMEM;
            for (size_t i = 0; i < src->n_miss_values[side] && rc == LK_OK; i++)
                if (!(dst->miss_clause_values[side][i] = intern(dst, src->miss_clause_values[side][i]))) rc = LK_ENOMEM;
            if (rc == LK_OK) dst->n_miss_values[side] = src->n_miss_values[side];
        }
        dst->sel_miss[side] += src->sel_miss[side];
        for (size_t k = 0; k < dst->sel[side].n && rc == LK_OK; k++) { /* the categories each part took */
            const char *a = dst->sel_first[side][k], *b = src->sel_first[side][k];
            if (!b) continue;
            if (!a) {
                if (!(dst->sel_first[side][k] = intern(dst, b))) rc = LK_ENOMEM;
            } else if (strcmp(a, b) != 0 && !dst->sel_clash[side]) {
                dst->sel_clash[side] = 1;
                dst->sel_clash_clause[side] = k;
                if (!(dst->sel_second[side] = intern(dst, b))) rc = LK_ENOMEM;
            }
        }
        if (src->sel_clash[side] && !dst->sel_clash[side] && rc == LK_OK) {
            size_t k = src->sel_clash_clause[side];
            dst->sel_clash[side] = 1;
            dst->sel_clash_clause[side] = k;
            dst->sel_first[side][k] = intern(dst, src->sel_first[side][k]);
            dst->sel_second[side] = intern(dst, src->sel_second[side]);
            if (!dst->sel_first[side][k] || !dst->sel_second[side]) rc = LK_ENOMEM;
        }
    }
    if (rc == LK_OK && src->has_bad && !dst->has_bad) {
        dst->bad = src->bad;
        dst->bad.measure = intern(dst, src->bad.measure);
        dst->bad.unit = intern(dst, src->bad.unit ? src->bad.unit : "");
        if (!dst->bad.measure || !dst->bad.unit) rc = LK_ENOMEM;
        else dst->has_bad = 1;
    }
    return rc;
}

static int merge_side(lk_calc *dst, const lk_calc *src, int side, uint32_t *map)
{
    const side_dims *sd = &src->dims[side];
    side_dims *dd = &dst->dims[side];
    uint32_t remap[LK_MAX_DIMS];
    for (size_t d = 0; d < sd->n; d++) { /* the same dimension may have another index here */
        size_t k = 0;
        while (k < dd->n && strcmp(dd->name[k], sd->name[d]) != 0) k++;
        if (k == dd->n) {
            if (dd->n == LK_MAX_DIMS) return cfail(dst, LK_ELIMIT, "more than %d dimensions", LK_MAX_DIMS);
            dd->name[dd->n] = intern(dst, sd->name[d]);
            if (!dd->name[dd->n]) return LK_ENOMEM;
            dd->n++;
        }
        if (sd->has_total[d]) dd->has_total[k] = 1;
        remap[d] = (uint32_t)k;
    }
    for (size_t i = 0; i < sd->n_measures; i++) {
        if (note_measure(dst, side, sd->measures[i]) != LK_OK) return LK_ENOMEM;
        if (dd->cur < 0 || !dd->periods) continue; /* one measure in all: nothing to compare */
        if (!sd->periods) backfill_periods(src, side, &dd->periods[dd->cur][0]); /* not noted row by row */
        else
            for (size_t b = 0; b < sizeof sd->periods[i]; b++) dd->periods[dd->cur][b] |= sd->periods[i][b];
    }
    if (sd->overflow) dd->overflow = 1;
    for (size_t i = 0; i < src->n_cells; i++) {
        const ccell *x = &src->cells[i];
        if (x->side != side) continue;
        const struct strinfo *ri = &src->info[x->region - 1], *pi = &src->info[x->period - 1];
        uint32_t rid = mapped_id(dst, src, map, x->region), pid = mapped_id(dst, src, map, x->period);
        uint32_t age = x->age ? mapped_id(dst, src, map, x->age) : 0;
        if (!rid || !pid || (x->age && !age)) return LK_ENOMEM;
        uint32_t mask = x->mask & SEX_BITS;
        for (size_t d = 0; d < sd->n; d++)
            if (x->mask & (1u << d)) mask |= 1u << remap[d];
        ccell *y = cell_for(dst, side, rid, pid, age, mask, ri->name ? ri->name : "", ri->level, &pi->pinfo, NULL);
        if (!y) return dst->errmsg[0] ? LK_ELIMIT : LK_ENOMEM;
        y->sum += x->sum;
        y->values += x->values;
        y->n_missing += x->n_missing;
        if (x->missing && !y->missing && !(y->missing = mapped_id(dst, src, map, x->missing))) return LK_ENOMEM;
    }
    return LK_OK;
}

const char *lk_calc_note(lk_calc *c);

/* Why a side got nothing: its measure was not there, or it was, without the categories. */
static int nothing_matched(lk_calc *c, int side)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    if (c->sel_miss[side]) {
        char list[512];
        join_list(list, sizeof list, c->miss_clause_values[side], c->n_miss_values[side]);
        if (c->miss_no_dim[side] && !c->n_miss_values[side])
            return cfail(c, LK_EDATA, "%s: the measure '%s' is there, but without the dimension asked for in '%s' "
                         "(expected a file with that dimension and category; see levekar indicators --needs %s)",
                         side_name(side), c->miss_measure[side], sd->where, c->ind->base && *c->ind->base ? c->ind->base : c->ind->id);
        return cfail(c, LK_EDATA, "%s: the measure '%s' is there, but not with the categories '%s' (the data has %s; "
                     "expected a file with them selected; see levekar indicators --needs %s)", side_name(side),
                     c->miss_measure[side], sd->where, list, c->ind->base && *c->ind->base ? c->ind->base : c->ind->id);
    }
    if (c->unused_months.n || c->unused_years.n)
        return cfail(c, LK_EDATA, "%s: no observation of the measure '%s' was used: %s (expected %s)", side_name(side),
                     sd->measure, lk_calc_note(c), c->unused_months.n ? "the month the definition takes" : "the years of the definition");
    return cfail(c, LK_EDATA, "%s: no observation matched the measure '%s'%s%s (expected a file with that "
                 "measure; see levekar inspect)", side_name(side), sd->measure, *sd->table ? " in table " : "", sd->table);
}

int lk_calc_finish(lk_calc *c)
{
    if (!c) return LK_EINVAL;
    if (c->var) return lk__variants_finish(c->var, c->errmsg, sizeof c->errmsg);
    if (c->opts.n_where && where_check(c) != LK_OK) return LK_EDATA;
    if (c->has_bad) {
        if (c->bad.rate_unit)
            return cfail(c, LK_EDATA, "line %lu: %s: the measure '%s' is in '%s', not a count (expected counts "
                         "of persons; a published rate is read with --rate)", c->bad.line, side_name(c->bad.side),
                         c->bad.measure, c->bad.unit);
        return cfail(c, LK_EDATA, "line %lu: %s: the measure '%s' has the value %g, which is not a count (expected "
                     "whole numbers of persons; is it a published rate or an average? a published rate is read "
                     "with --rate)", c->bad.line, side_name(c->bad.side), c->bad.measure, c->bad.value);
    }
    for (int side = NUM; side <= DEN; side++)
        if (c->sel_clash[side]) {
            size_t k = c->sel_clash_clause[side];
            return cfail(c, LK_EDATA, "%s: the categories '%s' and '%s' both match '%s = %s' (expected one of them: "
                         "they would be summed; keep one in the file, or name it exactly in %s.where)", side_name(side),
                         c->sel_first[side][k] ? c->sel_first[side][k] : "?", c->sel_second[side] ? c->sel_second[side] : "?",
                         c->sel[side].s[k].names, c->sel[side].s[k].values, side_name(side));
        }
    for (int side = NUM; side <= DEN; side++)
        if (c->from_month[side] && c->from_year[side])
            return cfail(c, LK_EDATA, "%s: both monthly figures (month %d taken as the year) and annual figures of "
                         "its measure (expected one or the other: a year and its month %d would be summed together)",
                         side_name(side), c->ind->month, c->ind->month);
    if (c->thousands[NUM] != c->thousands[DEN] && c->ind->scale != LK_SCALE_KRONER)
        return cfail(c, LK_EDATA, "the %s is in thousands (a unit such as '1000 personer') and the %s is not "
                     "(expected both sides in the same unit)", side_name(c->thousands[NUM] ? NUM : DEN),
                     side_name(c->thousands[NUM] ? DEN : NUM));
    size_t per_side[2] = { 0, 0 };
    for (size_t i = 0; i < c->n_cells; i++) per_side[c->cells[i].side]++;
    for (int side = NUM; side <= DEN; side++)
        if (!per_side[side]) return nothing_matched(c, side);
    /* Room for the results at once: at most a result per region and period. Arrays made in one
     * go and prefaulted cost a fraction of the page faults of growing ones (11 us each here). */
    size_t regions = 0;
    for (uint32_t i = 0; i < c->n_rt; i++)
        if (c->rt[i]) regions++;
    size_t bound = regions * c->n_p;
    if (bound > c->n_cells) bound = c->n_cells;
    if (bound && !c->res && bound * (sizeof(rcell) + sizeof(rcell *) + 4 * sizeof(struct rslot)) <= ((size_t)64 << 20)) {
        size_t cap = 1024;
        while (cap < 2 * bound) cap *= 2;
        if (!(c->res = malloc(bound * sizeof *c->res))) return LK_ENOMEM;
        c->cap_res = bound;
        if (!(c->rmap = calloc(cap, sizeof *c->rmap))) return LK_ENOMEM;
        c->cap_rmap = cap;
        if (!(c->rslab = lk_big_calloc(bound * sizeof *c->rslab))) return LK_ENOMEM;
        c->cap_slab = bound;
        lk_prefault(c->res, bound * sizeof *c->res);
        lk_prefault(c->rmap, cap * sizeof *c->rmap);
        lk_prefault(c->rslab, bound * sizeof *c->rslab);
    }
    for (int side = NUM; side <= DEN; side++) {
        agechoice bands;
        uint32_t required;
        int rc = choose(c, side, &bands, &required);
        if (rc != LK_OK) {
            agechoice_free(&bands);
            return rc;
        }
        double mult = side == NUM ? c->ind->num.multiplier : c->ind->den.multiplier;
        for (size_t i = 0; i < c->n_cells && rc == LK_OK; i++) {
            const ccell *cell = &c->cells[i];
            int ch;
            if (cell->side != side || !(ch = chosen(c, &bands, required, cell))) continue;
            rcell *r = result_for(c, cell);
            if (!r) { rc = LK_ENOMEM; break; }
            if (ch < 0) { /* said in the status, never a partial sum */
                r->age_fail[side] = 1;
                continue;
            }
            r->has[side] |= (unsigned char)(cell->values ? 3 : 1);
            r->sum[side] += cell->sum * mult;
            if (c->opts.skip_missing) {
                r->skipped += cell->n_missing; /* summed what is there; said in the status */
            } else {
                if (cell->missing && !r->missing) r->missing = c->info[cell->missing - 1].s;
                if (!cell->values && !cell->missing && !r->missing) r->missing = "..";
            }
        }
        agechoice_free(&bands);
        if (rc != LK_OK) return rc;
    }
    c->out = calloc(c->n_res ? c->n_res : 1, sizeof *c->out);
    if (c->out) lk_prefault(c->out, c->n_res * sizeof *c->out);
    if (!c->out) return LK_ENOMEM;
    for (size_t i = 0; i < c->n_res; i++) {
        c->out[i] = c->res[i]->r;
        if (settle(c, &c->out[i], c->res[i]) != LK_OK) return LK_ENOMEM;
        c->out[i].years_used = 1;
    }
    c->n_out = c->n_res;
    qsort(c->out, c->n_out, sizeof *c->out, lk__ratio_cmp);
    if (c->opts.window > 1) {
        int rc = make_windows(c);
        if (rc != LK_OK) return rc;
    }
    for (size_t i = 0; i < c->n_out; i++) {
        c->out[i].variant = c->ind->variant ? c->ind->variant : "";
        c->out[i].in_thousands = c->thousands[NUM];
    }
    return LK_OK; /* out is sorted by region: lk_calc_find searches it */
}

size_t lk_calc_count(const lk_calc *c)
{
    if (c && c->var) return lk__variants_count(c->var);
    return c ? c->n_out : 0;
}

const lk_ratio *lk_calc_get(const lk_calc *c, size_t i)
{
    if (c && c->var) return lk__variants_get(c->var, i);
    return c && i < c->n_out ? &c->out[i] : NULL;
}

const lk_ratio *lk_calc_find(const lk_calc *c, const char *region, const char *period)
{
    if (!c || !region || !period) return NULL;
    if (c->var) return lk__variants_find(c->var, region, period);
    /* out is sorted by region (lk__ratio_cmp): its first row, then its periods (a few dozen) */
    size_t lo = 0, hi = c->n_out;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->out[mid].region, region) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < c->n_out && strcmp(c->out[i].region, region) == 0; i++)
        if (strcmp(c->out[i].period, period) == 0) return &c->out[i];
    return NULL;
}

/* Sum every kommune into its fylke (first two digits) and into landet, once per period. */
static int build_sums(lk_calc *c, const lk_geo *g)
{
    int latest = g ? lk_geo_latest_change_year(g) : 0;
    for (size_t i = 0; i < c->n_out; i++) {
        const lk_ratio *r = &c->out[i];
        if (r->level == LK_LEVEL_GRUNNKRETS || r->level == LK_LEVEL_BYDEL) {
            /* grunnkretser and bydeler into their kommune (first four digits): completeness
             * cannot be checked (no grunnkrets list here), so such sums are marked unchecked */
            char key[96];
            int k = snprintf(key, sizeof key, "%.4s\x1f%s", r->region, r->period);
            if (k < 0 || (size_t)k >= sizeof key) continue;
            int is_new;
            lk_map_entry *l = lk_map_get(&c->sums, 0, key, (size_t)k, &is_new);
            if (!l) return LK_ENOMEM;
            psum *p = l->data;
            if (!p) {
                p = lk_arena_alloc(&c->arena, sizeof *p);
                if (!p) return LK_ENOMEM;
                memset(p, 0, sizeof *p);
                p->pinfo = r->period_info;
                p->years_used = r->years_used;
                l->data = p;
            }
            p->any = 1;
            p->known_all = p->known_latest = 0;
            if (r->has_value) {
                p->num += r->num;
                p->den += r->den;
            } else if (!p->missing) {
                p->missing = r->status;
            }
            continue;
        }
        if (r->level != LK_LEVEL_KOMMUNE) continue;
        int known = g && lk_geo_unit_at(g, r->region, r->period_info.last_year, NULL) == LK_OK;
        int known_latest = g && lk_geo_unit_at(g, r->region, latest, NULL) == LK_OK;
        for (int level = 0; level < 2; level++) {
            char key[96];
            int k = level ? snprintf(key, sizeof key, "0\x1f%s", r->period)
                          : snprintf(key, sizeof key, "%.2s\x1f%s", r->region, r->period);
            if (k < 0 || (size_t)k >= sizeof key) continue;
            int is_new;
            lk_map_entry *l = lk_map_get(&c->sums, 0, key, (size_t)k, &is_new);
            if (!l) return LK_ENOMEM;
            psum *p = l->data;
            if (!p) {
                p = lk_arena_alloc(&c->arena, sizeof *p);
                if (!p) return LK_ENOMEM;
                memset(p, 0, sizeof *p);
                p->known_all = p->known_latest = 1;
                p->pinfo = r->period_info;
                p->years_used = r->years_used;
                l->data = p;
            }
            p->any = 1;
            if (!known) p->known_all = 0;
            if (!known_latest) p->known_latest = 0;
            if (r->has_value) {
                p->num += r->num;
                p->den += r->den;
                if (strncmp(r->status, "~skipped", 8) == 0) p->skipped++;
            } else if (!p->missing) {
                p->missing = r->status;
            }
        }
    }
    return LK_OK;
}

int lk_calc_aggregate(lk_calc *c, const char *parent, const char *period, const lk_geo *g, lk_ratio *out, int *checked)
{
    if (!c || !parent || !period || !out) return LK_EINVAL;
    if (c->var) return lk__variants_aggregate(c->var, parent, period, g, out, checked);
    if (!lk_map_count(&c->sums) && c->n_out) {
        int rc = build_sums(c, g);
        if (rc != LK_OK) return rc;
    }
    size_t pl = strcmp(parent, "0") == 0 ? 0 : strlen(parent);
    char key[96];
    int k = snprintf(key, sizeof key, "%s\x1f%s", parent, period);
    if (k < 0 || (size_t)k >= sizeof key || (pl != 0 && pl != 2 && pl != 4)) return LK_ENOTFOUND;
    lk_map_entry *l = lk_map_find(&c->sums, 0, key, (size_t)k);
    if (!l || !l->data) return LK_ENOTFOUND;
    psum *p = l->data;
    if (p->done && p->done_g == g) { /* the completeness check below lists every kommune: once per key */
        *out = p->ratio;
        out->region = parent;
        out->period = period;
        if (checked) *checked = p->done_checked;
        return LK_OK;
    }
    memset(out, 0, sizeof *out);
    out->region = parent;
    out->level = pl == 0 ? LK_LEVEL_LAND : pl == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
    out->region_name = pl == 0 ? "Hele landet" : "";
    out->period = period;
    out->period_info = p->pinfo;
    out->years_used = p->years_used;
    out->num = p->num;
    out->den = p->den;
    out->status = "";
    /* Completeness, where the geography knows the codes: on the borders of the data year, or
     * (summed series that give today's codes for old years) on the latest borders. */
    int ref_year = p->known_all ? p->pinfo.last_year : p->known_latest && g ? lk_geo_latest_change_year(g) : 0;
    int complete = 1;
    if (g && ref_year) {
        size_t n = 0;
        lk_geo_units(g, LK_LEVEL_KOMMUNE, ref_year, NULL, 0, &n);
        lk_geo_unit *units = malloc((n ? n : 1) * sizeof *units);
        if (!units) return LK_ENOMEM;
        lk_geo_units(g, LK_LEVEL_KOMMUNE, ref_year, units, n, &n);
        for (size_t u = 0; u < n && complete; u++)
            if (strncmp(units[u].code, parent, pl) == 0 && !lk_calc_find(c, units[u].code, period)) complete = 0;
        free(units);
        if (pl) {
            lk_geo_unit f;
            if (lk_geo_unit_at(g, parent, ref_year, &f) == LK_OK) out->region_name = f.name;
        }
    }
    if (g && pl == 4) { /* a kommune built from its grunnkretser: its name in that year, or today */
        lk_geo_unit u;
        if (lk_geo_unit_at(g, parent, p->pinfo.last_year, &u) == LK_OK ||
            lk_geo_unit_at(g, parent, lk_geo_latest_change_year(g), &u) == LK_OK)
            out->region_name = u.name;
    }
    p->done_checked = ref_year != 0;
    if (checked) *checked = p->done_checked;
    if (!complete) out->status = "~incomplete";
    else if (p->missing) out->status = p->missing;
    else if (!isfinite(out->num) || !isfinite(out->den)) out->status = "~overflow";
    else if (out->den > 0) {
        out->has_value = 1;
        if (p->skipped) out->status = "~skipped"; /* some kommuner summed without all their parts */
        else if (pl == 4) out->status = "~unchecked"; /* the grunnkretser in the data; no list to check them against */
    } else {
        out->status = "~zero-denominator";
    }
    out->variant = c->ind->variant ? c->ind->variant : "";
    out->in_thousands = c->thousands[NUM];
    p->ratio = *out;
    p->done = 1;
    p->done_g = g;
    return LK_OK;
}

int lk_calc_has_data(const lk_calc *c)
{
    if (!c) return 0;
    return c->var ? lk__variants_saw_data(c->var) : lk__calc_saw_data(c);
}

int lk__calc_saw_data(const lk_calc *c)
{
    /* the numerator is what sets a definition apart (its table); the population denominator
     * is there for every definition */
    for (size_t i = 0; i < c->n_cells; i++)
        if (c->cells[i].side == NUM) return 1;
    return c->sel_miss[NUM] > 0 || (c->has_bad && c->bad.side == NUM);
}

/* ------------------------------------------------------------------ explaining a missing ratio */

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
        put(buf, size, &k, "%s%s '%s'", side == NUM ? "" : "; ", side_name(side),
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

/* ------------------------------------------------------------------ counts per band (lk_calc_bands) */

/* The finest of the bands lo[i]..hi[i] (n of them) that tile want_lo..want_hi exactly once, in
 * pick: from each age the narrowest band after which the rest can still be tiled (the 5-year
 * bands beside 15-74 år, where lk_age_choose takes the one band equal to the range). 0, or -1
 * when no tiling exists. Ages are at most LK_AGE_MAX, so the table is small and on the stack. */
static int finest_tiling(const int *lo, const int *hi, size_t n, int want_lo, int want_hi, unsigned char *pick)
{
    int best[LK_AGE_MAX + 2];
    unsigned char ok[LK_AGE_MAX + 2];
    if (want_lo < 0 || want_hi > LK_AGE_MAX || want_lo > want_hi) return -1;
    memset(ok, 0, sizeof ok);
    ok[want_hi + 1] = 1;
    for (int a = want_hi; a >= want_lo; a--) {
        best[a] = -1;
        for (size_t i = 0; i < n; i++)
            if (lo[i] == a && hi[i] <= want_hi && ok[hi[i] + 1] && (best[a] < 0 || hi[i] < hi[best[a]])) best[a] = (int)i;
        ok[a] = best[a] >= 0;
    }
    if (!ok[want_lo]) return -1;
    memset(pick, 0, n);
    for (int a = want_lo; a <= want_hi; a = hi[best[a]] + 1) pick[best[a]] = 1;
    return 0;
}

typedef struct bandacc {
    lk_std_band *out;
    size_t cap, n;
} bandacc;

static void band_add(bandacc *acc, const char *age, const char *sex, double v)
{
    for (size_t i = 0; i < acc->n && i < acc->cap; i++)
        if (acc->out[i].age == age && acc->out[i].sex == sex) {
            acc->out[i].count += v;
            return;
        }
    if (acc->n < acc->cap) acc->out[acc->n] = (lk_std_band){ age, sex, v };
    acc->n++;
}

/* The cells of one region, side and the dense periods dps, one by one (*it from 0; NULL at the
 * end): the region's block is addressed directly, never a pass over every cell. */
static const ccell *next_cell(const lk_calc *c, const uint32_t *block, int side, const uint32_t *dps, size_t n_dps,
                              size_t *it)
{
    size_t per = (size_t)c->n_a * c->n_m;
    for (; *it < n_dps * per; (*it)++) {
        size_t p = *it / per, a = (*it % per) / c->n_m, m = *it % c->n_m;
        uint32_t k = block[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, dps[p], (uint32_t)a, (uint32_t)m,
                                   (uint32_t)side)];
        if (k) {
            (*it)++;
            return &c->cells[k - 1];
        }
    }
    return NULL;
}

/* One region's counts per band into acc: LK_OK, LK_ENOTFOUND (no cell), LK_EDATA. */
static int region_bands(lk_calc *c, uint32_t rid, int side, const uint32_t *dps, size_t n_dps, bandacc *acc)
{
    const lk_side *sd = side == NUM ? &c->ind->num : &c->ind->den;
    const side_dims *dd = &c->dims[side];
    const char *region = c->info[rid - 1].s;
    uint32_t *block = rid <= c->n_rt ? c->rt[rid - 1] : NULL;
    if (!block || !n_dps) return LK_ENOTFOUND;
    uint32_t required = 0;
    int sex_d = -1;
    for (size_t d = 0; d < dd->n; d++) {
        if (dd->has_total[d]) required |= 1u << d;
        if (c->opts.by_sex && lk__name_match(dd->name[d], "kj\xC3\xB8nn | kjonn | sex")) sex_d = (int)d;
    }
    /* by sex: men and women over their total, where the region has them */
    uint32_t req = sex_d >= 0 ? required & ~(1u << sex_d) : required;
    int parts = 0, any = 0;
    size_t it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req) continue;
        any = 1;
        if (x->mask & SEX_BITS) parts = 1;
    }
    if (!any) return LK_ENOTFOUND;
    if (!parts) req = required; /* no sex parts: read as lk_calc_finish reads */
    /* the bands of the cells that count, each once */
    uint32_t ages[256];
    int lo[256], hi[256];
    size_t n = 0;
    it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req) continue;
        if (parts && !(x->mask & SEX_BITS)) {
            if (x->mask & (1u << sex_d)) continue; /* the total beside its parts */
            return cfail(c, LK_EDATA, "%s: %s: a category of '%s' that is neither men nor women (expected Menn and "
                         "Kvinner, or Begge kjønn, for standardisation by sex)", region, side_name(side), dd->name[sex_d]);
        }
        if (!x->age)
            return cfail(c, LK_EDATA, "%s: %s: no age bands in the data (expected an 'alder' dimension with bands for "
                         "age standardisation)", region, side_name(side));
        size_t j = 0;
        while (j < n && ages[j] != x->age) j++;
        if (j < n) continue;
        if (n == 256) return cfail(c, LK_ELIMIT, "%s: more than 256 age bands (expected fewer)", region);
        if (lk_age_parse(c->info[x->age - 1].s, &lo[n], &hi[n]) != LK_OK)
            return cfail(c, LK_EDATA, "%s: age label '%s' is not an age band (expected labels such as '15-19 år')",
                         side_name(side), c->info[x->age - 1].s);
        ages[n++] = x->age;
    }
    int want_lo = sd->age_lo, want_hi = sd->age_hi;
    if (want_lo < 0) { /* no ages asked for: all the ages of the bands */
        for (size_t j = 0; j < n; j++) {
            if (!j || lo[j] < want_lo) want_lo = lo[j];
            if (!j || hi[j] > want_hi) want_hi = hi[j];
        }
    }
    unsigned char pick[256];
    if (finest_tiling(lo, hi, n, want_lo, want_hi, pick) != 0) {
        char range[32];
        if (want_hi >= LK_AGE_MAX) snprintf(range, sizeof range, "%d år og eldre", want_lo);
        else snprintf(range, sizeof range, "%d-%d år", want_lo, want_hi);
        return cfail(c, LK_EDATA, "%s: %s: the age bands cannot cover %s exactly once (expected bands that add up "
                     "to it)", region, side_name(side), range);
    }
    double mult = sd->multiplier;
    it = 0;
    for (const ccell *x; (x = next_cell(c, block, side, dps, n_dps, &it)) != NULL;) {
        if ((x->mask & req) != req || (parts && !(x->mask & SEX_BITS))) continue;
        size_t j = 0;
        while (ages[j] != x->age) j++;
        if (!pick[j]) continue;
        if (!c->opts.skip_missing && (x->n_missing || !x->values))
            return cfail(c, LK_EDATA, "%s: %s: age band '%s' is missing ('%s'; a missing count is never a zero)", region,
                         side_name(side), c->info[x->age - 1].s, x->missing ? c->info[x->missing - 1].s : "..");
        if (!x->values) continue; /* --missing skip: what is there, as lk_calc_finish sums it */
        uint32_t sex = (x->mask & SEX_BITS) >> SEX_SHIFT;
        band_add(acc, c->info[x->age - 1].s, parts ? (sex == 1 ? "Menn" : "Kvinner") : NULL, x->sum * mult);
    }
    return LK_OK;
}

int lk_calc_bands(lk_calc *c, const char *region, const char *period, int side, lk_std_band *out, size_t cap, size_t *n)
{
    if (!c || !region || !period || (side != NUM && side != DEN) || (!out && cap) || !n) return LK_EINVAL;
    *n = 0;
    if (c->var) { /* the definition used for the period */
        lk_calc *k = lk__variants_calc_for(c->var, period);
        if (!k) return LK_ENOTFOUND;
        int rc = lk_calc_bands(k, region, period, side, out, cap, n);
        if (rc != LK_OK) snprintf(c->errmsg, sizeof c->errmsg, "%s", k->errmsg);
        return rc;
    }
    /* the period's dense numbers: one, or the years of a window "2019-2021" */
    uint32_t dps[64];
    size_t n_dps = 0;
    int y1, y2;
    char tail;
    if (c->opts.window > 1 && sscanf(period, "%d-%d%c", &y1, &y2, &tail) == 2) {
        for (uint32_t i = 0; i < c->n_info && n_dps < 64; i++) {
            const struct strinfo *in = &c->info[i];
            if (in->dense_p && in->pinfo.kind == LK_PERIOD_YEAR && in->pinfo.last_year >= y1 && in->pinfo.last_year <= y2)
                dps[n_dps++] = in->dense_p - 1;
        }
    } else {
        lk_map_entry *l = lk_map_find(&c->index, 0, period, strlen(period));
        uint32_t pid = l ? (uint32_t)(uintptr_t)l->data : 0;
        if (pid && c->info[pid - 1].dense_p) dps[n_dps++] = c->info[pid - 1].dense_p - 1;
    }
    if (!n_dps) return LK_ENOTFOUND;
    bandacc acc = { out, cap, 0 };
    lk_map_entry *l = lk_map_find(&c->index, 0, region, strlen(region));
    uint32_t rid = l ? (uint32_t)(uintptr_t)l->data : 0;
    int rc = rid ? region_bands(c, rid, side, dps, n_dps, &acc) : LK_ENOTFOUND;
    size_t pl = strcmp(region, "0") == 0 ? 0 : strlen(region);
    if (rc == LK_ENOTFOUND && (pl == 0 || pl == 2 || pl == 4)) {
        /* a parent not in the data: its parts' bands, summed (as lk_calc_aggregate sums) */
        for (uint32_t r = 1; r <= c->n_rt && r <= c->n_info; r++) {
            const struct strinfo *in = &c->info[r - 1];
            if (!c->rt[r - 1] || strncmp(in->s, region, pl) != 0) continue;
            int part = pl == 4 ? in->level == LK_LEVEL_GRUNNKRETS || in->level == LK_LEVEL_BYDEL
                               : in->level == LK_LEVEL_KOMMUNE;
            if (!part) continue;
            int one = region_bands(c, r, side, dps, n_dps, &acc);
            if (one == LK_ENOTFOUND) continue;
            rc = one;
            if (rc != LK_OK) break;
        }
    }
    *n = acc.n;
    if (rc == LK_OK && acc.n > cap) return LK_ELIMIT;
    return rc;
}
