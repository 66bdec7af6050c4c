"""Creating stored objects directly (test set-up), bypassing HTTP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .state import (
    ACTIONS_BOT_ID,
    ACTIONS_BOT_LOGIN,
    DEFAULT_LABELS,
    Account,
    AccountType,
    Comment,
    Commit,
    Issue,
    Label,
    Milestone,
    Permission,
    Repo,
    State,
    Token,
    Workflow,
    milestone_due,
    parse_time,
    utc,
)

if TYPE_CHECKING:
    import datetime as dt


def account(
    state: State, login: str, kind: AccountType = "User", *, name: str | None = None, email: str | None = None
) -> Account:
    """Create an account (``ValueError`` if the login is taken)."""
    if state.account(login) is not None:
        raise ValueError(f"account {login!r} already exists")
    if kind == "Bot":
        acc_id = ACTIONS_BOT_ID if login == ACTIONS_BOT_LOGIN else state.next_id("account")
    else:
        acc_id = state.next_id("account")
    prefix = {"User": "U", "Organization": "O", "Bot": "BOT"}[kind]
    acc = Account(id=acc_id, node_id="", login=login, type=kind, name=name, email=email)
    acc.node_id = state.register(prefix, acc_id, acc)
    state.accounts[login.casefold()] = acc
    return acc


def ensure_user(state: State, login: str) -> Account:
    return state.account(login) or account(state, login)


def token(
    state: State,
    value: str,
    acc: Account,
    scopes: Iterable[str] | None,
    *,
    can_use_projects: bool = True,
    permissions: Mapping[str, str] | None = None,
) -> Token:
    if value in state.tokens:
        raise ValueError("token already registered")
    tok = Token(
        value=value,
        account=acc,
        kind="classic" if scopes is not None else "fine_grained",
        scopes=tuple(scopes) if scopes is not None else None,
        can_use_projects=can_use_projects,
        permissions=dict(permissions) if permissions is not None and scopes is None else None,
    )
    state.tokens[value] = tok
    return tok


def actions_token(state: State, value: str, repo: Repo, *, can_write: bool = True) -> Token:
    bot = state.account(ACTIONS_BOT_LOGIN) or account(state, ACTIONS_BOT_LOGIN, "Bot")
    tok = Token(
        value=value,
        account=bot,
        kind="actions",
        scopes=None,
        can_use_projects=False,
        repository=repo.full_name.casefold(),
        can_write=can_write,
    )
    state.tokens[value] = tok
    return tok


def org(state: State, login: str, members: Mapping[str, str] | Iterable[str] | None) -> Account:
    acc = account(state, login, "Organization")
    roles = dict(members) if isinstance(members, Mapping) else dict.fromkeys(members or (), "member")
    for member, role in roles.items():
        ensure_user(state, member)
        acc.members[member.casefold()] = role
    return acc


def label(
    state: State,
    repo: Repo,
    name: str,
    color: str = "ededed",
    description: str | None = None,
    *,
    default: bool = False,
) -> Label:
    lid = state.next_id("label")
    lb = Label(id=lid, node_id="", name=name, color=color, description=description, default=default)
    lb.node_id = state.register("LA", lid, lb)
    repo.labels.append(lb)
    return lb


def repo(
    state: State,
    full_name: str,
    *,
    private: bool,
    is_template: bool,
    push: bool,
    default_branch: str,
    has_issues: bool,
    description: str | None,
    default_labels: bool,
    collaborators: Mapping[str, Permission] | None,
) -> Repo:
    owner_login, _, name = full_name.partition("/")
    if not name:
        raise ValueError("repository names look like 'owner/name'")
    if state.repo(owner_login, name) is not None:
        raise ValueError(f"repository {full_name!r} already exists")
    owner = ensure_user(state, owner_login)
    now = state.clock.now()
    rid = state.next_id("repo")
    rp = Repo(
        id=rid,
        node_id="",
        owner=owner,
        name=name,
        private=private,
        is_template=is_template,
        default_branch=default_branch,
        has_issues=has_issues,
        description=description,
        created_at=now,
        updated_at=now,
    )
    rp.node_id = state.register("R", rid, rp)
    if owner.type == "User":
        rp.permissions[owner.login.casefold()] = "admin" if push else "pull"
    for login, perm in (collaborators or {}).items():
        ensure_user(state, login)
        rp.permissions[login.casefold()] = perm
    for lname, color, desc in DEFAULT_LABELS if default_labels else ():
        label(state, rp, lname, color, desc, default=True)
    state.repos[full_name.casefold()] = rp
    return rp


def milestone(
    state: State,
    rp: Repo,
    title: str,
    *,
    creator: Account,
    state_: str = "open",
    description: str | None = None,
    due_on: str | dt.datetime | None = None,
) -> Milestone:
    now = state.clock.now()
    mid = state.next_id("milestone")
    ms = Milestone(
        id=mid,
        node_id="",
        number=max((m.number for m in rp.milestones), default=0) + 1,
        title=title,
        description=description,
        state=state_,
        due_on=None if due_on is None else milestone_due(due_on),
        creator=creator,
        created_at=now,
        updated_at=now,
        closed_at=now if state_ == "closed" else None,
    )
    ms.node_id = state.register("MI", mid, ms)
    rp.milestones.append(ms)
    return ms


def issue(
    state: State,
    rp: Repo,
    title: str,
    *,
    author: Account,
    body: str | None = None,
    labels: Iterable[str] = (),
    created_at: str | dt.datetime | None = None,
) -> Issue:
    when = utc(parse_time(created_at)) if created_at is not None else state.clock.now()
    iid = state.next_id("issue")
    it = Issue(
        id=iid,
        node_id="",
        number=rp.next_number(),
        repo=rp,
        title=title,
        body=body,
        user=author,
        created_at=when,
        updated_at=when,
    )
    it.node_id = state.register("I", iid, it)
    it.labels = [rp.label(n) or label(state, rp, n) for n in labels]
    rp.issues.append(it)
    return it


def comment(
    state: State, it: Issue, body: str, *, author: Account, created_at: str | dt.datetime | None = None
) -> Comment:
    when = utc(parse_time(created_at)) if created_at is not None else state.clock.now()
    cid = state.next_id("comment")
    cm = Comment(id=cid, node_id="", issue=it, body=body, user=author, created_at=when, updated_at=when)
    cm.node_id = state.register("IC", cid, cm)
    it.comments.append(cm)
    it.updated_at = max(it.updated_at, when)
    return cm


def commit(
    state: State,
    rp: Repo,
    *,
    sha: str | None,
    message: str,
    author: Account | None,
    author_name: str | None,
    author_email: str | None,
    date: str | dt.datetime | None,
    committer_date: str | dt.datetime | None,
    branch: str | None,
    parents: list[str] | None,
) -> Commit:
    when = parse_time(date) if date is not None else state.clock.now()
    branch = branch or rp.default_branch
    if parents is None:
        parents = [rp.branches[branch]] if branch in rp.branches else []
    sha = (
        sha
        or hashlib.sha1(
            f"{rp.full_name}:{len(rp.commits)}:{message}".encode(), usedforsecurity=False
        ).hexdigest()
    )
    login = author.login if author else None
    name = author_name or (author.name if author and author.name else login) or "Someone"
    email = author_email or (
        f"{author.id}+{login}@users.noreply.github.com" if author else "someone@example.com"
    )
    cm = Commit(
        sha=sha,
        node_id="",
        message=message,
        author_name=name,
        author_email=email,
        author_date=when,
        committer_name=name,
        committer_email=email,
        committer_date=parse_time(committer_date) if committer_date else when,
        author=author,
        committer=author,
        parents=list(parents),
    )
    cm.node_id = state.register("C", len(state.nodes) + 1, cm)
    rp.commits[sha] = cm
    rp.branches[branch] = sha
    rp.updated_at = max(rp.updated_at, utc(cm.committer_date))
    return cm


def workflow(state: State, rp: Repo, name: str, path: str | None, wf_state: str) -> Workflow:
    now = state.clock.now()
    wid = state.next_id("workflow")
    slug = name.lower().replace(" ", "-")
    wf = Workflow(
        id=wid,
        node_id="",
        name=name,
        path=path or f".github/workflows/{slug}.yml",
        state=wf_state,
        created_at=now,
        updated_at=now,
    )
    wf.node_id = state.register("W", wid, wf)
    rp.workflows.append(wf)
    return wf
