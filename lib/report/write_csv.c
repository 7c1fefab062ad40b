/* Reports as CSV: a fixed header, a decimal point and full precision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

/* Do the rows come from more than one source definition (10539 to 2020, 13563 from 2021)? Then
 * CSV names the one of each row in a last column. */
static int several_definitions(const lk_report *r)
{
    const char *first = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const char *v = r->rows[i].variant;
        if (!v || !*v) continue;
        if (!first) first = v;
        else if (strcmp(first, v) != 0) return 1;
    }
    return 0;
}

/* Are there districts tested against the rest of their kommune? Then two columns say so. */
static int districts(const lk_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        lk_level l = r->rows[i].level;
        if (l == LK_LEVEL_ZONE || l == LK_LEVEL_GRUNNKRETS || l == LK_LEVEL_BYDEL) return 1;
    }
    return 0;
}

int rw_write_csv(const lk_report *r, FILE *out)
{
    int named = several_definitions(r), district = districts(r);
    fputs("indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status", out);
    for (size_t k = 0; k < r->n_compare; k++) { /* a code is the user's text: a field like any other */
        char h[2][40];
        snprintf(h[0], sizeof h[0], "index_%s", r->compare[k]);
        snprintf(h[1], sizeof h[1], "vs_%s", r->compare[k]);
        for (int j = 0; j < 2; j++) {
            putc(',', out);
            lk_csv_write_field(out, h[j]);
        }
    }
    if (named) fputs(",source_definition", out);
    int std = rw_std_csv_header(r, out); /* only when standardised: the default header stays */
    if (district) fputs(",index_kommune,vs_kommune", out); /* a district against the rest of its kommune */
    putc('\n', out);
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        lk_csv_write_field(out, r->ind->id);
        putc(',', out);
        lk_csv_write_field(out, w->period);
        putc(',', out);
        lk_csv_write_field(out, w->region);
        putc(',', out);
        lk_csv_write_field(out, w->region_name);
        fprintf(out, ",%s,", lk_level_name(w->level));
        rw_csv_number(out, w->has_counts, w->numerator);
        putc(',', out);
        rw_csv_number(out, w->has_counts, w->denominator);
        putc(',', out);
        rw_csv_number(out, w->has_value, w->value);
        putc(',', out);
        rw_csv_number(out, w->has_ci, w->ci_low);
        putc(',', out);
        rw_csv_number(out, w->has_ci, w->ci_high);
        putc(',', out);
        rw_csv_number(out, w->has_index, w->index_land);
        fprintf(out, ",%s,", w->vs_land);
        lk_csv_write_field(out, w->status);
        for (size_t k = 0; k < r->n_compare; k++) {
            const lk_report_cmp *x = rw_cmp_of(w, r->compare[k]);
            putc(',', out);
            rw_csv_number(out, x && x->has_index, x ? x->index : 0);
            fprintf(out, ",%s", x ? x->vs : "");
        }
        if (named) {
            putc(',', out);
            lk_csv_write_field(out, w->variant ? w->variant : "");
        }
        if (std) rw_std_csv_row(w, out);
        if (district) {
            putc(',', out);
            rw_csv_number(out, w->has_index_kommune, w->index_kommune);
            fprintf(out, ",%s", w->vs_kommune ? w->vs_kommune : "");
        }
        putc('\n', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
