"""The command line: the only place that prints, and that turns errors into exit statuses.

Exit statuses: 0 success, 1 some notes held back (or
conflicts), 2 usage or configuration error, 3 server unreachable.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from vault_sync import __version__, i18n
from vault_sync.build.workers import default_jobs
from vault_sync.config import Config, load_config
from vault_sync.errors import UsageError, VaultError, VaultSyncError
from vault_sync.i18n import format_problem
from vault_sync.notes.check import CheckResult, check_files
from vault_sync.notes.model import Association, Problem
from vault_sync.vault import read_bytes, scan

if TYPE_CHECKING:  # the importer (python-docx, odfpy) loads only for the import command
    from vault_sync.importer import Imported

log = logging.getLogger("vault_sync")

EXIT_OK, EXIT_HELD_BACK, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors exit 2, like every other config error
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


COMMON_DEFAULTS = {"config": None, "lang": None, "verbose": False, "quiet": False}


def build_parser() -> argparse.ArgumentParser:
    # The common options are accepted before and after the command; their defaults are
    # suppressed so that the command's copy does not overwrite what was given before it
    # ("vault-sync -v push"). main() fills in what was given nowhere.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: vault-sync.toml in the vault)",
    )
    common.add_argument(
        "--lang",
        choices=i18n.LANGS,
        help="language of messages: ru (default) or en",
    )
    verbosity = common.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="say more")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    parser = _Parser(
        prog="vault-sync",
        description="Validate the minutes and work plans of a folder of Markdown notes, "
        "build calendars and summaries from them, and publish them to Nextcloud.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"vault-sync {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate every note",
        description="Validate every note; print every problem as "
        "file:line: field: message. Exit 1 if any note is invalid.",
    )
    _vault_argument(check)
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=run_check)

    build = commands.add_parser(
        "build",
        parents=[common],
        help="write calendars, summaries and digests to a folder",
        description="Write the calendar feeds, summaries and digests into a folder (the "
        "embedded default target). Only changed files are rewritten. Exit 1 if notes were "
        "held back.",
    )
    _vault_argument(build)
    build.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="the output folder (default: [output] dir of the settings, "
        ".vault-sync/public in the vault)",
    )
    build.add_argument(
        "--force-delete",
        action="store_true",
        help="remove outputs even when more than half of them would go",
    )
    _jobs_argument(build)
    build.set_defaults(run=run_build)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the built folder over HTTP on 127.0.0.1",
        description="Serve the built feeds and summaries on 127.0.0.1 (text/calendar for "
        "feeds, ETag and Last-Modified) and print the subscription links.",
    )
    serve.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder to serve (default: the build folder of the vault in the current folder)",
    )
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any)")
    serve.set_defaults(run=run_serve)

    push = commands.add_parser(
        "push",
        parents=[common],
        help="build, then publish what changed to Nextcloud",
        description="Build, then publish what changed to the Nextcloud folder of the settings "
        "([remote]); show the subscription links. Exit 1 if notes were held back or files "
        "are in conflict, 3 if the server cannot be reached (the work stays queued).",
    )
    _vault_argument(push)
    push.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be created, updated and deleted; send nothing",
    )
    push.add_argument(
        "--force-delete",
        action="store_true",
        help="delete remote files even when more than half of them would go",
    )
    _jobs_argument(push)
    push.set_defaults(run=run_push)

    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="the daemon: build and publish on every change",
        description="Watch the vault and, on every change, build what changed into the "
        "local folder and publish it to Nextcloud when [remote] is set. Catches up at "
        "start, rescans every 10 minutes, survives the server or the vault folder going "
        "away. Runs until SIGTERM or SIGINT, then exits 0; 2 if another daemon already "
        "watches the vault.",
    )
    _vault_argument(watch)
    watch.add_argument(
        "--polling",
        action="store_true",
        help="poll the folder every second instead of inotify notifications "
        "(network shares: NFS, SMB/CIFS, sshfs)",
    )
    watch.set_defaults(run=run_watch)

    status = commands.add_parser(
        "status",
        parents=[common],
        help="last push, queued work, conflicts, held-back notes, links",
        description="Show the last push, what is still queued, conflicts, notes held back "
        "and the subscription links. Sends no request.",
    )
    _vault_argument(status)
    status.set_defaults(run=run_status)

    init = commands.add_parser(
        "init",
        parents=[common],
        help="scaffold a new vault",
        description="Create a vault: settings, templates, an example.",
    )
    init.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder to create the vault in (default: the current folder)",
    )
    init.set_defaults(run=run_init)

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="turn existing documents (.docx, .odt, .txt, .doc) into notes",
        description="Turn existing minutes and work plans (.docx, .odt, .txt; .doc through "
        "LibreOffice) into notes of the vault: the frontmatter is filled from the text, the "
        "text stays as the note's body, and what was not recognised is listed, in the output "
        'and in the note. A note is never overwritten: a taken name gets " (2)". Exit 1 if '
        "anything was left unrecognised, 2 if a file cannot be read.",
    )
    importer.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="the documents to import"
    )
    importer.add_argument(
        "--into",
        type=Path,
        default=Path("."),
        metavar="VAULT",
        help="the vault to write the notes into (default: the current folder)",
    )
    importer.add_argument(
        "--association",
        metavar="CODE",
        help="the code of the documents' association in the vault (default: found from "
        "the document's words, e.g. the city and ГМО)",
    )
    importer.add_argument(
        "--type",
        dest="note_type",
        choices=("protocol", "plan"),
        help="what the documents are (default: found from their text)",
    )
    importer.set_defaults(run=run_import)
    return parser


def _vault_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "vault",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="VAULT",
        help="the vault folder (default: the current folder)",
    )


def _jobs_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes that read notes when there are many (default: one per core, "
        "up to 4; 1: this process only)",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number from 1 up, not {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    lang = args.lang or i18n.DEFAULT_LANG
    try:
        status: int = args.run(args)
        return status
    except VaultSyncError as exc:
        print(f"vault-sync: {i18n.render(exc.code, lang, **exc.params)}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        return 130


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
    from vault_sync.build.runtime import LARGE_PASS, collector_paused

    files, scan_problems = scan(config.vault, config.exclude)
    contents = ((f.path, read_bytes(f, config.max_note_bytes), f.size) for f in files)
    with collector_paused(len(files) >= LARGE_PASS):
        result = check_files(contents, config.associations, config.max_note_bytes, keep_notes)
    result.problems[:0] = scan_problems
    return result


def print_problems(problems: list[Problem], lang: str, out: TextIO) -> None:
    for found in sorted(problems, key=lambda p: (p.path, p.line or 0, p.field)):
        print(format_problem(found, lang), file=out)


def summary_line(result: CheckResult, lang: str) -> str:
    if not result.problems:
        return i18n.render("check.summary_ok", lang, notes=result.checked)
    return i18n.render(
        "check.summary_bad",
        lang,
        notes=result.checked,
        invalid=len(result.held_back),
        errors=len(result.errors),
        warnings=len(result.warnings),
    )


def check_report(result: CheckResult, lang: str) -> dict[str, Any]:
    return {
        "notes_checked": result.checked,
        "valid": result.valid,
        "held_back": sorted(result.held_back),
        "problems": [
            {
                "file": p.path,
                "line": p.line,
                "field": p.field,
                "severity": p.severity.value,
                "code": p.code,
                "message": i18n.render(p.code, lang, **p.param_dict()),
            }
            for p in sorted(result.problems, key=lambda p: (p.path, p.line or 0, p.field))
        ],
    }


def output_folder(config: Config, out: Path | None) -> Path:
    return out if out is not None else config.vault / config.output_dir


def run_build(args: argparse.Namespace) -> int:
    from vault_sync.build.engine import Engine
    from vault_sync.state import State
    from vault_sync.sync.folder import LocalTarget

    config = _config(args, args.vault)
    state = State.for_vault(config.vault)
    try:
        engine = Engine(config, state, jobs=args.jobs or default_jobs())
        result = engine.refresh()
        out = output_folder(config, args.out)
        report = LocalTarget(out, state).apply(
            result.outputs, force_delete=args.force_delete, vault_empty=engine.empty
        )
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
        log.warning(
            i18n.render("build.deletion_refused", lang, count=len(report.deletion_refused))
        )
    held_back = engine.held_back()
    if held_back:
        log.warning(i18n.render("build.held_back", lang, count=len(held_back)))
    return EXIT_HELD_BACK if held_back else EXIT_OK


def run_push(args: argparse.Namespace) -> int:
    from vault_sync.state import State
    from vault_sync.sync.publish import push

    config = _config(args, args.vault)
    lang = args.lang
    state = State.for_vault(config.vault)
    try:
        result = push(
            config,
            state,
            dry_run=args.dry_run,
            force_delete=args.force_delete,
            progress=_progress_bar() if sys.stderr.isatty() and not args.quiet else None,
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
        _refused(result.refused, lang)
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
    _refused(report.deletion_refused, lang)
    _print_links(report.links, lang)
    if report.unreachable:
        log.error(i18n.render("push.unreachable", lang, pending=len(report.pending)))
        return EXIT_UNREACHABLE
    if result.held_back:
        log.warning(i18n.render("build.held_back", lang, count=len(result.held_back)))
    return EXIT_HELD_BACK if result.held_back or report.conflicts else EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    from vault_sync.daemon.loop import Daemon

    vault: Path = args.vault
    if not vault.is_dir():
        code = "vault.missing" if not vault.exists() else "vault.not_a_folder"
        raise VaultError(code, path=str(vault))
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
    from vault_sync.state import State
    from vault_sync.sync.publish import remote_key

    config = _config(args, args.vault)
    lang = args.lang
    checked = check_vault(config, keep_notes=False)
    state = State.for_vault(config.vault)
    try:
        if config.remote is None:
            print(i18n.render("status.no_remote", lang, file=config.source))
            links: dict[str, str] = {}
        else:
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
            links = state.links(key)
    finally:
        state.close()
    print(i18n.render("status.held_back", lang, count=len(checked.held_back)))
    for path in sorted(checked.held_back):
        print(f"  {path}")
    _print_links(links, lang)
    return EXIT_OK


def _refused(paths: list[str], lang: str) -> None:
    if paths:
        log.warning(i18n.render("build.deletion_refused", lang, count=len(paths)))


def _print_links(links: dict[str, str], lang: str) -> None:
    from vault_sync.render.links import subscription_links

    for path, url in sorted(links.items()):
        print(i18n.render("serve.feed", lang, name=path))
        for label, link in subscription_links(url).items():
            print(f"  {label}: {link}")


def _progress_bar() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return show


def run_serve(args: argparse.Namespace) -> int:
    from vault_sync.serve import serve

    folder = args.dir
    lang = args.lang or i18n.DEFAULT_LANG
    if folder is None:
        config = _config(args, Path("."))
        folder, lang = output_folder(config, None), args.lang
    if not folder.is_dir():
        raise UsageError("serve.no_folder", path=str(folder))
    serve(folder, args.port, lang, ready=lambda text: print(text, flush=True))
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from vault_sync.scaffold import scaffold

    created = scaffold(args.dir)
    lang = args.lang or i18n.DEFAULT_LANG
    for path in created:
        print(i18n.render("init.created", lang, path=str(path)))
    if not created:
        print(i18n.render("init.nothing", lang, path=str(args.dir)))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from vault_sync.importer import DocumentError, import_file

    vault: Path = args.into
    if not vault.is_dir():
        code = "vault.missing" if not vault.exists() else "vault.not_a_folder"
        raise VaultError(code, path=str(vault))
    config = _config(args, vault)
    lang = args.lang
    associations = check_vault(config, keep_notes=False).associations  # notes describe some
    if args.association is not None and args.association not in associations:
        known = ", ".join(sorted(associations)) or "—"
        raise UsageError(
            "import.unknown_association", name=args.association, vault=str(vault), known=known
        )
    status, written, partial = EXIT_OK, 0, 0
    for path in args.files:
        try:
            imported = import_file(path, associations, args.association, args.note_type, lang)
        except DocumentError as exc:  # this file cannot be read; the others still can
            print(f"vault-sync: {i18n.render(exc.code, lang, **exc.params)}", file=sys.stderr)
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
            i18n.render(
                "import.association_guessed", lang, name=imported.association, words=words
            )
        )
    return what


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
