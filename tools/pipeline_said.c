/* What a run of the library's pipeline said, on standard error: its messages (info, note,
 * warning) one line each, then its failure, for every command that calls the pipeline. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"

/* A message that starts with one of the run's files names its place; others get the command. */
static int has_place(const char *msg, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = paths[i] ? strlen(paths[i]) : 0;
        if (k && strncmp(msg, paths[i], k) == 0 && (msg[k] == ':' || strncmp(msg + k, " (name '", 8) == 0)) return 1;
    }
    return 0;
}

/* What the pipeline said about the input, one line each, and its failure. */
int lk_cli_pipeline_said(const lk_pipeline *p, int rc, const char *cmd, const char *const *paths, size_t n_paths)
{
    static const char *const kind[] = { "", "note: ", "warning: " };
    for (size_t i = 0; i < lk_pipeline_message_count(p); i++) {
        const lk_message *m = lk_pipeline_message_at(p, i);
        fprintf(stderr, "levekar %s: %s%s\n", cmd, kind[m->kind], m->text);
    }
    if (rc == LK_OK) return LK_EXIT_OK;
    if (rc == LK_ENOMEM) return lk_cli_nomem(p ? lk_pipeline_errmsg(p) : NULL);
    const char *msg = lk_pipeline_errmsg(p);
    if (has_place(msg, paths, n_paths)) fprintf(stderr, "%s\n", msg);
    else fprintf(stderr, "levekar %s: %s\n", cmd, msg);
    return lk_cli_exit_code(rc);
}

