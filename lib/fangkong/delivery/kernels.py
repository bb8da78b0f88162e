"""The kernel manager of the report runs: IPC sockets where the system has them.

Each kernel talks over IPC sockets in its own temporary folder, because
parallel kernels on TCP ports now and then collide ("Address already in use",
"Kernel died before replying"); where there are no Unix sockets (Windows), over
TCP on localhost.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

#: zmq's ipc transport needs Unix domain sockets.
USE_IPC = os.name == "posix"


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel uses IPC sockets in a folder of its own.

    Unix sockets named by a fresh temporary folder cannot collide between
    kernels started in parallel, unlike TCP ports picked then bound later.
    Without Unix sockets (:data:`USE_IPC` false: Windows) the kernel uses TCP
    on localhost, jupyter_client's default.
    """

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc" if USE_IPC else "tcp"

    @default("ip")
    def _default_ip(self) -> str:
        if not USE_IPC:
            return "127.0.0.1"
        self._ipc_dir = tempfile.mkdtemp(prefix="fangkong-kernel-")
        return os.path.join(self._ipc_dir, "kernel")

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts a kernel before asking it to shut down. The
        # runner shuts a kernel down once its notebook is done, with nothing to
        # interrupt; the signal only made ipykernel log "ERROR | KeyboardInterrupt
        # caught in kernel." into the daily job's log now and then. An interrupt
        # asked for otherwise (a cell's timeout) still goes through.
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "_ipc_dir", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)
