"""Ingest on small hand-made inputs: formats, ids, and every kind of bad input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from crosscheck.errors import MetadataError, NoUsableInputError
from crosscheck.ingest import check_article_id, ingest
from crosscheck.models import DateOrigin

STORY = (
    "Flooding closed the main bridge in Aldham on Sunday, the county council said.\n"
    "About 200 homes were evacuated overnight as the river rose, officials said.\n"
)


def _reasons(result) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}:{p.severity}:{p.reason}" for p in result.problems]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    return tmp_path


def test_empty_file_is_skipped_and_the_run_goes_on(good: Path):
    (good / "empty.txt").write_text("  \n\n", encoding="utf-8")
    result = ingest([good])
    assert [a.id for a in result.articles] == ["good"]
    assert _reasons(result) == ["empty.txt:None:skipped:empty file"]


def test_binary_file_is_skipped(good: Path):
    (good / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = ingest([good])
    assert [a.id for a in result.articles] == ["good"]
    assert _reasons(result) == ["photo.txt:None:skipped:binary file, not text"]


def test_invalid_utf8_is_decoded_with_replacement_and_warned(good: Path):
    (good / "latin.txt").write_bytes(STORY.replace("Aldham", "Ald\xe9ham").encode("latin-1"))
    result = ingest([good])
    latin = next(a for a in result.articles if a.id == "latin")
    assert "Ald\ufffdham" in latin.text
    [problem] = result.problems
    assert problem.severity == "warning" and problem.path.endswith("latin.txt")
    assert "invalid UTF-8 at byte" in problem.reason


def test_file_over_the_size_cap_is_skipped(good: Path):
    (good / "huge.txt").write_text(STORY * 100, encoding="utf-8")
    result = ingest([good], max_bytes=2000)
    assert [a.id for a in result.articles] == ["good"]
    assert "over the 2,000-byte cap" in result.problems[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_skipped(good: Path):
    locked = good / "locked.txt"
    locked.write_text(STORY, encoding="utf-8")
    locked.chmod(0)
    result = ingest([good])
    assert [a.id for a in result.articles] == ["good"]
    assert "cannot read" in result.problems[0].reason


def test_missing_path_is_reported(good: Path):
    result = ingest([good, good / "nope"])
    assert [a.id for a in result.articles] == ["good"]
    assert _reasons(result) == ["nope:None:skipped:no such file or folder"]


def test_unreadable_path_is_reported(good: Path):
    fifo = good / "pipe.txt"
    os.mkfifo(fifo)
    result = ingest([good, fifo])
    assert [a.id for a in result.articles] == ["good"]
    assert _reasons(result) == ["pipe.txt:None:skipped:not a regular file"]


def test_duplicate_id_keeps_the_first_and_names_it(good: Path):
    sub = good / "sub"
    sub.mkdir()
    (sub / "good.md").write_text(STORY, encoding="utf-8")
    result = ingest([good])
    assert len(result.articles) == 1
    [problem] = result.problems
    assert problem.path.endswith("sub/good.md")
    assert "duplicate article id 'good' (first read from" in problem.reason


def test_nothing_usable_raises_with_every_problem(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(NoUsableInputError) as e:
        ingest([tmp_path])
    assert "no usable article" in e.value.message
    assert [p.reason for p in e.value.problems] == ["empty file"]


@pytest.mark.parametrize(
    "article_id, ok",
    [("000_c15b944e6abe4084", True), ("trial-denver-post", True), ("../etc/passwd", False),
     ("a/b", False), ("a\\b", False), ("..", False), (".hidden", False), ("bad\x07id", False),
     ("new\nline", False), ("", False), ("x" * 201, False)],
)
def test_article_ids_that_could_escape_are_rejected(article_id: str, ok: bool):
    assert (check_article_id(article_id) is None) == ok


def test_jsonl_records_with_bad_lines(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": STORY, "title": "Bridge closed by floods", "published": "2024-02-04"}),
        "{not json",
        json.dumps({"id": "../escape", "text": STORY}),
        json.dumps({"id": "a2"}),
        json.dumps(["a list"]),
        json.dumps({"id": "a1", "text": STORY}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest([path])
    [a1] = result.articles
    assert a1.sentences[0].text == "Bridge closed by floods" and a1.sentences[0].kind == "headline"
    assert a1.published.isoformat() == "2024-02-04" and a1.published_from == DateOrigin.SIDECAR
    assert [(p.line, p.reason.split(":")[0].split(" (")[0]) for p in result.problems] == [
        (2, "not valid JSON"),
        (3, "article id '../escape' could escape the output folder"),
        (4, "missing or empty field(s)"),
        (5, "expected a JSON object"),
        (6, "duplicate article id 'a1'"),
    ]


def test_html_goes_through_main_text_extraction(tmp_path: Path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Bridge closed</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Bridge closed by floods</h1><p>{STORY.splitlines()[0]}</p>"
        f"<p>{STORY.splitlines()[1]}</p></article>"
        "<footer>Privacy Policy | Terms of Use | Contact us</footer></body></html>",
        encoding="utf-8",
    )
    [a] = ingest([tmp_path]).articles
    assert "Flooding closed the main bridge in Aldham on Sunday" in a.text
    assert "Privacy Policy" not in a.text and "Home" not in a.text


def test_gzipped_jsonl_is_streamed_and_a_truncated_one_keeps_what_came_before(tmp_path: Path):
    records = [json.dumps({"id": f"g{i}", "text": STORY, "published": "2024-02-04"}) for i in range(3)]
    data = gzip.compress(("\n".join(records) + "\n").encode("utf-8"))
    (tmp_path / "feed.jsonl.gz").write_bytes(data)
    result = ingest([tmp_path / "feed.jsonl.gz"])
    assert [a.id for a in result.articles] == ["g0", "g1", "g2"] and not result.problems

    cut = tmp_path / "cut" / "feed.jsonl.gz"
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) - 12])  # the gzip trailer and the last bytes are gone
    result = ingest([cut.parent])
    assert [a.id for a in result.articles][:2] == ["g0", "g1"]
    [problem] = result.problems
    assert problem.path == str(cut) and "truncated or corrupt" in problem.reason


def _warc(path: Path, pages: list[tuple[str, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                          http_headers=http))
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG"),
                                                      http_headers=StatusAndHeaders(
                                                          "200 OK", [("Content-Type", "image/png")],
                                                          protocol="HTTP/1.1")))


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str, gz: bool):
    page = ("<html><head><title>Bridge closed</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Bridge closed by floods</h1><p>{STORY.splitlines()[0]}</p>"
            f"<p>{STORY.splitlines()[1]}</p></article><footer>Privacy Policy</footer></body></html>")
    _warc(tmp_path / name, [("https://news.example/2024/02/bridge-closed", page),
                            ("https://other.example/a?id=7", page.replace("Aldham", "Brent"))], gz)
    result = ingest([tmp_path])
    url_hash = lambda url: hashlib.sha1(url.encode()).hexdigest()[:8]  # noqa: E731
    assert [a.id for a in result.articles] == [
        "news-example-2024-02-bridge-closed-" + url_hash("https://news.example/2024/02/bridge-closed"),
        "other-example-a-id-7-" + url_hash("https://other.example/a?id=7")]
    first = result.articles[0]
    assert first.url == "https://news.example/2024/02/bridge-closed"
    assert "Flooding closed the main bridge in Aldham" in first.text and "Home" not in first.text
    assert "Brent" in result.articles[1].text
    assert not result.problems  # the image record is passed over, not reported


def test_a_file_that_is_not_a_warc_is_reported(tmp_path: Path):
    (tmp_path / "crawl.warc").write_text("this is not a web archive\n" * 3, encoding="utf-8")
    with pytest.raises(NoUsableInputError) as err:
        ingest([tmp_path])
    [problem] = err.value.problems
    assert problem.path.endswith("crawl.warc") and "not a WARC file" in problem.reason


def test_markdown_headings_links_and_emphasis(tmp_path: Path):
    (tmp_path / "note.md").write_text(
        "# Bridge closed by floods\n\n**Flooding** closed the [main bridge](https://x.example) in Aldham "
        "on Sunday, the county council said.\n\n![photo](p.jpg)\n", encoding="utf-8")
    [a] = ingest([tmp_path]).articles
    assert a.title == "Bridge closed by floods"
    assert [s.text for s in a.sentences] == [
        "Bridge closed by floods",
        "Flooding closed the main bridge in Aldham on Sunday, the county council said.",
    ]


def test_text_header_block_gives_metadata(tmp_path: Path):
    (tmp_path / "h.txt").write_text(
        "Source: Example Gazette\nURL: https://example.org/x\nDate: 2024-02-05\nTitle: Floods shut bridge\n\n"
        + STORY, encoding="utf-8")
    [a] = ingest([tmp_path]).articles
    assert (a.source, a.url, a.title) == ("Example Gazette", "https://example.org/x", "Floods shut bridge")
    assert a.page_date.isoformat() == "2024-02-05" and a.published_from == DateOrigin.PAGE


def test_sidecar_with_bad_rows_lists_every_row(tmp_path: Path, good: Path):
    side = tmp_path / "meta.csv"
    side.write_text("id,source,published\ngood,Gazette,2024-13-01\n,Nobody,2024-01-01\nother,Again,\n"
                    "shifted,Wire,,2024-01-02\n", encoding="utf-8")
    with pytest.raises(MetadataError) as e:
        ingest([good], sources=side)
    assert e.value.problems == [
        f"{side}:2: published '2024-13-01' is not a real date (month must be in 1..12)",
        f"{side}:3: missing id",
        f"{side}:5: 4 fields, the header names 3 (id,source,published)",
    ]


def test_sidecar_without_id_column(tmp_path: Path, good: Path):
    side = tmp_path / "meta.csv"
    side.write_text("name,published\ngood,2024-01-01\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="no 'id' column"):
        ingest([good], sources=side)


def test_sidecar_jsonl_and_unmatched_entries(tmp_path: Path, good: Path):
    side = tmp_path / "meta.jsonl"
    side.write_text('{"id": "good", "source": "Gazette", "published": "2024-02-04T10:00:00Z"}\n'
                    '{"id": "ghost", "source": "Nobody"}\n', encoding="utf-8")
    result = ingest([good], sources=side)
    [a] = result.articles
    assert (a.source, a.published.isoformat(), a.published_from) == ("Gazette", "2024-02-04", DateOrigin.SIDECAR)
    assert [p.reason for p in result.problems] == ["entry 'ghost' matches no article read"]


def test_jsonl_published_that_is_not_a_date_is_warned_and_ignored(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": STORY, "published": "sometime"}) + "\n", encoding="utf-8")
    result = ingest([path])
    assert result.articles[0].published is None
    assert [(p.line, p.reason) for p in result.problems] == [(1, "published 'sometime' is not a date; ignored")]


def test_read_error_is_reported_even_as_root(good: Path, monkeypatch: pytest.MonkeyPatch):
    (good / "locked.txt").write_text(STORY, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = ingest([good])
    assert [a.id for a in result.articles] == ["good"]
    assert _reasons(result) == ["locked.txt:None:skipped:cannot read: Permission denied"]
