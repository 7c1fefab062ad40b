/* Zones: loading, membership, sums checked by hand, completeness flags, coverage report. */
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

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static int to_text(const lk_obs *o, void *payload)
{
    return lk_tidy_write_obs(payload, o) == LK_OK ? 0 : 1;
}

static int add(const lk_obs *o, void *payload)
{
    return lk_zone_agg_add(payload, o) == LK_OK ? 0 : 1;
}

static const char zone_file[] =
    "zone;name;member\r\n"
    "S1;Str\xF8ms\xF8;330101\r\n"        /* a delområde: every grunnkrets 330101xx (Latin-1 name) */
    "S2;Bragernes;33010201\r\n"
    "S2;Bragernes;33010202\r\n"
    "L1;Lier;3312\r\n";

static const char data[] =
    "\"region\";\"\xE5r\";\"Personer\"\r\n"
    "\"33010101 Str\xF8ms\xF8 1\";\"2024\";100\r\n"
    "\"33010102 Str\xF8ms\xF8 2\";\"2024\";50\r\n"
    "\"33010201 Bragernes 1\";\"2024\";70\r\n"
    "\"33010202 Bragernes 2\";\"2024\";:\r\n"
    "\"33010301 Annet\";\"2024\";30\r\n"
    "\"33019999 Uoppgitt grunnkrets\";\"2024\";5\r\n"
    "\"3312 Lier\";\"2024\";27000\r\n"
    "\"33010201 Bragernes 1\";\"2023\";60\r\n";

static void test_zones(void **state)
{
    (void)state;
    write_file("zones_test.csv", zone_file);
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_OK);
    assert_int_equal(lk_zones_count(z), 3);
    assert_string_equal(lk_zones_get(z, 0)->name, "Str\xC3\xB8ms\xC3\xB8");
    assert_string_equal(lk_zones_get(z, 0)->kommune, "3301");
    assert_string_equal(lk_zones_find(z, "33010105")->code, "S1");
    assert_string_equal(lk_zones_find(z, "33010202")->code, "S2");
    assert_null(lk_zones_find(z, "33010203"));
    assert_string_equal(lk_zones_find(z, "3312")->code, "L1");
    assert_null(lk_zones_find(z, "33120101")); /* a kommune member is the kommune's own figure */

    lk_zone_agg *a;
    assert_int_equal(lk_zone_agg_new(&a, z), LK_OK);
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, "g.csv", data, sizeof data - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, add, a), LK_OK);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_zone_agg_finish(a, to_text, f), LK_OK);
    fclose(f);
    assert_string_equal(text,
        ",S1,Str\xC3\xB8ms\xC3\xB8,zone,2024,Personer,,150,\n"   /* 100 + 50 */
        ",S2,Bragernes,zone,2023,Personer,,,~incomplete\n"       /* 33010202 absent in 2023 */
        ",S2,Bragernes,zone,2024,Personer,,,:\n"                 /* a suppressed member */
        ",L1,Lier,zone,2024,Personer,,27000,\n");
    free(text);
    text = NULL;
    f = open_memstream(&text, &size);
    assert_int_equal(lk_zone_agg_write_coverage(a, f), LK_OK);
    fclose(f);
    /* 2024: total 100+50+70+30+5 = 255; in zones 220; uoppgitt 5; outside 30 = 11.76...% */
    assert_string_equal(text,
        "kommune,period,measure,dims,total,in_zones,uoppgitt,outside,share_outside\n"
        "3301,2023,Personer,,60,60,0,0,0\n"
        "3301,2024,Personer,,255,220,5,30,11.764705882352942\n");
    free(text);
    lk_reader_free(r);
    lk_zone_agg_free(a);
    lk_zones_free(z);
}

static void expect_zone_error(const char *text, const char *message)
{
    write_file("zones_test.csv", text);
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_EDATA);
    assert_string_equal(lk_zones_errmsg(z), message);
    lk_zones_free(z);
}

static void test_zone_errors(void **state)
{
    (void)state;
    expect_zone_error("zone,name,member\nS1,A,33010101\nS1,A,33120101\n",
                      "zones_test.csv:3: member 33120101 of zone S1 lies in kommune 3312, the zone's other members in 3301 "
                      "(expected a zone inside one kommune)");
    expect_zone_error("zone,name,member\nS1,A,33010101\nS2,B,33010101\n",
                      "zones_test.csv:3: 33010101 is already a member of zone S1 (expected each member in one zone)");
    expect_zone_error("zone,name,member\nS1,A,3301010\n",
                      "zones_test.csv:2: member '3301010' (expected a grunnkrets of 8 digits, a delområde of 6 or a kommune of 4)");
    expect_zone_error("zone,navn,medlem\nS1,A,3301\n",
                      "zones_test.csv:1: header without zone, name and member (expected the header zone,name,member)");
    expect_zone_error("", "zones_test.csv:1: empty file (expected the header zone,name,member)");
    remove("zones_test.csv");
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "/nonexistent/zones.csv"), LK_EIO);
    lk_zones_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_zone_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
