"""Open a file as its real readers do; used by the tests of every export.

- `validate_xml` checks XML against the published schemas kept in `core/schemas/` (REFI-QDA
  Project.xsd and Codebook.xsd, GraphML 1.0).
- `libreoffice_pdf` renders a .docx or .xlsx with LibreOffice headless (installed by `bin/test` from
  Debian) and returns the PDF; `pdf_pages` gives its page sizes in millimetres.
- `libreoffice_sheets` opens a .xlsx or .csv in LibreOffice Calc and reads back every sheet's name and
  cells as Calc shows them (a sheet lost, a header changed or a text turned into a date shows there).
- `docx_problems` lists what makes a .docx unfit to hand over: not Dutch, not A4, missing title or
  author, and table cells narrower than their longest word (from the column widths and the font size
  written in the file, measured as `core.reports` measures).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess  # nosec B404 - runs LibreOffice on a file the test wrote
import tempfile
import zipfile
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent / "schemas"
QDC_SCHEMA = "Codebook.xsd"
PROJECT_SCHEMA = "Project.xsd"
GRAPHML_SCHEMA = "graphml/graphml.xsd"


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def validate_xml(data: bytes, schema: str) -> list[str]:
    """Schema errors of `data` against `core/schemas/<schema>` (empty list: valid). Not well-formed
    XML is an error too."""
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema), _parser()))
    try:
        document = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        return [f"not XML: {error}"]
    if xsd.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_convert(files: dict[str, bytes], target: str, *options: str) -> dict[str, bytes]:
    """Every file LibreOffice writes converting `files` (name -> content) to `target`, in one start of
    LibreOffice (raises when it cannot)."""
    program = libreoffice()
    if program is None:
        raise RuntimeError("LibreOffice is not installed (bin/test installs it from Debian)")
    with tempfile.TemporaryDirectory(prefix="vangnet-lo-") as folder:
        paths = []
        for name, data in files.items():
            paths.append(Path(folder) / name)
            paths[-1].write_bytes(data)
        out = Path(folder) / "out"
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program and arguments
            [
                program,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--norestore",
                *options,
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        written = {file.name: file.read_bytes() for file in out.glob("*")} if out.is_dir() else {}
        if result.returncode != 0 or not written:
            raise RuntimeError(f"LibreOffice could not convert: {result.stdout[-2000:]!r} {result.stderr!r}")
        return written


def libreoffice_pdf(data: bytes, suffix: str) -> bytes:
    """The PDF LibreOffice makes of the file (raises when it cannot open or convert it)."""
    return _libreoffice_convert({f"document{suffix}": data}, "pdf")["document.pdf"]


# LibreOffice's CSV filter (wiki "Filter Options for the CSV Filter"): separator, quote, UTF-8 (76), first
# line; on export the cells as shown and, as the 12th option, every sheet (-1) to a file of its own.
_CSV_FILTER = "Text - txt - csv (StarCalc)"


def libreoffice_sheets(files: dict[str, bytes]) -> dict[str, dict[str, list[list[str]]]]:
    """Every sheet of each file as LibreOffice Calc reads it: file name -> sheet name -> rows of the
    cells' text as shown. One start of LibreOffice for all the files, which are all .xlsx or all .csv.

    A .csv is read as a Dutch spreadsheet user opens ours (core.files.ExcelNL: ";" and UTF-8); its one
    sheet is named after the file without ".csv". Raises when LibreOffice cannot open a file.
    """
    import csv

    suffixes = {Path(name).suffix for name in files}
    if len(suffixes) != 1:
        raise ValueError(f"give files of one kind, not {sorted(suffixes)}")
    options = [f"--infilter={_CSV_FILTER}:59,34,76,1"] if suffixes == {".csv"} else []
    written = _libreoffice_convert(
        files, f"csv:{_CSV_FILTER}:44,34,76,1,,0,false,true,true,false,false,-1", *options
    )
    stems = sorted((Path(name).stem for name in files), key=len, reverse=True)
    sheets: dict[str, dict[str, list[list[str]]]] = {name: {} for name in files}
    for output, body in sorted(written.items()):
        stem = next(stem for stem in stems if output.startswith(f"{stem}-"))
        (name,) = [name for name in files if Path(name).stem == stem]
        sheet = output.removeprefix(f"{stem}-").removesuffix(".csv")
        sheets[name][sheet] = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return sheets


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in mm of every page (from each page's MediaBox)."""
    boxes = re.findall(
        rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf, re.S
    )
    if not boxes:
        boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf)
    return [
        (round((float(x2) - float(x1)) * 25.4 / 72, 1), round((float(y2) - float(y1)) * 25.4 / 72, 1))
        for x1, y1, x2, y2 in boxes
    ]


def is_a4(size: tuple[float, float]) -> bool:
    return sorted(size) == [210.0, 297.0] or (abs(min(size) - 210) <= 0.5 and abs(max(size) - 297) <= 0.5)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """All text of the document body, header and footer (for checks on what it says)."""
    from lxml import etree

    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name), _parser())
                texts.extend("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))
    return "\n".join(texts)


def docx_problems(data: bytes) -> list[str]:
    """What makes the document unfit to hand over (empty list: none found)."""
    from lxml import etree

    from core.reports import CELL_MARGIN_TWIPS, TWIPS_PER_PT, text_width_pt

    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"), _parser())
        document = etree.fromstring(archive.read("word/document.xml"), _parser())
        core = archive.read("docProps/core.xml").decode()
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None or lang.get(f"{W}val") != "nl-NL":
        problems.append("the document's language is not nl-NL")
    for size in document.iter(f"{W}pgSz"):
        width, height = int(size.get(f"{W}w")), int(size.get(f"{W}h"))
        if sorted((round(width / 56.7), round(height / 56.7))) != [210, 297]:
            problems.append(f"a section is not A4: {width}x{height} twips")
    if "python-docx" in core or "<dc:title/>" in core or "<dc:creator/>" in core:
        problems.append("document properties: no title or author, or python-docx's defaults")
    for table in document.iter(f"{W}tbl"):
        for cell in table.iter(f"{W}tc"):
            width = cell.find(f"{W}tcPr/{W}tcW")
            if width is None or width.get(f"{W}type") != "dxa":
                problems.append("a table cell without a fixed width")
                continue
            twips = int(width.get(f"{W}w"))
            for run in cell.iter(f"{W}r"):
                text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                size = run.find(f"{W}rPr/{W}sz")
                points = int(size.get(f"{W}val")) / 2 if size is not None else 11
                bold_element = run.find(f"{W}rPr/{W}b")
                bold = bold_element is not None and bold_element.get(f"{W}val") not in ("0", "false")
                for word in text.split():
                    if text_width_pt(word, points, bold=bold) * TWIPS_PER_PT + 2 * CELL_MARGIN_TWIPS > twips:
                        longest = word
                        problems.append(f"cell of {twips} twips is narrower than its word {longest!r}")
    return problems


def libreoffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """The file LibreOffice writes when it opens `data` and saves it as `target` (a --convert-to filter
    such as "xlsx" or 'csv:Text - txt - csv (StarCalc):59,34,76,1'); raises when it cannot."""
    program = libreoffice()
    if program is None:
        raise RuntimeError("LibreOffice is not installed (bin/test installs it from Debian)")
    with tempfile.TemporaryDirectory(prefix="vangnet-lo-") as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        out = Path(folder) / "out"
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program and arguments
            [
                program,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(path),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        written = list(out.glob("document.*")) if out.exists() else []
        if result.returncode != 0 or not written:
            raise RuntimeError(f"LibreOffice could not convert: {result.stdout!r} {result.stderr!r}")
        return written[0].read_bytes()
