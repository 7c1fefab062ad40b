/* The whole reader from bytes: detection, splitting, decoding, every observation; and the
 * property that the libcsv reference splitter yields the same observations or the same error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "levekar.h"

typedef struct sink { unsigned long long hash; size_t n; } sink;

static void mix(sink *s, const char *t)
{
    for (; *t; t++) s->hash = (s->hash ^ (unsigned char)*t) * 1099511628211ull;
    s->hash = (s->hash ^ 0xFF) * 1099511628211ull;
}

static int collect(const lk_obs *o, void *payload)
{
    sink *s = payload;
    mix(s, o->table);
    mix(s, o->region);
    mix(s, o->region_name);
    mix(s, o->period);
    mix(s, o->measure);
    mix(s, o->status);
    for (size_t i = 0; i < o->n_dims; i++) {
        mix(s, o->dims[i].name);
        mix(s, o->dims[i].value);
    }
    char num[40];
    if (o->has_value) {
        lk_format_number(num, sizeof num, o->value);
        mix(s, num);
    }
    s->n++;
    return 0;
}

static int read_all(const uint8_t *data, size_t size, int reference, sink *s)
{
    lk_read_opts opts = LK_READ_OPTS_INIT;
    opts.reference_parser = reference;
    lk_reader *r = NULL;
    int rc = lk_reader_open_memory(&r, "fuzz.csv", data, size, &opts);
    if (rc == LK_OK) rc = lk_reader_run(r, collect, s);
    if (r) {
        const lk_read_info *in = lk_reader_info(r);
        if (in && in->observations != s->n) abort();
        const char *msg = lk_reader_errmsg(r);
        if (rc != LK_OK && (!msg[0] || !strstr(msg, "fuzz.csv"))) abort(); /* every failure has a message */
    }
    lk_reader_free(r);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sink fast = { 14695981039346656037ull, 0 }, ref = { 14695981039346656037ull, 0 };
    int a = read_all(data, size, 0, &fast);
    int b = read_all(data, size, 1, &ref);
    if (a != b || (a == LK_OK && (fast.hash != ref.hash || fast.n != ref.n))) abort();
    return 0;
}
