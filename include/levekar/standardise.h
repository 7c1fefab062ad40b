/**
 * @file levekar/standardise.h
 * @brief Age (and sex) standardisation of a rate: direct (a standard population's weights on
 *        the area's own age-specific rates) and indirect (the area's observed count against
 *        the count expected from reference rates, SMR), with their intervals. Issue 15; the
 *        formulas are those of the project's methods notes (methods.md §5.3, §5.2, §1.3).
 *
 * Counts come in per age band (optionally per sex) as labels and numbers, as the data has
 * them; the bands are read with lk_age_parse(). The data's bands must nest in the strata of
 * the standard: each band lies inside exactly one stratum (a stratum may be the union of
 * several bands, which are summed), and every stratum used is covered exactly once by each
 * side. Anything else is refused with a message naming the band, never a partial sum.
 *
 * Rates are returned as ratios of the counts (numerator / denominator): multiply by the
 * indicator's scale (100 for per cent, 1000 per 1000) for display.
 *
 * @code
 * // Direct, with the European Standard Population 2013, for ages 15-29 in three bands
 * lk_std_band num[] = { { "15-19 år", NULL, 12 }, { "20-24 år", NULL, 30 }, { "25-29 år", NULL, 18 } };
 * lk_std_band den[] = { { "15-19 år", NULL, 400 }, { "20-24 år", NULL, 600 }, { "25-29 år", NULL, 500 } };
 * lk_std_standard *esp = NULL;
 * lk_std_result r;
 * lk_std_opts o = LK_STD_OPTS_INIT;               // 95 %, Dobson's interval, exact Poisson limits
 * if (lk_std_standard_esp2013(&esp) != LK_OK)
 *     fprintf(stderr, "out of memory\n");
 * else if (lk_std_direct(esp, num, 3, den, 3, &o, &r) != LK_OK)
 *     fprintf(stderr, "%s\n", r.errmsg);          // e.g. a band that does not nest in ESP's
 * else
 *     printf("%.2f %% (%.2f-%.2f, %s; bands %s; standard: %s)\n", 100 * r.value, 100 * r.lo, 100 * r.hi,
 *            r.interval_method, r.bands, lk_std_standard_name(esp));
 * lk_std_standard_free(esp);
 * @endcode
 */
#ifndef LEVEKAR_STANDARDISE_H
#define LEVEKAR_STANDARDISE_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The count of one age band, optionally of one sex. */
typedef struct lk_std_band {
    /** An age label lk_age_parse() reads: `0-4 år`, `90+`, `90 år eller eldre`, `20 år`. */
    const char *age;
    /** NULL or "" (or a total: `Begge kjønn`, `I alt`): both sexes. Otherwise `Menn`/`Kvinner`
     *  (also `mann`, `kvinne`, `M`, `K`, `F`, `1`, `2`, `Males`, `Females`; ASCII case ignored). */
    const char *sex;
    /** The count: persons in the band (denominator, population) or cases (numerator). It must be
     *  a finite number >= 0; a missing value is never passed as 0 (leave the whole area out). */
    double count;
} lk_std_band;

/** A standard: strata (age band, optionally sex) with their populations. Opaque. */
typedef struct lk_std_standard lk_std_standard;

/**
 * @brief The European Standard Population 2013 (Eurostat), in 19 five-year bands 0-4 … 85-89,
 *        90+, both sexes, summing to 100 000. Named "ESP 2013".
 * @param[out] out the standard; the caller frees it with lk_std_standard_free().
 * @return LK_OK, LK_EINVAL (out NULL), LK_ENOMEM.
 */
LK_API int lk_std_standard_esp2013(lk_std_standard **out);

/**
 * @brief A standard made from counts the caller has, such as landet's population by age band
 *        in the latest period of the data (the default standard of issue 15).
 * @param name what the text calls the standard ("landet 2024"); copied.
 * @param pop @p n bands; they must not overlap (a total beside its parts is refused), counts
 *        finite and >= 0 and not all 0. Copied: @p pop need not outlive the call.
 * @param[out] out set also on LK_EDATA so the message can be read with lk_std_standard_errmsg();
 *        the caller frees it in both cases with lk_std_standard_free() (NULL on LK_ENOMEM).
 * @return LK_OK, LK_EINVAL (a NULL argument), LK_EDATA (a label that is not an age band, an
 *         unknown sex, overlapping bands, a bad count), LK_ENOMEM.
 */
LK_API int lk_std_standard_from_bands(lk_std_standard **out, const char *name, const lk_std_band *pop, size_t n);

/**
 * @brief Read a standard from a small CSV file (`--standard FILE`): a header with the columns
 *        `age` and `population` (ASCII case ignored; an optional `sex` column), then one line per
 *        band, e.g. `90+,1000`. `,` or `;` separated (with `;` a decimal comma is read), UTF-8
 *        or Latin-1. Named by @p path.
 * @param[out] out as for lk_std_standard_from_bands(): set also on failure (except LK_ENOMEM).
 * @return LK_OK; LK_EIO (cannot read); LK_EDATA with `FILE:LINE: what is wrong (expected …)`
 *         from lk_std_standard_errmsg(); LK_ELIMIT; LK_ENOMEM.
 */
LK_API int lk_std_standard_load(lk_std_standard **out, const char *path);

/** Free a standard; NULL is fine. */
LK_API void lk_std_standard_free(lk_std_standard *s);
/** @return the message of the failure that made @p s, or ""; never NULL. */
LK_API const char *lk_std_standard_errmsg(const lk_std_standard *s);
/** @return the standard's name ("ESP 2013", the file path, or the name given); owned by @p s. */
LK_API const char *lk_std_standard_name(const lk_std_standard *s);
/** @return the number of strata. */
LK_API size_t lk_std_standard_count(const lk_std_standard *s);
/**
 * @brief Stratum @p i, in order of sex then age.
 * @param[out] age_lo, age_hi the ages (age_hi = LK_AGE_MAX, 200, for an open band "90+").
 * @param[out] sex 0 both sexes, 1 men, 2 women. @param[out] population its population.
 * Any out pointer may be NULL. @return LK_OK, LK_ENOTFOUND (i out of range).
 */
LK_API int lk_std_standard_get(const lk_std_standard *s, size_t i, int *age_lo, int *age_hi, int *sex,
                               double *population);

/** The interval of a directly standardised rate. */
typedef enum lk_std_interval {
    LK_STD_DOBSON = 0, /**< Dobson et al. (1991): limits of the total count, scaled (the default) */
    LK_STD_FAY_FEUER   /**< Fay and Feuer (1997): gamma limits (epitools::ageadjust.direct) */
} lk_std_interval;

/** The limits of a Poisson count: of O in Dobson's method, of the SMR's observed count. */
typedef enum lk_std_limits {
    LK_STD_EXACT = 0,  /**< exact (Garwood): chi-square quantiles (the default) */
    LK_STD_BYAR        /**< Byar's approximation */
} lk_std_limits;

/** Options; zero-initialise and set version, or use LK_STD_OPTS_INIT. */
typedef struct lk_std_opts {
    unsigned version;          /**< LK_STD_OPTS_VERSION */
    double level;              /**< confidence level in (0, 1); 0 means 0.95 */
    lk_std_interval interval;  /**< direct only */
    lk_std_limits limits;      /**< Dobson's O limits and the SMR's */
} lk_std_opts;

#define LK_STD_OPTS_VERSION 1
#define LK_STD_OPTS_INIT { LK_STD_OPTS_VERSION, 0.95, LK_STD_DOBSON, LK_STD_EXACT }

/** The result of one area (and period). Figures not defined for the method are NaN. */
typedef struct lk_std_result {
    double value;            /**< the standardised rate (direct: Σ wᵢ xᵢ/nᵢ; indirect: SMR × ref_crude) */
    double lo, hi;           /**< its interval; NaN when has_ci is 0 */
    int has_ci;              /**< 0: no interval (Dobson with no case at all, O = 0; see note) */
    double crude;            /**< the area's crude rate Σx / Σn over the strata used */
    double observed;         /**< O = Σ x of the area */
    double variance;         /**< direct: var(DSR) = Σ wᵢ² xᵢ / nᵢ²; indirect NaN */
    double expected;         /**< indirect: E = Σ nᵢ Rᵢ; direct NaN */
    double smr, smr_lo, smr_hi; /**< indirect: O / E and its interval; direct NaN */
    double index;            /**< indirect: 100 × SMR (the reference is 100); direct NaN */
    double ref_crude;        /**< indirect: the reference's crude rate over the strata used */
    const char *method;      /**< "direct" or "indirect" (static) */
    const char *interval_method; /**< "Dobson (exact Poisson)", "Dobson (Byar)", "Fay-Feuer (gamma)",
                                      "exact Poisson" or "Byar" (static) */
    size_t n_strata;         /**< strata used */
    size_t n_summed;         /**< strata made by summing more than one band of the data */
    size_t n_empty;          /**< direct: strata with no population in the area (see lk_std_direct()) */
    int by_sex;              /**< 1: strata are (age band, sex) pairs */
    char bands[1024];        /**< the strata used, "15-19, 20-24, 25-29" (with sex: "15-19 menn, …") */
    char note[512];          /**< what a reader should know (empty strata, no interval), or "" */
    char errmsg[1024];       /**< why the call failed: `what is wrong (expected …)`, or "" */
} lk_std_result;

/**
 * @brief Direct standardisation (methods.md §5.3): DSR = Σ wᵢ xᵢ/nᵢ with wᵢ = Pᵢ / Σ P over the
 *        standard's strata the data covers (the indicator's ages: a standard over all ages
 *        weighs 15-74 by its own bands there). Interval by Dobson's method,
 *        DSR + √(var/O)·(O_L − O) and the same with O_U, where O = Σ xᵢ and O_L, O_U are the
 *        limits of a Poisson count (opts->limits); or by Fay–Feuer's gamma limits.
 *
 * Strata come from @p std; with sex in the data and none in the standard, each sex gets half
 * of its age band (a both-sexes standard such as ESP 2013 is the same for men and women); with
 * sex in the standard and none in the data, the standard's sexes are summed per age band.
 *
 * A stratum in which the area has no population (nᵢ = 0, so xᵢ/nᵢ is 0/0) counts as a rate of
 * 0 and keeps its weight, so every area is weighed by the same standard and stays comparable;
 * it is counted in out->n_empty and named in out->note, for the caller to flag. A count in a
 * stratum without population is refused.
 *
 * @param std the standard; @p num, @p den the area's counts per band (@p n_num, @p n_den of
 *        them; the two sides may have different bands as long as both nest in the strata and
 *        cover the same ones; both by sex or neither).
 * @param opts NULL for the defaults (0.95, Dobson, exact).
 * @param[out] out filled on LK_OK; on LK_EDATA out->errmsg says why, e.g.
 *        `denominator: band 15-24 does not nest in the standard's bands (expected bands that
 *        nest in the standard's: 0-4, 5-9, …, 90+)`.
 * @return LK_OK; LK_EINVAL (NULL pointers, no bands, level outside (0, 1)); LK_EDATA (a label
 *         that is not an age band, an unknown sex, a band that does not nest, overlapping
 *         bands, a stratum covered in part or by one side only, a gap between strata, a
 *         negative or non-finite count, a count without population, no population at all);
 *         LK_ENOMEM.
 */
LK_API int lk_std_direct(const lk_std_standard *std, const lk_std_band *num, size_t n_num, const lk_std_band *den,
                         size_t n_den, const lk_std_opts *opts, lk_std_result *out);

/**
 * @brief Indirect standardisation as FHI does it (methods.md §1.3, §5.3): the reference's
 *        (landet's) stratum rates Rᵢ = ref_numᵢ / ref_denᵢ of the same period, the expected
 *        count E = Σ nᵢ Rᵢ over the area's population, SMR = O / E with the limits of the
 *        Poisson count O divided by E (exact, or Byar's approximation), the standardised rate
 *        SMR × the reference's crude rate (FHI's MEIS), and the index 100 × SMR.
 *
 * The strata are the bands of @p ref_den (which must not overlap); the reference's numerator
 * and the area's two sides must nest in them and cover the same strata (the reference may
 * cover more ages than the area: only the area's strata are used, for E and for the
 * reference's crude rate). All four by sex or none. Strata in which the
 * area has no population add nothing to E. A reference stratum without population is refused.
 *
 * @return as lk_std_direct(); also LK_EDATA when E = 0 (no expected case: no SMR).
 */
LK_API int lk_std_indirect(const lk_std_band *ref_num, size_t n_ref_num, const lk_std_band *ref_den, size_t n_ref_den,
                           const lk_std_band *num, size_t n_num, const lk_std_band *den, size_t n_den,
                           const lk_std_opts *opts, lk_std_result *out);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_STANDARDISE_H */
