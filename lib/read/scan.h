/* Splitting one line into fields. Two implementations that must agree on every well-formed line:
 * a fast scanner (bit masks of quotes and delimiters, unquoting in place, no allocation) for
 * the hot loop, and libcsv as the reference parser (lk_read_opts.reference_parser, and the
 * differential tests). Quoted fields spanning lines are not supported: PxWeb never writes them. */
#ifndef LK_SCAN_H
#define LK_SCAN_H

#include <stddef.h>

typedef struct lk_field {
    char *p;
    size_t len;
    int quoted;
} lk_field;

typedef struct lk_fields {
    lk_field *v;
    size_t n;
    size_t cap;
    void *csv;           /* libcsv parser, created on first use */
    char *out;           /* libcsv output position while splitting */
    int oom;
    int modified;        /* the last split rewrote bytes of its line ("" unescaped in place) */
} lk_fields;

/* Most columns accepted in one row. */
#define LK_MAX_COLUMNS 1000000

typedef enum lk_split_error {
    LK_SPLIT_OK = 0,
    LK_SPLIT_STRAY_QUOTE,     /* a quote inside an unquoted field, or text after a closing quote */
    LK_SPLIT_UNCLOSED_QUOTE,  /* the line ends inside a quoted field */
    LK_SPLIT_TOO_MANY,        /* more than LK_MAX_COLUMNS fields */
    LK_SPLIT_NOMEM
} lk_split_error;

void lk_fields_init(lk_fields *f);
void lk_fields_free(lk_fields *f);

/* Split line[0..len) (no line end) at delim, unquoting in place. On error *bad_field is the
 * 1-based field where it happened. */
lk_split_error lk_split_fast(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field);
/* The same, resuming a line whose first `first` fields are already in f->v (the caller copied
 * them from an identical prefix) at byte `at`, the start of field first + 1; `at` may be 0.
 * For speed it reads up to LK_SCAN_PAD bytes past line[len] (never using them): the caller's
 * buffer must have them (the reader's buffer does). */
#define LK_SCAN_PAD 16
lk_split_error lk_split_fast_from(lk_fields *f, char *line, size_t len, char delim, size_t first, size_t at,
                                  size_t *bad_field);
/* The number of fields lk_split_fast would give, without touching the line; 0 when it would
 * fail (format detection tries each delimiter on each line). */
size_t lk_split_count(const char *line, size_t len, char delim);
lk_split_error lk_split_libcsv(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field);

#endif
