/**
 * @file levekar/pipeline.h
 * @brief From export files to a report in one call: read every file, resolve names, harmonise
 *        to one year's borders, sum zones, compute the indicator counts first (or take its
 *        published rate), and make the report rows of the areas asked for with their kommune,
 *        fylke and landet.
 *
 * @code
 * const char *files[] = { "07459.csv", "10539.csv", "13563.csv" };
 * const char *areas[] = { "3301" };
 * lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
 * o.indicator = "unemployment";
 * o.areas = areas;
 * o.n_areas = 1;
 * lk_pipeline *p;
 * if (lk_pipeline_run(&p, files, 3, &o) != LK_OK) fprintf(stderr, "%s\n", lk_pipeline_errmsg(p));
 * else lk_report_write(lk_pipeline_report(p), LK_FORMAT_PROSE, stdout);
 * lk_pipeline_free(p);
 * @endcode
 *
 * Ownership: the pipeline owns everything it made (definitions, geography, computation, report);
 * the report and its rows are valid until lk_pipeline_free(). The caller's strings (files,
 * areas, option texts) are read during lk_pipeline_run() only. A pipeline is used by one thread
 * at a time; separate pipelines may run in separate threads.
 */
#ifndef LEVEKAR_PIPELINE_H
#define LEVEKAR_PIPELINE_H

#include <stddef.h>
#include "common.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options for lk_pipeline_run(); start from LK_PIPELINE_OPTS_INIT. */
typedef struct lk_pipeline_opts {
    unsigned version;                 /**< LK_PIPELINE_OPTS_VERSION */
    const char *indicator;            /**< a built-in id, or one of indicators_file */
    const char *indicators_file;      /**< further definitions (indicators.def format), or NULL */
    const char *const *areas;         /**< region or zone codes ("3301", "S1"); NULL with all */
    size_t n_areas;
    int all;                          /**< every region in the data (and their fylker, landet) */
    int geography;                    /**< -1: as published; 0: the latest borders in the data; a year */
    const char *zones_file;           /**< zone,name,member CSV, or NULL */
    int window;                       /**< N-year rolling sums (0 or 1: yearly) */
    int skip_missing;                 /**< sum the parts that have numbers (`~skipped`) */
    lk_report_opts report;            /**< interval, level, alpha, language */
    /** An indicator of the caller's instead of @c indicator (e.g. built from command-line
     *  patterns); it must outlive the pipeline. NULL: @c indicator. */
    const lk_indicator *definition;
    const char *const *where;         /**< "NAME=VALUE" filters on other dimensions (lk_calc_opts) */
    size_t n_where;
    const char *const *compare;       /**< comparison regions beside fylke and landet ("EKG08", "EAKUO") */
    size_t n_compare;
    const char *changes_file;         /**< a KLASS change list for reforms after the built-in table, or NULL */
} lk_pipeline_opts;

#define LK_PIPELINE_OPTS_VERSION 1
#define LK_PIPELINE_OPTS_INIT { LK_PIPELINE_OPTS_VERSION, NULL, NULL, NULL, 0, 0, -1, NULL, 0, 0, LK_REPORT_OPTS_INIT, \
                                NULL, NULL, 0, NULL, 0, NULL }

typedef struct lk_pipeline lk_pipeline;

/**
 * @brief Run the whole chain on @p n_files export files.
 * @param[out] out the pipeline, also on failure (for lk_pipeline_errmsg(); NULL only when
 *             there was no memory for it); free it with lk_pipeline_free().
 * @return LK_OK; LK_EIO (a file that cannot be read), LK_EDATA (bad input, an unknown
 *         indicator or area, names without a code, data that cannot give the indicator: the
 *         message says which, as `FILE:LINE: what is wrong (expected ...)` where it has a line),
 *         LK_EINVAL (bad options), LK_ENOMEM.
 */
LK_API int lk_pipeline_run(lk_pipeline **out, const char *const *files, size_t n_files, const lk_pipeline_opts *opts);
/** @return the report (NULL before a successful run); owned by @p p. */
LK_API const lk_report *lk_pipeline_report(const lk_pipeline *p);
/** @return what the computation left out and why (lk_calc_note()), or ""; owned by @p p. */
LK_API const char *lk_pipeline_note(const lk_pipeline *p);
/** @return the reason of the last failure, or ""; never NULL. */
LK_API const char *lk_pipeline_errmsg(const lk_pipeline *p);
LK_API void lk_pipeline_free(lk_pipeline *p);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_PIPELINE_H */
