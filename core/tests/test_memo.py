from core import memo


def test_a_value_is_computed_once_per_input_and_again_for_new_input():
    memo.clear()
    calls = []

    def compute(n):
        calls.append(n)
        return n * 2

    assert memo.computed("t", (1, "a"), lambda: compute(1)) == 2
    assert memo.computed("t", (1, "a"), lambda: compute(1)) == 2
    assert memo.computed("t", (2, "a"), lambda: compute(2)) == 4
    assert memo.computed("other", (1, "a"), lambda: compute(3)) == 6  # namespaces do not mix
    assert calls == [1, 2, 3]


def test_the_store_is_bounded(monkeypatch):
    memo.clear()
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    for i in range(5):
        memo.computed("t", i, lambda i=i: i)
    calls = []
    memo.computed("t", 0, lambda: calls.append(0))  # the oldest entry fell out
    memo.computed("t", 4, lambda: calls.append(4))  # the newest is still there
    assert calls == [0]
