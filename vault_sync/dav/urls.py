"""Addresses and names on the server: quoting paths, content types, loopback hosts.

:func:`check_url` allows plain http to this machine only (:func:`is_loopback`).
"""

from __future__ import annotations

import ipaddress
import mimetypes
from urllib.parse import quote, urlsplit

from vault_sync.errors import InsecureURL

__all__ = ["check_url", "content_type", "is_loopback", "quote_path"]

_CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP address (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def content_type(path: str) -> str:
    """The ``Content-Type`` to upload ``path`` with, from its extension."""
    dot = path.rfind(".")
    suffix = path[dot:].lower() if dot > path.rfind("/") else ""
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type("x" + suffix)
    return guessed or "application/octet-stream"


def quote_path(path: str) -> str:
    """URL-quote each segment of a relative path; ``.`` and ``..`` are refused."""
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise ValueError(f"not a plain relative path: {path!r}")
    return "/".join(quote(s, safe="") for s in segments)


def check_url(url: str) -> str:
    """The server address without a trailing slash; https, or http only to loopback."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise InsecureURL("remote.url_credentials")
    host = parts.hostname or ""
    if parts.scheme == "http":
        if not is_loopback(host):
            raise InsecureURL("remote.insecure_http", host=host)
    elif parts.scheme != "https" or not host:
        raise InsecureURL("remote.url_scheme", url=url)
    return url.rstrip("/")
