"""The systemd units in deploy/systemd: each long-running process restarts for ever, the web
server's workers go down with its main process, every command exists, and `systemd-analyze
verify` accepts the units (where systemd is installed)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"
INSTALLED_AT = "/opt/recoverycircle"
LONG_RUNNING = ["recoverycircle-web", "recoverycircle-tasks", "recoverycircle-alerts"]


def parse(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as section -> key -> values (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not a key=value line: {line!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_it_restarts_every_process_and_stops_whole_groups() -> None:
    for name in LONG_RUNNING:
        service = parse(UNITS / f"{name}.service")["Service"]
        assert service["Restart"] == ["always"], name
        assert service["KillMode"] == ["control-group"], name
        assert service["WorkingDirectory"] == [INSTALLED_AT], name
        assert parse(UNITS / f"{name}.service")["Unit"]["StartLimitIntervalSec"] == ["0"]
    target = parse(UNITS / "recoverycircle.target")["Unit"]["Wants"][0].split()
    assert sorted(target) == sorted(f"{name}.service" for name in LONG_RUNNING)


def test_it_runs_commands_that_exist() -> None:
    commands = get_commands()
    for path in UNITS.glob("*.service"):
        for line in parse(path)["Service"]["ExecStart"]:
            program, *args = shlex.split(line)
            local = ROOT / program.removeprefix(INSTALLED_AT + "/")
            assert program.startswith(INSTALLED_AT), (path.name, program)
            if local.name == "python":
                assert args[0] == "manage.py" and args[1] in commands, (path.name, args)
            else:
                assert local.is_file(), (path.name, program)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_systemd_verifies_the_units(tmp_path: Path) -> None:
    # Installed where this checkout is, so that verify finds the programs it starts.
    for unit in UNITS.glob("recoverycircle*"):
        text = unit.read_text().replace(INSTALLED_AT, str(ROOT))
        (tmp_path / unit.name).write_text(text)
    names = sorted(p.name for p in tmp_path.glob("recoverycircle*"))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify exits 0 on unknown keys and bad values too: it only warns, so any output fails.
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stderr
