"""Executed notebook -> one offline HTML page, and what the runner takes out of it.

The page is made by nbconvert's :class:`~nbconvert.HTMLExporter` with the
``fangkong`` template (``templates_html/fangkong``): lab's layout without
require.js, MathJax, mermaid or JupyterLab's stylesheet, no code, no prompts,
and without the cells tagged ``parameters``, ``injected-parameters``,
``sidecar``, ``notes`` or ``document`` (a Word file the runner takes out).
Images are inline, so the file opens offline.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from fangkong.reports.sidecar import SIDECAR_MIME

TEMPLATE_DIR = Path(__file__).with_name("templates_html")
TEMPLATE_NAME = "fangkong"
#: Cells left out of the page: the parameters, the sidecar, notes for notebook users.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "sidecar", "notes", "document"})
#: MIME type of a Word file a report notebook displays (the daily bulletin's), base64.
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LANGUAGE_CODES = {"zh": "zh", "en": "en"}  # ISO 639-1, as nbconvert requires


class DropStderr(Preprocessor):
    """Drop stderr streams (library warnings) and keep what the report displays."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        return cell, resources


#: What nbconvert writes on an image without alternative text.
MISSING_ALT = "No description has been provided for this image"
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)(?=[\s>/])")
_OUTPUT_DIV = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")(?![^>]*tabindex)')


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its BeautifulSoup pass over the page.

    After templating, nbconvert 7 parses the whole page with BeautifulSoup to
    add alternative text to images and ``tabindex`` to outputs: 5.6 s of the
    10 s a city-scale welfare report took to become HTML (a 2.5 MB page).
    Both are done here on the template's own tags, with regular expressions.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        """Convert a notebook to HTML (as :class:`~nbconvert.HTMLExporter` does)."""
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight)
        self.register_filter("filter_data_type", data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html = _IMG_WITHOUT_ALT.sub(f'<img alt="{MISSING_ALT}"', html)
        return _OUTPUT_DIV.sub(r'\1 tabindex="0"', html), resources


def html_exporter(lang: str = "zh") -> HTMLExporter:
    """An HTML exporter set up for report pages.

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of the page (its ``lang`` attribute).

    Returns
    -------
    nbconvert.HTMLExporter
    """
    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.embed_images = True
    c.HTMLExporter.language_code = _LANGUAGE_CODES.get(lang, lang)
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = set(HIDDEN_TAGS)
    exporter = ReportExporter(config=c)
    exporter.register_preprocessor(DropStderr, enabled=True)
    return exporter


def render_html(nb, title: str | None = None, lang: str = "zh") -> str:
    """Render an executed report notebook as one self-contained HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode or path
        The executed notebook.
    title : str, optional
        The page title (default: the notebook's name).
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    nb = _read(nb)
    if title:
        nb.metadata["title"] = title
    resources = {"metadata": {"name": title or "report"}}
    body, _ = html_exporter(lang).from_notebook_node(nb, resources=resources)
    return body


def _outputs(nb):
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            yield from cell.get("outputs", [])


def extract_sidecar(nb) -> dict | None:
    """The sidecar a report notebook displayed (under :data:`SIDECAR_MIME`).

    Parameters
    ----------
    nb : nbformat.NotebookNode or path

    Returns
    -------
    dict or None
        The last sidecar displayed, or None when there is none.
    """
    found = None
    for output in _outputs(_read(nb)):
        data = output.get("data", {})
        if SIDECAR_MIME in data:
            found = data[SIDECAR_MIME]
    return None if found is None else _plain(found)


def extract_chart(nb) -> bytes | None:
    """The first chart a report section offered as ``image/png``, or None."""
    for output in _outputs(_read(nb)):
        png = output.get("data", {}).get("image/png")
        if png:
            return base64.b64decode(png)
    return None


def extract_document(nb) -> bytes | None:
    """The Word file a report notebook displayed (under :data:`DOCX_MIME`), or None."""
    found = None
    for output in _outputs(_read(nb)):
        data = output.get("data", {}).get(DOCX_MIME)
        if data:
            found = base64.b64decode(data)
    return found


def notebook_error(nb) -> str | None:
    """The first error raised in a notebook, as ``Name: message``, or None."""
    for output in _outputs(_read(nb)):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
    return None


def _read(nb):
    if isinstance(nb, (str, Path)):
        return nbformat.read(str(nb), as_version=4)
    return nb


def _plain(value):
    """NotebookNode -> plain dicts and lists (for json.dump)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
