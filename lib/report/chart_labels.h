/* Point labels that do not overlap (chart_labels.c, for chart.c): the rule for a plan
 * document's chart is "labels that do not overlap". gnuplot places a label where it is told and
 * has no way to keep labels apart, so the chart works out where each name can go. */
#ifndef LK_CHART_LABELS_H
#define LK_CHART_LABELS_H

#include <stddef.h>

/* Where a point's label goes. */
typedef enum lk__label_side {
    LK__LABEL_NONE = 0, /* left out: every side would cover another label or point */
    LK__LABEL_RIGHT,
    LK__LABEL_LEFT,
    LK__LABEL_ABOVE,
    LK__LABEL_BELOW
} lk__label_side;

/* A point and its label. x and y: the point's place in the plot, 0..1 of its width and height
 * (outside: the point is not drawn, nor its label); chars: the label's length in characters;
 * first: 1 for a label placed before all others (the points the chart is about). */
typedef struct lk__label {
    double x, y;
    size_t chars;
    int first;
} lk__label;

/* The plot the labels go on: WIDTH by HEIGHT font units; a label CHAR_W wide per character and
 * LINE high; GAP (characters) between a point and its label, DOT (characters) the room around a
 * point its dot takes. */
typedef struct lk__label_geometry {
    double width, height, char_w, line, gap, dot;
} lk__label_geometry;

/* Sides for labels[0..n) on the plot G, written to side[0..n). The labels with first set, then
 * the others in their order, each on the first side where it covers no label placed before it,
 * no point and stays inside the plot. Returns how many were left out (LK__LABEL_NONE); no
 * allocation. */
size_t lk__chart_place_labels(const lk__label *labels, size_t n, const lk__label_geometry *g, lk__label_side *side);

#endif
