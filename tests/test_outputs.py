"""The outputs of a build, with each file's digest computed once per content."""

from __future__ import annotations

import hashlib

from vault_sync.render.outputs import Outputs, digest_of


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_digest_follows_the_content() -> None:
    outputs = Outputs({"a.md": b"one"})
    assert outputs.digest("a.md") == sha(b"one")
    assert outputs.put("a.md", b"one") is False  # the same bytes: nothing changed
    assert outputs.put("a.md", b"two") is True
    assert outputs.digest("a.md") == sha(b"two")  # not the cached digest of b"one"
    assert outputs.remove("a.md") and not outputs.remove("a.md")
    assert "a.md" not in outputs and len(outputs) == 0


def test_digest_of_a_plain_mapping_and_of_outputs_agree() -> None:
    files = {"x/Readme.md": "Обзор".encode(), "calendars/all.ics": b"BEGIN:VCALENDAR\r\n"}
    outputs = Outputs(files)
    assert dict(outputs) == files
    assert all(digest_of(outputs, p) == digest_of(files, p) == sha(files[p]) for p in files)
