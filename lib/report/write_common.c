/* What every report writer shares (report_write.h): numbers as a person reads them, the
 * indicator's name, unit and definition in the report's language, and the notes under a table
 * (definition, family, break, the source definitions used, method, source). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

int rw_nb(const lk_report *r)
{
    return strcmp(r->opts.lang, "en") != 0;
}

/* A number for people: fixed decimals, decimal comma in bokmål. */
void rw_human(const lk_report *r, char *buf, size_t size, double v, int decimals)
{
    if (!isfinite(v)) { /* not reached: such values are flagged; never "inf" in a text */
        if (size) buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == ',') *p = rw_nb(r) ? ',' : '.';
    if (strcmp(buf, "-0") == 0 || strcmp(buf, "-0,0") == 0 || strcmp(buf, "-0.0") == 0) memmove(buf, buf + 1, strlen(buf));
}

int rw_decimals(const lk_report *r)
{
    return r->ind->scale == LK_SCALE_KRONER ? 0 : 1;
}

const char *rw_unit(const lk_report *r)
{
    if (r->published_unit) return r->published_unit; /* as the file states it: never rescaled */
    switch (r->ind->scale) {
    case LK_SCALE_PERCENT: return rw_nb(r) ? "prosent" : "per cent";
    case LK_SCALE_PER1000: return rw_nb(r) ? "per 1000" : "per 1,000";
    default: return rw_nb(r) ? "kroner" : "NOK";
    }
}

const char *rw_name(const lk_report *r)
{
    return !rw_nb(r) && r->ind->name_en ? r->ind->name_en : r->ind->name_nb;
}

const char *rw_definition(const lk_report *r)
{
    return !rw_nb(r) && *r->ind->definition_en ? r->ind->definition_en : r->ind->definition_nb;
}

const char *rw_vs_word(const lk_report *r, const char *vs)
{
    if (!*vs) return "";
    if (!rw_nb(r)) return vs;
    return strcmp(vs, "higher") == 0 ? "høyere" : strcmp(vs, "lower") == 0 ? "lavere" : "som landet";
}

void rw_method_note(const lk_report *r, FILE *out, const char *prefix)
{
    char lvl[16];
    rw_human(r, lvl, sizeof lvl, r->opts.level * 100, 0);
    const char *ci = r->ind->scale == LK_SCALE_PER1000 ? (rw_nb(r) ? "eksakt Poisson" : "exact Poisson")
                   : r->opts.ci == LK_CI_EXACT ? (rw_nb(r) ? "eksakt (Clopper-Pearson)" : "exact (Clopper-Pearson)")
                   : "Wilson";
    if (rw_nb(r))
        fprintf(out, "%s%s %%-konfidensintervall (%s). Registertall er fulltellinger; intervall og tester behandler dem "
                "som utfall av en underliggende risiko. Hvert område testes mot resten av landet (landet minus området), "
                "tosidig på %g %%-nivå. Indeks: landet = 100.\n", prefix, lvl, ci, r->opts.alpha * 100);
    else
        fprintf(out, "%s%s %% confidence interval (%s). Register counts are full counts; intervals and tests treat them "
                "as realisations of an underlying risk. Each area is tested against the rest of the country (the country "
                "minus the area), two-sided at the %g %% level. Index: Norway = 100.\n", prefix, lvl, ci, r->opts.alpha * 100);
}

/* A text from a definition: as it is, or as Markdown text. */
void rw_user_text(FILE *out, const char *s, int md, int line_start)
{
    if (md) rw_md_put(out, s, line_start);
    else fputs(s, out);
}

/* An indicator with several source definitions: which one gave the figures of which years
 * ("SSB 10539 (november) / 07459: 2011-2020; SSB 13563: 2021-2024"), in the order of the
 * definition file, so that a series that changes source says so. */
void rw_definitions_used(const lk_report *r, FILE *out, int md)
{
    if (!r->ind->n_variants) return;
    int first = 1;
    for (size_t d = 0; d <= r->ind->n_variants; d++) {
        const lk_indicator *def = d ? r->ind->variants[d - 1] : r->ind;
        const char *name = def->variant && *def->variant ? def->variant : def->id;
        int lo = 0, hi = 0;
        const char *lo_text = "", *hi_text = "";
        for (size_t i = 0; i < r->n; i++) {
            const lk_report_row *row = &r->rows[i];
            if (!row->has_value || strcmp(row->variant, def->variant ? def->variant : "") != 0) continue;
            lk_period p;
            if (lk_period_parse(&p, row->period, strlen(row->period)) != LK_OK) continue;
            if (!lo || p.first_year < lo) lo = p.first_year, lo_text = row->period;
            if (!hi || p.last_year > hi) hi = p.last_year, hi_text = row->period;
        }
        if (!lo) continue;
        fprintf(out, "%s", first ? (rw_nb(r) ? "Kilde brukt: " : "Source used: ") : "; ");
        rw_user_text(out, name, md, 0);
        if (strcmp(lo_text, hi_text) == 0) fprintf(out, " (%s)", lo_text);
        else fprintf(out, " (%s-%s)", lo_text, hi_text);
        first = 0;
    }
    if (!first) fputs(".\n", out);
}

/* The rule of lk_report_protect() in words: "teller under 5, nevner minus teller under 5 eller
 * nevner under 10", as many of the three as apply. */
static void suppression_rule(const lk_report *r, FILE *out)
{
    const lk_suppress_opts *o = &r->suppress;
    char part[3][96];
    int n = 0;
    if (o->min_numerator > 0)
        snprintf(part[n++], sizeof part[0], rw_nb(r) ? "teller under %g" : "a numerator below %g", o->min_numerator);
    if (o->complement && o->min_numerator > 0)
        snprintf(part[n++], sizeof part[0], rw_nb(r) ? "nevner minus teller under %g" : "a denominator less numerator below %g",
                 o->min_numerator);
    if (o->min_denominator > 0)
        snprintf(part[n++], sizeof part[0], rw_nb(r) ? "nevner under %g" : "a denominator below %g", o->min_denominator);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%s", i == 0 ? "" : i == n - 1 ? (rw_nb(r) ? " eller " : " or ") : ", ", part[i]);
}

void rw_suppression_note(const lk_report *r, FILE *out)
{
    if (!r->protected_) return;
    fputs(rw_nb(r) ? "Prikking av små tall: en verdi med " : "Small counts are suppressed: a value with ", out);
    suppression_rule(r, out);
    fprintf(out, rw_nb(r) ? " er skjult (~suppressed), og en verdi som ellers kunne regnes ut ved subtraksjon fra andre "
                         "tall i tabellen, er skjult i tillegg (~suppressed:secondary). Skjult her: %zu under grensene, %zu i tillegg.\n"
                       : " is hidden (~suppressed), and a value that could otherwise be worked out by subtraction from "
                         "other figures of the table is hidden as well (~suppressed:secondary). Hidden here: %zu below the limits, %zu as well.\n",
            r->suppressed.primary, r->suppressed.secondary);
}

void rw_notes(const lk_report *r, FILE *out, int md)
{
    fprintf(out, "%s: ", rw_nb(r) ? "Definisjon" : "Definition");
    rw_user_text(out, rw_definition(r), md, 0);
    putc('\n', out);
    if (*r->ind->family) {
        fprintf(out, "%s: ", rw_nb(r) ? "Definisjonsfamilie" : "Definition family");
        rw_user_text(out, r->ind->family, md, 0);
        putc('\n', out);
    }
    if (r->ind->break_year)
        fprintf(out, "%s %d.\n", rw_nb(r) ? "Brudd i serien i" : "Series break in", r->ind->break_year);
    rw_definitions_used(r, out, md);
    if (r->any_counts) rw_method_note(r, out, ""); /* intervals and tests of counts */
    rw_suppression_note(r, out);
    rw_std_note(r, out, md); /* age standardisation, when asked for (write_std.c) */
    if (r->any_published)
        fputs(rw_nb(r) ? "Publisert rate: verdier merket ~published er brukt slik kilden publiserte dem, også for fylket og "
                      "landet (en rate kan ikke summeres fra kommunene); de har intervall bare der kilden oppgir det, og "
                      "testes ikke. Der filen også har tellinger, er tellingene brukt.\n"
                    : "Published rate: values marked ~published are used as the source published them, fylke and landet "
                      "too (a rate cannot be summed from the kommuner); they have an interval only where the source gives "
                      "one, and are not tested. Where the file also has counts, the counts are used.\n", out);
    if (r->n_compare)
        fputs(rw_nb(r) ? "Sammenligningsregioner: Landet uten Oslo testes mot resten (området er en del av det); en "
                      "KOSTRA-gruppe eller en annen kommune som et uavhengig utvalg (konservativt når området er med i "
                      "gruppen). Indeks: området mot regionen = 100.\n"
                    : "Comparison regions: Landet uten Oslo is tested against its rest (the area is part of it); a KOSTRA "
                      "group or another kommune as an independent sample (conservative when the area is in the group). "
                      "Index: the area against the region = 100.\n", out);
    rw_user_text(out, r->ind->source, md, 1);
    putc('\n', out);
}

void rw_csv_number(FILE *out, int has, double v)
{
    if (has) {
        char b[40];
        lk_format_number(b, sizeof b, v);
        fputs(b, out);
    }
}

/* The area row's comparison with region code, or NULL. */
const lk_report_cmp *rw_cmp_of(const lk_report_row *w, const char *code)
{
    for (size_t i = 0; i < w->n_compare; i++)
        if (strcmp(w->compare[i].region, code) == 0) return &w->compare[i];
    return NULL;
}

void rw_json_number(FILE *out, int has, double v)
{
    if (!has || !isfinite(v)) {
        fputs("null", out);
        return;
    }
    char b[40];
    lk_format_number(b, sizeof b, v);
    fputs(b, out);
}

/* Markdown text of s into out (a heading, a list line, a note). */
