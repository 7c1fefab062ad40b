/* levekar profile -o FILE.pdf: the HTML document (lib/profile/write_html.c, print CSS for A4)
 * laid out by WeasyPrint, Debian's package `weasyprint`. Why WeasyPrint: it is an HTML/CSS engine
 * made for paged media (it honours @page size A4, margins and break-inside), it draws the inline
 * SVG charts, it embeds (subsets of) the fonts it uses, and it needs no display, no browser
 * profile and no sandbox; on Debian 12 it is a 48 MB download against headless Chromium's 100 MB.
 * It runs through engine.c (private directory, no shell, no network, a timeout) on two fixed
 * names ("profile.html" "profile.pdf"); the HTML is self-contained (tested: no src=, url(),
 * <link>), and the PDF is moved into place (with the umask's mode) only when weasyprint exited 0,
 * so a failed or interrupted run leaves no partial file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "engine.h"
#include "profile_pdf.h"

#define ENGINE "weasyprint"

static int html_of(const void *p, FILE *f)
{
    return lk_profile_write_html(p, f);
}

int lk_profile_pdf(const lk_profile *p, const char *path)
{
    long limit = lk_engine_timeout();
    if (limit < 0) return LK_EXIT_USAGE;
    lk_output_dir od;
    int ec = lk_output_dir_open(&od, path, "profile.pdf");
    if (ec != LK_EXIT_OK) return ec;
    char *html = lk_engine_path(od.dir, "profile.html");
    int have_html = html && lk_cleanup_add_file(html) == 0;
    if (!have_html) ec = lk_cli_nomem(NULL);
    if (ec == LK_EXIT_OK) ec = lk_engine_write(html, html_of, p);
    static const char *const argv[] = { ENGINE, "profile.html", "profile.pdf", NULL };
    static const lk_engine weasyprint = { argv, "weasyprint", "PDF" };
    if (ec == LK_EXIT_OK) ec = lk_engine_run(&weasyprint, od.dir, limit);
    /* the directory must be empty but for the PDF before commit or abort removes it */
    if (have_html) {
        unlink(html);
        lk_cleanup_drop_file(html);
    }
    free(html);
    if (ec == LK_EXIT_OK) return lk_output_dir_commit(&od, ENGINE);
    lk_output_dir_abort(&od);
    return ec;
}
