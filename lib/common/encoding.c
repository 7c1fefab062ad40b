#include <stdint.h>
#include <string.h>
#include "encoding.h"

size_t lk_utf8_valid_prefix(const unsigned char *s, size_t n, int allow_truncated)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) { /* ASCII eight bytes at a time: most of a file */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t need;
        unsigned min;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1Fu; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0Fu; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07u; min = 0x10000; }
        else return i;
        size_t k;
        for (k = 1; k <= need; k++) {
            if (i + k >= n) return allow_truncated ? n : i;
            unsigned char d = s[i + k];
            if ((d & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (d & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += need + 1;
    }
    return n;
}

int lk_has_non_ascii(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) return 1;
    }
    for (; i < n; i++)
        if (s[i] >= 0x80) return 1;
    return 0;
}

int lk_cp1252_undefined(unsigned char c)
{
    return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

/* Windows-1252 0x80–0x9F as Unicode code points (0 = undefined, kept as the C1 control). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

size_t lk_cp1252_to_utf8(char *dst, const unsigned char *src, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned cp = src[i];
        if (cp < 0x80) { dst[o++] = (char)cp; continue; }
        if (cp < 0xA0 && cp1252_high[cp - 0x80]) cp = cp1252_high[cp - 0x80];
        if (cp < 0x800) {
            dst[o++] = (char)(0xC0 | (cp >> 6));
            dst[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            dst[o++] = (char)(0xE0 | (cp >> 12));
            dst[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            dst[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}

size_t lk_utf8_repair_double(char *s, size_t n, size_t *repaired)
{
    /* U+00C2..U+00DF (bytes C3 82..C3 9F) followed by U+0080..U+00BF (bytes C2 80..C2 BF) is a
     * two-byte UTF-8 sequence read as Latin-1: lead byte = second byte + 0x40. */
    unsigned char *p = (unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        if (i + 3 < n && p[i] == 0xC3 && p[i + 1] >= 0x82 && p[i + 1] <= 0x9F && p[i + 2] == 0xC2
            && p[i + 3] >= 0x80 && p[i + 3] <= 0xBF) {
            p[o++] = (unsigned char)(p[i + 1] + 0x40);
            p[o++] = p[i + 3];
            i += 4;
            if (repaired) (*repaired)++;
        } else {
            p[o++] = p[i++];
        }
    }
    return o;
}
