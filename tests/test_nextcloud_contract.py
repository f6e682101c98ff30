"""OPT-IN contract tests against a REAL Nextcloud: the feeds' public links.

They run only when ``VAULT_SYNC_NEXTCLOUD_ENV`` names a credentials file (lines
``NC_URL=…``, ``NC_USER=…``, ``NC_APP_PASSWORD=…``); otherwise they are skipped, also
under ``VAULT_SYNC_REQUIRE_TOOLS=1`` (CI cannot install Nextcloud):

    VAULT_SYNC_NEXTCLOUD_ENV=/root/nextcloud-test/credentials.env python -m pytest -m nextcloud

Each test publishes into a fresh folder ``vault-sync-test-<random>`` of that user and
deletes it, and the link shares under it, afterwards. Requests are counted by wrapping
the real client's session (nothing is faked: the server is Nextcloud).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import requests

from vault_sync.config import Config, RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.dav.shares import SHARES_API
from vault_sync.state import State
from vault_sync.sync.publish import PushResult, push

ENV_FILE = "VAULT_SYNC_NEXTCLOUD_ENV"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS_FEED = "calendars/gmo-krasnoyarsk.ics"
KRAS_DIGEST = "gmo-krasnoyarsk/Readme.md"
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}


def nextcloud_credentials(env: Mapping[str, str]) -> dict[str, str]:
    """The credentials file named by ``VAULT_SYNC_NEXTCLOUD_ENV``; skips the test without it."""
    name = env.get(ENV_FILE)
    if not name:
        pytest.skip(f"no real Nextcloud: set {ENV_FILE} to its credentials file")
    values: dict[str, str] = {}
    for line in Path(name).read_text("utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip().strip('"')
    missing = {"NC_URL", "NC_USER", "NC_APP_PASSWORD"} - set(values)
    if missing:
        pytest.fail(f"{name} lacks {', '.join(sorted(missing))}")
    return values


@dataclass
class Nextcloud:
    url: str
    user: str
    password: str
    root: str  # the fresh folder of this test
    counts: Counter[str]

    @property
    def remote(self) -> RemoteConfig:
        return RemoteConfig(self.url, self.user, self.root)

    def session(self) -> requests.Session:
        session = requests.Session()
        session.auth = (self.user, self.password)
        return session

    def client(self, remote: RemoteConfig, config: Config) -> DavClient:
        """The real client, its requests counted by method."""
        client = DavClient(remote, Secret(self.password))
        session = client._session
        send = session.request

        def counted(method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
            self.counts[method.upper()] += 1
            return send(method, url, *args, **kwargs)

        session.request = counted  # type: ignore[method-assign]
        return client

    def shares(self) -> list[dict[str, Any]]:
        answer = self.session().get(
            self.url + SHARES_API,
            headers=OCS,
            params={"format": "json", "reshares": "false"},
            timeout=30,
        )
        answer.raise_for_status()
        return [s for s in answer.json()["ocs"]["data"] if s["path"].startswith(f"/{self.root}/")]

    def delete_share(self, share_id: str) -> None:
        self.session().delete(
            f"{self.url}{SHARES_API}/{share_id}", headers=OCS, timeout=30
        ).raise_for_status()


@pytest.fixture
def nextcloud() -> Iterator[Nextcloud]:
    values = nextcloud_credentials(os.environ)
    cloud = Nextcloud(
        values["NC_URL"].rstrip("/"),
        values["NC_USER"],
        values["NC_APP_PASSWORD"],
        f"vault-sync-test-{secrets.token_hex(4)}",
        Counter(),
    )
    try:
        requests.get(cloud.url + "/status.php", timeout=10).raise_for_status()
    except requests.RequestException as exc:
        pytest.fail(f"the Nextcloud of {ENV_FILE} does not answer: {exc}")
    yield cloud
    for share in cloud.shares():
        cloud.delete_share(str(share["id"]))
    cloud.session().request(
        "DELETE", f"{cloud.url}/remote.php/dav/files/{cloud.user}/{cloud.root}", timeout=30
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    return target


def run_push(vault: Path, cloud: Nextcloud) -> PushResult:
    config = replace(load_config(vault, env={}), remote=cloud.remote)
    state = State.for_vault(vault)
    try:
        result = push(config, state, client_factory=cloud.client)
    finally:
        state.close()
    assert result.report is not None and not result.report.unreachable
    assert not result.report.failed and not result.report.conflicts
    return result


def published(cloud: Nextcloud, path: str) -> str:
    answer = cloud.session().get(
        f"{cloud.url}/remote.php/dav/files/{cloud.user}/{cloud.root}/{path}", timeout=30
    )
    answer.raise_for_status()
    return answer.content.decode("utf-8")


def subscribe(link: str) -> bytes:
    """What a calendar program gets: a plain GET of the link, no password, no cookie."""
    answer = requests.get(link, timeout=30)
    assert answer.status_code == 200, (link, answer.status_code)
    return answer.content


@pytest.mark.nextcloud
def test_first_push_one_put_per_file_and_the_links_serve_the_feeds(
    vault: Path, nextcloud: Nextcloud
) -> None:
    result = run_push(vault, nextcloud)
    assert result.report is not None
    files = result.report.created
    assert nextcloud.counts["PUT"] == len(files) == len(set(files)) > 10
    print(f"\nfirst push on Nextcloud: {dict(nextcloud.counts)}, {len(files)} files")
    shares = nextcloud.shares()
    assert [(s["path"], s["item_type"]) for s in shares] == [
        (f"/{nextcloud.root}/calendars", "folder")
    ]
    links = result.report.links
    assert set(links) == {f for f in files if f.startswith("calendars/")}
    for path, link in links.items():
        assert f"/public.php/dav/files/{shares[0]['token']}/" in link
        assert subscribe(link) == published(nextcloud, path).encode("utf-8")
    assert links[KRAS_FEED] in published(nextcloud, KRAS_DIGEST)

    nextcloud.counts.clear()
    run_push(vault, nextcloud)
    print(f"no-op push on Nextcloud: {dict(nextcloud.counts)}")
    # the share check, and the one look at the root folder that finds remote deletions
    assert dict(nextcloud.counts) == {"GET": 1, "PROPFIND": 1}


@pytest.mark.nextcloud
def test_a_new_associations_feed_is_reachable_after_one_push(
    vault: Path, nextcloud: Nextcloud
) -> None:
    run_push(vault, nextcloud)
    note = (vault / "Объединения" / "РМО Советского района.md").read_text("utf-8")
    (vault / "Объединения" / "Новое РМО.md").write_text(
        note.replace("id: rmo-sovetsky", "id: rmo-kirovsky"), "utf-8"
    )
    protocol = vault / "РМО Советского района" / "Протокол РМО №1 от 05.10.2021.md"
    (vault / "РМО Советского района" / "Протокол Кировского РМО.md").write_text(
        protocol.read_text("utf-8")
        .replace("association: rmo-sovetsky", "association: rmo-kirovsky")
        .replace("number: 1", "number: 7"),
        "utf-8",
    )
    nextcloud.counts.clear()
    result = run_push(vault, nextcloud)
    assert result.report is not None and nextcloud.counts["POST"] == 0
    link = result.report.links["calendars/rmo-kirovsky.ics"]
    assert link in published(nextcloud, "rmo-kirovsky/Readme.md")
    assert b"BEGIN:VCALENDAR" in subscribe(link)


@pytest.mark.nextcloud
def test_a_deleted_share_is_made_again_on_the_next_push(vault: Path, nextcloud: Nextcloud) -> None:
    first = run_push(vault, nextcloud).report
    assert first is not None
    old = first.links[KRAS_FEED]
    (share,) = nextcloud.shares()
    nextcloud.delete_share(str(share["id"]))
    assert requests.get(old, timeout=30).status_code != 200  # dead (Nextcloud 34: 503)
    result = run_push(vault, nextcloud).report
    assert result is not None
    new = result.links[KRAS_FEED]
    assert new != old
    digest = published(nextcloud, KRAS_DIGEST)
    assert new in digest and old not in digest
    assert old not in published(nextcloud, "Readme.md")
    assert subscribe(new) == published(nextcloud, KRAS_FEED).encode("utf-8")


def test_without_the_variable_the_contract_tests_skip_even_when_tools_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VAULT_SYNC_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.skip.Exception):
        nextcloud_credentials({"VAULT_SYNC_REQUIRE_TOOLS": "1"})
