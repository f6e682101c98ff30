"""What a PROPFIND asks and how its ``207 Multi-Status`` answer is read; ETag helpers.

:func:`parse_multistatus` turns the XML into :class:`Entry` rows (path relative to the
client's root, ETag, size, SHA-256 from ``oc:checksums``). It raises
:class:`xml.etree.ElementTree.ParseError` on a body that is not XML; the client maps that
to its ``BadResponse`` error, which names the request.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

__all__ = [
    "DAV",
    "OC",
    "PROPFIND_BODY",
    "Entry",
    "RemoteStat",
    "bare_etag",
    "parse_multistatus",
    "quoted_etag",
    "relative_path",
    "same_etag",
    "sha256_of",
]

DAV = "{DAV:}"
OC = "{http://owncloud.org/ns}"
PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>'
    b"<d:getetag/><d:getcontentlength/><d:resourcetype/><oc:checksums/>"
    b"</d:prop></d:propfind>"
)


class RemoteStat(NamedTuple):
    etag: str
    size: int | None  # None for a folder


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the root; a folder ends with "/"
    etag: str
    size: int | None
    sha256: str | None  # from oc:checksums, when the server keeps one


def parse_multistatus(body: bytes, base_path: str) -> list[Entry]:
    """The entries of a multistatus answer that lie under ``base_path`` (the root's URL
    path, unquoted, ending with ``/``); :class:`ET.ParseError` if ``body`` is not XML."""
    document = ET.fromstring(body)
    entries = []
    for response in document.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href") or ""
        relative = relative_path(href, base_path)
        if relative is None:
            continue
        found: dict[str, ET.Element] = {}
        for propstat in response.iter(f"{DAV}propstat"):
            status = (propstat.findtext(f"{DAV}status") or "").split()
            if len(status) < 2 or status[1] != "200":
                continue
            for prop in propstat.iter(f"{DAV}prop"):
                for child in prop:
                    found[child.tag] = child
        resourcetype = found.get(f"{DAV}resourcetype")
        is_folder = href.endswith("/") or (
            resourcetype is not None and resourcetype.find(f"{DAV}collection") is not None
        )
        etag_element = found.get(f"{DAV}getetag")
        etag = (etag_element.text or "").strip() if etag_element is not None else ""
        size_element = found.get(f"{DAV}getcontentlength")
        size = None
        if not is_folder and size_element is not None and size_element.text:
            try:
                size = int(size_element.text.strip())
            except ValueError:
                size = None
        relative = relative.strip("/")
        if is_folder and relative:
            relative += "/"
        entries.append(Entry(relative, etag, size, sha256_of(found.get(f"{OC}checksums"))))
    return entries


def relative_path(href: str, base_path: str) -> str | None:
    """The path of ``href`` relative to ``base_path``, unquoted; ``None`` if outside it."""
    full = unquote(urlsplit(href).path)
    if full.rstrip("/") == base_path.rstrip("/"):
        return ""
    if not full.startswith(base_path):
        return None
    return full[len(base_path) :]


def sha256_of(checksums: ET.Element | None) -> str | None:
    """The SHA-256 in Nextcloud's ``oc:checksums`` (``SHA1:… SHA256:… MD5:…``), if any."""
    if checksums is None:
        return None
    text = " ".join(checksums.itertext())
    for item in text.split():
        kind, _, value = item.partition(":")
        if kind.upper() == "SHA256" and value:
            return value.lower()
    return None


def bare_etag(etag: str) -> str:
    """``W/"abc"`` and ``"abc"`` -> ``abc``."""
    etag = etag.strip()
    if etag.startswith("W/"):
        etag = etag[2:]
    return etag.strip('"')


def quoted_etag(etag: str) -> str:
    """The ETag as an ``If-Match`` value: quoted unless it already is (or is weak)."""
    etag = etag.strip()
    return etag if etag.startswith(('"', "W/")) else f'"{etag}"'


def same_etag(a: str, b: str) -> bool:
    """Whether two ETags name the same version, quoting and weakness aside."""
    return bare_etag(a) == bare_etag(b)
