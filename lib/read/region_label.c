/* Region labels as they appear in SSB and FHI cells: "code name" with optional summed-series
 * prefixes (K-, K_, K., F-), bydel and grunnkrets codes, KOSTRA aggregates and FHI's numeric GEO.
 * Grammar (formats.md §1.7): ^([KF][-_.])?([0-9]{1,8}[a-z]{0,2}|E[A-Z]{1,5}[0-9]{0,2})( name)?$ */
#include <string.h>
#include "levekar/labels.h"
#include "../common/ascii.h"

const char *lk_level_name(lk_level level)
{
    switch (level) {
    case LK_LEVEL_LAND: return "land";
    case LK_LEVEL_FYLKE: return "fylke";
    case LK_LEVEL_KOMMUNE: return "kommune";
    case LK_LEVEL_BYDEL: return "bydel";
    case LK_LEVEL_GRUNNKRETS: return "grunnkrets";
    case LK_LEVEL_ZONE: return "zone";
    case LK_LEVEL_KOSTRA_GROUP: return "kostra-group";
    case LK_LEVEL_LAND_EX_OSLO: return "land-ex-oslo";
    case LK_LEVEL_OTHER: return "other";
    default: return "";
    }
}

/* Level from the shape of a canonical code. */
static lk_level level_of_code(const char *code, size_t len)
{
    size_t digits = 0;
    while (digits < len && lk_is_digit((unsigned char)code[digits])) digits++;
    size_t letters = len - digits;
    if (digits == len) {
        if (len == 1) return code[0] == '0' ? LK_LEVEL_LAND : LK_LEVEL_OTHER;
        if (len == 2) return LK_LEVEL_FYLKE;
        if (len == 4) return LK_LEVEL_KOMMUNE;
        if (len == 6) return LK_LEVEL_BYDEL;
        if (len == 8) return LK_LEVEL_GRUNNKRETS;
        return LK_LEVEL_OTHER;
    }
    if (digits == 6 && letters <= 2) return LK_LEVEL_BYDEL;
    return LK_LEVEL_OTHER;
}

/* KOSTRA's aggregate codes (tables.md §3.4): its landet and fylker are ours under their own
 * codes, so a KOSTRA file's EAK and EKA33 rows are landet and fylke 33 as published; Landet
 * uten Oslo and the KOSTRA groups have levels of their own, never mistaken for landet or a
 * fylke. The code is rewritten in place. */
static lk_level kostra_code(char *code)
{
    if (strcmp(code, "EAK") == 0) {
        strcpy(code, "0");
        return LK_LEVEL_LAND;
    }
    if (strncmp(code, "EKA", 3) == 0 && lk_is_digit((unsigned char)code[3]) && lk_is_digit((unsigned char)code[4])
        && !code[5]) {
        memmove(code, code + 3, 3);
        return LK_LEVEL_FYLKE;
    }
    if (strcmp(code, "EAKUO") == 0) return LK_LEVEL_LAND_EX_OSLO;
    if (strncmp(code, "EKG", 3) == 0 && lk_is_digit((unsigned char)code[3]) && lk_is_digit((unsigned char)code[4])
        && !code[5])
        return LK_LEVEL_KOSTRA_GROUP;
    return LK_LEVEL_OTHER;
}

static int is_boundary(const char *s, size_t len, size_t pos)
{
    return pos == len || s[pos] == ' ' || s[pos] == '\t';
}

int lk_region_label_parse(lk_region_label *out, const char *s, size_t len)
{
    if (!out) return LK_EINVAL;
    memset(out, 0, sizeof *out);
    if (!s) len = 0;
    const char *base = s;
    lk_trim(&s, &len);
    size_t start = (size_t)(s - base);
    size_t pos = 0, code_start, code_len = 0;

    if (len >= 3 && (s[0] == 'K' || s[0] == 'F') && (s[1] == '-' || s[1] == '_' || s[1] == '.')
        && (lk_is_digit((unsigned char)s[2]) || lk_is_alpha((unsigned char)s[2]))) {
        /* Summed series: the code runs to the first space ("K-21-22", "K-Rest"). */
        out->prefix = s[0];
        code_start = 2;
        pos = 2;
        while (pos < len && (lk_is_digit((unsigned char)s[pos]) || lk_is_alpha((unsigned char)s[pos]) || s[pos] == '-'))
            pos++;
        if (!is_boundary(s, len, pos)) goto name_only;
        code_len = pos - code_start;
    } else if (len >= 1 && lk_is_digit((unsigned char)s[0])) {
        code_start = 0;
        while (pos < len && lk_is_digit((unsigned char)s[pos])) pos++;
        if (pos > 8) goto name_only;
        size_t letters = 0;
        while (pos < len && lk_is_lower((unsigned char)s[pos]) && letters < 2) { pos++; letters++; }
        if (!is_boundary(s, len, pos)) goto name_only;
        code_len = pos;
    } else if (len >= 2 && s[0] == 'E' && lk_is_upper((unsigned char)s[1])) {
        /* KOSTRA aggregates: EAK (landet), EAKUO, EKA33 (fylke), EKG13 (KOSTRA group), EAB. */
        code_start = 0;
        pos = 1;
        while (pos < len && pos <= 5 && lk_is_upper((unsigned char)s[pos])) pos++;
        size_t d = 0;
        while (pos < len && lk_is_digit((unsigned char)s[pos]) && d < 2) { pos++; d++; }
        if (!is_boundary(s, len, pos)) goto name_only;
        code_len = pos;
    } else {
        goto name_only;
    }
    if (code_len == 0 || code_len >= LK_REGION_CODE_MAX) goto name_only;

    memcpy(out->code, s + code_start, code_len);
    out->code[code_len] = '\0';
    out->level = !out->prefix && s[code_start] == 'E' ? kostra_code(out->code) : level_of_code(out->code, code_len);
    if (out->prefix == 'F' && out->level != LK_LEVEL_FYLKE) out->level = LK_LEVEL_OTHER;
    while (pos < len && (s[pos] == ' ' || s[pos] == '\t')) pos++;
    /* PxWebApi v2 UseCodesAndTexts writes "3301 - Drammen" */
    if (pos + 1 < len && s[pos] == '-' && s[pos + 1] == ' ' && pos > code_start + code_len) {
        pos += 2;
        while (pos < len && s[pos] == ' ') pos++;
    }
    out->name_offset = start + pos;
    out->name_length = len - pos;
    return LK_OK;

name_only:
    memset(out, 0, sizeof *out);
    out->level = len ? LK_LEVEL_OTHER : LK_LEVEL_NONE;
    out->name_offset = start;
    out->name_length = len;
    return LK_ENOTFOUND;
}

int lk_region_from_fhi_geo(lk_region_label *out, const char *s, size_t len)
{
    if (!out) return LK_EINVAL;
    memset(out, 0, sizeof *out);
    if (!s) return LK_ENOTFOUND;
    lk_trim(&s, &len);
    if (len == 0 || len > 8) return LK_ENOTFOUND;
    for (size_t i = 0; i < len; i++)
        if (!lk_is_digit((unsigned char)s[i])) return LK_ENOTFOUND;
    /* Drop leading zeros, then pad to the width of the level. */
    while (len > 1 && s[0] == '0') { s++; len--; }
    size_t width;
    if (len == 1 && s[0] == '0') width = 1;
    else if (len <= 2) width = 2;
    else if (len <= 4) width = 4;
    else if (len <= 6) width = 6;
    else width = 8;
    size_t pad = width - len;
    memset(out->code, '0', pad);
    memcpy(out->code + pad, s, len);
    out->code[width] = '\0';
    out->level = level_of_code(out->code, width);
    return LK_OK;
}
