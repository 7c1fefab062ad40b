/* Tidy CSV output: one observation per row, RFC 4180 quoting, numbers with a decimal point. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/tidy.h"

int lk_tidy_write_header(FILE *out)
{
    if (!out) return LK_EINVAL;
    fputs(LK_TIDY_HEADER "\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}

/* The dims field: "name=value; name=value", quoted as one CSV field when needed. */
static void write_dims(FILE *out, const lk_obs *obs)
{
    int quote = 0;
    for (size_t i = 0; i < obs->n_dims && !quote; i++)
        if (strpbrk(obs->dims[i].name, ",\"\r\n") || strpbrk(obs->dims[i].value, ",\"\r\n")) quote = 1;
    if (quote) putc('"', out);
    for (size_t i = 0; i < obs->n_dims; i++) {
        if (i) fputs("; ", out);
        for (int part = 0; part < 2; part++) {
            const char *s = part ? obs->dims[i].value : obs->dims[i].name;
            for (; *s; s++) {
                if (*s == '"') putc('"', out);
                putc(*s, out);
            }
            if (!part) putc('=', out);
        }
    }
    if (quote) putc('"', out);
}

int lk_tidy_write_obs(FILE *out, const lk_obs *obs)
{
    if (!out || !obs) return LK_EINVAL;
    lk_csv_write_field(out, obs->table);
    putc(',', out);
    lk_csv_write_field(out, obs->region);
    putc(',', out);
    lk_csv_write_field(out, obs->region_name);
    putc(',', out);
    fputs(lk_level_name(obs->level), out);
    putc(',', out);
    lk_csv_write_field(out, obs->period);
    putc(',', out);
    lk_csv_write_field(out, obs->measure);
    putc(',', out);
    write_dims(out, obs);
    putc(',', out);
    lk_csv_write_field(out, obs->unit ? obs->unit : "");
    putc(',', out);
    /* a sum beyond the largest double (harmonised or zone sums) is flagged, never written as inf */
    int overflow = obs->has_value && !isfinite(obs->value);
    if (obs->has_value && !overflow) {
        char num[40];
        lk_format_number(num, sizeof num, obs->value);
        fputs(num, out);
    }
    putc(',', out);
    lk_csv_write_field(out, overflow ? "~overflow" : obs->status);
    putc('\n', out);
    return ferror(out) ? LK_EIO : LK_OK;
}
