"""The memoized tokenizer gives exactly what ``search.analysis.tokenize`` gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from search.analysis import tokenize
from search.tokencache import split_chunks, tokens

LEGAL = (
    "Under 720 ILCS 5/11-9.3(b-10), a child sex offender may not reside within 500 feet; see "
    "Vasquez v. Foxx, 895 F.3d 515 (7th Cir. 2018); 42 U.S.C. § 1983; No. 16-cv-11471 and 2022-NCSC-1.\n"
    "COVID-19 cut-off dates: U. S. 56, 66 ... 'host site' — don't ed108783 b-10 §5.05(b)(1)\u00a0x\tend."
)


def test_same_tokens_on_legal_text() -> None:
    assert tokens(LEGAL) == list(tokenize(LEGAL))
    assert tokens(LEGAL * 3) == list(tokenize(LEGAL * 3))  # cached chunks, shifted offsets


@given(st.text(alphabet=st.sampled_from(list("aB1 -./:'§\n\t\u00a0é(x)Z9,")), max_size=80))
def test_same_tokens_on_any_text(text: str) -> None:
    assert tokens(text) == list(tokenize(text))


@given(st.text(alphabet=st.sampled_from(list("aB1 -.§\n\t\u00a0\u2003\x1cé")), max_size=80))
def test_chunks_and_their_offsets_are_those_of_a_regular_expression(text: str) -> None:
    """Snippets find words by these offsets: every gap, however wide, must be counted."""
    found = [(match.group(), match.start()) for match in re.finditer(r"\S+", text)]
    chunks, starts = split_chunks(text)
    assert list(zip(chunks, starts, strict=True)) == found
