/* The reader on fixtures written here, byte for byte, one per variant of real exports
 * (formats.md). Expected rows are written out by hand from the fixture text. Every fixture is
 * also read with the libcsv reference splitter, which must give the same rows. */
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
    fx_run fast = fx_read(bytes, len, 0);
    if (fast.rc != LK_OK) fprintf(stderr, "error: %s\n", fast.err);
    assert_int_equal(fast.rc, LK_OK);
    assert_string_equal(fast.tidy, expected);
    fx_run ref = fx_read(bytes, len, 1);
    assert_int_equal(ref.rc, LK_OK);
    assert_string_equal(ref.tidy, expected);
    fx_free(&fast);
    fx_free(&ref);
}

#define CHECK(bytes, expected) check_rows(bytes, sizeof(bytes) - 1, expected)

/* Old Statistikkbanken "Semikolonseparert med overskrift": Latin-1, CRLF, quoted title, a blank
 * line, measure and year glued in one header cell, K_ and K. prefixes, negative numbers. */
static void test_old_statbank_wide(void **state)
{
    (void)state;
    CHECK("\"12345: Befolkning, etter region, statistikkvariabel og \xE5r\"\r\n"
          "\r\n"
          "\"region\";\"Personer 2022\";\"Personer 2023\";\"D\xF8" "de 2023\"\r\n"
          "\"K_3301 Drammen\";102273;103000;..\r\n"
          "\"K.3312 Lier\";-5;28000;:\r\n",
          "12345,3301,Drammen,kommune,2022,Personer,,,102273,\n"
          "12345,3301,Drammen,kommune,2023,Personer,,,103000,\n"
          "12345,3301,Drammen,kommune,2023,D\xC3\xB8" "de,,,,..\n"
          "12345,3312,Lier,kommune,2022,Personer,,,-5,\n"
          "12345,3312,Lier,kommune,2023,Personer,,,28000,\n"
          "12345,3312,Lier,kommune,2023,D\xC3\xB8" "de,,,,:\n");
}

/* New Statistikkbanken (2025-): title without blank line, regions across glued with the age
 * ("33 Buskerud Alle aldre"), missing '.'; the title names the glued variable (alder). */
static void test_new_statbank_regions_across(void **state)
{
    (void)state;
    CHECK("\"09999: Konsultasjoner, etter statistikkvariabel, \xE5r, kj\xF8nn, region og alder\"\r\n"
          "\"statistikkvariabel\";\"\xE5r\";\"kj\xF8nn\";\"0 Hele landet Alle aldre\";\"33 Buskerud Alle aldre\";"
          "\"3301 Drammen Alle aldre\"\r\n"
          "\"Konsultasjoner per person\";\"2023\";\"Begge kj\xF8nn\";3.0;3.1;.\r\n",
          "09999,0,Hele landet,land,2023,Konsultasjoner per person,kj\xC3\xB8nn=Begge kj\xC3\xB8nn; alder=Alle aldre,,3,\n"
          "09999,33,Buskerud,fylke,2023,Konsultasjoner per person,kj\xC3\xB8nn=Begge kj\xC3\xB8nn; alder=Alle aldre,,3.1,\n"
          "09999,3301,Drammen,kommune,2023,Konsultasjoner per person,kj\xC3\xB8nn=Begge kj\xC3\xB8nn; alder=Alle aldre,,,.\n");
}

/* Several ages per region glued: the region name is what columns with the same code share. */
static void test_glued_region_and_age(void **state)
{
    (void)state;
    CHECK("\"10540: Registrerte arbeidsledige, etter \xE5r, region og alder\"\r\n"
          "\"\xE5r\";\"0 Hele landet 15-24 \xE5r\";\"0 Hele landet 25-74 \xE5r\";\"3301 Drammen 15-24 \xE5r\";"
          "\"3301 Drammen 25-74 \xE5r\"\r\n"
          "\"2024\";2.1;1.9;3.3;2.7\r\n",
          "10540,0,Hele landet,land,2024,Registrerte arbeidsledige,alder=15-24 \xC3\xA5r,,2.1,\n"
          "10540,0,Hele landet,land,2024,Registrerte arbeidsledige,alder=25-74 \xC3\xA5r,,1.9,\n"
          "10540,3301,Drammen,kommune,2024,Registrerte arbeidsledige,alder=15-24 \xC3\xA5r,,3.3,\n"
          "10540,3301,Drammen,kommune,2024,Registrerte arbeidsledige,alder=25-74 \xC3\xA5r,,2.7,\n");
}

/* PxWebApi csv2 (long): comma, LF, no title, the value column named by the table's contents,
 * and no line end after the last line. */
static void test_long_comma_no_title(void **state)
{
    (void)state;
    CHECK("\"region\",\"alder\",\"\xC3\xA5r\",\"statistikkvariabel\",\"07459: Befolkning, etter region, alder, "
          "statistikkvariabel og \xC3\xA5r\"\n"
          "\"3301 Drammen\",\"15-74 \xC3\xA5r\",\"2024\",\"Personer\",70000\n"
          "\"3301 Drammen\",\"15-74 \xC3\xA5r\",\"2023\",\"Personer\",..",
          "07459,3301,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r,,70000,\n"
          "07459,3301,Drammen,kommune,2023,Personer,alder=15-74 \xC3\xA5r,,,..\n");
}

/* TAB-separated, no title, English labels, bydel codes. */
static void test_tab_english_bydel(void **state)
{
    (void)state;
    CHECK("\"region\"\t\"age\"\t\"Persons 2005\"\t\"Persons 2006\"\n"
          "\"030101a Gamle Oslo\"\t\"0 years\"\t120\t130\n"
          "\"030100aa Oslo total\"\t\"0 years\"\t9000\t9100\n",
          ",030101a,Gamle Oslo,bydel,2005,Persons,age=0 years,,120,\n"
          ",030101a,Gamle Oslo,bydel,2006,Persons,age=0 years,,130,\n"
          ",030100aa,Oslo total,bydel,2005,Persons,age=0 years,,9000,\n"
          ",030100aa,Oslo total,bydel,2006,Persons,age=0 years,,9100,\n");
}

/* PxWebApi v2 with SeparatorSpace and UseCodesAndTexts: space-delimited, "code - text" labels. */
static void test_space_codes_and_texts(void **state)
{
    (void)state;
    CHECK("\"region\" \"\xC3\xA5r\" \"statistikkvariabel\" \"07459: Befolkning, etter region, \xC3\xA5r og statistikkvariabel\"\n"
          "\"3301 - Drammen\" \"2024\" \"Personer1 - Personer\" 103000\n"
          "\"3312 - Lier\" \"2024\" \"Personer1 - Personer\" 28000\n",
          "07459,3301,Drammen,kommune,2024,Personer,,,103000,\n"  /* code Personer1: test_reader_classes */
          "07459,3312,Lier,kommune,2024,Personer,,,28000,\n");
}

/* PxWebApi v1 csv3: variable codes as headers, codes as labels, the value column named by the
 * table id. */
static void test_csv3_codes(void **state)
{
    (void)state;
    CHECK("\"Region\",\"Alder\",\"Tid\",\"ContentsCode\",\"07459\"\n"
          "\"K-3301\",\"999\",\"2024\",\"Personer1\",103000\n"
          "\"0\",\"999\",\"2024\",\"Personer1\",5550000\n",
          "07459,3301,,kommune,2024,Personer1,Alder=999,,103000,\n"
          "07459,0,,land,2024,Personer1,Alder=999,,5550000,\n");
}

/* FHI KUBE file: UTF-8 with BOM, numeric GEO without leading zeros, 2019_2021 windows,
 * SPVFLAGG hiding the row's values (empty cells, flag 3 = ':'). */
static void test_fhi_kube(void **state)
{
    (void)state;
    CHECK("\xEF\xBB\xBFGEO;AAR;KJONN;ALDER;TELLER;NEVNER;RATE;SPVFLAGG\n"
          "0;2019_2021;0;0_120;1000;50000;2.0;0\n"
          "3301;2019_2021;0;0_120;;;;3\n"
          "301;2020_2020;2;15_74;7;100;7.0;0\n",
          ",0,,land,2019-2021,TELLER,KJONN=0; ALDER=0_120,,1000,\n"
          ",0,,land,2019-2021,NEVNER,KJONN=0; ALDER=0_120,,50000,\n"
          ",0,,land,2019-2021,RATE,KJONN=0; ALDER=0_120,,2,\n"
          ",3301,,kommune,2019-2021,TELLER,KJONN=0; ALDER=0_120,,,:\n"
          ",3301,,kommune,2019-2021,NEVNER,KJONN=0; ALDER=0_120,,,:\n"
          ",3301,,kommune,2019-2021,RATE,KJONN=0; ALDER=0_120,,,:\n"
          ",0301,,kommune,2020,TELLER,KJONN=2; ALDER=15_74,,7,\n"
          ",0301,,kommune,2020,NEVNER,KJONN=2; ALDER=15_74,,100,\n"
          ",0301,,kommune,2020,RATE,KJONN=2; ALDER=15_74,,7,\n");
}

/* A flagged row whose numbers were not blanked: the flag wins and the count says so. */
static void test_fhi_flag_hides_numbers(void **state)
{
    (void)state;
    static const char bytes[] = "GEO;AAR;TELLER;SPVFLAGG\n46;2024_2024;2;1\n";
    fx_run r = fx_read(bytes, sizeof bytes - 1, 0);
    assert_int_equal(r.rc, LK_OK);
    assert_string_equal(r.tidy, ",46,,fylke,2024,TELLER,,,,..\n");
    assert_int_equal(lk_reader_info(r.reader)->flagged_by_spvflagg, 1);
    fx_free(&r);
}

/* Old Kommunehelsa export re-saved as CSV: multi-line preamble, names without codes, two
 * heading rows ("År", "Geografi"); the title is the measure. */
static const char fhi_old[] =
    "\"Arbeidsledighet\",,,,\n"
    ",,,,\n"
    "\"Variabler i filter\",,,,\n"
    "\"Alder, 15-29 \xC3\xA5r\",,,,\n"
    "\"andel (prosent)\",,,,\"aar2012\"\n"
    ",,,,\n"
    "\"\xC3\x85r\",\"2009\",\"2010\",\"2011\",\"2012\"\n"
    "\"Geografi\",\"2009\",\"2010\",\"2011\",\"2012\"\n"
    "\"Drammen\",2.8,3.3,3.1,2.6\n"
    "\"Nes (Buskerud)\",3.3,1.7,..,3.2\n";

static void test_fhi_old_export(void **state)
{
    (void)state;
    CHECK(fhi_old,
          ",,Drammen,other,2009,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,2.8,\n"
          ",,Drammen,other,2010,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,3.3,\n"
          ",,Drammen,other,2011,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,3.1,\n"
          ",,Drammen,other,2012,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,2.6,\n"
          ",,Nes (Buskerud),other,2009,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,3.3,\n"
          ",,Nes (Buskerud),other,2010,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,1.7,\n"
          ",,Nes (Buskerud),other,2011,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,,..\n"
          ",,Nes (Buskerud),other,2012,Arbeidsledighet,alder=15-29 \xC3\xA5r,prosent,3.2,\n");
    fx_run r = fx_read(fhi_old, sizeof fhi_old - 1, 0);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->title, "Arbeidsledighet");
    assert_int_equal(in->n_meta, 4);
    assert_string_equal(in->meta[2].text, "Alder, 15-29 \xC3\xA5r");
    assert_string_equal(in->meta[3].text, "andel (prosent) aar2012");
    assert_int_equal(in->line_counts[LK_LINE_PREAMBLE], 4);
    assert_int_equal(in->line_counts[LK_LINE_BLANK], 2);
    assert_int_equal(in->line_counts[LK_LINE_HEADER], 2);
    assert_int_equal(in->line_counts[LK_LINE_DATA], 2);
    assert_int_equal(in->lines, 10);
    fx_free(&r);
}

/* xlsx export re-saved by Norwegian Excel: ';', every row padded, decimal comma, three heading
 * rows from merged cells, footnotes with HTML, "Sist endret", "Kilde". */
static const char xlsx[] =
    "07459: Befolkning, etter region, statistikkvariabel, \xE5r og alder;;;\r\n"
    ";Personer;;\r\n"
    ";2023;;\r\n"
    ";0-4 \xE5r;5-9 \xE5r;10-14 \xE5r\r\n"
    "K-3005 Drammen;5060;5672,5;6184\r\n"
    "K-3312 Lier;1200;1300;..\r\n"
    ";;;\r\n"
    "region:;;;\r\n"
    "<a href='https://www.ssb.no/x' target='footnote'><b>Se liste over endringer</b></a>;;;\r\n"
    "Sist endret:;;;\r\n"
    "20230221 08:00;;;\r\n"
    "Kilde:;;;\r\n"
    "Statistisk sentralbyr\xE5;;;\r\n";

static void test_xlsx_resave(void **state)
{
    (void)state;
    CHECK(xlsx,
          "07459,3005,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,5060,\n"
          "07459,3005,Drammen,kommune,2023,Personer,alder=5-9 \xC3\xA5r,,5672.5,\n"
          "07459,3005,Drammen,kommune,2023,Personer,alder=10-14 \xC3\xA5r,,6184,\n"
          "07459,3312,Lier,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,1200,\n"
          "07459,3312,Lier,kommune,2023,Personer,alder=5-9 \xC3\xA5r,,1300,\n"
          "07459,3312,Lier,kommune,2023,Personer,alder=10-14 \xC3\xA5r,,,..\n");
    fx_run r = fx_read(xlsx, sizeof xlsx - 1, 0);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_int_equal(in->decimal_mark, ',');
    assert_string_equal(in->line_ending, "CRLF");
    assert_string_equal(in->encoding, "ISO-8859-1/Windows-1252");
    assert_int_equal(in->header_first_line, 2);
    assert_int_equal(in->header_last_line, 4);
    assert_int_equal(in->line_counts[LK_LINE_PREAMBLE], 1);
    assert_int_equal(in->line_counts[LK_LINE_HEADER], 3);
    assert_int_equal(in->line_counts[LK_LINE_DATA], 2);
    assert_int_equal(in->line_counts[LK_LINE_BLANK], 1);
    assert_int_equal(in->line_counts[LK_LINE_TRAILER], 6);
    assert_int_equal(in->lines, 13);
    assert_int_equal(in->n_meta, 7);
    assert_string_equal(in->meta[6].text, "Statistisk sentralbyr\xC3\xA5");
    assert_int_equal(in->meta[6].kind, LK_LINE_TRAILER);
    fx_free(&r);
}

/* The FHI trap: UTF-8 "År" is C3 85; 0x85 read as Latin-1 is NEL, which must not end a line.
 * A label that went through that mistake once ("Ã" + NEL) is repaired. */
static void test_utf8_nel_trap(void **state)
{
    (void)state;
    static const char bytes[] = "\"region\";\"\xC3\x85r\";\"Personer\"\n"
                                "\"4601 Bergen\";\"2023\";285000\n"
                                "\"4627 \xC3\x83\xC2\x85sane\";\"2023\";100\n";
    CHECK(bytes, ",4601,Bergen,kommune,2023,Personer,,,285000,\n"
                 ",4627,\xC3\x85sane,kommune,2023,Personer,,,100,\n");
    fx_run r = fx_read(bytes, sizeof bytes - 1, 0);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->encoding, "UTF-8");
    assert_int_equal(in->repaired_chars, 1);
    assert_int_equal(in->lines, 3);
    fx_free(&r);
}

/* Region label variants and period codes in a long file. */
static void test_region_and_period_variants(void **state)
{
    (void)state;
    CHECK("\"region\";\"tid\";\"Personer\"\r\n"
          "\"F-33 Buskerud\";\"2023\";1\r\n"
          "\"EKA33 Buskerud\";\"2023K4\";2\r\n"
          "\"EAK Landet\";\"2023M01\";3\r\n"
          "\"33010101 Sentrum 1\";\"2006-2010\";4\r\n"
          "\"030101a Gamle Oslo\";\"2023H1\";5\r\n"
          "\"K-Rest Delte kommuner og uoppgitt\";\"2023\";6\r\n"
          "\"5436 Porsanger - Pors\xE1ngu - Porsanki \";\"2023\";7\r\n",
          ",33,Buskerud,fylke,2023,Personer,,,1,\n"
          ",33,Buskerud,fylke,2023K4,Personer,,,2,\n"
          ",0,Landet,land,2023M01,Personer,,,3,\n"
          ",33010101,Sentrum 1,grunnkrets,2006-2010,Personer,,,4,\n"
          ",030101a,Gamle Oslo,bydel,2023H1,Personer,,,5,\n"
          ",Rest,Delte kommuner og uoppgitt,other,2023,Personer,,,6,\n"
          ",5436,Porsanger - Pors\xC3\xA1ngu - Porsanki,kommune,2023,Personer,,,7,\n");
}

/* Every status symbol is kept, and an empty cell is missing without a symbol: never zero. */
static void test_status_symbols(void **state)
{
    (void)state;
    CHECK("\"region\";\"\xE5r\";\"A\";\"B\";\"C\";\"D\";\"E\";\"F\";\"G\";\"H\";\"I\"\r\n"
          "\"0 Hele landet\";\"2023\";.;..;...;:;-;*;x;;0\r\n",
          ",0,Hele landet,land,2023,A,,,,.\n"
          ",0,Hele landet,land,2023,B,,,,..\n"
          ",0,Hele landet,land,2023,C,,,,...\n"
          ",0,Hele landet,land,2023,D,,,,:\n"
          ",0,Hele landet,land,2023,E,,,,-\n"
          ",0,Hele landet,land,2023,F,,,,*\n"
          ",0,Hele landet,land,2023,G,,,,x\n"
          ",0,Hele landet,land,2023,H,,,,\n"
          ",0,Hele landet,land,2023,I,,,0,\n");
}

/* Years across in an unquoted file: the all-years header row is not a data row. */
static void test_unquoted_years_header(void **state)
{
    (void)state;
    CHECK("statistikkvariabel;region;2021;2022\n"
          "Sysselsatte personer etter bosted;K.3005 Drammen;51000;51572\n",
          ",3005,Drammen,kommune,2021,Sysselsatte personer etter bosted,,,51000,\n"
          ",3005,Drammen,kommune,2022,Sysselsatte personer etter bosted,,,51572,\n");
}

/* A long file whose first value looks like a year (2086 persons): the row names a region, so it
 * is data, not a second header row of years (it was taken for one, and the next rows then had
 * "the same labels"). */
static void test_first_value_like_a_year(void **state)
{
    (void)state;
    CHECK("\"region\";\"alder\";\"\xE5r\";\"Personer\"\n"
          "\"3301 Drammen\";\"0-4 \xE5r\";\"2023\";2086\n"
          "\"3301 Drammen\";\"0-4 \xE5r\";\"2024\";830451\n",
          ",3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,2086,\n"
          ",3301,Drammen,kommune,2024,Personer,alder=0-4 \xC3\xA5r,,830451,\n");
}

/* Merged stub cells in a spreadsheet re-save: an empty label continues the one above. */
static void test_fill_down_labels(void **state)
{
    (void)state;
    CHECK("region;alder;Personer 2023\n"
          "3301 Drammen;0-4 \xC3\xA5r;5060\n"
          ";5-9 \xC3\xA5r;5672\n",
          ",3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,5060,\n"
          ",3301,Drammen,kommune,2023,Personer,alder=5-9 \xC3\xA5r,,5672,\n");
}

/* A label with the delimiter, a quote and a newline-free comma goes out RFC 4180 quoted. */
static void test_quoting_in_output(void **state)
{
    (void)state;
    CHECK("\"region\";\"kategori\";\"Personer 2023\"\n"
          "\"3301 Drammen\";\"Sier \"\"ja\"\", ofte\";5\n",
          ",3301,Drammen,kommune,2023,Personer,\"kategori=Sier \"\"ja\"\", ofte\",,5,\n");
}

/* Reading is streamed: a file far larger than the first window gives every row. */
static void test_many_rows_streamed(void **state)
{
    (void)state;
    size_t rows = 120000, cap = rows * 40 + 100, n = 0;
    char *buf = malloc(cap);
    n += (size_t)sprintf(buf + n, "\"region\";\"\xE5r\";\"Personer\"\r\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)sprintf(buf + n, "\"%04zu Kommune\";\"%zu\";%zu\r\n", 100 + i % 5000, 2000 + (i / 5000) % 25, i);
    fx_run r = fx_read(buf, n, 0);
    assert_int_equal(r.rc, LK_OK);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_int_equal(in->observations, rows);
    assert_int_equal(in->line_counts[LK_LINE_DATA], rows);
    assert_int_equal(in->columns[0].n_distinct, 5000);
    assert_int_equal(in->n_periods, 24);
    /* the last row is there */
    char last[64];
    sprintf(last, ",%04zu,Kommune,kommune,%zu,Personer,,,%zu,\n", 100 + (rows - 1) % 5000, 2000 + ((rows - 1) / 5000) % 25, rows - 1);
    assert_non_null(strstr(r.tidy, last));
    fx_free(&r);
    free(buf);
}

/* A row takes over the fields of the previous row's identical prefix (the fast path's shortcut).
 * Rows built to share prefixes of every length, with fields that are prefixes of each other,
 * "" escapes, empty cells filled down, CRLF and LF mixed, and missing symbols, every cell quoted
 * as in SSB's exports: the fast path must give exactly what the reference parser gives. */
static unsigned long long prefix_rng = 88172645463325252ull;
static unsigned prefix_rand(void)
{
    prefix_rng ^= prefix_rng << 13;
    prefix_rng ^= prefix_rng >> 7;
    prefix_rng ^= prefix_rng << 17;
    return (unsigned)(prefix_rng >> 20);
}

static void test_prefix_reuse_equals_reference(void **state)
{
    (void)state;
    static const char *const regions[] = { "\"3301 Drammen\"", "\"3301 Drammen \"", "\"330 Drammen\"", "\"3303 Kongsberg\"",
                                           "\"3303 \"\"Kongsberg\"\"\"", "\"33 Buskerud\"" };
    static const char *const ages[] = { "\"15-19 \xC3\xA5r\"", "\"15-1 \xC3\xA5r\"", "\"15-19 \xC3\xA5r \"", "\"\"", "\"20-24 \xC3\xA5r\"" };
    static const char *const groups[] = { "\"G1\"", "\"G12\"", "\"G1\"\"2\"", "\"G\"", "\"G \"" };
    size_t cap = 1 << 20, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)sprintf(text + n, "\"region\";\"alder\";\"gruppe\";\"\xC3\xA5r\";\"statistikkvariabel\";\"99999: Test\"\n");
    size_t ri = 0, ai = 0, gi = 0, rows = 3000;
    for (size_t i = 0; i < rows; i++) {
        if (prefix_rand() % 5 == 0) ri = prefix_rand() % 6;
        if (prefix_rand() % 3 == 0) ai = prefix_rand() % 5;
        if (i == 0 && ai == 3) ai = 0; /* the first row cannot fill down */
        if (prefix_rand() % 2 == 0) gi = prefix_rand() % 5;
        unsigned v = prefix_rand() % 1000;
        const char *value = v < 30 ? "\"..\"" : v < 40 ? "\":\"" : NULL; /* quoted like every value */
        n += (size_t)sprintf(text + n, "%s;%s;%s;\"%zu\";\"M %zu\";", regions[ri], ages[ai], groups[gi], 2000 + i % 25, i / 25);
        n += value ? (size_t)sprintf(text + n, "%s", value) : (size_t)sprintf(text + n, "\"%u\"", v);
        n += (size_t)sprintf(text + n, "%s", prefix_rand() % 4 ? "\n" : "\r\n");
    }
    fx_run fast = fx_read(text, n, 0), ref = fx_read(text, n, 1);
    if (fast.rc != LK_OK) fprintf(stderr, "%s\n", fast.err);
    assert_int_equal(fast.rc, LK_OK);
    assert_int_equal(ref.rc, LK_OK);
    assert_string_equal(fast.tidy, ref.tidy);
    size_t lines = 0;
    for (const char *p = fast.tidy; (p = strchr(p, '\n')); p++) lines++;
    assert_int_equal(lines, rows);
    fx_free(&fast);
    fx_free(&ref);
    free(text);
}


/* levekar's own tidy CSV is read back as the observations it lists, so writing them again gives
 * the same bytes: missing values with their symbol, a value with a flag, dimensions (one with
 * "; " in its value), quotes, every level, the period kinds, numbers in exponent form. */
#define TIDY_ROWS                                                                                       \
    "07459,0,Hele landet,land,2023,Personer,alder=0-4 \xC3\xA5r,personer,299940,\n"                     \
    "07459,3301,Drammen,kommune,2023,Personer,\"alder=15-74 \xC3\xA5r; kj\xC3\xB8nn=Menn, i alt\",,5,\n"  \
    "07459,3301,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r,,,..\n"                             \
    "07459,33,Buskerud,fylke,2024,Personer,alder=15-74 \xC3\xA5r,,,:\n"                                 \
    "07459,030101,Gamle Oslo,bydel,2023K4,\"Befolkning, i alt\",,1000 personer,-3.25,\n"              \
    "07459,03010101,\"Grunnkrets \"\"Sentrum\"\"\",grunnkrets,2023M01,Personer,,,1e-07,\n"              \
    ",S1,Str\xC3\xB8ms\xC3\xB8,zone,2019-2021,Personer,,,1.5e+20,~split\n"                               \
    ",,K-Rest,other,2023,Personer,,,12.5,\n"                                                            \
    "10539,3301,Drammen,kommune,2023,Registrerte,grupper=a; b; kj\xC3\xB8nn=Menn,prosent,7,:\n"         \
    ",,,,,TELLER,,,0,\n"

static void test_tidy_read_back(void **state)
{
    (void)state;
    /* #13 A7: the unit column (after dims) reads back as the observations' unit */
    CHECK(LK_TIDY_HEADER "\n" TIDY_ROWS, TIDY_ROWS);
    /* CRLF line ends (a re-save) change nothing */
    CHECK(LK_TIDY_HEADER "\r\n"
          "07459,3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,,..\r\n",
          "07459,3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,,..\n");
    /* the older header without the unit column: no unit */
    CHECK("table,region,region_name,level,period,measure,dims,value,status\n"
          "07459,3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,5060,\n"
          ",,,,,TELLER,,,..\n",
          "07459,3301,Drammen,kommune,2023,Personer,alder=0-4 \xC3\xA5r,,5060,\n"
          ",,,,,TELLER,,,,..\n");
    /* what the observations hold */
    static const char one[] = "table,region,region_name,level,period,measure,dims,value,status\n"
                              "07459,030101,Gamle Oslo,bydel,2023K4,Personer,alder=0-4 \xC3\xA5r; kj\xC3\xB8nn=Menn,,..\n";
    fx_run r = fx_read(one, sizeof one - 1, 0);
    assert_int_equal(r.rc, LK_OK);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_int_equal(in->observations, 1);
    assert_int_equal(in->missing, 1);
    assert_int_equal(in->level_counts[LK_LEVEL_BYDEL], 1);
    assert_int_equal(in->n_periods, 1);
    assert_string_equal(in->periods[0], "2023K4");
    assert_int_equal(in->n_statuses, 1);
    assert_string_equal(in->statuses[0].symbol, "..");
    assert_string_equal(in->layout, "tidy");
    assert_int_equal(in->delimiter, ',');
    fx_free(&r);
}

typedef struct obs_copy { lk_obs o; char dims[2][2][32]; size_t n; } obs_copy;

static int keep_first(const lk_obs *o, void *payload)
{
    obs_copy *c = payload;
    if (c->n++) return 0;
    c->o = *o;
    for (size_t i = 0; i < o->n_dims && i < 2; i++) {
        snprintf(c->dims[i][0], 32, "%s", o->dims[i].name);
        snprintf(c->dims[i][1], 32, "%s", o->dims[i].value);
    }
    return 0;
}

static void test_tidy_observation_fields(void **state)
{
    (void)state;
    static const char one[] = "table,region,region_name,level,period,measure,dims,value,status\n"
                              "07459,030101,Gamle Oslo,bydel,2019-2021,Personer,alder=0-4 \xC3\xA5r; kj\xC3\xB8nn=Menn,2.5,~rate\n";
    lk_reader *rd;
    obs_copy c;
    memset(&c, 0, sizeof c);
    assert_int_equal(lk_reader_open_memory(&rd, "t.csv", one, sizeof one - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(rd, keep_first, &c), LK_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.o.table, "07459");
    assert_string_equal(c.o.region, "030101");
    assert_string_equal(c.o.region_name, "Gamle Oslo");
    assert_int_equal(c.o.level, LK_LEVEL_BYDEL);
    assert_string_equal(c.o.period, "2019-2021");
    assert_int_equal(c.o.period_info.first_year, 2019);
    assert_int_equal(c.o.period_info.last_year, 2021);
    assert_string_equal(c.o.measure, "Personer");
    assert_int_equal(c.o.n_dims, 2);
    assert_string_equal(c.dims[0][0], "alder");
    assert_string_equal(c.dims[0][1], "0-4 \xC3\xA5r");
    assert_string_equal(c.dims[1][0], "kj\xC3\xB8nn");
    assert_string_equal(c.dims[1][1], "Menn");
    assert_int_equal(c.o.has_value, 1);
    assert_true(c.o.value == 2.5);
    assert_string_equal(c.o.status, "~rate");
    assert_int_equal(c.o.line, 2);
    assert_int_equal(c.o.column, 8);
    lk_reader_free(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_old_statbank_wide),
        cmocka_unit_test(test_new_statbank_regions_across),
        cmocka_unit_test(test_glued_region_and_age),
        cmocka_unit_test(test_long_comma_no_title),
        cmocka_unit_test(test_tab_english_bydel),
        cmocka_unit_test(test_space_codes_and_texts),
        cmocka_unit_test(test_csv3_codes),
        cmocka_unit_test(test_fhi_kube),
        cmocka_unit_test(test_fhi_flag_hides_numbers),
        cmocka_unit_test(test_fhi_old_export),
        cmocka_unit_test(test_xlsx_resave),
        cmocka_unit_test(test_utf8_nel_trap),
        cmocka_unit_test(test_region_and_period_variants),
        cmocka_unit_test(test_status_symbols),
        cmocka_unit_test(test_unquoted_years_header),
        cmocka_unit_test(test_first_value_like_a_year),
        cmocka_unit_test(test_fill_down_labels),
        cmocka_unit_test(test_quoting_in_output),
        cmocka_unit_test(test_many_rows_streamed),
        cmocka_unit_test(test_prefix_reuse_equals_reference),
        cmocka_unit_test(test_tidy_read_back),
        cmocka_unit_test(test_tidy_observation_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
