#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static int write_row(const lk_obs *obs, void *payload)
{
    return lk_tidy_write_obs(payload, obs) == LK_OK ? 0 : 1;
}

fx_run fx_read(const char *bytes, size_t len, int reference)
{
    fx_run out = { 0, NULL, NULL, NULL };
    size_t size = 0;
    FILE *mem = open_memstream(&out.tidy, &size);
    lk_read_opts opts = LK_READ_OPTS_INIT;
    opts.reference_parser = reference;
    out.rc = lk_reader_open_memory(&out.reader, "t.csv", bytes, len, &opts);
    if (out.rc == LK_OK) out.rc = lk_reader_run(out.reader, write_row, mem);
    fclose(mem);
    const char *msg = lk_reader_errmsg(out.reader);
    out.err = malloc(strlen(msg) + 1);
    strcpy(out.err, msg);
    return out;
}

fx_run fx_reads(const char *text)
{
    return fx_read(text, strlen(text), 0);
}

void fx_free(fx_run *r)
{
    free(r->tidy);
    free(r->err);
    lk_reader_free(r->reader);
    memset(r, 0, sizeof *r);
}

char *fx_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) { free(buf); buf = NULL; }
            else buf = b;
        }
    }
    fclose(f);
    if (len) *len = n;
    return buf;
}

lk_indicator fx_indicator(const char *numerator, const char *denominator)
{
    lk_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.id = "t";
    ind.name_nb = ind.name_en = "t";
    ind.num.measure = numerator;
    ind.den.measure = denominator;
    ind.num.table = ind.den.table = "";
    ind.num.age_lo = ind.den.age_lo = -1;
    ind.num.age_hi = ind.den.age_hi = -1;
    ind.num.multiplier = ind.den.multiplier = 1;
    ind.num.file = ind.den.file = -1;
    ind.family = ind.definition_nb = ind.definition_en = ind.source = ind.reference = "";
    return ind;
}
