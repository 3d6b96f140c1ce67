"""Limits on what a template may compute: its time and memory, and the formats it may pad with.

One budget (time by an alarm signal, memory by the address-space limit) is put
around everything that evaluates a template, compiling included; the format
checks refuse a padding width that would make an enormous string before it is made.
"""

from __future__ import annotations

import re
import signal
import string
import threading
import time
from contextlib import contextmanager

from jinja2.sandbox import SecurityError

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

from .i18n import _

# The widest field a format ('%5d', '{:>10}', |format) may pad a value to.
MAX_FORMAT_WIDTH = 1000
# `%[(name)][flags][width][.precision]`: the fields of printf-style formatting.
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_NUMBERS = re.compile(r"\d+")


def _check_width(width: str | None) -> None:
    if width == "*":
        raise SecurityError(_("a '*' width in a format is not allowed; write the width as a number"))
    if width and (len(width) > 9 or int(width) > MAX_FORMAT_WIDTH):
        raise SecurityError(
            _("a format pads to {width} characters, more than the {limit} allowed").format(
                width=width if len(width) <= 20 else width[:20] + "…", limit=MAX_FORMAT_WIDTH
            )
        )


def check_percent_format(text: str) -> None:
    """Refuse a printf-style format ('%999999999d') whose width or precision is too large."""
    if "%" not in text:
        return
    for match in _PERCENT_FIELD.finditer(text):
        _check_width(match.group(1))
        _check_width(match.group(2))


def check_brace_format(text: str) -> None:
    """Refuse a str.format format ('{:999999999}') whose width or precision is too large."""
    for _literal, _name, spec, _conversion in string.Formatter().parse(text):
        for number in _SPEC_NUMBERS.findall(spec or ""):
            _check_width(number)
        if spec and "{" in spec:
            raise SecurityError(_("a nested field in a format spec is not allowed"))


class RenderTimeout(BaseException):
    """Raised by the alarm signal inside a render that took too long.

    A BaseException, so that no handler inside Jinja or the filters swallows it.
    """


@contextmanager
def render_bounds(seconds: float, memory: int):
    """Interrupt the enclosed code after `seconds` and cap its memory, where the OS allows.

    A loop that prints nothing never hands control back between pieces of output,
    so time is bounded by an alarm signal (POSIX, main thread); memory by lowering
    the address-space limit for the duration. Elsewhere only the checks between
    pieces of output apply.
    """
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:

        def _on_alarm(signum, frame):
            raise RenderTimeout()

        started = time.monotonic()
        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    previous_limit = _lower_memory_limit(memory)
    try:
        yield
    finally:
        if previous_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous_limit)
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_timer[0] > 0:  # someone else's alarm was pending: give back its remaining time
                remaining = max(previous_timer[0] - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, remaining, previous_timer[1])


def _lower_memory_limit(extra: int):
    """Limit the address space to its current size plus `extra`; return the old limit, or None."""
    # The limit is per process, but other threads (a worker's result queue) allocate
    # little; only a template that is already blowing up can reach it.
    if resource is None:
        return None
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = size + extra
        if soft != resource.RLIM_INFINITY and soft <= wanted:
            return None
        if hard != resource.RLIM_INFINITY and hard < wanted:
            return None
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
        return soft, hard
    except (OSError, ValueError, StopIteration):
        return None
