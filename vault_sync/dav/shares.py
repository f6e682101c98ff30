"""Nextcloud specifics beyond WebDAV: public share links (the OCS Share API).

A feed is subscribed to through a public link share of its file (share type 3, read
only). :func:`public_link` reuses the file's existing public link, when it has one that
calendar programs can read (no password, downloads not hidden), and creates one
otherwise; so running ``push`` again never adds links. The address calendar programs
subscribe to is the link plus ``/download`` (:func:`download_url`), which serves the
file itself rather than Nextcloud's preview page.

Requests go through :meth:`DavClient.request`, so they share its session, its typed
errors and its logging. The creating POST is not idempotent, so it is never sent again
on its own: the whole *find, else create* step is what is retried, and a link created
by an attempt whose answer was lost is found by the next one.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import requests

from vault_sync.dav.client import DavClient
from vault_sync.errors import BadResponse, ShareRefused

__all__ = ["SHARES_API", "ShareRefused", "download_url", "public_link"]

log = logging.getLogger(__name__)

SHARES_API = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
PUBLIC_LINK = 3  # shareType of a public link
READ = 1  # permissions: read only
_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}


def public_link(client: DavClient, path: str) -> str:
    """The public link (``https://HOST/s/TOKEN``) of the file ``path`` (relative to the root).

    Reuses an existing suitable link share of the file; creates one otherwise.
    """
    return client.retrying(lambda: _find_or_create(client, path))


def download_url(share_url: str) -> str:
    """The address that serves a shared file itself: what a calendar subscribes to."""
    return share_url.rstrip("/") + "/download"


def _find_or_create(client: DavClient, path: str) -> str:
    shared_path = "/" + client.shown_path(path).strip("/")
    url = client.server_url + SHARES_API
    listed = client.request(
        "GET",
        path,
        url=url,
        headers=_HEADERS,
        params={"format": "json", "path": shared_path, "reshares": "false"},
        retry=False,
    )
    shares = _data(listed, client, path, "GET")
    if isinstance(shares, dict):  # one share given as an object rather than a list
        shares = [shares]
    if not isinstance(shares, list):
        raise _bad(client, path, "GET")
    for share in shares:
        if isinstance(share, dict) and _usable(share) and share.get("url"):
            log.debug("public link of %s exists", shared_path)
            return str(share["url"])
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
    if not isinstance(share, dict) or not share.get("url"):
        raise _bad(client, path, "POST")
    log.debug("public link of %s created", shared_path)
    return str(share["url"])


def _form(**fields: str | int) -> bytes:
    return urlencode(fields).encode("ascii")


def _usable(share: dict[str, Any]) -> bool:
    """A public link that a calendar program can read without anything else."""
    try:
        kind = int(share.get("share_type", -1))
        hidden = int(share.get("hide_download") or 0)
    except (TypeError, ValueError):
        return False
    return kind == PUBLIC_LINK and not share.get("password") and not hidden


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
