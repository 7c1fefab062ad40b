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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_prose),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_text_table),
        cmocka_unit_test(test_markdown_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
