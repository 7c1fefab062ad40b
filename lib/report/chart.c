/* gnuplot scripts for the four chart kinds. Pure text generation into a FILE *: golden-testable,
 * deterministic (no time stamps, C-locale numbers), and safe with any user text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/chart.h"
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "chart_labels.h"
#include "chart_print.h"
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
    fputs("unset xtics\nunset ytics\nunset ylabel\nset label 2 ", out); /* no axis label left from the panel before */
    lk_gnuplot_quote(out, nb(o) ? "ingen data" : "no data");
    fprintf(out, " at graph 0.5, graph 0.5 center font ',%d' noenhanced\nplot [0:1] [0:1] NaN notitle\n"
                 "unset label 2\nset xtics\nset ytics\n", lk__chart_base(o));
}

/* A fraction of the chart (screen coordinates, origins, sizes), to 4 decimals. */
static void frac(FILE *out, double x)
{
    num(out, round(x * 10000) / 10000);
}

/* The terminal at print size (chart_print.h): the default font 10 pt where the chart is printed,
 * the cairo terminals at fontscale 0.75 (a unit a pixel of a PNG, a point of a PDF), H high
 * (lk__chart_height: room for the caption's lines). */
static int terminal(FILE *out, const lk_chart_opts *o, double h)
{
    const char *ext = ext_of(o->output);
    char dflt[32];
    snprintf(dflt, sizeof dflt, "DejaVu Sans,%d", lk__chart_base(o));
    const char *font = o->font ? o->font : dflt;
    if (strcmp(ext, "png") == 0 || strcmp(ext, "svg") == 0) {
        fprintf(out, strcmp(ext, "png") == 0 ? "set terminal pngcairo size %d,%d font " : "set terminal svg size %d,%d dynamic font ",
                (int)lk__chart_width(o), (int)h);
        quote_font(out, font);
    } else if (strcmp(ext, "pdf") == 0) {
        fprintf(out, "set terminal pdfcairo size %gcm,%gcm font ", (o->width ? o->width : 160) / 10.0, round(h * 2.54 / 72 * 100) / 100);
        quote_font(out, font);
    } else {
        return LK_EINVAL;
    }
    fputs(lk__chart_cairo(o) ? " fontscale 0.75 noenhanced\n" : " noenhanced\n", out);
    fputs("set termoption noenhanced\nset encoding utf8\nset output ", out);
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

/* What the title adds to the indicator's name: the unit and the ages of the population
 * ("prosent, 15–74 år"), the ages only where the name does not already give them. */
static void title_unit(char *buf, size_t size, const lk_indicator *ind, const lk_chart_opts *o)
{
    int lo = ind->den.age_lo >= 0 ? ind->den.age_lo : ind->den.table_lo;
    int hi = ind->den.age_lo >= 0 ? ind->den.age_hi : ind->den.table_hi;
    const char *unit = ind->scale == LK_SCALE_PERCENT ? (nb(o) ? "prosent" : "per cent")
                     : ind->scale == LK_SCALE_PER1000 ? (nb(o) ? "per 1000" : "per 1,000") : (nb(o) ? "kroner" : "NOK");
    char ages[64] = "", a[32], b[32];
    if (lo >= 0 && hi > lo && hi < 200) { /* a band of ages (0–0: a zeroed indicator that says none) */
        snprintf(a, sizeof a, "%d-%d", lo, hi);
        snprintf(b, sizeof b, "%d–%d", lo, hi);
        const char *name = ind_name(ind, o);
        if (!strstr(name, a) && !strstr(name, b)) snprintf(ages, sizeof ages, nb(o) ? ", %s år" : ", aged %s", b);
    }
    snprintf(buf, size, ", %s%s", unit, ind->scale == LK_SCALE_KRONER ? "" : ages);
}

/* The caption's sentence on what is hidden (N values), or "" when nothing is. */
static void hidden_sentence(char *buf, size_t size, size_t n, const lk_chart_opts *o)
{
    if (!n) {
        *buf = '\0';
        return;
    }
    snprintf(buf, size, nb(o) ? " Prikket: %zu verdier er skjult (få tilfeller, eller de kunne regnes ut av andre)."
                               : " Suppressed: %zu values are hidden (few cases, or recoverable from others).", n);
}

/* The caption's text: definition, standardisation, source and what is hidden. */
static int caption_text(const lk_report *r, const lk_chart_opts *o, char **out)
{
    const lk_indicator *ind = r->ind;
    const char *def = !nb(o) && *ind->definition_en ? ind->definition_en : ind->definition_nb;
    const char *std = "", *std_of = "";
    for (size_t i = 0; i < r->n; i++) /* age standardised values: say so (issue 15) */
        if (r->rows[i].std_method && *r->rows[i].std_method) {
            int direct = strcmp(r->rows[i].std_method, "direct") == 0;
            std = nb(o) ? (direct ? " Aldersstandardisert (direkte), standard: " : " Aldersstandardisert (indirekte), standard: ")
                        : (direct ? " Age standardised (direct), standard: " : " Age standardised (indirect), standard: ");
            std_of = r->rows[i].std_standard;
            break;
        }
    char hidden[160];
    hidden_sentence(hidden, sizeof hidden, hidden_of(r), o);
    size_t n = strlen(def) + strlen(std) + strlen(std_of) + 2 + strlen(ind->source) + strlen(hidden) + 1;
    if (!(*out = malloc(n))) return LK_ENOMEM;
    snprintf(*out, n, "%s%s%s%s %s%s", def, std, std_of, *std ? "." : "", ind->source, hidden);
    return LK_OK;
}

/* The caption's lines (lk__chart_wrap) at the small size, the last just above the bottom edge of
 * a chart H high: gnuplot puts a label's first line at its position and the others below it, a
 * line of the label's font apart. */
static void caption(FILE *out, const char *wrapped, size_t lines, const lk_chart_opts *o, double h)
{
    double line = lk__chart_small_line(o);
    fputs("set label 100 ", out);
    gq q = GQ_INIT(out);
    gq_text(&q, wrapped);
    gq_end(&q);
    fputs(" at screen 0.01, screen ", out);
    frac(out, (1.1 * line + (double)(lines ? lines - 1 : 0) * line) / h); /* the last line a line above the edge */
    fprintf(out, " left font ',%d' noenhanced\n", lk__chart_small(o));
}

/* The bottom margin in terminal lines (the base size's): the axis's tics and label, then the
 * caption's lines at the small size. */
static void bottom_margin(FILE *out, const lk_chart_opts *o, double axis_lines, size_t lines)
{
    fputs("set bmargin ", out);
    num(out, round((axis_lines + 0.5 + (double)lines * lk__chart_small_line(o) / lk__chart_line(o)) * 10) / 10);
    putc('\n', out);
}

/* The length of a row's area name as shown, in code points. */
static size_t name_chars(const lk_report_row *w)
{
    const char *s = *w->region_name ? w->region_name : w->region;
    return lk__chart_chars(s, strlen(s));
}

/* The longest area name in code points: the key's entries are these names. */
static size_t longest_name(const lk_report *r)
{
    size_t most = 0;
    for (size_t i = 0; i < r->n; i++)
        if (name_chars(&r->rows[i]) > most) most = name_chars(&r->rows[i]);
    return most;
}

/* The key's font size: the small size, or less where an entry would not fit across the plot
 * (WIDTH font units) at it; gnuplot then warns and leaves the key out or lays it over the title.
 * gnuplot's own estimate of an entry: 0.6 of the size per character, with the sample line 4
 * characters more; the plot is about 0.7 of the width beside the axis's tics and label and the
 * room for the last year. Only a name of more than about 50 characters shrinks it (no real
 * region has one). */
static int key_font(const lk_chart_opts *o, size_t longest, double width)
{
    int size = lk__chart_small(o);
    double fits = 0.7 * width / (0.6 * (double)(longest + 6));
    return fits < size ? (fits < 4 ? 4 : (int)fits) : size;
}

/* The key above the plot, its entries side by side (in rows where they are many). */
static void key_above(FILE *out, const lk_report *r, const lk_chart_opts *o)
{
    size_t longest = longest_name(r);
    fprintf(out, "set key tmargin center horizontal noenhanced font ',%d'\n", key_font(o, longest < 34 ? 34 : longest, lk__chart_width(o)));
}

/* Title (the name with its unit, or the --title), caption with definition and source, common style. */
static void frame(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *subtitle, const char *wrapped,
                  size_t lines, double axis_lines, double height)
{
    const lk_indicator *ind = r->ind;
    if (nb(o)) fputs("set decimalsign ','\n", out);
    fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\n", out);
    key_above(out, r, o);
    fputs("set title ", out);
    gq q = GQ_INIT(out);
    if (o->title) {
        gq_text(&q, o->title);
    } else {
        char unit[96];
        title_unit(unit, sizeof unit, ind, o);
        gq_text(&q, ind_name(ind, o));
        gq_text(&q, unit);
    }
    if (subtitle) {
        gq_text(&q, " – ");
        gq_text(&q, subtitle);
    }
    gq_end(&q);
    fputs(" noenhanced\n", out);
    caption(out, wrapped, lines, o, height);
    bottom_margin(out, o, axis_lines, lines);
}

/* A panel's caption: the sources, each once (two sources are two sentences, not one), and what
 * is hidden in the panels together, said once. */
static int panel_caption_text(const lk_report *const *reports, size_t n, const lk_chart_opts *o, char **out)
{
    size_t len = 1, hidden = 0;
    for (size_t i = 0; i < n; i++) len += strlen(reports[i]->ind->source) + 2;
    char *text = malloc(len + 160);
    if (!text) return LK_ENOMEM;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && strcmp(reports[j]->ind->source, reports[i]->ind->source) != 0) j++;
        if (j < i) continue;
        if (*text) strcat(text, "; ");
        strcat(text, reports[i]->ind->source);
    }
    for (size_t i = 0; i < n; i++) hidden += hidden_of(reports[i]);
    hidden_sentence(text + strlen(text), 160, hidden, o);
    *out = text;
    return LK_OK;
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

/* The first and last period of r on the time axis (lo > hi: none). */
static void year_range(const lk_report *r, double *lo, double *hi)
{
    *lo = INFINITY, *hi = -INFINITY;
    for (size_t i = 0; i < r->n; i++) {
        double x = period_x(r->rows[i].period);
        if (isfinite(x) && x < *lo) *lo = x;
        if (isfinite(x) && x > *hi) *hi = x;
    }
}

/* The series break and the reform years, those within r's years only: a panel's axis covers its
 * own data, and a mark beyond it was drawn in the next panel. */
static void marks(FILE *out, const lk_chart_opts *o, const lk_report *r)
{
    const lk_indicator *ind = r->ind;
    double lo, hi;
    year_range(r, &lo, &hi);
    int tag = 200;
    if (ind->break_year && ind->break_year >= lo && ind->break_year <= hi) {
        fprintf(out, "set arrow %d from %d, graph 0 to %d, graph 1 nohead dt 2 lc rgb '#777777'\n", tag, ind->break_year, ind->break_year);
        fprintf(out, "set label %d ", tag++);
        lk_gnuplot_quote(out, nb(o) ? "brudd" : "break");
        fprintf(out, " at %d, graph 0.97 left offset 0.3,0 font ',%d' noenhanced\n", ind->break_year, lk__chart_small(o));
    }
    for (size_t i = 0; i < o->n_marks; i++) {
        if (o->marks[i] < lo || o->marks[i] > hi) continue;
        fprintf(out, "set arrow %d from %d, graph 0 to %d, graph 1 nohead dt 3 lc rgb '#999999'\n", tag, o->marks[i], o->marks[i]);
        fprintf(out, "set label %d ", tag++);
        lk_gnuplot_quote(out, nb(o) ? "reform" : "reform");
        fprintf(out, " at %d, graph 0.92 left offset 0.3,0 font ',%d' noenhanced\n", o->marks[i], lk__chart_small(o));
    }
}

/* Years between the time axis's tic labels: every year where the labels fit across the plot
 * (WIDTH font units), else every 2nd, 5th, 10th or 20th. A slanted year takes about 4
 * characters of the axis. */
static int year_step(const lk_report *r, const lk_chart_opts *o, double width)
{
    double lo, hi;
    year_range(r, &lo, &hi);
    double fit = 0.8 * width / (0.6 * lk__chart_base(o)) / 4;
    static const int steps[] = { 1, 2, 5, 10 };
    for (size_t k = 0; k < 4; k++)
        if (!(hi > lo) || (hi - lo) / steps[k] + 1 <= fit) return steps[k];
    return 20;
}

/* Whether a trend shows the first region's interval as a band: a published rate without limits
 * has none to show. */
static int has_band(const lk_report *r, const char *first_code)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].has_ci && strcmp(r->rows[i].region, first_code) == 0) return 1;
    return 0;
}

/* The plot command of a trend: the first region's interval as a band (none to show for a
 * published rate without limits), then a line per region, from the blocks $PREFIX0.. */
static void trend_series(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *prefix, const char *const *codes,
                         const char *const *roles, size_t n)
{
    fputs("plot ", out);
    int band = has_band(r, codes[0]);
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
}

/* [*lo, *hi] widened to hold row W's value and interval (NULL: nothing to add). */
static void widen(double *lo, double *hi, const lk_report_row *w)
{
    if (!w) return;
    double a = w->has_ci && isfinite(w->ci_low) ? w->ci_low : w->value, b = w->has_ci && isfinite(w->ci_high) ? w->ci_high : w->value;
    if (isfinite(a) && a < *lo) *lo = a;
    if (isfinite(b) && b > *hi) *hi = b;
}

/* The value axis's tic step for a plot PLOT_H font units high: a 1, 2, 2.5 or 5 times a power
 * of ten that keeps the labels at least 1.6 lines apart (gnuplot's own choice ignores the font
 * size: at print size the labels of a short plot ran into each other). 0 where r has no values. */
static double value_step(const lk_report *r, const lk_chart_opts *o, double plot_h)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].has_value) widen(&lo, &hi, &r->rows[i]);
    double most = floor(plot_h / (1.6 * lk__chart_line(o)));
    if (!(hi > lo) || most < 2) return 0;
    static const double nice[] = { 1, 2, 2.5, 5 };
    double p = pow(10, floor(log10((hi - lo) / most)));
    for (int k = 0; k < 8; k++, p *= 10)
        for (size_t j = 0; j < 4; j++)
            if ((hi - lo) / (nice[j] * p) + 1 <= most) return nice[j] * p;
    return 0;
}

/* A trend of up to 16 areas; cols: the panel's columns, which divide the width; plot_h the
 * plot's height in font units. */
static int trend_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *prefix, int with_key, size_t cols,
                      double plot_h)
{
    const char *codes[16], *roles[16];
    size_t n = regions(r, codes, roles, 16);
    if (n == 0) return LK_ENOTFOUND;
    trend_blocks(out, r, codes, n, prefix);
    /* the last year's label slants down to the right of its tic: room for it (3 was too little) */
    fprintf(out, "set xtics %d rotate by -45\nset format x '%%.0f'\nset rmargin 5\nset ylabel ", year_step(r, o, lk__chart_width(o) / (double)cols));
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\n", out);
    double step = value_step(r, o, plot_h);
    if (step > 0) {
        fputs("set ytics ", out);
        num(out, step);
        putc('\n', out);
    }
    if (!with_key) fputs("unset key\n", out);
    marks(out, o, r);
    trend_series(out, r, o, prefix, codes, roles, n);
    return LK_OK;
}

/* The height of a panel's key strip in font units: its entries (the band and a line per region)
 * in as many rows as gnuplot makes of them across the width, at FONT; each entry gnuplot's
 * estimate of its text and sample (0.6 of the size per character, 4 characters of sample and 2
 * of gap), every column as wide as the widest. */
static double key_height(const lk_report *r, const lk_chart_opts *o, double font)
{
    const char *codes[16], *roles[16];
    size_t n = regions(r, codes, roles, 16), longest = longest_name(r), entries = n;
    if (n && has_band(r, codes[0])) entries++, longest = longest < 23 ? 23 : longest; /* "95 % konfidensintervall" */
    double entry = 0.6 * font * (double)(longest + 6);
    size_t per_row = entry > 0 ? (size_t)(0.95 * lk__chart_width(o) / entry) : 1;
    if (per_row < 1) per_row = 1;
    size_t rows = entries ? (entries + per_row - 1) / per_row : 1;
    return ((double)rows * 1.25 + 0.5) * lk__chart_small_line(o) * font / lk__chart_small(o);
}

/* A panel's title, the indicator's name broken into lines that fit its column (names such as
 * "Unge 20-29 år som mottar stønad til livsopphold" ran into the next panel's); a name with
 * line breaks of its own keeps those, as every title does. */
static int panel_title(FILE *out, const char *name, const lk_chart_opts *o, size_t cols)
{
    size_t per = (size_t)(0.9 * lk__chart_width(o) / (double)cols / (0.6 * lk__chart_base(o))), lines;
    char *title = strpbrk(name, "\r\n") ? NULL : lk__chart_wrap(name, per < 10 ? 10 : per, &lines);
    if (!title && !strpbrk(name, "\r\n")) return LK_ENOMEM;
    fputs("set title ", out);
    lk_gnuplot_quote(out, title ? title : name);
    fputs(" noenhanced\n", out);
    free(title);
    return LK_OK;
}

/* A panel's one key: an empty plot across the strip from Y0 to Y1 (screen fractions) whose
 * series, the trend's of r with no points, show only their key entries side by side. */
static void panel_key(FILE *out, const lk_report *r, const lk_chart_opts *o, double y0, double y1, int font)
{
    const char *codes[16], *roles[16];
    size_t n = regions(r, codes, roles, 16);
    if (n == 0) return;
    for (size_t k = 0; k < n; k++) fprintf(out, "$K%zu << EOD\n0 NaN NaN NaN\nEOD\n", k);
    fputs("set origin 0, ", out);
    frac(out, y0);
    fputs("\nset size 1, ", out);
    frac(out, (y1 - y0));
    fputs("\nunset title\nunset border\nunset tics\nunset grid\nunset xlabel\nunset ylabel\n"
          "set lmargin 0\nset rmargin 0\nset tmargin 0\nset bmargin 0\nset xrange [0:1]\nset yrange [0:1]\n", out);
    fprintf(out, "set key center center horizontal noenhanced font ',%d'\n", font);
    trend_series(out, r, o, "K", codes, roles, n);
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

/* Up to this many areas, fylke and landet are dots of their own beside them (with their
 * intervals), as well as lines; more areas (every kommune of the country) keep only the lines. */
#define COMPARE_OWN_DOTS 20

/* The rows of names on a comparison's axis: the areas, and fylke and landet where they are dots
 * of their own (compare_plot). */
static int compare_rows(const lk_report *r, const char *period, size_t *rows)
{
    const lk_report_row **v = calloc(r->n ? r->n : 1, sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = areas_of(r, period, v);
    free(v);
    *rows = n + (n <= COMPARE_OWN_DOTS ? (row_of_level(r, period, LK_LEVEL_FYLKE) != NULL) + (row_of_level(r, period, LK_LEVEL_LAND) != NULL) : 0);
    return LK_OK;
}

/* HEIGHT: the chart's (lk__chart_height), LINES the caption's. */
static int compare_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *period, double height, size_t lines)
{
    const lk_report_row **v = calloc(r->n + 2, sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = areas_of(r, period, v);
    if (n == 0) {
        free(v);
        return LK_ENOTFOUND;
    }
    const lk_report_row *land = row_of_level(r, period, LK_LEVEL_LAND);
    const lk_report_row *fylke = row_of_level(r, period, LK_LEVEL_FYLKE);
    size_t shown = n;
    if (n <= COMPARE_OWN_DOTS) { /* area, fylke and landet in one ranking */
        if (fylke) v[shown++] = fylke;
        if (land) v[shown++] = land;
        qsort(v, shown, sizeof *v, cmp_value);
    }
    /* x, y, low, high, significant against landet (1 / 0), kind (0 area, 1 fylke, 2 landet) */
    fputs("$A << EOD\n", out);
    for (size_t i = 0; i < shown; i++) {
        const lk_report_row *w = v[i];
        fprintf(out, "%zu ", i + 1);
        num(out, w->value);
        putc(' ', out);
        num(out, w->has_ci ? w->ci_low : w->value);
        putc(' ', out);
        num(out, w->has_ci ? w->ci_high : w->value);
        fprintf(out, " %d %d\n", strcmp(w->vs_land, "higher") == 0 || strcmp(w->vs_land, "lower") == 0,
                w == land ? 2 : w == fylke ? 1 : 0);
    }
    fputs("EOD\n", out);
    /* The names from an array, not from a data column (gnuplot's data reader splits a name at
     * blanks and quotes and reads backslash escapes in it) nor from "set ytics ('name' 1)" (such a
     * label is a format: % is special and the result is cut at 49 bytes). A tic label computed by
     * ytic() is shown as it is. */
    fprintf(out, "array AreaName[%zu] = [", shown);
    for (size_t i = 0; i < shown; i++) {
        fputs(i ? ", \\\n    " : " \\\n    ", out);
        quote_line(out, *v[i]->region_name ? v[i]->region_name : v[i]->region);
    }
    /* every interval and reference line inside the axis, with room on both sides */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < shown; i++) widen(&lo, &hi, v[i]);
    widen(&lo, &hi, land);
    widen(&lo, &hi, fylke);
    double pad = hi > lo ? (hi - lo) * 0.08 : fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;
    double x0 = lo - pad, x1 = hi + pad;
    if (lo >= 0 && x0 < 0) x0 = 0; /* shares, rates and amounts are not negative */
    fprintf(out, "]\nset xrange [");
    num(out, x0);
    putc(':', out);
    num(out, x1);
    /* the names on the axis at the base size, or less where the longest would take more than
     * 0.4 of the width (only a name of more than about 30 characters) */
    size_t longest = 0;
    for (size_t i = 0; i < shown; i++)
        if (name_chars(v[i]) > longest) longest = name_chars(v[i]);
    double fits = 0.4 * lk__chart_width(o) / (0.6 * (double)(longest ? longest : 1));
    /* and no taller than a row: the plot's height (the chart's less about 9 lines of title, key,
     * axis and the caption) over the rows, names a line of their size apart */
    double plot = height - 9 * lk__chart_line(o) - (double)lines * lk__chart_small_line(o);
    double per_row = plot / (double)shown / (lk__chart_small_line(o) / lk__chart_small(o));
    if (per_row < fits) fits = per_row;
    int tics = fits < lk__chart_base(o) ? (fits < 4 ? 4 : (int)fits) : lk__chart_base(o);
    fprintf(out, "]\nset yrange [0.3:%zu.7]\nset ytics 1 scale 0 font ',%d'\nunset grid\nset grid xtics lc rgb '#DDDDDD'\nset xlabel ", shown, tics);
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\n", out);
    /* gnuplot sizes the left margin by the terminal's font, not the tics': where that would leave
     * the plot less than half the width, the margin the names take at their size (DejaVu draws
     * a character 0.55 of its size wide; gnuplot's margin unit is 0.6 of the terminal's size) */
    if (tics < lk__chart_base(o) && (double)longest * 0.6 * lk__chart_base(o) > 0.5 * lk__chart_width(o))
        fprintf(out, "set lmargin %d\n", (int)ceil((double)longest * 0.55 * tics / (0.6 * lk__chart_base(o))) + 1);
    int tag = 300;
    const lk_report_row *refs[2] = { land, fylke };
    for (int k = 0; k < 2; k++) {
        if (!refs[k]) continue;
        fprintf(out, "set arrow %d from ", tag);
        num(out, refs[k]->value);
        fputs(", graph 0 to ", out);
        num(out, refs[k]->value);
        fprintf(out, ", graph 1 nohead dt 2 lw 2 lc rgb '%s'\n", colour_of(k ? "fylke" : "land", refs[k]->level));
        tag++;
        if (shown > n) continue; /* a dot of its own names it on the axis */
        fprintf(out, "set label %d ", tag - 1);
        quote_line(out, *refs[k]->region_name ? refs[k]->region_name : refs[k]->region);
        fputs(" at ", out);
        num(out, refs[k]->value);
        /* landet's name above the plot, the fylke's just inside it: never on top of each other */
        fprintf(out, ", graph %s left offset 0.3,0 font ',%d' noenhanced\n", k ? "0.95" : "1.01", lk__chart_small(o));
    }
    fputs("plot $A using ($6 == 0 ? $2 : NaN):1:3:4:ytic(AreaName[int($1)]) with xerrorbars pt 7 ps 1.2 lc rgb '#D55E00' title ", out);
    lk_gnuplot_quote(out, nb(o) ? "verdi med 95 % konfidensintervall" : "value with 95 % confidence interval");
    if (shown > n) {
        if (fylke) {
            fprintf(out, ", \\\n     $A using ($6 == 1 ? $2 : NaN):1:3:4 with xerrorbars pt 5 ps 1.2 lc rgb '%s' title ",
                    colour_of("fylke", LK_LEVEL_FYLKE));
            quote_line(out, nb(o) ? "fylket" : "county");
        }
        if (land) {
            fprintf(out, ", \\\n     $A using ($6 == 2 ? $2 : NaN):1:3:4 with xerrorbars pt 9 ps 1.4 lc rgb '%s' title ",
                    colour_of("land", LK_LEVEL_LAND));
            quote_line(out, nb(o) ? "landet" : "Norway");
        }
    }
    fputs(", \\\n     $A using ($5 > 0 ? $2 : NaN):1 with points pt 6 ps 2.4 lc rgb '#000000' title ", out);
    lk_gnuplot_quote(out, nb(o) ? "signifikant forskjellig fra landet" : "significantly different from Norway");
    putc('\n', out);
    free(v);
    return LK_OK;
}

/* The funnel's axes: x on a log scale from a fifth of the smallest denominator to twice the
 * largest, y from 0 to the highest value or 99.8 % limit (gnuplot is given these, so the labels
 * can be placed on the same axes). */
typedef struct funnel_axes {
    double x0, x1, y1, p0, k;
    int percent;
} funnel_axes;

static double funnel_sd(const funnel_axes *a, double x)
{
    return a->percent ? sqrt(a->p0 * (1 - a->p0) / x) : sqrt(a->p0 / x);
}

static int placeable(const lk_report_row *w)
{
    return w->has_counts && w->denominator > 0 && isfinite(w->denominator) && isfinite(w->value);
}

static void funnel_axes_of(const lk_report *r, const lk_report_row *land, const lk_report_row *const *v, size_t n, funnel_axes *a)
{
    double maxn = 0, minn = INFINITY, maxv = 0;
    for (size_t i = 0; i < n; i++) {
        if (!placeable(v[i])) continue;
        if (v[i]->denominator > maxn) maxn = v[i]->denominator;
        if (v[i]->denominator < minn) minn = v[i]->denominator;
        if (v[i]->value > maxv) maxv = v[i]->value;
    }
    if (!(maxn > 0)) maxn = minn = 1;
    a->x0 = fmax(1, minn / 5);
    a->x1 = isfinite(maxn * 2) ? maxn * 2 : maxn; /* a denominator near the largest double */
    if (!(a->x1 > a->x0)) a->x1 = a->x0 * 10;
    a->p0 = land->numerator / land->denominator;
    a->k = lk_report_scale(r->ind);
    a->percent = r->ind->scale == LK_SCALE_PERCENT;
    double top = a->k * (a->p0 + 3.090232 * funnel_sd(a, a->x0));
    a->y1 = 1.05 * fmax(isfinite(top) ? top : 0, maxv);
    if (!(a->y1 > 0)) a->y1 = 1;
}

/* The funnel's plot inside the chart, as fractions of the chart: set so (gnuplot's own margins
 * are an estimate), and the names are placed on exactly this plot. Left: the axis's tics and
 * label (about 10 characters); right 2; below: the tics and label (3 lines) and LINES of
 * caption; above: title and key (4 lines). */
typedef struct funnel_frame {
    double left, right, bottom, top;
} funnel_frame;

static funnel_frame funnel_frame_of(const lk_chart_opts *o, double height, size_t lines)
{
    double w = lk__chart_width(o), char_w = 0.6 * lk__chart_base(o), line = lk__chart_line(o);
    funnel_frame f = { 10 * char_w / w, 1 - 2 * char_w / w, (3 * line + (double)lines * lk__chart_small_line(o)) / height,
                       1 - 4 * line / height };
    if (f.right - f.left < 0.1) f.left = 0.1, f.right = 0.98; /* a chart too narrow for margins */
    if (f.top - f.bottom < 0.1) f.bottom = 0.3, f.top = 0.9;
    return f;
}

/* The gap between a point and its name, and the room its dot takes (pt 7 at ps 1.2), in
 * characters of the small size (chart_labels.c's units). */
#define NAME_GAP 0.8
#define NAME_DOT 0.9

/* Sides for the areas' names (chart_labels.h), in areas_of's order: the areas outside the 95 %
 * limits first, on the plot funnel_frame_of gives a chart HEIGHT high with LINES of caption.
 * *side is malloc'd (NULL where there is no funnel to draw); *left_out the names without room. */
static int funnel_sides(const lk_report *r, const lk_chart_opts *o, const char *period, double height, size_t lines,
                        lk__label_side **side, size_t *left_out)
{
    *side = NULL;
    *left_out = 0;
    const lk_report_row *land = row_of_level(r, period, LK_LEVEL_LAND);
    if (!land || !land->has_counts || r->ind->scale == LK_SCALE_KRONER) return LK_OK;
    const lk_report_row **v = calloc(r->n ? r->n : 1, sizeof *v);
    lk__label *labels = calloc(r->n ? r->n : 1, sizeof *labels);
    *side = calloc(r->n ? r->n : 1, sizeof **side);
    if (!v || !labels || !*side) {
        free(v);
        free(labels);
        free(*side);
        *side = NULL;
        return LK_ENOMEM;
    }
    size_t n = areas_of(r, period, v);
    funnel_axes a;
    funnel_axes_of(r, land, v, n, &a);
    for (size_t i = 0; i < n; i++) {
        if (!placeable(v[i])) {
            labels[i].x = -1; /* not drawn */
            continue;
        }
        labels[i].x = log(v[i]->denominator / a.x0) / log(a.x1 / a.x0);
        labels[i].y = v[i]->value / a.y1;
        labels[i].chars = name_chars(v[i]);
        labels[i].first = fabs(v[i]->value / a.k - a.p0) > 1.959964 * funnel_sd(&a, v[i]->denominator);
    }
    funnel_frame f = funnel_frame_of(o, height, lines);
    double small = lk__chart_small(o);
    lk__label_geometry g = { (f.right - f.left) * lk__chart_width(o), (f.top - f.bottom) * height, 0.6 * small,
                             lk__chart_small_line(o), NAME_GAP, NAME_DOT };
    *left_out = lk__chart_place_labels(labels, n, &g, *side);
    free(labels);
    free(v);
    return LK_OK;
}

static int funnel_plot(FILE *out, const lk_report *r, const lk_chart_opts *o, const char *period, const lk__label_side *side,
                       double height, size_t lines)
{
    const lk_report_row *land = row_of_level(r, period, LK_LEVEL_LAND);
    /* needs a reference with counts and a count model (a published rate has no denominator) */
    if (!land || !land->has_counts || r->ind->scale == LK_SCALE_KRONER) return LK_ENOTFOUND;
    const lk_report_row **v = calloc(r->n ? r->n : 1, sizeof *v);
    if (!v) return LK_ENOMEM;
    size_t n = areas_of(r, period, v), placed = 0;
    for (size_t i = 0; i < n; i++) placed += placeable(v[i]);
    if (placed == 0) { /* published rates only: nothing has a denominator to place it by */
        free(v);
        return LK_ENOTFOUND;
    }
    funnel_axes a;
    funnel_axes_of(r, land, v, n, &a);
    fputs("$F << EOD\n", out);
    for (size_t i = 0; i < n; i++) {
        if (!placeable(v[i])) continue; /* a published rate (no denominator), or one the log axis cannot hold */
        num(out, v[i]->denominator);
        putc(' ', out);
        num(out, v[i]->value);
        putc('\n', out);
    }
    fputs("EOD\n", out);
    fputs("p0 = ", out);
    num(out, a.p0);
    fputs("\nk = ", out);
    num(out, a.k);
    /* binomial (shares) or Poisson (rates) limits around landet, normal approximation */
    fputs(r->ind->scale == LK_SCALE_PERCENT ? "\nsd(x) = sqrt(p0*(1-p0)/x)\n" : "\nsd(x) = sqrt(p0/x)\n", out);
    fputs("max0(v) = v < 0 ? 0 : v\n", out);
    fputs("set logscale x\nset samples 400\nset xrange [", out);
    num(out, a.x0);
    fputs(":", out);
    num(out, a.x1);
    fputs("]\nset yrange [0:", out);
    num(out, a.y1);
    fputs("]\nset xlabel ", out);
    lk_gnuplot_quote(out, nb(o) ? "Nevner (befolkning)" : "Denominator (population)");
    fputs(" noenhanced\nset ylabel ", out);
    lk_gnuplot_quote(out, unit_label(r->ind, o));
    fputs(" noenhanced\n", out);
    /* the plot where funnel_sides placed the names */
    funnel_frame f = funnel_frame_of(o, height, lines);
    fputs("set lmargin at screen ", out);
    frac(out, f.left);
    fputs("\nset rmargin at screen ", out);
    frac(out, f.right);
    fputs("\nset bmargin at screen ", out);
    frac(out, f.bottom);
    fputs("\nset tmargin at screen ", out);
    frac(out, f.top);
    putc('\n', out);
    /* The names as labels, not through "with labels": that reads backslash escapes and quotes in
     * the text; a label's string is taken as written. Each on the side funnel_sides found free,
     * or none (the caption says how many); the offsets in gnuplot's character units (0.6 and
     * 1.1-1.35 of the base size), the gaps chart_labels.c assumed at the small size. */
    double small = lk__chart_small(o), base = lk__chart_base(o);
    double dx = (NAME_GAP * 0.6 * small) / (0.6 * base);
    double dy = (NAME_GAP * 0.6 * small + lk__chart_small_line(o) / 2) / lk__chart_line(o);
    for (size_t i = 0; i < n; i++) {
        if (!placeable(v[i]) || !side || side[i] == LK__LABEL_NONE) continue; /* no place on the log axis, or no room */
        fprintf(out, "set label %zu ", 1000 + i);
        quote_line(out, *v[i]->region_name ? v[i]->region_name : v[i]->region);
        fputs(" at ", out);
        num(out, v[i]->denominator);
        fputs(", ", out);
        num(out, v[i]->value);
        switch (side[i]) {
        case LK__LABEL_LEFT: fputs(" right offset ", out); num(out, -round(dx * 100) / 100); fputs(",0", out); break;
        case LK__LABEL_ABOVE: fputs(" center offset 0,", out); num(out, round(dy * 100) / 100); break;
        case LK__LABEL_BELOW: fputs(" center offset 0,", out); num(out, -round(dy * 100) / 100); break;
        default: fputs(" left offset ", out); num(out, round(dx * 100) / 100); fputs(",0", out); break;
        }
        fprintf(out, " font ',%d' noenhanced\n", lk__chart_small(o));
    }
    fputs("plot k*p0 with lines lw 2 lc rgb '#000000' title ", out);
    quote_line(out, *land->region_name ? land->region_name : "Hele landet");
    fputs(", \\\n     k*(p0 + 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' title ", out);
    lk_gnuplot_quote(out, "95 %");
    fputs(", \\\n     k*max0(p0 - 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' notitle", out);
    fputs(", \\\n     k*(p0 + 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' title ", out);
    lk_gnuplot_quote(out, "99,8 %");
    fputs(", \\\n     k*max0(p0 - 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' notitle", out);
    /* pdfcairo draws a point twice the size of the others' at the same ps: the same dot on paper */
    fprintf(out, ", \\\n     $F using 1:2 with points pt 7 ps %s lc rgb '#D55E00' notitle\n", strcmp(ext_of(o->output), "pdf") == 0 ? "0.6" : "1.2");
    free(v);
    return LK_OK;
}

/* ------------------------------------------------------------------ entry point */

int lk_chart_write_gnuplot(const lk_report *const *reports, size_t n, const lk_chart_opts *o, FILE *out)
{
    if (!reports || n == 0 || !o || !out || !o->output || o->version != LK_CHART_OPTS_VERSION) return LK_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!reports[i]) return LK_EINVAL;
    const lk_report *r = reports[0];
    const char *period = o->period ? o->period : latest_period(r);
    if ((o->kind == LK_CHART_COMPARE || o->kind == LK_CHART_FUNNEL) && !period) return LK_ENOTFOUND;
    if (o->kind > LK_CHART_PANEL) return LK_EINVAL;
    /* the caption first: its lines decide the default height */
    char *text = NULL, *wrapped;
    int rc = o->kind == LK_CHART_PANEL ? panel_caption_text(reports, n, o, &text) : caption_text(r, o, &text);
    if (rc != LK_OK) return rc;
    size_t lines;
    wrapped = lk__chart_wrap(text, lk__chart_per_line(o), &lines);
    lk__label_side *side = NULL;
    int panels = o->kind == LK_CHART_PANEL ? (int)n : 1;
    /* the chart's height, once: a funnel keeps a caption line for the sentence on names left
     * out (it adds at most one), so its names are placed on the plot as it will be */
    size_t name_rows = 0;
    if (o->kind == LK_CHART_COMPARE) rc = compare_rows(r, period, &name_rows);
    double height = lk__chart_height(o, panels, lines + (o->kind == LK_CHART_FUNNEL), name_rows);
    if (wrapped && rc == LK_OK && o->kind == LK_CHART_FUNNEL) {
        size_t left_out;
        rc = funnel_sides(r, o, period, height, lines + 1, &side, &left_out);
        if (rc == LK_OK && left_out) {
            free(wrapped);
            wrapped = NULL;
            char note[160];
            size_t tl = strlen(text);
            const char *stop = tl && text[tl - 1] != '.' ? "." : ""; /* a source ends without one */
            if (left_out == 1)
                snprintf(note, sizeof note, "%s %s", stop, nb(o) ? "Navnet på ett område er utelatt der det ville dekke et annet."
                                                                 : "The name of one area is left out where it would cover another.");
            else
                snprintf(note, sizeof note, nb(o) ? "%s Navnene på %zu områder er utelatt der de ville dekke andre."
                                                  : "%s The names of %zu areas are left out where they would cover others.", stop, left_out);
            char *longer = malloc(tl + strlen(note) + 1);
            if (longer) {
                strcat(strcpy(longer, text), note);
                wrapped = lk__chart_wrap(longer, lk__chart_per_line(o), &lines);
                free(longer);
            }
        }
    }
    free(text);
    if (!wrapped || rc != LK_OK) {
        free(wrapped);
        free(side);
        return rc != LK_OK ? rc : LK_ENOMEM;
    }
    fputs("# levekar chart: run with gnuplot FILE.gp (edit freely).\nreset\n", out);
    rc = terminal(out, o, height);
    switch (rc == LK_OK ? (int)o->kind : -1) {
    case LK_CHART_TREND: {
        const lk_report_row *a = first_row(r, o->area ? o->area : (r->n ? r->rows[0].region : ""));
        frame(out, r, o, a ? (*a->region_name ? a->region_name : a->region) : NULL, wrapped, lines, 2.6, height);
        rc = trend_plot(out, r, o, "D", 1, 1, height - (double)lines * lk__chart_small_line(o) - 9 * lk__chart_line(o));
        break;
    }
    case LK_CHART_COMPARE:
        frame(out, r, o, period, wrapped, lines, 2.5, height);
        rc = compare_plot(out, r, o, period, height, lines);
        break;
    case LK_CHART_FUNNEL:
        frame(out, r, o, period, wrapped, lines, 2.5, height);
        rc = funnel_plot(out, r, o, period, side, height, lines + 1);
        break;
    case LK_CHART_PANEL: {
        /* laid out by hand, not with multiplot layout: the key is a strip of its own across the
         * foot, above the caption, where it covers no data (inside a plot it hid a peak, and
         * gnuplot fits a key to one plot's width, so it stood in a column) */
        size_t cols = lk__chart_panel_cols(n), rows = (n + cols - 1) / cols;
        const lk_report *keyed = NULL; /* the area, from the first panel with rows */
        for (size_t i = 0; i < n && !keyed; i++) keyed = reports[i]->n ? reports[i] : NULL;
        const lk_report_row *a = keyed ? &keyed->rows[0] : NULL;
        const char *title = o->title ? o->title : a ? (*a->region_name ? a->region_name : a->region) : "";
        if (nb(o)) fputs("set decimalsign ','\n", out);
        fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#DDDDDD'\nunset key\n", out);
        size_t longest = 0;
        for (size_t i = 0; i < n; i++)
            if (longest_name(reports[i]) > longest) longest = longest_name(reports[i]);
        double line = lk__chart_line(o), key_font_size = key_font(o, longest < 24 ? 24 : longest, lk__chart_width(o));
        double key0 = ((double)lines * lk__chart_small_line(o) + 0.3 * line) / height;
        double key1 = key0 + (keyed ? key_height(keyed, o, key_font_size) : 0) / height;
        double top = 1 - (*title ? 1.8 * line / height : 0), ph = (top - key1) / (double)rows;
        if (ph < 0.02) ph = 0.02; /* lk__chart_height leaves room; never a size gnuplot refuses */
        caption(out, wrapped, lines, o, height);
        fputs("set multiplot title ", out);
        lk_gnuplot_quote(out, title);
        fputs(" noenhanced\n", out);
        for (size_t i = 0; i < n && rc == LK_OK; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "P%zuD", i);
            fputs("set origin ", out);
            frac(out, (double)(i % cols) / (double)cols);
            fputs(", ", out);
            frac(out, (key1 + (double)(rows - 1 - i / cols) * ph));
            fputs("\nset size ", out);
            frac(out, 1.0 / (double)cols);
            fputs(", ", out);
            frac(out, ph);
            putc('\n', out);
            bottom_margin(out, o, 3.0, 0);
            rc = panel_title(out, ind_name(reports[i]->ind, o), o, cols);
            if (rc != LK_OK) break;
            /* the panel less its title (up to 3 lines) and the slanted years (3) */
            if (reports[i]->n) rc = trend_plot(out, reports[i], o, prefix, 0, cols, ph * height - 6 * line);
            else no_data_plot(out, o); /* an indicator without data is marked, never the panel's end */
            fputs("unset arrow\nunset label\n", out); /* the caption is drawn once, with the first panel */
        }
        if (rc == LK_OK && keyed) panel_key(out, keyed, o, key0, key1, (int)key_font_size);
        fputs("unset multiplot\n", out);
        break;
    }
    default:
        break;
    }
    free(wrapped);
    free(side);
    if (rc != LK_OK) return rc;
    fputs("unset output\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
