/**
 * @file levekar/zones.h
 * @brief Districts defined by the user: levekårssoner and area initiatives (Strømsø) as sets
 *        of grunnkretser, delområder or kommuner, summed from counts, with a coverage report.
 *
 * A zone file is a CSV (`,` or `;`, UTF-8 or Latin-1) with the header `zone,name,member` (or
 * FHI's levekårssone file as it is, `levekaar,lksnavn,grunnkrets`), one member per row: a grunnkrets (8 digits), a delområde (6 digits: every grunnkrets starting with
 * it) or a kommune (4 digits). A zone lies in one kommune and has one name. Members may not
 * overlap (a delområde and one of its grunnkretser, a kommune and a grunnkrets in it), in one
 * zone or in two, and a zone code may not be a region code (`3301`, `03`, `K-3301`).
 *
 * @code
 * lk_zones *z;
 * lk_zone_agg *a;
 * if (lk_zones_load(&z, "levekarssoner.csv") != LK_OK) fprintf(stderr, "%s\n", lk_zones_errmsg(z));
 * else if (lk_zone_agg_new(&a, z) == LK_OK) {
 *     // in the reader's callback, each grunnkrets observation: lk_zone_agg_add(a, obs);
 *     lk_zone_agg_finish(a, to_calc, payload);       // one observation per zone, summed from counts
 *     lk_zone_agg_coverage(a, on_row, payload);    // what lies outside every zone, uoppgitt
 *     lk_zone_agg_free(a);
 * }
 * lk_zones_free(z);
 * @endcode
 */
#ifndef LEVEKAR_ZONES_H
#define LEVEKAR_ZONES_H

#include <stdio.h>
#include "common.h"
#include "read.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lk_zones lk_zones;

/** A zone as loaded. */
typedef struct lk_zone {
    const char *code;     /**< the zone's code as in the file */
    const char *name;
    const char *kommune;  /**< the kommune it lies in (4 digits) */
    size_t n_members;
} lk_zone;

/**
 * @brief Load a zone file.
 * @param[out] out the zones; on failure still set (holding the message) unless memory ran out;
 *             the caller frees it in both cases with lk_zones_free().
 * @return LK_OK, LK_EIO, LK_EDATA (message `FILE:LINE: ...` from lk_zones_errmsg()), LK_ENOMEM.
 */
LK_API int lk_zones_load(lk_zones **out, const char *path);

LK_API void lk_zones_free(lk_zones *z);
LK_API const char *lk_zones_errmsg(const lk_zones *z);
LK_API size_t lk_zones_count(const lk_zones *z);
LK_API const lk_zone *lk_zones_get(const lk_zones *z, size_t i);

/**
 * @brief The zone a region code belongs to (grunnkrets, or a kommune listed as a member).
 * @return the zone, or NULL when the code lies in no zone.
 */
LK_API const lk_zone *lk_zones_find(const lk_zones *z, const char *code);

/** Aggregation of observations into zones. */
typedef struct lk_zone_agg lk_zone_agg;

LK_API int lk_zone_agg_new(lk_zone_agg **out, const lk_zones *z);
LK_API void lk_zone_agg_free(lk_zone_agg *a);

/** Add an observation; those of regions in no zone only count for coverage. */
LK_API int lk_zone_agg_add(lk_zone_agg *a, const lk_obs *obs);

/**
 * @brief Deliver one observation per zone, series and period (level LK_LEVEL_ZONE, region = the
 *        zone code): the sum of its members' counts. Flags as in harmonise.h: a member missing
 *        in the data gives `~incomplete`, a suppressed member passes its symbol, rates `~rate`.
 */
LK_API int lk_zone_agg_finish(lk_zone_agg *a, lk_obs_cb cb, void *payload);

/** One row of the coverage report: a kommune's grunnkrets counts of one series and period. */
typedef struct lk_zone_coverage {
    const char *kommune;       /**< 4 digits */
    const char *period, *measure;
    const lk_dim *dims;        /**< the series' other dimensions, in source order */
    size_t n_dims;
    double total;              /**< the grunnkrets counts summed */
    double in_zones;           /**< the part in some zone */
    double uoppgitt;           /**< the part in "uoppgitt" grunnkrets (kkkk9999) */
    double outside;            /**< the part in no zone and not uoppgitt: total - in_zones - uoppgitt */
    /** How many grunnkrets observations made each part: 0 means the part is empty by the zone
     *  file's own definition (no grunnkrets of the data lies there), not a count of 0 persons. */
    size_t n_in_zones, n_uoppgitt, n_outside;
} lk_zone_coverage;

/** Called once per coverage row; the row and its strings are valid during the call only.
 *  @return 0 to go on; any other value stops lk_zone_agg_coverage() with LK_EUSER. */
typedef int (*lk_zone_coverage_cb)(const lk_zone_coverage *row, void *payload);

/**
 * @brief Deliver the coverage rows: per kommune, series and period (sorted by them), the
 *        grunnkrets counts summed, the part in some zone, in uoppgitt and outside. Only counts
 *        (not rates) at grunnkrets level take part. The rest cells are small counts of persons
 *        like any other: lk_coverage_write() (levekar/coverage.h) protects them and writes the
 *        CSV of `levekar coverage`.
 * @return LK_OK, LK_EUSER when @p cb stopped, LK_EINVAL for a NULL argument.
 */
LK_API int lk_zone_agg_coverage(lk_zone_agg *a, lk_zone_coverage_cb cb, void *payload);

/**
 * @brief How many observations added so far fell in some zone. 0 after the reading means the
 *        zone file matches none of the data (codes of other borders or another kommune, or a
 *        kommune-level file for a grunnkrets zone file): worth a warning, never silence.
 */
LK_API size_t lk_zone_agg_matched(const lk_zone_agg *a);

/** A kommune whose grunnkretser in the data lay in no zone (lk_zone_agg_outside()). */
typedef struct lk_zone_outside {
    char kommune[5];             /**< the first four digits of its grunnkrets codes */
    int first_year, last_year;   /**< the years of those observations */
    int in_zones;                /**< (internal: 0 in every answer) */
} lk_zone_outside;

/**
 * @brief The kommuner of the data's grunnkretser (with counts) none of which lay in a zone,
 *        at most @p max: a zone file of today's codes over data coded by an older kommune
 *        number (3005xxxx for 2022) matches nothing in those years, which the caller should
 *        say (the codes can be brought to today's with a geography year).
 * @return how many were written to @p out.
 */
LK_API size_t lk_zone_agg_outside(const lk_zone_agg *a, lk_zone_outside *out, size_t max);

/**
 * @brief Describe the region codes the data holds, for that warning, while nothing matched:
 *        e.g. "kommune codes 3301, 3305; grunnkrets codes 30010101, ..." (at most three per
 *        level), or "no kommune, bydel or grunnkrets codes". Always NUL-terminated (size > 0).
 */
LK_API void lk_zone_agg_describe_data(const lk_zone_agg *a, char *buf, size_t size);

/**
 * @brief Describe the member codes a zone file expects: the first member of each kind, e.g.
 *        "33010101 (grunnkrets), 330101 (delområde)". Always NUL-terminated (size > 0).
 */
LK_API void lk_zones_describe(const lk_zones *z, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_ZONES_H */
