/* Arena allocator: many small strings that live as long as their owner (a reader), freed at
 * once. Keeps the hot loop free of malloc calls and makes ownership trivial. */
#ifndef LK_ARENA_H
#define LK_ARENA_H

#include <stddef.h>

typedef struct lk_arena_block lk_arena_block;
typedef struct lk_arena {
    lk_arena_block *head;
    size_t used;     /* bytes used in head */
    size_t total;    /* bytes held by all blocks (for memory accounting) */
} lk_arena;

void lk_arena_init(lk_arena *a);
void lk_arena_free(lk_arena *a);
/* Returns NULL when memory runs out. Memory is aligned for any object. */
void *lk_arena_alloc(lk_arena *a, size_t size);
/* Copies [s, s+len) and appends a NUL. */
char *lk_arena_strndup(lk_arena *a, const char *s, size_t len);

#endif
