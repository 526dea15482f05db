from engine.knowledge.cleaning import (
    HeaderFooterFilter,
    clean_pages,
    clean_plain_text,
    join_lines,
    line_key,
    normalize_characters,
    normalize_for_search,
    prepare_lines,
)


def clean_page_text(raw: str) -> str:
    """One page cleaned on its own, as the PDF reader cleans it but without header removal."""
    return join_lines(prepare_lines(raw))


def test_ligatures_become_letters():
    assert clean_page_text("a ﬁne-tuned model, ﬂuent") == "a fine-tuned model, fluent"


def test_line_end_hyphen_is_removed_from_broken_words():
    assert clean_page_text("relies on ef-\nﬁcient passage retrieval") == (
        "relies on efficient passage retrieval"
    )


def test_line_end_hyphen_is_kept_in_compounds_written_so_elsewhere():
    text = "the question encoder is ﬁne-\ntuned, and the reader is ﬁne-tuned too"
    assert clean_page_text(text).startswith("the question encoder is fine-tuned, and")


def test_line_end_hyphen_between_two_known_words_is_kept():
    text = "special interests and the interest of a\nspecial-\ninterest group"
    assert "special-interest group" in clean_page_text(text)


def test_real_hyphens_inside_lines_stay():
    assert clean_page_text("open-domain QA") == "open-domain QA"


def test_capitalised_or_numeric_continuation_keeps_its_hyphen():
    assert clean_page_text("Barlas O-\nGuz and COVID-\n19") == "Barlas O-Guz and COVID-19"


def test_wrapped_lines_join_with_one_space_and_paragraphs_survive():
    raw = "A short line of text that wraps\nonto the next line.\n\nA new paragraph   here."
    assert clean_page_text(raw) == (
        "A short line of text that wraps onto the next line.\n\nA new paragraph here."
    )


def test_short_line_ending_a_sentence_ends_a_paragraph():
    long = "x" * 60
    raw = f"{long} one\n{long} two\nEnd of it.\n{long} three\n{long} four"
    assert clean_page_text(raw).split("\n\n")[1].startswith(long + " three")


def test_no_whitespace_between_cjk_characters_at_line_wraps():
    raw = (
        "第 1 页\n 崇陵位于中国河北易县的清西陵，是清德宗光\n绪帝的陵墓。"
        "在《\nAwaking the Centuries》之后"
    )
    text = clean_page_text(raw)
    assert "清德宗光绪帝" in text
    assert "在《Awaking the Centuries》之后" in text
    assert "第 1 页" in text  # a single page keeps its footer: no neighbours to compare


def test_spaces_between_latin_and_cjk_are_kept():
    text = "由主唱兼吉他手 Asis Nasseri 创作"
    assert clean_page_text(text) == text


def test_full_width_punctuation_is_kept_but_digits_fold():
    assert normalize_characters("（１９０９年），是") == "（1909年），是"


def test_control_surrogate_and_invisible_characters_are_removed():
    assert normalize_characters("a\x00b\u00adc\ud800d\u200be\u200df") == "abcde\u200df"
    assert normalize_characters("x\r\ny\rz") == "x\ny\nz"


def test_line_key_folds_numbers_and_roman_numerals():
    assert line_key("第 12 页") == line_key("第 3 页") == "第#页"
    assert line_key("Page xiv") == line_key("Page 3") == "page#"
    assert line_key("4 FREE CULTURE") == line_key("188 Free Culture")


WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]


def _book(page_count: int) -> list[tuple[int, str]]:
    pages = []
    for n in range(1, page_count + 1):
        head = f"{n} FREE CULTURE" if n % 2 == 0 else f"CHAPTER ONE {n}"
        body = f"Body text of page {WORDS[n]} says something, number {n * 7}."
        pages.append((n, f"{body}\nMore words on {WORDS[n]}.\n{head}\n4TH PASS PAGES\n{n}"))
    return pages


def test_running_heads_page_numbers_and_slugs_are_removed():
    cleaned = list(clean_pages(_book(12), 12))
    assert [page.number for page in cleaned] == list(range(1, 13))
    for page in cleaned:
        assert "FREE CULTURE" not in page.text
        assert "CHAPTER ONE" not in page.text
        assert "PASS PAGES" not in page.text
        assert page.text.startswith(f"Body text of page {WORDS[page.number]} says")
        assert page.text.endswith(f"More words on {WORDS[page.number]}.")


def test_footers_first_in_the_text_are_removed_too():
    names = "甲乙丙丁戊己庚辛壬"
    pages = [(n, f"第 {n} 页\n条目{names[n]}\n 正文{names[n]}，内容各不同。") for n in range(1, 9)]
    for page in clean_pages(pages, 8):
        assert "页" not in page.text
        assert page.text == f"条目{names[page.number]}\n\n正文{names[page.number]}，内容各不同。"


def test_short_documents_keep_every_line():
    pages = [(n, f"第 {n} 页\nText {n}.") for n in range(1, 4)]
    assert all("页" in page.text for page in clean_pages(pages, 3))


def test_filter_holds_back_only_the_window():
    headers = HeaderFooterFilter(20, window=4)
    released = [headers.push(n, [f"Page {n}", f"text {n}"]) for n in range(1, 7)]
    assert [len(batch) for batch in released] == [0, 0, 0, 0, 1, 1]
    assert [page.number for page in headers.flush()] == [3, 4, 5, 6]


def test_alike_pages_keep_their_only_line():
    pages = [(n, "Hello world") for n in range(1, 6)]  # hello_world_rotated.pdf
    assert [page.text for page in clean_pages(pages, 5)] == ["Hello world"] * 5


def _colour_sheet(n: int) -> str:
    """A page like calrgb.pdf's: the same lines on every page, only the numbers differ."""
    rows = [f"A, B, C = {i / 20:.2f}, 0.00, 0.00 A, B, C = {i / 20:.2f}, 0.50" for i in range(20)]
    return "\n".join([*rows, f"WhitePoint [ {n}.000 1.000 ]", f"Gamma [ 1.{n} 1.{n} 1.{n} ]"])


def test_pages_that_differ_only_in_their_numbers_keep_every_line():
    pages = [(n, _colour_sheet(n)) for n in range(1, 18)]
    cleaned = list(clean_pages(pages, 17))
    assert [page.text for page in cleaned] == [clean_page_text(raw) for _, raw in pages]
    assert all("WhitePoint" in page.text and "A, B, C = 0.95" in page.text for page in cleaned)


def test_a_recurring_block_longer_than_a_running_head_stays():
    notice = [f"Rule {word}: this form must be signed." for word in WORDS[:7]]
    pages = [(n, "\n".join([*notice, f"Entry {WORDS[n]} differs."])) for n in range(1, 9)]
    for page in clean_pages(pages, 8):
        assert all(line in page.text for line in notice)
        assert page.text.endswith(f"Entry {WORDS[page.number]} differs.")


def test_a_recurring_line_longer_than_a_running_head_stays():
    licence = "These drawings are free to share, modify and duplicate under a licence. " * 2
    pages = [(n, f"{licence.strip()}\nSheet {WORDS[n]} shows a floor plan.") for n in range(1, 9)]
    for page in clean_pages(pages, 8):
        assert page.text.startswith("These drawings are free")


def test_a_book_page_holding_only_its_running_head_becomes_blank():
    book = _book(12)
    book[5] = (6, "6 FREE CULTURE\n4TH PASS PAGES\n6")  # a blank verso: furniture only
    cleaned = {page.number: page.text for page in clean_pages(book, 12)}
    assert cleaned[6] == ""
    assert cleaned[7].startswith(f"Body text of page {WORDS[7]} says")
    assert "FREE CULTURE" not in cleaned[8] and "PASS PAGES" not in cleaned[5]


def test_prepare_lines_marks_indents_and_folds_spaces():
    assert prepare_lines("  indented   line \nplain\tline") == [" indented line", "plain line"]


def test_plain_text_keeps_lines_and_folds_blank_runs():
    assert clean_plain_text("# Title\r\n\r\n\r\n\r\n- item  one\n- item two  \n") == (
        "# Title\n\n- item one\n- item two"
    )


def test_normalize_for_search_matches_cleaned_text():
    assert normalize_for_search("光\n绪帝  的 ﬁle") == "光绪帝的 file"
