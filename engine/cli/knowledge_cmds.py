"""`lanthorn add|sources|remove|search`: the knowledge base from the command line.

`sources` and `remove` never load the embedding model (importing it takes seconds); `add` and
`search` do, once per process: `search --json -` answers one query per stdin line with it.
What `add` takes (its help, and the reason an unsupported file fails) comes from the reader
registry's list of kinds, the same list the desktop's file dialog shows.

`add` takes YouTube links too: a playlist adds each of its videos (each with its own result
line, then one line for the playlist), and progress names each video as it is read.
Recordings and videos show their progress in seconds of sound (`0:40/3:25`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from engine.cli import session
from engine.cli.chat_cmds import location_json
from engine.cli.output import ProgressLine
from engine.knowledge import readers
from engine.types import (
    BYTES,
    SECONDS,
    AddResult,
    Hit,
    Progress,
    Source,
    SourceGroup,
    SourceKind,
    clock,
)

EXIT_SOME_FAILED = 1


def register(sub: Any) -> None:
    """Add `add`, `sources`, `remove` and `search` to the subcommand parser."""
    kinds = readers.kinds()
    add = sub.add_parser(
        "add", help="index files, whole folders, or links (YouTube videos and playlists)",
        epilog=_kinds_epilog(kinds), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("paths", nargs="+", metavar="PATH", help="a file, a folder or a link")
    add.add_argument("--password", help="password of encrypted PDFs")
    add.add_argument(
        "--transcribe-audio", action="store_true",
        help="for videos without captions, download their sound and transcribe it here "
        "(this run only; the setting is 'Transcribe videos without captions')",
    )
    add.set_defaults(func=run_add)

    sources = sub.add_parser("sources", help="the documents in the knowledge base")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(func=run_sources)

    remove = sub.add_parser("remove", help="remove a source, or a playlist with its videos")
    which = remove.add_mutually_exclusive_group(required=True)
    which.add_argument("source_id", type=int, nargs="?", metavar="SOURCE_ID")
    which.add_argument("--playlist", type=int, metavar="ID", help="a playlist and its videos")
    remove.set_defaults(func=run_remove)

    search = sub.add_parser("search", help="find the passages that match a question")
    search.add_argument("query", metavar="QUERY", help='the question, or "-": one per stdin line')
    search.add_argument("-k", type=int, default=5, metavar="N", help="results to show (5)")
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)


def describe(progress: Progress) -> str:
    """One line of progress: `talk.mp3: transcribing 0:40/3:25, about 12 s left`."""
    if progress.total is None and not progress.done:
        return f"{progress.item}: {progress.stage}…"
    if progress.unit == SECONDS:
        done, total = clock(progress.done), clock(progress.total or 0)
    elif progress.unit == BYTES:
        done, total = f"{progress.done / 1e6:.1f}", f"{(progress.total or 0) / 1e6:.1f} MB"
    else:
        done, total = str(progress.done), str(progress.total or "?")
    if progress.total is None:
        total = "?"
    eta = "" if progress.eta_s is None else f", about {progress.eta_s:.0f} s left"
    return f"{progress.item}: {progress.stage} {done}/{total}{eta}"


def _kinds_epilog(kinds: tuple[SourceKind, ...]) -> str:
    lines = [f"  {kind.label}: {' '.join(kind.suffixes)}" for kind in kinds if kind.suffixes]
    links = [kind.label for kind in kinds if kind.url_patterns]
    if links:
        lines.append(f"  links to: {', '.join(links)}")
    return "Lanthorn reads:\n" + "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run_add(args: argparse.Namespace) -> int:
    """Index the paths; exit 1 when any file failed (each failure on its own stderr line)."""
    progress = ProgressLine(describe)
    opened = session.open_engine(video_audio=True) if args.transcribe_audio else (
        session.open_engine()
    )
    with opened as engine:
        kinds_known = engine.knowledge.kinds()
        resumed = engine.knowledge.resume_indexing(progress=progress)
        report = engine.knowledge.add_sources(
            args.paths, password=args.password, progress=progress
        )
        groups = {g.id: g for g in engine.knowledge.list_groups()}
    progress.end()
    for result in resumed.results + report.results:
        _print_result(result)
    _print_playlists(report.results, groups)
    if not report.results:
        kinds = "; ".join(f"{k.label} ({', '.join(k.suffixes)})" for k in kinds_known if k.suffixes)
        print(f"lanthorn: nothing to add in {', '.join(args.paths)}: no file of a kind Lanthorn "
              f"reads was found. It reads {kinds}.", file=sys.stderr, flush=True)
        return EXIT_SOME_FAILED
    return EXIT_SOME_FAILED if report.failed else 0


def _print_result(result: AddResult) -> None:
    named = _named(result)
    if not result.ok:
        print(f"{named}: {_one_line(result.error)}", file=sys.stderr, flush=True)
        return
    verb = "already indexed" if result.already_present else "indexed"
    print(f"{verb} as source {result.source_id}: {named}", flush=True)
    if result.notice:
        print(f"{named}: note: {_one_line(result.notice)}", file=sys.stderr, flush=True)


def _named(result: AddResult) -> str:
    """A file as given; a link with the video's title (`https://… (A talk)`)."""
    if result.title and readers.is_link(result.path):
        return f"{result.path} ({result.title})"
    return result.path


def _print_playlists(results: tuple[AddResult, ...], groups: dict[int, SourceGroup]) -> None:
    """One line per playlist added: how many of its videos are indexed, how many failed."""
    for group_id in dict.fromkeys(r.group_id for r in results if r.group_id is not None):
        mine = [r for r in results if r.group_id == group_id]
        failed = sum(1 for r in mine if not r.ok)
        group = groups.get(group_id)
        title = f" “{group.title}”" if group is not None else ""
        line = (f"playlist {group_id}{title}: {len(mine) - failed} of {len(mine)} videos "
                f"indexed" + (f", {failed} failed" if failed else ""))
        print(line, file=sys.stderr if failed else sys.stdout, flush=True)


def _source_json(source: Source, groups: dict[int, SourceGroup]) -> dict[str, Any]:
    data = dataclasses.asdict(source)
    data["status"] = str(source.status)
    group = groups.get(source.group_id) if source.group_id is not None else None
    data["group"] = dataclasses.asdict(group) if group is not None else None
    return data


def run_sources(args: argparse.Namespace) -> int:
    """List the sources, with status, pages and chunks; a playlist's videos under it."""
    with session.open_engine() as engine:
        sources = engine.knowledge.list_sources()
        groups = {g.id: g for g in engine.knowledge.list_groups()}
        timed = {kind.kind for kind in engine.knowledge.kinds() if kind.timed}
    if args.json:
        print(json.dumps([_source_json(s, groups) for s in sources], ensure_ascii=False,
                         indent=2))
        return 0
    if not sources:
        print("No sources yet. Add some with: lanthorn add PATH...")
    for s in sources:
        if s.group_id is None:
            _print_source(s, timed)
    for group in groups.values():
        members = [s for s in sources if s.group_id == group.id]
        by = f" by {group.author}" if group.author else ""
        print(f"playlist {group.id}: {group.title}{by}, {len(members)} videos")
        print(f"       {group.url or ''}")
        for s in members:
            _print_source(s, timed, indent="  ")
    return 0


def _print_source(s: Source, timed: set[str], indent: str = "") -> None:
    status = str(s.status) if not s.error else f"{s.status}: {_one_line(s.error)}"
    parts = "parts" if s.kind in timed else "pages"
    length = f"  {clock(s.duration_s)}" if s.duration_s else ""
    print(f"{indent}{s.id:>5}  {s.pages:>4} {parts}  {s.chunks:>5} chunks{length}  {s.title}"
          f"  [{status}]")
    print(f"{indent}       {s.url or s.path}")


def run_remove(args: argparse.Namespace) -> int:
    """Remove one source, or a playlist with its videos, by id."""
    with session.open_engine() as engine:
        if args.playlist is not None:
            group, videos = engine.knowledge.get_group(args.playlist)
            engine.knowledge.remove_group(args.playlist)
            print(f"Removed playlist {group.id}: {group.title} ({len(videos)} videos)")
            return 0
        source = engine.knowledge.get_source(args.source_id)
        engine.knowledge.remove_source(args.source_id)
    print(f"Removed source {source.id}: {source.title}")
    return 0


def hit_json(hit: Hit) -> dict[str, Any]:
    """The JSON form of a hit, as `search --json` prints it."""
    return {**location_json(hit.location), "score": round(hit.score, 6), "text": hit.text}


def run_search(args: argparse.Namespace) -> int:
    """Search once, or once per stdin line when the query is "-"."""
    if args.k < 1:
        print("lanthorn: -k must be at least 1", file=sys.stderr)
        return 2
    with session.open_engine() as engine:
        search = engine.knowledge.search
        if args.query != "-":
            _print_hits(args.query, search(args.query, args.k), args.json, stream=False)
            return 0
        for line in sys.stdin:
            query = line.rstrip("\r\n")
            hits = search(query, args.k) if query.strip() else []
            _print_hits(query, hits, args.json, stream=True)
    return 0


def _print_hits(query: str, hits: list[Hit], as_json: bool, *, stream: bool) -> None:
    if as_json and stream:
        line = {"query": query, "hits": [hit_json(h) for h in hits]}
        print(json.dumps(line, ensure_ascii=False), flush=True)
    elif as_json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2), flush=True)
    else:
        if stream:
            print(f"# {query}")
        if not hits:
            print("No matching passages.")
        for rank, hit in enumerate(hits, start=1):
            at = hit.location
            where = f", page {at.page}" if at.page is not None else ""
            if at.start_s is not None:
                where = f", at {clock(at.start_s)}"
            print(f"{rank}. {at.title}{where}  (source {at.source_id}, score {hit.score:.4f})")
            snippet = _one_line(hit.text)
            print(f"   {snippet[:300]}{'...' if len(snippet) > 300 else ''}")
        sys.stdout.flush()
