"""The chapters display the package's own source: docstrings' math typeset, literals as code."""
import html
import inspect
import re
import textwrap

import pytest

from nnbook import conv, gradcheck, layers, regularizers
from nnbook.source import docstring_html, readable, show_source, source_text


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


def test_show_source_is_a_python_listing_of_every_object():
    listing = show_source(layers.Linear.forward, layers.Linear.backward)
    page = listing._repr_html_()
    assert page.startswith('<div class="highlight-python notranslate">') and "nnbook-source" in page
    assert "<pre" not in page   # MathJax would not typeset the docstrings' math inside a <pre>
    assert 'class="nnbook-source" tabindex="0"' in page   # a listing that scrolls takes the keyboard
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "def forward" in text and "def backward" in text
    md = listing._repr_markdown_()   # where only Markdown is shown: a code block, roles plain
    assert md.startswith("```python\n") and md.endswith("```") and ":math:`" not in md


def _rendered(page: str) -> str:
    """What the reader reads in a listing, before MathJax: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("obj", [regularizers.L2, conv.conv2d_forward, conv.conv2d_backward_naive,
                                 gradcheck.rel_error, layers.ReLU])
def test_docstring_markup_is_rendered_and_code_untouched(obj):
    page = show_source(obj)._repr_html_()
    docstrings = re.findall(r'<span class="sd">(.*?)</span>(?=<|\n|$)', page, re.S)
    assert docstrings, "no docstring in the listing"
    text = _rendered(page)
    for raw in ("``", ":math:`", ":func:`", ".. math::"):
        assert raw not in text, f"{raw} left in the listing of {obj.__qualname__}"
    # every $...$ became a math span for MathJax: no dollar is left in the docstring
    assert not re.search(r"\$[^$\n]+\$", "".join(_rendered(d) for d in docstrings))
    source = inspect.getsource(obj)
    body = source[source.index('"""', source.index('"""') + 3) + 3:]   # after the docstring
    assert textwrap.dedent(body).strip() in text or body.strip() in text


def test_each_kind_of_markup():
    l2 = show_source(regularizers.L2)._repr_html_()
    assert r'<span class="math notranslate nohighlight">\(R(W) = \frac{\lambda}{2}' in l2
    assert '<code class="nnbook-inline">weight_decay=λ</code>' in l2
    rel = show_source(gradcheck.rel_error)._repr_html_()
    assert r'<span class="math notranslate nohighlight">\[\max_i' in rel   # .. math:: is display math
    assert docstring_html(":func:`~nnbook.conv.f` and :class:`Layer` cost \\$5, $$x$$") == (
        '<code class="nnbook-inline">f</code> and <code class="nnbook-inline">Layer</code> cost \\$5, $$x$$')
    assert docstring_html("$a < b$\n    and $c$") == (
        '<span class="math notranslate nohighlight">\\(a &lt; b\\)</span>\n    and '
        '<span class="math notranslate nohighlight">\\(c\\)</span>')


@pytest.mark.parametrize("bad", [3, "ReLU", None, [layers.ReLU]])
def test_show_source_names_what_it_got(bad):
    with pytest.raises(TypeError, match="functions, classes, methods or modules; got"):
        show_source(bad)
    with pytest.raises(TypeError, match="at least one"):
        show_source()
