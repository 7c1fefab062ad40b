/**
 * @file levekar/composite.h
 * @brief A composite levekårsindeks over districts (issue 16, "Districts"), as the project's
 *        notes give it (apis-and-profiles.md §5.1, methods.md §3 and §5.6): SSB-style scores
 *        1–10 per indicator averaged per district, a z-score variant, and the stability of the
 *        districts' ranks when one indicator at a time is left out.
 *
 * The input is a table of values, one row per indicator and one column per district, each
 * with a has-value flag (and the reason when it has none), and a declared direction per
 * indicator. Nothing here knows about files or regions.
 *
 * - **Score 1–10** (SSB's "Indeks for levekårsproblemer": 1 few, 10 many problems): per
 *   indicator, the districts with a value are ranked from the fewest problems (rank 1) to the
 *   most (rank N): by value ascending when higher is worse, descending when higher is better;
 *   tied districts share the mean of their ranks. The score is s = ⌈10 · rank / N⌉ (§5.1;
 *   how SSB itself assigns 1–10 is unverified, the notes infer decile groups). The index of a
 *   district is the unweighted mean of its scores ("alle problemene tillagt samme betydning").
 *   With fewer than 10 districts some scores are never used (N = 4: 3, 5, 8, 10).
 * - **z-score**: z = d · (x − μ_w) / σ_w, with μ_w and σ_w the population-weighted mean and
 *   standard deviation (Σp(x − μ)²/Σp, no small-sample correction) of the indicator over the
 *   districts with a value, d = +1 when higher is worse and −1 when higher is better, so a
 *   higher z is always more problems; the district's z̄ is the mean over its indicators, also
 *   given as 100 + 10 z̄.
 * - **Ranks**: 1 = the most problems (the highest mean). Ties share the best rank of the tied
 *   (competition ranking, "1 2 2 4"), so the input order never decides a rank: score means tie
 *   when equal exactly (they are compared as sums of integers), z means when they agree to
 *   1e-9 (relative), so that rounding noise does not split them.
 * - **Leave one indicator out**: for each indicator, every district's rank by the mean of the
 *   other indicators, and the largest change of rank against all indicators (and which
 *   district, the first in input order among those with that change).
 *
 * A district without a value for an indicator refuses the call, naming both and keeping the
 * reason, unless lk_composite_opts.partial is set: then the indicator is scored among the
 * districts that have it and the district is averaged over the indicators it has
 * (n_used), never with a zero. A district with no indicator at all is refused either way.
 *
 * @code
 * // Three indicators (rows) over four districts (columns).
 * double v[] = { 3.1, 2.0, 4.2, 2.6,          // sosialhjelp, per cent: higher is worse
 *                410, 520, 380, 450,          // median income, 1000 kr: higher is better
 *                 12,  18,  25,  9 };         // lav utdanning, per cent: higher is worse
 * int dir[] = { LK_COMP_HIGHER_WORSE, LK_COMP_HIGHER_BETTER, LK_COMP_HIGHER_WORSE };
 * lk_composite_input in = LK_COMPOSITE_INPUT_INIT;
 * lk_composite *c = NULL;
 * in.n_districts = 4; in.n_indicators = 3; in.value = v; in.direction = dir;
 * int rc = lk_composite_compute(&c, &in, NULL);
 * if (rc != LK_OK)
 *     fprintf(stderr, "%s\n", c ? lk_composite_errmsg(c) : lk_strerror(rc));
 * else
 *     for (size_t i = 0; i < 4; i++)
 *         printf("district %zu: mean score %.1f, rank %zu; z %.2f, rank %zu\n", i + 1,
 *                c->mean_score[i], c->rank_score[i], c->mean_z[i], c->rank_z[i]);
 * lk_composite_free(c);
 * @endcode
 */
#ifndef LEVEKAR_COMPOSITE_H
#define LEVEKAR_COMPOSITE_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The declared direction of an indicator. A value-neutral indicator has no place in the index. */
enum {
    LK_COMP_HIGHER_WORSE = 1,   /**< a higher value is more problems (sosialhjelp, arbeidsledighet) */
    LK_COMP_HIGHER_BETTER = -1  /**< a higher value is fewer problems (income, sysselsetting) */
};

/** The table. Cell (indicator j, district i) is at [j · n_districts + i]. All borrowed for the call. */
typedef struct lk_composite_input {
    size_t n_districts;               /**< columns, >= 2 */
    size_t n_indicators;              /**< rows, >= 1 (>= 2 for the leave-one-out table) */
    const double *value;              /**< the values; finite where the cell has a value */
    const int *has_value;             /**< NULL: every cell has a value; else 1/0 per cell */
    const char *const *why;           /**< NULL, or per cell the reason of a missing value (`..`, `suppressed`) */
    const int *direction;             /**< per indicator LK_COMP_HIGHER_WORSE or LK_COMP_HIGHER_BETTER */
    const double *population;         /**< NULL (equal weights) or per district the weight of the z-score's mean and SD, > 0 */
    const char *const *district_names;  /**< NULL or per district, for messages ("district K" otherwise) */
    const char *const *indicator_names; /**< NULL or per indicator, for messages ("indicator K" otherwise) */
} lk_composite_input;

#define LK_COMPOSITE_INPUT_INIT { 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/** Options; use LK_COMPOSITE_OPTS_INIT, or zero-initialise and set version. */
typedef struct lk_composite_opts {
    unsigned version;  /**< LK_COMPOSITE_OPTS_VERSION */
    int partial;       /**< 0: a missing cell refuses the call (the default); 1: see the file's note */
} lk_composite_opts;

#define LK_COMPOSITE_OPTS_VERSION 1
#define LK_COMPOSITE_OPTS_INIT { LK_COMPOSITE_OPTS_VERSION, 0 }

/** The index. Arrays are owned by it and freed by lk_composite_free(). Per-cell arrays use the
 *  input's layout [j · n_districts + i]; per-district arrays have n_districts entries. */
typedef struct lk_composite {
    size_t n_districts, n_indicators;
    double *score;          /**< per cell: the score 1–10, NaN where the cell has no value */
    double *z;              /**< per cell: the signed z-score (higher = more problems), NaN where none */
    double *mean_score;     /**< per district: the mean score (SSB-style index) */
    double *mean_z;         /**< per district: z̄ */
    double *index_z;        /**< per district: 100 + 10 z̄ */
    size_t *n_used;         /**< per district: indicators with a value (n_indicators unless partial) */
    size_t *rank_score;     /**< per district: rank by mean score, 1 = most problems */
    size_t *rank_z;         /**< per district: rank by z̄, 1 = most problems */
    /** Leave one out, per cell [j · n_districts + i]: the district's rank without indicator j
     *  (0: the district has no other indicator, partial only). NULL when n_indicators < 2. */
    size_t *loo_rank_score, *loo_rank_z;
    /** Per indicator j: the largest |rank without j − rank with all| over the districts ranked in
     *  both, and the district (input index) that has it. NULL when n_indicators < 2. */
    size_t *loo_max_change_score, *loo_max_change_z;
    size_t *loo_district_score, *loo_district_z;
    char errmsg[1024];      /**< why the call failed: `what is wrong (expected …)`, or "" */
} lk_composite;

/**
 * @brief Score, average and rank the districts, and the leave-one-indicator-out table.
 * @param[out] out the index; set also on LK_EDATA and LK_EINVAL (with arrays NULL) so the
 *        message can be read with lk_composite_errmsg(), e.g. `indicator 'sosialhjelp',
 *        district 'Fjell': no value (..) (expected a value in every cell, or partial)`. The
 *        caller frees it with lk_composite_free() in every case (it is NULL on LK_ENOMEM and
 *        when @p out itself is NULL).
 * @param in the table; @p opts NULL for the defaults.
 * @return LK_OK; LK_EINVAL (NULL arrays, fewer than 2 districts or no indicator, an unknown
 *         option); LK_EDATA (a direction that is neither LK_COMP_HIGHER_WORSE nor
 *         LK_COMP_HIGHER_BETTER, a missing cell without partial, a non-finite value, a
 *         population <= 0, an indicator with fewer than 2 districts or with the same value in
 *         every district (no z-score: σ = 0), a district with no indicator); LK_ENOMEM.
 */
LK_API int lk_composite_compute(lk_composite **out, const lk_composite_input *in, const lk_composite_opts *opts);

/** Free the index; NULL is fine. */
LK_API void lk_composite_free(lk_composite *c);

/** @return the message of the failure, or ""; never NULL (also for NULL @p c). */
LK_API const char *lk_composite_errmsg(const lk_composite *c);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_COMPOSITE_H */
