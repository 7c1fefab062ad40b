/* The options of report, trend and chart (tools/cmd_report.c parses them), as tables: the help,
 * the man page and the checks come from here. Report and trend take the same options; chart
 * takes a KIND first, its own options for the image, and the same selection. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "levekar.h"
#include "opt.h"

/* --ages A-B: num and num2 the ages (lk_age_parse: "15-74", "67+" ...) */
static int check_ages(const char *v, lk_opt_value *out)
{
    int lo, hi;
    if (lk_age_parse(v, &lo, &hi) != LK_OK) return 0;
    out->num = lo;
    out->num2 = hi;
    return 1;
}

/* --where NAME=VALUE: the text as given (the data says later whether NAME and VALUE exist) */
static int check_where(const char *v, lk_opt_value *out)
{
    (void)out;
    return strchr(v, '=') != NULL;
}

/* --size WxH: num and num2 the width and height, each 50-20000, and nothing after them */
static int check_size(const char *v, lk_opt_value *out)
{
    char *end;
    if (*v < '0' || *v > '9') return 0;
    long w = strtol(v, &end, 10);
    if (*end != 'x' || end[1] < '0' || end[1] > '9') return 0;
    long h = strtol(end + 1, &end, 10);
    if (*end || w < 50 || h < 50 || w > 20000 || h > 20000) return 0;
    out->num = w;
    out->num2 = h;
    return 1;
}

static const char *const missings[] = { "propagate", "skip", NULL };
static const char *const scales[] = { "percent", "per1000", "kroner", NULL };

static const lk_opt_spec indicator = {
    .name = "indicator", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "ID",
    .help = "a defined indicator (levekar indicators lists them; chart panel: several)"
};
static const lk_opt_spec numerator = {
    .name = "numerator", .kind = LK_OPT_STRING, .value = "FILE[:MEASURE]",
    .help = "with --denominator: an indicator from any two measures (MEASURE: part of the text)"
};
static const lk_opt_spec denominator = {
    .name = "denominator", .kind = LK_OPT_STRING, .value = "FILE[:MEASURE]",
    .help = "the denominator of such an indicator"
};
static const lk_opt_spec rate = {
    .name = "rate", .kind = LK_OPT_STRING, .value = "FILE[:MEASURE]",
    .help = "a rate as the file publishes it (percent, per 1000, kroner; with\n"
            "--indicator: used where the file has no counts)"
};
static const lk_opt_spec scale = {
    .name = "scale", .kind = LK_OPT_CHOICE, .value = "percent|per1000|kroner", .choices = scales,
    .help = "scale of such an indicator (default percent)"
};
static const lk_opt_spec ages = {
    .name = "ages", .kind = LK_OPT_CHECKED, .value = "A-B", .check = check_ages,
    .expected = "a range such as 15-74",
    .help = "restrict both counts to ages A-B (never a partial or double count)"
};
static const lk_opt_spec where = {
    .name = "where", .kind = LK_OPT_CHECKED, .flags = LK_OPT_REPEAT, .value = "NAME=VALUE", .check = check_where,
    .expected = "NAME=VALUE", .help = "keep one category of another dimension (repeatable)"
};
static const lk_opt_spec area = {
    .name = "area", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "CODE",
    .help = "report CODE with its kommune, fylke and landet (repeatable)"
};
static const lk_opt_spec all = {
    .name = "all", .kind = LK_OPT_FLAG,
    .help = "every region in the data, and the fylker and landet built from it"
};
static const lk_opt_spec compare = {
    .name = "compare", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "CODE",
    .help = "also show and test a comparison region of the data: a KOSTRA group\n"
            "(EKG08), Landet uten Oslo (EAKUO) or a kommune (repeatable)"
};
static const lk_opt_spec missing = {
    .name = "missing", .kind = LK_OPT_CHOICE, .value = "propagate|skip", .choices = missings,
    .help = "a missing part makes a sum missing (default), or is left out\n"
            "and counted in the status (~skipped:N)"
};
static const lk_opt_spec zone_start = {
    .name = "zone-start", .kind = LK_OPT_FLAG,
    .help = "FHI's rule: a zone's series starts in the last year its population changed\n"
            "by more than 15 %; earlier years are withheld (~zone-changed)"
};
static const lk_opt_spec report_period = {
    .name = "period", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "P",
    .help = "only period P (repeatable; first and latest: the earliest and the latest\n"
            "with a value), e.g. --period first --period latest"
};
static const char *const standardises[] = { "none", "direct", "indirect", NULL }; /* as lk_standardise */
static const lk_opt_spec standardise = {
    .name = "standardise", .kind = LK_OPT_CHOICE, .value = "direct|indirect|none", .choices = standardises,
    .help = "age (and sex) standardisation: direct to a standard population\n"
            "(Dobson interval), indirect against landet's rates (SMR, exact\n"
            "Poisson; index_land = SMR x 100); default the indicator's"
};
static const lk_opt_spec standard = {
    .name = "standard", .kind = LK_OPT_FILE, .value = "FILE|esp2013",
    .help = "the standard of --standardise direct: a file age,population or the\n"
            "European Standard Population 2013 (default landet's population\n"
            "in the latest period of the data)"
};
static const char *const std_intervals[] = { "exact", "byar", "fay-feuer", NULL }; /* lk_pipeline_opts.std_interval */
static const lk_opt_spec std_interval = {
    .name = "std-interval", .kind = LK_OPT_CHOICE, .value = "exact|byar|fay-feuer", .choices = std_intervals,
    .help = "the standardised interval: exact Poisson limits (Dobson for direct; default),\n"
            "Byar's approximation, or Fay-Feuer's gamma interval (direct)"
};
static const lk_opt_spec script = {
    .name = "script", .kind = LK_OPT_FILE, .value = "FILE.gp",
    .help = "also save the gnuplot script (gnuplot FILE.gp redraws it)"
};
static const lk_opt_spec title = {
    .name = "title", .kind = LK_OPT_STRING, .value = "T", .help = "title (any text; shown literally)"
};
static const lk_opt_spec size = {
    .name = "size", .kind = LK_OPT_CHECKED, .value = "WxH", .check = check_size,
    .expected = "WIDTHxHEIGHT, e.g. 1600x900; millimetres for PDF",
    .help = "size in pixels (png, svg) or millimetres (pdf)"
};
static const lk_opt_spec font = {
    .name = "font", .kind = LK_OPT_STRING, .value = "'NAME,SIZE'", .help = "font (default DejaVu Sans)"
};

static const lk_opt_spec fetch = {
    .name = "fetch", .kind = LK_OPT_FLAG,
    .help = "first fetch what the indicators need for --area (or --all) from SSB through the cache\n"
            "(levekar fetch; $LEVEKAR_SSB_API), and read it with any FILE given"
};

static const lk_opt indicator_opts[] = {
    { &indicator, NULL, NULL },
    { &numerator, NULL, NULL },
    { &denominator, NULL, NULL },
    { &rate, NULL, NULL },
    { &scale, NULL, NULL },
    { &lk_opt_indicators, NULL, "add or correct definitions (same format as the built-in file)" },
    { &fetch, NULL, NULL },
};
static const lk_opt selection_opts[] = {
    { &ages, NULL, NULL },
    { &where, NULL, NULL },
    { &area, NULL, NULL },
    { &all, NULL, NULL },
    { &compare, NULL, NULL },
    { &lk_opt_window, NULL, NULL },
    { &lk_opt_strict, NULL, NULL },
    { &missing, NULL, NULL },
    { &lk_opt_geography, NULL, "harmonise to the borders of YEAR first (see levekar tidy --help)" },
    { &lk_opt_zones, NULL, "districts (zone,name,member) summed from grunnkrets counts; use a\n"
                           "zone code with --area" },
    { &zone_start, NULL, NULL },
    { &lk_opt_changes, NULL, "add kommune changes from a KLASS change list" },
    { &standardise, NULL, NULL },
    { &standard, NULL, NULL },
    { &std_interval, NULL, NULL },
};
static const lk_opt stats_opts[] = {
    { &lk_opt_suppress, NULL, NULL },
    { &lk_opt_min_numerator, NULL, NULL },
    { &lk_opt_min_denominator, NULL, NULL },
    { &lk_opt_ci, NULL, NULL },
    { &lk_opt_level, NULL, NULL },
    { &lk_opt_alpha, NULL, NULL },
    { &lk_opt_format, NULL, NULL },
    { &lk_opt_lang, NULL, NULL },
};
static const lk_opt output_opts[] = {
    { &report_period, NULL, NULL },
    { &lk_opt_output, NULL, "write to FILE" },
};
static const lk_opt chart_opts[] = {
    { &lk_opt_output, "FILE.png|.svg|.pdf", "the image (the extension picks the format)" },
    { &script, NULL, NULL },
    { &title, NULL, NULL },
    { &size, NULL, NULL },
    { &font, NULL, NULL },
    { &report_period, NULL, "the period of compare and funnel (default the latest; also first)" },
};

static const lk_opt_group report_groups[] = {
    { "Indicator (one of):", indicator_opts, LK_OPT_N(indicator_opts) },
    { "Selection:", selection_opts, LK_OPT_N(selection_opts) },
    { "Statistics and output:", stats_opts, LK_OPT_N(stats_opts) },
    { NULL, output_opts, LK_OPT_N(output_opts) },
};
static const lk_opt_group chart_groups[] = {
    { "Chart:", chart_opts, LK_OPT_N(chart_opts) },
    { "Indicator (one of):", indicator_opts, LK_OPT_N(indicator_opts) },
    { "Selection:", selection_opts, LK_OPT_N(selection_opts) },
    { "Statistics and output:", stats_opts, LK_OPT_N(stats_opts) },
};

static const lk_opt_word kinds[] = {
    { "trend", "an area over time against its fylke and landet, 95 % band" },
    { "compare", "all areas of one period, sorted, with interval whiskers" },
    { "funnel", "areas by denominator against value, 95 % and 99.8 % limits" },
    { "panel", "small multiples: several --indicator for one area" },
};

const lk_opt_cmd lk_opt_cmd_report = {
    .name = "report", .synopsis = "[OPTIONS] FILE...",
    .summary = "an indicator for areas against kommune, fylke and landet, with intervals and tests",
    .description = "The indicator per period for each area, its kommune, fylke and landet: counts, value,\n"
                   "confidence interval, index (landet = 100), and whether the area is higher, lower or similar\n"
                   "than the rest of the country.\n",
    .args = 1, .groups = report_groups, .n_groups = LK_OPT_N(report_groups)
};
const lk_opt_cmd lk_opt_cmd_trend = {
    .name = "trend", .synopsis = "[OPTIONS] FILE...",
    .summary = "the indicator's weighted linear trend per region",
    .description = "Per region, the linear change per year by weighted least squares, its interval, the annual\n"
                   "per cent change and the direction in words (at least 3 periods).\n",
    .args = 1, .groups = report_groups, .n_groups = LK_OPT_N(report_groups)
};
const lk_opt_cmd lk_opt_cmd_chart = {
    .name = "chart", .synopsis = "KIND [OPTIONS] FILE...",
    .summary = "trend, compare, funnel or panel chart through gnuplot (PNG, SVG, PDF)",
    .description = "A chart drawn by gnuplot (Debian package gnuplot-nox) for plan documents, from the same\n"
                   "selection as levekar report. The image is made in a private folder and moved to the name\n"
                   "given only when gnuplot succeeded.\n",
    .args = 1, .words_title = "Kinds:", .words = kinds, .n_words = LK_OPT_N(kinds),
    .groups = chart_groups, .n_groups = LK_OPT_N(chart_groups)
};
