"""The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/).

A header of two zero bytes, a type code, the number of dimensions ``ndim``, and each dimension
as a big-endian 32-bit integer; then the data, big-endian, row-major. A gzipped file (the way
MNIST is distributed) is recognised by its first two bytes and unzipped on the fly.
"""
from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"


def parse_idx(data: bytes, name: str = "IDX data") -> np.ndarray:
    """The array stored in ``data`` (the bytes of an uncompressed IDX file), in native byte order."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in TYPES:
        raise ValueError(f"{name} is not an IDX file: it starts with {bytes(data[:4])!r}, expected two "
                         f"zero bytes, a type code (one of {', '.join(f'{k:#04x}' for k in TYPES)}) "
                         "and the number of dimensions")
    dtype, ndim = np.dtype(TYPES[data[2]]), data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{name} is truncated: its header needs {header} bytes, the file has {len(data)}")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected, actual = int(np.prod(shape)) * dtype.itemsize, len(data) - header
    if actual != expected:
        problem = "truncated" if actual < expected else "followed by extra bytes"
        raise ValueError(f"{name} is {problem}: a {dtype.newbyteorder('=')} array of shape {shape} "
                         f"expected {expected} bytes of data, the file has {actual}")
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def read_idx(source: str | Path | BinaryIO) -> np.ndarray:
    """Read an IDX file (a path or a binary file object), gzipped or not.

    Returns the stored array in native byte order, e.g. (N, 28, 28) uint8 for MNIST images
    and (N,) uint8 for MNIST labels.
    """
    name = getattr(source, "name", None) or "IDX data"
    try:
        if hasattr(source, "read"):
            data = source.read()
        else:
            name = str(source)
            data = Path(source).read_bytes()
        if data[:2] == GZIP_MAGIC:
            data = gzip.decompress(data)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ValueError(f"{name} is a damaged gzip file ({exc}); delete it and download it again") from None
    return parse_idx(data, str(name))


def write_idx(path: str | Path, array: np.ndarray) -> None:
    """Write ``array`` as an IDX file (gzipped if the name ends in ``.gz``); used by the tests."""
    array = np.asarray(array)
    codes = {np.dtype(v).newbyteorder("=").str: k for k, v in TYPES.items()}
    key = array.dtype.newbyteorder("=").str
    if key not in codes:
        raise ValueError(f"IDX stores uint8, int8, int16, int32, float32 or float64, got {array.dtype}")
    code = codes[key]
    data = (bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
            + array.astype(np.dtype(TYPES[code])).tobytes())
    path = Path(path)
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
