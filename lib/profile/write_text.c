/* The profile as plain text (levekar profile -o FILE.txt, or standard output): the cover, the
 * key findings, a paragraph per indicator under its § 3 chapter, and the methods. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "profile_internal.h"

static void methods(const lk_profile *p, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    int nb = lk__profile_nb(p);
    char lvl[16], alpha[16], thr[16];
    lk__profile_number(lvl, sizeof lvl, c->level * 100, 0, nb);
    lk__profile_number(alpha, sizeof alpha, c->alpha, 2, nb);
    lk__profile_number(thr, sizeof thr, c->relevance, 0, nb);
    if (nb)
        fprintf(out, "Metode: %s %%-konfidensintervall (Wilson for andeler, eksakt Poisson for rater per 1000). Hvert område "
                "testes mot resten av landet, tosidig, α = %s. En forskjell kalles høyere eller lavere (og bedre eller "
                "dårligere ut fra indikatorens retning) bare når den er signifikant og indeksen (landet = 100) avviker med "
                "minst %s. Endringen fra første til siste år testes som to uavhengige utvalg.\n", lvl, alpha, thr);
    else
        fprintf(out, "Methods: %s %% confidence interval (Wilson for shares, exact Poisson for rates per 1,000). Each area is "
                "tested against the rest of the country, two-sided, α = %s. A difference is called higher or lower (and "
                "better or worse from the indicator's direction) only when it is significant and the index (Norway = 100) "
                "differs by at least %s. The change from the first to the latest year is tested as two independent "
                "samples.\n", lvl, alpha, thr);
    if (c->window > 1) fprintf(out, nb ? "Glidende %d-årstall: tellinger summert over %d år før deling.\n" : "Rolling %d-year figures: counts summed over %d years before dividing.\n", c->window, c->window);
    fprintf(out, nb ? "Skjulte celler (prikket for personvern): %zu.\n" : "Cells hidden for privacy (suppressed): %zu.\n", c->hidden);
    fputs(nb ? "Inndatafiler (SHA-256):\n" : "Input files (SHA-256):\n", out);
    for (size_t f = 0; f < c->n_files; f++) fprintf(out, "  %s  %s\n", c->sha256[f], c->files[f]);
}

int lk_profile_write_text(const lk_profile *p, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    int nb = lk__profile_nb(p);
    const char *lang = nb ? "nb" : "en";
    fprintf(out, nb ? "Levekårsprofil: %s %s\n" : "Living-conditions profile: %s %s\n", c->area, c->area_name);
    if (*c->fylke) fprintf(out, "%s: %s %s\n", nb ? "Fylke" : "County", c->fylke, c->fylke_name);
    if (c->geography < 0) fputs(nb ? "Inndeling: som publisert\n" : "Borders: as published\n", out);
    else if (c->geography == 0) fputs(nb ? "Inndeling: den siste i dataene\n" : "Borders: the latest in the data\n", out);
    else fprintf(out, nb ? "Inndeling: %d\n" : "Borders: %d\n", c->geography);
    fprintf(out, nb ? "Laget %s med levekar %s\n" : "Made %s with levekar %s\n", c->date, c->version);
    for (size_t s = 0; s < c->n_sources; s++) fprintf(out, "%s\n", c->sources[s]);
    fprintf(out, "\n%s\n", nb ? "Hovedfunn" : "Key findings");
    if (!p->n_findings) fputs(nb ? "Ingen forskjell fra landet er både signifikant og over relevansgrensen.\n"
                                 : "No difference from Norway is both significant and above the relevance threshold.\n", out);
    for (size_t i = 0; i < p->n_findings; i++) {
        fputs("- ", out);
        lk_profile_write_finding(p, i, out);
        putc('\n', out);
    }
    char topic = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        if (it->topic != topic) fprintf(out, "\n%s\n", lk_profile_topic_name(topic = it->topic, lang));
        fprintf(out, "\n%s [%s]\n", lk__profile_name(p, it->ind), lk_profile_item_verdict_name(it, lang));
        lk_profile_write_item_prose(p, i, out);
        putc('\n', out);
    }
    putc('\n', out);
    int rc = lk__profile_districts_text(p, out);
    if (rc != LK_OK) return rc;
    methods(p, out);
    return ferror(out) ? LK_EIO : LK_OK;
}
