"""What a build made: output path -> bytes, each with its content digest computed once.

The digest (sha256, hex) is what the targets compare and record: the local folder to
leave unchanged files alone, Nextcloud to plan a push and to send ``OC-Checksum``. The
engine keeps one :class:`Outputs` between passes, so a file's digest is computed once per
content, not once per target and per pass (at 10,000 notes the outputs are ~55 MB).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Outputs(Mapping[str, bytes]):
    __slots__ = ("_data", "_digests")

    def __init__(self, files: Mapping[str, bytes] | None = None) -> None:
        self._data: dict[str, bytes] = dict(files or {})
        self._digests: dict[str, str] = {}

    def __getitem__(self, path: str) -> bytes:
        return self._data[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, path: object) -> bool:
        return path in self._data

    def put(self, path: str, data: bytes) -> bool:
        """Set ``path`` to ``data``; whether that changed it."""
        if self._data.get(path) == data:
            return False
        self._data[path] = data
        self._digests.pop(path, None)
        return True

    def remove(self, path: str) -> bool:
        """Remove ``path``; whether it was there."""
        self._digests.pop(path, None)
        return self._data.pop(path, None) is not None

    def digest(self, path: str) -> str:
        found = self._digests.get(path)
        if found is None:
            found = self._digests[path] = content_digest(self._data[path])
        return found


def digest_of(outputs: Mapping[str, bytes], path: str) -> str:
    """The digest of ``outputs[path]``, cached when ``outputs`` is an :class:`Outputs`."""
    if isinstance(outputs, Outputs):
        return outputs.digest(path)
    return content_digest(outputs[path])
