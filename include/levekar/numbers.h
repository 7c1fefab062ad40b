/**
 * @file levekar/numbers.h
 * @brief Numbers as text, both ways, without the C library's locale: reading a value cell
 *        (decimal point or comma) and writing a number the shortest way that reads back, and a
 *        CSV field. Every module reads or writes numbers through these (lib/common).
 *
 * @code
 * double v;
 * char buf[32];
 * if (lk_value_parse(&v, "2,4", 3, ',') == LK_OK) {   // 2.4
 *     lk_format_number(buf, sizeof buf, v * 100);     // "240"
 *     lk_csv_write_field(stdout, "Nes (Buskerud), 2024");  // quoted: it holds a comma
 * }
 * @endcode
 */
#ifndef LEVEKAR_NUMBERS_H
#define LEVEKAR_NUMBERS_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Parse a value cell: a number with a decimal point (or a decimal comma when
 *        @p decimal_mark is ','), optional sign, digits, optional exponent.
 *        Surrounding spaces are allowed; thousands separators are not. `.5` and `5.` are
 *        numbers. The result is correctly rounded (what strtod gives in the C locale), whatever
 *        the caller's locale.
 * @param[out] out the number.
 * @param s, len the cell bytes (unquoted).
 * @param decimal_mark '.' or ','.
 * @return LK_OK for a finite number; LK_ENOTFOUND when the cell is not a number (a status
 *         symbol such as `..` or any other token; the caller keeps it as the status);
 *         LK_ELIMIT when it is a number out of double range (`1e400`; a number below the
 *         smallest subnormal reads as 0); LK_ENOMEM in the rare case that needs a C locale
 *         object when none can be made (not with glibc, whose C locale is static).
 */
LK_API int lk_value_parse(double *out, const char *s, size_t len, char decimal_mark);

/**
 * @brief Format a number the way levekar writes numbers in CSV: decimal point, the shortest
 *        text that reads back as the same double ("2.5", "31387", "-0.1").
 * @param buf receives the text; 32 bytes are always enough.
 * @return the text length; 0 (and "") for infinity and NaN, which are never written as numbers.
 */
LK_API size_t lk_format_number(char *buf, size_t size, double v);

/** Write @p s as one CSV field, quoted (and `"` doubled) only when it needs to be. */
LK_API int lk_csv_write_field(FILE *out, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_NUMBERS_H */
