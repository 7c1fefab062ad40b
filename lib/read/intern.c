#include <stdlib.h>
#include <string.h>
#include "intern.h"

void lk_intern_init(lk_intern *t, lk_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
}

void lk_intern_free(lk_intern *t)
{
    free(t->slots);
    t->slots = NULL;
    t->n_slots = t->count = 0;
}

/* A word-at-a-time multiply-mix hash (in the spirit of wyhash/FxHash): labels are short, and
 * FNV-1a's byte loop showed up as the top cost of the hot loop. */
static inline uint64_t mix(uint64_t h, uint64_t w)
{
    h ^= w;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

uint64_t lk_hash64_bytes(uint32_t col, const char *s, size_t len)
{
    uint64_t h = 0x243F6A8885A308D3ull ^ ((uint64_t)col << 32) ^ len;
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

uint32_t lk_hash_bytes(uint32_t col, const char *s, size_t len)
{
    uint64_t h = lk_hash64_bytes(col, s, len);
    return (uint32_t)(h ^ (h >> 32));
}

static int grow(lk_intern *t)
{
    size_t n = t->n_slots ? t->n_slots * 2 : 256;
    lk_label **slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < t->n_slots; i++) {
        lk_label *l = t->slots[i];
        if (!l) continue;
        size_t j = l->hash & (n - 1);
        while (slots[j]) j = (j + 1) & (n - 1);
        slots[j] = l;
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n;
    return 0;
}

lk_label *lk_intern_find(const lk_intern *t, uint32_t col, const char *s, size_t len)
{
    if (!t->n_slots || len > UINT32_MAX) return NULL;
    uint32_t h = lk_hash_bytes(col, s, len);
    for (size_t j = h & (t->n_slots - 1);; j = (j + 1) & (t->n_slots - 1)) {
        lk_label *l = t->slots[j];
        if (!l) return NULL;
        if (l->hash == h && l->col == col && l->raw_len == len && memcmp(l->raw, s, len) == 0) return l;
    }
}

lk_label *lk_intern_get(lk_intern *t, uint32_t col, const char *s, size_t len, int *is_new)
{
    *is_new = 0;
    if (len > UINT32_MAX) return NULL;
    if ((t->count + 1) * 4 > t->n_slots * 3 && grow(t) != 0) return NULL;
    uint32_t h = lk_hash_bytes(col, s, len);
    size_t j = h & (t->n_slots - 1);
    for (;;) {
        lk_label *l = t->slots[j];
        if (!l) break;
        if (l->hash == h && l->col == col && l->raw_len == len && memcmp(l->raw, s, len) == 0)
            return l;
        j = (j + 1) & (t->n_slots - 1);
    }
    lk_label *l = lk_arena_alloc(t->arena, sizeof *l);
    if (!l) return NULL;
    memset(l, 0, sizeof *l);
    char *raw = lk_arena_strndup(t->arena, s, len);
    if (!raw) return NULL;
    l->raw = raw;
    l->raw_len = (uint32_t)len;
    l->col = col;
    l->hash = h;
    t->slots[j] = l;
    t->count++;
    *is_new = 1;
    return l;
}
