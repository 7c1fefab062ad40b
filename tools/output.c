/* Where the tool's output goes, so that a failed or interrupted run leaves nothing behind and no
 * file name can be turned against the user.
 *
 * - A regular file (or a new name) is written to a temporary file made by mkstemp beside it and
 *   renamed over it only when everything succeeded; the temporary name is short and fixed in
 *   shape (.levekar-XXXXXX), so any name the file system takes works, and nobody can plant a
 *   symlink at it in advance.
 * - Anything else that exists (/dev/null, /dev/full, a FIFO, a terminal, or a symlink to one) is
 *   opened and written directly: replacing a device node by a regular file is never right.
 *   The file behind our own standard output or error (-o /dev/stdout) is written through that
 *   descriptor, so `>> log` keeps appending.
 * - New files follow the umask; a file that is replaced keeps its permission bits, as with the
 *   shell's `>`.
 * - A symlink to a regular file is followed (the link stays, its file is replaced) only when the
 *   link is our own: a link planted by another user in a shared folder would otherwise let them
 *   choose which of our files a run replaces. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "levekar.h"

int lk_cli_exit_code(int status)
{
    switch (status) {
    case LK_OK: return LK_EXIT_OK;
    case LK_EDATA: case LK_ELIMIT: case LK_ENOTFOUND: return LK_EXIT_DATA;
    case LK_EIO: return LK_EXIT_IO;
    case LK_EINVAL: return LK_EXIT_USAGE;
    default: return LK_EXIT_INTERNAL;
    }
}

enum { TO_STDOUT, TO_DIRECT, TO_REPLACE };

/* Decide how PATH is written. TO_REPLACE sets *target (malloc'd: the regular file to replace)
 * and *mode; TO_DIRECT means open PATH as it is. 0 or an exit code (message printed). */
static int resolve(const char *path, int *how, char **target, mode_t *mode)
{
    *target = NULL;
    *mode = 0666 & ~lk_cleanup_umask();
    if (!path || strcmp(path, "-") == 0) {
        *how = TO_STDOUT;
        return 0;
    }
    if (!*path) {
        fprintf(stderr, "levekar: an empty output name (expected a file name or - for standard output)\n");
        return LK_EXIT_USAGE;
    }
    struct stat st, lst, fd1;
    if (stat(path, &st) == 0) {
        if (fstat(STDOUT_FILENO, &fd1) == 0 && st.st_dev == fd1.st_dev && st.st_ino == fd1.st_ino) {
            *how = TO_STDOUT;
            return 0;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "%s: cannot write: Is a directory (expected a file name)\n", path);
            return LK_EXIT_IO;
        }
        if (!S_ISREG(st.st_mode)) {
            *how = TO_DIRECT;
            return 0;
        }
        *mode = st.st_mode & 0777;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            if (lst.st_uid != geteuid()) {
                fprintf(stderr, "%s: a symbolic link of another user (expected a file or link of your own)\n", path);
                return LK_EXIT_IO;
            }
            if (!(*target = realpath(path, NULL))) {
                fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
                return LK_EXIT_IO;
            }
        } else if (!(*target = strdup(path))) {
            return lk_cli_nomem(NULL);
        }
        *how = TO_REPLACE;
        return 0;
    }
    if (errno != ENOENT) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        return LK_EXIT_IO;
    }
    if (lstat(path, &lst) == 0) { /* a dangling link: where it points is not ours to choose */
        fprintf(stderr, "%s: a symbolic link to a missing file (expected a file name or an existing file)\n", path);
        return LK_EXIT_IO;
    }
    if (!(*target = strdup(path))) return lk_cli_nomem(NULL);
    *how = TO_REPLACE;
    return 0;
}

/* The folder a path lies in, with a trailing slash ("" for the current one). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
    }
    return s;
}

int lk_output_open(lk_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    int how, ec;
    if ((ec = resolve(path, &how, &o->target, &o->mode)) != 0) return ec;
    if (how == TO_STDOUT) {
        o->fp = stdout;
        return 0;
    }
    if (!(o->path = strdup(path))) goto oom;
    if (how == TO_DIRECT) {
        int fd = open(path, O_WRONLY | O_NOCTTY);
        if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
            fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
            if (fd >= 0) close(fd);
            free(o->path);
            memset(o, 0, sizeof *o);
            return LK_EXIT_IO;
        }
        return 0;
    }
    char *dir = folder_of(o->target);
    o->tmp = dir ? join(dir, ".levekar-XXXXXX") : NULL;
    free(dir);
    if (!o->tmp) goto oom;
    int fd = lk_cleanup_mkstemp(o->tmp);
    if (fd < 0 || fchmod(fd, o->mode) != 0 || !(o->fp = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) close(fd);
        if (fd < 0) { /* nothing was made, nothing to remove */
            free(o->tmp);
            o->tmp = NULL;
        }
        lk_output_abort(o);
        if (e == ENOMEM) return lk_cli_nomem(NULL);
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(e));
        return LK_EXIT_IO;
    }
    return 0;
oom:
    lk_output_abort(o);
    return lk_cli_nomem(NULL);
}

int lk_output_failed(lk_output *o, const char *cmd)
{
    int e = errno;
    /* the failed write may lie a few calls back: a second flush tells why, afresh */
    errno = 0;
    if (o->fp && fflush(o->fp) != 0 && errno) e = errno;
    if (o->fp && !o->path && e == EPIPE) raise(SIGPIPE); /* a closed pipe: end as cat or grep would */
    if (o->path) fprintf(stderr, "%s: cannot write: %s\n", o->path, e ? strerror(e) : "write error");
    else fprintf(stderr, "levekar %s: standard output: cannot write: %s\n", cmd, e ? strerror(e) : "write error");
    lk_output_abort(o);
    return LK_EXIT_IO;
}

int lk_output_commit(lk_output *o)
{
    if (!o->fp) return 0;
    errno = 0;
    int err = fflush(o->fp) != 0 || ferror(o->fp);
    int e = errno;
    if (!o->path) {
        if (err) {
            errno = e;
            return lk_output_failed(o, "output");
        }
        memset(o, 0, sizeof *o);
        return 0;
    }
    /* No fsync: the rename makes the file appear whole or not at all for every reader of it;
     * waiting for the disk (a millisecond and more per run) only adds durability across a
     * power cut, which a report that can be run again does not need. */
    if (fclose(o->fp) != 0 && !err) {
        err = 1;
        e = errno;
    }
    o->fp = NULL;
    if (!err && o->tmp && rename(o->tmp, o->target) != 0) {
        err = 1;
        e = errno;
    }
    if (err) {
        fprintf(stderr, "%s: cannot write: %s\n", o->path, e ? strerror(e) : "write error");
        lk_output_abort(o);
        return LK_EXIT_IO;
    }
    if (o->tmp) lk_cleanup_drop_file(o->tmp);
    free(o->tmp);
    free(o->target);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}

void lk_output_abort(lk_output *o)
{
    if (o->fp && o->path) fclose(o->fp);
    else if (o->fp) fflush(o->fp);
    if (o->tmp) {
        unlink(o->tmp);
        lk_cleanup_drop_file(o->tmp);
    }
    free(o->tmp);
    free(o->target);
    free(o->path);
    memset(o, 0, sizeof *o);
}

/* ---- files another program writes (gnuplot's chart) ---------------------------------------- */

int lk_output_dir_open(lk_output_dir *d, const char *path, const char *leaf)
{
    memset(d, 0, sizeof *d);
    int how, ec;
    if ((ec = resolve(path, &how, &d->target, &d->mode)) != 0) return ec;
    if (!(d->path = strdup(path ? path : "-"))) goto oom;
    d->how = how;
    char *base;
    if (how == TO_REPLACE) {
        base = folder_of(d->target); /* beside the target: the rename stays on one file system */
    } else {
        const char *t = getenv("TMPDIR");
        base = join(t && *t ? t : "/tmp", "/");
    }
    d->dir = base ? join(base, ".levekar-XXXXXX") : NULL;
    free(base);
    if (!d->dir) goto oom;
    if (lk_cleanup_mkdtemp(d->dir) != 0) { /* mode 0700: nobody else can put anything in it */
        int e = errno;
        free(d->dir);
        d->dir = NULL;
        lk_output_dir_abort(d);
        if (e == ENOMEM) return lk_cli_nomem(NULL);
        fprintf(stderr, "%s: cannot write: %s\n", path ? path : "-", strerror(e));
        return LK_EXIT_IO;
    }
    char *slash_leaf = join("/", leaf);
    d->file = slash_leaf ? join(d->dir, slash_leaf) : NULL;
    free(slash_leaf);
    if (!d->file || lk_cleanup_add_file(d->file) != 0) {
        lk_output_dir_abort(d);
        return lk_cli_nomem(NULL);
    }
    return 0;
oom:
    lk_output_dir_abort(d);
    return lk_cli_nomem(NULL);
}

/* Copy the finished file to a device, FIFO or standard output. */
static int copy_out(const lk_output_dir *d)
{
    int in = open(d->file, O_RDONLY), out;
    if (in < 0) return -1;
    out = d->how == TO_STDOUT ? STDOUT_FILENO : open(d->path, O_WRONLY | O_NOCTTY);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n = 0;
    int rc = 0;
    while (rc == 0 && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno != EINTR) rc = -1;
            continue;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                if (errno == EINTR) continue;
                rc = -1;
                break;
            }
            off += w;
        }
    }
    int e = errno;
    close(in);
    if (out != STDOUT_FILENO && close(out) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    errno = e;
    return rc;
}

int lk_output_dir_commit(lk_output_dir *d, const char *what)
{
    struct stat st;
    int ec = 0;
    if (stat(d->file, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        fprintf(stderr, "levekar: %s wrote no %s\n", what, d->path);
        ec = LK_EXIT_GNUPLOT;
    } else if (d->how == TO_REPLACE) {
        if (chmod(d->file, d->mode) != 0 || rename(d->file, d->target) != 0) {
            fprintf(stderr, "%s: cannot write: %s\n", d->path, strerror(errno));
            ec = LK_EXIT_IO;
        }
    } else if (copy_out(d) != 0) {
        if (errno == EPIPE && d->how == TO_STDOUT) raise(SIGPIPE);
        fprintf(stderr, "%s: cannot write: %s\n", d->path, strerror(errno));
        ec = LK_EXIT_IO;
    }
    lk_output_dir_abort(d);
    return ec;
}

void lk_output_dir_abort(lk_output_dir *d)
{
    if (d->file) {
        unlink(d->file);
        lk_cleanup_drop_file(d->file);
    }
    if (d->dir) {
        rmdir(d->dir);
        lk_cleanup_drop_dir(d->dir);
    }
    free(d->file);
    free(d->dir);
    free(d->target);
    free(d->path);
    memset(d, 0, sizeof *d);
}

/* ---- -o naming an input --------------------------------------------------------------------- */

int lk_output_check_inputs(const char *cmd, const char *out, const char *const *inputs, size_t n)
{
    struct stat so, si;
    if (!out || strcmp(out, "-") == 0 || stat(out, &so) != 0 || !S_ISREG(so.st_mode)) return 0;
    for (size_t i = 0; i < n; i++) {
        if (!inputs[i] || stat(inputs[i], &si) != 0) continue;
        if (si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
            fprintf(stderr, "levekar %s: the output %s is the input %s (expected an output file that is not read)\n",
                    cmd, out, inputs[i]);
            return LK_EXIT_USAGE;
        }
    }
    return 0;
}
int lk_cli_account(const lk_reader *r, int strict, const char *cmd)
{
    const lk_read_info *in = lk_reader_info(r);
    char text[512];
    int rc = lk_read_info_account(in, strict, text, sizeof text);
    if (rc == LK_EDATA) {
        fprintf(stderr, "%s: %s (--strict: expected only a preamble, a header and data rows)\n", in->path, text);
        return LK_EXIT_DATA;
    }
    if (*text) fprintf(stderr, "levekar %s: %s: %s (see levekar inspect)\n", cmd, in->path, text);
    return 0;
}

int lk_cli_distinct_files(const char *const *files, size_t n)
{
    size_t a, b;
    int rc = lk_same_export(files, n, &a, &b);
    if (rc == LK_EDATA) fprintf(stderr, "%s: the same export as %s (expected each file once)\n", files[b], files[a]);
    else if (rc != LK_OK) fprintf(stderr, "levekar: %s\n", lk_strerror(rc));
    return lk_cli_exit_code(rc);
}
