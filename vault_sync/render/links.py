"""Subscription links for a published feed. Pure.

A calendar app subscribes to an https address; phones and desktop apps open ``webcal://``
links directly in their calendar; Google Calendar adds a feed by URL through its
``cid`` parameter.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit


def webcal(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def google(url: str) -> str:
    return "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe="")


def subscription_links(url: str) -> dict[str, str]:
    """The links shown to people, in the order they are shown."""
    return {
        "https" if url.startswith("https:") else "http": url,
        "webcal": webcal(url),
        "Google": google(url),
    }
