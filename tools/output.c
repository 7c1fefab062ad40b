#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int lk_output_open(lk_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        fprintf(stderr, "levekar: out of memory\n");
        return LK_EXIT_INTERNAL;
    }
    snprintf(o->tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return LK_EXIT_IO;
    }
    return 0;
}

int lk_output_commit(lk_output *o)
{
    int err = fflush(o->fp) != 0 || ferror(o->fp);
    if (!o->path) {
        if (err) fprintf(stderr, "levekar: error writing to standard output: %s\n", strerror(errno));
        return err ? LK_EXIT_IO : 0;
    }
    if (fsync(fileno(o->fp)) != 0 && errno != EINVAL) err = 1;
    if (fclose(o->fp) != 0) err = 1;
    o->fp = NULL;
    if (err || rename(o->tmp, o->path) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", o->path, strerror(errno));
        unlink(o->tmp);
        err = 1;
    }
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return err ? LK_EXIT_IO : 0;
}

void lk_output_abort(lk_output *o)
{
    if (o->path) {
        if (o->fp) fclose(o->fp);
        unlink(o->tmp);
    } else if (o->fp) {
        fflush(o->fp);
    }
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}
