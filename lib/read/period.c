/* Period codes as SSB and FHI write them: 2023, 2023K4, 2023M01, 2023H1, 2020U01, 2006-2010,
 * and FHI's windows 2019_2021 / 2020_2020. Years from 1700: SSB's population series start in
 * 1735 (06913) and 1769. */
#include <stdio.h>
#include <string.h>
#include "levekar/labels.h"
#include "../common/ascii.h"

static int read_year(const char *s, size_t len, size_t *pos, int *year)
{
    if (*pos + 4 > len) return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)s[*pos + i];
        if (!lk_is_digit(c)) return 0;
        y = y * 10 + (c - '0');
    }
    if (y < LK_PERIOD_YEAR_MIN || y > LK_PERIOD_YEAR_MAX) return 0;
    *pos += 4;
    *year = y;
    return 1;
}

/* Reads 1 or 2 digits (exactly `width` when width > 0). */
static int read_small(const char *s, size_t len, size_t *pos, int width, int *v)
{
    size_t i = *pos;
    int n = 0, digits = 0;
    while (i < len && lk_is_digit((unsigned char)s[i]) && digits < 2) {
        n = n * 10 + (s[i] - '0');
        i++;
        digits++;
    }
    if (digits == 0 || (width > 0 && digits != width)) return 0;
    if (i < len && lk_is_digit((unsigned char)s[i])) return 0;
    *pos = i;
    *v = n;
    return 1;
}

/* ISO 8601 weeks, as SSB numbers them: a year has week 53 when it begins on a Thursday, or is a
 * leap year beginning on a Wednesday. p(y) is the weekday (0 Sunday) of 31 December of y. */
static int weekday_dec31(int y)
{
    return (y + y / 4 - y / 100 + y / 400) % 7;
}

int lk_period_weeks(int year)
{
    return weekday_dec31(year) == 4 || weekday_dec31(year - 1) == 3 ? 53 : 52;
}

int lk_period_parse(lk_period *out, const char *s, size_t len)
{
    if (!out) return LK_EINVAL;
    memset(out, 0, sizeof *out);
    if (!s) return LK_ENOTFOUND;
    lk_trim(&s, &len);
    size_t pos = 0;
    int y1, y2, sub;
    if (!read_year(s, len, &pos, &y1)) return LK_ENOTFOUND;
    if (pos == len) {
        out->kind = LK_PERIOD_YEAR;
        out->first_year = out->last_year = y1;
        return LK_OK;
    }
    char c = s[pos++];
    lk_period p = { LK_PERIOD_NONE, y1, y1, 0 };
    switch (c) {
    case '-':
    case '_':
        if (!read_year(s, len, &pos, &y2) || y2 < y1) return LK_ENOTFOUND;
        p.kind = y2 == y1 ? LK_PERIOD_YEAR : LK_PERIOD_RANGE;
        p.last_year = y2;
        break;
    case 'K': case 'Q':
        if (!read_small(s, len, &pos, 1, &sub) || sub < 1 || sub > 4) return LK_ENOTFOUND;
        p.kind = LK_PERIOD_QUARTER;
        p.sub = sub;
        break;
    case 'M':
        if (!read_small(s, len, &pos, 2, &sub) || sub < 1 || sub > 12) return LK_ENOTFOUND;
        p.kind = LK_PERIOD_MONTH;
        p.sub = sub;
        break;
    case 'H':
        if (!read_small(s, len, &pos, 1, &sub) || sub < 1 || sub > 2) return LK_ENOTFOUND;
        p.kind = LK_PERIOD_HALF;
        p.sub = sub;
        break;
    case 'U': case 'W':
        if (!read_small(s, len, &pos, 2, &sub) || sub < 1 || sub > lk_period_weeks(y1)) return LK_ENOTFOUND;
        p.kind = LK_PERIOD_WEEK;
        p.sub = sub;
        break;
    default:
        return LK_ENOTFOUND;
    }
    if (pos != len) return LK_ENOTFOUND;
    *out = p;
    return LK_OK;
}

size_t lk_period_format(char *buf, size_t size, const lk_period *p)
{
    if (!buf || size == 0) return 0;
    buf[0] = '\0';
    if (!p) return 0;
    int n;
    switch (p->kind) {
    case LK_PERIOD_YEAR: n = snprintf(buf, size, "%d", p->first_year); break;
    case LK_PERIOD_HALF: n = snprintf(buf, size, "%dH%d", p->first_year, p->sub); break;
    case LK_PERIOD_QUARTER: n = snprintf(buf, size, "%dK%d", p->first_year, p->sub); break;
    case LK_PERIOD_MONTH: n = snprintf(buf, size, "%dM%02d", p->first_year, p->sub); break;
    case LK_PERIOD_WEEK: n = snprintf(buf, size, "%dU%02d", p->first_year, p->sub); break;
    case LK_PERIOD_RANGE: n = snprintf(buf, size, "%d-%d", p->first_year, p->last_year); break;
    default: return 0;
    }
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

/* A text shaped like a period code that is not a valid one: a year, then a period letter and
 * digits only, or a second year. Labels such as "2023 Halden" or "15-74" are not shaped so. */
const char *lk_period_problem(const char *s, size_t len, char *buf, size_t size)
{
    lk_period p;
    if (!s || !buf || size == 0) return NULL;
    buf[0] = '\0';
    lk_trim(&s, &len);
    if (lk_period_parse(&p, s, len) == LK_OK || len < 6) return NULL;
    for (size_t i = 0; i < 4; i++)
        if (!lk_is_digit((unsigned char)s[i])) return NULL;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    char c = s[4];
    if (!strchr("KQMHUW-_", c)) return NULL;
    for (size_t i = 5; i < len; i++)
        if (!lk_is_digit((unsigned char)s[i])) return NULL;
    size_t nd = len - 5;
    int sub = 0;
    for (size_t i = 5; i < len && i < 10; i++) sub = sub * 10 + (s[i] - '0');
    if (c == '-' || c == '_') {
        /* only two years that are both years: "1000-1999" (kroner) and "2019-21" are not ranges */
        int y2 = sub;
        if (nd != 4 || y < LK_PERIOD_YEAR_MIN || y > LK_PERIOD_YEAR_MAX || y2 < LK_PERIOD_YEAR_MIN || y2 > LK_PERIOD_YEAR_MAX)
            return NULL;
        snprintf(buf, size, "the range ends in %d, before it begins", y2);
        return buf;
    }
    if (y < LK_PERIOD_YEAR_MIN || y > LK_PERIOD_YEAR_MAX)
        snprintf(buf, size, "year %d is outside %d-%d", y, LK_PERIOD_YEAR_MIN, LK_PERIOD_YEAR_MAX);
    else if ((c == 'U' || c == 'W') && nd == 2)
        snprintf(buf, size, "%d has no week %02d (its weeks are 01-%d)", y, sub, lk_period_weeks(y));
    else if (c == 'U' || c == 'W')
        snprintf(buf, size, "week '%.*s' (expected two digits, 01-%d)", (int)nd, s + 5, lk_period_weeks(y));
    else if (c == 'M')
        snprintf(buf, size, "month '%.*s' (expected 01-12, two digits)", (int)nd, s + 5);
    else if (c == 'K' || c == 'Q')
        snprintf(buf, size, "quarter '%.*s' (expected 1-4)", (int)nd, s + 5);
    else
        snprintf(buf, size, "half-year '%.*s' (expected 1 or 2)", (int)nd, s + 5);
    return buf;
}
