"""The application's use cases, between the web shell and CLI above and storage below.

One module per use case: a view or command parses its input, calls one of these, and renders
what comes back; storage only persists. Functions here take the session and decide when a
step's rows are committed.
"""
