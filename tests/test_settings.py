"""The settings table is the one source of settings (issue 17): every WARLOG_* variable the code reads
is in it, `Settings` takes its defaults from it, and `warlog settings` never prints the session key."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from click.testing import CliRunner

from warlog.cli import cli
from warlog.settings import SETTINGS, Settings

PACKAGE = Path(__file__).parent.parent / "warlog"


def test_every_variable_the_code_reads_is_in_the_table() -> None:
    named = {m for path in PACKAGE.rglob("*.py") for m in re.findall(r"WARLOG_[A-Z][A-Z_]*", path.read_text("utf-8"))}
    assert named, "no WARLOG_* variable found: the scan is broken"
    assert named <= {s.env for s in SETTINGS}, sorted(named - {s.env for s in SETTINGS})


def test_the_table_holds_every_setting_and_its_one_default() -> None:
    assert sorted(f.name for f in fields(Settings)) == sorted(s.name for s in SETTINGS)
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default, s.name
    assert Settings.from_env({}) == defaults


def test_the_session_key_is_never_printed() -> None:
    result = CliRunner().invoke(cli, ["settings", "--format", "json"], env={"WARLOG_SECRET": "s3cr3t-key"})
    assert result.exit_code == 0 and "s3cr3t-key" not in result.output and '"(set)"' in result.output
