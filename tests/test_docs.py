"""Documentation that is generated must be current."""

from scripts.dictionary import main as dictionary


def test_data_dictionary_is_current(capsys):
    assert dictionary(["--check"]) == 0, capsys.readouterr().err
