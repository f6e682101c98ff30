"""A state machine of ``push`` against the real WebDAV server behind the fault proxy.

Hypothesis draws a story: notes added, edited and deleted; published files edited or
deleted on the server by someone else, and files of theirs put beside ours; faults
(dropped connections, 5xx, answers lost after the server acted, answers cut mid-body,
423); pushes, and pushes killed with SIGKILL at a random moment. After every step:

* nothing of anyone else's is overwritten: every file someone edited or put on the server
  keeps their bytes until they delete it;
* nothing is lost: the notes are never touched by a push, and a file we published is
  either there or queued (in the state) to be done again.

At the end, a quiet push (no faults) converges: the server holds exactly the outputs of
the build, except files someone else changed, which keep their version while ours waits
beside them in a conflict copy.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from davserver import DavServer, iter_files, start_dav_server
from faultproxy import FaultProxy
from harness import DAV_PASSWORD, cli_env
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from vault_sync.build.engine import Engine
from vault_sync.config import Config, RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.dav.retry import RetryPolicy
from vault_sync.errors import RemoteError
from vault_sync.state import State
from vault_sync.sync.nextcloud import NextcloudTarget
from vault_sync.sync.publish import deliver, remote_key, show_remote

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
FAULTS = ["drop", "500", "drop-after", "500-after", "cut-after", "423"]
COPY_MARK = "версия vault-sync"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _protocol(number: int, topic: str) -> str:
    return (
        "---\ntype: protocol\nassociation: gmo-krasnoyarsk\n"
        f"number: {number}\ndate: 2022-0{number % 5 + 1}-1{number % 9}\n"
        f"topic: {topic}\n---\n\nЗаседание.\n"
    )


class PushMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="push-machine-"))
        self.dav: DavServer = start_dav_server(self.tmp / "dav", password=DAV_PASSWORD)
        self.proxy = FaultProxy(self.dav.url, seed=7, retry_after=0).start()
        self.vault = self.tmp / "vault"
        shutil.copytree(EXAMPLE, self.vault, ignore=shutil.ignore_patterns(".vault-sync"))
        self.remote = RemoteConfig(self.proxy.url, "anna", "vault-sync")
        self.notes: dict[str, bytes] = {
            p.relative_to(self.vault).as_posix(): p.read_bytes() for p in self.vault.rglob("*.md")
        }
        self.added: list[str] = []
        self.next_number = 10
        self.theirs: dict[str, bytes] = {}  # server path -> the bytes someone else wrote
        self.pushed_once = False

    # --- helpers -----------------------------------------------------------------------
    @property
    def published_root(self) -> Path:
        return self.dav.root / "vault-sync"

    def config(self) -> Config:
        return replace(load_config(self.vault, env={}), remote=self.remote)

    def client(self) -> DavClient:
        return DavClient(
            self.remote,
            Secret(DAV_PASSWORD),
            read_timeout=2.0,
            deadline=3.0,
            retry=RetryPolicy(attempts=3, base=0.01, cap=0.02, max_retry_after=0.5, budget=4.0),
        )

    def push(self) -> tuple[Engine, object]:
        state = State.for_vault(self.vault)
        try:
            engine = Engine(self.config(), state)
            key = remote_key(self.remote)
            show_remote(engine, state, key)
            built = engine.refresh()
            with self.client() as client:
                report, _ = deliver(engine, built.outputs, NextcloudTarget(client, state, key))
            return engine, report
        finally:
            state.close()

    def write_note(self, path: str, text: str) -> None:
        data = text.encode()
        (self.vault / path).write_bytes(data)
        self.notes[path] = data

    def ours_on_server(self) -> list[str]:
        return [
            p
            for p in iter_files(self.published_root)
            if COPY_MARK not in p and p not in self.theirs and not p.startswith("их ")
        ]

    # --- the vault -------------------------------------------------------------------
    @rule(topic=st.sampled_from(["Итоги года", "Чтение летом", "Конкурс чтецов"]))
    def add_note(self, topic: str) -> None:
        path = f"Красноярск ГМО/Протокол №{self.next_number}.md"
        self.write_note(path, _protocol(self.next_number, topic))
        self.added.append(path)
        self.next_number += 1

    @precondition(lambda self: bool(self.added))
    @rule(index=st.integers(min_value=0), topic=st.sampled_from(["Правка", "Ещё правка"]))
    def edit_note(self, index: int, topic: str) -> None:
        path = self.added[index % len(self.added)]
        number = int(path.rsplit("№", 1)[1].removesuffix(".md"))
        self.write_note(path, _protocol(number, f"{topic} {time.monotonic_ns()}"))

    @precondition(lambda self: bool(self.added))
    @rule(index=st.integers(min_value=0))
    def delete_note(self, index: int) -> None:
        path = self.added.pop(index % len(self.added))
        (self.vault / path).unlink()
        del self.notes[path]

    # --- someone else, on the server ---------------------------------------------------
    @precondition(lambda self: self.pushed_once)
    @rule(index=st.integers(min_value=0))
    def someone_edits_a_published_file(self, index: int) -> None:
        ours = self.ours_on_server()
        if ours:
            path = ours[index % len(ours)]
            data = f"правка коллеги {time.monotonic_ns()}\n".encode()
            (self.published_root / path).write_bytes(data)
            self.theirs[path] = data

    @precondition(lambda self: self.pushed_once)
    @rule(index=st.integers(min_value=0))
    def someone_deletes_a_file(self, index: int) -> None:
        files = [
            p
            for p in iter_files(self.published_root)
            if not p.startswith("их ") and COPY_MARK not in p  # our copy beside theirs stays
        ]
        if files:
            path = files[index % len(files)]
            (self.published_root / path).unlink()
            self.theirs.pop(path, None)  # deleting it hands it back to vault-sync

    @precondition(lambda self: self.pushed_once)
    @rule(name=st.sampled_from(["их заметка.md", "их календарь.ics"]))
    def someone_puts_a_file_of_theirs(self, name: str) -> None:
        data = f"{name} {time.monotonic_ns()}\n".encode()
        self.published_root.mkdir(parents=True, exist_ok=True)  # a killed push may not have
        (self.published_root / name).write_bytes(data)
        self.theirs[name] = data

    # --- pushes ------------------------------------------------------------------------
    @rule(
        rate=st.sampled_from([0.0, 0.1, 0.3]), kinds=st.lists(st.sampled_from(FAULTS), min_size=1)
    )
    def push_through_faults(self, rate: float, kinds: list[str]) -> None:
        self.proxy.fault_rate(rate, kinds)
        try:
            self.push()
        except RemoteError:  # a run the faults ended (exit 3): the work stays queued
            pass
        finally:
            self.proxy.clear_faults()
            self.proxy.wait_idle(15)
        self.pushed_once = True

    @rule(delay=st.floats(min_value=0.3, max_value=2.0))
    def push_killed(self, delay: float) -> None:
        env = {
            "VAULT_SYNC_URL": self.proxy.url,
            "VAULT_SYNC_USER": "anna",
            "VAULT_SYNC_ROOT": "vault-sync",
            "VAULT_SYNC_PASSWORD": DAV_PASSWORD,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "vault_sync", "push", "--jobs", "1", str(self.vault)],
            cwd=ROOT,
            env=cli_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        self.proxy.wait_idle(15)
        self.pushed_once = True

    # --- after every step ----------------------------------------------------------------
    @invariant()
    def nothing_of_anyone_else_is_overwritten(self) -> None:
        for path, data in self.theirs.items():
            assert (self.published_root / path).read_bytes() == data, path

    @invariant()
    def the_notes_are_never_touched(self) -> None:
        for path, data in self.notes.items():
            assert (self.vault / path).read_bytes() == data, path

    @invariant()
    def nothing_published_is_lost(self) -> None:
        """A file we published is on the server, or the state knows it must be done again."""
        state = State.for_vault(self.vault)
        try:
            key = remote_key(self.remote)
            published, in_flight = state.published(key), state.in_flight(key)
        finally:
            state.close()
        on_server = set(iter_files(self.published_root))
        for path, row in published.items():
            if path in on_server and path not in self.theirs and path not in in_flight:
                data = (self.published_root / path).read_bytes()
                assert _sha(data) == row.digest, path  # what the state says we wrote

    def teardown(self) -> None:
        try:
            if self.pushed_once:
                self.converges()
        finally:
            self.proxy.stop()
            self.dav.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def converges(self) -> None:
        self.proxy.clear_faults()
        self.push()
        engine, report = self.push()  # quiet: nothing more to do
        assert not report.pending, report
        assert not report.failed, report
        server = {
            p: (self.published_root / p).read_bytes() for p in iter_files(self.published_root)
        }
        copies = [data for p, data in server.items() if COPY_MARK in p]
        for path, data in engine.outputs.items():
            if path in self.theirs:
                assert server[path] == self.theirs[path]
                assert self.theirs[path] == data or data in copies, path  # ours beside theirs
            else:
                assert server.get(path) == data, path
        held = set(report.deletion_refused) | set(report.kept_edited)
        for path in server:
            assert (
                path in engine.outputs or COPY_MARK in path or path in self.theirs or path in held
            ), path


PushMachine.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
test_push_machine = PushMachine.TestCase
