/* The districts section of a profile (issue 16, --zones): the table of the kommune's zones,
 * the inequality between them and the composite index, on four zones with counts chosen by
 * hand; and a zone hidden by the protection that no format shows. */
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

/* Four zones of one grunnkrets each, making up Drammen, in 2024:
 *   ledige      S1 10/1000 = 1 %, S2 20/1000 = 2 %, S3 30/1000 = 3 %, S4 40/1000 = 4 %; Drammen 100/4000 = 2,5 %
 *   sysselsatte S1 700/1000 = 70 %, S2 60 %, S3 65 %, S4 50 %; Drammen 2450/4000 = 61,25 % */
static const char data_csv[] =
    "region;\xE5r;Ledige;Sysselsatte;Personer\n"
    "33010101 Krets 1;2024;10;700;1000\n33010102 Krets 2;2024;20;600;1000\n"
    "33010103 Krets 3;2024;30;650;1000\n33010104 Krets 4;2024;40;500;1000\n"
    "3301 Drammen;2024;100;2450;4000\n0 Hele landet;2024;100000;2800000;4000000\n";
/* The same, but S1 has 2 of 1000 (FHI hides fewer than 5 cases): S1 and the zone that would
 * give it away by subtraction are hidden. */
static const char small_csv[] =
    "region;\xE5r;Ledige;Sysselsatte;Personer\n"
    "33010101 Krets 1;2024;2;700;1000\n33010102 Krets 2;2024;20;600;1000\n"
    "33010103 Krets 3;2024;30;650;1000\n33010104 Krets 4;2024;40;500;1000\n"
    "3301 Drammen;2024;92;2450;4000\n0 Hele landet;2024;100000;2800000;4000000\n";
static const char zones_csv[] =
    "zone,name,member\nS1,Sone en,33010101\nS2,Sone to,33010102\nS3,Sone tre,33010103\nS4,Sone fire,33010104\n";
static const char def_text[] =
    "[ledige]\nname.nb = Ledige\nname.en = Unemployed\nnumerator = =Ledige\ndenominator = =Personer\nscale = percent\n"
    "direction = higher-worse\ndefinition.nb = Ledige.\ndefinition.en = Unemployed.\nsource = Kilde: testdata\n"
    "[sysselsatte]\nname.nb = Sysselsatte\nname.en = Employed\nnumerator = =Sysselsatte\ndenominator = =Personer\n"
    "scale = percent\ndirection = higher-better\ndefinition.nb = Sysselsatte.\ndefinition.en = Employed.\nsource = Kilde: testdata\n";

static char data_path[64], small_path[64], zones_path[64], def_path[64];

static void write_file(char *path, const char *text)
{
    strcpy(path, "/tmp/levekar-pdist-XXXXXX");
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
    write_file(small_path, small_csv);
    write_file(zones_path, zones_csv);
    write_file(def_path, def_text);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove(data_path), remove(small_path), remove(zones_path), remove(def_path);
    return 0;
}

static const char *lang = "nb";

static lk_profile *build(const char *path, int protect, size_t n_ids)
{
    static const char *ids[] = { "ledige", "sysselsatte" };
    const char *files[] = { path };
    static lk_suppress_opts none = LK_SUPPRESS_OPTS_INIT;
    lk_profile_opts o = LK_PROFILE_OPTS_INIT;
    o.area = "3301";
    o.pipeline.indicators_file = def_path;
    o.pipeline.zones_file = zones_path;
    if (!protect) o.pipeline.suppress = &none;
    o.indicators = ids;
    o.n_indicators = n_ids;
    o.date = "2026-12-04";
    o.pipeline.report.lang = lang;
    lk_profile *p;
    int rc = lk_profile_build(&p, files, 1, &o);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_profile_errmsg(p));
    assert_int_equal(rc, LK_OK);
    return p;
}

static char *written(lk_profile *p, int (*fn)(const lk_profile *, FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(fn(p, f), LK_OK);
    fclose(f);
    return buf;
}

static int write_md(const lk_profile *p, FILE *f) { return lk_profile_write_md(p, NULL, f); }

static void test_table_and_inequality(void **state)
{
    (void)state;
    lk_profile *p = build(data_path, 0, 2);
    const lk_profile_item *it = lk_profile_item_at(p, 0);
    assert_string_equal(it->ind->id, "ledige");
    const lk_profile_districts *t = &it->districts;
    assert_string_equal(t->why, "");
    assert_string_equal(t->period, "2024");
    assert_int_equal(t->n, 4);
    assert_int_equal(t->n_shown, 4);
    assert_int_equal(t->n_hidden, 0);
    assert_string_equal(t->zones[0]->code, "S1");
    assert_non_null(t->rows[0]);
    assert_float_equal(t->rows[0]->value, 1.0, 1e-12);        /* 10/1000 */
    assert_float_equal(t->rows[3]->value, 4.0, 1e-12);        /* 40/1000 */
    assert_float_equal(t->rows[0]->index_kommune, 40.0, 1e-9); /* 1 / 2,5 × 100 */
    assert_float_equal(t->rows[3]->index_kommune, 160.0, 1e-9);
    assert_non_null(t->kommune);
    assert_float_equal(t->kommune->value, 2.5, 1e-12);
    assert_non_null(t->ineq);
    assert_int_equal(t->ineq->n, 4);
    assert_float_equal(t->ineq->ratio.value, 4.0, 1e-12);            /* 4 % / 1 % */
    assert_float_equal(t->ineq->difference.value, 0.03, 1e-12);      /* 0,04 − 0,01 */
    /* r/r̄ = 0,4 0,8 1,2 1,6, weights 1/4: Theil T = (0,4 ln 0,4 + 0,8 ln 0,8 + 1,2 ln 1,2 + 1,6 ln 1,6)/4
     * = (−0,366516 − 0,178515 + 0,218786 + 0,752006)/4 = 0,106440 */
    assert_float_equal(t->ineq->theil_t.value, 0.106440, 1e-5);
    /* Gini: ordered pairs' |rᵢ − rⱼ| sum to 0,20, × 1/16, / (2 · 0,025) = 0,25 */
    assert_float_equal(t->ineq->gini.value, 0.25, 1e-12);
    assert_string_equal(t->ineq->note, "");

    /* the index: ledige (higher worse) ranks S1 S2 S3 S4 from the fewest problems, scores
     * ⌈10·rank/4⌉ = 3 5 8 10; sysselsatte (higher better) ranks S1 S3 S2 S4: S1 3, S3 5, S2 8, S4 10.
     * Means S1 3, S2 6,5, S3 6,5, S4 10; ranks (1 = most problems) S4 1, S2 and S3 2, S1 4. */
    const lk_profile_composite *c = lk_profile_composite_of(p);
    assert_non_null(c);
    assert_string_equal(c->why, "");
    assert_non_null(c->index);
    assert_int_equal(c->n_indicators, 2);
    assert_int_equal(c->n_districts, 4);
    const double mean[] = { 3, 6.5, 6.5, 10 };
    const size_t rank[] = { 4, 2, 2, 1 };
    for (size_t i = 0; i < 4; i++) {
        assert_float_equal(c->index->mean_score[i], mean[i], 1e-12);
        assert_int_equal(c->index->rank_score[i], rank[i]);
    }
    /* without ledige, by sysselsatte alone: S4 1, S2 2, S3 3, S1 4: S3 moves 1 (2 → 3);
     * without sysselsatte, by ledige: S4 1, S3 2, S2 3, S1 4: S2 moves 1 */
    assert_int_equal(c->index->loo_max_change_score[0], 1);
    assert_int_equal(c->index->loo_district_score[0], 2);
    assert_int_equal(c->index->loo_max_change_score[1], 1);
    assert_int_equal(c->index->loo_district_score[1], 1);

    char *html = written(p, lk_profile_write_html), *md = written(p, write_md), *txt = written(p, lk_profile_write_text),
         *json = written(p, lk_profile_write_json);
    assert_non_null(strstr(html, "<section id=\"delomrader\">"));
    assert_non_null(strstr(html, "<svg "));
    assert_non_null(strstr(html, "Theil T"));
    assert_non_null(strstr(html, "Levekårsindeks"));
    assert_non_null(strstr(md, "| Sone en | 1,0 |"));
    assert_non_null(strstr(txt, "  Sone fire | 4,0 |"));
    assert_non_null(strstr(txt, "  Gini | 0,250 |"));
    assert_non_null(strstr(json, "\"gini\": {\"value\": 0.25,"));
    assert_non_null(strstr(json, "\"rank_score\": 1,"));
    free(html), free(md), free(txt), free(json);

    /* the composite's tables in the document, and the section in English */
    txt = written(p, lk_profile_write_text);
    assert_non_null(strstr(txt, "  1 | Sone fire | 10,0 | 1 |"));       /* rank 1, mean score 10 */
    assert_non_null(strstr(txt, "  Ledige | 1 | Sone tre | "));        /* without ledige S3 moves 1 */
    free(txt);
    lk_profile_free(p);
    lang = "en";
    p = build(data_path, 0, 2);
    txt = written(p, lk_profile_write_text);
    assert_non_null(strstr(txt, "\nDistricts\n"));
    assert_non_null(strstr(txt, "Inequality between the zones"));
    assert_non_null(strstr(txt, "  Gini | 0.250 |"));
    assert_non_null(strstr(txt, "Rank stability: one indicator left out at a time"));
    free(txt);
    lang = "nb";
    lk_profile_free(p);

    /* one indicator: no index, and why */
    p = build(data_path, 0, 1);
    c = lk_profile_composite_of(p);
    assert_null(c->index);
    assert_non_null(strstr(c->why, "minst 2 indikatorer"));
    lk_profile_free(p);
}

static void test_hidden_zones(void **state)
{
    (void)state;
    lk_profile *p = build(small_path, 1, 2);
    const lk_profile_districts *t = &lk_profile_item_at(p, 0)->districts;
    assert_int_equal(t->n, 4);
    assert_false(t->rows[0]->has_value); /* 2 cases: hidden */
    assert_string_equal(t->rows[0]->status, "~suppressed");
    assert_int_equal(t->n_hidden, 2);    /* and one more, that would give it away */
    assert_int_equal(t->n_shown, 2);
    assert_non_null(t->ineq);
    assert_int_equal(t->ineq->n, 2);
    assert_non_null(strstr(t->ineq->note, "Sone en"));
    int (*fn[])(const lk_profile *, FILE *) = { lk_profile_write_html, write_md, lk_profile_write_text, lk_profile_write_json };
    for (size_t k = 0; k < 4; k++) {
        char *s = written(p, fn[k]);
        assert_non_null(strstr(s, k == 3 ? "\"status\": \"~suppressed\"" : "skjult (prikket)"));
        /* S1's count and rate: 2 and 0,2 % (0.2); the kommune's 92 stays, 2/1000 never */
        assert_null(strstr(s, "0,2 ")), assert_null(strstr(s, "0.2,")), assert_null(strstr(s, "\"numerator\": 2,"));
        free(s);
    }
    lk_profile_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_and_inequality),
        cmocka_unit_test(test_hidden_zones),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
