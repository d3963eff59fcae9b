"""The widget's own Rich style, worked out once per styling instead of per line."""

from __future__ import annotations

from rich.style import Style


class KeptStyle:
    """A mixin for widgets that draw lines: `base_style` is `rich_style`, which
    walks the styles of every ancestor (about half the cost of drawing a line
    of the reading pane), kept until the stylesheet next styles this widget.
    Textual styles every widget again when a theme, a class or a pseudo-class
    of it or an ancestor changes, and `notify_style_update` says so."""

    _base_style: Style | None = None

    @property
    def base_style(self) -> Style:
        style = self._base_style
        if style is None:
            style = self._base_style = self.rich_style
        return style

    def notify_style_update(self) -> None:
        self._base_style = None
        super().notify_style_update()
