/* levekar profile's Markdown document and charts folder (profile_md.c). */
#ifndef LK_PROFILE_MD_H
#define LK_PROFILE_MD_H

#include "levekar/profile.h"

/* Write PATH (ending in .md) and the folder PATH-without-.md + "_files" with the charts. 0 or
 * an exit code (message printed). */
int lk_profile_md(const lk_profile *p, const char *path);

/* Each chart of the profile into the folder DIR (which exists): barometer.svg and trend-NN.svg
 * for each item with data, each registered for removal should the run be interrupted. 0 or an
 * exit code (message printed). */
int lk_profile_md_charts(const lk_profile *p, const char *dir);

/* The .svg files of a charts folder, then the folder; 0 when it is gone. */
int lk_profile_md_remove_charts(const char *dir);

#endif
