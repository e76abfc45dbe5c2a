"""What a user's code sees of multipart file uploads: type-checked by mypy --strict together
with the generated feature packages (never run). A `# type: ignore[...]` marks a call mypy must
reject."""

from __future__ import annotations

import io
from pathlib import Path

from feat_multipart_files import AsyncFeatMultipartFiles, FeatMultipartFiles


def uploads(client: FeatMultipartFiles) -> None:
    client.documents.upload(file=Path("report.csv"))
    client.documents.upload(file=b"data", title="t")
    client.documents.upload(file=io.BytesIO(b"data"))
    with open("report.csv", "rb") as handle:
        client.documents.upload(file=handle)
    client.documents.upload(file=("report.csv", b"a,b"))
    client.documents.upload(file=("report.csv", Path("report.csv"), "text/csv"))
    client.documents.upload(file="report.csv")  # type: ignore[arg-type]
    client.albums.upload(photos=[Path("a.png"), b"png", ("b.png", b"png", "image/png")])
    client.notes.create(text="no file")


async def async_uploads(client: AsyncFeatMultipartFiles) -> None:
    await client.documents.upload(file=Path("report.csv"))
    await client.albums.upload(photos=[Path("a.png")])
