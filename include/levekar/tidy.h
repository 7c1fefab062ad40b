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

/* lk_format_number and lk_csv_write_field: levekar/numbers.h */

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_TIDY_H */
