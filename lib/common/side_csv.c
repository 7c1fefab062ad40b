#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "side_csv.h"
#include "ascii.h"
#include "encoding.h"
#include "levekar/common.h"

#define SIDE_CSV_MAX (64u << 20)

static int fail(lk_side_csv *c, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(lk_side_csv *c, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static int cannot_read(lk_side_csv *c, int err)
{
    return fail(c, err == ENOMEM ? LK_ENOMEM : LK_EIO, "%s: cannot read: %s", c->path, strerror(err));
}

int lk_side_csv_open(lk_side_csv *c, const char *path, const char *expected)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->expected = expected;
    FILE *f = fopen(path, "rb");
    if (!f) return cannot_read(c, errno ? errno : EIO);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    int err = buf ? 0 : ENOMEM;
    while (!err && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap) continue;
        if (cap >= SIDE_CSV_MAX) {
            err = EFBIG;
            break;
        }
        char *b = realloc(buf, 2 * cap + 1);
        if (!b) err = ENOMEM; /* not a file cut short */
        else {
            buf = b;
            cap *= 2;
        }
    }
    if (!err && ferror(f)) err = errno ? errno : EIO;
    fclose(f);
    if (err) {
        free(buf);
        return cannot_read(c, err);
    }
    buf[n] = '\0';
    c->text = buf;
    c->len = n;
    c->pos = buf;
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        c->pos += 3;
    size_t rest = n - (size_t)(c->pos - buf);
    c->utf8 = lk_utf8_valid_prefix((const unsigned char *)c->pos, rest, 0) == rest;
    return LK_OK;
}

void lk_side_csv_close(lk_side_csv *c)
{
    if (!c) return;
    free(c->text);
    free(c->fields);
    c->text = c->pos = NULL;
    c->fields = NULL;
    c->len = c->n_fields = c->cap_fields = 0;
}

static int push(lk_side_csv *c, char *p, size_t len)
{
    if (c->n_fields == LK_SIDE_CSV_MAX_FIELDS)
        return fail(c, LK_ELIMIT, "%s:%lu: more than %d fields (expected %s)", c->path, c->line,
                    LK_SIDE_CSV_MAX_FIELDS, c->expected);
    if (c->n_fields == c->cap_fields) {
        size_t cap = c->cap_fields ? 2 * c->cap_fields : 16;
        lk_side_field *v = realloc(c->fields, cap * sizeof *v);
        if (!v) return fail(c, LK_ENOMEM, "%s: out of memory", c->path);
        c->fields = v;
        c->cap_fields = cap;
    }
    c->fields[c->n_fields].p = p;
    c->fields[c->n_fields].len = len;
    c->n_fields++;
    return LK_OK;
}

static int bad_quotes(lk_side_csv *c, size_t field)
{
    return fail(c, LK_EDATA, "%s:%lu: malformed quotes in field %zu (expected %s)", c->path, c->line, field,
                c->expected);
}

/* Splits line[0..len) at c->delim with the readers' rules (scan.c): a field is either without
 * any quote, or quoted whole with "" for a quote inside; anything else is malformed. Quoted
 * fields are unquoted in place. */
static int split(lk_side_csv *c, char *line, size_t len)
{
    char *p = line, *end = line + len;
    int rc;
    c->n_fields = 0;
    for (;;) {
        if (p < end && *p == '"') {
            char *start = p + 1, *w = start, *r = start;
            for (;;) {
                char *q = memchr(r, '"', (size_t)(end - r));
                if (!q) return bad_quotes(c, c->n_fields + 1); /* the line ends inside the quotes */
                if (w != r) memmove(w, r, (size_t)(q - r));
                w += q - r;
                if (q + 1 < end && q[1] == '"') {
                    *w++ = '"';
                    r = q + 2;
                    continue;
                }
                r = q + 1;
                break;
            }
            if ((rc = push(c, start, (size_t)(w - start))) != LK_OK) return rc;
            p = r;
            if (p == end) return LK_OK;
            if (*p != c->delim) return bad_quotes(c, c->n_fields); /* text after the closing quote */
            p++;
        } else {
            char *q = memchr(p, c->delim, (size_t)(end - p));
            char *fe = q ? q : end;
            if (memchr(p, '"', (size_t)(fe - p))) return bad_quotes(c, c->n_fields + 1);
            if ((rc = push(c, p, (size_t)(fe - p))) != LK_OK) return rc;
            if (!q) return LK_OK;
            p = q + 1;
        }
    }
}

int lk_side_csv_next(lk_side_csv *c, int *more)
{
    *more = 0;
    char *end = c->text + c->len;
    while (c->pos && c->pos < end) {
        char *line = c->pos;
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t l = nl ? (size_t)(nl - line) : (size_t)(end - line);
        c->pos = nl ? nl + 1 : end;
        c->line++;
        if (l && line[l - 1] == '\r') l--;
        if (l == 0) continue;
        if (!c->delim) {
            size_t semis = 0, commas = 0;
            for (size_t i = 0; i < l; i++) {
                semis += line[i] == ';';
                commas += line[i] == ',';
            }
            c->delim = semis >= commas ? ';' : ',';
        }
        const char *nul = memchr(line, '\0', l);
        if (nul) { /* it would cut the text short; count the field it is in */
            size_t field = 1;
            for (const char *p = line; p < nul; p++) field += *p == c->delim;
            return fail(c, LK_EDATA, "%s:%lu: NUL byte in field %zu (expected text; is this a binary or UTF-16 file?)",
                        c->path, c->line, field);
        }
        int rc = split(c, line, l);
        if (rc != LK_OK) return rc;
        *more = 1;
        return LK_OK;
    }
    return LK_OK;
}

int lk_side_csv_column(const lk_side_csv *c, const char *name)
{
    size_t nl = strlen(name);
    for (size_t j = 0; j < c->n_fields; j++) {
        const char *s = c->fields[j].p;
        size_t n = c->fields[j].len;
        lk_trim(&s, &n);
        if (n != nl) continue;
        size_t k = 0;
        while (k < n && lk_to_lower((unsigned char)s[k]) == lk_to_lower((unsigned char)name[k])) k++;
        if (k == n) return (int)j; /* j < LK_SIDE_CSV_MAX_FIELDS */
    }
    return -1;
}

char *lk_side_csv_cell(const lk_side_csv *c, size_t i, lk_arena *arena)
{
    if (i >= c->n_fields) return lk_arena_strndup(arena, "", 0);
    const char *s = c->fields[i].p;
    size_t n = c->fields[i].len;
    lk_trim(&s, &n);
    if (c->utf8 || !lk_has_non_ascii((const unsigned char *)s, n)) return lk_arena_strndup(arena, s, n);
    char *out = lk_arena_alloc(arena, 3 * n + 1);
    if (!out) return NULL;
    size_t o = lk_cp1252_to_utf8(out, (const unsigned char *)s, n);
    out[o] = '\0';
    return out;
}
