/* levekar profile's Markdown document and charts folder (profile_md.c). */
#ifndef LK_PROFILE_MD_H
#define LK_PROFILE_MD_H

#include "levekar/profile.h"

/* Write PATH (ending in .md) and the folder PATH-without-.md + "_files" with the charts. 0 or
 * an exit code (message printed). */
int lk_profile_md(const lk_profile *p, const char *path);

#endif
