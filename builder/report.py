"""Formatting diagnostics for people (text) and for CI (GitHub Actions annotations)."""

from __future__ import annotations

from pathlib import Path

from builder.model import Diagnostic


def shown_path(diagnostic: Diagnostic, content_dir: Path, cwd: Path | None = None) -> str:
    """The file as an editor would type it from the working folder."""
    path = content_dir / diagnostic.path
    try:
        return path.relative_to((cwd or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def where(diagnostic: Diagnostic, content_dir: Path, cwd: Path | None = None) -> str:
    """The file with line:column."""
    shown = shown_path(diagnostic, content_dir, cwd)
    if diagnostic.line:
        return f"{shown}:{diagnostic.line}:{diagnostic.column or 1}"
    return shown


def as_text(diagnostic: Diagnostic, content_dir: Path, cwd: Path | None = None) -> str:
    line = f"{where(diagnostic, content_dir, cwd)}: {diagnostic.severity}: {diagnostic.message} [{diagnostic.code}]"
    if diagnostic.hint:
        line += f"\n    fix: {diagnostic.hint}"
    return line


def _escape_github(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(diagnostic: Diagnostic, content_dir: Path, cwd: Path | None = None) -> str:
    """One GitHub Actions workflow command: shown as an annotation on the pull request."""
    level = {"error": "error", "warning": "warning", "info": "notice"}[diagnostic.severity]
    props = [f"file={_escape_github(shown_path(diagnostic, content_dir, cwd), prop=True)}"]
    if diagnostic.line:
        props += [f"line={diagnostic.line}", f"col={diagnostic.column or 1}"]
    props.append(f"title={_escape_github(diagnostic.code, prop=True)}")
    message = diagnostic.message + (f". Fix: {diagnostic.hint}" if diagnostic.hint else "")
    return f"::{level} {','.join(props)}::{_escape_github(message)}"


def summary(diagnostics: list[Diagnostic]) -> str:
    counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in ("error", "warning")}
    return f"{counts['error']} error(s), {counts['warning']} warning(s)"
