/* Large arrays on transparent huge pages. */
#ifndef LK_BIGALLOC_H
#define LK_BIGALLOC_H

#include <stddef.h>

/* An array of n bytes, zeroed. From LK_BIG_MIN bytes on (Linux) it lies on 2 MiB boundaries
 * with MADV_HUGEPAGE: it then costs a page fault per 2 MiB instead of one per 4 KiB, and a
 * fault costs about 11 microseconds in the virtual machines this runs on (a 7 MiB array of
 * cells: 1,800 faults, 20 ms). Smaller arrays come from calloc. Free with lk_big_free(p, n),
 * n as allocated. */
#define LK_BIG_MIN ((size_t)2 << 20)
void *lk_big_calloc(size_t n);
/* Grow p from old_n to new_n >= old_n bytes, the new part zeroed (the caller never wrote past
 * old_n); NULL (p untouched) when memory runs out. */
void *lk_big_realloc(void *p, size_t old_n, size_t new_n);
void lk_big_free(void *p, size_t n);

/* Room for at least `need` elements of `elem` bytes in the array p of *cap elements: the
 * capacity at least doubles (one at a time costs O(1) each), the new part zeroed. Returns the
 * array, *cap updated, or NULL (p and *cap untouched) when memory runs out. */
void *lk_big_grow(void *p, size_t *cap, size_t need, size_t elem);

/* Map the whole pages of p[0..n) now, in one system call (Linux 5.14+), for memory that will
 * be written at once: cheaper than a fault per page. A hint; nothing happens elsewhere. */
void lk_prefault(void *p, size_t n);

#endif
