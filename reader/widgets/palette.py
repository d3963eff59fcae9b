"""Command palette entries, made from the binding table (`bindings.PALETTE`)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader import bindings


class ReaderCommands(Provider):
    """Every reader action, by its description, run on the screen it belongs to."""

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action, self.screen)

    async def discover(self) -> Hits:
        for binding in bindings.PALETTE:
            yield DiscoveryHit(binding.description, partial(self._run, binding.action),
                               help=f"key: {self.app.get_key_display(binding.binding())}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for binding in bindings.PALETTE:
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(score, matcher.highlight(binding.description),
                          partial(self._run, binding.action), help=binding.id)
