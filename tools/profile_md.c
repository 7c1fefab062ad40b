/* levekar profile -o FILE.md: the document for pandoc and, beside it, the folder FILE_files with
 * its charts as SVG files. The charts are written into a private folder next to the target and
 * the folder is renamed into place (replacing an earlier run's) before the document is, so a
 * failed run leaves the earlier document and charts as they were, and no half-written chart. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "levekar.h"
#include "profile_md.h"

static char *concat(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* The .svg files of a charts folder, then the folder (an earlier run's, moved aside); 0 when
 * it is gone. */
int lk_profile_md_remove_charts(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".svg") != 0) continue;
        char *f = concat(dir, "/", e->d_name);
        if (f) unlink(f);
        free(f);
    }
    closedir(d);
    return rmdir(dir);
}

int lk_profile_md_charts(const lk_profile *p, const char *dir)
{
    for (long i = -1; i < (long)lk_profile_count(p); i++) {
        char leaf[32];
        if (i < 0) snprintf(leaf, sizeof leaf, "/barometer.svg");
        else snprintf(leaf, sizeof leaf, "/trend-%02ld.svg", i + 1);
        char *path = concat(dir, leaf, "");
        if (!path || lk_cleanup_add_file(path) != 0) {
            free(path);
            return lk_cli_nomem(NULL);
        }
        FILE *f = fopen(path, "wb");
        if (!f) {
            fprintf(stderr, "levekar profile: %s: cannot write: %s\n", path, strerror(errno));
            free(path);
            return LK_EXIT_IO;
        }
        int rc = lk_profile_write_chart(p, i, f);
        int bad = fclose(f) != 0;
        if (rc == LK_ENOTFOUND) unlink(path); /* no chart for an item without data */
        if (rc == LK_ENOMEM) {
            free(path);
            return lk_cli_nomem(NULL);
        }
        if ((rc != LK_OK && rc != LK_ENOTFOUND) || bad) {
            fprintf(stderr, "levekar profile: %s: cannot write: %s\n", path, strerror(errno));
            free(path);
            return LK_EXIT_IO;
        }
        free(path);
    }
    return LK_EXIT_OK;
}

int lk_profile_md(const lk_profile *p, const char *path)
{
    /* FILE.md → FILE_files beside it, named in the document by its last component */
    size_t stem = strlen(path) - 3;
    char *base = malloc(stem + 1);
    if (!base) return lk_cli_nomem(NULL);
    memcpy(base, path, stem);
    base[stem] = '\0';
    char *charts = concat(base, "_files", ""), *slash = strrchr(base, '/');
    char *parent = slash ? concat("", "", base) : concat(".", "", "");
    if (parent && slash) parent[slash - base] = '\0';
    char *tmp = parent ? concat(parent, "/.levekar-charts-", "XXXXXX") : NULL;
    char *old = parent ? concat(parent, "/.levekar-old-", "XXXXXX") : NULL;
    int ec = LK_EXIT_OK, made = 0;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    if (!charts || !parent || !tmp || !old) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    const char *leaf = strrchr(charts, '/') ? strrchr(charts, '/') + 1 : charts;
    if (lk_cleanup_mkdtemp(tmp) != 0) {
        fprintf(stderr, "levekar profile: %s: cannot make a folder beside it: %s\n", path, strerror(errno));
        ec = LK_EXIT_IO;
        goto done;
    }
    made = 1;
    if ((ec = lk_profile_md_charts(p, tmp)) != LK_EXIT_OK) goto done;
    if ((ec = lk_output_open(&out, path)) != LK_EXIT_OK) goto done;
    int rc = lk_profile_write_md(p, leaf, out.fp);
    if (rc == LK_ENOMEM) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    if (rc != LK_OK) {
        ec = lk_output_failed(&out, "profile");
        goto done;
    }
    /* the charts into place: an earlier folder is moved aside first (rename onto an empty
     * folder made for it) and removed once the new one stands */
    chmod(tmp, 0777 & ~lk_cleanup_umask());
    struct stat st;
    int had = lstat(charts, &st) == 0;
    if (had && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "levekar profile: %s is not a folder (expected the charts folder of %s, or nothing)\n", charts, path);
        ec = LK_EXIT_IO;
        goto done;
    }
    if (had && (!mkdtemp(old) || rename(charts, old) != 0)) {
        fprintf(stderr, "levekar profile: %s: cannot replace it: %s\n", charts, strerror(errno));
        ec = LK_EXIT_IO;
        goto done;
    }
    if (rename(tmp, charts) != 0) {
        fprintf(stderr, "levekar profile: %s: cannot write: %s\n", charts, strerror(errno));
        if (had) rename(old, charts); /* put the earlier charts back */
        ec = LK_EXIT_IO;
        goto done;
    }
    made = 0;
    lk_cleanup_drop_dir(tmp);
    if (had && lk_profile_md_remove_charts(old) != 0)
        fprintf(stderr, "levekar profile: warning: the earlier charts are left in %s (it holds other files)\n", old);
    ec = lk_output_commit(&out);
done:
    if (ec != LK_EXIT_OK && out.fp) lk_output_abort(&out);
    if (made) {
        lk_profile_md_remove_charts(tmp);
        lk_cleanup_drop_dir(tmp);
    }
    free(base);
    free(charts);
    free(parent);
    free(tmp);
    free(old);
    return ec;
}
