/* FHI's start year of a zone's series (levekar/report.h, lk_report_zone_start): a levekårssone
 * is made of grunnkretser, whose borders are redrawn; when a zone's population changes by more
 * than 15 % from one year to the next, its figures before and after describe different places,
 * so FHI starts the series in the last year of such a change (helseprofil/backend,
 * geomaster/R/lks_startaar.R: endring = TELLER / lag(TELLER) - 1, max_endring = 0.15, the year
 * of the last |endring| > max_endring is `lks_startaar`). Here the population is the
 * indicator's denominator of the zone (FHI takes all ages; a denominator of 15-74 år changes
 * with it). The earlier years are withheld with their reason, never dropped silently. A year
 * whose counts are hidden (small counts) gives no change to compare. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

typedef struct zrow {
    const char *region;
    int year;
    size_t row;
} zrow;

static int by_region_year(const void *a, const void *b)
{
    const zrow *x = a, *y = b;
    int c = strcmp(x->region, y->region);
    if (c) return c;
    return x->year < y->year ? -1 : x->year > y->year;
}

int lk_report_zone_start(lk_report *r, double max_change, size_t *withheld)
{
    if (withheld) *withheld = 0;
    if (!r || !(max_change > 0)) return LK_EINVAL;
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) n += r->rows[i].level == LK_LEVEL_ZONE;
    if (!n) return LK_OK;
    zrow *z = malloc(n * sizeof *z);
    if (!z) return LK_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        lk_period p;
        if (w->level != LK_LEVEL_ZONE) continue;
        /* a window's row stands at its last year; a period that does not parse is left as it is */
        if (lk_period_parse(&p, w->period, strlen(w->period)) != LK_OK || p.kind != LK_PERIOD_YEAR) continue;
        z[k++] = (zrow){ w->region, p.last_year, i };
    }
    qsort(z, k, sizeof *z, by_region_year);
    for (size_t g = 0; g < k;) {
        size_t e = g + 1; /* the zone's rows: z[g] and those after it with its code */
        while (e < k && strcmp(z[e].region, z[g].region) == 0) e++;
        int start = 0;
        for (size_t i = g + 1; i < e; i++) {
            const lk_report_row *a = &r->rows[z[i - 1].row], *b = &r->rows[z[i].row];
            if (z[i].year != z[i - 1].year + 1 || !a->has_counts || !b->has_counts || !(a->denominator > 0)) continue;
            if (fabs(b->denominator / a->denominator - 1) > max_change) start = z[i].year;
        }
        for (size_t i = g; i < e && start; i++)
            if (z[i].year < start) {
                lk__report_clear_row(&r->rows[z[i].row], "~zone-changed");
                if (withheld) (*withheld)++;
            }
        g = e;
    }
    free(z);
    return LK_OK;
}
