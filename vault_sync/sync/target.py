"""The sync algorithm, run the same way against every target: plan, then carry out.

Like vdirsyncer, which keeps its sync algorithm apart from its storages, vault-sync has
one algorithm (:func:`vault_sync.sync.plan.plan`) and two targets: the local folder
(:mod:`vault_sync.sync.folder`) and Nextcloud (:mod:`vault_sync.sync.nextcloud`). A
target tells the algorithm what it has published and whether a file is still there,
and carries out the actions; :func:`synchronize` is the one place that runs the three
steps (plan -> execute -> record): each target records every action in the state as it
must (the folder in one transaction, Nextcloud request by request, so a crash resumes).
Both report in one :class:`SyncReport`, which the CLI and the daemon read the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from vault_sync.render.outputs import digest_of
from vault_sync.sync.plan import Published, SyncPlan, plan

if TYPE_CHECKING:  # the local folder needs no HTTP client
    from vault_sync.errors import RemoteError

Progress = Callable[[int, int], None]  # (actions done, actions in all)


@dataclass
class SyncReport:
    """What one run did to a target. Nextcloud fills the fields below ``deletion_refused``."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_edited: list[str] = field(default_factory=list)  # not deleted: someone changed it
    deletion_refused: list[str] = field(default_factory=list)  # mass deletion held back
    conflicts: dict[str, str] = field(default_factory=dict)  # path -> its conflict copy
    pending: list[str] = field(default_factory=list)  # not done: the server was unreachable
    recovered: list[str] = field(default_factory=list)  # in flight at a crash, found done
    failed: dict[str, RemoteError] = field(default_factory=dict)  # still failing: retried next
    links: dict[str, str] = field(default_factory=dict)  # feed path -> subscription URL
    unreachable: bool = False

    @property
    def quiet(self) -> bool:
        """Nothing was changed on the target (nothing written, deleted or copied)."""
        return not (
            self.created or self.updated or self.deleted or self.conflicts or self.recovered
        )

    @property
    def written(self) -> list[str]:
        """The files written (created or updated), in path order."""
        return sorted([*self.created, *self.updated])

    @property
    def removed(self) -> list[str]:
        """The files deleted."""
        return self.deleted


@runtime_checkable
class Target(Protocol):
    """What the sync algorithm needs of a place the outputs are published to."""

    @property
    def key(self) -> str:
        """How the state names this target ("local:<folder>", "dav:<files URL>")."""
        ...

    def published(self) -> Mapping[str, Published]:
        """Every file vault-sync published there and still answers for (the whole table)."""
        ...

    def holds(self, path: str) -> bool:
        """Whether a published file is still there (asked of files the plan leaves alone)."""
        ...

    def execute(
        self,
        sync: SyncPlan,
        outputs: Mapping[str, bytes],
        report: SyncReport,
        progress: Progress | None = None,
    ) -> None:
        """Carry out ``sync.actions`` with the bytes of ``outputs``, record each in the
        state, and put what happened in ``report``."""
        ...


def plan_for(
    target: Target,
    outputs: Mapping[str, bytes],
    *,
    only: Iterable[str] | None = None,
    force_delete: bool = False,
    vault_empty: bool = False,
) -> SyncPlan:
    """The plan that makes ``target`` hold ``outputs`` (``only``: see :func:`plan`)."""
    return plan(
        Digests(outputs),
        target.published(),
        force_delete=force_delete,
        vault_empty=vault_empty,
        only=only,
        present=target.holds,
    )


def synchronize(
    target: Target,
    outputs: Mapping[str, bytes],
    *,
    only: Iterable[str] | None = None,
    force_delete: bool = False,
    vault_empty: bool = False,
    progress: Progress | None = None,
    report: SyncReport | None = None,
) -> SyncReport:
    """Make ``target`` hold ``outputs``: plan, carry out, record. ``only`` limits the
    paths looked at (those a rebuild changed); deletions are held back by the planner."""
    report = SyncReport() if report is None else report
    sync = plan_for(target, outputs, only=only, force_delete=force_delete, vault_empty=vault_empty)
    report.unchanged += sync.unchanged
    report.deletion_refused += sync.deletions_refused
    target.execute(sync, outputs, report, progress)
    return report


class Digests(Mapping[str, str]):
    """The digests of ``outputs`` as a mapping, computed (or read from the cache of an
    :class:`~vault_sync.render.outputs.Outputs`) only for the paths the plan looks at."""

    __slots__ = ("_outputs",)

    def __init__(self, outputs: Mapping[str, bytes]) -> None:
        self._outputs = outputs

    def __getitem__(self, path: str) -> str:
        return digest_of(self._outputs, path)

    def __contains__(self, path: object) -> bool:
        return path in self._outputs

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)
