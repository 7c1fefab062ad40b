/* The client: metadata first, the selection resolved against it, the query split under the cell
 * limit, each part from the cache or the API, the parts joined (fetch.h says the whole story). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "curl_load.h"
#include "select.h"

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

int lk_fetch_new(lk_fetch **out, const lk_fetch_opts *opts)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (!opts || opts->version != LK_FETCH_OPTS_VERSION || !opts->cache_dir || !*opts->cache_dir) return LK_EINVAL;
    if (opts->fhi_source) {
        const char *p = opts->fhi_source;
        for (; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') return LK_EINVAL;
        if (p == opts->fhi_source) return LK_EINVAL;
    }
    const char *base = opts->api_base ? opts->api_base : opts->fhi_source ? LK_FETCH_FHI_API : LK_FETCH_SSB_API;
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) return LK_EINVAL;
    lk_fetch *f = calloc(1, sizeof *f);
    if (!f) return LK_ENOMEM;
    f->o = *opts;
    if (!f->o.timeout_ms) f->o.timeout_ms = 120000;
    if (!f->o.max_cells) f->o.max_cells = 800000;
    if (f->o.max_calls <= 0) f->o.max_calls = 30;
    if (f->o.window_s <= 0) f->o.window_s = 60;
    if (!f->o.max_retries) f->o.max_retries = 3;
    if (f->o.max_retries < 0) f->o.max_retries = 0;
    if (f->o.max_wait_s <= 0) f->o.max_wait_s = 300;
    if (!f->o.max_url) f->o.max_url = 2000;
    f->remaining = -1;
    f->base = dup(base);
    f->cache = dup(opts->cache_dir);
    f->lang = dup(opts->lang ? opts->lang : "no");
    f->calls = calloc((size_t)f->o.max_calls, sizeof *f->calls);
    f->fhi = opts->fhi_source ? dup(opts->fhi_source) : NULL;
    if (!f->base || !f->cache || !f->lang || !f->calls || (opts->fhi_source && !f->fhi)) {
        lk_fetch_free(f);
        return LK_ENOMEM;
    }
    for (size_t n = strlen(f->base); n > 8 && f->base[n - 1] == '/'; n--) f->base[n - 1] = '\0';
    for (size_t n = strlen(f->cache); n > 1 && f->cache[n - 1] == '/'; n--) f->cache[n - 1] = '\0';
    /* libcurl starts with the first call to the network (http.c): a run served from the cache
     * never initialises it */
    *out = f;
    return LK_OK;
}

static void clear_answer(lk_fetch *f)
{
    for (size_t i = 0; i < f->n_part_strings; i++) free(f->part_strings[i]);
    free(f->part_strings);
    f->part_strings = NULL;
    f->n_part_strings = 0;
    free(f->parts);
    f->parts = NULL;
    f->n_parts = 0;
    lk__buf_free(&f->answer);
    memset(&f->pub, 0, sizeof f->pub);
}

void lk_fetch_free(lk_fetch *f)
{
    if (!f) return;
    clear_answer(f);
    for (size_t i = 0; i < f->n_metas; i++) {
        lk__meta_free(f->metas[i]);
        free(f->metas[i]);
    }
    free(f->metas);
    if (f->curl && lk__curl(NULL)) lk__curl(NULL)->easy_cleanup(f->curl);
    free(f->calls);
    free(f->base);
    free(f->cache);
    free(f->lang);
    free(f->fhi);
    free(f);
}

const char *lk_fetch_errmsg(const lk_fetch *f) { return f ? f->err : ""; }
lk_fetch_fail lk_fetch_failure(const lk_fetch *f) { return f ? f->fail : LK_FETCH_FAIL_NONE; }
const char *lk_fetch_api_base(const lk_fetch *f) { return f ? f->base : ""; }

static int good_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isalnum((unsigned char)s[n]) && s[n] != '_' && s[n] != '-') return 0;
    return n > 0 && n <= 64;
}

/* Whether an answer is whole before it is kept (metadata, JSON-stat, CSV). */
typedef int (*check_fn)(lk_fetch *f, const char *url, const lk__buf *body);

/* A string of the provenance record, "" when absent. */
static const char *prov_str(json_t *prov, const char *key)
{
    const char *s = json_string_value(json_object_get(prov, key));
    return s ? s : "";
}

/* A string the parts point to, freed with them. */
static int keep(lk_fetch *f, char *s)
{
    char **p = realloc(f->part_strings, (f->n_part_strings + 1) * sizeof *p);
    if (!p || !s) {
        if (p) f->part_strings = p;
        free(s);
        return LK_ENOMEM;
    }
    f->part_strings = p;
    p[f->n_part_strings++] = s;
    return LK_OK;
}

/* One call through the cache: the body in out (the caller frees it); an answer from the API is
 * checked and kept before it is used. part, if not NULL, gets its provenance. */
static int cached_call(lk_fetch *f, const char *table, const char *method, const char *url, const char *body,
                       check_fn check, const char *updated, size_t cells, lk__buf *out, lk_fetch_part *part)
{
    char key[65];
    lk__cache_key(method, url, body, key);
    if (!key[0]) return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    lk__cached c;
    int rc = f->o.refresh ? LK_ENOTFOUND : lk__cache_get(f, table, key, &c);
    if (rc == LK_ENOMEM) return lk__fail(f, LK_FETCH_FAIL_NONE, rc, "%s: out of memory", url);
    json_t *prov = NULL;
    if (rc == LK_OK) {
        *out = c.body;
        c.body.p = NULL;
        prov = c.prov;
        if (part) part->from_cache = 1;
    } else {
        lk__resp r;
        memset(&r, 0, sizeof r);
        rc = lk__http(f, method, url, body, &r);
        if (rc == LK_OK && check) rc = check(f, url, &r.body);
        if (rc == LK_OK) rc = lk__cache_put(f, table, key, method, url, body, &r, updated, cells, &prov);
        if (rc != LK_OK) {
            lk__resp_free(&r);
            return rc;
        }
        *out = r.body;
        if (part) part->from_cache = 0;
    }
    if (part) {
        char *s[6] = { dup(url), dup(method), dup(body), dup(prov_str(prov, "date")),
                       dup(prov_str(prov, "last_modified")), dup(prov_str(prov, "sha256")) };
        char *file = lk__cache_path(f, table, key, ".body");
        int bad = 0;
        for (int i = 0; i < 6; i++) bad |= keep(f, s[i]) != LK_OK;
        bad |= keep(f, file) != LK_OK;
        if (bad) {
            json_decref(prov);
            lk__buf_free(out);
            return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
        }
        part->url = s[0];
        part->method = s[1];
        part->body = s[2];
        part->date = s[3];
        part->last_modified = s[4];
        part->sha256 = s[5];
        part->cache_file = file;
        part->cells = cells;
    }
    json_decref(prov);
    return LK_OK;
}

static int check_meta(lk_fetch *f, const char *url, const lk__buf *body)
{
    lk__meta m;
    int rc = f->fhi ? lk__meta_parse_fhi(f, "", url, body->p ? body->p : "", body->len, &m)
                    : lk__meta_parse(f, "", url, body->p ? body->p : "", body->len, &m);
    lk__meta_free(&m);
    return rc;
}

static int get_meta(lk_fetch *f, const char *table, const char *url, const lk_fetch_meta **out)
{
    for (size_t i = 0; i < f->n_metas; i++)
        if (strcmp(f->metas[i]->key, url) == 0) {
            *out = &f->metas[i]->pub;
            return LK_OK;
        }
    lk__buf body = { 0 };
    int rc = cached_call(f, table, "GET", url, "", check_meta, "", 0, &body, NULL);
    if (rc != LK_OK && f->fail == LK_FETCH_FAIL_CLIENT && f->last_status == 404)
        /* the metadata of a table that does not exist: SSB says "Non-existent table", FHI a 404 */
        return lk__fail(f, LK_FETCH_FAIL_NO_TABLE, rc, "%s: HTTP 404 (expected a table id that exists; %s)", url,
                        f->fhi ? "FHI's GET {source}/table lists them" : "Statistikkbanken shows each table's");
    if (rc != LK_OK) return rc;
    lk__meta *m = calloc(1, sizeof *m);
    lk__meta **ms = realloc(f->metas, (f->n_metas + 1) * sizeof *ms);
    if (ms) f->metas = ms;
    if (!m || !ms) {
        free(m);
        lk__buf_free(&body);
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    }
    rc = f->fhi ? lk__meta_parse_fhi(f, table, url, body.p ? body.p : "", body.len, m)
                : lk__meta_parse(f, table, url, body.p ? body.p : "", body.len, m);
    lk__buf_free(&body);
    /* the same bytes passed check_meta when they came (from the API, or into the cache): failing
     * now, the parse ran out of memory */
    if (rc == LK_EDATA) rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    if (rc == LK_OK) {
        /* the key (the URL) and the table id in one allocation, as long-lived as the metadata */
        size_t ul = strlen(url), tl = strlen(table);
        m->key = malloc(ul + tl + 2);
        if (!m->key) rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
        else {
            memcpy(m->key, url, ul + 1);
            memcpy(m->key + ul + 1, table, tl + 1);
            m->pub.table = m->key + ul + 1;
        }
    }
    if (rc != LK_OK) {
        lk__meta_free(m);
        free(m);
        return rc;
    }
    f->metas[f->n_metas++] = m;
    *out = &m->pub;
    return LK_OK;
}

static int meta_url(lk_fetch *f, const char *table, lk__buf *u)
{
    if (f->fhi) {
        int rc = lk__buf_printf(u, "%s/", f->base);
        if (rc == LK_OK) rc = lk__buf_urlenc(u, f->fhi);
        if (rc == LK_OK) rc = lk__buf_str(u, "/Table/");
        if (rc == LK_OK) rc = lk__buf_urlenc(u, table);
        if (rc == LK_OK) rc = lk__buf_str(u, "/dimension");
        return rc;
    }
    int rc = lk__buf_printf(u, "%s/tables/", f->base);
    if (rc == LK_OK) rc = lk__buf_urlenc(u, table);
    if (rc == LK_OK) rc = lk__buf_str(u, "/metadata?lang=");
    if (rc == LK_OK) rc = lk__buf_urlenc(u, f->lang);
    return rc;
}

int lk_fetch_metadata(lk_fetch *f, const char *table, const char *const *codelists, size_t n_codelists,
                      const lk_fetch_meta **out)
{
    if (!f || !table || !out) return LK_EINVAL;
    f->fail = LK_FETCH_FAIL_NONE;
    f->err[0] = '\0';
    *out = NULL;
    if (!good_id(table))
        return lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EINVAL, "'%s' is not a table id (expected letters and digits, "
                        "such as 07459)", table);
    lk__buf u = { 0 };
    int rc = meta_url(f, table, &u);
    const lk_fetch_meta *m = NULL;
    if (rc == LK_OK) rc = get_meta(f, table, u.p, &m);
    else rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", table);
    if (rc == LK_OK && n_codelists && f->fhi)
        rc = lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EINVAL, "table %s: FHI's API has no codelists (expected them only "
                      "with SSB's)", table);
    if (rc == LK_OK && n_codelists) {
        /* the codelists name variables as the user wrote them: by code or text, from the plain metadata */
        for (size_t i = 0; i < n_codelists && rc == LK_OK; i++) {
            const char *eq = strchr(codelists[i], '=');
            if (!eq || eq == codelists[i] || !eq[1]) {
                rc = lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EINVAL, "table %s: codelist '%s' (expected VAR=ID, such as "
                              "Region=agg_KommSummer)", table, codelists[i]);
                break;
            }
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(eq - codelists[i]), codelists[i]);
            const char *code = NULL;
            for (size_t k = 0; k < m->n_vars; k++)
                if (strcasecmp(m->vars[k].code, name) == 0 || strcasecmp(m->vars[k].label, name) == 0) code = m->vars[k].code;
            if (!code) {
                rc = lk__fail(f, LK_FETCH_FAIL_QUERY, LK_EDATA, "table %s has no variable '%s' for codelist %s "
                              "(expected a variable of the table)", table, name, eq + 1);
                break;
            }
            if (lk__buf_str(&u, "&codelist[") != LK_OK || lk__buf_urlenc(&u, code) != LK_OK ||
                lk__buf_str(&u, "]=") != LK_OK || lk__buf_urlenc(&u, eq + 1) != LK_OK)
                rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", table);
        }
        if (rc == LK_OK) rc = get_meta(f, table, u.p, &m);
    }
    lk__buf_free(&u);
    if (rc == LK_OK) *out = m;
    return rc;
}

static int check_jsonstat(lk_fetch *f, const char *url, const lk__buf *body)
{
    json_error_t je;
    int oom;
    json_t *j = lk__json_load(body->p, body->len, &je, &oom);
    int ok = j && json_object_get(j, "value") && json_is_array(json_object_get(j, "id"));
    json_decref(j);
    if (ok) return LK_OK;
    if (oom)
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    if (!j)
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EIO, "%s: the answer is not whole JSON: %s at byte %d of %zu "
                        "(expected a JSON-stat 2.0 dataset; cut off? nothing was kept)", url, je.text, je.position,
                        body->len);
    return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EIO, "%s: the answer has no \"id\" and \"value\" (expected a "
                    "JSON-stat 2.0 dataset; nothing was kept)", url);
}

static int check_csv(lk_fetch *f, const char *url, const lk__buf *body)
{
    if (body->len && memchr(body->p, '\n', body->len)) return LK_OK;
    return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EIO, "%s: the answer has no whole line (%zu bytes; expected "
                    "SSB's CSV with a header line; nothing was kept)", url, body->len);
}

/* The request of one part: a GET URL, or (too long) the POST URL and its body. */
/* FHI: always POST {source}/Table/{id}/data, one item filter per dimension. */
static int build_fhi(lk_fetch *f, const lk_fetch_meta *m, const lk__resolved *r, const size_t *start,
                     const size_t *chunk, lk_fetch_format fmt, lk__buf *url, lk__buf *body, size_t *cells)
{
    int rc = lk__buf_printf(url, "%s/", f->base);
    if (rc == LK_OK) rc = lk__buf_urlenc(url, f->fhi);
    if (rc == LK_OK) rc = lk__buf_str(url, "/Table/");
    if (rc == LK_OK) rc = lk__buf_urlenc(url, m->table);
    if (rc == LK_OK) rc = lk__buf_str(url, "/data");
    json_t *dims = json_array();
    *cells = 1;
    for (size_t i = 0; i < m->n_vars && dims && rc == LK_OK; i++) {
        const lk__rvar *v = &r->vars[i];
        if (!v->idx) continue;
        size_t end = start[i] + chunk[i] < v->n ? start[i] + chunk[i] : v->n;
        *cells *= end - start[i];
        json_t *codes = json_array();
        for (size_t k = start[i]; k < end && codes; k++)
            json_array_append_new(codes, json_string(m->vars[i].values[v->idx[k]].code));
        json_array_append_new(dims, json_pack("{s:s, s:s, s:o}", "code", m->vars[i].code, "filter", "item", "values", codes));
    }
    /* no maxRowCount: "Removing the maxRowCount ... will set it to infinite" (the split keeps it small) */
    json_t *root = dims ? json_pack("{s:o, s:{s:s}}", "dimensions", dims, "response", "format",
                                    fmt == LK_FETCH_CSV ? "csv2" : "json-stat2") : NULL;
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (rc == LK_OK) rc = text ? lk__buf_str(body, text) : LK_ENOMEM;
    free(text);
    return rc;
}

static int build(lk_fetch *f, const lk_fetch_meta *m, const lk__resolved *r, const size_t *start,
                 const size_t *chunk, lk_fetch_format fmt, lk__buf *url, lk__buf *body, size_t *cells)
{
    if (f->fhi) return build_fhi(f, m, r, start, chunk, fmt, url, body, cells);
    const char *of = fmt == LK_FETCH_CSV ? "csv" : "json-stat2";
    /* CSV as the reader knows SSB's exports: semicolons, texts, the measure heading the value
     * columns and every other variable in the stub */
    const char *params = fmt == LK_FETCH_CSV ? "&outputFormatParams=SeparatorSemicolon,UseTexts" : "";
    int rc = lk__buf_printf(url, "%s/tables/", f->base);
    if (rc == LK_OK) rc = lk__buf_urlenc(url, m->table);
    if (rc == LK_OK) rc = lk__buf_str(url, "/data?lang=");
    if (rc == LK_OK) rc = lk__buf_urlenc(url, f->lang);
    if (rc == LK_OK) rc = lk__buf_printf(url, "&outputFormat=%s%s", of, params);
    size_t post_len = url->len;
    *cells = 1;
    lk__buf stub = { 0 };
    const char *heading = NULL;
    for (size_t i = 0; i < m->n_vars && rc == LK_OK; i++) {
        const lk__rvar *v = &r->vars[i];
        if (!v->idx) continue;
        size_t end = start[i] + chunk[i] < v->n ? start[i] + chunk[i] : v->n;
        *cells *= end - start[i];
        rc = lk__buf_str(url, "&valueCodes[");
        if (rc == LK_OK) rc = lk__buf_urlenc(url, m->vars[i].code);
        if (rc == LK_OK) rc = lk__buf_str(url, "]=");
        for (size_t k = start[i]; k < end && rc == LK_OK; k++) {
            const char *code = m->vars[i].values[v->idx[k]].code;
            if (k > start[i]) rc = lk__buf_str(url, ",");
            /* a code with a comma or a bracket goes in brackets, its brackets doubled (the spec) */
            int wrap = strpbrk(code, ",[]") != NULL;
            if (rc == LK_OK && wrap) rc = lk__buf_str(url, "%5B");
            for (const char *c = code; *c && rc == LK_OK; c++) {
                char one[2] = { *c, 0 };
                rc = lk__buf_urlenc(url, one);
                if (rc == LK_OK && wrap && (*c == '[' || *c == ']')) rc = lk__buf_urlenc(url, one);
            }
            if (rc == LK_OK && wrap) rc = lk__buf_str(url, "%5D");
        }
        if (rc == LK_OK && v->codelist) {
            rc = lk__buf_str(url, "&codelist[");
            if (rc == LK_OK) rc = lk__buf_urlenc(url, m->vars[i].code);
            if (rc == LK_OK) rc = lk__buf_str(url, "]=");
            if (rc == LK_OK) rc = lk__buf_urlenc(url, v->codelist);
        }
        if (m->vars[i].role == LK_FETCH_ROLE_METRIC) {
            heading = m->vars[i].code;
            continue;
        }
        if (rc == LK_OK && stub.len) rc = lk__buf_str(&stub, ",");
        if (rc == LK_OK) rc = lk__buf_urlenc(&stub, m->vars[i].code);
    }
    if (rc == LK_OK && fmt == LK_FETCH_CSV) rc = lk__buf_printf(url, "&stub=%s", stub.p ? stub.p : "");
    if (rc == LK_OK && fmt == LK_FETCH_CSV && heading) {
        rc = lk__buf_str(url, "&heading=");
        if (rc == LK_OK) rc = lk__buf_urlenc(url, heading);
    }
    if (rc == LK_OK && url->len > f->o.max_url) {
        /* by POST: the same selection as a VariablesSelection body */
        json_t *sel = json_array(), *root = json_object(), *st = json_array();
        for (size_t i = 0; i < m->n_vars && sel && st; i++) {
            const lk__rvar *v = &r->vars[i];
            if (!v->idx) continue;
            size_t end = start[i] + chunk[i] < v->n ? start[i] + chunk[i] : v->n;
            json_t *codes = json_array();
            for (size_t k = start[i]; k < end && codes; k++)
                json_array_append_new(codes, json_string(m->vars[i].values[v->idx[k]].code));
            json_t *one = json_pack("{s:s, s:o}", "variableCode", m->vars[i].code, "valueCodes", codes);
            if (one && v->codelist) json_object_set_new(one, "codelist", json_string(v->codelist));
            json_array_append_new(sel, one);
            if (m->vars[i].role != LK_FETCH_ROLE_METRIC) json_array_append_new(st, json_string(m->vars[i].code));
        }
        if (root && sel) json_object_set_new(root, "selection", sel);
        else json_decref(sel);
        if (root && fmt == LK_FETCH_CSV && st)
            json_object_set_new(root, "placement", heading ? json_pack("{s:[s], s:o}", "heading", heading, "stub", st)
                                                           : json_pack("{s:o}", "stub", st));
        else json_decref(st);
        char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(root);
        url->len = post_len;
        url->p[post_len] = '\0';
        rc = text ? lk__buf_str(body, text) : LK_ENOMEM;
        free(text);
    }
    lk__buf_free(&stub);
    return rc;
}

int lk_fetch_table(lk_fetch *f, const char *table, const lk_fetch_sel *sel, size_t n_sel, lk_fetch_format format,
                   const lk_fetch_answer **out)
{
    if (!f || !table || !out || (n_sel && !sel)) return LK_EINVAL;
    *out = NULL;
    clear_answer(f);
    /* the codelists the selection names go with the metadata */
    const char **cl = calloc(n_sel ? n_sel : 1, sizeof *cl);
    char **cl_text = calloc(n_sel ? n_sel : 1, sizeof *cl_text);
    size_t ncl = 0;
    int rc = cl && cl_text ? LK_OK : LK_ENOMEM;
    for (size_t i = 0; i < n_sel && rc == LK_OK; i++)
        if (sel[i].codelist) {
            size_t n = strlen(sel[i].var) + strlen(sel[i].codelist) + 2;
            cl_text[ncl] = malloc(n);
            if (!cl_text[ncl]) rc = LK_ENOMEM;
            else {
                snprintf(cl_text[ncl], n, "%s=%s", sel[i].var, sel[i].codelist);
                cl[ncl] = cl_text[ncl];
                ncl++;
            }
        }
    const lk_fetch_meta *m = NULL;
    if (rc == LK_OK) rc = lk_fetch_metadata(f, table, cl, ncl, &m);
    else rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", table);
    for (size_t i = 0; i < ncl; i++) free(cl_text[i]);
    free(cl_text);
    free(cl);
    if (rc != LK_OK) return rc;

    lk__resolved r;
    rc = lk__resolve(f, m, sel, n_sel, &r);
    if (rc != LK_OK) return rc;
    size_t nv = m->n_vars ? m->n_vars : 1;
    size_t *chunk = calloc(nv, sizeof *chunk), *start = calloc(nv, sizeof *start);
    lk__buf *bodies = NULL, url = { 0 }, body = { 0 };
    size_t parts = 0;
    if (!chunk || !start) goto nomem;
    size_t whole = (size_t)-1;
    for (size_t i = 0; i < m->n_vars && format == LK_FETCH_CSV && !f->fhi; i++)
        if (m->vars[i].role == LK_FETCH_ROLE_METRIC) whole = i;
    parts = lk__split(&r, (size_t)f->o.max_cells, chunk, whole);
    bodies = calloc(parts, sizeof *bodies);
    f->parts = calloc(parts, sizeof *f->parts);
    if (!bodies || !f->parts) goto nomem;
    size_t total = 0;
    for (size_t p = 0; p < parts; p++) {
        size_t cells;
        url.len = body.len = 0;
        if (url.p) url.p[0] = '\0';
        if (body.p) body.p[0] = '\0';
        if (build(f, m, &r, start, chunk, format, &url, &body, &cells) != LK_OK) goto nomem;
        rc = cached_call(f, table, body.len ? "POST" : "GET", url.p, body.p ? body.p : "",
                         format == LK_FETCH_CSV ? check_csv : check_jsonstat, m->updated, cells, &bodies[p],
                         &f->parts[p]);
        if (rc != LK_OK) goto done;
        f->n_parts = p + 1;
        total += cells;
        /* the next part: an odometer over the variables, the last fastest */
        for (size_t i = m->n_vars; i-- > 0;) {
            if (!r.vars[i].idx) continue;
            start[i] += chunk[i];
            if (start[i] < r.vars[i].n) break;
            start[i] = 0;
        }
    }
    if (parts == 1) {
        f->answer = bodies[0];
        bodies[0].p = NULL;
        rc = LK_OK;
    } else {
        lk__buf_free(&url);
        if ((f->fhi ? lk__buf_printf(&url, "%s/%s/Table/%s/data", f->base, f->fhi, m->table)
                    : lk__buf_printf(&url, "%s/tables/%s/data", f->base, m->table)) != LK_OK)
            goto nomem;
        rc = format == LK_FETCH_CSV ? lk__join_csv(f, url.p, bodies, parts, &f->answer)
                                    : lk__join_jsonstat(f, url.p, bodies, parts, &f->answer);
        if (rc != LK_OK) goto done;
    }
    lk_fetch_sha256_hex(f->answer.p ? f->answer.p : "", f->answer.len, f->answer_sha);
    f->pub.data = f->answer.p ? f->answer.p : "";
    f->pub.len = f->answer.len;
    f->pub.sha256 = f->answer_sha;
    f->pub.updated = m->updated;
    f->pub.cells = total;
    f->pub.parts = f->parts;
    f->pub.n_parts = f->n_parts;
    *out = &f->pub;
    goto done;
nomem:
    rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "table %s: out of memory", table);
done:
    for (size_t p = 0; bodies && p < parts; p++) lk__buf_free(&bodies[p]);
    free(bodies);
    lk__buf_free(&url);
    lk__buf_free(&body);
    free(chunk);
    free(start);
    lk__resolved_free(&r);
    if (rc != LK_OK) clear_answer(f);
    return rc;
}
