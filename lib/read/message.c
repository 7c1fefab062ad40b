/* A reader's messages: `FILE:LINE: what is wrong (expected ...)`, with the line counted from
 * the start of the file also in the second part of a split file. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "reader_internal.h"

/* Lines before the start of a file part: counted only when a message needs them, through the
 * part's own input (it reads the first reader's bytes). */
static unsigned long lines_before_part(lk_reader *r)
{
    if (r->lines_before >= 0) return (unsigned long)r->lines_before;
    long n = 0;
    char buf[1 << 16];
    unsigned long long at = 0;
    long long got;
    while (at < r->part_start
           && (got = lk_input_read_at(&r->in, at, buf, r->part_start - at < sizeof buf ? (size_t)(r->part_start - at) : sizeof buf)) > 0) {
        for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))); p++) n++;
        at += (unsigned long long)got;
    }
    r->lines_before = n;
    return (unsigned long)n;
}

int lk_reader_fail(lk_reader *r, int status, unsigned long line, const char *fmt, ...)
{
    if (r->errmsg[0]) return status; /* keep the first, most specific message */
    r->fail_status = status;
    if (line && r->part_start) line += lines_before_part(r);
    int n = line ? snprintf(r->errmsg, sizeof r->errmsg, "%s:%lu: ", r->path, line)
                 : snprintf(r->errmsg, sizeof r->errmsg, "%s: ", r->path);
    if (n < 0) n = 0;
    if ((size_t)n < sizeof r->errmsg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->errmsg + n, sizeof r->errmsg - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return status;
}

int lk_reader_nomem(lk_reader *r)
{
    return lk_reader_fail(r, LK_ENOMEM, 0, "out of memory");
}

int lk_reader_failed(const lk_reader *r)
{
    return r->errmsg[0] ? r->fail_status : LK_ENOMEM;
}

/* LK_EIO, not LK_EDATA: the bytes may be fine, the reading of them was not; and it replaces a
 * message about a line the change cut in two. */
int lk_reader_fail_changed(lk_reader *r)
{
    r->errmsg[0] = '\0';
    return lk_reader_fail(r, LK_EIO, 0, "changed while it was read (size or modification time differs; "
                          "expected a file that stays the same)");
}

void lk_reader_stop_reason(lk_reader *r, const char *why)
{
    if (!r) return;
    r->stop_reason[0] = '\0';
    if (why) snprintf(r->stop_reason, sizeof r->stop_reason, "%s", why);
}

unsigned long lk_reader_line_offset(lk_reader *r)
{
    return r && r->part_start ? lines_before_part(r) : 0;
}

const char *lk_reader_errmsg(const lk_reader *r)
{
    if (!r) return "out of memory (no reader)";
    return r->errmsg;
}
