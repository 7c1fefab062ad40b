/**
 * @file levekar/tidy.h
 * @brief Writer for the tidy CSV format: one observation per row, UTF-8, `,`, RFC 4180 quoting.
 *
 * Header: `table,region,region_name,level,period,measure,dims,unit,value,status`. `dims` holds
 * the other dimensions as `name=value` joined by `; ` in source order; `unit` is the value's unit
 * where the file says it ("prosent", "1000 personer", "1000 kr", "per 1000"), else empty;
 * `value` uses a decimal point and is empty when missing, and then `status` holds the file's
 * symbol. The reader reads this format back (also the older header without `unit`).
 * The writers emit into a caller-owned `FILE *` so tests can compare exact text.
 *
 * @code
 * static int write_row(const lk_obs *obs, void *payload) { return lk_tidy_write_obs(payload, obs) != LK_OK; }
 *
 * lk_tidy_write_header(stdout);
 * lk_reader_run(reader, write_row, stdout);   // 07459,3301,Drammen,kommune,2024,Personer,alder=15-74 år,personer,79814,
 * @endcode
 */
#ifndef LEVEKAR_TIDY_H
#define LEVEKAR_TIDY_H

#include <stdio.h>
#include "numbers.h"
#include "read.h"
#include "suppress.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The exact header line, without line end. */
#define LK_TIDY_HEADER "table,region,region_name,level,period,measure,dims,unit,value,status"

/** Write the header line. @return LK_OK or LK_EIO when the stream reports an error. */
LK_API int lk_tidy_write_header(FILE *out);

/** Write one observation as a tidy row (a value that is not finite, a sum beyond the largest
 *  double, is written empty with the status `~overflow`). @return LK_OK, LK_EIO or LK_EINVAL. */
LK_API int lk_tidy_write_obs(FILE *out, const lk_obs *obs);

/**
 * @name Small-count protection of tidy output (issue 15)
 *
 * The observations tidy writes include district figures: grunnkretser and bydeler as the files
 * give them, and zones summed from grunnkretser (lk_zone_agg_finish()). A small count among them
 * may not be published, and neither may one that the others give away by subtraction or
 * addition. An lk_tidy_protect takes the observations of a run (lk_tidy_protect_add()) and
 * hands them on to a callback in the order they came: those before the first that could be
 * hidden (a district, or a level of @c levels) at once, the rest copied and held until
 * lk_tidy_protect_finish() has decided, a hidden one with no value and the status
 * `~suppressed` (primary) or `~suppressed:secondary`.
 *
 * **Cells.** A count observation is one of a series (table, measure, unit, other dimensions)
 * and period whose values are all whole numbers and whose words say no rate or share
 * (lk_measure_is_rate()), no amount of money (unit or measure with "kr", "kroner") and no
 * thousands (unit "1000 ..."); it is a cell with numerator and denominator both the count. It
 * is hidden when below @c min_numerator (T), or below @c min_denominator (N) when that is above
 * 0 (tidy cannot tell a count of cases from a population, so N, given, holds for every count);
 * the complement rule does not apply. LK_SUPPRESS_INDICATOR stands for T = LK_TIDY_MIN_COUNT
 * and N = 0. Only the levels in @c levels are hidden (LK_SUPPRESS_DISTRICTS by default: zones,
 * grunnkretser, bydeler); others are shown and serve as totals. Other observations (rates,
 * amounts, missing values) are delivered as they came.
 *
 * **Relations,** within one series and period (lk_suppress_run(), levekar/suppress.h): a kommune
 * row is the total of its grunnkretser, of its bydeler and of its zones (with the rest outside
 * every zone, uoppgitt included); where the kommune has no row, the sum of its written
 * grunnkretser stands for it as the zones' total, since anyone can compute it. A fylke row is
 * the total of its kommuner and landet of its fylker where those levels are protected. A zone
 * row is the total of its member rows (grunnkretser, bydeler or kommuner of the zone file). One
 * more rule than lk_suppress_run()'s, which subtracts from shown totals: a hidden total whose
 * parts are all shown and add up to it (a zone hidden beside all its grunnkretser) is recovered
 * by addition, so its smallest part is hidden as well; the two steps repeat until neither hides
 * more.
 *
 * Memory: from the first observation that could be hidden, the run's observations are held
 * until lk_tidy_protect_finish() (their strings once each); before it, only the kommune,
 * fylke and landet counts, as totals (a table of kommuner costs little). With no limits (the
 * preset "none") the caller need not use a protector at all.
 *
 * @code
 * lk_suppress_opts so;
 * lk_tidy_protect *p;
 * lk_suppress_preset(&so, "fhi");                       // T = 5 on the district levels
 * if (lk_tidy_protect_new(&p, &so, zones, write_row, stdout) == LK_OK) { // zones: NULL, or those summed
 *     // each observation of the run, the zones' too: lk_tidy_protect_add(p, obs);
 *     lk_tidy_protect_finish(p, NULL); // ,S1,Strømsø,zone,2024,Personer,,,,~suppressed
 *     lk_tidy_protect_free(p);
 * }
 * @endcode
 * @{
 */

/** The smallest count shown where the options leave it to the default (LK_SUPPRESS_INDICATOR):
 *  FHI's five cases ("fewer than five", levekar/suppress.h). */
#define LK_TIDY_MIN_COUNT 5.0

typedef struct lk_tidy_protect lk_tidy_protect;

/**
 * @brief A protector with the limits and levels of @p o (copied) and the zones the run sums
 *        (@p zones, may be NULL; it must stay valid until lk_tidy_protect_free()), which hands
 *        the observations to @p cb with @p payload (the observation given to @p cb is valid
 *        during the call only; a non-zero return stops the delivery).
 * @param[out] out the protector, or NULL on failure; free it with lk_tidy_protect_free().
 * @return LK_OK; LK_EINVAL for a NULL argument, a wrong options version or limits below 0;
 *         LK_ENOMEM.
 */
LK_API int lk_tidy_protect_new(lk_tidy_protect **out, const lk_suppress_opts *o, const lk_zones *zones, lk_obs_cb cb,
                               void *payload);

/** Take one observation to be written: handed on at once, or copied and held (see above).
 *  @return LK_OK; LK_EUSER when the callback stopped; LK_EINVAL; LK_ENOMEM (then it is
 *  neither held nor handed on). */
LK_API int lk_tidy_protect_add(lk_tidy_protect *p, const lk_obs *obs);

/**
 * @brief Decide what is hidden and hand on each held observation, in the order they were added
 *        (a hidden one: has_value 0 and the status of lk_suppress_status()).
 * @param[out] res what was hidden (may be NULL).
 * @return LK_OK; LK_EUSER when the callback stopped (the rest is not delivered); LK_EINVAL;
 *         LK_ENOMEM (nothing more delivered).
 */
LK_API int lk_tidy_protect_finish(lk_tidy_protect *p, lk_suppress_result *res);

/** Free. NULL is a no-op. */
LK_API void lk_tidy_protect_free(lk_tidy_protect *p);

/** @} */

/* lk_format_number and lk_csv_write_field: levekar/numbers.h */

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_TIDY_H */
