"""Border titles set only when they change.

Setting a widget's border title repaints the whole widget, even with the same
text; the reader sets the list's title on every change of the session (a key
press), and a full repaint of the list there is what the terminal then has to
draw. So compare first.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


def set_title(widget: Widget, title: Content | None, *, subtitle: bool = False) -> None:
    attribute = "border_subtitle" if subtitle else "border_title"
    now = getattr(widget, attribute)
    wanted = None if title is None else title.markup
    if now != wanted:
        setattr(widget, attribute, title)
