"""What bench.run times is what a person waits for."""

import os
import sys

from bench.run import measured

FLAGS = "import json, sys; print(json.dumps({'dont_write_bytecode': sys.flags.dont_write_bytecode}))"


def test_a_timed_build_keeps_the_modules_python_compiles_as_a_persons_shell_does(tmp_path):
    # A machine that sets PYTHONDONTWRITEBYTECODE would have every timed command compile the
    # builder's modules again: the child runs without it, and with the rest of the environment.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "ARCHIVE_BENCH_PROBE": "kept"}
    result = measured([sys.executable, "-c", FLAGS + "; import os; assert os.environ['ARCHIVE_BENCH_PROBE'] == 'kept'"],
                      tmp_path / "site", tmp_path, env)
    assert result["dont_write_bytecode"] == 0 and result["peak_mb"] > 0 and result["command"] > 0
