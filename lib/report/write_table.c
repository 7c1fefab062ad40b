/* Reports as an aligned text table or a Markdown table (one renderer: the cells are the same),
 * decimal commas in bokmål, with the notes below. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

#define NCOL 9

/* A table row's cells, each allocated to its full length (a name is never cut). */
typedef struct cells { char *c[NCOL]; } cells;

static void cells_free(cells *t)
{
    for (int k = 0; k < NCOL; k++) free(t->c[k]);
}

/* Cell text: as it is in text tables, escaped in Markdown. */
static int set_cell(char **cell, const char *a, const char *b, int md)
{
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *raw = malloc(la + lb + 2);
    if (!raw) return LK_ENOMEM;
    memcpy(raw, a, la);
    raw[la] = '\0';
    if (b) {
        raw[la] = ' ';
        memcpy(raw + la + 1, b, lb + 1);
    }
    if (!md) {
        *cell = raw;
        return LK_OK;
    }
    size_t n = lk_md_escape(NULL, 0, raw, 0);
    *cell = malloc(n + 1);
    if (*cell) lk_md_escape(*cell, n + 1, raw, 0);
    free(raw);
    return *cell ? LK_OK : LK_ENOMEM;
}

static int row_cells(const lk_report *r, const lk_report_row *w, cells *t, int md)
{
    int d = rw_decimals(r);
    char c[NCOL][96];
    memset(c, 0, sizeof c);
    if (w->has_counts) {
        rw_human(r, c[2], sizeof c[2], w->numerator, 0);
        rw_human(r, c[3], sizeof c[3], w->denominator, 0);
    }
    if (w->has_value) rw_human(r, c[4], sizeof c[4], w->value, r->ind->scale == LK_SCALE_KRONER ? 0 : 2);
    if (w->has_ci) {
        char lo[32], hi[32];
        rw_human(r, lo, sizeof lo, w->ci_low, d + 1);
        rw_human(r, hi, sizeof hi, w->ci_high, d + 1);
        snprintf(c[5], sizeof c[5], "%s - %s", lo, hi);
    }
    if (w->has_index) rw_human(r, c[6], sizeof c[6], w->index_land, 0);
    int rc = set_cell(&t->c[0], w->period, NULL, md);
    if (rc == LK_OK) rc = set_cell(&t->c[1], w->region, w->region_name, md);
    for (int k = 2; k <= 6 && rc == LK_OK; k++) rc = set_cell(&t->c[k], c[k], NULL, md);
    if (rc == LK_OK) rc = set_cell(&t->c[7], rw_vs_word(r, w->vs_land), NULL, md);
    if (rc == LK_OK && w->built && *w->status) rc = set_cell(&t->c[8], w->status, "(built)", md);
    else if (rc == LK_OK && w->built) rc = set_cell(&t->c[8], "(built from kommuner)", NULL, md);
    else if (rc == LK_OK) rc = set_cell(&t->c[8], w->status, NULL, md);
    return rc;
}

/* Display width: UTF-8 lead bytes only. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

int rw_write_table(const lk_report *r, FILE *out, int md)
{
    const char *head_nb[] = { "Periode", "Område", "Teller", "Nevner", "Verdi", "Konfidensintervall", "Indeks", "Mot landet", "Merknad" };
    const char *head_en[] = { "Period", "Area", "Numerator", "Denominator", "Value", "Confidence interval", "Index", "vs Norway", "Note" };
    const char **head = rw_nb(r) ? head_nb : head_en;
    const int ncol = NCOL;
    size_t width[NCOL];
    for (int k = 0; k < ncol; k++) width[k] = strlen(head[k]);
    cells *all = calloc(r->n ? r->n : 1, sizeof *all);
    if (!all) return LK_ENOMEM;
    int rc = LK_OK;
    for (size_t i = 0; i < r->n && rc == LK_OK; i++) {
        rc = row_cells(r, &r->rows[i], &all[i], md);
        for (int k = 0; k < ncol && rc == LK_OK; k++) {
            size_t wdt = text_width(all[i].c[k]);
            if (wdt > width[k]) width[k] = wdt;
        }
    }
    if (rc != LK_OK) {
        for (size_t i = 0; i < r->n; i++) cells_free(&all[i]);
        free(all);
        return rc;
    }
    if (md) {
        fputs("### ", out);
        rw_md_put(out, rw_name(r), 0);
        fprintf(out, " (%s)\n\n", rw_unit(r));
    } else {
        fprintf(out, "%s (%s)\n\n", rw_name(r), rw_unit(r));
    }
    for (size_t i = 0; i <= r->n; i++) {
        for (int k = 0; k < ncol; k++) {
            const char *s = i == 0 ? head[k] : all[i - 1].c[k];
            size_t wdt = text_width(s);
            int right = k >= 2 && k <= 6;
            if (md) fputs("| ", out);
            else if (k) fputs("  ", out);
            if (right) for (size_t s2 = wdt; s2 < width[k]; s2++) putc(' ', out);
            fputs(s, out);
            if (!right && (md || k < ncol - 1)) for (size_t s2 = wdt; s2 < width[k]; s2++) putc(' ', out);
            if (md) putc(' ', out);
        }
        if (md) putc('|', out);
        putc('\n', out);
        if (i == 0 && md) {
            for (int k = 0; k < ncol; k++) {
                fputs("|", out);
                int right = k >= 2 && k <= 6;
                for (size_t s2 = 0; s2 < width[k] + 2; s2++) putc(right && s2 == width[k] + 1 ? ':' : '-', out);
            }
            fputs("|\n", out);
        }
    }
    for (size_t i = 0; i < r->n; i++) cells_free(&all[i]);
    free(all);
    putc('\n', out);
    for (size_t i = 0; i < r->n; i++) { /* published parents that differ from their kommuner */
        const lk_report_row *w = &r->rows[i];
        /* a row without counts (hidden, or a published rate) has nothing to set beside them */
        if (!w->has_kommune_sum || !w->has_counts
            || (w->kommune_numerator == w->numerator && w->kommune_denominator == w->denominator))
            continue;
        char a[40], b[40], c2[40], d[40];
        rw_human(r, a, sizeof a, w->numerator, 0);
        rw_human(r, b, sizeof b, w->denominator, 0);
        rw_human(r, c2, sizeof c2, w->kommune_numerator, 0);
        rw_human(r, d, sizeof d, w->kommune_denominator, 0);
        if (md) {
            fputs("- ", out);
            rw_md_put(out, w->period, 0);
            putc(' ', out);
            rw_md_put(out, w->region, 0);
            putc(' ', out);
            rw_md_put(out, w->region_name, 0);
        } else {
            fprintf(out, "%s %s %s", w->period, w->region, w->region_name);
        }
        fprintf(out, rw_nb(r) ? ": filen oppgir %s / %s, kommunene summerer til %s / %s.\n"
                           : ": the file gives %s / %s, its kommuner sum to %s / %s.\n", a, b, c2, d);
    }
    int compared = 0;
    for (size_t i = 0; i < r->n; i++) { /* each area against its comparison regions */
        const lk_report_row *w = &r->rows[i];
        for (size_t k = 0; k < w->n_compare; k++) {
            const lk_report_cmp *x = &w->compare[k];
            const char *cname = "";
            for (size_t j = 0; j < r->n; j++)
                if (strcmp(r->rows[j].region, x->region) == 0) cname = r->rows[j].region_name;
            char ix[40] = "";
            if (!x->has_index && !*x->vs) continue; /* no value to compare: the region's row says why */
            if (x->has_index) rw_human(r, ix, sizeof ix, x->index, 0);
            if (md) {
                fputs("- ", out);
                rw_md_put(out, w->period, 0);
                putc(' ', out);
                rw_md_put(out, w->region, 0);
                putc(' ', out);
                rw_md_put(out, w->region_name, 0);
                fputs(rw_nb(r) ? " mot " : " against ", out);
                rw_md_put(out, x->region, 0);
                putc(' ', out);
                rw_md_put(out, cname, 0);
            } else {
                fprintf(out, "%s %s%s%s %s %s%s%s", w->period, w->region, *w->region_name ? " " : "", w->region_name,
                        rw_nb(r) ? "mot" : "against", x->region, *cname ? " " : "", cname);
            }
            const char *vs = !*x->vs ? (rw_nb(r) ? "ikke testet" : "not tested")
                           : !rw_nb(r) ? x->vs
                           : strcmp(x->vs, "higher") == 0 ? "høyere" : strcmp(x->vs, "lower") == 0 ? "lavere" : "ingen sikker forskjell";
            if (x->has_index) fprintf(out, ": %s %s, %s.\n", rw_nb(r) ? "indeks" : "index", ix, vs);
            else fprintf(out, ": %s.\n", vs);
            compared = 1;
        }
    }
    if (compared) putc('\n', out); /* the notes are no part of the list */
    rw_notes(r, out, md);
    return ferror(out) ? LK_EIO : LK_OK;
}
