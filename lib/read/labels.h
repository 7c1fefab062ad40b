/* A column's labels during a run: the label of a cell's bytes, interned and parsed the first
 * time it is seen in its column (lk_label_parse_csv: region code and name, period, measure with
 * its code and unit, FHI flag), then found again for every row that repeats it.
 *
 * Finding is the speed mechanism (docs/internals.md): a data row mostly repeats the labels of
 * the row before or cycles through a column's few labels, so before the intern table's hash
 * come the column's last label, the label that followed it last time, and a 64-slot table by a
 * cheap hash of the bytes, each compared with lk_same_bytes (a word compare where a memcmp call
 * costs more than the compare). The plain twin (LK_PLAIN) goes to the intern table for every
 * cell. Both keep the column's last label (lk_colstate.last), which is row state, not a cache:
 * an empty cell continues the label above it. */
#ifndef LK_READ_LABELS_H
#define LK_READ_LABELS_H

#include <stdint.h>
#include <string.h>
#include "reader_internal.h"

/* Parse a label the first time it is seen in column col (fills its role's fields and its dense
 * number). LK_OK, or the reader's error status with its message set. */
typedef int (*lk_label_parse_fn)(lk_reader *r, lk_label *l, size_t col, unsigned long line);

/* The CSV reader's label grammar by the column's role. */
int lk_label_parse_csv(lk_reader *r, lk_label *l, size_t col, unsigned long line);

/* The label from the intern table (parsed when new), entered in the column's caches (the plain
 * build: no caches). NULL with the reader's error set on bad text or lack of memory. */
lk_label *lk_label_find(lk_reader *r, size_t col, const char *s, size_t len, unsigned long line,
                        lk_label_parse_fn parse);

/* a[0..n) == b[0..n): labels are short, and a library call costs more than the compare. */
static inline int lk_same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y, u, v;
    if (n >= 8 && n <= 16) { /* two overlapping words */
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&u, a + n - 8, 8);
        memcpy(&v, b + n - 8, 8);
        return ((x ^ y) | (u ^ v)) == 0;
    }
    if (n > 16 && n <= 32) { /* four overlapping words */
        uint64_t x2, y2, u2, v2;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&x2, a + 8, 8);
        memcpy(&y2, b + 8, 8);
        memcpy(&u, a + n - 16, 8);
        memcpy(&v, b + n - 16, 8);
        memcpy(&u2, a + n - 8, 8);
        memcpy(&v2, b + n - 8, 8);
        return ((x ^ y) | (x2 ^ y2) | (u ^ v) | (u2 ^ v2)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t x4, y4, u4, v4;
        memcpy(&x4, a, 4);
        memcpy(&y4, b, 4);
        memcpy(&u4, a + n - 4, 4);
        memcpy(&v4, b + n - 4, 4);
        return ((x4 ^ y4) | (u4 ^ v4)) == 0;
    }
    return memcmp(a, b, n) == 0;
}

/* The slot of s[0..len) in a column's hot table. */
static inline size_t lk_label_hot_slot(const char *s, size_t len)
{
    return len ? (len * 7u + (unsigned char)s[len - 1] * 3u + (unsigned char)s[len / 2]) & 63u : 0;
}

/* The label of s[0..len) in column col. The caches are tried inline (they answer for nearly
 * every cell of a long file); the intern table and the parse of a new label are not. */
static inline lk_label *lk_label_get(lk_reader *r, size_t col, const char *s, size_t len, unsigned long line,
                                     lk_label_parse_fn parse)
{
#if !LK_PLAIN_TWINS
    lk_colstate *c = &r->colstate[col];
    lk_label *l = c->last, *x;
    if (l) {
        if (l->raw_len == len && lk_same_bytes(l->raw, s, len)) return l;
        /* the label that followed this one last time: columns cycle (2000, 2001 ...; a
         * measure, the other measure ...) */
        x = l->succ;
        if (x && x->raw_len == len && lk_same_bytes(x->raw, s, len)) {
            c->last = x;
            return x;
        }
    }
    x = c->hot[lk_label_hot_slot(s, len)];
    if (x && x->raw_len == len && lk_same_bytes(x->raw, s, len)) {
        if (l) l->succ = x;
        c->last = x;
        return x;
    }
#endif
    return lk_label_find(r, col, s, len, line, parse);
}

#endif
