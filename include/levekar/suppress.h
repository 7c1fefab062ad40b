/**
 * @file levekar/suppress.h
 * @brief Small-count protection ("prikking"): primary suppression of cells with few cases or a
 *        small population, and secondary (complementary) suppression so that no hidden cell can
 *        be worked out by subtraction from the published cells of the same output.
 *
 * Plain numbers in, states out: the cells are counts (numerator, denominator) and the
 * relations say which cells add up to which (a kommune is its zones plus the rest outside every
 * zone; a three-year window is a shorter window plus the years it adds). Nothing here knows
 * about regions or files: lk_report_protect() (report.h) builds the cells and relations of a
 * report and applies the result to its rows.
 *
 * **Primary.** A cell with counts is hidden when its numerator is below @c min_numerator (T) or
 * its denominator below @c min_denominator (N), and, with @c complement, when the denominator
 * minus the numerator is below T ("all but two of the 30 are unemployed" discloses as much as
 * "two are"). A numerator of 0 is below every T > 0 and is hidden: FHI's rule
 * `sumTELLER <= PRIKK_T` includes it (khfunctions `R/censoring.R`), as does its public wording
 * (fewer than five cases), and a published 0 says something about every person in the group
 * (nobody in the zone receives social assistance).
 *
 * **Secondary.** For each relation whose total is shown with counts, let the recovered sum be
 * the total minus the shown parts (what anyone can compute from the output) and the rest the
 * part of the total that no part covers (people outside every zone, or with an unknown zone:
 * never shown, so it counts as hidden). The relation discloses, and one more part is hidden,
 * when
 *   - exactly one part is hidden and the rest is empty: that part is recovered exactly, whatever
 *     its size (also a secondary one, so that no chain of relations can start from it); or
 *   - no part is hidden and the rest is small (below the limits, as for a cell): the rest is
 *     recovered exactly; or
 *   - the recovered sum of several hidden parts (and the rest) is small: FHI's "several whose
 *     sum is still below the limits".
 * A recovered sum with no population (denominator 0, or below 0 where the total and its parts
 * come from sources that do not add up) discloses nothing. The part hidden is the shown one with
 * the smallest denominator (the least information lost; ties by code, then by position), never
 * an exempt one. The relations are checked again until none discloses (FHI's iterative
 * "naboprikking" over its geography triangles land–fylke–kommune–bydel–levekårssone,
 * khfunctions `R/censoring.R`). Each relation is checked on its own: a hidden cell that only a
 * combination of several relations would give (a linear system, as SSB's GaussSuppression
 * solves) is not looked for.
 *
 * **Windows.** A window of N years (`--window`) is the sum of the years in it that have counts.
 * Two shown windows of one region whose years nest, A inside B, give B − A, the years B adds;
 * when B has one year more than A (a window at the start of a series, or next to a missing
 * year: 2013-2015 holds only 2015 when the series starts in 2015, 2014-2016 holds 2015 and
 * 2016), that is a single year, published as surely as if it were a row of its own. So each such
 * pair is a relation, total B and part A, and the rest (B's extra years) must not be small;
 * when it is, A is hidden (the shorter window: it has the smaller denominator). Whether A's
 * years lie in B's is known only from their ranges and year counts
 * (lk_suppress_window_may_nest()), so the pair is taken as nested whenever it may be
 * (conservative). Full windows of equal length never nest; their differences are differences of
 * two single years (y2017 − y2014), not a count, and recover no cell, as in FHI's published
 * rolling figures, which are suppressed on the window sums only.
 *
 * @code
 * // kommune 0 = zones 1, 2, 3 (no rest); zone 1 has 2 cases of 40
 * lk_suppress_cell c[4] = {
 *     { 60, 600, 1, 1, "3301", LK_SUPPRESS_SHOWN },        // the kommune, published as it is
 *     { 2, 40, 1, 0, "Z1", LK_SUPPRESS_SHOWN },
 *     { 20, 200, 1, 0, "Z2", LK_SUPPRESS_SHOWN },
 *     { 38, 360, 1, 0, "Z3", LK_SUPPRESS_SHOWN } };
 * size_t parts[3] = { 1, 2, 3 };
 * lk_suppress_relation rel = { 0, parts, 3 };
 * lk_suppress_opts o;
 * lk_suppress_result res;
 * lk_suppress_preset(&o, "fhi");
 * o.min_numerator = 5, o.min_denominator = 10;  // the preset leaves them to the indicator
 * if (lk_suppress_run(c, 4, &rel, 1, &o, &res) == LK_OK)
 *     printf("%s %s\n", lk_suppress_status(c[1].state), lk_suppress_status(c[2].state));
 *     // "~suppressed ~suppressed:secondary": Z2 has the smaller denominator of the two left
 * @endcode
 */
#ifndef LEVEKAR_SUPPRESS_H
#define LEVEKAR_SUPPRESS_H

#include <stddef.h>
#include "common.h"
#include "labels.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a cell stands: given as SHOWN or ABSENT, set to PRIMARY or SECONDARY when hidden. */
typedef enum lk_suppress_state {
    LK_SUPPRESS_SHOWN = 0,  /**< its value is in the output */
    LK_SUPPRESS_PRIMARY,    /**< hidden: below the limits (status `~suppressed`) */
    LK_SUPPRESS_SECONDARY,  /**< hidden so that another hidden cell cannot be recovered (`~suppressed:secondary`) */
    LK_SUPPRESS_ABSENT      /**< not in the output for another reason (no value): hidden for recovery */
} lk_suppress_state;

/** One cell. */
typedef struct lk_suppress_cell {
    double numerator, denominator;
    int has_counts;          /**< 0: no counts (a published rate, missing data): never tested itself */
    int exempt;              /**< 1: never hidden (a level published as it is, e.g. kommuner by default) */
    const char *code;        /**< breaks ties between equal denominators (the smaller code first); may be NULL */
    lk_suppress_state state; /**< in: SHOWN or ABSENT; out: also PRIMARY or SECONDARY */
} lk_suppress_cell;

/** The total @c total (an index into the cells) is the sum of the cells @c parts plus a rest
 *  no cell covers (empty when the parts cover it). A part may be in several relations, and the
 *  total of one may be a part of another. @c parts must stay valid during lk_suppress_run(). */
typedef struct lk_suppress_relation {
    size_t total;
    const size_t *parts;
    size_t n_parts;
} lk_suppress_relation;

/** In lk_suppress_opts.min_numerator / min_denominator: the indicator's own limit
 *  (lk_indicator.suppress_min_numerator, ...), resolved by lk_report_protect(). */
#define LK_SUPPRESS_INDICATOR (-1.0)

/** The bit of level @p l in lk_suppress_opts.levels. */
#define LK_SUPPRESS_LEVEL(l) (1u << (unsigned)(l))
/** The levels protected by default: zones, grunnkretser and bydeler (issue 15). */
#define LK_SUPPRESS_DISTRICTS \
    (LK_SUPPRESS_LEVEL(LK_LEVEL_BYDEL) | LK_SUPPRESS_LEVEL(LK_LEVEL_GRUNNKRETS) | LK_SUPPRESS_LEVEL(LK_LEVEL_ZONE))

/** Options; lk_suppress_preset() fills them. */
typedef struct lk_suppress_opts {
    unsigned version;       /**< LK_SUPPRESS_OPTS_VERSION */
    double min_numerator;   /**< T: a numerator below it is hidden; 0: no such rule; LK_SUPPRESS_INDICATOR */
    double min_denominator; /**< N: a denominator below it is hidden; 0: no such rule; LK_SUPPRESS_INDICATOR */
    int complement;         /**< 1: also a denominator minus numerator below T (for shares) */
    unsigned levels;        /**< lk_report_protect(): the levels whose rows may be hidden (LK_SUPPRESS_LEVEL bits) */
} lk_suppress_opts;

#define LK_SUPPRESS_OPTS_VERSION 1
/** No protection (the preset "none"). */
#define LK_SUPPRESS_OPTS_INIT { LK_SUPPRESS_OPTS_VERSION, 0, 0, 0, LK_SUPPRESS_DISTRICTS }

/** What a run did. */
typedef struct lk_suppress_result {
    size_t primary;    /**< cells hidden as below the limits */
    size_t secondary;  /**< cells hidden so that no other could be recovered */
    size_t unresolved; /**< relations that still disclose because every part left to hide is exempt */
    size_t rounds;     /**< passes over the relations that hid something */
} lk_suppress_result;

/**
 * @brief Fill @p out with a preset, all on the district levels (LK_SUPPRESS_DISTRICTS):
 *        - `fhi`: the indicator's limits (LK_SUPPRESS_INDICATOR), which default to FHI's
 *          practice, numerator under 5 or population under 10 (Norgeshelsa hides figures based
 *          on fewer than five cases and population groups smaller than 10; khfunctions
 *          `R/censoring.R` states the limits as the highest value hidden, 4 and 9), and the
 *          complement rule of that code;
 *        - `ssb`: a numerator under 3 (SSB may suppress cells of "for example fewer than 3"
 *          observations, ssb.no/omssb/personvern), with no denominator limit and no complement
 *          rule, which SSB does not state;
 *        - `none`: nothing hidden.
 * @return LK_OK; LK_EINVAL for another name or a NULL argument (@p out then unchanged).
 */
LK_API int lk_suppress_preset(lk_suppress_opts *out, const char *name);

/** @return 1 when counts @p numerator / @p denominator are below the limits of @p o (the primary
 *          rule; limits must be resolved, not LK_SUPPRESS_INDICATOR), else 0. */
LK_API int lk_suppress_is_small(const lk_suppress_opts *o, double numerator, double denominator);

/**
 * @brief Hide the cells below the limits (those SHOWN, not exempt, with counts), then hide more
 *        until no relation discloses a hidden cell (see the top of this file).
 * @param cells in and out: the states; nothing else is changed.
 * @param[out] res counts of what was done (may be NULL).
 * @return LK_OK; LK_EINVAL for a NULL array with a count, an index out of range, limits not
 *         resolved (below 0) or a wrong version (the cells are then unchanged).
 */
LK_API int lk_suppress_run(lk_suppress_cell *cells, size_t n, const lk_suppress_relation *rels, size_t n_rels,
                           const lk_suppress_opts *o, lk_suppress_result *res);

/**
 * @brief May the years of window A (the calendar years @p a_first..@p a_last, of which @p a_used
 *        have counts) all lie in window B's, with B having more of them? True when
 *        @p a_used < @p b_used and the two ranges share at least @p a_used years. A year
 *        (2024) is a window of one year.
 * @return 1 or 0.
 */
LK_API int lk_suppress_window_may_nest(int a_first, int a_last, int a_used, int b_first, int b_last, int b_used);

/** @return "~suppressed" (PRIMARY), "~suppressed:secondary" (SECONDARY), or "" (never NULL). */
LK_API const char *lk_suppress_status(lk_suppress_state s);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_SUPPRESS_H */
