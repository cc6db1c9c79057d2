"""The PDF of the written report: the DOCX itself, converted by LibreOffice (Debian package).

Converting the very file staff may edit keeps the two in step: one layout, two formats.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import EnvironmentProblem

CONVERT_SECONDS = 180


def soffice_exe(subject: str = "báo cáo") -> str:
    """The LibreOffice binary installed by the README's set-up (Debian libreoffice-writer);
    ``subject`` names the document in the sentence printed when it is missing."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise EnvironmentProblem(
        f"Không tìm thấy LibreOffice để in {subject} ra PDF; hãy cài gói Debian "
        "libreoffice-writer-nogui (bước cài đặt trong README)."
    )


def docx_to_pdf(docx: bytes, *, subject: str = "báo cáo") -> bytes:
    """PDF bytes of a DOCX, converted headless in a private LibreOffice profile; ``subject``
    names the document in an error (the written report, the narration script)."""
    exe = soffice_exe(subject)
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as work:
        folder = Path(work)
        source = folder / "baocao.docx"
        source.write_bytes(docx)
        command = [
            exe,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=CONVERT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise EnvironmentProblem(
                f"LibreOffice không chuyển xong {subject} sang PDF sau {CONVERT_SECONDS} giây."
            ) from exc
        result = folder / "baocao.pdf"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["không rõ lý do"]
            raise EnvironmentProblem(
                f"LibreOffice không chuyển được {subject} sang PDF ({detail[0]})."
            )
        return result.read_bytes()
