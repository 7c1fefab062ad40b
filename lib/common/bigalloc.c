#define _DEFAULT_SOURCE /* mmap flags, madvise */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bigalloc.h"
#if defined(__linux__)
#include <sys/mman.h>
#endif

void *lk_big_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return p;
    size_t n = *cap ? 2 * *cap : 64;
    if (n < need) n = need;
    if (n > SIZE_MAX / 2 / elem) return NULL; /* no size_t for it (and none for huge_round) */
    void *q = lk_big_realloc(p, *cap * elem, n * elem);
    if (q) *cap = n;
    return q;
}

void lk_prefault(void *p, size_t n)
{
#if defined(__linux__)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels say EINVAL, which is fine */
#endif
    const uintptr_t page = 4096;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), e = ((uintptr_t)p + n) & ~(page - 1);
    if (e > a) (void)madvise((void *)a, (size_t)(e - a), MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}

#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
#define LK_HUGE ((size_t)2 << 20)

static size_t huge_round(size_t n)
{
    return (n + LK_HUGE - 1) & ~(LK_HUGE - 1);
}

static void *huge_map(size_t n)
{
    size_t len = huge_round(n);
    char *raw = mmap(NULL, len + LK_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    char *p = (char *)(((uintptr_t)raw + LK_HUGE - 1) & ~(uintptr_t)(LK_HUGE - 1));
    if (p > raw) munmap(raw, (size_t)(p - raw)); /* keep the 2 MiB-aligned part */
    if (raw + len + LK_HUGE > p + len) munmap(p + len, (size_t)(raw + len + LK_HUGE - (p + len)));
    (void)madvise(p, len, MADV_HUGEPAGE); /* a hint: 4 KiB pages where none are free */
    return p; /* anonymous pages read as zero */
}

void *lk_big_calloc(size_t n)
{
    return n >= LK_BIG_MIN ? huge_map(n) : calloc(1, n ? n : 1);
}

void lk_big_free(void *p, size_t n)
{
    if (!p) return;
    if (n >= LK_BIG_MIN) munmap(p, huge_round(n));
    else free(p);
}

void *lk_big_realloc(void *p, size_t old_n, size_t new_n)
{
    if (!p) return lk_big_calloc(new_n);
    if (old_n < LK_BIG_MIN && new_n < LK_BIG_MIN) {
        char *q = realloc(p, new_n ? new_n : 1);
        if (q && new_n > old_n) memset(q + old_n, 0, new_n - old_n);
        return q;
    }
    if (old_n >= LK_BIG_MIN && new_n >= LK_BIG_MIN && huge_round(old_n) >= huge_round(new_n)) return p;
    char *q = lk_big_calloc(new_n);
    if (!q) return NULL;
    memcpy(q, p, old_n < new_n ? old_n : new_n);
    lk_big_free(p, old_n);
    return q;
}
#else
void *lk_big_calloc(size_t n)
{
    return calloc(1, n ? n : 1);
}

void lk_big_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

void *lk_big_realloc(void *p, size_t old_n, size_t new_n)
{
    char *q = realloc(p, new_n ? new_n : 1);
    if (q && new_n > old_n) memset(q + old_n, 0, new_n - old_n);
    return q;
}
#endif
