"""An exclusive `flock` with a deadline.

`flock` itself waits without limit, and nothing can interrupt a thread blocked in it (a signal
reaches only the main thread). The uncontended case, almost every write, takes the lock at once
without blocking. A contended one waits in a helper thread while the caller waits on an event
with the deadline, so a waiting writer is still woken the moment the lock is released. On
timeout the helper is left to finish alone: it owns the file descriptor from then on, releases
the lock at once should it ever get it, and closes the descriptor.
"""

from __future__ import annotations

import fcntl
import os
import threading


def take(fd: int, timeout: float) -> bool:
    """Takes the exclusive lock on `fd` within `timeout` seconds. False when it could not; then
    `fd` belongs to the waiting helper, and the caller must not use or close it again."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    waiter = Waiter(fd)
    waiter.start()
    if waiter.acquired.wait(timeout):
        return True
    return not waiter.abandon()


def release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)


class Waiter(threading.Thread):
    def __init__(self, fd: int) -> None:
        super().__init__(name="sqlite-write-lock-waiter", daemon=True)
        self.fd = fd
        self.acquired = threading.Event()
        self.abandoned = False
        self.decided = threading.Lock()

    def run(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        with self.decided:
            if not self.abandoned:
                self.acquired.set()
                return
        # The caller gave up waiting: give the lock back, and the descriptor left to us.
        release(self.fd)
        os.close(self.fd)

    def abandon(self) -> bool:
        """True when the caller gives up; False when the lock was taken in the meantime."""
        with self.decided:
            if self.acquired.is_set():
                return False
            self.abandoned = True
            return True
