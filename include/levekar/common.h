/**
 * @file levekar/common.h
 * @brief Status codes, version and export macros shared by every levekar module.
 *
 * Conventions (after libgit2): functions return an `int` status, 0 (`LK_OK`) on success;
 * constructors take the out-parameter first (`lk_x_new(&out, ...)`), set `*out = NULL` on entry
 * and assign it only on success; every `lk_x_free()` accepts NULL. Detailed error text lives on
 * the handle that failed (`lk_reader_errmsg()`), in the form `FILE:LINE: what is wrong (expected ...)`.
 * The library never prints, exits or aborts, and changes no global state.
 *
 * @code
 * lk_registry *reg;
 * int rc = lk_registry_new(&reg);            // *reg set only on success
 * if (rc != LK_OK) fprintf(stderr, "levekar %s: %s\n", lk_version(), lk_strerror(rc));
 * lk_registry_free(reg);                     // NULL is fine
 * @endcode
 */
#ifndef LEVEKAR_COMMON_H
#define LEVEKAR_COMMON_H

#include <stddef.h>

#if defined(_WIN32)
#  define LK_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define LK_API __attribute__((visibility("default")))
#else
#  define LK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LK_VERSION_MAJOR 0
#define LK_VERSION_MINOR 1
#define LK_VERSION_PATCH 0
#define LK_VERSION_STRING "0.1.0"

/** Status codes. Every function returning `int` returns one of these. */
typedef enum lk_status {
    LK_OK = 0,        /**< success */
    LK_ENOMEM = 1,    /**< out of memory */
    LK_EIO = 2,       /**< a file could not be opened, read or written */
    LK_EDATA = 3,     /**< the input is not what was expected (bad or unsupported data) */
    LK_EINVAL = 4,    /**< an argument to the function was invalid */
    LK_ENOTFOUND = 5, /**< a looked-up thing does not exist (an expected, recoverable outcome) */
    LK_EUSER = 6,     /**< a user callback asked to stop */
    LK_ELIMIT = 7     /**< a built-in limit was exceeded (line length, column count, ...) */
} lk_status;

/**
 * @brief A short English description of a status code.
 * @param status any value, also unknown ones.
 * @return a static string, never NULL.
 */
LK_API const char *lk_strerror(int status);

/** @return the library version as "MAJOR.MINOR.PATCH" (static string). */
LK_API const char *lk_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_COMMON_H */
