"""Cut a release: one zip a user downloads, and its checksum.

    python -m scripts release            (make release)

Refuses, naming the file and the fix, unless:
0. the work tree is clean: no uncommitted change, no untracked file (`git status`), so that
   the zip holds what the commit holds; the zip is made of files git tracks only;
1. datapackage.json's version has an entry in CHANGELOG.md (`## [X.Y.Z] - YYYY-MM-DD` followed
   by at least one line), the newest, with nothing left under `## [Unreleased]`; and
   CITATION.cff gives the same version and licence (and passes its checks: scripts/lib/
   citation.py);
2. full validation of the published package passes: our checks on the committed files (hashes,
   JSON Schemas, Parquet, workbook, database, spans, keys: python -m scripts validate), then
3. the committed files equal, byte for byte, a fresh build (python -m scripts check-fresh),
   documentation included. The fresh build has passed the same checks and frictionless's
   validation of the whole package, so the committed files, being the same bytes, pass it too
   (frictionless is not run a second time on them: it is most of the time a release takes).

Then writes dist/<name>-<version>.zip, with one top folder <name>-<version>/ holding
datapackage.json, data/, schemas/, docs/, the held source texts the character spans point
into (sources/*.txt) with their provenance records (sources/*.source.yaml), LICENSE,
CHANGELOG.md, CITATION.cff, .zenodo.json, a SHA256SUMS of every other file (which
`validate` checks in an unpacked release) and a README.md for a reader without the repository
(`release_readme`: the repository README's sections RELEASE_SECTIONS under a heading of the
zip's own; every relative link must resolve inside the zip, or the release is refused); and
dist/SHA256SUMS (`sha256sum -c SHA256SUMS` checks it) for every zip in dist/. The zip's bytes
depend only on its files: entries sorted, dated with the package's `created`, fixed
permissions.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from scripts.lib.changelog import UNRELEASED, section, unreleased
from scripts.lib.errors import BuildError
from scripts.lib.files import replace_file
from scripts.lib.jsonio import parse_object
from scripts.lib.project import Project
from scripts.lib.zipfiles import created_datetime, deterministic_zip
from scripts.validate.files import MANIFEST

TOP_FILES = ("datapackage.json", "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff",
             ".zenodo.json")
TOP_FOLDERS = ("data", "schemas", "docs")
# The sections of README.md the zip's README holds (the tables' section up to its first
# subsection): what a user of the files needs, and nothing that needs the repository.
RELEASE_SECTIONS = ("Use the data", "The tables at a glance", "Licence, attribution and citation")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)|^\[[^\]]+\]:\s*(\S+)", re.MULTILINE)


def read_descriptor(root: Path) -> dict:
    path = root / "datapackage.json"
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BuildError(path, "file", f"cannot be read: {error}",
                         "run `make build` to write it") from None
    descriptor = parse_object(data, str(path), "run `make build` to write it")
    for key in ("name", "version", "created"):
        if not descriptor.get(key):
            raise BuildError(path, key, "is missing", f"set {key} in model/package.yaml and "
                             "run `make build`")
    return descriptor


def check_changelog(root: Path, version: str) -> None:
    """The version has a non-empty entry, it is the newest, and no change waits under
    Unreleased (it would be released under a number that does not describe it)."""
    path = root / "CHANGELOG.md"
    if not path.is_file():
        raise BuildError(path, "file", "does not exist", "restore CHANGELOG.md from git")
    text = path.read_text(encoding="utf-8")
    released = version.removesuffix(UNRELEASED)
    if unreleased(text):
        raise BuildError(path, "## [Unreleased]", "lists changes that no version holds: "
                         f"released now, they would go out as {released}, which the entry "
                         f"of {released} does not describe",
                         "cut a version for them (README, 'Versions and changes': set the "
                         "version in model/package.yaml and CITATION.cff, run `make build`, "
                         "move the changes under '## [X.Y.Z] - YYYY-MM-DD'); `python -m "
                         "scripts diff` against the last release says how big a step it needs")
    heading = re.search(rf"^## \[{re.escape(version)}\][^\n]*\n", text, re.MULTILINE)
    if heading is None:
        raise BuildError(path, f"version {version}", "has no entry",
                         f"add a section '## [{version}] - YYYY-MM-DD' listing the changes "
                         "(move them from '## [Unreleased]'), or set the version in "
                         "model/package.yaml and run `make build`")
    newest = re.search(r"^## \[(?!unreleased\])([^\]]+)\]", text,
                       re.MULTILINE | re.IGNORECASE)
    if newest.group(1) != version:
        raise BuildError(path, f"## [{version}]", f"is not the newest entry (## "
                         f"[{newest.group(1)}] is above it): {version} was released before",
                         "set the version in model/package.yaml and CITATION.cff to the "
                         "newest entry's, and run `make build`")
    if not section(text, heading).strip():
        raise BuildError(path, f"## [{version}]", "the entry is empty",
                         "list what changed in this version under its heading")


def check_citation(project: Project, descriptor: dict) -> None:
    """CITATION.cff as the build checks it (scripts/lib/citation.py), against the package
    released: its version and licence are datapackage.json's."""
    from scripts.lib.citation import read_citation

    read_citation(project.root, project, descriptor)


def check_files(root: Path) -> None:
    for name in TOP_FILES:
        if not (root / name).is_file():
            raise BuildError(root / name, "file", "does not exist", "restore it from git")
    for name in TOP_FOLDERS:
        if not (root / name).is_dir():
            raise BuildError(root / name, "folder", "does not exist", "run `make build`")


def check_valid(project: Project) -> None:
    from scripts.validate import validate_package

    root = project.root
    report = validate_package(root, project)  # see check_fresh
    if not report.ok:
        raise BuildError(root / "datapackage.json", "validation",
                         f"{len(report.problems)} problem(s):\n  "
                         + "\n  ".join(report.problems[:20]),
                         "run `make build` (or fix the input it names) and commit the result")


def check_fresh(project: Project) -> None:
    from scripts.build import check_fresh as fresh_build

    if fresh_build(project) != 0:
        raise BuildError(project.root, "committed files",
                         "differ from a fresh build (listed above)",
                         "run `make build` and commit the result")


def held_sources(root: Path) -> list[str]:
    """The held source texts and their provenance records."""
    import csv

    with (root / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        texts = {row["path"] for row in csv.DictReader(handle) if row["path"]}
    return sorted(texts | {Path(p).with_suffix(".source.yaml").as_posix() for p in texts})


def readme_sections(text: str) -> dict[str, str]:
    """{heading: section} of the level-2 sections of a Markdown text."""
    parts = re.split(r"^## (.+)\n", text, flags=re.MULTILINE)
    return {heading.strip(): f"## {heading}\n{body}"
            for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def release_readme(root: Path, descriptor: dict, files: list[str]) -> bytes:
    """The zip's README: what the zip is, then the README's RELEASE_SECTIONS; BuildError if
    one links to a path the zip does not hold."""
    sections = readme_sections((root / "README.md").read_text(encoding="utf-8"))
    stem = f"{descriptor['name']}-{descriptor['version']}"
    text = [f"# {descriptor['title']}, version {descriptor['version']}\n",
            f"{descriptor['description']}\n",
            f"This folder is the release zip `{stem}.zip`: the data package and its "
            "documentation. The code that builds it, the curated reference files it is built "
            "from and the maintainers' guide are in the project's repository"
            + (f" ({descriptor['homepage']})" if descriptor.get("homepage") else "") + ".\n"]
    for heading in RELEASE_SECTIONS:
        if heading not in sections:
            raise BuildError(root / "README.md", f"## {heading}", "is missing", "restore the "
                             "section: the release zip's README is made of "
                             + ", ".join(RELEASE_SECTIONS))
        section = sections[heading].split("\n### ")[0].rstrip() + "\n"
        check_links(root, heading, section, files)
        text.append(section)
    return "\n".join(text).encode("utf-8")


def check_links(root: Path, heading: str, section: str, files: list[str]) -> None:
    folders = {"/".join(f.split("/")[:n]) for f in files for n in range(1, f.count("/") + 1)}
    for match in LINK.finditer(section):
        target = (match.group(1) or match.group(2)).split("#")[0].rstrip("/")
        if not target or re.match(r"[a-z]+:", target) or target in files or target in folders:
            continue
        raise BuildError(root / "README.md", f"## {heading}", f"links to {target}, which is "
                         "not in the release zip", "link only to files the zip holds (or "
                         "name the path without a link): this section is the zip's README")


def git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                check=False)
    except OSError as error:
        raise BuildError(root, "git", f"cannot run git: {error.strerror}",
                         "install git: a release is made from a git work tree") from None
    if result.returncode != 0:
        raise BuildError(root, "git", "is not a git work tree (git says: "
                         f"{result.stderr.decode(errors='replace').strip()[:120]})",
                         "make the release from a clone of the repository") from None
    return result.stdout.decode("utf-8", errors="surrogateescape")


def check_clean(root: Path) -> None:
    """Refuse a tree with uncommitted changes or untracked files: the zip must be what the
    commit holds, and nothing else."""
    status = [line for line in git(root, "status", "--porcelain=v1", "-z",
                                   "--untracked-files=all").split("\0") if line]
    if status:
        shown = ", ".join(f"{line[3:]} ({'untracked' if line.startswith('??') else 'changed'})"
                          for line in status[:5])
        more = f" and {len(status) - 5} more" if len(status) > 5 else ""
        raise BuildError(root, "work tree", f"has uncommitted or untracked files: {shown}{more}",
                         "commit them (or remove them), then make the release")


def tracked_files(root: Path) -> set[str]:
    return {name for name in git(root, "ls-files", "-z").split("\0") if name}


def release_files(root: Path) -> list[str]:
    """The files the zip holds, among those git tracks (never an untracked or ignored one)."""
    files = list(TOP_FILES) + held_sources(root)
    for folder in TOP_FOLDERS:
        files += [p.relative_to(root).as_posix() for p in (root / folder).rglob("*")
                  if p.is_file() and not p.name.startswith(".")]
    tracked = tracked_files(root)
    return sorted(name for name in set(files) if name in tracked)


def manifest(contents: dict[str, bytes]) -> bytes:
    """SHA256SUMS of the zip's files (`sha256sum -c SHA256SUMS` in the unpacked folder)."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(contents.items())).encode("utf-8")


def write_release(root: Path, dist: Path, descriptor: dict) -> Path:
    stem = f"{descriptor['name']}-{descriptor['version']}"
    files = release_files(root)
    for name in files:
        if (root / name).is_symlink() or not (root / name).is_file():
            raise BuildError(root / name, "file", "is a link (or not a regular file)",
                             "commit the file itself: a release holds no links")
    readme = release_readme(root, descriptor, files)
    contents = {name: readme if name == "README.md" else (root / name).read_bytes()
                for name in files}
    contents[MANIFEST] = manifest(contents)
    entries = [(f"{stem}/{name}", data) for name, data in sorted(contents.items())]
    data = deterministic_zip(entries, created_datetime(descriptor))
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{stem}.zip"
    replace_file(target, data)
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
            for p in sorted(dist.glob("*.zip"))]
    replace_file(dist / "SHA256SUMS", "".join(sums).encode("utf-8"))
    return target


def release(project: Project, dist: Path | None = None) -> Path:
    root = project.root
    dist = dist or root / "dist"
    check_clean(root)
    descriptor = read_descriptor(root)
    version = str(descriptor["version"])
    check_changelog(root, version)
    check_citation(project, descriptor)
    check_files(root)
    check_valid(project)
    check_fresh(project)
    check_clean(root)  # nothing changed meanwhile
    target = write_release(root, dist, descriptor)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"released: {target} ({target.stat().st_size} bytes)\n  sha256 {digest}\n"
          f"  checksums: {dist / 'SHA256SUMS'}")
    return target
