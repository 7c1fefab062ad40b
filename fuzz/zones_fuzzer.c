/* Zone files built from the bytes: a few zone codes (some of them region codes), names that
 * sometimes disagree, and members drawn from a small set of kommuner, delområder and grunnkretser
 * so that duplicates, overlaps and zones across kommuner are frequent; sometimes a broken row.
 * A plain model of the rules (each row checked against every earlier one) says which line must
 * fail; properties: the loader fails exactly there with a FILE:LINE: message or succeeds when the
 * model does, every code is found in the model's zone, and the zone sums are the model's sums. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"
#include "levekar.h"

#define MAX_ROWS 200

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

typedef struct zrow {
    char zone[16], name[16], member[12];
    unsigned long line;
} zrow;

typedef struct gen {
    bytes in;
    char *text;
    size_t len, cap;
    char delim;
    int crlf, n_cols, order[3];
    unsigned long line;
    zrow rows[MAX_ROWS];
    size_t n_rows;
    unsigned long broken_line;   /* first line the model cannot judge (0: none) */
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
    g->line++;
}

static void write_row(gen *g, const char *zone, const char *name, const char *member)
{
    const char *cell[3] = { zone, name, member };
    for (int i = 0; i < g->n_cols; i++) {
        if (i) put(g, &g->delim, 1);
        int known = 0;
        for (int c = 0; c < 3; c++)
            if (g->order[c] == i) {
                puts_(g, cell[c]);
                known = 1;
            }
        if (!known) puts_(g, "x"); /* the extra column, ignored */
    }
    end_line(g);
}

static const char *const zones[] = { "S1", "S2", "S3", "LKS-01", "7", "3301000001", "3301", "03", "K-3301", "0" };
static const char *const names[] = { "Str\xC3\xB8ms\xC3\xB8", "Bragernes", "Lier", "Sone 7" };
static const char *const kommuner[] = { "3301", "3312", "0301" };

static void build(gen *g)
{
    unsigned h = next(&g->in);
    g->delim = h & 1 ? ';' : ',';
    g->crlf = (h >> 1) & 1;
    if ((h >> 2) & 1) puts_(g, "\xEF\xBB\xBF");
    g->n_cols = 3 + (int)((h >> 3) & 1);
    int perm[4] = { 0, 1, 2, 3 };
    for (int i = g->n_cols - 1; i > 0; i--) {
        int j = (int)(next(&g->in) % (unsigned)(i + 1));
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    static const char *const head[4] = { "zone", "name", "member", "note" };
    for (int i = 0; i < g->n_cols; i++) {
        if (i) put(g, &g->delim, 1);
        puts_(g, head[perm[i]]);
        if (perm[i] < 3) g->order[perm[i]] = i;
    }
    end_line(g);
    while (g->in.n && g->n_rows < MAX_ROWS) {
        unsigned a = next(&g->in), b = next(&g->in), c = next(&g->in);
        if (a % 32 == 31) { /* a row the model does not judge */
            static const char *const bad[] = { "3301010", "33a10101", "", "\"330101\"x", "3301\"01" };
            if (!g->broken_line) g->broken_line = g->line + 1;
            if (b % 6 == 5) {
                puts_(g, "S1");
                put(g, &g->delim, 1);
                puts_(g, "A");
                put(g, &g->delim, 1);
                puts_(g, "3301");
                put(g, "\0", 1);
                puts_(g, "0101");
                end_line(g);
            } else {
                write_row(g, b & 8 ? "" : "S1", "A", bad[b % 5]);
            }
            continue;
        }
        zrow *r = &g->rows[g->n_rows++];
        unsigned zi = a % 10;
        if (zi >= 6 && (a >> 4) % 4) zi %= 3; /* region-like zone codes now and then */
        snprintf(r->zone, sizeof r->zone, "%s", zones[zi]);
        snprintf(r->name, sizeof r->name, "%s", (a >> 6) % 4 ? names[zi % 4] : names[(zi + 1) % 4]);
        const char *k = kommuner[(b % 16 == 0) ? 1 + b / 16 % 2 : 0];
        switch ((b >> 4) % 8) {
        case 0: snprintf(r->member, sizeof r->member, "%s", k); break;
        case 1: case 2: snprintf(r->member, sizeof r->member, "%s%02u", k, 1 + c % 3); break;
        default: snprintf(r->member, sizeof r->member, "%s%02u%02u", k, 1 + c % 3, 1 + (c >> 2) % 4); break;
        }
        r->line = g->line + 1;
        write_row(g, r->zone, r->name, r->member);
    }
}

/* ------------------------------------------------------------------ the model */

static int region_like(const char *z)
{
    return !strcmp(z, "3301") || !strcmp(z, "03") || !strcmp(z, "K-3301") || !strcmp(z, "0");
}

static int within(const char *inner, const char *outer)
{
    size_t n = strlen(outer);
    return strlen(inner) > n && strncmp(inner, outer, n) == 0;
}

/* The line the loader must refuse, 0 when every row is fine. */
static unsigned long first_bad(const gen *g)
{
    for (size_t i = 0; i < g->n_rows; i++) {
        const zrow *r = &g->rows[i];
        int zone_seen = 0;
        const char *kommune = NULL;
        for (size_t j = 0; j < i; j++) {
            const zrow *o = &g->rows[j];
            if (!strcmp(o->member, r->member)) return r->line;
        }
        for (size_t j = 0; j < i; j++) {
            const zrow *o = &g->rows[j];
            if (within(o->member, r->member) || within(r->member, o->member)) return r->line;
        }
        for (size_t j = 0; j < i; j++) {
            const zrow *o = &g->rows[j];
            if (strcmp(o->zone, r->zone)) continue;
            if (!zone_seen && strcmp(o->name, r->name)) return r->line;
            if (!zone_seen) kommune = o->member;
            zone_seen = 1;
        }
        if (!zone_seen && region_like(r->zone)) return r->line;
        if (kommune && strncmp(kommune, r->member, 4)) return r->line;
    }
    return 0;
}

/* The row whose member the code falls under, or NULL. */
static const zrow *model_find(const gen *g, const char *code)
{
    size_t n = strlen(code);
    for (size_t i = 0; i < g->n_rows; i++) {
        const char *m = g->rows[i].member;
        size_t ml = strlen(m);
        if (!strcmp(m, code) || (n == 8 && ml == 6 && !strncmp(m, code, 6))) return &g->rows[i];
    }
    return NULL;
}

typedef struct sums {
    const gen *g;
    char zone[MAX_ROWS][16];
    double value[MAX_ROWS];
    int status[MAX_ROWS]; /* 0 a value, 1 ~incomplete, 2 a missing symbol */
    size_t n;
    int ok;
} sums;

static int compare(const lk_obs *o, void *payload)
{
    sums *s = payload;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->zone[i], o->region)) continue;
        int st = !o->has_value ? (strcmp(o->status, "~incomplete") == 0 ? 1 : 2) : 0;
        if (st != s->status[i] || (st == 0 && o->value != s->value[i])) s->ok = 0;
        s->zone[i][0] = '\0'; /* delivered once */
        return 0;
    }
    s->ok = 0;
    return 0;
}

static void check_sums(const gen *g, const lk_zones *z, bytes *in)
{
    /* every grunnkrets of the small world, and the kommuner, with values and now and then ':' */
    char codes[3 * 3 * 4 + 3][12];
    double value[3 * 3 * 4 + 3];
    int missing[3 * 3 * 4 + 3], present[3 * 3 * 4 + 3];
    size_t n = 0;
    for (size_t k = 0; k < 3; k++) {
        snprintf(codes[n++], 12, "%s", kommuner[k]);
        for (unsigned d = 1; d <= 3; d++)
            for (unsigned gk = 1; gk <= 4; gk++) snprintf(codes[n++], 12, "%s%02u%02u", kommuner[k], d, gk);
    }
    lk_zone_agg *a;
    if (lk_zone_agg_new(&a, z) != LK_OK) abort();
    for (size_t i = 0; i < n; i++) {
        unsigned b = next(in);
        present[i] = b % 8 != 0;
        missing[i] = b % 8 == 1;
        value[i] = (double)(b % 50);
        if (!present[i]) continue;
        lk_obs o;
        memset(&o, 0, sizeof o);
        o.table = "t";
        o.region = codes[i];
        o.region_name = "";
        o.level = strlen(codes[i]) == 8 ? LK_LEVEL_GRUNNKRETS : LK_LEVEL_KOMMUNE;
        o.period = "2024";
        lk_period_parse(&o.period_info, "2024", 4);
        o.measure = "Personer";
        o.has_value = !missing[i];
        o.value = value[i];
        o.status = missing[i] ? ":" : "";
        if (lk_zone_agg_add(a, &o) != LK_OK) abort();
    }
    sums s;
    memset(&s, 0, sizeof s);
    s.g = g;
    s.ok = 1;
    for (size_t r = 0; r < g->n_rows; r++) { /* per zone: complete? missing? sum */
        const char *zone = g->rows[r].zone;
        int first = 1;
        for (size_t j = 0; j < r; j++) first &= strcmp(g->rows[j].zone, zone) != 0;
        if (!first) continue;
        int any = 0, incomplete = 0, miss = 0;
        double sum = 0;
        for (size_t m = 0; m < g->n_rows; m++) {
            if (strcmp(g->rows[m].zone, zone)) continue;
            int seen = 0;
            for (size_t i = 0; i < n; i++) {
                if (!present[i] || model_find(g, codes[i]) != &g->rows[m]) continue;
                seen = 1;
                if (missing[i]) miss = 1;
                else sum += value[i];
            }
            incomplete |= !seen;
            any |= seen;
        }
        if (!any) continue; /* no observation: no row */
        snprintf(s.zone[s.n], sizeof s.zone[0], "%s", zone);
        s.status[s.n] = incomplete ? 1 : miss ? 2 : 0;
        s.value[s.n] = sum;
        s.n++;
    }
    if (lk_zone_agg_finish(a, compare, &s) != LK_OK) abort();
    for (size_t i = 0; i < s.n; i++)
        if (s.zone[i][0]) s.ok = 0; /* a zone row missing */
    if (!s.ok) abort();
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
        lk_suppress_opts fhi; /* the coverage rows protected, as levekar coverage writes them */
        lk_suppress_preset(&fhi, "fhi");
        if (lk_coverage_write(devnull, a, &fhi, NULL) != LK_OK) abort();
        fclose(devnull);
    }
    lk_zone_agg_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gen *g = calloc(1, sizeof *g);
    if (!g) return 0;
    g->in.p = data;
    g->in.n = size;
    build(g);
    char path[] = "/tmp/lk-fuzz-zones-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        free(g->text);
        free(g);
        return 0;
    }
    int written = write(fd, g->text, g->len) == (ssize_t)g->len;
    close(fd);
    if (written) {
        lk_zones *z = NULL;
        int rc = lk_zones_load(&z, path);
        const char *msg = lk_zones_errmsg(z);
        size_t pl = strlen(path);
        if (rc == LK_EDATA) { /* FILE:LINE: */
            const char *p = msg + pl + 1;
            if (strncmp(msg, path, pl) != 0 || msg[pl] != ':' || *p < '1' || *p > '9') abort();
            while (*p >= '0' && *p <= '9') p++;
            if (*p != ':') abort();
        }
        /* Every broken row is an error of its own: the first bad line, judged or broken, must fail. */
        unsigned long bad = first_bad(g);
        if (g->broken_line && (!bad || g->broken_line < bad)) bad = g->broken_line;
        int judged = !g->broken_line;
        if (bad) {
            char want[64];
            snprintf(want, sizeof want, "%s:%lu: ", path, bad);
            if (rc != LK_EDATA || strncmp(msg, want, strlen(want)) != 0) abort();
        } else if (g->n_rows) {
            if (rc != LK_OK) abort();
        } else if (rc != LK_EDATA) {
            abort(); /* no zones */
        }
        if (rc == LK_OK && judged) {
            for (size_t i = 0; i < g->n_rows; i++) { /* every member, and the grunnkretser of the small world */
                const lk_zone *f = lk_zones_find(z, g->rows[i].member);
                if (!f || strcmp(f->code, g->rows[i].zone) != 0) abort();
            }
            for (size_t k = 0; k < 3; k++)
                for (unsigned d = 1; d <= 3; d++)
                    for (unsigned gk = 1; gk <= 4; gk++) {
                        char code[12];
                        snprintf(code, sizeof code, "%s%02u%02u", kommuner[k], d, gk);
                        const zrow *m = model_find(g, code);
                        const lk_zone *f = lk_zones_find(z, code);
                        if ((m == NULL) != (f == NULL) || (m && strcmp(f->code, m->zone) != 0)) abort();
                    }
            check_sums(g, z, &g->in);
        }
        lk_zones_free(z);
    }
    unlink(path);
    free(g->text);
    free(g);
    return 0;
}
