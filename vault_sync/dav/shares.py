"""Nextcloud specifics beyond WebDAV: public share links (the OCS Share API).

The feeds are subscribed to through ONE public link share (share type 3, read only) of
their folder: Nextcloud serves every file of a shared folder, without a password, at
``/public.php/dav/files/<token>/<name>`` (:func:`public_folder_url`), so every feed's
address is known as soon as the folder is shared -- before any feed is uploaded.
:func:`folder_share` reuses the folder's existing public link, when it has one that
calendar programs can read (no password, downloads not hidden, not expired), and creates
the folder and the link otherwise; so running ``push`` again never adds links.
:func:`link_shares` lists the user's live public links in one request: how a push
notices a link deleted or expired on the server.

Feeds shared one by one before (:func:`public_link` of a file) keep their links: the
address is the link plus ``/download`` (:func:`download_url`), which serves the file
itself rather than Nextcloud's preview page; :func:`token_of` reads its token back.

Requests go through :meth:`DavClient.request`, so they share its session, its typed
errors and its logging. The creating POST is not idempotent, so it is never sent again
on its own: the whole *find, else create* step is what is retried, and a link created
by an attempt whose answer was lost is found by the next one.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import requests

from vault_sync.dav.client import DavClient
from vault_sync.errors import BadResponse, ShareRefused

__all__ = [
    "SHARES_API",
    "LinkShare",
    "ShareRefused",
    "download_url",
    "folder_share",
    "link_shares",
    "public_folder_url",
    "public_link",
    "token_of",
]

log = logging.getLogger(__name__)

SHARES_API = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
PUBLIC_LINK = 3  # shareType of a public link
READ = 1  # permissions: read only
_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}


_TOKEN_IN_LINK = re.compile(r"/s/([A-Za-z0-9]+)(?:/download)?/?$")


@dataclass(frozen=True)
class LinkShare:
    """A public link share, as the OCS API describes it."""

    share_id: str
    token: str
    url: str  # https://HOST/s/TOKEN: Nextcloud's own page of the share
    path: str  # the shared file or folder, from the user's home: "/vault-sync/calendars"


def public_link(client: DavClient, path: str) -> str:
    """The public link (``https://HOST/s/TOKEN``) of the file ``path`` (relative to the root).

    Reuses an existing suitable link share of the file; creates one otherwise.
    """
    return client.retrying(lambda: _find_or_create(client, path)).url


def download_url(share_url: str) -> str:
    """The address that serves a shared file itself: what a calendar subscribes to."""
    return share_url.rstrip("/") + "/download"


def token_of(link: str) -> str | None:
    """The share token in a link made by :func:`public_link` or :func:`download_url`."""
    found = _TOKEN_IN_LINK.search(link)
    return found.group(1) if found else None


def public_folder_url(share: LinkShare, server_url: str) -> str:
    """Where Nextcloud serves the files of the shared folder ``share`` to anyone:
    ``<server>/public.php/dav/files/<token>``; a file's address is this + ``/`` + name.

    The server's address is the one Nextcloud put in the share's link (what it knows
    itself as), else ``server_url``.
    """
    base, found, _ = share.url.partition("/s/")
    if not found or not base.startswith(("http://", "https://")):
        base = server_url
    base = base.rstrip("/").removesuffix("/index.php")
    return f"{base}/public.php/dav/files/{share.token}"


def link_shares(client: DavClient) -> list[LinkShare]:
    """The user's public links that calendar programs can read, in one request.

    Deleted and expired links are not among them (Nextcloud deletes an expired link when
    it lists it; one whose expiry has passed is left out here too).
    """
    return client.retrying(lambda: _listed(client, "", None))


def folder_share(client: DavClient, folder: str, known: list[LinkShare]) -> LinkShare:
    """The public link of the folder ``folder`` (relative to the root).

    One of ``known`` (from :func:`link_shares`) when it shares the folder; otherwise the
    folder is created when missing, and its link found again or created.
    """
    shared_path = _shared_path(client, folder)
    for share in known:
        if share.path == shared_path:
            return share

    listed = True  # ``known`` is the list: the first attempt does not ask for it again

    def attempt() -> LinkShare:
        nonlocal listed
        client.ensure_folders([folder])
        seen, listed = listed, False
        return _find_or_create(client, folder, listed=seen)

    return client.retrying(attempt)


def _shared_path(client: DavClient, path: str) -> str:
    return "/" + client.shown_path(path).strip("/")


def _listed(client: DavClient, path: str, shared_path: str | None) -> list[LinkShare]:
    params = {"format": "json", "reshares": "false"}
    if shared_path is not None:
        params["path"] = shared_path
    listed = client.request(
        "GET",
        path,
        url=client.server_url + SHARES_API,
        headers=_HEADERS,
        params=params,
        retry=False,
    )
    shares = _data(listed, client, path, "GET")
    if isinstance(shares, dict):  # one share given as an object rather than a list
        shares = [shares]
    if not isinstance(shares, list):
        raise _bad(client, path, "GET")
    return [
        _link_share(share)
        for share in shares
        if isinstance(share, dict) and _usable(share) and share.get("url") and share.get("token")
    ]


def _link_share(share: dict[str, Any]) -> LinkShare:
    return LinkShare(
        str(share.get("id", "")), str(share["token"]), str(share["url"]), str(share.get("path"))
    )


def _find_or_create(client: DavClient, path: str, *, listed: bool = False) -> LinkShare:
    """``listed``: the caller just looked for a link of ``path``, and found none."""
    shared_path = _shared_path(client, path)
    for share in [] if listed else _listed(client, path, shared_path):
        log.debug("public link of %s exists", shared_path)
        return share
    url = client.server_url + SHARES_API
    created = client.request(
        "POST",
        path,
        url=url,
        headers={**_HEADERS, "Content-Type": "application/x-www-form-urlencoded"},
        params={"format": "json"},
        data=_form(path=shared_path, shareType=PUBLIC_LINK, permissions=READ),
        expected=(200, 400, 403),
        retry=False,
    )
    if created.status_code != 200:
        raise ShareRefused(
            "remote.share_refused",
            method="POST",
            path=client.shown_path(path),
            status=created.status_code,
            host=client.host,
            reason=_meta_message(created) or f"HTTP {created.status_code}",
        )
    share = _data(created, client, path, "POST")
    if not isinstance(share, dict) or not share.get("url") or not share.get("token"):
        raise _bad(client, path, "POST")
    log.debug("public link of %s created", shared_path)
    return _link_share(share)


def _form(**fields: str | int) -> bytes:
    return urlencode(fields).encode("ascii")


def _usable(share: dict[str, Any]) -> bool:
    """A public link that a calendar program can read without anything else."""
    try:
        kind = int(share.get("share_type", -1))
        hidden = int(share.get("hide_download") or 0)
    except (TypeError, ValueError):
        return False
    return (
        kind == PUBLIC_LINK
        and not share.get("password")
        and not hidden
        and not _expired(share.get("expiration"))
    )


def _expired(expiration: Any) -> bool:
    """Whether an expiry date (``"2026-09-01 00:00:00"``, the server's local time) passed."""
    if not expiration:
        return False
    try:
        when = datetime.fromisoformat(str(expiration))
    except ValueError:
        return False  # a form not known: the server is the judge (it deletes expired links)
    return when.replace(tzinfo=None) <= datetime.now()


def _json(response: requests.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _data(response: requests.Response, client: DavClient, path: str, method: str) -> Any:
    body = _json(response)
    if not isinstance(body, dict) or not isinstance(body.get("ocs"), dict):
        raise _bad(client, path, method)
    return body["ocs"].get("data")


def _meta_message(response: requests.Response) -> str:
    body = _json(response)
    try:
        return str(body["ocs"]["meta"]["message"] or "")
    except (TypeError, KeyError):
        return ""


def _bad(client: DavClient, path: str, method: str) -> BadResponse:
    return BadResponse(
        "remote.bad_response", method=method, path=client.shown_path(path), host=client.host
    )
