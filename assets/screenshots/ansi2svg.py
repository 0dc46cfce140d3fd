#!/usr/bin/env python3
"""Turns a terminal screen captured with its colours (`tmux capture-pane -e -p`) into an SVG
image: one monospace cell per character (two for a wide one), the colours of the xterm 256-colour
palette on a dark background, bold, dim, italic, underline, strike-through and reverse video.
Standard library only. Usage: ansi2svg.py COLS ROWS < screen.ansi > screen.svg"""

import re
import sys
import unicodedata
from html import escape

CELL_W, CELL_H, FONT = 8.4, 17, 14
BG, FG = "#1d1f21", "#d0d0d0"
BASE16 = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
          "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]


def palette(n):
    """The colour of xterm palette entry n."""
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    grey = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (grey, grey, grey)


def sgr(params, st):
    """Applies one SGR sequence's parameters to the style dict."""
    ps = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(ps):
        p = ps[i]
        if p == 0:
            st.clear()
        elif p in (1, 2, 3, 4, 7, 9):
            st[p] = True
        elif p == 22:
            st.pop(1, None)
            st.pop(2, None)
        elif p in (23, 24, 27, 29):
            st.pop(p - 20, None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            st["fg"] = palette(p - 30 if p < 90 else p - 82)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            st["bg"] = palette(p - 40 if p < 100 else p - 92)
        elif p in (38, 48) and i + 2 < len(ps) and ps[i + 1] == 5:
            st["fg" if p == 38 else "bg"] = palette(ps[i + 2])
            i += 2
        elif p == 39:
            st.pop("fg", None)
        elif p == 49:
            st.pop("bg", None)
        i += 1


def cells(text, cols, rows):
    """The screen as rows of (char, style) cells."""
    grid = []
    for line in text.split("\n")[:rows]:
        row, st = [], {}
        for m in re.finditer(r"\x1b\[([0-9;]*)m|(.)", line):
            if m.group(1) is not None:
                sgr(m.group(1), st)
                continue
            ch = m.group(2)
            wide = unicodedata.east_asian_width(ch) in "WF"
            row.append((ch, dict(st)))
            if wide:
                row.append(("", dict(st)))
        grid.append(row[:cols])
    return grid


def style_attrs(st):
    """The text colour and SVG attributes of a style, and its background (None: the screen's)."""
    fg, bg = st.get("fg", FG), st.get("bg")
    if st.get(7):
        fg, bg = bg or BG, fg
    attrs = ['fill="%s"' % fg]
    if st.get(1):
        attrs.append('font-weight="bold"')
    if st.get(2):
        attrs.append('opacity="0.6"')
    if st.get(3):
        attrs.append('font-style="italic"')
    deco = [d for k, d in ((4, "underline"), (9, "line-through")) if st.get(k)]
    if deco:
        attrs.append('text-decoration="%s"' % " ".join(deco))
    return " ".join(attrs), bg


def svg(grid, cols, rows):
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="'
           "DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"%d\">"
           % (cols * CELL_W, rows * CELL_H, FONT),
           '<rect width="100%%" height="100%%" fill="%s"/>' % BG]
    for y, row in enumerate(grid):
        # Runs of cells in one style, each drawn as one text stretched to its cells, so the
        # font's own advance never drifts from the grid.
        x = 0
        while x < len(row):
            attrs, bg = style_attrs(row[x][1])
            end = x + 1
            while end < len(row) and style_attrs(row[end][1]) == (attrs, bg):
                end += 1
            if bg:
                out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>'
                           % (x * CELL_W, y * CELL_H, (end - x) * CELL_W + 0.1, CELL_H, bg))
            i = x
            while i < end:
                # A wide character and the cell after it are drawn on their own.
                if row[i][0] == "" or (i + 1 < end and row[i + 1][0] == ""):
                    ch = row[i][0]
                    if ch.strip():
                        out.append('<text x="%.1f" y="%.1f" %s>%s</text>'
                                   % (i * CELL_W, y * CELL_H + CELL_H * 0.75, attrs, escape(ch)))
                    i += 1
                    continue
                j = i
                while j < end and row[j][0] != "" and not (j + 1 < end and row[j + 1][0] == ""):
                    j += 1
                text = "".join(c for c, _ in row[i:j])
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    body = text.strip()
                    out.append('<text x="%.1f" y="%.1f" textLength="%.1f" lengthAdjust="spacingAndGlyphs" xml:space="preserve" %s>%s</text>'
                               % ((i + lead) * CELL_W, y * CELL_H + CELL_H * 0.75,
                                  len(body) * CELL_W, attrs, escape(body)))
                i = j
            x = end
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    sys.stdout.write(svg(cells(sys.stdin.read(), cols, rows), cols, rows))


if __name__ == "__main__":
    main()
