/* What the writers say about age (and sex) standardised rows (lk_report_row.std_method): the
 * note under a table or prose, and the columns CSV appends only when some row is standardised
 * (the default header stays as it is). */
#include <math.h>
#include <string.h>
#include "report_write.h"

const lk_report_row *rw_std_row(const lk_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].std_method && *r->rows[i].std_method) return &r->rows[i];
    return NULL;
}

void rw_std_note(const lk_report *r, FILE *out, int md)
{
    const lk_report_row *w = rw_std_row(r);
    if (!w) return;
    int direct = strcmp(w->std_method, "direct") == 0, nb = rw_nb(r);
    if (nb)
        fprintf(out, "Verdiene er aldersstandardisert (%s), standard: ", direct ? "direkte" : "indirekte");
    else
        fprintf(out, "Values are age standardised (%s), standard: ", direct ? "direct" : "indirect");
    rw_user_text(out, direct ? w->std_standard : (nb ? "landets rater samme periode" : "landet's rates of the same period"),
                 md, 0);
    fprintf(out, nb ? "; aldersgrupper " : "; age bands ");
    rw_user_text(out, w->std_bands, md, 0);
    if (nb)
        fprintf(out, "; intervall: %s. %s Den ujusterte verdien står i CSV og JSON (crude).\n", w->std_interval,
                direct ? "Indeks: landets standardiserte verdi = 100. Området testes mot resten (referansen minus "
                         "området), begge standardisert (z-test)."
                       : "Verdi = SMR × landets ujusterte rate; indeks = SMR × 100. Området testes mot resten "
                         "(referansen minus området): SMR mot SMR (eksakt Poisson-test).");
    else
        fprintf(out, "; interval: %s. %s The crude value is in CSV and JSON (crude).\n", w->std_interval,
                direct ? "Index: landet's standardised value = 100. Each area is tested against the rest (the "
                         "reference minus the area), both standardised (z test)."
                       : "Value = SMR × landet's crude rate; index = SMR × 100. Each area is tested against the rest "
                         "(the reference minus the area): SMR against SMR (exact Poisson test).");
}

int rw_std_csv_header(const lk_report *r, FILE *out)
{
    if (!rw_std_row(r)) return 0;
    fputs(",crude,std_method,std_interval,std_standard", out);
    return 1;
}

void rw_std_csv_row(const lk_report_row *w, FILE *out)
{
    int has = w->std_method && *w->std_method;
    putc(',', out);
    rw_csv_number(out, has && isfinite(w->crude), w->crude);
    fprintf(out, ",%s,", has ? w->std_method : "");
    lk_csv_write_field(out, has ? w->std_interval : "");
    putc(',', out);
    lk_csv_write_field(out, has ? w->std_standard : "");
}

void rw_std_json_row(const lk_report_row *w, FILE *out)
{
    if (!w->std_method || !*w->std_method) return;
    fputs(", \"crude\": ", out);
    rw_json_number(out, isfinite(w->crude), w->crude);
    fprintf(out, ", \"standardisation\": {\"method\": \"%s\", \"interval\": ", w->std_method);
    lk_json_string(out, w->std_interval);
    fputs(", \"standard\": ", out);
    lk_json_string(out, w->std_standard);
    fputs(", \"bands\": ", out);
    lk_json_string(out, w->std_bands);
    fputs(", \"smr\": ", out);
    rw_json_number(out, isfinite(w->smr), w->smr);
    fputs(", \"smr_low\": ", out);
    rw_json_number(out, isfinite(w->smr_low), w->smr_low);
    fputs(", \"smr_high\": ", out);
    rw_json_number(out, isfinite(w->smr_high), w->smr_high);
    fputs(", \"expected\": ", out);
    rw_json_number(out, isfinite(w->expected), w->expected);
    putc('}', out);
}
