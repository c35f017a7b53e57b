"""Script-aware shingles and MinHash signatures for near-duplicate detection.

A wire story republished with small edits shares most of its word 3-grams. In
Chinese, Japanese or Thai there are no spaces, so `measure.words()` yields one
"word" per character and 3 of them are too short a shingle: there character
5-grams (of the text without spaces) play the same role. Hindi and English are
spaced scripts and get word 3-grams.
"""

from __future__ import annotations

import functools

import numpy as np
from datasketch import MinHash

from newscrawl.measure import is_unspaced, words

SCHEME = "affine32"  # datasketch>=2 permutation scheme; stored signatures compare only within one scheme
NUM_PERM = 128  # signature length: 128 permutations estimate a Jaccard of 0.8 within about ±0.035
SCRIPT_SAMPLE = 500  # characters read to decide the script: a paragraph tells; is_unspaced costs per character
WORD_N = 3
CHAR_N = 5


def shingles(text: str) -> set[str]:
    """The shingle set of a text: word 3-grams, or character 5-grams for unspaced scripts."""
    if not text:
        return set()
    if is_unspaced(text[:SCRIPT_SAMPLE]):
        chars = "".join(text.split())
        n = CHAR_N
        return {chars[i:i + n] for i in range(max(1, len(chars) - n + 1))}
    tokens = [w.lower() for w in words(text)]
    if len(tokens) < WORD_N:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + WORD_N]) for i in range(len(tokens) - WORD_N + 1)}


@functools.cache
def _permutations(num_perm: int) -> object:
    """The (seeded, fixed) permutations, made once: drawing them is most of a MinHash's construction cost."""
    return MinHash(num_perm=num_perm, scheme=SCHEME).permutations


def signature(text: str, num_perm: int = NUM_PERM) -> bytes | None:
    """MinHash signature of the text as bytes (stored in the build index), or None for an empty text."""
    grams = shingles(text)
    if not grams:
        return None
    m = MinHash(num_perm=num_perm, scheme=SCHEME, permutations=_permutations(num_perm))
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues.astype(np.uint32).tobytes()  # 4 bytes a slot in the affine32 scheme


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures (share of equal slots)."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))
