"""The Mastodon client protocol as pure code: no I/O, no event loop (a lint rule says so).

Routes, request building, the Link header, error mapping and tolerant decoding live
here, so they can be tested as plain functions.
"""
