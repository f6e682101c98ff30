"""Every feed `build` writes is read without complaint by ical.js and sabre/vobject.

The feed module's own tests check its functions; these check the files the engine
actually assembles (its own event order, its VTIMEZONEs, the common feeds), for the
example vault and for a generated vault of a few hundred notes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from calparsers import (
    assert_same_events,
    icaljs_available,
    parse_with_icaljs,
    parse_with_vobject,
    require_tool,
    vobject_available,
)

from vault_sync.build.engine import Engine
from vault_sync.build.entry import Clock
from vault_sync.config import load_config
from vault_sync.state import State

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from genvault import generate  # noqa: E402


def built_feeds(vault: Path, folder: Path) -> list[Path]:
    engine = Engine(
        load_config(vault, env={}),
        State(":memory:"),
        Clock(now=lambda: datetime(2022, 3, 1, 12, tzinfo=UTC)),
    )
    outputs = engine.refresh().outputs
    paths = []
    for name, data in outputs.items():
        if name.endswith(".ics"):
            path = folder / name.replace("/", "__")
            path.write_bytes(data)
            paths.append(path)
    return sorted(paths)


@pytest.fixture(scope="module")
def example_feeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return built_feeds(ROOT / "examples" / "vault", tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def generated_feeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    vault = generate(tmp_path_factory.mktemp("generated") / "vault", notes=300, seed=7)
    return built_feeds(vault, tmp_path_factory.mktemp("generated-feeds"))


@pytest.mark.parametrize("which", ["example_feeds", "generated_feeds"])
def test_real_parsers_read_every_built_feed_alike(
    which: str, request: pytest.FixtureRequest
) -> None:
    require_tool(icaljs_available(), "ical.js")
    require_tool(vobject_available(), "sabre/vobject")
    feeds: list[Path] = request.getfixturevalue(which)
    assert len(feeds) >= 5
    by_icaljs = parse_with_icaljs(feeds)
    by_vobject = parse_with_vobject(feeds)
    assert sum(len(r["events"]) for r in by_icaljs) > 20
    for first, second in zip(by_icaljs, by_vobject, strict=True):
        assert_same_events(first, second)


@pytest.mark.parametrize("which", ["example_feeds", "generated_feeds"])
def test_icalendar_round_trip(which: str, request: pytest.FixtureRequest) -> None:
    for path in request.getfixturevalue(which):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        again = icalendar.Calendar.from_ical(calendar.to_ical())
        uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
        assert uids == [str(e["UID"]) for e in again.walk("VEVENT")]
        assert len(uids) == len(set(uids)), f"duplicate UID in {path.name}"


def test_krasnoyarsk_meeting_at_14_is_07_utc(example_feeds: list[Path]) -> None:
    require_tool(icaljs_available(), "ical.js")
    require_tool(vobject_available(), "sabre/vobject")
    feed = next(p for p in example_feeds if p.name.endswith("gmo-krasnoyarsk.ics"))
    for result in (parse_with_icaljs([feed])[0], parse_with_vobject([feed])[0]):
        starts = {e["start_utc"] for e in result["events"] if e["start_utc"]}
        assert "2021-09-22T07:00:00Z" in starts, result["events"]
