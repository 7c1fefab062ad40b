#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "small_csv.h"
#include "../common/encoding.h"
#include "../common/ascii.h"
#include "levekar/common.h"

#define LK_SMALL_CSV_MAX (64u << 20)

int lk_small_csv_open(lk_small_csv *c, const char *path)
{
    memset(c, 0, sizeof *c);
    lk_fields_init(&c->fields);
    FILE *f = fopen(path, "rb");
    if (!f) return errno ? errno : EIO;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    int err = 0;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= LK_SMALL_CSV_MAX) { err = EFBIG; break; }
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) break;
            buf = b;
            cap *= 2;
        }
    }
    if (!err && ferror(f)) err = errno ? errno : EIO;
    fclose(f);
    if (!buf || err) {
        free(buf);
        return err ? err : ENOMEM;
    }
    buf[n] = '\0';
    c->text = buf;
    c->len = n;
    c->pos = buf;
    if (n >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        c->pos += 3;
    size_t rest = n - (size_t)(c->pos - buf);
    c->utf8 = lk_utf8_valid_prefix((const unsigned char *)c->pos, rest, 0) == rest;
    return 0;
}

void lk_small_csv_close(lk_small_csv *c)
{
    free(c->text);
    lk_fields_free(&c->fields);
    memset(c, 0, sizeof *c);
}

int lk_small_csv_next(lk_small_csv *c, size_t *bad_field)
{
    *bad_field = 0;
    char *end = c->text + c->len;
    while (c->pos < end) {
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
        if (nul) {
            *bad_field = 1;
            for (const char *p = line; p < nul; p++) *bad_field += *p == c->delim;
            return LK_SMALL_CSV_NUL;
        }
        switch (lk_split_fast(&c->fields, line, l, c->delim, bad_field)) {
        case LK_SPLIT_OK: return 1;
        case LK_SPLIT_TOO_MANY: return LK_SMALL_CSV_FIELDS;
        case LK_SPLIT_NOMEM: return LK_SMALL_CSV_NOMEM;
        default: return LK_SMALL_CSV_QUOTES;
        }
    }
    return 0;
}

int lk_small_csv_problem(int result, size_t bad_field, char *buf, size_t size)
{
    switch (result) {
    case LK_SMALL_CSV_NUL:
        snprintf(buf, size, "NUL byte in field %zu", bad_field);
        return LK_EDATA;
    case LK_SMALL_CSV_FIELDS:
        snprintf(buf, size, "more than %d fields", LK_MAX_COLUMNS);
        return LK_ELIMIT;
    case LK_SMALL_CSV_NOMEM:
        snprintf(buf, size, "out of memory");
        return LK_ENOMEM;
    default:
        snprintf(buf, size, "malformed quotes in field %zu", bad_field);
        return LK_EDATA;
    }
}

int lk_small_csv_column(const lk_small_csv *c, const char *name)
{
    size_t nl = strlen(name);
    for (size_t j = 0; j < c->fields.n; j++) {
        const char *s = c->fields.v[j].p;
        size_t n = c->fields.v[j].len;
        lk_trim(&s, &n);
        if (n != nl) continue;
        size_t k = 0;
        while (k < n && lk_to_lower((unsigned char)s[k]) == lk_to_lower((unsigned char)name[k])) k++;
        if (k == n) return (int)j;
    }
    return -1;
}

char *lk_small_csv_cell(const lk_small_csv *c, size_t i, lk_arena *arena)
{
    if (i >= c->fields.n) return lk_arena_strndup(arena, "", 0);
    const char *s = c->fields.v[i].p;
    size_t n = c->fields.v[i].len;
    lk_trim(&s, &n);
    if (c->utf8 || !lk_has_non_ascii((const unsigned char *)s, n)) return lk_arena_strndup(arena, s, n);
    char *out = lk_arena_alloc(arena, 3 * n + 1);
    if (!out) return NULL;
    size_t o = lk_cp1252_to_utf8(out, (const unsigned char *)s, n);
    out[o] = '\0';
    return out;
}
