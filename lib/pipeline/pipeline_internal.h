/* What the pipeline's files share (internal to lib/pipeline): pipeline.c runs the chain for
 * each indicator, read_files.c reads one file (in two parts over two threads when it is large),
 * indicator_options.c makes the indicator the options ask for, advice.c says what the caller
 * must know about the data (older codes, areas without a ratio, zones that match nothing). */
#ifndef LK_PIPELINE_INTERNAL_H
#define LK_PIPELINE_INTERNAL_H

#include "levekar/harmonise.h"
#include "levekar/inputs.h"
#include "levekar/pipeline.h"
#include "levekar/zones.h"

/* An indicator as the options make it: a copy when --ages or a rate changes a definition, or
 * one made on the spot from counts. */
typedef struct pl_indicator {
    lk_indicator ind;
    lk_indicator *variant_copies;           /* the source definitions, narrowed too */
    const lk_indicator **variant_list;
} pl_indicator;

struct lk_pipeline {
    const lk_pipeline_opts *o;      /* during lk_pipeline_run() only */
    const char *const *files;       /* during lk_pipeline_run() only: the inputs' names */
    const lk_pipeline_input *inputs; /* during lk_pipeline_run() only */
    lk_registry *reg;               /* NULL when no indicator is named */
    lk_geo *geo;
    lk_zones *zones;
    lk_obsset *seen;                /* with several files: each observation once */
    lk_name_resolver *names;
    lk_calc_opts copts;             /* kept: the published rates hold a pointer to them */
    const lk_indicator **inds;      /* the indicators to report, in order */
    pl_indicator *made;             /* their copies, where the options changed them */
    int *with_rate;                 /* per indicator: it takes a published rate (a measure, or
                                       a file whose rate is the indicator) */
    size_t n_inds;
    /* the current indicator's computation (the reports keep copies of what they show) */
    lk_calc *calc;
    lk_published *pub;
    lk_report **reps;
    size_t n_reps;
    size_t zones_matched;           /* observations that fell in a zone, over all files */
    char zones_data[512];           /* what the files hold when none did */
    lk_zone_outside outside[32];    /* kommuner whose grunnkretser lay in no zone, over all files */
    size_t n_outside;
    char *note;                     /* the first indicator's lk_calc_note(), or NULL */
    lk_message *msgs;
    size_t n_msgs, cap_msgs;
    char errmsg[2048];
};

/* Set the failure message; returns status. */
int lk__pl_fail(lk_pipeline *p, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Add a message (copied); LK_OK or LK_ENOMEM. */
int lk__pl_say(lk_pipeline *p, lk_message_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Read file number `file` into p->calc / p->pub for indicator ind; first: the first
 * indicator's pass, which also checks duplicates, accounts for the lines and resolves names. */
int lk__pl_read_file(lk_pipeline *p, const lk_indicator *ind, int file, int first);

/* The indicators the options ask for, in p->inds (indicator_options.c). */
int lk__pl_indicators(lk_pipeline *p, const lk_pipeline_opts *o);
void lk__pl_indicators_free(lk_pipeline *p);

/* advice.c: messages after the computation, and the check that every area asked for has a
 * ratio (LK_EDATA when the data cannot give one). */
int lk__pl_old_codes(lk_pipeline *p);
int lk__pl_explain_areas(lk_pipeline *p);
int lk__pl_zones_unmatched(lk_pipeline *p);
int lk__pl_zones_older_codes(lk_pipeline *p);

/* standardise_rows.c: the age (and sex) standardisation the options or the indicator ask for,
 * on the rows of rep (p->calc still there); LK_OK when none is asked for. */
int lk__pl_standardise(lk_pipeline *p, const lk_indicator *ind, lk_report *rep);

#endif
