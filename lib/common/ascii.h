/* Locale-independent character tests: the library must not depend on setlocale(). */
#ifndef LK_ASCII_H
#define LK_ASCII_H

#include <stddef.h>

static inline int lk_is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int lk_is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int lk_is_lower(int c) { return c >= 'a' && c <= 'z'; }
static inline int lk_is_alpha(int c) { return lk_is_upper(c) || lk_is_lower(c); }
static inline int lk_is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
static inline int lk_to_lower(int c) { return lk_is_upper(c) ? c + ('a' - 'A') : c; }

/* Shrink [*s, *s + *len) so it has no leading or trailing ASCII spaces (also NBSP in UTF-8). */
static inline void lk_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    for (;;) {
        if (n > 0 && lk_is_space((unsigned char)p[0])) { p++; n--; }
        else if (n > 1 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) { p += 2; n -= 2; }
        else break;
    }
    for (;;) {
        if (n > 0 && lk_is_space((unsigned char)p[n - 1])) n--;
        else if (n > 1 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xA0) n -= 2;
        else break;
    }
    *s = p;
    *len = n;
}

#endif
