/* KLASS change lists built from the bytes: real and new kommune codes in splits, merges, moves
 * and renames over the years, long chains of splits and merges (the walk's exponential case),
 * sometimes a broken row. Raw bytes rarely reach the walk; these files do. Properties: every
 * LK_EDATA has a FILE:LINE: message, a file without broken rows is never LK_EDATA, every mapping
 * stays within the limit, has distinct targets, ends at codes that map to themselves (no cycle)
 * and agrees with a plain walk of every path where that walk is small enough; the harmoniser
 * finishes. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"
#include "levekar.h"

#define MAX_ROWS 400
#define MAX_LIVE 64
#define MAX_TARGETS 16 /* lk_geo_map's promise after a successful load */

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

static unsigned next(bytes *b)
{
    if (!b->n) return 0;
    b->n--;
    return *b->p++;
}

typedef struct gen {
    bytes in;
    char *text;
    size_t len, cap;
    char delim;
    int crlf, order[5], n_cols;
    char live[MAX_LIVE][8];   /* codes valid now, to build on */
    size_t n_live;
    int fresh;                /* the next new code */
    int year;
    size_t rows;
    int broken;               /* a row that is not a valid change was written */
    int years[32];            /* years with changes, to map to */
    size_t n_years;
} gen;

static void put(gen *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        size_t cap = (g->len + n + 1) * 2;
        char *t = realloc(g->text, cap);
        if (!t) abort();
        g->text = t;
        g->cap = cap;
    }
    memcpy(g->text + g->len, s, n);
    g->len += n;
    g->text[g->len] = '\0';
}

static void puts_(gen *g, const char *s)
{
    put(g, s, strlen(s));
}

static void end_line(gen *g)
{
    puts_(g, g->crlf ? "\r\n" : "\n");
}

static const char *const columns[7] = { "oldCode", "oldName", "newCode", "newName", "changeOccurred", "oldShortName",
                                        "newShortName" };

static void header(gen *g)
{
    unsigned h = next(&g->in);
    g->delim = h & 1 ? ';' : ',';
    g->crlf = (h >> 1) & 1;
    if ((h >> 2) & 1) puts_(g, "\xEF\xBB\xBF");
    g->n_cols = 5 + (int)((h >> 3) & 3) % 3; /* 5 to 7 columns, the short names ignored */
    int perm[7] = { 0, 1, 2, 3, 4, 5, 6 };
    for (int i = g->n_cols - 1; i > 0; i--) { /* the order of the columns from the bytes */
        int j = (int)(next(&g->in) % (unsigned)(i + 1));
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int i = 0; i < g->n_cols; i++) {
        if (i) put(g, &g->delim, 1);
        puts_(g, columns[perm[i]]);
        if (perm[i] < 5) g->order[perm[i]] = i;
    }
    end_line(g);
}

static void note_year(gen *g, int year)
{
    for (size_t i = 0; i < g->n_years; i++)
        if (g->years[i] == year) return;
    if (g->n_years < 32) g->years[g->n_years++] = year;
}

/* One row; `date` NULL: 1 January of the current year. */
static void row(gen *g, const char *from, const char *to, const char *name, const char *date)
{
    char d[16];
    if (g->year > 2199) g->year = 2199; /* the last year KLASS dates may have */
    if (!date) {
        snprintf(d, sizeof d, "%04d-01-01", g->year);
        date = d;
    }
    const char *cell[5] = { from, "Gammel", to, name, date };
    for (int i = 0; i < g->n_cols; i++) {
        if (i) put(g, &g->delim, 1);
        for (int c = 0; c < 5; c++)
            if (g->order[c] == i) puts_(g, cell[c]); /* the short names stay empty */
    }
    end_line(g);
    g->rows++;
    note_year(g, g->year);
}

static const char *pick(gen *g)
{
    return g->n_live ? g->live[next(&g->in) % g->n_live] : "3301";
}

static void drop(gen *g, const char *code)
{
    for (size_t i = 0; i < g->n_live; i++)
        if (strcmp(g->live[i], code) == 0) {
            memmove(g->live[i], g->live[i + 1], (g->n_live - i - 1) * sizeof g->live[0]);
            g->n_live--;
            return;
        }
}

static void keep(gen *g, const char *code)
{
    for (size_t i = 0; i < g->n_live; i++)
        if (strcmp(g->live[i], code) == 0) return;
    if (g->n_live < MAX_LIVE) snprintf(g->live[g->n_live++], sizeof g->live[0], "%s", code);
}

static void fresh_code(gen *g, char *out)
{
    snprintf(out, 8, "%04d", g->fresh);
    g->fresh = g->fresh == 9999 ? 3600 : g->fresh + 1;
}

static void split(gen *g, const char *from_in, int ways, int keeps)
{
    char from[8], to[8];
    snprintf(from, sizeof from, "%s", from_in);
    drop(g, from);
    if (keeps) {
        row(g, from, from, "Gammel", NULL);
        keep(g, from);
    }
    for (int k = 0; k < ways; k++) {
        fresh_code(g, to);
        row(g, from, to, "Del", NULL);
        keep(g, to);
    }
}

static void merge(gen *g, int ways, int into_existing)
{
    char parts[8][8], to[8];
    int n = 0;
    for (int k = 0; k < ways && g->n_live; k++) {
        snprintf(parts[n], sizeof parts[n], "%s", pick(g));
        int seen = 0;
        for (int j = 0; j < n; j++) seen |= strcmp(parts[j], parts[n]) == 0;
        if (!seen) n++;
    }
    if (!n) return;
    if (into_existing) snprintf(to, sizeof to, "%s", parts[0]);
    else fresh_code(g, to);
    for (int k = 0; k < n; k++) {
        row(g, parts[k], to, "Samlet", NULL);
        drop(g, parts[k]);
    }
    keep(g, to);
}

/* A row that is not a change: bad codes, dates that do not exist, NUL bytes, quotes, too few fields. */
static void broken(gen *g)
{
    static const char *const codes[] = { "330", "33011", "33a1", "", " 3301", "3301 ", "\"3301\"", "\"33\"01\"" };
    static const char *const dates[] = { "2028-02-30", "2023-02-29", "2028-13-01", "2028-00-10", "2028-04-31", "2028-1-1",
                                         "1799-12-31", "2200-01-01", "20280101", "2028-01-01x", "" };
    unsigned k = next(&g->in);
    char line[64];
    switch (k % 5) {
    case 0: row(g, codes[next(&g->in) % 8], "3301", "X", NULL); break;
    case 1: row(g, "3301", "3399", "X", dates[next(&g->in) % 11]); break;
    case 2:
        puts_(g, "3301");
        put(g, "\0", 1);
        puts_(g, "x,Drammen,3399,X,2028-01-01");
        end_line(g);
        break;
    case 3:
        snprintf(line, sizeof line, "3301%c3399", g->delim);
        puts_(g, line);
        end_line(g);
        break;
    default: row(g, "33", "3301", "X", NULL); break; /* a fylke and a kommune */
    }
    g->broken = 1;
}

static void build(gen *g)
{
    static const char *const start[] = { "3301", "3312", "0301", "1508", "1580", "5001", "4601", "3907", "1507", "5055" };
    g->n_live = 0;
    for (size_t i = 0; i < 10; i++) keep(g, start[i]);
    g->fresh = 3600;
    header(g);
    unsigned y = next(&g->in);
    g->year = y < 32 ? 1990 + (int)y : 2025; /* mostly after the built-in table */
    while (g->in.n && g->rows < MAX_ROWS) {
        unsigned op = next(&g->in), arg = next(&g->in);
        switch (op % 10) {
        case 0: case 1: split(g, pick(g), 2 + (int)(arg % 3), (arg >> 4) & 1); break;
        case 2: case 3: merge(g, 2 + (int)(arg % 3), (arg >> 4) & 1); break;
        case 4: { /* a move, or a rename under the same code */
            char from[8], to[8];
            snprintf(from, sizeof from, "%s", pick(g));
            if (arg & 1) snprintf(to, sizeof to, "%s", from);
            else fresh_code(g, to);
            row(g, from, to, arg & 2 ? "Nytt navn" : "Gammel", NULL);
            drop(g, from);
            keep(g, to);
            break;
        }
        case 5: { /* a run of splits and merges on one line of descent: 2^n or 3^n paths */
            char a[8];
            snprintf(a, sizeof a, "%s", pick(g));
            int steps = 1 + (int)(arg % 40), ways = 2 + (int)((arg >> 6) & 1);
            for (int s = 0; s < steps && g->rows + 2 * (size_t)ways < MAX_ROWS; s++) {
                char parts[3][8], to[8];
                drop(g, a);
                for (int k = 0; k < ways; k++) {
                    fresh_code(g, parts[k]);
                    row(g, a, parts[k], "Del", NULL);
                }
                g->year++;
                fresh_code(g, to);
                for (int k = 0; k < ways; k++) row(g, parts[k], to, "Samlet", NULL);
                g->year++;
                snprintf(a, sizeof a, "%s", to);
            }
            keep(g, a);
            break;
        }
        case 6: split(g, pick(g), 2 + (int)(arg % 18), 0); break; /* wide: past the limit of 16 */
        case 7: if (arg % 8 == 0) broken(g); break;
        default: g->year += 1 + (int)(arg % 3); break;
        }
        if (op & 0x80) g->year++;
        if (g->year > 2199) g->year = 2199;
    }
}

/* ------------------------------------------------------------------ properties */

/* The kommune changes other than renames, in table order: what the walk follows. */
typedef struct changes {
    const lk_geo_change *v[2048];
    size_t n;
} changes;

/* The plain walk: every path, no memo; *budget counts the steps left (0: gave up). */
static void plain_walk(const changes *cs, const char *code, int after, int target, int exact, lk_geo_target *out,
                       size_t *n, long *budget)
{
    if (*budget <= 0) return;
    --*budget;
    int at = 0;
    size_t first = 0, succ = 0;
    for (size_t i = 0; i < cs->n; i++) {
        const lk_geo_change *c = cs->v[i];
        if (at ? c->year != at : c->year <= after || c->year > target) continue;
        if (strcmp(c->from_code, code) != 0) continue;
        if (!at) first = i;
        at = c->year;
        succ++;
    }
    if (!at) {
        for (size_t i = 0; i < *n; i++)
            if (strcmp(out[i].code, code) == 0) {
                if (!exact) out[i].exact = 0;
                return;
            }
        if (*n == 64) {
            *budget = 0;
            return;
        }
        snprintf(out[*n].code, sizeof out[*n].code, "%s", code);
        out[(*n)++].exact = exact;
        return;
    }
    for (size_t i = first; i < cs->n && *budget > 0; i++) {
        const lk_geo_change *c = cs->v[i];
        if (c->year == at && strcmp(c->from_code, code) == 0) plain_walk(cs, c->to_code, at, target, exact && succ == 1, out, n, budget);
    }
}

static void check_map(const lk_geo *g, const changes *cs, const char *code, int year, int target, int plain)
{
    lk_geo_target t[MAX_TARGETS + 1];
    size_t n = 0;
    int rc = lk_geo_map(g, code, year, target, t, MAX_TARGETS + 1, &n);
    if (rc != LK_OK && rc != LK_ENOTFOUND && rc != LK_EINVAL) abort();
    if (rc != LK_OK) return;
    if (n == 0 || n > MAX_TARGETS) abort();
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(t[i].code, t[j].code) == 0) abort();
    for (size_t i = 0; i < n; i++) { /* a target is where the walk stops: it maps to itself */
        lk_geo_target u[MAX_TARGETS + 1];
        size_t m = 0;
        int r2 = lk_geo_map(g, t[i].code, target, target, u, MAX_TARGETS + 1, &m);
        if (r2 == LK_OK && (m != 1 || strcmp(u[0].code, t[i].code) != 0 || !u[0].exact)) abort();
    }
    /* The plain walk from a unit valid in `year` after the built-in table (its split hints are
     * for 2024 and not public) must give the same targets in the same order. */
    if (!plain || year < 2024 || lk_geo_unit_at(g, code, year, NULL) != LK_OK) return;
    lk_geo_target p[64];
    size_t np = 0;
    long budget = 2000;
    plain_walk(cs, code, year, target, 1, p, &np, &budget);
    if (budget <= 0) return;
    if (np != n) abort();
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].code, t[i].code) != 0 || p[i].exact != t[i].exact) abort();
}

static int count(const lk_obs *o, void *payload)
{
    (void)o;
    ++*(size_t *)payload;
    return 0;
}

static void harmonise(lk_geo *geo, const gen *g, int target)
{
    lk_harmonise_opts opts = LK_HARMONISE_OPTS_INIT;
    opts.target_year = target;
    opts.estimate_splits = target & 1;
    lk_harmoniser *h;
    if (lk_harmoniser_new(&h, geo, &opts) != LK_OK) abort();
    for (size_t i = 0; i < g->n_live; i++)
        for (size_t y = 0; y < g->n_years && y < 4; y++) {
            lk_obs o;
            memset(&o, 0, sizeof o);
            char period[8];
            snprintf(period, sizeof period, "%d", g->years[y] - 1);
            o.table = "t";
            o.region = g->live[i];
            o.region_name = "";
            o.level = LK_LEVEL_KOMMUNE;
            o.period = period;
            lk_period_parse(&o.period_info, period, strlen(period));
            o.measure = i & 1 ? "Personer" : "Andel (prosent)";
            o.status = "";
            o.has_value = 1;
            o.value = (double)(i + 1);
            if (lk_harmoniser_add(h, &o) != LK_OK) abort();
        }
    size_t out = 0;
    if (lk_harmoniser_finish(h, count, &out) != LK_OK) abort();
    if (out != lk_harmoniser_stats(h)->out) abort();
    lk_harmoniser_free(h);
}

/* FILE:LINE: at the start, or FILE: for a file-level message. */
static void check_message(const char *msg, const char *path, int need_line)
{
    size_t pl = strlen(path);
    if (strncmp(msg, path, pl) != 0 || msg[pl] != ':') abort();
    if (!need_line) return;
    const char *p = msg + pl + 1;
    if (*p < '1' || *p > '9') abort();
    while (*p >= '0' && *p <= '9') p++;
    if (*p != ':' || p[1] != ' ') abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.in.p = data;
    g.in.n = size;
    build(&g);
    char path[] = "/tmp/lk-fuzz-changes-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        free(g.text);
        return 0;
    }
    int written = write(fd, g.text, g.len) == (ssize_t)g.len;
    close(fd);
    if (written) {
        lk_geo *geo;
        if (lk_geo_new(&geo) != LK_OK) abort();
        int rc = lk_geo_load_changes(geo, path);
        const char *msg = lk_geo_errmsg(geo);
        if (rc == LK_EDATA) check_message(msg, path, 1);
        if (rc == LK_ELIMIT) check_message(msg, path, 0);
        if (rc == LK_EDATA && !g.broken) abort(); /* a valid file refused */
        if (rc != LK_OK && rc != LK_EDATA && rc != LK_ELIMIT) abort();
        if (rc == LK_OK) {
            static changes cs;
            cs.n = 0;
            for (size_t i = 0; lk_geo_change_at(geo, i) && cs.n < 2048; i++) {
                const lk_geo_change *c = lk_geo_change_at(geo, i);
                if (c->level == LK_LEVEL_KOMMUNE && c->kind != LK_CHANGE_RENAME) cs.v[cs.n++] = c;
            }
            static const char *const also[] = { "3301", "1507", "5055", "0301" };
            size_t codes = g.n_live < 12 ? g.n_live : 12, ny = g.n_years < 4 ? g.n_years : 4;
            for (size_t i = 0; i < codes + 4; i++) {
                const char *code = i < codes ? g.live[i] : also[i - codes];
                for (size_t a = 0; a < ny; a++)
                    for (size_t b = 0; b < ny; b++)
                        if (g.years[b] >= g.years[a]) check_map(geo, &cs, code, g.years[a] - 1, g.years[b], a == 0 && b + 1 == ny);
                check_map(geo, &cs, code, 2024, 2200, 1);
            }
            harmonise(geo, &g, g.n_years ? g.years[g.n_years - 1] : 2024);
        }
        lk_geo_free(geo);
    }
    unlink(path);
    free(g.text);
    return 0;
}
