"""Sign-in throttling: after repeated failures for one user name or one client address, refuse
further attempts for a while without even checking the password (guessing gets slow)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_FAILURES = 5  # per user name
MAX_FAILURES_PER_ADDRESS = 20  # per client address: slows password spraying across many names
WINDOW_SECONDS = 300.0
LOCKOUT_SECONDS = 300.0
MAX_KEYS = 100_000  # bound the memory an attacker can make us spend


@dataclass
class SignInThrottle:
    """Failures per key (``user:<name>`` or ``ip:<address>``) within a sliding window; thread-safe."""

    max_failures: int = MAX_FAILURES
    max_failures_per_address: int = MAX_FAILURES_PER_ADDRESS
    window: float = WINDOW_SECONDS
    lockout: float = LOCKOUT_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, *keys: str) -> float:
        """Seconds until any of these keys may try again (0 when none is locked)."""
        now = self.clock()
        with self._lock:
            return max((max(0.0, self._locked_until.get(key, 0.0) - now) for key in keys), default=0.0)

    def failed(self, *keys: str) -> None:
        """Record a failed sign-in for each key; lock a key that reached the limit within the window."""
        now = self.clock()
        with self._lock:
            if len(self._failures) > MAX_KEYS:
                self._failures.clear()
            for key in keys:
                recent = [t for t in self._failures.get(key, []) if now - t < self.window]
                recent.append(now)
                self._failures[key] = recent
                limit = self.max_failures_per_address if key.startswith("ip:") else self.max_failures
                if len(recent) >= limit:
                    self._locked_until[key] = now + self.lockout
                    self._failures[key] = []

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
                self._locked_until.pop(key, None)
