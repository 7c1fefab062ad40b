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
 * CRLF, "år" as a stub column. */
static void test_years_from_1700(void **state)
{
    (void)state;
    CHECK("\"05803: Folkemengde, etter statistikkvariabel og \xE5r\"\r\n"
          "\r\n"
          "\"\xE5r\";\"Folkemengde 1. januar\"\r\n"
          "\"1735\";616109\r\n"
          "\"1769\";723618\r\n"
          "\"2024\";5550203\r\n",
          "05803,,,,1735,Folkemengde 1. januar,,,616109,\n"
          "05803,,,,1769,Folkemengde 1. januar,,,723618,\n"
          "05803,,,,2024,Folkemengde 1. januar,,,5550203,\n");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years_from_1700),
        cmocka_unit_test(test_bad_week),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
