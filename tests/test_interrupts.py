"""Ctrl-C during a run with worker processes: one line and exit 130, never a traceback per worker.

The real command runs in a child process: a signal to its process group is
what Ctrl-C in a terminal sends.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    'The mayor said: "We will rebuild the bridge and the trust of the people who use it." '
    "Engineers said the work had cost more than planned.\n\n"
    '"Nobody will pay more tax for this," the finance officer told reporters on Tuesday.\n'
)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_with_two_workers_is_one_line_and_exit_130(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):  # far more than two workers parse before the interrupt
        (folder / f"{n:03d}.txt").write_text(ARTICLE * 10, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotes", "build", str(folder), "--db", str(tmp_path / "q.db"), "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "it finished before it could be interrupted: " + proc.stderr.read().decode()
        time.sleep(1.0)  # the workers are parsing
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = err.decode()
    assert "Traceback" not in err and "Error" not in err.replace("Error: interrupted", ""), err
    assert err.splitlines() == ["Error: interrupted; nothing was written"]
    assert proc.returncode == 130
    assert not (tmp_path / "q.db").exists()
