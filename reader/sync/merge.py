"""Deciding, without any I/O, what a sync does with read and starred states.

Three views of each synced item: the base (what the server said at the last
sync), the server now, and the local journal entry (a change made here, with
its time). Per kind of state (read, star):
- only the server changed it: take the server's state here;
- only this reader changed it: send it;
- both, to the same state: nothing to do;
- both, differently (a conflict): the newer change wins. The API gives no time
  for a change on the server, only that it came after the last sync; so a local
  change made after the last sync began is the newer one and is sent, and one
  made before (it sat unsent) loses to the server's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("read", "star")


@dataclass
class Merge:
    push: dict[tuple[str, bool], list[str]] = field(default_factory=dict)  # (kind, state) -> item ids
    take: dict[str, dict[str, bool]] = field(default_factory=lambda: {"read": {}, "star": {}})
    base: dict[str, dict[str, bool]] = field(default_factory=dict)  # item id -> kind -> new base
    conflicts: int = 0


def merge(rows: dict[str, tuple[str, bool, bool]], unread: set[str], starred: set[str],
          journal: dict[str, dict], last_sync: str) -> Merge:
    """`rows`: item id -> (article id, base read, base starred); `unread`, `starred`: the
    server's item ids now; `journal`: article id -> entry; `last_sync`: ISO time the last
    complete sync began ("" before the first)."""
    out = Merge()
    for item, (article, base_read, base_star) in rows.items():
        server = {"read": item not in unread, "star": item in starred}
        base = {"read": base_read, "star": base_star}
        entry = journal.get(article) or {}
        for kind in KINDS:
            now = server[kind]
            if kind in entry:
                local, at = entry[kind], entry[f"{kind}_at"]
                if local == now:
                    if now != base[kind]:
                        out.base.setdefault(item, {})[kind] = now
                    continue
                if now != base[kind]:
                    out.conflicts += 1
                    if at < last_sync:  # the server's change is the newer one
                        out.take[kind][article] = now
                        out.base.setdefault(item, {})[kind] = now
                        continue
                out.push.setdefault((kind, local), []).append(item)
            elif now != base[kind]:
                out.take[kind][article] = now
                out.base.setdefault(item, {})[kind] = now
    return out
