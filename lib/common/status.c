/* Status texts and version: the only global, constant strings of the library. */
#include "levekar/common.h"

const char *lk_strerror(int status)
{
    switch (status) {
    case LK_OK: return "success";
    case LK_ENOMEM: return "out of memory";
    case LK_EIO: return "input/output error";
    case LK_EDATA: return "bad or unsupported data";
    case LK_EINVAL: return "invalid argument";
    case LK_ENOTFOUND: return "not found";
    case LK_EUSER: return "stopped by a callback";
    case LK_ELIMIT: return "a limit was exceeded";
    default: return "unknown status";
    }
}

const char *lk_version(void)
{
    return LK_VERSION_STRING;
}
