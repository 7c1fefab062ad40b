/**
 * @file levekar/inequality.h
 * @brief Inequality between districts of one rate (issue 16, "Districts"): the ratio and the
 *        difference of the highest and lowest rate, Theil T and the mean log deviation (MLD),
 *        the Gini coefficient (all population-weighted), and the slope and relative indices of
 *        inequality (SII, RII) with their intervals. The formulas are those of the project's
 *        notes, apis-and-profiles.md §5.2 (and methods.md §5.6).
 *
 * The input is plain arrays, one entry per district: the events xᵢ (numerator), the
 * population nᵢ (denominator) and a has-value flag with the reason of a missing value. Nothing
 * here knows about files or regions. With rᵢ = xᵢ/nᵢ, wᵢ = nᵢ/N and r̄ = Σx/Σn:
 *
 * - ratio = r_max / r_min, difference = r_max − r_min;
 * - the same of the fifths of the population (§5.2's "more stable" variant): the districts
 *   ranked by rate, the rate of the fifth of N with the lowest rates and of the fifth with the
 *   highest, a district on the boundary taking part with the share of its population needed
 *   (its events pro rata, at its own rate);
 * - Theil T = Σ wᵢ (rᵢ/r̄) ln(rᵢ/r̄) (a district with rᵢ = 0 adds 0, the limit of r ln r);
 * - MLD (Theil L) = Σ wᵢ ln(r̄/rᵢ);
 * - Gini G = Σᵢ Σⱼ wᵢ wⱼ |rᵢ − rⱼ| / (2 r̄);
 * - SII: the districts are put in order (see lk_ineq_input.deprivation), each gets the ridit
 *   of its population, tᵢ = (population before it + nᵢ/2) / N, and the rate is regressed on
 *   tᵢ by least squares weighted by population (PHE's phe_sii, Low & Low 2004). SII is the
 *   slope (the fitted rate at t = 1 minus that at t = 0), RII = (Y₀ + SII) / Y₀ with Y₀ the
 *   fitted rate at t = 0. Districts tied in the order form one group (their populations and
 *   events summed) at the midpoint of their joint share, so the result does not depend on the
 *   order of the input.
 *
 * Rates are ratios of the counts; the ratio, Theil T, MLD, Gini and RII do not depend on the
 * scale, the difference and SII are in units of the rate (multiply by the indicator's scale).
 *
 * A measure that is not defined for the data (MLD with a rate of 0, the ratio with a lowest
 * rate of 0, anything with no event at all) is returned with `defined` 0 and the reason in its
 * `why`; the other measures are still given. The input as a whole is refused (LK_EDATA, with
 * lk_ineq_result.errmsg) when fewer than 2 districts have values, when a district has no value
 * (unless lk_ineq_opts.omit_missing says to leave it out, and then it is named with its reason
 * in lk_ineq_result.note), or when a count is negative, not finite, or a population is 0.
 * A missing value is never read as 0.
 *
 * @code
 * // Four levekårssoner: events and population per zone; the third has a suppressed value.
 * double x[] = { 10, 20, 0, 40 }, n[] = { 1000, 1000, 900, 1000 };
 * int has[] = { 1, 1, 0, 1 };
 * const char *why[] = { "", "", "suppressed (< 3)", "" }, *names[] = { "Fjell", "Åssiden", "Strømsø", "Gulskogen" };
 * lk_ineq_input in = LK_INEQ_INPUT_INIT;
 * lk_ineq_opts o = LK_INEQ_OPTS_INIT;          // 95 %, SII interval from the regression
 * lk_ineq_result r;
 * in.n = 4; in.numerator = x; in.denominator = n; in.has_value = has; in.why = why; in.names = names;
 * o.omit_missing = 1;                          // else: refused, naming Strømsø and its reason
 * if (lk_ineq_compute(&in, &o, &r) != LK_OK)
 *     fprintf(stderr, "%s\n", r.errmsg);
 * else {
 *     if (r.theil_t.defined) printf("Theil T %.4f\n", r.theil_t.value);
 *     else printf("Theil T: %s\n", r.theil_t.why);
 *     if (r.sii.defined && r.sii.has_ci)
 *         printf("SII %.2f (%.2f-%.2f, %s)\n", 100 * r.sii.value, 100 * r.sii.lo, 100 * r.sii.hi, r.sii_ci_method);
 *     if (*r.note) printf("%s\n", r.note);   // "left out: Strømsø (suppressed (< 3))"
 * }
 * @endcode
 */
#ifndef LEVEKAR_INEQUALITY_H
#define LEVEKAR_INEQUALITY_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The districts of one indicator and period. Every pointer is borrowed for the call only. */
typedef struct lk_ineq_input {
    size_t n;                    /**< the number of districts */
    const double *numerator;     /**< n events xᵢ, finite and >= 0 where the district has a value */
    const double *denominator;   /**< n populations nᵢ, finite and > 0 where the district has a value */
    /** n flags, 1 when the district has a value; NULL: all have. A district without one is
     *  refused, or left out with lk_ineq_opts.omit_missing; its counts are not read. */
    const int *has_value;
    /** NULL, or n reasons for a missing value (`..`, `suppressed (< 3)`, `~split`), kept in the
     *  messages; entries may be NULL or "". */
    const char *const *why;
    /** NULL, or n names for the messages; NULL entries (or no array) read "district K" (1-based). */
    const char *const *names;
    /** NULL: for SII the districts are ranked by their rate, from the lowest (t near 0) to the
     *  highest, so SII >= 0 is the fitted gap between the two ends and RII >= 1 when Y₀ > 0.
     *  Otherwise n deprivation scores (such as lk_composite's mean scores), higher = more
     *  deprived: the districts run from the most deprived (t near 0) to the least deprived, as
     *  in §5.2, so SII = fitted(least deprived) − fitted(most deprived) is negative when the rate
     *  is higher where deprivation is. Scores must be finite for the districts used. */
    const double *deprivation;
} lk_ineq_input;

#define LK_INEQ_INPUT_INIT { 0, NULL, NULL, NULL, NULL, NULL, NULL }

/** How the interval of SII is made. */
typedef enum lk_ineq_sii_ci {
    /** The weighted regression's own standard error: the residual variance over k − 2 degrees of
     *  freedom (k groups), SII ± t(k − 2) · SE. Needs k >= 3 groups. It measures how far the
     *  groups lie from the line, not the sampling noise of each rate. (The default.) */
    LK_INEQ_CI_REGRESSION = 0,
    /** The sampling variance of the rates (Poisson, var rᵢ = xᵢ/nᵢ²) carried through the slope,
     *  which is linear in the rates for a fixed order: var SII = Σ cᵢ² var rᵢ, cᵢ = wᵢ(tᵢ − t̄)/Σ wⱼ(tⱼ − t̄)²;
     *  SII ± z · SE. The analytic counterpart of PHE's simulation from each rate's
     *  distribution (§5.2). With the order taken from the rates themselves it ignores that the
     *  order is random too. Needs k >= 2 groups. */
    LK_INEQ_CI_SAMPLING = 1
} lk_ineq_sii_ci;

/** Options; use LK_INEQ_OPTS_INIT, or zero-initialise and set version. */
typedef struct lk_ineq_opts {
    unsigned version;         /**< LK_INEQ_OPTS_VERSION */
    double level;             /**< confidence level in (0, 1); 0 means 0.95 */
    lk_ineq_sii_ci sii_ci;    /**< the SII interval */
    /** 0: a district without a value refuses the call (the default). 1: it is left out and
     *  named, with its reason, in lk_ineq_result.note. */
    int omit_missing;
} lk_ineq_opts;

#define LK_INEQ_OPTS_VERSION 1
#define LK_INEQ_OPTS_INIT { LK_INEQ_OPTS_VERSION, 0.95, LK_INEQ_CI_REGRESSION, 0 }

/** One measure. */
typedef struct lk_ineq_measure {
    int defined;       /**< 1: value holds the measure; 0: see why */
    double value;      /**< NaN when not defined */
    int has_ci;        /**< 1: lo and hi hold its interval (SII and RII only) */
    double lo, hi;     /**< NaN without an interval */
    double se;         /**< SII: the standard error of the interval; NaN otherwise */
    /** Why the measure (or its interval) is not given, "" when it is: e.g. `MLD is undefined:
     *  district 'Fjell' has rate 0 (expected every rate > 0)`. */
    char why[256];
} lk_ineq_measure;

/** The result. Texts are copied in; nothing to free. */
typedef struct lk_ineq_result {
    size_t n;                 /**< districts used */
    size_t n_omitted;         /**< districts left out for want of a value (omit_missing) */
    double total_rate;        /**< r̄ = Σx / Σn over the districts used */
    double population;        /**< N = Σn */
    size_t i_min, i_max;      /**< input indices of the lowest and highest rate (the first if tied) */
    double rate_min, rate_max;
    lk_ineq_measure ratio;      /**< r_max / r_min */
    lk_ineq_measure difference; /**< r_max − r_min (always defined) */
    double fifth_low, fifth_high; /**< the rates of the fifths of the population with the lowest and highest rates */
    lk_ineq_measure fifth_ratio;      /**< fifth_high / fifth_low */
    lk_ineq_measure fifth_difference; /**< fifth_high − fifth_low (always defined) */
    lk_ineq_measure theil_t;    /**< Theil T */
    lk_ineq_measure mld;        /**< mean log deviation, Theil L */
    lk_ineq_measure gini;       /**< population-weighted Gini */
    lk_ineq_measure sii;        /**< slope index of inequality, with its interval */
    lk_ineq_measure rii;        /**< relative index; its interval is SII's limits carried through
                                     RII = 1 + SII / (r̄ − SII/2), with r̄ held fixed (Y₀ = r̄ − SII/2
                                     since the population-weighted mean ridit is 1/2); monotone in SII */
    double sii_intercept;       /**< Y₀, the fitted rate at t = 0; NaN without SII */
    size_t sii_groups;          /**< k, groups in the regression after ties are joined */
    const char *sii_order;      /**< "rate" or "deprivation" (static) */
    const char *sii_ci_method;  /**< "regression standard error (t, k-2 df)" or "sampling (Poisson) variance (normal)" (static) */
    char note[512];             /**< districts left out, with their reasons, or "" */
    char errmsg[1024];          /**< why the call failed: `what is wrong (expected …)`, or "" */
} lk_ineq_result;

/**
 * @brief All the measures of §5.2 for one indicator's districts.
 * @param in the districts; @p opts NULL for the defaults (LK_INEQ_OPTS_INIT).
 * @param[out] out filled in full on LK_OK (each measure with `defined` and `why`); on LK_EDATA
 *        or LK_EINVAL out->errmsg says why, e.g. `district 'Strømsø' has no value
 *        (suppressed (< 3)) (expected a value for every district, or omit_missing)`.
 * @return LK_OK; LK_EINVAL (NULL @p in, @p out or arrays, a level outside (0, 1), an unknown
 *         option); LK_EDATA (fewer than 2 districts with values, a district without a value,
 *         a negative or non-finite count, a population of 0, a non-finite deprivation score);
 *         LK_ENOMEM.
 */
LK_API int lk_ineq_compute(const lk_ineq_input *in, const lk_ineq_opts *opts, lk_ineq_result *out);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_INEQUALITY_H */
