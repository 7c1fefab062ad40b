/* The throttle: at most max_calls calls start in any window of window_s seconds (SSB's guide:
 * 30 a minute per IP address; its gateway says 40 in x-ratelimit-limit, so 30 stays below both),
 * a wait when the gateway says no call is left, and the waits before a retry of 429 or 503.
 * The clock and the sleep are the caller's to replace, so tests run in no time. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "curl_load.h"
#include "fetch_internal.h"

double lk__now(lk_fetch *f)
{
    if (f->o.now) return f->o.now(f->o.clock_ctx);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void lk__sleep(lk_fetch *f, double s)
{
    if (s <= 0) return;
    if (f->o.sleep) {
        f->o.sleep(f->o.clock_ctx, s);
        return;
    }
    struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

/* Seconds added to every window: we count a call from its start as this machine sees it, the
 * gateway from its arrival, a network delay later, and delays vary; without it a window's last
 * call reached an independent replay server 0.4 ms early (2 calls per 20 s) and drew a 429. */
#define WINDOW_MARGIN_S 0.25

void lk__throttle_wait(lk_fetch *f)
{
    size_t max = (size_t)f->o.max_calls;
    double now = lk__now(f);
    if (f->calls_n == max) {
        /* the oldest of the last max calls: the next may start a window after it */
        double oldest = f->calls[f->calls_head];
        if (now - oldest < f->o.window_s + WINDOW_MARGIN_S) {
            lk__sleep(f, f->o.window_s + WINDOW_MARGIN_S - (now - oldest));
            now = lk__now(f);
        }
    }
    if (f->remaining == 0) {
        /* the gateway counts calls we do not see (another program on this address): wait out
         * a whole window from the latest call */
        double latest = f->calls_n ? f->calls[(f->calls_head + f->calls_n - 1) % max] : now;
        if (now - latest < f->o.window_s + WINDOW_MARGIN_S) lk__sleep(f, f->o.window_s + WINDOW_MARGIN_S - (now - latest));
        f->remaining = -1;
    }
}

void lk__throttle_note(lk_fetch *f)
{
    size_t max = (size_t)f->o.max_calls;
    double now = lk__now(f);
    if (f->calls_n < max) {
        f->calls[(f->calls_head + f->calls_n) % max] = now;
        f->calls_n++;
    } else {
        f->calls[f->calls_head] = now;
        f->calls_head = (f->calls_head + 1) % max;
    }
}

double lk__retry_wait(lk_fetch *f, const char *retry_after, int attempt)
{
    double wait;
    if (retry_after && *retry_after >= '0' && *retry_after <= '9') {
        char *end;
        wait = strtod(retry_after, &end);
    } else if (retry_after && *retry_after) {
        const lk__curl_api *cu = lk__curl(NULL); /* an HTTP date: only after a request, so loaded */
        time_t at = cu ? cu->getdate(retry_after, NULL) : -1;
        wait = at < 0 ? 1.0 : difftime(at, time(NULL));
        if (wait < 0) wait = 0;
    } else {
        wait = 1.0;
        for (int i = 1; i < attempt; i++) wait *= 2;
    }
    return wait > f->o.max_wait_s ? -1.0 : wait;
}
