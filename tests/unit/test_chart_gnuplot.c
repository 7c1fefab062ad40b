/* Charts against gnuplot itself: hostile texts (titles, region names, definitions, sources) in
 * every chart kind are run through the installed gnuplot; it must exit 0 without a message, the
 * SVG must be well-formed UTF-8 XML, and every text must appear in it as written. Output names
 * that look like gnuplot's pipe or home syntax must name files. Exit 77 (skipped) without gnuplot.
 *
 * The expected texts are written by hand. Deliberate differences from the input, all in chart.h:
 * a line break shows as one in titles and as a space elsewhere (key entries, tic labels, point
 * labels, the caption), a tab as a space, and what cannot be shown (invalid UTF-8, control
 * characters) as U+FFFD. The WORD JOINER that chart.c puts into "]]>" and "&#x" (they
 * would break the SVG) is invisible and removed here before comparing. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "report/report_internal.h"

#define FFFD "\xEF\xBF\xBD"

typedef struct hostile {
    const char *text, *shown;
} hostile;

static const hostile hostiles[] = {
    { "'", "'" },
    { "''", "''" },
    { "'x", "'x" },
    { "x'", "x'" },
    { "a''b'''c", "a''b'''c" },
    { "\"", "\"" },
    { "\"q\" \"\"", "\"q\" \"\"" },
    { "\\", "\\" },
    { "C:\\new\\t\\047\\U+0041\\", "C:\\new\\t\\047\\U+0041\\" },
    { "]]>", "]]>" },
    { "<b>fet</b> <script>alert(1)</script>", "<b>fet</b> <script>alert(1)</script>" },
    { "& &amp; &#x41; &#65; &#x", "& &amp; &#x41; &#65; &#x" },
    { "a\nb", "a\nb" },
    { "a\r\nb\rc", "a\nb\nc" },
    { "a\tb", "a b" },
    { "@x @GPVAL_TERM x@y", "@x @GPVAL_TERM x@y" },
    { "_x_ ^2 {/Symbol a} ~a{.8-} x_{1}^{2}", "_x_ ^2 {/Symbol a} ~a{.8-} x_{1}^{2}" },
    { "100 % %s %d %%", "100 % %s %d %%" },
    { "Et navn på over femti byte med % og %s i seg, så ingenting blir kuttet bort",
      "Et navn på over femti byte med % og %s i seg, så ingenting blir kuttet bort" },
    { "a\xff" "b\xc3", "a" FFFD "b" FFFD },
    { "\xed\xa0\x80 \xc0\xaf", FFFD FFFD FFFD " " FFFD FFFD },
    { "a\x01" "b\x7f" "c\xef\xbf\xbe", "a" FFFD "b" FFFD "c" FFFD },
    { "`touch pwned-bq`", "`touch pwned-bq`" },
    { "|touch pwned-pipe", "|touch pwned-pipe" },
    { "x'; system('touch pwned-sq'); '", "x'; system('touch pwned-sq'); '" },
    { "x\"; system(\"touch pwned-dq\"); \"", "x\"; system(\"touch pwned-dq\"); \"" },
    { "EOD", "EOD" },
    { "a\nEOD\nb", "a\nEOD\nb" },
    { "#kommentar $A $D0 NaN", "#kommentar $A $D0 NaN" },
    { "'Ål & <Ø>' \"]]>\" @a `b` \\n\n\xff_{c}", "'Ål & <Ø>' \"]]>\" @a `b` \\n\n" FFFD "_{c}" },
};

static char dir[64];

static int setup(void **state)
{
    (void)state;
    if (system("gnuplot --version > /dev/null 2>&1") != 0) {
        fprintf(stderr, "gnuplot not installed: skipped\n");
        exit(77);
    }
    snprintf(dir, sizeof dir, "/tmp/lk-chart-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir); /* our own mkdtemp name: no quote in it */
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ a small XML checker */

/* Strict UTF-8 (no overlongs, surrogates or values above U+10FFFF): the length, 0 if invalid. */
static size_t utf8_char(const unsigned char *s, const unsigned char *end, uint32_t *cp)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : s[0] >= 0xE0 && s[0] < 0xF0 ? 3 : s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
    if (n == 0 || (size_t)(end - s) < n) return 0;
    uint32_t v = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[k] & 0x3Fu);
    }
    static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

static int xml_char(uint32_t c)
{
    return c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

typedef struct xml {
    const char *p, *end;
    char *texts; /* the contents of the <text> elements, one per line */
    size_t tlen;
    int in_text;
} xml;

static void keep(xml *x, const char *s, size_t n)
{
    if (!x->in_text) return;
    x->texts = realloc(x->texts, x->tlen + n + 1);
    memcpy(x->texts + x->tlen, s, n);
    x->tlen += n;
    x->texts[x->tlen] = '\0';
}

static void keep_char(xml *x, uint32_t c)
{
    char b[4];
    size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (n == 1) b[0] = (char)c;
    else {
        for (size_t k = n - 1; k > 0; k--, c >>= 6) b[k] = (char)(0x80 | (c & 0x3F));
        b[0] = (char)((0xF00u >> n) | c);
    }
    keep(x, b, n);
}

static int name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

static int name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A reference after '&': one of the five entities or a character reference to an XML char. */
static int reference(xml *x)
{
    static const char *const ent[] = { "lt;", "gt;", "amp;", "quot;", "apos;" };
    static const char val[] = "<>&\"'";
    for (int k = 0; k < 5; k++)
        if ((size_t)(x->end - x->p) >= strlen(ent[k]) && strncmp(x->p, ent[k], strlen(ent[k])) == 0) {
            x->p += strlen(ent[k]);
            keep_char(x, (unsigned char)val[k]);
            return 1;
        }
    if (*x->p != '#') return 0;
    x->p++;
    int hex = *x->p == 'x';
    if (hex) x->p++;
    char *stop;
    unsigned long v = strtoul(x->p, &stop, hex ? 16 : 10);
    if (stop == x->p || *stop != ';' || v > 0x10FFFF || !xml_char((uint32_t)v)) return 0;
    x->p = stop + 1;
    keep_char(x, (uint32_t)v);
    return 1;
}

static const char *skip_to(xml *x, const char *what)
{
    const char *hit = strstr(x->p, what);
    return hit ? hit + strlen(what) : NULL;
}

/* 1 when buf[0..len) is well-formed XML (one root, matched tags, quoted attributes, valid
 * references, no "]]>" in text, only XML characters in UTF-8); the texts of <text> elements go to
 * *texts, one per line, unescaped. */
static int well_formed(const char *buf, size_t len, char **texts, char *why, size_t why_size)
{
    xml x = { buf, buf + len, NULL, 0, 0 };
    const char *stack[256];
    size_t depth = 0;
    int roots = 0;
#define BAD(...) do { snprintf(why, why_size, __VA_ARGS__); free(x.texts); return 0; } while (0)
    for (const unsigned char *u = (const unsigned char *)buf; u < (const unsigned char *)x.end;) {
        uint32_t c;
        size_t n = utf8_char(u, (const unsigned char *)x.end, &c);
        if (!n || !xml_char(c)) BAD("not an XML character at byte %zu", (size_t)((const char *)u - buf));
        u += n;
    }
    if (strlen(buf) != len) BAD("NUL byte");
    while (x.p < x.end) {
        if (*x.p != '<') {
            while (x.p < x.end && *x.p != '<') {
                if (strncmp(x.p, "]]>", 3) == 0) BAD("]]> in text at byte %zu", (size_t)(x.p - buf));
                if (*x.p == '&') {
                    x.p++;
                    if (!reference(&x)) BAD("bad reference at byte %zu", (size_t)(x.p - buf));
                    continue;
                }
                if (!depth && !strchr(" \t\r\n", *x.p)) BAD("text outside the root at byte %zu", (size_t)(x.p - buf));
                if (strncmp(x.p, "\xE2\x81\xA0", 3) == 0) { /* the WORD JOINER is not compared */
                    x.p += 3;
                    continue;
                }
                keep(&x, x.p, 1);
                x.p++;
            }
            continue;
        }
        if (strncmp(x.p, "<?", 2) == 0) {
            if (!(x.p = skip_to(&x, "?>"))) BAD("unclosed <?");
        } else if (strncmp(x.p, "<!--", 4) == 0) {
            if (!(x.p = skip_to(&x, "-->"))) BAD("unclosed comment");
        } else if (strncmp(x.p, "<![CDATA[", 9) == 0) {
            const char *end = strstr(x.p, "]]>");
            if (!end || !depth) BAD("bad CDATA");
            keep(&x, x.p + 9, (size_t)(end - x.p - 9));
            x.p = end + 3;
        } else if (strncmp(x.p, "<!DOCTYPE", 9) == 0) {
            const char *end = strchr(x.p, '>');
            if (!end || memchr(x.p, '[', (size_t)(end - x.p))) BAD("DOCTYPE");
            x.p = end + 1;
        } else if (x.p[1] == '/') {
            x.p += 2;
            const char *name = x.p;
            while (name_char(*x.p)) x.p++;
            size_t nl = (size_t)(x.p - name);
            while (strchr(" \t\r\n", *x.p) && *x.p) x.p++;
            if (*x.p != '>' || !depth || strncmp(stack[depth - 1], name, nl) != 0 || name_char(stack[depth - 1][nl]))
                BAD("mismatched end tag at byte %zu", (size_t)(name - buf));
            x.p++;
            depth--;
            if (nl == 4 && strncmp(name, "text", 4) == 0) {
                x.in_text = 1;
                keep(&x, "\n", 1);
                x.in_text = 0;
                for (size_t k = 0; k < depth; k++)
                    if (strncmp(stack[k], "text", 4) == 0 && !name_char(stack[k][4])) x.in_text = 1;
            }
        } else {
            x.p++;
            const char *name = x.p;
            if (!name_start(*x.p)) BAD("bad tag at byte %zu", (size_t)(x.p - buf));
            while (name_char(*x.p)) x.p++;
            int in_text = x.in_text;
            x.in_text = 0; /* attribute values are no text */
            for (;;) {
                const char *before = x.p;
                while (*x.p && strchr(" \t\r\n", *x.p)) x.p++;
                if (*x.p == '>' || strncmp(x.p, "/>", 2) == 0) break;
                if (before == x.p || !name_start(*x.p)) BAD("bad attribute at byte %zu", (size_t)(x.p - buf));
                while (name_char(*x.p)) x.p++;
                while (*x.p && strchr(" \t\r\n", *x.p)) x.p++;
                if (*x.p++ != '=') BAD("attribute without = at byte %zu", (size_t)(x.p - buf));
                while (*x.p && strchr(" \t\r\n", *x.p)) x.p++;
                char q = *x.p++;
                if (q != '"' && q != '\'') BAD("unquoted attribute at byte %zu", (size_t)(x.p - buf));
                while (*x.p && *x.p != q) {
                    if (*x.p == '<') BAD("< in an attribute at byte %zu", (size_t)(x.p - buf));
                    if (*x.p++ == '&' && !reference(&x)) BAD("bad reference in an attribute at byte %zu", (size_t)(x.p - buf));
                }
                if (*x.p++ != q) BAD("unclosed attribute");
            }
            x.in_text = in_text;
            if (*x.p == '/') {
                x.p += 2;
                if (!depth) roots++;
            } else {
                x.p++;
                if (!depth) roots++;
                if (depth == 256) BAD("too deep");
                stack[depth++] = name;
                if (strncmp(name, "text", 4) == 0 && !name_char(name[4])) x.in_text = 1;
            }
        }
    }
    if (depth || roots != 1) BAD("%zu unclosed elements, %d roots", depth, roots);
#undef BAD
    *texts = x.texts ? x.texts : calloc(1, 1);
    return 1;
}

static void test_xml_checker(void **state)
{
    (void)state;
    char *t = NULL, why[128];
    const char ok[] = "<?xml version=\"1.0\"?>\n<svg a='1' b=\"&lt;\"><g><text>a &amp; b&#x41;\xE2\x81\xA0</text></g><text>c</text><x/></svg>\n";
    assert_true(well_formed(ok, sizeof ok - 1, &t, why, sizeof why));
    assert_string_equal(t, "a & bA\nc\n");
    free(t);
    const char *bad[] = { "<svg><text>]]></text></svg>", "<svg><text>a & b</text></svg>", "<svg><text>&#x1;</text></svg>",
                          "<svg><g></svg>", "<svg>\xff</svg>", "<svg a=b/>", "<svg/><svg/>", "<svg><text>\x01</text></svg>",
                          "<svg><text>\xed\xa0\x80</text></svg>", "<svg>\xef\xbf\xbe</svg>" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        t = NULL;
        if (well_formed(bad[i], strlen(bad[i]), &t, why, sizeof why)) fail_msg("accepted %s", bad[i]);
        free(t);
    }
}

/* ------------------------------------------------------------------ reports built by hand */

static lk_report_row row(const char *period, const char *code, const char *name, lk_level level, const char *role,
                         double num, double den)
{
    lk_report_row w;
    memset(&w, 0, sizeof w);
    w.period = period;
    w.region = code;
    w.region_name = name;
    w.level = level;
    w.role = role;
    w.has_counts = w.has_value = w.has_ci = 1;
    w.numerator = num;
    w.denominator = den;
    w.value = num / den * 100;
    w.ci_low = w.value * 0.9;
    w.ci_high = w.value * 1.1;
    w.vs_land = strcmp(code, "0") == 0 ? "" : "higher";
    w.vs_fylke = w.status = "";
    w.p_land = w.p_fylke = NAN;
    return w;
}

typedef struct fixture {
    lk_indicator ind[2];
    lk_report_row rows[2][16];
    struct lk_report rep[2];
} fixture;

/* Every text of the chart is name: the indicator's name, definition and source, and the names of
 * the area, its fylke and landet (trend and panel), or of two kommuner and landet (compare, funnel). */
static void build(fixture *f, lk_chart_kind kind, const char *name)
{
    memset(f, 0, sizeof *f);
    static const char *const years[3] = { "2022", "2023", "2024" };
    for (int k = 0; k < 2; k++) {
        lk_indicator *ind = &f->ind[k];
        ind->id = k ? "b" : "a";
        ind->name_nb = ind->definition_nb = ind->source = name;
        ind->name_en = NULL;
        ind->definition_en = ind->family = ind->reference = "";
        ind->scale = LK_SCALE_PERCENT;
        size_t n = 0;
        if (kind == LK_CHART_TREND || kind == LK_CHART_PANEL) {
            for (int y = 0; y < 3; y++) {
                f->rows[k][n++] = row(years[y], "3301", name, LK_LEVEL_KOMMUNE, "area", 300 + 10 * y + k, 10000);
                f->rows[k][n++] = row(years[y], "33", name, LK_LEVEL_FYLKE, "fylke", 800 + y, 40000);
                f->rows[k][n++] = row(years[y], "0", name, LK_LEVEL_LAND, "land", 2000 + 100 * y, 100000);
            }
        } else {
            f->rows[k][n++] = row("2024", "0", name, LK_LEVEL_LAND, "", 2200, 100000);
            f->rows[k][n++] = row("2024", "3301", name, LK_LEVEL_KOMMUNE, "", 330, 10000);
            f->rows[k][n++] = row("2024", "3312", name, LK_LEVEL_KOMMUNE, "", 50, 4000);
        }
        f->rep[k].ind = ind;
        f->rep[k].opts = (lk_report_opts)LK_REPORT_OPTS_INIT;
        f->rep[k].rows = f->rows[k];
        f->rep[k].n = n;
    }
}

/* ------------------------------------------------------------------ running gnuplot */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap) buf = realloc(buf, cap = (n + 4096 + 1) * 2);
        got = fread(buf + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Write the chart's script to dir/s.gp and run gnuplot on it in dir. */
static void render(const lk_report *const *reps, size_t n, const lk_chart_opts *o, const char *label)
{
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/s.gp", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(lk_chart_write_gnuplot(reps, n, o, f), LK_OK);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot s.gp > gp.out 2> gp.err", dir);
    int st = system(cmd);
    snprintf(path, sizeof path, "%s/gp.err", dir);
    size_t elen = 0;
    char *err = slurp(path, &elen);
    if (st != 0 || !err || elen) {
        snprintf(path, sizeof path, "%s/s.gp", dir);
        size_t slen;
        char *script = slurp(path, &slen);
        fail_msg("%s: gnuplot exit %d, said: %s\nscript:\n%s", label, WIFEXITED(st) ? WEXITSTATUS(st) : -1, err ? err : "",
                 script ? script : "");
    }
    free(err);
}

static int has_tool(const char *cmd)
{
    return system(cmd) == 0;
}

/* An independent second opinion where one is installed. */
static void external_xml_check(const char *svg, const char *label)
{
    static int tool = -1; /* 0 none, 1 xmllint, 2 python3 */
    if (tool < 0)
        tool = has_tool("xmllint --version > /dev/null 2>&1") ? 1 : has_tool("python3 -c 1 > /dev/null 2>&1") ? 2 : 0;
    char cmd[512];
    if (tool == 1) snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2> /dev/null", svg);
    else if (tool == 2) snprintf(cmd, sizeof cmd, "python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' '%s' 2> /dev/null", svg);
    else return;
    if (system(cmd) != 0) fail_msg("%s: %s finds the SVG ill-formed", label, tool == 1 ? "xmllint" : "python3");
}

/* How often want is a whole line (or whole lines) of texts. */
static int count_lines(const char *texts, const char *want)
{
    size_t tl = strlen(texts), wl = strlen(want);
    char *hay = malloc(tl + 2), *needle = malloc(wl + 3);
    snprintf(hay, tl + 2, "\n%s", texts);
    snprintf(needle, wl + 3, "\n%s\n", want);
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += wl + 1) n++;
    free(hay);
    free(needle);
    return n;
}

static int contains_line(const char *texts, const char *want)
{
    return count_lines(texts, want) > 0;
}

/* Whether want is whole lines of texts where its spaces may be line breaks: a caption, which the
 * chart breaks at spaces into lines that fit across it at print size. */
static int contains_wrapped(const char *texts, const char *want, int more_after)
{
    for (const char *p = texts; *p; p++) {
        if (p != texts && p[-1] != '\n') continue;
        const char *a = p, *b = want;
        while (*b && (*a == *b || (*b == ' ' && *a == '\n'))) a++, b++;
        if (!*b && (*a == '\n' || !*a || (more_after && (*a == ' ' || *a == '.')))) return 1;
    }
    return 0;
}

static const char *const kinds[4] = { "trend", "compare", "funnel", "panel" };

/* A text as shown outside titles: line breaks as spaces. */
static void one_line(char *dst, size_t size, const char *shown)
{
    snprintf(dst, size, "%s", shown);
    for (char *p = dst; *p; p++)
        if (*p == '\n') *p = ' ';
}

static void chart_text(lk_chart_kind kind, const hostile *h, size_t index)
{
    fixture f;
    build(&f, kind, h->text);
    char title[4096], label[64];
    snprintf(title, sizeof title, "Tittel %s", h->text);
    snprintf(label, sizeof label, "%s, text %zu", kinds[kind], index);
    lk_chart_opts o = LK_CHART_OPTS_INIT;
    o.kind = kind;
    o.output = "chart.svg";
    o.title = title;
    o.area = "3301";
    const lk_report *reps[2] = { &f.rep[0], &f.rep[1] };
    render(reps, kind == LK_CHART_PANEL ? 2 : 1, &o, label);
    char path[256];
    snprintf(path, sizeof path, "%s/chart.svg", dir);
    size_t len;
    char *svg = slurp(path, &len), *texts = NULL, why[128];
    assert_non_null(svg);
    if (!well_formed(svg, len, &texts, why, sizeof why)) fail_msg("%s: ill-formed SVG: %s", label, why);
    external_xml_check(path, label);
    /* the names as written, on one line: the three key entries of a trend (of a panel's first plot), the
     * tic labels of two kommuner and landet's reference label in a comparison, the point labels of
     * two kommuner and landet's key entry in a funnel */
    char line[2048], want[4096];
    one_line(line, sizeof line, h->shown);
    /* a funnel leaves out names that would cover others (names this long have no room), and
     * its caption says so after the source */
    int left_out = kind == LK_CHART_FUNNEL && strstr(texts, "utelatt") != NULL;
    int times = count_lines(texts, line), least = left_out ? 1 : 3;
    if (times < least) fail_msg("%s: %s shown %d times, not %d; texts:\n%s", label, line, times, least, texts);
    /* the title with what the chart adds to it (the area's name in a trend), line breaks kept */
    snprintf(want, sizeof want, "Tittel %s%s%s", h->shown, kind == LK_CHART_PANEL ? "" : " – ",
             kind == LK_CHART_TREND ? h->shown : kind == LK_CHART_PANEL ? "" : "2024");
    if (!contains_line(texts, want)) fail_msg("%s: title %s not shown; texts:\n%s", label, want, texts);
    /* a panel's titles: the indicators' names */
    /* (broken at spaces to fit the panel's column, unless the name has line breaks of its own) */
    if (kind == LK_CHART_PANEL && !contains_line(texts, h->shown) && !contains_wrapped(texts, h->shown, 0))
        fail_msg("%s: panel title %s not shown", label, h->shown);
    /* the caption: definition and source (a panel's: the source once), broken into lines at spaces */
    if (kind == LK_CHART_PANEL) snprintf(want, sizeof want, "%s", line);
    else snprintf(want, sizeof want, "%s %s", line, line);
    if (!contains_wrapped(texts, want, left_out)) fail_msg("%s: caption %s not shown; texts:\n%s", label, want, texts);
    free(texts);
    free(svg);
    remove(path);
}

static void test_hostile_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostiles / sizeof *hostiles; i++)
        for (int kind = 0; kind < 4; kind++) chart_text((lk_chart_kind)kind, &hostiles[i], i);
    static const char *const pwned[] = { "pwned-bq", "pwned-pipe", "pwned-sq", "pwned-dq", "pwned" };
    for (size_t i = 0; i < sizeof pwned / sizeof *pwned; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, pwned[i]);
        if (access(path, F_OK) == 0) fail_msg("a text ran a command (%s exists)", pwned[i]);
    }
}

/* PNG and PDF through cairo with the hardest text: gnuplot exits 0 without a message. */
static void test_cairo_terminals(void **state)
{
    (void)state;
    const hostile *h = &hostiles[sizeof hostiles / sizeof *hostiles - 1];
    static const char *const outputs[2] = { "chart.png", "chart.pdf" };
    static const char *const magic[2] = { "\x89PNG\r\n\x1a\n", "%PDF-" };
    for (int kind = 0; kind < 4; kind++)
        for (int t = 0; t < 2; t++) {
            fixture f;
            build(&f, (lk_chart_kind)kind, h->text);
            lk_chart_opts o = LK_CHART_OPTS_INIT;
            o.kind = (lk_chart_kind)kind;
            o.output = outputs[t];
            o.title = h->text;
            o.area = "3301";
            const lk_report *reps[2] = { &f.rep[0], &f.rep[1] };
            char label[64], path[256];
            snprintf(label, sizeof label, "%s, %s", kinds[kind], outputs[t]);
            render(reps, kind == LK_CHART_PANEL ? 2 : 1, &o, label);
            snprintf(path, sizeof path, "%s/%s", dir, outputs[t]);
            size_t len;
            char *img = slurp(path, &len);
            if (!img || len < 8 || memcmp(img, magic[t], strlen(magic[t])) != 0) fail_msg("%s: no image", label);
            free(img);
            remove(path);
        }
}

/* set output: a name that gnuplot would read as a pipe ("|cmd") or a home directory ("~"), or
 * that holds quotes, backquotes, @, a backslash or a line break, names exactly that file. */
static void test_output_names(void **state)
{
    (void)state;
    static const char *const names[] = { "|touch pwned.svg", "~x.svg", "a'b''c\"d `touch pwned` @GPVAL_TERM\ne\\f.svg",
                                         "'''.svg", "-.svg", "\xff.svg" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        fixture f;
        build(&f, LK_CHART_TREND, "x");
        lk_chart_opts o = LK_CHART_OPTS_INIT;
        o.output = names[i];
        o.area = "3301";
        const lk_report *reps[1] = { &f.rep[0] };
        char label[64], path[256];
        snprintf(label, sizeof label, "output name %zu", i);
        render(reps, 1, &o, label);
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) != 0 || st.st_size == 0) fail_msg("%s: gnuplot did not write the file so named", label);
        remove(path);
        snprintf(path, sizeof path, "%s/pwned", dir);
        if (access(path, F_OK) == 0) fail_msg("%s: the output name ran a command", label);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_checker),
        cmocka_unit_test(test_hostile_texts),
        cmocka_unit_test(test_cairo_terminals),
        cmocka_unit_test(test_output_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
