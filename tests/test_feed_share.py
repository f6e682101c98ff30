"""The feeds' public links: one public share of the ``calendars/`` folder, on the server
emulation (tests/davserver.py: wsgidav laid out like Nextcloud, with its OCS share API a
FAKE and ``/public.php/dav/files/<token>/`` an emulation, named so there).

The same promises against a real Nextcloud: tests/test_nextcloud_contract.py.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from davserver import DavServer, iter_files
from faultproxy import FaultProxy
from harness import DAV_PASSWORD

from vault_sync.config import Config, RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav import shares
from vault_sync.dav.client import DavClient
from vault_sync.dav.retry import RetryPolicy
from vault_sync.errors import ConfigError
from vault_sync.state import SCHEMA_VERSION, State
from vault_sync.sync.publish import PushResult, push, remote_key

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS_FEED = "calendars/gmo-krasnoyarsk.ics"
KRAS_DIGEST = "gmo-krasnoyarsk/Readme.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    return target


def settings(vault: Path, proxy: FaultProxy, **remote: bool) -> Config:
    config = load_config(vault, env={})
    return replace(config, remote=RemoteConfig(proxy.url, "anna", "vault-sync", **remote))


def fast_client(remote: RemoteConfig, config: Config) -> DavClient:
    return DavClient(
        remote,
        Secret(DAV_PASSWORD),
        read_timeout=2.0,
        retry=RetryPolicy(attempts=4, base=0.01, cap=0.05, max_retry_after=2.0),
    )


def run_push(
    vault: Path, proxy: FaultProxy, *, reshare: bool = False, **remote: bool
) -> PushResult:
    state = State.for_vault(vault)
    try:
        result = push(
            settings(vault, proxy, **remote), state, client_factory=fast_client, reshare=reshare
        )
    finally:
        state.close()
    assert result.report is not None and not result.report.unreachable
    return result


def published(dav: DavServer, path: str) -> str:
    return (dav.root / "vault-sync" / path).read_text("utf-8")


def folder_shares(dav: DavServer) -> list[dict[str, object]]:
    return [s for s in dav.shares if s["path"] == "/vault-sync/calendars"]


def add_association(vault: Path, ident: str) -> None:
    """A new association (a note of type association) with one protocol."""
    note = (vault / "Объединения" / "РМО Советского района.md").read_text("utf-8")
    (vault / "Объединения" / f"{ident}.md").write_text(
        note.replace("id: rmo-sovetsky", f"id: {ident}"), "utf-8"
    )
    folder = vault / f"{ident} РМО"
    folder.mkdir()
    protocol = (vault / "РМО Советского района" / "Протокол РМО №1 от 05.10.2021.md").read_text(
        "utf-8"
    )
    (folder / "Протокол РМО №1 от 05.10.2021.md").write_text(
        protocol.replace("association: rmo-sovetsky", f"association: {ident}"), "utf-8"
    )


def test_first_push_sends_one_put_per_file_and_the_links_serve_the_feeds(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    result = run_push(vault, proxy)
    files = list(iter_files(dav.root / "vault-sync"))
    assert proxy.counts["PUT"] == len(files) == len(set(files))  # one pass, no second round
    assert proxy.counts["POST"] == 1 and len(dav.shares) == 1  # one share: the folder's
    share = folder_shares(dav)[0]
    assert share["item_type"] == "folder"
    links = result.report.links if result.report else {}
    assert set(links) == {f for f in files if f.startswith("calendars/")}
    for path, link in links.items():
        assert link == f"{proxy.url}/public.php/dav/files/{share['token']}/{path[10:]}"
        answer = requests.get(link, timeout=10)  # a calendar program: no password
        assert answer.status_code == 200
        assert answer.content == (dav.root / "vault-sync" / path).read_bytes()
    assert links[KRAS_FEED] in published(dav, KRAS_DIGEST)
    assert links["calendars/all.ics"] in published(dav, "Readme.md")


def test_a_push_with_nothing_changed_sends_one_request_the_share_check(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    proxy.reset_counts()
    run_push(vault, proxy)
    # the share check, and the one look at the root folder that finds remote deletions
    assert dict(proxy.counts) == {"GET": 1, "PROPFIND": 1}
    assert [r.path.split("?")[0] for r in proxy.requests("GET")] == [
        "/ocs/v2.php/apps/files_sharing/api/v1/shares"
    ]


def test_a_new_associations_feed_is_reachable_after_one_push(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    add_association(vault, "rmo-kirovsky")
    proxy.reset_counts()
    result = run_push(vault, proxy)
    assert result.report is not None
    link = result.report.links["calendars/rmo-kirovsky.ics"]
    assert link in published(dav, "rmo-kirovsky/Readme.md")
    assert link in published(dav, "Readme.md")
    answer = requests.get(link, timeout=10)
    assert answer.status_code == 200 and b"BEGIN:VCALENDAR" in answer.content
    assert proxy.counts["POST"] == 0  # the folder's share already covers it


@pytest.mark.parametrize("how", ["deleted", "expired"])
def test_a_share_gone_on_the_server_is_made_again_and_the_digests_follow(
    vault: Path, dav: DavServer, proxy: FaultProxy, how: str
) -> None:
    first = run_push(vault, proxy).report
    assert first is not None
    old = first.links[KRAS_FEED]
    if how == "deleted":
        dav.shares.clear()
    else:
        dav.shares[0]["expiration"] = "2000-01-01 00:00:00"
    assert requests.get(old, timeout=10).status_code == 503  # as Nextcloud 34 answers
    result = run_push(vault, proxy).report
    assert result is not None
    new = result.links[KRAS_FEED]
    assert new != old and len(folder_shares(dav)) == 1
    digest = published(dav, KRAS_DIGEST)
    assert new in digest and old not in digest
    assert old not in published(dav, "Readme.md")
    assert requests.get(new, timeout=10).status_code == 200


def test_an_existing_folder_share_is_found_again(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    state = State.for_vault(vault)  # the state knows no share (e.g. made by another machine)
    state.drop_folder_share(remote_key(RemoteConfig(proxy.url, "anna", "vault-sync")))
    state.close()
    proxy.reset_counts()
    result = run_push(vault, proxy).report
    assert proxy.counts["POST"] == 0 and len(dav.shares) == 1
    assert result is not None and dav.shares[0]["token"] in result.links[KRAS_FEED]


def _legacy_links(vault: Path, dav: DavServer, proxy: FaultProxy) -> dict[str, str]:
    """What an older vault-sync left: a share per feed file, its link in the state."""
    client = fast_client(RemoteConfig(proxy.url, "anna", "vault-sync"), load_config(vault))
    state = State.for_vault(vault)
    key = remote_key(RemoteConfig(proxy.url, "anna", "vault-sync"))
    links = {}
    try:
        for path in ("calendars/all.ics", KRAS_FEED):
            links[path] = shares.download_url(shares.public_link(client, path))
            state.save_link(key, path, links[path])
        state.drop_folder_share(key)
    finally:
        state.close()
        client.close()
    for share in folder_shares(dav):
        dav.shares.remove(share)
    return links


def test_feeds_shared_one_by_one_keep_their_links_until_reshare(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    legacy = _legacy_links(vault, dav, proxy)
    result = run_push(vault, proxy).report
    assert result is not None
    assert result.links[KRAS_FEED] == legacy[KRAS_FEED]  # subscribers' links keep working
    assert legacy[KRAS_FEED] in published(dav, KRAS_DIGEST)
    assert "/public.php/dav/files/" in result.links["calendars/gmo-novosibirsk.ics"]
    assert requests.get(legacy[KRAS_FEED], timeout=10).status_code == 200

    moved = run_push(vault, proxy, reshare=True).report
    assert moved is not None
    assert all("/public.php/dav/files/" in link for link in moved.links.values())
    assert legacy[KRAS_FEED] not in published(dav, KRAS_DIGEST)
    assert moved.links[KRAS_FEED] in published(dav, KRAS_DIGEST)
    assert requests.get(legacy[KRAS_FEED], timeout=10).status_code == 200  # still valid


def test_keep_file_links_false_moves_everyone_to_the_folder_link(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    legacy = _legacy_links(vault, dav, proxy)
    result = run_push(vault, proxy, keep_file_links=False).report
    assert result is not None and legacy[KRAS_FEED] != result.links[KRAS_FEED]
    assert legacy[KRAS_FEED] not in published(dav, KRAS_DIGEST)


def test_a_dead_link_of_a_feed_shared_alone_gives_way_to_the_folder_link(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    legacy = _legacy_links(vault, dav, proxy)
    run_push(vault, proxy)
    token = shares.token_of(legacy[KRAS_FEED])
    dav.shares[:] = [s for s in dav.shares if s["token"] != token]  # deleted on the server
    result = run_push(vault, proxy).report
    assert result is not None
    assert result.links[KRAS_FEED] != legacy[KRAS_FEED]
    assert legacy[KRAS_FEED] not in published(dav, KRAS_DIGEST)
    assert result.links["calendars/all.ics"] == legacy["calendars/all.ics"]  # alive: kept
    assert requests.get(result.links[KRAS_FEED], timeout=10).status_code == 200


def test_a_dry_run_sends_nothing_and_shows_the_known_links(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    state = State.for_vault(vault)
    try:
        result = push(settings(vault, proxy), state, dry_run=True)
    finally:
        state.close()
    assert result.preview and sum(proxy.counts.values()) == 0


def test_state_of_schema_4_keeps_its_links(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    State(path).close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE folder_shares")
    db.execute("INSERT INTO links VALUES ('dav:x', 'calendars/a.ics', 'https://h/s/T/download')")
    db.execute("PRAGMA user_version=4")
    db.commit()
    db.close()
    state = State(path)
    try:
        assert SCHEMA_VERSION == 5
        assert state.db.execute("PRAGMA user_version").fetchone()[0] == 5
        assert state.links("dav:x") == {"calendars/a.ics": "https://h/s/T/download"}
        assert state.folder_share("dav:x") is None
    finally:
        state.close()


def test_keep_file_links_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "vault-sync.toml").write_text(
        '[remote]\nurl = "https://cloud.example"\nuser = "u"\nkeep_file_links = "no"\n', "utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, env={})
    assert caught.value.params["option"] == "[remote] keep_file_links"
    (tmp_path / "vault-sync.toml").write_text(
        '[remote]\nurl = "https://cloud.example"\nuser = "u"\nkeep_file_links = false\n', "utf-8"
    )
    remote = load_config(tmp_path, env={}).remote
    assert remote is not None and remote.keep_file_links is False


def test_public_folder_url_follows_the_servers_own_address() -> None:
    share = shares.LinkShare("1", "Tok123", "https://cloud.school.ru/index.php/s/Tok123", "/x")
    assert (
        shares.public_folder_url(share, "http://127.0.0.1")
        == "https://cloud.school.ru/public.php/dav/files/Tok123"
    )
    odd = shares.LinkShare("1", "Tok123", "", "/x")
    assert shares.public_folder_url(odd, "http://h") == "http://h/public.php/dav/files/Tok123"
    assert shares.token_of("https://h/s/AbC9/download") == "AbC9"
    assert shares.token_of("https://h/elsewhere") is None
    assert re.fullmatch(r"[A-Za-z0-9]+", "Tok123")
