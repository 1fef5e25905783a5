"""Work on plain records across the articles of a corpus: speaker identity,
deduplication into quotes, and the rows of every table. No spaCy here."""
