/* The profile as Markdown for pandoc, with its charts as SVG files in a folder beside it, so
 * that `pandoc profil.md -o profil.docx` makes a Word document of the same content as the HTML.
 * Every text from a file or a definition is backslash-escaped where Markdown would read it as
 * markup, so it shows as written. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profile_internal.h"

/* s as Markdown text: ASCII punctuation that is markup escaped (pandoc reads a backslash before
 * any of it as the character), line breaks as spaces (a table cell and a heading are one line). */
void lk__profile_md_put(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r' || *s == '\t') { putc(' ', out); continue; }
        if (strchr("\\`*_{}[]<>#|~^&$@!", *s)) putc('\\', out);
        putc(*s, out);
    }
}

/* A whole sentence written by fn (plain text) as Markdown. */
static int md_sentence(const lk_profile *p, size_t i, int (*fn)(const lk_profile *, size_t, FILE *), FILE *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return LK_ENOMEM;
    int rc = fn(p, i, m);
    if (ferror(m) || rc == LK_EIO) rc = LK_ENOMEM; /* in memory: only for want of memory */
    if (fclose(m) != 0 || !buf) rc = LK_ENOMEM;
    if (rc == LK_OK) lk__profile_md_put(out, buf);
    free(buf);
    return rc;
}

static int md_item_text(const lk_profile *p, const lk_profile_item *it, lk__profile_sentence_fn fn, FILE *out)
{
    char *buf;
    int wrote;
    if (lk__profile_capture(p, it, fn, &buf, &wrote) != LK_OK) return LK_ENOMEM;
    if (wrote) {
        lk__profile_md_put(out, buf);
        fputs("\n\n", out);
    }
    free(buf);
    return LK_OK;
}

/* A YAML double-quoted scalar. */
static void yaml_put(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') putc('\\', out);
        if ((unsigned char)*s < 0x20) putc(' ', out);
        else putc(*s, out);
    }
    putc('"', out);
}

static void cell_value(const lk_profile *p, const lk_profile_item *it, const lk_report_row *w, FILE *out)
{
    fputs(" | ", out);
    if (w && w->has_value) {
        char b[64];
        lk__profile_number(b, sizeof b, w->value, lk__profile_decimals(it->ind), lk__profile_nb(p));
        fputs(b, out);
    } else if (w) lk__profile_md_put(out, lk__profile_missing(p, w));
}

static void barometer(const lk_profile *p, const char *charts, FILE *out)
{
    int nb = lk__profile_nb(p);
    const lk_profile_cover *c = &p->cover;
    fputs("## Barometer\n\n| ", out);
    fputs(nb ? "Indikator | Periode | " : "Indicator | Period | ", out);
    lk__profile_md_put(out, c->area_name);
    fputs(" | ", out);
    lk__profile_md_put(out, *c->fylke_name ? c->fylke_name : (nb ? "Fylke" : "County"));
    fprintf(out, " | %s | %s |\n|---|---|--:|--:|--:|---|\n", nb ? "Landet" : "Norway", nb ? "Vurdering" : "Verdict");
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        fputs("| ", out);
        lk__profile_md_put(out, lk__profile_name(p, it->ind));
        if (!it->report || !it->area) {
            fprintf(out, " | | | | | %s |\n", lk_verdict_name(LK_VERDICT_NO_DATA, nb ? "nb" : "en"));
            continue;
        }
        fputs(" | ", out);
        lk__profile_md_put(out, it->area->period);
        cell_value(p, it, it->area, out);
        cell_value(p, it, it->fylke, out);
        cell_value(p, it, it->land, out);
        fprintf(out, " | %s |\n", lk_profile_item_verdict_name(it, nb ? "nb" : "en"));
    }
    fputs("\n", out);
    int any = 0;
    for (size_t i = 0; i < p->n_items; i++) any |= p->items[i].area && p->items[i].area->has_value && p->items[i].area->has_index;
    if (charts && any) {
        fputs(nb ? "![Avvik fra landet (landet = 100) i prosent, bedre side til høyre, fylket som oransje strek]("
                 : "![Deviation from Norway (Norway = 100) in per cent, the better side to the right, the county as an orange bar](", out);
        fprintf(out, "%s/barometer.svg)\n\n", charts);
    }
}

int lk_profile_write_md(const lk_profile *p, const char *charts, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    int nb = lk__profile_nb(p);
    const char *lang = nb ? "nb" : "en";
    char title[512];
    snprintf(title, sizeof title, "%s%s", nb ? "Levekårsprofil: " : "Living-conditions profile: ", c->area_name);
    fputs("---\ntitle: ", out);
    yaml_put(out, title);
    fputs("\ndate: ", out);
    yaml_put(out, c->date);
    fprintf(out, "\nlang: %s\n---\n\n", lang);
    fprintf(out, "| | |\n|---|---|\n| %s | ", nb ? "Område" : "Area");
    lk__profile_md_put(out, c->area);
    fputs(" ", out);
    lk__profile_md_put(out, c->area_name);
    fputs(" |\n", out);
    if (*c->fylke) {
        fprintf(out, "| %s | ", nb ? "Fylke" : "County");
        lk__profile_md_put(out, c->fylke);
        fputs(" ", out);
        lk__profile_md_put(out, c->fylke_name);
        fputs(" |\n", out);
    }
    if (c->geography < 0) fprintf(out, "| %s | %s |\n", nb ? "Inndeling" : "Borders", nb ? "som publisert" : "as published");
    else if (c->geography == 0) fprintf(out, "| %s | %s |\n", nb ? "Inndeling" : "Borders", nb ? "den siste i dataene" : "the latest in the data");
    else fprintf(out, "| %s | %d |\n", nb ? "Inndeling" : "Borders", c->geography);
    fprintf(out, "| %s | ", nb ? "Laget" : "Made");
    lk__profile_md_put(out, c->date);
    fprintf(out, " (levekar %s) |\n", c->version);
    for (size_t s = 0; s < c->n_sources; s++) {
        fprintf(out, "| %s | ", nb ? "Kilde" : "Source");
        lk__profile_md_put(out, c->sources[s]);
        fputs(" |\n", out);
    }
    fprintf(out, "\n## %s\n\n", nb ? "Hovedfunn" : "Key findings");
    if (!p->n_findings) fputs(nb ? "Ingen forskjell fra landet er både signifikant og over relevansgrensen.\n\n"
                                 : "No difference from Norway is both significant and above the relevance threshold.\n\n", out);
    for (size_t i = 0; i < p->n_findings; i++) {
        fputs("- ", out);
        int rc = md_sentence(p, i, lk_profile_write_finding, out);
        if (rc != LK_OK) return rc;
        fputs("\n", out);
    }
    if (p->n_findings) fputs("\n", out);
    barometer(p, charts, out);
    char topic = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        if (it->topic != topic) fprintf(out, "## § 3 %c) %s\n\n", topic = it->topic, lk_profile_topic_name(it->topic, lang));
        fputs("### ", out);
        lk__profile_md_put(out, lk__profile_name(p, it->ind));
        fprintf(out, " (%s)\n\n", lk_profile_item_verdict_name(it, lang));
        int rc = md_sentence(p, i, lk_profile_write_item_prose, out);
        if (rc != LK_OK) return rc;
        fputs("\n\n", out);
        if (it->report && it->area && it->area->has_value) {
            if (charts) {
                fputs(nb ? "![Utvikling: " : "![Trend: ", out);
                lk__profile_md_put(out, lk__profile_name(p, it->ind));
                fprintf(out, nb ? " for området, fylket og landet, med intervall](%s/trend-%02zu.svg)\n\n"
                                : " for the area, the county and Norway, with interval](%s/trend-%02zu.svg)\n\n", charts, i + 1);
            }
            if ((rc = md_item_text(p, it, lk__profile_change_text, out)) != LK_OK || (rc = md_item_text(p, it, lk__profile_trend_text, out)) != LK_OK)
                return rc;
        }
        fprintf(out, "%s: ", nb ? "Definisjon" : "Definition");
        lk__profile_md_put(out, lk__profile_definition(p, it->ind));
        fputs("\\\n", out);
        lk__profile_md_put(out, it->ind->source ? it->ind->source : "");
        fputs("\n\n", out);
    }
    int drc = lk__profile_districts_md(p, out);
    if (drc != LK_OK) return drc;
    char lvl[16], alpha[16], thr[16];
    lk__profile_number(lvl, sizeof lvl, c->level * 100, 0, nb);
    lk__profile_number(alpha, sizeof alpha, c->alpha, 2, nb);
    lk__profile_number(thr, sizeof thr, c->relevance, 0, nb);
    fprintf(out, "## %s\n\n", nb ? "Metode og datagrunnlag" : "Methods and data notes");
    fprintf(out, nb ? "%s %%-konfidensintervall (Wilson for andeler, eksakt Poisson for rater per 1000). Hvert område testes mot "
                      "resten av landet, tosidig, α = %s. En forskjell kalles høyere eller lavere (bedre eller dårligere ut fra "
                      "indikatorens retning) bare når den er signifikant og indeksen (landet = 100) avviker med minst %s.\n\n"
                    : "%s %% confidence interval (Wilson for shares, exact Poisson for rates per 1,000). Each area is tested "
                      "against the rest of the country, two-sided, α = %s. A difference is called higher or lower (better or "
                      "worse from the indicator's direction) only when it is significant and the index (Norway = 100) differs "
                      "by at least %s.\n\n", lvl, alpha, thr);
    if (c->window > 1) fprintf(out, nb ? "Glidende %d-årstall: tellinger summert over %d år før deling.\n\n" : "Rolling %d-year figures: counts summed over %d years before dividing.\n\n", c->window, c->window);
    fprintf(out, nb ? "Skjulte celler (prikket for personvern): %zu.\n\n" : "Cells hidden for privacy (suppressed): %zu.\n\n", c->hidden);
    fprintf(out, "| %s | SHA-256 |\n|---|---|\n", nb ? "Fil" : "File");
    for (size_t f = 0; f < c->n_files; f++) {
        fputs("| ", out);
        lk__profile_md_put(out, c->files[f]);
        fprintf(out, " | `%s` |\n", c->sha256[f]);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

int lk_profile_write_chart(const lk_profile *p, long which, FILE *out)
{
    if (which < 0) {
        int any = 0;
        for (size_t i = 0; i < p->n_items; i++) any |= p->items[i].area && p->items[i].area->has_value && p->items[i].area->has_index;
        return any ? lk__profile_svg_barometer(p, out, 1) : LK_ENOTFOUND;
    }
    const lk_profile_item *it = lk_profile_item_at(p, (size_t)which);
    if (!it || !it->report || !it->area || !it->area->has_value) return LK_ENOTFOUND;
    return lk__profile_svg_trend(p, it, out, 1);
}
