/* Writing reports: CSV (decimal point, full precision), aligned text, Markdown, JSON and prose.
 * Bokmål text, Markdown and prose use decimal commas. Every format except CSV (whose header is
 * fixed) names the indicator's definition and source. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"

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

static void notes(const lk_report *r, FILE *out, const char *prefix)
{
    fprintf(out, "%s%s: %s\n", prefix, nb(r) ? "Definisjon" : "Definition", definition(r));
    if (*r->ind->family) fprintf(out, "%s%s: %s\n", prefix, nb(r) ? "Definisjonsfamilie" : "Definition family", r->ind->family);
    if (r->ind->break_year)
        fprintf(out, "%s%s %d.\n", prefix, nb(r) ? "Brudd i serien i" : "Series break in", r->ind->break_year);
    method_note(r, out, prefix);
    fprintf(out, "%s%s\n", prefix, r->ind->source);
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

static int write_csv(const lk_report *r, FILE *out)
{
    fputs("indicator,period,region,region_name,level,numerator,denominator,value,ci_low,ci_high,index_land,vs_land,status\n", out);
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
        putc('\n', out);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}

/* ------------------------------------------------------------------ text and Markdown */

typedef struct cells { char c[11][96]; } cells;

static void row_cells(const lk_report *r, const lk_report_row *w, cells *t)
{
    int d = decimals(r);
    memset(t, 0, sizeof *t);
    snprintf(t->c[0], sizeof t->c[0], "%s", w->period);
    snprintf(t->c[1], sizeof t->c[1], "%s %s", w->region, w->region_name);
    if (w->has_counts) {
        human(r, t->c[2], sizeof t->c[2], w->numerator, 0);
        human(r, t->c[3], sizeof t->c[3], w->denominator, 0);
    }
    if (w->has_value) human(r, t->c[4], sizeof t->c[4], w->value, r->ind->scale == LK_SCALE_KRONER ? 0 : 2);
    if (w->has_ci) {
        char lo[32], hi[32];
        human(r, lo, sizeof lo, w->ci_low, d + 1);
        human(r, hi, sizeof hi, w->ci_high, d + 1);
        snprintf(t->c[5], sizeof t->c[5], "%s - %s", lo, hi);
    }
    if (w->has_index) human(r, t->c[6], sizeof t->c[6], w->index_land, 0);
    snprintf(t->c[7], sizeof t->c[7], "%s", vs_word(r, w->vs_land));
    snprintf(t->c[8], sizeof t->c[8], "%s%s", w->status, w->built ? (*w->status ? " (built)" : "(built from kommuner)") : "");
}

static int write_table(const lk_report *r, FILE *out, int md)
{
    const char *head_nb[] = { "Periode", "Område", "Teller", "Nevner", "Verdi", "Konfidensintervall", "Indeks", "Mot landet", "Merknad" };
    const char *head_en[] = { "Period", "Area", "Numerator", "Denominator", "Value", "Confidence interval", "Index", "vs Norway", "Note" };
    const char **head = nb(r) ? head_nb : head_en;
    const int ncol = 9;
    size_t width[9];
    for (int k = 0; k < ncol; k++) width[k] = strlen(head[k]);
    cells *all = calloc(r->n ? r->n : 1, sizeof *all);
    if (!all) return LK_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        row_cells(r, &r->rows[i], &all[i]);
        for (int k = 0; k < ncol; k++) {
            /* display width: count UTF-8 lead bytes only */
            size_t wdt = 0;
            for (const unsigned char *p = (const unsigned char *)all[i].c[k]; *p; p++) wdt += (*p & 0xC0) != 0x80;
            if (wdt > width[k]) width[k] = wdt;
        }
    }
    if (md) fprintf(out, "### %s (%s)\n\n", name(r), unit(r));
    else fprintf(out, "%s (%s)\n\n", name(r), unit(r));
    for (size_t i = 0; i <= r->n; i++) {
        for (int k = 0; k < ncol; k++) {
            const char *s = i == 0 ? head[k] : all[i - 1].c[k];
            size_t wdt = 0;
            for (const unsigned char *p = (const unsigned char *)s; *p; p++) wdt += (*p & 0xC0) != 0x80;
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
        fprintf(out, nb(r) ? "%s%s %s %s: filen oppgir %s / %s, kommunene summerer til %s / %s.\n"
                           : "%s%s %s %s: the file gives %s / %s, its kommuner sum to %s / %s.\n",
                md ? "- " : "", w->period, w->region, w->region_name, a, b, c2, d);
    }
    notes(r, out, md ? "" : "");
    return ferror(out) ? LK_EIO : LK_OK;
}

/* ------------------------------------------------------------------ JSON */

static void json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else putc(c, out);
    }
    putc('"', out);
}

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
    json_string(out, ind->id);
    fputs(", \"name\": ", out);
    json_string(out, name(r));
    fputs(", \"unit\": ", out);
    json_string(out, ind->scale == LK_SCALE_PERCENT ? "percent" : ind->scale == LK_SCALE_PER1000 ? "per1000" : "kroner");
    fprintf(out, ", \"higher_is_worse\": %s, \"family\": ", ind->higher_is_worse ? "true" : "false");
    json_string(out, ind->family);
    fputs(", \"definition\": ", out);
    json_string(out, definition(r));
    fputs(", \"source\": ", out);
    json_string(out, ind->source);
    fprintf(out, "},\n  \"method\": {\"ci\": \"%s\", \"level\": ", ind->scale == LK_SCALE_PER1000 ? "poisson-exact"
            : r->opts.ci == LK_CI_EXACT ? "exact" : r->opts.ci == LK_CI_NONE ? "none" : "wilson");
    json_number(out, 1, r->opts.level);
    fputs(", \"alpha\": ", out);
    json_number(out, 1, r->opts.alpha);
    fputs(", \"test\": \"area against the rest of the reference\", \"note\": \"register counts treated as "
          "realisations of an underlying risk\"},\n  \"rows\": [", out);
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"period\": ", out);
        json_string(out, w->period);
        fputs(", \"region\": ", out);
        json_string(out, w->region);
        fputs(", \"region_name\": ", out);
        json_string(out, w->region_name);
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
        json_string(out, w->status);
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
            if (land) { value_text(r, land, vl, sizeof vl); fprintf(out, "%s %s i landet", fy ? " og" : ", mot", vl); }
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
            if (land) { value_text(r, land, vl, sizeof vl); fprintf(out, "%s %s in Norway", fy ? " and" : ", against", vl); }
            fputs(".", out);
            if (*a->vs_land) {
                if (strcmp(a->vs_land, "similar") == 0)
                    fprintf(out, " %s is not significantly different from Norway.", a->region_name);
                else
                    fprintf(out, " %s is significantly %s Norway.", a->region_name,
                            strcmp(a->vs_land, "higher") == 0 ? "above" : "below");
            }
        }
        fputs("\n\n", out);
    }
    notes(r, out, "");
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
    const char *direction;
} trend_row;

static int compute_trend(const lk_report *r, const char *region, trend_row *tr)
{
    double t[512], y[512], w[512], lw[512];
    size_t n = 0;
    int lw_ok = 1;
    memset(tr, 0, sizeof *tr);
    double scale = lk_report_scale(r->ind);
    for (size_t i = 0; i < r->n && n < 512; i++) {
        const lk_report_row *x = &r->rows[i];
        if (strcmp(x->region, region) != 0) continue;
        if (!tr->first) tr->first = x;
        tr->last = x;
        tr->periods++;
        if (!x->has_value) continue;
        lk_period p;
        if (lk_period_parse(&p, x->period, strlen(x->period)) != LK_OK) continue;
        t[n] = (p.first_year + p.last_year) / 2.0;
        y[n] = x->value;
        double var;
        if (r->ind->scale == LK_SCALE_PERCENT) {
            double pp = x->numerator / x->denominator;
            var = pp * (1 - pp) / x->denominator * scale * scale;
            lw[n] = x->numerator > 0 && pp < 1 ? x->numerator / (1 - pp) : 0;
        } else if (r->ind->scale == LK_SCALE_PER1000) {
            var = x->numerator / (x->denominator * x->denominator) * scale * scale;
            lw[n] = x->numerator;
        } else {
            var = 1.0; /* amounts: no sampling model, equal weights */
            lw[n] = 1.0;
        }
        if (!(lw[n] > 0)) lw_ok = 0;
        w[n] = var > 0 ? 1.0 / var : 0;
        if (!(w[n] > 0)) return LK_ENOTFOUND; /* a share of 0 or 100 %: no weight */
        n++;
    }
    if (n < 3) {
        tr->direction = "too-few-periods";
        return LK_ENOTFOUND;
    }
    if (lk_trend_wls(t, y, w, lw_ok ? lw : NULL, n, r->opts.level, &tr->t) != LK_OK) {
        tr->direction = "no-trend";
        return LK_ENOTFOUND;
    }
    tr->ok = 1;
    tr->direction = tr->t.slope_lo > 0 ? "increasing" : tr->t.slope_hi < 0 ? "decreasing" : "stable";
    return LK_OK;
}

static const char *direction_word(const lk_report *r, const char *d)
{
    if (!nb(r)) return d;
    if (strcmp(d, "increasing") == 0) return "økende";
    if (strcmp(d, "decreasing") == 0) return "synkende";
    if (strcmp(d, "stable") == 0) return "ingen sikker endring";
    return "for få perioder";
}

int lk_report_write_trend(const lk_report *r, lk_format format, FILE *out)
{
    if (!r || !out) return LK_EINVAL;
    if (format == LK_FORMAT_CSV)
        fputs("indicator,region,region_name,from,to,periods,slope,slope_ci_low,slope_ci_high,apc,direction\n", out);
    else if (format == LK_FORMAT_JSON)
        fputs("{\"trends\": [", out);
    else if (format == LK_FORMAT_MD || format == LK_FORMAT_TEXT)
        fprintf(out, "%s (%s) – %s\n\n", name(r), unit(r), nb(r) ? "lineær trend, vektet" : "linear trend, weighted");
    size_t written = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *x = &r->rows[i];
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(r->rows[k].region, x->region) == 0) seen = 1;
        if (seen) continue;
        trend_row tr;
        compute_trend(r, x->region, &tr);
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
            fprintf(out, ",%s,%s,%zu,%s,%s,%s,%s,%s\n", tr.first->period, tr.last->period, tr.periods, s, lo, hi, apc, tr.direction);
        } else if (format == LK_FORMAT_JSON) {
            fputs(written ? ",\n  {" : "\n  {", out);
            fputs("\"indicator\": ", out);
            json_string(out, r->ind->id);
            fputs(", \"region\": ", out);
            json_string(out, x->region);
            fputs(", \"region_name\": ", out);
            json_string(out, x->region_name);
            fprintf(out, ", \"from\": \"%s\", \"to\": \"%s\", \"periods\": %zu, \"slope\": ", tr.first->period, tr.last->period, tr.periods);
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
            if (format == LK_FORMAT_PROSE) {
                if (tr.ok && nb(r))
                    fprintf(out, "Fra %s til %s endret verdien for %s i %s seg med %s %s per år (%s %% intervall %s til %s; %s %% per år): %s.\n\n",
                            tr.first->period, tr.last->period, name(r), x->region_name, hs, u, "95", hlo, hhi, hapc,
                            direction_word(r, tr.direction));
                else if (tr.ok)
                    fprintf(out, "From %s to %s the value for %s in %s changed by %s %s per year (95 %% interval %s to %s; %s %% per year): %s.\n\n",
                            tr.first->period, tr.last->period, name(r), x->region_name, hs, u, hlo, hhi, hapc, tr.direction);
                else
                    fprintf(out, "%s: %s.\n\n", x->region_name, direction_word(r, tr.direction));
            } else if (format == LK_FORMAT_MD) {
                if (!written)
                    fprintf(out, nb(r) ? "| Område | Perioder | Endring per år (%s) | 95 %% intervall | Årlig endring | Retning |\n"
                                         "|---|---|---:|---:|---:|---|\n"
                                       : "| Area | Periods | Change per year (%s) | 95 %% interval | Annual change | Direction |\n"
                                         "|---|---|---:|---:|---:|---|\n", u);
                if (tr.ok)
                    fprintf(out, "| %s %s | %s–%s | %s | %s – %s | %s %% | %s |\n", x->region, x->region_name,
                            tr.first->period, tr.last->period, hs, hlo, hhi, *hapc ? hapc : "–", direction_word(r, tr.direction));
                else
                    fprintf(out, "| %s %s | %s–%s | | | | %s |\n", x->region, x->region_name, tr.first->period,
                            tr.last->period, direction_word(r, tr.direction));
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
        fputs(nb(r) ? "\nHelningen er anslått med vektet minste kvadraters metode (vekter fra binomisk varians), intervallet "
                      "med t-fordeling og overdispersjon; årlig prosentvis endring fra en log-lineær tilpasning.\n"
                    : "\nSlope by weighted least squares (weights from the binomial variance), interval from the t "
                      "distribution allowing for overdispersion; annual per cent change from a log-linear fit.\n", out);
        notes(r, out, "");
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
