"""Many learners side by side, for a mentor (`roadmap cohort`, docs/cohort.md).

`roster` reads the cohort file, `query` reads the learners' repositories in batched
GraphQL, `progress` turns one repository's facts into a row (pure), `report` is the view
the templates show, `shards` combines a matrix's slices, `publish` keeps the one issue.
"""
