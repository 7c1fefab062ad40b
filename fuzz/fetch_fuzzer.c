/* What the network gives lib/fetch, from the bytes: metadata as SSB's JSON-stat and as FHI's
 * dimension list, and two answers (the bytes split at the first newline) to join as parts of one
 * cube. Properties: a failure is LK_EDATA (or LK_ENOMEM) with a message naming the URL; parsed
 * metadata has a code and a label for every variable and value; a joined cube is JSON whose
 * value array has the product of its sizes. */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "fetch/fetch_internal.h"

static void check_meta(lk_fetch *f, int fhi, const char *p, size_t n)
{
    lk__meta m;
    int rc = fhi ? lk__meta_parse_fhi(f, "T", "fuzz:", p, n, &m) : lk__meta_parse(f, "T", "fuzz:", p, n, &m);
    if (rc == LK_OK) {
        for (size_t i = 0; i < m.pub.n_vars; i++) {
            const lk_fetch_var *v = &m.pub.vars[i];
            if (!v->code || !v->label) abort();
            for (size_t k = 0; k < v->n_values; k++)
                if (!v->values[k].code || !v->values[k].label) abort();
        }
    } else if ((rc != LK_EDATA && rc != LK_ENOMEM) || strncmp(lk_fetch_errmsg(f), "fuzz:", 5) != 0) {
        abort();
    }
    lk__meta_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lk_fetch_opts o = LK_FETCH_OPTS_INIT;
    o.cache_dir = "/nonexistent";
    lk_fetch *f;
    if (lk_fetch_new(&f, &o) != LK_OK) return 0;
    const char *p = (const char *)data;
    check_meta(f, 0, p, size);
    check_meta(f, 1, p, size);
    const char *nl = memchr(p, '\n', size);
    size_t a = nl ? (size_t)(nl - p) : size;
    lk__buf parts[2] = { { (char *)p, a, 0 }, { (char *)(nl ? nl + 1 : p + size), nl ? size - a - 1 : 0, 0 } }, out = { 0 };
    int rc = lk__join_jsonstat(f, "fuzz:", parts, 2, &out);
    if (rc == LK_OK) {
        json_t *j = json_loadb(out.p, out.len, 0, NULL);
        if (!j) abort();
        size_t cells = 1, i;
        json_t *s;
        json_array_foreach(json_object_get(j, "size"), i, s) cells *= (size_t)json_integer_value(s);
        if (json_array_size(json_object_get(j, "value")) != cells) abort();
        json_decref(j);
    } else if ((rc != LK_EDATA && rc != LK_ENOMEM) || strncmp(lk_fetch_errmsg(f), "fuzz:", 5) != 0) {
        abort();
    }
    lk__buf_free(&out);
    lk_fetch_free(f);
    return 0;
}
