"""`make bench`'s two scripts run from a checkout, in their quick form, under the fixed malloc
thresholds they start themselves with, and print their tables."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script, rows", [
    ("bench_conv.py", ["3→32, 32×32", "32→64, 16×16", "chapter CNN train step"]),
    ("bench_mlp.py", ["train step 784-256-10", "digits 64-64-10"]),
])
def test_a_benchmark_prints_its_table_with_malloc_thresholds_fixed(script, rows):
    env = {name: value for name, value in os.environ.items() if name != "GLIBC_TUNABLES"}
    result = subprocess.run([sys.executable, f"benchmarks/{script}", "--quick", "--threads", "1"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "malloc thresholds fixed" in result.stdout, result.stdout[:500]
    for row in rows:
        assert row in result.stdout, f"no row {row!r} in:\n{result.stdout}"
