/* JSON-stat 2.0 datasets as observations (apis-and-profiles.md §3, formats.md §1.9).
 *
 * A JSON document has no line structure to stream by, so the text is parsed whole by jansson
 * (Debian's libjansson: a stable API, the line and column of a syntax error, duplicate keys
 * refused) and the cube is then walked cell by cell in row-major order over `id`, the last
 * dimension varying fastest. That is also the row order of the CSV export of the same selection,
 * and every label is made the way the CSV reader makes it (a geo category `K-3005` "Drammen" is
 * region 3005 named Drammen, as the CSV cell "K-3005 Drammen"), so both give the same tidy rows.
 *
 * Everything that can be wrong with the document is found while opening; the run only walks. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonstat.h"
#include "unit.h"
#include "names.h"
#include "../common/ascii.h"

#define JS_MAX_BYTES (1ull << 30)       /* a PxWebApi answer of 800 000 cells is about 10 MiB */
#define JS_MAX_CELLS 100000000ull       /* a sparse cube is walked cell by cell */
#define JS_EXPECT "expected a JSON-stat 2.0 dataset"

typedef struct js_cat {
    const char *id;
    const char *label;        /* trimmed; the id when the category has no label */
    const char *code, *name;  /* region dimension */
    lk_level level;
    const char *period;       /* period dimension: canonical text */
    lk_period period_info;
    const char *unit;         /* measure dimension: category.unit's label or base, else the label's */
} js_cat;

typedef struct js_dim {
    const char *id;
    const char *name;         /* the label (what the CSV export writes in its header), or the id */
    lk_column_role role;
    int role_by_name;
    size_t size;
    js_cat *cats;             /* by position (`index`) */
    int dim_pos;              /* its place among an observation's dims, or -1 */
    unsigned long line;       /* of its key in `dimension` */
} js_dim;

/* An entry of a sparse `value` object or of `status`, by cell position. */
typedef struct js_entry {
    size_t idx;
    json_t *v;
    const char *s;
    unsigned long line;
} js_entry;

/* The elements of a `value` array from `first` on begin on `line` (one run per line change). */
typedef struct js_run {
    size_t first;
    unsigned long line;
} js_run;

struct lk_jsonstat {
    json_t *root;
    const char *text;         /* the document (after a BOM), while opening: lines for messages */
    size_t len;
    unsigned long root_line;
    js_dim *dims;
    size_t n_dims;
    lk_dimension_info *info;
    size_t cells, absent;
    size_t region_dim, period_dim, measure_dim; /* SIZE_MAX when none */
    const char *measure;      /* for every cell when no dimension holds the measure */
    const char *unit;         /* its unit then ("" when none) */
    json_t *values;           /* a `value` array; NULL when sparse */
    js_entry *sparse;         /* a `value` object's entries, by position */
    size_t n_sparse;
    js_run *runs;
    size_t n_runs;
    unsigned long value_line; /* of the "value" key */
    const char *status_all;   /* one status for every cell ("" for none) */
    js_entry *status;         /* or per position, by position */
    size_t n_status;
    lk_dim *row_dims;
    size_t n_obs_dims;
};

/* ------------------------------------------------------------------ messages */

static int js_fail(lk_reader *r, int status, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int js_fail(lk_reader *r, int status, unsigned long line, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lk_reader_fail(r, status, line, "%s", msg);
}

static int js_nomem(lk_reader *r)
{
    return lk_reader_fail(r, LK_ENOMEM, 0, "out of memory");
}

/* ------------------------------------------------------------------ where things are
 * jansson keeps no positions, and a message must name a line: these walk the text, which jansson
 * has accepted, so they only ever meet well-formed JSON. */

typedef struct jcur {
    const char *p, *end;
    unsigned long line;
} jcur;

static void cur_ws(jcur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')) {
        if (*c->p == '\n') c->line++;
        c->p++;
    }
}

/* Past the string whose opening quote is at c->p (JSON strings hold no raw line ends). */
static void cur_string(jcur *c)
{
    c->p++;
    while (c->p < c->end && *c->p != '"') c->p += *c->p == '\\' ? 2 : 1;
    if (c->p < c->end) c->p++;
}

static void cur_value(jcur *c)
{
    cur_ws(c);
    if (c->p >= c->end) return;
    if (*c->p == '"') {
        cur_string(c);
        return;
    }
    if (*c->p != '{' && *c->p != '[') {
        while (c->p < c->end && !strchr(",]} \t\r\n", *c->p)) c->p++;
        return;
    }
    size_t depth = 0;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '"') {
            cur_string(c);
            continue;
        }
        if (ch == '\n') c->line++;
        c->p++;
        if (ch == '{' || ch == '[') depth++;
        else if ((ch == '}' || ch == ']') && --depth == 0) return;
    }
}

/* In the object at c->p, go to the value of member `key`: the line of the key, 0 when absent
 * (or written with escapes). */
static unsigned long cur_member(jcur *c, const char *key)
{
    cur_ws(c);
    if (c->p >= c->end || *c->p != '{') return 0;
    c->p++;
    size_t klen = strlen(key);
    for (;;) {
        cur_ws(c);
        if (c->p >= c->end || *c->p != '"') return 0;
        const char *k = c->p + 1;
        unsigned long line = c->line;
        cur_string(c);
        size_t n = (size_t)(c->p - 1 - k);
        cur_ws(c);
        if (c->p < c->end && *c->p == ':') c->p++;
        if (n == klen && memcmp(k, key, n) == 0) {
            cur_ws(c);
            return line;
        }
        cur_value(c);
        cur_ws(c);
        if (c->p >= c->end || *c->p != ',') return 0;
        c->p++;
    }
}

static jcur cur_root(const lk_jsonstat *js)
{
    jcur c = { js->text, js->text + js->len, 1 };
    return c;
}

/* The line of the deepest key of the path found (the document's first line when none is). */
static unsigned long line_of(const lk_jsonstat *js, const char *k1, const char *k2, const char *k3, const char *k4)
{
    const char *path[4] = { k1, k2, k3, k4 };
    jcur c = cur_root(js);
    unsigned long best = js->root_line;
    for (size_t i = 0; i < 4 && path[i]; i++) {
        unsigned long l = cur_member(&c, path[i]);
        if (!l) break;
        best = l;
    }
    return best;
}

/* ------------------------------------------------------------------ small helpers */

static const char *arena_text(lk_reader *r, const char *s, size_t n)
{
    lk_trim(&s, &n);
    char *t = lk_arena_strndup(&r->arena, s, n);
    if (!t) js_nomem(r);
    return t;
}

/* A count or position: a non-negative integer (also written 3.0) up to max. */
static int js_count(const json_t *v, double max, size_t *out)
{
    if (!json_is_number(v)) return 0;
    double d = json_number_value(v);
    if (!(d >= 0 && d <= max) || d != (double)(size_t)d) return 0;
    *out = (size_t)d;
    return 1;
}

/* A cell position written as an object key: decimal digits only. */
static int js_position(const char *key, size_t *out)
{
    size_t v = 0, n = 0;
    for (; lk_is_digit((unsigned char)key[n]); n++) {
        if (v > (SIZE_MAX - 9) / 10) return 0;
        v = v * 10 + (size_t)(key[n] - '0');
    }
    if (n == 0 || key[n] != '\0' || n > 19) return 0;
    *out = v;
    return 1;
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    default: return "null";
    }
}

static int cmp_entry(const void *a, const void *b)
{
    size_t x = ((const js_entry *)a)->idx, y = ((const js_entry *)b)->idx;
    return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------ detection and input */

static size_t skip_bom_ws(const unsigned char *u, size_t n)
{
    size_t i = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
    while (i < n && lk_is_space(u[i])) i++;
    return i;
}

int lk_jsonstat_detect(const lk_reader *r)
{
    const unsigned char *u = (const unsigned char *)r->buf;
    size_t i = skip_bom_ws(u, r->end);
    return i < r->end && u[i] == '{';
}

/* The whole file behind the first window already in r->buf. */
static int read_rest(lk_reader *r)
{
    while (!r->eof) {
        if (r->end == r->cap) {
            if (r->cap >= JS_MAX_BYTES)
                return js_fail(r, LK_ELIMIT, 0, "JSON file larger than %llu MiB (expected a JSON-stat dataset of "
                               "reasonable size)", JS_MAX_BYTES >> 20);
            size_t cap = r->cap * 2;
            char *b = realloc(r->buf, cap + LK_SCAN_PAD);
            if (!b) return js_nomem(r);
            r->buf = b;
            r->cap = cap;
        }
        size_t got;
        lk_input_rc in = lk_input_read(&r->in, r->buf + r->end, r->cap - r->end, &got);
        if (in == LK_INPUT_ERROR) return js_fail(r, LK_EIO, 0, "read error: %s", strerror(errno));
        if (in == LK_INPUT_CHANGED)
            return js_fail(r, LK_EIO, 0, "changed while it was read (size or modification time differs; "
                           "expected a file that stays the same)");
        if (got == 0) r->eof = 1;
        r->end += got;
    }
    lk_input_close(&r->in); /* all read: nothing to split or read again */
    return LK_OK;
}

static int parse_text(lk_reader *r, lk_jsonstat *js)
{
    json_error_t err;
    size_t flags = JSON_REJECT_DUPLICATES;
    js->root = json_loadb(js->text, js->len, flags, &err);
    if (!js->root && json_error_code(&err) == json_error_numeric_overflow && strstr(err.text, "integer")) {
        /* an integer beyond 64 bits is still a number: read every number as a double */
        js->root = json_loadb(js->text, js->len, flags | JSON_DECODE_INT_AS_REAL, &err);
    }
    if (js->root) return LK_OK;
    unsigned long line = err.line > 0 ? (unsigned long)err.line : 1;
    switch (json_error_code(&err)) {
    case json_error_out_of_memory:
        return js_nomem(r);
    case json_error_duplicate_key:
        return js_fail(r, LK_EDATA, line, "%s (expected each key once in an object: a repeated category "
                       "would be lost)", err.text);
    case json_error_invalid_utf8:
        return js_fail(r, LK_EDATA, line, "invalid JSON: %s (%s in UTF-8, as JSON always is)", err.text, JS_EXPECT);
    case json_error_stack_overflow:
        return js_fail(r, LK_ELIMIT, line, "JSON nested too deeply: %s (%s)", err.text, JS_EXPECT);
    default:
        return js_fail(r, LK_EDATA, line, "invalid JSON: %s (%s)", err.text, JS_EXPECT);
    }
}

/* ------------------------------------------------------------------ what the document is */

/* A JSON document that is not a JSON-stat 2.0 dataset: say what it is. */
static int not_a_dataset(lk_reader *r, lk_jsonstat *js)
{
    json_t *root = js->root, *cls = json_object_get(root, "class");
    unsigned long line = js->root_line;
    if (cls) {
        line = line_of(js, "class", NULL, NULL, NULL);
        const char *c = json_is_string(cls) ? json_string_value(cls) : "";
        if (strcmp(c, "collection") == 0)
            return js_fail(r, LK_EDATA, line, "a JSON-stat collection (a list of links to datasets), not a dataset "
                           "(%s: download one of the datasets it links to)", JS_EXPECT);
        if (strcmp(c, "dimension") == 0)
            return js_fail(r, LK_EDATA, line, "a JSON-stat dimension without values, not a dataset (%s)", JS_EXPECT);
        return js_fail(r, LK_EDATA, line, "JSON with class %s%s%s (%s: class \"dataset\")",
                       json_is_string(cls) ? "'" : "", json_is_string(cls) ? c : json_kind(cls),
                       json_is_string(cls) ? "'" : "", JS_EXPECT);
    }
    json_t *error = json_object_get(root, "error"), *title = json_object_get(root, "title");
    json_t *status = json_object_get(root, "status");
    if (json_is_string(error))
        return js_fail(r, LK_EDATA, line, "an error answer from the API: '%s' (%s; the query failed)",
                       json_string_value(error), JS_EXPECT);
    if (json_is_string(title) && json_is_integer(status))
        return js_fail(r, LK_EDATA, line, "an error answer from the API: '%s' (HTTP status %lld) (%s; the query "
                       "failed)", json_string_value(title), (long long)json_integer_value(status), JS_EXPECT);
    if (json_is_string(title) && json_is_array(json_object_get(root, "variables")))
        return js_fail(r, LK_EDATA, line, "PxWebApi table metadata (title and variables), not data (%s: POST a "
                       "query with \"response\": {\"format\": \"json-stat2\"})", JS_EXPECT);
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (json_is_object(v) && json_object_get(v, "dimension") && json_object_get(v, "value"))
            return js_fail(r, LK_EDATA, line, "JSON-stat 1.x (a bundle of datasets, '%s' the first) (%s: ask the "
                           "API for json-stat2)", key, JS_EXPECT);
    }
    if (json_object_get(root, "dimension") && json_object_get(root, "value"))
        return js_fail(r, LK_EDATA, line, "JSON-stat without class and version (%s: class \"dataset\", "
                       "version \"2.0\")", JS_EXPECT);
    /* Name a few of its members: that usually tells what the file is. */
    char names[240] = "";
    size_t n = 0, k = 0;
    json_object_foreach(root, key, v) {
        int w = k++ == 4 ? snprintf(names + n, sizeof names - n, ", ...")
                         : snprintf(names + n, sizeof names - n, "%s'%.40s'", k > 1 ? ", " : "", key);
        if (w > 0) n += (size_t)w; /* at most 5 x 44 bytes: never past the end */
        if (k == 5) break;
    }
    return js_fail(r, LK_EDATA, line, "JSON, but not JSON-stat: an object with %s%s and no class (%s: an "
                   "object with class \"dataset\", version, id, size, dimension and value)",
                   k ? "members " : "no members", names, JS_EXPECT);
}

static int check_dataset(lk_reader *r, lk_jsonstat *js)
{
    json_t *root = js->root;
    json_t *cls = json_object_get(root, "class");
    if (!json_is_string(cls) || strcmp(json_string_value(cls), "dataset") != 0) return not_a_dataset(r, js);
    json_t *version = json_object_get(root, "version");
    if (!version)
        return js_fail(r, LK_EDATA, js->root_line, "JSON-stat dataset without version (%s: version \"2.0\")", JS_EXPECT);
    if (!json_is_string(version) || strncmp(json_string_value(version), "2.", 2) != 0)
        return js_fail(r, LK_EDATA, line_of(js, "version", NULL, NULL, NULL), "JSON-stat version %s%s%s (%s)",
                       json_is_string(version) ? "'" : "", json_is_string(version) ? json_string_value(version) : json_kind(version),
                       json_is_string(version) ? "'" : "", JS_EXPECT);
    static const char *const need[] = { "id", "size", "dimension", "value" };
    for (size_t i = 0; i < 4; i++)
        if (!json_object_get(root, need[i]))
            return js_fail(r, LK_EDATA, js->root_line, "JSON-stat dataset without '%s' (expected id, size, "
                           "dimension and value)", need[i]);
    static const struct { const char *key; json_type type; const char *what; } shape[] = {
        { "id", JSON_ARRAY, "an array of dimension ids" },
        { "size", JSON_ARRAY, "an array of category counts" },
        { "dimension", JSON_OBJECT, "an object of dimensions" },
    };
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(root, shape[i].key);
        if (json_typeof(v) != shape[i].type)
            return js_fail(r, LK_EDATA, line_of(js, shape[i].key, NULL, NULL, NULL), "'%s' is %s (expected %s)",
                           shape[i].key, json_kind(v), shape[i].what);
    }
    json_t *value = json_object_get(root, "value");
    if (!json_is_array(value) && !json_is_object(value))
        return js_fail(r, LK_EDATA, line_of(js, "value", NULL, NULL, NULL), "'value' is %s (expected an array of "
                       "cells, or an object of cells by position)", json_kind(value));
    return LK_OK;
}

/* ------------------------------------------------------------------ dimensions */

static int parse_ids(lk_reader *r, lk_jsonstat *js)
{
    json_t *id = json_object_get(js->root, "id"), *size = json_object_get(js->root, "size");
    json_t *dimension = json_object_get(js->root, "dimension");
    size_t n = json_array_size(id);
    unsigned long id_line = line_of(js, "id", NULL, NULL, NULL);
    if (n == 0) return js_fail(r, LK_EDATA, id_line, "'id' is empty (expected the ids of the dataset's dimensions)");
    if (json_array_size(size) != n)
        return js_fail(r, LK_EDATA, line_of(js, "size", NULL, NULL, NULL), "'size' has %zu entr%s for %zu dimension%s "
                       "in 'id' (expected one size per dimension)", json_array_size(size),
                       json_array_size(size) == 1 ? "y" : "ies", n, n == 1 ? "" : "s");
    js->dims = lk_arena_alloc(&r->arena, n * sizeof *js->dims);
    if (!js->dims) return js_nomem(r);
    memset(js->dims, 0, n * sizeof *js->dims);
    js->n_dims = n;
    js->cells = 1;
    for (size_t k = 0; k < n; k++) {
        js_dim *d = &js->dims[k];
        json_t *v = json_array_get(id, k);
        if (!json_is_string(v))
            return js_fail(r, LK_EDATA, id_line, "'id' entry %zu is %s (expected a dimension id)", k + 1, json_kind(v));
        d->id = json_string_value(v);
        for (size_t j = 0; j < k; j++)
            if (strcmp(js->dims[j].id, d->id) == 0)
                return js_fail(r, LK_EDATA, id_line, "'id' names dimension '%s' twice (expected each dimension once)", d->id);
        json_t *dim = json_object_get(dimension, d->id);
        if (!dim)
            return js_fail(r, LK_EDATA, id_line, "'id' names dimension '%s', which 'dimension' does not hold (expected "
                           "every id described in 'dimension')", d->id);
        d->line = line_of(js, "dimension", d->id, NULL, NULL);
        if (!json_is_object(dim))
            return js_fail(r, LK_EDATA, d->line, "dimension '%s' is %s (expected an object with label and category)",
                           d->id, json_kind(dim));
        if (!js_count(json_array_get(size, k), (double)JS_MAX_CELLS, &d->size))
            return js_fail(r, LK_EDATA, line_of(js, "size", NULL, NULL, NULL), "size %zu (of dimension '%s') is not a "
                           "count (expected a whole number of categories)", k + 1, d->id);
        if (d->size == 0)
            return js_fail(r, LK_EDATA, line_of(js, "size", NULL, NULL, NULL), "dimension '%s' has size 0: the "
                           "dataset has no cells (expected at least one category in every dimension)", d->id);
        if (js->cells > JS_MAX_CELLS / d->size)
            return js_fail(r, LK_ELIMIT, line_of(js, "size", NULL, NULL, NULL), "the sizes give more than %llu cells "
                           "(expected a smaller selection)", JS_MAX_CELLS);
        js->cells *= d->size;
        json_t *label = json_object_get(dim, "label");
        if (label && !json_is_string(label))
            return js_fail(r, LK_EDATA, d->line, "the label of dimension '%s' is %s (expected text)", d->id, json_kind(label));
        d->name = label ? arena_text(r, json_string_value(label), json_string_length(label)) : d->id;
        if (!d->name) return LK_ENOMEM;
        if (!*d->name) d->name = d->id;
        d->role = LK_COL_DIM;
    }
    return LK_OK;
}

/* `role`: time, geo and metric, each an array of ids (or null). */
static int parse_roles(lk_reader *r, lk_jsonstat *js)
{
    static const struct { const char *key; lk_column_role role; } roles[] = {
        { "geo", LK_COL_REGION }, { "time", LK_COL_PERIOD }, { "metric", LK_COL_MEASURE },
    };
    json_t *role = json_object_get(js->root, "role");
    if (role && !json_is_object(role) && !json_is_null(role))
        return js_fail(r, LK_EDATA, line_of(js, "role", NULL, NULL, NULL), "'role' is %s (expected an object with "
                       "time, geo and metric)", json_kind(role));
    size_t *chosen[3] = { &js->region_dim, &js->period_dim, &js->measure_dim };
    js->region_dim = js->period_dim = js->measure_dim = SIZE_MAX;
    for (size_t i = 0; i < 3 && json_is_object(role); i++) {
        json_t *list = json_object_get(role, roles[i].key);
        if (!list || json_is_null(list)) continue;
        unsigned long line = line_of(js, "role", roles[i].key, NULL, NULL);
        if (!json_is_array(list))
            return js_fail(r, LK_EDATA, line, "role '%s' is %s (expected an array of dimension ids)", roles[i].key,
                           json_kind(list));
        for (size_t e = 0; e < json_array_size(list); e++) {
            json_t *v = json_array_get(list, e);
            size_t k = 0;
            while (k < js->n_dims && !(json_is_string(v) && strcmp(js->dims[k].id, json_string_value(v)) == 0)) k++;
            if (k == js->n_dims)
                return js_fail(r, LK_EDATA, line, "role '%s' names %s%s%s, which is not in 'id' (expected ids of the "
                               "dataset's dimensions)", roles[i].key, json_is_string(v) ? "'" : "",
                               json_is_string(v) ? json_string_value(v) : json_kind(v), json_is_string(v) ? "'" : "");
            if (js->dims[k].role != LK_COL_DIM || k == js->region_dim || k == js->period_dim || k == js->measure_dim)
                return js_fail(r, LK_EDATA, line, "dimension '%s' has two roles (expected one of time, geo and metric)",
                               js->dims[k].id);
            if (*chosen[i] == SIZE_MAX) { /* a second geo dimension stays an ordinary one, as in the CSV */
                *chosen[i] = k;
                js->dims[k].role = roles[i].role;
            }
        }
    }
    /* FHI's answers say "geo": null and "time": null: their names tell, as in a CSV header. */
    for (size_t k = 0; k < js->n_dims; k++) {
        js_dim *d = &js->dims[k];
        if (d->role != LK_COL_DIM) continue;
        lk_name_kind kind = lk_name_classify(d->id);
        if (kind == LK_NAME_UNKNOWN || kind == LK_NAME_DIM) kind = lk_name_classify(d->name);
        lk_column_role to = kind == LK_NAME_REGION || kind == LK_NAME_FHI_GEO ? LK_COL_REGION
                          : kind == LK_NAME_PERIOD ? LK_COL_PERIOD
                          : kind == LK_NAME_MEASURE ? LK_COL_MEASURE : LK_COL_DIM;
        size_t *slot = to == LK_COL_REGION ? &js->region_dim : to == LK_COL_PERIOD ? &js->period_dim
                     : to == LK_COL_MEASURE ? &js->measure_dim : NULL;
        if (slot && *slot == SIZE_MAX) {
            *slot = k;
            d->role = to;
            d->role_by_name = 1;
        }
    }
    return LK_OK;
}

/* Region code and name of a geo category: the code from the id (`K-3005`, `0301`, `EAK`, FHI's
 * `03`), the name from the label, exactly as the CSV reader splits "K-3005 Drammen". */
static int region_of(lk_reader *r, const js_dim *d, js_cat *c)
{
    lk_region_label lab;
    const char *id = c->id;
    size_t idn = strlen(id), digits = 0;
    while (lk_is_digit((unsigned char)id[digits])) digits++;
    int fhi = strcmp(d->id, "GEO") == 0 && digits == idn && idn > 0;
    int rc = fhi ? lk_region_from_fhi_geo(&lab, id, idn) : lk_region_label_parse(&lab, id, idn);
    const char *name = c->label;
    size_t name_len = strlen(name);
    if (rc != LK_OK || !lab.code[0]) {
        /* an id that is no code: the label may be "3005 Drammen", or a name only */
        rc = lk_region_label_parse(&lab, c->label, name_len);
        if (rc == LK_OK && lab.code[0]) {
            name = c->label + lab.name_offset;
            name_len = lab.name_length;
        } else {
            lab.code[0] = '\0';
            lab.level = LK_LEVEL_OTHER;
        }
    } else {
        lk_region_label again; /* a label that repeats the code ("3005 Drammen"): its name part */
        if (lk_region_label_parse(&again, c->label, name_len) == LK_OK && strcmp(again.code, lab.code) == 0 &&
            again.name_length) {
            name = c->label + again.name_offset;
            name_len = again.name_length;
        }
    }
    c->code = arena_text(r, lab.code, strlen(lab.code));
    c->name = arena_text(r, name, name_len);
    c->level = lab.level;
    return c->code && c->name ? LK_OK : LK_ENOMEM;
}

static int period_of(lk_reader *r, const js_dim *d, js_cat *c)
{
    /* the id is the language-independent code (FHI 2020_2020, labelled 2020); the label otherwise */
    if (lk_period_parse(&c->period_info, c->id, strlen(c->id)) != LK_OK &&
        lk_period_parse(&c->period_info, c->label, strlen(c->label)) != LK_OK)
        return js_fail(r, LK_EDATA, d->line, "category '%s' (%s) of dimension '%s' is not a period (expected 2023, "
                       "2023K4, 2023M01, 2006-2010 or 2019_2021)", c->id, c->label, d->id);
    char buf[LK_PERIOD_TEXT_MAX];
    size_t n = lk_period_format(buf, sizeof buf, &c->period_info);
    c->period = arena_text(r, buf, n);
    return c->period ? LK_OK : LK_ENOMEM;
}

/* Category order from `index` (an object id → position, an array of ids, or absent for one
 * category: then the one key of `label`). */
static int parse_index(lk_reader *r, lk_jsonstat *js, js_dim *d, json_t *cat)
{
    json_t *index = json_object_get(cat, "index"), *label = json_object_get(cat, "label");
    unsigned long line = line_of(js, "dimension", d->id, "category", index ? "index" : "label");
    d->cats = lk_arena_alloc(&r->arena, d->size * sizeof *d->cats);
    if (!d->cats) return js_nomem(r);
    memset(d->cats, 0, d->size * sizeof *d->cats);
    if (!index) {
        if (!json_is_object(label) || json_object_size(label) != 1 || d->size != 1)
            return js_fail(r, LK_EDATA, line, "dimension '%s' has no category index (expected category.index, which "
                           "may be left out only for a single category named in category.label)", d->id);
        d->cats[0].id = json_object_iter_key(json_object_iter(label));
        return LK_OK;
    }
    if (json_is_array(index)) {
        if (json_array_size(index) != d->size)
            return js_fail(r, LK_EDATA, line, "dimension '%s' has %zu categories in its index but size %zu (expected "
                           "as many as 'size' says)", d->id, json_array_size(index), d->size);
        for (size_t i = 0; i < d->size; i++) {
            json_t *v = json_array_get(index, i);
            if (!json_is_string(v))
                return js_fail(r, LK_EDATA, line, "index entry %zu of dimension '%s' is %s (expected a category id)",
                               i + 1, d->id, json_kind(v));
            d->cats[i].id = json_string_value(v);
        }
        return LK_OK;
    }
    if (!json_is_object(index))
        return js_fail(r, LK_EDATA, line, "the index of dimension '%s' is %s (expected an object of positions or an "
                       "array of category ids)", d->id, json_kind(index));
    if (json_object_size(index) != d->size)
        return js_fail(r, LK_EDATA, line, "dimension '%s' has %zu categories in its index but size %zu (expected as "
                       "many as 'size' says)", d->id, json_object_size(index), d->size);
    const char *key;
    json_t *v;
    json_object_foreach(index, key, v) {
        size_t pos;
        if (!js_count(v, (double)(d->size - 1), &pos)) {
            if (json_is_number(v))
                return js_fail(r, LK_EDATA, line, "category '%s' of dimension '%s' is at position %g (expected 0 to "
                               "%zu: the dimension has size %zu)", key, d->id, json_number_value(v), d->size - 1, d->size);
            return js_fail(r, LK_EDATA, line, "the position of category '%s' of dimension '%s' is %s (expected a "
                           "number from 0 to %zu)", key, d->id, json_kind(v), d->size - 1);
        }
        if (d->cats[pos].id)
            return js_fail(r, LK_EDATA, line, "categories '%s' and '%s' of dimension '%s' are both at position %zu "
                           "(expected each position once)", d->cats[pos].id, key, d->id, pos);
        d->cats[pos].id = key;
    }
    return LK_OK;
}

typedef struct keyed { const char *key; size_t pos; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->pos < y->pos ? -1 : x->pos > y->pos);
}

/* Two categories that would make the same observation: the same id (an index array allows it),
 * or labels the observation cannot tell apart. */
static int check_unique(lk_reader *r, js_dim *d)
{
    if (d->size < 2) return LK_OK;
    keyed *v = malloc(d->size * sizeof *v);
    if (!v) return js_nomem(r);
    int rc = LK_OK;
    for (int pass = 0; pass < 2 && rc == LK_OK; pass++) {
        for (size_t i = 0; i < d->size && rc == LK_OK; i++) {
            const js_cat *c = &d->cats[i];
            v[i].pos = i;
            if (pass == 0) {
                v[i].key = c->id;
            } else if (d->role == LK_COL_REGION) {
                /* "3005" with name "Drammen": code and name joined by a byte labels never hold */
                size_t a = strlen(c->code), b = strlen(c->name);
                char *k = lk_arena_alloc(&r->arena, a + b + 2);
                if (!k) rc = js_nomem(r);
                else {
                    memcpy(k, c->code, a);
                    k[a] = '\x1f';
                    memcpy(k + a + 1, c->name, b + 1);
                    v[i].key = k;
                }
            } else {
                v[i].key = d->role == LK_COL_PERIOD ? c->period : c->label;
            }
        }
        if (rc != LK_OK) break;
        qsort(v, d->size, sizeof *v, cmp_keyed);
        for (size_t i = 1; i < d->size; i++) {
            if (strcmp(v[i - 1].key, v[i].key) != 0) continue;
            const js_cat *a = &d->cats[v[i - 1].pos], *b = &d->cats[v[i].pos];
            if (pass == 0)
                rc = js_fail(r, LK_EDATA, d->line, "dimension '%s' has category '%s' twice (expected each category "
                             "id once)", d->id, a->id);
            else
                rc = js_fail(r, LK_EDATA, d->line, "categories '%s' and '%s' of dimension '%s' both read as '%s' "
                             "(expected each once: their cells would be the same observation)", a->id, b->id, d->id,
                             d->role == LK_COL_PERIOD ? a->period : a->label);
            break;
        }
    }
    free(v);
    return rc;
}

static int parse_categories(lk_reader *r, lk_jsonstat *js)
{
    json_t *dimension = json_object_get(js->root, "dimension");
    for (size_t k = 0; k < js->n_dims; k++) {
        js_dim *d = &js->dims[k];
        json_t *cat = json_object_get(json_object_get(dimension, d->id), "category");
        if (!json_is_object(cat))
            return js_fail(r, LK_EDATA, d->line, "dimension '%s' has %s (expected a category object with index and "
                           "label)", d->id, cat ? json_kind(cat) : "no category");
        int rc = parse_index(r, js, d, cat);
        if (rc != LK_OK) return rc;
        json_t *labels = json_object_get(cat, "label");
        if (labels && !json_is_object(labels))
            return js_fail(r, LK_EDATA, line_of(js, "dimension", d->id, "category", "label"), "the category labels "
                           "of dimension '%s' are %s (expected an object of id: label)", d->id, json_kind(labels));
        for (size_t i = 0; i < d->size; i++) {
            js_cat *c = &d->cats[i];
            json_t *l = json_object_get(labels, c->id);
            if (l && !json_is_string(l))
                return js_fail(r, LK_EDATA, line_of(js, "dimension", d->id, "category", "label"), "the label of "
                               "category '%s' of dimension '%s' is %s (expected text)", c->id, d->id, json_kind(l));
            c->label = l ? arena_text(r, json_string_value(l), json_string_length(l)) : c->id;
            if (!c->label) return LK_ENOMEM;
            if (!*c->label) c->label = c->id;
            c->code = c->name = c->period = "";
            if (d->role == LK_COL_REGION) rc = region_of(r, d, c);
            else if (d->role == LK_COL_PERIOD) rc = period_of(r, d, c);
            if (rc != LK_OK) return rc;
        }
        if ((rc = check_unique(r, d)) != LK_OK) return rc;
    }
    return LK_OK;
}

/* ------------------------------------------------------------------ values and status */

static int cell_ok(lk_reader *r, const json_t *v, unsigned long line, size_t pos)
{
    if (json_is_number(v) || json_is_null(v) || json_is_string(v)) return LK_OK;
    return js_fail(r, LK_EDATA, line, "cell %zu of 'value' is %s (expected a number, null or a status text)", pos,
                   json_kind(v));
}

/* Lines of the `value` array's elements, as runs of equal lines. */
static int value_lines(lk_reader *r, lk_jsonstat *js, jcur *c)
{
    size_t cap = 16, i = 0;
    js->runs = malloc(cap * sizeof *js->runs);
    if (!js->runs) return js_nomem(r);
    c->p++; /* '[' */
    for (;;) {
        cur_ws(c);
        if (c->p >= c->end || *c->p == ']') break;
        if (!js->n_runs || js->runs[js->n_runs - 1].line != c->line) {
            if (js->n_runs == cap) {
                js_run *n = realloc(js->runs, 2 * cap * sizeof *n);
                if (!n) return js_nomem(r);
                js->runs = n;
                cap *= 2;
            }
            js->runs[js->n_runs].first = i;
            js->runs[js->n_runs++].line = c->line;
        }
        cur_value(c);
        cur_ws(c);
        i++;
        if (c->p >= c->end || *c->p != ',') break;
        c->p++;
    }
    return LK_OK;
}

/* Lines of a sparse `value` object's keys, matched to its entries by position. */
static void sparse_lines(lk_jsonstat *js, jcur *c)
{
    c->p++; /* '{' */
    size_t at = 0; /* entries are sorted, keys mostly written in order */
    for (;;) {
        cur_ws(c);
        if (c->p >= c->end || *c->p != '"') break;
        unsigned long line = c->line;
        const char *k = c->p + 1;
        cur_string(c);
        char key[24];
        size_t n = (size_t)(c->p - 1 - k), pos;
        if (n < sizeof key) {
            memcpy(key, k, n);
            key[n] = '\0';
            if (js_position(key, &pos)) {
                if (at >= js->n_sparse || js->sparse[at].idx > pos) at = 0;
                while (at < js->n_sparse && js->sparse[at].idx < pos) at++;
                if (at < js->n_sparse && js->sparse[at].idx == pos) js->sparse[at].line = line;
            }
        }
        cur_ws(c);
        if (c->p < c->end && *c->p == ':') c->p++;
        cur_value(c);
        cur_ws(c);
        if (c->p >= c->end || *c->p != ',') break;
        c->p++;
    }
}

static int parse_values(lk_reader *r, lk_jsonstat *js)
{
    json_t *value = json_object_get(js->root, "value");
    jcur c = cur_root(js);
    js->value_line = cur_member(&c, "value");
    if (!js->value_line) js->value_line = js->root_line;
    if (json_is_array(value)) {
        if (json_array_size(value) != js->cells)
            return js_fail(r, LK_EDATA, js->value_line, "'value' has %zu cells but the sizes give %zu (expected one "
                           "value per cell: the product of 'size')", json_array_size(value), js->cells);
        js->values = value;
        int rc = c.p < c.end && *c.p == '[' ? value_lines(r, js, &c) : LK_OK;
        if (rc != LK_OK) return rc;
        size_t run = 0;
        for (size_t i = 0; i < js->cells; i++) {
            while (run + 1 < js->n_runs && js->runs[run + 1].first <= i) run++;
            rc = cell_ok(r, json_array_get(value, i), js->n_runs ? js->runs[run].line : js->value_line, i);
            if (rc != LK_OK) return rc;
        }
        return LK_OK;
    }
    size_t n = json_object_size(value);
    js->sparse = malloc((n ? n : 1) * sizeof *js->sparse);
    if (!js->sparse) return js_nomem(r);
    const char *key;
    json_t *v;
    json_object_foreach(value, key, v) {
        size_t pos;
        if (!js_position(key, &pos) || pos >= js->cells)
            return js_fail(r, LK_EDATA, js->value_line, "'value' has a cell at '%s' (expected positions 0 to %zu: "
                           "the sizes give %zu cells)", key, js->cells - 1, js->cells);
        int rc = cell_ok(r, v, js->value_line, pos);
        if (rc != LK_OK) return rc;
        js_entry *e = &js->sparse[js->n_sparse++];
        e->idx = pos;
        e->v = v;
        e->s = NULL;
        e->line = js->value_line;
    }
    qsort(js->sparse, js->n_sparse, sizeof *js->sparse, cmp_entry);
    for (size_t i = 1; i < js->n_sparse; i++)
        if (js->sparse[i].idx == js->sparse[i - 1].idx) /* "3" and "03" */
            return js_fail(r, LK_EDATA, js->value_line, "'value' gives cell %zu twice (expected each position once)",
                           js->sparse[i].idx);
    if (c.p < c.end && *c.p == '{') sparse_lines(js, &c);
    js->absent = js->cells - js->n_sparse;
    return LK_OK;
}

static int add_status(lk_reader *r, lk_jsonstat *js, size_t pos, const json_t *s, unsigned long line, size_t *cap)
{
    if (json_is_null(s)) return LK_OK;
    if (!json_is_string(s))
        return js_fail(r, LK_EDATA, line, "the status of cell %zu is %s (expected a status text such as '..')", pos,
                       json_kind(s));
    const char *t = arena_text(r, json_string_value(s), json_string_length(s));
    if (!t) return LK_ENOMEM;
    if (!*t) return LK_OK;
    if (js->n_status == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        js_entry *e = realloc(js->status, nc * sizeof *e);
        if (!e) return js_nomem(r);
        js->status = e;
        *cap = nc;
    }
    js_entry *e = &js->status[js->n_status++];
    e->idx = pos;
    e->v = NULL;
    e->s = t;
    e->line = line;
    return LK_OK;
}

/* `status`: one text for every cell, an array by position (one entry: for every cell), or an
 * object by position (SSB: {"3": ".."}). Kept as entries by position, empty ones left out. */
static int parse_status(lk_reader *r, lk_jsonstat *js)
{
    json_t *status = json_object_get(js->root, "status");
    js->status_all = "";
    if (!status || json_is_null(status)) return LK_OK;
    unsigned long line = line_of(js, "status", NULL, NULL, NULL);
    size_t cap = 0;
    if (json_is_string(status) || (json_is_array(status) && json_array_size(status) == 1 && js->cells > 1)) {
        json_t *s = json_is_string(status) ? status : json_array_get(status, 0);
        if (json_is_null(s)) return LK_OK;
        if (!json_is_string(s))
            return js_fail(r, LK_EDATA, line, "'status' holds %s (expected status texts such as '..')", json_kind(s));
        js->status_all = arena_text(r, json_string_value(s), json_string_length(s));
        return js->status_all ? LK_OK : LK_ENOMEM;
    }
    if (json_is_array(status)) {
        if (json_array_size(status) != js->cells)
            return js_fail(r, LK_EDATA, line, "'status' has %zu entries but the dataset %zu cells (expected one per "
                           "cell, or one for all)", json_array_size(status), js->cells);
        for (size_t i = 0; i < js->cells; i++) {
            int rc = add_status(r, js, i, json_array_get(status, i), line, &cap);
            if (rc != LK_OK) return rc;
        }
        return LK_OK;
    }
    if (!json_is_object(status))
        return js_fail(r, LK_EDATA, line, "'status' is %s (expected a text, an array or an object by cell position)",
                       json_kind(status));
    const char *key;
    json_t *v;
    json_object_foreach(status, key, v) {
        size_t pos;
        if (!js_position(key, &pos) || pos >= js->cells)
            return js_fail(r, LK_EDATA, line, "'status' has an entry at '%s' (expected positions 0 to %zu: the sizes "
                           "give %zu cells)", key, js->cells - 1, js->cells);
        int rc = add_status(r, js, pos, v, line, &cap);
        if (rc != LK_OK) return rc;
    }
    qsort(js->status, js->n_status, sizeof *js->status, cmp_entry);
    for (size_t i = 1; i < js->n_status; i++)
        if (js->status[i].idx == js->status[i - 1].idx)
            return js_fail(r, LK_EDATA, line, "'status' gives cell %zu twice (expected each position once)",
                           js->status[i].idx);
    return LK_OK;
}

/* ------------------------------------------------------------------ metadata */

static int meta(lk_reader *r, unsigned long line, const char *what, const char *text)
{
    size_t a = strlen(what), b = strlen(text);
    char *t = lk_arena_alloc(&r->arena, a + b + 3);
    if (!t) return js_nomem(r);
    memcpy(t, what, a);
    memcpy(t + a, ": ", 2);
    memcpy(t + a + 2, text, b + 1);
    return lk_reader_add_meta(r, line, LK_LINE_PREAMBLE, t);
}

/* A member kept as text: strings as they are, arrays of strings one line each, anything else
 * as compact JSON. */
static int meta_json(lk_reader *r, unsigned long line, const char *what, const json_t *v)
{
    if (!v || json_is_null(v)) return LK_OK;
    if (json_is_string(v)) return meta(r, line, what, json_string_value(v));
    if (json_is_array(v)) {
        int all_text = 1;
        for (size_t i = 0; i < json_array_size(v); i++)
            if (!json_is_string(json_array_get(v, i))) all_text = 0;
        for (size_t i = 0; all_text && i < json_array_size(v); i++) {
            int rc = meta(r, line, what, json_string_value(json_array_get(v, i)));
            if (rc != LK_OK) return rc;
        }
        if (all_text) return LK_OK;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s) return js_nomem(r);
    int rc = meta(r, line, what, s);
    free(s);
    return rc;
}

static int collect_meta(lk_reader *r, lk_jsonstat *js)
{
    static const char *const top[] = { "label", "source", "updated", "href", "note", "extension", "link", "error" };
    int rc;
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
        json_t *v = json_object_get(js->root, top[i]);
        if (v && (rc = meta_json(r, line_of(js, top[i], NULL, NULL, NULL), top[i], v)) != LK_OK) return rc;
    }
    json_t *dimension = json_object_get(js->root, "dimension");
    char what[600];
    for (size_t k = 0; k < js->n_dims; k++) {
        js_dim *d = &js->dims[k];
        json_t *dim = json_object_get(dimension, d->id), *cat = json_object_get(dim, "category");
        static const char *const dkeys[] = { "note", "extension", "link" };
        for (size_t i = 0; i < 3; i++) {
            json_t *v = json_object_get(dim, dkeys[i]);
            snprintf(what, sizeof what, "%s (%s)", dkeys[i], d->name);
            if (v && (rc = meta_json(r, line_of(js, "dimension", d->id, dkeys[i], NULL), what, v)) != LK_OK) return rc;
        }
        static const char *const ckeys[] = { "note", "unit" };
        for (size_t i = 0; i < 2; i++) {
            json_t *per = json_object_get(cat, ckeys[i]);
            if (!json_is_object(per)) {
                snprintf(what, sizeof what, "%s (%s)", ckeys[i], d->name);
                if (per && (rc = meta_json(r, d->line, what, per)) != LK_OK) return rc;
                continue;
            }
            unsigned long line = line_of(js, "dimension", d->id, "category", ckeys[i]);
            for (size_t c = 0; c < d->size; c++) { /* in category order */
                json_t *v = json_object_get(per, d->cats[c].id);
                snprintf(what, sizeof what, "%s (%s %s %s)", ckeys[i], d->name, d->cats[c].id, d->cats[c].label);
                if (v && (rc = meta_json(r, line, what, v)) != LK_OK) return rc;
            }
        }
    }
    return LK_OK;
}

/* ------------------------------------------------------------------ the dataset as a whole */

/* Table id from extension.px.tableid or the label's "07459: "; the title is the rest of the label. */
static int table_and_title(lk_reader *r, lk_jsonstat *js)
{
    json_t *label = json_object_get(js->root, "label");
    const char *l = json_is_string(label) ? json_string_value(label) : "";
    size_t d = 0;
    while (lk_is_digit((unsigned char)l[d])) d++;
    const char *title = l;
    const char *table = "";
    if (d >= 4 && d <= 6 && l[d] == ':') {
        table = arena_text(r, l, d);
        title = l + d + 1;
    }
    json_t *tid = json_object_get(json_object_get(json_object_get(js->root, "extension"), "px"), "tableid");
    if (json_is_string(tid) && json_string_length(tid)) table = arena_text(r, json_string_value(tid), json_string_length(tid));
    r->lay.table_id = (char *)(uintptr_t)table;
    r->lay.title = (char *)(uintptr_t)arena_text(r, title, strlen(title));
    if (!r->lay.table_id || !r->lay.title) return js_nomem(r);
    /* No dimension holds the measure: the title says what is measured, as the CSV export's value
     * column "07459: Befolkning, etter region, ..." does. */
    const char *t = r->lay.title, *e = strstr(t, ", etter ");
    if (!e) e = strstr(t, " etter ");
    if (!e) e = strstr(t, ", by ");
    js->measure = arena_text(r, t, e ? (size_t)(e - t) : strlen(t));
    return js->measure ? LK_OK : LK_ENOMEM;
}

static int add_periods(lk_reader *r, lk_jsonstat *js)
{
    if (js->period_dim == SIZE_MAX) return LK_OK;
    const js_dim *d = &js->dims[js->period_dim];
    r->periods = malloc(d->size * sizeof *r->periods);
    if (!r->periods) return js_nomem(r);
    r->cap_periods = d->size;
    for (size_t i = 0; i < d->size; i++) r->periods[r->n_periods++] = d->cats[i].period;
    return LK_OK;
}

static int plan_obs(lk_reader *r, lk_jsonstat *js)
{
    js->info = lk_arena_alloc(&r->arena, js->n_dims * sizeof *js->info);
    js->row_dims = lk_arena_alloc(&r->arena, js->n_dims * sizeof *js->row_dims);
    if (!js->info || !js->row_dims) return js_nomem(r);
    for (size_t k = 0; k < js->n_dims; k++) {
        js_dim *d = &js->dims[k];
        d->dim_pos = d->role == LK_COL_DIM ? (int)js->n_obs_dims++ : -1;
        js->info[k].id = d->id;
        js->info[k].label = d->name;
        js->info[k].role = d->role;
        js->info[k].role_by_name = d->role_by_name;
        js->info[k].size = d->size;
    }
    return LK_OK;
}

static void count_text(lk_reader *r, const lk_jsonstat *js)
{
    unsigned long lines = 0;
    for (const char *p = js->text, *e = js->text + js->len; (p = memchr(p, '\n', (size_t)(e - p))); p++) {
        lines++;
        if (p > js->text && p[-1] == '\r') r->crlf_lines++;
        else r->lf_lines++;
    }
    if (js->len && js->text[js->len - 1] != '\n') lines++;
    r->line_no = lines;
    r->enc = lk_has_non_ascii((const unsigned char *)js->text, js->len) ? LK_ENC_UTF8 : LK_ENC_UNKNOWN;
}

int lk_jsonstat_open(lk_reader *r)
{
    lk_jsonstat *js = calloc(1, sizeof *js);
    if (!js) return js_nomem(r);
    r->js = js;
    const unsigned char *mem = r->in.mem; /* memory is read in place */
    size_t mem_size = (size_t)r->in.size;
    int rc = mem ? LK_OK : read_rest(r);
    if (rc != LK_OK) return rc;
    const unsigned char *u = mem ? mem : (const unsigned char *)r->buf;
    size_t n = mem ? mem_size : r->end;
    r->had_bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    size_t skip = r->had_bom ? 3 : 0;
    js->text = (const char *)u + skip;
    js->len = n - skip;
    js->root_line = 1;
    for (size_t i = 0; i < js->len && js->text[i] != '{'; i++)
        if (js->text[i] == '\n') js->root_line++;
    count_text(r, js);
    if ((rc = parse_text(r, js)) != LK_OK) return rc;
    if ((rc = check_dataset(r, js)) != LK_OK) return rc;
    if ((rc = parse_ids(r, js)) != LK_OK) return rc;
    if ((rc = parse_roles(r, js)) != LK_OK) return rc;
    if ((rc = parse_categories(r, js)) != LK_OK) return rc;
    if ((rc = parse_values(r, js)) != LK_OK) return rc;
    if ((rc = parse_status(r, js)) != LK_OK) return rc;
    if ((rc = table_and_title(r, js)) != LK_OK) return rc;
    if ((rc = collect_meta(r, js)) != LK_OK) return rc;
    if ((rc = add_periods(r, js)) != LK_OK) return rc;
    if ((rc = plan_obs(r, js)) != LK_OK) return rc;
    js->text = NULL; /* the tree holds everything from here on: the text goes */
    if (!mem) {
        free(r->buf);
        r->buf = NULL;
        r->cap = r->end = 0;
    }
    return LK_OK;
}

/* ------------------------------------------------------------------ the run */


/* A cell: a number, a text (a number written as text, or a status symbol), null or absent. */
static int cell_value(lk_reader *r, lk_obs *o, const json_t *v)
{
    o->has_value = 0;
    o->value = 0.0;
    if (json_is_number(v)) {
        o->has_value = 1;
        o->value = json_number_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        lk_trim(&s, &n);
        int rc = n ? lk_value_parse(&o->value, s, n, '.') : LK_ENOTFOUND;
        if (rc == LK_ELIMIT)
            return js_fail(r, LK_EDATA, o->line, "number '%.*s' in cell %zu is out of range (expected a finite "
                           "number)", (int)(n > 40 ? 40 : n), s, o->column - 1);
        if (rc == LK_OK) {
            o->has_value = 1;
        } else {
            o->value = 0.0;
            if (n && !*o->status) { /* a symbol in the value, as in a CSV cell */
                o->status = n == json_string_length(v) ? s : arena_text(r, s, n);
                if (!o->status) return LK_ENOMEM;
            }
        }
    }
    return LK_OK;
}

/* The measure categories' units, once per file: JSON-stat's category.unit (SSB writes
 * {"base": "personer", "decimals": 0}; the spec also has "label" and "symbol"), else a unit
 * the label states ("Andel (prosent)"), else the title's. */
static int measure_units(lk_reader *r, lk_jsonstat *js)
{
    const char *file_unit = "";
    size_t at, ul;
    if (r->lay.title && lk_unit_find(r->lay.title, 0, &at, &ul) && !(file_unit = arena_text(r, r->lay.title + at, ul)))
        return js_nomem(r);
    if (js->measure_dim == SIZE_MAX) {
        js->unit = file_unit;
        return LK_OK;
    }
    js_dim *d = &js->dims[js->measure_dim];
    json_t *units = json_object_get(json_object_get(json_object_get(json_object_get(js->root, "dimension"), d->id),
                                                    "category"), "unit");
    for (size_t c = 0; c < d->size; c++) {
        js_cat *k = &d->cats[c];
        json_t *u = json_object_get(units, k->id);
        json_t *t = json_object_get(u, "label");
        if (!json_is_string(t) || !json_string_length(t)) t = json_object_get(u, "base");
        if (json_is_string(t) && json_string_length(t))
            k->unit = arena_text(r, json_string_value(t), json_string_length(t));
        else if (lk_unit_find(k->label, 1, &at, &ul))
            k->unit = arena_text(r, k->label + at, ul);
        else
            k->unit = file_unit;
        if (!k->unit) return js_nomem(r);
    }
    return LK_OK;
}

int lk_jsonstat_run(lk_reader *r, lk_obs_cb cb, void *payload)
{
    lk_jsonstat *js = r->js;
    if (measure_units(r, js) != LK_OK) return LK_ENOMEM;
    size_t *pos = calloc(js->n_dims, sizeof *pos);
    if (!pos) return js_nomem(r);
    const js_dim *region = js->region_dim != SIZE_MAX ? &js->dims[js->region_dim] : NULL;
    const js_dim *period = js->period_dim != SIZE_MAX ? &js->dims[js->period_dim] : NULL;
    const js_dim *measure = js->measure_dim != SIZE_MAX ? &js->dims[js->measure_dim] : NULL;
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = r->lay.table_id;
    o.dims = js->row_dims;
    o.n_dims = js->n_obs_dims;
    o.region = o.region_name = o.period = "";
    o.level = LK_LEVEL_NONE;
    if (!region) { /* no geo dimension: a national table (as imply_national for CSV) */
        o.region = "0";
        o.region_name = "Hele landet";
        o.level = LK_LEVEL_LAND;
    }
    o.measure = js->measure;
    o.measure_code = "";
    o.unit = js->unit;
    size_t run = 0, sp = 0, st = 0;
    int rc = LK_OK;
    for (size_t cell = 0; cell < js->cells && rc == LK_OK; cell++) {
        if (region) {
            const js_cat *c = &region->cats[pos[js->region_dim]];
            o.region = c->code;
            o.region_name = c->name;
            o.level = c->level;
        }
        if (period) {
            const js_cat *c = &period->cats[pos[js->period_dim]];
            o.period = c->period;
            o.period_info = c->period_info;
        }
        if (measure) {
            const js_cat *c = &measure->cats[pos[js->measure_dim]];
            o.measure = c->label;
            o.measure_code = c->id;
            o.unit = c->unit;
        }
        for (size_t k = 0; k < js->n_dims; k++)
            if (js->dims[k].dim_pos >= 0) {
                js->row_dims[js->dims[k].dim_pos].name = js->dims[k].name;
                js->row_dims[js->dims[k].dim_pos].value = js->dims[k].cats[pos[k]].label;
            }
        const json_t *v = NULL;
        o.line = js->value_line;
        if (js->values) {
            v = json_array_get(js->values, cell);
            while (run + 1 < js->n_runs && js->runs[run + 1].first <= cell) run++;
            if (js->n_runs) o.line = js->runs[run].line;
        } else if (sp < js->n_sparse && js->sparse[sp].idx == cell) {
            v = js->sparse[sp].v;
            o.line = js->sparse[sp].line;
            sp++;
        }
        o.column = cell + 1;
        o.status = js->status_all;
        if (st < js->n_status && js->status[st].idx == cell) o.status = js->status[st++].s;
        if ((rc = cell_value(r, &o, v)) != LK_OK) break;
        r->info.observations++;
        if (!o.has_value) r->info.missing++;
        if (*o.status && (rc = lk_reader_count_status(r, o.status)) != LK_OK) break;
        r->info.level_counts[o.level <= LK_LEVEL_OTHER ? o.level : LK_LEVEL_OTHER]++;
        if (cb && lk_reader_deliver(r, cb, &o, payload) != 0)
            rc = lk_reader_fail(r, LK_EUSER, o.line, "%s", r->stop_reason[0] ? r->stop_reason : "stopped by the caller");
        for (size_t k = js->n_dims; k-- > 0;) { /* the next cell: the last dimension fastest */
            if (++pos[k] < js->dims[k].size) break;
            pos[k] = 0;
        }
    }
    free(pos);
    return rc;
}

void lk_jsonstat_fill_info(lk_reader *r)
{
    lk_read_info *i = &r->info;
    const lk_jsonstat *js = r->js;
    i->format = "JSON-stat 2.0";
    i->national_implied = js->region_dim == SIZE_MAX; /* no geo dimension: national, as a CSV without regions */
    i->dimensions = js->info;
    i->n_dimensions = js->info ? js->n_dims : 0;
    i->cells = js->info ? js->cells : 0;
    i->cells_absent = js->absent;
}

void lk_jsonstat_free(lk_jsonstat *js)
{
    if (!js) return;
    json_decref(js->root);
    free(js->sparse);
    free(js->runs);
    free(js->status);
    free(js);
}
