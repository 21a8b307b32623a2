"""The layers of DEVELOPERS.md, checked by import-linter's contracts in pyproject.toml."""

import subprocess
import sys

from conftest import REPO


def test_import_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"],
        cwd=REPO, capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_modules_stay_small():
    too_big = [
        (str(p.relative_to(REPO)), n)
        for p in (REPO / "lien_desktop").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert not too_big, f"split these modules: {too_big}"
