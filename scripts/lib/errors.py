"""The project's own error type: every expected failure says which file, where, and the fix."""


class BuildError(Exception):
    """A problem in an input that the maintainer must fix; nothing is published."""

    def __init__(self, file: str, place: str, problem: str, fix: str):
        self.file = str(file)
        self.place = place
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.file}: {place}: {problem}\n  fix: {fix}")
