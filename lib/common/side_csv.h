/* A reader for the project's own small side files (zone lists, KLASS change lists, and later
 * standard populations), which every module may use: read whole (at most 64 MiB), header found
 * by name, `;` or `,` (chosen on the first line), UTF-8 with or without BOM or else Latin-1
 * (Windows-1252), CRLF or LF, fields quoted as in RFC 4180 on one line. Large exports go through
 * lk_reader and its fast scanner instead; this one is plain on purpose.
 *
 * Errors: lk_side_csv_open and lk_side_csv_next return an lk_status and leave a message in
 * c->errmsg in the project's form, "PATH:LINE: what is wrong (expected EXPECTED)" (the caller's
 * description of the file, given to open, e.g. "zone,name,member"), or "PATH: cannot read: ..."
 * and "PATH: out of memory"; errmsg is "" while nothing failed. Nothing here prints or aborts.
 *
 * Ownership: the reader owns its copy of the file and the current line's fields; cells are
 * copied into the caller's arena. `path` and `expected` are borrowed until lk_side_csv_close.
 *
 * @code
 * lk_side_csv csv;
 * int rc = lk_side_csv_open(&csv, path, "zone,name,member"), more = 0;
 * while (rc == LK_OK && (rc = lk_side_csv_next(&csv, &more)) == LK_OK && more)
 *     use(lk_side_csv_cell(&csv, 0, &arena));          // a line: csv.line is its number
 * if (rc != LK_OK) report(rc, csv.errmsg);
 * lk_side_csv_close(&csv);
 * @endcode */
#ifndef LK_SIDE_CSV_H
#define LK_SIDE_CSV_H

#include <stddef.h>
#include "arena.h"

/* Most fields accepted on one line (the readers' limit too). */
#define LK_SIDE_CSV_MAX_FIELDS 1000000

typedef struct lk_side_field {
    char *p;        /* into the reader's copy of the file, unquoted in place */
    size_t len;
} lk_side_field;

typedef struct lk_side_csv {
    const char *path, *expected;
    char *text;             /* the whole file, NUL-terminated */
    size_t len;
    char *pos;              /* start of the next line */
    int utf8;               /* the whole file is valid UTF-8 (else Latin-1) */
    char delim;             /* 0 until the first non-empty line */
    unsigned long line;     /* number of the line last returned (1-based) */
    lk_side_field *fields;  /* fields of that line */
    size_t n_fields, cap_fields;
    char errmsg[1024];
} lk_side_csv;

/* Reads the whole file. LK_OK, or LK_EIO / LK_ENOMEM with "PATH: cannot read: <strerror>" in
 * c->errmsg (a file over 64 MiB is "File too large"). c is ready for lk_side_csv_close either way. */
int lk_side_csv_open(lk_side_csv *c, const char *path, const char *expected);
/* Frees what open allocated; NULL-safe and safe to call twice. */
void lk_side_csv_close(lk_side_csv *c);
/* The next non-empty line, split into fields: LK_OK with *more = 1 (c->line is its number), LK_OK
 * with *more = 0 at the end, or else *more = 0 and, with c->errmsg: LK_EDATA for malformed quotes
 * ("malformed quotes in field N") or a NUL byte ("NUL byte in field N", expected "text; is this a
 * binary or UTF-16 file?"), LK_ELIMIT past LK_SIDE_CSV_MAX_FIELDS fields, LK_ENOMEM. */
int lk_side_csv_next(lk_side_csv *c, int *more);
/* Fields of the current line. */
static inline size_t lk_side_csv_count(const lk_side_csv *c)
{
    return c->n_fields;
}
/* Column of a header cell, compared trimmed and ASCII case-insensitively on the current line, or -1. */
int lk_side_csv_column(const lk_side_csv *c, const char *name);
/* Field i of the current line as trimmed UTF-8, copied into the arena ("" past the last field);
 * NULL when memory runs out. */
char *lk_side_csv_cell(const lk_side_csv *c, size_t i, lk_arena *arena);

#endif
