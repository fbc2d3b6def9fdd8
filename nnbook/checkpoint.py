"""A model saved to a file on its own and loaded back: weights and the random state of Dropout.

Chapter: Regularization, section "Early stopping and checkpoints".

:meth:`nnbook.training.Trainer.save` writes a whole training run (model, optimizer, epoch);
this module writes only the model, the way ``torch.save(model.state_dict(), path)`` does, so a
trained network can be shipped and used elsewhere::

    save_model(model, "digits.npz")
    model2 = build_model()               # the same architecture, fresh weights
    load_model(model2, "digits.npz")     # now model2 predicts exactly what model did

The file is an ``.npz`` archive (read with ``allow_pickle=False``, so loading one never runs
code): each array of ``model.state_dict()`` under ``"state/<name>"``, everything else (the
state of a Dropout layer's generator) as JSON under ``"json"``, and a marker
``"nnbook_model"`` holding the format version. :func:`load_model` reads and checks the whole
file before it changes the model: a truncated file, a file that is not a model file, another
architecture or a wrong shape raise a ``ValueError`` and leave the model untouched.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping

import numpy as np

from nnbook.layers import Layer

FORMAT = "nnbook-model-1"


def check_path(path, where: str) -> str | os.PathLike:
    """A file name (str or ``os.PathLike``), not a number (``open(3)`` would write to file
    descriptor 3), bytes or anything else."""
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path.strip()):
        raise TypeError(f"{where}: path must be a file name (a str or pathlib.Path), got {path!r} "
                        f"(a {type(path).__name__}); e.g. path='model.npz'")
    if os.path.isdir(path):
        raise ValueError(f"{where}: path {os.fspath(path)!r} is a directory; give a file name "
                         "inside it, e.g. os.path.join(path, 'model.npz')")
    return path


def _state_dict(model: Layer) -> dict:
    """``model.state_dict()`` where the layer tree has one, else the parameter values by name."""
    if hasattr(model, "state_dict"):
        return dict(model.state_dict())
    return {name: p.value for name, p in model.parameters().items()}


def _load_state_dict(model: Layer, state: Mapping) -> None:
    if hasattr(model, "load_state_dict"):
        model.load_state_dict(dict(state))
        return
    for name, p in model.parameters().items():
        p.value[...] = state[name]


def _is_array(value) -> bool:
    return isinstance(value, (np.ndarray, np.number)) or (
        isinstance(value, (int, float)) and not isinstance(value, bool))


def _jsonable(value):
    """Plain JSON types for a generator state (numpy ints and arrays inside become lists/ints)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"save_model: cannot store a {type(value).__name__} from the model's state_dict")


def save_model(model: Layer, path: str | os.PathLike) -> None:
    """Write ``model``'s state (weights, buffers, Dropout generators) to ``path`` (exactly that
    name; no ".npz" is appended). See the module docstring for the format."""
    if not isinstance(model, Layer):
        raise TypeError(f"save_model: model must be a Layer, got {type(model).__name__}")
    path = check_path(path, "save_model")
    state = _state_dict(model)
    arrays = {f"state/{k}": np.asarray(v) for k, v in state.items() if _is_array(v)}
    other = {k: _jsonable(v) for k, v in state.items() if not _is_array(v)}
    arrays["json"] = np.asarray(json.dumps(other))
    arrays["nnbook_model"] = np.asarray(FORMAT)
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def read_model_file(path: str | os.PathLike) -> dict:
    """The state stored in ``path`` by :func:`save_model`, as a dict name -> value.

    Raises FileNotFoundError for a missing file and ValueError for one that is truncated,
    not an ``.npz`` archive, or an archive that :func:`save_model` did not write.
    """
    path = check_path(path, "read_model_file")
    where = f"model file {os.fspath(path)!r}"
    if not os.path.exists(path):
        raise FileNotFoundError(f"{where} does not exist")
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise _NotAModel(f"{where} holds a single array (.npy), not a model saved by save_model")
        with data:
            files = set(data.files)
            if "nnbook_model" not in files:
                what = ("a Trainer checkpoint (load it with Trainer.load)"
                        if any(f.startswith("param/") for f in files) else
                        f"an .npz archive with {sorted(files)[:5]}")
                raise _NotAModel(f"{where} is {what}, not a model saved by save_model")
            version = str(data["nnbook_model"])
            if version != FORMAT:
                raise _NotAModel(f"{where} has format {version!r}; this nnbook reads {FORMAT!r}")
            state = {k[len("state/"):]: data[k] for k in files if k.startswith("state/")}
            other = json.loads(str(data["json"]))
    except _NotAModel as e:
        raise ValueError(str(e)) from None
    except Exception as e:     # noqa: BLE001 - a damaged archive fails in zlib, struct, zipfile...
        raise ValueError(f"{where} cannot be read as a saved model: it is truncated or not a "
                         f"model file ({type(e).__name__}: {e})") from None
    if not isinstance(other, dict):
        raise ValueError(f"{where} is damaged: its JSON part is not a mapping")
    for name, value in state.items():
        if value.dtype.kind not in "biuf":
            raise ValueError(f"{where} is damaged: {name!r} holds {value.dtype} values, not numbers")
    state.update(other)
    return state


class _NotAModel(Exception):
    pass


def check_state(model: Layer, state: Mapping, *, where: str = "state") -> None:
    """Raise ValueError unless ``state`` has exactly the model's entries, arrays of the model's
    shapes (names and shapes of what differs in the message); changes nothing."""
    if not isinstance(model, Layer):
        raise TypeError(f"check_state: model must be a Layer, got {type(model).__name__}")
    if not isinstance(state, Mapping):
        raise TypeError(f"check_state: state must be a dict name -> value, got {type(state).__name__}")
    current = _state_dict(model)
    missing = sorted(current.keys() - state.keys())
    unexpected = sorted(state.keys() - current.keys())
    if missing or unexpected:
        raise ValueError(f"{where} does not fit this model: missing {missing}, unexpected "
                         f"{unexpected}. Was it saved from a different architecture?")
    for name, value in current.items():
        if _is_array(value):
            saved = state[name]
            if not _is_array(saved) or np.shape(saved) != np.shape(value):
                shape = np.shape(saved) if _is_array(saved) else type(saved).__name__
                raise ValueError(f"{where}: {name!r} has shape {shape} in the file but "
                                 f"{np.shape(value)} in the model; was it saved from a different "
                                 "architecture?")
            if not np.all(np.isfinite(saved)) and np.issubdtype(np.asarray(saved).dtype, np.floating):
                raise ValueError(f"{where}: {name!r} contains NaN or infinite values")


def load_model(model: Layer, path: str | os.PathLike) -> Layer:
    """Load what :func:`save_model` wrote into ``model`` (same architecture) and return it.

    Everything is read and checked first; on any error the model is left as it was.
    """
    if not isinstance(model, Layer):
        raise TypeError(f"load_model: model must be a Layer, got {type(model).__name__}")
    path = check_path(path, "load_model")
    state = read_model_file(path)
    where = f"model file {os.fspath(path)!r}"
    check_state(model, state, where=where)
    if hasattr(model, "check_state_dict"):       # dtypes, generator states: the layer tree's checks
        try:
            model.check_state_dict(state)
        except (ValueError, TypeError) as e:
            raise ValueError(f"{where}: {e}") from None
    backup = {k: (np.array(v, copy=True) if _is_array(v) else v)
              for k, v in _state_dict(model).items()}
    try:
        _load_state_dict(model, state)
    except Exception:
        _load_state_dict(model, backup)            # never leave the model half-changed
        raise
    return model
