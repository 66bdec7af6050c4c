"""What on GitHub is the tool's own: the hidden markers, and the one rule for trusting them.

Every marker the tool writes is spelled here, next to the parser that reads it back
(templates get them through the `marker(...)` global); nothing else in `src` or
`templates/` spells one. They are HTML comments, invisible on GitHub:

- `<!-- roadmap:KEY -->`: an issue bootstrap created (its first line), `key_marker`;
- `<!-- roadmap:begin -->` … `<!-- roadmap:end -->`: that issue's managed block, the
  tool's to rewrite; everything outside it is the learner's (`wrap`, `replace_managed`);
- `<!-- roadmap:applied BASE64JSON -->`: in the block, what bootstrap last set
  (`applied_marker`; the record itself is `plan.applied.AppliedRecord`);
- `<!-- roadmap:moved -->`: heads the learner's text bootstrap moved out of the block;
- `<!-- roadmap-check-item:DELIVERABLE/CHECK -->`: a checklist line of a deliverable
  issue that `roadmap check --publish` ticks (`check_items`);
- `<!-- roadmap-check:DELIVERABLE -->` (`roadmap-check-gpu:` for a GPU run):
  `roadmap check --publish`'s sticky comment (`check_comment_marker`);
- `<!-- roadmap:bot:KEY -->`: a bot's comment or issue, and `roadmap cohort`'s issue;
- `<!-- roadmap:bot:NAME:begin -->` … `<!-- roadmap:bot:NAME:end -->`: a bot's section
  of the dashboard issue, after bootstrap's block (`replace_bot_section`);
- `<!-- roadmap:upgrade -->`: `roadmap upgrade`'s pull request.

An item key is lower-case letters, digits, `.` and `-`; the tool's other `roadmap:`
names (begin, end, moved, upgrade, and anything with a `:` or a space such as
`bot:…`, `applied …` or the README's `generated:…`) are never read as one, so a bot's
object is never mistaken for a roadmap item (nor closed as "removed").

A marker says what an object is *for*, but anyone can paste one into an issue or a
comment of a public repository. So an object is adopted only when it carries the marker
**and** one of these is true:

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

import base64
import binascii
import json
import re
from typing import TYPE_CHECKING, Any

import jinja2
import yaml

from llm_roadmap.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
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


# --- Issues bootstrap creates: the key, the managed block, the applied record ---------

BEGIN = "<!-- roadmap:begin -->"
END = "<!-- roadmap:end -->"
# Heads the learner's text that bootstrap moved out of the managed block
# (templates/moved-text.md.j2). Written, never read.
MOVED = "<!-- roadmap:moved -->"
# The one upgrade pull request (`upgrade.pull`).
UPGRADE = "<!-- roadmap:upgrade -->"
# `roadmap:` names that are markers of their own, never item keys.
_NOT_KEYS = ("begin", "end", "moved", "upgrade")
_KEY = re.compile(r"<!-- roadmap:(?!(?:" + "|".join(_NOT_KEYS) + r") -->)([a-z0-9.-]+) -->")
_MANAGED = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
_APPLIED = re.compile(r"<!-- roadmap:applied ([A-Za-z0-9+/=]+) -->")


def key_marker(key: str) -> str:
    """The first line of an issue bootstrap created: which roadmap item it is."""
    return f"<!-- roadmap:{key} -->"


def find_key(body: str | None) -> str | None:
    """The stable key of an issue body the tool created, or None for anyone else's."""
    match = _KEY.search(body or "")
    return match.group(1) if match else None


def wrap(key: str, managed: str) -> str:
    """A new body: the key marker, then the managed block."""
    return f"{key_marker(key)}\n{BEGIN}\n{managed.strip()}\n{END}\n"


def managed_part(body: str) -> str | None:
    """The text of the managed block, or None when the body has none."""
    match = _MANAGED.search(body)
    if match is None:
        return None
    return match.group(0)[len(BEGIN) : -len(END)].strip()


def replace_managed(body: str, managed: str) -> str:
    """Swap the managed block for `managed`, keeping the learner's text around it."""
    block = f"{BEGIN}\n{managed.strip()}\n{END}"
    if _MANAGED.search(body) is None:
        return f"{body.rstrip()}\n\n{block}\n"
    return _MANAGED.sub(lambda _: block, body, count=1)


def after_block(body: str, text: str) -> str:
    """`body` with `text` inserted right after the managed block (at the end if none)."""
    index = body.find(END)
    if index < 0:
        return f"{body.rstrip()}\n\n{text}\n"
    cut = index + len(END)
    rest = body[cut:].lstrip("\r\n")
    return f"{body[:cut]}\n\n{text}\n" + (f"\n{rest}" if rest else "")


def applied_marker(payload: Mapping[str, Any]) -> str:
    """The applied record's marker: `payload` as compact JSON in base64 (an HTML comment
    must not contain `--`, which titles may)."""
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"<!-- roadmap:applied {base64.b64encode(raw.encode()).decode()} -->"


def find_applied(body: str | None) -> dict[str, Any] | None:
    """The JSON object of the applied record in `body`; None when absent or unreadable."""
    match = _APPLIED.search(body or "")
    if match is None:
        return None
    try:
        payload = json.loads(base64.b64decode(match.group(1), validate=True))
    except (binascii.Error, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def without_applied(managed: str) -> str:
    """The managed text without the applied record: what the tool wrote for the learner."""
    return _APPLIED.sub("", managed).strip()


# --- Deliverable checklists and `roadmap check --publish`'s comments -----------------

# A deliverable checklist line that `roadmap check --publish` ticks:
# `- [ ] title <!-- roadmap-check-item:ID -->`.
CHECK_ITEM_LINE = re.compile(
    r"^(?P<head>\s*[-*+]\s+\[)(?P<mark>[ xX])"
    r"(?P<tail>\].*?<!--\s*roadmap-check-item:(?P<id>[^\s>]+)\s*-->.*)$"
)


def check_item_id(deliverable: str, check: str) -> str:
    """The id in a deliverable checklist line's `<!-- roadmap-check-item:ID -->` marker."""
    return f"{deliverable}/{check}"


def check_item_marker(item: str) -> str:
    return f"<!-- roadmap-check-item:{item} -->"


def check_items(body: str) -> dict[str, bool]:
    """The check items of a deliverable issue's body: id → ticked."""
    return {
        match["id"]: match["mark"] != " "
        for line in body.splitlines()
        if (match := CHECK_ITEM_LINE.match(line)) is not None
    }


def check_comment_marker(deliverable: str, mode: str = "cpu") -> str:
    """The sticky comment of `roadmap check --publish`: one per deliverable and mode, so a
    GPU run's metrics are not replaced by the next CPU smoke run's (or the other way round)."""
    match mode:
        case "cpu":
            return f"<!-- roadmap-check:{deliverable} -->"
        case "gpu":
            return f"<!-- roadmap-check-gpu:{deliverable} -->"
        case _:
            raise ValueError(f"unknown check mode {mode!r}")


# --- The bots' objects ------------------------------------------------------------------


def bot_marker(key: str) -> str:
    """A bot's comment or issue (`roadmap:bot:` is never an item key)."""
    return f"<!-- roadmap:bot:{key} -->"


def has_bot_marker(body: str | None, key: str) -> bool:
    return bot_marker(key) in (body or "")


def bot_section_markers(name: str) -> tuple[str, str]:
    """The begin and end of bot section `name` in the dashboard issue."""
    return f"<!-- roadmap:bot:{name}:begin -->", f"<!-- roadmap:bot:{name}:end -->"


def _bot_section(name: str) -> re.Pattern[str]:
    begin, end = bot_section_markers(name)
    return re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)


def read_bot_section(body: str, name: str) -> str | None:
    """The text of bot section `name`, or None when the body has none."""
    match = _bot_section(name).search(body)
    if match is None:
        return None
    begin, end = bot_section_markers(name)
    return match.group(0)[len(begin) : -len(end)].strip()


def replace_bot_section(body: str, name: str, content: str) -> str:
    """`body` with bot section `name` set to `content`; a new section goes right after
    bootstrap's managed block, and only the section's text is ever rewritten."""
    begin, end = bot_section_markers(name)
    block = f"{begin}\n{content.strip()}\n{end}"
    pattern = _bot_section(name)
    if pattern.search(body):
        return pattern.sub(lambda _: block, body, count=1)
    return after_block(body, block)


# --- Templates ----------------------------------------------------------------------------


def marker(kind: str, name: str = "") -> str:
    """A marker for a template (the Jinja global `marker`): `{{ marker("bot", "streak-reminder") }}`,
    `{{ marker("check-item", item.id) }}`, `{{ marker("upgrade") }}`, `{{ marker("moved") }}`."""
    match kind:
        case "key":
            return key_marker(name)
        case "bot":
            return bot_marker(name)
        case "check-item":
            return check_item_marker(name)
        case "upgrade":
            return UPGRADE
        case "moved":
            return MOVED
        case _:
            # A template error, so a restyled template that asks for another kind is reported
            # at its line (`render.Renderer`), not as a crash.
            raise jinja2.TemplateRuntimeError(
                f"marker({kind!r}): the kinds are 'key', 'bot', 'check-item', 'upgrade' and 'moved'"
            )
