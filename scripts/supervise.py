"""What `make run` starts: the web server, the task worker and the alert loop, supervised.

- A child that exits is restarted after a pause that doubles with each quick crash (1 s up to
  30 s; back to 1 s once it has run for a minute), and every exit and restart is logged.
- Each child runs in a process group of its own, and the whole group is stopped when its
  leader exits: the death of the web server's main process takes its worker processes with it
  (they would otherwise keep serving with nothing else running). Should this supervisor itself
  be killed, each child's leader is sent SIGTERM by the kernel (Linux: PR_SET_PDEATHSIG).
- The address and the demo logins are printed once the web server answers HTTP requests.
- Ctrl-C or SIGTERM stops every child (SIGTERM, then SIGKILL after 10 s) and exits with 0.

Production runs each process as a systemd service instead (deploy/systemd/, README).
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FIRST_PAUSE, LONGEST_PAUSE, HEALTHY_AFTER = 1.0, 30.0, 60.0
STOP_GRACE_SECONDS = 10.0
PR_SET_PDEATHSIG = 1


class Terminal:
    """Makes this process the terminal's foreground group while it runs, so that Ctrl-C
    reaches the supervisor alone (which stops everything and exits with 0), not `make`
    above it, which would report the interrupted target. Given back on the way out."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.previous = 0

    def __enter__(self) -> Terminal:
        try:
            fd = os.open("/dev/tty", os.O_RDWR)
        except OSError:
            return self  # no terminal (a service, a test): signals come from whoever sent them
        try:
            self.previous = os.tcgetpgrp(fd)
            if os.getpgrp() != os.getpid():
                os.setpgid(0, 0)
        except OSError:
            os.close(fd)  # e.g. a session leader: leave the terminal as it is
            return self
        self.fd = fd
        self.hand_to(os.getpgrp())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            self.hand_to(self.previous)
            os.close(self.fd)

    def hand_to(self, group: int) -> None:
        assert self.fd is not None
        # A process not in the foreground group is stopped by SIGTTOU when it changes it.
        old = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        try:
            os.tcsetpgrp(self.fd, group)
        except OSError:
            pass  # the terminal went away: nothing to give back
        finally:
            signal.signal(signal.SIGTTOU, old)


def log(message: str) -> None:
    print(f"[run] {time.strftime('%H:%M:%S')} {message}", flush=True)


def die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the supervisor's own stop still stops the children


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_crashes: int = 0
    restart_at: float | None = None
    history: list[int] = field(default_factory=list)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, start_new_session=True, preexec_fn=die_with_parent
        )
        self.started_at, self.restart_at = time.monotonic(), None
        self.history.append(self.process.pid)
        log(f"started {self.name} (pid {self.process.pid})")

    def signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)  # the group: the leader and its workers

    def group_alive(self) -> bool:
        if self.process is None:
            return False
        try:
            os.killpg(self.process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def check(self) -> None:
        """Notices an exit: stops what is left of the group and plans the restart."""
        if self.process is None or self.restart_at is not None:
            return
        status = self.process.poll()
        if status is None:
            return
        self.signal_group(signal.SIGKILL)  # orphaned workers of a dead leader
        ran = time.monotonic() - self.started_at
        self.quick_crashes = 0 if ran >= HEALTHY_AFTER else self.quick_crashes + 1
        pause = min(FIRST_PAUSE * 2 ** max(self.quick_crashes - 1, 0), LONGEST_PAUSE)
        self.restart_at = time.monotonic() + pause
        log(
            f"{self.name} (pid {self.process.pid}) exited with status {status} after "
            f"{ran:.0f} s; restarting in {pause:.0f} s"
        )

    def restart_if_due(self) -> bool:
        if self.restart_at is not None and time.monotonic() >= self.restart_at:
            self.start()
            return True
        return False


def answers(host: str, port: int) -> bool:
    """The web server answers an HTTP request (any status: it may not be healthy yet)."""
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/health/", headers={"Host": host})
        connection.getresponse().read()
    except OSError:
        return False
    finally:
        connection.close()
    return True


def demo_logins() -> str:
    found = subprocess.run(
        [PYTHON, "manage.py", "load_demo", "--logins-only"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip()


class Supervisor:
    def __init__(self) -> None:
        self.bind = os.environ.get("BIND", "127.0.0.1:8000")
        host, _, port = self.bind.rpartition(":")
        self.host = "127.0.0.1" if host in {"", "0.0.0.0", "::"} else host.strip("[]")
        self.port = int(port)
        self.web = Child("web server", [str(ROOT / "scripts/serve.sh")])
        self.children = [
            Child("task worker", [PYTHON, "manage.py", "run_tasks", "--interval", "0.5"]),
            Child("alert loop", [PYTHON, "manage.py", "run_sweep"]),
            self.web,
        ]
        self.stopping = False
        self.announced = False
        self.web_answers = False

    def stop(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        logins = demo_logins()
        for child in self.children:
            child.start()
        waiting_since = time.monotonic()
        while not self.stopping:
            for child in self.children:
                child.check()
                if child.restart_if_due() and child is self.web:
                    waiting_since, self.web_answers = time.monotonic(), False
            if not self.web_answers and self.web.restart_at is None:
                self.web_answers = answers(self.host, self.port)
                if self.web_answers:
                    self.announce(logins, time.monotonic() - waiting_since)
            time.sleep(0.2)
        self.stop_all()
        return 0

    def announce(self, logins: str, waited: float) -> None:
        log(f"the web server answers after {waited:.1f} s")
        if self.announced:
            return
        self.announced = True
        print(f"\nRecovery Circle is running at http://{self.host}:{self.port}/", flush=True)
        if logins:
            print(logins, flush=True)
        print("Press Ctrl-C to stop.\n", flush=True)

    def stop_all(self) -> None:
        log("stopping")
        for child in self.children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline and any(c.group_alive() for c in self.children):
            for child in self.children:
                if child.process is not None:
                    child.process.poll()  # reaps the leader
            time.sleep(0.1)
        for child in self.children:
            if child.group_alive():
                log(f"{child.name} did not stop in {STOP_GRACE_SECONDS:.0f} s: killing it")
                child.signal_group(signal.SIGKILL)
            if child.process is not None:
                child.process.wait()
        log("stopped")


if __name__ == "__main__":
    with Terminal():
        status = Supervisor().run()
    sys.exit(status)
