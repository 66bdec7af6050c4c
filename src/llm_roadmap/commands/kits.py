"""`roadmap kits`: regenerate projects/kits.lock.json from the kits (`--check`: only compare).

For template maintainers, after changing any file a kit ships: the weekly summary judges
whether a deliverable was started against this manifest (see `deliverables/manifest.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from llm_roadmap.deliverables import manifest
from llm_roadmap.errors import EXIT_FAILURE, EXIT_OK, InvalidInput
from llm_roadmap.model.load import load_roadmap

if TYPE_CHECKING:
    from llm_roadmap.settings import Settings

MAX_SHOWN = 20


def run(settings: Settings, check: bool) -> int:
    root = settings.root
    folders = sorted({d.folder for _, d in load_roadmap(root).deliverables()})
    current = manifest.build(root, folders)
    if check:
        return _report_check(manifest.differences(_recorded(settings), current))
    path = root / manifest.MANIFEST
    text = current.to_json()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        click.echo(f"{manifest.MANIFEST} is up to date")
        return EXIT_OK
    path.write_text(text, encoding="utf-8")
    files = sum(len(f) for f in current.kits.values())
    click.echo(f"{manifest.MANIFEST}: {files} files of {len(folders)} kits")
    return EXIT_OK


def _recorded(settings: Settings) -> manifest.Manifest:
    try:
        return manifest.load(settings.root)
    except InvalidInput:
        if (settings.root / manifest.MANIFEST).exists():
            raise
        return manifest.Manifest({})  # missing: every kit file shows as "not listed"


def _report_check(differences: list[str]) -> int:
    if not differences:
        click.echo(f"{manifest.MANIFEST} is up to date")
        return EXIT_OK
    shown = "".join(f"  {line}\n" for line in differences[:MAX_SHOWN])
    more = f"  ... and {len(differences) - MAX_SHOWN} more\n" if len(differences) > MAX_SHOWN else ""
    click.echo(
        f"error: {manifest.MANIFEST} is out of date: the kits in projects/ differ from it\n{shown}{more}"
        f"  hint: in the template repository, run `{manifest.REGENERATE}` and commit"
        f" {manifest.MANIFEST}",
        err=True,
    )
    return EXIT_FAILURE
