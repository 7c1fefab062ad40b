/* levekar profile --all-kommuner FYLKE|LIST: the kommuner of one batch and each profile's file
 * name, from -o's pattern with {region} in it (cmd_profile.c runs the batch). */
#ifndef LK_PROFILE_BATCH_H
#define LK_PROFILE_BATCH_H

#include "levekar/geography.h"

#define LK_BATCH_SLOT "{region}"

typedef struct lk_batch {
    char **codes;            /* the kommune codes, in code order for a fylke, as given for a list */
    size_t n;
    const char *fylke_name;  /* a fylke's name (owned by the geography), NULL for a list */
    int year;                /* the borders a fylke's kommuner are taken at */
} lk_batch;

/* SPEC is a 2-digit fylke code (its kommuner at the borders of YEAR, or of the last year the
 * fylke was valid) or a comma list of 4-digit kommune codes. Returns 0, or the exit code with
 * one message printed (an unknown fylke lists the fylker of YEAR). Free with lk_batch_free. */
int lk_batch_parse(lk_batch *b, const char *spec, const lk_geo *g, int year);
void lk_batch_free(lk_batch *b);

/* 1 when PATH holds {region}. */
int lk_batch_has_slot(const char *path);

/* PATTERN with every {region} replaced by CODE (malloc'd; NULL when memory ran out). */
char *lk_batch_path(const char *pattern, const char *code);

#endif
