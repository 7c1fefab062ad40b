/* levekar report / trend / chart: an indicator for areas against their kommune, fylke and
 * landet, its linear trend, or a chart of it. The options become lk_pipeline_opts; the library's
 * pipeline (lib/pipeline) does the work, and this file only says what it said and writes the
 * report or draws the chart. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "levekar.h"

static void report_usage(FILE *to, const char *cmd)
{
    int chart = strcmp(cmd, "chart") == 0;
    fprintf(to,
            "Usage: levekar %s [OPTIONS] FILE...\n"
            "\n"
            "%s\n"
            "\n"
            "%s"
            "Indicator (one of):\n"
            "      --indicator ID          a defined indicator (levekar indicators lists them)\n"
            "      --numerator FILE[:MEASURE] --denominator FILE[:MEASURE]\n"
            "                              an indicator from any two measures (MEASURE: part of the text)\n"
            "      --rate FILE[:MEASURE]   a rate as the file publishes it (percent, per 1000, kroner; with\n"
            "                              --indicator: used where the file has no counts)\n"
            "      --scale percent|per1000|kroner   scale of such an indicator (default percent)\n"
            "      --indicators FILE       add or correct definitions (same format as the built-in file)\n"
            "Selection:\n"
            "      --ages A-B              restrict both counts to ages A-B (never a partial or double count)\n"
            "      --where NAME=VALUE      keep one category of another dimension (repeatable)\n"
            "      --area CODE             report CODE with its kommune, fylke and landet (repeatable)\n"
            "      --all                   every region in the data, and the fylker and landet built from it\n"
            "      --compare CODE          also show and test a comparison region of the data: a KOSTRA group\n"
            "                              (EKG08), Landet uten Oslo (EAKUO) or a kommune (repeatable)\n"
            "      --window N              N-year rolling figures: sum of counts over N years, then divide\n"
            "      --strict                fail on blank rows inside the data and labels taken from the row\n"
            "                              above; without it such things are said on stderr\n"
            "      --missing propagate|skip  a missing part makes a sum missing (default), or is left out\n"
            "                              and counted in the status (~skipped:N)\n"
            "      --geography YEAR|latest harmonise to the borders of YEAR first (see levekar tidy --help)\n"
            "      --zones FILE            districts (zone,name,member) summed from grunnkrets counts; use a\n"
            "                              zone code with --area\n"
            "      --changes FILE          add kommune changes from a KLASS change list\n"
            "Statistics and output:\n"
            "      --ci wilson|exact|none  interval for shares (default wilson; rates per 1000: exact Poisson)\n"
            "      --level L               confidence level (default 0.95)\n"
            "      --alpha A               significance level of the tests (default 0.05)\n"
            "      --format text|csv|md|json|prose   (default text)\n"
            "      --lang nb|en            language of labels and prose (default nb, decimal comma)\n"
            "%s"
            "  -h, --help                  show this help\n",
            chart ? "chart KIND" : cmd,
            chart ? "A chart drawn by gnuplot (Debian package gnuplot-nox) for plan documents, from the same\n"
                    "selection as levekar report. The image is made in a private folder and moved to the name\n"
                    "given only when gnuplot succeeded."
            : strcmp(cmd, "trend") == 0
                ? "Per region, the linear change per year by weighted least squares, its interval, the annual\n"
                  "per cent change and the direction in words (at least 3 periods)."
                : "The indicator per period for each area, its kommune, fylke and landet: counts, value,\n"
                  "confidence interval, index (landet = 100), and whether the area is higher, lower or similar\n"
                  "than the rest of the country.",
            chart ? "Kinds:\n"
                    "  trend                       an area over time against its fylke and landet, 95 % band\n"
                    "  compare                     all areas of one period, sorted, with interval whiskers\n"
                    "  funnel                      areas by denominator against value, 95 % and 99.8 % limits\n"
                    "  panel                       small multiples: several --indicator for one area\n"
                    "Chart:\n"
                    "  -o, --output FILE.png|.svg|.pdf   the image (the extension picks the format)\n"
                    "      --script FILE.gp        also save the gnuplot script (gnuplot FILE.gp redraws it)\n"
                    "      --title T               title (any text; shown literally)\n"
                    "      --size WxH              size in pixels (png, svg) or millimetres (pdf)\n"
                    "      --font 'NAME,SIZE'      font (default DejaVu Sans)\n"
                    "      --period P              the period of compare and funnel (default the latest)\n"
                    "\n"
                  : "",
            chart ? "" : "  -o, --output FILE           write to FILE\n");
}

static int parse_format(const char *s, lk_format *f)
{
    static const char *const names[] = { "text", "csv", "md", "json", "prose" };
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (lk_format)i;
            return 1;
        }
    return 0;
}

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
static int render_chart(const lk_report *const *reps, size_t n, lk_chart_opts *co, const char *out_path, const char *script_path)
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


/* A message that starts with one of the run's files names its place; others get the command. */
static int has_place(const char *msg, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = paths[i] ? strlen(paths[i]) : 0;
        if (k && strncmp(msg, paths[i], k) == 0 && msg[k] == ':') return 1;
    }
    return 0;
}

/* What the pipeline said about the input, one line each, and its failure. */
static int said(const lk_pipeline *p, int rc, const char *cmd, const char *const *paths, size_t n_paths)
{
    static const char *const kind[] = { "", "note: ", "warning: " };
    for (size_t i = 0; i < lk_pipeline_message_count(p); i++) {
        const lk_message *m = lk_pipeline_message_at(p, i);
        fprintf(stderr, "levekar %s: %s%s\n", cmd, kind[m->kind], m->text);
    }
    if (rc == LK_OK) return LK_EXIT_OK;
    if (rc == LK_ENOMEM) return lk_cli_nomem(p ? lk_pipeline_errmsg(p) : NULL);
    const char *msg = lk_pipeline_errmsg(p);
    if (has_place(msg, paths, n_paths)) fprintf(stderr, "%s\n", msg);
    else fprintf(stderr, "levekar %s: %s\n", cmd, msg);
    return lk_cli_exit_code(rc);
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

int lk_cmd_report(int argc, char **argv, int mode)
{
    int trend = mode == 1, chart = mode == 2;
    const char *cmd = chart ? "chart" : trend ? "trend" : "report";
    const char *out_path = NULL, *script_path = NULL;
    lk_chart_opts co = LK_CHART_OPTS_INIT;
    int marks[2] = { 2020, 2024 };
    lk_pipeline_opts po = LK_PIPELINE_OPTS_INIT;
    lk_side num, den, rate_side;
    int have_num = 0, have_den = 0, have_rate = 0, n_files = 0, ec = LK_EXIT_OK;
    size_t n_ids = 0, n_areas = 0, n_where = 0, n_compare = 0;
    lk_format format = LK_FORMAT_TEXT;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    lk_pipeline *p = NULL;
    const char **files = calloc((size_t)argc + 2, sizeof *files);
    const char **areas = calloc((size_t)argc + 1, sizeof *areas);
    const char **where = calloc((size_t)argc + 1, sizeof *where);
    const char **ids = calloc((size_t)argc + 1, sizeof *ids);
    const char **compares = calloc((size_t)argc + 1, sizeof *compares);
    if (!files || !areas || !where || !ids || !compares) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    if (chart) {
        if (argc < 2 || lk_chart_kind_parse(argv[1]) < 0) {
            if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                report_usage(stdout, cmd);
                goto done;
            }
            fprintf(stderr, "levekar chart: expected a kind: trend, compare, funnel or panel (see levekar chart --help)\n");
            ec = LK_EXIT_USAGE;
            goto done;
        }
        co.kind = (lk_chart_kind)lk_chart_kind_parse(argv[1]);
        argv++;
        argc--;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            report_usage(stdout, cmd);
            goto done;
        } else if (strcmp(a, "--all") == 0) {
            po.all = 1;
            takes = 0;
        } else if (strcmp(a, "--strict") == 0) {
            po.strict = 1;
            takes = 0;
        } else if (a[0] != '-' || a[1] == '\0') {
            files[n_files++] = a;
            takes = 0;
        } else if (!v) {
            fprintf(stderr, "levekar %s: %s needs a value (see levekar %s --help)\n", cmd, a, cmd);
            ec = LK_EXIT_USAGE;
            goto done;
        } else if (strcmp(a, "--indicator") == 0) ids[n_ids++] = v;
        else if (chart && strcmp(a, "--title") == 0) co.title = v;
        else if (chart && strcmp(a, "--font") == 0) co.font = v;
        else if (chart && strcmp(a, "--script") == 0) script_path = v;
        else if (chart && strcmp(a, "--period") == 0) co.period = v;
        else if (chart && strcmp(a, "--size") == 0) {
            if (sscanf(v, "%dx%d", &co.width, &co.height) != 2 || co.width < 50 || co.height < 50 || co.width > 20000 || co.height > 20000) {
                ec = usage_error(cmd, "--size '%s' (expected WIDTHxHEIGHT, e.g. 1600x900; millimetres for PDF)", v);
                goto done;
            }
        }
        else if (strcmp(a, "--indicators") == 0) po.indicators_file = v;
        else if (strcmp(a, "--numerator") == 0) { side_arg(argv[i + 1], files, &n_files, &num); have_num = 1; }
        else if (strcmp(a, "--denominator") == 0) { side_arg(argv[i + 1], files, &n_files, &den); have_den = 1; }
        else if (strcmp(a, "--area") == 0) areas[n_areas++] = v;
        else if (strcmp(a, "--rate") == 0) { side_arg(argv[i + 1], files, &n_files, &rate_side); have_rate = 1; }
        else if (strcmp(a, "--compare") == 0) compares[n_compare++] = v;
        else if (strcmp(a, "--where") == 0) {
            if (!strchr(v, '=')) {
                ec = usage_error(cmd, "--where '%s' (expected NAME=VALUE)", v);
                goto done;
            }
            where[n_where++] = v;
        } else if (strcmp(a, "--ages") == 0) {
            if (lk_age_parse(v, &po.ages_lo, &po.ages_hi) != LK_OK) {
                ec = usage_error(cmd, "--ages '%s' (expected a range such as 15-74)", v);
                goto done;
            }
        } else if (strcmp(a, "--missing") == 0) {
            if (strcmp(v, "skip") == 0) po.skip_missing = 1;
            else if (strcmp(v, "propagate") == 0) po.skip_missing = 0;
            else {
                ec = usage_error(cmd, "--missing '%s' (expected propagate or skip)", v);
                goto done;
            }
        } else if (strcmp(a, "--window") == 0) {
            if (!lk_cli_int_value(cmd, "--window", v, 1, 20, "a number of years", &po.window)) {
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--geography") == 0) {
            if (!lk_cli_year_value(cmd, "--geography", v, 1, &po.geography)) {
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--changes") == 0) po.changes_file = v;
        else if (strcmp(a, "--zones") == 0) po.zones_file = v;
        else if (strcmp(a, "--ci") == 0) {
            if (strcmp(v, "wilson") == 0) po.report.ci = LK_CI_WILSON;
            else if (strcmp(v, "exact") == 0) po.report.ci = LK_CI_EXACT;
            else if (strcmp(v, "none") == 0) po.report.ci = LK_CI_NONE;
            else {
                ec = usage_error(cmd, "--ci '%s' (expected wilson, exact or none)", v);
                goto done;
            }
        } else if (strcmp(a, "--level") == 0 || strcmp(a, "--alpha") == 0) {
            double d;
            if (lk_value_parse(&d, v, strlen(v), '.') != LK_OK || !(d > 0 && d < 1)) {
                fprintf(stderr, "levekar %s: %s '%s' (expected a number between 0 and 1, e.g. 0.95)\n", cmd, a, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
            if (a[2] == 'l') po.report.level = d;
            else po.report.alpha = d;
        } else if (strcmp(a, "--format") == 0) {
            if (!parse_format(v, &format)) {
                ec = usage_error(cmd, "--format '%s' (expected text, csv, md, json or prose)", v);
                goto done;
            }
        } else if (strcmp(a, "--lang") == 0) {
            if (strcmp(v, "nb") != 0 && strcmp(v, "en") != 0) {
                ec = usage_error(cmd, "--lang '%s' (expected nb or en)", v);
                goto done;
            }
            po.report.lang = v;
        } else if (strcmp(a, "--scale") == 0) {
            if (strcmp(v, "percent") == 0) po.scale = LK_SCALE_PERCENT;
            else if (strcmp(v, "per1000") == 0) po.scale = LK_SCALE_PER1000;
            else if (strcmp(v, "kroner") == 0) po.scale = LK_SCALE_KRONER;
            else {
                ec = usage_error(cmd, "--scale '%s' (expected percent, per1000 or kroner)", v);
                goto done;
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) out_path = v;
        else {
            fprintf(stderr, "levekar %s: unknown option '%s' (see levekar %s --help)\n", cmd, a, cmd);
            ec = LK_EXIT_USAGE;
            goto done;
        }
        i += takes;
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
        ec = usage_error(cmd, "--compare without --area (expected --area CODE to compare with %s)", compares[0]);
        goto done;
    }
    if (n_files == 0) {
        ec = usage_error(cmd, "%s", "no input files (expected CSV exports)");
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

    po.indicators = ids;
    po.n_indicators = n_ids;
    po.numerator = have_num ? &num : NULL;
    po.denominator = have_den ? &den : NULL;
    po.rate = have_rate ? &rate_side : NULL;
    po.areas = areas;
    po.n_areas = n_areas;
    po.where = where;
    po.n_where = n_where;
    po.compare = compares;
    po.n_compare = n_compare;
    /* LEVEKAR_THREADS=1 reads with one thread; LEVEKAR_SPLIT_MIN=BYTES moves the size from which
     * a file is read in two parts (the tests split small files with it) */
    const char *one = getenv("LEVEKAR_THREADS"), *min = getenv("LEVEKAR_SPLIT_MIN");
    po.threads = one && strcmp(one, "1") == 0;
    po.split_min = min ? strtoull(min, NULL, 10) : 0;
    if (!chart && (ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) {
        free(inputs);
        goto done;
    }
    int rc = lk_pipeline_run(&p, files, (size_t)n_files, &po);
    ec = said(p, rc, cmd, inputs, (size_t)n_files + 3);
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
        if (!co.area && n_areas) co.area = areas[0];
        if (po.geography >= 0) {
            co.marks = marks;
            co.n_marks = 2;
        }
        co.lang = po.report.lang;
        ec = render_chart(reps, n_reps, &co, out_path, script_path);
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
    free(compares);
    free(ids);
    free(files);
    free(areas);
    free(where);
    return ec;
}
