/* Trends per area, in every format: the fit is lk_trend_counts' (lib/statistics/series.c), the
 * rows it is fitted to the report's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "report_internal.h"
#include "report_write.h"

static const char *direction_word(const lk_report *r, const char *d)
{
    if (!rw_nb(r)) return d;
    if (strcmp(d, "increasing") == 0) return "økende";
    if (strcmp(d, "decreasing") == 0) return "synkende";
    if (strcmp(d, "stable") == 0) return "ingen sikker endring";
    if (strcmp(d, "no-variation") == 0) return "ingen variasjon (alle tall 0)";
    if (strcmp(d, "no-trend") == 0) return "ingen trend beregnet";
    return "for få perioder";
}

int lk_report_write_trend(const lk_report *r, lk_format format, FILE *out)
{
    if (!r || !out) return LK_EINVAL;
    if (format == LK_FORMAT_CSV_NB) return lk__csv_nb(lk_report_write_trend, r, out);
    if (format == LK_FORMAT_CSV)
        fputs("indicator,region,region_name,from,to,periods,slope,slope_ci_low,slope_ci_high,apc,direction\n", out);
    else if (format == LK_FORMAT_JSON)
        fputs("{\"trends\": [", out);
    else if (format == LK_FORMAT_MD || format == LK_FORMAT_TEXT) {
        rw_user_text(out, rw_name(r), format == LK_FORMAT_MD, 1);
        fprintf(out, " (%s) – %s\n\n", rw_unit(r), rw_nb(r) ? "lineær trend, vektet" : "linear trend, weighted");
    }
    size_t written = 0;
    for (size_t i = 0; i < r->n; i++) {
        const lk_report_row *x = &r->rows[i];
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(r->rows[k].region, x->region) == 0) seen = 1;
        if (seen) continue;
        lk_report_trend tr;
        if (lk_report_trend_of(r, x->region, &tr) != LK_OK) return LK_ENOMEM;
        char s[40] = "", lo[40] = "", hi[40] = "", apc[40] = "";
        if (tr.ok) {
            lk_format_number(s, sizeof s, tr.t.slope);
            lk_format_number(lo, sizeof lo, tr.t.slope_lo);
            lk_format_number(hi, sizeof hi, tr.t.slope_hi);
            if (!isnan(tr.t.apc)) lk_format_number(apc, sizeof apc, tr.t.apc);
        }
        if (format == LK_FORMAT_CSV) {
            lk_csv_write_field(out, r->ind->id);
            putc(',', out);
            lk_csv_write_field(out, x->region);
            putc(',', out);
            lk_csv_write_field(out, x->region_name);
            putc(',', out);
            lk_csv_write_field(out, tr.first->period);
            putc(',', out);
            lk_csv_write_field(out, tr.last->period);
            fprintf(out, ",%zu,%s,%s,%s,%s,%s\n", tr.periods, s, lo, hi, apc, tr.direction);
        } else if (format == LK_FORMAT_JSON) {
            fputs(written ? ",\n  {" : "\n  {", out);
            fputs("\"indicator\": ", out);
            lk_json_string(out, r->ind->id);
            fputs(", \"region\": ", out);
            lk_json_string(out, x->region);
            fputs(", \"region_name\": ", out);
            lk_json_string(out, x->region_name);
            fputs(", \"from\": ", out);
            lk_json_string(out, tr.first->period);
            fputs(", \"to\": ", out);
            lk_json_string(out, tr.last->period);
            fprintf(out, ", \"periods\": %zu, \"slope\": ", tr.periods);
            rw_json_number(out, tr.ok, tr.t.slope);
            fputs(", \"slope_ci_low\": ", out);
            rw_json_number(out, tr.ok, tr.t.slope_lo);
            fputs(", \"slope_ci_high\": ", out);
            rw_json_number(out, tr.ok, tr.t.slope_hi);
            fputs(", \"apc\": ", out);
            rw_json_number(out, tr.ok && !isnan(tr.t.apc), tr.t.apc);
            fprintf(out, ", \"direction\": \"%s\"}", tr.direction);
        } else {
            char hs[40] = "", hlo[40] = "", hhi[40] = "", hapc[40] = "";
            if (tr.ok) {
                rw_human(r, hs, sizeof hs, tr.t.slope, 2);
                rw_human(r, hlo, sizeof hlo, tr.t.slope_lo, 2);
                rw_human(r, hhi, sizeof hhi, tr.t.slope_hi, 2);
                if (!isnan(tr.t.apc)) rw_human(r, hapc, sizeof hapc, tr.t.apc, 1);
            }
            const char *u = r->ind->scale == LK_SCALE_PERCENT ? (rw_nb(r) ? "prosentpoeng" : "percentage points") : rw_unit(r);
            char lvl[16];
            rw_human(r, lvl, sizeof lvl, r->opts.level * 100, r->opts.level * 100 == floor(r->opts.level * 100) ? 0 : 1);
            if (format == LK_FORMAT_PROSE) {
                if (tr.ok && rw_nb(r))
                    fprintf(out, "Fra %s til %s endret verdien for %s i %s seg med %s %s per år (%s %% intervall %s til %s; %s %% per år): %s.\n\n",
                            tr.first->period, tr.last->period, rw_name(r), x->region_name, hs, u, lvl, hlo, hhi, hapc,
                            direction_word(r, tr.direction));
                else if (tr.ok)
                    fprintf(out, "From %s to %s the value for %s in %s changed by %s %s per year (%s %% interval %s to %s; %s %% per year): %s.\n\n",
                            tr.first->period, tr.last->period, rw_name(r), x->region_name, hs, u, lvl, hlo, hhi, hapc, tr.direction);
                else
                    fprintf(out, "%s: %s.\n\n", x->region_name, direction_word(r, tr.direction));
            } else if (format == LK_FORMAT_MD) {
                if (!written)
                    fprintf(out, rw_nb(r) ? "| Område | Perioder | Endring per år (%s) | %s %% intervall | Årlig endring | Retning |\n"
                                         "|---|---|---:|---:|---:|---|\n"
                                       : "| Area | Periods | Change per year (%s) | %s %% interval | Annual change | Direction |\n"
                                         "|---|---|---:|---:|---:|---|\n", u, lvl);
                fputs("| ", out);
                rw_md_put(out, x->region, 0);
                putc(' ', out);
                rw_md_put(out, x->region_name, 0);
                fputs(" | ", out);
                rw_md_put(out, tr.first->period, 0);
                fputs("–", out);
                rw_md_put(out, tr.last->period, 0);
                if (tr.ok)
                    fprintf(out, " | %s | %s – %s | %s %% | %s |\n", hs, hlo, hhi, *hapc ? hapc : "–", direction_word(r, tr.direction));
                else
                    fprintf(out, " | | | | %s |\n", direction_word(r, tr.direction));
            } else if (tr.ok) {
                fprintf(out, "%s %s  %s-%s  %s %s/%s  [%s ; %s]  %s %%  %s\n", x->region, x->region_name,
                        tr.first->period, tr.last->period, hs, u, rw_nb(r) ? "år" : "year", hlo, hhi, *hapc ? hapc : "-",
                        direction_word(r, tr.direction));
            } else {
                fprintf(out, "%s %s  %s-%s  %s\n", x->region, x->region_name, tr.first->period, tr.last->period,
                        direction_word(r, tr.direction));
            }
        }
        written++;
    }
    if (format == LK_FORMAT_JSON) fputs("\n]}\n", out);
    else if (format != LK_FORMAT_CSV) {
        char lvl[16];
        rw_human(r, lvl, sizeof lvl, r->opts.level * 100, r->opts.level * 100 == floor(r->opts.level * 100) ? 0 : 1);
        if (r->any_counts)
        fprintf(out, rw_nb(r) ? "\nHelningen er anslått med vektet minste kvadraters metode (vekter fra binomisk varians med "
                             "seriens samlede andel), %s %%-intervallet med t-fordeling og overdispersjon; årlig endring i "
                             "prosent av det tilpassede nivået midt i perioden, fra samme tilpasning.\n"
                           : "\nSlope by weighted least squares (weights from the binomial variance at the series' pooled "
                             "share), %s %% interval from the t distribution allowing for overdispersion; annual change in "
                             "per cent of the fitted level at the middle of the period, from the same fit.\n", lvl);
        if (r->any_published)
            fputs(rw_nb(r) ? "\nSerier med publiserte rater har ingen tellinger å vekte med: de er tilpasset med like vekter.\n"
                        : "\nSeries of published rates have no counts to weigh by: they are fitted with equal weights.\n", out);
        rw_notes(r, out, format == LK_FORMAT_MD);
    }
    return ferror(out) ? LK_EIO : LK_OK;
}
