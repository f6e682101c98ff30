"""The fast path and the careful path give every note the same verdict, and check == build.

A note is read by yaml_rs and judged by jsonschema-rs when both are installed (the
``fast`` extra); a note either refuses is re-read by PyYAML and explained by jsonschema.
Neither may change what is published: the same problems, the same typed notes, with the
accelerators and without them. And a note ``check`` calls valid is one ``build`` can
write: interpret gives its typed note, and its calendar events and summary render.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_sync.cli import check_vault
from vault_sync.config import load_config
from vault_sync.notes import schema, yaml_reader
from vault_sync.notes.check import CheckResult, check_files
from vault_sync.notes.model import Association, Plan, Protocol
from vault_sync.notes.source import parse_text
from vault_sync.render import feeds, summaries

ROOT = Path(__file__).resolve().parents[1]
GMO = {"gmo": Association("gmo", "ГМО Красноярска", "ГМО", "Asia/Krasnoyarsk", 4)}


@contextlib.contextmanager
def without_fast_path() -> Iterator[None]:
    """As if the ``fast`` extra (yaml-rs, jsonschema-rs) were not installed."""
    saved = yaml_reader.yaml_rs, schema.jsonschema_rs
    yaml_reader.yaml_rs = None
    schema.jsonschema_rs = None
    schema.fast_validators.cache_clear()
    try:
        yield
    finally:
        yaml_reader.yaml_rs, schema.jsonschema_rs = saved
        schema.fast_validators.cache_clear()


def _outcome(result: CheckResult) -> tuple[Any, ...]:
    problems = sorted(result.problems, key=repr)
    notes = sorted(result.notes, key=lambda n: n.path)
    return problems, notes, sorted(result.held_back), result.checked, result.valid


# --- notes made up of the values where readers and validators tend to differ ----------------


@dataclass(frozen=True)
class Raw:
    """A scalar written as is, unquoted: the YAML reader decides its type."""

    text: str


_plain_numbers = st.sampled_from(
    [
        "1", "2.0", "-0", "+5", "007", "1_000", "0b101", "0x1F", "0X1F", "0o17", "-0o7",
        "1e300", "1e400", ".nan", "-.inf", ".5", "5.", "9" * 4300, "9" * 4301, "0x" + "f" * 4000,
        "12345678901234567890", "14.00", "14:00", "null", "~", "true", "no", "1,000", "0.1_5",
    ]
)  # fmt: skip
_odd_text = st.sampled_from(
    [
        "", " ", "\n", "a\n", "gmo", "gmo\n", "Gmo", "gmo-1", " gmo", "\x1c", "x\x1cy", "\x85",
        "\ufeff", "\u00a0", "\u2028", "\u180e", "٣", "１", "14:00\n", "14:00\x1c", "\u00a014:00",
        "\ufeff14:00", "\x8514:00", " 9:30 ", "14-00", "24:00", "23:59", "14:60", "1.2.",
    ]
)  # fmt: skip
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(
        [
            "0000-01-01", "0001-01-01", "0001-09-01", "0002-01-01", "9997-12-31", "9998-01-01",
            "9999-12-31", "2021-02-29", "2020-02-29", "2021-02-30", "2021-04-31", "2021-13-01",
            "2021-9-1", " 2021-09-22", "2021-09-22 ", "2021-09-22\n", "22.09.2021",
            "2021-09-22T10:00",
            "٢٠٢١-٠٩-٢٢", "２０２１-09-22", "20210922", "2021-W38-3",
        ]
    ),
)  # fmt: skip
_whens = st.sampled_from(
    [
        "22.09.2021", "10 декабря", "до 1 сентября", "31.12.9999", "31.12.9997", "01.01.0001",
        "в течение года", "30 февраля", "29.02.2023", "29 февраля", "декабрь - март", "октябрь",
        "22.09.2021 14:00", "22.09.2021 24:00", "2021-09-22", "9998-01-01", "сентябрь 9999",
        "1 раз в четверть", "",
    ]
)  # fmt: skip
_years = st.sampled_from(
    ["2021/2022", "2021-2022", "9996/9997", "9997/9998", "9998/9999", "0001/0002", "0002/0003",
     "2022/2021", "2021/2022\n", "２０２１/２０２２"]
)  # fmt: skip


def _scalar(*more: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        *more,
        _plain_numbers.map(Raw),
        _odd_text,
        _text,
        st.integers(-3, 40),
        st.integers(),
        st.floats(allow_nan=False),
        st.booleans(),
        st.none(),
    )


def _maybe(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), values.map(lambda v: {key: v}))


def _merged(*parts: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return merged


_decision = st.builds(
    _merged,
    st.fixed_dictionaries({"text": st.one_of(st.just("Сдать отчёт"), _odd_text)}),
    _maybe("due", st.one_of(_whens, _dates, _scalar())),
    _maybe("vote", st.fixed_dictionaries({"for": _scalar()})),
    _maybe("item", _scalar()),
)
_protocols = st.builds(
    _merged,
    st.fixed_dictionaries(
        {
            "type": st.just("protocol"),
            "association": st.one_of(st.just("gmo"), _odd_text),
            "date": st.one_of(_dates, _scalar()),
        }
    ),
    _maybe("number", _scalar()),
    _maybe("time", _scalar()),
    _maybe("topic", _scalar()),
    _maybe("attendance", st.fixed_dictionaries({"count": _scalar()})),
    _maybe("decisions", st.lists(st.one_of(_decision, _odd_text), max_size=3)),
    _maybe("x-note", _scalar()),
)
_event = st.builds(
    _merged,
    st.fixed_dictionaries({"title": st.one_of(st.just("Семинар «Чтение»"), _odd_text)}),
    _maybe("when", st.one_of(_whens, _scalar())),
    _maybe("time", _scalar()),
    _maybe("number", st.one_of(st.sampled_from(["1", "1.2.", "1.2.3", "1..2", "1\n"]), _scalar())),
)
_plans = st.builds(
    _merged,
    st.fixed_dictionaries(
        {
            "type": st.just("plan"),
            "association": st.one_of(st.just("gmo"), _odd_text),
            "academic_year": st.one_of(_years, _scalar()),
        }
    ),
    _maybe("events", st.lists(_event, max_size=3)),
)


def _yaml(value: Any, indent: str = "") -> str:
    """Block YAML: mappings and lists one item a line, scalars raw or as JSON strings."""
    if isinstance(value, dict):
        if not value:
            return " {}"
        return "".join(
            f"\n{indent}{key}:{_yaml(item, indent + '  ')}" for key, item in value.items()
        )
    if isinstance(value, list):
        if not value:
            return " []"
        return "".join(f"\n{indent}-{_yaml(item, indent + '  ')}" for item in value)
    if isinstance(value, Raw):
        return f" {value.text}"
    if isinstance(value, float) and value != value:
        return " .nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return " .inf" if value > 0 else " -.inf"
    return " " + json.dumps(value, ensure_ascii=False)


def _note_text(data: dict[str, Any]) -> str:
    return "---" + _yaml(data) + "\n---\nТекст заметки.\n"


def _check(text: str) -> CheckResult:
    raw = text.encode("utf-8")
    return check_files([("note.md", raw, len(raw))], GMO)


def _renders(note: Protocol | Plan) -> None:
    """What build does with a typed note: its calendar events, their time zones, a summary."""
    events = feeds.feed_events([note], GMO)
    feeds.feed_timezones(events, ["Asia/Krasnoyarsk"])
    if isinstance(note, Protocol):
        summaries.protocol_summary(note, GMO["gmo"])
    else:
        summaries.plan_summary(note, GMO["gmo"])


_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.one_of(_protocols, _plans))
def test_fast_and_careful_paths_give_the_same_verdict(data: dict[str, Any]) -> None:
    text = _note_text(data)
    fast = _check(text)
    with without_fast_path():
        careful = _check(text)
    assert repr(_outcome(fast)) == repr(_outcome(careful))  # repr: NaN is NaN


@_SETTINGS
@given(st.one_of(_protocols, _plans))
def test_the_two_validators_agree_on_the_data_read(data: dict[str, Any]) -> None:
    text = _note_text(data)
    read = parse_text("note.md", text)
    if read.note is None:
        return
    careful = read.note.detailed()
    fast_data = yaml_reader.fast_load(careful.fm_text)
    if fast_data is not None:  # the fast reader may decline; it must never read differently
        assert repr(fast_data) == repr(careful.data)  # repr: NaN is NaN
    reference = schema.validators()[careful.type].is_valid(careful.data)
    try:
        native = schema.fast_validators()[careful.type].is_valid(careful.data)
    except ValueError:  # data jsonschema-rs cannot take: is_valid_fast sends it to the reference
        return
    assert native == reference


@_SETTINGS
@given(st.one_of(_protocols, _plans))
def test_a_note_check_calls_valid_is_built(data: dict[str, Any]) -> None:
    result = _check(_note_text(data))
    if result.errors:
        assert result.notes == [] and "note.md" in result.held_back
        return
    assert len(result.notes) == 1, "a note without errors must yield its typed note"
    note = result.notes[0]
    assert isinstance(note, Protocol | Plan)
    _renders(note)


# --- the cases the review found, each a problem on its field ---------------------------------


def _protocol(*lines: str, date: str = "2021-11-17") -> str:
    return "\n".join(["---", "type: protocol", "association: gmo", f"date: {date}", *lines, "---"])


@pytest.mark.parametrize(
    ("text", "code", "field", "line"),
    [
        (_protocol(date="0000-01-01"), "schema.date_year_zero", "date", 4),
        (_protocol(date="9999-12-31"), "note.year_out_of_range", "date", 4),
        (_protocol(date="0001-06-01"), "note.year_out_of_range", "date", 4),
        (_protocol(date="2021-02-30"), "schema.date_impossible", "date", 4),
        (_protocol("time: '24:00'"), "schema.time", "time", 5),
        (_protocol("number: " + "9" * 4301), "yaml.number_too_long", "number", 5),
        (
            _protocol("attendance:", "  count: " + "9" * 4301),
            "yaml.number_too_long",
            "attendance.count",
            6,
        ),
        (_protocol("number: 1_000"), "schema.type", "number", 5),
        (
            _protocol("decisions:", "  - text: Сдать", "    due: 31.12.9999"),
            "note.year_out_of_range",
            "decisions.1.due",
            7,
        ),
        (
            _protocol("decisions:", "  - text: Сдать", "    due: 5 января", date="9997-12-31"),
            "note.year_out_of_range",
            "decisions.1.due",
            7,
        ),
        (
            _protocol("decisions:", "  - text: Сдать", "    due: 30 февраля"),
            "when.impossible_date",
            "decisions.1.due",
            7,
        ),
        (
            "---\ntype: plan\nassociation: gmo\nacademic_year: 9997/9998\n"
            "events:\n  - title: Семинар\n    when: октябрь\n---",
            "note.year_out_of_range",
            "academic_year",
            4,
        ),
    ],
)
def test_what_python_cannot_hold_is_a_problem_on_its_field(
    text: str, code: str, field: str, line: int
) -> None:
    for result in (_check(text), _careful_check(text)):
        errors = [(p.code, p.field, p.line) for p in result.errors]
        assert errors == [(code, field, line)]
        assert result.notes == []


def _careful_check(text: str) -> CheckResult:
    with without_fast_path():
        return _check(text)


def test_an_integral_float_is_the_integer_it_names() -> None:
    result = _check(_protocol("number: 2.0", "attendance:", "  count: 1e3"))
    assert result.errors == []
    note = result.notes[0]
    assert isinstance(note, Protocol)
    assert note.number == 2 and note.attendance.count == 1000


def test_a_key_that_is_a_number_is_read_as_text_on_both_paths() -> None:
    text = _protocol("1: x")
    for result in (_check(text), _careful_check(text)):
        assert [(p.code, p.field) for p in result.errors] == [("schema.unknown_field", "1")]


# --- whole vaults: the same with and without the accelerators --------------------------------


@pytest.mark.parametrize("vault", ["examples/vault", "tests/data/bad_input"])
def test_a_vault_checks_the_same_without_the_fast_extra(vault: str) -> None:
    config = load_config(ROOT / vault)
    fast = check_vault(config)
    with without_fast_path():
        careful = check_vault(config)
    assert _outcome(fast) == _outcome(careful)
    assert fast.notes  # both corpora have notes that publish
