#include <stdlib.h>
#include <string.h>
#include "arena.h"

#define LK_ARENA_BLOCK (64 * 1024)

struct lk_arena_block {
    lk_arena_block *next;
    size_t size;
    max_align_t data[]; /* aligned payload */
};

void lk_arena_init(lk_arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void lk_arena_free(lk_arena *a)
{
    lk_arena_block *b = a->head;
    while (b) {
        lk_arena_block *next = b->next;
        free(b);
        b = next;
    }
    lk_arena_init(a);
}

void *lk_arena_alloc(lk_arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0) size = align;
    if (!a->head || a->used + size > a->head->size) {
        size_t bsize = size > LK_ARENA_BLOCK / 4 ? size : LK_ARENA_BLOCK;
        lk_arena_block *b = malloc(sizeof *b + bsize);
        if (!b) return NULL;
        b->size = bsize;
        a->total += bsize;
        if (a->head && bsize != LK_ARENA_BLOCK) {
            /* A big one-off: put it behind the current block so that block keeps filling. */
            b->next = a->head->next;
            a->head->next = b;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used = 0;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += size;
    return p;
}

char *lk_arena_strndup(lk_arena *a, const char *s, size_t len)
{
    char *p = lk_arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
