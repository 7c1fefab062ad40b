/* Loading change lists exported from SSB's classification service KLASS (the `changes`
 * endpoint as CSV: oldCode, oldName, oldShortName, newCode, newName, newShortName,
 * changeOccurred), so a reform after the built-in table needs no new release. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"
#include "../common/ascii.h"
#include "../read/small_csv.h"

typedef struct klass_row {
    int year;
    char *from, *from_name, *to, *to_name;
    unsigned long line;
} klass_row;

static int valid_code(const char *c)
{
    size_t n = strlen(c);
    if (n != 2 && n != 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (!lk_is_digit((unsigned char)c[i])) return 0;
    return 1;
}

/* Add the rows of one file: kinds from how codes fan out and in, and new code versions. */
static int apply_rows(lk_geo *g, klass_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        klass_row *r = &rows[i];
        int known = 0;
        for (size_t k = 0; k < g->n_changes && !known; k++) {
            const lk_geo_change *c = &g->changes[k];
            if (c->year == r->year && strcmp(c->from_code, r->from) == 0 && strcmp(c->to_code, r->to) == 0) known = 1;
        }
        if (known) {
            r->year = 0; /* already in the table */
            continue;
        }
        size_t succ = 0, pred = 0;
        for (size_t k = 0; k < n; k++) {
            if (rows[k].year != r->year) continue;
            if (strcmp(rows[k].from, r->from) == 0) succ++;
            if (strcmp(rows[k].to, r->to) == 0) pred++;
        }
        lk_change_kind kind = succ > 1 ? LK_CHANGE_SPLIT
                            : pred > 1 ? LK_CHANGE_MERGE
                            : strcmp(r->from, r->to) != 0 ? LK_CHANGE_MOVE : LK_CHANGE_RENAME;
        lk_level level = strlen(r->from) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
        if (lk_geo_add_change(g, r->year, r->from, r->from_name, r->to, r->to_name, kind, level) != LK_OK)
            return LK_ENOMEM;
    }
    /* Close the old versions and open the new ones. */
    for (size_t i = 0; i < n; i++) {
        klass_row *r = &rows[i];
        if (!r->year) continue;
        int keeps_code = 0;
        for (size_t k = 0; k < n; k++)
            if (rows[k].year == r->year && strcmp(rows[k].from, r->from) == 0 && strcmp(rows[k].to, r->from) == 0
                && strcmp(rows[k].to_name, rows[k].from_name) == 0)
                keeps_code = 1;
        for (size_t u = 0; u < g->n_units; u++) {
            lk_geo_unit *unit = &g->units[u];
            if (strcmp(unit->code, r->from) == 0 && unit->first_year < r->year && unit->last_year >= r->year && !keeps_code)
                unit->last_year = r->year - 1;
        }
        lk_geo_unit existing;
        if (lk_geo_unit_at(g, r->to, r->year, &existing) != LK_OK) {
            lk_level level = strlen(r->to) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
            if (lk_geo_add_unit(g, r->to, r->to_name, level, r->year, 9999) != LK_OK) return LK_ENOMEM;
        }
    }
    lk_geo_sort(g);
    return LK_OK;
}

int lk_geo_load_changes(lk_geo *g, const char *path)
{
    if (!g || !path) return LK_EINVAL;
    g->errmsg[0] = '\0';
    lk_small_csv csv;
    int err = lk_small_csv_open(&csv, path);
    if (err) return lk_geo_fail(g, err == ENOMEM ? LK_ENOMEM : LK_EIO, "%s: cannot read: %s", path, strerror(err));
    klass_row *rows = NULL;
    size_t n = 0, cap = 0, bad;
    int rc = LK_OK, cols[5] = { -1, -1, -1, -1, -1 }, more;
    static const char *const names[5] = { "oldCode", "oldName", "newCode", "newName", "changeOccurred" };
    while (rc == LK_OK && (more = lk_small_csv_next(&csv, &bad)) != 0) {
        unsigned long line = csv.line;
        if (more == -2) {
            rc = LK_ENOMEM;
            break;
        }
        if (more < 0) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: malformed quotes in field %zu (expected a CSV change list from KLASS)", path, line, bad);
            break;
        }
        if (cols[0] < 0) {
            for (int k = 0; k < 5 && rc == LK_OK; k++)
                if ((cols[k] = lk_small_csv_column(&csv, names[k])) < 0)
                    rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: no column '%s' (expected a KLASS change list with oldCode, "
                                     "oldName, newCode, newName and changeOccurred)", path, line, names[k]);
            continue;
        }
        for (int k = 0; k < 5 && rc == LK_OK; k++)
            if ((size_t)cols[k] >= csv.fields.n)
                rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: %zu fields (expected at least %d as in the header)", path, line,
                                 csv.fields.n, cols[k] + 1);
        if (rc != LK_OK) break;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            klass_row *nr = realloc(rows, cap * sizeof *nr);
            if (!nr) { rc = LK_ENOMEM; break; }
            rows = nr;
        }
        klass_row *r = &rows[n];
        r->line = line;
        r->from = lk_small_csv_cell(&csv, (size_t)cols[0], &g->arena);
        r->from_name = lk_small_csv_cell(&csv, (size_t)cols[1], &g->arena);
        r->to = lk_small_csv_cell(&csv, (size_t)cols[2], &g->arena);
        r->to_name = lk_small_csv_cell(&csv, (size_t)cols[3], &g->arena);
        char *date = lk_small_csv_cell(&csv, (size_t)cols[4], &g->arena);
        if (!r->from || !r->from_name || !r->to || !r->to_name || !date) { rc = LK_ENOMEM; break; }
        if (!valid_code(r->from) || !valid_code(r->to) || strlen(r->from) != strlen(r->to)) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: codes '%s' → '%s' (expected two kommune codes of 4 digits or two "
                             "fylke codes of 2)", path, line, r->from, r->to);
            break;
        }
        int y, m, d;
        char extra;
        if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: change date '%s' (expected YYYY-MM-DD)", path, line, date);
            break;
        }
        /* Statistics use the borders of 1 January: a change during a year counts from the next. */
        r->year = (m == 1 && d == 1) ? y : y + 1;
        n++;
    }
    if (rc == LK_OK && cols[0] < 0)
        rc = lk_geo_fail(g, LK_EDATA, "%s:1: empty file (expected a KLASS change list with a header row)", path);
    if (rc == LK_OK) rc = apply_rows(g, rows, n);
    if (rc == LK_ENOMEM && !g->errmsg[0]) lk_geo_fail(g, LK_ENOMEM, "%s: out of memory", path);
    free(rows);
    lk_small_csv_close(&csv);
    return rc;
}
