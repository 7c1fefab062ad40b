/* The streaming reader: opening (input.c gives the bytes), the line buffer, and the loop that
 * turns data rows into observations, following the lk_layout that detection (sniff.c) filled.
 * Around it: messages (message.c), the encoding policy (decode.c), info (info.c), line classes
 * (lines.c). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "reader_internal.h"
#include "unit.h"
#include "jsonstat.h"
#include "labels.h"
#include "prefix.h"
#include "../common/ascii.h"
#include "../common/bigalloc.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define LK_READ_CHUNK (1u << 20)

/* ------------------------------------------------------------------ text decoding */

/* ------------------------------------------------------------------ input */

/* The offset of the first byte c in buf[from, to), or SIZE_MAX. */
static size_t find_byte(const lk_reader *r, int c, size_t from, size_t to)
{
    const char *q = from < to ? memchr(r->buf + from, c, to - from) : NULL;
    return q ? (size_t)(q - r->buf) : SIZE_MAX;
}

static int fill(lk_reader *r)
{
    if (r->eof) return LK_OK;
    r->prefix.prev = NULL; /* the buffer may move */
    if (r->start > 0 && r->start == r->end) {
        r->buf_pos += r->start;
        r->start = r->end = 0;
    }
    if (r->end == r->cap) {
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            if (r->nul_at != SIZE_MAX) r->nul_at -= r->start;
            if (r->cr_at != SIZE_MAX) r->cr_at -= r->start;
            r->end -= r->start;
            r->buf_pos += r->start;
            r->start = 0;
        } else {
            if (r->cap >= LK_MAX_LINE + 2) {
                unsigned long line = r->line_no + 1;
                for (const char *p = r->buf, *e = r->buf + r->end; (p = memchr(p, '\n', (size_t)(e - p))); p++)
                    line++;
                return lk_reader_fail(r, LK_ELIMIT, line,
                                      "line longer than %u MiB (expected lines of a CSV table)",
                                      LK_MAX_LINE >> 20);
            }
            size_t cap = r->cap * 2;
            if (cap > LK_MAX_LINE + 2) cap = LK_MAX_LINE + 2;
            char *b = realloc(r->buf, cap + LK_SCAN_PAD);
            if (!b) return lk_reader_nomem(r);
            r->buf = b;
            r->cap = cap;
        }
    }
    size_t room = r->cap - r->end, got;
    lk_input_rc in = lk_input_read(&r->in, r->buf + r->end, room, &got);
    if (in == LK_INPUT_ERROR) return lk_reader_fail(r, LK_EIO, 0, "read error: %s", strerror(errno));
    if (in == LK_INPUT_CHANGED) return lk_reader_fail_changed(r);
    if (r->scan_ready) { /* the new bytes: a NUL or CR there unless one is already pending */
        if (r->nul_at == SIZE_MAX) r->nul_at = find_byte(r, '\0', r->end, r->end + got);
        if (r->cr_at == SIZE_MAX) r->cr_at = find_byte(r, '\r', r->end, r->end + got);
    }
    r->end += got;
    memset(r->buf + r->end, 0, LK_SCAN_PAD); /* what the scanner reads past the last line is defined */
    if (got == 0) r->eof = 1;
    return LK_OK;
}

/* The first '\n' in p[0..n): lines are short, so the first bytes are searched inline (a call
 * to memchr costs more than the search on an 80-byte line). */
static inline const char *find_newline(const char *p, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__) && !LK_PLAIN_TWINS /* the plain twin: memchr */
    const __m128i nl = _mm_set1_epi8('\n');
    for (; i + 16 <= n && i < 256; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), nl));
        if (m) return p + i + __builtin_ctz(m);
    }
#endif
    return i < n ? memchr(p + i, '\n', n - i) : NULL;
}

/* Next line without its line end. Returns 1 with a line, 0 at the end, -1 on error. */
static int next_line(lk_reader *r, char **line, size_t *len)
{
#if !LK_PLAIN_TWINS
    if (!r->scan_ready) {
        r->nul_at = find_byte(r, '\0', r->start, r->end);
        r->cr_at = find_byte(r, '\r', r->start, r->end);
        r->scan_ready = 1;
    }
#endif
    for (;;) {
        char *p = r->buf + r->start;
        size_t avail = r->end - r->start;
        if (r->limit && r->buf_pos + r->start >= r->limit) return 0; /* the next part begins here */
        char *nl = (char *)(uintptr_t)find_newline(p, avail);
        if (nl || (r->eof && avail)) {
            size_t l = nl ? (size_t)(nl - p) : avail;
            size_t at = r->start, after = at + l + (nl ? 1 : 0);
            r->start = after;
            r->line_no++;
#if LK_PLAIN_TWINS
            r->line_nul = r->line_cr = 1; /* the plain twin of the prescan: the run searches every line */
#else
            r->line_nul = r->nul_at < at + l;
            r->line_cr = 0;
            if (r->cr_at < at + l) { /* a CR: the line end's, or one inside the line */
                r->line_cr = r->cr_at != at + l - 1; /* cr_at is the first CR of the line */
                r->cr_at = find_byte(r, '\r', after, r->end);
            }
#endif
            if (l && p[l - 1] == '\r') {
                l--;
                r->crlf_lines++;
            } else if (nl) {
                r->lf_lines++;
            }
            *line = p;
            *len = l;
            return 1;
        }
        if (r->eof) return 0;
        if (fill(r) != LK_OK) return -1;
    }
}

/* ------------------------------------------------------------------ open and free */

static int reader_new(lk_reader **out, const char *name, const lk_read_opts *opts)
{
    lk_reader *r = calloc(1, sizeof *r);
    if (!r) return LK_ENOMEM;
    if (opts) r->opts = *opts;
    r->opts.version = LK_READ_OPTS_VERSION; /* also without opts: a second pass copies them */
    const char *display = opts && opts->display_name ? opts->display_name : name;
    if (!display) display = "(input)";
    r->path = malloc(strlen(display) + 1);
    if (r->path) strcpy(r->path, display);
    r->cap = LK_READ_CHUNK;
    r->buf = malloc(r->cap + LK_SCAN_PAD); /* the scanner reads a little past a line's end */
    lk_arena_init(&r->arena);
    lk_intern_init(&r->labels, &r->arena);
    lk_fields_init(&r->fields);
    lk_layout_init(&r->lay);
    r->lines_before = -1;
    lk_dup_init(&r->dup, LK_PLAIN_TWINS, LK_DUP_BITS);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    /* A reader at a reused address opens at another moment: the pair is never repeated. */
    r->source = ((unsigned long long)(uintptr_t)r * 0x9E3779B97F4A7C15ull)
                ^ ((unsigned long long)now.tv_sec * 1000000000ull + (unsigned long long)now.tv_nsec);
    if (!r->source) r->source = 1;
    r->lay.title = NULL;
    r->lay.table_id = NULL;
    if (!r->path || !r->buf) {
        lk_reader_free(r);
        return LK_ENOMEM;
    }
    *out = r;
    return LK_OK;
}

static int tidy_line(lk_reader *r, unsigned long line, lk_obs_cb cb, void *payload);

/* r->info up to date: the CSV reader's part (info.c) and JSON-stat's. */
static void refresh_info(lk_reader *r)
{
    lk_reader_fill_info(r);
    if (r->js) lk_jsonstat_fill_info(r);
}

const lk_read_info *lk_reader_info(const lk_reader *r)
{
    if (!r) return NULL;
    refresh_info((lk_reader *)r);
    return &r->info;
}

/* The reader's own state for reading r->lay: the row's dimensions, the columns' label caches
 * and counts, and their info. */
static int follow_layout(lk_reader *r)
{
    size_t n = r->lay.ncols ? r->lay.ncols : 1;
    r->row_dims = malloc((r->lay.n_dim_cols + r->lay.max_dims + 1) * sizeof *r->row_dims);
    /* now, not in lk_reader_fill_info: there a failure could only leave the columns out */
    r->colinfo = calloc(n, sizeof *r->colinfo);
    r->colstate = calloc(n, sizeof *r->colstate);
    if (!r->row_dims || !r->colinfo || !r->colstate) return lk_reader_nomem(r);
    return LK_OK;
}

/* Read the first window, detect the encoding and layout. */
static int start(lk_reader *r)
{
    int rc;
    while (!r->eof && r->end < LK_SNIFF_BYTES)
        if ((rc = fill(r)) != LK_OK) return rc;
    if (lk_jsonstat_detect(r)) { /* read whole, before the line-based window below */
        rc = lk_jsonstat_open(r);
        refresh_info(r);
        return rc;
    }
    /* A window of a few long lines: keep reading (the buffer grows up to LK_MAX_LINE) until
     * detection has enough whole lines to look at. */
    for (;;) {
        size_t lines = 0;
        for (const char *p = r->buf, *e = r->buf + r->end; lines < 16 && (p = memchr(p, '\n', (size_t)(e - p))); p++)
            lines++;
        if (r->eof || lines >= 16) break;
        size_t before = r->end;
        if ((rc = fill(r)) != LK_OK) return rc;
        if (r->end == before && !r->eof) break;
    }
    const unsigned char *u = (const unsigned char *)r->buf;
    if (r->end >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        r->had_bom = 1;
        r->enc = LK_ENC_UTF8;
        r->start = 3;
    } else if (r->end >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        return lk_reader_fail(r, LK_EDATA, 1,
                              "UTF-16 text (expected UTF-8 or ISO-8859-1; save the file as CSV UTF-8)");
    } else if (lk_has_non_ascii(u, r->end)) {
        size_t v = lk_utf8_valid_prefix(u, r->end, !r->eof);
        r->enc = v == r->end ? LK_ENC_UTF8 : LK_ENC_CP1252;
    }
    lk_layout lay;
    lk_layout_init(&lay);
    rc = lk_sniff(r, &lay);
    r->lay = lay; /* also a failed detection's: lk_read_info shows what it had found */
    if (rc == LK_OK) rc = follow_layout(r);
    refresh_info(r);
    return rc;
}

/* A new reader named `name` in messages, before its input is set. */
static int open_reader(lk_reader **out, const char *name, const lk_read_opts *opts)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (opts && opts->version != LK_READ_OPTS_VERSION) return LK_EINVAL;
    return reader_new(out, name, opts);
}

/* Read the first window of r->in and detect the format. */
static int open_start(lk_reader *r)
{
    size_t want = r->cap; /* how much of the buffer the input will fill */
    if (r->in.size_known && r->in.size - r->in.start < want) want = (size_t)(r->in.size - r->in.start);
    r->buf_pos = r->in.start;
    lk_prefault(r->buf, want + LK_SCAN_PAD);
    return start(r);
}

int lk_reader_open_ex(lk_reader **out, const char *path, const lk_read_opts *opts)
{
    if (!path) {
        if (out) *out = NULL;
        return LK_EINVAL;
    }
    int rc = open_reader(out, path, opts);
    if (rc != LK_OK) return rc;
    lk_reader *r = *out;
    if (lk_input_open_file(&r->in, path) != LK_INPUT_OK) {
        if (errno == ENOMEM) return lk_reader_nomem(r); /* not the file's fault */
        return lk_reader_fail(r, LK_EIO, 0, "cannot open: %s", strerror(errno));
    }
    return open_start(r);
}

/* One open semantics for every handle that reads a file (readers, zones): on failure *out
 * still holds the message, and the caller frees it either way. */
int lk_reader_open(lk_reader **out, const char *path, const lk_read_opts *opts)
{
    return lk_reader_open_ex(out, path, opts);
}

int lk_reader_open_memory(lk_reader **out, const char *name, const void *data, size_t size,
                          const lk_read_opts *opts)
{
    int rc = open_reader(out, name ? name : "(memory)", opts);
    if (rc != LK_OK) return rc;
    lk_input_open_memory(&(*out)->in, data, size);
    if (!(*out)->in.io) return lk_reader_nomem(*out);
    return open_start(*out);
}

/* The first line start at or after offset at (0: none before the end). */
static unsigned long long line_start_after(const lk_input *in, unsigned long long at)
{
    char buf[1 << 16];
    long long got;
    while ((got = lk_input_read_at(in, at, buf, sizeof buf)) > 0) {
        char *nl = memchr(buf, '\n', (size_t)got);
        if (nl) return at + (unsigned long long)(nl - buf) + 1;
        at += (unsigned long long)got;
    }
    return 0;
}

int lk_reader_split(lk_reader *r, lk_reader **part2, unsigned long long min_size)
{
    if (!r || !part2) return LK_EINVAL;
    *part2 = NULL;
    if (r->errmsg[0] || r->ran || r->part_start) return LK_EINVAL;
    /* a regular file only: memory is read in one part, a pipe cannot be read at an offset */
    if (!r->in.io || r->in.mem || !r->in.seekable || !r->in.size_known) return LK_OK;
    unsigned long long size = r->in.size;
    if (size < min_size || size < 4ull * LK_SNIFF_BYTES) return LK_OK; /* not worth it */
    /* The first line start after the middle: the header lies in the first window, well before. */
    unsigned long long split = line_start_after(&r->in, size / 2);
    if (!split || split >= size || split <= LK_SNIFF_BYTES) return LK_OK;
    lk_reader *p;
    int rc = reader_new(&p, r->path, &r->opts);
    if (rc != LK_OK) return rc;
    free(p->path);
    p->path = malloc(strlen(r->path) + 1);
    if (!p->path) {
        lk_reader_free(p);
        return LK_ENOMEM;
    }
    strcpy(p->path, r->path);
    lk_prefault(p->buf, p->cap + LK_SCAN_PAD); /* the second half of a large file fills it */
    if (lk_input_part(&p->in, &r->in, split) != 0) {
        lk_reader_free(p);
        return LK_OK; /* reading in one part is always possible */
    }
    /* The second part follows what was detected on the whole file (it has no header lines of
     * its own); its labels are its own. It reads the first part's file, and expects it as it
     * was at opening. */
    p->buf_pos = split;
    p->part_start = split;
    p->lay = r->lay;
    p->lay.header_first = p->lay.header_last = 0;
    p->enc = r->lay.enc;
    p->enc_decided_non_ascii = r->lay.enc_decided_non_ascii;
    p->had_bom = r->lay.had_bom;
    if (follow_layout(p) != LK_OK) {
        lk_reader_free(p);
        return LK_ENOMEM;
    }
    refresh_info(p);
    r->limit = split;
    /* the two halves share the duplicate check's budget (and its memory) */
    r->dup.limit = p->dup.limit = LK_DUP_BITS / 2;
    r->dup.max_rows = p->dup.max_rows = LK_DUP_BITS / 2 / 8;
    *part2 = p;
    return LK_OK;
}

void lk_reader_free(lk_reader *r)
{
    if (!r) return;
    lk_input_close(&r->in);
    free(r->path);
    free(r->buf);
    free(r->conv);
    free(r->row_dims);
    free(r->colinfo);
    free(r->colstate);
    free(r->meta);
    free(r->statuses);
    free(r->periods);
    lk_jsonstat_free(r->js);
    lk_dup_free(&r->dup);
    lk_fields_free(&r->fields);
    lk_intern_free(&r->labels);
    lk_arena_free(&r->arena);
    free(r);
}

/* ------------------------------------------------------------------ info */

/* ------------------------------------------------------------------ a header row again */

/* ------------------------------------------------------------------ labels */

/* ------------------------------------------------------------------ the run */

static int trailer_line(lk_reader *r, unsigned long line)
{
    const char *p = NULL;
    /* The joined text of the line's cells. */
    size_t total = 0;
    for (size_t j = 0; j < r->fields.n; j++) total += r->fields.v[j].len + 1;
    char *joined = malloc(total + 1);
    if (!joined) return lk_reader_nomem(r);
    size_t o = 0;
    for (size_t j = 0; j < r->fields.n; j++) {
        const char *s = r->fields.v[j].p;
        size_t n = r->fields.v[j].len;
        lk_trim(&s, &n);
        if (!n) continue;
        if (o) joined[o++] = ' ';
        memcpy(joined + o, s, n);
        o += n;
    }
    p = lk_reader_text(r, joined, o, line, NULL);
    free(joined);
    if (!p) return lk_reader_failed(r);
    if (!r->in_trailer) {
        r->in_trailer = 1;
        r->trailer_line = line;
    }
    r->info.line_counts[LK_LINE_TRAILER]++;
    return lk_reader_add_meta(r, line, LK_LINE_TRAILER, p);
}

static int split_failure(lk_reader *r, lk_split_error e, unsigned long line, size_t field)
{
    switch (e) {
    case LK_SPLIT_STRAY_QUOTE:
        return lk_reader_fail(r, LK_EDATA, line, "stray quote in field %zu (expected quotes only around a whole field)", field);
    case LK_SPLIT_UNCLOSED_QUOTE:
        return lk_reader_fail(r, LK_EDATA, line, "quote opened in field %zu is not closed on this line (expected \"...\" within one line)", field);
    case LK_SPLIT_TOO_MANY:
        return lk_reader_fail(r, LK_ELIMIT, line, "more than %d columns (expected a table of reasonable width)", LK_MAX_COLUMNS);
    default:
        return lk_reader_nomem(r);
    }
}

/* The first line whose labels give the same fingerprint (a second pass over the input, from
 * its start, only to name the earlier line in a message). upto and the result count lines from
 * the start of the file, also in the second part of a split file. 0 when the input can be read
 * only once (a pipe). */
static unsigned long find_first_line(lk_reader *r, uint64_t target, unsigned long upto)
{
    lk_read_opts opts = r->opts;
    opts.display_name = NULL;
    lk_reader *again = NULL;
    unsigned long found = 0;
    if (open_reader(&again, r->path, &opts) != LK_OK) return 0;
    if (lk_input_part(&again->in, &r->in, 0) == 0 && open_start(again) == LK_OK) {
        again->dup_skip = 1; /* no duplicate check in the second pass */
        again->find_fp = target;
        again->find_upto = upto;
        lk_reader_run(again, NULL, NULL);
        found = again->found_line;
        r->found_line2 = again->found_line2;
    }
    lk_reader_free(again);
    return found;
}


static int duplicate_found(lk_reader *r, lk_label *const *labels, size_t n, unsigned long line)
{
    /* an upper header row of years over labels filled down from the row above */
    if (lk_reader_check_header_again(r, &r->lay, r->fields.v, r->fields.n, line, 1) != LK_OK) return LK_EDATA;
    unsigned long first = find_first_line(r, lk_dup_fingerprint(labels, n), line + lk_reader_line_offset(r));
    char desc[256] = "";
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof desc; i++)
        k += (size_t)snprintf(desc + k, sizeof desc - k, "%s%s", i ? ", " : "", labels[i]->text);
    if (first)
        return lk_reader_fail(r, LK_EDATA, line, "the same labels as line %lu (%s) (expected each combination "
                              "once: a duplicate would be counted twice)", first, desc);
    return lk_reader_fail(r, LK_EDATA, line, "the same labels as an earlier line (%s) (expected each "
                          "combination once: a duplicate would be counted twice)", desc);
}

/* The row's labels to the duplicate check, or (in the second pass of find_first_line) to the
 * search for the fingerprint. */
static int check_duplicate(lk_reader *r, lk_label *const *labels, size_t n, unsigned long line)
{
    if (r->find_fp) {
        if (lk_dup_fingerprint(labels, n) == r->find_fp && line < r->find_upto) {
            if (!r->found_line) r->found_line = line;
            else if (!r->found_line2) r->found_line2 = line;
        }
        return LK_OK;
    }
    if (r->dup_skip) return LK_OK;
    int seen;
    if (lk_dup_add(&r->dup, labels, n, r->dup_from, &seen) != LK_OK) return lk_reader_nomem(r);
    return seen ? duplicate_found(r, labels, n, line) : LK_OK;
}

/* A row of the second part that repeats one of the first: each part checked its own rows. */
int lk_reader_check_parts(lk_reader *a, lk_reader *b)
{
    if (!a || !b) return LK_EINVAL;
    /* The first part read every line before the second's start, so its count is the second's
     * line offset; without it a message would count them by reading those bytes again (a tenth
     * of a second on an 800 MB file, after both threads are done). */
    if (b->part_start && b->lines_before < 0 && a->limit == b->part_start && a->buf_pos + a->start == a->limit)
        b->lines_before = (long)a->line_no;
    if (!a->colstate || !b->colstate || a->lay.ncols != b->lay.ncols) return LK_OK;
    size_t n = a->lay.ncols;
    int *pos = malloc((n ? n : 1) * sizeof *pos);
    size_t *nd = malloc((n ? n : 1) * sizeof *nd);
    lk_label *labels[LK_ROW_LABELS];
    int found = 0, rc = pos && nd ? LK_OK : LK_ENOMEM;
    if (rc == LK_OK) {
        for (size_t j = 0; j < n; j++) {
            pos[j] = b->colstate[j].label_pos;
            nd[j] = b->colstate[j].n_distinct;
        }
        /* a's positions and counts are not needed: its labels are found by their bytes */
        lk_dup_cols ac = { &a->labels, pos, nd, n }, bc = { &b->labels, pos, nd, n };
        rc = lk_dup_cross(&a->dup, &ac, &b->dup, &bc, labels, &found);
    }
    free(pos);
    free(nd);
    if (rc != LK_OK) return lk_reader_nomem(a);
    if (!found) return LK_OK;
    size_t nl = b->dup.npos;
    unsigned long first = find_first_line(a, lk_dup_fingerprint(labels, nl), ULONG_MAX);
    unsigned long second = a->found_line2;
    char desc[256] = "";
    size_t k = 0;
    for (size_t i = 0; i < nl && k < sizeof desc; i++)
        k += (size_t)snprintf(desc + k, sizeof desc - k, "%s%s", i ? ", " : "", labels[i]->text ? labels[i]->text : "");
    if (first && second)
        return lk_reader_fail(a, LK_EDATA, second, "the same labels as line %lu (%s) (expected each combination "
                              "once: a duplicate would be counted twice)", first, desc);
    return lk_reader_fail(a, LK_EDATA, 0, "the same labels in both halves of the file (%s) (expected each "
                          "combination once: a duplicate would be counted twice)", desc);
}

static int data_row(lk_reader *r, unsigned long line, lk_obs_cb cb, void *payload)
{
    lk_fields *f = &r->fields;
    /* The label columns in the prefix this row shares with the previous data row hold that
     * row's labels: their part of the row state (region, period, measure, flag, dimensions,
     * labels for the duplicate check) stays as it is, and only the rest is looked up. */
    size_t start = r->state_valid && !r->state_had_empty ? r->same_fields : 0;
    int had_empty = 0;
    r->dup_from = start ? LK_ROW_LABELS : 0; /* the first label position looked at below */
    r->state_valid = 0;
    for (size_t j = start; j < r->lay.ncols; j++) {
        lk_colplan *c = &r->lay.cols[j];
        if (c->role == LK_COL_VALUE || c->role == LK_COL_IGNORED) continue;
        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_colstate *cs = &r->colstate[j];
        lk_label *l;
        if (j < r->same_fields && n > 0) {
            l = cs->last; /* the same bytes as the previous row's label */
        } else if (n == 0 && cs->last && c->role != LK_COL_FLAG) {
            l = cs->last; /* merged spreadsheet cells: the label above continues */
            r->filled_down++;
        } else {
            l = lk_label_get(r, j, p, n, line, lk_label_parse_csv);
            if (!l) return lk_reader_failed(r);
        }
        if (n == 0) had_empty = 1;
        if (cs->label_pos >= 0) {
            r->row_labels[cs->label_pos] = l;
            if ((size_t)cs->label_pos < r->dup_from) r->dup_from = (size_t)cs->label_pos;
        }
        switch (c->role) {
        case LK_COL_REGION: r->row_region = l; break;
        case LK_COL_PERIOD: r->row_period = l; break;
        case LK_COL_MEASURE: r->row_measure = l; break;
        case LK_COL_FLAG: r->row_flag = l->flag_symbol; break;
        default:
            r->row_dims[cs->dim_pos].name = c->header;
            r->row_dims[cs->dim_pos].value = l->text;
        }
    }
    r->state_valid = 1;
    r->state_had_empty = had_empty;
    lk_label *region = r->row_region, *period = r->row_period, *measure = r->row_measure;
    const char *flag = r->row_flag;
    size_t nd = r->n_dim_pos, nl = r->n_label_pos;

    if (nl && (r->find_fp || (!r->dup_skip && !r->dup.stopped))) {
        int rc = check_duplicate(r, r->row_labels, nl, line);
        if (rc != LK_OK || r->find_fp) return rc; /* the second pass only looks */
    }

    lk_obs o;
    o.table = r->lay.table_id;
    o.line = line;
    for (size_t j = 0; j < r->lay.ncols; j++) {
        lk_colplan *c = &r->lay.cols[j];
        if (c->role != LK_COL_VALUE) continue;
        if (region) {
            o.region = region->code;
            o.region_name = region->name;
            o.level = region->level;
        } else {
            o.region = c->region;
            o.region_name = c->region_name;
            o.level = c->level;
        }
        if (period) {
            o.period = period->period_text;
            o.period_info = period->period;
        } else {
            o.period = c->period;
            o.period_info = c->period_info;
        }
        if (measure) {
            o.measure = measure->text;
            o.measure_code = measure->measure_code;
            o.unit = *measure->unit ? measure->unit : c->unit;
        } else {
            o.measure = c->measure;
            o.measure_code = c->measure_code;
            o.unit = c->unit;
        }
        for (size_t d = 0; d < c->n_dims; d++) r->row_dims[nd + d] = c->dims[d];
        o.dims = r->row_dims;
        o.n_dims = nd + c->n_dims;
        o.column = j + 1;

        const char *p = f->v[j].p;
        size_t n = f->v[j].len;
        lk_trim(&p, &n);
        int rc = n ? lk_value_parse(&o.value, p, n, r->lay.decimal) : LK_ENOTFOUND;
        if (rc == LK_OK) {
            o.has_value = 1;
            o.status = "";
        } else if (rc == LK_ELIMIT) {
            return lk_reader_fail(r, LK_EDATA, line,
                                  "number '%.*s' in column %zu is out of range (expected a finite number)",
                                  (int)(n > 40 ? 40 : n), p, j + 1);
        } else {
            o.has_value = 0;
            o.value = 0.0;
            if (n == 0) {
                o.status = "";
            } else {
                double other;
                char mark = r->lay.decimal == '.' ? ',' : '.';
                if (lk_value_parse(&other, p, n, mark) == LK_OK && memchr(p, mark, n))
                    return lk_reader_fail(r, LK_EDATA, line,
                                          "number '%.*s' in column %zu uses the decimal mark '%c' (expected "
                                          "'%c' as in the rest of the file)", (int)n, p, j + 1, mark, r->lay.decimal);
                lk_label *s = lk_label_get(r, j, p, n, line, lk_label_parse_csv);
                if (!s) return lk_reader_failed(r);
                o.status = s->text;
            }
        }
        if (flag && *flag) {
            /* FHI: SPVFLAGG > 0 means the row's values are not to be shown. */
            if (o.has_value) r->info.flagged_by_spvflagg++;
            o.has_value = 0;
            o.value = 0.0;
            o.status = flag;
        }
        r->info.observations++;
        if (!o.has_value) {
            r->info.missing++;
            if (*o.status && lk_reader_count_status(r, o.status) != LK_OK) return LK_ENOMEM;
        }
        r->info.level_counts[o.level <= LK_LEVEL_OTHER ? o.level : LK_LEVEL_OTHER]++;
        if (cb && lk_reader_deliver(r, cb, &o, payload) != 0)
            return lk_reader_fail(r, LK_EUSER, line, "%s", r->stop_reason[0] ? r->stop_reason : "stopped by the caller");
    }
    return LK_OK;
}

int lk_reader_run(lk_reader *r, lk_obs_cb cb, void *payload)
{
    if (!r) return LK_EINVAL;
    if (r->errmsg[0]) return LK_EDATA;
    if (r->ran) return lk_reader_fail(r, LK_EINVAL, 0, "the reader has already run (expected one run per reader)");
    r->ran = 1;
    if (r->js) return lk_jsonstat_run(r, cb, payload);
    char *line;
    size_t len;
    int more, rc = LK_OK;
    /* Periods from headers count as seen periods too. */
    for (size_t j = 0; j < r->lay.ncols; j++)
        if (r->lay.cols[j].role == LK_COL_VALUE && r->lay.cols[j].period && *r->lay.cols[j].period) {
            int seen = 0;
            for (size_t k = 0; k < r->n_periods; k++)
                if (strcmp(r->periods[k], r->lay.cols[j].period) == 0) seen = 1;
            if (!seen && lk_reader_add_period(r, r->lay.cols[j].period) != LK_OK) return LK_ENOMEM;
        }
#ifdef LK_PLAIN
    r->opts.reference_parser = 1; /* the plain build: libcsv, the fast scanner's reference twin */
#endif
    lk_split_error (*split)(lk_fields *, char *, size_t, char, size_t *) =
        r->opts.reference_parser ? lk_split_libcsv : lk_split_fast;
    r->prefix.prev_end = r->lay.ncols ? lk_arena_alloc(&r->arena, r->lay.ncols * sizeof *r->prefix.prev_end) : NULL;
    if (r->lay.ncols && !r->prefix.prev_end) return lk_reader_nomem(r);
    /* The value columns, and where each label column's label goes in the row state (data_row). */
    r->value_cols = r->lay.ncols ? lk_arena_alloc(&r->arena, r->lay.ncols * sizeof *r->value_cols) : NULL;
    if (r->lay.ncols && !r->value_cols) return lk_reader_nomem(r);
    r->n_value_cols = 0;
    for (size_t j = 0; j < r->lay.ncols; j++)
        if (r->lay.cols[j].role == LK_COL_VALUE) r->value_cols[r->n_value_cols++] = j;
    r->n_label_pos = r->n_dim_pos = 0;
    for (size_t j = 0; j < r->lay.ncols; j++) {
        lk_colplan *c = &r->lay.cols[j];
        lk_colstate *cs = &r->colstate[j];
        cs->label_pos = cs->dim_pos = -1;
        if (c->role == LK_COL_VALUE || c->role == LK_COL_IGNORED) continue;
        if (c->role != LK_COL_FLAG && r->n_label_pos < LK_ROW_LABELS) cs->label_pos = (int)r->n_label_pos++;
        if (c->role == LK_COL_DIM) cs->dim_pos = (int)r->n_dim_pos++;
    }
    r->row_region = r->row_period = r->row_measure = NULL;
    r->row_flag = NULL;

    while ((more = next_line(r, &line, &len)) == 1) {
        unsigned long no = r->line_no;
        if (r->line_nul && memchr(line, '\0', len)) {
            rc = lk_reader_fail(r, LK_EDATA, no,
                                "NUL byte at column %zu (expected text; is this a binary or UTF-16 file?)",
                                (size_t)((char *)memchr(line, '\0', len) - line) + 1);
            break;
        }
        const char *cr = r->line_cr ? memchr(line, '\r', len) : NULL;
        if (cr) {
            /* libcsv would end the row there and the fast scanner would not: refuse both ways. */
            rc = lk_reader_fail(r, LK_EDATA, no,
                                "carriage return inside the line at byte %zu (expected CRLF or LF line ends)",
                                (size_t)(cr - line) + 1);
            break;
        }
        if (no < r->lay.header_first) {
            int blank = 1;
            for (size_t i = 0; i < len; i++)
                if (!lk_is_space((unsigned char)line[i]) && line[i] != r->lay.delim && line[i] != '"') blank = 0;
            r->info.line_counts[blank ? LK_LINE_BLANK : LK_LINE_PREAMBLE]++;
            continue;
        }
        if (no <= r->lay.header_last) {
            r->info.line_counts[LK_LINE_HEADER]++;
            continue;
        }
        if (len == 0) {
            r->info.line_counts[LK_LINE_BLANK]++;
            r->blank_in_data++;
            continue;
        }
        size_t bad = 0;
        lk_split_error e;
        r->same_fields = 0;
        if (r->prefix.prev && !r->opts.reference_parser) {
            size_t resume;
            r->same_fields = lk_prefix_take(&r->prefix, &r->fields, line, len, r->lay.ncols, &resume);
            e = lk_split_fast_from(&r->fields, line, len, r->lay.delim, r->same_fields, resume, &bad);
        } else {
            e = split(&r->fields, line, len, r->lay.delim, &bad);
        }
        r->prefix.prev = NULL;
        if (e != LK_SPLIT_OK) {
            rc = split_failure(r, e, no, bad);
            break;
        }
        lk_fields *f = &r->fields;
        if (r->lay.tidy) {
            if ((rc = tidy_line(r, no, cb, payload)) != LK_OK) break;
            continue;
        }
        /* a value first: a row with one is not blank (the common case, decided by one field) */
        int values_there = f->n == r->lay.ncols && !lk_line_values_empty(r->value_cols, r->n_value_cols, f);
        if (!values_there && lk_line_all_empty(f)) {
            r->info.line_counts[LK_LINE_BLANK]++;
            r->blank_in_data++;
            continue;
        }
        if (f->n != r->lay.ncols) {
            if (r->in_trailer || lk_line_first_is_trailer(f) || lk_line_only_first_cell(f)) {
                if ((rc = trailer_line(r, no)) != LK_OK) break;
                continue;
            }
            rc = lk_reader_fail(r, LK_EDATA, no,
                                "%zu fields (expected %zu as in the header on line %lu)",
                                f->n, r->lay.ncols, r->lay.header_last);
            break;
        }
        int empty_values = !values_there && r->lay.flag_col == SIZE_MAX;
        if (r->in_trailer) {
            if (!empty_values) {
                /* a second export's title line and then its header */
                if ((rc = lk_reader_check_header_again(r, &r->lay, f->v, f->n, no, 1)) != LK_OK) break;
                rc = lk_reader_fail(r, LK_EDATA, no,
                                    "data row after the footnotes that began on line %lu (expected "
                                    "footnotes only at the end)", r->trailer_line);
                break;
            }
            if ((rc = trailer_line(r, no)) != LK_OK) break;
            continue;
        }
        if (empty_values && (lk_line_first_is_trailer(f) || lk_line_only_first_cell(f))) {
            if ((rc = trailer_line(r, no)) != LK_OK) break;
            continue;
        }
        r->info.line_counts[LK_LINE_DATA]++;
        if ((rc = data_row(r, no, cb, payload)) != LK_OK) break;
        lk_prefix_keep(&r->prefix, f, line, len, r->same_fields);
    }
    if (more < 0) rc = lk_reader_failed(r); /* read error, a line too long, or memory */
    if (rc != LK_EUSER && rc != LK_ENOMEM && lk_input_changed(&r->in)) rc = lk_reader_fail_changed(r);
    refresh_info(r);
    if (rc == LK_OK && r->info.line_counts[LK_LINE_DATA] == 0)
        rc = lk_reader_fail(r, LK_EDATA, r->line_no, "no data rows (expected rows below the header)");
    return rc;
}

/* ------------------------------------------------------------------ levekar's tidy CSV */

/* Reading tidy output back gives the observations it was written from: its columns say region,
 * level, period, measure and dimensions outright, so nothing is detected or parsed out of
 * labels (the layout: lk_reader_tidy_setup in sniff.c). */

/* The dims field's dimensions (kept in the dims label's data). */
typedef struct tidy_dims {
    size_t n;
    lk_dim *d;
} tidy_dims;

/* "name=value; name=value" as lk_tidy_write_obs joins them. A part without '=' continues the
 * value before it (a label holding "; "); a value holding "; x=" cannot be told apart. */
static tidy_dims *parse_dims(lk_reader *r, const char *s, size_t len, unsigned long line)
{
    tidy_dims *t = lk_arena_alloc(&r->arena, sizeof *t);
    size_t cap = 1;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == ';' && s[i + 1] == ' ') cap++;
    if (t) t->d = lk_arena_alloc(&r->arena, cap * sizeof *t->d);
    if (!t || !t->d) {
        lk_reader_nomem(r);
        return NULL;
    }
    t->n = 0;
    const char *p = s, *end = s + len, *value = NULL;
    while (p < end) {
        const char *sep = p;
        while (sep < end && !(sep[0] == ';' && sep + 1 < end && sep[1] == ' ')) sep++;
        const char *eq = memchr(p, '=', (size_t)(sep - p));
        if (!eq && !t->n) {
            lk_reader_fail(r, LK_EDATA, line, "dims '%.*s' (expected name=value, several joined by '; ', "
                           "as levekar tidy writes them)", (int)(len > 60 ? 60 : len), s);
            return NULL;
        }
        if (eq) {
            t->d[t->n].name = lk_arena_strndup(&r->arena, p, (size_t)(eq - p));
            value = eq + 1;
            t->n++;
        }
        t->d[t->n - 1].value = lk_arena_strndup(&r->arena, value, (size_t)(sep - value));
        if (!t->d[t->n - 1].name || !t->d[t->n - 1].value) {
            lk_reader_nomem(r);
            return NULL;
        }
        p = sep < end ? sep + 2 : end;
    }
    return t;
}

static int tidy_parse(lk_reader *r, lk_label *l, size_t col, unsigned long line)
{
    size_t n;
    l->fingerprint = lk_hash64_bytes((uint32_t)col, l->raw, l->raw_len);
    l->text = lk_reader_text(r, l->raw, l->raw_len, line, &n);
    if (!l->text) return LK_EDATA;
    if (lk_reader_check_header_again(r, &r->lay, r->fields.v, r->fields.n, line, 0) != LK_OK) return LK_EDATA;
    l->dense = (uint32_t)r->colstate[col].n_distinct++;
    l->code = l->name = l->period_text = "";
    l->level = LK_LEVEL_NONE;
    if (col == T_LEVEL) {
        int lv = LK_LEVEL_NONE;
        while (lv <= LK_LEVEL_OTHER && strcmp(l->text, lk_level_name((lk_level)lv)) != 0) lv++;
        if (lv > LK_LEVEL_OTHER)
            return lk_reader_fail(r, LK_EDATA, line, "level '%s' (expected land, fylke, kommune, bydel, "
                                  "grunnkrets, zone, other or empty, as levekar tidy writes them)", l->text);
        l->level = (lk_level)lv;
    } else if (col == T_PERIOD && n) {
        if (lk_period_parse(&l->period, l->text, n) != LK_OK)
            return lk_reader_fail(r, LK_EDATA, line, "'%s' in column period is not a period (expected 2023, "
                                  "2023K4, 2023M01 or 2019-2021, as levekar tidy writes them)", l->text);
        char buf[LK_PERIOD_TEXT_MAX];
        size_t pl = lk_period_format(buf, sizeof buf, &l->period);
        l->period_text = lk_arena_strndup(&r->arena, buf, pl);
        if (!l->period_text) return lk_reader_nomem(r);
        if (lk_reader_add_period(r, l->period_text) != LK_OK) return LK_ENOMEM;
    } else if (col == T_DIMS) {
        if (!(l->data = parse_dims(r, l->text, n, line))) return r->errmsg[0] ? LK_EDATA : LK_ENOMEM;
    }
    l->parsed = 1;
    return LK_OK;
}

/* One line of a tidy file: one observation. */
static int tidy_line(lk_reader *r, unsigned long line, lk_obs_cb cb, void *payload)
{
    lk_fields *f = &r->fields;
    if (lk_line_all_empty(f)) {
        r->info.line_counts[LK_LINE_BLANK]++;
        r->blank_in_data++;
        return LK_OK;
    }
    if (f->n != r->lay.ncols)
        return lk_reader_fail(r, LK_EDATA, line, "%zu fields (expected %zu as in the tidy header on line 1)",
                              f->n, r->lay.ncols);
    r->info.line_counts[LK_LINE_DATA]++;
    lk_label *l[T_COLS_MAX];
    for (size_t j = 0; j < r->lay.ncols; j++) {
        if (j == r->lay.tidy_value_col) continue;
        if (!(l[j] = lk_label_get(r, j, r->fields.v[j].p, r->fields.v[j].len, line, tidy_parse))) return r->errmsg[0] ? LK_EDATA : LK_ENOMEM;
    }
    /* what an observation is: the region first (the duplicate check keeps its bits per label of
     * the first position), region_name and status belong to it */
    lk_label *key[T_COLS_MAX];
    size_t nk = 0;
    key[nk++] = l[T_REGION];
    key[nk++] = l[T_LEVEL];
    key[nk++] = l[T_TABLE];
    key[nk++] = l[T_PERIOD];
    key[nk++] = l[T_MEASURE];
    key[nk++] = l[T_DIMS];
    if (r->lay.tidy_unit_col != SIZE_MAX) key[nk++] = l[r->lay.tidy_unit_col];
    if (r->find_fp || (!r->dup_skip && !r->dup.stopped)) {
        r->dup_from = 0;
        int rc = check_duplicate(r, key, nk, line);
        if (rc != LK_OK || r->find_fp) return rc;
    }
    const tidy_dims *dims = l[T_DIMS]->data;
    lk_obs o;
    o.table = l[T_TABLE]->text;
    o.region = l[T_REGION]->text;
    o.region_name = l[T_REGION_NAME]->text;
    o.level = l[T_LEVEL]->level;
    o.period = l[T_PERIOD]->period_text;
    o.period_info = l[T_PERIOD]->period;
    o.measure = l[T_MEASURE]->text;
    o.measure_code = "";
    o.unit = r->lay.tidy_unit_col != SIZE_MAX ? l[r->lay.tidy_unit_col]->text : "";
    o.dims = dims->d;
    o.n_dims = dims->n;
    o.status = l[r->lay.tidy_status_col]->text;
    o.line = line;
    o.column = r->lay.tidy_value_col + 1;
    const char *p = f->v[r->lay.tidy_value_col].p;
    size_t n = f->v[r->lay.tidy_value_col].len;
    lk_trim(&p, &n);
    o.has_value = 0;
    o.value = 0.0;
    if (n) {
        int rc = lk_value_parse(&o.value, p, n, '.');
        if (rc != LK_OK)
            return lk_reader_fail(r, LK_EDATA, line, "value '%.*s' %s (expected a number with a decimal point, or "
                                  "nothing and the symbol in status)", (int)(n > 40 ? 40 : n), p,
                                  rc == LK_ELIMIT ? "is out of range" : "is not a number");
        o.has_value = 1;
    }
    r->info.observations++;
    if (!o.has_value) {
        r->info.missing++;
        if (*o.status && lk_reader_count_status(r, o.status) != LK_OK) return LK_ENOMEM;
    }
    r->info.level_counts[o.level <= LK_LEVEL_OTHER ? o.level : LK_LEVEL_OTHER]++;
    if (cb && lk_reader_deliver(r, cb, &o, payload) != 0)
        return lk_reader_fail(r, LK_EUSER, line, "%s", r->stop_reason[0] ? r->stop_reason : "stopped by the caller");
    return LK_OK;
}
