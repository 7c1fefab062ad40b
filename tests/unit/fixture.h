/* Test helper: read bytes written by the test itself and return the tidy rows as text, so a
 * test states its expected observations literally. */
#ifndef LK_TEST_FIXTURE_H
#define LK_TEST_FIXTURE_H

#include <stddef.h>
#include "levekar.h"

typedef struct fx_run {
    int rc;            /* status of open + run */
    char *tidy;        /* tidy rows without the header line (malloc'd) */
    char *err;         /* error message (malloc'd, "" when none) */
    lk_reader *reader; /* kept for lk_reader_info(); freed by fx_free */
} fx_run;

/* Read len bytes named "t.csv"; reference selects the libcsv row splitter. */
fx_run fx_read(const char *bytes, size_t len, int reference);
/* Same for a NUL-terminated string. */
fx_run fx_reads(const char *text);
void fx_free(fx_run *r);
/* An ad hoc indicator: numerator / denominator measures, no ages, per cent. */
lk_indicator fx_indicator(const char *numerator, const char *denominator);
/* Read a whole file into memory (malloc'd); NULL when missing. */
char *fx_slurp(const char *path, size_t *len);

#endif
