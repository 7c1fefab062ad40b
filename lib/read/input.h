/* Where the reader's bytes come from, behind one interface (in the manner of ReadStat's
 * readstat_io_t): a file, a memory buffer, or a part of either that borrows its bytes (the
 * second half of a split file, the duplicate check's second pass, the line count before a
 * part). Nothing above this interface opens a file by path: a file is opened once, by
 * lk_input_open_file, and every part reads it through the same descriptor. */
#ifndef LK_READ_INPUT_H
#define LK_READ_INPUT_H

#include <stddef.h>

/* A backend: the bytes at an offset. */
typedef struct lk_input_io {
    /* Up to n bytes at offset at into buf: their count (0 at the end), or -1 with errno set.
     * Only a seekable backend is asked for offsets other than the next in order. */
    long long (*read_at)(void *ctx, unsigned long long at, void *buf, size_t n);
    /* 1 when the source is no longer as it was at opening (a regular file's size or
     * modification time; never for memory). */
    int (*changed)(void *ctx);
    void (*close)(void *ctx);
} lk_input_io;

typedef struct lk_input {
    const lk_input_io *io;       /* NULL: closed (or never opened) */
    void *ctx;
    int owner;                   /* closes ctx on lk_input_close; a part borrows it */
    int seekable;                /* reads at any offset: regular files and memory (not pipes) */
    int size_known;              /* size is the source's size at opening */
    unsigned long long size;
    unsigned long long start;    /* a part's first offset (0: the whole source) */
    unsigned long long pos;      /* the next offset lk_input_read reads */
    const unsigned char *mem;    /* a memory source's bytes (zero-copy for JSON-stat), else NULL */
} lk_input;

typedef enum { LK_INPUT_OK, LK_INPUT_ERROR, LK_INPUT_CHANGED } lk_input_rc;

/* Open path for reading. LK_INPUT_ERROR with errno set when it cannot be opened. */
lk_input_rc lk_input_open_file(lk_input *in, const char *path);

/* Read size bytes at data, which must outlive the input and its parts. */
void lk_input_open_memory(lk_input *in, const void *data, size_t size);

/* The part of a seekable input from offset at to its end, borrowing its backend: it must be
 * closed before `of`. Returns 0, or -1 when `of` is not seekable (a pipe reads only once). */
int lk_input_part(lk_input *part, const lk_input *of, unsigned long long at);

/* The next up to n bytes in order into buf, *got of them (0: the end). LK_INPUT_CHANGED when a
 * regular file ended before, or went on past, the size it had at opening (a number cut from
 * 113 to 11 would otherwise read as 11). */
lk_input_rc lk_input_read(lk_input *in, void *buf, size_t n, size_t *got);

/* Up to n bytes at an absolute offset of a seekable input, without moving its position: their
 * count, or -1 (errno set; also for an input that is not seekable). */
long long lk_input_read_at(const lk_input *in, unsigned long long at, void *buf, size_t n);

/* 1 when the source changed since opening (once per run, never per row). */
int lk_input_changed(const lk_input *in);

/* Close the backend when this input owns it. Safe on a closed input. */
void lk_input_close(lk_input *in);

#endif
