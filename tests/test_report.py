"""Diagnostics formatted for editors (text) and for CI (GitHub Actions workflow commands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model import Diagnostic
from builder.report import as_github, as_text, summary, where

CONTENT = Path("/arch/content")
CWD = Path("/arch")


def diag(severity="error", path="sources/x.yml", line=3, column=7, code="schema-date",
         message="'date' value '2005-02-30' has day 30, but 2005-02 has 28 days", hint="write YYYY-MM-DD"):
    return Diagnostic(severity, path, line, column, code, message, hint)


def test_where_is_relative_to_the_working_folder():
    assert where(diag(), CONTENT, CWD) == "content/sources/x.yml:3:7"
    assert where(diag(line=0, column=0), CONTENT, CWD) == "content/sources/x.yml"
    assert where(diag(column=0), CONTENT, CWD) == "content/sources/x.yml:3:1"
    assert where(diag(), CONTENT, Path("/elsewhere")) == "/arch/content/sources/x.yml:3:7"


def test_as_text():
    assert as_text(diag(), CONTENT, CWD) == (
        "content/sources/x.yml:3:7: error: 'date' value '2005-02-30' has day 30, but 2005-02 has 28 days "
        "[schema-date]\n    fix: write YYYY-MM-DD")
    assert as_text(diag(severity="warning", hint=""), CONTENT, CWD) == (
        "content/sources/x.yml:3:7: warning: 'date' value '2005-02-30' has day 30, but 2005-02 has 28 days "
        "[schema-date]")


@pytest.mark.parametrize("d, line", [
    (diag(), "::error file=content/sources/x.yml,line=3,col=7,title=schema-date::'date' value '2005-02-30' has "
             "day 30, but 2005-02 has 28 days. Fix: write YYYY-MM-DD"),
    (diag(severity="warning", line=0, column=0, hint=""),
     "::warning file=content/sources/x.yml,title=schema-date::'date' value '2005-02-30' has day 30, but 2005-02 "
     "has 28 days"),
    (diag(severity="info", message="100% done\nsecond line\r", hint="a, b: c"),
     "::notice file=content/sources/x.yml,line=3,col=7,title=schema-date::100%25 done%0Asecond line%0D. "
     "Fix: a, b: c"),
    (diag(path="sources/a,b.txt", line=0), "::error file=content/sources/a%2Cb.txt,title=schema-date::'date' value "
                                           "'2005-02-30' has day 30, but 2005-02 has 28 days. Fix: write YYYY-MM-DD"),
])
def test_as_github(d, line):
    assert as_github(d, CONTENT, CWD) == line


def test_as_github_file_name_with_colon():
    # Regression: the file used to be cut at the first ':' (file=content/sources/a).
    assert as_github(diag(path="sources/a:b.txt"), CONTENT, CWD).startswith(
        "::error file=content/sources/a%3Ab.txt,line=3,col=7,")


def test_summary():
    ds = [diag(), diag(severity="warning"), diag(severity="warning"), diag(severity="info")]
    assert summary(ds) == "1 error(s), 2 warning(s)"
    assert summary([]) == "0 error(s), 0 warning(s)"


def test_severity_is_checked():
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        diag(severity="fatal")


@pytest.mark.parametrize("severity, code, blocking", [
    ("error", "schema-unknown-key", True),
    ("error", "sidecar-orphan", True),
    ("error", "yaml-syntax", True),
    ("error", "source-binary", False),
    ("error", "source-empty", False),
    ("warning", "schema-unknown-key", False),
    ("info", "anything", False),
])
def test_blocking(severity, code, blocking):
    assert diag(severity=severity, code=code).blocking is blocking
