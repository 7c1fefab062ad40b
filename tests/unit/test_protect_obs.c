/* Small-count protection of tidy output (lk_tidy_protect_*) and of the coverage report
 * (lk_coverage_write), issue 15. Every expectation is worked out by hand in the comment beside it. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static lk_zones *load_zones(const char *text)
{
    write_file("protect_obs_zones.csv", text);
    lk_zones *z = NULL;
    assert_int_equal(lk_zones_load(&z, "protect_obs_zones.csv"), LK_OK);
    remove("protect_obs_zones.csv");
    return z;
}

static lk_obs obs(const char *region, lk_level level, const char *measure, int has_value, double value)
{
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = "";
    o.region = region;
    o.region_name = "";
    o.level = level;
    o.period = "2024";
    o.measure = measure;
    o.unit = "";
    o.has_value = has_value;
    o.value = value;
    o.status = has_value ? "" : "..";
    return o;
}

static int to_text(const lk_obs *o, void *payload)
{
    return lk_tidy_write_obs(payload, o) == LK_OK ? 0 : 1;
}

/* The observations through a protector with options o, as tidy rows (malloc'd). */
static char *run(const lk_suppress_opts *o, const lk_zones *z, const lk_obs *in, size_t n, lk_suppress_result *res)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    lk_tidy_protect *p;
    assert_int_equal(lk_tidy_protect_new(&p, o, z, to_text, f), LK_OK);
    for (size_t i = 0; i < n; i++) assert_int_equal(lk_tidy_protect_add(p, &in[i]), LK_OK);
    assert_int_equal(lk_tidy_protect_finish(p, res), LK_OK);
    fclose(f);
    lk_tidy_protect_free(p);
    return text;
}

static const char two_zones[] = "zone,name,member\nS1,Sentrum,33010101\nS2,Bragernes,33010102\nS2,Bragernes,33010103\n";

/* A zone of 2 and its sibling, which make up the kommune (no kommune row: the written
 * grunnkretser sum to 2 + 150 + 160 = 312, the zones' total). */
static void test_zone_and_sibling(void **state)
{
    (void)state;
    lk_zones *z = load_zones(two_zones);
    const lk_obs in[] = {
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Personer", 1, 2),
        obs("33010102", LK_LEVEL_GRUNNKRETS, "Personer", 1, 150),
        obs("33010103", LK_LEVEL_GRUNNKRETS, "Personer", 1, 160),
        obs("S1", LK_LEVEL_ZONE, "Personer", 1, 2),
        obs("S2", LK_LEVEL_ZONE, "Personer", 1, 310),
    };
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    lk_suppress_result res;
    char *text = run(&o, z, in, 5, &res);
    /* primary: 33010101 (2 < 5) and S1 (2 < 5). S1 alone hidden in 312 = S1 + S2 with no rest:
     * 312 - 310 = 2 gives it, so S2 (the only other part) is secondary. S2 hidden beside both its
     * grunnkretser shown, 150 + 160 = 310, is recovered by addition: its smaller member 33010102
     * (150) is secondary too. Left shown: 33010103 (160); 312 - 160 = 152 is no small count. */
    assert_string_equal(text,
        ",33010101,,grunnkrets,2024,Personer,,,,~suppressed\n"
        ",33010102,,grunnkrets,2024,Personer,,,,~suppressed:secondary\n"
        ",33010103,,grunnkrets,2024,Personer,,,160,\n"
        ",S1,,zone,2024,Personer,,,,~suppressed\n"
        ",S2,,zone,2024,Personer,,,,~suppressed:secondary\n");
    assert_int_equal(res.primary, 2);
    assert_int_equal(res.secondary, 2);
    free(text);
    /* none: everything as it came, in the same order */
    lk_suppress_preset(&o, "none");
    text = run(&o, z, in, 5, NULL);
    assert_string_equal(text,
        ",33010101,,grunnkrets,2024,Personer,,,2,\n"
        ",33010102,,grunnkrets,2024,Personer,,,150,\n"
        ",33010103,,grunnkrets,2024,Personer,,,160,\n"
        ",S1,,zone,2024,Personer,,,2,\n"
        ",S2,,zone,2024,Personer,,,310,\n");
    free(text);
    lk_zones_free(z);
}

/* With a rest outside every zone the sibling stays: kommune 400 = S1 (3) + S2 (300) + 97 outside. */
static void test_zone_with_rest(void **state)
{
    (void)state;
    lk_zones *z = load_zones("zone,name,member\nS1,Sentrum,33010101\nS2,Bragernes,33010102\n");
    const lk_obs in[] = {
        obs("3301", LK_LEVEL_KOMMUNE, "Personer", 1, 400),
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Personer", 1, 3),
        obs("33010102", LK_LEVEL_GRUNNKRETS, "Personer", 1, 300),
        obs("33010201", LK_LEVEL_GRUNNKRETS, "Personer", 1, 97),
        obs("S1", LK_LEVEL_ZONE, "Personer", 1, 3),
        obs("S2", LK_LEVEL_ZONE, "Personer", 1, 300),
    };
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    char *text = run(&o, z, in, 6, NULL);
    /* zones: 400 - 300 = 100 = S1 + the rest, neither given exactly nor small: S2 stays.
     * grunnkretser: 400 = 3 + 300 + 97 with no rest, 33010101 alone hidden: the smaller of the
     * other two, 33010201 (97), is secondary; 400 - 300 = 100 then is no small count. The kommune
     * is not a protected level by default: shown. */
    assert_string_equal(text,
        ",3301,,kommune,2024,Personer,,,400,\n"
        ",33010101,,grunnkrets,2024,Personer,,,,~suppressed\n"
        ",33010102,,grunnkrets,2024,Personer,,,300,\n"
        ",33010201,,grunnkrets,2024,Personer,,,,~suppressed:secondary\n"
        ",S1,,zone,2024,Personer,,,,~suppressed\n"
        ",S2,,zone,2024,Personer,,,300,\n");
    free(text);
    /* the kommune after its districts (held, not written before them as above): the same */
    const lk_obs later[] = { in[1], in[2], in[3], in[4], in[5], in[0] };
    text = run(&o, z, later, 6, NULL);
    assert_string_equal(text,
        ",33010101,,grunnkrets,2024,Personer,,,,~suppressed\n"
        ",33010102,,grunnkrets,2024,Personer,,,300,\n"
        ",33010201,,grunnkrets,2024,Personer,,,,~suppressed:secondary\n"
        ",S1,,zone,2024,Personer,,,,~suppressed\n"
        ",S2,,zone,2024,Personer,,,300,\n"
        ",3301,,kommune,2024,Personer,,,400,\n");
    free(text);
    lk_zones_free(z);
}

/* Not counts: a rate, a series with a fraction, amounts in kroner and thousands stay as they
 * are; a kommune of 3 only when the kommune level is asked for; explicit limits. */
static void test_what_is_a_count(void **state)
{
    (void)state;
    lk_obs in[] = {
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Andel (prosent)", 1, 2),
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Gjennomsnitt", 1, 2),
        obs("33010102", LK_LEVEL_GRUNNKRETS, "Gjennomsnitt", 1, 2.5),
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Inntekt", 1, 3),
        obs("33010101", LK_LEVEL_GRUNNKRETS, "Sysselsatte", 1, 4),
        obs("3301", LK_LEVEL_KOMMUNE, "Personer", 1, 3),
        obs("33010102", LK_LEVEL_GRUNNKRETS, "Personer", 0, 0),
    };
    in[3].unit = "1000 kr";
    in[4].unit = "1000 personer";
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    char *text = run(&o, NULL, in, 7, NULL);
    /* nothing is a small count of a protected level: all as given (the missing one keeps '..') */
    assert_string_equal(text,
        ",33010101,,grunnkrets,2024,Andel (prosent),,,2,\n"
        ",33010101,,grunnkrets,2024,Gjennomsnitt,,,2,\n"
        ",33010102,,grunnkrets,2024,Gjennomsnitt,,,2.5,\n"
        ",33010101,,grunnkrets,2024,Inntekt,,1000 kr,3,\n"
        ",33010101,,grunnkrets,2024,Sysselsatte,,1000 personer,4,\n"
        ",3301,,kommune,2024,Personer,,,3,\n"
        ",33010102,,grunnkrets,2024,Personer,,,,..\n");
    free(text);
    o.levels |= LK_SUPPRESS_LEVEL(LK_LEVEL_KOMMUNE); /* --suppress named: kommuner too */
    text = run(&o, NULL, in + 5, 2, NULL);
    assert_string_equal(text, ",3301,,kommune,2024,Personer,,,,~suppressed\n,33010102,,grunnkrets,2024,Personer,,,,..\n");
    free(text);
    o.min_numerator = 3; /* 3 is not below 3 */
    text = run(&o, NULL, in + 5, 1, NULL);
    assert_string_equal(text, ",3301,,kommune,2024,Personer,,,3,\n");
    free(text);
    o.min_denominator = 4; /* given, N holds for every count: 3 < 4 */
    text = run(&o, NULL, in + 5, 1, NULL);
    assert_string_equal(text, ",3301,,kommune,2024,Personer,,,,~suppressed\n");
    free(text);
}

static void test_protect_errors(void **state)
{
    (void)state;
    lk_tidy_protect *p = (lk_tidy_protect *)1;
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_tidy_protect_new(NULL, &o, NULL, to_text, NULL), LK_EINVAL);
    assert_int_equal(lk_tidy_protect_new(&p, NULL, NULL, to_text, NULL), LK_EINVAL);
    assert_null(p);
    assert_int_equal(lk_tidy_protect_new(&p, &o, NULL, NULL, NULL), LK_EINVAL); /* no callback */
    o.min_numerator = -2;
    assert_int_equal(lk_tidy_protect_new(&p, &o, NULL, to_text, NULL), LK_EINVAL);
    o.min_numerator = 5;
    o.version = 99;
    assert_int_equal(lk_tidy_protect_new(&p, &o, NULL, to_text, NULL), LK_EINVAL);
    assert_int_equal(lk_tidy_protect_add(NULL, NULL), LK_EINVAL);
    assert_int_equal(lk_tidy_protect_finish(NULL, NULL), LK_EINVAL);
    lk_tidy_protect_free(NULL);
}

static int add(const lk_obs *o, void *payload)
{
    return lk_zone_agg_add(payload, o) == LK_OK ? 0 : 1;
}

/* The coverage rows of data over zones S1 (33010101, 33010102) and S3 (33020101). */
static char *coverage(const char *data, const lk_suppress_opts *o)
{
    lk_zones *z = load_zones("zone,name,member\nS1,Sentrum,33010101\nS1,Sentrum,33010102\nS3,Aust,33020101\n");
    lk_zone_agg *a;
    assert_int_equal(lk_zone_agg_new(&a, z), LK_OK);
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, "g.csv", data, strlen(data), NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, add, a), LK_OK);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_coverage_write(f, a, o, NULL), LK_OK);
    fclose(f);
    lk_reader_free(r);
    lk_zone_agg_free(a);
    lk_zones_free(z);
    return text;
}

static const char cov_data[] =
    "region;\xE5r;Personer\n"
    "33010101 A;2024;40\n33010102 B;2024;50\n33019999 Uoppgitt;2024;10\n33010201 C;2024;3\n"
    "33010101 A;2023;40\n33010102 B;2023;50\n33019999 Uoppgitt;2023;2\n33010201 C;2023;1\n"
    "33020101 D;2024;90\n33020201 E;2024;3\n";

static void test_coverage_protected(void **state)
{
    (void)state;
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    char *text = coverage(cov_data, &o);
    /* 3301 2023: total 93 = 90 in S1 + 2 uoppgitt + 1 outside: both rests below 5 (primary), and
     * together 3, still small, so in_zones (90) is hidden as well (secondary) with share_no_zone.
     * 3301 2024: total 103 = 90 + 10 + 3: outside 3 hidden, its share too; alone it would be
     * 103 - 90 - 10, so the smaller of the others, uoppgitt (10 < 90), goes too; 103 - 90 = 13 is
     * no small count: share_no_zone stays, 100 x 13 / 103 = 12.62135922330097.
     * 3302 2024: total 93 = 90 in S3 + 3 outside, no uoppgitt grunnkrets (0 by definition,
     * shown): outside 3 hidden, and in_zones, the only other part, with it. */
    assert_string_equal(text,
        LK_COVERAGE_HEADER "\n"
        "3301,2023,Personer,,93,,,,,,,~suppressed\n"
        "3301,2024,Personer,,103,90,,,,,12.62135922330097,~suppressed\n"
        "3302,2024,Personer,,93,,0,,,0,,~suppressed\n");
    free(text);
    lk_suppress_preset(&o, "none");
    text = coverage(cov_data, &o);
    /* the sums as they are: 2024 outside 3/103 = 2.912621359223301 %, uoppgitt 10/103 =
     * 9.70873786407767 %; 2023: 1/93, 2/93, 3/93 (below, by the same division) */
    assert_string_equal(text,
        LK_COVERAGE_HEADER "\n"
        "3301,2023,Personer,,93,90,2,1,1.075268817204301,2.150537634408602,3.225806451612903,\n"
        "3301,2024,Personer,,103,90,10,3,2.912621359223301,9.70873786407767,12.62135922330097,\n"
        "3302,2024,Personer,,93,90,0,3,3.225806451612903,0,3.225806451612903,\n");
    free(text);
    /* ssb: fewer than 3, so 2024's outsides of 3 are shown, and 2023's 1 and 2 are hidden; their
     * sum, 3, is not below 3, so in_zones and share_no_zone (300 / 93) stay */
    lk_suppress_preset(&o, "ssb");
    text = coverage(cov_data, &o);
    assert_string_equal(text,
        LK_COVERAGE_HEADER "\n"
        "3301,2023,Personer,,93,90,,,,,3.225806451612903,~suppressed\n"
        "3301,2024,Personer,,103,90,10,3,2.912621359223301,9.70873786407767,12.62135922330097,\n"
        "3302,2024,Personer,,93,90,0,3,3.225806451612903,0,3.225806451612903,\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_and_sibling),
        cmocka_unit_test(test_zone_with_rest),
        cmocka_unit_test(test_what_is_a_count),
        cmocka_unit_test(test_protect_errors),
        cmocka_unit_test(test_coverage_protected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
