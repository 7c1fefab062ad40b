/* Indicator definition files, structured: the input bytes choose lines (block headers from a
 * few ids, the real keys and some wrong ones, values near what each key accepts, comments,
 * blank lines, Latin-1 letters, now and then raw bytes) so the loader's checks are reached
 * instead of its first "expected key = value". Besides "no crash":
 * - a failure is LK_EDATA with `fuzz.def:LINE: ... (expected ...)`, LINE within the text;
 * - an id twice in the text, or a key twice in a block, never loads; the line a "defined again"
 *   message names holds that id's header;
 * - a text that loads has every id it defined, once, with a name, both measures, ordered ages,
 *   a positive finite multiplier, a break year in range or none, and only UTF-8 strings; loading
 *   it again into the same registry replaces (no error);
 * - the same text in ISO-8859-1, or with a BOM, gives the same result and the same message. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "levekar.h"

#define MAX_TEXT 65536
#define MAX_IDS 64

typedef struct text {
    char utf8[MAX_TEXT], latin1[MAX_TEXT];
    size_t nu, nl;
} text;

typedef struct gen {
    const uint8_t *d;
    size_t n, i;
    text *t;
    int clean;              /* no raw bytes: the Latin-1 copy says the same */
    int twice;              /* an id twice in the text or a key twice in a block */
    int wild;               /* a header the generator did not write (raw bytes, words): no oracle for twice */
    unsigned long line;     /* lines written */
    const char *ids[MAX_IDS];
    unsigned long id_line[MAX_IDS];
    size_t n_ids;
    unsigned keys_in_block; /* bits of the real keys given in the open block */
} gen;

static unsigned take(gen *g, unsigned mod)
{
    return g->i < g->n ? g->d[g->i++] % mod : 0;
}

/* Letters of ISO-8859-1 outside 0x80-0xBF: the Latin-1 copy of a text holding them is never
 * valid UTF-8, so the loader must convert it. */
static const unsigned char latin1_letters[] = { 0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5, 0xE9, 0xFC };

static void put_letter(gen *g, unsigned c)
{
    if (g->t->nu + 2 >= MAX_TEXT || g->t->nl + 1 >= MAX_TEXT) return;
    g->t->utf8[g->t->nu++] = (char)(0xC0 | (c >> 6));
    g->t->utf8[g->t->nu++] = (char)(0x80 | (c & 0x3F));
    g->t->latin1[g->t->nl++] = (char)c;
}

/* Text into both copies; its letters (UTF-8 C3 xx) as one byte in the Latin-1 copy. */
static void put(gen *g, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (u[0] == 0xC3 && u[1]) {
            put_letter(g, 0x40u + u[1]);
            u++;
        } else if (g->t->nu + 1 < MAX_TEXT && g->t->nl + 1 < MAX_TEXT) {
            g->t->utf8[g->t->nu++] = (char)*u;
            g->t->latin1[g->t->nl++] = (char)*u;
        }
    }
}

static void put_raw(gen *g, uint8_t b)
{
    if (b == 0 || g->t->nu + 1 >= MAX_TEXT || g->t->nl + 1 >= MAX_TEXT) return; /* a C string */
    g->t->utf8[g->t->nu++] = (char)b;
    g->t->latin1[g->t->nl++] = (char)b;
    if (b >= 0x80) g->clean = 0;
    if (b == '\n') {
        g->line++;
        g->wild = 1;
    }
}

static void put_words(gen *g)
{
    static const char *const words[] = { "Registrerte", "arbeidsledige", " ", " | ", "Personer", "15-74", "=",
                                         "#", "[", "]", "Kilde: SSB", "\t", "a", "1000" };
    for (unsigned k = 1 + take(g, 4); k > 0; k--) {
        unsigned w = take(g, 16);
        if (w < sizeof words / sizeof words[0]) put(g, words[w]);
        else if (w == 14) put_letter(g, latin1_letters[take(g, sizeof latin1_letters)]);
        else for (unsigned r = take(g, 4); r > 0; r--) put_raw(g, (uint8_t)take(g, 256));
    }
}

static const char *const key_names[] = {
    "name.nb", "name.en", "numerator", "denominator", "numerator.table", "denominator.table",
    "numerator.ages", "denominator.ages", "numerator.multiplier", "denominator.multiplier", "scale",
    "direction", "family", "definition.nb", "definition.en", "source", "reference", "break",
    "colour", "Name.nb", "name.nb.x", ""
};
enum { REAL_KEYS = 18 };

static void put_value(gen *g, unsigned key)
{
    static const char *const ages[] = { "15-74", "0-4", "20", "100 år eller eldre", "74-15", "x", "Alle aldre", "15_74", "-1-3" };
    static const char *const numbers[] = { "1000", ".5", "-1", "0", "1e999", "1e-400", "abc", "1.7976931348623158e308", "2,5" };
    static const char *const scales[] = { "percent", "per1000", "kroner", "prosent", "" };
    static const char *const directions[] = { "higher-worse", "higher-better", "lower", "" };
    static const char *const years[] = { "2015", "1799", "2200", "2015.5", ".2015e4", "1e3", "2199" };
#define PICK(a) put(g, a[take(g, sizeof a / sizeof a[0])])
    if (take(g, 8) == 0) { /* anything */
        put_words(g);
        return;
    }
    switch (key) {
    case 6: case 7: PICK(ages); break;
    case 8: case 9: PICK(numbers); break;
    case 10: PICK(scales); break;
    case 11: PICK(directions); break;
    case 17: PICK(years); break;
    default: put_words(g); break;
    }
#undef PICK
}

static void end_line(gen *g)
{
    put(g, take(g, 4) == 0 ? "\r\n" : "\n");
    g->line++;
}

static void generate(gen *g)
{
    static const char *const ids[] = { "a", "b", "c", "unemployment", "employment", "x-y", "", "a]", " a" };
    while (g->i < g->n && g->t->nu + 512 < MAX_TEXT) {
        unsigned op = take(g, 16);
        if (op < 2) { /* [id] */
            const char *id = ids[take(g, sizeof ids / sizeof ids[0])];
            put(g, "[");
            put(g, id);
            put(g, "]");
            unsigned long at = g->line + 1;
            for (size_t k = 0; k < g->n_ids; k++)
                if (strcmp(g->ids[k], id) == 0) g->twice = 1;
            if (g->n_ids < MAX_IDS) {
                g->ids[g->n_ids] = id;
                g->id_line[g->n_ids++] = at;
            }
            g->keys_in_block = 0;
        } else if (op < 11) { /* key = value */
            unsigned key = take(g, sizeof key_names / sizeof key_names[0]);
            if (key < REAL_KEYS) {
                if (g->keys_in_block & (1u << key)) g->twice = 1;
                g->keys_in_block |= 1u << key;
            }
            if (take(g, 4) == 0) put(g, "  ");
            put(g, key_names[key]);
            put(g, take(g, 2) ? " = " : "=");
            put_value(g, key);
        } else if (op == 11) {
            put(g, "# ");
            put_words(g);
        } else if (op == 12) {
            put(g, take(g, 2) ? "" : "   ");
        } else if (op == 13 || op == 14) { /* a line that may have no '=', or may be a header */
            size_t start = g->t->nu;
            if (op == 13) put_words(g);
            else for (unsigned r = take(g, 8); r > 0; r--) put_raw(g, (uint8_t)take(g, 256));
            while (start < g->t->nu && (g->t->utf8[start] == ' ' || g->t->utf8[start] == '\t')) start++;
            if (start < g->t->nu && g->t->utf8[start] == '[') g->wild = 1;
        } else {
            put(g, "name.nb = N\nnumerator = Registrerte\ndenominator = Personer"); /* a block's minimum */
            g->line += 2;
            unsigned need = (1u << 0) | (1u << 2) | (1u << 3);
            if (g->keys_in_block & need) g->twice = 1;
            g->keys_in_block |= need;
        }
        end_line(g);
    }
    g->t->utf8[g->t->nu] = '\0';
    g->t->latin1[g->t->nl] = '\0';
}

static int utf8_valid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t need = *u < 0x80 ? 0 : (*u >= 0xC2 && *u <= 0xDF) ? 1 : (*u >= 0xE0 && *u <= 0xEF) ? 2
                    : (*u >= 0xF0 && *u <= 0xF4) ? 3 : 9;
        if (need == 9) return 0;
        u++;
        for (; need > 0; need--, u++)
            if ((*u & 0xC0) != 0x80) return 0;
    }
    return 1;
}

static int str_ok(const char *s)
{
    return !s || utf8_valid(s);
}

static void check_indicator(const lk_indicator *d)
{
    /* counts (numerator and denominator), a published rate, or both */
    int rate_only = *d->rate.measure && !*d->num.measure && !*d->den.measure;
    if (!d->id || !d->name_nb || (!rate_only && (!*d->num.measure || !*d->den.measure))) abort();
    const char *strings[] = { d->id, d->name_nb, d->name_en, d->num.measure, d->den.measure, d->num.table, d->den.table,
                              d->family, d->definition_nb, d->definition_en, d->source, d->reference,
                              d->rate.measure, d->rate.table };
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++)
        if (!str_ok(strings[k])) abort();
    const lk_side *sides[] = { &d->num, &d->den, &d->rate };
    for (int k = 0; k < 3; k++) {
        const lk_side *s = sides[k];
        if (s->age_lo >= 0 ? s->age_hi < s->age_lo : s->age_hi != -1) abort();
        if (!(s->multiplier > 0) || !isfinite(s->multiplier)) abort();
    }
    if (d->break_year && (d->break_year < 1800 || d->break_year > 2199)) abort();
}

/* The line number of a `fuzz.def:LINE: ` message, 0 when it has none. */
static unsigned long message_line(const char *m)
{
    if (strncmp(m, "fuzz.def:", 9) != 0) return 0;
    char *end;
    unsigned long line = strtoul(m + 9, &end, 10);
    return *end == ':' ? line : 0;
}

/* The line of the text (1-based), "" beyond its end. */
static const char *line_of(const char *t, unsigned long line, size_t *len)
{
    for (unsigned long k = 1; k < line && *t; k++) {
        const char *e = strchr(t, '\n');
        t = e ? e + 1 : t + strlen(t);
    }
    const char *e = strchr(t, '\n');
    *len = e ? (size_t)(e - t) : strlen(t);
    return t;
}

typedef struct outcome {
    int rc;
    char msg[1100];
    size_t count;
} outcome;

static void load(lk_registry **r, const char *t, outcome *o)
{
    if (lk_registry_new(r) != LK_OK) abort();
    o->rc = lk_registry_load_text(*r, "fuzz.def", t);
    snprintf(o->msg, sizeof o->msg, "%s", lk_registry_errmsg(*r));
    o->count = lk_registry_count(*r);
}

static int same_indicators(const lk_registry *a, const lk_registry *b)
{
    if (lk_registry_count(a) != lk_registry_count(b)) return 0;
    for (size_t i = 0; i < lk_registry_count(a); i++) {
        const lk_indicator *x = lk_registry_get(a, i), *y = lk_registry_get(b, i);
        const char *sx[] = { x->id, x->name_nb, x->name_en, x->num.measure, x->den.measure, x->source, x->definition_nb };
        const char *sy[] = { y->id, y->name_nb, y->name_en, y->num.measure, y->den.measure, y->source, y->definition_nb };
        for (size_t k = 0; k < sizeof sx / sizeof sx[0]; k++)
            if ((!sx[k]) != (!sy[k]) || (sx[k] && strcmp(sx[k], sy[k]) != 0)) return 0;
        if (x->num.age_lo != y->num.age_lo || x->den.age_hi != y->den.age_hi || x->scale != y->scale
            || x->num.multiplier != y->num.multiplier || x->break_year != y->break_year)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    text *t = malloc(sizeof *t);
    if (!t) return 0;
    t->nu = t->nl = 0;
    gen g;
    memset(&g, 0, sizeof g);
    g.d = data;
    g.n = size;
    g.t = t;
    g.clean = 1;
    generate(&g);

    lk_registry *r;
    outcome o;
    load(&r, t->utf8, &o);
    if (o.rc == LK_OK) {
        if (g.twice && !g.wild) abort(); /* an id or a key twice loaded */
        for (size_t k = 0; k < g.n_ids; k++)
            if (!lk_registry_find(r, g.ids[k])) abort();
        for (size_t i = 0; i < lk_registry_count(r); i++) {
            check_indicator(lk_registry_get(r, i));
            for (size_t j = 0; j < i; j++)
                if (strcmp(lk_registry_get(r, i)->id, lk_registry_get(r, j)->id) == 0) abort();
        }
        if (lk_registry_load_text(r, "fuzz.def", t->utf8) != LK_OK || lk_registry_count(r) != o.count) abort();
    } else {
        unsigned long line = message_line(o.msg);
        if (o.rc != LK_EDATA || line == 0 || line > g.line + 1 || !strstr(o.msg, "(expected")) abort();
        static const char again_text[] = "is defined again; its definition begins on line ";
        const char *again = strstr(o.msg, again_text);
        if (again && !g.wild) {
            size_t len;
            const char *id_start = strchr(o.msg, '\'');
            const char *id_end = id_start ? strchr(id_start + 1, '\'') : NULL;
            const char *first = line_of(t->utf8, strtoul(again + sizeof again_text - 1, NULL, 10), &len);
            while (len && (first[len - 1] == '\r' || first[len - 1] == ' ')) len--;
            if (!id_end || len != (size_t)(id_end - id_start) + 1 || first[0] != '['
                || memcmp(first + 1, id_start + 1, (size_t)(id_end - id_start - 1)) != 0)
                abort();
        }
    }
    /* The Latin-1 copy (where it differs) and a BOM (for every other input: each load reads the
     * built-in definitions first, the bulk of the time) change nothing. */
    lk_registry *r2;
    outcome o2;
    if (g.clean && t->nu != t->nl) {
        load(&r2, t->latin1, &o2);
        if (o2.rc != o.rc || strcmp(o2.msg, o.msg) != 0 || (o.rc == LK_OK && !same_indicators(r, r2))) abort();
        lk_registry_free(r2);
    }
    if (size % 2 && memcmp(t->utf8, "\xEF\xBB\xBF", 3) != 0) { /* one BOM is dropped, not two */
        memmove(t->utf8 + 3, t->utf8, t->nu + 1); /* the generator leaves room */
        memcpy(t->utf8, "\xEF\xBB\xBF", 3);
        load(&r2, t->utf8, &o2);
        if (o2.rc != o.rc || strcmp(o2.msg, o.msg) != 0) abort();
        lk_registry_free(r2);
    }
    lk_registry_free(r);
    free(t);
    return 0;
}
