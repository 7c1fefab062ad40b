/* Glued header cells (PxWeb joins the values of a column's heading variables with spaces):
 * what can be told apart without metadata. Ages ("15-74 år", "Alle aldre") at the end, a measure
 * closed by its parenthesised unit, and the grid the columns of a cube form. Runs once per file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "glued.h"
#include "names.h"
#include "../common/ascii.h"

/* Number of leading words a and b share (in bytes, up to the end of the last shared word). */
size_t lk_common_prefix_words(const char *a, const char *b)
{
    size_t i = 0, last = 0;
    while (a[i] && a[i] == b[i]) {
        i++;
        if ((a[i] == ' ' || a[i] == '\0') && (b[i] == ' ' || b[i] == '\0')) last = i;
    }
    return last;
}

/* An age category as SSB and FHI write it: "15-74 år", "0 år", "100 år eller eldre", "67 år og
 * over", "Alle aldre". Returns the length of the age at the end of t[0..n) (0 when none). */
size_t lk_age_suffix(const char *t, size_t n)
{
    static const char *const tails[] = { " \xC3\xA5r eller eldre", " \xC3\xA5r og eldre", " \xC3\xA5r og over",
                                         " \xC3\xA5r", NULL };
    static const char all[] = "Alle aldre";
    if (n >= sizeof all - 1 && memcmp(t + n - (sizeof all - 1), all, sizeof all - 1) == 0 &&
        (n == sizeof all - 1 || t[n - sizeof all] == ' '))
        return sizeof all - 1;
    for (size_t k = 0; tails[k]; k++) {
        size_t tl = strlen(tails[k]);
        if (n <= tl || memcmp(t + n - tl, tails[k], tl) != 0) continue;
        size_t e = n - tl, b = e; /* digits, or digits-digits, before the tail */
        while (b > 0 && lk_is_digit((unsigned char)t[b - 1])) b--;
        if (b == e) return 0;
        if (b > 1 && t[b - 1] == '-' && lk_is_digit((unsigned char)t[b - 2])) {
            b--;
            while (b > 0 && lk_is_digit((unsigned char)t[b - 1])) b--;
        }
        if (b > 0 && t[b - 1] != ' ') return 0;
        return n - b;
    }
    return 0;
}

int lk_is_age(const char *t)
{
    size_t n = strlen(t);
    return n && lk_age_suffix(t, n) == n;
}

int lk_is_age_var(const char *name)
{
    return lk_name_eq(name, "alder") || lk_name_eq(name, "age");
}

/* A glued header holding the measure and the values of several variables the title lists
 * ("Arbeidsstyrken (1000 personer) Ikke sesongjustert 15-74 år" for statistikkvariabel,
 * justering and alder): split at what can be told without metadata, an age at the end and a
 * parenthesised unit that closes the measure. Writes the measure and the values in the order of
 * left[] into parts; returns 1 when the text splits into exactly 1 + nl parts, 0 when it does
 * not, -1 when memory ran out. */
int lk_split_measure_and_vars(lk_arena *ar, const char *t, const char *const *left, size_t nl, const char **parts)
{
    if (nl < 1 || nl > 2) return 0;
    size_t n = strlen(t), age_at = SIZE_MAX;
    const char *age = NULL;
    for (size_t v = 0; v < nl; v++)
        if (lk_is_age_var(left[v])) {
            size_t a = lk_age_suffix(t, n);
            if (!a || a == n) return 0;
            age_at = v;
            age = t + n - a;
            n -= a + 1;
            while (n && t[n - 1] == ' ') n--;
        }
    size_t others = nl - (age ? 1 : 0);
    const char *rest = NULL;
    size_t mlen = n;
    if (others == 1) { /* the measure ends at its unit: "Arbeidsstyrken (1000 personer)" */
        const char *close = NULL;
        for (const char *q = t; q < t + n && (q = memchr(q, ')', (size_t)(t + n - q))) != NULL; q++)
            if (q + 1 < t + n && q[1] == ' ') { close = q; break; }
        if (!close) return 0;
        mlen = (size_t)(close + 1 - t);
        rest = close + 2;
        while (*rest == ' ') rest++;
        if (rest >= t + n) return 0;
    } else if (others != 0) {
        return 0;
    }
    if (!(parts[0] = lk_arena_strndup(ar, t, mlen))) return -1;
    for (size_t v = 0; v < nl; v++) {
        if (v == age_at) parts[1 + v] = age;
        else if (!(parts[1 + v] = lk_arena_strndup(ar, rest, (size_t)(t + n - rest)))) return -1;
    }
    return 1;
}


/* The glued headers of all value columns as a grid (PxWeb writes a cube's heading values in
 * order, the first variable slowest): "Arbeidsstyrken Ikke sesongjustert", "Arbeidsstyrken
 * Sesongjustert", "Arbeidsledige Ikke sesongjustert", "Arbeidsledige Sesongjustert". For each
 * block size s, the s columns of a block share the measure (their common leading words) and every
 * block has the same rest in the same order; exactly one s must fit, else nothing is split. An age
 * at the end is split off first when the title lists alder. */
int lk_split_glued_grid(lk_arena *ar, const char *const *texts, size_t n, const char *const *left, size_t nl,
                        const char **parts)
{
    if (n < 4 || nl < 1 || nl > 2 || n > 4096) return 0;
    size_t age_at = SIZE_MAX;
    for (size_t v = 0; v < nl; v++)
        if (lk_is_age_var(left[v])) age_at = v;
    if (nl - (age_at != SIZE_MAX) != 1) return 0;
    const char **base = malloc(n * sizeof *base), **age = malloc(n * sizeof *age);
    size_t *pre = malloc(n * sizeof *pre);
    int rc = base && age && pre ? 0 : -1, fits_all = 1, found = 0;
    size_t best = 0;
    for (size_t i = 0; rc == 0 && fits_all && i < n; i++) {
        const char *t = texts[i];
        size_t len = strlen(t), a = age_at != SIZE_MAX ? lk_age_suffix(t, len) : 0;
        if (age_at != SIZE_MAX && (!a || a == len)) {
            fits_all = 0;
            break;
        }
        age[i] = t + len - a;
        size_t bl = len - a;
        while (bl && t[bl - 1] == ' ') bl--;
        if (!(base[i] = lk_arena_strndup(ar, t, bl))) rc = -1;
    }
    for (size_t s = 2; rc == 0 && fits_all && s <= n / 2; s++) {
        if (n % s) continue;
        int fits = 1;
        for (size_t b = 0; b < n && fits; b += s) { /* each block's shared leading words */
            size_t p = SIZE_MAX;
            for (size_t i = b + 1; i < b + s; i++) {
                size_t c = lk_common_prefix_words(base[b], base[i]);
                if (c < p) p = c;
            }
            for (size_t i = b; i < b + s && fits; i++) {
                pre[i] = p;
                if (p == 0 || base[i][p] != ' ') fits = 0; /* a measure and a rest, both non-empty */
            }
        }
        for (size_t i = s; i < n && fits; i++) /* the same rest in every block, the measures apart */
            if (strcmp(base[i] + pre[i], base[i % s] + pre[i % s]) != 0 ||
                (i % s == 0 && pre[i] == pre[0] && strncmp(base[i], base[0], pre[0]) == 0))
                fits = 0;
        if (fits) {
            found++;
            best = s;
        }
    }
    if (rc == 0 && fits_all && found == 1) {
        size_t s = best;
        rc = 1;
        for (size_t b = 0; b < n && rc == 1; b += s) {
            size_t p = SIZE_MAX;
            for (size_t i = b + 1; i < b + s; i++) {
                size_t c = lk_common_prefix_words(base[b], base[i]);
                if (c < p) p = c;
            }
            for (size_t i = b; i < b + s && rc == 1; i++) {
                const char **out = parts + i * (1 + nl);
                if (!(out[0] = lk_arena_strndup(ar, base[i], p))) rc = -1;
                for (size_t v = 0; v < nl; v++) out[1 + v] = v == age_at ? age[i] : base[i] + p + 1;
            }
        }
    }
    free(base);
    free(age);
    free(pre);
    return rc;
}
