"""What the user reads: files and folders turned into an ordered article index.

Interface (used by the CLI and the TUI):
- `iter_files(sources)`: every candidate file under the given files/folders.
- `scan(sources)`: the light pass, yielding `ArticleSummary` or `Skipped`.
- `load(source)`: the full parse of one article (raises `ArticleError`).
- `order(summaries)`: the sidebar order (see README, "Order of articles").
"""
