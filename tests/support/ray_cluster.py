"""A local Ray cluster for the tests: a head node and worker nodes on 127.0.0.1.

Each node is `ray start --block` in a process group of its own, so that a test can kill one
node with everything it runs (its raylet, its workers and actors) and the finalizer stops
exactly what was started, never another Ray on the machine (no `ray stop`). HOME, TMPDIR,
RAY_TMPDIR and the XDG folders point into a temporary folder: nothing is written under the
real home directory. The temporary folder is short (/tmp/rayXXXX): Ray's socket paths must
fit in 107 characters.
"""

from __future__ import annotations

import builtins
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support import ROOT

NEEDS_RAY = "Ray is not installed (pip install diplotm[ray])"


def hide_ray(monkeypatch: Any) -> None:
    """Make `import ray` fail for the rest of a test, as on a machine without the extra."""
    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)


def have_ray() -> bool:
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ray_command() -> list[str]:
    found = Path(sys.executable).with_name("ray")
    return [str(found)] if found.exists() else [sys.executable, "-m", "ray.scripts.scripts"]


class LocalCluster:
    """`ray start --head` plus worker nodes, one CPU each, on 127.0.0.1."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
        self.home = self.root / "home"
        self.home.mkdir()
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "TMPDIR": str(self.root),
            "RAY_TMPDIR": str(self.root),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "RAY_USAGE_STATS_ENABLED": "0",
            "RAY_DEDUP_LOGS": "0",
            # The workers import tm and glossary from this checkout, as an installed
            # diplotm[ray] on every node of a real cluster.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        }
        self.nodes: list[subprocess.Popen[bytes]] = []

    def _start(self, *args: str, cpus: int = 1) -> subprocess.Popen[bytes]:
        log = open(self.root / f"node{len(self.nodes)}.log", "wb")  # noqa: SIM115 - closed with the process
        node = subprocess.Popen(
            [
                *_ray_command(),
                "start",
                "--block",
                f"--num-cpus={cpus}",
                "--num-gpus=0",
                "--node-ip-address=127.0.0.1",
                # Every node of one machine needs ports of its own: Ray's defaults (the
                # dashboard agent's 52365, …) let only one node per machine start.
                f"--dashboard-agent-listen-port={_free_port()}",
                f"--dashboard-agent-grpc-port={_free_port()}",
                f"--runtime-env-agent-port={_free_port()}",
                f"--metrics-export-port={_free_port()}",
                *args,
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: killed as one
        )
        self.nodes.append(node)
        return node

    def start(self, workers: int = 1, timeout: float = 90.0, head_cpus: int = 1) -> LocalCluster:
        """The head (`head_cpus` CPUs: 0 keeps actors off it, as bench/ray_scale.py wants) and
        `workers` worker nodes of one CPU each."""
        self._start(
            "--head", f"--port={self.port}", "--include-dashboard=false", f"--temp-dir={self.root / 'ray'}", cpus=head_cpus
        )
        self._wait(1, timeout)
        for _ in range(workers):  # one at a time: nodes starting together can time out
            self._start(f"--address={self.address}")
            self._wait(len(self.nodes), timeout)
        return self

    def restore(self, timeout: float = 90.0) -> LocalCluster:
        """Start a worker node again for each one killed, so every test gets the same cluster."""
        dead = [i for i, node in enumerate(self.nodes) if i and node.poll() is not None]
        for index in dead:
            self.nodes[index] = self._start(f"--address={self.address}")
            self.nodes.pop()  # `_start` appended it; it takes the dead one's place
        if dead:
            self._wait(len(self.nodes), timeout)
        return self

    def alive_nodes(self) -> int:
        """Nodes the cluster counts alive (asked in a subprocess: this one stays unconnected)."""
        code = "import ray; ray.init(address=%r, logging_level='ERROR'); print(sum(n['Alive'] for n in ray.nodes()))"
        done = subprocess.run(
            [sys.executable, "-c", code % self.address], env=self.env, capture_output=True, text=True, timeout=60
        )
        lines = done.stdout.strip().splitlines()
        return int(lines[-1]) if done.returncode == 0 and lines and lines[-1].isdigit() else 0

    def _wait(self, nodes: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(node.poll() is not None for node in self.nodes):
                raise RuntimeError(f"a Ray node exited: {self.log()}")
            if self.alive_nodes() >= nodes:
                return
            time.sleep(0.5)
        raise RuntimeError(f"the Ray cluster did not reach {nodes} nodes in {timeout:.0f} s: {self.log()}")

    def log(self) -> str:
        return " | ".join((p.read_text(errors="replace")[-500:]) for p in sorted(self.root.glob("node*.log")))

    def kill_node(self, index: int) -> None:
        """SIGKILL a node's process group: its raylet and every worker and actor on it."""
        node = self.nodes[index]
        try:
            os.killpg(node.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        node.wait(timeout=30)

    def stop(self) -> None:
        """Stop what this cluster started, workers first, then the head; remove its folder."""
        for index in reversed(range(len(self.nodes))):
            node = self.nodes[index]
            if node.poll() is None:
                try:
                    os.killpg(node.pid, signal.SIGTERM)
                    node.wait(timeout=5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill_node(index)
            # Processes of the group that outlived its leader (workers, the GCS).
            try:
                os.killpg(node.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
