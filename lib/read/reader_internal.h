/* The reader's private state and the layout value detection returns, shared by the files of
 * the reader: opening and the run loop (reader.c), format detection (sniff.c, which fills an
 * lk_layout), messages, decoding, info, line classes, labels and JSON-stat. */
#ifndef LK_READER_INTERNAL_H
#define LK_READER_INTERNAL_H

#include <stdint.h>
#include "levekar/read.h"
#include "../common/arena.h"
#include "../common/encoding.h"
#include "../common/obs_identity.h"
#include "intern.h"
#include "scan.h"
#include "input.h"
#include "lines.h"
#include "dupcheck.h"
#include "prefix.h"

#define LK_SNIFF_BYTES (1u << 20)   /* format detection looks at the first MiB ... */
#define LK_SNIFF_LINES 2000         /* ... or this many lines */
#define LK_MAX_LINE (16u << 20)     /* longest line accepted */

/* The plain build (-DLK_PLAIN=ON) reads with the plain twin of every speed mechanism
 * (docs/internals.md): the libcsv splitter, no common-prefix take-over, labels looked up in the
 * intern table only, the hash-set duplicate check. */
#ifdef LK_PLAIN
#define LK_PLAIN_TWINS 1
#else
#define LK_PLAIN_TWINS 0
#endif

/* A header row as in the file (cells unquoted, trimmed): a row of the data that repeats it
 * is a second export pasted below the first. */
typedef struct lk_header_row {
    unsigned long line;
    size_t n;
    lk_field *f;
} lk_header_row;

/* What the layout detection decided for a column. */
typedef struct lk_colplan {
    lk_column_role role;
    const char *header;         /* UTF-8 */
    /* value columns: what the header contributes to each observation */
    const char *region, *region_name;
    lk_level level;
    const char *period;
    lk_period period_info;
    const char *measure;
    const char *unit;           /* the unit its header states, else the file's ("" when none) */
    const char *measure_code;   /* "" unless the file gives codes */
    lk_dim *dims;               /* dimensions from the heading rows */
    size_t n_dims;
    /* label columns */
    int fhi_geo;                /* region column holding FHI numeric GEO codes */
    int holds_codes;            /* measure column named ContentsCode: its labels are codes (csv3) */
} lk_colplan;

/* What the format detection (lk_sniff, or lk_reader_tidy_setup for levekar's own tidy CSV)
 * decided about a file: a value that detection returns, the reader copies and follows, and the
 * second part of a split file copies whole. It does not change during the run: the encoding
 * the run may still fix (a file whose first window was ASCII takes the encoding of its first
 * non-ASCII label) is the reader's decoder state (lk_reader.enc), which starts from the
 * layout's. The pointers point into the arena of the reader that detected it, which must
 * outlive the copies (read.h: free part 2 first). */
typedef struct lk_layout {
    lk_encoding enc;            /* as the first window decided it (the run's decoder starts here) */
    int enc_decided_non_ascii;  /* a non-ASCII label of the window fixed it */
    int had_bom;
    char delim;
    char decimal;
    unsigned long header_first, header_last; /* line numbers */
    char *title;
    char *table_id;
    lk_colplan *cols;
    size_t ncols;
    size_t region_col, period_col, measure_col, flag_col; /* SIZE_MAX when absent */
    size_t *dim_cols;           /* stub dimension columns in order */
    size_t n_dim_cols;
    size_t max_dims;
    const char *fallback_measure;
    int national_implied;       /* no region variable: every observation is region 0 (lk_read_info) */
    const char *file_unit;      /* the unit the preamble or title states ("" when none) */
    lk_dim file_dims[4];        /* the preamble's filter lines ("Alder, 15-29 år"): every observation's */
    size_t n_file_dims;
    lk_header_row *header_rows; /* the header block's rows (the data's arena) */
    size_t n_header_rows;
    /* levekar's own tidy CSV, read back as the observations it lists (lk_reader_tidy_setup) */
    int tidy;
    size_t tidy_unit_col, tidy_value_col, tidy_status_col; /* SIZE_MAX: no unit column */
} lk_layout;

/* A column's state during a run (each reader its own: the parts of a split file share the
 * layout, not this). */
typedef struct lk_colstate {
    lk_label *last;             /* last label seen: rows repeat labels, skip the hash */
    lk_label *hot[64];          /* by a cheap hash of the bytes: columns that alternate or cycle
                                 * (measures, years, ages) skip the intern table */
    size_t n_distinct;
    int label_pos, dim_pos;     /* its place among the row's labels / dimensions, or -1 */
} lk_colstate;

struct lk_reader {
    char *path;                 /* display name */
    char errmsg[1024];
    int fail_status;            /* the status errmsg reports */
    lk_read_opts opts;
    int ran;
    unsigned long long source;   /* this reader's identity (obs_identity.h): its address mixed with its opening time */

    /* input */
    lk_input in;                /* the bytes (input.h): a file, memory, or a part of the first reader's */
    char *buf;
    size_t cap, start, end;
    unsigned long long buf_pos;  /* file offset of buf[0] */
    unsigned long long limit;    /* stop before lines that start at or after this offset; 0: none */
    unsigned long long part_start; /* a second part of a split file starts here (0: the whole file) */
    long lines_before;           /* lines before part_start, counted only for a message; -1 unknown */
    int eof;
    unsigned long line_no;
    unsigned long crlf_lines, lf_lines;
    /* NUL and CR bytes are searched once per chunk, not once per line: the buffer offset of the
     * next one at or after the current line (SIZE_MAX: none up to r->end). */
    size_t nul_at, cr_at;
    int scan_ready;
    int line_nul, line_cr;      /* the line next_line returned holds a NUL / a CR before its end */

    lk_layout lay;              /* the detected format (read-only after lk_sniff) */
    /* the decoder's state (decode.c): the encoding, decided by the first window or by the first
     * non-ASCII label after an ASCII window */
    lk_encoding enc;
    int enc_decided_non_ascii;
    int had_bom;
    lk_colstate *colstate;      /* per column of lay.cols */

    /* run state */
    lk_arena arena;
    lk_intern labels;
    lk_fields fields;
    lk_dim *row_dims;
    char *conv;                 /* scratch for converting labels to UTF-8 */
    size_t conv_cap;
    /* duplicate rows (dupcheck.h); dup_skip: none checked (the second pass only looks) */
    lk_dup dup;
    int dup_skip;
    uint64_t find_fp;           /* second pass: the fingerprint to find ... */
    unsigned long find_upto, found_line; /* ... before this line, and where it was found */
    unsigned long found_line2;  /* ... and where it was found again (a duplicate across parts) */
    lk_prefix prefix;           /* the previous data row, for the common-prefix take-over (prefix.h) */
    size_t same_fields;         /* leading fields of the current row taken over */
    /* The last data row's labels (data_row keeps those of a shared prefix). */
    lk_label *row_labels[LK_ROW_LABELS];
    size_t dup_from;            /* the first label position of this row not taken over */
    size_t n_label_pos, n_dim_pos;
    size_t *value_cols, n_value_cols;
    lk_label *row_region, *row_period, *row_measure;
    const char *row_flag;
    int state_valid, state_had_empty;
    char stop_reason[901];      /* the callback's reason for stopping (lk_reader_stop_reason) */
    int in_trailer;
    unsigned long trailer_line;
    size_t filled_down;
    unsigned long blank_in_data;

    /* info for callers */
    lk_read_info info;
    lk_column_info *colinfo;
    lk_meta_line *meta;
    size_t n_meta, cap_meta;
    lk_status_count *statuses;
    size_t n_statuses, cap_statuses;
    const char **periods;
    size_t n_periods, cap_periods;

    struct lk_jsonstat *js;     /* a JSON-stat dataset (jsonstat.c) instead of CSV; NULL for CSV */
};

/* The period codes the reader accepts, for messages. */
#define LK_PERIOD_FORMS "a year 1700-2199 such as 2023, 2023K1-4, 2023M01-12, 2023H1-2, 2023U01-52 (U53 " \
                        "in years with 53 ISO weeks), 2006-2010 or FHI 2019_2021"

/* Set "FILE:LINE: message" (line 0 omits the line). Returns status. */
int lk_reader_fail(lk_reader *r, int status, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Pass o to the callback, with the reader's identity recorded for the call (obs_identity.h:
 * consumers cache by pointer only for such an observation). A callback that reads another file
 * meanwhile gets its own record, and this one back afterwards. Returns the callback's value. */
static inline int lk_reader_deliver(const lk_reader *r, lk_obs_cb cb, const lk_obs *o, void *payload)
{
    lk__delivery saved = lk__delivering;
    lk__delivering.obs = o;
    lk__delivering.source = r->source;
    int rc = cb(o, payload);
    lk__delivering = saved;
    return rc;
}

/* "FILE: out of memory" (LK_ENOMEM). */
int lk_reader_nomem(lk_reader *r);

/* "FILE: changed while it was read ..." (LK_EIO), replacing a message about a line the change
 * cut in two. */
int lk_reader_fail_changed(lk_reader *r);

/* Bring r->info up to date with the reader's state (info.c). */
void lk_reader_fill_info(lk_reader *r);

/* A period seen in the data, for lk_read_info.periods (info.c). */
int lk_reader_add_period(lk_reader *r, const char *p);

/* The status of the failure recorded on r, or LK_ENOMEM when none was (a callee that only
 * returned NULL): what to return after a NULL from a function that sets the error. */
int lk_reader_failed(const lk_reader *r);

/* Decode raw cell bytes to trimmed UTF-8 in the arena, fixing the file's encoding on the first
 * non-ASCII text. Returns NULL and sets the error on bad bytes or lack of memory. */
const char *lk_reader_text(lk_reader *r, const char *raw, size_t len, unsigned long line, size_t *out_len);

/* An empty layout: no columns, no region, period, measure or flag column. */
void lk_layout_init(lk_layout *lay);

/* Detect delimiter, preamble, header rows and column plans from the first window of the file
 * (r->buf; r->enc as the window's bytes suggest) into *out, initialised by lk_layout_init: what
 * the run then follows. The reader gives the rest: its arena (the layout's strings and
 * columns), the decoding of text, the messages, and the preamble's lines as metadata (sniff.c). */
int lk_sniff(lk_reader *r, lk_layout *out);

/* The file is levekar's tidy CSV (its header on line 1, with a unit column when unit is set):
 * its layout, columns and roles for reading its rows back (sniff.c). The columns of
 * lib/report/tidy.c, with the unit column of issue 13 after dims: */
enum { T_TABLE, T_REGION, T_REGION_NAME, T_LEVEL, T_PERIOD, T_MEASURE, T_DIMS, T_COLS_MAX = 10 };
int lk_reader_tidy_setup(lk_reader *r, lk_layout *lay, int unit);

/* Add a metadata line (preamble or trailer). */
int lk_reader_add_meta(lk_reader *r, unsigned long line, lk_line_class kind, const char *text);

/* Count one observation with status SYMBOL in the reader's table (inspect shows it). */
int lk_reader_count_status(lk_reader *r, const char *symbol);

#endif
