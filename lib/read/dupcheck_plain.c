/* The plain twin of the duplicate-row check (dupcheck.h): every row's labels in a hash set,
 * found by their fingerprint and compared label by label (column and bytes). Obviously right,
 * about 40 bytes a row where the bitmaps take a bit; the plain build (-DLK_PLAIN=ON) checks the
 * bitmaps against it. */
#include <stdlib.h>
#include <string.h>
#include "levekar/common.h"
#include "dupcheck.h"

struct dup_entry {
    uint64_t fp;
    lk_label *labels[]; /* npos of them */
};

static int same_label(const lk_label *x, const lk_label *y)
{
    return x == y || (x->col == y->col && x->raw_len == y->raw_len && memcmp(x->raw, y->raw, x->raw_len) == 0);
}

static int same_row(const dup_entry *e, uint64_t fp, lk_label *const *labels, size_t n)
{
    if (e->fp != fp) return 0;
    for (size_t i = 0; i < n; i++)
        if (!same_label(e->labels[i], labels[i])) return 0;
    return 1;
}

/* The entry holding the row, or the empty slot where it goes. */
static dup_entry **slot_of(dup_entry **slots, size_t n_slots, uint64_t fp, lk_label *const *labels, size_t n)
{
    size_t i = (size_t)(fp ^ (fp >> 29)) & (n_slots - 1);
    while (slots[i] && !same_row(slots[i], fp, labels, n)) i = (i + 1) & (n_slots - 1);
    return &slots[i];
}

static int grow(lk_dup *d)
{
    size_t n = d->n_slots ? 2 * d->n_slots : 1024;
    dup_entry **s = calloc(n, sizeof *s);
    if (!s) return LK_ENOMEM;
    for (size_t i = 0; i < d->n_slots; i++)
        if (d->slots[i]) *slot_of(s, n, d->slots[i]->fp, d->slots[i]->labels, d->npos) = d->slots[i];
    free(d->slots);
    d->slots = s;
    d->n_slots = n;
    return LK_OK;
}

void lk_dup_plain_free(lk_dup *d)
{
    for (size_t i = 0; i < d->n_slots; i++) free(d->slots[i]);
    free(d->slots);
    d->slots = NULL;
    d->n_slots = d->n_used = 0;
}

int lk_dup_plain_add(lk_dup *d, lk_label *const *labels, size_t n, int *seen)
{
    if (!d->npos) d->npos = n;
    if (n != d->npos || d->n_used >= d->max_rows) { /* the budget: stop, as the bitmaps do */
        d->stopped = 1;
        lk_dup_plain_free(d);
        return LK_OK;
    }
    if (2 * (d->n_used + 1) > d->n_slots && grow(d) != LK_OK) return LK_ENOMEM;
    uint64_t fp = lk_dup_fingerprint(labels, n);
    dup_entry **s = slot_of(d->slots, d->n_slots, fp, labels, n);
    if (*s) {
        *seen = 1;
        return LK_OK;
    }
    dup_entry *e = malloc(sizeof *e + n * sizeof e->labels[0]);
    if (!e) return LK_ENOMEM;
    e->fp = fp;
    memcpy(e->labels, labels, n * sizeof e->labels[0]);
    *s = e;
    d->n_used++;
    d->count++;
    return LK_OK;
}

int lk_dup_plain_cross(const lk_dup *a, const lk_dup *b, lk_label **labels, int *found)
{
    /* in b's order of slots: which of several repeats is named is the bitmaps' choice too, so
     * only the existence of one is compared between the twins */
    if (!a->n_slots) return LK_OK;
    for (size_t i = 0; i < b->n_slots; i++) {
        const dup_entry *e = b->slots[i];
        if (!e || !*slot_of(a->slots, a->n_slots, e->fp, e->labels, a->npos)) continue;
        memcpy(labels, e->labels, b->npos * sizeof *labels);
        *found = 1;
        return LK_OK;
    }
    return LK_OK;
}
