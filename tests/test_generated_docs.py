"""Generated documentation: current, and saying what the data says.

The JSON-LD and the figures are checked against datapackage.json, the files' own hashes and
the CSVs read here with the csv module, not against the generators' output.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from scripts.docs import render_all, stale
from tests.conftest import MODEL, PROJECT, ROOT, run_cli

SVG = "{http://www.w3.org/2000/svg}"
GENERATED = sorted(render_all(ROOT, MODEL))


def rows(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("path", GENERATED)
def test_generated_file_is_current(path):
    assert path not in stale(PROJECT), f"{path} is stale: run `make build` and commit"


def test_check_names_stale_files(tmp_path, capsys):
    """A valid package without its documents: each is named stale."""
    for name in ("datapackage.json", "data", "schemas", "sources", "model", "reference",
                 "CHANGELOG.md"):  # (CHANGELOG.md: the version the package carries)
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.write_bytes(source.read_bytes())
    assert run_cli("docs", "--check", "--root", tmp_path) == 1
    err = capsys.readouterr().err
    assert "docs/dataset.jsonld" in err and "fix: run `make build`" in err


def test_dataset_jsonld_describes_the_package():
    document = json.loads((ROOT / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org/"
    assert document["@type"] == "Dataset"
    assert document["name"] == descriptor["title"]
    assert document["version"] == descriptor["version"]
    assert document["license"] == ["https://creativecommons.org/licenses/by/4.0/"]
    downloads = {d["contentUrl"]: d for d in document["distribution"]}
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").iterdir())
    assert sorted(downloads) == on_disk
    for path in on_disk:
        data = (ROOT / path).read_bytes()
        assert downloads[path]["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert downloads[path]["contentSize"] == f"{len(data)} B"
    variables = {v["name"] for v in document["variableMeasured"]}
    for path in on_disk:
        if path.endswith(".csv"):
            with (ROOT / path).open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle))
            table = path.removeprefix("data/").removesuffix(".csv")
            assert {f"{table}.{name}" for name in header} <= variables
    assert [s["url"] for s in document["isBasedOn"]] == [
        "https://www.soumu.go.jp/menu_news/s-news/01tsushin08_02000172.html"]


def svg_titles(element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}title")]


def test_timeline_shows_every_meeting_as_stated():
    root = ET.parse(ROOT / "docs" / "figures" / "meetings-timeline.svg").getroot()
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    meetings = rows("meetings")
    assert sorted(groups) == sorted(m["meeting_id"] for m in meetings)
    published = {s["source_id"]: s["published"] for s in rows("sources")}
    for meeting in meetings:
        titles = " | ".join(svg_titles(groups[meeting["meeting_id"]]))
        texts = " ".join(t.text or "" for t in groups[meeting["meeting_id"]].iter(f"{SVG}text"))
        if meeting["start_date"]:
            assert meeting["start_date"] in titles and meeting["end_date"] in titles
        elif meeting["status"] == "planned":
            assert f"fiscal year {meeting['fiscal_year_jp']}" in titles
        else:
            assert "dates not stated" in texts
        if meeting["status"] == "held" and published[meeting["source_id"]]:
            assert f"published {published[meeting['source_id']]}" in titles
    # the 14th meeting, as the release states it: 6 and 7 February 2024
    assert "2024-02-06 to 2024-02-07" in " ".join(svg_titles(groups["meeting-014"]))


def test_sentence_chart_has_one_mark_per_sentence_in_order():
    root = ET.parse(ROOT / "docs" / "figures" / "statement-sentences.svg").getroot()
    marks = [t for t in svg_titles(root) if t.startswith("meeting-")]
    sentences = rows("commitments")
    assert len(marks) == len(sentences) == 29
    for mark, sentence in zip(marks, sentences, strict=True):
        assert mark.startswith(sentence["commitment_id"] + ":")
        assert mark.endswith(", " + sentence["kind"])
        if sentence["part"] == "section":
            assert f"({sentence['section_number']}) " in mark
    legend = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for kind in sorted({s["kind"] for s in sentences}):
        count = sum(s["kind"] == kind for s in sentences)
        assert f"{kind} ({count})" in legend


def mark_box(element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a rect or of a path of absolute M/L points."""
    if element.tag == f"{SVG}rect":
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        return x, y, x + float(element.get("width")), y + float(element.get("height"))
    numbers = [float(n) for n in element.get("d").replace("M", " ").replace("L", " ")
               .replace("Z", " ").split()]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def text_box(element) -> tuple[float, float, float, float]:
    """A generous box for a text line: a full em above the baseline, a quarter below, and
    0.65 em per character (Latin glyphs are narrower)."""
    x, y, size = float(element.get("x")), float(element.get("y")), float(element.get("font-size"))
    return x, y - size, x + 0.65 * size * len(element.text or ""), y + 0.25 * size


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_timeline_marks_and_texts_do_not_overlap():
    root = ET.parse(ROOT / "docs" / "figures" / "meetings-timeline.svg").getroot()
    marks, texts = [], []
    for group in (g for g in root.iter(f"{SVG}g") if g.get("id")):
        for element in group:
            if element.tag in (f"{SVG}rect", f"{SVG}path"):
                marks.append((group.get("id"), svg_titles(element)[0], mark_box(element)))
            elif element.tag == f"{SVG}text":
                texts.append((group.get("id"), element.text, text_box(element)))
    held = [m for m in rows("meetings") if m["status"] == "held" and m["start_date"]]
    releases = [m for m in marks if "release published" in m[1]]
    assert len(releases) >= 13 and len(marks) == len(held) + len(releases) + 1  # + planned
    for index, (meeting, title, box) in enumerate(marks):
        assert box[2] - box[0] >= 8 and box[3] - box[1] >= 8, f"{title}: too small to see"
        for _, other_title, other in marks[index + 1:]:
            assert not overlap(box, other), f"{title} ({meeting}) covers {other_title}"
        for _, text, other in texts:
            assert not overlap(box, other), f"{title} ({meeting}) covers '{text}'"
