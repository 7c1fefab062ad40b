/**
 * @file levekar/inputs.h
 * @brief Checks across the input files of one run, so that no count is taken twice: the same
 *        export given twice, and the same observation in two files.
 *
 * A reader checks its own file (the same labels on two lines are an error); these checks see
 * what no single reader can. With one input file neither is needed, and neither costs anything.
 *
 * @code
 * size_t a, b;
 * if (lk_same_export(paths, n, &a, &b) == LK_EDATA)
 *     fprintf(stderr, "%s: the same export as %s (expected each file once)\n", paths[b], paths[a]);
 *
 * lk_obsset *seen;
 * lk_obsset_new(&seen);
 * // per file: lk_obsset_file(seen, path); then, in the reader's callback:
 * if (lk_obsset_add(seen, obs) != LK_OK) {
 *     lk_reader_stop_reason(reader, lk_obsset_errmsg(seen)); // "FILE:LINE: the same observation as ..."
 *     return 1;
 * }
 * lk_obsset_free(seen);
 * @endcode
 */
#ifndef LEVEKAR_INPUTS_H
#define LEVEKAR_INPUTS_H

#include "common.h"
#include "read.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Find two paths that name the same export: the same file (device and inode: the same
 *        path twice, `./x.csv` and `x.csv`, a hard or symbolic link), or two regular files with
 *        the same bytes (a second download such as `10539 (1).csv`).
 *
 * Only files of equal size are read, and only until their first difference; with fewer than
 * two paths nothing is looked at. A path that cannot be examined (missing, unreadable) counts
 * as different from every other: the reader says what is wrong with it. Empty files are never
 * "the same bytes" (each is its own error when read).
 *
 * @param[out] earlier, later on LK_EDATA, indexes with @p earlier < @p later: the first
 *             @p later in order that repeats an earlier path, and the first path it repeats.
 * @return LK_OK (all different), LK_EDATA (a pair found), LK_ENOMEM, LK_EINVAL.
 */
LK_API int lk_same_export(const char *const *paths, size_t n, size_t *earlier, size_t *later);

/**
 * The observations of several files, to find one observation given by two of them.
 *
 * "The same observation" is the same table, region (its code: `K-3005` and `3005` are one
 * region; a name when the file gives no code), period, measure and other dimensions with the
 * same categories (in any order). A file without a table id could be an export of any table:
 * its observations are compared with those of every table. Two files with different table ids
 * are different statistics, even where a label coincides. Observations are compared with or
 * without a number: a missing cell given twice is given twice.
 *
 * Not seen: the same count under another breakdown (a total of a dimension that only one of
 * the files has), and a dimension or measure spelt differently.
 *
 * Memory: 24 to 48 bytes per observation (the set keeps every observation of the files added
 * so far), and the distinct labels. Not thread-safe: a file read by two threads feeds one set
 * per thread, merged after (lk_obsset_merge()).
 */
typedef struct lk_obsset lk_obsset;

/** @return LK_OK or LK_ENOMEM (*out NULL). */
LK_API int lk_obsset_new(lk_obsset **out);

/**
 * @brief Observations added from now on come from the file @p name (copied). Observations under
 *        one name are never the same as each other here: that is the reader's check (and the
 *        parts of a split file each check their own part).
 * @return LK_OK, LK_ENOMEM, LK_EINVAL, LK_ELIMIT (more than 16 million files).
 */
LK_API int lk_obsset_file(lk_obsset *s, const char *name);

/**
 * @brief Add an observation of the current file.
 *
 * Labels are remembered by pointer while the observations come from the same reader (the
 * reader's identity travels in lk_obs's private member; lk_geo_resolve_obs() clears it when it
 * writes a code into its buffer), else by content.
 * @return LK_OK; LK_EDATA when another file gave the same observation, with the reason as the
 *         message (`the same observation as a.csv:12 (table 10539, region 3301, ...) (expected
 *         each observation once)`: the caller adds the place, e.g. with
 *         lk_reader_stop_reason()); LK_ELIMIT (more than 2 million regions, 16 million
 *         combinations of measure and categories, or 262,143 periods), LK_ENOMEM, LK_EINVAL.
 *         A failed call adds no observation.
 */
LK_API int lk_obsset_add(lk_obsset *s, const lk_obs *obs);

/**
 * @brief Add every observation of @p from to @p into, with @p line_base added to its line
 *        numbers (lk_reader_line_offset() of a second part).
 * @return LK_OK; LK_EDATA when an observation of @p from was given by another file of
 *         @p into, with the whole message on @p into: `b.csv:7: the same observation as
 *         a.csv:12 (...) (expected each observation once)`, for the first such line of @p from;
 *         LK_ELIMIT, LK_ENOMEM, LK_EINVAL. After a failure @p into holds part of @p from.
 */
LK_API int lk_obsset_merge(lk_obsset *into, const lk_obsset *from, unsigned long line_base);

/** @return the number of observations held (one per observation and file). */
LK_API size_t lk_obsset_count(const lk_obsset *s);

/** @return the last error's message, "" if none; a static text when @p s is NULL. */
LK_API const char *lk_obsset_errmsg(const lk_obsset *s);

/** NULL is a no-op. */
LK_API void lk_obsset_free(lk_obsset *s);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_INPUTS_H */
