/**
 * @file levekar/labels.h
 * @brief Parsers for the small grammars inside SSB and FHI cells: region labels, periods and
 *        value cells (numbers or status symbols).
 *
 * These are pure functions on a byte range (not necessarily NUL-terminated) with no allocation,
 * usable on their own by analysts and fuzzed separately.
 *
 * @code
 * lk_region_label reg;
 * lk_period p;
 * double v;
 * if (lk_region_label_parse(&reg, "K-3301 Drammen", 14) == LK_OK)    // "3301", kommune, prefix 'K'
 *     printf("%s %s %.*s\n", reg.code, lk_level_name(reg.level), (int)reg.name_length, "K-3301 Drammen" + reg.name_offset);
 * if (lk_period_parse(&p, "2020M11", 7) == LK_OK) printf("%d month %d\n", p.first_year, p.sub);
 * if (lk_value_parse(&v, "2,4", 3, ',') == LK_OK) printf("%g\n", v); // 2.4; ".." is LK_ENOTFOUND
 * @endcode
 */
#ifndef LEVEKAR_LABELS_H
#define LEVEKAR_LABELS_H

#include "common.h"
#include "numbers.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Geographic level of a region. */
typedef enum lk_level {
    LK_LEVEL_NONE = 0,   /**< the observation has no region */
    LK_LEVEL_LAND,       /**< the whole country, code "0" */
    LK_LEVEL_FYLKE,      /**< county, 2 digits */
    LK_LEVEL_KOMMUNE,    /**< municipality, 4 digits */
    LK_LEVEL_BYDEL,      /**< city district, 6 digits with optional letters (030101a) */
    LK_LEVEL_GRUNNKRETS, /**< basic statistical unit (or delområde), 8 digits */
    LK_LEVEL_ZONE,       /**< a user-defined district (zone file) */
    LK_LEVEL_KOSTRA_GROUP, /**< a KOSTRA group of comparable kommuner (EKG13): not a fylke */
    LK_LEVEL_LAND_EX_OSLO, /**< KOSTRA's Landet uten Oslo (EAKUO): not landet */
    LK_LEVEL_OTHER       /**< aggregates (K-Rest, EAFK), names without code */
} lk_level;

/** @return "land", "fylke", "kommune", "bydel", "grunnkrets", "zone", "kostra-group",
 *          "land-ex-oslo", "other" or "" for NONE. */
LK_API const char *lk_level_name(lk_level level);

/** Longest canonical region code, including the terminating NUL. */
#define LK_REGION_CODE_MAX 16

/** A parsed region label such as `K-3005 Drammen`. */
typedef struct lk_region_label {
    /** canonical code without prefix ("3005", "0", "EKG13"); "" if none. KOSTRA's own codes for
     *  landet and fylker are canonical: `EAK` is "0" (land) and `EKA33` is "33" (fylke). */
    char code[LK_REGION_CODE_MAX];
    lk_level level;                /**< level deduced from the code */
    char prefix;                   /**< 'K' or 'F' for summed-series prefixes (K-, K_, K., F-), else 0 */
    size_t name_offset;            /**< the name starts this many bytes into the input ... */
    size_t name_length;            /**< ... and is this long, trailing spaces removed (0 if none) */
} lk_region_label;

/**
 * @brief Parse an SSB/FHI region label: `0 Hele landet`, `33 Buskerud`, `K-3005 Drammen`,
 *        `K_3001 Halden`, `K.3005 Drammen`, `F-33 Buskerud`, `030101a Gamle Oslo`,
 *        `03010101`, `EKA33 Buskerud`, `EKG13 ...`, `K-Rest Delte kommuner og uoppgitt`.
 *        KOSTRA aggregates: `EAK` → "0" (land), `EKAnn` → "nn" (fylke), `EAKUO` → level
 *        LK_LEVEL_LAND_EX_OSLO, `EKGnn` → LK_LEVEL_KOSTRA_GROUP; other `E…` codes are OTHER.
 * @param[out] out the parsed label; zeroed when the label has no code.
 * @param s the label bytes (UTF-8 or Latin-1; only ASCII is interpreted).
 * @param len number of bytes in @p s.
 * @return LK_OK when a code was recognised, LK_ENOTFOUND when the label is a name only
 *         (then `out->name_*` covers the trimmed label and `out->level` is LK_LEVEL_OTHER),
 *         LK_EINVAL when @p out is NULL.
 */
LK_API int lk_region_label_parse(lk_region_label *out, const char *s, size_t len);

/**
 * @brief Turn an FHI numeric GEO code (leading zeros dropped) into a canonical code:
 *        0 → "0" (land), 1–2 digits → fylke ("3" → "03"), 3–4 → kommune ("301" → "0301"),
 *        5–6 → bydel ("30101" → "030101"), 7–8 → grunnkrets.
 * @return LK_OK, or LK_ENOTFOUND when @p s is not 1 to 8 digits.
 */
LK_API int lk_region_from_fhi_geo(lk_region_label *out, const char *s, size_t len);

/** Kind of period. */
typedef enum lk_period_kind {
    LK_PERIOD_NONE = 0,
    LK_PERIOD_YEAR,    /**< 2023 (also FHI 2020_2020) */
    LK_PERIOD_HALF,    /**< 2023H1 */
    LK_PERIOD_QUARTER, /**< 2023K4 */
    LK_PERIOD_MONTH,   /**< 2023M01 */
    LK_PERIOD_WEEK,    /**< 2020U01 */
    LK_PERIOD_RANGE    /**< several years: 2006-2010, FHI 2019_2021 */
} lk_period_kind;

/** A parsed period. */
typedef struct lk_period {
    lk_period_kind kind;
    int first_year; /**< first calendar year covered */
    int last_year;  /**< last calendar year covered (== first_year except for ranges) */
    int sub;        /**< half 1–2, quarter 1–4, month 1–12 or week 1–53; 0 otherwise */
} lk_period;

/** Longest canonical period text, including the terminating NUL. */
#define LK_PERIOD_TEXT_MAX 16

/**
 * @brief Parse a period code: `2023`, `2023K4`, `2023M01`, `2023H1`, `2020U01`, `2006-2010`,
 *        FHI `2019_2021` and `2020_2020` (a one-year window, i.e. the year 2020).
 *        Years must lie in LK_PERIOD_YEAR_MIN–LK_PERIOD_YEAR_MAX (SSB's population series
 *        start in 1735); a week must exist in its year (ISO 8601: `2020U53` yes, `2023U53` no);
 *        surrounding spaces are allowed.
 * @return LK_OK, LK_ENOTFOUND when @p s is not a period (lk_period_problem() says whether it
 *         was meant as one), LK_EINVAL when @p out is NULL.
 */
LK_API int lk_period_parse(lk_period *out, const char *s, size_t len);

/** First and last year a period may name. */
#define LK_PERIOD_YEAR_MIN 1700
#define LK_PERIOD_YEAR_MAX 2199

/** @return the number of ISO 8601 weeks (52 or 53) of @p year, as SSB numbers weeks (`U`). */
LK_API int lk_period_weeks(int year);

/**
 * @brief Is @p s shaped like a period code without being a valid one (`2023U53`, `2023K5`,
 *        `2023M13`, `2021-2019`, `1699`-based codes)? Labels that merely start with a year
 *        ("2023 Halden", "2019 0-9 år") are not.
 * @param buf receives the reason (e.g. "2023 has no week 53 (its weeks are 01-52)");
 *        80 bytes are enough.
 * @return @p buf when @p s is a malformed period code, NULL otherwise (a valid period, or
 *         not period-shaped at all).
 */
LK_API const char *lk_period_problem(const char *s, size_t len, char *buf, size_t size);

/**
 * @brief Write the canonical text of a period: `2023`, `2023K4`, `2023M01`, `2023H1`,
 *        `2020U01`, `2019-2021`. Writes "" for LK_PERIOD_NONE.
 * @param buf receives the NUL-terminated text; @p size should be at least LK_PERIOD_TEXT_MAX.
 * @return the text length, or 0 when @p buf is too small (then buf is "" if size > 0).
 */
LK_API size_t lk_period_format(char *buf, size_t size, const lk_period *p);

/** Longest status token kept, including the terminating NUL (longer tokens are cut). */
#define LK_STATUS_MAX 32

/* lk_value_parse: levekar/numbers.h */

/**
 * @brief Map an FHI `SPVFLAGG` cell to the status symbol it stands for:
 *        0 → "" (value shown), 1 and 9 → "..", 2 → ".", 3, 4 and -1 → ":".
 * @return the static symbol, or NULL when the cell is not a known flag.
 */
LK_API const char *lk_fhi_flag_symbol(const char *s, size_t len);

/**
 * @brief Is a category label the total of its dimension ("Begge kjønn", "Alle aldre", "I alt",
 *        "Kjønn samlet", "Total", the code "0" ...; ASCII case ignored: FHI writes both
 *        "Kjønn samlet" and "kjønn samlet")? The one list every module uses to take a total
 *        instead of summing it with its parts.
 * @return 1 or 0 (0 for NULL).
 */
LK_API int lk_label_is_total(const char *label);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_LABELS_H */
