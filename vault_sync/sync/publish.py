"""EDGE: one push: check the feeds' public links, build, publish what changed to Nextcloud.

The feeds are reached through one public share of their folder, so their links are known
before anything is uploaded: a push checks the share first (one request; it is created
on the first push and made again when deleted on the server), then builds the digests
with the links once, and uploads each file once. Conflicts found while pushing are shown
in the top digest, which is then pushed again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vault_sync.build.engine import Engine
from vault_sync.config import Config, RemoteConfig
from vault_sync.credentials import load_password
from vault_sync.dav.client import DavClient
from vault_sync.dav.urls import check_url
from vault_sync.errors import ConfigError, Unreachable, VaultError
from vault_sync.notes.model import Problem
from vault_sync.render.links import feed_links
from vault_sync.state import State
from vault_sync.sync.nextcloud import NextcloudTarget, feed_paths, links_of
from vault_sync.sync.plan import Action
from vault_sync.sync.pushlock import push_lock
from vault_sync.sync.target import SyncReport

log = logging.getLogger(__name__)


def remote_key(remote: RemoteConfig) -> str:
    """How the state names a remote: the same folder of the same user on the same server."""
    return f"dav:{remote.url}/remote.php/dav/files/{remote.user}/{remote.root.strip('/')}"


def require_remote(config: Config) -> RemoteConfig:
    if config.remote is None:
        raise ConfigError("push.not_configured", file=config.source)
    check_url(config.remote.url)  # a password in the URL is refused before anything else
    return config.remote


@dataclass
class PushResult:
    report: SyncReport | None = None  # None for a dry run
    preview: list[Action] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    held_back: dict[str, list[Problem]] = field(default_factory=dict)


def push(
    config: Config,
    state: State,
    *,
    dry_run: bool = False,
    force_delete: bool = False,
    progress: Callable[[int, int], None] | None = None,
    env: Mapping[str, str] | None = None,
    client_factory: Callable[[RemoteConfig, Config], DavClient] | None = None,
    jobs: int = 1,
    reshare: bool = False,
) -> PushResult:
    """``reshare``: feeds with links of their own move to the folder share's links (so
    does ``[remote] keep_file_links = false``)."""
    remote = require_remote(config)
    key = remote_key(remote)
    engine = Engine(config, state, jobs=jobs)
    show_remote(engine, state, key)
    built = engine.refresh()
    refuse_empty(engine, config, force_delete)
    result = PushResult(problems=engine.problems(), held_back=engine.held_back())
    if dry_run:
        target = NextcloudTarget(_NoClient(), state, key)  # type: ignore[arg-type]
        result.preview, result.refused = target.preview(built.outputs, force_delete, engine.empty)
        return result
    if client_factory is not None:
        target = NextcloudTarget(client_factory(remote, config), state, key)
    else:
        target = open_remote(config, state, env)
    # The public links are checked, and the digests assembled again if they changed (no
    # note is read again), before anything is uploaded: one PUT per file.
    result.report, _ = deliver(
        engine,
        built.outputs,
        target,
        force_delete,
        progress,
        reshare=reshare or not remote.keep_file_links,
    )
    return result


def open_remote(
    config: Config, state: State, env: Mapping[str, str] | None = None, **options: Any
) -> NextcloudTarget:
    """The Nextcloud target of the settings, its password loaded; ``options`` go to DavClient."""
    remote = require_remote(config)
    return NextcloudTarget(_client(remote, config, env, **options), state, remote_key(remote))


def refuse_empty(engine: Engine, config: Config, force_delete: bool) -> None:
    """An emptied or unmounted vault publishes nothing at all (no feed emptied, no file
    deleted), anywhere, unless ``force_delete`` says the notes really are gone."""
    if engine.empty and not force_delete:
        raise VaultError("vault.empty", path=str(config.vault))


def show_remote(engine: Engine, state: State, key: str) -> None:
    """Give the engine what the state knows of the remote: the feeds' links, the conflicts."""
    own, folder = links_of(state, key)
    engine.set_feed_urls(own, folder)
    engine.set_conflicts({path: copy for path, (copy, _, _) in state.conflicts(key).items()})


def published_links(state: State, key: str) -> dict[str, str]:
    """Feed path -> public address, for the feeds published to the remote ``key``."""
    own, folder = links_of(state, key)
    return feed_links(feed_paths(state.published(key)), own, folder)


def check_shares(target: NextcloudTarget, reshare: bool = False) -> bool:
    """Check the feeds' public links on the server (see NextcloudTarget.check_shares);
    ``False`` when the server could not be reached (the push then reports it)."""
    try:
        target.check_shares(reshare)
    except Unreachable:
        return False
    return True


def deliver(
    engine: Engine,
    outputs: Mapping[str, bytes],
    target: NextcloudTarget,
    force_delete: bool = False,
    progress: Callable[[int, int], None] | None = None,
    waiting: Callable[[], None] | None = None,
    *,
    check: bool = True,
    reshare: bool = False,
) -> tuple[SyncReport, set[str]]:
    """Push ``outputs`` (the engine's last pass), the feeds' links checked first.

    With ``check`` (not done yet for this push), the public links are checked; when they
    changed, the engine assembles the digests again (reading no note) before anything is
    pushed. After the push, the top digest shows the conflicts: when they changed, it is
    pushed too. Returns the report and the outputs changed by these assemblies (for the
    other targets).

    One push of the vault at a time (:func:`push_lock`; ``waiting`` is called while
    another one ends, and may raise to give up).
    """
    with push_lock(engine.config.vault, waiting):
        changed: set[str] = set()
        if check and check_shares(target, reshare):
            own, folder = target.links_shown()
            engine.set_feed_urls(own, folder)
            again = engine.refresh([])
            outputs, changed = again.outputs, set(again.changed_outputs)
        report = target.push(outputs, force_delete, engine.empty, progress)
        if report.unreachable:
            return report, changed
        report.links = target.feed_links(outputs)
        engine.set_conflicts(report.conflicts)
        again = engine.refresh([])
        if again.changed_outputs:  # the top digest now shows the conflicts
            more = target.push(again.outputs, force_delete, engine.empty, progress)
            _merge(report, more)
            changed |= again.changed_outputs
        return report, changed


def _client(
    remote: RemoteConfig, config: Config, env: Mapping[str, str] | None = None, **options: Any
) -> DavClient:
    base = Path(config.source).parent if config.source != "(defaults)" else config.vault
    password = load_password(remote, os.environ if env is None else env, base_dir=base)
    return DavClient(remote, password, **options)


def _merge(report: SyncReport, more: SyncReport) -> None:
    report.created += more.created
    report.updated += more.updated
    report.deleted += more.deleted
    report.conflicts.update(more.conflicts)
    report.failed.update(more.failed)
    report.pending = more.pending
    report.unreachable = more.unreachable


class _NoClient:
    """A dry run sends nothing: any attempt to would be a bug."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"a dry run must not use the server ({name})")
