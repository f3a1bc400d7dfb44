"""Building on a Dask cluster: the checks are in dask_cluster_checks.py (see its docstring), and
run here in a pytest process of their own. Dask's client leaves threads behind in the process
that used it (its IO loop, its offload pool), and while other threads run, the pipeline keeps
documents in its own process rather than fork a pool (pipeline.documents): every later test of
this session would run in a process unlike the one a build runs in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import REPO

CHECKS = Path(__file__).with_name("dask_cluster_checks.py")


def test_the_cluster_checks_pass_in_a_process_of_their_own():
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CHECKS)],
                          cwd=REPO, capture_output=True, text=True)
    report = done.stdout[-8000:] + done.stderr[-3000:]
    assert done.returncode == 0, report
    written = len(re.findall(r"^def test_", CHECKS.read_text(encoding="utf-8"), re.M))
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed and int(passed.group(1)) >= written >= 10 and not re.search(r"\d+ (failed|error|skipped)", done.stdout), report
