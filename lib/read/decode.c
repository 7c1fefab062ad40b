/* The encoding policy for a reader's text (the conversions are in common/encoding.c): one
 * encoding per file, decided by the first window or, when that was ASCII, by the first
 * non-ASCII label; a file that mixes UTF-8 and Latin-1 is an error, not half-garbled labels. */
#include <stdlib.h>
#include <string.h>
#include "reader_internal.h"
#include "../common/ascii.h"

const char *lk_reader_text(lk_reader *r, const char *raw, size_t len, unsigned long line, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)raw;
    int non_ascii = lk_has_non_ascii(u, len);
    if (non_ascii && r->enc == LK_ENC_UNKNOWN)
        r->enc = lk_utf8_valid_prefix(u, len, 0) == len ? LK_ENC_UTF8 : LK_ENC_CP1252;
    if (non_ascii && r->enc == LK_ENC_UTF8 && lk_utf8_valid_prefix(u, len, 0) != len) {
        if (r->enc_decided_non_ascii || r->had_bom) {
            size_t bad = lk_utf8_valid_prefix(u, len, 0);
            lk_reader_fail(r, LK_EDATA, line,
                           "invalid UTF-8 (byte 0x%02X after '%.*s'; expected the whole file in one "
                           "encoding, as earlier lines were UTF-8)", u[bad], (int)(bad > 40 ? 40 : bad), raw);
            return NULL;
        }
        r->enc = LK_ENC_CP1252; /* only ASCII was seen before: the first sample decided wrongly */
    }
    if (non_ascii && r->enc == LK_ENC_CP1252) {
        /* "Ã¥" in a Latin-1 file is a UTF-8 "å": a file mixing encodings (often two exports
         * pasted together). Decoding it either way would corrupt half of the labels. */
        for (size_t i = 0; i + 1 < len; i++)
            if (u[i] == 0xC3 && u[i + 1] >= 0x80 && u[i + 1] <= 0xBF) {
                lk_reader_fail(r, LK_EDATA, line,
                               "UTF-8 text '%.*s' in a file that also has ISO-8859-1 bytes (expected one "
                               "encoding for the whole file)", (int)(len > 40 ? 40 : len), raw);
                return NULL;
            }
    }
    if (non_ascii) r->enc_decided_non_ascii = 1;
    size_t need = non_ascii && r->enc == LK_ENC_CP1252 ? 3 * len : len;
    if (need + 1 > r->conv_cap) {
        size_t cap = r->conv_cap ? r->conv_cap : 256;
        while (cap < need + 1) cap *= 2;
        char *c = realloc(r->conv, cap);
        if (!c) { lk_reader_nomem(r); return NULL; }
        r->conv = c;
        r->conv_cap = cap;
    }
    size_t n;
    if (non_ascii && r->enc == LK_ENC_CP1252) {
        for (size_t i = 0; i < len; i++) {
            if (lk_cp1252_undefined(u[i])) {
                lk_reader_fail(r, LK_EDATA, line,
                               "byte 0x%02X is neither UTF-8 nor ISO-8859-1/Windows-1252 text "
                               "(expected a text export from SSB or FHI)", u[i]);
                return NULL;
            }
        }
        n = lk_cp1252_to_utf8(r->conv, u, len);
    } else {
        memcpy(r->conv, raw, len);
        n = len;
        if (non_ascii) n = lk_utf8_repair_double(r->conv, n, &r->info.repaired_chars);
    }
    const char *s = r->conv;
    lk_trim(&s, &n);
    char *out = lk_arena_strndup(&r->arena, s, n);
    if (!out) { lk_reader_nomem(r); return NULL; }
    if (out_len) *out_len = n;
    return out;
}
