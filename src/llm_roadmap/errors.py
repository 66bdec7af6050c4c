"""The project's exceptions. The CLI turns each into one clear message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID_INPUT = 2
EXIT_GITHUB = 3
EXIT_UNSAFE = 4
EXIT_PARTIAL = 5
EXIT_CHANGES_PENDING = 6  # `roadmap plan`: GitHub differs from the roadmap (not an error)
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class ExitCode:
    """What one exit code of `roadmap` means, in both languages (Markdown: `code` spans)."""

    code: int
    ja: str
    en: str


# The one description of the exit codes: README.md, docs/cli.md and `roadmap --help` are
# generated from it (`roadmap readme`). A new EXIT_* constant needs its row here
# (tests/test_docs_reference.py fails until it has one).
EXIT_CODES: tuple[ExitCode, ...] = (
    ExitCode(EXIT_OK, "成功", "success"),
    ExitCode(
        EXIT_FAILURE,
        "失敗: チェックが直すべきものを見つけた（`roadmap check`、`roadmap readme --check`、"
        "`roadmap kits --check`）、または想定外のエラー（詳細は `.roadmap/error.log`）",
        "failure: a check found something to fix (`roadmap check`, `roadmap readme --check`,"
        " `roadmap kits --check`), or an unexpected error (details in `.roadmap/error.log`)",
    ),
    ExitCode(
        EXIT_INVALID_INPUT,
        "入力が不正: ロードマップや設定ファイル、コマンドライン、環境変数",
        "invalid input: a roadmap or config file, the command line or an environment variable",
    ),
    ExitCode(EXIT_GITHUB, "GitHub が拒否した、または失敗した", "GitHub refused or failed"),
    ExitCode(
        EXIT_UNSAFE,
        "安全装置: 変更が大きすぎる計画（明示的なフラグが必要）",
        "unsafe plan: the change is larger than the safety brake allows",
    ),
    ExitCode(
        EXIT_PARTIAL,
        "一部だけ完了: GitHub がボードの一部（フィールドやビュー）を受け付けず、ほかはすべて作成済み。"
        "メッセージが直し方を示します",
        "partly done: GitHub refused one part of the board (a field, a view); everything else is"
        " made, and the message says how to fix it",
    ),
    ExitCode(
        EXIT_CHANGES_PENDING,
        "`roadmap plan`: 変更待ち（GitHub がロードマップと違う）。エラーではありません",
        "`roadmap plan`: changes are pending (GitHub differs from the roadmap); not an error",
    ),
    ExitCode(
        EXIT_INTERRUPTED,
        "中断された（同じコマンドをもう一度実行すれば続きから終わります）",
        "interrupted (run the same command again to finish the job)",
    ),
)

# A broken file can hold thousands of problems; the first ones say what is wrong.
MAX_SHOWN_PROBLEMS = 50


class RoadmapError(Exception):
    """Base class: every error the tool means to report."""

    exit_code = EXIT_FAILURE

    def render(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, pointing at the exact place."""

    path: Path
    line: int
    column: int
    message: str
    hint: str

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}\n  hint: {self.hint}"


class InvalidInput(RoadmapError):
    """A roadmap or config file is broken; nothing was sent anywhere."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.column))
        lines = [p.render() for p in self.problems[:MAX_SHOWN_PROBLEMS]]
        if len(self.problems) > MAX_SHOWN_PROBLEMS:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN_PROBLEMS} more")
        super().__init__("\n".join(lines))

    def render(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{self}\n{count} {noun} found; nothing was sent to GitHub."


class UsageError(RoadmapError):
    """The command line or the environment asks for something impossible."""

    exit_code = EXIT_INVALID_INPUT


class UnsafePlan(RoadmapError):
    """The plan would change more than the safety brake allows."""

    exit_code = EXIT_UNSAFE


class GitHubError(RoadmapError):
    """GitHub refused or failed; the message says what to do. `status` is the HTTP status
    of the refusal (None when no answer came), for callers that tolerate some statuses."""

    exit_code = EXIT_GITHUB

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PartlyApplied(RoadmapError):
    """GitHub refused one part (of the board); everything else was made. The message
    names each part and the fix."""

    exit_code = EXIT_PARTIAL


class GitFailed(RoadmapError):
    """A git command failed (fetch, push, a broken repository); the message says which."""

    exit_code = EXIT_FAILURE
