"""The parts of the WebDAV client that need no server: the worker pool and PROPFIND parsing."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET

import pytest

from vault_sync.dav.multistatus import Entry, parse_multistatus, quoted_etag, same_etag
from vault_sync.dav.pool import run_parallel

BASE = "/remote.php/dav/files/anna/vault-sync/"


class Skipped(Exception):
    def __init__(self, fatal: bool = False) -> None:
        super().__init__()
        self.fatal = fatal


def _raise(exc: Exception) -> None:
    raise exc


def test_pool_returns_failures_as_outcomes_and_calls_back_in_order_of_ending() -> None:
    seen: list[int] = []
    skipped = Skipped()
    results = run_parallel(
        [lambda: 1, lambda: _raise(skipped), lambda: 3],
        2,
        failure=Skipped,
        stops_run=lambda exc: exc.fatal,
        on_done=lambda index, _: seen.append(index),
    )
    assert results == [1, skipped, 3]
    assert sorted(seen) == [0, 1, 2]


@pytest.mark.parametrize("exc", [Skipped(fatal=True), KeyError("not a failure")])
def test_pool_raises_what_stops_the_run_and_sets_abort(exc: Exception) -> None:
    abort = threading.Event()
    with pytest.raises(type(exc)):
        run_parallel(
            [lambda: _raise(exc)] + [lambda: None] * 20,
            1,
            failure=Skipped,
            stops_run=lambda e: e.fatal,
            abort=abort,
        )
    assert abort.is_set()


def test_multistatus_paths_are_relative_to_the_root_and_unquoted() -> None:
    body = f"""<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
  <d:response><d:href>{BASE}</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>
    <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
  <d:response><d:href>{BASE}calendars/%D0%B3%D0%BC%D0%BE.ics</d:href>
    <d:propstat><d:prop><d:getetag>"e1"</d:getetag><d:getcontentlength>12</d:getcontentlength>
      <oc:checksums><oc:checksum>SHA1:aa SHA256:ABC MD5:cc</oc:checksum></oc:checksums>
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
    <d:propstat><d:prop><d:getcontenttype/></d:prop>
    <d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
  <d:response><d:href>/elsewhere/x.ics</d:href></d:response>
</d:multistatus>""".encode()
    assert parse_multistatus(body, BASE) == [
        Entry("", "", None, None),
        Entry("calendars/гмо.ics", '"e1"', 12, "abc"),
    ]
    with pytest.raises(ET.ParseError):
        parse_multistatus(b"<not xml", BASE)


def test_etags_compare_without_quotes_or_weakness() -> None:
    assert same_etag('W/"abc"', "abc") and not same_etag('"abc"', '"abd"')
    assert quoted_etag("abc") == '"abc"' and quoted_etag('W/"abc"') == 'W/"abc"'
