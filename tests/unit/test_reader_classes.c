/* Issue 13 part A: the classes of real files the reader failed on, one fixture per class, written
 * here byte for byte in the shape SSB and FHI write them (Latin-1 + CRLF or UTF-8, quoting,
 * symbols); values are hand-chosen. Every observation of each fixture is checked, with the fast
 * scanner and with the libcsv reference splitter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static void check_rows(const char *bytes, size_t len, const char *expected)
{
    for (int ref = 0; ref < 2; ref++) {
        fx_run run = fx_read(bytes, len, ref);
        if (run.rc != LK_OK) fprintf(stderr, "error: %s\n", run.err);
        assert_int_equal(run.rc, LK_OK);
        assert_string_equal(run.tidy, expected);
        fx_free(&run);
    }
}

#define CHECK(bytes, expected) check_rows(bytes, sizeof(bytes) - 1, expected)

static void expect_error(const char *bytes, size_t len, const char *msg)
{
    fx_run run = fx_read(bytes, len, 0);
    assert_int_equal(run.rc, LK_EDATA);
    if (!strstr(run.err, msg)) fprintf(stderr, "message: %s\n", run.err);
    assert_non_null(strstr(run.err, msg));
    fx_free(&run);
}

#define EXPECT(bytes, msg) expect_error(bytes, sizeof(bytes) - 1, msg)

/* A4: SSB's long population series (06913 from 1735, 05803 from 1769): old statbank, Latin-1,
 * CRLF, "år" as a stub column. A5: no region variable, so national: region 0 Hele landet. */
static void test_years_from_1700(void **state)
{
    (void)state;
    CHECK("\"05803: Folkemengde, etter statistikkvariabel og \xE5r\"\r\n"
          "\r\n"
          "\"\xE5r\";\"Folkemengde 1. januar\"\r\n"
          "\"1735\";616109\r\n"
          "\"1769\";723618\r\n"
          "\"2024\";5550203\r\n",
          "05803,0,Hele landet,land,1735,Folkemengde 1. januar,,,616109,\n"
          "05803,0,Hele landet,land,1769,Folkemengde 1. januar,,,723618,\n"
          "05803,0,Hele landet,land,2024,Folkemengde 1. januar,,,5550203,\n");
}

/* A4: a week that does not exist is an error listing the accepted forms, in a stub column and in
 * a value column's header (where it would otherwise have become a measure named "2023U53"). */
static void test_bad_week(void **state)
{
    (void)state;
    EXPECT("\"region\";\"uke\";\"Personer\"\r\n\"3301 Drammen\";\"2023U52\";5\r\n\"3301 Drammen\";\"2023U53\";5\r\n",
           "t.csv:3: '2023U53' in column 'uke' is not a period: 2023 has no week 53 (its weeks are 01-52) "
           "(expected a year 1700-2199 such as 2023, 2023K1-4");
    EXPECT("\"region\";\"2023U52\";\"2023U53\"\r\n\"3301 Drammen\";5;6\r\n",
           "t.csv:1: '2023U53' in the header \"2023U53\" is not a period: 2023 has no week 53 (its weeks are 01-52)");
    EXPECT("\"region\";\"Personer 2023K4\";\"Personer 2023K5\"\r\n\"3301 Drammen\";5;6\r\n",
           "t.csv:1: '2023K5' in the header \"Personer 2023K5\" is not a period: quarter '5' (expected 1-4)");
}

/* A3: an old Kommunehelsa export re-saved as CSV (UTF-8, ',', LF, formats.md §3.3): names only,
 * the filter line "Alder, 15-29 år" and the måltall line "andel (prosent)" in the preamble. Both
 * go onto every observation (alder=15-29 år, unit prosent); names stay names here (the CLI
 * resolves them with the geography). */
static void test_kommunehelsa_filter_and_unit(void **state)
{
    (void)state;
    CHECK("\"Arbeidsledighet\",,\n"
          ",,\n"
          "\"Variabler i filter\",,\n"
          "\"Alder, 15-29 \xC3\xA5r\",,\n"
          "\"andel (prosent)\",,\"aar2013\"\n"
          ",,\n"
          "\"\xC3\x85r\",\"2012\",\"2013\"\n"
          "\"Geografi\",\"2012\",\"2013\"\n"
          "\"Oslo\",2.6,..\n"
          "\"Porsanger Pors\xC3\xA1ngu Porsanki\",3.2,2.2\n",
          ",,Oslo,other,2012,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,2.6,\n"
          ",,Oslo,other,2013,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,,..\n"
          ",,Porsanger Pors\xC3\xA1ngu Porsanki,other,2012,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,3.2,\n"
          ",,Porsanger Pors\xC3\xA1ngu Porsanki,other,2013,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,2.2,\n");
}

/* A7: units from labels. KOSTRA 12143 (new statbank, Latin-1, CRLF): mixed units in the measure
 * column ("Beløp (1000 kr)", "... (prosent)"); an old statbank file with the unit in the glued
 * header ("Arbeidsstyrken (1000 personer) 2023") and "per 1000" in running text; and the
 * title's "(prosent)" for a file whose labels say nothing. */
static void test_units(void **state)
{
    (void)state;
    CHECK("\"12143: Finansielle n\xF8kkeltall, etter \xE5r, statistikkvariabel og region\"\r\n"
          "\"\xE5r\";\"statistikkvariabel\";\"1120 Klepp\";\"1121 Time\"\r\n"
          "\"2015\";\"Bel\xF8p (1000 kr)\";31633;13\r\n"
          "\"2015\";\"Andel av brutto driftsinntekter (prosent)\";3.5;:\r\n",
          "12143,1120,Klepp,kommune,2015,Bel\xC3\xB8p (1000 kr),,1000 kr,31633,\n"
          "12143,1121,Time,kommune,2015,Bel\xC3\xB8p (1000 kr),,1000 kr,13,\n"
          "12143,1120,Klepp,kommune,2015,Andel av brutto driftsinntekter (prosent),,prosent,3.5,\n"
          "12143,1121,Time,kommune,2015,Andel av brutto driftsinntekter (prosent),,prosent,,:\n");
    CHECK("\"99999: Arbeidsstyrken og f\xF8" "dte, etter region, statistikkvariabel og \xE5r\"\r\n"
          "\r\n"
          "\"region\";\"Arbeidsstyrken (1000 personer) 2023\";\"Levendef\xF8" "dte per 1000 innbyggere 2023\"\r\n"
          "\"3301 Drammen\";55.1;10.2\r\n",
          "99999,3301,Drammen,kommune,2023,Arbeidsstyrken (1000 personer),,1000 personer,55.1,\n"
          "99999,3301,Drammen,kommune,2023,Levendef\xC3\xB8" "dte per 1000 innbyggere,,per 1000,10.2,\n");
    CHECK("\"10540: Registrerte arbeidsledige 15-74 \xE5r, etter region, \xE5r og alder (prosent) (K)\"\r\n"
          "\r\n"
          "\"region\";\"2024 15-74 \xE5r\"\r\n"
          "\"3301 Drammen\";3.3\r\n",
          "10540,3301,Drammen,kommune,2024,Registrerte arbeidsledige 15-74 \xC3\xA5r,alder=15-74 \xC3\xA5r,prosent,3.3,\n");
}

/* A5: national tables without a region column (11623: fagfelt, varighet, measure and year glued)
 * are Hele landet, flagged in the reader's info; a table with regions is not flagged. */
static void test_national_without_region(void **state)
{
    (void)state;
    static const char csv[] = "\"11623: Studenter i h\xF8yere yrkesfaglig utdanning, etter fagfelt, varighet, "
                              "statistikkvariabel og \xE5r\"\r\n"
                              "\r\n"
                              "\"fagfelt\";\"varighet\";\"Studenter i h\xF8yere yrkesfaglig utdanning 2016\";"
                              "\"Studenter i h\xF8yere yrkesfaglig utdanning 2017\"\r\n"
                              "\"Helse- og velferdsfag\";\"Under 2 \xE5r\";1412;..\r\n";
    check_rows(csv, sizeof csv - 1,
               "11623,0,Hele landet,land,2016,Studenter i h\xC3\xB8yere yrkesfaglig utdanning,fagfelt=Helse- og velferdsfag; "
               "varighet=Under 2 \xC3\xA5r,,1412,\n"
               "11623,0,Hele landet,land,2017,Studenter i h\xC3\xB8yere yrkesfaglig utdanning,fagfelt=Helse- og velferdsfag; "
               "varighet=Under 2 \xC3\xA5r,,,..\n");
    fx_run run = fx_read(csv, sizeof csv - 1, 0);
    assert_int_equal(lk_reader_info(run.reader)->national_implied, 1);
    assert_int_equal(lk_reader_info(run.reader)->level_counts[LK_LEVEL_LAND], 2);
    fx_free(&run);
    static const char regional[] = "\"region\";\"\xE5r\";\"Personer\"\r\n\"3301 Drammen\";\"2024\";5\r\n";
    run = fx_read(regional, sizeof regional - 1, 0);
    assert_int_equal(lk_reader_info(run.reader)->national_implied, 0);
    fx_free(&run);
    /* a table of a, b, c is still no export */
    run = fx_read("a,b,c\n1,2,3\n", 12, 0);
    assert_int_equal(run.rc, LK_EDATA);
    fx_free(&run);
}

/* A7: csv3 (codes) names the measure by its ContentsCode: measure_code is that code. */
typedef struct first_obs { char code[32], unit[32]; size_t n; } first_obs;

static int keep_codes(const lk_obs *o, void *payload)
{
    first_obs *f = payload;
    if (f->n++ == 0) {
        snprintf(f->code, sizeof f->code, "%s", o->measure_code ? o->measure_code : "(null)");
        snprintf(f->unit, sizeof f->unit, "%s", o->unit ? o->unit : "(null)");
    }
    return 0;
}

static void test_measure_code_csv3(void **state)
{
    (void)state;
    static const char csv3[] = "\"Region\",\"Tid\",\"ContentsCode\",\"07459\"\n\"K-3301\",\"2024\",\"Personer1\",103000\n";
    lk_reader *r;
    first_obs f = { "", "", 0 };
    assert_int_equal(lk_reader_open_memory(&r, "t.csv", csv3, sizeof csv3 - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, keep_codes, &f), LK_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.code, "Personer1");
    assert_string_equal(f.unit, "");
    lk_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years_from_1700),
        cmocka_unit_test(test_bad_week),
        cmocka_unit_test(test_kommunehelsa_filter_and_unit),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_national_without_region),
        cmocka_unit_test(test_measure_code_csv3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
