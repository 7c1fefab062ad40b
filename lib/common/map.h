/* A map from byte strings to entries: each distinct (space, key bytes) pair is stored once and
 * gets the next id (0, 1, 2 ...), so a caller can intern strings, number them densely or hang a
 * record on each. Used by every module (the reader's labels through read/intern.h, the
 * computation's regions and sums, the harmoniser's series and cells, zones, report texts).
 *
 * Keys: any bytes, NUL bytes included (the length says where a key ends); the map copies each
 * new key, with a NUL after it, into the caller's arena, so a key given to lk_map_get may be a
 * buffer reused at once. `space` separates kinds of key in one map (the reader uses the column):
 * the same bytes in two spaces are two entries.
 *
 * Lifetimes: entries, their keys and their values live in the arena, as long as it does (not as
 * long as the map: lk_map_free frees only the map's own arrays); an entry's address never
 * changes while the map grows.
 *
 * Growth: open addressing with linear probing over a power-of-two table of entry pointers,
 * doubled (from 256) before it is three quarters full; a second array holds the entries by id.
 * Memory grows with distinct keys, never with lookups.
 *
 * Errors: lk_map_get returns NULL when memory runs out (or past UINT32_MAX entries, or for a key
 * of UINT32_MAX bytes or more, which an entry cannot hold): the map is then unchanged and still
 * usable. Nothing here prints or aborts. Not thread-safe: one map per thread, or a lock. */
#ifndef LK_MAP_H
#define LK_MAP_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct lk_map_entry {
    const char *key;   /* the map's copy, NUL-terminated (an inner NUL is part of the key) */
    uint32_t len;      /* key bytes, without the terminating NUL */
    uint32_t space;
    uint32_t hash;     /* lk_hash_bytes(space, key, len) */
    uint32_t id;       /* 0, 1, 2 ... in order of insertion */
    void *data;        /* the caller's pointer; NULL when the entry is new */
} lk_map_entry;

typedef struct lk_map {
    lk_arena *arena;        /* the caller's: holds entries, values and keys */
    size_t value_size;      /* bytes of each entry's value (lk_map_value), rounded up */
    lk_map_entry **slots;   /* the table; NULL is a free slot */
    size_t n_slots;         /* 0 or a power of two */
    lk_map_entry **by_id;   /* entries in order of insertion */
    size_t count, cap;
} lk_map;

/* An empty map whose entries go into `arena` (which must outlive the map's use) and each carry
 * `value_size` zeroed bytes for the caller (0: none), aligned for any object: a record that
 * costs neither a second allocation nor a pointer to follow. No allocation happens here. */
void lk_map_init(lk_map *m, lk_arena *arena, size_t value_size);
/* Frees the map's arrays (not the arena) and leaves it empty, ready for reuse. NULL-safe. */
void lk_map_free(lk_map *m);

/* The entry for (space, key[0..len)), inserted when absent: *is_new says which (a new entry's
 * data is NULL and its value zeroed). NULL when memory runs out or a limit above is reached;
 * *is_new is 0 then. */
lk_map_entry *lk_map_get(lk_map *m, uint32_t space, const char *key, size_t len, int *is_new);
/* The entry for (space, key[0..len)), or NULL when absent. Never allocates. */
lk_map_entry *lk_map_find(const lk_map *m, uint32_t space, const char *key, size_t len);
/* The map's copy of the NUL-terminated string s in space 0: equal strings give the same
 * pointer, which lives as long as the arena. NULL when memory runs out. */
const char *lk_map_string(lk_map *m, const char *s);

/* How many entries the map holds; their ids are 0 .. count - 1. */
static inline size_t lk_map_count(const lk_map *m)
{
    return m->count;
}

/* The entry with this id (from lk_map_count's range), for going through all in insertion order. */
static inline lk_map_entry *lk_map_at(const lk_map *m, size_t id)
{
    return m->by_id[id];
}

/* Where an entry's value begins: the value_size bytes after the entry, at an offset that keeps
 * them aligned for any object (the arena aligns the entry so). */
#define LK_MAP_VALUE_OFFSET \
    ((sizeof(lk_map_entry) + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t))

static inline void *lk_map_value(lk_map_entry *e)
{
    return (char *)e + LK_MAP_VALUE_OFFSET;
}

/* The map's hash of (space, bytes): word-at-a-time multiply-mix, stable across runs and
 * processes (no seed), so other tables may use it too. The 64-bit form is for fingerprints that
 * must hold across tables (the reader's duplicate checks). */
uint32_t lk_hash_bytes(uint32_t space, const char *s, size_t len);
uint64_t lk_hash64_bytes(uint32_t space, const char *s, size_t len);

#endif
