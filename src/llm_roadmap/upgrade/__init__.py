"""`roadmap upgrade`: bring a template copy's template-owned files up to the template.

A "Use this template" copy shares no history with the template, so the merge base is the
template commit whose tree equals the copy's first commit (or the one recorded in
`roadmap/upgrade.yaml` by the last upgrade). Each template-owned file is merged three ways
(`git merge-file`); learner-owned files are never touched (see `owned.py`). The result is
a commit built with git plumbing on a separate branch: the learner's work tree and
checked-out branch never change.
"""
