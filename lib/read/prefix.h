/* The common-prefix take-over, a speed mechanism of the run loop (docs/internals.md): a long
 * file's row mostly repeats the labels of the row before, so the fields that lie wholly in the
 * bytes this row shares with the previous data row are taken over (their offsets moved to this
 * line: no splitting, and the reader keeps their labels) and only the rest of the line is
 * split. Correct only while the previous row's bytes are where they were (the reader forgets
 * it when the buffer moves) and were not rewritten by unquoting (lk_fields.modified). The plain
 * twin is no take-over: the whole line split by libcsv (--reference-parser, LK_PLAIN). */
#ifndef LK_READ_PREFIX_H
#define LK_READ_PREFIX_H

#include <stdint.h>
#include <string.h>
#include "scan.h"

typedef struct lk_prefix {
    const char *prev;           /* the previous data row's bytes; NULL: none usable */
    size_t prev_len;
    size_t *prev_end;           /* per field: offset of the delimiter after it */
    size_t last_k;              /* fields the last row took over (rows alternate between a few) */
} lk_prefix;

/* Length of the common prefix of a[0..na) and b[0..nb), eight bytes at a time. */
static inline size_t lk_common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb, i = 0;
    while (i + 8 <= n) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(x ^ y) >> 3); /* the first differing byte */
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < n && a[i] == b[i]) i++;
    return i;
}

/* Take over the fields of the previous row that lie in the prefix line shares with it: f's
 * first k fields point into line, and splitting resumes at byte *resume. Returns k. */
static inline size_t lk_prefix_take(lk_prefix *p, lk_fields *f, char *line, size_t len, size_t ncols,
                                    size_t *resume)
{
    size_t d = lk_common_prefix(line, len, p->prev, p->prev_len), k = p->last_k < ncols ? p->last_k : 0;
    /* from the last row's count, down then up */
    while (k > 0 && p->prev_end[k - 1] >= d) k--;
    while (k + 1 < ncols && p->prev_end[k] < d) k++;
    p->last_k = k;
    for (size_t j = 0; j < k; j++) f->v[j].p = line + (f->v[j].p - p->prev);
    *resume = k ? p->prev_end[k - 1] + 1 : 0;
    return k;
}

/* Keep this row for the next when its bytes stay as read; fields before `from` were taken over
 * and keep their ends. */
static inline void lk_prefix_keep(lk_prefix *p, const lk_fields *f, const char *line, size_t len, size_t from)
{
    if (f->modified || !p->prev_end) return;
    for (size_t j = from; j < f->n; j++)
        p->prev_end[j] = (size_t)(f->v[j].p - line) + f->v[j].len + (size_t)f->v[j].quoted;
    p->prev = line;
    p->prev_len = len;
}

#endif
