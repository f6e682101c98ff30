"""Names of the files vault-sync publishes, made valid everywhere they go. PURE.

A summary is named after its note, and a conflict copy after the file it stands for;
but a note's name may be one the local disk, Nextcloud or a Windows client refuses:
too long (a temporary file or a conflict copy adds to it), with a character Nextcloud
forbids (``\\ / : * ? " < > |`` and control characters), ending in a dot or a space, or a
name Windows reserves (``CON``, ``NUL``, ``COM1`` …). :func:`safe_name` changes such a
name the same way every time: forbidden characters become ``_``, a reserved name gets
``_``, and the name is cut to :data:`MAX_NAME_BYTES` bytes of UTF-8 keeping its
extension; a changed name ends in ``~`` and eight hex digits of the original's SHA-256,
so that two names changed alike stay apart.
"""

from __future__ import annotations

import hashlib
import re

# Room below the 255 bytes of a file name on Linux and Nextcloud for the conflict copy's
# suffix (" (версия vault-sync 2026-11-21)"), the "(2)" of a twin, and a temporary name.
MAX_NAME_BYTES = 180

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{kind}{n}" for kind in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]]
)
_HASH_DIGITS = 8


def safe_name(stem: str, suffix: str = "", limit: int = MAX_NAME_BYTES) -> str:
    """``stem + suffix`` if every target accepts it, else a valid name at most ``limit``
    bytes long made from it (see the module's documentation). ``suffix`` (".md") is kept."""
    name = stem + suffix
    clean = _FORBIDDEN.sub("_", stem)
    first = clean.split(".", 1)[0] if not clean.startswith(".") else clean
    if first.lower().rstrip(" ") in _RESERVED:
        clean = first + "_" + clean[len(first) :]
    if not suffix:
        clean = clean.rstrip(" .")
    if clean == stem and len(name.encode("utf-8")) <= limit:
        return name
    tag = "~" + hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_DIGITS]
    room = max(0, limit - len((" " + tag + suffix).encode("utf-8")))
    cut = clean.encode("utf-8", "replace")[:room].decode("utf-8", "ignore").rstrip(" .")
    return (f"{cut} {tag}" if cut else tag) + suffix
