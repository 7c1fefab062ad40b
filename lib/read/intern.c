#include <stdlib.h>
#include <string.h>
#include "intern.h"

void lk_intern_init(lk_intern *t, lk_arena *arena)
{
    memset(t, 0, sizeof *t);
    lk_map_init(&t->map, arena, sizeof(lk_label));
}

void lk_intern_free(lk_intern *t)
{
    lk_map_free(&t->map);
    free(t->slots);
    t->slots = NULL;
    t->n_slots = t->cap = 0;
}

int lk__intern_reserve(lk_intern *t)
{
    size_t cap = t->cap ? 2 * t->cap : 256;
    lk_label **v = realloc(t->slots, cap * sizeof *v);
    if (!v) return -1;
    t->slots = v;
    t->cap = cap;
    return 0;
}
