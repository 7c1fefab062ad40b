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
 * With several files the same observation twice is refused; a file read in two parts gives the
 * same numbers as one. Messages about the input (lk_pipeline_message_at()) are for the caller
 * to show: the library never prints.
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
    const char *const *areas;         /**< region or zone codes ("3301", "S1"); none: every region */
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
    /** Several indicators, one report each (lk_pipeline_report_at()), instead of @c indicator:
     *  ids as for @c indicator. Indicators of incompatible definition families (NAV's and
     *  SSB's unemployment) are refused side by side. */
    const char *const *indicators;
    size_t n_indicators;
    /** An indicator made on the spot when no id or definition is given: counts of
     *  @c numerator over @c denominator (both, with lk_side.file the index into the files),
     *  shown on @c scale. */
    const lk_side *numerator, *denominator;
    lk_scale scale;
    /** A rate as a file published it (lk_side.file, measure or "" for the definition's own
     *  rate measure): with an indicator, its value where the files have no counts (the counts
     *  win where both are); alone, the indicator. */
    const lk_side *rate;
    int ages_lo, ages_hi;             /**< -1: the definition's ages; else every side narrowed to them */
    /** 1: what would otherwise be a warning about the input is an error: blank lines inside the
     *  data, labels continued from the row above, names that are no region. */
    int strict;
    /** 0: a large file is read by two threads where the sums need no order (no --geography,
     *  zones or published rate); 1: one thread. */
    int threads;
    unsigned long long split_min;     /**< bytes from which a file is read in two parts (0: 32 MiB) */
    /** Small-count protection of the report rows (levekar/suppress.h), applied before anything
     *  is returned, so no output shows a hidden value. NULL: the `fhi` preset on zones,
     *  grunnkretser and bydeler with the indicator's limits (issue 15: on by default for
     *  districts); a preset "none" to publish everything. */
    const lk_suppress_opts *suppress;
    /** FHI's start of a zone's series (lk_report_zone_start()): a zone's years before its last
     *  population change above this share are withheld (FHI: 0.15); 0: every year (default). */
    double zone_start;
    /** The periods to report ("2011", or "first" / "latest"), NULL for all (lk_report_keep_periods()). */
    const char *const *periods;
    size_t n_periods;
    /** 1: an indicator whose data is not in the files at all (lk_calc_has_data() 0) gets an
     *  empty report and a warning naming what to download (a panel, a profile), instead of
     *  failing the run; 0: the run fails (the default for one indicator). */
    int no_data_ok;
    /** Age (and sex) standardisation of the counts (levekar/standardise.h): -1 (the default)
     *  the indicator's `standardise` key, else an lk_standardise. Direct: each row's value is
     *  the rate standardised to @c standard_file's population (Dobson's interval with exact
     *  Poisson limits); indirect: SMR × landet's crude rate of the same period, the SMR's exact
     *  Poisson interval, index_land = SMR × 100. The crude value stays in lk_report_row.crude.
     *  Bands that do not nest in the standard's make the run fail with the message. Needs
     *  counts by age band (not a published rate, not kroner). */
    int standardise;
    /** Direct standardisation's standard: NULL, landet's population (the denominator) by age
     *  band in the latest period of the data; "esp2013", the European Standard Population 2013;
     *  else a file `age,population` (lk_std_standard_load()). */
    const char *standard_file;
    /** The standardised interval: 0 the default (direct: Dobson with exact Poisson limits;
     *  indirect: the SMR's exact limits), 1 Byar's approximation for the Poisson limits (both),
     *  2 Fay–Feuer's gamma interval (direct only). */
    int std_interval;
} lk_pipeline_opts;

#define LK_PIPELINE_OPTS_VERSION 1
#define LK_PIPELINE_OPTS_INIT { LK_PIPELINE_OPTS_VERSION, NULL, NULL, NULL, 0, 0, -1, NULL, 0, 0, LK_REPORT_OPTS_INIT, \
                                NULL, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, NULL, LK_SCALE_PERCENT, NULL, -1, -1, 0, \
                                0, 0, NULL, 0, NULL, 0, 0, -1, NULL, 0 }

typedef struct lk_pipeline lk_pipeline;

/**
 * @brief Run the whole chain on @p n_files export files.
 * @param[out] out the pipeline, also on failure (for lk_pipeline_errmsg() and the messages so
 *             far; NULL only when there was no memory for it); free it with lk_pipeline_free().
 * @return LK_OK; LK_EIO (a file that cannot be read), LK_EDATA (bad input, an area with no
 *         ratio because the data cannot give one, names without a code under @c strict, data
 *         that cannot give the indicator: the message says which, as
 *         `FILE:LINE: what is wrong (expected ...)` where it has a place, else as a sentence),
 *         LK_EINVAL (bad options: an unknown indicator, listing the known ones; incompatible
 *         indicators; a window over a published rate), LK_ELIMIT, LK_ENOMEM.
 */
LK_API int lk_pipeline_run(lk_pipeline **out, const char *const *files, size_t n_files, const lk_pipeline_opts *opts);
/** One input of lk_pipeline_run_inputs(): a file by its path, or bytes in memory. */
typedef struct lk_pipeline_input {
    const char *name;   /**< the path (data NULL), or the name messages give the buffer ("07459.csv") */
    const void *data;   /**< the export's bytes, or NULL to read the file @c name */
    size_t size;        /**< bytes at @c data */
} lk_pipeline_input;

/**
 * @brief lk_pipeline_run() on files and memory buffers alike (an export fetched or unpacked
 *        by the caller). The buffers are read during the call only. Two buffers with the same
 *        bytes are the same export given twice, and refused as two files are.
 */
LK_API int lk_pipeline_run_inputs(lk_pipeline **out, const lk_pipeline_input *inputs, size_t n,
                                  const lk_pipeline_opts *opts);

/** @return the (first) report (NULL before a successful run); owned by @p p. */
LK_API const lk_report *lk_pipeline_report(const lk_pipeline *p);
/** @return the number of reports: one per indicator (0 before a successful run). */
LK_API size_t lk_pipeline_report_count(const lk_pipeline *p);
/** @return report @p i, in the order of the indicators, or NULL; owned by @p p. */
LK_API const lk_report *lk_pipeline_report_at(const lk_pipeline *p, size_t i);
/** @return what the computation left out and why (lk_calc_note()), or ""; owned by @p p. */
LK_API const char *lk_pipeline_note(const lk_pipeline *p);

/** How a message of the run is meant. */
typedef enum lk_message_kind {
    LK_MESSAGE_INFO,    /**< how the input was read (footnotes kept, codes of older borders) */
    LK_MESSAGE_NOTE,    /**< what the definitions left out (lk_calc_note()) */
    LK_MESSAGE_WARNING  /**< something the reader of the numbers must know (names without a code,
                             zones that match nothing, an area without a value) */
} lk_message_kind;

/** A message of the run: every input line is used or said with its reason. */
typedef struct lk_message {
    lk_message_kind kind;
    const char *text;   /**< one line, no newline; "FILE: ..." or "FILE:LINE: ..." where it has a place */
} lk_message;

/** @return the number of messages, also after a failure (those until it). */
LK_API size_t lk_pipeline_message_count(const lk_pipeline *p);
/** @return message @p i in the order they arose, or NULL; owned by @p p. */
LK_API const lk_message *lk_pipeline_message_at(const lk_pipeline *p, size_t i);
/** @return the reason of the last failure, or ""; never NULL. */
LK_API const char *lk_pipeline_errmsg(const lk_pipeline *p);
LK_API void lk_pipeline_free(lk_pipeline *p);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_PIPELINE_H */
