/* Units in labels and metadata (unit.h). The list is what SSB and FHI write (tables.md, formats.md):
 * SSB puts a unit in parentheses after the measure ("Beløp (1000 kr)", "(prosent)", "(antall)"),
 * FHI writes it as the måltall line ("andel (prosent)"), KOSTRA in running text ("i prosent av"). */
#include <string.h>
#include "unit.h"
#include "../common/ascii.h"

static int word_eq(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* The text inside a pair of parentheses is a unit: a unit word, a scale and a unit word
 * ("1000 personer", "1 000 kr"), or "per ..." ("per 1000 innbyggere"). */
static int unit_inside(const char *s, size_t n)
{
    static const char *const words[] = { "prosent", "%", "prosentpoeng", "promille", "antall", "personer", "kr",
                                         "kroner", "år", "\xC3\xA5r", "timer", "dager", "mill. kr", "mill. kroner",
                                         "millioner kroner", "1000 kr", "1 000 kr", "1000 kroner", "1000 personer",
                                         "1 000 personer", "innbyggere", "husholdninger", NULL };
    while (n && s[0] == ' ') { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    if (n == 0) return 0;
    for (size_t k = 0; words[k]; k++)
        if (word_eq(s, n, words[k])) return 1;
    if (n > 4 && memcmp(s, "per ", 4) == 0) return 1;
    if (lk_is_digit((unsigned char)s[0])) { /* a scale: "1000 personer", "100 000 innbyggere" */
        size_t i = 0;
        while (i < n && (lk_is_digit((unsigned char)s[i]) || s[i] == ' ')) i++;
        const char *rest = s + i;
        size_t rn = n - i;
        static const char *const scaled[] = { "personer", "kr", "kroner", "innbyggere", "husholdninger", "tonn", NULL };
        for (size_t k = 0; scaled[k]; k++)
            if (word_eq(rest, rn, scaled[k])) return 1;
    }
    return 0;
}

int lk_unit_find(const char *text, int words, size_t *at, size_t *len)
{
    if (!text) return 0;
    /* the last parenthesised unit: "Arbeidsstyrken (1000 personer) Ikke sesongjustert" */
    const char *best = NULL;
    size_t best_len = 0;
    for (const char *o = strchr(text, '('); o; o = strchr(o + 1, '(')) {
        const char *c = strchr(o + 1, ')');
        if (!c) break;
        if (unit_inside(o + 1, (size_t)(c - o - 1))) {
            best = o + 1;
            best_len = (size_t)(c - o - 1);
        }
    }
    if (best) {
        while (best_len && *best == ' ') { best++; best_len--; }
        while (best_len && best[best_len - 1] == ' ') best_len--;
        *at = (size_t)(best - text);
        *len = best_len;
        return 1;
    }
    if (!words) return 0;
    static const char *const phrases[] = { "per 100 000", "per 10 000", "per 1000", "per 1 000", "prosent", NULL };
    for (size_t k = 0; phrases[k]; k++) {
        const char *p = strstr(text, phrases[k]);
        size_t pl = strlen(phrases[k]);
        /* a whole word: "prosentpoeng" is not "prosent", "per 10000" not "per 1000" */
        while (p && ((p > text && p[-1] != ' ') || (p[pl] && p[pl] != ' ' && p[pl] != ',' && p[pl] != ')')))
            p = strstr(p + 1, phrases[k]);
        if (p) {
            *at = (size_t)(p - text);
            *len = pl;
            return 1;
        }
    }
    return 0;
}

int lk_unit_line(const char *text, size_t *at, size_t *len)
{
    size_t n = strlen(text);
    while (n && text[n - 1] == ' ') n--;
    /* FHI's måltall line of a count export is the unit word alone */
    if ((n == 6 && (memcmp(text, "antall", 6) == 0 || memcmp(text, "Antall", 6) == 0))) {
        *at = 0;
        *len = n;
        return 1;
    }
    if (n < 3 || text[n - 1] != ')') return 0;
    const char *o = memchr(text, '(', n);
    if (!o || memchr(o + 1, '(', (size_t)(text + n - o - 1))) return 0;
    for (const char *p = text; p < o; p++) /* at most one word before it */
        if (*p == ' ' && p + 1 < o) return 0;
    if (!unit_inside(o + 1, (size_t)(text + n - 1 - o - 1))) return 0;
    return lk_unit_find(text, 0, at, len);
}

size_t lk_code_and_text(const char *label)
{
    size_t n = 0;
    int digit = 0;
    while (label[n] && (lk_is_digit((unsigned char)label[n]) || lk_is_upper((unsigned char)label[n]) ||
                        (label[n] >= 'a' && label[n] <= 'z') || label[n] == '_')) {
        if (lk_is_digit((unsigned char)label[n])) digit = 1;
        n++;
    }
    if (!n || n > 40 || !digit || lk_is_digit((unsigned char)label[0])) return 0;
    return strncmp(label + n, " - ", 3) == 0 && label[n + 3] ? n : 0;
}
