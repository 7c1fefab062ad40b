/* The built-in geography as generated data (geo_table.c) and hand-written fylker (geo_fylker.c). */
#ifndef LK_GEO_TABLE_H
#define LK_GEO_TABLE_H

#include <stddef.h>
#include "levekar/geography.h"

typedef struct lk_geo_version {
    const char *code, *name;
    int first_year, last_year;
} lk_geo_version;

typedef struct lk_geo_change_row {
    int year;
    const char *from_code, *from_name, *to_code, *to_name;
    lk_change_kind kind;
} lk_geo_change_row;

/* At a split in `year`, units that were `origin` before follow only to `to`. */
typedef struct lk_geo_split_hint {
    const char *origin;
    int year;
    const char *to;
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
