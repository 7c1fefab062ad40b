/* What the caller of the numbers must know about the data (pipeline_internal.h), said as
 * messages after the computation: kommune codes of older borders, areas that have no ratio in
 * any period, zones that match nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

static int by_pointer(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return x < y ? -1 : x > y;
}

/* Without a geography year, a kommune's older codes (Drammen 0602 to 2019, 3005 2020-2023) are
 * areas of their own, and today's code has only the latest years: an analyst who asks for 3301
 * "since 2011" gets 2024 alone without knowing why. Say so once, with the codes. */
int lk__pl_old_codes(lk_pipeline *p)
{
    const lk_calc *calc = p->calc;
    int latest = 0;
    size_t n = lk_calc_count(calc);
    for (size_t i = 0; i < n; i++) {
        const lk_ratio *x = lk_calc_get(calc, i);
        if (x->period_info.last_year > latest) latest = x->period_info.last_year;
    }
    /* region texts are the calc's own, one pointer per code: distinct codes by pointer */
    const char **old = malloc((n ? n : 1) * sizeof *old);
    if (!old) return LK_ENOMEM;
    char list[512] = "";
    const char *shown_codes[4];
    size_t n_old = 0, n_distinct = 0, shown = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        const lk_ratio *x = lk_calc_get(calc, i);
        lk_geo_target t[4];
        size_t nt = 0;
        if (x->level != LK_LEVEL_KOMMUNE
            || lk_geo_map(p->geo, x->region, x->period_info.last_year, latest, t, 4, &nt) != LK_OK || nt != 1
            || strcmp(t[0].code, x->region) == 0)
            continue;
        int dup = 0;
        for (size_t k = 0; k < n_old && k < 8 && !dup; k++) dup = old[n_old - 1 - k] == x->region;
        if (dup) continue;
        old[n_old++] = x->region;
        int listed = 0;
        for (size_t k = 0; k < shown && !listed; k++) listed = shown_codes[k] == x->region;
        if (!listed && shown < 4) {
            shown_codes[shown++] = x->region;
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s %s (%s in %d)", used ? ", " : "",
                                     x->region, x->region_name ? x->region_name : "", t[0].code, latest);
            if (used >= sizeof list) used = sizeof list - 1;
        }
    }
    qsort(old, n_old, sizeof *old, by_pointer);
    for (size_t i = 0; i < n_old; i++) n_distinct += i == 0 || old[i] != old[i - 1];
    free(old);
    if (!n_distinct) return LK_OK;
    return lk__pl_say(p, LK_MESSAGE_INFO, "%zu kommune code%s in the data belong%s to older borders: %s%s; without "
                      "--geography each is an area of its own and today's code has only the later years "
                      "(--geography latest joins them)", n_distinct, n_distinct == 1 ? "" : "s",
                      n_distinct == 1 ? "s" : "", list, n_distinct > shown ? ", ..." : "");
}

/* An area asked for that is in the data but has no value in any period: empty rows would look
 * like an answer, so say why (which side, measure and ages, what its observations were). When
 * nothing in the data could make its ratio (a side with no observation, age bands that cannot
 * give the ages, no total category) it is an error: the files or options are wrong. When its
 * values are published as missing (`..`, `:`) or a count is 0, that is the answer: a warning,
 * and the rows with their status beside the fylke and landet. */
int lk__pl_explain_areas(lk_pipeline *p)
{
    static const char *const structural[] = { "~no-numerator", "~no-denominator", "~age-bands", NULL };
    const lk_calc *calc = p->calc;
    for (size_t i = 0; i < p->o->n_areas; i++) {
        const char *area = p->o->areas[i];
        int valued = 0, wrong = 1;
        for (size_t k = 0; k < lk_calc_count(calc) && !valued; k++) {
            const lk_ratio *x = lk_calc_get(calc, k);
            if (strcmp(x->region, area) != 0) continue;
            valued = x->has_value;
            int s = 0;
            while (structural[s] && strcmp(structural[s], x->status) != 0) s++;
            if (!structural[s]) wrong = 0;
        }
        char why[1024];
        if (valued || lk_calc_explain(calc, area, why, sizeof why) != LK_OK) continue; /* not in the data: said later */
        if (wrong)
            return lk__pl_fail(p, LK_EDATA, "area '%s' is in the data, but no ratio could be made for it in any period: %s",
                               area, why);
        if (lk__pl_say(p, LK_MESSAGE_WARNING, "area '%s' is in the data, but no ratio could be made for it in any "
                       "period: %s", area, why) != LK_OK)
            return LK_ENOMEM;
    }
    return LK_OK;
}

/* A zone file that matched none of the files: the member codes it expects, and what the data has. */
int lk__pl_zones_unmatched(lk_pipeline *p)
{
    if (!p->zones || p->zones_matched) return LK_OK;
    char want[256];
    lk_zones_describe(p->zones, want, sizeof want);
    return lk__pl_say(p, LK_MESSAGE_WARNING, "%s matches no region in the data: no zone has a member there (expected "
                      "member codes such as %s; the data has %s)", p->o->zones_file, want, p->zones_data);
}

/* Without a geography year, grunnkretser under an older number of a zone's kommune (3005xxxx
 * for 2022-2023, the zones on 2024's 3301xxxx) lie in no zone: the zone has no figure for those
 * years. Say so, with the kommune and the option that recodes them. */
int lk__pl_zones_older_codes(lk_pipeline *p)
{
    if (!p->zones || p->o->geography >= 0) return LK_OK;
    int latest = lk_geo_latest_change_year(p->geo);
    for (size_t i = 0; i < p->n_outside; i++) {
        const lk_zone_outside *x = &p->outside[i];
        lk_geo_target t[4];
        size_t nt = 0;
        if (lk_geo_map(p->geo, x->kommune, x->last_year, latest, t, 4, &nt) != LK_OK || nt != 1
            || strcmp(t[0].code, x->kommune) == 0)
            continue;
        for (size_t z = 0; z < lk_zones_count(p->zones); z++) {
            if (strcmp(lk_zones_get(p->zones, z)->kommune, t[0].code) != 0) continue;
            char years[16];
            if (x->first_year == x->last_year) snprintf(years, sizeof years, "%d", x->first_year);
            else snprintf(years, sizeof years, "%d-%d", x->first_year, x->last_year);
            if (lk__pl_say(p, LK_MESSAGE_WARNING, "the grunnkretser of kommune %s in the data (%s) lie in no zone of %s: "
                           "their codes are older than the zones' (%s is %s in %d), so the zones have no figure for those "
                           "years (--geography %d brings them to the zones' codes)", x->kommune, years, p->o->zones_file,
                           x->kommune, t[0].code, latest, latest) != LK_OK)
                return LK_ENOMEM;
            break;
        }
    }
    return LK_OK;
}
