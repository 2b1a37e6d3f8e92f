"""A few long-lived worker processes, one job each at a time, each job held to a wall-clock limit.

One thread per slot feeds its worker (``python -m grader.classgrade.worker``) a job and waits
for the answer. A worker that overruns the limit or dies is killed with everything it started
(the sandboxes die with it: ``bwrap --die-with-parent``) and replaced; the job is reported as
failed and the batch goes on.
"""

from __future__ import annotations

import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


class Worker:
    def __init__(self, slot: int, log_dir: Path, env: dict[str, str]):
        self.slot = slot
        self.log_path = log_dir / f"worker-{slot}.log"
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.classgrade.worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                env=self.env, start_new_session=True, bufsize=0,
            )

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None

    def run(self, job: dict, limit: float) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.process.stdin.write((json.dumps(job) + "\n").encode())
        deadline = time.monotonic() + limit
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready = select.select([self.process.stdout], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                self.stop()
                return {"student": job["student"], "ok": False, "issues": [],
                        "error": f"time limit: grading took more than {limit:.0f} s; stopped"}
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                code = self.process.wait()
                self.process = None
                return {"student": job["student"], "ok": False, "issues": [],
                        "error": f"the grading process died (exit code {code}); see {self.log_path}"}
            line += chunk
        return json.loads(line)


def run_jobs(jobs: list[dict], slots: int, limit: float, log_dir: Path, env: dict[str, str]):
    """Yield each job's result as soon as it is ready (completion order)."""
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    done: queue.Queue = queue.Queue()

    def serve(slot: int) -> None:
        worker = Worker(slot, log_dir, env)
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put(worker.run(job, limit))
                except Exception as error:  # a broken pipe to a dead worker, say
                    worker.stop()
                    done.put({"student": job["student"], "ok": False, "issues": [], "error": repr(error)})
        finally:
            worker.stop()

    threads = [threading.Thread(target=serve, args=(slot,), daemon=True) for slot in range(max(1, min(slots, len(jobs))))]
    for thread in threads:
        thread.start()
    for _ in jobs:
        yield done.get()
    for thread in threads:
        thread.join()
