/* Numbers in value cells (levekar/numbers.h): a decimal point, or a decimal comma in
 * spreadsheet re-saves. Hand-written in front of strtod: strtod accepts "inf", "nan", hex floats
 * and leading spaces we want to control, and is slow in the hot loop. Every number comes out
 * correctly rounded (the double nearest to the decimal, as strtod in the C locale gives it):
 * exactly in the common cases, by strtod_l in a "C" locale of our own in the rare rest. In
 * lib/common so that every module reads numbers from below it. */
#define _GNU_SOURCE /* strtod_l (glibc, musl and the BSDs have it) */
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/numbers.h"
#include "ascii.h"

/* Exact powers of ten up to 1e22 are representable, so small cases stay correctly rounded. */
static const double pow10_table[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

#if LDBL_MANT_DIG >= 64
/* Powers of ten to 1e27 are exact in a long double (5^27 < 2^64). */
static const long double pow10_long[] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
    1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};

/* Up to 19 digits with |scale| <= 27 (the 16- and 17-digit numbers a report reads back to find
 * the shortest text): the mantissa and the power are exact in a long double, so the product or
 * quotient is rounded once, to 64 bits. Rounding that to 53 bits is wrong only when it landed
 * exactly halfway between two doubles: then 0, and the exact path decides. */
static int parse_long_double(double *out, unsigned long long mant, int scale)
{
    long double l = scale < 0 ? (long double)mant / pow10_long[-scale] : (long double)mant * pow10_long[scale];
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
    /* x87: the 64-bit significand (leading 1 explicit) lies first; l is in the normal range of a
     * double, which keeps its top 53 bits, so halfway is low 11 bits of exactly 100 0000 0000 */
    uint64_t bits;
    memcpy(&bits, &l, sizeof bits);
    if ((bits & 0x7FF) == 0x400) return 0;
    *out = (double)l;
#else
    double d = (double)l;
    if ((long double)d != l) {
        double other = nextafter(d, (long double)d < l ? HUGE_VAL : 0.0); /* the double beyond l */
        if ((long double)d + (long double)other == 2.0L * l) return 0; /* both sums are exact */
    }
    *out = d;
#endif
    return 1;
}
#else
static int parse_long_double(double *out, unsigned long long mant, int scale)
{
    (void)out;
    (void)mant;
    (void)scale;
    return 0;
}
#endif

/* strtod alone follows the caller's LC_NUMERIC (a decimal comma under nb_NO), and the library
 * must not change the global locale: a "C" locale of its own, made on first use. Two threads
 * may race to make it; the loser frees its copy. */
static _Atomic(locale_t) c_locale;

static locale_t the_c_locale(void)
{
    locale_t l = atomic_load_explicit(&c_locale, memory_order_acquire);
    if (l) return l;
    locale_t made = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!made) return (locale_t)0;
    locale_t expected = (locale_t)0;
    if (atomic_compare_exchange_strong(&c_locale, &expected, made)) return made;
    if (made != expected) freelocale(made); /* glibc hands every caller the same static one */
    return expected;
}

/* The digits in [b, e) (a decimal mark among them) times 10^exp10, correctly rounded by
 * strtod_l, rewritten as DIGITS e EXPONENT. A halfway point between two doubles has at most 767
 * significant digits, so the first 780 and a 1 standing for any nonzero digits after them lie
 * on the same side of every halfway point as the whole number, and round as it does. */
static int parse_exact(double *out, const char *b, const char *e, char mark, long long exp10)
{
    enum { KEEP = 780 };
    char buf[KEEP + 32];
    size_t k = 0;
    long long scale = exp10;
    int after_mark = 0, sticky = 0;
    for (const char *p = b; p < e; p++) {
        if (*p == mark) {
            after_mark = 1;
            continue;
        }
        if (after_mark) scale--;
        if (k == 0 && *p == '0') continue; /* leading zeros */
        if (k < KEEP) {
            buf[k++] = *p;
        } else {
            scale++;
            if (*p != '0') sticky = 1;
        }
    }
    if (k == 0) {
        *out = 0.0;
        return LK_OK;
    }
    if (sticky) {
        buf[k++] = '1';
        scale--;
    }
    snprintf(buf + k, sizeof buf - k, "e%lld", scale);
    locale_t loc = the_c_locale();
    if (!loc) return LK_ENOMEM;
    int saved = errno; /* strtod_l sets ERANGE; the caller's errno is not ours to change */
    double v = strtod_l(buf, NULL, loc);
    errno = saved;
    if (!isfinite(v)) return LK_ELIMIT;
    *out = v;
    return LK_OK;
}

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
    const char *digits_at = s + i;
    unsigned long long mant = 0; /* the first 19 significant digits: below 2^64 */
    int sig = 0, truncated = 0;  /* truncated: a nonzero digit after those 19 */
    long long dropped = 0, frac_digits = 0;
    size_t digits = 0;
    while (i < len && lk_is_digit((unsigned char)s[i])) {
        if (sig < 19) { mant = mant * 10 + (unsigned)(s[i] - '0'); if (mant) sig++; }
        else { dropped++; if (s[i] != '0') truncated = 1; }
        digits++;
        i++;
    }
    if (i < len && s[i] == decimal_mark) {
        i++;
        while (i < len && lk_is_digit((unsigned char)s[i])) {
            if (sig < 19) { mant = mant * 10 + (unsigned)(s[i] - '0'); if (mant) sig++; frac_digits++; }
            else if (s[i] != '0') truncated = 1;
            digits++;
            i++;
        }
    }
    if (digits == 0) return LK_ENOTFOUND; /* ".", "..", "-": status symbols; ".5" is a number */
    const char *digits_end = s + i;
    long long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        int eneg = 0, edigits = 0;
        long long e = 0;
        if (j < len && (s[j] == '-' || s[j] == '+')) { eneg = s[j] == '-'; j++; }
        while (j < len && lk_is_digit((unsigned char)s[j])) {
            /* capped: no cell has a billion digits to bring such an exponent back in range */
            e = e < 100000000 ? e * 10 + (s[j] - '0') : 1000000000;
            edigits++;
            j++;
        }
        if (edigits == 0) return LK_ENOTFOUND;
        exp10 = eneg ? -e : e;
        i = j;
    }
    if (i != len) return LK_ENOTFOUND;
    long long scale = exp10 + dropped - frac_digits;
    double v;
    if (mant == 0) {
        v = 0.0;
    } else if (!truncated && mant < (1ULL << 53) && scale >= -22 && scale <= 22) {
        /* both exact in a double: one correctly rounded operation */
        v = (double)mant;
        v = scale < 0 ? v / pow10_table[-scale] : v * pow10_table[scale];
    } else if (!truncated && scale >= -27 && scale <= 27 && parse_long_double(&v, mant, (int)scale)) {
        /* done */
    } else {
        int rc = parse_exact(&v, digits_at, digits_end, decimal_mark, exp10);
        if (rc != LK_OK) return rc;
    }
    *out = (neg && v != 0.0) ? -v : v; /* "-0" is zero, not negative zero */
    return LK_OK;
}
