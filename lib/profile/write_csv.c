/* Every number of the profile as one CSV table (levekar profile -o FILE.csv), for Excel or a
 * script: a row per row of each indicator's report (the area, its fylke and landet in every
 * period), then, with --zones, a row per zone of the districts table. One fixed header whatever
 * the indicators (a report's own CSV adds columns by what it holds). Numbers as the report's
 * CSV writes them (the shortest text that reads back as the same double, a decimal point); a
 * missing number is an empty field and its status says why, never a zero; a hidden zone is a
 * status, never a number; an indicator without data is one row saying so. The verdict (as in
 * the JSON, English ids) stands on the area's latest row, the one the barometer shows. */
#include <stdio.h>
#include "levekar/labels.h"
#include "levekar/numbers.h"
#include "profile_internal.h"

static void number(FILE *out, int has, double v)
{
    putc(',', out);
    if (!has) return;
    char b[40];
    lk_format_number(b, sizeof b, v);
    fputs(b, out);
}

static void field(FILE *out, const char *s)
{
    putc(',', out);
    lk_csv_write_field(out, s ? s : "");
}

/* One row: the indicator, which table of the document the row is in, and the report row W. */
static void row(FILE *out, const lk_profile *p, const lk_profile_item *it, const char *table, const lk_report_row *w,
                const char *verdict)
{
    lk_csv_write_field(out, it->ind->id);
    field(out, lk__profile_name(p, it->ind));
    field(out, table);
    field(out, w->period);
    field(out, w->region);
    field(out, w->region_name);
    field(out, lk_level_name(w->level));
    number(out, w->has_counts, w->numerator);
    number(out, w->has_counts, w->denominator);
    number(out, w->has_value, w->value);
    number(out, w->has_ci, w->ci_low);
    number(out, w->has_ci, w->ci_high);
    number(out, w->has_index, w->index_land);
    field(out, w->vs_land);
    number(out, w->has_index_kommune, w->index_kommune);
    field(out, w->vs_kommune);
    field(out, w->status);
    field(out, verdict);
    putc('\n', out);
}

int lk_profile_write_csv(const lk_profile *p, FILE *out)
{
    if (!p || !out) return LK_EINVAL;
    fputs("indicator,name,table,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,"
          "index_land,vs_land,index_kommune,vs_kommune,status,verdict\n", out);
    for (size_t i = 0; i < lk_profile_count(p); i++) {
        const lk_profile_item *it = lk_profile_item_at(p, i);
        if (!it->report) { /* no rows: the reason in the status column */
            lk_csv_write_field(out, it->ind->id);
            field(out, lk__profile_name(p, it->ind));
            fputs(",report,,,,,,,,,,,,,", out); /* period .. vs_kommune: 13 empty fields */
            field(out, it->no_data && *it->no_data ? it->no_data : "no data");
            field(out, lk_verdict_name(LK_VERDICT_NO_DATA, "en"));
            putc('\n', out);
            continue;
        }
        for (size_t k = 0; k < lk_report_count(it->report); k++) {
            const lk_report_row *w = lk_report_get(it->report, k);
            row(out, p, it, "report", w, w == it->area ? lk_verdict_name(it->verdict, "en") : "");
        }
        for (size_t z = 0; z < it->districts.n; z++)
            if (it->districts.rows[z]) row(out, p, it, "districts", it->districts.rows[z], "");
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
