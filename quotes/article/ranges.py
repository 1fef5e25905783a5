"""Character ranges with fast look-ups (bisect, not scans); overlapping ranges are merged."""

from __future__ import annotations

import bisect


class Ranges:
    def __init__(self, ranges):
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.ranges = merged
        self.starts = [s for s, _ in merged]

    def find(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.ranges[i][0] <= pos < self.ranges[i][1]:
            return self.ranges[i]
        return None

    def __contains__(self, pos: int) -> bool:
        return self.find(pos) is not None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ranges[i][1] > start
