"""Notebook kernels: IPC sockets in a folder of their own, TCP on localhost where
there are no Unix sockets, no interrupt at shutdown.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fangkong.delivery import kernels
from fangkong.delivery.kernels import IPCKernelManager

# Every test starts notebook kernels.
pytestmark = pytest.mark.slow


def test_ipc_kernels_in_parallel_each_in_its_own_folder():
    async def start_and_ask(code: str):
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            info = km.get_connection_info()
            folder = Path(info["ip"]).parent
            assert info["transport"] == "ipc"
            assert folder.name.startswith("fangkong-kernel-")
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            assert Path(f"{info['ip']}-{info['shell_port']}").is_socket()
            reply = await kc.execute_interactive(code, timeout=60, store_history=False)
            kc.stop_channels()
            assert reply["content"]["status"] == "ok"
        finally:
            await km.shutdown_kernel(now=True)
        return folder

    async def both():
        return await asyncio.gather(start_and_ask("1 + 1"), start_and_ask("2 + 2"))

    first, second = asyncio.run(both())
    assert first != second
    assert not first.exists() and not second.exists()  # cleaned up at shutdown


def test_kernels_use_tcp_on_localhost_without_unix_sockets(monkeypatch):
    monkeypatch.setattr(kernels, "USE_IPC", False)  # as on Windows

    async def start_and_ask():
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            info = km.get_connection_info()
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive("1 + 1", timeout=60, store_history=False)
            kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)
        return info, reply

    info, reply = asyncio.run(start_and_ask())
    assert (info["transport"], info["ip"]) == ("tcp", "127.0.0.1")
    assert reply["content"]["status"] == "ok"


def test_shutdown_does_not_interrupt_the_kernel_but_a_timeout_still_can():
    async def run_cell(km, kc, interrupt):
        msg_id = kc.execute("import time; time.sleep(1.5)")
        await asyncio.sleep(0.5)  # the cell is running
        await interrupt()
        while True:
            reply = await kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]["status"]

    async def main():
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            km.shutting_down = True  # what shutdown_kernel sets before it interrupts
            at_shutdown = await run_cell(km, kc, km._async_interrupt_kernel)
            km.shutting_down = False
            asked = await run_cell(km, kc, km.interrupt_kernel)  # as nbclient on a timeout
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return at_shutdown, asked

    assert asyncio.run(main()) == ("ok", "error")
