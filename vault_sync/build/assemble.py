"""The outputs of a build, assembled from what each note contributes. Pure.

Per association, cached between refreshes: its feed, its digest, its summaries, and the
blobs of its events that the all-associations and deadlines feeds are joined from; so a
rebuild after one edit costs the edited association plus a join, not a pass over every
note. The top digest is rebuilt only when what it shows changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol as Interface
from urllib.parse import quote

from vault_sync import i18n
from vault_sync.build.entry import Entry
from vault_sync.config import Config
from vault_sync.notes.model import Association, Note, Plan, Problem
from vault_sync.notes.when import academic_year_of
from vault_sync.render import digests, layout
from vault_sync.render.feeds import (
    FeedInfo,
    minuted_meetings,
    render_feed,
    short_name,
    zone_timezones,
)
from vault_sync.render.links import feed_link, subscription_links
from vault_sync.render.outputs import Outputs


class NotesView(Interface):
    """What the assembler reads of the engine's notes."""

    @property
    def associations(self) -> dict[str, Association]: ...

    def held_back(self) -> dict[str, list[Problem]]: ...

    def day(self) -> date: ...

    def members(self, key: str) -> list[tuple[str, Entry]]: ...

    def association_of_path(self, path: str) -> str | None: ...


@dataclass
class Pieces:
    """What one association contributes to the outputs, kept between refreshes."""

    key: str  # the association's id
    files: dict[str, bytes]  # its feed, digest and summaries
    common: tuple[bytes, ...]  # its notes' meetings and activities (the entries' blobs)
    deadlines: tuple[bytes, ...]  # its notes' deadlines
    years: set[tuple[str, int]]  # (zone, year) of its timed events, for VTIMEZONEs
    current: list[Note]  # its notes the overall digest can show
    facts: digests.AssociationFacts  # what the overall digest shows of it
    row: list[str]  # its row in the overall digest's table, but for the held-back count


def common_blobs(entries: list[Entry]) -> tuple[bytes, ...]:
    """The meetings and activities of an association's notes, in their order; a plan's
    meeting whose minutes are among them is left out (see feeds.minuted_meetings)."""
    planned = [meeting for entry in entries for meeting, _ in entry.planned]
    minuted = minuted_meetings(planned, [e.held for e in entries if e.held is not None])
    blobs: list[bytes] = []
    index = 0
    for entry in entries:
        if entry.common:
            blobs.append(entry.common)
        for _, blob in entry.planned:
            if index not in minuted:
                blobs.append(blob)
            index += 1
    return tuple(blobs)


def summary_paths_of(key: str, paths: list[str]) -> dict[str, str]:
    """Note path -> summary path; two notes with one name get "(2)", "(3)" in path order."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for path in paths:
        target = layout.summary_path(key, path)
        stem, n = target[:-3], 2
        while target in taken:
            target, n = f"{stem} ({n}).md", n + 1
        taken.add(target)
        result[path] = target
    return result


class Assembler:
    """The build's outputs (path -> bytes), brought up to date association by association."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.outputs = Outputs()
        self._pieces: dict[str, Pieces] = {}
        self._digest_inputs: tuple[object, ...] = ()  # what the top digest was built from
        self._feed_urls: dict[str, str] = {}  # feed path -> its own public URL (set_feed_urls)
        self._folder_url: str | None = None  # public share of the feed folder (set_feed_urls)
        self._conflicts: dict[str, str] = {}  # published path -> our copy (set_conflicts)
        self.links_changed = False  # every digest shows the links: rebuild them all

    def rebuild_top_digest(self) -> None:
        self._digest_inputs = ()

    def assemble(self, view: NotesView, dirty: set[str]) -> set[str]:
        """Bring :attr:`outputs` up to date; return the paths that changed.

        Per association, cached: its feed, its digest, its summaries, and the blobs of its
        events that the common feeds are joined from; so a rebuild after one edit costs the
        edited association plus a join, not a pass over every note.
        """
        changed: set[str] = set()
        first = not self.outputs
        common_feeds = {layout.ALL_FEED, layout.DEADLINES_FEED}
        stale_feeds = set(common_feeds) if first else set()  # the common feeds to join again
        for gone in set(self._pieces) - set(view.associations):
            for path in self._pieces.pop(gone).files:
                self.outputs.remove(path)
                changed.add(path)
            stale_feeds = set(common_feeds)
        held_back = view.held_back()
        # The top digest shows each association's facts and row, the held-back notes, the
        # day: most edits (a typo in old minutes) change none of them, and it is kept.
        digest_changed = (
            first
            or not self._digest_inputs
            or (held_back, view.day(), set(view.associations)) != self._digest_inputs
        )
        for key in sorted(dirty & set(view.associations)):
            old = self._pieces.get(key)
            self._pieces[key] = new = self._association_pieces(view, key, held_back)
            before = old.files if old is not None else {}
            for path in before.keys() - new.files.keys():
                self.outputs.remove(path)
                changed.add(path)
            changed |= self._put(new.files)
            if old is None or old.years != new.years:  # the time zones of both
                stale_feeds = set(common_feeds)
            if old is not None and old.common != new.common:
                stale_feeds.add(layout.ALL_FEED)
            if old is not None and old.deadlines != new.deadlines:
                stale_feeds.add(layout.DEADLINES_FEED)
            digest_changed |= old is None or (old.facts, old.row) != (new.facts, new.row)
        if stale_feeds:
            changed |= self._put(self._common_feeds(view, stale_feeds))
        if digest_changed:
            self._digest_inputs = (held_back, view.day(), set(view.associations))
            changed |= self._put(self._overall_digest(view, held_back))
        return changed

    def _put(self, files: dict[str, bytes]) -> set[str]:
        changed = set()
        for path, data in files.items():
            if self.outputs.put(path, data):
                changed.add(path)
        return changed

    def _association_pieces(
        self, view: NotesView, key: str, held_back: dict[str, list[Problem]]) -> Pieces:
        association, lang = view.associations[key], self.config.lang
        mine = view.members(key)
        summary_paths = summary_paths_of(key, [path for path, _ in mine])
        files = {summary_paths[path]: entry.summary for path, entry in mine}
        common = common_blobs([entry for _, entry in mine])
        deadlines = tuple(entry.deadlines for _, entry in mine if entry.deadlines)
        years = set().union(*(entry.zone_years for _, entry in mine))
        info = FeedInfo(
            short_name(association),
            i18n.text("feed.association.description", lang, name=association.name),
            self.config.refresh_minutes,
            lang,
        )
        zones = zone_timezones(years, [association.timezone])
        files[layout.feed_path(key)] = render_feed(info, common + deadlines, zones)
        own_held = {p: v for p, v in held_back.items() if view.association_of_path(p) == key}
        notes = [entry.typed for _, entry in mine if entry.typed is not None]
        files[layout.digest_path(key)] = digests.association_digest(
            association, notes, own_held, view.day(), lang, self._links(view, key), summary_paths
        ).encode("utf-8")
        current = self._current_notes(view, notes)
        facts = digests.association_facts(current, view.day(), lang)
        row = digests.association_row(association, facts, lang)
        return Pieces(key, files, common, deadlines, years, current, facts, row)

    def _current_notes(self, view: NotesView, notes: list[Note]) -> list[Note]:
        """The notes the overall digest can show: from the previous academic year on."""
        since = academic_year_of(view.day()) - 1
        return [
            n
            for n in notes
            if (
                n.academic_year >= since
                if isinstance(n, Plan)
                else academic_year_of(n.date) >= since
            )
        ]

    def _overall_digest(
        self, view: NotesView, held_back: dict[str, list[Problem]]
    ) -> dict[str, bytes]:
        lang = self.config.lang
        pieces = [self._pieces[key] for key in sorted(self._pieces)]
        result = {}
        owners = {
            path: owner
            for path in held_back
            if (owner := view.association_of_path(path)) is not None
        }
        # Notes only place held-back files by folder; the facts carry everything else.
        placed = [note for piece in pieces for note in piece.current[:1]] if held_back else []
        result[layout.digest_path(None)] = digests.overall_digest(
            view.associations,
            placed,
            held_back,
            view.day(),
            lang,
            self._all_links(view),
            held_back_associations=owners,
            facts={key: self._pieces[key].facts for key in self._pieces},
            row_cells={key: self._pieces[key].row for key in self._pieces},
            conflicts=self._conflicts,
        ).encode("utf-8")
        return result

    def _common_feeds(self, view: NotesView, names: set[str]) -> dict[str, bytes]:
        """The all-associations or the deadlines feed (``names``), joined from each
        association's blobs."""
        lang = self.config.lang
        pieces = [self._pieces[key] for key in sorted(self._pieces)]
        zones = zone_timezones(
            set().union(*(piece.years for piece in pieces)),
            [a.timezone for a in view.associations.values()],
        )
        result = {}
        for name, blobs in (
            (layout.ALL_FEED, [blob for p in pieces for blob in p.common]),
            (layout.DEADLINES_FEED, [blob for p in pieces for blob in p.deadlines]),
        ):
            if name not in names:
                continue
            info = FeedInfo(
                i18n.text(f"feed.{name}.name", lang),
                i18n.text(f"feed.{name}.description", lang),
                self.config.refresh_minutes,
                lang,
            )
            result[layout.feed_path(name)] = render_feed(info, blobs, zones)
        return result

    def set_conflicts(self, conflicts: Mapping[str, str]) -> None:
        """Published files edited on the server (path -> our copy), for the top digest."""
        if dict(conflicts) != self._conflicts:
            self._conflicts = dict(conflicts)
            self._digest_inputs = ()  # rebuild the top digest

    def set_feed_urls(self, urls: Mapping[str, str], folder: str | None = None) -> None:
        """Public addresses of the feeds: their own (feed path -> URL, e.g. per-file
        Nextcloud share links), else inside the public share of the feed folder at
        ``folder``; the next refresh puts them in the digests."""
        if dict(urls) != self._feed_urls or folder != self._folder_url:
            self._feed_urls = dict(urls)
            self._folder_url = folder
            self.links_changed = True

    def _links(self, view: NotesView, feed: str) -> dict[str, str] | None:
        """Subscription links of a feed: its public link, or one under ``base_url``."""
        url = feed_link(layout.feed_path(feed), self._feed_urls, self._folder_url)
        if url is not None:
            return subscription_links(url)
        if self.config.base_url is None:
            return None
        return subscription_links(f"{self.config.base_url}/{quote(layout.feed_path(feed))}")

    def _all_links(self, view: NotesView) -> dict[str, dict[str, str]] | None:
        if self.config.base_url is None and not self._feed_urls and self._folder_url is None:
            return None
        names = [layout.ALL_FEED, layout.DEADLINES_FEED, *sorted(view.associations)]
        return {name: links for name in names if (links := self._links(view, name)) is not None}
