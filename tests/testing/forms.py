"""An issue form's answers turned into the issue body, as GitHub writes it.

GitHub ("Syntax for issue forms") writes one `### <label>` heading per field that is not
`markdown`, a blank line, then the answer: `_No response_` when an optional field is
empty, the text inside a ```<render> fence for a textarea with `render:`, and one
`- [X] <label>` / `- [ ] <label>` line per checkbox option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from pathlib import Path

NO_RESPONSE = "_No response_"


def render_form(path: Path, answers: Mapping[str, str], ticked: Collection[str] = ()) -> str:
    """The body of an issue opened from the form at `path`; `answers` by field id, `ticked`:
    the checkbox options' labels the learner ticked."""
    form: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts = []
    for field in form["body"]:
        if field["type"] == "markdown":
            continue
        attributes = field["attributes"]
        if field["type"] == "checkboxes":
            lines = [
                f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in attributes["options"]
            ]
            answer = "\n".join(lines)
        else:
            answer = answers.get(field["id"], "")
            if field["type"] == "dropdown" and answer and answer not in attributes["options"]:
                raise ValueError(f"{answer!r} is not an option of {field['id']}")
            if answer and "render" in attributes:
                answer = f"```{attributes['render']}\n{answer}\n```"
        parts.append(f"### {attributes['label']}\n\n{answer or NO_RESPONSE}")
    return "\n\n".join(parts)
