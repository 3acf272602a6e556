"""Documentation that is generated must be current."""

from tests.conftest import run_cli


def test_generated_documentation_is_current(capsys):
    assert run_cli("docs", "--check") == 0, capsys.readouterr().err


def test_every_row_of_the_failure_table_is_a_test():
    import re

    from tests.conftest import ROOT

    table = (ROOT / "docs" / "failures.md").read_text(encoding="utf-8")
    tests = "".join(path.read_text(encoding="utf-8")
                    for path in sorted((ROOT / "tests").glob("test_failures*.py")))
    names = re.findall(r"^\| `(test_\w+)", table, flags=re.M)
    assert len(names) >= 25
    for name in names:
        assert f"def {name}(" in tests, name
