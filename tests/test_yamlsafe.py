"""The YAML reader: YAML 1.2 scalars, lines of every value, no surprises from YAML 1.1."""

from __future__ import annotations

import pytest

from vault_sync import yamlsafe


def test_times_dates_and_norway_stay_text() -> None:
    doc = yamlsafe.load("time: 14:00\ndate: 2021-09-22\nanswer: no\nflag: true\nn: 29\n")
    assert doc.data == {"time": "14:00", "date": "2021-09-22", "answer": "no", "flag": True,
                        "n": 29}


def test_lines_of_nested_values_are_recorded() -> None:
    doc = yamlsafe.load("a: 1\ndecisions:\n  - text: x\n    due: y\n")
    assert doc.lines[("decisions", 0, "due")] == 3
    assert doc.lines[("a",)] == 0


def test_unquoted_numbers_remember_how_they_were_typed() -> None:
    doc = yamlsafe.load("time: 14.00\n")
    assert doc.data == {"time": 14.0} and doc.plain_text[("time",)] == "14.00"


def test_quoted_values_are_always_text() -> None:
    assert yamlsafe.load("a: '5'\nb: \"true\"\n").data == {"a": "5", "b": "true"}


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc = yamlsafe.load("a: 1\nb: 2\na: 3\n")
    assert doc.duplicates == [(("a",), 0, 2)] and doc.data["a"] == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x [*x]\n", "yaml.too_deep"),
        ("a: !!python/name:os.system x\n", "yaml.tag"),
        ("a: *missing\n", "yaml.alias"),
        ("<<: {a: 1}\n", "yaml.merge"),
        ("? [a]\n: 1\n", "yaml.complex_key"),
        ("a: 'open\n", "yaml.unclosed_quote"),
    ],
)
def test_dangerous_or_broken_yaml_is_refused(text: str, code: str) -> None:
    with pytest.raises(yamlsafe.YamlProblem) as caught:
        yamlsafe.load(text)
    assert caught.value.code == code
