"""Attribution analysis: pure Python, no Flask or SQLAlchemy.

``analyze(text)`` splits a text into blocks and sentences and reports, for each sentence, who (if anyone)
it is attributed to and whether that source is one a reader could check.
"""
