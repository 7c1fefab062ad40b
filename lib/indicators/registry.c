/* The indicator registry: definitions are data (indicators.def, compiled in; user files added
 * with lk_registry_load) so a definition can be corrected without recompiling. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/indicators.h"
#include "../common/arena.h"
#include "../common/ascii.h"

extern const char *const lk_builtin_indicators[]; /* indicators.def, one line per string */

struct lk_registry {
    lk_arena arena;
    lk_indicator *v;
    size_t n, cap;
    char errmsg[1024];
};

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

const lk_indicator *lk_registry_find(const lk_registry *r, const char *id)
{
    if (!r || !id) return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].id, id) == 0) return &r->v[i];
    return NULL;
}

void lk_registry_free(lk_registry *r)
{
    if (!r) return;
    free(r->v);
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
}

static int parse_ages(const char *v, int *lo, int *hi)
{
    return lk_age_parse(v, lo, hi) == LK_OK && *lo <= *hi;
}

/* Store one finished block, replacing an indicator with the same id. */
static int commit(lk_registry *r, const lk_indicator *ind, const char *name, unsigned long line)
{
    const char *missing = !ind->name_nb ? "name.nb" : !*ind->num.measure ? "numerator" : !*ind->den.measure ? "denominator" : NULL;
    if (missing)
        return rfail(r, LK_EDATA, "%s:%lu: indicator '%s' has no %s (expected name.nb, numerator and denominator)",
                     name, line, ind->id, missing);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].id, ind->id) == 0) {
            r->v[i] = *ind;
            return LK_OK;
        }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        lk_indicator *v = realloc(r->v, cap * sizeof *v);
        if (!v) return LK_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = *ind;
    return LK_OK;
}

int lk_registry_load_text(lk_registry *r, const char *name, const char *text)
{
    if (!r || !name || !text) return LK_EINVAL;
    r->errmsg[0] = '\0';
    lk_indicator cur;
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
            side_defaults(&cur.num);
            side_defaults(&cur.den);
            cur.id = lk_arena_strndup(&r->arena, s + 1, len - 2);
            cur.family = cur.definition_nb = cur.definition_en = cur.source = cur.reference = "";
            cur.higher_is_worse = 1;
            if (!cur.id) return LK_ENOMEM;
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
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(kl < 63 ? kl : 63), k);
        char *val = lk_arena_strndup(&r->arena, v, vl);
        if (!val) return LK_ENOMEM;
        if (strcmp(key, "name.nb") == 0) cur.name_nb = val;
        else if (strcmp(key, "name.en") == 0) cur.name_en = val;
        else if (strcmp(key, "numerator") == 0) cur.num.measure = val;
        else if (strcmp(key, "denominator") == 0) cur.den.measure = val;
        else if (strcmp(key, "numerator.table") == 0) cur.num.table = val;
        else if (strcmp(key, "denominator.table") == 0) cur.den.table = val;
        else if (strcmp(key, "numerator.ages") == 0 || strcmp(key, "denominator.ages") == 0) {
            lk_side *sd = key[0] == 'n' ? &cur.num : &cur.den;
            if (!parse_ages(val, &sd->age_lo, &sd->age_hi))
                return rfail(r, LK_EDATA, "%s:%lu: ages '%s' (expected a range such as 15-74)", name, line, val);
        } else if (strcmp(key, "numerator.multiplier") == 0 || strcmp(key, "denominator.multiplier") == 0) {
            lk_side *sd = key[0] == 'n' ? &cur.num : &cur.den;
            double m;
            if (lk_value_parse(&m, val, strlen(val), '.') != LK_OK || !(m > 0))
                return rfail(r, LK_EDATA, "%s:%lu: multiplier '%s' (expected a positive number)", name, line, val);
            sd->multiplier = m;
        } else if (strcmp(key, "scale") == 0) {
            if (strcmp(val, "percent") == 0) cur.scale = LK_SCALE_PERCENT;
            else if (strcmp(val, "per1000") == 0) cur.scale = LK_SCALE_PER1000;
            else if (strcmp(val, "kroner") == 0) cur.scale = LK_SCALE_KRONER;
            else return rfail(r, LK_EDATA, "%s:%lu: scale '%s' (expected percent, per1000 or kroner)", name, line, val);
        } else if (strcmp(key, "direction") == 0) {
            if (strcmp(val, "higher-worse") == 0) cur.higher_is_worse = 1;
            else if (strcmp(val, "higher-better") == 0) cur.higher_is_worse = 0;
            else return rfail(r, LK_EDATA, "%s:%lu: direction '%s' (expected higher-worse or higher-better)", name, line, val);
        } else if (strcmp(key, "family") == 0) cur.family = val;
        else if (strcmp(key, "definition.nb") == 0) cur.definition_nb = val;
        else if (strcmp(key, "definition.en") == 0) cur.definition_en = val;
        else if (strcmp(key, "source") == 0) cur.source = val;
        else if (strcmp(key, "reference") == 0) cur.reference = val;
        else if (strcmp(key, "break") == 0) {
            double y;
            if (lk_value_parse(&y, val, strlen(val), '.') != LK_OK || y < 1800 || y > 2199)
                return rfail(r, LK_EDATA, "%s:%lu: break '%s' (expected a year)", name, line, val);
            cur.break_year = (int)y;
        } else {
            return rfail(r, LK_EDATA, "%s:%lu: unknown key '%s' (expected name.nb, name.en, numerator, denominator, "
                         "*.ages, *.table, *.multiplier, scale, direction, family, definition.nb, definition.en, "
                         "source, reference or break)", name, line, key);
        }
    }
    if (open) rc = commit(r, &cur, name, block_line);
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
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOMEM) return rfail(r, LK_ENOMEM, "%s: out of memory", path); /* no FILE for it */
    if (!f) return rfail(r, LK_EIO, "%s: cannot read: %s", path, strerror(errno));
    size_t cap = 1 << 14, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= (8u << 20)) break;
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) { free(buf); buf = NULL; break; }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return rfail(r, LK_ENOMEM, "%s: out of memory", path);
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        free(buf);
        return rfail(r, LK_EDATA, "%s:1: NUL byte (expected a UTF-8 text file)", path);
    }
    int rc = lk_registry_load_text(r, path, buf);
    free(buf);
    return rc;
}
