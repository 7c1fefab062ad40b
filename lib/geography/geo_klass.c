/* Loading change lists exported from SSB's classification service KLASS (the `changes`
 * endpoint as CSV: oldCode, oldName, oldShortName, newCode, newName, newShortName,
 * changeOccurred), so a reform after the built-in table needs no new release. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"
#include "../common/ascii.h"
#include "../read/encoding.h"
#include "../read/scan.h"

#define LK_KLASS_MAX_BYTES (64u << 20)

typedef struct klass_row {
    int year;
    char *from, *from_name, *to, *to_name;
    unsigned long line;
} klass_row;

static char *read_all(const char *path, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= LK_KLASS_MAX_BYTES) break;
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) { free(buf); buf = NULL; break; }
            buf = b;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) { *err = errno; free(buf); buf = NULL; }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Decode a cell to UTF-8 in the arena. */
static char *cell(lk_geo *g, const lk_field *f, int utf8)
{
    const char *s = f->p;
    size_t n = f->len;
    lk_trim(&s, &n);
    if (utf8 || !lk_has_non_ascii((const unsigned char *)s, n)) return lk_arena_strndup(&g->arena, s, n);
    char *out = lk_arena_alloc(&g->arena, 3 * n + 1);
    if (!out) return NULL;
    size_t o = lk_cp1252_to_utf8(out, (const unsigned char *)s, n);
    out[o] = '\0';
    return out;
}

static int find_col(const lk_fields *f, const char *name)
{
    for (size_t j = 0; j < f->n; j++) {
        const char *s = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&s, &n);
        if (n == strlen(name)) {
            size_t k = 0;
            while (k < n && lk_to_lower((unsigned char)s[k]) == lk_to_lower((unsigned char)name[k])) k++;
            if (k == n) return (int)j;
        }
    }
    return -1;
}

static int valid_code(const char *c)
{
    size_t n = strlen(c);
    if (n != 2 && n != 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (!lk_is_digit((unsigned char)c[i])) return 0;
    return 1;
}

/* Add the rows of one file: kinds from how codes fan out and in, and new code versions. */
static int apply_rows(lk_geo *g, klass_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        klass_row *r = &rows[i];
        int known = 0;
        for (size_t k = 0; k < g->n_changes && !known; k++) {
            const lk_geo_change *c = &g->changes[k];
            if (c->year == r->year && strcmp(c->from_code, r->from) == 0 && strcmp(c->to_code, r->to) == 0) known = 1;
        }
        if (known) {
            r->year = 0; /* already in the table */
            continue;
        }
        size_t succ = 0, pred = 0;
        for (size_t k = 0; k < n; k++) {
            if (rows[k].year != r->year) continue;
            if (strcmp(rows[k].from, r->from) == 0) succ++;
            if (strcmp(rows[k].to, r->to) == 0) pred++;
        }
        lk_change_kind kind = succ > 1 ? LK_CHANGE_SPLIT
                            : pred > 1 ? LK_CHANGE_MERGE
                            : strcmp(r->from, r->to) != 0 ? LK_CHANGE_MOVE : LK_CHANGE_RENAME;
        lk_level level = strlen(r->from) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
        if (lk_geo_add_change(g, r->year, r->from, r->from_name, r->to, r->to_name, kind, level) != LK_OK)
            return LK_ENOMEM;
    }
    /* Close the old versions and open the new ones. */
    for (size_t i = 0; i < n; i++) {
        klass_row *r = &rows[i];
        if (!r->year) continue;
        int keeps_code = 0;
        for (size_t k = 0; k < n; k++)
            if (rows[k].year == r->year && strcmp(rows[k].from, r->from) == 0 && strcmp(rows[k].to, r->from) == 0
                && strcmp(rows[k].to_name, rows[k].from_name) == 0)
                keeps_code = 1;
        for (size_t u = 0; u < g->n_units; u++) {
            lk_geo_unit *unit = &g->units[u];
            if (strcmp(unit->code, r->from) == 0 && unit->first_year < r->year && unit->last_year >= r->year && !keeps_code)
                unit->last_year = r->year - 1;
        }
        lk_geo_unit existing;
        if (lk_geo_unit_at(g, r->to, r->year, &existing) != LK_OK) {
            lk_level level = strlen(r->to) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
            if (lk_geo_add_unit(g, r->to, r->to_name, level, r->year, 9999) != LK_OK) return LK_ENOMEM;
        }
    }
    lk_geo_sort(g);
    return LK_OK;
}

int lk_geo_load_changes(lk_geo *g, const char *path)
{
    if (!g || !path) return LK_EINVAL;
    g->errmsg[0] = '\0';
    size_t len;
    int err = 0;
    char *text = read_all(path, &len, &err);
    if (!text) return lk_geo_fail(g, err ? LK_EIO : LK_ENOMEM, "%s: cannot read: %s", path, err ? strerror(err) : "out of memory");
    char *p = text;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) p += 3;
    int utf8 = lk_utf8_valid_prefix((const unsigned char *)p, len - (size_t)(p - text), 0) == len - (size_t)(p - text);
    lk_fields f;
    lk_fields_init(&f);
    klass_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc = LK_OK, cols[5] = { -1, -1, -1, -1, -1 };
    static const char *const names[5] = { "oldCode", "oldName", "newCode", "newName", "changeOccurred" };
    char delim = 0;
    unsigned long line = 0;
    char *end = text + len;
    while (p < end && rc == LK_OK) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        line++;
        size_t l = (size_t)(le - p);
        if (l && p[l - 1] == '\r') l--;
        char *cur = p;
        p = nl ? nl + 1 : end;
        if (l == 0) continue;
        if (!delim) {
            size_t semis = 0, commas = 0;
            for (size_t i = 0; i < l; i++) {
                if (cur[i] == ';') semis++;
                if (cur[i] == ',') commas++;
            }
            delim = semis >= commas ? ';' : ',';
        }
        size_t bad;
        if (lk_split_fast(&f, cur, l, delim, &bad) != LK_SPLIT_OK) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: malformed quotes in field %zu (expected a CSV change list from KLASS)", path, line, bad);
            break;
        }
        if (cols[0] < 0) {
            for (int k = 0; k < 5; k++) cols[k] = find_col(&f, names[k]);
            for (int k = 0; k < 5; k++)
                if (cols[k] < 0) {
                    rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: no column '%s' (expected a KLASS change list with oldCode, "
                                     "oldName, newCode, newName and changeOccurred)", path, line, names[k]);
                    break;
                }
            continue;
        }
        for (int k = 0; k < 5 && rc == LK_OK; k++)
            if ((size_t)cols[k] >= f.n)
                rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: %zu fields (expected at least %d as in the header)", path, line, f.n, cols[k] + 1);
        if (rc != LK_OK) break;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            klass_row *nr = realloc(rows, cap * sizeof *nr);
            if (!nr) { rc = LK_ENOMEM; break; }
            rows = nr;
        }
        klass_row *r = &rows[n];
        r->line = line;
        r->from = cell(g, &f.v[cols[0]], utf8);
        r->from_name = cell(g, &f.v[cols[1]], utf8);
        r->to = cell(g, &f.v[cols[2]], utf8);
        r->to_name = cell(g, &f.v[cols[3]], utf8);
        char *date = cell(g, &f.v[cols[4]], utf8);
        if (!r->from || !r->from_name || !r->to || !r->to_name || !date) { rc = LK_ENOMEM; break; }
        if (!valid_code(r->from) || !valid_code(r->to) || strlen(r->from) != strlen(r->to)) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: codes '%s' → '%s' (expected two kommune codes of 4 digits or two "
                             "fylke codes of 2)", path, line, r->from, r->to);
            break;
        }
        int y, m, d;
        char extra;
        if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: change date '%s' (expected YYYY-MM-DD)", path, line, date);
            break;
        }
        /* Statistics use the borders of 1 January: a change during a year counts from the next. */
        r->year = (m == 1 && d == 1) ? y : y + 1;
        n++;
    }
    if (rc == LK_OK && cols[0] < 0)
        rc = lk_geo_fail(g, LK_EDATA, "%s:1: empty file (expected a KLASS change list with a header row)", path);
    if (rc == LK_OK) rc = apply_rows(g, rows, n);
    if (rc == LK_ENOMEM && !g->errmsg[0]) lk_geo_fail(g, LK_ENOMEM, "%s: out of memory", path);
    free(rows);
    free(text);
    lk_fields_free(&f);
    return rc;
}
