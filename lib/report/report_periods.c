/* The periods a plan author asks for (levekar/report.h, lk_report_keep_periods): "2011", or
 * the words "first" and "latest" for the earliest and the latest period with a value, so the
 * first and the latest year of a series come out without a grep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

int lk_report_keep_periods(lk_report *r, const char *const *periods, size_t n, char *missing, size_t size)
{
    if (size) missing[0] = '\0';
    if (!r || !periods || !n) return LK_EINVAL;
    const char *first = NULL, *latest = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        if (!w->has_value) continue;
        if (!first || lk__period_later(first, w->period)) first = w->period;
        if (!latest || lk__period_later(w->period, latest)) latest = w->period;
    }
    const char **want = malloc(n * sizeof *want);
    if (!want) return LK_ENOMEM;
    for (size_t k = 0; k < n; k++)
        want[k] = strcmp(periods[k], "first") == 0 ? first : strcmp(periods[k], "latest") == 0 ? latest : periods[k];
    /* a period asked for that no row has is an error that names it (no silent empty answer) */
    for (size_t k = 0; k < n; k++) {
        int found = 0;
        for (size_t i = 0; i < r->n && !found && want[k]; i++) found = strcmp(r->rows[i].period, want[k]) == 0;
        if (!found) {
            if (size) snprintf(missing, size, "%s", periods[k]);
            free(want);
            return LK_ENOTFOUND;
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < r->n; i++) {
        int keep = 0;
        for (size_t k = 0; k < n && !keep; k++) keep = strcmp(r->rows[i].period, want[k]) == 0;
        if (keep) r->rows[w++] = r->rows[i];
    }
    r->n = w;
    free(want);
    lk__report_reindex(r);
    return LK_OK;
}
