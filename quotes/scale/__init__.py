"""The same pipeline on a Dask cluster, for archives beyond one machine.

``extract``: articles read and parsed partition by partition on the workers,
each loading the spaCy pipeline once, with mentions written to JSON-lines
shards that a later run reloads instead of parsing again. ``dedupe``: the
two passes of ``quotes.corpus.dedupe`` as hash shuffles. ``build``: both,
giving the database a single-process build gives. Needs the ``dask`` extra.
"""
