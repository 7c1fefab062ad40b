/**
 * @file levekar/stats.h
 * @brief Intervals, tests and trends for register counts (GSL-style: plain numbers in, results
 *        through out-parameters, a status code back; arguments are checked before GSL is called,
 *        so GSL's error handler is never reached).
 *
 * Register counts are full counts, not samples: intervals and tests treat them as realisations
 * of an underlying risk (the random variation a small kommune's figure shows from year to year).
 *
 * @code
 * double lo, hi, z, p;
 * lk_ci_wilson(2100, 70000, 0.95, &lo, &hi);                       // 3.0 %: 0.02876 .. 0.03129
 * lk_test_two_proportions(2100, 70000, 82000, 3930000, &z, &p);     // Drammen against the rest
 * double t[] = { 2022, 2023, 2024 }, x[] = { 2000, 2001, 2002 }, n[] = { 70000, 70000, 70000 };
 * lk_trend tr;
 * const char *dir;
 * if (lk_trend_counts(t, x, n, 3, LK_TREND_BINOMIAL, 100, 0.95, &tr, &dir) == LK_OK)
 *     printf("%g pp/år (%s)\n", tr.slope, dir);
 * @endcode
 */
#ifndef LEVEKAR_STATS_H
#define LEVEKAR_STATS_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Wilson score interval for a proportion x/n.
 * @param level confidence level in (0, 1), e.g. 0.95.
 * @param[out] lo, hi bounds as proportions (0..1).
 * @return LK_OK; LK_EINVAL when n <= 0, x < 0, x > n or level outside (0, 1).
 */
LK_API int lk_ci_wilson(double x, double n, double level, double *lo, double *hi);

/** Clopper–Pearson ("exact") interval for x/n; lo = 0 when x = 0, hi = 1 when x = n. */
LK_API int lk_ci_exact_binomial(double x, double n, double level, double *lo, double *hi);

/**
 * @brief Exact (Garwood) interval for a Poisson count x: [χ²(α/2; 2x)/2, χ²(1−α/2; 2x+2)/2].
 * @param[out] lo, hi bounds for the count (divide by the denominator for a rate).
 */
LK_API int lk_ci_poisson_exact(double x, double level, double *lo, double *hi);

/**
 * @brief Two-sided test of proportion x1/n1 against x2/n2 (pooled two-proportion z test).
 *        Use it for an area against the rest of its reference (reference minus area), since the
 *        area is part of the reference.
 * @param[out] z the statistic (positive when x1/n1 is higher); @param[out] p two-sided p-value.
 * @return LK_OK; LK_EINVAL for n <= 0 or counts outside [0, n]; LK_ENOTFOUND when the pooled
 *         proportion is 0 or 1 (no variation: no test possible).
 */
LK_API int lk_test_two_proportions(double x1, double n1, double x2, double n2, double *z, double *p);

/**
 * @brief Two-sided exact test of two Poisson rates x1/n1 and x2/n2, conditional on x1 + x2
 *        (binomial with probability n1/(n1+n2)); p = min(1, 2·min(P[X ≤ x1], P[X ≥ x1])).
 *        Counts must be whole numbers.
 */
LK_API int lk_test_two_rates(double x1, double n1, double x2, double n2, double *p);

/** Result of a weighted linear trend. */
typedef struct lk_trend {
    double slope;               /**< change per period unit (e.g. percentage points per year) */
    double slope_lo, slope_hi;  /**< interval for the slope */
    double intercept;
    double apc;                 /**< annual per cent change, 100·(e^b − 1) from a log-linear fit; NaN if not computable */
    double dispersion;          /**< χ²/(n−2) of the fit; the slope's variance is scaled by max(1, this) */
    size_t n;                   /**< number of points used */
    double apc_lo, apc_hi;      /**< interval of the APC where it comes from the same fit (lk_trend_counts), else NaN */
} lk_trend;

/**
 * @brief Weighted least squares line y = a + b·t (gsl_fit_wlinear) with weights w = 1/var(y).
 *        The slope's variance is scaled by the dispersion max(1, χ²/(n−2)) (year-to-year
 *        variation beyond the binomial) and its interval uses Student's t with n − 2 degrees of
 *        freedom. If @p lny_w is not NULL, a second fit of ln(y) with those weights gives the APC.
 * @return LK_OK; LK_EINVAL when n < 3, a weight is not positive or not finite, or all t equal;
 *         LK_ELIMIT when the fit overflows (values near the largest double).
 */
LK_API int lk_trend_wls(const double *t, const double *y, const double *w, const double *lny_w, size_t n,
                        double level, lk_trend *out);

/** How the counts of a series vary, which sets the weights of lk_trend_counts(). */
typedef enum lk_trend_model {
    LK_TREND_BINOMIAL = 0, /**< a share x/n: var(y) = scale² · p̄(1 − p̄) / n */
    LK_TREND_POISSON,      /**< a rate x/n: var(y) = scale² · r̄ / n */
    LK_TREND_EQUAL         /**< amounts (kroner): no sampling model, equal weights */
} lk_trend_model;

/**
 * @brief The trend of one area's series from its counts, as `levekar trend` reports it.
 *
 * The values are y = scale · x / n. Weights are 1 / var(y) with the variance from the pooled
 * share (or rate) p̄ = Σx / Σn of the whole series, so a period with a count of 0 weighs by its
 * denominator like any other (the period's own share would give it an infinite weight). The
 * slope and its interval are those of lk_trend_wls(); the annual per cent change is the slope in
 * per cent of the fitted level at the weighted mean period (100 · b / ȳ_w, where the weighted fit
 * passes through ȳ_w), with the slope's interval scaled the same way: slope, APC and direction
 * come from one fit and never disagree in sign.
 *
 * @param t period midpoints (years); @param x numerators; @param n denominators (> 0); @param k length.
 * @param model the variance model; @param scale 100 for per cent, 1000 for per 1000, ...
 * @param level confidence level in (0, 1).
 * @param[out] out the fit; @param[out] direction never NULL afterwards: "increasing" or "decreasing"
 *             (the slope's interval excludes 0), "stable", "too-few-periods" (k < 3 or all periods
 *             equal), or "no-variation" (p̄ is 0 or 1: every count 0, or every count the whole).
 * @return LK_OK; LK_ENOTFOUND for "too-few-periods" and "no-variation" (out->n says how many
 *         periods there were); LK_EINVAL for NULL pointers, a count outside [0, n] (binomial),
 *         a negative count, n <= 0 or level outside (0, 1).
 */
LK_API int lk_trend_counts(const double *t, const double *x, const double *n, size_t k, lk_trend_model model,
                           double scale, double level, lk_trend *out, const char **direction);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_STATS_H */
