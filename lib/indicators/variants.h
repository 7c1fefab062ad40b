/* An indicator with several source definitions (lk_indicator.variants): one computation per
 * definition, each fed the observations of its years, and per period the first definition that
 * gives a value, for every region. Internal to lib/indicators; lk_calc_* delegate here. */
#ifndef LK_INDICATORS_VARIANTS_H
#define LK_INDICATORS_VARIANTS_H

#include "levekar/indicators.h"

typedef struct lk__variants lk__variants;

int lk__variants_new(lk__variants **out, const lk_indicator *ind, const lk_calc_opts *opts);
void lk__variants_free(lk__variants *v);
int lk__variants_add(lk__variants *v, const lk_obs *o, int file);
/* On failure the reason is written to errmsg. */
int lk__variants_finish(lk__variants *v, char *errmsg, size_t size);
int lk__variants_merge(lk__variants *dst, const lk__variants *src);
size_t lk__variants_count(const lk__variants *v);
const lk_ratio *lk__variants_get(const lk__variants *v, size_t i);
const lk_ratio *lk__variants_find(const lk__variants *v, const char *region, const char *period);
int lk__variants_aggregate(lk__variants *v, const char *parent, const char *period, const lk_geo *g,
                           lk_ratio *out, int *checked);

const char *lk__variants_note(lk__variants *v);
/* Did any of the definitions see an observation of its numerator? */
int lk__variants_saw_data(const lk__variants *v);
int lk__variants_explain(const lk__variants *v, const char *region, char *buf, size_t size);
/* The computation of the definition used for a period (lk_calc_bands), or NULL. */
lk_calc *lk__variants_calc_for(lk__variants *v, const char *period);

/* From compute.c: did a computation see any observation of its measures (0: its data is not
 * in the input at all, which for one of several definitions is no error)? */
int lk__calc_saw_data(const lk_calc *c);
/* From compute.c: the order of lk_calc's results (region, then period). */
int lk__ratio_cmp(const void *a, const void *b);
/* From compute.c: lk_calc_merge without its check that both compute the same lk_indicator. */
int lk__calc_merge_same(lk_calc *dst, const lk_calc *src);

#endif
