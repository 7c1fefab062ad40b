/* Published rates (#13 B3): the `rate` keys of a definition, the choice of one measure and one
 * value per region and period (never a sum), limits only from the file, and report rows from
 * them beside counts (the counts win) and comparison regions (B5). Values chosen by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

/* One observation: region, period, measure, value (NAN: missing with status ".."), a dimension. */
static lk_obs obs(const char *region, lk_level level, const char *measure, double v, const char *dim, const char *val,
                  lk_dim *d)
{
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = "";
    o.region = region;
    o.region_name = "";
    o.level = level;
    o.period = "2020";
    lk_period_parse(&o.period_info, "2020", 4);
    o.measure = measure;
    o.unit = "";
    o.has_value = !isnan(v);
    o.value = o.has_value ? v : 0;
    o.status = o.has_value ? "" : "..";
    o.line = 2;
    if (dim) {
        d->name = dim;
        d->value = val;
        o.dims = d;
        o.n_dims = 1;
    }
    return o;
}

static void add(lk_published *p, const char *region, lk_level level, const char *measure, double v, const char *dim,
                const char *val)
{
    lk_dim d;
    lk_obs o = obs(region, level, measure, v, dim, val, &d);
    assert_int_equal(lk_published_add(p, &o, 0, "f.csv"), LK_OK);
}

static void test_definition_keys(void **state)
{
    (void)state;
    lk_registry *r;
    assert_int_equal(lk_registry_new(&r), LK_OK);
    /* the built-in 10540 rate: no counts, the one band 15-74 */
    const lk_indicator *u = lk_registry_find(r, "unemployment-labour-force");
    assert_non_null(u);
    assert_string_equal(u->rate.measure, "=Registrert helt arbeidsledige | code:RegHeltLedige");
    assert_int_equal(u->rate.age_lo, 15);
    assert_int_equal(u->rate.age_hi, 74);
    assert_string_equal(u->num.measure, "");
    /* a definition on counts has no rate */
    assert_string_equal(lk_registry_find(r, "unemployment")->rate.measure, "");
    assert_int_equal(lk_registry_load_text(r, "x.def", "[k]\nname.nb = K\nrate = Andel\nrate.table = 04906\n"), LK_OK);
    assert_string_equal(lk_registry_find(r, "k")->rate.table, "04906");
    assert_int_equal(lk_registry_find(r, "k")->rate.age_lo, -1);
    /* a rate with half the counts is no definition */
    assert_int_equal(lk_registry_load_text(r, "y.def", "[k2]\nname.nb = K\nrate = Andel\nnumerator = A\n"), LK_EDATA);
    assert_string_equal(lk_registry_errmsg(r), "y.def:1: indicator 'k2' has no denominator (expected name.nb, and "
                                               "numerator and denominator or rate)");
    assert_int_equal(lk_registry_load_text(r, "z.def", "[k3]\nname.nb = K\nrate.ages = 15-x\n"), LK_EDATA);
    lk_registry_free(r);
}

static void test_one_measure_one_value(void **state)
{
    (void)state;
    lk_side side = { .measure = "RATE", .table = "", .age_lo = -1, .age_hi = -1, .multiplier = 1.0, .file = -1 };
    lk_published *p;
    assert_int_equal(lk_published_new(&p, &side, NULL), LK_OK);
    /* FHI KUBE: RATE exactly, beside RATE.n (contains "RATE") and the limits */
    add(p, "3301", LK_LEVEL_KOMMUNE, "RATE.n", 3, NULL, NULL);
    add(p, "3301", LK_LEVEL_KOMMUNE, "RATE", 9.4, NULL, NULL);
    add(p, "3301", LK_LEVEL_KOMMUNE, "RATE.lower", 8.8, NULL, NULL);
    add(p, "3301", LK_LEVEL_KOMMUNE, "RATE.upper", 10.0, NULL, NULL);
    add(p, "0", LK_LEVEL_LAND, "RATE", 8.1, NULL, NULL);
    add(p, "0", LK_LEVEL_LAND, "RATE.n", 3, NULL, NULL);
    add(p, "3303", LK_LEVEL_KOMMUNE, "RATE", NAN, NULL, NULL);
    assert_int_equal(lk_published_finish(p), LK_OK);
    assert_int_equal(lk_published_count(p), 3);
    const lk_rate *x = lk_published_find(p, "3301", "2020");
    assert_non_null(x);
    assert_true(x->has_value && x->has_ci);
    NEAR(x->value, 9.4, 1e-12);
    NEAR(x->ci_low, 8.8, 1e-12);
    NEAR(x->ci_high, 10.0, 1e-12);
    x = lk_published_find(p, "0", "2020");
    assert_true(x->has_value && !x->has_ci); /* no limits in the file: none */
    x = lk_published_find(p, "3303", "2020");
    assert_false(x->has_value);
    assert_string_equal(x->status, "..");
    assert_null(lk_published_find(p, "3305", "2020"));
    lk_published_free(p);
}

static void test_total_and_parts(void **state)
{
    (void)state;
    lk_side side = { .measure = "Andel", .table = "", .age_lo = -1, .age_hi = -1, .multiplier = 1.0, .file = -1 };
    lk_published *p;
    assert_int_equal(lk_published_new(&p, &side, NULL), LK_OK);
    /* both sexes is the rate; men and women are its parts, never summed or averaged */
    add(p, "3301", LK_LEVEL_KOMMUNE, "Andel (prosent)", 4.0, "kjønn", "Menn");
    add(p, "3301", LK_LEVEL_KOMMUNE, "Andel (prosent)", 3.6, "kjønn", "Begge kjønn");
    add(p, "3301", LK_LEVEL_KOMMUNE, "Andel (prosent)", 3.2, "kjønn", "Kvinner");
    /* a count in the same file (its unit says so) is no rate */
    lk_dim d;
    lk_obs o = obs("3301", LK_LEVEL_KOMMUNE, "Andel mottakere", 120, NULL, NULL, &d);
    o.unit = "personer";
    assert_int_equal(lk_published_add(p, &o, 0, "f.csv"), LK_OK);
    assert_int_equal(lk_published_finish(p), LK_OK);
    NEAR(lk_published_find(p, "3301", "2020")->value, 3.6, 1e-12);
    lk_published_free(p);
    /* two parts without their total: ambiguous, naming both */
    assert_int_equal(lk_published_new(&p, &side, NULL), LK_OK);
    add(p, "3301", LK_LEVEL_KOMMUNE, "Andel (prosent)", 4.0, "kjønn", "Menn");
    add(p, "3301", LK_LEVEL_KOMMUNE, "Andel (prosent)", 3.2, "kjønn", "Kvinner");
    assert_int_equal(lk_published_finish(p), LK_EDATA);
    assert_non_null(strstr(lk_published_errmsg(p), "kjønn=Menn / kjønn=Kvinner"));
    lk_published_free(p);
    /* a ContentsCode (JSON-stat) matches exactly, over a label that merely contains the pattern */
    lk_side code = { .measure = "RegHeltLedige", .table = "", .age_lo = -1, .age_hi = -1, .multiplier = 1.0, .file = -1 };
    assert_int_equal(lk_published_new(&p, &code, NULL), LK_OK);
    o = obs("3301", LK_LEVEL_KOMMUNE, "Registrert helt arbeidsledige", 3.3, NULL, NULL, &d);
    o.measure_code = "RegHeltLedige";
    assert_int_equal(lk_published_add(p, &o, 0, "f.json"), LK_OK);
    o = obs("3301", LK_LEVEL_KOMMUNE, "RegHeltLedige (sesongjustert)", 3.1, NULL, NULL, &d);
    assert_int_equal(lk_published_add(p, &o, 0, "f.json"), LK_OK);
    assert_int_equal(lk_published_finish(p), LK_OK);
    NEAR(lk_published_find(p, "3301", "2020")->value, 3.3, 1e-12);
    lk_published_free(p);
    /* nothing matched */
    assert_int_equal(lk_published_new(&p, &side, NULL), LK_OK);
    add(p, "3301", LK_LEVEL_KOMMUNE, "Personer", 10, NULL, NULL);
    assert_int_equal(lk_published_finish(p), LK_ENOTFOUND);
    lk_published_free(p);
}

/* Report rows from rates alone (no counts: calc NULL): as published for the area, a comparison
 * region and landet; index 9.4 / 8.1 × 100 = 116.05, no test. (Counts winning: cli published_rate.) */
static void test_report_rows(void **state)
{
    (void)state;
    lk_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.id = "x";
    ind.name_nb = ind.name_en = "x";
    ind.family = ind.definition_nb = ind.definition_en = ind.source = ind.reference = "";
    ind.num = (lk_side){ .measure = "", .table = "", .age_lo = -1, .age_hi = -1, .multiplier = 1.0, .file = -1 };
    ind.den = ind.num;
    ind.rate = (lk_side){ .measure = "RATE", .table = "", .age_lo = -1, .age_hi = -1, .multiplier = 1.0, .file = -1 };
    lk_published *p;
    assert_int_equal(lk_published_new(&p, &ind.rate, NULL), LK_OK);
    add(p, "3301", LK_LEVEL_KOMMUNE, "RATE", 9.4, NULL, NULL);
    add(p, "0", LK_LEVEL_LAND, "RATE", 8.1, NULL, NULL);
    add(p, "EKG08", LK_LEVEL_KOSTRA_GROUP, "RATE", 10.0, NULL, NULL);
    assert_int_equal(lk_published_finish(p), LK_OK);
    lk_geo *g;
    assert_int_equal(lk_geo_new(&g), LK_OK);
    lk_report *r;
    assert_int_equal(lk_report_new(&r, &ind, NULL), LK_OK);
    lk_report_set_published(r, p);
    assert_int_equal(lk_report_add_compare(r, "EKG08"), LK_OK);
    assert_int_equal(lk_report_add_area(r, NULL, g, "3301"), LK_OK);
    assert_int_equal(lk_report_count(r), 3); /* area, comparison region, landet */
    const lk_report_row *a = lk_report_get(r, 0);
    assert_string_equal(a->role, "area");
    assert_true(a->published && a->has_value && !a->has_counts && !a->has_ci);
    assert_string_equal(a->status, "~published");
    NEAR(a->index_land, 9.4 / 8.1 * 100, 1e-9);
    assert_string_equal(a->vs_land, "");
    assert_int_equal(a->n_compare, 1);
    NEAR(a->compare[0].index, 94.0, 1e-9); /* 9.4 / 10.0 × 100 */
    assert_string_equal(a->compare[0].vs, "");
    assert_string_equal(lk_report_get(r, 1)->role, "compare");
    assert_string_equal(lk_report_get(r, 2)->region, "0");
    assert_int_equal(lk_report_overridden(r, NULL, NULL), 0);
    lk_report_free(r);
    /* a comparison region the data do not hold */
    assert_int_equal(lk_report_new(&r, &ind, NULL), LK_OK);
    lk_report_set_published(r, p);
    assert_int_equal(lk_report_add_compare(r, "EKG09"), LK_OK);
    assert_int_equal(lk_report_add_area(r, NULL, g, "3301"), LK_ENOTFOUND);
    assert_string_equal(lk_report_errmsg(r), "comparison region 'EKG09' is not in the data (expected one of: EKG08)");
    lk_report_free(r);
    lk_published_free(p);
    lk_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_definition_keys),
        cmocka_unit_test(test_one_measure_one_value),
        cmocka_unit_test(test_total_and_parts),
        cmocka_unit_test(test_report_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
