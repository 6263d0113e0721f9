"""`rules = [...]` in a run configuration: files relative to it, registered before its runs
are checked, recorded by absolute path; a missing file is one line with the fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backtests.api import specs
from backtests.episodes.resolve import config_hash
from backtests.episodes.runconfig import load_config
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.registry import unregister

RULE = (PROJECT_ROOT / "examples" / "regime_mix.toml").read_text()


@pytest.fixture()
def folder(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(RULE)
    yield tmp_path
    unregister("regime_mix")


def config(folder: Path, rules: str) -> Path:
    path = folder / "run.toml"
    path.write_text(f'title = "t"\nbenchmark = "sixty_forty"\nhighlight = "regime_mix"\n'
                    f'episodes = ["2008_gfc"]\nrules = {rules}\n[[runs]]\nname = "sixty_forty"\n'
                    '[[runs]]\nname = "regime_mix"\n')
    return path


def test_a_configurations_rules_are_registered_and_recorded(folder: Path) -> None:
    cfg = load_config(config(folder, '["rules/mine.toml"]'))
    assert [r.name for r in cfg.runs] == ["sixty_forty", "regime_mix"]
    assert cfg.rules == [str((folder / "rules" / "mine.toml").resolve())]
    before = config_hash(cfg, {}, "data")
    (folder / "rules" / "mine.toml").write_text(RULE.replace("gold = 0.2}", "gold = 0.3}", 1))
    assert config_hash(cfg, {}, "data") != before  # an edited rule file is another run


def test_rules_given_on_the_command_line_are_recorded_too(folder: Path) -> None:
    cfg = specs.run_config(config(folder, '["rules/mine.toml"]'), rules=[PROJECT_ROOT / "x.py"])
    assert cfg.rules[-1] == str((PROJECT_ROOT / "x.py").resolve())


def test_a_missing_rule_file_is_one_line_with_the_fix(folder: Path) -> None:
    path = config(folder, '["rules/nope.toml"]')
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert str(e.value) == (f"{path}: rules: {(folder / 'rules' / 'nope.toml').resolve()} does "
                            "not exist; paths are relative to the configuration file")
    with pytest.raises(ConfigError, match=r"rules = 'mine.toml': give a list of rule files"):
        load_config(config(folder, '"mine.toml"'))
