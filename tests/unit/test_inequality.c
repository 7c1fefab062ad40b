/* Inequality between districts (issue 16, apis-and-profiles.md §5.2) against values worked out
 * by hand in the comments: logarithms and square roots to 6-7 places, t(0.975; 1 df) =
 * 12.7062047, t(0.95; 1 df) = 6.3137515
 * and z(0.975) = 1.9599640 from tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) < (tol))) fail_msg("%s = %.10g, expected %.10g", #a, a_, b_); } while (0)
#define CONTAINS(s, sub) do { if (!strstr((s), (sub))) fail_msg("'%s' lacks '%s'", (s), (sub)); } while (0)

/* A: four districts of 1000 with 10, 20, 30, 40 events: rates 0.01 … 0.04, r̄ = 100/4000 = 0.025. */
static const double a_x[] = { 10, 20, 30, 40 }, a_n[] = { 1000, 1000, 1000, 1000 };

static lk_ineq_input input(size_t n, const double *x, const double *p)
{
    lk_ineq_input in = LK_INEQ_INPUT_INIT;
    in.n = n;
    in.numerator = x;
    in.denominator = p;
    return in;
}

static void test_four_districts(void **state)
{
    (void)state;
    lk_ineq_input in = input(4, a_x, a_n);
    lk_ineq_result r;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_int_equal(r.n, 4);
    NEAR(r.total_rate, 0.025, 1e-15);
    NEAR(r.population, 4000, 1e-9);
    /* ratio 0.04/0.01 = 4, difference 0.03 */
    assert_true(r.ratio.defined);
    NEAR(r.ratio.value, 4.0, 1e-12);
    NEAR(r.difference.value, 0.03, 1e-15);
    assert_int_equal(r.i_min, 0);
    assert_int_equal(r.i_max, 3);
    /* fifths of N = 4000: the lowest 800 persons are all in district 1 (0.01), the highest 800 in
     * district 4 (0.04): ratio 4, difference 0.03 */
    NEAR(r.fifth_low, 0.01, 1e-15);
    NEAR(r.fifth_high, 0.04, 1e-15);
    NEAR(r.fifth_ratio.value, 4.0, 1e-12);
    NEAR(r.fifth_difference.value, 0.03, 1e-15);
    /* rᵢ/r̄ = 0.4, 0.8, 1.2, 1.6, wᵢ = 1/4:
     * T = ¼(0.4·ln 0.4 + 0.8·ln 0.8 + 1.2·ln 1.2 + 1.6·ln 1.6)
     *   = ¼(−0.3665163 − 0.1785148 + 0.2187859 + 0.7520058) = ¼·0.4257606 = 0.1064401 */
    NEAR(r.theil_t.value, 0.1064401, 1e-7);
    /* MLD = −¼ ln(0.4·0.8·1.2·1.6) = −¼ ln 0.6144 = ¼·0.4871091 = 0.1217773 */
    NEAR(r.mld.value, 0.1217773, 1e-7);
    /* Gini: |rᵢ − rⱼ| over the 6 pairs = 0.01·(1+2+3+1+2+1) = 0.10, twice for ordered pairs
     * = 0.20, × wᵢwⱼ = 1/16 → 0.0125, / (2 · 0.025) = 0.25 */
    NEAR(r.gini.value, 0.25, 1e-12);
    /* SII ranked by rate: ridits 0.125, 0.375, 0.625, 0.875 on a straight line of slope
     * 0.01/0.25 = 0.04; Y₀ = 0.01 − 0.04·0.125 = 0.005; RII = (0.005 + 0.04)/0.005 = 9 */
    assert_string_equal(r.sii_order, "rate");
    assert_int_equal(r.sii_groups, 4);
    NEAR(r.sii.value, 0.04, 1e-12);
    NEAR(r.sii_intercept, 0.005, 1e-12);
    NEAR(r.rii.value, 9.0, 1e-9);
    /* The points lie on the line: residuals 0, so the regression's SE is 0 and the interval
     * collapses onto 0.04 (which is why LK_INEQ_CI_SAMPLING exists). */
    assert_true(r.sii.has_ci);
    NEAR(r.sii.se, 0.0, 1e-9);
    NEAR(r.sii.lo, 0.04, 1e-8);
    NEAR(r.sii.hi, 0.04, 1e-8);
    assert_string_equal(r.sii_ci_method, "regression standard error (t, k-2 df)");
    assert_string_equal(r.note, "");
}

static void test_sampling_interval(void **state)
{
    (void)state;
    lk_ineq_input in = input(4, a_x, a_n);
    lk_ineq_opts o = LK_INEQ_OPTS_INIT;
    lk_ineq_result r;
    o.sii_ci = LK_INEQ_CI_SAMPLING;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_OK);
    /* t − t̄ = −0.375, −0.125, 0.125, 0.375; Σw(t − t̄)² = ¼(2·0.140625 + 2·0.015625) = 0.078125;
     * cᵢ = ¼(t − t̄)/0.078125 = −1.2, −0.4, 0.4, 1.2; var rᵢ = xᵢ/nᵢ² = (10, 20, 30, 40)·1e-6;
     * var SII = (1.44·10 + 0.16·20 + 0.16·30 + 1.44·40)·1e-6 = 80e-6, SE = 0.0089443;
     * SII ± 1.959964·0.0089443 = 0.0224695, 0.0575305 */
    NEAR(r.sii.se, 0.0089443, 1e-7);
    NEAR(r.sii.lo, 0.0224695, 1e-7);
    NEAR(r.sii.hi, 0.0575305, 1e-7);
    assert_string_equal(r.sii_ci_method, "sampling (Poisson) variance (normal)");
    /* RII's limits: 1 + SII/(r̄ − SII/2); lower 1 + 0.0224695/(0.025 − 0.0112348) = 2.6323;
     * at the upper limit Y₀ = 0.025 − 0.0287652 < 0: no interval, said why */
    assert_true(r.rii.defined);
    assert_false(r.rii.has_ci);
    CONTAINS(r.rii.why, "RII's interval is undefined");
}

static void test_regression_interval(void **state)
{
    (void)state;
    /* B: three districts of 100 with 1, 2, 6 events: rates 0.01, 0.02, 0.06; ridits 1/6, 1/2, 5/6.
     * Equal weights: t − t̄ = −1/3, 0, 1/3, Σ(t − t̄)² = 2/9, Σ(t − t̄)y = (0.06 − 0.01)/3;
     * slope = 0.05/3 / (2/9) = 0.075; ȳ = 0.03, Y₀ = 0.03 − 0.075/2 = −0.0075.
     * Fitted 0.005, 0.03, 0.055, residuals 0.005, −0.01, 0.005: SSE = 1.5e-4 over 1 df;
     * SE² = 1.5e-4 / (2/9) = 6.75e-4, SE = 0.0259808; ± 12.7062047·SE = 0.3301169:
     * −0.2551169, 0.4051169 */
    const double x[] = { 1, 2, 6 }, n[] = { 100, 100, 100 };
    lk_ineq_input in = input(3, x, n);
    lk_ineq_result r;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    NEAR(r.sii.value, 0.075, 1e-12);
    NEAR(r.sii_intercept, -0.0075, 1e-12);
    NEAR(r.sii.se, 0.0259808, 1e-7);
    NEAR(r.sii.lo, -0.2551169, 1e-6);
    NEAR(r.sii.hi, 0.4051169, 1e-6);
    /* Y₀ < 0: RII refused with the reason */
    assert_false(r.rii.defined);
    assert_true(isnan(r.rii.value));
    CONTAINS(r.rii.why, "RII is undefined: the fitted rate at the start of the order is -0.0075 (expected Y0 > 0)");

    /* 90 %: t(0.95; 1 df) = 6.3137515, ± 6.3137515·0.0259808 = 0.1640361: −0.0890361, 0.2390361 */
    lk_ineq_opts o = LK_INEQ_OPTS_INIT;
    o.level = 0.90;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_OK);
    NEAR(r.sii.lo, -0.0890361, 1e-6);
    NEAR(r.sii.hi, 0.2390361, 1e-6);
}

static void test_textbook_vector(void **state)
{
    (void)state;
    /* §5.2's test vector, equal weights, x = 10, 10, 10, 20, 50 (as rates over 100 each):
     * T = 0.250201, L = 0.232630 (REAT's theil() documents 0.2326302), Gini = 0.36 */
    const double x[] = { 10, 10, 10, 20, 50 }, n[] = { 100, 100, 100, 100, 100 };
    lk_ineq_input in = input(5, x, n);
    lk_ineq_result r;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    NEAR(r.theil_t.value, 0.250201, 1e-6);
    NEAR(r.mld.value, 0.2326302, 1e-7);
    NEAR(r.gini.value, 0.36, 1e-12);
    NEAR(r.ratio.value, 5.0, 1e-12);
}

static void test_equal_rates(void **state)
{
    (void)state;
    /* Equal rates 0.02 over unequal populations: every measure of inequality is 0 (ratio 1),
     * and ranked by rate all districts are one group, so SII is 0 and RII 1 without an interval. */
    const double x[] = { 2, 10, 4 }, n[] = { 100, 500, 200 };
    lk_ineq_input in = input(3, x, n);
    lk_ineq_result r;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    NEAR(r.total_rate, 0.02, 1e-15);
    NEAR(r.theil_t.value, 0.0, 1e-15);
    NEAR(r.mld.value, 0.0, 1e-15);
    NEAR(r.gini.value, 0.0, 1e-15);
    NEAR(r.ratio.value, 1.0, 1e-15);
    NEAR(r.difference.value, 0.0, 1e-15);
    assert_true(r.sii.defined);
    NEAR(r.sii.value, 0.0, 1e-15);
    NEAR(r.rii.value, 1.0, 1e-15);
    assert_false(r.sii.has_ci);
    CONTAINS(r.sii.why, "every district has the same rate");
    assert_int_equal(r.sii_groups, 1);
}

static void test_ties_and_weights(void **state)
{
    (void)state;
    /* C: populations 100, 300, 100 with 1, 3, 3 events: rates 0.01, 0.01, 0.03; r̄ = 7/500 = 0.014;
     * wᵢ = 0.2, 0.6, 0.2; eventsᵢ share sᵢ = 1/7, 3/7, 3/7.
     * T = Σ sᵢ ln(sᵢ/wᵢ) = (4/7) ln(5/7) + (3/7) ln(15/7) = −0.1922697 + 0.3266313 = 0.1343616
     * MLD = 0.8 ln(0.014/0.01) + 0.2 ln(0.014/0.03) = 0.2691780 − 0.1524280 = 0.1167498
     * Gini: pairs (1,3) 0.2·0.2·0.02 = 0.0008, (2,3) 0.6·0.2·0.02 = 0.0024; 2·0.0032/(2·0.014) = 0.2285714
     * SII: the tied districts 1 and 2 are one group (share 0.8, ridit 0.4, rate 0.01), district 3
     * (share 0.2, ridit 0.9, rate 0.03): slope 0.02/0.5 = 0.04, Y₀ = 0.01 − 0.04·0.4 = −0.006. */
    const double x[] = { 1, 3, 3 }, n[] = { 100, 300, 100 };
    lk_ineq_input in = input(3, x, n);
    lk_ineq_opts o = LK_INEQ_OPTS_INIT;
    lk_ineq_result r, swapped;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    NEAR(r.theil_t.value, 0.1343616, 1e-7);
    NEAR(r.mld.value, 0.1167498, 1e-7);
    NEAR(r.gini.value, 0.2285714, 1e-7);
    assert_int_equal(r.sii_groups, 2);
    NEAR(r.sii.value, 0.04, 1e-12);
    NEAR(r.sii_intercept, -0.006, 1e-12);
    /* two groups: no residual degree of freedom for the regression's SE */
    assert_false(r.sii.has_ci);
    CONTAINS(r.sii.why, "needs at least 3 groups (got 2)");
    assert_false(r.rii.defined);

    /* The tied districts in the other order give the same line. */
    const double x2[] = { 3, 1, 3 }, n2[] = { 300, 100, 100 };
    lk_ineq_input in2 = input(3, x2, n2);
    assert_int_equal(lk_ineq_compute(&in2, NULL, &swapped), LK_OK);
    NEAR(swapped.sii.value, 0.04, 1e-12);

    /* Sampling SE with two groups: Σw(t − t̄)² = 0.8·0.01 + 0.2·0.16 = 0.04; c = 0.8·(−0.1)/0.04 = −2,
     * 0.2·0.4/0.04 = 2; var = 4·4/400² + 4·3/100² = 1e-4 + 1.2e-3 = 1.3e-3, SE = 0.0360555 */
    o.sii_ci = LK_INEQ_CI_SAMPLING;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_OK);
    assert_true(r.sii.has_ci);
    NEAR(r.sii.se, 0.0360555, 1e-7);
}

static void test_deprivation_order(void **state)
{
    (void)state;
    /* A with deprivation scores 1, 2, 3, 4: district 4 (rate 0.04) is the most deprived and comes
     * first, so the rates along the order are 0.04, 0.03, 0.02, 0.01: SII = −0.04,
     * Y₀ = 0.04 + 0.04·0.125 = 0.045, RII = (0.045 − 0.04)/0.045 = 0.1111111 */
    const double dep[] = { 1, 2, 3, 4 };
    lk_ineq_input in = input(4, a_x, a_n);
    lk_ineq_result r;
    in.deprivation = dep;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_string_equal(r.sii_order, "deprivation");
    NEAR(r.sii.value, -0.04, 1e-12);
    NEAR(r.sii_intercept, 0.045, 1e-12);
    NEAR(r.rii.value, 0.1111111, 1e-7);
    /* Theil, Gini … do not depend on the order */
    NEAR(r.gini.value, 0.25, 1e-12);

    /* The scores follow the input's indices also when a district is left out: without district 1
     * (its count NaN, never read) the order is 4, 3, 2 with shares ⅓ each, ridits 1/6, 1/2, 5/6,
     * rates 0.04, 0.03, 0.02 on a line of slope −0.01/(1/3) = −0.03 */
    const int has[] = { 0, 1, 1, 1 };
    const double x[] = { NAN, 20, 30, 40 };
    lk_ineq_opts o = LK_INEQ_OPTS_INIT;
    o.omit_missing = 1;
    in.numerator = x;
    in.has_value = has;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_OK);
    NEAR(r.sii.value, -0.03, 1e-12);
    assert_string_equal(r.note, "left out: district 1 (no reason given)");
    in.numerator = a_x;
    in.has_value = NULL;

    /* One score for all: no order, SII refused */
    const double same[] = { 5, 5, 5, 5 };
    in.deprivation = same;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_false(r.sii.defined);
    CONTAINS(r.sii.why, "every district has the same deprivation score");
    assert_true(r.theil_t.defined);
}

static void test_zero_rate(void **state)
{
    (void)state;
    /* Rates 0, 0.02, 0.04 over 100 each, r̄ = 0.02: MLD and the ratio are undefined (ln of ∞,
     * division by 0), the rest are given. T = ⅓(0 + 1·ln 1 + 2·ln 2) = ⅓·1.3862944 = 0.4620981;
     * Gini = 2·(1/9)(0.02 + 0.04 + 0.02)/(2·0.02) = 0.4444444 */
    const double x[] = { 0, 2, 4 }, n[] = { 100, 100, 100 };
    const char *names[] = { "Fjell", "Åssiden", "Gulskogen" };
    lk_ineq_input in = input(3, x, n);
    lk_ineq_result r;
    in.names = names;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_false(r.mld.defined);
    assert_true(isnan(r.mld.value));
    assert_string_equal(r.mld.why, "MLD is undefined: district 'Fjell' has rate 0 (expected every rate > 0)");
    assert_false(r.ratio.defined);
    assert_string_equal(r.ratio.why,
                        "the ratio max/min is undefined: district 'Fjell' has rate 0 (expected a lowest rate > 0)");
    NEAR(r.difference.value, 0.04, 1e-15);
    NEAR(r.theil_t.value, 0.4620981, 1e-7);
    NEAR(r.gini.value, 0.4444444, 1e-7);

    /* No event anywhere: Theil, MLD and Gini all divide by r̄ = 0 */
    const double none[] = { 0, 0, 0 };
    in.numerator = none;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_false(r.theil_t.defined);
    assert_false(r.gini.defined);
    assert_string_equal(r.gini.why, "the Gini coefficient is undefined: there is no event in any district "
                                    "(expected a total rate > 0)");
}

static void test_fifths(void **state)
{
    (void)state;
    /* Populations 100, 300, 600 (N = 1000, a fifth 200) with 1, 6, 18 events: rates 0.01, 0.02,
     * 0.03. The lowest fifth is district 1 and 100 of district 2: (1 + 100·0.02)/200 = 0.015;
     * the highest fifth is 200 of district 3: 0.03. Ratio 2, difference 0.015. */
    const double x[] = { 18, 1, 6 }, n[] = { 600, 100, 300 };
    lk_ineq_input in = input(3, x, n);
    lk_ineq_result r;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    NEAR(r.fifth_low, 0.015, 1e-15);
    NEAR(r.fifth_high, 0.03, 1e-15);
    NEAR(r.fifth_ratio.value, 2.0, 1e-12);
    NEAR(r.fifth_difference.value, 0.015, 1e-15);
    /* ratio of the extremes: 0.03/0.01 = 3 */
    NEAR(r.ratio.value, 3.0, 1e-12);

    /* The lowest fifth without events: populations 600, 200, 200 with 18, 0, 6 events, the fifth
     * (200) of the lowest rates is district 2 alone, rate 0: its ratio is refused; the highest
     * fifth is 200 of district 1, 0.03 */
    const double x0[] = { 18, 0, 6 }, n0[] = { 600, 200, 200 };
    in.numerator = x0;
    in.denominator = n0;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_OK);
    assert_false(r.fifth_ratio.defined);
    assert_string_equal(r.fifth_ratio.why, "the ratio of the fifths is undefined: the fifth of the population with "
                        "the lowest rates has rate 0 (district 'district 2' has rate 0; expected a rate > 0)");
    NEAR(r.fifth_difference.value, 0.03, 1e-15);
}

static void test_refusals(void **state)
{
    (void)state;
    lk_ineq_result r;
    /* one district */
    lk_ineq_input in = input(1, a_x, a_n);
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EDATA);
    assert_string_equal(r.errmsg, "inequality between districts needs at least 2 districts with values (got 1)");

    /* a missing value keeps its reason and is never a zero */
    const int has[] = { 1, 1, 0, 1 };
    const char *why[] = { "", "", "suppressed (< 3)", "" };
    const char *names[] = { "Fjell", "Åssiden", "Strømsø", "Gulskogen" };
    const double x[] = { 10, 20, NAN, 40 }; /* the missing one's count is not read at all */
    in = input(4, x, a_n);
    in.has_value = has;
    in.why = why;
    in.names = names;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EDATA);
    assert_string_equal(r.errmsg, "district 'Strømsø' has no value (suppressed (< 3)) (expected a value for every "
                                  "district, or leave it out with omit_missing)");

    /* left out on request: named with the reason; rates 0.01, 0.02, 0.04, r̄ = 70/3000 */
    lk_ineq_opts o = LK_INEQ_OPTS_INIT;
    o.omit_missing = 1;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.n_omitted, 1);
    assert_string_equal(r.note, "left out: Strømsø (suppressed (< 3))");
    NEAR(r.total_rate, 70.0 / 3000.0, 1e-15);
    assert_true(r.mld.defined); /* the 0 of the missing one was not read */
    NEAR(r.ratio.value, 4.0, 1e-12);

    /* too few left after leaving out */
    const int has1[] = { 0, 1, 0, 0 };
    in.has_value = has1;
    in.why = NULL;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_EDATA);
    CONTAINS(r.errmsg, "needs at least 2 districts with values (got 1; left out: Fjell (no reason given), Strømsø");

    /* bad counts */
    const double neg[] = { 10, -1 }, zero_pop[] = { 1000, 0 };
    in = input(2, neg, a_n);
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EDATA);
    assert_string_equal(r.errmsg, "district 'district 2': numerator -1 (expected a finite count >= 0)");
    in = input(2, a_x, zero_pop);
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EDATA);
    assert_string_equal(r.errmsg, "district 'district 2': population 0 (expected a finite population > 0)");
    const double dep[] = { 1, NAN };
    in = input(2, a_x, a_n);
    in.deprivation = dep;
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EDATA);
    CONTAINS(r.errmsg, "deprivation score");

    /* arguments */
    in = input(2, NULL, a_n);
    assert_int_equal(lk_ineq_compute(&in, NULL, &r), LK_EINVAL);
    in = input(2, a_x, a_n);
    o = (lk_ineq_opts)LK_INEQ_OPTS_INIT;
    o.level = 1.5;
    assert_int_equal(lk_ineq_compute(&in, &o, &r), LK_EINVAL);
    assert_string_equal(r.errmsg, "confidence level 1.5 (expected a number between 0 and 1)");
    assert_int_equal(lk_ineq_compute(&in, NULL, NULL), LK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_districts),
        cmocka_unit_test(test_sampling_interval),
        cmocka_unit_test(test_regression_interval),
        cmocka_unit_test(test_textbook_vector),
        cmocka_unit_test(test_equal_rates),
        cmocka_unit_test(test_ties_and_weights),
        cmocka_unit_test(test_deprivation_order),
        cmocka_unit_test(test_zero_rate),
        cmocka_unit_test(test_fifths),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
