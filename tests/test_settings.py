"""The settings: ``.env`` read by python-dotenv, the environment winning over it, and
a value that does not parse said in one line naming the variable and what it expects."""

from __future__ import annotations

import os

import pytest
from fangkong.settings import SettingsError, get_settings, read_env_file, smtp_password


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A project root in tmp_path, with no FANGKONG_* variable left in the environment."""
    for name in [n for n in os.environ if n.startswith("FANGKONG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FANGKONG_HOME", str(tmp_path))
    return tmp_path


def test_dotenv_values_are_read_as_python_dotenv_reads_them(home):
    (home / ".env").write_text(
        "# the mail server\n"
        "export FANGKONG_SMTP_HOST=mail.example.org\n"
        'FANGKONG_SMTP_USER="office user"\n'
        "FANGKONG_SMTP_PASSWORD='s3cret#1'\n"
        "FANGKONG_SMTP_SENDER=fk@example.org  # who the mail is from\n"
        "FANGKONG_SMTP_PORT = 587\n",
        encoding="utf-8",
    )
    settings = get_settings()
    assert settings.smtp_host == "mail.example.org"  # a leading export is allowed
    assert settings.smtp_user == "office user"  # quotes taken off
    assert smtp_password(settings) == "s3cret#1"  # a # inside quotes is the value's
    assert settings.smtp_sender == "fk@example.org"  # an inline comment is not
    assert settings.smtp_port == 587
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in repr(vars(settings))  # the kernel sees settings, not the password


def test_the_environment_wins_over_dotenv(home, monkeypatch):
    (home / ".env").write_text("FANGKONG_SMTP_HOST=from-file\n", encoding="utf-8")
    monkeypatch.setenv("FANGKONG_SMTP_HOST", "from-env")
    assert get_settings().smtp_host == "from-env"


def test_dollar_signs_are_not_expanded(home):
    # A password with "${" would otherwise lose characters; systemd does not expand either.
    (home / ".env").write_text("FANGKONG_SMTP_PASSWORD=a${HOME}b\n", encoding="utf-8")
    assert smtp_password(get_settings()) == "a${HOME}b"


def test_no_dotenv_file_means_the_defaults(home):
    settings = get_settings()
    assert (settings.smtp_host, settings.smtp_port, smtp_password(settings)) == (
        "localhost",
        25,
        None,
    )
    assert settings.data_dir == home / "data" and settings.env_file == home / ".env"
    assert read_env_file(home / ".env") == {}


@pytest.mark.parametrize("value", ["abc", "0", "70000", "25.0", ""])
def test_a_port_that_is_not_one_names_the_variable_and_what_it_expects(home, monkeypatch, value):
    monkeypatch.setenv("FANGKONG_SMTP_PORT", value)
    with pytest.raises(SettingsError) as error:
        get_settings()
    english, chinese = error.value.describe("en"), error.value.describe("zh")
    assert "FANGKONG_SMTP_PORT" in english and repr(value) in english
    assert "a whole number from 1 to 65535" in english
    assert "FANGKONG_SMTP_PORT" in chinese and "端口" in chinese
    assert str(error.value) == english and "\n" not in english + chinese


def test_a_port_in_dotenv_is_checked_too(home):
    (home / ".env").write_text("FANGKONG_SMTP_PORT=smtp\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="FANGKONG_SMTP_PORT is 'smtp'"):
        get_settings()


def test_an_unknown_time_zone_names_the_variable(home, monkeypatch):
    monkeypatch.setenv("FANGKONG_TIMEZONE", "Asia/Nowhere")
    with pytest.raises(SettingsError, match="FANGKONG_TIMEZONE is 'Asia/Nowhere'.*time zone"):
        get_settings()


def test_a_dotenv_that_is_not_utf8_is_a_settings_error(home):
    (home / ".env").write_bytes("FANGKONG_SMTP_USER=办公室\n".encode("gb18030"))
    with pytest.raises(SettingsError, match="not UTF-8"):
        get_settings()
