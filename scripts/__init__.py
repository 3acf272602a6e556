"""Pipeline that turns the dialogue's source documents into the published Data Package.

Stages, one module each: snapshot (source bytes, checked) -> parse_release (parsed document)
-> registry (curated reference data) -> link (records) -> tables -> write (files)
-> validate -> publish.
"""
