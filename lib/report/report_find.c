/* Finding rows of a report (levekar/report.h): by region and period, and a region's latest
 * value, so a caller of the pipeline needs no loop of its own. */
#include <string.h>
#include "report_internal.h"

const lk_report_row *lk_report_find(const lk_report *r, const char *region, const char *period)
{
    if (!r || !region || !period) return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].region, region) == 0 && strcmp(r->rows[i].period, period) == 0) return &r->rows[i];
    return NULL;
}

/* Later period: by the period's last year, its month or quarter, then its first year (a
 * parent's rows may have been added for a later area, so the row order alone does not say). */
int lk__period_later(const char *a, const char *b)
{
    lk_period pa, pb;
    if (lk_period_parse(&pa, a, strlen(a)) != LK_OK || lk_period_parse(&pb, b, strlen(b)) != LK_OK)
        return strcmp(a, b) > 0;
    if (pa.last_year != pb.last_year) return pa.last_year > pb.last_year;
    if (pa.sub != pb.sub) return pa.sub > pb.sub;
    return pa.first_year > pb.first_year;
}

const lk_report_row *lk_report_latest(const lk_report *r, const char *region)
{
    if (!r || !region) return NULL;
    const lk_report_row *best = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        if (w->has_value && strcmp(w->region, region) == 0 && (!best || lk__period_later(w->period, best->period))) best = w;
    }
    return best;
}
