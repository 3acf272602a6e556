"""Pipeline that turns the dialogue's source documents into the published Data Package.

Stages, one module each: snapshot (source bytes, checked) -> parse_release (parsed document)
-> registry (curated reference data) -> link (records) -> series (the meetings of
reference/dialogue-series.yaml, merged with the releases) -> tables -> write (files)
-> validate -> publish. inspect prints what the parser reads from one release.
"""
