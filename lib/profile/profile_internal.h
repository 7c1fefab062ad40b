/* Private state of a profile (profile.c builds it; topics.c knows the chapters and phrases;
 * words.c writes numbers and sentences; write_text.c and write_html.c the documents; svg.c the
 * charts; the input files' digests from lib/common/sha256.c). */
#ifndef LK_PROFILE_INTERNAL_H
#define LK_PROFILE_INTERNAL_H

#include <stddef.h>
#include <stdio.h>
#include "levekar/profile.h"

struct lk_profile {
    lk_registry *reg;          /* the definitions the items point to */
    lk_pipeline **runs;        /* one per item (NULL for an item without data) */
    lk_profile_item *items;
    size_t n_items;
    lk_profile_finding *findings;
    size_t n_findings;
    lk_message *msgs;          /* texts malloc'd, each once */
    size_t n_msgs, cap_msgs;
    lk_profile_cover cover;
    char *strings[8];          /* the cover's own texts */
    const char **sources, **files, **sha;
    lk_report_opts ropts;      /* language, level, alpha */
    int zones;                 /* zones were given: the districts section (a later step) */
    lk_zones *zone_list;       /* the zone file, for the cover's list of districts */
    /* districts.c: per item the zones' run and what the districts table owns; the index */
    lk_pipeline **zruns;
    struct lk__profile_dist *dist;
    lk_profile_composite comp;
    lk_composite *comp_index;
    size_t *comp_items;
    const lk_zone **comp_zones;
    char comp_why[1024], comp_note[1024];
    char area_missing[512];    /* the first run's "area ... is not in the data", or "" */
    char errmsg[2048];
};

/* districts.c: what one item's districts table owns. */
struct lk__profile_dist {
    const lk_zone **zones;
    const lk_report_row **rows;
    lk_ineq_result ineq;
    char why[1024];
    char ineq_why[1024];
};
/* The districts of every item and the composite index (after the items' runs); LK_OK, or
 * LK_ENOMEM / the run's error with p->errmsg set. An indicator without zone data is no error:
 * its table says why. */
int lk__profile_districts(lk_profile *p, const char *const *files, size_t n_files, const lk_profile_opts *o);
void lk__profile_districts_free(lk_profile *p);
/* write_districts.c: the districts section in each format (nothing without --zones). */
int lk__profile_districts_text(const lk_profile *p, FILE *out);
int lk__profile_districts_md(const lk_profile *p, FILE *out);
int lk__profile_districts_html(const lk_profile *p, FILE *out);
int lk__profile_districts_json(const lk_profile *p, FILE *out);
/* write_json.c, write_md.c: a JSON string or number (null without a value); Markdown text. */
void lk__profile_jstr(FILE *out, const char *s);
void lk__profile_jnum(FILE *out, int has, double v);
void lk__profile_md_put(FILE *out, const char *s);
/* A sentence of words.c for an item, written into memory so each format can escape it its own
 * way: *text (malloc'd, the caller frees it; "" when fn wrote nothing), *wrote fn's answer.
 * LK_OK or LK_ENOMEM (*text NULL). */
typedef int (*lk__profile_sentence_fn)(const lk_profile *, const lk_profile_item *, FILE *);
int lk__profile_capture(const lk_profile *p, const lk_profile_item *it, lk__profile_sentence_fn fn, char **text,
                        int *wrote);
/* svg.c: the ranked dot chart of one item's zones with their intervals (hidden zones listed below the axis). */
int lk__profile_svg_districts(const lk_profile *p, const lk_profile_item *it, FILE *out, int standalone);

/* topics.c: the § 3 chapter of an indicator, whether it is value-neutral, and the phrase that
 * puts it in a sentence (NULL when it has none: a plain sentence is written). */
typedef struct lk__profile_phrase {
    const char *id;
    const char *nb_of, *nb_what;   /* "av innbyggerne 15–74 år", "registrert arbeidsledige" */
    const char *en_of, *en_what;   /* "of residents aged 15–74", "were registered unemployed" */
} lk__profile_phrase;
char lk__profile_topic(const lk_indicator *ind);
int lk__profile_neutral(const lk_indicator *ind);
const lk__profile_phrase *lk__profile_phrase_of(const lk_indicator *ind);

/* The verdict of a test result ("higher", "lower", "similar", "") for an indicator of this
 * direction; relevant: the difference reaches the relevance threshold. */
lk_verdict lk__profile_verdict(const char *vs, int higher_is_worse, int neutral, int relevant);

/* words.c: numbers as a person reads them: decimals of the scale, decimal comma and thousands
 * spaces in bokmål ("4 421"), a minus sign (U+2212) for negatives; snprintf-like. */
int lk__profile_nb(const lk_profile *p);
void lk__profile_number(char *buf, size_t size, double v, int decimals, int nb);
int lk__profile_decimals(const lk_indicator *ind);
/* "2,6 prosent", "4 421 kroner", "12,3 per 1000" */
void lk__profile_value(const lk_profile *p, const lk_indicator *ind, double v, char *buf, size_t size);
/* the unit of a difference: "prosentpoeng", "kroner", "per 1000" */
const char *lk__profile_diff_unit(const lk_profile *p, const lk_indicator *ind);
const char *lk__profile_name(const lk_profile *p, const lk_indicator *ind);
const char *lk__profile_definition(const lk_profile *p, const lk_indicator *ind);
/* A region's name inside a sentence: "landet" / "Norway" for landet, else as the data has it. */
const char *lk__profile_place(const lk_profile *p, const lk_report_row *w);
/* The first year of a row's period (0 when it does not parse). */
int lk__profile_year(const lk_report_row *w);
/* What a row without a value shows: "skjult (prikket)" for ~suppressed*, else its status. */
const char *lk__profile_missing(const lk_profile *p, const lk_report_row *w);

/* the input files' SHA-256: lib/common/sha256.h */
#include "../common/sha256.h"

/* The change since the first year and the trend in a sentence (plain text, no newline); 1 when
 * written, 0 when the item has none. */
int lk__profile_change_text(const lk_profile *p, const lk_profile_item *it, FILE *out);
int lk__profile_trend_text(const lk_profile *p, const lk_profile_item *it, FILE *out);

/* svg.c: the charts, SVG with a <title>: inline in HTML, or standalone (an XML declaration and
 * the SVG namespace) as a file beside a Markdown document. */
int lk__profile_svg_trend(const lk_profile *p, const lk_profile_item *it, FILE *out, int standalone);
int lk__profile_svg_barometer(const lk_profile *p, FILE *out, int standalone);
/* text as HTML text (also inside attributes): & < > " ' escaped, invalid UTF-8 and controls as U+FFFD */
void lk__html_put(FILE *out, const char *s);

#endif
