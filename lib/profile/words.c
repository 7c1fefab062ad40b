/* Numbers and words as a person writes them in a plan document: a decimal comma and thousands
 * spaces in bokmål ("4 421 kroner"), "landet" inside a sentence (never "Hele landet"), the
 * noun of the scale ("Andelen", "Raten", "Beløpet"), and the sentences of an indicator and of a
 * key finding. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "levekar/labels.h"
#include "profile_internal.h"

int lk__profile_nb(const lk_profile *p)
{
    return strcmp(p->ropts.lang, "en") != 0;
}

void lk__profile_number(char *buf, size_t size, double v, int decimals, int nb)
{
    if (!size) return;
    buf[0] = '\0';
    if (!isfinite(v)) return;
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    int zero = 1; /* -0,0 is 0,0 */
    for (const char *s = raw; *s; s++)
        if (*s >= '1' && *s <= '9') zero = 0;
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    char tmp[96];
    size_t k = 0;
    if (v < 0 && !zero) tmp[k++] = '\xE2', tmp[k++] = '\x88', tmp[k++] = '\x92'; /* U+2212 MINUS SIGN */
    for (size_t i = 0; i < int_len; i++) {
        /* groups of three from the right, from 1 000 on: a space in bokmål, a comma in English */
        if (i && (int_len - i) % 3 == 0 && int_len >= 4) tmp[k++] = nb ? ' ' : ',';
        tmp[k++] = raw[i];
    }
    if (dot) {
        tmp[k++] = nb ? ',' : '.';
        for (const char *s = dot + 1; *s && k < sizeof tmp - 1; s++) tmp[k++] = *s;
    }
    tmp[k] = '\0';
    snprintf(buf, size, "%s", tmp);
}

int lk__profile_decimals(const lk_indicator *ind)
{
    return ind->scale == LK_SCALE_KRONER ? 0 : 1;
}

static const char *unit_of(const lk_profile *p, const lk_indicator *ind)
{
    int nb = lk__profile_nb(p);
    switch (ind->scale) {
    case LK_SCALE_PERCENT: return nb ? "prosent" : "per cent";
    case LK_SCALE_PER1000: return nb ? "per 1000" : "per 1,000";
    default: return nb ? "kroner" : "NOK";
    }
}

void lk__profile_value(const lk_profile *p, const lk_indicator *ind, double v, char *buf, size_t size)
{
    char n[64];
    lk__profile_number(n, sizeof n, v, lk__profile_decimals(ind), lk__profile_nb(p));
    snprintf(buf, size, "%s %s", n, unit_of(p, ind));
}

const char *lk__profile_diff_unit(const lk_profile *p, const lk_indicator *ind)
{
    if (ind->scale == LK_SCALE_PERCENT) return lk__profile_nb(p) ? "prosentpoeng" : "percentage points";
    return unit_of(p, ind);
}

const char *lk__profile_name(const lk_profile *p, const lk_indicator *ind)
{
    return !lk__profile_nb(p) && ind->name_en && *ind->name_en ? ind->name_en : ind->name_nb;
}

const char *lk__profile_definition(const lk_profile *p, const lk_indicator *ind)
{
    return !lk__profile_nb(p) && ind->definition_en && *ind->definition_en ? ind->definition_en : ind->definition_nb;
}

const char *lk__profile_place(const lk_profile *p, const lk_report_row *w)
{
    if (w->level == LK_LEVEL_LAND) return lk__profile_nb(p) ? "landet" : "Norway";
    return w->region_name && *w->region_name ? w->region_name : w->region;
}

int lk__profile_year(const lk_report_row *w)
{
    lk_period per;
    return lk_period_parse(&per, w->period, strlen(w->period)) == LK_OK ? per.first_year : 0;
}

const char *lk__profile_missing(const lk_profile *p, const lk_report_row *w)
{
    if (strncmp(w->status, "~suppressed", 11) == 0) return lk__profile_nb(p) ? "skjult (prikket)" : "hidden (suppressed)";
    if (!*w->status) return lk__profile_nb(p) ? "mangler" : "missing";
    return w->status;
}

/* "Andelen", "Raten", "Beløpet" and their English. */
static const char *noun(const lk_profile *p, const lk_indicator *ind)
{
    int nb = lk__profile_nb(p);
    switch (ind->scale) {
    case LK_SCALE_PERCENT: return nb ? "Andelen" : "The share";
    case LK_SCALE_PER1000: return nb ? "Raten" : "The rate";
    default: return nb ? "Beløpet" : "The amount";
    }
}

/* "I 2024 var 2,6 prosent av innbyggerne 15–74 år i Drammen registrert arbeidsledige, mot 2,1
 * prosent i Buskerud og 2,2 prosent i landet." — or, without a phrase for the indicator,
 * "Sysselsatte var 68,2 prosent i Drammen i 2024, mot ...". */
static void first_sentence(const lk_profile *p, const lk_profile_item *it, FILE *out)
{
    int nb = lk__profile_nb(p);
    const lk_report_row *a = it->area;
    char va[96];
    lk__profile_value(p, it->ind, a->value, va, sizeof va);
    const lk__profile_phrase *ph = lk__profile_phrase_of(it->ind);
    if (ph && nb) fprintf(out, "I %s var %s %s i %s %s", a->period, va, ph->nb_of, lk__profile_place(p, a), ph->nb_what);
    else if (ph) fprintf(out, "In %s, %s %s in %s %s", a->period, va, ph->en_of, lk__profile_place(p, a), ph->en_what);
    else if (nb) fprintf(out, "%s var %s i %s i %s", lk__profile_name(p, it->ind), va, lk__profile_place(p, a), a->period);
    else fprintf(out, "%s was %s in %s in %s", lk__profile_name(p, it->ind), va, lk__profile_place(p, a), a->period);
    /* against the kommune (for a district), the fylke and landet: those with a value */
    const lk_report_row *cmp[3];
    size_t n = 0;
    if (it->kommune && it->kommune->has_value) cmp[n++] = it->kommune;
    if (it->fylke && it->fylke->has_value) cmp[n++] = it->fylke;
    if (it->land && it->land->has_value) cmp[n++] = it->land;
    for (size_t k = 0; k < n; k++) {
        char v[96];
        lk__profile_value(p, it->ind, cmp[k]->value, v, sizeof v);
        const char *sep = k == 0 ? (nb ? ", mot " : ", against ") : k + 1 == n ? (nb ? " og " : " and ") : ", ";
        fprintf(out, nb ? "%s%s i %s" : "%s%s in %s", sep, v, lk__profile_place(p, cmp[k]));
    }
    fputs(".", out);
}

/* "Andelen er høyere enn i landet, og har gått ned siden 2011 (3,2 prosent)." */
static void second_sentence(const lk_profile *p, const lk_profile_item *it, FILE *out)
{
    int nb = lk__profile_nb(p);
    const char *vs = it->area->vs_land;
    char thr[32];
    lk__profile_number(thr, sizeof thr, p->cover.relevance, 0, nb);
    int said = 1;
    switch (it->verdict) {
    case LK_VERDICT_BETTER:
    case LK_VERDICT_WORSE:
    case LK_VERDICT_NEUTRAL:
        if (!strcmp(vs, "similar")) fprintf(out, nb ? " %s skiller seg ikke signifikant fra landet" : " %s is not significantly different from Norway's", noun(p, it->ind));
        else fprintf(out, nb ? " %s er %s enn i landet" : " %s is %s than in Norway", noun(p, it->ind),
                     !strcmp(vs, "higher") ? (nb ? "høyere" : "higher") : (nb ? "lavere" : "lower"));
        break;
    case LK_VERDICT_NOT_DIFFERENT:
        if (it->significant)
            fprintf(out, nb ? " %s er nær landets (forskjellen er signifikant, men under %s %%)"
                            : " %s is close to Norway's (significant, but less than %s %%)", noun(p, it->ind), thr);
        else fprintf(out, nb ? " %s skiller seg ikke signifikant fra landet" : " %s is not significantly different from Norway's", noun(p, it->ind));
        break;
    default:
        said = 0;
        break;
    }
    const lk_profile_change *c = &it->change;
    if (c->ok) {
        char vf[96];
        lk__profile_value(p, it->ind, c->first->value, vf, sizeof vf);
        const char *and_ = said ? (nb ? ", og" : ", and") : (nb ? " Verdien" : " The value");
        if (!strcmp(c->vs, "lower")) fprintf(out, nb ? "%s har gått ned siden %s (%s)" : "%s has fallen since %s (%s)", and_, c->first->period, vf);
        else if (!strcmp(c->vs, "higher")) fprintf(out, nb ? "%s har gått opp siden %s (%s)" : "%s has risen since %s (%s)", and_, c->first->period, vf);
        else if (!strcmp(c->vs, "similar")) fprintf(out, nb ? "%s er om lag som i %s (%s)" : "%s is about the same as in %s (%s)", and_, c->first->period, vf);
        else fprintf(out, nb ? "%s var %s i %s" : "%s was %s in %s", and_, vf, c->first->period);
        said = 1;
    }
    if (said) fputs(".", out);
}

int lk_profile_write_item_prose(const lk_profile *p, size_t i, FILE *out)
{
    const lk_profile_item *it = lk_profile_item_at(p, i);
    if (!it) return LK_EINVAL;
    int nb = lk__profile_nb(p);
    if (!it->report || !it->area) {
        fprintf(out, nb ? "%s: ingen data." : "%s: no data.", lk__profile_name(p, it->ind));
        if (*it->needs) fprintf(out, nb ? " Last ned: %s" : " Download: %s", it->needs);
    } else if (!it->area->has_value) {
        fprintf(out, nb ? "%s: ingen verdi for %s i %s (%s)." : "%s: no value for %s in %s (%s).", lk__profile_name(p, it->ind),
                lk__profile_place(p, it->area), it->area->period, lk__profile_missing(p, it->area));
    } else {
        first_sentence(p, it, out);
        second_sentence(p, it, out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

/* "Registrerte arbeidsledige: 2,6 prosent i Drammen mot 2,2 prosent i landet, 0,4 prosentpoeng
 * høyere (indeks 118; 95 %-KI 2,5–2,7 prosent) – dårligere enn landet." */
int lk_profile_write_finding(const lk_profile *p, size_t i, FILE *out)
{
    const lk_profile_finding *f = lk_profile_finding_at(p, i);
    if (!f) return LK_EINVAL;
    const lk_profile_item *it = &p->items[f->item];
    int nb = lk__profile_nb(p);
    char va[96], vl[96], d[64], idx[32], lo[64], hi[64], lvl[16];
    lk__profile_value(p, it->ind, it->area->value, va, sizeof va);
    lk__profile_value(p, it->ind, it->land->value, vl, sizeof vl);
    lk__profile_number(d, sizeof d, fabs(f->diff), lk__profile_decimals(it->ind), nb);
    lk__profile_number(idx, sizeof idx, f->index, 0, nb);
    lk__profile_number(lvl, sizeof lvl, p->cover.level * 100, 0, nb);
    const char *hl = f->diff > 0 ? (nb ? "høyere" : "higher") : (nb ? "lavere" : "lower");
    fprintf(out, nb ? "%s: %s i %s mot %s i landet, %s %s %s (indeks %s" : "%s: %s in %s against %s in Norway, %s %s %s (index %s",
            lk__profile_name(p, it->ind), va, lk__profile_place(p, it->area), vl, d, lk__profile_diff_unit(p, it->ind), hl, idx);
    if (it->area->has_ci) {
        lk__profile_number(lo, sizeof lo, it->area->ci_low, lk__profile_decimals(it->ind), nb);
        lk__profile_number(hi, sizeof hi, it->area->ci_high, lk__profile_decimals(it->ind), nb);
        fprintf(out, nb ? "; %s %%-KI %s–%s" : "; %s %% CI %s–%s", lvl, lo, hi);
    }
    if (it->verdict == LK_VERDICT_NEUTRAL) fputs(").", out); /* a difference, no judgement */
    else fprintf(out, nb ? ") – %s enn landet." : ") – %s than Norway.", it->verdict == LK_VERDICT_BETTER ? (nb ? "bedre" : "better") : (nb ? "dårligere" : "worse"));
    return ferror(out) ? LK_EIO : LK_OK;
}

/* "Endring 2011–2024: −0,6 prosentpoeng (bedring, p < 0,001)." 1 when there is a change. */
int lk__profile_change_text(const lk_profile *p, const lk_profile_item *it, FILE *out)
{
    int nb = lk__profile_nb(p);
    const lk_profile_change *c = &it->change;
    if (!c->ok) return 0;
    char d[64];
    lk__profile_number(d, sizeof d, c->diff, lk__profile_decimals(it->ind), nb);
    fprintf(out, "%s %s–%s: %s%s %s", nb ? "Endring" : "Change", c->first->period, c->last->period, c->diff > 0 ? "+" : "", d,
            lk__profile_diff_unit(p, it->ind));
    if (*c->vs) {
        char pv[32];
        if (c->p < 0.001) snprintf(pv, sizeof pv, "p < %s", nb ? "0,001" : "0.001");
        else {
            char n[24];
            lk__profile_number(n, sizeof n, c->p, 3, nb);
            snprintf(pv, sizeof pv, "p = %s", n);
        }
        const char *what = !strcmp(c->vs, "similar") ? (nb ? "ingen sikker endring" : "no clear change")
                         : c->verdict == LK_VERDICT_BETTER ? (nb ? "bedring" : "improvement")
                         : c->verdict == LK_VERDICT_WORSE ? (nb ? "forverring" : "deterioration")
                         : !strcmp(c->vs, "higher") ? (nb ? "økning" : "increase") : (nb ? "nedgang" : "decrease");
        fprintf(out, " (%s, %s).", what, pv);
    } else fputs(nb ? " (ikke testet)." : " (not tested).", out);
    return 1;
}

/* "Trend: −0,05 prosentpoeng per år (intervall −0,06 til −0,04), årlig endring −1,6 %: synkende."
 * 1 when a trend could be fitted. */
int lk__profile_trend_text(const lk_profile *p, const lk_profile_item *it, FILE *out)
{
    int nb = lk__profile_nb(p);
    const lk_report_trend *t = &it->trend;
    if (!t->ok) return 0;
    char s[64], lo[64], hi[64];
    int dec = lk__profile_decimals(it->ind) + 1;
    lk__profile_number(s, sizeof s, t->t.slope, dec, nb);
    lk__profile_number(lo, sizeof lo, t->t.slope_lo, dec, nb);
    lk__profile_number(hi, sizeof hi, t->t.slope_hi, dec, nb);
    fprintf(out, nb ? "Trend: %s %s per år (intervall %s til %s)" : "Trend: %s %s per year (interval %s to %s)", s,
            lk__profile_diff_unit(p, it->ind), lo, hi);
    if (isfinite(t->t.apc)) {
        char a[32];
        lk__profile_number(a, sizeof a, t->t.apc, 1, nb);
        fprintf(out, nb ? ", årlig endring %s %%" : ", annual change %s %%", a);
    }
    const char *dir = !strcmp(t->direction, "increasing") ? (nb ? "stigende" : "increasing")
                    : !strcmp(t->direction, "decreasing") ? (nb ? "synkende" : "decreasing") : (nb ? "stabil" : "stable");
    fprintf(out, ": %s.", dir);
    return 1;
}

int lk__profile_capture(const lk_profile *p, const lk_profile_item *it, lk__profile_sentence_fn fn, char **text,
                        int *wrote)
{
    size_t len = 0;
    *text = NULL;
    FILE *m = open_memstream(text, &len);
    if (!m) return LK_ENOMEM;
    *wrote = fn(p, it, m);
    int bad = ferror(m);
    if (fclose(m) != 0 || !*text || bad) { /* in memory: only for want of memory */
        free(*text);
        *text = NULL;
        return LK_ENOMEM;
    }
    return LK_OK;
}
