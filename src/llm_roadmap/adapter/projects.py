"""Projects (v2) through GraphQL: the documents, and parsing their answers.

PyGithub has no Projects v2 support, so these documents are sent through its requester
(`adapter.client.graphql`) to share auth, retries and pacing. Board writes are batched:
several aliased mutations in one document, which GitHub runs in order.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from llm_roadmap.snapshot import Project, ProjectField, ProjectItem

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import DesiredField, FieldValue

BATCH = 50

FIND_PROJECTS = """
query FindProjects($owner: ID!, $query: String!) {
  node(id: $owner) {
    ... on ProjectV2Owner {
      projectsV2(first: 20, query: $query) {
        nodes { id number title url closed }
      }
    }
  }
}
"""

# The owner's newest projects, without a search `query`: a project made a moment ago may
# not be searchable yet, but it is already listed (read back after a lost answer).
RECENT_PROJECTS = """
query RecentProjects($owner: ID!) {
  node(id: $owner) {
    ... on ProjectV2Owner {
      projectsV2(first: 20, orderBy: {field: NUMBER, direction: DESC}) {
        nodes { id number title url closed }
      }
    }
  }
}
"""

PROJECT = """
query Project($id: ID!, $cursor: String) {
  node(id: $id) {
    ... on ProjectV2 {
      id number title url shortDescription
      repositories(first: 20) { nodes { id } }
      fields(first: 50) {
        nodes {
          ... on ProjectV2FieldCommon { id databaseId name dataType }
          ... on ProjectV2SingleSelectField { options { id name } }
          ... on ProjectV2IterationField {
            configuration {
              iterations { id title startDate duration }
              completedIterations { id title startDate duration }
            }
          }
        }
      }
      views(first: 30) { nodes { name layout } }
      items(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          content { ... on Issue { id } }
          fieldValues(first: 20) {
            nodes {
              ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldSingleSelectValue { name field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldIterationValue { title field { ... on ProjectV2FieldCommon { name } } }
            }
          }
        }
      }
    }
  }
}
"""

CREATE_PROJECT = """
mutation CreateProject($owner: ID!, $title: String!, $repo: ID!) {
  createProjectV2(input: {ownerId: $owner, title: $title, repositoryId: $repo}) {
    projectV2 { id number url }
  }
}
"""

UPDATE_PROJECT = """
mutation DescribeProject($id: ID!, $description: String!) {
  updateProjectV2(input: {projectId: $id, shortDescription: $description}) { projectV2 { id } }
}
"""

LINK_PROJECT = """
mutation LinkProject($project: ID!, $repo: ID!) {
  linkProjectV2ToRepository(input: {projectId: $project, repositoryId: $repo}) { repository { id } }
}
"""

_ITERATIONS = "iterations { id title startDate duration } completedIterations { id title startDate duration }"

CREATE_FIELD = """
mutation CreateField($input: CreateProjectV2FieldInput!) {
  createProjectV2Field(input: $input) {
    projectV2Field {
      ... on ProjectV2FieldCommon { id databaseId name dataType }
      ... on ProjectV2SingleSelectField { options { id name } }
      ... on ProjectV2IterationField { configuration { ITERATIONS } }
    }
  }
}
""".replace("ITERATIONS", _ITERATIONS)

UPDATE_ITERATIONS = """
mutation UpdateIterations($input: UpdateProjectV2FieldInput!) {
  updateProjectV2Field(input: $input) {
    projectV2Field {
      ... on ProjectV2FieldCommon { id databaseId name dataType }
      ... on ProjectV2IterationField { configuration { ITERATIONS } }
    }
  }
}
""".replace("ITERATIONS", _ITERATIONS)

_TYPES = {
    "SINGLE_SELECT": "single_select",
    "NUMBER": "number",
    "DATE": "date",
    "ITERATION": "iteration",
    "TEXT": "text",
}
_COLORS = ("BLUE", "GREEN", "YELLOW", "ORANGE", "RED", "PINK", "PURPLE", "GRAY")


def parse_field(node: dict[str, Any]) -> ProjectField | None:
    if not node or "name" not in node:
        return None
    config = node.get("configuration") or {}
    iterations = (config.get("completedIterations") or []) + (config.get("iterations") or [])
    return ProjectField(
        id=node["id"],
        name=node["name"],
        type=_TYPES.get(node.get("dataType", ""), str(node.get("dataType", "")).lower()),
        options={o["name"]: o["id"] for o in node.get("options") or []},
        iterations={i["title"]: i["id"] for i in iterations},
        iteration_starts={i["title"]: dt.date.fromisoformat(i["startDate"]) for i in iterations},
        database_id=node.get("databaseId"),
    )


def parse_board(node: dict[str, Any], repo_node_id: str, items: list[dict[str, Any]]) -> Project:
    fields = [f for n in node["fields"]["nodes"] if (f := parse_field(n)) is not None]
    return Project(
        id=node["id"],
        number=node["number"],
        url=node["url"],
        title=node["title"],
        description=node.get("shortDescription") or "",
        linked=any(r["id"] == repo_node_id for r in node["repositories"]["nodes"]),
        fields={f.name: f for f in fields},
        views=tuple(v["name"] for v in node["views"]["nodes"]),
        items={i.content_id: i for n in items if (i := _parse_item(n)) is not None},
    )


def _parse_item(node: dict[str, Any]) -> ProjectItem | None:
    content = node.get("content") or {}
    if "id" not in content:
        return None  # a draft or a pull request: not ours
    values: dict[str, FieldValue] = {}
    for value in node["fieldValues"]["nodes"]:
        name = (value.get("field") or {}).get("name")
        if name is None:
            continue
        if "number" in value and value["number"] is not None:
            values[name] = float(value["number"])
        elif value.get("date"):
            values[name] = dt.date.fromisoformat(value["date"])
        else:
            text = value.get("text") or value.get("name") or value.get("title")
            if text is not None:
                values[name] = str(text)
    return ProjectItem(id=node["id"], content_id=content["id"], values=values)


def field_input(project_id: str, field: DesiredField) -> dict[str, Any]:
    data: dict[str, Any] = {
        "projectId": project_id,
        "name": field.name,
        "dataType": field.type.upper(),
    }
    if field.type == "single_select":
        data["singleSelectOptions"] = [
            {"name": option, "color": _COLORS[i % len(_COLORS)], "description": ""}
            for i, option in enumerate(field.options)
        ]
    if field.type == "iteration" and field.iteration_start is not None:
        data["iterationConfiguration"] = iteration_configuration(field)
    return data


def iteration_configuration(field: DesiredField) -> dict[str, Any]:
    """`ProjectV2IterationFieldConfigurationInput` for an iteration field's weeks."""
    assert field.iteration_start is not None
    return {
        "startDate": field.iteration_start.isoformat(),
        "duration": field.iteration_days,
        "iterations": [
            {"startDate": start.isoformat(), "duration": field.iteration_days, "title": title}
            for title, start in field.iterations()
        ],
    }


def add_items_document(count: int) -> str:
    """Aliased `addProjectV2ItemById` mutations for `count` issues."""
    params = ", ".join(f"$c{i}: ID!" for i in range(count))
    body = "\n".join(
        f"  a{i}: addProjectV2ItemById(input: {{projectId: $project, contentId: $c{i}}}) {{ item {{ id }} }}"
        for i in range(count)
    )
    return f"mutation AddItems($project: ID!, {params}) {{\n{body}\n}}"


def set_values_document(count: int) -> str:
    """Aliased `updateProjectV2ItemFieldValue` mutations for `count` values."""
    params = ", ".join(f"$i{n}: ID!, $f{n}: ID!, $v{n}: ProjectV2FieldValue!" for n in range(count))
    body = "\n".join(
        f"  s{n}: updateProjectV2ItemFieldValue(input: {{projectId: $project, itemId: $i{n},"
        f" fieldId: $f{n}, value: $v{n}}}) {{ projectV2Item {{ id }} }}"
        for n in range(count)
    )
    return f"mutation SetValues($project: ID!, {params}) {{\n{body}\n}}"


def value_input(field: ProjectField, value: FieldValue) -> dict[str, Any] | None:
    """The `ProjectV2FieldValue` for `value`, or None when the field cannot hold it."""
    if field.type == "single_select":
        option = field.options.get(str(value))
        return {"singleSelectOptionId": option} if option else None
    if field.type == "iteration":
        iteration = field.iterations.get(str(value))
        return {"iterationId": iteration} if iteration else None
    if field.type == "number" and isinstance(value, int | float):
        return {"number": float(value)}
    if field.type == "date" and isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if field.type == "text":
        return {"text": str(value)}
    return None
