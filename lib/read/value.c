/* FHI's SPVFLAGG codes as the missing-value symbols of SSB (formats.md §3.2). */
#include <stddef.h>
#include "levekar/labels.h"
#include "../common/ascii.h"

const char *lk_fhi_flag_symbol(const char *s, size_t len)
{
    if (!s) return NULL;
    lk_trim(&s, &len);
    if (len == 0) return "";
    if (len == 1) {
        switch (s[0]) {
        case '0': return "";
        case '1': return "..";
        case '2': return ".";
        case '3': return ":";
        case '4': return ":";
        case '9': return "..";
        default: return NULL;
        }
    }
    if (len == 2 && s[0] == '-' && s[1] == '1') return ":";
    return NULL;
}
