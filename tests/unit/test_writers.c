/* One test per report writer (#14.8): the whole output of each format for a report of two
 * rows built by hand (the writers only print; the numbers are given), compared with text
 * written from the formats' descriptions in the README, never taken from a run. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "report/report_internal.h"

typedef struct fixture {
    lk_indicator ind;
    lk_report_row rows[2];
    struct lk_report rep;
} fixture;

static lk_report_row row(const char *code, const char *name, lk_level level, const char *role, double num, double den,
                         double value, double lo, double hi, double index, const char *vs)
{
    lk_report_row w;
    memset(&w, 0, sizeof w);
    w.period = "2024";
    w.region = code;
    w.region_name = name;
    w.level = level;
    w.role = role;
    w.has_counts = w.has_value = w.has_ci = w.has_index = 1;
    w.numerator = num;
    w.denominator = den;
    w.value = value;
    w.ci_low = lo;
    w.ci_high = hi;
    w.index_land = index;
    w.vs_land = vs;
    w.vs_fylke = w.status = w.unit = w.variant = "";
    w.p_land = w.p_fylke = NAN;
    w.years_used = 1;
    return w;
}

static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->ind.id = "t";
    f->ind.name_nb = f->ind.name_en = "Ledige";
    f->ind.definition_nb = "Ledige i prosent av personer.";
    f->ind.definition_en = f->ind.family = f->ind.reference = "";
    f->ind.source = "Kilde: SSB";
    f->ind.scale = LK_SCALE_PERCENT;
    f->rows[0] = row("3301", "Drammen", LK_LEVEL_KOMMUNE, "area", 300, 10000, 3, 2.68, 3.35, 120, "higher");
    f->rows[1] = row("0", "Hele landet", LK_LEVEL_LAND, "land", 2500, 100000, 2.5, 2.4, 2.6, 100, "");
    f->rep.ind = &f->ind;
    f->rep.opts = (lk_report_opts)LK_REPORT_OPTS_INIT;
    f->rep.rows = f->rows;
    f->rep.n = 2;
    f->rep.any_counts = 1;
}

static char *written(const lk_report *r, lk_format format)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_report_write(r, format, f), LK_OK);
    fclose(f);
    return text;
}

/* The method sentence every format but CSV carries (bokmål, Wilson, 95 %, 5 %). */
#define METHOD "95 %-konfidensintervall (Wilson). Registertall er fulltellinger; intervall og tester behandler dem " \
               "som utfall av en underliggende risiko. Hvert område testes mot resten av landet (landet minus " \
               "området), tosidig på 5 %-nivå. Indeks: landet = 100.\n"

static void test_csv(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    char *out = written(&f.rep, LK_FORMAT_CSV);
    assert_string_equal(out,
        "indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status\n"
        "t,2024,3301,Drammen,kommune,300,10000,3,2.68,3.35,120,higher,\n"
        "t,2024,0,Hele landet,land,2500,100000,2.5,2.4,2.6,100,,\n");
    free(out);
}

static void test_prose(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    char *out = written(&f.rep, LK_FORMAT_PROSE);
    /* one decimal and a decimal comma; the test's word for "higher"; then the notes */
    assert_string_equal(out,
        "I 2024 var verdien for Ledige 3,0 prosent i Drammen, mot 2,5 prosent i landet. Drammen ligger signifikant "
        "over landet.\n\n"
        "Definisjon: Ledige i prosent av personer.\n" METHOD "Kilde: SSB\n");
    free(out);
}

static void test_json(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    char *out = written(&f.rep, LK_FORMAT_JSON);
    /* the rows as objects, numbers with a decimal point, missing ones null */
    assert_non_null(strstr(out,
        "{\"period\": \"2024\", \"region\": \"3301\", \"region_name\": \"Drammen\", \"level\": \"kommune\", "
        "\"numerator\": 300, \"denominator\": 10000, \"value\": 3, \"ci_low\": 2.68, \"ci_high\": 3.35, "
        "\"index_land\": 120, \"index_fylke\": null, \"vs_land\": \"higher\", \"p_land\": null, \"vs_fylke\": \"\", "
        "\"p_fylke\": null, \"kommune_sum_numerator\": null, \"kommune_sum_denominator\": null, "
        "\"built_from_kommuner\": false, \"years\": 1, \"status\": \"\", \"source_definition\": \"\", "
        "\"source_kind\": \"counts\", \"role\": \"area\"}"));
    assert_non_null(strstr(out, "\"region\": \"0\", \"region_name\": \"Hele landet\", \"level\": \"land\", "
                                "\"numerator\": 2500, \"denominator\": 100000, \"value\": 2.5,"));
    assert_non_null(strstr(out, "\"source\": \"Kilde: SSB\""));
    assert_int_equal(out[strlen(out) - 1], '\n');
    free(out);
}

static void test_text_table(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    char *out = written(&f.rep, LK_FORMAT_TEXT);
    /* columns as wide as their widest cell, two spaces between; numbers right-aligned */
    assert_non_null(strstr(out, "Ledige (prosent)\n\n"));
    /* widths: Periode 7, Område 13, Teller 6, Nevner 6, Verdi 5, Konfidensintervall 18, Indeks 6,
     * Mot landet 10, Merknad 7 (the headers, or "0 Hele landet" and "100000") */
    assert_non_null(strstr(out, "Periode  Område         Teller  Nevner  Verdi  Konfidensintervall  Indeks  Mot landet  Merknad\n"));
    assert_non_null(strstr(out, "\n2024     3301 Drammen      300   10000   3,00         2,68 - 3,35     120  høyere      \n"));
    assert_non_null(strstr(out, "\n2024     0 Hele landet    2500  100000   2,50         2,40 - 2,60     100              \n"));
    assert_non_null(strstr(out, "Definisjon: Ledige i prosent av personer.\n" METHOD "Kilde: SSB\n"));
    free(out);
}

static void test_markdown_table(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    char *out = written(&f.rep, LK_FORMAT_MD);
    assert_non_null(strstr(out, "### Ledige (prosent)\n"));
    /* the same widths, each cell between "| " and " ", numbers right-aligned (":" in the rule) */
    assert_non_null(strstr(out, "\n| 2024    | 3301 Drammen  |    300 |  10000 |  3,00 |        2,68 - 3,35 |    120 | høyere     |         |\n"));
    assert_non_null(strstr(out, "\n| 2024    | 0 Hele landet |   2500 | 100000 |  2,50 |        2,40 - 2,60 |    100 |            |         |\n"));
    free(out);
}


/* ------------------------------------------------------------------ a protected zone report */

/* Drammen's three zones in 2024 (issue 15): S1 3/47 is below 5 and hidden; S1 + S2 + S3 =
 * 93/842 = the kommune (3 + 29 + 61, 47 + 283 + 512), so S2 (283 < 512) goes too. The numbers
 * of S1 and S2 (3, 47, 6.38, 2.19-17.54, index 255; 29, 283, 10.25, 7.27-14.35, index 409.9)
 * must appear in no format. */
typedef struct zfixture {
    lk_indicator ind;
    lk_report_row rows[5];
    struct lk_report rep;
    lk_zones *zones;
    char path[64];
} zfixture;

static void zbuild(zfixture *f)
{
    memset(f, 0, sizeof *f);
    f->ind.id = "t";
    f->ind.name_nb = f->ind.name_en = "Ledige";
    f->ind.definition_nb = "Ledige i prosent av personer.";
    f->ind.definition_en = f->ind.family = f->ind.reference = "";
    f->ind.source = "Kilde: SSB";
    f->ind.scale = LK_SCALE_PERCENT;
    f->ind.suppress_min_numerator = 5;
    f->ind.suppress_min_denominator = 10;
    f->rows[0] = row("S1", "Sone 1", LK_LEVEL_ZONE, "area", 3, 47, 6.38, 2.19, 17.54, 255.3, "higher");
    f->rows[1] = row("S2", "Sone 2", LK_LEVEL_ZONE, "area", 29, 283, 10.25, 7.27, 14.35, 409.9, "higher");
    f->rows[2] = row("S3", "Sone 3", LK_LEVEL_ZONE, "area", 61, 512, 11.91, 9.4, 15, 466.6, "higher");
    f->rows[3] = row("3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 93, 842, 11.05, 9.1, 13.3, 441.8, "higher");
    f->rows[4] = row("0", "Hele landet", LK_LEVEL_LAND, "land", 2500, 100000, 2.5, 2.4, 2.6, 100, "");
    f->rows[0].p_land = 0.001;
    f->rows[1].p_land = 0.0002;
    f->rep.ind = &f->ind;
    f->rep.opts = (lk_report_opts)LK_REPORT_OPTS_INIT;
    f->rep.rows = f->rows;
    f->rep.n = 5;
    f->rep.any_counts = 1;
    snprintf(f->path, sizeof f->path, "/tmp/lk_writers_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    const char *text = "zone,name,member\nS1,Sone 1,33010101\nS2,Sone 2,33010102\nS3,Sone 3,33010103\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(lk_zones_load(&f->zones, f->path), LK_OK);
    f->rep.zones = f->zones;
    lk_suppress_opts o;
    assert_int_equal(lk_suppress_preset(&o, "fhi"), LK_OK);
    assert_int_equal(lk_report_protect(&f->rep, &o), LK_OK);
}

static void zfree(zfixture *f)
{
    lk_zones_free(f->zones);
    unlink(f->path);
}

/* A gnuplot script with the caption's lines joined: chart.c breaks a caption into lines that fit
 * at print size, written as 'line one'."\n".'line two'. */
static void join_caption_lines(char *gp)
{
    static const char brk[] = "'.\"\\n\".'";
    char *p;
    while ((p = strstr(gp, brk)) != NULL) {
        *p = ' ';
        memmove(p + 1, p + strlen(brk), strlen(p + strlen(brk)) + 1);
    }
}

/* None of the hidden rows' numbers, in either decimal mark or rounding a format uses. */
static void assert_no_hidden(const char *out)
{
    static const char *const hidden[] = { "47", "6.38", "6,38", "6,4", "6.4", "2,19", "2.19", "17,5", "17.5", "255",
                                          "283", "10,25", "10.25", "10,2", "10.2", "7,27", "7.27", "14,35", "14.35",
                                          "409", "410", "0.001", "0.0002" };
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        if (strstr(out, hidden[i])) fail_msg("hidden number %s is in the output:\n%s", hidden[i], out);
    }
}

#define SUPPRESSION_NOTE "Prikking av små tall: en verdi med teller under 5, nevner minus teller under 5 eller " \
    "nevner under 10 er skjult (~suppressed), og en verdi som ellers kunne regnes ut ved subtraksjon fra andre tall " \
    "i tabellen, er skjult i tillegg (~suppressed:secondary). Skjult her: 1 under grensene, 1 i tillegg.\n"

static void test_protected_csv(void **state)
{
    (void)state;
    zfixture f;
    zbuild(&f);
    char *out = written(&f.rep, LK_FORMAT_CSV);
    /* the hidden rows keep their period, region and reason; every number of theirs is empty
     * (with districts, two columns for their test against the rest of the kommune: the rows
     * here are made by hand without one) */
    assert_string_equal(out,
        "indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status,"
        "index_kommune,vs_kommune\n"
        "t,2024,S1,Sone 1,zone,,,,,,,,~suppressed,,\n"
        "t,2024,S2,Sone 2,zone,,,,,,,,~suppressed:secondary,,\n"
        "t,2024,S3,Sone 3,zone,61,512,11.91,9.4,15,466.6,higher,,,\n"
        "t,2024,3301,Drammen,kommune,93,842,11.05,9.1,13.3,441.8,higher,,,\n"
        "t,2024,0,Hele landet,land,2500,100000,2.5,2.4,2.6,100,,,,\n");
    assert_no_hidden(out);
    free(out);
    zfree(&f);
}

static void test_protected_prose(void **state)
{
    (void)state;
    zfixture f;
    zbuild(&f);
    char *out = written(&f.rep, LK_FORMAT_PROSE);
    /* no sentence on S1 or S2 but the one that says their figure is hidden, and why */
    assert_string_equal(out,
        "Tallet for Sone 1 i 2024 er skjult (prikket): det bygger på få tilfeller.\n\n"
        "Tallet for Sone 2 i 2024 er skjult (prikket): det kunne ellers regnes ut fra andre tall i tabellen.\n\n"
        "I 2024 var verdien for Ledige 11,9 prosent i Sone 3, mot 2,5 prosent i landet. Sone 3 ligger signifikant "
        "over landet.\n\n"
        "Definisjon: Ledige i prosent av personer.\n" METHOD SUPPRESSION_NOTE "Kilde: SSB\n");
    assert_no_hidden(out);
    free(out);
    zfree(&f);
}

static void test_protected_tables_and_json(void **state)
{
    (void)state;
    zfixture f;
    zbuild(&f);
    lk_format formats[3] = { LK_FORMAT_TEXT, LK_FORMAT_MD, LK_FORMAT_JSON };
    for (int k = 0; k < 3; k++) {
        char *out = written(&f.rep, formats[k]);
        assert_no_hidden(out);
        assert_non_null(strstr(out, "~suppressed:secondary"));
        if (formats[k] != LK_FORMAT_JSON) assert_non_null(strstr(out, SUPPRESSION_NOTE));
        free(out);
    }
    char *out = written(&f.rep, LK_FORMAT_TEXT);
    /* widths: Periode 7, Område 13 ("0 Hele landet"), Teller 6, Nevner 6, Verdi 5,
     * Konfidensintervall 18, Indeks 6, Mot landet 10; S1's cells empty but its note.
     * "S1 Sone 1" then 4 to fill Område, and the empty cells with their separators:
     * 2 + 6 + 2 + 6 + 2 + 5 + 2 + 18 + 2 + 6 + 2 + 10 + 2 = 65 more, 69 blanks in all */
    assert_non_null(strstr(out, "\n2024     S1 Sone 1                                                                     ~suppressed\n"));
    free(out);
    /* a hidden row's kommune sums are never set beside it, even if a caller left the flag on */
    f.rows[0].has_kommune_sum = 1;
    f.rows[0].kommune_numerator = 3;
    f.rows[0].kommune_denominator = 47;
    out = written(&f.rep, LK_FORMAT_TEXT);
    assert_no_hidden(out);
    assert_null(strstr(out, "kommunene summerer"));
    free(out);
    f.rows[0].has_kommune_sum = 0;
    out = written(&f.rep, LK_FORMAT_JSON);
    assert_non_null(strstr(out, "\"suppression\": {\"min_numerator\": 5, \"min_denominator\": 10, \"complement\": true, "
                                "\"primary\": 1, \"secondary\": 1}"));
    assert_non_null(strstr(out, "\"region\": \"S1\", \"region_name\": \"Sone 1\", \"level\": \"zone\", \"numerator\": null, "
                                "\"denominator\": null, \"value\": null, \"ci_low\": null, \"ci_high\": null, "
                                "\"index_land\": null, \"index_fylke\": null, \"vs_land\": \"\", \"p_land\": null"));
    free(out);
    zfree(&f);
}

static void test_protected_trend_and_chart(void **state)
{
    (void)state;
    zfixture f;
    zbuild(&f);
    lk_format formats[5] = { LK_FORMAT_TEXT, LK_FORMAT_MD, LK_FORMAT_JSON, LK_FORMAT_CSV, LK_FORMAT_PROSE };
    for (int k = 0; k < 5; k++) {
        char *text = NULL;
        size_t size = 0;
        FILE *m = open_memstream(&text, &size);
        assert_int_equal(lk_report_write_trend(&f.rep, formats[k], m), LK_OK);
        fclose(m);
        assert_no_hidden(text);
        free(text);
    }
    for (int kind = LK_CHART_TREND; kind <= LK_CHART_FUNNEL; kind++) {
        char *text = NULL;
        size_t size = 0;
        FILE *m = open_memstream(&text, &size);
        lk_chart_opts co = LK_CHART_OPTS_INIT;
        co.kind = (lk_chart_kind)kind;
        co.output = "z.svg";
        co.area = "S1";
        const lk_report *rp = &f.rep;
        assert_int_equal(lk_chart_write_gnuplot(&rp, 1, &co, m), LK_OK);
        fclose(m);
        assert_no_hidden(text);
        /* no dot: the trend's point of S1 is a gap; the caption says why */
        if (kind == LK_CHART_TREND) assert_non_null(strstr(text, "$D0 << EOD\n2024 NaN NaN NaN\nEOD\n"));
        join_caption_lines(text);
        assert_non_null(strstr(text, "Prikket: 2 verdier er skjult (få tilfeller, eller de kunne regnes ut av andre)."));
        free(text);
    }
    zfree(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_prose),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_text_table),
        cmocka_unit_test(test_markdown_table),
        cmocka_unit_test(test_protected_csv),
        cmocka_unit_test(test_protected_prose),
        cmocka_unit_test(test_protected_tables_and_json),
        cmocka_unit_test(test_protected_trend_and_chart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
