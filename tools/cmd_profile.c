/* levekar profile: a levekår profile of one area, or of every kommune of a fylke (issue 16). The
 * options become lk_profile_opts; the library (lib/profile) runs the pipeline per indicator and
 * writes the document; this file says what the runs said and writes each output atomically. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "opt.h"
#include "levekar.h"
#include "profile_batch.h"
#include "profile_md.h"
#include "profile_pdf.h"
#ifdef LK_HAVE_XLSX
#include "profile_xlsx.h"
#endif
#include "profile_docx.h"

enum { FMT_TEXT, FMT_HTML, FMT_XLSX, FMT_MD, FMT_JSON, FMT_PDF, FMT_DOCX, FMT_CSV };

/* The format from -o's extension: HTML for .html/.htm, the HTML laid out as PDF for .pdf
 * (profile_pdf.c), the Markdown made into Word by pandoc for .docx (profile_docx.c), a workbook
 * for .xlsx, text for .txt or
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
    if (strcmp(ext, "docx") == 0) return FMT_DOCX;
    if (strcmp(ext, "json") == 0) return FMT_JSON;
    if (strcmp(ext, "csv") == 0) return FMT_CSV;
    if (strcmp(ext, "txt") == 0) return FMT_TEXT;
    return -1;
}

/* The lines a batch has printed: each kommune's run says the same things about the same files,
 * which are said once. */
typedef struct said {
    char **line;
    size_t n;
} said;

static void say_once(said *s, const char *a, const char *b, const char *c)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "levekar profile: %s%s%s", a, b, c);
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->line[i], buf) == 0) return;
    fprintf(stderr, "%s\n", buf);
    char **v = realloc(s->line, (s->n + 1) * sizeof *v);
    if (!v) return; /* it is printed; only a repeat would be printed again */
    s->line = v;
    if ((s->line[s->n] = strdup(buf))) s->n++;
}

static void said_free(said *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->line[i]);
    free(s->line);
}

/* One profile of po->area into out_path. *empty is set when no indicator had data for the area
 * (a batch leaves such a kommune out). Returns the exit code. */
static int write_one(lk_profile_opts *po, const char *const *args, size_t n_args, const char **inputs, size_t n_inputs,
                     int fmt, const char *out_path, int nb, int batch, said *s, int *empty)
{
    static const char *const kind[] = { "", "note: ", "warning: " };
    lk_profile *prof = NULL;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    int ec;
    *empty = 0;
    /* before anything is read: an output over one of the inputs would destroy it */
    if ((ec = lk_output_check_inputs("profile", out_path, inputs, n_inputs)) != LK_EXIT_OK) return ec;
    int direct = fmt != FMT_XLSX && fmt != FMT_MD && fmt != FMT_PDF && fmt != FMT_DOCX; /* written through a stream */
    if (direct && (ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) return ec; /* fails before the work */
    int rc = lk_profile_build(&prof, args, n_args, po);
    for (size_t i = 0; i < lk_profile_message_count(prof); i++) {
        const lk_message *m = lk_profile_message_at(prof, i);
        say_once(s, kind[m->kind], m->text, "");
    }
    if (rc == LK_ENOTFOUND && batch) { /* the kommune is in none of the data (lk_profile_build) */
        *empty = 1;
        goto done;
    }
    if (rc != LK_OK) {
        ec = lk_cli_fail(rc, lk_profile_errmsg(prof));
        goto done;
    }
    size_t no_data = 0;
    for (size_t i = 0; i < lk_profile_count(prof); i++) no_data += lk_profile_item_at(prof, i)->report == NULL;
    if (batch && no_data == lk_profile_count(prof)) {
        *empty = 1;
        goto done;
    }
    if (fmt == FMT_MD) {
        ec = lk_profile_md(prof, out_path);
    } else if (fmt == FMT_PDF) {
        ec = lk_profile_pdf(prof, out_path);
    } else if (fmt == FMT_DOCX) {
        ec = lk_profile_docx(prof, out_path);
#ifdef LK_HAVE_XLSX
    } else if (fmt == FMT_XLSX) {
        ec = lk_profile_xlsx(prof, out_path, nb);
#endif
    } else {
        rc = fmt == FMT_HTML ? lk_profile_write_html(prof, out.fp)
           : fmt == FMT_JSON ? lk_profile_write_json(prof, out.fp)
           : fmt == FMT_CSV  ? lk_profile_write_csv(prof, out.fp) : lk_profile_write_text(prof, out.fp);
        if (rc == LK_ENOMEM) ec = lk_cli_nomem(NULL);
        else if (rc != LK_OK) ec = lk_output_failed(&out, "profile");
        if (ec == LK_EXIT_OK) ec = lk_output_commit(&out);
    }
    (void)nb;
    if (ec == LK_EXIT_OK && no_data) { /* said once the document stands, not an error: it lists them */
        char what[64];
        snprintf(what, sizeof what, "%zu of %zu", no_data, lk_profile_count(prof));
        say_once(s, what, " indicators have no data in these files (shown as \"ingen data\")", "");
    }
done:
    if ((ec != LK_EXIT_OK || *empty) && out.fp) lk_output_abort(&out);
    lk_profile_free(prof);
    return ec;
}

/* --all-kommuner: the kommuner of the batch, at the borders of --geography YEAR or of the newest
 * year the geography (with --changes) knows. */
static int batch_of(lk_batch *b, const char *spec, const char *changes, int geography)
{
    lk_geo *g = NULL;
    if (lk_geo_new(&g) != LK_OK) return lk_cli_nomem(NULL);
    int ec = LK_EXIT_OK;
    if (changes) {
        int rc = lk_geo_load_changes(g, changes);
        if (rc != LK_OK) ec = lk_cli_fail(rc, lk_geo_errmsg(g));
    }
    if (ec == LK_EXIT_OK) ec = lk_batch_parse(b, spec, g, geography > 0 ? geography : lk_geo_latest_change_year(g));
    if (ec == LK_EXIT_OK && b->fylke_name) {
        /* the name lives in the geography, which goes now */
        static char name[128];
        snprintf(name, sizeof name, "%s", b->fylke_name);
        b->fylke_name = name;
    }
    lk_geo_free(g);
    return ec;
}

int lk_cmd_profile(int argc, char **argv)
{
    lk_opt_result o;
    int pc = lk_opt_parse(&o, &lk_opt_cmd_profile, argc, argv);
    if (pc != LK_OPT_CONTINUE) return pc; /* the help (0), or one message (2) */
    int ec = LK_EXIT_OK, fmt;
    said s = { NULL, 0 };
    lk_batch batch = { NULL, 0, NULL, 0 };
    const char **inputs = NULL;
    char *path = NULL;
    const char *out_path = lk_opt_str(&o, "output"), *all = lk_opt_str(&o, "all-kommuner");
    lk_profile_opts po = LK_PROFILE_OPTS_INIT;
    po.area = lk_opt_str(&o, "area");
    if (!po.area && !all) {
        fprintf(stderr, "levekar profile: no area (expected --area CODE, e.g. --area 3301, or --all-kommuner FYLKE)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (po.area && all) {
        fprintf(stderr, "levekar profile: --area and --all-kommuner given (expected one area, or the kommuner of a batch)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (all && !lk_batch_has_slot(out_path)) {
        fprintf(stderr, "levekar profile: --all-kommuner writes one file per kommune (expected -o with %s in the name, "
                        "e.g. -o 'profiler/%s.html')\n", LK_BATCH_SLOT, LK_BATCH_SLOT);
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
        fprintf(stderr, "levekar profile: -o %s: unknown format (expected a name ending in .html, .pdf, .docx, .md, .xlsx, .json, .csv or .txt)\n", out_path);
        ec = LK_EXIT_USAGE;
        goto done;
    }
#ifndef LK_HAVE_XLSX
    if (fmt == FMT_XLSX) {
        fprintf(stderr, "levekar profile: -o %s: this levekar was built without libxlsxwriter (expected .html, .pdf, .docx, .md, .json, .csv or .txt; "
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
    const char *lang = lk_opt_str(&o, "lang");
    int nb = !lang || strcmp(lang, "en") != 0;
    const char *one = getenv("LEVEKAR_THREADS");
    po.pipeline.threads = one && strcmp(one, "1") == 0;
    if (!(inputs = malloc((o.n_args + 3) * sizeof *inputs))) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    memcpy(inputs, o.args, o.n_args * sizeof *inputs);
    inputs[o.n_args] = po.pipeline.indicators_file;
    inputs[o.n_args + 1] = po.pipeline.zones_file;
    inputs[o.n_args + 2] = po.pipeline.changes_file;
    if ((ec = lk_cli_distinct_files(o.args, o.n_args)) != LK_EXIT_OK) goto done;
    if (!all) {
        if (!(path = out_path ? lk_batch_path(out_path, po.area) : NULL) && out_path) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
        int empty;
        ec = write_one(&po, o.args, o.n_args, inputs, o.n_args + 3, fmt, path, nb, 0, &s, &empty);
        goto done;
    }
    if ((ec = batch_of(&batch, all, po.pipeline.changes_file, po.pipeline.geography)) != LK_EXIT_OK) goto done;
    size_t written = 0, n_empty = 0;
    char empty_list[512] = "";
    for (size_t i = 0; i < batch.n && ec == LK_EXIT_OK; i++) {
        free(path);
        if (!(path = lk_batch_path(out_path, batch.codes[i]))) {
            ec = lk_cli_nomem(NULL);
            break;
        }
        po.area = batch.codes[i];
        int empty;
        ec = write_one(&po, o.args, o.n_args, inputs, o.n_args + 3, fmt, path, nb, 1, &s, &empty);
        if (ec != LK_EXIT_OK) {
            fprintf(stderr, "levekar profile: stopped at kommune %s; %zu of %zu profiles written before it\n",
                    batch.codes[i], written, batch.n);
        } else if (empty) {
            size_t l = strlen(empty_list);
            if (l + 16 < sizeof empty_list) snprintf(empty_list + l, sizeof empty_list - l, "%s%s", n_empty ? ", " : "", batch.codes[i]);
            else if (l + 5 < sizeof empty_list && strcmp(empty_list + l - 3, "...") != 0) strcat(empty_list, ", ...");
            n_empty++;
        } else {
            written++;
        }
    }
    if (ec == LK_EXIT_OK) {
        if (n_empty)
            fprintf(stderr, "levekar profile: warning: %zu kommuner have no data for any indicator in these files, "
                            "so no profile was written for them: %s\n", n_empty, empty_list);
        if (batch.fylke_name)
            fprintf(stderr, "levekar profile: %zu profiles of the kommuner of %s %s (borders of %d) written to %s\n", written,
                    all, batch.fylke_name, batch.year, out_path);
        else
            fprintf(stderr, "levekar profile: %zu profiles written to %s\n", written, out_path);
        if (!written) {
            fprintf(stderr, "levekar profile: no kommune of --all-kommuner %s has data in these files (expected exports "
                            "with its kommuner, or the fylke they cover)\n", all);
            ec = LK_EXIT_DATA;
        }
    }
done:
    said_free(&s);
    lk_batch_free(&batch);
    free(path);
    free(inputs);
    lk_opt_free(&o);
    return ec;
}
