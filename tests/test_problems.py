"""Every user-facing problem reaches the page through ui.problems.show_problem, escaped: no other module of
the Streamlit edge or the views draws an InputProblem's message itself."""

from __future__ import annotations

import re

from ui.pages import ROOT


def test_problems_are_drawn_in_one_place() -> None:
    drawn_elsewhere = []
    for path in sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py")]):
        if path.name == "problems.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"st\.(error|warning|info)\(.*problem\.message", line):
                drawn_elsewhere.append(f"{path.relative_to(ROOT)}:{n}")
    assert not drawn_elsewhere, drawn_elsewhere


def test_a_problem_is_escaped_and_its_details_shown() -> None:
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import pandas as pd

        from analysis.errors import InputProblem
        from ui.problems import show_problem

        show_problem(InputProblem("**bold** <b>x</b> [link](http://e.x)", pd.DataFrame({"row": [3]})), "Lead:")
        show_problem(InputProblem("down"), "Store:", "unavailable", then="The page goes on.")

    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.error[0].value.startswith("Lead: \\*\\*bold\\*\\*")
    assert "<b>" not in at.error[0].value.replace("\\<b\\>", "")
    assert at.dataframe[0].value["row"].tolist() == [3]
    assert at.warning[0].value == "Store: down The page goes on."
