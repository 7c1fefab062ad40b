/* The districts section of a profile (with --zones) in every format: per indicator the table of
 * the kommune's zones against the rest of the kommune (HTML with a ranked dot chart), the
 * inequality between them, and the composite levekårsindeks with its leave-one-out table. The
 * text, Markdown and HTML documents share one description of the tables (the doc type below),
 * so the three say the same; JSON gives every number. A hidden zone is written by its status
 * ("skjult (prikket)"), never with a number: the model has none for it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profile_internal.h"

enum { TEXT, MD, HTML };

typedef struct doc {
    int kind;
    FILE *out;
    const lk_profile *p;
    int nb;
    size_t col;
} doc;

static void put(doc *d, const char *s)
{
    if (d->kind == HTML) lk__html_put(d->out, s);
    else if (d->kind == MD) lk__profile_md_put(d->out, s);
    else fputs(s, d->out);
}

static void heading(doc *d, int level, const char *s)
{
    if (d->kind == HTML) fprintf(d->out, "<h%d>", level);
    else if (d->kind == MD) fprintf(d->out, "%.*s ", level, "######");
    put(d, s);
    if (d->kind == HTML) fprintf(d->out, "</h%d>\n", level);
    else fputs(d->kind == MD ? "\n\n" : "\n", d->out);
}

static void para(doc *d, const char *s)
{
    if (d->kind == HTML) fputs("<p>", d->out);
    put(d, s);
    fputs(d->kind == HTML ? "</p>\n" : d->kind == MD ? "\n\n" : "\n", d->out);
}

/* align: one letter per column, 'l' text or 'r' numbers (Markdown's alignment row) */
static void table_open(doc *d, const char *const *head, size_t n, const char *align)
{
    if (d->kind == HTML) fputs("<table>\n<thead><tr>", d->out);
    for (size_t i = 0; i < n; i++) {
        if (d->kind == HTML) fputs("<th>", d->out);
        else fputs(i ? " | " : d->kind == MD ? "| " : "  ", d->out);
        put(d, head[i]);
        if (d->kind == HTML) fputs("</th>", d->out);
    }
    if (d->kind == HTML) fputs("</tr></thead>\n<tbody>\n", d->out);
    else if (d->kind == MD) {
        fputs(" |\n|", d->out);
        for (size_t i = 0; i < n; i++) fputs(align[i] == 'r' ? "---:|" : "---|", d->out);
        fputs("\n", d->out);
    } else fputs("\n", d->out);
}

static void row_open(doc *d)
{
    d->col = 0;
    if (d->kind == HTML) fputs("<tr>", d->out);
}

static void cell(doc *d, const char *s, int num)
{
    if (d->kind == HTML) fputs(num ? "<td class=\"n\">" : "<td>", d->out);
    else fputs(d->col ? " | " : d->kind == MD ? "| " : "  ", d->out);
    put(d, s);
    if (d->kind == HTML) fputs("</td>", d->out);
    d->col++;
}

static void row_close(doc *d) { fputs(d->kind == HTML ? "</tr>\n" : d->kind == MD ? " |\n" : "\n", d->out); }

static void table_close(doc *d) { fputs(d->kind == HTML ? "</tbody>\n</table>\n" : "\n", d->out); }

static const char *vs_word(const doc *d, const char *vs)
{
    if (!vs || !*vs) return d->nb ? "ikke testet" : "not tested";
    if (strcmp(vs, "higher") == 0) return d->nb ? "høyere" : "higher";
    if (strcmp(vs, "lower") == 0) return d->nb ? "lavere" : "lower";
    return d->nb ? "ikke forskjellig" : "not different";
}

/* The factor from a rate x/n to the indicator's value (100 for per cent ...), from a shown row. */
static double factor_of(const lk_profile_districts *t, const lk_indicator *ind)
{
    for (size_t z = 0; z < t->n; z++) {
        const lk_report_row *w = t->rows[z];
        double v = w && *w->std_method ? w->crude : w ? w->value : 0;
        if (w && w->has_value && w->has_counts && w->numerator > 0 && w->denominator > 0) return v / (w->numerator / w->denominator);
    }
    return ind->scale == LK_SCALE_PERCENT ? 100 : ind->scale == LK_SCALE_PER1000 ? 1000 : 1;
}

static void num(char *b, size_t n, const doc *d, double v, int dec) { lk__profile_number(b, n, v, dec, d->nb); }

static void zone_table(doc *d, const lk_profile_item *it)
{
    const lk_profile_districts *t = &it->districts;
    int nb = d->nb, dec = lk__profile_decimals(it->ind);
    char lvl[16], h[64];
    num(lvl, sizeof lvl, d, d->p->cover.level * 100, 0);
    snprintf(h, sizeof h, nb ? "%s %%-KI" : "%s %% CI", lvl);
    const char *head[] = { nb ? "Sone" : "Zone", nb ? "Verdi" : "Value", h, nb ? "Indeks (kommunen = 100)" : "Index (kommune = 100)",
                           nb ? "Mot resten av kommunen" : "Against the rest of the kommune", "Status" };
    table_open(d, head, 6, "lrrrll");
    for (size_t z = 0; z < t->n; z++) {
        const lk_report_row *w = t->rows[z];
        char v[64] = "", ci[128] = "", ix[32] = "";
        row_open(d);
        cell(d, w ? w->region_name : t->zones[z]->name, 0);
        if (w && w->has_value) {
            char lo[48], hi[48];
            num(v, sizeof v, d, w->value, dec);
            if (w->has_ci) {
                num(lo, sizeof lo, d, w->ci_low, dec), num(hi, sizeof hi, d, w->ci_high, dec);
                snprintf(ci, sizeof ci, "%s\xE2\x80\x93%s", lo, hi);
            }
            if (w->has_index_kommune) num(ix, sizeof ix, d, w->index_kommune, 0);
            cell(d, v, 1), cell(d, ci, 1), cell(d, ix, 1), cell(d, vs_word(d, w->vs_kommune), 0), cell(d, w->status, 0);
        } else {
            cell(d, w ? lk__profile_missing(d->p, w) : (nb ? "ikke i dataene" : "not in the data"), 1);
            cell(d, "", 1), cell(d, "", 1), cell(d, "", 0), cell(d, w ? w->status : "", 0);
        }
        row_close(d);
    }
    if (t->kommune) {
        char v[64] = "";
        row_open(d);
        cell(d, t->kommune->region_name, 0);
        if (t->kommune->has_value) num(v, sizeof v, d, t->kommune->value, dec);
        else snprintf(v, sizeof v, "%s", lk__profile_missing(d->p, t->kommune));
        cell(d, v, 1), cell(d, "", 1), cell(d, "100", 1), cell(d, "", 0), cell(d, t->kommune->status, 0);
        row_close(d);
    }
    table_close(d);
}

static void measure(doc *d, const char *name, const lk_ineq_measure *m, double f, int dec)
{
    char v[64] = "", ci[160] = "";
    row_open(d);
    cell(d, name, 0);
    if (m->defined) {
        num(v, sizeof v, d, m->value * f, dec);
        if (m->has_ci) {
            char lo[48], hi[48];
            num(lo, sizeof lo, d, m->lo * f, dec), num(hi, sizeof hi, d, m->hi * f, dec);
            snprintf(ci, sizeof ci, "%s\xE2\x80\x93%s", lo, hi);
        }
    }
    cell(d, v, 1), cell(d, ci, 1), cell(d, m->why, 0); /* "" when given in full */
    row_close(d);
}

static void inequality(doc *d, const lk_profile_item *it)
{
    const lk_profile_districts *t = &it->districts;
    int nb = d->nb, dec = lk__profile_decimals(it->ind);
    heading(d, 4, nb ? "Ulikhet mellom sonene" : "Inequality between the zones");
    if (!t->ineq) {
        char b[1200];
        snprintf(b, sizeof b, "%s %s", nb ? "Ikke beregnet:" : "Not computed:", t->ineq_why);
        para(d, b);
        return;
    }
    const lk_ineq_result *r = t->ineq;
    double f = factor_of(t, it->ind);
    const char *unit = lk__profile_diff_unit(d->p, it->ind);
    char b[1400], dn[160], sn[160];
    snprintf(b, sizeof b, nb ? "%zu soner med verdi; høyest %s, lavest %s. Differanse og SII i %s; forholdstall, Theil T, MLD, Gini og "
                               "RII er uten enhet. SII-intervallet: %s."
                             : "%zu zones with a value; highest %s, lowest %s. Difference and SII in %s; ratio, Theil T, MLD, Gini and RII "
                               "have no unit. SII's interval: %s.",
             r->n, t->rows[r->i_max] ? t->rows[r->i_max]->region_name : "", t->rows[r->i_min] ? t->rows[r->i_min]->region_name : "",
             unit, r->sii_ci_method);
    para(d, b);
    const char *head[] = { nb ? "Mål" : "Measure", nb ? "Verdi" : "Value", nb ? "Intervall" : "Interval", nb ? "Merknad" : "Note" };
    table_open(d, head, 4, "lrrl");
    snprintf(dn, sizeof dn, nb ? "Differanse høyeste \xE2\x88\x92 laveste (%s)" : "Difference highest \xE2\x88\x92 lowest (%s)", unit);
    snprintf(sn, sizeof sn, nb ? "SII (%s)" : "SII (%s)", unit);
    measure(d, nb ? "Forholdstall høyeste/laveste" : "Ratio highest/lowest", &r->ratio, 1, 2);
    measure(d, dn, &r->difference, f, dec);
    measure(d, nb ? "Forholdstall øverste/nederste femtedel av befolkningen" : "Ratio top/bottom fifth of the population", &r->fifth_ratio, 1, 2);
    measure(d, nb ? "Differanse øverste \xE2\x88\x92 nederste femtedel" : "Difference top \xE2\x88\x92 bottom fifth", &r->fifth_difference, f, dec);
    measure(d, "Theil T", &r->theil_t, 1, 4);
    measure(d, "MLD (Theil L)", &r->mld, 1, 4);
    measure(d, "Gini", &r->gini, 1, 3);
    measure(d, sn, &r->sii, f, dec);
    measure(d, "RII", &r->rii, 1, 2);
    table_close(d);
    if (*r->note) {
        /* lib/statistics says "left out: Drammen LKS 12 (skjult (prikket))" */
        if (nb && strncmp(r->note, "left out: ", 10) == 0) {
            snprintf(b, sizeof b, "Utelatt fra målene: %s", r->note + 10);
            para(d, b);
        } else para(d, r->note);
    }
}

static int composite(doc *d)
{
    const lk_profile_composite *c = lk_profile_composite_of(d->p);
    int nb = d->nb;
    heading(d, 3, nb ? "Levekårsindeks" : "Composite levekår index");
    if (!c->index) {
        para(d, c->why);
        return LK_OK;
    }
    const lk_composite *k = c->index;
    para(d, nb ? "Hver indikator gir sonene en skår 1\xE2\x80\x93" "10 etter rang (10 = flest levekårsproblemer, ut fra indikatorens retning); "
                 "indeksen er gjennomsnittet av skårene. Z-varianten er gjennomsnittet av standardiserte verdier (100 + 10 z\xCC\x84). "
                 "Rang 1 = flest problemer."
               : "Each indicator gives the zones a score 1\xE2\x80\x93" "10 by rank (10 = most problems, from the indicator's direction); the "
                 "index is the mean score. The z variant is the mean of standardised values (100 + 10 z\xCC\x84). Rank 1 = most problems.");
    size_t *order = malloc((c->n_districts + 1) * sizeof *order);
    if (!order) return LK_ENOMEM;
    for (size_t i = 0; i < c->n_districts; i++) order[i] = i;
    for (size_t i = 1; i < c->n_districts; i++) /* by rank, then the zone file's order */
        for (size_t j = i; j > 0 && k->rank_score[order[j - 1]] > k->rank_score[order[j]]; j--) {
            size_t s = order[j];
            order[j] = order[j - 1], order[j - 1] = s;
        }
    const char *head[] = { nb ? "Rang" : "Rank", nb ? "Sone" : "Zone", nb ? "Gjennomsnittlig skår" : "Mean score", nb ? "Rang (z)" : "Rank (z)",
                           nb ? "Z-indeks" : "z index", nb ? "Indikatorer" : "Indicators" };
    table_open(d, head, 6, "rlrrrr");
    for (size_t o = 0; o < c->n_districts; o++) {
        size_t i = order[o];
        char a[32], s[48], rz[32], zi[48], nu[32];
        snprintf(a, sizeof a, "%zu", k->rank_score[i]);
        num(s, sizeof s, d, k->mean_score[i], 1);
        snprintf(rz, sizeof rz, "%zu", k->rank_z[i]);
        num(zi, sizeof zi, d, k->index_z[i], 1);
        snprintf(nu, sizeof nu, "%zu", k->n_used[i]);
        row_open(d);
        cell(d, a, 1), cell(d, c->zones[i]->name, 0), cell(d, s, 1), cell(d, rz, 1), cell(d, zi, 1), cell(d, nu, 1);
        row_close(d);
    }
    table_close(d);
    free(order);
    if (*c->note) para(d, c->note);
    if (k->loo_max_change_score) {
        heading(d, 4, nb ? "Rangstabilitet: én indikator utelatt om gangen" : "Rank stability: one indicator left out at a time");
        const char *h2[] = { nb ? "Utelatt indikator" : "Indicator left out", nb ? "Største rangendring (skår)" : "Largest rank change (score)",
                             nb ? "Sone" : "Zone", nb ? "Største rangendring (z)" : "Largest rank change (z)", nb ? "Sone" : "Zone" };
        table_open(d, h2, 5, "lrlrl");
        for (size_t j = 0; j < c->n_indicators; j++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%zu", k->loo_max_change_score[j]);
            snprintf(b, sizeof b, "%zu", k->loo_max_change_z[j]);
            row_open(d);
            cell(d, lk__profile_name(d->p, d->p->items[c->items[j]].ind), 0);
            cell(d, a, 1), cell(d, c->zones[k->loo_district_score[j]]->name, 0);
            cell(d, b, 1), cell(d, c->zones[k->loo_district_z[j]]->name, 0);
            row_close(d);
        }
        table_close(d);
    }
    return LK_OK;
}

static int section(doc *d)
{
    const lk_profile *p = d->p;
    if (!p->zone_list) return LK_OK;
    int nb = d->nb;
    if (d->kind == HTML) fprintf(d->out, "<section id=\"%s\">\n", nb ? "delomrader" : "districts");
    heading(d, 2, nb ? "Delområder" : "Districts");
    para(d, nb ? "Hver sone mot resten av kommunen (kommunen minus sonen): indeks = sonens verdi / kommunens \xC3\x97 100, "
                 "testet som mot landet. Små tall er skjult (prikket) for personvern, og skjulte soner vises uten tall."
               : "Each zone against the rest of its kommune (the kommune minus the zone): index = the zone's value / the kommune's "
                 "\xC3\x97 100, tested as against Norway. Small counts are hidden (suppressed) for privacy; hidden zones show no number.");
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        const lk_profile_districts *t = &it->districts;
        if (!it->report || !t->why) continue; /* "ingen data" is said in the indicator's own part */
        char h[512];
        if (*t->why) {
            snprintf(h, sizeof h, "%s: %s", lk__profile_name(p, it->ind), t->why);
            para(d, h);
            continue;
        }
        if (d->kind == HTML) fprintf(d->out, "<article id=\"dist-%zu\">\n", i);
        char sh[160];
        if (t->n_hidden) snprintf(sh, sizeof sh, nb ? ", %zu skjult" : ", %zu hidden", t->n_hidden);
        else sh[0] = '\0';
        snprintf(h, sizeof h, nb ? "%s, %s (%zu soner%s)" : "%s, %s (%zu zones%s)", lk__profile_name(p, it->ind), t->period, t->n, sh);
        heading(d, 3, h);
        if (d->kind == HTML && t->n_shown) {
            fputs("<figure aria-label=\"", d->out);
            fputs(nb ? "Sonene rangert: " : "The zones ranked: ", d->out);
            lk__html_put(d->out, lk__profile_name(p, it->ind));
            fputs("\">\n", d->out);
            int rc = lk__profile_svg_districts(p, it, d->out, 0);
            if (rc != LK_OK) return rc;
            fputs(nb ? "<figcaption>Sonene rangert etter verdi, med intervall; loddrett strek: kommunen. Form og farge: mot resten av "
                       "kommunen (sirkel bedre, trekant dårligere, rute ikke forskjellig). Skjulte soner er nevnt under figuren.</figcaption>\n"
                     : "<figcaption>The zones ranked by value, with intervals; vertical line: the kommune. Shape and colour: against the "
                       "rest of the kommune (circle better, triangle worse, diamond not different). Hidden zones are named below the "
                       "chart.</figcaption>\n", d->out);
            fputs("</figure>\n", d->out);
        }
        zone_table(d, it);
        inequality(d, it);
        if (d->kind == HTML) fputs("</article>\n", d->out);
    }
    int rc = composite(d);
    if (rc != LK_OK) return rc;
    if (d->kind == HTML) fputs("</section>\n", d->out);
    else if (d->kind == TEXT) fputs("\n", d->out);
    return ferror(d->out) ? LK_EIO : LK_OK;
}

int lk__profile_districts_text(const lk_profile *p, FILE *out)
{
    doc d = { TEXT, out, p, lk__profile_nb(p), 0 };
    return section(&d);
}

int lk__profile_districts_md(const lk_profile *p, FILE *out)
{
    doc d = { MD, out, p, lk__profile_nb(p), 0 };
    return section(&d);
}

int lk__profile_districts_html(const lk_profile *p, FILE *out)
{
    doc d = { HTML, out, p, lk__profile_nb(p), 0 };
    return section(&d);
}

static void jmeasure(FILE *out, const char *name, const lk_ineq_measure *m, double f)
{
    fprintf(out, ", \"%s\": {\"value\": ", name);
    lk__profile_jnum(out, m->defined, m->value * f);
    fputs(", \"low\": ", out);
    lk__profile_jnum(out, m->defined && m->has_ci, m->lo * f);
    fputs(", \"high\": ", out);
    lk__profile_jnum(out, m->defined && m->has_ci, m->hi * f);
    fputs(", \"why\": ", out);
    lk__profile_jstr(out, m->why);
    fputs("}", out);
}

static void jzone(FILE *out, const lk_zone *z, const lk_report_row *w)
{
    fputs("{\"zone\": ", out);
    lk__profile_jstr(out, z->code);
    fputs(", \"name\": ", out);
    lk__profile_jstr(out, z->name);
    int has = w && w->has_value;
    fputs(", \"numerator\": ", out);
    lk__profile_jnum(out, has && w->has_counts, has ? w->numerator : 0);
    fputs(", \"denominator\": ", out);
    lk__profile_jnum(out, has && w->has_counts, has ? w->denominator : 0);
    fputs(", \"value\": ", out);
    lk__profile_jnum(out, has, has ? w->value : 0);
    fputs(", \"ci_low\": ", out);
    lk__profile_jnum(out, has && w->has_ci, has ? w->ci_low : 0);
    fputs(", \"ci_high\": ", out);
    lk__profile_jnum(out, has && w->has_ci, has ? w->ci_high : 0);
    fputs(", \"index_kommune\": ", out);
    lk__profile_jnum(out, has && w->has_index_kommune, has ? w->index_kommune : 0);
    fputs(", \"vs_kommune\": ", out);
    lk__profile_jstr(out, has ? w->vs_kommune : "");
    fputs(", \"p_kommune\": ", out);
    lk__profile_jnum(out, has, has ? w->p_kommune : 0);
    fputs(", \"status\": ", out);
    lk__profile_jstr(out, w ? w->status : "~not-in-data");
    fputs("}", out);
}

int lk__profile_districts_json(const lk_profile *p, FILE *out)
{
    if (!p->zone_list) return LK_OK;
    fputs(",\n  \"districts\": {\"indicators\": [", out);
    int first = 1;
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        const lk_profile_districts *t = &it->districts;
        if (!it->report || !t->why) continue;
        fputs(first ? "\n    {\"id\": " : ",\n    {\"id\": ", out);
        first = 0;
        lk__profile_jstr(out, it->ind->id);
        if (*t->why) {
            fputs(", \"why\": ", out);
            lk__profile_jstr(out, t->why);
            fputs("}", out);
            continue;
        }
        fputs(", \"period\": ", out);
        lk__profile_jstr(out, t->period);
        fprintf(out, ", \"zones_shown\": %zu, \"zones_hidden\": %zu,\n     \"zones\": [", t->n_shown, t->n_hidden);
        for (size_t z = 0; z < t->n; z++) {
            fputs(z ? ",\n       " : "\n       ", out);
            jzone(out, t->zones[z], t->rows[z]);
        }
        fputs("],\n     \"inequality\": ", out);
        if (!t->ineq) {
            fputs("{\"why\": ", out);
            lk__profile_jstr(out, t->ineq_why);
            fputs("}}", out);
            continue;
        }
        const lk_ineq_result *r = t->ineq;
        double f = factor_of(t, it->ind);
        fprintf(out, "{\"zones_used\": %zu, \"zones_left_out\": %zu, \"highest\": ", r->n, r->n_omitted);
        lk__profile_jstr(out, t->zones[r->i_max]->code);
        fputs(", \"lowest\": ", out);
        lk__profile_jstr(out, t->zones[r->i_min]->code);
        jmeasure(out, "ratio", &r->ratio, 1);
        jmeasure(out, "difference", &r->difference, f);
        jmeasure(out, "fifth_ratio", &r->fifth_ratio, 1);
        jmeasure(out, "fifth_difference", &r->fifth_difference, f);
        jmeasure(out, "theil_t", &r->theil_t, 1);
        jmeasure(out, "mld", &r->mld, 1);
        jmeasure(out, "gini", &r->gini, 1);
        jmeasure(out, "sii", &r->sii, f);
        jmeasure(out, "rii", &r->rii, 1);
        fputs(", \"sii_interval\": ", out);
        lk__profile_jstr(out, r->sii_ci_method);
        fputs(", \"note\": ", out);
        lk__profile_jstr(out, r->note);
        fputs("}}", out);
    }
    const lk_profile_composite *c = &p->comp;
    fputs("],\n    \"composite\": ", out);
    if (!c->index) {
        fputs("{\"why\": ", out);
        lk__profile_jstr(out, c->why);
        fputs("}}", out);
        return ferror(out) ? LK_EIO : LK_OK;
    }
    const lk_composite *k = c->index;
    fputs("{\"indicators\": [", out);
    for (size_t j = 0; j < c->n_indicators; j++) {
        fputs(j ? ", " : "", out);
        lk__profile_jstr(out, p->items[c->items[j]].ind->id);
    }
    fputs("], \"note\": ", out);
    lk__profile_jstr(out, c->note);
    fputs(", \"zones\": [", out);
    for (size_t i = 0; i < c->n_districts; i++) {
        fputs(i ? ",\n      {\"zone\": " : "\n      {\"zone\": ", out);
        lk__profile_jstr(out, c->zones[i]->code);
        fputs(", \"mean_score\": ", out);
        lk__profile_jnum(out, 1, k->mean_score[i]);
        fprintf(out, ", \"rank_score\": %zu, \"mean_z\": ", k->rank_score[i]);
        lk__profile_jnum(out, 1, k->mean_z[i]);
        fputs(", \"index_z\": ", out);
        lk__profile_jnum(out, 1, k->index_z[i]);
        fprintf(out, ", \"rank_z\": %zu, \"indicators_used\": %zu", k->rank_z[i], k->n_used[i]);
        if (k->loo_rank_score) {
            fputs(", \"rank_score_without\": [", out);
            for (size_t j = 0; j < c->n_indicators; j++) fprintf(out, "%s%zu", j ? ", " : "", k->loo_rank_score[j * c->n_districts + i]);
            fputs("], \"rank_z_without\": [", out);
            for (size_t j = 0; j < c->n_indicators; j++) fprintf(out, "%s%zu", j ? ", " : "", k->loo_rank_z[j * c->n_districts + i]);
            fputs("]", out);
        }
        fputs("}", out);
    }
    fputs("]", out);
    if (k->loo_max_change_score) {
        fputs(",\n     \"leave_one_out\": [", out);
        for (size_t j = 0; j < c->n_indicators; j++) {
            fputs(j ? ", {\"without\": " : "{\"without\": ", out);
            lk__profile_jstr(out, p->items[c->items[j]].ind->id);
            fprintf(out, ", \"max_change_score\": %zu, \"zone_score\": ", k->loo_max_change_score[j]);
            lk__profile_jstr(out, c->zones[k->loo_district_score[j]]->code);
            fprintf(out, ", \"max_change_z\": %zu, \"zone_z\": ", k->loo_max_change_z[j]);
            lk__profile_jstr(out, c->zones[k->loo_district_z[j]]->code);
            fputs("}", out);
        }
        fputs("]", out);
    }
    fputs("}}", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
