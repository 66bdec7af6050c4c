"""Which issues and comments on GitHub are the tool's own: one rule for bootstrap and the bots.

A hidden marker (`<!-- roadmap:KEY -->`, `<!-- roadmap:bot:... -->`,
`<!-- roadmap-check:... -->`) says what an object is *for*, but anyone can paste one into
an issue or a comment of a public repository. So an object is adopted only when it
carries the marker **and** one of these is true:

- it was written by an identity the tool runs as: the token's login, the learner (the
  owner of a personal repository, who runs the tools by hand) or `github-actions[bot]`
  (the workflows' GITHUB_TOKEN);
- it is an issue carrying the ownership label `roadmap`. Only people with triage access
  can put a label on someone else's issue, and issue forms could too, which is why
  `roadmap validate` and bootstrap refuse a form in .github/ISSUE_TEMPLATE that applies
  `roadmap` (see `forms_applying_label`), and the bots stop taking the label as evidence
  while one does. The label lets an organisation's repository, bootstrapped by a member,
  be run by the Actions bot.

Anything else that looks like ours is ignored: never edited, labelled or counted, and
listed as ignored (by number and author, never by its text) where a run explains itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from llm_roadmap.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

ACTIONS_BOT = "github-actions[bot]"
OWNERSHIP_LABEL = "roadmap"
FORMS = ".github/ISSUE_TEMPLATE"


# In a trust set, this entry admits the `roadmap` label as evidence; it cannot be a login
# (logins have no ':'). Left out while a form applies the label (`forms_applying_label`).
LABEL_EVIDENCE = f"label:{OWNERSHIP_LABEL}"


def trusted_authors(*logins: str | None, label: bool = True) -> frozenset[str]:
    """The trust set: the identities the tool runs as (case-folded), `logins` and the
    Actions bot, and, unless `label` is false, the ownership label as evidence."""
    names = {login.casefold() for login in (*logins, ACTIONS_BOT) if login}
    return frozenset(names | {LABEL_EVIDENCE} if label else names)


def is_ours(*, marked: bool, author: str | None, authors: frozenset[str], labels: Iterable[str] = ()) -> bool:
    """The ownership rule: our marker, and written by a trusted author or labelled `roadmap`."""
    if not marked:
        return False
    if (author or "").casefold() in authors:
        return True
    return LABEL_EVIDENCE in authors and any(label.casefold() == OWNERSHIP_LABEL for label in labels)


def forms_applying_label(root: Path) -> list[Problem]:
    """Issue templates in .github/ISSUE_TEMPLATE that apply the ownership label.

    GitHub applies a template's `labels:` to whoever opens the issue, stranger or not, so
    such a form would turn anyone's issue into "ours". Forms (`.yml`/`.yaml`) and Markdown
    templates (`labels:` in the front matter) are both checked; a file GitHub could not
    read either is left to GitHub.
    """
    folder = root / FORMS
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yml", ".yaml", ".md") and path.stem != "config":
            problems += _label_problems(path, path.relative_to(root))
    return problems


def _label_problems(path: Path, shown: Path) -> list[Problem]:
    text, offset = _template_yaml(path.read_text(encoding="utf-8", errors="replace"), path.suffix)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    labels = next((value for key, value in node.value if key.value == "labels"), None)
    items = labels.value if isinstance(labels, yaml.SequenceNode) else [labels] if labels else []
    return [
        Problem(
            shown,
            item.start_mark.line + 1 + offset,
            item.start_mark.column + 1,
            f"this issue template applies the label {OWNERSHIP_LABEL!r} to everyone's issues",
            f"remove {OWNERSHIP_LABEL!r} from labels: the tool treats an issue with that label as its"
            " own, and a stranger could open one; use another label for the form",
        )
        for item in items
        if isinstance(item, yaml.ScalarNode) and _names_label(str(item.value))
    ]


def _names_label(value: str) -> bool:
    return any(part.strip().casefold() == OWNERSHIP_LABEL for part in value.split(","))


def _template_yaml(text: str, suffix: str) -> tuple[str, int]:
    """The YAML of a template and the line it starts on (a Markdown front matter: line 2)."""
    if suffix != ".md":
        return text, 0
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return "", 0
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), len(lines))
    return "\n".join(lines[1:end]), 1
