/* The built-in geography as generated data (geo_table.c) and hand-written fylker (geo_fylker.c). */
#ifndef LK_GEO_TABLE_H
#define LK_GEO_TABLE_H

#include <stddef.h>
#include "levekar/geography.h"

/* Codes and names are arrays, not pointers: a table of pointers in a shared library is written
 * by the dynamic linker at every start (4,000 relocations, a dozen private pages), while arrays
 * stay in read-only pages of the file. Every text ends in a NUL inside its array: one longer than
 * the array is a compile error (-Werror), one exactly as long would silently lose its NUL, so the
 * generator refuses texts of LEN bytes or more and test_geography checks the compiled tables. */
#define LK_GEO_CODE_LEN 8
#define LK_GEO_NAME_LEN 40

typedef struct lk_geo_version {
    char code[LK_GEO_CODE_LEN], name[LK_GEO_NAME_LEN];
    int first_year, last_year;
} lk_geo_version;

typedef struct lk_geo_change_row {
    int year;
    char from_code[LK_GEO_CODE_LEN], from_name[LK_GEO_NAME_LEN], to_code[LK_GEO_CODE_LEN], to_name[LK_GEO_NAME_LEN];
    lk_change_kind kind;
} lk_geo_change_row;

/* At a split in `year`, units that were `origin` before follow only to `to`. */
typedef struct lk_geo_split_hint {
    char origin[LK_GEO_CODE_LEN];
    int year;
    char to[LK_GEO_CODE_LEN];
} lk_geo_split_hint;

extern const lk_geo_version lk_geo_kommune_versions[];
extern const size_t lk_geo_n_kommune_versions;
extern const lk_geo_change_row lk_geo_kommune_changes[];
extern const size_t lk_geo_n_kommune_changes;
extern const lk_geo_split_hint lk_geo_split_hints[];
extern const size_t lk_geo_n_split_hints;
extern const lk_geo_version lk_geo_fylke_versions[];
extern const size_t lk_geo_n_fylke_versions;
extern const lk_geo_change_row lk_geo_fylke_changes[];
extern const size_t lk_geo_n_fylke_changes;

#endif
