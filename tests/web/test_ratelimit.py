from directory.web.ratelimit import FeedbackLimits, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_per_key():
    clock = Clock()
    limiter = RateLimiter(2, 60, clock=clock)
    assert limiter.retry_after("a") is None
    limiter.record("a")
    clock.now += 10
    limiter.record("a")
    assert limiter.retry_after("a") == 50
    assert limiter.retry_after("b") is None  # other clients are not affected
    clock.now += 50
    assert limiter.retry_after("a") is None  # the first event left the window


def test_idle_keys_are_forgotten_so_memory_stays_bounded():
    clock = Clock()
    limiter = RateLimiter(1, 60, clock=clock, max_keys=3)
    for key in "abcd":
        limiter.record(key)
    clock.now += 61
    limiter.record("e")
    assert set(limiter._events) == {"e"}


def test_overall_limit_applies_across_clients():
    clock = Clock()
    limits = FeedbackLimits(clock=clock)
    for n in range(limits.overall.limit):
        assert limits.retry_after(f"client-{n}") is None
        limits.record(f"client-{n}")
    assert limits.retry_after("newcomer") == 600
