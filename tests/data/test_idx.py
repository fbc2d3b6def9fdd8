"""The IDX format: round trips for every type code, gzip by content, clear errors."""
import gzip
import io

import numpy as np
import pytest

from nnbook.data.idx import parse_idx, read_idx, write_idx


@pytest.mark.parametrize("dtype, code", [(np.uint8, 0x08), (np.int8, 0x09), (np.int16, 0x0B),
                                         (np.int32, 0x0C), (np.float32, 0x0D), (np.float64, 0x0E)])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_round_trip_of_every_type(tmp_path, dtype, code, suffix):
    a = (np.arange(24) - 5).reshape(2, 3, 4).astype(dtype)
    path = tmp_path / f"a.idx{suffix}"
    write_idx(path, a)
    raw = path.read_bytes()
    header = gzip.decompress(raw)[:16] if suffix else raw[:16]
    assert header == bytes([0, 0, code, 3]) + b"\x00\x00\x00\x02" + b"\x00\x00\x00\x03" + b"\x00\x00\x00\x04"
    b = read_idx(path)
    assert b.dtype == np.dtype(dtype) and b.dtype.isnative and np.array_equal(a, b)


def test_the_data_is_big_endian():
    values = (258).to_bytes(2, "big") + (-2).to_bytes(2, "big", signed=True)
    data = bytes([0, 0, 0x0B, 1]) + (2).to_bytes(4, "big") + values
    np.testing.assert_array_equal(parse_idx(data), [258, -2])


def test_file_objects_and_gzip_recognised_by_content(tmp_path):
    a = np.arange(6, dtype=np.uint8).reshape(2, 3)
    write_idx(tmp_path / "a.gz", a)
    np.testing.assert_array_equal(read_idx(io.BytesIO((tmp_path / "a.gz").read_bytes())), a)
    (tmp_path / "renamed").write_bytes((tmp_path / "a.gz").read_bytes())        # gzipped, no .gz
    np.testing.assert_array_equal(read_idx(tmp_path / "renamed"), a)
    write_idx(tmp_path / "plain", a)
    with open(tmp_path / "plain", "rb") as f:
        np.testing.assert_array_equal(read_idx(f), a)


def test_a_bad_magic_number_is_named():
    with pytest.raises(ValueError, match=r"is not an IDX file: it starts with b'\\x01\\x02\\x08\\x01', "
                                         "expected two zero bytes, a type code"):
        parse_idx(b"\x01\x02\x08\x01")
    with pytest.raises(ValueError, match="not an IDX file"):
        parse_idx(bytes([0, 0, 0x42, 1]))                                  # unknown type code
    with pytest.raises(ValueError, match="not an IDX file"):
        parse_idx(b"")


def test_truncated_files_say_how_many_bytes_were_expected(tmp_path):
    good = bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big") + bytes(10)
    assert parse_idx(good).shape == (10,)
    with pytest.raises(ValueError, match=r"IDX data is truncated: a uint8 array of shape \(10,\) "
                                         "expected 10 bytes of data, the file has 7"):
        parse_idx(good[:-3])
    with pytest.raises(ValueError, match="followed by extra bytes"):
        parse_idx(good + b"\0")
    with pytest.raises(ValueError, match="its header needs 8 bytes, the file has 6"):
        parse_idx(good[:6])
    images = bytes([0, 0, 8, 3]) + b"".join(n.to_bytes(4, "big") for n in (10000, 28, 28)) + bytes(123)
    (tmp_path / "images").write_bytes(images)
    with pytest.raises(ValueError, match=r"images is truncated: .* shape \(10000, 28, 28\) expected 7840000 "
                                         "bytes of data, the file has 123"):
        read_idx(tmp_path / "images")


def test_a_damaged_gzip_file_is_named(tmp_path):
    write_idx(tmp_path / "a.gz", np.arange(1000, dtype=np.int32))
    (tmp_path / "cut.gz").write_bytes((tmp_path / "a.gz").read_bytes()[:40])
    with pytest.raises(ValueError, match="cut.gz is a damaged gzip file"):
        read_idx(tmp_path / "cut.gz")


def test_write_idx_refuses_types_it_cannot_store(tmp_path):
    with pytest.raises(ValueError, match="IDX stores uint8, int8, int16, int32, float32 or float64, got int64"):
        write_idx(tmp_path / "a", np.arange(3, dtype=np.int64))
