/* Running a document engine on files in a private directory (engine.c). */
#ifndef LK_ENGINE_H
#define LK_ENGINE_H

#include <stdio.h>

/* The program and what it makes: argv[0] the program (looked up on PATH), the rest its arguments
 * (names inside the directory); package the Debian package that has it (for the message when it
 * is missing); what the document it makes ("PDF", "Word document"), for "no ... written". */
typedef struct lk_engine {
    const char *const *argv;
    const char *package;
    const char *what;
} lk_engine;

/* LEVEKAR_PDF_TIMEOUT: whole seconds, 1 to a day, default 120; any other value is refused
 * (message printed, -1) rather than quietly read as the default. */
long lk_engine_timeout(void);

/* Run ENG in DIR for at most LIMIT seconds, its standard error into DIR/engine.log (shown when it
 * fails, removed after); 0 when it exited 0, else an exit code (message printed): LK_EXIT_HELPER
 * when it is missing, fails, is killed by a signal or runs too long. */
int lk_engine_run(const lk_engine *eng, const char *dir, long limit);

/* The engine's input: WRITE(DOC, f) into a new file at PATH (in the private directory); 0 or an
 * exit code (message printed). */
int lk_engine_write(const char *path, int (*write)(const void *doc, FILE *f), const void *doc);

/* DIR "/" LEAF, malloc'd; NULL when memory ran out. */
char *lk_engine_path(const char *dir, const char *leaf);

#endif
