/* The parts of a split query joined into one answer. A JSON-stat part is a sub-cube: per
 * dimension some of the categories. The whole cube takes, per dimension, the categories of all
 * parts in the order they first come, and each part's cells go to their place in it (row-major,
 * the last dimension fastest); a cell no part gave stays null, which a complete split never
 * leaves. Statuses go with their cells. A CSV part is a header line and rows of one value each
 * (every variable in the stub), so the parts join by keeping the first header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fetch_internal.h"

/* A joined answer of at most this many cells (50 million: 60 calls of SSB's 800 000). */
#define JOIN_MAX_CELLS 50000000

/* a * b, or SIZE_MAX when it would overflow */
static size_t mul_cap(size_t a, size_t b)
{
    return b && a > ((size_t)-1) / b ? (size_t)-1 : a * b;
}

typedef struct dim {
    const char *id;
    json_t *codes;    /* the whole cube's codes, in order (array) */
    json_t *pos;      /* code -> position (object) */
    json_t *labels;   /* code -> label, from every part */
    json_t *units;    /* code -> unit, or NULL */
} dim;

/* A part's categories of one dimension, in order; NULL with *bad for a broken index, without
 * for a lack of memory. */
static json_t *part_codes(json_t *d, int *bad)
{
    json_t *cat = json_object_get(d, "category"), *idx = json_object_get(cat, "index");
    json_t *out = json_array();
    *bad = 0;
    if (!out) return NULL;
    if (json_is_array(idx)) {
        if (json_array_extend(out, idx) == 0) return out;
        json_decref(out);
        return NULL;
    }
    json_t *src = json_is_object(idx) ? idx : json_object_get(cat, "label");
    size_t n = json_object_size(src);
    for (size_t i = 0; i < n; i++)
        if (json_array_append_new(out, json_null()) != 0) {
            json_decref(out);
            return NULL;
        }
    const char *key;
    json_t *v;
    size_t k = 0;
    json_object_foreach(src, key, v) {
        size_t p = json_is_object(idx) ? (size_t)json_integer_value(v) : k;
        if (p >= n || !json_is_null(json_array_get(out, p))) {
            json_decref(out);
            *bad = 1;
            return NULL;
        }
        if (json_array_set_new(out, p, json_string(key)) != 0) {
            json_decref(out);
            return NULL;
        }
        k++;
    }
    return out;
}

/* The status of cell k of a part: string, array (one for all, or per cell) or object. */
static json_t *part_status(json_t *st, size_t k, size_t n)
{
    if (json_is_string(st)) return st;
    if (json_is_array(st)) return json_array_get(st, json_array_size(st) == 1 ? 0 : (json_array_size(st) == n ? k : (size_t)-1));
    if (json_is_object(st)) {
        char key[32];
        snprintf(key, sizeof key, "%zu", k);
        return json_object_get(st, key);
    }
    return NULL;
}

int lk__join_jsonstat(lk_fetch *f, const char *url, const lk__buf *parts, size_t n, lk__buf *out)
{
    int rc = LK_EDATA;
    json_t **js = calloc(n, sizeof *js);
    dim *dims = NULL;
    size_t nd = 0;
    json_t *whole = NULL, *values = NULL, *status = NULL;
    size_t *psize = NULL, *map = NULL;
    char *text = NULL;
    if (!js) goto nomem;
    for (size_t p = 0; p < n; p++) {
        json_error_t je;
        int oom;
        js[p] = lk__json_load(parts[p].p, parts[p].len, &je, &oom);
        if (oom) goto nomem;
        if (!js[p] || !json_is_array(json_object_get(js[p], "id"))) {
            rc = lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: part %zu of %zu is not JSON-stat: %s (expected a "
                          "dataset; a cut-off answer?)", url, p + 1, n, js[p] ? "no \"id\"" : je.text);
            goto done;
        }
    }
    json_t *ids = json_object_get(js[0], "id");
    nd = json_array_size(ids);
    dims = calloc(nd ? nd : 1, sizeof *dims);
    psize = calloc(nd ? nd : 1, sizeof *psize);
    map = calloc(nd ? nd : 1, sizeof *map);
    if (!dims || !psize || !map) goto nomem;
    for (size_t d = 0; d < nd; d++) {
        dims[d].id = json_string_value(json_array_get(ids, d));
        dims[d].codes = json_array();
        dims[d].pos = json_object();
        dims[d].labels = json_object();
        if (!dims[d].id || !dims[d].codes || !dims[d].pos || !dims[d].labels) goto nomem;
    }
    /* the categories of the whole cube */
    for (size_t p = 0; p < n; p++) {
        json_t *pid = json_object_get(js[p], "id");
        if (!json_equal(pid, ids)) {
            rc = lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: part %zu has other dimensions than part 1 "
                          "(expected the same variables in every part)", url, p + 1);
            goto done;
        }
        for (size_t d = 0; d < nd; d++) {
            json_t *dd = json_object_get(json_object_get(js[p], "dimension"), dims[d].id);
            int bad;
            json_t *codes = part_codes(dd, &bad);
            if (!codes && !bad) goto nomem;
            if (!codes) {
                rc = lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: part %zu: dimension %s has a bad category "
                              "index (expected each position once)", url, p + 1, dims[d].id);
                goto done;
            }
            json_t *cat = json_object_get(dd, "category"), *labels = json_object_get(cat, "label");
            json_t *units = json_object_get(cat, "unit");
            size_t i;
            json_t *c;
            json_array_foreach(codes, i, c) {
                const char *code = json_string_value(c);
                if (!code) continue;
                if (!json_object_get(dims[d].pos, code)) {
                    if (json_object_set_new(dims[d].pos, code, json_integer((json_int_t)json_array_size(dims[d].codes))) ||
                        json_array_append(dims[d].codes, c)) {
                        json_decref(codes);
                        goto nomem;
                    }
                }
                json_t *l = json_object_get(labels, code);
                int lost = l && json_object_set(dims[d].labels, code, l) != 0;
                json_t *u = json_object_get(units, code);
                if (u) {
                    if (!dims[d].units) dims[d].units = json_object();
                    lost |= !dims[d].units || json_object_set(dims[d].units, code, u) != 0;
                }
                if (lost) {
                    json_decref(codes);
                    goto nomem;
                }
            }
            json_decref(codes);
        }
    }
    /* the whole cube is never more than its parts: they are disjoint pieces of it (and a part's
     * value array has one entry per cell); an answer that claims more is refused before memory
     * is taken for it */
    size_t cells = 1, sum = 0;
    for (size_t d = 0; d < nd; d++) cells = mul_cap(cells, json_array_size(dims[d].codes));
    for (size_t p = 0; p < n; p++) {
        size_t pc = 1;
        for (size_t d = 0; d < nd; d++) {
            int bad;
            json_t *codes = part_codes(json_object_get(json_object_get(js[p], "dimension"), dims[d].id), &bad);
            if (!codes) goto nomem; /* a broken index was said above */
            pc = mul_cap(pc, json_array_size(codes));
            json_decref(codes);
        }
        json_t *pv = json_object_get(js[p], "value");
        if (json_is_array(pv) && json_array_size(pv) != pc) {
            rc = lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: part %zu has %zu values for %zu cells (expected "
                          "one per cell)", url, p + 1, json_array_size(pv), pc);
            goto done;
        }
        sum = sum + pc < sum ? (size_t)-1 : sum + pc;
    }
    if (cells > sum || cells > JOIN_MAX_CELLS) {
        rc = lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: the %zu parts make a cube of %zu cells, more than "
                      "the %zu they hold (expected parts of one cube, at most %d cells)", url, n, cells, sum,
                      JOIN_MAX_CELLS);
        goto done;
    }
    values = json_array();
    status = json_object();
    if (!values || !status) goto nomem;
    for (size_t k = 0; k < cells; k++)
        if (json_array_append_new(values, json_null()) != 0) goto nomem;
    /* each part's cells to their place */
    for (size_t p = 0; p < n; p++) {
        json_t *pdims = json_object_get(js[p], "dimension");
        json_t **pc = calloc(nd ? nd : 1, sizeof *pc);
        if (!pc) goto nomem;
        size_t pcells = 1;
        int lost = 0;
        for (size_t d = 0; d < nd; d++) {
            int bad;
            pc[d] = part_codes(json_object_get(pdims, dims[d].id), &bad);
            lost |= !pc[d];
            psize[d] = json_array_size(pc[d]);
            pcells *= psize[d];
        }
        if (lost) {
            for (size_t d = 0; d < nd; d++) json_decref(pc[d]);
            free(pc);
            goto nomem;
        }
        json_t *pv = json_object_get(js[p], "value"), *ps = json_object_get(js[p], "status");
        for (size_t k = 0; k < pcells; k++) {
            size_t rest = k, flat = 0, mul = 1;
            for (size_t d = nd; d-- > 0;) {
                map[d] = rest % psize[d];
                rest /= psize[d];
            }
            for (size_t d = nd; d-- > 0;) {
                const char *code = json_string_value(json_array_get(pc[d], map[d]));
                flat += (size_t)json_integer_value(json_object_get(dims[d].pos, code)) * mul;
                mul *= json_array_size(dims[d].codes);
            }
            json_t *v;
            if (json_is_array(pv)) v = json_array_get(pv, k);
            else {
                char key[32];
                snprintf(key, sizeof key, "%zu", k);
                v = json_object_get(pv, key);
            }
            if (v && json_array_set(values, flat, v) != 0) {
                lost = 1;
                break;
            }
            json_t *s = part_status(ps, k, pcells);
            if (json_is_string(s) && *json_string_value(s)) {
                char key[32];
                snprintf(key, sizeof key, "%zu", flat);
                if (json_object_set(status, key, s) != 0) {
                    lost = 1;
                    break;
                }
            }
        }
        for (size_t d = 0; d < nd; d++) json_decref(pc[d]);
        free(pc);
        if (lost) goto nomem;
    }
    /* the whole: part 1 with the joined dimensions, size, values and statuses */
    whole = json_deep_copy(js[0]);
    json_t *size = json_array();
    if (!whole || !size) {
        json_decref(size);
        goto nomem;
    }
    json_t *wd = json_object_get(whole, "dimension");
    for (size_t d = 0; d < nd; d++) {
        if (json_array_append_new(size, json_integer((json_int_t)json_array_size(dims[d].codes))) != 0) {
            json_decref(size);
            goto nomem;
        }
        json_t *cat = json_object_get(json_object_get(wd, dims[d].id), "category");
        if (!cat) continue;
        if (json_object_set(cat, "index", dims[d].pos) || json_object_set(cat, "label", dims[d].labels) ||
            (dims[d].units && json_object_set(cat, "unit", dims[d].units))) {
            json_decref(size);
            goto nomem;
        }
    }
    if (json_object_set_new(whole, "size", size) || json_object_set(whole, "value", values) ||
        (json_object_size(status) && json_object_set(whole, "status", status)))
        goto nomem;
    if (!json_object_size(status)) json_object_del(whole, "status");
    text = json_dumps(whole, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) goto nomem;
    out->len = 0;
    rc = lk__buf_str(out, text);
    if (rc != LK_OK) goto nomem;
    goto done;
nomem:
    rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory joining %zu parts", url, n);
done:
    free(text);
    json_decref(whole);
    json_decref(values);
    json_decref(status);
    for (size_t d = 0; dims && d < nd; d++) {
        json_decref(dims[d].codes);
        json_decref(dims[d].pos);
        json_decref(dims[d].labels);
        json_decref(dims[d].units);
    }
    free(dims);
    free(psize);
    free(map);
    for (size_t p = 0; js && p < n; p++) json_decref(js[p]);
    free(js);
    return rc;
}

int lk__join_csv(lk_fetch *f, const char *url, const lk__buf *parts, size_t n, lk__buf *out)
{
    out->len = 0;
    size_t head = 0;
    for (size_t p = 0; p < n; p++) {
        const char *s = parts[p].p ? parts[p].p : "";
        const char *nl = memchr(s, '\n', parts[p].len);
        size_t hl = nl ? (size_t)(nl - s) + 1 : parts[p].len;
        if (p == 0) head = hl;
        else if (hl != head || memcmp(s, parts[0].p, hl) != 0)
            return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EDATA, "%s: part %zu has another header line than part 1 "
                            "(expected the same columns in every part)", url, p + 1);
        size_t from = p == 0 ? 0 : hl;
        if (lk__buf_add(out, s + from, parts[p].len - from) != LK_OK)
            return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
        if (out->len && out->p[out->len - 1] != '\n' && lk__buf_add(out, "\r\n", 2) != LK_OK)
            return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    }
    return lk__buf_add(out, "", 0) == LK_OK ? LK_OK : lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
}
