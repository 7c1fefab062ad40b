/* The profile as one self-contained HTML file: the CSS inline (A4 for print), the charts as
 * inline SVG drawn by svg.c, alt texts on every figure, and no request to anywhere (no script,
 * no link, no image file, no font). Every text from a file or a definition is escaped. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profile_internal.h"

/* One UTF-8 character at s: its length, or 0 when ill-formed (a lone continuation byte, an
 * overlong form, a surrogate, past U+10FFFF, or cut short). */
static size_t utf8_len(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) return *cp = s[0], 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (!n) return 0;
    uint32_t c = s[0] & (0xFF >> (n + 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (n == 4 && (c < 0x10000 || c > 0x10FFFF))) return 0;
    return *cp = c, n;
}

void lk__html_put(FILE *out, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        uint32_t cp;
        size_t n = utf8_len(u, &cp);
        if (!n || (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD: nothing unshowable reaches the page */
            u += n ? n : 1;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fwrite(u, 1, n, out);
        }
        u += n;
    }
}

/* on screen the body a little wider than the A4 text: the barometer's ten columns ran past it at 180 mm (and at 205) */
static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;line-height:1.4;color:#111;max-width:215mm;margin:0 auto;padding:8mm}\n"
    "h1{font-size:20pt;margin:0 0 4mm}h2{font-size:14pt;border-bottom:1px solid #999;margin-top:8mm}h3{font-size:12pt;margin:5mm 0 2mm}\n"
    "table{border-collapse:collapse;width:100%;font-size:9pt}th,td{border-bottom:1px solid #ccc;padding:1.5mm 1.5mm;text-align:left;vertical-align:top}\n"
    "td.n{text-align:right;white-space:nowrap}th{background:#eee}dl.cover dt{font-weight:bold;float:left;width:40mm;clear:left}dl.cover dd{margin-left:42mm}\n"
    ".v{display:inline-block;padding:0 1.5mm;border-radius:2mm;white-space:nowrap;border:1px solid #333}\n"
    ".v-better{background:#0072B2;color:#fff}.v-worse{background:#D55E00;color:#fff}.v-same{background:#F0E442;color:#000}\n"
    ".v-untested,.v-neutral{background:#fff;color:#000}.v-nodata{background:#fff;color:#555;border-style:dashed}\n"
    "figure{margin:3mm 0}figcaption{font-size:9pt;color:#333}svg{max-width:100%;height:auto}\n"
    ".notes{font-size:9pt;color:#333}.nodata{color:#555}code{font-size:8.5pt;word-break:break-all}\n"
    /* on A4 the barometer's ten columns fit the 182 mm between the margins only a little
     * tighter than on screen (at 9 pt the verdict column ran off the page) */
    "@media print{table{font-size:8.5pt}th,td{padding:1mm 0.8mm}}\n"
    "@page{size:A4;margin:15mm 14mm}\n"
    "@media print{body{max-width:none;padding:0}h2{break-after:avoid}article{break-inside:avoid}section.cover{break-after:page}}\n";

static const char *verdict_class(lk_verdict v)
{
    switch (v) {
    case LK_VERDICT_BETTER: return "better";
    case LK_VERDICT_WORSE: return "worse";
    case LK_VERDICT_NOT_DIFFERENT: return "same";
    case LK_VERDICT_NOT_TESTED: return "untested";
    case LK_VERDICT_NEUTRAL: return "neutral";
    default: return "nodata";
    }
}

/* The symbols of the barometer figure's shapes, beside the word: never colour alone. */
static const char *verdict_symbol(lk_verdict v)
{
    switch (v) {
    case LK_VERDICT_BETTER: return "\xE2\x97\x8F";        /* ● */
    case LK_VERDICT_WORSE: return "\xE2\x96\xB2";         /* ▲ */
    case LK_VERDICT_NOT_DIFFERENT: return "\xE2\x97\x86"; /* ◆ */
    case LK_VERDICT_NOT_TESTED: return "\xE2\x97\x8B";    /* ○ */
    case LK_VERDICT_NEUTRAL: return "\xE2\x97\x87";       /* ◇ */
    default: return "\xE2\x80\x93";                       /* – */
    }
}

static void badge_as(FILE *out, lk_verdict v, const char *words)
{
    fprintf(out, "<span class=\"v v-%s\"><span aria-hidden=\"true\">%s</span> %s</span>", verdict_class(v), verdict_symbol(v),
            words);
}

static void badge(const lk_profile *p, FILE *out, lk_verdict v)
{
    badge_as(out, v, lk_verdict_name(v, lk__profile_nb(p) ? "nb" : "en"));
}

/* An item's verdict against landet: a significant difference below the threshold in words of its own */
static void badge_item(const lk_profile *p, FILE *out, const lk_profile_item *it)
{
    badge_as(out, it->verdict, lk_profile_item_verdict_name(it, lk__profile_nb(p) ? "nb" : "en"));
}

/* A value cell: the number, or why there is none (a hidden cell shows as hidden). */
static void value_cell(const lk_profile *p, const lk_profile_item *it, const lk_report_row *w, FILE *out)
{
    fputs("<td class=\"n\">", out);
    if (w && w->has_value) {
        char b[64];
        lk__profile_number(b, sizeof b, w->value, lk__profile_decimals(it->ind), lk__profile_nb(p));
        fputs(b, out);
    } else if (w) lk__html_put(out, lk__profile_missing(p, w));
    fputs("</td>", out);
}

/* What a function writing to a FILE wrote, escaped for HTML. */
static int put_escaped(const lk_profile *p, size_t i, int (*fn)(const lk_profile *, size_t, FILE *), FILE *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return LK_ENOMEM;
    int rc = fn(p, i, m);
    /* a stream in memory fails only for want of memory; glibc may then leave buf NULL */
    if (ferror(m) || rc == LK_EIO) rc = LK_ENOMEM;
    if (fclose(m) != 0 || !buf) rc = LK_ENOMEM;
    if (rc == LK_OK) lk__html_put(out, buf);
    free(buf);
    return rc;
}

static void cover(const lk_profile *p, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    int nb = lk__profile_nb(p);
    fputs("<section class=\"cover\">\n<h1>", out);
    fputs(nb ? "Levekårsprofil: " : "Living-conditions profile: ", out);
    lk__html_put(out, c->area_name);
    fputs("</h1>\n<dl class=\"cover\">\n", out);
    fprintf(out, "<dt>%s</dt><dd>", nb ? "Område" : "Area");
    lk__html_put(out, c->area);
    fputs(" ", out);
    lk__html_put(out, c->area_name);
    fputs("</dd>\n", out);
    if (*c->fylke) {
        fprintf(out, "<dt>%s</dt><dd>", nb ? "Fylke" : "County");
        lk__html_put(out, c->fylke);
        fputs(" ", out);
        lk__html_put(out, c->fylke_name);
        fputs("</dd>\n", out);
    }
    if (c->zones && lk_zones_count(c->zones)) { /* the districts with their codes */
        fprintf(out, "<dt>%s</dt><dd>", nb ? "Delområder" : "Districts");
        for (size_t z = 0; z < lk_zones_count(c->zones); z++) {
            const lk_zone *zn = lk_zones_get(c->zones, z);
            if (z) fputs(", ", out);
            lk__html_put(out, zn->code);
            fputs(" ", out);
            lk__html_put(out, zn->name);
        }
        fputs("</dd>\n", out);
    }
    fprintf(out, "<dt>%s</dt><dd>", nb ? "Inndeling" : "Borders");
    if (c->geography < 0) fputs(nb ? "som publisert" : "as published", out);
    else if (c->geography == 0) fputs(nb ? "den siste i dataene" : "the latest in the data", out);
    else fprintf(out, "%d", c->geography);
    fputs("</dd>\n", out);
    fprintf(out, "<dt>%s</dt><dd>", nb ? "Laget" : "Made");
    lk__html_put(out, c->date);
    fputs(nb ? " med levekar " : " with levekar ", out);
    lk__html_put(out, c->version);
    fputs("</dd>\n", out);
    fprintf(out, "<dt>%s</dt><dd>", nb ? "Kilder" : "Sources");
    for (size_t s = 0; s < c->n_sources; s++) {
        if (s) fputs("<br>", out);
        lk__html_put(out, c->sources[s]);
    }
    if (!c->n_sources) fputs(nb ? "ingen indikator hadde data" : "no indicator had data", out);
    fputs("</dd>\n</dl>\n</section>\n", out);
}

static int findings(const lk_profile *p, FILE *out)
{
    int nb = lk__profile_nb(p);
    char thr[16];
    lk__profile_number(thr, sizeof thr, p->cover.relevance, 0, nb);
    fprintf(out, "<section id=\"funn\">\n<h2>%s</h2>\n", nb ? "Hovedfunn" : "Key findings");
    fprintf(out, nb ? "<p class=\"notes\">Forskjeller fra landet som er både signifikante og minst %s %% (indeks under %g eller over %g), "
                      "den største først.</p>\n"
                    : "<p class=\"notes\">Differences from Norway both significant and at least %s %% (index below %g or above %g), "
                      "the largest first.</p>\n",
            thr, 100 - p->cover.relevance, 100 + p->cover.relevance);
    if (!p->n_findings)
        fputs(nb ? "<p>Ingen forskjell fra landet er både signifikant og over relevansgrensen.</p>\n"
                 : "<p>No difference from Norway is both significant and above the relevance threshold.</p>\n", out);
    else fputs("<ul>\n", out);
    for (size_t i = 0; i < p->n_findings; i++) {
        fputs("<li>", out);
        badge(p, out, p->items[p->findings[i].item].verdict);
        fputs(" ", out);
        int rc = put_escaped(p, i, lk_profile_write_finding, out);
        if (rc != LK_OK) return rc;
        fputs("</li>\n", out);
    }
    if (p->n_findings) fputs("</ul>\n", out);
    fputs("</section>\n", out);
    return LK_OK;
}

static int barometer(const lk_profile *p, FILE *out)
{
    int nb = lk__profile_nb(p);
    const lk_profile_cover *c = &p->cover;
    fprintf(out, "<section id=\"barometer\">\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>", "Barometer",
            nb ? "Indikator" : "Indicator", nb ? "Periode" : "Period");
    lk__html_put(out, c->area_name);
    fputs("</th><th>", out);
    const lk_report_row *kommune = NULL; /* a district's kommune: a column of its own */
    for (size_t i = 0; i < p->n_items && !kommune; i++) kommune = p->items[i].kommune;
    if (kommune) {
        lk__html_put(out, lk__profile_place(p, kommune));
        fputs("</th><th>", out);
    }
    lk__html_put(out, *c->fylke_name ? c->fylke_name : (nb ? "Fylke" : "County"));
    fprintf(out, "</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
            nb ? "Landet" : "Norway", nb ? "Enhet" : "Unit", nb ? "Teller / nevner" : "Numerator / denominator",
            nb ? "Intervall" : "Interval", nb ? "År" : "Years", nb ? "Vurdering" : "Verdict");
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        fprintf(out, "<tr><td><a href=\"#ind-%zu\">", i);
        lk__html_put(out, lk__profile_name(p, it->ind));
        fputs("</a></td>", out);
        if (!it->report || !it->area) {
            fprintf(out, "<td colspan=\"%d\" class=\"nodata\">%s</td><td>", kommune ? 9 : 8, nb ? "ingen data" : "no data");
            badge(p, out, LK_VERDICT_NO_DATA);
            fputs("</td></tr>\n", out);
            continue;
        }
        fputs("<td>", out);
        lk__html_put(out, it->area->period);
        fputs("</td>", out);
        value_cell(p, it, it->area, out);
        if (kommune) value_cell(p, it, it->kommune, out);
        value_cell(p, it, it->fylke, out);
        value_cell(p, it, it->land, out);
        char unit[96];
        lk__profile_value(p, it->ind, 0, unit, sizeof unit);
        fprintf(out, "<td>%s</td><td class=\"n\">", strchr(unit, ' ') ? strchr(unit, ' ') + 1 : unit);
        if (it->area->has_counts) {
            char a[64], b[64];
            lk__profile_number(a, sizeof a, it->area->numerator, 0, nb);
            lk__profile_number(b, sizeof b, it->area->denominator, 0, nb);
            fprintf(out, "%s / %s", a, b);
        }
        fputs("</td><td class=\"n\">", out);
        if (it->area->has_ci) {
            char a[64], b[64];
            lk__profile_number(a, sizeof a, it->area->ci_low, lk__profile_decimals(it->ind), nb);
            lk__profile_number(b, sizeof b, it->area->ci_high, lk__profile_decimals(it->ind), nb);
            fprintf(out, "%s–%s", a, b);
        }
        fprintf(out, "</td><td class=\"n\">%d</td><td>", it->area->years_used > 0 ? it->area->years_used : 1);
        badge_item(p, out, it);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    fprintf(out, "<figure aria-label=\"%s\">\n", nb ? "Barometer: indikatorene mot landet" : "Barometer: the indicators against Norway");
    int rc = lk__profile_svg_barometer(p, out, 0);
    if (rc != LK_OK) return rc;
    fprintf(out, "<figcaption>%s</figcaption>\n</figure>\n</section>\n",
            nb ? "Avvik fra landet (landet = 100) i prosent, med bedre side til høyre; den oransje streken er fylket. "
                 "Formen viser vurderingen: ● bedre, ▲ dårligere, ◆ ikke forskjellig eller liten forskjell, ○ ikke testet eller verdinøytral."
               : "Deviation from Norway (Norway = 100) in per cent, the better side to the right; the orange bar is the county. "
                 "The shape shows the verdict: ● better, ▲ worse, ◆ not different or a small difference, ○ not tested or value-neutral.");
    return LK_OK;
}

/* A sentence of words.c (plain text) as a paragraph. */
static int paragraph(const lk_profile *p, const lk_profile_item *it, lk__profile_sentence_fn fn, FILE *out)
{
    char *buf;
    int wrote;
    if (lk__profile_capture(p, it, fn, &buf, &wrote) != LK_OK) return LK_ENOMEM;
    if (wrote) {
        fputs("<p>", out);
        lk__html_put(out, buf);
        fputs("</p>\n", out);
    }
    free(buf);
    return LK_OK;
}

static void notes(const lk_profile *p, const lk_profile_item *it, FILE *out)
{
    int nb = lk__profile_nb(p);
    fprintf(out, "<dl class=\"notes\">\n<dt>%s</dt><dd>", nb ? "Definisjon" : "Definition");
    lk__html_put(out, lk__profile_definition(p, it->ind));
    fprintf(out, "</dd>\n<dt>%s</dt><dd>", nb ? "Kilde" : "Source");
    lk__html_put(out, it->ind->source ? it->ind->source : "");
    fputs("</dd>\n", out);
    if ((it->ind->family && *it->ind->family) || it->ind->break_year) {
        fprintf(out, "<dt>%s</dt><dd>", nb ? "Merknader" : "Caveats");
        if (it->ind->family && *it->ind->family) {
            fputs(nb ? "Definisjonsfamilie: " : "Definition family: ", out);
            lk__html_put(out, it->ind->family);
            fputs(nb ? " (tall fra ulike familier, som SSBs, NAVs og FHIs arbeidsledighet, kan ikke sammenlignes). "
                     : " (figures of different families, such as SSB's, NAV's and FHI's unemployment, are not comparable). ", out);
        }
        if (it->ind->break_year) fprintf(out, nb ? "Brudd i serien i %d." : "Series break in %d.", it->ind->break_year);
        fputs("</dd>\n", out);
    }
    fputs("</dl>\n", out);
}

static int indicator(const lk_profile *p, size_t i, FILE *out)
{
    const lk_profile_item *it = &p->items[i];
    int nb = lk__profile_nb(p);
    fprintf(out, "<article id=\"ind-%zu\">\n<h3>", i);
    lk__html_put(out, lk__profile_name(p, it->ind));
    fputs(" ", out);
    badge_item(p, out, it);
    fputs("</h3>\n<p>", out);
    int rc = put_escaped(p, i, lk_profile_write_item_prose, out);
    fputs("</p>\n", out);
    if (rc != LK_OK) return rc;
    if (it->report && it->area && it->area->has_value) {
        fputs("<figure aria-label=\"", out);
        fputs(nb ? "Utvikling over tid: " : "Over time: ", out);
        lk__html_put(out, lk__profile_name(p, it->ind));
        fputs("\">\n", out);
        if ((rc = lk__profile_svg_trend(p, it, out, 0)) != LK_OK) return rc;
        fputs(nb ? "<figcaption>Heltrukket: området, med intervall som bånd; stiplet: fylket; prikket: landet. Loddrette linjer: "
                   "brudd i serien og reformene i 2020 og 2024.</figcaption>\n"
                 : "<figcaption>Solid: the area, its interval as a band; dashed: the county; dotted: Norway. Vertical lines: "
                   "series breaks and the reforms of 2020 and 2024.</figcaption>\n", out);
        fputs("</figure>\n", out);
        if ((rc = paragraph(p, it, lk__profile_change_text, out)) != LK_OK || (rc = paragraph(p, it, lk__profile_trend_text, out)) != LK_OK)
            return rc;
    } else if (!it->report && *it->no_data) {
        fprintf(out, "<p class=\"nodata\">%s ", nb ? "Hvorfor:" : "Why:");
        lk__html_put(out, it->no_data);
        fputs("</p>\n", out);
    }
    notes(p, it, out);
    fputs("</article>\n", out);
    return LK_OK;
}

static void methods(const lk_profile *p, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    int nb = lk__profile_nb(p);
    char lvl[16], alpha[16], thr[16];
    lk__profile_number(lvl, sizeof lvl, c->level * 100, 0, nb);
    lk__profile_number(alpha, sizeof alpha, c->alpha, 2, nb);
    lk__profile_number(thr, sizeof thr, c->relevance, 0, nb);
    fprintf(out, "<section id=\"metode\">\n<h2>%s</h2>\n<p>", nb ? "Metode og datagrunnlag" : "Methods and data notes");
    if (nb)
        fprintf(out, "%s %%-konfidensintervall: Wilson for andeler, eksakt Poisson for rater per 1000. Hvert område testes mot "
                "resten av landet (landet minus området), tosidig, α = %s; andeler med z-test for to andeler, rater med eksakt "
                "test av to Poisson-rater; beløp i kroner og publiserte rater testes ikke. En forskjell kalles høyere eller lavere "
                "(bedre eller dårligere ut fra indikatorens retning) bare når den er signifikant og indeksen (landet = 100) avviker "
                "med minst %s. Endringen fra første til siste år testes som to uavhengige utvalg. Registertall er fulltellinger; "
                "intervall og tester behandler dem som utfall av en underliggende risiko. Ingen justering for mange sammenligninger.",
                lvl, alpha, thr);
    else
        fprintf(out, "%s %% confidence interval: Wilson for shares, exact Poisson for rates per 1,000. Each area is tested against "
                "the rest of the country (the country minus the area), two-sided, α = %s; shares by the two-proportion z test, "
                "rates by the exact test of two Poisson rates; amounts in kroner and published rates are not tested. A difference "
                "is called higher or lower (better or worse from the indicator's direction) only when it is significant and the "
                "index (Norway = 100) differs by at least %s. The change from the first to the latest year is tested as two "
                "independent samples. Register counts are full counts; intervals and tests treat them as realisations of an "
                "underlying risk. No adjustment for multiple comparisons.", lvl, alpha, thr);
    fputs("</p>\n<p>", out);
    if (c->window > 1) fprintf(out, nb ? "Glidende %d-årstall: tellinger summert over %d år før deling. " : "Rolling %d-year figures: counts summed over %d years before dividing. ", c->window, c->window);
    else fputs(nb ? "Årstall, uten sammenslåing av år. " : "Yearly figures, no pooling of years. ", out);
    fprintf(out, nb ? "Skjulte celler (prikket for personvern): %zu.</p>\n" : "Cells hidden for privacy (suppressed): %zu.</p>\n", c->hidden);
    fprintf(out, "<p>%s ", nb ? "Symboler:" : "Symbols:");
    for (lk_verdict v = LK_VERDICT_BETTER; v <= LK_VERDICT_NEUTRAL; v++) {
        badge(p, out, v);
        fputs(" ", out);
    }
    badge(p, out, LK_VERDICT_NO_DATA);
    fprintf(out, nb ? " ◆ liten forskjell: signifikant, men indeksen avviker med mindre enn %s." : " ◆ small difference: significant, but the index differs by less than %s.", thr);
    fputs(nb ? " — en celle uten tall viser hvorfor (skjult: prikket for personvern).</p>\n"
             : " — a cell without a number says why (hidden: suppressed for privacy).</p>\n", out);
    fprintf(out, "<h3>%s</h3>\n<table>\n<thead><tr><th>%s</th><th>SHA-256</th></tr></thead>\n<tbody>\n", nb ? "Inndatafiler" : "Input files",
            nb ? "Fil" : "File");
    for (size_t f = 0; f < c->n_files; f++) {
        fputs("<tr><td>", out);
        lk__html_put(out, c->files[f]);
        fputs("</td><td><code>", out);
        lk__html_put(out, c->sha256[f]);
        fputs("</code></td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    if (p->n_msgs) {
        fprintf(out, "<h3>%s</h3>\n<ul class=\"notes\">\n", nb ? "Merknader fra innlesingen" : "Notes from reading the data");
        for (size_t m = 0; m < p->n_msgs; m++) {
            fputs("<li>", out);
            lk__html_put(out, p->msgs[m].text);
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    fputs("</section>\n", out);
}

int lk_profile_write_html(const lk_profile *p, FILE *out)
{
    int nb = lk__profile_nb(p);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", nb ? "nb" : "en");
    fputs(nb ? "Levekårsprofil: " : "Living-conditions profile: ", out);
    lk__html_put(out, p->cover.area_name);
    fprintf(out, "</title>\n<meta name=\"generator\" content=\"levekar %s\">\n<style>\n%s</style>\n</head>\n<body>\n", p->cover.version, css);
    cover(p, out);
    int rc = findings(p, out);
    if (rc != LK_OK) return rc;
    if ((rc = barometer(p, out)) != LK_OK) return rc;
    char topic = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        if (p->items[i].topic != topic) {
            if (topic) fputs("</section>\n", out);
            topic = p->items[i].topic;
            fprintf(out, "<section>\n<h2>§ 3 %c) %s</h2>\n", topic, lk_profile_topic_name(topic, nb ? "nb" : "en"));
        }
        if ((rc = indicator(p, i, out)) != LK_OK) return rc;
    }
    if (topic) fputs("</section>\n", out);
    if ((rc = lk__profile_districts_html(p, out)) != LK_OK) return rc;
    methods(p, out);
    fputs("</body>\n</html>\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
