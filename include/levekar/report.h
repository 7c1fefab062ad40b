/**
 * @file levekar/report.h
 * @brief Reports: an indicator for areas and their kommune, fylke and landet, with intervals,
 *        index (landet = 100), significance against the rest of the reference, and trends;
 *        written as CSV, aligned text, Markdown, JSON or plan-document prose (bokmål/English).
 *
 * @code
 * // calc: lk_calc_finish() done on the observations of the files (indicators.h)
 * lk_report *rep;
 * lk_report_opts ro = LK_REPORT_OPTS_INIT;
 * if (lk_report_new(&rep, lk_registry_find(reg, "unemployment"), &ro) == LK_OK &&
 *     lk_report_add_area(rep, calc, geo, "3301") == LK_OK) {      // Drammen, Buskerud, landet
 *     for (size_t i = 0; i < lk_report_count(rep); i++) {
 *         const lk_report_row *w = lk_report_get(rep, i);      // the report's: valid after lk_calc_free
 *         if (w->has_value) printf("%s %s %.2f (%.2f-%.2f) %s\n", w->period, w->region, w->value, w->ci_low,
 *                                  w->ci_high, w->vs_land);
 *     }
 *     lk_report_write(rep, LK_FORMAT_PROSE, stdout);           // "I 2024 var ... i Drammen, mot ..."
 * }
 * lk_report_free(rep);
 * @endcode
 */
#ifndef LEVEKAR_REPORT_H
#define LEVEKAR_REPORT_H

#include <stdio.h>
#include "common.h"
#include "geography.h"
#include "indicators.h"
#include "stats.h"
#include "suppress.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Interval method. */
typedef enum lk_ci_method { LK_CI_WILSON = 0, LK_CI_EXACT, LK_CI_NONE } lk_ci_method;

/** Output format. */
/** Output formats. LK_FORMAT_CSV is RFC 4180 with a decimal point; LK_FORMAT_CSV_NB the same
 *  table for a Norwegian spreadsheet: ';' between fields, a decimal comma, a UTF-8 byte order
 *  mark (Excel with a Norwegian locale opens it in columns). */
typedef enum lk_format {
    LK_FORMAT_TEXT = 0, LK_FORMAT_CSV, LK_FORMAT_MD, LK_FORMAT_JSON, LK_FORMAT_PROSE, LK_FORMAT_CSV_NB
} lk_format;

/** Options; zero-initialise or LK_REPORT_OPTS_INIT. */
typedef struct lk_report_opts {
    unsigned version;
    lk_ci_method ci;     /**< for shares; rates per 1000 always use the exact Poisson interval */
    double level;        /**< confidence level, 0.95 */
    double alpha;        /**< significance level of the tests, 0.05 */
    const char *lang;    /**< "nb" (default) or "en" */
} lk_report_opts;

#define LK_REPORT_OPTS_VERSION 1
#define LK_REPORT_OPTS_INIT { LK_REPORT_OPTS_VERSION, LK_CI_WILSON, 0.95, 0.05, "nb" }

/** An area's comparison with one `--compare` region in the same period. */
typedef struct lk_report_cmp {
    const char *region;         /**< the comparison region's code */
    int has_index;
    double index;               /**< the area's value / the region's value × 100 */
    const char *vs;             /**< the area "higher", "lower", "similar" than the region, or "" (no test) */
    double p;                   /**< p-value (NaN when not tested) */
} lk_report_cmp;

/** One row of a report. */
typedef struct lk_report_row {
    const char *period, *region, *region_name;
    lk_level level;
    const char *role;           /**< "area", "kommune", "fylke", "compare", "land", or "" (--all) */
    int has_counts;
    double numerator, denominator;
    int has_value;
    double value;               /**< scaled: per cent, per 1000 or kroner */
    int has_ci;
    double ci_low, ci_high;
    int has_index;
    double index_land;          /**< value / landet's value × 100 */
    int has_index_fylke;
    double index_fylke;
    const char *vs_land;        /**< "higher", "lower", "similar" or "" (landet itself, or no test) */
    const char *vs_fylke;
    double p_land, p_fylke;     /**< p-values of the tests (NaN when not tested) */
    const char *status;         /**< why there is no value, or a flag; "" when none */
    int years_used;
    int built;                  /**< 1 when the value was built from kommuner, not read from a file */
    /** For a fylke or landet read from a file: the sums of its kommuner in the data, when they
     *  are complete (has_kommune_sum), so the two can be compared. */
    int has_kommune_sum;
    double kommune_numerator, kommune_denominator;
    /** The source definition that gave the figure (lk_ratio.variant), "" when the indicator has
     *  one only. Owned by the indicator registry. */
    const char *variant;
    /** 1 when the value is a rate as the file published it: no counts, an interval only where
     *  the file gives one, no test (status "~published" when it has a value). */
    int published;
    const char *unit;           /**< the published rate's unit as the file states it, or "" */
    /** On "area" rows: the comparison with each lk_report_add_compare() region of the period. */
    size_t n_compare;
    const lk_report_cmp *compare;
    /** Age (and sex) standardisation (levekar/standardise.h; `--standardise`): "direct" or
     *  "indirect" when @c value is the standardised figure, "" when it is the crude one. Then
     *  @c ci_low, @c ci_high are the standardised figure's interval (@c std_interval names the
     *  method), @c crude is the crude value beside it, and the indexes compare standardised
     *  figures: direct, value / landet's (fylke's) standardised value × 100; indirect,
     *  index_land = SMR × 100. The tests stay against the rest of the reference (reference
     *  minus area), both standardised: direct, a z test of the two standardised rates (Dobson's
     *  variances); indirect, the two SMRs as Poisson rates O/E (lk_test_two_rates). Against
     *  the comparison regions: the index of the standardised figures, no test. Texts are the
     *  report's. */
    const char *std_method;
    double crude;               /**< the crude value (scaled); set when std_method is not "" */
    const char *std_interval;   /**< "Dobson (exact Poisson)", "Fay-Feuer (gamma)", "exact Poisson", "Byar" */
    const char *std_standard;   /**< direct: the standard ("ESP 2013", "landet 2024", a file); indirect: "landet" */
    const char *std_bands;      /**< the strata used: "0-4, 5-9, ..., 90+" (with sex: "0-4 menn, ...") */
    double smr, smr_low, smr_high; /**< indirect: SMR = observed / expected and its interval; else NaN */
    double expected;            /**< indirect: the expected count; else NaN */
    /** A district (zone, grunnkrets, bydel) against the rest of its kommune (kommune minus the
     *  district), as FHI compares levekårssoner: index = its value / the kommune's × 100, test
     *  as for landet; "" and NaN for other rows or without the kommune's counts. */
    int has_index_kommune;
    double index_kommune;
    const char *vs_kommune;
    double p_kommune;
} lk_report_row;

typedef struct lk_report lk_report;

LK_API int lk_report_new(lk_report **out, const lk_indicator *ind, const lk_report_opts *opts);
LK_API void lk_report_free(lk_report *r);
LK_API const char *lk_report_errmsg(const lk_report *r);

/**
 * @brief Add, for every period of @p area in @p calc, rows for the area, its kommune (for
 *        zones, bydeler and grunnkretser), its fylke and landet. Parents come from the data
 *        where present, otherwise from the kommuner (with the completeness flag).
 * @return LK_OK, LK_ENOTFOUND (the area, or a comparison region, is not in the data; the message
 *         on @p r lists the comparison regions there are), LK_ENOMEM.
 */
LK_API int lk_report_add_area(lk_report *r, lk_calc *calc, const lk_geo *g, const char *area);

/**
 * @brief Use published rates (lk_published_finish() done; must outlive the report) for regions
 *        and periods without counts: counts win where both exist. @p calc may then be NULL in
 *        lk_report_add_area() and lk_report_add_all() (an indicator defined only on a rate).
 */
LK_API void lk_report_set_published(lk_report *r, const lk_published *pub);

/** @return how many regions and periods had both counts and a published rate (the counts were
 *          used); the first of them in *region and *period (may be NULL). */
LK_API size_t lk_report_overridden(const lk_report *r, const char **region, const char **period);

/**
 * @brief Add a comparison region (a KOSTRA group EKG08, Landet uten Oslo EAKUO, a kommune) shown
 *        beside fylke and landet for each area added afterwards, and tested against the area
 *        with counts: Landet uten Oslo against the area's rest (an area outside Oslo is part of
 *        it), a group or kommune as an independent sample (conservative if the area is in the
 *        group). @p code may be spelt as in the files (`EKA33` is fylke 33, `K-3303` kommune
 *        3303); it is copied. At most 16. @return LK_OK, LK_ELIMIT, LK_ENOMEM.
 */
LK_API int lk_report_add_compare(lk_report *r, const char *code);

/** Tell the report which kommune each zone lies in (zone areas get their kommune's row).
 *  @p zones must outlive the report; NULL clears it. */
LK_API void lk_report_set_zones(lk_report *r, const lk_zones *zones);

/** Add every region in the data, and the fylker and landet built from its kommuner. */
LK_API int lk_report_add_all(lk_report *r, lk_calc *calc, const lk_geo *g);

LK_API size_t lk_report_count(const lk_report *r);
/**
 * @brief Row @p i (NULL past the end). The row and its texts (period, region, names, status)
 *        are the report's: valid until lk_report_free(), also after the lk_calc it was made
 *        from is freed; @c variant is the indicator registry's (valid while the registry is).
 */
LK_API const lk_report_row *lk_report_get(const lk_report *r, size_t i);
/**
 * @brief The row of @p region for @p period (the first, when the region is both an area and a
 *        parent of one), or NULL when the report has none. Owned by the report.
 */
LK_API const lk_report_row *lk_report_find(const lk_report *r, const char *region, const char *period);
/**
 * @brief The row of @p region in its latest period with a value (rows are in period order),
 *        or NULL when it has no value in any period. Owned by the report.
 *
 * @code
 * const lk_report_row *d = lk_report_latest(r, "3301");
 * const lk_report_row *land = d ? lk_report_find(r, "0", d->period) : NULL;
 * @endcode
 */
LK_API const lk_report_row *lk_report_latest(const lk_report *r, const char *region);

/** The linear trend of one region's rows (lk_report_trend_of()). */
typedef struct lk_report_trend {
    const lk_report_row *first, *last; /**< its first and last period's rows (NULL when it has none) */
    size_t periods;                    /**< rows of the region */
    int ok;                            /**< 1 when a trend could be fitted (at least 3 periods with values) */
    lk_trend t;                        /**< the fit, when ok: slope per year, interval, APC */
    /** "increasing", "decreasing" or "stable" (the slope's interval), or why there is no trend
     *  ("too-few-periods", "no-variation", "no-trend"); never NULL after lk_report_trend_of(). */
    const char *direction;
} lk_report_trend;
/**
 * @brief Fit the trend of @p region's rows: weighted least squares on the counts (binomial
 *        weights for shares, Poisson for rates per 1000), equal weights for published rates.
 * @return LK_OK (tr->ok says whether a trend could be fitted, tr->direction why not), or
 *         LK_ENOMEM. The rows *tr points to are the report's.
 */
LK_API int lk_report_trend_of(const lk_report *r, const char *region, lk_report_trend *tr);

/**
 * @brief Row @p i for a step that changes rows after they are made (the pipeline's age
 *        standardisation), or NULL past the end. Texts set on it must live as long as the
 *        report: make them with lk_report_keep().
 */
LK_API lk_report_row *lk_report_row_edit(lk_report *r, size_t i);
/** @return the report's copy of @p s (valid until lk_report_free()), or NULL (no memory). */
LK_API const char *lk_report_keep(lk_report *r, const char *s);

/**
 * @brief Write the report. CSV has exactly the header
 *        `indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status`
 *        (with comparison regions, followed by `index_CODE,vs_CODE` for each, filled on area rows)
 *        with decimal points and full precision (with standardised rows, followed by
 *        `crude,std_method,std_interval,std_standard`); text, Markdown and prose in bokmål use decimal commas.
 *        A published rate has status `~published` in CSV, `"source_kind": "published-rate"` in
 *        JSON (else "counts") and a sentence in the other formats.
 */
LK_API int lk_report_write(const lk_report *r, lk_format format, FILE *out);

/**
 * @brief Small-count protection of the rows (levekar/suppress.h): hide the values below the
 *        limits of @p o on its levels (primary, status `~suppressed`), then the values that
 *        would let a hidden one be worked out by subtraction (secondary,
 *        `~suppressed:secondary`). Call after the last lk_report_add_area() / _add_all() and
 *        before writing; every writer then shows the result (no value, numerator, denominator,
 *        interval, index, test or sentence of a hidden row; a gap in trends and charts; the
 *        rule in the notes).
 *
 * The relations checked, per period: a kommune's row is the sum of its zones' rows (zones of
 * lk_report_set_zones()), of its bydeler's or of its grunnkretser's (each level on its own),
 * plus a rest outside them, which is never shown; with kommuner protected, a fylke of its
 * kommuner, and with fylker, landet of its fylker. Per region: a window that may lie inside a
 * longer one (lk_suppress_window_may_nest()). A row of an unprotected level is never hidden.
 *
 * A hidden row keeps has_value = 0 and its reason in status; has_counts, has_ci, has_index,
 * has_index_fylke, has_kommune_sum are 0, vs_land and vs_fylke "", p-values and numbers NaN,
 * and its comparisons dropped. A shown row loses its index and test against a hidden
 * reference (fylke, landet, a --compare region), and a fylke or landet its kommune sums when
 * a kommune in it is hidden.
 *
 * @param o limits; LK_SUPPRESS_INDICATOR takes the indicator's (lk_indicator.suppress_min_*).
 *        The complement rule applies to shares (scale percent) only, and for an amount (scale
 *        kroner) only the denominator limit. Limits of 0 and 0, or a report with no row of a
 *        level of @p o (a kommune report with the default levels), leave the report as it is,
 *        notes included, so protection can be on by default.
 * @return LK_OK; LK_EINVAL (NULL, a wrong version, a negative limit other than
 *         LK_SUPPRESS_INDICATOR); LK_ENOMEM, with the rows unchanged.
 *
 * @code
 * lk_suppress_opts so;
 * lk_suppress_preset(&so, "fhi");                   // the indicator's limits, zones and districts
 * if (lk_report_protect(rep, &so) == LK_OK) lk_report_write(rep, LK_FORMAT_CSV, stdout);
 * @endcode
 */
LK_API int lk_report_protect(lk_report *r, const lk_suppress_opts *o);

/**
 * @brief FHI's start of a zone's series: where a zone's population (its denominator) changed by
 *        more than @p max_change (FHI: 0.15) from one year to the next, its rows before the last
 *        such year describe another place; they are withheld (no number, status
 *        "~zone-changed"). Yearly rows only; other levels are untouched. Run it after
 *        lk_report_protect(): a withheld figure is not confidential (its sibling need not be
 *        hidden for it), and withholding more discloses nothing.
 * @param[out] withheld the number of rows withheld (may be NULL).
 * @return LK_OK, LK_EINVAL (max_change not above 0), LK_ENOMEM.
 */
LK_API int lk_report_zone_start(lk_report *r, double max_change, size_t *withheld);

/**
 * @brief Keep only the rows of the periods asked for: period texts as in the rows ("2011",
 *        "2020M11"), or "first" / "latest" for the earliest and the latest period with a value
 *        in the report. Run it after lk_report_protect() (the protection sees every period).
 * @param[out] missing the first period asked for that no row has (for the message), "" else.
 * @return LK_OK; LK_ENOTFOUND (a period no row has: nothing removed); LK_EINVAL; LK_ENOMEM.
 */
LK_API int lk_report_keep_periods(lk_report *r, const char *const *periods, size_t n, char *missing, size_t size);

/** What lk_report_protect() did (all zero before it ran). @return 1 when it ran with limits, else 0. */
LK_API int lk_report_protection(const lk_report *r, lk_suppress_result *out);

/** Write per-region linear trends (CSV header
 *  `indicator,region,region_name,from,to,periods,slope,slope_ci_low,slope_ci_high,apc,direction`,
 *  or text/Markdown/JSON/prose). Regions with fewer than 3 periods get direction "too-few-periods". */
LK_API int lk_report_write_trend(const lk_report *r, lk_format format, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_REPORT_H */
