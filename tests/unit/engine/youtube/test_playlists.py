"""Playlists through the real yt-dlp (flat extraction), answered from recorded YouTube pages,
and from the recorded yt-dlp flat-playlist JSON."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from yt_dlp.utils import DownloadError, ExtractorError

from engine.knowledge.youtube.errors import (
    NotYouTubeLink,
    PlaylistUnavailable,
    UnexpectedAnswer,
    YouTubeRefused,
)
from engine.knowledge.youtube.playlist_failures import playlist_error
from engine.knowledge.youtube.playlists import (
    Playlist,
    PlaylistVideo,
    expand_playlist,
    playlist_from_info,
    ytdlp_options,
)
from tests.unit.engine.youtube.recorded import (
    LEARNING_PLAYLIST,
    PLAYLISTS,
    RecordedPlaylists,
    learning_playlist_page_data,
    newpipe_body,
    newpipe_mock,
    read_json,
)

FLAT_JSON = PLAYLISTS / f"{LEARNING_PLAYLIST}.yt-dlp-flat-playlist.json"
UNVIEWABLE = "INVALID_ID"
MISSING = "PL" + "1" * 32


def recorded_items() -> list[dict]:
    """The playlistVideoRenderers of the recorded browse answer (the extracted copy), in order."""
    items = read_json(PLAYLISTS / f"{LEARNING_PLAYLIST}.browse-items.json")
    action = items["onResponseReceivedActions"][0]["reloadContinuationItemsCommand"]
    return [item["playlistVideoRenderer"] for item in action["continuationItems"]]


def learning() -> RecordedPlaylists:
    return RecordedPlaylists(pages={LEARNING_PLAYLIST: learning_playlist_page_data()})


def test_the_recorded_flat_json_gives_every_video_in_order():
    info = read_json(FLAT_JSON)
    playlist = playlist_from_info(info)
    assert (playlist.playlist_id, playlist.title, playlist.channel) == (
        LEARNING_PLAYLIST,
        "Anatomy & Physiology",
        "CrashCourse",
    )
    assert len(playlist.videos) == info["playlist_count"] == 49
    assert [(v.video_id, v.title, v.duration_s, v.channel) for v in playlist.videos] == [
        (e["id"], e["title"], e["duration"], e["channel"]) for e in info["entries"]
    ]
    assert playlist.videos[0] == PlaylistVideo(
        video_id="pVkUCrgQCCc",
        title="Crash Course Anatomy & Physiology Preview",
        channel="CrashCourse",
        duration_s=113,
    )
    assert playlist.url == f"https://www.youtube.com/playlist?list={LEARNING_PLAYLIST}"
    assert playlist.videos[0].url == "https://www.youtube.com/watch?v=pVkUCrgQCCc"


def test_real_ytdlp_lists_the_recorded_playlist_as_the_recorded_json_says():
    playlists = learning()
    playlist = expand_playlist(LEARNING_PLAYLIST, downloader=playlists.downloader())
    assert playlist == playlist_from_info(read_json(FLAT_JSON))
    items = recorded_items()
    assert [v.video_id for v in playlist.videos] == [item["videoId"] for item in items]
    assert [v.duration_s for v in playlist.videos] == [int(i["lengthSeconds"]) for i in items]


def test_listing_opens_only_the_playlist_never_a_video():
    """The requests of the pinned yt-dlp: the playlist page, then `browse` calls for the same
    list, as the recorded browse request asked for it. Fails loudly when an upgrade asks
    YouTube for something else."""
    mock = newpipe_mock("newpipe-learningplaylist-generated_mock_2.json")
    recorded = json.loads(bytes(mock["request"]["dataToSend"]))  # the same request, recorded
    recorded_params = unquote(recorded["params"])
    playlists = learning()
    expand_playlist(LEARNING_PLAYLIST, downloader=playlists.downloader())
    first, *rest = playlists.seen
    assert (first.method, first.url) == (
        "GET",
        f"https://www.youtube.com/playlist?list={LEARNING_PLAYLIST}",
    )
    assert rest, "yt-dlp no longer asks for the list with its unavailable videos"
    for seen in rest:
        parts = urlsplit(seen.url)
        assert (seen.method, parts.netloc, parts.path) == (
            "POST",
            "www.youtube.com",
            "/youtubei/v1/browse",
        )
        assert parse_qs(parts.query) == {"prettyPrint": ["false"]}
        body = json.loads(seen.body)
        assert (body["browseId"], body["params"]) == (recorded["browseId"], recorded_params)
        assert (
            body["context"]["client"]["clientName"] == recorded["context"]["client"]["clientName"]
        )


def test_ytdlp_prints_nothing_and_caches_nothing(capsys):
    expand_playlist(LEARNING_PLAYLIST, downloader=learning().downloader())
    assert capsys.readouterr() == ("", "")
    options = ytdlp_options(30.0)
    assert options["cachedir"] is False
    assert options["extract_flat"] is True
    assert options["socket_timeout"] == 30.0


@pytest.mark.parametrize(
    ("playlist_id", "mock", "words"),
    [
        (UNVIEWABLE, "newpipe-notavailable-generated_mock_2.json", "this kind of playlist"),
        (MISSING, "newpipe-notavailable-generated_mock_3.json", "does not exist"),
    ],
)
def test_unviewable_and_missing_playlists(playlist_id, mock, words):
    playlists = RecordedPlaylists(pages={playlist_id: newpipe_body(mock)})
    with pytest.raises(PlaylistUnavailable, match=words) as caught:
        expand_playlist(playlist_id, downloader=playlists.downloader())
    text = str(caught.value)
    assert "\n" not in text
    for leak in ("ERROR", "[youtube:tab]", playlist_id, "YouTube said"):
        assert leak not in text
    assert type(caught.value.__cause__).__name__ == "DownloadError"


def test_too_many_requests_is_a_refusal():
    playlists = RecordedPlaylists(pages={}, refuse=429)
    with pytest.raises(YouTubeRefused, match="Retrying later"):
        expand_playlist(LEARNING_PLAYLIST, downloader=playlists.downloader())


def test_another_http_error_names_its_status():
    playlists = RecordedPlaylists(pages={}, refuse=503)
    with pytest.raises(UnexpectedAnswer, match=r"HTTP 503"):
        expand_playlist(LEARNING_PLAYLIST, downloader=playlists.downloader())


def test_a_malformed_playlist_id_is_refused_before_any_request():
    playlists = learning()
    with pytest.raises(NotYouTubeLink, match="is not a YouTube playlist id"):
        expand_playlist("not a playlist!", downloader=playlists.downloader())
    assert playlists.seen == []


def test_entries_without_a_video_id_are_skipped_and_unavailable_videos_kept():
    info = {
        "_type": "playlist",
        "id": "PLx",
        "title": " Mixed ",
        "uploader": "Someone",
        "entries": [
            {"id": "pVkUCrgQCCc", "title": "Kept", "duration": 113.4, "channel": "C"},
            {"id": "aaaaaaaaaaa", "title": "[Private video]", "duration": None},
            {"id": "UCX6b17PVsYBQ0ip5gyeme-Q", "title": "a channel, not a video"},
            {"title": "no id"},
            None,
        ],
    }
    assert playlist_from_info(info) == Playlist(
        playlist_id="PLx",
        title="Mixed",
        channel="Someone",
        videos=(
            PlaylistVideo(video_id="pVkUCrgQCCc", title="Kept", channel="C", duration_s=113),
            PlaylistVideo(video_id="aaaaaaaaaaa", title="[Private video]"),
        ),
    )


def test_a_single_video_is_not_a_playlist():
    with pytest.raises(UnexpectedAnswer):
        playlist_from_info({"_type": "video", "id": "pVkUCrgQCCc"})


def download_error(extractor_error: Exception) -> Exception:
    """What `YoutubeDL.extract_info` raises for an extractor's failure."""
    info = (type(extractor_error), extractor_error, None)
    return DownloadError(f"ERROR: {extractor_error}", exc_info=info)


@pytest.mark.parametrize(
    ("alert", "expected", "words"),
    [
        ("Sign in to confirm you’re not a bot", YouTubeRefused, "refusing requests"),
        ("This playlist is private.", PlaylistUnavailable, "This playlist is private."),
        ("The playlist does not exist.", PlaylistUnavailable, "does not exist"),
    ],
)
def test_youtube_alerts_that_no_recording_holds(alert, expected, words):
    error = ExtractorError(
        f"YouTube said: {alert}", expected=True, video_id="PLx", ie="youtube:tab"
    )
    mapped = playlist_error(download_error(error), 20.0)
    assert isinstance(mapped, expected)
    assert words in str(mapped)


def test_an_extractor_failure_without_youtube_s_words_is_an_unexpected_answer():
    error = ExtractorError("Unable to extract yt initial data", video_id="PLx")
    assert isinstance(playlist_error(download_error(error), 20.0), UnexpectedAnswer)
