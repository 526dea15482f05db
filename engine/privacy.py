"""Nothing leaves the machine, and nothing is written outside the data folder, from any library.

`keep_private()` runs when `engine` is first imported, before any library that could call home
is loaded. Measured with `strace -f -e trace=%network` on `lanthorn add` in a fresh data folder:
onnxruntime 1.32 (the int8 embedder) sent DNS queries for `mobile.events.data.microsoft.com` and
wrote a device id and an event database under `~/.cache/Microsoft/DeveloperTools/`; with
`ORT_DISABLE_TELEMETRY=1` set before it loads, it does neither. The Hugging Face libraries are told
they are offline and not to report usage: every model Lanthorn loads is a local folder. These
switches are forced, not defaults a stray environment variable could undo: a person who wants a
model from the network downloads it through Lanthorn's own (visible) download.

Multiprocessing (the PDF reader's forkserver) keeps its socket folder under the data folder's
cache instead of the system's temp folder; `sweep_stale_process_folders` removes the ones a
killed process left behind. A Unix socket path has room for 107 bytes only, so a data folder
too deep for that keeps the system temp folder (measured: pytest's temp folders already are).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

TELEMETRY_OFF = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime's 1DS telemetry and device id (POSIX builds)
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",  # the cross-tool convention some libraries honour
}
_PROCESS_FOLDER_PREFIX = "pymp-"
# A socket path is the folder + "/listener-xxxxxxxx"; Linux allows 107 bytes, macOS 103.
_SOCKET_FOLDER_MAX = 100 - len("/pymp-4194304-xxxxxxxx/listener-xxxxxxxx")


def keep_private() -> None:
    """Switch off every library's telemetry and network look-ups; idempotent and cheap."""
    os.environ.update(TELEMETRY_OFF)


def use_process_folder(cache: Path) -> Path:
    """Make multiprocessing keep its temporary folder (sockets) under `cache`; returns it.

    Python offers no public setting for this folder; `multiprocessing.util.get_temp_dir` reads
    the current process's `tempdir` config first, so that is where it is set. The folder's name
    carries this process's id, so a later start can tell a stale one from a live one. The first
    call wins: a forkserver already listens in that folder for the rest of the process.
    """
    import multiprocessing.process
    import multiprocessing.util

    config: dict[str, str] = multiprocessing.process.current_process()._config  # type: ignore[attr-defined]
    existing = config.get("tempdir")
    if existing is not None:
        return Path(existing)
    if len(os.fsencode(cache)) > _SOCKET_FOLDER_MAX:
        return Path(multiprocessing.util.get_temp_dir())  # the system's: too deep for a socket
    cache.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix=f"{_PROCESS_FOLDER_PREFIX}{os.getpid()}-", dir=cache)
    multiprocessing.util.Finalize(
        None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, exitpriority=-100
    )
    config["tempdir"] = folder
    return Path(folder)


def sweep_stale_process_folders(cache: Path, prefix: str = _PROCESS_FOLDER_PREFIX) -> int:
    """Remove process folders whose process is gone (killed before it could clean up).

    A process folder is named `<prefix><pid>-<random>`: multiprocessing's by default, or
    another kind a process keeps in the cache for a while (a video's downloaded sound).
    """
    removed = 0
    folders = sorted(cache.glob(f"{prefix}*-*")) if cache.is_dir() else []
    if not folders:
        return removed
    import psutil  # here, not at the top: importing it costs ~30 ms of every start

    for folder in folders:
        pid_text = folder.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and not psutil.pid_exists(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
