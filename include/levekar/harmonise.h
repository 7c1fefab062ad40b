/**
 * @file levekar/harmonise.h
 * @brief Series on the borders of one year: observations of merged kommuner are summed,
 *        renumbered codes recoded, splits flagged, and fylke figures whose borders changed
 *        rebuilt from the harmonised kommuner.
 *
 * Flags written to the status of an output observation (its value is then missing):
 * - `~split`: the unit's territory in that year cannot be built from whole units (a unit was
 *   divided: Ålesund 2020–2023, Tysfjord, Snillfjord, Stokke); never apportioned silently;
 * - `~rate`: a rate or share of several merged units (it cannot be summed; recompute it from
 *   the counts);
 * - `~incomplete`: a kommune or fylke built from units of which some are missing in the data
 *   (Røyken and Hurum alone are not Asker);
 * - `~borders`: a published fylke figure for other borders, with no kommune data to rebuild it;
 * - `~estimated` (opt-in, lk_harmonise_opts.estimate_splits): a share of a divided unit's count.
 * A missing component passes its own symbol (`:`, `..`) to the sum: never a silently low sum.
 *
 * @code
 * // observations of 2019 (0602 Drammen, 0625 Nedre Eiker, ...) on the borders of 2024
 * lk_harmonise_opts ho = { LK_HARMONISE_OPTS_VERSION, 2024, 0 };
 * lk_harmoniser *h;
 * if (lk_harmoniser_new(&h, geo, &ho) == LK_OK) {
 *     // in the reader's callback: lk_harmoniser_add(h, obs);
 *     lk_harmoniser_finish(h, to_report, payload);   // 3301 Drammen 2019: the sum, or ~split/~incomplete
 *     printf("%zu recoded\n", lk_harmoniser_stats(h)->recoded);
 * }
 * lk_harmoniser_free(h);
 * @endcode
 */
#ifndef LEVEKAR_HARMONISE_H
#define LEVEKAR_HARMONISE_H

#include "common.h"
#include "geography.h"
#include "read.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options; zero-initialise (or LK_HARMONISE_OPTS_INIT) and set fields. */
typedef struct lk_harmonise_opts {
    unsigned version;   /**< LK_HARMONISE_OPTS_VERSION */
    int target_year;    /**< borders to use; 0: the latest year in the data */
    /** Opt-in: share out the counts of a unit that was divided whole between new units (Ålesund
     *  2020-2023 → Ålesund and Haram) by the new units' population in the first later year (from
     *  a population series in the data: Personer, Befolkning ... without categories or with
     *  totals), or, without one, by their shares of the same series in the first later period
     *  where all have numbers; such values are flagged `~estimated`. Parts of units that went
     *  into larger units (Snillfjord, Tysfjord, Stokke) stay `~split`. */
    int estimate_splits;
} lk_harmonise_opts;

#define LK_HARMONISE_OPTS_VERSION 1
#define LK_HARMONISE_OPTS_INIT { LK_HARMONISE_OPTS_VERSION, 0, 0 }

/** What harmonisation did, for the user. */
typedef struct lk_harmonise_stats {
    size_t in;             /**< observations added */
    size_t out;            /**< observations delivered */
    int target_year;       /**< the borders used */
    size_t recoded;        /**< kommune observations given a new code (renumbering) */
    size_t summed;         /**< output kommune values that are sums of several units */
    size_t split_flagged;  /**< output values flagged ~split */
    size_t rate_flagged;   /**< output values flagged ~rate */
    size_t incomplete;     /**< output kommune values flagged ~incomplete (a merged unit missing) */
    size_t estimated;      /**< output values flagged ~estimated (opt-in shares of divided units) */
    size_t fylke_kept;     /**< published fylke figures used as they are (same borders) */
    size_t fylke_rebuilt;  /**< fylke values built from harmonised kommuner */
    size_t fylke_flagged;  /**< fylke values flagged ~incomplete or ~borders */
    size_t unknown_codes;  /**< kommune-like codes not in the geography, passed on unchanged */
    size_t subunits_recoded; /**< grunnkrets and bydel observations given their code at the target (lk_geo_map_subunit) */
    size_t subunits_flagged; /**< ... left without a value: no code at the target ("~grunnkrets-renumbered", "~split") */
    size_t subunits_summed;  /**< output grunnkrets values that are sums of several (a listed merge) */
} lk_harmonise_stats;

typedef struct lk_harmoniser lk_harmoniser;

/**
 * @brief Create a harmoniser. @p g must outlive it.
 * @return LK_OK, LK_ENOMEM or LK_EINVAL.
 */
LK_API int lk_harmoniser_new(lk_harmoniser **out, lk_geo *g, const lk_harmonise_opts *opts);

/** Add one observation (its strings are copied). @return LK_OK or LK_ENOMEM. */
LK_API int lk_harmoniser_add(lk_harmoniser *h, const lk_obs *obs);

/**
 * @brief Deliver the harmonised observations, sorted by table, measure, dimensions, period,
 *        level and code. @return LK_OK, LK_EUSER when @p cb returned non-zero, LK_ENOMEM.
 */
LK_API int lk_harmoniser_finish(lk_harmoniser *h, lk_obs_cb cb, void *payload);

/** @return counts of what was done (valid after finish). */
LK_API const lk_harmonise_stats *lk_harmoniser_stats(const lk_harmoniser *h);

/** Free. NULL is a no-op. */
LK_API void lk_harmoniser_free(lk_harmoniser *h);

/**
 * @brief Give a names-only observation (old FHI exports: "Drammen", "Nes (Buskerud)") the
 *        code of that name in the observation's year.
 * @param obs the observation; its region and level are replaced when the name resolves, and
 *        its source set to 0 (its region no longer points into the reader's memory).
 * @param code_buf storage for the code (LK_REGION_CODE_MAX bytes), must live as long as @p obs.
 * @return LK_OK (resolved or nothing to do), LK_ENOTFOUND (unknown name: left as it is),
 *         LK_EDATA (ambiguous: lk_geo_errmsg() lists the candidates).
 */
LK_API int lk_geo_resolve_obs(lk_geo *g, lk_obs *obs, char *code_buf);

/**
 * @brief Names-only observations of a run of files, resolved with what went wrong remembered:
 *        a name that is no region is kept without a code and said after its file (never a
 *        silent empty code), an ambiguous name or two names of one file with the same code is
 *        an error.
 *
 * @code
 * lk_name_resolver *u;
 * lk_name_resolver_new(&u, geo);
 * // in the reader's callback:
 * lk_obs o; char code[LK_REGION_CODE_MAX];
 * if (lk_name_resolver_resolve(u, path, obs, &o, code) != LK_OK)
 *     lk_reader_stop_reason(r, lk_name_resolver_errmsg(u));
 * // after the file:
 * char why[1024];
 * if (lk_name_resolver_done(u, path, why, sizeof why)) fprintf(stderr, "warning: %s\n", why);
 * lk_name_resolver_free(u);
 * @endcode
 *
 * A resolver keeps a pointer to @p geo, which must outlive it; one thread at a time.
 */
typedef struct lk_name_resolver lk_name_resolver;
/** @return LK_OK, LK_EINVAL (no geography), LK_ENOMEM. */
LK_API int lk_name_resolver_new(lk_name_resolver **out, lk_geo *geo);
/**
 * @brief *out becomes *obs, with the code of its name when it has a name and no code.
 * @param source the file's name, for the messages.
 * @param code storage for the code (LK_REGION_CODE_MAX bytes), living as long as @p out.
 * @return LK_OK (also for an unknown name: noted for lk_name_resolver_done()); LK_EDATA with
 *         the reason in lk_name_resolver_errmsg() (an ambiguous name, listing the candidates;
 *         the same observation under two names); LK_ELIMIT; LK_ENOMEM.
 */
LK_API int lk_name_resolver_resolve(lk_name_resolver *u, const char *source, const lk_obs *obs, lk_obs *out,
                                    char *code);
/**
 * @brief After a file: how many of its observations had a name that is no region, with a
 *        message in @p buf ("FILE:LINE: N observations name a region that is no kommune or
 *        fylke in their year: 'X', 'Y' (expected ...)"; "" when none). Starts the next file.
 */
LK_API size_t lk_name_resolver_done(lk_name_resolver *u, const char *source, char *buf, size_t size);
/**
 * @brief After a file read in two parts, each with a resolver of its own: the second part's
 *        named observations (lines counted from @p line_base, lk_reader_line_offset()) join the
 *        first's, so the same observation under two names across the parts is found too.
 * @return LK_OK; LK_EDATA with the message on @p into; LK_ENOMEM; LK_EINVAL.
 */
LK_API int lk_name_resolver_merge(lk_name_resolver *into, const lk_name_resolver *from, unsigned long line_base);
/** @return the reason of the last failure; never NULL. */
LK_API const char *lk_name_resolver_errmsg(const lk_name_resolver *u);
/** Free. NULL is a no-op. */
LK_API void lk_name_resolver_free(lk_name_resolver *u);

/**
 * @brief Is a measure a rate or share (never to be summed) rather than a count?
 *        Judged from its text: "prosent", "andel", "per 1000", "rate", "(%)", FHI RATE/SMR/MEIS ...
 */
LK_API int lk_measure_is_rate(const char *measure);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_HARMONISE_H */
