/* Text encodings of real exports: SSB writes ISO-8859-1 (we accept Windows-1252, its superset),
 * FHI writes UTF-8 (KUBE files with a BOM). Everything inside levekar is UTF-8. */
#ifndef LK_ENCODING_H
#define LK_ENCODING_H

#include <stddef.h>

typedef enum lk_encoding {
    LK_ENC_UNKNOWN = 0, /* only ASCII seen so far */
    LK_ENC_UTF8,
    LK_ENC_CP1252
} lk_encoding;

/* Length of the longest valid UTF-8 prefix of s. With allow_truncated, an incomplete sequence
 * at the very end counts as valid (the rest is still to be read). */
size_t lk_utf8_valid_prefix(const unsigned char *s, size_t n, int allow_truncated);

/* 1 when s has a byte >= 0x80. */
int lk_has_non_ascii(const unsigned char *s, size_t n);

/* Bytes that Windows-1252 leaves undefined: a file containing them is not Latin-1 text. */
int lk_cp1252_undefined(unsigned char c);

/* Convert Windows-1252 bytes to UTF-8 in dst (room for 3*n bytes). Returns the length. */
size_t lk_cp1252_to_utf8(char *dst, const unsigned char *src, size_t n);

/* Repair text that was UTF-8, decoded as Latin-1 and encoded as UTF-8 again ("Ã¸" for "ø",
 * "Ã" + NEL for "Å": the FHI trap). In place; returns the new length and adds the number of
 * repaired characters to *repaired. */
size_t lk_utf8_repair_double(char *s, size_t n, size_t *repaired);

#endif
