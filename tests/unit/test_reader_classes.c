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

/* A7: csv3 (codes) names the measure by its ContentsCode: measure_code is that code; v2's
 * "code - text" labels give code and measure apart. */
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
    /* PxWebApi v2 UseCodesAndTexts (';', UTF-8): "KOSbelop0000 - Beløp (1000 kr)" is the code, the
     * measure "Beløp (1000 kr)" and its unit */
    static const char ct[] = "\"region\";\"\xC3\xA5r\";\"statistikkvariabel\";\"12143: Finansielle n\xC3\xB8kkeltall\"\n"
                             "\"1120 - Klepp\";\"2015 - 2015\";\"KOSbelop0000 - Bel\xC3\xB8p (1000 kr)\";31633\n";
    memset(&f, 0, sizeof f);
    assert_int_equal(lk_reader_open_memory(&r, "t.csv", ct, sizeof ct - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, keep_codes, &f), LK_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.code, "KOSbelop0000");
    assert_string_equal(f.unit, "1000 kr");
    lk_reader_free(r);
    check_rows(ct, sizeof ct - 1, "12143,1120,Klepp,kommune,2015,Bel\xC3\xB8p (1000 kr),,1000 kr,31633,\n");
}

/* A2: spreadsheet re-saves (xlsx -> CSV) with an empty label-column header: the regions are
 * known by their contents (K-3001 Halden), the heading rows give measure, year and ages. */
static void test_spreadsheet_resave(void **state)
{
    (void)state;
    /* Norwegian Excel: Latin-1, CRLF, ';', nothing quoted, decimal comma, a footnote */
    CHECK("07459: Befolkning, etter region, alder, statistikkvariabel og \xE5r;;;\r\n"
          ";Personer;;\r\n"
          ";2024;;\r\n"
          ";0-4 \xE5r;5-9 \xE5r;10-14 \xE5r\r\n"
          "K-3001 Halden;1500;1600;..\r\n"
          "K-3002 Moss;2000;2100,5;2200\r\n"
          ";;;\r\n"
          "Kilde: Statistisk sentralbyr\xE5;;;\r\n",
          "07459,3001,Halden,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,1500,\n"
          "07459,3001,Halden,kommune,2024,Personer,alder=5-9 \xC3\xA5r,,1600,\n"
          "07459,3001,Halden,kommune,2024,Personer,alder=10-14 \xC3\xA5r,,,..\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,2000,\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=5-9 \xC3\xA5r,,2100.5,\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=10-14 \xC3\xA5r,,2200,\n");
    /* LibreOffice with ',': UTF-8 with BOM, only the cells that need it quoted (the title, the
     * decimal-comma numbers); the bare K-3001 labels are regions, not values with a status */
    CHECK("\xEF\xBB\xBF\"07459: Befolkning, etter region, alder, statistikkvariabel og \xC3\xA5r\",,,\r\n"
          ",Personer,,\r\n"
          ",2024,,\r\n"
          ",0-4 \xC3\xA5r,5-9 \xC3\xA5r,10-14 \xC3\xA5r\r\n"
          "K-3001 Halden,\"1500,5\",1600,..\r\n"
          "K-3002 Moss,2000,\"2100,5\",2200\r\n",
          "07459,3001,Halden,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,1500.5,\n"
          "07459,3001,Halden,kommune,2024,Personer,alder=5-9 \xC3\xA5r,,1600,\n"
          "07459,3001,Halden,kommune,2024,Personer,alder=10-14 \xC3\xA5r,,,..\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,2000,\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=5-9 \xC3\xA5r,,2100.5,\n"
          "07459,3002,Moss,kommune,2024,Personer,alder=10-14 \xC3\xA5r,,2200,\n");
    /* two unnamed stub columns from merged cells: regions (filled down) and ages, which are
     * named alder and never taken for regions */
    CHECK(";;Personer;Personer\r\n"
          ";;2023;2024\r\n"
          "K-3001 Halden;0 \xE5r;1500;1510\r\n"
          ";16 \xE5r;1600;1610\r\n"
          "K-3002 Moss;0 \xE5r;2000;:\r\n",
          ",3001,Halden,kommune,2023,Personer,alder=0 \xC3\xA5r,,1500,\n"
          ",3001,Halden,kommune,2024,Personer,alder=0 \xC3\xA5r,,1510,\n"
          ",3001,Halden,kommune,2023,Personer,alder=16 \xC3\xA5r,,1600,\n"
          ",3001,Halden,kommune,2024,Personer,alder=16 \xC3\xA5r,,1610,\n"
          ",3002,Moss,kommune,2023,Personer,alder=0 \xC3\xA5r,,2000,\n"
          ",3002,Moss,kommune,2024,Personer,alder=0 \xC3\xA5r,,,:\n");
}

/* A6: glued headers split into every variable the title lists; ages are alder; a value column
 * named by the table's title is no dimension. */
static void test_glued_title_variables(void **state)
{
    (void)state;
    /* 13760 (AKU, monthly, national): statistikkvariabel, justering and alder glued in one cell */
    CHECK("\"13760: Arbeidsstyrken og arbeidsledige (1000 personer), etter statistikkvariabel, justering, alder og "
          "m\xE5ned\"\r\n"
          "\r\n"
          "\"m\xE5ned\";\"Arbeidsstyrken (1000 personer) Ikke sesongjustert 15-74 \xE5r\";"
          "\"Arbeidsledige (1000 personer) Sesongjustert 15-74 \xE5r\"\r\n"
          "\"2024M01\";2950;115\r\n",
          "13760,0,Hele landet,land,2024M01,Arbeidsstyrken (1000 personer),justering=Ikke sesongjustert; "
          "alder=15-74 \xC3\xA5r,1000 personer,2950,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsledige (1000 personer),justering=Sesongjustert; "
          "alder=15-74 \xC3\xA5r,1000 personer,115,\n");
    /* without a unit to close the measure: the columns form a grid (2 measures x 2 adjustments,
     * the first slowest), which tells where the measure ends */
    CHECK("\"13760: Arbeidsstyrken, etter statistikkvariabel, justering, alder og m\xE5ned\"\r\n"
          "\r\n"
          "\"m\xE5ned\";\"Arbeidsstyrken Ikke sesongjustert 15-74 \xE5r\";\"Arbeidsstyrken Sesongjustert 15-74 \xE5r\";"
          "\"Arbeidsledige Ikke sesongjustert 15-74 \xE5r\";\"Arbeidsledige Sesongjustert 15-74 \xE5r\"\r\n"
          "\"2024M01\";2950;2960;120;115\r\n",
          "13760,0,Hele landet,land,2024M01,Arbeidsstyrken,justering=Ikke sesongjustert; alder=15-74 \xC3\xA5r,,2950,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsstyrken,justering=Sesongjustert; alder=15-74 \xC3\xA5r,,2960,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsledige,justering=Ikke sesongjustert; alder=15-74 \xC3\xA5r,,120,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsledige,justering=Sesongjustert; alder=15-74 \xC3\xA5r,,115,\n");
    /* measure and age only */
    CHECK("\"07459: Befolkning, etter region, statistikkvariabel, alder og \xE5r\"\r\n"
          "\r\n"
          "\"region\";\"\xE5r\";\"Personer 0-4 \xE5r\";\"Personer 100 \xE5r eller eldre\"\r\n"
          "\"3301 Drammen\";\"2024\";5000;12\r\n",
          "07459,3301,Drammen,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,5000,\n"
          "07459,3301,Drammen,kommune,2024,Personer,alder=100 \xC3\xA5r eller eldre,,12,\n");
    /* no title: the heading row of ages is alder, not "heading" */
    CHECK(";Personer;Personer\r\n;0-4 \xE5r;5-9 \xE5r\r\nK-3001 Halden;1500;1510\r\n",
          ",3001,Halden,kommune,,Personer,alder=0-4 \xC3\xA5r,,1500,\n"
          ",3001,Halden,kommune,,Personer,alder=5-9 \xC3\xA5r,,1510,\n");
    /* 04362 (grunnkrets, TAB): the value column is headed by the cut title "04362: Befolkning,":
     * table id and title, the measure "Befolkning", no dimension from it */
    static const char g[] = "\"region\"\t\"alder\"\t\"kj\xF8nn\"\t\"04362: Befolkning,\"\r\n"
                            "\"30050101 Sentrum\"\t\"0-4 \xE5r\"\t\"Menn\"\t12\r\n"
                            "\"30050101 Sentrum\"\t\"0-4 \xE5r\"\t\"Kvinner\"\t0\r\n";
    check_rows(g, sizeof g - 1,
               "04362,30050101,Sentrum,grunnkrets,,Befolkning,alder=0-4 \xC3\xA5r; kj\xC3\xB8nn=Menn,,12,\n"
               "04362,30050101,Sentrum,grunnkrets,,Befolkning,alder=0-4 \xC3\xA5r; kj\xC3\xB8nn=Kvinner,,0,\n");
    fx_run run = fx_read(g, sizeof g - 1, 0);
    assert_string_equal(lk_reader_info(run.reader)->table_id, "04362");
    assert_string_equal(lk_reader_info(run.reader)->title, "Befolkning,");
    fx_free(&run);
}

/* A5 and A7 in JSON-stat: a dataset without a geo dimension is national; the measure's code is
 * its ContentsCode id and its unit category.unit's label (else base, else the label's). */
static void test_jsonstat_national_units(void **state)
{
    (void)state;
    CHECK("{\"class\":\"dataset\",\"label\":\"13760: Arbeidsstyrken, etter statistikkvariabel og m\xC3\xA5ned\","
          "\"id\":[\"ContentsCode\",\"Tid\"],\"size\":[3,1],"
          "\"dimension\":{\"ContentsCode\":{\"label\":\"statistikkvariabel\",\"category\":{"
          "\"index\":{\"Arbeidsstyrke\":0,\"Ledige\":1,\"LedigeProsent\":2},"
          "\"label\":{\"Arbeidsstyrke\":\"Arbeidsstyrken\",\"Ledige\":\"Arbeidsledige\",\"LedigeProsent\":\"Arbeidsledige (prosent)\"},"
          "\"unit\":{\"Arbeidsstyrke\":{\"label\":\"1000 personer\",\"base\":\"personer\",\"decimals\":0},"
          "\"Ledige\":{\"base\":\"personer\",\"decimals\":0}}}},"
          "\"Tid\":{\"label\":\"m\xC3\xA5ned\",\"category\":{\"index\":{\"2024M01\":0},\"label\":{\"2024M01\":\"2024M01\"}}}},"
          "\"value\":[2950,120,4.1],\"role\":{\"time\":[\"Tid\"],\"metric\":[\"ContentsCode\"]},\"version\":\"2.0\"}",
          "13760,0,Hele landet,land,2024M01,Arbeidsstyrken,,1000 personer,2950,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsledige,,personer,120,\n"
          "13760,0,Hele landet,land,2024M01,Arbeidsledige (prosent),,prosent,4.1,\n");
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
        cmocka_unit_test(test_spreadsheet_resave),
        cmocka_unit_test(test_glued_title_variables),
        cmocka_unit_test(test_jsonstat_national_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
