"""Deterministic embeddings: a hashed bag of character bigrams and words.

Texts that share words or, for Japanese, character pairs get close vectors, so a learner's
RAG index retrieves the right chunk from a sample document with no real model. The hash
is stable across processes and machines (blake2b, not Python's salted `hash`).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
import re
import struct
import unicodedata

DEFAULT_DIMENSIONS = 1536
MODEL_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
_WORD = re.compile(r"[a-z0-9]+")


def dimensions_for(model: str, requested: int | None) -> int:
    """The vector size the real model would return (or what the request asked for)."""
    if requested:
        return requested
    return MODEL_DIMENSIONS.get(model, DEFAULT_DIMENSIONS)


def features(text: str) -> list[str]:
    """Lowercased ASCII words plus every pair of adjacent non-space characters."""
    norm = unicodedata.normalize("NFKC", text).lower()
    words = _WORD.findall(norm)
    chars = [c for c in norm if not c.isspace()]
    bigrams = [a + b for a, b in itertools.pairwise(chars)]
    return words + bigrams


def embed(text: str, dimensions: int) -> list[float]:
    """A unit vector (all zeros but one for an empty text) for `text`."""
    vector = [0.0] * dimensions
    for feature in features(text):
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        number = int.from_bytes(digest, "little")
        sign = 1.0 if number & 1 else -1.0
        vector[(number >> 1) % dimensions] += sign
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        vector[0] = 1.0
        return vector
    return [v / norm for v in vector]


def encode_base64(vector: list[float]) -> str:
    """The OpenAI wire format for `encoding_format="base64"`: little-endian float32."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")


def token_count(text: str) -> int:
    """A rough token count for the usage block (about four characters a token)."""
    return max(1, len(text) // 4)
