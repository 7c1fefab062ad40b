/* The options several commands take, each declared once: its name, the kind of value and the
 * check. A command may word the help for itself (lk_opt.help), never the check. */
#include <stddef.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

static const char *const formats[] = { "text", "csv", "md", "json", "prose", "csv-nb", NULL }; /* lk_format's order */
static const char *const langs[] = { "nb", "en", NULL };
static const char *const cis[] = { "wilson", "exact", "none", NULL };
static const char *const suppress_presets[] = { "fhi", "ssb", "none", NULL };

const lk_opt_spec lk_opt_output = {
    .name = "output", .short_name = 'o', .kind = LK_OPT_FILE, .value = "FILE",
    .help = "write to FILE (written to a temporary file, renamed when done)"
};
const lk_opt_spec lk_opt_geography = {
    .name = "geography", .kind = LK_OPT_YEAR_LATEST, .value = "YEAR|latest",
    .help = "harmonise to the borders of YEAR ('latest': the latest year in the data)"
};
const lk_opt_spec lk_opt_estimate_splits = {
    .name = "estimate-splits", .kind = LK_OPT_FLAG,
    .help = "with --geography: share out the counts of a unit divided whole by the new units' shares"
};
const lk_opt_spec lk_opt_zones = {
    .name = "zones", .kind = LK_OPT_FILE, .value = "FILE",
    .help = "districts (zone file header: zone,name,member) summed from grunnkrets counts"
};
const lk_opt_spec lk_opt_changes = {
    .name = "changes", .kind = LK_OPT_FILE, .value = "FILE",
    .help = "add kommune changes from a KLASS change list (CSV) to the geography"
};
const lk_opt_spec lk_opt_strict = {
    .name = "strict", .kind = LK_OPT_FLAG,
    .help = "fail on blank rows inside the data and labels taken from the row above; without it they\n"
            "are said on stderr"
};
const lk_opt_spec lk_opt_reference_parser = {
    .name = "reference-parser", .kind = LK_OPT_FLAG,
    .help = "split rows with libcsv instead of the fast scanner"
};
const lk_opt_spec lk_opt_year = {
    .name = "year", .kind = LK_OPT_YEAR, .value = "YEAR", .help = "the year"
};
const lk_opt_spec lk_opt_indicators = {
    .name = "indicators", .kind = LK_OPT_FILE, .flags = LK_OPT_REPEAT, .value = "FILE",
    .help = "read further definitions (same format as the built-in file; a block with an existing id\n"
            "replaces it; repeatable, read in order)"
};
const lk_opt_spec lk_opt_window = {
    .name = "window", .kind = LK_OPT_INT, .value = "N", .lo = 1, .hi = 20, .what = "a number of years",
    .help = "N-year rolling figures: sum of counts over N years, then divide"
};
const lk_opt_spec lk_opt_format = {
    .name = "format", .kind = LK_OPT_CHOICE, .value = "text|csv|md|json|prose|csv-nb", .choices = formats,
    .help = "the output's format (default text); csv is RFC 4180 with a decimal point, csv-nb\n"
            "(or csv with --lang nb given) ';' and a decimal comma for a Norwegian spreadsheet"
};
const lk_opt_spec lk_opt_lang = {
    .name = "lang", .kind = LK_OPT_CHOICE, .value = "nb|en", .choices = langs,
    .help = "language of labels and prose (default nb, decimal comma)"
};
const lk_opt_spec lk_opt_ci = {
    .name = "ci", .kind = LK_OPT_CHOICE, .value = "wilson|exact|none", .choices = cis,
    .help = "interval for shares (default wilson; rates per 1000: exact Poisson)"
};
const lk_opt_spec lk_opt_level = {
    .name = "level", .kind = LK_OPT_FRACTION, .value = "L", .help = "confidence level (default 0.95)"
};
const lk_opt_spec lk_opt_alpha = {
    .name = "alpha", .kind = LK_OPT_FRACTION, .value = "A", .help = "significance level of the tests (default 0.05)"
};
const lk_opt_spec lk_opt_suppress = {
    .name = "suppress", .kind = LK_OPT_CHOICE, .value = "fhi|ssb|none", .choices = suppress_presets,
    .help = "small-count protection: fhi (fewer than 5 cases or a population under 10,\n"
            "the indicator's limits; on by default for zones, grunnkretser and bydeler), ssb\n"
            "(fewer than 3), none; given, it protects kommuner too"
};
const lk_opt_spec lk_opt_min_numerator = {
    .name = "min-numerator", .kind = LK_OPT_INT, .value = "T", .lo = 0, .hi = 1000000, .what = "a count",
    .help = "hide a figure whose numerator is below T (0: no such rule)"
};
const lk_opt_spec lk_opt_min_denominator = {
    .name = "min-denominator", .kind = LK_OPT_INT, .value = "N", .lo = 0, .hi = 1000000000, .what = "a count",
    .help = "hide a figure whose denominator is below N (0: no such rule)"
};

/* The three options read the same way in every command: FHI's rule on the district levels
 * unless asked otherwise; a preset named protects kommuner too; explicit limits override it. */
void lk_cli_suppress_opts(const lk_opt_result *o, lk_suppress_opts *out)
{
    static const char *const presets[] = { "fhi", "ssb", "none" };
    lk_suppress_preset(out, presets[lk_opt_num(o, "suppress", 0)]);
    if (lk_opt_given(o, "suppress") && lk_opt_num(o, "suppress", 0) != 2) out->levels |= LK_SUPPRESS_LEVEL(LK_LEVEL_KOMMUNE);
    if (lk_opt_given(o, "min-numerator")) out->min_numerator = (double)lk_opt_num(o, "min-numerator", 0);
    if (lk_opt_given(o, "min-denominator")) out->min_denominator = (double)lk_opt_num(o, "min-denominator", 0);
}
