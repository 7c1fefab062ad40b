/* The trend of an area: its report rows, in period order, fitted by lk_trend_counts
 * (lib/statistics/series.c) with the weights of the indicator's scale; the writers only print it. */
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "report_internal.h"

/* The rows of one region, in period order, go to lk_trend_counts (lib/statistics/series.c). */
int lk_report_trend_of(const lk_report *r, const char *region, lk_report_trend *tr)
{
    memset(tr, 0, sizeof *tr);
    tr->direction = "too-few-periods";
    size_t cap = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].region, region) == 0) cap++;
    double *buf = cap ? malloc(3 * cap * sizeof *buf) : NULL;
    if (cap && !buf) return LK_ENOMEM;
    double *t = buf, *x = buf + cap, *n = buf + 2 * cap;
    size_t k = 0;
    int published = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *row = &r->rows[i];
        if (strcmp(row->region, region) != 0) continue;
        if (!tr->first) tr->first = row;
        tr->last = row;
        tr->periods++;
        if (row->published || (row->std_method && *row->std_method)) published = 1; /* standardised: values too */
        if (!row->has_value || (!row->published && !(row->denominator > 0))) continue;
        lk_period p;
        if (lk_period_parse(&p, row->period, strlen(row->period)) != LK_OK) continue;
        /* months and quarters at their middle: a monthly series (10540) has a slope per year too */
        t[k] = p.kind == LK_PERIOD_MONTH     ? p.first_year + (p.sub - 0.5) / 12.0
             : p.kind == LK_PERIOD_QUARTER ? p.first_year + (p.sub - 0.5) / 4.0
                                           : (p.first_year + p.last_year) / 2.0;
        x[k] = row->published ? row->value : row->numerator;
        n[k] = row->published ? 1.0 : row->denominator;
        k++;
    }
    /* a published rate has no counts to weigh by: its values, with equal weights (as amounts);
     * a series partly of counts and partly of rates is taken as rates throughout */
    if (published)
        for (size_t i = 0, j = 0; i < r->n && j < k; i++) {
            const lk_report_row *row = &r->rows[i];
            lk_period p;
            if (strcmp(row->region, region) != 0 || !row->has_value || (!row->published && !(row->denominator > 0))
                || lk_period_parse(&p, row->period, strlen(row->period)) != LK_OK)
                continue;
            x[j] = row->value;
            n[j++] = 1.0;
        }
    lk_trend_model model = published                          ? LK_TREND_EQUAL
                         : r->ind->scale == LK_SCALE_PERCENT ? LK_TREND_BINOMIAL
                         : r->ind->scale == LK_SCALE_PER1000 ? LK_TREND_POISSON
                                                             : LK_TREND_EQUAL;
    int rc = k ? lk_trend_counts(t, x, n, k, model, published ? 1.0 : lk_report_scale(r->ind), r->opts.level, &tr->t,
                                 &tr->direction)
               : LK_ENOTFOUND;
    free(buf);
    if (rc == LK_EINVAL) tr->direction = "no-trend";
    tr->ok = rc == LK_OK;
    return rc == LK_ENOMEM ? LK_ENOMEM : LK_OK;
}
