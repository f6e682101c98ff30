"""Subscription links for a published feed. Pure.

A feed published to Nextcloud is reached through the public share of its folder
(:func:`folder_link`), unless it has a link of its own from before (:func:`feed_link`).

A calendar app subscribes to an https address; phones and desktop apps open ``webcal://``
links directly in their calendar; Google Calendar adds a feed by URL through its
``cid`` parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

from vault_sync.render import layout


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


def folder_link(folder_url: str, path: str) -> str | None:
    """The address of the feed ``path`` (``calendars/NAME.ics``) inside the public share of
    the feed folder at ``folder_url``; ``None`` for a path outside that folder."""
    prefix = layout.CALENDARS + "/"
    if not path.startswith(prefix):
        return None
    return folder_url.rstrip("/") + "/" + quote(path[len(prefix) :])


def feed_link(path: str, own: Mapping[str, str], folder_url: str | None) -> str | None:
    """A feed's public address: its own link when it has one, else the folder's."""
    if path in own:
        return own[path]
    return folder_link(folder_url, path) if folder_url else None


def feed_links(
    paths: Iterable[str], own: Mapping[str, str], folder_url: str | None
) -> dict[str, str]:
    """Feed path -> public address, for the feeds that have one."""
    return {p: url for p in paths if (url := feed_link(p, own, folder_url)) is not None}
