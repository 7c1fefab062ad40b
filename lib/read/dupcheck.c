/* The duplicate-row check as mixed-radix bitmaps (dupcheck.h), and the interface both twins
 * share. A row's index is its dense numbers at positions 1 .. n-1 as digits, each in the radix
 * of its position; its bitmap is the one of its position-0 label (kept in that label's data).
 * A radix grows, and every bitmap is laid out again, when a column gains more labels than it
 * has room for. */
#include <stdlib.h>
#include <string.h>
#include "levekar/common.h"
#include "dupcheck.h"

void lk_dup_init(lk_dup *d, int plain, uint64_t limit)
{
    memset(d, 0, sizeof *d);
    d->plain = plain;
    d->limit = limit;
    d->max_rows = (size_t)(limit / 8);
}

/* Free the bitmaps. Labels still point at them, but only a running check (stopped == 0) reads
 * those pointers, and freeing stops the check for good. */
static void free_maps(lk_dup *d)
{
    for (dup_bitmap *m = d->maps, *next; m; m = next) {
        next = m->next;
        free(m->bits);
        free(m);
    }
    d->maps = NULL;
    d->bits = 0;
}

void lk_dup_free(lk_dup *d)
{
    free_maps(d);
    free(d->radix);
    d->radix = NULL;
    lk_dup_plain_free(d);
}

/* Stop checking: the combinations outgrew the budget (said in inspect). */
static void stop(lk_dup *d)
{
    d->stopped = 1;
    free_maps(d);
}

uint64_t lk_dup_fingerprint(lk_label *const *labels, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++) {
        h ^= labels[i]->fingerprint;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return h ? h : 1;
}

/* Bits [pos, pos + n) of a bitmap, n <= 64, and OR-ing such bits in at another position. */
static uint64_t get_bits(const uint64_t *m, uint64_t pos, unsigned n)
{
    uint64_t w = pos >> 6;
    unsigned o = (unsigned)(pos & 63);
    uint64_t v = m[w] >> o;
    if (o && o + n > 64) v |= m[w + 1] << (64 - o);
    return n == 64 ? v : v & ((1ull << n) - 1);
}

static void or_bits(uint64_t *m, uint64_t pos, uint64_t v, unsigned n)
{
    uint64_t w = pos >> 6;
    unsigned o = (unsigned)(pos & 63);
    m[w] |= v << o;
    if (o && o + n > 64) m[w + 1] |= v >> (64 - o);
}

/* Lay every bitmap out again for a larger radix at label position i. An index is
 * (prefix x radix_i + digit) x S + suffix, S the product of the radixes after i: each prefix's
 * run of radix_i x S bits moves as one piece to its new place, without touching single bits.
 * Happens about log n times for a column of n labels. */
static int relayout(lk_dup *d, size_t i, uint32_t radix)
{
    uint64_t suffix = 1, prefixes = 1;
    for (size_t j = i + 1; j < d->npos; j++) suffix *= d->radix[j];
    for (size_t j = 1; j < i; j++) prefixes *= d->radix[j];
    uint64_t run = d->radix[i] * suffix, stride = radix * suffix, space = prefixes * stride;
    for (dup_bitmap *m = d->maps; m; m = m->next) {
        uint64_t *v = calloc((size_t)((space + 63) / 64), sizeof *v);
        if (!v) return LK_ENOMEM;
        for (uint64_t p = 0; p < prefixes; p++)
            for (uint64_t k = 0; k < run; k += 64) {
                unsigned n = run - k < 64 ? (unsigned)(run - k) : 64;
                uint64_t bits = get_bits(m->bits, p * run + k, n);
                if (bits) or_bits(v, p * stride + k, bits, n);
            }
        free(m->bits);
        m->bits = v;
        d->bits += space - d->space;
    }
    d->radix[i] = radix;
    d->space = space;
    return LK_OK;
}

/* Grow the radix of each position whose dense number does not fit (by a quarter at least, so
 * a column of n labels costs about log n re-layouts and at most a quarter of unused bits). */
static int grow(lk_dup *d, lk_label *const *labels)
{
    uint64_t maps = 0;
    for (dup_bitmap *m = d->maps; m; m = m->next) maps++;
    for (size_t i = 1; i < d->npos; i++) {
        uint32_t x = d->radix[i], dn = labels[i]->dense;
        if (dn < x) continue;
        uint64_t g = (uint64_t)x + x / 4 + 1;
        if (g < dn + 1ull) g = dn + 1ull;
        uint64_t space = d->space / x;
        if (g > d->limit || space > d->limit / g || (maps && space * g > d->limit / maps)) {
            stop(d);
            return LK_OK;
        }
        int rc = relayout(d, i, (uint32_t)g);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

int lk_dup_add_any(lk_dup *d, lk_label *const *labels, size_t n, size_t from, int *seen)
{
    *seen = 0;
    if (d->stopped || n == 0) return LK_OK;
    if (d->plain) return lk_dup_plain_add(d, labels, n, seen);
    if (!d->radix) {
        d->radix = malloc(n * sizeof *d->radix);
        if (!d->radix) return LK_ENOMEM;
        for (size_t i = 0; i < n; i++) d->radix[i] = 1;
        d->npos = n;
        d->space = 1;
    }
    if (n != d->npos) { /* every data row has the same label columns: cannot happen */
        stop(d);
        return LK_OK;
    }
    for (;;) {
        /* the index digit by digit; the digits before `from` are as they were in the last row,
         * and so is their partial index */
        size_t i = d->partial_ok && from > 1 ? from : 1;
        if (i > n) i = n;
        d->partial[0] = 0;
        for (; i < n; i++) {
            uint32_t dn = labels[i]->dense;
            if (dn >= d->radix[i]) break;
            d->partial[i] = d->partial[i - 1] * d->radix[i] + dn;
        }
        if (i == n) break;
        d->partial_ok = 0; /* a label outgrew its position's radix: lay out again, index again */
        int rc = grow(d, labels);
        if (rc != LK_OK || d->stopped) return rc;
    }
    d->partial_ok = 1;
    uint64_t idx = n > 1 ? d->partial[n - 1] : 0;
    dup_bitmap *m = labels[0]->data;
    if (!m) {
        if (d->bits + d->space > d->limit) {
            stop(d);
            return LK_OK;
        }
        m = calloc(1, sizeof *m);
        if (m) m->bits = calloc((size_t)((d->space + 63) / 64), sizeof *m->bits);
        if (!m || !m->bits) {
            free(m);
            return LK_ENOMEM;
        }
        m->next = d->maps;
        d->maps = m;
        d->bits += d->space;
        labels[0]->data = m;
    }
    uint64_t bit = 1ull << (idx % 64);
    if (m->bits[idx / 64] & bit) {
        *seen = 1;
        return LK_OK;
    }
    m->bits[idx / 64] |= bit;
    d->count++;
    return LK_OK;
}

/* ---- a duplicate across the two parts of a split file ------------------------------------- */

/* Each part checked its own rows; a row of the second part may still repeat one of the first.
 * Walked per region label both parts have: the second part's bitmap digit by digit, each digit
 * mapped to the first part's number of the same label, pruned where a label is not in the first
 * part at all. An export is a nested cross product, so the halves share the labels of the one
 * slowest-varying category the cut falls in, and the walk touches about that much. */
typedef struct cross {
    const lk_dup *a, *b;
    size_t n;                                  /* label positions */
    uint32_t *map[LK_ROW_LABELS];              /* b's dense number -> a's + 1 (0: not in a) */
    lk_label **lab[LK_ROW_LABELS];             /* b's labels by dense number */
    uint32_t n_lab[LK_ROW_LABELS];
    const uint64_t *bbits, *abits;
    uint32_t digit[LK_ROW_LABELS];             /* the duplicate's digits in b, when found */
} cross;

static int cross_walk(cross *x, size_t pos, uint64_t ib, uint64_t ia)
{
    uint32_t rb = x->b->radix[pos], ra = x->a->radix[pos];
    if (pos + 1 == x->n) {
        for (uint32_t d = 0; d < rb && d < x->n_lab[pos]; d += 64) {
            unsigned k = rb - d < 64 ? rb - d : 64;
            uint64_t w = get_bits(x->bbits, ib * rb + d, k);
            while (w) {
                unsigned t = (unsigned)__builtin_ctzll(w);
                w &= w - 1;
                uint32_t m = d + t < x->n_lab[pos] ? x->map[pos][d + t] : 0;
                if (!m) continue;
                uint64_t at = ia * ra + (m - 1);
                if (x->abits[at / 64] >> (at % 64) & 1) {
                    x->digit[pos] = d + t;
                    return 1;
                }
            }
        }
        return 0;
    }
    for (uint32_t d = 0; d < rb && d < x->n_lab[pos]; d++) {
        uint32_t m = x->map[pos][d];
        if (!m) continue;
        if (cross_walk(x, pos + 1, ib * rb + d, ia * ra + (m - 1))) {
            x->digit[pos] = d;
            return 1;
        }
    }
    return 0;
}

int lk_dup_cross(const lk_dup *a, const lk_dup_cols *ac, const lk_dup *b, const lk_dup_cols *bc,
                 lk_label **labels, int *found)
{
    *found = 0;
    if (a->stopped || b->stopped || a->plain != b->plain || a->npos != b->npos || !a->npos
        || ac->ncols != bc->ncols)
        return LK_OK; /* a check that stopped is said in inspect */
    if (a->plain) return lk_dup_plain_cross(a, b, labels, found);
    if (!a->maps || !b->maps) return LK_OK;
    cross x;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.b = b;
    x.n = b->npos;
    int rc = LK_OK;
    for (size_t c = 0; c < bc->ncols; c++) { /* the labels of each position, numbered as in b */
        int pos = bc->label_pos[c];
        if (pos <= 0 || (size_t)pos >= x.n) continue;
        x.n_lab[pos] = (uint32_t)bc->n_distinct[c];
    }
    for (size_t i = 1; i < x.n && rc == LK_OK; i++) {
        x.map[i] = calloc(x.n_lab[i] ? x.n_lab[i] : 1, sizeof *x.map[i]);
        x.lab[i] = calloc(x.n_lab[i] ? x.n_lab[i] : 1, sizeof *x.lab[i]);
        if (!x.map[i] || !x.lab[i]) rc = LK_ENOMEM;
    }
    const lk_intern *bl = bc->labels, *al = ac->labels;
    for (size_t j = 0; j < bl->n_slots && rc == LK_OK; j++) {
        lk_label *l = bl->slots[j];
        if (!l || l->col >= bc->ncols) continue;
        int pos = bc->label_pos[l->col];
        if (pos <= 0 || (size_t)pos >= x.n || l->dense >= x.n_lab[pos]) continue;
        x.lab[pos][l->dense] = l;
        lk_label *m = lk_intern_find(al, l->col, l->raw, l->raw_len);
        if (m && m->text) x.map[pos][l->dense] = m->dense + 1;
    }
    for (size_t j = 0; j < bl->n_slots && rc == LK_OK && !*found; j++) {
        lk_label *l = bl->slots[j];
        if (!l || !l->data || l->col >= bc->ncols || bc->label_pos[l->col] != 0) continue;
        lk_label *m = lk_intern_find(al, l->col, l->raw, l->raw_len);
        if (!m || !m->data) continue;
        x.bbits = ((const dup_bitmap *)l->data)->bits;
        x.abits = ((const dup_bitmap *)m->data)->bits;
        if (x.n == 1 ? (x.bbits[0] & x.abits[0] & 1) != 0 : cross_walk(&x, 1, 0, 0)) {
            *found = 1;
            labels[0] = l;
            for (size_t i = 1; i < x.n; i++) labels[i] = x.lab[i][x.digit[i]];
        }
    }
    for (size_t i = 1; i < x.n; i++) {
        free(x.map[i]);
        free(x.lab[i]);
    }
    return rc;
}
