/* The same export given twice: one file under two names, or a second copy of the same bytes.
 * Either would count every observation twice. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "levekar/inputs.h"

typedef struct input_file {
    size_t index;
    dev_t dev;
    ino_t ino;
    off_t size;
    int regular;
} input_file;

/* By size, then by position on the command line: same-size files end up side by side, each
 * run in the order given. */
static int by_size(const void *a, const void *b)
{
    const input_file *x = a, *y = b;
    if (x->size != y->size) return x->size < y->size ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* 1 when both files read to the end with the same bytes. An error reading either means "not
 * shown to be the same": the reader will say what is wrong with the file. */
static int same_bytes(const char *a, const char *b)
{
    enum { CHUNK = 64 * 1024 };
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    char *buf = malloc(2 * CHUNK);
    int same = fa && fb && buf;
    while (same) {
        size_t na = fread(buf, 1, CHUNK, fa), nb = fread(buf + CHUNK, 1, CHUNK, fb);
        if (na != nb || memcmp(buf, buf + CHUNK, na) != 0 || ferror(fa) || ferror(fb)) same = 0;
        else if (na < CHUNK) break; /* both at their end */
    }
    free(buf);
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static int same_export(const input_file *x, const input_file *y, const char *const *paths)
{
    if (x->dev == y->dev && x->ino == y->ino) return 1;
    return x->regular && y->regular && x->size > 0 && same_bytes(paths[x->index], paths[y->index]);
}

/* In a run of files of one size, in command-line order: the first that repeats an earlier one
 * of the run, when it comes before @p limit (a repeat found in another run). */
static int first_repeat(const input_file *run, size_t len, const char *const *paths, size_t limit,
                        size_t *earlier, size_t *later)
{
    for (size_t j = 1; j < len && run[j].index < limit; j++)
        for (size_t i = 0; i < j; i++)
            if (same_export(&run[i], &run[j], paths)) {
                *earlier = run[i].index;
                *later = run[j].index;
                return 1;
            }
    return 0;
}

int lk_same_export(const char *const *paths, size_t n, size_t *earlier, size_t *later)
{
    if (!earlier || !later || (n && !paths)) return LK_EINVAL;
    if (n < 2) return LK_OK;
    input_file *f = malloc(n * sizeof *f);
    if (!f) return LK_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!paths[i] || stat(paths[i], &st) != 0) continue;
        f[m].index = i;
        f[m].dev = st.st_dev;
        f[m].ino = st.st_ino;
        f[m].size = st.st_size;
        f[m].regular = S_ISREG(st.st_mode);
        m++;
    }
    /* one file is only ever the same as another of its size (a file is its own size) */
    qsort(f, m, sizeof *f, by_size);
    size_t found_later = n, found_earlier = 0;
    for (size_t start = 0, end; start < m; start = end) {
        for (end = start + 1; end < m && f[end].size == f[start].size; end++) {}
        first_repeat(f + start, end - start, paths, found_later, &found_earlier, &found_later);
    }
    free(f);
    if (found_later == n) return LK_OK;
    *earlier = found_earlier;
    *later = found_later;
    return LK_EDATA;
}
