/* What a reader tells about its file (lk_read_info): format, columns, metadata lines, status
 * symbols and periods seen, and the names of line classes and column roles. */
#include <stdlib.h>
#include <string.h>
#include "reader_internal.h"

const char *lk_line_class_name(lk_line_class c)
{
    static const char *const names[] = { "preamble", "blank", "header", "data", "trailer" };
    return (unsigned)c < LK_LINE_CLASS_COUNT ? names[c] : "";
}

const char *lk_column_role_name(lk_column_role role)
{
    static const char *const names[] = { "region", "period", "measure", "dim", "value", "flag", "ignored" };
    return (unsigned)role <= LK_COL_IGNORED ? names[role] : "";
}

int lk_reader_add_meta(lk_reader *r, unsigned long line, lk_line_class kind, const char *text)
{
    if (r->n_meta == r->cap_meta) {
        size_t cap = r->cap_meta ? 2 * r->cap_meta : 16;
        lk_meta_line *m = realloc(r->meta, cap * sizeof *m);
        if (!m) return lk_reader_nomem(r);
        r->meta = m;
        r->cap_meta = cap;
    }
    r->meta[r->n_meta].line = line;
    r->meta[r->n_meta].kind = kind;
    r->meta[r->n_meta].text = text;
    r->n_meta++;
    return LK_OK;
}

static const char *encoding_name(const lk_reader *r)
{
    if (r->had_bom) return "UTF-8 with BOM";
    switch (r->enc) {
    case LK_ENC_UTF8: return "UTF-8";
    case LK_ENC_CP1252: return "ISO-8859-1/Windows-1252";
    default: return "ASCII";
    }
}

void lk_reader_fill_info(lk_reader *r)
{
    lk_read_info *i = &r->info;
    i->path = r->path;
    i->encoding = encoding_name(r);
    i->had_bom = r->had_bom;
    i->delimiter = r->lay.delim;
    i->decimal_mark = r->lay.decimal ? r->lay.decimal : '.';
    i->line_ending = r->crlf_lines && r->lf_lines ? "mixed" : r->crlf_lines ? "CRLF" : r->lf_lines ? "LF" : "";
    i->table_id = r->lay.table_id ? r->lay.table_id : "";
    i->title = r->lay.title ? r->lay.title : "";
    i->header_first_line = r->lay.header_first;
    i->header_last_line = r->lay.header_last;
    size_t values = 0;
    for (size_t j = 0; j < r->lay.ncols; j++)
        if (r->lay.cols[j].role == LK_COL_VALUE) values++;
    i->layout = r->lay.tidy ? "tidy" : r->lay.ncols ? (values == 1 ? "long" : "wide") : "";
    if (!r->colinfo && r->lay.ncols) r->colinfo = calloc(r->lay.ncols, sizeof *r->colinfo);
    if (r->colinfo) {
        for (size_t j = 0; j < r->lay.ncols; j++) {
            const lk_colplan *c = &r->lay.cols[j];
            lk_column_info *ci = &r->colinfo[j];
            ci->header = c->header ? c->header : "";
            ci->role = c->role;
            ci->region = c->region ? c->region : "";
            ci->region_name = c->region_name ? c->region_name : "";
            ci->period = c->period ? c->period : "";
            ci->measure = c->measure ? c->measure : "";
            ci->dim_name = c->n_dims ? c->dims[0].name : "";
            ci->dim_value = c->n_dims ? c->dims[0].value : "";
            ci->n_distinct = r->colstate ? r->colstate[j].n_distinct : 0;
        }
        i->columns = r->colinfo;
        i->n_columns = r->lay.ncols;
    }
    i->meta = r->meta;
    i->n_meta = r->n_meta;
    i->lines = r->line_no;
    i->statuses = r->statuses;
    i->n_statuses = r->n_statuses;
    i->periods = r->periods;
    i->n_periods = r->n_periods;
    i->duplicates_checked = r->dup.count;
    i->filled_down = r->filled_down;
    i->blank_in_data = r->blank_in_data;
    i->duplicate_check_stopped = r->dup.stopped;
    i->format = "CSV";
    i->national_implied = r->lay.national_implied;
}

/* One more observation with this status symbol (the CSV hot loop and the JSON-stat reader). */
int lk_reader_count_status(lk_reader *r, const char *symbol)
{
    for (size_t i = 0; i < r->n_statuses; i++)
        if (r->statuses[i].symbol == symbol || strcmp(r->statuses[i].symbol, symbol) == 0) {
            r->statuses[i].count++;
            return LK_OK;
        }
    if (r->n_statuses == r->cap_statuses) {
        size_t cap = r->cap_statuses ? 2 * r->cap_statuses : 8;
        lk_status_count *s = realloc(r->statuses, cap * sizeof *s);
        if (!s) return lk_reader_nomem(r);
        r->statuses = s;
        r->cap_statuses = cap;
    }
    r->statuses[r->n_statuses].symbol = symbol;
    r->statuses[r->n_statuses].count = 1;
    r->n_statuses++;
    return LK_OK;
}

int lk_reader_add_period(lk_reader *r, const char *p)
{
    if (r->n_periods == r->cap_periods) {
        size_t cap = r->cap_periods ? 2 * r->cap_periods : 32;
        const char **v = realloc(r->periods, cap * sizeof *v);
        if (!v) return lk_reader_nomem(r);
        r->periods = v;
        r->cap_periods = cap;
    }
    r->periods[r->n_periods++] = p;
    return LK_OK;
}
