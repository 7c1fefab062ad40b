/* levekar profile --all-kommuner: which kommuner a batch covers, and each one's output name
 * (profile_batch.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "profile_batch.h"

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

void lk_batch_free(lk_batch *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->codes[i]);
    free(b->codes);
    memset(b, 0, sizeof *b);
}

static int add_code(lk_batch *b, const char *code, size_t len)
{
    for (size_t i = 0; i < b->n; i++)
        if (strlen(b->codes[i]) == len && memcmp(b->codes[i], code, len) == 0) return LK_EXIT_OK; /* given twice */
    char **v = realloc(b->codes, (b->n + 1) * sizeof *v);
    if (!v) return lk_cli_nomem(NULL);
    b->codes = v;
    if (!(b->codes[b->n] = malloc(len + 1))) return lk_cli_nomem(NULL);
    memcpy(b->codes[b->n], code, len);
    b->codes[b->n++][len] = '\0';
    return LK_EXIT_OK;
}

/* The fylker valid in a year, for the message that lists the candidates. */
static void list_fylker(const lk_geo *g, int year, char *buf, size_t cap)
{
    lk_geo_unit u[64];
    size_t n = 0, len = 0;
    buf[0] = '\0';
    if (lk_geo_units(g, LK_LEVEL_FYLKE, year, u, 64, &n) != LK_OK) return;
    for (size_t i = 0; i < n && i < 64 && len + 48 < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s %s", i ? ", " : "", u[i].code, u[i].name);
}

/* A fylke's kommuner at the borders of the newest year it was valid in, up to `year` (a fylke
 * of an older reform, such as 30 Viken, takes its last year's kommuner, said in a note). */
static int kommuner_of(lk_batch *b, const lk_geo *g, const char *fylke, int year)
{
    lk_geo_unit fu;
    int y = year;
    while (y >= 1838 && lk_geo_unit_at(g, fylke, y, &fu) != LK_OK) y--;
    if (y < 1838) {
        char list[2048];
        list_fylker(g, year, list, sizeof list);
        fprintf(stderr, "levekar profile: --all-kommuner %s: no such fylke (expected a fylke code of %d: %s; or a list "
                        "of kommune codes, e.g. 3301,3303)\n", fylke, year, list);
        return LK_EXIT_USAGE;
    }
    if (y != year)
        fprintf(stderr, "levekar profile: note: fylke %s %s ended in %d; its kommuner at the borders of %d\n", fylke,
                fu.name, fu.last_year, y);
    b->fylke_name = fu.name;
    b->year = y;
    size_t n = 0;
    if (lk_geo_units(g, LK_LEVEL_KOMMUNE, y, NULL, 0, &n) != LK_OK) return lk_cli_nomem(NULL);
    lk_geo_unit *u = malloc((n ? n : 1) * sizeof *u);
    if (!u) return lk_cli_nomem(NULL);
    int ec = lk_geo_units(g, LK_LEVEL_KOMMUNE, y, u, n, &n) == LK_OK ? LK_EXIT_OK : lk_cli_nomem(NULL);
    /* a kommune's first two digits are its fylke's code (regions.md) */
    for (size_t i = 0; i < n && ec == LK_EXIT_OK; i++)
        if (strncmp(u[i].code, fylke, 2) == 0) ec = add_code(b, u[i].code, strlen(u[i].code));
    free(u);
    if (ec == LK_EXIT_OK && b->n == 0) {
        fprintf(stderr, "levekar profile: --all-kommuner %s: fylke %s has no kommuner in %d\n", fylke, fu.name, y);
        ec = LK_EXIT_USAGE;
    }
    return ec;
}

int lk_batch_parse(lk_batch *b, const char *spec, const lk_geo *g, int year)
{
    memset(b, 0, sizeof *b);
    size_t len = strlen(spec);
    if (len == 2 && all_digits(spec, 2)) return kommuner_of(b, g, spec, year);
    /* a list: 4-digit kommune codes separated by commas */
    for (const char *p = spec;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n != 4 || !all_digits(p, n)) {
            fprintf(stderr, "levekar profile: --all-kommuner %s: '%.*s' is not a kommune code (expected a fylke code "
                            "such as 33, or kommune codes separated by commas, such as 3301,3303)\n", spec, (int)n, p);
            lk_batch_free(b);
            return LK_EXIT_USAGE;
        }
        int ec = add_code(b, p, n);
        if (ec != LK_EXIT_OK) {
            lk_batch_free(b);
            return ec;
        }
        if (!e) break;
        p = e + 1;
    }
    return LK_EXIT_OK;
}

int lk_batch_has_slot(const char *path)
{
    return path && strstr(path, LK_BATCH_SLOT) != NULL;
}

char *lk_batch_path(const char *pattern, const char *code)
{
    size_t slot = strlen(LK_BATCH_SLOT), n = 0, len = strlen(code);
    for (const char *p = pattern; (p = strstr(p, LK_BATCH_SLOT)); p += slot) n++;
    char *out = malloc(strlen(pattern) + n * len + 1), *w = out;
    if (!out) return NULL;
    for (const char *p = pattern;;) {
        const char *s = strstr(p, LK_BATCH_SLOT);
        size_t k = s ? (size_t)(s - p) : strlen(p);
        memcpy(w, p, k);
        w += k;
        if (!s) break;
        memcpy(w, code, len);
        w += len;
        p = s + slot;
    }
    *w = '\0';
    return out;
}
