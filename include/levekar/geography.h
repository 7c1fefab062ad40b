/**
 * @file levekar/geography.h
 * @brief Kommuner and fylker through the reforms: names, validity, change events, and mapping
 *        a code of one year onto the borders of another.
 *
 * The built-in table covers kommuner valid from 2011 on and their changes up to 2024
 * (Kilde: Statistisk sentralbyrå, KLASS 131 and 104). Newer change lists can be loaded from
 * KLASS change exports (lk_geo_load_changes()), so a later reform needs no new release.
 * Kommune codes start with the code of their fylke, which gives the fylke of any year.
 *
 * @code
 * lk_geo *g;
 * lk_geo_unit u;
 * lk_geo_target t[16];
 * size_t n;
 * if (lk_geo_new(&g) == LK_OK) {
 *     if (lk_geo_unit_at(g, "3005", 2020, &u) == LK_OK) printf("%s\n", u.name);   // Drammen
 *     if (lk_geo_map(g, "3005", 2020, 2024, t, 16, &n) == LK_OK && n == 1)        // renumbered
 *         printf("3005 in 2020 is %s in 2024\n", t[0].code);                    // 3301
 * }
 * lk_geo_free(g);
 * @endcode
 */
#ifndef LEVEKAR_GEOGRAPHY_H
#define LEVEKAR_GEOGRAPHY_H

#include <stdio.h>
#include "common.h"
#include "labels.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of a change event. */
typedef enum lk_change_kind {
    LK_CHANGE_MERGE = 0, /**< several units became one */
    LK_CHANGE_SPLIT,     /**< one unit was divided between several */
    LK_CHANGE_MOVE,      /**< a new code for the same territory (renumbering, new fylke) */
    LK_CHANGE_RENAME     /**< same code, new name */
} lk_change_kind;

/** @return "merge", "split", "move" or "rename". */
LK_API const char *lk_change_kind_name(lk_change_kind kind);

/** A change event. Strings are owned by the geography. */
typedef struct lk_geo_change {
    int year;               /**< the change took effect on 1 January of this year */
    const char *from_code, *from_name;
    const char *to_code, *to_name;
    lk_change_kind kind;
    lk_level level;         /**< LK_LEVEL_KOMMUNE or LK_LEVEL_FYLKE */
} lk_geo_change;

/** A region valid in a year. */
typedef struct lk_geo_unit {
    const char *code;
    const char *name;
    lk_level level;
    int first_year, last_year;  /**< validity; last_year 9999 while still valid */
} lk_geo_unit;

/** Opaque geography: the built-in table plus loaded change lists. */
typedef struct lk_geo lk_geo;

/**
 * @brief Create a geography holding the built-in table.
 * @param[out] out the geography, freed with lk_geo_free(); NULL on failure.
 * @return LK_OK or LK_ENOMEM.
 */
LK_API int lk_geo_new(lk_geo **out);

/** Free a geography. NULL is a no-op. */
LK_API void lk_geo_free(lk_geo *g);

/** @return the last error as `FILE:LINE: what is wrong (expected ...)`, or "". */
LK_API const char *lk_geo_errmsg(const lk_geo *g);

/**
 * @brief Add kommune changes from a KLASS change export: a CSV (`;` or `,`, UTF-8 or Latin-1)
 *        with a header naming the columns oldCode, oldName, newCode, newName and
 *        changeOccurred (as KLASS's `changes` endpoint delivers them; `oldShortName` etc. are
 *        ignored). Changes already known are not added twice. Dates must exist (no 2028-02-30).
 *        At most 10,000 rows are read from files into one geography, and no unit may end up
 *        divided between more than 16 kommuner at any later year (the whole history since 1838
 *        needs 9); a file that breaks either limit is refused and adds nothing.
 * @return LK_OK; LK_EIO; LK_EDATA or LK_ELIMIT with the message `FILE:LINE: ...` on the
 *         geography; LK_ENOMEM.
 */
LK_API int lk_geo_load_changes(lk_geo *g, const char *path);

/** @return the year of the newest change known (2024 for the built-in table). */
LK_API int lk_geo_latest_change_year(const lk_geo *g);

/**
 * @brief Find the unit with @p code valid in @p year (kommune: 4 digits, fylke: 2, land: "0").
 * @param[out] out the unit (strings owned by @p g).
 * @return LK_OK or LK_ENOTFOUND.
 */
LK_API int lk_geo_unit_at(const lk_geo *g, const char *code, int year, lk_geo_unit *out);

/**
 * @brief Units of one level valid in a year, in code order.
 * @param[out] out array filled with up to @p max units; @param[out] n the total count.
 */
LK_API int lk_geo_units(const lk_geo *g, lk_level level, int year, lk_geo_unit *out, size_t max, size_t *n);

/** Change events in order (index 0 .. count-1). @return NULL past the end. */
LK_API const lk_geo_change *lk_geo_change_at(const lk_geo *g, size_t i);

/**
 * @brief Resolve a kommune or fylke name (as in old FHI exports) to its code in @p year.
 *        "Nes (Buskerud)" uses the fylke in parentheses to choose among duplicates;
 *        "Hele landet", "Landet" and "Norge" give "0". A name that is a kommune and a fylke
 *        with the same territory ("Oslo") is the kommune. Sámi and other multilingual names
 *        match with or without " - " between their forms ("Porsanger Porsángu Porsanki"). A
 *        year before 2011, where the table has no unit of that name, is looked up in 2011.
 * @param[out] code receives the code (at least LK_REGION_CODE_MAX bytes).
 * @param[out] level receives the level.
 * @return LK_OK; LK_ENOTFOUND (unknown name); LK_EDATA when the name is ambiguous (the message
 *         on @p g lists the candidates).
 */
LK_API int lk_geo_code_for_name(lk_geo *g, const char *name, int year, char *code, lk_level *level);

/** One unit at the target borders that a code maps to. */
typedef struct lk_geo_target {
    char code[LK_REGION_CODE_MAX];
    int exact;   /**< 0 when the source unit was split (it covers only part of this target) */
} lk_geo_target;

/**
 * @brief Map a kommune code used for data of @p year onto the borders of @p target_year.
 *        A code not valid in @p year but valid later (files that publish old years under
 *        today's codes) is taken as already on those borders.
 * @param[out] out up to @p max targets; @param[out] n their number (more than one: a split;
 *             never more than 16).
 * @return LK_OK; LK_ENOTFOUND for an unknown code; LK_EINVAL when @p target_year is before
 *         the borders the code describes and the unit changed in between; LK_ENOMEM.
 */
LK_API int lk_geo_map(const lk_geo *g, const char *code, int year, int target_year,
                      lk_geo_target *out, size_t max, size_t *n);

/**
 * @brief Map a grunnkrets (8 digits) or bydel/delområde code (6 digits) used for data of
 *        @p year onto the codes of @p target_year. When its kommune is only renumbered
 *        (Drammen 3005 → 3301 in 2024) the code keeps its last digits (30050101 → 33010101);
 *        grunnkrets changes loaded from a KLASS change list (lk_geo_load_changes() takes
 *        8-digit rows too) come first, so merged kommuner, whose grunnkretser get new numbers,
 *        map where the list says.
 * @param[out] out the code at @p target_year (9 bytes), or the code as far as it could go.
 * @param[out] why "" when mapped; else a status for a gap, never a guess:
 *        "~grunnkrets-renumbered" (the kommune merged or was divided and no change list gives
 *        the new numbers), "~split" (a listed grunnkrets divided between several),
 *        "~borders" (an earlier target year across a change of the kommune).
 * @return LK_OK (see @p why); LK_ENOTFOUND (not such a code, or a kommune the table does not
 *         know: @p out is the code as it is); LK_EINVAL; LK_ENOMEM. Not for concurrent use of
 *         one @p g (it keeps a memo).
 *
 * @code
 * char to[9]; const char *why;
 * lk_geo_map_subunit(g, "30050101", 2022, 2024, to, &why);   // to = "33010101", why = ""
 * @endcode
 */
LK_API int lk_geo_map_subunit(lk_geo *g, const char *code, int year, int target_year, char *out, const char **why);

/**
 * @brief Is the territory of kommune @p target (at @p target_year) the exact sum of whole
 *        units of @p year? 0 when some unit of @p year was split and only partly lies in it.
 * @return 1, 0, or -1 for an unknown code.
 */
LK_API int lk_geo_target_exact(const lk_geo *g, const char *target, int year, int target_year);

/**
 * @brief Does fylke @p fylke of @p year cover exactly the kommuner of one fylke at
 *        @p target_year? Then its published figures can be used at those borders.
 * @param[out] target receives that fylke's code (3 bytes) when the answer is 1.
 * @return 1 or 0.
 */
LK_API int lk_geo_fylke_maps_exactly(const lk_geo *g, const char *fylke, int year, int target_year, char *target);

/** Write the units of @p year (kommuner and fylker) as CSV `level,code,name,fylke`. */
LK_API int lk_geo_write_units(const lk_geo *g, int year, FILE *out);

/** Write the change events as CSV `year,level,kind,from_code,from_name,to_code,to_name`. */
LK_API int lk_geo_write_changes(const lk_geo *g, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_GEOGRAPHY_H */
