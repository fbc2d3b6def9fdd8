"""The sealed worker's two sides below the grader: a supervisor and one process per call.

The grader starts the supervisor (``python -m nnbook.grading.sandbox``) in a session of its own.
The supervisor never runs student code: it imports numpy, nnbook and the grading tasks once, and
for every call forks a child that

1. drops to an unprivileged user when it runs as root (``nnbook-student`` if it exists, else
   ``nobody``), so the student's code can read neither the solutions nor the results;
2. where the kernel allows (Linux user namespaces), enters new user, mount, PID, network and IPC
   namespaces: the whole file system becomes read-only, the grader's package, the fixtures, the
   solutions and the results directory are covered by empty mounts, ``/tmp`` is a small private
   tmpfs, there is no network, and no process outside is visible or can be signalled; the mounts
   are then locked by a second user namespace;
3. forks the process that runs the call (PID 1 of its namespace: when it ends, the kernel kills
   everything it started), with limits on CPU time, memory, processes, open files and file size.

That process imports the student's module (from source text the supervisor read), runs one task
and writes back one reply in :mod:`~nnbook.grading.codec`'s plain format. After every call the
supervisor kills every process below it, including children that changed session or process
group (it is their child subreaper), before it answers the grader. Without user namespaces
(e.g. some containers) steps 1 and 3 still hold.
"""
from __future__ import annotations

import contextlib
import ctypes
import io
import math
import os
import resource
import select
import signal
import struct
import sys
import time
import traceback
import types

import numpy as np

from nnbook.grading import codec, tasks

PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
CLONE_NEWNET, CLONE_NEWIPC = 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 4096, 16384, 1 << 18
SYS_MOUNT_SETATTR = {"x86_64": 442, "aarch64": 442}.get(os.uname().machine)
MAX_REPLY = codec.MAX_REPLY          # bytes a call's reply may have, refused before it is read
POLL = 0.05                          # seconds between two looks at the memory of a call's processes

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


# --- framing: 8-byte length, then the bytes -------------------------------------------------------

def write_frame(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def read_exact(fd: int, n: int, deadline: float | None) -> bytes | None:
    """``n`` bytes from ``fd``, or None at EOF or when ``deadline`` (time.monotonic) passes."""
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None, limit: int = MAX_REPLY) -> bytes | None:
    head = read_exact(fd, 8, deadline)
    if head is None:
        return None
    (n,) = struct.unpack("<Q", head)
    if n > limit:
        return None
    return read_exact(fd, n, deadline)


# --- the supervisor -----------------------------------------------------------------------------

def _children(of: int) -> list[int]:
    kids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == of:
            kids.append(int(name))
    return kids


def kill_everything_below(me: int) -> None:
    """SIGKILL and reap every descendant (orphans are reparented to us: we are their subreaper)."""
    while True:
        kids = _children(me)
        if not kids:
            break
        for pid in kids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in kids:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def _unprivileged_ids(config: dict) -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    import pwd
    for name in (config.get("user"), "nnbook-student", "nobody"):
        if not name:
            continue
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    return 65534, 65534


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _open_import_roots() -> dict[str, int]:
    """A descriptor of every directory imports come from (``sys.path``), opened while they are
    still reachable: before the call drops to the unprivileged user (the interpreter may live in a
    home directory that user cannot read) and before ``/tmp`` is covered (a checkout or a virtual
    environment under ``/tmp``)."""
    fds = {}
    for path in dict.fromkeys(p for p in sys.path if p):
        with contextlib.suppress(OSError):
            fds[os.path.abspath(path)] = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    return fds


def _reopen_reachable(fds: dict[str, int]) -> None:
    """Replace the descriptors of import roots the call's user reaches by name by ones opened now,
    inside the new mount namespace, so that the hidden paths stay hidden through them too."""
    for path, fd in list(fds.items()):
        if os.access(path, os.R_OK | os.X_OK):
            with contextlib.suppress(OSError):
                fds[path] = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
                os.close(fd)


def _reach_import_roots(fds: dict[str, int]) -> None:
    """Imports from a root the call cannot reach by name go through its descriptor
    (``/proc/self/fd/N``): ``sys.path`` and the ``__path__`` of every package already imported,
    so that a lazily imported submodule (``numpy.ma``, ``fractions``) is found wherever the
    interpreter, the environment and the checkout live. Nothing is preloaded to make up for it."""
    moved = {}
    for path, fd in fds.items():
        if os.access(path, os.R_OK | os.X_OK):
            os.close(fd)
        else:
            moved[path] = f"/proc/self/fd/{fd}"
    if not moved:
        return
    roots = sorted(moved, key=len, reverse=True)

    def move(entry: str) -> str:
        full = os.path.abspath(entry)
        for root in roots:
            if full == root or full.startswith(root + os.sep):
                return moved[root] + full[len(root):]
        return entry

    sys.path[:] = [move(p) if p else p for p in sys.path]
    for module in list(sys.modules.values()):
        paths = getattr(module, "__path__", None)
        if type(paths) is list:
            with contextlib.suppress(AttributeError, TypeError):
                module.__path__ = [move(p) for p in paths]
    sys.path_importer_cache.clear()


def _enter_namespaces(config: dict, roots: dict[str, int]) -> None:
    """Steps 2 of the module docstring; raises OSError where the kernel refuses."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC
    if config.get("no_network", True):
        flags |= CLONE_NEWNET
    _check(_libc.unshare(flags), "unshare")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"0 {uid} 1")
    _write("/proc/self/gid_map", f"0 {gid} 1")
    mount = _libc.mount
    mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    _check(mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "making mounts private")
    hidden = []
    for path in config.get("hide", []):
        if os.path.isdir(path):
            if mount(b"tmpfs", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,mode=000") == 0:
                hidden.append(path)
        elif os.path.exists(path):
            if mount(b"/dev/null", path.encode(), None, MS_BIND, None) == 0:
                hidden.append(path)
    if SYS_MOUNT_SETATTR is not None:
        attr = struct.pack("<QQQQ", 1, 0, 0, 0)             # MOUNT_ATTR_RDONLY
        buf = ctypes.create_string_buffer(attr)
        _libc.syscall.restype = ctypes.c_long
        _check(_libc.syscall(ctypes.c_long(SYS_MOUNT_SETATTR), ctypes.c_int(-100), b"/",
                             ctypes.c_uint(0x8000), buf, ctypes.c_size_t(32)), "read-only mounts")
    _reopen_reachable(roots)
    mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, b"size=32m,mode=1777")
    # A second user namespace locks the mounts above: they cannot be undone from inside.
    # (/proc is read-only by now, so no ids are mapped in it: the code sees uid 65534.)
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "locking the mounts")


def _processes_of(uid: int) -> int:
    count = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{name}").st_uid == uid:
                    count += 1
    return count


PROCESSES = 64                       # processes a call may start (beyond those its user already has)


def _limit_processes() -> None:
    """RLIMIT_NPROC for the call's user, set before the call enters its user namespace: the kernel
    counts a user's processes in every namespace against the limit in force when the namespace was
    made, so the call's whole tree stays within it however it forks."""
    value = _processes_of(os.getuid()) + PROCESSES
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NPROC, (value, value))


def _limits(config: dict) -> None:
    cpu = int(math.ceil(config["timeout"])) + 1
    for limit, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, config["memory"]),
                         (resource.RLIMIT_FSIZE, 16 * 2 ** 20), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NOFILE, 256)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


def _student_frame(tb_text: str, filename: str) -> str:
    lines = [line.strip() for line in tb_text.splitlines() if filename in line]
    return lines[-1] if lines else ""


def _arrays(value, path="") -> list:
    if type(value) is np.ndarray:
        return [value]
    if isinstance(value, codec.Strided):
        return []
    if type(value) in (list, tuple):
        return [a for v in value for a in _arrays(v)]
    if type(value) is dict:
        return [a for v in value.values() for a in _arrays(v)]
    return []


def _in_shared_memory(a: np.ndarray) -> np.ndarray:
    """A copy of ``a`` in anonymous memory shared between the supervisor and the call it forks."""
    import mmap
    buffer = mmap.mmap(-1, max(1, a.nbytes))
    out = np.ndarray(a.shape, a.dtype, buffer=buffer)
    out[...] = a
    return out


def shared_inputs(value):
    """``value`` with every array in memory the supervisor shares with the call: what the call
    does to its inputs, the supervisor reads there after the call has ended, however the call's
    process lies about itself. A :class:`~codec.Strided` argument stays a non-contiguous view."""
    if isinstance(value, codec.Strided):
        view = value.materialise()
        if view.base is None:
            return _in_shared_memory(view)
        return _in_shared_memory(view.base)[..., ::2]
    if type(value) is np.ndarray:
        return _in_shared_memory(value)
    if type(value) in (list, tuple):
        return type(value)(shared_inputs(v) for v in value)
    if type(value) is dict:
        return {k: shared_inputs(v) for k, v in value.items()}
    return value


def _materialise(value):
    if isinstance(value, codec.Strided):
        return value.materialise()
    if type(value) in (list, tuple):
        return type(value)(_materialise(v) for v in value)
    if type(value) is dict:
        return {k: _materialise(v) for k, v in value.items()}
    return value


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except BaseException:                                # noqa: BLE001
        return "(its message could not be read)"


def _run_call(fd: int, config: dict, request: dict) -> None:
    """In the call's own process: import the module, run the task, write one reply."""
    stdout = io.StringIO()
    path = config["path"]
    reply: dict = {}
    try:
        os.setsid()
    except OSError:
        pass
    _limits(config)
    module = types.ModuleType(config["module_name"])
    module.__file__ = path
    sys.modules[config["module_name"]] = module
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(config["source"], path, "exec"), module.__dict__)
    except BaseException as exc:                         # noqa: BLE001 - report anything
        reply = {"status": "import_error", "error_type": type(exc).__name__, "message": _safe_str(exc),
                 "where": _student_frame(traceback.format_exc(), os.path.basename(path))}
    else:
        name = request["task"]
        args = _materialise(request["args"])
        try:
            if name == "import":
                result = None
            elif ":" in name:
                chapter, function = name.split(":")
                result = getattr(sys.modules[f"nnbook.grading.chapters.{chapter}.tasks"], function)(module, *args)
            else:
                with contextlib.redirect_stdout(stdout):
                    result = tasks.TASKS[name](module, *args)
            reply = {"status": "ok", "value": np.frombuffer(codec.encode(result), dtype=np.uint8)}
        except BaseException as exc:                     # noqa: BLE001 - SystemExit included
            reply = {"status": "error", "error_type": type(exc).__name__, "message": _safe_str(exc),
                     "where": _student_frame(traceback.format_exc(), os.path.basename(path))}
    reply["stdout"] = stdout.getvalue()[-2000:]
    data = codec.encode(reply, strings=True)
    if len(data) > MAX_REPLY:
        data = codec.encode({"status": "error", "error_type": "ValueError", "where": "",
                             "message": f"the result is {len(data) / 2 ** 20:.0f} MB, more than the "
                                        f"grader accepts ({MAX_REPLY // 2 ** 20} MB)"}, strings=True)
    write_frame(fd, data)


def _call_child(fd: int, config: dict, request: dict) -> None:
    """The forked child of the supervisor (never returns)."""
    try:
        keep = {fd}
        devnull = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(devnull, target)
        for n in range(3, 1024):
            if n not in keep:
                with contextlib.suppress(OSError):
                    os.close(n)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        for folder in config.get("sys_path", []):
            sys.path.insert(0, folder)
        roots = _open_import_roots()
        ids = _unprivileged_ids(config)
        if ids is not None:
            os.setgroups([])
            os.setgid(ids[1])
            os.setuid(ids[0])
            _libc.prctl(4, 1, 0, 0, 0)                   # PR_SET_DUMPABLE: own /proc/self again
        _limit_processes()
        if config.get("isolation", "auto") != "basic":
            try:
                _enter_namespaces(config, roots)
            except OSError:
                if config.get("isolation") == "namespaces":
                    os._exit(71)
        _reach_import_roots(roots)
        pid = os.fork()
        if pid == 0:
            try:
                _run_call(fd, config, request)
            except BaseException:                        # noqa: BLE001 - a bug of the sandbox
                os._exit(70)
            os._exit(0)
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            os._exit(128 + os.WTERMSIG(status))
        os._exit(os.WEXITSTATUS(status))
    except BaseException:                                # noqa: BLE001
        os._exit(70)


def _memory_below(me: int) -> int:
    """Resident bytes of every process below the supervisor (the call's whole tree: orphans are
    reparented to it, its subreaper)."""
    parent, rss = {}, {}
    page = os.sysconf("SC_PAGE_SIZE")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        pid = int(name)
        parent[pid], rss[pid] = int(fields[1]), int(fields[21]) * page
    total = 0
    for pid in rss:
        p, seen = parent.get(pid), 0
        while p and p != me and seen < 64:
            p, seen = parent.get(p), seen + 1
        if p == me:
            total += rss[pid]
    return total


def await_reply(fd: int, deadline: float, me: int, memory: int) -> tuple[bytearray | None, str]:
    """The call's reply and "", or None and why not: "timeout", "ended" (no reply), "too_large"
    (a length above :data:`MAX_REPLY`, refused before anything is read) or "memory" (the call's
    processes together hold more than ``memory`` bytes). The memory is looked at every
    :data:`POLL` seconds while the reply is awaited."""
    head, body, got, look = b"", None, 0, 0.0
    while True:
        now = time.monotonic()
        if now >= deadline:
            return None, "timeout"
        if now >= look:
            if _memory_below(me) > memory:
                return None, "memory"
            look = now + POLL
        if not select.select([fd], [], [], max(0.0, min(deadline, look) - now))[0]:
            continue
        if body is None:
            chunk = os.read(fd, 8 - len(head))
            if not chunk:
                return None, "ended"
            head += chunk
            if len(head) == 8:
                (n,) = struct.unpack("<Q", head)
                if n > MAX_REPLY:
                    return None, "too_large"
                body = bytearray(n)
                view = memoryview(body)
        else:
            k = os.readv(fd, [view[got:got + (1 << 20)]]) if got < len(body) else 0
            if k == 0 and got < len(body):
                return None, "ended"
            got += k
        if body is not None and got == len(body):
            return body, ""


def serve(inp: int, out: int) -> None:
    _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    me = os.getpid()
    config: dict = {}
    while True:
        frame = read_frame(inp)
        if frame is None:
            return
        try:
            request = codec.decode(frame, strings=True)
        except codec.DecodeError:
            return
        if request.get("op") == "config":
            config = request
            write_frame(out, codec.encode({"status": "configured"}, strings=True))
            continue
        if request.get("watch"):
            request = {**request, "args": shared_inputs(request["args"])}
        r, w = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _call_child(w, config, request)
        os.close(w)
        seconds = min(float(request.get("timeout", config["timeout"])), config["timeout"])
        data, why = await_reply(r, start + seconds, me, config["memory"])
        elapsed = time.monotonic() - start
        # The reply (or the deadline) is in: nothing of the call may outlive it.
        os.close(r)
        code = None
        if why == "ended":                                      # ended without a reply
            for _ in range(500):
                with contextlib.suppress(ChildProcessError):
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        code = os.waitstatus_to_exitcode(status)
                        break
                time.sleep(0.002)
        kill_everything_below(me)
        if data is not None:
            # The reply follows its header as a frame of its own, then the inputs as the call left
            # them (read here, from the shared memory, after the call's processes are gone).
            after = _arrays(request["args"]) if request.get("watch") else []
            write_frame(out, codec.encode({"status": "reply"}, strings=True))
            write_frame(out, data)
            write_frame(out, codec.encode([np.array(a) for a in after]))
            del data
            continue
        if why in ("memory", "too_large"):
            answer = {"status": why, "limit": int(config["memory"] if why == "memory" else MAX_REPLY)}
        elif why == "timeout" or code is None:
            answer = {"status": "timeout", "seconds": elapsed}
        else:
            answer = {"status": "crash", "code": int(code), "seconds": elapsed}
        write_frame(out, codec.encode(answer, strings=True))


def main() -> None:
    import importlib

    import nnbook  # noqa: F401 - imported once here, so that every call starts with it
    from nnbook.grading.discover import chapters
    for name in chapters():
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"nnbook.grading.chapters.{name}.tasks")
    inp, out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)                                        # stray prints never reach the grader's pipe
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _bound_own_memory()
    serve(inp, out)


def _bound_own_memory() -> None:
    """The supervisor's own address space: what it has now plus room for one reply (read once,
    into one buffer) and its bookkeeping. Only the soft limit: each call raises its own."""
    with open("/proc/self/statm") as f:
        size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    value = size + 2 * MAX_REPLY + 256 * 2 ** 20
    if hard == resource.RLIM_INFINITY or value < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (value, hard))


if __name__ == "__main__":
    main()
