"""detect-secrets plugins for the keys an LLM learner holds and detect-secrets 1.5 lacks.

detect-secrets loads this file by path (its `plugins_used` entry with `path: file://...`),
so it holds only the detector classes. OpenAI's own detector knows only keys with the
`T3BlbkFJ` infix; project, service-account and admin keys (`sk-proj-...`) do not all have it.
"""

# ruff: noqa: S105 - `secret_type` names a kind of secret; it is no password

from __future__ import annotations

import re

from detect_secrets.plugins.base import RegexBasedDetector


class AnthropicKeyDetector(RegexBasedDetector):
    """Anthropic API keys: `sk-ant-api03-...` (admin keys: `sk-ant-admin01-...`)."""

    secret_type = "Anthropic API Key"
    denylist = (re.compile(r"\bsk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{32,}"),)


class OpenAIKeyDetector(RegexBasedDetector):
    """OpenAI API keys: `sk-` plus 32 or more key characters, `sk-proj-` and the like too;
    and the old user keys, `sk-` plus 20 or more letters and digits (no `-`, unlike the fake
    LLM's `sk-fake-roadmap-check`)."""

    secret_type = "OpenAI API Key"
    denylist = (
        re.compile(r"\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}"),
        re.compile(r"\bsk-[A-Za-z0-9]{20,}"),
    )


class HuggingFaceTokenDetector(RegexBasedDetector):
    """Hugging Face access tokens: `hf_` plus 34 letters."""

    secret_type = "Hugging Face Token"
    denylist = (re.compile(r"\bhf_[A-Za-z0-9]{30,}\b"),)


class GitHubFineGrainedTokenDetector(RegexBasedDetector):
    """Fine-grained personal access tokens (detect-secrets knows only `ghp_`-style ones)."""

    secret_type = "GitHub Fine-Grained Token"
    denylist = (re.compile(r"\bgithub_pat_[A-Za-z0-9_]{60,}"),)
