"""Nothing leaves the machine and nothing is written outside the data folder (issue 11, item 1).

Each flow runs as a real `lanthorn` process under `strace -f` (network system calls only, via
seccomp so the model is not slowed down), with HOME pointing at an empty folder. A DNS query
(port 53), or a connect/sendto to any address but loopback, fails the test; so does any file
left in HOME afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from engine import privacy

LANTHORN = str(Path(sys.executable).with_name("lanthorn"))
_INET = re.compile(
    r"sa_family=AF_INET6?,\s*sin6?_port=htons\((\d+)\),\s*(?:sin6_flowinfo=[^,]*,\s*)?"
    r"(?:inet_pton\(AF_INET6?,\s*\"([^\"]+)\"|sin_addr=inet_addr\(\"([^\"]+)\"\))"
)
NOTE = """# Tides

Tides are the rise and fall of sea levels caused by the gravity of the Moon and the Sun.
Most coasts see two high tides and two low tides every lunar day, about 24 hours 50 minutes.
Spring tides, with the largest range, happen at new and full moon.
"""

pytestmark = pytest.mark.slow


def outside_calls(trace: str) -> list[str]:
    """Network calls in an strace log that leave the machine (DNS included)."""
    found = []
    for line in trace.splitlines():
        if not re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line):
            continue
        match = _INET.search(line)
        if match is None:
            continue  # AF_UNIX, AF_NETLINK: local
        port, v6, v4 = match.groups()
        host = v6 or v4 or ""
        loopback = host.startswith("127.") or host in ("::1", "::ffff:127.0.0.1")
        if port == "53" or not loopback:
            found.append(line.strip())
    return found


def test_the_parser_flags_dns_and_remote_hosts() -> None:
    trace = "\n".join([
        '12 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}'
        ", 16) = 0",
        '12 connect(6, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}'
        ", 16) = 0",
        '12 connect(7, {sa_family=AF_UNIX, sun_path="/run/dbus"}, 20) = 0',
        '12 sendto(8, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo='
        'htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = 1',
    ])
    assert len(outside_calls(trace)) == 2


@pytest.fixture
def private_run(tmp_path: Path, onnx_cache: Path):  # type: ignore[no-untyped-def]
    if shutil.which("strace") is None:
        pytest.fail("strace is not installed (.ci/run installs it)")
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    (data / "models").mkdir(parents=True)
    (data / "models" / "onnx").symlink_to(onnx_cache, target_is_directory=True)
    env = {**os.environ, "HOME": str(home), "LANTHORN_HOME": str(data)}
    for name in privacy.TELEMETRY_OFF:  # the engine must switch these off itself
        env.pop(name, None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        trace = tmp_path / f"trace-{args[0]}.txt"
        command = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=%network",
                   "-o", str(trace), LANTHORN, *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
        assert outside_calls(trace.read_text()) == [], f"`lanthorn {args[0]}` called out"
        return done

    return run, home, tmp_path


def test_add_search_ask_summarize_transcribe_stay_on_this_machine(  # type: ignore[no-untyped-def]
    private_run, shared_data: Path
) -> None:
    run, home, folder = private_run
    note = folder / "tides.md"
    note.write_text(NOTE, encoding="utf-8")
    pdf = shared_data / "pdf" / "qa" / "good.pdf"  # read in a child process (forkserver)
    added = run("add", str(note), str(pdf)).stdout
    assert "indexed as source 1" in added and "indexed as source 2" in added
    assert "Tides" in run("search", "--json", "what causes tides").stdout
    assert '"answer"' in run("ask", "--json", "What causes tides?").stdout
    assert run("summarize", "1").stdout.strip()
    speech = shared_data / "audio" / "jfk.wav"
    assert "country" in run("transcribe", "--language", "en", str(speech)).stdout
    assert sorted(p.name for p in home.rglob("*")) == []  # nothing written outside the data folder


def test_the_pdf_reader_keeps_its_process_folder_in_the_data_folder(
    tmp_path: Path, shared_data: Path
) -> None:
    script = (
        "import multiprocessing.util as u, sys\n"
        "from pathlib import Path\n"
        "from engine.knowledge.readers import default_registry\n"
        "with default_registry().reader_for(sys.argv[1]).open(sys.argv[1]) as document:\n"
        "    list(document.segments())\n"
        "print(u.get_temp_dir())\n"
    )
    pdf = str(shared_data / "pdf" / "qa" / "good.pdf")
    short = Path(tempfile.mkdtemp(prefix="lh-"))  # a Unix socket path has room for 107 bytes
    try:
        for data, inside in ((short / "data", True), (tmp_path / ("deep" * 20) / "data", False)):
            env = {**os.environ, "LANTHORN_HOME": str(data)}
            done = subprocess.run([sys.executable, "-c", script, pdf], env=env,
                                  capture_output=True, text=True, timeout=120, check=True)
            assert (Path(done.stdout.strip()).parent == data / "cache") is inside
    finally:
        shutil.rmtree(short, ignore_errors=True)


def test_stale_process_folders_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"pymp-{dead.pid}-abc"
    live = tmp_path / f"pymp-{os.getpid()}-def"
    stale.mkdir()
    live.mkdir()
    assert privacy.sweep_stale_process_folders(tmp_path) == 1
    assert not stale.exists() and live.exists()
