"""EDGE: one push: build, publish what changed to Nextcloud, share the feeds.

The first push of a feed creates its public link; the digests show the links, so when
links are new the digests are built again and pushed once more (only they change).
"""

from __future__ import annotations

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
from vault_sync.errors import ConfigError, VaultError
from vault_sync.notes.model import Problem
from vault_sync.state import State
from vault_sync.sync.nextcloud import NextcloudTarget
from vault_sync.sync.plan import Action
from vault_sync.sync.pushlock import push_lock
from vault_sync.sync.target import SyncReport


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
) -> PushResult:
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
    result.report, _ = deliver(engine, built.outputs, target, force_delete, progress)
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
    engine.set_feed_urls(state.links(key))
    engine.set_conflicts({path: copy for path, (copy, _, _) in state.conflicts(key).items()})


def deliver(
    engine: Engine,
    outputs: Mapping[str, bytes],
    target: NextcloudTarget,
    force_delete: bool = False,
    progress: Callable[[int, int], None] | None = None,
    waiting: Callable[[], None] | None = None,
) -> tuple[SyncReport, set[str]]:
    """Push ``outputs`` (the engine's last pass), then share the feeds.

    The digests show the feeds' links and the conflicts: when those changed, the engine
    assembles them again (reading no note) and they are pushed too. Returns the report
    and the outputs that this second assembly changed (for the other targets).

    One push of the vault at a time (:func:`push_lock`; ``waiting`` is called while
    another one ends, and may raise to give up).
    """
    with push_lock(engine.config.vault, waiting):
        report = target.push(outputs, force_delete, engine.empty, progress)
        if report.unreachable:
            return report, set()
        target.share_feeds(outputs, report)
        engine.set_feed_urls(target.state.links(target.key))
        engine.set_conflicts(report.conflicts)
        again = engine.refresh([])
        if again.changed_outputs:  # the digests now show the links and the conflicts
            more = target.push(again.outputs, force_delete, engine.empty, progress)
            _merge(report, more)
        return report, again.changed_outputs


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
