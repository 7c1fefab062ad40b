/* gnuplot scripts for the four chart kinds. Pure text generation into a FILE *: golden-testable,
 * deterministic (no time stamps, C-locale numbers), and safe with any user text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/chart.h"
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"

/* Okabe–Ito: the same level in the same colour in every chart. */
static const char *colour_of(const char *role, lk_level level)
{
    if (strcmp(role, "area") == 0) return "#D55E00";
    if (strcmp(role, "kommune") == 0 || level == LK_LEVEL_KOMMUNE) return "#E69F00";
    if (strcmp(role, "fylke") == 0 || level == LK_LEVEL_FYLKE) return "#0072B2";
    if (strcmp(role, "land") == 0 || level == LK_LEVEL_LAND) return "#000000";
    return "#009E73";
}

int lk_chart_kind_parse(const char *name)
{
    static const char *const names[] = { "trend", "compare", "funnel", "panel" };
    for (int i = 0; name && i < 4; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

int lk_gnuplot_quote(FILE *out, const char *s)
{
    if (!out) return LK_EINVAL;
    putc('\'', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\'') fputs("''", out);              /* the only special character in '...' */
        else if (*p < 0x20 || *p == 0x7F) putc(' ', out); /* a newline would end the command */
        else putc(*p, out);
    }
    putc('\'', out);
    return ferror(out) ? LK_EIO : LK_OK;
}

static void num(FILE *out, double v)
{
    if (!isfinite(v)) {
        fputs("NaN", out); /* a gap in the line, never a zero */
        return;
    }
    char b[40];
    lk_format_number(b, sizeof b, v);
    fputs(b, out);
}

static int nb(const lk_chart_opts *o)
{
    return !o->lang || strcmp(o->lang, "en") != 0;
}

static const char *ext_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : "";
}

static int terminal(FILE *out, const lk_chart_opts *o, int panels)
{
    const char *ext = ext_of(o->output);
    const char *font = o->font ? o->font : NULL;
    int w = o->width, h = o->height;
    if (strcmp(ext, "png") == 0) {
        fprintf(out, "set terminal pngcairo size %d,%d font ", w ? w : 1600, h ? h : (panels > 1 ? 1200 : 900));
        lk_gnuplot_quote(out, font ? font : "DejaVu Sans,16");
    } else if (strcmp(ext, "svg") == 0) {
        fprintf(out, "set terminal svg size %d,%d dynamic font ", w ? w : 800, h ? h : (panels > 1 ? 600 : 450));
        lk_gnuplot_quote(out, font ? font : "DejaVu Sans,11");
    } else if (strcmp(ext, "pdf") == 0) {
        fprintf(out, "set terminal pdfcairo size %gcm,%gcm font ", (w ? w : 160) / 10.0, (h ? h : (panels > 1 ? 120 : 90)) / 10.0);
        lk_gnuplot_quote(out, font ? font : "DejaVu Sans,9");
    } else {
        return LK_EINVAL;
    }
    fputs(" noenhanced\nset termoption noenhanced\nset encoding utf8\nset output ", out);
    lk_gnuplot_quote(out, o->output);
    putc('\n', out);
    return LK_OK;
}

static const char *unit_label(const lk_indicator *ind, const lk_chart_opts *o)
{
    switch (ind->scale) {
    case LK_SCALE_PERCENT: return nb(o) ? "Prosent" : "Per cent";
    case LK_SCALE_PER1000: return nb(o) ? "Per 1000" : "Per 1,000";
    default: return nb(o) ? "Kroner" : "NOK";
    }
}

static const char *ind_name(const lk_indicator *ind, const lk_chart_opts *o)
{
    return !nb(o) && ind->name_en ? ind->name_en : ind->name_nb;
}

/* Title, caption with definition and source, common style. */
static void frame(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *subtitle)
{
    const lk_indicator *ind = r->ind;
    if (nb(o)) fputs("set decimalsign ','\n", out);
    fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\nset key tmargin center horizontal noenhanced\n", out);
    fputs("set title ", out);
    char title[512];
    snprintf(title, sizeof title, "%s%s%s", o->title ? o->title : ind_name(ind, o), subtitle ? " – " : "", subtitle ? subtitle : "");
    lk_gnuplot_quote(out, title);
    fputs(" noenhanced\n", out);
    char caption[1024];
    const char *def = !nb(o) && *ind->definition_en ? ind->definition_en : ind->definition_nb;
    snprintf(caption, sizeof caption, "%s %s", def, ind->source);
    fputs("set bmargin 7\nset label 100 ", out);
    lk_gnuplot_quote(out, caption);
    fputs(" at screen 0.01, screen 0.02 left font ',8' noenhanced\n", out);
}

/* ------------------------------------------------------------------ trend */

/* Regions of a report in the order area, kommune, fylke, land (first appearance). */
static size_t regions(const lk_report *r, const char **codes, const char **roles, size_t max)
{
    static const char *const order[] = { "area", "kommune", "fylke", "land", "" };
    size_t n = 0;
    for (size_t k = 0; k < 5; k++)
        for (size_t i = 0; i < r->n && n < max; i++) {
            if (strcmp(r->rows[i].role, order[k]) != 0) continue;
            int seen = 0;
            for (size_t j = 0; j < n; j++)
                if (strcmp(codes[j], r->rows[i].region) == 0) seen = 1;
            if (seen) continue;
            codes[n] = r->rows[i].region;
            roles[n] = r->rows[i].role;
            n++;
        }
    return n;
}

static const lk_report_row *first_row(const lk_report *r, const char *code)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rows[i].region, code) == 0) return &r->rows[i];
    return NULL;
}

static double period_x(const char *p)
{
    lk_period q;
    if (lk_period_parse(&q, p, strlen(p)) != LK_OK) return NAN;
    if (q.kind == LK_PERIOD_QUARTER) return q.first_year + (q.sub - 0.5) / 4.0;
    if (q.kind == LK_PERIOD_MONTH) return q.first_year + (q.sub - 0.5) / 12.0;
    return q.last_year; /* a window is drawn at its last year */
}

/* One data block per region: x, value, low, high (NaN where missing). */
static void trend_blocks(FILE *out, const lk_report *r, const char **codes, size_t n, const char *prefix)
{
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "$%s%zu << EOD\n", prefix, k);
        for (size_t i = 0; i < r->n; i++) {
            const lk_report_row *w = &r->rows[i];
            if (strcmp(w->region, codes[k]) != 0) continue;
            num(out, period_x(w->period));
            putc(' ', out);
            num(out, w->has_value ? w->value : NAN);
            putc(' ', out);
            num(out, w->has_ci ? w->ci_low : NAN);
            putc(' ', out);
            num(out, w->has_ci ? w->ci_high : NAN);
            putc('\n', out);
        }
        fputs("EOD\n", out);
    }
}

static void marks(FILE *out, const lk_chart_opts *o, const lk_indicator *ind)
{
    int tag = 200;
    if (ind->break_year) {
        fprintf(out, "set arrow %d from %d, graph 0 to %d, graph 1 nohead dt 2 lc rgb '#777777'\n", tag, ind->break_year, ind->break_year);
        fprintf(out, "set label %d ", tag++);
        lk_gnuplot_quote(out, nb(o) ? "brudd" : "break");
        fprintf(out, " at %d, graph 0.97 left offset 0.3,0 font ',8' noenhanced\n", ind->break_year);
    }
    for (size_t i = 0; i < o->n_marks; i++) {
        fprintf(out, "set arrow %d from %d, graph 0 to %d, graph 1 nohead dt 3 lc rgb '#999999'\n", tag, o->marks[i], o->marks[i]);
        fprintf(out, "set label %d ", tag++);
        lk_gnuplot_quote(out, nb(o) ? "reform" : "reform");
        fprintf(out, " at %d, graph 0.92 left offset 0.3,0 font ',8' noenhanced\n", o->marks[i]);
    }
}

static int trend_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *prefix, int with_key)
{
    const char *codes[16], *roles[16];
    size_t n = regions(r, codes, roles, 16);
    if (n == 0) return LK_ENOTFOUND;
    trend_blocks(out, r, codes, n, prefix);
    fputs("set xtics 1 rotate by -45\nset format x '%.0f'\nset ylabel ", out);
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\n", out);
    if (!with_key) fputs("unset key\n", out);
    marks(out, o, r->ind);
    fputs("plot ", out);
    /* the first region's interval as a band, then a line per region */
    fprintf(out, "$%s0 using 1:3:4 with filledcurves fc rgb '%s' fs transparent solid 0.18 noborder title ", prefix,
            colour_of(roles[0], first_row(r, codes[0])->level));
    lk_gnuplot_quote(out, nb(o) ? "95 % konfidensintervall" : "95 % confidence interval");
    for (size_t k = 0; k < n; k++) {
        const lk_report_row *w = first_row(r, codes[k]);
        char label[256];
        snprintf(label, sizeof label, "%s", *w->region_name ? w->region_name : w->region);
        fprintf(out, ", \\\n     $%s%zu using 1:2 with linespoints lw %d pt 7 ps 0.6 lc rgb '%s' title ", prefix, k,
                k == 0 ? 3 : 2, colour_of(roles[k], w->level));
        lk_gnuplot_quote(out, label);
    }
    putc('\n', out);
    return LK_OK;
}

/* ------------------------------------------------------------------ compare and funnel */

static const char *latest_period(const lk_report *r)
{
    const char *best = NULL;
    double bx = -1;
    for (size_t i = 0; i < r->n; i++) {
        double x = period_x(r->rows[i].period);
        if (r->rows[i].has_value && x > bx) {
            bx = x;
            best = r->rows[i].period;
        }
    }
    return best;
}

static const lk_report_row *row_of_level(const lk_report *r, const char *period, lk_level level)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].level == level && strcmp(r->rows[i].period, period) == 0 && r->rows[i].has_value) return &r->rows[i];
    return NULL;
}

static int cmp_value(const void *a, const void *b)
{
    const lk_report_row *x = *(const lk_report_row *const *)a, *y = *(const lk_report_row *const *)b;
    if (x->value != y->value) return x->value < y->value ? -1 : 1;
    return strcmp(x->region, y->region);
}

/* The areas to compare: every row of the period below fylke level (kommuner, zones, bydeler). */
static size_t areas_of(const lk_report *r, const char *period, const lk_report_row **v)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *w = &r->rows[i];
        if (strcmp(w->period, period) != 0 || !w->has_value) continue;
        if (w->level == LK_LEVEL_LAND || w->level == LK_LEVEL_FYLKE) continue;
        v[n++] = w;
    }
    qsort(v, n, sizeof *v, cmp_value);
    return n;
}

static int compare_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *period)
{
    const lk_report_row **v = calloc(r->n ? r->n : 1, sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = areas_of(r, period, v);
    if (n == 0) {
        free(v);
        return LK_ENOTFOUND;
    }
    fputs("$A << EOD\n", out);
    for (size_t i = 0; i < n; i++) {
        const lk_report_row *w = v[i];
        fprintf(out, "%zu ", i + 1);
        num(out, w->value);
        putc(' ', out);
        num(out, w->has_ci ? w->ci_low : w->value);
        putc(' ', out);
        num(out, w->has_ci ? w->ci_high : w->value);
        /* significant against landet: 1, else 0; the name as the last column */
        fprintf(out, " %d ", strcmp(w->vs_land, "higher") == 0 || strcmp(w->vs_land, "lower") == 0);
        putc('"', out);
        for (const char *p = *w->region_name ? w->region_name : w->region; *p; p++)
            putc(*p == '"' || (unsigned char)*p < 0x20 ? ' ' : *p, out); /* a data block string: no quotes inside */
        fputs("\"\n", out);
    }
    fputs("EOD\n", out);
    fprintf(out, "set yrange [0.3:%zu.7]\nset ytics 1 scale 0\nunset grid\nset grid xtics lc rgb '#DDDDDD'\nset xlabel ", n);
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\n", out);
    const lk_report_row *land = row_of_level(r, period, LK_LEVEL_LAND);
    const lk_report_row *fylke = row_of_level(r, period, LK_LEVEL_FYLKE);
    int tag = 300;
    const lk_report_row *refs[2] = { land, fylke };
    for (int k = 0; k < 2; k++) {
        if (!refs[k]) continue;
        fprintf(out, "set arrow %d from ", tag);
        num(out, refs[k]->value);
        fputs(", graph 0 to ", out);
        num(out, refs[k]->value);
        fprintf(out, ", graph 1 nohead dt 2 lw 2 lc rgb '%s'\n", colour_of(k ? "fylke" : "land", refs[k]->level));
        fprintf(out, "set label %d ", tag++);
        lk_gnuplot_quote(out, *refs[k]->region_name ? refs[k]->region_name : refs[k]->region);
        fputs(" at ", out);
        num(out, refs[k]->value);
        fprintf(out, ", graph %s left offset 0.3,0 font ',8' noenhanced\n", k ? "0.95" : "1.01");
    }
    fputs("plot $A using 2:1:3:4:ytic(6) with xerrorbars pt 7 ps 1.2 lc rgb '#D55E00' title ", out);
    lk_gnuplot_quote(out, nb(o) ? "verdi med 95 % konfidensintervall" : "value with 95 % confidence interval");
    fputs(", \\\n     $A using ($5 > 0 ? $2 : NaN):1 with points pt 6 ps 2.4 lc rgb '#000000' title ", out);
    lk_gnuplot_quote(out, nb(o) ? "signifikant forskjellig fra landet" : "significantly different from Norway");
    putc('\n', out);
    free(v);
    return LK_OK;
}

static int funnel_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *period)
{
    const lk_report_row *land = row_of_level(r, period, LK_LEVEL_LAND);
    if (!land || r->ind->scale == LK_SCALE_KRONER) return LK_ENOTFOUND; /* needs a reference and a count model */
    const lk_report_row **v = calloc(r->n ? r->n : 1, sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = areas_of(r, period, v);
    if (n == 0) {
        free(v);
        return LK_ENOTFOUND;
    }
    double maxn = 0, minn = INFINITY;
    fputs("$F << EOD\n", out);
    for (size_t i = 0; i < n; i++) {
        num(out, v[i]->denominator);
        putc(' ', out);
        num(out, v[i]->value);
        fputs(" \"", out);
        for (const char *p = *v[i]->region_name ? v[i]->region_name : v[i]->region; *p; p++)
            putc(*p == '"' || (unsigned char)*p < 0x20 ? ' ' : *p, out);
        fputs("\"\n", out);
        if (v[i]->denominator > maxn) maxn = v[i]->denominator;
        if (v[i]->denominator < minn) minn = v[i]->denominator;
    }
    fputs("EOD\n", out);
    double scale = lk_report_scale(r->ind), p0 = land->numerator / land->denominator;
    fputs("p0 = ", out);
    num(out, p0);
    fputs("\nk = ", out);
    num(out, scale);
    /* binomial (shares) or Poisson (rates) limits around landet, normal approximation */
    fputs(r->ind->scale == LK_SCALE_PERCENT ? "\nsd(x) = sqrt(p0*(1-p0)/x)\n" : "\nsd(x) = sqrt(p0/x)\n", out);
    fputs("max0(v) = v < 0 ? 0 : v\n", out);
    fputs("set logscale x\nset samples 400\nset xrange [", out);
    num(out, fmax(1, minn / 5));
    fputs(":", out);
    num(out, isfinite(maxn * 2) ? maxn * 2 : maxn); /* a denominator near the largest double */
    fputs("]\nset yrange [0:*]\nset xlabel ", out);
    lk_gnuplot_quote(out, nb(o) ? "Nevner (befolkning)" : "Denominator (population)");
    fputs(" noenhanced\nset ylabel ", out);
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\nplot k*p0 with lines lw 2 lc rgb '#000000' title ", out);
    lk_gnuplot_quote(out, *land->region_name ? land->region_name : "Hele landet");
    fputs(", \\\n     k*(p0 + 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' title ", out);
    lk_gnuplot_quote(out, "95 %");
    fputs(", \\\n     k*max0(p0 - 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' notitle", out);
    fputs(", \\\n     k*(p0 + 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' title ", out);
    lk_gnuplot_quote(out, "99,8 %");
    fputs(", \\\n     k*max0(p0 - 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' notitle", out);
    fputs(", \\\n     $F using 1:2 with points pt 7 ps 1.2 lc rgb '#D55E00' notitle", out);
    fputs(", \\\n     $F using 1:2:3 with labels left offset 0.6,0 font ',8' noenhanced notitle\n", out);
    free(v);
    return LK_OK;
}

/* ------------------------------------------------------------------ entry point */

int lk_chart_write_gnuplot(const lk_report *const *reports, size_t n, const lk_chart_opts *o, FILE *out)
{
    if (!reports || n == 0 || !o || !out || !o->output || o->version != LK_CHART_OPTS_VERSION) return LK_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!reports[i]) return LK_EINVAL;
    fputs("# levekar chart: run with gnuplot FILE.gp (edit freely).\nreset\n", out);
    int rc = terminal(out, o, o->kind == LK_CHART_PANEL ? (int)n : 1);
    if (rc != LK_OK) return rc;
    const lk_report *r = reports[0];
    const char *period = o->period ? o->period : latest_period(r);
    switch (o->kind) {
    case LK_CHART_TREND: {
        const lk_report_row *a = first_row(r, o->area ? o->area : (r->n ? r->rows[0].region : ""));
        frame(out, r, o, a ? (*a->region_name ? a->region_name : a->region) : NULL);
        rc = trend_plot(out, r, o, "D", 1);
        break;
    }
    case LK_CHART_COMPARE:
        if (!period) return LK_ENOTFOUND;
        frame(out, r, o, period);
        rc = compare_plot(out, r, o, period);
        break;
    case LK_CHART_FUNNEL:
        if (!period) return LK_ENOTFOUND;
        frame(out, r, o, period);
        rc = funnel_plot(out, r, o, period);
        break;
    case LK_CHART_PANEL: {
        size_t cols = n <= 1 ? 1 : n <= 4 ? 2 : 3, rows = (n + cols - 1) / cols;
        const lk_report_row *a = r->n ? &r->rows[0] : NULL;
        if (nb(o)) fputs("set decimalsign ','\n", out);
        fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\nset bmargin 4\n"
              "set key top left noenhanced box opaque\n", out);
        char caption[1024] = "";
        for (size_t i = 0; i < n; i++) {
            if (strstr(caption, reports[i]->ind->source)) continue; /* the same source once */
            size_t used = strlen(caption);
            snprintf(caption + used, sizeof caption - used, "%s%s", used ? " " : "", reports[i]->ind->source);
        }
        fputs("set label 100 ", out);
        lk_gnuplot_quote(out, caption);
        fputs(" at screen 0.01, screen 0.015 left font ',8' noenhanced\n", out);
        fprintf(out, "set multiplot layout %zu,%zu title ", rows, cols);
        char title[512];
        snprintf(title, sizeof title, "%s", o->title ? o->title : a ? (*a->region_name ? a->region_name : a->region) : "");
        lk_gnuplot_quote(out, title);
        fputs(" noenhanced\n", out);
        for (size_t i = 0; i < n && rc == LK_OK; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "P%zuD", i);
            fputs("set title ", out);
            lk_gnuplot_quote(out, ind_name(reports[i]->ind, o));
            fputs(" noenhanced\n", out);
            rc = trend_plot(out, reports[i], o, prefix, i == 0);
            fputs("unset arrow\nunset label\n", out); /* the caption is drawn once, with the first panel */
        }
        fputs("unset multiplot\n", out);
        break;
    }
    default:
        return LK_EINVAL;
    }
    if (rc != LK_OK) return rc;
    fputs("unset output\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
