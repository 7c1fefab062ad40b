/* The reader's input backends (input.h): a file read through one descriptor, and memory. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input.h"

/* ------------------------------------------------------------------ a file */

typedef struct file_ctx {
    int fd;
    int regular;                 /* size and modification time known: parts and changes */
    unsigned long long size;
    long long mtime_s;
    long mtime_ns;
} file_ctx;

static long long file_read_at(void *ctx, unsigned long long at, void *buf, size_t n)
{
    const file_ctx *f = ctx;
    for (;;) {
        /* positional on regular files, so that parts read in parallel; a pipe reads in order */
        ssize_t got = f->regular ? pread(f->fd, buf, n, (off_t)at) : read(f->fd, buf, n);
        if (got >= 0) return (long long)got;
        if (errno != EINTR) return -1;
    }
}

/* Once per file or part, never per row. A change within the file system's timestamp
 * resolution that keeps the size is not seen. */
static int file_changed(void *ctx)
{
    const file_ctx *f = ctx;
    struct stat st;
    if (!f->regular) return 0;
    if (fstat(f->fd, &st) != 0) return 1;
    return (unsigned long long)st.st_size != f->size || (long long)st.st_mtim.tv_sec != f->mtime_s
           || (long)st.st_mtim.tv_nsec != f->mtime_ns;
}

static void file_close(void *ctx)
{
    file_ctx *f = ctx;
    close(f->fd);
    free(f);
}

static const lk_input_io file_io = { file_read_at, file_changed, file_close };

lk_input_rc lk_input_open_file(lk_input *in, const char *path)
{
    memset(in, 0, sizeof *in);
    file_ctx *f = malloc(sizeof *f);
    if (!f) {
        errno = ENOMEM;
        return LK_INPUT_ERROR;
    }
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
        int e = errno;
        free(f);
        errno = e;
        return LK_INPUT_ERROR;
    }
    struct stat st;
    f->regular = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
    f->size = f->regular ? (unsigned long long)st.st_size : 0;
    f->mtime_s = f->regular ? (long long)st.st_mtim.tv_sec : 0;
    f->mtime_ns = f->regular ? (long)st.st_mtim.tv_nsec : 0;
    in->io = &file_io;
    in->ctx = f;
    in->owner = 1;
    in->seekable = in->size_known = f->regular;
    in->size = f->size;
    return LK_INPUT_OK;
}

/* ------------------------------------------------------------------ memory */

typedef struct mem_ctx {
    const unsigned char *p;
    size_t n;
} mem_ctx;

static long long mem_read_at(void *ctx, unsigned long long at, void *buf, size_t n)
{
    const mem_ctx *m = ctx;
    if (at >= m->n) return 0;
    if (n > m->n - at) n = (size_t)(m->n - at);
    memcpy(buf, m->p + at, n);
    return (long long)n;
}

static int mem_changed(void *ctx)
{
    (void)ctx;
    return 0; /* the caller keeps the buffer as it is (read.h) */
}

static void mem_close(void *ctx)
{
    free(ctx);
}

static const lk_input_io mem_io = { mem_read_at, mem_changed, mem_close };

void lk_input_open_memory(lk_input *in, const void *data, size_t size)
{
    static const unsigned char empty[1];
    memset(in, 0, sizeof *in);
    mem_ctx *m = malloc(sizeof *m);
    if (!m) return; /* io stays NULL: the caller reports the lack of memory */
    m->p = data ? data : empty;
    m->n = data ? size : 0;
    in->io = &mem_io;
    in->ctx = m;
    in->owner = 1;
    in->seekable = in->size_known = 1;
    in->size = m->n;
    in->mem = m->p;
}

/* ------------------------------------------------------------------ any input */

int lk_input_part(lk_input *part, const lk_input *of, unsigned long long at)
{
    memset(part, 0, sizeof *part);
    if (!of->io || !of->seekable) return -1;
    *part = *of;
    part->owner = 0;
    part->start = part->pos = at;
    return 0;
}

lk_input_rc lk_input_read(lk_input *in, void *buf, size_t n, size_t *got)
{
    *got = 0;
    if (!in->io) return LK_INPUT_OK;
    long long k = in->io->read_at(in->ctx, in->pos, buf, n);
    if (k < 0) return LK_INPUT_ERROR;
    in->pos += (unsigned long long)k;
    *got = (size_t)k;
    if (in->size_known && (in->pos > in->size || (k == 0 && in->pos < in->size))) return LK_INPUT_CHANGED;
    return LK_INPUT_OK;
}

long long lk_input_read_at(const lk_input *in, unsigned long long at, void *buf, size_t n)
{
    if (!in->io || !in->seekable) {
        errno = ESPIPE;
        return -1;
    }
    return in->io->read_at(in->ctx, at, buf, n);
}

int lk_input_changed(const lk_input *in)
{
    return in->io && in->io->changed(in->ctx);
}

void lk_input_close(lk_input *in)
{
    if (in->io && in->owner) in->io->close(in->ctx);
    memset(in, 0, sizeof *in);
}
