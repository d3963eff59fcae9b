"""Sync with a Google Reader API server (FreshRSS, Miniflux, Inoreader, ...).

`account` keeps the server and the token, `api` speaks the protocol over
`http` (one deadline per request), `items` turns server items into articles,
`engine` runs one sync. Nothing here imports Textual.
"""
