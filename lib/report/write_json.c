/* Reports as JSON: every row with its counts, interval, tests and status, and the method. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

int rw_write_json(const lk_report *r, FILE *out)
{
    const lk_indicator *ind = r->ind;
    fputs("{\n  \"indicator\": {\"id\": ", out);
    lk_json_string(out, ind->id);
    fputs(", \"name\": ", out);
    lk_json_string(out, rw_name(r));
    fputs(", \"unit\": ", out);
    lk_json_string(out, ind->scale == LK_SCALE_PERCENT ? "percent" : ind->scale == LK_SCALE_PER1000 ? "per1000" : "kroner");
    fprintf(out, ", \"higher_is_worse\": %s, \"family\": ", ind->higher_is_worse ? "true" : "false");
    lk_json_string(out, ind->family);
    fputs(", \"definition\": ", out);
    lk_json_string(out, rw_definition(r));
    fputs(", \"source\": ", out);
    lk_json_string(out, ind->source);
    fprintf(out, "},\n  \"method\": {\"ci\": \"%s\", \"level\": ", !r->any_counts ? "as-published"
            : ind->scale == LK_SCALE_PER1000 ? "poisson-exact"
            : r->opts.ci == LK_CI_EXACT ? "exact" : r->opts.ci == LK_CI_NONE ? "none" : "wilson");
    rw_json_number(out, 1, r->opts.level);
    fputs(", \"alpha\": ", out);
    rw_json_number(out, 1, r->opts.alpha);
    fputs(", \"test\": \"area against the rest of the reference\", \"note\": \"register counts treated as "
          "realisations of an underlying risk\"", out);
    fprintf(out, ", \"published_rates\": %s", r->any_published ? "true" : "false");
    if (r->protected_) { /* the small-count rule applied (lk_report_protect) */
        fputs(", \"suppression\": {\"min_numerator\": ", out);
        rw_json_number(out, 1, r->suppress.min_numerator);
        fputs(", \"min_denominator\": ", out);
        rw_json_number(out, 1, r->suppress.min_denominator);
        fprintf(out, ", \"complement\": %s, \"primary\": %zu, \"secondary\": %zu}", r->suppress.complement ? "true" : "false",
                r->suppressed.primary, r->suppressed.secondary);
    }
    if (r->n_compare) {
        fputs(", \"compare\": [", out);
        for (size_t k = 0; k < r->n_compare; k++) {
            if (k) fputs(", ", out);
            lk_json_string(out, r->compare[k]);
        }
        fputs("], \"compare_test\": \"Landet uten Oslo against its rest; a KOSTRA group or kommune as an independent sample\"", out);
    }
    fputs("},\n  \"rows\": [", out);
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"period\": ", out);
        lk_json_string(out, w->period);
        fputs(", \"region\": ", out);
        lk_json_string(out, w->region);
        fputs(", \"region_name\": ", out);
        lk_json_string(out, w->region_name);
        fprintf(out, ", \"level\": \"%s\", \"numerator\": ", lk_level_name(w->level));
        rw_json_number(out, w->has_counts, w->numerator);
        fputs(", \"denominator\": ", out);
        rw_json_number(out, w->has_counts, w->denominator);
        fputs(", \"value\": ", out);
        rw_json_number(out, w->has_value, w->value);
        fputs(", \"ci_low\": ", out);
        rw_json_number(out, w->has_ci, w->ci_low);
        fputs(", \"ci_high\": ", out);
        rw_json_number(out, w->has_ci, w->ci_high);
        fputs(", \"index_land\": ", out);
        rw_json_number(out, w->has_index, w->index_land);
        fputs(", \"index_fylke\": ", out);
        rw_json_number(out, w->has_index_fylke, w->index_fylke);
        fprintf(out, ", \"vs_land\": \"%s\", \"p_land\": ", w->vs_land);
        rw_json_number(out, !isnan(w->p_land), w->p_land);
        fprintf(out, ", \"vs_fylke\": \"%s\", \"p_fylke\": ", w->vs_fylke);
        rw_json_number(out, !isnan(w->p_fylke), w->p_fylke);
        if (w->level == LK_LEVEL_ZONE || w->level == LK_LEVEL_GRUNNKRETS || w->level == LK_LEVEL_BYDEL) {
            fputs(", \"index_kommune\": ", out); /* a district against the rest of its kommune */
            rw_json_number(out, w->has_index_kommune, w->index_kommune);
            fprintf(out, ", \"vs_kommune\": \"%s\", \"p_kommune\": ", w->vs_kommune ? w->vs_kommune : "");
            rw_json_number(out, !isnan(w->p_kommune), w->p_kommune);
        }
        fputs(", \"kommune_sum_numerator\": ", out);
        rw_json_number(out, w->has_kommune_sum, w->kommune_numerator);
        fputs(", \"kommune_sum_denominator\": ", out);
        rw_json_number(out, w->has_kommune_sum, w->kommune_denominator);
        fprintf(out, ", \"built_from_kommuner\": %s, \"years\": %d, \"status\": ", w->built ? "true" : "false", w->years_used);
        lk_json_string(out, w->status);
        fputs(", \"source_definition\": ", out);
        lk_json_string(out, w->variant ? w->variant : "");
        fprintf(out, ", \"source_kind\": \"%s\", \"role\": ", w->published ? "published-rate" : "counts");
        lk_json_string(out, w->role);
        rw_std_json_row(w, out); /* age standardised: crude and the method */
        if (w->published) {
            fputs(", \"unit\": ", out);
            lk_json_string(out, w->unit);
        }
        if (w->n_compare) {
            fputs(", \"compare\": [", out);
            for (size_t k = 0; k < w->n_compare; k++) {
                const lk_report_cmp *x = &w->compare[k];
                fputs(k ? ", {\"region\": " : "{\"region\": ", out);
                lk_json_string(out, x->region);
                fputs(", \"index\": ", out);
                rw_json_number(out, x->has_index, x->index);
                fprintf(out, ", \"vs\": \"%s\", \"p\": ", x->vs);
                rw_json_number(out, !isnan(x->p), x->p);
                putc('}', out);
            }
            putc(']', out);
        }
        putc('}', out);
    }
    fputs("\n  ]\n}\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
