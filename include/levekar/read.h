/**
 * @file levekar/read.h
 * @brief Streaming reader for CSV exports from SSB Statistikkbanken / PxWebApi and FHI, and
 *        for JSON-stat 2.0 datasets (PxWebApi json-stat2, FHI's open API).
 *
 * The reader detects encoding (UTF-8, UTF-8 with BOM, ISO-8859-1/Windows-1252), delimiter
 * (`;` `,` TAB), preamble (title lines, blank lines, spreadsheet metadata), header rows, the
 * layout (long or wide, glued header cells) and footnote trailers, then hands every observation
 * to a callback. Memory is bounded by the number of distinct labels, not by the file size.
 * Input that starts with `{` (after a BOM and white space) is read as a JSON-stat 2.0 dataset
 * instead: parsed whole (with jansson), then every cell of the cube is delivered in row-major order
 * over the dataset's `id`, with the same labels the CSV export of the table gives.
 *
 * @code
 * static int count(const lk_obs *obs, void *payload) { (void)obs; ++*(size_t *)payload; return 0; }
 *
 * lk_reader *r;
 * size_t n = 0;
 * if (lk_reader_open(&r, "07459.csv", NULL) != LK_OK || lk_reader_run(r, count, &n) != LK_OK)
 *     fprintf(stderr, "%s\n", lk_reader_errmsg(r));   // "07459.csv:12: ..." (NULL r: out of memory)
 * lk_reader_free(r);
 * @endcode
 */
#ifndef LEVEKAR_READ_H
#define LEVEKAR_READ_H

#include "common.h"
#include "labels.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque streaming reader. */
typedef struct lk_reader lk_reader;

/** Options for lk_reader_open(); zero-initialise (or use LK_READ_OPTS_INIT) and set fields. */
typedef struct lk_read_opts {
    unsigned version;        /**< LK_READ_OPTS_VERSION */
    /** Split rows with libcsv instead of the fast scanner (slower; the reference path). */
    int reference_parser;
    /** Name to use in messages instead of the path (e.g. for memory input). NULL: the path. */
    const char *display_name;
} lk_read_opts;

#define LK_READ_OPTS_VERSION 1
#define LK_READ_OPTS_INIT { LK_READ_OPTS_VERSION, 0, NULL }

/** A dimension value other than region, period and measure, e.g. `alder` = `15-74 år`. */
typedef struct lk_dim {
    const char *name;  /**< dimension name as in the file (UTF-8) */
    const char *value; /**< category label (UTF-8) */
} lk_dim;

/** One observation: a cell of the table with all its labels. */
typedef struct lk_obs {
    const char *table;        /**< table id ("07459"), or "" */
    const char *region;       /**< canonical region code without prefix ("3005", "0"), or "" */
    const char *region_name;  /**< region name (UTF-8), or "" */
    lk_level level;           /**< region level (LK_LEVEL_NONE when the table has no region) */
    const char *period;       /**< canonical period text ("2023", "2019-2021"), or "" */
    lk_period period_info;    /**< the parsed period */
    const char *measure;      /**< what is measured ("Befolkning 1. januar", "TELLER"), or "" */
    /** The measure's code where the file carries one (JSON-stat / PxWeb ContentsCode such as
     *  "Personer1", "KOSbelop0000"), else NULL or "". */
    const char *measure_code;
    /** The unit of the value where the file or its labels say it ("personer", "prosent",
     *  "1000 kr", "per 1000", "1000 personer"), else NULL or "". */
    const char *unit;
    const lk_dim *dims;       /**< other dimensions, in source order */
    size_t n_dims;
    int has_value;            /**< 1 when @c value holds a number */
    double value;             /**< the number (0 when has_value is 0: never use it then) */
    const char *status;       /**< the file's symbol when missing (`..`, `:`), a flag, or "" */
    unsigned long line;       /**< 1-based line number in the file */
    size_t column;            /**< 1-based column number of the cell (JSON-stat: its position in `value` + 1) */
} lk_obs;

/**
 * @brief Called once per observation. The pointers inside @p obs stay valid until the reader
 *        is freed (labels are interned), except @c obs->dims, valid only during the call.
 * @return 0 to continue; any other value stops the read with LK_EUSER.
 */
typedef int (*lk_obs_cb)(const lk_obs *obs, void *payload);

/** How a line of the file was used. */
typedef enum lk_line_class {
    LK_LINE_PREAMBLE = 0, /**< title or metadata before the header (kept as metadata) */
    LK_LINE_BLANK,        /**< empty, or only empty cells */
    LK_LINE_HEADER,       /**< a header row */
    LK_LINE_DATA,         /**< a data row (its cells became observations) */
    LK_LINE_TRAILER,      /**< footnotes and metadata after the data (kept as metadata) */
    LK_LINE_CLASS_COUNT
} lk_line_class;

/** Role of a column. */
typedef enum lk_column_role {
    LK_COL_REGION = 0, /**< region labels */
    LK_COL_PERIOD,     /**< periods */
    LK_COL_MEASURE,    /**< what is measured ("statistikkvariabel") */
    LK_COL_DIM,        /**< another dimension */
    LK_COL_VALUE,      /**< numbers; the header may carry region, period, measure and a dimension */
    LK_COL_FLAG,       /**< FHI SPVFLAGG: suppression flag for the row's values */
    LK_COL_IGNORED     /**< empty padding column (spreadsheet re-saves) */
} lk_column_role;

/** What the reader found out about one column. */
typedef struct lk_column_info {
    const char *header;    /**< the header text (heading rows joined by spaces), UTF-8 */
    lk_column_role role;
    /* For value columns: what the header was split into ("" when absent). */
    const char *region;      /**< region code from the header */
    const char *region_name; /**< region name from the header */
    const char *period;      /**< canonical period from the header */
    const char *measure;     /**< measure text from the header */
    const char *dim_name;    /**< name of the dimension the rest of the header belongs to */
    const char *dim_value;   /**< the rest of the header */
    size_t n_distinct;       /**< label columns: number of distinct labels seen so far */
} lk_column_info;

/** A preamble or trailer line kept as metadata. */
typedef struct lk_meta_line {
    unsigned long line;
    lk_line_class kind;   /**< LK_LINE_PREAMBLE or LK_LINE_TRAILER */
    const char *text;     /**< non-empty cells joined by a space, UTF-8 */
} lk_meta_line;

/** A status symbol and how often it occurred. */
typedef struct lk_status_count {
    const char *symbol;
    size_t count;
} lk_status_count;

/** A dimension of a JSON-stat dataset. */
typedef struct lk_dimension_info {
    const char *id;        /**< the dimension's id ("Region", "ContentsCode") */
    const char *label;     /**< its label ("region"): the name its dims entries get; the id when it has none */
    lk_column_role role;   /**< LK_COL_REGION, LK_COL_PERIOD, LK_COL_MEASURE or LK_COL_DIM */
    int role_by_name;      /**< 1 when the role came from the id or label, not from the dataset's `role` */
    size_t size;           /**< number of categories */
} lk_dimension_info;

/** Everything detected about a file. Valid until the reader is freed; counts grow during the run. */
typedef struct lk_read_info {
    const char *path;         /**< display name */
    const char *encoding;     /**< "UTF-8", "UTF-8 with BOM", "ISO-8859-1/Windows-1252", "ASCII" */
    int had_bom;
    size_t repaired_chars;    /**< doubly-encoded UTF-8 characters repaired (Ã¸ → ø) */
    char delimiter;           /**< ';', ',' or '\t' */
    char decimal_mark;        /**< '.' or ',' */
    const char *line_ending;  /**< "CRLF", "LF" or "mixed" */
    const char *layout;       /**< "long" (one value column), "wide", or "tidy" (levekar's own tidy CSV) */
    const char *table_id;     /**< "" when the title has none */
    const char *title;        /**< first preamble text, "" when none */
    unsigned long header_first_line, header_last_line;
    const lk_column_info *columns;
    size_t n_columns;
    const lk_meta_line *meta;
    size_t n_meta;
    unsigned long lines;                      /**< lines read so far */
    unsigned long line_counts[LK_LINE_CLASS_COUNT];
    size_t observations;                      /**< observations delivered */
    size_t missing;                           /**< of which without a number */
    size_t level_counts[LK_LEVEL_OTHER + 1];  /**< observations per region level */
    const lk_status_count *statuses;          /**< symbols seen, in order of first occurrence */
    size_t n_statuses;
    size_t flagged_by_spvflagg;               /**< values hidden because SPVFLAGG > 0 */
    size_t filled_down;                       /**< empty label cells that continued the label above (merged spreadsheet cells) */
    unsigned long blank_in_data;              /**< blank lines after the header (of line_counts[LK_LINE_BLANK]) */
    size_t duplicates_checked;                /**< data rows checked for repeated labels ... */
    int duplicate_check_stopped;              /**< ... 1 when the check stopped at its limit (labels in more than 67 million combinations, 8 MiB of bits) */
    const char *const *periods;               /**< distinct periods, in order of first occurrence */
    size_t n_periods;
    /* Appended with the JSON-stat reader (the struct is only ever handed out by pointer). */
    const char *format;                       /**< "CSV" or "JSON-stat 2.0" */
    const lk_dimension_info *dimensions;      /**< JSON-stat: the dimensions in `id` order; NULL for CSV */
    size_t n_dimensions;
    size_t cells;                             /**< JSON-stat: cells of the cube (the product of the sizes) */
    size_t cells_absent;                      /**< JSON-stat: cells a sparse `value` object leaves out (delivered as missing) */
    /** 1 when the table has no region variable at all (no column, no header, no JSON-stat geo
     *  dimension): an SSB table without one is national, so its observations get region "0"
     *  (Hele landet, LK_LEVEL_LAND) and `inspect` says so. */
    int national_implied;
} lk_read_info;

/**
 * @brief Open a file and detect its format (reads up to the first MiB; a JSON-stat file whole).
 * @param[out] out the reader; on failure still set, to a reader that holds only the message
 *             (lk_reader_errmsg()), unless memory ran out (then NULL). The caller frees it in
 *             both cases, as with lk_zones_load().
 * @param path file to read.
 * @param opts options or NULL for defaults.
 * @return LK_OK, LK_EIO (cannot open/read), LK_EDATA (not a recognisable export),
 *         LK_ELIMIT, LK_ENOMEM, LK_EINVAL.
 */
LK_API int lk_reader_open(lk_reader **out, const char *path, const lk_read_opts *opts);

/**
 * @brief The same as lk_reader_open() (kept for programs written when lk_reader_open() set
 *        *out to NULL on failure).
 */
LK_API int lk_reader_open_ex(lk_reader **out, const char *path, const lk_read_opts *opts);

/**
 * @brief Like lk_reader_open_ex(), reading @p size bytes at @p data instead of a file: the same
 *        bytes give the same observations, info and messages as from a file (CSV and JSON-stat).
 *        The bytes are not copied as a whole (only as the reading needs them), so @p data
 *        belongs to the caller and must stay valid and unchanged until the reader is freed. A
 *        memory reader is not split (lk_reader_split() leaves *part2 NULL).
 * @param name the FILE of `FILE:LINE: ...` messages and of lk_read_info.path (NULL: "(memory)").
 * @param data the bytes (NULL with any @p size: no bytes).
 *
 * @code
 * static const char csv[] = "\"region\";\"Personer 2023\"\n\"3301 Drammen\";103000\n";
 * lk_reader *r;
 * if (lk_reader_open_memory(&r, "drammen.csv", csv, sizeof csv - 1, NULL) == LK_OK)
 *     lk_reader_run(r, on_obs, NULL);
 * lk_reader_free(r);
 * @endcode
 */
LK_API int lk_reader_open_memory(lk_reader **out, const char *name, const void *data,
                                 size_t size, const lk_read_opts *opts);

/**
 * @brief Read every line, delivering observations to @p cb (may be NULL to only scan).
 * @return LK_OK; LK_EDATA with a `FILE:LINE: ...` message for bad input; LK_EIO (also when the
 *         file's size or modification time changed while it was read, or it ended before the
 *         size it had at opening: `FILE: changed while it was read ...`); LK_ELIMIT;
 *         LK_EUSER when @p cb stopped the read. A reader can run once.
 */
LK_API int lk_reader_run(lk_reader *r, lk_obs_cb cb, void *payload);

/**
 * @brief Say why the observation callback is about to stop the run: the run's error message is
 *        then `FILE:LINE: why` (with the line's absolute number, also in the second part of a
 *        split file) instead of "stopped by the caller". Call from inside the callback, then
 *        return non-zero from it. @p why is copied (up to 900 bytes); NULL clears it.
 */
LK_API void lk_reader_stop_reason(lk_reader *r, const char *why);

/**
 * @brief Split a large file in two at the line start nearest its middle, so two threads can read
 *        it (one reader each; observations are not delivered in file order across the parts).
 *        @p r keeps the first part; *part2 reads the rest with the format @p r detected, and
 *        reports absolute line numbers in its messages. Call after opening, before running.
 *        The second part borrows @p r's detection: free *part2 before @p r.
 * @param min_size files smaller than this (in bytes) are not split (*part2 stays NULL).
 * @return LK_OK (with *part2 NULL when the file is small or not a regular file), LK_EINVAL,
 *         LK_ENOMEM.
 */
LK_API int lk_reader_split(lk_reader *r, lk_reader **part2, unsigned long long min_size);

/**
 * @brief After both parts of a split file have run: is a row of the second part a repeat of a
 *        row of the first? Each part checks only its own rows; this closes the gap, so a file
 *        read by two threads is checked as wholly as one read by one.
 * @return LK_OK; LK_EDATA with the message on @p r naming both lines (FILE:LINE: the same labels
 *         as line N ...); LK_ENOMEM; LK_EINVAL for NULL. When either part's check had stopped (the
 *         labels outgrew its budget; lk_read_info says so) nothing more can be checked: LK_OK.
 */
LK_API int lk_reader_check_parts(lk_reader *r, lk_reader *part2);

/**
 * @brief The number of lines in the file before this reader's part: 0 for a whole file and a
 *        first part; for the second part of lk_reader_split(), the first part's lines (counted
 *        on the first call, by reading the first part once). lk_obs.line plus this is the line's
 *        number in the file.
 */
LK_API unsigned long lk_reader_line_offset(lk_reader *r);

/** @return what was detected and counted. Never NULL for a non-NULL reader. */
LK_API const lk_read_info *lk_reader_info(const lk_reader *r);

/**
 * @brief Say in one phrase what a file held besides its header and data rows: footnote lines
 *        kept as metadata, blank lines inside the data, labels continued from the row above
 *        (merged spreadsheet cells), numbers hidden by SPVFLAGG, e.g. "2 footnote lines kept as
 *        metadata, 1 blank line".
 * @param in the reading's info (lk_reader_info() after lk_reader_run()), or NULL (nothing).
 * @param strict 1: blank lines inside the data and continued labels are refused (they are
 *        guesses); footnotes and SPVFLAGG are how the producers write their files and pass.
 * @param[out] buf receives the phrase, "" when there is nothing to say; always NUL-terminated.
 * @return LK_OK; LK_EDATA when @p strict refuses (the phrase says why); LK_EINVAL without a buffer.
 *
 * @code
 * char what[512];
 * if (lk_read_info_account(lk_reader_info(r), 0, what, sizeof what) == LK_OK && *what)
 *     fprintf(stderr, "%s: %s\n", lk_reader_info(r)->path, what);
 * @endcode
 */
LK_API int lk_read_info_account(const lk_read_info *in, int strict, char *buf, size_t size);

/** @return the last error as `FILE:LINE: what is wrong (expected ...)`, "" if none;
 *          a static text when @p r is NULL. */
LK_API const char *lk_reader_errmsg(const lk_reader *r);

/** Free the reader and every string it handed out. NULL is a no-op. */
LK_API void lk_reader_free(lk_reader *r);

/** @return the English name of a line class ("preamble", "blank", "header", "data", "trailer"). */
LK_API const char *lk_line_class_name(lk_line_class c);

/** @return the name of a column role ("region", "period", "measure", "dim", "value", ...). */
LK_API const char *lk_column_role_name(lk_column_role role);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_READ_H */
