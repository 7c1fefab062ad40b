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
        ",S1,Str\xC3\xB8ms\xC3\xB8,zone,2024,Personer,,,150,\n"   /* 100 + 50 */
        ",S2,Bragernes,zone,2023,Personer,,,,~incomplete\n"       /* 33010202 absent in 2023 */
        ",S2,Bragernes,zone,2024,Personer,,,,:\n"                 /* a suppressed member */
        ",L1,Lier,zone,2024,Personer,,,27000,\n");
    free(text);
    text = NULL;
    f = open_memstream(&text, &size);
    lk_suppress_opts none;
    lk_suppress_preset(&none, "none"); /* the sums as they are; the protection: test_coverage.c */
    assert_int_equal(lk_coverage_write(f, a, &none, NULL), LK_OK);
    fclose(f);
    /* 2024: total 100+50+70+30+5 = 255; in zones 220; uoppgitt 5; outside 30 = 11.76...%;
     * uoppgitt 5/255 = 1.96...%; no zone with uoppgitt (255 - 220) = 35/255 = 13.72...% */
    assert_string_equal(text,
        LK_COVERAGE_HEADER "\n"
        "3301,2023,Personer,,60,60,0,0,0,0,0,\n"
        "3301,2024,Personer,,255,220,5,30,11.764705882352942,1.9607843137254901,13.72549019607843,\n");
    free(text);
    lk_reader_free(r);
    lk_zone_agg_free(a);
    lk_zones_free(z);
}

/* No observations: no zone rows and only the coverage header (and no null array to qsort). */
static void test_zones_no_data(void **state)
{
    (void)state;
    write_file("zones_test.csv", "zone,name,member\nS1,A,330101\n");
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_OK);
    remove("zones_test.csv");
    lk_zone_agg *a;
    assert_int_equal(lk_zone_agg_new(&a, z), LK_OK);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_zone_agg_finish(a, to_text, f), LK_OK);
    assert_int_equal(lk_coverage_write(f, a, NULL, NULL), LK_OK);
    fclose(f);
    assert_string_equal(text, LK_COVERAGE_HEADER "\n");
    free(text);
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
                      "zones_test.csv:1: header without zone, name and member (expected the header zone,name,member, "
                      "or FHI's levekaar,lksnavn,grunnkrets)");
    expect_zone_error("", "zones_test.csv:1: empty file (expected the header zone,name,member)");
    remove("zones_test.csv");
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "/nonexistent/zones.csv"), LK_EIO);
    lk_zones_free(z);
}

/* Members that overlap would count the same people twice; both lines are named. */
static void test_zone_overlaps(void **state)
{
    (void)state;
    expect_zone_error("zone,name,member\nS1,A,330101\nS2,B,33010105\n",
                      "zones_test.csv:3: grunnkrets 33010105 overlaps delområde 330101 of zone S1 on line 2: 33010105 lies "
                      "in 330101 (expected members that do not overlap, so that nobody is counted twice)");
    expect_zone_error("zone,name,member\nS1,A,33010105\nS1,A,33010106\nS2,B,330101\n",
                      "zones_test.csv:4: delområde 330101 overlaps grunnkrets 33010105 of zone S1 on line 2: 33010105 lies "
                      "in 330101 (expected members that do not overlap, so that nobody is counted twice)");
    expect_zone_error("zone,name,member\nL1,Drammen,3301\nS2,B,33010101\n",
                      "zones_test.csv:3: grunnkrets 33010101 overlaps kommune 3301 of zone L1 on line 2: 33010101 lies "
                      "in 3301 (expected members that do not overlap, so that nobody is counted twice)");
    expect_zone_error("zone,name,member\nS2,B,33010101\nL1,Drammen,3301\n",
                      "zones_test.csv:3: kommune 3301 overlaps grunnkrets 33010101 of zone S2 on line 2: 33010101 lies "
                      "in 3301 (expected members that do not overlap, so that nobody is counted twice)");
    expect_zone_error("zone,name,member\nL1,Drammen,3301\nL1,Drammen,330102\n", /* in one zone, too */
                      "zones_test.csv:3: delområde 330102 overlaps kommune 3301 of zone L1 on line 2: 330102 lies "
                      "in 3301 (expected members that do not overlap, so that nobody is counted twice)");
    expect_zone_error("zone,name,member\nS1,A,33010101\nS1,B,33010102\n",
                      "zones_test.csv:3: zone S1 is named 'B', but 'A' on line 2 (expected one name per zone)");
    expect_zone_error("zone,name,member\n3301,Drammen,33010101\n",
                      "zones_test.csv:2: zone code '3301' is also the code of a region (expected a code of its own, such as "
                      "'S3301', that the output cannot mistake for that region)");
    expect_zone_error("zone,name,member\nS1,A,33010101\nK-3301,B,33010102\n",
                      "zones_test.csv:3: zone code 'K-3301' is also the code of a region (expected a code of its own, such as "
                      "'SK-3301', that the output cannot mistake for that region)");
    /* neighbours are no overlap; codes that no region has are zone codes */
    write_file("zones_test.csv", "zone,name,member\nS1,A,330101\nS2,B,33010201\n7,C,330103\n3301000001,LKS 01,33010401\n"
                                 "L1,Lier,3312\n");
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_OK);
    assert_int_equal(lk_zones_count(z), 5);
    assert_string_equal(lk_zones_find(z, "33010199")->code, "S1");
    assert_string_equal(lk_zones_find(z, "33010201")->code, "S2");
    assert_null(lk_zones_find(z, "33010202"));
    assert_string_equal(lk_zones_find(z, "33010377")->code, "7");
    assert_string_equal(lk_zones_find(z, "33010401")->code, "3301000001");
    assert_string_equal(lk_zones_find(z, "3312")->code, "L1");
    assert_null(lk_zones_find(z, "3301"));
    assert_null(lk_zones_find(z, "331201"));
    assert_null(lk_zones_find(z, "K-3312"));
    lk_zones_free(z);
    remove("zones_test.csv");
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
}

/* A NUL byte would cut a member short (3301\0 0101 read as kommune 3301); a million fields is a limit. */
static void test_zone_bytes(void **state)
{
    (void)state;
    static const char nul[] = "zone,name,member\nS1,A,3301\0" "0101\n";
    write_bytes("zones_test.csv", nul, sizeof nul - 1);
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_EDATA);
    assert_string_equal(lk_zones_errmsg(z), "zones_test.csv:2: NUL byte in field 3 (expected text; is this a binary or UTF-16 file?)");
    lk_zones_free(z);
    static const char header[] = "zone,name,member\n";
    size_t h = sizeof header - 1, n = h + 1100000;
    char *wide = malloc(n);
    memcpy(wide, header, h);
    memset(wide + h, ',', n - h - 1);
    wide[n - 1] = '\n';
    write_bytes("zones_test.csv", wide, n);
    free(wide);
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_zones_errmsg(z), "zones_test.csv:2: more than 1000000 fields (expected zone,name,member)");
    lk_zones_free(z);
    remove("zones_test.csv");
}

/* Many members: each found in its zone, sums per zone (each grunnkrets counts its number). */
static void test_many_members(void **state)
{
    (void)state;
    FILE *f = fopen("zones_test.csv", "w");
    fputs("zone,name,member\n", f);
    for (int d = 0; d < 100; d++)
        for (int g = 0; g < 100; g++) fprintf(f, "S%02d,Sone %d,3301%02d%02d\n", d, d, d, g);
    fclose(f);
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "zones_test.csv"), LK_OK);
    remove("zones_test.csv");
    assert_int_equal(lk_zones_count(z), 100);
    assert_int_equal(lk_zones_get(z, 42)->n_members, 100);
    assert_string_equal(lk_zones_find(z, "33014217")->code, "S42");
    lk_zone_agg *a;
    assert_int_equal(lk_zone_agg_new(&a, z), LK_OK);
    for (int d = 0; d < 100; d++)
        for (int g = 0; g < 100; g++) {
            if (d == 7 && g == 99) continue; /* S07 lacks one member */
            char code[16];
            snprintf(code, sizeof code, "3301%02d%02d", d, g);
            lk_obs o;
            memset(&o, 0, sizeof o);
            o.table = "";
            o.region = code;
            o.region_name = "";
            o.level = LK_LEVEL_GRUNNKRETS;
            o.period = "2024";
            lk_period_parse(&o.period_info, "2024", 4);
            o.measure = "Personer";
            o.status = "";
            o.has_value = 1;
            o.value = g;
            assert_int_equal(lk_zone_agg_add(a, &o), LK_OK);
        }
    char *text = NULL;
    size_t size = 0;
    f = open_memstream(&text, &size);
    assert_int_equal(lk_zone_agg_finish(a, to_text, f), LK_OK);
    fclose(f);
    /* 0 + 1 + ... + 99 = 4950 per zone */
    assert_non_null(strstr(text, ",S00,Sone 0,zone,2024,Personer,,,4950,\n"));
    assert_non_null(strstr(text, ",S07,Sone 7,zone,2024,Personer,,,,~incomplete\n"));
    assert_non_null(strstr(text, ",S99,Sone 99,zone,2024,Personer,,,4950,\n"));
    free(text);
    lk_zone_agg_free(a);
    lk_zones_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_zones_no_data),
        cmocka_unit_test(test_zone_errors),
        cmocka_unit_test(test_zone_overlaps),
        cmocka_unit_test(test_zone_bytes),
        cmocka_unit_test(test_many_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
