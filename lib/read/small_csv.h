/* Small CSV files read whole (zone files, KLASS change lists): header by name, `;` or `,`,
 * UTF-8 (with or without BOM) or Latin-1, CRLF or LF. Large exports go through lk_reader. */
#ifndef LK_SMALL_CSV_H
#define LK_SMALL_CSV_H

#include <stddef.h>
#include "../common/arena.h"
#include "scan.h"

typedef struct lk_small_csv {
    char *text;
    size_t len;
    char *pos;
    int utf8;
    char delim;
    unsigned long line;   /* number of the line last returned */
    lk_fields fields;     /* fields of that line */
} lk_small_csv;

/* Read a whole file (at most 64 MiB). Returns 0, or an errno value (ENOMEM, EFBIG, ...). */
int lk_small_csv_open(lk_small_csv *c, const char *path);
void lk_small_csv_close(lk_small_csv *c);
/* What lk_small_csv_next found wrong with a line. */
enum {
    LK_SMALL_CSV_QUOTES = -1,   /* malformed quotes in field *bad_field */
    LK_SMALL_CSV_NUL = -2,      /* a NUL byte in field *bad_field (it would cut the text short) */
    LK_SMALL_CSV_FIELDS = -3,   /* more than LK_MAX_COLUMNS fields */
    LK_SMALL_CSV_NOMEM = -4
};
/* Next non-empty line split into c->fields: 1, 0 at the end, or one of the codes above
 * (*bad_field is the 1-based field where it applies, else 0). The delimiter is chosen on the
 * first line. */
int lk_small_csv_next(lk_small_csv *c, size_t *bad_field);
/* The status (LK_EDATA, LK_ELIMIT, LK_ENOMEM) and the start of a message "what is wrong" for
 * such a code, e.g. "NUL byte in field 3". */
int lk_small_csv_problem(int result, size_t bad_field, char *buf, size_t size);
/* Column of a header cell (ASCII case-insensitive), or -1. */
int lk_small_csv_column(const lk_small_csv *c, const char *name);
/* Field i of the current line as trimmed UTF-8 in the arena ("" past the end); NULL: no memory. */
char *lk_small_csv_cell(const lk_small_csv *c, size_t i, lk_arena *arena);

#endif
