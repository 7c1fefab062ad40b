/* A selection resolved against a table's metadata, and its split (select.c). */
#ifndef LK_FETCH_SELECT_H
#define LK_FETCH_SELECT_H

#include "fetch_internal.h"

/* One variable: the positions of its selected values in the metadata, in the table's order;
 * idx NULL: not selected (eliminated). */
typedef struct lk__rvar {
    size_t *idx;
    size_t n;
    const char *codelist;
} lk__rvar;

typedef struct lk__resolved {
    lk__rvar *vars; /* one per variable of the metadata */
    size_t n_vars;
} lk__resolved;

int lk__resolve(lk_fetch *f, const lk_fetch_meta *m, const lk_fetch_sel *sel, size_t n_sel, lk__resolved *out);
void lk__resolved_free(lk__resolved *r);
/* chunk[i]: values of variable i per part, so that every part has at most max cells; returns
 * the number of parts. */
size_t lk__split(const lk__resolved *r, size_t max, size_t *chunk, size_t keep_whole);
/* keep_whole: a variable never split (SIZE_MAX: none): the measure of a CSV answer, whose
 * values head its columns, so that every part has the same header line. */

#endif
