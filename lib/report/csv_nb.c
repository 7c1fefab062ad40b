/* CSV for a Norwegian spreadsheet (LK_FORMAT_CSV_NB): Excel and LibreOffice with a Norwegian
 * locale split a file on ';' and read numbers with a decimal comma, so an RFC 4180 file with
 * ',' and '.' opens as one column of text. This turns the CSV the writers make into that form:
 * ';' between fields, a decimal comma in fields that are numbers (and only those), fields
 * quoted where they hold ';', '"' or a line break, and a UTF-8 byte order mark first (without
 * it Excel reads UTF-8 as Windows-1252: "TromsÃ¸"), and codes with a leading zero as text. One converter for every CSV writer, so
 * they keep one way of writing. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"
#include "report_write.h"

/* Is s[0..n) a number as lk_format_number writes it: -?digits[.digits][e±digits]? */
static int is_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && s[i] == '-') i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t exp = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, exp++;
        if (!exp) return 0;
    }
    return digits && i == n;
}

static void put_field(FILE *out, const char *s, size_t n)
{
    /* a code with a leading zero (0301, 03, 03010101) would open as the number 301: written as
     * a formula that gives the text, the form both Excel and LibreOffice keep as it is */
    if (n > 1 && s[0] == '0' && is_number(s, n) && !memchr(s, '.', n) && !memchr(s, 'e', n)) {
        fputs("=\"", out);
        fwrite(s, 1, n, out);
        putc('"', out);
        return;
    }
    if (is_number(s, n)) {
        for (size_t i = 0; i < n; i++) putc(s[i] == '.' ? ',' : s[i], out);
        return;
    }
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ';' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, n, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

/* RFC 4180 text (as the writers make it: '\n' ends a record) to the Norwegian form. */
static int convert(const char *in, size_t len, FILE *out)
{
    char *field = malloc(len + 1);
    if (!field) return LK_ENOMEM;
    fputs("\xEF\xBB\xBF", out);
    size_t i = 0, n = 0;
    while (i < len) {
        if (in[i] == '"') { /* a quoted field: its text without the quotes */
            for (i++; i < len; i++) {
                if (in[i] == '"' && i + 1 < len && in[i + 1] == '"') field[n++] = '"', i++;
                else if (in[i] == '"') break;
                else field[n++] = in[i];
            }
            i++;
            continue;
        }
        if (in[i] == ',' || in[i] == '\n') {
            put_field(out, field, n);
            putc(in[i] == ',' ? ';' : '\n', out);
            n = 0;
            i++;
            continue;
        }
        field[n++] = in[i++];
    }
    if (n) put_field(out, field, n);
    free(field);
    return ferror(out) ? LK_EIO : LK_OK;
}

int lk__csv_nb(int (*write)(const lk_report *, lk_format, FILE *), const lk_report *r, FILE *out)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return LK_ENOMEM;
    int rc = write(r, LK_FORMAT_CSV, mem);
    if (fclose(mem) != 0 && rc == LK_OK) rc = LK_ENOMEM;
    if (rc == LK_EIO) rc = LK_ENOMEM; /* writing into memory fails only for want of it */
    if (rc == LK_OK) rc = text ? convert(text, len, out) : LK_ENOMEM;
    free(text);
    return rc;
}
