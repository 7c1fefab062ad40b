/* A column's labels (labels.h): parsed once, found fast. */
#include <string.h>
#include "labels.h"
#include "names.h"
#include "unit.h"

/* Decode and parse a label the first time it is seen in its column. */
int lk_label_parse_csv(lk_reader *r, lk_label *l, size_t col, unsigned long line)
{
    lk_colplan *c = &r->lay.cols[col];
    size_t n;
    l->fingerprint = lk_hash64_bytes((uint32_t)col, l->raw, l->raw_len);
    l->text = lk_reader_text(r, l->raw, l->raw_len, line, &n);
    if (!l->text) return lk_reader_failed(r);
    /* A header row in the data brings new labels ("region", "år"): checked here, once per
     * distinct label, instead of comparing every row with the header. */
    if (lk_reader_check_header_again(r, &r->lay, r->fields.v, r->fields.n, line, 1) != LK_OK) return lk_reader_failed(r);
    l->dense = (uint32_t)r->colstate[col].n_distinct++;
    l->code = "";
    l->name = "";
    l->period_text = "";
    l->unit = l->measure_code = "";
    if (c->role == LK_COL_MEASURE) {
        size_t at, ul, cl = lk_code_and_text(l->text);
        if (cl) { /* PxWebApi v2 UseCodesAndTexts: "Personer1 - Personer" is code and measure */
            if (!(l->measure_code = lk_arena_strndup(&r->arena, l->text, cl))) return lk_reader_nomem(r);
            l->text += cl + 3;
        }
        if (lk_unit_find(l->text, 1, &at, &ul) && !(l->unit = lk_arena_strndup(&r->arena, l->text + at, ul)))
            return lk_reader_nomem(r);
        if (c->holds_codes) l->measure_code = l->text;
    } else if (c->role == LK_COL_REGION) {
        lk_region_label lab;
        int rc = c->fhi_geo ? lk_region_from_fhi_geo(&lab, l->text, n)
                            : lk_region_label_parse(&lab, l->text, n);
        if (c->fhi_geo && rc != LK_OK)
            return lk_reader_fail(r, LK_EDATA, line,
                                  "'%s' in column GEO is not an FHI region number (expected 0, 1-2, 3-4, "
                                  "5-6 or 7-8 digits)", l->text);
        l->level = lab.level;
        if (rc == LK_OK) {
            l->code = lk_arena_strndup(&r->arena, lab.code, strlen(lab.code));
            l->name = lk_arena_strndup(&r->arena, l->text + lab.name_offset, lab.name_length);
        } else {
            l->name = l->text; /* a name without a code (old FHI exports) */
        }
        if (!l->code || !l->name) return lk_reader_nomem(r);
    } else if (c->role == LK_COL_PERIOD) {
        const char *dash = strstr(l->text, " - ");
        /* PxWebApi v2 UseCodesAndTexts: "2015 - 2015", "2023K4 - 2023K4": the code before " - " */
        if (lk_period_parse(&l->period, l->text, n) != LK_OK &&
            !(dash && lk_period_parse(&l->period, l->text, (size_t)(dash - l->text)) == LK_OK)) {
            char why[96];
            const char *w = lk_period_problem(l->text, n, why, sizeof why);
            return lk_reader_fail(r, LK_EDATA, line, "'%s' in column '%s' is not a period%s%s (expected " LK_PERIOD_FORMS ")",
                                  l->text, c->header, w ? ": " : "", w ? w : "");
        }
        char buf[LK_PERIOD_TEXT_MAX];
        size_t pl = lk_period_format(buf, sizeof buf, &l->period);
        l->period_text = lk_arena_strndup(&r->arena, buf, pl);
        if (!l->period_text) return lk_reader_nomem(r);
        if (lk_reader_add_period(r, l->period_text) != LK_OK) return LK_ENOMEM;
    } else if (c->role == LK_COL_FLAG) {
        l->flag_symbol = lk_fhi_flag_symbol(l->text, n);
        if (!l->flag_symbol)
            return lk_reader_fail(r, LK_EDATA, line,
                                  "'%s' in column SPVFLAGG is not a known FHI flag (expected 0, 1, 2, 3, 4, "
                                  "9 or -1)", l->text);
    }
    l->parsed = 1;
    return LK_OK;
}

#if !LK_PLAIN_TWINS
lk_label *lk_label_find(lk_reader *r, size_t col, const char *s, size_t len, unsigned long line,
                        lk_label_parse_fn parse)
{
    lk_colstate *c = &r->colstate[col];
    int is_new;
    lk_label *x = lk_intern_get(&r->labels, (uint32_t)col, s, len, &is_new);
    if (!x) {
        lk_reader_nomem(r);
        return NULL;
    }
    if (!x->parsed && parse(r, x, col, line) != LK_OK) return NULL;
    c->hot[lk_label_hot_slot(s, len)] = x;
    if (c->last) c->last->succ = x;
    c->last = x;
    return x;
}
#else
/* The plain twin: the intern table for every cell. */
lk_label *lk_label_find(lk_reader *r, size_t col, const char *s, size_t len, unsigned long line,
                        lk_label_parse_fn parse)
{
    int is_new;
    lk_label *x = lk_intern_get(&r->labels, (uint32_t)col, s, len, &is_new);
    if (!x) {
        lk_reader_nomem(r);
        return NULL;
    }
    if (!x->parsed && parse(r, x, col, line) != LK_OK) return NULL;
    r->colstate[col].last = x;
    return x;
}
#endif
