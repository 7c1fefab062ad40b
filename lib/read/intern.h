/* Interned labels: each distinct (column, raw bytes) pair is decoded to UTF-8 and parsed once,
 * so the hot loop only hashes and compares bytes. Memory grows with distinct labels, not rows. */
#ifndef LK_INTERN_H
#define LK_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include "levekar/labels.h"
#include "../common/arena.h"

typedef struct lk_label {
    const char *raw;         /* the cell bytes as in the file (after unquoting) */
    uint32_t raw_len;
    uint32_t col;            /* column the label belongs to */
    uint32_t hash;
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
    /* free for other users of the table (the harmoniser keeps its records here) */
    void *data;
} lk_label;

typedef struct lk_intern {
    lk_arena *arena;
    lk_label **slots;       /* open addressing, power-of-two size */
    size_t n_slots;
    size_t count;
} lk_intern;

void lk_intern_init(lk_intern *t, lk_arena *arena);
void lk_intern_free(lk_intern *t);
uint32_t lk_hash_bytes(uint32_t col, const char *s, size_t len);
/* 64 bits, for fingerprints that must hold across readers. */
uint64_t lk_hash64_bytes(uint32_t col, const char *s, size_t len);
/* Finds or inserts. *is_new tells whether the label was inserted (its text is still NULL then).
 * Returns NULL when memory runs out. */
lk_label *lk_intern_get(lk_intern *t, uint32_t col, const char *s, size_t len, int *is_new);
/* Finds only: NULL when the label is not in the table. */
lk_label *lk_intern_find(const lk_intern *t, uint32_t col, const char *s, size_t len);

#endif
