/* gnuplot quoting: any text renders literally and any path names itself. The quoted form is read
 * back the way gnuplot 5.4 reads it (scanner.c's string tokens, with its look-ahead for '', and
 * parse_sq / parse_esc), and the @-macro scan of command.c is run over it:
 * - it is pieces '...' and "..." joined by '.', each piece one token;
 * - "..." pieces hold only \n and \0ooo escapes (no backquote, @, quote or other backslash);
 * - no @ is ever outside a string as the macro scan sees it;
 * - a text reads back as valid UTF-8 without controls other than line breaks and without "]]>"
 *   or "&#x", and, WORD JOINERs aside, as the input itself when that was valid UTF-8 with
 *   nothing to replace (no tab, CR or other control);
 * - a path reads back byte for byte as the input, after "./" unless it starts with '/'. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "levekar.h"
#include "../lib/report/report_internal.h"

/* gnuplot's reading of a quoted form into buf (room for len + 1); returns the length. */
static size_t read_back(const char *q, size_t len, char *buf)
{
    size_t i = 0, n = 0;
    for (;;) {
        if (i >= len) abort();
        char quote = q[i];
        if (quote == '\'') {
            size_t cur = i;
            while (q[++cur] != '\'') { /* scanner.c: '' is taken in only after another character */
                if (cur >= len) abort();
                if (q[cur + 1] == '\'' && q[cur + 2] == '\'') cur += 2;
            }
            for (size_t k = i + 1; k < cur; k++) { /* parse_sq */
                if (q[k] == '\'' && q[k + 1] == '\'') k++;
                buf[n++] = q[k];
            }
            i = cur + 1;
        } else if (quote == '"') {
            size_t k = i + 1;
            for (; k < len && q[k] != '"'; k++) {
                if (q[k] != '\\') abort(); /* nothing but escapes */
                if (q[k + 1] == 'n') {
                    buf[n++] = '\n';
                    k++;
                } else if (q[k + 1] == '0' && k + 4 < len && strspn(q + k + 2, "01234567") >= 3) {
                    buf[n++] = (char)((q[k + 2] - '0') * 64 + (q[k + 3] - '0') * 8 + (q[k + 4] - '0'));
                    k += 4;
                } else {
                    abort();
                }
            }
            if (k >= len) abort();
            i = k + 1;
        } else {
            abort();
        }
        if (i == len) return n;
        if (q[i++] != '.') abort();
    }
}

/* command.c's expand_1level_macros: would it expand an @ here? */
static void no_macro(const char *q, size_t len)
{
    int sq = 0, dq = 0, after_backslash = 0, comment = 0;
    for (size_t i = 0; i < len; i++) {
        char c = q[i];
        if (c == '@' && !sq && !dq && !comment) abort();
        if (c == '"') {
            if (!after_backslash) dq = !dq;
        } else if (c == '\'') {
            sq = !sq;
        } else if (c == '#' && !sq && !dq) {
            comment = 1;
        }
        after_backslash = c == '\\' && dq ? !after_backslash : 0;
    }
}

static char *quote(int (*fn)(FILE *, const char *), const char *s, size_t *len)
{
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f) return NULL;
    if (fn(f, s) != LK_OK) abort();
    fclose(f);
    return out;
}

/* Valid UTF-8 with no control other than a line break and no U+FFFE/U+FFFF. */
static int plain(const char *s)
{
    for (const char *p = s; *p;) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        if (cp == 0xFFFD && strncmp(p, "\xEF\xBF\xBD", 3) != 0) return 0;
        if (lk_char_unshowable(cp) || cp == '\t' || cp == '\r') return 0;
        p += n;
    }
    return 1;
}

static void drop_joiners(char *s)
{
    char *w = s;
    for (char *p = s; *p;)
        if (strncmp(p, "\xE2\x81\xA0", 3) == 0) p += 3;
        else *w++ = *p++;
    *w = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a C string: the text ends at its first NUL */
    size_t len;
    char *q = quote(lk_gnuplot_quote, s, &len);
    if (q) {
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)q[i] < 0x20 || q[i] == 0x7F) abort(); /* one line of the script */
        no_macro(q, len);
        char *back = malloc(len + 1), *in = strdup(s);
        if (!back || !in) abort();
        back[read_back(q, len, back)] = '\0';
        if (!plain(back) || strstr(back, "]]>") || strstr(back, "&#x")) abort();
        drop_joiners(back);
        drop_joiners(in);
        if (plain(s) && strcmp(back, in) != 0) abort();
        free(in);
        free(back);
        free(q);
    }
    q = quote(lk_gnuplot_quote_path, s, &len);
    if (q) {
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)q[i] < 0x20 || q[i] == 0x7F) abort();
        no_macro(q, len);
        char *back = malloc(len + 1);
        if (!back) abort();
        size_t n = read_back(q, len, back);
        size_t skip = s[0] == '/' ? 0 : 2;
        if (n != strlen(s) + skip || (skip && memcmp(back, "./", 2) != 0) || memcmp(back + skip, s, strlen(s)) != 0) abort();
        free(back);
        free(q);
    }
    free(s);
    return 0;
}
