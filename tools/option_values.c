/* The values of options that several commands take, parsed and checked in one place, so that an
 * option means the same in every command ("--geography 2024x" was refused by tidy and taken as
 * 2024 by report, which read it with atoi). Each prints its one message and returns 0 on a bad
 * value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* A whole decimal number and nothing else: "2024", not "2024x", " 2024" or "". */
static int whole_number(const char *v, long *out)
{
    if (!v || !*v || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))) return 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (*end) return 0;
    *out = x;
    return 1;
}

int lk_cli_year_value(const char *cmd, const char *opt, const char *v, int latest_ok, int *year)
{
    long y;
    if (latest_ok && v && strcmp(v, "latest") == 0) {
        *year = 0;
        return 1;
    }
    if (!whole_number(v, &y) || y < 1900 || y > 2199) {
        fprintf(stderr, "levekar %s: %s '%s' (expected a year such as 2024%s)\n", cmd, opt, v ? v : "",
                latest_ok ? ", or 'latest'" : "");
        return 0;
    }
    *year = (int)y;
    return 1;
}

int lk_cli_int_value(const char *cmd, const char *opt, const char *v, int lo, int hi, const char *what, int *out)
{
    long x;
    if (!whole_number(v, &x) || x < lo || x > hi) {
        fprintf(stderr, "levekar %s: %s '%s' (expected %s from %d to %d)\n", cmd, opt, v ? v : "", what, lo, hi);
        return 0;
    }
    *out = (int)x;
    return 1;
}
