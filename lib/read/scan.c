#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include "scan.h"

void lk_fields_init(lk_fields *f)
{
    memset(f, 0, sizeof *f);
}

void lk_fields_free(lk_fields *f)
{
    if (f->csv) {
        csv_free(f->csv);
        free(f->csv);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

static int push(lk_fields *f, char *p, size_t len, int quoted)
{
    if (f->n == f->cap) {
        if (f->cap >= LK_MAX_COLUMNS) return LK_SPLIT_TOO_MANY;
        size_t cap = f->cap ? f->cap * 2 : 64;
        lk_field *v = realloc(f->v, cap * sizeof *v);
        if (!v) return LK_SPLIT_NOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n].p = p;
    f->v[f->n].len = len;
    f->v[f->n].quoted = quoted;
    f->n++;
    return LK_SPLIT_OK;
}

lk_split_error lk_split_fast(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field)
{
    return lk_split_fast_from(f, line, len, delim, 0, 0, bad_field);
}

lk_split_error lk_split_fast_from(lk_fields *f, char *line, size_t len, char delim, size_t first, size_t at,
                                  size_t *bad_field)
{
    char *p = line + at, *end = line + len;
    int rc;
    f->n = first;
    f->modified = 0;
    for (;;) {
        if (p < end && *p == '"') {
            char *start = p + 1, *w = start, *r = start;
            for (;;) {
                char *q = memchr(r, '"', (size_t)(end - r));
                if (!q) {
                    *bad_field = f->n + 1;
                    return LK_SPLIT_UNCLOSED_QUOTE;
                }
                if (w != r) memmove(w, r, (size_t)(q - r));
                w += q - r;
                if (q + 1 < end && q[1] == '"') { /* "" is an escaped quote */
                    f->modified = 1;
                    *w++ = '"';
                    r = q + 2;
                    continue;
                }
                r = q + 1;
                break;
            }
            if ((rc = push(f, start, (size_t)(w - start), 1)) != LK_SPLIT_OK) return (lk_split_error)rc;
            p = r;
            if (p == end) return LK_SPLIT_OK;
            if (*p != delim) {
                *bad_field = f->n;
                return LK_SPLIT_STRAY_QUOTE;
            }
            p++;
        } else {
            char *q = memchr(p, delim, (size_t)(end - p));
            char *fe = q ? q : end;
            if (memchr(p, '"', (size_t)(fe - p))) {
                *bad_field = f->n + 1;
                return LK_SPLIT_STRAY_QUOTE;
            }
            if ((rc = push(f, p, (size_t)(fe - p), 0)) != LK_SPLIT_OK) return (lk_split_error)rc;
            if (!q) return LK_SPLIT_OK;
            p = q + 1;
        }
    }
}

/* libcsv callbacks: fields are copied back into the line buffer, which is safe because every
 * field is delivered only after its bytes were consumed and is never longer than its source. */
static void on_field(void *s, size_t len, void *data)
{
    lk_fields *f = data;
    char *dst = f->out;
    if (len) memmove(dst, s, len);
    f->out += len;
    if (push(f, dst, len, 0) != LK_SPLIT_OK) f->oom = 1;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* keep spaces, as the fast scanner does; trimming is the label parsers' job */
}

lk_split_error lk_split_libcsv(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field)
{
    struct csv_parser *p = f->csv;
    if (!p) {
        p = malloc(sizeof *p);
        if (!p || csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
            free(p);
            return LK_SPLIT_NOMEM;
        }
        csv_set_space_func(p, no_space);
        f->csv = p;
    }
    csv_set_opts(p, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_delim(p, (unsigned char)delim);
    f->n = 0;
    f->out = line;
    f->oom = 0;
    f->modified = 1; /* libcsv writes the unquoted fields back into the line */
    size_t used = csv_parse(p, line, len, on_field, NULL, f);
    int err = used != len ? csv_error(p) : 0;
    if (!err && csv_fini(p, on_field, NULL, f) != 0) err = csv_error(p);
    if (err) {
        /* csv_fini() does not reset a parser stopped inside a quote: start a fresh one. */
        csv_free(p);
        free(p);
        f->csv = NULL;
        *bad_field = f->n + 1;
        if (err == CSV_ENOMEM) return LK_SPLIT_NOMEM;
        if (err == CSV_ETOOBIG) return LK_SPLIT_TOO_MANY;
        return used == len ? LK_SPLIT_UNCLOSED_QUOTE : LK_SPLIT_STRAY_QUOTE;
    }
    if (f->oom) return f->n >= LK_MAX_COLUMNS ? LK_SPLIT_TOO_MANY : LK_SPLIT_NOMEM;
    if (f->n == 0) return (lk_split_error)push(f, line, 0, 0); /* an empty line is one empty field */
    return LK_SPLIT_OK;
}
