/* The profile's charts, drawn here as inline SVG (no gnuplot, no external file, nothing
 * fetched): a trend per indicator (area, fylke, landet, the area's interval as a band, the
 * indicator's series break and the region reforms marked) and the barometer (one dot per
 * indicator on the deviation from landet = 100, the better side always to the right, the
 * fylke marked). Colours are Okabe and Ito's (safe for colour-blind readers) and every series
 * also differs by its stroke; the legend sits under the plot, never on the data. Text is at
 * least 12 px in the 640 px trend (9 pt when printed at its size on A4) and 13 px in the 700 px
 * barometer (scaled to A4's 688 px, still over 9 pt). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/labels.h"
#include "profile_internal.h"

#define C_AREA "#0072B2"
#define C_FYLKE "#E69F00"
#define C_LAND "#444444"

typedef struct series {
    double *x, *y, *lo, *hi;
    int *has, *has_ci;
    size_t n;
} series;

static double x_of(const lk_report_row *w)
{
    lk_period per;
    if (lk_period_parse(&per, w->period, strlen(w->period)) != LK_OK) return NAN;
    if (per.kind == LK_PERIOD_MONTH) return per.first_year + (per.sub - 0.5) / 12.0;
    if (per.kind == LK_PERIOD_QUARTER) return per.first_year + (per.sub - 0.5) / 4.0;
    return (per.first_year + per.last_year) / 2.0;
}

/* The rows of one region, in period order; LK_ENOMEM when there is no room for them. */
static int collect(const lk_report *r, const char *region, series *s)
{
    size_t cap = 0;
    for (size_t i = 0; i < lk_report_count(r); i++) cap += strcmp(lk_report_get(r, i)->region, region) == 0;
    s->n = 0;
    s->x = malloc((4 * cap + 1) * sizeof *s->x);
    s->has = malloc((2 * cap + 1) * sizeof *s->has);
    if (!s->x || !s->has) return LK_ENOMEM;
    s->y = s->x + cap, s->lo = s->x + 2 * cap, s->hi = s->x + 3 * cap, s->has_ci = s->has + cap;
    for (size_t i = 0; i < lk_report_count(r); i++) {
        const lk_report_row *w = lk_report_get(r, i);
        if (strcmp(w->region, region) != 0) continue;
        double x = x_of(w);
        if (!isfinite(x)) continue;
        s->x[s->n] = x;
        s->has[s->n] = w->has_value && isfinite(w->value);
        s->y[s->n] = w->value;
        s->has_ci[s->n] = s->has[s->n] && w->has_ci;
        s->lo[s->n] = w->ci_low;
        s->hi[s->n] = w->ci_high;
        s->n++;
    }
    return LK_OK;
}

static void series_free(series *s)
{
    free(s->x);
    free(s->has);
}

static double nice_step(double range, int ticks)
{
    double raw = range / ticks;
    if (!(raw > 0)) return 1;
    double mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* The line of a series, broken where a period has no value. */
static void polyline(FILE *out, const series *s, double (*px)(double, const void *), double (*py)(double, const void *),
                     const void *g, const char *style)
{
    int open = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->has[i]) {
            if (open) fputs("\"/>\n", out);
            open = 0;
            continue;
        }
        if (!open) fprintf(out, "<polyline %s points=\"", style);
        fprintf(out, "%s%.1f,%.1f", open ? " " : "", px(s->x[i], g), py(s->y[i], g));
        open = 1;
    }
    if (open) fputs("\"/>\n", out);
    for (size_t i = 0; i < s->n; i++) /* a lone point shows too */
        if (s->has[i] && (i == 0 || !s->has[i - 1]) && (i + 1 == s->n || !s->has[i + 1]))
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" %s/>\n", px(s->x[i], g), py(s->y[i], g), style);
}

typedef struct geom {
    double x0, x1, y0, y1;       /* data range */
    double left, right, top, bottom; /* plot box in pixels */
} geom;

static double gx(double x, const void *v)
{
    const geom *g = v;
    return g->x1 > g->x0 ? g->left + (x - g->x0) / (g->x1 - g->x0) * (g->right - g->left) : (g->left + g->right) / 2;
}

static double gy(double y, const void *v)
{
    const geom *g = v;
    return g->bottom - (y - g->y0) / (g->y1 - g->y0) * (g->bottom - g->top);
}

/* A vertical mark (a series break, a reform) with its label; the labels step down so that
 * marks close together never write over each other, and turn left near the right edge. */
static void vline(FILE *out, const geom *g, double x, const char *label, const char *dash, int *nth)
{
    if (x < g->x0 || x > g->x1) return;
    double px = gx(x, g), py = g->top + 12 + 14 * (*nth)++;
    int left = px > g->right - 90;
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\" stroke-dasharray=\"%s\"/>\n",
            px, g->top, px, g->bottom, dash);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#333\"%s>", left ? px - 3 : px + 3, py,
            left ? " text-anchor=\"end\"" : "");
    lk__html_put(out, label);
    fputs("</text>\n", out);
}

static int draw_trend(const lk_profile *p, const lk_profile_item *it, const series *a_, const series *f_, const series *l_, FILE *out,
                      int standalone);

/* The <svg element's opening: in a page, or as a file of its own. */
static void svg_open(FILE *out, int standalone)
{
    if (standalone) fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" ", out);
    else fputs("<svg ", out);
}

int lk__profile_svg_trend(const lk_profile *p, const lk_profile_item *it, FILE *out, int standalone)
{
    series a = { 0 }, f = { 0 }, l = { 0 };
    int rc = collect(it->report, it->area->region, &a);
    if (rc == LK_OK && it->fylke) rc = collect(it->report, it->fylke->region, &f);
    if (rc == LK_OK && it->land) rc = collect(it->report, it->land->region, &l);
    if (rc == LK_OK) rc = draw_trend(p, it, &a, &f, &l, out, standalone);
    series_free(&a);
    series_free(&f);
    series_free(&l);
    return rc;
}

static int draw_trend(const lk_profile *p, const lk_profile_item *it, const series *a_, const series *f_, const series *l_, FILE *out,
                      int standalone)
{
    const series a = *a_, f = *f_, l = *l_;
    int nb = lk__profile_nb(p);
    geom g = { INFINITY, -INFINITY, INFINITY, -INFINITY, 56, 620, 14, 210 };
    const series *all[3] = { &a, &f, &l };
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < all[k]->n; i++) {
            if (all[k]->x[i] < g.x0) g.x0 = all[k]->x[i];
            if (all[k]->x[i] > g.x1) g.x1 = all[k]->x[i];
            if (!all[k]->has[i]) continue;
            double lo = all[k]->has_ci[i] ? all[k]->lo[i] : all[k]->y[i], hi = all[k]->has_ci[i] ? all[k]->hi[i] : all[k]->y[i];
            if (lo < g.y0) g.y0 = lo;
            if (hi > g.y1) g.y1 = hi;
        }
    if (!isfinite(g.y0) || !isfinite(g.x0)) return LK_OK;
    if (g.y0 >= 0 && g.y0 < (g.y1 - g.y0)) g.y0 = 0; /* near zero: start there */
    if (g.y1 <= g.y0) g.y1 = g.y0 + (g.y0 ? fabs(g.y0) * 0.1 : 1);
    double step = nice_step(g.y1 - g.y0, 5);
    g.y0 = floor(g.y0 / step) * step;
    g.y1 = ceil(g.y1 / step) * step;
    const char *name = lk__profile_name(p, it->ind);
    svg_open(out, standalone);
    fprintf(out, "viewBox=\"0 0 640 270\" width=\"640\" height=\"270\" role=\"img\" "
                 "aria-labelledby=\"svgt-%zu\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title id=\"svgt-%zu\">",
            (size_t)(it - p->items), (size_t)(it - p->items));
    fputs(nb ? "Utvikling: " : "Trend: ", out);
    lk__html_put(out, name);
    fputs(nb ? " for " : " for ", out);
    lk__html_put(out, lk__profile_place(p, it->area));
    fputs(nb ? ", fylket og landet, med intervall" : ", the county and Norway, with interval", out);
    fputs("</title>\n", out);
    /* grid and y axis */
    int dec = step < 1 ? (step < 0.1 ? 2 : 1) : 0;
    for (double y = g.y0; y <= g.y1 + step / 2; y += step) {
        char t[32];
        lk__profile_number(t, sizeof t, y, dec, nb);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", g.left, gy(y, &g), g.right, gy(y, &g));
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%s</text>\n", g.left - 4, gy(y, &g) + 4, t);
    }
    int first = (int)ceil(g.x0), last = (int)floor(g.x1), every = last - first > 12 ? 2 : 1;
    for (int y = first; y <= last; y++) {
        if ((y - first) % every) continue;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">%d</text>\n", gx(y, &g), g.bottom + 14, y);
    }
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/>\n", g.left, g.bottom, g.right, g.bottom);
    /* the area's interval band, one polygon per run of periods with intervals */
    for (size_t i = 0; i < a.n;) {
        if (!a.has_ci[i]) { i++; continue; }
        size_t j = i;
        while (j < a.n && a.has_ci[j]) j++;
        fputs("<polygon fill=\"" C_AREA "\" fill-opacity=\"0.18\" stroke=\"none\" points=\"", out);
        for (size_t k = i; k < j; k++) fprintf(out, "%.1f,%.1f ", gx(a.x[k], &g), gy(a.hi[k], &g));
        for (size_t k = j; k-- > i;) fprintf(out, "%.1f,%.1f ", gx(a.x[k], &g), gy(a.lo[k], &g));
        fputs("\"/>\n", out);
        i = j;
    }
    int marks = 0;
    if (it->ind->break_year) {
        char b[64];
        snprintf(b, sizeof b, nb ? "brudd %d" : "break %d", it->ind->break_year);
        vline(out, &g, it->ind->break_year - 0.5, b, "6,3", &marks);
    }
    vline(out, &g, 2019.5, "reform 2020", "2,3", &marks); /* kommune- og regionreformen */
    vline(out, &g, 2023.5, "reform 2024", "2,3", &marks); /* fylkene delt igjen */
    polyline(out, &l, gx, gy, &g, "fill=\"none\" stroke=\"" C_LAND "\" stroke-width=\"2\" stroke-dasharray=\"2,3\"");
    polyline(out, &f, gx, gy, &g, "fill=\"none\" stroke=\"" C_FYLKE "\" stroke-width=\"2\" stroke-dasharray=\"7,3\"");
    polyline(out, &a, gx, gy, &g, "fill=\"none\" stroke=\"" C_AREA "\" stroke-width=\"2.5\"");
    /* legend under the plot */
    const char *labels[3] = { lk__profile_place(p, it->area), it->fylke ? lk__profile_place(p, it->fylke) : NULL,
                              nb ? "landet" : "Norway" };
    const char *styles[3] = { "stroke=\"" C_AREA "\" stroke-width=\"2.5\"", "stroke=\"" C_FYLKE "\" stroke-width=\"2\" stroke-dasharray=\"7,3\"",
                              "stroke=\"" C_LAND "\" stroke-width=\"2\" stroke-dasharray=\"2,3\"" };
    double lx = g.left;
    for (int k = 0; k < 3; k++) {
        if (!labels[k] || (k == 2 && !l.n)) continue;
        fprintf(out, "<line x1=\"%.1f\" y1=\"248\" x2=\"%.1f\" y2=\"248\" %s/>", lx, lx + 24, styles[k]);
        fprintf(out, "<text x=\"%.1f\" y=\"252\" font-size=\"12\">", lx + 30);
        lk__html_put(out, labels[k]);
        fputs("</text>\n", out);
        lx += 50 + 8 * (double)strlen(labels[k]); /* about 8 px a character at 12 px */
    }
    char lvl[16];
    lk__profile_number(lvl, sizeof lvl, p->cover.level * 100, 0, nb);
    fprintf(out, "<rect x=\"%.1f\" y=\"242\" width=\"24\" height=\"12\" fill=\"" C_AREA "\" fill-opacity=\"0.18\"/>", lx);
    fprintf(out, nb ? "<text x=\"%.1f\" y=\"252\" font-size=\"12\">%s %%-intervall</text>\n"
                    : "<text x=\"%.1f\" y=\"252\" font-size=\"12\">%s %% interval</text>\n", lx + 30, lvl);
    fputs("</svg>\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}

/* A label of at most max characters (a longer one cut with "…", the whole in a <title> for a
 * pointer): the barometer's names stay beside their row at a print size of 9 pt or more. */
static void clipped(FILE *out, const char *s, size_t max)
{
    size_t chars = 0, cut = 0;
    for (size_t i = 0; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars == max) cut = i;
    if (chars <= max) {
        lk__html_put(out, s);
        return;
    }
    char *head = malloc(cut + 1);
    if (!head) { /* no room to cut it: the whole name, which may run past the edge */
        lk__html_put(out, s);
        return;
    }
    memcpy(head, s, cut);
    head[cut] = '\0';
    fputs("<title>", out);
    lk__html_put(out, s);
    fputs("</title>", out);
    lk__html_put(out, head);
    fputs("\xE2\x80\xA6", out);
    free(head);
}

/* The barometer's shapes: the verdict is never told by colour alone. */
static void marker(FILE *out, lk_verdict v, double x, double y)
{
    switch (v) {
    case LK_VERDICT_BETTER: fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#0072B2\"/>", x, y); break;
    case LK_VERDICT_WORSE:
        fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#D55E00\"/>", x, y - 7, x - 7, y + 6, x + 7, y + 6);
        break;
    case LK_VERDICT_NOT_DIFFERENT:
        fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#F0E442\" stroke=\"#333\"/>", x, y - 7,
                x + 7, y, x, y + 7, x - 7, y);
        break;
    default: fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#fff\" stroke=\"#333\"/>", x, y); break;
    }
    fputc('\n', out);
}

int lk__profile_svg_barometer(const lk_profile *p, FILE *out, int standalone)
{
    int nb = lk__profile_nb(p);
    size_t rows = 0;
    double span = 20; /* at least ±20 % */
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        if (!it->area || !it->area->has_value || !it->area->has_index) continue;
        rows++;
        double d = fabs(it->area->index_land - 100);
        if (it->fylke && it->fylke->has_index && fabs(it->fylke->index_land - 100) > d) d = fabs(it->fylke->index_land - 100);
        if (d * 1.1 > span) span = d * 1.1;
    }
    if (!rows) return LK_OK;
    if (span > 100) span = 100; /* beyond: drawn at the edge */
    double left = 390, right = 650, mid = (left + right) / 2, h = 40 + 26.0 * (double)rows + 40;
    svg_open(out, standalone);
    fprintf(out, "viewBox=\"0 0 700 %.0f\" width=\"700\" height=\"%.0f\" role=\"img\" "
                 "aria-labelledby=\"svgt-barometer\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title id=\"svgt-barometer\">%s</title>\n",
            h, h, nb ? "Barometer: hver indikator mot landet = 100, bedre side til høyre, fylket markert med en strek"
                     : "Barometer: each indicator against Norway = 100, the better side to the right, the county marked by a bar");
    double step = nice_step(span, 2);
    for (double d = -floor(span / step) * step; d <= span + 1e-9; d += step) {
        double x = mid + d / span * (right - mid);
        char t[32];
        lk__profile_number(t, sizeof t, fabs(d), 0, nb);
        fprintf(out, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x, x, h - 36, fabs(d) < 1e-9 ? "#000" : "#ddd");
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">%s%s</text>\n", x, h - 22,
                fabs(d) < 1e-9 ? (nb ? "landet" : "Norway") : t, fabs(d) < 1e-9 ? "" : " %");
    }
    fprintf(out, "<text x=\"%.1f\" y=\"20\" font-size=\"13.5\">%s</text>", left, nb ? "\xE2\x86\x90 dårligere" : "\xE2\x86\x90 worse");
    fprintf(out, "<text x=\"%.1f\" y=\"20\" font-size=\"13.5\" text-anchor=\"end\">%s</text>\n", right, nb ? "bedre \xE2\x86\x92" : "better \xE2\x86\x92");
    double y = 48;
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        if (!it->area || !it->area->has_value || !it->area->has_index) continue;
        /* the better side to the right: a higher-worse indicator's deviation is turned round;
         * a value-neutral one keeps higher to the right */
        double sign = it->ind->higher_is_worse && !it->neutral ? -1 : 1;
        double d = sign * (it->area->index_land - 100);
        if (d > span) d = span;
        if (d < -span) d = -span;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13.5\" text-anchor=\"end\">", left - 10, y + 4);
        clipped(out, lk__profile_name(p, it->ind), 46);
        fputs("</text>\n", out);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", left, y, right, y);
        if (it->fylke && it->fylke->has_index) {
            double fd = sign * (it->fylke->index_land - 100);
            if (fd > span) fd = span;
            if (fd < -span) fd = -span;
            double fx = mid + fd / span * (right - mid);
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_FYLKE "\" stroke-width=\"3\"/>", fx, y - 9, fx, y + 9);
        }
        marker(out, it->verdict, mid + d / span * (right - mid), y);
        char t[32];
        lk__profile_number(t, sizeof t, it->area->index_land, 0, nb);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\">%s</text>\n", right + 8, y + 4, t);
        y += 26;
    }
    fputs("</svg>\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}

/* The zones of one indicator ranked by value, each a dot with its interval as whiskers, the
 * kommune as a vertical line; the marker tells the test against the rest of the kommune by shape
 * and colour. A hidden zone has no value here, so it is not drawn: its name is listed under the
 * axis. 12 px labels on 16 px rows in a 700 px wide chart. */
static int by_value(const void *a, const void *b)
{
    const lk_report_row *x = *(const lk_report_row *const *)a, *y = *(const lk_report_row *const *)b;
    if (x->value != y->value) return x->value > y->value ? -1 : 1;
    return strcmp(x->region, y->region);
}

int lk__profile_svg_districts(const lk_profile *p, const lk_profile_item *it, FILE *out, int standalone)
{
    const lk_profile_districts *t = &it->districts;
    int nb = lk__profile_nb(p), dec = lk__profile_decimals(it->ind);
    const lk_report_row **rows = malloc((t->n + 1) * sizeof *rows);
    if (!rows) return LK_ENOMEM;
    size_t n = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t z = 0; z < t->n; z++) {
        const lk_report_row *w = t->rows[z];
        if (!w || !w->has_value || !isfinite(w->value)) continue;
        rows[n++] = w;
        double a = w->has_ci ? w->ci_low : w->value, b = w->has_ci ? w->ci_high : w->value;
        if (a < lo) lo = a;
        if (b > hi) hi = b;
    }
    if (t->kommune && t->kommune->has_value) {
        if (t->kommune->value < lo) lo = t->kommune->value;
        if (t->kommune->value > hi) hi = t->kommune->value;
    }
    if (!n) {
        free(rows);
        return LK_OK;
    }
    qsort(rows, n, sizeof *rows, by_value);
    double step = nice_step(hi - lo > 0 ? hi - lo : fabs(hi) + 1, 5);
    lo = floor(lo / step) * step, hi = ceil(hi / step) * step;
    if (!(hi > lo)) hi = lo + step;
    double left = 250, right = 670, top = 30, h = top + 16.0 * (double)n + 56;
    int hidden_line = t->n_shown < t->n;
    if (hidden_line) h += 18;
    svg_open(out, standalone);
    fprintf(out, "viewBox=\"0 0 700 %.0f\" width=\"700\" height=\"%.0f\" role=\"img\" aria-labelledby=\"svgt-dist-%zu\" "
                 "font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title id=\"svgt-dist-%zu\">",
            h, h, (size_t)(it - p->items), (size_t)(it - p->items));
    lk__html_put(out, lk__profile_name(p, it->ind));
    fprintf(out, nb ? ", %s: sonene rangert, med intervall, kommunen som loddrett strek</title>\n"
                    : ", %s: the zones ranked, with intervals, the kommune as a vertical line</title>\n", t->period);
#define DX(v) (left + ((v) - lo) / (hi - lo) * (right - left))
    double bottom = top + 16.0 * (double)n;
    for (double v = lo; v <= hi + step * 1e-9; v += step) {
        char b[48];
        lk__profile_number(b, sizeof b, v, dec > 0 && step < 1 ? dec : 0, nb);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", DX(v), top - 6, DX(v), bottom);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", DX(v), bottom + 16, b);
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">", (left + right) / 2, bottom + 34);
    /* the unit of the values (the difference's unit would say "prosentpoeng") */
    fputs(it->ind->scale == LK_SCALE_PERCENT ? (nb ? "prosent" : "per cent") : it->ind->scale == LK_SCALE_PER1000 ? (nb ? "per 1000" : "per 1,000")
                                                                                                            : (nb ? "kroner" : "NOK"), out);
    fputs("</text>\n", out);
    if (t->kommune && t->kommune->has_value) {
        double kx = DX(t->kommune->value);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_FYLKE "\" stroke-width=\"2\"/>", kx, top - 10, kx, bottom);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">", kx, top - 14);
        lk__html_put(out, t->kommune->region_name);
        fputs("</text>\n", out);
    }
    for (size_t i = 0; i < n; i++) {
        const lk_report_row *w = rows[i];
        double y = top + 8 + 16.0 * (double)i;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">", left - 8, y + 4);
        clipped(out, w->region_name, 36);
        fputs("</text>", out);
        if (w->has_ci)
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>", DX(w->ci_low), y, DX(w->ci_high), y);
        lk_verdict v = lk__profile_verdict(w->vs_kommune, it->ind->higher_is_worse, it->neutral, 1);
        double x = DX(w->value);
        /* smaller than the barometer's markers: the rows are 16 px */
        switch (v) {
        case LK_VERDICT_BETTER: fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#0072B2\"/>\n", x, y); break;
        case LK_VERDICT_WORSE:
            fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#D55E00\"/>\n", x, y - 5, x - 5, y + 4.5, x + 5, y + 4.5);
            break;
        case LK_VERDICT_NOT_DIFFERENT:
            fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#F0E442\" stroke=\"#333\"/>\n", x, y - 5,
                    x + 5, y, x, y + 5, x - 5, y);
            break;
        default: fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#fff\" stroke=\"#333\"/>\n", x, y); break;
        }
    }
#undef DX
    if (hidden_line) {
        fprintf(out, "<text x=\"10\" y=\"%.1f\" font-size=\"12\">%s", h - 8, nb ? "Skjult (prikket) eller uten verdi: " : "Hidden (suppressed) or without a value: ");
        size_t k = 0;
        for (size_t z = 0; z < t->n; z++) {
            if (t->rows[z] && t->rows[z]->has_value) continue;
            if (k++) fputs(", ", out);
            lk__html_put(out, t->rows[z] ? t->rows[z]->region_name : t->zones[z]->name);
        }
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
    free(rows);
    return ferror(out) ? LK_EIO : LK_OK;
}
