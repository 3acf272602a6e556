"""IDs that never move (issue 13, part 2): every id comes from what the row is, so reordering the
curated lists, or inserting an entry into one, changes no other row's id.

In a copy of the repository every list whose order carries no meaning is reversed (the bodies
of each participant list, the organizers, the related events, the evidence, the registries of
organizations, forums and topics, the release's annexes) and an entry is inserted into several
of them (a body, a related event, an annex); the ids of the rebuilt package must be the old
ones plus the inserted ones, each old id still naming the same thing.
"""

from __future__ import annotations

import pandas as pd
import yaml

from scripts.lib.yamlio import dump_yaml, load_yaml
from tests.conftest import ROOT, rewrite_release, run_build

ANNEXES = ("  政府間共同声明(和文)(2024年2月27日)PDF\n  政府間共同声明(英文)(2024年2月27日)PDF\n")
# What an id names: columns that must be the same under the same id in both builds.
IDENTITY = {
    "participants": ("meeting_id", "organization_id", "role", "delegation", "name_as_written",
                     "person_name_ja", "source_id"),
    "related_events": ("meeting_id", "kind", "date", "name_ja", "name_en", "source_id"),
    "sources": ("kind", "title_ja", "url", "language", "published"),
    "meeting_organizers": ("name_as_written", "source_id"),
    "commitment_topics": ("rule", "matched_text"),
    "topics": ("name_ja", "name_en"),
    "organizations": ("name_ja", "parent_organization_id"),
    "forums": ("name_ja", "parent_forum_id"),
}


def reorder(root) -> None:
    """Reverse the curated lists and insert one entry into some of them."""
    path = root / "reference" / "dialogue-series.yaml"
    series = load_yaml(path)
    for meeting in series["meetings"]:
        lists = meeting.get("participating_organizations") or {}
        for side in ("jp", "us", "private"):
            if lists.get(side):
                lists[side].reverse()
        for key in ("organizers",):
            for side in ("jp", "us"):
                (meeting.get(key) or {}).get(side, []).reverse()
        for key in ("related_events", "evidence"):
            (meeting.get(key) or []).reverse()
    series["meetings"][5]["participating_organizations"]["jp"].insert(2, "個人情報保護委員会")
    events = series["series"]["related_events"]
    events.reverse()
    events.insert(1, {"date": "2021-10-20", "kind": "side_event", "description": "Inserted.",
                      "evidence": [{"field": "date", "status": "confirmed",
                                    "url": "https://www.soumu.go.jp/menu_news/s-news/"
                                           "01tsushin08_02000126.html"}]})
    path.write_text(dump_yaml(series), encoding="utf-8")
    for name, key in (("organizations.yaml", "organizations"), ("forums.yaml", "forums"),
                      ("topics.yaml", "topics")):
        registry = root / "reference" / name
        document = yaml.safe_load(registry.read_text(encoding="utf-8"))
        document[key].reverse()
        registry.write_text(dump_yaml(document), encoding="utf-8")
    text = (ROOT / "sources" / "soumu-01tsushin08_02000172.txt").read_text(encoding="utf-8")
    assert text.count(ANNEXES) == 1
    first, second = ANNEXES.splitlines(keepends=True)
    rewrite_release(root, text.replace(ANNEXES, second + "  参考資料(和文)(2024年2月27日)PDF\n"
                                       + first))


INSERTED = {"participants": {"meeting-006-member-jp-ppc"},
            "related_events": {"meeting-012-side-event-20211020"},
            "sources": {"soumu-01tsushin08-02000172-annex-press-release-ja"}}


def test_reordering_and_inserting_curated_entries_moves_no_id(repo, capsys):
    reorder(repo)
    assert run_build(repo) == 0, capsys.readouterr().err
    for name, columns in IDENTITY.items():
        key = pd.read_csv(ROOT / "data" / f"{name}.csv", nrows=0).columns.tolist()[:1]
        key = {"meeting_organizers": ["meeting_id", "organization_id"],
               "commitment_topics": ["commitment_id", "topic_id"]}.get(name, key)
        before = table(ROOT, name, key, columns)
        after = table(repo, name, key, columns)
        assert set(after.index) - set(before.index) == INSERTED.get(name, set()), name
        assert set(before.index) <= set(after.index), name
        pd.testing.assert_frame_equal(after.loc[before.index], before, obj=name)


def table(root, name: str, key: list[str], columns) -> pd.DataFrame:
    frame = pd.read_csv(root / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
    frame.index = list(frame[key].itertuples(index=False, name=None)) if len(key) > 1 else frame[
        key[0]]
    return frame[list(columns)].sort_index()
