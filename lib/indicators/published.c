/* Published rates: a value per region and period as the source publishes it (KOSTRA nøkkeltall,
 * FHI RATE/MEIS, SSB 10540's "helt ledige i prosent"). A rate cannot be summed, so nothing is
 * aggregated here: landet and fylke are the file's own rows, and two rates for one region and
 * period are an ambiguity to resolve, never a sum. Candidates are kept until the end because
 * which measure is meant (an exact label over a partial match) is known only then. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/indicators.h"
#include "match.h"
#include "levekar/harmonise.h"
#include "../common/arena.h"
#include "../common/obs_identity.h"
#include "../common/ascii.h"

enum { KIND_RATE = 0, KIND_LOWER, KIND_UPPER };

typedef struct cand {
    const char *region, *region_name, *period, *measure, *unit, *status, *sig, *path;
    lk_level level;
    lk_period period_info;
    int has_value, kind, totals;
    int match;       /* 2: an exact label or the measure's code; 1: a label containing the pattern */
    double value;
    unsigned long line;
} cand;

struct lk_published {
    const lk_side *side;
    const lk_calc_opts *opts;
    lk_arena arena;
    cand *c;
    size_t n, cap;
    lk_rate *v;      /* settled, sorted by region then period */
    size_t nv;
    /* what the where filters found among the rate's observations: a filter naming a dimension
     * or a category that is not there is an error listing what is (as for counts) */
    struct { int name_seen, value_seen; const char *values[12]; size_t n_values; } wseen[16];
    const char *dims[12];
    size_t n_dims;
    const char *measures[8]; /* the files' measures, to name when the pattern matches none */
    size_t n_measures;
    const char *last_measure; /* the reader's pointer last remembered (labels are interned) */
    unsigned long long last_source; /* ... and its reader (another reader's pointers mean other texts) */
    char errmsg[1024];
};

static int pfail(lk_published *p, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int pfail(lk_published *p, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

int lk_published_new(lk_published **out, const lk_side *rate, const lk_calc_opts *opts)
{
    if (!out || !rate) return LK_EINVAL;
    *out = calloc(1, sizeof **out);
    if (!*out) return LK_ENOMEM;
    (*out)->side = rate;
    (*out)->opts = opts;
    lk_arena_init(&(*out)->arena);
    return LK_OK;
}

void lk_published_free(lk_published *p)
{
    if (!p) return;
    free(p->c);
    free(p->v);
    lk_arena_free(&p->arena);
    free(p);
}

const char *lk_published_errmsg(const lk_published *p)
{
    return p ? p->errmsg : "out of memory (no published rates)";
}

/* Case-insensitive (ASCII) comparison of s[0..n) with the whole of t. */
static int same_text(const char *s, size_t n, const char *t)
{
    if (strlen(t) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lk_to_lower((unsigned char)s[i]) != lk_to_lower((unsigned char)t[i])) return 0;
    return 1;
}

static int contains(const char *hay, size_t hl, const char *needle, size_t nl)
{
    for (size_t i = 0; i + nl <= hl; i++) {
        size_t k = 0;
        while (k < nl && lk_to_lower((unsigned char)hay[i + k]) == lk_to_lower((unsigned char)needle[k])) k++;
        if (k == nl) return 1;
    }
    return 0;
}

/* Does measure[0..ml) match the pattern "a | b" (the syntax of every measure pattern, match.h)?
 * 2 when it is the whole label an alternative names, 1 for another match (first words, "~"),
 * 0 otherwise; "" matches all (1). */
static int pattern_match(const char *measure, size_t ml, const char *pattern)
{
    if (!*pattern) return 1;
    char stem[512];
    if (ml >= sizeof stem) ml = sizeof stem - 1;
    memcpy(stem, measure, ml);
    stem[ml] = '\0';
    if (!lk__measure_match(stem, NULL, pattern)) return 0;
    for (const char *q = pattern; *q;) { /* each alternative as a whole label: "=alt" */
        const char *bar = strchr(q, '|'), *e = bar ? bar : q + strlen(q), *s = q;
        size_t n = (size_t)(e - q);
        lk_trim(&s, &n);
        if (n && (*s == '=' || *s == '~')) s++, n--;
        char whole[514];
        if (n && n < sizeof whole - 1 && !(n > 5 && strncmp(s, "code:", 5) == 0)) {
            whole[0] = '=';
            memcpy(whole + 1, s, n);
            whole[n + 1] = '\0';
            if (lk__measure_match(stem, NULL, whole)) return 2;
        }
        q = bar ? bar + 1 : e;
    }
    return 1;
}

/* Is code (a ContentsCode such as "RegHeltLedige") one of the pattern's alternatives, exactly? */
static int code_match(const char *code, const char *pattern)
{
    for (const char *q = pattern; *q;) {
        const char *bar = strchr(q, '|'), *e = bar ? bar : q + strlen(q), *s = q;
        size_t n = (size_t)(e - q);
        lk_trim(&s, &n);
        if (n && strlen(code) == n && memcmp(code, s, n) == 0) return 1;
        q = bar ? bar + 1 : e;
    }
    return 0;
}

/* The limits' measure names: the rate's name and a suffix. *stem_len is the rate's part. */
static int bound_kind(const char *m, size_t *stem_len)
{
    static const char *const lower[] = { "lower", "nedre", NULL };
    static const char *const upper[] = { "upper", "\xC3\xB8vre", NULL }; /* øvre */
    size_t ml = strlen(m);
    for (int k = 0; k < 2; k++)
        for (const char *const *w = k ? upper : lower; *w; w++) {
            size_t wl = strlen(*w);
            if (ml > wl + 1 && same_text(m + ml - wl, wl, *w) && strchr("._ ", m[ml - wl - 1])) {
                *stem_len = ml - wl - 1;
                return k ? KIND_UPPER : KIND_LOWER;
            }
        }
    return KIND_RATE;
}

/* A unit that says the value is a count, not a rate ("personer", "antall"). */
static int count_unit(const char *u)
{
    if (!u || !*u || lk_measure_is_rate(u)) return 0;
    size_t n = strlen(u);
    return contains(u, n, "person", 6) || contains(u, n, "antall", 6) || contains(u, n, "number", 6);
}

static const char *copy(lk_published *p, const char *s)
{
    return lk_arena_strndup(&p->arena, s ? s : "", s ? strlen(s) : 0);
}

/* Remember a text once in a short list (enough to name in a message). */
static int remember(lk_published *p, const char **list, size_t *n, size_t max, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], s) == 0) return LK_OK;
    if (*n == max) return LK_OK;
    if (!(list[*n] = copy(p, s))) return LK_ENOMEM;
    (*n)++;
    return LK_OK;
}

/* What the where filters find in an observation of the rate's measure. */
static int note_dims(lk_published *p, const lk_obs *o)
{
    for (size_t i = 0; i < o->n_dims; i++)
        if (remember(p, p->dims, &p->n_dims, 12, o->dims[i].name) != LK_OK) return LK_ENOMEM;
    for (size_t w = 0; p->opts && w < p->opts->n_where && w < 16; w++) {
        const char *f = p->opts->where[w], *eq = strchr(f, '=');
        if (!eq) continue;
        for (size_t i = 0; i < o->n_dims; i++) {
            if (strlen(o->dims[i].name) != (size_t)(eq - f) || strncmp(o->dims[i].name, f, (size_t)(eq - f)) != 0) continue;
            p->wseen[w].name_seen = 1;
            if (strcmp(o->dims[i].value, eq + 1) == 0) p->wseen[w].value_seen = 1;
            else if (remember(p, p->wseen[w].values, &p->wseen[w].n_values, 12, o->dims[i].value) != LK_OK) return LK_ENOMEM;
        }
    }
    return LK_OK;
}

static void join(char *buf, size_t size, const char *const *list, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", list[i]);
}

int lk_published_add(lk_published *p, const lk_obs *o, int file, const char *path)
{
    if (!p || !o) return LK_EINVAL;
    const lk_side *sd = p->side;
    if (sd->file >= 0 && sd->file != file) return LK_OK;
    if (*sd->table && strcmp(sd->table, o->table) != 0) return LK_OK;
    if (!o->region[0] || !o->period[0] || count_unit(o->unit)) return LK_OK;
    unsigned long long source = lk__obs_source(o);
    if ((o->measure != p->last_measure || !source || source != p->last_source) && p->n_measures < 8) {
        if (remember(p, p->measures, &p->n_measures, 8, o->measure) != LK_OK) return LK_ENOMEM;
        p->last_measure = o->measure;
        p->last_source = source;
    }
    /* a limit first: "RATE.lower" contains "RATE" but is the rate's limit, not a second rate */
    size_t stem = strlen(o->measure);
    int kind = *sd->measure ? bound_kind(o->measure, &stem) : KIND_RATE; /* any measure: limits are measures too */
    if (kind != KIND_RATE && !pattern_match(o->measure, stem, sd->measure)) {
        kind = KIND_RATE;
        stem = strlen(o->measure);
    }
    int match = pattern_match(o->measure, stem, sd->measure);
    if (kind == KIND_RATE && o->measure_code && *o->measure_code && code_match(o->measure_code, sd->measure)) match = 2;
    if (!match) return LK_OK;
    int rc = note_dims(p, o);
    if (rc != LK_OK) return rc;
    for (size_t w = 0; p->opts && w < p->opts->n_where; w++) {
        const char *f = p->opts->where[w], *eq = strchr(f, '=');
        if (!eq) continue;
        for (size_t i = 0; i < o->n_dims; i++)
            if (strlen(o->dims[i].name) == (size_t)(eq - f) && strncmp(o->dims[i].name, f, (size_t)(eq - f)) == 0
                && strcmp(o->dims[i].value, eq + 1) != 0)
                return LK_OK;
    }
    /* the other categories, as one text: a second rate for the region and period must differ in them */
    size_t sl = 1;
    int totals = 0;
    for (size_t i = 0; i < o->n_dims; i++) {
        if (sd->age_lo >= 0 && lk__is_age_dimension(o->dims[i].name)) {
            int lo, hi;
            if (lk_age_parse(o->dims[i].value, &lo, &hi) != LK_OK || lo != sd->age_lo || hi != sd->age_hi) return LK_OK;
            continue; /* the one band asked for */
        }
        sl += strlen(o->dims[i].name) + strlen(o->dims[i].value) + 4;
        totals += lk_label_is_total(o->dims[i].value);
    }
    char *sig = lk_arena_alloc(&p->arena, sl);
    if (!sig) return LK_ENOMEM;
    sig[0] = '\0';
    for (size_t i = 0; i < o->n_dims; i++) {
        if (sd->age_lo >= 0 && lk__is_age_dimension(o->dims[i].name)) continue;
        if (sig[0]) strcat(sig, ", ");
        strcat(sig, o->dims[i].name);
        strcat(sig, "=");
        strcat(sig, o->dims[i].value);
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        cand *v = realloc(p->c, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        p->c = v;
        p->cap = cap;
    }
    cand *c = &p->c[p->n];
    memset(c, 0, sizeof *c);
    c->region = copy(p, o->region);
    c->region_name = copy(p, o->region_name);
    c->period = copy(p, o->period);
    c->measure = lk_arena_strndup(&p->arena, o->measure, stem);
    c->unit = copy(p, o->unit);
    c->status = copy(p, o->status);
    c->path = copy(p, path);
    if (!c->region || !c->region_name || !c->period || !c->measure || !c->unit || !c->status || !c->path)
        return LK_ENOMEM;
    c->sig = sig;
    c->level = o->level;
    c->period_info = o->period_info;
    c->has_value = o->has_value;
    c->value = o->value;
    c->kind = kind;
    c->match = match;
    c->totals = totals;
    c->line = o->line;
    p->n++;
    return LK_OK;
}

static int by_key(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int d = strcmp(x->region, y->region);
    if (!d) d = strcmp(x->period, y->period);
    if (!d) d = x->kind - y->kind;
    return d;
}

/* The categories of two candidates, for the message. */
static void differ(const cand *a, const cand *b, char *buf, size_t size)
{
    snprintf(buf, size, "%s / %s", *a->sig ? a->sig : "(no other categories)", *b->sig ? b->sig : "(no other categories)");
}

int lk_published_finish(lk_published *p)
{
    if (!p) return LK_EINVAL;
    for (size_t w = 0; p->opts && w < p->opts->n_where && w < 16; w++) {
        const char *f = p->opts->where[w], *eq = strchr(f, '=');
        char list[400];
        if (!eq || (p->wseen[w].name_seen && p->wseen[w].value_seen)) continue;
        if (!p->wseen[w].name_seen) {
            join(list, sizeof list, p->dims, p->n_dims);
            return pfail(p, LK_EDATA, "--where '%s': the published rate has no dimension '%.*s' (expected one of: %s)", f,
                         (int)(eq - f), f, p->n_dims ? list : "none: it has no other dimensions");
        }
        join(list, sizeof list, p->wseen[w].values, p->wseen[w].n_values);
        return pfail(p, LK_EDATA, "--where '%s': '%.*s' has no category '%s' in the published rate (expected one of: %s)",
                     f, (int)(eq - f), f, eq + 1, list);
    }
    /* which measure: the distinct measures the rates matched; an exact label wins */
    int exact = 0;
    for (size_t i = 0; i < p->n && !exact; i++) exact = p->c[i].kind == KIND_RATE && p->c[i].match == 2;
    const cand *first = NULL, *other = NULL;
    for (size_t i = 0; i < p->n && !other; i++) {
        const cand *c = &p->c[i];
        if (c->kind != KIND_RATE || (exact && c->match != 2)) continue;
        if (!first) first = c;
        else if (strcmp(first->measure, c->measure) != 0) other = c;
    }
    if (!first) {
        char list[600];
        join(list, sizeof list, p->measures, p->n_measures);
        return pfail(p, LK_ENOTFOUND, "no published rate matches '%s'%s%s (expected one of the measures in the files: %s)",
                     p->side->measure, *p->side->table ? " in table " : "", p->side->table,
                     p->n_measures ? list : "none");
    }
    if (other)
        return pfail(p, LK_EDATA, "%s:%lu: the rate '%s' matches '%s' and '%s' (%s:%lu) (expected one measure: give the "
                     "whole label)", first->path, first->line, p->side->measure, first->measure, other->measure,
                     other->path, other->line);
    const char *chosen = first->measure;
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->c[i].measure, chosen) == 0) p->c[k++] = p->c[i];
    p->n = k;
    qsort(p->c, p->n, sizeof *p->c, by_key);
    free(p->v);
    p->v = calloc(p->n ? p->n : 1, sizeof *p->v);
    p->nv = 0;
    if (!p->v) return LK_ENOMEM;
    for (size_t i = 0; i < p->n;) {
        size_t e = i;
        while (e < p->n && strcmp(p->c[e].region, p->c[i].region) == 0 && strcmp(p->c[e].period, p->c[i].period) == 0) e++;
        /* the rate: one candidate, or a total among its parts (Begge kjønn over Menn, Kvinner) */
        const cand *rate = NULL, *lo = NULL, *hi = NULL;
        int tie = 0;
        for (size_t j = i; j < e; j++) {
            const cand *c = &p->c[j];
            if (c->kind == KIND_LOWER) lo = lo ? lo : c;
            else if (c->kind == KIND_UPPER) hi = hi ? hi : c;
            else if (!rate || c->totals > rate->totals) {
                tie = 0;
                rate = c;
            } else if (c->totals == rate->totals) {
                tie = 1;
                other = c;
            }
        }
        if (tie) {
            char d[400];
            differ(rate, other, d, sizeof d);
            return pfail(p, LK_EDATA, "%s:%lu: two published rates of '%s' for %s %s (%s; the other on line %lu) "
                         "(expected one: choose a category with --where NAME=VALUE%s)", rate->path, rate->line, chosen,
                         rate->region, rate->period, d, other->line,
                         p->side->age_lo < 0 ? " or the ages with --ages" : "");
        }
        if (rate) {
            lk_rate *r = &p->v[p->nv++];
            r->region = rate->region;
            r->region_name = rate->region_name;
            r->level = rate->level;
            r->period = rate->period;
            r->period_info = rate->period_info;
            r->has_value = rate->has_value;
            r->value = rate->value;
            r->unit = rate->unit;
            r->measure = rate->measure;
            r->status = rate->status;
            /* limits only when the file gives both, for the same categories, around the value */
            if (lo && hi && r->has_value && lo->has_value && hi->has_value && strcmp(lo->sig, rate->sig) == 0
                && strcmp(hi->sig, rate->sig) == 0 && lo->value <= r->value && r->value <= hi->value) {
                r->has_ci = 1;
                r->ci_low = lo->value;
                r->ci_high = hi->value;
            }
        }
        i = e;
    }
    return LK_OK;
}

size_t lk_published_count(const lk_published *p)
{
    return p ? p->nv : 0;
}

const lk_rate *lk_published_get(const lk_published *p, size_t i)
{
    return p && i < p->nv ? &p->v[i] : NULL;
}

const lk_rate *lk_published_find(const lk_published *p, const char *region, const char *period)
{
    if (!p || !region || !period) return NULL;
    size_t lo = 0, hi = p->nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(p->v[mid].region, region);
        if (!d) d = strcmp(p->v[mid].period, period);
        if (!d) return &p->v[mid];
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
