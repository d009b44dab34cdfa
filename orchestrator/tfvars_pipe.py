"""Tfvars handed to one Terraform process through a named pipe: they never touch the disk.

Terraform is started before the values are known and waits on the pipe until they are written,
so fetching the secret overlaps Terraform's own start-up (about a tenth of a second, as much as
the fetch). The pipe is unlinked as soon as Terraform opens it: an engine that read its var files
twice would fail loudly on the second read instead of reading nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from pathlib import Path
from types import TracebackType

from orchestrator.tfvars import Tfvars


class TfvarsPipe:
    """A private FIFO that hands tfvars to its first reader, once."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="orch-tfvars-"))  # mkdtemp makes it 0700
        self.path = self._folder / "stage.tfvars.json"
        os.mkfifo(self.path, 0o600)
        self._writer: threading.Thread | None = None
        self._closing = False

    def send(self, values: Tfvars) -> None:
        """Hand the values over when Terraform opens the pipe, which it may not have done yet."""
        data = json.dumps(values).encode()
        self._writer = threading.Thread(target=self._write, args=(data,), daemon=True)
        self._writer.start()

    def close(self) -> None:
        """Release a writer that nobody read from, and remove the pipe."""
        self._closing = True
        writer = self._writer
        if writer is not None and writer.is_alive():
            self._release(writer)
        self.path.unlink(missing_ok=True)
        self._folder.rmdir()

    def __enter__(self) -> TfvarsPipe:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _write(self, data: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until a reader opens the pipe
        try:
            if self._closing:
                return
            self.path.unlink()
            view = memoryview(data)
            with contextlib.suppress(BrokenPipeError):  # the reader died: nobody to hand over to
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def _release(self, writer: threading.Thread) -> None:
        """Terraform ended without reading: open the pipe ourselves so the writer's open returns."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:  # Terraform opened it: the writer ends on its own
            writer.join()
            return
        try:
            while writer.is_alive():
                with contextlib.suppress(BlockingIOError):
                    os.read(fd, 1 << 16)  # discard what a late writer sends
                writer.join(0.01)
        finally:
            os.close(fd)
