"""`run`: run the learner's program against the fake LLM and judge what it did.

The program gets `stdin` (for a chat loop: a few lines, then `exit`), must exit with the
expected code in time, must show the model's replies on stdout, and its API traffic must
meet the contract's `llm:` expectations. With `stdout_json_model` the last JSON object
on stdout must validate against the learner's own Pydantic model.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.checks import causes
from llm_roadmap.deliverables.checks.helper import HelperFailed, run_helper
from llm_roadmap.deliverables.checks.llm_expect import judge, text_replies
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import RunCheck
    from llm_roadmap.deliverables.fakellm import ExchangeRecord
    from llm_roadmap.deliverables.sandbox import Finished

_VALIDATE = """
import importlib, json, sys
data = json.load(sys.stdin)
sys.path.insert(0, ".")
name, attr = data["model"].split(":")
try:
    model = getattr(importlib.import_module(name), attr)
except BaseException as e:
    print(json.dumps({"error": "import", "message": f"{type(e).__name__}: {e}"}))
    sys.exit(0)
fields = len(getattr(model, "model_fields", {}))
try:
    model.model_validate_json(data["json"])
except Exception as e:
    errs = e.errors() if hasattr(e, "errors") else [{"loc": (), "msg": str(e)}]
    out = [".".join(map(str, x["loc"])) + ": " + x["msg"] for x in errs][:10]
    print(json.dumps({"error": "invalid", "errors": out, "fields": fields}))
    sys.exit(0)
print(json.dumps({"ok": True, "fields": fields}))
"""


def run(check: RunCheck, ctx: CheckContext) -> Outcome:
    command = sandbox.expand(check.command, ctx.python)
    with ctx.fake_llm() as llm:
        done = sandbox.run(
            command, cwd=ctx.folder, env=ctx.env_with(llm), timeout=check.seconds, stdin=check.stdin
        )
    records = llm.records
    details = sandbox.tail(done.output)
    shown = " ".join(check.command)
    if done.timed_out:
        return Outcome.failed("process.timeout", details, seconds=check.seconds, command=shown)
    if done.returncode is None:
        return Outcome.failed("process.not-found", details, command=shown)
    if done.returncode != check.exit_code:
        # A crash explains every other miss (no reply, too few calls): say only what crashed.
        crashed = Finding(
            code="process.exit",
            params={"command": shown, "code": done.returncode, "expected": check.exit_code},
        )
        cause = causes.finding(done.output, ctx)
        return Outcome.from_findings([cause, crashed] if cause else [crashed], details)
    findings = judge(check.llm, records)
    findings += _stdout_findings(check, done, records)
    if check.stdout_json_model and not findings:
        findings += _json_findings(check, ctx, done.stdout)
    return Outcome.from_findings(findings, details)


def _stdout_findings(check: RunCheck, done: Finished, records: tuple[ExchangeRecord, ...]) -> list[Finding]:
    replies = text_replies(records)
    expected = {"all": replies, "last": replies[-1:], "none": []}[check.stdout_replies]
    findings = [
        Finding(code="run.reply-missing", params={"reply": reply})
        for reply in expected
        if reply not in done.stdout
    ][:1]  # one is enough to say what is wrong
    missing = [text for text in check.stdout_contains if text not in done.stdout]
    if missing:
        findings.append(Finding(code="run.text-missing", params={"texts": missing}))
    return findings


def _json_findings(check: RunCheck, ctx: CheckContext, stdout: str) -> list[Finding]:
    model = check.stdout_json_model or ""
    document = last_json_object(stdout)
    if document is None:
        return [Finding(code="run.no-json", params={"model": model})]
    payload = {"model": model, "json": json.dumps(document, ensure_ascii=False)}
    try:
        answer = run_helper(ctx, _VALIDATE, payload, check.seconds)
    except HelperFailed as exc:
        return [Finding(code="python.unavailable", params={"python": ctx.python, "error": str(exc)})]
    if answer.get("error") == "import":
        return [Finding(code="run.model-not-found", params={"model": model, "error": answer["message"]})]
    if answer.get("error") == "invalid":
        return [Finding(code="run.json-invalid", params={"model": model, "errors": answer["errors"]})]
    if answer["fields"] < check.min_model_fields:
        params = {"model": model, "count": answer["fields"], "minimum": check.min_model_fields}
        return [Finding(code="run.model-too-small", params=params)]
    return []


def last_json_object(text: str) -> dict[str, Any] | None:
    """The last complete JSON object in `text` (programs often print other lines too)."""
    decoder = json.JSONDecoder()
    found: dict[str, Any] | None = None
    index = text.find("{")
    while index != -1:
        try:
            value, end = decoder.raw_decode(text, index)
        except ValueError:
            index = text.find("{", index + 1)
            continue
        if isinstance(value, dict):
            found = value
        index = text.find("{", end)
    return found
