/* levekar profile: a levekår profile of one area (issue 16). The options become
 * lk_profile_opts; the library (lib/profile) runs the pipeline per indicator and writes the
 * document; this file says what the runs said and writes the output atomically. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "opt.h"
#include "levekar.h"
#include "profile_md.h"
#include "profile_pdf.h"
#ifdef LK_HAVE_XLSX
#include "profile_xlsx.h"
#endif

enum { FMT_TEXT, FMT_HTML, FMT_XLSX, FMT_MD, FMT_JSON, FMT_PDF };

/* The format from -o's extension: HTML for .html/.htm, the HTML laid out as PDF for .pdf
 * (profile_pdf.c), a workbook for .xlsx, text for .txt or
 * standard output; -1 for any other. */
static int format_of(const char *path)
{
    if (!path || strcmp(path, "-") == 0) return FMT_TEXT;
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    const char *ext = dot && (!slash || dot > slash) ? dot + 1 : "";
    if (strcmp(ext, "html") == 0 || strcmp(ext, "htm") == 0) return FMT_HTML;
    if (strcmp(ext, "xlsx") == 0) return FMT_XLSX;
    if (strcmp(ext, "pdf") == 0) return FMT_PDF;
    if (strcmp(ext, "md") == 0) return FMT_MD;
    if (strcmp(ext, "json") == 0) return FMT_JSON;
    if (strcmp(ext, "txt") == 0) return FMT_TEXT;
    return -1;
}

int lk_cmd_profile(int argc, char **argv)
{
    static const char *const kind[] = { "", "note: ", "warning: " };
    lk_opt_result o;
    int pc = lk_opt_parse(&o, &lk_opt_cmd_profile, argc, argv);
    if (pc != LK_OPT_CONTINUE) return pc; /* the help (0), or one message (2) */
    int ec = LK_EXIT_OK, fmt;
    lk_profile *prof = NULL;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    const char **inputs = NULL;
    const char *out_path = lk_opt_str(&o, "output");
    lk_profile_opts po = LK_PROFILE_OPTS_INIT;
    po.area = lk_opt_str(&o, "area");
    if (!po.area) {
        fprintf(stderr, "levekar profile: no area (expected --area CODE, e.g. --area 3301)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "levekar profile: no input files (expected CSV or JSON-stat exports)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (lk_opt_get(&o, "indicators")->given > 1) {
        fprintf(stderr, "levekar profile: --indicators given %zu times (expected one file of definitions)\n",
                lk_opt_get(&o, "indicators")->given);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if ((fmt = format_of(out_path)) < 0) {
        fprintf(stderr, "levekar profile: -o %s: unknown format (expected a name ending in .html, .pdf, .md, .xlsx, .json or .txt)\n", out_path);
        ec = LK_EXIT_USAGE;
        goto done;
    }
#ifndef LK_HAVE_XLSX
    if (fmt == FMT_XLSX) {
        fprintf(stderr, "levekar profile: -o %s: this levekar was built without libxlsxwriter (expected .html, .pdf, .md, .json or .txt; "
                        "for .xlsx install libxlsxwriter-dev and build with -DLK_STATIC_CLI=OFF, as Debian has no static "
                        "archive of it)\n", out_path);
        ec = LK_EXIT_USAGE;
        goto done;
    }
#endif
    const lk_opt_value *ids = lk_opt_get(&o, "indicator");
    po.indicators = ids->list;
    po.n_indicators = ids->given;
    po.from_year = (int)lk_opt_num(&o, "from", 0);
    po.relevance = (double)lk_opt_num(&o, "relevance", 10);
    po.date = lk_opt_str(&o, "date");
    po.pipeline.indicators_file = lk_opt_str(&o, "indicators");
    po.pipeline.zones_file = lk_opt_str(&o, "zones");
    po.pipeline.changes_file = lk_opt_str(&o, "changes");
    po.pipeline.geography = (int)lk_opt_num(&o, "geography", -1);
    po.pipeline.window = (int)lk_opt_num(&o, "window", 0);
    po.pipeline.report.ci = (lk_ci_method)lk_opt_num(&o, "ci", LK_CI_WILSON);
    if (lk_opt_given(&o, "level")) po.pipeline.report.level = lk_opt_get(&o, "level")->real;
    if (lk_opt_given(&o, "alpha")) po.pipeline.report.alpha = lk_opt_get(&o, "alpha")->real;
    if (lk_opt_given(&o, "lang")) po.pipeline.report.lang = lk_opt_str(&o, "lang");
    const char *one = getenv("LEVEKAR_THREADS");
    po.pipeline.threads = one && strcmp(one, "1") == 0;
    /* before anything is read: an output over one of the inputs would destroy it */
    if (!(inputs = malloc((o.n_args + 3) * sizeof *inputs))) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    memcpy(inputs, o.args, o.n_args * sizeof *inputs);
    inputs[o.n_args] = po.pipeline.indicators_file;
    inputs[o.n_args + 1] = po.pipeline.zones_file;
    inputs[o.n_args + 2] = po.pipeline.changes_file;
    if ((ec = lk_output_check_inputs("profile", out_path, inputs, o.n_args + 3)) != LK_EXIT_OK) goto done;
    if ((ec = lk_cli_distinct_files(o.args, o.n_args)) != LK_EXIT_OK) goto done;
    if (fmt != FMT_XLSX && fmt != FMT_MD && fmt != FMT_PDF && (ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) goto done;
    int rc = lk_profile_build(&prof, o.args, o.n_args, &po);
    for (size_t i = 0; i < lk_profile_message_count(prof); i++) {
        const lk_message *m = lk_profile_message_at(prof, i);
        fprintf(stderr, "levekar profile: %s%s\n", kind[m->kind], m->text);
    }
    if (rc != LK_OK) {
        ec = lk_cli_fail(rc, lk_profile_errmsg(prof));
        goto done;
    }
    if (fmt == FMT_MD) {
        ec = lk_profile_md(prof, out_path);
    } else if (fmt == FMT_PDF) {
        ec = lk_profile_pdf(prof, out_path);
#ifdef LK_HAVE_XLSX
    } else if (fmt == FMT_XLSX) {
        const char *lang = lk_opt_str(&o, "lang");
        ec = lk_profile_xlsx(prof, out_path, !lang || strcmp(lang, "en") != 0);
#endif
    } else {
        rc = fmt == FMT_HTML ? lk_profile_write_html(prof, out.fp)
           : fmt == FMT_JSON ? lk_profile_write_json(prof, out.fp) : lk_profile_write_text(prof, out.fp);
        if (rc == LK_ENOMEM) ec = lk_cli_nomem(NULL);
        else if (rc != LK_OK) ec = lk_output_failed(&out, "profile");
        if (ec == LK_EXIT_OK) ec = lk_output_commit(&out);
    }
    if (ec == LK_EXIT_OK) { /* said once the document stands, not an error: it lists them */
        size_t no_data = 0;
        for (size_t i = 0; i < lk_profile_count(prof); i++) no_data += lk_profile_item_at(prof, i)->report == NULL;
        if (no_data)
            fprintf(stderr, "levekar profile: %zu of %zu indicators have no data in these files (shown as \"ingen data\")\n",
                    no_data, lk_profile_count(prof));
    }
done:
    if (ec != LK_EXIT_OK && out.fp) lk_output_abort(&out);
    lk_profile_free(prof);
    free(inputs);
    lk_opt_free(&o);
    return ec;
}
