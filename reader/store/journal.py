"""The sync journal: local read/unread and star/unstar changes not yet sent to a server.

While an account is set (`Store.set_journaling(True)`), every change of an
article's read or starred state is noted in the "journal" table of the same
read shard file as the state itself, in the same atomic write: a crash can
never keep the change and lose its note, or the reverse. One entry per
article, keyed by article id, holding the latest change of each kind:

    {"read": true, "read_at": "<ISO time>", "star": false, "star_at": "<ISO time>"}

(each pair optional). The sync sends the entries and, once the server has
acknowledged them, removes those still equal to what it sent; a change made
meanwhile stays for the next sync.
"""

from __future__ import annotations

from tinydb.table import Document

JOURNAL = "journal"
KINDS = ("read", "star")


def check_entry(doc: dict) -> str | None:
    """None when `doc` is a sound journal entry, else why not."""
    for kind in KINDS:
        if kind in doc:
            if type(doc[kind]) is not bool:
                return f"journal {kind} is not true/false"
            if type(doc.get(f"{kind}_at")) is not str:
                return f"journal {kind}_at is missing or not a string"
    return None


def note_changes(db, changes: dict[str, bool], kind: str, now: str) -> None:
    """Record `changes` ({article_id: new state}) of `kind` in this shard's journal.

    Two TinyDB operations whatever the count (remove the old entries, insert the
    merged ones), like the read table's own batch writes.
    """
    if not changes:
        return
    table = db.table(JOURNAL)
    current = db.storage.data.get(JOURNAL, {})
    merged = []
    for article_id, state in changes.items():
        entry = dict(current.get(article_id) or {})
        entry[kind] = state
        entry[f"{kind}_at"] = now
        merged.append(Document(entry, doc_id=article_id))
    known = [aid for aid in changes if aid in current]
    if known:
        table.remove(doc_ids=known)
    table.insert_multiple(merged)


def forget_sent(db, sent: dict[str, dict]) -> None:
    """Drop the entries of this shard that are still exactly what was sent."""
    current = db.storage.data.get(JOURNAL, {})
    done = [aid for aid, entry in sent.items() if current.get(aid) == entry]
    if done:
        db.table(JOURNAL).remove(doc_ids=done)
