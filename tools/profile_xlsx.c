/* levekar profile -o FILE.xlsx: the profile's tables as a workbook (libxlsxwriter, Debian
 * libxlsxwriter-dev). One sheet per table: the cover, the barometer, the key findings, and one
 * sheet per indicator with the report's rows exactly as `levekar report --format csv` gives
 * them (the same columns; numbers as numbers, never text). Number formats are Excel's own
 * codes ("#,##0.0"), which Norwegian Excel shows as "1 234,5"; header rows are frozen; the
 * definition and source stand under each table. libxlsxwriter writes the file itself, so it
 * writes into a private directory beside the target and the file is renamed into place only
 * when the workbook closed without an error. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "profile_xlsx.h"
#include "xlsx_load.h"

/* libxlsxwriter's functions, loaded by lk_profile_xlsx before anything else here runs */
static const lk_xlsx_api *X;

/* A text as the workbook's XML may hold it: valid UTF-8 (an ill-formed byte becomes U+FFFD)
 * and no control character but tab and newline. The result is malloc'd (NULL: no memory). */
static char *clean(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(3 * n + 1), *o = d;
    if (!d) return NULL;
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t len = u[0] < 0x80 ? 1 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
                   : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
        uint32_t cp = len == 1 ? u[0] : len ? (uint32_t)(u[0] & (0xFF >> (len + 1))) : 0;
        for (size_t i = 1; i < len; i++) {
            if ((u[i] & 0xC0) != 0x80) { len = 0; break; }
            cp = cp << 6 | (u[i] & 0x3F);
        }
        if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) len = 0;
        if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) len = 0;
        if (!len || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
            memcpy(o, "\xEF\xBF\xBD", 3), o += 3;
            u += len ? len : 1;
            continue;
        }
        memcpy(o, u, len), o += len, u += len;
    }
    *o = '\0';
    return d;
}

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *wrap, *num0, *num1, *num3;
    int nb;
    int err;      /* the first libxlsxwriter error, or LXW_NO_ERROR */
    int nomem;
} book;

static void text(book *b, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    char *c = clean(s ? s : "");
    if (!c) { b->nomem = 1; return; }
    lxw_error e = X->worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, c, f);
    if (e && !b->err) b->err = (int)e;
    free(c);
}

static void number(book *b, lxw_worksheet *ws, int row, int col, int has, double v, lxw_format *f)
{
    if (!has) return; /* an empty cell: a missing value is never a zero */
    lxw_error e = X->worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
    if (e && !b->err) b->err = (int)e;
}

static const char *name_of(const book *b, const lk_indicator *ind)
{
    return !b->nb && ind->name_en && *ind->name_en ? ind->name_en : ind->name_nb;
}

/* A sheet name: at most 31 characters, none of []:*?/\ and unique (the number in front). */
static void sheet_name(char buf[32], size_t i, const char *id)
{
    char n[24];
    snprintf(n, sizeof n, "%02zu ", i + 1);
    size_t k = strlen(n), room = 31 - k, len = strlen(id) < room ? strlen(id) : room;
    memcpy(buf, n, k);
    memcpy(buf + k, id, len);
    buf[k + len] = '\0';
    for (char *p = buf; *p; p++)
        if (strchr("[]:*?/\\'", *p) || (unsigned char)*p >= 0x80) *p = '_';
}

static void cover(book *b, const lk_profile *p)
{
    const lk_profile_cover *c = lk_profile_cover_of(p);
    lxw_worksheet *ws = X->workbook_add_worksheet(b->wb, b->nb ? "Profil" : "Profile");
    X->worksheet_set_column(ws, 0, 0, 28, NULL);
    X->worksheet_set_column(ws, 1, 1, 90, NULL);
    int r = 0;
    text(b, ws, r, 0, b->nb ? "Levekårsprofil" : "Living-conditions profile", b->head);
    text(b, ws, r++, 1, c->area_name, b->head);
    text(b, ws, r, 0, b->nb ? "Område" : "Area", NULL), text(b, ws, r++, 1, c->area, NULL);
    text(b, ws, r, 0, "Fylke", NULL), text(b, ws, r++, 1, c->fylke_name, NULL);
    char g[32];
    snprintf(g, sizeof g, "%d", c->geography);
    text(b, ws, r, 0, b->nb ? "Inndeling" : "Borders", NULL);
    text(b, ws, r++, 1, c->geography < 0 ? (b->nb ? "som publisert" : "as published") : c->geography == 0 ? (b->nb ? "den siste i dataene" : "the latest in the data") : g, NULL);
    text(b, ws, r, 0, b->nb ? "Laget" : "Made", NULL), text(b, ws, r++, 1, c->date, NULL);
    text(b, ws, r, 0, "levekar", NULL), text(b, ws, r++, 1, c->version, NULL);
    for (size_t s = 0; s < c->n_sources; s++) text(b, ws, r, 0, b->nb ? "Kilde" : "Source", NULL), text(b, ws, r++, 1, c->sources[s], b->wrap);
    for (size_t f = 0; f < c->n_files; f++) {
        text(b, ws, r, 0, c->files[f], NULL);
        text(b, ws, r++, 1, c->sha256[f], NULL);
    }
}

static void barometer(book *b, const lk_profile *p)
{
    lxw_worksheet *ws = X->workbook_add_worksheet(b->wb, "Barometer");
    const char *nb_head[] = { "Indikator", "Periode", "Område", "Fylke", "Landet", "Enhet", "Teller", "Nevner",
                              "KI nedre", "KI øvre", "Indeks (landet = 100)", "Vurdering" };
    const char *en_head[] = { "Indicator", "Period", "Area", "County", "Norway", "Unit", "Numerator", "Denominator",
                              "CI low", "CI high", "Index (Norway = 100)", "Verdict" };
    for (int k = 0; k < 12; k++) text(b, ws, 0, k, b->nb ? nb_head[k] : en_head[k], b->head);
    X->worksheet_freeze_panes(ws, 1, 0);
    X->worksheet_set_column(ws, 0, 0, 48, NULL);
    X->worksheet_set_column(ws, 1, 10, 12, NULL);
    X->worksheet_set_column(ws, 11, 11, 16, NULL);
    int r = 1;
    for (size_t i = 0; i < lk_profile_count(p); i++, r++) {
        const lk_profile_item *it = lk_profile_item_at(p, i);
        text(b, ws, r, 0, name_of(b, it->ind), NULL);
        text(b, ws, r, 11, lk_profile_item_verdict_name(it, b->nb ? "nb" : "en"), NULL);
        if (!it->report || !it->area) continue;
        lxw_format *f = it->ind->scale == LK_SCALE_KRONER ? b->num0 : b->num1;
        text(b, ws, r, 1, it->area->period, NULL);
        const lk_report_row *rows[3] = { it->area, it->fylke, it->land };
        for (int k = 0; k < 3; k++)
            if (rows[k] && rows[k]->has_value) number(b, ws, r, 2 + k, 1, rows[k]->value, f);
            else if (rows[k]) text(b, ws, r, 2 + k, *rows[k]->status ? rows[k]->status : "", NULL);
        text(b, ws, r, 5, it->ind->scale == LK_SCALE_PERCENT ? (b->nb ? "prosent" : "per cent")
                        : it->ind->scale == LK_SCALE_PER1000 ? "per 1000" : "kroner", NULL);
        number(b, ws, r, 6, it->area->has_counts, it->area->numerator, b->num0);
        number(b, ws, r, 7, it->area->has_counts, it->area->denominator, b->num0);
        number(b, ws, r, 8, it->area->has_ci, it->area->ci_low, f);
        number(b, ws, r, 9, it->area->has_ci, it->area->ci_high, f);
        number(b, ws, r, 10, it->area->has_index, it->area->index_land, b->num0);
    }
    char note[256];
    snprintf(note, sizeof note, b->nb ? "Vurdering: testet mot resten av landet (α = %g) og indikatorens retning; høyere eller lavere bare når indeksen avviker med minst %g."
                                      : "Verdict: tested against the rest of the country (α = %g) and the indicator's direction; higher or lower only when the index differs by at least %g.",
             lk_profile_cover_of(p)->alpha, lk_profile_cover_of(p)->relevance);
    text(b, ws, r + 1, 0, note, NULL);
}

static int findings(book *b, const lk_profile *p)
{
    lxw_worksheet *ws = X->workbook_add_worksheet(b->wb, b->nb ? "Hovedfunn" : "Key findings");
    text(b, ws, 0, 0, b->nb ? "Hovedfunn" : "Key findings", b->head);
    X->worksheet_set_column(ws, 0, 0, 140, NULL);
    for (size_t i = 0; i < lk_profile_finding_count(p); i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m) return LK_ENOMEM;
        int rc = lk_profile_write_finding(p, i, m), bad = ferror(m);
        if (fclose(m) != 0 || !buf || rc != LK_OK || bad) {
            free(buf);
            return LK_ENOMEM;
        }
        text(b, ws, (int)i + 1, 0, buf, NULL);
        free(buf);
    }
    return LK_OK;
}

/* The report's rows as `report --format csv` has them, the definition and source below. */
static void indicator(book *b, const lk_profile *p, size_t i)
{
    const lk_profile_item *it = lk_profile_item_at(p, i);
    char name[32];
    sheet_name(name, i, it->ind->id);
    lxw_worksheet *ws = X->workbook_add_worksheet(b->wb, name);
    static const char *const head[] = { "indicator", "period", "region", "region_name", "level", "numerator", "denominator",
                                        "value", "ci_low", "ci_high", "index_land", "vs_land", "status" };
    for (int k = 0; k < 13; k++) text(b, ws, 0, k, head[k], b->head);
    X->worksheet_freeze_panes(ws, 1, 0);
    X->worksheet_set_column(ws, 0, 0, 22, NULL);
    X->worksheet_set_column(ws, 3, 3, 20, NULL);
    X->worksheet_set_column(ws, 5, 12, 12, NULL);
    lxw_format *f = it->ind->scale == LK_SCALE_KRONER ? b->num0 : b->num1;
    int r = 1;
    if (!it->report) {
        text(b, ws, r, 0, it->ind->id, NULL);
        text(b, ws, r, 12, b->nb ? "ingen data" : "no data", NULL);
        r += 2;
        text(b, ws, r++, 0, it->needs, NULL);
    } else {
        for (size_t k = 0; k < lk_report_count(it->report); k++, r++) {
            const lk_report_row *w = lk_report_get(it->report, k);
            text(b, ws, r, 0, it->ind->id, NULL);
            text(b, ws, r, 1, w->period, NULL);
            text(b, ws, r, 2, w->region, NULL);
            text(b, ws, r, 3, w->region_name, NULL);
            text(b, ws, r, 4, lk_level_name(w->level), NULL);
            number(b, ws, r, 5, w->has_counts, w->numerator, b->num0);
            number(b, ws, r, 6, w->has_counts, w->denominator, b->num0);
            number(b, ws, r, 7, w->has_value, w->value, f);
            number(b, ws, r, 8, w->has_ci, w->ci_low, f);
            number(b, ws, r, 9, w->has_ci, w->ci_high, f);
            number(b, ws, r, 10, w->has_index, w->index_land, b->num0);
            if (*w->vs_land) text(b, ws, r, 11, w->vs_land, NULL);
            if (*w->status) text(b, ws, r, 12, w->status, NULL);
        }
        r++;
    }
    text(b, ws, r, 0, b->nb ? "Definisjon" : "Definition", b->head);
    text(b, ws, r++, 1, !b->nb && *it->ind->definition_en ? it->ind->definition_en : it->ind->definition_nb, NULL);
    text(b, ws, r, 0, b->nb ? "Kilde" : "Source", b->head);
    text(b, ws, r, 1, it->ind->source, NULL);
}

/* With --zones: every zone's row of each indicator's districts table (a hidden zone with its
 * status and empty cells, never a number), and the inequality measures, one sheet each. */
static void districts(book *b, const lk_profile *p)
{
    if (!lk_profile_composite_of(p)) return;
    lxw_worksheet *ws = X->workbook_add_worksheet(b->wb, b->nb ? "Delområder" : "Districts");
    static const char *const head[] = { "indicator", "period", "zone", "zone_name", "numerator", "denominator", "value",
                                        "ci_low", "ci_high", "index_kommune", "vs_kommune", "p_kommune", "status" };
    for (int k = 0; k < 13; k++) text(b, ws, 0, k, head[k], b->head);
    X->worksheet_freeze_panes(ws, 1, 0);
    X->worksheet_set_column(ws, 0, 0, 22, NULL);
    X->worksheet_set_column(ws, 3, 3, 24, NULL);
    lxw_worksheet *iq = X->workbook_add_worksheet(b->wb, b->nb ? "Ulikhet" : "Inequality");
    static const char *const ihead[] = { "indicator", "period", "measure", "value", "low", "high", "note" };
    for (int k = 0; k < 7; k++) text(b, iq, 0, k, ihead[k], b->head);
    X->worksheet_freeze_panes(iq, 1, 0);
    X->worksheet_set_column(iq, 0, 0, 22, NULL);
    X->worksheet_set_column(iq, 2, 2, 18, NULL);
    int r = 1, q = 1;
    for (size_t i = 0; i < lk_profile_count(p); i++) {
        const lk_profile_item *it = lk_profile_item_at(p, i);
        const lk_profile_districts *t = &it->districts;
        if (!it->report || !t->why || *t->why) continue;
        lxw_format *f = it->ind->scale == LK_SCALE_KRONER ? b->num0 : b->num1;
        for (size_t z = 0; z < t->n; z++, r++) {
            const lk_report_row *w = t->rows[z];
            int has = w && w->has_value;
            text(b, ws, r, 0, it->ind->id, NULL);
            text(b, ws, r, 1, t->period, NULL);
            text(b, ws, r, 2, t->zones[z]->code, NULL);
            text(b, ws, r, 3, t->zones[z]->name, NULL);
            if (has) {
                number(b, ws, r, 4, w->has_counts, w->numerator, b->num0);
                number(b, ws, r, 5, w->has_counts, w->denominator, b->num0);
                number(b, ws, r, 6, 1, w->value, f);
                number(b, ws, r, 7, w->has_ci, w->ci_low, f);
                number(b, ws, r, 8, w->has_ci, w->ci_high, f);
                number(b, ws, r, 9, w->has_index_kommune, w->index_kommune, b->num0);
                if (*w->vs_kommune) text(b, ws, r, 10, w->vs_kommune, NULL);
                number(b, ws, r, 11, w->p_kommune == w->p_kommune, w->p_kommune, b->num3);
            }
            text(b, ws, r, 12, w ? w->status : "~not-in-data", NULL);
        }
        if (!t->ineq) {
            text(b, iq, q, 0, it->ind->id, NULL);
            text(b, iq, q, 1, t->period, NULL);
            text(b, iq, q++, 6, t->ineq_why, NULL);
            continue;
        }
        const lk_ineq_result *x = t->ineq;
        /* the difference and SII in the indicator's unit, as the document shows them */
        double sc = it->ind->scale == LK_SCALE_PERCENT ? 100 : it->ind->scale == LK_SCALE_PER1000 ? 1000 : 1;
        for (size_t z = 0; z < t->n; z++) { /* the factor of a shown row (kroner from 1000 kr ...) */
            const lk_report_row *w = t->rows[z];
            if (w && w->has_value && w->has_counts && !*w->std_method && w->numerator > 0 && w->denominator > 0) {
                sc = w->value / (w->numerator / w->denominator);
                break;
            }
        }
        const struct { const char *name; const lk_ineq_measure *m; double f; } ms[] = {
            { "ratio", &x->ratio, 1 }, { "difference", &x->difference, sc }, { "fifth_ratio", &x->fifth_ratio, 1 },
            { "fifth_difference", &x->fifth_difference, sc }, { "theil_t", &x->theil_t, 1 }, { "mld", &x->mld, 1 },
            { "gini", &x->gini, 1 }, { "sii", &x->sii, sc }, { "rii", &x->rii, 1 } };
        for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++, q++) {
            text(b, iq, q, 0, it->ind->id, NULL);
            text(b, iq, q, 1, t->period, NULL);
            text(b, iq, q, 2, ms[k].name, NULL);
            number(b, iq, q, 3, ms[k].m->defined, ms[k].m->value * ms[k].f, b->num3);
            number(b, iq, q, 4, ms[k].m->defined && ms[k].m->has_ci, ms[k].m->lo * ms[k].f, b->num3);
            number(b, iq, q, 5, ms[k].m->defined && ms[k].m->has_ci, ms[k].m->hi * ms[k].f, b->num3);
            if (*ms[k].m->why) text(b, iq, q, 6, ms[k].m->why, NULL);
        }
        if (*x->note) text(b, iq, q++, 6, x->note, NULL);
    }
}

int lk_profile_xlsx(const lk_profile *p, const char *path, int nb)
{
    char why[LK_XLSX_WHY_MAX];
    if (!(X = lk_xlsx(why))) {
        fprintf(stderr, "levekar profile: -o %s: %s\n", path, why);
        return LK_EXIT_HELPER;
    }
    lk_output_dir d;
    int ec = lk_output_dir_open(&d, path, "profile.xlsx");
    if (ec != LK_EXIT_OK) return ec;
    book b = { NULL, NULL, NULL, NULL, NULL, NULL, nb, 0, 0 };
    lxw_workbook_options wo = { .constant_memory = LXW_FALSE, .tmpdir = d.dir };
    if (!(b.wb = X->workbook_new_opt(d.file, &wo))) {
        lk_output_dir_abort(&d);
        return lk_cli_nomem(NULL);
    }
    b.head = X->workbook_add_format(b.wb);
    X->format_set_bold(b.head);
    b.wrap = X->workbook_add_format(b.wb);
    X->format_set_text_wrap(b.wrap);
    b.num0 = X->workbook_add_format(b.wb);
    X->format_set_num_format(b.num0, "#,##0");
    b.num1 = X->workbook_add_format(b.wb);
    X->format_set_num_format(b.num1, "#,##0.0");
    b.num3 = X->workbook_add_format(b.wb);
    X->format_set_num_format(b.num3, "0.0000");
    cover(&b, p);
    barometer(&b, p);
    int rc = findings(&b, p);
    for (size_t i = 0; i < lk_profile_count(p); i++) indicator(&b, p, i);
    districts(&b, p);
    lxw_error e = X->workbook_close(b.wb); /* writes the file and frees the workbook */
    if (rc != LK_OK || b.nomem) {
        lk_output_dir_abort(&d);
        return lk_cli_nomem(NULL);
    }
    if (e || b.err) {
        fprintf(stderr, "levekar profile: %s: %s\n", path, X->lxw_strerror(e ? e : (lxw_error)b.err));
        lk_output_dir_abort(&d);
        return LK_EXIT_IO;
    }
    return lk_output_dir_commit(&d, "libxlsxwriter");
}
