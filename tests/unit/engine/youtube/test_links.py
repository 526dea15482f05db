"""Every form of YouTube link a person pastes, and everything that is not one."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from engine.errors import UserInputError
from engine.knowledge.youtube.errors import NotYouTubeLink
from engine.knowledge.youtube.links import (
    URL_PATTERNS,
    YouTubeLink,
    is_youtube_link,
    parse_link,
    playlist_url,
    watch_url,
)

VIDEO = "dQw4w9WgXcQ"
PLAYLIST = "PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8"


@pytest.mark.parametrize(
    "link",
    [
        f"https://www.youtube.com/watch?v={VIDEO}",
        f"http://www.youtube.com/watch?v={VIDEO}",
        f"https://youtube.com/watch?v={VIDEO}",
        f"www.youtube.com/watch?v={VIDEO}",
        f"youtube.com/watch?v={VIDEO}",
        f"https://m.youtube.com/watch?v={VIDEO}",
        f"https://music.youtube.com/watch?v={VIDEO}&feature=share",
        f"https://www.youtube.com/watch?feature=player_embedded&v={VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}&si=AbCdEf123&pp=ygUEcmljaw%3D%3D",
        f"https://youtu.be/{VIDEO}",
        f"https://youtu.be/{VIDEO}?si=B_RZg_I-lLaa7UU-",
        f"youtu.be/{VIDEO}",
        f"https://www.youtube.com/shorts/{VIDEO}",
        f"https://youtube.com/shorts/{VIDEO}?feature=share",
        f"https://www.youtube.com/embed/{VIDEO}",
        f"https://www.youtube.com/embed/{VIDEO}?rel=0&autoplay=1",
        f"https://www.youtube-nocookie.com/embed/{VIDEO}",
        f"https://www.youtube.com/live/{VIDEO}?feature=share",
        f"https://www.youtube.com/v/{VIDEO}",
        f"  https://www.YouTube.com/watch?v={VIDEO}  \n",
        f"HTTPS://WWW.YOUTUBE.COM/watch?v={VIDEO}",
        f"https://www.youtube.com:443/watch?v={VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}&list=RD{VIDEO}&start_radio=1",  # a mix
        f"https://www.youtube.com/watch?v={VIDEO}&list=WL&index=3",  # Watch later
        f"https://www.youtube.com/watch?v={VIDEO}&list=LL",  # Liked
        f"https://www.youtube.com/watch?v={VIDEO}&list=x",  # a broken list id is ignored
    ],
)
def test_video_links(link):
    parsed = parse_link(link)
    assert parsed == YouTubeLink(video_id=VIDEO)
    assert parsed.url == f"https://www.youtube.com/watch?v={VIDEO}"
    assert is_youtube_link(link)


@pytest.mark.parametrize(
    "link",
    [
        f"https://www.youtube.com/playlist?list={PLAYLIST}",
        f"https://youtube.com/playlist?list={PLAYLIST}&si=xyz",
        f"https://m.youtube.com/playlist?list={PLAYLIST}",
        f"https://music.youtube.com/playlist?list={PLAYLIST}",
        f"youtube.com/playlist?list={PLAYLIST}",
        f"https://www.youtube.com/embed/videoseries?list={PLAYLIST}",
        f"https://www.youtube.com/watch?list={PLAYLIST}",
    ],
)
def test_playlist_links(link):
    parsed = parse_link(link)
    assert parsed == YouTubeLink(playlist_id=PLAYLIST)
    assert parsed.url == f"https://www.youtube.com/playlist?list={PLAYLIST}"


@pytest.mark.parametrize(
    "link",
    [
        f"https://www.youtube.com/watch?v={VIDEO}&list={PLAYLIST}",
        f"https://www.youtube.com/watch?v={VIDEO}&list={PLAYLIST}&index=4&pp=iAQB",
        f"https://youtu.be/{VIDEO}?list={PLAYLIST}",
        f"https://www.youtube.com/embed/{VIDEO}?list={PLAYLIST}",
    ],
)
def test_a_video_within_a_playlist_keeps_both(link):
    parsed = parse_link(link)
    assert parsed == YouTubeLink(video_id=VIDEO, playlist_id=PLAYLIST)
    assert parsed.url == f"https://www.youtube.com/watch?v={VIDEO}&list={PLAYLIST}"


@pytest.mark.parametrize(
    ("query", "second"),
    [
        ("t=90", 90),
        ("t=90s", 90),
        ("t=1m30s", 90),
        ("t=1h2m3s", 3723),
        ("t=2m", 120),
        ("t=1H", 3600),
        ("start=42", 42),
        ("t=0", 0),
        ("t=abc", None),
        ("t=", None),
        ("t=1.5", None),
    ],
)
def test_start_seconds(query, second):
    assert parse_link(f"https://www.youtube.com/watch?v={VIDEO}&{query}").start_s == second
    assert parse_link(f"https://youtu.be/{VIDEO}?{query}").start_s == second


def test_a_start_in_the_fragment_counts_too():
    assert parse_link(f"https://www.youtube.com/watch?v={VIDEO}#t=1m5s").start_s == 65


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello world",
        "https://vimeo.com/123456",
        f"https://www.youtube.com.evil.example/watch?v={VIDEO}",
        f"https://notyoutube.com/watch?v={VIDEO}",
        f"https://user@www.youtube.com/watch?v={VIDEO}",
        f"ftp://www.youtube.com/watch?v={VIDEO}",
        f"file:///home/me/watch?v={VIDEO}",
        "/home/me/video.mp4",
        "C:\\Users\\me\\talk.pdf",
        "https://[::1/watch",
    ],
)
def test_not_youtube_links(text):
    with pytest.raises(NotYouTubeLink, match="is not a YouTube link") as caught:
        parse_link(text)
    assert isinstance(caught.value, UserInputError)


@pytest.mark.parametrize(
    "link",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com",
        "https://www.youtube.com/@crashcourse",
        "https://www.youtube.com/channel/UCX6b17PVsYBQ0ip5gyeme-Q",
        "https://www.youtube.com/results?search_query=anatomy",
        "https://www.youtube.com/watch?v=tooShort",
        f"https://www.youtube.com/watch?v={VIDEO}x",
        "https://www.youtube.com/watch",
        f"https://www.youtube.com/shorts/{VIDEO}/extra",
        f"https://youtu.be/{VIDEO}/extra",
        "https://www.youtube.com/playlist?list=",
    ],
)
def test_youtube_links_to_neither_a_video_nor_a_playlist(link):
    with pytest.raises(NotYouTubeLink, match="not to a video or a playlist"):
        parse_link(link)
    assert is_youtube_link(link)  # the reader claims it, then says precisely why not


def test_url_patterns_are_searchable_regular_expressions():
    assert all(isinstance(re.compile(pattern), re.Pattern) for pattern in URL_PATTERNS)
    assert not any(re.search(p, "https://example.com/?u=youtube.com/") for p in URL_PATTERNS)


def test_watch_urls_for_citations():
    assert watch_url(VIDEO) == f"https://www.youtube.com/watch?v={VIDEO}"
    assert watch_url(VIDEO, 754.9) == f"https://www.youtube.com/watch?v={VIDEO}&t=754s"
    assert playlist_url(PLAYLIST) == f"https://www.youtube.com/playlist?list={PLAYLIST}"


# --------------------------------------------------------------------------------- properties

ID_CHARS = string.ascii_letters + string.digits + "-_"
# `embed/videoseries` is the embed of a playlist, so that one word is not a video id.
video_ids = st.text(ID_CHARS, min_size=11, max_size=11).filter(lambda vid: vid != "videoseries")
playlist_ids = st.text(ID_CHARS, min_size=2, max_size=64).filter(
    lambda pid: not re.match(r"RD|WL$|LL$|LM$", pid)
)
schemes = st.sampled_from(["https://", "http://", ""])
hosts = st.sampled_from(["www.youtube.com", "youtube.com", "m.youtube.com", "music.youtube.com"])
noise = st.dictionaries(
    st.sampled_from(["si", "feature", "index", "pp", "ab_channel", "rel", "utm_source"]),
    st.text(ID_CHARS, max_size=20),
    max_size=3,
)
starts = st.none() | st.integers(min_value=0, max_value=10 * 3600)


def video_link(draw_form: str, scheme: str, host: str, video_id: str) -> str:
    forms = {
        "watch": f"{scheme}{host}/watch?v={video_id}",
        "short": f"{scheme}youtu.be/{video_id}",
        "shorts": f"{scheme}{host}/shorts/{video_id}",
        "embed": f"{scheme}{host}/embed/{video_id}",
        "nocookie": f"{scheme}www.youtube-nocookie.com/embed/{video_id}",
        "live": f"{scheme}{host}/live/{video_id}",
    }
    return forms[draw_form]


def with_params(link: str, params: dict[str, str]) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    if not query:
        return link
    return f"{link}{'&' if '?' in link else '?'}{query}"


def clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)


@given(
    form=st.sampled_from(["watch", "short", "shorts", "embed", "nocookie", "live"]),
    scheme=schemes,
    host=hosts,
    video_id=video_ids,
    params=noise,
    start=starts,
    clock_form=st.booleans(),
)
def test_any_video_link_gives_back_its_id_and_start(
    form, scheme, host, video_id, params, start, clock_form
):
    if start is not None:
        params = {**params, "t": (clock(start) or "0s") if clock_form else str(start)}
    link = with_params(video_link(form, scheme, host, video_id), params)
    parsed = parse_link(link)
    assert parsed == YouTubeLink(video_id=video_id, start_s=start)
    assert is_youtube_link(link)


@given(video_id=st.none() | video_ids, playlist_id=st.none() | playlist_ids, start=starts)
def test_the_canonical_url_parses_back_to_the_same_link(video_id, playlist_id, start):
    if video_id is None and playlist_id is None:
        return
    link = YouTubeLink(video_id=video_id, playlist_id=playlist_id)
    assert parse_link(link.url) == link
    if video_id is not None:
        assert parse_link(watch_url(video_id, start)) == YouTubeLink(
            video_id=video_id, start_s=start
        )


@given(scheme=schemes, host=hosts, video_id=video_ids, playlist_id=playlist_ids, params=noise)
def test_a_watch_link_with_a_list_keeps_both(scheme, host, video_id, playlist_id, params):
    link = with_params(f"{scheme}{host}/watch?v={video_id}&list={playlist_id}", params)
    assert parse_link(link) == YouTubeLink(video_id=video_id, playlist_id=playlist_id)


@given(st.text())
@example("https://www.youtube.com/watch?v=%00")
@example("youtube.com:99999999999/watch?v=dQw4w9WgXcQ")
def test_junk_is_refused_with_a_user_error_and_nothing_else(text):
    try:
        parsed = parse_link(text)
    except NotYouTubeLink as error:
        assert "\n" not in str(error)
        return
    assert parsed.video_id is not None or parsed.playlist_id is not None
    assert is_youtube_link(text)  # whatever parses, the reader's patterns claim


@given(
    scheme=st.sampled_from(["https://", "http://", ""]),
    host=st.from_regex(r"[a-z]{1,12}\.(com|org|be|net)", fullmatch=True),
    video_id=video_ids,
)
def test_links_on_other_hosts_are_refused(scheme, host, video_id):
    if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
        return
    with pytest.raises(NotYouTubeLink):
        parse_link(f"{scheme}{host}/watch?v={video_id}")
    assert not is_youtube_link(f"{scheme}{host}/watch?v={video_id}")
