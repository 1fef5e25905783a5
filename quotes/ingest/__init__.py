"""Reading articles: files, folders, stdin; text, HTML and JSON; any encoding."""

from .readers import Article, IngestError, IngestWarning, Skipped, SourcesWarning, Unread, read_articles

__all__ = ["Article", "IngestError", "IngestWarning", "Skipped", "SourcesWarning", "Unread", "read_articles"]
