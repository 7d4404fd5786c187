"""Endpoint groups, one module per methods page of the Mastodon docs."""
