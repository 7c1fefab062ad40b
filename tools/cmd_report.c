/* levekar report / levekar trend: an indicator for areas against their kommune, fylke and
 * landet, and its linear trend. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
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

typedef struct run_ctx {
    lk_geo *geo;
    lk_calc *calc;
    lk_harmoniser *harm;  /* per file, when --geography */
    lk_zone_agg *zones;   /* per file, when --zones */
    const char *path;
    lk_reader *reader;    /* the reader delivering (NULL after the reading: harmoniser, zones) */
    int file;
    int rc;
    lk_obsset *seen;      /* with several files: the observations so far (a part's own set) */
    lk_published *pub;    /* a published rate, when the indicator has one (--rate, or rate =) */
    lk_cli_names *names;  /* region names without codes (tools/names.c; a part's own) */
} run_ctx;

/* Stop with rc; a message goes through the reader, which gives the line's absolute number
 * (also in the second part of a split file), or straight to stderr after the reading. */
static int stop(run_ctx *x, const lk_obs *obs, int rc, const char *why)
{
    x->rc = rc;
    if (rc == LK_ENOMEM || !why || !*why) return 1;
    if (x->reader) lk_reader_stop_reason(x->reader, why);
    else fprintf(stderr, "%s:%lu: %s\n", x->path, obs->line, why);
    return 1;
}

static int to_calc(const lk_obs *obs, void *payload)
{
    run_ctx *x = payload;
    int rc = x->zones && obs->level != LK_LEVEL_ZONE ? lk_zone_agg_add(x->zones, obs) : LK_OK;
    if (rc != LK_OK) return stop(x, obs, rc, NULL);
    if (x->pub && (rc = lk_published_add(x->pub, obs, x->file, x->path)) != LK_OK) return stop(x, obs, rc, NULL);
    rc = x->calc ? lk_calc_add(x->calc, obs, x->file) : LK_OK;
    return rc == LK_OK ? 0 : stop(x, obs, rc, lk_calc_errmsg(x->calc));
}

static int on_obs(const lk_obs *obs, void *payload)
{
    run_ctx *x = payload;
    lk_obs o;
    char code[LK_REGION_CODE_MAX];
    if (!obs->region[0] && obs->region_name[0]) { /* a name without a code: look the code up */
        int rc = lk_cli_names_resolve(x->names, x->geo, x->path, obs, &o, code);
        if (rc != LK_OK) return stop(x, obs, rc, x->names->why);
        obs = &o;
    }
    if (x->seen) {
        int rc = lk_obsset_add(x->seen, obs);
        if (rc != LK_OK) return stop(x, obs, rc, lk_obsset_errmsg(x->seen));
    }
    if (x->harm) {
        int rc = lk_harmoniser_add(x->harm, obs);
        if (rc != LK_OK) {
            x->rc = rc;
            return 1;
        }
        return 0;
    }
    return to_calc(obs, x);
}

/* The second half of a large file, read by a second thread into its own sums. */
typedef struct part_job {
    lk_reader *reader;
    run_ctx ctx;
    int rc;
} part_job;

static void *run_part(void *arg)
{
    part_job *j = arg;
    j->rc = lk_reader_run(j->reader, on_obs, &j->ctx);
    return NULL;
}

/* The second part of a split file adds its observations to a set of its own while the first
 * part adds to seen, merged into seen after the reading. LK_OK with *out NULL without seen. */
static int part_set(lk_obsset **out, lk_obsset *seen, const char *path)
{
    *out = NULL;
    if (!seen) return LK_OK;
    if (lk_obsset_new(out) == LK_OK && lk_obsset_file(*out, path) == LK_OK) return LK_OK;
    lk_obsset_free(*out);
    *out = NULL;
    return LK_ENOMEM;
}

/* Files above this size are read by two threads when nothing needs them in order. */
#define LK_PARALLEL_MIN (32ull << 20)

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
/* A measure pattern as the name of an ad hoc indicator: "~18-24 år" and "=Personer" are named by
 * their words. */
static const char *pattern_name(const char *pattern)
{
    return pattern[0] == '=' || pattern[0] == '~' ? pattern + 1 : pattern;
}

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
static int render_chart(lk_report **reps, size_t n, lk_chart_opts *co, const char *out_path, const char *script_path)
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
        int rc = lk_chart_write_gnuplot((const lk_report *const *)reps, n, co, so.fp);
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
    int rc = mem ? lk_chart_write_gnuplot((const lk_report *const *)reps, n, co, mem) : LK_ENOMEM;
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

/* Without --geography, a kommune's older codes (Drammen 0602 to 2019, 3005 2020-2023) are areas
 * of their own, and today's code has only the latest years: an analyst who asks for 3301 "since
 * 2011" gets 2024 alone without knowing why. Say so once, with the codes, and name the option. */
static int by_pointer(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return x < y ? -1 : x > y;
}

/* An --area that is in the data but has no value in any period: empty rows would look like an
 * answer, so say why on stderr (which side, measure and ages, what its observations were).
 * When nothing in the data could make its ratio (a side with no observation, age bands that
 * cannot give the ages, no total category) it is an error: the files or options are wrong.
 * When its values are published as missing (`..`, `:`) or a count is 0, that is the answer:
 * the rows with their status are written, beside the fylke and landet. */
static int explain_areas(const lk_calc *calc, const char *const *areas, int n_areas, const char *cmd)
{
    static const char *const structural[] = { "~no-numerator", "~no-denominator", "~age-bands", NULL };
    for (int i = 0; i < n_areas; i++) {
        int valued = 0, wrong = 1;
        for (size_t k = 0; k < lk_calc_count(calc) && !valued; k++) {
            const lk_ratio *x = lk_calc_get(calc, k);
            if (strcmp(x->region, areas[i]) != 0) continue;
            valued = x->has_value;
            int s = 0;
            while (structural[s] && strcmp(structural[s], x->status) != 0) s++;
            if (!structural[s]) wrong = 0;
        }
        char why[1024];
        if (valued || lk_calc_explain(calc, areas[i], why, sizeof why) != LK_OK) continue; /* not in the data: said later */
        fprintf(stderr, "levekar %s: %sarea '%s' is in the data, but no ratio could be made for it in any period: %s\n",
                cmd, wrong ? "" : "warning: ", areas[i], why);
        if (wrong) return LK_EXIT_DATA;
    }
    return LK_EXIT_OK;
}

static void warn_old_codes(const lk_calc *calc, const lk_geo *geo, const char *cmd)
{
    int latest = 0;
    size_t n = lk_calc_count(calc);
    for (size_t i = 0; i < n; i++) {
        const lk_ratio *x = lk_calc_get(calc, i);
        if (x->period_info.last_year > latest) latest = x->period_info.last_year;
    }
    /* region texts are the calc's own, one pointer per code: distinct codes by pointer */
    const char **old = malloc((n ? n : 1) * sizeof *old);
    if (!old) return; /* a warning is worth no failure */
    char list[512] = "";
    const char *shown_codes[4];
    size_t n_old = 0, n_distinct = 0, shown = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        const lk_ratio *x = lk_calc_get(calc, i);
        lk_geo_target t[4];
        size_t nt = 0;
        if (x->level != LK_LEVEL_KOMMUNE
            || lk_geo_map(geo, x->region, x->period_info.last_year, latest, t, 4, &nt) != LK_OK || nt != 1
            || strcmp(t[0].code, x->region) == 0)
            continue;
        int dup = 0;
        for (size_t k = 0; k < n_old && k < 8 && !dup; k++) dup = old[n_old - 1 - k] == x->region;
        if (dup) continue;
        old[n_old++] = x->region;
        int listed = 0;
        for (size_t k = 0; k < shown && !listed; k++) listed = shown_codes[k] == x->region;
        if (!listed && shown < 4) {
            shown_codes[shown++] = x->region;
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s %s (%s in %d)", used ? ", " : "",
                                     x->region, x->region_name ? x->region_name : "", t[0].code, latest);
            if (used >= sizeof list) used = sizeof list - 1;
        }
    }
    qsort(old, n_old, sizeof *old, by_pointer);
    for (size_t i = 0; i < n_old; i++) n_distinct += i == 0 || old[i] != old[i - 1];
    free(old);
    if (n_distinct)
        fprintf(stderr, "levekar %s: %zu kommune code%s in the data belong%s to older borders: %s%s; without "
                "--geography each is an area of its own and today's code has only the later years "
                "(--geography latest joins them)\n", cmd, n_distinct, n_distinct == 1 ? "" : "s",
                n_distinct == 1 ? "s" : "", list, n_distinct > shown ? ", ..." : "");
}

int lk_cmd_report(int argc, char **argv, int mode)
{
    int trend = mode == 1, chart = mode == 2;
    const char *cmd = chart ? "chart" : trend ? "trend" : "report";
    const char *indicator_id = NULL, *indicators_path = NULL, *out_path = NULL, *changes = NULL;
    const char *script_path = NULL, *zones_path = NULL;
    lk_zones *zones = NULL;
    const char **ids = calloc((size_t)argc + 1, sizeof *ids);
    size_t n_ids = 0;
    lk_chart_opts co = LK_CHART_OPTS_INIT;
    lk_report **reps = calloc((size_t)argc + 1, sizeof *reps);
    int marks[2] = { 2020, 2024 };
    const char **files = calloc((size_t)argc + 2, sizeof *files);
    const char **areas = calloc((size_t)argc + 1, sizeof *areas);
    const char **where = calloc((size_t)argc + 1, sizeof *where);
    int n_files = 0, n_areas = 0, n_where = 0, all = 0, window = 0, geography = -1, ages_lo = -1, ages_hi = -1;
    int have_num = 0, have_den = 0, ec = LK_EXIT_OK, skip_missing = 0, strict = 0;
    lk_side num, den;
    /* published rates (#13 B3) and comparison regions (B5) */
    int have_rate = 0, n_compare = 0;
    lk_side rate_side;
    const char **compares = calloc((size_t)argc + 1, sizeof *compares);
    lk_published *pub = NULL;
    lk_scale scale = LK_SCALE_PERCENT;
    lk_format format = LK_FORMAT_TEXT;
    lk_report_opts ropts = LK_REPORT_OPTS_INIT;
    lk_registry *reg = NULL;
    lk_geo *geo = NULL;
    lk_calc *calc = NULL;
    lk_report *rep = NULL;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    lk_obsset *seen = NULL; /* with several files: their observations, each to be given once */
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
    if (!files || !areas || !where || !ids || !reps || !compares) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            report_usage(stdout, cmd);
            goto done;
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
            takes = 0;
        } else if (strcmp(a, "--strict") == 0) {
            strict = 1;
            takes = 0;
        } else if (a[0] != '-' || a[1] == '\0') {
            files[n_files++] = a;
            takes = 0;
        } else if (!v) {
            fprintf(stderr, "levekar %s: %s needs a value (see levekar %s --help)\n", cmd, a, cmd);
            ec = LK_EXIT_USAGE;
            goto done;
        } else if (strcmp(a, "--indicator") == 0) { indicator_id = v; ids[n_ids++] = v; }
        else if (chart && strcmp(a, "--title") == 0) co.title = v;
        else if (chart && strcmp(a, "--font") == 0) co.font = v;
        else if (chart && strcmp(a, "--script") == 0) script_path = v;
        else if (chart && strcmp(a, "--period") == 0) co.period = v;
        else if (chart && strcmp(a, "--size") == 0) {
            if (sscanf(v, "%dx%d", &co.width, &co.height) != 2 || co.width < 50 || co.height < 50 || co.width > 20000 || co.height > 20000) {
                fprintf(stderr, "levekar chart: --size '%s' (expected WIDTHxHEIGHT, e.g. 1600x900; millimetres for PDF)\n", v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        }
        else if (strcmp(a, "--indicators") == 0) indicators_path = v;
        else if (strcmp(a, "--numerator") == 0) { side_arg(argv[i + 1], files, &n_files, &num); have_num = 1; }
        else if (strcmp(a, "--denominator") == 0) { side_arg(argv[i + 1], files, &n_files, &den); have_den = 1; }
        else if (strcmp(a, "--area") == 0) areas[n_areas++] = v;
        else if (strcmp(a, "--rate") == 0) { side_arg(argv[i + 1], files, &n_files, &rate_side); have_rate = 1; }
        else if (strcmp(a, "--compare") == 0) compares[n_compare++] = v;
        else if (strcmp(a, "--where") == 0) {
            if (!strchr(v, '=')) {
                fprintf(stderr, "levekar %s: --where '%s' (expected NAME=VALUE)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
            where[n_where++] = v;
        } else if (strcmp(a, "--ages") == 0) {
            if (lk_age_parse(v, &ages_lo, &ages_hi) != LK_OK) {
                fprintf(stderr, "levekar %s: --ages '%s' (expected a range such as 15-74)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--missing") == 0) {
            if (strcmp(v, "skip") == 0) skip_missing = 1;
            else if (strcmp(v, "propagate") == 0) skip_missing = 0;
            else {
                fprintf(stderr, "levekar %s: --missing '%s' (expected propagate or skip)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--window") == 0) {
            if (!lk_cli_int_value(cmd, "--window", v, 1, 20, "a number of years", &window)) {
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--geography") == 0) {
            if (!lk_cli_year_value(cmd, "--geography", v, 1, &geography)) {
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--changes") == 0) changes = v;
        else if (strcmp(a, "--zones") == 0) zones_path = v;
        else if (strcmp(a, "--ci") == 0) {
            if (strcmp(v, "wilson") == 0) ropts.ci = LK_CI_WILSON;
            else if (strcmp(v, "exact") == 0) ropts.ci = LK_CI_EXACT;
            else if (strcmp(v, "none") == 0) ropts.ci = LK_CI_NONE;
            else {
                fprintf(stderr, "levekar %s: --ci '%s' (expected wilson, exact or none)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--level") == 0 || strcmp(a, "--alpha") == 0) {
            double d;
            if (lk_value_parse(&d, v, strlen(v), '.') != LK_OK || !(d > 0 && d < 1)) {
                fprintf(stderr, "levekar %s: %s '%s' (expected a number between 0 and 1, e.g. 0.95)\n", cmd, a, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
            if (a[2] == 'l') ropts.level = d;
            else ropts.alpha = d;
        } else if (strcmp(a, "--format") == 0) {
            if (!parse_format(v, &format)) {
                fprintf(stderr, "levekar %s: --format '%s' (expected text, csv, md, json or prose)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--lang") == 0) {
            if (strcmp(v, "nb") != 0 && strcmp(v, "en") != 0) {
                fprintf(stderr, "levekar %s: --lang '%s' (expected nb or en)\n", cmd, v);
                ec = LK_EXIT_USAGE;
                goto done;
            }
            ropts.lang = v;
        } else if (strcmp(a, "--scale") == 0) {
            if (strcmp(v, "percent") == 0) scale = LK_SCALE_PERCENT;
            else if (strcmp(v, "per1000") == 0) scale = LK_SCALE_PER1000;
            else if (strcmp(v, "kroner") == 0) scale = LK_SCALE_KRONER;
            else {
                fprintf(stderr, "levekar %s: --scale '%s' (expected percent, per1000 or kroner)\n", cmd, v);
                ec = LK_EXIT_USAGE;
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
    if (!indicator_id && !(have_num && have_den) && !(have_rate && !have_num && !have_den)) {
        fprintf(stderr, "levekar %s: no indicator (expected --indicator ID, --numerator and --denominator, or --rate)\n", cmd);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (indicator_id && (have_num || have_den)) {
        fprintf(stderr, "levekar %s: --indicator and --numerator/--denominator together (expected one of them)\n", cmd);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (n_compare && n_areas == 0) {
        fprintf(stderr, "levekar %s: --compare without --area (expected --area CODE to compare with %s)\n", cmd, compares[0]);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (n_files == 0) {
        fprintf(stderr, "levekar %s: no input files (expected CSV exports)\n", cmd);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    {
        /* before anything is read: an output over one of the inputs would destroy it */
        const char *extra[] = { indicators_path, zones_path, changes, script_path };
        const char **all_in = malloc(((size_t)n_files + 4) * sizeof *all_in);
        if (!all_in) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
        memcpy(all_in, files, (size_t)n_files * sizeof *all_in);
        memcpy(all_in + n_files, extra, sizeof extra);
        ec = lk_output_check_inputs(cmd, out_path, all_in, (size_t)n_files + 4);
        if (ec == LK_EXIT_OK) ec = lk_output_check_inputs(cmd, script_path, all_in, (size_t)n_files + 3);
        free(all_in);
        if (ec == LK_EXIT_OK && out_path && script_path && strcmp(out_path, script_path) == 0) {
            fprintf(stderr, "levekar chart: -o and --script name the same file %s (expected two files)\n", out_path);
            ec = LK_EXIT_USAGE;
        }
        if (ec != LK_EXIT_OK) goto done;
    }
    if ((ec = lk_cli_distinct_files(files, (size_t)n_files)) != LK_EXIT_OK) goto done;
    if (n_files > 1 && lk_obsset_new(&seen) != LK_OK) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }

    /* the built-in definitions are read only when an indicator is named (an ad hoc one from
     * --numerator and --denominator needs none) */
    int named = indicators_path != NULL;
    for (size_t i = 0; i < n_ids; i++)
        if (ids[i]) named = 1;
    if ((named && lk_registry_new(&reg) != LK_OK) || lk_geo_new(&geo) != LK_OK) {
        ec = lk_cli_nomem(NULL); /* the built-in definitions always load */
        goto done;
    }
    int lrc = indicators_path ? lk_registry_load(reg, indicators_path) : LK_OK;
    if (lrc != LK_OK) {
        ec = lk_cli_fail(lrc, lk_registry_errmsg(reg)); /* an unreadable file is 3, a bad definition 1 */
        goto done;
    }
    lrc = changes ? lk_geo_load_changes(geo, changes) : LK_OK;
    if (lrc != LK_OK) {
        ec = lrc == LK_ENOMEM ? lk_cli_nomem(lk_geo_errmsg(geo)) : lk_cli_fail(LK_EDATA, lk_geo_errmsg(geo));
        goto done;
    }
    if (zones_path) {
        int zrc = lk_zones_load(&zones, zones_path);
        if (zrc != LK_OK) {
            ec = lk_cli_fail(zrc, lk_zones_errmsg(zones));
            goto done;
        }
    }
    if (n_ids == 0) ids[n_ids++] = NULL; /* the ad hoc indicator */
    if (chart && co.kind != LK_CHART_PANEL && n_ids > 1) {
        fprintf(stderr, "levekar chart: one --indicator for this kind (expected several only for panel)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if (chart && !out_path && !script_path) {
        fprintf(stderr, "levekar chart: no output (expected -o FILE.png|.svg|.pdf and/or --script FILE.gp)\n");
        ec = LK_EXIT_USAGE;
        goto done;
    }
    /* Unemployment (and other measures) exist in incompatible definitions (NAV, SSB, FHI): never
     * put two of them side by side. */
    for (size_t i = 0; i < n_ids; i++)
        for (size_t k = i + 1; k < n_ids; k++) {
            const lk_indicator *a = ids[i] ? lk_registry_find(reg, ids[i]) : NULL;
            const lk_indicator *b = ids[k] ? lk_registry_find(reg, ids[k]) : NULL;
            if (!a || !b || !*a->family || !*b->family || strcmp(a->family, b->family) == 0) continue;
            if (a->name_en && b->name_en && strncmp(a->name_en, b->name_en, 12) == 0) {
                fprintf(stderr, "levekar %s: '%s' (%s) and '%s' (%s) follow incompatible definitions (expected "
                        "indicators of one definition family side by side)\n", cmd, a->id, a->family, b->id, b->family);
                ec = LK_EXIT_USAGE;
                goto done;
            }
        }
    if (!chart && (ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) goto done;
    static lk_indicator customs[64];
    size_t zones_matched = 0;  /* observations that fell in a zone, over all files */
    char zones_data[512] = ""; /* what the files hold when none did */
    for (size_t which = 0; which < n_ids && which < 64; which++) {
    indicator_id = ids[which];
    const lk_indicator *ind;
    if (indicator_id) {
        ind = lk_registry_find(reg, indicator_id);
        if (!ind) {
            fprintf(stderr, "levekar %s: unknown indicator '%s' (expected one of:", cmd, indicator_id);
            for (size_t i = 0; i < lk_registry_count(reg); i++)
                if (!*lk_registry_get(reg, i)->base) fprintf(stderr, " %s", lk_registry_get(reg, i)->id);
            fprintf(stderr, ")\n");
            ec = LK_EXIT_USAGE;
            goto done;
        }
        if (ages_lo >= 0 || have_rate) { /* --ages narrows a defined indicator too (e.g. youth unemployment) */
            static lk_indicator vcopy[64][8];
            static const lk_indicator *vlist[64][8];
            customs[which] = *ind;
            if (ages_lo >= 0) {
                customs[which].num.age_lo = customs[which].den.age_lo = customs[which].rate.age_lo = ages_lo;
                customs[which].num.age_hi = customs[which].den.age_hi = customs[which].rate.age_hi = ages_hi;
                if (customs[which].n_variants > 8) {
                    fprintf(stderr, "levekar %s: --ages with '%s': more than 8 source definitions (expected at most 8)\n",
                            cmd, ind->id);
                    ec = LK_EXIT_USAGE;
                    goto done;
                }
                for (size_t v = 0; v < customs[which].n_variants; v++) { /* each source definition too */
                    vcopy[which][v] = *ind->variants[v];
                    vcopy[which][v].num.age_lo = vcopy[which][v].den.age_lo = ages_lo;
                    vcopy[which][v].num.age_hi = vcopy[which][v].den.age_hi = ages_hi;
                    vlist[which][v] = &vcopy[which][v];
                }
                if (customs[which].n_variants) customs[which].variants = vlist[which];
            }
            if (have_rate) { /* the counts of the definition, and this rate where there are none */
                lk_side rs = rate_side;
                if (!*rs.measure) { /* FILE alone: the definition's rate, from that file */
                    rs.measure = ind->rate.measure;
                    rs.table = ind->rate.table;
                }
                rs.age_lo = ages_lo >= 0 ? ages_lo : ind->rate.age_lo;
                rs.age_hi = ages_lo >= 0 ? ages_hi : ind->rate.age_hi;
                customs[which].rate = rs;
            }
            ind = &customs[which];
        }
    } else {
        lk_indicator custom;
        memset(&custom, 0, sizeof custom);
        custom.id = "custom";
        custom.name_nb = custom.name_en = !have_num && have_rate ? (*rate_side.measure ? pattern_name(rate_side.measure) : "publisert rate")
                                        : *num.measure ? pattern_name(num.measure) : "teller/nevner";
        num.age_lo = den.age_lo = rate_side.age_lo = ages_lo;
        num.age_hi = den.age_hi = rate_side.age_hi = ages_hi;
        if (have_num) {
            custom.num = num;
            custom.den = den;
        } else {
            memset(&custom.num, 0, sizeof custom.num);
            custom.num.measure = custom.num.table = "";
            custom.num.age_lo = custom.num.age_hi = -1;
            custom.num.file = -1;
            custom.den = custom.num;
        }
        if (have_rate) custom.rate = rate_side;
        else custom.rate = custom.num, custom.rate.measure = "";
        custom.scale = scale;
        custom.higher_is_worse = 1;
        custom.family = "";
        custom.definition_nb = have_num ? "Egendefinert indikator: teller delt på nevner (summer av tellinger)."
                                        : "Publisert rate fra inndatafilen, brukt som publisert.";
        custom.definition_en = have_num ? "User-defined indicator: numerator divided by denominator (sums of counts)."
                                        : "A rate published in the input file, used as published.";
        custom.source = "Kilde: inndatafilene";
        custom.reference = "";
        customs[which] = custom;
        ind = &customs[which];
    }
    lk_calc_opts copts = LK_CALC_OPTS_INIT;
    copts.where = where;
    copts.n_where = (size_t)n_where;
    copts.window = window;
    copts.skip_missing = skip_missing;
    /* an indicator defined only on a published rate has no counts to compute */
    int rate_only = indicator_id ? !*ind->num.measure && !*ind->den.measure : !have_num;
    if ((have_rate || *ind->rate.measure) && window > 1) {
        fprintf(stderr, "levekar %s: --window with a published rate (expected counts: a rate cannot be summed over "
                "years; use the file's own multi-year rate)\n", cmd);
        ec = LK_EXIT_USAGE;
        goto done;
    }
    if ((!rate_only && lk_calc_new(&calc, ind, &copts) != LK_OK)
        || ((have_rate || *ind->rate.measure) && lk_published_new(&pub, &ind->rate, &copts) != LK_OK)) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    for (int f = 0; f < n_files && ec == LK_EXIT_OK; f++) {
        lk_cli_names names1, names2; /* the second part's own (its thread); names-only files are small */
        memset(&names1, 0, sizeof names1);
        memset(&names2, 0, sizeof names2);
        run_ctx x = { geo, calc, NULL, NULL, files[f], NULL, f, LK_OK, which == 0 ? seen : NULL, pub, &names1 };
        lk_obsset *part_seen = NULL;
        if (x.seen && lk_obsset_file(x.seen, files[f]) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            break;
        }
        if (zones && lk_zone_agg_new(&x.zones, zones) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            break;
        }
        if (geography >= 0) {
            lk_harmonise_opts ho = LK_HARMONISE_OPTS_INIT;
            ho.target_year = geography;
            if (lk_harmoniser_new(&x.harm, geo, &ho) != LK_OK) {
                lk_zone_agg_free(x.zones);
                ec = lk_cli_nomem(NULL);
                break;
            }
        }
        lk_reader *r = NULL, *part2 = NULL;
        lk_calc *calc2 = NULL;
        pthread_t thread;
        part_job job;
        int threaded = 0;
        int rc = lk_reader_open_ex(&r, files[f], NULL);
        /* Two threads for a large file when the sums need no order (no harmonisation or zones:
         * those keep their own state): each half into its own sums, merged afterwards. */
        const char *one = getenv("LEVEKAR_THREADS"), *min = getenv("LEVEKAR_SPLIT_MIN");
        unsigned long long split_min = min ? strtoull(min, NULL, 10) : LK_PARALLEL_MIN;
#ifdef LK_PLAIN
        one = "1"; /* the plain build: one thread, one part */
#endif
        if (rc == LK_OK && !x.harm && !x.zones && !pub && !(one && strcmp(one, "1") == 0)
            && lk_reader_split(r, &part2, split_min) == LK_OK && part2
            && lk_calc_new(&calc2, ind, &copts) == LK_OK) {
            job.reader = part2;
            job.ctx = x;
            job.ctx.calc = calc2;
            job.ctx.reader = part2;
            job.ctx.names = &names2;
            job.rc = LK_OK;
            threaded = part_set(&job.ctx.seen, x.seen, files[f]) == LK_OK
                       && pthread_create(&thread, NULL, run_part, &job) == 0;
            part_seen = job.ctx.seen;
        }
        lk_reader *stopped = r; /* the reader whose message tells why the reading stopped */
        x.reader = r;
        if (rc == LK_OK) rc = lk_reader_run(r, on_obs, &x);
        if (threaded) {
            pthread_join(thread, NULL);
            if (rc == LK_OK && job.rc != LK_OK) { /* report the second half's failure */
                if (job.rc == LK_EUSER) x.rc = job.ctx.rc;
                else fprintf(stderr, "%s\n", lk_reader_errmsg(part2));
                rc = job.rc == LK_EUSER ? LK_EUSER : LK_EDATA;
                if (job.rc != LK_EUSER) ec = lk_cli_exit_code(job.rc);
                stopped = part2;
            }
            int mrc = rc == LK_OK ? lk_calc_merge(calc, calc2) : LK_OK;
            if (mrc != LK_OK) { /* a limit of the sums (both halves' categories together), or memory */
                if (mrc != LK_ENOMEM) fprintf(stderr, "%s: %s\n", files[f], lk_calc_errmsg(calc));
                x.rc = mrc;
                rc = LK_EUSER;
            }
        } else if (part2 && rc == LK_OK) { /* no thread: read it here */
            x.reader = stopped = part2;
            if (!part_seen && part_set(&part_seen, x.seen, files[f]) != LK_OK) {
                x.rc = LK_ENOMEM;
                rc = LK_EUSER;
            } else {
                if (part_seen) x.seen = part_seen;
                rc = lk_reader_run(part2, on_obs, &x);
            }
        }
        /* each part checked its own rows; a row of the second part repeating one of the first */
        if (rc == LK_OK && part2) rc = lk_reader_check_parts(r, part2);
        if (rc == LK_OK && part_seen) { /* the second part's lines counted from the file's start */
            int mrc = lk_obsset_merge(seen, part_seen, lk_reader_line_offset(part2));
            if (mrc != LK_OK) {
                if (mrc != LK_ENOMEM) fprintf(stderr, "%s\n", lk_obsset_errmsg(seen));
                x.rc = mrc;
                rc = LK_EUSER;
            }
        }
        x.reader = NULL;
        if (rc == LK_OK && x.harm) rc = lk_harmoniser_finish(x.harm, to_calc, &x);
        if (rc == LK_OK && x.zones) rc = lk_zone_agg_finish(x.zones, to_calc, &x); /* zone rows, summed from counts */
        if (rc == LK_EUSER) {
            if (x.rc == LK_ENOMEM) lk_cli_nomem(NULL);
            else if (lk_reader_errmsg(stopped)[0]) fprintf(stderr, "%s\n", lk_reader_errmsg(stopped));
            ec = lk_cli_exit_code(x.rc);
        } else if (rc != LK_OK && ec == LK_EXIT_OK) {
            ec = lk_cli_fail(rc, lk_reader_errmsg(r));
        } else if (rc == LK_OK && which == 0) {
            ec = lk_cli_account(r, strict, cmd);
            if (ec == LK_EXIT_OK && part2) ec = lk_cli_account(part2, strict, cmd);
            if (ec == LK_EXIT_OK) ec = lk_cli_names_done(&names1, files[f], strict, cmd);
            if (ec == LK_EXIT_OK) ec = lk_cli_names_done(&names2, files[f], strict, cmd);
        }
        if (x.zones && which == 0) { /* a zone file matching no file of the data: said below */
            zones_matched += lk_zone_agg_matched(x.zones);
            size_t used = strlen(zones_data);
            if (!lk_zone_agg_matched(x.zones) && used + 8 < sizeof zones_data) {
                int k = snprintf(zones_data + used, sizeof zones_data - used, "%s%s: ", used ? "; " : "", files[f]);
                if (k > 0 && used + (size_t)k < sizeof zones_data)
                    lk_zone_agg_describe_data(x.zones, zones_data + used + k, sizeof zones_data - used - (size_t)k);
            }
        }
        lk_cli_names_free(&names1);
        lk_cli_names_free(&names2);
        lk_obsset_free(part_seen);
        lk_calc_free(calc2);
        lk_reader_free(part2);
        lk_reader_free(r);
        lk_harmoniser_free(x.harm);
        lk_zone_agg_free(x.zones);
    }
    if (ec != LK_EXIT_OK) goto done;
    if (zones && which == 0 && !zones_matched) lk_cli_warn_zones(cmd, zones_path, zones, zones_data);
    /* published rates first: where they are all there is, counts that matched nothing are no error */
    int prc = pub ? lk_published_finish(pub) : LK_OK;
    if (prc == LK_ENOMEM || (prc != LK_OK && (rate_only || prc != LK_ENOTFOUND))) {
        if (prc == LK_ENOMEM) ec = lk_cli_nomem(NULL);
        else fprintf(stderr, "levekar %s: %s\n", cmd, lk_published_errmsg(pub));
        if (prc != LK_ENOMEM) ec = lk_cli_exit_code(prc);
        goto done;
    }
    int rc = calc ? lk_calc_finish(calc) : LK_OK;
    if (rc == LK_EDATA && pub && prc == LK_OK && strstr(lk_calc_errmsg(calc), "no observation matched")) {
        lk_calc_free(calc); /* only the rate is in the files: it is the indicator */
        calc = NULL;
        rc = LK_OK;
    }
    if (rc == LK_ENOMEM) {
        ec = lk_cli_nomem(NULL);
        goto done;
    } else if (rc != LK_OK) {
        fprintf(stderr, "levekar %s: %s\n", cmd, lk_calc_errmsg(calc));
        ec = lk_cli_exit_code(rc);
        goto done;
    }
    if (calc && geography < 0 && which == 0) warn_old_codes(calc, geo, cmd);
    if (calc && *lk_calc_note(calc)) /* observations of the measures that the definitions' years or month leave out */
        fprintf(stderr, "levekar %s: note: %s\n", cmd, lk_calc_note(calc));
    if (lk_report_new(&rep, ind, &ropts) != LK_OK) {
        ec = lk_cli_nomem(NULL); /* the options were checked above */
        goto done;
    }
    lk_report_set_zones(rep, zones);
    if (prc == LK_OK) lk_report_set_published(rep, pub);
    for (int i = 0; i < n_compare && rc == LK_OK; i++) rc = lk_report_add_compare(rep, compares[i]);
    /* an area with no ratio says why (with published rates beside, the rate may be its answer) */
    if (calc && !(pub && prc == LK_OK) && (ec = explain_areas(calc, areas, n_areas, cmd)) != LK_EXIT_OK) goto done;
    for (int i = 0; i < n_areas && rc == LK_OK; i++) rc = lk_report_add_area(rep, calc, geo, areas[i]);
    if (rc == LK_OK && (all || n_areas == 0)) rc = lk_report_add_all(rep, calc, geo);
    if (rc == LK_ENOMEM) {
        ec = lk_cli_nomem(NULL);
        goto done;
    } else if (rc != LK_OK) {
        fprintf(stderr, "levekar %s: %s\n", cmd, lk_report_errmsg(rep));
        ec = lk_cli_exit_code(rc);
        goto done;
    }
    const char *o_region, *o_period;
    size_t n_over = lk_report_overridden(rep, &o_region, &o_period);
    if (n_over)
        fprintf(stderr, "levekar %s: counts and a published rate for the same region and period (%s %s, %zu in all): "
                "the counts are used\n", cmd, o_region, o_period, n_over);
    lk_report_set_published(rep, NULL); /* the rows hold copies */
    if (!chart) {
        if (which) fputc('\n', out.fp);
        rc = trend ? lk_report_write_trend(rep, format, out.fp) : lk_report_write(rep, format, out.fp);
        if (rc == LK_ENOMEM) {
            ec = lk_cli_nomem(NULL);
            goto done;
        } else if (rc != LK_OK) {
            ec = lk_output_failed(&out, cmd);
            goto done;
        }
        lk_report_free(rep);
    } else {
        reps[which] = rep;
        if (!co.area && n_areas) co.area = areas[0];
    }
    rep = NULL;
    lk_calc_free(calc);
    calc = NULL;
    lk_published_free(pub);
    pub = NULL;
    }
    if (chart) {
        if (geography >= 0) {
            co.marks = marks;
            co.n_marks = 2;
        }
        co.lang = ropts.lang;
        ec = render_chart(reps, n_ids, &co, out_path, script_path);
    } else {
        ec = lk_output_commit(&out);
    }
done:
    if (ec != LK_EXIT_OK && out.fp) lk_output_abort(&out);
    lk_obsset_free(seen);
    lk_zones_free(zones);
    for (size_t i = 0; reps && i < n_ids; i++) lk_report_free(reps[i]);
    free(reps);
    free(ids);
    lk_report_free(rep);
    lk_calc_free(calc);
    lk_published_free(pub);
    free(compares);
    lk_geo_free(geo);
    lk_registry_free(reg);
    free(files);
    free(areas);
    free(where);
    return ec;
}
