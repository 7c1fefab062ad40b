/* Report writers and hostile names: Markdown shows every text as written (pipes, markup, HTML),
 * JSON escapes controls and replaces invalid UTF-8, text and prose print names as they are. The
 * expected strings are written by hand. Reports are built by hand so the names are exactly the
 * ones under test. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"
#include "report/report_internal.h"

#define FFFD "\xEF\xBF\xBD"

static void md_is(const char *in, int line_start, const char *expected)
{
    char buf[512];
    size_t n = lk_md_escape(buf, sizeof buf, in, line_start);
    assert_string_equal(buf, expected);
    assert_int_equal(n, strlen(expected));
}

static void test_md_escape(void **state)
{
    (void)state;
    md_is("Nord-Fron (1) 100 % æøå", 0, "Nord-Fron (1) 100 % æøå");
    md_is("a|b\\c", 0, "a\\|b\\\\c");
    md_is("<b>x</b> <script>alert(1)</script>", 0, "&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;");
    md_is("& &amp; &#65;", 0, "&amp; &amp;amp; &amp;\\#65;");
    md_is("*x* _y_ `z` [l](u) ~~s~~ #h $m$", 0, "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~\\~s\\~\\~ \\#h \\$m\\$");
    md_is("a\nb\tc\r\nd\re", 0, "a b c d e");
    md_is("a\xff" "b\x01" "c\xc3", 0, "a" FFFD "b" FFFD "c" FFFD);
    md_is(NULL, 0, "");
    /* where a line starts: what would open a list, a heading underline or a code block */
    md_is("- x", 1, "\\- x");
    md_is("+ x", 1, "\\+ x");
    md_is("===", 1, "\\===");
    md_is("1. x", 1, "1\\. x");
    md_is("12) x", 1, "12\\) x");
    md_is("1234567890. x", 1, "1234567890. x"); /* ten digits open no list */
    md_is("    code", 1, "&#32;   code");
    md_is("# h", 1, "\\# h");
    md_is("> q", 1, "&gt; q");
    md_is("- x", 0, "- x");
    md_is("1. x", 0, "1. x");
    /* snprintf-like: the full length, a cut copy */
    char small[4];
    assert_int_equal(lk_md_escape(small, sizeof small, "a|b", 0), 4);
    assert_string_equal(small, "a\\|");
    assert_int_equal(lk_md_escape(NULL, 0, "<", 0), 4);
}

static char *json_of(const char *s)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    lk_json_string(f, s);
    fclose(f);
    return text;
}

static void test_json_string(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "Ås \"q\" \\ /", "\"Ås \\\"q\\\" \\\\ /\"" },
        { "a\nb\tc\rd\x01" "e\x1f\x7f", "\"a\\nb\\tc\\rd\\u0001e\\u001f\x7f\"" },
        { "\xff" "a\xc3(\xed\xa0\x80", "\"" FFFD "a" FFFD "(" FFFD FFFD FFFD "\"" },
        { "x\xe2\x80\xa8y\xe2\x80\xa9", "\"x\\u2028y\\u2029\"" },
        { "</script> \xf0\x9f\x98\x80", "\"</script> \xf0\x9f\x98\x80\"" },
        { "", "\"\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *j = json_of(cases[i][0]);
        assert_string_equal(j, cases[i][1]);
        free(j);
    }
}

/* ------------------------------------------------------------------ writers */

static lk_report_row row(const char *period, const char *code, const char *name, lk_level level, double num, double den)
{
    lk_report_row w;
    memset(&w, 0, sizeof w);
    w.period = period;
    w.region = code;
    w.region_name = name;
    w.level = level;
    w.role = "";
    w.has_counts = w.has_value = w.has_ci = 1;
    w.numerator = num;
    w.denominator = den;
    w.value = num / den * 100;
    w.ci_low = 2.97;
    w.ci_high = 3.63;
    w.vs_land = "higher";
    w.vs_fylke = w.status = "";
    w.p_land = w.p_fylke = NAN;
    return w;
}

typedef struct fixture {
    lk_indicator ind;
    lk_report_row rows[3];
    struct lk_report rep;
} fixture;

static void build(fixture *f, const char *name, const char *ind_name)
{
    memset(f, 0, sizeof *f);
    f->ind.id = "t";
    f->ind.name_nb = ind_name;
    f->ind.definition_nb = "*Ledige* i prosent <av> personer";
    f->ind.definition_en = f->ind.family = f->ind.reference = "";
    f->ind.source = "- Kilde: SSB | tabell 1";
    f->ind.scale = LK_SCALE_PERCENT;
    f->rows[0] = row("2022", "3301", name, LK_LEVEL_KOMMUNE, 300, 10000);
    f->rows[1] = row("2023", "3301", name, LK_LEVEL_KOMMUNE, 320, 10000);
    f->rows[2] = row("2024", "3301", name, LK_LEVEL_KOMMUNE, 330, 10000);
    f->rep.ind = &f->ind;
    f->rep.opts = (lk_report_opts)LK_REPORT_OPTS_INIT;
    f->rep.rows = f->rows;
    f->rep.n = 3;
}

static char *written(const lk_report *r, lk_format format, int trend)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(trend ? lk_report_write_trend(r, format, f) : lk_report_write(r, format, f), LK_OK);
    fclose(f);
    return text;
}

/* The cells of a Markdown table row, split at pipes that are not escaped, trimmed. */
static size_t md_cells(const char *line, char cells[][256], size_t max)
{
    size_t n = 0, len = 0;
    for (const char *p = line; *p && *p != '\n'; p++) {
        if (*p == '\\' && p[1]) {
            if (n < max && len + 2 < 256) {
                cells[n][len++] = p[0];
                cells[n][len++] = p[1];
            }
            p++;
        } else if (*p == '|') {
            if (n < max) {
                while (len && cells[n][len - 1] == ' ') len--;
                cells[n][len] = '\0';
            }
            n++;
            len = 0;
            while (p[1] == ' ') p++;
        } else if (n < max && len + 1 < 256) {
            cells[n][len++] = *p;
        }
    }
    if (n < max) cells[n][len] = '\0';
    return n + 1;
}

static const char *line_starting(const char *text, const char *start)
{
    size_t n = strlen(start);
    for (const char *p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, start, n) == 0) return p;
    return NULL;
}

static const char hostile_name[] = "A|B <script>x</script> *y* `z` [l](u)\nny linje";
static const char hostile_md[] = "A\\|B &lt;script&gt;x&lt;/script&gt; \\*y\\* \\`z\\` \\[l\\](u) ny linje";

static void test_markdown_report(void **state)
{
    (void)state;
    fixture f;
    build(&f, hostile_name, "Ledige | <b>x</b> #1");
    char *md = written(&f.rep, LK_FORMAT_MD, 0);
    assert_non_null(line_starting(md, "### Ledige \\| &lt;b&gt;x&lt;/b&gt; \\#1 (prosent)\n"));
    const char *line = line_starting(md, "| 2024 ");
    assert_non_null(line);
    char cells[16][256];
    assert_int_equal(md_cells(line, cells, 16), 11); /* 9 cells between 10 pipes */
    assert_string_equal(cells[1], "2024");
    assert_string_equal(cells[2], "3301 A\\|B &lt;script&gt;x&lt;/script&gt; \\*y\\* \\`z\\` \\[l\\](u) ny linje");
    assert_string_equal(cells[3], "330");
    assert_string_equal(cells[8], "høyere");
    assert_non_null(line_starting(md, "Definisjon: \\*Ledige\\* i prosent &lt;av&gt; personer\n"));
    assert_non_null(line_starting(md, "\\- Kilde: SSB \\| tabell 1\n"));
    assert_null(strstr(md, "<script>"));
    assert_null(strstr(md, "<b>"));
    free(md);
}

static void test_markdown_trend(void **state)
{
    (void)state;
    fixture f;
    build(&f, hostile_name, "1. Ledige <i>");
    char *md = written(&f.rep, LK_FORMAT_MD, 1);
    assert_non_null(line_starting(md, "1\\. Ledige &lt;i&gt; (prosent) – lineær trend, vektet\n"));
    const char *line = line_starting(md, "| 3301 ");
    assert_non_null(line);
    char cells[16][256];
    assert_int_equal(md_cells(line, cells, 16), 8); /* 6 cells */
    char want[300];
    snprintf(want, sizeof want, "3301 %s", hostile_md);
    assert_string_equal(cells[1], want);
    assert_string_equal(cells[2], "2022–2024");
    assert_non_null(line_starting(md, "\\- Kilde: SSB \\| tabell 1\n"));
    assert_null(strstr(md, "<script>"));
    free(md);
}

/* Text and prose print names as they are, however long. */
static void test_text_and_prose(void **state)
{
    (void)state;
    char name[400];
    snprintf(name, sizeof name, "%s", "Et | <b>svært</b> langt navn *med* `tegn`, ");
    while (strlen(name) < 300) strcat(name, "og så videre ");
    fixture f;
    build(&f, name, "Ledige");
    char *text = written(&f.rep, LK_FORMAT_TEXT, 0);
    char want[512];
    snprintf(want, sizeof want, "2024     3301 %s", name);
    assert_non_null(line_starting(text, want));
    free(text);
    text = written(&f.rep, LK_FORMAT_PROSE, 0);
    snprintf(want, sizeof want, "I 2024 var verdien for Ledige 3,3 prosent i %s.", name);
    assert_non_null(strstr(text, want));
    free(text);
}

static void test_json_writers(void **state)
{
    (void)state;
    fixture f;
    build(&f, "a\x01" "b\n\"c\"\\\xff", "Ledige");
    char *json = written(&f.rep, LK_FORMAT_JSON, 0);
    assert_non_null(strstr(json, "\"region_name\": \"a\\u0001b\\n\\\"c\\\"\\\\" FFFD "\""));
    free(json);
    json = written(&f.rep, LK_FORMAT_JSON, 1);
    assert_non_null(strstr(json, "\"region_name\": \"a\\u0001b\\n\\\"c\\\"\\\\" FFFD "\", \"from\": \"2022\", \"to\": \"2024\""));
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_escape),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_markdown_report),
        cmocka_unit_test(test_markdown_trend),
        cmocka_unit_test(test_text_and_prose),
        cmocka_unit_test(test_json_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
