"""The workforce half of a generated council: staff, allocations of the cases' segments to
workers, worker references resolved, supervisions and QA case audits."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date, timedelta
from math import ceil

from checker.tools.generate.base import Base
from checker.tools.generate.common import (
    CASE_TEAMS,
    T_IRO,
    T_LAC,
    T_LC,
    T_NORTH,
    T_SOUTH,
    TEAMS,
    Segment,
)
from checker.workdays import add_months


class Workforce(Base):
    """Social workers, managers and IROs; case allocations, supervisions and QA case audits."""

    # ---- workforce
    def worker(self, team: str, role: str, *, qualified: bool, nq: bool = False, start: date, end: date | None = None,
               capacity: float = 1.0) -> dict:
        w = self.rec("social_workers", worker_id=self.nid("W"), role=role, qualified=qualified, newly_qualified=nq,
                     team=team, start_date=start, end_date=end)
        # How much work this person takes on relative to colleagues (part-time, experience, ...).
        w["_capacity"] = capacity * (self.rng.uniform(0.65, 1.35) if team in CASE_TEAMS else 1.0)
        self.workers[w["worker_id"]] = w
        if role == "team_manager":
            self.managers.setdefault(team, []).append(w)
        elif role != "iro":
            self.holders.setdefault(team, []).append(w)
        return w

    def workforce(self) -> None:
        as_at, ys = self.as_at, self.ys
        # About one worker per 15 children; weaker councils are thinner on the ground.
        total = max(12, round(self.n / 15 * (1.0, 0.92, 0.8)[self.q]))
        open_by_team = Counter(s.team for s in self.segs if s.end is None)
        open_cp = sum(1 for p in self.tables["cp_plans"] if p["end_date"] is None)
        open_lac = sum(1 for p in self.tables["care_periods"] if p["end_date"] is None)
        n_iro = max(2, ceil((open_cp + open_lac) / 70))
        n_pa = max(2, ceil(open_by_team[T_LC] / 16))
        rest = max(12, total - n_iro - n_pa - 1)
        holders_total = max(8, round(rest * 7 / 8))
        demand = {t: open_by_team[t] + 1 for t in CASE_TEAMS}
        dsum = sum(demand.values())
        n_unq = 1 if total < 20 else 2 if total < 60 else round(total * 0.03)

        def long_ago() -> date:
            return as_at - timedelta(days=self.ri(500, 15 * 365))

        sizes = {team: max(2, round(holders_total * demand[team] / dsum)) for team in CASE_TEAMS}
        # A few newly qualified workers (ASYE year), never a team's first worker.
        slots = [(team, i) for team in CASE_TEAMS for i in range(1, sizes[team] - 1)]
        nq_slots = set(self.rng.sample(slots, min(len(slots), max(2, round(holders_total * 0.08)))))
        unq_left = n_unq
        for team in CASE_TEAMS:
            h = sizes[team]
            for _ in range(max(1, round(h / 7))):
                self.worker(team, "team_manager", qualified=True, start=long_ago())
            for i in range(h):
                if team in (T_NORTH, T_SOUTH) and unq_left > 0 and i == h - 1:
                    unq_left -= 1
                    self.worker(team, "unqualified", qualified=False, start=long_ago(), capacity=0.6)
                elif (team, i) in nq_slots:
                    self.worker(team, "social_worker", qualified=True, nq=True,
                                start=as_at - timedelta(days=self.ri(30, 330)), capacity=0.7)
                elif self.chance(0.2):
                    self.worker(team, "senior_practitioner", qualified=True, start=long_ago(), capacity=0.9)
                else:
                    self.worker(team, "social_worker", qualified=True, start=long_ago())
        # Leavers during the year: they held cases that were closed or passed on.
        for i in range(max(1, round(total * 0.05))):
            team = CASE_TEAMS[i % len(CASE_TEAMS)]
            self.worker(team, "social_worker", qualified=True, start=long_ago(),
                        end=self.rdate(ys + timedelta(days=20), as_at - timedelta(days=20)))
        self.worker(T_LC, "team_manager", qualified=True, start=long_ago())
        for _ in range(n_pa):
            self.worker(T_LC, "personal_adviser", qualified=self.chance(0.3), start=long_ago())
        if n_iro >= 6:
            self.worker(T_IRO, "team_manager", qualified=True, start=long_ago())
        for _ in range(n_iro):
            self.worker(T_IRO, "iro", qualified=True, start=long_ago())
        # The workforce is fixed from here: pick_worker indexes it per team, lazily.
        self._pools: dict[tuple[str, date], tuple[list[int], list[int]]] = {}
        self._holder_pos: dict[str, dict[str, int]] = {}
        self._staff_dates: dict[str, tuple[list, list, list, list]] = {}

    def employed(self, w: dict, at: date) -> bool:
        return w["start_date"] < at and (w["end_date"] is None or w["end_date"] >= at)

    def pick_worker(self, team: str, at: date, exclude: str | None = None) -> dict | None:
        """A case holder of ``team`` employed on ``at`` (not ``exclude``), chosen at random.

        The same draw as ``rng.choice`` over the team's employed holders in hiring order, found
        without building that list: a team's holders are fixed once the workforce is made, and
        only a few of them (not yet started, or left) are out of the pool on any date, so the k-th
        employed holder is found by binary search over the few who are not. Linear in the number
        of children where the list was quadratic (96% of the time at 300,000 children)."""
        holders = self.holders.get(team, ())
        out = self._unemployed(team, at)
        bad, before = out
        e = self._holder_pos[team].get(exclude) if exclude is not None else None
        if e is not None:
            j = bisect_right(bad, e)
            if j and bad[j - 1] == e:  # not employed on the day: not in the pool anyway
                e = None
        size = len(holders) - len(bad) - (e is not None)
        if size <= 0:
            return None
        k = self.rng.choice(range(size))  # the draw rng.choice(pool) makes
        if e is not None and k >= e - bisect_right(bad, e):
            k += 1  # skip the excluded worker's place in the pool
        return holders[k + bisect_right(before, k)]

    def _unemployed(self, team: str, at: date) -> tuple[list[int], list[int]]:
        """The positions (in ``holders[team]``) of the holders not employed on ``at``, sorted, and
        for each the number of employed holders before it; cached per team and day."""
        key = (team, at)
        got = self._pools.get(key)
        if got is None:
            if team not in self._holder_pos:
                holders = self.holders.get(team, ())
                self._holder_pos[team] = {w["worker_id"]: i for i, w in enumerate(holders)}
                starts = sorted((w["start_date"], i) for i, w in enumerate(holders))
                ends = sorted((w["end_date"], i) for i, w in enumerate(holders) if w["end_date"] is not None)
                self._staff_dates[team] = ([d for d, _ in starts], [i for _, i in starts],
                                           [d for d, _ in ends], [i for _, i in ends])
            start_days, start_pos, end_days, end_pos = self._staff_dates[team]
            # employed(w, at): start_date < at and (no end_date or end_date >= at)
            bad = sorted(set(start_pos[bisect_left(start_days, at):]) | set(end_pos[:bisect_left(end_days, at)]))
            got = (bad, [p - j for j, p in enumerate(bad)])
            self._pools[key] = got
        return got

    def allocate(self) -> None:
        # Open cases: balanced over the team's current case holders, some of whom are overloaded.
        open_by_team: dict[str, list[int]] = defaultdict(list)  # positions in self.segs
        finals: dict[int, dict | None] = {}
        for i, s in enumerate(self.segs):
            if s.end is None:
                if self.plant("unallocated"):
                    finals[i] = None
                else:
                    open_by_team[s.team].append(i)
        for team in TEAMS:
            idxs = open_by_team.get(team, [])
            holders = [w for w in self.holders.get(team, ()) if w["end_date"] is None]
            if not idxs or not holders:
                for i in idxs:
                    finals[i] = None
                continue
            self.rng.shuffle(idxs)
            load = {w["worker_id"]: 0 for w in holders}
            targets = {}
            if team in CASE_TEAMS:
                # Overload a few workers, but only as far as the team's cases allow while the
                # others keep at least half the team's average.
                floor = max(2.0, 0.5 * len(idxs) / len(holders))
                room = len(idxs) - floor * len(holders)
                for w in holders:
                    if floor < 21 and 21 - floor <= room and self.plant("caseload_high"):
                        t = min(self.ri(21, 27), int(floor + room))
                        targets[w["worker_id"]] = t
                        room -= t - floor
            pos = 0
            for w in holders:
                t = targets.get(w["worker_id"], 0)
                while t > 0 and pos < len(idxs):
                    finals[idxs[pos]] = w
                    load[w["worker_id"]] += 1
                    pos += 1
                    t -= 1
            normal = [w for w in holders if w["worker_id"] not in targets] or holders
            heap = [(load[w["worker_id"]] / w["_capacity"], self.rng.random(), k) for k, w in enumerate(normal)]
            heapq.heapify(heap)
            for i in idxs[pos:]:
                _, _, k = heapq.heappop(heap)
                w = normal[k]
                finals[i] = w
                load[w["worker_id"]] += 1
                heapq.heappush(heap, (load[w["worker_id"]] / w["_capacity"], self.rng.random(), k))
        for i, s in enumerate(self.segs):
            if s.end is None:
                self.chain(s, finals.get(i), unallocated=finals.get(i) is None)
            else:
                last = self.pick_worker(s.team, s.end) if s.end > s.start else self.pick_worker(s.team, s.end + timedelta(days=1))
                if last is None:
                    last = self.rng.choice(self.holders[s.team])
                self.chain(s, last)
        for s in self.segs:
            for start, end, wid in s.allocs:
                self.rec("case_allocations", allocation_id=self.nid("AL"), child_id=s.child_id, worker_id=wid,
                         team=s.team, start_date=start, end_date=end)

    def chain(self, s: Segment, w: dict | None, unallocated: bool = False) -> None:
        """Allocation history of a segment, newest first back to its start or the year start."""
        allocs = []
        end = s.end
        if unallocated:
            u = max(s.start, self.as_at - timedelta(days=self.ri(3, 90)))
            allocs.append([u, None, None])
            if u > s.start:
                end = u
                w = self.pick_worker(s.team, end)
            else:
                w = None
        while w is not None:
            earliest = max(s.start, w["start_date"])
            latest = (end or self.as_at) - timedelta(days=7)
            if w["start_date"] <= s.start and (self.chance(0.65) or latest <= s.start):
                begin = s.start
            else:
                begin = self.rdate(earliest, max(earliest, latest))
            if end is not None and begin > end:
                begin = max(s.start, min(end, earliest))
            allocs.append([begin, end, w["worker_id"]])
            if begin <= s.start or begin <= self.ys:
                break
            end = begin
            w = self.pick_worker(s.team, end, exclude=w["worker_id"])
        allocs.reverse()
        s.allocs = allocs

    def resolve_refs(self) -> None:
        pas = [w for w in self.holders.get(T_LC, ()) if w["end_date"] is None]
        for record, field, seg, when, mode in self.refs:
            if mode == "pa":
                record[field] = self.rng.choice(pas)["worker_id"] if pas else None
                continue
            if seg is None or not seg.allocs:
                wid = None
            else:
                starts = [a[0] for a in seg.allocs]
                k = bisect_right(starts, when) - 1
                wid = seg.allocs[max(k, 0)][2]
            if wid is None and mode == "duty" and seg is not None:
                w = self.pick_worker(seg.team, when) or self.rng.choice(self.holders[seg.team])
                wid = w["worker_id"]
            record[field] = wid
        for w in self.workers.values():
            del w["_capacity"]

    def supervisions(self) -> None:
        as_at, ys = self.as_at, self.ys
        managers = {t: ms[0] for t, ms in self.managers.items()}
        fallback = managers.get(T_LAC) or next(iter(managers.values()))
        reflective_p = (0.75, 0.55, 0.35)[self.q]
        for wid in sorted(self.workers):
            w = self.workers[wid]
            if w["role"] == "team_manager":
                others = [m for t, m in sorted(managers.items()) if t != w["team"]]
                sup = others[0] if others else None
            else:
                sup = managers.get(w["team"]) or fallback
            p0 = max(ys, w["start_date"])
            p1 = min(as_at, w["end_date"] or as_at)
            if p1 < p0:
                continue
            if w["start_date"] >= ys:
                d = self.wd_after(w["start_date"] + timedelta(days=self.ri(3, 14)))
            else:
                d = self.wd_before(ys - timedelta(days=self.ri(0, 27)))
            gap_at, stop_at = None, None
            if self.plant("supervision_gap"):
                if self.chance(0.7) and (p1 - p0).days > 60:
                    gap_at = self.rdate(p0, p1 - timedelta(days=45))
                else:
                    stop_at = p1 - timedelta(days=self.ri(35, 90))
            while d <= p1 and (stop_at is None or d <= stop_at):
                self.rec("supervisions", supervision_id=self.nid("SV"), worker_id=wid,
                         supervisor_id=sup["worker_id"] if sup else None, date=d,
                         reflective=self.chance(reflective_p))
                if gap_at is not None and d >= gap_at:
                    gap = self.ri(35, 84)
                    gap_at = None
                elif w["newly_qualified"] and (d - w["start_date"]).days < 180:
                    gap = self.ri(7, 14)
                else:
                    gap = self.ri(18, 28)
                nxt = self.wd_before(d + timedelta(days=gap))
                d = nxt if nxt > d else self.wd_after(d + timedelta(days=gap))

    def audits(self) -> None:
        as_at = self.as_at
        lo = add_months(as_at, -3) + timedelta(days=1)
        by_child: dict[str, list[Segment]] = defaultdict(list)
        for s in self.segs:
            if s.start <= as_at and (s.end is None or s.end >= lo) and s.allocs:
                by_child[s.child_id].append(s)
        candidates = sorted(by_child)
        k = min(len(candidates), round(0.10 * self.n))
        chosen = sorted(self.rng.sample(candidates, k))
        auditors = [w for ms in self.managers.values() for w in ms] + [
            w for w in self.workers.values() if w["role"] == "iro"]
        auditors.sort(key=lambda w: w["worker_id"])
        p_yes, p_partly = ((0.70, 0.22), (0.50, 0.30), (0.30, 0.35))[self.q]
        score = {"yes": 2, "partly": 1, "no": 0}
        grades = ("inadequate", "requires_improvement", "good", "outstanding")
        for cid in chosen:
            s = by_child[cid][-1]
            d = self.wd_before(self.rdate(max(lo, s.start), min(s.end or as_at, as_at)))
            if d < lo:
                d = self.wd_after(lo)
            answers = {}
            for q in ("views_recorded", "identity_considered", "fathers_involved", "chronology_present",
                      "plan_smart", "management_oversight", "risk_analysis"):
                if q == "fathers_involved" and self.chance(0.08) or q == "plan_smart" and self.chance(0.06):
                    answers[q] = "not_applicable"
                    continue
                r = self.rng.random()
                answers[q] = "yes" if r < p_yes else "partly" if r < p_yes + p_partly else "no"
            marks = [score[a] for a in answers.values() if a in score]
            mean = sum(marks) / len(marks) + self.rng.gauss(0, 0.2)
            g = 3 if mean >= 1.85 else 2 if mean >= 1.35 else 1 if mean >= 0.8 else 0
            moderated = None
            if self.chance(0.3):
                r = self.rng.random()
                moderated = grades[g] if r < 0.65 else grades[max(0, g - 1)] if r < 0.93 else grades[min(3, g + 1)]
            eligible = [w for w in auditors if w["team"] != s.team] or auditors
            self.rec("case_audits", audit_id=self.nid("AU"), child_id=cid, audit_date=d,
                     auditor_id=self.rng.choice(eligible)["worker_id"], team=s.team, **answers,
                     grade=grades[g], moderated_grade=moderated)
