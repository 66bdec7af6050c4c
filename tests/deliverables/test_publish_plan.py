"""`publish.plan`, and finding the deliverable's issue (`snapshot.find_issue`), on hand-made
snapshots: no server, no network."""

from __future__ import annotations

from llm_roadmap.changes import CreateComment, UpdateComment, UpdateIssue
from llm_roadmap.deliverables.publish import Published, plan
from llm_roadmap.deliverables.report import CheckResult, DeliverableReport, Status
from llm_roadmap.model.schema import Text
from llm_roadmap.ownership import check_comment_marker, key_marker, trusted_authors
from llm_roadmap.snapshot import Comment, Issue, find_issue

DELIVERABLE = "p1.d01.simple-chat"
ISSUE_MARKER = key_marker(DELIVERABLE)
COMMENT_MARKER = check_comment_marker(DELIVERABLE)
GPU_MARKER = check_comment_marker(DELIVERABLE, "gpu")
AUTHORS = trusted_authors("learner", "learner")


def item(check: str, done: bool = False) -> str:
    return f"- [{'x' if done else ' '}] {check} <!-- roadmap-check-item:{DELIVERABLE}/{check} -->\n"


BODY = f"{ISSUE_MARKER}\nintro\n" + item("files") + item("chat", done=True) + item("docker") + "- [ ] mine\n"


def report(files: Status = Status.PASSED, chat: Status = Status.PASSED) -> DeliverableReport:
    results = tuple(
        CheckResult(id=check, kind="files", title=Text(ja=check, en=check), status=status)
        for check, status in (("files", files), ("chat", chat), ("docker", Status.SKIPPED))
    )
    return DeliverableReport(
        deliverable=DELIVERABLE, folder="projects/p1-d01", title=Text(ja="t", en="t"), results=results
    )


def issue(body: str = BODY, author: str | None = "learner", labels: tuple[str, ...] = ("roadmap",)) -> Issue:
    return Issue(7, "CLI chatbot", body, "open", labels=labels, author=author)


def test_a_first_publish_creates_the_comment_and_ticks_what_passed() -> None:
    changes, done = plan(report(), f"{COMMENT_MARKER}\nall passed", issue(), [], AUTHORS)
    assert changes[0] == CreateComment(7, f"{COMMENT_MARKER}\nall passed")
    assert changes[1] == UpdateIssue(7, body=BODY.replace(item("files"), item("files", done=True)))
    assert done == Published(DELIVERABLE, 7, "created", 1)


def test_the_tick_is_made_again_on_the_body_as_it_is_at_write_time() -> None:
    changes, _ = plan(report(), COMMENT_MARKER, issue(), [], AUTHORS)
    update = changes[1]
    assert isinstance(update, UpdateIssue)
    assert update.edit is not None
    edited_since = BODY.replace("intro", "the learner's new intro")
    assert update.edit(edited_since) == edited_since.replace(item("files"), item("files", done=True))


def test_a_failed_check_unticks_its_line_and_a_skipped_one_is_left_alone() -> None:
    body = BODY.replace(item("docker"), item("docker", done=True))
    changes, done = plan(report(chat=Status.FAILED), COMMENT_MARKER, issue(body), [], AUTHORS)
    expected = body.replace(item("files"), item("files", done=True)).replace(item("chat", True), item("chat"))
    assert changes[1:] == [UpdateIssue(7, body=expected)]
    assert done.ticked == 2


def test_our_comment_is_edited_and_left_alone_when_it_says_the_same() -> None:
    ours = Comment(40, f"{COMMENT_MARKER}\nold", "github-actions[bot]")
    ticked = BODY.replace(item("files"), item("files", done=True))
    changes, done = plan(report(), f"{COMMENT_MARKER}\nnew", issue(ticked), [ours], AUTHORS)
    assert (changes, done.comment, done.ticked) == (
        [UpdateComment(7, 40, f"{COMMENT_MARKER}\nnew")],
        "updated",
        0,
    )
    changes, done = plan(report(), f"{COMMENT_MARKER}\nold", issue(ticked), [ours], AUTHORS)
    assert (changes, done.comment) == ([], "unchanged")


def test_a_strangers_copy_of_our_comment_marker_is_never_edited() -> None:
    forged = Comment(41, f"{COMMENT_MARKER}\nforged: all passed", "mallory")
    mine = Comment(42, f"{COMMENT_MARKER}\nby hand", "Learner")
    changes, done = plan(report(), COMMENT_MARKER, issue(), [forged, mine], AUTHORS)
    assert changes[0] == UpdateComment(7, 42, COMMENT_MARKER)
    assert done.comment == "updated"
    changes, _ = plan(report(), COMMENT_MARKER, issue(), [forged], AUTHORS)
    assert changes[0] == CreateComment(7, COMMENT_MARKER)


def test_the_gpu_run_keeps_a_comment_of_its_own() -> None:
    cpu = Comment(40, f"{COMMENT_MARKER}\ncpu", "learner")
    changes, done = plan(report(), f"{GPU_MARKER}\ngpu", issue(), [cpu], AUTHORS, mode="gpu")
    assert changes[0] == CreateComment(7, f"{GPU_MARKER}\ngpu")
    assert done.comment == "created"


def test_find_issue_takes_ours_and_ignores_look_alikes() -> None:
    stranger = Issue(3, "copy", BODY, "open", author="mallory")
    other = Issue(4, "other", "<!-- roadmap:p1.d02.rag -->", "open", labels=("roadmap",), author="learner")
    labelled = Issue(5, "by a form", BODY, "open", labels=("roadmap",), author="someone")
    assert find_issue([stranger, other], ISSUE_MARKER, AUTHORS) is None
    assert find_issue([stranger, other, labelled, issue()], ISSUE_MARKER, AUTHORS) == labelled
    unlabelled_trust = trusted_authors("learner", label=False)
    assert find_issue([labelled, issue()], ISSUE_MARKER, unlabelled_trust) == issue()
