#include <csv.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include "scan.h"

void lk_fields_init(lk_fields *f)
{
    memset(f, 0, sizeof *f);
}

void lk_fields_free(lk_fields *f)
{
    if (f->csv) {
        csv_free(f->csv);
        free(f->csv);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

static int push(lk_fields *f, char *p, size_t len, int quoted)
{
    if (f->n == f->cap) {
        if (f->cap >= LK_MAX_COLUMNS) return LK_SPLIT_TOO_MANY;
        size_t cap = f->cap ? f->cap * 2 : 64;
        lk_field *v = realloc(f->v, cap * sizeof *v);
        if (!v) return LK_SPLIT_NOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n].p = p;
    f->v[f->n].len = len;
    f->v[f->n].quoted = quoted;
    f->n++;
    return LK_SPLIT_OK;
}

static lk_split_error split_masked(lk_fields *f, char *line, size_t len, char delim, size_t first, size_t at,
                                   int padded, size_t *bad_field);

lk_split_error lk_split_fast(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field)
{
    return split_masked(f, line, len, delim, 0, 0, 0, bad_field);
}

/* The memchr scanner: from p to the end of the line, f->n fields already split. It unquotes ""
 * escapes in place (the masked scanner below hands such lines over to it). */
static lk_split_error split_scalar(lk_fields *f, char *line, char *p, size_t len, char delim, size_t *bad_field)
{
    char *end = line + len;
    int rc;
    for (;;) {
        if (p < end && *p == '"') {
            char *start = p + 1, *w = start, *r = start;
            for (;;) {
                char *q = memchr(r, '"', (size_t)(end - r));
                if (!q) {
                    *bad_field = f->n + 1;
                    return LK_SPLIT_UNCLOSED_QUOTE;
                }
                if (w != r) memmove(w, r, (size_t)(q - r));
                w += q - r;
                if (q + 1 < end && q[1] == '"') { /* "" is an escaped quote */
                    f->modified = 1;
                    *w++ = '"';
                    r = q + 2;
                    continue;
                }
                r = q + 1;
                break;
            }
            if ((rc = push(f, start, (size_t)(w - start), 1)) != LK_SPLIT_OK) return (lk_split_error)rc;
            p = r;
            if (p == end) return LK_SPLIT_OK;
            if (*p != delim) {
                *bad_field = f->n;
                return LK_SPLIT_STRAY_QUOTE;
            }
            p++;
        } else {
            char *q = memchr(p, delim, (size_t)(end - p));
            char *fe = q ? q : end;
            if (memchr(p, '"', (size_t)(fe - p))) {
                *bad_field = f->n + 1;
                return LK_SPLIT_STRAY_QUOTE;
            }
            if ((rc = push(f, p, (size_t)(fe - p), 0)) != LK_SPLIT_OK) return (lk_split_error)rc;
            if (!q) return LK_SPLIT_OK;
            p = q + 1;
        }
    }
}

/* The masked scanner, for the short rest of a line (the common case: a long file's row after
 * the prefix it shares with the row before). One pass sets a bit per quote and per delimiter;
 * fields then come from bit scans instead of two or three memchr calls each, whose call and
 * set-up cost more than the search on fields of a few bytes. */
#define MASK_WORDS 8 /* lines whose rest is longer than 512 bytes take the memchr scanner */

static void quote_delim_masks(const char *s, size_t n, char delim, int padded, uint64_t *qm, uint64_t *dm)
{
    size_t words = (n + 63) / 64;
    for (size_t w = 0; w < words; w++) {
        uint64_t q = 0, d = 0;
        size_t base = w * 64;
#if defined(__SSE2__)
        const __m128i vq = _mm_set1_epi8('"'), vd = _mm_set1_epi8(delim);
        for (size_t b = 0; b < 64 && base + b < n; b += 16) {
            __m128i v;
            if (base + b + 16 <= n || padded) {
                v = _mm_loadu_si128((const __m128i *)(const void *)(s + base + b));
            } else { /* the line's last bytes, and nothing readable after them */
                char tmp[16] = { 0 };
                memcpy(tmp, s + base + b, n - base - b);
                v = _mm_loadu_si128((const __m128i *)(const void *)tmp);
            }
            q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq)) << b;
            d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd)) << b;
        }
#else
        for (size_t b = 0; b < 64 && base + b < n; b++) {
            q |= (uint64_t)(s[base + b] == '"') << b;
            d |= (uint64_t)(s[base + b] == delim) << b;
        }
#endif
        if (n - base < 64) { /* bits past the line's end (padding bytes) are not the line's */
            uint64_t keep = (1ull << (n - base)) - 1;
            q &= keep;
            d &= keep;
        }
        qm[w] = q;
        dm[w] = d;
    }
}

/* The first set bit at or after `from` in m[0..words), or `none`. */
static inline size_t next_bit(const uint64_t *m, size_t words, size_t from, size_t none)
{
    size_t w = from >> 6;
    if (w >= words) return none;
    uint64_t bits = m[w] & (~0ull << (from & 63));
    while (!bits) {
        if (++w == words) return none;
        bits = m[w];
    }
    return (w << 6) + (size_t)__builtin_ctzll(bits);
}

static lk_split_error split_masked(lk_fields *f, char *line, size_t len, char delim, size_t first, size_t at,
                                   int padded, size_t *bad_field)
{
    f->n = first;
    f->modified = 0;
    size_t n = len - at;
    if (n > MASK_WORDS * 64) return split_scalar(f, line, line + at, len, delim, bad_field);
    char *s = line + at;
    uint64_t qm[MASK_WORDS], dm[MASK_WORDS];
    size_t words = (n + 63) / 64;
    quote_delim_masks(s, n, delim, padded, qm, dm);
    size_t pos = 0;
    int rc;
    for (;;) {
        if (pos < n && s[pos] == '"') {
            size_t q = next_bit(qm, words, pos + 1, n);
            if (q == n) {
                *bad_field = f->n + 1;
                return LK_SPLIT_UNCLOSED_QUOTE;
            }
            if (q + 1 < n && s[q + 1] == '"') /* a "" escape: unquote in place from this field on */
                return split_scalar(f, line, s + pos, len, delim, bad_field);
            if ((rc = push(f, s + pos + 1, q - pos - 1, 1)) != LK_SPLIT_OK) return (lk_split_error)rc;
            pos = q + 1;
            if (pos == n) return LK_SPLIT_OK;
            if (s[pos] != delim) {
                *bad_field = f->n;
                return LK_SPLIT_STRAY_QUOTE;
            }
            pos++;
        } else {
            size_t d = next_bit(dm, words, pos, n);
            if (next_bit(qm, words, pos, n) < d) {
                *bad_field = f->n + 1;
                return LK_SPLIT_STRAY_QUOTE;
            }
            if ((rc = push(f, s + pos, d - pos, 0)) != LK_SPLIT_OK) return (lk_split_error)rc;
            if (d == n) return LK_SPLIT_OK;
            pos = d + 1;
        }
    }
}

lk_split_error lk_split_fast_from(lk_fields *f, char *line, size_t len, char delim, size_t first, size_t at,
                                  size_t *bad_field)
{
    return split_masked(f, line, len, delim, first, at, 1, bad_field);
}

size_t lk_split_count(const char *line, size_t len, char delim)
{
    const char *p = line, *end = line + len;
    size_t n = 0;
    for (;;) {
        n++;
        if (p < end && *p == '"') {
            const char *r = p + 1;
            for (;;) { /* to the closing quote, over "" escapes */
                const char *q = memchr(r, '"', (size_t)(end - r));
                if (!q) return 0;
                if (q + 1 < end && q[1] == '"') {
                    r = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            if (p == end) return n;
            if (*p != delim) return 0;
            p++;
        } else {
            const char *q = memchr(p, delim, (size_t)(end - p));
            const char *fe = q ? q : end;
            if (memchr(p, '"', (size_t)(fe - p))) return 0;
            if (!q) return n;
            p = q + 1;
        }
    }
}

/* libcsv callbacks: fields are copied back into the line buffer, which is safe because every
 * field is delivered only after its bytes were consumed and is never longer than its source. */
static void on_field(void *s, size_t len, void *data)
{
    lk_fields *f = data;
    char *dst = f->out;
    if (len) memmove(dst, s, len);
    f->out += len;
    if (push(f, dst, len, 0) != LK_SPLIT_OK) f->oom = 1;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* keep spaces, as the fast scanner does; trimming is the label parsers' job */
}

lk_split_error lk_split_libcsv(lk_fields *f, char *line, size_t len, char delim, size_t *bad_field)
{
    struct csv_parser *p = f->csv;
    if (!p) {
        p = malloc(sizeof *p);
        if (!p || csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
            free(p);
            return LK_SPLIT_NOMEM;
        }
        csv_set_space_func(p, no_space);
        f->csv = p;
    }
    csv_set_opts(p, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_delim(p, (unsigned char)delim);
    f->n = 0;
    f->out = line;
    f->oom = 0;
    f->modified = 1; /* libcsv writes the unquoted fields back into the line */
    size_t used = csv_parse(p, line, len, on_field, NULL, f);
    int err = used != len ? csv_error(p) : 0;
    if (!err && csv_fini(p, on_field, NULL, f) != 0) err = csv_error(p);
    if (err) {
        /* csv_fini() does not reset a parser stopped inside a quote: start a fresh one. */
        csv_free(p);
        free(p);
        f->csv = NULL;
        *bad_field = f->n + 1;
        if (err == CSV_ENOMEM) return LK_SPLIT_NOMEM;
        if (err == CSV_ETOOBIG) return LK_SPLIT_TOO_MANY;
        return used == len ? LK_SPLIT_UNCLOSED_QUOTE : LK_SPLIT_STRAY_QUOTE;
    }
    if (f->oom) return f->n >= LK_MAX_COLUMNS ? LK_SPLIT_TOO_MANY : LK_SPLIT_NOMEM;
    if (f->n == 0) return (lk_split_error)push(f, line, 0, 0); /* an empty line is one empty field */
    return LK_SPLIT_OK;
}
