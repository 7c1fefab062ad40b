/* Writing reports: one writer per format (write_csv.c, write_table.c for text and Markdown,
 * write_json.c, write_prose.c; write_trend.c for trends), chosen here. Bokmål text, Markdown and
 * prose use decimal commas. Every format except CSV (whose header is fixed) names the
 * indicator's definition and source. */
#include "report_internal.h"
#include "report_write.h"

int lk_report_write(const lk_report *r, lk_format format, FILE *out)
{
    if (!r || !out) return LK_EINVAL;
    switch (format) {
    case LK_FORMAT_CSV: return rw_write_csv(r, out);
    case LK_FORMAT_CSV_NB: return lk__csv_nb(lk_report_write, r, out);
    case LK_FORMAT_MD: return rw_write_table(r, out, 1);
    case LK_FORMAT_JSON: return rw_write_json(r, out);
    case LK_FORMAT_PROSE: return rw_write_prose(r, out);
    default: return rw_write_table(r, out, 0);
    }
}
