"""Where each output goes, the same in the local target folder and on Nextcloud. Pure.

Readme.md                      digest of all associations
calendars/all.ics              every meeting and activity
calendars/deadlines.ics        every decision with a due date
calendars/<association>.ics    one association: its meetings, activities and deadlines
<association>/Readme.md        the association's digest (Nextcloud shows it above the files)
<association>/<note name>.md   the summary of one protocol or plan
"""

from __future__ import annotations

from pathlib import PurePosixPath

from vault_sync.notes.names import safe_name

CALENDARS = "calendars"
ALL_FEED = "all"
DEADLINES_FEED = "deadlines"
DIGEST_NAME = "Readme.md"


def feed_path(name: str) -> str:
    """``name`` is an association id, :data:`ALL_FEED` or :data:`DEADLINES_FEED`."""
    return f"{CALENDARS}/{name}.ics"


def digest_path(association: str | None) -> str:
    """The digest of one association, or of all when ``association`` is None."""
    return DIGEST_NAME if association is None else f"{association}/{DIGEST_NAME}"


def summary_path(association: str, note_path: str) -> str:
    """The summary of the note at ``note_path`` (vault-relative), named after the note,
    made valid and short (:func:`vault_sync.notes.names.safe_name`)."""
    stem = PurePosixPath(note_path).stem
    if stem.lower() == "readme":  # would overwrite the digest
        stem = f"{stem} (заметка)"
    return f"{association}/{safe_name(stem, '.md')}"
