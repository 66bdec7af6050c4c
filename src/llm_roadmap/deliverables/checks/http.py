"""`http`: start the learner's web app on loopback and send it the contract's requests.

The command gets a free port in `{port}` (for FastAPI: `python -m uvicorn app.main:app
--host 127.0.0.1 --port {port}`); the check waits until `ready_path` answers, then runs
each step and compares status, JSON keys and whether the model's reply came back.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.checks import causes
from llm_roadmap.deliverables.checks.llm_expect import judge, text_replies
from llm_roadmap.deliverables.report import Finding, Outcome

if TYPE_CHECKING:
    import subprocess

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import HttpCheck, HttpStep
    from llm_roadmap.deliverables.fakellm import FakeLLM

# Loopback only, and never through a proxy that the CI machine may have configured.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_REQUEST_TIMEOUT = 30.0
_UNPROCESSABLE = 422  # FastAPI's answer when the request does not match the parameters
_REASONS = 5
_REASON_CHARS = 300


def run(check: HttpCheck, ctx: CheckContext) -> Outcome:
    port = sandbox.free_port()
    command = sandbox.expand(check.command, ctx.python, port=str(port))
    log = ctx.scratch / f"{check.id}.log"
    with ctx.fake_llm() as llm:
        process = sandbox.start(command, cwd=ctx.folder, env=ctx.env_with(llm), log=log)
        try:
            findings = _serve(check, port, process, llm)
        finally:
            sandbox.stop(process)
        records = llm.records
    output = log.read_text(encoding="utf-8", errors="replace")
    if not findings:
        findings = judge(check.llm, records)
    elif findings[0].code == "http.exited" and (cause := causes.finding(output, ctx)):
        findings.insert(0, cause)
    return Outcome.from_findings(findings, sandbox.tail(output))


def _serve(check: HttpCheck, port: int, process: subprocess.Popen[bytes], llm: FakeLLM) -> list[Finding]:
    """Start-up and every step share the check's one timeout."""
    deadline = time.monotonic() + check.seconds
    startup = _wait_ready(port, check, process, deadline)
    if startup is not None:
        return [startup]
    findings: list[Finding] = []
    for step in check.steps:
        left = min(_REQUEST_TIMEOUT, deadline - time.monotonic())
        findings += _step(step, port, llm, max(left, 1.0))
    return findings


def _wait_ready(
    port: int, check: HttpCheck, process: subprocess.Popen[bytes], deadline: float
) -> Finding | None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return Finding(code="http.exited", params={"code": process.returncode})
        try:
            status, _ = _request("GET", port, check.ready_path, None, timeout=2.0)
        except OSError:
            status = 0
        if status == 200:
            return None
        if status == 404:  # the app is serving and has no such route: waiting cannot help
            return Finding(code="http.no-ready-path", params={"path": check.ready_path})
        time.sleep(0.2)
    return Finding(code="http.not-ready", params={"path": check.ready_path, "seconds": check.seconds})


def _step(step: HttpStep, port: int, llm: FakeLLM, timeout: float) -> list[Finding]:
    where = {"method": step.method, "path": step.path}
    before = len(llm.records)
    try:
        status, raw = _request(step.method, port, step.path, step.body, timeout=timeout)
    except OSError as exc:
        return [Finding(code="http.connection", params={**where, "error": str(exc)})]
    if status != step.status:
        params = {**where, "status": status, "expected": step.status, "reason": reason(raw)}
        if status == _UNPROCESSABLE:
            sent = json.dumps(step.body, ensure_ascii=False) if step.body is not None else "-"
            return [Finding(code="http.rejected", params={**params, "sent": sent})]
        return [Finding(code="http.status", params=params)]
    findings = []
    if step.json_keys:
        findings += _json_keys(step, raw, where)
    if step.reply_in_body:
        replies = text_replies(llm.records[before:])
        if not replies:
            findings.append(Finding(code="http.no-llm-call", params=where))
        elif replies[-1] not in _readable(raw):
            findings.append(Finding(code="http.reply-missing", params={**where, "reply": replies[-1]}))
    return findings


def _json_keys(step: HttpStep, raw: str, where: dict[str, str]) -> list[Finding]:
    try:
        body = json.loads(raw)
    except ValueError:
        return [Finding(code="http.not-json", params=where)]
    present = body.keys() if isinstance(body, dict) else set()
    missing = [key for key in step.json_keys if key not in present]
    return [Finding(code="http.json-keys", params={**where, "keys": missing})] if missing else []


def reason(raw: str) -> str:
    """Why the app refused, in one line: FastAPI's validation errors as `loc: msg` (the
    location names the fix, e.g. `query.message` for a body field declared as a query
    parameter), else the start of the body."""
    try:
        body = json.loads(raw)
    except ValueError:
        return " ".join(raw.split())[:_REASON_CHARS]
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):
        errors = [e for e in detail if isinstance(e, dict)]
        parts = [".".join(map(str, e.get("loc", ()))) + ": " + str(e.get("msg", "")) for e in errors]
        return "; ".join(parts[:_REASONS])
    if isinstance(detail, str):
        return detail[:_REASON_CHARS]
    return " ".join(raw.split())[:_REASON_CHARS]


def _readable(raw: str) -> str:
    """The body with JSON escapes undone, so a Japanese reply is found in `\\u3053...`."""
    try:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    except ValueError:
        return raw


def _request(
    method: str, port: int, path: str, body: dict[str, Any] | None, *, timeout: float
) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode("utf-8", "replace")
