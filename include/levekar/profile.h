/**
 * @file levekar/profile.h
 * @brief A levekår profile of one area (issue 16): every indicator the data can serve, in the
 *        order of forskrift om oversikt over folkehelsen § 3, each with the area, its fylke and
 *        landet in the latest period, a verdict from the test and the indicator's direction,
 *        the trend, the change since a first year, and key findings; written as sentences a
 *        plan author can quote, or as one self-contained HTML file.
 *
 * @code
 * const char *files[] = { "07459.csv", "10539.csv", "13563.csv" };
 * lk_profile_opts o = LK_PROFILE_OPTS_INIT;
 * o.area = "3301";
 * lk_profile *prof;
 * if (lk_profile_build(&prof, files, 3, &o) != LK_OK) fprintf(stderr, "%s\n", lk_profile_errmsg(prof));
 * else {
 *     for (size_t i = 0; i < lk_profile_count(prof); i++) {
 *         const lk_profile_item *it = lk_profile_item_at(prof, i);
 *         printf("%s: %s\n", it->ind->id, lk_verdict_name(it->verdict, "nb")); // "unemployment: dårligere"
 *     }
 *     lk_profile_write_html(prof, stdout);
 * }
 * lk_profile_free(prof);
 * @endcode
 *
 * An indicator the files cannot give is an item without a report ("ingen data", with what to
 * download); it never makes lk_profile_build() fail. Rows are shown exactly as the report
 * gives them: a row without a value keeps its status (`~suppressed…` shows as hidden).
 *
 * Ownership: the profile owns everything it made (its pipelines, reports, rows and texts);
 * all pointers it returns are valid until lk_profile_free(). The caller's strings are read
 * during lk_profile_build() only. A profile is used by one thread at a time.
 */
#ifndef LEVEKAR_PROFILE_H
#define LEVEKAR_PROFILE_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"
#include "composite.h"
#include "indicators.h"
#include "inequality.h"
#include "pipeline.h"
#include "report.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for lk_profile_build(); start from LK_PROFILE_OPTS_INIT. */
typedef struct lk_profile_opts {
    unsigned version;              /**< LK_PROFILE_OPTS_VERSION */
    /** What every indicator's run shares: geography, zones_file, changes_file, indicators_file,
     *  window, report (interval, level, alpha, language). Its indicator, indicators, areas and
     *  definition are set by the profile (one run per indicator). */
    lk_pipeline_opts pipeline;
    const char *area;              /**< the area's code ("3301", a zone "S1"); required */
    /** The indicators, by id, in the order wanted; none: every built-in and indicators_file one,
     *  in the order of forskrift § 3. An unknown id is LK_EINVAL. */
    const char *const *indicators;
    size_t n_indicators;
    int from_year;                 /**< the first year of the change; 0: the earliest year the area and landet share */
    /** A significant difference from landet is called higher or lower (and better or worse)
     *  only when the index differs from 100 by at least this many points (10: 10 %). */
    double relevance;
    const char *date;              /**< the production date as shown ("2026-12-04"); NULL: today (UTC) */
} lk_profile_opts;

#define LK_PROFILE_OPTS_VERSION 1
#define LK_PROFILE_OPTS_INIT { LK_PROFILE_OPTS_VERSION, LK_PIPELINE_OPTS_INIT, NULL, NULL, 0, 0, 10.0, NULL }

/** What a difference means, from the test and the indicator's direction. */
typedef enum lk_verdict {
    LK_VERDICT_NO_DATA = 0,    /**< the indicator, or the area's value, is not in the data */
    LK_VERDICT_BETTER,         /**< significant and relevant, on the better side */
    LK_VERDICT_WORSE,          /**< significant and relevant, on the worse side */
    LK_VERDICT_NOT_DIFFERENT,  /**< not significant, or smaller than the relevance threshold */
    LK_VERDICT_NOT_TESTED,     /**< no test (published rates, amounts in kroner, landet itself) */
    LK_VERDICT_NEUTRAL         /**< a value-neutral indicator (an age share): a difference, no judgement */
} lk_verdict;

/** @return the verdict in words ("bedre", "dårligere", "ikke forskjellig", "ikke testet",
 *          "verdinøytral", "ingen data"; in English with @p lang "en"); static, never NULL. */
LK_API const char *lk_verdict_name(lk_verdict v, const char *lang);

/** The change of the area's value from a first period to the latest. */
struct lk_profile_item;

/** @return item @p it's verdict against landet in words, as lk_verdict_name() says it, except
 *          that a difference that is significant but smaller than the relevance threshold reads
 *          "liten forskjell" ("small difference"): it is not called higher or lower, and "not
 *          different" would deny what the interval shows. Static, never NULL. */
LK_API const char *lk_profile_item_verdict_name(const struct lk_profile_item *it, const char *lang);

typedef struct lk_profile_change {
    int ok;                          /**< 1 when both rows have values */
    const lk_report_row *first, *last;
    double diff;                     /**< last − first, in the indicator's unit (percentage points ...) */
    const char *vs;                  /**< the latest "higher", "lower" or "similar" than the first; "" untested */
    double p;                        /**< p-value of that test (NaN when not tested) */
    /** BETTER (bedring) / WORSE (forverring) from the direction, NOT_DIFFERENT, NOT_TESTED,
     *  NEUTRAL (a change, no judgement). */
    lk_verdict verdict;
} lk_profile_change;

/** The districts of one indicator (with --zones): every zone of the area's kommune in the
 *  latest period in which a zone has data, each against the rest of its kommune, from one
 *  pipeline run over all regions. Texts and rows are the profile's. */
typedef struct lk_profile_districts {
    const char *why;                  /**< "" when the table is there; else why not ("no zone of 3301 in the data ...") */
    const char *period;               /**< the period of the table, or "" */
    size_t n;                         /**< the kommune's zones, in the zone file's order */
    const lk_zone *const *zones;      /**< per zone */
    /** Per zone its row of that period (NULL when the run has none). A hidden zone keeps
     *  has_value 0 and its status `~suppressed` / `~suppressed:secondary`: never a number. */
    const lk_report_row *const *rows;
    size_t n_shown, n_hidden;         /**< zones with a value; zones hidden for privacy */
    const lk_report_row *kommune;     /**< the kommune's row of that period, or NULL */
    /** Inequality between the shown zones (lk_ineq_compute, omit_missing: its note names the
     *  hidden ones), or NULL: ineq_why says why not (fewer than 2 zones with values, no counts). */
    const lk_ineq_result *ineq;
    const char *ineq_why;
} lk_profile_districts;

/** One indicator of the profile. */
typedef struct lk_profile_item {
    const lk_indicator *ind;         /**< the definition (the profile's registry) */
    char topic;                      /**< forskrift § 3: 'a' befolkning ... 'f' helsetilstand */
    int neutral;                     /**< value-neutral: differences carry no judgement */
    /** The indicator's report (every period of the area, its fylke and landet), or NULL: no data. */
    const lk_report *report;
    const char *no_data;             /**< without a report: why (the run's message); else "" */
    const char *needs;               /**< what to download (the registry's needs), or "" */
    /** The latest period with a value of the area, and its fylke and landet then (NULL when
     *  not in the report). A row may lack a value: its status says why. */
    const lk_report_row *area, *fylke, *land;
    const lk_report_row *kommune;    /**< for a zone, bydel or grunnkrets: its kommune's row then, else NULL */
    lk_verdict verdict;              /**< the area against landet */
    int significant;                 /**< the test against landet was significant */
    int relevant;                    /**< the index differs from 100 by at least the relevance threshold */
    lk_report_trend trend;           /**< the area's linear trend (trend.ok) */
    lk_profile_change change;        /**< first (from_year, else the earliest with area and landet) to latest */
    lk_profile_districts districts;  /**< with --zones: the zones of the kommune; zeroed (why NULL) without */
} lk_profile_item;

/** The composite levekårsindeks of the zones (with --zones), over the indicators with a zone
 *  table of at least 2 values that are not value-neutral, each with its direction. */
typedef struct lk_profile_composite {
    const char *why;                  /**< "" when computed; else why not (fewer than 2 indicators ...) */
    size_t n_indicators;
    const size_t *items;              /**< per indicator of the index: the item (lk_profile_item_at()) */
    size_t n_districts;
    const lk_zone *const *zones;      /**< per district of the index (zones with a value in some indicator) */
    const lk_composite *index;        /**< lk_composite_compute(partial), cells [j · n_districts + i]; NULL unless computed */
    const char *note;                 /**< zones left out, having no value in any indicator, or "" */
} lk_profile_composite;

/** A key finding: a difference from landet both significant and at least the relevance threshold
 *  (better or worse, or higher or lower for a value-neutral indicator). */
typedef struct lk_profile_finding {
    size_t item;                     /**< index of the item (lk_profile_item_at()) */
    double diff;                     /**< area − landet, in the indicator's unit */
    double index;                    /**< landet = 100 */
} lk_profile_finding;

/** The facts of the cover page. Texts are the profile's. */
typedef struct lk_profile_cover {
    const char *area, *area_name;    /**< code and name (the code when no indicator had data) */
    const char *fylke, *fylke_name;  /**< the parent fylke, or "" */
    int geography;                   /**< border vintage: -1 as published, 0 the latest in the data, a year */
    const char *date;                /**< production date */
    const char *version;             /**< levekar's version */
    size_t n_sources;
    const char *const *sources;      /**< the indicators' source lines, each once */
    size_t n_files;
    const char *const *files;        /**< the input files as given */
    const char *const *sha256;       /**< each file's SHA-256, 64 hex digits */
    double relevance;                /**< the relevance threshold used (index points) */
    double alpha, level;             /**< the tests' α and the intervals' level */
    int window;                      /**< N-year rolling sums (0 or 1: yearly) */
    size_t hidden;                   /**< rows of the reports hidden for privacy (status `~suppressed…`) */
    int from_year;                   /**< as asked (0: the earliest common) */
    /** The districts of the zone file (--zones), or NULL; owned by the profile. */
    const lk_zones *zones;
} lk_profile_cover;

typedef struct lk_profile lk_profile;

/**
 * @brief Run the pipeline for each indicator (one run each, so one without data never stops
 *        the others) and make the profile of @p opts->area.
 * @param[out] out the profile, also on failure (for lk_profile_errmsg(); NULL only when there
 *             was no memory for it); free it with lk_profile_free().
 * @return LK_OK (also when no indicator had data); LK_ENOTFOUND (the area is in none of the
 *         indicators' data: the message says so and what the data has), LK_EIO (a file that cannot be read), LK_EINVAL
 *         (no area, an unknown indicator id listing the known ones, bad options), LK_EDATA (a
 *         bad --indicators, zones or change file: the message says where), LK_ENOMEM.
 */
LK_API int lk_profile_build(lk_profile **out, const char *const *files, size_t n_files, const lk_profile_opts *opts);
/** @return the number of items (indicators), with and without data. */
LK_API size_t lk_profile_count(const lk_profile *p);
/** @return item @p i in the profile's order (forskrift § 3, then the registry's), or NULL. */
LK_API const lk_profile_item *lk_profile_item_at(const lk_profile *p, size_t i);
/** @return the composite index of the zones; NULL without --zones. */
LK_API const lk_profile_composite *lk_profile_composite_of(const lk_profile *p);
/** @return the number of key findings. */
LK_API size_t lk_profile_finding_count(const lk_profile *p);
/** @return finding @p i, largest relative difference (|index − 100|) first, or NULL. */
LK_API const lk_profile_finding *lk_profile_finding_at(const lk_profile *p, size_t i);
/** @return the cover facts; never NULL for a built profile. */
LK_API const lk_profile_cover *lk_profile_cover_of(const lk_profile *p);
/** @return the runs' messages (lk_pipeline_message_at()), each text once. */
LK_API size_t lk_profile_message_count(const lk_profile *p);
LK_API const lk_message *lk_profile_message_at(const lk_profile *p, size_t i);
/** @return the reason of the last failure, or ""; never NULL. */
LK_API const char *lk_profile_errmsg(const lk_profile *p);
LK_API void lk_profile_free(lk_profile *p);

/** @return the § 3 chapter of @p topic ("Befolkningssammensetning", "Oppvekst- og levekårsforhold"
 *          ...; English with @p lang "en"); static. */
LK_API const char *lk_profile_topic_name(char topic, const char *lang);

/**
 * @brief The paragraph of item @p i as a person writes it, in the report's language: "I 2024 var
 *        2,6 prosent av innbyggerne 15–74 år i Drammen registrert arbeidsledige, mot 2,1 prosent
 *        i Buskerud og 2,2 prosent i landet. Andelen er høyere enn i landet, og har gått ned
 *        siden 2011 (3,2 prosent)." One line, no newline; "ingen data" with what to download
 *        for an item without data.
 * @return LK_OK, LK_EINVAL (no such item), LK_EIO (a write failed).
 */
LK_API int lk_profile_write_item_prose(const lk_profile *p, size_t i, FILE *out);
/** @brief The key finding @p i in one sentence with value, reference, difference and interval. */
LK_API int lk_profile_write_finding(const lk_profile *p, size_t i, FILE *out);
/** @brief The whole profile as text: cover, key findings, one paragraph per indicator by § 3
 *         chapter, methods. @return LK_OK or LK_EIO. */
LK_API int lk_profile_write_text(const lk_profile *p, FILE *out);
/**
 * @brief The profile as one self-contained HTML file: inline CSS (A4 print) and SVG charts drawn
 *        here (barometer figure, a trend per indicator), alt texts, no external request.
 * @return LK_OK, LK_EIO (a write failed), LK_ENOMEM.
 */
LK_API int lk_profile_write_html(const lk_profile *p, FILE *out);

/**
 * @brief The profile as Markdown for pandoc (`pandoc profil.md -o profil.docx`): a YAML title
 *        block, pipe tables, and images of the charts in the folder @p charts (relative to the
 *        document: "profil_files"), named `barometer.svg` and `trend-NN.svg` (NN the item's
 *        index + 1, two digits or more); NULL: no images. Texts from files are escaped so they
 *        show as written.
 * @return LK_OK, LK_EIO, LK_ENOMEM.
 */
LK_API int lk_profile_write_md(const lk_profile *p, const char *charts, FILE *out);
/**
 * @brief Every number of the profile as JSON: the cover, per indicator its verdict, the latest
 *        rows of the area (its kommune), fylke and landet, the change and the trend, every row of
 *        its report (or why there is no data and what to download), and the key findings.
 *        Numbers in full precision with a decimal point; a missing number is null.
 * @return LK_OK or LK_EIO.
 */
LK_API int lk_profile_write_json(const lk_profile *p, FILE *out);
/**
 * @brief Every number of the profile as one CSV table with a fixed header (indicator, name,
 *        table "report" or "districts", period, region, region_name, level, numerator,
 *        denominator, value, ci_low, ci_high, index_land, vs_land, index_kommune, vs_kommune,
 *        status, verdict): every row of each indicator's report, then its zones (with --zones);
 *        an indicator without data is one row whose status says why. RFC 4180, a decimal point,
 *        full precision; a missing or hidden number is an empty field with its status.
 * @return LK_OK, LK_EINVAL (NULL argument) or LK_EIO.
 */
LK_API int lk_profile_write_csv(const lk_profile *p, FILE *out);
/**
 * @brief One chart as a standalone SVG file: @p which -1 the barometer, else the trend of item
 *        @p which. The chart lk_profile_write_md() names for it.
 * @return LK_OK, LK_ENOTFOUND (no such chart: an item without data, or no indicator with an
 *         index for the barometer), LK_EIO, LK_ENOMEM.
 */
LK_API int lk_profile_write_chart(const lk_profile *p, long which, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_PROFILE_H */
