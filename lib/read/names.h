/* Knowledge about column and variable names in SSB and FHI files: which header names mean
 * region, period or measure, which FHI columns hold values, and footnote keywords. */
#ifndef LK_NAMES_H
#define LK_NAMES_H

#include <stddef.h>
#include "levekar/read.h"

typedef enum lk_name_kind {
    LK_NAME_UNKNOWN = 0,
    LK_NAME_REGION,
    LK_NAME_FHI_GEO,
    LK_NAME_PERIOD,
    LK_NAME_MEASURE,
    LK_NAME_DIM,      /* a known dimension (alder, kjønn, KJONN, UTDANN, ...) */
    LK_NAME_VALUE,    /* an FHI value column (TELLER, RATE, ...) */
    LK_NAME_FLAG      /* SPVFLAGG */
} lk_name_kind;

/* Classify a header name (UTF-8). */
lk_name_kind lk_name_classify(const char *name);

/* Case-insensitive equality for ASCII and the Norwegian letters æøå/ÆØÅ in UTF-8. */
int lk_name_eq(const char *a, const char *b);

#endif
