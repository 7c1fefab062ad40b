/* An allocation-failure injector for the CLI tests, loaded with LD_PRELOAD into a dynamically
 * linked levekar. It counts the calls of malloc, calloc, realloc, the aligned allocators and
 * anonymous mmap (lib/common/bigalloc.c) made after the process has started, and fails the
 * LK_FAILALLOC_AT-th one (1-based; 0 or unset: count only) as the C library does when memory
 * runs out: NULL or MAP_FAILED with errno ENOMEM. With LK_FAILALLOC_PERSIST=1 every later call
 * fails too (memory that stays gone rather than one unlucky request). With LK_FAILALLOC_ONLY=mmap
 * only anonymous maps count and fail (the huge arrays of bigalloc.c, which small inputs never
 * reach: a larger input then needs a few runs, not thousands).
 *
 * strdup, strndup, fopen, open_memstream, qsort and the rest of the C library allocate through
 * malloc, which glibc calls through its PLT precisely so that a preloaded malloc replaces it:
 * their failures are injected here without wrapping each of them.
 *
 * At exit the count and whether a failure was injected go to the file LK_FAILALLOC_REPORT
 * ("CALLS INJECTED"), so that a test knows when N has passed the last call. With
 * LK_FAILALLOC_TRACE set, the failed call's stack goes to stderr (addr2line -e levekar). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <execinfo.h>
#include <malloc.h>
#include <unistd.h>

/* glibc's own entry points: no dlsym, which itself allocates. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

static unsigned long fail_at;
static int persist, started, injected, trace, only_mmap;
static unsigned long calls;
static char report_path[4096];

/* Whether this call is the one (or, persisting, one of those) to fail. Threads: the counter is
 * atomic; the tests' small inputs are read by one thread anyway. */
static int should_fail(int is_mmap)
{
    if (!started || (only_mmap && !is_mmap)) return 0;
    unsigned long k = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    if (!fail_at || k < fail_at || (k > fail_at && !persist)) return 0;
    __atomic_store_n(&injected, 1, __ATOMIC_RELAXED);
    if (trace && k == fail_at) { /* where the failure lands, for whoever fixes it */
        void *frames[32];
        started = 0; /* backtrace may allocate on its first call */
        int n = backtrace(frames, 32);
        backtrace_symbols_fd(frames, n, 2);
        started = 1;
    }
    errno = ENOMEM;
    return 1;
}

__attribute__((constructor)) static void failalloc_start(void)
{
    const char *at = getenv("LK_FAILALLOC_AT"), *p = getenv("LK_FAILALLOC_PERSIST");
    const char *rep = getenv("LK_FAILALLOC_REPORT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    persist = p && *p == '1';
    trace = getenv("LK_FAILALLOC_TRACE") != NULL;
    only_mmap = (p = getenv("LK_FAILALLOC_ONLY")) != NULL && strcmp(p, "mmap") == 0;
    if (rep && strlen(rep) < sizeof report_path) strcpy(report_path, rep);
    unsetenv("LD_PRELOAD"); /* gnuplot and the shell that starts it count on their own otherwise */
    started = 1;
}

/* Written with open/write so that the report itself needs no memory. */
__attribute__((destructor)) static void failalloc_report(void)
{
    started = 0;
    if (!report_path[0]) return;
    char text[64];
    int n = snprintf(text, sizeof text, "%lu %d\n", calls, injected);
    int fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    if (n > 0) (void)!write(fd, text, (size_t)n);
    close(fd);
}

void *malloc(size_t n)
{
    return should_fail(0) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return should_fail(0) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (p && n == 0) return __libc_realloc(p, n); /* a free, not an allocation */
    return should_fail(0) ? NULL : __libc_realloc(p, n);
}

void *memalign(size_t align, size_t n)
{
    return should_fail(0) ? NULL : __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return should_fail(0) ? NULL : __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (should_fail(0)) return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

/* Only anonymous maps are allocations; a mapped file is not (none is used today). The call
 * goes straight to the kernel: glibc's mmap has no __libc_ alias to forward to. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if ((flags & MAP_ANONYMOUS) && should_fail(1)) return MAP_FAILED;
    long r = syscall(SYS_mmap, addr, len, prot, flags, fd, off); /* -1 and errno on failure */
    return r == -1 ? MAP_FAILED : (void *)r;
}
