"""Documentation that is generated must be current."""

from tests.conftest import run_cli


def test_generated_documentation_is_current(capsys):
    assert run_cli("docs", "--check") == 0, capsys.readouterr().err


def test_the_failure_table_has_a_row_for_every_failure_test_and_no_other():
    import re

    from tests.conftest import ROOT

    table = (ROOT / "docs" / "failures.md").read_text(encoding="utf-8")
    tests = "".join(path.read_text(encoding="utf-8")
                    for path in sorted((ROOT / "tests").glob("test_failures*.py")))
    names = set(re.findall(r"^\| `(test_\w+)", table, flags=re.M))
    assert names == set(re.findall(r"^def (test_\w+)\(", tests, flags=re.M))
