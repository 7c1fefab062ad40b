/* levekar profile's PDF: the HTML document laid out by WeasyPrint (profile_pdf.c). */
#ifndef LK_PROFILE_PDF_H
#define LK_PROFILE_PDF_H

#include "levekar/profile.h"

/* Write PATH (ending in .pdf): the profile's HTML in a private directory, weasyprint run on it
 * (no network, a timeout), the PDF moved into place only when weasyprint succeeded. 0 or an exit
 * code (message printed): LK_EXIT_HELPER when weasyprint is missing, fails or runs too long. */
int lk_profile_pdf(const lk_profile *p, const char *path);

#endif
