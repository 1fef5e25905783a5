"""The article in a saved web page: its main text and metadata, via trafilatura.

The extracted text is what the database stores as the article, so quote
offsets point into the visible text, not into the markup.
"""

from __future__ import annotations

from typing import NamedTuple

# Reader comments under an article are not the article: a quote there would be
# attributed to whoever the comment mentions. Tables rarely hold prose quotes
# and flatten into run-on sentences.
OPTIONS = {"include_comments": False, "include_tables": False, "with_metadata": True}


class HtmlArticle(NamedTuple):
    text: str
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None
    url: str | None


class HtmlError(ValueError):
    """No article could be found in the page."""


def html_article(html: bytes | str) -> HtmlArticle:
    """Main text and metadata of one page; raises ``HtmlError`` if it has no article text."""
    import trafilatura  # slow to import; only HTML input needs it

    try:
        doc = trafilatura.bare_extraction(html, **OPTIONS)
    except Exception as e:  # trafilatura and lxml raise many kinds on broken markup
        raise HtmlError(f"cannot parse HTML ({type(e).__name__}: {e})") from None
    if doc is None or not (doc.text or "").strip():
        raise HtmlError("no article text found in the HTML")
    return HtmlArticle(
        text=doc.text,
        title=doc.title or None,
        author=doc.author or None,
        published=doc.date or None,
        outlet=doc.sitename or None,
        url=doc.url or None,
    )
