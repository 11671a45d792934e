"""`warlog settings` never prints the session key (that the settings table is the one source of every
WARLOG_* variable and default: tests/test_architecture.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from warlog.cli import cli

PACKAGE = Path(__file__).parent.parent / "warlog"


def test_the_session_key_is_never_printed() -> None:
    result = CliRunner().invoke(cli, ["settings", "--format", "json"], env={"WARLOG_SECRET": "s3cr3t-key"})
    assert result.exit_code == 0 and "s3cr3t-key" not in result.output and '"(set)"' in result.output
