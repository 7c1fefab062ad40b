/* Intervals, tests and trends against values computed by hand or published in textbooks
 * (Wilson 5/10 = 0.2366–0.7634; Clopper–Pearson 0/10 upper = 1 − 0.025^(1/10); Garwood x = 0
 * upper = −ln 0.025; Poisson 10: 4.795–18.39), and a least-squares line done on paper. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(lk_ci_wilson(5, 10, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.2366, 1e-4);
    NEAR(hi, 0.7634, 1e-4);
    /* 30/1000 by the formula (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²)), z = 1.959964 */
    assert_int_equal(lk_ci_wilson(30, 1000, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.0210937388, 1e-9);
    NEAR(hi, 0.0425034141, 1e-9);
    assert_int_equal(lk_ci_wilson(0, 20, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.0, 1e-12);
    NEAR(hi, 0.1611251581, 1e-9);
    assert_int_equal(lk_ci_wilson(11, 10, 0.95, &lo, &hi), LK_EINVAL);
    assert_int_equal(lk_ci_wilson(1, 0, 0.95, &lo, &hi), LK_EINVAL);
    assert_int_equal(lk_ci_wilson(1, 10, 1.5, &lo, &hi), LK_EINVAL);
}

static void test_exact(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(lk_ci_exact_binomial(0, 10, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.0, 1e-12);
    NEAR(hi, 0.3084971078, 1e-8);
    assert_int_equal(lk_ci_exact_binomial(10, 10, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.6915028922, 1e-8);
    NEAR(hi, 1.0, 1e-12);
    assert_int_equal(lk_ci_exact_binomial(5, 10, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.1871, 1e-4);
    NEAR(hi, 0.8129, 1e-4);
    assert_int_equal(lk_ci_poisson_exact(0, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 0.0, 1e-12);
    NEAR(hi, 3.6888794541, 1e-8);
    assert_int_equal(lk_ci_poisson_exact(10, 0.95, &lo, &hi), LK_OK);
    NEAR(lo, 4.795, 1e-3);
    NEAR(hi, 18.390, 1e-3);
    assert_int_equal(lk_ci_poisson_exact(-1, 0.95, &lo, &hi), LK_EINVAL);
}

static void test_two_proportions(void **state)
{
    (void)state;
    /* 30/1000 against 100/5000: pooled 130/6000, se = √(p(1−p)(1/1000 + 1/5000)) */
    double z, p;
    assert_int_equal(lk_test_two_proportions(30, 1000, 100, 5000, &z, &p), LK_OK);
    NEAR(z, 1.9827588663, 1e-8);
    NEAR(p, 0.0473943707, 1e-8);
    assert_int_equal(lk_test_two_proportions(0, 10, 0, 10, &z, &p), LK_ENOTFOUND);
    assert_int_equal(lk_test_two_proportions(3, 2, 0, 10, &z, &p), LK_EINVAL);
    /* rates: 10 per 1000 against 40 per 8000; given 50 events, P(first) = 1000/9000 */
    assert_int_equal(lk_test_two_rates(10, 1000, 40, 8000, &p), LK_OK);
    NEAR(p, 0.0920954389, 1e-8);
}

static void test_trend(void **state)
{
    (void)state;
    /* y = 1, 2, 3, 5 over 2011..2014, equal weights: slope = Σ(t−t̄)(y−ȳ)/Σ(t−t̄)² = 6.5/5 = 1.3;
     * residual SS 0.30 → dispersion 0.15 < 1, so var(b) = 1/5; t(0.975; 2) = 4.302653 */
    double t[] = { 2011, 2012, 2013, 2014 }, y[] = { 1, 2, 3, 5 }, w[] = { 1, 1, 1, 1 };
    lk_trend tr;
    assert_int_equal(lk_trend_wls(t, y, w, NULL, 4, 0.95, &tr), LK_OK);
    NEAR(tr.slope, 1.3, 1e-9);
    NEAR(tr.dispersion, 0.15, 1e-9);
    NEAR(tr.slope_lo, 1.3 - 4.302653 * sqrt(0.2), 1e-5);
    NEAR(tr.slope_hi, 1.3 + 4.302653 * sqrt(0.2), 1e-5);
    assert_true(isnan(tr.apc));
    /* doubling every year: APC = 100 % */
    double y2[] = { 1, 2, 4, 8 };
    assert_int_equal(lk_trend_wls(t, y2, w, w, 4, 0.95, &tr), LK_OK);
    NEAR(tr.apc, 100.0, 1e-9);
    assert_int_equal(lk_trend_wls(t, y, w, NULL, 2, 0.95, &tr), LK_EINVAL);
    double same[] = { 2011, 2011, 2011 };
    assert_int_equal(lk_trend_wls(same, y, w, NULL, 3, 0.95, &tr), LK_EINVAL);
    double zero_w[] = { 1, 0, 1 };
    assert_int_equal(lk_trend_wls(t, y, zero_w, NULL, 3, 0.95, &tr), LK_EINVAL);
    /* values near the largest double: their squares overflow in the fit, so there is no trend
     * to give (before: LK_OK with an infinite interval, written as "inf") */
    double huge[] = { 1e300, -1e300, 1e300, -1e300 };
    assert_int_equal(lk_trend_wls(t, huge, w, NULL, 4, 0.95, &tr), LK_ELIMIT);
    /* an annual change beyond the largest double is not computable: NaN, not inf */
    double tenths[] = { 0, 0.1, 0.2, 0.3 }, steep[] = { 1e-300, 1e-200, 1e-100, 1 }; /* ln y: 2303 a unit */
    assert_int_equal(lk_trend_wls(tenths, steep, w, w, 4, 0.95, &tr), LK_OK);
    assert_true(isnan(tr.apc));
}

static void test_trend_counts(void **state)
{
    (void)state;
    /* 10, 20, 30, 50 of 1000 in 2011..2014: y = 1, 2, 3, 5 %, pooled p = 110/4000 = 0.0275,
     * var(y) = 100² · 0.0275 · 0.9725 / 1000 = 0.26743750 for every year, so the fit is the
     * unweighted one: b = 1.3, ȳ = 2.75; χ² = 0.30 / 0.2674375 = 1.1218, dispersion 0.5609 < 1;
     * var(b) = 0.2674375 / 5, se = 0.2312737; t(0.975; 2) = 4.3026527:
     * b ± 0.9950902 = [0.3049098, 2.2950902]; APC = 100 · 1.3 / 2.75 = 47.2727 %,
     * its interval 100 · [0.3049098, 2.2950902] / 2.75 = [11.08763, 83.45783]. */
    double t[] = { 2011, 2012, 2013, 2014 }, x[] = { 10, 20, 30, 50 }, n[] = { 1000, 1000, 1000, 1000 };
    lk_trend tr;
    const char *dir = NULL;
    assert_int_equal(lk_trend_counts(t, x, n, 4, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir), LK_OK);
    NEAR(tr.slope, 1.3, 1e-9);
    NEAR(tr.dispersion, 0.5608787, 1e-6);
    NEAR(tr.slope_lo, 0.3049098, 1e-6);
    NEAR(tr.slope_hi, 2.2950902, 1e-6);
    NEAR(tr.apc, 47.272727, 1e-5);
    NEAR(tr.apc_lo, 11.087629, 1e-5);
    NEAR(tr.apc_hi, 83.457825, 1e-5);
    assert_string_equal(dir, "increasing");
}

static void test_trend_counts_zero(void **state)
{
    (void)state;
    /* A year with a count of 0 weighs by its denominator (pooled p = 35/4200): weights ∝ n =
     * 1000, 1200, 900, 1100; y = 0, 0.5, 1, 1.818 %; weighted fit b = 0.6, ȳ_w = 0.8333,
     * APC = 72 %, dispersion 0.1797; interval [0.0601801, 1.1398199] (computed by hand from the
     * weighted normal equations). */
    double t[] = { 2011, 2012, 2013, 2014 }, x[] = { 0, 6, 9, 20 }, n[] = { 1000, 1200, 900, 1100 };
    lk_trend tr;
    const char *dir = NULL;
    assert_int_equal(lk_trend_counts(t, x, n, 4, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir), LK_OK);
    NEAR(tr.slope, 0.6, 1e-9);
    NEAR(tr.apc, 72.0, 1e-7);
    NEAR(tr.slope_lo, 0.0601801, 1e-6);
    assert_string_equal(dir, "increasing");
    /* every count 0: no variation, no trend, and a direction that says so */
    double zero[] = { 0, 0, 0, 0 };
    assert_int_equal(lk_trend_counts(t, zero, n, 4, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir), LK_ENOTFOUND);
    assert_string_equal(dir, "no-variation");
    assert_int_equal(lk_trend_counts(t, x, n, 2, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir), LK_ENOTFOUND);
    assert_string_equal(dir, "too-few-periods");
    double over[] = { 0, 6, 9, 2000 };
    assert_int_equal(lk_trend_counts(t, over, n, 4, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir), LK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_two_proportions),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_trend_counts),
        cmocka_unit_test(test_trend_counts_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
