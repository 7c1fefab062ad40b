/* levekar profile's Word document: the Markdown and its charts made into .docx by pandoc
 * (profile_docx.c). */
#ifndef LK_PROFILE_DOCX_H
#define LK_PROFILE_DOCX_H

#include "levekar/profile.h"

/* Write PATH (ending in .docx): the profile's Markdown and charts in a private directory, pandoc
 * run on them (no network, a timeout), the .docx moved into place only when pandoc succeeded. 0
 * or an exit code (message printed): LK_EXIT_HELPER when pandoc is missing, fails or runs too
 * long. */
int lk_profile_docx(const lk_profile *p, const char *path);

#endif
