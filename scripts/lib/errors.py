"""The project's own error type: every expected failure says which file, where, and the fix."""


class BuildError(Exception):
    """A problem in an input that the maintainer must fix; nothing is published."""

    def __init__(self, file: str, place: str, problem: str, fix: str):
        self.file = str(file)
        self.place = place
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.file}: {place}: {problem}\n  fix: {fix}")

    def __reduce__(self):
        # a copy made in another process (a worker of the build) is the same error: its type,
        # message and fields, whatever its __init__ takes
        return _restored, (type(self), self.args, self.__dict__)


def _restored(kind: type, args: tuple, state: dict) -> BuildError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error
