"""Contract tests: `roadmap plan` against the fake GitHub server, over real HTTP.

It reads (preflight, read, diff) and writes nothing: the fake counts every write. It
exits 0 when GitHub already matches the roadmap and 6 when changes are pending, and
prints the diff as text, JSON or Markdown. bootstrap's summary counts the write
requests it really sent.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from contract.test_bootstrap import REPO, bootstrap, env, setup, small_year
from llm_roadmap.errors import EXIT_CHANGES_PENDING, EXIT_INVALID_INPUT, EXIT_OK, EXIT_UNSAFE
from testing.repo import invoke

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from testing.fake_github import FakeGitHub


def plan(root: Path, gh: FakeGitHub, *args: str, **extra: str) -> Result:
    return invoke(root, "plan", "--repo", REPO, *args, env=env(gh, **extra))


def test_plan_shows_the_diff_and_writes_nothing(tmp_path: Path, fake_github: FakeGitHub) -> None:
    root = small_year(tmp_path)
    setup(fake_github)

    text = plan(root, fake_github)
    assert text.exit_code == EXIT_CHANGES_PENDING, text.output
    lines = text.stdout.splitlines()
    assert re.fullmatch(
        r"計画 → octocat/my-year: 追加 \d+、変更 0、クローズ 0（ボードの値 \d+ 件）", lines[0]
    )
    assert lines[1].startswith("  ラベル 17 · マイルストーン ")
    assert "  + issue 📊 ダッシュボード: LLM学習ロードマップ [dashboard]" in lines
    assert not any(line.startswith("  ~ value") for line in lines), "values are folded under their item"
    assert any(line.startswith("      Phase = Phase 1 · ") for line in lines)

    as_json = plan(root, fake_github, "--json")
    assert as_json.exit_code == EXIT_CHANGES_PENDING, as_json.output
    document = json.loads(as_json.stdout)
    assert (document["format"], document["repo"]) == (1, REPO)
    assert document["summary"]["change"] == document["summary"]["close"] == 0
    kinds = [(c["kind"], c["action"]) for c in document["changes"]]
    assert kinds[0] == ("label", "create")
    assert ("value", "set") in kinds
    issue = next(
        c for c in document["changes"] if c["kind"] == "issue" and c["key"] == "p1.w1-4.python-basics"
    )
    assert set(issue) == {"kind", "action", "key", "title", "fields"}
    assert issue["fields"]["parent"] == "p1.epic"

    markdown = plan(root, fake_github, "--markdown")
    assert markdown.exit_code == EXIT_CHANGES_PENDING, markdown.output
    assert markdown.stdout.startswith("### ロードマップの計画 → `octocat/my-year`\n\n**追加 ")
    assert "| + | issue | 📊 ダッシュボード: LLM学習ロードマップ | `dashboard` |  |\n" in markdown.stdout

    assert fake_github.writes == [], "roadmap plan only reads"
    assert not fake_github.violations


def test_plan_after_bootstrap_has_nothing_to_do(tmp_path: Path, fake_github: FakeGitHub) -> None:
    root = small_year(tmp_path)
    setup(fake_github)
    applied = bootstrap(root, fake_github)
    assert applied.exit_code == EXIT_OK, applied.output
    writes = len(fake_github.writes)
    # The summary counts the write requests really sent, and the changes in the units of the
    # plan's own header (objects apart from board values).
    [header] = re.findall(r"追加 (\d+)、変更 (\d+)、クローズ (\d+)（ボードの値 (\d+) 件）", applied.stdout)
    [done] = re.findall(
        r"(\d+) 件の変更とボードの値 (\d+) 件を (\d+) 回の書き込みで反映しました", applied.stdout
    )
    objects, values, sent = (int(n) for n in done)
    assert (objects, values) == (sum(int(n) for n in header[:3]), int(header[3]))
    assert sent == writes < objects + values

    text = plan(root, fake_github)
    assert (text.exit_code, text.stdout) == (
        EXIT_OK,
        "最新の状態です。変更はありません。 (octocat/my-year)\n",
    )
    as_json = plan(root, fake_github, "--json")
    assert as_json.exit_code == EXIT_OK
    assert json.loads(as_json.stdout)["changes"] == []
    assert plan(root, fake_github, "--markdown").exit_code == EXIT_OK
    assert len(fake_github.writes) == writes


def test_plan_shows_a_pending_close_and_the_brake(tmp_path: Path, fake_github: FakeGitHub) -> None:
    root = small_year(tmp_path)
    setup(fake_github)
    assert bootstrap(root, fake_github).exit_code == EXIT_OK
    writes = len(fake_github.writes)
    config = root / "roadmap/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("skip:\n", "skip:\n  - p1.w1-4.python-basics\n", 1),
        encoding="utf-8",
    )
    [note] = json.loads(plan(root, fake_github, "--json").stdout)["left_alone"]
    number, title = note["number"], "[P1] Python基礎（既習なら省略）"
    assert note == {"what": "removed", "number": number, "title": title, "key": "p1.w1-4.python-basics"}
    left = plan(root, fake_github)
    assert left.exit_code == EXIT_CHANGES_PENDING, left.output
    assert left.stdout.endswith(
        f"  = #{number} {title} [p1.w1-4.python-basics]: ロードマップにはもうありません。"
        "開いたままにします（--close-removed で「計画外」としてクローズできます）\n"
    )
    english = root / "roadmap/config.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8"
    )
    assert plan(root, fake_github).stdout.endswith(
        f"  = #{number} {title} [p1.w1-4.python-basics]: no longer in the roadmap;"
        " left open (use --close-removed to close it as not planned)\n"
    )
    english.write_text(
        english.read_text(encoding="utf-8").replace("language: en", "language: ja"), encoding="utf-8"
    )

    closing = plan(root, fake_github, "--close-removed")
    assert closing.exit_code == EXIT_CHANGES_PENDING, closing.output
    assert "クローズ 1" in closing.stdout.splitlines()[0]
    assert (
        "  - issue [P1] Python基礎（既習なら省略） [p1.w1-4.python-basics] — ロードマップから削除されました\n"
        in (closing.stdout)
    )
    closing_json = json.loads(plan(root, fake_github, "--close-removed", "--json").stdout)
    assert [c["reason"] for c in closing_json["changes"] if "reason" in c] == ["removed"]
    braked = plan(root, fake_github, "--close-removed", "--max-close", "0")
    assert braked.exit_code == EXIT_UNSAFE
    assert "more than --max-close 0" in braked.stderr
    assert len(fake_github.writes) == writes


def test_json_and_markdown_together_are_refused(tmp_path: Path, fake_github: FakeGitHub) -> None:
    root = small_year(tmp_path)
    result = plan(root, fake_github, "--json", "--markdown")
    assert result.exit_code == EXIT_INVALID_INPUT
    assert "cannot be used together" in result.stderr
    assert fake_github.requests == []


def test_dry_run_says_it_is_not_a_diff(tmp_path: Path) -> None:
    result = invoke(small_year(tmp_path), "bootstrap", "--dry-run")
    assert result.exit_code == EXIT_OK
    assert (
        "GitHub との差分ではありません。差分は roadmap plan で見られます。" in result.stdout.splitlines()[3]
    )
