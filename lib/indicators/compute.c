/* Computing an indicator from observations, counts first: observations are summed into cells
 * by side (numerator/denominator), region, period and category; after reading, the age bands
 * and categories that cover what the definition asks for exactly once are chosen, and only
 * then are the sides divided (by the report).
 *
 * This file: a computation made, fed and freed (the hot loop, lk_calc_add); the other steps
 * are in choose.c, results.c, merge.c, parents.c, explain.c and bands.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compute_internal.h"

int lk__calc_fail(lk_calc *c, int status, const char *fmt, ...)
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

const char *lk__calc_intern(lk_calc *c, const char *s)
{
    return lk_map_string(&c->index, s);
}

int lk__calc_seen_add(lk_calc *c, const char **list, size_t *n, size_t max, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], s) == 0) return LK_OK;
    if (*n == max) return LK_OK; /* enough to show */
    if (!(list[*n] = lk__calc_intern(c, s))) return LK_ENOMEM;
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
                else if (lk__calc_seen_add(c, ws->values, &ws->n_values, 24, o->dims[i].value) != LK_OK) return LK_ENOMEM;
            } else if (lk__calc_seen_add(c, ws->names, &ws->n_names, 16, o->dims[i].name) != LK_OK) {
                return LK_ENOMEM;
            }
        }
    }
    return LK_OK;
}

void lk__calc_join_list(char *buf, size_t size, const char *const *list, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k < size; i++) k += (size_t)snprintf(buf + k, size - k, "%s'%s'", i ? ", " : "", list[i]);
    if (!n) snprintf(buf, size, "none");
}

/* At the end: a filter that named nothing in the data is an error, never an empty answer. */
int lk__calc_where_check(lk_calc *c)
{
    for (size_t w = 0; w < c->opts.n_where; w++) {
        const struct wseen *ws = &c->wseen[w];
        const char *f = c->opts.where[w], *eq = strchr(f, '=');
        if (!eq || ws->value_seen) continue;
        char list[1024];
        if (!ws->name_seen) {
            lk__calc_join_list(list, sizeof list, ws->names, ws->n_names);
            return lk__calc_fail(c, LK_EDATA, "--where %s: the data has no dimension '%.*s' (expected one of its dimensions: %s)",
                         f, (int)(eq - f), f, list);
        }
        lk__calc_join_list(list, sizeof list, ws->values, ws->n_values);
        return lk__calc_fail(c, LK_EDATA, "--where %s: '%.*s' has no category '%s' in the data (expected one of: %s)", f,
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
uint32_t lk__calc_string_id(lk_calc *c, const char *s)
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

/* Lay every region block out again in the shape np × na × nm × 2 with age_inner. */
static int reshape_as(lk_calc *c, uint32_t np, uint32_t na, uint32_t nm, uint32_t age_inner)
{
    if ((uint64_t)np * na * nm * 2 > (1u << 24))
        return lk__calc_fail(c, LK_ELIMIT, "too many periods × age bands × total combinations (expected at most 8 million "
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

ccell *lk__calc_cell_for(lk_calc *c, int side, uint32_t rid, uint32_t pid, uint32_t age, uint32_t mask,
                       const char *region_name, lk_level level, const lk_period *pinfo, cell_place *at)
{
    if (rid >= (1u << 22) || pid >= (1u << 14) || age >= (1u << 14) || (mask & ~SEX_BITS) >= (1u << 13)) {
        lk__calc_fail(c, LK_ELIMIT, "too many distinct regions, periods or age bands (expected at most 4 million "
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
            lk__calc_fail(c, LK_ELIMIT, "more than 64 combinations of total and other categories (expected at most 6 "
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
        lk__calc_fail(c, LK_ELIMIT, "more than 4 billion cells (expected fewer regions x periods x age bands)");
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
        ri->name = lk__calc_intern(c, region_name);
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
        uint32_t nid = lk__calc_string_id(c, o->dims[i].name);
        if (!nid) return LK_ENOMEM;
        if (c->info[nid - 1].is_age_dim) {
            if (!(*age = lk__calc_string_id(c, o->dims[i].value))) return LK_ENOMEM;
            continue;
        }
        const char *name = c->info[nid - 1].s;
        size_t d = 0;
        while (d < sd->n && sd->name[d] != name) d++; /* interned: pointer equality */
        if (d == sd->n) {
            if (sd->n == LK_MAX_DIMS) return lk__calc_fail(c, LK_ELIMIT, "more than %d dimensions", LK_MAX_DIMS);
            sd->name[sd->n++] = name;
        }
        uint32_t vid = lk__calc_string_id(c, o->dims[i].value);
        if (!vid) return LK_ENOMEM;
        if (c->info[vid - 1].is_total) {
            *mask |= 1u << d;
            sd->has_total[d] = 1;
        } else if (c->opts.by_sex && c->info[nid - 1].is_sex_dim) {
            *mask |= (uint32_t)c->info[vid - 1].sex << SEX_SHIFT; /* kept for lk_calc_bands */
        }
    }
    *rid = lk__calc_string_id(c, o->region);
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
    uint32_t pid = lk__calc_string_id(c, o->period);
    if (!pid) return LK_ENOMEM;
    ccell *cell = NULL;
    if (m->at.block && m->gen == c->shape_gen && c->info[pid - 1].dense_p) {
        /* the same region, band and mask as the last row of this side: only the period moves */
        uint32_t k = m->at.block[slot_of(c->age_inner, c->cap_p, c->cap_a, c->cap_m, c->info[pid - 1].dense_p - 1,
                                         m->at.da, m->at.dm, (uint32_t)side)];
        if (k) cell = &c->cells[k - 1];
    }
    if (!cell) {
        cell = lk__calc_cell_for(c, side, rid, pid, age, mask, o->region_name, o->level, &o->period_info, &m->at);
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
            cell->missing = lk__calc_string_id(c, *o->status ? o->status : "..");
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
    if (!c->miss_measure[side]) c->miss_measure[side] = lk__calc_intern(c, o->measure);
    const char *names = c->sel[side].s[clause].names;
    if (names[0] == '?') names++;
    for (size_t i = 0; i < o->n_dims; i++)
        if (lk__name_match(o->dims[i].name, names)) {
            const char *v = o->dims[i].value;
            size_t n = c->n_miss_values[side];
            for (size_t j = 0; j < n; j++)
                if (strcmp(c->miss_clause_values[side][j], v) == 0) return;
            if (n < 12 && (v = lk__calc_intern(c, v)) != NULL) c->miss_clause_values[side][c->n_miss_values[side]++] = v;
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
                c->sel_first[side][k] = lk__calc_intern(c, v);
            } else if (strcmp(c->sel_first[side][k], v) != 0 && !c->sel_clash[side]) {
                c->sel_clash[side] = 1;
                c->sel_clash_clause[side] = k;
                c->sel_second[side] = lk__calc_intern(c, v);
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


/* Remember the distinct measures a side matched (which one is current in sd->cur): more than
 * one in the same period is an ambiguous definition. */
int lk__calc_note_measure(lk_calc *c, int side, const char *measure)
{
    side_dims *sd = &c->dims[side];
    for (size_t i = 0; i < sd->n_measures; i++)
        if (strcmp(sd->measures[i], measure) == 0) {
            sd->cur = (int)i;
            return LK_OK;
        }
    if (sd->n_measures < 8) {
        sd->measures[sd->n_measures] = lk__calc_intern(c, measure);
        if (!sd->measures[sd->n_measures]) return LK_ENOMEM;
        sd->cur = (int)sd->n_measures++;
        /* the periods of a side's only measure are not noted row by row (the hot loop); when a
         * second one comes, the first one's are its cells' */
        if (sd->n_measures == 2) {
            if (!(sd->periods = calloc(8, sizeof *sd->periods))) return LK_ENOMEM;
            lk__calc_backfill_periods(c, side, &sd->periods[0][0]);
        }
    } else {
        sd->cur = -1;
        sd->overflow = 1;
    }
    return LK_OK;
}

static size_t period_key(const lk_period *p);

/* Set the period bits of every cell of a side so far (all of one measure). */
void lk__calc_backfill_periods(const lk_calc *c, int side, unsigned char *bits)
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
        if (o->unit != c->unit_seen || !c->source) {
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
    c->bad.measure = lk__calc_intern(c, o->measure);
    c->bad.unit = rate_unit ? lk__calc_intern(c, o->unit) : "";
    if (!c->bad.measure) c->bad.measure = "?"; /* out of memory: the error is still an error */
    if (!c->bad.unit) c->bad.unit = "?";
    return 1;
}

/* An observation the definition's years or month leave out: counted when it is of the
 * indicator's numerator (the population of a denominator serves other years and indicators,
 * as in variants.c), the answer kept for the last measure (rows repeat it). */
static void note_unused(lk_calc *c, const lk_obs *o, unsigned long long source, struct unused *u)
{
    if (!(source && source == c->unused_source && o->measure == c->unused_measure)) {
        c->unused_source = source; /* this runs before the reader switch below: its own memo */
        c->unused_measure = source ? o->measure : NULL;
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
    /* The reader's identity while it delivers o (obs_identity.h), taken before o may be replaced
     * by a copy below: the copy's strings are still the reader's. */
#ifdef LK_PLAIN
    unsigned long long source = 0; /* the plain build: no pointer caches, every string by content */
#else
    unsigned long long source = lk__obs_source(o);
#endif
    if (c->var) return lk__variants_add(c->var, o, file);
    if (o->period_info.kind && ((c->ind->year_from && o->period_info.first_year < c->ind->year_from) ||
                                (c->ind->year_to && o->period_info.last_year > c->ind->year_to))) {
        note_unused(c, o, source, &c->unused_years); /* outside the years the definition's source covers */
        return LK_OK;
    }
    lk_obs as_year;
    int month_as_year = 0;
    if (c->ind->month && o->period_info.kind == LK_PERIOD_MONTH) {
        /* November of 10539 stands for the year; the other months are not this indicator */
        if (o->period_info.sub != c->ind->month) {
            note_unused(c, o, source, &c->unused_months);
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
    if (source != c->source) { /* another reader: its pointers mean other strings */
        memset(c->xcache, 0, sizeof c->xcache);
        for (size_t i = 0; i < 4; i++) c->mcache[i].measure = NULL;
        c->last_measure[0] = c->last_measure[1] = NULL;
        c->last_period[0] = c->last_period[1] = NULL;
        c->memo[0].region = c->memo[1].region = NULL;
        c->unit_seen = NULL;
        memset(c->sel_last, 0, sizeof c->sel_last);
        c->source = source;
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
            rc = lk__calc_note_measure(c, side, o->measure);
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
