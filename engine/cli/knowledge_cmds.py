"""`lanthorn add|sources|remove|search`: the knowledge base from the command line.

`sources` and `remove` never load the embedding model (importing it takes seconds); `add` and
`search` do, once per process: `search --json -` answers one query per stdin line with it.
What `add` takes (its help, and the reason an unsupported file fails) comes from the reader
registry's list of kinds, the same list the desktop's file dialog shows.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import Any

from engine.cli import session
from engine.cli.chat_cmds import location_json
from engine.knowledge import readers
from engine.types import AddResult, Hit, Progress, Source, SourceKind, clock

EXIT_SOME_FAILED = 1


def register(sub: Any) -> None:
    """Add `add`, `sources`, `remove` and `search` to the subcommand parser."""
    kinds = readers.kinds()
    add = sub.add_parser(
        "add", help="index files or whole folders", epilog=_kinds_epilog(kinds),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    add.add_argument("--password", help="password of encrypted PDFs")
    add.set_defaults(func=run_add)

    sources = sub.add_parser("sources", help="the documents in the knowledge base")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(func=run_sources)

    remove = sub.add_parser("remove", help="remove a document from the knowledge base")
    remove.add_argument("source_id", type=int, metavar="SOURCE_ID")
    remove.set_defaults(func=run_remove)

    search = sub.add_parser("search", help="find the passages that match a question")
    search.add_argument("query", metavar="QUERY", help='the question, or "-": one per stdin line')
    search.add_argument("-k", type=int, default=5, metavar="N", help="results to show (5)")
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)


class _ProgressLine:
    """Progress on stderr: one rewritten line on a terminal, a line per few seconds otherwise."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        final = progress.total is not None and progress.done >= progress.total
        if not final and now - self._last < (0.2 if self._tty else 5.0):
            return
        self._last = now
        total = "?" if progress.total is None else str(progress.total)
        eta = "" if progress.eta_s is None else f", about {progress.eta_s:.0f} s left"
        line = f"{progress.item}: {progress.stage} {progress.done}/{total}{eta}"
        sys.stderr.write(f"\r\x1b[K{line}" if self._tty else f"{line}\n")
        sys.stderr.flush()
        self._shown = True

    def end(self) -> None:
        if self._tty and self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
        self._shown = False


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
    progress = _ProgressLine()
    with session.open_engine() as engine:
        kinds_known = engine.knowledge.kinds()
        resumed = engine.knowledge.resume_indexing(progress=progress)
        report = engine.knowledge.add_sources(
            args.paths, password=args.password, progress=progress
        )
    progress.end()
    for result in resumed.results + report.results:
        _print_result(result)
    if not report.results:
        kinds = "; ".join(f"{k.label} ({', '.join(k.suffixes)})" for k in kinds_known if k.suffixes)
        print(f"lanthorn: nothing to add in {', '.join(args.paths)}: no file of a kind Lanthorn "
              f"reads was found. It reads {kinds}.", file=sys.stderr, flush=True)
        return EXIT_SOME_FAILED
    return EXIT_SOME_FAILED if report.failed else 0


def _print_result(result: AddResult) -> None:
    if not result.ok:
        print(f"{result.path}: {_one_line(result.error)}", file=sys.stderr, flush=True)
        return
    verb = "already indexed" if result.already_present else "indexed"
    print(f"{verb} as source {result.source_id}: {result.path}", flush=True)
    if result.notice:
        print(f"{result.path}: note: {_one_line(result.notice)}", file=sys.stderr, flush=True)


def _source_json(source: Source) -> dict[str, Any]:
    data = dataclasses.asdict(source)
    data["status"] = str(source.status)
    return data


def run_sources(args: argparse.Namespace) -> int:
    """List the sources, with status, pages and chunks."""
    with session.open_engine() as engine:
        sources = engine.knowledge.list_sources()
        timed = {kind.kind for kind in engine.knowledge.kinds() if kind.timed}
    if args.json:
        print(json.dumps([_source_json(s) for s in sources], ensure_ascii=False, indent=2))
        return 0
    if not sources:
        print("No sources yet. Add some with: lanthorn add PATH...")
    for s in sources:
        status = str(s.status) if not s.error else f"{s.status}: {_one_line(s.error)}"
        parts = "parts" if s.kind in timed else "pages"
        print(f"{s.id:>5}  {s.pages:>4} {parts}  {s.chunks:>5} chunks  {s.title}  [{status}]")
        print(f"       {s.url or s.path}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove one source by id."""
    with session.open_engine() as engine:
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
