"""The Colab edition of every notebook, written by each website build to ``_build/colab/``.

Colab opens notebooks from GitHub, so the edition is published as its own branch
(``launch_buttons.colab_branch`` in _config.yml; README, "Publishing") with the repository's
paths, and each page's Colab button points there. An edition notebook is the committed one with
two differences:

- its setup cell installs nnbook pinned to the commit the website was built from
  (``tools/sync_setup_cells.py``: ``build_ref``), not the branch as it is today;
- its links to other pages, ``[text](02_x.ipynb#anchor)``, ``[text](#label)``,
  ``{doc}`text <../mlp/index>``` and ``{ref}`text <label>```, dead on Colab as relative paths or
  as MyST roles, become Markdown links to the website (``html.baseurl``), and its citations,
  ``{cite:p}`key``` and ``{cite:t}`key```, read "(Srivastava et al., 2014)" / "Kingma and Ba
  (2015)" with a link to the website's references page. A link to a page that is not in the book,
  or a citation of a key no BibTeX file has, fails the build.
"""
from __future__ import annotations

import importlib.util
import json
import posixpath
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sync_setup_cells", ROOT / "tools" / "sync_setup_cells.py")
setup_cells = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(setup_cells)
_spec = importlib.util.spec_from_file_location("exercise_directives", Path(__file__).with_name("exercise_directives.py"))
exercise_directives = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(exercise_directives)

# [text](target) but not ![alt](image); targets of other pages: a relative .ipynb/.md path or #anchor.
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
_PAGE = re.compile(r"(?P<path>[^#:]+\.(?:ipynb|md))(?:#(?P<anchor>.+))?|#(?P<local>.+)")
# {doc}`target` / {doc}`text <target>` and the same for {ref}.
_ROLE = re.compile(r"\{(?P<role>doc|ref)\}`(?:(?P<text>[^`<]*?)\s*<(?P<target>[^`>]+)>|(?P<bare>[^`]+))`")
# {cite:p}`key1,key2` and {cite:t}`key` (sphinxcontrib-bibtex): plain {cite} is parenthetical.
_EXERCISE = re.compile(r"\{exercise-ref\}`(?P<id>[^`]+)`")
_CITE = re.compile(r"\{cite(?::(?P<form>[pt]))?\}`(?P<keys>[^`]+)`")


def citation_names(bibfiles) -> dict[str, tuple[str, str]]:
    """key -> (authors as cited, year) for every entry of the BibTeX files: "Srivastava et al.",
    "Kingma and Ba", "Smith" (as the book's author-year citations read)."""
    from pybtex.database import parse_file

    names = {}
    for bibfile in bibfiles:
        for key, entry in parse_file(str(bibfile)).entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            last = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
            who = (last[0] if len(last) == 1 else f"{last[0]} and {last[1]}" if len(last) == 2
                   else f"{last[0]} et al." if last else key)
            names[key] = (who, entry.fields.get("year", "n.d."))
    return names


class Links:
    """Absolute website URLs for the pages and labels of the book.

    ``docs``: the book's docnames ("book/backprop/01_computational_graphs"); ``labels``:
    label -> (docname, anchor, title); ``titles``: docname -> page title; ``baseurl``: the
    website's root URL."""

    def __init__(self, baseurl: str, docs, labels: dict, titles: dict, citations: dict | None = None,
                 references: str = "book/references"):
        if not baseurl.startswith("https://"):
            raise ExtensionError(f"html.baseurl in _config.yml must be the website's https:// URL, got {baseurl!r}")
        self.baseurl = baseurl.rstrip("/") + "/"
        self.docs, self.labels, self.titles = set(docs), labels, titles
        # citations: key -> (authors, year), from citation_names; references: the page listing them
        self.citations, self.references = citations or {}, references

    @classmethod
    def from_env(cls, app) -> Links:
        env = app.env
        std = env.get_domain("std")
        # anonymous labels (a target before a box, not a heading: the exercises') take their
        # text from the reference
        labels = {name: (doc, anchor, "") for name, (doc, anchor) in std.anonlabels.items()}
        labels.update({name: (doc, anchor, title) for name, (doc, anchor, title)
                       in std.labels.items()})
        titles = {doc: env.titles[doc].astext() for doc in env.found_docs if doc in env.titles}
        bibfiles = [Path(app.srcdir) / f for f in getattr(app.config, "bibtex_bibfiles", [])]
        return cls(app.config.html_baseurl, env.found_docs, labels, titles, citation_names(bibfiles))

    def url(self, docname: str, anchor: str | None = None) -> str:
        return f"{self.baseurl}{docname}.html" + (f"#{anchor}" if anchor else "")

    def page(self, docname: str, path: str, where: str) -> str:
        """The docname that relative (or /-rooted) ``path`` in ``docname`` names."""
        base = "" if path.startswith("/") else posixpath.dirname(docname)
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        target = re.sub(r"\.(ipynb|md)$", "", target)
        if target not in self.docs:
            raise ExtensionError(f"{where}: link to {path!r} names no page of the book ({target})")
        return target

    def label(self, name: str, where: str) -> tuple[str, str, str]:
        if name not in self.labels:
            raise ExtensionError(f"{where}: no label {name!r} in the book")
        return self.labels[name]

    def rewrite(self, text: str, docname: str) -> str:
        """``text`` (Markdown of a cell in ``docname``) with every link to a page or label made absolute."""
        where = docname

        def link(match: re.Match) -> str:
            page = _PAGE.fullmatch(match["target"])
            if page is None:
                return match[0]
            if page["local"]:  # MyST resolves [text](#name) to the label `name`, on any page
                doc, anchor, _ = self.label(page["local"], where)
                return f"[{match['text']}]({self.url(doc, anchor)})"
            return f"[{match['text']}]({self.url(self.page(docname, page['path'], where), page['anchor'])})"

        def role(match: re.Match) -> str:
            target = (match["target"] or match["bare"]).strip()
            if match["role"] == "doc":
                doc = self.page(docname, target, where)
                return f"[{match['text'] or self.titles.get(doc, doc)}]({self.url(doc)})"
            doc, anchor, title = self.label(target, where)
            return f"[{match['text'] or title}]({self.url(doc, anchor)})"

        def cite(match: re.Match) -> str:
            url = self.url(self.references)
            cited = []
            for key in (k.strip() for k in match["keys"].split(",")):
                if key not in self.citations:
                    raise ExtensionError(f"{where}: cites {key!r}, which no BibTeX file of the book has")
                who, year = self.citations[key]
                cited.append(f"[{who}]({url}) ({year})" if match["form"] == "t" else f"[{who}, {year}]({url})")
            return "; ".join(cited) if match["form"] == "t" else "(" + "; ".join(cited) + ")"

        def exercise(match: re.Match) -> str:
            _, ex = exercise_directives.find_exercise(match["id"])
            doc, anchor, _ = self.label(exercise_directives.label(ex), where)
            return f"[{exercise_directives.reference_text(ex)}]({self.url(doc, anchor)})"

        text = _EXERCISE.sub(exercise, text)
        return _CITE.sub(cite, _ROLE.sub(role, _LINK.sub(link, text)))


def edition(nb: dict, docname: str, ref: str, links: Links) -> dict:
    """The Colab edition of notebook ``nb`` (JSON) of page ``docname``: setup cell pinned to git
    ``ref``, links absolute. ``nb`` is changed in place and returned."""
    setup_cells.with_setup_cell(nb, setup_cells.setup_source(ref))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = exercise_directives.plain_markdown("".join(cell["source"]))
            cell["source"] = links.rewrite(text, docname)
    return nb


def write_editions(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir).parent / "colab"
    shutil.rmtree(out, ignore_errors=True)
    links, ref = Links.from_env(app), setup_cells.build_ref()
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if source.suffix != ".ipynb":
            continue
        path = out / f"{docname}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(setup_cells.dumps(edition(json.loads(source.read_text()), docname, ref, links)))


def colab_button(app, pagename, templatename, context, doctree) -> None:
    """Point the page's Colab launch button at the notebook's Colab edition (Binder's is unchanged)."""
    options = app.config.html_theme_options
    launch = options.get("launch_buttons", {})
    branch, colab_branch = options.get("repository_branch", "main"), launch.get("colab_branch")
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if group.get("label") == "launch-buttons" else []:
            if button.get("text") != "Colab":
                continue
            if not colab_branch:
                raise ExtensionError("_config.yml: launch_buttons.colab_branch names no branch for the Colab edition")
            if f"/blob/{branch}/" not in button["url"]:
                raise ExtensionError(f"{pagename}: Colab link {button['url']} does not name branch {branch!r}")
            button["url"] = button["url"].replace(f"/blob/{branch}/", f"/blob/{colab_branch}/", 1)


def setup(app):
    app.connect("build-finished", write_editions)
    app.connect("html-page-context", colab_button, priority=600)  # after the theme's launch buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
