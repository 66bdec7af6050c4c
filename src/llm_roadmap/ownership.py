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
  `roadmap validate` refuses a form in .github/ISSUE_TEMPLATE that applies `roadmap`
  (see `forms_applying`). The label lets an organisation's repository, bootstrapped by a
  member, be run by the Actions bot.

Anything else that looks like ours is ignored: never edited, labelled or counted, and
listed as ignored (by number and author, never by its text) where a run explains itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

ACTIONS_BOT = "github-actions[bot]"
OWNERSHIP_LABEL = "roadmap"


def trusted_authors(*logins: str | None) -> frozenset[str]:
    """The identities the tool runs as (case-folded): `logins` and the Actions bot."""
    return frozenset(login.casefold() for login in (*logins, ACTIONS_BOT) if login)


def is_ours(*, marked: bool, author: str | None, authors: frozenset[str], labels: Iterable[str] = ()) -> bool:
    """The ownership rule: our marker, and written by a trusted author or labelled `roadmap`."""
    if not marked:
        return False
    if (author or "").casefold() in authors:
        return True
    return any(label.casefold() == OWNERSHIP_LABEL for label in labels)
