/* Loading change lists exported from SSB's classification service KLASS (the `changes`
 * endpoint as CSV: oldCode, oldName, oldShortName, newCode, newName, newShortName,
 * changeOccurred), so a reform after the built-in table needs no new release. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "geo_internal.h"
#include "../common/ascii.h"
#include "../common/side_csv.h"

typedef struct klass_row {
    int year;
    char *from, *from_name, *to, *to_name;
    unsigned long line;
    size_t succ, pred;  /* distinct rows from its old code, and into its new code, that year */
    int keeps;          /* its old code goes on under its old name */
    int repeat;         /* the same change as a row before it */
} klass_row;

static int valid_code(const char *c)
{
    size_t n = strlen(c);
    if (n != 2 && n != 4 && n != 8) return 0;
    for (size_t i = 0; i < n; i++)
        if (!lk_is_digit((unsigned char)c[i])) return 0;
    return 1;
}

/* NULL for a date YYYY-MM-DD that exists, else what is wrong with it (2028-02-30 is none). */
static const char *parse_date(const char *s, int *y, int *m, int *d)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return "(expected YYYY-MM-DD)";
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !lk_is_digit((unsigned char)s[i])) return "(expected YYYY-MM-DD)";
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*y < 1800 || *y > 2199) return "(expected a year from 1800 to 2199)";
    if (*m < 1 || *m > 12) return "is not a date (expected a month from 01 to 12)";
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    int last = days[*m - 1] + (*m == 2 && leap);
    if (*d < 1 || *d > last) {
        return last == 31 ? "is not a date (expected a day from 01 to 31)"
             : last == 30 ? "is not a date (expected a day from 01 to 30 in this month)"
             : last == 29 ? "is not a date (expected a day from 01 to 29 in February of a leap year)"
                          : "is not a date (expected a day from 01 to 28 in February of this year)";
    }
    return NULL;
}

/* Rows by year, then old code, then new code (`by_from`) or new then old (`by_to`): a unit's
 * successors and predecessors are neighbours, and so are rows listed twice. */
static int cmp_by_from(const void *a, const void *b)
{
    const klass_row *x = *(const klass_row *const *)a, *y = *(const klass_row *const *)b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    int c = strcmp(x->from, y->from);
    return c ? c : strcmp(x->to, y->to);
}

static int cmp_by_to(const void *a, const void *b)
{
    const klass_row *x = *(const klass_row *const *)a, *y = *(const klass_row *const *)b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    int c = strcmp(x->to, y->to);
    return c ? c : strcmp(x->from, y->from);
}

/* Rows by year, then in the order of the file. */
static int cmp_by_year(const void *a, const void *b)
{
    const klass_row *x = *(const klass_row *const *)a, *y = *(const klass_row *const *)b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* How many distinct rows share each row's (year, old code) — or (year, new code) with `to` —
 * whether its group keeps the old code under its old name, and which rows repeat another. */
static void count_groups(klass_row **v, size_t n, int to)
{
    qsort(v, n, sizeof *v, to ? cmp_by_to : cmp_by_from);
    for (size_t i = 0, j; i < n; i = j) {
        const char *key = to ? v[i]->to : v[i]->from;
        size_t distinct = 0;
        int keeps = 0;
        for (j = i; j < n && v[j]->year == v[i]->year && strcmp(to ? v[j]->to : v[j]->from, key) == 0; j++) {
            int repeat = j > i && strcmp(to ? v[j]->from : v[j]->to, to ? v[j - 1]->from : v[j - 1]->to) == 0;
            distinct += !repeat;
            if (!to) {
                v[j]->repeat = repeat;
                keeps |= strcmp(v[j]->to, v[j]->from) == 0 && strcmp(v[j]->to_name, v[j]->from_name) == 0;
            }
        }
        for (size_t k = i; k < j; k++) {
            if (to) v[k]->pred = distinct;
            else {
                v[k]->succ = distinct;
                v[k]->keeps = keeps;
            }
        }
    }
}

/* Where the versions of `code` begin among the first `sorted` units, which are in code order. */
static size_t versions_from(const lk_geo *g, size_t sorted, const char *code)
{
    size_t lo = 0, hi = sorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->units[mid].code, code) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The next version of `code` from *i on: adjacent among the sorted units, from versions_from()
 * on; scanned among those added since. */
static lk_geo_unit *next_version(lk_geo *g, size_t sorted, const char *code, size_t *i)
{
    if (*i < sorted) {
        if (strcmp(g->units[*i].code, code) == 0) return &g->units[(*i)++];
        *i = sorted;
    }
    for (; *i < g->n_units; ++*i)
        if (strcmp(g->units[*i].code, code) == 0) return &g->units[(*i)++];
    return NULL;
}

/* Add the rows of one file: kinds from how codes fan out and in, and new code versions. */
static int apply_rows(lk_geo *g, klass_row *rows, size_t n)
{
    klass_row **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return LK_ENOMEM;
    for (size_t i = 0; i < n; i++) v[i] = &rows[i];
    count_groups(v, n, 1);
    count_groups(v, n, 0);
    size_t sorted_changes = g->n_changes, sorted_units = g->units_sorted ? g->n_units : 0; /* changes: always */
    for (size_t i = 0; i < n; i++) {
        klass_row *r = &rows[i];
        lk_level level = strlen(r->from) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
        lk_geo_change key = { r->year, r->from, r->from_name, r->to, r->to_name, LK_CHANGE_MOVE, level };
        if (r->repeat || bsearch(&key, g->changes, sorted_changes, sizeof *g->changes, lk_geo_cmp_change)) {
            r->year = 0; /* already in the table */
            continue;
        }
        lk_change_kind kind = r->succ > 1 ? LK_CHANGE_SPLIT
                            : r->pred > 1 ? LK_CHANGE_MERGE
                            : strcmp(r->from, r->to) != 0 ? LK_CHANGE_MOVE : LK_CHANGE_RENAME;
        if (lk_geo_add_change(g, r->year, r->from, r->from_name, r->to, r->to_name, kind, level) != LK_OK) {
            free(v);
            return LK_ENOMEM;
        }
    }
    /* Close the old versions and open the new ones, a year at a time and within a year all
     * closings first: a code may end and begin again in one year (3301 → 3399 and 3312 → 3301),
     * whatever the order of the rows. */
    for (size_t i = 0; i < n; i++) v[i] = &rows[i];
    qsort(v, n, sizeof *v, cmp_by_year);
    int rc = LK_OK;
    for (size_t i = 0, j; i < n && rc == LK_OK; i = j) {
        for (j = i; j < n && v[j]->year == v[i]->year; j++) {
            klass_row *r = v[j];
            if (!r->year || r->keeps) continue;
            size_t at = versions_from(g, sorted_units, r->from);
            for (lk_geo_unit *u; (u = next_version(g, sorted_units, r->from, &at)) != NULL;)
                if (u->first_year < r->year && u->last_year >= r->year) u->last_year = r->year - 1;
        }
        for (size_t k = i; k < j && rc == LK_OK; k++) {
            klass_row *r = v[k];
            if (!r->year) continue;
            int exists = 0;
            size_t at = versions_from(g, sorted_units, r->to);
            for (lk_geo_unit *u; !exists && (u = next_version(g, sorted_units, r->to, &at)) != NULL;)
                exists = u->first_year <= r->year && r->year <= u->last_year;
            lk_level level = strlen(r->to) == 2 ? LK_LEVEL_FYLKE : LK_LEVEL_KOMMUNE;
            if (!exists && lk_geo_add_unit(g, r->to, r->to_name, level, r->year, 9999) != LK_OK) rc = LK_ENOMEM;
        }
    }
    free(v);
    lk_geo_sort(g);
    return rc;
}

/* Apply the rows and check the result, or leave the geography as it was. */
static int apply_checked(lk_geo *g, const char *path, klass_row *rows, size_t n)
{
    size_t nu = g->n_units, nc = g->n_changes;
    int latest = g->latest_year, sorted = g->units_sorted;
    lk_geo_unit *units = malloc((nu ? nu : 1) * sizeof *units);
    lk_geo_change *changes = malloc((nc ? nc : 1) * sizeof *changes);
    int rc = units && changes ? LK_OK : LK_ENOMEM;
    if (rc == LK_OK) {
        memcpy(units, g->units, nu * sizeof *units);
        memcpy(changes, g->changes, nc * sizeof *changes);
        rc = apply_rows(g, rows, n);
    }
    size_t at = 0;
    int year = 0;
    if (rc == LK_OK) rc = lk_geo_check_divisions(g, changes, nc, &at, &year);
    if (rc == LK_ELIMIT) { /* the line of the change where the division grows too large, if it is in this file */
        const lk_geo_change *c = &g->changes[at];
        unsigned long line = 0;
        for (size_t i = 0; i < n && !line; i++)
            if (rows[i].year == c->year && strcmp(rows[i].from, c->from_code) == 0) line = rows[i].line;
        char where[32] = "";
        if (line) snprintf(where, sizeof where, ":%lu", line);
        lk_geo_fail(g, LK_ELIMIT, "%s%s: kommune %s of %d would lie in more than %d kommuner of %d (expected a unit divided "
                    "between at most %d kommuner)", path, where, c->from_code, c->year - 1, LK_GEO_MAX_TARGETS, year,
                    LK_GEO_MAX_TARGETS);
    }
    if (rc != LK_OK && units && changes) {
        memcpy(g->units, units, nu * sizeof *units);
        memcpy(g->changes, changes, nc * sizeof *changes);
        g->n_units = nu;
        g->n_changes = nc;
        g->latest_year = latest;
        g->units_sorted = sorted;
        g->cache_valid = 0;
        g->succ_valid = 0;
        lk_geo_steps_reset(g);
    }
    if (rc == LK_OK) g->n_loaded += n;
    free(units);
    free(changes);
    return rc;
}

int lk_geo_load_changes(lk_geo *g, const char *path)
{
    if (!g || !path) return LK_EINVAL;
    g->errmsg[0] = '\0';
    lk_side_csv csv;
    int rc = lk_side_csv_open(&csv, path, "a CSV change list from KLASS"), more = 0;
    if (rc != LK_OK) return lk_geo_fail(g, rc, "%s", csv.errmsg);
    klass_row *rows = NULL;
    size_t n = 0, cap = 0;
    int cols[5] = { -1, -1, -1, -1, -1 };
    static const char *const names[5] = { "oldCode", "oldName", "newCode", "newName", "changeOccurred" };
    while (rc == LK_OK && (rc = lk_side_csv_next(&csv, &more)) == LK_OK && more) {
        unsigned long line = csv.line;
        if (cols[0] < 0) {
            for (int k = 0; k < 5 && rc == LK_OK; k++)
                if ((cols[k] = lk_side_csv_column(&csv, names[k])) < 0)
                    rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: no column '%s' (expected a KLASS change list with oldCode, "
                                     "oldName, newCode, newName and changeOccurred)", path, line, names[k]);
            continue;
        }
        for (int k = 0; k < 5 && rc == LK_OK; k++)
            if ((size_t)cols[k] >= lk_side_csv_count(&csv))
                rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: %zu fields (expected at least %d as in the header)", path, line,
                                 lk_side_csv_count(&csv), cols[k] + 1);
        if (rc != LK_OK) break;
        if (g->n_loaded + n == LK_GEO_MAX_LOADED) {
            rc = lk_geo_fail(g, LK_ELIMIT, "%s:%lu: more than %d change rows (expected a KLASS change list of at most %d rows "
                             "in all)", path, line, LK_GEO_MAX_LOADED, LK_GEO_MAX_LOADED);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            klass_row *nr = realloc(rows, cap * sizeof *nr);
            if (!nr) { rc = LK_ENOMEM; break; }
            rows = nr;
        }
        klass_row *r = &rows[n];
        r->line = line;
        r->from = lk_side_csv_cell(&csv, (size_t)cols[0], &g->arena);
        r->from_name = lk_side_csv_cell(&csv, (size_t)cols[1], &g->arena);
        r->to = lk_side_csv_cell(&csv, (size_t)cols[2], &g->arena);
        r->to_name = lk_side_csv_cell(&csv, (size_t)cols[3], &g->arena);
        char *date = lk_side_csv_cell(&csv, (size_t)cols[4], &g->arena);
        if (!r->from || !r->from_name || !r->to || !r->to_name || !date) { rc = LK_ENOMEM; break; }
        if (!valid_code(r->from) || !valid_code(r->to) || strlen(r->from) != strlen(r->to)) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: codes '%s' → '%s' (expected two kommune codes of 4 digits, two "
                             "fylke codes of 2 or two grunnkrets codes of 8)", path, line, r->from, r->to);
            break;
        }
        int y, m, d;
        const char *wrong = parse_date(date, &y, &m, &d);
        if (wrong) {
            rc = lk_geo_fail(g, LK_EDATA, "%s:%lu: change date '%s' %s", path, line, date, wrong);
            break;
        }
        /* Statistics use the borders of 1 January: a change during a year counts from the next. */
        r->year = (m == 1 && d == 1) ? y : y + 1;
        if (strlen(r->from) == 8) { /* a grunnkrets: its own table (subunits.c), not a kommune row */
            if ((rc = lk_geo_add_gk_change(g, r->from, r->to, r->year)) != LK_OK) break;
            continue;
        }
        n++;
    }
    if (rc != LK_OK && csv.errmsg[0]) lk_geo_fail(g, rc, "%s", csv.errmsg);
    if (rc == LK_OK && cols[0] < 0)
        rc = lk_geo_fail(g, LK_EDATA, "%s:1: empty file (expected a KLASS change list with a header row)", path);
    if (rc == LK_OK) rc = apply_checked(g, path, rows, n);
    if (rc == LK_ENOMEM && !g->errmsg[0]) lk_geo_fail(g, LK_ENOMEM, "%s: out of memory", path);
    free(rows);
    lk_side_csv_close(&csv);
    return rc;
}
