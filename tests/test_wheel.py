"""The built wheel works on its own: migrations and reference data ship inside it."""

import os
import subprocess
import sys
import sysconfig
import venv

import pytest

from conftest import REPO


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_virtualenv_and_checks_a_database(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("lien_desktop-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # Dependencies come from the test environment's site-packages (no download); the app itself only
    # from the wheel, which sits first on the path.
    site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(site, "zz_test_dependencies.pth"), "w") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-2000:]
    exe = env_dir / "bin" / "lien-desktop"
    db = tmp_path / "wheel.sqlite3"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import lien_desktop, lien_desktop.paths as p; "
                            "print(lien_desktop.__file__); print(p.migrations_dir()); print(p.resources_dir())"],
                           capture_output=True, text=True, cwd=elsewhere, env=env)
    assert where.returncode == 0, where.stderr
    assert all(str(env_dir) in line for line in where.stdout.splitlines()), where.stdout
    for args in (["init", "--db", str(db), "--constituency", "W07000081"], ["check", "--db", str(db)]):
        result = subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=elsewhere, env=env)
        assert result.returncode == 0, result.stderr
    assert "Aberafan Maesteg" in result.stdout and "result: ok" in result.stdout
