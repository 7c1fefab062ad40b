/* "Have I seen these labels?": the duplicate-row check of a reader. A row is its label
 * columns' labels (interned, so one label is one pointer within a reader); an export lists each
 * combination once, and one given twice would be counted twice.
 *
 * Two implementations behind one interface, which must agree on every sequence of rows (the
 * plain build, -DLK_PLAIN=ON, runs the whole test suite on the plain one, and test_dupcheck
 * runs both on the same rows):
 * - the bitmaps (dupcheck.c): per label of the first position (the region, mostly), a bit for
 *   every combination of the other positions' dense numbers, as a mixed-radix index. An export
 *   is a cross product of its dimensions, so the bits are nearly all used: about a bit per row
 *   where a hash set takes 16 bytes or more, and the index of a row that shares its first
 *   labels with the row before is mostly known already. Exact. It stops (and says so in
 *   lk_read_info) when the combinations outgrow its budget (labels that never repeat).
 * - the plain twin (dupcheck_plain.c): a hash set of the rows' label arrays, keyed by their
 *   64-bit fingerprint and compared label by label. Exact too; it stops at a budget of rows. */
#ifndef LK_READ_DUPCHECK_H
#define LK_READ_DUPCHECK_H

#include <stddef.h>
#include <stdint.h>
#include "intern.h"

#define LK_ROW_LABELS 64           /* label positions a row can have */
#define LK_DUP_BITS (64ull << 20)  /* the bitmaps' budget: combinations kept a bit for (8 MiB) */
#define LK_DUP_ROWS (8ull << 20)   /* the plain set's budget: rows */

typedef struct dup_bitmap {
    uint64_t *bits;
    struct dup_bitmap *next;  /* all bitmaps, for re-laying them out and freeing */
} dup_bitmap;
typedef struct dup_entry dup_entry;

typedef struct lk_dup {
    int plain;                     /* the plain twin */
    int stopped;                   /* the budget ran out: later rows are not checked */
    size_t count;                  /* rows checked */
    size_t npos;                   /* label positions per row (set by the first row) */
    /* the bitmaps: all of them, the mixed radix of the positions after the first (capacity
     * for dense numbers), the combinations per bitmap, bits allocated and their limit */
    dup_bitmap *maps;
    uint32_t *radix;
    uint64_t space;
    uint64_t bits, limit;
    uint64_t partial[LK_ROW_LABELS]; /* the index over positions 1..i of the last row */
    int partial_ok;
    /* the plain set: open addressing by fingerprint */
    dup_entry **slots;
    size_t n_slots, n_used, max_rows;
} lk_dup;

/* An empty check; plain selects the plain twin. limit is the bitmaps' budget in bits (the
 * plain set's in rows is limit / 8). */
void lk_dup_init(lk_dup *d, int plain, uint64_t limit);
void lk_dup_free(lk_dup *d);

/* The row labels[0..n) (n >= 1, the same n for every row): *seen = 1 when it was added before,
 * else 0 and it is remembered. from: the first position whose label may differ from the last
 * row added (the reader knows which labels it took over; 0 when unknown). The labels must stay
 * alive and keep their dense numbers while the check is used. Returns LK_OK or LK_ENOMEM; a
 * check that stopped (d->stopped) says *seen = 0. */
static inline int lk_dup_add(lk_dup *d, lk_label *const *labels, size_t n, size_t from, int *seen);

/* lk_dup_add's every case (the inline part does the common one: a row whose index fits and
 * whose bitmap exists). */
int lk_dup_add_any(lk_dup *d, lk_label *const *labels, size_t n, size_t from, int *seen);

/* How a second check's labels map to the first one's: each reader has its own intern table. */
typedef struct lk_dup_cols {
    const lk_intern *labels;       /* the reader's labels */
    const int *label_pos;          /* per column: its label position, or -1 */
    const size_t *n_distinct;      /* per column: labels seen (dense numbers 0 .. n - 1) */
    size_t ncols;
} lk_dup_cols;

/* A row both a (of the first part of a file) and b (of the second) hold: *found = 1 and
 * labels[0..b->npos) hold b's labels of it; else *found = 0 (also when either check stopped).
 * Returns LK_OK or LK_ENOMEM. */
int lk_dup_cross(const lk_dup *a, const lk_dup_cols *ac, const lk_dup *b, const lk_dup_cols *bc,
                 lk_label **labels, int *found);

/* A row's fingerprint: a 64-bit hash over its labels' bytes, the same in another reader of the
 * same file (the second pass that finds a duplicate's first line). */
uint64_t lk_dup_fingerprint(lk_label *const *labels, size_t n);

/* The plain twin (dupcheck_plain.c), reached through the functions above. */
int lk_dup_plain_add(lk_dup *d, lk_label *const *labels, size_t n, int *seen);
int lk_dup_plain_cross(const lk_dup *a, const lk_dup *b, lk_label **labels, int *found);
void lk_dup_plain_free(lk_dup *d);

/* Inline: it runs on every data row. */
static inline int lk_dup_add(lk_dup *d, lk_label *const *labels, size_t n, size_t from, int *seen)
{
    if (d->plain || d->stopped || !d->radix || n != d->npos || !d->partial_ok || !labels[0]->data)
        return lk_dup_add_any(d, labels, n, from, seen);
    size_t i = from > 1 ? from : 1;
    if (i > n) i = n;
    /* the index in a register: through partial[] in memory each digit would wait for the store
     * of the one before (the compiler cannot tell partial[] from the labels) */
    uint64_t idx = d->partial[i - 1];
    for (; i < n; i++) {
        uint32_t dn = labels[i]->dense;
        if (dn >= d->radix[i]) return lk_dup_add_any(d, labels, n, from, seen); /* partial[] up to i is right */
        idx = idx * d->radix[i] + dn;
        d->partial[i] = idx;
    }
    if (n <= 1) idx = 0;
    uint64_t bit = 1ull << (idx % 64);
    uint64_t *w = &((dup_bitmap *)labels[0]->data)->bits[idx / 64];
    *seen = (*w & bit) != 0;
    *w |= bit;
    d->count += (size_t)!*seen;
    return 0; /* LK_OK */
}

#endif
