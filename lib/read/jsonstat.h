/* JSON-stat 2.0 datasets (SSB PxWebApi v1/v2 json-stat2, FHI's open API) read into the same
 * observations the CSV reader gives for the same table. The reader (reader.c) hands a file over
 * here when its first window is JSON. */
#ifndef LK_JSONSTAT_H
#define LK_JSONSTAT_H

#include "reader_internal.h"

typedef struct lk_jsonstat lk_jsonstat;

/* 1 when the first window of the input is JSON: `{` after an optional UTF-8 BOM and white space. */
int lk_jsonstat_detect(const lk_reader *r);

/* Read the whole input, parse it and check that it is a JSON-stat 2.0 dataset (sets r->js).
 * Returns LK_OK, or LK_EDATA / LK_EIO / LK_ELIMIT / LK_ENOMEM with the reader's message set. */
int lk_jsonstat_open(lk_reader *r);

/* Deliver every cell of the cube as an observation, in row-major order over `id`. */
int lk_jsonstat_run(lk_reader *r, lk_obs_cb cb, void *payload);

/* The JSON-stat parts of r->info (format, dimensions, cells). */
void lk_jsonstat_fill_info(lk_reader *r);

void lk_jsonstat_free(lk_jsonstat *js);

#endif
