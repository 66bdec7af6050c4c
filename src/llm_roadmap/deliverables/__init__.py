"""The milestone deliverables in projects/: contracts, check runners, the fake LLM, reports.

`contract` reads `projects/<folder>/check.yaml`; `runner` runs its checks (one module per
kind in `checks/`) against the fake OpenAI/Anthropic server in `fakellm/`; `render` turns
the `report` into a table, JSON or Markdown; `publish` posts it to the deliverable's issue.
"""
