/* Every number of the profile as JSON (levekar profile -o FILE.json), for a reader who checks the
 * document or builds on it: the cover, each indicator's latest rows, verdict, change and trend,
 * every row of its report, and the key findings. Numbers as CSV has them (the shortest text that
 * reads back as the same double); a missing number is null, never zero. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "levekar/labels.h"
#include "levekar/numbers.h"
#include "profile_internal.h"

/* A JSON string: quotes, backslashes and controls escaped; ill-formed UTF-8 as U+FFFD. */
void lk__profile_jstr(FILE *out, const char *s)
{
    putc('"', out);
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    while (*u) {
        size_t n = u[0] < 0x80 ? 1 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
                 : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
        uint32_t cp = n == 1 ? u[0] : n ? (uint32_t)(u[0] & (0xFF >> (n + 1))) : 0;
        for (size_t i = 1; i < n; i++) {
            if ((u[i] & 0xC0) != 0x80) { n = 0; break; }
            cp = cp << 6 | (u[i] & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) n = 0;
        if (!n) {
            fputs("\xEF\xBF\xBD", out);
            u++;
            continue;
        }
        if (cp == '"' || cp == '\\') fprintf(out, "\\%c", (int)cp);
        else if (cp < 0x20) fprintf(out, "\\u%04x", (unsigned)cp);
        else if (cp == 0x2028 || cp == 0x2029) fprintf(out, "\\u%04x", (unsigned)cp);
        else fwrite(u, 1, n, out);
        u += n;
    }
    putc('"', out);
}

void lk__profile_jnum(FILE *out, int has, double v)
{
    char b[40];
    if (!has || !isfinite(v) || !lk_format_number(b, sizeof b, v)) fputs("null", out);
    else fputs(b, out);
}

static void row(FILE *out, const lk_report_row *w)
{
    if (!w) {
        fputs("null", out);
        return;
    }
    fputs("{\"period\": ", out);
    lk__profile_jstr(out, w->period);
    fputs(", \"region\": ", out);
    lk__profile_jstr(out, w->region);
    fputs(", \"region_name\": ", out);
    lk__profile_jstr(out, w->region_name);
    fprintf(out, ", \"level\": \"%s\", \"numerator\": ", lk_level_name(w->level));
    lk__profile_jnum(out, w->has_counts, w->numerator);
    fputs(", \"denominator\": ", out);
    lk__profile_jnum(out, w->has_counts, w->denominator);
    fputs(", \"value\": ", out);
    lk__profile_jnum(out, w->has_value, w->value);
    fputs(", \"ci_low\": ", out);
    lk__profile_jnum(out, w->has_ci, w->ci_low);
    fputs(", \"ci_high\": ", out);
    lk__profile_jnum(out, w->has_ci, w->ci_high);
    fputs(", \"index_land\": ", out);
    lk__profile_jnum(out, w->has_index, w->index_land);
    fputs(", \"vs_land\": ", out);
    lk__profile_jstr(out, w->vs_land);
    fputs(", \"p_land\": ", out);
    lk__profile_jnum(out, 1, w->p_land);
    fputs(", \"status\": ", out);
    lk__profile_jstr(out, w->status);
    fputs("}", out);
}

static const char *verdict_id(lk_verdict v)
{
    return lk_verdict_name(v, "en");
}

int lk_profile_write_json(const lk_profile *p, FILE *out)
{
    const lk_profile_cover *c = &p->cover;
    fputs("{\n  \"area\": ", out);
    lk__profile_jstr(out, c->area);
    fputs(", \"area_name\": ", out);
    lk__profile_jstr(out, c->area_name);
    fputs(", \"fylke\": ", out);
    lk__profile_jstr(out, c->fylke);
    fputs(", \"fylke_name\": ", out);
    lk__profile_jstr(out, c->fylke_name);
    fprintf(out, ",\n  \"geography\": %d, \"date\": ", c->geography);
    lk__profile_jstr(out, c->date);
    fputs(", \"levekar\": ", out);
    lk__profile_jstr(out, c->version);
    fputs(", \"alpha\": ", out);
    lk__profile_jnum(out, 1, c->alpha);
    fputs(", \"level\": ", out);
    lk__profile_jnum(out, 1, c->level);
    fputs(", \"relevance\": ", out);
    lk__profile_jnum(out, 1, c->relevance);
    fprintf(out, ", \"window\": %d, \"hidden_cells\": %zu,\n  \"files\": [", c->window, c->hidden);
    for (size_t f = 0; f < c->n_files; f++) {
        fputs(f ? ", {\"file\": " : "{\"file\": ", out);
        lk__profile_jstr(out, c->files[f]);
        fputs(", \"sha256\": ", out);
        lk__profile_jstr(out, c->sha256[f]);
        fputs("}", out);
    }
    fputs("],\n  \"indicators\": [", out);
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        fputs(i ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        lk__profile_jstr(out, it->ind->id);
        fputs(", \"name\": ", out);
        lk__profile_jstr(out, lk__profile_name(p, it->ind));
        fprintf(out, ", \"topic\": \"%c\", \"higher_is_worse\": %s, \"neutral\": %s, \"verdict\": \"%s\", \"significant\": %s, "
                "\"relevant\": %s", it->topic, it->ind->higher_is_worse ? "true" : "false", it->neutral ? "true" : "false",
                verdict_id(it->verdict), it->significant ? "true" : "false", it->relevant ? "true" : "false");
        if (!it->report) {
            fputs(", \"no_data\": ", out);
            lk__profile_jstr(out, it->no_data);
            fputs(", \"needs\": ", out);
            lk__profile_jstr(out, it->needs);
            fputs("}", out);
            continue;
        }
        fputs(",\n     \"area\": ", out);
        row(out, it->area);
        fputs(",\n     \"kommune\": ", out);
        row(out, it->kommune);
        fputs(",\n     \"fylke\": ", out);
        row(out, it->fylke);
        fputs(",\n     \"land\": ", out);
        row(out, it->land);
        const lk_profile_change *ch = &it->change;
        fputs(",\n     \"change\": ", out);
        if (!ch->ok) fputs("null", out);
        else {
            fputs("{\"from\": ", out);
            lk__profile_jstr(out, ch->first->period);
            fputs(", \"to\": ", out);
            lk__profile_jstr(out, ch->last->period);
            fputs(", \"diff\": ", out);
            lk__profile_jnum(out, 1, ch->diff);
            fputs(", \"vs\": ", out);
            lk__profile_jstr(out, ch->vs);
            fputs(", \"p\": ", out);
            lk__profile_jnum(out, 1, ch->p);
            fprintf(out, ", \"verdict\": \"%s\"}", verdict_id(ch->verdict));
        }
        fputs(",\n     \"trend\": ", out);
        if (!it->trend.ok) {
            fputs("{\"direction\": ", out);
            lk__profile_jstr(out, it->trend.direction);
            fputs("}", out);
        } else {
            fputs("{\"slope\": ", out);
            lk__profile_jnum(out, 1, it->trend.t.slope);
            fputs(", \"slope_low\": ", out);
            lk__profile_jnum(out, 1, it->trend.t.slope_lo);
            fputs(", \"slope_high\": ", out);
            lk__profile_jnum(out, 1, it->trend.t.slope_hi);
            fputs(", \"apc\": ", out);
            lk__profile_jnum(out, 1, it->trend.t.apc);
            fputs(", \"direction\": ", out);
            lk__profile_jstr(out, it->trend.direction);
            fputs("}", out);
        }
        fputs(",\n     \"rows\": [", out);
        for (size_t k = 0; k < lk_report_count(it->report); k++) {
            fputs(k ? ",\n       " : "\n       ", out);
            row(out, lk_report_get(it->report, k));
        }
        fputs("]}", out);
    }
    fputs("\n  ],\n  \"findings\": [", out);
    for (size_t i = 0; i < p->n_findings; i++) {
        const lk_profile_finding *f = &p->findings[i];
        fprintf(out, "%s{\"indicator\": ", i ? ", " : "");
        lk__profile_jstr(out, p->items[f->item].ind->id);
        fputs(", \"diff\": ", out);
        lk__profile_jnum(out, 1, f->diff);
        fputs(", \"index\": ", out);
        lk__profile_jnum(out, 1, f->index);
        fputs("}", out);
    }
    fputs("]", out);
    int rc = lk__profile_districts_json(p, out);
    if (rc != LK_OK) return rc;
    fputs("\n}\n", out);
    return ferror(out) ? LK_EIO : LK_OK;
}
