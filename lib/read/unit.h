/* Units in labels and metadata: "Beløp (1000 kr)", "andel (prosent)", "Arbeidsstyrken (1000
 * personer)", "Levendefødte per 1000 innbyggere", "Netto driftsresultat i prosent av ...". Run once
 * per distinct label or column, never per row. */
#ifndef LK_UNIT_H
#define LK_UNIT_H

#include <stddef.h>

/* Find the unit a label states. Returns 1 and sets *at / *len to the unit's bytes inside @p text
 * (the text of a parenthesised unit without its parentheses, or the phrase "prosent",
 * "per 1000"...); 0 when the label states none. @p words 0 looks at parenthesised units only
 * (titles: "(prosent) (K)"), 1 also at phrases in running text (measure labels). */
int lk_unit_find(const char *text, int words, size_t *at, size_t *len);

/* 1 when the whole of @p text (trimmed) is a parenthesised unit, with at most a word before it:
 * a spreadsheet's unit line ("andel (prosent)", "antall (personer)"). */
int lk_unit_line(const char *text, size_t *at, size_t *len);

/* The length of the code in a PxWebApi v2 UseCodesAndTexts label "Personer1 - Personer" or
 * "KOSbelop0000 - Beløp (1000 kr)": a ContentsCode is one token of letters, digits and '_' with
 * at least one digit, before " - "; 0 when the label has none. */
size_t lk_code_and_text(const char *label);

#endif
