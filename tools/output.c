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
    /* No fsync: the rename makes the file appear whole or not at all for every reader of it;
     * waiting for the disk (a millisecond and more per run) only adds durability across a
     * power cut, which a report that can be run again does not need. */
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

int lk_cli_account(const lk_reader *r, int strict, const char *cmd)
{
    const lk_read_info *in = lk_reader_info(r);
    if (!in) return 0;
    unsigned long blank_after = in->blank_in_data; /* the preamble's blank lines are expected */
    char text[512] = "";
    size_t k = 0;
    if (in->line_counts[LK_LINE_TRAILER])
        k += (size_t)snprintf(text + k, sizeof text - k, "%s%lu footnote line%s kept as metadata", k ? ", " : "",
                              in->line_counts[LK_LINE_TRAILER], in->line_counts[LK_LINE_TRAILER] == 1 ? "" : "s");
    if (blank_after && k < sizeof text)
        k += (size_t)snprintf(text + k, sizeof text - k, "%s%lu blank line%s", k ? ", " : "", blank_after,
                              blank_after == 1 ? "" : "s");
    if (in->filled_down && k < sizeof text)
        k += (size_t)snprintf(text + k, sizeof text - k, "%s%zu label%s continued from the row above", k ? ", " : "",
                              in->filled_down, in->filled_down == 1 ? "" : "s");
    if (in->flagged_by_spvflagg && k < sizeof text)
        k += (size_t)snprintf(text + k, sizeof text - k, "%s%zu number%s hidden by SPVFLAGG", k ? ", " : "",
                              in->flagged_by_spvflagg, in->flagged_by_spvflagg == 1 ? "" : "s");
    if (!k) return 0;
    /* Footnotes and SPVFLAGG are how the producers write their files; blank rows inside the data
     * and labels taken from the row above are guesses a strict run refuses. */
    if (strict && (blank_after || in->filled_down)) {
        fprintf(stderr, "%s: %s (--strict: expected only a preamble, a header and data rows)\n", in->path, text);
        return LK_EXIT_DATA;
    }
    fprintf(stderr, "levekar %s: %s: %s (see levekar inspect)\n", cmd, in->path, text);
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
