import pytest

from election_appeal.case.iin import iin_problem


@pytest.mark.parametrize("iin", ["791028302728", "061211600012"])
def test_valid_iins_pass(iin: str) -> None:
    assert iin_problem(iin) is None


def test_a_wrong_check_digit_is_named() -> None:
    assert iin_problem("123456789012") == (
        '"123456789012" has a wrong check digit (the last digit should be 3); check for a typo'
    )


def test_the_second_weights_are_used_when_the_first_give_ten() -> None:
    # First weights: 1·0+…+11·0 with a 1 in position 10 gives 10; the second weights give 1.
    digits = "00000000010"
    assert iin_problem(digits + "1") is None
    assert iin_problem(digits + "2") is not None


def test_a_number_no_check_digit_fits_is_rejected() -> None:
    # 2·9 + 8·10 + 1·11 = 109 ≡ 10 and 2·11 + 8·1 + 1·2 = 32 ≡ 10 (mod 11): both weightings fail.
    assert iin_problem("000000002810") == (
        '"000000002810" cannot be a valid ИИН: no check digit fits its first 11 digits'
    )


@pytest.mark.parametrize("iin", ["79102830272", "7910283027281", "79102830272A", ""])
def test_length_and_digits(iin: str) -> None:
    assert iin_problem(iin) == f'"{iin}" must be exactly 12 digits'
