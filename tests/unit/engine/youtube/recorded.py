"""YouTube's recorded answers (../shared/data/youtube), served the way YouTube serves them.

`RecordedYouTube.answer` routes a request as YouTube would: the watch page, the innertube
`player` endpoint, the timedtext captions. It is cookie-aware for the consent case: a watch
request without a `CONSENT=YES+…` cookie gets the recorded consent page, one with it gets
the real watch page (unless the recording is of a consent page that never lets anyone
through). Two transports use it: `RecordedAdapter`, a requests transport adapter (no
sockets, for fast unit tests), and `LoopbackYouTube` in the integration tests, a real HTTP
server on 127.0.0.1. Any request the recordings do not cover fails the test loudly.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from tests.conftest import SHARED_DATA

ASSETS = SHARED_DATA / "youtube" / "youtube-transcript-api"
PLAYLISTS = SHARED_DATA / "youtube" / "playlist"
LEARNING_PLAYLIST = "PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8"
NORMAL_VIDEO = "GJLlxj_dtq8"
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"


class UnrecordedRequest(AssertionError):
    """The code under test asked for something the recordings do not hold."""


def asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


@dataclass(frozen=True)
class Seen:
    """One request as it arrived."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    timeout: object = None


@dataclass
class RecordedYouTube:
    """Which recording answers each endpoint, and what was asked."""

    watch: str = "youtube.html.static"
    player: str = "youtube.innertube.json.static"
    timedtext: str = "transcript.xml.static"
    consent_page: str | None = None  # served to watch requests without a consent cookie
    consent_passes: bool = True  # False: the consent page comes back even with the cookie
    status: dict[str, int] = field(default_factory=dict)  # path -> HTTP status to answer
    bodies: dict[str, bytes] = field(default_factory=dict)  # path -> body instead of a file
    seen: list[Seen] = field(default_factory=list)

    def answer(self, seen: Seen) -> tuple[int, bytes, str]:
        """(status, body, content type) for a request, as YouTube answered it when recorded."""
        self.seen.append(seen)
        parts = urlsplit(seen.url)
        if parts.path in self.status:
            return self.status[parts.path], b"", HTML
        if parts.path in self.bodies:
            return 200, self.bodies[parts.path], XML
        if seen.method == "GET" and parts.path == "/watch":
            return 200, asset(self._watch_page(seen)), HTML
        if seen.method == "POST" and parts.path == "/youtubei/v1/player":
            return 200, asset(self.player), JSON
        if seen.method == "GET" and parts.path == "/api/timedtext":
            return 200, asset(self.timedtext), XML
        raise UnrecordedRequest(f"no recording for {seen.method} {seen.url}")

    def _watch_page(self, seen: Seen) -> str:
        if self.consent_page is None:
            return self.watch
        consented = "CONSENT=YES+" in seen.headers.get("Cookie", "")
        return self.watch if consented and self.consent_passes else self.consent_page

    def requests(self) -> list[tuple[str, str]]:
        """(method, URL) of every request so far."""
        return [(seen.method, seen.url) for seen in self.seen]


class RecordedAdapter(BaseAdapter):
    """A requests transport that answers from `RecordedYouTube` instead of the network."""

    def __init__(self, youtube: RecordedYouTube) -> None:
        super().__init__()
        self.youtube = youtube

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body or b""
        seen = Seen(
            method=request.method or "",
            url=request.url or "",
            headers=dict(request.headers),
            body=body.encode() if isinstance(body, str) else body,
            timeout=kwargs.get("timeout"),
        )
        status, content, content_type = self.youtube.answer(seen)
        response = requests.Response()
        response.status_code = status
        response.reason = HTTPStatus(status).phrase
        response.headers = CaseInsensitiveDict({"Content-Type": content_type})
        response._content = content
        response.encoding = "utf-8"
        response.url = seen.url
        response.request = request
        response.raw = io.BytesIO(content)
        return response

    def close(self) -> None:
        pass


def recorded_session(youtube: RecordedYouTube) -> requests.Session:
    """A real requests session (cookies, hooks, headers) whose transport is the recordings."""
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", RecordedAdapter(youtube))
    session.mount("http://", RecordedAdapter(youtube))
    return session


def caption_track_url(player: str, language: str, *, generated: bool = False) -> str:
    """The recorded timedtext address of one caption track, as the library requests it."""
    data = json.loads(asset(player))
    tracks = data["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"]
    for track in tracks:
        if track["languageCode"] == language and (track.get("kind") == "asr") == generated:
            return str(track["baseUrl"]).replace("&fmt=srv3", "")
    raise KeyError(language)


def recorded_details(player: str) -> dict[str, Any]:
    """The `videoDetails` of a recorded player answer."""
    return dict(json.loads(asset(player))["videoDetails"])


def newpipe_mock(name: str) -> dict[str, Any]:
    """A recorded NewPipe mock: the request NewPipe sent and YouTube's response."""
    return read_json(PLAYLISTS / name)


def newpipe_body(name: str) -> dict[str, Any]:
    """The response body of a recorded NewPipe mock (an innertube browse answer)."""
    return dict(json.loads(newpipe_mock(name)["response"]["responseBody"]))


def read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------- playlists (yt-dlp)


def learning_playlist_page_data() -> dict[str, Any]:
    """The recorded 49-video playlist in the shape of a playlist page's `ytInitialData`.

    yt-dlp reads a playlist from its web page, whose `ytInitialData` is an innertube browse
    answer with the items inside the selected tab; the recorded browse answers (NewPipe's
    mocks: the header request, then the items request) hold the same items under
    `reloadContinuationItemsCommand`. The data README describes this wrapping, which is how
    the recorded yt-dlp JSON beside them was made.
    """
    header = newpipe_body("newpipe-learningplaylist-generated_mock_2.json")
    items = newpipe_body("newpipe-learningplaylist-generated_mock_3.json")
    action = items["onResponseReceivedActions"][0]["reloadContinuationItemsCommand"]
    video_list = {"playlistVideoListRenderer": {"contents": action["continuationItems"]}}
    section = {"itemSectionRenderer": {"contents": [video_list]}}
    tab = {"selected": True, "content": {"sectionListRenderer": {"contents": [section]}}}
    return {
        "contents": {"twoColumnBrowseResultsRenderer": {"tabs": [{"tabRenderer": tab}]}},
        "metadata": items["metadata"],
        "microformat": items["microformat"],
        "sidebar": items["sidebar"],
        "header": header["header"],
    }


def playlist_page(data: dict[str, Any]) -> bytes:
    """A playlist web page carrying `data` as its `ytInitialData`."""
    return f"<html><script>var ytInitialData = {json.dumps(data)};</script></html>".encode()


@dataclass
class RecordedPlaylists:
    """Playlist pages by playlist id, served to yt-dlp in place of the network.

    The innertube `browse` request yt-dlp makes to reload a list with its unavailable videos
    gets `{}` (no recording holds that answer); yt-dlp then keeps the page's own list.
    `refuse` answers every request with that HTTP status instead.
    """

    pages: dict[str, dict[str, Any]]
    refuse: int | None = None
    seen: list[Seen] = field(default_factory=list)

    def downloader(self) -> Any:
        """A `YoutubeDL` subclass (what `expand_playlist(downloader=...)` takes)."""
        from yt_dlp import YoutubeDL

        playlists = self

        class RecordedYoutubeDL(YoutubeDL):  # type: ignore[misc]
            def urlopen(self, request: Any) -> Any:
                return playlists.answer(request)

        return RecordedYoutubeDL

    def answer(self, request: Any) -> Any:
        from yt_dlp.networking import Response
        from yt_dlp.networking.exceptions import HTTPError

        url = request if isinstance(request, str) else request.url
        method = "GET" if isinstance(request, str) else request.method
        body = b"" if isinstance(request, str) else request.data or b""
        self.seen.append(Seen(method=method, url=url, headers={}, body=body))
        parts = urlsplit(url)
        if self.refuse is not None:
            status = HTTPStatus(self.refuse)
            raise HTTPError(Response(io.BytesIO(b""), url, {}, status=status, reason=status.phrase))
        if method == "GET" and parts.path == "/playlist":
            playlist_id = parse_qs(parts.query)["list"][0]
            page = playlist_page(self.pages[playlist_id])
            return Response(io.BytesIO(page), url, {"Content-Type": HTML}, status=200)
        if method == "POST" and parts.path == "/youtubei/v1/browse":
            return Response(io.BytesIO(b"{}"), url, {"Content-Type": JSON}, status=200)
        raise UnrecordedRequest(f"no recording for {method} {url}")
