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
    if (strcmp(role, "compare") == 0) return "#009E73"; /* a --compare region, whatever its level */
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

/* gnuplot strings, checked against gnuplot 5.4's lexer (scanner.c) and macro expansion
 * (command.c), not against its manual:
 * - Single-quoted text is literal: no backslash escapes, no `...` substitution, no @macro, and
 *   '' stands for one quote. But the lexer only joins a '' that follows another character inside
 *   the string: 'it''s' works, while '''x' and 'a''''b' end the string early (a syntax error).
 *   An apostrophe that opens a piece or follows another one is therefore written "\0047".
 * - Double-quoted pieces carry what single quotes cannot: "\n" (a line break) and "\0047".
 *   They hold nothing else, so no backquote, @ or quote ever sits in one. (An octal escape
 *   starting with 0 reads up to four digits: "\0047" is always exactly one character.)
 * - Pieces are joined with '.', gnuplot's string concatenation, which every place taking a
 *   string (titles, labels, tic labels, key entries, fonts, set output) accepts.
 * - The SVG terminal escapes only < and & (svg.trm), and passes "&#x" through as the start of a
 *   character reference, so "]]>" and "&#x" in a text would make the SVG ill-formed or turn into
 *   another character: a WORD JOINER (U+2060, zero width, invisible) goes between them. */
typedef struct gq {
    FILE *out;
    int open;         /* 0 none, '\'' or '"' */
    int after_text;   /* inside '...', the last thing written was a character (so '' is safe) */
    int pieces;
    uint32_t last[2]; /* the last two characters shown, for "]]>" and "&#x" */
    int one_line;     /* a line break shows as a space */
} gq;

static void gq_open(gq *q, int quote)
{
    if (q->open == quote) return;
    if (q->open) putc(q->open, q->out);
    if (q->pieces++) putc('.', q->out);
    putc(quote, q->out);
    q->open = quote;
    q->after_text = 0;
}

static void gq_byte(gq *q, unsigned char c)
{
    if (c == '\'') {
        if (q->open == '\'' && q->after_text) {
            fputs("''", q->out);
            q->after_text = 0;
        } else {
            gq_open(q, '"');
            fputs("\\0047", q->out);
        }
    } else if (c == '\n') {
        gq_open(q, '"');
        fputs("\\n", q->out);
    } else if (c < 0x20 || c == 0x7F) { /* only from a path: a control character kept as itself */
        gq_open(q, '"');
        fprintf(q->out, "\\%04o", c);
    } else {
        gq_open(q, '\'');
        putc(c, q->out);
        q->after_text = 1;
    }
}

static void gq_char(gq *q, uint32_t cp)
{
    if ((cp == '>' && q->last[0] == ']' && q->last[1] == ']') || (cp == 'x' && q->last[0] == '&' && q->last[1] == '#')) {
        gq_open(q, '\'');
        lk_put_utf8(q->out, 0x2060);
        q->after_text = 1;
    }
    q->last[0] = q->last[1];
    q->last[1] = cp;
    if (cp < 0x80) {
        gq_byte(q, (unsigned char)cp);
        return;
    }
    gq_open(q, '\'');
    lk_put_utf8(q->out, cp);
    q->after_text = 1;
}

/* Text to show: valid UTF-8 (U+FFFD for what is not), a tab as a space, a line break (LF, CR or
 * CR LF) as a line break (or a space: one_line), and characters with nothing to show as U+FFFD. */
static void gq_text(gq *q, const char *s)
{
    for (const char *p = s ? s : ""; *p;) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        if (cp == '\r' || cp == '\n') {
            if (cp == '\r' && p[1] == '\n') n = 2;
            cp = q->one_line ? ' ' : '\n';
        } else if (cp == '\t') {
            cp = ' ';
        } else if (lk_char_unshowable(cp)) {
            cp = 0xFFFD;
        }
        gq_char(q, cp);
        p += n;
    }
}

static int gq_end(gq *q)
{
    if (!q->pieces) fputs("''", q->out);
    else putc(q->open, q->out);
    return ferror(q->out) ? LK_EIO : LK_OK;
}

#define GQ_INIT(out) { (out), 0, 0, 0, { 0, 0 }, 0 }

int lk_gnuplot_quote(FILE *out, const char *s)
{
    if (!out) return LK_EINVAL;
    gq q = GQ_INIT(out);
    gq_text(&q, s);
    return gq_end(&q);
}

/* A text on one line: a key entry, a tic label, a label at a point, a caption. gnuplot centres a
 * label's lines on its position and drops those that fall off the page (write_multiline in
 * term.c), and a key or tic label of several lines runs into its neighbours; only titles get
 * room for several lines. */
static void quote_line(FILE *out, const char *s)
{
    gq q = GQ_INIT(out);
    q.one_line = 1;
    gq_text(&q, s);
    gq_end(&q);
}

int lk_gnuplot_quote_path(FILE *out, const char *path)
{
    if (!out || !path) return LK_EINVAL;
    gq q = GQ_INIT(out);
    if (*path != '/') { /* gnuplot opens a pipe for "|cmd" and expands a leading "~" */
        gq_byte(&q, '.');
        gq_byte(&q, '/');
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) gq_byte(&q, *p);
    return gq_end(&q);
}

/* A font name: gnuplot writes it unescaped into an SVG attribute, so what could end or break the
 * attribute (quotes, < > &, line breaks and controls) becomes a space; no font's name has them. */
static void quote_font(FILE *out, const char *font)
{
    gq q = GQ_INIT(out);
    for (const char *p = font; *p;) {
        uint32_t cp;
        size_t n = lk_utf8_next(p, &cp);
        int bad = cp < 0x20 || lk_char_unshowable(cp) || cp == '"' || cp == '\'' || cp == '<' || cp == '>' || cp == '&';
        gq_char(&q, bad ? ' ' : cp);
        p += n;
    }
    gq_end(&q);
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

/* A panel of an indicator without data in the files: its title, and "ingen data" where the
 * lines would be. */
static void no_data_plot(FILE *out, const lk_chart_opts *o)
{
    fputs("unset xtics\nunset ytics\nset label 2 ", out);
    lk_gnuplot_quote(out, nb(o) ? "ingen data" : "no data");
    fputs(" at graph 0.5, graph 0.5 center font ',14' noenhanced\nplot [0:1] [0:1] NaN notitle\n"
          "unset label 2\nset xtics\nset ytics\n", out);
}

static int terminal(FILE *out, const lk_chart_opts *o, int panels)
{
    const char *ext = ext_of(o->output);
    const char *font = o->font ? o->font : NULL;
    int w = o->width, h = o->height;
    if (strcmp(ext, "png") == 0) {
        fprintf(out, "set terminal pngcairo size %d,%d font ", w ? w : 1600, h ? h : (panels > 1 ? 1200 : 900));
        quote_font(out, font ? font : "DejaVu Sans,16");
    } else if (strcmp(ext, "svg") == 0) {
        fprintf(out, "set terminal svg size %d,%d dynamic font ", w ? w : 800, h ? h : (panels > 1 ? 600 : 450));
        quote_font(out, font ? font : "DejaVu Sans,11");
    } else if (strcmp(ext, "pdf") == 0) {
        fprintf(out, "set terminal pdfcairo size %gcm,%gcm font ", (w ? w : 160) / 10.0, (h ? h : (panels > 1 ? 120 : 90)) / 10.0);
        quote_font(out, font ? font : "DejaVu Sans,9");
    } else {
        return LK_EINVAL;
    }
    fputs(" noenhanced\nset termoption noenhanced\nset encoding utf8\nset output ", out);
    lk_gnuplot_quote_path(out, o->output);
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

/* The caption's note on values hidden by lk_report_protect(): there is no dot, bar or point
 * for them, and the reader should know why. */
static size_t hidden_of(const lk_report *r)
{
    return r->protected_ ? r->suppressed.primary + r->suppressed.secondary : 0;
}

static void caption_suppressed(gq *q, size_t hidden, const lk_chart_opts *o)
{
    if (!hidden) return;
    char buf[160];
    snprintf(buf, sizeof buf, nb(o) ? " Prikket: %zu verdier er skjult (få tilfeller, eller de kunne regnes ut av andre)."
                                    : " Suppressed: %zu values are hidden (few cases, or recoverable from others).", hidden);
    gq_text(q, buf);
}

/* Title, caption with definition and source, common style. */
static void frame(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *subtitle)
{
    const lk_indicator *ind = r->ind;
    if (nb(o)) fputs("set decimalsign ','\n", out);
    fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\nset key tmargin center horizontal noenhanced\n", out);
    fputs("set title ", out);
    gq q = GQ_INIT(out);
    gq_text(&q, o->title ? o->title : ind_name(ind, o));
    if (subtitle) {
        gq_text(&q, " – ");
        gq_text(&q, subtitle);
    }
    gq_end(&q);
    fputs(" noenhanced\n", out);
    const char *def = !nb(o) && *ind->definition_en ? ind->definition_en : ind->definition_nb;
    fputs("set bmargin 7\nset label 100 ", out);
    q = (gq)GQ_INIT(out);
    q.one_line = 1;
    gq_text(&q, def);
    for (size_t i = 0; i < r->n; i++) /* age standardised values: say so (issue 15) */
        if (r->rows[i].std_method && *r->rows[i].std_method) {
            int direct = strcmp(r->rows[i].std_method, "direct") == 0;
            gq_text(&q, nb(o) ? (direct ? " Aldersstandardisert (direkte), standard: " : " Aldersstandardisert (indirekte), standard: ")
                              : (direct ? " Age standardised (direct), standard: " : " Age standardised (indirect), standard: "));
            gq_text(&q, r->rows[i].std_standard);
            gq_text(&q, ".");
            break;
        }
    gq_text(&q, " ");
    gq_text(&q, ind->source);
    caption_suppressed(&q, hidden_of(r), o);
    gq_end(&q);
    fputs(" at screen 0.01, screen 0.02 left font ',8' noenhanced\n", out);
}

/* ------------------------------------------------------------------ trend */

/* Regions of a report in the order area, kommune, fylke, land (first appearance). */
static size_t regions(const lk_report *r, const char **codes, const char **roles, size_t max)
{
    static const char *const order[] = { "area", "kommune", "fylke", "compare", "land", "" };
    size_t n = 0;
    for (size_t k = 0; k < 6; k++)
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
    /* the first region's interval as a band (none to show for a published rate without limits),
     * then a line per region */
    int band = 0;
    for (size_t i = 0; i < r->n && !band; i++) band = r->rows[i].has_ci && strcmp(r->rows[i].region, codes[0]) == 0;
    if (band) {
        fprintf(out, "$%s0 using 1:3:4 with filledcurves fc rgb '%s' fs transparent solid 0.18 noborder title ", prefix,
                colour_of(roles[0], first_row(r, codes[0])->level));
        lk_gnuplot_quote(out, nb(o) ? "95 % konfidensintervall" : "95 % confidence interval");
    }
    for (size_t k = 0; k < n; k++) {
        const lk_report_row *w = first_row(r, codes[k]);
        fprintf(out, "%s$%s%zu using 1:2 with linespoints lw %d pt 7 ps 0.6 lc rgb '%s' title ",
                band || k ? ", \\\n     " : "", prefix, k, k == 0 ? 3 : 2, colour_of(roles[k], w->level));
        quote_line(out, *w->region_name ? w->region_name : w->region);
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
        /* significant against landet: 1, else 0 */
        fprintf(out, " %d\n", strcmp(w->vs_land, "higher") == 0 || strcmp(w->vs_land, "lower") == 0);
    }
    fputs("EOD\n", out);
    /* The names from an array, not from a data column (gnuplot's data reader splits a name at
     * blanks and quotes and reads backslash escapes in it) nor from "set ytics ('name' 1)" (such a
     * label is a format: % is special and the result is cut at 49 bytes). A tic label computed by
     * ytic() is shown as it is. */
    fprintf(out, "array AreaName[%zu] = [", n);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", \\\n    " : " \\\n    ", out);
        quote_line(out, *v[i]->region_name ? v[i]->region_name : v[i]->region);
    }
    fprintf(out, "]\nset yrange [0.3:%zu.7]\nset ytics 1 scale 0\nunset grid\nset grid xtics lc rgb '#DDDDDD'\nset xlabel ", n);
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
        quote_line(out, *refs[k]->region_name ? refs[k]->region_name : refs[k]->region);
        fputs(" at ", out);
        num(out, refs[k]->value);
        fprintf(out, ", graph %s left offset 0.3,0 font ',8' noenhanced\n", k ? "0.95" : "1.01");
    }
    fputs("plot $A using 2:1:3:4:ytic(AreaName[int($1)]) with xerrorbars pt 7 ps 1.2 lc rgb '#D55E00' title ", out);
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
    /* needs a reference with counts and a count model (a published rate has no denominator) */
    if (!land || !land->has_counts || r->ind->scale == LK_SCALE_KRONER) return LK_ENOTFOUND;
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
        if (!v[i]->has_counts) continue; /* a published rate has no denominator to place it by */
        num(out, v[i]->denominator);
        putc(' ', out);
        num(out, v[i]->value);
        putc('\n', out);
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
    fputs(" noenhanced\n", out);
    /* The names as labels, not through "with labels": that reads backslash escapes and quotes in
     * the text; a label's string is taken as written. */
    for (size_t i = 0; i < n; i++) {
        if (!(v[i]->denominator > 0) || !isfinite(v[i]->denominator)) continue; /* no place on the log axis */
        fprintf(out, "set label %zu ", 1000 + i);
        quote_line(out, *v[i]->region_name ? v[i]->region_name : v[i]->region);
        fputs(" at ", out);
        num(out, v[i]->denominator);
        fputs(", ", out);
        num(out, v[i]->value);
        fputs(" left offset 0.6,0 font ',8' noenhanced\n", out);
    }
    fputs("plot k*p0 with lines lw 2 lc rgb '#000000' title ", out);
    quote_line(out, *land->region_name ? land->region_name : "Hele landet");
    fputs(", \\\n     k*(p0 + 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' title ", out);
    lk_gnuplot_quote(out, "95 %");
    fputs(", \\\n     k*max0(p0 - 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' notitle", out);
    fputs(", \\\n     k*(p0 + 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' title ", out);
    lk_gnuplot_quote(out, "99,8 %");
    fputs(", \\\n     k*max0(p0 - 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' notitle", out);
    fputs(", \\\n     $F using 1:2 with points pt 7 ps 1.2 lc rgb '#D55E00' notitle\n", out);
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
        const lk_report_row *a = NULL; /* the area, from the first panel with rows */
        for (size_t i = 0; i < n && !a; i++) a = reports[i]->n ? &reports[i]->rows[0] : NULL;
        if (nb(o)) fputs("set decimalsign ','\n", out);
        fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\nset bmargin 4\n"
              "set key top left noenhanced box opaque\n", out);
        fputs("set label 100 ", out);
        gq q = GQ_INIT(out);
        q.one_line = 1;
        for (size_t i = 0; i < n; i++) {
            size_t j = 0;
            while (j < i && strcmp(reports[j]->ind->source, reports[i]->ind->source) != 0) j++;
            if (j < i) continue; /* the same source once */
            if (q.pieces) gq_text(&q, "; "); /* two sources are two sentences, not one */
            gq_text(&q, reports[i]->ind->source);
        }
        size_t hidden = 0; /* the panels' together, said once */
        for (size_t i = 0; i < n; i++) hidden += hidden_of(reports[i]);
        caption_suppressed(&q, hidden, o);
        gq_end(&q);
        fputs(" at screen 0.01, screen 0.015 left font ',8' noenhanced\n", out);
        fprintf(out, "set multiplot layout %zu,%zu title ", rows, cols);
        lk_gnuplot_quote(out, o->title ? o->title : a ? (*a->region_name ? a->region_name : a->region) : "");
        fputs(" noenhanced\n", out);
        for (size_t i = 0; i < n && rc == LK_OK; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "P%zuD", i);
            fputs("set title ", out);
            lk_gnuplot_quote(out, ind_name(reports[i]->ind, o));
            fputs(" noenhanced\n", out);
            if (reports[i]->n) rc = trend_plot(out, reports[i], o, prefix, i == 0);
            else no_data_plot(out, o); /* an indicator without data is marked, never the panel's end */
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
