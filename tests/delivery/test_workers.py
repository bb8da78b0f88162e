"""A report run's workers: no secret in a kernel's environment, none in the parameters."""

from __future__ import annotations

import subprocess
import sys

from fangkong.delivery.runner import plan_jobs
from fangkong.delivery.workers import kernel_environment, public_db_url


def test_a_database_url_loses_only_its_password():
    assert public_db_url("postgresql+psycopg://fk:pa55-word@db.example:5432/fangkong") == (
        "postgresql+psycopg://fk@db.example:5432/fangkong"
    )
    assert public_db_url("sqlite:////srv/fangkong/data/fangkong.db") == (
        "sqlite:////srv/fangkong/data/fangkong.db"
    )
    assert public_db_url(None) is None


def test_the_kernel_environment_has_no_secret():
    env = {
        "PATH": "/usr/bin",
        "FANGKONG_SMTP_PASSWORD": "x1",
        "FANGKONG_SMTP_USER": "office",
        "PGPASSWORD": "x2",
        "OFFICE_API_TOKEN": "x3",
        "aws_secret_access_key": "x4",
        "FANGKONG_DB_URL": "postgresql://fk:x5@db/fangkong",
    }
    assert kernel_environment(env) == {
        "PATH": "/usr/bin",
        "FANGKONG_SMTP_USER": "office",
        "FANGKONG_DB_URL": "postgresql://fk@db/fangkong",
    }


def test_notebooks_get_the_database_url_without_its_password(tmp_path):
    _, jobs = plan_jobs(
        "2020-03-10",
        reports=["quarantine"],
        outputs_dir=tmp_path,
        db_url="postgresql+psycopg://fk:pa55-word@db.example/fangkong",
    )
    assert jobs[0].parameters["db_url"] == "postgresql+psycopg://fk@db.example/fangkong"


def test_a_worker_started_by_the_pool_has_no_secret_and_ends_with_its_parent(tmp_path):
    """A real pool in a real child process; the child is killed, its worker follows."""
    import psutil

    script = tmp_path / "pool.py"
    script.write_text(
        "import os, sys, time\n"
        "from fangkong.delivery.workers import worker_pool\n"
        "def env(): return os.getpid(), dict(os.environ)\n"
        "if __name__ == '__main__':\n"
        "    pool = worker_pool(1)\n"
        "    pid, seen = pool.submit(env).result()\n"
        "    has = 'FANGKONG_SMTP_PASSWORD' in seen\n"
        "    print(pid, has, seen.get('FANGKONG_DB_URL'), flush=True)\n"
        "    time.sleep(600)\n",
        encoding="utf-8",
    )
    env = {
        **__import__("os").environ,
        "FANGKONG_SMTP_PASSWORD": "s3cret-pw",
        "FANGKONG_DB_URL": "postgresql://fk:s3cret-pw@db/fangkong",
    }
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        worker, has_password, url = proc.stdout.readline().split()
        assert has_password == "False" and url == "postgresql://fk@db/fangkong"
        proc.kill()
        proc.wait()
        # The worker notices within WATCH_SECONDS; without the watch it lives on.
        assert psutil.wait_procs([psutil.Process(int(worker))], timeout=10)[1] == []
    finally:
        proc.kill()


def test_a_parent_is_alive_when_its_start_time_reads_a_second_off():
    """psutil adds /proc/stat's btime, read afresh, to a start time: it can move by
    a second, and a worker must not take its living parent for dead."""
    import os

    import psutil
    from fangkong.delivery.workers import _alive

    me = psutil.Process(os.getpid()).create_time()
    assert _alive(os.getpid(), me) and _alive(os.getpid(), me + 1.0)
    assert not _alive(os.getpid(), me - 3600)  # another process that reused the pid
    dead = psutil.Popen(["true"])
    dead.wait()
    assert not _alive(dead.pid, me)
