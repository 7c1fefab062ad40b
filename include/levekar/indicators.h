/**
 * @file levekar/indicators.h
 * @brief Indicator definitions (a registry read from definition files), age bands, and the
 *        computation of an indicator from observations: counts first, then the ratio.
 *
 * Definition file format (UTF-8, a BOM allowed; ISO-8859-1/Windows-1252 is converted; each
 * indicator id once in a file and each key once in a definition; the built-in file is
 * lib/indicators/indicators.def):
 * @code
 * [unemployment]
 * name.nb = Registrerte arbeidsledige
 * name.en = Registered unemployed
 * numerator = Registrerte arbeidsledige      # part of the measure text; alternatives with |
 * numerator.ages = 15-74
 * denominator = Personer | Befolkning
 * denominator.ages = 15-74
 * scale = percent                            # percent | per1000 | kroner
 * direction = higher-worse                   # or higher-better
 * family = SSB                               # which of incompatible definitions this is
 * definition.nb = ...
 * definition.en = ...
 * source = Kilde: SSB, tabell 10540 og 07459
 * @endcode
 * Optional keys: `numerator.multiplier` (e.g. 1000 for "1000 kr"), `numerator.table`,
 * `denominator.table`, `break` (a year with a series break), `reference` (reference time),
 * `standardise` (`direct`, `indirect` or `none`: age standardisation, see levekar/standardise.h).
 * `suppress.min-numerator` and `suppress.min-denominator` (small-count limits, see
 * lk_indicator.suppress_min_numerator).
 *
 * An indicator may instead (or as well) be defined on a rate the source publishes ready-made:
 * `rate = PATTERN` (the measure, matched as the numerator is), with optional `rate.table` and
 * `rate.ages` (the published band, e.g. 15-74: a rate is never summed over bands). Then
 * numerator and denominator may be left out; `scale` names the unit as published (percent, per
 * 1000, kroner), which is never rescaled. When a region and period have both counts and a rate,
 * the counts are used (see lk_published_new()).
 * @code
 * [unemployment-labour-force]
 * name.nb = Registrerte helt ledige i prosent av arbeidsstyrken
 * rate = Registrert helt arbeidsledige
 * rate.ages = 15-74
 * scale = percent
 * @endcode
 *
 * Computing one (after reading, see read.h):
 * @code
 * static int to_calc(const lk_obs *obs, void *payload) { return lk_calc_add(payload, obs, 0) != LK_OK; }
 *
 * lk_calc *c;
 * if (lk_calc_new(&c, lk_registry_find(reg, "unemployment"), NULL) == LK_OK &&
 *     lk_reader_run(reader, to_calc, c) == LK_OK && lk_calc_finish(c) == LK_OK) {
 *     const lk_ratio *d = lk_calc_find(c, "3301", "2024");   // 2052 / 79814, from "SSB 13563"
 *     if (d && d->has_value) printf("%g / %g (%s)\n", d->num, d->den, d->variant);
 *     if (*lk_calc_note(c)) fprintf(stderr, "%s\n", lk_calc_note(c)); // observations not used, and why
 * } else fprintf(stderr, "%s\n", lk_calc_errmsg(c));
 * lk_calc_free(c);
 * @endcode
 */
#ifndef LEVEKAR_INDICATORS_H
#define LEVEKAR_INDICATORS_H

#include "common.h"
#include "geography.h"
#include "read.h"
#include "standardise.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How an indicator is scaled. */
typedef enum lk_scale {
    LK_SCALE_PERCENT = 0, /**< numerator / denominator × 100, a share (binomial) */
    LK_SCALE_PER1000,     /**< × 1000, a rate (Poisson) */
    LK_SCALE_KRONER       /**< amount per person, no interval; shown with landet = 100 */
} lk_scale;

/** One side (numerator or denominator) of an indicator. */
typedef struct lk_side {
    const char *measure;   /**< substrings of the measure text, alternatives separated by '|'; "" any */
    const char *table;     /**< table id to require, or "" */
    int age_lo, age_hi;    /**< ages to restrict to; age_lo < 0: no restriction */
    double multiplier;     /**< applied to the summed count (1 by default) */
    int file;              /**< only observations of this input file (0-based); -1 any */
    /** Categories this side takes from other dimensions, "" for none: clauses
     *  `DIMENSION | OTHER NAME = VALUE | VALUE` separated by ';'. An observation must have each
     *  dimension named, with one of the values (whole value ignoring case, or its code part:
     *  `281` matches `281 Ytelse til livsopphold`). Where two measures share one label, as in
     *  SSB 13563 (`Bosatte` by `HovArbStyrkStatus`), this is what tells the sides apart. */
    const char *where;
    /** The ages the table covers when it has no age dimension (SSB 07984's employed are
     *  15-74 år without saying so in each row); table_lo < 0: not known. */
    int table_lo, table_hi;
} lk_side;

/** Age (and sex) standardisation a definition asks for (key `standardise`), carried out with
 *  levekar/standardise.h: direct on a standard population, indirect against landet's rates. */
typedef enum lk_standardise {
    LK_STANDARDISE_NONE = 0, /**< crude rates (the default) */
    LK_STANDARDISE_DIRECT,   /**< `standardise = direct`: lk_std_direct() */
    LK_STANDARDISE_INDIRECT  /**< `standardise = indirect`: lk_std_indirect() (SMR, FHI's MEIS) */
} lk_standardise;

/** An indicator definition. Strings are owned by the registry it came from. */
typedef struct lk_indicator {
    const char *id;
    const char *name_nb, *name_en;
    lk_side num, den;
    lk_scale scale;
    int higher_is_worse;
    const char *family;
    const char *definition_nb, *definition_en;
    const char *source;
    const char *reference;
    int break_year;        /**< 0 when none */
    /** What to download (tables, variables, categories, layout), for `indicators --needs`; or "". */
    const char *needs;
    /* Several source definitions of one indicator (SSB 10539 up to 2020, 13563 from 2021): the
     * first block `[id]` is the indicator, and blocks `[id@name]` are further definitions of it
     * that start from a copy of it and change what they give. Each applies to the years
     * year_from..year_to (0: open); for a period the first definition, in file order, that
     * gives a value for some region is used for every region of that period, and each result
     * names it (lk_ratio.variant). */
    const char *base;      /**< for a block `[id@name]`: "id"; else "" */
    const char *variant;   /**< a short name of this source definition ("10539/07459"), or "" */
    int year_from, year_to;
    /** For monthly periods (`2020M11`): the month taken as the year's figure (1–12), as SSB's
     *  clients take November from 10539/10540; other months are not used. 0: monthly periods
     *  are kept as they are. */
    int month;
    /** On the indicator `[id]`: its further definitions `[id@name]`, in file order (NULL when
     *  none). Valid until the registry is loaded into again or freed. */
    const struct lk_indicator *const *variants;
    size_t n_variants;
    /** 1 (the default in definition files; key `counts = no` turns it off): the sides are counts
     *  of persons (the denominator only, for kroner), so a value that is not a whole number, or
     *  whose unit is a rate, is an error rather than summed: SSB 10540's percent carries the
     *  same label as 10539's counts. 0 (e.g. an indicator built by hand): no such check. */
    int whole_counts;
    /** A published rate (key `rate`): rate.measure is "" when the indicator has none; age_lo,
     *  when given, is the one band the rate must be published for. multiplier is unused. */
    lk_side rate;
    /** Key `standardise = direct | indirect | none` (none by default; a further definition
     *  `[id@name]` inherits it). The command line's `--standardise` chooses over it. */
    lk_standardise standardise;
    /** Small-count protection (keys `suppress.min-numerator`, `suppress.min-denominator`): a
     *  numerator below the first, or a denominator below the second, is hidden where the
     *  protection takes the indicator's limits (the `fhi` preset, levekar/suppress.h). A
     *  definition file always sets them; by default 5 and 10, FHI's practice (fewer than five
     *  cases, a population under 10), and 0 and 10 for scale kroner, whose numerator is an
     *  amount, not cases. 0 turns a rule off. An indicator built by hand sets them itself
     *  (zero: no limits). */
    double suppress_min_numerator, suppress_min_denominator;
} lk_indicator;

typedef struct lk_registry lk_registry;

/**
 * @brief A registry holding the built-in definitions.
 * @return LK_OK, LK_ENOMEM (and LK_EDATA only if the built-in file is broken).
 */
LK_API int lk_registry_new(lk_registry **out);
LK_API void lk_registry_free(lk_registry *r);
/** @return `FILE:LINE: what is wrong (expected ...)` for the last failure, or "". */
LK_API const char *lk_registry_errmsg(const lk_registry *r);

/** Add (or replace, by id, those of earlier files) the definitions in a file of at most
 *  64 MiB. @return LK_OK, LK_EIO, LK_EDATA, LK_ELIMIT (larger), LK_ENOMEM. */
LK_API int lk_registry_load(lk_registry *r, const char *path);
/** Add definitions from text (@p name is used in messages). */
LK_API int lk_registry_load_text(lk_registry *r, const char *name, const char *text);

LK_API size_t lk_registry_count(const lk_registry *r);
LK_API const lk_indicator *lk_registry_get(const lk_registry *r, size_t i);
/** @return the indicator with this id, or NULL. */
LK_API const lk_indicator *lk_registry_find(const lk_registry *r, const char *id);

/**
 * @brief Parse an age label: `15-19 år`, `20 år`, `100 år eller eldre`, `Alle aldre`,
 *        FHI `15_74`, `0 years`, `15-74`, `Under 1 år`.
 * @param[out] lo, hi the ages covered (hi = LK_AGE_MAX for "or older" and "all ages").
 * @return LK_OK or LK_ENOTFOUND.
 */
LK_API int lk_age_parse(const char *s, int *lo, int *hi);
#define LK_AGE_MAX 200

/**
 * @brief Choose bands that cover ages lo..hi exactly once: the band equal to lo..hi if there is
 *        one, otherwise non-overlapping bands that cover it exactly.
 * @param band_lo, band_hi the available bands (n of them).
 * @param[out] chosen chosen[i] = 1 for the bands to sum.
 * @param[out] straddle when the answer is LK_EDATA because a band straddles a limit, its index
 *             (SIZE_MAX when no band straddles but the bands leave a gap).
 *        The tiling has the fewest parts (ties: the wider first band); the work is O(n log n).
 * @return LK_OK, LK_EDATA, or LK_ENOMEM.
 */
LK_API int lk_age_choose(const int *band_lo, const int *band_hi, size_t n, int lo, int hi,
                         unsigned char *chosen, size_t *straddle);

/* ------------------------------------------------------------------ computation */

/** Options for lk_calc_new(); zero-initialise or LK_CALC_OPTS_INIT. */
typedef struct lk_calc_opts {
    unsigned version;            /**< LK_CALC_OPTS_VERSION */
    const char *const *where;    /**< "NAME=VALUE" filters on other dimensions */
    size_t n_where;
    int window;                  /**< N-year rolling sums Σx/Σn (0 or 1: yearly) */
    /** 0 (default): a missing component makes the sum missing, with its symbol. 1: sum the
     *  components that have numbers and say how many were skipped (`~skipped:N` in the status). */
    int skip_missing;
    /** 1: keep the sex of each count (a dimension `kjønn`/`kjonn`/`sex` whose category is men
     *  or women) so that lk_calc_bands() can give strata by sex. It costs nothing per observation
     *  when 0 (the default); the ratios are the same either way. */
    int by_sex;
} lk_calc_opts;

#define LK_CALC_OPTS_VERSION 1
#define LK_CALC_OPTS_INIT { LK_CALC_OPTS_VERSION, NULL, 0, 0, 0, 0 }

/** Numerator and denominator of one region and period. */
typedef struct lk_ratio {
    const char *region, *region_name;
    lk_level level;
    const char *period;      /**< "2024", or "2019-2021" for a window */
    lk_period period_info;
    int has_value;           /**< both counts present */
    double num, den;         /**< summed counts (multipliers applied) */
    const char *status;      /**< why there is no value (a file symbol or a ~flag), or "" */
    int years_used;          /**< windows: years that had both counts */
    /** The source definition used (lk_indicator.variant of the `[id]` or `[id@name]` block that
     *  gave the value), "" when the indicator has a single one. */
    const char *variant;
    /** 1 when the counts were given in thousands ("1000 personer", survey estimates): the ratio
     *  stands, but it gets no interval and no test (status "~thousands"). */
    int in_thousands;
} lk_ratio;

typedef struct lk_calc lk_calc;

/** Start computing @p ind (which must outlive the computation). */
LK_API int lk_calc_new(lk_calc **out, const lk_indicator *ind, const lk_calc_opts *opts);
LK_API void lk_calc_free(lk_calc *c);
LK_API const char *lk_calc_errmsg(const lk_calc *c);

/**
 * @brief Offer an observation; it is used when its measure (and table, file) match the
 *        numerator or the denominator (or both). @p file is the input file's index.
 * @return LK_OK or LK_ENOMEM.
 */
LK_API int lk_calc_add(lk_calc *c, const lk_obs *obs, int file);

/**
 * @brief Add the sums of @p src (computing the same indicator, e.g. over another part of a file
 *        read in another thread) into @p dst. Call before lk_calc_finish(dst); @p src is unchanged.
 * @return LK_OK, LK_EINVAL (different indicators), LK_ENOMEM, LK_ELIMIT.
 */
LK_API int lk_calc_merge(lk_calc *dst, const lk_calc *src);

/**
 * @brief Choose age bands and categories (never a total and its parts together), sum the
 *        counts per region and period, then divide nothing yet: the ratios are read with
 *        lk_calc_get(). Age bands are chosen per region and period from that region's own
 *        bands; a region and period whose bands cannot give the ages has no value and the
 *        status `~age-bands`. A side with no number at all (no observation, or every one
 *        missing and skipped) is `~no-numerator` / `~no-denominator`; `~zero-denominator` is
 *        a denominator that sums to 0.
 *        @return LK_OK; LK_EDATA when no region's bands can give the ages asked for (a band
 *        straddles a limit, or no bands cover the range; the message of the first such), or
 *        nothing matched.
 */
LK_API int lk_calc_finish(lk_calc *c);

/**
 * @brief What the computation left out of the observations of its measures, in words: those
 *        outside the years of its (source) definitions and months other than lk_indicator.month
 *        ("12 observations outside the years of SSB 10539 (november) / 07459 (up to 2020; the
 *        first 2021M11) not used"), or "" when nothing was. Call after lk_calc_finish().
 * @return a text owned by @p c, valid until the next call or lk_calc_free().
 */
LK_API const char *lk_calc_note(lk_calc *c);

LK_API size_t lk_calc_count(const lk_calc *c);
LK_API const lk_ratio *lk_calc_get(const lk_calc *c, size_t i);
/** @return the ratio of @p region in @p period, or NULL. */
LK_API const lk_ratio *lk_calc_find(const lk_calc *c, const char *region, const char *period);

/**
 * @brief Why @p region has no ratio with a value, after lk_calc_finish(): per side, the measure
 *        and ages looked for and what the region's observations of it were (none; none with the
 *        total category the rest of the data has; age bands that cannot give the ages; every
 *        value missing), then the statuses of its results. One line into buf (always
 *        NUL-terminated when size > 0), for a message such as "area '3312' ...: " + buf.
 * @return LK_OK; LK_ENOTFOUND when no observation of either side had this region.
 */
LK_API int lk_calc_explain(const lk_calc *c, const char *region, char *buf, size_t size);

/** @return 1 when an observation of the numerator's measure (of any source definition) was
 *  given, else 0: the files hold none of the indicator's data, which for a profile or a panel
 *  of several indicators is "ingen data" rather than an error. */
LK_API int lk_calc_has_data(const lk_calc *c);

/**
 * @brief Build a kommune ("3301", from its grunnkretser or bydeler; completeness unchecked), a
 *        fylke ("33") or landet ("0") from the kommuner in the results for a period:
 *        counts summed. When the geography knows all kommune codes in the data, the parent is
 *        complete only if every kommune it had in that year is there (else `~incomplete`);
 *        kommune codes it does not know are summed as they are (their fylke from the first two
 *        digits), and *checked is set to 0.
 * @return LK_OK (with *out filled), LK_ENOTFOUND when no kommune of the parent is present.
 */
LK_API int lk_calc_aggregate(lk_calc *c, const char *parent, const char *period, const lk_geo *geo,
                             lk_ratio *out, int *checked);

/**
 * @brief One side's counts of @p region in @p period per age band (and sex), for
 *        standardisation (levekar/standardise.h). Call after lk_calc_finish().
 *
 * The bands are the finest of the region's own that tile the side's ages exactly once (all the
 * ages of its bands when the side asks for none): beside `15-74 år` and its 5-year bands the
 * 5-year bands are given, where lk_calc_finish() sums the one band equal to the range. Sex:
 * with lk_calc_opts.by_sex, the parts (men, women) are given where the data has them, over
 * the total (`Begge kjønn`), and lk_std_band.sex is "Menn" or "Kvinner"; else NULL (both
 * sexes). Other dimensions are read as lk_calc_finish() reads them (a total, or the sum of the
 * categories). A region that is not in the data but is landet ("0"), a fylke (2 digits) or a
 * kommune of grunnkretser/bydeler (4 digits) is summed band by band from its kommuner (its
 * parts) in the data, as lk_calc_aggregate() sums them (completeness is lk_calc_aggregate's
 * to say). With lk_calc_opts.window > 1, @p period is a window ("2019-2021") and the counts are
 * those of its years. With several source definitions, those of the definition used for the
 * period. Multipliers are applied.
 *
 * @param side 0 the numerator, 1 the denominator.
 * @param[out] out up to @p cap bands; their labels are owned by @p c (valid until
 *             lk_calc_free()). @param[out] n the number of bands (also when more than @p cap).
 * @return LK_OK; LK_ENOTFOUND (no count of the region in the period); LK_EDATA with
 *         lk_calc_errmsg() (no age dimension, bands that cannot give the ages, a missing value:
 *         never a partial or zero count); LK_ELIMIT (more than @p cap bands: *n says how
 *         many); LK_EINVAL.
 * @code
 * lk_std_band num[64], den[64];
 * size_t nn, nd;
 * if (lk_calc_bands(c, "3301", "2024", 0, num, 64, &nn) == LK_OK &&
 *     lk_calc_bands(c, "3301", "2024", 1, den, 64, &nd) == LK_OK)
 *     rc = lk_std_direct(esp, num, nn, den, nd, NULL, &result);
 * else fprintf(stderr, "%s\n", lk_calc_errmsg(c));
 * @endcode
 */
LK_API int lk_calc_bands(lk_calc *c, const char *region, const char *period, int side, lk_std_band *out, size_t cap,
                         size_t *n);

/* ------------------------------------------------------------------ published rates */

/** A rate of one region and period as the file publishes it (percent, per 1000, kroner: its own
 *  unit, never rescaled). Strings are owned by the lk_published it came from. */
typedef struct lk_rate {
    const char *region, *region_name;
    lk_level level;
    const char *period;
    lk_period period_info;
    int has_value;           /**< 0: missing, with the file's symbol in status */
    double value;
    int has_ci;              /**< the file gives lower and upper limits (e.g. "MEIS.lower"/"MEIS.upper") */
    double ci_low, ci_high;
    const char *unit;        /**< the unit the file states, or "" */
    const char *measure;     /**< the measure text matched */
    const char *status;      /**< the file's symbol when missing, or "" */
} lk_rate;

typedef struct lk_published lk_published;

/**
 * @brief Collect the published rate @p rate (measure pattern, table, file, ages) from
 *        observations: one value per region and period, as published (landet and fylke too).
 *        Limits come only from the file: a measure named as the rate's with a suffix `.lower` /
 *        `.upper` (also `_`, a space, or the words nedre / øvre). An observation whose unit is a
 *        count (personer, antall) is not a rate and is skipped. @p rate and @p opts (only its
 *        `where` filters are used) must outlive the collection.
 * @return LK_OK, LK_EINVAL, LK_ENOMEM.
 */
LK_API int lk_published_new(lk_published **out, const lk_side *rate, const lk_calc_opts *opts);
LK_API void lk_published_free(lk_published *p);
LK_API const char *lk_published_errmsg(const lk_published *p);

/** Offer an observation of input file @p file (0-based; @p path names it in messages).
 *  @return LK_OK or LK_ENOMEM. */
LK_API int lk_published_add(lk_published *p, const lk_obs *obs, int file, const char *path);

/**
 * @brief Settle the rates: one measure (an exact label, or the measure's code where the file
 *        carries codes, wins over partial matches of the pattern), one value per region and
 *        period (a total category over its parts).
 * @return LK_OK; LK_ENOTFOUND when nothing matched; LK_EDATA when the pattern matches several
 *         measures, or a region and period have several rates (other categories: choose one with
 *         a `where` filter), with `FILE:LINE: ...` on @p p; LK_ENOMEM.
 */
LK_API int lk_published_finish(lk_published *p);

LK_API size_t lk_published_count(const lk_published *p);
/** Rates in order of region, then period. */
LK_API const lk_rate *lk_published_get(const lk_published *p, size_t i);
/** @return the rate of @p region in @p period, or NULL. */
LK_API const lk_rate *lk_published_find(const lk_published *p, const char *region, const char *period);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_INDICATORS_H */
