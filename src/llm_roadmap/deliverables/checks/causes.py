"""Known causes of a crash, found in its output and said first, in one line, with the fix.

A module the learner's code imports but the interpreter lacks: a plain `roadmap check`
runs the code with the first interpreter it finds (see `runner.resolve_python`), often the
tool's own, which has the SDKs but not every library a kit suggests. The traceback's
`ModuleNotFoundError` becomes one finding that names the module and its package, and says
that `--install` installs the deliverable's requirements.txt (or, after an install, that
requirements.txt lacks the package).

ChromaDB's default embedding function, which downloads an ONNX model on first use and so
fails in the offline check (the p2 kit READMEs warn about it): a long network traceback
becomes one finding that names the trap and the way round it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Finding

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext

_MISSING = re.compile(r"ModuleNotFoundError: No module named '([\w.]+)'")
# Frames and URLs of chromadb's ONNXMiniLM_L6_V2 (utils/embedding_functions/onnx_mini_lm_l6_v2.py).
_CHROMA_DEFAULT = re.compile(r"onnx_mini_lm_l6_v2|ONNXMiniLM_L6_V2|chroma-onnx-models|all-MiniLM-L6-v2")
# Import names whose package on PyPI is called something else (the rest: `_` becomes `-`).
PACKAGES = {
    "dotenv": "python-dotenv",
    "yaml": "PyYAML",
    "sklearn": "scikit-learn",
    "PIL": "Pillow",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "docx": "python-docx",
    "pypdf": "pypdf",
}


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def normalize(name: str) -> str:
    """A package name as PyPI compares them (PEP 503): `Python_Dotenv` is `python-dotenv`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def listed(folder: Path, requirements: str | None) -> frozenset[str]:
    """The packages the deliverable's requirements file names; none when there is no such file."""
    path = folder / requirements if requirements else None
    if path is None or not path.is_file():
        return frozenset()
    names = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = _NAME.match(line.strip())
        if found:
            names.add(normalize(found[0]))
    return frozenset(names)


def hint_params(ctx: CheckContext, package: str) -> dict[str, object]:
    """Which interpreter ran the code and whether requirements.txt has `package`: the fix differs."""
    return {
        "python": ctx.python,
        "installed": ctx.installed,
        "venv": ctx.venv,
        "given": ctx.python_given,
        "listed": normalize(package) in ctx.listed,
    }


def package(module: str) -> str:
    """The PyPI package that provides a top-level module, as requirements.txt names it."""
    top = module.split(".")[0]
    return PACKAGES.get(top, top.replace("_", "-"))


def missing_module(output: str) -> str | None:
    """The first module a traceback in `output` could not import."""
    found = _MISSING.search(output)
    return found[1].split(".")[0] if found else None


def finding(output: str, ctx: CheckContext) -> Finding | None:
    """The known cause of a crash whose output is `output`, if it is one we know."""
    if _CHROMA_DEFAULT.search(output):
        return Finding(code="chroma.default-embedding")
    module = missing_module(output)
    if module is None:
        return None
    name = package(module)
    params = {"module": module, "package": name, **hint_params(ctx, name)}
    return Finding(code="python.module-missing", params=params)
