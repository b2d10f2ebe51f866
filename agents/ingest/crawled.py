"""Text a crawler made of a web page with BeautifulSoup's ``get_text("\t")``, where the page's source
breaks lines between its tags (as most pages' sources do): the line break is a text node of its own,
so every line of the text opens and closes with the tab put between two nodes ("\t821\t35\t \t…\t").
Those two tabs are no cell boundaries: taken for cells, each row gained an empty first cell (表四's
row of figures read one cell to the right: 5 as 结果纠正, 7 as 尚未审结, …) and a table printed a cell
a line ("\t821\t") read as rows of an empty cell and a figure (blank where every figure stands)."""

from __future__ import annotations

WRAPPED_SHARE = 0.9  # of the text's lines with something on them that open and close with a tab
MIN_LINES = 10


def tab_wrapped(text: str) -> tuple[str, int]:
    """``text`` without the opening and closing tab of each line, where nearly every line is so wrapped
    (a line of one blank cell, "\t\xa0\t", is then the line of one space that a page taken one node a
    line prints for it); and how many lines were unwrapped; (text, 0) otherwise."""
    if "\t" not in text:
        return text, 0
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line]
    wrapped = [i for i in filled if lines[i][0] == "\t" and lines[i][-1] == "\t"]  # a lone tab too: between two breaks
    if len(filled) < MIN_LINES or len(wrapped) < WRAPPED_SHARE * len(filled):
        return text, 0
    for i in wrapped:
        lines[i] = lines[i][1:-1]
    return "\n".join(lines), len(wrapped)
