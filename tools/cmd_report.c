/* levekar report / trend / chart: an indicator for areas against their kommune, fylke and
 * landet, its linear trend, or a chart of it. The options become lk_pipeline_opts; the library's
 * pipeline (lib/pipeline) does the work, and this file only says what it said and writes the
 * report or draws the chart. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "opt.h"
#include "levekar.h"

/* One file under two names (x.csv, ./x.csv) is one input, read once for both sides. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* "FILE:MEASURE" → the file's index among the inputs (added when new) and the measure. */

static int side_arg(char *arg, const char **files, int *n_files, lk_side *side)
{
    char *colon = strrchr(arg, ':');
    FILE *probe = fopen(arg, "rb");
    if (probe) { /* the whole argument is a file name (it may contain ':') */
        fclose(probe);
        colon = NULL;
    }
    if (colon) *colon = '\0';
    side->measure = colon ? colon + 1 : "";
    side->table = "";
    side->age_lo = side->age_hi = -1;
    side->multiplier = 1.0;
    side->where = "";
    side->table_lo = side->table_hi = -1;
    for (int i = 0; i < *n_files; i++)
        if (strcmp(files[i], arg) == 0 || same_file(files[i], arg)) {
            side->file = i;
            return 0;
        }
    side->file = *n_files;
    files[(*n_files)++] = arg;
    return 0;
}

static int usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* One message about the command line; returns the usage exit code. */
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "levekar %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return LK_EXIT_USAGE;
}

/* "FILE[:MEASURE]" of --numerator, --denominator or --rate, in a copy that side_arg may cut. */
static int side_option(const lk_opt_result *o, const char *name, const char **files, int *n_files, lk_side *side,
                       char **copy)
{
    const char *v = lk_opt_str(o, name);
    if (!v) return 0;
    if (!(*copy = malloc(strlen(v) + 1))) return -1;
    strcpy(*copy, v);
    side_arg(*copy, files, n_files, side);
    return 1;
}

int lk_cmd_report(int argc, char **argv, int mode)
{
    int trend = mode == 1, chart = mode == 2;
    const char *cmd = chart ? "chart" : trend ? "trend" : "report";
    const lk_opt_cmd *spec = chart ? &lk_opt_cmd_chart : trend ? &lk_opt_cmd_trend : &lk_opt_cmd_report;
    lk_chart_opts co = LK_CHART_OPTS_INIT;
    int marks[2] = { 2020, 2024 };
    lk_pipeline_opts po = LK_PIPELINE_OPTS_INIT;
    lk_side num, den, rate_side;
    int have_num = 0, have_den = 0, have_rate = 0, n_files = 0, ec = LK_EXIT_OK;
    char *copies[3] = { NULL, NULL, NULL };
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    lk_fetched fetched = { NULL, NULL, 0 };
    lk_pipeline *p = NULL;
    lk_opt_result o;
    int pc = lk_opt_parse(&o, spec, argc, argv);
    if (pc != LK_OPT_CONTINUE) return pc; /* the help (0), or one message (2) */
    const char **files = calloc(o.n_args + 3, sizeof *files);
    if (!files) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    size_t first_file = 0;
    if (chart) {
        if (o.n_args < 1 || lk_chart_kind_parse(o.args[0]) < 0) {
            fprintf(stderr, "levekar chart: expected a kind: trend, compare, funnel or panel (see levekar chart --help)\n");
            ec = LK_EXIT_USAGE;
            goto done;
        }
        co.kind = (lk_chart_kind)lk_chart_kind_parse(o.args[0]);
        first_file = 1;
        co.title = lk_opt_str(&o, "title");
        co.font = lk_opt_str(&o, "font");
        co.period = lk_opt_str(&o, "period");
        if (lk_opt_given(&o, "size")) {
            co.width = (int)lk_opt_get(&o, "size")->num;
            co.height = (int)lk_opt_get(&o, "size")->num2;
        }
    }
    for (size_t i = first_file; i < o.n_args; i++) files[n_files++] = o.args[i];
    const char *out_path = lk_opt_str(&o, "output"), *script_path = chart ? lk_opt_str(&o, "script") : NULL;
    const lk_opt_value *ids = lk_opt_get(&o, "indicator"), *areas = lk_opt_get(&o, "area");
    const lk_opt_value *compares = lk_opt_get(&o, "compare"), *where = lk_opt_get(&o, "where");
    const lk_opt_value *defs = lk_opt_get(&o, "indicators");
    size_t n_ids = ids->given, n_areas = areas->given, n_compare = compares->given;
    if (defs->given > 1) {
        ec = usage_error(cmd, "--indicators given %zu times (expected one file of definitions)", defs->given);
        goto done;
    }
    po.indicators_file = lk_opt_str(&o, "indicators");
    po.all = lk_opt_given(&o, "all");
    po.strict = lk_opt_given(&o, "strict");
    po.window = (int)lk_opt_num(&o, "window", 0);
    po.geography = (int)lk_opt_num(&o, "geography", -1);
    po.skip_missing = lk_opt_num(&o, "missing", 0) == 1;
    po.scale = (lk_scale)lk_opt_num(&o, "scale", LK_SCALE_PERCENT);
    po.changes_file = lk_opt_str(&o, "changes");
    po.standardise = lk_opt_given(&o, "standardise") ? (int)lk_opt_num(&o, "standardise", 0) : -1; /* LK_STANDARDISE_* */
    po.standard_file = lk_opt_str(&o, "standard");
    po.std_interval = (int)lk_opt_num(&o, "std-interval", 0);
    po.zones_file = lk_opt_str(&o, "zones");
    po.report.ci = (lk_ci_method)lk_opt_num(&o, "ci", LK_CI_WILSON);
    if (lk_opt_given(&o, "level")) po.report.level = lk_opt_get(&o, "level")->real;
    if (lk_opt_given(&o, "alpha")) po.report.alpha = lk_opt_get(&o, "alpha")->real;
    if (lk_opt_given(&o, "lang")) po.report.lang = lk_opt_str(&o, "lang");
    if (lk_opt_given(&o, "ages")) {
        po.ages_lo = (int)lk_opt_get(&o, "ages")->num;
        po.ages_hi = (int)lk_opt_get(&o, "ages")->num2;
    }
    /* small counts: FHI's rule on districts unless asked otherwise; named, it protects kommuner too */
    lk_suppress_opts so;
    lk_cli_suppress_opts(&o, &so);
    po.suppress = &so;
    if (lk_opt_given(&o, "zone-start")) po.zone_start = 0.15; /* FHI's max_endring */
    /* the rows of these periods only; compare and funnel draw the (one) period, a trend all */
    if (lk_opt_given(&o, "period") && (!chart || co.kind == LK_CHART_COMPARE || co.kind == LK_CHART_FUNNEL)) {
        po.periods = lk_opt_get(&o, "period")->list;
        po.n_periods = lk_opt_get(&o, "period")->given;
        if (chart && (strcmp(co.period, "first") == 0 || strcmp(co.period, "latest") == 0)) co.period = NULL;
    }
    lk_format format = chart ? LK_FORMAT_TEXT : (lk_format)lk_opt_num(&o, "format", LK_FORMAT_TEXT);
    /* CSV with --lang nb asked for in so many words: the form a Norwegian spreadsheet opens in
     * columns (';', decimal comma); the default stays RFC 4180 with a decimal point */
    if (format == LK_FORMAT_CSV && lk_opt_given(&o, "lang") && strcmp(lk_opt_str(&o, "lang"), "nb") == 0)
        format = LK_FORMAT_CSV_NB;
    if ((have_num = side_option(&o, "numerator", files, &n_files, &num, &copies[0])) < 0
        || (have_den = side_option(&o, "denominator", files, &n_files, &den, &copies[1])) < 0
        || (have_rate = side_option(&o, "rate", files, &n_files, &rate_side, &copies[2])) < 0) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    if (!n_ids && !(have_num && have_den) && !(have_rate && !have_num && !have_den)) {
        ec = usage_error(cmd, "%s", "no indicator (expected --indicator ID, --numerator and --denominator, or --rate)");
        goto done;
    }
    if (n_ids && (have_num || have_den)) {
        ec = usage_error(cmd, "%s", "--indicator and --numerator/--denominator together (expected one of them)");
        goto done;
    }
    if (n_compare && n_areas == 0) {
        ec = usage_error(cmd, "--compare without --area (expected --area CODE to compare with %s)", compares->list[0]);
        goto done;
    }
    if (lk_opt_given(&o, "fetch") && (ec = lk_fetch_for_report(cmd, &o, &files, &n_files, &fetched)) != LK_EXIT_OK)
        goto done;
    if (n_files == 0) {
        ec = usage_error(cmd, "%s", "no input files (expected CSV exports, or --fetch)");
        goto done;
    }
    if (chart && co.kind != LK_CHART_PANEL && n_ids > 1) {
        ec = usage_error(cmd, "%s", "one --indicator for this kind (expected several only for panel)");
        goto done;
    }
    if (chart && !out_path && !script_path) {
        ec = usage_error(cmd, "%s", "no output (expected -o FILE.png|.svg|.pdf and/or --script FILE.gp)");
        goto done;
    }
    /* before anything is read: an output over one of the inputs would destroy it */
    const char *side_files[] = { po.indicators_file, po.zones_file, po.changes_file, script_path };
    const char **inputs = malloc(((size_t)n_files + 4) * sizeof *inputs);
    if (!inputs) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    memcpy(inputs, files, (size_t)n_files * sizeof *inputs);
    memcpy(inputs + n_files, side_files, sizeof side_files);
    ec = lk_output_check_inputs(cmd, out_path, inputs, (size_t)n_files + 4);
    if (ec == LK_EXIT_OK) ec = lk_output_check_inputs(cmd, script_path, inputs, (size_t)n_files + 3);
    if (ec == LK_EXIT_OK && out_path && script_path && strcmp(out_path, script_path) == 0)
        ec = usage_error(cmd, "-o and --script name the same file %s (expected two files)", out_path);
    if (ec != LK_EXIT_OK) {
        free(inputs);
        goto done;
    }

    po.indicators = ids->list;
    po.n_indicators = n_ids;
    po.no_data_ok = n_ids > 1; /* several indicators (a panel): one without data is marked, not the end */
    po.numerator = have_num ? &num : NULL;
    po.denominator = have_den ? &den : NULL;
    po.rate = have_rate ? &rate_side : NULL;
    po.areas = areas->list;
    po.n_areas = n_areas;
    po.where = where->list;
    po.n_where = where->given;
    po.compare = compares->list;
    po.n_compare = n_compare;
    /* LEVEKAR_THREADS=1 reads with one thread; LEVEKAR_SPLIT_MIN=BYTES moves the size from which a
     * file is read in two parts (never below the reader's floor of 4 MiB; the tests use it) */
    const char *one = getenv("LEVEKAR_THREADS"), *min = getenv("LEVEKAR_SPLIT_MIN");
    po.threads = one && strcmp(one, "1") == 0;
    po.split_min = min ? strtoull(min, NULL, 10) : 0;
    if (!chart && (ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) {
        free(inputs);
        goto done;
    }
    int rc = lk_pipeline_run(&p, files, (size_t)n_files, &po);
    ec = lk_cli_pipeline_said(p, rc, cmd, inputs, (size_t)n_files + 3);
    free(inputs);
    if (ec != LK_EXIT_OK) goto done;
    size_t n_reps = lk_pipeline_report_count(p);
    if (chart) {
        const lk_report **reps = malloc((n_reps ? n_reps : 1) * sizeof *reps);
        if (!reps) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
        for (size_t i = 0; i < n_reps; i++) reps[i] = lk_pipeline_report_at(p, i);
        if (!co.area && n_areas) co.area = areas->list[0];
        if (po.geography >= 0) {
            co.marks = marks;
            co.n_marks = 2;
        }
        co.lang = po.report.lang;
        ec = lk_cli_render_chart(reps, n_reps, &co, out_path, script_path);
        free(reps);
        goto done;
    }
    for (size_t i = 0; i < n_reps && ec == LK_EXIT_OK; i++) {
        const lk_report *rep = lk_pipeline_report_at(p, i);
        if (i) fputc('\n', out.fp);
        rc = trend ? lk_report_write_trend(rep, format, out.fp) : lk_report_write(rep, format, out.fp);
        if (rc == LK_ENOMEM) ec = lk_cli_nomem(NULL);
        else if (rc != LK_OK) ec = lk_output_failed(&out, cmd);
    }
    if (ec == LK_EXIT_OK) ec = lk_output_commit(&out);
done:
    if (ec != LK_EXIT_OK && out.fp) lk_output_abort(&out);
    lk_pipeline_free(p);
    for (int i = 0; i < 3; i++) free(copies[i]);
    free(files);
    lk_fetched_release(&fetched);
    lk_opt_free(&o);
    return ec;
}
