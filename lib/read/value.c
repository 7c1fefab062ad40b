/* Value cells: numbers (decimal point, or decimal comma in spreadsheet re-saves) or a status
 * token. Hand-written instead of strtod: strtod depends on the locale, accepts "inf", "nan",
 * hex floats and leading spaces we want to control, and is slow in the hot loop. */
#include <math.h>
#include <string.h>
#include "levekar/labels.h"
#include "../common/ascii.h"

/* Exact powers of ten up to 1e22 are representable, so small cases stay correctly rounded. */
static const double pow10_table[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* Powers of ten to 1e27 are exact in a long double (5^27 < 2^64): the same values powl gives,
 * without its cost (a report reads every number it writes back once, to find the shortest). */
static const long double pow10_long[] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
    1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};

int lk_value_parse(double *out, const char *s, size_t len, char decimal_mark)
{
    if (!out || !s) return LK_EINVAL;
    *out = 0.0;
    lk_trim(&s, &len);
    if (len && len <= 15) { /* the common cell, a count: digits only, exact in a double */
        unsigned long long m = 0;
        size_t k = 0;
        for (; k < len; k++) {
            unsigned d = (unsigned)((unsigned char)s[k] - '0');
            if (d > 9) break;
            m = m * 10 + d;
        }
        if (k == len) {
            *out = (double)m;
            return LK_OK;
        }
    }
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) { neg = s[i] == '-'; i++; }
    unsigned long long mant = 0;
    int digits = 0, frac_digits = 0, sig = 0, dropped = 0;
    size_t int_start = i;
    while (i < len && lk_is_digit((unsigned char)s[i])) {
        if (sig < 19) { mant = mant * 10 + (unsigned)(s[i] - '0'); if (mant) sig++; }
        else dropped++;
        digits++;
        i++;
    }
    size_t int_digits = i - int_start;
    if (i < len && s[i] == decimal_mark) {
        i++;
        while (i < len && lk_is_digit((unsigned char)s[i])) {
            if (sig < 19) { mant = mant * 10 + (unsigned)(s[i] - '0'); if (mant) sig++; frac_digits++; }
            digits++;
            i++;
        }
    }
    if (digits == 0 || int_digits == 0) return LK_ENOTFOUND; /* ".5" is not how SSB writes numbers; ".." is a symbol */
    int exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        int eneg = 0, e = 0, edigits = 0;
        if (j < len && (s[j] == '-' || s[j] == '+')) { eneg = s[j] == '-'; j++; }
        while (j < len && lk_is_digit((unsigned char)s[j])) {
            if (e < 100000) e = e * 10 + (s[j] - '0');
            edigits++;
            j++;
        }
        if (edigits == 0) return LK_ENOTFOUND;
        exp10 = eneg ? -e : e;
        i = j;
    }
    if (i != len) return LK_ENOTFOUND;
    int scale = exp10 + dropped - frac_digits;
    double v;
    if (mant == 0) {
        v = 0.0;
    } else if (mant < (1ULL << 53) && scale >= -22 && scale <= 22) {
        v = (double)mant;
        v = scale < 0 ? v / pow10_table[-scale] : v * pow10_table[scale];
    } else {
        /* Rare (more than 15 significant digits, or large exponents): long double keeps the
         * error far below what any statistic shows; strtod would depend on the locale. */
        long double lv = scale >= -27 && scale <= 27
                             ? (scale < 0 ? (long double)mant / pow10_long[-scale] : (long double)mant * pow10_long[scale])
                             : (long double)mant * powl(10.0L, (long double)scale);
        if (!isfinite(lv) || lv > (long double)1.7976931348623157e308) return LK_ELIMIT;
        v = (double)lv;
    }
    if (!isfinite(v)) return LK_ELIMIT;
    *out = (neg && v != 0.0) ? -v : v; /* "-0" is zero, not negative zero */
    return LK_OK;
}

const char *lk_fhi_flag_symbol(const char *s, size_t len)
{
    if (!s) return NULL;
    lk_trim(&s, &len);
    if (len == 0) return "";
    if (len == 1) {
        switch (s[0]) {
        case '0': return "";
        case '1': return "..";
        case '2': return ".";
        case '3': return ":";
        case '4': return ":";
        case '9': return "..";
        default: return NULL;
        }
    }
    if (len == 2 && s[0] == '-' && s[1] == '1') return ":";
    return NULL;
}
