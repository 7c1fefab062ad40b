/* Measure patterns and category selectors. A plain substring was the first rule, and it summed
 * the wrong measures on real files: "Personer" is part of "Sysselsatte personer etter bosted",
 * "TELLER" of "sumTELLER", "Sosialhjelpsmottakere" of every KOSTRA recipient measure
 * (tables.md §6). So a plain pattern is anchored at the start of the label and must end at a
 * word boundary, "=" asks for the whole label, "code:" for the ContentsCode, and "~" is the
 * explicit "anywhere" (still word-bounded). */
#include <string.h>
#include "match.h"
#include "../common/ascii.h"

/* A letter or digit for word boundaries: ASCII alphanumerics and every byte of a UTF-8
 * sequence (æ, ø, å are letters). */
static int is_word(int c)
{
    return lk_is_alpha(c) || lk_is_digit(c) || c >= 0x80;
}

static int same_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lk_to_lower((unsigned char)a[i]) != lk_to_lower((unsigned char)b[i])) return 0;
    return 1;
}

/* Is s[0..n) a unit as SSB and FHI write it in parentheses ("antall", "prosent", "1000 kr")? Only
 * a unit may be left out by "=": "(sesongjustert)" says what is measured, and is kept. */
static int is_unit(const char *s, size_t n)
{
    static const char *const units[] = { "antall", "prosent", "personer", "kr", "kroner", "number", "per cent",
                                         "percent", "promille", "%", "år", "måneder", "timer", NULL };
    for (size_t i = 0; units[i]; i++)
        if (strlen(units[i]) == n && same_ci(s, units[i], n)) return 1;
    return (n > 5 && same_ci(s, "1000 ", 5)) || (n > 4 && same_ci(s, "per ", 4)); /* 1000 kr, per 1000 innbyggere */
}

/* The label without a trailing "(unit)" and the spaces before it: "Beløp (1000 kr)" → "Beløp". */
static size_t without_unit(const char *s, size_t n)
{
    while (n && lk_is_space((unsigned char)s[n - 1])) n--;
    if (n && s[n - 1] == ')') {
        size_t k = n - 1;
        while (k && s[k - 1] != '(') k--;
        if (k > 1 && is_unit(s + k, n - 1 - k)) {
            k--; /* at '(' */
            while (k && lk_is_space((unsigned char)s[k - 1])) k--;
            if (k) n = k;
        }
    }
    return n;
}

static int one_matches(const char *label, size_t ll, const char *code, const char *p, size_t n)
{
    if (n > 5 && same_ci(p, "code:", 5)) {
        const char *c = p + 5;
        size_t cn = n - 5;
        lk_trim(&c, &cn);
        return code && strlen(code) == cn && memcmp(code, c, cn) == 0;
    }
    if (p[0] == '=') {
        const char *w = p + 1;
        size_t wn = n - 1;
        lk_trim(&w, &wn);
        if (ll == wn && same_ci(label, w, wn)) return 1;
        size_t core = without_unit(label, ll);
        return core == wn && same_ci(label, w, wn);
    }
    int anywhere = p[0] == '~';
    if (anywhere) {
        p++;
        n--;
        lk_trim(&p, &n);
    }
    if (!n) return 0;
    for (size_t i = 0; i + n <= ll; i++) {
        if (i > 0 && (!anywhere || is_word((unsigned char)label[i - 1]))) {
            if (!anywhere) return 0;
            continue;
        }
        if (!same_ci(label + i, p, n)) {
            if (!anywhere) return 0;
            continue;
        }
        if (i + n == ll || !is_word((unsigned char)label[i + n]) || !is_word((unsigned char)p[n - 1])) return 1;
        if (!anywhere) return 0;
    }
    return 0;
}

/* Call f on each trimmed, non-empty alternative of "a | b"; stop at the first that matches. */
#define EACH_ALTERNATIVE(list, S, N, BODY)                                     \
    do {                                                                       \
        const char *p_ = (list);                                               \
        while (*p_) {                                                          \
            const char *bar_ = strchr(p_, '|');                                \
            const char *e_ = bar_ ? bar_ : p_ + strlen(p_);                    \
            const char *S = p_;                                                \
            size_t N = (size_t)(e_ - p_);                                      \
            lk_trim(&S, &N);                                                   \
            if (N) { BODY }                                                    \
            p_ = bar_ ? bar_ + 1 : e_;                                         \
        }                                                                      \
    } while (0)

int lk__measure_match(const char *label, const char *code, const char *pattern)
{
    if (!*pattern) return 1;
    size_t ll = strlen(label);
    EACH_ALTERNATIVE(pattern, s, n, if (one_matches(label, ll, code, s, n)) return 1;);
    return 0;
}

int lk__value_match(const char *value, const char *alternatives)
{
    size_t vl = strlen(value);
    EACH_ALTERNATIVE(alternatives, s, n, {
        if (vl == n && same_ci(value, s, n)) return 1;
        if (vl > n && value[n] == ' ' && same_ci(value, s, n) && !lk_is_space((unsigned char)s[n - 1])) return 1;
    });
    return 0;
}

int lk__is_age_dimension(const char *name)
{
    return lk__name_match(name, "alder | age");
}

int lk__name_match(const char *name, const char *alternatives)
{
    size_t nl = strlen(name);
    EACH_ALTERNATIVE(alternatives, s, n, if (nl == n && same_ci(name, s, n)) return 1;);
    return 0;
}

/* ------------------------------------------------------------------ category selectors */

#include <stdio.h>
#include <stdlib.h>

int lk__selectors_parse(lk__selectors *out, const char *where, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (!where || !*where) return 0;
    size_t len = strlen(where);
    if (!(out->text = malloc(len + 1))) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    memcpy(out->text, where, len + 1);
    char *p = out->text;
    while (p && *p) {
        char *semi = strchr(p, ';');
        if (semi) *semi = '\0';
        char *eq = strchr(p, '=');
        const char *k = p;
        size_t kn = eq ? (size_t)(eq - p) : strlen(p);
        lk_trim(&k, &kn);
        if (!kn && !eq) { /* an empty clause: "a = b ;" */
            p = semi ? semi + 1 : NULL;
            continue;
        }
        const char *v = eq ? eq + 1 : "";
        size_t vn = strlen(v);
        lk_trim(&v, &vn);
        /* each side of '=' a list of non-empty alternatives, one '=' per clause ("? = b",
         * "a = |", "a = b = c" are mistakes, not categories) */
        int odd = !eq || !kn || !vn || memchr(v, '=', vn) || (kn == 1 && k[0] == '?');
        for (int side = 0; side < 2 && !odd; side++) {
            const char *t = side ? v : (k[0] == '?' ? k + 1 : k);
            size_t tn = side ? vn : (k[0] == '?' ? kn - 1 : kn);
            const char *q = t;
            while (q <= t + tn && !odd) { /* every alternative between bars has text */
                const char *bar = memchr(q, '|', (size_t)(t + tn - q));
                const char *e = bar ? bar : t + tn;
                const char *a = q;
                size_t an = (size_t)(e - q);
                lk_trim(&a, &an);
                if (!an) odd = 1;
                q = e + 1;
            }
        }
        if (odd) {
            snprintf(err, errsize, "'%s' (expected DIMENSION = VALUE | VALUE; clauses separated by ';')", where);
            lk__selectors_free(out);
            return -1;
        }
        if (out->n == LK_SELECT_MAX) {
            snprintf(err, errsize, "'%s' has more than %d clauses (expected at most %d)", where, LK_SELECT_MAX, LK_SELECT_MAX);
            lk__selectors_free(out);
            return -1;
        }
        ((char *)k)[kn] = '\0';
        ((char *)v)[vn] = '\0';
        out->s[out->n].names = k;
        out->s[out->n].values = v;
        out->n++;
        p = semi ? semi + 1 : NULL;
    }
    return 0;
}

void lk__selectors_free(lk__selectors *s)
{
    free(s->text);
    memset(s, 0, sizeof *s);
}

size_t lk__selectors_fail(const lk__selectors *s, const lk_obs *o)
{
    for (size_t k = 0; k < s->n; k++) {
        const char *names = s->s[k].names;
        int optional = names[0] == '?', ok = 0, present = 0;
        if (optional) names++;
        for (size_t i = 0; i < o->n_dims && !ok; i++)
            if (lk__name_match(o->dims[i].name, names)) {
                present = 1;
                ok = lk__value_match(o->dims[i].value, s->s[k].values);
            }
        if (!ok && !(optional && !present)) return k + 1;
    }
    return 0;
}
