"""The HTTP session youtube-transcript-api talks through: a time limit, the system's proxy.

The library sends every request without a timeout, so a half-open connection would hang a
worker forever; this session gives each request one unless the caller set its own. Proxies
come from the environment and the operating system (`HTTPS_PROXY`, `NO_PROXY`; the Windows
registry and macOS settings through `urllib.request.getproxies`), because requests trusts the
environment by default, which is what a person behind a company proxy expects.
"""

from __future__ import annotations

from typing import Any

import requests

# yt-dlp's own default; generous for one request, which YouTube answers in well under 2 s.
DEFAULT_TIMEOUT_S = 20.0


class TimedSession(requests.Session):
    """A `requests.Session` whose requests time out after `timeout_s` unless told otherwise."""

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        super().__init__()
        self.timeout_s = timeout_s

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send `request`, with the session's time limit when the caller gave none."""
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout_s
        return super().send(request, **kwargs)
