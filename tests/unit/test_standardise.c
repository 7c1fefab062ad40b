/* Age (and sex) standardisation against values worked out by hand (issue 15). The Poisson
 * limits are those of chi-square tables (O = 10: 4.795 and 18.39; O = 40: 28.58 and 54.47),
 * here to more places from an incomplete-gamma computation written apart from the library
 * (series and continued fraction, quantiles by bisection: 4.7953887, 18.3903560; 28.5765864,
 * 54.4686470); Byar's from the formula of methods.md §5.2 with z = 1.959964. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))
#define CONTAINS(s, sub) do { if (!strstr((s), (sub))) fail_msg("'%s' lacks '%s'", (s), (sub)); } while (0)

/* A test standard of three bands: 1000, 2000, 1000, weights 0.25, 0.5, 0.25. */
static lk_std_standard *three_bands(void)
{
    lk_std_band p[] = { { "0-19", NULL, 1000 }, { "20-64", NULL, 2000 }, { "65+", NULL, 1000 } };
    lk_std_standard *s;
    assert_int_equal(lk_std_standard_from_bands(&s, "test", p, 3), LK_OK);
    return s;
}

/* The area: x = 2, 3, 5 (O = 10) over n = 1000, 1000, 500; rates 0.002, 0.003, 0.01. */
static const lk_std_band area_num[] = { { "0-19 år", NULL, 2 }, { "20-64 år", NULL, 3 }, { "65 år eller eldre", NULL, 5 } };
static const lk_std_band area_den[] = { { "0-19 år", NULL, 1000 }, { "20-64 år", NULL, 1000 }, { "65 år eller eldre", NULL, 500 } };

static void test_direct_dobson(void **state)
{
    (void)state;
    lk_std_standard *s = three_bands();
    lk_std_result r;
    assert_int_equal(lk_std_direct(s, area_num, 3, area_den, 3, NULL, &r), LK_OK);
    /* DSR = 0.25·0.002 + 0.5·0.003 + 0.25·0.01 = 0.0005 + 0.0015 + 0.0025 = 0.0045 */
    NEAR(r.value, 0.0045, 1e-12);
    /* var = 0.0625·2/1000² + 0.25·3/1000² + 0.0625·5/500² = 1.25e-7 + 7.5e-7 + 1.25e-6 = 2.125e-6 */
    NEAR(r.variance, 2.125e-6, 1e-15);
    /* Dobson: 0.0045 + √(2.125e-6/10)·(4.7953887 − 10) = 0.0045 − 4.609772e-4·5.2046113 = 0.00210079;
     * upper 0.0045 + 4.609772e-4·8.3903560 = 0.00836776 */
    NEAR(r.lo, 0.0021007927, 1e-9);
    NEAR(r.hi, 0.0083677630, 1e-9);
    assert_int_equal(r.has_ci, 1);
    NEAR(r.observed, 10, 1e-12);
    NEAR(r.crude, 10.0 / 2500, 1e-12); /* crude 10 / 2500 = 0.004 */
    assert_string_equal(r.method, "direct");
    assert_string_equal(r.interval_method, "Dobson (exact Poisson)");
    assert_string_equal(r.bands, "0-19, 20-64, 65+");
    assert_int_equal(r.n_strata, 3);
    assert_int_equal(r.n_summed, 0);
    assert_true(isnan(r.smr) && isnan(r.expected));

    /* Dobson with Byar's limits for O = 10: 10(1 − 1/90 − z/(3√10))³ = 4.7874499,
     * 11(1 − 1/99 + z/(3√11))³ = 18.3914586 → 0.00209713, 0.00836827 */
    lk_std_opts o = LK_STD_OPTS_INIT;
    o.limits = LK_STD_BYAR;
    assert_int_equal(lk_std_direct(s, area_num, 3, area_den, 3, &o, &r), LK_OK);
    NEAR(r.lo, 0.0020971331, 1e-9);
    NEAR(r.hi, 0.0083682713, 1e-9);
    assert_string_equal(r.interval_method, "Dobson (Byar)");

    /* Fay–Feuer: lower Gamma⁻¹(0.025; shape 0.0045²/2.125e-6 = 9.5294118, scale 2.125e-6/0.0045);
     * wm = max wᵢ/nᵢ = 0.25/500 = 0.0005, upper Gamma⁻¹(0.975; shape 0.005²/(2.125e-6 + 2.5e-7)
     * = 10.526316, scale 2.375e-6/0.005) → 0.00211238, 0.00844255 */
    o.interval = LK_STD_FAY_FEUER;
    assert_int_equal(lk_std_direct(s, area_num, 3, area_den, 3, &o, &r), LK_OK);
    NEAR(r.value, 0.0045, 1e-12);
    NEAR(r.lo, 0.0021123772, 1e-9);
    NEAR(r.hi, 0.0084425489, 1e-9);
    assert_string_equal(r.interval_method, "Fay-Feuer (gamma)");
    lk_std_standard_free(s);
}

static void test_esp2013(void **state)
{
    (void)state;
    lk_std_standard *s;
    assert_int_equal(lk_std_standard_esp2013(&s), LK_OK);
    assert_string_equal(lk_std_standard_name(s), "ESP 2013");
    assert_int_equal(lk_std_standard_count(s), 19);
    double total = 0, p;
    int lo, hi, sex;
    for (size_t i = 0; i < 19; i++) {
        assert_int_equal(lk_std_standard_get(s, i, &lo, &hi, &sex, &p), LK_OK);
        assert_int_equal(lo, (int)(5 * i));
        assert_int_equal(sex, 0);
        total += p;
    }
    NEAR(total, 100000, 1e-9);
    assert_int_equal(lk_std_standard_get(s, 18, &lo, &hi, NULL, &p), LK_OK);
    assert_int_equal(hi, LK_AGE_MAX); /* 90+ */
    NEAR(p, 1000, 1e-12);
    assert_int_equal(lk_std_standard_get(s, 0, NULL, &hi, NULL, &p), LK_OK);
    assert_int_equal(hi, 4);
    NEAR(p, 5000, 1e-12);
    assert_int_equal(lk_std_standard_get(s, 19, NULL, NULL, NULL, NULL), LK_ENOTFOUND);
    lk_std_standard_free(s);
}

static void test_bands_summed(void **state)
{
    (void)state;
    lk_std_standard *s;
    assert_int_equal(lk_std_standard_esp2013(&s), LK_OK);
    /* ages 15-29: ESP 15-19 5500, 20-24 6000, 25-29 6000 (Σ 17500). The denominator's 15-17 and
     * 18-19 are summed into 15-19 (500); the numerator has 15-19 whole. Rates 10/500, 30/600,
     * 20/500: DSR = (5500·0.02 + 6000·0.05 + 6000·0.04) / 17500 = 650/17500 = 0.0371428571 */
    lk_std_band num[] = { { "15-19 år", NULL, 10 }, { "20-24 år", NULL, 30 }, { "25-29 år", NULL, 20 } };
    lk_std_band den[] = { { "15-17 år", NULL, 300 }, { "18-19 år", NULL, 200 }, { "20-24 år", NULL, 600 },
                          { "25-29 år", NULL, 500 } };
    lk_std_result r;
    assert_int_equal(lk_std_direct(s, num, 3, den, 4, NULL, &r), LK_OK);
    NEAR(r.value, 650.0 / 17500, 1e-12);
    NEAR(r.crude, 60.0 / 1600, 1e-12); /* 60 / 1600 = 0.0375 */
    assert_string_equal(r.bands, "15-19, 20-24, 25-29");
    assert_int_equal(r.n_strata, 3);
    assert_int_equal(r.n_summed, 1);
    assert_int_equal(r.n_empty, 0);
    assert_string_equal(r.note, "");
    lk_std_standard_free(s);
}

static void test_refusals(void **state)
{
    (void)state;
    lk_std_standard *s;
    lk_std_result r;
    assert_int_equal(lk_std_standard_esp2013(&s), LK_OK);
    /* 15-24 lies across ESP's 15-19 and 20-24 */
    lk_std_band wide[] = { { "15-24 år", NULL, 600 }, { "25-29 år", NULL, 500 } };
    lk_std_band num[] = { { "15-24 år", NULL, 6 }, { "25-29 år", NULL, 5 } };
    assert_int_equal(lk_std_direct(s, num, 2, wide, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "denominator: band '15-24 år' does not nest in the standard's bands (expected bands that nest "
                       "in the standard's: 0-4, 5-9, 10-14, 15-19, 20-24,");
    CONTAINS(r.errmsg, "85-89, 90+)");
    /* 14-19 begins one year before ESP's 15-19 */
    lk_std_band early[] = { { "14-19 år", NULL, 600 } };
    assert_int_equal(lk_std_direct(s, early, 1, early, 1, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "band '14-19 år' does not nest in the standard's bands");
    /* a gap: 20-24 missing between 15-19 and 25-29 */
    lk_std_band gap[] = { { "15-19 år", NULL, 500 }, { "25-29 år", NULL, 500 } };
    lk_std_band gapn[] = { { "15-19 år", NULL, 5 }, { "25-29 år", NULL, 5 } };
    assert_int_equal(lk_std_direct(s, gapn, 2, gap, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "no data for the standard's band 20-24 (expected bands covering 15-29 without a gap)");
    /* part of a band: 16-19 leaves 15 out */
    lk_std_band part[] = { { "16-19 år", NULL, 400 } };
    lk_std_band partn[] = { { "16-19 år", NULL, 4 } };
    assert_int_equal(lk_std_direct(s, partn, 1, part, 1, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "denominator: no band for ages 15 of the standard's band 15-19");
    /* a total beside its parts */
    lk_std_band dup[] = { { "15-19 år", NULL, 500 }, { "15-17 år", NULL, 300 }, { "18-19 år", NULL, 200 } };
    lk_std_band dupn[] = { { "15-19 år", NULL, 5 } };
    assert_int_equal(lk_std_direct(s, dupn, 1, dup, 3, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "overlap");
    /* the sides over different ages */
    lk_std_band two[] = { { "15-19 år", NULL, 500 }, { "20-24 år", NULL, 500 } };
    assert_int_equal(lk_std_direct(s, dupn, 1, two, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "the denominator has ages in the standard's band 20-24 and the numerator has none");
    /* not an age, a negative count, a numerator without population */
    lk_std_band bad[] = { { "Alder ukjent", NULL, 5 } };
    assert_int_equal(lk_std_direct(s, bad, 1, two, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "numerator: band number 1: age 'Alder ukjent' (expected an age band");
    lk_std_band neg[] = { { "15-19 år", NULL, -1 }, { "20-24 år", NULL, 2 } };
    assert_int_equal(lk_std_direct(s, neg, 2, two, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "count -1 (expected a number >= 0");
    lk_std_band zero[] = { { "15-19 år", NULL, 0 }, { "20-24 år", NULL, 500 } };
    lk_std_band some[] = { { "15-19 år", NULL, 1 }, { "20-24 år", NULL, 2 } };
    assert_int_equal(lk_std_direct(s, some, 2, zero, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "the band 15-19 has a numerator of 1 and no population");
    lk_std_opts o = LK_STD_OPTS_INIT;
    o.level = 1.5;
    assert_int_equal(lk_std_direct(s, some, 2, two, 2, &o, &r), LK_EINVAL);
    lk_std_standard_free(s);
}

static void test_empty_band_and_no_case(void **state)
{
    (void)state;
    lk_std_standard *s = three_bands();
    lk_std_result r;
    /* no one aged 65+ in the area: that rate is taken as 0 with its weight 0.25, flagged.
     * DSR = 0.25·2/1000 + 0.5·3/1000 + 0 = 0.002 */
    lk_std_band num[] = { { "0-19", NULL, 2 }, { "20-64", NULL, 3 }, { "65+", NULL, 0 } };
    lk_std_band den[] = { { "0-19", NULL, 1000 }, { "20-64", NULL, 1000 }, { "65+", NULL, 0 } };
    assert_int_equal(lk_std_direct(s, num, 3, den, 3, NULL, &r), LK_OK);
    NEAR(r.value, 0.002, 1e-12);
    assert_int_equal(r.n_empty, 1);
    CONTAINS(r.note, "no population in 65+");
    /* no case at all: DSR 0, and Dobson's interval is not defined (O = 0); Fay–Feuer's upper
     * limit is then wm·Gamma⁻¹(0.975; 1) = 0.0005·(−ln 0.025) = 0.0018444397 (wm = 0.5/1000) */
    lk_std_band none[] = { { "0-19", NULL, 0 }, { "20-64", NULL, 0 }, { "65+", NULL, 0 } };
    lk_std_band den2[] = { { "0-19", NULL, 1000 }, { "20-64", NULL, 1000 }, { "65+", NULL, 500 } };
    assert_int_equal(lk_std_direct(s, none, 3, den2, 3, NULL, &r), LK_OK);
    NEAR(r.value, 0, 1e-15);
    assert_int_equal(r.has_ci, 0);
    assert_true(isnan(r.lo) && isnan(r.hi));
    CONTAINS(r.note, "Dobson's interval needs at least one");
    lk_std_opts o = LK_STD_OPTS_INIT;
    o.interval = LK_STD_FAY_FEUER;
    assert_int_equal(lk_std_direct(s, none, 3, den2, 3, &o, &r), LK_OK);
    assert_int_equal(r.has_ci, 1);
    NEAR(r.lo, 0, 1e-15);
    NEAR(r.hi, 0.0005 * -log(0.025), 1e-10);
    lk_std_standard_free(s);
}

/* Reference (landet): 0-39 200/100000 (R = 0.002), 40-64 900/100000 (0.009), 65+ 3000/50000
 * (0.06); crude 4100/250000 = 0.0164. */
static const lk_std_band ref_num[] = { { "0-39 år", NULL, 200 }, { "40-64 år", NULL, 900 }, { "65+", NULL, 3000 } };
static const lk_std_band ref_den[] = { { "0-39 år", NULL, 100000 }, { "40-64 år", NULL, 100000 }, { "65+", NULL, 50000 } };

static void test_indirect(void **state)
{
    (void)state;
    /* The area: 1000, 1000, 500 persons, 2 + 8 + 30 = 40 cases.
     * E = 1000·0.002 + 1000·0.009 + 500·0.06 = 2 + 9 + 30 = 41; SMR = 40/41 = 0.9756098;
     * exact limits 28.5765864/41 = 0.6969899, 54.4686470/41 = 1.3285036; the value is
     * SMR × 0.0164 = 40/41 · 4100/250000 = 0.016 (limits 0.0114306, 0.0217875); index 97.56098. */
    lk_std_band num[] = { { "0-39 år", NULL, 2 }, { "40-64 år", NULL, 8 }, { "65+", NULL, 30 } };
    lk_std_band den[] = { { "0-39 år", NULL, 1000 }, { "40-64 år", NULL, 1000 }, { "65+", NULL, 500 } };
    lk_std_result r;
    assert_int_equal(lk_std_indirect(ref_num, 3, ref_den, 3, num, 3, den, 3, NULL, &r), LK_OK);
    NEAR(r.expected, 41, 1e-9);
    NEAR(r.observed, 40, 1e-12);
    NEAR(r.smr, 40.0 / 41, 1e-12);
    NEAR(r.smr_lo, 0.6969899132, 1e-8);
    NEAR(r.smr_hi, 1.3285035845, 1e-8);
    NEAR(r.index, 4000.0 / 41, 1e-9);
    NEAR(r.ref_crude, 0.0164, 1e-12);
    NEAR(r.value, 0.016, 1e-12);
    NEAR(r.lo, 0.0114306346, 1e-9);
    NEAR(r.hi, 0.0217874588, 1e-9);
    NEAR(r.crude, 40.0 / 2500, 1e-12);
    assert_string_equal(r.method, "indirect");
    assert_string_equal(r.interval_method, "exact Poisson");
    assert_string_equal(r.bands, "0-39, 40-64, 65+");
    /* Byar: 40(1 − 1/360 − z/(3√40))³ = 28.5732999, 41(1 − 1/369 + z/(3√41))³ = 54.4700993,
     * over E = 41: 0.6969098, 1.3285390 */
    lk_std_opts o = LK_STD_OPTS_INIT;
    o.limits = LK_STD_BYAR;
    assert_int_equal(lk_std_indirect(ref_num, 3, ref_den, 3, num, 3, den, 3, &o, &r), LK_OK);
    NEAR(r.smr_lo, 0.6969097528, 1e-8);
    NEAR(r.smr_hi, 1.3285390078, 1e-8);
    assert_string_equal(r.interval_method, "Byar");
    /* landet against itself: SMR 1, index 100, value its crude rate */
    assert_int_equal(lk_std_indirect(ref_num, 3, ref_den, 3, ref_num, 3, ref_den, 3, NULL, &r), LK_OK);
    NEAR(r.smr, 1, 1e-12);
    NEAR(r.index, 100, 1e-9);
    NEAR(r.value, 0.0164, 1e-12);
    /* the area's numerator as one band across two strata is fine for O only if it nests: 0-64 does not */
    lk_std_band coarse[] = { { "0-64 år", NULL, 10 }, { "65+", NULL, 30 } };
    assert_int_equal(lk_std_indirect(ref_num, 3, ref_den, 3, coarse, 2, den, 3, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "numerator: band '0-64 år' does not nest in the standard's bands (expected bands that nest in "
                       "the standard's: 0-39, 40-64, 65+)");
    /* no expected case */
    lk_std_band rz[] = { { "0-39 år", NULL, 0 }, { "40-64 år", NULL, 0 }, { "65+", NULL, 0 } };
    assert_int_equal(lk_std_indirect(rz, 3, ref_den, 3, num, 3, den, 3, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "the expected count is 0");
}

static void test_sex_strata(void **state)
{
    (void)state;
    /* a standard by sex: 1000 in each of 0-49 and 50+ for men and for women (weights 0.25) */
    lk_std_band p[] = { { "0-49", "Menn", 1000 }, { "50+", "Menn", 1000 }, { "0-49", "Kvinner", 1000 },
                        { "50+", "Kvinner", 1000 } };
    lk_std_standard *s;
    assert_int_equal(lk_std_standard_from_bands(&s, "kjønn", p, 4), LK_OK);
    /* rates: men 5/500, 20/500; women 3/500, 10/500 → 0.25·(0.01 + 0.04 + 0.006 + 0.02) = 0.019 */
    lk_std_band num[] = { { "0-49 år", "Menn", 5 }, { "50 år eller eldre", "Menn", 20 }, { "0-49 år", "Kvinner", 3 },
                          { "50 år eller eldre", "Kvinner", 10 } };
    lk_std_band den[] = { { "0-49 år", "1", 500 }, { "50 år eller eldre", "1", 500 }, { "0-49 år", "2", 500 },
                          { "50 år eller eldre", "2", 500 } };
    lk_std_result r;
    assert_int_equal(lk_std_direct(s, num, 4, den, 4, NULL, &r), LK_OK);
    NEAR(r.value, 0.019, 1e-12);
    assert_int_equal(r.by_sex, 1);
    assert_int_equal(r.n_strata, 4);
    assert_string_equal(r.bands, "0-49 menn, 50+ menn, 0-49 kvinner, 50+ kvinner");
    /* data without sex: the standard's sexes are summed (2000, 2000: weights 0.5);
     * 0.5·8/1000 + 0.5·30/1000 = 0.019 */
    lk_std_band n2[] = { { "0-49 år", "Begge kjønn", 8 }, { "50+", NULL, 30 } };
    lk_std_band d2[] = { { "0-49 år", "", 1000 }, { "50+", "I alt", 1000 } };
    assert_int_equal(lk_std_direct(s, n2, 2, d2, 2, NULL, &r), LK_OK);
    NEAR(r.value, 0.019, 1e-12);
    assert_int_equal(r.by_sex, 0);
    assert_string_equal(r.bands, "0-49, 50+");
    lk_std_standard_free(s);
    /* a standard for one sex cannot weigh data of both */
    assert_int_equal(lk_std_standard_from_bands(&s, "kvinner", p + 2, 2), LK_OK);
    assert_int_equal(lk_std_direct(s, n2, 2, d2, 2, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "the standard kvinner is for women only and the data has no sex");
    lk_std_standard_free(s);
    /* data by sex on a both-sexes standard (three_bands): each sex gets half a band's weight,
     * 0.125, 0.25, 0.125 per sex. Men 1/100, 2/200, 3/100; women 0/100, 2/200, 6/100:
     * 0.125·0.01 + 0.25·0.01 + 0.125·0.03 + 0 + 0.25·0.01 + 0.125·0.06 = 0.0175 */
    s = three_bands();
    lk_std_band n3[] = { { "0-19", "M", 1 }, { "20-64", "M", 2 }, { "65+", "M", 3 },
                         { "0-19", "K", 0 }, { "20-64", "K", 2 }, { "65+", "K", 6 } };
    lk_std_band d3[] = { { "0-19", "M", 100 }, { "20-64", "M", 200 }, { "65+", "M", 100 },
                         { "0-19", "K", 100 }, { "20-64", "K", 200 }, { "65+", "K", 100 } };
    assert_int_equal(lk_std_direct(s, n3, 6, d3, 6, NULL, &r), LK_OK);
    NEAR(r.value, 0.0175, 1e-12);
    assert_int_equal(r.n_strata, 6);
    /* one side by sex, the other not; a mix within a side; an unknown sex */
    assert_int_equal(lk_std_direct(s, n3, 6, area_den, 3, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "the numerator has bands by sex and the denominator has not");
    lk_std_band mix[] = { { "0-19", "M", 1 }, { "20-64", NULL, 2 } };
    assert_int_equal(lk_std_direct(s, mix, 2, d3, 6, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "some bands have a sex and some have not");
    lk_std_band odd[] = { { "0-19", "Ukjent", 1 } };
    assert_int_equal(lk_std_direct(s, odd, 1, d3, 6, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "sex 'Ukjent' (expected menn or kvinner");
    lk_std_standard_free(s);
    /* indirect by sex: reference rates men 0.01, 0.05; women 0.005, 0.03 (per 0-49, 50+);
     * the area 1000 each: E = 10 + 50 + 5 + 30 = 95, O = 12 + 40 + 8 + 25 = 85, SMR = 85/95 */
    lk_std_band rn[] = { { "0-49", "M", 100 }, { "50+", "M", 500 }, { "0-49", "K", 50 }, { "50+", "K", 300 } };
    lk_std_band rd[] = { { "0-49", "M", 10000 }, { "50+", "M", 10000 }, { "0-49", "K", 10000 }, { "50+", "K", 10000 } };
    lk_std_band an[] = { { "0-49", "M", 12 }, { "50+", "M", 40 }, { "0-49", "K", 8 }, { "50+", "K", 25 } };
    lk_std_band ad[] = { { "0-49", "M", 1000 }, { "50+", "M", 1000 }, { "0-49", "K", 1000 }, { "50+", "K", 1000 } };
    assert_int_equal(lk_std_indirect(rn, 4, rd, 4, an, 4, ad, 4, NULL, &r), LK_OK);
    NEAR(r.expected, 95, 1e-9);
    NEAR(r.smr, 85.0 / 95, 1e-12);
    /* reference crude 950/40000 = 0.02375; value 85/95 · 0.02375 = 0.02125 */
    NEAR(r.value, 0.02125, 1e-12);
    assert_int_equal(r.by_sex, 1);
}

static char *write_file(const char *text)
{
    char *path = malloc(64);
    assert_non_null(path);
    snprintf(path, 64, "/tmp/lk_std_%ld_XXXXXX", (long)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_standard_file(void **state)
{
    (void)state;
    /* a `;` file with decimal commas: 0-49 1000,5 and 50+ 999,5, weights 0.50025, 0.49975;
     * the area 8/1000, 30/1000: 0.50025·0.008 + 0.49975·0.03 = 0.004002 + 0.0149925 = 0.0189945 */
    char *path = write_file("Age;Population\n0-49;1000,5\n50+;999,5\n");
    lk_std_standard *s;
    assert_int_equal(lk_std_standard_load(&s, path), LK_OK);
    assert_string_equal(lk_std_standard_name(s), path);
    assert_int_equal(lk_std_standard_count(s), 2);
    lk_std_band n2[] = { { "0-49 år", NULL, 8 }, { "50+", NULL, 30 } };
    lk_std_band d2[] = { { "0-49 år", NULL, 1000 }, { "50+", NULL, 1000 } };
    lk_std_result r;
    assert_int_equal(lk_std_direct(s, n2, 2, d2, 2, NULL, &r), LK_OK);
    NEAR(r.value, 0.0189945, 1e-12);
    lk_std_standard_free(s);
    remove(path);
    free(path);

    char msg[256];
    struct { const char *text, *want; } bad[] = {
        { "age,population\n0-49,1000\nukjent,5\n", ":3: age 'ukjent' (expected an age band such as 0-4, 85-89 or 90+)" },
        { "age,population\n0-49,1000\n40-59,5\n", ":3: band 40-59 overlaps 0-49 on line 2 (expected bands that do not overlap" },
        { "age,population\n0-49,mange\n", ":2: population 'mange' (expected a number >= 0)" },
        { "alder,antall\n0-49,1000\n", ":1: header without age and population (expected the header age,population)" },
        { "age,population\n", ":1: no bands (expected lines age,population after the header)" },
        { "age,population,sex\n0-49,1000,menn\n0-49,1000,\n", ":3: band 0-49 has no sex, but others have" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        path = write_file(bad[i].text);
        assert_int_equal(lk_std_standard_load(&s, path), LK_EDATA);
        snprintf(msg, sizeof msg, "%s%s", path, bad[i].want);
        CONTAINS(lk_std_standard_errmsg(s), msg);
        lk_std_standard_free(s);
        remove(path);
        free(path);
    }
    assert_int_equal(lk_std_standard_load(&s, "/nonexistent/standard.csv"), LK_EIO);
    CONTAINS(lk_std_standard_errmsg(s), "/nonexistent/standard.csv: cannot read");
    lk_std_standard_free(s);
    /* from the data: bands that overlap are refused */
    lk_std_band p[] = { { "15-74 år", NULL, 1000 }, { "15-19 år", NULL, 100 } };
    assert_int_equal(lk_std_standard_from_bands(&s, "landet 2024", p, 2), LK_EDATA);
    CONTAINS(lk_std_standard_errmsg(s), "band 15-19 (number 2) overlaps 15-74 (number 1)");
    lk_std_standard_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_dobson),
        cmocka_unit_test(test_esp2013),
        cmocka_unit_test(test_bands_summed),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_empty_band_and_no_case),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_sex_strata),
        cmocka_unit_test(test_standard_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
