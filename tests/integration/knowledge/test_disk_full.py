"""A full disk gives one line naming the folder and the room needed; nothing is lost (issue 11).

In process, SQLite's `PRAGMA max_page_count` makes the database "full" deterministically (no
root needed). End to end, the CLI runs on a real 3 MiB tmpfs when the tests run as root (CI
does): add, sources, search and close, each with a one-line reason and no traceback; after the
limit goes, adding again resumes where indexing stopped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.cancel import CancelToken
from engine.errors import DiskFull
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database
from engine.types import Progress, SourceStatus
from tests.integration.knowledge.kb_helpers import make_home, open_kb, run_cli

pytestmark = pytest.mark.slow


def test_a_full_database_stops_indexing_with_one_line_and_resumes_later(
    tmp_path: Path, shared_data: Path, onnx_cache: Path, embedder: object
) -> None:
    home = make_home(tmp_path / "home", onnx_cache)
    small = shared_data / "pdf" / "qa" / "good.pdf"
    book = shared_data / "pdf" / "big" / "freeculture.pdf"
    db = Database(home / "lanthorn.db")
    with KnowledgeBase(db, index_folder=home / "index", owns_db=True,
                       embedder_loader=lambda _folder: embedder) as kb:  # type: ignore[arg-type,return-value]
        assert kb.add([small]).ok
        pages = int(db.query("PRAGMA page_count")[0][0])
        db.query(f"PRAGMA max_page_count = {pages + 250}")  # ~1 MB more, then "full"
        report = kb.add([book])
        (result,) = report.results
        assert not result.ok and result.source_id is not None
        assert "is full" in result.error and str(home) in result.error and "MB" in result.error
        assert "\n" not in result.error
        stopped = kb.get_source(result.source_id)
        assert 0 < stopped.pages_done < stopped.pages  # what fit was kept
        assert kb.search("dense passage retrieval", 3)  # reads keep working on a full disk
        assert kb.list_sources()[0].status is SourceStatus.READY
    # close() above did not raise; without the limit, adding again resumes from that page.
    # Its first pages show it; a resume to the end is test_kill_resume's.
    with open_kb(home, embedder) as kb:
        seen: list[int] = []
        cancel = CancelToken()

        def progress(p: Progress) -> None:
            seen.append(p.done)
            if p.done >= stopped.pages_done + 20:
                cancel.cancel()

        kb.add([book], progress=progress, cancel=cancel)
        assert min(seen) > stopped.pages_done  # it did not start over
        resumed = kb.get_source(result.source_id)
        assert resumed.status is SourceStatus.QUEUED  # a stopped run leaves it to finish later
        assert resumed.pages_done >= stopped.pages_done


def test_the_database_reports_a_full_disk_as_disk_full(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.db")
    db.query("PRAGMA max_page_count = " + str(int(db.query("PRAGMA page_count")[0][0]) + 2))
    with pytest.raises(DiskFull, match=str(tmp_path)), db.transaction() as conn:
        conn.execute("CREATE TABLE big (x BLOB)")
        for _ in range(50):
            conn.execute("INSERT INTO big VALUES (randomblob(100000))")
    db.close()
    db.close()  # twice: never raises


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MiB file system (tmpfs), when this process may mount one."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_the_cli_on_a_full_disk_says_one_line_and_keeps_reading(
    tiny_disk: Path, tmp_path: Path, shared_data: Path, onnx_cache: Path
) -> None:
    home = make_home(tiny_disk / "home", onnx_cache)
    note = tmp_path / "tides.md"
    note.write_text("# Tides\n\nThe Moon's gravity raises two tides a day.\n", encoding="utf-8")
    assert run_cli(home, "add", str(note)).returncode == 0
    book = shared_data / "pdf" / "big" / "freeculture.pdf"
    added = run_cli(home, "add", str(book))
    assert added.returncode == 1 and "Traceback" not in added.stderr
    reasons = [line for line in added.stderr.splitlines() if line.startswith(str(book))]
    assert len(reasons) == 1 and str(home) in reasons[0] and "MB" in reasons[0]
    filler = tiny_disk / "filler"  # fill what is left, so even small writes fail
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    listed = run_cli(home, "sources", "--json")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr and "Tides" in listed.stdout
    found = run_cli(home, "search", "--json", "tides")
    assert found.returncode == 0 and "Traceback" not in found.stderr and "Moon" in found.stdout
