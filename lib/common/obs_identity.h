/* Which observation a reader is delivering right now, and which reader it is.
 *
 * Consumers of a reader's observations (the sums in lib/indicators, the duplicate set in
 * lib/read/obsset.c) cache by pointer: a reader interns its labels, so while observations come
 * from the same reader, equal pointers are equal strings and a string is looked at once. They
 * may do so only for an observation that really is the reader's, and an lk_obs a program builds
 * (on its stack, with strings in buffers it rewrites) must be read by content.
 *
 * That knowledge is kept out of the public lk_obs: the reader records, per thread, the address
 * of the observation it is passing to its callback and its own identity, for the length of the
 * call. An observation at any other address (a program's own, a copy, one delivered earlier) has
 * identity 0 and is read by content. A reader's identity is its address mixed with its opening
 * time, so a reader at a reused address never repeats it. */
#ifndef LK_OBS_IDENTITY_H
#define LK_OBS_IDENTITY_H

typedef struct lk__delivery {
    const void *obs;           /* the observation being delivered, or NULL */
    unsigned long long source; /* its reader's identity (never 0 while obs is set) */
} lk__delivery;

/* One per thread: a file read in two parts delivers from two threads at once. Initial-exec, so
 * a look-up is one load relative to the thread pointer also in the shared library (the library
 * is linked, not opened at run time, by its users; glibc keeps room for that case as well). */
#if defined(__GNUC__)
#define LK__TLS _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define LK__TLS _Thread_local
#endif
extern LK__TLS lk__delivery lk__delivering;

/* The identity of the reader delivering obs, or 0 when obs is not an observation a reader is
 * passing to its callback at this moment. */
static inline unsigned long long lk__obs_source(const void *obs)
{
    return obs && obs == lk__delivering.obs ? lk__delivering.source : 0;
}

#endif
