/* Line classes (lines.h): footnote and symbol texts, and a header row met again. */
#include <stdint.h>
#include <string.h>
#include "reader_internal.h"
#include "lines.h"

int lk_is_symbol_like(const char *s, size_t len)
{
    lk_trim(&s, &len);
    if (len == 0 || len > 6) return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr(".:-*?!_/", s[i])) return 0;
    return 1;
}

int lk_is_trailer_text(const char *s, size_t len)
{
    static const char *const keys[] = {
        "Kilde", "Sist endret", "Kontakt", "Referansetid", "Intern referansekode", "Fotnote",
        "Merknad", "Source", "Last updated", "Last changed", "Contact", "Footnote", "Note:",
        "Statistisk sentralbyr", "Statistics Norway", "Folkehelseinstituttet", NULL
    };
    lk_trim(&s, &len);
    if (len == 0) return 0;
    if (s[0] == '<' || s[len - 1] == ':') return 1;
    for (size_t k = 0; keys[k]; k++) {
        size_t kl = strlen(keys[k]);
        if (len >= kl && memcmp(s, keys[k], kl) == 0) return 1;
    }
    return 0;
}

static int same_cell(const lk_field *header, const lk_field *c)
{
    const char *p = c->p;
    size_t n = c->len;
    lk_trim(&p, &n);
    return n == header->len && memcmp(p, header->p, n) == 0;
}

static int is_label_role(lk_column_role role)
{
    return role == LK_COL_REGION || role == LK_COL_PERIOD || role == LK_COL_MEASURE || role == LK_COL_DIM;
}

/* The header line the row repeats, or 0 (lk_reader_check_header_again). */
static unsigned long header_again(const lk_layout *lay, const lk_field *f, size_t n, int by_labels)
{
    for (size_t i = 0; i < lay->n_header_rows; i++) {
        const lk_header_row *h = &lay->header_rows[i];
        size_t j = 0;
        if (h->n != n) continue;
        while (j < n && same_cell(&h->f[j], &f[j])) j++;
        if (j == n) return h->line;
    }
    if (!by_labels || !lay->n_header_rows || n != lay->ncols) return 0;
    int named = 0;
    for (size_t j = 0; j < n; j++) {
        if (!is_label_role(lay->cols[j].role)) continue;
        const lk_field *name = NULL; /* the column's name: its cell in the last header row that has one */
        for (size_t i = lay->n_header_rows; i-- > 0 && !name;)
            if (j < lay->header_rows[i].n && lay->header_rows[i].f[j].len) name = &lay->header_rows[i].f[j];
        static const lk_field unnamed = { (char *)(uintptr_t)"", 0, 0 };
        if (!same_cell(name ? name : &unnamed, &f[j])) return 0;
        if (name) named = 1;
    }
    return named ? lay->header_rows[lay->n_header_rows - 1].line : 0;
}

int lk_reader_check_header_again(lk_reader *r, const lk_layout *lay, const lk_field *f, size_t n,
                                 unsigned long line, int by_labels)
{
    unsigned long h = header_again(lay, f, n, by_labels);
    if (!h) return LK_OK;
    return lk_reader_fail(r, LK_EDATA, line,
                          "the header row again, as on line %lu (expected one table per file: two exports "
                          "joined into one file are read as two files)", h);
}

