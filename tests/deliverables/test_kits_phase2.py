"""Phase 2 deliverables: RAG, the evaluation report, RAG + agent; passing and failing samples."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kits import TRIVIAL_TEST, assert_passed, check, failures, lay_out

if TYPE_CHECKING:
    from pathlib import Path

# Retrieval shared by the RAG and agent samples: paragraphs as chunks, API embeddings, cosine.
RETRIEVAL = """
from pathlib import Path

from openai import OpenAI

client = OpenAI()


def chunks(folder: str = "data/docs") -> list[str]:
    found = []
    for path in sorted(Path(folder).glob("*.md")):
        found += [p.strip() for p in path.read_text(encoding="utf-8").split("\\n\\n") if p.strip()]
    return found


def embed(texts: list[str]) -> list[list[float]]:
    response = client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [item.embedding for item in response.data]


def search(question: str, k: int = 2) -> list[str]:
    docs = chunks()
    vectors = embed(docs)
    query = embed([question])[0]
    scores = [sum(a * b for a, b in zip(query, v)) for v in vectors]
    ranked = sorted(range(len(docs)), key=lambda i: scores[i], reverse=True)
    return [docs[i] for i in ranked[:k]]
"""

RAG = (
    RETRIEVAL
    + """

def answer(question: str) -> str:
    context = "\\n---\\n".join(search(question))
    messages = [
        {"role": "system", "content": "資料だけを根拠に答えてください。\\n資料:\\n" + context},
        {"role": "user", "content": question},
    ]
    return client.chat.completions.create(model="gpt-4o-mini", messages=messages).choices[0].message.content


if __name__ == "__main__":
    import sys

    print(answer(sys.argv[1]))
"""
)


def test_basic_rag_passes(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p2-d01-basic-rag",
        {"rag.py": RAG, "requirements.txt": "openai\n", "tests/test_rag.py": TRIVIAL_TEST},
    )
    assert_passed(check(folder))


def test_rag_without_retrieval_fails(tmp_path: Path) -> None:
    no_retrieval = """
    import sys

    from openai import OpenAI

    messages = [{"role": "user", "content": sys.argv[1]}]
    reply = OpenAI().chat.completions.create(model="gpt-4o-mini", messages=messages)
    print(reply.choices[0].message.content)
    """
    folder = lay_out(
        tmp_path,
        "p2-d01-basic-rag",
        {"rag.py": no_retrieval, "requirements.txt": "openai\n", "tests/test_rag.py": TRIVIAL_TEST},
    )
    report = check(folder, kinds={"files", "run"})
    assert failures(report) == {
        "answer": [
            "the prompt did not contain the retrieved text: 社内ハッカソンは毎年11月の第2金曜日",
            "the embeddings API was never called",
        ]
    }


def _eval_rows(count: int) -> str:
    rows = [{"question": f"質問{i}", "ground_truth": f"正解{i}"} for i in range(count)]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


REPORT = """
# 評価・改善レポート

| 設定 | faithfulness | answer_relevancy | context_precision |
| --- | --- | --- | --- |
| ベースライン（chunk 1000） | 0.71 | 0.78 | 0.62 |
| 改善後（chunk 400 + rerank） | **0.84** | 0.81 | 77% |

チャンクを小さくし、リランキングを加えたことで context_precision が改善した。
"""


def test_evaluation_report_passes_and_reports_its_numbers(tmp_path: Path) -> None:
    folder = lay_out(
        tmp_path,
        "p2-d02-evaluation-report",
        {
            "report.md": REPORT,
            "evaluate.py": 'print("evaluate")\n',
            "data/eval.jsonl": _eval_rows(10),
            "requirements.txt": "ragas\n",
        },
    )
    report = check(folder)
    assert_passed(report)
    table = next(r for r in report.results if r.id == "metrics-table")
    assert table.metrics == {
        "faithfulness (baseline)": 0.71,
        "faithfulness (improved)": 0.84,
        "answer_relevancy (baseline)": 0.78,
        "answer_relevancy (improved)": 0.81,
        "context_precision (baseline)": 0.62,
        "context_precision (improved)": 77.0,
    }


def test_transposed_report_table_counts_too(tmp_path: Path) -> None:
    transposed = (
        "| metric | Baseline | Improved |\n|---|---|---|\n| recall@5 | 0.5 | 0.7 |\n| mrr | 0.40 | 0.55 |\n"
    )
    folder = lay_out(
        tmp_path,
        "p2-d02-evaluation-report",
        {
            "report.md": transposed,
            "evaluate.py": "",
            "data/eval.jsonl": _eval_rows(10),
            "requirements.txt": "",
        },
    )
    assert failures(check(folder, kinds={"report-table"})) == {}


def test_evaluation_report_with_one_metric_and_nine_questions_fails(tmp_path: Path) -> None:
    thin = "| 設定 | faithfulness |\n| --- | --- |\n| ベースライン | 0.70 |\n| 改善後 | 0.80 |\n"
    folder = lay_out(
        tmp_path,
        "p2-d02-evaluation-report",
        {"report.md": thin, "evaluate.py": "", "data/eval.jsonl": _eval_rows(9), "requirements.txt": ""},
    )
    report = check(folder, kinds={"files", "dataset", "report-table"})
    assert failures(report) == {
        "dataset": ["the dataset has 9 rows; at least 10 needed"],
        "metrics-table": ["the table compares 1 metric; at least 2 needed"],
    }


def test_evaluation_report_without_numbers_fails(tmp_path: Path) -> None:
    words = "| 設定 | 感想 |\n| --- | --- |\n| ベースライン | まあまあ |\n| 改善後 | 良い |\n"
    folder = lay_out(
        tmp_path,
        "p2-d02-evaluation-report",
        {"report.md": words, "evaluate.py": "", "data/eval.jsonl": _eval_rows(10), "requirements.txt": ""},
    )
    assert failures(check(folder, kinds={"report-table"})) == {
        "metrics-table": [
            "report.md has no table comparing a baseline (baseline/ベースライン/改善前/before)"
            " with an improvement (improved/改善後/after/改善) in numbers"
        ]
    }


AGENT = (
    "import json\nimport sys\n"
    + RETRIEVAL
    + """

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "search_docs",
            "description": "社内文書を検索する",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}},
                "required": ["query"],
            },
        },
    }
]


def run(question: str, max_turns: int = 4) -> str:
    messages = [{"role": "user", "content": question}]
    for _ in range(max_turns):
        response = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=TOOLS)
        message = response.choices[0].message
        if not message.tool_calls:
            return message.content or ""
        messages.append(message.model_dump(exclude_none=True))
        for call in message.tool_calls:
            found = {EXECUTE}
            messages.append({"role": "tool", "tool_call_id": call.id, "content": found})
    return "(no answer)"


if __name__ == "__main__":
    print(run(sys.argv[1]))
"""
)


def test_rag_agent_passes(tmp_path: Path) -> None:
    code = AGENT.replace("{EXECUTE}", '"\\n".join(search(json.loads(call.function.arguments)["query"]))')
    folder = lay_out(
        tmp_path,
        "p2-d03-rag-agent",
        {"agent.py": code, "requirements.txt": "openai\n", "tests/test_agent.py": TRIVIAL_TEST},
    )
    assert_passed(check(folder))


def test_agent_whose_tool_does_not_search_fails(tmp_path: Path) -> None:
    code = AGENT.replace("{EXECUTE}", '"TODO"')
    code = code.replace(
        '    return "(no answer)"', "    return \"(no answer)\"\n\n\nchunks()\nembed(['warm-up'])"
    )
    folder = lay_out(
        tmp_path,
        "p2-d03-rag-agent",
        {"agent.py": code, "requirements.txt": "openai\n", "tests/test_agent.py": TRIVIAL_TEST},
    )
    report = check(folder, kinds={"files", "run"})
    assert failures(report) == {
        "agent": ["the prompt did not contain the retrieved text: 社内ハッカソンは毎年11月の第2金曜日"]
    }
