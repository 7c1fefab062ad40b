/* The option tables of every command agree (one spec per option name), and the parser
 * (tools/opt.c) on the tables of report, trend and chart (tools/opt_report.c), which
 * tools/cmd_report.c does not parse with yet: each value read into the number the command
 * needs, and each bad value refused with the words cmd_report.c prints today (copied from its
 * fprintf calls), so that switching it over changes no message. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "cli.h"
#include "opt.h"

/* levekar.c's, which the test does not link (it links the commands for their tables) */
int lk_cli_nomem(const char *msg)
{
    (void)msg;
    return LK_EXIT_INTERNAL;
}
int lk_cli_fail(int status, const char *msg)
{
    (void)status;
    (void)msg;
    return LK_EXIT_INTERNAL;
}

/* Parse ARGS (NULL-terminated) against CMD with stderr caught in err: the exit code. */
static char err[1024];
static int parse(lk_opt_result *res, const lk_opt_cmd *cmd, const char **args)
{
    char *argv[40];
    int argc = 0;
    while (args[argc]) {
        argv[argc] = (char *)args[argc];
        argc++;
    }
    argv[argc] = NULL;
    fflush(stderr);
    int saved = dup(2);
    FILE *f = tmpfile();
    assert_non_null(f);
    dup2(fileno(f), 2);
    int ec = lk_opt_parse(res, cmd, argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(f);
    size_t n = fread(err, 1, sizeof err - 1, f);
    err[n] = '\0';
    fclose(f);
    return ec;
}

static void test_report_values(void **state)
{
    (void)state;
    const char *args[] = { "report", "--indicator", "unemployment", "--ci", "exact", "--format", "prose",
                           "--scale", "kroner", "--missing", "skip", "--level", "0.9", "--alpha", "0.01",
                           "--ages", "15-74", "--where", "kjønn=Menn", "--where=alder=15-74 år", "--area", "3301",
                           "--area", "0301", "--window", "3", "--geography", "latest", "--all", "--strict",
                           "-o", "out.csv", "a.csv", "b.csv", NULL };
    lk_opt_result o;
    assert_int_equal(parse(&o, &lk_opt_cmd_report, args), LK_OPT_CONTINUE);
    assert_string_equal(err, "");
    /* a choice is its index in the listed words, which are in the order of the library's enums */
    assert_int_equal(lk_opt_num(&o, "ci", -1), LK_CI_EXACT);
    assert_int_equal(lk_opt_num(&o, "format", -1), LK_FORMAT_PROSE);
    assert_int_equal(lk_opt_num(&o, "scale", -1), LK_SCALE_KRONER);
    assert_int_equal(lk_opt_num(&o, "missing", -1), 1); /* propagate, skip */
    assert_true(lk_opt_get(&o, "level")->real == 0.9);
    assert_true(lk_opt_get(&o, "alpha")->real == 0.01);
    assert_int_equal(lk_opt_get(&o, "ages")->num, 15);
    assert_int_equal(lk_opt_get(&o, "ages")->num2, 74);
    const lk_opt_value *w = lk_opt_get(&o, "where");
    assert_int_equal(w->given, 2);
    assert_string_equal(w->list[0], "kjønn=Menn");
    assert_string_equal(w->list[1], "alder=15-74 år");
    const lk_opt_value *a = lk_opt_get(&o, "area");
    assert_int_equal(a->given, 2);
    assert_string_equal(a->list[1], "0301");
    assert_int_equal(lk_opt_num(&o, "window", 0), 3);
    assert_int_equal(lk_opt_num(&o, "geography", -1), 0); /* latest */
    assert_true(lk_opt_given(&o, "all") && lk_opt_given(&o, "strict"));
    assert_string_equal(lk_opt_str(&o, "output"), "out.csv");
    assert_string_equal(lk_opt_get(&o, "indicator")->list[0], "unemployment");
    assert_null(lk_opt_str(&o, "zones"));
    assert_int_equal(lk_opt_num(&o, "lang", -1), -1); /* not given: the default */
    assert_int_equal(o.n_args, 2);
    assert_string_equal(o.args[0], "a.csv");
    assert_string_equal(o.args[1], "b.csv");
    lk_opt_free(&o);
}

static void test_chart_values(void **state)
{
    (void)state;
    const char *args[] = { "chart", "funnel", "--size", "1600x900", "--title", "--strict", "--script", "c.gp",
                           "--indicator", "a", "--indicator", "b", "x.csv", NULL };
    lk_opt_result o;
    assert_int_equal(parse(&o, &lk_opt_cmd_chart, args), LK_OPT_CONTINUE);
    assert_string_equal(o.args[0], "funnel"); /* the kind is the first argument */
    assert_string_equal(o.args[1], "x.csv");
    assert_int_equal(lk_opt_get(&o, "size")->num, 1600);
    assert_int_equal(lk_opt_get(&o, "size")->num2, 900);
    assert_string_equal(lk_opt_str(&o, "title"), "--strict"); /* a value, whatever it looks like */
    assert_false(lk_opt_given(&o, "strict"));
    assert_int_equal(lk_opt_get(&o, "indicator")->given, 2);
    assert_string_equal(lk_opt_get(&o, "indicator")->list[1], "b");
    lk_opt_free(&o);
}

/* Each refusal: one line, exit 2, the words cmd_report.c has today. */
static void refused(const lk_opt_cmd *cmd, const char *opt, const char *v, const char *msg)
{
    const char *args[] = { cmd->name, opt, v, "x.csv", NULL };
    if (!v) args[2] = NULL;
    lk_opt_result o;
    assert_int_equal(parse(&o, cmd, args), LK_EXIT_USAGE);
    assert_string_equal(err, msg);
}

static void test_refusals(void **state)
{
    (void)state;
    refused(&lk_opt_cmd_report, "--ci", "bayes", "levekar report: --ci 'bayes' (expected wilson, exact or none)\n");
    refused(&lk_opt_cmd_trend, "--format", "pdf", "levekar trend: --format 'pdf' (expected text, csv, md, json, prose or csv-nb)\n");
    refused(&lk_opt_cmd_report, "--missing", "zero", "levekar report: --missing 'zero' (expected propagate or skip)\n");
    refused(&lk_opt_cmd_report, "--scale", "per100", "levekar report: --scale 'per100' (expected percent, per1000 or kroner)\n");
    refused(&lk_opt_cmd_report, "--lang", "de", "levekar report: --lang 'de' (expected nb or en)\n");
    refused(&lk_opt_cmd_report, "--level", "1", "levekar report: --level '1' (expected a number between 0 and 1, e.g. 0.95)\n");
    refused(&lk_opt_cmd_report, "--alpha", "0", "levekar report: --alpha '0' (expected a number between 0 and 1, e.g. 0.95)\n");
    refused(&lk_opt_cmd_report, "--window", "21", "levekar report: --window '21' (expected a number of years from 1 to 20)\n");
    refused(&lk_opt_cmd_report, "--window", "3x", "levekar report: --window '3x' (expected a number of years from 1 to 20)\n");
    refused(&lk_opt_cmd_report, "--geography", "2024x", "levekar report: --geography '2024x' (expected a year such as 2024, or 'latest')\n");
    refused(&lk_opt_cmd_report, "--ages", "young", "levekar report: --ages 'young' (expected a range such as 15-74)\n");
    refused(&lk_opt_cmd_report, "--where", "kjønn", "levekar report: --where 'kjønn' (expected NAME=VALUE)\n");
    refused(&lk_opt_cmd_chart, "--size", "40x900",
            "levekar chart: --size '40x900' (expected WIDTHxHEIGHT, e.g. 1600x900; millimetres for PDF)\n");
    /* stricter than the sscanf of today, which took "1600x900px" as 1600x900 */
    refused(&lk_opt_cmd_chart, "--size", "1600x900px",
            "levekar chart: --size '1600x900px' (expected WIDTHxHEIGHT, e.g. 1600x900; millimetres for PDF)\n");
    refused(&lk_opt_cmd_report, "--size", "1600x900", "levekar report: unknown option '--size' (see levekar report --help)\n");
    refused(&lk_opt_cmd_report, "--indicator", NULL, "levekar report: --indicator needs a value (expected ID)\n");
    refused(&lk_opt_cmd_chart, "-o", NULL, "levekar chart: -o needs a value (expected FILE.png|.svg|.pdf)\n");
    const char *twice[] = { "report", "--ages", "15-74", "--ages", "16-66", NULL };
    lk_opt_result o;
    assert_int_equal(parse(&o, &lk_opt_cmd_report, twice), LK_EXIT_USAGE);
    assert_string_equal(err, "levekar report: --ages given twice ('15-74', then '16-66'; expected it once)\n");
}

static void test_asks_help(void **state)
{
    (void)state;
    char *title[] = { "chart", "trend", "--title", "--help", NULL };
    char *help[] = { "report", "--area", "3301", "--help", NULL };
    char *after[] = { "report", "--", "--help", NULL };
    assert_false(lk_opt_asks_help(&lk_opt_cmd_chart, 4, title)); /* the title "--help" */
    assert_true(lk_opt_asks_help(&lk_opt_cmd_report, 4, help));
    assert_false(lk_opt_asks_help(&lk_opt_cmd_report, 3, after)); /* a file named --help */
}

/* Every table of the tool: one meaning per option name. An option two commands take is one spec
 * (so it is checked alike), but for regions' --changes, a switch there (list the change events)
 * and a KLASS file elsewhere, which regions calls --klass: kept, as scripts use both. */
static void test_tables(void **state)
{
    (void)state;
    const lk_opt_cmd *cmds[] = { &lk_opt_cmd_tidy, &lk_opt_cmd_report, &lk_opt_cmd_trend, &lk_opt_cmd_chart,
                                 &lk_opt_cmd_indicators, &lk_opt_cmd_inspect, &lk_opt_cmd_regions,
                                 &lk_opt_cmd_coverage };
    const size_t n = sizeof cmds / sizeof cmds[0];
    for (size_t c = 0; c < n; c++)
        for (size_t g = 0; g < cmds[c]->n_groups; g++)
            for (size_t i = 0; i < cmds[c]->groups[g].n; i++) {
                const lk_opt_spec *s = cmds[c]->groups[g].opts[i].spec;
                /* a spec says all its kind needs */
                assert_non_null(s->help);
                assert_true(s->kind == LK_OPT_FLAG || s->value);
                assert_true(s->kind != LK_OPT_CHOICE || (s->choices && s->choices[0]));
                assert_true(s->kind != LK_OPT_CHECKED || (s->check && s->expected));
                assert_true(s->kind != LK_OPT_INT || (s->lo <= s->hi && s->what));
                /* within its command: one option of each name, short or long, and not -h */
                size_t seen = 0;
                for (size_t h = 0; h < cmds[c]->n_groups; h++)
                    for (size_t j = 0; j < cmds[c]->groups[h].n; j++) {
                        const lk_opt_spec *t = cmds[c]->groups[h].opts[j].spec;
                        seen += strcmp(s->name, t->name) == 0;
                        if (t != s && s->short_name) assert_true(t->short_name != s->short_name);
                    }
                assert_int_equal(seen, 1);
                assert_true(s->short_name != 'h' && strcmp(s->name, "help") != 0);
                /* across commands: the same name is the same spec */
                for (size_t d = 0; d < n; d++)
                    for (size_t h = 0; h < cmds[d]->n_groups; h++)
                        for (size_t j = 0; j < cmds[d]->groups[h].n; j++) {
                            const lk_opt_spec *t = cmds[d]->groups[h].opts[j].spec;
                            if (strcmp(s->name, t->name) != 0 || t == s) continue;
                            int regions_changes = strcmp(s->name, "changes") == 0
                                                  && (cmds[c] == &lk_opt_cmd_regions || cmds[d] == &lk_opt_cmd_regions);
                            if (!regions_changes) fail_msg("--%s of %s and of %s are two specs", s->name, cmds[c]->name,
                                                           cmds[d]->name);
                        }
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_values),
        cmocka_unit_test(test_chart_values),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_asks_help),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
