"""Synthetic releases, for the tests and the benchmark only: never published.

    python -m scripts synthetic N OUTDIR [--seed S]

(OUTDIR: new or empty, inside the root built, e.g. ROOT/sources: a record's file must lie
within it) writes N press releases of the dialogue into OUTDIR, each as `<name>.txt` with its
provenance record `<name>.source.yaml` (sha256 and bytes), shaped line for line like the
series' real release (sources/soumu-01tsushin08_02000172.txt). Same N and seed, same bytes.

What varies is only what scripts/parse_release.py and reference/ already support: meeting
numbers 1..N (第N回会合 or 第N回局長級会合, in Arabic, full-width or kanji numerals), the
dialogue's name (IED up to the 13th meeting, DDE from the 14th), 令和/平成 release dates,
meeting dates in the lead's phrasings (one or two days, year omitted, Japan and U.S. time),
organisers, places from reference/places.yaml, format and host, sessions, the statement's
heading, the overview and 1..9 numbered sections whose sentences are the real release's or
built from phrases whose closing predicates reference/classification.yaml classifies and whose
bracketed Latin abbreviations reference/ knows, attendee lists from
reference/organizations.yaml, the next meeting, annexes, background and related releases
(optional), and the contact block with positions from reference/positions.yaml.

Each release names the previous meeting's release (【関係報道資料】, with the URL its record
gives) and the next meeting (planned), so the tables merge rows across releases as they do for
the real series. Source ids are soumu-01tsushin08-9NNNNNNN, a range MIC does not use.

Meeting ids are meeting-NNN (model/tables.yaml: `meeting-[0-9]{3}`), so a corpus whose last
meeting (the planned one after release N) is numbered 1000 or more does not fit the model:
`widen_meeting_ids` widens the patterns in a copy of the model (the benchmark uses it for
N >= 999; the published model is unchanged).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from scripts.lib.crossfile import LATIN_WORD
from scripts.lib.errors import BuildError
from scripts.lib.project import Project
from scripts.lib.yamlio import dump_yaml, load_yaml
from scripts.parse_release import parse_release
from scripts.parse_release.rules import MAX_NUMBER
from scripts.registry import Registry, load_registry
from scripts.tools.japanese_text import (
    FULL_WIDTH,
    day_text,
    era_date,
    japanese_list,
    kanji_number,
)

REAL_RELEASE = "sources/soumu-01tsushin08_02000172.txt"
URL = "https://www.soumu.go.jp/menu_news/s-news/{name}.html"
ID_OFFSET = 90_000_000  # 01tsushin08_9NNNNNNN: not a number MIC has used
FIRST_DDE = 14  # the dialogue's name changed at the 14th meeting
MAX_THREE_DIGIT = 999
NBSP = "\u00a0"

PHRASES = load_yaml(Path(__file__).with_name("synthetic_phrases.yaml"))
DIALOGUES, VENUES, FORMATS = PHRASES["dialogues"], PHRASES["venues"], PHRASES["formats"]
STATEMENT_HEADINGS = PHRASES["statement_headings"]
JP_HEAD_TITLES, US_HEAD_TITLES = PHRASES["jp_head_titles"], PHRASES["us_head_titles"]
JP_SURNAMES, JP_GIVEN, US_NAMES = PHRASES["jp_surnames"], PHRASES["jp_given"], PHRASES["us_names"]
CONTACT_SURNAMES, CONTACT_DIVISIONS = PHRASES["contact_surnames"], PHRASES["contact_divisions"]
THEMES = {title: (theme["topics"], theme["forums"]) for title, theme in PHRASES["themes"].items()}
OVERVIEW_TOPICS, CONNECTIVES = PHRASES["overview_topics"], PHRASES["connectives"]
BOTH_SUBJECTS, ONE_SUBJECT = PHRASES["both_subjects"], PHRASES["one_subject"]
OTHER_SUBJECTS, PREDICATES = PHRASES["other_subjects"], PHRASES["predicates"]
CONTEXT_PREDICATES, KIND_WEIGHTS = PHRASES["context_predicates"], PHRASES["kind_weights"]


@dataclass(frozen=True)
class Plan:
    """What one release reports: enough for it and for the releases that name it."""

    number: int
    abbr: str
    label: str  # 第14回会合
    title: str
    name: str  # file stem
    start: dt.date
    end: dt.date
    published: dt.date

    @property
    def source_id(self) -> str:
        return "soumu-" + self.name.removeprefix("soumu-").replace("_", "-")

    @property
    def url(self) -> str:
        return URL.format(name=self.name.removeprefix("soumu-"))


MAX_RELEASES = MAX_NUMBER - 1  # the last release announces meeting N + 1


# -- small formatting helpers ----------------------------------------------------------------
def meeting_label(rng: random.Random, number: int) -> str:
    numeral = str(number)
    roll = rng.random()
    if roll < 0.05 and number < 100:
        numeral = kanji_number(number)
    elif roll < 0.10:
        numeral = numeral.translate(FULL_WIDTH)
    return f"第{numeral}回{'局長級' if rng.random() < 0.2 else ''}会合"


# -- the corpus ------------------------------------------------------------------------------
def plan_corpus(n: int, rng: random.Random) -> list[Plan]:
    """Numbers 1..n, start dates increasing from 2001 over about 24 years."""
    if not 1 <= n <= MAX_RELEASES:
        raise BuildError("synthetic", "N", f"{n} releases", f"give N from 1 to {MAX_RELEASES}: "
                         f"a release numbers its meeting and the next, and the parser reads "
                         f"numbers up to {MAX_NUMBER}")
    plans, day = [], dt.date(2001, 1, 15)
    mean_gap = max(4, 24 * 365 // max(n, 1))
    for number in range(1, n + 1):
        day += dt.timedelta(days=rng.randint(max(2, mean_gap // 2), mean_gap * 3 // 2))
        end = day + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        published = end + dt.timedelta(days=rng.randint(0, 25))
        abbr, label = "IED" if number < FIRST_DDE else "DDE", meeting_label(rng, number)
        plans.append(Plan(number, abbr, label, f"{DIALOGUES[abbr]}({label})の結果",
                          f"soumu-01tsushin08_{ID_OFFSET + number:08d}", day, end, published))
    return plans


@dataclass
class Pools:
    """What the registry and the real release offer the generator."""

    real_sections: dict[str, list[str]]
    real_overview: list[str]
    jp_orgs: list[str]
    us_orgs: list[str]
    business: list[str]
    places: list[dict]
    positions: list[str]
    terms_of_use: str
    topic_sections: list[str]  # the section titles reference/topics.yaml gives topics to


def pools(project: Project) -> Pools:
    registry = load_registry(project)
    release = parse_release((project.root / REAL_RELEASE).read_text(encoding="utf-8"),
                            REAL_RELEASE, registry.vocabulary)
    sections: dict[str, list[str]] = {}
    overview = []
    for sentence in release.sentences:
        if sentence.part == "section":
            sections.setdefault(sentence.section_title.text, []).append(sentence.span.text)
        elif (sentence.part == "overview" and "民間部門の代表" not in sentence.span.text
              and not sentence.span.text.endswith("以下の分野で協力することで一致した。")):
            overview.append(sentence.span.text)
    return Pools(sections, overview, *attendee_orgs(registry),
                 [o["name_ja"] for o in registry.organizations.values()
                  if o["kind"] == "business_association" and o.get("name_ja")],
                 registry.places, sorted(registry.positions),
                 registry.publisher("jp-mic", "scripts/tools/synthetic.py")["terms_of_use"],
                 sorted({title for topic in registry.topics["topics"]
                         for title in topic["section_titles"]} & set(THEMES)))


def attendee_orgs(registry: Registry) -> tuple[list[str], list[str]]:
    """Government bodies as attendee lists write them (a sub-unit with its parent's name
    before it: 商務省国際貿易局), the ministry that leads the dialogue first."""
    lists: dict[str, list[str]] = {"JP": ["総務省"], "US": ["国務省"]}
    for org in registry.organizations.values():
        if org["sector"] == "private" or org["kind"] == "institute" or not org.get("name_ja"):
            continue
        name = org["name_ja"]
        if org.get("parent"):
            parent = registry.organizations[org["parent"]].get("name_ja") or "?"
            name = next((a for a in org.get("aliases_ja") or []
                         if a.startswith(parent) and " " not in a), None)
        if name and name not in lists[org["country"]]:
            lists[org["country"]].append(name)
    return lists["JP"], lists["US"]


def sentence(rng: random.Random, topics: list[str], forums: list[str]) -> str:
    """One statement sentence whose predicate and abbreviations the registry knows."""
    topic = rng.choice(topics)
    if forums and rng.random() < 0.5:
        forum = rng.choice(forums)
        topic = rng.choice([f"{forum}における{topic}", f"{forum}を通じた{topic}",
                            f"{forum}を含む{topic}"])
    if rng.random() < 0.06:
        return rng.choice(CONNECTIVES) + rng.choice(OTHER_SUBJECTS) + rng.choice(
            CONTEXT_PREDICATES).format(o=topic)
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    roll = rng.random()
    subject = ("" if roll < 0.35 else rng.choice(ONE_SUBJECT) if roll < 0.43
               else rng.choice(BOTH_SUBJECTS))
    return rng.choice(CONNECTIVES) + subject + rng.choice(PREDICATES[kind]).format(o=topic)


def lead_dates(rng: random.Random, plan: Plan, virtual: bool) -> str:
    start, end = plan.start, plan.end
    week = rng.random() < 0.6
    if start == end:
        return day_text(start, week=week)
    inferred = {d: plan.published.year - (1 if d.month > plan.published.month else 0)
                for d in (start, end)}
    joint = "、" if (end - start).days == 1 else "から"  # (statement_day)
    if virtual and rng.random() < 0.6:
        us = [d - dt.timedelta(days=1) for d in (start, end)]
        return (f"日本時間で{day_text(start)}{joint}{day_text(end, start)}"
                f"(米国時間{day_text(us[0])}{joint}{day_text(us[1], us[0])})")
    omit_year = all(inferred[d] == d.year for d in (start, end)) and rng.random() < 0.25
    first = day_text(start, week=week, year=not omit_year)
    second = day_text(end, start, week=week, year=not omit_year)
    return rng.choice([f"{first}及び{second}の{(end - start).days + 1}日間",
                       f"{first}{joint}{second}", f"{first}から{second}にかけて"])


def statement_day(plan: Plan) -> str:
    """2024年2月6日、7日 (as the statement's lead sentence writes the meeting days); three or
    more days as a range, 6日から8日 (the parser reads a list as those days only)."""
    if plan.start == plan.end:
        return day_text(plan.start)
    return day_text(plan.start) + ("、" if (plan.end - plan.start).days == 1 else "から") + (
        day_text(plan.end, plan.start))


def person(rng: random.Random, names: list[str], given: list[str] | None = None) -> str:
    return rng.choice(names) + (rng.choice(given) if given else "")


def attendee_line(rng: random.Random, side: str, head: str, orgs: list[str]) -> str:
    chosen = [orgs[0], *rng.sample(orgs[1:], rng.randint(2, min(8, len(orgs) - 1)))]
    listed = "、".join(chosen) if rng.random() < 0.8 else japanese_list(chosen)
    return f"{side}:{head}をはじめとして、{listed}{'等' if rng.random() < 0.85 else ''}の関係者"


def release_text(rng: random.Random, plan: Plan, previous: Plan | None, pool: Pools) -> str:
    lines, fmt, public_private = lead_lines(rng, plan, pool)
    lines += statement_lines(rng, plan, pool, fmt, public_private)
    lines += closing_lines(rng, plan, previous, pool)
    return "\n".join(lines)


def lead_lines(rng: random.Random, plan: Plan, pool: Pools) -> tuple[list[str], str, bool]:
    """The header, title and lead; (lines, the format, whether there was a public session)."""
    place = rng.choice(pool.places)
    venue = rng.choice(VENUES.get(place["country"], []) or [""]) if rng.random() < 0.3 else ""
    fmt = rng.choice(FORMATS)
    name = DIALOGUES[plan.abbr]
    organizers = rng.choice(["総務省と米国国務省", "総務省及び米国国務省", "米国国務省と総務省"])
    lines = [f"総務省トップ > 広報・報道 > 報道資料一覧 > {plan.title}", "", "報道資料", "",
             era_date(plan.published), "", plan.title, ""]
    lines.append(f" {lead_dates(rng, plan, fmt == 'オンライン形式')}、{organizers}は、"
                 f"{place['name_ja']}{venue}{rng.choice(['にて', 'で'])}、「{name}」"
                 f"({plan.label})を開催しました。")
    public_private = rng.random() < 0.7
    if public_private:
        lines.append(" 本対話は、産業界が参加する官民会合と政府間会合の二部構成で、"
                     "デジタルエコノミーに関する幅広い議題について対話が行われました。")
    host = "日本主催" if place["country"] == "JP" else "米国主催"
    return lines, f"{fmt}にて{host}", public_private


def statement_lines(rng: random.Random, plan: Plan, pool: Pools, fmt: str,
                    public_private: bool) -> list[str]:
    """The joint statement: its first sentence, the overview and the numbered sections."""
    name, abbr = DIALOGUES[plan.abbr], plan.abbr
    lines = ["", f"1 {plan.label}の{rng.choice(STATEMENT_HEADINGS)}", ""]
    lines.append(f" 日米両国は、{statement_day(plan)}に{fmt}で実施された第{plan.number}回"
                 f"{name}({abbr})において、デジタル経済の成長を支えるためのオープンかつ相互運用可能で、"
                 "信頼できるセキュアなデジタル連結性と情報通信技術への共通のコミットメントを再確認した。")
    numbered_overview = rng.random() < 0.15
    lines += ["", "(1)総括" if numbered_overview else "総括"]
    topics = rng.sample(OVERVIEW_TOPICS, rng.randint(3, len(OVERVIEW_TOPICS)))
    first = (f"この対話は、両国の民間部門代表との間で行われた、{'、'.join(topics)}などの"
             "分野についての議論を含むものであった。")
    if public_private:
        business = rng.sample(pool.business, rng.randint(2, len(pool.business)))
        first += (f"両国政府は、{japanese_list(business)}からの民間部門の代表が日米両国政府に対して"
                  "提示した共同声明を歓迎した。")
    lines.append(f" {first}")
    used = {f"{part}。" for part in first.split("。") if part}
    overview = distinct(rng.randint(1, 4), used, lambda: rng.choice(
        pool.real_overview) if rng.random() < 0.5 else sentence(
        rng, *THEMES[rng.choice(list(THEMES))]))
    lines.append(" " + "".join(overview) + "さらに、両国は以下の分野で協力することで一致した。")
    lines.append(f" {NBSP}" if rng.random() < 0.5 else NBSP)
    titles = rng.sample(list(THEMES), rng.randint(3, 9))
    if not set(titles) & set(pool.topic_sections):
        # 「以下の分野で協力することで一致した」 takes its topics from the sections' titles
        # (reference/topics.yaml, umbrella): at least one must be a title a topic holds.
        titles[0] = rng.choice(pool.topic_sections)
    for index, title in enumerate(titles, start=2 if numbered_overview else 1):
        real = list(pool.real_sections.get(title, []))
        rng.shuffle(real)
        said = distinct(rng.randint(1, 4), used, lambda title=title, real=real: (
            real.pop() if real and rng.random() < 0.5 else sentence(rng, *THEMES[title])))
        lines += [f"({index}){title}", " " + "".join(said), NBSP]
    return lines


def distinct(count: int, used: set[str], make) -> list[str]:
    """`count` sentences from `make`, none already `used` (the parser refuses a sentence the
    statement writes twice); the first is always found, later ones given up after a few tries."""
    said = []
    for index in range(count):
        for _ in range(100 if index == 0 else 10):
            candidate = make()
            if candidate not in used:
                used.add(candidate)
                said.append(candidate)
                break
    return said


def closing_lines(rng: random.Random, plan: Plan, previous: Plan | None,
                  pool: Pools) -> list[str]:
    """Attendees, next meeting, annexes, background, related release and the contact block."""
    name, abbr = DIALOGUES[plan.abbr], plan.abbr
    lines = [f"(参考){plan.label} 出席者"]
    jp_head = person(rng, JP_SURNAMES, JP_GIVEN) + rng.choice(JP_HEAD_TITLES)
    us_head = person(rng, US_NAMES) + rng.choice(US_HEAD_TITLES)
    lines.append(attendee_line(rng, "日本側", jp_head, pool.jp_orgs))
    lines.append(attendee_line(rng, "米国側", us_head, pool.us_orgs))
    lines += [NBSP, NBSP, "", "2 次回会合について", ""]
    fiscal = (plan.start.year if plan.start.month >= 4 else plan.start.year - 1) + 1
    lines.append(rng.choice([f" {fiscal}年度中を目処に開催する予定です。",
                             f" {fiscal}年度中を目処に開催する予定です。",
                             " 日程は今後調整の上、決定する予定です。"]))
    if rng.random() < 0.85:
        statement = rng.choice(["政府間共同声明", "共同声明"])
        lines += [NBSP, "【別紙】"] + [
            f"  {statement}({language})({day_text(plan.published)})PDF"
            for language in ("和文", "英文")]
    if rng.random() < 0.6:
        lines += [NBSP, f"【参考】{name}の概要",
                  f"  「{name}」({abbr})は、デジタルの経済的側面に焦点を当てた政策全般について、"
                  "総務省と米国国務省が中心となって、日米政府の間で定期的に実施している政策対話です。"]
    if previous is not None and rng.random() < 0.85:
        lines += [NBSP, " ", "【関係報道資料】",
                  f"{previous.title}({era_date(previous.published)})", previous.url]
    contacts = rng.sample(CONTACT_SURNAMES, rng.randint(1, 4))
    lines += ["連絡先", rng.choice(CONTACT_DIVISIONS),
              "担当 :" + "、".join(f"{s}{rng.choice(pool.positions)}" for s in contacts),
              f"電話 :03-5253-{rng.randint(5000, 5999)}", "", "ページトップへ戻る"]
    return lines


def record_text(plan: Plan, data: bytes, terms_of_use: str) -> str:
    return (
        "# Synthetic release for tests and benchmarks (scripts/tools/synthetic.py): never "
        "published.\n"
        f"source_id: {plan.source_id}\nkind: press_release\nfile: {plan.name}.txt\n"
        f"url: {plan.url}\npublisher_organization_id: jp-mic\nlanguage: ja\n"
        "media_type: text/plain\nform: Synthetic text in the form of the real release.\n"
        f"sha256: {hashlib.sha256(data).hexdigest()}\nbytes: {len(data)}\n"
        f"terms_of_use: {terms_of_use}\n")


def generate(n: int, out: Path, project: Project, seed: int = 0) -> list[Path]:
    """Write n releases and their records into `out`; the release texts' paths, in order.
    The phrases come from `project`'s reference data and real release."""
    if out.exists() and not (out.is_dir() and not any(out.iterdir())):  # the real sources/?
        raise BuildError(out, "folder", "is not an empty folder: the releases would be written "
                         "among (or over) the files there", "give a new or empty folder")
    rng = random.Random(seed)
    pool = pools(project)
    plans = plan_corpus(n, rng)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, plan in enumerate(plans):
        data = release_text(rng, plan, plans[index - 1] if index else None, pool).encode("utf-8")
        path = out / f"{plan.name}.txt"
        path.write_bytes(data)
        (out / f"{plan.name}.source.yaml").write_text(record_text(plan, data, pool.terms_of_use),
                                                      encoding="utf-8")
        paths.append(path)
    return paths


def widen_meeting_ids(model_dir: Path) -> None:
    """meeting-[0-9]{3} -> meeting-[0-9]{3,} in a copy of model/tables.yaml (N >= 999)."""
    path = model_dir / "tables.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("meeting-[0-9]{3}", "meeting-[0-9]{3,}"), encoding="utf-8")


def synthetic_root(target: Path, n: int, seed: int = 0,
                   project: Project | None = None) -> bool:
    """A root in `target` whose sources/ are n synthetic releases, built with this code and
    `target`'s copies of `project`'s reference/ and model/ (`python -m scripts build --root
    TARGET`). True when the meeting ids needed widening (see widen_meeting_ids)."""
    project = project or Project.at()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("reference", "model"):
        shutil.copytree(project.root / name, target / name)
    # The corpus is fictional: the real series' curated facts (meetings 1-15, the rename at the
    # 13th) would contradict its releases, so the copy keeps only the dialogue's names.
    series_path = target / "reference" / "dialogue-series.yaml"
    series = load_yaml(series_path)
    series["meetings"], series["series"]["related_events"] = [], []
    series["series"].pop("rename", None)
    series_path.write_text(dump_yaml(series), encoding="utf-8")
    paths = generate(n, target / "sources", project, seed)
    write_translations(Project.at(target), paths)
    if widened := n + 1 > MAX_THREE_DIGIT:
        widen_meeting_ids(target / "model")
    return widened


def placeholder(what: str, japanese: str) -> str:
    """A placeholder English with the Latin words of its Japanese (the build checks that a
    translation has them)."""
    words = dict.fromkeys(LATIN_WORD.findall(unicodedata.normalize("NFKC", japanese)))
    return what + (f" ({', '.join(words)})." if words else ".")


def write_translations(project: Project, paths: list[Path]) -> None:
    """The corpus's reference/translations-en.yaml: the build needs a translation for every
    sentence and section title, and none for a text no release holds. Placeholders: the
    corpus is fictional and never published."""
    vocabulary = load_registry(project).vocabulary
    sentences, sections = {}, {}
    for path in paths:
        release = parse_release(path.read_text(encoding="utf-8"), path.name, vocabulary)
        sentences.update((s.span.text, None) for s in release.sentences)
        for number, title in release.sections:
            sections.setdefault(title.text, number)
    document = {
        "sections": [{"number": number, "title_ja": title,
                      "title_en": placeholder("Synthetic section", title)}
                     for title, number in sections.items()],
        "sentences": [{"text_ja": text, "text_en": placeholder("Synthetic sentence", text),
                       "subject_supplied": False} for text in sentences]}
    (project.reference_dir / "translations-en.yaml").write_text(
        "# Placeholders for the synthetic corpus (never published).\n" + dump_yaml(document),
        encoding="utf-8")


def write_corpus(n: int, out: Path, project: Project, seed: int = 0) -> int:
    """`python -m scripts synthetic N OUTDIR`: write the corpus, say what was written."""
    paths = generate(n, out, project, seed)
    print(f"wrote {len(paths)} synthetic releases (seed {seed}) into {out}")
    if n + 1 > MAX_THREE_DIGIT:
        print("note: meeting numbers above 999 do not fit model/tables.yaml's meeting-[0-9]{3}",
              file=sys.stderr)
    return 0
