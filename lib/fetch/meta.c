/* A table's metadata (PxWebApi v2 `GET /tables/{id}/metadata`: a JSON-stat 2.0 dataset without
 * values) as variables and their values in the table's order. `elimination` is read from each
 * dimension's extension here, in the metadata, where it describes what may be left out (in a
 * data answer it describes the extract). */
#include <stdlib.h>
#include <string.h>
#include "fetch_internal.h"

void lk__meta_free(lk__meta *m)
{
    if (!m) return;
    free(m->key);
    free(m->vars);
    free(m->values);
    json_decref(m->root);
    memset(m, 0, sizeof *m);
}

static int in_role(json_t *role, const char *kind, const char *id)
{
    json_t *a = json_object_get(role, kind);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) if (json_is_string(v) && strcmp(json_string_value(v), id) == 0) return 1;
    return 0;
}

int lk__meta_parse(lk_fetch *f, const char *table, const char *url, const char *data, size_t len, lk__meta *m)
{
    json_error_t je;
    memset(m, 0, sizeof *m);
    int oom;
    m->root = lk__json_load(data, len, &je, &oom);
    if (oom)
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    if (!m->root)
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: the metadata is not JSON: %s at byte %d (expected "
                        "a JSON-stat 2.0 dataset; a cut-off answer?)", url, je.text, je.position);
    json_t *ids = json_object_get(m->root, "id"), *dims = json_object_get(m->root, "dimension");
    json_t *role = json_object_get(m->root, "role");
    if (!json_is_array(ids) || !json_is_object(dims))
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: no \"id\" and \"dimension\" in the metadata "
                        "(expected a JSON-stat 2.0 dataset)", url);
    size_t nv = json_array_size(ids), total = 0, i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        json_t *cat = json_object_get(json_object_get(dims, json_string_value(id) ? json_string_value(id) : ""), "category");
        json_t *lab = json_object_get(cat, "label"), *idx = json_object_get(cat, "index");
        total += json_is_array(idx) ? json_array_size(idx) : json_is_object(idx) ? json_object_size(idx) : json_object_size(lab);
    }
    m->vars = calloc(nv ? nv : 1, sizeof *m->vars);
    m->values = calloc(total ? total : 1, sizeof *m->values);
    if (!m->vars || !m->values) return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    size_t at = 0;
    json_array_foreach(ids, i, id) {
        const char *code = json_string_value(id);
        json_t *d = code ? json_object_get(dims, code) : NULL;
        if (!d)
            return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: dimension %zu of \"id\" has no entry in "
                            "\"dimension\" (expected a JSON-stat 2.0 dataset)", url, i + 1);
        lk_fetch_var *v = &m->vars[i];
        v->code = code;
        v->label = json_string_value(json_object_get(d, "label"));
        if (!v->label) v->label = code;
        json_t *el = json_object_get(json_object_get(d, "extension"), "elimination");
        /* no extension: the JSON-stat of a v1 answer; only the time and the measure are then
         * surely mandatory */
        v->elimination = el ? json_is_true(el) : !(in_role(role, "time", code) || in_role(role, "metric", code));
        v->role = in_role(role, "geo", code) ? LK_FETCH_ROLE_GEO : in_role(role, "time", code) ? LK_FETCH_ROLE_TIME
                : in_role(role, "metric", code) ? LK_FETCH_ROLE_METRIC : LK_FETCH_ROLE_NONE;
        json_t *cat = json_object_get(d, "category");
        json_t *lab = json_object_get(cat, "label"), *idx = json_object_get(cat, "index");
        v->values = &m->values[at];
        size_t n = json_is_array(idx) ? json_array_size(idx) : json_is_object(idx) ? json_object_size(idx) : json_object_size(lab);
        for (size_t k = 0; k < n; k++) m->values[at + k].code = NULL;
        if (json_is_array(idx)) {
            size_t k;
            json_t *c;
            json_array_foreach(idx, k, c) m->values[at + k].code = json_string_value(c);
        } else {
            json_t *src = json_is_object(idx) ? idx : lab;
            const char *key;
            json_t *pos;
            size_t k = 0;
            json_object_foreach(src, key, pos) {
                /* the index gives each code its place; the label alone (one category) has no index */
                size_t p = json_is_object(idx) ? (json_is_integer(pos) ? (size_t)json_integer_value(pos) : n) : k;
                if (p >= n || m->values[at + p].code)
                    return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: dimension %s: category index %zu "
                                    "is out of range or given twice (expected 0 to %zu, once each)", url, code, p,
                                    n ? n - 1 : 0);
                m->values[at + p].code = key;
                k++;
            }
        }
        for (size_t k = 0; k < n; k++) {
            lk_fetch_value *val = &m->values[at + k];
            if (!val->code)
                return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: dimension %s: category %zu has no code "
                                "(expected a string)", url, code, k);
            val->label = json_string_value(json_object_get(lab, val->code));
            if (!val->label) val->label = val->code;
        }
        v->n_values = n;
        at += n;
    }
    m->pub.table = NULL; /* set by the caller, who owns the key */
    m->pub.label = json_string_value(json_object_get(m->root, "label"));
    if (!m->pub.label) m->pub.label = table;
    m->pub.updated = json_string_value(json_object_get(m->root, "updated"));
    if (!m->pub.updated) m->pub.updated = "";
    m->pub.vars = m->vars;
    m->pub.n_vars = nv;
    return LK_OK;
}

/* FHI's names are camelCase in the answer and PascalCase in its own C# models: either. */
static json_t *get_ci(json_t *o, const char *lower, const char *upper)
{
    json_t *v = json_object_get(o, lower);
    return v ? v : json_object_get(o, upper);
}

/* Categories and their children, depth first (a parent before its children, as listed). */
static size_t count_cats(json_t *cats)
{
    size_t n = 0, i;
    json_t *c;
    json_array_foreach(cats, i, c) n += 1 + count_cats(get_ci(c, "children", "Children"));
    return n;
}

static int fill_cats(json_t *cats, lk_fetch_value *out, size_t *at)
{
    size_t i;
    json_t *c;
    json_array_foreach(cats, i, c) {
        const char *code = json_string_value(get_ci(c, "value", "Value"));
        if (!code) return -1;
        const char *label = json_string_value(get_ci(c, "label", "Label"));
        out[*at].code = code;
        out[*at].label = label ? label : code;
        (*at)++;
        if (fill_cats(get_ci(c, "children", "Children"), out, at) != 0) return -1;
    }
    return 0;
}

int lk__meta_parse_fhi(lk_fetch *f, const char *table, const char *url, const char *data, size_t len, lk__meta *m)
{
    json_error_t je;
    memset(m, 0, sizeof *m);
    int oom;
    m->root = lk__json_load(data, len, &je, &oom);
    if (oom)
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    if (!m->root)
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: the dimensions are not JSON: %s at byte %d (expected "
                        "FHI's dimension list; a cut-off answer?)", url, je.text, je.position);
    json_t *dims = json_is_array(m->root) ? m->root : get_ci(m->root, "dimensions", "Dimensions");
    if (!json_is_array(dims) || !json_array_size(dims))
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: no \"dimensions\" (expected FHI's dimension list "
                        "of the table)", url);
    size_t nv = json_array_size(dims), total = 0, i;
    json_t *d;
    json_array_foreach(dims, i, d) total += count_cats(get_ci(d, "categories", "Categories"));
    m->vars = calloc(nv, sizeof *m->vars);
    m->values = calloc(total ? total : 1, sizeof *m->values);
    if (!m->vars || !m->values) return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    size_t at = 0;
    json_array_foreach(dims, i, d) {
        lk_fetch_var *v = &m->vars[i];
        v->code = json_string_value(get_ci(d, "code", "Code"));
        if (!v->code)
            return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: dimension %zu has no code (expected a "
                            "string)", url, i + 1);
        v->label = json_string_value(get_ci(d, "label", "Label"));
        if (!v->label) v->label = v->code;
        v->elimination = 0; /* "All dimension must have one and only one specified filter type" */
        v->role = strcmp(v->code, "GEO") == 0 ? LK_FETCH_ROLE_GEO : strcmp(v->code, "AAR") == 0 ? LK_FETCH_ROLE_TIME
                : strcmp(v->code, "MEASURE_TYPE") == 0 ? LK_FETCH_ROLE_METRIC : LK_FETCH_ROLE_NONE;
        v->values = &m->values[at];
        size_t start = at;
        if (fill_cats(get_ci(d, "categories", "Categories"), m->values, &at) != 0)
            return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: dimension %s: a category without a value "
                            "(expected a string code)", url, v->code);
        v->n_values = at - start;
    }
    m->pub.label = table;
    m->pub.updated = "";
    m->pub.vars = m->vars;
    m->pub.n_vars = nv;
    return LK_OK;
}
