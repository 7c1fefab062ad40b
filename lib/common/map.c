#include <stdlib.h>
#include <string.h>
#include "map.h"

/* A word-at-a-time multiply-mix hash (in the spirit of wyhash/FxHash): keys are short labels,
 * and FNV-1a's byte loop showed up as the top cost of the reader's hot loop. Inline here so that
 * lk_map_get and lk_map_find, which the reader calls per label it has not just seen, hash
 * without a call. */
static inline uint64_t mix(uint64_t h, uint64_t w)
{
    h ^= w;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static inline uint64_t hash64(uint32_t space, const char *s, size_t len)
{
    uint64_t h = 0x243F6A8885A308D3ull ^ ((uint64_t)space << 32) ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = mix(h, w);
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = mix(h, w);
    }
    h = mix(h, 0xFF51AFD7ED558CCDull);
    return h * 0xC2B2AE3D27D4EB4Full ^ (h >> 31);
}

static inline uint32_t hash32(uint32_t space, const char *s, size_t len)
{
    uint64_t h = hash64(space, s, len);
    return (uint32_t)(h ^ (h >> 32));
}

uint64_t lk_hash64_bytes(uint32_t space, const char *s, size_t len)
{
    return hash64(space, s, len);
}

uint32_t lk_hash_bytes(uint32_t space, const char *s, size_t len)
{
    return hash32(space, s, len);
}

void lk_map_init(lk_map *m, lk_arena *arena, size_t value_size)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
    m->value_size = (value_size + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t);
}

void lk_map_free(lk_map *m)
{
    if (!m) return;
    free(m->slots);
    free(m->by_id);
    m->slots = m->by_id = NULL;
    m->n_slots = m->count = m->cap = 0;
}

/* Doubles the table (256 slots at first). On failure the old table stays as it was. */
static int grow(lk_map *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 256;
    lk_map_entry **slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < m->n_slots; i++) {
        lk_map_entry *e = m->slots[i];
        if (!e) continue;
        size_t j = e->hash & (n - 1);
        while (slots[j]) j = (j + 1) & (n - 1);
        slots[j] = e;
    }
    free(m->slots);
    m->slots = slots;
    m->n_slots = n;
    return 0;
}

lk_map_entry *lk_map_find(const lk_map *m, uint32_t space, const char *key, size_t len)
{
    if (!m->n_slots || len >= UINT32_MAX) return NULL;
    uint32_t h = hash32(space, key, len);
    for (size_t j = h & (m->n_slots - 1);; j = (j + 1) & (m->n_slots - 1)) {
        lk_map_entry *e = m->slots[j];
        if (!e) return NULL;
        if (e->hash == h && e->space == space && e->len == len && memcmp(e->key, key, len) == 0) return e;
    }
}

lk_map_entry *lk_map_get(lk_map *m, uint32_t space, const char *key, size_t len, int *is_new)
{
    *is_new = 0;
    if (len >= UINT32_MAX) return NULL;
    if ((m->count + 1) * 4 > m->n_slots * 3 && grow(m) != 0) return NULL;
    uint32_t h = hash32(space, key, len);
    size_t j = h & (m->n_slots - 1);
    for (;;) {
        lk_map_entry *e = m->slots[j];
        if (!e) break;
        if (e->hash == h && e->space == space && e->len == len && memcmp(e->key, key, len) == 0) return e;
        j = (j + 1) & (m->n_slots - 1);
    }
    /* New: room in the by-id array first, then one arena block for entry, value and key, so a
     * failure leaves nothing half-inserted. */
    if (m->count == m->cap) {
        if (m->count >= UINT32_MAX) return NULL; /* ids are 32-bit */
        size_t cap = m->cap ? 2 * m->cap : 256;
        lk_map_entry **v = realloc(m->by_id, cap * sizeof *v);
        if (!v) return NULL;
        m->by_id = v;
        m->cap = cap;
    }
    lk_map_entry *e = lk_arena_alloc(m->arena, LK_MAP_VALUE_OFFSET + m->value_size + len + 1);
    if (!e) return NULL;
    memset(e, 0, LK_MAP_VALUE_OFFSET + m->value_size);
    char *copy = (char *)e + LK_MAP_VALUE_OFFSET + m->value_size;
    if (len) memcpy(copy, key, len);
    copy[len] = '\0';
    e->key = copy;
    e->len = (uint32_t)len;
    e->space = space;
    e->hash = h;
    e->id = (uint32_t)m->count;
    m->slots[j] = e;
    m->by_id[m->count++] = e;
    *is_new = 1;
    return e;
}

const char *lk_map_string(lk_map *m, const char *s)
{
    int is_new;
    lk_map_entry *e = lk_map_get(m, 0, s, strlen(s), &is_new);
    return e ? e->key : NULL;
}
