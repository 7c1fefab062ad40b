/* Writing reports: CSV (decimal point, full precision), aligned text, Markdown, JSON and prose.
 * Bokmål text, Markdown and prose use decimal commas. Every format except CSV (whose header is
 * fixed) names the indicator's definition and source. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"

/* ------------------------------------------------------------------ text safety */

size_t lk_utf8_next(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0], lo = 0x80, hi = 0xBF;
    size_t need;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0Fu;
        if (c == 0xE0) lo = 0xA0; /* no overlong forms */
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07u;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        unsigned d = u[k]; /* a NUL is out of range: the end is never passed */
        if (d < lo || d > hi) {
            *cp = 0xFFFD;
            return k;
        }
        v = v << 6 | (d & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

int lk_char_unshowable(uint32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r') return 0;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

static size_t utf8_encode(char *b, uint32_t cp)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | cp >> 18);
    b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void lk_put_utf8(FILE *out, uint32_t cp)
{
    char b[4];
    fwrite(b, 1, utf8_encode(b, cp), out);
}

/* Where escaped text goes: a stream, or a buffer that counts what did not fit. */
typedef struct sink {
    FILE *out;
    char *dst;
    size_t size, len;
} sink;

static void sink_put(sink *k, const char *s, size_t n)
{
    if (k->out) fwrite(s, 1, n, k->out);
    else
        for (size_t i = 0; i < n; i++)
            if (k->len + i + 1 < k->size) k->dst[k->len + i] = s[i];
    k->len += n;
}

static void md_escape(sink *k, const char *s, int line_start)
{
    const char *p = s ? s : "", *escape_at = NULL;
    if (line_start) { /* what would open a block: a list, a setext underline, an ordered list */
        size_t digits = strspn(p, "0123456789");
        if (*p == '-' || *p == '+' || *p == '=') escape_at = p;
        else if (digits > 0 && digits < 10 && (p[digits] == '.' || p[digits] == ')')) escape_at = p + digits;
        else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') { /* four would be a code block */
            sink_put(k, "&#32;", 5);
            p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
        }
    }
    while (*p) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        char b[4];
        if (p == escape_at || (cp && cp < 0x80 && strchr("\\`*_[]|~#$", (int)cp))) {
            sink_put(k, "\\", 1);
            sink_put(k, p, 1);
        } else if (cp == '<') {
            sink_put(k, "&lt;", 4);
        } else if (cp == '>') {
            sink_put(k, "&gt;", 4);
        } else if (cp == '&') {
            sink_put(k, "&amp;", 5);
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            if (cp == '\r' && p[1] == '\n') n = 2;
            sink_put(k, " ", 1);
        } else {
            sink_put(k, b, utf8_encode(b, lk_char_unshowable(cp) ? 0xFFFD : cp));
        }
        p += n;
    }
}

size_t lk_md_escape(char *dst, size_t size, const char *s, int line_start)
{
    sink k = { NULL, dst, size, 0 };
    md_escape(&k, s, line_start);
    if (size) dst[k.len < size ? k.len : size - 1] = '\0';
    return k.len;
}

void lk_json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const char *p = s ? s : ""; *p;) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        p += n;
        switch (cp) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (cp < 0x20 || cp == 0x2028 || cp == 0x2029) fprintf(out, "\\u%04x", (unsigned)cp);
            else lk_put_utf8(out, cp);
        }
    }
    putc('"', out);
}

/* Markdown text of s into out (a heading, a list line, a note). */
static void md_put(FILE *out, const char *s, int line_start)
{
    sink k = { out, NULL, 0, 0 };
    md_escape(&k, s, line_start);
}

static int nb(const lk_report *r)
{
    return strcmp(r->opts.lang, "en") != 0;
}

/* A number for people: fixed decimals, decimal comma in bokmål. */
static void human(const lk_report *r, char *buf, size_t size, double v, int decimals)
{
    if (!isfinite(v)) { /* not reached: such values are flagged; never "inf" in a text */
        if (size) buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == ',') *p = nb(r) ? ',' : '.';
    if (strcmp(buf, "-0") == 0 || strcmp(buf, "-0,0") == 0 || strcmp(buf, "-0.0") == 0) memmove(buf, buf + 1, strlen(buf));
}

static int decimals(const lk_report *r)
{
    return r->ind->scale == LK_SCALE_KRONER ? 0 : 1;
}

static const char *unit(const lk_report *r)
{
    if (r->published_unit) return r->published_unit; /* as the file states it: never rescaled */
    switch (r->ind->scale) {
    case LK_SCALE_PERCENT: return nb(r) ? "prosent" : "per cent";
    case LK_SCALE_PER1000: return nb(r) ? "per 1000" : "per 1,000";
    default: return nb(r) ? "kroner" : "NOK";
    }
}

static const char *name(const lk_report *r)
{
    return !nb(r) && r->ind->name_en ? r->ind->name_en : r->ind->name_nb;
}

static const char *definition(const lk_report *r)
{
    return !nb(r) && *r->ind->definition_en ? r->ind->definition_en : r->ind->definition_nb;
}

static const char *vs_word(const lk_report *r, const char *vs)
{
    if (!*vs) return "";
    if (!nb(r)) return vs;
    return strcmp(vs, "higher") == 0 ? "høyere" : strcmp(vs, "lower") == 0 ? "lavere" : "som landet";
}

static void method_note(const lk_report *r, FILE *out, const char *prefix)
{
    char lvl[16];
    human(r, lvl, sizeof lvl, r->opts.level * 100, 0);
    const char *ci = r->ind->scale == LK_SCALE_PER1000 ? (nb(r) ? "eksakt Poisson" : "exact Poisson")
                   : r->opts.ci == LK_CI_EXACT ? (nb(r) ? "eksakt (Clopper-Pearson)" : "exact (Clopper-Pearson)")
                   : "Wilson";
    if (nb(r))
        fprintf(out, "%s%s %%-konfidensintervall (%s). Registertall er fulltellinger; intervall og tester behandler dem "
                "som utfall av en underliggende risiko. Hvert område testes mot resten av landet (landet minus området), "
                "tosidig på %g %%-nivå. Indeks: landet = 100.\n", prefix, lvl, ci, r->opts.alpha * 100);
    else
        fprintf(out, "%s%s %% confidence interval (%s). Register counts are full counts; intervals and tests treat them "
                "as realisations of an underlying risk. Each area is tested against the rest of the country (the country "
                "minus the area), two-sided at the %g %% level. Index: Norway = 100.\n", prefix, lvl, ci, r->opts.alpha * 100);
}

/* A text from a definition: as it is, or as Markdown text. */
static void user_text(FILE *out, const char *s, int md, int line_start)
{
    if (md) md_put(out, s, line_start);
    else fputs(s, out);
}

/* An indicator with several source definitions: which one gave the figures of which years
 * ("SSB 10539 (november) / 07459: 2011-2020; SSB 13563: 2021-2024"), in the order of the
 * definition file, so that a series that changes source says so. */
static void definitions_used(const lk_report *r, FILE *out, int md)
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
        fprintf(out, "%s", first ? (nb(r) ? "Kilde brukt: " : "Source used: ") : "; ");
        user_text(out, name, md, 0);
        if (strcmp(lo_text, hi_text) == 0) fprintf(out, " (%s)", lo_text);
        else fprintf(out, " (%s-%s)", lo_text, hi_text);
        first = 0;
    }
    if (!first) fputs(".\n", out);
}

static void notes(const lk_report *r, FILE *out, int md)
{
    fprintf(out, "%s: ", nb(r) ? "Definisjon" : "Definition");
    user_text(out, definition(r), md, 0);
    putc('\n', out);
    if (*r->ind->family) {
        fprintf(out, "%s: ", nb(r) ? "Definisjonsfamilie" : "Definition family");
        user_text(out, r->ind->family, md, 0);
        putc('\n', out);
    }
    if (r->ind->break_year)
        fprintf(out, "%s %d.\n", nb(r) ? "Brudd i serien i" : "Series break in", r->ind->break_year);
    definitions_used(r, out, md);
    if (r->any_counts) method_note(r, out, ""); /* intervals and tests of counts */
    if (r->any_published)
        fputs(nb(r) ? "Publisert rate: verdier merket ~published er brukt slik kilden publiserte dem, også for fylket og "
                      "landet (en rate kan ikke summeres fra kommunene); de har intervall bare der kilden oppgir det, og "
                      "testes ikke. Der filen også har tellinger, er tellingene brukt.\n"
                    : "Published rate: values marked ~published are used as the source published them, fylke and landet "
                      "too (a rate cannot be summed from the kommuner); they have an interval only where the source gives "
                      "one, and are not tested. Where the file also has counts, the counts are used.\n", out);
    if (r->n_compare)
        fputs(nb(r) ? "Sammenligningsregioner: Landet uten Oslo testes mot resten (området er en del av det); en "
                      "KOSTRA-gruppe eller en annen kommune som et uavhengig utvalg (konservativt når området er med i "
                      "gruppen). Indeks: området mot regionen = 100.\n"
                    : "Comparison regions: Landet uten Oslo is tested against its rest (the area is part of it); a KOSTRA "
                      "group or another kommune as an independent sample (conservative when the area is in the group). "
                      "Index: the area against the region = 100.\n", out);
    user_text(out, r->ind->source, md, 1);
    putc('\n', out);
}

/* ------------------------------------------------------------------ CSV */

static void csv_number(FILE *out, int has, double v)
{
    if (has) {
        char b[40];
        lk_format_number(b, sizeof b, v);
        fputs(b, out);
    }
}

/* The area row's comparison with region code, or NULL. */
static const lk_report_cmp *cmp_of(const lk_report_row *w, const char *code)
{
    for (size_t i = 0; i < w->n_compare; i++)
        if (strcmp(w->compare[i].region, code) == 0) return &w->compare[i];
    return NULL;
}

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

static int write_csv(const lk_report *r, FILE *out)
{
    int named = several_definitions(r);
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
        csv_number(out, w->has_counts, w->numerator);
        putc(',', out);
        csv_number(out, w->has_counts, w->denominator);
        putc(',', out);
        csv_number(out, w->has_value, w->value);
        putc(',', out);
        csv_number(out, w->has_ci, w->ci_low);
        putc(',', out);
        csv_number(out, w->has_ci, w->ci_high);
        putc(',', out);
        csv_number(out, w->has_index, w->index_land);
        fprintf(out, ",%s,", w->vs_land);
        lk_csv_write_field(out, w->status);
        for (size_t k = 0; k < r->n_compare; k++) {
            const lk_report_cmp *x = cmp_of(w, r->compare[k]);
            putc(',', out);
            csv_number(out, x && x->has_index, x ? x->index : 0);
            fprintf(out, ",%s", x ? x->vs : "");
        }
        if (named) {
            putc(',', out);
            lk_csv_write_field(out, w->variant ? w->variant : "");
        }
        putc('\n', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

/* ------------------------------------------------------------------ text and Markdown */

#define NCOL 9

/* A table row's cells, each allocated to its full length (a name is never cut). */
typedef struct cells { char *c[NCOL]; } cells;

static void cells_free(cells *t)
{
    for (int k = 0; k < NCOL; k++) free(t->c[k]);
}

/* Cell text: as it is in text tables, escaped in Markdown. */
static int set_cell(char **cell, const char *a, const char *b, int md)
{
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *raw = malloc(la + lb + 2);
    if (!raw) return LK_ENOMEM;
    memcpy(raw, a, la);
    raw[la] = '\0';
    if (b) {
        raw[la] = ' ';
        memcpy(raw + la + 1, b, lb + 1);
    }
    if (!md) {
        *cell = raw;
        return LK_OK;
    }
    size_t n = lk_md_escape(NULL, 0, raw, 0);
    *cell = malloc(n + 1);
    if (*cell) lk_md_escape(*cell, n + 1, raw, 0);
    free(raw);
    return *cell ? LK_OK : LK_ENOMEM;
}

static int row_cells(const lk_report *r, const lk_report_row *w, cells *t, int md)
{
    int d = decimals(r);
    char c[NCOL][96];
    memset(c, 0, sizeof c);
    if (w->has_counts) {
        human(r, c[2], sizeof c[2], w->numerator, 0);
        human(r, c[3], sizeof c[3], w->denominator, 0);
    }
    if (w->has_value) human(r, c[4], sizeof c[4], w->value, r->ind->scale == LK_SCALE_KRONER ? 0 : 2);
    if (w->has_ci) {
        char lo[32], hi[32];
        human(r, lo, sizeof lo, w->ci_low, d + 1);
        human(r, hi, sizeof hi, w->ci_high, d + 1);
        snprintf(c[5], sizeof c[5], "%s - %s", lo, hi);
    }
    if (w->has_index) human(r, c[6], sizeof c[6], w->index_land, 0);
    int rc = set_cell(&t->c[0], w->period, NULL, md);
    if (rc == LK_OK) rc = set_cell(&t->c[1], w->region, w->region_name, md);
    for (int k = 2; k <= 6 && rc == LK_OK; k++) rc = set_cell(&t->c[k], c[k], NULL, md);
    if (rc == LK_OK) rc = set_cell(&t->c[7], vs_word(r, w->vs_land), NULL, md);
    if (rc == LK_OK && w->built && *w->status) rc = set_cell(&t->c[8], w->status, "(built)", md);
    else if (rc == LK_OK && w->built) rc = set_cell(&t->c[8], "(built from kommuner)", NULL, md);
    else if (rc == LK_OK) rc = set_cell(&t->c[8], w->status, NULL, md);
    return rc;
}

/* Display width: UTF-8 lead bytes only. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

static int write_table(const lk_report *r, FILE *out, int md)
{
    const char *head_nb[] = { "Periode", "Område", "Teller", "Nevner", "Verdi", "Konfidensintervall", "Indeks", "Mot landet", "Merknad" };
    const char *head_en[] = { "Period", "Area", "Numerator", "Denominator", "Value", "Confidence interval", "Index", "vs Norway", "Note" };
    const char **head = nb(r) ? head_nb : head_en;
    const int ncol = NCOL;
    size_t width[NCOL];
    for (int k = 0; k < ncol; k++) width[k] = strlen(head[k]);
    cells *all = calloc(r->n ? r->n : 1, sizeof *all);
    if (!all) return LK_ENOMEM;
    int rc = LK_OK;
    for (size_t i = 0; i < r->n && rc == LK_OK; i++) {
        rc = row_cells(r, &r->rows[i], &all[i], md);
        for (int k = 0; k < ncol && rc == LK_OK; k++) {
            size_t wdt = text_width(all[i].c[k]);
            if (wdt > width[k]) width[k] = wdt;
        }
    }
    if (rc != LK_OK) {
        for (size_t i = 0; i < r->n; i++) cells_free(&all[i]);
        free(all);
        return rc;
    }
    if (md) {
        fputs("### ", out);
        md_put(out, name(r), 0);
        fprintf(out, " (%s)\n\n", unit(r));
    } else {
        fprintf(out, "%s (%s)\n\n", name(r), unit(r));
    }
    for (size_t i = 0; i <= r->n; i++) {
        for (int k = 0; k < ncol; k++) {
            const char *s = i == 0 ? head[k] : all[i - 1].c[k];
            size_t wdt = text_width(s);
            int right = k >= 2 && k <= 6;
            if (md) fputs("| ", out);
            else if (k) fputs("  ", out);
            if (right) for (size_t s2 = wdt; s2 < width[k]; s2++) putc(' ', out);
            fputs(s, out);
            if (!right && (md || k < ncol - 1)) for (size_t s2 = wdt; s2 < width[k]; s2++) putc(' ', out);
            if (md) putc(' ', out);
        }
        if (md) putc('|', out);
        putc('\n', out);
        if (i == 0 && md) {
            for (int k = 0; k < ncol; k++) {
                fputs("|", out);
                int right = k >= 2 && k <= 6;
                for (size_t s2 = 0; s2 < width[k] + 2; s2++) putc(right && s2 == width[k] + 1 ? ':' : '-', out);
            }
            fputs("|\n", out);
        }
    }
    for (size_t i = 0; i < r->n; i++) cells_free(&all[i]);
    free(all);
    putc('\n', out);
    for (size_t i = 0; i < r->n; i++) { /* published parents that differ from their kommuner */
        const lk_report_row *w = &r->rows[i];
        if (!w->has_kommune_sum || (w->kommune_numerator == w->numerator && w->kommune_denominator == w->denominator)) continue;
        char a[40], b[40], c2[40], d[40];
        human(r, a, sizeof a, w->numerator, 0);
        human(r, b, sizeof b, w->denominator, 0);
        human(r, c2, sizeof c2, w->kommune_numerator, 0);
        human(r, d, sizeof d, w->kommune_denominator, 0);
        if (md) {
            fputs("- ", out);
            md_put(out, w->period, 0);
            putc(' ', out);
            md_put(out, w->region, 0);
            putc(' ', out);
            md_put(out, w->region_name, 0);
        } else {
            fprintf(out, "%s %s %s", w->period, w->region, w->region_name);
        }
        fprintf(out, nb(r) ? ": filen oppgir %s / %s, kommunene summerer til %s / %s.\n"
                           : ": the file gives %s / %s, its kommuner sum to %s / %s.\n", a, b, c2, d);
    }
    int compared = 0;
    for (size_t i = 0; i < r->n; i++) { /* each area against its comparison regions */
        const lk_report_row *w = &r->rows[i];
        for (size_t k = 0; k < w->n_compare; k++) {
            const lk_report_cmp *x = &w->compare[k];
            const char *cname = "";
            for (size_t j = 0; j < r->n; j++)
                if (strcmp(r->rows[j].region, x->region) == 0) cname = r->rows[j].region_name;
            char ix[40] = "";
            if (!x->has_index && !*x->vs) continue; /* no value to compare: the region's row says why */
            if (x->has_index) human(r, ix, sizeof ix, x->index, 0);
            if (md) {
                fputs("- ", out);
                md_put(out, w->period, 0);
                putc(' ', out);
                md_put(out, w->region, 0);
                putc(' ', out);
                md_put(out, w->region_name, 0);
                fputs(nb(r) ? " mot " : " against ", out);
                md_put(out, x->region, 0);
                putc(' ', out);
                md_put(out, cname, 0);
            } else {
                fprintf(out, "%s %s%s%s %s %s%s%s", w->period, w->region, *w->region_name ? " " : "", w->region_name,
                        nb(r) ? "mot" : "against", x->region, *cname ? " " : "", cname);
            }
            const char *vs = !*x->vs ? (nb(r) ? "ikke testet" : "not tested")
                           : !nb(r) ? x->vs
                           : strcmp(x->vs, "higher") == 0 ? "høyere" : strcmp(x->vs, "lower") == 0 ? "lavere" : "ingen sikker forskjell";
            if (x->has_index) fprintf(out, ": %s %s, %s.\n", nb(r) ? "indeks" : "index", ix, vs);
            else fprintf(out, ": %s.\n", vs);
            compared = 1;
        }
    }
    if (compared) putc('\n', out); /* the notes are no part of the list */
    notes(r, out, md);
    return ferror(out) ? LK_EIO : LK_OK;
}

/* ------------------------------------------------------------------ JSON */

static void json_number(FILE *out, int has, double v)
{
    if (!has || !isfinite(v)) {
        fputs("null", out);
        return;
    }
    char b[40];
    lk_format_number(b, sizeof b, v);
    fputs(b, out);
}

static int write_json(const lk_report *r, FILE *out)
{
    const lk_indicator *ind = r->ind;
    fputs("{\n  \"indicator\": {\"id\": ", out);
    lk_json_string(out, ind->id);
    fputs(", \"name\": ", out);
    lk_json_string(out, name(r));
    fputs(", \"unit\": ", out);
    lk_json_string(out, ind->scale == LK_SCALE_PERCENT ? "percent" : ind->scale == LK_SCALE_PER1000 ? "per1000" : "kroner");
    fprintf(out, ", \"higher_is_worse\": %s, \"family\": ", ind->higher_is_worse ? "true" : "false");
    lk_json_string(out, ind->family);
    fputs(", \"definition\": ", out);
    lk_json_string(out, definition(r));
    fputs(", \"source\": ", out);
    lk_json_string(out, ind->source);
    fprintf(out, "},\n  \"method\": {\"ci\": \"%s\", \"level\": ", !r->any_counts ? "as-published"
            : ind->scale == LK_SCALE_PER1000 ? "poisson-exact"
            : r->opts.ci == LK_CI_EXACT ? "exact" : r->opts.ci == LK_CI_NONE ? "none" : "wilson");
    json_number(out, 1, r->opts.level);
    fputs(", \"alpha\": ", out);
    json_number(out, 1, r->opts.alpha);
    fputs(", \"test\": \"area against the rest of the reference\", \"note\": \"register counts treated as "
          "realisations of an underlying risk\"", out);
    fprintf(out, ", \"published_rates\": %s", r->any_published ? "true" : "false");
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
        json_number(out, w->has_counts, w->numerator);
        fputs(", \"denominator\": ", out);
        json_number(out, w->has_counts, w->denominator);
        fputs(", \"value\": ", out);
        json_number(out, w->has_value, w->value);
        fputs(", \"ci_low\": ", out);
        json_number(out, w->has_ci, w->ci_low);
        fputs(", \"ci_high\": ", out);
        json_number(out, w->has_ci, w->ci_high);
        fputs(", \"index_land\": ", out);
        json_number(out, w->has_index, w->index_land);
        fputs(", \"index_fylke\": ", out);
        json_number(out, w->has_index_fylke, w->index_fylke);
        fprintf(out, ", \"vs_land\": \"%s\", \"p_land\": ", w->vs_land);
        json_number(out, !isnan(w->p_land), w->p_land);
        fprintf(out, ", \"vs_fylke\": \"%s\", \"p_fylke\": ", w->vs_fylke);
        json_number(out, !isnan(w->p_fylke), w->p_fylke);
        fputs(", \"kommune_sum_numerator\": ", out);
        json_number(out, w->has_kommune_sum, w->kommune_numerator);
        fputs(", \"kommune_sum_denominator\": ", out);
        json_number(out, w->has_kommune_sum, w->kommune_denominator);
        fprintf(out, ", \"built_from_kommuner\": %s, \"years\": %d, \"status\": ", w->built ? "true" : "false", w->years_used);
        lk_json_string(out, w->status);
        fputs(", \"source_definition\": ", out);
        lk_json_string(out, w->variant ? w->variant : "");
        fprintf(out, ", \"source_kind\": \"%s\", \"role\": ", w->published ? "published-rate" : "counts");
        lk_json_string(out, w->role);
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
                json_number(out, x->has_index, x->index);
                fprintf(out, ", \"vs\": \"%s\", \"p\": ", x->vs);
                json_number(out, !isnan(x->p), x->p);
                putc('}', out);
            }
            putc(']', out);
        }
        putc('}', out);
    }
    fputs("\n  ]\n}\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}

/* ------------------------------------------------------------------ prose */

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
    human(r, v, size < sizeof v ? size : sizeof v, w->value, decimals(r));
    snprintf(buf, size, "%s %s", v, unit(r));
}

static int write_prose(const lk_report *r, FILE *out)
{
    /* One paragraph per area: its latest period with a value. */
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *a = &r->rows[i];
        if (strcmp(a->role, "area") != 0 && *a->role) continue;
        if (!*a->role && a->level != LK_LEVEL_KOMMUNE) continue;
        int later = 0;
        for (size_t k = i + 1; k < r->n; k++)
            if (strcmp(r->rows[k].region, a->region) == 0 && r->rows[k].has_value) later = 1;
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
        const char *def = name(r);
        if (nb(r)) {
            fprintf(out, "I %s var verdien for %s %s i %s", a->period, def, va, a->region_name);
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
        } else {
            fprintf(out, "In %s the value for %s was %s in %s", a->period, def, va, a->region_name);
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
        }
        for (size_t k = 0; k < a->n_compare; k++) { /* the tests against the comparison regions */
            const lk_report_cmp *c = &a->compare[k];
            const lk_report_row *x = find_compare(r, c->region, a->period);
            if (!*c->vs || !x) continue;
            if (strcmp(c->vs, "similar") == 0)
                fprintf(out, nb(r) ? " %s skiller seg ikke signifikant fra %s." : " %s is not significantly different from %s.",
                        a->region_name, x->region_name);
            else
                fprintf(out, nb(r) ? " %s ligger signifikant %s %s." : " %s is significantly %s %s.", a->region_name,
                        strcmp(c->vs, "higher") == 0 ? (nb(r) ? "over" : "above") : (nb(r) ? "under" : "below"),
                        x->region_name);
        }
        fputs("\n\n", out);
    }
    notes(r, out, 0);
    return ferror(out) ? LK_EIO : LK_OK;
}

int lk_report_write(const lk_report *r, lk_format format, FILE *out)
{
    if (!r || !out) return LK_EINVAL;
    switch (format) {
    case LK_FORMAT_CSV: return write_csv(r, out);
    case LK_FORMAT_MD: return write_table(r, out, 1);
    case LK_FORMAT_JSON: return write_json(r, out);
    case LK_FORMAT_PROSE: return write_prose(r, out);
    default: return write_table(r, out, 0);
    }
}

/* ------------------------------------------------------------------ trends */

typedef struct trend_row {
    const lk_report_row *first, *last;
    size_t periods;
    int ok;
    lk_trend t;
    const char *direction; /* never NULL once computed */
} trend_row;

/* The rows of one region, in period order, go to lk_trend_counts (lib/statistics/series.c). */
static int compute_trend(const lk_report *r, const char *region, trend_row *tr)
{
    memset(tr, 0, sizeof *tr);
    tr->direction = "too-few-periods";
    size_t cap = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].region, region) == 0) cap++;
    double *buf = cap ? malloc(3 * cap * sizeof *buf) : NULL;
    if (cap && !buf) return LK_ENOMEM;
    double *t = buf, *x = buf + cap, *n = buf + 2 * cap;
    size_t k = 0;
    int published = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *row = &r->rows[i];
        if (strcmp(row->region, region) != 0) continue;
        if (!tr->first) tr->first = row;
        tr->last = row;
        tr->periods++;
        if (row->published) published = 1;
        if (!row->has_value || (!row->published && !(row->denominator > 0))) continue;
        lk_period p;
        if (lk_period_parse(&p, row->period, strlen(row->period)) != LK_OK) continue;
        /* months and quarters at their middle: a monthly series (10540) has a slope per year too */
        t[k] = p.kind == LK_PERIOD_MONTH     ? p.first_year + (p.sub - 0.5) / 12.0
             : p.kind == LK_PERIOD_QUARTER ? p.first_year + (p.sub - 0.5) / 4.0
                                           : (p.first_year + p.last_year) / 2.0;
        x[k] = row->published ? row->value : row->numerator;
        n[k] = row->published ? 1.0 : row->denominator;
        k++;
    }
    /* a published rate has no counts to weigh by: its values, with equal weights (as amounts);
     * a series partly of counts and partly of rates is taken as rates throughout */
    if (published)
        for (size_t i = 0, j = 0; i < r->n && j < k; i++) {
            const lk_report_row *row = &r->rows[i];
            lk_period p;
            if (strcmp(row->region, region) != 0 || !row->has_value || (!row->published && !(row->denominator > 0))
                || lk_period_parse(&p, row->period, strlen(row->period)) != LK_OK)
                continue;
            x[j] = row->value;
            n[j++] = 1.0;
        }
    lk_trend_model model = published                          ? LK_TREND_EQUAL
                         : r->ind->scale == LK_SCALE_PERCENT ? LK_TREND_BINOMIAL
                         : r->ind->scale == LK_SCALE_PER1000 ? LK_TREND_POISSON
                                                             : LK_TREND_EQUAL;
    int rc = k ? lk_trend_counts(t, x, n, k, model, published ? 1.0 : lk_report_scale(r->ind), r->opts.level, &tr->t,
                                 &tr->direction)
               : LK_ENOTFOUND;
    free(buf);
    if (rc == LK_EINVAL) tr->direction = "no-trend";
    tr->ok = rc == LK_OK;
    return rc == LK_ENOMEM ? LK_ENOMEM : LK_OK;
}

static const char *direction_word(const lk_report *r, const char *d)
{
    if (!nb(r)) return d;
    if (strcmp(d, "increasing") == 0) return "økende";
    if (strcmp(d, "decreasing") == 0) return "synkende";
    if (strcmp(d, "stable") == 0) return "ingen sikker endring";
    if (strcmp(d, "no-variation") == 0) return "ingen variasjon (alle tall 0)";
    if (strcmp(d, "no-trend") == 0) return "ingen trend beregnet";
    return "for få perioder";
}

int lk_report_write_trend(const lk_report *r, lk_format format, FILE *out)
{
    if (!r || !out) return LK_EINVAL;
    if (format == LK_FORMAT_CSV)
        fputs("indicator,region,region_name,from,to,periods,slope,slope_ci_low,slope_ci_high,apc,direction\n", out);
    else if (format == LK_FORMAT_JSON)
        fputs("{\"trends\": [", out);
    else if (format == LK_FORMAT_MD || format == LK_FORMAT_TEXT) {
        user_text(out, name(r), format == LK_FORMAT_MD, 1);
        fprintf(out, " (%s) – %s\n\n", unit(r), nb(r) ? "lineær trend, vektet" : "linear trend, weighted");
    }
    size_t written = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *x = &r->rows[i];
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(r->rows[k].region, x->region) == 0) seen = 1;
        if (seen) continue;
        trend_row tr;
        if (compute_trend(r, x->region, &tr) != LK_OK) return LK_ENOMEM;
        char s[40] = "", lo[40] = "", hi[40] = "", apc[40] = "";
        if (tr.ok) {
            lk_format_number(s, sizeof s, tr.t.slope);
            lk_format_number(lo, sizeof lo, tr.t.slope_lo);
            lk_format_number(hi, sizeof hi, tr.t.slope_hi);
            if (!isnan(tr.t.apc)) lk_format_number(apc, sizeof apc, tr.t.apc);
        }
        if (format == LK_FORMAT_CSV) {
            lk_csv_write_field(out, r->ind->id);
            putc(',', out);
            lk_csv_write_field(out, x->region);
            putc(',', out);
            lk_csv_write_field(out, x->region_name);
            putc(',', out);
            lk_csv_write_field(out, tr.first->period);
            putc(',', out);
            lk_csv_write_field(out, tr.last->period);
            fprintf(out, ",%zu,%s,%s,%s,%s,%s\n", tr.periods, s, lo, hi, apc, tr.direction);
        } else if (format == LK_FORMAT_JSON) {
            fputs(written ? ",\n  {" : "\n  {", out);
            fputs("\"indicator\": ", out);
            lk_json_string(out, r->ind->id);
            fputs(", \"region\": ", out);
            lk_json_string(out, x->region);
            fputs(", \"region_name\": ", out);
            lk_json_string(out, x->region_name);
            fputs(", \"from\": ", out);
            lk_json_string(out, tr.first->period);
            fputs(", \"to\": ", out);
            lk_json_string(out, tr.last->period);
            fprintf(out, ", \"periods\": %zu, \"slope\": ", tr.periods);
            json_number(out, tr.ok, tr.t.slope);
            fputs(", \"slope_ci_low\": ", out);
            json_number(out, tr.ok, tr.t.slope_lo);
            fputs(", \"slope_ci_high\": ", out);
            json_number(out, tr.ok, tr.t.slope_hi);
            fputs(", \"apc\": ", out);
            json_number(out, tr.ok && !isnan(tr.t.apc), tr.t.apc);
            fprintf(out, ", \"direction\": \"%s\"}", tr.direction);
        } else {
            char hs[40] = "", hlo[40] = "", hhi[40] = "", hapc[40] = "";
            if (tr.ok) {
                human(r, hs, sizeof hs, tr.t.slope, 2);
                human(r, hlo, sizeof hlo, tr.t.slope_lo, 2);
                human(r, hhi, sizeof hhi, tr.t.slope_hi, 2);
                if (!isnan(tr.t.apc)) human(r, hapc, sizeof hapc, tr.t.apc, 1);
            }
            const char *u = r->ind->scale == LK_SCALE_PERCENT ? (nb(r) ? "prosentpoeng" : "percentage points") : unit(r);
            char lvl[16];
            human(r, lvl, sizeof lvl, r->opts.level * 100, r->opts.level * 100 == floor(r->opts.level * 100) ? 0 : 1);
            if (format == LK_FORMAT_PROSE) {
                if (tr.ok && nb(r))
                    fprintf(out, "Fra %s til %s endret verdien for %s i %s seg med %s %s per år (%s %% intervall %s til %s; %s %% per år): %s.\n\n",
                            tr.first->period, tr.last->period, name(r), x->region_name, hs, u, lvl, hlo, hhi, hapc,
                            direction_word(r, tr.direction));
                else if (tr.ok)
                    fprintf(out, "From %s to %s the value for %s in %s changed by %s %s per year (%s %% interval %s to %s; %s %% per year): %s.\n\n",
                            tr.first->period, tr.last->period, name(r), x->region_name, hs, u, lvl, hlo, hhi, hapc, tr.direction);
                else
                    fprintf(out, "%s: %s.\n\n", x->region_name, direction_word(r, tr.direction));
            } else if (format == LK_FORMAT_MD) {
                if (!written)
                    fprintf(out, nb(r) ? "| Område | Perioder | Endring per år (%s) | %s %% intervall | Årlig endring | Retning |\n"
                                         "|---|---|---:|---:|---:|---|\n"
                                       : "| Area | Periods | Change per year (%s) | %s %% interval | Annual change | Direction |\n"
                                         "|---|---|---:|---:|---:|---|\n", u, lvl);
                fputs("| ", out);
                md_put(out, x->region, 0);
                putc(' ', out);
                md_put(out, x->region_name, 0);
                fputs(" | ", out);
                md_put(out, tr.first->period, 0);
                fputs("–", out);
                md_put(out, tr.last->period, 0);
                if (tr.ok)
                    fprintf(out, " | %s | %s – %s | %s %% | %s |\n", hs, hlo, hhi, *hapc ? hapc : "–", direction_word(r, tr.direction));
                else
                    fprintf(out, " | | | | %s |\n", direction_word(r, tr.direction));
            } else if (tr.ok) {
                fprintf(out, "%s %s  %s-%s  %s %s/%s  [%s ; %s]  %s %%  %s\n", x->region, x->region_name,
                        tr.first->period, tr.last->period, hs, u, nb(r) ? "år" : "year", hlo, hhi, *hapc ? hapc : "-",
                        direction_word(r, tr.direction));
            } else {
                fprintf(out, "%s %s  %s-%s  %s\n", x->region, x->region_name, tr.first->period, tr.last->period,
                        direction_word(r, tr.direction));
            }
        }
        written++;
    }
    if (format == LK_FORMAT_JSON) fputs("\n]}\n", out);
    else if (format != LK_FORMAT_CSV) {
        char lvl[16];
        human(r, lvl, sizeof lvl, r->opts.level * 100, r->opts.level * 100 == floor(r->opts.level * 100) ? 0 : 1);
        if (r->any_counts)
        fprintf(out, nb(r) ? "\nHelningen er anslått med vektet minste kvadraters metode (vekter fra binomisk varians med "
                             "seriens samlede andel), %s %%-intervallet med t-fordeling og overdispersjon; årlig endring i "
                             "prosent av det tilpassede nivået midt i perioden, fra samme tilpasning.\n"
                           : "\nSlope by weighted least squares (weights from the binomial variance at the series' pooled "
                             "share), %s %% interval from the t distribution allowing for overdispersion; annual change in "
                             "per cent of the fitted level at the middle of the period, from the same fit.\n", lvl);
        if (r->any_published)
            fputs(nb(r) ? "\nSerier med publiserte rater har ingen tellinger å vekte med: de er tilpasset med like vekter.\n"
                        : "\nSeries of published rates have no counts to weigh by: they are fitted with equal weights.\n", out);
        notes(r, out, format == LK_FORMAT_MD);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
