/* levekar profile's workbook (profile_xlsx.c, built where libxlsxwriter is). */
#ifndef LK_PROFILE_XLSX_H
#define LK_PROFILE_XLSX_H

#include "levekar/profile.h"

/* Write the profile as FILE.xlsx (atomically); nb: bokmål headings. 0 or an exit code (message
 * printed). */
int lk_profile_xlsx(const lk_profile *p, const char *path, int nb);

#endif
