"""Work on one parsed article (a spaCy ``Doc``): quotation marks, page chrome,
sentences, cues, linking quotes to cues, noun phrases and the speakers within
the article. ``component.py`` is the spaCy component that runs it all."""
