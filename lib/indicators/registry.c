/* The indicator registry: definitions are data (indicators.def, compiled in; user files added
 * with lk_registry_load) so a definition can be corrected without recompiling. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/indicators.h"
#include "../common/arena.h"
#include "../common/ascii.h"
#include "../common/encoding.h"
#include "match.h"

extern const char *const lk_builtin_indicators[]; /* indicators.def, one line per string */

/* Where each definition came from: a second block with the same id in one file is an error
 * that names the first (a block in a later file replaces it, as a user file replaces a
 * built-in definition). */
typedef struct origin {
    unsigned load;      /* which lk_registry_load_text call defined it */
    unsigned long line; /* its [id] line there */
} origin;

struct lk_registry {
    lk_arena arena;
    lk_indicator *v;
    origin *from;     /* beside v */
    size_t n, cap;
    uint32_t *index;  /* open addressing by id: position in v + 1, 0 empty */
    size_t index_cap; /* a power of two, at least twice n */
    unsigned load;
    /* [id@name] blocks of this load whose [id] came from an earlier one (built-in): an [id]
     * later in the same file would replace what they were copied from */
    const char **borrowed;
    unsigned long *borrowed_line;
    size_t n_borrowed, cap_borrowed;
    char errmsg[1024];
};

/* Definition files are small (the built-in one is 9 KB): a larger file is refused, not cut. */
#define LK_DEF_FILE_MAX ((size_t)64 << 20)

static int rfail(lk_registry *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int rfail(lk_registry *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

const char *lk_registry_errmsg(const lk_registry *r)
{
    return r ? r->errmsg : "out of memory (no registry)";
}

size_t lk_registry_count(const lk_registry *r)
{
    return r ? r->n : 0;
}

const lk_indicator *lk_registry_get(const lk_registry *r, size_t i)
{
    return r && i < r->n ? &r->v[i] : NULL;
}

static size_t id_hash(const char *id)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *id; id++) h = (h ^ (unsigned char)*id) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

/* The position of id in v, or r->n when it is not there. */
static size_t position_of(const lk_registry *r, const char *id)
{
    if (!r->index_cap) return r->n;
    for (size_t j = id_hash(id) & (r->index_cap - 1); r->index[j]; j = (j + 1) & (r->index_cap - 1))
        if (strcmp(r->v[r->index[j] - 1].id, id) == 0) return r->index[j] - 1;
    return r->n;
}

/* Room in the index for one more id (a hostile file may hold hundreds of thousands). */
static int index_reserve(lk_registry *r)
{
    if ((r->n + 1) * 2 <= r->index_cap) return LK_OK;
    if (r->n >= UINT32_MAX / 4) return LK_ENOMEM;
    size_t cap = r->index_cap ? 2 * r->index_cap : 64;
    uint32_t *ix = calloc(cap, sizeof *ix);
    if (!ix) return LK_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        size_t j = id_hash(r->v[i].id) & (cap - 1);
        while (ix[j]) j = (j + 1) & (cap - 1);
        ix[j] = (uint32_t)(i + 1);
    }
    free(r->index);
    r->index = ix;
    r->index_cap = cap;
    return LK_OK;
}

const lk_indicator *lk_registry_find(const lk_registry *r, const char *id)
{
    if (!r || !id) return NULL;
    size_t i = position_of(r, id);
    return i < r->n ? &r->v[i] : NULL;
}

void lk_registry_free(lk_registry *r)
{
    if (!r) return;
    free(r->v);
    free(r->from);
    free(r->index);
    free(r->borrowed);
    free(r->borrowed_line);
    lk_arena_free(&r->arena);
    free(r);
}

static void side_defaults(lk_side *s)
{
    s->measure = "";
    s->table = "";
    s->age_lo = s->age_hi = -1;
    s->multiplier = 1.0;
    s->file = -1;
    s->where = "";
    s->table_lo = s->table_hi = -1;
}

static int parse_ages(const char *v, int *lo, int *hi)
{
    return lk_age_parse(v, lo, hi) == LK_OK && *lo <= *hi;
}

/* Store one finished block, replacing an indicator with the same id from an earlier file. */
static int commit(lk_registry *r, const lk_indicator *ind, const char *name, unsigned long line)
{
    /* counts, a published rate, or both (then the counts are used where both are present) */
    int rate_only = *ind->rate.measure && !*ind->num.measure && !*ind->den.measure;
    const char *missing = !ind->name_nb ? "name.nb" : rate_only ? NULL : !*ind->num.measure ? "numerator"
                        : !*ind->den.measure ? "denominator" : NULL;
    if (missing)
        return rfail(r, LK_EDATA, "%s:%lu: indicator '%s' has no %s (expected name.nb, and numerator and denominator "
                     "or rate)", name, line, ind->id, missing);
    for (size_t k = 0; k < r->n_borrowed && !*ind->base; k++)
        if (strcmp(r->borrowed[k], ind->id) == 0)
            return rfail(r, LK_EDATA, "%s:%lu: [%s] comes after a further definition of it on line %lu, which was "
                         "copied from the earlier [%s] (expected [%s] before its [%s@...] blocks)", name, line, ind->id,
                         r->borrowed_line[k], ind->id, ind->id, ind->id);
    origin o = { r->load, line };
    lk_indicator def = *ind;
    /* FHI's practice where the definition gives no limits (methods.md §1.4): fewer than five
     * cases or a population under 10 are hidden; an amount (kroner) has no cases to count */
    if (def.suppress_min_numerator < 0) def.suppress_min_numerator = def.scale == LK_SCALE_KRONER ? 0 : 5;
    if (def.suppress_min_denominator < 0) def.suppress_min_denominator = 10;
    ind = &def;
    size_t i = position_of(r, ind->id);
    if (i < r->n) {
        r->v[i] = *ind;
        r->from[i] = o;
        return LK_OK;
    }
    if (index_reserve(r) != LK_OK) return LK_ENOMEM;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        lk_indicator *v = realloc(r->v, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        r->v = v;
        origin *f = realloc(r->from, cap * sizeof *f);
        if (!f) return LK_ENOMEM;
        r->from = f;
        r->cap = cap;
    }
    r->v[r->n] = *ind;
    r->from[r->n] = o;
    size_t j = id_hash(ind->id) & (r->index_cap - 1);
    while (r->index[j]) j = (j + 1) & (r->index_cap - 1);
    r->index[j] = (uint32_t)(++r->n);
    return LK_OK;
}

/* The keys of a block; each may be given once. */
enum {
    K_NAME_NB, K_NAME_EN, K_NUM, K_DEN, K_NUM_TABLE, K_DEN_TABLE, K_NUM_AGES, K_DEN_AGES, K_NUM_MULT,
    K_DEN_MULT, K_SCALE, K_DIRECTION, K_FAMILY, K_DEF_NB, K_DEF_EN, K_SOURCE, K_REFERENCE, K_BREAK,
    K_NUM_WHERE, K_DEN_WHERE, K_VARIANT, K_YEARS, K_MONTH, K_NEEDS, K_COUNTS, K_NUM_TAGES, K_DEN_TAGES,
    K_RATE, K_RATE_TABLE, K_RATE_AGES, K_STANDARDISE, K_SUP_NUM, K_SUP_DEN, K_COUNT
};
static const char *const key_names[K_COUNT] = {
    "name.nb", "name.en", "numerator", "denominator", "numerator.table", "denominator.table",
    "numerator.ages", "denominator.ages", "numerator.multiplier", "denominator.multiplier", "scale",
    "direction", "family", "definition.nb", "definition.en", "source", "reference", "break",
    "numerator.where", "denominator.where", "variant", "years", "month", "needs", "counts",
    "numerator.table-ages", "denominator.table-ages", "rate", "rate.table", "rate.ages", "standardise",
    "suppress.min-numerator", "suppress.min-denominator"
};

static int key_of(const char *k, size_t len)
{
    for (int i = 0; i < K_COUNT; i++)
        if (strlen(key_names[i]) == len && memcmp(key_names[i], k, len) == 0) return i;
    return -1;
}

static unsigned long line_at(const char *text, size_t offset)
{
    unsigned long line = 1;
    for (size_t i = 0; i < offset; i++) line += text[i] == '\n';
    return line;
}

/* Definition text as UTF-8: a BOM is dropped, UTF-8 kept, ISO-8859-1/Windows-1252 (what an
 * editor on Windows or an SSB-era file gives) converted; a mix of both, or bytes that are
 * neither, refused. *out is text itself or a converted copy for the caller to free. */
static int decode_text(lk_registry *r, const char *name, const char *text, const char **out, char **owned)
{
    *owned = NULL;
    if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF) text += 3;
    *out = text;
    size_t n = strlen(text);
    const unsigned char *u = (const unsigned char *)text;
    size_t valid = lk_utf8_valid_prefix(u, n, 0);
    if (valid == n) return LK_OK;
    if (lk_has_non_ascii(u, valid)) {
        size_t first = 0;
        while (u[first] < 0x80) first++;
        return rfail(r, LK_EDATA, "%s:%lu: byte 0x%02X is not UTF-8, but the text before it is (from line %lu) "
                     "(expected one encoding in the whole file: UTF-8 or ISO-8859-1)", name, line_at(text, valid),
                     u[valid], line_at(text, first));
    }
    for (size_t i = valid; i < n; i++)
        if (lk_cp1252_undefined(u[i]))
            return rfail(r, LK_EDATA, "%s:%lu: byte 0x%02X is neither UTF-8 nor ISO-8859-1/Windows-1252 text "
                         "(expected a text file in UTF-8)", name, line_at(text, i), u[i]);
    if (n > (SIZE_MAX - 1) / 3 || !(*owned = malloc(3 * n + 1))) return LK_ENOMEM;
    (*owned)[lk_cp1252_to_utf8(*owned, u, n)] = '\0';
    *out = *owned;
    return LK_OK;
}

/* One key = value line of the open block into cur. */
static int set_key(lk_registry *r, lk_indicator *cur, int key, char *val, const char *name, unsigned long line)
{
    lk_side *sd = key == K_NUM_AGES || key == K_NUM_MULT ? &cur->num : key == K_RATE_AGES ? &cur->rate : &cur->den;
    double x;
    switch (key) {
    case K_NAME_NB: cur->name_nb = val; break;
    case K_NAME_EN: cur->name_en = val; break;
    case K_NUM: cur->num.measure = val; break;
    case K_DEN: cur->den.measure = val; break;
    case K_NUM_TABLE: cur->num.table = val; break;
    case K_DEN_TABLE: cur->den.table = val; break;
    case K_RATE: cur->rate.measure = val; break;
    case K_RATE_TABLE: cur->rate.table = val; break;
    case K_NUM_AGES:
    case K_DEN_AGES:
    case K_RATE_AGES:
        if (!parse_ages(val, &sd->age_lo, &sd->age_hi))
            return rfail(r, LK_EDATA, "%s:%lu: ages '%s' (expected a range such as 15-74)", name, line, val);
        break;
    case K_NUM_MULT:
    case K_DEN_MULT:
        if (lk_value_parse(&x, val, strlen(val), '.') != LK_OK || !(x > 0))
            return rfail(r, LK_EDATA, "%s:%lu: multiplier '%s' (expected a positive number)", name, line, val);
        sd->multiplier = x;
        break;
    case K_SCALE:
        if (strcmp(val, "percent") == 0) cur->scale = LK_SCALE_PERCENT;
        else if (strcmp(val, "per1000") == 0) cur->scale = LK_SCALE_PER1000;
        else if (strcmp(val, "kroner") == 0) cur->scale = LK_SCALE_KRONER;
        else return rfail(r, LK_EDATA, "%s:%lu: scale '%s' (expected percent, per1000 or kroner)", name, line, val);
        break;
    case K_DIRECTION:
        if (strcmp(val, "higher-worse") == 0) cur->higher_is_worse = 1;
        else if (strcmp(val, "higher-better") == 0) cur->higher_is_worse = 0;
        else return rfail(r, LK_EDATA, "%s:%lu: direction '%s' (expected higher-worse or higher-better)", name, line, val);
        break;
    case K_FAMILY: cur->family = val; break;
    case K_DEF_NB: cur->definition_nb = val; break;
    case K_DEF_EN: cur->definition_en = val; break;
    case K_SOURCE: cur->source = val; break;
    case K_REFERENCE: cur->reference = val; break;
    case K_NUM_TAGES:
    case K_DEN_TAGES: {
        lk_side *t = key == K_NUM_TAGES ? &cur->num : &cur->den;
        if (strcmp(val, "none") == 0) { /* a further definition whose table has an age variable */
            t->table_lo = t->table_hi = -1;
            break;
        }
        if (!parse_ages(val, &t->table_lo, &t->table_hi))
            return rfail(r, LK_EDATA, "%s:%lu: ages '%s' (expected a range such as 15-74)", name, line, val);
        break;
    }
    case K_NUM_WHERE:
    case K_DEN_WHERE: {
        lk__selectors sel;
        char why[256];
        if (lk__selectors_parse(&sel, val, why, sizeof why) != 0)
            return strcmp(why, "out of memory") == 0 ? LK_ENOMEM : rfail(r, LK_EDATA, "%s:%lu: %s", name, line, why);
        lk__selectors_free(&sel);
        if (key == K_NUM_WHERE) cur->num.where = val;
        else cur->den.where = val;
        break;
    }
    case K_VARIANT: cur->variant = val; break;
    case K_NEEDS: cur->needs = val; break;
    case K_COUNTS:
        if (strcmp(val, "yes") == 0) cur->whole_counts = 1;
        else if (strcmp(val, "no") == 0) cur->whole_counts = 0;
        else return rfail(r, LK_EDATA, "%s:%lu: counts '%s' (expected yes or no)", name, line, val);
        break;
    case K_YEARS: {
        /* "1999-2020", "2021-", "-2020" or one year */
        char *dash = strchr(val, '-');
        double a = 0, b = 0;
        int ok = 1;
        if (dash) {
            if (dash > val) ok = lk_value_parse(&a, val, (size_t)(dash - val), '.') == LK_OK;
            if (ok && dash[1]) ok = lk_value_parse(&b, dash + 1, strlen(dash + 1), '.') == LK_OK;
        } else {
            ok = lk_value_parse(&a, val, strlen(val), '.') == LK_OK;
            b = a;
        }
        if (!ok || (!a && !b) || (dash && dash > val && !a) || (a && (a < 1700 || a > 2199)) || (b && (b < 1700 || b > 2199)) ||
            (a && b && a > b)) /* "-" and "0-2020" name no years */
            return rfail(r, LK_EDATA, "%s:%lu: years '%s' (expected 1999-2020, 2021- or -2020)", name, line, val);
        cur->year_from = (int)a;
        cur->year_to = (int)b;
        break;
    }
    case K_STANDARDISE:
        if (strcmp(val, "direct") == 0) cur->standardise = LK_STANDARDISE_DIRECT;
        else if (strcmp(val, "indirect") == 0) cur->standardise = LK_STANDARDISE_INDIRECT;
        else if (strcmp(val, "none") == 0) cur->standardise = LK_STANDARDISE_NONE;
        else return rfail(r, LK_EDATA, "%s:%lu: standardise '%s' (expected direct, indirect or none)", name, line, val);
        break;
    case K_SUP_NUM:
    case K_SUP_DEN:
        if (lk_value_parse(&x, val, strlen(val), '.') != LK_OK || !(x >= 0) || x > 1e9)
            return rfail(r, LK_EDATA, "%s:%lu: %s '%s' (expected a count of 0 or more, e.g. %s; 0 turns the rule off)",
                         name, line, key_names[key], val, key == K_SUP_NUM ? "5" : "10");
        if (key == K_SUP_NUM) cur->suppress_min_numerator = x;
        else cur->suppress_min_denominator = x;
        break;
    case K_MONTH:
        if (lk_value_parse(&x, val, strlen(val), '.') != LK_OK || x < 1 || x > 12 || x != (int)x)
            return rfail(r, LK_EDATA, "%s:%lu: month '%s' (expected 1-12, e.g. 11 for November)", name, line, val);
        cur->month = (int)x;
        break;
    default: /* K_BREAK */
        if (lk_value_parse(&x, val, strlen(val), '.') != LK_OK || x < 1800 || x > 2199)
            return rfail(r, LK_EDATA, "%s:%lu: break '%s' (expected a year)", name, line, val);
        cur->break_year = (int)x;
        break;
    }
    return LK_OK;
}

static int load_decoded(lk_registry *r, const char *name, const char *text)
{
    lk_indicator cur;
    unsigned long key_line[K_COUNT]; /* where each key of the open block was given; 0: not yet */
    int open = 0, rc = LK_OK;
    unsigned long line = 0, block_line = 0;
    const char *p = text;
    while (*p && rc == LK_OK) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        p = e ? e + 1 : p + len;
        line++;
        lk_trim(&s, &len);
        if (len == 0 || s[0] == '#') continue;
        if (s[0] == '[') {
            if (s[len - 1] != ']' || len < 3)
                return rfail(r, LK_EDATA, "%s:%lu: '%.*s' (expected [indicator-id])", name, line, (int)len, s);
            if (open && (rc = commit(r, &cur, name, block_line)) != LK_OK) return rc;
            memset(&cur, 0, sizeof cur);
            memset(key_line, 0, sizeof key_line);
            side_defaults(&cur.num);
            side_defaults(&cur.den);
            side_defaults(&cur.rate);
            cur.id = lk_arena_strndup(&r->arena, s + 1, len - 2);
            cur.family = cur.definition_nb = cur.definition_en = cur.source = cur.reference = "";
            cur.needs = cur.base = cur.variant = "";
            cur.higher_is_worse = 1;
            cur.whole_counts = 1;
            cur.suppress_min_numerator = cur.suppress_min_denominator = -1; /* not given: defaults at commit */
            if (!cur.id) return LK_ENOMEM;
            char *at = strchr(cur.id, '@');
            if (at) { /* [id@name]: a further definition of [id], starting from a copy of it */
                char *base = lk_arena_strndup(&r->arena, cur.id, (size_t)(at - cur.id));
                if (!base) return LK_ENOMEM;
                size_t b = position_of(r, base);
                if (!*base || !at[1] || b == r->n || *r->v[b].base)
                    return rfail(r, LK_EDATA, "%s:%lu: '%s' names no indicator defined before it (expected "
                                 "[indicator-id@definition] after the block [indicator-id])", name, line, cur.id);
                if (r->from[b].load != r->load) { /* remember: [id] must not follow in this file */
                    if (r->n_borrowed == r->cap_borrowed) {
                        size_t cap = r->cap_borrowed ? 2 * r->cap_borrowed : 8;
                        const char **nb = realloc(r->borrowed, cap * sizeof *nb);
                        if (!nb) return LK_ENOMEM;
                        r->borrowed = nb;
                        unsigned long *nl = realloc(r->borrowed_line, cap * sizeof *nl);
                        if (!nl) return LK_ENOMEM;
                        r->borrowed_line = nl;
                        r->cap_borrowed = cap;
                    }
                    r->borrowed[r->n_borrowed] = r->v[b].id;
                    r->borrowed_line[r->n_borrowed++] = line;
                }
                const char *id = cur.id;
                cur = r->v[b];
                cur.id = id;
                cur.base = r->v[b].id;
                cur.variant = at + 1;
                cur.year_from = cur.year_to = cur.month = 0; /* the years and months are each source's own */
                cur.variants = NULL;
                cur.n_variants = 0;
            }
            size_t before = position_of(r, cur.id);
            if (before < r->n && r->from[before].load == r->load)
                return rfail(r, LK_EDATA, "%s:%lu: indicator '%s' is defined again; its definition begins on line %lu "
                             "(expected each indicator id once in a file)", name, line, cur.id, r->from[before].line);
            open = 1;
            block_line = line;
            continue;
        }
        const char *eq = memchr(s, '=', len);
        if (!eq) return rfail(r, LK_EDATA, "%s:%lu: '%.*s' (expected key = value)", name, line, (int)len, s);
        if (!open) return rfail(r, LK_EDATA, "%s:%lu: a key before any [indicator-id] (expected a block header first)", name, line);
        const char *k = s, *v = eq + 1;
        size_t kl = (size_t)(eq - s), vl = len - kl - 1;
        lk_trim(&k, &kl);
        lk_trim(&v, &vl);
        int key = key_of(k, kl);
        if (key < 0)
            return rfail(r, LK_EDATA, "%s:%lu: unknown key '%.*s' (expected name.nb, name.en, numerator, denominator, "
                         "*.ages, *.table, *.table-ages, *.multiplier, *.where, rate, scale, direction, family, "
                         "definition.nb, definition.en, source, reference, break, variant, years, month, needs, "
                         "counts, suppress.min-numerator or suppress.min-denominator)", name, line, (int)(kl < 63 ? kl : 63), k);
        if (key_line[key])
            return rfail(r, LK_EDATA, "%s:%lu: key '%s' is given again in [%s]; it was given on line %lu (expected "
                         "each key once in a definition)", name, line, key_names[key], cur.id, key_line[key]);
        key_line[key] = line;
        char *val = lk_arena_strndup(&r->arena, v, vl);
        if (!val) return LK_ENOMEM;
        rc = set_key(r, &cur, key, val, name, line);
    }
    if (open && rc == LK_OK) rc = commit(r, &cur, name, block_line);
    return rc;
}

/* Give each indicator the list of its further definitions [id@name]: those loaded with it or
 * after it (a file that replaces [id] drops the definitions an earlier file gave it), in the
 * order they were given. Rebuilt after every load, as the array of definitions may move. */
static int relink(lk_registry *r)
{
    /* each further definition counted at its base (found by the id index), then placed */
    size_t *count = calloc(r->n ? r->n : 1, sizeof *count), *base_of = malloc((r->n ? r->n : 1) * sizeof *base_of);
    int rc = count && base_of ? LK_OK : LK_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        r->v[i].variants = NULL;
        r->v[i].n_variants = 0;
    }
    for (size_t j = 0; j < r->n && rc == LK_OK; j++) {
        base_of[j] = r->n;
        if (!*r->v[j].base) continue;
        size_t b = position_of(r, r->v[j].base);
        if (b < r->n && r->from[j].load >= r->from[b].load) { /* an earlier file's: dropped by a later [id] */
            base_of[j] = b;
            count[b]++;
        }
    }
    for (size_t i = 0; i < r->n && rc == LK_OK; i++)
        if (count[i]) {
            const lk_indicator **list = lk_arena_alloc(&r->arena, count[i] * sizeof *list);
            if (!list) rc = LK_ENOMEM;
            else r->v[i].variants = list;
        }
    for (size_t j = 0; j < r->n && rc == LK_OK; j++) { /* in the order given: load, then line */
        size_t b = base_of[j];
        if (b == r->n) continue;
        const lk_indicator **list = (const lk_indicator **)r->v[b].variants;
        size_t k = r->v[b].n_variants++;
        while (k > 0) {
            const origin *x = &r->from[list[k - 1] - r->v], *y = &r->from[j];
            if (x->load < y->load || (x->load == y->load && x->line <= y->line)) break;
            list[k] = list[k - 1];
            k--;
        }
        list[k] = &r->v[j];
    }
    if (rc != LK_OK)
        for (size_t i = 0; i < r->n; i++) {
            r->v[i].variants = NULL;
            r->v[i].n_variants = 0;
        }
    free(count);
    free(base_of);
    return rc;
}

int lk_registry_load_text(lk_registry *r, const char *name, const char *text)
{
    if (!r || !name || !text) return LK_EINVAL;
    r->errmsg[0] = '\0';
    r->load++;
    r->n_borrowed = 0;
    const char *utf8;
    char *owned;
    int rc = decode_text(r, name, text, &utf8, &owned);
    if (rc == LK_OK) rc = load_decoded(r, name, utf8);
    int lrc = relink(r); /* also after a failure: the definitions kept may have moved */
    if (rc == LK_OK) rc = lrc;
    free(owned);
    return rc;
}

int lk_registry_new(lk_registry **out)
{
    if (!out) return LK_EINVAL;
    lk_registry *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r) return LK_ENOMEM;
    lk_arena_init(&r->arena);
    size_t total = 1;
    for (size_t i = 0; lk_builtin_indicators[i]; i++) total += strlen(lk_builtin_indicators[i]);
    char *text = malloc(total);
    if (!text) {
        lk_registry_free(r);
        return LK_ENOMEM;
    }
    text[0] = '\0';
    for (size_t i = 0, o = 0; lk_builtin_indicators[i]; i++) {
        size_t l = strlen(lk_builtin_indicators[i]);
        memcpy(text + o, lk_builtin_indicators[i], l + 1);
        o += l;
    }
    int rc = lk_registry_load_text(r, "indicators.def", text);
    free(text);
    if (rc != LK_OK) {
        lk_registry_free(r);
        return rc;
    }
    *out = r;
    return LK_OK;
}

int lk_registry_load(lk_registry *r, const char *path)
{
    if (!r || !path) return LK_EINVAL;
    r->errmsg[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOMEM) return rfail(r, LK_ENOMEM, "%s: out of memory", path); /* no FILE for it */
    if (!f) return rfail(r, LK_EIO, "%s: cannot read: %s", path, strerror(errno));
    size_t cap = 1 << 14, n = 0, got;
    char *buf = malloc(cap + 1);
    int rc = buf ? LK_OK : LK_ENOMEM;
    while (rc == LK_OK && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap) continue;
        if (cap >= LK_DEF_FILE_MAX) {
            if (getc(f) != EOF)
                rc = rfail(r, LK_ELIMIT, "%s: larger than %zu MiB (expected an indicator definition file; the "
                           "built-in one is 9 KB)", path, LK_DEF_FILE_MAX >> 20);
            break;
        }
        char *b = realloc(buf, 2 * cap + 1);
        if (!b) rc = LK_ENOMEM;
        else buf = b, cap *= 2;
    }
    if (rc == LK_OK && ferror(f)) rc = rfail(r, LK_EIO, "%s: cannot read: %s", path, strerror(errno)); /* a directory */
    fclose(f);
    if (rc == LK_ENOMEM) rfail(r, LK_ENOMEM, "%s: out of memory", path);
    if (rc != LK_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    const char *nul = memchr(buf, '\0', n);
    if (nul) {
        rc = rfail(r, LK_EDATA, "%s:%lu: NUL byte (expected a text file; is this a binary or UTF-16 file?)", path,
                   line_at(buf, (size_t)(nul - buf)));
        free(buf);
        return rc;
    }
    rc = lk_registry_load_text(r, path, buf);
    free(buf);
    return rc;
}
