"""The meeting named wherever the release names it: one number, one dialogue.

rule labels agree: every place that names the meeting names the same meeting and the same
dialogue (by any of its names: a title may use a variant of the name the lead writes):
- the title, 「…(第14回会合)の結果」;
- the lead, 「「…」(第14回会合)を開催」;
- the joint statement's heading, 「1 第14回会合の共同声明内容」;
- the attendees' heading, 「(参考)第14回会合 出席者」;
- the statement's first sentence, 「…第14回デジタルエコノミーに関する日米対話(DDE)において…」.
The title is the reference; each other label that disagrees stops the build at its line.
"""

from __future__ import annotations

from scripts.lib.errors import BuildError
from scripts.parse_release.document import Label, Release, line_number


def label_dialogue(label: Label, dialogues: dict[str, str]) -> tuple[str | None, str | None]:
    """(the name the label writes, the dialogue it names) or (None, None) if it names none."""
    if label.name is None:
        return None, None
    if label.prefix:
        for name in sorted(dialogues, key=len, reverse=True):
            if label.name.text.startswith(name):
                return name, dialogues[name]
        return None, None
    return label.name.text, dialogues.get(label.name.text)


def check_labels(release: Release, dialogues: dict[str, str]) -> None:
    """`dialogues`: every Japanese name and variant of the series -> its abbreviation."""
    title = next((label for label in release.labels if label.where == "title"), None)
    if title is None:
        return
    expected = dialogues.get(title.name.text)
    for label in release.labels:
        if label is title:
            continue
        line = f"line {line_number(release.text, label.span)}"
        if label.number is not None and label.number != title.number:
            raise BuildError(release.path, line, f"{label.where} names meeting {label.number}, "
                             f"the title meeting {title.number}", "restore the text as "
                             "published: every part of a release names its own meeting")
        written, dialogue = label_dialogue(label, dialogues)
        if written is not None and dialogue is None:
            raise BuildError(release.path, line, f"{label.where} names the dialogue "
                             f"{written!r}, which is not a name of the series",
                             "restore the text as published, or add the name as a variant in "
                             "reference/dialogues.yaml")
        if dialogue is not None and dialogue != expected:
            raise BuildError(release.path, line, f"{label.where} names {written!r} "
                             f"({dialogue}), the title {title.name.text!r} ({expected})",
                             "restore the text as published: a release names one dialogue")
