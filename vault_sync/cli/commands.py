"""The commands: one ``run_*`` function each, taking the parsed arguments and returning
the exit status. They print what they did and raise :class:`~vault_sync.errors.VaultSyncError`
for what stops them; :func:`vault_sync.cli.main.main` shows those.

Heavy modules (the build engine, the state database, the WebDAV client, the importer,
the server) are imported inside the command that needs them, so that ``check``, which
runs in editors' save hooks, starts fast.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from vault_sync import i18n
from vault_sync.build.runtime import LARGE_PASS, collector_paused
from vault_sync.build.workers import default_jobs
from vault_sync.cli.report import (
    check_report,
    print_error,
    print_links,
    print_problems,
    progress_bar,
    summary_line,
    warn_refused,
)
from vault_sync.config import Config, load_config
from vault_sync.errors import (
    EXIT_HELD_BACK,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    DocumentError,
    OutputError,
    UsageError,
    VaultError,
    os_reason,
)
from vault_sync.notes.check import CheckResult, check_files
from vault_sync.notes.model import Association, Problem
from vault_sync.scaffold import scaffold
from vault_sync.vault import read_bytes, scan

if TYPE_CHECKING:  # the importer (python-docx, odfpy) loads only for the import command
    from vault_sync.importer import Imported

log = logging.getLogger("vault_sync")


def require_vault(vault: Path) -> Path:
    """``vault``, if it is a folder; else a VaultError (the commands that write into the
    vault would otherwise create a mistyped path)."""
    if not vault.is_dir():
        if vault.is_symlink() and not vault.exists():  # dangling, or a loop of links
            raise VaultError("vault.broken_link", path=str(vault))
        code = "vault.missing" if not vault.exists() else "vault.not_a_folder"
        raise VaultError(code, path=str(vault))
    return vault


def _config(args: argparse.Namespace, vault: Path) -> Config:
    config = load_config(vault, args.config)
    if args.lang is None:
        args.lang = config.lang
    return config


def run_check(args: argparse.Namespace) -> int:
    vault: Path = args.vault
    config = _config(args, vault)
    result = check_vault(config, keep_notes=False)
    if args.json:
        json.dump(check_report(result, args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_problems(result.problems, args.lang, sys.stdout)
        if not args.quiet:
            print(summary_line(result, args.lang), file=sys.stderr)
    return EXIT_HELD_BACK if result.held_back else EXIT_OK


def check_vault(config: Config, keep_notes: bool = True) -> CheckResult:
    files, scan_problems = scan(config.vault, config.exclude)
    contents = ((f.path, read_bytes(f, config.max_note_bytes), f.size) for f in files)
    with collector_paused(len(files) >= LARGE_PASS):
        result = check_files(contents, config.associations, config.max_note_bytes, keep_notes)
    result.problems[:0] = scan_problems
    return result


def output_folder(config: Config, out: Path | None) -> Path:
    return out if out is not None else config.vault / config.output_dir


def output_error(exc: OSError, out: Path) -> OutputError:
    """What an OSError while writing the output folder ``out`` means for the user."""
    if exc.errno == errno.ENOTDIR or isinstance(exc, FileExistsError):
        # A file stands where the folder (or one of its parents or subfolders) should be.
        start = Path(exc.filename) if exc.filename else out
        blocker = next((p for p in (start, *start.parents) if p.is_file()), None)
        if blocker == out:
            return OutputError("output.is_a_file", path=str(out))
        if blocker is not None:
            return OutputError("output.not_a_folder", path=str(out), blocker=str(blocker))
    return OutputError("output.unwritable", path=str(out), reason=os_reason(exc))


def run_build(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.build.engine import Engine
    from vault_sync.state import State
    from vault_sync.sync.folder import FolderTarget
    from vault_sync.sync.publish import refuse_empty

    config = _config(args, require_vault(args.vault))
    state = State.for_vault(config.vault)
    try:
        engine = Engine(config, state, jobs=args.jobs or default_jobs())
        result = engine.refresh()
        refuse_empty(engine, config, args.force_delete)
        out = output_folder(config, args.out)
        target = FolderTarget(out, state)
        try:
            target.claim(overwrite=args.overwrite)
            report = target.apply(
                result.outputs, force_delete=args.force_delete, vault_empty=engine.empty
            )
        except OSError as exc:
            raise output_error(exc, out) from exc
    finally:
        state.close()
    problems = engine.problems()
    print_problems(problems, args.lang, sys.stdout)
    lang = args.lang
    log.info(
        i18n.render(
            "build.done",
            lang,
            out=str(out),
            written=len(report.written),
            unchanged=report.unchanged,
            removed=len(report.removed),
        )
    )
    for path in report.kept_edited:
        log.warning(i18n.render("build.kept_edited", lang, path=path))
    if report.deletion_refused:
        log.warning(i18n.render("build.deletion_refused", lang, count=len(report.deletion_refused)))
    held_back = engine.held_back()
    if held_back:
        log.warning(i18n.render("build.held_back", lang, count=len(held_back)))
    return EXIT_HELD_BACK if held_back else EXIT_OK


def run_push(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.state import State
    from vault_sync.sync.publish import push

    config = _config(args, require_vault(args.vault))
    lang = args.lang
    state = State.for_vault(config.vault)
    try:
        result = push(
            config,
            state,
            dry_run=args.dry_run,
            force_delete=args.force_delete,
            reshare=args.reshare,
            progress=progress_bar() if sys.stderr.isatty() and not args.quiet else None,
            jobs=args.jobs or default_jobs(),
        )
    finally:
        state.close()
    print_problems(result.problems, lang, sys.stdout)
    if result.report is None:  # a dry run
        for action in result.preview:
            print(i18n.render(f"push.would.{action.kind.value}", lang, path=action.path))
        if not result.preview:
            print(i18n.render("push.nothing", lang))
        warn_refused(result.refused, lang)
        return EXIT_HELD_BACK if result.held_back else EXIT_OK
    report = result.report
    log.info(
        i18n.render(
            "push.done",
            lang,
            created=len(report.created),
            updated=len(report.updated),
            deleted=len(report.deleted),
            unchanged=report.unchanged,
        )
    )
    for path, copy in sorted(report.conflicts.items()):
        log.warning(i18n.render("push.conflict", lang, path=path, copy=copy))
    for path in report.kept_edited:
        log.warning(i18n.render("push.kept_edited", lang, path=path))
    for path, error in sorted(report.failed.items()):
        log.warning(
            i18n.render(
                "push.failed",
                lang,
                path=path,
                reason=i18n.render(error.code, lang, **error.params),
            )
        )
    warn_refused(report.deletion_refused, lang)
    print_links(report.links, lang)
    if report.unreachable:
        log.error(i18n.render("push.unreachable", lang, pending=len(report.pending)))
        return EXIT_UNREACHABLE
    if report.failed:  # the server refused some files even after retries: not published
        left = len(set(report.pending) | set(report.failed))
        log.error(i18n.render("push.incomplete", lang, failed=len(report.failed), pending=left))
        return EXIT_UNREACHABLE
    if result.held_back:
        log.warning(i18n.render("build.held_back", lang, count=len(result.held_back)))
    return EXIT_HELD_BACK if result.held_back or report.conflicts else EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.daemon.loop import Daemon

    # Absolute: "watch ." must name the folder by its path, not the working folder, which
    # stays the old (deleted) one when the vault is deleted and made again.
    vault: Path = require_vault(args.vault).absolute()
    if args.config is not None:
        args.config = args.config.absolute()
    config = _config(args, vault)
    logging.getLogger("watchdog").setLevel(logging.WARNING)  # its chatter is not the journal's
    daemon = Daemon(
        config,
        lang=args.lang,
        polling=args.polling,
        reload=lambda: load_config(vault, args.config),
    )
    return daemon.run()


def run_status(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.dav.urls import check_url
    from vault_sync.state import State
    from vault_sync.sync.publish import published_links, remote_key

    config = _config(args, args.vault)
    lang = args.lang
    checked = check_vault(config, keep_notes=False)
    state = State.for_vault(config.vault)
    try:
        if config.remote is None:
            print(i18n.render("status.no_remote", lang, file=config.source))
            links: dict[str, str] = {}
        else:
            check_url(config.remote.url)  # a password written in the URL: refused, never shown
            key = remote_key(config.remote)
            run = state.run(key)
            print(
                i18n.render(
                    "status.remote",
                    lang,
                    url=config.remote.url,
                    user=config.remote.user,
                    root=config.remote.root,
                )
            )
            if run is None:
                print(i18n.render("status.never", lang))
            else:
                attempt, success, pending, outcome = run
                print(
                    i18n.render(
                        "status.last",
                        lang,
                        attempt=attempt,
                        success=success or "—",
                        outcome=outcome,
                    )
                )
                print(i18n.render("status.pending", lang, pending=pending))
            for path, (copy, _, seen) in sorted(state.conflicts(key).items()):
                print(i18n.render("status.conflict", lang, path=path, copy=copy, seen=seen))
            links = published_links(state, key)
    finally:
        state.close()
    print(i18n.render("status.held_back", lang, count=len(checked.held_back)))
    for path in sorted(checked.held_back):
        print(f"  {i18n.visible(path)}")
    print_links(links, lang)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.serve import serve
    from vault_sync.sync.folder import is_output_folder

    folder = args.dir
    lang = args.lang or i18n.DEFAULT_LANG
    if folder is None:
        config = _config(args, Path("."))
        folder, lang = output_folder(config, None), args.lang
    if not folder.is_dir():
        raise UsageError("serve.no_folder", path=str(folder))
    if (folder / "vault-sync.toml").exists() or (folder / ".vault-sync").exists():
        raise UsageError("serve.a_vault", path=str(folder))  # notes, state, settings
    if not is_output_folder(folder):
        raise UsageError("serve.not_output", path=str(folder))
    try:
        serve(folder, args.port, lang, ready=lambda text: print(text, flush=True))
    except BrokenPipeError:  # our own output closed: main() ends quietly
        raise
    except OSError as exc:  # the port is taken, or may not be used
        raise UsageError("serve.cannot_listen", port=args.port, reason=os_reason(exc)) from exc
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    if args.dir.exists() and not args.dir.is_dir():
        raise VaultError("vault.not_a_folder", path=str(args.dir))
    try:
        created = scaffold(args.dir)
    except OSError as exc:
        raise VaultError("init.failed", path=str(args.dir), reason=os_reason(exc)) from exc
    lang = args.lang or i18n.DEFAULT_LANG
    for path in created:
        print(i18n.render("init.created", lang, path=str(path)))
    if not created:
        print(i18n.render("init.nothing", lang, path=str(args.dir)))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.importer import Limits, import_file

    vault: Path = require_vault(args.into)
    config = _config(args, vault)
    lang = args.lang
    associations = check_vault(config, keep_notes=False).associations  # notes describe some
    if args.association is not None and args.association not in associations:
        known = ", ".join(sorted(associations)) or "—"
        raise UsageError(
            "import.unknown_association", name=args.association, vault=str(vault), known=known
        )
    status, written, partial = EXIT_OK, 0, 0
    limits = Limits(note_bytes=config.max_note_bytes)
    for path in args.files:
        try:
            imported = import_file(
                path, associations, args.association, args.note_type, lang, limits
            )
        except DocumentError as exc:  # this file cannot be read; the others still can
            print_error(exc, lang)
            status = EXIT_USAGE
            continue
        problems = _write_imported(path.name, imported, vault, associations, config, args)
        written += imported.note_type is not None
        if imported.unrecognised or any(p.is_error for p in problems):
            partial += 1
            status = max(status, EXIT_HELD_BACK)  # 1: something was left unrecognised
    if not args.quiet:
        summary = i18n.render(
            "import.summary", lang, total=len(args.files), written=written, partial=partial
        )
        print(summary, file=sys.stderr)
    return status


def _write_imported(
    source: str,
    imported: Imported,
    vault: Path,
    associations: Mapping[str, Association],
    config: Config,
    args: argparse.Namespace,
) -> list[Problem]:
    """Write one imported note, say what it is and what was not recognised, and check it."""
    # lazy: heavy, and `check` (run on every save by editors) must start fast
    from vault_sync.importer import describe, write_note

    lang, quiet, document = args.lang, args.quiet, imported.document
    if document.encoding and not quiet:
        print(i18n.render("import.encoding", lang, source=source, encoding=document.encoding))
    note = write_note(vault, imported) if imported.note_type is not None else None
    if note is not None and not quiet:
        shown = note.relative_to(vault).as_posix()
        what = ", ".join(_import_what(imported, lang))
        print(i18n.render("import.written", lang, source=source, note=shown, what=what))
    for item in imported.unrecognised:
        said = describe(item, document.unit, lang)
        print(i18n.render("import.missed", lang, source=source, text=said))
    if note is None:
        print(i18n.render("import.not_written", lang, source=source))
        return []
    data, relative = note.read_bytes(), note.relative_to(vault).as_posix()
    result = check_files([(relative, data, len(data))], associations, config.max_note_bytes)
    print_problems(result.problems, lang, sys.stdout)
    return result.problems


def _import_what(imported: Imported, lang: str) -> list[str]:
    """ "протокол", and the association and how it was found."""
    what = [i18n.render(f"import.what.{imported.note_type}", lang)]
    if imported.association is None:
        what.append(i18n.render("import.association_none", lang))
    elif imported.guess is None:
        what.append(i18n.render("import.association_given", lang, name=imported.association))
    else:
        words = ", ".join(i18n.quote(w, lang) for w in imported.guess.words)
        what.append(
            i18n.render("import.association_guessed", lang, name=imported.association, words=words)
        )
    return what
