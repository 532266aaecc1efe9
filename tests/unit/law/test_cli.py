"""`safepassage assess` end to end: inputs, outputs, positions, dates and every error kind."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from safepassage.cli import main as safepassage_main
from safepassage.law.cli import main
from tests.unit.law.matching import mismatches, present
from tests.unit.law.test_scenarios import SCENARIOS, as_json

KP_SOLDIER = {"detaining_power": "UA", "nationality": "KP", "forces_of": "RU",
              "affiliation": "armed_forces", "wish": "return", "active_hostilities_ended": False}


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_assesses_one_facts_file_into_one_json_object(tmp_path, capsys, monkeypatch) -> None:
    path = write(tmp_path, "facts.json", json.dumps(KP_SOLDIER))
    code, out, err = run([path], capsys, monkeypatch)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["status"]["code"] == "pow"
    assert result["position"] == "icrc_2020"


def test_it_reads_an_array_from_stdin_and_answers_in_the_same_order(capsys, monkeypatch) -> None:
    facts = [{"affiliation": "civilian", "belligerent_act": False}, {"affiliation": "armed_forces"}]
    code, out, _ = run(["-"], capsys, monkeypatch, json.dumps(facts))
    assert code == 0
    assert [r["status"]["code"] for r in json.loads(out)] == ["civilian", "pow"]


def test_an_empty_array_gives_an_empty_array(capsys, monkeypatch) -> None:
    assert run(["-"], capsys, monkeypatch, "[]")[:2] == (0, "[]\n")


def test_an_empty_object_is_assessed_with_its_missing_facts(capsys, monkeypatch) -> None:
    code, out, _ = run(["-"], capsys, monkeypatch, "{}")
    assert code == 0
    assert "affiliation" in json.loads(out)["missing_facts"]


def test_jsonl_gives_one_result_per_line_and_skips_blank_lines(tmp_path, capsys, monkeypatch) -> None:
    path = write(tmp_path, "in.jsonl", '{"wish": "return"}\n\n{"wish": "not_return"}\n')
    code, out, _ = run(["--jsonl", path], capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert json.loads(lines[0])["exchange"]["reasons"] == ["not_pow", "wish_not_verified"]
    assert json.loads(lines[1])["exchange"]["reasons"] == ["not_pow", "wish_not_return"]


def test_jsonl_reads_stdin_too(capsys, monkeypatch) -> None:
    code, out, _ = run(["--jsonl", "-"], capsys, monkeypatch, "{}\n{}\n")
    assert code == 0 and len(out.splitlines()) == 2


REFUSING_AT_RISK = {**KP_SOLDIER, "wish": "not_return", "wish_verified_private_interview": True,
                    "risk_on_return": "substantial", "risk_kinds": ["torture"]}


def test_the_position_is_echoed_and_all_for_all_warns_about_repat_4(capsys, monkeypatch) -> None:
    code, out, _ = run(["-", "--position", "all_for_all"], capsys, monkeypatch,
                       json.dumps(REFUSING_AT_RISK))
    result = json.loads(out)
    assert code == 0 and result["position"] == "all_for_all"
    assert result["warnings"] == [{"code": "all_for_all_ignores_non_refoulement",
                                   "facts": ["wish", "risk_on_return"], "rules": ["REPAT-4"]}]


def test_the_as_of_date_decides_which_acknowledgements_count(capsys, monkeypatch) -> None:
    facts = json.dumps(KP_SOLDIER)
    before = json.loads(run(["-", "--as-of", "2025-04-25"], capsys, monkeypatch, facts)[1])
    after = json.loads(run(["-", "--as-of", "2025-04-28"], capsys, monkeypatch, facts)[1])
    assert "not_acknowledged" in before["pathways"][0]["blockers"]
    assert "not_acknowledged" not in after["pathways"][0]["blockers"]
    assert before["status"] == after["status"]


def test_explain_gives_numbered_sentences_with_rule_citation_mark_and_facts(
        capsys, monkeypatch) -> None:
    code, out, _ = run(["-", "--explain", "--as-of", "2025-03-01"], capsys, monkeypatch,
                       json.dumps({**KP_SOLDIER, "wish": "not_return"}))
    lines = out.splitlines()
    assert code == 0
    assert all(line.startswith(f"{n}. ") for n, line in enumerate(lines, start=1))
    assert any("[STATUS-1, GC III Art. 4A(1), V; facts used: affiliation=\"armed_forces\"]"
               in line for line in lines)
    assert any(", U;" in line for line in lines)
    assert any(line.split(". ", 1)[1].startswith("Disputed view") for line in lines)
    risk = next(line for line in lines if "Missing fact risk_on_return" in line)
    assert "would change the answer" in risk and "substantial" in risk


def test_explain_with_all_for_all_states_the_warning(capsys, monkeypatch) -> None:
    out = run(["-", "--explain", "--position", "all_for_all"], capsys, monkeypatch,
              json.dumps(REFUSING_AT_RISK))[1]
    assert ("Warning: all_for_all_ignores_non_refoulement (facts: wish, risk_on_return; "
            "rules: REPAT-4).") in out


def test_explain_shows_the_rules_of_version_2(capsys, monkeypatch) -> None:
    facts = {**KP_SOLDIER, "as_of": "2025-06-01", "wish": "not_return",
             "wish_verified_private_interview": True, "risk_on_return": "none",
             "seriously_sick_or_wounded": True, "age_at_capture": 16,
             "protection_application_pending": True}
    out = run(["-", "--explain"], capsys, monkeypatch, json.dumps(facts))[1]
    assert "Repatriation: must_not_repatriate (GC III Art. 109(3))." in out
    assert "Here: must_not_repatriate. [REPAT-1, GC III Art. 109(3), V; facts used:" in out
    assert "[REPAT-9, AP I Art. 77(3), V; facts used: age_at_capture=16]" in out
    assert "[CAPT-3, GC III Art. 17, V;" in out
    militia = {"detaining_power": "UA", "nationality": "RU", "affiliation": "other_militia",
               "militia_conditions": {"responsible_command": True}}
    out = run(["-", "--explain"], capsys, monkeypatch, json.dumps(militia))[1]
    assert "[STATUS-11, AP I Art. 43, V;" in out
    assert "If he is not, or turns out not to be, a prisoner of war, he keeps:" not in out
    claim = {**militia, "affiliation": "civilian", "belligerent_act": True}
    out = run(["-", "--explain"], capsys, monkeypatch, json.dumps(claim))[1]
    assert "Status: civilian_dph (GC IV Art. 4, GC IV Art. 5, GC IV Art. 43, GC IV Art. 78)." in out
    assert ("If he is not, or turns out not to be, a prisoner of war, he keeps: GC IV Art. 4, "
            "GC IV Art. 27, AP I Art. 75, Customary IHL Rule 87, GC IV Art. 5, GC IV Art. 78.") in out


def test_explain_heads_each_object_of_an_array(capsys, monkeypatch) -> None:
    out = run(["-", "--explain"], capsys, monkeypatch, "[{}, {}]")[1]
    assert "# [0]" in out and "# [1]" in out


def test_the_top_level_command_dispatches_assess(tmp_path, capsys) -> None:
    path = write(tmp_path, "facts.json", "{}")
    assert safepassage_main(["assess", path]) == 0
    assert json.loads(capsys.readouterr().out)["status"]["code"] == "undetermined"


def test_help_prints_usage_and_exits_zero(capsys, monkeypatch) -> None:
    code, out, _ = run(["--help"], capsys, monkeypatch)
    assert code == 0 and out.startswith("usage: safepassage assess")


ERRORS: list[tuple[str, list[str], str | None, str]] = [
    ("an unknown key", ["-"], '{"whish": "return"}',
     "whish: unknown key (did you mean wish?); allowed keys: as_of,"),
    ("an unknown nested key", ["-"], '{"militia_conditions": {"sign": true}}',
     "militia_conditions.sign: unknown key"),
    ("a wrong type", ["-"], '{"belligerent_act": 1}',
     "belligerent_act: expected true or false, got number 1"),
    ("a boolean as a string", ["-"], '{"media_exposure": "true"}',
     'media_exposure: expected true or false, got string "true"'),
    ("a bad enum value", ["-"], '{"risk_on_return": "high"}',
     "risk_on_return: string \"high\" is not allowed; allowed values: substantial, none, "
     "not_assessed"),
    ("a bad list item", ["-"], '{"risk_kinds": ["torture", "exile"]}',
     "risk_kinds[1]: string \"exile\" is not allowed"),
    ("a bad nested value in an array", ["-"],
     '[{}, {"third_states": [{"state": "KR"}, {"state": "SE", "willing": "yes"}]}]',
     "object [1]: third_states[1].willing: expected true or false, got string \"yes\""),
    ("an age in words", ["-"], '{"age_at_capture": "sixteen"}',
     'age_at_capture: expected a whole number of years from 0 to 120, got string "sixteen"'),
    ("a negative age", ["-"], '{"age_at_capture": -1}',
     "age_at_capture: expected a whole number of years from 0 to 120, got number -1"),
    ("a fractional age", ["-"], '{"age_at_capture": 16.5}',
     "age_at_capture: expected a whole number of years from 0 to 120, got number 16.5"),
    ("a boolean age", ["-"], '{"age_at_capture": true}',
     "age_at_capture: expected a whole number of years from 0 to 120, got boolean true"),
    ("a new fact of the wrong type", ["-"], '{"grave_breach_suspect": "no"}',
     'grave_breach_suspect: expected true or false, got string "no"'),
    ("a bad onward-removal flag", ["-"],
     '{"third_states": [{"state": "BY", "willing": true, "onward_removal_risk": 1}]}',
     "third_states[0].onward_removal_risk: expected true or false, got number 1"),
    ("a risk kind not in the contract", ["-"], '{"risk_kinds": ["exile"]}',
     "allowed values: torture, ill_treatment, arbitrary_killing, death_penalty, "
     "enforced_disappearance, flagrant_denial_of_justice, persecution"),
    ("a nested array", ["-"], "[[{}]]", "object [0]: expected a JSON object of facts"),
    ("a bad country code", ["-"], '{"nationality": "North Korea"}',
     "nationality: expected an ISO 3166 alpha-2 code"),
    ("a bad date", ["-"], '{"as_of": "2025-02-30"}',
     'as_of: expected a date YYYY-MM-DD, got string "2025-02-30"'),
    ("a bad --as-of", ["-", "--as-of", "28/04/2025"], "{}",
     "--as-of: expected a date YYYY-MM-DD, got '28/04/2025'"),
    ("a bad --position", ["-", "--position", "icrc"], "{}",
     "--position: unknown position 'icrc'; allowed positions: icrc_2020, free_will, all_for_all"),
    ("invalid JSON", ["-"], '{"wish": ', "invalid JSON: Expecting value (line 1, column 10)"),
    ("empty input", ["-"], "", "no input: expected a JSON object of facts"),
    ("a JSON scalar", ["-"], "true", "expected a JSON object of facts or an array of them"),
    ("a missing file", ["/nonexistent/facts.json"], None,
     "cannot read /nonexistent/facts.json: No such file or directory"),
    ("no input at all", [], None, "expected one input"),
    ("two inputs", ["a.json", "b.json"], None, "expected one input"),
    ("an unknown option", ["-", "--verbose"], "{}", "unknown option --verbose"),
    ("an option without its value", ["-", "--position"], "{}", "--position needs a value"),
]


@pytest.mark.parametrize(("what", "argv", "stdin", "message"), ERRORS,
                         ids=[f"it rejects {e[0]} with exit 2 and one line" for e in ERRORS])
def test_errors_exit_2_with_one_line_naming_the_problem(
        what: str, argv: list[str], stdin: str | None, message: str,
        capsys: Any, monkeypatch: Any) -> None:
    code, out, err = run(argv, capsys, monkeypatch, stdin)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("safepassage assess: ")
    assert message in err


def test_jsonl_errors_name_the_line_and_write_nothing(tmp_path, capsys, monkeypatch) -> None:
    path = write(tmp_path, "in.jsonl", '{}\n{"wish": "return"}\n{"wish": true}\n')
    code, out, err = run(["--jsonl", path], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == ("safepassage assess: line 3: wish: expected one of the strings return, "
                   "not_return, undecided, unknown, got boolean true\n")


def test_jsonl_invalid_json_names_the_line(tmp_path, capsys, monkeypatch) -> None:
    path = write(tmp_path, "in.jsonl", '{}\n{"wish": \n')
    err = run(["--jsonl", path], capsys, monkeypatch)[2]
    assert err.startswith("safepassage assess: line 2: invalid JSON:")


def test_the_installed_command_exits_2_on_bad_input(tmp_path) -> None:
    path = write(tmp_path, "facts.json", '{"wish": "maybe"}')
    done = subprocess.run([sys.executable, "-m", "safepassage", "assess", path],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("allowed values: return, not_return, undecided, unknown")


def test_the_command_passes_every_scenario_of_the_suite(tmp_path, capsys, monkeypatch) -> None:
    """Each scenario's facts go through `safepassage assess --jsonl`, grouped by position and
    date, and each output line must meet the scenario's expectations."""
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for scenario in SCENARIOS:
        as_of = str(scenario["as_of"]) if "as_of" in scenario else None
        groups.setdefault((scenario.get("position", "icrc_2020"), as_of), []).append(scenario)
    checked = 0
    for (position, as_of), scenarios in groups.items():
        lines = "".join(json.dumps(as_json(s["facts"] or {})) + "\n" for s in scenarios)
        argv = ["--jsonl", write(tmp_path, "scenarios.jsonl", lines), "--position", position]
        code, out, err = run([*argv, *(["--as-of", as_of] if as_of else [])], capsys, monkeypatch)
        assert (code, err) == (0, "")
        for scenario, line in zip(scenarios, out.splitlines(), strict=True):
            result = json.loads(line)
            problems = mismatches(scenario["expect"], result)
            problems += present(scenario.get("expect_not", {}), result)
            assert problems == [], f"{scenario['name']}: " + "; ".join(problems)
            checked += 1
    assert checked == len(SCENARIOS)
