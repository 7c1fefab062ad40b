/* Drawing a chart: the library writes the gnuplot script (lib/report/chart.c), the tool runs
 * gnuplot (gnuplot.c) in a private directory and moves the image into place only when gnuplot
 * succeeded, so a failed run leaves no partial image. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"

/* The name gnuplot writes inside the private directory: "chart." and the target's extension
 * when that is plain letters and digits (the library picks the terminal from it), so the one
 * path gnuplot is handed holds no character it could take for anything but a name. */
static void chart_leaf(char *leaf, size_t size, const char *out_path)
{
    const char *dot = strrchr(out_path, '.'), *slash = strrchr(out_path, '/');
    const char *ext = dot && (!slash || dot > slash) ? dot + 1 : "";
    size_t n = strlen(ext), ok = n > 0 && n <= 8;
    for (size_t i = 0; ok && i < n; i++) ok = isalnum((unsigned char)ext[i]) != 0;
    snprintf(leaf, size, "chart.%s", ok ? ext : "x");
}

static int chart_error(int rc)
{
    if (rc == LK_ENOMEM) return lk_cli_nomem(NULL);
    fprintf(stderr, "levekar chart: %s\n", rc == LK_EINVAL ? "the output must end in .png, .svg or .pdf"
                                          : rc == LK_ENOTFOUND ? "nothing to draw for these areas and period"
                                          : rc == LK_ENOMEM ? "out of memory"
                                                            : "error writing the script");
    return rc == LK_ENOMEM ? LK_EXIT_INTERNAL : rc == LK_EIO ? LK_EXIT_IO : LK_EXIT_USAGE;
}

/* Render a chart: the script for --script names the final path (the library writes it so that
 * gnuplot can only take it for a file name); gnuplot itself renders into a private directory
 * and levekar alone moves the image to the name the user gave. */
int lk_cli_render_chart(const lk_report *const *reps, size_t n, lk_chart_opts *co, const char *out_path, const char *script_path)
{
    int ec = LK_EXIT_OK;
    char *derived = NULL;
    if (!out_path) { /* only a script: it renders to the script's name with .png */
        const char *dot = strrchr(script_path, '.'), *slash = strrchr(script_path, '/');
        size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - script_path) : strlen(script_path);
        if (!(derived = malloc(stem + 5))) return lk_cli_nomem(NULL);
        memcpy(derived, script_path, stem);
        memcpy(derived + stem, ".png", 5);
        co->output = derived;
    } else {
        co->output = out_path;
    }
    if (script_path) {
        lk_output so;
        if ((ec = lk_output_open(&so, script_path)) != LK_EXIT_OK) goto done;
        int rc = lk_chart_write_gnuplot(reps, n, co, so.fp);
        if (rc == LK_EIO) {
            ec = lk_output_failed(&so, "chart");
            goto done;
        }
        if (rc != LK_OK) {
            lk_output_abort(&so);
            ec = chart_error(rc);
            goto done;
        }
        if ((ec = lk_output_commit(&so)) != LK_EXIT_OK || !out_path) goto done;
    }
    char leaf[16];
    chart_leaf(leaf, sizeof leaf, out_path);
    co->output = leaf;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    int rc = mem ? lk_chart_write_gnuplot(reps, n, co, mem) : LK_ENOMEM;
    /* glibc's fclose says nothing when the script's end does not fit: it leaves text NULL */
    if (mem && (fclose(mem) != 0 || !text) && rc == LK_OK) rc = LK_ENOMEM;
    if (rc == LK_EIO) rc = LK_ENOMEM; /* writing into memory fails only for want of it */
    if (rc != LK_OK) {
        ec = chart_error(rc);
    } else {
        lk_output_dir od;
        if ((ec = lk_output_dir_open(&od, out_path, leaf)) == LK_EXIT_OK) {
            if ((ec = lk_run_gnuplot(text, len, od.dir)) == LK_EXIT_OK) ec = lk_output_dir_commit(&od, "gnuplot");
            else lk_output_dir_abort(&od);
        }
    }
    free(text);
done:
    co->output = NULL;
    free(derived);
    return ec;
}


