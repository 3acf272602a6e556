"""The build of the U.S.–Japan Digital Economy Dialogue dataset: `python -m scripts <command>`.

The stages, in the order the data flows through them (scripts/build.py runs them):

    1  snapshot.py        sources/*.txt + *.source.yaml -> checked text with its provenance
    2  parse_release/     release text -> parsed release, every part located by span
    3  registry.py        reference/*.yaml -> the curated facts, indexed for matching
    4  link_records.py    parsed release + registry -> the rows one release gives
    5  merge_series/      rows + reference/dialogue-series.yaml -> the series' rows, merged
    6  assemble_tables.py every input's rows -> the package's tables, complete and sorted
    7  write_tables.py    tables -> CSV, Parquet, JSON Schemas, datapackage.json
       write_workbook.py  tables -> the Excel workbook
       write_database.py  tables -> the SQLite database
       write_datasette.py model -> the database's Datasette metadata
    8  validate/          package folder -> report of every problem
    9  publish.py         validated staging folder -> data/, schemas/, datapackage.json

Beside them: cli.py (the command line), lib/ (what every stage shares: the project's folders,
the model, IDs, errors, YAML, Japanese dates, zip files), docs/ (documents generated from the
package) and tools/ (inspect, diff, release, bench, synthetic corpora, failure table, YAML
formatting).
"""
