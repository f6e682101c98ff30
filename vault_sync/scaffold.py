"""EDGE: ``vault-sync init``: a new vault with settings, templates and an example note.

Never overwrites: a file that exists is left as it is.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"

# template file -> where it goes in the new vault
LAYOUT: tuple[tuple[str, str], ...] = (
    ("vault-sync.toml", "vault-sync.toml"),
    ("protocol.md", "Шаблоны/Протокол.md"),
    ("plan.md", "Шаблоны/План.md"),
    ("example.md", "Протоколы/Пример протокола.md"),
)


def scaffold(target: Path) -> list[Path]:
    """Create the vault's files under ``target``; return those created."""
    created = []
    for template, destination in LAYOUT:
        path = target / destination
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((TEMPLATES / template).read_bytes())
        created.append(path)
    return created
