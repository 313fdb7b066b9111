"""Shared parts of the bench peers: the command line, the thread settings, the MNIST IDX reader, the
BLAS report and the one JSON result line.

numpy is NOT imported at module level: the thread variables must be set before the first import of
numpy (or torch), because OpenBLAS reads them once, when it is loaded.
"""
import argparse
import ctypes
import json
import os
import statistics
import sys
import time

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# variables that change which kernels run or how threads wait, echoed in the result line
ENV_REPORTED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_WAIT_POLICY", "LD_LIBRARY_PATH",
                "ATEN_CPU_CAPABILITY", "NPY_DISABLE_CPU_FEATURES", "DNNL_MAX_CPU_ISA")


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a mistake as one line on stderr (nn-oracle's CLI rule), exit status 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: {message}\n")
        sys.exit(2)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def whole_number(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text}")
    return value


def positive_float(text):
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def parse_args(prog, argv=None):
    """The peers' common flags; the defaults are the bench workload (document 001's network, batch 128,
    lr 0.1, plain SGD)."""
    parser = OneLineParser(prog=prog, description="Train 784-128-64-10 on MNIST and print one JSON line.")
    parser.add_argument("--data", required=True, help="directory holding the four uncompressed MNIST IDX files")
    parser.add_argument("--threads", type=positive_int, default=1, help="BLAS / OpenMP threads (default 1)")
    parser.add_argument("--epochs", type=positive_int, default=3, help="passes over the training set (default 3)")
    parser.add_argument("--limit", type=positive_int, default=None, help="train on the first N images only")
    parser.add_argument("--batch", type=positive_int, default=128, help="mini-batch size (default 128)")
    parser.add_argument("--lr", type=positive_float, default=0.1, help="learning rate (default 0.1)")
    parser.add_argument("--seed", type=whole_number, default=1, help="seed of the weights and shuffles (default 1)")
    return parser.parse_args(argv)


def set_threads(n):
    """Pins every thread pool numpy or torch may use to n threads; call before importing either."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(n)


def fail(message, status=1):
    sys.stderr.write(message + "\n")
    sys.exit(status)


# ------------------------------------------------------------------ MNIST IDX files (numpy only)

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def read_idx(path, np):
    """Reads an uncompressed IDX file of unsigned bytes: magic 0x0000 08 <dims>, big-endian sizes."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        fail(f"Cannot read MNIST file {path}: {e.strerror}")
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8 or raw[3] < 1:
        fail(f"Malformed IDX file {path}: expected magic 00 00 08 <dims> (unsigned bytes)")
    dims = raw[3]
    header = 4 + 4 * dims
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    count = 1
    for size in shape:
        count *= size
    if len(raw) != header + count:
        fail(f"Malformed IDX file {path}: header says {shape} = {count} bytes, body has {len(raw) - header}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def load_mnist(directory, np):
    """Images as float32 N×784 scaled byte/255 (as src/data/mnist.ts does), labels as int64."""
    data = {key: read_idx(os.path.join(directory, name), np) for key, name in MNIST_FILES.items()}
    scale = np.float32(1 / 255)
    out = {}
    for split in ("train", "test"):
        images, labels = data[split + "_images"], data[split + "_labels"]
        if images.ndim != 3 or images.shape[0] != labels.shape[0]:
            fail(f"MNIST {split} set: {images.shape[0]} images but {labels.shape[0]} labels")
        out[split] = (images.reshape(images.shape[0], -1).astype(np.float32) * scale, labels.astype(np.int64))
    return out


# ------------------------------------------------------------------ which BLAS is loaded


def loaded_libraries():
    """Shared objects mapped into this process (Linux /proc/self/maps), deduplicated, in load order."""
    seen = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split(None, 5)
                path = fields[5].strip() if len(fields) == 6 else ""
                if ".so" in path and path not in seen:
                    seen.append(path)
    except OSError:
        pass
    return seen


def is_blas_library(path):
    name = os.path.basename(path).lower()
    return any(key in name for key in ("openblas", "libblas", "libmkl_rt", "libmkl_core", "blis", "libcblas"))


def openblas_by_ctypes(path):
    """Version, kernel (core) and threads of an OpenBLAS build, asked through its own C API; names
    with a prefix/suffix cover the scipy-openblas builds that numpy wheels bundle."""
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    found = {}
    for prefix, suffix in (("openblas_", ""), ("scipy_openblas_", "64_"), ("scipy_openblas_", "")):
        try:
            get_config = getattr(lib, f"{prefix}get_config{suffix}")
            get_corename = getattr(lib, f"{prefix}get_corename{suffix}")
            get_threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
        except AttributeError:
            continue
        get_config.restype = ctypes.c_char_p
        get_corename.restype = ctypes.c_char_p
        config = get_config().decode(errors="replace")
        found = {
            "internal_api": "openblas",
            "version": config.split()[1] if config.startswith("OpenBLAS ") else None,
            "architecture": get_corename().decode(errors="replace"),
            "num_threads": get_threads(),
            "config": config,
        }
        break
    return found or None


def blas_report(build=None):
    """Which BLAS this process really runs: threadpoolctl when importable, else the libraries in
    /proc/self/maps asked through ctypes. `build` is what the package says it was built with."""
    libraries = []
    source = "ctypes"
    try:
        import threadpoolctl  # noqa: PLC0415 — optional

        source = f"threadpoolctl {threadpoolctl.__version__}"
        for info in threadpoolctl.threadpool_info():
            if info.get("user_api") == "blas":
                libraries.append({key: info.get(key) for key in ("internal_api", "version", "architecture",
                                                                  "num_threads", "filepath")})
    except ImportError:
        pass
    known = {os.path.realpath(lib["filepath"]) for lib in libraries if lib.get("filepath")}
    for path in loaded_libraries():
        if not is_blas_library(path) or os.path.realpath(path) in known:
            continue
        info = openblas_by_ctypes(path)
        if info is None:
            # a BLAS without OpenBLAS's API: Debian's reference (netlib) libblas lives in .../blas/
            ref = "/blas/" in path or os.path.basename(path).startswith("libblas.so")
            info = {"internal_api": "reference" if ref else "unknown", "version": None,
                    "architecture": None, "num_threads": 1 if ref else None}
        info["filepath"] = path
        libraries.append(info)
        known.add(os.path.realpath(path))
    summary = summarize(libraries) if libraries else f"no separate BLAS library loaded (build: {build})"
    return {"summary": summary, "source": source, "libraries": libraries, "build": build}


def summarize(libraries):
    """One phrase per implementation: "OpenBLAS 0.3.21 Zen, 1 thread (<paths>)"; Debian's libblas.so.3
    wrapper and the libopenblas.so.0 it loads are one implementation, so they share a phrase."""
    names = {"openblas": "OpenBLAS", "reference": "reference BLAS (netlib)", "mkl": "MKL", "blis": "BLIS"}
    phrases = {}
    for lib in libraries:
        api = lib.get("internal_api")
        words = [names.get(api, api or "unknown BLAS")]
        words += [str(lib[key]) for key in ("version", "architecture") if lib.get(key)]
        threads = lib.get("num_threads")
        text = " ".join(words) + (f", {threads} thread{'' if threads == 1 else 's'}" if threads else "")
        phrases.setdefault(text, []).append(lib.get("filepath") or "?")
    return "; ".join(f"{text} ({', '.join(paths)})" for text, paths in phrases.items())


def numpy_simd():
    """The SIMD levels numpy's own kernels dispatch to in this process, read back from numpy (so that
    NPY_DISABLE_CPU_FEATURES shows): "numpy X86_V3 (baseline X86_V2; off: X86_V4 AVX512_ICL)"."""
    try:
        from numpy._core import _multiarray_umath as umath  # noqa: PLC0415 — numpy >= 2
    except ImportError:
        try:
            from numpy.core import _multiarray_umath as umath  # noqa: PLC0415 — numpy 1.x
        except ImportError:
            return ""
    features = getattr(umath, "__cpu_features__", {})
    dispatch = list(getattr(umath, "__cpu_dispatch__", []))
    on = [t for t in dispatch if features.get(t)]
    off = [t for t in dispatch if not features.get(t)]
    baseline = " ".join(getattr(umath, "__cpu_baseline__", [])) or "none"
    return f"numpy {on[-1] if on else 'baseline only'} (baseline {baseline}; off: {' '.join(off) or 'none'})"


# ------------------------------------------------------------------ epoch timing


def system_busy_seconds():
    """CPU seconds all processes have spent busy since boot (Linux /proc/stat), or None elsewhere."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


class EpochClock:
    """Times epochs, and measures how many cores OTHER processes kept busy meanwhile (machine-wide busy
    time minus this process's CPU time), so that a result taken on a loaded machine says so."""

    def __init__(self):
        self.epoch_seconds = []
        self.other_cores = []

    def start(self):
        self._busy, self._cpu, self._wall = system_busy_seconds(), time.process_time(), time.perf_counter()

    def stop(self):
        wall = time.perf_counter() - self._wall
        cpu = time.process_time() - self._cpu
        busy = system_busy_seconds()
        self.epoch_seconds.append(wall)
        if busy is not None and self._busy is not None:
            self.other_cores.append(max(0.0, (busy - self._busy - cpu) / wall))


# ------------------------------------------------------------------ the result line


def emit(peer, version, blas, threads, clock, samples, test_accuracy, extra=None, simd=""):
    """Prints the one JSON line the bench reads; samples/s is per median epoch; `simd` is the SIMD level
    the package's own kernels run at, as the package reports it."""
    epoch_seconds = clock.epoch_seconds
    median = statistics.median(epoch_seconds)
    result = {
        "peer": peer,
        "version": version,
        "blas": blas,
        "simd": simd,
        "threads": threads,
        "epoch_seconds": [round(s, 6) for s in epoch_seconds],
        "median_epoch_s": round(median, 6),
        "samples_per_s": round(samples / median, 1),
        "samples": samples,
        "other_cores": [round(c, 2) for c in clock.other_cores],
        "test_accuracy": round(float(test_accuracy), 6),
        "python": sys.version.split()[0],
        "env": {name: os.environ.get(name) for name in ENV_REPORTED},
    }
    if extra:
        result.update(extra)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
