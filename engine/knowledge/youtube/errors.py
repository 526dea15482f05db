"""Why a YouTube video or playlist could not be read: one line for a person, with what to do.

Every message here replaces a library's (youtube-transcript-api's run to a dozen lines with
GitHub links and code samples; yt-dlp's carry `ERROR: [youtube:tab] ID:` prefixes and
Python reprs). Two of them, `YouTubeUnreachable` and `YouTubeRefused`, are about the
connection rather than the video: a playlist loop should stop at them instead of failing
every remaining video the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.errors import EngineError, UserInputError

if TYPE_CHECKING:
    from engine.knowledge.youtube.metadata import VideoInfo

_SHOWN_CHARS = 80
_PROXY_HINT = "the system proxy settings are used"


def _shown(text: str) -> str:
    """Pasted text as a message quotes it: one line, not too long."""
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN_CHARS else line[: _SHOWN_CHARS - 1] + "…"


class NotYouTubeLink(UserInputError):
    """The text is not a link to a YouTube video or playlist."""

    @classmethod
    def foreign(cls, text: str) -> NotYouTubeLink:
        """Not a YouTube address at all."""
        return cls(
            f"“{_shown(text)}” is not a YouTube link.",
            hint="Paste the link of a video or a playlist, as YouTube's Share button gives it.",
        )

    @classmethod
    def not_an_id(cls, text: str, kind: str) -> NotYouTubeLink:
        """A malformed video or playlist id (a link passed where an id belongs, say)."""
        return cls(f"“{_shown(text)}” is not a YouTube {kind} id.", hint="Paste its link instead.")

    @classmethod
    def elsewhere_on_youtube(cls, text: str) -> NotYouTubeLink:
        """A YouTube address, but of a channel, a search or a malformed video id."""
        return cls(
            f"“{_shown(text)}” is a YouTube link, but not to a video or a playlist.",
            hint="Open the video or playlist on YouTube and copy its link from the Share button.",
        )


class YouTubeError(EngineError):
    """A video or playlist could not be read from YouTube."""


class VideoUnavailable(YouTubeError):
    """YouTube will not show the video: removed, private, blocked here, or another reason."""

    @classmethod
    def gone(cls) -> VideoUnavailable:
        """YouTube's "This video is unavailable": removed, or never existed."""
        return cls(
            "This video is not available on YouTube (removed, or the link is wrong).",
            hint="Check the link in a web browser.",
        )

    @classmethod
    def with_reason(cls, reason: str | None) -> VideoUnavailable:
        """Any other refusal to play, with YouTube's own reason."""
        said = _shown(reason or "")
        if "private" in said.lower():
            return cls(
                "This video is private.",
                hint="Only people its owner invited can watch it, and Lanthorn does not sign in.",
            )
        return cls(
            f"YouTube will not play this video ({said or 'no reason given'}).",
            hint="Check the link in a web browser.",
        )


class AgeRestricted(YouTubeError):
    """The video is for signed-in adults only; Lanthorn does not sign in to YouTube."""

    def __init__(self) -> None:
        super().__init__(
            "This video is age-restricted: YouTube shows it only to signed-in viewers.",
            hint="Lanthorn does not sign in to YouTube, so it cannot read this video.",
        )


class CaptionsDisabled(YouTubeError):
    """The video has no captions (none made, or turned off); `video` says what it is.

    `hint` says what the person can do (the reader names the setting that transcribes the
    video's sound instead).
    """

    def __init__(
        self,
        video: VideoInfo | None,
        *,
        empty: bool = False,
        hint: str = "Lanthorn reads a video through its captions.",
    ) -> None:
        what = "'s captions are empty" if empty else " has no captions"
        super().__init__(f"This video{what}.", hint=hint)
        self.video = video
        self.empty = empty

    def advising(self, hint: str) -> CaptionsDisabled:
        """The same error with another piece of advice."""
        return CaptionsDisabled(self.video, empty=self.empty, hint=hint)


class ConsentRequired(YouTubeError):
    """YouTube put a cookie-consent page in front of the video that could not be accepted."""

    def __init__(self) -> None:
        super().__init__(
            "YouTube showed a cookie-consent page that Lanthorn could not accept.",
            hint="Try again later; if it keeps happening, YouTube has changed the page.",
        )


class PoTokenRequired(YouTubeError):
    """YouTube asks for a proof-of-origin token for the captions, which we cannot make."""

    def __init__(self) -> None:
        super().__init__(
            "YouTube now asks for a proof-of-origin token to hand out this video's captions.",
            hint="Lanthorn cannot make one; try again later.",
        )


class UnexpectedAnswer(YouTubeError):
    """YouTube answered with an HTTP error, or in a shape the pinned libraries do not read."""

    @classmethod
    def unreadable(cls) -> UnexpectedAnswer:
        """The answer came, but its shape has changed since the libraries were released."""
        return cls(
            "YouTube answered in a form Lanthorn does not understand.",
            hint="Try again later; if it keeps happening, YouTube has changed and Lanthorn "
            "needs an update.",
        )

    @classmethod
    def http_status(cls, status: int | None) -> UnexpectedAnswer:
        """An HTTP error other than "too many requests"."""
        code = f" (HTTP {status})" if status else ""
        return cls(f"YouTube answered with an error{code}.", hint="Try again later.")


class YouTubeRefused(YouTubeError):
    """YouTube refuses requests from this address (HTTP 429, a captcha, a bot check)."""

    def __init__(self) -> None:
        super().__init__(
            "YouTube is refusing requests from this network (too many requests, or the "
            "address is blocked).",
            hint=f"Retrying later usually helps, as does another network or a proxy "
            f"({_PROXY_HINT}).",
        )


class YouTubeUnreachable(YouTubeError):
    """No answer from YouTube: no connection, a timeout, or a proxy that does not answer."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Could not reach YouTube: {detail}.",
            hint=f"Check the internet connection and the proxy ({_PROXY_HINT}), then try again.",
        )

    @classmethod
    def no_connection(cls) -> YouTubeUnreachable:
        """The connection was refused or could not be made (offline, DNS, firewall)."""
        return cls("no connection")

    @classmethod
    def through_proxy(cls) -> YouTubeUnreachable:
        """The configured proxy refused or failed the connection."""
        return cls("the proxy refused or failed the connection")

    @classmethod
    def insecure(cls) -> YouTubeUnreachable:
        """TLS failed: often a firewall or proxy that intercepts secure connections."""
        return cls("the secure connection failed (a firewall or proxy may be intercepting it)")

    @classmethod
    def timed_out(cls, timeout_s: float | None) -> YouTubeUnreachable:
        """YouTube (or the proxy) took longer than the time limit to answer."""
        limit = f" within {timeout_s:g} s" if timeout_s else ""
        return cls(f"no answer{limit}")


class PlaylistUnavailable(YouTubeError):
    """YouTube will not list the playlist: it does not exist, is private, or is a mix."""

    @classmethod
    def from_youtube(cls, said: str) -> PlaylistUnavailable:
        """The alert YouTube shows on the playlist's page, turned into advice."""
        lowered = said.lower()
        if "does not exist" in lowered:
            return cls("This playlist does not exist on YouTube.", hint="Check the link.")
        if "private" in lowered:
            return cls(
                "This playlist is private.",
                hint="Only its owner can open it; they can make it unlisted or public.",
            )
        if "unviewable" in lowered:
            return cls(
                "YouTube cannot show this kind of playlist.",
                hint="Mixes and other automatic lists cannot be added; check the link, or add "
                "the videos one by one.",
            )
        return cls(f"YouTube cannot show this playlist ({_shown(said)}).", hint="Check the link.")
