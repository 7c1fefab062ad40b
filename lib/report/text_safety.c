/* Text safety for every writer: UTF-8 checked and controls replaced, Markdown escaped so a name
 * shows as written, JSON strings (report_internal.h). */
#include <stdio.h>
#include <string.h>
#include "report_internal.h"
#include "report_write.h"

size_t lk_utf8_next(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0], lo = 0x80, hi = 0xBF;
    size_t need;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0Fu;
        if (c == 0xE0) lo = 0xA0; /* no overlong forms */
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07u;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        unsigned d = u[k]; /* a NUL is out of range: the end is never passed */
        if (d < lo || d > hi) {
            *cp = 0xFFFD;
            return k;
        }
        v = v << 6 | (d & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

int lk_char_unshowable(uint32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r') return 0;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

static size_t utf8_encode(char *b, uint32_t cp)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | cp >> 18);
    b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void lk_put_utf8(FILE *out, uint32_t cp)
{
    char b[4];
    fwrite(b, 1, utf8_encode(b, cp), out);
}

/* Where escaped text goes: a stream, or a buffer that counts what did not fit. */
typedef struct sink {
    FILE *out;
    char *dst;
    size_t size, len;
} sink;

static void sink_put(sink *k, const char *s, size_t n)
{
    if (k->out) fwrite(s, 1, n, k->out);
    else
        for (size_t i = 0; i < n; i++)
            if (k->len + i + 1 < k->size) k->dst[k->len + i] = s[i];
    k->len += n;
}

static void md_escape(sink *k, const char *s, int line_start)
{
    const char *p = s ? s : "", *escape_at = NULL;
    if (line_start) { /* what would open a block: a list, a setext underline, an ordered list */
        size_t digits = strspn(p, "0123456789");
        if (*p == '-' || *p == '+' || *p == '=') escape_at = p;
        else if (digits > 0 && digits < 10 && (p[digits] == '.' || p[digits] == ')')) escape_at = p + digits;
        else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') { /* four would be a code block */
            sink_put(k, "&#32;", 5);
            p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
        }
    }
    while (*p) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        char b[4];
        if (p == escape_at || (cp && cp < 0x80 && strchr("\\`*_[]|~#$", (int)cp))) {
            sink_put(k, "\\", 1);
            sink_put(k, p, 1);
        } else if (cp == '<') {
            sink_put(k, "&lt;", 4);
        } else if (cp == '>') {
            sink_put(k, "&gt;", 4);
        } else if (cp == '&') {
            sink_put(k, "&amp;", 5);
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            if (cp == '\r' && p[1] == '\n') n = 2;
            sink_put(k, " ", 1);
        } else {
            sink_put(k, b, utf8_encode(b, lk_char_unshowable(cp) ? 0xFFFD : cp));
        }
        p += n;
    }
}

size_t lk_md_escape(char *dst, size_t size, const char *s, int line_start)
{
    sink k = { NULL, dst, size, 0 };
    md_escape(&k, s, line_start);
    if (size) dst[k.len < size ? k.len : size - 1] = '\0';
    return k.len;
}

void lk_json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const char *p = s ? s : ""; *p;) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        p += n;
        switch (cp) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (cp < 0x20 || cp == 0x2028 || cp == 0x2029) fprintf(out, "\\u%04x", (unsigned)cp);
            else lk_put_utf8(out, cp);
        }
    }
    putc('"', out);
}

void rw_md_put(FILE *out, const char *s, int line_start)
{
    sink k = { out, NULL, 0, 0 };
    md_escape(&k, s, line_start);
}
