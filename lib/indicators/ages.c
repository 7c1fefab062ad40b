/* Age labels and the choice of bands that cover an age range exactly once: real files hold
 * totals beside their parts (15-74 år next to 15-19 år ...), and a double count or a silent
 * partial count would be a wrong number in a plan document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/indicators.h"
#include "../common/ascii.h"

static int read_int(const char **p, int *v)
{
    const char *s = *p;
    if (!lk_is_digit((unsigned char)*s)) return 0;
    long n = 0;
    while (lk_is_digit((unsigned char)*s) && n < 100000) n = n * 10 + (*s++ - '0');
    *v = (int)n;
    *p = s;
    return 1;
}

static int rest_is(const char *s, const char *const *words)
{
    while (*s == ' ') s++;
    for (size_t i = 0; words[i]; i++)
        if (strcmp(s, words[i]) == 0) return 1;
    return 0;
}

int lk_age_parse(const char *s, int *lo, int *hi)
{
    static const char *const unit[] = { "", "år", "years", "year", "\xC3\xA5r", NULL };
    static const char *const older[] = { "år eller eldre", "år og eldre", "år +", "years or older", "years and over",
                                         "+", "år+", NULL };
    static const char *const totals[] = { "Alle aldre", "All ages", "I alt", "Total", "alle aldre", "Alle", NULL };
    if (!s || !lo || !hi) return LK_EINVAL;
    while (*s == ' ') s++;
    if (rest_is(s, totals)) {
        *lo = 0;
        *hi = LK_AGE_MAX;
        return LK_OK;
    }
    if (strncmp(s, "Under ", 6) == 0 || strncmp(s, "under ", 6) == 0) {
        const char *p = s + 6;
        int a;
        if (!read_int(&p, &a) || a < 1 || a > 130 || !rest_is(p, unit)) return LK_ENOTFOUND;
        *lo = 0;
        *hi = a - 1;
        return LK_OK;
    }
    const char *p = s;
    int a, b;
    if (!read_int(&p, &a)) return LK_ENOTFOUND;
    if (*p == '-' || *p == '_') {
        p++;
        if (!read_int(&p, &b) || b < a || !rest_is(p, unit)) return LK_ENOTFOUND;
        *lo = a;
        *hi = b >= 120 ? LK_AGE_MAX : b;
        return a <= 130 ? LK_OK : LK_ENOTFOUND;
    }
    if (rest_is(p, older)) {
        *lo = a;
        *hi = LK_AGE_MAX;
        return a <= 130 ? LK_OK : LK_ENOTFOUND;
    }
    if (*p == ' ' && rest_is(p, unit) && a <= 130) { /* "20 år": a plain number is not an age */
        *lo = *hi = a;
        return LK_OK;
    }
    return LK_ENOTFOUND;
}

/* Depth-first search for bands tiling [from, hi], widest first (fewest parts). */
static int tile(const int *blo, const int *bhi, size_t n, int from, int hi, unsigned char *chosen, int depth)
{
    if (from > hi) return 1;
    if (depth > 64) return 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (chosen[i] || blo[i] != from || bhi[i] > hi) continue;
            if (best == SIZE_MAX || (pass == 0 ? bhi[i] > bhi[best] : bhi[i] < bhi[best])) best = i;
        }
        if (best == SIZE_MAX) return 0;
        chosen[best] = 1;
        if (tile(blo, bhi, n, bhi[best] + 1, hi, chosen, depth + 1)) return 1;
        chosen[best] = 0;
    }
    return 0;
}

int lk_age_choose(const int *band_lo, const int *band_hi, size_t n, int lo, int hi, unsigned char *chosen,
                  size_t *straddle)
{
    if (!band_lo || !band_hi || !chosen || !straddle) return LK_EINVAL;
    memset(chosen, 0, n);
    *straddle = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        if (band_lo[i] == lo && band_hi[i] == hi) {
            chosen[i] = 1;
            return LK_OK;
        }
    if (tile(band_lo, band_hi, n, lo, hi, chosen, 0)) return LK_OK;
    memset(chosen, 0, n);
    for (size_t i = 0; i < n; i++) {
        int inside_lo = band_lo[i] >= lo && band_lo[i] <= hi, inside_hi = band_hi[i] >= lo && band_hi[i] <= hi;
        if (inside_lo != inside_hi && !(band_lo[i] <= lo && band_hi[i] >= hi)) {
            *straddle = i;
            break;
        }
    }
    return LK_EDATA;
}
