/* Private state of a report (report.c computes rows, report_write.c writes them). */
#ifndef LK_REPORT_INTERNAL_H
#define LK_REPORT_INTERNAL_H

#include "levekar/report.h"
#include "../common/arena.h"
#include "../read/intern.h"

struct lk_report {
    const lk_indicator *ind;
    lk_report_opts opts;
    lk_arena arena;
    lk_report_row *rows;
    size_t n, cap;
    lk_intern strings;     /* the rows' texts, each copied once */
    uint32_t *seen;        /* open addressing: row index + 1 by (region, period) text pointers */
    size_t seen_cap;
    const lk_zones *zones; /* which kommune each zone lies in */
    char errmsg[1024];
};

int lk_report_fail(lk_report *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
double lk_report_scale(const lk_indicator *ind);

#endif
