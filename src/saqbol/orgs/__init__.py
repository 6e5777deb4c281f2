"""Organizations (issue 9): awareness meetings, their protocols, the report to the prosecutor,
the meeting kit and the quiz. The library behind `saqbol org …` and the /org web pages."""
