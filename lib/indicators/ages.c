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

/* Bands tiling [from, hi] with the fewest parts, by dynamic programming over the bands in
 * decreasing order of their first age: each band's best continuation is known before any band
 * that ends just below it is looked at, so the work is O(n log n) whatever the bands. (A
 * depth-first search tried each dead end twice per level: 120 single-year bands, with a gap
 * or past its depth limit, took 2^64 steps.) Ties go to the wider first band. */
typedef struct band_ref { int lo; size_t i; } band_ref;

static int by_lo_desc(const void *a, const void *b)
{
    const band_ref *x = a, *y = b;
    return x->lo != y->lo ? (x->lo < y->lo ? 1 : -1) : (x->i > y->i) - (x->i < y->i);
}

/* 1: tiled (chosen set), 0: no tiling, -1: out of memory. */
static int tile(const int *blo, const int *bhi, size_t n, int from, int hi, unsigned char *chosen)
{
    band_ref *order = malloc((n ? n : 1) * sizeof *order);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    size_t *cost = malloc((n ? n : 1) * sizeof *cost); /* parts from this band to hi; 0: cannot */
    int ok = -1;
    if (!order || !next || !cost) goto done;
    for (size_t i = 0; i < n; i++) order[i] = (band_ref){ blo[i], i };
    qsort(order, n, sizeof *order, by_lo_desc);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].i;
        cost[i] = 0;
        next[i] = SIZE_MAX;
        if (blo[i] < from || bhi[i] > hi) continue;
        if (bhi[i] == hi) {
            cost[i] = 1;
            continue;
        }
        /* the bands starting at bhi[i] + 1 were done before (order is by decreasing start) */
        size_t lo = 0, up = k; /* binary search in order[0..k) for the run with blo == bhi[i] + 1 */
        while (lo < up) {
            size_t mid = lo + (up - lo) / 2;
            if (order[mid].lo > bhi[i] + 1) lo = mid + 1;
            else up = mid;
        }
        for (size_t j = lo; j < k && order[j].lo == bhi[i] + 1; j++) {
            size_t b = order[j].i;
            if (cost[b] && (!cost[i] || cost[b] + 1 < cost[i] || (cost[b] + 1 == cost[i] && bhi[b] > bhi[next[i]]))) {
                cost[i] = cost[b] + 1;
                next[i] = b;
            }
        }
    }
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        if (blo[i] == from && cost[i] && (best == SIZE_MAX || cost[i] < cost[best] || (cost[i] == cost[best] && bhi[i] > bhi[best])))
            best = i;
    for (size_t i = best; i != SIZE_MAX; i = next[i]) chosen[i] = 1;
    ok = best != SIZE_MAX;
done:
    free(order);
    free(next);
    free(cost);
    return ok;
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
    int t = tile(band_lo, band_hi, n, lo, hi, chosen);
    if (t != 0) return t > 0 ? LK_OK : LK_ENOMEM;
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
