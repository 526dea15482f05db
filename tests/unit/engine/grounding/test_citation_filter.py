from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.chat.citations import AnswerFilter, strip_markers


def run(text: str, sources: int = 2, pieces: list[str] | None = None) -> AnswerFilter:
    filt = AnswerFilter(sources)
    shown = "".join(filt.feed(p) for p in (pieces if pieces is not None else [text]))
    shown += filt.finish()
    assert shown == filt.text
    return filt


def test_valid_markers_are_kept_and_recorded() -> None:
    filt = run("It is 768 [1]. BM25 is slower [2].")
    assert filt.text == "It is 768 [1]. BM25 is slower [2]."
    assert [n for n, _ in filt.cited] == [1, 2]


def test_lists_ranges_and_neighbours_are_understood() -> None:
    filt = run("A [1, 2]. B [1][2]. C [1-2]. D 【2】. E [Source 1].", sources=2)
    assert filt.text == "A [1, 2]. B [1][2]. C [1, 2]. D [2]. E [1]."
    assert {n for n, _ in filt.cited} == {1, 2}


def test_a_marker_pointing_at_no_source_is_removed_with_its_space() -> None:
    filt = run("Fact one [1]. Fact two [7]. Both [2, 9].", sources=2)
    assert filt.text == "Fact one [1]. Fact two. Both [2]."
    assert [n for n, _ in filt.cited] == [1, 2]


def test_without_sources_every_marker_goes() -> None:
    assert run("Plain [1] text [2].", sources=0).text == "Plain text."


def test_ordinary_brackets_stay() -> None:
    text = "Use a list [see above] or x[i] and [a, b]."
    assert run(text).text == text


def test_markdown_and_html_images_are_reduced_to_their_alt_text() -> None:
    text = 'See ![logo](http://127.0.0.1:9/p.png) and <img src="http://x/y.png"> and ![a][r].'
    assert run(text).text == "See logo and  and a."


def test_marker_split_across_pieces_is_still_parsed() -> None:
    filt = run("", pieces=["The answer is 768 ", "[", "1", "]", " and [", "9", "]."])
    assert filt.text == "The answer is 768 [1] and."


def test_image_split_across_pieces_never_leaks() -> None:
    pieces = ["Look ", "!", "[x", "](http://127.0.0.1", ":8000/a.png", ") done"]
    filt = AnswerFilter(1)
    shown = [filt.feed(p) for p in pieces] + [filt.finish()]
    assert "http" not in "".join(shown)
    assert filt.text == "Look x done"


def test_strip_markers_for_history() -> None:
    assert strip_markers("It is 768 [1]. Yes [1, 2].") == "It is 768. Yes."


@given(st.text(alphabet="ab [1]2!(x):/.【】,", max_size=60), st.data())
def test_any_split_gives_the_same_text_as_one_piece(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert run(text, pieces=pieces).text == run(text).text
