"""Protection workflow: interviews, risk assessments, applications, state positions, determinations."""
