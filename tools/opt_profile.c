/* The options of levekar profile (tools/cmd_profile.c parses them), as a table: the help, the
 * man page and the checks come from here, in the style of opt_report.c. */
#include <stddef.h>
#include <string.h>
#include "opt.h"

/* --date YYYY-MM-DD: the production date as shown (reproducible documents) */
static int check_date(const char *v, lk_opt_value *out)
{
    (void)out;
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return 0;
    return 1;
}

static const lk_opt_spec area = {
    .name = "area", .kind = LK_OPT_STRING, .value = "CODE",
    .help = "the kommune, bydel or zone of the profile (with its fylke and landet)"
};
static const lk_opt_spec all_kommuner = {
    .name = "all-kommuner", .kind = LK_OPT_STRING, .value = "FYLKE|LIST",
    .help = "one profile per kommune instead of --area: every kommune of the fylke (a code such as\n"
            "33, at the borders of --geography YEAR or the newest known) or of a list (3301,3303);\n"
            "-o names each file with {region} in it (-o 'profiler/{region}.html'); a kommune without\n"
            "data in the files is left out and named"
};
static const lk_opt_spec indicator = {
    .name = "indicator", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "ID",
    .help = "only these indicators, in this order (repeatable; default: every built-in and\n"
            "--indicators one, in the order of forskrift § 3)"
};
static const lk_opt_spec from = {
    .name = "from", .kind = LK_OPT_YEAR, .value = "YEAR",
    .help = "the first year of the change (default the earliest year the area and landet both\n"
            "have)"
};
static const lk_opt_spec relevance = {
    .name = "relevance", .kind = LK_OPT_INT, .value = "N", .lo = 0, .hi = 100, .what = "index points",
    .help = "a significant difference is called higher or lower only when the index (landet = 100)\n"
            "differs by at least N (default 10)"
};
static const lk_opt_spec date = {
    .name = "date", .kind = LK_OPT_CHECKED, .value = "YYYY-MM-DD", .check = check_date,
    .expected = "a date such as 2026-12-04", .help = "the production date shown (default today, UTC)"
};

static const lk_opt selection_opts[] = {
    { &area, NULL, NULL },
    { &all_kommuner, NULL, NULL },
    { &indicator, NULL, NULL },
    { &lk_opt_indicators, NULL, "add or correct definitions (same format as the built-in file)" },
    { &from, NULL, NULL },
    { &lk_opt_zones, NULL, "districts (zone,name,member) summed from grunnkrets counts: the\n"
                           "Districts section (every zone of the kommune against the rest of it,\n"
                           "inequality between them, a levekårsindeks); a zone code with --area" },
    { &lk_opt_geography, NULL, "harmonise to the borders of YEAR first (see levekar tidy --help)" },
    { &lk_opt_changes, NULL, "add kommune changes from a KLASS change list" },
    { &lk_opt_window, NULL, NULL },
};
static const lk_opt stats_opts[] = {
    { &lk_opt_ci, NULL, NULL },
    { &lk_opt_level, NULL, NULL },
    { &lk_opt_alpha, NULL, NULL },
    { &relevance, NULL, NULL },
    { &lk_opt_lang, NULL, "language of the document (default nb: bokmål, decimal comma)" },
    { &date, NULL, NULL },
};
static const lk_opt output_opts[] = {
    { &lk_opt_output, "FILE.html|.pdf|.docx|.md|.xlsx|.json|.csv|.txt", "the document; the extension picks the format (.pdf: the\n"
                                                       "HTML laid out for A4 by weasyprint; .docx: the\n"
                                                       "Markdown made into Word by pandoc; .md: for\n"
                                                       "pandoc, with the charts in the folder FILE_files; .xlsx: one\n"
                                                       "sheet per table, where levekar was built with libxlsxwriter;\n"
                                                       ".json, .csv: every number; default: text on standard output)" },
};

static const lk_opt_group profile_groups[] = {
    { "Selection:", selection_opts, LK_OPT_N(selection_opts) },
    { "Statistics and output:", stats_opts, LK_OPT_N(stats_opts) },
    { NULL, output_opts, LK_OPT_N(output_opts) },
};

const lk_opt_cmd lk_opt_cmd_profile = {
    .name = "profile", .synopsis = "--area CODE | --all-kommuner FYLKE [OPTIONS] FILE...",
    .summary = "a levekår profile of an area for a plan document (HTML or text)",
    .description = "Every indicator the files can serve, in the order of forskrift om oversikt over folkehelsen\n"
                   "§ 3: the area against its fylke and landet in the latest period, a verdict from the test\n"
                   "and the indicator's direction (better, worse, not different, not tested, value-neutral),\n"
                   "the trend and the change since the first year, key findings, sentences to quote, charts,\n"
                   "definitions and sources, and the input files' SHA-256. An indicator without data is shown\n"
                   "as \"ingen data\" with what to download; it never stops the profile. The HTML file is\n"
                   "self-contained (inline CSS and SVG, nothing fetched) and prints on A4.\n",
    .args = 1, .groups = profile_groups, .n_groups = LK_OPT_N(profile_groups)
};
