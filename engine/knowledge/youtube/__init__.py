"""YouTube as a source: links, captions (youtube-transcript-api) and playlists (yt-dlp).

The network-facing core, with no knowledge-base writes: `links` reads what a person pastes,
`transcripts` fetches a video's captions and details, `playlists` lists a playlist's videos,
and every failure is a one-line `YouTubeError` (`errors`). Nothing here imports the two
libraries at module level, so importing the package costs no start-up time.
"""
