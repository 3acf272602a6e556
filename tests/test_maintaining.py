"""MAINTAINING.md, followed end to end on the fictional 15th-meeting release.

In a throwaway copy of the repository: save the release text in sources/, inspect it, write its
record, build (which stops on the sentences without a translation, then on a name the registry
lacks, then on a sentence no topic covers), add the translations, the name and the topic, update
the meeting's entry in reference/dialogue-series.yaml, raise the version, build and validate.
The example
blocks of the guide are read from MAINTAINING.md itself, so the guide and the test cannot drift
apart. The expected values were read from the fictional text by a person.
"""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import yaml

from scripts.lib.yamlio import dump_yaml, load_yaml
from tests.conftest import ROOT, run_build, run_cli, validate

FIXTURE = ROOT / "tests" / "fixtures" / "releases" / "synthetic-meeting-15"
URL = "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_90000015.html"
NAME = "soumu-01tsushin08_90000015"  # step 1: sources/soumu-<the url's file name>.txt
GUIDE = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")


def example(name: str) -> str:
    """The fenced block that follows `<!-- example: name -->` in MAINTAINING.md."""
    match = re.search(rf"<!-- example: {name} -->\n```yaml\n(.*?)```", GUIDE, re.DOTALL)
    assert match, f"MAINTAINING.md has no example {name!r}"
    return match.group(1)


def table(root, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_the_guide_followed_on_a_fictional_15th_meeting(repo, tmp_path, capsys):
    # 1. Save the page text in sources/.
    text = repo / "sources" / f"{NAME}.txt"
    shutil.copyfile(FIXTURE.with_suffix(".txt"), text)

    # 2. Check what the parser reads.
    assert run_cli("inspect", text, "--root", repo) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["number"], report["published"], report["start_date"], report["end_date"]) == (
        15, "2027-03-19", "2027-03-02", "2027-03-03")
    assert (report["city_ja"], report["venue_ja"]) == ("東京", "三田共用会議所")
    assert report["missing"] == []
    assert report["unknown"] == ["organisation '内閣府' (reference/organizations.yaml)"]

    # 3. Write its provenance record. The fixture's record is the command's, with the terms
    # edited to say the text is fictional: the checksum and the id are the command's own.
    assert run_cli("snapshot", text, "--url", URL, "--root", repo) == 0
    written = load_yaml(text.with_name(f"{NAME}.source.yaml"))
    fixture_record = FIXTURE.with_suffix(".source.yaml").read_text(encoding="utf-8").replace(
        "file: synthetic-meeting-15.txt", f"file: {NAME}.txt")
    for key in ("source_id", "file", "url", "sha256", "bytes", "publisher_organization_id"):
        assert written[key] == yaml.safe_load(fixture_record)[key], key
    (repo / "sources" / f"{NAME}.source.yaml").write_text(fixture_record, encoding="utf-8")
    capsys.readouterr()

    # 4. Build: it stops first on every sentence without its translation (step 6).
    assert run_build(repo) == 2
    error = capsys.readouterr().err
    assert (f"sources/{NAME}.txt: line 17: sentence 1 of the joint statement has "
            "no translation in reference/translations-en.yaml") in error
    assert "the title of section (1) has no title translation" in error
    translations = repo / "reference" / "translations-en.yaml"
    entries = yaml.safe_load(example("translations"))
    document = load_yaml(translations)
    for key in ("sections", "sentences"):
        document[key] += entries[key]
    translations.write_text(dump_yaml(document), encoding="utf-8")

    # Then on the body the registry does not hold, and publishes nothing.
    assert run_build(repo) == 2
    error = capsys.readouterr().err
    assert f"{NAME}.txt: attendees (JP): unknown organization '内閣府'" in error
    assert "fix: add it (or an alias) to reference/organizations.yaml" in error

    # A new name: the guide's entry, in id order.
    organizations = repo / "reference" / "organizations.yaml"
    registry = organizations.read_text(encoding="utf-8")
    assert registry.count("- id: jp-cas\n") == 1
    organizations.write_text(registry.replace("- id: jp-cas\n", example("organization")
                                              + "- id: jp-cas\n"), encoding="utf-8")

    # The build now stops on a sentence no topic rule codes: the guide's new topic.
    assert run_build(repo) == 2
    assert "sentence meeting-015-s001 gets no topic" in capsys.readouterr().err
    topics = repo / "reference" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + example("topic"), encoding="utf-8")

    # The build now stops on the reference file, which still calls the meeting planned.
    assert run_build(repo) == 2
    assert "meeting 15: status is 'planned', but sources/ holds the meeting's own release" in (
        capsys.readouterr().err)

    # 5. Update the meeting's entry (the file's last) with the guide's example.
    series = repo / "reference" / "dialogue-series.yaml"
    content = series.read_text(encoding="utf-8")
    series.write_text(content[:content.index("- number: 15\n")] + example("series-entry"),
                      encoding="utf-8")

    # 7. A new version: raise the minor version.
    package = repo / "model" / "package.yaml"
    metadata = package.read_text(encoding="utf-8")
    major, minor, _ = re.search(r"^version: (\d+)\.(\d+)\.(\d+)$", metadata, re.M).groups()
    version = f"{major}.{int(minor) + 1}.0"
    package.write_text(re.sub(r"^version: .*$", f"version: {version}", metadata, flags=re.M),
                       encoding="utf-8")
    citation = repo / "CITATION.cff"  # the same version (the build refuses another)
    citation.write_text(re.sub(r"^version: .*$", f"version: {version}",
                               citation.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")

    # 3. CHANGELOG.md: what waited under Unreleased becomes the version's entry (else the
    # build publishes the version as X.Y.Z+unreleased).
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        "## [Unreleased]\n", f"## [Unreleased]\n\n## [{version}] - 2027-03-19\n", 1),
        encoding="utf-8")

    # Build: valid, and published.
    assert run_build(repo) == 0, capsys.readouterr().err
    # the build validated the staged package fully (our checks); these are its files
    report = validate(repo)
    assert report.ok, report.problems
    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == version
    assert URL in {s["path"] for s in descriptor["sources"]}

    meetings = table(repo, "meetings").set_index("number")
    assert list(meetings.index) == [str(n) for n in range(1, 17)]
    fifteenth = meetings.loc["15"]
    assert (fifteenth["status"], fifteenth["start_date"], fifteenth["end_date"]) == (
        "held", "2027-03-02", "2027-03-03")
    assert (fifteenth["city_ja"], fifteenth["venue_ja"], fifteenth["host_country"],
            fifteenth["format"]) == ("東京", "三田共用会議所", "JP", "in_person")
    assert (fifteenth["dialogue_name_ja"], fifteenth["dialogue_abbr"]) == (
        "デジタルエコノミーに関する日米対話", "DDE")
    assert fifteenth["source_id"] == "soumu-01tsushin08-90000015"
    assert fifteenth["fiscal_year_jp"] == "2026"
    sixteenth = meetings.loc["16"]
    assert (sixteenth["status"], sixteenth["fiscal_year_jp"], sixteenth["start_date"]) == (
        "planned", "2027", "")
    assert table(repo, "commitments")["meeting_id"].value_counts()["meeting-015"] == 5
    participants = table(repo, "participants")
    heads = participants[(participants["meeting_id"] == "meeting-015")
                         & (participants["role"] == "head_of_delegation")]
    assert list(heads["person_name_ja"]) == ["架空一郎", "ジョン・ドウ"]
    assert "jp-cao" in set(table(repo, "organizations")["organization_id"])
    topics = table(repo, "commitment_topics")
    assert set(topics.loc[topics["commitment_id"].str.startswith("meeting-015-"),
                          "commitment_id"]) == {f"meeting-015-s00{n}" for n in range(1, 6)}
    fourteenth = table(repo, "sources").set_index("source_id").loc["soumu-01tsushin08-02000172"]
    assert (fourteenth["path"], fourteenth["named_in_source_id"]) == (
        "sources/soumu-01tsushin08_02000172.txt", "")  # held, though the new release names it
    evidence = table(repo, "meeting_sources")
    own = evidence[(evidence["meeting_id"] == "meeting-015")
                   & (evidence["source_id"] == "soumu-01tsushin08-90000015")]
    assert "報道資料\n\n令和9年3月19日" in set(own["quote"])
    announcement = evidence[(evidence["meeting_id"] == "meeting-015")
                            & (evidence["fields"] == "status, planned_period")]
    assert list(announcement["meeting_columns"]) == [""]  # no longer supports `held`

    # 7.4 diff: the guide's new meeting is new rows and corrected values, a minor change,
    # which the minor bump of step 7.1 is enough for.
    from scripts.tools.diff import compare, load, overall

    diffs = compare(load(ROOT), load(repo))
    assert overall(diffs) == "minor", [(d.name, [c.text for c in d.changes]) for d in diffs
                                       if d.level == "major"]


def test_the_fictional_release_is_never_published():
    for name in ("sources", "meetings", "meeting_sources", "commitments"):
        frame = table(ROOT, name)
        for marker in ("synthetic", "FICTIONAL", "90000015", "架空"):
            assert not frame.apply(lambda column, m=marker: column.str.contains(m)).any().any()
    assert not list((ROOT / "sources").glob("synthetic*"))
