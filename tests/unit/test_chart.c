/* Charts: gnuplot quoting (any text renders literally, never as a command) and golden scripts
 * compared byte for byte (the scripts are deterministic: no time stamps, C-locale numbers). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"
#include "fixture.h"
#include "report/report_internal.h"

#ifndef LK_GOLDEN_DIR
#define LK_GOLDEN_DIR "tests/golden"
#endif

#define FFFD "\xEF\xBF\xBD" /* U+FFFD REPLACEMENT CHARACTER */
#define WJ "\xE2\x81\xA0"     /* U+2060 WORD JOINER */

static char *quoted_with(int (*quote)(FILE *, const char *), const char *s)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(quote(f, s), LK_OK);
    fclose(f);
    return text;
}

#define assert_quoted(fn, in, expected) do { \
        char *q_ = quoted_with(fn, in); \
        assert_string_equal(q_, expected); \
        free(q_); \
    } while (0)

/* Expected forms written by hand from gnuplot 5.4's lexer (see chart.c); test_chart_gnuplot runs
 * texts like these through gnuplot itself. */
static void test_quoting(void **state)
{
    (void)state;
    assert_quoted(lk_gnuplot_quote, "it's 100% _x_ @a & {b} \"q\" æøå", "'it''s 100% _x_ @a & {b} \"q\" æøå'");
    assert_quoted(lk_gnuplot_quote, NULL, "''");
    assert_quoted(lk_gnuplot_quote, "", "''");
    /* a line break is shown as one; a quote never closes the string */
    assert_quoted(lk_gnuplot_quote, "x'\nsystem('touch pwned')\n'", "'x'''.\"\\n\".'system(''touch pwned'')'.\"\\n\\0047\"");
    assert_quoted(lk_gnuplot_quote, "a\r\nb\rc\td", "'a'.\"\\n\".'b'.\"\\n\".'c d'");
    /* '' only right after a character: gnuplot's lexer ends '''x' and 'a''''b' early */
    assert_quoted(lk_gnuplot_quote, "'", "\"\\0047\"");
    assert_quoted(lk_gnuplot_quote, "''", "\"\\0047\\0047\"");
    assert_quoted(lk_gnuplot_quote, "'x", "\"\\0047\".'x'");
    assert_quoted(lk_gnuplot_quote, "x'", "'x'''");
    assert_quoted(lk_gnuplot_quote, "a''b", "'a'''.\"\\0047\".'b'");
    /* backslashes, backquotes, @ and # are literal inside '...' */
    assert_quoted(lk_gnuplot_quote, "C:\\new\\ `touch x` @GPVAL_PWD #c", "'C:\\new\\ `touch x` @GPVAL_PWD #c'");
    /* invalid UTF-8: U+FFFD per maximal subpart; controls, U+FFFE and C1 have nothing to show */
    assert_quoted(lk_gnuplot_quote, "a\xff b\xc3", "'a" FFFD " b" FFFD "'");
    assert_quoted(lk_gnuplot_quote, "\xe2\x82(", "'" FFFD "('");
    assert_quoted(lk_gnuplot_quote, "\xed\xa0\x80|\xc0\xaf|\xf4\x90\x80\x80",
                  "'" FFFD FFFD FFFD "|" FFFD FFFD "|" FFFD FFFD FFFD FFFD "'");
    assert_quoted(lk_gnuplot_quote, "a\x01" "b\x7f\xc2\x85\xef\xbf\xbe", "'a" FFFD "b" FFFD FFFD FFFD "'");
    assert_quoted(lk_gnuplot_quote, "\xf0\x9f\x98\x80 \xe2\x80\x94", "'\xf0\x9f\x98\x80 \xe2\x80\x94'");
    /* gnuplot's SVG terminal leaves > and "&#x" unescaped */
    assert_quoted(lk_gnuplot_quote, "]]> &#x41; &#65;", "']]" WJ "> &#" WJ "x41; &#65;'");
    assert_int_equal(lk_gnuplot_quote(NULL, "x"), LK_EINVAL);
    assert_int_equal(lk_chart_kind_parse("funnel"), LK_CHART_FUNNEL);
    assert_int_equal(lk_chart_kind_parse("pie"), -1);
}

/* set output: every byte kept, and never gnuplot's "|cmd" pipe or "~" home */
static void test_path_quoting(void **state)
{
    (void)state;
    assert_quoted(lk_gnuplot_quote_path, "|touch pwned.png", "'./|touch pwned.png'");
    assert_quoted(lk_gnuplot_quote_path, "~/x.svg", "'./~/x.svg'");
    assert_quoted(lk_gnuplot_quote_path, "chart.pdf", "'./chart.pdf'");
    assert_quoted(lk_gnuplot_quote_path, "/tmp/a'b.pdf", "'/tmp/a''b.pdf'");
    assert_quoted(lk_gnuplot_quote_path, "'x.png", "'./''x.png'");
    assert_quoted(lk_gnuplot_quote_path, "it''s.png", "'./it'''.\"\\0047\".'s.png'");
    assert_quoted(lk_gnuplot_quote_path, "a\nb\x01\xff `x` @y.png", "'./a'.\"\\n\".'b'.\"\\0001\".'\xff `x` @y.png'");
}

static const char data[] =
    "\"99999: Test, etter region, \xE5r og statistikkvariabel\"\n"
    "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\n"
    "\"0 Hele landet\";\"2022\";2000;100000\n"
    "\"0 Hele landet\";\"2023\";2100;100000\n"
    "\"0 Hele landet\";\"2024\";2200;100000\n"
    "\"3301 Drammen\";\"2022\";300;10000\n"
    "\"3301 Drammen\";\"2023\";:;10000\n"
    "\"3301 Drammen\";\"2024\";330;10000\n"
    "\"3312 Lier\";\"2024\";50;4000\n";

static int feed(const lk_obs *o, void *payload)
{
    return lk_calc_add(payload, o, 0) == LK_OK ? 0 : 1;
}

static void golden(lk_chart_kind kind, const char *area, const char *output, const char *name)
{
    lk_indicator ind = fx_indicator("Ledige", "Personer");
    ind.name_nb = "Ledige 'test' & co";
    ind.definition_nb = "Ledige i prosent av personer.";
    ind.definition_en = "";
    ind.source = "Kilde: test";
    ind.family = "";
    ind.break_year = 2023;
    lk_calc *c;
    lk_reader *r;
    lk_geo *g;
    lk_report *rep;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    assert_int_equal(lk_calc_new(&c, &ind, NULL), LK_OK);
    assert_int_equal(lk_reader_open_memory(&r, "t.csv", data, sizeof data - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, feed, c), LK_OK);
    assert_int_equal(lk_calc_finish(c), LK_OK);
    assert_int_equal(lk_report_new(&rep, &ind, NULL), LK_OK);
    if (area) assert_int_equal(lk_report_add_area(rep, c, g, area), LK_OK);
    else assert_int_equal(lk_report_add_all(rep, c, g), LK_OK);
    lk_chart_opts o = LK_CHART_OPTS_INIT;
    o.kind = kind;
    o.output = output;
    o.area = area;
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    const lk_report *reps[1] = { rep };
    assert_int_equal(lk_chart_write_gnuplot(reps, 1, &o, f), LK_OK);
    fclose(f);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", LK_GOLDEN_DIR, name);
    size_t glen;
    char *expected = fx_slurp(path, &glen);
    if (getenv("LK_UPDATE_GOLDEN")) { /* a deliberate change: see tests/golden/README.md */
        FILE *w = fopen(path, "wb");
        fwrite(text, 1, size, w);
        fclose(w);
    } else if (!expected || glen != size || memcmp(expected, text, size) != 0) {
        fprintf(stderr, "script differs from %s; got:\n%s\n", path, text);
        fail();
    }
    free(expected);
    free(text);
    lk_report_free(rep);
    lk_reader_free(r);
    lk_calc_free(c);
    lk_geo_free(g);
}

static void test_golden_trend(void **state)
{
    (void)state;
    golden(LK_CHART_TREND, "3301", "out dir/trend 'x'.svg", "trend.gp");
}

static void test_golden_compare(void **state)
{
    (void)state;
    golden(LK_CHART_COMPARE, NULL, "compare.png", "compare.gp");
}

static void test_golden_funnel(void **state)
{
    (void)state;
    golden(LK_CHART_FUNNEL, NULL, "funnel.pdf", "funnel.gp");
}

static void test_bad_output(void **state)
{
    (void)state;
    lk_chart_opts o = LK_CHART_OPTS_INIT;
    o.output = "chart.gif";
    const lk_report *reps[1] = { NULL };
    assert_int_equal(lk_chart_write_gnuplot(reps, 1, &o, stdout), LK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_path_quoting),
        cmocka_unit_test(test_golden_trend),
        cmocka_unit_test(test_golden_compare),
        cmocka_unit_test(test_golden_funnel),
        cmocka_unit_test(test_bad_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
