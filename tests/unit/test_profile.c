/* The profile (issue 16): one item per indicator, "ingen data" for those the files cannot give,
 * the verdict from the test and the direction, the change since the first year, the key
 * findings, and sentences compared with sentences written by hand. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "profile/profile_internal.h"

/* Drammen, Buskerud and landet in 2011 and 2024, counts chosen by hand: 3200/100000 = 3,2 % and
 * 2600/100000 = 2,6 %; Buskerud 9000/300000 = 3,0 % and 6300/300000 = 2,1 %; landet
 * 120000/4000000 = 3,0 % and 88000/4000000 = 2,2 %. */
static const char data_csv[] =
    "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n"
    "\"3301 Drammen\";\"2011\";3200;100000\r\n\"3301 Drammen\";\"2024\";2600;100000\r\n"
    "\"33 Buskerud\";\"2011\";9000;300000\r\n\"33 Buskerud\";\"2024\";6300;300000\r\n"
    "\"0 Hele landet\";\"2011\";120000;4000000\r\n\"0 Hele landet\";\"2024\";88000;4000000\r\n";
/* the built-in id, defined on this file's measures (a block with an existing id replaces it) */
static const char def_text[] =
    "[unemployment]\nname.nb = Registrerte arbeidsledige\nname.en = Registered unemployed\n"
    "numerator = =Ledige\ndenominator = =Personer\nscale = percent\ndirection = higher-worse\n"
    "definition.nb = Ledige i prosent av personer.\ndefinition.en = Unemployed as a percentage of persons.\n"
    "source = Kilde: testdata\n";

static char data_path[64], def_path[64];

static void write_file(char *path, const char *text)
{
    strcpy(path, "/tmp/levekar-profile-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    write_file(data_path, data_csv);
    write_file(def_path, def_text);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove(data_path);
    remove(def_path);
    return 0;
}

static lk_profile *build(const char *lang, int from_year, const char *const *ids, size_t n_ids)
{
    const char *files[] = { data_path };
    lk_profile_opts o = LK_PROFILE_OPTS_INIT;
    o.area = "3301";
    o.pipeline.indicators_file = def_path;
    o.pipeline.report.lang = lang;
    o.from_year = from_year;
    o.indicators = ids;
    o.n_indicators = n_ids;
    o.date = "2026-12-04";
    lk_profile *p;
    int rc = lk_profile_build(&p, files, 1, &o);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_profile_errmsg(p));
    assert_int_equal(rc, LK_OK);
    return p;
}

static char *capture(lk_profile *p, int (*fn)(const lk_profile *, size_t, FILE *), size_t i)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(fn(p, i, f), LK_OK);
    fclose(f);
    return buf;
}

static void test_items_and_no_data(void **state)
{
    (void)state;
    lk_profile *p = build("nb", 0, NULL, 0);
    /* every top-level built-in indicator (14 blocks, 2 of them [id@name]) is an item: 12 */
    assert_int_equal(lk_profile_count(p), 12);
    const lk_profile_item *u = lk_profile_item_at(p, 0);
    assert_string_equal(u->ind->id, "unemployment");
    assert_non_null(u->report);
    assert_int_equal(u->topic, 'b');
    assert_string_equal(u->area->period, "2024");
    assert_string_equal(u->fylke->region, "33");
    assert_string_equal(u->land->region, "0");
    /* 2,6 % against the rest of landet (85400/3900000 = 2,19 %): z about 8.7, significant;
     * index 2,6 / 2,2 = 118 is over the threshold of 10; higher is worse */
    assert_int_equal(u->verdict, LK_VERDICT_WORSE);
    assert_true(u->significant);
    /* 2011 3,2 % to 2024 2,6 %: z = 0,006 / sqrt(0,029·0,971·2/100000) = 8,0, lower: bedring */
    assert_true(u->change.ok);
    assert_string_equal(u->change.first->period, "2011");
    assert_string_equal(u->change.vs, "lower");
    assert_int_equal(u->change.verdict, LK_VERDICT_BETTER);
    assert_true(fabs(u->change.diff - (-0.6)) < 1e-9);
    /* the others have no data in this file: "ingen data", why, and what to download */
    const lk_profile_item *y = lk_profile_item_at(p, 1);
    assert_string_equal(y->ind->id, "unemployment-youth");
    assert_null(y->report);
    assert_int_equal(y->verdict, LK_VERDICT_NO_DATA);
    assert_true(strlen(y->no_data) > 0);
    assert_non_null(strstr(y->needs, "10539"));
    /* every source definition's download, as `indicators --needs` lists them: employment's
     * [employment] (variant "SSB 07984 / 07459") and [employment@13563] ("SSB 13563") */
    const lk_profile_item *e = lk_profile_item_at(p, 2);
    assert_string_equal(e->ind->id, "employment");
    assert_non_null(strstr(e->needs, "07984"));
    assert_non_null(strstr(e->needs, "SSB 07984 / 07459: 07984 "));
    assert_non_null(strstr(e->needs, " SSB 13563: 13563 "));
    char *s = capture(p, lk_profile_write_item_prose, 1);
    assert_non_null(strstr(s, "Registrerte arbeidsledige 15-24 år: ingen data. Last ned: 10539"));
    free(s);
    /* one key finding: unemployment, 0,4 points above landet */
    assert_int_equal(lk_profile_finding_count(p), 1);
    assert_int_equal(lk_profile_finding_at(p, 0)->item, 0);
    const lk_profile_cover *c = lk_profile_cover_of(p);
    assert_string_equal(c->area_name, "Drammen");
    assert_string_equal(c->fylke_name, "Buskerud");
    assert_string_equal(c->date, "2026-12-04");
    assert_int_equal(c->n_sources, 1);
    assert_string_equal(c->sources[0], "Kilde: testdata");
    assert_int_equal(c->n_files, 1);
    assert_int_equal(strlen(c->sha256[0]), 64);
    assert_int_equal(c->hidden, 0); /* no row of these reports is suppressed */
    lk_profile_free(p);
}

/* The sentences, written by hand from the counts above. */
static void test_prose(void **state)
{
    (void)state;
    const char *ids[] = { "unemployment" };
    lk_profile *p = build("nb", 0, ids, 1);
    char *s = capture(p, lk_profile_write_item_prose, 0);
    assert_string_equal(s, "I 2024 var 2,6 prosent av innbyggerne 15–74 år i Drammen registrert arbeidsledige, mot 2,1 "
                           "prosent i Buskerud og 2,2 prosent i landet. Andelen er høyere enn i landet, og har gått ned "
                           "siden 2011 (3,2 prosent).");
    free(s);
    /* Wilson interval of 2600/100000: 2,6 ± 1,96·sqrt(0,026·0,974/100000) = 2,50–2,70 */
    s = capture(p, lk_profile_write_finding, 0);
    assert_string_equal(s, "Registrerte arbeidsledige: 2,6 prosent i Drammen mot 2,2 prosent i landet, 0,4 prosentpoeng "
                           "høyere (indeks 118; 95 %-KI 2,5–2,7) – dårligere enn landet.");
    free(s);
    /* a row without a value shows why; a hidden (suppressed) cell as hidden, never as a number */
    lk_report_row w;
    memset(&w, 0, sizeof w);
    w.status = "~suppressed:primary";
    assert_string_equal(lk__profile_missing(p, &w), "skjult (prikket)");
    w.status = ":";
    assert_string_equal(lk__profile_missing(p, &w), ":");
    lk_profile_free(p);
    p = build("en", 0, ids, 1);
    s = capture(p, lk_profile_write_item_prose, 0);
    assert_string_equal(s, "In 2024, 2.6 per cent of residents aged 15–74 in Drammen were registered unemployed, against "
                           "2.1 per cent in Buskerud and 2.2 per cent in Norway. The share is higher than in Norway, and "
                           "has fallen since 2011 (3.2 per cent).");
    free(s);
    lk_profile_free(p);
    /* --from a year without a value: no change, no clause */
    p = build("nb", 2020, ids, 1);
    assert_false(lk_profile_item_at(p, 0)->change.ok);
    s = capture(p, lk_profile_write_item_prose, 0);
    assert_non_null(strstr(s, "Andelen er høyere enn i landet."));
    free(s);
    lk_profile_free(p);
}

/* A value-neutral indicator (an age share, by its id) comes first, in § 3 a) befolkning, and its
 * difference is a finding without a judgement. */
static void test_neutral_and_order(void **state)
{
    (void)state;
    char path[64];
    write_file(path, "[population-0-17]\nname.nb = Andel 0-17 år\nnumerator = =Ledige\ndenominator = =Personer\n"
                     "scale = percent\ndirection = higher-worse\ndefinition.nb = Test.\nsource = Kilde: testdata\n");
    const char *files[] = { data_path };
    lk_profile_opts o = LK_PROFILE_OPTS_INIT;
    o.area = "3301";
    o.pipeline.indicators_file = path;
    lk_profile *p;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_OK);
    assert_int_equal(lk_profile_count(p), 13); /* the 12 built-in and this one */
    const lk_profile_item *it = lk_profile_item_at(p, 0);
    assert_string_equal(it->ind->id, "population-0-17");
    assert_int_equal(it->topic, 'a');
    assert_int_equal(lk_profile_item_at(p, 1)->topic, 'b');
    /* 2,6 % against 2,2 %: significant and index 118, but no judgement */
    assert_int_equal(it->verdict, LK_VERDICT_NEUTRAL);
    assert_int_equal(it->change.verdict, LK_VERDICT_NEUTRAL);
    assert_int_equal(lk_profile_finding_count(p), 1);
    char *s = capture(p, lk_profile_write_finding, 0);
    assert_string_equal(s, "Andel 0-17 år: 2,6 prosent i Drammen mot 2,2 prosent i landet, 0,4 prosentpoeng høyere "
                           "(indeks 118; 95 %-KI 2,5–2,7).");
    free(s);
    s = capture(p, lk_profile_write_item_prose, 0);
    assert_string_equal(s, "Andel 0-17 år var 2,6 prosent i Drammen i 2024, mot 2,1 prosent i Buskerud og 2,2 prosent i "
                           "landet. Andelen er høyere enn i landet, og har gått ned siden 2011 (3,2 prosent).");
    free(s);
    lk_profile_free(p);
    remove(path);
}

/* The change starts in the earliest year of the area and landet even when the fylke of today's
 * borders has no value then (Buskerud was 06 in 2011: the report's fylke 33 is ~incomplete). */
static void test_change_across_fylke_codes(void **state)
{
    (void)state;
    char path[64];
    write_file(path, "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n"
                     "\"3301 Drammen\";\"2011\";3200;100000\r\n\"3301 Drammen\";\"2024\";2600;100000\r\n"
                     "\"06 Buskerud\";\"2011\";9000;300000\r\n\"33 Buskerud\";\"2024\";6300;300000\r\n"
                     "\"0 Hele landet\";\"2011\";120000;4000000\r\n\"0 Hele landet\";\"2024\";88000;4000000\r\n");
    const char *files[] = { path };
    const char *ids[] = { "unemployment" };
    lk_profile_opts o = LK_PROFILE_OPTS_INIT;
    o.area = "3301";
    o.pipeline.indicators_file = def_path;
    o.indicators = ids;
    o.n_indicators = 1;
    lk_profile *p;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_OK);
    const lk_profile_item *u = lk_profile_item_at(p, 0);
    assert_true(u->change.ok);
    assert_string_equal(u->change.first->period, "2011");
    lk_profile_free(p);
    remove(path);
}

static void test_numbers_and_verdicts(void **state)
{
    (void)state;
    char b[64];
    lk__profile_number(b, sizeof b, 4421, 0, 1);
    assert_string_equal(b, "4 421");
    lk__profile_number(b, sizeof b, 4421, 0, 0);
    assert_string_equal(b, "4,421");
    lk__profile_number(b, sizeof b, 12345678.5, 1, 1);
    assert_string_equal(b, "12 345 678,5");
    lk__profile_number(b, sizeof b, 999, 0, 1);
    assert_string_equal(b, "999");
    lk__profile_number(b, sizeof b, 1000, 0, 1);
    assert_string_equal(b, "1 000");
    lk__profile_number(b, sizeof b, -1.5, 1, 1);
    assert_string_equal(b, "\xE2\x88\x92" "1,5");
    lk__profile_number(b, sizeof b, -0.04, 1, 1); /* rounds to zero: no sign */
    assert_string_equal(b, "0,0");
    /* higher and worse; lower and better; relevance; neutral; untested */
    assert_int_equal(lk__profile_verdict("higher", 1, 0, 1), LK_VERDICT_WORSE);
    assert_int_equal(lk__profile_verdict("higher", 0, 0, 1), LK_VERDICT_BETTER);
    assert_int_equal(lk__profile_verdict("lower", 1, 0, 1), LK_VERDICT_BETTER);
    assert_int_equal(lk__profile_verdict("lower", 0, 0, 1), LK_VERDICT_WORSE);
    assert_int_equal(lk__profile_verdict("higher", 1, 0, 0), LK_VERDICT_NOT_DIFFERENT);
    assert_int_equal(lk__profile_verdict("similar", 1, 0, 1), LK_VERDICT_NOT_DIFFERENT);
    assert_int_equal(lk__profile_verdict("higher", 1, 1, 1), LK_VERDICT_NEUTRAL);
    assert_int_equal(lk__profile_verdict("", 1, 0, 1), LK_VERDICT_NOT_TESTED);
    assert_string_equal(lk_verdict_name(LK_VERDICT_NO_DATA, "nb"), "ingen data");
    assert_string_equal(lk_verdict_name(LK_VERDICT_WORSE, "en"), "worse");
    /* FIPS 180-4 examples */
    char hex[65];
    lk__sha256_bytes("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    lk__sha256_bytes("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    lk__sha256_bytes(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_failures(void **state)
{
    (void)state;
    const char *files[] = { data_path };
    lk_profile_opts o = LK_PROFILE_OPTS_INIT;
    lk_profile *p;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_EINVAL); /* no area */
    assert_non_null(strstr(lk_profile_errmsg(p), "no area"));
    lk_profile_free(p);
    const char *ids[] = { "nosuch" };
    o.area = "3301";
    o.indicators = ids;
    o.n_indicators = 1;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_EINVAL);
    assert_non_null(strstr(lk_profile_errmsg(p), "unknown indicator 'nosuch' (expected one of: unemployment, "));
    lk_profile_free(p);
    /* an area in none of the data: its own error, not "ingen data" throughout */
    o.area = "9999";
    o.n_indicators = 0;
    o.pipeline.indicators_file = def_path;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_ENOTFOUND);
    assert_non_null(strstr(lk_profile_errmsg(p), "area '9999' is not in the data"));
    lk_profile_free(p);
    o.area = "3301";
    o.pipeline.indicators_file = NULL;
    const char *twice[] = { "unemployment", "employment", "unemployment" };
    o.indicators = twice;
    o.n_indicators = 3;
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_EINVAL);
    assert_string_equal(lk_profile_errmsg(p), "indicator 'unemployment' given twice (expected each once)");
    lk_profile_free(p);
    o.n_indicators = 0;
    const char *missing[] = { "/nonexistent/levekar/u.csv" };
    assert_int_equal(lk_profile_build(&p, missing, 1, &o), LK_EIO); /* a file that cannot be read stops it */
    assert_non_null(strstr(lk_profile_errmsg(p), "/nonexistent/levekar/u.csv"));
    lk_profile_free(p);
    o.pipeline.zones_file = "/nonexistent/levekar/zones.csv"; /* said once, not "ingen data" 12 times */
    assert_int_equal(lk_profile_build(&p, files, 1, &o), LK_EIO);
    assert_non_null(strstr(lk_profile_errmsg(p), "/nonexistent/levekar/zones.csv"));
    lk_profile_free(p);
    lk_profile_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_and_no_data),
        cmocka_unit_test(test_prose),
        cmocka_unit_test(test_neutral_and_order),
        cmocka_unit_test(test_change_across_fylke_codes),
        cmocka_unit_test(test_numbers_and_verdicts),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
