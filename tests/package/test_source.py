"""The chapters display the package's own source, with Sphinx roles shown plainly."""
import inspect

import pytest

from nnbook import conv, layers
from nnbook.source import readable, show_source, source_text


def test_roles_are_written_plainly_and_code_is_untouched():
    text = source_text(conv.conv2d_backward_naive)
    assert ":math:`" not in text and ":func:`" not in text
    assert "$\\mathrm{out}_{n,f,i,j}$" in text and "Gradients of conv2d_forward_naive by" in text
    original = inspect.getsource(conv.conv2d_backward_naive)
    code = original[original.index('"""', original.index('"""') + 3) + 3:]   # after the docstring
    assert code in text


def test_readable_handles_each_role_and_multiline_math():
    assert readable(":math:`a\n+ b` and :class:`~nnbook.layers.Linear`, :meth:`Layer.forward`") \
        == "$a\n+ b$ and Linear, Layer.forward"
    assert readable("no roles: `x` and ``y``") == "no roles: `x` and ``y``"


def test_show_source_is_a_python_code_block_of_every_object():
    md = show_source(layers.Linear.forward, layers.Linear.backward)
    assert md.data.startswith("```python\n") and md.data.endswith("```")
    assert "def forward" in md.data and "def backward" in md.data


@pytest.mark.parametrize("bad", [3, "ReLU", None, [layers.ReLU]])
def test_show_source_names_what_it_got(bad):
    with pytest.raises(TypeError, match="functions, classes, methods or modules; got"):
        show_source(bad)
    with pytest.raises(TypeError, match="at least one"):
        show_source()
