/* Tidy CSV output: one observation per row, RFC 4180 quoting, numbers with a decimal point. */
#include <stdio.h>
#include <string.h>
#include "levekar/tidy.h"

size_t lk_format_number(char *buf, size_t size, double v)
{
    if (!buf || size == 0) return 0;
    int n = 0;
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v) { /* a count: its digits, as %.15g gives them */
        char t[24];
        unsigned long long u = v < 0 ? (unsigned long long)-(long long)v : (unsigned long long)v;
        size_t k = 0;
        do {
            t[k++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0) t[k++] = '-';
        if (k + 1 > size) {
            buf[0] = '\0';
            return 0;
        }
        for (size_t i = 0; i < k; i++) buf[i] = t[k - 1 - i];
        buf[k] = '\0';
        return k;
    }
    /* The shortest of %.15g / %.16g / %.17g that reads back as the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, v);
        if (n < 0 || (size_t)n >= size) {
            buf[0] = '\0';
            return 0;
        }
        for (int i = 0; i < n; i++)
            if (buf[i] == ',') buf[i] = '.'; /* a caller's LC_NUMERIC must not change our output */
        double back;
        if (lk_value_parse(&back, buf, (size_t)n, '.') == LK_OK && back == v) break;
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') { /* negative zero */
        buf[0] = '0';
        buf[1] = '\0';
        n = 1;
    }
    return (size_t)n;
}

int lk_csv_write_field(FILE *out, const char *s)
{
    if (!out) return LK_EINVAL;
    if (!s) s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
    } else {
        putc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"') putc('"', out);
            putc(*p, out);
        }
        putc('"', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

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
    if (obs->has_value) {
        char num[40];
        lk_format_number(num, sizeof num, obs->value);
        fputs(num, out);
    }
    putc(',', out);
    lk_csv_write_field(out, obs->status);
    putc('\n', out);
    return ferror(out) ? LK_EIO : LK_OK;
}
