/* A selection resolved against the metadata: each variable by its code or text, each value by
 * its code or text, each expression expanded to the codes it selects, so the cells of a query
 * are known before it is sent (and can be split) and no code is sent that the table lacks. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "select.h"

static int is_expr(const char *s, const char *name)
{
    size_t n = strlen(name), l = strlen(s);
    return l > n + 1 && strncasecmp(s, name, n) == 0 && s[n] == '(' && s[l - 1] == ')';
}

/* `*`, `A*`, `*A`, `*A*` against a code, ignoring case. */
static int wild(const char *pat, const char *code)
{
    size_t pl = strlen(pat), cl = strlen(code);
    int lead = pat[0] == '*', trail = pl > 1 && pat[pl - 1] == '*';
    const char *core = pat + lead;
    size_t kl = pl - (size_t)lead - (size_t)trail;
    if (pl == 1 && lead) return 1;
    if (kl > cl) return 0;
    if (lead && trail) {
        for (size_t i = 0; i + kl <= cl; i++) if (strncasecmp(code + i, core, kl) == 0) return 1;
        return 0;
    }
    if (lead) return strncasecmp(code + cl - kl, core, kl) == 0;
    if (trail) return strncasecmp(code, core, kl) == 0;
    return strcasecmp(pat, code) == 0;
}

static int qmark(const char *pat, const char *code)
{
    if (strlen(pat) != strlen(code)) return 0;
    for (; *pat; pat++, code++)
        if (*pat != '?' && tolower((unsigned char)*pat) != tolower((unsigned char)*code)) return 0;
    return 1;
}

static long find_code(const lk_fetch_var *v, const char *code, size_t len)
{
    for (size_t i = 0; i < v->n_values; i++)
        if (strlen(v->values[i].code) == len && strncasecmp(v->values[i].code, code, len) == 0) return (long)i;
    return -1;
}

/* A short list of what the variable has, for messages. */
static void examples(const lk_fetch_var *v, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->n_values && i < 6 && at + 1 < cap; i++) {
        int n = snprintf(buf + at, cap - at, "%s%s %s", i ? ", " : "", v->values[i].code, v->values[i].label);
        if (n < 0) break;
        at += (size_t)n < cap - at ? (size_t)n : cap - at - 1;
    }
    if (v->n_values > 6 && at + 5 < cap) snprintf(buf + at, cap - at, " ...");
}

/* Mark the values one item selects. 0, or -1 after the message. */
static int select_item(lk_fetch *f, const lk_fetch_meta *m, const lk_fetch_var *v, const char *item,
                       unsigned char *on)
{
    size_t n = v->n_values, hits = 0;
    char ex[512];
    if (is_expr(item, "top") || is_expr(item, "bottom")) {
        int top = tolower((unsigned char)item[0]) == 't';
        const char *a = strchr(item, '(') + 1;
        char *end;
        long cnt = strtol(a, &end, 10), off = 0;
        if (*end == ',') off = strtol(end + 1, &end, 10);
        if (cnt < 1 || off < 0 || *end != ')')
            return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s: bad expression '%s' (expected top(N) "
                            "or top(N,OFFSET), N at least 1)", m->table, v->code, item);
        /* SSB's guide: top gives the newest periods, the last in the table's order; for other
         * variables the first */
        int from_end = top == (v->role == LK_FETCH_ROLE_TIME);
        for (long k = off; k < off + cnt && (size_t)k < n; k++) {
            on[from_end ? n - 1 - (size_t)k : (size_t)k] = 1;
            hits++;
        }
    } else if (is_expr(item, "from") || is_expr(item, "to") || is_expr(item, "range")) {
        const char *a = strchr(item, '(') + 1, *close = item + strlen(item) - 1;
        long lo = 0, hi = (long)n - 1;
        if (tolower((unsigned char)item[0]) == 'r') {
            const char *comma = memchr(a, ',', (size_t)(close - a));
            lo = comma ? find_code(v, a, (size_t)(comma - a)) : -1;
            hi = comma ? find_code(v, comma + 1, (size_t)(close - comma - 1)) : -1;
        } else if (tolower((unsigned char)item[0]) == 'f') {
            lo = find_code(v, a, (size_t)(close - a));
        } else {
            hi = find_code(v, a, (size_t)(close - a));
        }
        if (lo < 0 || hi < 0) {
            examples(v, ex, sizeof ex);
            return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s: '%s' names a code the variable does not "
                            "have (expected codes such as %s)", m->table, v->code, item, ex);
        }
        for (long k = lo; k <= hi; k++) {
            on[k] = 1;
            hits++;
        }
    } else if (strchr(item, '*') || strchr(item, '?')) {
        int q = strchr(item, '*') == NULL;
        for (size_t k = 0; k < n; k++)
            if (q ? qmark(item, v->values[k].code) : wild(item, v->values[k].code)) {
                on[k] = 1;
                hits++;
            }
    } else {
        /* a code first; a text only where no code is it (a text may be another value's code:
         * that is ambiguous and said) */
        long code = find_code(v, item, strlen(item)), text = -1;
        size_t texts = 0;
        for (size_t k = 0; k < n; k++)
            if (strcasecmp(v->values[k].label, item) == 0 && (long)k != code) {
                if (texts++ == 0) text = (long)k;
            }
        if (code >= 0 && texts)
            return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s: '%s' is the code of %s and the text of "
                            "%s (expected one; give the code)", m->table, v->code, item, v->values[code].label,
                            v->values[text].code);
        if (code < 0 && texts > 1) {
            char list[512] = "";
            size_t at = 0;
            for (size_t k = 0; k < n && at + 1 < sizeof list; k++)
                if (strcasecmp(v->values[k].label, item) == 0) {
                    int w = snprintf(list + at, sizeof list - at, "%s%s", at ? ", " : "", v->values[k].code);
                    if (w < 0) break;
                    at += (size_t)w < sizeof list - at ? (size_t)w : sizeof list - at - 1;
                }
            return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s: '%s' is the text of several values: %s "
                            "(expected one; give the code)", m->table, v->code, item, list);
        }
        long k = code >= 0 ? code : text;
        if (k >= 0) {
            on[k] = 1;
            hits = 1;
        }
    }
    if (!hits) {
        examples(v, ex, sizeof ex);
        return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s (%s) has no value '%s' (expected a code or "
                        "text such as %s)", m->table, v->code, v->label, item, ex);
    }
    return 0;
}

static long find_var(lk_fetch *f, const lk_fetch_meta *m, const char *name)
{
    for (size_t i = 0; i < m->n_vars; i++)
        if (strcasecmp(m->vars[i].code, name) == 0) return (long)i;
    long hit = -1;
    for (size_t i = 0; i < m->n_vars; i++)
        if (strcasecmp(m->vars[i].label, name) == 0) {
            if (hit >= 0)
                return lk__fail(f, LK_FETCH_FAIL_QUERY, -1, "table %s: '%s' is the text of %s and %s (expected one; "
                                "give the code)", m->table, name, m->vars[hit].code, m->vars[i].code);
            hit = (long)i;
        }
    if (hit < 0) {
        char list[1024] = "";
        size_t at = 0;
        for (size_t i = 0; i < m->n_vars && at + 1 < sizeof list; i++) {
            int w = snprintf(list + at, sizeof list - at, "%s%s (%s)", i ? ", " : "", m->vars[i].code, m->vars[i].label);
            if (w < 0) break;
            at += (size_t)w < sizeof list - at ? (size_t)w : sizeof list - at - 1;
        }
        return lk__fail(f, LK_FETCH_FAIL_QUERY, -1, "table %s has no variable '%s' (expected one of %s)", m->table,
                        name, list);
    }
    return hit;
}

void lk__resolved_free(lk__resolved *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_vars; i++) free(r->vars[i].idx);
    free(r->vars);
    memset(r, 0, sizeof *r);
}

int lk__resolve(lk_fetch *f, const lk_fetch_meta *m, const lk_fetch_sel *sel, size_t n_sel, lk__resolved *out)
{
    memset(out, 0, sizeof *out);
    out->vars = calloc(m->n_vars ? m->n_vars : 1, sizeof *out->vars);
    if (!out->vars) return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", m->table);
    out->n_vars = m->n_vars;
    for (size_t s = 0; s < n_sel; s++) {
        long vi = find_var(f, m, sel[s].var);
        if (vi < 0) goto bad;
        const lk_fetch_var *v = &m->vars[vi];
        lk__rvar *rv = &out->vars[vi];
        if (rv->idx)
            return lk__resolved_free(out), lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s is selected twice "
                                                    "(expected one --select per variable)", m->table, v->code);
        unsigned char *on = calloc(v->n_values ? v->n_values : 1, 1);
        rv->idx = malloc((v->n_values ? v->n_values : 1) * sizeof *rv->idx);
        if (!on || !rv->idx) {
            free(on);
            lk__resolved_free(out);
            return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", m->table);
        }
        for (size_t k = 0; k < sel[s].n_values; k++)
            if (select_item(f, m, v, sel[s].values[k], on) != 0) {
                free(on);
                goto bad;
            }
        /* in the table's order, once each (the API answers 500 to a code given twice) */
        for (size_t k = 0; k < v->n_values; k++)
            if (on[k]) rv->idx[rv->n++] = k;
        free(on);
        rv->codelist = sel[s].codelist;
    }
    for (size_t i = 0; i < m->n_vars; i++)
        if (!out->vars[i].idx && !m->vars[i].elimination) {
            lk__resolved_free(out);
            return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s: %s (%s) must be selected (expected --select "
                            "%s=CODES; the API refuses a query without it)", m->table, m->vars[i].code,
                            m->vars[i].label, m->vars[i].code);
        }
    return LK_OK;
bad:
    lk__resolved_free(out);
    return LK_EDATA;
}

/* Chunk sizes under max: split the largest dimension (pxwebpy's rule), again while needed. */
size_t lk__split(const lk__resolved *r, size_t max, size_t *chunk, size_t keep_whole)
{
    size_t parts = 1;
    for (size_t i = 0; i < r->n_vars; i++) chunk[i] = r->vars[i].idx ? r->vars[i].n : 1;
    for (;;) {
        size_t cells = 1, big = 0;
        for (size_t i = 0; i < r->n_vars; i++) {
            cells *= chunk[i];
            if (i != keep_whole && (big == keep_whole || chunk[i] > chunk[big])) big = i;
        }
        if (big == keep_whole) break;
        if (cells <= max || chunk[big] <= 1) break;
        size_t others = cells / chunk[big];
        chunk[big] = others >= max ? 1 : max / others;
    }
    for (size_t i = 0; i < r->n_vars; i++) {
        size_t n = r->vars[i].idx ? r->vars[i].n : 1;
        parts *= (n + chunk[i] - 1) / chunk[i];
    }
    return parts;
}
