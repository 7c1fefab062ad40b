/* Writing numbers (levekar/numbers.h): the shortest text that reads back as the same double,
 * without printf's locale or its slow multi-precision digits in the common range; and CSV
 * fields. Moved from lib/report so that lower modules (zones' coverage) write numbers too. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/numbers.h"

/* v's decimal digits rounded to 17 significant ones (digits[0..17)) and the decimal exponent of
 * the first, from one printf: the shorter candidates are rounded from these. */
static int digits17(double v, char *digits, int *exp10)
{
    char t[40];
    int n = snprintf(t, sizeof t, "%.16e", v < 0 ? -v : v); /* d.dddddddddddddddde±XX */
    if (n < 22 || (t[1] != '.' && t[1] != ',') || t[18] != 'e') return 0;
    digits[0] = t[0];
    memcpy(digits + 1, t + 2, 16);
    *exp10 = atoi(t + 19);
    return 1;
}

#if defined(__SIZEOF_INT128__) && defined(__GNUC__)
__extension__ typedef unsigned __int128 u128; /* gcc and clang: exact 128-bit products */

/* The same 17 digits without printf, exactly, for 1e-6 <= v < 2^53 (shares, rates, indexes,
 * counts beyond 1e15): v = m * 2^e with m < 2^53 and -72 <= e <= 0, so v * 10^p for the p that
 * gives 17 digits is the integer m * 10^p (below 2^127) shifted right by -e, and the bits
 * shifted out decide the rounding (half to even, as printf). printf's multi-precision digit
 * generation took most of a report's writing time. Returns 0 outside that range. */
static int digits17_exact(double v, char *digits, int *exp10)
{
    if (!(v >= 1e-6 && v < 9007199254740992.0)) return 0;
    int E;
    double f = frexp(v, &E);
    uint64_t m = (uint64_t)ldexp(f, 53); /* exact: f has 53 significant bits */
    unsigned shift = (unsigned)(53 - E);  /* v = m / 2^shift, shift 0 .. 72 */
    int x = (int)floor(log10(v));         /* the exponent, corrected below when log10 rounds across */
    for (int tries = 0; tries < 3; tries++) {
        int p = 16 - x;
        if (p < 0 || p > 22) return 0;
        u128 pw = 1;
        for (int i = 0; i < p; i++) pw *= 10;
        u128 n = (u128)m * pw, d = shift ? n >> shift : n;
        if (shift) {
            u128 rem = n & ((((u128)1) << shift) - 1), half = ((u128)1) << (shift - 1);
            if (rem > half || (rem == half && (d & 1))) d++;
        }
        const u128 lo = (u128)10000000000000000ull, hi = lo * 10;
        if (d >= hi) {
            x++;
            continue;
        }
        if (d < lo) {
            x--;
            continue;
        }
        uint64_t u = (uint64_t)d;
        for (int i = 16; i >= 0; i--) {
            digits[i] = (char)('0' + u % 10);
            u /= 10;
        }
        *exp10 = x;
        return 1;
    }
    return 0;
}
#else
static int digits17_exact(double v, char *digits, int *exp10)
{
    (void)v;
    (void)digits;
    (void)exp10;
    return 0;
}
#endif

/* Round digits[0..17) to p significant digits into out (a carry, 9.99 -> 10.0, moves the
 * exponent). Returns 0 when the dropped digits are exactly half (5, 50, ...): the 17 digits are
 * rounded themselves, so only printf knows on which side of half the exact value lies. */
static int round_digits(const char *digits, int exp10, int p, char *out, int *out_exp)
{
    int up = digits[p] > '5';
    if (digits[p] == '5') {
        int rest = 0;
        for (int i = p + 1; i < 17; i++)
            if (digits[i] != '0') rest = 1;
        if (!rest) return 0;
        up = 1;
    }
    memcpy(out, digits, (size_t)p);
    *out_exp = exp10;
    if (up) {
        int i = p - 1;
        while (i >= 0 && out[i] == '9') out[i--] = '0';
        if (i >= 0) {
            out[i]++;
        } else { /* 99.9 -> 100: a new first digit */
            out[0] = '1';
            (*out_exp)++;
        }
    }
    return 1;
}

/* Lay out p significant digits d as printf's %.{p}g does: trailing zeros dropped, the exponent
 * form when the exponent is below -4 or at least p. Returns the length, 0 when buf is short. */
static size_t layout_g(char *buf, size_t size, int neg, const char *d, int p, int exp10)
{
    int n = p;
    while (n > 1 && d[n - 1] == '0') n--;
    char t[48];
    size_t k = 0;
    if (neg) t[k++] = '-';
    if (exp10 < -4 || exp10 >= p) {
        t[k++] = d[0];
        if (n > 1) {
            t[k++] = '.';
            for (int i = 1; i < n; i++) t[k++] = d[i];
        }
        k += (size_t)snprintf(t + k, sizeof t - k, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    } else if (exp10 >= 0) {
        for (int i = 0; i <= exp10; i++) t[k++] = i < n ? d[i] : '0';
        if (n > exp10 + 1) {
            t[k++] = '.';
            for (int i = exp10 + 1; i < n; i++) t[k++] = d[i];
        }
    } else {
        t[k++] = '0';
        t[k++] = '.';
        for (int i = 0; i < -exp10 - 1; i++) t[k++] = '0';
        for (int i = 0; i < n; i++) t[k++] = d[i];
    }
    if (k + 1 > size) return 0;
    memcpy(buf, t, k);
    buf[k] = '\0';
    return k;
}

/* printf's %.{p}g of v, with a decimal point whatever the caller's LC_NUMERIC. */
static int printf_g(char *buf, size_t size, int p, double v)
{
    int n = snprintf(buf, size, "%.*g", p, v);
    if (n < 0 || (size_t)n >= size) return -1;
    for (int i = 0; i < n; i++)
        if (buf[i] == ',') buf[i] = '.';
    return n;
}

size_t lk_format_number(char *buf, size_t size, double v)
{
    if (!buf || size == 0) return 0;
    if (!isfinite(v)) { /* never "inf" or "nan" in output: the callers flag such a value instead */
        buf[0] = '\0';
        return 0;
    }
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v) { /* a count: its digits, as %.15g gives them */
        char t[24];
        unsigned long long u = v < 0 ? (unsigned long long)-(long long)v : (unsigned long long)v;
        size_t k = 0;
        do {
            t[k++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0) t[k++] = '-';
        if (k + 1 > size) {
            buf[0] = '\0';
            return 0;
        }
        for (size_t i = 0; i < k; i++) buf[i] = t[k - 1 - i];
        buf[k] = '\0';
        return k;
    }
    /* The shortest of %.15g / %.16g / %.17g that reads back as the same double. One printf
     * gives 17 digits; the shorter ones are rounded from them (printf again only when they end
     * in exactly half). */
    char d17[17], d[17];
    int e17 = 0, e = 0, n = 0;
    double a = v < 0 ? -v : v;
    int have = digits17_exact(a, d17, &e17) || digits17(v, d17, &e17);
    for (int prec = 15; prec <= 17; prec++) {
        if (have && prec == 17) {
            n = (int)layout_g(buf, size, v < 0, d17, 17, e17);
        } else if (have && round_digits(d17, e17, prec, d, &e)) {
            n = (int)layout_g(buf, size, v < 0, d, prec, e);
        } else {
            n = printf_g(buf, size, prec, v);
        }
        if (n <= 0) {
            buf[0] = '\0';
            return 0;
        }
        if (prec == 17) break; /* the last candidate stands whether or not it reads back */
        double back;
        if (lk_value_parse(&back, buf, (size_t)n, '.') == LK_OK && back == v) break;
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') { /* negative zero */
        buf[0] = '0';
        buf[1] = '\0';
        n = 1;
    }
    return (size_t)n;
}

int lk_csv_write_field(FILE *out, const char *s)
{
    if (!out) return LK_EINVAL;
    if (!s) s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
    } else {
        putc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"') putc('"', out);
            putc(*p, out);
        }
        putc('"', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

