"""Reading articles in the formats newsrooms have: text, HTML, JSON lines, folders, stdin."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.ingest import Article, IngestError, read_articles

HTML_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "html"
needs_html = pytest.mark.skipif(not HTML_DIR.is_dir(), reason=f"real pages not present at {HTML_DIR}")

# What the saved pages say about themselves (checked by eye against the pages).
PAGES = {
    "dw.com.colonial.html": ("Berlin confronts Germany's colonial past", "DW.COM", "2020-01-19", "Deutsche Welle"),
    "nature.com.telescope.html": ("Gigantic Chinese telescope opens", "Nature", "2019-09-24", "Elizabeth Gibney"),
    "reuters.com.parasite.html": ("'Parasite' scores historic upset", "Reuters", "2020-01-20", "Jill Serjeant"),
    "salon.com.emissions.html": ("Despite everything, U.S. emissions", "Salon.com", "2020-01-10", "Nathanael Johnson"),
    "theguardian.com.academics.html": ("Thousands of UK academics", "The Guardian", "2020-01-20", "Richard Adams"),
    "threatpost.com.android.html": ("Android Ransomware Spreads", "Threatpost", "2019-07-30", "Lindsey O'Donnell"),
    "vancouversun.com.microsoft.html": ("Microsoft moves to erase", "Vancouver Sun", "2020-01-16", "Reuters"),
    "vice.com.amazon.html": ("The Amazon Is on Fire", "Vice", "2019-08-21", "Madeleine Gregory"),
}
PAGE_TEXT = """<!doctype html><html><head><title>Bridge to reopen | Town Times</title>
<meta property="og:site_name" content="Town Times">
<meta name="author" content="Ann Reporter"><meta property="article:published_time" content="2024-05-02">
<script>var tracking = "ignore me";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge to reopen</h1>
<p>The old bridge over the river will reopen next month after two years of repairs, the council said on Tuesday.</p>
<p>"We will rebuild the bridge and the trust of the people who use it," the mayor said at a meeting with residents.</p>
<p>Engineers said the work had cost more than planned because the foundations were weaker than expected.</p>
</article><footer>Copyright Town Times. <a href="/privacy">Privacy</a></footer></body></html>
"""


def articles_and_errors(paths, **kw):
    items = list(read_articles([str(p) for p in paths], **kw))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def test_text_with_sources_csv(tmp_path):
    (tmp_path / "a.txt").write_text("Headline here\n\nBody of the article.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Other headline\nMore text.\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,outlet,author,published,title,url\na.txt,The Paper,Jo Doe,2024-06-01,Given title,https://x.org/a\n",
        encoding="utf-8",
    )
    articles, errors = articles_and_errors([tmp_path])
    assert errors == []
    a, b = articles
    assert (a.path, a.outlet, a.author, a.published, a.title, a.url) == (
        str(tmp_path / "a.txt"),
        "The Paper",
        "Jo Doe",
        "2024-06-01",
        "Given title",
        "https://x.org/a",
    )
    assert a.text == "Headline here\n\nBody of the article.\n"
    assert (b.title, b.outlet) == ("Other headline", None)  # no row: first line stands in for the title


def test_crlf_and_bom_normalised(tmp_path):
    (tmp_path / "win.txt").write_bytes(b"\xef\xbb\xbfTitle\r\nThe minister said it.\r\n")
    [article], _ = articles_and_errors([tmp_path / "win.txt"])
    assert article.text == "Title\nThe minister said it.\n"


@needs_html
@pytest.mark.parametrize("name", sorted(PAGES))
def test_real_html_page_text_and_metadata(name):
    [article], errors = articles_and_errors([HTML_DIR / name])
    assert errors == []
    title, outlet, published, author = PAGES[name]
    assert article.title.startswith(title)
    assert (article.outlet, article.published, article.author) == (outlet, published, author)
    assert article.url.startswith("http")
    assert 2000 < len(article.text) < 10_000  # the article, not the whole page
    for markup in ("<div", "<script", "</p>", "function(", '{"'):
        assert markup not in article.text


def test_html_main_text_without_chrome_and_sources_override(tmp_path):
    (tmp_path / "page.html").write_text(PAGE_TEXT, encoding="utf-8")
    articles, errors = articles_and_errors([tmp_path])
    assert errors == []
    [a] = articles
    assert "We will rebuild the bridge" in a.text
    assert "ignore me" not in a.text and "Privacy" not in a.text and "Home" not in a.text
    assert (a.outlet, a.author, a.published) == ("Town Times", "Ann Reporter", "2024-05-02")
    (tmp_path / "sources.csv").write_text("file,outlet\npage.html,Town Times Online\n", encoding="utf-8")
    [a2], _ = articles_and_errors([tmp_path])
    assert (a2.outlet, a2.author) == ("Town Times Online", "Ann Reporter")  # the csv wins, the page fills in


def test_html_without_article_text_is_an_error(tmp_path):
    (tmp_path / "blank.html").write_text("<html><head><title>x</title></head><body></body></html>")
    articles, [error] = articles_and_errors([tmp_path / "blank.html"])
    assert articles == [] and "no article text" in error.message


def test_jsonl_records_are_articles_named_by_line(tmp_path):
    lines = [
        {
            "text": "First story. The mayor spoke.",
            "url": "https://x.org/1",
            "outlet": "Daily",
            "published": "2024-01-02",
            "title": "One",
            "author": "A. Writer",
        },
        {"text": "Second story.", "sitename": "Weekly", "date": "2024-01-03"},  # trafilatura's key names
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(lines[0]) + "\n\n" + json.dumps(lines[1]) + "\n", encoding="utf-8")
    articles, errors = articles_and_errors([path])
    assert errors == []
    assert [a.path for a in articles] == [f"{path}:1", f"{path}:3"]
    assert (articles[0].outlet, articles[0].title, articles[0].author) == ("Daily", "One", "A. Writer")
    assert (articles[1].outlet, articles[1].published, articles[1].title) == ("Weekly", "2024-01-03", "Second story.")


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": "Only story.", "outlet": "Daily"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "Story one."}, {"text": "Story two."}]))
    articles, errors = articles_and_errors([tmp_path / "one.json", tmp_path / "many.json"])
    assert errors == []
    assert [a.path for a in articles] == [
        str(tmp_path / "one.json"),
        f"{tmp_path / 'many.json'}:1",
        f"{tmp_path / 'many.json'}:2",
    ]
    assert articles[0].outlet == "Daily"


def test_folders_recursive_sorted_known_formats_once(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed story.")
    (tmp_path / "a.txt").write_text("Ay story.")
    (tmp_path / "c.jsonl").write_text('{"text": "Feed story."}\n')
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "README.txt").write_text("How this folder is organised.")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden.")
    (tmp_path / "sources.csv").write_text("file,outlet\na.txt,Daily\n")
    articles, errors = articles_and_errors([tmp_path, tmp_path / "a.txt"])  # a.txt named twice: read once
    assert errors == []
    assert [a.path for a in articles] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "z.txt"),
        f"{tmp_path / 'c.jsonl'}:1",
    ]
    assert articles[0].outlet == "Daily"


def test_stdin_jsonl_and_text():
    import io

    feed = b'{"text": "Story one."}\n{"text": "Story two."}\n'
    articles, _ = articles_and_errors(["-"], stdin=io.BytesIO(feed))
    assert [a.path for a in articles] == ["-:1", "-:2"]
    articles, _ = articles_and_errors(["-"], stdin=io.BytesIO(b"Plain headline\nPlain story.\n"))
    assert [(a.path, a.text) for a in articles] == [("-", "Plain headline\nPlain story.\n")]
    articles, _ = articles_and_errors(["-"], stdin=io.BytesIO(PAGE_TEXT.encode()))
    assert "We will rebuild the bridge" in articles[0].text and articles[0].outlet == "Town Times"


def test_cli_reads_stdin_jsonl():
    feed = (
        json.dumps({"text": 'The mayor said: "We will rebuild the bridge." Nobody disagreed.', "outlet": "Daily"})
        + "\n"
    )
    result = CliRunner().invoke(cli, ["extract", "-"], input=feed)
    assert result.exit_code == 0, result.output
    assert "1 articles read, 0 failed" in result.stderr
    for line in result.stdout.splitlines():
        assert json.loads(line)["article"] == "-:1"


def _offsets_align(paths, texts):
    result = CliRunner().invoke(cli, ["extract", *map(str, paths)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for r in records:
        assert texts[r["article"]][r["start"] : r["end"]] == r["text"]
    return records


def test_extract_offsets_point_into_visible_html_text(tmp_path):
    (tmp_path / "page.html").write_text(PAGE_TEXT, encoding="utf-8")
    texts = {a.path: a.text for a in articles_and_errors([tmp_path / "page.html"])[0]}
    records = _offsets_align([tmp_path / "page.html"], texts)
    assert any("We will rebuild the bridge" in r["text"] for r in records)


@needs_html
def test_extract_offsets_on_real_pages():
    paths = [HTML_DIR / name for name in sorted(PAGES)]
    texts = {a.path: a.text for a in articles_and_errors(paths)[0]}
    records = _offsets_align(paths, texts)
    assert len({r["article"] for r in records}) >= 4  # real news pages are full of quotes
