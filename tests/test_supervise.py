"""`make run`'s supervisor (scripts/supervise.py) with its real children on a free port: it
announces the address only once the web server answers, restarts a child killed with
SIGKILL and says so, takes the web server's workers down with their main process, and stops
everything on SIGTERM with exit status 0."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import ROOT, child_env, wait_until
from tests.smtp import free_port

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ADDRESS = "Recovery Circle is running at"


class Supervisor:
    def __init__(self, log: Path, port: int) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts/supervise.py")],
                cwd=ROOT,
                env=child_env(BIND=f"127.0.0.1:{port}", WEB_WORKERS="1"),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # no terminal: it must not take the test's
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def says(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        found: list[re.Match[str]] = []

        def look() -> bool:
            match = re.search(pattern, self.output())
            found.extend([match] if match else [])
            return match is not None

        assert wait_until(look, timeout, every=0.1), f"no {pattern!r} in:\n{self.output()}"
        return found[0]

    def child_pid(self, name: str, other_than: int = 0) -> int:
        """The pid of the latest start of `name` (waiting for one other than `other_than`)."""
        pattern = re.compile(rf"started {name} \(pid (\d+)\)")
        found: list[int] = []

        def look() -> bool:
            pids = [int(pid) for pid in pattern.findall(self.output())]
            found[:] = pids[-1:]
            return bool(found) and found[0] != other_than

        assert wait_until(look, 30, every=0.1), f"no new start of {name}:\n{self.output()}"
        return found[0]


def group_gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def answers(port: int) -> bool:
    web = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        web.request("GET", "/health/", headers={"Host": "127.0.0.1"})
        return web.getresponse().status in {200, 503}
    except OSError:
        return False
    finally:
        web.close()


def test_it_supervises_restarts_and_stops_its_processes(tmp_path: Path) -> None:
    port = free_port()
    # Something silent holds the port first: the web server cannot start, and the supervisor
    # must not announce an address that does not answer.
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", port))
    squatter.listen()
    supervisor = Supervisor(tmp_path / "run.log", port)
    try:
        squatter.settimeout(30)
        for _ in range(2):  # after the second question, the first answer was surely read
            probe, _address = squatter.accept()  # asked, and got no answer
            probe.close()
        assert ADDRESS not in supervisor.output()
        squatter.close()

        # Once the web server answers, the address is printed.
        supervisor.says(ADDRESS)
        assert answers(port)
        log = supervisor.output()
        assert log.index("the web server answers") < log.index(ADDRESS)

        # A child killed with SIGKILL is restarted, and the log says so.
        loop = supervisor.child_pid("alert loop")
        os.kill(loop, signal.SIGKILL)
        supervisor.says(rf"alert loop \(pid {loop}\) exited with status -9")
        restarted = supervisor.child_pid("alert loop", other_than=loop)
        assert wait_until(lambda: not group_gone(restarted), timeout=5)

        # The web server's main process dies: its workers go with it, and it comes back.
        web = supervisor.child_pid("web server")
        os.kill(web, signal.SIGKILL)
        supervisor.says(rf"web server \(pid {web}\) exited with status -9")
        assert wait_until(lambda: group_gone(web), timeout=10), "its workers outlived it"
        supervisor.child_pid("web server", other_than=web)
        # (Stopped while it starts, granian waits for its workers' start-up and only the
        # supervisor's SIGKILL after 10 s ends it: let it start.)
        assert wait_until(lambda: answers(port), timeout=30), supervisor.output()

        # SIGTERM stops every child and exits with 0.
        children = [
            supervisor.child_pid(name) for name in ("task worker", "alert loop", "web server")
        ]
        supervisor.process.send_signal(signal.SIGTERM)
        assert supervisor.process.wait(timeout=20) == 0, supervisor.output()
        gone = wait_until(lambda: all(group_gone(pid) for pid in children), timeout=10)
        assert gone, supervisor.output()
        assert "did not stop" not in supervisor.output()
        assert "[run]" in supervisor.output().splitlines()[-1]
        assert supervisor.output().rstrip().endswith("stopped")
    finally:
        squatter.close()
        if supervisor.process.poll() is None:
            os.killpg(supervisor.process.pid, signal.SIGKILL)
            supervisor.process.wait()
