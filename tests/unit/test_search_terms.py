"""Names are compared in one script and width, without spaces, as bigrams."""

from __future__ import annotations

from projections.cases.search_terms import KeyedGrams, grams, normalised


def test_katakana_half_width_and_full_width_spaces_fold_to_one_hiragana_form() -> None:
    assert normalised("ヤマダ　タロウ") == normalised("ﾔﾏﾀﾞ ﾀﾛｳ") == normalised("やまだ たろう") == "やまだたろう"


def test_full_width_letters_and_digits_fold_to_ascii_lower_case() -> None:
    assert normalised("ＡＢ１２") == "ab12"


def test_a_name_is_cut_into_bigrams_and_a_single_character_is_its_own_gram() -> None:
    assert grams("タカハシ") == {"たか", "かは", "はし"}
    assert grams("山") == {"山"}


def test_tokens_depend_on_the_key_and_never_contain_the_name() -> None:
    one, other = KeyedGrams(b"k" * 32), KeyedGrams(b"x" * 32)
    assert one.of_query("やまだ") == one.of_query("ヤマダ") != other.of_query("やまだ")
    assert all("やま" not in token for token in one.of_query("やまだ"))
