/* Geography: the built-in table, mapping through the 2018/2020/2024 reforms, harmonised sums
 * checked against sums done by hand, names to codes, KLASS change lists, and (where ../shared
 * exists) the whole table against the independently derived facts in ../shared/regions/facts. */
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

#ifndef LK_SHARED_DIR
#define LK_SHARED_DIR "../shared"
#endif

static lk_geo *geo;

static int setup(void **state)
{
    (void)state;
    return lk_geo_new(&geo);
}

static int teardown(void **state)
{
    (void)state;
    lk_geo_free(geo);
    return 0;
}

static void expect_map(const char *code, int year, int target, const char *expected)
{
    lk_geo_target t[8];
    size_t n = 0;
    assert_int_equal(lk_geo_map(geo, code, year, target, t, 8, &n), LK_OK);
    char got[128] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(got, i ? " " : "");
        strcat(got, t[i].code);
        if (!t[i].exact) strcat(got, "*");
    }
    assert_string_equal(got, expected);
}

static void test_mapping(void **state)
{
    (void)state;
    /* Drammen: 0602 + 0625 + 0711 → 3005 (2020) → 3301 (2024). */
    expect_map("0602", 2015, 2024, "3301");
    expect_map("0625", 2019, 2024, "3301");
    expect_map("0711", 2011, 2024, "3301");
    expect_map("3005", 2021, 2024, "3301");
    expect_map("0602", 2015, 2020, "3005");
    /* code moves only: Halden 0101 → 3001 (2020) → 3101 (2024) */
    expect_map("0101", 2019, 2020, "3001");
    expect_map("0101", 2019, 2024, "3101");
    /* Trøndelag 2018: renumbering and Rissa + Leksvik → Indre Fosen */
    expect_map("1601", 2017, 2018, "5001");
    expect_map("1624", 2017, 2018, "5054");
    expect_map("1718", 2017, 2018, "5054");
    /* splits */
    expect_map("1507", 2021, 2024, "1508* 1580*");
    expect_map("1534", 2019, 2024, "1580");
    expect_map("1504", 2019, 2024, "1508");
    expect_map("5012", 2018, 2024, "5055* 5056* 5059*");
    /* a file publishing old years under today's code */
    expect_map("3301", 2015, 2024, "3301");
    lk_geo_target t[4];
    size_t n;
    assert_int_equal(lk_geo_map(geo, "9876", 2015, 2024, t, 4, &n), LK_ENOTFOUND);
    assert_int_equal(lk_geo_map(geo, "3301", 2024, 2015, t, 4, &n), LK_EINVAL);
    /* targets that take in part of a split unit are not exact */
    assert_int_equal(lk_geo_target_exact(geo, "3301", 2015, 2024), 1);
    assert_int_equal(lk_geo_target_exact(geo, "5055", 2018, 2024), 0);
    assert_int_equal(lk_geo_target_exact(geo, "3907", 2016, 2024), 0); /* Stokke 2017 */
    assert_int_equal(lk_geo_target_exact(geo, "3907", 2017, 2024), 1);
    /* fylker: same borders or not */
    char f[3];
    assert_int_equal(lk_geo_fylke_maps_exactly(geo, "03", 2015, 2024, f), 1);
    assert_string_equal(f, "03");
    assert_int_equal(lk_geo_fylke_maps_exactly(geo, "06", 2019, 2024, f), 0); /* old Buskerud ≠ new */
    assert_int_equal(lk_geo_fylke_maps_exactly(geo, "30", 2021, 2024, f), 0); /* Viken divided */
    assert_int_equal(lk_geo_fylke_maps_exactly(geo, "11", 2019, 2024, f), 1);
    assert_int_equal(lk_geo_fylke_maps_exactly(geo, "16", 2017, 2018, f), 0); /* Sør- + Nord-Trøndelag */
}

static void test_units(void **state)
{
    (void)state;
    size_t n;
    lk_geo_units(geo, LK_LEVEL_KOMMUNE, 2019, NULL, 0, &n);
    assert_int_equal(n, 422);
    lk_geo_units(geo, LK_LEVEL_KOMMUNE, 2020, NULL, 0, &n);
    assert_int_equal(n, 356);
    lk_geo_units(geo, LK_LEVEL_KOMMUNE, 2024, NULL, 0, &n);
    assert_int_equal(n, 357);
    lk_geo_units(geo, LK_LEVEL_FYLKE, 2019, NULL, 0, &n);
    assert_int_equal(n, 18);
    lk_geo_units(geo, LK_LEVEL_FYLKE, 2020, NULL, 0, &n);
    assert_int_equal(n, 11);
    lk_geo_units(geo, LK_LEVEL_FYLKE, 2024, NULL, 0, &n);
    assert_int_equal(n, 15);
    lk_geo_unit u;
    assert_int_equal(lk_geo_unit_at(geo, "3301", 2024, &u), LK_OK);
    assert_string_equal(u.name, "Drammen");
    assert_int_equal(lk_geo_unit_at(geo, "3301", 2023, &u), LK_ENOTFOUND);
    assert_int_equal(lk_geo_unit_at(geo, "30", 2021, &u), LK_OK);
    assert_string_equal(u.name, "Viken");
    /* every unit of the built-in table is found by its code (the look-up searches by code):
     * each kommune and fylke of every year from 1990, and landet */
    for (int year = 1990; year <= 2025; year++)
        for (int level = LK_LEVEL_FYLKE; level <= LK_LEVEL_KOMMUNE; level++) {
            lk_geo_units(geo, (lk_level)level, year, NULL, 0, &n);
            lk_geo_unit *all = malloc(n * sizeof *all);
            assert_non_null(all);
            lk_geo_units(geo, (lk_level)level, year, all, n, &n);
            for (size_t i = 0; i < n; i++) {
                /* the built-in table keeps texts in char[8] / char[40]: each ends inside */
                assert_non_null(memchr(all[i].code, '\0', 8));
                assert_non_null(memchr(all[i].name, '\0', 40));
                assert_int_equal(lk_geo_unit_at(geo, all[i].code, year, &u), LK_OK);
                assert_string_equal(u.name, all[i].name);
                if (i) assert_true(strcmp(all[i - 1].code, all[i].code) < 0); /* listed in code order */
            }
            free(all);
        }
    assert_int_equal(lk_geo_unit_at(geo, "0", 2024, &u), LK_OK);
    assert_string_equal(u.name, "Hele landet");
    /* the changes in order of year, level, codes */
    for (size_t i = 1; lk_geo_change_at(geo, i); i++) {
        const lk_geo_change *a = lk_geo_change_at(geo, i - 1), *b = lk_geo_change_at(geo, i);
        assert_non_null(memchr(b->from_name, '\0', 40));
        assert_non_null(memchr(b->to_name, '\0', 40));
        int c = a->year != b->year ? (a->year < b->year ? -1 : 1)
              : a->level != b->level ? (a->level < b->level ? -1 : 1)
              : strcmp(a->from_code, b->from_code) ? strcmp(a->from_code, b->from_code) : strcmp(a->to_code, b->to_code);
        assert_true(c <= 0);
    }
}

static void test_names(void **state)
{
    (void)state;
    char code[LK_REGION_CODE_MAX];
    lk_level level;
    assert_int_equal(lk_geo_code_for_name(geo, "Drammen", 2015, code, &level), LK_OK);
    assert_string_equal(code, "0602");
    assert_int_equal(lk_geo_code_for_name(geo, "Drammen", 2024, code, &level), LK_OK);
    assert_string_equal(code, "3301");
    assert_int_equal(level, LK_LEVEL_KOMMUNE);
    assert_int_equal(lk_geo_code_for_name(geo, "Nes (Buskerud)", 2015, code, &level), LK_OK);
    assert_string_equal(code, "0616");
    assert_int_equal(lk_geo_code_for_name(geo, "Nes", 2015, code, &level), LK_EDATA);
    assert_non_null(strstr(lk_geo_errmsg(geo), "0236"));
    assert_non_null(strstr(lk_geo_errmsg(geo), "0616"));
    assert_int_equal(lk_geo_code_for_name(geo, "Trondheim", 2024, code, &level), LK_OK);
    assert_string_equal(code, "5001");
    assert_int_equal(lk_geo_code_for_name(geo, "Buskerud", 2024, code, &level), LK_OK);
    assert_string_equal(code, "33");
    assert_int_equal(level, LK_LEVEL_FYLKE);
    assert_int_equal(lk_geo_code_for_name(geo, "Hele landet", 2024, code, &level), LK_OK);
    assert_string_equal(code, "0");
    assert_int_equal(lk_geo_code_for_name(geo, "Atlantis", 2024, code, &level), LK_ENOTFOUND);
}

/* ------------------------------------------------------------------ harmonised sums */

typedef struct in_obs { const char *region; int year; const char *measure; double value; const char *status; } in_obs;

static int to_text(const lk_obs *o, void *payload)
{
    return lk_tidy_write_obs(payload, o) == LK_OK ? 0 : 1;
}

static int estimate_splits;

static char *harmonise(const in_obs *in, size_t n, int target)
{
    lk_harmoniser *h;
    lk_harmonise_opts opts = LK_HARMONISE_OPTS_INIT;
    opts.target_year = target;
    opts.estimate_splits = estimate_splits;
    assert_int_equal(lk_harmoniser_new(&h, geo, &opts), LK_OK);
    for (size_t i = 0; i < n; i++) {
        lk_obs o;
        memset(&o, 0, sizeof o);
        lk_region_label lab;
        lk_region_label_parse(&lab, in[i].region, strlen(in[i].region));
        o.table = "";
        o.region = in[i].region;
        o.region_name = "";
        o.level = lab.level;
        char period[8];
        snprintf(period, sizeof period, "%d", in[i].year);
        o.period = period;
        lk_period_parse(&o.period_info, period, strlen(period));
        o.measure = in[i].measure;
        o.has_value = in[i].status == NULL;
        o.value = in[i].value;
        o.status = in[i].status ? in[i].status : "";
        assert_int_equal(lk_harmoniser_add(h, &o), LK_OK);
    }
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_harmoniser_finish(h, to_text, f), LK_OK);
    fclose(f);
    lk_harmoniser_free(h);
    return text;
}

static void test_drammen_series(void **state)
{
    (void)state;
    static const in_obs in[] = {
        { "0602", 2019, "Registrerte arbeidsledige", 1000, NULL },
        { "0625", 2019, "Registrerte arbeidsledige", 500, NULL },
        { "0711", 2019, "Registrerte arbeidsledige", 100, NULL },
        { "3005", 2021, "Registrerte arbeidsledige", 1700, NULL },
        { "3301", 2024, "Registrerte arbeidsledige", 1800, NULL },
        { "0602", 2018, "Registrerte arbeidsledige", 1000, NULL },
        { "0625", 2018, "Registrerte arbeidsledige", 0, ":" },
        { "0711", 2018, "Registrerte arbeidsledige", 90, NULL },
        { "0602", 2019, "Andel (prosent)", 3.1, NULL },
        { "0625", 2019, "Andel (prosent)", 2.5, NULL },
        { "0711", 2019, "Andel (prosent)", 2.0, NULL },
        { "3005", 2021, "Andel (prosent)", 3.0, NULL },
    };
    char *t = harmonise(in, sizeof in / sizeof in[0], 2024);
    assert_string_equal(t,
        ",3301,Drammen,kommune,2019,Andel (prosent),,,,~rate\n"
        ",3301,Drammen,kommune,2021,Andel (prosent),,,3,\n"
        ",3301,Drammen,kommune,2018,Registrerte arbeidsledige,,,,:\n"
        ",3301,Drammen,kommune,2019,Registrerte arbeidsledige,,,1600,\n"   /* 1000 + 500 + 100 */
        ",3301,Drammen,kommune,2021,Registrerte arbeidsledige,,,1700,\n"
        ",3301,Drammen,kommune,2024,Registrerte arbeidsledige,,,1800,\n");
    free(t);
}

/* New Buskerud (33) for 2019 = old Buskerud's 21 kommuner − Røyken − Hurum + Svelvik. */
static void test_buskerud_rebuilt(void **state)
{
    (void)state;
    static const char *const old06[] = { "0602", "0604", "0605", "0612", "0615", "0616", "0617", "0618", "0619", "0620",
                                         "0621", "0622", "0623", "0624", "0625", "0626", "0627", "0628", "0631", "0632", "0633" };
    in_obs in[32];
    size_t n = 0;
    double expected = 0;
    for (size_t i = 0; i < 21; i++) {
        in[n] = (in_obs){ old06[i], 2019, "Personer", 1000 + (double)i, NULL };
        if (strcmp(old06[i], "0627") != 0 && strcmp(old06[i], "0628") != 0) expected += 1000 + (double)i;
        n++;
    }
    in[n++] = (in_obs){ "0711", 2019, "Personer", 7, NULL };
    expected += 7;
    in[n++] = (in_obs){ "06", 2019, "Personer", 99999, NULL }; /* old borders: must not be used */
    char *t = harmonise(in, n, 2024);
    char line[128];
    snprintf(line, sizeof line, ",33,Buskerud,fylke,2019,Personer,,,%.0f,\n", expected);
    assert_non_null(strstr(t, line));
    assert_null(strstr(t, "99999"));
    /* Røyken and Hurum went to Akershus, which has no other kommuner here: incomplete. */
    assert_non_null(strstr(t, ",32,Akershus,fylke,2019,Personer,,,,~incomplete\n"));
    assert_non_null(strstr(t, ",3203,Asker,kommune,2019,Personer,,,,~incomplete\n")); /* 0220 Asker missing */
    free(t);
    assert_int_equal(expected, 19 * 1000 + (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 18 + 19 + 20) + 7);
}

static void test_splits_flagged(void **state)
{
    (void)state;
    static const in_obs in[] = {
        { "1507", 2021, "Personer", 66000, NULL },
        { "1534", 2019, "Personer", 9000, NULL },
        { "1504", 2019, "Personer", 47000, NULL },
        { "1523", 2019, "Personer", 2000, NULL },
        { "1529", 2019, "Personer", 4700, NULL },
        { "1546", 2019, "Personer", 1200, NULL },
    };
    char *t = harmonise(in, sizeof in / sizeof in[0], 2024);
    assert_string_equal(t,
        ",1508,Ålesund,kommune,2019,Personer,,,54900,\n"   /* 47000 + 2000 + 4700 + 1200 */
        ",1580,Haram,kommune,2019,Personer,,,9000,\n"
        ",1508,Ålesund,kommune,2021,Personer,,,,~split\n"
        ",1580,Haram,kommune,2021,Personer,,,,~split\n");
    free(t);
}

/* SSB's summed series give today's codes for old years: already on the target borders. */
static void test_preharmonised_codes(void **state)
{
    (void)state;
    static const in_obs in[] = {
        { "33", 2015, "Personer", 260000, NULL },
        { "3301", 2015, "Personer", 98000, NULL },
    };
    char *t = harmonise(in, sizeof in / sizeof in[0], 2024);
    assert_string_equal(t,
        ",33,,fylke,2015,Personer,,,260000,\n"
        ",3301,Drammen,kommune,2015,Personer,,,98000,\n");
    free(t);
}

/* Opt-in: a unit divided whole is shared out by the new units' shares in the first later year;
 * parts of units that went into larger units are never guessed. */
static void test_estimated_splits(void **state)
{
    (void)state;
    static const in_obs in[] = {
        { "1507", 2021, "Personer", 1000, NULL },
        { "1508", 2024, "Personer", 900, NULL },
        { "1580", 2024, "Personer", 100, NULL },
        { "5012", 2018, "Personer", 50, NULL },
        { "5055", 2024, "Personer", 20, NULL },
        { "1507", 2022, "Andel (prosent)", 2.0, NULL },
    };
    estimate_splits = 1;
    char *t = harmonise(in, sizeof in / sizeof in[0], 2024);
    estimate_splits = 0;
    assert_string_equal(t,
        ",1508,Ålesund,kommune,2022,Andel (prosent),,,,~split\n"   /* rates are never shared out */
        ",1580,Haram,kommune,2022,Andel (prosent),,,,~split\n"
        ",5055,Heim,kommune,2018,Personer,,,,~split\n"
        ",5056,Hitra,kommune,2018,Personer,,,,~split\n"
        ",5059,Orkland,kommune,2018,Personer,,,,~split\n"
        ",1508,Ålesund,kommune,2021,Personer,,,900,~estimated\n"   /* 1000 × 900/1000 */
        ",1580,Haram,kommune,2021,Personer,,,100,~estimated\n"
        ",1508,Ålesund,kommune,2024,Personer,,,900,\n"
        ",1580,Haram,kommune,2024,Personer,,,100,\n"
        ",5055,Heim,kommune,2024,Personer,,,20,\n");
    free(t);
    /* with a population count for the new units, it gives the weights */
    static const in_obs with_pop[] = {
        { "1507", 2021, "Registrerte arbeidsledige", 1000, NULL },
        { "1508", 2024, "Registrerte arbeidsledige", 500, NULL },
        { "1580", 2024, "Registrerte arbeidsledige", 500, NULL },
        { "1508", 2024, "Personer", 60000, NULL },
        { "1580", 2024, "Personer", 20000, NULL },
    };
    estimate_splits = 1;
    t = harmonise(with_pop, sizeof with_pop / sizeof with_pop[0], 2024);
    estimate_splits = 0;
    assert_non_null(strstr(t, ",1508,Ålesund,kommune,2021,Registrerte arbeidsledige,,,750,~estimated\n")); /* 1000 × 60000/80000 */
    assert_non_null(strstr(t, ",1580,Haram,kommune,2021,Registrerte arbeidsledige,,,250,~estimated\n"));
    free(t);
}

static void test_trondelag_2018(void **state)
{
    (void)state;
    static const in_obs in[] = {
        { "1624", 2017, "Personer", 6000, NULL },
        { "1718", 2017, "Personer", 3500, NULL },
        { "1601", 2017, "Personer", 190000, NULL },
        { "16", 2017, "Personer", 320000, NULL },
    };
    char *t = harmonise(in, sizeof in / sizeof in[0], 2018);
    /* Sør-Trøndelag is part of Trøndelag 50: the published 16 cannot stand for 50 */
    assert_string_equal(t,
        ",50,Trøndelag,fylke,2017,Personer,,,,~incomplete\n"
        ",5001,Trondheim,kommune,2017,Personer,,,190000,\n"
        ",5054,Indre Fosen,kommune,2017,Personer,,,9500,\n");
    free(t);
}

/* Nothing to harmonise: no rows, and no null array handed to qsort (UBSan in the sanitizer build). */
static void test_harmonise_nothing(void **state)
{
    (void)state;
    char *t = harmonise(NULL, 0, 2024);
    assert_string_equal(t, "");
    free(t);
}

/* ------------------------------------------------------------------ KLASS change lists */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_klass_changes(void **state)
{
    (void)state;
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    const char *path = "klass_changes_test.csv";
    write_file(path, "oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred\n"
                     "3301;Drammen;;3399;Drammen og Lier;;2028-01-01\n"
                     "3312;Lier;;3399;Drammen og Lier;;2028-01-01\n");
    assert_int_equal(lk_geo_load_changes(g, path), LK_OK);
    assert_int_equal(lk_geo_load_changes(g, path), LK_OK); /* known changes are not added twice */
    assert_int_equal(lk_geo_latest_change_year(g), 2028);
    lk_geo_target t[4];
    size_t n;
    assert_int_equal(lk_geo_map(g, "0602", 2015, 2028, t, 4, &n), LK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].code, "3399");
    lk_geo_unit u;
    assert_int_equal(lk_geo_unit_at(g, "3399", 2028, &u), LK_OK);
    assert_string_equal(u.name, "Drammen og Lier");
    assert_int_equal(lk_geo_unit_at(g, "3312", 2028, &u), LK_ENOTFOUND);
    assert_int_equal(lk_geo_unit_at(g, "3312", 2027, &u), LK_OK);
    size_t count = 0;
    for (size_t i = 0; lk_geo_change_at(g, i); i++)
        if (lk_geo_change_at(g, i)->year == 2028) {
            count++;
            assert_int_equal(lk_geo_change_at(g, i)->kind, LK_CHANGE_MERGE);
        }
    assert_int_equal(count, 2);
    write_file(path, "oldCode,oldName,newCode,newName,changeOccurred\n3301,Drammen,3399,X,2028-01-01\n3312,Lier,3399,X,1.1.2028\n");
    assert_int_equal(lk_geo_load_changes(g, path), LK_EDATA);
    assert_string_equal(lk_geo_errmsg(g), "klass_changes_test.csv:3: change date '1.1.2028' (expected YYYY-MM-DD)");
    write_file(path, "code;name\n3301;Drammen\n");
    assert_int_equal(lk_geo_load_changes(g, path), LK_EDATA);
    assert_string_equal(lk_geo_errmsg(g), "klass_changes_test.csv:1: no column 'oldCode' (expected a KLASS change list "
                                          "with oldCode, oldName, newCode, newName and changeOccurred)");
    remove(path);
    assert_int_equal(lk_geo_load_changes(g, "/nonexistent/x.csv"), LK_EIO);
    lk_geo_free(g);
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
}

static void expect_klass_error(const char *text, int status, const char *message)
{
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    write_file("klass_errors_test.csv", text);
    assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), status);
    assert_string_equal(lk_geo_errmsg(g), message);
    lk_geo_free(g);
    remove("klass_errors_test.csv");
}

/* Days that do not exist are no change dates; 29 February only in leap years. */
static void test_klass_dates(void **state)
{
    (void)state;
    static const char head[] = "oldCode,oldName,newCode,newName,changeOccurred\n3301,Drammen,3399,X,";
    char text[256];
    snprintf(text, sizeof text, "%s2028-02-30\n", head);
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2028-02-30' is not a date (expected a day "
                                       "from 01 to 29 in February of a leap year)");
    snprintf(text, sizeof text, "%s2023-02-29\n", head);
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2023-02-29' is not a date (expected a day "
                                       "from 01 to 28 in February of this year)");
    snprintf(text, sizeof text, "%s2100-02-29\n", head); /* 2100 is no leap year, 2000 was */
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2100-02-29' is not a date (expected a day "
                                       "from 01 to 28 in February of this year)");
    snprintf(text, sizeof text, "%s2028-04-31\n", head);
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2028-04-31' is not a date (expected a day "
                                       "from 01 to 30 in this month)");
    snprintf(text, sizeof text, "%s2028-13-01\n", head);
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2028-13-01' is not a date (expected a month "
                                       "from 01 to 12)");
    snprintf(text, sizeof text, "%s2028-1-1\n", head);
    expect_klass_error(text, LK_EDATA, "klass_errors_test.csv:2: change date '2028-1-1' (expected YYYY-MM-DD)");
    static const char *const fine[] = { "2024-02-29", "2000-02-29", "2027-12-31" };
    for (size_t i = 0; i < 3; i++) {
        lk_geo *g;
        assert_int_equal(lk_geo_new(&g), LK_OK);
        snprintf(text, sizeof text, "%s%s\n", head, fine[i]);
        write_file("klass_errors_test.csv", text);
        assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), LK_OK);
        lk_geo_free(g);
    }
    remove("klass_errors_test.csv");
}

/* A NUL byte would cut a code short ("3301\0x" read as 3301); a line of a million fields is a limit. */
static void test_klass_bytes(void **state)
{
    (void)state;
    static const char nul[] = "oldCode,oldName,newCode,newName,changeOccurred\n3301\0x,Drammen,3399,X,2028-01-01\n";
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    write_bytes("klass_errors_test.csv", nul, sizeof nul - 1);
    assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), LK_EDATA);
    assert_string_equal(lk_geo_errmsg(g), "klass_errors_test.csv:2: NUL byte in field 1 (expected text; is this a binary "
                                          "or UTF-16 file?)");
    static const char header[] = "oldCode,oldName,newCode,newName,changeOccurred\n";
    size_t h = sizeof header - 1, n = h + 1100000; /* the splitter stops somewhere above a million */
    char *wide = malloc(n);
    memcpy(wide, header, h);
    memset(wide + h, ',', n - h - 1);
    wide[n - 1] = '\n';
    write_bytes("klass_errors_test.csv", wide, n);
    free(wide);
    assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_geo_errmsg(g), "klass_errors_test.csv:2: more than 1000000 fields (expected a CSV change list "
                                          "from KLASS)");
    lk_geo_free(g);
    remove("klass_errors_test.csv");
}

/* A row listed twice is one change: a move stays a move (it was counted as a split in two). */
static void test_klass_repeated_rows(void **state)
{
    (void)state;
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    write_file("klass_errors_test.csv", "oldCode,oldName,newCode,newName,changeOccurred\n3301,Drammen,3399,Drammen,2028-01-01\n"
                                        "3312,Lier,3398,Lier,2028-01-01\n3301,Drammen,3399,Drammen,2028-01-01\n");
    assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), LK_OK);
    remove("klass_errors_test.csv");
    size_t count = 0;
    for (size_t i = 0; lk_geo_change_at(g, i); i++) {
        const lk_geo_change *c = lk_geo_change_at(g, i);
        if (c->year != 2028) continue;
        count++;
        assert_int_equal(c->kind, LK_CHANGE_MOVE);
    }
    assert_int_equal(count, 2);
    lk_geo_free(g);
}

/* A code that ends and begins again in one year: old Drammen becomes 3399 and Lier takes the
 * code 3301, whichever row comes first (with Lier's row first, 3301 had no unit from 2028). */
static void test_klass_code_reused(void **state)
{
    (void)state;
    static const char *const files[2] = {
        "oldCode,oldName,newCode,newName,changeOccurred\n3312,Lier,3301,Lier og Drammen,2028-01-01\n"
        "3301,Drammen,3399,Drammen,2028-01-01\n",
        "oldCode,oldName,newCode,newName,changeOccurred\n3301,Drammen,3399,Drammen,2028-01-01\n"
        "3312,Lier,3301,Lier og Drammen,2028-01-01\n",
    };
    for (size_t f = 0; f < 2; f++) {
        lk_geo *g, *saved = geo;
        assert_int_equal(lk_geo_new(&g), LK_OK);
        write_file("klass_errors_test.csv", files[f]);
        assert_int_equal(lk_geo_load_changes(g, "klass_errors_test.csv"), LK_OK);
        lk_geo_unit u;
        assert_int_equal(lk_geo_unit_at(g, "3301", 2028, &u), LK_OK);
        assert_string_equal(u.name, "Lier og Drammen");
        assert_int_equal(lk_geo_unit_at(g, "3301", 2027, &u), LK_OK);
        assert_string_equal(u.name, "Drammen");
        assert_int_equal(lk_geo_unit_at(g, "3312", 2028, &u), LK_ENOTFOUND);
        geo = g;
        expect_map("3312", 2027, 2030, "3301");
        expect_map("3301", 2027, 2030, "3399");
        expect_map("3301", 2028, 2030, "3301"); /* data of 2028 under 3301: the new unit */
        geo = saved;
        lk_geo_free(g);
    }
    remove("klass_errors_test.csv");
}

/* Repeated splits and merges: 3301 splits into three in 2025, the three merge again in 2026,
 * and so on. Code by hand: step i (0-based) splits into 3600+4i, 3601+4i, 3602+4i in 2025+2i,
 * merged into 3603+4i in 2026+2i; 26 steps take 156 rows (last unit 3703 in 2076), then four
 * moves 3703→3704 (2077) … 3706→3707 (2080) fill the 160 rows. 3^26 paths from 3301 to 3707. */
static void write_chain(const char *path, int ways, size_t rows)
{
    FILE *f = fopen(path, "w");
    fputs("oldCode,oldName,newCode,newName,changeOccurred\n", f);
    int a = 3301, next = 3600, year = 2025;
    size_t n = 0;
    while (ways > 0 && n + 2 * (size_t)ways <= rows) {
        for (int k = 0; k < ways; k++) fprintf(f, "%d,A%d,%d,P%d,%d-01-01\n", a, a, next + k, next + k, year);
        for (int k = 0; k < ways; k++) fprintf(f, "%d,P%d,%d,A%d,%d-01-01\n", next + k, next + k, next + ways, next + ways, year + 1);
        a = next + ways;
        next += ways + 1;
        year += 2;
        n += 2 * (size_t)ways;
    }
    for (; n < rows; n++, year++, next++) {
        fprintf(f, "%d,A%d,%d,A%d,%d-01-01\n", a, a, next, next, year);
        a = next;
    }
    fclose(f);
}

static void test_klass_split_merge_chain(void **state)
{
    (void)state;
    lk_geo *g, *saved = geo;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    write_chain("klass_chain_test.csv", 3, 160);
    assert_int_equal(lk_geo_load_changes(g, "klass_chain_test.csv"), LK_OK);
    remove("klass_chain_test.csv");
    assert_int_equal(lk_geo_latest_change_year(g), 2080);
    geo = g;
    expect_map("3301", 2024, 2025, "3600* 3601* 3602*");
    expect_map("3301", 2024, 2026, "3603*"); /* parts of a split unit: never exact */
    expect_map("3301", 2024, 2076, "3703*");
    expect_map("3301", 2024, 2080, "3707*");
    expect_map("3603", 2026, 2080, "3707*");
    expect_map("3704", 2077, 2080, "3707");
    static const in_obs in[] = { { "3301", 2024, "Personer", 100, NULL } };
    char *t = harmonise(in, 1, 2080);
    assert_string_equal(t, ",3707,A3707,kommune,2024,Personer,,,,~split\n");
    free(t);
    geo = saved;
    lk_geo_free(g);
}

/* 40 moves in a row: 3301 → 3600 (2025) → 3601 (2026) … → 3639 (2064); the walk had stopped after 32. */
static void test_klass_long_chain(void **state)
{
    (void)state;
    lk_geo *g, *saved = geo;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    write_chain("klass_chain_test.csv", 0, 40); /* moves only */
    assert_int_equal(lk_geo_load_changes(g, "klass_chain_test.csv"), LK_OK);
    remove("klass_chain_test.csv");
    geo = g;
    expect_map("3301", 2024, 2064, "3639");
    expect_map("3301", 2024, 2057, "3632");
    expect_map("3301", 2024, 2100, "3639");
    static const in_obs in[] = { { "3301", 2024, "Personer", 100, NULL } };
    char *t = harmonise(in, 1, 2064);
    assert_string_equal(t, ",3639,A3639,kommune,2024,Personer,,,100,\n");
    free(t);
    geo = saved;
    lk_geo_free(g);
}

/* A unit may end up in at most 16 kommuner (the harmoniser's room for one unit); beyond that the
 * file is refused where the division grows too large, and the geography stays as it was. */
static void test_klass_division_limit(void **state)
{
    (void)state;
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    FILE *f = fopen("klass_limit_test.csv", "w");
    fputs("oldCode,oldName,newCode,newName,changeOccurred\n", f);
    for (int k = 0; k < 5; k++) fprintf(f, "3301,Drammen,%d,P,2025-01-01\n", 3600 + 10 * k);
    for (int k = 0; k < 5; k++)       /* 5 × 4 = 20 kommuner in 2026 */
        for (int j = 1; j <= 4; j++) fprintf(f, "%d,P,%d,Q,2026-01-01\n", 3600 + 10 * k, 3600 + 10 * k + j);
    fclose(f);
    assert_int_equal(lk_geo_load_changes(g, "klass_limit_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_geo_errmsg(g), "klass_limit_test.csv:2: kommune 3301 of 2024 would lie in more than 16 kommuner "
                                          "of 2026 (expected a unit divided between at most 16 kommuner)");
    assert_int_equal(lk_geo_latest_change_year(g), 2024);
    lk_geo_target t[16];
    size_t n;
    assert_int_equal(lk_geo_map(g, "3301", 2024, 2030, t, 16, &n), LK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].code, "3301");
    assert_int_equal(lk_geo_unit_at(g, "3301", 2030, NULL), LK_OK);
    assert_int_equal(lk_geo_unit_at(g, "3610", 2025, NULL), LK_ENOTFOUND);
    f = fopen("klass_limit_test.csv", "w"); /* one split into 17 */
    fputs("oldCode,oldName,newCode,newName,changeOccurred\n3312,Lier,3312,Lier,2025-01-01\n", f);
    for (int k = 0; k < 17; k++) fprintf(f, "3301,Drammen,%d,P,2025-01-01\n", 3600 + k);
    fclose(f);
    assert_int_equal(lk_geo_load_changes(g, "klass_limit_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_geo_errmsg(g), "klass_limit_test.csv:3: kommune 3301 of 2024 would lie in more than 16 kommuner "
                                          "of 2025 (expected a unit divided between at most 16 kommuner)");
    f = fopen("klass_limit_test.csv", "w"); /* 16 is fine, and each share is flagged */
    fputs("oldCode,oldName,newCode,newName,changeOccurred\n", f);
    for (int k = 0; k < 16; k++) fprintf(f, "3301,Drammen,%d,P%d,2025-01-01\n", 3600 + k, k);
    fclose(f);
    assert_int_equal(lk_geo_load_changes(g, "klass_limit_test.csv"), LK_OK);
    assert_int_equal(lk_geo_map(g, "3301", 2024, 2030, t, 16, &n), LK_OK);
    assert_int_equal(n, 16);
    assert_string_equal(t[15].code, "3615");
    lk_geo *saved = geo;
    geo = g;
    static const in_obs in[] = { { "3301", 2024, "Personer", 100, NULL } };
    char *text = harmonise(in, 1, 2025);
    assert_non_null(strstr(text, ",3600,P0,kommune,2024,Personer,,,,~split\n"));
    assert_non_null(strstr(text, ",3615,P15,kommune,2024,Personer,,,,~split\n")); /* the 9th to 16th too */
    size_t lines = 0;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 16);
    free(text);
    geo = saved;
    /* at most 10,000 rows read from files */
    f = fopen("klass_limit_test.csv", "w");
    fputs("oldCode,oldName,newCode,newName,changeOccurred\n", f);
    for (int k = 0; k < 10000 - 16 + 1; k++) fprintf(f, "%d,A,%d,B,2030-01-01\n", 1000 + k % 9000, 1000 + k % 9000);
    fclose(f);
    assert_int_equal(lk_geo_load_changes(g, "klass_limit_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_geo_errmsg(g), "klass_limit_test.csv:9986: more than 10000 change rows (expected a KLASS change "
                                          "list of at most 10000 rows in all)");
    remove("klass_limit_test.csv");
    lk_geo_free(g);
}

/* ------------------------------------------------------------------ against ../shared facts */

static char **split_csv_line(char *line, size_t *n)
{
    static char *fields[16];
    *n = 0;
    char *p = line;
    while (*n < 16) {
        fields[(*n)++] = p;
        char *c = strchr(p, ',');
        if (!c) break;
        *c = '\0';
        p = c + 1;
    }
    char *nl = strpbrk(fields[*n - 1], "\r\n");
    if (nl) *nl = '\0';
    return fields;
}

static void test_against_facts(void **state)
{
    (void)state;
    FILE *f = fopen(LK_SHARED_DIR "/regions/facts/kommune_to_2024.csv", "r");
    if (!f) skip();
    char line[1024];
    size_t rows = 0, mismatches = 0;
    fgets(line, sizeof line, f); /* from_code,from_name,first_year,last_year,to_code_2024,to_name_2024,relation,summable_exact,basis */
    while (fgets(line, sizeof line, f)) {
        size_t n;
        char **c = split_csv_line(line, &n);
        if (n < 8) continue;
        int first = atoi(c[2]), last = atoi(c[3]), exact = atoi(c[7]);
        for (int year = first; year <= last; year++) {
            lk_geo_target t[8];
            size_t nt = 0;
            assert_int_equal(lk_geo_map(geo, c[0], year, 2024, t, 8, &nt), LK_OK);
            int found = 0, ours_exact = 0;
            for (size_t k = 0; k < nt && k < 8; k++)
                if (strcmp(t[k].code, c[4]) == 0) {
                    found = 1;
                    ours_exact = nt == 1 && t[k].exact && lk_geo_target_exact(geo, c[4], year, 2024) == 1;
                }
            if (!found || ours_exact != exact) {
                fprintf(stderr, "facts: %s %d → %s exact %d; ours found %d exact %d\n", c[0], year, c[4], exact, found, ours_exact);
                mismatches++;
            }
        }
        rows++;
    }
    fclose(f);
    assert_true(rows > 800);
    assert_int_equal(mismatches, 0);

    f = fopen(LK_SHARED_DIR "/regions/facts/codes_2024.csv", "r");
    assert_non_null(f);
    fgets(line, sizeof line, f);
    rows = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n;
        char **c = split_csv_line(line, &n);
        lk_geo_unit u;
        assert_int_equal(lk_geo_unit_at(geo, c[0], 2024, &u), LK_OK);
        assert_memory_equal(c[0], c[2], 2); /* the code starts with the fylke */
        assert_int_equal(lk_geo_unit_at(geo, c[2], 2024, &u), LK_OK);
        assert_string_equal(u.name, c[3]);
        rows++;
    }
    fclose(f);
    size_t ours;
    lk_geo_units(geo, LK_LEVEL_KOMMUNE, 2024, NULL, 0, &ours);
    assert_int_equal(rows, ours);

    /* Every code-changing kommune pair 2017-2024 is in our change list, and no other. */
    f = fopen(LK_SHARED_DIR "/regions/facts/region_changes.csv", "r");
    assert_non_null(f);
    fgets(line, sizeof line, f);
    size_t facts_pairs = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n;
        char **c = split_csv_line(line, &n);
        if (strcmp(c[0], "kommune") != 0 || strcmp(c[1], c[3]) == 0) continue;
        int year = atoi(c[5]);
        int found = 0;
        for (size_t i = 0; lk_geo_change_at(geo, i); i++) {
            const lk_geo_change *ch = lk_geo_change_at(geo, i);
            if (ch->year == year && strcmp(ch->from_code, c[1]) == 0 && strcmp(ch->to_code, c[3]) == 0) found = 1;
        }
        if (!found) fprintf(stderr, "facts change missing: %s → %s %d\n", c[1], c[3], year);
        assert_true(found);
        facts_pairs++;
    }
    fclose(f);
    size_t our_pairs = 0;
    for (size_t i = 0; lk_geo_change_at(geo, i); i++) {
        const lk_geo_change *ch = lk_geo_change_at(geo, i);
        if (ch->level == LK_LEVEL_KOMMUNE && ch->year >= 2017 && strcmp(ch->from_code, ch->to_code) != 0) our_pairs++;
    }
    assert_int_equal(our_pairs, facts_pairs);
}


static void expect_subunit(lk_geo *g, const char *code, int year, int target, const char *to, const char *why)
{
    char out[9];
    const char *w = NULL;
    assert_int_equal(lk_geo_map_subunit(g, code, year, target, out, &w), LK_OK);
    assert_string_equal(out, to);
    assert_string_equal(w, why);
}

/* #15: grunnkretser follow their kommune. Drammen 3005 became 3301 in 2024 alone (KLASS 131: a
 * renumbering), so 30050101 is 33010101; 0602 merged with 0625 and 0711 into 3005 in 2020, and
 * the merged kommune's grunnkretser got new numbers that only a grunnkrets change list gives;
 * Bergen 1201 became 4601 in 2020 alone, and its bydeler 1201xx became 4601xx. */
static void test_subunits(void **state)
{
    (void)state;
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    expect_subunit(g, "30050101", 2022, 2024, "33010101", "");
    expect_subunit(g, "30059999", 2020, 2024, "33019999", "");          /* uoppgitt keeps its number */
    expect_subunit(g, "33010101", 2024, 2024, "33010101", "");
    expect_subunit(g, "30050101", 2022, 2023, "30050101", "");          /* still 3005 in 2023 */
    expect_subunit(g, "120101", 2019, 2024, "460101", "");              /* a bydel of Bergen */
    expect_subunit(g, "06020101", 2019, 2024, "06020101", "~grunnkrets-renumbered");
    expect_subunit(g, "33010101", 2024, 2019, "33010101", "~borders");  /* 3301 did not exist in 2019 */
    char out[9];
    const char *why;
    assert_int_equal(lk_geo_map_subunit(g, "9999x101", 2022, 2024, out, &why), LK_ENOTFOUND);
    assert_int_equal(lk_geo_map_subunit(g, "99990101", 2022, 2024, out, &why), LK_ENOTFOUND); /* no kommune 9999 */
    /* a KLASS grunnkrets change list (8-digit rows of the same format as the kommune lists):
     * 06020101 became 30050305 on 1 January 2020; 06020102 was divided between two */
    const char *path = "klass_gk_test.csv";
    write_file(path, "oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred\n"
                     "06020101;Bragernes 1;;30050305;Bragernes 1;;2020-01-01\n"
                     "06020102;Bragernes 2;;30050306;Bragernes 2a;;2020-01-01\n"
                     "06020102;Bragernes 2;;30050307;Bragernes 2b;;2020-01-01\n"
                     "06250101;Mjøndalen 1;;30050305;Bragernes 1;;2020-01-01\n");
    assert_int_equal(lk_geo_load_changes(g, path), LK_OK);
    expect_subunit(g, "06020101", 2019, 2024, "33010305", ""); /* the list into 3005, then 3301's renumbering */
    expect_subunit(g, "06020101", 2019, 2022, "30050305", "");
    expect_subunit(g, "06020102", 2019, 2024, "06020102", "~split");
    /* in the harmoniser: two listed grunnkretser into one are summed, the divided one is a gap */
    lk_harmoniser *h;
    lk_harmonise_opts opts = LK_HARMONISE_OPTS_INIT;
    opts.target_year = 2024;
    assert_int_equal(lk_harmoniser_new(&h, g, &opts), LK_OK);
    static const char *const codes[] = { "06020101", "06250101", "06020102", "30050101" };
    static const double values[] = { 40, 2, 7, 11 };
    for (size_t i = 0; i < 4; i++) {
        lk_obs o;
        memset(&o, 0, sizeof o);
        o.table = o.region_name = o.status = "";
        o.region = codes[i];
        o.level = LK_LEVEL_GRUNNKRETS;
        o.period = "2019";
        lk_period_parse(&o.period_info, "2019", 4);
        o.measure = "Personer";
        o.has_value = 1;
        o.value = values[i];
        assert_int_equal(lk_harmoniser_add(h, &o), LK_OK);
    }
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(lk_harmoniser_finish(h, to_text, f), LK_OK);
    fclose(f);
    /* 40 + 2 = 42 in 33010305; 06020102 divided: no value; 30050101 (a 2020 code given for 2019,
     * already on later borders) goes on to 33010101 */
    assert_string_equal(text, ",06020102,,grunnkrets,2019,Personer,,,,~split\n"
                              ",33010101,,grunnkrets,2019,Personer,,,11,\n"
                              ",33010305,,grunnkrets,2019,Personer,,,42,\n");
    const lk_harmonise_stats *st = lk_harmoniser_stats(h);
    assert_int_equal(st->subunits_recoded, 3);
    assert_int_equal(st->subunits_flagged, 1);
    assert_int_equal(st->subunits_summed, 1);
    free(text);
    lk_harmoniser_free(h);
    remove(path);
    lk_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_drammen_series),
        cmocka_unit_test(test_buskerud_rebuilt),
        cmocka_unit_test(test_splits_flagged),
        cmocka_unit_test(test_preharmonised_codes),
        cmocka_unit_test(test_estimated_splits),
        cmocka_unit_test(test_trondelag_2018),
        cmocka_unit_test(test_harmonise_nothing),
        cmocka_unit_test(test_klass_changes),
        cmocka_unit_test(test_klass_dates),
        cmocka_unit_test(test_klass_bytes),
        cmocka_unit_test(test_klass_repeated_rows),
        cmocka_unit_test(test_klass_code_reused),
        cmocka_unit_test(test_klass_split_merge_chain),
        cmocka_unit_test(test_klass_long_chain),
        cmocka_unit_test(test_klass_division_limit),
        cmocka_unit_test(test_against_facts),
        cmocka_unit_test(test_subunits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
