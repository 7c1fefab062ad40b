/* Reports as sentences a plan author can quote ("I 2024 var ... mot ... i landet"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

static const lk_report_row *find_row(const lk_report *r, const char *role, const char *period)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].role, role) == 0 && strcmp(r->rows[i].period, period) == 0) return &r->rows[i];
    return NULL;
}

static const lk_report_row *find_compare(const lk_report *r, const char *region, const char *period)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].region, region) == 0 && strcmp(r->rows[i].period, period) == 0 && r->rows[i].has_value)
            return &r->rows[i];
    return NULL;
}

static void value_text(const lk_report *r, const lk_report_row *w, char *buf, size_t size)
{
    char v[40];
    rw_human(r, v, size < sizeof v ? size : sizeof v, w->value, rw_decimals(r));
    snprintf(buf, size, "%s %s", v, rw_unit(r));
}

/* The name of a district's kommune, from its row in the report (for "the rest of Drammen"). */
static const char *kommune_name(const lk_report *r, const lk_report_row *a)
{
    char code[LK_REGION_CODE_MAX] = "";
    if (a->level == LK_LEVEL_ZONE)
        for (size_t z = 0; r->zones && z < lk_zones_count(r->zones); z++) {
            if (strcmp(lk_zones_get(r->zones, z)->code, a->region) == 0)
                snprintf(code, sizeof code, "%s", lk_zones_get(r->zones, z)->kommune);
        }
    else
        snprintf(code, sizeof code, "%.4s", a->region);
    for (size_t k = 0; *code && k < r->n; k++)
        if (r->rows[k].level == LK_LEVEL_KOMMUNE && strcmp(r->rows[k].region, code) == 0
            && strcmp(r->rows[k].period, a->period) == 0)
            return *r->rows[k].region_name ? r->rows[k].region_name : r->rows[k].region;
    return NULL;
}

int rw_write_prose(const lk_report *r, FILE *out)
{
    /* One paragraph per area: its latest period with a value. */
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *a = &r->rows[i];
        if (strcmp(a->role, "area") != 0 && *a->role) continue;
        if (!*a->role && a->level != LK_LEVEL_KOMMUNE) continue;
        int later = 0, any_later = 0;
        for (size_t k = i + 1; k < r->n; k++)
            if (strcmp(r->rows[k].region, a->region) == 0) {
                any_later = 1;
                if (r->rows[k].has_value) later = 1;
            }
        if (!any_later && !a->has_value && strncmp(a->status, "~suppressed", 11) == 0) {
            /* the latest figure is hidden: say so, and build nothing on it */
            int secondary = strcmp(a->status, "~suppressed:secondary") == 0;
            if (rw_nb(r))
                fprintf(out, "Tallet for %s i %s er skjult (prikket): %s.\n\n", a->region_name, a->period,
                        secondary ? "det kunne ellers regnes ut fra andre tall i tabellen" : "det bygger på få tilfeller");
            else
                fprintf(out, "The figure for %s in %s is suppressed: %s.\n\n", a->region_name, a->period,
                        secondary ? "it could otherwise be worked out from other figures of the table"
                                  : "it rests on few cases");
            continue;
        }
        if (later || !a->has_value) continue;
        const lk_report_row *fy = NULL, *land = NULL;
        for (size_t k = 0; k < r->n; k++) {
            const lk_report_row *x = &r->rows[k];
            if (strcmp(x->period, a->period) != 0 || !x->has_value) continue;
            if (x->level == LK_LEVEL_FYLKE && strncmp(x->region, a->region, 2) == 0 && a->level != LK_LEVEL_FYLKE) fy = x;
            if (x->level == LK_LEVEL_LAND && a->level != LK_LEVEL_LAND) land = x;
        }
        (void)find_row;
        char va[64], vf[64], vl[64];
        value_text(r, a, va, sizeof va);
        const char *def = rw_name(r);
        if (rw_nb(r)) {
            fprintf(out, "I %s var %s for %s %s i %s", a->period, a->std_method && *a->std_method ? "den aldersstandardiserte verdien" : "verdien",
                    def, va, a->region_name);
            if (fy) { value_text(r, fy, vf, sizeof vf); fprintf(out, ", mot %s i %s", vf, fy->region_name); }
            for (size_t k = 0; k < a->n_compare; k++) {
                const lk_report_row *x = find_compare(r, a->compare[k].region, a->period);
                if (x) { value_text(r, x, vf, sizeof vf); fprintf(out, ", %s i %s", vf, x->region_name); }
            }
            if (land) { value_text(r, land, vl, sizeof vl); fprintf(out, "%s %s i landet", fy || a->n_compare ? " og" : ", mot", vl); }
            fputs(".", out);
            if (*a->vs_land) {
                if (strcmp(a->vs_land, "similar") == 0)
                    fprintf(out, " %s skiller seg ikke signifikant fra landet.", a->region_name);
                else
                    fprintf(out, " %s ligger signifikant %s landet.", a->region_name,
                            strcmp(a->vs_land, "higher") == 0 ? "over" : "under");
            }
            const char *kn = a->vs_kommune && *a->vs_kommune ? kommune_name(r, a) : NULL;
            if (kn && strcmp(a->vs_kommune, "similar") == 0)
                fprintf(out, " %s skiller seg ikke signifikant fra resten av %s.", a->region_name, kn);
            else if (kn)
                fprintf(out, " %s ligger signifikant %s resten av %s.", a->region_name,
                        strcmp(a->vs_kommune, "higher") == 0 ? "over" : "under", kn);
        } else {
            fprintf(out, "In %s the %s for %s was %s in %s", a->period, a->std_method && *a->std_method ? "age-standardised value" : "value",
                    def, va, a->region_name);
            if (fy) { value_text(r, fy, vf, sizeof vf); fprintf(out, ", against %s in %s", vf, fy->region_name); }
            for (size_t k = 0; k < a->n_compare; k++) {
                const lk_report_row *x = find_compare(r, a->compare[k].region, a->period);
                if (x) { value_text(r, x, vf, sizeof vf); fprintf(out, ", %s in %s", vf, x->region_name); }
            }
            if (land) { value_text(r, land, vl, sizeof vl); fprintf(out, "%s %s in Norway", fy || a->n_compare ? " and" : ", against", vl); }
            fputs(".", out);
            if (*a->vs_land) {
                if (strcmp(a->vs_land, "similar") == 0)
                    fprintf(out, " %s is not significantly different from Norway.", a->region_name);
                else
                    fprintf(out, " %s is significantly %s Norway.", a->region_name,
                            strcmp(a->vs_land, "higher") == 0 ? "above" : "below");
            }
            const char *kn = a->vs_kommune && *a->vs_kommune ? kommune_name(r, a) : NULL;
            if (kn && strcmp(a->vs_kommune, "similar") == 0)
                fprintf(out, " %s is not significantly different from the rest of %s.", a->region_name, kn);
            else if (kn)
                fprintf(out, " %s is significantly %s the rest of %s.", a->region_name,
                        strcmp(a->vs_kommune, "higher") == 0 ? "above" : "below", kn);
        }
        for (size_t k = 0; k < a->n_compare; k++) { /* the tests against the comparison regions */
            const lk_report_cmp *c = &a->compare[k];
            const lk_report_row *x = find_compare(r, c->region, a->period);
            if (!*c->vs || !x) continue;
            if (strcmp(c->vs, "similar") == 0)
                fprintf(out, rw_nb(r) ? " %s skiller seg ikke signifikant fra %s." : " %s is not significantly different from %s.",
                        a->region_name, x->region_name);
            else
                fprintf(out, rw_nb(r) ? " %s ligger signifikant %s %s." : " %s is significantly %s %s.", a->region_name,
                        strcmp(c->vs, "higher") == 0 ? (rw_nb(r) ? "over" : "above") : (rw_nb(r) ? "under" : "below"),
                        x->region_name);
        }
        fputs("\n\n", out);
    }
    rw_notes(r, out, 0);
    return ferror(out) ? LK_EIO : LK_OK;
}
