/* Region names without codes (old FHI exports) in tidy, which writes observations as it reads
 * them: the library's resolver (lk_name_resolver) remembers the names that match no region, and
 * this says them after each file, one line (an error under --strict). */
#include <stdio.h>
#include "cli.h"
#include "levekar.h"

int lk_cli_names_done(lk_name_resolver *u, const char *path, int strict, const char *cmd)
{
    char why[1200];
    if (!lk_name_resolver_done(u, path, why, sizeof why)) return LK_EXIT_OK;
    if (strict) fprintf(stderr, "%s\n", why);
    else fprintf(stderr, "levekar %s: warning: %s; kept without a code\n", cmd, why);
    return strict ? LK_EXIT_DATA : LK_EXIT_OK;
}
