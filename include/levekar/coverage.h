/**
 * @file levekar/coverage.h
 * @brief The coverage report of `levekar coverage`, with its rest cells protected.
 *
 * Per kommune, series and period (lk_zone_agg_coverage(), levekar/zones.h) the CSV
 * `kommune,period,measure,dims,total,in_zones,uoppgitt,outside,share_outside,share_uoppgitt,share_no_zone,status`:
 * total, the part in some zone, in "uoppgitt" grunnkrets (kkkk9999) and in no zone (outside), and
 * in per cent of total: share_outside, share_uoppgitt and share_no_zone (everything in no zone,
 * uoppgitt included: total - in_zones), empty when total is not above 0.
 *
 * **Protection.** `outside` and `uoppgitt` are the rest cells of the kommune, counts of persons
 * like a zone's (issue 15): one below the limits is written empty, and so is its share (primary,
 * status `~suppressed`). The four numbers of a row add up (total = in_zones + uoppgitt + outside),
 * so a single hidden one would come back by subtraction: the smallest of the others is hidden too
 * (secondary, `~suppressed:secondary` when the row has no primary one), by lk_suppress_run() with
 * that one relation. `in_zones` is held to the limits as well (it is the sum of zones) and, hidden,
 * takes share_no_zone with it (100 - its share). `total` is the kommune's figure and is always
 * shown, as kommuner are in a report. A part no grunnkrets of the data falls in (no uoppgitt
 * grunnkrets, or every one in a zone) is empty by the zone file's definition, not a count of 0
 * persons: it is shown, and never hidden for another. The status names the hidden columns'
 * kind only; the empty columns say which they are.
 *
 * Limits: a count is a cell with numerator and denominator both the count, so a count below
 * @c min_numerator (T), or below @c min_denominator (N) when that is above 0, is hidden; the
 * complement rule does not apply (no shares of a population are tested). LK_SUPPRESS_INDICATOR
 * stands for T = LK_COVERAGE_MIN_COUNT and N = 0. Levels: `in_zones` is protected when
 * @c levels has LK_LEVEL_ZONE, `uoppgitt` and `outside` when it has LK_LEVEL_GRUNNKRETS.
 *
 * @code
 * lk_suppress_opts o;
 * lk_suppress_result res;
 * lk_suppress_preset(&o, "fhi");                 // T = 5 on the district levels
 * // a, an lk_zone_agg fed with grunnkrets observations (levekar/zones.h)
 * if (lk_coverage_write(stdout, a, &o, &res) == LK_OK)
 *     fprintf(stderr, "%zu rest cells hidden, %zu more so\n", res.primary, res.secondary);
 * // outside 3 and uoppgitt 10 of 103: 3301,2024,Personer,,103,90,,,,,12.62...,~suppressed
 * @endcode
 */
#ifndef LEVEKAR_COVERAGE_H
#define LEVEKAR_COVERAGE_H

#include <stdio.h>
#include "common.h"
#include "suppress.h"
#include "tidy.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The exact header line, without line end. */
#define LK_COVERAGE_HEADER \
    "kommune,period,measure,dims,total,in_zones,uoppgitt,outside,share_outside,share_uoppgitt,share_no_zone,status"

/** The smallest count shown where the options leave it to the default (LK_SUPPRESS_INDICATOR):
 *  tidy's, FHI's five cases (levekar/tidy.h). */
#define LK_COVERAGE_MIN_COUNT LK_TIDY_MIN_COUNT

/**
 * @brief Write the coverage report of @p a (after its observations were added) as CSV to @p out,
 *        protected as @p o says (NULL or the preset "none": nothing hidden).
 * @param[out] res what was hidden (may be NULL): primary and secondary cells over all rows.
 * @return LK_OK; LK_EIO when the stream reports an error; LK_EINVAL for a NULL @p out or @p a,
 *         a wrong options version or limits below 0; LK_ENOMEM.
 */
LK_API int lk_coverage_write(FILE *out, lk_zone_agg *a, const lk_suppress_opts *o, lk_suppress_result *res);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_COVERAGE_H */
