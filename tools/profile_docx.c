/* levekar profile -o FILE.docx: the Markdown document and its charts (profile_md.c) made into a
 * Word document by pandoc, Debian's package `pandoc`, the converter the issue names
 * (`pandoc profil.md -o profil.docx`); levekar runs it itself so the user gets the .docx in one
 * step. Through engine.c, like the PDF: the Markdown and the charts are written into a private
 * directory beside the target, pandoc runs there on fixed names (no shell, no network, a
 * timeout), and the .docx is moved into place only when pandoc succeeded. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "engine.h"
#include "profile_docx.h"
#include "profile_md.h"

/* The Markdown, naming its charts in the folder "profile_files" beside it. */
static int md_of(const void *p, FILE *f)
{
    return lk_profile_write_md(p, "profile_files", f);
}

int lk_profile_docx(const lk_profile *p, const char *path)
{
    long limit = lk_engine_timeout();
    if (limit < 0) return LK_EXIT_USAGE;
    lk_output_dir od;
    int ec = lk_output_dir_open(&od, path, "profile.docx");
    if (ec != LK_EXIT_OK) return ec;
    char *md = lk_engine_path(od.dir, "profile.md"), *charts = lk_engine_path(od.dir, "profile_files");
    int have_md = md && lk_cleanup_add_file(md) == 0, have_charts = 0;
    if (!have_md || !charts) ec = lk_cli_nomem(NULL);
    if (ec == LK_EXIT_OK) {
        if (mkdir(charts, 0700) != 0 || lk_cleanup_add_dir(charts) != 0) {
            fprintf(stderr, "levekar profile: %s: %s\n", charts, strerror(errno));
            ec = LK_EXIT_IO;
        } else {
            have_charts = 1;
        }
    }
    if (ec == LK_EXIT_OK) ec = lk_profile_md_charts(p, charts);
    if (ec == LK_EXIT_OK) ec = lk_engine_write(md, md_of, p);
    /* --resource-path: the charts are found beside the document, in the directory pandoc runs in */
    static const char *const argv[] = { "pandoc", "--from", "markdown", "--to", "docx", "--resource-path=.", "-o", "profile.docx",
                                        "profile.md", NULL };
    static const lk_engine pandoc = { argv, "pandoc", "Word document" };
    if (ec == LK_EXIT_OK) ec = lk_engine_run(&pandoc, od.dir, limit);
    /* the directory must be empty but for the .docx before commit or abort removes it */
    if (have_charts) {
        lk_profile_md_remove_charts(charts);
        lk_cleanup_drop_dir(charts);
    }
    if (have_md) {
        unlink(md);
        lk_cleanup_drop_file(md);
    }
    free(md);
    free(charts);
    if (ec == LK_EXIT_OK) return lk_output_dir_commit(&od, "pandoc");
    lk_output_dir_abort(&od);
    return ec;
}
