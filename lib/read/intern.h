/* Interned labels: each distinct (column, raw bytes) pair is decoded to UTF-8 and parsed once,
 * so the hot loop only hashes and compares bytes. Memory grows with distinct labels, not rows.
 * The reader's façade over common/map.h (other modules use the map itself); lk_hash_bytes and
 * lk_hash64_bytes come from there too. */
#ifndef LK_INTERN_H
#define LK_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include "levekar/labels.h"
#include "../common/arena.h"
#include "../common/map.h"

typedef struct lk_label {
    const char *raw;         /* the cell bytes as in the file (after unquoting) */
    uint32_t raw_len;
    uint32_t col;            /* column the label belongs to */
    uint32_t dense;          /* 0, 1, 2 ... in order of first sight within its column */
    struct lk_label *succ;   /* the label that followed this one in its column last time */
    int parsed;              /* role-specific fields below are filled */
    const char *text;        /* UTF-8, trimmed */
    /* region columns */
    const char *code;
    const char *name;
    lk_level level;
    /* period columns */
    lk_period period;
    const char *period_text;
    /* measure columns: the unit the label states and the code it is ("" when none) */
    const char *unit;
    const char *measure_code;
    /* flag columns */
    const char *flag_symbol;
    uint64_t fingerprint;    /* 64-bit hash of column and bytes (a duplicate's first line, found again) */
    /* free for the reader's own records (the duplicate check keeps its bitmaps here) */
    void *data;
} lk_label;

/* The reader's labels in a generic map (common/map.h), each label the value of its entry: one
 * lookup and no pointer to follow, as when the table was the reader's own. */
typedef struct lk_intern {
    lk_map map;             /* space: the column; value: the lk_label */
    lk_label **slots;       /* every label in order of first sight, for the loops over all of them */
    size_t n_slots, cap;    /* how many (the names are those of the loops' older table) */
} lk_intern;

void lk_intern_init(lk_intern *t, lk_arena *arena);
void lk_intern_free(lk_intern *t);
/* Room for one more label in slots; -1 when memory runs out. */
int lk__intern_reserve(lk_intern *t);

/* Finds or inserts. *is_new tells whether the label was inserted (its text is still NULL then).
 * Returns NULL when memory runs out. Inline: the reader calls it for every label its caches
 * miss. */
static inline lk_label *lk_intern_get(lk_intern *t, uint32_t col, const char *s, size_t len, int *is_new)
{
    *is_new = 0;
    if (t->n_slots == t->cap && lk__intern_reserve(t) != 0) return NULL;
    lk_map_entry *e = lk_map_get(&t->map, col, s, len, is_new);
    if (!e) return NULL;
    lk_label *l = lk_map_value(e);
    if (*is_new) {
        l->raw = e->key;
        l->raw_len = e->len;
        l->col = col;
        t->slots[t->n_slots++] = l;
    }
    return l;
}

/* Finds only: NULL when the label is not in the table. */
static inline lk_label *lk_intern_find(const lk_intern *t, uint32_t col, const char *s, size_t len)
{
    lk_map_entry *e = lk_map_find(&t->map, col, s, len);
    return e ? lk_map_value(e) : NULL;
}

#endif
